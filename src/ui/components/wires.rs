//! The SVG layer over the stage where messages fly. It sits on top of the
//! cards but lets clicks through to them. A plain function: each message
//! in it is its own keyed component, which renders only when that message
//! appears, is lost, or the clock is re-based.

use super::message_edge::MessageEdge;
use crate::paxos::MessageKind;
use crate::ui::clock::Clock;
use crate::ui::view::EdgeView;
use yew::prelude::*;

/// The message layer, `width` by `height` pixels.
pub fn wires(width: u32, height: u32, edges: Vec<EdgeView>, clock: Clock, still: bool) -> Html {
    let view_box = format!("0 0 {width} {height}");
    html! {
        <svg class="wires" width={width.to_string()} height={height.to_string()} viewBox={view_box}
            aria-hidden="true" focusable="false">
            <defs>
                { for MessageKind::ALL.iter().map(|k| html! {
                    <marker id={format!("arrow-{}", k.name())} class={format!("arrow arrow--{}", k.name())}
                        viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" />
                    </marker>
                }) }
            </defs>
            { for edges.into_iter().map(|edge| {
                let key = edge.id;
                html! { <MessageEdge {key} {edge} {clock} {still} /> }
            }) }
        </svg>
    }
}
