//! The safety checker: Paxos's promises, tested after every step.
//!
//! The checker watches what each node does and keeps just enough history to
//! know when a value is *chosen* — a majority of acceptors has accepted the
//! same proposal — and to catch the four ways a run can go wrong. The
//! simulator and the model checker feed it through the same [`Checker::review`]
//! call, so both judge runs by one rulebook.

use crate::paxos::{majority, Ballot, Node, NodeId, Note, Output, Proposal, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A broken safety property.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Violation {
    /// Agreement: two different values were both chosen in one round.
    Agreement {
        /// The value chosen first.
        first: Proposal,
        /// The different value chosen later.
        second: Proposal,
    },
    /// Validity: the chosen value was never proposed in this round.
    Validity {
        /// The chosen proposal.
        chosen: Proposal,
    },
    /// Learner consistency: a node learned a value that is not the chosen one.
    Learner {
        /// The node.
        node: NodeId,
        /// What it learned.
        learned: Value,
        /// What is chosen, if anything.
        chosen: Option<Value>,
    },
    /// Promise monotonicity: an acceptor's promise went down.
    Promise {
        /// The acceptor.
        node: NodeId,
        /// Its promise before.
        before: Option<Ballot>,
        /// Its promise after.
        after: Option<Ballot>,
    },
}

/// The four safety properties the checker watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Property {
    /// At most one value is chosen per round.
    Agreement,
    /// Only a proposed value can be chosen.
    Validity,
    /// Every learned value is the chosen one.
    Learner,
    /// An acceptor's promise never goes down.
    Promise,
}

impl Property {
    /// The property's name in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Property::Agreement => "agreement",
            Property::Validity => "validity",
            Property::Learner => "learner consistency",
            Property::Promise => "promise monotonicity",
        }
    }
}

impl Violation {
    /// The property broken.
    pub fn property(&self) -> Property {
        match self {
            Violation::Agreement { .. } => Property::Agreement,
            Violation::Validity { .. } => Property::Validity,
            Violation::Learner { .. } => Property::Learner,
            Violation::Promise { .. } => Property::Promise,
        }
    }
}

fn show(b: Option<Ballot>) -> String {
    b.map_or_else(|| "nothing".to_string(), |b| format!("n={b}"))
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Agreement { first, second } => write!(
                f,
                "Agreement broken: {} was chosen at n={}, then {} at n={}.",
                first.value, first.ballot, second.value, second.ballot
            ),
            Violation::Validity { chosen } => {
                write!(f, "Validity broken: {} was chosen but nobody proposed it.", chosen.value)
            }
            Violation::Learner { node, learned, chosen: Some(chosen) } => {
                write!(f, "Learner consistency broken: node {node} learned {learned}, but {chosen} is chosen.")
            }
            Violation::Learner { node, learned, chosen: None } => write!(
                f,
                "Learner consistency broken: node {node} learned {learned}, but no majority ever accepted it."
            ),
            Violation::Promise { node, before, after } => write!(
                f,
                "Promise monotonicity broken: node {node}'s promise went from {} back to {}.",
                show(*before),
                show(*after)
            ),
        }
    }
}

/// Something the checker noticed in one step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A value became chosen: a majority accepted this proposal.
    Chosen(Proposal),
    /// A safety property broke.
    Violation(Violation),
}

/// The part of a node the checker compares before and after a step: the
/// acceptor's promise, which must never go down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The acceptor's promise.
    pub promised: Option<Ballot>,
}

impl Snapshot {
    /// Take `node`'s snapshot.
    pub fn of(node: &Node) -> Snapshot {
        Snapshot { promised: node.acceptor.promised }
    }
}

/// The checker's memory of one round.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Checker {
    nodes: usize,
    proposed: Vec<Value>,
    /// Every proposal ever accepted this round, with one bit per acceptor.
    votes: Vec<(Proposal, u32)>,
    chosen: Option<Proposal>,
}

impl Clone for Checker {
    fn clone(&self) -> Checker {
        Checker {
            nodes: self.nodes,
            proposed: self.proposed.clone(),
            votes: self.votes.clone(),
            chosen: self.chosen.clone(),
        }
    }

    /// Reuses the buffers; the model checker clones a checker per transition.
    fn clone_from(&mut self, source: &Checker) {
        self.nodes = source.nodes;
        self.proposed.clone_from(&source.proposed);
        self.votes.clone_from(&source.votes);
        self.chosen.clone_from(&source.chosen);
    }
}

impl Checker {
    /// A checker for a round in a cluster of `nodes` nodes.
    pub fn new(nodes: usize) -> Checker {
        Checker { nodes, proposed: Vec::new(), votes: Vec::new(), chosen: None }
    }

    /// The chosen proposal, if any.
    pub fn chosen(&self) -> Option<&Proposal> {
        self.chosen.as_ref()
    }

    /// Someone proposed `value` this round (validity needs the list).
    pub fn proposed(&mut self, value: &Value) {
        // Sorted, so the model checker sees one state however the proposals
        // were ordered.
        if let Err(at) = self.proposed.binary_search(value) {
            self.proposed.insert(at, value.clone());
        }
    }

    /// Review one step at node `me`: compare its snapshots from `before`
    /// and `after` the step, and read the decisions it reported in `out`.
    /// Findings are appended to `findings`.
    pub fn review(
        &mut self,
        me: NodeId,
        before: Snapshot,
        after: Snapshot,
        out: &[Output],
        findings: &mut Vec<Finding>,
    ) {
        if after.promised < before.promised {
            findings.push(Finding::Violation(Violation::Promise {
                node: me,
                before: before.promised,
                after: after.promised,
            }));
        }
        for o in out {
            match o {
                Output::Note(Note::Accepted { proposal, .. }) => self.accepted(me, proposal, findings),
                Output::Note(Note::Learned { value }) => self.learned(me, value, findings),
                _ => {}
            }
        }
    }

    fn accepted(&mut self, node: NodeId, proposal: &Proposal, findings: &mut Vec<Finding>) {
        // Kept sorted by proposal: fast to search, and one canonical order
        // for the model checker's state hashing.
        let at = match self.votes.binary_search_by(|(p, _)| p.cmp(proposal)) {
            Ok(at) => at,
            Err(at) => {
                self.votes.insert(at, (proposal.clone(), 0));
                at
            }
        };
        let voters = &mut self.votes[at].1;
        let was = voters.count_ones() as usize;
        *voters |= node.bit();
        // Only the step that completes a majority can newly choose a value.
        if was >= majority(self.nodes) || voters.count_ones() as usize != majority(self.nodes) {
            return;
        }
        match &self.chosen {
            None => {
                self.chosen = Some(proposal.clone());
                findings.push(Finding::Chosen(proposal.clone()));
                if self.proposed.binary_search(&proposal.value).is_err() {
                    findings.push(Finding::Violation(Violation::Validity { chosen: proposal.clone() }));
                }
            }
            Some(first) if first.value != proposal.value => {
                findings
                    .push(Finding::Violation(Violation::Agreement { first: first.clone(), second: proposal.clone() }));
            }
            Some(_) => {}
        }
    }

    fn learned(&mut self, node: NodeId, value: &Value, findings: &mut Vec<Finding>) {
        let chosen = self.chosen.as_ref().map(|c| &c.value);
        if chosen != Some(value) {
            findings.push(Finding::Violation(Violation::Learner {
                node,
                learned: value.clone(),
                chosen: chosen.cloned(),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{Flaws, Message};

    /// Feed `input` to `node` and let the checker review the step.
    fn review(node: &mut Node, checker: &mut Checker, input: impl FnOnce(&mut Node, &mut Vec<Output>)) -> Vec<Finding> {
        let before = Snapshot::of(node);
        let mut out = Vec::new();
        input(node, &mut out);
        let mut findings = Vec::new();
        checker.review(node.id, before, Snapshot::of(node), &out, &mut findings);
        findings
    }

    fn accept(node: &mut Node, checker: &mut Checker, proposal: Proposal) -> Vec<Finding> {
        review(node, checker, |n, out| n.on_message(proposal.ballot.node, Message::Accept { proposal }, out))
    }

    fn p(num: u32, proposer: u8, v: &str) -> Proposal {
        Proposal::new(Ballot::new(num, NodeId(proposer)), Value::from(v))
    }

    #[test]
    fn a_value_is_chosen_when_a_majority_accepts_one_proposal() {
        let mut nodes: Vec<Node> = (1..=3).map(|i| Node::new(NodeId(i), 3, Flaws::NONE)).collect();
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        assert!(accept(&mut nodes[0], &mut checker, p(1, 1, "x")).is_empty());
        assert_eq!(accept(&mut nodes[1], &mut checker, p(1, 1, "x")), vec![Finding::Chosen(p(1, 1, "x"))]);
        assert!(accept(&mut nodes[2], &mut checker, p(1, 1, "x")).is_empty(), "chosen once only");
    }

    #[test]
    fn two_values_chosen_break_agreement() {
        let mut nodes: Vec<Node> = (1..=3).map(|i| Node::new(NodeId(i), 3, Flaws::NONE)).collect();
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        checker.proposed(&Value::from("y"));
        accept(&mut nodes[0], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(2, 2, "y"));
        let findings = accept(&mut nodes[2], &mut checker, p(2, 2, "y"));
        assert!(matches!(&findings[..], [Finding::Violation(Violation::Agreement { .. })]), "{findings:?}");
    }

    #[test]
    fn the_same_value_chosen_again_at_a_higher_ballot_is_fine() {
        let mut nodes: Vec<Node> = (1..=3).map(|i| Node::new(NodeId(i), 3, Flaws::NONE)).collect();
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        accept(&mut nodes[0], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(2, 2, "x"));
        assert!(accept(&mut nodes[2], &mut checker, p(2, 2, "x")).is_empty());
    }

    #[test]
    fn choosing_an_unproposed_value_breaks_validity() {
        let mut nodes: Vec<Node> = (1..=3).map(|i| Node::new(NodeId(i), 3, Flaws::NONE)).collect();
        let mut checker = Checker::new(3);
        accept(&mut nodes[0], &mut checker, p(1, 1, "ghost"));
        let findings = accept(&mut nodes[1], &mut checker, p(1, 1, "ghost"));
        assert!(matches!(findings[1], Finding::Violation(Violation::Validity { .. })));
    }

    #[test]
    fn learning_an_unchosen_value_breaks_learner_consistency() {
        let mut node = Node::new(NodeId(1), 3, Flaws::NONE);
        let mut checker = Checker::new(3);
        let findings = review(&mut node, &mut checker, |n, out| {
            n.on_message(NodeId(2), Message::Decide { value: Value::from("x") }, out)
        });
        assert!(matches!(&findings[..], [Finding::Violation(Violation::Learner { chosen: None, .. })]));
    }

    #[test]
    fn a_promise_going_down_breaks_monotonicity() {
        let mut node = Node::new(NodeId(1), 3, Flaws::only(crate::paxos::Flaw::Amnesia));
        let mut out = Vec::new();
        node.on_message(NodeId(2), Message::Prepare { ballot: Ballot::new(1, NodeId(2)) }, &mut out);
        let findings = review(&mut node, &mut Checker::new(3), |n, out| n.restart(out));
        assert!(matches!(&findings[..], [Finding::Violation(Violation::Promise { after: None, .. })]));
        assert!(findings[0].clone() != Finding::Chosen(p(1, 1, "x")));
    }
}
