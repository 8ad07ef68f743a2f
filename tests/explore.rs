//! The model checker on small clusters: correct Paxos has no violation in
//! any interleaving, and every flaw is caught with a replayable trace.

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::explore::{explore, to_trace, Model};
use paxos_playground::sim::{Property, Sim, TraceFile};

#[test]
fn correct_paxos_is_safe_in_every_interleaving() {
    // Two ballots each: proposers can be refused, time out and retry higher.
    let report = explore(&Model::small(2, 0, Flaws::NONE));
    println!(
        "states {} transitions {} depth {} in {:?}",
        report.states, report.transitions, report.depth, report.elapsed
    );
    assert!(report.counterexample.is_none(), "{:?}", report.counterexample);
    assert!(report.complete);
    assert!(report.states > 100_000, "the search went somewhere: {}", report.states);
}

#[test]
fn correct_paxos_is_safe_with_crashes_and_restarts() {
    let report = explore(&Model::small(2, 1, Flaws::NONE));
    println!("states {} depth {} in {:?}", report.states, report.depth, report.elapsed);
    assert!(report.counterexample.is_none(), "{:?}", report.counterexample);
    assert!(report.complete);
}

#[test]
fn every_flaw_is_caught_with_a_replayable_counterexample() {
    for flaw in Flaw::ALL {
        let crashes = u8::from(flaw == Flaw::Amnesia);
        let model = Model::small(1, crashes, Flaws::only(flaw));
        let report = explore(&model);
        let cx = report.counterexample.unwrap_or_else(|| panic!("{flaw:?} not caught in {} states", report.states));
        println!("{flaw:?}: {} steps, {} — {} states", cx.steps.len(), cx.violation, report.states);
        let trace = to_trace(&model, &cx.steps).unwrap();
        // Keep the counterexample where people (and later the page) can find it.
        std::fs::create_dir_all("target/counterexamples").unwrap();
        std::fs::write(format!("target/counterexamples/{}.json", flaw.name()), trace.to_json()).unwrap();
        let replayed = Sim::from_trace_file(&TraceFile::from_json(&trace.to_json()).unwrap()).unwrap();
        assert!(
            replayed.violations().iter().any(|(_, v)| v.property() == cx.violation.property()),
            "{flaw:?}: the simulator confirms the violation: {:?}",
            replayed.violations()
        );
    }
}

#[test]
fn amnesia_can_break_agreement_not_just_a_promise() {
    let mut model = Model::small(1, 1, Flaws::only(Flaw::Amnesia));
    model.target = Some(Property::Agreement);
    let cx = explore(&model).counterexample.expect("amnesia loses a chosen value");
    assert_eq!(cx.violation.property(), Property::Agreement);
    let replayed = Sim::from_trace_file(&to_trace(&model, &cx.steps).unwrap()).unwrap();
    assert!(replayed.violations().iter().any(|(_, v)| v.property() == Property::Agreement));
}
