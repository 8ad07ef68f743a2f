//! One short, concrete challenge per deliberate flaw, played the way the
//! page plays a run: a timeline started from the challenge's config, moves
//! taken at moments (after `run_until`, or after single `step`s, as the
//! Step button does), each move checked against the challenge's rules
//! first, just as the page's reducer does.
//!
//! Shared by the native tests (`tests/flaws_in_page.rs`) and the browser
//! tests (`tests/web.rs`), so the page's own view functions are judged on
//! exactly the runs the native tests drive.

#![allow(dead_code)] // each test crate uses a different part

use paxos_playground::paxos::{Flaw, Message, NodeId, Note};
use paxos_playground::sim::challenge::{check_move, config};
use paxos_playground::sim::{Action, Event, Timeline};

/// How long a script plays on after its last move, in ticks: long enough
/// for every retry and `Decide` to land.
pub const HORIZON: u64 = 40_000;

/// The attempt (and so the seed) each script is played on: any attempt
/// works for most flaws; counting duplicates needs the network to
/// duplicate one particular reply, so it names an attempt whose dice do.
pub fn attempt(flaw: Flaw) -> u32 {
    match flaw {
        Flaw::CountDuplicates => COUNT_DUPLICATES_ATTEMPT,
        _ => 0,
    }
}

const COUNT_DUPLICATES_ATTEMPT: u32 = 22;

fn n(k: u8) -> NodeId {
    NodeId(k)
}

fn propose(k: u8, value: &str) -> Action {
    Action::Propose { node: n(k), value: value.to_string() }
}

/// Take `action` now, as a click would: the challenge's rules first, then
/// the world's.
pub fn play(run: &mut Timeline, action: Action) {
    check_move(run.head(), &action).unwrap_or_else(|why| panic!("{action:?} is not a challenge move: {why}"));
    run.act(action.clone()).unwrap_or_else(|e| panic!("{action:?} was refused: {e}"));
}

/// Play `moves` at their ticks, then play on to the horizon.
fn at_ticks(run: &mut Timeline, moves: Vec<(u64, Action)>) {
    for (at, action) in moves {
        run.run_until(at);
        play(run, action);
    }
    let end = run.position().at + HORIZON;
    run.run_until(end);
}

/// Press Step until the newest events include one that `wanted` accepts;
/// false if the run went quiet first.
fn step_until(run: &mut Timeline, wanted: impl Fn(&Event) -> bool) -> bool {
    for _ in 0..10_000 {
        let before = run.head().events();
        if !run.step() {
            return false;
        }
        if run.head().trace().indexed().any(|(i, e)| i >= before && wanted(&e.event)) {
            return true;
        }
    }
    false
}

/// The script for `flaw`, played to its end: the challenge run with its
/// violations, paused nowhere (the caller seeks to the moment it wants).
pub fn played(flaw: Flaw) -> Timeline {
    played_on(flaw, attempt(flaw))
}

/// The script for `flaw`, played on challenge attempt `attempt`.
pub fn played_on(flaw: Flaw, attempt: u32) -> Timeline {
    let mut run = Timeline::new(config(Some(flaw), attempt)).expect("the challenge config is valid");
    let moves = match flaw {
        // Two acceptors forget that they accepted apple; with node 1's
        // reminders slowed, node 3 hears only forgetful promises and
        // proposes its own value. Node 3 was down when apple's Decide came,
        // so plum is the first value it learns.
        Flaw::Amnesia => {
            miss_the_decision(&mut run);
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
            miss_the_decision(&mut run);
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
        Flaw::MinorityQuorum => vec![(0, propose(1, "apple")), (0, propose(3, "plum"))],
        Flaw::CountDuplicates => {
            count_duplicates(&mut run);
            return run;
        }
    };
    at_ticks(&mut run, moves);
    run
}

/// Node 1 proposes apple, and node 3 crashes the moment node 1 decides,
/// so apple's `Decide` finds it down: a learner learns a value once, so
/// only a node that never learned apple can learn a second value.
fn miss_the_decision(run: &mut Timeline) {
    play(run, propose(1, "apple"));
    let decided = |e: &Event| matches!(e, Event::Node { node, note: Note::Decided { .. } } if *node == n(1));
    assert!(step_until(run, decided), "node 1 decides apple");
    play(run, Action::Crash { node: n(3) });
}

/// Nodes 1 and 2 propose at once. Node 3 promises node 1 and is down
/// while node 2's Prepare arrives, so it will still accept node 1's value;
/// node 1's own acceptor has promised node 2 meanwhile and refuses it. With
/// node 2's messages dropped, no second refusal reaches node 1, and node
/// 3's one `Accepted`, duplicated by the network, counts as two: node 1
/// decides apple that only node 3 accepted. Node 2, cut off from that
/// `Decide`, retries once its messages flow again and gets pear chosen.
fn count_duplicates(run: &mut Timeline) {
    play(run, propose(1, "apple"));
    play(run, propose(2, "pear"));
    let promised_1 =
        |e: &Event| matches!(e, Event::Node { node, note: Note::Promised { to, .. } } if *node == n(3) && *to == n(1));
    assert!(step_until(run, promised_1), "node 3 promises node 1");
    play(run, Action::Crash { node: n(3) });
    let missed = |e: &Event| matches!(e, Event::Dropped { to, msg: Message::Prepare { .. }, .. } if *to == n(3));
    assert!(step_until(run, missed), "node 2's Prepare finds node 3 down");
    play(run, Action::Restart { node: n(3) });
    play(run, Action::SetNodeFailure { node: n(2), p: 1.0 });
    let learned_1 = |e: &Event| matches!(e, Event::Node { node, note: Note::Learned { .. } } if *node == n(1));
    assert!(step_until(run, learned_1), "node 1 learns a value");
    play(run, Action::SetNodeFailure { node: n(2), p: 0.0 });
    let end = run.position().at + HORIZON;
    run.run_until(end);
}
