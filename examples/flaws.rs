//! Every deliberate flaw, caught: the shortest counterexample to the
//! property each flaw is shown breaking (two values chosen, a learner
//! misled, a promise going back), printed as readable steps and saved under
//! target/counterexamples/. For each, it also says how much earlier the
//! protocol-level checks catch the broken rule.
//!
//! cargo run --release --example flaws

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::sim::explore::{explore, story, to_trace, Model};
use paxos_playground::sim::{Property, Sim};

fn main() {
    std::fs::create_dir_all("target/counterexamples").expect("create target/counterexamples");
    let headline = |flaw: Flaw| match flaw {
        Flaw::Amnesia => Property::Promise,
        Flaw::IgnorePrior | Flaw::SharedBallots | Flaw::AcceptAnything => Property::Agreement,
        Flaw::MinorityQuorum | Flaw::CountDuplicates => Property::Learner,
    };
    let mut runs: Vec<(String, Model)> = Flaw::ALL
        .iter()
        .map(|f| {
            let mut model = Model::small(1, u8::from(*f == Flaw::Amnesia), Flaws::only(*f));
            model.target = Some(headline(*f));
            (f.name().to_string(), model)
        })
        .collect();
    // Amnesia's shortest violation is a promise going back; its more
    // alarming consequence, two values chosen, needs a longer path.
    let mut amnesia = Model::small(1, 1, Flaws::only(Flaw::Amnesia));
    amnesia.target = Some(Property::Agreement);
    runs.push(("amnesia-agreement".to_string(), amnesia));

    for (name, model) in runs {
        let report = explore(&model).expect("the flaw models are in bounds");
        println!("\n== {name}: {}", model.describe());
        let any = Model { target: None, ..model.clone() };
        if let Some(first) = explore(&any).expect("in bounds").counterexample {
            println!("(the protocol-level checks catch it after {} steps: {})", first.steps.len(), first.violation);
        }
        let Some(cx) = report.counterexample else {
            println!("not caught in {} states", report.states);
            continue;
        };
        println!(
            "{} after {} steps ({} states searched, {:.0} ms)",
            cx.violation,
            cx.steps.len(),
            report.states,
            report.elapsed_ms
        );
        let trace = to_trace(&model, &cx.steps).expect("counterexamples replay in the simulator");
        let confirmed = Sim::from_trace_file(&trace).map(|s| !s.violations().is_empty()).unwrap_or(false);
        for (i, line) in story(&trace).iter().enumerate() {
            println!("{:>3}. {line}", i + 1);
        }
        let path = format!("target/counterexamples/{name}.json");
        std::fs::write(&path, trace.to_json()).expect("write the trace");
        println!(
            "saved {path}; the simulator {} the violation",
            if confirmed { "confirms" } else { "does NOT confirm" }
        );
    }
}
