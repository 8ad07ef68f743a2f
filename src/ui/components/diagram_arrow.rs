//! One message in the space-time diagram: a line from its sender's lane at
//! the tick it was sent to its receiver's lane at the tick it arrived,
//! with a tooltip naming it. A lost message is dashed and stops where it
//! vanished. One still in flight is drawn whole, to where it is due, under
//! the diagram's veil, which hides everything after the cursor (see
//! [`Arrow::lines`]). Its label, and a lost one's cross, are drawn in the
//! layer above the veil (see [`super::diagram_chunk`]). A click takes the
//! timeline to the arrow drawn nearest the pointer, which in a squeezed
//! diagram need not be the topmost under it.
//!
//! A component so that an arrow already drawn is skipped by Yew: nothing
//! about it changes until its message arrives or is lost, and after that
//! never again (but for one waiting for a hand, see [`Arrow::waits`],
//! whose line reaches the cursor).

use super::message_packet::px;
use crate::sim::diagram::{Arrow, Ending, Lines};
use crate::sim::narrate::seconds;
use crate::ui::model::Msg;
use crate::ui::view::{label, label_chars};
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Where the diagram's lanes and ticks are on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    /// The tick at x = 0.
    pub origin: u64,
    /// Pixels per tick.
    pub zoom: f64,
    /// The first lane's y.
    pub top: f64,
    /// Pixels between lanes.
    pub lane: f64,
    /// Whether labels fit at this zoom.
    pub labels: bool,
}

impl Scale {
    /// The x of tick `t`.
    pub fn x(&self, t: u64) -> f64 {
        t.saturating_sub(self.origin) as f64 * self.zoom
    }

    /// The y of node `k`'s lane (`k` from 1).
    pub fn y(&self, k: u8) -> f64 {
        self.top + f64::from(k.saturating_sub(1)) * self.lane
    }
}

/// Props of [`DiagramArrow`].
#[derive(Properties, PartialEq)]
pub struct DiagramArrowProps {
    /// The message.
    pub arrow: Arrow,
    /// Its lines (see [`Arrow::lines`]): they change when the message
    /// arrives or is lost (or, waiting for a hand, as the cursor moves),
    /// so Yew skips the arrow in between.
    pub lines: Lines,
    /// The geometry.
    pub scale: Scale,
    /// Its ballot's colour class.
    pub tint: &'static str,
    /// Whether its delivery broke safety.
    pub culprit: bool,
    /// Whether it is the arrow a press went to (on it, or on its log line):
    /// marked while the run stays at that moment.
    pub pointed: bool,
    /// Whether it is one of the `Accepted` replies that chose the value.
    pub quorum: bool,
    /// Where a click sends the timeline.
    pub on_action: Callback<Msg>,
}

/// An arrow's label: the cluster's, and "×2" on a copy.
pub fn text(a: &Arrow) -> String {
    if a.duplicate {
        format!("{} ×2", label(&a.msg))
    } else {
        label(&a.msg)
    }
}

/// What the diagram says under itself about the arrow a press went to:
/// the message, its two nodes, and when it left and ended.
pub fn caption(a: &Arrow) -> String {
    let ended = match a.ending {
        Ending::Delivered => "arrived",
        Ending::Lost => "lost",
        Ending::Flying { .. } => "due",
    };
    let end = if matches!(a.ending, Ending::Flying { .. }) { a.due } else { a.end.0 };
    format!("{}, node {} → node {}: sent at {}, {ended} at {}.", text(a), a.from, a.to, seconds(a.sent), seconds(end))
}

/// How many characters [`text`] writes, without writing them.
pub fn text_chars(a: &Arrow) -> usize {
    label_chars(&a.msg) + if a.duplicate { " ×2".chars().count() } else { 0 }
}

/// Where the line drawn of `arrow`, ending at `end`, ends on screen.
pub fn line_end(scale: &Scale, arrow: &Arrow, end: (u64, f64)) -> (f64, f64) {
    let y1 = scale.y(arrow.from.0);
    (scale.x(end.0), y1 + (scale.y(arrow.to.0) - y1) * end.1)
}

/// Where an arrow's label goes: the middle of what is drawn of it.
pub fn label_at(scale: &Scale, arrow: &Arrow, end: (u64, f64)) -> (f64, f64) {
    let (x1, y1) = (scale.x(arrow.sent), scale.y(arrow.from.0));
    let y2 = y1 + (scale.y(arrow.to.0) - y1) * end.1;
    ((x1 + scale.x(end.0)) / 2.0, (y1 + y2) / 2.0 - 3.0)
}

/// Where a click on an arrow takes the timeline, as the arrow's `data-seek`
/// holds it: its tick, its event, and whether it was still in flight.
fn seek_text(at: u64, event: u64, flying: bool) -> String {
    format!("{at}:{event}:{}", u8::from(flying))
}

/// The message for a `data-seek` value (see [`seek_text`]).
fn seek_msg(text: &str) -> Option<Msg> {
    let mut parts = text.split(':').map(str::parse::<u64>);
    let (at, event, flying) = (parts.next()?.ok()?, parts.next()?.ok()?, parts.next()?.ok()?);
    Some(if flying == 1 { Msg::SeekTime(at) } else { Msg::SeekEvent { index: event, at } })
}

/// The `data-seek` of the arrow drawn nearest the pointer, of all those
/// whose wide invisible strokes lie under it. The topmost took the click:
/// in a squeezed diagram a finger on one arrow's middle picked another,
/// drawn later, that merely passed close by.
fn nearest(e: &MouseEvent) -> Option<String> {
    let (x, y) = (f64::from(e.client_x()), f64::from(e.client_y()));
    let under = gloo::utils::document().elements_from_point(x as f32, y as f32);
    // Whole pixels, as `px` writes them: parsing a float would bring the
    // standard library's float parser (kilobytes) into the page.
    let number =
        |line: &Element, name: &str| line.get_attribute(name).and_then(|v| v.parse::<i64>().ok()).map(|n| n as f64);
    let mut best: Option<(f64, String)> = None;
    for line in under.iter().filter_map(|v| v.dyn_into::<Element>().ok()) {
        // Topmost first: below the veil lie arrows not yet sent.
        if line.closest(".diagram__veil").ok().flatten().is_some() {
            break;
        }
        if line.get_attribute("class").as_deref() != Some("arrow-line__hit") {
            continue;
        }
        let (Some(svg), Some(seek)) =
            (line.closest("svg").ok().flatten(), line.parent_element().and_then(|g| g.get_attribute("data-seek")))
        else {
            continue;
        };
        let origin = svg.get_bounding_client_rect();
        let (Some(x1), Some(y1), Some(x2), Some(y2)) =
            (number(&line, "x1"), number(&line, "y1"), number(&line, "x2"), number(&line, "y2"))
        else {
            continue;
        };
        let (px, py) = (x - origin.left(), y - origin.top());
        // How far the pointer is from the segment.
        let (dx, dy) = (x2 - x1, y2 - y1);
        let length = dx * dx + dy * dy;
        let t = if length > 0.0 { (((px - x1) * dx + (py - y1) * dy) / length).clamp(0.0, 1.0) } else { 0.0 };
        let distance = (px - x1 - t * dx).hypot(py - y1 - t * dy);
        if best.as_ref().is_none_or(|(d, _)| distance < *d) {
            best = Some((distance, seek));
        }
    }
    best.map(|(_, seek)| seek)
}

thread_local! {
    /// The arrow a press went down on (see [`nearest`]), and when.
    static PRESSED: std::cell::RefCell<Option<(f64, String)>> = const { std::cell::RefCell::new(None) };
}

/// How long, in ms, the arrow a press went down on stands for its click.
const PRESS_MS: f64 = 1000.0;

/// A message's arrow.
#[component]
pub fn DiagramArrow(props: &DiagramArrowProps) -> Html {
    let (a, s) = (&props.arrow, &props.scale);
    let (x1, y1) = (s.x(a.sent), s.y(a.from.0));
    let y_to = s.y(a.to.0);
    let Lines { end, trail } = props.lines;
    let (x2, y2) = line_end(s, a, end);
    let kind = a.msg.kind().name();
    // An ended arrow takes the timeline to just after its ending. One in
    // flight takes a recorded run on to when it is due (a message lost on
    // the way is gone by then); a live run has no future yet, and pauses
    // where it is.
    let seek = seek_text(end.0, a.event, matches!(a.ending, Ending::Flying { .. }));
    // The arrow is picked where the press went down: the page can move
    // under a finger before its click arrives (a card above the diagram
    // grows or shrinks as the run moves), and the click picked the arrow
    // next to it.
    let onpointerdown = Callback::from(|e: PointerEvent| {
        let picked = nearest(&e).map(|seek| (js_sys::Date::now(), seek));
        PRESSED.with(|pressed| *pressed.borrow_mut() = picked);
    });
    // A press that became a scroll picks nothing.
    let onpointercancel = Callback::from(|_: PointerEvent| PRESSED.with(|pressed| *pressed.borrow_mut() = None));
    let onclick = {
        let (on_action, own) = (props.on_action.clone(), seek.clone());
        Callback::from(move |e: MouseEvent| {
            let pressed = PRESSED.with(|pressed| pressed.borrow_mut().take());
            let picked = pressed.filter(|(at, _)| js_sys::Date::now() - at < PRESS_MS).map(|(_, seek)| seek);
            if let Some(msg) = picked.or_else(|| nearest(&e)).and_then(|s| seek_msg(&s)).or_else(|| seek_msg(&own)) {
                on_action.emit(msg);
            }
        })
    };
    let text = text(a);
    let ending = match a.ending {
        Ending::Delivered => "delivered",
        Ending::Lost => "lost",
        Ending::Flying { .. } => "flying",
    };
    let class = classes!(
        "arrow-line",
        format!("edge--{kind}"),
        format!("arrow-line--{ending}"),
        a.duplicate.then_some("arrow-line--duplicate"),
        props.tint,
        props.culprit.then_some("arrow-line--culprit"),
        props.pointed.then_some("arrow-line--pointed"),
        props.quorum.then_some("arrow-line--quorum"),
    );
    let copy = if a.duplicate { ", a copy made by the network" } else { "" };
    let counted = if props.quorum { "; one of the accept quorum that chose the value" } else { "" };
    let title = format!("{text}, node {} → node {}{copy}{counted}", a.from, a.to);
    html! {
        <g {class} {onclick} {onpointerdown} {onpointercancel} data-id={a.id.to_string()} data-seek={seek}>
            <title>{ title }</title>
            // A wide invisible stroke makes the thin line easy to click.
            <line class="arrow-line__hit" x1={px(x1)} y1={px(y1)} x2={px(x2)} y2={px(y2)} />
            <line class="arrow-line__shaft" x1={px(x1)} y1={px(y1)} x2={px(x2)} y2={px(y2)}
                marker-end={(a.ending == Ending::Delivered).then(|| format!("url(#arrow-{kind})"))} />
            if let Some((t, along)) = trail {
                <line class="arrow-line__trail" x1={px(x2)} y1={px(y2)} x2={px(s.x(t))} y2={px(y1 + (y_to - y1) * along)} />
            }
        </g>
    }
}
