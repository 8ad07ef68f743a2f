//! A Paxos node: proposer, acceptor and learner in one, as in the original
//! demo where any node accepts a value to propose.
//!
//! The node routes each input to the role it concerns. Requests (`Prepare`,
//! `Accept`) go to the acceptor, whose reply goes back to the sender; replies
//! (`Promise`, `Accepted`, `Nack`) go to the proposer; `Decide` goes to the
//! learner.

use super::acceptor::Acceptor;
use super::proposer::Proposer;
use super::types::{Flaw, Flaws, Message, NodeId, Note, Output, PaxosError, Value, MAX_CLUSTER};
use serde::Serialize;

/// One node of the cluster.
///
/// Built only through [`Node::new`], which checks the cluster size and the
/// id, so every node's cluster holds 1 to [`MAX_CLUSTER`] members and the
/// node is one of them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Node {
    /// This node's id.
    pub id: NodeId,
    /// How many nodes the cluster has (checked: 1 to [`MAX_CLUSTER`]).
    cluster: u8,
    /// The rule breaks switched on for this run.
    pub flaws: Flaws,
    /// The acceptor role (durable).
    pub acceptor: Acceptor,
    /// The proposer role (its phase is volatile).
    pub proposer: Proposer,
    /// The learner role: the value this node has learned, kept across restarts.
    pub learned: Option<Value>,
}

impl Node {
    /// A fresh node `id` in a cluster of `cluster` nodes. Refused unless
    /// the cluster has 1 to [`MAX_CLUSTER`] nodes and `id` is one of them.
    pub fn new(id: NodeId, cluster: usize, flaws: Flaws) -> Result<Node, PaxosError> {
        let size = u8::try_from(cluster).ok().filter(|_| (1..=MAX_CLUSTER).contains(&cluster));
        let size = size.ok_or(PaxosError::ClusterSize { nodes: cluster })?;
        if !id.is_member_of(cluster) {
            return Err(PaxosError::NotAMember { id, nodes: cluster });
        }
        Ok(Node { id, cluster: size, flaws, acceptor: Acceptor::default(), proposer: Proposer::new(id), learned: None })
    }

    /// The same node in a fresh single-decree instance (a new round): same
    /// id and cluster, `flaws` switched on, nothing promised, accepted,
    /// seen or learned.
    pub fn new_round(&self, flaws: Flaws) -> Node {
        Node {
            id: self.id,
            cluster: self.cluster,
            flaws,
            acceptor: Acceptor::default(),
            proposer: Proposer::new(self.id),
            learned: None,
        }
    }

    /// The cluster size, as a count. (Not `n`: in Paxos papers that names
    /// a ballot, as it does on this page's labels.)
    pub fn cluster_size(&self) -> usize {
        usize::from(self.cluster)
    }

    /// A user asks this node to propose `value` (the demo's `POST /state/`).
    /// Refused, changing nothing, once every ballot number is used up.
    pub fn propose(&mut self, value: Value, out: &mut Vec<Output>) -> Result<(), PaxosError> {
        self.proposer.start(value, self.flaws, out).map(|_| ())
    }

    /// Whether [`Node::propose`] would be refused, and why, without
    /// proposing: so a caller can refuse a request before recording it.
    pub fn can_propose(&self) -> Result<(), PaxosError> {
        self.proposer.can_start().map(|_| ())
    }

    /// Handle one message from `from`. A message from an id that is not
    /// one of the cluster's is ignored: its vote would alias another's.
    pub fn on_message(&mut self, from: NodeId, msg: Message, out: &mut Vec<Output>) {
        if !from.is_member_of(self.cluster_size()) {
            return;
        }
        if let Some(ballot) = msg.ballot() {
            self.proposer.observe(ballot.num);
        }
        let (cluster, flaws) = (self.cluster_size(), self.flaws);
        match msg {
            Message::Prepare { ballot } => self.acceptor.on_prepare(from, ballot, out),
            Message::Accept { proposal } => self.acceptor.on_accept(from, proposal, flaws, out),
            Message::Promise { ballot, prior } => self.proposer.on_promise(from, ballot, prior, cluster, flaws, out),
            Message::Accepted { proposal } => self.proposer.on_accepted(from, proposal, cluster, flaws, out),
            Message::Nack { ballot, promised } => {
                self.proposer.observe(promised.num);
                self.proposer.on_nack(from, ballot, cluster, flaws, out);
            }
            Message::Decide { value } => {
                match &self.learned {
                    None => {
                        out.push(Output::Note(Note::Learned { value: value.clone() }));
                        self.learned = Some(value.clone());
                    }
                    Some(learned) if *learned != value => {
                        // Learning is final: two different decisions mean a
                        // rule broke, and the node says so rather than
                        // silently changing its mind.
                        out.push(Output::Note(Note::Contradicted { learned: learned.clone(), told: value.clone() }));
                    }
                    Some(_) => {}
                }
                self.proposer.on_decided(&value, out);
            }
        }
    }

    /// This node's timer fired.
    pub fn on_timeout(&mut self, out: &mut Vec<Output>) {
        self.proposer.on_timeout(self.flaws, out);
    }

    /// The node crashed: its volatile proposer state is gone, and with it
    /// any timer.
    pub fn crash(&mut self, out: &mut Vec<Output>) {
        let busy = self.proposer.is_busy();
        let (ballot, retry) = self.proposer.crash().map_or((None, false), |(b, retry)| (Some(b), retry));
        out.push(Output::Note(Note::Crashed { ballot, retry, durable: !self.flaws.has(Flaw::Amnesia) }));
        if busy {
            out.push(Output::CancelTimer);
        }
    }

    /// The node came back. Durable state is intact unless amnesia is on.
    pub fn restart(&mut self, out: &mut Vec<Output>) {
        self.acceptor.restart(self.flaws, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::proposer::{Phase, Tally};
    use crate::paxos::types::{Ballot, GiveUp, NodeSet, Proposal, TimerKind, ValueFrom};

    fn id(n: u8) -> NodeId {
        NodeId(n)
    }
    fn b(num: u32, node: u8) -> Ballot {
        Ballot::new(num, NodeId(node))
    }
    fn v(s: &str) -> Value {
        Value::from(s)
    }
    fn p(num: u32, node: u8, s: &str) -> Proposal {
        Proposal::new(b(num, node), v(s))
    }
    fn promise(num: u32, node: u8, prior: Option<Proposal>) -> Message {
        Message::Promise { ballot: b(num, node), prior }
    }
    fn accepted(num: u32, node: u8, s: &str) -> Message {
        Message::Accepted { proposal: p(num, node, s) }
    }

    /// Feed one input, return exactly what the node asked for.
    fn feed(node: &mut Node, from: u8, msg: Message) -> Vec<Output> {
        let mut out = Vec::new();
        node.on_message(id(from), msg, &mut out);
        out
    }

    /// The set of the nodes with these ids.
    fn set(ids: &[u8]) -> NodeSet {
        let mut set = NodeSet::EMPTY;
        for &k in ids {
            set.insert(id(k));
        }
        set
    }

    /// What the node asked to be done, without the notes explaining it.
    fn effects(out: Vec<Output>) -> Vec<Output> {
        out.into_iter().filter(|o| !matches!(o, Output::Note(_))).collect()
    }

    fn note(out: &[Output]) -> Option<&Note> {
        out.iter().find_map(|o| match o {
            Output::Note(n) => Some(n),
            _ => None,
        })
    }

    fn proposing(nodes: usize, flaws: Flaws, value: &str) -> Node {
        let mut node = Node::new(id(1), nodes, flaws).unwrap();
        let mut out = Vec::new();
        node.propose(v(value), &mut out).unwrap();
        node
    }

    #[test]
    fn propose_broadcasts_prepare_and_arms_the_phase_timer() {
        let mut node = Node::new(id(2), 3, Flaws::NONE).unwrap();
        let mut out = Vec::new();
        node.propose(v("apple"), &mut out).unwrap();
        assert_eq!(
            out,
            vec![
                Output::Note(Note::Preparing { ballot: b(1, 2) }),
                Output::Broadcast(Message::Prepare { ballot: b(1, 2) }),
                Output::SetTimer(TimerKind::Phase)
            ]
        );
    }

    #[test]
    fn new_ballot_is_above_every_number_seen() {
        let mut node = Node::new(id(1), 3, Flaws::NONE).unwrap();
        feed(&mut node, 3, Message::Prepare { ballot: b(7, 3) });
        let mut out = Vec::new();
        node.propose(v("x"), &mut out).unwrap();
        assert_eq!(out[1], Output::Broadcast(Message::Prepare { ballot: b(8, 1) }));
    }

    #[test]
    fn highest_number_seen_survives_a_crash() {
        let mut node = Node::new(id(1), 3, Flaws::NONE).unwrap();
        feed(&mut node, 3, Message::Prepare { ballot: b(4, 3) });
        let mut out = Vec::new();
        node.crash(&mut out);
        node.restart(&mut out);
        out.clear();
        node.propose(v("x"), &mut out).unwrap();
        assert_eq!(out[1], Output::Broadcast(Message::Prepare { ballot: b(5, 1) }));
    }

    #[test]
    fn acceptor_replies_go_back_to_the_sender() {
        let mut node = Node::new(id(2), 3, Flaws::NONE).unwrap();
        assert_eq!(
            feed(&mut node, 1, Message::Prepare { ballot: b(1, 1) }),
            vec![
                Output::Note(Note::Promised { to: id(1), ballot: b(1, 1), prior: None, again: false }),
                Output::Send { to: id(1), msg: promise(1, 1, None) }
            ]
        );
        assert_eq!(
            feed(&mut node, 1, Message::Accept { proposal: p(1, 1, "x") }),
            vec![
                Output::Note(Note::Accepted { to: id(1), proposal: p(1, 1, "x"), again: false, broke: None }),
                Output::Send { to: id(1), msg: accepted(1, 1, "x") }
            ]
        );
    }

    #[test]
    fn majority_of_promises_without_priors_proposes_own_value() {
        let mut node = proposing(3, Flaws::NONE, "apple");
        assert_eq!(feed(&mut node, 1, promise(1, 1, None)), vec![]);
        assert_eq!(
            feed(&mut node, 2, promise(1, 1, None)),
            vec![
                Output::Note(Note::Proposing {
                    proposal: p(1, 1, "apple"),
                    own: v("apple"),
                    prior: None,
                    value_from: ValueFrom::Own,
                    promised_by: set(&[1, 2]),
                    counted: 2,
                    repeated: NodeSet::EMPTY,
                }),
                Output::Broadcast(Message::Accept { proposal: p(1, 1, "apple") }),
                Output::SetTimer(TimerKind::Phase),
            ]
        );
    }

    #[test]
    fn majority_of_promises_adopts_highest_numbered_prior() {
        // Paxos Made Simple, 2.2: v is the value of the highest-numbered
        // proposal among the responses.
        let mut node = proposing(5, Flaws::NONE, "mine");
        feed(&mut node, 2, promise(1, 1, Some(p(1, 4, "older"))));
        feed(&mut node, 3, promise(1, 1, Some(p(1, 5, "newer"))));
        let out = feed(&mut node, 4, promise(1, 1, None));
        assert_eq!(
            note(&out),
            Some(&Note::Proposing {
                proposal: p(1, 1, "newer"),
                own: v("mine"),
                prior: Some(p(1, 5, "newer")),
                value_from: ValueFrom::Prior,
                promised_by: set(&[2, 3, 4]),
                counted: 3,
                repeated: NodeSet::EMPTY,
            }),
            "the proposer says it adopted the prior, from which ballot, and whose promises it counted"
        );
        assert_eq!(out[1], Output::Broadcast(Message::Accept { proposal: p(1, 1, "newer") }));
        assert!(matches!(
            &node.proposer.phase,
            Phase::Accepting { prior: Some(prior), own, .. } if prior.ballot == b(1, 5) && own.as_str() == "mine"
        ));
    }

    #[test]
    fn each_acceptor_counts_once_per_ballot() {
        let mut node = proposing(3, Flaws::NONE, "x");
        assert_eq!(feed(&mut node, 2, promise(1, 1, None)), vec![]);
        assert_eq!(feed(&mut node, 2, promise(1, 1, None)), vec![], "a duplicate is not a second vote");
        assert!(matches!(node.proposer.phase, Phase::Preparing { promises: Tally { count: 1, .. }, .. }));
    }

    #[test]
    fn promises_for_an_old_ballot_are_ignored() {
        let mut node = proposing(3, Flaws::NONE, "x");
        let mut out = Vec::new();
        node.on_timeout(&mut out); // give up 1.1
        node.on_timeout(&mut out); // retry with 2.1
        assert_eq!(feed(&mut node, 2, promise(1, 1, None)), vec![]);
        assert_eq!(feed(&mut node, 3, promise(1, 1, None)), vec![]);
        assert_eq!(node.proposer.phase.ballot(), Some(b(2, 1)));
    }

    #[test]
    fn majority_of_accepteds_decides_and_teaches_everyone() {
        let mut node = proposing(3, Flaws::NONE, "x");
        feed(&mut node, 1, promise(1, 1, None));
        feed(&mut node, 2, promise(1, 1, None));
        assert_eq!(feed(&mut node, 1, accepted(1, 1, "x")), vec![]);
        assert_eq!(
            feed(&mut node, 3, accepted(1, 1, "x")),
            vec![
                Output::Note(Note::Decided {
                    value: v("x"),
                    accepted_by: set(&[1, 3]),
                    counted: 2,
                    repeated: NodeSet::EMPTY
                }),
                Output::Broadcast(Message::Decide { value: v("x") }),
                Output::CancelTimer,
            ]
        );
        assert_eq!(node.proposer.phase, Phase::Decided { value: v("x") });
    }

    #[test]
    fn decide_teaches_the_learner_and_stops_the_proposer() {
        let mut node = proposing(3, Flaws::NONE, "mine");
        assert_eq!(
            feed(&mut node, 3, Message::Decide { value: v("theirs") }),
            vec![
                Output::Note(Note::Learned { value: v("theirs") }),
                Output::Note(Note::Stopped { ballot: b(1, 1), retry: false, chosen: v("theirs") }),
                Output::CancelTimer
            ],
            "the proposer stops, says so, and its timer stops with it"
        );
        assert_eq!(feed(&mut node, 3, Message::Decide { value: v("theirs") }), vec![], "learned once");
        assert_eq!(node.learned, Some(v("theirs")));
        assert_eq!(node.proposer.phase, Phase::Idle, "it heard of the decision; it did not decide");
    }

    #[test]
    fn decide_during_a_backoff_cancels_the_retry_and_says_so() {
        let mut node = proposing(3, Flaws::NONE, "mine");
        node.on_timeout(&mut Vec::new());
        let out = feed(&mut node, 2, Message::Decide { value: v("theirs") });
        assert_eq!(
            out[1..],
            [Output::Note(Note::Stopped { ballot: b(1, 1), retry: true, chosen: v("theirs") }), Output::CancelTimer]
        );
        assert_eq!(node.proposer.phase, Phase::Idle);
        assert_eq!(feed(&mut node, 2, Message::Decide { value: v("theirs") }), vec![], "an idle proposer says nothing");
    }

    #[test]
    fn learned_value_survives_a_restart() {
        let mut node = Node::new(id(1), 3, Flaws::NONE).unwrap();
        feed(&mut node, 2, Message::Decide { value: v("x") });
        let mut out = Vec::new();
        node.crash(&mut out);
        node.restart(&mut out);
        assert_eq!(node.learned, Some(v("x")));
    }

    #[test]
    fn one_refusal_is_not_enough_to_give_up_but_a_blocking_minority_is() {
        let mut node = proposing(5, Flaws::NONE, "x");
        let nack = |promised| Message::Nack { ballot: b(1, 1), promised };
        assert_eq!(feed(&mut node, 2, nack(b(3, 2))), vec![]);
        assert_eq!(feed(&mut node, 3, nack(b(3, 2))), vec![]);
        assert_eq!(feed(&mut node, 3, nack(b(3, 2))), vec![], "a repeated refusal counts once");
        assert_eq!(
            feed(&mut node, 4, nack(b(3, 2))),
            vec![
                Output::Note(Note::GaveUp { ballot: b(1, 1), why: GiveUp::Refused }),
                Output::SetTimer(TimerKind::Backoff)
            ]
        );
        assert!(matches!(node.proposer.phase, Phase::Backoff { why: GiveUp::Refused, .. }));
        let mut out = Vec::new();
        node.on_timeout(&mut out);
        assert_eq!(out[1], Output::Broadcast(Message::Prepare { ballot: b(4, 1) }), "retry above the nack");
    }

    #[test]
    fn timeout_gives_up_then_retries_with_a_higher_ballot() {
        let mut node = proposing(3, Flaws::NONE, "x");
        let mut out = Vec::new();
        node.on_timeout(&mut out);
        assert_eq!(
            out,
            vec![
                Output::Note(Note::GaveUp { ballot: b(1, 1), why: GiveUp::TimedOut }),
                Output::SetTimer(TimerKind::Backoff)
            ]
        );
        assert!(matches!(node.proposer.phase, Phase::Backoff { why: GiveUp::TimedOut, .. }));
        out.clear();
        node.on_timeout(&mut out);
        assert_eq!(
            effects(out),
            vec![Output::Broadcast(Message::Prepare { ballot: b(2, 1) }), Output::SetTimer(TimerKind::Phase)]
        );
    }

    #[test]
    fn timeout_when_idle_or_decided_does_nothing() {
        let mut node = Node::new(id(1), 3, Flaws::NONE).unwrap();
        let mut out = Vec::new();
        node.on_timeout(&mut out);
        assert!(out.is_empty());
        feed(&mut node, 2, Message::Decide { value: v("x") });
        node.on_timeout(&mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn crash_forgets_the_proposal_in_progress_or_the_retry_waiting() {
        // `retry`: the ballot was given up and a retry waited for its timer.
        let crashed = |retry: bool| {
            vec![Output::Note(Note::Crashed { ballot: Some(b(1, 1)), retry, durable: true }), Output::CancelTimer]
        };
        let mut waiting = proposing(3, Flaws::NONE, "x");
        waiting.on_timeout(&mut Vec::new()); // give up 1.1, retry later
        let mut out = Vec::new();
        waiting.crash(&mut out);
        assert_eq!(out, crashed(true));
        assert_eq!(waiting.proposer.phase, Phase::Idle);

        let mut node = proposing(3, Flaws::NONE, "x");
        let mut out = Vec::new();
        node.crash(&mut out);
        assert_eq!(out, crashed(false));
        assert_eq!(node.proposer.phase, Phase::Idle);
        out.clear();
        node.on_timeout(&mut out);
        assert!(out.is_empty(), "a stale timer after a crash does nothing");
    }

    #[test]
    fn flaw_ignore_prior_proposes_own_value_anyway() {
        let mut node = proposing(3, Flaws::only(Flaw::IgnorePrior), "mine");
        feed(&mut node, 2, promise(1, 1, Some(p(1, 3, "chosen"))));
        let out = feed(&mut node, 3, promise(1, 1, None));
        assert_eq!(
            note(&out),
            Some(&Note::Proposing {
                proposal: p(1, 1, "mine"),
                own: v("mine"),
                prior: Some(p(1, 3, "chosen")),
                value_from: ValueFrom::IgnoredPrior,
                promised_by: set(&[2, 3]),
                counted: 2,
                repeated: NodeSet::EMPTY,
            }),
            "the note shows the prior it ignored"
        );
        assert_eq!(out[1], Output::Broadcast(Message::Accept { proposal: p(1, 1, "mine") }));
    }

    #[test]
    fn flaw_shared_ballots_leaves_the_node_out_of_the_ballot() {
        let mut a = Node::new(id(1), 3, Flaws::only(Flaw::SharedBallots)).unwrap();
        let mut c = Node::new(id(3), 3, Flaws::only(Flaw::SharedBallots)).unwrap();
        let (mut out_a, mut out_c) = (Vec::new(), Vec::new());
        a.propose(v("a"), &mut out_a).unwrap();
        c.propose(v("c"), &mut out_c).unwrap();
        assert_eq!(out_a[1], out_c[1], "both proposers send the very same Prepare");
    }

    #[test]
    fn flaw_minority_quorum_proceeds_with_fewer_than_a_majority() {
        let mut node = proposing(5, Flaws::only(Flaw::MinorityQuorum), "x");
        feed(&mut node, 1, promise(1, 1, None));
        let out = effects(feed(&mut node, 2, promise(1, 1, None)));
        assert_eq!(out[0], Output::Broadcast(Message::Accept { proposal: p(1, 1, "x") }), "2 of 5 sufficed");
    }

    #[test]
    fn flaw_count_duplicates_counts_a_repeated_reply_twice() {
        let mut node = proposing(3, Flaws::only(Flaw::CountDuplicates), "x");
        feed(&mut node, 2, promise(1, 1, None));
        let out = effects(feed(&mut node, 2, promise(1, 1, None)));
        assert_eq!(out[0], Output::Broadcast(Message::Accept { proposal: p(1, 1, "x") }), "one acceptor twice");
        feed(&mut node, 2, accepted(1, 1, "x"));
        let out = feed(&mut node, 2, accepted(1, 1, "x"));
        assert_eq!(
            note(&out),
            Some(&Note::Decided { value: v("x"), accepted_by: set(&[2]), counted: 2, repeated: set(&[2]) }),
            "the proposer says it counted two replies from one acceptor, and whose"
        );
        assert_eq!(effects(out), vec![Output::Broadcast(Message::Decide { value: v("x") }), Output::CancelTimer]);
    }

    #[test]
    fn flaw_amnesia_restart_forgets_acceptor_state_but_not_the_learned_value() {
        let mut node = Node::new(id(2), 3, Flaws::only(Flaw::Amnesia)).unwrap();
        feed(&mut node, 1, Message::Prepare { ballot: b(1, 1) });
        feed(&mut node, 1, Message::Decide { value: v("x") });
        let mut out = Vec::new();
        node.crash(&mut out);
        assert_eq!(out, vec![Output::Note(Note::Crashed { ballot: None, retry: false, durable: false })]);
        out.clear();
        node.restart(&mut out);
        assert_eq!(out, vec![Output::Note(Note::Restarted { promised: Some(b(1, 1)), accepted: None, forgot: true })]);
        assert_eq!(node.acceptor.promised, None);
        assert_eq!(node.learned, Some(v("x")));
    }
}
