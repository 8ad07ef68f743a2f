//! The page's "Find a bug" search, run natively: the figure the browser's
//! is compared with (see bench/find-bug.mjs).
//!
//! cargo run --release --example find_bug -- [--flaw NAME]... [--repeat K]
//!
//! Searches `Model::find_bug` with the flaws named (none by default) in the
//! same slices the page's worker uses, and prints one JSON line per run:
//! states, transitions, depth, milliseconds, states per second and, if it
//! found one, the counterexample's length and what broke.

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::explore::{Budget, Model, Outcome, Search, WORKER_SLICE};
use std::process::exit;

fn usage(problem: &str) -> ! {
    eprintln!("{problem}");
    eprintln!("usage: find_bug [--flaw NAME]... [--repeat K]");
    eprintln!("flaws: {}", Flaw::ALL.map(|f| f.name()).join(", "));
    exit(2)
}

fn main() {
    let (mut flaws, mut repeat) = (Flaws::NONE, 1u32);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--flaw" => {
                let name = args.next().unwrap_or_default();
                let flaw = Flaw::from_name(&name).unwrap_or_else(|| usage(&format!("no flaw named {name:?}")));
                flaws.set(flaw, true);
            }
            "--repeat" => {
                let value = args.next().unwrap_or_default();
                repeat = value.parse().unwrap_or_else(|_| usage(&format!("--repeat: {value:?} is not a number")));
            }
            "--bench" => {} // passed by `cargo bench`-style runners
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let model = Model::find_bug(flaws);
    for _ in 0..repeat {
        let mut search = Search::new(model.clone()).unwrap_or_else(|e| usage(&e.to_string()));
        let mut progress = search.progress();
        while !progress.done {
            progress = search.run(Budget::States(WORKER_SLICE));
        }
        let report = search.report().expect("the search is done");
        let outcome = Outcome::of(&model, progress, report).unwrap_or_else(|e| {
            eprintln!("the counterexample does not replay: {e}");
            exit(1)
        });
        let line = serde_json::json!({
            "model": model.describe(),
            "states": report.states,
            "transitions": report.transitions,
            "depth": report.depth,
            "ms": (report.elapsed_ms * 10.0).round() / 10.0,
            "states_per_s": report.states_per_second().round(),
            "complete": report.complete,
            "found": outcome.found.map(|f| serde_json::json!({ "steps": f.steps, "violation": f.violation })),
        });
        println!("{line}");
    }
}
