//! The safety checker: Paxos's promises, tested after every step.
//!
//! The checker watches what each node does and keeps just enough history to
//! know when a value is *chosen* — a majority of acceptors has accepted the
//! same proposal — and to catch the ways a run can go wrong. It trusts
//! nothing the protocol says about itself: votes and learned values come
//! from each node's state before and after a step, and ballots and
//! proposals from the messages it actually sent. So a bug in the lines that
//! decide what to report cannot hide a bug in the lines that decide what to
//! do.
//!
//! Besides the end-to-end properties (agreement, validity, learners agree),
//! it checks the protocol-level invariants they rest on, which catch a
//! broken rule long before it happens to choose two values: promises never
//! go down, an acceptor accepts only at or above its promise, a node never
//! starts a ballot it has used before, and no proposal at or above a chosen
//! ballot carries another value (P2b of *Paxos Made Simple*).
//!
//! The simulator and the model checker feed it through the same
//! [`Checker::review`] call, so both judge runs by one rulebook.

use crate::paxos::{majority, Ballot, Message, Node, NodeId, NodeSet, Output, Proposal, Value, MAX_CLUSTER};
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
        /// What is chosen, if anything: the first value chosen.
        chosen: Option<Value>,
        /// Whether what it learned reached a majority too, after `chosen`:
        /// agreement broke, and it learned the second chosen value.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        also_chosen: bool,
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
    /// P2b: a proposal at or above the chosen ballot carries another value.
    Proposal {
        /// The node that sent `Accept(proposal)`.
        node: NodeId,
        /// What is chosen.
        chosen: Proposal,
        /// The proposal with another value.
        proposal: Proposal,
    },
    /// An acceptor accepted below the ballot it had promised, or holds an
    /// acceptance above its promise.
    Acceptance {
        /// The acceptor.
        node: NodeId,
        /// What it accepted.
        accepted: Proposal,
        /// What it had promised.
        promised: Option<Ballot>,
    },
    /// A node started a ballot no higher than one it had started before, so
    /// one ballot could carry two values.
    BallotReused {
        /// The node.
        node: NodeId,
        /// The ballot it started.
        ballot: Ballot,
        /// The highest ballot it had started before.
        before: Ballot,
    },
}

/// The safety properties the checker watches.
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
    /// Every proposal at or above a chosen ballot carries the chosen value.
    Proposal,
    /// An acceptor accepts only at or above its promise.
    Acceptance,
    /// A node never starts a ballot it, or a ballot below one it, used before.
    FreshBallots,
}

impl Property {
    /// Every property, in a fixed order.
    pub const ALL: [Property; 7] = [
        Property::Agreement,
        Property::Validity,
        Property::Learner,
        Property::Promise,
        Property::Proposal,
        Property::Acceptance,
        Property::FreshBallots,
    ];

    /// Whether this is one of the properties a user of Paxos is promised
    /// (agreement, validity, learner consistency), rather than a rule the
    /// protocol keeps so that they hold.
    pub fn is_guarantee(self) -> bool {
        matches!(self, Property::Agreement | Property::Validity | Property::Learner)
    }

    /// The property's name in plain words.
    pub fn name(self) -> &'static str {
        match self {
            Property::Agreement => "agreement",
            Property::Validity => "validity",
            Property::Learner => "learner consistency",
            Property::Promise => "promise monotonicity",
            Property::Proposal => "chosen value kept at its ballot and above",
            Property::Acceptance => "acceptance respects promises",
            Property::FreshBallots => "fresh ballots per proposer",
        }
    }

    /// What the property promises, in one sentence for a reader.
    pub fn meaning(self) -> &'static str {
        match self {
            Property::Agreement => "At most one value is ever chosen.",
            Property::Validity => "Only a value someone proposed can be chosen.",
            Property::Learner => "Every node that learns a value learns the chosen one.",
            Property::Promise => "An acceptor's promise never goes down.",
            Property::Proposal => "Once a value is chosen, every proposal at its ballot or higher carries that value.",
            Property::Acceptance => "An acceptor accepts only at or above the ballot it promised.",
            // Per proposer only: that two proposers never share a ballot is
            // what the proposer's id in each ballot gives, and
            // `Flaw::SharedBallots` takes it away; its harm shows up as
            // broken agreement, not here.
            Property::FreshBallots => {
                "A proposer never reuses one of its own ballots, nor starts one below a ballot it used. Whether two proposers share a ballot is not checked here: the proposer's id in each ballot normally rules it out."
            }
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
            Violation::Proposal { .. } => Property::Proposal,
            Violation::Acceptance { .. } => Property::Acceptance,
            Violation::BallotReused { .. } => Property::FreshBallots,
        }
    }

    /// The node whose step broke the property, when the violation names
    /// one: a P2b violation is the proposer's doing, though the checker
    /// sees it only when an acceptor's vote completes the choice.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Violation::Learner { node, .. }
            | Violation::Promise { node, .. }
            | Violation::Proposal { node, .. }
            | Violation::Acceptance { node, .. }
            | Violation::BallotReused { node, .. } => Some(*node),
            Violation::Agreement { .. } | Violation::Validity { .. } => None,
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
            // Agreement broke first: "but apple is chosen" would deny the
            // second value, which the round's box shows chosen too.
            Violation::Learner { node, learned, chosen: Some(chosen), also_chosen: true } => write!(
                f,
                "Learner consistency broken: node {node} learned {learned}, but {chosen} was chosen first; both were chosen, and agreement broke."
            ),
            Violation::Learner { node, learned, chosen: Some(chosen), .. } => {
                write!(f, "Learner consistency broken: node {node} learned {learned}, but {chosen} is chosen.")
            }
            Violation::Learner { node, learned, chosen: None, .. } => write!(
                f,
                "Learner consistency broken: node {node} learned {learned}, but no majority had accepted it."
            ),
            Violation::Promise { node, before, after } => write!(
                f,
                "Promise monotonicity broken: node {node}'s promise went from {} back to {}.",
                show(*before),
                show(*after)
            ),
            // One ballot carrying two values (shared ballot numbers): the
            // other proposal may have been sent before the value was chosen.
            Violation::Proposal { node, chosen, proposal } if proposal.ballot == chosen.ballot => write!(
                f,
                "One ballot, two values: {} is chosen at n={}, and node {node} also asked to accept {} under that same ballot, so a later ballot may carry either.",
                chosen.value, chosen.ballot, proposal.value
            ),
            // The proposal may be older than the choice (a rule broken at
            // an acceptor chose a value below it): say what it carries,
            // not that its proposer asked for the wrong value.
            Violation::Proposal { node, chosen, proposal } => write!(
                f,
                "A chosen value was not kept: {} is chosen at n={}, but node {node}'s proposal at n={}, a higher ballot, carries {}.",
                chosen.value, chosen.ballot, proposal.ballot, proposal.value
            ),
            Violation::Acceptance { node, accepted, promised } => write!(
                f,
                "Acceptance broken: node {node} accepted {} at n={} while its promise was {}.",
                accepted.value,
                accepted.ballot,
                show(*promised)
            ),
            Violation::BallotReused { node, ballot, before } => {
                write!(f, "Fresh ballots broken: node {node} started n={ballot}, but it had already used n={before}.")
            }
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

/// The part of a node the checker compares before and after a step: what
/// the acceptor promised and accepted, and what the learner learned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// The acceptor's promise.
    pub promised: Option<Ballot>,
    /// The acceptor's accepted proposal.
    pub accepted: Option<Proposal>,
    /// The learned value.
    pub learned: Option<Value>,
}

impl Snapshot {
    /// Take `node`'s snapshot.
    pub fn of(node: &Node) -> Snapshot {
        Snapshot {
            promised: node.acceptor.promised,
            accepted: node.acceptor.accepted.clone(),
            learned: node.learned.clone(),
        }
    }
}

/// The checker's memory of one round.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Checker {
    nodes: usize,
    proposed: Vec<Value>,
    /// Every proposal ever accepted this round, with the acceptors that did.
    votes: Vec<(Proposal, NodeSet)>,
    chosen: Option<Proposal>,
    /// Per value, sorted by value: the highest ballot an `Accept` carrying
    /// it was sent with, and by whom. Enough to check P2b when a value is
    /// chosen after a higher proposal was already made.
    issued: Vec<(Value, Ballot, NodeId)>,
    /// Per node, by index: the highest ballot it has started.
    started: Vec<Option<Ballot>>,
}

impl Clone for Checker {
    fn clone(&self) -> Checker {
        Checker {
            nodes: self.nodes,
            proposed: self.proposed.clone(),
            votes: self.votes.clone(),
            chosen: self.chosen.clone(),
            issued: self.issued.clone(),
            started: self.started.clone(),
        }
    }

    /// Reuses the buffers; the model checker clones a checker per transition.
    fn clone_from(&mut self, source: &Checker) {
        self.nodes = source.nodes;
        self.proposed.clone_from(&source.proposed);
        self.votes.clone_from(&source.votes);
        self.chosen.clone_from(&source.chosen);
        self.issued.clone_from(&source.issued);
        self.started.clone_from(&source.started);
    }
}

impl Checker {
    /// A checker for a round in a cluster of `nodes` nodes.
    pub fn new(nodes: usize) -> Checker {
        Checker {
            nodes,
            proposed: Vec::new(),
            votes: Vec::new(),
            chosen: None,
            issued: Vec::new(),
            // Ids above MAX_CLUSTER are never members; a hostile size must
            // not allocate more.
            started: vec![None; nodes.min(MAX_CLUSTER)],
        }
    }

    /// The chosen proposal, if any.
    pub fn chosen(&self) -> Option<&Proposal> {
        self.chosen.as_ref()
    }

    /// Whether a majority accepted `value` at some ballot this round: it
    /// was chosen, first or (with a rule broken) after another value.
    pub fn was_chosen(&self, value: &Value) -> bool {
        self.chosen.as_ref().is_some_and(|c| c.value == *value) || self.chosen_too().iter().any(|p| p.value == *value)
    }

    /// The acceptors that accepted `proposal` this round. Read when the
    /// proposal becomes chosen, these are the majority that chose it.
    pub fn voters(&self, proposal: &Proposal) -> NodeSet {
        self.votes.binary_search_by(|(p, _)| p.cmp(proposal)).map_or(NodeSet::EMPTY, |at| self.votes[at].1)
    }

    /// Other values a majority accepted this round, after the chosen one:
    /// only with a rule broken. Each value once, at the lowest ballot that
    /// chose it.
    pub fn chosen_too(&self) -> Vec<&Proposal> {
        let Some(first) = &self.chosen else { return Vec::new() };
        let mut out: Vec<&Proposal> = Vec::new();
        // `votes` is in proposal order, lowest ballot first.
        for (proposal, voters) in &self.votes {
            let new_value = proposal.value != first.value && out.iter().all(|p| p.value != proposal.value);
            if new_value && voters.len() >= majority(self.nodes) {
                out.push(proposal);
            }
        }
        out
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
    /// and `after` the step, and read the messages it sent in `out`.
    /// Findings are appended to `findings`.
    pub fn review(
        &mut self,
        me: NodeId,
        before: &Snapshot,
        after: &Snapshot,
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
        if after.accepted != before.accepted || after.promised != before.promised {
            self.acceptor_step(me, before, after, findings);
        }
        if after.learned != before.learned {
            if let Some(value) = &after.learned {
                self.learned(me, value, findings);
            }
        }
        for o in out {
            let msg = match o {
                Output::Broadcast(msg) | Output::Send { msg, .. } => msg,
                Output::SetTimer(_) | Output::CancelTimer | Output::Note(_) => continue,
            };
            match msg {
                Message::Prepare { ballot } => self.started(me, *ballot, findings),
                Message::Accept { proposal } => self.issued(me, proposal, findings),
                _ => {}
            }
        }
    }

    /// The acceptor at `me` changed what it promised or accepted.
    fn acceptor_step(&mut self, me: NodeId, before: &Snapshot, after: &Snapshot, findings: &mut Vec<Finding>) {
        let Some(accepted) = &after.accepted else { return };
        let newly = after.accepted != before.accepted;
        // P1a: an acceptor accepts n only if it has not promised above n;
        // and accepting n is a promise too, so its promise is at least n.
        let below_promise = newly && before.promised.is_some_and(|p| accepted.ballot < p);
        let above_promise = after.promised.is_none_or(|p| accepted.ballot > p);
        if below_promise || above_promise {
            let promised = if below_promise { before.promised } else { after.promised };
            findings.push(Finding::Violation(Violation::Acceptance { node: me, accepted: accepted.clone(), promised }));
        }
        if newly {
            self.accepted(me, accepted, findings);
        }
    }

    fn started(&mut self, me: NodeId, ballot: Ballot, findings: &mut Vec<Finding>) {
        let Some(slot) = self.started.get_mut(me.index()) else { return };
        if let Some(before) = *slot {
            // A resent Prepare for the ballot in progress is not a new
            // ballot, but the protocol never resends; any repeat is reuse.
            if ballot <= before {
                findings.push(Finding::Violation(Violation::BallotReused { node: me, ballot, before }));
                return;
            }
        }
        *slot = Some(ballot);
    }

    fn issued(&mut self, me: NodeId, proposal: &Proposal, findings: &mut Vec<Finding>) {
        match self.issued.binary_search_by(|(v, ..)| v.cmp(&proposal.value)) {
            Ok(at) => {
                let (_, ballot, node) = &mut self.issued[at];
                if proposal.ballot > *ballot {
                    (*ballot, *node) = (proposal.ballot, me);
                }
            }
            Err(at) => self.issued.insert(at, (proposal.value.clone(), proposal.ballot, me)),
        }
        if let Some(chosen) = &self.chosen {
            if proposal.ballot >= chosen.ballot && proposal.value != chosen.value {
                findings.push(Finding::Violation(Violation::Proposal {
                    node: me,
                    chosen: chosen.clone(),
                    proposal: proposal.clone(),
                }));
            }
        }
    }

    fn accepted(&mut self, node: NodeId, proposal: &Proposal, findings: &mut Vec<Finding>) {
        // Kept sorted by proposal: fast to search, and one canonical order
        // for the model checker's state hashing.
        let at = match self.votes.binary_search_by(|(p, _)| p.cmp(proposal)) {
            Ok(at) => at,
            Err(at) => {
                self.votes.insert(at, (proposal.clone(), NodeSet::EMPTY));
                at
            }
        };
        // Only the step that completes a majority can newly choose a value.
        if !self.votes[at].1.insert(node) || self.votes[at].1.len() != majority(self.nodes) {
            return;
        }
        match &self.chosen {
            None => {
                self.chosen = Some(proposal.clone());
                findings.push(Finding::Chosen(proposal.clone()));
                if self.proposed.binary_search(&proposal.value).is_err() {
                    findings.push(Finding::Violation(Violation::Validity { chosen: proposal.clone() }));
                }
                // P2b looks forward and back: a higher proposal made
                // before this value was chosen must carry it too.
                for (value, ballot, by) in &self.issued {
                    if *value != proposal.value && *ballot >= proposal.ballot {
                        findings.push(Finding::Violation(Violation::Proposal {
                            node: *by,
                            chosen: proposal.clone(),
                            proposal: Proposal::new(*ballot, value.clone()),
                        }));
                    }
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
                also_chosen: self.was_chosen(value),
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::{Flaw, Flaws, Message};

    fn nodes(n: usize, flaws: Flaws) -> Vec<Node> {
        NodeId::members(n).map(|id| Node::new(id, n, flaws).unwrap()).collect()
    }

    /// Feed `input` to `node` and let the checker review the step.
    fn review(node: &mut Node, checker: &mut Checker, input: impl FnOnce(&mut Node, &mut Vec<Output>)) -> Vec<Finding> {
        let before = Snapshot::of(node);
        let mut out = Vec::new();
        input(node, &mut out);
        let mut findings = Vec::new();
        checker.review(node.id, &before, &Snapshot::of(node), &out, &mut findings);
        findings
    }

    fn accept(node: &mut Node, checker: &mut Checker, proposal: Proposal) -> Vec<Finding> {
        review(node, checker, |n, out| n.on_message(NodeId(1), Message::Accept { proposal }, out))
    }

    fn b(num: u32, proposer: u8) -> Ballot {
        Ballot::new(num, NodeId(proposer))
    }

    fn p(num: u32, proposer: u8, v: &str) -> Proposal {
        Proposal::new(b(num, proposer), Value::from(v))
    }

    fn violations(findings: &[Finding]) -> Vec<Property> {
        findings
            .iter()
            .filter_map(|f| match f {
                Finding::Violation(v) => Some(v.property()),
                Finding::Chosen(_) => None,
            })
            .collect()
    }

    /// What a node sends, as the checker sees it: no note, just messages.
    fn sends(msg: Message) -> Vec<Output> {
        vec![Output::Broadcast(msg)]
    }

    #[test]
    fn a_checker_for_a_hostile_cluster_size_allocates_nothing_huge() {
        let mut checker = Checker::new(usize::MAX);
        let mut findings = Vec::new();
        let quiet = Snapshot { promised: None, accepted: None, learned: None };
        let prepare = vec![Output::Broadcast(Message::Prepare { ballot: b(1, 255) })];
        checker.review(NodeId(255), &quiet, &quiet, &prepare, &mut findings);
        assert!(findings.is_empty());
        assert_eq!(Checker::new(0).chosen(), None);
    }

    #[test]
    fn a_value_is_chosen_when_a_majority_accepts_one_proposal() {
        let mut nodes = nodes(3, Flaws::NONE);
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        assert!(accept(&mut nodes[0], &mut checker, p(1, 1, "x")).is_empty());
        assert_eq!(accept(&mut nodes[1], &mut checker, p(1, 1, "x")), vec![Finding::Chosen(p(1, 1, "x"))]);
        let chose: Vec<NodeId> = checker.voters(&p(1, 1, "x")).members().collect();
        assert_eq!(chose, vec![NodeId(1), NodeId(2)], "the majority that chose it");
        assert!(accept(&mut nodes[2], &mut checker, p(1, 1, "x")).is_empty(), "chosen once only");
        assert!(accept(&mut nodes[2], &mut checker, p(1, 1, "x")).is_empty(), "a repeat is no new vote");
        assert_eq!(checker.chosen(), Some(&p(1, 1, "x")));
    }

    #[test]
    fn a_majority_is_counted_per_ballot_in_even_clusters_too() {
        let mut nodes = nodes(4, Flaws::NONE);
        let mut checker = Checker::new(4);
        checker.proposed(&Value::from("x"));
        accept(&mut nodes[0], &mut checker, p(1, 1, "x"));
        assert!(accept(&mut nodes[1], &mut checker, p(1, 1, "x")).is_empty(), "2 of 4 is no majority");
        assert!(accept(&mut nodes[2], &mut checker, p(2, 1, "x")).is_empty(), "votes for another ballot do not add up");
        assert_eq!(accept(&mut nodes[3], &mut checker, p(1, 1, "x")), vec![Finding::Chosen(p(1, 1, "x"))]);
    }

    #[test]
    fn two_values_chosen_break_agreement() {
        let mut nodes = nodes(3, Flaws::NONE);
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
        let mut nodes = nodes(3, Flaws::NONE);
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        accept(&mut nodes[0], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(1, 1, "x"));
        accept(&mut nodes[1], &mut checker, p(2, 2, "x"));
        assert!(accept(&mut nodes[2], &mut checker, p(2, 2, "x")).is_empty());
    }

    #[test]
    fn every_other_value_a_majority_accepted_is_listed_once() {
        let mut checker = Checker::new(3);
        let mut findings = Vec::new();
        let mut vote = |checker: &mut Checker, node: u8, proposal: Proposal| {
            let before = Snapshot { promised: Some(proposal.ballot), accepted: None, learned: None };
            let after = Snapshot { promised: Some(proposal.ballot), accepted: Some(proposal), learned: None };
            checker.review(NodeId(node), &before, &after, &[], &mut findings);
        };
        vote(&mut checker, 1, p(1, 1, "apple"));
        vote(&mut checker, 2, p(1, 1, "apple"));
        assert!(checker.chosen_too().is_empty(), "one value chosen");
        vote(&mut checker, 2, p(2, 2, "pear"));
        assert!(checker.chosen_too().is_empty(), "one vote is not a choice");
        vote(&mut checker, 3, p(2, 2, "pear"));
        // Pear again, at a higher ballot: still one more value, not two.
        vote(&mut checker, 1, p(3, 3, "pear"));
        vote(&mut checker, 3, p(3, 3, "pear"));
        vote(&mut checker, 1, p(4, 1, "apple"));
        vote(&mut checker, 2, p(4, 1, "apple"));
        assert_eq!(checker.chosen_too(), vec![&p(2, 2, "pear")]);
    }

    #[test]
    fn choosing_an_unproposed_value_breaks_validity() {
        let mut nodes = nodes(3, Flaws::NONE);
        let mut checker = Checker::new(3);
        accept(&mut nodes[0], &mut checker, p(1, 1, "ghost"));
        let findings = accept(&mut nodes[1], &mut checker, p(1, 1, "ghost"));
        assert_eq!(findings[0], Finding::Chosen(p(1, 1, "ghost")));
        assert!(matches!(findings[1], Finding::Violation(Violation::Validity { .. })));
    }

    #[test]
    fn learning_an_unchosen_value_breaks_learner_consistency() {
        let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
        let mut checker = Checker::new(3);
        let findings = review(&mut node, &mut checker, |n, out| {
            n.on_message(NodeId(2), Message::Decide { value: Value::from("x") }, out)
        });
        assert!(matches!(&findings[..], [Finding::Violation(Violation::Learner { chosen: None, .. })]));
        let again = review(&mut node, &mut checker, |n, out| {
            n.on_message(NodeId(2), Message::Decide { value: Value::from("x") }, out)
        });
        assert!(again.is_empty(), "learning nothing new is no new violation");
    }

    #[test]
    fn a_promise_going_down_breaks_monotonicity() {
        let mut node = Node::new(NodeId(1), 3, Flaws::only(Flaw::Amnesia)).unwrap();
        let mut out = Vec::new();
        node.on_message(NodeId(2), Message::Prepare { ballot: b(1, 2) }, &mut out);
        let findings = review(&mut node, &mut Checker::new(3), |n, out| n.restart(out));
        assert_eq!(violations(&findings), vec![Property::Promise]);
        assert!(matches!(&findings[..], [Finding::Violation(Violation::Promise { after: None, .. })]));
    }

    #[test]
    fn accepting_below_the_promise_breaks_acceptance() {
        let mut node = Node::new(NodeId(2), 3, Flaws::only(Flaw::AcceptAnything)).unwrap();
        let mut checker = Checker::new(3);
        review(&mut node, &mut checker, |n, out| n.on_message(NodeId(3), Message::Prepare { ballot: b(2, 3) }, out));
        let findings = accept(&mut node, &mut checker, p(1, 1, "x"));
        assert_eq!(
            findings,
            vec![Finding::Violation(Violation::Acceptance {
                node: NodeId(2),
                accepted: p(1, 1, "x"),
                promised: Some(b(2, 3))
            })]
        );
        // Correct Paxos refuses instead, and so breaks nothing.
        let mut node = Node::new(NodeId(2), 3, Flaws::NONE).unwrap();
        review(&mut node, &mut checker, |n, out| n.on_message(NodeId(3), Message::Prepare { ballot: b(2, 3) }, out));
        assert!(accept(&mut node, &mut checker, p(1, 1, "x")).is_empty());
        assert!(accept(&mut node, &mut checker, p(2, 3, "x")).is_empty(), "at the promise is fine");
    }

    #[test]
    fn an_acceptance_above_the_promise_breaks_acceptance() {
        // A broken acceptor that accepts without raising its promise.
        let mut checker = Checker::new(3);
        let before = Snapshot { promised: Some(b(1, 1)), accepted: None, learned: None };
        let after = Snapshot { promised: Some(b(1, 1)), accepted: Some(p(2, 1, "x")), learned: None };
        let mut findings = Vec::new();
        checker.review(NodeId(2), &before, &after, &[], &mut findings);
        assert_eq!(violations(&findings), vec![Property::Acceptance]);
        let unpromised = Snapshot { promised: None, ..after.clone() };
        findings.clear();
        checker.review(NodeId(2), &Snapshot { promised: None, ..before }, &unpromised, &[], &mut findings);
        assert_eq!(violations(&findings), vec![Property::Acceptance], "no promise at all is below any ballot");
    }

    #[test]
    fn starting_a_used_ballot_again_breaks_fresh_ballots() {
        let mut checker = Checker::new(3);
        let quiet = Snapshot { promised: None, accepted: None, learned: None };
        let mut findings = Vec::new();
        let start = |checker: &mut Checker, node: u8, ballot: Ballot, findings: &mut Vec<Finding>| {
            checker.review(NodeId(node), &quiet, &quiet, &sends(Message::Prepare { ballot }), findings)
        };
        start(&mut checker, 1, b(1, 1), &mut findings);
        start(&mut checker, 1, b(2, 1), &mut findings);
        start(&mut checker, 2, b(1, 2), &mut findings);
        assert!(findings.is_empty(), "each node's ballots go up: {findings:?}");
        start(&mut checker, 1, b(2, 1), &mut findings);
        assert_eq!(
            findings,
            vec![Finding::Violation(Violation::BallotReused { node: NodeId(1), ballot: b(2, 1), before: b(2, 1) })]
        );
        findings.clear();
        start(&mut checker, 1, b(1, 1), &mut findings);
        assert_eq!(violations(&findings), vec![Property::FreshBallots], "going below counts too");
        findings.clear();
        start(&mut checker, 9, b(1, 9), &mut findings);
        assert!(findings.is_empty(), "an id outside the cluster has no history to break");
    }

    #[test]
    fn a_proposal_with_another_value_above_a_chosen_ballot_breaks_p2b() {
        let mut nodes = nodes(3, Flaws::NONE);
        let mut checker = Checker::new(3);
        checker.proposed(&Value::from("x"));
        let quiet = Snapshot { promised: None, accepted: None, learned: None };
        let propose = |checker: &mut Checker, proposal: Proposal, findings: &mut Vec<Finding>| {
            checker.review(NodeId(3), &quiet, &quiet, &sends(Message::Accept { proposal }), findings)
        };
        let mut findings = Vec::new();
        // Made before anything is chosen, below the ballot that will be:
        // harmless.
        propose(&mut checker, p(1, 3, "y"), &mut findings);
        // Made before, above it: caught when the value is chosen.
        propose(&mut checker, p(3, 3, "z"), &mut findings);
        assert!(findings.is_empty());
        accept(&mut nodes[0], &mut checker, p(2, 1, "x"));
        let chosen = accept(&mut nodes[1], &mut checker, p(2, 1, "x"));
        assert_eq!(
            chosen,
            vec![
                Finding::Chosen(p(2, 1, "x")),
                Finding::Violation(Violation::Proposal {
                    node: NodeId(3),
                    chosen: p(2, 1, "x"),
                    proposal: p(3, 3, "z")
                })
            ]
        );
        // Made after, at or above it: caught at once.
        propose(&mut checker, p(2, 1, "w"), &mut findings);
        propose(&mut checker, p(4, 3, "x"), &mut findings);
        propose(&mut checker, p(1, 2, "v"), &mut findings);
        assert_eq!(violations(&findings), vec![Property::Proposal], "only (2.1, w) breaks it: {findings:?}");
    }

    #[test]
    fn the_oracle_reads_state_and_messages_not_notes() {
        // A note claiming an acceptance that did not happen counts for
        // nothing; the state change is what counts.
        let mut checker = Checker::new(1);
        checker.proposed(&Value::from("x"));
        let quiet = Snapshot { promised: None, accepted: None, learned: None };
        let claim = vec![Output::Note(crate::paxos::Note::Accepted {
            to: NodeId(1),
            proposal: p(1, 1, "x"),
            again: false,
            broke: None,
        })];
        let mut findings = Vec::new();
        checker.review(NodeId(1), &quiet, &quiet, &claim, &mut findings);
        assert!(findings.is_empty() && checker.chosen().is_none());
        let did = Snapshot { promised: Some(b(1, 1)), accepted: Some(p(1, 1, "x")), learned: None };
        checker.review(NodeId(1), &quiet, &did, &[], &mut findings);
        assert_eq!(findings, vec![Finding::Chosen(p(1, 1, "x"))]);
    }

    #[test]
    fn every_property_has_a_name_and_every_violation_a_sentence() {
        let names: Vec<&str> = Property::ALL.iter().map(|p| p.name()).collect();
        assert_eq!(names.len(), 7);
        for (i, name) in names.iter().enumerate() {
            assert!(!name.is_empty() && !names[..i].contains(name), "{name}");
        }
        let v = Violation::BallotReused { node: NodeId(1), ballot: b(1, 1), before: b(1, 1) };
        assert_eq!(v.to_string(), "Fresh ballots broken: node 1 started n=1.1, but it had already used n=1.1.");
        let v = Violation::Acceptance { node: NodeId(2), accepted: p(1, 3, "x"), promised: Some(b(2, 1)) };
        assert_eq!(v.to_string(), "Acceptance broken: node 2 accepted x at n=1.3 while its promise was n=2.1.");
        let v = Violation::Proposal { node: NodeId(3), chosen: p(1, 1, "x"), proposal: p(2, 3, "y") };
        assert_eq!(
            v.to_string(),
            "A chosen value was not kept: x is chosen at n=1.1, but node 3's proposal at n=2.3, a higher ballot, carries y."
        );
        let v = Violation::Proposal { node: NodeId(2), chosen: p(1, 0, "x"), proposal: p(1, 0, "y") };
        assert_eq!(
            v.to_string(),
            "One ballot, two values: x is chosen at n=1, and node 2 also asked to accept y under that same ballot, so a later ballot may carry either."
        );
    }
}
