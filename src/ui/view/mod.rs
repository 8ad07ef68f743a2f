//! What the page shows, derived from the simulator.
//!
//! Every function here is a pure function of the world at the cursor (and
//! of the layout), so drawing never changes anything and the same moment
//! always draws the same way. Components get these small, comparable
//! structs as props and re-render only when their part changes. Most of
//! the page's sentences are written here (hints, the status, the tolerance
//! meter, the quorum explanation, node histories, timeline marks, the
//! flaws' names), and only when the part they belong to changed.

mod edges;
mod explain;
mod log;
mod rules;
mod status;

pub use edges::*;
pub use explain::*;
pub use log::*;
pub use rules::*;
pub use status::*;

use crate::paxos::{Message, Proposal, Value};
use crate::sim::{Action, Position, Timeline};
use yew::AttrValue;

/// How long, in ticks, a lost message stays visible while it fades.
pub const FADE_TICKS: u64 = 900;
/// How many events the log shows: several screens of its scroll box. The
/// timeline reaches further back; every line is DOM the page must build
/// when a shared run opens.
pub const LOG_LINES: usize = 60;
/// How many finished rounds the status panel lists, latest first; the
/// timeline's marks show every chosen value.
pub const HISTORY_SHOWN: usize = 6;

/// Shorten a value for tight spots; the full text is in the event log.
pub fn short(value: &Value) -> String {
    let text = value.as_str();
    if text.chars().count() <= 12 {
        text.to_string()
    } else {
        let head: String = text.chars().take(11).collect();
        format!("{head}…")
    }
}

/// A proposal as the page writes it: `(n=1.2, apple)`, the value cut short.
pub fn short_pair(p: &Proposal) -> String {
    format!("(n={}, {})", p.ballot, short(&p.value))
}

/// The value each node proposed last in `run` up to its cursor, or failing
/// that its first proposal ahead in the round shown, by node index (`None`
/// for a node with neither): the value boxes follow these, so a shared
/// run's or a scenario's boxes name the values its proposals use. Not a
/// later round's: a lecture on round 1 showed round 3's value in a box.
pub fn own_values(run: &Timeline, n: usize) -> Vec<Option<AttrValue>> {
    let here = run.position();
    let mut own = vec![None; n];
    let mut ahead = vec![None; n];
    for logged in run.actions() {
        let past = Position { step: logged.step, at: logged.at } <= here;
        match &logged.action {
            // A new round ahead ends what the boxes may name.
            Action::NewRound if !past => break,
            // A round begun up to the cursor: the earlier rounds' values
            // are history, not what a node is about to propose.
            Action::NewRound => own.iter_mut().for_each(|v| *v = None),
            Action::Propose { node, value } => {
                let slot = if past { own.get_mut(node.index()) } else { ahead.get_mut(node.index()) };
                if let Some(slot) = slot.filter(|s| past || s.is_none()) {
                    *slot = Some(AttrValue::from(value.to_string()));
                }
            }
            _ => {}
        }
    }
    own.into_iter().zip(ahead).map(|(own, ahead)| own.or(ahead)).collect()
}

/// The label on a message's arrow, as in the original demo's pictures.
pub fn label(msg: &Message) -> String {
    match msg {
        Message::Prepare { ballot } => format!("Prepare(n={ballot})"),
        Message::Promise { ballot, prior: None } => format!("Promise(n={ballot})"),
        Message::Promise { ballot, prior: Some(p) } => {
            format!("Promise(n={ballot}, {{n={}, {}}})", p.ballot, short(&p.value))
        }
        Message::Nack { ballot, .. } => format!("Nack(n={ballot})"),
        Message::Accept { proposal } => format!("Accept{}", short_pair(proposal)),
        Message::Accepted { proposal } => format!("Accepted{}", short_pair(proposal)),
        Message::Decide { value } => format!("Decide({})", short(value)),
    }
}

/// About how many characters [`label`] writes for `msg`, without writing
/// it: the diagram asks for every arrow in view on every event. Ballots
/// are counted as "n=1.2" (a few characters more for big numbers).
pub fn label_chars(msg: &Message) -> usize {
    let value = |v: &Value| v.as_str().chars().count().min(12);
    match msg {
        Message::Prepare { .. } => 14,
        Message::Promise { prior: None, .. } => 14,
        Message::Promise { prior: Some(p), .. } => 25 + value(&p.value),
        Message::Nack { .. } => 11,
        Message::Accept { proposal } => 15 + value(&proposal.value),
        Message::Accepted { proposal } => 17 + value(&proposal.value),
        Message::Decide { value: v } => 8 + value(v),
    }
}
