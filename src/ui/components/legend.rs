//! The key to the arrows: each message kind's colour, marker and meaning.
//!
//! It never changes, so it is a plain function rather than a component:
//! that renders once and saves the page a component's worth of wasm.

use super::message_edge::marker_path;
use crate::paxos::MessageKind;
use yew::prelude::*;

fn meaning(kind: MessageKind) -> (&'static str, &'static str) {
    match kind {
        MessageKind::Prepare => ("Prepare(n)", "1a: may I use ballot n?"),
        MessageKind::Promise => ("Promise(n, {n′, v′})", "1b: yes, plus what I accepted before"),
        MessageKind::Nack => ("Nack(n)", "no: I promised a higher ballot"),
        MessageKind::Accept => ("Accept(n, v)", "2a: please accept v"),
        MessageKind::Accepted => ("Accepted(n, v)", "2b: I accepted v"),
        MessageKind::Decide => ("Decide(v)", "v is chosen; learn it"),
    }
}

/// The legend.
pub fn legend() -> Html {
    html! {
        <section class="panel legend" aria-labelledby="legend-title">
            <h2 id="legend-title" class="panel__title">{ "Messages" }</h2>
            <ul class="legend__list">
                { for MessageKind::ALL.iter().map(|k| {
                    let (name, what) = meaning(*k);
                    html! {
                        <li class={classes!("legend__item", format!("edge--{}", k.name()))}>
                            <svg class="legend__marker" width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
                                <path class="edge__marker" d={marker_path(*k)} />
                            </svg>
                            <span class="legend__name">{ name }</span>
                            <span class="legend__what">{ what }</span>
                        </li>
                    }
                }) }
                <li class="legend__item legend__item--lost">
                    <svg class="legend__marker" width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
                        <line x1="-8" y1="0" x2="8" y2="0" class="legend__dash" />
                    </svg>
                    <span class="legend__name">{ "dashed" }</span>
                    <span class="legend__what">{ "a lost message, fading where it was lost" }</span>
                </li>
                <li class="legend__item">
                    <span class="legend__dup" aria-hidden="true">{ "×2" }</span>
                    <span class="legend__name">{ "doubled" }</span>
                    <span class="legend__what">{ "a copy made by the network" }</span>
                </li>
            </ul>
        </section>
    }
}
