//! "Partitions": one toggle per node that puts it across a cut from the
//! rest, and a button that heals every link. The nodes pressed form one
//! side of a partition and the others the second side; each press splits
//! the cluster anew ([`Action::Split`]), so a side of two, such as nodes 4
//! and 5 away from 1, 2 and 3, is two presses. Splitting is an action like
//! a crash, so it is on the timeline and in share links; unlike a crash,
//! every node keeps running and keeps its state, it just cannot be heard
//! across the cut.
//!
//! A plain function: it is redrawn with the page, and it is short.

use crate::paxos::{NodeId, NodeSet};
use crate::sim::narrate::nodes_in_words;
use crate::sim::{Action, Sim};
use crate::ui::model::Msg;
use crate::ui::view::across;
use yew::prelude::*;

/// The panel for the run at the cursor.
pub fn partitions_panel(sim: &Sim, on_action: &Callback<Msg>) -> Html {
    let nodes: Vec<NodeId> = sim.nodes().map(|v| v.node.id).collect();
    let any_cut = sim.any_cut();
    let side = if any_cut { across(sim) } else { None };
    // Cut in one direction only: no press makes these, so they are
    // listed, or a scenario's lost messages would have no visible cause.
    let one_way: Vec<String> = if any_cut {
        let pairs = nodes.iter().flat_map(|&a| nodes.iter().map(move |&b| (a, b)));
        pairs.filter(|&(a, b)| sim.is_cut(a, b) && !sim.is_cut(b, a)).map(|(a, b)| format!("{a}→{b}")).collect()
    } else {
        Vec::new()
    };
    let pressed = side.unwrap_or(NodeSet::EMPTY);
    let need = crate::paxos::quorum(nodes.len(), sim.flaws());
    let rest: Vec<NodeId> = nodes.iter().copied().filter(|&k| !pressed.contains(k)).collect();
    let said = match side {
        Some(side) => format!(
            "Split: {} on one side, {} on the other. Press a node to move it across.",
            nodes_in_words(side.members()),
            nodes_in_words(rest.iter().copied())
        ),
        // Cut by a scenario, a link, or a node cut off on its own before:
        // the cards say whom each node lost.
        None if any_cut => "Links are cut unevenly: each card says whom it is cut off from. Pressing a node splits the cluster cleanly instead.".to_string(),
        None => "No link is cut.".to_string(),
    };
    html! {
        <section class="panel partitions" role="region" aria-label="Partitions">
            <h2 class="panel__title">{ "Partitions" }</h2>
            <p class="partitions__intro">
                { "Press nodes to put them across a cut from the rest. Every message across it is lost, while both sides keep running; a side with a majority can still decide." }
            </p>
            <div class="partitions__list" role="group" aria-label="Nodes across the cut">
                { for nodes.iter().map(|&id| {
                    let on = pressed.contains(id);
                    let mut next = pressed;
                    if on { next.remove(id) } else { next.insert(id); }
                    // Every node across would be no cut at all: the last
                    // one left is marked, not `disabled`, so that a
                    // keyboard user on it keeps the focus.
                    let whole = next.len() == nodes.len();
                    let onclick = (!whole).then(|| {
                        let action = if next.is_empty() { Action::HealAll } else { Action::Split { side: next } };
                        on_action.reform(move |_: MouseEvent| Msg::Act(action.clone()))
                    });
                    html! {
                        <button class={classes!("button", "partitions__node", on.then_some("partitions__node--cut"))}
                            aria-label={format!("Node {id} across the cut")}
                            aria-pressed={if on { "true" } else { "false" }}
                            aria-disabled={whole.then_some("true")}
                            title={whole.then_some("One node at least stays on this side of the cut")}
                            {onclick}>
                            { format!("Node {id}") }
                        </button>
                    }
                }) }
            </div>
            <p class="partitions__said" data-testid="partition-sides">{ said }</p>
            // The lesson of the broken quorum rule is split brain: the
            // panel's "a side with a majority" no longer says who decides.
            if need < crate::paxos::majority(nodes.len()) {
                <p class="partitions__said partitions__broken" data-testid="partition-broken">
                    { format!("With “Use half the nodes as a quorum” on, a side of {need} decides too: both sides of a cut may choose, and choose different values.") }
                </p>
            }
            if !one_way.is_empty() {
                <p class="partitions__one-way" data-testid="one-way-cuts">
                    { format!("Cut one way only: {}. Messages along {} are lost; the other way still works.", one_way.join(", "), if one_way.len() == 1 { "it" } else { "them" }) }
                </p>
            }
            if any_cut {
                <button class="button partitions__heal" onclick={on_action.reform(|_: MouseEvent| Msg::Act(Action::HealAll))}>
                    { "Heal every link" }
                </button>
            }
        </section>
    }
}
