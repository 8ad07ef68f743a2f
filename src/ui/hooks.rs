//! Small hooks that connect components to the browser: the animation
//! clock, the stage's width, and the user's motion preference.

use gloo::events::EventListener;
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A keydown handler that runs `action` when Enter is pressed.
pub fn on_enter(action: impl Fn() + 'static) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            action();
        }
    })
}

/// Keeps requesting animation frames while `active`, calling `on_frame` with
/// the milliseconds since the previous frame.
#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |active| {
        let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if *active {
            schedule(slot.clone(), on_frame, None);
        }
        // Dropping the pending frame cancels it.
        move || drop(slot.borrow_mut().take())
    });
}

fn schedule(slot: Rc<RefCell<Option<AnimationFrame>>>, on_frame: Callback<f64>, last: Option<f64>) {
    let next = slot.clone();
    let frame = request_animation_frame(move |now| {
        if let Some(last) = last {
            on_frame.emit(now - last);
        }
        schedule(next, on_frame, Some(now));
    });
    *slot.borrow_mut() = Some(frame);
}

/// The width of the element behind `node`, kept up to date on resize.
#[hook]
pub fn use_width(node: NodeRef, fallback: f64) -> f64 {
    let width = use_state(|| fallback);
    {
        let width = width.clone();
        use_effect_with(node, move |node| {
            let node = node.clone();
            let measure = move || {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let w = el.client_width() as f64;
                    if w > 0.0 {
                        width.set(w);
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    *width
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
