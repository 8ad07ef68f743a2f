//! "Partitions": one button per node that cuts it off from the rest of the
//! cluster, and heals it again. Cutting a node off is an action like a
//! crash, so it is on the timeline and in share links; unlike a crash, the
//! node keeps running and keeps its state, it just cannot be heard.
//!
//! A plain function: it is redrawn with the page, and it is short.

use crate::paxos::NodeId;
use crate::sim::Action;
use crate::sim::Sim;
use crate::ui::model::Msg;
use yew::prelude::*;

/// The panel for the run at the cursor.
pub fn partitions_panel(sim: &Sim, on_action: &Callback<Msg>) -> Html {
    let nodes: Vec<NodeId> = sim.nodes().map(|v| v.node.id).collect();
    // One-way cuts come only from scenarios and links; they still count.
    let any_cut = sim.any_cut();
    // Cut in one direction only: no "Cut off" button makes these, so they
    // are listed, or a scenario's lost messages would have no visible cause.
    let one_way: Vec<String> = if any_cut {
        let pairs = nodes.iter().flat_map(|&a| nodes.iter().map(move |&b| (a, b)));
        pairs.filter(|&(a, b)| sim.is_cut(a, b) && !sim.is_cut(b, a)).map(|(a, b)| format!("{a}→{b}")).collect()
    } else {
        Vec::new()
    };
    html! {
        <section class="panel partitions" role="region" aria-label="Partitions">
            <h2 class="panel__title">{ "Partitions" }</h2>
            <p class="partitions__intro">
                { "Cut a node off and every message to or from it is lost, while it keeps running. A majority on the other side can still decide." }
            </p>
            <div class="partitions__list">
                { for nodes.iter().map(|&id| {
                    // "Heal" while it is cut off from most of the others,
                    // not only from all: after healing a neighbour, a node
                    // still cut off from the rest offered "Cut off" and could
                    // not be healed on its own. (Not from any: cutting one
                    // node off cuts a link of every other.)
                    let cut_from = if any_cut { nodes.iter().filter(|&&o| sim.is_cut(id, o) || sim.is_cut(o, id)).count() } else { 0 };
                    let cut = cut_from * 2 > nodes.len() - 1;
                    let onclick = on_action.reform(move |_: MouseEvent| Msg::Act(if cut { Action::Rejoin { node: id } } else { Action::Isolate { node: id } }));
                    html! {
                        // The name itself says what a press does next, so it
                        // is not also a pressed/unpressed toggle.
                        <button class={classes!("button", "partitions__node", cut.then_some("partitions__node--cut"))}
                            {onclick}>
                            { if cut { format!("Heal node {id}") } else { format!("Cut off node {id}") } }
                        </button>
                    }
                }) }
            </div>
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
