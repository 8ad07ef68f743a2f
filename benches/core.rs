//! `cargo bench`: the core's figures, printed, never asserted.
//!
//! - simulator throughput: delivered messages per second with 5 nodes, 20%
//!   loss and 3 concurrent proposers, round after round;
//! - seed sweep: random scenarios per second, on one core and on all;
//! - model checker: unique states per second on a fixed model, run at once
//!   and in the 10,000-state slices a page would run between frames.

use paxos_playground::paxos::{Flaws, NodeId};
use paxos_playground::sim::explore::{explore, Budget, Model, Search};
use paxos_playground::sim::sweep::{run_seed, sweep};
use paxos_playground::sim::{Sim, SimConfig, TraceMode};
use std::time::Instant;

fn sim_throughput() -> (f64, u64) {
    let mut config = SimConfig::new(5, 1);
    config.settings.loss = 0.2;
    let mut sim = Sim::with_trace(config, TraceMode::Off).unwrap();
    let start = Instant::now();
    while start.elapsed().as_secs_f64() < 3.0 {
        for _ in 0..100 {
            for (node, value) in [(1, "a"), (3, "b"), (5, "c")] {
                sim.propose(NodeId(node), value).unwrap();
            }
            // Run until nothing is left in flight; retries may take a while.
            sim.run_to_quiet(u64::MAX);
            sim.new_round();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    (sim.stats().delivered as f64 / secs, sim.stats().delivered)
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let (rate, delivered) = sim_throughput();
    println!(
        "sim throughput: {:.2} million delivered messages/s ({delivered} delivered; N=5, loss 0.2, 3 proposers)",
        rate / 1e6
    );

    let n = 20_000;
    let start = Instant::now();
    for seed in 0..n {
        std::hint::black_box(run_seed(seed, Flaws::NONE));
    }
    let one = n as f64 / start.elapsed().as_secs_f64();
    let n_all = 100_000;
    let start = Instant::now();
    let report = sweep(0..n_all, Flaws::NONE);
    let all = n_all as f64 / start.elapsed().as_secs_f64();
    println!(
        "seed sweep: {one:.0} seeds/s on one core, {all:.0} seeds/s on {} cores ({} failures)",
        std::thread::available_parallelism().map_or(1, |c| c.get()),
        report.failures.len()
    );

    let model = Model::small(2, 0, Flaws::NONE);
    let r = explore(&model).expect("the model is in bounds");
    println!(
        "explorer: {:.0} states/s ({} states, {} transitions, depth {}, {:.0} ms; 3 nodes, 2 proposers, 2 ballots each)",
        r.states_per_second(),
        r.states,
        r.transitions,
        r.depth,
        r.elapsed_ms
    );

    let mut search = Search::new(model).expect("the model is in bounds");
    let mut slices = 0u32;
    while !search.run(Budget::States(10_000)).done {
        slices += 1;
    }
    let sliced = search.report().expect("done");
    println!(
        "explorer in 10,000-state slices: {:.0} states/s ({} slices, same {} states)",
        sliced.states_per_second(),
        slices + 1,
        sliced.states
    );
}
