//! One message's track: the faint curve in the wires layer from sender to
//! receiver, dashed once the message is lost, with its kind's arrowhead.
//!
//! A component so that Yew skips it while its message flies: the path is
//! formatted once when the message is sent and once if it is lost, not on
//! every event anywhere in the cluster.

use super::message_packet::px;
use crate::ui::view::EdgeView;
use yew::prelude::*;

/// Props of [`MessageTrack`].
#[derive(Properties, PartialEq)]
pub struct MessageTrackProps {
    /// The message.
    pub edge: EdgeView,
}

/// A message's track.
#[component]
pub fn MessageTrack(props: &MessageTrackProps) -> Html {
    let e = &props.edge;
    let name = e.msg.kind().name();
    let r = &e.route;
    let d = format!(
        "M{},{} Q{},{} {},{}",
        px(r.start.0),
        px(r.start.1),
        px(r.control.0),
        px(r.control.1),
        px(r.end.0),
        px(r.end.1)
    );
    html! {
        <path class={classes!("edge__track", format!("edge--{name}"), e.lost.is_some().then_some("edge--lost"), e.cut.then_some("edge--cut"), e.tint)}
            {d} marker-end={format!("url(#arrow-{name})")} />
    }
}
