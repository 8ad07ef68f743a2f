//! The model checker: every interleaving of a small cluster, breadth first.
//!
//! The network is the classic unordered, duplicating one: every message ever
//! sent stays available, and a step may deliver any of them, again and
//! again, or never. That single rule covers reordering, duplication and loss
//! at once. Proposers may time out at any moment and retry while their ballot
//! budget lasts; nodes may crash and restart within a crash budget. Messages
//! a node sends to itself are delivered at once, as in the simulator.
//!
//! States are compared by a 64-bit fingerprint, as TLC does; the search
//! keeps one parent link per state so it can rebuild the shortest path to a
//! violation. That path converts into simulator actions ([`to_trace`]), so a
//! counterexample replays — and is re-checked — in the simulator itself, and
//! can be saved as a trace file for the page.

use super::check::{Checker, Finding, Property, Snapshot, Violation};
use super::config::{Settings, SimConfig};
use super::dispatch::{carry_out, Host};
use super::narrate::describe;
use super::trace::{Action, Event, TraceFile, TraceMode};
use super::world::Sim;
use crate::paxos::{Flaws, Message, Node, NodeId, Note, Output, Phase, TimerKind, Value};
use rustc_hash::FxHasher;
use std::collections::{HashSet, VecDeque};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::time::Duration;

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

    fn elapsed(&self) -> Duration {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.elapsed();
        #[cfg(target_arch = "wasm32")]
        Duration::ZERO
    }
}

/// What to explore.
#[derive(Clone, Debug)]
pub struct Model {
    /// Cluster size; every node is an acceptor.
    pub nodes: usize,
    /// The proposers and the value each proposes.
    pub proposers: Vec<(NodeId, Value)>,
    /// Per proposer, in the same order: the highest ballot number it may use,
    /// overriding `max_ballot`. Lets one proposer retry while another
    /// cannot, which keeps retries in a search that still finishes.
    pub ballots: Vec<u32>,
    /// The highest ballot number any proposer may use.
    pub max_ballot: u32,
    /// How many crashes may happen in one run.
    pub max_crashes: u8,
    /// Rule breaks switched on.
    pub flaws: Flaws,
    /// Stop after this many unique states (the report then says incomplete).
    pub max_states: u64,
    /// Look only for violations of this property (all four if none).
    pub target: Option<Property>,
}

impl Model {
    /// `nodes` acceptors; proposers at nodes 1, 2, … with values `a`, `b`, …
    pub fn new(nodes: usize, proposers: usize, max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        let proposers = (0..proposers.min(nodes))
            .map(|i| (NodeId::from_index(i), Value::from(((b'a' + i as u8) as char).to_string().as_str())))
            .collect();
        Model {
            nodes,
            proposers,
            ballots: Vec::new(),
            max_ballot,
            max_crashes,
            flaws,
            max_states: u64::MAX,
            target: None,
        }
    }

    /// Three acceptors, proposers at nodes 1 and 2 with values `a` and `b`.
    pub fn small(max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        Model::new(3, 2, max_ballot, max_crashes, flaws)
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

    /// The model in one line.
    pub fn describe(&self) -> String {
        let flaws: Vec<&str> = self.flaws.iter().map(|f| f.name()).collect();
        format!(
            "{} nodes, {} proposers, ballots up to {}, up to {} crashes, flaws: {}",
            self.nodes,
            self.proposers.len(),
            if self.ballots.is_empty() {
                self.max_ballot.to_string()
            } else {
                self.ballots.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
            },
            self.max_crashes,
            if flaws.is_empty() { "none".to_string() } else { flaws.join(", ") }
        )
    }
}

/// One step of a counterexample.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A proposer starts.
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
#[derive(Clone, Debug)]
pub struct Counterexample {
    /// The steps from the initial state.
    pub steps: Vec<Step>,
    /// What broke at the last step.
    pub violation: Violation,
}

/// What a search found.
#[derive(Clone, Debug)]
pub struct Report {
    /// Unique states reached.
    pub states: u64,
    /// Transitions taken (successor states generated).
    pub transitions: u64,
    /// Length of the longest shortest path explored.
    pub depth: u32,
    /// Wall-clock time.
    pub elapsed: Duration,
    /// True if every reachable state was visited.
    pub complete: bool,
    /// The first violation found, by a shortest path.
    pub counterexample: Option<Counterexample>,
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
    down: u32,
    crashes: u8,
    started: u32,
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
            started: self.started,
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
        self.started = source.started;
        self.net.clone_from(&source.net);
        self.net_hash = source.net_hash;
        self.checker.clone_from(&source.checker);
    }
}

/// A transition, compact enough to keep one per state for path rebuilding.
#[derive(Clone, Copy, Debug)]
enum Move {
    Propose(u8),
    Deliver(u16),
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

fn hash_of(value: &impl Hash) -> u64 {
    let mut h = FxHasher::default();
    value.hash(&mut h);
    h.finish()
}

fn fingerprint(state: &State) -> u64 {
    let mut h = FxHasher::default();
    state.nodes.hash(&mut h);
    (state.down, state.crashes, state.started, state.net_hash).hash(&mut h);
    state.checker.hash(&mut h);
    h.finish()
}

impl State {
    fn initial(model: &Model) -> State {
        State {
            nodes: (0..model.nodes).map(|i| Node::new(NodeId::from_index(i), model.nodes, model.flaws)).collect(),
            down: 0,
            crashes: 0,
            started: 0,
            net: Vec::new(),
            net_hash: 0,
            checker: Checker::new(model.nodes),
        }
    }

    fn is_down(&self, node: NodeId) -> bool {
        self.down & node.bit() != 0
    }

    fn can_start_ballot(&self, i: usize, model: &Model) -> bool {
        self.nodes[i].proposer.highest_num < model.ballot_limit(NodeId::from_index(i))
    }

    fn moves(&self, model: &Model, out: &mut Vec<Move>) {
        out.clear();
        for (p, (node, _)) in model.proposers.iter().enumerate() {
            if self.started & (1 << p) == 0 && !self.is_down(*node) && self.can_start_ballot(node.index(), model) {
                out.push(Move::Propose(p as u8));
            }
        }
        for (k, packet) in self.net.iter().enumerate() {
            if !self.is_down(packet.to) {
                out.push(Move::Deliver(k as u16));
            }
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if self.is_down(node.id) {
                if self.crashes <= model.max_crashes {
                    out.push(Move::Restart(i as u8));
                }
                continue;
            }
            let can_time_out = match node.proposer.phase {
                Phase::Preparing { .. } | Phase::Accepting { .. } => true,
                Phase::Backoff { .. } => self.can_start_ballot(i, model),
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
        self.prune(model);
        step
    }

    fn apply_move(&mut self, mv: Move, model: &Model, findings: &mut Vec<Finding>) -> Step {
        match mv {
            Move::Propose(p) => {
                let (node, value) = model.proposers[usize::from(p)].clone();
                self.started |= 1 << p;
                self.checker.proposed(&value);
                let v = value.clone();
                self.run(node.index(), findings, |n, out| n.propose(v, out));
                Step::Propose { node, value }
            }
            Move::Deliver(k) => {
                let Packet { from, to, msg } = self.net[usize::from(k)].clone();
                let m = msg.clone();
                self.run(to.index(), findings, |n, out| n.on_message(from, m, out));
                Step::Deliver { from, to, msg }
            }
            Move::Timeout(i) => {
                self.run(usize::from(i), findings, |n, out| n.on_timeout(out));
                Step::Timeout { node: NodeId::from_index(usize::from(i)) }
            }
            Move::Crash(i) => {
                let node = NodeId::from_index(usize::from(i));
                self.down |= node.bit();
                self.crashes += 1;
                self.run(usize::from(i), findings, |n, out| n.crash(out));
                Step::Crash { node }
            }
            Move::Restart(i) => {
                let node = NodeId::from_index(usize::from(i));
                self.down &= !node.bit();
                self.run(usize::from(i), findings, |n, out| n.restart(out));
                Step::Restart { node }
            }
        }
    }

    /// Feed one input to node `i`, then deliver its messages to itself (and
    /// theirs, in turn) at once; messages to others join the network.
    fn run(&mut self, i: usize, findings: &mut Vec<Finding>, input: impl FnOnce(&mut Node, &mut Vec<Output>)) {
        let mut local: VecDeque<(NodeId, Message)> = VecDeque::new();
        let mut out = Vec::new();
        let me = NodeId::from_index(i);
        let before = Snapshot::of(&self.nodes[i]);
        input(&mut self.nodes[i], &mut out);
        let after = Snapshot::of(&self.nodes[i]);
        carry_out(&mut Network { state: self, local: &mut local }, me, before, after, &mut out, findings);
        while let Some((from, msg)) = local.pop_front() {
            let before = Snapshot::of(&self.nodes[i]);
            self.nodes[i].on_message(from, msg, &mut out);
            let after = Snapshot::of(&self.nodes[i]);
            carry_out(&mut Network { state: self, local: &mut local }, me, before, after, &mut out, findings);
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
    fn prune(&mut self, model: &Model) {
        let (nodes, started) = (&self.nodes, self.started);
        let mut removed = 0u64;
        self.net.retain(|packet| {
            let dead = is_dead(&nodes[packet.to.index()], packet, model, started);
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
    fn set_timer(&mut self, _: NodeId, _: TimerKind) {}
    fn note(&mut self, _: NodeId, _: Note) {}
}

/// Each packet's share of the network fingerprint. Spread before summing, so
/// that sums over different sets rarely collide.
fn packet_hash(packet: &Packet) -> u64 {
    hash_of(packet).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d
}

/// Whether delivering `packet` to `node`, now or ever after, changes nothing.
fn is_dead(node: &Node, packet: &Packet, model: &Model, started: u32) -> bool {
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
            // A proposer that has yet to start would be stopped by it.
            let may_start =
                model.proposers.iter().enumerate().any(|(i, (n, _))| *n == node.id && started & (1 << i) == 0);
            node.learned.as_ref() == Some(value)
                && match &p.phase {
                    Phase::Decided { value: v } => v == value,
                    Phase::Idle => !may_start,
                    _ => false,
                }
        }
        Message::Prepare { .. } | Message::Accept { .. } => false,
    }
}

/// Explore every reachable state of `model`, breadth first, stopping at the
/// first violation.
pub fn explore(model: &Model) -> Report {
    let start = Stopwatch::start();
    let initial = State::initial(model);
    let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> = HashSet::default();
    seen.insert(fingerprint(&initial));
    // One entry per state: its parent's index and the move that led here.
    let mut parents: Vec<(u32, Move)> = vec![(u32::MAX, Move::Propose(0))];
    let mut child = initial.clone();
    let mut frontier: Vec<(u32, State)> = vec![(0, initial)];
    let (mut transitions, mut depth) = (0u64, 0u32);
    let mut moves = Vec::new();
    let mut findings = Vec::new();
    let mut complete = true;
    while !frontier.is_empty() {
        let mut next = Vec::new();
        for (index, state) in &frontier {
            state.moves(model, &mut moves);
            for &mv in &moves {
                child.clone_from(state);
                findings.clear();
                child.take(mv, model, &mut findings);
                transitions += 1;
                if !seen.insert(fingerprint(&child)) {
                    continue;
                }
                parents.push((*index, mv));
                let child_index = (parents.len() - 1) as u32;
                let violation = findings.iter().find_map(|f| match f {
                    Finding::Violation(v) if model.target.is_none_or(|t| t == v.property()) => Some(v.clone()),
                    _ => None,
                });
                if let Some(violation) = violation {
                    let steps = rebuild(model, &parents, child_index);
                    return Report {
                        states: seen.len() as u64,
                        transitions,
                        depth: depth + 1,
                        elapsed: start.elapsed(),
                        complete: false,
                        counterexample: Some(Counterexample { steps, violation }),
                    };
                }
                if seen.len() as u64 >= model.max_states {
                    complete = false;
                    break;
                }
                next.push((child_index, child.clone()));
            }
            if !complete {
                break;
            }
        }
        if !complete {
            break;
        }
        if !next.is_empty() {
            depth += 1;
        }
        frontier = next;
    }
    Report { states: seen.len() as u64, transitions, depth, elapsed: start.elapsed(), complete, counterexample: None }
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
/// violation and the page can replay it step by step.
pub fn to_trace(model: &Model, steps: &[Step]) -> Result<TraceFile, String> {
    let mut config = SimConfig::new(model.nodes, 0);
    config.manual = true;
    config.flaws = model.flaws;
    config.settings = Settings::reliable(model.nodes);
    let mut sim = Sim::with_trace(config, TraceMode::Full).map_err(|e| e.to_string())?;
    for (k, step) in steps.iter().enumerate() {
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

/// The counterexample's trace told step by step, for people: every event
/// except the individual sends, numbered by tick-free position.
pub fn story(trace: &TraceFile) -> Vec<String> {
    trace
        .events
        .iter()
        .filter(|e| !matches!(e.event, Event::Sent { .. } | Event::Duplicated { .. }))
        .map(|e| describe(&e.event))
        .collect()
}
