//! Every prepared scenario does what its text promises, natively: the
//! messages it says are lost are lost, the value it says is chosen is
//! chosen, and safety always holds.

use paxos_playground::paxos::{Message, NodeId, Note};
use paxos_playground::sim::scenarios::{Scenario, SCENARIOS};
use paxos_playground::sim::{DropReason, Entry, Event, Position, Sim, Timeline};

/// The scenario's whole run, from its start to its end, with every event.
fn whole(name: &str) -> (Timeline, Vec<Entry>) {
    let scenario = Scenario::named(name).unwrap_or_else(|| panic!("no scenario {name}"));
    let mut run = scenario.run();
    let opened = run.position();
    let end = run.end();
    let actions: Vec<_> = run.actions().cloned().collect();
    let sim = Sim::replay(run.config().clone(), &actions, paxos_playground::sim::TraceMode::Full).unwrap();
    let mut sim = sim;
    sim.advance_to(end);
    assert!(sim.violations().is_empty(), "{name}: {:?}", sim.violations());
    run.seek(opened);
    (run, sim.trace().entries().cloned().collect())
}

/// A script's actions are chosen to be possible: the world takes every one.
#[test]
fn every_scripted_action_is_taken() {
    for scenario in &SCENARIOS {
        let script = scenario.script();
        assert!(script.refused.is_empty(), "{}: refused {:?}", scenario.name, script.refused);
        assert!(script.run.actions().count() > 0, "{}: the script did something", scenario.name);
    }
}

fn notes(events: &[Entry]) -> impl Iterator<Item = (u64, NodeId, &Note)> {
    events.iter().filter_map(|e| match &e.event {
        Event::Node { node, note } => Some((e.at, *node, note)),
        _ => None,
    })
}

fn chosen(events: &[Entry]) -> Vec<(u64, String)> {
    events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Chosen { proposal, .. } => Some((e.at, proposal.value.to_string())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_scenario_has_a_name_a_title_and_a_few_sentences() {
    assert_eq!(SCENARIOS.len(), 8);
    for s in &SCENARIOS {
        assert!(s.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", s.name);
        let sentences = s.text.matches(". ").count() + 1;
        assert!((2..=5).contains(&sentences), "{}: {sentences} sentences", s.name);
        assert!(Scenario::named(s.name).is_some());
    }
}

#[test]
fn happy_path_draws_the_demos_five_pictures_in_order() {
    let (run, events) = whole("happy-path");
    // It opens on the second ballot, its Prepares past halfway: node 1
    // preparing n=2.1, and the Prepare to node 4 on a cut link, so drawn
    // dashed in the first picture, and refused on arrival.
    assert_eq!(run.position().at, 4_200);
    let node1 = &run.head().node(NodeId(1)).unwrap().node.proposer.phase;
    assert!(matches!(node1, paxos_playground::paxos::Phase::Preparing { .. }), "{}", node1.name());
    let prepares: Vec<u8> =
        run.head().flights().filter(|f| matches!(f.msg, Message::Prepare { .. })).map(|f| f.to.0).collect();
    assert_eq!(prepares, [2, 3, 4], "three Prepares on their way");
    assert!(run.head().is_cut(NodeId(1), NodeId(4)) && !run.head().is_cut(NodeId(1), NodeId(3)));
    let ballot = |e: &Entry| match &e.event {
        Event::Sent { msg, .. } | Event::Dropped { msg, .. } | Event::Delivered { msg, .. } => {
            msg.ballot().map(|b| b.num)
        }
        _ => None,
    };
    let second: Vec<&Entry> = events.iter().filter(|e| e.at >= 3_600 && ballot(e) == Some(2)).collect();
    // Before it, red was accepted by node 1 and A1 only: not chosen.
    let first: Vec<NodeId> = notes(&events)
        .filter(|(_, _, note)| matches!(note, Note::Accepted { proposal, .. } if proposal.ballot.num == 1))
        .map(|(_, node, _)| node)
        .collect();
    assert_eq!(first, vec![NodeId(1), NodeId(2)]);
    // 1. Prepare(2.1) to A3 (node 4) is lost.
    assert!(second.iter().any(|e| matches!(&e.event, Event::Dropped { msg: Message::Prepare { .. }, to, reason: DropReason::Partition, .. } if *to == NodeId(4))));
    // 2 and 3. A1 and A2 promise; A1's promise carries its earlier
    // acceptance (1.1, red), A2's carries nothing.
    let promise = |acceptor: u8| {
        notes(&events)
            .find_map(|(at, node, note)| match note {
                Note::Promised { prior, ballot, .. } if at >= 3_600 && node == NodeId(acceptor) && ballot.num == 2 => {
                    Some(prior.clone())
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("node {acceptor} promised n=2.1"))
    };
    assert!(promise(2).is_some_and(|p| p.value.as_str() == "red" && p.ballot.num == 1));
    assert_eq!(promise(3), None);
    // 4. Accept(2.1, red) to A1 (node 2) is lost.
    assert!(second.iter().any(|e| matches!(&e.event, Event::Dropped { msg: Message::Accept { proposal }, to, .. } if *to == NodeId(2) && proposal.value.as_str() == "red")));
    // 5. A2 and A3 answer Accepted.
    for acceptor in [3, 4] {
        assert!(notes(&events).any(|(at, node, note)| at >= 3_600
            && node == NodeId(acceptor)
            && matches!(note, Note::Accepted { proposal, .. } if proposal.ballot.num == 2)));
    }
    // Node 1 wanted green, but red was accepted before, so red it is,
    // chosen once, by the second ballot.
    assert!(notes(&events).any(|(_, node, note)| node == NodeId(1)
        && matches!(note, Note::Proposing { proposal, own, .. } if proposal.value.as_str() == "red" && own.as_str() == "green")));
    let chosen = chosen(&events);
    assert_eq!(chosen.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["red"]);
    assert!(chosen[0].0 > 3_600, "chosen by the second ballot, at {}", chosen[0].0);
}

#[test]
fn lost_messages_retry_with_higher_ballots_until_chosen() {
    let (_, events) = whole("lost-messages");
    assert!(events.iter().any(|e| matches!(e.event, Event::Dropped { reason: DropReason::NodeFailure { .. }, .. })));
    assert!(notes(&events).any(|(_, _, n)| matches!(n, Note::GaveUp { .. })), "a ballot is given up");
    assert!(
        notes(&events).any(|(_, _, n)| matches!(n, Note::Preparing { ballot } if ballot.num >= 2)),
        "and retried higher"
    );
    assert_eq!(chosen(&events).first().map(|c| c.1.as_str()), Some("olive"));
    // The text says some nodes never hear of it.
    let learned: std::collections::BTreeSet<_> = notes(&events)
        .filter(|(_, _, n)| matches!(n, Note::Learned { .. } | Note::Decided { .. }))
        .map(|(_, node, _)| node)
        .collect();
    assert!(learned.len() < 5, "{} of 5 nodes learned", learned.len());
}

#[test]
fn dueling_proposers_preempt_each_other_before_one_wins() {
    let (_, events) = whole("dueling-proposers");
    // A ballot refused by most acceptors was preempted by the other side.
    let mut refusals = std::collections::BTreeMap::new();
    for (_, _, note) in notes(&events) {
        if let Note::Refused { ballot, .. } = note {
            *refusals.entry(*ballot).or_insert(0) += 1;
        }
    }
    let preempted = refusals.values().filter(|n| **n >= 3).count();
    assert!(preempted >= 3, "a visible livelock: {refusals:?}");
    for node in [1, 5] {
        let ballots =
            notes(&events).filter(|(_, n, note)| *n == NodeId(node) && matches!(note, Note::Preparing { .. })).count();
        assert!(ballots >= 2, "node {node} tried {ballots} ballots");
    }
    // As the text says: node 5 adopts node 1's "left", so "right" is never
    // sent in an Accept and the duel is over ballots only.
    assert!(notes(&events).any(|(_, node, note)| node == NodeId(5)
        && matches!(note, Note::Proposing { proposal, own, .. } if proposal.value.as_str() == "left" && own.as_str() == "right")));
    assert!(!notes(&events)
        .any(|(_, _, note)| matches!(note, Note::Proposing { proposal, .. } if proposal.value.as_str() == "right")));
    let chosen = chosen(&events);
    assert_eq!(chosen.len(), 1, "and then one value wins");
    assert!(chosen[0].0 > 5_700, "only after the duel: chosen at {}", chosen[0].0);
    // As the text says: the clicks' last ballot, n=4.5, is the one that
    // completes, and every ballot of the duel before it was a click.
    let ballot = events.iter().find_map(|e| match &e.event {
        Event::Chosen { proposal, .. } => Some(proposal.ballot.to_string()),
        _ => None,
    });
    assert_eq!(ballot.as_deref(), Some("4.5"));
    let clicks = events.iter().filter(|e| e.at < chosen[0].0 && matches!(e.event, Event::Proposed { .. })).count();
    let ballots = notes(&events).filter(|(at, _, n)| *at < chosen[0].0 && matches!(n, Note::Preparing { .. })).count();
    assert_eq!((clicks, ballots), (4, 4), "each ballot before the choice was a click");
    // As the moments say: at 3.0, 4.9 and 6.8 s the acceptors refuse the
    // Accepts of n=1.1, 2.5 and 3.1, pre-empted by the other's Prepare;
    // at 8.7 s left is chosen, and at 10.7 s every node has learned it.
    let scenario = Scenario::named("dueling-proposers").unwrap();
    for (at, num) in [(3_000, 1), (4_900, 2), (6_800, 3)] {
        assert!(scenario.beats.iter().any(|b| b.at == at));
        let refused = notes(&events)
            .filter(|(t, _, n)| *t == at && matches!(n, Note::Refused { ballot, .. } if ballot.num == num))
            .count();
        assert!(refused >= 3, "at {at}, {refused} refusals of ballot {num}");
    }
    assert_eq!(chosen[0].0, 8_700);
    let learned = notes(&events).filter(|(t, _, n)| *t <= 10_700 && matches!(n, Note::Learned { .. })).count();
    assert_eq!(learned, 5, "all five learned by the last moment");
    assert_eq!(scenario.beats.last().map(|b| b.at), Some(10_700));
}

#[test]
fn value_recovery_makes_node_5_propose_apple() {
    let (_, events) = whole("value-recovery");
    assert!(notes(&events).any(|(_, node, note)| node == NodeId(5)
        && matches!(note, Note::Proposing { proposal, own, prior: Some(p), .. }
            if proposal.value.as_str() == "apple" && own.as_str() == "pear" && p.ballot.num == 1)));
    // Before node 5, apple was accepted by nodes 1 and 2 only: not chosen.
    let accepted_early = notes(&events)
        .filter(|(_, _, note)| matches!(note, Note::Accepted { proposal, .. } if proposal.ballot.num == 1))
        .count();
    assert_eq!(accepted_early, 2, "node 1 itself and node 2");
    let chosen = chosen(&events);
    assert_eq!(chosen.iter().map(|c| c.1.as_str()).collect::<Vec<_>>(), vec!["apple"]);
    assert!(chosen[0].0 > 4_000, "chosen by node 5's ballot, at {}", chosen[0].0);
}

#[test]
fn a_minority_crash_still_decides() {
    let (mut run, events) = whole("minority-crash");
    assert_eq!(chosen(&events).len(), 1);
    run.go_live();
    let learned: Vec<bool> = run.head().nodes().map(|v| v.node.learned.is_some()).collect();
    assert_eq!(learned, vec![true, true, true, false, false]);
}

#[test]
fn a_majority_crash_decides_only_after_restarts() {
    let (_, events) = whole("majority-crash");
    let gave_up_early = notes(&events).filter(|(at, _, n)| *at < 15_000 && matches!(n, Note::GaveUp { .. })).count();
    assert!(gave_up_early >= 2, "retrying without a majority: {gave_up_early}");
    let chosen = chosen(&events);
    assert_eq!(chosen.len(), 1);
    assert!(chosen[0].0 > 15_000, "chosen only after the restarts, at {}", chosen[0].0);
}

#[test]
fn a_partition_decides_only_after_healing() {
    let (mut run, events) = whole("partition-and-heal");
    let chosen = chosen(&events);
    assert_eq!(chosen.len(), 1);
    assert!(chosen[0].0 > 12_000, "the small side cannot decide: chosen at {}", chosen[0].0);
    run.go_live();
    assert!(run.head().nodes().all(|v| v.node.learned.as_ref().map(|l| l.as_str()) == Some("island")));
}

#[test]
fn several_rounds_keep_a_history() {
    let (mut run, _) = whole("several-rounds");
    run.go_live();
    let history: Vec<String> =
        run.head().history().iter().map(|r| r.chosen.as_ref().map_or(String::new(), |p| p.value.to_string())).collect();
    assert_eq!(history, vec!["first", "second"]);
    assert_eq!(run.head().chosen().map(|p| p.value.to_string()).as_deref(), Some("third"));
}

#[test]
fn every_scenario_opens_paused_at_its_start_and_replays_the_same() {
    for s in &SCENARIOS {
        let (a, b) = (s.run(), s.run());
        assert!(a.head().state() == b.head().state(), "{}: deterministic", s.name);
        assert!(a.position() <= a.end(), "{}", s.name);
        assert!(a.end() > Position::default(), "{}: something happens", s.name);
    }
}

#[test]
fn every_scenario_ends_soon_after_its_last_event() {
    use paxos_playground::sim::timeline::IDLE_GAP;
    for scenario in &SCENARIOS {
        let (mut run, events) = whole(scenario.name);
        let last = events.last().map_or(0, |e| e.at);
        let end = run.end().at;
        run.seek(run.end());
        // Either something is still to come (a timer past the script's
        // limit), or Play has at most a moment of nothing at the end.
        assert!(
            run.next_due().is_some() || end <= last + IDLE_GAP,
            "{}: ends at {end}, its last event at {last}",
            scenario.name
        );
        assert!(end >= last, "{}: the end is after every event", scenario.name);
    }
}

#[test]
fn a_scenario_knows_its_own_run_at_any_moment_and_not_a_changed_one() {
    use paxos_playground::sim::Action;
    let scenario = Scenario::named("value-recovery").unwrap();
    let mut run = scenario.run();
    assert!(scenario.is(&run));
    run.seek(run.end());
    assert!(scenario.is(&run), "the moment does not matter");
    assert!(!Scenario::named("happy-path").unwrap().is(&run), "another scenario's text does not tell it");
    run.seek(Position::default());
    run.act(Action::Crash { node: NodeId(3) }).unwrap();
    assert!(!scenario.is(&run), "a changed run is not the scenario");
}

/// A scenario's guided walk: its beats go forward in time, within the run,
/// and each starts at an event, so moving the timeline to one shows what it
/// tells. The stories of the tick-exact scenarios are checked beat by beat.
#[test]
fn every_beat_starts_at_an_event_of_its_run() {
    for scenario in SCENARIOS.iter().filter(|s| !s.beats.is_empty()) {
        let (run, events) = whole(scenario.name);
        assert!(scenario.beats.windows(2).all(|w| w[0].at < w[1].at), "{}: beats in order", scenario.name);
        for (k, beat) in scenario.beats.iter().enumerate() {
            assert!(beat.at <= run.end().at, "{}: beat at {} is within the run", scenario.name, beat.at);
            // Shown within its own moment, or the walk's buttons would
            // land on another moment's words.
            let next = scenario.beats.get(k + 1).map_or(u64::MAX, |b| b.at);
            assert!(
                (beat.at..next).contains(&beat.shown()),
                "{}: beat at {} shown at {}",
                scenario.name,
                beat.at,
                beat.shown()
            );
            assert!(events.iter().any(|e| e.at == beat.at), "{}: an event at {}", scenario.name, beat.at);
        }
        let mut opened = run.clone();
        let (now, due) = (opened.position().at, opened.next_due());
        assert!(
            scenario.beat_at(now, due != Some(now)).is_some(),
            "{}: a beat tells the moment it opens at",
            scenario.name
        );
    }
    let at = |name: &str, tick: u64| {
        let (_, events) = whole(name);
        events.into_iter().filter(|e| e.at == tick).map(|e| e.event).collect::<Vec<_>>()
    };
    let has = |events: &[Event], f: &dyn Fn(&Event) -> bool| events.iter().any(f);
    // The happy path: each phase at its beat.
    let beats = |name: &str| Scenario::named(name).unwrap().beats.iter().map(|b| b.at).collect::<Vec<_>>();
    let happy = beats("happy-path");
    // Its first moment says red is accepted by nodes 1 and 2 only: by
    // then, it is (a first version said so at 0 s, before anything was).
    let (_, events) = whole("happy-path");
    let red_by = |node: u8| {
        events.iter().any(|e| {
            e.at <= happy[0]
                && matches!(&e.event, Event::Node { node: NodeId(n), note: Note::Accepted { proposal, .. } } if *n == node && proposal.value.as_str() == "red")
        })
    };
    assert!(red_by(1) && red_by(2) && !red_by(3) && !red_by(4), "red accepted by nodes 1 and 2 only at {}", happy[0]);
    assert!(has(
        &at("happy-path", happy[1]),
        &|e| matches!(e, Event::Node { note: Note::Preparing { ballot }, .. } if ballot.num == 2)
    ));
    assert!(has(&at("happy-path", happy[2]), &|e| matches!(
        e,
        Event::Node { node: NodeId(2), note: Note::Promised { prior: Some(_), .. } }
    )));
    assert!(has(
        &at("happy-path", happy[3]),
        &|e| matches!(e, Event::Node { note: Note::Proposing { proposal, own, .. }, .. } if proposal.value.as_str() == "red" && own.as_str() == "green")
    ));
    assert!(has(
        &at("happy-path", happy[4]),
        &|e| matches!(e, Event::Chosen { proposal, .. } if proposal.value.as_str() == "red")
    ));
    assert!(has(&at("happy-path", happy[5]), &|e| matches!(e, Event::Node { note: Note::Decided { .. }, .. })));
    // Value recovery: the promise that reports apple, then apple adopted.
    let recovery = beats("value-recovery");
    assert!(has(
        &at("value-recovery", recovery[3]),
        &|e| matches!(e, Event::Node { node: NodeId(2), note: Note::Promised { prior: Some(p), .. } } if p.value.as_str() == "apple")
    ));
    assert!(has(
        &at("value-recovery", recovery[4]),
        &|e| matches!(e, Event::Node { note: Note::Proposing { proposal, own, .. }, .. } if proposal.value.as_str() == "apple" && own.as_str() == "pear")
    ));
    // The last beat of every walk but the happy path's (which ends on the
    // Decide) is its value being chosen.
    for name in ["value-recovery", "majority-crash", "partition-and-heal", "several-rounds"] {
        let last = *beats(name).last().unwrap();
        assert!(has(&at(name, last), &|e| matches!(e, Event::Chosen { .. })), "{name}: chosen at its last beat");
    }
}

/// The walk's Previous and Next, and a clicker's Page Up and Down, go from
/// moment to moment; past the last there is no next, before the first no
/// previous.
#[test]
fn moments_have_neighbours_in_order() {
    let s = Scenario::named("value-recovery").unwrap();
    let last = s.beats.len() - 1;
    assert_eq!(s.neighbours(0, true), (None, Some(1)), "at the first moment");
    assert_eq!(s.neighbours(s.beats[2].at + 1, true), (Some(1), Some(3)), "just after the third");
    assert_eq!(s.neighbours(s.beats[2].at, false), (Some(0), Some(2)), "in the third's tick, before its end");
    assert_eq!(s.neighbours(u64::MAX, true), (Some(last - 1), None), "after the last");
    let later = Scenario::named("happy-path").unwrap();
    assert_eq!(later.neighbours(0, true), (None, Some(0)), "before the first moment, the next is the first");
}

/// A moment's text tells its tick as a whole, and Step stops between the
/// events of one tick: stepped through, a moment shows only once its tick
/// is over, so "node 1 sends Accept(apple)" never stands beside node 1
/// still gathering promises, nor "node 1 sends Decide" beside "2 of 3
/// acceptances heard".
#[test]
fn a_moment_is_told_once_its_tick_is_over() {
    use paxos_playground::paxos::Phase;
    /// A scenario, the start of one of its moments, and what node 1's
    /// proposer must be doing when that moment is shown at its tick.
    type Case = (&'static str, &'static str, fn(&Phase) -> bool);
    let cases: [Case; 2] = [
        ("value-recovery", "Node 1 sends Accept(apple)", |p| matches!(p, Phase::Accepting { .. })),
        ("happy-path", "Decide. Node 1 counts a majority", |p| matches!(p, Phase::Decided { .. })),
    ];
    for (name, says, holds) in cases {
        let scenario = Scenario::named(name).unwrap();
        let beat = scenario.beats.iter().position(|b| b.text.starts_with(says)).expect("the moment");
        let mut run = scenario.run();
        run.seek(Position::default());
        let mut seen = 0;
        loop {
            let now = run.head().now();
            let settled = run.next_due() != Some(now);
            if scenario.beat_at(now, settled) == Some(beat) && now == scenario.beats[beat].at {
                let phase = &run.head().node(NodeId(1)).unwrap().node.proposer.phase;
                assert!(holds(phase), "{name}: “{says}” shown at {now} with node 1 {}", phase.name());
                seen += 1;
            }
            if !run.step() {
                break;
            }
        }
        assert!(seen > 0, "{name}: stepped onto the moment");
    }
}

/// A scenario gone on with the reader's own actions from its end is still
/// told by its story (the page keeps it there, so a link or a kept copy of
/// that run gets it back); one the reader acted in before its end is not.
#[test]
fn a_scenario_gone_on_from_its_end_is_still_told_by_its_story() {
    use paxos_playground::sim::Action;
    let scenario = Scenario::named("minority-crash").unwrap();
    let mut run = scenario.run();
    assert!(scenario.is(&run) && scenario.tells(&run));
    run.seek(run.end());
    run.act(Action::Propose { node: NodeId(2), value: "mine".into() }).unwrap();
    assert!(!scenario.is(&run), "not the scenario's own run any more");
    assert!(scenario.tells(&run), "but its story still tells it");
    assert_eq!(Scenario::of(&run).map(|s| s.name), Some("minority-crash"));
    let mut early = scenario.run();
    early.seek(Default::default());
    early.act(Action::Propose { node: NodeId(2), value: "early".into() }).unwrap();
    assert!(!scenario.tells(&early), "acted in before its end, the story is forked away");
    assert!(Scenario::of(&early).is_none());
}
