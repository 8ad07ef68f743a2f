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
    // Left mid-challenge: the attempt comes back, as its number and its
    // run (see `Msg::ResumeChallenge`). (Options in the address open a
    // fresh run, but not a fresh challenge.)
    let resume = (!request.embed.on).then(storage::kept_attempt).flatten().map(|text| {
        let (attempt, link) = text.split_once(' ').unwrap_or_default();
        (attempt.parse().ok(), link.to_string())
    });
    let props = AppProps { request, kept, notice, resume };
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
