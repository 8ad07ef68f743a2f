//! From a search's parent links to a counterexample: the shortest path
//! to a violation, rebuilt, and turned into simulator actions that replay
//! (and are re-checked) in the simulator itself.

use super::state::{Move, State};
use super::{Model, Step};
use crate::sim::check::Violation;
use crate::sim::config::{Settings, SimConfig};
use crate::sim::narrate::describe;
use crate::sim::trace::{Action, Event, Position, TraceFile, TraceMode};
use crate::sim::world::Sim;

/// Two nodes of `state` that learned different values, told as the
/// learner-consistency break it is: the node whose value is not the chosen
/// one (the first, if nothing is chosen). The state is judged, not the
/// step: the step that completes a split may be a node learning the chosen
/// value after another learned a value no majority accepted.
pub(super) fn split_brain(state: &State) -> Option<Violation> {
    let mut learned = state.nodes.iter().filter_map(|n| n.learned.as_ref().map(|v| (n.id, v)));
    let first = learned.next()?;
    let other = learned.find(|(_, v)| *v != first.1)?;
    let chosen = state.checker.chosen().map(|c| &c.value);
    let (node, value) = if chosen == Some(first.1) { other } else { first };
    let also_chosen = state.checker.was_chosen(value);
    Some(Violation::Learner { node, learned: value.clone(), chosen: chosen.cloned(), also_chosen })
}

pub(super) fn rebuild(model: &Model, parents: &[(u32, Move)], mut index: u32) -> Vec<Step> {
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
