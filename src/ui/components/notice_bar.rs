//! A dismissible message at the top: why an input was refused, or which
//! address parameters were ignored. A plain function: it holds no state.

use crate::ui::hooks::{focus_still, later};
use crate::ui::model::{Msg, Notice};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Whether anything on the page matches `selector`.
fn exists(selector: &str) -> bool {
    gloo::utils::document().query_selector(selector).ok().flatten().is_some()
}

/// The name a node's control takes in its other state, if it has one.
fn counterpart(label: &str) -> Option<String> {
    [("Restart node ", "Crash node "), ("Crash node ", "Restart node ")]
        .iter()
        .find_map(|(from, to)| label.strip_prefix(from).map(|node| format!("{to}{node}")))
}

/// The notice bar for `notice`, the `said`-th notice of the page, kept in
/// sight as the page scrolls if `pinned`; dismissing it sends
/// [`Msg::Dismiss`].
pub fn notice_bar(notice: &Notice, said: u32, pinned: bool, on_action: &Callback<Msg>) -> Html {
    // The pressed button goes with the notice, and the keyboard's focus
    // with it to the page's start; it goes to Play instead, which is always
    // there and is what most readers press next. Pressed by Ctrl+Z from
    // elsewhere, the focus stays where the reader left it: on the same
    // control redrawn for the run brought back (a card's), or else, if
    // the undone action took it away (a scenario's text), on Play.
    let settle = |msg: Msg| {
        on_action.reform(move |_: MouseEvent| {
            let document = gloo::utils::document();
            let body: Option<web_sys::Element> = document.body().map(Into::into);
            // On the page's body, the focus is nowhere (Safari does not
            // focus a clicked button): as if it were on the notice.
            let elsewhere = document
                .active_element()
                .filter(|f| Some(f) != body.as_ref() && f.closest(".notice").ok().flatten().is_none());
            let Some(elsewhere) = elsewhere else {
                // Undone with more to undo (changes in the past one after
                // another), the notice offers Undo again: the focus stays
                // on it. On Play, a second Enter, as the notice asked,
                // played the run instead.
                if matches!(msg, Msg::Undo) {
                    later(0, || {
                        focus_still(if exists(".notice__undo") { ".notice__undo" } else { ".transport__play" })
                    });
                } else {
                    focus_still(".transport__play");
                }
                return msg.clone();
            };
            let label = elsewhere.get_attribute("aria-label");
            // After the page has drawn what the message changes.
            later(0, move || {
                if elsewhere.is_connected() {
                    return;
                }
                // The same control, or its other state: a crash undone
                // turns "Restart node 4" back into "Crash node 4".
                let named = |l: &str| format!("[aria-label=\"{}\"]", l.replace('\\', "\\\\").replace('"', "\\\""));
                let found = label
                    .iter()
                    .flat_map(|l| [Some(l.clone()), counterpart(l)])
                    .flatten()
                    .map(|l| named(&l))
                    .find(|s| exists(s));
                focus_still(found.as_deref().unwrap_or(".transport__play"));
            });
            msg.clone()
        })
    };
    html! {
        <div class={classes!("notice", if notice.error { "notice--error" } else { "notice--info" },
                pinned.then_some("notice--pinned"))}>
            <div class="notice__body">
                // The whole text as a tooltip too: an embed shows two lines of it.
                // An error's text alone is an alert: on the whole notice,
                // its buttons were read out after it ("…Undo ✕"). Other
                // notices are read out by the page's announcer, which is
                // always there (see `App`).
                // An alert keyed by its number: a new one is a new element,
                // read out even when its words are the last one's (a
                // refusal repeated). Alone in a wrapper the layout does not
                // see, as Yew heeds keys only where every sibling has one.
                <div class="notice__live">
                    <p key={if notice.error { said } else { 0 }} class="notice__text" data-testid="notice"
                        title={notice.text.clone()} role={notice.error.then_some("alert")}>
                        { &notice.text }
                    </p>
                </div>
                if let Some(detail) = &notice.detail {
                    // Clicked or tabbed to, it selects itself whole: where
                    // the clipboard is refused (an iframe without the
                    // permission) the reader copies it by hand, and a click
                    // put the caret in the middle of a 2,000-character link.
                    <input class="notice__detail" type="text" readonly=true value={detail.text.clone()}
                        aria-label={detail.name} data-testid="notice-detail"
                        onfocus={Callback::from(|e: FocusEvent| e.target_unchecked_into::<HtmlInputElement>().select())}
                        onmouseup={Callback::from(|e: MouseEvent| {
                            // The browser's own mouseup would put the caret
                            // back where a second click landed.
                            e.prevent_default();
                            e.target_unchecked_into::<HtmlInputElement>().select();
                        })} />
                }
                if notice.undo {
                    // Ctrl+Z presses it from anywhere but a text box (see
                    // the page's keys): after Reset or a menu pick it was
                    // 45 Tabs away, past every card.
                    <button class="button notice__offer notice__undo" onclick={settle(Msg::Undo)}
                        aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)">
                        { "Undo" }
                    </button>
                }
            </div>
            <button class="button button--ghost" aria-label="Dismiss message" onclick={settle(Msg::Dismiss)}>
                <span aria-hidden="true">{ "✕" }</span>
            </button>
        </div>
    }
}
