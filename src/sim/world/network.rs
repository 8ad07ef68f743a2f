//! The network and its faults: how a message leaves one node and whether,
//! and when, it reaches another.
//!
//! Each message between two nodes draws its delay, whether the network
//! duplicates it, and whether it is lost (globally, or because its sender
//! or receiver is failing), all from the run's one PRNG, at the moment it is
//! sent; a node slowed by hand adds a fixed delay to what it sends. A
//! lost message still travels part of the way, so the page can show
//! where it vanished. A cut link or a crashed receiver refuses a message
//! when it arrives. A node's messages to itself never touch the network.

use super::{Item, Sim};
use crate::paxos::{Message, NodeId};
use crate::sim::trace::{DropReason, Event, MsgId};

/// A message on its way. The page draws it at progress
/// `(now - sent_at) / (deliver_at - sent_at)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight {
    /// Unique id.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: Message,
    /// Tick it was sent.
    pub sent_at: u64,
    /// Tick it arrives (or would have, if lost).
    pub deliver_at: u64,
    /// If the network will lose it: why, and the tick it vanishes.
    pub lost: Option<(DropReason, u64)>,
    /// For a duplicate: the original's id.
    pub copy_of: Option<MsgId>,
}

impl Flight {
    /// The tick at which this flight ends, by arrival or by loss.
    pub fn due(&self) -> u64 {
        self.lost.map_or(self.deliver_at, |(_, at)| at)
    }
}

impl Sim {
    pub(super) fn fresh_id(&mut self) -> MsgId {
        let id = self.state.next_id;
        self.state.next_id += 1;
        id
    }

    /// Send `msg` from node index `from` to node index `to`.
    pub(super) fn transmit(&mut self, from: usize, to: usize, msg: Message) {
        let id = self.fresh_id();
        self.state.stats.sent += 1;
        let now = self.state.now;
        let flight = Flight {
            id,
            from: self.state.slots[from].node.id,
            to: self.state.slots[to].node.id,
            msg,
            sent_at: now,
            deliver_at: now,
            lost: None,
            copy_of: None,
        };
        // A node's message to itself stays inside the node: instant and
        // reliable. Only messages between nodes meet the network's faults.
        if from == to || self.state.config.manual {
            self.emit_sent(&flight);
            self.store_flight(flight, from == to);
            return;
        }
        if self.state.rng.chance(self.state.settings.duplication) {
            // The original goes first, as it always has: the order of
            // events (and of the dice) is part of a run.
            let original = flight.clone();
            self.launch(flight);
            let copy = self.copy_of(&original);
            self.launch(copy);
        } else {
            self.launch(flight);
        }
    }

    /// A second copy of `flight`, with its own id, counted and told as the
    /// network's doing. The caller sends it on its way.
    pub(super) fn copy_of(&mut self, flight: &Flight) -> Flight {
        let mut copy = flight.clone();
        copy.id = self.fresh_id();
        copy.copy_of = Some(flight.id);
        self.state.stats.sent += 1;
        self.state.stats.duplicated += 1;
        let (id, copy_id, from, to) = (flight.id, copy.id, flight.from, flight.to);
        self.emit(|| Event::Duplicated { id, copy: copy_id, from, to, msg: flight.msg.clone() });
        copy
    }

    /// Give a flight its delay and fate, record it and queue it.
    fn launch(&mut self, mut flight: Flight) {
        let (s, rng, now) = (&self.state.settings, &mut self.state.rng, self.state.now);
        let (from, to) = (flight.from, flight.to);
        // A slowed sender's messages take longer by a fixed amount. It adds
        // no random draw, so a run that never slows a node draws exactly as
        // before.
        let extra = u64::from(self.state.node_delay[from.index()]);
        let delay = rng.range(u64::from(s.delay_min), u64::from(s.delay_max)) + extra;
        flight.deliver_at = now + delay;
        let reason = if rng.chance(s.loss) {
            Some(DropReason::Loss)
        } else if rng.chance(s.node_failure[from.index()]) {
            Some(DropReason::NodeFailure { node: from })
        } else if rng.chance(s.node_failure[to.index()]) {
            Some(DropReason::NodeFailure { node: to })
        } else {
            None
        };
        // A lost message vanishes somewhere along its way, so the page can
        // show it fading out mid-flight.
        flight.lost = reason.map(|r| (r, now + rng.range(delay / 4, delay * 3 / 4).max(1)));
        self.emit_sent(&flight);
        self.store_flight(flight, true);
    }

    fn emit_sent(&mut self, f: &Flight) {
        self.emit(|| Event::Sent {
            id: f.id,
            from: f.from,
            to: f.to,
            msg: f.msg.clone(),
            deliver_at: f.deliver_at,
            copy_of: f.copy_of,
        });
    }

    /// Put a flight in the slab and, unless it waits for a manual
    /// delivery, queue its arrival.
    pub(super) fn store_flight(&mut self, flight: Flight, queued: bool) {
        let due = flight.due();
        let slot = match self.state.free.pop() {
            Some(slot) => {
                self.state.slab[slot as usize] = Some(flight);
                slot
            }
            None => {
                self.state.slab.push(Some(flight));
                (self.state.slab.len() - 1) as u32
            }
        };
        let live = self.state.slab.len() - self.state.free.len();
        self.state.peak_in_flight = self.state.peak_in_flight.max(live);
        if queued {
            self.schedule(due, Item::Flight(slot));
        }
    }

    pub(super) fn take_flight(&mut self, slot: u32) -> Flight {
        self.state.free.push(slot);
        self.state.slab[slot as usize].take().expect("a queued slot holds a flight")
    }

    pub(super) fn find_flight(&self, id: MsgId) -> Option<u32> {
        self.state.slab.iter().position(|f| f.as_ref().is_some_and(|f| f.id == id)).map(|p| p as u32)
    }

    pub(super) fn drop_flight(&mut self, f: &Flight, reason: DropReason) {
        self.state.stats.dropped += 1;
        self.emit(|| Event::Dropped {
            id: f.id,
            from: f.from,
            to: f.to,
            msg: f.msg.clone(),
            reason,
            sent_at: f.sent_at,
            deliver_at: f.deliver_at,
        });
    }

    /// A flight's time is up: it arrives, or it is lost, refused by a cut
    /// link, or refused by a crashed receiver.
    pub(super) fn deliver(&mut self, flight: Flight) {
        let (from, to) = (flight.from, flight.to);
        let reason = match flight.lost {
            Some((reason, _)) => Some(reason),
            None if self.is_cut(from, to) => Some(DropReason::Partition),
            None if self.state.slots[to.index()].crashed => Some(DropReason::Crashed),
            None => None,
        };
        if let Some(reason) = reason {
            self.drop_flight(&flight, reason);
            return;
        }
        self.state.stats.delivered += 1;
        let Flight { id, msg, .. } = flight;
        let cause = self.emit(|| Event::Delivered { id, from, to, msg: msg.clone() });
        self.handle(to.index(), cause, |n, out| n.on_message(from, msg, out));
    }

    /// Cut (`on`) or heal the one-way link between node indices `from → to`.
    pub(super) fn set_cut(&mut self, from: usize, to: usize, on: bool) {
        let to = self.state.slots[to].node.id;
        if on {
            self.state.cut[from].insert(to);
        } else {
            self.state.cut[from].remove(to);
        }
    }

    /// Discard every message in flight, in the order they would have
    /// arrived, with `reason`.
    pub(super) fn discard_in_flight(&mut self, reason: DropReason) {
        self.state.queue.clear();
        self.state.free.clear();
        let mut pending: Vec<Flight> = self.state.slab.drain(..).flatten().collect();
        pending.sort_by_key(|f| (f.due(), f.id));
        for flight in &pending {
            self.drop_flight(flight, reason);
        }
    }
}
