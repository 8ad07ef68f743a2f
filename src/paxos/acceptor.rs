//! The acceptor: the memory of Paxos.
//!
//! An acceptor keeps two facts on stable storage — the highest ballot it has
//! promised and the highest proposal it has accepted — and answers each
//! request with a reply for the proposer that sent it.

use super::types::{Ballot, Flaw, Flaws, Message, NodeId, Note, Output, Proposal};
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
    /// Phase 1b: answer `Prepare(ballot)` from proposer `from`.
    pub fn on_prepare(&mut self, from: NodeId, ballot: Ballot, out: &mut Vec<Output>) {
        let reply = match self.promised {
            // Strictly below: a repeat of the ballot already promised falls
            // through to the same promise again, so a duplicated Prepare
            // does no harm.
            Some(promised) if ballot < promised => {
                out.push(Output::Note(Note::Refused { to: from, ballot, promised }));
                Message::Nack { ballot, promised }
            }
            _ => {
                let again = self.promised == Some(ballot);
                self.promised = Some(ballot);
                let prior = self.accepted.clone();
                out.push(Output::Note(Note::Promised { to: from, ballot, prior: prior.clone(), again }));
                Message::Promise { ballot, prior }
            }
        };
        out.push(Output::Send { to: from, msg: reply });
    }

    /// Phase 2b: answer `Accept(proposal)` from proposer `from`.
    pub fn on_accept(&mut self, from: NodeId, proposal: Proposal, flaws: Flaws, out: &mut Vec<Output>) {
        // P1a: accept unless a higher promise forbids it. The flaw skips
        // the check.
        let refused_by = self.promised.filter(|promised| proposal.ballot < *promised);
        let reply = match refused_by {
            Some(promised) if !flaws.has(Flaw::AcceptAnything) => {
                out.push(Output::Note(Note::Refused { to: from, ballot: proposal.ballot, promised }));
                Message::Nack { ballot: proposal.ballot, promised }
            }
            _ => {
                // Accepting ballot n is also a promise not to accept below n
                // (under the flaw, n may be below the promise, which stays).
                self.promised = self.promised.max(Some(proposal.ballot));
                let again = self.accepted.as_ref() == Some(&proposal);
                self.accepted = Some(proposal.clone());
                out.push(Output::Note(Note::Accepted {
                    to: from,
                    proposal: proposal.clone(),
                    again,
                    broke: refused_by,
                }));
                Message::Accepted { proposal }
            }
        };
        out.push(Output::Send { to: from, msg: reply });
    }

    /// What a restart leaves behind: everything, unless the amnesia flaw is
    /// on. Reports what it had and whether it forgot it.
    pub fn restart(&mut self, flaws: Flaws, out: &mut Vec<Output>) {
        let forgot = flaws.has(Flaw::Amnesia);
        let (promised, accepted) = (self.promised, self.accepted.clone());
        if forgot {
            *self = Acceptor::default();
        }
        out.push(Output::Note(Note::Restarted { promised, accepted, forgot }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paxos::types::Value;

    fn b(num: u32, node: u8) -> Ballot {
        Ballot::new(num, NodeId(node))
    }

    fn p(num: u32, node: u8, v: &str) -> Proposal {
        Proposal::new(b(num, node), Value::from(v))
    }

    const FROM: NodeId = NodeId(9);

    /// The reply the acceptor sends back, checking it goes to the sender.
    fn reply(out: Vec<Output>) -> Message {
        match out.last() {
            Some(Output::Send { to, msg }) if *to == FROM => msg.clone(),
            other => panic!("expected a reply to the sender, got {other:?}"),
        }
    }

    fn prepare(a: &mut Acceptor, ballot: Ballot) -> Message {
        let mut out = Vec::new();
        a.on_prepare(FROM, ballot, &mut out);
        reply(out)
    }

    fn accept(a: &mut Acceptor, proposal: Proposal, flaws: Flaws) -> Message {
        let mut out = Vec::new();
        a.on_accept(FROM, proposal, flaws, &mut out);
        reply(out)
    }

    #[test]
    fn a_repeated_prepare_or_accept_is_answered_the_same_and_said_to_be_again() {
        let mut a = Acceptor::default();
        let again = |out: Vec<Output>| match &out[0] {
            Output::Note(Note::Promised { again, .. } | Note::Accepted { again, .. }) => *again,
            other => panic!("{other:?}"),
        };
        let mut first = Vec::new();
        a.on_prepare(FROM, b(1, 1), &mut first);
        let mut second = Vec::new();
        a.on_prepare(FROM, b(1, 1), &mut second);
        assert_eq!((again(first.clone()), again(second.clone())), (false, true));
        assert_eq!(first[1], second[1], "the same promise sent");
        let (mut first, mut second) = (Vec::new(), Vec::new());
        a.on_accept(FROM, p(1, 1, "x"), Flaws::NONE, &mut first);
        a.on_accept(FROM, p(1, 1, "x"), Flaws::NONE, &mut second);
        assert_eq!((again(first.clone()), again(second.clone())), (false, true));
        assert_eq!(first[1], second[1], "the same acceptance sent");
    }

    #[test]
    fn fresh_acceptor_promises_with_no_prior() {
        let mut a = Acceptor::default();
        let mut out = Vec::new();
        a.on_prepare(FROM, b(1, 1), &mut out);
        assert_eq!(
            out,
            vec![
                Output::Note(Note::Promised { to: FROM, ballot: b(1, 1), prior: None, again: false }),
                Output::Send { to: FROM, msg: Message::Promise { ballot: b(1, 1), prior: None } },
            ]
        );
        assert_eq!(a.promised, Some(b(1, 1)));
    }

    #[test]
    fn promise_carries_highest_accepted() {
        // Paxos Made Simple, 2.2 (b): the promise reports the highest-numbered
        // proposal the acceptor has accepted.
        let mut a = Acceptor::default();
        prepare(&mut a, b(1, 1));
        accept(&mut a, p(1, 1, "apple"), Flaws::NONE);
        assert_eq!(prepare(&mut a, b(2, 3)), Message::Promise { ballot: b(2, 3), prior: Some(p(1, 1, "apple")) });
    }

    #[test]
    fn repeated_prepare_gets_the_same_promise_again() {
        let mut a = Acceptor::default();
        let first = prepare(&mut a, b(2, 1));
        assert_eq!(prepare(&mut a, b(2, 1)), first);
    }

    #[test]
    fn lower_prepare_is_refused_with_the_promised_ballot() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(2, 2));
        let mut out = Vec::new();
        a.on_prepare(FROM, b(2, 1), &mut out);
        assert_eq!(
            out,
            vec![
                Output::Note(Note::Refused { to: FROM, ballot: b(2, 1), promised: b(2, 2) }),
                Output::Send { to: FROM, msg: Message::Nack { ballot: b(2, 1), promised: b(2, 2) } },
            ]
        );
        assert_eq!(prepare(&mut a, b(1, 9)), Message::Nack { ballot: b(1, 9), promised: b(2, 2) });
        assert_eq!(a.promised, Some(b(2, 2)), "a refusal changes nothing");
    }

    #[test]
    fn ballots_compare_by_order_not_equality() {
        // The original demo compared ballots for equality; a higher ballot
        // from another node must win.
        let mut a = Acceptor::default();
        prepare(&mut a, b(3, 1));
        assert!(matches!(prepare(&mut a, b(3, 2)), Message::Promise { .. }));
    }

    #[test]
    fn accept_at_or_above_promise_is_accepted_and_raises_the_promise() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(1, 1));
        let mut out = Vec::new();
        a.on_accept(FROM, p(1, 1, "x"), Flaws::NONE, &mut out);
        assert_eq!(
            out,
            vec![
                Output::Note(Note::Accepted { to: FROM, proposal: p(1, 1, "x"), again: false, broke: None }),
                Output::Send { to: FROM, msg: Message::Accepted { proposal: p(1, 1, "x") } },
            ]
        );
        assert_eq!(accept(&mut a, p(4, 2, "y"), Flaws::NONE), Message::Accepted { proposal: p(4, 2, "y") });
        assert_eq!(a.promised, Some(b(4, 2)));
        assert_eq!(a.accepted, Some(p(4, 2, "y")));
    }

    #[test]
    fn accept_without_any_prepare_is_accepted() {
        // Paxos Made Simple, P1a: accept unless a higher promise forbids it.
        let mut a = Acceptor::default();
        assert!(matches!(accept(&mut a, p(1, 1, "x"), Flaws::NONE), Message::Accepted { .. }));
    }

    #[test]
    fn accept_below_promise_is_refused() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(2, 1));
        assert_eq!(accept(&mut a, p(1, 3, "x"), Flaws::NONE), Message::Nack { ballot: b(1, 3), promised: b(2, 1) });
        assert_eq!(a.accepted, None);
    }

    #[test]
    fn flaw_accept_anything_accepts_below_promise_but_keeps_the_promise() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(2, 1));
        let reply = accept(&mut a, p(1, 3, "x"), Flaws::only(Flaw::AcceptAnything));
        assert_eq!(reply, Message::Accepted { proposal: p(1, 3, "x") });
        assert_eq!(a.promised, Some(b(2, 1)));
    }

    #[test]
    fn restart_keeps_durable_state_and_says_so() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(1, 1));
        accept(&mut a, p(1, 1, "x"), Flaws::NONE);
        let before = a.clone();
        let mut out = Vec::new();
        a.restart(Flaws::NONE, &mut out);
        assert_eq!(a, before);
        assert_eq!(
            out,
            vec![Output::Note(Note::Restarted {
                promised: Some(b(1, 1)),
                accepted: Some(p(1, 1, "x")),
                forgot: false
            })]
        );
    }

    #[test]
    fn flaw_amnesia_forgets_everything_on_restart_and_says_so() {
        let mut a = Acceptor::default();
        prepare(&mut a, b(1, 1));
        accept(&mut a, p(1, 1, "x"), Flaws::NONE);
        let mut out = Vec::new();
        a.restart(Flaws::only(Flaw::Amnesia), &mut out);
        assert_eq!(a, Acceptor::default());
        assert!(matches!(&out[..], [Output::Note(Note::Restarted { forgot: true, promised: Some(_), .. })]));
    }
}
