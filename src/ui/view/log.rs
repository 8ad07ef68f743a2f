//! The event log's lines and the timeline bar's marks.

use super::LOG_LINES;
use crate::paxos::Note;
use crate::sim::narrate::{describe, in_log};
use crate::sim::timeline::MarkKind;
use crate::sim::{Action, Event, Position, Sim, Timeline};
use std::rc::Rc;

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The event's index in the run.
    pub index: u64,
    /// The tick.
    pub at: u64,
    /// What happened, in words.
    pub text: Rc<str>,
    /// A CSS modifier (see [`tone`]).
    pub tone: &'static str,
}

/// Log lines already written, by event number, for one branch of one run:
/// each sentence is written once, when its event first shows in the log.
#[derive(Debug, Default)]
pub struct LogCache {
    branch: (u32, u32),
    /// Sorted by event number.
    lines: Vec<LogLine>,
}

/// The newest headline events before the cursor, newest first: at most
/// [`LOG_LINES`], and one more when there are more, so that the log can
/// say so. `branch`
/// names the run and its branch; the cache is emptied when it changes,
/// because the same event number then names another event.
pub fn log(sim: &Sim, cache: &mut LogCache, branch: (u32, u32)) -> Vec<LogLine> {
    if cache.branch != branch {
        *cache = LogCache { branch, lines: Vec::new() };
    }
    let lines: Vec<LogLine> = sim
        .trace()
        .indexed()
        .rev()
        .filter(|(_, e)| in_log(&e.event, sim.len()))
        .take(LOG_LINES + 1)
        .map(|(index, e)| match cache.lines.binary_search_by_key(&index, |l| l.index) {
            Ok(k) => cache.lines[k].clone(),
            Err(_) => {
                let text = describe(&e.event);
                LogLine { index, at: e.at, text: text.into(), tone: tone(&e.event) }
            }
        })
        .collect();
    // Keep exactly what is on screen, so the cache stays small.
    cache.lines = lines.iter().rev().cloned().collect();
    lines
}

/// A CSS modifier for an event's line: chosen, violation, trouble, round
/// or plain.
pub fn tone(event: &Event) -> &'static str {
    match event {
        Event::Chosen { .. } | Event::Node { note: Note::Learned { .. } | Note::Decided { .. }, .. } => "chosen",
        Event::Violation { .. } | Event::Node { note: Note::Contradicted { .. }, .. } => "violation",
        Event::Dropped { .. }
        | Event::Node { note: Note::Refused { .. } | Note::GaveUp { .. } | Note::Crashed { .. }, .. } => "trouble",
        Event::NewRound { .. } => "round",
        _ => "plain",
    }
}

/// A mark on the timeline bar.
#[derive(Clone, Debug, PartialEq)]
pub struct BarMark {
    /// Its tick.
    pub at: u64,
    /// The very event it marks, when it marks one (a choice, a break), not
    /// a whole tick: Shift and an arrow go there, to the breaking step,
    /// where the run pauses, rather than to the end of its tick.
    pub exact: Option<Position>,
    /// A CSS modifier: chosen, violation, propose, crash, restart, round or
    /// setting.
    pub kind: &'static str,
    /// What happened there, in words: the mark's tooltip (after its time)
    /// and what the timeline says when its cursor stands on the mark.
    pub what: String,
}

/// What a logged action did, in a few words, and its mark's kind.
fn action_mark(action: &Action) -> (&'static str, String) {
    match action {
        Action::Propose { node, value } => ("propose", format!("Node {node} is asked to propose “{value}”")),
        Action::Crash { node } => ("crash", format!("Node {node} crashes")),
        Action::Restart { node } => ("restart", format!("Node {node} restarts")),
        Action::NewRound => ("round", "A new round begins".to_string()),
        other => ("setting", describe(&Event::Changed { action: other.clone() })),
    }
}

/// Every mark of the run: its actions, the values chosen and any safety
/// violation, oldest first.
pub fn bar_marks(run: &Timeline) -> Vec<BarMark> {
    // Actions of one kind at one moment (a partition cuts a dozen links at
    // once) share a mark, so its tooltip tells them all.
    let mut actions: Vec<(u64, &'static str, Vec<String>)> = Vec::new();
    // A counterexample's moves (a delivery, a drop, a timer) are each one
    // step of its run, a second apart: a mark on every step, each saying
    // only "The world changed", told a reader nothing the bar did not.
    let moves = |a: &Action| {
        matches!(
            a,
            Action::Deliver { .. } | Action::DeliverCopy { .. } | Action::Drop { .. } | Action::FireTimer { .. }
        )
    };
    for logged in run.actions().filter(|l| !moves(&l.action)) {
        let (kind, mut what) = action_mark(&logged.action);
        // Sentences from the log end in a full stop; joined, they must not.
        what.truncate(what.trim_end_matches('.').len());
        // Any earlier mark of this kind at this tick, not only the last:
        // a proposal between two cuts must not split them.
        let same = actions.iter_mut().rev().take_while(|(at, ..)| *at == logged.at).find(|(_, k, _)| *k == kind);
        match same {
            Some((_, _, whats)) => whats.push(what),
            None => actions.push((logged.at, kind, vec![what])),
        }
    }
    let actions = actions.into_iter().map(|(at, kind, whats)| {
        let told = match whats.len() {
            1..=3 => whats.join(" · "),
            n => format!("{} · and {} more", whats[..2].join(" · "), n - 2),
        };
        BarMark { at, exact: None, kind, what: told }
    });
    let found = run.marks().iter().map(|m| match &m.kind {
        MarkKind::Chosen(value) => {
            BarMark { at: m.at.at, exact: Some(m.at), kind: "chosen", what: format!("“{value}” is chosen") }
        }
        MarkKind::Violation => {
            BarMark { at: m.at.at, exact: Some(m.at), kind: "violation", what: "safety broke".to_string() }
        }
    });
    actions.chain(found).collect()
}
