//! One node as a card: its proposer, acceptor and learner state, like the
//! demo's `GET /state/`, plus the controls that act on it.

use crate::paxos::NodeId;
use crate::ui::hooks::on_enter;
use crate::ui::model::Msg;
use crate::ui::view::CardView;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`NodeCard`].
#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    /// What to show.
    pub view: CardView,
    /// The card's position and size, as a CSS `style`.
    pub style: AttrValue,
    /// The value suggested in the value box at first.
    pub suggestion: AttrValue,
    /// Why the last proposal here was refused, if it was.
    pub error: Option<String>,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
}

/// A node card.
#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let v = &props.view;
    let id: NodeId = v.id;
    let text = use_state(|| props.suggestion.to_string());

    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let propose = {
        let (text, on_action) = (text.clone(), props.on_action.clone());
        move || on_action.emit(Msg::Propose(id, (*text).clone()))
    };
    let onkeydown = on_enter(propose.clone());
    let onclick_propose = Callback::from(move |_: MouseEvent| propose());
    let onclick_power = {
        let (on_action, crashed) = (props.on_action.clone(), v.crashed);
        Callback::from(move |_: MouseEvent| on_action.emit(if crashed { Msg::Restart(id) } else { Msg::Crash(id) }))
    };
    let oninput_fail = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: InputEvent| {
            let pct: u32 = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0);
            on_action.emit(Msg::Failure(id, f64::from(pct) / 100.0));
        })
    };

    let name = format!("Node {id}");
    let class = classes!(
        "node-card",
        format!("node-card--{}", v.phase),
        v.crashed.then_some("node-card--crashed"),
        v.learned.is_some().then_some("node-card--learned"),
    );
    let error_id = format!("node-{id}-error");
    html! {
        <section class={class} style={props.style.clone()} role="group" aria-label={name.clone()}>
            <header class="node-card__head">
                <h2 class="node-card__name">{ name }</h2>
                if v.crashed {
                    <span class="node-card__badge node-card__badge--crashed">{ "crashed" }</span>
                } else {
                    <span class={classes!("node-card__badge", format!("node-card__badge--{}", v.phase))}>{ v.phase }</span>
                }
            </header>
            <p class="node-card__proposer">
                <span class="node-card__ballot">{ &v.proposer }</span>
                if let Some(progress) = &v.progress {
                    <span class="node-card__progress">{ progress }</span>
                }
            </p>
            <dl class="node-card__state">
                <dt>{ "Promised" }</dt><dd class="node-card__promised">{ &v.promised }</dd>
                <dt>{ "Accepted" }</dt><dd class="node-card__accepted">{ &v.accepted }</dd>
                <dt>{ "Learned" }</dt>
                <dd class={classes!("node-card__learned", v.learned.is_none().then_some("node-card__learned--none"))}
                    title={v.learned_full.clone()}>
                    { v.learned.clone().unwrap_or_else(|| "—".to_string()) }
                </dd>
            </dl>
            <div class="node-card__propose">
                <input
                    class="node-card__value"
                    type="text"
                    maxlength="200"
                    value={(*text).clone()}
                    aria-label={format!("Value for node {id}")}
                    aria-invalid={props.error.is_some().then_some("true")}
                    aria-describedby={props.error.is_some().then(|| error_id.clone())}
                    disabled={v.crashed}
                    {oninput}
                    {onkeydown}
                />
                <button
                    class="button button--primary"
                    aria-label={format!("Propose at node {id}")}
                    disabled={v.crashed}
                    onclick={onclick_propose}
                >{ "Propose" }</button>
                // Floats over the row below, so a refusal never changes the
                // card's size or pushes into its neighbours.
                if let Some(error) = &props.error {
                    <p id={error_id} class="node-card__error" role="alert">{ error }</p>
                }
            </div>
            <div class="node-card__faults">
                <label class="node-card__fail">
                    <span aria-hidden="true">{ "fail " }</span>
                    <input
                        type="range" min="0" max="100" step="5"
                        value={v.failure_pct.to_string()}
                        aria-label={format!("Failure probability of node {id}")}
                        aria-valuetext={format!("{}%", v.failure_pct)}
                        oninput={oninput_fail}
                    />
                    <span class="node-card__fail-value">{ format!("{}%", v.failure_pct) }</span>
                </label>
                <button
                    class={classes!("button", if v.crashed { "button--restart" } else { "button--crash" })}
                    aria-label={format!("{} node {id}", if v.crashed { "Restart" } else { "Crash" })}
                    onclick={onclick_power}
                >{ if v.crashed { "Restart" } else { "Crash" } }</button>
            </div>
        </section>
    }
}
