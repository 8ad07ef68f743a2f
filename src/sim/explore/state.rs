//! The model checker's world: a state (the nodes, the packets ever sent,
//! the checker), its fingerprint, and the moves that lead out of it.

use super::{Model, Step};
use crate::paxos::{Message, Node, NodeId, NodeSet, Note, Output, Phase, TimerKind};
use crate::sim::check::{Checker, Finding, Snapshot};
use crate::sim::dispatch::{carry_out, Host};
use std::collections::VecDeque;
use std::hash::{Hash, Hasher};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct Packet {
    from: NodeId,
    to: NodeId,
    msg: Message,
}

/// How many times each proposer has been asked to propose, packed 4 bits
/// each into one word ([`MAX_PROPOSERS`](super::MAX_PROPOSERS) × 4 = 32
/// bits, and [`MAX_PROPOSALS`](super::MAX_PROPOSALS) asks fit in 4 bits):
/// cheap to copy and to hash with every state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Asked(u32);

const _: () = assert!(super::MAX_PROPOSERS * 4 <= 32 && super::MAX_PROPOSALS <= 0xF);

impl Asked {
    /// Proposer number `p`'s count.
    pub(super) fn get(self, p: usize) -> u8 {
        ((self.0 >> (4 * p)) & 0xF) as u8
    }

    /// Count one more ask of proposer number `p`.
    fn bump(&mut self, p: usize) {
        self.0 += 1 << (4 * p);
    }
}

#[derive(Debug)]
pub(super) struct State {
    pub(super) nodes: Vec<Node>,
    down: NodeSet,
    crashes: u8,
    /// How many times each proposer has been asked to propose.
    asked: Asked,
    /// Every message ever sent between two nodes, sorted, without repeats.
    net: Vec<Packet>,
    /// The network's share of the fingerprint: a sum of packet hashes, kept
    /// up to date as packets join, so the whole set is never rehashed.
    net_hash: u64,
    pub(super) checker: Checker,
}

impl Clone for State {
    fn clone(&self) -> State {
        State {
            nodes: self.nodes.clone(),
            down: self.down,
            crashes: self.crashes,
            asked: self.asked,
            net: self.net.clone(),
            net_hash: self.net_hash,
            checker: self.checker.clone(),
        }
    }

    /// Reuses this state's buffers: the search clones a state for every
    /// transition, and most children are thrown away as already seen.
    fn clone_from(&mut self, source: &State) {
        self.nodes.clone_from(&source.nodes);
        self.down = source.down;
        self.crashes = source.crashes;
        self.asked = source.asked;
        self.net.clone_from(&source.net);
        self.net_hash = source.net_hash;
        self.checker.clone_from(&source.checker);
    }
}

/// A transition, compact enough to keep one per state for path rebuilding.
#[derive(Clone, Copy, Debug)]
pub(super) enum Move {
    Propose(u8),
    Deliver(u32),
    Timeout(u8),
    Crash(u8),
    Restart(u8),
}

/// A hasher that passes fingerprints through untouched: they are hashes
/// already.
#[derive(Default)]
pub(super) struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// FxHash with a 64-bit state on every platform. rustc-hash's `FxHasher`
/// keeps a `usize`, so in wasm32 fingerprints would have only 32 bits: a
/// few of the page's 190,823 states would collide and go unexplored.
#[derive(Default)]
pub(super) struct Fx64(u64);

impl Fx64 {
    pub(super) fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

impl Hasher for Fx64 {
    fn write(&mut self, bytes: &[u8]) {
        // Values are short words: a word of up to 8 bytes is one step.
        for word in bytes.chunks(8) {
            self.add(word.iter().fold(0, |w, b| (w << 8) | u64::from(*b)));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u16(&mut self, n: u16) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        // The multiplication leaves the best bits at the top.
        self.0.rotate_left(26)
    }
}

pub(super) fn hash_of(value: &impl Hash) -> u64 {
    let mut h = Fx64::default();
    value.hash(&mut h);
    h.finish()
}

pub(super) fn fingerprint(state: &State) -> u64 {
    let mut h = Fx64::default();
    state.nodes.hash(&mut h);
    (state.down, state.crashes, state.asked, state.net_hash).hash(&mut h);
    state.checker.hash(&mut h);
    h.finish()
}

impl State {
    pub(super) fn initial(model: &Model) -> State {
        State {
            nodes: NodeId::members(model.nodes).filter_map(|id| Node::new(id, model.nodes, model.flaws).ok()).collect(),
            down: NodeSet::EMPTY,
            crashes: 0,
            asked: Asked::default(),
            net: Vec::new(),
            net_hash: 0,
            checker: Checker::new(model.nodes),
        }
    }

    pub(super) fn is_down(&self, node: NodeId) -> bool {
        self.down.contains(node)
    }

    /// How many times proposer number `p` has been asked to propose.
    pub(super) fn asked(&self, p: usize) -> u8 {
        self.asked.get(p)
    }

    pub(super) fn can_start_ballot(&self, node: &Node, model: &Model) -> bool {
        node.proposer.highest_num < model.ballot_limit(node.id)
    }

    pub(super) fn moves(&self, model: &Model, out: &mut Vec<Move>) {
        out.clear();
        for (p, (node, _)) in model.proposers.iter().enumerate() {
            if self.asked(p) < model.proposals
                && !self.is_down(*node)
                && self.can_start_ballot(&self.nodes[node.index()], model)
            {
                out.push(Move::Propose(p as u8));
            }
        }
        for (k, packet) in self.net.iter().enumerate() {
            if !self.is_down(packet.to) {
                out.push(Move::Deliver(k as u32));
            }
        }
        for (i, node) in self.nodes.iter().enumerate() {
            if self.is_down(node.id) {
                // Restarts are free: the crash budget was spent on the crash.
                out.push(Move::Restart(i as u8));
                continue;
            }
            // Any armed timer may fire next. A proposer arms one exactly in
            // these phases and stops it when it leaves them
            // (`Output::CancelTimer`); a retry also needs a ballot left.
            let can_time_out = match node.proposer.phase {
                Phase::Preparing { .. } | Phase::Accepting { .. } => true,
                Phase::Backoff { .. } => self.can_start_ballot(node, model),
                Phase::Idle | Phase::Decided { .. } => false,
            };
            if can_time_out {
                out.push(Move::Timeout(i as u8));
            }
            if self.crashes < model.max_crashes {
                out.push(Move::Crash(i as u8));
            }
        }
    }

    /// Take one move; return the step it was and what the checker found.
    pub(super) fn take(&mut self, mv: Move, model: &Model, findings: &mut Vec<Finding>) -> Step {
        let step = self.apply_move(mv, model, findings);
        if model.prune {
            self.prune(model);
        }
        step
    }

    pub(super) fn apply_move(&mut self, mv: Move, model: &Model, findings: &mut Vec<Finding>) -> Step {
        match mv {
            Move::Propose(p) => {
                let p = usize::from(p);
                let node = model.proposers[p].0;
                let value = model.value(p, self.asked(p));
                self.asked.bump(p);
                self.checker.proposed(&value);
                let v = value.clone();
                // `moves` offers this only while a ballot number is left.
                self.run(node.index(), findings, |n, out| {
                    let _refused = n.propose(v, out);
                });
                Step::Propose { node, value }
            }
            Move::Deliver(k) => {
                let Packet { from, to, msg } = self.net[k as usize].clone();
                let m = msg.clone();
                self.run(to.index(), findings, |n, out| n.on_message(from, m, out));
                Step::Deliver { from, to, msg }
            }
            Move::Timeout(i) => {
                let i = usize::from(i);
                self.run(i, findings, |n, out| n.on_timeout(out));
                Step::Timeout { node: self.nodes[i].id }
            }
            Move::Crash(i) => {
                let i = usize::from(i);
                let node = self.nodes[i].id;
                self.down.insert(node);
                self.crashes += 1;
                self.run(i, findings, |n, out| n.crash(out));
                Step::Crash { node }
            }
            Move::Restart(i) => {
                let i = usize::from(i);
                let node = self.nodes[i].id;
                self.down.remove(node);
                self.run(i, findings, |n, out| n.restart(out));
                Step::Restart { node }
            }
        }
    }

    /// Feed one input to node `i`, then deliver its messages to itself (and
    /// theirs, in turn) at once; messages to others join the network.
    pub(super) fn run(
        &mut self,
        i: usize,
        findings: &mut Vec<Finding>,
        input: impl FnOnce(&mut Node, &mut Vec<Output>),
    ) {
        let mut local: VecDeque<(NodeId, Message)> = VecDeque::new();
        let mut out = Vec::new();
        let me = self.nodes[i].id;
        let before = Snapshot::of(&self.nodes[i]);
        input(&mut self.nodes[i], &mut out);
        let after = Snapshot::of(&self.nodes[i]);
        carry_out(&mut Network { state: self, local: &mut local }, me, &before, &after, &mut out, findings);
        while let Some((from, msg)) = local.pop_front() {
            let before = Snapshot::of(&self.nodes[i]);
            self.nodes[i].on_message(from, msg, &mut out);
            let after = Snapshot::of(&self.nodes[i]);
            carry_out(&mut Network { state: self, local: &mut local }, me, &before, &after, &mut out, findings);
        }
    }

    pub(super) fn post(&mut self, from: NodeId, to: NodeId, msg: Message, local: &mut VecDeque<(NodeId, Message)>) {
        if from == to {
            local.push_back((from, msg));
        } else {
            let packet = Packet { from, to, msg };
            if let Err(at) = self.net.binary_search(&packet) {
                self.net_hash = self.net_hash.wrapping_add(packet_hash(&packet));
                self.net.insert(at, packet);
            }
        }
    }

    /// Drop messages that can no longer change anything, so that states
    /// differing only in such leftovers count as one. A reply for a ballot
    /// its proposer has left behind stays useless forever: new ballots are
    /// numbered above every number the proposer has seen.
    ///
    /// This leans on the very lines that ignore stale replies and keep the
    /// highest number seen: a regression there is hidden from a pruned
    /// search. [`Model::prune`] switches it off.
    pub(super) fn prune(&mut self, model: &Model) {
        let (nodes, asked) = (&self.nodes, self.asked);
        let mut removed = 0u64;
        self.net.retain(|packet| {
            let dead = is_dead(&nodes[packet.to.index()], packet, model, asked);
            if dead {
                removed = removed.wrapping_add(packet_hash(packet));
            }
            !dead
        });
        self.net_hash = self.net_hash.wrapping_sub(removed);
    }
}

/// The model checker's side of [`carry_out`]: a message to oneself is
/// handled at once, any other joins the set of packets that may be
/// delivered later, and timers need no clock (a timeout is a move of its
/// own).
pub(super) struct Network<'a> {
    state: &'a mut State,
    local: &'a mut VecDeque<(NodeId, Message)>,
}

impl Host for Network<'_> {
    fn cluster(&self) -> usize {
        self.state.nodes.len()
    }
    fn checker(&mut self) -> &mut Checker {
        &mut self.state.checker
    }
    fn send(&mut self, from: NodeId, to: NodeId, msg: Message) {
        self.state.post(from, to, msg, self.local);
    }
    // The search has no clock: a timer's state is read off the proposer's
    // phase instead (see `moves`), so setting and stopping one is a no-op.
    fn set_timer(&mut self, _: NodeId, _: TimerKind) {}
    fn cancel_timer(&mut self, _: NodeId) {}
    fn note(&mut self, _: NodeId, _: Note) {}
}

/// Each packet's share of the network fingerprint. Spread before summing, so
/// that sums over different sets rarely collide.
pub(super) fn packet_hash(packet: &Packet) -> u64 {
    hash_of(packet).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5851_f42d
}

/// Whether delivering `packet` to `node`, now or ever after, changes nothing.
pub(super) fn is_dead(node: &Node, packet: &Packet, model: &Model, asked: Asked) -> bool {
    let p = &node.proposer;
    let seen = |num: u32| num <= p.highest_num;
    match &packet.msg {
        Message::Promise { ballot, .. } => {
            !matches!(p.phase, Phase::Preparing { ballot: b, .. } if b == *ballot) && seen(ballot.num)
        }
        Message::Accepted { proposal } => {
            !matches!(p.phase, Phase::Accepting { ballot: b, .. } if b == proposal.ballot) && seen(proposal.ballot.num)
        }
        Message::Nack { ballot, promised } => p.phase.ballot() != Some(*ballot) && seen(ballot.num.max(promised.num)),
        Message::Decide { value } => {
            // A proposer that may still be asked to propose would be stopped
            // by it.
            let may_start =
                model.proposers.iter().enumerate().any(|(i, (n, _))| *n == node.id && asked.get(i) < model.proposals);
            node.learned.as_ref() == Some(value)
                && !may_start
                && match &p.phase {
                    Phase::Decided { value: v } => v == value,
                    Phase::Idle => true,
                    _ => false,
                }
        }
        Message::Prepare { .. } | Message::Accept { .. } => false,
    }
}
