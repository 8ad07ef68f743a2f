//! One message in the space-time diagram: a line from its sender's lane at
//! the tick it was sent to its receiver's lane at the tick it arrived,
//! with a tooltip naming it. A lost message is dashed and stops where it
//! vanished. One still in flight is drawn whole, to where it is due, under
//! the diagram's veil, which hides everything after the cursor (see
//! [`Arrow::lines`]). Its label, and a lost one's cross, are drawn in the
//! layer above the veil (see [`super::diagram_chunk`]).
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
    let (at, event, flying) = (end.0, a.event, matches!(a.ending, Ending::Flying { .. }));
    let onclick = props.on_action.reform(
        move |_: MouseEvent| {
            if flying {
                Msg::SeekTime(at)
            } else {
                Msg::SeekEvent { index: event, at }
            }
        },
    );
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
        <g {class} {onclick} data-id={a.id.to_string()}>
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
