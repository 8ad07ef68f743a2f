//! Scenario tests for the simulator: the original demo's situations, run
//! end to end through the public API.

use paxos_playground::paxos::{Flaw, NodeId, NodeSet, Note, Phase};
use paxos_playground::sim::{
    fingerprint, Action, DropReason, Event, Logged, Position, Settings, Sim, SimConfig, SimError, Timeline, TraceError,
    TraceFile, TraceMode, Violation,
};

fn id(n: u8) -> NodeId {
    NodeId(n)
}

fn sim(nodes: usize, seed: u64) -> Sim {
    Sim::new(SimConfig::new(nodes, seed)).unwrap()
}

fn learned(sim: &Sim) -> Vec<Option<String>> {
    sim.nodes().map(|v| v.node.learned.as_ref().map(|l| l.to_string())).collect()
}

fn run(sim: &mut Sim) {
    sim.run_to_quiet(1_000_000);
}

fn count(sim: &Sim, pred: impl Fn(&Event) -> bool) -> usize {
    sim.trace().entries().filter(|e| pred(&e.event)).count()
}

#[test]
fn one_proposal_on_a_reliable_network_is_learned_everywhere() {
    let mut s = sim(5, 1);
    s.propose(id(1), "apple").unwrap();
    run(&mut s);
    assert_eq!(s.chosen().map(|p| p.value.to_string()), Some("apple".into()));
    assert!(learned(&s).iter().all(|l| l.as_deref() == Some("apple")), "{:?}", learned(&s));
    assert!(s.violations().is_empty());
    // Prepare, Promise, Accept, Accepted and Decide: five waves of 5 messages.
    assert_eq!(s.stats().sent, 25);
    assert_eq!(s.stats().delivered, 25);
}

#[test]
fn two_concurrent_proposals_choose_exactly_one_value() {
    for seed in 0..200 {
        let mut s = sim(5, seed);
        s.propose(id(1), "apple").unwrap();
        s.propose(id(4), "pear").unwrap();
        run(&mut s);
        let chosen = s.chosen().expect("one value is chosen").value.to_string();
        assert!(chosen == "apple" || chosen == "pear");
        assert!(learned(&s).iter().all(|l| l.as_deref() == Some(&chosen[..])), "seed {seed}");
        assert!(s.violations().is_empty(), "seed {seed}");
        assert_eq!(count(&s, |e| matches!(e, Event::Chosen { .. })), 1, "seed {seed}");
    }
}

#[test]
fn a_late_proposer_adopts_the_value_already_accepted() {
    let mut s = sim(3, 7);
    s.propose(id(1), "apple").unwrap();
    run(&mut s);
    s.propose(id(3), "pear").unwrap();
    run(&mut s);
    assert_eq!(s.chosen().unwrap().value.to_string(), "apple");
    let adopted = s.trace().entries().any(|e| {
        matches!(&e.event, Event::Node { node, note: Note::Proposing { proposal, own, prior: Some(_), .. } }
            if *node == id(3) && proposal.value.as_str() == "apple" && own.as_str() == "pear")
    });
    assert!(adopted, "node 3 had to propose apple instead of pear");
}

#[test]
fn under_heavy_loss_a_value_is_still_chosen_after_retries() {
    let mut chosen = 0;
    for seed in 0..50 {
        let mut s = sim(5, seed);
        s.set_loss(0.3).unwrap();
        s.propose(id(2), "x").unwrap();
        s.run_until(400_000);
        assert!(s.violations().is_empty());
        if s.chosen().is_some() {
            chosen += 1;
        }
        assert!(s.stats().dropped > 0, "seed {seed} lost nothing at 30% loss");
    }
    assert_eq!(chosen, 50, "with retries every run gets a value chosen");
}

#[test]
fn retries_happen_after_losses() {
    let mut s = sim(5, 3);
    s.set_loss(0.6).unwrap();
    s.propose(id(1), "x").unwrap();
    s.run_until(400_000);
    assert!(count(&s, |e| matches!(e, Event::Node { note: Note::GaveUp { .. }, .. })) > 0);
    assert!(
        count(&s, |e| matches!(e, Event::Node { note: Note::Preparing { .. }, .. })) > 1,
        "a second ballot was tried"
    );
}

#[test]
fn crashing_a_minority_still_decides() {
    let mut s = sim(5, 11);
    s.crash(id(4)).unwrap();
    s.crash(id(5)).unwrap();
    s.propose(id(1), "x").unwrap();
    run(&mut s);
    assert!(s.chosen().is_some());
    assert_eq!(learned(&s)[..3], [Some("x".into()), Some("x".into()), Some("x".into())]);
    assert_eq!(learned(&s)[3..], [None, None]);
    assert!(count(&s, |e| matches!(e, Event::Dropped { reason: DropReason::Crashed, .. })) > 0);
}

#[test]
fn crashing_a_majority_chooses_nothing_but_stays_safe() {
    let mut s = sim(5, 12);
    for n in 3..=5 {
        s.crash(id(n)).unwrap();
    }
    s.propose(id(1), "x").unwrap();
    s.run_until(100_000);
    assert!(s.chosen().is_none());
    assert!(s.violations().is_empty());
    assert!(
        count(&s, |e| matches!(e, Event::Node { note: Note::GaveUp { .. }, .. })) >= 2,
        "the proposer keeps retrying"
    );
}

#[test]
fn a_crash_forgets_the_proposal_but_not_the_acceptor_state() {
    let mut s = sim(3, 5);
    s.propose(id(1), "x").unwrap();
    s.run_until(1_500);
    s.crash(id(1)).unwrap();
    let view = s.node(id(1)).unwrap();
    assert!(view.crashed);
    assert_eq!(view.node.proposer.phase, Phase::Idle);
    assert!(view.node.acceptor.promised.is_some());
    assert_eq!(s.propose(id(1), "y"), Err(SimError::NodeCrashed(id(1))));
    assert_eq!(s.crash(id(1)), Err(SimError::NodeCrashed(id(1))));
    s.restart(id(1)).unwrap();
    assert_eq!(s.restart(id(1)), Err(SimError::NodeNotCrashed(id(1))));
}

#[test]
fn a_cut_link_drops_messages_until_healed() {
    let mut s = sim(3, 2);
    s.cut_both(id(1), id(2)).unwrap();
    s.cut_both(id(1), id(3)).unwrap();
    s.propose(id(1), "x").unwrap();
    s.run_until(20_000);
    assert!(s.chosen().is_none());
    assert!(count(&s, |e| matches!(e, Event::Dropped { reason: DropReason::Partition, .. })) > 0);
    s.apply(Action::HealAll).unwrap();
    s.run_until(200_000);
    assert_eq!(s.chosen().unwrap().value.to_string(), "x");
}

#[test]
fn a_split_cuts_every_link_across_and_heals_every_link_within() {
    let mut s = sim(5, 2);
    let side = |ids: &[u8]| {
        let mut side = NodeSet::EMPTY;
        ids.iter().for_each(|&k| {
            side.insert(id(k));
        });
        side
    };
    // Node 4 cut off alone first, as an older link would: the split that
    // follows heals its link to node 5, which joins it.
    s.apply(Action::Isolate { node: id(4) }).unwrap();
    s.apply(Action::Split { side: side(&[4, 5]) }).unwrap();
    for a in 1..=5u8 {
        for b in (1..=5u8).filter(|&b| b != a) {
            let across = (a >= 4) != (b >= 4);
            assert_eq!(s.is_cut(id(a), id(b)), across, "link {a}→{b}");
        }
    }
    // The two cannot choose; the three can, and the two never hear.
    s.propose(id(4), "few").unwrap();
    s.run_until(20_000);
    assert!(s.chosen().is_none());
    s.propose(id(1), "many").unwrap();
    s.run_until(60_000);
    assert_eq!(s.chosen().unwrap().value.to_string(), "many");
    assert!(s.node(id(5)).unwrap().node.learned.is_none());
    // Neither no node nor every node is a side.
    assert_eq!(s.apply(Action::Split { side: NodeSet::EMPTY }), Err(SimError::OneSided));
    assert_eq!(s.apply(Action::Split { side: side(&[1, 2, 3, 4, 5]) }), Err(SimError::OneSided));
    assert_eq!(s.apply(Action::Split { side: side(&[6]) }), Err(SimError::NoSuchNode(6)));
    assert!(s.violations().is_empty());
}

#[test]
fn an_isolated_node_is_cut_off_both_ways_until_it_rejoins() {
    let mut s = sim(3, 2);
    s.apply(Action::Isolate { node: id(1) }).unwrap();
    assert!(s.is_isolated(id(1)));
    assert!(!s.is_isolated(id(2)), "the others still talk to each other");
    assert!(s.is_cut(id(2), id(1)) && s.is_cut(id(1), id(3)) && !s.is_cut(id(2), id(3)));
    // Alone, node 1 cannot gather a majority; the other two can.
    s.propose(id(1), "alone").unwrap();
    s.run_until(20_000);
    assert!(s.chosen().is_none());
    s.propose(id(2), "majority").unwrap();
    s.run_until(40_000);
    assert_eq!(s.chosen().unwrap().value.to_string(), "majority");
    s.apply(Action::Rejoin { node: id(1) }).unwrap();
    assert!(!s.is_isolated(id(1)) && !s.is_cut(id(1), id(2)) && !s.is_cut(id(3), id(1)));
    s.run_until(400_000);
    let learned = s.nodes().next().and_then(|v| v.node.learned.as_ref().map(|l| l.to_string()));
    assert_eq!(learned.as_deref(), Some("majority"));
    assert_eq!(s.apply(Action::Isolate { node: id(4) }), Err(SimError::NoSuchNode(4)));
    assert!(s.violations().is_empty());
}

#[test]
fn one_way_cut_blocks_only_one_direction() {
    let mut s = sim(3, 2);
    s.apply(Action::Cut { from: id(2), to: id(1) }).unwrap();
    assert!(s.is_cut(id(2), id(1)));
    assert!(!s.is_cut(id(1), id(2)));
    assert_eq!(s.apply(Action::Cut { from: id(2), to: id(2) }), Err(SimError::SelfLink(id(2))));
}

#[test]
fn duplicated_messages_are_doubled_and_harmless() {
    let mut s = sim(5, 9);
    s.apply(Action::SetDuplication { p: 0.5 }).unwrap();
    s.propose(id(1), "a").unwrap();
    s.propose(id(2), "b").unwrap();
    run(&mut s);
    assert!(s.stats().duplicated > 0);
    assert!(s.violations().is_empty());
    assert!(s.chosen().is_some());
}

#[test]
fn per_node_failure_loses_messages_to_and_from_that_node() {
    let mut s = sim(3, 4);
    s.apply(Action::SetNodeFailure { node: id(3), p: 1.0 }).unwrap();
    s.propose(id(1), "x").unwrap();
    run(&mut s);
    assert!(s.chosen().is_some(), "nodes 1 and 2 are a majority");
    assert_eq!(learned(&s)[2], None);
    assert!(
        count(&s, |e| matches!(e, Event::Dropped { reason: DropReason::NodeFailure { node }, .. } if *node == id(3)))
            >= 3
    );
}

#[test]
fn new_round_keeps_history_and_starts_fresh() {
    let mut s = sim(3, 1);
    s.propose(id(1), "first").unwrap();
    run(&mut s);
    s.propose(id(2), "late").unwrap();
    s.run_until(s.now() + 700);
    let in_flight = s.flights().count();
    assert!(in_flight > 0);
    s.new_round();
    assert_eq!(s.round(), 2);
    assert_eq!(s.history().len(), 1);
    assert_eq!(s.history()[0].chosen.as_ref().unwrap().value.to_string(), "first");
    assert_eq!(s.history()[0].learned, 3);
    assert_eq!(s.flights().count(), 0);
    assert!(count(&s, |e| matches!(e, Event::Dropped { reason: DropReason::RoundOver, .. })) >= in_flight);
    assert!(s.chosen().is_none());
    assert!(learned(&s).iter().all(Option::is_none));
    s.propose(id(3), "second").unwrap();
    run(&mut s);
    assert_eq!(s.chosen().unwrap().value.to_string(), "second");
    assert!(s.violations().is_empty());
}

#[test]
fn messages_carry_times_for_drawing() {
    let mut s = sim(3, 1);
    s.propose(id(1), "x").unwrap();
    s.run_until(1);
    let flights: Vec<_> = s.flights().filter(|f| f.from != f.to).collect();
    assert!(!flights.is_empty());
    for f in flights {
        let settings = Settings::reliable(3);
        let delay = f.deliver_at - f.sent_at;
        assert!((u64::from(settings.delay_min)..=u64::from(settings.delay_max)).contains(&delay));
    }
}

#[test]
fn step_processes_exactly_one_event() {
    let mut s = sim(3, 1);
    s.propose(id(1), "x").unwrap();
    let before = s.stats().delivered + s.stats().dropped;
    assert!(s.step());
    assert_eq!(s.stats().delivered + s.stats().dropped, before + 1);
}

#[test]
fn bad_inputs_get_typed_errors_and_change_nothing() {
    let mut s = sim(3, 1);
    assert_eq!(s.propose(id(4), "x"), Err(SimError::NoSuchNode(4)));
    assert_eq!(s.propose(id(0), "x"), Err(SimError::NoSuchNode(0)));
    assert_eq!(s.propose(id(1), ""), Err(SimError::EmptyValue));
    assert_eq!(s.propose(id(1), &"x".repeat(65)), Err(SimError::ValueTooLong(65)));
    assert!(matches!(s.set_loss(1.5), Err(SimError::Probability { .. })));
    assert!(matches!(s.set_loss(f64::NAN), Err(SimError::Probability { .. })));
    assert!(matches!(s.apply(Action::SetDelay { min: 0, max: 10 }), Err(SimError::Delay { .. })));
    assert!(matches!(s.apply(Action::Deliver { id: 1 }), Err(SimError::WrongMode { needs_manual: true })));
    assert!(s.actions().is_empty(), "refused actions are not logged");
    assert_eq!(s.trace().next_index(), 0, "and leave no trace");
    assert!(matches!(Sim::new(SimConfig::new(26, 1)), Err(SimError::ClusterSize(26))));
}

fn busy_run(seed: u64, mode: TraceMode) -> Sim {
    let mut config = SimConfig::new(5, seed);
    config.settings.loss = 0.2;
    config.settings.duplication = 0.1;
    let mut s = Sim::with_trace(config, mode).unwrap();
    s.propose(id(1), "a").unwrap();
    s.propose(id(3), "b").unwrap();
    s.run_until(2_000);
    s.crash(id(5)).unwrap();
    s.propose(id(2), "c").unwrap();
    s.step();
    s.apply(Action::Cut { from: id(1), to: id(2) }).unwrap();
    s.run_until(9_000);
    s.restart(id(5)).unwrap();
    s.new_round();
    s.propose(id(4), "d").unwrap();
    s.run_until(60_000);
    s
}

#[test]
fn same_seed_and_actions_give_the_same_trace() {
    let a = busy_run(42, TraceMode::Full).to_trace_file();
    let b = busy_run(42, TraceMode::Full).to_trace_file();
    assert_eq!(a, b);
    let c = busy_run(43, TraceMode::Full).to_trace_file();
    assert_ne!(fingerprint(&a.events), fingerprint(&c.events), "another seed, another run");
}

#[test]
fn replaying_the_action_log_reproduces_the_trace() {
    let original = busy_run(42, TraceMode::Full);
    let mut replayed = Sim::replay(original.config().clone(), original.actions(), TraceMode::Full).unwrap();
    replayed.advance_to(original.position());
    assert_eq!(replayed.to_trace_file(), original.to_trace_file());
}

/// An action logged after more events than its run ever had (the run went
/// quiet first) was never taken there: replay refuses the log, as the
/// timeline does, instead of taking the action early.
#[test]
fn replay_refuses_an_action_the_run_never_reached() {
    let config = SimConfig::new(3, 1);
    let late = Logged { step: 50, at: 10, action: Action::Propose { node: NodeId(1), value: "v".into() } };
    assert_eq!(
        Sim::replay(config.clone(), std::slice::from_ref(&late), TraceMode::Full).err(),
        Some(SimError::NeverReached)
    );
    let refused = Timeline::from_log(config, &[late], Position::default()).err();
    assert_eq!(refused, Some((1, SimError::NeverReached)));
}

#[test]
fn trace_files_round_trip_through_json_and_replay() {
    let original = busy_run(7, TraceMode::Full).to_trace_file();
    let json = original.to_json();
    let parsed = TraceFile::from_json(&json).unwrap();
    assert_eq!(parsed, original);
    let replayed = Sim::from_trace_file(&parsed).unwrap().to_trace_file();
    assert_eq!(replayed.events, original.events);
}

/// The longest flight a run can have, the network's longest delay and a
/// slowed sender's longest extra, still reads back from its own file.
#[test]
fn a_trace_file_with_the_slowest_messages_reads_back() {
    use paxos_playground::sim::MAX_DELAY;
    let mut sim = Sim::new(SimConfig::new(3, 5)).unwrap();
    sim.apply(Action::SetDelay { min: MAX_DELAY - 10_000, max: MAX_DELAY }).unwrap();
    sim.apply(Action::SetNodeDelay { node: id(1), ticks: MAX_DELAY }).unwrap();
    sim.apply(Action::Propose { node: id(1), value: "slow".into() }).unwrap();
    sim.run_until(10);
    let file = sim.to_trace_file();
    let parsed = TraceFile::from_json(&file.to_json()).expect("a run's own file reads back");
    assert_eq!(parsed, file);
}

/// A trace file written before proposers said where their value came from
/// still reads, and its adoptions are told as adoptions.
#[test]
fn trace_files_from_before_value_from_still_read() {
    use paxos_playground::paxos::{Note, ValueFrom};
    use paxos_playground::sim::scenarios::Scenario;
    let run = Scenario::named("value-recovery").unwrap().run();
    let mut sim =
        Sim::replay(run.config().clone(), &run.actions().cloned().collect::<Vec<_>>(), TraceMode::Full).unwrap();
    sim.advance_to(run.end());
    let file = sim.to_trace_file();
    let from = |f: &TraceFile| -> Vec<ValueFrom> {
        f.events
            .iter()
            .filter_map(|e| match &e.event {
                Event::Node { note: Note::Proposing { value_from, .. }, .. } => Some(*value_from),
                _ => None,
            })
            .collect()
    };
    assert!(from(&file).contains(&ValueFrom::Prior), "the scenario adopts a prior: {:?}", from(&file));
    let json = file.to_json();
    let old: String = json.lines().filter(|l| !l.contains("\"value_from\"")).collect::<Vec<_>>().join("\n");
    assert_ne!(old, json, "the field was there to take out");
    let read = TraceFile::from_json(&old).unwrap();
    assert_eq!(from(&read), from(&file));
}

#[test]
fn bad_trace_files_are_refused_with_a_reason() {
    assert!(matches!(TraceFile::from_json("{not json"), Err(TraceError::Malformed(_))));
    assert_eq!(TraceFile::from_json(r#"{"hello": 1}"#), Err(TraceError::NotATrace));
    let mut file = busy_run(1, TraceMode::Full).to_trace_file();
    file.version = 99;
    assert_eq!(TraceFile::from_json(&file.to_json()), Err(TraceError::Version { found: 99 }));
    let mut file = busy_run(1, TraceMode::Full).to_trace_file();
    file.config.nodes = 40;
    assert!(matches!(TraceFile::from_json(&file.to_json()), Err(TraceError::BadConfig(_))));
    let truncated = &busy_run(1, TraceMode::Full).to_trace_file().to_json()[..200];
    assert!(matches!(TraceFile::from_json(truncated), Err(TraceError::Malformed(_))));
    assert!(TraceError::Version { found: 99 }.to_string().contains("version 99"));
}

#[test]
fn a_windowed_trace_stays_bounded_and_keeps_counting() {
    let full = busy_run(5, TraceMode::Full);
    let windowed = busy_run(5, TraceMode::Window(100));
    let off = busy_run(5, TraceMode::Off);
    assert_eq!(windowed.trace().entries().len(), 100);
    assert_eq!(windowed.trace().next_index(), full.trace().next_index());
    assert_eq!(windowed.events(), full.events(), "the world counts every event, kept or not");
    assert_eq!(off.events(), full.events());
    assert_eq!(off.trace().entries().len(), 0);
    assert_eq!(off.stats(), full.stats(), "keeping the trace does not change the run");
    let tail: Vec<_> = full.trace().entries().skip(full.trace().entries().len() - 100).collect();
    assert_eq!(windowed.trace().entries().collect::<Vec<_>>(), tail);
}

#[test]
fn manual_mode_delivers_only_on_command() {
    let mut config = SimConfig::new(3, 1);
    config.manual = true;
    let mut s = Sim::new(config).unwrap();
    s.propose(id(1), "x").unwrap();
    // The self-promise is instant; the two Prepares wait.
    let waiting: Vec<_> = s.flights().map(|f| (f.id, f.to)).collect();
    assert_eq!(waiting.iter().map(|w| w.1).collect::<Vec<_>>(), vec![id(2), id(3)]);
    s.run_until(1_000_000);
    assert_eq!(s.flights().count(), 2, "time alone moves nothing");
    s.apply(Action::DeliverCopy { id: waiting[0].0 }).unwrap();
    s.apply(Action::Drop { id: waiting[1].0 }).unwrap();
    assert_eq!(s.apply(Action::Drop { id: waiting[1].0 }), Err(SimError::NoSuchMessage(waiting[1].0)));
    let promise = s.flights().find(|f| f.to == id(1)).unwrap().id;
    s.apply(Action::Deliver { id: promise }).unwrap();
    assert!(matches!(s.node(id(1)).unwrap().node.proposer.phase, Phase::Accepting { .. }));
    s.apply(Action::FireTimer { node: id(1) }).unwrap();
    assert!(matches!(s.node(id(1)).unwrap().node.proposer.phase, Phase::Backoff { .. }));
    assert_eq!(s.apply(Action::FireTimer { node: id(2) }), Err(SimError::NoTimer(id(2))));
    // The network's chance and timing play no part: settings of them are
    // refused, not taken and then ignored.
    let refused = Err(SimError::WrongMode { needs_manual: false });
    assert_eq!(s.apply(Action::SetLoss { p: 1.0 }), refused);
    assert_eq!(s.apply(Action::SetDuplication { p: 0.5 }), refused);
    assert_eq!(s.apply(Action::SetNodeFailure { node: id(2), p: 1.0 }), refused);
    assert_eq!(s.apply(Action::SetNodeDelay { node: id(2), ticks: 500 }), refused);
    assert_eq!(s.apply(Action::SetDelay { min: 10, max: 20 }), refused);
}

#[test]
fn switching_a_flaw_on_mid_run_reaches_every_node() {
    let mut s = sim(3, 1);
    s.apply(Action::SetFlaw { flaw: Flaw::MinorityQuorum, on: true }).unwrap();
    assert!(s.nodes().all(|v| v.node.flaws.has(Flaw::MinorityQuorum)));
    s.propose(id(1), "a").unwrap();
    s.propose(id(2), "b").unwrap();
    run(&mut s);
    assert!(
        s.violations().iter().any(|(_, v)| matches!(v, Violation::Learner { .. })),
        "with a quorum of one, nodes decide alone"
    );
    // Each violation names the event whose processing broke safety.
    for (cause, _) in s.violations() {
        let event = &s.trace().get(*cause).expect("the cause is in the trace").event;
        assert!(matches!(event, Event::Delivered { .. } | Event::Proposed { .. } | Event::Timeout { .. }), "{event:?}");
    }
}

#[test]
fn a_slowed_node_sends_late_and_zero_restores_the_usual_delay() {
    let mut s = sim(3, 11);
    s.apply(Action::SetNodeDelay { node: id(1), ticks: 5_000 }).unwrap();
    assert_eq!(s.node(id(1)).unwrap().delay, 5_000);
    s.propose(id(1), "slow").unwrap();
    let (lo, hi) = (u64::from(s.settings().delay_min), u64::from(s.settings().delay_max));
    let late = |sim: &Sim, from: NodeId| -> Vec<u64> {
        sim.trace()
            .entries()
            .filter_map(|e| match &e.event {
                Event::Sent { from: f, to, deliver_at, .. } if *f == from && *to != from => Some(deliver_at - e.at),
                _ => None,
            })
            .collect()
    };
    s.run_until(20_000);
    let slow = late(&s, id(1));
    assert!(!slow.is_empty() && slow.iter().all(|d| (lo + 5_000..=hi + 5_000).contains(d)), "{slow:?}");
    let replies = late(&s, id(2));
    assert!(!replies.is_empty() && replies.iter().all(|d| (lo..=hi).contains(d)), "others are not slowed: {replies:?}");
    // So slow a leader times out before its replies come back; at the
    // usual speed again, it gets its value chosen.
    assert_eq!(learned(&s), vec![None; 3]);
    s.apply(Action::SetNodeDelay { node: id(1), ticks: 0 }).unwrap();
    assert_eq!(s.node(id(1)).unwrap().delay, 0);
    run(&mut s);
    assert_eq!(learned(&s), vec![Some("slow".to_string()); 3]);
    assert!(s.violations().is_empty());
    assert!(
        count(&s, |e| matches!(e, Event::Changed { action: Action::SetNodeDelay { .. } })) == 2,
        "both changes are events"
    );
    assert_eq!(s.apply(Action::SetNodeDelay { node: id(4), ticks: 1 }), Err(SimError::NoSuchNode(4)));
    assert_eq!(s.apply(Action::SetNodeDelay { node: id(1), ticks: 100_001 }), Err(SimError::NodeDelay(100_001)));
    assert_eq!(s.node(id(1)).unwrap().delay, 0, "a refused delay changes nothing");
}

#[test]
fn a_run_that_never_slows_a_node_draws_the_same_dice() {
    // Slowing a node adds no random draw: the same run with a delay of
    // zero set along the way gives the same messages at the same times.
    let mut plain = sim(5, 99);
    let mut zeroed = sim(5, 99);
    zeroed.apply(Action::SetNodeDelay { node: id(3), ticks: 0 }).unwrap();
    for s in [&mut plain, &mut zeroed] {
        s.propose(id(1), "a").unwrap();
        s.propose(id(4), "b").unwrap();
        run(s);
    }
    let sends = |s: &Sim| -> Vec<String> {
        s.trace().entries().filter(|e| matches!(e.event, Event::Sent { .. })).map(|e| format!("{e:?}")).collect()
    };
    assert_eq!(sends(&plain), sends(&zeroed));
}

/// In a small cluster, every message that reaches its receiver is told in
/// the log: by a line of its own, or by the note its receiver makes right
/// after. A Step that only delivered a late Nack seemed to do nothing.
#[test]
fn every_delivery_in_a_small_cluster_is_told_in_the_log() {
    use paxos_playground::sim::narrate::in_log;
    let mut s = sim(5, 3);
    s.set_loss(0.2).unwrap();
    for (node, value) in [(1, "a"), (3, "b"), (5, "c")] {
        s.propose(id(node), value).unwrap();
    }
    run(&mut s);
    let events: Vec<_> = s.trace().entries().cloned().collect();
    let mut told = 0;
    for (i, e) in events.iter().enumerate() {
        if let Event::Delivered { to, .. } = &e.event {
            let answered = matches!(events.get(i + 1), Some(next) if matches!(&next.event, Event::Node { node, .. } if node == to) && next.at == e.at);
            assert!(in_log(&e.event, 5) || answered, "untold: {:?}", e.event);
            told += 1;
        }
    }
    assert!(told > 50, "the run delivered {told} messages");
    assert!(
        events
            .iter()
            .any(|e| matches!(e.event, Event::Delivered { msg: paxos_playground::paxos::Message::Nack { .. }, .. })),
        "a Nack among them"
    );
}
