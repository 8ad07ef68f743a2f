//! Paxos Playground: single-decree Paxos that runs live in the browser.
//!
//! The crate has three rooms, and the arrows between them point one way:
//! [`paxos`] is the pure protocol (no clock, no randomness, no web types),
//! [`sim`] is the deterministic seeded world that runs it, and `ui` (built
//! only for `wasm32`) is the Yew layer that draws the world and sends user
//! actions into it.

#![warn(missing_docs)]

pub mod paxos;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod ui;
