//! The Yew layer: draws the simulated world and sends user actions into it.
//!
//! `model` holds the page state (a whole run as a timeline) and its one
//! reducer, `view` derives what to draw from the world at the cursor,
//! [`layout`] places the cards, `clock` ties ticks to the browser's time,
//! and `components` renders them, one component per file. Nothing here
//! changes the protocol or the world except through the timeline's
//! actions. All but `layout` are built for `wasm32` only (plain names
//! here, as a native build's documentation has no page for them).

// Pure geometry: built natively too, so that `cargo test` checks it.
pub mod layout;

// Everything else needs the browser (Yew, web-sys, gloo). One attribute
// each, not a macro: rustfmt finds a module's file by its `mod` item, and
// skipped every module a macro declared.
#[cfg(target_arch = "wasm32")]
pub mod challenge;
#[cfg(target_arch = "wasm32")]
pub mod clock;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod files;
#[cfg(target_arch = "wasm32")]
pub mod find_bug;
#[cfg(target_arch = "wasm32")]
pub mod hooks;
#[cfg(target_arch = "wasm32")]
pub mod model;
#[cfg(target_arch = "wasm32")]
pub mod panic;
#[cfg(target_arch = "wasm32")]
pub mod run_files;
#[cfg(target_arch = "wasm32")]
pub mod storage;
#[cfg(target_arch = "wasm32")]
pub mod url;
#[cfg(target_arch = "wasm32")]
pub mod view;

/// Mount the playground into `#app` (or the body), opening what the
/// address asks for, else the run kept from the last visit.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    use components::app::{App, AppProps};
    use model::Notice;
    panic::install();
    let (pairs, fragment) = url::current();
    let (mut request, problems) = url::parse(&pairs, &fragment);
    let notice = (!problems.is_empty()).then(|| Notice::error(problems.join(" ")));
    // An embed shows what its address says, never a reader's own last run;
    // options in the address also mean a fresh run. A link or scenario
    // that cannot be opened shows the last run instead (see `Model::open`).
    let own = !request.embed.on && !request.has_options;
    let kept = if own { storage::kept() } else { None };
    // The speed picked last time, with the run: a reload put a reader who
    // watched at 4× back at 1×. (A stored value out of range is ignored.)
    if let Some(speed) = storage::speed().filter(|s| own && *s < model::SPEEDS.len()) {
        request.start.speed = speed;
    }
    // Left mid-challenge: the attempt is gone, which the page says rather
    // than open on the run from before it as if nothing had happened.
    // (Options in the address open a fresh run, but the attempt is gone all
    // the same.)
    let notice = if !request.embed.on && storage::was_playing() {
        // (The run a challenge was started from is kept even if nothing
        // was done in it, and opens with no word; then there is none to
        // speak of.)
        let then = if kept.as_deref().is_some_and(model::kept_acted) {
            " This is your run from before it, paused where you left it."
        } else {
            ""
        };
        let left = format!("Your challenge attempt ended when the page was left: only your record of attempts is kept, and Challenge starts a new one.{then}");
        Some(match notice {
            Some(n) => Notice { text: format!("{} {left}", n.text), ..n },
            None => Notice::info(left),
        })
    } else {
        notice
    };
    let props = AppProps { request, kept, notice };
    // The fragment names the run (`#scenario=`, `#run=`). Course notes may
    // link from one scenario to another on the same page, which changes
    // only the fragment and loads nothing: open the new address afresh.
    // (The page itself never sets the fragment, so this fires only for
    // such a link or a reader editing the address.)
    gloo::events::EventListener::new(&gloo::utils::window(), "hashchange", |_| {
        let _ = gloo::utils::window().location().reload();
    })
    .forget();
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}
