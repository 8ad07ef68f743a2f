//! A percentage slider that records one action per change, not one per
//! pixel: while it is dragged it only updates its own readout, and it
//! reports the value when released. Moved by keys, it reports once the
//! keys rest or the focus leaves: ten presses of → to reach 50% were ten
//! actions on the timeline, in the link and read aloud. A finger that
//! lands on it and scrolls the page changes nothing.
//!
//! A plain function rather than a component: the readout is written
//! straight into the slider's `<output>` while dragging, and the one
//! keyed change waiting is kept for the page (one slider has the focus at
//! a time), so it needs no state of its own, and a component would cost
//! the page kilobytes.

use crate::ui::hooks::later;
use std::cell::{Cell, RefCell};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How long the keys must rest before a keyed change is reported, in ms.
const KEYS_REST_MS: i32 = 700;

/// A change's report, kept until it is due.
type Report = Box<dyn FnOnce()>;

thread_local! {
    /// Whether the last slider change came from a key, not a pointer.
    static KEYED: Cell<bool> = const { Cell::new(false) };
    /// A keyed change not yet reported, with a number that tells its timer
    /// from the timers of the changes it replaced, and the slider's name:
    /// one at a time, since one slider has the focus.
    static PENDING: RefCell<Option<(u32, AttrValue, Report)>> = const { RefCell::new(None) };
    /// The number the next keyed change gets.
    static NEXT: Cell<u32> = const { Cell::new(0) };
    /// Whether the browser took the last touch on a slider for scrolling
    /// the page (see `pointercancel` below).
    static SCROLLED: Cell<bool> = const { Cell::new(false) };
}

/// Report the keyed change still waiting, if any, now: before any other
/// action (a key that plays, Ctrl+Z's Undo), so that the change lands on
/// the run, and at the moment, the reader made it in.
pub fn flush() {
    // Out of the borrow first: the report re-renders the page.
    let pending = PENDING.with(|p| p.borrow_mut().take());
    if let Some((_, _, report)) = pending {
        report();
    }
}

/// Keep `report`, of slider `name`, until the keys rest (a later keyed
/// change of it replaces it), the focus leaves, or another slider changes.
fn report_later(name: AttrValue, report: Report) {
    let number = NEXT.get();
    NEXT.set(number.wrapping_add(1));
    PENDING.with(|p| *p.borrow_mut() = Some((number, name, report)));
    // A timer whose change was replaced or reported finds another number,
    // or none, and does nothing.
    later(KEYS_REST_MS, move || {
        if PENDING.with(|p| p.borrow().as_ref().is_some_and(|(n, _, _)| *n == number)) {
            flush();
        }
    });
}

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
    /// Called with the new percentage when the user lets go (moved by
    /// keys: when they rest, see the module's note).
    pub on_change: Callback<u32>,
}

fn input_of(e: &Event) -> HtmlInputElement {
    e.target_unchecked_into::<HtmlInputElement>()
}

fn value_of(e: &Event) -> u32 {
    input_of(e).value().parse().unwrap_or(0)
}

/// Show `pct` in `input`'s value text and in its readout.
fn show(input: &HtmlInputElement, pct: u32) {
    let shown = format!("{pct}%");
    // Setting an attribute on the slider cannot fail.
    let _ = input.set_attribute("aria-valuetext", &shown);
    // Into the text node Yew made, not a new one: Yew keeps writing to its
    // own node, and a replaced one left the readout stuck at the dragged
    // value when a scenario or a reset set another.
    if let Some(text) = input.next_element_sibling().and_then(|o| o.first_child()) {
        text.set_node_value(Some(&shown));
    }
}

/// The slider.
pub fn percent_slider(props: SliderParts<'_>) -> Html {
    let SliderParts { text, name, pct, max, class, on_change } = props;
    // Attribute and readout follow the thumb; the world waits for the
    // release.
    let oninput = Callback::from(|e: InputEvent| show(&input_of(&e), value_of(&e)));
    let onchange = {
        let name = name.clone();
        Callback::from(move |e: Event| {
            // A finger that scrolled the page from a card's slider moved
            // the thumb where it first landed, and the browser reports
            // that as a change once the scroll begins: on a phone, every
            // swipe through the cards set some node's loss. Put back.
            if SCROLLED.replace(false) {
                let input = input_of(&e);
                input.set_value(&pct.to_string());
                return show(&input, pct);
            }
            let value = value_of(&e);
            // This slider's change waiting is replaced: reported, its value
            // would re-render the slider back under the keys still moving
            // it. Another slider's is reported first, keeping the order.
            let mine = PENDING.with(|p| p.borrow().as_ref().is_some_and(|(_, n, _)| *n == name));
            if mine {
                PENDING.with(|p| p.borrow_mut().take());
            } else {
                flush();
            }
            let on_change = on_change.clone();
            let report = move || {
                if value != pct {
                    on_change.emit(value);
                }
            };
            if KEYED.get() {
                report_later(name.clone(), Box::new(report));
            } else {
                report();
            }
        })
    };
    let onkeydown = Callback::from(|_: KeyboardEvent| {
        KEYED.set(true);
        // A swipe that scrolled without moving the thumb left no change
        // to put back: the flag must not undo this key's.
        SCROLLED.set(false);
    });
    let onpointerdown = Callback::from(|_: PointerEvent| {
        KEYED.set(false);
        SCROLLED.set(false);
    });
    // The browser cancels a pointer it takes for scrolling.
    let onpointercancel = Callback::from(|_: PointerEvent| SCROLLED.set(true));
    let onblur = Callback::from(|_: FocusEvent| flush());
    let shown = format!("{pct}%");
    html! {
        <label class={class} title={name.clone()}>
            <span>{ text }</span>
            <input type="range" min="0" max={max.to_string()} step="5" value={pct.to_string()}
                aria-label={name} aria-valuetext={shown.clone()} {oninput} {onchange} {onkeydown} {onpointerdown} {onpointercancel} {onblur} />
            // Hidden from screen readers: an output is a live region of its
            // own, and each step was read twice, as the slider's value
            // (which the slider already says) and as this readout.
            <output aria-hidden="true">{ shown }</output>
        </label>
    }
}
