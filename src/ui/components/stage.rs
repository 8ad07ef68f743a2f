//! The stage: node cards laid out in a ring (or a grid on narrow screens)
//! with the message layer on top.
//!
//! A plain function, not a component: the messages on it move every frame,
//! so it redraws every frame anyway. The cards inside are components and
//! redraw only when their node changes.

use super::node_card::NodeCard;
use super::wires::wires;
use crate::ui::layout::Layout;
use crate::ui::model::Msg;
use crate::ui::view::{CardView, EdgeView};
use yew::prelude::*;

/// Values offered in the value boxes at first, so a first click does something.
pub const SUGGESTIONS: [&str; 9] = ["apple", "pear", "plum", "fig", "kiwi", "lime", "date", "peach", "mango"];

/// What the stage shows.
pub struct StageProps<'a> {
    /// Where each card goes.
    pub layout: &'a Layout,
    /// The cards.
    pub cards: Vec<CardView>,
    /// The messages.
    pub edges: &'a [EdgeView],
    /// Per node: why its last proposal was refused.
    pub errors: &'a [Option<String>],
    /// Changes when the world is rebuilt, so the cards start afresh.
    pub epoch: u32,
    /// Where user actions go.
    pub on_action: &'a Callback<Msg>,
}

/// The stage.
pub fn stage(props: StageProps<'_>) -> Html {
    let StageProps { layout, cards, edges, errors, epoch, on_action } = props;
    let px = |v: f64| v.round() as i64;
    let (w, h) = (layout.width.round() as u32, layout.height.round() as u32);
    let dense = cards.len() > 9;
    html! {
        <div
            class={classes!("stage", (!layout.ring).then_some("stage--grid"), dense.then_some("stage--dense"))}
            style={format!("height:{h}px")}
        >
            { for cards.into_iter().zip(&layout.cards).enumerate().map(|(i, (card, r))| {
                let style = format!("left:{}px;top:{}px;width:{}px;min-height:{}px", px(r.x), px(r.y), px(r.w), px(r.h));
                let key = format!("{epoch}-{}", card.id);
                html! {
                    <NodeCard
                        {key}
                        view={card}
                        style={style}
                        suggestion={SUGGESTIONS[i % SUGGESTIONS.len()]}
                        error={errors.get(i).cloned().flatten()}
                        on_action={on_action.clone()}
                    />
                }
            }) }
            { wires(w, h, edges) }
        </div>
    }
}
