//! A chunk of the space-time diagram: [`CHUNK`] arrows in a row, drawn
//! as one component, so that an event redraws the chunk whose arrow it
//! added or ended and Yew skips the rest with one comparison each. Before,
//! every event compared every arrow on screen, thousands at 25 nodes. Each
//! chunk is an SVG of its own, so the browser records the paint of only
//! the chunks that changed, too (at 25 nodes, paint went from 5.5 to 3.7
//! ms a frame).
//!
//! A chunk is drawn twice, as two layers: the lines under the veil that
//! hides what lies after the cursor, and the marks over it: the labels
//! (which the page shows only once they end before the cursor) and the
//! crosses of lost messages, as a message lost at the cursor has its
//! cross centred on it, half under the veil.
//!
//! [`CHUNK`]: crate::sim::diagram::CHUNK

use super::diagram_arrow::{label_at, line_end, text, DiagramArrow, Scale};
use super::message_packet::px;
use crate::paxos::{Ballot, Message, NodeId};
use crate::sim::diagram::{Arrow, Diagram, Ending};
use crate::ui::model::Msg;
use crate::ui::view::BallotColours;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Which layer of the chunk to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Layer {
    /// The arrows' lines and trails, under the veil.
    Lines,
    /// Their labels and the crosses of lost messages, over it.
    Marks,
}

/// Props of [`DiagramChunk`].
#[derive(Properties)]
pub struct DiagramChunkProps {
    /// The diagram.
    pub diagram: Rc<RefCell<Diagram>>,
    /// Which chunk, from the oldest kept.
    pub index: usize,
    /// The chunk's stamp: the last event that changed one of its arrows.
    pub stamp: u64,
    /// The run and branch the diagram is of (the stamps are event
    /// indexes, which another branch reuses).
    pub run: (u32, u32),
    /// The tick to draw its lines at: the chunk's
    /// [`lines_tick`](crate::sim::diagram::Chunk::lines_tick), which is 0
    /// unless one of its lines reaches the cursor.
    pub now: u64,
    /// Bit `i` set: the chunk's `i`th arrow shows its label (it has come
    /// that far, and the label has room). Only the marks read it.
    pub labels: u64,
    /// Which layer.
    pub layer: Layer,
    /// The geometry.
    pub scale: Scale,
    /// Ballot colours, when colouring by ballot.
    pub colours: Rc<BallotColours>,
    /// The event that broke safety, if one did.
    pub culprit: Option<u64>,
    /// The event a press went to, if the run is still at its moment.
    pub pointed: Option<u64>,
    /// The chosen value's ballot and its accept quorum, if a value is
    /// chosen.
    pub quorum: Option<(Ballot, Vec<NodeId>)>,
    /// Where a click on an arrow sends the timeline.
    pub on_action: Callback<Msg>,
}

impl PartialEq for DiagramChunkProps {
    fn eq(&self, other: &Self) -> bool {
        // Every field named: a new prop left out of the comparison is a
        // compile error here, not a chunk that never redraws for it. The
        // diagram by pointer: it is one value the page keeps updating,
        // and the stamp says whether this chunk of it changed.
        let Self {
            diagram,
            index,
            stamp,
            run,
            now,
            labels,
            layer,
            scale,
            colours,
            culprit,
            pointed,
            quorum,
            on_action,
        } = self;
        Rc::ptr_eq(diagram, &other.diagram)
            && (*index, *stamp, *run, *now, *labels, *layer)
                == (other.index, other.stamp, other.run, other.now, other.labels, other.layer)
            && (*scale, *culprit, *pointed) == (other.scale, other.culprit, other.pointed)
            && *colours == other.colours
            && *quorum == other.quorum
            && *on_action == other.on_action
    }
}

/// An `Accepted` reply of the chosen ballot, from a quorum member, that
/// arrived: one of those the proposer counted to call the value chosen.
fn in_quorum(quorum: &Option<(Ballot, Vec<NodeId>)>, a: &Arrow) -> bool {
    match (quorum, &a.msg) {
        (Some((ballot, nodes)), Message::Accepted { proposal }) => {
            proposal.ballot == *ballot && nodes.contains(&a.from) && a.ending == Ending::Delivered
        }
        _ => false,
    }
}

/// One chunk's layer.
#[component]
pub fn DiagramChunk(props: &DiagramChunkProps) -> Html {
    let diagram = props.diagram.borrow();
    let Some(chunk) = diagram.chunk(props.index) else { return Html::default() };
    let arrows = chunk.arrows.iter();
    match props.layer {
        Layer::Lines => html! {
            <svg class="diagram__chunk">
            { for arrows.map(|a| html! {
                <DiagramArrow key={a.id} arrow={a.clone()} lines={a.lines(props.now)} scale={props.scale}
                    tint={props.colours.class(&a.msg)}
                    culprit={props.culprit == Some(a.event)}
                    pointed={props.pointed == Some(a.event)}
                    quorum={in_quorum(&props.quorum, a)}
                    on_action={props.on_action.clone()} />
            }) }
            </svg>
        },
        Layer::Marks => html! {
            <svg class="diagram__chunk" aria-hidden="true">
            { for arrows.enumerate().filter(|(i, a)| props.labels >> i & 1 == 1 || a.ending == Ending::Lost).map(|(i, a)| {
                let end = a.lines(props.now).end;
                let tint = classes!(format!("edge--{}", a.msg.kind().name()), props.colours.class(&a.msg));
                // Where the line stops, as `DiagramArrow` draws it.
                let cross = (a.ending == Ending::Lost).then(|| {
                    let (x2, y2) = line_end(&props.scale, a, end);
                    html! { <path class={classes!("arrow-line__cross", tint.clone())}
                        d={format!("M{},{} l8,8 m0,-8 l-8,8", px(x2 - 4.0), px(y2 - 4.0))} /> }
                });
                let label = (props.labels >> i & 1 == 1).then(|| {
                    let (x, y) = label_at(&props.scale, a, end);
                    html! { <text class={classes!("arrow-line__label", tint)} x={px(x)} y={px(y)}>{ text(a) }</text> }
                });
                html! { <g key={a.id}>{ cross }{ label }</g> }
            }) }
            </svg>
        },
    }
}
