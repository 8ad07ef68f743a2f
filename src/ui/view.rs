//! What the page shows, derived from the simulator.
//!
//! Every function here is a pure function of the world (and of the layout
//! and the clock), so drawing a frame never changes anything and the same
//! world always draws the same way. Components get these small, comparable
//! structs as props and re-render only when their part changes.

use super::layout::Route;
use crate::paxos::{Message, MessageKind, NodeId, Note, Phase, Proposal, Value};
use crate::sim::narrate::{describe, is_headline};
use crate::sim::{DropReason, Event, Sim};

/// How long, in ticks, a lost message stays visible while it fades.
pub const FADE_TICKS: u64 = 900;
/// How many events the log shows.
pub const LOG_LINES: usize = 120;

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

fn pair(p: &Proposal) -> String {
    format!("(n={}, {})", p.ballot, short(&p.value))
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
        Message::Accept { proposal } => format!("Accept{}", pair(proposal)),
        Message::Accepted { proposal } => format!("Accepted{}", pair(proposal)),
        Message::Decide { value } => format!("Decide({})", short(value)),
    }
}

/// One node card's contents.
#[derive(Clone, Debug, PartialEq)]
pub struct CardView {
    /// The node.
    pub id: NodeId,
    /// Whether it is crashed.
    pub crashed: bool,
    /// The proposer phase, for the CSS class: idle, preparing, accepting, backoff, decided.
    pub phase: &'static str,
    /// The proposer line, e.g. "ballot n=1.1".
    pub proposer: String,
    /// Progress towards a quorum, e.g. "2 of 3 promises".
    pub progress: Option<String>,
    /// The promised ballot, or a dash.
    pub promised: String,
    /// The accepted proposal, or a dash.
    pub accepted: String,
    /// The learned value, shortened to fit, if any.
    pub learned: Option<String>,
    /// The learned value in full (shown on hover).
    pub learned_full: Option<String>,
    /// The failure probability, in whole percent.
    pub failure_pct: u32,
}

/// Every card, in id order.
pub fn cards(sim: &Sim) -> Vec<CardView> {
    let quorum = crate::paxos::quorum(sim.len(), sim.flaws());
    sim.nodes()
        .map(|v| {
            let node = v.node;
            let (proposer, progress) = match &node.proposer.phase {
                Phase::Idle => ("no proposal".to_string(), None),
                Phase::Preparing { ballot, promises, .. } => (
                    format!("ballot n={ballot}"),
                    Some(format!("{} of {quorum} promises", promises.count().min(quorum))),
                ),
                Phase::Accepting { ballot, value, accepts, .. } => (
                    format!("(n={ballot}, {})", short(value)),
                    Some(format!("{} of {quorum} accepted", accepts.count().min(quorum))),
                ),
                Phase::Backoff { gave_up, .. } => (format!("gave up n={gave_up}"), Some("retrying soon".to_string())),
                Phase::Decided { value } => (format!("decided {}", short(value)), None),
            };
            CardView {
                id: node.id,
                crashed: v.crashed,
                phase: node.proposer.phase.name(),
                proposer,
                progress,
                promised: node.acceptor.promised.map_or_else(|| "—".to_string(), |b| format!("n={b}")),
                accepted: node.acceptor.accepted.as_ref().map_or_else(|| "—".to_string(), pair),
                learned: node.learned.as_ref().map(short),
                learned_full: node.learned.as_ref().map(|l| l.to_string()),
                failure_pct: (v.failure * 100.0).round() as u32,
            }
        })
        .collect()
}

/// How a message is drawn right now.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EdgeState {
    /// On its way.
    Flying,
    /// Lost; `fade` goes from 0 (just lost) to 1 (gone).
    Lost {
        /// How far the fade-out has gone.
        fade: f64,
    },
}

/// One message arrow.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    /// The message id (the SVG key).
    pub id: u64,
    /// Its kind, for colour and marker.
    pub kind: MessageKind,
    /// Its label.
    pub label: String,
    /// The track.
    pub route: Route,
    /// Where the message is now.
    pub at: (f64, f64),
    /// Flying or lost.
    pub state: EdgeState,
    /// A network duplicate of another message.
    pub duplicate: bool,
}

fn track(routes: &[Route], n: usize, from: NodeId, to: NodeId) -> Option<Route> {
    routes.get(from.index() * n + to.index()).copied()
}

fn progress(now: u64, sent: u64, due: u64) -> f64 {
    if due <= sent {
        1.0
    } else {
        (now.saturating_sub(sent) as f64 / (due - sent) as f64).clamp(0.0, 1.0)
    }
}

/// Every message arrow at tick `now`: those in flight, and those lost in the
/// last [`FADE_TICKS`]. With `still` (reduced motion) messages sit at the
/// middle of their track instead of moving.
pub fn edges(sim: &Sim, routes: &[Route], now: u64, still: bool) -> Vec<EdgeView> {
    let n = sim.len();
    let mut out = Vec::new();
    for f in sim.flights() {
        // A node's messages to itself are internal and instant: no arrow.
        if f.from == f.to {
            continue;
        }
        let Some(route) = track(routes, n, f.from, f.to) else { continue };
        let t = if still { 0.5 } else { progress(now, f.sent_at, f.deliver_at) };
        out.push(EdgeView {
            id: f.id,
            kind: f.msg.kind(),
            label: label(&f.msg),
            route,
            at: route.at(t),
            state: EdgeState::Flying,
            duplicate: f.copy_of.is_some(),
        });
    }
    let since = now.saturating_sub(FADE_TICKS);
    for (_, entry) in sim.trace().indexed().rev() {
        if entry.at < since {
            break;
        }
        let Event::Dropped { id, from, to, msg, reason, sent_at, deliver_at } = &entry.event else { continue };
        if from == to {
            continue;
        }
        let Some(route) = track(routes, n, *from, *to) else { continue };
        // Lost in transit: where it vanished. Refused at the door (crashed
        // receiver, cut link, round over): at the receiver's edge.
        let t = match reason {
            DropReason::Loss | DropReason::NodeFailure { .. } => progress(entry.at, *sent_at, *deliver_at),
            _ => progress(entry.at.max(*sent_at), *sent_at, (*deliver_at).max(entry.at)),
        };
        out.push(EdgeView {
            id: *id,
            kind: msg.kind(),
            label: label(msg),
            route,
            at: route.at(if still { 0.5 } else { t }),
            state: EdgeState::Lost { fade: (now - entry.at) as f64 / FADE_TICKS as f64 },
            duplicate: false,
        });
    }
    out
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The event's index in the trace.
    pub index: u64,
    /// The tick.
    pub at: u64,
    /// What happened, in words.
    pub text: String,
    /// A CSS modifier: chosen, violation, lost, round or plain.
    pub tone: &'static str,
}

/// The newest headline events, newest first.
pub fn log(sim: &Sim) -> Vec<LogLine> {
    sim.trace()
        .indexed()
        .rev()
        .filter(|(_, e)| is_headline(&e.event))
        .take(LOG_LINES)
        .map(|(index, e)| LogLine {
            index,
            at: e.at,
            text: describe(&e.event),
            tone: match &e.event {
                Event::Chosen { .. } | Event::Node { note: Note::Learned { .. } | Note::Decided { .. }, .. } => {
                    "chosen"
                }
                Event::Violation { .. } => "violation",
                Event::Dropped { .. }
                | Event::Node { note: Note::Refused { .. } | Note::GaveUp { .. } | Note::Crashed { .. }, .. } => {
                    "trouble"
                }
                Event::NewRound { .. } => "round",
                _ => "plain",
            },
        })
        .collect()
}

/// The status panel's contents.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusView {
    /// The current round.
    pub round: u32,
    /// The chosen value and its ballot, if any.
    pub chosen: Option<(String, String)>,
    /// How many nodes learned it.
    pub learned: usize,
    /// Cluster size.
    pub nodes: usize,
    /// Majority size.
    pub majority: usize,
    /// Violations, described.
    pub violations: Vec<String>,
    /// Finished rounds: number and chosen value.
    pub history: Vec<(u32, Option<String>)>,
}

/// The status panel for `sim`.
pub fn status(sim: &Sim) -> StatusView {
    StatusView {
        round: sim.round(),
        chosen: sim.chosen().map(|p| (p.value.to_string(), format!("n={}", p.ballot))),
        learned: sim.nodes().filter(|v| v.node.learned.is_some()).count(),
        nodes: sim.len(),
        majority: crate::paxos::majority(sim.len()),
        violations: sim.violations().iter().map(|(_, v)| v.to_string()).collect(),
        history: sim.history().iter().map(|r| (r.round, r.chosen.as_ref().map(|p| p.value.to_string()))).collect(),
    }
}

/// The latest event worth reading aloud: a choice, a violation or a new
/// round. The page's live region announces it when it changes.
pub fn announcement(sim: &Sim) -> Option<String> {
    sim.trace().entries().rev().find_map(|e| match &e.event {
        Event::Chosen { .. } | Event::Violation { .. } | Event::NewRound { .. } => Some(describe(&e.event)),
        _ => None,
    })
}

/// One line of guidance for where the user is now.
pub fn hint(sim: &Sim) -> &'static str {
    let busy = sim.nodes().any(|v| v.node.is_proposing());
    let up = sim.nodes().filter(|v| !v.crashed).count();
    if !sim.violations().is_empty() {
        "Safety broke. Read the event log to see which step did it."
    } else if up < crate::paxos::majority(sim.len()) && sim.chosen().is_none() {
        "Too few nodes are up to form a majority, so nothing can be chosen. Safety still holds. Restart a node to make progress."
    } else if sim.chosen().is_some() && !busy {
        "A value is chosen. Propose another value now: Paxos will keep the chosen one. Or start a New round."
    } else if sim.chosen().is_some() {
        "Chosen! A majority accepted one proposal. Watch the Decide messages teach every node."
    } else if busy {
        "Watch the arrows: Prepare asks, Promise answers, then Accept and Accepted. Step moves one event at a time."
    } else {
        "Press Propose on any node to start. Press it on two nodes quickly to watch Paxos resolve the conflict."
    }
}
