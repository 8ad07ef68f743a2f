//! `cargo bench --bench timeline`: how long a seek takes, printed, never
//! asserted.
//!
//! The run is the page benchmark's load (9 nodes, 30% loss, three racing
//! proposers, a new round every 8,000 ticks) grown to 10,000 events and to
//! 200,000 events. Seeks go to random moments in random order, the way a
//! person drags the timeline bar.

use paxos_playground::paxos::NodeId;
use paxos_playground::sim::{Action, Position, Rng, SimConfig, Timeline};
use std::time::{Duration, Instant};

fn grown(events: u64) -> Timeline {
    let mut config = SimConfig::new(9, 5);
    config.settings.loss = 0.3;
    let mut run = Timeline::new(config).expect("a valid config");
    let mut round = 0;
    while run.position().step < events {
        for node in [1, 4, 7] {
            let value = format!("r{round}n{node}");
            run.act(Action::Propose { node: NodeId(node), value }).expect("the proposers are up");
        }
        let now = run.position().at;
        run.run_until(now + 8_000);
        run.act(Action::NewRound).expect("a new round is always possible");
        round += 1;
    }
    run
}

fn report(events: u64) {
    let mut run = grown(events);
    let end = run.end();
    let mut rng = Rng::new(1);
    let mut times: Vec<Duration> = (0..1_000)
        .map(|_| {
            let step = rng.range(0, end.step);
            let start = Instant::now();
            run.seek(Position { step, at: 0 });
            start.elapsed()
        })
        .collect();
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "timeline seek, {} events, {} checkpoints: p50 {:.0} µs, p99 {:.0} µs, max {:.0} µs (1,000 random seeks)",
        end.step,
        run.checkpoint_count(),
        us(times[500]),
        us(times[990]),
        us(times[999]),
    );
}

fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    report(10_000);
    report(200_000);
}
