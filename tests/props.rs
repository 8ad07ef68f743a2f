//! Property tests: random action sequences — valid and invalid — thrown at
//! the simulator. Nothing panics, refused actions change nothing, and
//! correct Paxos never breaks a safety property.

#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::paxos::{Flaw, NodeId, NodeSet};
use paxos_playground::sim::{fingerprint, Action, Sim, SimConfig, TraceMode};
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Op {
    Act(Action),
    Advance(u64),
    Step,
}

fn node() -> impl Strategy<Value = NodeId> {
    // Mostly real nodes, sometimes ids that do not exist.
    prop_oneof![8 => (1u8..=5).prop_map(NodeId), 1 => any::<u8>().prop_map(NodeId)]
}

fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![6 => 0.0f64..=1.0, 1 => -2.0f64..3.0, 1 => Just(f64::NAN), 1 => Just(f64::INFINITY)]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{1,8}",
        1 => Just(String::new()),
        1 => ".{0,80}",
        1 => Just("<img src=x onerror=alert(1)>".to_string()),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        4 => (node(), value()).prop_map(|(node, value)| Action::Propose { node, value }),
        1 => node().prop_map(|node| Action::Crash { node }),
        1 => node().prop_map(|node| Action::Restart { node }),
        1 => probability().prop_map(|p| Action::SetLoss { p }),
        1 => probability().prop_map(|p| Action::SetDuplication { p }),
        1 => (node(), probability()).prop_map(|(node, p)| Action::SetNodeFailure { node, p }),
        1 => (0u32..3000, 0u32..3000).prop_map(|(min, max)| Action::SetDelay { min, max }),
        1 => (node(), node()).prop_map(|(from, to)| Action::Cut { from, to }),
        1 => (node(), node()).prop_map(|(from, to)| Action::Heal { from, to }),
        1 => Just(Action::HealAll),
        1 => node().prop_map(|node| Action::Isolate { node }),
        1 => node().prop_map(|node| Action::Rejoin { node }),
        1 => proptest::collection::vec(node(), 0..4).prop_map(|nodes| {
            let mut side = NodeSet::EMPTY;
            nodes.into_iter().for_each(|n| {
                side.insert(n);
            });
            Action::Split { side }
        }),
        1 => (node(), 0u32..200_000).prop_map(|(node, ticks)| Action::SetNodeDelay { node, ticks }),
        1 => Just(Action::NewRound),
        1 => (0u64..200).prop_map(|id| Action::Deliver { id }),
        1 => (0u64..200).prop_map(|id| Action::DeliverCopy { id }),
        1 => (0u64..200).prop_map(|id| Action::Drop { id }),
        1 => node().prop_map(|node| Action::FireTimer { node }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => action().prop_map(Op::Act),
        3 => (0u64..5_000).prop_map(Op::Advance),
        2 => Just(Op::Step),
    ]
}

fn drive(sim: &mut Sim, ops: &[Op]) -> Result<(), TestCaseError> {
    for op in ops {
        match op {
            Op::Act(action) => {
                let logged = sim.actions().len();
                let events = sim.trace().next_index();
                let before = sim.state().clone();
                if sim.apply(action.clone()).is_err() {
                    prop_assert_eq!(sim.actions().len(), logged, "a refused action is not logged");
                    prop_assert_eq!(sim.trace().next_index(), events, "a refused action leaves no event");
                    prop_assert!(sim.state() == &before, "a refused action changes nothing in the world");
                }
            }
            Op::Advance(ticks) => sim.run_until(sim.now() + ticks),
            Op::Step => {
                sim.step();
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_actions_never_panic_or_break_safety(seed: u64, manual: bool, ops in prop::collection::vec(op(), 0..60)) {
        let mut config = SimConfig::new(5, seed);
        config.manual = manual;
        let mut sim = Sim::new(config).unwrap();
        drive(&mut sim, &ops)?;
        if !manual {
            sim.run_until(sim.now() + 200_000);
        }
        prop_assert!(sim.violations().is_empty(), "{:?}", sim.violations());
        // Every node that learned something learned the chosen value.
        let chosen = sim.chosen().map(|p| p.value.clone());
        for view in sim.nodes() {
            if let Some(learned) = &view.node.learned {
                prop_assert_eq!(Some(learned), chosen.as_ref());
            }
        }
    }

    #[test]
    fn random_runs_replay_from_their_action_log(seed: u64, ops in prop::collection::vec(op(), 0..40)) {
        let mut sim = Sim::new(SimConfig::new(5, seed)).unwrap();
        drive(&mut sim, &ops)?;
        let mut again = Sim::replay(sim.config().clone(), sim.actions(), TraceMode::Full).unwrap();
        again.advance_to(sim.position());
        let a: Vec<_> = sim.trace().entries().cloned().collect();
        let b: Vec<_> = again.trace().entries().cloned().collect();
        prop_assert_eq!(fingerprint(&a), fingerprint(&b));
    }

    #[test]
    fn flawed_runs_never_panic(seed: u64, flaw in prop::sample::select(Flaw::ALL.to_vec()), ops in prop::collection::vec(op(), 0..60)) {
        let mut config = SimConfig::new(5, seed);
        config.flaws.set(flaw, true);
        let mut sim = Sim::new(config).unwrap();
        drive(&mut sim, &ops)?;
        sim.run_until(sim.now() + 50_000);
    }
}
