//! The messages in flight as the cluster draws them, and the colours of
//! ballots.

use super::FADE_TICKS;
use crate::paxos::{Ballot, Message, MessageKind, NodeId, Note};
use crate::sim::{DropReason, Event, Sim};
use crate::ui::layout::Route;
use std::collections::BTreeMap;

/// Where a lost message vanished.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lost {
    /// The tick it was lost.
    pub at: u64,
    /// How far along its track, from 0 to 1.
    pub t: f64,
}

/// One message arrow: everything needed to draw it and to animate it for
/// the rest of its flight. It changes only when the message is lost, or
/// its link is cut or healed on the way, so its component renders a few
/// times at most.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    /// The message id (the SVG key).
    pub id: u64,
    /// The message.
    pub msg: Message,
    /// Its sender and receiver.
    pub ends: (NodeId, NodeId),
    /// The track.
    pub route: Route,
    /// The tick it was sent.
    pub sent_at: u64,
    /// The tick it arrives (or would have).
    pub deliver_at: u64,
    /// Set once it is lost.
    pub lost: Option<Lost>,
    /// On its way over a link that is cut now: unless the link heals
    /// first, it is refused on arrival, so it is drawn dashed already (the
    /// demo's lost Prepare is dashed all the way).
    pub cut: bool,
    /// A network duplicate of another message.
    pub duplicate: bool,
    /// Its ballot's colour class (see [`BallotColours`]).
    pub tint: &'static str,
    /// Sent by the same node at the same tick as an earlier message here
    /// and saying the same: a broadcast's second copy or later, whose pill
    /// leaves on top of the first one's.
    pub follower: bool,
}

impl EdgeView {
    /// The tick after which this arrow is gone: a lost one once faded.
    pub fn gone_at(&self) -> Option<u64> {
        self.lost.map(|l| l.at + FADE_TICKS)
    }
}

fn track(routes: &[Route], n: usize, from: NodeId, to: NodeId) -> Option<Route> {
    routes.get(from.index() * n + to.index()).copied()
}

/// How far along its track a message sent at `sent` and due at `due` is
/// at tick `now`, from 0 to 1.
pub fn progress(now: u64, sent: u64, due: u64) -> f64 {
    if due <= sent {
        1.0
    } else {
        (now.saturating_sub(sent) as f64 / (due - sent) as f64).clamp(0.0, 1.0)
    }
}

/// Every message arrow at the cursor: those in flight, and those lost in
/// the last [`FADE_TICKS`]. A node's messages to itself are internal and
/// instant, so they get no arrow.
pub fn edges(sim: &Sim, routes: &[Route], colours: &BallotColours) -> Vec<EdgeView> {
    let n = sim.len();
    let mut out: Vec<EdgeView> = Vec::new();
    // The first message of each broadcast in flight: (sender, tick, index
    // in `out`). Only proposers broadcast (replies go to one node), so
    // there are few at a time, and a list will do.
    let mut leaders: Vec<(NodeId, u64, usize)> = Vec::new();
    for f in sim.flights().filter(|f| f.from != f.to) {
        let Some(route) = track(routes, n, f.from, f.to) else { continue };
        let broadcast = f.copy_of.is_none()
            && matches!(f.msg.kind(), MessageKind::Prepare | MessageKind::Accept | MessageKind::Decide);
        let follower =
            broadcast && leaders.iter().any(|&(from, at, k)| from == f.from && at == f.sent_at && out[k].msg == f.msg);
        if broadcast && !follower {
            leaders.push((f.from, f.sent_at, out.len()));
        }
        out.push(EdgeView {
            id: f.id,
            msg: f.msg.clone(),
            ends: (f.from, f.to),
            route,
            sent_at: f.sent_at,
            deliver_at: f.deliver_at,
            lost: None,
            cut: sim.is_cut(f.from, f.to),
            duplicate: f.copy_of.is_some(),
            tint: colours.class(&f.msg),
            follower,
        });
    }
    for (_, entry) in sim.trace().indexed().rev() {
        // Faded by now: gone at the very tick its fade ends, or a run
        // resting there woke every frame to clear it away.
        if entry.at + FADE_TICKS <= sim.now() {
            break;
        }
        let Event::Dropped { id, from, to, msg, reason, sent_at, deliver_at } = &entry.event else { continue };
        let Some(route) = track(routes, n, *from, *to).filter(|_| from != to) else { continue };
        // Lost in transit: where it vanished. Refused at the door (crashed
        // receiver, cut link, round over): at the receiver's edge.
        let t = match reason {
            DropReason::Loss | DropReason::NodeFailure { .. } => progress(entry.at, *sent_at, *deliver_at),
            _ => progress(entry.at.max(*sent_at), *sent_at, (*deliver_at).max(entry.at)),
        };
        out.push(EdgeView {
            id: *id,
            msg: msg.clone(),
            ends: (*from, *to),
            route,
            sent_at: *sent_at,
            deliver_at: *deliver_at,
            lost: Some(Lost { at: entry.at, t }),
            cut: false,
            duplicate: false,
            tint: colours.class(msg),
            follower: false,
        });
    }
    out
}

/// The tick the last message lost on screen has faded by, if one is still
/// fading: a live run that falls quiet runs on until then, or its lost
/// pills hung half faded for as long as the reader left it.
pub fn faded_by(sim: &Sim) -> Option<u64> {
    sim.trace()
        .entries()
        .rev()
        .take_while(|e| e.at + FADE_TICKS > sim.now())
        .find(|e| matches!(e.event, Event::Dropped { from, to, .. } if from != to))
        .map(|e| e.at + FADE_TICKS)
}

/// Colours for ballots, when messages are coloured by ballot: each ballot
/// gets the next of eight in the order the run started them, so the
/// ballots that meet in a duel always differ. Eight classes, `ballot-0` to
/// `ballot-7`, set the colours in the style sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BallotColours(BTreeMap<Ballot, usize>);

/// The ballot colours: a class for the page (whose style sheet gives each
/// the same colour, see `.by-ballot .ballot-k`) and the colour itself, for
/// the exported diagram and the key. Okabe and Ito's colour-blind-safe
/// palette, with two of Tol's muted colours for the seventh and eighth.
pub const BALLOT_COLOURS: [(&str, &str); 8] = [
    ("ballot-0", "#0072b2"),
    ("ballot-1", "#d55e00"),
    ("ballot-2", "#009e73"),
    ("ballot-3", "#cc79a7"),
    ("ballot-4", "#e69f00"),
    ("ballot-5", "#56b4e9"),
    ("ballot-6", "#882255"),
    ("ballot-7", "#44aa99"),
];

/// The colour of a message without a ballot (`Decide`) when colouring by
/// ballot: the page's muted grey.
const NO_BALLOT: (&str, &str) = ("ballot-none", NO_BALLOT_HEX);

/// `NO_BALLOT`'s colour: an exported diagram's key names it.
pub const NO_BALLOT_HEX: &str = "#4f5b69";

/// How many ballots the diagram's key lists: the newest, one per colour.
pub const KEYED_BALLOTS: usize = BALLOT_COLOURS.len();

impl BallotColours {
    /// The colours of every ballot started in the events `sim` keeps.
    pub fn of(sim: &Sim) -> BallotColours {
        let mut map = BTreeMap::new();
        for e in sim.trace().entries() {
            if let Event::Node { note: Note::Preparing { ballot }, .. } = &e.event {
                let next = map.len();
                map.entry(*ballot).or_insert(next);
            }
        }
        BallotColours(map)
    }

    /// The colour (class, hex) for `msg`'s ballot; a `Decide` has none.
    fn colour(&self, msg: &Message) -> (&'static str, &'static str) {
        match msg.ballot() {
            Some(b) => self.of_ballot(b),
            None => NO_BALLOT,
        }
    }

    fn of_ballot(&self, b: Ballot) -> (&'static str, &'static str) {
        // A ballot started before the kept events still gets a colour.
        let k = self.0.get(&b).copied().unwrap_or((b.num as usize).wrapping_add(usize::from(b.node.0)));
        BALLOT_COLOURS[k % BALLOT_COLOURS.len()]
    }

    /// The colour class for `msg`'s ballot.
    pub fn class(&self, msg: &Message) -> &'static str {
        self.colour(msg).0
    }

    /// The colour itself, for drawings outside the page.
    pub fn hex(&self, msg: &Message) -> &'static str {
        self.colour(msg).1
    }

    /// The colour of ballot `b`, for the exported diagram's key.
    pub fn ballot_hex(&self, b: Ballot) -> &'static str {
        self.of_ballot(b).1
    }

    /// The newest ballots (at most [`KEYED_BALLOTS`]), oldest first, with
    /// their colour classes: the diagram's key.
    pub fn key(&self) -> Vec<(Ballot, &'static str)> {
        // Each ballot's number is its place in the order of starting, so
        // placing them there orders them (no sort, whose code is not small).
        let mut in_order = vec![None; self.0.len()];
        for (b, k) in &self.0 {
            if let Some(slot) = in_order.get_mut(*k) {
                *slot = Some(*b);
            }
        }
        let skip = in_order.len().saturating_sub(KEYED_BALLOTS);
        in_order.into_iter().skip(skip).flatten().map(|b| (b, self.of_ballot(b).0)).collect()
    }
}
