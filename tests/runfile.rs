//! Run files: an exported run imports as the same run, the format is the
//! native trace file's (both ways), and no file, however broken, makes the
//! reader panic or overflow its stack.

#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::paxos::{Flaw, Flaws};
use paxos_playground::paxos::{NodeId, NodeSet};
use paxos_playground::sim::link::{RunLink, MAX_LINK_CHARS, QUIET_LIMIT};
use paxos_playground::sim::narrate::grouped;
use paxos_playground::sim::runfile::{read, write, FileError, Inexact, IMPORT_LINK_CHARS, MAX_FILE_BYTES};
use paxos_playground::sim::scenarios::SCENARIOS;
use paxos_playground::sim::timeline::MAX_IN_FLIGHT;
use paxos_playground::sim::{Action, Logged, Position, Rng, SimConfig, SimError, Timeline, TraceFile};

/// A run made the way the page makes one: slider percentages, clicks on
/// nodes, crashes, new rounds and flaw switches, drawn from `seed`.
fn played(seed: u64, flaws: Flaws) -> RunLink {
    let mut rng = Rng::new(seed);
    let nodes = rng.range(1, 9) as usize;
    let mut config = SimConfig::new(nodes, rng.next_u64());
    config.flaws = flaws;
    config.settings.loss = rng.range(0, 20) as f64 * 5.0 / 100.0;
    let mut tl = Timeline::new(config).unwrap();
    for k in 0..rng.range(1, 30) {
        let now = tl.position().at;
        tl.run_until(now + rng.range(0, 3_000));
        let node = NodeId(rng.range(1, nodes as u64) as u8);
        let pct = |rng: &mut Rng| rng.range(0, 100) as f64 / 100.0;
        let action = match rng.range(0, 11) {
            0 | 1 => Action::Propose { node, value: format!("v{k} “quoted” \\ {{}}") },
            2 => Action::Crash { node },
            3 => Action::Restart { node },
            4 => Action::SetLoss { p: pct(&mut rng) },
            5 => Action::SetNodeFailure { node, p: pct(&mut rng) },
            6 => Action::SetFlaw { flaw: Flaw::ALL[rng.range(0, 5) as usize], on: rng.chance(0.5) },
            7 => Action::Isolate { node },
            8 => Action::Rejoin { node },
            9 => Action::SetNodeDelay { node, ticks: rng.range(0, 5_000) as u32 },
            10 => {
                let mut side = NodeSet::EMPTY;
                side.insert(node);
                side.insert(NodeId(rng.range(1, nodes as u64) as u8));
                Action::Split { side }
            }
            _ => Action::NewRound,
        };
        let _refused_like_a_click = tl.act(action);
    }
    let end = tl.end();
    tl.seek(Position { step: end.step / 2, at: 0 });
    RunLink { config: tl.config().clone(), actions: tl.actions().cloned().collect(), at: tl.position(), end }
}

#[test]
fn an_exported_run_imports_as_the_same_run() {
    for seed in 0..200 {
        let flaws = if seed % 5 == 0 { Flaws::only(Flaw::ALL[(seed / 5) as usize % 6]) } else { Flaws::NONE };
        let mut run = played(seed, flaws);
        // A seed above 2^53: JSON readers that use doubles would round it.
        run.config.seed = u64::MAX - seed;
        let text = write(&run).unwrap();
        assert_eq!(read(&text), Ok(run.clone()), "seed {seed}");
    }
}

#[test]
fn native_trace_files_import_and_exported_runs_load_natively() {
    let runs = (0..20).map(|s| played(s, Flaws::NONE)).chain(SCENARIOS.iter().map(|s| {
        let tl = s.run();
        RunLink {
            config: tl.config().clone(),
            actions: tl.actions().cloned().collect(),
            at: tl.position(),
            end: tl.end(),
        }
    }));
    for run in runs {
        // Native → page: serde's trace file, events and all.
        let mut sim = RunLink { at: run.end, ..run.clone() }.open().unwrap().head().clone();
        sim.advance_to(run.end);
        let native = sim.to_trace_file().to_json();
        let imported = read(&native).unwrap();
        assert_eq!((&imported.config, &imported.actions, imported.end), (&run.config, &run.actions, run.end));
        // Page → native: serde reads an exported run.
        let file = TraceFile::from_json(&write(&run).unwrap()).unwrap();
        assert_eq!((&file.config, &file.actions, file.end), (&run.config, &run.actions, run.end));
    }
}

#[test]
fn bad_files_get_clear_reasons() {
    let mut tl = Timeline::new(SimConfig::new(3, 1)).unwrap();
    tl.act(Action::Propose { node: NodeId(1), value: "x".into() }).unwrap();
    let run = RunLink {
        config: tl.config().clone(),
        actions: tl.actions().cloned().collect(),
        at: tl.position(),
        end: tl.end(),
    };
    let good = write(&run).unwrap();
    assert!(read(&good).is_ok());
    assert!(matches!(read("{\"format\": \"paxos"), Err(FileError::NotJson(_))));
    assert_eq!(read(""), Err(FileError::Empty));
    assert_eq!(read(" \n\t"), Err(FileError::Empty));
    assert_eq!(FileError::Empty.to_string(), "This file is empty: it holds no run.");
    assert_eq!(read("{\"hello\": 1}"), Err(FileError::NotARun));
    assert_eq!(read(&good.replace("\"version\": 1", "\"version\": 7")), Err(FileError::Version(7)));
    let err = read(&good.replace("\"nodes\": ", "\"nodes\": 9")).unwrap_err();
    assert!(matches!(&err, FileError::Invalid(why) if why.contains("1 to 25") || why.contains("failure")), "{err}");
    // Every size out of range in the same words, however far out.
    for nodes in ["0", "26", "1001", "18446744073709551615"] {
        let err = read(&good.replace("\"nodes\": 3", &format!("\"nodes\": {nodes}"))).unwrap_err().to_string();
        assert!(err.ends_with(&format!("A cluster needs 1 to 25 nodes, not {nodes}.")), "{err}");
    }
    assert!(read(&good.replace("\"action\": \"propose\"", "\"action\": \"explode\"")).is_err());
    assert_eq!(read(&" ".repeat(MAX_FILE_BYTES + 1)), Err(FileError::TooLarge(MAX_FILE_BYTES + 1)));
    // A file within the size limit whose run is too long to keep or share
    // as a link: opened, it was lost at the next visit and its own link
    // was refused. (Forty thousand cuts and heals, one a tick.)
    let mut config = SimConfig::new(25, 1);
    config.manual = false;
    let actions: Vec<Logged> = (0..40_000u64)
        .map(|k| {
            let node = NodeId(1 + (k / 2 % 25) as u8);
            let action = if k % 2 == 0 { Action::Isolate { node } } else { Action::Rejoin { node } };
            Logged { step: 0, at: k, action }
        })
        .collect();
    let end = Position { step: 0, at: 40_000 };
    let long = write(&RunLink { config, actions, at: end, end }).unwrap();
    assert!(long.len() < MAX_FILE_BYTES, "within the file limit: {}", long.len());
    match read(&long) {
        Err(FileError::TooLong(chars)) => {
            assert!(chars > IMPORT_LINK_CHARS && IMPORT_LINK_CHARS < MAX_LINK_CHARS, "{chars}")
        }
        other => panic!("a run too long to link was read: {:?}", other.map(|r| r.actions.len())),
    }
    assert!(FileError::TooLarge(7_000_000).to_string().contains("up to 5120 KB"));
    let mut odd = run.clone();
    odd.config.settings.loss = 0.1 + 0.2;
    assert_eq!(write(&odd), Err(Inexact(0.1 + 0.2)), "never written inexactly");
    assert!(read(&good.replace("\"loss\": 0.", "\"loss\": 0.30000000000000004 + 0.")).is_err());
    // A moment past the end, as a hand edit leaves it, is refused rather
    // than stretching the run out to it.
    let past = good.replacen(&format!("\"at\": {{ \"step\": {}", run.at.step), "\"at\": { \"step\": 400", 1);
    assert_ne!(past, good, "the edit found the moment");
    let err = read(&past).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "This run file holds an impossible run. Its moment (step 400, at {}) is after its end (step {}, at {}).",
            paxos_playground::sim::narrate::seconds(run.at.at),
            run.end.step,
            paxos_playground::sim::narrate::seconds(run.end.at)
        )
    );
    // A moment and end moved together far beyond the run read as a file,
    // but the run never gets there: it does not open, rather than showing
    // a clock in the millions of seconds.
    let far = good.replace(
        &format!("\"step\": {}, \"at\": {} }}", run.at.step, run.at.at),
        "\"step\": 999999, \"at\": 99999999999 }",
    );
    assert_ne!(far, good, "the edit found the moments");
    let err = read(&far).expect("well formed").open().map(|_| ()).unwrap_err();
    assert_eq!(err.0, 0, "the run as a whole, not one action");
    assert!(err.1.to_string().starts_with("It names a moment the run never reaches, event 999999 at"), "{}", err.1);
    // Its last event, but long after: every step gets there, and the run
    // stood still for a day.
    let mut settled = Timeline::new(SimConfig::new(3, 1)).unwrap();
    settled.act(Action::Propose { node: NodeId(2), value: "y".into() }).unwrap();
    settled.run_until_quiet(600_000, 500);
    assert!(settled.head().chosen().is_some(), "the run settled");
    let mut quiet = RunLink {
        config: settled.config().clone(),
        actions: settled.actions().cloned().collect(),
        at: settled.end(),
        end: settled.end(),
    };
    quiet.end.at += 86_400_000;
    quiet.at = quiet.end;
    let err = quiet.open().map(|_| ()).unwrap_err();
    assert!(err.1.to_string().starts_with("It ends 864"), "{}", err.1);
    // (It already stood still 500 ticks, as the page leaves a run.)
    quiet.end.at = settled.end().at - 500 + QUIET_LIMIT;
    quiet.at = quiet.end;
    assert!(quiet.open().is_ok(), "a minute of quiet opens");
    // Nor does a moment between two of its events' steps at the wrong tick.
    let long = played(1, Flaws::NONE);
    assert!(long.end.step > 0 && long.open().is_ok(), "the true moment opens");
    let mut early = long.clone();
    early.at = Position { step: long.end.step, at: 0 };
    assert!(early.open().is_err(), "step {} is not reached by tick 0", long.end.step);
    // The page's own links open whatever their moment and however long
    // their run: a majority cut off retries for minutes, and a link of
    // its early moment was refused for the quiet the trace seemed to end
    // in there.
    let mut retrying = Timeline::new(SimConfig::new(3, 5)).unwrap();
    retrying.act(Action::Isolate { node: NodeId(2) }).unwrap();
    retrying.act(Action::Isolate { node: NodeId(3) }).unwrap();
    retrying.act(Action::Propose { node: NodeId(1), value: "z".into() }).unwrap();
    retrying.run_until(180_000);
    let end = retrying.end();
    for at in (0..=180_000).step_by(5_000) {
        retrying.seek_time(at);
        let link = RunLink {
            config: retrying.config().clone(),
            actions: retrying.actions().cloned().collect(),
            at: retrying.position(),
            end,
        };
        assert!(link.open().is_ok(), "paused at {at}: {:?}", link.open().err());
    }
    // Nor is a message on its way for longer than a minute standing still.
    let mut slow = SimConfig::new(3, 6);
    (slow.settings.delay_min, slow.settings.delay_max) = (90_000, 90_000);
    let mut waiting = Timeline::new(slow).unwrap();
    waiting.act(Action::Propose { node: NodeId(1), value: "w".into() }).unwrap();
    waiting.run_until(70_000);
    let link = RunLink {
        config: waiting.config().clone(),
        actions: waiting.actions().cloned().collect(),
        at: waiting.position(),
        end: waiting.end(),
    };
    assert!(link.open().is_ok(), "a Prepare still on its way at 70 s: {:?}", link.open().err());
    // One limit for a delay, whichever check finds it too long.
    let long = read(&good.replacen("\"delay_max\": ", "\"delay_max\": 1000000000000", 1)).unwrap_err();
    assert!(
        long.to_string().contains("A delay is 1000000000000") && long.to_string().ends_with("above 100000."),
        "{long}"
    );
    // Thousands of proposals at one moment replay in a blink, but drawn,
    // their messages froze the page for minutes: such a run is refused,
    // and one at the page's busiest opens.
    let crowd = |proposals: u64, nodes: usize| RunLink {
        config: SimConfig::new(nodes, 1),
        actions: (0..proposals)
            .map(|k| Logged {
                step: 0,
                at: 0,
                action: Action::Propose { node: NodeId((k % nodes as u64) as u8 + 1), value: "v".into() },
            })
            .collect(),
        at: Position::default(),
        end: Position::default(),
    };
    // Refused at the proposal that crowds it, not after replaying the rest.
    let err = crowd(1_000, 5).open().map(|_| ()).unwrap_err();
    assert_eq!(err, (801, SimError::Crowded(4_005)), "{}", err.1);
    let largest = crowd(20_000, 25).open().map(|_| ()).unwrap_err();
    assert_eq!(largest, (161, SimError::Crowded(4_025)), "{}", largest.1);
    assert!(err.1.to_string().contains(&format!("more than the {}", grouped(MAX_IN_FLIGHT as u64))), "{}", err.1);
    // A new round discards the messages in flight, not the count.
    let mut cleared = crowd(100, 5).open().expect("500 messages in flight");
    assert_eq!(cleared.head().peak_in_flight(), 500);
    cleared.act(Action::NewRound).expect("a new round");
    assert_eq!(cleared.head().peak_in_flight(), 500);
    let busiest = crowd(25, 25).open().expect("every node of the largest cluster proposing at once");
    assert!(busiest.head().peak_in_flight() >= 625, "{}", busiest.head().peak_in_flight());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(read(&deep), Err(FileError::NotJson(why)) if why.contains("nested")), "no stack overflow");
}

#[test]
fn ten_thousand_broken_files_never_panic() {
    let good: Vec<String> = (0..10).map(|s| write(&played(s, Flaws::NONE)).unwrap()).collect();
    let mut rng = Rng::new(77);
    let pieces =
        ["{", "}", "[", "]", "\"", ":", ",", "\\u12", "\\ud800", "é", "-1", "1e400", "0.3", "null", "true", "\u{0}"];
    for i in 0..10_000 {
        let mut text = good[i % good.len()].clone().into_bytes();
        for _ in 0..rng.range(1, 6) {
            if text.is_empty() {
                break;
            }
            let k = rng.range(0, text.len() as u64 - 1) as usize;
            match rng.range(0, 2) {
                0 => text.truncate(k),
                1 => {
                    let piece = pieces[rng.range(0, pieces.len() as u64 - 1) as usize];
                    text.splice(k..k, piece.bytes());
                }
                _ => {
                    text.remove(k);
                }
            }
        }
        let text = String::from_utf8_lossy(&text);
        if let Ok(run) = read(&text) {
            // Still a run: opening it must refuse or succeed, never panic.
            let _either_way = run.open();
        }
    }
}
