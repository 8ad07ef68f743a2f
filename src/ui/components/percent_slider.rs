//! A percentage slider that records one action per change, not one per
//! pixel: while it is dragged it only updates its own readout, and it
//! reports the value when released (or at each arrow-key press).
//!
//! A plain function rather than a component: the readout is written
//! straight into the slider's `<output>` while dragging, so it needs no
//! state of its own, and a component would cost the page kilobytes.

use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What a slider shows and where its value goes.
pub struct SliderParts<'a> {
    /// The visible label.
    pub text: &'a str,
    /// The accessible name.
    pub name: AttrValue,
    /// The current value, in whole percent.
    pub pct: u32,
    /// The largest value offered.
    pub max: u32,
    /// The label's CSS class.
    pub class: &'static str,
    /// Called with the new percentage when the user lets go.
    pub on_change: Callback<u32>,
}

fn input_of(e: &Event) -> HtmlInputElement {
    e.target_unchecked_into::<HtmlInputElement>()
}

fn value_of(e: &Event) -> u32 {
    input_of(e).value().parse().unwrap_or(0)
}

/// The slider.
pub fn percent_slider(props: SliderParts<'_>) -> Html {
    let SliderParts { text, name, pct, max, class, on_change } = props;
    let oninput = Callback::from(|e: InputEvent| {
        let input = input_of(&e);
        let shown = format!("{}%", value_of(&e));
        // Attribute and readout follow the thumb; the world waits for the
        // release. Setting an attribute on the slider cannot fail.
        let _ = input.set_attribute("aria-valuetext", &shown);
        // Into the text node Yew made, not a new one: Yew keeps writing to
        // its own node, and a replaced one left the readout stuck at the
        // dragged value when a scenario or a reset set another.
        if let Some(text) = input.next_element_sibling().and_then(|o| o.first_child()) {
            text.set_node_value(Some(&shown));
        }
    });
    let onchange = Callback::from(move |e: Event| {
        let value = value_of(&e);
        if value != pct {
            on_change.emit(value);
        }
    });
    let shown = format!("{pct}%");
    html! {
        <label class={class} title={name.clone()}>
            <span>{ text }</span>
            <input type="range" min="0" max={max.to_string()} step="5" value={pct.to_string()}
                aria-label={name} aria-valuetext={shown.clone()} {oninput} {onchange} />
            // Hidden from screen readers: an output is a live region of its
            // own, and each step was read twice, as the slider's value
            // (which the slider already says) and as this readout.
            <output aria-hidden="true">{ shown }</output>
        </label>
    }
}
