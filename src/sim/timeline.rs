//! A run as one value: its start, its actions, and any moment of it.
//!
//! A run is fixed by its starting [`SimConfig`] and its action log, because
//! the world is deterministic. A [`Timeline`] holds exactly that, plus a
//! cursor: the [`Sim`] at the moment being looked at (the *head*). Moving
//! the cursor back restores the nearest earlier checkpoint and replays
//! forward from it; moving it forward replays the known future, applying
//! each logged action after exactly as many events as the first time. An
//! action taken in the past *forks*: the old future is discarded and a new
//! one grows from that moment.
//!
//! Checkpoints copy the world's [`State`] only; the history (events and
//! actions) is stored once. The head keeps a window of the newest events
//! before the cursor for the page's log, and older ones are rebuilt from a
//! checkpoint when the cursor goes back to them. Checkpoints are thinned as
//! the run grows, dense near its end and sparse far back, so a long
//! autoplay keeps a bounded number of them while any moment stays a short
//! replay away.
//!
//! A run in manual delivery (a model checker's counterexample) moves only
//! by its logged actions; past its end, Step and playing go on by a hand's
//! plainest moves, logged as actions like any other.

use super::config::{SimConfig, SimError};
use super::trace::{validate_log, Action, Event, Logged, Position, TraceMode};
use super::world::{Sim, State};
use std::collections::VecDeque;

/// The most messages a run rebuilt from its log (a link, a file, the kept
/// run) may have in flight at once: far beyond it, drawing them takes the
/// page seconds per step. A run built in the page by hand can pass it (25
/// nodes, every message duplicated, dozens of proposals): the page then
/// says it cannot be kept, shared or exported (see [`Timeline::crowded`]).
pub const MAX_IN_FLIGHT: usize = 4_000;

/// Take a checkpoint every this many events at the end of the run.
pub const CHECKPOINT_EVERY: u64 = 256;
/// How many events before the cursor the head keeps.
pub const EVENT_WINDOW: usize = 16_384;
/// Within this many checkpoint intervals of the end, every checkpoint is
/// kept; each doubling of the distance beyond it halves their density.
const DENSE_INTERVALS: u64 = 16;
/// How many events before a restored checkpoint the window should still
/// hold, so the log is not empty right after a seek.
const LOOKBACK: u64 = 512;

/// A copy of the world's state, and how many logged actions it includes.
#[derive(Clone, Debug)]
struct Checkpoint {
    state: State,
    actions: usize,
}

/// Something worth marking on a timeline bar.
#[derive(Clone, Debug, PartialEq)]
pub enum MarkKind {
    /// A value was chosen (its text).
    Chosen(String),
    /// A safety property broke.
    Violation,
}

/// A marked moment of the run.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// When.
    pub at: Position,
    /// What.
    pub kind: MarkKind,
}

/// The most time a run is left to pass with nothing happening, in ticks:
/// a live run's next action comes at most this long after its last event,
/// and a prepared scenario ends this long after its last. Longer, and Play
/// would stand still on an empty stretch of the run.
pub const IDLE_GAP: u64 = 500;

/// Ticks between two moves a hand makes past the end of a run in manual
/// delivery: a counterexample's pace (its steps are this far apart).
pub const HAND_TICKS: u64 = crate::sim::explore::STEP_TICKS;

/// A whole run that can be sought to any moment. See the module docs.
#[derive(Clone, Debug)]
pub struct Timeline {
    head: Sim,
    /// Logged actions after the cursor, oldest first. Together with the
    /// head's own log they are the run's whole action log, each held once.
    future: VecDeque<Logged>,
    checkpoints: Vec<Checkpoint>,
    /// The furthest moment this branch of the run has reached.
    end: Position,
    /// The most messages in flight at once anywhere in this branch (see
    /// [`Timeline::peak_in_flight`]).
    peak: usize,
    marks: Vec<Mark>,
    branch: u32,
}

impl Timeline {
    /// A fresh run from `config`.
    pub fn new(config: SimConfig) -> Result<Timeline, SimError> {
        let head = Sim::with_trace(config, TraceMode::Window(EVENT_WINDOW))?;
        let start = Checkpoint { state: head.state().clone(), actions: 0 };
        Ok(Timeline {
            head,
            future: VecDeque::new(),
            checkpoints: vec![start],
            end: Position::default(),
            peak: 0,
            marks: Vec::new(),
            branch: 0,
        })
    }

    /// A run rebuilt from its config and action log, with the cursor at
    /// `at`. Every action is checked on the way: the first one the world
    /// refuses is reported with its number, and nothing is built.
    pub fn from_log(config: SimConfig, actions: &[Logged], at: Position) -> Result<Timeline, (usize, SimError)> {
        // Check every number before running anything, so a hostile log
        // cannot overflow the clock or send a replay running for hours.
        validate_log(&config, actions, at).map_err(|e| (e.action, e.error))?;
        let mut timeline = Timeline::new(config).map_err(|e| (0, e))?;
        for (k, logged) in actions.iter().enumerate() {
            let pos = Position { step: logged.step, at: logged.at };
            timeline.seek(pos);
            // Crowded on the way to this action, by what came before it:
            // the last action taken (or the run as a whole, 0) is blamed.
            timeline.roomy().map_err(|e| (k, e))?;
            if timeline.head.position() != pos {
                // The run went quiet before this action's moment came.
                return Err((k + 1, SimError::NeverReached));
            }
            timeline.act(logged.action.clone()).map_err(|e| (k + 1, e))?;
            timeline.roomy().map_err(|e| (k + 1, e))?;
        }
        timeline.seek(at);
        timeline.roomy().map_err(|e| (0, e))?;
        Ok(timeline)
    }

    /// An error once more messages have been in flight at once than the
    /// page can draw ([`MAX_IN_FLIGHT`]). Checked as a log replays, not
    /// after: a link of thousands of proposals at one moment took most of
    /// a minute and gigabytes to replay before it could be refused, as
    /// every checkpoint copied the crowd.
    fn roomy(&self) -> Result<(), SimError> {
        let peak = self.head.peak_in_flight();
        if peak > MAX_IN_FLIGHT {
            return Err(SimError::Crowded(peak));
        }
        Ok(())
    }

    // ----- reading -----------------------------------------------------

    /// The most messages in flight at once anywhere in this branch of the
    /// run, its future included (the head's own count stops at the cursor).
    pub fn peak_in_flight(&self) -> usize {
        self.peak.max(self.head.peak_in_flight())
    }

    /// The peak, if more messages were in flight at once than a link, a
    /// file or the kept run may hold ([`MAX_IN_FLIGHT`]): a run built in
    /// the page can get there (25 nodes, every message duplicated, dozens
    /// of proposals), and its copies were refused when opened.
    pub fn crowded(&self) -> Option<usize> {
        Some(self.peak_in_flight()).filter(|&peak| peak > MAX_IN_FLIGHT)
    }

    /// The world at the cursor.
    pub fn head(&self) -> &Sim {
        &self.head
    }

    /// The starting configuration.
    pub fn config(&self) -> &SimConfig {
        self.head.config()
    }

    /// Where the cursor is.
    pub fn position(&self) -> Position {
        self.head.position()
    }

    /// The furthest moment reached.
    pub fn end(&self) -> Position {
        self.end
    }

    /// Whether the cursor is at the end of the run.
    pub fn is_live(&self) -> bool {
        self.future.is_empty() && self.head.position() >= self.end
    }

    /// Whether this run is `script`'s, or `script`'s gone on with other
    /// actions from its end: the same configuration, and every action of
    /// `script` in its place. (An action within the script's span forks
    /// the run away from it.) How a link, a file or a kept run is known
    /// for a prepared run whose words the page then shows.
    pub fn continues(&self, script: &Timeline) -> bool {
        if script.config() != self.config() {
            return false;
        }
        let mut theirs = self.actions();
        script.actions().all(|a| theirs.next() == Some(a))
            && theirs.next().is_none_or(|a| Position { step: a.step, at: a.at } >= script.end())
    }

    /// Bumped each time an action in the past forks the run. With the
    /// position, it names a moment uniquely (memo keys use both).
    pub fn branch(&self) -> u32 {
        self.branch
    }

    /// The whole action log, past and future, in order.
    pub fn actions(&self) -> impl Iterator<Item = &Logged> {
        self.head.actions().iter().chain(&self.future)
    }

    /// How many logged actions lie after the cursor.
    pub fn actions_ahead(&self) -> usize {
        self.future.len()
    }

    /// Values chosen and safety broken, in order, over the whole run.
    pub fn marks(&self) -> &[Mark] {
        &self.marks
    }

    /// How many checkpoints are kept (for the benchmark and tests).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The tick at which the next thing happens: an event, a logged action
    /// of the known future, or (past the end of a run in manual delivery)
    /// a hand's move (see [`Timeline::hand`]).
    pub fn next_due(&mut self) -> Option<u64> {
        let action = self.future.front().map(|a| a.at);
        let event = self.head.next_event_at();
        let due = match (action, event) {
            (Some(a), Some(e)) => Some(a.min(e)),
            (a, e) => a.or(e),
        };
        due.or_else(|| self.hand().map(|(at, _)| at))
    }

    /// In manual delivery, at the end of the run: the next move a hand
    /// makes (see [`Sim::next_move`]) and its tick, a counterexample's step
    /// after the last action. A counterexample ended with messages still
    /// on their way and nothing to move them, so Play and Step stood still
    /// where a reader wanted to see what happens next. Moves made so are
    /// logged as any action is, so a link replays them.
    fn hand(&self) -> Option<(u64, Action)> {
        if !self.head.config().manual || !self.is_live() {
            return None;
        }
        let last = self.head.actions().last().map_or(0, |a| a.at);
        let at = last.saturating_add(HAND_TICKS).max(self.head.position().at);
        self.head.next_move().map(|action| (at, action))
    }

    /// Take the hand's move (see [`Timeline::hand`]) if it is due by tick
    /// `t`; say whether one was taken.
    fn hand_by(&mut self, t: u64) -> bool {
        let Some((at, action)) = self.hand().filter(|(at, _)| *at <= t) else { return false };
        let step = self.head.steps();
        self.head.advance_to(Position { step, at });
        self.act(action).is_ok()
    }

    // ----- moving the cursor ------------------------------------------

    /// Move the cursor to `to`: the world after `to.step` events, its
    /// clock at `to.at` (or at the last event's tick, if that is later),
    /// with every action logged up to that moment applied.
    pub fn seek(&mut self, to: Position) {
        if to < self.head.position() {
            let k = self.checkpoints.partition_point(|c| c.state.position() <= to);
            self.restore(k.saturating_sub(1));
        }
        self.advance(to);
    }

    /// Move the cursor to tick `t`: every event due by then has happened.
    /// Past the end of the run, this is the end.
    pub fn seek_time(&mut self, t: u64) {
        if t >= self.end.at {
            self.seek(self.end);
            return;
        }
        if t < self.head.now() {
            let k = self.checkpoints.partition_point(|c| c.state.position().at <= t);
            self.restore(k.saturating_sub(1));
        }
        self.run_until(t);
    }

    /// Move the cursor to just after event number `index`, which happened
    /// at tick `at`: after the step that caused it, before anything that
    /// came later. Several steps can share a tick, so seeking to the tick
    /// would also show what followed, and a reader pointed at one event
    /// would find the world already past it. Actions logged at one step
    /// and tick are one moment, though: landing after one of them lands
    /// after all of them, as no [`Position`] lies between them.
    pub fn seek_event(&mut self, index: u64, at: u64) {
        // Every tick before, then one step or action at a time.
        match at.checked_sub(1) {
            Some(before) => self.seek_time(before),
            None => self.seek(Position { step: 0, at: 0 }),
        }
        while self.head.events() <= index {
            if self.future.front().is_some_and(|a| a.step == self.head.steps()) {
                self.apply_next();
            } else if self.head.next_event_at().is_some() {
                self.step_once();
            } else {
                break;
            }
        }
        // Actions taken together at one step and tick are one moment: the
        // world at a position holds them all (as in `advance`), or the
        // cursor would stand where no position could bring it back.
        let step = self.head.steps();
        while self.future.front().is_some_and(|a| a.step == step && a.at <= self.head.now()) {
            self.apply_next();
        }
    }

    /// Forget the run after the cursor, if no action lies there: its events
    /// were worked out but never shown (a frame that played on past the
    /// moment a rule broke). As none of them was anybody's doing, the same
    /// world plays them again from here, so this is no fork: the branch
    /// stays, and the run is live at the cursor.
    pub fn forget_unseen(&mut self) {
        if !self.future.is_empty() {
            return;
        }
        let at = self.head.position();
        self.checkpoints.retain(|c| c.state.position() <= at);
        self.marks.retain(|m| m.at <= at);
        self.end = at;
        self.peak = self.head.peak_in_flight();
    }

    /// Run forward towards tick `t` like [`Timeline::run_until`], but a
    /// live run that falls quiet on the way (nothing left to happen) stops
    /// `gap` ticks after its last event; returns the tick reached. A quiet
    /// stretch would be dead air on the timeline, in the diagram and in
    /// every replay (see [`IDLE_GAP`]).
    pub fn run_until_quiet(&mut self, t: u64, gap: u64) -> u64 {
        if self.is_live() {
            // Whatever is due by then happens first; only then can the run
            // be quiet.
            while let Some(due) = self.next_due().filter(|&due| due <= t) {
                self.run_until(due);
            }
            let at = self.position().at;
            if self.next_due().is_none() && t > at + gap {
                self.run_until(at + gap);
                return at + gap;
            }
        }
        self.run_until(t);
        t
    }

    /// Run forward to tick `t`, replaying the known future and growing the
    /// run past its end. This is what playing does.
    pub fn run_until(&mut self, t: u64) {
        // A hand's moves stop at one that breaks a rule: the page pauses
        // there, and moves made after it in the same call would be a
        // future nobody saw, which acting then would fork away.
        let broken = self.head.violations().len();
        loop {
            let pending = self.future.front().filter(|a| a.step == self.head.steps());
            match pending {
                Some(a) if a.at <= t => self.apply_next(),
                // An action waits at this step, later than `t`: the next
                // event cannot come before it, so it is not due either.
                Some(_) => break,
                None if self.head.next_event_at().is_some_and(|at| at <= t) => self.step_once(),
                None => {
                    if self.head.violations().len() > broken || !self.hand_by(t) {
                        break;
                    }
                }
            }
        }
        let step = self.head.steps();
        self.head.advance_to(Position { step, at: t });
        self.grow();
    }

    /// Go forward by one event, applying any logged action due at the
    /// cursor's tick before it. Logged actions due later than the cursor but
    /// before the next event are a moment of their own: a step applies
    /// those of the next such tick, and no event. In manual delivery, go
    /// forward by one action instead (past the run's end, a hand's move).
    /// After the last event of a run that ends later, go to its end.
    /// Returns false if nothing is left to happen.
    pub fn step(&mut self) -> bool {
        // In manual delivery (a model checker's counterexample) nothing
        // happens but actions: an action settles the messages its node
        // sends itself at once, and a delivery by hand is not an event of
        // the queue. So a step is the next action, alone: applying every
        // action until an event happens would swallow several.
        if self.head.config().manual && self.future.front().is_some_and(|a| a.step == self.head.steps()) {
            self.apply_next();
            self.grow();
            return true;
        }
        if self.hand_by(u64::MAX) {
            return true;
        }
        // A scripted crash and restart a second after the last event, then
        // a proposal: one Step went through all of them and the next event,
        // and the restart that broke a rule was never on screen.
        self.apply_due_now();
        let now = self.head.position();
        if let Some(at) = self.future.front().filter(|a| a.step == now.step).map(|a| a.at) {
            while self.future.front().is_some_and(|a| a.step == now.step && a.at == at) {
                self.apply_next();
            }
            self.grow();
            return true;
        }
        let moved = self.head.next_event_at().is_some();
        if moved {
            self.step_once();
            self.apply_due_now();
        } else if self.head.position() < self.end {
            // A recorded run can end a while after its last event (a
            // scenario's quiet close): Step goes there, or it would stand
            // still short of the end with nothing said.
            self.seek(self.end);
            return true;
        }
        self.grow();
        moved
    }

    /// Go back by one event, or by one moment of actions done after the
    /// last event (see [`Timeline::step`]; in manual delivery, by one
    /// action). Returns false at the very start.
    pub fn step_back(&mut self) -> bool {
        // An action in manual delivery is undone by going back to the tick
        // of the one before it, where the world holds every earlier action
        // and not this one. That needs actions at different ticks, as a
        // counterexample's are; actions sharing a moment are one moment,
        // left as a whole below.
        if self.head.config().manual {
            let mut done = self.head.actions().iter().rev();
            if let Some(last) = done.next() {
                let at = done.next().map_or(0, |earlier| earlier.at);
                if at < last.at {
                    self.seek(Position { step: last.step, at });
                    return true;
                }
            }
        }
        // Actions done after the last event, at this tick or before: back
        // to the moment of the latest earlier one, or to just after the
        // event. (If that is where the cursor already is, as for actions
        // at the event's own tick, back by an event.)
        let now = self.head.position();
        let after_event = |a: &&Logged| a.step == now.step && a.at <= now.at;
        if self.head.actions().iter().any(|a| after_event(&a)) {
            let earlier = self.head.actions().iter().filter(after_event).map(|a| a.at).filter(|at| *at < now.at).max();
            self.seek(Position { step: now.step, at: earlier.unwrap_or(0) });
            if self.head.position() != now {
                return true;
            }
        }
        // Back by an event: to the last moment before it, after every
        // action done since the event before. An action that settles its
        // node's messages to itself at once (in manual delivery) is
        // followed by those events: landing among them replays it, and all
        // of them, so further back it goes, until the cursor truly moved.
        let done: Vec<(u64, u64)> = self.head.actions().iter().map(|a| (a.step, a.at)).collect();
        let mut before = self.head.steps();
        while before > 0 {
            before -= 1;
            let at = done.iter().filter(|(step, _)| *step == before).map(|(_, at)| *at).max().unwrap_or(0);
            self.seek(Position { step: before, at });
            if self.head.position() < now {
                return true;
            }
        }
        self.seek(Position::default());
        self.head.position() < now
    }

    /// Go to the end of the run.
    pub fn go_live(&mut self) {
        self.seek(self.end);
    }

    /// Take `action` at the cursor. Refused actions change nothing. In the
    /// past, a done action forks the run; the result says whether it did.
    pub fn act(&mut self, action: Action) -> Result<bool, SimError> {
        let at = self.head.position();
        let forks = !self.is_live();
        let events = self.head.events();
        self.head.apply(action)?;
        if forks {
            self.future.clear();
            self.checkpoints.retain(|c| c.state.position() <= at);
            self.marks.retain(|m| m.at <= at);
            self.end = at;
            self.peak = self.head.peak_in_flight();
            self.branch += 1;
        }
        // A new action's events are new to this branch even though the
        // clock did not move: a restart that forgets a promise breaks a
        // rule by itself, and the bar must show it.
        self.mark(events);
        self.grow();
        Ok(forks)
    }

    // ----- internals ----------------------------------------------------

    fn advance(&mut self, to: Position) {
        loop {
            let pending = self.future.front().filter(|a| a.step == self.head.steps());
            match pending {
                Some(a) if (a.step, a.at) <= (to.step, to.at) => self.apply_next(),
                _ if self.head.steps() < to.step => {
                    if self.head.next_event_at().is_none() {
                        break;
                    }
                    self.step_once();
                }
                _ => break,
            }
        }
        let step = self.head.steps();
        self.head.advance_to(Position { step, at: to.at });
        // The clock may settle later than `to.at` (at the last event's
        // tick, which `to` did not know). The world at a position holds
        // every action logged at or before it, so those it passed at this
        // step are applied too: one position, one world.
        self.apply_due_now();
        self.grow();
    }

    /// Apply the actions of the known future logged at the cursor's step and
    /// tick (or before it): the world at a position holds them.
    fn apply_due_now(&mut self) {
        let now = self.head.position();
        while self.future.front().is_some_and(|a| a.step == now.step && a.at <= now.at) {
            self.apply_next();
        }
    }

    /// Apply the first action of the known future at its logged moment.
    fn apply_next(&mut self) {
        let Some(logged) = self.future.pop_front() else { return };
        let step = self.head.steps();
        self.head.advance_to(Position { step, at: logged.at });
        let events = self.head.events();
        // The log was made by this very world, so the action is accepted
        // again; a refusal would mean the log is not this run's.
        let replayed = self.head.apply(logged.action);
        debug_assert!(replayed.is_ok(), "a logged action replays: {replayed:?}");
        self.after(events);
    }

    fn step_once(&mut self) {
        let events = self.head.events();
        self.head.step();
        self.after(events);
        let steps = self.head.steps();
        let last = self.checkpoints.last().map_or(0, |c| c.state.position().step);
        if steps.is_multiple_of(CHECKPOINT_EVERY) && steps > last {
            let actions = self.head.actions().len();
            self.checkpoints.push(Checkpoint { state: self.head.state().clone(), actions });
            self.thin();
        }
    }

    /// After the head moved past the end, record what the new events mark.
    fn after(&mut self, events_before: u64) {
        if self.head.position() > self.end {
            self.mark(events_before);
        }
    }

    /// Record what the events since `events_before` mark.
    fn mark(&mut self, events_before: u64) {
        let at = self.head.position();
        let trace = self.head.trace();
        for index in events_before..self.head.events() {
            let kind = match trace.get(index).map(|e| &e.event) {
                Some(Event::Chosen { proposal, .. }) => MarkKind::Chosen(proposal.value.to_string()),
                Some(Event::Violation { .. }) => MarkKind::Violation,
                _ => continue,
            };
            self.marks.push(Mark { at, kind });
        }
    }

    fn grow(&mut self) {
        self.end = self.end.max(self.head.position());
        self.peak = self.peak.max(self.head.peak_in_flight());
    }

    /// Keep every checkpoint near the end, and fewer further back: at
    /// distance d from the newest, one per d/16 to d/8 events. The first is
    /// always kept, so any moment can be rebuilt.
    fn thin(&mut self) {
        let newest = self.checkpoints.last().map_or(0, |c| c.state.position().step) / CHECKPOINT_EVERY;
        self.checkpoints.retain(|c| {
            let k = c.state.position().step / CHECKPOINT_EVERY;
            let distance = newest - k;
            let level = if distance < DENSE_INTERVALS { 0 } else { (distance / DENSE_INTERVALS).ilog2() + 1 };
            k.is_multiple_of(1 << level.min(62))
        });
    }

    /// Put the head back to checkpoint `k`, returning later actions to the
    /// future and trimming the event window to match.
    fn restore(&mut self, k: usize) {
        // The window must reach back before the checkpoint, or the log
        // would start empty; one checkpoint earlier gives it a past.
        let covered = |c: &Checkpoint, first: u64| first == 0 || c.state.events() >= first + LOOKBACK;
        let first = self.head.trace().first_index();
        let k = if k > 0 && !covered(&self.checkpoints[k], first) { k - 1 } else { k };
        let cp = &self.checkpoints[k];
        let later = self.head.actions_mut().split_off(cp.actions);
        for logged in later.into_iter().rev() {
            self.future.push_front(logged);
        }
        self.head.restore(&cp.state);
        let index = cp.state.events();
        self.head.trace_mut().truncate(index);
    }
}
