//! Paxos Playground: single-decree Paxos that runs live in the browser.
//!
//! The crate has three rooms, and the arrows between them point one way:
//! [`paxos`] is the pure protocol (no clock, no randomness, no web types),
//! [`sim`] is the deterministic seeded world that runs it, and [`ui`] is
//! the Yew layer that draws the world and sends user actions into it (built
//! only for `wasm32`, but for its pure geometry, [`ui::layout`]).

#![warn(missing_docs)]

pub mod paxos;
pub mod sim;
pub mod ui;
