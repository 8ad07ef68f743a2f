//! Every deliberate flaw, broken in the page's own model: for each one, a
//! short concrete challenge (see `support/flaw_scripts.rs`) is played
//! through a [`Timeline`] as the page plays it, and the violation must
//! become visible in everything the page draws from: the checker's list
//! (the safety badge and the invariants panel), the event that caused it
//! (the culprit card and the "at 3.2 s" jump), the red mark on the
//! timeline bar, the log line, the moment the page pauses at, and the
//! challenge's own verdict, two nodes holding different learned values.
//!
//! The page's view functions are wasm-only; `tests/web.rs` plays the same
//! scripts and checks those functions' output on them in the browser.

#![cfg(not(target_arch = "wasm32"))]

#[path = "support/flaw_scripts.rs"]
mod flaw_scripts;

use flaw_scripts::played;
use paxos_playground::paxos::{Flaw, NodeId};
use paxos_playground::sim::challenge::{self, check_move, win, Refusal};
use paxos_playground::sim::flaw_demos::{attempt, HORIZON};
use paxos_playground::sim::narrate::describe;
use paxos_playground::sim::timeline::{MarkKind, IDLE_GAP};
use paxos_playground::sim::{Action, Event, Property, Timeline};

/// Check that `run` (played to its end) shows `flaw` broken: `first` is
/// the property that breaks first, and `then` are broken by the end too.
fn shows_the_break(mut run: Timeline, flaw: Flaw, first: Property, then: &[Property]) {
    let head = run.head();
    assert!(head.flaws().has(flaw), "the run carries its unsafe-variant badge");

    // The checker: the safety badge turns red with the first violation,
    // and the invariants panel lists every broken property.
    let violations = head.violations().to_vec();
    let (cause, violation) = violations.first().cloned().expect("the flaw shows as a violation");
    assert_eq!(violation.property(), first, "{flaw:?}: the first broken property, {violation}");
    for property in then {
        assert!(
            violations.iter().any(|(_, v)| v.property() == *property),
            "{flaw:?}: {} should be broken too; broken: {:?}",
            property.name(),
            violations.iter().map(|(_, v)| v.property().name()).collect::<Vec<_>>()
        );
    }

    // Each violation points at an event the page still holds, handled by
    // a node of the cluster, before the violation itself was recorded.
    for (index, v) in &violations {
        let entry = head.trace().get(*index).unwrap_or_else(|| panic!("{flaw:?}: the cause of “{v}” is kept"));
        let node = entry.event.handled_by().unwrap_or_else(|| panic!("{flaw:?}: “{v}” names no node"));
        assert!(node.is_member_of(head.len()));
    }
    let at = head.trace().get(cause).map(|e| e.at).expect("kept");
    let logged = head.trace().entries().find_map(|e| match &e.event {
        Event::Violation { violation: v, cause: c } if *c == cause && *v == violation => Some(e.clone()),
        _ => None,
    });
    let logged = logged.unwrap_or_else(|| panic!("{flaw:?}: the violation is an event of the run"));
    assert_eq!(logged.at, at, "the violation is recorded at the moment its cause happened");
    assert_eq!(describe(&logged.event), format!("⚠ {violation}"), "the log line says what broke");

    // The timeline bar gets a red mark there.
    assert!(
        run.marks().iter().any(|m| m.kind == MarkKind::Violation && m.at.at == at),
        "{flaw:?}: a violation mark at tick {at}"
    );

    // The challenge is won: two nodes learned different values, after
    // the rule broke, and the verdict names the rule that broke first.
    let won = win(head).unwrap_or_else(|| panic!("{flaw:?}: two nodes end up with different values"));
    assert_ne!(won.first.1, won.second.1, "different values");
    assert_ne!(won.first.0, won.second.0, "on different nodes");
    assert!(won.at >= at, "the win comes with or after the first broken rule");
    assert_eq!(won.cause.as_ref().map(|(v, _, t)| (v, *t)), Some((&violation, at)));
    let moves = challenge::moves(run.actions().filter(|a| a.at <= won.at));
    assert_eq!(won.moves, moves, "the moves count the player's moves up to the win");
    // How many moves each script (`support/flaw_scripts.rs`) makes before
    // its win: a scenario short enough to play by clicking.
    let scripted = match flaw {
        Flaw::MinorityQuorum | Flaw::SharedBallots => 2,
        Flaw::AcceptAnything => 3,
        Flaw::IgnorePrior => 4,
        Flaw::CountDuplicates => 5,
        Flaw::Amnesia => 7,
    };
    assert_eq!(moves, scripted, "{flaw:?}: the script's moves up to the win");

    // The page pauses at the first violation by seeking to its tick: the
    // world there shows it, and a moment earlier it did not exist yet.
    let end = run.end();
    run.seek_time(at);
    assert_eq!(run.head().violations().first().map(|(_, v)| v), Some(&violation), "paused on the violation");
    if at > 0 {
        run.seek_time(at - 1);
        assert!(run.head().violations().is_empty(), "{flaw:?}: nothing was broken just before");
    }
    // And the win is visible at its moment, on the nodes themselves.
    run.seek_time(won.at);
    let learned: Vec<_> = run.head().nodes().filter_map(|v| v.node.learned.clone()).collect();
    assert!(learned.iter().any(|v| *v != learned[0]), "{flaw:?}: the cards disagree at {}: {learned:?}", won.at);
    run.seek(end);
}

#[test]
fn amnesia_two_forgetful_acceptors_let_a_second_value_be_chosen() {
    let run = played(Flaw::Amnesia);
    shows_the_break(run, Flaw::Amnesia, Property::Promise, &[Property::Agreement, Property::Learner]);
}

#[test]
fn ignoring_prior_values_overwrites_a_chosen_value() {
    let run = played(Flaw::IgnorePrior);
    shows_the_break(run, Flaw::IgnorePrior, Property::Proposal, &[Property::Agreement, Property::Learner]);
}

#[test]
fn shared_ballots_let_one_acceptor_accept_two_values_under_one_ballot() {
    let run = played(Flaw::SharedBallots);
    shows_the_break(run, Flaw::SharedBallots, Property::Proposal, &[Property::Agreement, Property::Learner]);
}

#[test]
fn accepting_below_the_promise_lets_a_late_accept_choose_a_second_value() {
    let run = played(Flaw::AcceptAnything);
    shows_the_break(run, Flaw::AcceptAnything, Property::Acceptance, &[Property::Agreement, Property::Learner]);
}

#[test]
fn a_minority_quorum_lets_each_proposer_decide_alone() {
    let run = played(Flaw::MinorityQuorum);
    shows_the_break(run, Flaw::MinorityQuorum, Property::Learner, &[]);
}

#[test]
fn counting_a_duplicate_reply_twice_decides_a_value_one_acceptor_holds() {
    let run = played(Flaw::CountDuplicates);
    // The log says where the flaw acted: a reply counted twice.
    let told = run.head().trace().entries().any(|e| {
        describe(&e.event)
            .starts_with("Node 1 counts enough acceptances of “apple” (node 3, counting node 3's reply twice)")
    });
    assert!(told, "the log names the repeated reply that node 1 counted");
    shows_the_break(run, Flaw::CountDuplicates, Property::Learner, &[]);
}

/// Where two values were each chosen, a node that learned the second is
/// not told that the first "is chosen", as if the second were not: the
/// round's box shows both.
#[test]
fn a_learner_of_the_second_chosen_value_is_told_both_were_chosen() {
    use paxos_playground::sim::Violation;
    for flaw in [Flaw::Amnesia, Flaw::IgnorePrior, Flaw::SharedBallots, Flaw::AcceptAnything] {
        let run = played(flaw);
        let violations = run.head().violations();
        let second = violations.iter().find_map(|(_, v)| match v {
            Violation::Agreement { second, .. } => Some(second.value.clone()),
            _ => None,
        });
        let second = second.unwrap_or_else(|| panic!("{flaw:?}: two values are chosen"));
        let told: Vec<String> = violations
            .iter()
            .filter(|(_, v)| matches!(v, Violation::Learner { learned, .. } if *learned == second))
            .map(|(_, v)| v.to_string())
            .collect();
        assert!(!told.is_empty(), "{flaw:?}: a node learns {second}");
        for text in told {
            assert!(text.contains("was chosen first; both were chosen"), "{flaw:?}: {text}");
        }
    }
}

/// A new round starts the learners afresh: the disagreement of the round
/// before is not a win to pause at in this one, and the same moves in the
/// new round win again, at their own moment, for the rule broken there.
#[test]
fn a_win_belongs_to_its_round() {
    let mut run = played(Flaw::MinorityQuorum);
    let old = win(run.head()).expect("round 1 is won");
    run.act(Action::NewRound).unwrap();
    let started = run.head().events();
    assert!(win(run.head()).is_none(), "nobody has learned anything in round 2");
    let propose = |k, value: &str| Action::Propose { node: NodeId(k), value: value.into() };
    run.act(propose(1, "cherry")).unwrap();
    run.run_until(run.position().at + 1);
    run.act(propose(3, "damson")).unwrap();
    let end = run.position().at + HORIZON;
    run.run_until_quiet(end, IDLE_GAP);
    let new = win(run.head()).expect("round 2 is won too");
    assert!(new.event >= started && new.event > old.event, "won in round 2: event {} from {started}", new.event);
    let values = [new.first.1.to_string(), new.second.1.to_string()];
    assert!(values.contains(&"cherry".to_string()) && values.contains(&"damson".to_string()), "{values:?}");
    let (_, cause, _) = new.cause.expect("a rule broke in round 2");
    assert!(cause >= started, "the cause is round 2's, event {cause}, not round 1's");
}

#[test]
fn every_flaw_has_a_script() {
    for flaw in Flaw::ALL {
        let run = played(flaw);
        assert!(win(run.head()).is_some(), "{flaw:?}");
    }
}

/// The same moves on correct Paxos, on the same dice: the badge holds and
/// nobody wins. (The count-duplicates script waits for events that only
/// its own race produces, so it is replayed move for move instead.)
#[test]
fn the_same_moves_on_correct_paxos_break_nothing() {
    for flaw in Flaw::ALL {
        let flawed = played(flaw);
        let mut fair = Timeline::new(challenge::config(None, attempt(flaw))).unwrap();
        for logged in flawed.actions() {
            fair.run_until(logged.at);
            // A move can be refused here (a node the flawed run had
            // crashed may be up); a refused click changes nothing.
            let _refused_like_a_click = fair.act(logged.action.clone());
        }
        let end = fair.position().at + HORIZON;
        fair.run_until(end);
        assert!(fair.head().violations().is_empty(), "{flaw:?}: {:?}", fair.head().violations());
        assert!(win(fair.head()).is_none());
        let learned: Vec<_> = fair.head().nodes().filter_map(|v| v.node.learned.clone()).collect();
        // Someone learned: correct Paxos still decides on the same moves
        // (an empty list would agree with itself, and prove nothing).
        assert!(!learned.is_empty(), "{flaw:?}: nobody learned a value");
        assert!(learned.iter().all(|v| *v == learned[0]), "{flaw:?}: every learner agrees: {learned:?}");
    }
}

#[test]
fn a_setting_picked_through_the_ones_before_it_is_one_move() {
    let mut run = Timeline::new(challenge::config(None, 0)).unwrap();
    let delay = |node, ticks| Action::SetNodeDelay { node: NodeId(node), ticks };
    // The arrow keys pass through +1 s and +2 s on the way to +4 s.
    for ticks in [1_000, 2_000, 4_000] {
        run.act(delay(1, ticks)).unwrap();
    }
    assert_eq!(challenge::moves(run.head().actions()), 1);
    // Another node's, or another kind, is another move.
    run.act(delay(2, 1_000)).unwrap();
    run.act(Action::SetNodeFailure { node: NodeId(2), p: 0.5 }).unwrap();
    run.act(Action::SetNodeFailure { node: NodeId(2), p: 1.0 }).unwrap();
    assert_eq!(challenge::moves(run.head().actions()), 3);
    // Time passing alone changes nothing: a challenge plays between key
    // presses.
    run.run_until(500);
    assert_eq!(run.head().now(), 500);
    run.act(Action::SetNodeFailure { node: NodeId(2), p: 0.0 }).unwrap();
    assert_eq!(challenge::moves(run.head().actions()), 3);
    // Nor do messages flying between the presses (a challenge plays).
    run.act(Action::Propose { node: NodeId(3), value: "v".into() }).unwrap();
    run.act(delay(1, 0)).unwrap();
    run.run_until(1_000);
    assert!(run.head().events() > run.head().actions().last().map_or(0, |a| a.step));
    run.act(delay(1, 1_000)).unwrap();
    assert_eq!(challenge::moves(run.head().actions()), 5);
    // Another move in between makes the next adjustment a move again.
    run.act(Action::Crash { node: NodeId(2) }).unwrap();
    run.act(delay(1, 2_000)).unwrap();
    assert_eq!(challenge::moves(run.head().actions()), 7);
    assert_eq!(run.head().actions().len(), 12);
}

#[test]
fn the_challenge_allows_one_crash_at_a_time_and_only_its_own_moves() {
    let mut run = Timeline::new(challenge::config(None, 0)).unwrap();
    let crash = |k| Action::Crash { node: NodeId(k) };
    assert_eq!(check_move(run.head(), &crash(2)), Ok(()));
    run.act(crash(2)).unwrap();
    assert_eq!(check_move(run.head(), &crash(3)), Err(Refusal::OneDown { down: NodeId(2) }));
    let why = Refusal::OneDown { down: NodeId(2) }.to_string();
    assert!(why.contains("node 2 is down") && why.contains("Restart it"), "{why}");
    assert_eq!(check_move(run.head(), &crash(2)), Ok(()), "the world itself refuses a second crash of node 2");
    assert_eq!(check_move(run.head(), &Action::Restart { node: NodeId(2) }), Ok(()));
    run.act(Action::Restart { node: NodeId(2) }).unwrap();
    assert_eq!(check_move(run.head(), &crash(3)), Ok(()));
    for other in [
        Action::SetLoss { p: 0.5 },
        Action::SetDuplication { p: 0.0 },
        Action::NewRound,
        Action::Isolate { node: NodeId(1) },
        Action::Cut { from: NodeId(1), to: NodeId(2) },
        Action::SetFlaw { flaw: Flaw::Amnesia, on: true },
    ] {
        assert_eq!(check_move(run.head(), &other), Err(Refusal::NotAMove), "{other:?}");
    }
    for allowed in [
        Action::Propose { node: NodeId(1), value: "apple".into() },
        Action::SetNodeFailure { node: NodeId(3), p: 1.0 },
        Action::SetNodeDelay { node: NodeId(1), ticks: 2_000 },
    ] {
        assert_eq!(check_move(run.head(), &allowed), Ok(()), "{allowed:?}");
    }
}

#[test]
fn every_attempt_is_three_nodes_with_its_own_dice_and_one_rule_broken() {
    let a = challenge::config(Some(Flaw::IgnorePrior), 0);
    let b = challenge::config(Some(Flaw::IgnorePrior), 1);
    assert_eq!(a.nodes, 3);
    assert_ne!(a.seed, b.seed, "a new attempt rolls new dice");
    assert_eq!(a.flaws.iter().collect::<Vec<_>>(), vec![Flaw::IgnorePrior]);
    assert!(challenge::config(None, 0).flaws.is_empty());
    assert!(a.validate().is_ok());
    assert_eq!(a.settings.loss, 0.0, "nothing is lost unless the player drops it");
}

/// A demo's run is known for what it is wherever it goes (a link, a
/// presentation), at any moment of it and played on past its end; a run
/// forked inside it, or another rule's, is not.
#[test]
fn a_demo_is_known_by_its_run() {
    use paxos_playground::sim::flaw_demos::{demo, of};
    use paxos_playground::sim::Action;
    for flaw in Flaw::ALL {
        let mut run = demo(flaw).unwrap();
        assert_eq!(of(&run), Some(flaw), "{flaw:?} at its start");
        run.seek(run.end());
        assert_eq!(of(&run), Some(flaw), "{flaw:?} at its end");
        run.act(Action::NewRound).unwrap();
        assert_eq!(of(&run), Some(flaw), "{flaw:?} played on from its end");
        let mut forked = demo(flaw).unwrap();
        forked.act(Action::Crash { node: NodeId(1) }).unwrap();
        assert_eq!(of(&forked), None, "{flaw:?} forked at its start");
    }
    let plain = paxos_playground::sim::Timeline::new(paxos_playground::sim::SimConfig::new(3, 1)).unwrap();
    assert_eq!(of(&plain), None, "a run with every rule kept");
}

/// What "Show me" opens: the demo at its start, nothing broken yet, the
/// whole run recorded ahead, and the break waiting at its end.
#[test]
fn every_demo_opens_at_its_start_with_the_break_ahead() {
    for flaw in Flaw::ALL {
        let mut run = paxos_playground::sim::flaw_demos::demo(flaw).unwrap_or_else(|why| panic!("{flaw:?}: {why}"));
        assert_eq!(run.position().step, 0, "{flaw:?}: at the start");
        assert!(run.head().violations().is_empty(), "{flaw:?}: nothing broken yet");
        assert!(run.actions_ahead() > 0, "{flaw:?}: the moves are recorded ahead");
        assert!(run.head().flaws().has(flaw), "{flaw:?}: the rule is broken from the start");
        // Each move its own moment on screen too: two moves with no event
        // between them a tick apart both read "6.0 s, event 15", and a pause
        // at the second looked as if Play had done nothing.
        let moves: Vec<_> = run.actions().map(|a| (a.step, a.at / 100)).collect();
        assert!(moves.windows(2).all(|w| w[0] != w[1]), "{flaw:?}: two moves at one shown moment: {moves:?}");
        run.seek(run.end());
        assert!(!run.head().violations().is_empty(), "{flaw:?}: safety breaks by the end");
        // And it ends soon after its last event, not after an empty stretch.
        let last = run.head().trace().entries().last().map_or(0, |e| e.at);
        assert!(run.end().at <= last + IDLE_GAP, "{flaw:?}: ends at {} after its last event at {last}", run.end().at);
    }
}
