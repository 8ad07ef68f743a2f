//! Random scenarios from seeds: the seed sweep's raw material.
//!
//! Each seed draws its own cluster size, fault settings, proposers, crash
//! and restart schedule, partitions and round changes, then runs them
//! through the simulator. Everything is drawn from the seed, so a failing
//! seed is a complete bug report: run it again and the same thing happens.

use super::check::Violation;
use super::config::{Settings, SimConfig};
use super::rng::Rng;
use super::trace::{Action, TraceMode};
use super::world::{Sim, Stats};
use crate::paxos::{Flaws, NodeId};

/// A run drawn from a seed: a config plus a script of timed actions.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// The seed it was drawn from.
    pub seed: u64,
    /// The starting configuration.
    pub config: SimConfig,
    /// Actions and the tick each is applied at, in order.
    pub script: Vec<(u64, Action)>,
    /// How long to run, in ticks.
    pub horizon: u64,
}

/// What a scenario run came to.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// The seed.
    pub seed: u64,
    /// Safety violations (none, for correct Paxos).
    pub violations: Vec<(u64, Violation)>,
    /// Whether the last round chose a value.
    pub chosen: bool,
    /// Message counts.
    pub stats: Stats,
    /// Events processed.
    pub steps: u64,
}

/// Draw the scenario for `seed`, with `flaws` switched on.
///
/// Cluster sizes run from 1 to 9, even ones included: a quorum rule that is
/// wrong only for even sizes must meet one. Proposers race, propose again
/// with new values (while busy, after giving up, after a value is chosen,
/// after a crash and restart), and new rounds start with proposals of
/// their own.
pub fn scenario(seed: u64, flaws: Flaws) -> Scenario {
    let mut rng = Rng::new(seed);
    let nodes = rng.range(1, 9) as usize;
    let pick_node = |rng: &mut Rng| NodeId(rng.range(1, nodes as u64) as u8);
    let some = |rng: &mut Rng, p: f64, max: f64| if rng.chance(p) { rng.unit() * max } else { 0.0 };
    let delay_min = rng.range(1, 100) as u32;
    let delay_max = delay_min + rng.range(0, 400) as u32;
    let settings = Settings {
        loss: some(&mut rng, 0.7, 0.5),
        duplication: some(&mut rng, 0.6, 0.5),
        delay_min,
        delay_max,
        node_failure: (0..nodes).map(|_| some(&mut rng, 0.25, 0.3)).collect(),
    };
    let config = SimConfig { nodes, seed: rng.next_u64(), flaws, manual: false, settings };
    let d = u64::from(delay_max);
    let mut script = Vec::new();

    // 1 to 3 concurrent proposers with distinct values.
    let mut proposers: Vec<NodeId> = Vec::new();
    for k in 0..rng.range(1, 3) {
        let node = pick_node(&mut rng);
        if !proposers.contains(&node) {
            proposers.push(node);
            script.push((rng.range(0, 2 * d), Action::Propose { node, value: format!("v{}", k + 1) }));
        }
    }
    // A proposer asks again with a new value: sometimes while its first
    // ballot is still out, sometimes long after.
    for k in 0..rng.range(0, 2) {
        if let Some(node) = rng.pick(&proposers) {
            script.push((rng.range(d, 12 * d), Action::Propose { node, value: format!("again{}", k + 1) }));
        }
    }
    // Late proposals, often after a value is chosen: they must adopt it.
    for k in 0..rng.range(0, 2) {
        let node = pick_node(&mut rng);
        script.push((rng.range(2 * d, 20 * d), Action::Propose { node, value: format!("late{}", k + 1) }));
    }
    // Crashes, most of them followed by a restart, and often by a new
    // proposal at the restarted node: its next ballot must be fresh.
    for k in 0..rng.range(0, 3) {
        let node = pick_node(&mut rng);
        let at = rng.range(0, 10 * d);
        script.push((at, Action::Crash { node }));
        if rng.chance(0.7) {
            let back = at + rng.range(d, 10 * d);
            script.push((back, Action::Restart { node }));
            if rng.chance(0.5) {
                script.push((back + rng.range(0, 2 * d), Action::Propose { node, value: format!("back{}", k + 1) }));
            }
        }
    }
    // Partitions: one-way or both ways, most of them healed later.
    for _ in 0..rng.range(0, 3) {
        let (from, to) = (pick_node(&mut rng), pick_node(&mut rng));
        if from == to {
            continue;
        }
        let at = rng.range(0, 10 * d);
        script.push((at, Action::Cut { from, to }));
        if rng.chance(0.5) {
            script.push((at, Action::Cut { from: to, to: from }));
        }
        if rng.chance(0.8) {
            script.push((at + rng.range(d, 10 * d), Action::HealAll));
        }
    }
    // A change of loss mid-run.
    if rng.chance(0.2) {
        script.push((rng.range(0, 10 * d), Action::SetLoss { p: rng.unit() * 0.5 }));
    }
    // New rounds, each with racing proposals of its own.
    let mut at = 0;
    for round in 0..rng.range(0, 2) {
        if !rng.chance(0.25) {
            continue;
        }
        at = rng.range(at.max(5 * d), at.max(5 * d) + 15 * d);
        script.push((at, Action::NewRound));
        for k in 0..rng.range(1, 2) {
            let value = format!("w{}{}", round + 1, k + 1);
            script.push((at + 1 + rng.range(0, d), Action::Propose { node: pick_node(&mut rng), value }));
        }
    }
    // Stable: actions drawn for the same tick keep their drawn order.
    script.sort_by_key(|(at, _)| *at);
    Scenario { seed, config, script, horizon: 60 * d }
}

impl Scenario {
    /// Run the scenario. Scripted actions the world refuses (proposing at a
    /// crashed node, say) are skipped, as a person's refused click would be.
    pub fn run(&self, mode: TraceMode) -> Sim {
        let mut sim = Sim::with_trace(self.config.clone(), mode).expect("drawn configs are valid");
        for (at, action) in &self.script {
            sim.run_until(*at);
            let _refused = sim.apply(action.clone());
        }
        sim.run_until(self.horizon);
        sim
    }
}

/// Draw and run the scenario for `seed`, keeping no trace.
pub fn run_seed(seed: u64, flaws: Flaws) -> Outcome {
    let sim = scenario(seed, flaws).run(TraceMode::Off);
    Outcome {
        seed,
        violations: sim.violations().to_vec(),
        chosen: sim.chosen().is_some(),
        stats: sim.stats(),
        steps: sim.steps(),
    }
}

/// Totals over many seeds.
#[derive(Clone, Debug, Default)]
pub struct SweepReport {
    /// Seeds run.
    pub seeds: u64,
    /// Seeds whose last round chose a value.
    pub chosen: u64,
    /// Messages delivered, over all seeds.
    pub delivered: u64,
    /// Events processed, over all seeds.
    pub steps: u64,
    /// Seeds with a violation, and the first violation of each, described.
    /// (Text, because values are not shared across threads.)
    pub failures: Vec<(u64, String)>,
}

/// Run every seed in `seeds`, on all cores where threads exist.
pub fn sweep(seeds: std::ops::Range<u64>, flaws: Flaws) -> SweepReport {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()) as u64;
        let chunk = (seeds.end.saturating_sub(seeds.start)).div_ceil(threads).max(1);
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let lo = (seeds.start + t * chunk).min(seeds.end);
                    let hi = (lo + chunk).min(seeds.end);
                    scope.spawn(move || sweep_serial(lo..hi, flaws))
                })
                .collect();
            let mut total = SweepReport::default();
            for handle in handles {
                total.merge(handle.join().expect("sweep threads do not panic"));
            }
            total.failures.sort_by_key(|(seed, _)| *seed);
            total
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        sweep_serial(seeds, flaws)
    }
}

/// Run every seed in `seeds`, one after another.
pub fn sweep_serial(seeds: std::ops::Range<u64>, flaws: Flaws) -> SweepReport {
    let mut report = SweepReport::default();
    for seed in seeds {
        let outcome = run_seed(seed, flaws);
        report.seeds += 1;
        report.chosen += u64::from(outcome.chosen);
        report.delivered += outcome.stats.delivered;
        report.steps += outcome.steps;
        if let Some((_, v)) = outcome.violations.first() {
            report.failures.push((seed, v.to_string()));
        }
    }
    report
}

impl SweepReport {
    /// Add another report's totals to this one.
    pub fn merge(&mut self, other: SweepReport) {
        self.seeds += other.seeds;
        self.chosen += other.chosen;
        self.delivered += other.delivered;
        self.steps += other.steps;
        self.failures.extend(other.failures);
    }
}
