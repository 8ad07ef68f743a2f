//! The stage: node cards laid out in a ring (or a grid on narrow screens)
//! with the message layer on top.

use super::node_card::NodeCard;
use super::wires::wires;
use crate::ui::layout::Layout;
use crate::ui::model::Msg;
use crate::ui::view::{CardView, EdgeView};
use yew::prelude::*;

/// Values offered in the value boxes at first, so a first click does something.
pub const SUGGESTIONS: [&str; 9] = ["apple", "pear", "plum", "fig", "kiwi", "lime", "date", "peach", "mango"];

/// Props of [`Stage`].
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// Where each card goes.
    pub layout: Layout,
    /// The cards.
    pub cards: Vec<CardView>,
    /// The messages.
    pub edges: Vec<EdgeView>,
    /// Per node: why its last proposal was refused.
    pub errors: Vec<Option<String>>,
    /// Changes when the world is rebuilt, so the cards start afresh.
    pub epoch: u32,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
}

/// The stage.
#[component]
pub fn Stage(props: &StageProps) -> Html {
    let px = |v: f64| v.round() as i64;
    let (w, h) = (props.layout.width.round() as u32, props.layout.height.round() as u32);
    html! {
        <div
            class={classes!(
                "stage",
                (!props.layout.ring).then_some("stage--grid"),
                (props.cards.len() > 9).then_some("stage--dense"),
            )}
            style={format!("height:{h}px")}
        >
            { for props.cards.iter().enumerate().map(|(i, card)| {
                let r = props.layout.cards.get(i).copied().unwrap_or(crate::ui::layout::Rect { x: 0.0, y: 0.0, w: 180.0, h: 220.0 });
                let style = format!("left:{}px;top:{}px;width:{}px;min-height:{}px", px(r.x), px(r.y), px(r.w), px(r.h));
                html! {
                    <NodeCard
                        key={format!("{}-{}", props.epoch, card.id)}
                        view={card.clone()}
                        style={style}
                        suggestion={SUGGESTIONS[i % SUGGESTIONS.len()]}
                        error={props.errors.get(i).cloned().flatten()}
                        on_action={props.on_action.clone()}
                    />
                }
            }) }
            { wires(w, h, &props.edges) }
        </div>
    }
}
