//! The Yew components, one per file.

pub mod app;
pub mod event_log;
pub mod legend;
pub mod message_edge;
pub mod node_card;
pub mod notice_bar;
pub mod stage;
pub mod status_panel;
pub mod toolbar;
pub mod wires;
