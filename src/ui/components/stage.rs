//! The stage: node cards laid out in a ring (or a grid on narrow screens)
//! with the message layer on top.
//!
//! A plain function, not a component: it is cheap, because everything in
//! it is a component that renders only when its own part changes. The
//! cards' positions are written once per layout, not once per event.

use super::node_card::NodeCard;
use super::wires::wires;
use crate::paxos::NodeId;
use crate::sim::{whole_percent, Sim};
use crate::ui::clock::Clock;
use crate::ui::layout::{Cards, Layout};
use crate::ui::model::Msg;
use crate::ui::view::{self, EdgeView, Mark};
use yew::prelude::*;

/// Values offered in the value boxes at first, so a first click does something.
/// One per node, up to the largest cluster, so that no two boxes offer the
/// same value and each proposer's value tells whose it was.
pub const SUGGESTIONS: [&str; 25] = [
    "apple", "pear", "plum", "fig", "kiwi", "lime", "date", "peach", "mango", "lemon", "melon", "grape", "guava",
    "cherry", "quince", "papaya", "banana", "orange", "lychee", "yuzu", "sloe", "medlar", "damson", "apricot", "olive",
];
const _: () = assert!(SUGGESTIONS.len() >= crate::sim::MAX_NODES, "a suggestion per node");

/// What the stage shows.
pub struct StageParts<'a> {
    /// Where each card goes.
    pub layout: &'a Layout,
    /// Each card's position as a CSS `style`, from the layout.
    pub styles: &'a [AttrValue],
    /// The world at the cursor.
    pub sim: &'a Sim,
    /// The messages.
    pub edges: Vec<EdgeView>,
    /// The page's clock, for the messages' animations.
    pub clock: Clock,
    /// Reduced motion.
    pub still: bool,
    /// Per node: why its last proposal was refused.
    pub errors: &'a [Option<String>],
    /// Changes when a new run replaces the old, so the cards start afresh.
    pub epoch: u32,
    /// How much each card shows.
    pub cards: Cards,
    /// Each card's highlight, if any.
    pub marks: &'a [Option<Mark>],
    /// The value each card's box starts with (see [`box_values`]).
    pub boxes: &'a [AttrValue],
    /// The node whose history is shown.
    pub selected: Option<NodeId>,
    /// The scale the stage is drawn at (below 1 in a small embed, above
    /// in a big one).
    pub scale: f64,
    /// How far right, and down, the scaled stage is moved to sit centred,
    /// in pixels.
    pub shift: (f64, f64),
    /// Where user actions go.
    pub on_action: &'a Callback<Msg>,
    /// In a challenge, the node that is down: another node's Crash is
    /// refused (one node at a time), and its button says so.
    pub down: Option<NodeId>,
    /// Whether a challenge runs: its panel's Drop sets a node's loss, and
    /// the cards' loss sliders, which took any percentage, go.
    pub challenge: bool,
}

/// Each card's CSS position for `layout`.
pub fn card_styles(layout: &Layout) -> Vec<AttrValue> {
    let px = |v: f64| v.round() as i64;
    layout
        .cards
        .iter()
        .map(|r| format!("left:{}px;top:{}px;width:{}px;min-height:{}px", px(r.x), px(r.y), px(r.w), px(r.h)).into())
        .collect()
}

/// A scale factor with three decimals, written with integers only.
fn scale_text(scale: f64) -> String {
    let thousandths = (scale.clamp(0.0, crate::ui::layout::GROW_MOST) * 1000.0).round() as u32;
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}

/// The values the `n` cards' boxes start with: each node's own value in
/// the run (`own_values`: its proposal in the round shown) if it has one, so a
/// scenario's text and the box name the same value; else one of
/// [`SUGGESTIONS`] that no other box holds, so no two boxes read as if
/// both nodes wanted the same value.
pub fn box_values(n: usize, own_values: &[Option<AttrValue>]) -> Vec<AttrValue> {
    let mut taken: Vec<AttrValue> = own_values.iter().flatten().cloned().collect();
    (0..n)
        .map(|i| {
            if let Some(own) = own_values.get(i).cloned().flatten() {
                return own;
            }
            let free = (0..SUGGESTIONS.len())
                .map(|k| SUGGESTIONS[(i + k) % SUGGESTIONS.len()])
                .find(|s| !taken.iter().any(|t| t.as_str() == *s));
            // Only a run whose own values took the free ones repeats one.
            let value = AttrValue::Static(free.unwrap_or(SUGGESTIONS[i % SUGGESTIONS.len()]));
            taken.push(value.clone());
            value
        })
        .collect()
}

/// How far, in pixels, a card may grow below its nominal height (when its
/// quorum mark, its proposal or its acceptance wraps to a second line).
/// The stage keeps this room below its bottom row, off the time controls;
/// an embed scales the stage with the room counted, so it stays inside
/// the frame.
pub const OVERFLOW_ROOM: u32 = 28;

/// The stage.
pub fn stage(props: StageParts<'_>) -> Html {
    let StageParts {
        layout,
        styles,
        sim,
        edges,
        clock,
        still,
        errors,
        epoch,
        cards,
        marks,
        boxes,
        selected,
        scale,
        shift,
        on_action,
        down,
        challenge,
    } = props;
    let (w, h) = (layout.width.round() as u32, layout.height.round() as u32);
    let dense = sim.len() > crate::ui::layout::RING_UP_TO;
    let quorum = crate::paxos::quorum(sim.len(), sim.flaws());
    let refused = down.map(|d| (d, AttrValue::from(format!("One node at a time: restart node {d} first"))));
    html! {
        <div
            class={classes!("stage", (!layout.ring).then_some("stage--grid"), dense.then_some("stage--dense"))}
            style={format!("height:{}px;--scale:{};--dx:{}px;--dy:{}px", h + OVERFLOW_ROOM, scale_text(scale), shift.0.round() as i64, shift.1.round() as i64)}
        >
            { for sim.nodes().zip(styles).enumerate().map(|(i, (v, style))| {
                let cut = view::cut_off(sim, v.node.id);
                html! {
                <NodeCard
                    key={format!("{epoch}-{}", v.node.id)}
                    node={v.node.clone()}
                    crashed={v.crashed}
                    apart={cut.as_ref().is_some_and(|c| c.apart)}
                    cut_off={cut.map(|c| AttrValue::from(c.text))}
                    failure_pct={whole_percent(v.failure)}
                    delay={v.delay}
                    {quorum}
                    style={style.clone()}
                    suggestion={boxes.get(i).cloned().unwrap_or_default()}
                    error={errors.get(i).cloned().flatten()}
                    {cards}
                    mark={marks.get(i).copied().flatten()}
                    selected={selected == Some(v.node.id)}
                    crash_refused={refused.as_ref().filter(|(d, _)| *d != v.node.id).map(|(_, why)| why.clone())}
                    loss_slider={!challenge}
                    on_action={on_action.clone()}
                />
                }
            }) }
            // A phone's cards leave its pills' labels no room between them.
            { wires(w, h, edges, clock, still, !dense, if cards == Cards::Folded { &layout.cards } else { &[] }) }
        </div>
    }
}
