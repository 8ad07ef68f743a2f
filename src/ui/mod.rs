//! The Yew layer: draws the simulated world and sends user actions into it.
//!
//! [`model`] holds the page state (a whole run as a timeline) and its one
//! reducer, [`view`] derives what to draw from the world at the cursor,
//! [`layout`] places the cards, [`clock`] ties ticks to the browser's time,
//! and [`components`] renders them, one component per file. Nothing here
//! changes the protocol or the world except through the timeline's
//! actions.

pub mod clock;
pub mod components;
pub mod hooks;
pub mod layout;
pub mod model;
pub mod panic;
pub mod url;
pub mod view;

use components::app::{App, AppProps};
use model::Notice;

/// Mount the playground into `#app` (or the body), reading starting
/// options from the address.
pub fn start() {
    panic::install();
    let (start, problems) = url::parse(&url::current());
    let notice = (!problems.is_empty()).then(|| Notice { text: problems.join(" "), error: true });
    let props = AppProps { start, notice };
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<App>::with_props(props).render(),
    };
}
