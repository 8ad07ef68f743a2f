//! The seed sweep: many random runs of correct Paxos, zero violations.
//!
//! `PAXOS_SEEDS=n` runs n seeds (default 100,000; run in release mode).
//! `PAXOS_SEED=s` replays one seed and prints its story.

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::narrate::{describe, is_headline};
use paxos_playground::sim::sweep::{run_seed, scenario, sweep};
use paxos_playground::sim::TraceMode;

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
    let seeds = env_u64("PAXOS_SEEDS").unwrap_or(100_000);
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

#[test]
fn the_sweep_catches_every_flaw() {
    for flaw in Flaw::ALL {
        let found = (0..20_000).map(|seed| run_seed(seed, Flaws::only(flaw))).find(|o| !o.violations.is_empty());
        let outcome = found.unwrap_or_else(|| panic!("{flaw:?} survived 20,000 seeds"));
        println!("{flaw:?}: seed {} — {}", outcome.seed, outcome.violations[0].1);
    }
}

#[test]
fn a_seed_replays_identically() {
    for seed in [1, 77, 4242] {
        let a = scenario(seed, Flaws::NONE).run(TraceMode::Full).to_trace_file();
        let b = scenario(seed, Flaws::NONE).run(TraceMode::Full).to_trace_file();
        assert_eq!(a, b);
    }
}
