//! A short, concrete run for each deliberate flaw, in which that flaw
//! breaks safety: what the Break a rule panel's "Show me" buttons open,
//! and the runs the tests judge the page's views on.
//!
//! Each is a challenge attempt (three nodes; see [`super::challenge`])
//! played the way a person plays one: moves taken at moments (after
//! `run_until`, or after single `step`s, as the Step button does), each
//! move checked against the challenge's rules first, as the page's reducer
//! does. So every demo is also a way to win the challenge.

use super::challenge::{check_move, config};
use super::timeline::IDLE_GAP;
use super::{Action, Event, Timeline};
use crate::paxos::{Flaw, Message, NodeId, Note};

/// How long a demo plays on after its last move at most, in ticks: long
/// enough for every retry and `Decide` to land. It stops sooner once
/// nothing is left to happen.
pub const HORIZON: u64 = 40_000;

/// The attempt (and so the seed) each demo is played on: any attempt
/// works for most flaws; counting duplicates needs the network to deliver
/// one particular `Accept` twice, so it names an attempt whose dice do.
pub fn attempt(flaw: Flaw) -> u32 {
    match flaw {
        Flaw::CountDuplicates => 22,
        _ => 0,
    }
}

/// What the demo of `flaw` shows, in a sentence for the page's notice.
pub fn summary(flaw: Flaw) -> &'static str {
    match flaw {
        // Each setup move said with its reason: an engineer stepping
        // through read "node 1's messages now take 4.0 s longer" and a
        // crash with no why, and the point (the promise quorum's nodes
        // also accepted apple, and forgot it) was never made.
        Flaw::Amnesia => {
            "Apple is chosen, and node 3 crashes before it learns so. Nodes 2 and 3 restart and forget what they accepted, and node 1's messages are slowed so that it cannot remind them in time. Node 3 proposes plum: its promise quorum, nodes 2 and 3, overlaps the nodes that accepted apple, as any two majorities do, but both of them forgot, so plum is chosen too."
        }
        Flaw::IgnorePrior => {
            "Node 3 misses apple's decision, restarts and proposes plum; its promises report apple, and it ignores them."
        }
        Flaw::SharedBallots => {
            "Nodes 1 and 3 propose at the same moment and both use ballot n=1. The acceptors cannot tell the two proposals apart, so apple and plum are each accepted by a majority under that one ballot."
        }
        Flaw::AcceptAnything => {
            "Node 1's Accept is slowed down; it lands after node 3 has read the acceptors, and they accept it anyway."
        }
        Flaw::MinorityQuorum => "With a quorum of one, nodes 1 and 3 each decide their own value alone.",
        Flaw::CountDuplicates => {
            "Nodes 1 and 2 propose at once. Node 3 is down for a moment, so node 2's Prepare misses it; node 1's own acceptor refuses node 1's Accept, having promised node 2, and node 2's messages are then dropped, so no second refusal reaches node 1. The network delivers node 1's Accept to node 3 twice, node 3 answers Accepted twice, and node 1 counts both, as if two of the three acceptors had accepted apple. Node 2, once its messages flow again, gets pear chosen."
        }
    }
}

/// The demo of `flaw`, played to its end, then sought back to its start,
/// so that Play shows it from the beginning. Every demo is pinned by the
/// native tests; the error is for the page, should one ever fail to play.
pub fn demo(flaw: Flaw) -> Result<Timeline, String> {
    let mut run = played(flaw)?;
    run.seek(Default::default());
    Ok(run)
}

/// The flaw whose demo `run` is, if it is one (see
/// [`Timeline::continues`]): an embed or a presentation of a "Show me"
/// run then tells its story, which only the full page's notice told.
pub fn of(run: &Timeline) -> Option<Flaw> {
    let mut flaws = run.config().flaws.iter();
    let flaw = flaws.next().filter(|_| flaws.next().is_none())?;
    let own = demo(flaw).ok()?;
    run.continues(&own).then_some(flaw)
}

/// The demo of `flaw`, played to its end.
pub fn played(flaw: Flaw) -> Result<Timeline, String> {
    let mut run = Timeline::new(config(Some(flaw), attempt(flaw))).map_err(|e| e.to_string())?;
    let moves = match flaw {
        // Two acceptors forget that they accepted apple; with node 1's
        // reminders slowed, node 3 hears only forgetful promises and
        // proposes its own value. Node 3 was down when apple's Decide came,
        // so plum is the first value it learns.
        Flaw::Amnesia => {
            miss_the_decision(&mut run)?;
            vec![
                (6_000, Action::Restart { node: n(3) }),
                (6_000, Action::Crash { node: n(2) }),
                (6_000, Action::Restart { node: n(2) }),
                (6_000, Action::SetNodeDelay { node: n(1), ticks: 4_000 }),
                (6_000, propose(3, "plum")),
            ]
        }
        // Apple is chosen and learned, except by node 3, which was down;
        // node 3's promises report apple, and node 3 proposes plum anyway.
        Flaw::IgnorePrior => {
            miss_the_decision(&mut run)?;
            vec![(6_000, Action::Restart { node: n(3) }), (6_000, propose(3, "plum"))]
        }
        // Both proposers pick ballot 1 with no tie-break, so node 2
        // promises both and accepts both values under one ballot.
        Flaw::SharedBallots => vec![(0, propose(1, "apple")), (0, propose(3, "plum"))],
        // Node 1's Accept is slowed; by the time it lands, node 3 has read
        // the acceptors with a higher ballot, and they accept apple anyway.
        Flaw::AcceptAnything => vec![
            (0, propose(1, "apple")),
            (100, Action::SetNodeDelay { node: n(1), ticks: 1_000 }),
            (1_000, propose(3, "plum")),
        ],
        // A "quorum" of one: each proposer decides on its own vote alone.
        // Node 3 a tick later: at tick 0 its proposal would be part of the
        // moment node 1's lone decision breaks a rule, and the pause there
        // would show it already made.
        Flaw::MinorityQuorum => vec![(0, propose(1, "apple")), (1, propose(3, "plum"))],
        Flaw::CountDuplicates => {
            count_duplicates(&mut run)?;
            Vec::new()
        }
    };
    for (at, action) in moves {
        run.run_until(at);
        play(&mut run, action)?;
    }
    // Once nothing is left to happen, the demo ends soon after: the rest
    // of the horizon would be an empty stretch at the end of the bar and
    // of the diagram.
    let end = run.position().at + HORIZON;
    run.run_until_quiet(end, IDLE_GAP);
    Ok(run)
}

fn n(k: u8) -> NodeId {
    NodeId(k)
}

fn propose(k: u8, value: &str) -> Action {
    Action::Propose { node: n(k), value: value.to_string() }
}

/// Take `action` now, as a click would: the challenge's rules first, then
/// the world's. (The action is told in words, not `{:?}`: Debug output of
/// every action type would cost the page's wasm several kilobytes.)
fn play(run: &mut Timeline, action: Action) -> Result<(), String> {
    // Two moves at one step and tick are one moment of the run, which the
    // timeline cannot take apart: the pause at a break, or a press on the
    // log, would land after both. A tenth of a second later (the finest
    // time the page shows), each is its own moment, and two pauses in a
    // row do not read "6.0 s" both times as if Play had done nothing.
    let here = run.position();
    if run.actions().last().is_some_and(|a| (a.step, a.at) == (here.step, here.at)) {
        run.run_until(here.at + 100);
    }
    let at = run.position().at;
    check_move(run.head(), &action).map_err(|why| format!("a move at tick {at} is not a challenge move: {why}"))?;
    run.act(action).map(drop).map_err(|e| format!("a move at tick {at} was refused: {e}"))
}

/// Press Step until the newest events include one that `wanted` accepts;
/// `missing` says what never came, if the run went quiet first.
fn step_until(run: &mut Timeline, wanted: impl Fn(&Event) -> bool, missing: &str) -> Result<(), String> {
    for _ in 0..10_000 {
        let before = run.head().events();
        if !run.step() {
            break;
        }
        if run.head().trace().indexed().any(|(i, e)| i >= before && wanted(&e.event)) {
            return Ok(());
        }
    }
    Err(format!("the demo expected that {missing}, and it did not happen"))
}

/// Node 1 proposes apple, and node 3 crashes the moment node 1 decides,
/// so apple's `Decide` finds it down: a learner learns a value once, so
/// only a node that never learned apple can learn a second value.
fn miss_the_decision(run: &mut Timeline) -> Result<(), String> {
    play(run, propose(1, "apple"))?;
    let decided = |e: &Event| matches!(e, Event::Node { node, note: Note::Decided { .. } } if *node == n(1));
    step_until(run, decided, "node 1 decides apple")?;
    play(run, Action::Crash { node: n(3) })
}

/// Nodes 1 and 2 propose at once. Node 3 promises node 1 and is down
/// while node 2's Prepare arrives, so it will still accept node 1's value;
/// node 1's own acceptor has promised node 2 meanwhile and refuses it. With
/// node 2's messages dropped, no second refusal reaches node 1. The network
/// delivers node 1's `Accept` to node 3 twice, node 3 answers `Accepted`
/// twice, and the two count as two acceptors: node 1 decides apple that
/// only node 3 accepted. Node 2, cut off from that
/// `Decide`, retries once its messages flow again and gets pear chosen.
fn count_duplicates(run: &mut Timeline) -> Result<(), String> {
    play(run, propose(1, "apple"))?;
    play(run, propose(2, "pear"))?;
    let promised_1 =
        |e: &Event| matches!(e, Event::Node { node, note: Note::Promised { to, .. } } if *node == n(3) && *to == n(1));
    step_until(run, promised_1, "node 3 promises node 1")?;
    play(run, Action::Crash { node: n(3) })?;
    let missed = |e: &Event| matches!(e, Event::Dropped { to, msg: Message::Prepare { .. }, .. } if *to == n(3));
    step_until(run, missed, "node 2's Prepare finds node 3 down")?;
    play(run, Action::Restart { node: n(3) })?;
    play(run, Action::SetNodeFailure { node: n(2), p: 1.0 })?;
    let learned_1 = |e: &Event| matches!(e, Event::Node { node, note: Note::Learned { .. } } if *node == n(1));
    step_until(run, learned_1, "node 1 learns a value")?;
    // A tick later, so that node 1's learning (which breaks a rule) is a
    // moment of its own, without this move in it.
    let at = run.position().at;
    run.run_until(at + 1);
    play(run, Action::SetNodeFailure { node: n(2), p: 0.0 })
}
