//! The model checker on small clusters: correct Paxos has no violation in
//! any interleaving, every flaw is caught with a replayable trace, the
//! pruning shortcut hides nothing, and the search runs in resumable slices.
//!
//! State counts and counterexample lengths are pinned exactly, as
//! Stateright pins its own: a change to the protocol, the checker or the
//! search that moves one must say so here.

use paxos_playground::paxos::{Flaw, Flaws, NodeId};
use paxos_playground::sim::explore::{explore, to_trace, Budget, Model, ModelError, Progress, Report, Search, Step};
use paxos_playground::sim::{Property, Sim, TraceFile};

fn run(model: &Model) -> Report {
    let report = explore(model).expect("the test models are in bounds");
    println!(
        "{}: {} states, {} transitions, depth {}, {:.0} ms",
        model.describe(),
        report.states,
        report.transitions,
        report.depth,
        report.elapsed_ms
    );
    report
}

/// Correct Paxos on `model`: the whole space, no violation, `states` states.
fn assert_safe(model: &Model, states: u64) {
    let report = run(model);
    assert!(report.counterexample.is_none(), "{}: {:?}", model.describe(), report.counterexample);
    assert!(report.complete, "{}: the search finished", model.describe());
    assert_eq!(report.states, states, "{}: the pinned state count", model.describe());
}

/// The README's model: 3 nodes, 2 proposers with two ballots each, so
/// refusals, timeouts and retries are all in the search.
#[test]
fn correct_paxos_is_safe_in_every_interleaving() {
    assert_safe(&Model::small(2, 0, Flaws::NONE), 190_823);
}

#[test]
fn correct_paxos_is_safe_with_crashes_and_restarts() {
    assert_safe(&Model::small(2, 1, Flaws::NONE), 884_167);
}

/// An even cluster, searched exhaustively: a quorum rule wrong only for
/// even sizes cannot hide from it.
#[test]
fn correct_paxos_is_safe_in_a_four_node_cluster() {
    assert_safe(&Model::new(4, 2, 1, 0, Flaws::NONE), 41_639);
}

/// Proposers asked again with new values: after giving up, after a value
/// is chosen, while busy.
#[test]
fn correct_paxos_is_safe_when_proposers_start_again() {
    let mut model = Model::small(2, 0, Flaws::NONE);
    model.ballots = vec![2, 1];
    model.proposals = 2;
    assert_safe(&model, 72_417);
}

/// A proposer that crashes, restarts and proposes a new value must use a
/// fresh ballot.
#[test]
fn correct_paxos_is_safe_when_a_restarted_proposer_starts_again() {
    let mut model = Model::new(3, 1, 2, 1, Flaws::NONE);
    model.proposals = 2;
    assert_safe(&model, 5_465);
}

/// Without pruning, stale replies stay deliverable, so the lines that
/// ignore them are searched too.
#[test]
fn correct_paxos_is_safe_without_pruning() {
    let mut model = Model::small(1, 0, Flaws::NONE);
    model.prune = false;
    assert_safe(&model, 17_801);
    let mut model = Model::new(2, 2, 2, 0, Flaws::NONE);
    model.prune = false;
    assert_safe(&model, 10_217);
    // Retries and stale replies from an older ballot, to a bounded depth:
    // the whole unpruned space is 11 million states, but the old-ballot
    // bugs the audit planted are all within 12 steps.
    let mut model = Model::small(2, 0, Flaws::NONE);
    model.ballots = vec![2, 1];
    model.prune = false;
    model.max_depth = 12;
    let report = run(&model);
    assert!(report.counterexample.is_none(), "{:?}", report.counterexample);
    assert!(!report.complete, "the bound cut the search");
    assert_eq!((report.states, report.depth), (PINNED_BOUNDED_STATES, 12));
}

const PINNED_BOUNDED_STATES: u64 = 93_198;

/// The pruning shortcut is sound on small models: with and without it,
/// every flaw is caught by the same violation after the same number of
/// steps, and correct Paxos by none.
#[test]
fn pruned_and_unpruned_searches_find_the_same_violations() {
    for flaw in Flaw::ALL {
        for target in [None, Some(headline(flaw))] {
            let mut model = flaw_model(flaw);
            model.target = target;
            let pruned = run(&model).counterexample.expect("caught with pruning");
            model.prune = false;
            let unpruned = run(&model).counterexample.expect("caught without pruning");
            assert_eq!(
                (pruned.steps.len(), pruned.violation.property()),
                (unpruned.steps.len(), unpruned.violation.property()),
                "{flaw:?}, target {target:?}"
            );
        }
    }
    for crashes in [0, 1] {
        let mut model = Model::small(1, crashes, Flaws::NONE);
        assert!(run(&model).counterexample.is_none());
        model.prune = false;
        assert!(run(&model).counterexample.is_none());
    }
}

/// The model each flaw is shown with: 3 nodes, 2 proposers, one ballot
/// each, and a crash for amnesia.
fn flaw_model(flaw: Flaw) -> Model {
    Model::small(1, u8::from(flaw == Flaw::Amnesia), Flaws::only(flaw))
}

/// The property the README's table shows each flaw breaking.
fn headline(flaw: Flaw) -> Property {
    match flaw {
        Flaw::Amnesia => Property::Promise,
        Flaw::IgnorePrior | Flaw::SharedBallots | Flaw::AcceptAnything => Property::Agreement,
        Flaw::MinorityQuorum | Flaw::CountDuplicates => Property::Learner,
    }
}

/// Every flaw is caught, and the simulator's own checker confirms each
/// counterexample when it replays it: both the first violation of any
/// property and the headline one, which is saved for people and the page.
#[test]
fn every_flaw_is_caught_with_a_replayable_counterexample() {
    for flaw in Flaw::ALL {
        for target in [None, Some(headline(flaw))] {
            let mut model = flaw_model(flaw);
            model.target = target;
            let report = run(&model);
            let cx = report.counterexample.unwrap_or_else(|| panic!("{flaw:?} not caught in {} states", report.states));
            println!("{flaw:?}: {} steps, {}", cx.steps.len(), cx.violation);
            let trace = to_trace(&model, &cx.steps).unwrap();
            if target.is_some() {
                // Keep the headline counterexample where people (and later
                // the page) can find it.
                std::fs::create_dir_all("target/counterexamples").unwrap();
                std::fs::write(format!("target/counterexamples/{}.json", flaw.name()), trace.to_json()).unwrap();
            }
            let replayed = Sim::from_trace_file(&TraceFile::from_json(&trace.to_json()).unwrap()).unwrap();
            assert!(
                replayed.violations().iter().any(|(_, v)| v.property() == cx.violation.property()),
                "{flaw:?}: the simulator confirms the violation: {:?}",
                replayed.violations()
            );
        }
    }
}

/// The shortest counterexamples, pinned: the README's table (the headline
/// property each flaw breaks) and the first violation of any property,
/// which the protocol-level checks now find earlier.
#[test]
fn shortest_counterexamples_have_their_pinned_lengths() {
    let pinned: [(Flaw, usize, Property, usize); 6] = [
        (Flaw::Amnesia, 3, Property::Promise, 3),
        (Flaw::IgnorePrior, 8, Property::Proposal, 7),
        (Flaw::SharedBallots, 8, Property::Proposal, 7),
        (Flaw::AcceptAnything, 8, Property::Acceptance, 5),
        (Flaw::MinorityQuorum, 1, Property::Learner, 1),
        (Flaw::CountDuplicates, 8, Property::Learner, 8),
    ];
    for (flaw, headline_steps, first, first_steps) in pinned {
        let mut model = flaw_model(flaw);
        let cx = run(&model).counterexample.expect("caught");
        assert_eq!((cx.violation.property(), cx.steps.len()), (first, first_steps), "{flaw:?}: first violation");
        model.target = Some(headline(flaw));
        let cx = run(&model).counterexample.expect("caught");
        assert_eq!(cx.steps.len(), headline_steps, "{flaw:?}: {:?}", headline(flaw));
    }
    // Amnesia's more alarming consequence: two values chosen.
    let mut model = flaw_model(Flaw::Amnesia);
    model.target = Some(Property::Agreement);
    let cx = run(&model).counterexample.expect("amnesia loses a chosen value");
    assert_eq!(cx.steps.len(), 10);
}

#[test]
fn amnesia_can_break_agreement_not_just_a_promise() {
    let mut model = Model::small(1, 1, Flaws::only(Flaw::Amnesia));
    model.target = Some(Property::Agreement);
    let cx = explore(&model).unwrap().counterexample.expect("amnesia loses a chosen value");
    assert_eq!(cx.violation.property(), Property::Agreement);
    let replayed = Sim::from_trace_file(&to_trace(&model, &cx.steps).unwrap()).unwrap();
    assert!(replayed.violations().iter().any(|(_, v)| v.property() == Property::Agreement));
}

/// Slices of any size add up to the same search as one run to the end.
#[test]
fn a_search_in_slices_equals_one_run_to_the_end() {
    let mut model = Model::small(1, 1, Flaws::NONE);
    let whole = explore(&model).unwrap();
    for budget in [Budget::States(1), Budget::States(777), Budget::Transitions(5_000)] {
        let mut search = Search::new(model.clone()).unwrap();
        let mut last = search.progress();
        let mut slices = 0;
        while !last.done {
            let p = search.run(budget);
            assert!(p.states >= last.states && p.transitions >= last.transitions && p.depth >= last.depth);
            last = p;
            slices += 1;
        }
        assert!(slices > 1, "{budget:?} took more than one slice");
        let report = search.report().unwrap();
        assert_eq!((report.states, report.transitions, report.depth), (whole.states, whole.transitions, whole.depth));
        assert_eq!((last.states, last.transitions), (whole.states, whole.transitions));
        assert!(report.complete);
        assert_eq!(search.run(budget), last, "a finished search stays finished");
    }
    // A counterexample is the same too.
    model.flaws = Flaws::only(Flaw::Amnesia);
    model.target = Some(Property::Agreement);
    let whole = explore(&model).unwrap().counterexample.unwrap();
    let mut search = Search::new(model).unwrap();
    while !search.run(Budget::States(100)).done {}
    assert_eq!(search.report().unwrap().counterexample.as_ref(), Some(&whole));
}

#[test]
fn reports_and_progress_round_trip_through_json() {
    let mut model = Model::small(1, 0, Flaws::only(Flaw::IgnorePrior));
    let mut search = Search::new(model.clone()).unwrap();
    // Times are measured, and JSON need not keep every bit of a float.
    let progress = Progress { elapsed_ms: 0.25, ..search.run(Budget::States(10)) };
    let json = serde_json::to_string(&progress).unwrap();
    assert_eq!(serde_json::from_str::<Progress>(&json).unwrap(), progress);
    let report = Report { elapsed_ms: 12.5, ..search.run_to_end() };
    let json = serde_json::to_string(&report).unwrap();
    assert!(json.contains("\"step\":\"propose\""), "{json}");
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);
    model.nodes = 4;
    let json = serde_json::to_string(&model).unwrap();
    assert_eq!(serde_json::from_str::<Model>(&json).unwrap(), model);
    assert!(matches!(report.counterexample.unwrap().steps[0], Step::Propose { .. }));
}

#[test]
fn models_out_of_bounds_are_refused_with_a_reason() {
    let ok = Model::small(1, 0, Flaws::NONE);
    let refused = |change: &dyn Fn(&mut Model)| {
        let mut model = ok.clone();
        change(&mut model);
        Search::new(model).err().expect("refused")
    };
    assert_eq!(refused(&|m| m.nodes = 0), ModelError::Nodes { nodes: 0 });
    assert_eq!(refused(&|m| m.nodes = 256), ModelError::Nodes { nodes: 256 });
    assert!(matches!(refused(&|m| m.proposers.clear()), ModelError::Proposers { .. }));
    assert!(matches!(refused(&|m| m.proposers[1].0 = NodeId(0)), ModelError::Proposers { .. }));
    assert!(matches!(refused(&|m| m.proposers[1].0 = NodeId(255)), ModelError::Proposers { .. }));
    assert!(matches!(refused(&|m| m.proposers[1].0 = NodeId(1)), ModelError::Proposers { .. }));
    assert_eq!(refused(&|m| m.ballots = vec![1]), ModelError::Ballots { proposers: 2, listed: 1 });
    assert_eq!(refused(&|m| m.proposals = 0), ModelError::Proposals { proposals: 0 });
    assert_eq!(refused(&|m| m.proposals = 255), ModelError::Proposals { proposals: 255 });
    assert!(Model::new(255, 300, u32::MAX, u8::MAX, Flaws::NONE).validate().is_err());
    assert!(explore(&Model::new(0, 0, 0, 0, Flaws::NONE)).is_err());
    assert!(!ModelError::Nodes { nodes: 0 }.to_string().is_empty());
}
