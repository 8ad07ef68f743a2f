//! The global controls: the clock, the cluster size, network faults, the
//! seed and new rounds.

use crate::ui::hooks::on_enter;
use crate::ui::model::{Msg, SIZES, SPEEDS};
use crate::ui::url::speed_name;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Whether the clock runs.
    pub playing: bool,
    /// Speed, as an index into [`SPEEDS`].
    pub speed: usize,
    /// Cluster size.
    pub nodes: usize,
    /// Message loss, whole percent.
    pub loss: u32,
    /// Duplication, whole percent.
    pub duplication: u32,
    /// The current seed.
    pub seed: u64,
    /// Changes when the world is rebuilt (resets the seed box).
    pub epoch: u32,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
}

/// A labelled percentage slider that sends `make(fraction)` as it moves.
fn percent_slider(label: &'static str, pct: u32, max: u32, on_action: &Callback<Msg>, make: fn(f64) -> Msg) -> Html {
    let on_action = on_action.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let pct: u32 = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(0);
        on_action.emit(make(f64::from(pct) / 100.0));
    });
    html! {
        <label class="toolbar__field">
            <span>{ label }</span>
            <input type="range" min="0" max={max.to_string()} step="5" value={pct.to_string()}
                aria-label={label} aria-valuetext={format!("{pct}%")} {oninput} />
            <output class="toolbar__value">{ format!("{pct}%") }</output>
        </label>
    }
}

/// The toolbar.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let seed_text = use_state(|| props.seed.to_string());
    {
        // A rebuilt world (new seed, size or reset) shows its own seed.
        let (seed_text, seed) = (seed_text.clone(), props.seed);
        use_effect_with(props.epoch, move |_| seed_text.set(seed.to_string()));
    }
    let a = &props.on_action;
    let play = {
        let (a, playing) = (a.clone(), props.playing);
        Callback::from(move |_: MouseEvent| a.emit(if playing { Msg::Pause } else { Msg::Play }))
    };
    let step = {
        let a = a.clone();
        Callback::from(move |_: MouseEvent| a.emit(Msg::Step))
    };
    let new_round = {
        let a = a.clone();
        Callback::from(move |_: MouseEvent| a.emit(Msg::NewRound))
    };
    let reset = {
        let a = a.clone();
        Callback::from(move |_: MouseEvent| a.emit(Msg::Reset))
    };
    let speed = {
        let a = a.clone();
        Callback::from(move |e: InputEvent| {
            let i: usize = e.target_unchecked_into::<HtmlInputElement>().value().parse().unwrap_or(2);
            a.emit(Msg::Speed(i));
        })
    };
    let nodes = {
        let a = a.clone();
        Callback::from(move |e: Event| {
            let n: usize = e.target_unchecked_into::<HtmlSelectElement>().value().parse().unwrap_or(5);
            a.emit(Msg::Nodes(n));
        })
    };
    let seed_input = {
        let seed_text = seed_text.clone();
        Callback::from(move |e: InputEvent| seed_text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let seed_apply = {
        let (a, seed_text, seed) = (a.clone(), seed_text.clone(), props.seed);
        move || {
            if *seed_text != seed.to_string() {
                a.emit(Msg::Seed((*seed_text).clone()));
            }
        }
    };
    let seed_key = on_enter(seed_apply.clone());
    let seed_blur = Callback::from(move |_: FocusEvent| seed_apply());
    let mut sizes: Vec<usize> = SIZES.to_vec();
    if !sizes.contains(&props.nodes) {
        sizes.push(props.nodes); // a size from the address, such as 11
        sizes.sort_unstable();
    }
    let speed_text = format!("{}×", speed_name(SPEEDS[props.speed.min(SPEEDS.len() - 1)]));
    html! {
        <div class="toolbar" role="toolbar" aria-label="Simulation controls">
            <div class="toolbar__group">
                <button class="button button--primary toolbar__play" onclick={play}>
                    <span class="icon" aria-hidden="true">{ if props.playing { "❚❚" } else { "▶" } }</span>
                    { if props.playing { "Pause" } else { "Play" } }
                </button>
                <button class="button" onclick={step} title="Deliver exactly the next event">{ "Step" }</button>
                <label class="toolbar__field">
                    <span>{ "Speed" }</span>
                    <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                        value={props.speed.to_string()} aria-label="Speed" aria-valuetext={speed_text.clone()}
                        oninput={speed} />
                    <output class="toolbar__value">{ speed_text }</output>
                </label>
            </div>
            <div class="toolbar__group">
                <label class="toolbar__field">
                    <span>{ "Nodes" }</span>
                    <select aria-label="Nodes" onchange={nodes}>
                        { for sizes.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == props.nodes}>{ n }</option>
                        }) }
                    </select>
                </label>
                { percent_slider("Message loss", props.loss, 100, a, Msg::Loss) }
                { percent_slider("Duplication", props.duplication, 50, a, Msg::Duplication) }
            </div>
            <div class="toolbar__group">
                <label class="toolbar__field">
                    <span>{ "Seed" }</span>
                    <input class="toolbar__seed" type="text" inputmode="numeric" aria-label="Seed"
                        value={(*seed_text).clone()} oninput={seed_input} onkeydown={seed_key} onblur={seed_blur} />
                </label>
                <button class="button" onclick={reset} title="Start this seed again from the beginning">{ "Reset" }</button>
                <button class="button button--accent" onclick={new_round}
                    title="Start a fresh Paxos instance on every node (the demo's /reset/)">{ "New round" }</button>
            </div>
        </div>
    }
}
