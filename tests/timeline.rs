//! The run as a value: seeking anywhere gives exactly the world a fresh
//! replay gives, stepping back undoes stepping forward, an action in the
//! past forks the run, and a long run keeps few checkpoints.
//!
//! `PAXOS_SEED=s` replays one failing proptest case's seed by hand through
//! `cargo test --test timeline -- --nocapture`.

#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::paxos::{Flaws, NodeId};
use paxos_playground::sim::sweep::scenario;
use paxos_playground::sim::timeline::CHECKPOINT_EVERY;
use paxos_playground::sim::{Action, Event, Logged, Position, Sim, SimConfig, Timeline, TraceMode};
use proptest::prelude::*;

/// Drive the scenario drawn from `seed` through a timeline, as the page
/// would: play to each scripted moment, then act.
fn played(seed: u64) -> Timeline {
    let sc = scenario(seed, Flaws::NONE);
    let mut tl = Timeline::new(sc.config.clone()).unwrap();
    for (at, action) in &sc.script {
        tl.run_until(*at);
        let _refused_like_a_click = tl.act(action.clone());
    }
    tl.run_until(sc.horizon);
    tl
}

/// The world at `p`, rebuilt from nothing: every action logged up to `p`,
/// each after as many events as the first time.
fn fresh(config: &SimConfig, actions: &[Logged], p: Position) -> Sim {
    let before: Vec<Logged> = actions.iter().filter(|a| (a.step, a.at) <= (p.step, p.at)).cloned().collect();
    let mut sim = Sim::replay(config.clone(), &before, TraceMode::Full).unwrap();
    sim.advance_to(p);
    sim
}

fn assert_same_as_fresh(tl: &Timeline, context: &str) {
    let p = tl.position();
    let actions: Vec<Logged> = tl.actions().cloned().collect();
    let sim = fresh(tl.config(), &actions, p);
    assert_eq!(sim.position(), p, "{context}: the replay reaches the same moment");
    if tl.head().state() != sim.state() {
        let (a, b) = (format!("{:#?}", tl.head().state()), format!("{:#?}", sim.state()));
        let diff: Vec<_> = a.lines().zip(b.lines()).filter(|(x, y)| x != y).take(6).collect();
        panic!("{context}: the state at {p:?} differs from a fresh replay: {diff:#?}");
    }
    // The event window the page reads is the tail of the fresh trace.
    let window: Vec<_> = tl.head().trace().indexed().map(|(i, e)| (i, e.clone())).collect();
    let full: Vec<_> = sim.trace().indexed().map(|(i, e)| (i, e.clone())).collect();
    assert!(full.ends_with(&window), "{context}: the event window is not the run's own past");
    assert_eq!(tl.head().trace().next_index(), sim.events(), "{context}: the window ends at the cursor");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The heart of it: seek to many random moments of many runs, in a
    /// random order (so restores start from checkpoints and from wherever
    /// the cursor happened to be), and compare each with a fresh replay.
    #[test]
    fn seeking_anywhere_equals_a_fresh_replay(seed in 0u64..50_000, picks in prop::collection::vec((0.0f64..=1.0, 0u64..3_000), 1..8)) {
        let mut tl = played(seed);
        let end = tl.end();
        for (k, (fraction, extra)) in picks.into_iter().enumerate() {
            let step = (end.step as f64 * fraction) as u64;
            // A clock a little past the event, so actions between two
            // events are sometimes in and sometimes out.
            tl.seek(Position { step, at: 0 });
            let at = tl.position().at + extra;
            tl.seek(Position { step, at });
            assert_same_as_fresh(&tl, &format!("seed {seed}, pick {k}"));
        }
        tl.seek_time(end.at / 3);
        assert_same_as_fresh(&tl, &format!("seed {seed}, by time"));
        tl.go_live();
        // A seek past the end plays on and so may have grown the run.
        prop_assert!(tl.end() >= end, "the run never shrinks by seeking");
        prop_assert_eq!(tl.position(), tl.end());
        assert_same_as_fresh(&tl, &format!("seed {seed}, back to live"));
    }

    /// An action in the past drops the old future and grows a new one;
    /// the result is the run a fresh replay of the new log gives.
    #[test]
    fn a_fork_is_the_run_its_new_log_replays(seed in 0u64..50_000, fraction in 0.05f64..0.95) {
        let mut tl = played(seed);
        let (end, branch) = (tl.end(), tl.branch());
        tl.seek(Position { step: (end.step as f64 * fraction) as u64, at: 0 });
        let here = tl.position();
        let node = NodeId::from_index((seed % tl.config().nodes as u64) as usize).unwrap();
        if tl.act(Action::Propose { node, value: "forked".into() }) == Ok(true) {
            prop_assert_eq!(tl.branch(), branch + 1);
            prop_assert_eq!(tl.end(), here, "the old future is gone");
            prop_assert!(tl.actions().all(|a| (a.step, a.at) <= (here.step, here.at)));
            tl.run_until(here.at + 20_000);
            assert_same_as_fresh(&tl, &format!("seed {seed}, after the fork"));
        }
    }
}

#[test]
fn seeking_to_an_event_lands_right_after_the_step_that_made_it() {
    use paxos_playground::paxos::Flaw;
    use paxos_playground::sim::flaw_demos;
    let mut shared_ticks = 0;
    for flaw in Flaw::ALL {
        let mut run = flaw_demos::played(flaw).unwrap();
        let (cause, at) = {
            let head = run.head();
            let (cause, _) = head.violations()[0];
            (cause, head.trace().get(cause).unwrap().at)
        };
        run.seek_event(cause, at);
        assert_same_as_fresh(&run, &format!("{flaw:?}"));
        let here = run.position();
        assert_eq!(here.at, at, "{flaw:?}");
        assert!(run.head().events() > cause, "{flaw:?}: the event has happened");
        // What broke with it broke at the same moment (Amnesia's two
        // restarts, taken together, forget two promises).
        let same_moment = |&(cause, _): &(u64, _)| run.head().trace().get(cause).is_some_and(|e| e.at == at);
        assert!(run.head().violations().iter().all(same_moment), "{flaw:?}: nothing later broke too");
        // The log's newest line says what broke: each demo takes one move
        // per moment, so no later move of the same moment comes with it.
        let newest = &run.head().trace().entries().last().unwrap().event;
        assert!(matches!(newest, Event::Violation { .. }), "{flaw:?}: the newest event is {newest:?}");
        // One step or action earlier, it had not.
        run.step_back();
        assert!(run.head().events() <= cause, "{flaw:?}: a step back undoes it");
        // Seeking to the tick instead can run on past the event.
        run.seek_time(at);
        shared_ticks += usize::from(run.position() > here);
    }
    // Not every flaw's break shares its tick, but at least one does, or
    // this test would not show why the seek is by event.
    assert!(shared_ticks > 0, "no break shared its tick with a later step");
}

#[test]
fn events_never_shown_are_forgotten_and_play_again_the_same() {
    let mut config = SimConfig::new(5, 11);
    config.settings.loss = 0.2;
    let mut tl = Timeline::new(config).unwrap();
    tl.act(Action::Propose { node: NodeId(1), value: "a".into() }).unwrap();
    tl.act(Action::Propose { node: NodeId(4), value: "b".into() }).unwrap();
    tl.run_until(400);
    tl.act(Action::Crash { node: NodeId(5) }).unwrap();
    tl.run_until(3_000);
    let (end, branch, original) = (tl.end(), tl.branch(), tl.head().state().clone());
    let index = tl.head().events() - 4;
    let at = tl.head().trace().get(index).unwrap().at;
    assert!(at > 400, "nothing but events after the moment");
    // With an action ahead, the future is a recorded one, and stays.
    tl.seek_time(200);
    tl.forget_unseen();
    assert_eq!(tl.end(), end);
    tl.seek_event(index, at);
    tl.forget_unseen();
    assert!(tl.is_live() && tl.end() == tl.position() && tl.branch() == branch);
    tl.run_until(end.at);
    assert_eq!(tl.position(), end);
    assert!(tl.head().state() == &original, "the same world plays the same events again");
}

#[test]
fn step_back_undoes_step() {
    let mut tl = played(11);
    tl.seek(Position { step: tl.end().step / 2, at: 0 });
    let before = tl.head().state().clone();
    assert!(tl.step());
    assert_eq!(tl.position().step, before.position().step + 1);
    assert!(tl.step_back());
    assert!(tl.head().state() == &before, "one step forward and one back is where we were");
    tl.seek(Position::default());
    assert!(!tl.step_back(), "nothing before the start");
}

#[test]
fn stepping_past_the_last_event_of_a_recorded_run_reaches_its_end() {
    use paxos_playground::sim::scenarios::Scenario;
    let mut tl = Scenario::named("happy-path").unwrap().run();
    let end = tl.end();
    tl.seek(Position { step: end.step, at: 0 });
    assert!(tl.position().at < end.at, "the scenario ends a while after its last event");
    assert!(tl.step(), "Step goes on to the end");
    assert_eq!(tl.position(), end);
    assert!(tl.is_live());
    assert!(!tl.step(), "and then nothing is left");
}

#[test]
fn stepping_through_the_known_future_applies_its_actions() {
    let mut tl = played(7);
    let end = tl.end();
    let actions = tl.actions().count();
    tl.seek(Position::default());
    while tl.position().step < end.step {
        assert!(tl.step());
    }
    assert_eq!(tl.actions().count(), actions, "no action was lost or repeated");
    assert_same_as_fresh(&tl, "stepped to the end");
}

#[test]
fn step_and_step_back_stop_at_every_moment_of_actions_between_events() {
    // The amnesia demo restarts two nodes a second or so after the last
    // event, then proposes: one Step went through all of it and the next
    // event, and the restart that broke a rule was never shown.
    use paxos_playground::paxos::Flaw;
    use paxos_playground::sim::flaw_demos;
    for flaw in Flaw::ALL {
        let mut tl = flaw_demos::demo(flaw).unwrap();
        let moments: Vec<Position> = tl.actions().map(|a| Position { step: a.step, at: a.at }).collect();
        let mut forth = vec![tl.position()];
        while tl.step() {
            assert!(tl.position() > *forth.last().unwrap(), "{flaw:?}: Step goes forward");
            forth.push(tl.position());
        }
        let mut back = vec![tl.position()];
        while tl.step_back() {
            assert!(tl.position() < *back.last().unwrap(), "{flaw:?}: Back goes back");
            back.push(tl.position());
        }
        for m in &moments {
            assert!(forth.contains(m), "{flaw:?}: Step stops at the action at {m:?}");
            assert!(back.contains(m), "{flaw:?}: Back stops at the action at {m:?}");
        }
    }
}

#[test]
fn refused_actions_neither_fork_nor_change_anything() {
    let mut tl = played(3);
    let end = tl.end();
    tl.seek(Position { step: end.step / 2, at: 0 });
    let before = tl.head().state().clone();
    assert!(tl.act(Action::SetLoss { p: 7.0 }).is_err());
    assert!(tl.head().state() == &before);
    assert_eq!(tl.end(), end, "the future is still there");
    assert!(!tl.is_live());
}

#[test]
fn a_long_run_keeps_few_checkpoints_and_any_moment_stays_close() {
    // Nine nodes, 30% loss and three racing proposers, round after round:
    // the page's own benchmark load, for about 200,000 events.
    let mut config = SimConfig::new(9, 5);
    config.settings.loss = 0.3;
    let mut tl = Timeline::new(config).unwrap();
    let mut round = 0;
    while tl.position().step < 200_000 {
        for node in [1, 4, 7] {
            tl.act(Action::Propose { node: NodeId(node), value: format!("r{round}n{node}") }).unwrap();
        }
        let now = tl.position().at;
        tl.run_until(now + 8_000);
        tl.act(Action::NewRound).unwrap();
        round += 1;
    }
    let steps = tl.position().step;
    let kept = tl.checkpoint_count();
    println!("{steps} events, {round} rounds, {kept} checkpoints");
    assert!(kept < 80, "{kept} checkpoints for {steps} events");
    assert!(steps / CHECKPOINT_EVERY > 4 * kept as u64, "thinning dropped most of them");
    // Any moment is a short replay from a checkpoint, far back included.
    for fraction in [0.01, 0.3, 0.6, 0.97] {
        tl.seek(Position { step: (steps as f64 * fraction) as u64, at: 0 });
        assert_same_as_fresh(&tl, &format!("{fraction} of the way"));
    }
}

#[test]
fn a_run_rebuilt_from_its_log_is_the_same_run() {
    let tl = played(2027);
    let actions: Vec<Logged> = tl.actions().cloned().collect();
    let mid = Position { step: tl.end().step / 2, at: 0 };
    let rebuilt = Timeline::from_log(tl.config().clone(), &actions, mid).unwrap();
    assert_eq!(rebuilt.position().step, mid.step);
    assert_same_as_fresh(&rebuilt, "rebuilt");
    let mut rebuilt = rebuilt;
    rebuilt.seek(tl.end());
    assert!(rebuilt.head().state() == tl.head().state(), "it plays on into the same future");
}

#[test]
fn a_bad_log_is_refused_with_the_number_of_the_bad_action() {
    let config = SimConfig::new(3, 1);
    let mut tl = Timeline::new(config.clone()).unwrap();
    tl.run_until(2_000);
    tl.act(Action::Propose { node: NodeId(1), value: "a".into() }).unwrap();
    tl.run_until(4_000);
    tl.act(Action::Propose { node: NodeId(2), value: "b".into() }).unwrap();
    let log: Vec<Logged> = tl.actions().cloned().collect();
    let end = tl.end();
    assert!(Timeline::from_log(config.clone(), &log, end).is_ok());

    let mut backwards = log.clone();
    backwards[1].step = 0;
    backwards[1].at = 0;
    assert_eq!(Timeline::from_log(config.clone(), &backwards, end).err().map(|e| e.0), Some(2));

    let mut never = log.clone();
    never[1].step = 1_000_000;
    assert_eq!(Timeline::from_log(config.clone(), &never, end).err().map(|e| e.0), Some(2), "the run goes quiet first");

    let mut nobody = log.clone();
    nobody[0].action = Action::Propose { node: NodeId(9), value: "x".into() };
    assert_eq!(
        Timeline::from_log(config, &nobody, end).err(),
        Some((1, paxos_playground::sim::SimError::NoSuchNode(9)))
    );
}

#[test]
fn back_never_stands_still_when_it_says_it_moved() {
    // In manual delivery (a counterexample), a proposal settles its node's
    // messages to itself at once, as events: going back one of those
    // events replayed the proposal, and with it all of them, so Back said
    // it moved and stood still.
    use paxos_playground::paxos::NodeId;
    let mut config = SimConfig::new(3, 1);
    config.manual = true;
    let mut tl = Timeline::new(config).unwrap();
    tl.act(Action::Propose { node: NodeId(1), value: "x".into() }).unwrap();
    let first = tl.position();
    assert!(first.step > 0, "the proposal's own messages are events: {first:?}");
    assert!(!tl.step_back(), "a proposal at the start is part of the start");
    assert_eq!(tl.position(), first);
    tl.run_until(1_000);
    tl.act(Action::Propose { node: NodeId(2), value: "y".into() }).unwrap();
    let second = tl.position();
    assert!(tl.step_back());
    assert!(tl.position() < second, "{:?} is not before {second:?}", tl.position());
}

/// A run built by hand can hold more messages in flight than a link or
/// file may (1,000 proposals at one moment on 5 nodes): the timeline says
/// so, for its whole branch wherever the cursor is, so the page refuses to
/// keep, share or export it instead of writing a copy that cannot open. A
/// fork before the crowd is a smaller run again.
#[test]
fn a_run_crowded_by_hand_says_so_wherever_its_cursor_is() {
    use paxos_playground::sim::timeline::MAX_IN_FLIGHT;
    let mut tl = Timeline::new(SimConfig::new(5, 1)).unwrap();
    tl.run_until(500);
    let before = tl.position();
    tl.run_until(1_000);
    assert_eq!(tl.crowded(), None, "a quiet run");
    for k in 0..1_000u32 {
        tl.act(Action::Propose { node: NodeId((k % 5) as u8 + 1), value: "v".into() }).unwrap();
    }
    let peak = tl.crowded().expect("4,000 Prepares and more in flight");
    assert!(peak > MAX_IN_FLIGHT && peak == tl.head().peak_in_flight(), "{peak}");
    tl.run_until(2_000);
    tl.seek(before);
    assert!(tl.head().peak_in_flight() < MAX_IN_FLIGHT, "the head counts only up to the cursor");
    assert_eq!(tl.crowded(), Some(tl.peak_in_flight()), "the branch still holds the crowd ahead");
    assert!(tl.peak_in_flight() >= peak);
    // Its copy is refused where it is opened, which is why it is not made.
    let actions: Vec<Logged> = tl.actions().cloned().collect();
    assert!(Timeline::from_log(tl.config().clone(), &actions, tl.end()).is_err());
    // Acting before the crowd forks a run without it.
    tl.act(Action::Propose { node: NodeId(1), value: "one".into() }).unwrap();
    assert_eq!(tl.crowded(), None, "the fork dropped the crowded future");
}
