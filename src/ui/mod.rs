//! The Yew layer: draws the simulated world and sends user actions into it.
//!
//! [`model`] holds the page state (a whole run as a timeline) and its one
//! reducer, [`view`] derives what to draw from the world at the cursor,
//! [`layout`] places the cards, [`clock`] ties ticks to the browser's time,
//! and [`components`] renders them, one component per file. Nothing here
//! changes the protocol or the world except through the timeline's
//! actions.

pub mod challenge;
pub mod clock;
pub mod components;
pub mod files;
pub mod find_bug;
pub mod hooks;
pub mod layout;
pub mod model;
pub mod panic;
pub mod run_files;
pub mod storage;
pub mod url;
pub mod view;

use components::app::{App, AppProps};
use model::Notice;

/// Mount the playground into `#app` (or the body), opening what the
/// address asks for, else the run kept from the last visit.
pub fn start() {
    panic::install();
    let (pairs, fragment) = url::current();
    let (request, problems) = url::parse(&pairs, &fragment);
    let notice = (!problems.is_empty()).then(|| Notice::error(problems.join(" ")));
    // An embed shows what its address says, never a reader's own last run;
    // options in the address also mean a fresh run. A link or scenario
    // that cannot be opened shows the last run instead (see `Model::open`).
    let own = !request.embed.on && !request.has_options;
    let kept = if own { storage::kept() } else { None };
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
