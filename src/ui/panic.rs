//! A visible error overlay for Rust panics.
//!
//! Without it, a panic in wasm freezes the page silently. The hook logs the
//! panic to the console (via `console_error_panic_hook`) and shows the
//! `#panic` overlay from `index.html`, which works even though Yew itself
//! can no longer run.

use wasm_bindgen::JsCast;

/// Install the panic hook. Safe to call more than once. It goes through
/// Yew, which otherwise replaces any hook with its own when it renders.
pub fn install() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_overlay(&info.to_string());
    }));
}

/// Show the error overlay with `detail`. Returns false if the page has no
/// overlay element.
pub fn show_overlay(detail: &str) -> bool {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return false };
    let Some(overlay) = doc.get_element_by_id("panic") else { return false };
    if let Some(text) = doc.get_element_by_id("panic-detail") {
        // Text, never markup: the detail may echo user input.
        text.set_text_content(Some(detail));
    }
    if let Ok(el) = overlay.dyn_into::<web_sys::HtmlElement>() {
        el.set_hidden(false);
    }
    true
}

/// Panic on purpose. The end-to-end run calls this, as
/// `window.wasmBindings.debug_panic`, to prove in a real browser that a Rust
/// panic shows the overlay instead of freezing the page. Nothing in the page
/// calls it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn debug_panic(reason: &str) {
    panic!("debug_panic: {reason}");
}
