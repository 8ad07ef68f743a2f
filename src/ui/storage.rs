//! What the page keeps in `localStorage` between visits: the run, as one
//! share link written as the run changes and read when the page opens, the
//! speed last picked, the challenge attempt being played, and (through
//! [`get`] and [`set`]) the challenge's record.
//!
//! Plain `web_sys::Storage` rather than gloo's storage, which would bring a
//! JSON library into the page for one string. Every failure (storage
//! switched off, full, or blocked in an iframe) just means nothing is kept.

const KEY: &str = "paxos-playground.run";
const SPEED: &str = "paxos-playground.speed";
const PLAYING: &str = "paxos-playground.playing-challenge";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

/// The text stored under `key`, if any can be read.
pub fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Store `text` under `key`, and say whether it was stored. A full or
/// blocked storage keeps nothing; the page works the same.
pub fn set(key: &str, text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, text).is_ok())
}

/// The kept run's link, if there is one.
pub fn kept() -> Option<String> {
    get(KEY)
}

/// Keep `link` for the next visit, and say whether it was kept.
pub fn keep(link: &str) -> bool {
    set(KEY, link)
}

/// Forget the kept run.
pub fn forget() {
    if let Some(s) = storage() {
        let _ = s.remove_item(KEY);
    }
}

/// The speed last picked, as an index into the page's speeds, if one was
/// kept and reads as a number (the caller checks its range).
pub fn speed() -> Option<usize> {
    get(SPEED)?.trim().parse().ok()
}

/// Keep the speed just picked, for the next visit.
pub fn keep_speed(index: usize) {
    set(SPEED, &index.to_string());
}

/// Keep the challenge attempt being played (its number and its run as a
/// share link), or forget it when the challenge is left: a reload brings
/// it back.
pub fn keep_attempt(attempt: Option<&str>) {
    match (attempt, storage()) {
        (Some(text), Some(s)) => {
            let _ = s.set_item(PLAYING, text);
        }
        (None, Some(s)) => {
            let _ = s.remove_item(PLAYING);
        }
        (_, None) => {}
    }
}

/// The challenge attempt being played when the page was last left, as
/// kept by [`keep_attempt`].
pub fn kept_attempt() -> Option<String> {
    get(PLAYING)
}
