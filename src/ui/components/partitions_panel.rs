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
    let any_cut = nodes.iter().any(|&a| nodes.iter().any(|&b| sim.is_cut(a, b)));
    html! {
        <section class="panel partitions" role="region" aria-label="Partitions">
            <h2 class="panel__title">{ "Partitions" }</h2>
            <p class="partitions__intro">
                { "Cut a node off and every message to or from it is lost, while it keeps running. A majority on the other side can still decide." }
            </p>
            <div class="partitions__list">
                { for nodes.iter().map(|&id| {
                    let cut = sim.is_isolated(id);
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
            if any_cut {
                <button class="button button--ghost partitions__heal" onclick={on_action.reform(|_: MouseEvent| Msg::Act(Action::HealAll))}>
                    { "Heal every link" }
                </button>
            }
        </section>
    }
}
