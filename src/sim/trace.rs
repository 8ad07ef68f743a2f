//! The record of a run: user actions in, events out.
//!
//! The action log (what people did, and when) plus the config is all it takes
//! to replay a run. The event trace (what happened as a result) is what the
//! page narrates, what tests assert on, and what a trace file carries. Both
//! serialise to JSON.

use super::check::Violation;
use super::config::{
    check_delay, check_node_delay, check_probability, parse_value, SimConfig, SimError, MAX_ACTIONS, MAX_DELAY,
    MAX_STEPS, MAX_TICK,
};
use crate::paxos::{Flaw, Message, NodeId, NodeSet, Note, Proposal, TimerKind, Value, ValueFrom};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fmt;

/// A partition's side in a run file: the list of its nodes' ids, which a
/// reader can check, not the bits of a [`NodeSet`].
mod side_list {
    use crate::paxos::{NodeId, NodeSet};
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(side: &NodeSet, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(side.members())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NodeSet, D::Error> {
        let mut side = NodeSet::EMPTY;
        for node in Vec::<NodeId>::deserialize(d)? {
            // A repeat, or an id no cluster has, would be dropped unseen.
            if !side.insert(node) {
                return Err(D::Error::custom(format!("node {node} is named twice, or is no node, in a partition")));
            }
        }
        Ok(side)
    }
}

/// A message's id, unique within a run.
pub type MsgId = u64;

/// Something a person (or a script) does to the world.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case")]
pub enum Action {
    /// Ask a node to propose a value (the demo's `POST /state/`).
    Propose {
        /// The node.
        node: NodeId,
        /// The value, as typed.
        value: String,
    },
    /// Crash a node.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// Restart a crashed node.
    Restart {
        /// The node.
        node: NodeId,
    },
    /// Set the global message-loss probability.
    SetLoss {
        /// The probability, 0 to 1.
        p: f64,
    },
    /// Set one node's failure probability (the demo's `--fail`).
    SetNodeFailure {
        /// The node.
        node: NodeId,
        /// The probability, 0 to 1.
        p: f64,
    },
    /// Set the duplication probability.
    SetDuplication {
        /// The probability, 0 to 1.
        p: f64,
    },
    /// Make every message a node sends to another node take this many
    /// ticks longer (0 restores the usual delay).
    SetNodeDelay {
        /// The sender.
        node: NodeId,
        /// Extra ticks, 0 to [`MAX_DELAY`].
        ticks: u32,
    },
    /// Set the message delay range, in ticks.
    SetDelay {
        /// Shortest delay.
        min: u32,
        /// Longest delay.
        max: u32,
    },
    /// Cut the one-way link `from → to`.
    Cut {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Heal the one-way link `from → to`.
    Heal {
        /// Sender side.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
    },
    /// Heal every cut link.
    HealAll,
    /// Cut a node off: every link to it and from it is cut, so it is alone
    /// on its side of a partition.
    Isolate {
        /// The node.
        node: NodeId,
    },
    /// Heal every link to and from a node, ending its isolation.
    Rejoin {
        /// The node.
        node: NodeId,
    },
    /// Split the cluster in two: every link between `side` and the other
    /// nodes is cut, both ways, and every link within either side is
    /// healed. The page's Partitions panel makes these.
    Split {
        /// The nodes on one side (neither none nor all of them), written
        /// in a run file as a list of their ids.
        #[serde(with = "side_list")]
        side: NodeSet,
    },
    /// Start a fresh single-decree instance on every node (the demo's `/reset/`).
    NewRound,
    /// Switch a deliberate rule break on or off.
    SetFlaw {
        /// Which flaw.
        flaw: Flaw,
        /// On or off.
        on: bool,
    },
    /// Manual mode: deliver an in-flight message.
    Deliver {
        /// The message.
        id: MsgId,
    },
    /// Manual mode: deliver a copy of an in-flight message, keeping the original.
    DeliverCopy {
        /// The message.
        id: MsgId,
    },
    /// Manual mode: lose an in-flight message.
    Drop {
        /// The message.
        id: MsgId,
    },
    /// Manual mode: fire a node's timer now.
    FireTimer {
        /// The node.
        node: NodeId,
    },
}

/// A moment in a run: after `step` processed events, at tick `at`. Moments
/// order by step first, then by tick.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    /// Events processed.
    pub step: u64,
    /// The tick.
    pub at: u64,
}

/// An action with the moment it happened: after `step` processed events, at
/// tick `at`. Recording the step count, not just the tick, pins actions that
/// happen between two events of the same tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Logged {
    /// Events processed before the action.
    pub step: u64,
    /// The tick.
    pub at: u64,
    /// The action.
    #[serde(flatten)]
    pub action: Action,
}

/// Why a message never arrived.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DropReason {
    /// The global message-loss setting.
    Loss,
    /// The sender's or receiver's failure probability.
    NodeFailure {
        /// The failing node.
        node: NodeId,
    },
    /// The receiver was crashed when it arrived.
    Crashed,
    /// The link was cut.
    Partition,
    /// A new round began while it was in flight.
    RoundOver,
    /// Dropped by hand in manual mode (the model checker's "never delivered").
    Manual,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// A node was asked to propose a value.
    Proposed {
        /// The node.
        node: NodeId,
        /// The value.
        value: Value,
    },
    /// A node made a decision and said so (see [`Note`]): it promised,
    /// accepted, adopted a prior value, gave up, learned, crashed…
    Node {
        /// The node.
        node: NodeId,
        /// What it decided, in its own terms.
        note: Note,
    },
    /// A message left its sender.
    Sent {
        /// The message id.
        id: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
        /// When it will arrive (or would have, if it is lost).
        deliver_at: u64,
        /// For a duplicate: the id of the original.
        copy_of: Option<MsgId>,
    },
    /// The network made a second copy of a message.
    Duplicated {
        /// The original.
        id: MsgId,
        /// The copy.
        copy: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message both carry.
        msg: Message,
    },
    /// A message arrived.
    Delivered {
        /// The message id.
        id: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
    },
    /// A message was lost.
    Dropped {
        /// The message id.
        id: MsgId,
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
        /// Why.
        reason: DropReason,
        /// When it was sent.
        sent_at: u64,
        /// When it would have arrived.
        deliver_at: u64,
    },
    /// A node's timer fired.
    Timeout {
        /// The node.
        node: NodeId,
        /// Which timer.
        kind: TimerKind,
    },
    /// A value became chosen: a majority accepted one proposal.
    Chosen {
        /// The round.
        round: u32,
        /// The proposal.
        proposal: Proposal,
        /// The acceptors whose acceptances made it chosen; later ones are
        /// not in it.
        by: NodeSet,
    },
    /// A new round began.
    NewRound {
        /// Its number.
        round: u32,
    },
    /// A setting changed (loss, delays, links, flaws…).
    Changed {
        /// The action that changed it.
        action: Action,
    },
    /// A safety property broke.
    Violation {
        /// What broke.
        violation: Violation,
        /// The index of the event whose processing broke it.
        cause: u64,
    },
}

impl Event {
    /// The node whose handling of this event made it happen: the receiver
    /// of a delivery, the node of a note, a timeout or a proposal. When a
    /// rule breaks, that node's card is marked as the culprit.
    pub fn handled_by(&self) -> Option<NodeId> {
        match self {
            Event::Delivered { to, .. } => Some(*to),
            Event::Node { node, .. } | Event::Timeout { node, .. } | Event::Proposed { node, .. } => Some(*node),
            _ => None,
        }
    }
}

/// An event with its tick.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The tick.
    pub at: u64,
    /// The event.
    #[serde(flatten)]
    pub event: Event,
}

/// How much of the trace to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceMode {
    /// Every event (tests, exports).
    Full,
    /// The newest `n` events (the page, whose memory must not grow).
    Window(usize),
    /// Nothing but the count (benchmarks and sweeps).
    Off,
}

/// The event trace: a window onto a numbered sequence of events.
///
/// Event numbers belong to the run, not to the trace: the world counts
/// every event it emits, and the trace keeps as many of the newest as its
/// mode allows. A timeline trims it back when it returns to an earlier
/// moment, and it fills again as the run moves forward.
#[derive(Clone, Debug)]
pub struct Trace {
    entries: VecDeque<Entry>,
    first: u64,
    mode: TraceMode,
}

impl Trace {
    /// An empty trace.
    pub fn new(mode: TraceMode) -> Trace {
        Trace { entries: VecDeque::new(), first: 0, mode }
    }

    /// Whether events are kept at all (if not, callers skip building them).
    pub fn keeps(&self) -> bool {
        self.mode != TraceMode::Off
    }

    /// The index of the oldest event kept.
    pub fn first_index(&self) -> u64 {
        self.first
    }

    /// One past the index of the newest event kept.
    pub fn next_index(&self) -> u64 {
        self.first + self.entries.len() as u64
    }

    /// Keep event number `index`, which must follow the newest one kept.
    pub fn push(&mut self, index: u64, entry: Entry) {
        if self.entries.is_empty() {
            self.first = index;
        }
        debug_assert_eq!(index, self.next_index(), "events arrive in order");
        match self.mode {
            TraceMode::Off => {}
            TraceMode::Full => self.entries.push_back(entry),
            TraceMode::Window(n) => {
                if self.entries.len() >= n.max(1) {
                    self.entries.pop_front();
                    self.first += 1;
                }
                self.entries.push_back(entry);
            }
        }
    }

    /// Forget every event numbered `index` or later. When `index` is older
    /// than everything kept, the trace empties and restarts there.
    pub fn truncate(&mut self, index: u64) {
        if index <= self.first {
            self.entries.clear();
            self.first = index;
        } else {
            self.entries.truncate((index - self.first) as usize);
        }
    }

    /// The events kept, oldest first.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &Entry> + ExactSizeIterator {
        self.entries.iter()
    }

    /// The events kept with their indices.
    pub fn indexed(&self) -> impl DoubleEndedIterator<Item = (u64, &Entry)> {
        self.entries.iter().enumerate().map(|(i, e)| (self.first + i as u64, e))
    }

    /// The event with index `index`, if it is still kept.
    pub fn get(&self, index: u64) -> Option<&Entry> {
        index.checked_sub(self.first).and_then(|i| self.entries.get(i as usize))
    }
}

/// The format tag written into every trace file.
pub const TRACE_FORMAT: &str = "paxos-playground-trace";
/// The trace file version this build reads and writes.
pub const TRACE_VERSION: u32 = 1;

/// A run on disk: enough to replay it, plus what happened, to compare.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TraceFile {
    /// Always [`TRACE_FORMAT`].
    pub format: String,
    /// Always [`TRACE_VERSION`] when written by this build.
    pub version: u32,
    /// The run's configuration.
    pub config: SimConfig,
    /// What was done, in order.
    pub actions: Vec<Logged>,
    /// Where the run stopped.
    pub end: Position,
    /// What happened.
    pub events: Vec<Entry>,
}

/// Why a trace file could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceError {
    /// Not JSON, or not shaped like a trace.
    Malformed(String),
    /// JSON, but not a Paxos Playground trace.
    NotATrace,
    /// A trace from another version.
    Version {
        /// The file's version.
        found: u64,
    },
    /// The config inside is invalid.
    BadConfig(String),
    /// An action of the log (numbered from 1), or its end (0), is invalid.
    BadAction {
        /// The action's number, from 1; 0 for the log as a whole.
        number: usize,
        /// Why, in plain words.
        why: String,
    },
    /// An event of the trace (numbered from 1) is impossible.
    BadEvent {
        /// The event's number, from 1.
        number: usize,
        /// Why, in plain words.
        why: String,
    },
}

impl fmt::Display for TraceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TraceError::Malformed(why) => write!(f, "This file is not a readable trace: {why}"),
            TraceError::NotATrace => write!(f, "This JSON file is not a Paxos Playground trace."),
            TraceError::Version { found } => {
                write!(f, "This trace is version {found}; this playground reads version {TRACE_VERSION} only.")
            }
            TraceError::BadConfig(why) => write!(f, "This trace's settings are invalid: {why}"),
            TraceError::BadAction { number: 0, why } => write!(f, "This trace's action log is invalid: {why}"),
            TraceError::BadAction { number, why } => write!(f, "Action {number} of this trace is invalid: {why}"),
            TraceError::BadEvent { number, why } => write!(f, "Event {number} of this trace is impossible: {why}"),
        }
    }
}

impl std::error::Error for TraceError {}

impl TraceFile {
    /// Serialise to pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("traces always serialise")
    }

    /// Parse and check a trace file.
    pub fn from_json(text: &str) -> Result<TraceFile, TraceError> {
        // Look at the envelope first, so a file from another version gets a
        // version message rather than a confusing field error.
        let raw: serde_json::Value = serde_json::from_str(text).map_err(|e| TraceError::Malformed(e.to_string()))?;
        if raw.get("format").and_then(|f| f.as_str()) != Some(TRACE_FORMAT) {
            return Err(TraceError::NotATrace);
        }
        match raw.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(TRACE_VERSION) => {}
            Some(found) => return Err(TraceError::Version { found }),
            None => return Err(TraceError::Malformed("the version is missing".into())),
        }
        let mut file: TraceFile = serde_json::from_value(raw).map_err(|e| TraceError::Malformed(e.to_string()))?;
        file.say_where_values_came_from();
        file.config.validate().map_err(|e| TraceError::BadConfig(e.to_string()))?;
        validate_log(&file.config, &file.actions, file.end)
            .map_err(|e| TraceError::BadAction { number: e.action, why: e.error.to_string() })?;
        file.check_events()?;
        Ok(file)
    }

    /// Trace files written before proposers said where their value came
    /// from read every `Proposing` note as [`ValueFrom::Own`]. With a prior
    /// reported, that is a note no proposer writes, so it can only be such
    /// a file's: tell it from the values, as those versions' readers did.
    fn say_where_values_came_from(&mut self) {
        for entry in &mut self.events {
            if let Event::Node {
                note: Note::Proposing { proposal, prior: Some(prior), value_from: value_from @ ValueFrom::Own, .. },
                ..
            } = &mut entry.event
            {
                *value_from = if proposal.value == prior.value { ValueFrom::Prior } else { ValueFrom::IgnoredPrior };
            }
        }
    }

    /// Check every event against the config and the end: ticks in order
    /// and within the run, node ids in the cluster. The events are not
    /// replayed from (the actions are), but the page draws them.
    fn check_events(&self) -> Result<(), TraceError> {
        let nodes = self.config.nodes;
        let mut last = 0;
        for (k, entry) in self.events.iter().enumerate() {
            let bad = |why: String| Err(TraceError::BadEvent { number: k + 1, why });
            if entry.at < last || entry.at > self.end.at {
                return bad(format!("its tick {} is out of order or after the end, {}", entry.at, self.end.at));
            }
            last = entry.at;
            // A message sent by the end arrives at most the network's
            // longest delay plus its sender's longest extra later, each up
            // to `MAX_DELAY`.
            let latest = self.end.at + 2 * u64::from(MAX_DELAY);
            let flight = match &entry.event {
                Event::Sent { from, to, deliver_at, .. } => Some((*from, *to, *deliver_at)),
                Event::Dropped { from, to, sent_at, deliver_at, .. } if sent_at <= deliver_at => {
                    Some((*from, *to, *deliver_at))
                }
                Event::Dropped { .. } => return bad("it arrives before it was sent".into()),
                Event::Delivered { from, to, .. } => Some((*from, *to, entry.at)),
                _ => None,
            };
            let node = match &entry.event {
                Event::Proposed { node, .. } | Event::Node { node, .. } | Event::Timeout { node, .. } => Some(*node),
                _ => None,
            };
            let ids = flight.map(|(from, to, _)| [from, to]).into_iter().flatten().chain(node);
            for id in ids {
                if !id.is_member_of(nodes) {
                    return bad(format!("there is no node {id} in a cluster of {nodes}"));
                }
            }
            if let Some((_, _, arrives)) = flight {
                if arrives > latest {
                    return bad(format!("a message arrives at tick {arrives}, past the end of the run"));
                }
            }
        }
        Ok(())
    }
}

/// Why an action log was refused: the action at fault and the reason.
#[derive(Clone, Debug, PartialEq)]
pub struct LogError {
    /// The action's number, from 1; 0 for the config, the length of the
    /// log or its end position.
    pub action: usize,
    /// What is wrong.
    pub error: SimError,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.action {
            0 => write!(f, "{}", self.error),
            n => write!(f, "Action {n}: {}", self.error),
        }
    }
}

impl std::error::Error for LogError {}

/// Check a whole action log and the position it should be replayed to,
/// without running it: the config, the log's length, every action's
/// moment (in order, within [`MAX_STEPS`] and [`MAX_TICK`]), every action's
/// own numbers (nodes, probabilities, delays, values, mode), and the end.
///
/// A log that passes can be replayed without any arithmetic overflowing or
/// a replay running away; an action may still be refused by the world at
/// its moment (a crashed node cannot propose), which replaying reports.
/// Share links, imported files and [`TraceFile::from_json`] all come here.
pub fn validate_log(config: &SimConfig, actions: &[Logged], end: Position) -> Result<(), LogError> {
    let whole = |error| LogError { action: 0, error };
    config.validate().map_err(whole)?;
    if actions.len() > MAX_ACTIONS {
        return Err(whole(SimError::TooManyActions(actions.len())));
    }
    check_position(end).map_err(whole)?;
    let mut last = Position::default();
    for (k, logged) in actions.iter().enumerate() {
        let at_fault = |error| LogError { action: k + 1, error };
        let pos = Position { step: logged.step, at: logged.at };
        check_position(pos).map_err(at_fault)?;
        if pos < last {
            return Err(at_fault(SimError::OutOfOrder));
        }
        last = pos;
        check_action(config, &logged.action).map_err(at_fault)?;
    }
    Ok(())
}

fn check_position(pos: Position) -> Result<(), SimError> {
    if pos.step > MAX_STEPS {
        Err(SimError::StepLimit(pos.step))
    } else if pos.at > MAX_TICK {
        Err(SimError::TickLimit(pos.at))
    } else {
        Ok(())
    }
}

/// Check what can be checked of `action` without running it: its node ids
/// name nodes of `config`'s cluster, its numbers are in range, its value is
/// one a person could type, and it suits the run's mode.
pub fn check_action(config: &SimConfig, action: &Action) -> Result<(), SimError> {
    let member =
        |node: NodeId| if node.is_member_of(config.nodes) { Ok(()) } else { Err(SimError::NoSuchNode(node.0)) };
    let manual = |needs_manual: bool| {
        if config.manual == needs_manual {
            Ok(())
        } else {
            Err(SimError::WrongMode { needs_manual })
        }
    };
    match action {
        Action::Propose { node, value } => {
            member(*node)?;
            parse_value(value).map(|_| ())
        }
        Action::Crash { node } | Action::Restart { node } => member(*node),
        // The network's chance and timing play no part where a hand
        // delivers: a loss slider at 100% that lost nothing said one thing
        // while the run did another.
        Action::SetLoss { p } => {
            manual(false)?;
            check_probability("message loss", *p).map(|_| ())
        }
        Action::SetDuplication { p } => {
            manual(false)?;
            check_probability("duplication", *p).map(|_| ())
        }
        Action::SetNodeFailure { node, p } => {
            manual(false)?;
            member(*node)?;
            check_probability("node failure", *p).map(|_| ())
        }
        Action::SetDelay { min, max } => {
            manual(false)?;
            check_delay(*min, *max)
        }
        Action::SetNodeDelay { node, ticks } => {
            manual(false)?;
            member(*node)?;
            check_node_delay(*ticks)
        }
        Action::Cut { from, to } | Action::Heal { from, to } => {
            member(*from)?;
            member(*to)?;
            if from == to {
                Err(SimError::SelfLink(*from))
            } else {
                Ok(())
            }
        }
        Action::Isolate { node } | Action::Rejoin { node } => member(*node),
        Action::Split { side } => {
            side.members().try_for_each(member)?;
            if side.is_empty() || side.len() >= config.nodes {
                Err(SimError::OneSided)
            } else {
                Ok(())
            }
        }
        Action::HealAll | Action::NewRound | Action::SetFlaw { .. } => Ok(()),
        Action::Deliver { .. } | Action::DeliverCopy { .. } | Action::Drop { .. } => manual(true),
        Action::FireTimer { node } => {
            manual(true)?;
            member(*node)
        }
    }
}

/// A 64-bit FNV-1a hash of a trace's JSON: a short fingerprint for comparing
/// runs across platforms.
pub fn fingerprint(events: &[Entry]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for entry in events {
        let json = serde_json::to_string(entry).expect("events always serialise");
        for byte in json.bytes().chain(std::iter::once(b'\n')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}
