//! The seed sweep: many random runs of correct Paxos, zero violations.
//!
//! `PAXOS_SEEDS=n` runs n seeds (default 70,000; run in release mode). The
//! wider scenarios cost about 1.5 times as much per seed as the old ones
//! did, so the default went from 100,000 to 70,000 to keep the time per
//! test run where it was.
//! `PAXOS_SEED=s` replays one seed and prints its story.

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::narrate::{describe, is_headline};
use paxos_playground::sim::sweep::{run_seed, scenario, sweep};
use paxos_playground::sim::{Action, Property, TraceMode};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| v.parse().unwrap_or_else(|_| panic!("{name} must be a number, not {v:?}")))
}

fn replay_command(seed: u64) -> String {
    format!("PAXOS_SEED={seed} cargo test --release --test sweep -- --nocapture correct_paxos")
}

#[test]
fn correct_paxos_survives_the_seed_sweep() {
    if let Some(seed) = env_u64("PAXOS_SEED") {
        let sc = scenario(seed, Flaws::NONE);
        println!("seed {seed}: {} nodes, settings {:?}", sc.config.nodes, sc.config.settings);
        let sim = sc.run(TraceMode::Full);
        for (i, e) in sim.trace().indexed().filter(|(_, e)| is_headline(&e.event)) {
            println!("#{i:<6} t={:<6} {}", e.at, describe(&e.event));
        }
        assert!(sim.violations().is_empty(), "seed {seed}: {:?}", sim.violations());
        return;
    }
    let seeds = env_u64("PAXOS_SEEDS").unwrap_or(70_000);
    let start = std::time::Instant::now();
    let report = sweep(0..seeds, Flaws::NONE);
    println!(
        "{} seeds in {:.1?}: {} chose a value, {} messages delivered, 0 violations expected",
        report.seeds,
        start.elapsed(),
        report.chosen,
        report.delivered
    );
    assert_eq!(report.seeds, seeds);
    if let Some((seed, violation)) = report.failures.first() {
        panic!(
            "{} seeds broke safety. First: seed {seed}: {violation}\nReplay it with:\n  {}",
            report.failures.len(),
            replay_command(*seed)
        );
    }
    // Liveness is not promised, but a sweep where nothing is ever chosen
    // would mean the scenarios test nothing.
    assert!(report.chosen * 2 > report.seeds, "only {} of {} seeds chose a value", report.chosen, report.seeds);
}

/// Each flaw is caught, and by the seed pinned here: a change to the
/// scenarios or the checker that moves one must say so.
#[test]
fn the_sweep_catches_every_flaw() {
    let pinned = [
        (Flaw::Amnesia, 1, Property::Promise),
        (Flaw::IgnorePrior, 1, Property::Proposal),
        (Flaw::SharedBallots, 8, Property::Proposal),
        (Flaw::AcceptAnything, 0, Property::Acceptance),
        (Flaw::MinorityQuorum, 0, Property::Learner),
        (Flaw::CountDuplicates, 66, Property::Learner),
    ];
    for (flaw, seed, property) in pinned {
        let found = (0..=seed).map(|s| run_seed(s, Flaws::only(flaw))).find(|o| !o.violations.is_empty());
        let outcome = found.unwrap_or_else(|| panic!("{flaw:?} survived seeds 0 to {seed}"));
        println!("{flaw:?}: seed {} — {}", outcome.seed, outcome.violations[0].1);
        assert_eq!((outcome.seed, outcome.violations[0].1.property()), (seed, property), "{flaw:?}");
    }
}

/// The draws cover what the audit found missing: every cluster size from
/// 1 to 9, proposers asking again, restarted nodes proposing, new rounds.
#[test]
fn the_scenarios_cover_even_sizes_repeat_proposals_and_new_rounds() {
    let mut sizes = [0u32; 10];
    let (mut again, mut back, mut rounds) = (0, 0, 0);
    for seed in 0..2_000 {
        let sc = scenario(seed, Flaws::NONE);
        sizes[sc.config.nodes] += 1;
        let values = |prefix: &str| {
            sc.script
                .iter()
                .filter(|(_, a)| matches!(a, Action::Propose { value, .. } if value.starts_with(prefix)))
                .count()
        };
        again += values("again");
        back += values("back");
        rounds += sc.script.iter().filter(|(_, a)| matches!(a, Action::NewRound)).count();
    }
    assert_eq!(sizes[0], 0);
    assert!(sizes[1..].iter().all(|n| *n > 150), "every size from 1 to 9 is drawn often: {sizes:?}");
    assert!(again > 1_000 && back > 300 && rounds > 300, "again {again}, back {back}, rounds {rounds}");
}

#[test]
fn a_seed_replays_identically() {
    for seed in [1, 77, 4242] {
        let a = scenario(seed, Flaws::NONE).run(TraceMode::Full).to_trace_file();
        let b = scenario(seed, Flaws::NONE).run(TraceMode::Full).to_trace_file();
        assert_eq!(a, b);
    }
}
