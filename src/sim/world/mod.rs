//! The simulated world: nodes, a faulty network, timers and logical time.
//!
//! A [`Sim`] is two things kept apart. Its [`State`] is everything that
//! decides what happens next: the nodes, the messages in flight, the event
//! queue, the clock and the seeded PRNG. Its history is what already
//! happened: the event [`Trace`] and the log of user actions. A checkpoint
//! of a run is a clone of the state alone, so the history is stored once
//! (see [`Timeline`](super::Timeline)).
//!
//! Time is a tick counter that only moves when the caller asks
//! ([`Sim::step`], [`Sim::run_until`]); randomness comes only from the
//! seeded [`Rng`]. User actions go through [`Sim::apply`] (in `actions`),
//! which validates them, logs them with the moment they happened, and
//! carries them out. So the config plus the action log replays a run
//! exactly. Messages travel in `network`, and the queue of what happens
//! next is in `queue`.

mod actions;
mod network;
mod queue;

pub use network::Flight;

use super::check::{Checker, Finding, Snapshot, Violation};
use super::config::{Settings, SimConfig, SimError, MAX_TICK};
use super::dispatch::{carry_out, Host};
use super::rng::Rng;
use super::trace::{
    validate_log, Action, Entry, Event, Logged, MsgId, Position, Trace, TraceFile, TraceMode, TRACE_FORMAT,
    TRACE_VERSION,
};
use crate::paxos::{Flaws, Message, Node, NodeId, NodeSet, Note, Output, Proposal, TimerKind};
use queue::{Agenda, Item, Scheduled};
use serde::{Deserialize, Serialize};

/// One node and what the world knows about it.
#[derive(Debug, Clone, PartialEq)]
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
    /// Extra ticks on every message it sends to another node.
    pub delay: u32,
}

/// Everything that decides what happens next in a run, and nothing of what
/// already happened. Cloning it makes a checkpoint; two states that compare
/// equal have the same future under the same actions.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    config: SimConfig,
    settings: Settings,
    flaws: Flaws,
    rng: Rng,
    now: u64,
    /// Queue entries processed so far.
    steps: u64,
    /// Events emitted so far: the index the next event gets.
    events: u64,
    seq: u64,
    next_id: MsgId,
    round: u32,
    slots: Vec<Slot>,
    queue: Agenda,
    /// Every message in flight; in manual mode they wait here unqueued.
    slab: Vec<Option<Flight>>,
    free: Vec<u32>,
    /// The most messages in flight at once so far (a lost one counts until
    /// it is gone); a new round, which discards those in flight, keeps it.
    peak_in_flight: usize,
    /// Per sender, the receivers whose link is cut.
    cut: Vec<NodeSet>,
    /// Per sender, extra ticks on every message it sends to another node.
    node_delay: Vec<u32>,
    checker: Checker,
    rounds: Vec<RoundRecord>,
    violations: Vec<(u64, Violation)>,
    stats: Stats,
}

impl State {
    /// Where this state is in its run.
    pub fn position(&self) -> Position {
        Position { step: self.steps, at: self.now }
    }

    /// How many events the run had emitted when it reached this state.
    pub fn events(&self) -> u64 {
        self.events
    }
}

/// The simulated world: its state plus its history.
#[derive(Debug, Clone)]
pub struct Sim {
    state: State,
    trace: Trace,
    actions: Vec<Logged>,
    /// Reused per step, so handling a message allocates nothing.
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
        let slots = NodeId::members(n)
            .map(|id| Node::new(id, n, config.flaws).map(|node| Slot { node, crashed: false, timer: None }))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| SimError::ClusterSize(n))?;
        let state = State {
            settings: config.settings.clone(),
            flaws: config.flaws,
            rng: Rng::new(config.seed),
            now: 0,
            steps: 0,
            events: 0,
            seq: 0,
            next_id: 1,
            round: 1,
            slots,
            queue: Agenda::default(),
            slab: Vec::new(),
            peak_in_flight: 0,
            free: Vec::new(),
            cut: vec![NodeSet::EMPTY; n],
            node_delay: vec![0; n],
            checker: Checker::new(n),
            rounds: Vec::new(),
            violations: Vec::new(),
            stats: Stats::default(),
            config,
        };
        Ok(Sim { state, trace: Trace::new(mode), actions: Vec::new(), scratch: Vec::new(), findings: Vec::new() })
    }

    /// Rebuild a run from its config and action log. Each action is applied
    /// after exactly as many events as it was the first time, or the log is
    /// refused. The log is checked first ([`validate_log`]), so a hostile
    /// one is refused before anything runs.
    pub fn replay(config: SimConfig, actions: &[Logged], mode: TraceMode) -> Result<Sim, SimError> {
        validate_log(&config, actions, Position::default()).map_err(|e| e.error)?;
        let mut sim = Sim::with_trace(config, mode)?;
        for logged in actions {
            let pos = Position { step: logged.step, at: logged.at };
            sim.advance_to(pos);
            if sim.position() != pos {
                // The run went quiet before this action's moment came: it
                // was never taken there, and the log is not this run's (as
                // `Timeline::from_log` judges it too).
                return Err(SimError::NeverReached);
            }
            sim.apply(logged.action.clone())?;
        }
        Ok(sim)
    }

    /// Process events until `to.step` of them are done, then move the clock
    /// towards `to.at`. This is how a replay reaches the exact moment of the
    /// original, even between two events of the same tick.
    ///
    /// The clock stops at the next event's tick if that comes first: past
    /// it, the event would happen late, at a moment the run never had. It
    /// never passes [`MAX_TICK`].
    pub fn advance_to(&mut self, to: Position) {
        while self.state.steps < to.step && self.step() {}
        let limit = self.next_event_at().unwrap_or(MAX_TICK);
        self.state.now = self.state.now.max(to.at.min(limit).min(MAX_TICK));
    }

    /// Where the run is now.
    pub fn position(&self) -> Position {
        self.state.position()
    }

    /// Replay a trace file's actions (up to its last event's tick).
    pub fn from_trace_file(file: &TraceFile) -> Result<Sim, SimError> {
        validate_log(&file.config, &file.actions, file.end).map_err(|e| e.error)?;
        let mut sim = Sim::replay(file.config.clone(), &file.actions, TraceMode::Full)?;
        sim.advance_to(file.end);
        Ok(sim)
    }

    /// This run as a trace file.
    pub fn to_trace_file(&self) -> TraceFile {
        TraceFile {
            format: TRACE_FORMAT.to_string(),
            version: TRACE_VERSION,
            config: self.state.config.clone(),
            actions: self.actions.clone(),
            end: self.position(),
            events: self.trace.entries().cloned().collect(),
        }
    }

    // ----- state and history, for the timeline -------------------------

    /// The state alone: what a checkpoint keeps.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Continue from `state` (a checkpoint of this same run). The history
    /// is left as it is; the caller trims it to match.
    pub(crate) fn restore(&mut self, state: &State) {
        self.state.clone_from(state);
    }

    /// The event trace, for trimming after a restore.
    pub(crate) fn trace_mut(&mut self) -> &mut Trace {
        &mut self.trace
    }

    /// The action log, for moving actions between past and future.
    pub(crate) fn actions_mut(&mut self) -> &mut Vec<Logged> {
        &mut self.actions
    }

    // ----- views -------------------------------------------------------

    /// The configuration the run started with.
    pub fn config(&self) -> &SimConfig {
        &self.state.config
    }
    /// The current fault settings.
    pub fn settings(&self) -> &Settings {
        &self.state.settings
    }
    /// The flaws switched on now.
    pub fn flaws(&self) -> Flaws {
        self.state.flaws
    }
    /// The current tick.
    pub fn now(&self) -> u64 {
        self.state.now
    }
    /// How many events have been processed.
    pub fn steps(&self) -> u64 {
        self.state.steps
    }
    /// The current round, from 1.
    pub fn round(&self) -> u32 {
        self.state.round
    }
    /// The cluster size.
    pub fn len(&self) -> usize {
        self.state.slots.len()
    }
    /// Always false: a cluster has at least one node.
    pub fn is_empty(&self) -> bool {
        self.state.slots.is_empty()
    }
    /// Every node, in id order.
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeView<'_>> {
        let s = &self.state;
        s.slots.iter().enumerate().map(|(i, slot)| NodeView {
            node: &slot.node,
            crashed: slot.crashed,
            failure: s.settings.node_failure[i],
            timer: slot.timer.map(|(_, k)| k),
            delay: s.node_delay[i],
        })
    }
    /// One node.
    pub fn node(&self, id: NodeId) -> Option<NodeView<'_>> {
        self.nodes().nth(id.index()).filter(|_| id.0 >= 1)
    }
    /// In manual delivery, the plainest next move a hand can make: deliver
    /// the oldest message in flight (oldest sent, none lost or doubled),
    /// or, with none, fire the oldest timer of a node that is up, so no
    /// timeout comes before a message still on its way. None in automatic
    /// delivery, or when nothing is left to happen. Past a
    /// counterexample's end, this is how its run goes on.
    pub fn next_move(&self) -> Option<Action> {
        let s = &self.state;
        if !s.config.manual {
            return None;
        }
        let flight = self.flights().filter(|f| f.lost.is_none()).min_by_key(|f| (f.sent_at, f.id));
        if let Some(f) = flight {
            return Some(Action::Deliver { id: f.id });
        }
        let timers = s.slots.iter().filter(|slot| !slot.crashed);
        let oldest = timers.filter_map(|slot| slot.timer.map(|(token, _)| (token, slot.node.id))).min();
        oldest.map(|(_, node)| Action::FireTimer { node })
    }

    /// Every message in flight (lost ones too, until they vanish).
    pub fn flights(&self) -> impl Iterator<Item = &Flight> {
        self.state.slab.iter().flatten()
    }

    /// The most messages that were ever in flight at once in this run, up
    /// to this state (a lost one counts until it is gone).
    pub fn peak_in_flight(&self) -> usize {
        self.state.peak_in_flight
    }
    /// The value chosen this round, if any.
    pub fn chosen(&self) -> Option<&Proposal> {
        self.state.checker.chosen()
    }
    /// The safety checker's state for this round.
    pub fn checker(&self) -> &Checker {
        &self.state.checker
    }
    /// Finished rounds, oldest first.
    pub fn history(&self) -> &[RoundRecord] {
        &self.state.rounds
    }
    /// Every violation so far, with the index of the event that caused it.
    pub fn violations(&self) -> &[(u64, Violation)] {
        &self.state.violations
    }
    /// The event trace.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// The number of events emitted so far (the next event's index).
    pub fn events(&self) -> u64 {
        self.state.events
    }
    /// The action log.
    pub fn actions(&self) -> &[Logged] {
        &self.actions
    }
    /// Running totals.
    pub fn stats(&self) -> Stats {
        self.state.stats
    }
    /// Whether the link `from → to` is cut.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        from != to && from.is_member_of(self.len()) && self.state.cut[from.index()].contains(to)
    }

    /// Whether any link is cut.
    pub fn any_cut(&self) -> bool {
        self.state.cut.iter().any(|to| !to.is_empty())
    }

    /// Whether `node` is cut off from every other node, both ways. A node
    /// alone in its cluster is never cut off: it has no link to lose.
    pub fn is_isolated(&self, node: NodeId) -> bool {
        let others = NodeId::members(self.len()).filter(|&other| other != node);
        node.is_member_of(self.len())
            && self.len() > 1
            && others.into_iter().all(|other| self.is_cut(node, other) && self.is_cut(other, node))
    }

    // ----- time ---------------------------------------------------------

    /// The tick of the next thing that will happen, if anything will.
    /// Nothing happens after [`MAX_TICK`]: time ends there.
    pub fn next_event_at(&mut self) -> Option<u64> {
        self.purge_stale_timers();
        self.state.queue.peek().map(|s| s.at).filter(|at| *at <= MAX_TICK)
    }

    /// Process exactly the next event (a delivery, a loss or a timer), moving
    /// time to it. Returns false when nothing is left to happen.
    pub fn step(&mut self) -> bool {
        if self.next_event_at().is_none() {
            return false;
        }
        let Some(next) = self.state.queue.pop() else {
            return false;
        };
        self.state.now = self.state.now.max(next.at);
        self.state.steps += 1;
        match next.item {
            Item::Flight(slot) => {
                let flight = self.take_flight(slot);
                self.deliver(flight);
            }
            Item::Timer { node, .. } => self.fire_timer(node as usize),
        }
        self.purge_stale_timers();
        true
    }

    /// Process every event up to tick `t`, then move time to `t` (or to
    /// [`MAX_TICK`], where time ends, if `t` is later).
    pub fn run_until(&mut self, t: u64) {
        let t = t.min(MAX_TICK);
        while self.next_event_at().is_some_and(|at| at <= t) {
            self.step();
        }
        self.state.now = self.state.now.max(t);
    }

    /// Process events until nothing is left or `max_steps` were processed.
    pub fn run_to_quiet(&mut self, max_steps: u64) {
        let stop = self.state.steps.saturating_add(max_steps);
        while self.state.steps < stop && self.step() {}
    }

    // ----- internals ----------------------------------------------------

    /// Record an event and return its index; `make` only runs if the trace
    /// keeps events.
    fn emit(&mut self, make: impl FnOnce() -> Event) -> u64 {
        let index = self.state.events;
        self.state.events += 1;
        if self.trace.keeps() {
            self.trace.push(index, Entry { at: self.state.now, event: make() });
        }
        index
    }

    fn schedule(&mut self, at: u64, item: Item) {
        self.state.seq += 1;
        let entry = Scheduled { at, seq: self.state.seq, item };
        self.state.queue.push(entry, self.state.now);
    }

    fn timer_is_live(&self, node: usize, token: u64) -> bool {
        let slot = &self.state.slots[node];
        !slot.crashed && slot.timer.is_some_and(|(t, _)| t == token)
    }

    /// Throw away timers that were replaced or cancelled. They can never
    /// fire, so removing them early changes nothing. Done after every step
    /// and action, so two runs that did the same things hold the same
    /// queue, however often each was asked what comes next.
    pub(super) fn purge_stale_timers(&mut self) {
        while let Some(Scheduled { item: Item::Timer { node, token }, .. }) = self.state.queue.peek() {
            if self.timer_is_live(*node as usize, *token) {
                break;
            }
            self.state.queue.pop();
        }
    }

    fn fire_timer(&mut self, i: usize) {
        let Some((_, kind)) = self.state.slots[i].timer.take() else {
            return;
        };
        self.state.stats.timeouts += 1;
        let node = self.state.slots[i].node.id;
        let cause = self.emit(|| Event::Timeout { node, kind });
        self.handle(i, cause, |n, out| n.on_timeout(out));
    }

    fn arm_timer(&mut self, i: usize, kind: TimerKind) {
        self.state.seq += 1;
        let token = self.state.seq;
        self.state.slots[i].timer = Some((token, kind));
        if self.state.config.manual {
            return;
        }
        let wait = match kind {
            TimerKind::Phase => self.state.settings.phase_timeout(),
            TimerKind::Backoff => {
                let (lo, hi) = self.state.settings.backoff_range();
                self.state.rng.range(lo, hi)
            }
        };
        self.schedule(self.state.now + wait, Item::Timer { node: i as u32, token });
    }

    /// Run one input through node `i`, then carry out what it asked for.
    /// `cause` is the index of the event that triggered the input; a
    /// violation found in this step points at it.
    fn handle(&mut self, i: usize, cause: u64, input: impl FnOnce(&mut Node, &mut Vec<Output>)) {
        let mut out = std::mem::take(&mut self.scratch);
        let mut findings = std::mem::take(&mut self.findings);
        let me = self.state.slots[i].node.id;
        let before = Snapshot::of(&self.state.slots[i].node);
        input(&mut self.state.slots[i].node, &mut out);
        let after = Snapshot::of(&self.state.slots[i].node);
        carry_out(self, me, &before, &after, &mut out, &mut findings);
        for finding in findings.drain(..) {
            match finding {
                Finding::Chosen(proposal) => {
                    let round = self.state.round;
                    // The step that chose it added the last vote, so the
                    // voters are the majority that chose it, no more.
                    let by = self.state.checker.voters(&proposal);
                    self.emit(|| Event::Chosen { round, proposal, by });
                }
                Finding::Violation(violation) => {
                    self.state.violations.push((cause, violation.clone()));
                    self.emit(|| Event::Violation { violation, cause });
                }
            }
        }
        self.scratch = out;
        self.findings = findings;
    }
}

impl Host for Sim {
    fn cluster(&self) -> usize {
        self.state.slots.len()
    }

    fn checker(&mut self) -> &mut Checker {
        &mut self.state.checker
    }

    fn send(&mut self, from: NodeId, to: NodeId, msg: Message) {
        self.transmit(from.index(), to.index(), msg);
    }

    fn set_timer(&mut self, node: NodeId, kind: TimerKind) {
        self.arm_timer(node.index(), kind);
    }

    fn cancel_timer(&mut self, node: NodeId) {
        // The queued item stays until `purge_stale_timers`; with no timer in
        // the slot it could fire nothing anyway.
        self.state.slots[node.index()].timer = None;
    }

    fn note(&mut self, node: NodeId, note: Note) {
        self.emit(|| Event::Node { node, note });
    }
}
