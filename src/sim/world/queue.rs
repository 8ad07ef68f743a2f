//! The event queue: what happens next, and when.
//!
//! Entries leave in `(time, sequence)` order, so ties between events of the
//! same tick break the same way on every platform. A heap holds the future;
//! a first-in-first-out lane holds what is due right now (a node's messages
//! to itself, about one event in five), which spares those the heap's work.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// What a queue entry stands for. Flights live in a slab and the queue holds
/// only their slot, so the heap moves small keys, not whole messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Item {
    /// The message in this slab slot arrives (or vanishes).
    Flight(u32),
    /// This node's timer, if it is still the one with this token.
    Timer {
        /// The node's index.
        node: u32,
        /// Which request of the timer this is; a newer request replaces it.
        token: u64,
    },
}

/// An entry of the queue.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scheduled {
    /// When it happens.
    pub at: u64,
    /// Scheduling order, the tie-break.
    pub seq: u64,
    /// What happens.
    pub item: Item,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Scheduled {}
impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap; reverse for earliest-first.
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}

/// The queue itself.
#[derive(Debug, Clone, Default)]
pub(super) struct Agenda {
    later: BinaryHeap<Scheduled>,
    now: VecDeque<Scheduled>,
}

impl PartialEq for Agenda {
    /// Two queues are equal when they hold the same entries; the heap's
    /// internal order does not matter.
    fn eq(&self, other: &Self) -> bool {
        let entries = |a: &Agenda| {
            let mut all: Vec<(u64, u64, Item)> = a.later.iter().chain(&a.now).map(|s| (s.at, s.seq, s.item)).collect();
            all.sort_unstable_by_key(|(at, seq, _)| (*at, *seq));
            all
        };
        entries(self) == entries(other)
    }
}

impl Agenda {
    /// Queue `entry`; `now` is the current tick.
    pub fn push(&mut self, entry: Scheduled, now: u64) {
        // Entries join the lane in sequence order, and the clock never goes
        // back, so the lane stays sorted.
        if entry.at == now {
            self.now.push_back(entry);
        } else {
            self.later.push(entry);
        }
    }

    fn lane_first(&self) -> bool {
        match (self.now.front(), self.later.peek()) {
            (Some(a), Some(b)) => (a.at, a.seq) < (b.at, b.seq),
            (Some(_), None) => true,
            _ => false,
        }
    }

    /// The next entry, without taking it.
    pub fn peek(&self) -> Option<&Scheduled> {
        if self.lane_first() {
            self.now.front()
        } else {
            self.later.peek()
        }
    }

    /// Take the next entry.
    pub fn pop(&mut self) -> Option<Scheduled> {
        if self.lane_first() {
            self.now.pop_front()
        } else {
            self.later.pop()
        }
    }

    /// Forget everything queued.
    pub fn clear(&mut self) {
        self.later.clear();
        self.now.clear();
    }
}
