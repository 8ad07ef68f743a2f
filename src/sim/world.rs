//! The simulated world: nodes, a faulty network, timers and logical time.
//!
//! [`Sim`] owns every node and every message in flight. Time is a tick
//! counter that only moves when the caller asks ([`Sim::step`],
//! [`Sim::run_until`]); randomness comes only from the seeded [`Rng`]. User
//! actions go through [`Sim::apply`], which validates them, logs them with
//! the moment they happened, and carries them out. So the config plus the
//! action log replays a run exactly.

use super::check::{Before, Checker, Finding, Violation};
use super::config::{check_delay, check_probability, parse_value, Settings, SimConfig, SimError};
use super::rng::Rng;
use super::trace::{
    Action, DropReason, Entry, Event, Logged, MsgId, Position, Trace, TraceFile, TraceMode, TRACE_FORMAT, TRACE_VERSION,
};
use crate::paxos::{Ballot, Flaws, Message, Node, NodeId, Output, Phase, Proposal, TimerKind};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// A message on its way. The page draws it at progress
/// `(now - sent_at) / (deliver_at - sent_at)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    /// Unique id.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: Message,
    /// Tick it was sent.
    pub sent_at: u64,
    /// Tick it arrives (or would have, if lost).
    pub deliver_at: u64,
    /// If the network will lose it: why, and the tick it vanishes.
    pub lost: Option<(DropReason, u64)>,
    /// For a duplicate: the original's id.
    pub copy_of: Option<MsgId>,
}

impl Flight {
    /// The tick at which this flight ends, by arrival or by loss.
    pub fn due(&self) -> u64 {
        self.lost.map_or(self.deliver_at, |(_, at)| at)
    }
}

/// What a queue entry stands for. Flights live in a slab and the queue holds
/// only their slot, so the heap moves small keys, not whole messages.
#[derive(Debug, Clone, Copy)]
enum Item {
    Flight(u32),
    Timer { node: u32, token: u64 },
}

/// An entry of the event queue, ordered by time and then by scheduling
/// order, so ties break the same way on every platform.
#[derive(Debug, Clone)]
struct Scheduled {
    at: u64,
    seq: u64,
    item: Item,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap; reverse for earliest-first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// The event queue: a heap for the future, plus a first-in-first-out lane
/// for events due right now (a node's messages to itself, about one in
/// five). Events leave in `(time, sequence)` order either way; the lane just
/// spares those events the heap's work.
#[derive(Debug, Clone, Default)]
struct Agenda {
    later: BinaryHeap<Scheduled>,
    now: VecDeque<Scheduled>,
}

impl Agenda {
    fn push(&mut self, entry: Scheduled, now: u64) {
        // Entries join the lane in sequence order, and the clock never goes
        // back, so the lane stays sorted.
        if entry.at == now {
            self.now.push_back(entry);
        } else {
            self.later.push(entry);
        }
    }

    fn lane_first(&self) -> bool {
        match (self.now.front(), self.later.peek()) {
            (Some(a), Some(b)) => (a.at, a.seq) < (b.at, b.seq),
            (a, _) => a.is_some(),
        }
    }

    fn peek(&self) -> Option<&Scheduled> {
        if self.lane_first() {
            self.now.front()
        } else {
            self.later.peek()
        }
    }

    fn pop(&mut self) -> Option<Scheduled> {
        if self.lane_first() {
            self.now.pop_front()
        } else {
            self.later.pop()
        }
    }

    fn clear(&mut self) {
        self.later.clear();
        self.now.clear();
    }
}

#[derive(Debug, Clone)]
struct Slot {
    node: Node,
    crashed: bool,
    /// The node's one live timer: its token and kind.
    timer: Option<(u64, TimerKind)>,
}

/// What one finished round decided.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundRecord {
    /// The round's number, from 1.
    pub round: u32,
    /// The chosen proposal, if any.
    pub chosen: Option<Proposal>,
    /// How many nodes had learned it.
    pub learned: usize,
}

/// Running totals, for the page and the benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Messages sent (copies included).
    pub sent: u64,
    /// Messages delivered.
    pub delivered: u64,
    /// Messages lost.
    pub dropped: u64,
    /// Messages duplicated.
    pub duplicated: u64,
    /// Timers that fired.
    pub timeouts: u64,
}

/// A read-only view of one node for the page.
#[derive(Clone, Copy, Debug)]
pub struct NodeView<'a> {
    /// The protocol state.
    pub node: &'a Node,
    /// Whether it is crashed.
    pub crashed: bool,
    /// Its failure probability.
    pub failure: f64,
    /// Its running timer, if any.
    pub timer: Option<TimerKind>,
}

/// Which step of a proposer's life it is in, for spotting transitions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PhaseKey {
    Idle,
    Preparing(Ballot),
    Accepting(Ballot),
    Backoff(Ballot),
    Decided,
}

impl PhaseKey {
    fn of(phase: &Phase) -> PhaseKey {
        match phase {
            Phase::Idle => PhaseKey::Idle,
            Phase::Preparing { ballot, .. } => PhaseKey::Preparing(*ballot),
            Phase::Accepting { ballot, .. } => PhaseKey::Accepting(*ballot),
            Phase::Backoff { gave_up, .. } => PhaseKey::Backoff(*gave_up),
            Phase::Decided { .. } => PhaseKey::Decided,
        }
    }
}

/// The simulated world.
#[derive(Debug, Clone)]
pub struct Sim {
    config: SimConfig,
    settings: Settings,
    flaws: Flaws,
    rng: Rng,
    now: u64,
    steps: u64,
    seq: u64,
    next_id: MsgId,
    round: u32,
    slots: Vec<Slot>,
    queue: Agenda,
    /// Every message in flight; in manual mode they wait here unqueued.
    slab: Vec<Option<Flight>>,
    free: Vec<u32>,
    /// Per sender, one bit per receiver whose link is cut.
    cut: Vec<u32>,
    checker: Checker,
    history: Vec<RoundRecord>,
    violations: Vec<(u64, Violation)>,
    trace: Trace,
    actions: Vec<Logged>,
    stats: Stats,
    scratch: Vec<Output>,
    findings: Vec<Finding>,
}

impl Sim {
    /// A new world that keeps its whole trace.
    pub fn new(config: SimConfig) -> Result<Sim, SimError> {
        Sim::with_trace(config, TraceMode::Full)
    }

    /// A new world that keeps as much trace as `mode` says.
    pub fn with_trace(config: SimConfig, mode: TraceMode) -> Result<Sim, SimError> {
        config.validate()?;
        let n = config.nodes;
        let slots = (0..n)
            .map(|i| Slot { node: Node::new(NodeId::from_index(i), n, config.flaws), crashed: false, timer: None })
            .collect();
        Ok(Sim {
            settings: config.settings.clone(),
            flaws: config.flaws,
            rng: Rng::new(config.seed),
            now: 0,
            steps: 0,
            seq: 0,
            next_id: 1,
            round: 1,
            slots,
            queue: Agenda::default(),
            slab: Vec::new(),
            free: Vec::new(),
            cut: vec![0; n],
            checker: Checker::new(n),
            history: Vec::new(),
            violations: Vec::new(),
            trace: Trace::new(mode),
            actions: Vec::new(),
            stats: Stats::default(),
            scratch: Vec::new(),
            findings: Vec::new(),
            config,
        })
    }

    /// Rebuild a run from its config and action log. Each action is applied
    /// after exactly as many events as it was the first time.
    pub fn replay(config: SimConfig, actions: &[Logged], mode: TraceMode) -> Result<Sim, SimError> {
        let mut sim = Sim::with_trace(config, mode)?;
        for logged in actions {
            sim.advance_to(Position { step: logged.step, at: logged.at });
            sim.apply(logged.action.clone())?;
        }
        Ok(sim)
    }

    /// Process events until `to.step` of them are done, then move the clock
    /// to `to.at`. This is how a replay reaches the exact moment of the
    /// original, even between two events of the same tick.
    pub fn advance_to(&mut self, to: Position) {
        while self.steps < to.step && self.step() {}
        self.now = self.now.max(to.at);
    }

    /// Where the run is now.
    pub fn position(&self) -> Position {
        Position { step: self.steps, at: self.now }
    }

    /// Replay a trace file's actions (up to its last event's tick).
    pub fn from_trace_file(file: &TraceFile) -> Result<Sim, SimError> {
        let mut sim = Sim::replay(file.config.clone(), &file.actions, TraceMode::Full)?;
        sim.advance_to(file.end);
        Ok(sim)
    }

    /// This run as a trace file.
    pub fn to_trace_file(&self) -> TraceFile {
        TraceFile {
            format: TRACE_FORMAT.to_string(),
            version: TRACE_VERSION,
            config: self.config.clone(),
            actions: self.actions.clone(),
            end: self.position(),
            events: self.trace.entries().cloned().collect(),
        }
    }

    // ----- views -------------------------------------------------------

    /// The configuration the run started with.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }
    /// The current fault settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    /// The flaws switched on now.
    pub fn flaws(&self) -> Flaws {
        self.flaws
    }
    /// The current tick.
    pub fn now(&self) -> u64 {
        self.now
    }
    /// How many events have been processed.
    pub fn steps(&self) -> u64 {
        self.steps
    }
    /// The current round, from 1.
    pub fn round(&self) -> u32 {
        self.round
    }
    /// The cluster size.
    pub fn len(&self) -> usize {
        self.slots.len()
    }
    /// Always false: a cluster has at least one node.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
    /// Every node, in id order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeView<'_>> {
        self.slots.iter().enumerate().map(|(i, s)| NodeView {
            node: &s.node,
            crashed: s.crashed,
            failure: self.settings.node_failure[i],
            timer: s.timer.map(|(_, k)| k),
        })
    }
    /// One node.
    pub fn node(&self, id: NodeId) -> Option<NodeView<'_>> {
        self.nodes().nth(id.index()).filter(|_| id.0 >= 1)
    }
    /// Every message in flight (lost ones too, until they vanish).
    pub fn flights(&self) -> impl Iterator<Item = &Flight> {
        self.slab.iter().flatten()
    }
    /// The value chosen this round, if any.
    pub fn chosen(&self) -> Option<&Proposal> {
        self.checker.chosen()
    }
    /// The safety checker's state for this round.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }
    /// Finished rounds, oldest first.
    pub fn history(&self) -> &[RoundRecord] {
        &self.history
    }
    /// Every violation so far, with the index of the event that caused it.
    pub fn violations(&self) -> &[(u64, Violation)] {
        &self.violations
    }
    /// The event trace.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// The action log.
    pub fn actions(&self) -> &[Logged] {
        &self.actions
    }
    /// Running totals.
    pub fn stats(&self) -> Stats {
        self.stats
    }
    /// Whether the link `from → to` is cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        from != to && self.cut.get(from.index()).is_some_and(|bits| bits & to.bit() != 0)
    }

    // ----- time ---------------------------------------------------------

    /// The tick of the next thing that will happen, if anything will.
    pub fn next_event_at(&mut self) -> Option<u64> {
        self.purge_stale_timers();
        self.queue.peek().map(|s| s.at)
    }

    /// Process exactly the next event (a delivery, a loss or a timer), moving
    /// time to it. Returns false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        self.purge_stale_timers();
        let Some(next) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(next.at);
        self.steps += 1;
        match next.item {
            Item::Flight(slot) => {
                let flight = self.take_flight(slot);
                self.deliver(flight);
            }
            Item::Timer { node, .. } => self.fire_timer(node as usize),
        }
        true
    }

    /// Process every event up to tick `t`, then move time to `t`.
    pub fn run_until(&mut self, t: u64) {
        while self.next_event_at().is_some_and(|at| at <= t) {
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Process events until nothing is left or `max_steps` were processed.
    pub fn run_to_quiet(&mut self, max_steps: u64) {
        let stop = self.steps.saturating_add(max_steps);
        while self.steps < stop && self.step() {}
    }

    // ----- actions ------------------------------------------------------

    /// Carry out one action, or say why it cannot be done. Done actions are
    /// logged for replay; refused ones change nothing.
    pub fn apply(&mut self, action: Action) -> Result<(), SimError> {
        let logged = Logged { step: self.steps, at: self.now, action: action.clone() };
        match action {
            Action::Propose { node, value } => {
                let i = self.running(node)?;
                let value = parse_value(&value)?;
                self.log(logged);
                self.checker.proposed(&value);
                let cause = self.emit(|| Event::Proposed { node, value: value.clone() });
                self.handle(i, cause, |n, out| n.propose(value, out));
            }
            Action::Crash { node } => {
                let i = self.running(node)?;
                self.log(logged);
                let slot = &mut self.slots[i];
                slot.crashed = true;
                slot.timer = None;
                slot.node.crash();
                self.emit(|| Event::Crashed { node });
            }
            Action::Restart { node } => {
                let i = self.index(node)?;
                if !self.slots[i].crashed {
                    return Err(SimError::NodeNotCrashed(node));
                }
                self.log(logged);
                self.slots[i].crashed = false;
                let cause = self.emit(|| Event::Restarted { node });
                self.handle(i, cause, |n, _| n.restart());
            }
            Action::SetLoss { p } => {
                self.settings.loss = check_probability("message loss", p)?;
                self.changed(logged);
            }
            Action::SetDuplication { p } => {
                self.settings.duplication = check_probability("duplication", p)?;
                self.changed(logged);
            }
            Action::SetNodeFailure { node, p } => {
                let i = self.index(node)?;
                self.settings.node_failure[i] = check_probability("node failure", p)?;
                self.changed(logged);
            }
            Action::SetDelay { min, max } => {
                check_delay(min, max)?;
                self.settings.delay_min = min;
                self.settings.delay_max = max;
                self.changed(logged);
            }
            Action::Cut { from, to } | Action::Heal { from, to } => {
                let (f, t) = (self.index(from)?, self.index(to)?);
                if f == t {
                    return Err(SimError::SelfLink(from));
                }
                if matches!(logged.action, Action::Cut { .. }) {
                    self.cut[f] |= NodeId::from_index(t).bit();
                } else {
                    self.cut[f] &= !NodeId::from_index(t).bit();
                }
                self.changed(logged);
            }
            Action::HealAll => {
                self.cut.iter_mut().for_each(|bits| *bits = 0);
                self.changed(logged);
            }
            Action::SetFlaw { flaw, on } => {
                self.flaws.set(flaw, on);
                let flaws = self.flaws;
                self.slots.iter_mut().for_each(|s| s.node.flaws = flaws);
                self.changed(logged);
            }
            Action::NewRound => {
                self.log(logged);
                self.begin_round();
            }
            Action::Deliver { id } | Action::DeliverCopy { id } | Action::Drop { id } => {
                self.need_manual(true)?;
                let slot = self.find_flight(id).ok_or(SimError::NoSuchMessage(id))?;
                self.log(logged.clone());
                let flight = match logged.action {
                    Action::DeliverCopy { .. } => {
                        let mut copy = self.slab[slot as usize].clone().expect("found above");
                        copy.id = self.fresh_id();
                        copy.copy_of = Some(id);
                        self.stats.duplicated += 1;
                        let copy_id = copy.id;
                        self.emit(|| Event::Duplicated { id, copy: copy_id });
                        copy
                    }
                    _ => self.take_flight(slot),
                };
                if matches!(logged.action, Action::Drop { .. }) {
                    self.drop_flight(&flight, DropReason::Manual);
                } else {
                    self.deliver(flight);
                }
            }
            Action::FireTimer { node } => {
                self.need_manual(true)?;
                let i = self.running(node)?;
                if self.slots[i].timer.is_none() {
                    return Err(SimError::NoTimer(node));
                }
                self.log(logged);
                self.fire_timer(i);
            }
        }
        if self.config.manual {
            // In manual mode only messages to oneself travel by themselves;
            // they are local and instant, so settle them now.
            let now = self.now;
            self.run_until(now);
        }
        Ok(())
    }

    /// Ask `node` to propose `value`.
    pub fn propose(&mut self, node: NodeId, value: &str) -> Result<(), SimError> {
        self.apply(Action::Propose { node, value: value.to_string() })
    }
    /// Crash `node`.
    pub fn crash(&mut self, node: NodeId) -> Result<(), SimError> {
        self.apply(Action::Crash { node })
    }
    /// Restart `node`.
    pub fn restart(&mut self, node: NodeId) -> Result<(), SimError> {
        self.apply(Action::Restart { node })
    }
    /// Set the global loss probability.
    pub fn set_loss(&mut self, p: f64) -> Result<(), SimError> {
        self.apply(Action::SetLoss { p })
    }
    /// Cut both directions between `a` and `b`.
    pub fn cut_both(&mut self, a: NodeId, b: NodeId) -> Result<(), SimError> {
        self.apply(Action::Cut { from: a, to: b })?;
        self.apply(Action::Cut { from: b, to: a })
    }
    /// Start a new round.
    pub fn new_round(&mut self) {
        // Starting a round cannot be refused, so there is no error to pass on.
        let _always_ok = self.apply(Action::NewRound);
    }

    fn begin_round(&mut self) {
        self.history.push(RoundRecord {
            round: self.round,
            chosen: self.checker.chosen().cloned(),
            learned: self.slots.iter().filter(|s| s.node.learned.is_some()).count(),
        });
        self.round += 1;
        // Messages of the old round are discarded where they are, in the
        // order they would have arrived.
        self.queue.clear();
        self.free.clear();
        let mut pending: Vec<Flight> = self.slab.drain(..).flatten().collect();
        pending.sort_by_key(|f| (f.due(), f.id));
        for flight in &pending {
            self.drop_flight(flight, DropReason::RoundOver);
        }
        let (n, flaws) = (self.slots.len(), self.flaws);
        for (i, slot) in self.slots.iter_mut().enumerate() {
            slot.node = Node::new(NodeId::from_index(i), n, flaws);
            slot.timer = None;
        }
        self.checker = Checker::new(n);
        let round = self.round;
        self.emit(|| Event::NewRound { round });
    }

    // ----- internals ----------------------------------------------------

    fn log(&mut self, logged: Logged) {
        self.actions.push(logged);
    }

    fn changed(&mut self, logged: Logged) {
        let action = logged.action.clone();
        self.log(logged);
        self.emit(|| Event::Changed { action });
    }

    fn need_manual(&self, needs_manual: bool) -> Result<(), SimError> {
        if self.config.manual == needs_manual {
            Ok(())
        } else {
            Err(SimError::WrongMode { needs_manual })
        }
    }

    fn index(&self, node: NodeId) -> Result<usize, SimError> {
        if node.0 >= 1 && node.index() < self.slots.len() {
            Ok(node.index())
        } else {
            Err(SimError::NoSuchNode(node.0))
        }
    }

    fn running(&self, node: NodeId) -> Result<usize, SimError> {
        let i = self.index(node)?;
        if self.slots[i].crashed {
            Err(SimError::NodeCrashed(node))
        } else {
            Ok(i)
        }
    }

    fn fresh_id(&mut self) -> MsgId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Put a flight in the slab and, unless it waits for a manual
    /// delivery, queue its arrival.
    fn store_flight(&mut self, flight: Flight, queued: bool) {
        let due = flight.due();
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slab[slot as usize] = Some(flight);
                slot
            }
            None => {
                self.slab.push(Some(flight));
                (self.slab.len() - 1) as u32
            }
        };
        if queued {
            self.schedule(due, Item::Flight(slot));
        }
    }

    fn take_flight(&mut self, slot: u32) -> Flight {
        self.free.push(slot);
        self.slab[slot as usize].take().expect("a queued slot holds a flight")
    }

    fn find_flight(&self, id: MsgId) -> Option<u32> {
        self.slab.iter().position(|f| f.as_ref().is_some_and(|f| f.id == id)).map(|p| p as u32)
    }

    fn schedule(&mut self, at: u64, item: Item) {
        self.seq += 1;
        self.queue.push(Scheduled { at, seq: self.seq, item }, self.now);
    }

    /// Record an event; `make` only runs if the trace keeps events.
    fn emit(&mut self, make: impl FnOnce() -> Event) -> u64 {
        if self.trace.keeps() {
            self.trace.push(Entry { at: self.now, event: make() })
        } else {
            self.trace.skip()
        }
    }

    fn timer_is_live(&self, node: usize, token: u64) -> bool {
        let slot = &self.slots[node];
        !slot.crashed && slot.timer.is_some_and(|(t, _)| t == token)
    }

    /// Throw away timers that were replaced or cancelled. They can never
    /// fire, so removing them early changes nothing.
    fn purge_stale_timers(&mut self) {
        while let Some(Scheduled { item: Item::Timer { node, token }, .. }) = self.queue.peek() {
            if self.timer_is_live(*node as usize, *token) {
                break;
            }
            self.queue.pop();
        }
    }

    fn fire_timer(&mut self, i: usize) {
        let Some((_, kind)) = self.slots[i].timer.take() else {
            return;
        };
        self.stats.timeouts += 1;
        let node = NodeId::from_index(i);
        let cause = self.emit(|| Event::Timeout { node, kind });
        self.handle(i, cause, |n, out| n.on_timeout(out));
    }

    fn set_timer(&mut self, i: usize, kind: TimerKind) {
        self.seq += 1;
        let token = self.seq;
        self.slots[i].timer = Some((token, kind));
        if self.config.manual {
            return;
        }
        let wait = match kind {
            TimerKind::Phase => self.settings.phase_timeout(),
            TimerKind::Backoff => {
                let (lo, hi) = self.settings.backoff_range();
                self.rng.range(lo, hi)
            }
        };
        self.schedule(self.now + wait, Item::Timer { node: i as u32, token });
    }

    fn send(&mut self, from: usize, to: usize, msg: Message) {
        let id = self.fresh_id();
        self.stats.sent += 1;
        let (from_id, to_id) = (NodeId::from_index(from), NodeId::from_index(to));
        let flight = Flight {
            id,
            from: from_id,
            to: to_id,
            msg,
            sent_at: self.now,
            deliver_at: self.now,
            lost: None,
            copy_of: None,
        };
        // A node's message to itself stays inside the node: instant and
        // reliable. Only messages between nodes meet the network's faults.
        if from == to || self.config.manual {
            self.emit_sent(&flight);
            self.store_flight(flight, from == to);
            return;
        }
        if self.rng.chance(self.settings.duplication) {
            let mut copy = flight.clone();
            self.launch(flight);
            copy.id = self.fresh_id();
            copy.copy_of = Some(id);
            self.stats.sent += 1;
            self.stats.duplicated += 1;
            let copy_id = copy.id;
            self.emit(|| Event::Duplicated { id, copy: copy_id });
            self.launch(copy);
        } else {
            self.launch(flight);
        }
    }

    /// Give a flight its delay and fate, record it and queue it.
    fn launch(&mut self, mut flight: Flight) {
        let s = &self.settings;
        let delay = self.rng.range(u64::from(s.delay_min), u64::from(s.delay_max));
        flight.deliver_at = self.now + delay;
        let (from, to) = (flight.from, flight.to);
        let reason = if self.rng.chance(s.loss) {
            Some(DropReason::Loss)
        } else if self.rng.chance(s.node_failure[from.index()]) {
            Some(DropReason::NodeFailure { node: from })
        } else if self.rng.chance(s.node_failure[to.index()]) {
            Some(DropReason::NodeFailure { node: to })
        } else {
            None
        };
        // A lost message vanishes somewhere along its way, so the page can
        // show it fading out mid-flight.
        flight.lost = reason.map(|r| (r, self.now + self.rng.range(delay / 4, delay * 3 / 4).max(1)));
        self.emit_sent(&flight);
        self.store_flight(flight, true);
    }

    fn emit_sent(&mut self, f: &Flight) {
        self.emit(|| Event::Sent {
            id: f.id,
            from: f.from,
            to: f.to,
            msg: f.msg.clone(),
            deliver_at: f.deliver_at,
            copy_of: f.copy_of,
        });
    }

    fn drop_flight(&mut self, f: &Flight, reason: DropReason) {
        self.stats.dropped += 1;
        self.emit(|| Event::Dropped {
            id: f.id,
            from: f.from,
            to: f.to,
            msg: f.msg.clone(),
            reason,
            sent_at: f.sent_at,
            deliver_at: f.deliver_at,
        });
    }

    fn deliver(&mut self, flight: Flight) {
        let (from, to) = (flight.from, flight.to);
        let reason = match flight.lost {
            Some((reason, _)) => Some(reason),
            None if self.is_cut(from, to) => Some(DropReason::Partition),
            None if self.slots[to.index()].crashed => Some(DropReason::Crashed),
            None => None,
        };
        if let Some(reason) = reason {
            self.drop_flight(&flight, reason);
            return;
        }
        self.stats.delivered += 1;
        let Flight { id, msg, .. } = flight;
        let cause = self.emit(|| Event::Delivered { id, from, to, msg: msg.clone() });
        self.handle(to.index(), cause, |n, out| n.on_message(from, msg, out));
    }

    /// Run one input through node `i`, then check, narrate and carry out
    /// what it asked for.
    fn handle(&mut self, i: usize, cause: u64, input: impl FnOnce(&mut Node, &mut Vec<Output>)) {
        let mut out = std::mem::take(&mut self.scratch);
        let mut findings = std::mem::take(&mut self.findings);
        let before = Before::of(&self.slots[i].node);
        let phase_before = PhaseKey::of(&self.slots[i].node.proposer.phase);
        input(&mut self.slots[i].node, &mut out);
        self.checker.review(&before, &self.slots[i].node, &out, &mut findings);
        self.phase_events(i, phase_before);
        let me = NodeId::from_index(i);
        for output in out.drain(..) {
            match output {
                Output::Send { to, msg } => {
                    self.reply_event(me, to, &msg);
                    // A reply to a node that does not exist (a flawed ballot
                    // with no proposer id) has nowhere to go.
                    if to.0 >= 1 && to.index() < self.slots.len() {
                        self.send(i, to.index(), msg);
                    }
                }
                Output::Broadcast(msg) => {
                    for k in 0..self.slots.len() {
                        self.send(i, k, msg.clone());
                    }
                }
                Output::SetTimer(kind) => self.set_timer(i, kind),
            }
        }
        // An idle or decided proposer has nothing to time out; cancel its
        // timer so no empty timeout shows up later.
        if !self.slots[i].node.is_proposing() {
            self.slots[i].timer = None;
        }
        if self.slots[i].node.learned != before.learned {
            if let Some(value) = self.slots[i].node.learned.clone() {
                self.emit(|| Event::Learned { node: me, value });
            }
        }
        for finding in findings.drain(..) {
            match finding {
                Finding::Chosen(proposal) => {
                    let round = self.round;
                    self.emit(|| Event::Chosen { round, proposal });
                }
                Finding::Violation(violation) => {
                    self.violations.push((cause, violation.clone()));
                    self.emit(|| Event::Violation { violation, cause });
                }
            }
        }
        self.scratch = out;
        self.findings = findings;
    }

    fn reply_event(&mut self, me: NodeId, to: NodeId, msg: &Message) {
        match msg {
            Message::Promise { ballot, prior } => {
                self.emit(|| Event::Promised { node: me, to, ballot: *ballot, prior: prior.clone() });
            }
            Message::Nack { ballot, promised } => {
                self.emit(|| Event::Refused { node: me, to, ballot: *ballot, promised: *promised });
            }
            Message::Accepted { proposal } => {
                self.emit(|| Event::Accepted { node: me, to, proposal: proposal.clone() });
            }
            _ => {}
        }
    }

    fn phase_events(&mut self, i: usize, before: PhaseKey) {
        let node = NodeId::from_index(i);
        let phase = &self.slots[i].node.proposer.phase;
        let after = PhaseKey::of(phase);
        if after == before {
            return;
        }
        let event = match phase {
            Phase::Preparing { ballot, .. } => Event::Preparing { node, ballot: *ballot },
            Phase::Accepting { ballot, own, value, prior, .. } => Event::Proposing {
                node,
                proposal: Proposal::new(*ballot, value.clone()),
                own: own.clone(),
                prior: prior.clone(),
            },
            Phase::Backoff { gave_up, why, .. } => Event::GaveUp { node, ballot: *gave_up, why: *why },
            Phase::Decided { value } if matches!(before, PhaseKey::Accepting(_)) => {
                Event::Decided { node, value: value.clone() }
            }
            Phase::Decided { .. } | Phase::Idle => return,
        };
        // Transitions are rare next to messages, so building the event even
        // when the trace is off costs little and keeps event numbers equal.
        self.emit(|| event);
    }
}
