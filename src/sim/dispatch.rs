//! Carrying out what a node asked for, the same way everywhere.
//!
//! After a node handles one input, its outputs go through [`carry_out`]: the
//! safety checker reviews the step (from the node's state before and after
//! it, and the messages it sends, never its notes), a broadcast
//! becomes one send per node (the sender included), and a send to a node
//! that does not exist goes nowhere. The simulator and the model checker
//! both call it, each with its own [`Host`]: the simulator's network with
//! delays and faults, the model checker's set of packets. So a
//! counterexample found by the search replays in the simulator step for
//! step, and the two can never route a message differently.

use super::check::{Checker, Finding, Snapshot};
use crate::paxos::{Message, NodeId, Note, Output, TimerKind};

/// Where a node's outputs go.
pub trait Host {
    /// How many nodes the cluster has.
    fn cluster(&self) -> usize;
    /// The safety checker that reviews every step.
    fn checker(&mut self) -> &mut Checker;
    /// Put `msg` from `from` on its way to `to` (an existing node).
    fn send(&mut self, from: NodeId, to: NodeId, msg: Message);
    /// Start or replace `node`'s timer.
    fn set_timer(&mut self, node: NodeId, kind: TimerKind);
    /// Stop `node`'s timer.
    fn cancel_timer(&mut self, node: NodeId);
    /// Record a decision `node` reported.
    fn note(&mut self, node: NodeId, note: Note);
}

/// Carry out `out`, the outputs node `me` produced in one step, through
/// `host`. `before` and `after` are the node's snapshots around the step.
/// The checker's findings are appended to `findings`; `out` is left empty.
pub fn carry_out(
    host: &mut impl Host,
    me: NodeId,
    before: &Snapshot,
    after: &Snapshot,
    out: &mut Vec<Output>,
    findings: &mut Vec<Finding>,
) {
    host.checker().review(me, before, after, out, findings);
    let n = host.cluster();
    for output in out.drain(..) {
        match output {
            Output::Send { to, msg } => {
                // Replies go to their sender, always a member; the guard
                // keeps an id outside the cluster from reaching the network
                // should a rule ever address one.
                if to.is_member_of(n) {
                    host.send(me, to, msg);
                }
            }
            Output::Broadcast(msg) => {
                for to in NodeId::members(n) {
                    host.send(me, to, msg.clone());
                }
            }
            Output::SetTimer(kind) => host.set_timer(me, kind),
            Output::CancelTimer => host.cancel_timer(me),
            Output::Note(note) => host.note(me, note),
        }
    }
}
