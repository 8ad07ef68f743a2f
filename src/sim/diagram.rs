//! The space-time diagram's model: what happened up to the cursor, as one
//! lane per node and one arrow per message, from its send to its arrival.
//!
//! Built from the same trace window the cluster's log reads, so the
//! diagram always shows the run the cluster shows. Arrows are read from
//! the moment a message was sent (a `Sent` event) to how it ended:
//! delivered, lost on the way (a cross where it vanished), refused at the
//! door (a cross at the receiver), or still in flight at the cursor (drawn
//! as far as it has got).

use super::trace::{DropReason, Event, MsgId, Trace};
use crate::paxos::{Message, MessageKind, NodeId, Note};
use std::collections::BTreeMap;

/// How a message's arrow ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// It arrived.
    Delivered,
    /// It was lost, at the end point, which lies part of the way along.
    Lost,
    /// It is still on its way; it is due at this tick.
    Flying {
        /// When it is due to arrive.
        due: u64,
    },
}

/// One message as an arrow in time.
#[derive(Clone, Debug, PartialEq)]
pub struct Arrow {
    /// The message id; also the arrow's key.
    pub id: MsgId,
    /// Sender.
    pub from: NodeId,
    /// Receiver.
    pub to: NodeId,
    /// The message.
    pub msg: Message,
    /// When it was sent.
    pub sent: u64,
    /// When it was due to arrive (for a lost one, when it would have).
    pub due: u64,
    /// Where it ended: the tick, and how far from the sender's lane towards
    /// the receiver's (1 = on the receiver's lane). Unused while flying.
    pub end: (u64, f64),
    /// How it ended.
    pub ending: Ending,
    /// A copy made by the network.
    pub duplicate: bool,
    /// The index of the event that ended it (or sent it, if it has not
    /// ended).
    pub event: u64,
}

impl Arrow {
    /// For a message lost part of the way along, the end of a faint trail
    /// from where it vanished on towards the receiver's lane, as far as it
    /// would have got by tick `now`. Without it, a cross in the middle of
    /// the lanes left a reader guessing which node the message was for.
    pub fn trail_at(&self, now: u64) -> Option<(u64, f64)> {
        if self.ending != Ending::Lost || self.end.1 >= 1.0 {
            return None;
        }
        let t = now.min(self.due).max(self.end.0);
        let along = if self.due > self.sent { (t - self.sent) as f64 / (self.due - self.sent) as f64 } else { 1.0 };
        Some((t, along.clamp(0.0, 1.0)))
    }

    /// The arrow at tick `now` drawn whole and cut off at `now`, which
    /// looks the same as drawing it up to [`Arrow::end_at`] and
    /// [`Arrow::trail_at`]: a message in flight is a straight line from
    /// its sending to where it is due, so its part before `now` is that
    /// line cut at `now`. Drawn so, an arrow changes on screen only when
    /// its message arrives or is lost, instead of on every frame of its
    /// flight, for every message in the air.
    ///
    /// Its label sits at the middle of the whole line and shows once the
    /// message has passed that middle: it never moves, and never runs
    /// ahead of the message.
    pub fn drawn(&self, now: u64) -> Drawn {
        let Lines { end, trail } = self.lines(now);
        match self.ending {
            Ending::Flying { .. } if !self.waits() => {
                Drawn { end, trail, clipped: true, labelled: 2 * now.saturating_sub(self.sent) >= self.due - self.sent }
            }
            _ => Drawn { end, trail, clipped: trail.is_some() && now < self.due, labelled: true },
        }
    }

    /// The lines of [`Arrow::drawn`], for a page that hides everything
    /// after the cursor: they can be drawn once and left alone until the
    /// message arrives or is lost. They depend on `now` only while the
    /// arrow [waits](Arrow::waits).
    pub fn lines(&self, now: u64) -> Lines {
        match self.ending {
            Ending::Flying { due } if !self.waits() => Lines { end: (due, 1.0), trail: None },
            _ => Lines { end: self.end_at(now), trail: self.trail_at(self.due) },
        }
    }

    /// Whether its message waits for a hand (Find a bug's manual
    /// delivery): it was due when it was sent, so there is no flight to
    /// draw ahead, and its line reaches the receiver's lane at the cursor.
    pub fn waits(&self) -> bool {
        matches!(self.ending, Ending::Flying { due } if due <= self.sent)
    }

    /// Where the arrow stops at tick `now`: where it ended, or, in flight,
    /// as far as it has got.
    pub fn end_at(&self, now: u64) -> (u64, f64) {
        match self.ending {
            Ending::Flying { due } => {
                let along =
                    if due > self.sent { now.saturating_sub(self.sent) as f64 / (due - self.sent) as f64 } else { 1.0 };
                (now, along.clamp(0.0, 1.0))
            }
            _ => self.end,
        }
    }
}

/// An arrow as the page draws it at some tick, in a form that changes when
/// something happens to the message, not on every tick (see
/// [`Arrow::drawn`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Drawn {
    /// Where its line ends.
    pub end: (u64, f64),
    /// Where a lost message's trail ends, if it has one.
    pub trail: Option<(u64, f64)>,
    /// Whether the line or trail runs on past the tick, so that whoever
    /// draws it must hide it after the tick (the page's veil does).
    pub clipped: bool,
    /// Whether its label shows yet.
    pub labelled: bool,
}

/// An arrow's lines drawn whole (see [`Arrow::lines`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lines {
    /// Where its line ends.
    pub end: (u64, f64),
    /// Where a lost message's trail ends, if it has one.
    pub trail: Option<(u64, f64)>,
}

/// A stretch of time when a node was down: its lane is broken there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outage {
    /// The node.
    pub node: NodeId,
    /// When it crashed.
    pub from: u64,
    /// When it came back, if it has.
    pub until: Option<u64>,
}

/// The diagram of a run's events, built as they come: each call to
/// [`Diagram::update`] reads only the events added since the last one, so
/// an event costs the diagram what it changes. Going back in time (or to
/// another branch) starts it afresh.
#[derive(Clone, Debug, Default)]
pub struct Diagram {
    arrows: Vec<Arrow>,
    /// Arrows not ended yet, by message id, with their index in `arrows`.
    open: BTreeMap<MsgId, usize>,
    outages: Vec<Outage>,
    /// For each run of [`CHUNK`] arrows, the index of the last event that
    /// added or ended one of them (see [`Diagram::chunks`]).
    stamps: Vec<u64>,
    /// Copies not sent yet, as (copy, original) ids: a network copy is
    /// sent at once, a copy made by a Find a bug step is only delivered.
    /// A list, not a map: it holds one entry at a time or so.
    copies: Vec<(MsgId, MsgId)>,
    /// The index of the next event to read.
    next: u64,
    /// The tick of the oldest event read.
    first: Option<u64>,
}

/// How many arrows make a chunk: a page redraws the chunks an event
/// touched and leaves the others alone.
pub const CHUNK: usize = 64;

// A page keeps one bit per arrow of a chunk in a `u64`.
const _: () = assert!(CHUNK <= 64);

/// A run of [`CHUNK`] arrows (fewer in the last), with the index of the
/// last event that added or ended one of them: while that stays the same,
/// so do they (within one run and branch), and so do their lines at
/// [`Chunk::lines_tick`], whatever the tick.
#[derive(Clone, Copy, Debug)]
pub struct Chunk<'a> {
    /// The arrows.
    pub arrows: &'a [Arrow],
    /// The last event that changed one of them.
    pub stamp: u64,
}

impl Chunk<'_> {
    /// The tick to draw the chunk's [lines](Arrow::lines) at, for the
    /// cursor at `now`: `now` itself if one of its arrows
    /// [waits](Arrow::waits), whose line reaches the cursor; 0 otherwise,
    /// as no other line depends on the tick, so that a drawing keyed on
    /// it stays the same from tick to tick.
    pub fn lines_tick(&self, now: u64) -> u64 {
        if self.arrows.iter().any(Arrow::waits) {
            now
        } else {
            0
        }
    }
}

/// How many arrows the diagram keeps: the trace window holds about this
/// many messages' events, and older ones cannot be redrawn anyway.
const KEEP: usize = 8_000;

impl Diagram {
    /// The diagram of `trace` from its oldest kept event.
    pub fn of(trace: &Trace) -> Diagram {
        let mut d = Diagram::default();
        d.update(trace);
        d
    }

    /// Read the events `trace` has added since the last update. A trace
    /// that was cut back or moved past events not read starts it afresh.
    pub fn update(&mut self, trace: &Trace) {
        if self.next > trace.next_index() || self.next < trace.first_index() || self.first.is_none() {
            *self = Diagram { next: trace.first_index(), ..Diagram::default() };
        }
        for index in self.next..trace.next_index() {
            if let Some(entry) = trace.get(index) {
                self.first.get_or_insert(entry.at);
                self.read(index, entry.at, &entry.event);
            }
        }
        self.next = trace.next_index();
        if self.arrows.len() > KEEP + KEEP / 8 {
            self.forget_oldest(self.arrows.len() - KEEP);
        }
    }

    fn read(&mut self, index: u64, at: u64, event: &Event) {
        match event {
            Event::Duplicated { id, copy, .. } => self.copies.push((*copy, *id)),
            Event::Sent { id, from, to, msg, copy_of, deliver_at } if from != to => {
                // The network's copies are sent like any message.
                self.copies.retain(|(copy, _)| copy != id);
                self.open.insert(*id, self.arrows.len());
                self.touch(self.arrows.len(), index);
                self.arrows.push(Arrow {
                    id: *id,
                    from: *from,
                    to: *to,
                    msg: msg.clone(),
                    sent: at,
                    due: *deliver_at,
                    end: (at, 0.0),
                    ending: Ending::Flying { due: *deliver_at },
                    duplicate: copy_of.is_some(),
                    event: index,
                });
            }
            Event::Delivered { id, from, to, msg } => {
                if let Some(k) = self.open.remove(id) {
                    self.touch(k, index);
                    let a = &mut self.arrows[k];
                    (a.end, a.ending, a.event) = ((at, 1.0), Ending::Delivered, index);
                } else {
                    self.unsent_copy(*id, (*from, *to, msg), (at, index), Ending::Delivered);
                }
            }
            Event::Dropped { id, from, to, msg, reason, sent_at, deliver_at } => {
                if let Some(k) = self.open.remove(id) {
                    // Lost in transit: where it vanished along the way.
                    // Refused at the door: at the receiver.
                    let along = match reason {
                        DropReason::Loss | DropReason::NodeFailure { .. } if deliver_at > sent_at => {
                            at.saturating_sub(*sent_at) as f64 / (deliver_at - sent_at) as f64
                        }
                        _ => 1.0,
                    };
                    self.touch(k, index);
                    let a = &mut self.arrows[k];
                    (a.end, a.ending, a.event) = ((at, along.clamp(0.0, 1.0)), Ending::Lost, index);
                } else {
                    // A copy made by hand, refused at the door.
                    self.unsent_copy(*id, (*from, *to, msg), (at, index), Ending::Lost);
                }
            }
            Event::Node { node, note: Note::Crashed { .. } } => {
                self.outages.push(Outage { node: *node, from: at, until: None });
            }
            Event::Node { node, note: Note::Restarted { .. } } => {
                if let Some(o) = self.outages.iter_mut().rev().find(|o| o.node == *node && o.until.is_none()) {
                    o.until = Some(at);
                }
            }
            _ => {}
        }
    }

    /// Draw a copy that was never sent on its own (a Find a bug step that
    /// delivers a message twice) and has just ended: from the original's
    /// sending to `at`, so the second arrival, or its refusal, shows.
    fn unsent_copy(
        &mut self,
        id: MsgId,
        (from, to, msg): (NodeId, NodeId, &Message),
        (at, index): (u64, u64),
        ending: Ending,
    ) {
        let Some(k) = self.copies.iter().position(|(copy, _)| *copy == id) else { return };
        let (_, original) = self.copies.swap_remove(k);
        let sent = self.arrows.iter().rev().find(|a| a.id == original).map_or(at, |a| a.sent);
        self.touch(self.arrows.len(), index);
        self.arrows.push(Arrow {
            id,
            from,
            to,
            msg: msg.clone(),
            sent,
            due: at,
            end: (at, 1.0),
            ending,
            duplicate: true,
            event: index,
        });
    }

    /// Note that event `index` changed arrow `k` (or adds it, as `k` =
    /// the arrows' count).
    fn touch(&mut self, k: usize, index: u64) {
        let chunk = k / CHUNK;
        if chunk == self.stamps.len() {
            self.stamps.push(index);
        } else {
            self.stamps[chunk] = index;
        }
    }

    /// Forget about `count` of the oldest arrows, or a few more: whole
    /// chunks, so that the others keep their arrows and stamps.
    fn forget_oldest(&mut self, count: usize) {
        let chunks = count.div_ceil(CHUNK).min(self.stamps.len());
        self.stamps.drain(..chunks);
        self.arrows.drain(..(chunks * CHUNK).min(self.arrows.len()));
        self.open = self
            .arrows
            .iter()
            .enumerate()
            .filter(|(_, a)| matches!(a.ending, Ending::Flying { .. }))
            .map(|(k, a)| (a.id, k))
            .collect();
        self.first = self.arrows.first().map(|a| a.sent);
    }

    /// Every arrow, oldest first.
    pub fn arrows(&self) -> &[Arrow] {
        &self.arrows
    }

    /// The arrows an export of the span from tick `from` to tick `to`, at
    /// cursor `now`, draws: those that end in it or later and were sent by
    /// its end.
    pub fn in_span(&self, (from, to): (u64, u64), now: u64) -> impl Iterator<Item = &Arrow> {
        self.arrows.iter().filter(move |a| a.end_at(now).0 >= from && a.sent <= to)
    }

    /// The `i`th chunk from the oldest (see [`Chunk`]).
    pub fn chunk(&self, i: usize) -> Option<Chunk<'_>> {
        let stamp = *self.stamps.get(i)?;
        Some(Chunk { arrows: &self.arrows[i * CHUNK..((i + 1) * CHUNK).min(self.arrows.len())], stamp })
    }

    /// Every arrow, in chunks (see [`Chunk`]), oldest first: the `i`th is
    /// [`Diagram::chunk`]`(i)`.
    pub fn chunks(&self) -> impl Iterator<Item = Chunk<'_>> {
        (0..self.stamps.len()).filter_map(|i| self.chunk(i))
    }

    /// The nodes' down times.
    pub fn outages(&self) -> &[Outage] {
        &self.outages
    }

    /// The tick of the oldest event drawn.
    pub fn first(&self) -> u64 {
        self.first.unwrap_or(0)
    }
}

/// Text for XML (or HTML): `<`, `>`, `&` and quotes escaped.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The labels placed so far in one drawing, so that a label that would
/// land on another is left out: when proposers race, a dozen messages
/// leave at once and their labels piled into one unreadable block. An
/// arrow without its label keeps its tooltip.
pub struct LabelRoom {
    placed: Vec<[f64; 3]>,
    /// A character's width in the labels' monospace.
    char_width: f64,
}

impl LabelRoom {
    /// A character's width in the page's 10 px labels.
    pub const PAGE_CHAR: f64 = 6.1;
    /// The same in the exported file's 11 px labels.
    pub const EXPORT_CHAR: f64 = 6.7;
    /// A line's height, in either.
    const HIGH: f64 = 11.0;

    /// No labels yet, for characters `char_width` pixels wide.
    pub fn new(char_width: f64) -> LabelRoom {
        LabelRoom { placed: Vec::new(), char_width }
    }

    /// Whether a label of `chars` characters centred at `at` has room; if
    /// so, it takes it.
    pub fn take(&mut self, at: (f64, f64), chars: usize) -> bool {
        let half = chars as f64 * self.char_width / 2.0;
        // Arrows come in the order they were sent, so labels placed long
        // before lie far to the left: the last few are the ones to check.
        // A character's width of space between two labels on one line:
        // touching, "Accept(n=1.4, fig) ×2 Accepted(n=1.4, fig)" read as one.
        let gap = self.char_width;
        let free = self
            .placed
            .iter()
            .rev()
            .take(64)
            .all(|&[x, y, other]| (x - at.0).abs() >= half + other + gap || (y - at.1).abs() >= Self::HIGH);
        if free {
            self.placed.push([at.0, at.1, half]);
        }
        free
    }
}

/// The colour of `msg`'s kind, as the page's light theme draws it
/// (Okabe–Ito): an exported diagram's colours unless tinted by ballot.
pub fn kind_colour(msg: &Message) -> &'static str {
    kind_hex(msg.kind())
}

/// A kind's colour, as [`kind_colour`] gives it to its messages.
fn kind_hex(kind: MessageKind) -> &'static str {
    match kind {
        MessageKind::Prepare => "#0072b2",
        MessageKind::Promise => "#3f8fc4",
        MessageKind::Nack => "#b0508f",
        MessageKind::Accept => "#c77f00",
        MessageKind::Accepted => "#c0500a",
        MessageKind::Decide => "#008a65",
    }
}

/// `hex` (`#rrggbb`) darkened for small text on white, as the page's
/// stylesheet darkens its diagram labels: the lighter kinds' colours read
/// at 3.5:1 and less as text. Anything else is kept as it is.
fn ink(hex: &str) -> String {
    let channel = |k: usize| hex.get(k..k + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
    match (hex.len(), channel(1), channel(3), channel(5)) {
        (7, Some(r), Some(g), Some(b)) => {
            let dark = |v: u8| (u32::from(v) * 72 / 100) as u8;
            format!("#{:02x}{:02x}{:02x}", dark(r), dark(g), dark(b))
        }
        _ => hex.to_string(),
    }
}

/// The time axis's possible steps, in ticks: half a second to a minute.
const AXIS_STEPS: [u64; 7] = [500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/// The least room between two marks of the time axis, in pixels: a time
/// such as "12.5 s" and a gap.
const AXIS_GAP: f64 = 70.0;

/// The time axis's step for a drawing of `zoom` pixels a tick: the
/// shortest that leaves `AXIS_GAP` between marks.
pub fn axis_step(zoom: f64) -> u64 {
    AXIS_STEPS.iter().copied().find(|s| *s as f64 * zoom >= AXIS_GAP).unwrap_or(60_000)
}

/// The span from `from` to `to`, widened to the send of each arrow that
/// reaches into it and to its end (no later than `now`): what [`to_svg`]
/// draws. Cut at the span's edges, an arrow sent before it began read as
/// a line from nowhere.
pub fn whole_span(diagram: &Diagram, (from, to): (u64, u64), now: u64) -> (u64, u64) {
    diagram.in_span((from, to), now).fold((from, to), |(f, t), a| (f.min(a.sent), t.max(a.end_at(now).0.min(now))))
}

/// The span from tick `from` to tick `to` of `diagram`, at cursor `now`,
/// as a standalone SVG document, 1,200 pixels wide, with every label as
/// text; widened to show whole every arrow that reaches into it. It
/// opens in any browser and needs no style sheet of the page's.
/// `tint` colours each message: [`kind_colour`], or the page's colour for
/// its ballot. (A `dyn` function, so the page's wasm holds one copy of
/// this long function, not one per tint.) `key` lists what each colour
/// means when it is not the message's kind (a ballot and its colour);
/// it is drawn under the lanes.
pub fn to_svg(
    diagram: &Diagram,
    nodes: usize,
    (from, to): (u64, u64),
    now: u64,
    tint: &dyn Fn(&Message) -> &'static str,
    key: &[(String, &'static str)],
) -> String {
    const LEFT: f64 = 66.0;
    const TOP: f64 = 28.0;
    const LANE: f64 = 34.0;
    let shown: Vec<&Arrow> = diagram.in_span((from, to), now).collect();
    let (from, to) = whole_span(diagram, (from, to), now);
    let width = 1200.0;
    let zoom = (width - LEFT - 20.0) / (to.saturating_sub(from).max(1)) as f64;
    let x = |t: u64| LEFT + (t.max(from) - from) as f64 * zoom;
    let y = |k: u8| TOP + f64::from(k.saturating_sub(1)) * LANE;
    // Under the lanes, the time axis, then the key to the colours: the
    // ballots' as given, or else the kinds'.
    let axis_y = TOP + LANE * nodes.saturating_sub(1) as f64 + 14.0;
    let lanes_end = axis_y + 28.0;
    let kinds: Vec<(String, &'static str)>;
    let key = if key.is_empty() {
        kinds = MessageKind::ALL.iter().map(|k| (k.title().to_string(), kind_hex(*k))).collect();
        &kinds[..]
    } else {
        key
    };
    let height = lanes_end + 22.0;
    let px = |v: f64| (v.round() as i64).to_string();
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         font-family=\"monospace\" font-size=\"11\">\n<title>Paxos Playground: space-time diagram, {} to {}</title>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
         <defs><marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" \
         orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"context-stroke\"/></marker></defs>\n",
        super::narrate::seconds(from),
        super::narrate::seconds(to),
        w = px(width),
        h = px(height)
    );
    for k in 1..=nodes as u8 {
        let yk = px(y(k));
        svg += &format!(
            "<text x=\"6\" y=\"{}\" fill=\"#18212b\">Node {k}</text><line x1=\"{}\" y1=\"{yk}\" x2=\"{}\" y2=\"{yk}\" stroke=\"#d5dbe3\"/>\n",
            px(y(k) + 4.0),
            px(LEFT),
            px(width - 10.0)
        );
    }
    for o in diagram.outages().iter().filter(|o| o.until.unwrap_or(now) >= from && o.from <= to) {
        svg += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" fill=\"#eef1f5\" stroke=\"#b3261e\" stroke-dasharray=\"3 2\"><title>Node {} is down</title></rect>\n",
            px(x(o.from)),
            px(y(o.node.0) - 5.0),
            px((x(o.until.unwrap_or(now).min(to)) - x(o.from)).max(2.0)),
            o.node
        );
    }
    let mut labels = LabelRoom::new(LabelRoom::EXPORT_CHAR);
    for a in shown {
        let end = a.end_at(now);
        let (x1, y1) = (x(a.sent), y(a.from.0));
        let (x2, y2) = (x(end.0), y1 + (y(a.to.0) - y1) * end.1);
        let c = tint(&a.msg);
        // As on the page: lost is dashed, still on its way dotted and
        // fainter, and a flying message's label waits until it is halfway.
        let flying = matches!(a.ending, Ending::Flying { .. });
        let dash = match a.ending {
            Ending::Lost => " stroke-dasharray=\"5 4\"",
            Ending::Flying { .. } => " stroke-dasharray=\"2 3\" opacity=\"0.7\"",
            _ => "",
        };
        let head = if a.ending == Ending::Delivered { " marker-end=\"url(#head)\"" } else { "" };
        // Each arrow a group with its label as its tooltip, as on the page:
        // the label itself is left out where it would overlap another.
        let text = format!("{}{}", a.msg, if a.duplicate { " ×2" } else { "" });
        svg += &format!("<g><title>{}</title>", xml(&text));
        svg += &format!(
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{c}\" stroke-width=\"1.6\"{dash}{head}/>\n",
            px(x1),
            px(y1),
            px(x2),
            px(y2)
        );
        if a.ending == Ending::Lost {
            svg += &format!(
                "<path d=\"M{},{} l8,8 m0,-8 l-8,8\" stroke=\"{c}\" stroke-width=\"2\"/>\n",
                px(x2 - 4.0),
                px(y2 - 4.0)
            );
        }
        if let Some(trail) = a.trail_at(now) {
            svg += &format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{c}\" stroke-width=\"1\" stroke-dasharray=\"1 4\" opacity=\"0.6\"/>\n",
                px(x2),
                px(y2),
                px(x(trail.0)),
                px(y1 + (y(a.to.0) - y1) * trail.1)
            );
        }
        // Centred on the line, but inside the drawing: a label centred near
        // its right edge would be cut off, and one near its left would run
        // over the lanes' names.
        let half = text.chars().count() as f64 * LabelRoom::EXPORT_CHAR / 2.0;
        let at = (((x1 + x2) / 2.0).min(width - 4.0 - half).max(LEFT + half), (y1 + y2) / 2.0 - 3.0);
        if (!flying || a.drawn(now).labelled) && labels.take(at, text.chars().count()) {
            svg += &format!(
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                px(at.0),
                px(at.1),
                ink(c),
                xml(&text)
            );
        }
        svg += "</g>\n";
    }
    let step = axis_step(zoom);
    for t in (from.div_ceil(step) * step..=to).step_by(step as usize) {
        let xt = px(x(t));
        svg += &format!(
            "<line x1=\"{xt}\" y1=\"{}\" x2=\"{xt}\" y2=\"{}\" stroke=\"#8a96a3\"/><text x=\"{xt}\" y=\"{}\" text-anchor=\"middle\" fill=\"#4f5b69\">{}</text>\n",
            px(axis_y),
            px(axis_y + 5.0),
            px(axis_y + 17.0),
            super::narrate::seconds(t)
        );
    }
    for (k, (label, colour)) in key.iter().enumerate() {
        let x = LEFT + 90.0 * k as f64;
        svg += &format!(
            "<rect x=\"{}\" y=\"{}\" width=\"16\" height=\"5\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" fill=\"#18212b\">{}</text>\n",
            px(x),
            px(lanes_end + 4.0),
            px(x + 21.0),
            px(lanes_end + 10.0),
            xml(label)
        );
    }
    svg += "</svg>\n";
    svg
}
