//! Cross-platform determinism: a fixed scenario's trace fingerprint, pinned
//! in `tests/golden/trace-fingerprint.txt`. The browser test suite checks
//! the same file, so a pass on both means the native and wasm runs agree bit
//! for bit. After a deliberate change to the simulator, refresh the file
//! with `UPDATE_GOLDEN=1 cargo test --test determinism`.

use paxos_playground::paxos::Flaws;
use paxos_playground::sim::sweep::scenario;
use paxos_playground::sim::{fingerprint, TraceMode};

const GOLDEN: &str = include_str!("golden/trace-fingerprint.txt");

#[test]
fn golden_scenario_trace_matches_the_pinned_fingerprint() {
    // Seed 2027 draws 6 nodes, 3 racing proposers, crashes and restarts
    // that propose again, a partition, loss and duplication.
    let sim = scenario(2027, Flaws::NONE).run(TraceMode::Full);
    let events: Vec<_> = sim.trace().entries().cloned().collect();
    assert!(events.len() > 100, "the golden scenario exercises something");
    let hash = format!("{:016x} {}", fingerprint(&events), events.len());
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write("tests/golden/trace-fingerprint.txt", format!("{hash}\n")).unwrap();
        return;
    }
    assert_eq!(hash, GOLDEN.trim(), "the trace changed; if that was intended, run with UPDATE_GOLDEN=1");
}
