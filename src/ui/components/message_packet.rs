//! One message's packet: a labelled pill that travels from sender to
//! receiver along its track (the track itself is drawn by the wires
//! layer). Each kind has its own colour and its own marker shape, so the
//! kinds stay apart without colour. A lost message's pill turns dashed,
//! stops where it was lost and fades out.
//!
//! A message's whole flight is known when it is sent, so the component
//! hands the motion to the browser once, as a Web Animation of the pill's
//! `transform`, pinned to the page's [`Clock`]. The pill is an HTML
//! element, so Chromium runs that animation on its compositor thread: the
//! page's own thread does no work at all while messages fly. It renders
//! when the message appears, when it is lost, and when the clock is
//! re-based (play, pause, speed, seek); never once per frame.

use crate::paxos::{Message, MessageKind, NodeId};
use crate::ui::clock::Clock;
use crate::ui::layout::{Rect, Route};
use crate::ui::view::{label, label_chars, progress, EdgeView, FADE_TICKS};
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

/// The most points sampled along a track for the motion's keyframes. The
/// browser moves the pill in straight lines between them, so a curve
/// needs a few, a nearly straight track fewer (see [`samples`]).
const MAX_SAMPLES: usize = 12;

/// How far the pill's straight steps may stray from the drawn track, in
/// pixels.
const STRAY: f64 = 1.0;

/// How many straight steps keep the pill within [`STRAY`] of `route`. A
/// quadratic curve cut into `n` equal steps strays from its chords by at
/// most a quarter of its bend (the length of start − 2·control + end)
/// over n². Each keyframe is CSS the browser parses when the animation
/// starts, so fewer is cheaper.
fn samples(route: &Route) -> usize {
    let bend = (route.start.0 - 2.0 * route.control.0 + route.end.0)
        .hypot(route.start.1 - 2.0 * route.control.1 + route.end.1);
    ((bend / (4.0 * STRAY)).sqrt().ceil() as usize).clamp(2, MAX_SAMPLES)
}

/// How much of the flight a pill takes to fade in at its sender, and out
/// at its receiver. Long enough that a broadcast's pills have spread
/// apart before they show, and replies converging on one card are gone
/// before they pile up on it.
const FADE_SPAN: f64 = 0.15;

/// Whole pixels: integer formatting keeps the wasm small.
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

/// A CSS transform that puts the pill's centre at `point`. The
/// stylesheet's `translate: -50% -50%` on the pill centres it; keeping
/// that out of every keyframe halves what the browser parses.
fn centre_at((x, y): (f64, f64)) -> String {
    format!("translate({}px,{}px)", px(x), px(y))
}

/// The same, but keeping the whole pill inside a stage `width` pixels
/// wide: a card at the edge of a phone's grid would otherwise leave half of
/// each pill cut off. For a pill standing still, whose width only the
/// browser knows (a translation's percentages are of the pill itself).
/// Not for keyframes: Chromium does not interpolate `clamp` there.
fn centre_inside((x, y): (f64, f64), width: u32) -> String {
    // Half a pill in from either side, before the stylesheet's -50% shift.
    format!("translate(clamp(50%,{}px,calc({width}px - 50%)),{}px)", px(x), px(y))
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

/// How see-through a pill is as it leaves its sender, over the edge of
/// the card: a little, so the card's text still shows, but it reads
/// plainly, for a message just sent is often the one a paused moment is
/// about.
const LEAVING: f64 = 0.85;

/// ...and as it reaches its receiver: fainter, because replies converge
/// there from every side and would pile up on the card.
const ARRIVING: f64 = 0.3;

/// A broadcast's pills leave together, one on top of another, so all but
/// the first stay hidden until this far along their tracks, and show fully
/// by [`SPREAD`]: by then their tracks have fanned apart. The first one,
/// and the tracks, show that the rest are on their way.
const HIDDEN_UNTIL: f64 = 0.2;
const SPREAD: f64 = 0.35;

/// Below this distance between two cards' edges (neighbours in a row), a
/// pill spends its whole flight half over both cards...
const SHORT_ROUTE: f64 = 160.0;

/// ...unless its route bows out at least this far from the straight line,
/// as a ring's neighbours' routes do: then it flies clear of them.
const CLEAR_BOW: f64 = 20.0;

/// How see-through a pill is all the way when it flies over cards: enough
/// to read the card beneath, not so much that its label loses contrast.
const OVER_CARDS: f64 = 0.75;
/// [`OVER_CARDS`] as a style writes it (the page formats no floats).
const OVER_CARDS_STYLE: &str = ";opacity:0.75";
const _: () = assert!(OVER_CARDS == 0.75, "OVER_CARDS_STYLE says 0.75");

/// Whether a pill on `route` flies over cards all the way: a short route
/// between neighbours in a row that does not bow clear of them.
fn over_cards(route: &Route) -> bool {
    let span = (route.end.0 - route.start.0).hypot(route.end.1 - route.start.1);
    let (mx, my) = route.at(0.5);
    let bow = (mx - (route.start.0 + route.end.0) / 2.0).hypot(my - (route.start.1 + route.end.1) / 2.0);
    span < SHORT_ROUTE && bow < CLEAR_BOW
}

/// About how wide a pill is, in pixels, from its label's length (the
/// stylesheet's `.edge`: 11 px monospace, a marker and padding). Reading
/// the width from the page instead would make the browser lay out the page
/// again for every new pill.
fn pill_width(msg: &Message, duplicate: bool) -> f64 {
    let dup = if duplicate { 20.0 } else { 0.0 };
    36.0 + 6.7 * label_chars(msg) as f64 + dup
}

/// The pill's flight along `route`, from sending to arrival. It fades in
/// as it leaves its sender and out as it reaches its receiver, so a pill
/// at either end does not hide the card's text and buttons beneath it;
/// flying over cards, it stays partly see-through all the way. A
/// `follower` (a broadcast's second pill or later) shows only once spread.
fn motion(pill: &Element, e: &EdgeView, width: u32) -> Animation {
    let route = &e.route;
    let middle = if over_cards(route) { OVER_CARDS } else { 1.0 };
    // Keep the whole pill inside the stage (see `centre_inside`).
    let half = pill_width(&e.msg, e.duplicate) / 2.0;
    let inside = |(x, y): (f64, f64)| (x.clamp(half, (f64::from(width) - half).max(half)), y);
    let n = samples(route);
    let at = along(e);
    // Where the opacity changes course, in order: the keyframes must fall
    // there, besides the samples of the track.
    let turns: &[f64] =
        if e.follower { &[HIDDEN_UNTIL, SPREAD, 1.0 - FADE_SPAN] } else { &[FADE_SPAN, 1.0 - FADE_SPAN] };
    let opacity = |t: f64| {
        let arriving = ARRIVING + (middle - ARRIVING) * ((1.0 - t) / FADE_SPAN).min(1.0);
        let leaving = if e.follower {
            middle * ((t - HIDDEN_UNTIL) / (SPREAD - HIDDEN_UNTIL)).clamp(0.0, 1.0)
        } else {
            LEAVING + (middle - LEAVING) * (t / FADE_SPAN).min(1.0)
        };
        leaving.min(arriving)
    };
    // Every keyframe sets both properties: Chromium runs such an animation
    // on its compositor thread. Opacity is linear between keyframes, as the
    // browser interpolates it, so a sample inside a fade gets its share.
    let frames: Array = merged(n, turns)
        .map(|t| {
            let frame = object("transform", centre_at(inside(at(t))).into());
            let _ = Reflect::set(&frame, &"opacity".into(), &opacity(t).into());
            let _ = Reflect::set(&frame, &"offset".into(), &t.into());
            JsValue::from(frame)
        })
        .collect();
    animate(pill, frames, e.deliver_at - e.sent_at)
}

/// Where `e`'s pill is a fraction `t` of the way through its flight, as
/// a function of `t`. It sets off just clear of its sender's card:
/// centred on the card's edge, half of it covered the card's bottom row
/// (a Crash button, a slider) at the paused moment just after a send.
fn along(e: &EdgeView) -> impl Fn(f64) -> (f64, f64) + '_ {
    let from = clear_of_sender(&e.route, pill_width(&e.msg, e.duplicate) / 2.0);
    move |t| e.route.at(from + t * (1.0 - from))
}

/// Half a pill's height, in pixels (the stylesheet's `.edge`).
const PILL_HALF_HEIGHT: f64 = 9.0;

/// How far along `route` (as a fraction of it) a pill `half` as wide as
/// it is must start for its box to stand clear of the card the route
/// leaves: out through a top or bottom edge, half its height; out through
/// a side, half its width. Never more than a quarter of the way, so a
/// short route still shows its pill moving.
fn clear_of_sender(route: &Route, half: f64) -> f64 {
    // The route's speed at its start: a quadratic curve leaves towards
    // its control point at twice the distance to it.
    let (dx, dy) = (route.control.0 - route.start.0, route.control.1 - route.start.1);
    let speed = 2.0 * dx.hypot(dy);
    if speed < 1.0 {
        return 0.0;
    }
    // How far to go along the curve's heading: a zero component divides
    // to infinity, and the other bound is taken.
    let (ux, uy) = (2.0 * dx.abs() / speed, 2.0 * dy.abs() / speed);
    let clear = (PILL_HALF_HEIGHT / uy).min(half / ux);
    (clear / speed).min(0.25)
}

/// Where `e`'s pill stands at tick `now` when the clock is paused, and
/// whether it shows there at all (a broadcast's later pills wait hidden
/// near their sender). Reduced motion stands every pill mid-track.
fn standing(e: &EdgeView, now: u64, still: bool) -> Option<(f64, f64)> {
    let t = match (e.lost, still) {
        (Some(lost), _) => lost.t,
        (None, true) => return Some(e.route.at(0.5)),
        (None, false) => progress(now, e.sent_at, e.deliver_at),
    };
    (!(e.follower && t < HIDDEN_UNTIL && e.lost.is_none())).then(|| along(e)(t))
}

/// Which of `edges`' pills, while the run plays, show their marker alone:
/// those that say the same as an earlier one still on its way from the
/// same sender or to the same receiver (a broadcast's copies, replies
/// converging on a proposer). Seven nodes' Promises, all "Promise(n=1.6)",
/// stacked into a garble between the rows as they flew; one label says it,
/// and the rest keep their kind's marker (a broadcast's copies also wait
/// hidden near their sender until they spread, see
/// [`EdgeView::follower`]; this is about their labels once shown). The
/// lost are left out, either way, as a loss is news of its own. Placed
/// once an event, not every frame, in one pass in the order sent (the
/// pills of nine nodes run to hundreds).
pub fn repeated_labels(edges: &[EdgeView]) -> Vec<bool> {
    use std::collections::BTreeSet;
    let mut order: Vec<usize> = (0..edges.len()).collect();
    order.sort_unstable_by_key(|&i| (edges[i].sent_at, edges[i].id));
    // What is on its way from each sender, and to each receiver.
    let mut from: BTreeSet<(NodeId, bool, &Message)> = BTreeSet::new();
    let mut to: BTreeSet<(NodeId, bool, &Message)> = BTreeSet::new();
    let mut quiet = vec![false; edges.len()];
    for i in order {
        let e = &edges[i];
        if e.lost.is_some() {
            continue;
        }
        let (sent, got) = ((e.ends.0, e.duplicate, &e.msg), (e.ends.1, e.duplicate, &e.msg));
        quiet[i] = from.contains(&sent) || to.contains(&got);
        from.insert(sent);
        to.insert(got);
    }
    quiet
}

/// Which of `edges`' pills, paused at tick `now`, show their marker alone:
/// those whose label would overlap one already shown. Replies converging
/// on a proposer, or several proposers' broadcasts crossing, stacked their
/// labels into a garble at exactly the paused moment a reader studies;
/// the diagram and the log still name every message. Labels are placed
/// in order of interest, each pass newest sent first: messages on their
/// way (the more recently sent, the more the moment is about them), then
/// those nearly arrived (faded there), then the lost.
///
/// A label over one of `cards` (a phone's, whose two columns leave the
/// pills no room between them) goes too: it covered the card's name and
/// Propose, and the pill's marker still says what kind it is.
pub fn quiet_labels(edges: &[EdgeView], now: u64, still: bool, width: u32, cards: &[Rect]) -> Vec<bool> {
    let mut quiet = vec![false; edges.len()];
    let mut shown: Vec<(f64, f64, f64, f64)> = cards.iter().map(|c| (c.x, c.x + c.w, c.y, c.y + c.h)).collect();
    // A pill is 21 px tall with its border; a little more keeps labels
    // from touching.
    let half_height = PILL_HALF_HEIGHT + 2.5;
    let pass_of = |e: &EdgeView| match e.lost {
        Some(_) => 2,
        None if progress(now, e.sent_at, e.deliver_at) >= 1.0 - FADE_SPAN => 1,
        None => 0,
    };
    // Newest first by the time sent, not by the list's order: a reply of
    // an earlier ballot, still on its way, kept its label over the Prepare
    // the paused moment was about.
    // (In order by hand, a pass at a time: a sort adds its code to the
    // wasm. Paused only, so its cost is once a moment.)
    let mut order: Vec<usize> = Vec::with_capacity(edges.len());
    for pass in 0..3 {
        let start = order.len();
        for i in (0..edges.len()).filter(|&i| pass_of(&edges[i]) == pass) {
            let later = order[start..].iter().position(|&j| (edges[j].sent_at, j) < (edges[i].sent_at, i));
            order.insert(later.map_or(order.len(), |k| start + k), i);
        }
    }
    for i in order {
        let e = &edges[i];
        let Some((x, y)) = standing(e, now, still) else { continue };
        let half = pill_width(&e.msg, e.duplicate) / 2.0;
        let x = x.clamp(half, (f64::from(width) - half).max(half));
        let (x0, x1, y0, y1) = (x - half, x + half, y - half_height, y + half_height);
        if shown.iter().any(|&(a0, a1, b0, b1)| x0 < a1 && a0 < x1 && y0 < b1 && b0 < y1) {
            quiet[i] = true;
        } else {
            shown.push((x0, x1, y0, y1));
        }
    }
    quiet
}

/// The fractions `0, 1/n, …, 1` and the `turns` (ascending, within 0 to
/// 1), in order. (Merged by hand: a sort would add its code to the wasm.)
fn merged(n: usize, turns: &[f64]) -> impl Iterator<Item = f64> + '_ {
    let mut samples = (0..=n).map(move |k| k as f64 / n as f64).peekable();
    let mut turns = turns.iter().copied().peekable();
    std::iter::from_fn(move || match (samples.peek(), turns.peek()) {
        (Some(&s), Some(&t)) if t < s => turns.next(),
        (Some(_), _) => samples.next(),
        (None, _) => turns.next(),
    })
}

/// Props of [`MessagePacket`].
#[derive(Properties, PartialEq)]
pub struct MessagePacketProps {
    /// The message.
    pub edge: EdgeView,
    /// The page's clock.
    pub clock: Clock,
    /// Reduced motion: the pill stands still mid-track.
    pub still: bool,
    /// The stage's width, which the pill stays inside.
    pub width: u32,
    /// Its marker alone, the label left to the log and the diagram: at a
    /// paused moment, where the label would cover another (see
    /// [`quiet_labels`]); playing, where an earlier pill says the same
    /// (see [`repeated_labels`]).
    pub quiet: bool,
}

/// A message's packet.
#[component]
pub fn MessagePacket(props: &MessagePacketProps) -> Html {
    let e = &props.edge;
    let node = use_node_ref();
    // The flight's animation, and the track and stage width it was made for.
    let flight = use_mut_ref(|| None::<(Route, u32, Animation)>);
    let fade = use_mut_ref(|| None::<Animation>);
    {
        let node = node.clone();
        use_effect_with((e.clone(), props.clock, props.still, props.width), move |(e, clock, still, width)| {
            let Some(pill) = node.cast::<Element>() else { return };
            if *still {
                return;
            }
            match e.lost {
                None => {
                    let mut flight = flight.borrow_mut();
                    // The stage was laid out again (the page's first
                    // measure, a resize, a phone turned): the track moved.
                    if flight.as_ref().is_some_and(|(route, w, _)| *route != e.route || w != width) {
                        if let Some((_, _, old)) = flight.take() {
                            old.cancel();
                        }
                    }
                    let (_, _, animation) = flight.get_or_insert_with(|| (e.route, *width, motion(&pill, e, *width)));
                    clock.drive(animation, e.sent_at);
                }
                Some(lost) => {
                    // The pill stops where it vanished (its style) and
                    // fades out.
                    if let Some((_, _, animation)) = flight.borrow_mut().take() {
                        animation.cancel();
                    }
                    let mut fade = fade.borrow_mut();
                    let animation = fade.get_or_insert_with(|| {
                        let frames: Array = [keyframe("opacity", "1"), keyframe("opacity", "0")].into_iter().collect();
                        animate(&pill, frames, FADE_TICKS)
                    });
                    clock.drive(animation, lost.at);
                }
            }
        });
    }
    let label = use_memo(e.msg.clone(), label);
    let kind = e.msg.kind();
    let class = classes!(
        "edge",
        format!("edge--{}", kind.name()),
        e.lost.is_some().then_some("edge--lost"),
        e.cut.then_some("edge--cut"),
        e.duplicate.then_some("edge--duplicate"),
        props.quiet.then_some("edge--quiet"),
        e.tint,
    );
    // Standing still: mid-track, or where it was lost. Flying: the
    // animation places it, and this style is only its fallback.
    let rest = match (e.lost, props.still) {
        (Some(lost), _) => along(e)(lost.t),
        (None, true) => e.route.at(0.5),
        (None, false) => along(e)(0.0),
    };
    // Standing still over cards (neighbours in a phone's grid), it is as
    // see-through as a flying pill there, so the card beneath still reads.
    let see_through = if props.still && e.lost.is_none() && over_cards(&e.route) { OVER_CARDS_STYLE } else { "" };
    html! {
        <div ref={node} class={class} data-id={e.id.to_string()}
            style={format!("transform:{}{see_through}", centre_inside(rest, props.width))}>
            <svg class="edge__marker" width="12" height="12" viewBox="-7 -7 14 14" aria-hidden="true">
                <path d={marker_path(kind)} />
            </svg>
            <span class="edge__label">{ label.as_str() }</span>
            if e.duplicate { <span class="edge__dup">{ "×2" }</span> }
        </div>
    }
}
