//! What the toolbar's buttons for the run as a whole do: copy a share
//! link, open the run for a projector, roll a random seed, export the run
//! to a file, import one, and start fresh. Each needs the browser (the
//! clipboard, a new tab, the secure random source, downloads, file
//! reading, the address bar), so they live here, apart from the model,
//! which only hears the outcome as a [`Msg`].

use super::files::{self, download};
use super::model::{seconds, too_crowded, Model, Msg, Notice};
use super::storage;
use super::url::{clear_address, embed_code, full_playground};
use crate::sim::runfile::{self, MAX_FILE_BYTES};
use yew::prelude::*;

/// The toolbar's callbacks for the run as a whole.
pub struct RunFiles {
    /// Copy a share link of the run at its cursor.
    pub copy: Callback<MouseEvent>,
    /// Copy the HTML that embeds that link in a course page.
    pub embed: Callback<MouseEvent>,
    /// Open that link as an embed filling a new tab: large, for a projector.
    pub present: Callback<MouseEvent>,
    /// Start afresh on a random seed.
    pub dice: Callback<MouseEvent>,
    /// Download the run as a JSON file.
    pub export: Callback<MouseEvent>,
    /// Open a run from a chosen file.
    pub import: Callback<web_sys::File>,
    /// Forget the kept run and start from the defaults.
    pub fresh: Callback<MouseEvent>,
}

/// A fresh 64-bit seed from the browser's secure random source.
fn random_seed() -> Option<u64> {
    let mut bytes = [0u8; 8];
    getrandom::getrandom(&mut bytes).ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// Put `text` on the clipboard; say whether it worked.
async fn copy_to_clipboard(text: String) -> bool {
    let navigator = gloo::utils::window().navigator();
    // A page served over plain http (a department's web server) has no
    // clipboard at all: calling it threw, and the button did nothing. It
    // then gets the box to copy from by hand, as when the browser refuses.
    let present =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !present {
        return false;
    }
    wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(&text)).await.is_ok()
}

/// The toolbar's callbacks, for `model`.
#[hook]
pub fn use_run_files(model: UseReducerHandle<Model>) -> RunFiles {
    let dispatcher = model.dispatcher();
    let share = |embed: bool| {
        let (model, d) = (model.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(why) = too_crowded(&model.run.borrow(), "shared") {
                d.dispatch(Msg::Say(Notice::error(why)));
                return;
            }
            let text = if embed {
                let demo = crate::sim::flaw_demos::of(&model.run.borrow()).map(|f| crate::ui::view::rule(f).0);
                embed_code(&model.link(), model.scenario, demo)
            } else {
                full_playground(&model.link(), model.scenario.map(|s| s.name))
            };
            let d = d.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let copied = copy_to_clipboard(text.clone()).await;
                d.dispatch(Msg::Shared { text, copied, embed });
            });
        })
    };
    let (copy, embed) = (share(false), share(true));
    // The embed's view fills a projector's screen with the cluster, its
    // time controls and a scenario's story, at a size the back of a room
    // reads: the full page's cards, beside its panels, were too small.
    let present = {
        let (model, d) = (model.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(why) = too_crowded(&model.run.borrow(), "presented") {
                d.dispatch(Msg::Say(Notice::error(why)));
                return;
            }
            let page = full_playground(&model.link(), model.scenario.map(|s| s.name)).replacen('#', "?embed=1#", 1);
            let opened = gloo::utils::window().open_with_url_and_target(&page, "_blank");
            if !matches!(opened, Ok(Some(_))) {
                d.dispatch(Msg::Say(Notice::error(
                    "The browser would not open a new tab for the presentation: allow pop-ups for this page, or use Copy link and add &embed=1 to the link's end.",
                )));
            }
        })
    };
    let dice = {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(seed) = random_seed() {
                d.dispatch(Msg::Seed(seed.to_string()));
            }
        })
    };
    let export = {
        let (model, d) = (model.clone(), dispatcher.clone());
        Callback::from(move |_: MouseEvent| match too_crowded(&model.run.borrow(), "exported") {
            Some(why) => d.dispatch(Msg::Say(Notice::error(why))),
            None => match runfile::write(&model.run_link()) {
                Ok(text) => {
                    // Named by what it is and where, so that a teacher's files
                    // for several moments do not overwrite each other.
                    let at = model.run.borrow().position().at;
                    let what = model.scenario.map_or("free-play", |s| s.name);
                    // "4.0 s" becomes "4.0s".
                    let when = seconds(at).replace(' ', "");
                    download(&format!("paxos-run-{what}-{when}.json"), "application/json", &text)
                }
                Err(e) => d.dispatch(Msg::Say(Notice::error(e.to_string()))),
            },
        })
    };
    let import = {
        let d = dispatcher.clone();
        Callback::from(move |file: web_sys::File| {
            let (d, name) = (d.clone(), file.name());
            wasm_bindgen_futures::spawn_local(async move {
                let read = files::read(file, MAX_FILE_BYTES).await.and_then(|text| runfile::read(&text));
                d.dispatch(match read {
                    Ok(link) => Msg::OpenRun(link, name, None),
                    Err(e) => {
                        Msg::Say(Notice::error(format!("“{name}” cannot be imported. {e} Your run is unchanged.")))
                    }
                });
            });
        })
    };
    let fresh = {
        let d = dispatcher.clone();
        Callback::from(move |_: MouseEvent| {
            storage::forget();
            // Drop a #run= or #scenario= from the address, and the options
            // a fresh run would open with, so a reload starts fresh too, as
            // this does. (Never in an embed: there is no button.)
            clear_address();
            d.dispatch(Msg::StartFresh);
        })
    };

    RunFiles { copy, embed, present, dice, export, import, fresh }
}
