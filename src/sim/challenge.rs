//! The "try to break Paxos" challenge, as rules over an ordinary run.
//!
//! Three nodes each want their own value. The player may propose, crash
//! and restart one node at a time, and slow down or drop a node's
//! messages; the goal is to make two nodes learn different values. A
//! challenge is a plain [`Timeline`](super::Timeline) started from
//! [`config`], so it replays, seeks and shares like any run. This module
//! says which moves are allowed ([`check_move`]) and whether the player
//! has won ([`win`]); both are pure functions of the world, so the page
//! and the native tests judge a challenge by the same rules. With correct
//! Paxos no sequence of moves wins: that is the point.

use super::check::{Property, Violation};
use super::config::{Settings, SimConfig};
use super::trace::{Action, Event, Logged};
use super::world::Sim;
use crate::paxos::{Flaw, Flaws, NodeId, Note, Value};
use std::fmt;

/// Nodes in a challenge: the smallest cluster whose majority survives a crash.
pub const NODES: usize = 3;
/// The first attempt's seed; attempt `k` of a visit uses `SEED + k`, so a
/// new attempt gets new dice while every attempt stays repeatable.
pub const SEED: u64 = 7;
/// How often the challenge's network delivers a message twice. Without
/// duplicates, the "count duplicate replies" flaw could never show. The
/// challenge panel tells the player: "one message in five".
pub const DUPLICATION: f64 = 0.2;
/// The extra delays offered for one node's messages, in ticks (1,000 ticks
/// are a second of the page's clock).
pub const DELAYS: [u32; 4] = [0, 1_000, 2_000, 4_000];
/// The drop probabilities offered for one node's messages.
pub const DROPS: [f64; 3] = [0.0, 0.5, 1.0];

/// The run a challenge attempt starts from: three nodes on a network with
/// the usual delays, no random loss, some duplication, and `flaw` (if any)
/// switched on from the start, so every logged action is a player's move.
pub fn config(flaw: Option<Flaw>, attempt: u32) -> SimConfig {
    let mut config = SimConfig::new(NODES, SEED.wrapping_add(u64::from(attempt)));
    config.flaws = flaw.map_or(Flaws::NONE, Flaws::only);
    config.settings = Settings { duplication: DUPLICATION, ..Settings::reliable(NODES) };
    config
}

/// Why a move is not part of the challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Another node is down already: one crash at a time.
    OneDown {
        /// The node that is down.
        down: NodeId,
    },
    /// Not one of the challenge's moves (cutting links, changing the
    /// network, switching rules mid-run…).
    NotAMove,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::OneDown { down } => write!(
                f,
                "One node at a time: node {down} is down. Restart it before you crash another, or no majority could be left to break."
            ),
            Refusal::NotAMove => write!(
                f,
                "That is not one of the challenge's moves. Leave the challenge to use the rest of the playground."
            ),
        }
    }
}

/// Check `action` against the challenge's rules, before the world's own
/// checks: proposals, restarts and a node's delay or drop rate are always
/// moves; a crash is one only while every other node is up.
pub fn check_move(sim: &Sim, action: &Action) -> Result<(), Refusal> {
    match action {
        Action::Propose { .. }
        | Action::Restart { .. }
        | Action::SetNodeFailure { .. }
        | Action::SetNodeDelay { .. } => Ok(()),
        Action::Crash { node } => match sim.nodes().find(|v| v.crashed && v.node.id != *node) {
            Some(down) => Err(Refusal::OneDown { down: down.node.id }),
            None => Ok(()),
        },
        _ => Err(Refusal::NotAMove),
    }
}

/// A won challenge: two nodes learned different values.
#[derive(Clone, Debug, PartialEq)]
pub struct Win {
    /// A node and the value it had learned.
    pub first: (NodeId, Value),
    /// Another node and the different value it learned.
    pub second: (NodeId, Value),
    /// The index of the event at which the second one learned.
    pub event: u64,
    /// That event's tick: the moment of the win.
    pub at: u64,
    /// The player's moves up to that moment (see [`moves`]).
    pub moves: usize,
    /// The index of the event that began its round (0 for the first): a
    /// new round starts every learner afresh.
    pub round_start: u64,
    /// The first safety violation of its round, and the index and tick of
    /// the event that caused it: where the rule broke that made the win
    /// possible.
    pub cause: Option<(Violation, u64, u64)>,
}

/// How many moves `actions` count as: each logged action, except a node's
/// delay or drop setting that the very next action sets again. A move is
/// a change to one setting, however many times it is adjusted in a row
/// before another move: a setting reached through the ones before it is
/// one choice, however it was reached.
pub fn moves<'a>(actions: impl IntoIterator<Item = &'a Logged>) -> usize {
    let setting = |a: &Logged| match a.action {
        Action::SetNodeDelay { node, .. } => Some((0, node)),
        Action::SetNodeFailure { node, .. } => Some((1, node)),
        _ => None,
    };
    let mut actions = actions.into_iter().peekable();
    let mut count = 0;
    while let Some(a) = actions.next() {
        let replaced = actions.peek().is_some_and(|next| setting(a).is_some() && setting(a) == setting(next));
        count += usize::from(!replaced);
    }
    count
}

/// Whether the run at the cursor has been won: the first moment in its
/// current round at which two nodes held different learned values, if
/// that has happened yet.
///
/// It reads the learned values from the events the world keeps (a whole
/// challenge fits in the page's event window), because the moment the
/// second value was learned is the moment to show.
pub fn win(sim: &Sim) -> Option<Win> {
    // Two learners that disagree always break learner consistency (one of
    // them learned what is not chosen), so a run without that violation
    // is not won and needs no scan of its events.
    if !sim.violations().iter().any(|(_, v)| v.property() == Property::Learner) {
        return None;
    }
    let mut learned: Vec<Option<&Value>> = vec![None; sim.len()];
    let mut found = None;
    let mut round_start = 0;
    for (index, entry) in sim.trace().indexed() {
        let (node, value) = match &entry.event {
            // A new round starts every learner afresh: a disagreement in
            // an earlier round is not the one the cards show now.
            Event::NewRound { .. } => {
                learned.fill(None);
                found = None;
                round_start = index;
                continue;
            }
            Event::Node { node, note: Note::Learned { value } } => (node, value),
            _ => continue,
        };
        let Some(slot) = learned.get_mut(node.index()) else { continue };
        *slot = Some(value);
        if found.is_some() {
            continue;
        }
        let other = learned
            .iter()
            .enumerate()
            .find_map(|(i, v)| Some((NodeId::from_index(i)?, (*v)?)).filter(|(_, v)| *v != value));
        if let Some((other_node, other)) = other {
            let cause = sim
                .violations()
                .iter()
                .find(|(cause, _)| *cause >= round_start)
                .map(|(cause, v)| (v.clone(), *cause, sim.trace().get(*cause).map_or(entry.at, |e| e.at)));
            found = Some(Win {
                first: (other_node, other.clone()),
                second: (*node, value.clone()),
                event: index,
                at: entry.at,
                moves: moves(sim.actions().iter().filter(|a| a.at <= entry.at)),
                round_start,
                cause,
            });
        }
    }
    found
}
