//! The acceptor: the memory of Paxos.
//!
//! An acceptor keeps two facts on stable storage — the highest ballot it has
//! promised and the highest proposal it has accepted — and answers each
//! request with a reply for the proposer that sent it.

use super::types::{Ballot, Flaw, Flaws, Message, Proposal};
use serde::{Deserialize, Serialize};

/// An acceptor's durable state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Acceptor {
    /// The highest ballot this acceptor has promised, if any.
    pub promised: Option<Ballot>,
    /// The highest-numbered proposal this acceptor has accepted, if any.
    pub accepted: Option<Proposal>,
}

impl Acceptor {
    /// Phase 1b: answer `Prepare(ballot)`.
    pub fn on_prepare(&mut self, ballot: Ballot) -> Message {
        match self.promised {
            // A repeat of the ballot already promised gets the same promise
            // again, so a duplicated Prepare does no harm.
            Some(promised) if ballot < promised => Message::Nack { ballot, promised },
            _ => {
                self.promised = Some(ballot);
                Message::Promise { ballot, prior: self.accepted.clone() }
            }
        }
    }

    /// Phase 2b: answer `Accept(proposal)`.
    pub fn on_accept(&mut self, proposal: Proposal, flaws: Flaws) -> Message {
        let allowed = match self.promised {
            None => true,
            Some(promised) => proposal.ballot >= promised,
        };
        if allowed || flaws.has(Flaw::AcceptAnything) {
            // Accepting ballot n is also a promise not to accept below n.
            if self.promised.is_none_or(|p| proposal.ballot > p) {
                self.promised = Some(proposal.ballot);
            }
            self.accepted = Some(proposal.clone());
            Message::Accepted { proposal }
        } else {
            let promised = self.promised.expect("a refusal implies a promise");
            Message::Nack { ballot: proposal.ballot, promised }
        }
    }

    /// What a restart leaves behind: everything, unless the amnesia flaw is on.
    pub fn restart(&mut self, flaws: Flaws) {
        if flaws.has(Flaw::Amnesia) {
            *self = Acceptor::default();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::types::{NodeId, Value};

    fn b(num: u32, node: u8) -> Ballot {
        Ballot::new(num, NodeId(node))
    }

    fn p(num: u32, node: u8, v: &str) -> Proposal {
        Proposal::new(b(num, node), Value::from(v))
    }

    #[test]
    fn fresh_acceptor_promises_with_no_prior() {
        let mut a = Acceptor::default();
        assert_eq!(a.on_prepare(b(1, 1)), Message::Promise { ballot: b(1, 1), prior: None });
        assert_eq!(a.promised, Some(b(1, 1)));
    }

    #[test]
    fn promise_carries_highest_accepted() {
        // Paxos Made Simple, 2.2 (b): the promise reports the highest-numbered
        // proposal the acceptor has accepted.
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1));
        a.on_accept(p(1, 1, "apple"), Flaws::NONE);
        let reply = a.on_prepare(b(2, 3));
        assert_eq!(reply, Message::Promise { ballot: b(2, 3), prior: Some(p(1, 1, "apple")) });
    }

    #[test]
    fn repeated_prepare_gets_the_same_promise_again() {
        let mut a = Acceptor::default();
        let first = a.on_prepare(b(2, 1));
        assert_eq!(a.on_prepare(b(2, 1)), first);
    }

    #[test]
    fn lower_prepare_is_refused_with_the_promised_ballot() {
        let mut a = Acceptor::default();
        a.on_prepare(b(2, 2));
        assert_eq!(a.on_prepare(b(2, 1)), Message::Nack { ballot: b(2, 1), promised: b(2, 2) });
        assert_eq!(a.on_prepare(b(1, 9)), Message::Nack { ballot: b(1, 9), promised: b(2, 2) });
        assert_eq!(a.promised, Some(b(2, 2)), "a refusal changes nothing");
    }

    #[test]
    fn ballots_compare_by_order_not_equality() {
        // The original demo compared ballots for equality; a higher ballot
        // from another node must win.
        let mut a = Acceptor::default();
        a.on_prepare(b(3, 1));
        assert!(matches!(a.on_prepare(b(3, 2)), Message::Promise { .. }));
    }

    #[test]
    fn accept_at_or_above_promise_is_accepted_and_raises_the_promise() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1));
        assert_eq!(a.on_accept(p(1, 1, "x"), Flaws::NONE), Message::Accepted { proposal: p(1, 1, "x") });
        assert_eq!(a.on_accept(p(4, 2, "y"), Flaws::NONE), Message::Accepted { proposal: p(4, 2, "y") });
        assert_eq!(a.promised, Some(b(4, 2)));
        assert_eq!(a.accepted, Some(p(4, 2, "y")));
    }

    #[test]
    fn accept_without_any_prepare_is_accepted() {
        // Paxos Made Simple, P1a: accept unless a higher promise forbids it.
        let mut a = Acceptor::default();
        assert!(matches!(a.on_accept(p(1, 1, "x"), Flaws::NONE), Message::Accepted { .. }));
    }

    #[test]
    fn accept_below_promise_is_refused() {
        let mut a = Acceptor::default();
        a.on_prepare(b(2, 1));
        assert_eq!(a.on_accept(p(1, 3, "x"), Flaws::NONE), Message::Nack { ballot: b(1, 3), promised: b(2, 1) });
        assert_eq!(a.accepted, None);
    }

    #[test]
    fn flaw_accept_anything_accepts_below_promise_but_keeps_the_promise() {
        let mut a = Acceptor::default();
        a.on_prepare(b(2, 1));
        let reply = a.on_accept(p(1, 3, "x"), Flaws::only(Flaw::AcceptAnything));
        assert_eq!(reply, Message::Accepted { proposal: p(1, 3, "x") });
        assert_eq!(a.promised, Some(b(2, 1)));
    }

    #[test]
    fn restart_keeps_durable_state() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1));
        a.on_accept(p(1, 1, "x"), Flaws::NONE);
        let before = a.clone();
        a.restart(Flaws::NONE);
        assert_eq!(a, before);
    }

    #[test]
    fn flaw_amnesia_forgets_everything_on_restart() {
        let mut a = Acceptor::default();
        a.on_prepare(b(1, 1));
        a.on_accept(p(1, 1, "x"), Flaws::NONE);
        a.restart(Flaws::only(Flaw::Amnesia));
        assert_eq!(a, Acceptor::default());
    }
}
