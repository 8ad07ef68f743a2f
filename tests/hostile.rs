//! Hostile numbers at every public entry point: `u32::MAX` ballots, ids 0
//! and 255, cluster sizes 0 and 256, ticks and steps near `u64::MAX`. Each
//! gets a typed error or a correct result, never a panic or a wrap. Share
//! links and imported runs will feed the core exactly such numbers.

#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::paxos::{
    majority, quorum, Ballot, Flaw, Flaws, Message, Node, NodeId, NodeSet, Note, Output, PaxosError, Proposal, Value,
    MAX_CLUSTER,
};
use paxos_playground::sim::{
    validate_log, Action, Logged, Position, Sim, SimConfig, SimError, TraceError, TraceFile, MAX_ACTIONS, MAX_STEPS,
    MAX_TICK,
};
use proptest::prelude::*;

fn extreme_u32() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0), Just(1), Just(u32::MAX - 1), Just(u32::MAX), any::<u32>(), 0u32..4]
}

fn extreme_u64() -> impl Strategy<Value = u64> {
    prop_oneof![Just(0), Just(1), Just(MAX_TICK), Just(MAX_TICK + 1), Just(u64::MAX - 1), Just(u64::MAX), any::<u64>()]
}

fn any_id() -> impl Strategy<Value = NodeId> {
    prop_oneof![Just(NodeId(0)), Just(NodeId(255)), (1u8..=9).prop_map(NodeId), any::<u8>().prop_map(NodeId)]
}

fn ballot() -> impl Strategy<Value = Ballot> {
    (extreme_u32(), any_id()).prop_map(|(num, node)| Ballot::new(num, node))
}

fn proposal() -> impl Strategy<Value = Proposal> {
    (ballot(), "[a-c]").prop_map(|(b, v)| Proposal::new(b, Value::from(v.as_str())))
}

fn message() -> impl Strategy<Value = Message> {
    prop_oneof![
        ballot().prop_map(|ballot| Message::Prepare { ballot }),
        (ballot(), proptest::option::of(proposal())).prop_map(|(ballot, prior)| Message::Promise { ballot, prior }),
        (ballot(), ballot()).prop_map(|(ballot, promised)| Message::Nack { ballot, promised }),
        proposal().prop_map(|proposal| Message::Accept { proposal }),
        proposal().prop_map(|proposal| Message::Accepted { proposal }),
        "[a-c]".prop_map(|v| Message::Decide { value: Value::from(v.as_str()) }),
    ]
}

#[derive(Clone, Debug)]
enum Input {
    Message(NodeId, Message),
    Propose,
    Timeout,
    CrashRestart,
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        6 => (any_id(), message()).prop_map(|(from, msg)| Input::Message(from, msg)),
        1 => Just(Input::Propose),
        2 => Just(Input::Timeout),
        1 => Just(Input::CrashRestart),
    ]
}

fn ballots_sent(out: &[Output]) -> Vec<Ballot> {
    out.iter()
        .filter_map(|o| match o {
            Output::Broadcast(Message::Prepare { ballot }) => Some(*ballot),
            _ => None,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any input sequence, any numbers: no panic; every new ballot is above
    /// every number the node saw (no wrap to 0); when none is left, a typed
    /// error; tallies never count more voters than the cluster has.
    #[test]
    fn a_node_never_panics_or_wraps_on_hostile_numbers(
        size in 1usize..=MAX_CLUSTER,
        flaw in proptest::option::of(0usize..6),
        inputs in prop::collection::vec(input(), 0..40),
    ) {
        let flaws = flaw.map_or(Flaws::NONE, |f| Flaws::only(Flaw::ALL[f]));
        let mut node = Node::new(NodeId(1), size, flaws).unwrap();
        let mut highest_seen = 0u32;
        for input in inputs {
            let mut out = Vec::new();
            match input {
                Input::Message(from, msg) => {
                    let member = from.is_member_of(size);
                    let seen = [msg.ballot().map(|b| b.num), match &msg { Message::Nack { promised, .. } => Some(promised.num), _ => None }];
                    node.on_message(from, msg, &mut out);
                    if member {
                        highest_seen = seen.into_iter().flatten().fold(highest_seen, u32::max);
                    } else {
                        prop_assert!(out.is_empty(), "a message from outside the cluster is ignored");
                    }
                }
                Input::Propose => match node.propose(Value::from("x"), &mut out) {
                    Ok(()) => prop_assert!(highest_seen < u32::MAX),
                    Err(e) => {
                        prop_assert_eq!(e, PaxosError::OutOfBallots { id: NodeId(1) });
                        prop_assert_eq!(highest_seen, u32::MAX);
                        prop_assert!(out.is_empty(), "a refusal changes nothing");
                    }
                },
                Input::Timeout => node.on_timeout(&mut out),
                Input::CrashRestart => {
                    node.crash(&mut out);
                    node.restart(&mut out);
                }
            }
            for ballot in ballots_sent(&out) {
                prop_assert!(ballot.num > highest_seen, "{} after seeing {}: no wrap", ballot, highest_seen);
                highest_seen = highest_seen.max(ballot.num);
            }
            if out.iter().any(|o| matches!(o, Output::Note(Note::GaveUp { why: paxos_playground::paxos::GiveUp::OutOfBallots, .. }))) {
                prop_assert_eq!(highest_seen, u32::MAX);
            }
            let counted = match &node.proposer.phase {
                paxos_playground::paxos::Phase::Preparing { promises, refusals, .. } => promises.voters.len().max(refusals.voters.len()),
                paxos_playground::paxos::Phase::Accepting { accepts, refusals, .. } => accepts.voters.len().max(refusals.voters.len()),
                _ => 0,
            };
            prop_assert!(counted <= size);
        }
    }

    /// Logs with extreme numbers: the validator refuses them with a typed
    /// error, or they replay without a panic and with the clock in range.
    #[test]
    fn hostile_logs_are_refused_or_replay_safely(
        nodes in prop_oneof![Just(0usize), Just(256), 1usize..=6],
        manual in any::<bool>(),
        moments in prop::collection::vec((prop_oneof![3 => 0u64..400, 1 => extreme_u64()], prop_oneof![3 => 0u64..5_000, 1 => extreme_u64()]), 0..8),
        node in any_id(),
        end in (extreme_u64(), extreme_u64()),
    ) {
        let mut config = SimConfig::new(nodes.max(1), 7);
        config.nodes = nodes;
        config.manual = manual;
        let mut moments = moments;
        moments.sort();
        let actions: Vec<Logged> = moments
            .into_iter()
            .enumerate()
            .map(|(k, (step, at))| Logged {
                step,
                at,
                action: match k % 4 {
                    0 => Action::Propose { node, value: "v".into() },
                    1 => Action::Crash { node },
                    2 => Action::Restart { node },
                    _ => Action::SetLoss { p: 1.0 },
                },
            })
            .collect();
        let end = Position { step: end.0.min(MAX_STEPS + 1), at: end.1 };
        match validate_log(&config, &actions, end) {
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                // Replay checks the log the same way (it has no end).
                if validate_log(&config, &actions, Position::default()).is_err() {
                    prop_assert!(Sim::replay(config, &actions, paxos_playground::sim::TraceMode::Off).is_err());
                }
            }
            Ok(()) => {
                prop_assert!((1..=25).contains(&nodes) && (actions.is_empty() || node.is_member_of(nodes)));
                prop_assert!(actions.iter().all(|a| a.step <= MAX_STEPS && a.at <= MAX_TICK));
                // The world may still refuse an action at its moment (a
                // crashed node cannot propose): a typed error too.
                if let Ok(mut sim) = Sim::replay(config, &actions, paxos_playground::sim::TraceMode::Off) {
                    prop_assert!(sim.now() <= MAX_TICK);
                    sim.run_until(u64::MAX);
                    prop_assert!(sim.now() <= MAX_TICK);
                }
            }
        }
    }
}

#[test]
fn cluster_sizes_and_ids_outside_the_range_are_typed_errors() {
    for nodes in [0, MAX_CLUSTER + 1, 255, 256, usize::MAX] {
        assert_eq!(Node::new(NodeId(1), nodes, Flaws::NONE), Err(PaxosError::ClusterSize { nodes }));
    }
    for id in [0, 4, 255] {
        assert_eq!(Node::new(NodeId(id), 3, Flaws::NONE), Err(PaxosError::NotAMember { id: NodeId(id), nodes: 3 }));
    }
    let node = Node::new(NodeId(32), 32, Flaws::NONE).unwrap();
    assert_eq!(node.cluster_size(), 32);
    for nodes in [0, 26, 256] {
        assert_eq!(Sim::new(SimConfig::new(nodes, 1)).err(), Some(SimError::ClusterSize(nodes)));
    }
    assert!(PaxosError::ClusterSize { nodes: 256 }.to_string().contains("1 to 32"));
}

#[test]
fn ids_map_to_positions_without_wrapping() {
    assert_eq!(NodeId::from_index(0), Some(NodeId(1)));
    assert_eq!(NodeId::from_index(254), Some(NodeId(255)));
    assert_eq!(NodeId::from_index(255), None);
    assert_eq!(NodeId::from_index(usize::MAX), None);
    assert_eq!(NodeId::members(300).count(), 255);
    assert_eq!(NodeId::members(3).collect::<Vec<_>>(), [NodeId(1), NodeId(2), NodeId(3)]);
    let mut set = NodeSet::EMPTY;
    assert!(!set.insert(NodeId(0)), "id 0 names no member");
    assert!(!set.insert(NodeId(33)) && !set.insert(NodeId(255)), "no id above 32 aliases a member");
    assert!(set.is_empty());
    assert!(set.insert(NodeId(1)) && set.insert(NodeId(32)) && !set.insert(NodeId(32)));
    assert_eq!(set.len(), 2);
    assert!(set.contains(NodeId(32)) && !set.contains(NodeId(0)) && !set.contains(NodeId(64)));
    set.remove(NodeId(1));
    set.remove(NodeId(200));
    assert_eq!(set.len(), 1);
}

#[test]
fn quorum_arithmetic_never_overflows() {
    for n in [0, 1, 2, 255, 256, usize::MAX] {
        assert!(quorum(n, Flaws::NONE) >= 1);
        assert!(quorum(n, Flaws::only(Flaw::MinorityQuorum)) >= 1);
        assert_eq!(majority(n), n / 2 + 1);
    }
}

#[test]
fn a_u32_max_ballot_leaves_no_ballot_and_says_so() {
    let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
    let mut out = Vec::new();
    node.on_message(NodeId(2), Message::Prepare { ballot: Ballot::new(u32::MAX, NodeId(2)) }, &mut out);
    out.clear();
    // Asked first, the node says so without proposing (the simulator asks
    // before it records a request); a node with ballots left may propose.
    assert_eq!(node.can_propose(), Err(PaxosError::OutOfBallots { id: NodeId(1) }));
    assert_eq!(Node::new(NodeId(2), 3, Flaws::NONE).unwrap().can_propose(), Ok(()));
    assert_eq!(node.propose(Value::from("x"), &mut out), Err(PaxosError::OutOfBallots { id: NodeId(1) }));
    assert!(out.is_empty());
    // A proposer that was backing off stops instead of wrapping to 0.
    let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
    node.propose(Value::from("x"), &mut out).unwrap();
    node.on_timeout(&mut out);
    node.on_message(
        NodeId(2),
        Message::Nack { ballot: Ballot::new(1, NodeId(1)), promised: Ballot::new(u32::MAX, NodeId(2)) },
        &mut out,
    );
    out.clear();
    node.on_timeout(&mut out);
    assert_eq!(
        out,
        vec![
            Output::Note(Note::GaveUp {
                ballot: Ballot::new(1, NodeId(1)),
                why: paxos_playground::paxos::GiveUp::OutOfBallots
            }),
            Output::CancelTimer
        ]
    );
    assert!(!node.proposer.is_busy());
    // One below the top still works, and uses the top.
    let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
    node.on_message(NodeId(2), Message::Prepare { ballot: Ballot::new(u32::MAX - 1, NodeId(2)) }, &mut out);
    out.clear();
    node.propose(Value::from("x"), &mut out).unwrap();
    assert_eq!(out[1], Output::Broadcast(Message::Prepare { ballot: Ballot::new(u32::MAX, NodeId(1)) }));
}

#[test]
fn out_of_ballots_is_explained_in_plain_words() {
    // No simulated message can carry u32::MAX into a node, so the
    // simulator's refusal is checked by its wording; the node-level test
    // above drives the refusal itself.
    assert!(SimError::OutOfBallots(NodeId(1)).to_string().contains("highest ballot number"));
    assert!(PaxosError::OutOfBallots { id: NodeId(1) }.to_string().contains(&u32::MAX.to_string()));
}

#[test]
fn the_clock_stops_at_max_tick() {
    let mut sim = Sim::new(SimConfig::new(3, 1)).unwrap();
    sim.run_until(u64::MAX);
    assert_eq!(sim.now(), MAX_TICK);
    sim.propose(NodeId(1), "x").unwrap();
    sim.run_until(u64::MAX);
    assert_eq!(sim.now(), MAX_TICK, "messages sent at the end of time are never delivered, and nothing wraps");
    assert!(sim.next_event_at().is_none());
    assert!(!sim.step());
    let mut sim = Sim::new(SimConfig::new(3, 1)).unwrap();
    sim.advance_to(Position { step: u64::MAX, at: u64::MAX });
    assert_eq!(sim.position(), Position { step: 0, at: MAX_TICK });
    // Its own log is always valid: every action it logs is within limits.
    let log = sim.actions().to_vec();
    assert!(validate_log(sim.config(), &log, sim.position()).is_ok());
}

fn log(step: u64, at: u64, action: Action) -> Logged {
    Logged { step, at, action }
}

#[test]
fn validate_log_names_the_bad_action_and_why() {
    let config = SimConfig::new(3, 1);
    let propose = |node| Action::Propose { node: NodeId(node), value: "x".into() };
    let end = Position { step: 10, at: 100 };
    let check = |actions: &[Logged], end| validate_log(&config, actions, end).map_err(|e| (e.action, e.error));
    assert_eq!(check(&[log(0, 0, propose(1)), log(3, 50, propose(2))], end), Ok(()));
    assert_eq!(check(&[log(0, u64::MAX, propose(1))], end), Err((1, SimError::TickLimit(u64::MAX))));
    assert_eq!(
        check(&[log(0, 0, propose(1)), log(u64::MAX, 0, propose(1))], end),
        Err((2, SimError::StepLimit(u64::MAX)))
    );
    assert_eq!(check(&[log(5, 9, propose(1)), log(5, 8, propose(1))], end), Err((2, SimError::OutOfOrder)));
    assert_eq!(check(&[log(0, 0, propose(0))], end), Err((1, SimError::NoSuchNode(0))));
    assert_eq!(check(&[log(0, 0, propose(255))], end), Err((1, SimError::NoSuchNode(255))));
    assert_eq!(check(&[log(0, 0, Action::Crash { node: NodeId(4) })], end), Err((1, SimError::NoSuchNode(4))));
    assert!(matches!(
        check(&[log(0, 0, Action::SetLoss { p: f64::NAN })], end),
        Err((1, SimError::Probability { .. }))
    ));
    assert!(matches!(check(&[log(0, 0, Action::SetNodeFailure { node: NodeId(1), p: 2.0 })], end), Err((1, _))));
    assert_eq!(
        check(&[log(0, 0, Action::SetDelay { min: 0, max: u32::MAX })], end),
        Err((1, SimError::Delay { min: 0, max: u32::MAX }))
    );
    assert_eq!(
        check(&[log(0, 0, Action::Cut { from: NodeId(2), to: NodeId(2) })], end),
        Err((1, SimError::SelfLink(NodeId(2))))
    );
    assert_eq!(
        check(&[log(0, 0, Action::Heal { from: NodeId(2), to: NodeId(0) })], end),
        Err((1, SimError::NoSuchNode(0)))
    );
    assert_eq!(
        check(&[log(0, 0, Action::Deliver { id: u64::MAX })], end),
        Err((1, SimError::WrongMode { needs_manual: true }))
    );
    assert_eq!(
        check(&[log(0, 0, Action::Propose { node: NodeId(1), value: " ".into() })], end),
        Err((1, SimError::EmptyValue))
    );
    assert_eq!(check(&[], Position { step: u64::MAX, at: 0 }), Err((0, SimError::StepLimit(u64::MAX))));
    assert_eq!(check(&[], Position { step: 0, at: MAX_TICK + 1 }), Err((0, SimError::TickLimit(MAX_TICK + 1))));
    let many = vec![log(0, 0, Action::HealAll); MAX_ACTIONS + 1];
    assert_eq!(check(&many, end), Err((0, SimError::TooManyActions(MAX_ACTIONS + 1))));
    let mut bad = config.clone();
    bad.nodes = 256;
    assert_eq!(validate_log(&bad, &[], end).map_err(|e| e.error), Err(SimError::ClusterSize(256)));
    let mut manual = config.clone();
    manual.manual = true;
    assert!(validate_log(&manual, &[log(0, 0, Action::FireTimer { node: NodeId(3) })], end).is_ok());
    assert_eq!(
        validate_log(&manual, &[log(0, 0, Action::FireTimer { node: NodeId(9) })], end).map_err(|e| e.to_string()),
        Err("Action 1: There is no node 9 in this cluster.".to_string())
    );
}

/// A real trace file, then the same with one number made hostile.
#[test]
fn trace_files_with_hostile_numbers_are_refused_before_anything_runs() {
    let mut sim = Sim::new(SimConfig::new(3, 4)).unwrap();
    sim.propose(NodeId(1), "x").unwrap();
    sim.run_to_quiet(10_000);
    let good = sim.to_trace_file();
    assert!(TraceFile::from_json(&good.to_json()).is_ok());
    let refused = |change: &dyn Fn(&mut TraceFile)| {
        let mut file = good.clone();
        change(&mut file);
        assert!(Sim::from_trace_file(&file).is_err(), "the simulator refuses it too");
        TraceFile::from_json(&file.to_json()).expect_err("refused")
    };
    assert!(matches!(refused(&|f| f.end.at = u64::MAX), TraceError::BadAction { number: 0, .. }));
    assert!(matches!(refused(&|f| f.end.step = u64::MAX - 1), TraceError::BadAction { number: 0, .. }));
    assert!(matches!(refused(&|f| f.actions[0].at = u64::MAX), TraceError::BadAction { number: 1, .. }));
    assert!(matches!(
        refused(&|f| f.actions[0].action = Action::Crash { node: NodeId(0) }),
        TraceError::BadAction { number: 1, .. }
    ));
    assert!(matches!(refused(&|f| f.config.nodes = 256), TraceError::BadConfig(_)));
    // Events are not replayed, but the page draws them: they must fit too.
    let events = |change: &dyn Fn(&mut TraceFile)| {
        let mut file = good.clone();
        change(&mut file);
        TraceFile::from_json(&file.to_json()).expect_err("refused")
    };
    assert!(matches!(events(&|f| f.events[3].at = u64::MAX), TraceError::BadEvent { number: 4, .. }));
    assert!(matches!(events(&|f| f.events[0].at = f.end.at + 1), TraceError::BadEvent { number: 1, .. }));
    let sent = good.events.iter().position(|e| matches!(e.event, paxos_playground::sim::Event::Sent { .. })).unwrap();
    assert!(matches!(
        events(&|f| if let paxos_playground::sim::Event::Sent { deliver_at, .. } = &mut f.events[sent].event {
            *deliver_at = u64::MAX
        }),
        TraceError::BadEvent { .. }
    ));
    assert!(matches!(
        events(&|f| if let paxos_playground::sim::Event::Sent { to, .. } = &mut f.events[sent].event {
            *to = NodeId(255)
        }),
        TraceError::BadEvent { .. }
    ));
    assert!(TraceError::BadEvent { number: 4, why: "x".into() }.to_string().contains("Event 4"));
}

#[test]
fn a_slowed_node_takes_no_hostile_delay() {
    let config = SimConfig::new(3, 1);
    let end = Position { step: 0, at: 0 };
    let slow = |node, ticks| vec![log(0, 0, Action::SetNodeDelay { node: NodeId(node), ticks })];
    assert!(validate_log(&config, &slow(3, 100_000), end).is_ok());
    assert_eq!(validate_log(&config, &slow(3, 100_001), end).map_err(|e| e.error), Err(SimError::NodeDelay(100_001)));
    assert_eq!(validate_log(&config, &slow(3, u32::MAX), end).map_err(|e| e.error), Err(SimError::NodeDelay(u32::MAX)));
    assert_eq!(validate_log(&config, &slow(0, 1), end).map_err(|e| e.error), Err(SimError::NoSuchNode(0)));
    // The longest delay allowed, at the last tick there is, cannot overflow.
    let mut sim = Sim::new(config).unwrap();
    sim.apply(Action::SetNodeDelay { node: NodeId(1), ticks: 100_000 }).unwrap();
    sim.advance_to(Position { step: 0, at: MAX_TICK });
    sim.propose(NodeId(1), "late").unwrap();
    sim.run_to_quiet(1_000);
    assert!(sim.now() <= MAX_TICK);
}

/// Learning is final: a node told a second, different decision (possible
/// only under a broken rule) keeps what it learned and says so in a note;
/// told the same decision again, it says nothing.
#[test]
fn a_node_told_another_decision_keeps_its_own_and_says_so() {
    use paxos_playground::paxos::Note;
    let mut node = Node::new(NodeId(1), 3, Flaws::NONE).unwrap();
    let mut out = Vec::new();
    node.on_message(NodeId(2), Message::Decide { value: Value::from("a") }, &mut out);
    assert!(out.iter().any(|o| matches!(o, Output::Note(Note::Learned { value }) if value.as_str() == "a")));
    out.clear();
    node.on_message(NodeId(3), Message::Decide { value: Value::from("a") }, &mut out);
    assert!(
        !out.iter().any(|o| matches!(o, Output::Note(Note::Contradicted { .. } | Note::Learned { .. }))),
        "{out:?}"
    );
    node.on_message(NodeId(3), Message::Decide { value: Value::from("b") }, &mut out);
    let told = out.iter().find_map(|o| match o {
        Output::Note(Note::Contradicted { learned, told }) => {
            Some((learned.as_str().to_string(), told.as_str().to_string()))
        }
        _ => None,
    });
    assert_eq!(told, Some(("a".to_string(), "b".to_string())));
    assert_eq!(node.learned.as_ref().map(Value::as_str), Some("a"));
}
