//! One node's history, shown when its card's name is pressed: what it
//! started, promised, accepted and learned, and when it crashed or came
//! back. Each entry moves the timeline to its moment.

use crate::paxos::NodeId;
use crate::ui::hooks::focus;
use crate::ui::model::{seconds, Msg};
use crate::ui::view::HistoryEntry;
use yew::prelude::*;

/// The panel for `node`'s `entries`, up to the tick `now`.
pub fn node_history(node: NodeId, entries: &[HistoryEntry], now: u64, on_action: &Callback<Msg>) -> Html {
    let close = {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Msg::Select(node));
            // The ✕ is about to go: the focus goes back to the card's name
            // that opened the panel. Only here: other things that close
            // it (a demo, the challenge) put the focus where they need it.
            focus(&format!("[aria-label='Node {node}'] .node-card__select"));
        })
    };
    html! {
        <section class="panel node-history" aria-labelledby="history-title" data-testid="node-history">
            <header class="node-history__head">
                <h2 id="history-title" class="panel__title" tabindex="-1">{ format!("Node {node}'s history") }</h2>
                <button class="button button--ghost" aria-label="Close the history" onclick={close}>{ "✕" }</button>
            </header>
            // The list is the node's past at the cursor: going back to an
            // entry hides the later ones until the run plays on.
            <p class="node-history__now">{ format!("Up to {}, the moment shown.", seconds(now)) }</p>
            if entries.is_empty() {
                <p class="log__empty">{ "Nothing yet." }</p>
            } else {
                <ol class="node-history__list">
                    { for entries.iter().map(|e| {
                        let (index, at) = (e.index, e.at);
                        let jump = on_action.reform(move |_: MouseEvent| Msg::SeekEvent { index, at });
                        // Keyed by event: going back to an entry drops
                        // the later ones, and Yew, matching unkeyed items
                        // from the end, put the pressed entry's button
                        // away with them, and the focus with it.
                        html! {
                            <li key={index} class={classes!(e.round.then_some("node-history__round"))}>
                                <button class="node-history__entry" onclick={jump}>
                                    <span class="log__time">{ seconds(e.at) }</span>
                                    <span>{ &e.text }</span>
                                </button>
                            </li>
                        }
                    }) }
                </ol>
            }
        </section>
    }
}
