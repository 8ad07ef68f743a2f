//! The message layers over the stage: an SVG of tracks (a faint curve from
//! sender to receiver, dashed once the message is lost) and, above it, the
//! packets that travel along them. Both sit on top of the cards and let
//! clicks through to them.
//!
//! A plain function; each track and each packet is its own keyed
//! component, so an event re-renders only the messages it sent, lost or
//! removed (see [`MessageTrack`] and [`MessagePacket`]).

use super::message_packet::{quiet_labels, repeated_labels, MessagePacket};
use super::message_track::MessageTrack;
use crate::paxos::MessageKind;
use crate::ui::clock::Clock;
use crate::ui::layout::Rect;
use crate::ui::view::EdgeView;
use yew::prelude::*;

/// The message layers, `width` by `height` pixels. Pills show their
/// `labels`, unless a paused moment has one cover another or one of the
/// `cards` in the way (a phone's), or, playing, an earlier pill says the
/// same; on a phone, playing, they show their markers alone.
pub fn wires(
    width: u32,
    height: u32,
    edges: Vec<EdgeView>,
    clock: Clock,
    still: bool,
    labels: bool,
    in_the_way: &[Rect],
) -> Html {
    let view_box = format!("0 0 {width} {height}");
    // By place only while paused: in flight the pills pass each other,
    // and placing labels every frame is the work the browser's animations
    // spare. (So a phone's, flying over its cards, go unlabelled.)
    let quiet = match (labels, clock.playing) {
        (true, false) => quiet_labels(&edges, clock.tick(), still, width, in_the_way),
        (true, true) if !in_the_way.is_empty() => vec![true; edges.len()],
        (true, true) => repeated_labels(&edges),
        (false, _) => vec![false; edges.len()],
    };
    html! {
        <>
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
                // A group of its own, so the growing list of tracks is
                // matched by key, not by position next to the <defs>.
                <g class="wires__tracks">
                    { for edges.iter().map(|edge| html! { <MessageTrack key={edge.id} edge={edge.clone()} /> }) }
                </g>
            </svg>
            <div class="packets" aria-hidden="true">
                { for edges.into_iter().zip(quiet).map(|(edge, quiet)| {
                    let key = edge.id;
                    html! { <MessagePacket {key} {edge} {clock} {still} {width} {quiet} /> }
                }) }
            </div>
        </>
    }
}
