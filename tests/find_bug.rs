//! The page's "Find a bug" search, natively: every flaw leads it to two
//! nodes that learned different values, the counterexample opens as a run
//! the page can step through, and the messages between the page and the
//! worker keep their shape.
//!
//! Correct Paxos on the same model is `correct_paxos_is_safe_in_every_interleaving`
//! in tests/explore.rs: with no violation anywhere, stopping at a split
//! searches the same 190,823 states, so it is not searched twice.

use paxos_playground::paxos::{Flaw, Flaws, NodeId};
use paxos_playground::sim::explore::{
    explore, Budget, Found, Goal, Model, Outcome, Progress, Request, Search, Update, PAGE_MAX_STATES, STEP_TICKS,
    WORKER_SLICE,
};
use paxos_playground::sim::link::{decode, encode};
use paxos_playground::sim::{Action, Property, Timeline};
use std::collections::BTreeSet;

/// The page's search with `flaws` on, run in the worker's slices.
fn find(flaws: Flaws) -> Outcome {
    let model = Model::find_bug(flaws);
    let mut search = Search::new(model.clone()).expect("the page's model is in bounds");
    let mut progress = search.progress();
    while !progress.done {
        progress = search.run(Budget::States(WORKER_SLICE));
    }
    Outcome::of(&model, progress, search.report().expect("done")).expect("the counterexample replays")
}

/// The values learned at the cursor.
fn learned(run: &Timeline) -> Vec<String> {
    run.head().nodes().filter_map(|v| v.node.learned.as_ref().map(|x| x.to_string())).collect()
}

#[test]
fn the_page_searches_three_nodes_with_two_ballots_each_and_a_crash_only_for_amnesia() {
    let model = Model::find_bug(Flaws::only(Flaw::IgnorePrior));
    assert_eq!((model.nodes, model.proposers.len(), model.max_ballot, model.max_crashes), (3, 2, 2, 0));
    assert_eq!(model.goal, Goal::SplitBrain);
    assert!(model.prune, "the unpruned space is too big for a page");
    assert_eq!(model.max_states, PAGE_MAX_STATES, "a bounded search, in numbers a JavaScript message carries");
    assert_eq!(Model::find_bug(Flaws::only(Flaw::Amnesia)).max_crashes, 1);
    assert!(model.describe().ends_with("until two values are learned"), "{}", model.describe());
}

/// Each flaw alone, the shortest way to two nodes that learned different
/// values: the pinned lengths and state counts say when a change moves them.
#[test]
fn every_flaw_leads_to_two_values_learned_and_the_run_shows_it() {
    let pinned = [
        (Flaw::Amnesia, 12, 93_579),
        (Flaw::IgnorePrior, 10, 8_559),
        (Flaw::SharedBallots, 10, 6_539),
        (Flaw::AcceptAnything, 10, 10_825),
        (Flaw::MinorityQuorum, 2, 4),
        (Flaw::CountDuplicates, 11, 14_342),
    ];
    for (flaw, steps, states) in pinned {
        let outcome = find(Flaws::only(flaw));
        let found = outcome.found.as_ref().unwrap_or_else(|| panic!("{flaw:?}: no bug found"));
        assert_eq!((found.steps, outcome.progress.states), (steps, states), "{flaw:?}");
        assert!(outcome.progress.done && !outcome.complete, "{flaw:?}: it stopped at the bug");
        assert!(found.violation.starts_with("Two nodes learned different values: node "), "{}", found.violation);

        let link = decode(&found.run).expect("the run link decodes");
        assert!(link.config.manual && link.config.flaws.has(flaw), "{flaw:?}: a manual run with the flaw");
        let mut run = link.open().expect("the run opens");
        // Minority quorums split within the two proposals themselves.
        assert!(flaw == Flaw::MinorityQuorum || run.head().violations().is_empty(), "{flaw:?}: safe at its start");
        // Step by step, never more than the run has, to two values learned.
        let mut presses = 0;
        while !run.is_live() {
            let before = run.position();
            assert!(run.step(), "{flaw:?}: a step is left");
            assert!(run.position() > before, "{flaw:?}: each step moves");
            presses += 1;
        }
        assert_eq!(presses, steps, "{flaw:?}: a press per step of the counterexample");
        let values: BTreeSet<String> = learned(&run).into_iter().collect();
        assert_eq!(values.len(), 2, "{flaw:?}: learned {values:?}");
        let broken: Vec<Property> = run.head().violations().iter().map(|(_, v)| v.property()).collect();
        assert!(broken.contains(&Property::Learner), "{flaw:?}: the simulator's checker agrees: {broken:?}");
    }
}

#[test]
fn two_flaws_at_once_are_searched_together() {
    let flaws = Flaws::from(vec![Flaw::IgnorePrior, Flaw::MinorityQuorum]);
    let outcome = find(flaws);
    let link = decode(&outcome.found.expect("found").run).unwrap();
    assert_eq!(link.config.flaws, flaws);
}

/// A split is told as the learner-consistency break it is, and no search
/// for any violation finds one later than the split.
#[test]
fn a_split_is_a_learner_consistency_break() {
    for flaw in [Flaw::IgnorePrior, Flaw::MinorityQuorum] {
        let model = Model::find_bug(Flaws::only(flaw));
        let cx = explore(&model).unwrap().counterexample.expect("a split");
        assert_eq!(cx.violation.property(), Property::Learner, "{flaw:?}");
        let any = Model { goal: Goal::Violation, ..model };
        let first = explore(&any).unwrap().counterexample.unwrap();
        assert!(first.steps.len() <= cx.steps.len(), "{flaw:?}: a violation comes no later than a split");
    }
}

#[test]
fn the_worker_messages_keep_their_shape() {
    let model = Model::find_bug(Flaws::NONE);
    let request = Request::Search { model: model.clone() };
    let json = serde_json::to_string(&request).unwrap();
    assert!(json.starts_with(r#"{"search":{"model":{"nodes":3,"#), "{json}");
    assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);
    // A model written before `goal` existed still reads, as a plain search.
    let old = serde_json::to_string(&Model::small(1, 0, Flaws::NONE)).unwrap().replace(r#","goal":"violation""#, "");
    assert_eq!(serde_json::from_str::<Model>(&old).unwrap().goal, Goal::Violation);

    let progress = Progress { states: 10, transitions: 20, depth: 3, queued: 4, elapsed_ms: 1.5, done: false };
    let found = Found { steps: 2, violation: "Two nodes learned different values.".into(), run: "AQ".into() };
    let done = Outcome { progress: Progress { done: true, ..progress }, complete: false, found: Some(found) };
    for update in [Update::Ready, Update::Progress(progress), Update::Done(done), Update::Failed { why: "no".into() }] {
        let json = serde_json::to_string(&update).unwrap();
        assert_eq!(serde_json::from_str::<Update>(&json).unwrap(), update, "{json}");
    }
    assert_eq!(serde_json::to_string(&Update::Ready).unwrap(), r#""ready""#);
    assert!(serde_json::to_string(&Update::Progress(progress)).unwrap().starts_with(r#"{"progress":{"states":10,"#));
}

#[test]
fn a_model_out_of_bounds_is_refused_before_any_search() {
    let mut model = Model::find_bug(Flaws::NONE);
    model.proposers.push((NodeId(9), "z".into()));
    assert!(Search::new(model).is_err());
}

/// Step and Step back walk a counterexample one action at a time, from an
/// empty start to the split and back to the start, each moment the same
/// world both ways.
#[test]
fn a_counterexample_steps_one_action_at_a_time_both_ways() {
    let outcome = find(Flaws::only(Flaw::IgnorePrior));
    let found = outcome.found.expect("found");
    let mut run = decode(&found.run).unwrap().open().unwrap();
    assert_eq!(run.position(), Default::default(), "it opens at its start");
    assert!(run.head().actions().is_empty() && learned(&run).is_empty(), "nothing has happened yet");
    let mut moments = vec![format!("{:?}", run.head().state())];
    // A press per step of the counterexample, to its end (past it, Step
    // goes on by hand: see below).
    while !run.is_live() {
        assert!(run.step());
        assert_eq!(run.head().actions().len(), moments.len(), "one action per step");
        moments.push(format!("{:?}", run.head().state()));
    }
    assert_eq!(moments.len() as u32, found.steps + 1, "a press per step of the counterexample");
    assert_eq!(learned(&run).into_iter().collect::<BTreeSet<_>>().len(), 2);
    while let Some(expected) = moments.pop() {
        assert_eq!(format!("{:?}", run.head().state()), expected, "back at step {}", moments.len());
        assert_eq!(run.step_back(), !moments.is_empty());
    }
}

/// Past a counterexample's end the run goes on as the network would by
/// itself, so a reader can see what follows the bug: Step and Play deliver
/// the oldest message in flight (with none, fire the oldest timer), a
/// counterexample's step apart, logged as moves so that a link keeps them.
#[test]
fn past_a_counterexamples_end_the_network_moves_on_by_hand() {
    let found = find(Flaws::only(Flaw::IgnorePrior)).found.expect("found");
    let mut run = decode(&found.run).unwrap().open().unwrap();
    let end = run.end();
    run.seek(end);
    assert!(run.is_live(), "at its end");
    let oldest = run.head().flights().filter(|f| f.lost.is_none()).min_by_key(|f| (f.sent_at, f.id)).map(|f| f.id);
    let oldest = oldest.expect("messages are still on their way at the end");
    let before = run.head().actions().len();
    assert!(run.step(), "Step goes on");
    let last = run.head().actions().last().cloned().unwrap();
    assert_eq!(run.head().actions().len(), before + 1);
    assert_eq!(last.action, Action::Deliver { id: oldest }, "the oldest message first");
    assert_eq!(last.at, end.at + STEP_TICKS, "a step after the last");
    assert!(run.step_back());
    assert_eq!(run.position(), end, "and Step back undoes it");
    // Playing on delivers the rest, and the run comes to rest.
    let mut moves = 0;
    while let Some(due) = run.next_due() {
        run.run_until(due);
        moves += 1;
        assert!(moves < 1_000, "it comes to rest");
    }
    assert!(moves > 1 && run.head().next_move().is_none(), "{moves} moves, then nothing left to move");
    let learners = learned(&run);
    assert!(!learners.is_empty());
    // A link of the longer run opens on the same world.
    let at = run.position();
    let actions: Vec<_> = run.actions().cloned().collect();
    let link = encode(run.config(), &actions, at, run.end());
    let again = decode(&link).unwrap().open().unwrap();
    assert_eq!(format!("{:?}", again.head().state()), format!("{:?}", run.head().state()));
}
