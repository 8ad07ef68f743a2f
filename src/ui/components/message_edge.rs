//! One message as an arrow: a faint track from sender to receiver and a
//! labelled packet that moves along it. Each kind has its own colour and
//! its own marker shape, so the kinds stay apart without colour. A lost
//! message's track turns dashed and the packet fades where it was lost.
//!
//! A keyed plain function rather than a component: every message moves
//! every frame, so a component's change detection would only add cost.

use crate::paxos::MessageKind;
use crate::ui::view::{EdgeState, EdgeView};
use yew::prelude::*;

/// Whole pixels: SVG needs no more, and integer formatting keeps the wasm small.
pub fn px(v: f64) -> String {
    (v.round() as i64).to_string()
}

/// A value from 0 to 1 with two decimals, without float formatting.
pub fn frac(v: f64) -> String {
    let hundredths = (v.clamp(0.0, 1.0) * 100.0).round() as u32;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The SVG path of a kind's marker, centred on 0,0.
pub fn marker_path(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Prepare => "M-5,-5 L6,0 L-5,5 Z",
        MessageKind::Promise => "M-5,0 A5,5 0 1,0 5,0 A5,5 0 1,0 -5,0 Z",
        MessageKind::Accept => "M0,-6 L6,0 L0,6 L-6,0 Z",
        MessageKind::Accepted => "M-5,-5 H5 V5 H-5 Z",
        MessageKind::Decide => {
            "M0,-6 L1.8,-1.9 L6,-1.9 L2.6,0.8 L3.8,5.2 L0,2.6 L-3.8,5.2 L-2.6,0.8 L-6,-1.9 L-1.8,-1.9 Z"
        }
        MessageKind::Nack => "M-5,-3 L-3,-5 L0,-2 L3,-5 L5,-3 L2,0 L5,3 L3,5 L0,2 L-3,5 L-5,3 L-2,0 Z",
    }
}

/// A message arrow, keyed by the message id.
pub fn message_edge(e: &EdgeView) -> Html {
    let kind = e.kind.name();
    let (lost, opacity) = match e.state {
        EdgeState::Flying => (false, 1.0),
        EdgeState::Lost { fade } => (true, 1.0 - fade),
    };
    let class = classes!(
        "edge",
        format!("edge--{kind}"),
        lost.then_some("edge--lost"),
        e.duplicate.then_some("edge--duplicate"),
    );
    // Roughly 6.75 px per character of the 11 px monospace label.
    let width = 30.0 + 6.75 * e.label.chars().count() as f64 + if e.duplicate { 18.0 } else { 0.0 };
    let (x, y) = e.at;
    let r = &e.route;
    let track = format!(
        "M{},{} Q{},{} {},{}",
        px(r.start.0),
        px(r.start.1),
        px(r.control.0),
        px(r.control.1),
        px(r.end.0),
        px(r.end.1)
    );
    html! {
        <g key={e.id} class={class} opacity={frac(opacity)} data-id={e.id.to_string()}>
            <path class="edge__track" d={track}
                marker-end={format!("url(#arrow-{kind})")} />
            <g class="edge__packet" transform={format!("translate({},{})", px(x), px(y))}>
                if e.duplicate {
                    <rect class="edge__shadow" x={px(-width / 2.0 + 4.0)} y="-7" width={px(width)} height="20" rx="10" />
                }
                <rect class="edge__pill" x={px(-width / 2.0)} y="-11" width={px(width)} height="22" rx="11" />
                <path class="edge__marker" d={marker_path(e.kind)} transform={format!("translate({},0)", px(-width / 2.0 + 12.0))} />
                <text class="edge__label" x={px(-width / 2.0 + 21.0)} y="4">
                    { &e.label }
                    if e.duplicate { <tspan class="edge__dup">{ " ×2" }</tspan> }
                </text>
            </g>
        </g>
    }
}
