//! The model checker from the command line.
//!
//! cargo run --release --example explore -- [--nodes 3] [--proposers 2]
//!     [--ballots 1] [--crashes 0] [--proposals 1] [--no-prune] [--max-depth D]
//!     [--flaw NAME] [--target PROPERTY] [--max-states N] [--out FILE]
//!
//! Runs the resumable search in slices of a million transitions, printing
//! its progress after each, then the states, transitions, depth and time of
//! the whole search. If it finds a violation, it prints the shortest path to
//! it and saves it as a trace file the playground can replay.

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::explore::{story, to_trace, Budget, Model, Search};
use paxos_playground::sim::Property;
use std::process::exit;

fn usage(problem: &str) -> ! {
    eprintln!("{problem}");
    eprintln!("usage: explore [--nodes N] [--proposers P] [--ballots B or B1,B2,...] [--crashes C] [--proposals K] [--no-prune] [--max-depth D] [--flaw NAME]... [--target PROPERTY] [--max-states N] [--out FILE]");
    eprintln!("properties: {}", Property::ALL.map(property_name).join(", "));
    eprintln!("flaws: {}", Flaw::ALL.map(|f| f.name()).join(", "));
    exit(2)
}

/// A property's command-line name: its serde name.
fn property_name(p: Property) -> String {
    serde_json::to_string(&p).unwrap_or_default().trim_matches('"').to_string()
}

fn number<T: std::str::FromStr>(flag: &str, value: Option<String>) -> T {
    let value = value.unwrap_or_else(|| usage(&format!("{flag} needs a value")));
    value.parse().unwrap_or_else(|_| usage(&format!("{flag}: {value:?} is not a number")))
}

fn main() {
    let mut model = Model::small(1, 0, Flaws::NONE);
    let (mut proposers, mut out) = (2usize, None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--nodes" => model.nodes = number(&flag, args.next()),
            "--proposers" => proposers = number(&flag, args.next()),
            "--ballots" => {
                // One number for every proposer, or one per proposer: 2,1.
                let list = args.next().unwrap_or_default();
                let parsed: Result<Vec<u32>, _> = list.split(',').map(str::parse).collect();
                match parsed {
                    Ok(b) if b.len() == 1 => model.max_ballot = b[0],
                    Ok(b) if !b.is_empty() => model.ballots = b,
                    _ => usage(&format!("--ballots: {list:?} is not a number or a list like 2,1")),
                }
            }
            "--crashes" => model.max_crashes = number(&flag, args.next()),
            "--max-states" => model.max_states = number(&flag, args.next()),
            "--proposals" => model.proposals = number(&flag, args.next()),
            "--no-prune" => model.prune = false,
            "--max-depth" => model.max_depth = number(&flag, args.next()),
            "--out" => out = args.next(),
            "--flaw" => {
                let name = args.next().unwrap_or_default();
                let flaw = Flaw::from_name(&name).unwrap_or_else(|| usage(&format!("no flaw named {name:?}")));
                model.flaws.set(flaw, true);
            }
            "--target" => {
                let name = args.next().unwrap_or_default();
                let found = Property::ALL.into_iter().find(|p| property_name(*p) == name);
                model.target = Some(found.unwrap_or_else(|| usage(&format!("no property named {name:?}"))));
            }
            "--bench" => {} // passed by `cargo bench`-style runners
            other => usage(&format!("unknown argument {other:?}")),
        }
    }
    let template = Model::new(model.nodes, proposers, model.max_ballot, model.max_crashes, model.flaws);
    model.proposers = template.proposers;
    println!("model: {}", model.describe());
    let mut search = Search::new(model.clone()).unwrap_or_else(|e| usage(&e.to_string()));
    loop {
        let p = search.run(Budget::Transitions(1_000_000));
        if p.done {
            break;
        }
        eprintln!("  … {} states, {} transitions, depth {}, {} queued", p.states, p.transitions, p.depth, p.queued);
    }
    let r = search.report().cloned().expect("the search is done");
    println!(
        "{} unique states, {} transitions, depth {}, {:.2} s, {:.0} states/s{}",
        r.states,
        r.transitions,
        r.depth,
        r.elapsed_ms / 1000.0,
        r.states_per_second(),
        if r.complete { ", complete" } else { ", stopped early" }
    );
    let Some(cx) = r.counterexample else {
        println!("no violation");
        return;
    };
    println!("VIOLATION after {} steps: {}", cx.steps.len(), cx.violation);
    let trace = to_trace(&model, &cx.steps).unwrap_or_else(|e| {
        eprintln!("could not replay the counterexample in the simulator: {e}");
        exit(1)
    });
    for (i, line) in story(&trace).iter().enumerate() {
        println!("{:>3}. {line}", i + 1);
    }
    let path = out.unwrap_or_else(|| "target/counterexample.json".to_string());
    if let Some(dir) = std::path::Path::new(&path).parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(&path, trace.to_json()).expect("write the trace file");
    println!("saved as {path}");
}
