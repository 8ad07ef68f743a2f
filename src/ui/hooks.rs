//! Small hooks that connect components to the browser: the per-frame
//! check for due events, the stage's size, and the user's motion
//! preference; and a helper that scrolls a panel into view.

use super::clock::Clock;
use super::model::Msg;
use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Scroll the element matching `selector` into view with the least
/// movement that shows it whole. Call it after the render that drew it.
pub fn reveal(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// A keydown handler that runs `action` when Enter is pressed.
pub fn on_enter(action: impl Fn() + 'static) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            action();
        }
    })
}

/// A gap between frames longer than this means the page was hidden; the
/// clock then carries on from where it was instead of leaping ahead.
const GAP_MS: f64 = 250.0;

/// What the frame loop needs to know, refreshed on every render.
struct FrameWatch {
    clock: Clock,
    due: Option<u64>,
}

/// While the clock plays, checks on every animation frame whether the next
/// event is due, and only then sends [`Msg::Advance`]. That check is all
/// the Rust that runs per frame; the browser animates the messages itself.
#[hook]
pub fn use_frame_loop(clock: Clock, due: Option<u64>, on: Callback<Msg>) {
    let watch = use_mut_ref(|| FrameWatch { clock, due });
    {
        let mut w = watch.borrow_mut();
        w.clock = clock;
        w.due = due;
    }
    use_effect_with(clock.playing, move |playing| {
        let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if *playing {
            schedule(slot.clone(), watch, on, None);
        }
        // Dropping the pending frame cancels it.
        move || drop(slot.borrow_mut().take())
    });
}

fn schedule(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    watch: Rc<RefCell<FrameWatch>>,
    on: Callback<Msg>,
    last: Option<f64>,
) {
    let next = slot.clone();
    let frame = request_animation_frame(move |ms| {
        let msg = {
            let w = watch.borrow();
            match last {
                Some(last) if ms - last > GAP_MS => Some(Msg::Resync { tick: w.clock.tick_at(last) as u64, ms }),
                _ => {
                    let tick = w.clock.tick_at(ms);
                    w.due.filter(|due| tick >= *due as f64).map(|_| Msg::Advance(tick as u64))
                }
            }
        };
        // The borrow ends first: handling the message re-renders, which
        // refreshes the watch.
        if let Some(msg) = msg {
            on.emit(msg);
        }
        schedule(next, watch, on, Some(ms));
    });
    *slot.borrow_mut() = Some(frame);
}

/// The width and height of the element behind `node`, kept up to date on
/// resize.
#[hook]
pub fn use_size(node: NodeRef, fallback: (f64, f64)) -> (f64, f64) {
    let size = use_state(|| fallback);
    {
        let size = size.clone();
        use_effect_with(node, move |node| {
            let node = node.clone();
            let measure = move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
                    if w > 0.0 && *size != (w, h) {
                        size.set((w, h));
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    *size
}

/// Whether `query` (a CSS media query) matches, following changes.
#[hook]
pub fn use_media(query: &'static str) -> bool {
    let matches = use_state(|| media(query).is_some_and(|m| m.matches()));
    {
        let matches = matches.clone();
        use_effect_with((), move |_| {
            let listener = media(query).map(|list| {
                let target: web_sys::EventTarget = list.clone().unchecked_into();
                EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    gloo::utils::window().match_media(query).ok().flatten()
}
