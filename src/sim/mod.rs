//! The deterministic world the protocol runs in.
//!
//! The simulator owns logical time, a faulty network (loss, per-node
//! failure, delays, duplication, crashes, partitions) and the one seeded PRNG
//! of the project. It records user actions so a run can be replayed bit for
//! bit, writes a serialisable event trace, and checks Paxos's safety
//! properties after every event. The model checker ([`explore`]) and the
//! random seed sweep ([`sweep`]) are built on the same pieces.

pub mod challenge;
mod check;
mod config;
pub mod diagram;
pub mod dispatch;
pub mod explore;
pub mod flaw_demos;
pub mod link;
pub mod narrate;
mod rng;
pub mod runfile;
pub mod scenarios;
pub mod sweep;
pub mod timeline;
mod trace;
mod world;

pub use check::{Checker, Finding, Property, Snapshot, Violation};
pub use config::{
    check_delay, check_node_delay, check_nodes, check_probability, hides, parse_value, turns_text, Settings, SimConfig,
    SimError, MAX_ACTIONS, MAX_DELAY, MAX_NODES, MAX_STEPS, MAX_TICK, MAX_VALUE_CHARS,
};
pub use narrate::{from_percent, nodes_in_words, whole_percent};
pub use rng::Rng;
pub use timeline::Timeline;
pub use trace::{
    check_action, fingerprint, validate_log, Action, DropReason, Entry, Event, LogError, Logged, MsgId, Position,
    Trace, TraceError, TraceFile, TraceMode, TRACE_FORMAT, TRACE_VERSION,
};
pub use world::{Flight, NodeView, RoundRecord, Sim, State, Stats};
