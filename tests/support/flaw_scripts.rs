//! The flaw demos (`sim::flaw_demos`), played for the tests: each is a
//! short challenge attempt in which one flaw breaks safety. Shared by the
//! native tests (`tests/flaws_in_page.rs`) and the browser tests
//! (`tests/web.rs`), so the page's own view functions are judged on
//! exactly the runs the native tests drive, and the page's "Show me"
//! buttons open them.

#![allow(dead_code)] // each test crate uses a different part

use paxos_playground::paxos::Flaw;
use paxos_playground::sim::flaw_demos;
use paxos_playground::sim::Timeline;

/// The demo of `flaw`, played to its end: the challenge run with its
/// violations, paused nowhere (the caller seeks to the moment it wants).
pub fn played(flaw: Flaw) -> Timeline {
    flaw_demos::played(flaw).unwrap_or_else(|why| panic!("{flaw:?}: {why}"))
}
