//! The page's one polite live region: what a screen reader says of the
//! moment shown and of a new notice (see `App`), said once the words have
//! stood still for a moment. Stepping with a held arrow key changed them
//! twenty times in under a second, and a screen reader queued all twenty
//! to read out, long after the reader had stopped at the one they wanted.

use gloo::timers::callback::Timeout;
use std::rc::Rc;
use yew::prelude::*;

/// How long, in ms, the words must stand before they are said: longer
/// than the gap between a held key's repeats, short enough that a single
/// step is heard at once.
pub const SETTLE_MS: u32 = 250;

/// Props of [`Announcer`].
#[derive(Properties, PartialEq)]
pub struct AnnouncerProps {
    /// What to say; the region says it once it has stood for
    /// [`SETTLE_MS`].
    pub text: Rc<String>,
}

/// The live region, apart from the page so that saying something renders
/// only this.
#[component]
pub fn Announcer(props: &AnnouncerProps) -> Html {
    let said = use_state_eq(|| props.text.clone());
    {
        let said = said.clone();
        use_effect_with(props.text.clone(), move |text| {
            let text = text.clone();
            // Dropped, and so cancelled, when the words change again first.
            let wait = Timeout::new(SETTLE_MS, move || said.set(text));
            move || drop(wait)
        });
    }
    html! {
        <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">{ (**said).clone() }</div>
    }
}
