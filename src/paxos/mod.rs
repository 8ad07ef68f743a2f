//! The protocol: single-decree Paxos as "Paxos Made Simple" states it.
//!
//! Everything here is sans-IO. A [`Node`] is a proposer, an acceptor and a
//! learner at once; it reacts to one input at a time (a proposal, a message,
//! a timer) and writes what it wants done into an output list. The caller —
//! the simulator, a unit test, or the model checker — decides when and
//! whether those messages arrive. There is no clock and no randomness, so the
//! same inputs always give the same outputs.
//!
//! The [`Flaws`] switches break one rule each. They are off by default and
//! exist so the checker and the page can show why every rule matters.

mod acceptor;
mod node;
mod proposer;
mod types;

pub use acceptor::Acceptor;
pub use node::Node;
pub use proposer::{Phase, Proposer, Tally};
pub use types::{
    Ballot, Flaw, Flaws, GiveUp, Message, MessageKind, NodeId, NodeSet, Note, Output, PaxosError, Proposal, TimerKind,
    Value, ValueFrom, MAX_CLUSTER,
};

/// How many replies a proposer waits for in a cluster of `n` nodes.
///
/// Correct Paxos needs a strict majority, `n/2 + 1`: any two majorities share
/// an acceptor, and that shared acceptor is what carries a chosen value into
/// every later ballot. The [`Flaw::MinorityQuorum`] flaw uses `n/2`, so two
/// quorums can miss each other entirely.
pub fn quorum(n: usize, flaws: Flaws) -> usize {
    if flaws.has(Flaw::MinorityQuorum) {
        (n / 2).max(1)
    } else {
        n / 2 + 1
    }
}

/// The true majority of `n` nodes, whatever the flaws say. The safety checker
/// uses this to decide when a value is really chosen.
pub fn majority(n: usize) -> usize {
    n / 2 + 1
}
