//! The Yew components, one per file, and the plain view functions that
//! draw the parts that need no state of their own; `moment` is App's hook
//! for what it derives from the moment shown.

pub mod announcer;
pub mod app;
pub mod challenge_panel;
pub mod diagram_arrow;
pub mod diagram_chunk;
pub mod embed_page;
pub mod event_log;
pub mod find_bug_panel;
pub mod invariants_panel;
pub mod legend;
pub mod message_packet;
pub mod message_track;
pub mod moment;
pub mod node_card;
pub mod node_history;
pub mod notice_bar;
pub mod partitions_panel;
pub mod percent_slider;
pub mod rules_panel;
pub mod scenario_panel;
pub mod space_time;
pub mod stage;
pub mod status_panel;
pub mod timeline_bar;
pub mod toolbar;
pub mod wires;
