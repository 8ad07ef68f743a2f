//! The model checker: every interleaving of a small cluster, breadth first.
//!
//! The network is the classic unordered, duplicating one: every message ever
//! sent stays available, and a step may deliver any of them, again and
//! again, or never. That single rule covers reordering, duplication and loss
//! at once. Proposers may time out at any moment and retry while their ballot
//! budget lasts, and may be asked to propose again (with a new value) as
//! often as the model allows; nodes may crash and restart within a crash
//! budget. Messages a node sends to itself are delivered at once, as in the
//! simulator. A new round needs no model of its own: the simulator starts it
//! by discarding every message and resetting every node, which is the
//! initial state again.
//!
//! States are compared by a 64-bit fingerprint, as TLC does; the search
//! keeps one parent link per state so it can rebuild the shortest path to a
//! violation. That path converts into simulator actions ([`to_trace`]), so a
//! counterexample replays — and is re-checked — in the simulator itself, and
//! can be saved as a trace file for the page.
//!
//! The search is resumable: a [`Search`] runs for a budget of states or
//! transitions, reports its [`Progress`], and continues where it stopped,
//! so a page can run it in slices without freezing. [`explore`] runs one to
//! the end. Its pruning of messages that can no longer matter is a switch
//! ([`Model::prune`]), so tests can check that the shortcut hides nothing.
//!
//! A search may stop at the first broken property or, with
//! [`Goal::SplitBrain`], only where two nodes have learned different
//! values: the failure a user of the cluster sees. [`Request`], [`Update`]
//! and [`Outcome`] are what a page and a search in a Web Worker say to each
//! other; they are serde types, and a counterexample travels as a share
//! link, a format the page already reads and checks.

use super::check::{Checker, Finding, Property, Snapshot, Violation};
use super::config::{Settings, SimConfig};
use super::dispatch::{carry_out, Host};
use super::link;
use super::narrate::describe;
use super::trace::{Action, Event, Position, TraceFile, TraceMode};
use super::world::Sim;
use crate::paxos::{Flaw, Flaws, Message, Node, NodeId, NodeSet, Note, Output, Phase, TimerKind, Value, MAX_CLUSTER};
use serde::{Deserialize, Serialize};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A stopwatch that reads the clock natively and reads zero in wasm, where
/// `std` has no clock (the page times searches itself).
struct Stopwatch(#[cfg(not(target_arch = "wasm32"))] std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(
            #[cfg(not(target_arch = "wasm32"))]
            std::time::Instant::now(),
        )
    }

    fn elapsed_ms(&self) -> f64 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.elapsed().as_secs_f64() * 1000.0;
        #[cfg(target_arch = "wasm32")]
        0.0
    }
}

/// The most proposers a model may have (each keeps a 4-bit request count).
pub const MAX_PROPOSERS: usize = 8;
/// The most times one proposer may be asked to propose.
pub const MAX_PROPOSALS: u8 = 15;
/// The most states the page's "Find a bug" search visits: about ten times
/// the largest search any single rule break needs (correct Paxos, 189,483
/// states), and a number a JavaScript message carries exactly.
pub const PAGE_MAX_STATES: u64 = 2_000_000;
// A JavaScript number holds whole numbers exactly up to 2^53.
const _: () = assert!(PAGE_MAX_STATES < 1 << 53);

/// What to explore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Cluster size; every node is an acceptor.
    pub nodes: usize,
    /// The proposers and the value each proposes first.
    pub proposers: Vec<(NodeId, Value)>,
    /// Per proposer, in the same order: the highest ballot number it may use,
    /// overriding `max_ballot`. Lets one proposer retry while another
    /// cannot, which keeps retries in a search that still finishes.
    pub ballots: Vec<u32>,
    /// The highest ballot number any proposer may use.
    pub max_ballot: u32,
    /// How many crashes may happen in one run.
    pub max_crashes: u8,
    /// How many times each proposer may be asked to propose (1 to
    /// [`MAX_PROPOSALS`]). The k-th request carries a fresh value: `a`,
    /// then `a2`, `a3`… So a proposer can start again after giving up,
    /// after deciding, or after a crash.
    pub proposals: u8,
    /// Rule breaks switched on.
    pub flaws: Flaws,
    /// Stop after this many unique states (the report then says incomplete).
    pub max_states: u64,
    /// Expand no state deeper than this many steps: a bounded search, whose
    /// report then says incomplete if anything lay beyond.
    pub max_depth: u32,
    /// Look only for violations of this property (all of them if none).
    pub target: Option<Property>,
    /// Drop messages that can no longer change anything (see
    /// [`Search`]). Sound for the protocol as written, and it shrinks the
    /// search a lot; switch it off to check that it hides nothing.
    pub prune: bool,
    /// What the search stops at.
    #[serde(default)]
    pub goal: Goal,
}

/// What a search stops at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// The first broken safety property ([`Model::target`]'s, if set).
    #[default]
    Violation,
    /// The first state in which two nodes have learned different values:
    /// the failure a user of the cluster sees. Broken properties that do
    /// not lead there are passed by.
    SplitBrain,
}

/// Why a model cannot be searched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ModelError {
    /// The cluster needs 1 to [`MAX_CLUSTER`] nodes.
    Nodes {
        /// The size asked for.
        nodes: usize,
    },
    /// A model needs 1 to [`MAX_PROPOSERS`] proposers, each a distinct node
    /// of the cluster.
    Proposers {
        /// What is wrong.
        why: String,
    },
    /// `ballots` must be empty or list one number per proposer.
    Ballots {
        /// Proposers.
        proposers: usize,
        /// Numbers listed.
        listed: usize,
    },
    /// A proposer may be asked to propose 1 to [`MAX_PROPOSALS`] times.
    Proposals {
        /// The number asked for.
        proposals: u8,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Nodes { nodes } => write!(f, "A model needs 1 to {MAX_CLUSTER} nodes, not {nodes}."),
            ModelError::Proposers { why } => write!(f, "Bad proposers: {why}."),
            ModelError::Ballots { proposers, listed } => {
                write!(f, "List one ballot limit per proposer ({proposers}), not {listed}.")
            }
            ModelError::Proposals { proposals } => {
                write!(f, "A proposer may propose 1 to {MAX_PROPOSALS} times, not {proposals}.")
            }
        }
    }
}

impl std::error::Error for ModelError {}

impl Model {
    /// `nodes` acceptors; proposers at nodes 1, 2, … with values `a`, `b`, …
    pub fn new(nodes: usize, proposers: usize, max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        let proposers = NodeId::members(proposers.min(nodes))
            .map(|id| (id, Value::from(char::from(b'a' + (id.index() % 26) as u8).to_string().as_str())))
            .collect();
        Model {
            nodes,
            proposers,
            ballots: Vec::new(),
            max_ballot,
            max_crashes,
            proposals: 1,
            flaws,
            max_states: u64::MAX,
            max_depth: u32::MAX,
            target: None,
            prune: true,
            goal: Goal::Violation,
        }
    }

    /// The model the page's "Find a bug" searches: 3 nodes, proposers at
    /// nodes 1 and 2 with two ballots each (so refusals and retries are in
    /// it), stopping where two nodes learn different values. Amnesia bites
    /// only when a node restarts, so with it on, one crash is allowed too.
    /// At most [`PAGE_MAX_STATES`] states, so a browser tab's memory stays
    /// bounded whatever rules are broken.
    pub fn find_bug(flaws: Flaws) -> Model {
        Model {
            goal: Goal::SplitBrain,
            max_states: PAGE_MAX_STATES,
            ..Model::small(2, u8::from(flaws.has(Flaw::Amnesia)), flaws)
        }
    }

    /// Three acceptors, proposers at nodes 1 and 2 with values `a` and `b`.
    pub fn small(max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        Model::new(3, 2, max_ballot, max_crashes, flaws)
    }

    /// Check the model's bounds; the error says what is wrong.
    pub fn validate(&self) -> Result<(), ModelError> {
        if !(1..=MAX_CLUSTER).contains(&self.nodes) {
            return Err(ModelError::Nodes { nodes: self.nodes });
        }
        let bad = |why: String| Err(ModelError::Proposers { why });
        if self.proposers.is_empty() || self.proposers.len() > MAX_PROPOSERS {
            return bad(format!("need 1 to {MAX_PROPOSERS}, not {}", self.proposers.len()));
        }
        for (k, (node, _)) in self.proposers.iter().enumerate() {
            if !node.is_member_of(self.nodes) {
                return bad(format!("node {node} is not one of the {} nodes", self.nodes));
            }
            if self.proposers[..k].iter().any(|(other, _)| other == node) {
                return bad(format!("node {node} is listed twice"));
            }
        }
        if !self.ballots.is_empty() && self.ballots.len() != self.proposers.len() {
            return Err(ModelError::Ballots { proposers: self.proposers.len(), listed: self.ballots.len() });
        }
        if !(1..=MAX_PROPOSALS).contains(&self.proposals) {
            return Err(ModelError::Proposals { proposals: self.proposals });
        }
        Ok(())
    }

    /// The highest ballot number the proposer at `node` may use.
    pub fn ballot_limit(&self, node: NodeId) -> u32 {
        self.proposers
            .iter()
            .position(|(n, _)| *n == node)
            .and_then(|p| self.ballots.get(p))
            .copied()
            .unwrap_or(self.max_ballot)
    }

    /// The value proposer number `p` proposes at its `k`-th request (from
    /// 0): its own value, then the value with the request's number.
    pub fn value(&self, p: usize, k: u8) -> Value {
        let first = &self.proposers[p].1;
        if k == 0 {
            first.clone()
        } else {
            Value::from(format!("{first}{}", k + 1).as_str())
        }
    }

    /// The model in one line.
    pub fn describe(&self) -> String {
        let flaws: Vec<&str> = self.flaws.iter().map(|f| f.name()).collect();
        format!(
            "{} nodes, {} proposers{}, ballots up to {}, up to {} crashes, flaws: {}{}",
            self.nodes,
            self.proposers.len(),
            if self.proposals > 1 { format!(" asked up to {} times each", self.proposals) } else { String::new() },
            if self.ballots.is_empty() {
                self.max_ballot.to_string()
            } else {
                self.ballots.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
            },
            self.max_crashes,
            if flaws.is_empty() { "none".to_string() } else { flaws.join(", ") },
            if self.prune { "" } else { ", no pruning" }
        ) + &if self.max_depth < u32::MAX { format!(", depth up to {}", self.max_depth) } else { String::new() }
            + if self.goal == Goal::SplitBrain { ", until two values are learned" } else { "" }
    }
}

/// One step of a counterexample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// A proposer is asked to propose.
    Propose {
        /// The node.
        node: NodeId,
        /// Its value.
        value: Value,
    },
    /// A message is delivered (perhaps not for the first time).
    Deliver {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
    },
    /// A node's timer fires.
    Timeout {
        /// The node.
        node: NodeId,
    },
    /// A node crashes.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A node restarts.
    Restart {
        /// The node.
        node: NodeId,
    },
}

/// The shortest path found to a violation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The steps from the initial state.
    pub steps: Vec<Step>,
    /// What broke at the last step.
    pub violation: Violation,
}

/// How far a search has got. Cheap to make; a page shows it between
/// slices of work.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Unique states reached so far.
    pub states: u64,
    /// Transitions taken so far (successor states generated).
    pub transitions: u64,
    /// Length of the longest shortest path found so far.
    pub depth: u32,
    /// States reached but not yet expanded.
    pub queued: u64,
    /// Milliseconds spent searching, over every slice (zero in wasm,
    /// where the caller keeps time).
    pub elapsed_ms: f64,
    /// Whether the search has finished; [`Search::report`] then has the
    /// result.
    pub done: bool,
}

/// What a finished search found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Unique states reached.
    pub states: u64,
    /// Transitions taken (successor states generated).
    pub transitions: u64,
    /// Length of the longest shortest path explored.
    pub depth: u32,
    /// Milliseconds spent searching (zero in wasm; see [`Progress`]).
    pub elapsed_ms: f64,
    /// True if every reachable state was visited.
    pub complete: bool,
    /// The first violation found, by a shortest path.
    pub counterexample: Option<Counterexample>,
}

impl Report {
    /// States per second, natively (zero when no time was measured).
    pub fn states_per_second(&self) -> f64 {
        if self.elapsed_ms > 0.0 {
            self.states as f64 * 1000.0 / self.elapsed_ms
        } else {
            0.0
        }
    }
}

/// How much work one [`Search::run`] call may do before it reports back.
/// The search stops at the first state boundary after the budget is spent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Budget {
    /// Until this many new unique states are found.
    States(u64),
    /// Until this many transitions are taken.
    Transitions(u64),
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Packet {
    from: NodeId,
    to: NodeId,
    msg: Message,
}

#[derive(Debug)]
struct State {
    nodes: Vec<Node>,
    down: NodeSet,
    crashes: u8,
    /// Per proposer, 4 bits each: how many times it has been asked to propose.
    asked: u32,
    /// Every message ever sent between two nodes, sorted, without repeats.
    net: Vec<Packet>,
    /// The network's share of the fingerprint: a sum of packet hashes, kept
    /// up to date as packets join, so the whole set is never rehashed.
    net_hash: u64,
    checker: Checker,
}

impl Clone for State {
    fn clone(&self) -> State {
        State {
            nodes: self.nodes.clone(),
            down: self.down,
            crashes: self.crashes,
            asked: self.asked,
            net: self.net.clone(),
            net_hash: self.net_hash,
            checker: self.checker.clone(),
        }
    }

    /// Reuses this state's buffers: the search clones a state for every
    /// transition, and most children are thrown away as already seen.
    fn clone_from(&mut self, source: &State) {
        self.nodes.clone_from(&source.nodes);
        self.down = source.down;
        self.crashes = source.crashes;
        self.asked = source.asked;
        self.net.clone_from(&source.net);
        self.net_hash = source.net_hash;
        self.checker.clone_from(&source.checker);
    }
}

/// A transition, compact enough to keep one per state for path rebuilding.
#[derive(Clone, Copy, Debug)]
enum Move {
    Propose(u8),
    Deliver(u32),
    Timeout(u8),
    Crash(u8),
    Restart(u8),
}

/// A hasher that passes fingerprints through untouched: they are hashes
/// already.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// FxHash with a 64-bit state on every platform. rustc-hash's `FxHasher`
/// keeps a `usize`, so in wasm32 fingerprints would have only 32 bits: a
/// few of the page's 189,483 states would collide and go unexplored.
#[derive(Default)]
struct Fx64(u64);

impl Fx64 {
    fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for Fx64 {
    fn write(&mut self, bytes: &[u8]) {
        // Values are short words: a word of up to 8 bytes is one step.
        for word in bytes.chunks(8) {
            self.add(word.iter().fold(0, |w, b| (w << 8) | u64::from(*b)));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The multiplication leaves the best bits at the top.
        self.0.rotate_left(26)
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = Fx64::default();
    value.hash(&mut h);
    h.finish()
}

fn fingerprint(state: &State) -> u64 {
    let mut h = Fx64::default();
    state.nodes.hash(&mut h);
    (state.down, state.crashes, state.asked, state.net_hash).hash(&mut h);
    state.checker.hash(&mut h);
    h.finish()
}

impl State {
    fn initial(model: &Model) -> State {
        State {
            nodes: NodeId::members(model.nodes).filter_map(|id| Node::new(id, model.nodes, model.flaws).ok()).collect(),
            down: NodeSet::EMPTY,
            crashes: 0,
            asked: 0,
            net: Vec::new(),
            net_hash: 0,
            checker: Checker::new(model.nodes),
        }
    }

    fn is_down(&self, node: NodeId) -> bool {
        self.down.contains(node)
    }

    /// How many times proposer number `p` has been asked to propose.
    fn asked(&self, p: usize) -> u8 {
        ((self.asked >> (4 * p)) & 0xF) as u8
    }

    fn can_start_ballot(&self, node: &Node, model: &Model) -> bool {
        node.proposer.highest_num < model.ballot_limit(node.id)
    }

    fn moves(&self, model: &Model, out: &mut Vec<Move>) {
        out.clear();
        for (p, (node, _)) in model.proposers.iter().enumerate() {
            if self.asked(p) < model.proposals
                && !self.is_down(*node)
                && self.can_start_ballot(&self.nodes[node.index()], model)
            {
                out.push(Move::Propose(p as u8));
            }
        }
        for (k, packet) in self.net.iter().enumerate() {
            if !self.is_down(packet.to) {
                out.push(Move::Deliver(k as u32));
            }
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if self.is_down(node.id) {
                if self.crashes <= model.max_crashes {
                    out.push(Move::Restart(i as u8));
                }
                continue;
            }
            // Any armed timer may fire next. A proposer arms one exactly in
            // these phases and stops it when it leaves them
            // (`Output::CancelTimer`); a retry also needs a ballot left.
            let can_time_out = match node.proposer.phase {
                Phase::Preparing { .. } | Phase::Accepting { .. } => true,
                Phase::Backoff { .. } => self.can_start_ballot(node, model),
                Phase::Idle | Phase::Decided { .. } => false,
            };
            if can_time_out {
                out.push(Move::Timeout(i as u8));
            }
            if self.crashes < model.max_crashes {
                out.push(Move::Crash(i as u8));
            }
        }
    }

    /// Take one move; return the step it was and what the checker found.
    fn take(&mut self, mv: Move, model: &Model, findings: &mut Vec<Finding>) -> Step {
        let step = self.apply_move(mv, model, findings);
        if model.prune {
            self.prune(model);
        }
        step
    }

    fn apply_move(&mut self, mv: Move, model: &Model, findings: &mut Vec<Finding>) -> Step {
        match mv {
            Move::Propose(p) => {
                let p = usize::from(p);
                let node = model.proposers[p].0;
                let value = model.value(p, self.asked(p));
                self.asked += 1 << (4 * p);
                self.checker.proposed(&value);
                let v = value.clone();
                // `moves` offers this only while a ballot number is left.
                self.run(node.index(), findings, |n, out| {
                    let _refused = n.propose(v, out);
                });
                Step::Propose { node, value }
            }
            Move::Deliver(k) => {
                let Packet { from, to, msg } = self.net[k as usize].clone();
                let m = msg.clone();
                self.run(to.index(), findings, |n, out| n.on_message(from, m, out));
                Step::Deliver { from, to, msg }
            }
            Move::Timeout(i) => {
                let i = usize::from(i);
                self.run(i, findings, |n, out| n.on_timeout(out));
                Step::Timeout { node: self.nodes[i].id }
            }
            Move::Crash(i) => {
                let i = usize::from(i);
                let node = self.nodes[i].id;
                self.down.insert(node);
                self.crashes += 1;
                self.run(i, findings, |n, out| n.crash(out));
                Step::Crash { node }
            }
            Move::Restart(i) => {
                let i = usize::from(i);
                let node = self.nodes[i].id;
                self.down.remove(node);
                self.run(i, findings, |n, out| n.restart(out));
                Step::Restart { node }
            }
        }
    }

    /// Feed one input to node `i`, then deliver its messages to itself (and
    /// theirs, in turn) at once; messages to others join the network.
    fn run(&mut self, i: usize, findings: &mut Vec<Finding>, input: impl FnOnce(&mut Node, &mut Vec<Output>)) {
        let mut local: VecDeque<(NodeId, Message)> = VecDeque::new();
        let mut out = Vec::new();
        let me = self.nodes[i].id;
        let before = Snapshot::of(&self.nodes[i]);
        input(&mut self.nodes[i], &mut out);
        let after = Snapshot::of(&self.nodes[i]);
        carry_out(&mut Network { state: self, local: &mut local }, me, &before, &after, &mut out, findings);
        while let Some((from, msg)) = local.pop_front() {
            let before = Snapshot::of(&self.nodes[i]);
            self.nodes[i].on_message(from, msg, &mut out);
            let after = Snapshot::of(&self.nodes[i]);
            carry_out(&mut Network { state: self, local: &mut local }, me, &before, &after, &mut out, findings);
        }
    }

    fn post(&mut self, from: NodeId, to: NodeId, msg: Message, local: &mut VecDeque<(NodeId, Message)>) {
        if from == to {
            local.push_back((from, msg));
        } else {
            let packet = Packet { from, to, msg };
            if let Err(at) = self.net.binary_search(&packet) {
                self.net_hash = self.net_hash.wrapping_add(packet_hash(&packet));
                self.net.insert(at, packet);
            }
        }
    }

    /// Drop messages that can no longer change anything, so that states
    /// differing only in such leftovers count as one. A reply for a ballot
    /// its proposer has left behind stays useless forever: new ballots are
    /// numbered above every number the proposer has seen.
    ///
    /// This leans on the very lines that ignore stale replies and keep the
    /// highest number seen: a regression there is hidden from a pruned
    /// search. [`Model::prune`] switches it off.
    fn prune(&mut self, model: &Model) {
        let (nodes, asked) = (&self.nodes, self.asked);
        let mut removed = 0u64;
        self.net.retain(|packet| {
            let dead = is_dead(&nodes[packet.to.index()], packet, model, asked);
            if dead {
                removed = removed.wrapping_add(packet_hash(packet));
            }
            !dead
        });
        self.net_hash = self.net_hash.wrapping_sub(removed);
    }
}

/// The model checker's side of [`carry_out`]: a message to oneself is
/// handled at once, any other joins the set of packets that may be
/// delivered later, and timers need no clock (a timeout is a move of its
/// own).
struct Network<'a> {
    state: &'a mut State,
    local: &'a mut VecDeque<(NodeId, Message)>,
}

impl Host for Network<'_> {
    fn cluster(&self) -> usize {
        self.state.nodes.len()
    }
    fn checker(&mut self) -> &mut Checker {
        &mut self.state.checker
    }
    fn send(&mut self, from: NodeId, to: NodeId, msg: Message) {
        self.state.post(from, to, msg, self.local);
    }
    // The search has no clock: a timer's state is read off the proposer's
    // phase instead (see `moves`), so setting and stopping one is a no-op.
    fn set_timer(&mut self, _: NodeId, _: TimerKind) {}
    fn cancel_timer(&mut self, _: NodeId) {}
    fn note(&mut self, _: NodeId, _: Note) {}
}

/// Each packet's share of the network fingerprint. Spread before summing, so
/// that sums over different sets rarely collide.
fn packet_hash(packet: &Packet) -> u64 {
    hash_of(packet).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d
}

/// Whether delivering `packet` to `node`, now or ever after, changes nothing.
fn is_dead(node: &Node, packet: &Packet, model: &Model, asked: u32) -> bool {
    let p = &node.proposer;
    let seen = |num: u32| num <= p.highest_num;
    match &packet.msg {
        Message::Promise { ballot, .. } => {
            !matches!(p.phase, Phase::Preparing { ballot: b, .. } if b == *ballot) && seen(ballot.num)
        }
        Message::Accepted { proposal } => {
            !matches!(p.phase, Phase::Accepting { ballot: b, .. } if b == proposal.ballot) && seen(proposal.ballot.num)
        }
        Message::Nack { ballot, promised } => p.phase.ballot() != Some(*ballot) && seen(ballot.num.max(promised.num)),
        Message::Decide { value } => {
            // A proposer that may still be asked to propose would be stopped
            // by it.
            let may_start = model
                .proposers
                .iter()
                .enumerate()
                .any(|(i, (n, _))| *n == node.id && ((asked >> (4 * i)) & 0xF) < u32::from(model.proposals));
            node.learned.as_ref() == Some(value)
                && !may_start
                && match &p.phase {
                    Phase::Decided { value: v } => v == value,
                    Phase::Idle => true,
                    _ => false,
                }
        }
        Message::Prepare { .. } | Message::Accept { .. } => false,
    }
}

/// A breadth-first search of one model that can be run in slices.
///
/// ```
/// use paxos_playground::paxos::Flaws;
/// use paxos_playground::sim::explore::{Budget, Model, Search};
///
/// let mut search = Search::new(Model::small(1, 0, Flaws::NONE)).unwrap();
/// while !search.run(Budget::States(500)).done {
///     // show search.progress(), yield to the page…
/// }
/// let report = search.report().unwrap();
/// assert!(report.complete && report.counterexample.is_none());
/// ```
pub struct Search {
    model: Model,
    seen: HashSet<u64, BuildHasherDefault<PassThrough>>,
    /// One entry per state: its parent's index and the move that led here.
    parents: Vec<(u32, Move)>,
    /// States found but not expanded: index, depth, state.
    queue: VecDeque<(u32, u32, State)>,
    transitions: u64,
    depth: u32,
    elapsed_ms: f64,
    /// Scratch buffers, reused for every transition.
    child: State,
    moves: Vec<Move>,
    findings: Vec<Finding>,
    report: Option<Report>,
    /// Whether a state was left unexpanded for lying at `max_depth`.
    cut_off: bool,
}

impl Search {
    /// A search of `model`, not yet started. Refused if the model is out of
    /// bounds.
    pub fn new(model: Model) -> Result<Search, ModelError> {
        model.validate()?;
        let initial = State::initial(&model);
        let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> = HashSet::default();
        seen.insert(fingerprint(&initial));
        Ok(Search {
            child: initial.clone(),
            queue: VecDeque::from([(0, 0, initial)]),
            seen,
            parents: vec![(u32::MAX, Move::Propose(0))],
            transitions: 0,
            depth: 0,
            elapsed_ms: 0.0,
            moves: Vec::new(),
            findings: Vec::new(),
            report: None,
            cut_off: false,
            model,
        })
    }

    /// The model being searched.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Search on until `budget` is spent or the search is done.
    pub fn run(&mut self, budget: Budget) -> Progress {
        if self.report.is_some() {
            return self.progress();
        }
        let watch = Stopwatch::start();
        let (states, transitions) = (self.seen.len() as u64, self.transitions);
        while self.report.is_none() {
            let spent = match budget {
                Budget::States(n) => self.seen.len() as u64 - states >= n,
                Budget::Transitions(n) => self.transitions - transitions >= n,
            };
            if spent {
                break;
            }
            match self.queue.pop_front() {
                Some((index, depth, state)) => self.expand(index, depth, &state),
                None => self.finish(!self.cut_off, None),
            }
        }
        self.elapsed_ms += watch.elapsed_ms();
        if let Some(report) = &mut self.report {
            report.elapsed_ms = self.elapsed_ms;
        }
        self.progress()
    }

    /// Run to the end and return the report.
    pub fn run_to_end(mut self) -> Report {
        self.run(Budget::Transitions(u64::MAX));
        self.report.expect("an unlimited budget runs a search to its end")
    }

    /// How far the search has got.
    pub fn progress(&self) -> Progress {
        Progress {
            states: self.seen.len() as u64,
            transitions: self.transitions,
            depth: self.depth,
            queued: self.queue.len() as u64,
            elapsed_ms: self.elapsed_ms,
            done: self.report.is_some(),
        }
    }

    /// The result, once the search is done.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Generate every successor of `state`, the state at `index`.
    fn expand(&mut self, index: u32, depth: u32, state: &State) {
        let model = &self.model;
        if depth >= model.max_depth {
            self.cut_off = true;
            return;
        }
        state.moves(model, &mut self.moves);
        for k in 0..self.moves.len() {
            let mv = self.moves[k];
            self.child.clone_from(state);
            self.findings.clear();
            self.child.take(mv, model, &mut self.findings);
            self.transitions += 1;
            if !self.seen.insert(fingerprint(&self.child)) {
                continue;
            }
            self.parents.push((index, mv));
            let child_index = (self.parents.len() - 1) as u32;
            self.depth = self.depth.max(depth + 1);
            let violation = match model.goal {
                Goal::Violation => self.findings.iter().find_map(|f| match f {
                    Finding::Violation(v) if model.target.is_none_or(|t| t == v.property()) => Some(v.clone()),
                    _ => None,
                }),
                Goal::SplitBrain => split_brain(&self.child),
            };
            if let Some(violation) = violation {
                let steps = rebuild(model, &self.parents, child_index);
                self.finish(false, Some(Counterexample { steps, violation }));
                return;
            }
            if self.seen.len() as u64 >= model.max_states {
                self.finish(false, None);
                return;
            }
            self.queue.push_back((child_index, depth + 1, self.child.clone()));
        }
    }

    /// Record the result and free the search's memory.
    fn finish(&mut self, complete: bool, counterexample: Option<Counterexample>) {
        self.report = Some(Report {
            states: self.seen.len() as u64,
            transitions: self.transitions,
            depth: self.depth,
            elapsed_ms: self.elapsed_ms,
            complete,
            counterexample,
        });
        self.queue = VecDeque::new();
        self.parents = Vec::new();
    }
}

/// Explore every reachable state of `model`, breadth first, stopping at the
/// first violation: a [`Search`] run to its end.
pub fn explore(model: &Model) -> Result<Report, ModelError> {
    Ok(Search::new(model.clone())?.run_to_end())
}

/// Two nodes of `state` that learned different values, told as the
/// learner-consistency break it is: the node whose value is not the chosen
/// one (the first, if nothing is chosen). The state is judged, not the
/// step: the step that completes a split may be a node learning the chosen
/// value after another learned a value no majority accepted.
fn split_brain(state: &State) -> Option<Violation> {
    let mut learned = state.nodes.iter().filter_map(|n| n.learned.as_ref().map(|v| (n.id, v)));
    let first = learned.next()?;
    let other = learned.find(|(_, v)| *v != first.1)?;
    let chosen = state.checker.chosen().map(|c| &c.value);
    let (node, value) = if chosen == Some(first.1) { other } else { first };
    Some(Violation::Learner { node, learned: value.clone(), chosen: chosen.cloned() })
}

fn rebuild(model: &Model, parents: &[(u32, Move)], mut index: u32) -> Vec<Step> {
    let mut path = Vec::new();
    while index != 0 {
        let (parent, mv) = parents[index as usize];
        path.push(mv);
        index = parent;
    }
    path.reverse();
    let mut state = State::initial(model);
    let mut findings = Vec::new();
    path.into_iter().map(|mv| state.take(mv, model, &mut findings)).collect()
}

/// Turn a counterexample into a simulator run in manual mode: each step
/// becomes an action, so the simulator's own checker can confirm the
/// violation and the page can replay it step by step, a step every
/// [`STEP_TICKS`].
pub fn to_trace(model: &Model, steps: &[Step]) -> Result<TraceFile, String> {
    let mut config = SimConfig::new(model.nodes, 0);
    config.manual = true;
    config.flaws = model.flaws;
    config.settings = Settings::reliable(model.nodes);
    let mut sim = Sim::with_trace(config, TraceMode::Full).map_err(|e| e.to_string())?;
    for (k, step) in steps.iter().enumerate() {
        // The k-th step (from 1) happens at tick k × STEP_TICKS, after the
        // run's start at tick 0. A timeline tells moments apart by
        // (events, tick), and a delivery by hand is not an event of the
        // queue: without the ticks, steps would merge into one moment.
        // Nothing in manual mode waits on the clock, so the run is
        // otherwise the same.
        let at = (k as u64 + 1).saturating_mul(STEP_TICKS);
        sim.advance_to(Position { step: sim.position().step, at });
        let action = match step {
            Step::Propose { node, value } => Action::Propose { node: *node, value: value.to_string() },
            Step::Timeout { node } => Action::FireTimer { node: *node },
            Step::Crash { node } => Action::Crash { node: *node },
            Step::Restart { node } => Action::Restart { node: *node },
            Step::Deliver { from, to, msg } => {
                let id = sim
                    .flights()
                    .find(|f| f.from == *from && f.to == *to && f.msg == *msg)
                    .map(|f| f.id)
                    .ok_or_else(|| format!("step {}: no such message in flight: {msg}", k + 1))?;
                // Keep the original in flight if a later step delivers it again.
                let again = steps[k + 1..].iter().any(|s| s == step);
                if again {
                    Action::DeliverCopy { id }
                } else {
                    Action::Deliver { id }
                }
            }
        };
        sim.apply(action).map_err(|e| format!("step {}: {e}", k + 1))?;
    }
    Ok(sim.to_trace_file())
}

/// Ticks between two steps of a counterexample turned into a run: one
/// second of the page's clock, so playing it shows a step a second.
pub const STEP_TICKS: u64 = 1_000;

/// The counterexample's trace told step by step, for people: every event
/// except the individual sends, numbered by tick-free position.
pub fn story(trace: &TraceFile) -> Vec<String> {
    trace.events.iter().filter(|e| !matches!(e.event, Event::Sent { .. })).map(|e| describe(&e.event)).collect()
}

// ----- a search in a Web Worker ------------------------------------------

/// How many new states the page's worker searches before it lets its event
/// loop turn: about 20 ms of work in a browser, so a Cancel (which ends the
/// worker at its next turn) takes effect well within 100 ms, while the
/// turns themselves cost nothing measurable.
pub const WORKER_SLICE: u64 = 500;

/// What a page asks of a search running in a Web Worker. (Externally
/// tagged, as are the updates: the cheapest form to decode in the page.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Search this model to the end, reporting progress on the way.
    Search {
        /// The model.
        model: Model,
    },
}

/// What a search worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Update {
    /// The worker is loaded and listening: send the [`Request`] now.
    Ready,
    /// How far the search has got; the worker fills in `elapsed_ms`.
    Progress(Progress),
    /// The search is done.
    Done(Outcome),
    /// The request could not be searched, in plain words.
    Failed {
        /// Why.
        why: String,
    },
}

/// A finished search as a page needs it: the figures, and any bug found as
/// a run the page can open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The search's last progress (`done` is true).
    pub progress: Progress,
    /// True if every reachable state was visited.
    pub complete: bool,
    /// The shortest counterexample, if the search found one.
    pub found: Option<Found>,
}

/// A counterexample, ready for the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Found {
    /// How many steps it takes.
    pub steps: u32,
    /// What broke, in plain words.
    pub violation: String,
    /// The counterexample as a simulator run in share-link form (see
    /// [`link`]), opening at its start. The page already reads and checks
    /// that format, so it needs no second decoder for runs.
    pub run: String,
}

impl Outcome {
    /// The outcome of a finished search of `model`, its counterexample
    /// turned into a simulator run ([`to_trace`]). Fails only if that run
    /// cannot be replayed, which would be a bug in the explorer.
    pub fn of(model: &Model, progress: Progress, report: &Report) -> Result<Outcome, String> {
        let found = match &report.counterexample {
            None => None,
            Some(cx) => {
                let trace = to_trace(model, &cx.steps)?;
                let violation = match model.goal {
                    Goal::Violation => cx.violation.to_string(),
                    Goal::SplitBrain => split_sentence(&trace)?,
                };
                Some(Found {
                    steps: u32::try_from(cx.steps.len()).unwrap_or(u32::MAX),
                    violation,
                    run: link::encode(&trace.config, &trace.actions, Position::default(), trace.end),
                })
            }
        };
        Ok(Outcome { progress: Progress { done: true, ..progress }, complete: report.complete, found })
    }
}

/// What each node learned at the end of a split-brain run, in one
/// sentence: "… node 1 learned “a”, node 2 learned “b”."
fn split_sentence(trace: &TraceFile) -> Result<String, String> {
    let sim = Sim::from_trace_file(trace).map_err(|e| e.to_string())?;
    let learned: Vec<String> = sim
        .nodes()
        .filter_map(|v| v.node.learned.as_ref().map(|value| format!("node {} learned “{value}”", v.node.id)))
        .collect();
    Ok(format!("Two nodes learned different values: {}.", learned.join(", ")))
}
