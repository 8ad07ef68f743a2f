//! User actions: the only way anything outside the protocol changes the
//! world.
//!
//! [`Sim::apply`] checks an action first and refuses it, changing nothing,
//! when it cannot be done (proposing at a crashed node, a probability above
//! one…). A done action is logged with the moment it happened, which is what
//! makes a run replayable from its config and action log.

use super::{RoundRecord, Sim, Slot};
use crate::paxos::{NodeId, NodeSet};
use crate::sim::check::Checker;
use crate::sim::config::{parse_value, SimError};
use crate::sim::trace::{check_action, Action, DropReason, Event, Logged};

impl Sim {
    /// Carry out one action, or say why it cannot be done. Done actions are
    /// logged for replay; refused ones change nothing.
    pub fn apply(&mut self, action: Action) -> Result<(), SimError> {
        // What can be checked without the world is checked as a file's or
        // a link's actions are (one rule for both); what follows checks
        // what needs it: a crashed node, a message still in flight.
        check_action(&self.state.config, &action)?;
        let logged = Logged { step: self.state.steps, at: self.state.now, action: action.clone() };
        match action {
            Action::Propose { node, value } => {
                let i = self.running(node)?;
                let value = parse_value(&value)?;
                // The protocol's own answer, before anything is recorded:
                // a refused proposal is not an action of the run.
                self.state.slots[i].node.can_propose().map_err(|_| SimError::OutOfBallots(node))?;
                self.actions.push(logged);
                self.state.checker.proposed(&value);
                let cause = self.emit(|| Event::Proposed { node, value: value.clone() });
                // Asked above: the protocol takes it.
                self.handle(i, cause, |n, out| {
                    let _refused = n.propose(value, out);
                });
            }
            Action::Crash { node } => {
                let i = self.running(node)?;
                self.actions.push(logged);
                self.state.slots[i].crashed = true;
                let cause = self.state.events;
                self.handle(i, cause, |n, out| n.crash(out));
            }
            Action::Restart { node } => {
                let i = self.index(node)?;
                if !self.state.slots[i].crashed {
                    return Err(SimError::NodeNotCrashed(node));
                }
                self.actions.push(logged);
                self.state.slots[i].crashed = false;
                // The node's own note is the restart's first event.
                let cause = self.state.events;
                self.handle(i, cause, |n, out| n.restart(out));
            }
            Action::SetLoss { p } => {
                self.state.settings.loss = p;
                self.changed(logged);
            }
            Action::SetDuplication { p } => {
                self.state.settings.duplication = p;
                self.changed(logged);
            }
            Action::SetNodeFailure { node, p } => {
                let i = self.index(node)?;
                self.state.settings.node_failure[i] = p;
                self.changed(logged);
            }
            Action::SetNodeDelay { node, ticks } => {
                let i = self.index(node)?;
                self.state.node_delay[i] = ticks;
                self.changed(logged);
            }
            Action::SetDelay { min, max } => {
                self.state.settings.delay_min = min;
                self.state.settings.delay_max = max;
                self.changed(logged);
            }
            Action::Cut { from, to } | Action::Heal { from, to } => {
                let (f, t) = (self.index(from)?, self.index(to)?);
                self.set_cut(f, t, matches!(logged.action, Action::Cut { .. }));
                self.changed(logged);
            }
            Action::HealAll => {
                self.state.cut.iter_mut().for_each(|cut| *cut = NodeSet::EMPTY);
                self.changed(logged);
            }
            Action::Isolate { node } | Action::Rejoin { node } => {
                let i = self.index(node)?;
                let on = matches!(logged.action, Action::Isolate { .. });
                for j in (0..self.state.slots.len()).filter(|&j| j != i) {
                    self.set_cut(i, j, on);
                    self.set_cut(j, i, on);
                }
                self.changed(logged);
            }
            Action::Split { side } => {
                let n = self.state.slots.len();
                let on_side = |i: usize| NodeId::from_index(i).is_some_and(|id| side.contains(id));
                for (i, j) in (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).filter(|(i, j)| i != j) {
                    self.set_cut(i, j, on_side(i) != on_side(j));
                }
                self.changed(logged);
            }
            Action::SetFlaw { flaw, on } => {
                self.state.flaws.set(flaw, on);
                let flaws = self.state.flaws;
                self.state.slots.iter_mut().for_each(|s| s.node.flaws = flaws);
                self.changed(logged);
            }
            Action::NewRound => {
                self.actions.push(logged);
                self.begin_round();
            }
            Action::Deliver { id } | Action::DeliverCopy { id } | Action::Drop { id } => {
                let slot = self.find_flight(id).ok_or(SimError::NoSuchMessage(id))?;
                self.actions.push(logged.clone());
                let flight = match logged.action {
                    Action::DeliverCopy { .. } => {
                        let original = self.state.slab[slot as usize].clone().expect("found above");
                        self.copy_of(&original)
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
                let i = self.running(node)?;
                if self.state.slots[i].timer.is_none() {
                    return Err(SimError::NoTimer(node));
                }
                self.actions.push(logged);
                self.fire_timer(i);
            }
        }
        if self.state.config.manual {
            // In manual mode only messages to oneself travel by themselves;
            // they are local and instant, so settle them now.
            let now = self.state.now;
            self.run_until(now);
        }
        self.purge_stale_timers();
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
        let record = RoundRecord {
            round: self.state.round,
            chosen: self.state.checker.chosen().cloned(),
            learned: self.state.slots.iter().filter(|s| s.node.learned.is_some()).count(),
        };
        self.state.rounds.push(record);
        self.state.round += 1;
        // Messages of the old round are discarded where they are.
        self.discard_in_flight(DropReason::RoundOver);
        let (n, flaws) = (self.state.slots.len(), self.state.flaws);
        for slot in &mut self.state.slots {
            *slot = Slot { node: slot.node.new_round(flaws), crashed: slot.crashed, timer: None };
        }
        self.state.checker = Checker::new(n);
        let round = self.state.round;
        self.emit(|| Event::NewRound { round });
    }

    /// Log a settings change and say so in the trace.
    fn changed(&mut self, logged: Logged) {
        let action = logged.action.clone();
        self.actions.push(logged);
        self.emit(|| Event::Changed { action });
    }

    fn index(&self, node: NodeId) -> Result<usize, SimError> {
        if node.is_member_of(self.state.slots.len()) {
            Ok(node.index())
        } else {
            Err(SimError::NoSuchNode(node.0))
        }
    }

    fn running(&self, node: NodeId) -> Result<usize, SimError> {
        let i = self.index(node)?;
        if self.state.slots[i].crashed {
            Err(SimError::NodeCrashed(node))
        } else {
            Ok(i)
        }
    }
}
