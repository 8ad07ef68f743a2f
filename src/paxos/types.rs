//! The vocabulary of the protocol: node ids, ballots, values, messages and
//! the outputs a node asks its caller to carry out.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::rc::Rc;

/// A node's id. Ids start at 1, as the page shows them ("Node 1").
///
/// Id 0 never names a node; it only appears inside ballots made under the
/// [`Flaw::SharedBallots`] flaw, where proposers leave their id out. Any
/// `u8` is representable, but only ids 1 to [`MAX_CLUSTER`] can be members
/// of a cluster: a [`Node`](super::Node) ignores messages from anyone else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u8);

/// The largest cluster the protocol supports: reply tallies and the
/// checker's vote sets hold one bit per member in a `u32`.
pub const MAX_CLUSTER: usize = 32;
// A NodeSet's bits are exactly the possible members.
const _: () = assert!(MAX_CLUSTER == u32::BITS as usize);

impl NodeId {
    /// The node at zero-based position `index` in the cluster, or `None` if
    /// no node id can name that position (index 255 and above).
    pub fn from_index(index: usize) -> Option<NodeId> {
        u8::try_from(index).ok().and_then(|i| i.checked_add(1)).map(NodeId)
    }

    /// The ids of a cluster of `n` nodes, 1 to `n` (at most 255 of them).
    pub fn members(n: usize) -> impl Iterator<Item = NodeId> {
        (0..n).map_while(NodeId::from_index)
    }

    /// This node's zero-based position in the cluster. Id 0, which names no
    /// node, maps to 0 as well; callers check membership first.
    pub fn index(self) -> usize {
        usize::from(self.0).saturating_sub(1)
    }

    /// Whether this id names a node of a cluster of `n` nodes.
    pub fn is_member_of(self, n: usize) -> bool {
        self.0 >= 1 && usize::from(self.0) <= n
    }

    /// This node's bit in a [`NodeSet`], if it has one (ids 1 to
    /// [`MAX_CLUSTER`]).
    fn bit(self) -> Option<u32> {
        // Checked twice over: id 0 has no position, and a position of 32 or
        // more has no bit, so no id can wrap onto another's.
        u32::from(self.0).checked_sub(1).and_then(|index| 1u32.checked_shl(index))
    }
}

/// A set of cluster members, one bit each. Ids that cannot be members (0,
/// or above [`MAX_CLUSTER`]) are never in it, so no id can alias another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeSet(u32);

impl NodeSet {
    /// The empty set.
    pub const EMPTY: NodeSet = NodeSet(0);

    /// Add `node`. Returns true if it was not in the set before and can be
    /// a member; false for a repeat or an id that names no member.
    pub fn insert(&mut self, node: NodeId) -> bool {
        match node.bit() {
            Some(bit) if self.0 & bit == 0 => {
                self.0 |= bit;
                true
            }
            _ => false,
        }
    }

    /// Take `node` out of the set.
    pub fn remove(&mut self, node: NodeId) {
        if let Some(bit) = node.bit() {
            self.0 &= !bit;
        }
    }

    /// Whether `node` is in the set.
    pub fn contains(self, node: NodeId) -> bool {
        node.bit().is_some_and(|bit| self.0 & bit != 0)
    }

    /// How many nodes are in the set.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The members, lowest id first.
    pub fn members(self) -> impl Iterator<Item = NodeId> {
        // Bit k is node k + 1 (see `NodeId::bit`); every bit is below 32.
        (0..u32::BITS as u8).filter(move |k| self.0 & (1 << k) != 0).map(|k| NodeId(k + 1))
    }
}

/// Why the protocol refused an input. Hostile numbers end here, never in a
/// panic or a wrapped counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum PaxosError {
    /// A cluster needs 1 to [`MAX_CLUSTER`] nodes.
    ClusterSize {
        /// The size asked for.
        nodes: usize,
    },
    /// The id is not one of the cluster's (1 to its size).
    NotAMember {
        /// The id.
        id: NodeId,
        /// The cluster size.
        nodes: usize,
    },
    /// The proposer has seen ballot number `u32::MAX`, so no higher ballot
    /// is left for it.
    OutOfBallots {
        /// The proposer.
        id: NodeId,
    },
}

impl fmt::Display for PaxosError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PaxosError::ClusterSize { nodes } => {
                write!(f, "A Paxos cluster needs 1 to {MAX_CLUSTER} nodes, not {nodes}.")
            }
            PaxosError::NotAMember { id, nodes } => write!(f, "Node {id} is not one of the {nodes} nodes."),
            PaxosError::OutOfBallots { id } => write!(
                f,
                "Node {id} cannot start a ballot: it has seen ballot number {}, the highest there is.",
                u32::MAX
            ),
        }
    }
}

impl std::error::Error for PaxosError {}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A proposal number `n`. Ballots order by `num` first and then by the
/// proposer's id, so two proposers never share one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Ballot {
    /// The counter part; a proposer picks one above every number it has seen.
    pub num: u32,
    /// The proposer that made the ballot (0 under [`Flaw::SharedBallots`]).
    pub node: NodeId,
}

impl Ballot {
    /// A ballot from its two parts.
    pub fn new(num: u32, node: NodeId) -> Ballot {
        Ballot { num, node }
    }
}

impl fmt::Display for Ballot {
    /// Compact form for the page: `3.1` is number 3 from node 1.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.node.0 == 0 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}.{}", self.num, self.node.0)
        }
    }
}

/// A value someone proposed. Cloning is cheap (a shared string), because one
/// value is copied into every `Accept` and `Decide` of a broadcast.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Value(Rc<str>);

impl Value {
    /// The value's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value(Rc::from(text))
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A ballot together with the value proposed in it: the paper's `(n, v)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Proposal {
    /// The ballot `n`.
    pub ballot: Ballot,
    /// The value `v`.
    pub value: Value,
}

impl Proposal {
    /// `(n, v)` from its parts.
    pub fn new(ballot: Ballot, value: Value) -> Proposal {
        Proposal { ballot, value }
    }
}

impl fmt::Display for Proposal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "n={}, {}", self.ballot, self.value)
    }
}

/// The messages of single-decree Paxos, named as in the paper.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Message {
    /// Phase 1a: "if I propose with ballot `n`, what must I propose?"
    Prepare {
        /// The ballot being prepared.
        ballot: Ballot,
    },
    /// Phase 1b: a promise to ignore ballots below `n`, with the highest
    /// proposal this acceptor has accepted so far, if any.
    Promise {
        /// The ballot promised.
        ballot: Ballot,
        /// The highest-numbered proposal accepted before, `{n', v'}`.
        prior: Option<Proposal>,
    },
    /// A refusal: the acceptor has promised a higher ballot. Not in the
    /// paper's core, but it lets a proposer give up sooner than a timeout.
    Nack {
        /// The ballot refused.
        ballot: Ballot,
        /// The ballot the acceptor has promised instead.
        promised: Ballot,
    },
    /// Phase 2a: "please accept `(n, v)`".
    Accept {
        /// The proposal to accept.
        proposal: Proposal,
    },
    /// Phase 2b: "I accepted `(n, v)`".
    Accepted {
        /// The proposal accepted.
        proposal: Proposal,
    },
    /// The winner teaches every learner the chosen value (the demo's `/learn/`).
    Decide {
        /// The chosen value.
        value: Value,
    },
}

/// The kind of a message, without its contents: handy for styling and counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    /// See [`Message::Prepare`].
    Prepare,
    /// See [`Message::Promise`].
    Promise,
    /// See [`Message::Nack`].
    Nack,
    /// See [`Message::Accept`].
    Accept,
    /// See [`Message::Accepted`].
    Accepted,
    /// See [`Message::Decide`].
    Decide,
}

impl MessageKind {
    /// Every kind, in protocol order.
    pub const ALL: [MessageKind; 6] = [
        MessageKind::Prepare,
        MessageKind::Promise,
        MessageKind::Nack,
        MessageKind::Accept,
        MessageKind::Accepted,
        MessageKind::Decide,
    ];

    /// The lower-case name, used for CSS classes such as `edge--prepare`.
    pub fn name(self) -> &'static str {
        match self {
            MessageKind::Prepare => "prepare",
            MessageKind::Promise => "promise",
            MessageKind::Nack => "nack",
            MessageKind::Accept => "accept",
            MessageKind::Accepted => "accepted",
            MessageKind::Decide => "decide",
        }
    }

    /// The name as the messages' labels write it: `Prepare`, `Accepted`.
    pub fn title(self) -> &'static str {
        match self {
            MessageKind::Prepare => "Prepare",
            MessageKind::Promise => "Promise",
            MessageKind::Nack => "Nack",
            MessageKind::Accept => "Accept",
            MessageKind::Accepted => "Accepted",
            MessageKind::Decide => "Decide",
        }
    }
}

impl Message {
    /// This message's kind.
    pub fn kind(&self) -> MessageKind {
        match self {
            Message::Prepare { .. } => MessageKind::Prepare,
            Message::Promise { .. } => MessageKind::Promise,
            Message::Nack { .. } => MessageKind::Nack,
            Message::Accept { .. } => MessageKind::Accept,
            Message::Accepted { .. } => MessageKind::Accepted,
            Message::Decide { .. } => MessageKind::Decide,
        }
    }

    /// The ballot this message is about, if it carries one.
    pub fn ballot(&self) -> Option<Ballot> {
        match self {
            Message::Prepare { ballot } | Message::Promise { ballot, .. } | Message::Nack { ballot, .. } => {
                Some(*ballot)
            }
            Message::Accept { proposal } | Message::Accepted { proposal } => Some(proposal.ballot),
            Message::Decide { .. } => None,
        }
    }
}

impl fmt::Display for Message {
    /// The message in full, as the event log writes it, in the demo's
    /// notation. (The arrows' labels are the page's shorter form, with
    /// long values cut: `ui::view::label`.)
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::Prepare { ballot } => write!(f, "Prepare(n={ballot})"),
            Message::Promise { ballot, prior: None } => write!(f, "Promise(n={ballot})"),
            Message::Promise { ballot, prior: Some(p) } => {
                write!(f, "Promise(n={ballot}, {{n={}, {}}})", p.ballot, p.value)
            }
            Message::Nack { ballot, promised } => write!(f, "Nack(n={ballot}, promised n={promised})"),
            Message::Accept { proposal } => write!(f, "Accept({proposal})"),
            Message::Accepted { proposal } => write!(f, "Accepted({proposal})"),
            Message::Decide { value } => write!(f, "Decide({value})"),
        }
    }
}

/// Why a proposer gave a ballot up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum GiveUp {
    /// Enough acceptors refused that no majority is left.
    Refused,
    /// No majority answered before the phase timer ran out.
    TimedOut,
    /// No higher ballot number is left (it has seen `u32::MAX`), so it
    /// stops proposing instead of retrying.
    OutOfBallots,
}

/// Where a proposer's phase-2 value came from, as the rule that picked it
/// says. Readers (the narration, the explanations) take it from here rather
/// than comparing values: an adopted prior may hold the proposer's own value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueFrom {
    /// No promise in its quorum reported an earlier acceptance, so it was
    /// free to propose its own value.
    #[default]
    Own,
    /// It took the value of the highest-numbered earlier acceptance its
    /// quorum reported (Paxos Made Simple, 2.2).
    Prior,
    /// The ignore-prior flaw: an earlier acceptance was reported and it
    /// proposed its own value anyway.
    IgnoredPrior,
}

/// The two timers a proposer may ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TimerKind {
    /// How long to wait for a majority of replies before giving up a ballot.
    Phase,
    /// How long to pause before retrying with a higher ballot. The simulator
    /// draws it at random, so dueling proposers stop colliding.
    Backoff,
}

/// A decision a node made, reported by the rule that made it.
///
/// Notes travel in the same output list as sends and timers, just before
/// the effects they explain. The simulator narrates them and the page draws
/// them; nobody has to guess a decision by comparing a node's state before
/// and after. The safety checker alone reads no notes: it judges state and
/// sent messages, so a wrong note cannot hide a wrong step.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "note", rename_all = "kebab-case")]
pub enum Note {
    /// Proposer: started phase 1 with a fresh ballot.
    Preparing {
        /// The new ballot.
        ballot: Ballot,
    },
    /// Proposer: a majority promised, so it sends `Accept(proposal)`.
    /// `prior` is the highest-numbered earlier acceptance those promises
    /// reported; when there is one, correct Paxos adopts its value.
    Proposing {
        /// What it asks the acceptors to accept.
        proposal: Proposal,
        /// The value it wanted itself.
        own: Value,
        /// The highest prior acceptance reported, if any.
        prior: Option<Proposal>,
        /// Which rule picked the value: its own, the prior's, or (under a
        /// flaw) its own despite the prior. Reads as `Own` in trace files
        /// written before notes said so.
        #[serde(default)]
        value_from: ValueFrom,
        /// The acceptors whose promises it counted: its promise quorum.
        promised_by: NodeSet,
        /// How many promises it counted: more than `promised_by` holds only
        /// when the count-duplicates flaw counted a repeat.
        counted: u8,
        /// Whose repeated promise that flaw counted again (empty in trace
        /// files written before notes said whose).
        #[serde(default)]
        repeated: NodeSet,
    },
    /// Proposer: abandoned a ballot; it will retry higher after a pause.
    GaveUp {
        /// The ballot abandoned.
        ballot: Ballot,
        /// Why.
        why: GiveUp,
    },
    /// Proposer: stopped proposing because its node heard a value was
    /// chosen (a `Decide`): nothing is left to propose, and a chosen value
    /// never changes. Said only when a ballot was in progress, or a retry
    /// was waiting.
    Stopped {
        /// The ballot dropped: the one in progress, or the one given up
        /// before the retry that will not come.
        ballot: Ballot,
        /// True when it was waiting to retry, not in a ballot.
        retry: bool,
        /// The chosen value it heard of.
        chosen: Value,
    },
    /// Proposer: a majority accepted its proposal, so the value is chosen and
    /// it teaches everyone with `Decide`.
    Decided {
        /// The chosen value.
        value: Value,
        /// The acceptors whose `Accepted` it counted.
        accepted_by: NodeSet,
        /// How many replies it counted: more than `accepted_by` holds only
        /// when the count-duplicates flaw counted a repeat.
        counted: u8,
        /// Whose repeated `Accepted` that flaw counted again (empty in
        /// trace files written before notes said whose).
        #[serde(default)]
        repeated: NodeSet,
    },
    /// Acceptor: promised `ballot` to proposer `to`.
    Promised {
        /// The proposer.
        to: NodeId,
        /// The ballot promised.
        ballot: Ballot,
        /// The highest proposal accepted before, reported with the promise.
        prior: Option<Proposal>,
        /// True if it had promised this very ballot already: a copy of the
        /// same Prepare (or, with ballots shared, another proposer's),
        /// answered the same way.
        #[serde(default)]
        again: bool,
    },
    /// Acceptor: refused `ballot` from `to`, having promised higher.
    Refused {
        /// The proposer.
        to: NodeId,
        /// The ballot refused.
        ballot: Ballot,
        /// The higher ballot promised.
        promised: Ballot,
    },
    /// Acceptor: accepted `proposal` from `to`.
    Accepted {
        /// The proposer.
        to: NodeId,
        /// The proposal accepted.
        proposal: Proposal,
        /// True if it had accepted this very proposal already: a copy of
        /// the same Accept, most often.
        #[serde(default)]
        again: bool,
        /// The promise this acceptance broke, if it broke one (only under
        /// the flaw that accepts anything): the node says so itself, so
        /// the log tells where the rule broke, not only the later, lawful
        /// step that completed the harm.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        broke: Option<Ballot>,
    },
    /// Learner: learned a value it did not know before.
    Learned {
        /// The value.
        value: Value,
    },
    /// Learner: told that `told` was chosen after it had learned another
    /// value. Only a broken rule makes this possible; a learner never takes
    /// back what it learned, so it keeps `learned`.
    Contradicted {
        /// What it learned first, and keeps.
        learned: Value,
        /// The other value it was told.
        told: Value,
    },
    /// The node went down. Any ballot in progress is lost; `durable` says
    /// whether its promise and acceptance are on stable storage (false only
    /// under [`Flaw::Amnesia`]).
    Crashed {
        /// The ballot it was working on, if any, or the one it gave up
        /// while it waited to retry.
        ballot: Option<Ballot>,
        /// True if `ballot` was given up and a retry was waiting: the
        /// crash cancels the retry.
        #[serde(default)]
        retry: bool,
        /// Whether the acceptor's state survives.
        durable: bool,
    },
    /// The node came back. `forgot` is true when the amnesia flaw wiped its
    /// promise and acceptance; `promised` and `accepted` are what it had
    /// before the restart.
    Restarted {
        /// Its promise before the restart.
        promised: Option<Ballot>,
        /// Its acceptance before the restart.
        accepted: Option<Proposal>,
        /// True if it lost them.
        forgot: bool,
    },
}

/// What a node asks its caller to do after handling one input.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// Send `msg` to one node.
    Send {
        /// The receiver.
        to: NodeId,
        /// The message.
        msg: Message,
    },
    /// Send `msg` to every node, the sender included.
    Broadcast(Message),
    /// (Re)start this node's single timer; a later request replaces it.
    SetTimer(TimerKind),
    /// Stop this node's timer: the proposer has nothing left to time out
    /// (it decided, learned the decision, crashed or ran out of ballots).
    CancelTimer,
    /// A decision the node made (see [`Note`]); nothing to carry out.
    Note(Note),
}

/// One deliberate rule break. All are off unless switched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Flaw {
    /// An acceptor forgets its promise and its accepted proposal on restart.
    Amnesia,
    /// A proposer ignores the prior accepted values in its promises.
    IgnorePrior,
    /// Ballots leave out the proposer's id, so two proposers can share one.
    SharedBallots,
    /// An acceptor accepts without checking what it promised.
    AcceptAnything,
    /// A quorum is `n/2` nodes instead of `n/2 + 1`.
    MinorityQuorum,
    /// A proposer counts reply messages, not acceptors, so a duplicated
    /// promise or accepted counts twice.
    CountDuplicates,
}

impl Flaw {
    /// Every flaw, in a fixed order.
    pub const ALL: [Flaw; 6] = [
        Flaw::Amnesia,
        Flaw::IgnorePrior,
        Flaw::SharedBallots,
        Flaw::AcceptAnything,
        Flaw::MinorityQuorum,
        Flaw::CountDuplicates,
    ];

    /// The flaw's kebab-case name, as used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Flaw::Amnesia => "amnesia",
            Flaw::IgnorePrior => "ignore-prior",
            Flaw::SharedBallots => "shared-ballots",
            Flaw::AcceptAnything => "accept-anything",
            Flaw::MinorityQuorum => "minority-quorum",
            Flaw::CountDuplicates => "count-duplicates",
        }
    }

    /// The flaw named `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Flaw> {
        Flaw::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The rule this flaw breaks, in one sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Flaw::Amnesia => "an acceptor forgets its promise and accepted value when it restarts",
            Flaw::IgnorePrior => "a proposer ignores values already accepted and proposes its own",
            Flaw::SharedBallots => "ballots are not unique: two proposers can use the same number",
            Flaw::AcceptAnything => "an acceptor accepts without checking the ballot it promised",
            Flaw::MinorityQuorum => "a quorum is half the nodes, rounded down, instead of a majority",
            Flaw::CountDuplicates => "a proposer counts a duplicated reply twice",
        }
    }

    /// The rule this flaw breaks, as kept: what holds again once it is
    /// switched off.
    pub fn kept(self) -> &'static str {
        match self {
            Flaw::Amnesia => "an acceptor's promise and accepted value survive a restart",
            Flaw::IgnorePrior => "a proposer adopts the value already accepted at the highest ballot",
            Flaw::SharedBallots => "each proposer's ballots are its own",
            Flaw::AcceptAnything => "an acceptor accepts nothing below the ballot it promised",
            Flaw::MinorityQuorum => "a quorum is a majority",
            Flaw::CountDuplicates => "a proposer counts each acceptor's reply once",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of switched-on flaws. The default is none: correct Paxos.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<Flaw>", into = "Vec<Flaw>")]
pub struct Flaws(u8);

impl Flaws {
    /// No flaws: the protocol as the paper states it.
    pub const NONE: Flaws = Flaws(0);

    /// Just one flaw.
    pub fn only(flaw: Flaw) -> Flaws {
        Flaws(flaw.bit())
    }

    /// Whether `flaw` is switched on.
    pub fn has(self, flaw: Flaw) -> bool {
        self.0 & flaw.bit() != 0
    }

    /// Switch `flaw` on or off.
    pub fn set(&mut self, flaw: Flaw, on: bool) {
        if on {
            self.0 |= flaw.bit();
        } else {
            self.0 &= !flaw.bit();
        }
    }

    /// The switched-on flaws, in [`Flaw::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Flaw> {
        Flaw::ALL.into_iter().filter(move |f| self.has(*f))
    }

    /// Whether no flaw is on.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl From<Vec<Flaw>> for Flaws {
    fn from(list: Vec<Flaw>) -> Flaws {
        let mut flaws = Flaws::NONE;
        for flaw in list {
            flaws.set(flaw, true);
        }
        flaws
    }
}

impl From<Flaws> for Vec<Flaw> {
    fn from(flaws: Flaws) -> Vec<Flaw> {
        flaws.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_member_has_its_own_bit_and_no_one_else_has_one() {
        let mut set = NodeSet::EMPTY;
        assert!(set.is_empty());
        for id in 1..=32 {
            assert!(set.insert(NodeId(id)), "node {id} gets a bit of its own");
            assert_eq!(set.len(), usize::from(id));
        }
        assert!(!set.is_empty());
        for id in [0, 33, 64, 255] {
            assert!(!set.insert(NodeId(id)) && !set.contains(NodeId(id)), "id {id} is never a member");
        }
        assert_eq!(set.len(), 32);
        for id in 1..=32 {
            set.remove(NodeId(id));
            assert!(!set.contains(NodeId(id)));
        }
        assert!(set.is_empty());
    }

    #[test]
    fn every_flaw_describes_the_rule_it_breaks() {
        let described: Vec<&str> = Flaw::ALL.iter().map(|f| f.describe()).collect();
        for (i, text) in described.iter().enumerate() {
            assert!(text.len() > 20 && !described[..i].contains(text), "{text}");
        }
        assert_eq!(Flaw::MinorityQuorum.describe(), "a quorum is half the nodes, rounded down, instead of a majority");
        assert!(Flaws::NONE.is_empty() && Flaws::default().is_empty());
        assert!(Flaw::ALL.iter().all(|f| !Flaws::only(*f).is_empty()));
    }

    #[test]
    fn message_kinds_have_the_css_names_the_page_uses() {
        let names: Vec<&str> = MessageKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["prepare", "promise", "nack", "accept", "accepted", "decide"]);
        // And the labels' names, which the legend and the log write.
        let titles: Vec<&str> = MessageKind::ALL.iter().map(|k| k.title()).collect();
        assert_eq!(titles, ["Prepare", "Promise", "Nack", "Accept", "Accepted", "Decide"]);
    }

    #[test]
    fn every_flaw_names_the_rule_kept_once_it_is_off() {
        let kept: Vec<&str> = Flaw::ALL.iter().map(|f| f.kept()).collect();
        for (i, text) in kept.iter().enumerate() {
            assert!(text.len() > 15 && !kept[..i].contains(text) && !Flaw::ALL[i].describe().contains(text), "{text}");
        }
        assert_eq!(Flaw::MinorityQuorum.kept(), "a quorum is a majority");
    }

    #[test]
    fn ballots_order_by_number_then_node() {
        let b = |num, node| Ballot::new(num, NodeId(node));
        assert!(b(1, 3) < b(2, 1));
        assert!(b(2, 1) < b(2, 2));
        assert_eq!(b(2, 2), b(2, 2));
    }

    #[test]
    fn ballots_and_messages_print_like_the_demo_pictures() {
        let n = Ballot::new(3, NodeId(1));
        let prior = Proposal::new(Ballot::new(2, NodeId(4)), Value::from("apple"));
        assert_eq!(n.to_string(), "3.1");
        assert_eq!(Message::Prepare { ballot: n }.to_string(), "Prepare(n=3.1)");
        assert_eq!(Message::Promise { ballot: n, prior: None }.to_string(), "Promise(n=3.1)");
        assert_eq!(
            Message::Promise { ballot: n, prior: Some(prior.clone()) }.to_string(),
            "Promise(n=3.1, {n=2.4, apple})"
        );
        assert_eq!(Message::Accept { proposal: prior }.to_string(), "Accept(n=2.4, apple)");
        assert_eq!(Ballot::new(5, NodeId(0)).to_string(), "5");
    }

    #[test]
    fn flaws_round_trip_through_json_by_name() {
        let mut flaws = Flaws::NONE;
        flaws.set(Flaw::Amnesia, true);
        flaws.set(Flaw::MinorityQuorum, true);
        let json = serde_json::to_string(&flaws).unwrap();
        assert_eq!(json, r#"["amnesia","minority-quorum"]"#);
        assert_eq!(serde_json::from_str::<Flaws>(&json).unwrap(), flaws);
        flaws.set(Flaw::Amnesia, false);
        assert_eq!(flaws.iter().collect::<Vec<_>>(), vec![Flaw::MinorityQuorum]);
        for flaw in Flaw::ALL {
            assert_eq!(Flaw::from_name(flaw.name()), Some(flaw));
        }
    }
}
