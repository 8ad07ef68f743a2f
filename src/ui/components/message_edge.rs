//! One message as an arrow: a faint track from sender to receiver and a
//! labelled packet that moves along it. Each kind has its own colour and
//! its own marker shape, so the kinds stay apart without colour. A lost
//! message's track turns dashed and the packet fades where it was lost.
//!
//! A message's whole flight is known when it is sent, so the component
//! hands the motion to the browser once, as a Web Animation along the
//! track, and pins that animation to the page's [`Clock`]. It renders when
//! the message appears, when it is lost, and when the clock is re-based
//! (play, pause, speed, seek); never once per frame.

use crate::paxos::MessageKind;
use crate::ui::clock::Clock;
use crate::ui::layout::Route;
use crate::ui::view::{label, EdgeView, FADE_TICKS};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Animation, Element};
use yew::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// An element seen through `Element.animate(keyframes, options)`,
    /// declared here because web-sys still files that method under its
    /// unstable APIs, although every browser the page supports has shipped
    /// it for years.
    #[wasm_bindgen(extends = Element, js_name = Element)]
    type Animatable;

    #[wasm_bindgen(method, js_name = animate)]
    fn start_animation(this: &Animatable, keyframes: &Array, options: &Object) -> Animation;
}

/// Points sampled along a track for the motion's keyframes; the browser
/// draws straight lines between them, which at this count reads as a curve.
const SAMPLES: usize = 16;

/// Whole pixels: SVG needs no more, and integer formatting keeps the wasm small.
pub fn px(v: f64) -> String {
    (v.round() as i64).to_string()
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

fn translate((x, y): (f64, f64)) -> String {
    format!("translate({}px,{}px)", px(x), px(y))
}

/// A plain object with one property.
fn object(property: &str, value: JsValue) -> Object {
    let object = Object::new();
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(&object, &property.into(), &value);
    object
}

/// One keyframe: `{ property: value }`.
fn keyframe(property: &str, value: &str) -> JsValue {
    object(property, value.into()).into()
}

/// Start a linear animation of `keyframes` lasting `ticks` (animation time
/// is measured in ticks; the clock's playback rate turns them into ms).
/// It holds its first and last frames before and after.
fn animate(element: &Element, keyframes: Array, ticks: u64) -> Animation {
    let options = object("duration", (ticks.max(1) as f64).into());
    let _ = Reflect::set(&options, &"fill".into(), &"both".into());
    element.unchecked_ref::<Animatable>().start_animation(&keyframes, &options)
}

/// The packet's flight along `route`, from sending to arrival.
fn motion(packet: &Element, route: &Route, ticks: u64) -> Animation {
    let frames: Array =
        (0..=SAMPLES).map(|k| keyframe("transform", &translate(route.at(k as f64 / SAMPLES as f64)))).collect();
    animate(packet, frames, ticks)
}

/// Props of [`MessageEdge`].
#[derive(Properties, PartialEq)]
pub struct MessageEdgeProps {
    /// The message.
    pub edge: EdgeView,
    /// The page's clock.
    pub clock: Clock,
    /// Reduced motion: draw the packet standing still mid-track.
    pub still: bool,
}

/// A message arrow.
#[component]
pub fn MessageEdge(props: &MessageEdgeProps) -> Html {
    let e = &props.edge;
    let group = use_node_ref();
    let packet = use_node_ref();
    let flight = use_mut_ref(|| None::<Animation>);
    let fade = use_mut_ref(|| None::<Animation>);
    {
        let (group, packet) = (group.clone(), packet.clone());
        use_effect_with((e.clone(), props.clock, props.still), move |(e, clock, still)| {
            let (Some(group), Some(packet)) = (group.cast::<Element>(), packet.cast::<Element>()) else { return };
            if *still {
                return;
            }
            match e.lost {
                None => {
                    let mut flight = flight.borrow_mut();
                    let animation = flight.get_or_insert_with(|| motion(&packet, &e.route, e.deliver_at - e.sent_at));
                    clock.drive(animation, e.sent_at);
                }
                Some(lost) => {
                    // The packet stops where it vanished (its transform
                    // attribute) and the whole arrow fades out.
                    if let Some(animation) = flight.borrow_mut().take() {
                        animation.cancel();
                    }
                    let mut fade = fade.borrow_mut();
                    let animation = fade.get_or_insert_with(|| {
                        let frames: Array = [keyframe("opacity", "1"), keyframe("opacity", "0")].into_iter().collect();
                        animate(&group, frames, FADE_TICKS)
                    });
                    clock.drive(animation, lost.at);
                }
            }
        });
    }
    let label = use_memo(e.msg.clone(), label);

    let kind = e.msg.kind();
    let name = kind.name();
    let class = classes!(
        "edge",
        format!("edge--{name}"),
        e.lost.is_some().then_some("edge--lost"),
        e.duplicate.then_some("edge--duplicate"),
        props.still.then_some("edge--still"),
    );
    // Roughly 6.75 px per character of the 11 px monospace label.
    let width = 30.0 + 6.75 * label.chars().count() as f64 + if e.duplicate { 18.0 } else { 0.0 };
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
    // Standing still: mid-track, or where it was lost. Flying: the
    // animation places it, and this attribute is only its fallback.
    let rest = match (e.lost, props.still) {
        (Some(lost), _) => r.at(lost.t),
        (None, true) => r.at(0.5),
        (None, false) => r.start,
    };
    html! {
        <g ref={group} class={class} data-id={e.id.to_string()}>
            <path class="edge__track" d={track} marker-end={format!("url(#arrow-{name})")} />
            <g ref={packet} class="edge__packet" transform={format!("translate({},{})", px(rest.0), px(rest.1))}>
                if e.duplicate {
                    <rect class="edge__shadow" x={px(-width / 2.0 + 4.0)} y="-7" width={px(width)} height="20" rx="10" />
                }
                <rect class="edge__pill" x={px(-width / 2.0)} y="-11" width={px(width)} height="22" rx="11" />
                <path class="edge__marker" d={marker_path(kind)} transform={format!("translate({},0)", px(-width / 2.0 + 12.0))} />
                <text class="edge__label" x={px(-width / 2.0 + 21.0)} y="4">
                    { label.as_str() }
                    if e.duplicate { <tspan class="edge__dup">{ " ×2" }</tspan> }
                </text>
            </g>
        </g>
    }
}
