//! The proposer: the part of a node that tries to get a value chosen.
//!
//! It runs one ballot at a time through two phases. Phase 1 asks a majority
//! to promise; phase 2 asks a majority to accept. Between ballots it backs
//! off, and each new ballot is numbered above every number it has seen.

use super::quorum;
use super::types::{
    Ballot, Flaw, Flaws, GiveUp, Message, NodeId, NodeSet, Note, Output, PaxosError, Proposal, TimerKind, Value,
    ValueFrom,
};
use serde::{Deserialize, Serialize};

/// Replies counted for one ballot, at most once per acceptor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tally {
    /// The acceptors that replied.
    pub voters: NodeSet,
    /// How many replies were counted. Equals the number of voters unless the
    /// [`Flaw::CountDuplicates`] flaw counts repeats.
    pub count: u8,
    /// The acceptors whose repeated reply was counted again (only under
    /// that flaw), so the proposer can say whose.
    pub repeated: NodeSet,
}

impl Tally {
    /// Count a reply from `from` and return the new count. An id that can
    /// name no member is not counted at all.
    pub fn add(&mut self, from: NodeId, count_duplicates: bool) -> usize {
        let known = self.voters.contains(from);
        // Counting acceptors, not messages, is what makes a duplicated reply
        // harmless; the flaw counts messages instead.
        if self.voters.insert(from) || (known && count_duplicates) {
            self.count = self.count.saturating_add(1);
            if known {
                self.repeated.insert(from);
            }
        }
        usize::from(self.count)
    }

    /// How many replies were counted.
    pub fn count(&self) -> usize {
        usize::from(self.count)
    }

    /// Whether `node` has replied.
    pub fn has(&self, node: NodeId) -> bool {
        self.voters.contains(node)
    }
}

/// Where a proposer is in its work. Everything in here is volatile: a crash
/// returns the proposer to [`Phase::Idle`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Phase {
    /// Nothing to propose.
    #[default]
    Idle,
    /// Phase 1: `Prepare(ballot)` is out; promises are coming in.
    Preparing {
        /// The ballot being prepared.
        ballot: Ballot,
        /// The value this node wants, used only if no promise reports a prior.
        own: Value,
        /// Promises so far.
        promises: Tally,
        /// Refusals so far.
        refusals: Tally,
        /// The highest-numbered prior proposal reported by the promises.
        highest: Option<Proposal>,
    },
    /// Phase 2: `Accept(ballot, value)` is out; accepteds are coming in.
    Accepting {
        /// The ballot.
        ballot: Ballot,
        /// The value this node wanted.
        own: Value,
        /// The value being proposed: a prior's value, or `own` if there was none.
        value: Value,
        /// The highest-numbered prior proposal the promises reported, if
        /// any. Its value is `value`, unless the ignore-prior flaw is on.
        prior: Option<Proposal>,
        /// Accepteds so far.
        accepts: Tally,
        /// Refusals so far.
        refusals: Tally,
    },
    /// Waiting for the backoff timer before trying a higher ballot.
    Backoff {
        /// The value this node wants.
        own: Value,
        /// The ballot given up.
        gave_up: Ballot,
        /// Why it was given up.
        why: GiveUp,
    },
    /// This proposer counted a majority of acceptances of its proposal
    /// and told every node; nothing more to do this round.
    Decided {
        /// The decided value.
        value: Value,
    },
}

impl Phase {
    /// The ballot in progress, if the proposer is in phase 1 or 2.
    pub fn ballot(&self) -> Option<Ballot> {
        match self {
            Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. } => Some(*ballot),
            _ => None,
        }
    }

    /// The ballot a stop or a crash leaves unfinished, if any: the one in
    /// progress, or the one given up while a retry waits (then `true`).
    pub fn unfinished(&self) -> Option<(Ballot, bool)> {
        match self {
            Phase::Preparing { ballot, .. } | Phase::Accepting { ballot, .. } => Some((*ballot, false)),
            Phase::Backoff { gave_up, .. } => Some((*gave_up, true)),
            Phase::Idle | Phase::Decided { .. } => None,
        }
    }

    /// A short name: `idle`, `preparing`, `accepting`, `backoff` or `decided`.
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Preparing { .. } => "preparing",
            Phase::Accepting { .. } => "accepting",
            Phase::Backoff { .. } => "backoff",
            Phase::Decided { .. } => "decided",
        }
    }
}

/// A proposer's state.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Proposer {
    /// The node this proposer runs on.
    pub id: NodeId,
    /// The highest ballot number this node has seen. Durable, so a restarted
    /// proposer never reuses a number.
    pub highest_num: u32,
    /// The current phase (volatile).
    pub phase: Phase,
}

impl Proposer {
    /// A fresh, idle proposer.
    pub fn new(id: NodeId) -> Proposer {
        Proposer { id, highest_num: 0, phase: Phase::Idle }
    }

    /// Remember that ballot number `num` exists.
    pub fn observe(&mut self, num: u32) {
        self.highest_num = self.highest_num.max(num);
    }

    /// The ballot number a new ballot would get: one above every number
    /// seen, or `None` once `u32::MAX` has been seen.
    fn next_num(&self) -> Option<u32> {
        self.highest_num.checked_add(1)
    }

    /// The number [`Proposer::start`] would take, or why it would refuse:
    /// every ballot number is used up.
    pub fn can_start(&self) -> Result<u32, PaxosError> {
        self.next_num().ok_or(PaxosError::OutOfBallots { id: self.id })
    }

    /// Start proposing `own` with a fresh ballot, abandoning any ballot in
    /// progress. Refused, changing nothing, when no ballot number is left.
    pub fn start(&mut self, own: Value, flaws: Flaws, out: &mut Vec<Output>) -> Result<Ballot, PaxosError> {
        // A checked step: a hostile ballot number u32::MAX must not wrap the
        // next ballot to 0, where this proposer could never win again.
        let num = self.can_start()?;
        self.highest_num = num;
        // The proposer's id in the ballot is what keeps two proposers apart.
        let node = if flaws.has(Flaw::SharedBallots) { NodeId(0) } else { self.id };
        let ballot = Ballot::new(num, node);
        self.phase =
            Phase::Preparing { ballot, own, promises: Tally::default(), refusals: Tally::default(), highest: None };
        out.push(Output::Note(Note::Preparing { ballot }));
        out.push(Output::Broadcast(Message::Prepare { ballot }));
        out.push(Output::SetTimer(TimerKind::Phase));
        Ok(ballot)
    }

    /// Handle `Promise(ballot, prior)` from acceptor `from`.
    pub fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        prior: Option<Proposal>,
        cluster: usize,
        flaws: Flaws,
        out: &mut Vec<Output>,
    ) {
        let Phase::Preparing { ballot: current, own, promises, highest, .. } = &mut self.phase else {
            return;
        };
        if *current != ballot {
            return; // a late promise for a ballot already left behind
        }
        if let Some(prior) = prior {
            if highest.as_ref().is_none_or(|h| prior.ballot > h.ballot) {
                *highest = Some(prior);
            }
        }
        if promises.add(from, flaws.has(Flaw::CountDuplicates)) < quorum(cluster, flaws) {
            return;
        }
        // Paxos Made Simple, 2.2: with a majority of promises, propose the
        // value of the highest-numbered prior proposal. Only when no acceptor
        // in the majority has accepted anything is the proposer free to use
        // its own value. This is what keeps a chosen value chosen.
        let prior = highest.take();
        let (value, value_from) = match &prior {
            None => (own.clone(), ValueFrom::Own),
            Some(_) if flaws.has(Flaw::IgnorePrior) => (own.clone(), ValueFrom::IgnoredPrior),
            Some(prior) => (prior.value.clone(), ValueFrom::Prior),
        };
        let own = own.clone();
        let proposal = Proposal::new(ballot, value.clone());
        out.push(Output::Note(Note::Proposing {
            proposal: proposal.clone(),
            own: own.clone(),
            prior: prior.clone(),
            value_from,
            promised_by: promises.voters,
            counted: promises.count,
            repeated: promises.repeated,
        }));
        out.push(Output::Broadcast(Message::Accept { proposal }));
        out.push(Output::SetTimer(TimerKind::Phase));
        self.phase =
            Phase::Accepting { ballot, own, value, prior, accepts: Tally::default(), refusals: Tally::default() };
    }

    /// Handle `Accepted(proposal)` from acceptor `from`.
    pub fn on_accepted(
        &mut self,
        from: NodeId,
        proposal: Proposal,
        cluster: usize,
        flaws: Flaws,
        out: &mut Vec<Output>,
    ) {
        let Phase::Accepting { ballot, value, accepts, .. } = &mut self.phase else {
            return;
        };
        // The value too: with shared ballots, another proposer's proposal
        // can carry this very ballot with a different value.
        if *ballot != proposal.ballot || *value != proposal.value {
            return;
        }
        if accepts.add(from, flaws.has(Flaw::CountDuplicates)) < quorum(cluster, flaws) {
            return;
        }
        // A majority accepted: the value is chosen. Teach it to everyone.
        let value = value.clone();
        out.push(Output::Note(Note::Decided {
            value: value.clone(),
            accepted_by: accepts.voters,
            counted: accepts.count,
            repeated: accepts.repeated,
        }));
        out.push(Output::Broadcast(Message::Decide { value: value.clone() }));
        out.push(Output::CancelTimer);
        self.phase = Phase::Decided { value };
    }

    /// Handle `Nack(ballot, promised)` from acceptor `from`.
    pub fn on_nack(&mut self, from: NodeId, ballot: Ballot, cluster: usize, flaws: Flaws, out: &mut Vec<Output>) {
        let (current, refusals) = match &mut self.phase {
            Phase::Preparing { ballot, refusals, .. } | Phase::Accepting { ballot, refusals, .. } => {
                (*ballot, refusals)
            }
            _ => return,
        };
        if current != ballot {
            return;
        }
        // Keep going while a majority is still possible; give up as soon as
        // enough acceptors have refused that none is left. Refusals count
        // acceptors even under the count-duplicates flaw (`false`): that
        // flaw is about replies that let a proposer go ahead.
        if cluster.saturating_sub(refusals.add(from, false)) < quorum(cluster, flaws) {
            self.give_up(GiveUp::Refused, out);
        }
    }

    /// Handle this proposer's timer.
    pub fn on_timeout(&mut self, flaws: Flaws, out: &mut Vec<Output>) {
        match &self.phase {
            Phase::Preparing { .. } | Phase::Accepting { .. } => self.give_up(GiveUp::TimedOut, out),
            Phase::Backoff { own, gave_up, .. } => {
                let (own, gave_up) = (own.clone(), *gave_up);
                if self.start(own, flaws, out).is_err() {
                    // Every ballot number is used up: retrying would only
                    // wrap around, so this proposer stops for good.
                    self.phase = Phase::Idle;
                    out.push(Output::Note(Note::GaveUp { ballot: gave_up, why: GiveUp::OutOfBallots }));
                    out.push(Output::CancelTimer);
                }
            }
            Phase::Idle | Phase::Decided { .. } => {}
        }
    }

    /// Another node decided `chosen`: stop any ballot in progress, and its
    /// timer, and say so. The proposer goes idle rather than `Decided`,
    /// which only a proposer that counted the acceptances itself reaches:
    /// the page would otherwise say this node decided a value it merely
    /// heard of.
    pub fn on_decided(&mut self, chosen: &Value, out: &mut Vec<Output>) {
        if let Some((ballot, retry)) = self.phase.unfinished() {
            // Without this, the ballot just went quiet: its promises still
            // arrived, and nothing said why it went no further.
            out.push(Output::Note(Note::Stopped { ballot, retry, chosen: chosen.clone() }));
            out.push(Output::CancelTimer);
        }
        // A proposer that decided keeps what it decided: with a rule broken
        // it may have decided another value than the one its node learned.
        if !matches!(self.phase, Phase::Idle | Phase::Decided { .. }) {
            self.phase = Phase::Idle;
        }
    }

    /// A crash loses the phase; only `highest_num` survives. Returns the
    /// ballot that was in progress, if any, and whether it had been given
    /// up with a retry waiting (the crash forgets the retry too).
    pub fn crash(&mut self) -> Option<(Ballot, bool)> {
        std::mem::take(&mut self.phase).unfinished()
    }

    /// Whether a ballot is in progress or a retry is waiting: the phases
    /// that keep a timer running.
    pub fn is_busy(&self) -> bool {
        matches!(self.phase, Phase::Preparing { .. } | Phase::Accepting { .. } | Phase::Backoff { .. })
    }

    fn give_up(&mut self, why: GiveUp, out: &mut Vec<Output>) {
        let (Phase::Preparing { ballot, own, .. } | Phase::Accepting { ballot, own, .. }) = &self.phase else {
            return;
        };
        let ballot = *ballot;
        self.phase = Phase::Backoff { own: own.clone(), gave_up: ballot, why };
        out.push(Output::Note(Note::GaveUp { ballot, why }));
        out.push(Output::SetTimer(TimerKind::Backoff));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_counts_each_member_once_and_says_who_replied() {
        let mut tally = Tally::default();
        assert_eq!((tally.count(), tally.has(NodeId(2))), (0, false));
        assert_eq!(tally.add(NodeId(2), false), 1);
        assert_eq!(tally.add(NodeId(2), false), 1, "a repeat is not counted");
        assert_eq!(tally.add(NodeId(3), false), 2);
        assert_eq!(tally.count(), 2);
        assert!(tally.has(NodeId(2)) && tally.has(NodeId(3)) && !tally.has(NodeId(1)));
        assert_eq!(tally.add(NodeId(0), false), 2, "id 0 names no acceptor");
        assert_eq!(tally.add(NodeId(200), true), 2, "nor does 200, even when counting repeats");
        assert_eq!(tally.add(NodeId(3), true), 3, "the flaw counts a repeat");
    }

    #[test]
    fn phases_have_the_names_the_page_shows() {
        let b = Ballot::new(1, NodeId(1));
        let v = Value::from("x");
        let names: Vec<&str> = [
            Phase::Idle,
            Phase::Preparing {
                ballot: b,
                own: v.clone(),
                promises: Tally::default(),
                refusals: Tally::default(),
                highest: None,
            },
            Phase::Accepting {
                ballot: b,
                own: v.clone(),
                value: v.clone(),
                prior: None,
                accepts: Tally::default(),
                refusals: Tally::default(),
            },
            Phase::Backoff { own: v.clone(), gave_up: b, why: GiveUp::TimedOut },
            Phase::Decided { value: v },
        ]
        .iter()
        .map(Phase::name)
        .collect();
        assert_eq!(names, ["idle", "preparing", "accepting", "backoff", "decided"]);
    }
}
