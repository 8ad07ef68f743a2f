//! The run kept in the browser between visits: one share link in
//! `localStorage`, written as the run changes and read when the page opens.
//!
//! Plain `web_sys::Storage` rather than gloo's storage, which would bring a
//! JSON library into the page for one string. Every failure (storage
//! switched off, full, or blocked in an iframe) just means nothing is kept.

const KEY: &str = "paxos-playground.run";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The kept run's link, if there is one.
pub fn kept() -> Option<String> {
    storage()?.get_item(KEY).ok().flatten()
}

/// Keep `link` for the next visit.
pub fn keep(link: &str) {
    if let Some(s) = storage() {
        // A full or blocked storage keeps nothing; the page works the same.
        let _ = s.set_item(KEY, link);
    }
}

/// Forget the kept run.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}
