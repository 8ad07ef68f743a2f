//! Where the node cards go: a ring when there is room, a row when a few
//! cards read larger side by side (a laptop's page, a course's embed), a
//! grid when neither fits.
//!
//! Pure geometry, so it is cheap to run on every resize and easy to test.
//! Node 1 sits at the top of the ring and the rest follow clockwise, so
//! messages between neighbours stay short and broadcasts fan out evenly.

use std::f64::consts::PI;

/// `(sin x, cos x)` for `|x| <= π` by Taylor series. The layout only needs a
/// few angles, and this keeps libm's large argument reduction (kilobytes of
/// wasm) out of the page.
pub fn sin_cos(x: f64) -> (f64, f64) {
    let (mut sin, mut cos) = (0.0, 0.0);
    let (mut s_term, mut c_term) = (x, 1.0);
    for k in 0..14 {
        sin += s_term;
        cos += c_term;
        let k = f64::from(k);
        s_term *= -x * x / ((2.0 * k + 2.0) * (2.0 * k + 3.0));
        c_term *= -x * x / ((2.0 * k + 1.0) * (2.0 * k + 2.0));
    }
    (sin, cos)
}

/// A card's rectangle, in stage pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// The centre point.
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Where the ray from the centre towards `(tx, ty)` leaves the
    /// rectangle, pushed out by `gap` pixels.
    pub fn exit_towards(&self, tx: f64, ty: f64, gap: f64) -> (f64, f64) {
        let (cx, cy) = self.center();
        let (dx, dy) = (tx - cx, ty - cy);
        if dx == 0.0 && dy == 0.0 {
            return (cx, cy);
        }
        let sx = if dx != 0.0 { (self.w / 2.0) / dx.abs() } else { f64::INFINITY };
        let sy = if dy != 0.0 { (self.h / 2.0) / dy.abs() } else { f64::INFINITY };
        let len = (dx * dx + dy * dy).sqrt();
        let s = sx.min(sy) + gap / len;
        (cx + dx * s, cy + dy * s)
    }

    /// Where a route towards `(tx, ty)` leaves this card, `gap` pixels out:
    /// through its bottom or top edge when the target lies below or above
    /// the card. Through a side, low down, a route between the two rows of
    /// a track (or under a card between two of a row) met the card at its
    /// value box and Crash button, and its arrowhead sat on them.
    fn exit_facing(&self, (tx, ty): (f64, f64), gap: f64) -> (f64, f64) {
        let below = ty >= self.y + self.h;
        if !below && ty > self.y {
            return self.exit_high(tx, ty, gap);
        }
        let (cx, cy) = self.center();
        let edge = if below { self.y + self.h } else { self.y };
        // Where the line towards the target crosses that edge, kept off
        // the corners.
        let x = if (ty - cy).abs() > f64::EPSILON { cx + (tx - cx) * (edge - cy) / (ty - cy) } else { cx };
        let inset = (self.w / 4.0).min(24.0);
        (x.clamp(self.x + inset, self.x + self.w - inset), if below { edge + gap } else { edge - gap })
    }

    /// [`Rect::exit_towards`], but no lower than halfway down a side: the
    /// card's controls fill its lower half.
    fn exit_high(&self, tx: f64, ty: f64, gap: f64) -> (f64, f64) {
        let (x, y) = self.exit_towards(tx, ty, gap);
        let on_side = x < self.x || x > self.x + self.w;
        (x, if on_side { y.min(self.y + self.h / 2.0) } else { y })
    }

    /// The shortest distance between the two rectangles' edges (0 when
    /// they overlap).
    fn gap_to(&self, other: &Rect) -> f64 {
        let dx = (self.x.max(other.x) - (self.x + self.w).min(other.x + other.w)).max(0.0);
        let dy = (self.y.max(other.y) - (self.y + self.h).min(other.y + other.h)).max(0.0);
        dx.hypot(dy)
    }

    fn overlaps(&self, other: &Rect, gap: f64) -> bool {
        self.x < other.x + other.w + gap
            && other.x < self.x + self.w + gap
            && self.y < other.y + other.h + gap
            && other.y < self.y + self.h + gap
    }
}

/// The arrangement of a whole cluster.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// One rectangle per node, in id order.
    pub cards: Vec<Rect>,
    /// Stage width.
    pub width: f64,
    /// Stage height.
    pub height: f64,
    /// True when the cards go round in id order (an ellipse or a rectangle);
    /// false for the grid used on narrow screens.
    pub ring: bool,
    /// True for a single row of cards (see [`fitted`] and [`on_page`]):
    /// messages arc over it (see [`routes`]).
    pub row: bool,
}

/// How much each card shows, which sets its size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cards {
    /// Everything: state, value box, propose, failure slider, crash.
    Full,
    /// A phone's page: the state and a Propose button, and the other
    /// controls of the one card opened (see [`unfold`]). Full cards stood
    /// 316 px tall there, two to a row, and no phone showed the cluster,
    /// or a message's flight between its cards, on one screen.
    Folded,
    /// The embed: state, value box, propose and crash.
    Compact,
    /// A locked embed: the state only.
    Minimal,
}

/// The largest cluster drawn as a ring of full cards; a bigger one gets a
/// grid of slim cards (and the diagram thin lanes), or it would not fit.
pub const RING_UP_TO: usize = 9;

/// Below this stage width (a phone), the page's cards fold (see
/// [`Cards::for_page`]) and stand in a two-column grid.
const PHONE_WIDTH: f64 = 560.0;

/// A full card's height on a phone, in two columns that share the width:
/// a two-line quorum mark and a wrapped acceptance both fit.
const PHONE_CARD: f64 = 316.0;

/// A folded card's height: its head, a quorum mark's two lines, its
/// proposer's two lines, its three state lines with an acceptance wrapped,
/// and its Propose row. Room for all of them from the start: a row that
/// grew as the run marked a quorum or wrapped an acceptance moved the
/// cards under it, away from a finger about to press their Propose; and
/// a mark cut to one line lost what it is there to teach ("accept quorum
/// of n…", "n=1.1 acceptance forc…"). (A slider set still grows it, by a
/// line saying so; see [`settle`].)
const FOLDED: f64 = 256.0;

impl Cards {
    /// The page's cards on a stage `width` pixels wide: folded on a phone.
    pub fn for_page(width: f64) -> Cards {
        if width < PHONE_WIDTH {
            Cards::Folded
        } else {
            Cards::Full
        }
    }

    /// Whether these are the page's own cards, with a node's history and
    /// its failure slider, not an embed's.
    pub fn of_page(self) -> bool {
        matches!(self, Cards::Full | Cards::Folded)
    }
}

/// Card size for a cluster of `n` nodes on a stage `width` pixels wide.
fn card_size(n: usize, width: f64, cards: Cards) -> (f64, f64) {
    if cards == Cards::Folded {
        (((width - 12.0) / 2.0).clamp(140.0, 220.0), FOLDED)
    } else if cards == Cards::Minimal {
        // Embed cards are as tall as they grow: a quorum mark or a forced
        // value adds a line, and a card shorter in the layout than on the
        // page ran into its neighbour.
        (180.0, 178.0)
    } else if cards == Cards::Compact {
        (176.0, 228.0)
    } else if width < PHONE_WIDTH {
        (((width - 12.0) / 2.0).clamp(140.0, 220.0), PHONE_CARD)
    } else if n <= 5 {
        (204.0, 236.0)
    } else if n <= RING_UP_TO {
        (196.0, 236.0)
    } else {
        (156.0, 284.0)
    }
}

/// Lay out `n` nodes showing `cards` on a stage `width` pixels wide, with
/// `room` pixels of the window's height to show it in (`f64::INFINITY`
/// when that does not matter, as in an embed, which is shrunk to fit).
pub fn layout(n: usize, width: f64, cards: Cards, room: f64) -> Layout {
    let width = width.max(280.0);
    let (w, h) = card_size(n, width, cards);
    // Phones, and clusters too big for a readable ring, get a grid. Small
    // embed cards keep their ring whenever it fits: it is the picture.
    if cards == Cards::Folded || (width < PHONE_WIDTH && cards == Cards::Full) || n > RING_UP_TO {
        return grid(n, width, w, h);
    }
    // An ellipse reads best, but its neighbouring cards must not touch, and
    // for five or more tall cards that makes it much taller than a ring
    // round a rectangle, which keeps the same order. The shorter one wins,
    // so the time controls under the cluster stay on a laptop's screen.
    let ellipse = ring(n, width, w, h);
    // An embed is shrunk to fit a frame that is wide and short (720 × 480
    // in the README): a narrow lane between the rows makes the whole
    // cluster shorter, so it is shrunk less and its text stays readable.
    // On the page, a lane between two rows is as wide as the window's
    // height allows: with the widest, the time controls, which stay on
    // screen, hid the bottom row on most screens. A ring with side columns
    // is taller than a screen anyway, and there a narrow lane put the pills
    // between the top row's neighbours on the side cards.
    let lane = match cards {
        Cards::Full => {
            let fits = (room - 2.0 * h - 2.0 * TRACK_PAD) / 2.0;
            Lane { two_rows: fits.clamp(LANE_LEAST, LANE), with_sides: LANE }
        }
        _ => Lane { two_rows: 30.0, with_sides: 30.0 },
    };
    let rectangle = track(n, width, w, h, lane);
    // Four nodes as an ellipse are a diamond whose top and bottom cards
    // all but touch: every message between nodes 1 and 3 crossed a 14 px
    // gap, with every pill piled in it (a projector's 1024 × 768 frame).
    // Two rows with a lane between them win unless clearly taller.
    let diamond = n == 4;
    match (ellipse, rectangle) {
        (Some(e), Some(r)) => Some(if r.height < e.height || (diamond && r.height <= e.height * 1.15) { r } else { e }),
        (e, r) => e.or(r),
    }
    .unwrap_or_else(|| grid(n, width, w, h))
}

/// `layout`, a grid of [`Cards::Folded`], with the card of index `open`
/// unfolded to a full card's height and the rows below it moved down to
/// make room. Its neighbour in the row keeps its own height.
pub fn unfold(layout: &Layout, open: usize) -> Layout {
    let mut out = layout.clone();
    let Some(card) = layout.cards.get(open).copied() else { return out };
    let grow = (PHONE_CARD - card.h).max(0.0);
    for other in out.cards.iter_mut().filter(|c| c.y > card.y) {
        other.y += grow;
    }
    out.cards[open].h += grow;
    out.height += grow;
    out
}

/// `layout`, a grid, with each row as tall as its tallest card is drawn
/// (`drawn`, in id order; empty before it is measured) and the rows under
/// it moved down to match. A card's text may wrap to more lines than its
/// nominal height holds (a long value, a narrow phone's card), and it ran
/// into the card below. A ring keeps its shape.
pub fn settle(layout: &Layout, drawn: &[u32]) -> Layout {
    let mut out = layout.clone();
    if layout.ring || drawn.len() != layout.cards.len() {
        return out;
    }
    let (mut shift, mut first) = (0.0, 0);
    while first < layout.cards.len() {
        let y = layout.cards[first].y;
        let row = first..first + layout.cards[first..].iter().take_while(|c| c.y == y).count();
        let laid = layout.cards[row.clone()].iter().map(|c| c.h).fold(0.0, f64::max);
        let tallest = row.clone().map(|k| layout.cards[k].h.max(f64::from(drawn[k]))).fold(0.0, f64::max);
        for card in &mut out.cards[row.clone()] {
            card.y += shift;
        }
        shift += tallest - laid;
        first = row.end;
    }
    out.height += shift;
    out
}

/// The most an embed's stage is enlarged: a big frame (a projector's, a
/// wide column) shows the cards larger, up to twice their size, rather
/// than small cards in the middle of an empty frame.
pub const GROW_MOST: f64 = 2.0;

/// How much an embed's stage, `width` by `height` pixels, is scaled to
/// show `layout` whole, with `room` pixels kept below its cards: shrunk to
/// fit a small frame, enlarged (up to [`GROW_MOST`]) to fill a big one.
pub fn embed_scale(layout: &Layout, width: f64, height: f64, room: f64) -> f64 {
    (height / (layout.height + room)).min(width / layout.width).min(GROW_MOST)
}

/// The least a page's ring is shrunk to: below this, a card's text is too
/// small to read, and scrolling is the better way to see the rest.
pub const FIT_LEAST: f64 = 0.8;

/// How much the page shrinks its ring, `layout` with `below` pixels kept
/// under its cards, to show it whole in `room` pixels of the window's
/// height: a little, so that a laptop shows every card above the time
/// controls, but never below [`FIT_LEAST`]. A grid (a phone, a big
/// cluster) scrolls instead.
pub fn fit(layout: &Layout, room: f64, below: f64) -> f64 {
    if !layout.ring || room.is_nan() {
        return 1.0;
    }
    (room / (layout.height + below)).clamp(FIT_LEAST, 1.0)
}

/// How much the page shrinks `layout` on a stage `width` pixels wide,
/// with `room` and `below` as for [`fit`]: also to the stage's width, for
/// a ring laid out wider than it (see [`on_page`]).
pub fn page_scale(layout: &Layout, width: f64, room: f64, below: f64) -> f64 {
    let scale = fit(layout, room, below);
    if layout.ring {
        scale.min(width / layout.width)
    } else {
        scale
    }
}

/// The page's layout of `n` nodes showing `cards` on a stage `width`
/// pixels wide, with `room` and `below` as for [`fit`]. A ring shrunk to
/// the window's height leaves width to spare: laid out as much wider, a
/// big cluster puts more cards to a row, and in fewer rows it stands
/// shorter. Nine nodes at 1366 × 768 took three rows and a tall gap in
/// the middle, with the bottom row under the time controls; they now
/// take two.
pub fn on_page(n: usize, width: f64, cards: Cards, room: f64, below: f64) -> Layout {
    let here = layout(n, width, cards, room - below);
    let scale = page_scale(&here, width, room, below);
    if scale >= 1.0 || !here.ring {
        return here;
    }
    let shown = |l: &Layout| (l.height + below) * page_scale(l, width, room, below);
    // A few cards side by side, when that shows them about as large (a
    // few percent smaller at most) and shorter: five nodes took two rows
    // shrunk to 0.8 on a laptop, the bottom one under the time controls at
    // 1280 × 720.
    let (w, h) = card_size(n, width, cards);
    let one_row = (n <= ROW_ON_PAGE).then(|| row(n, w, h, width)).flatten();
    if let Some(r) = one_row.filter(|r| page_scale(r, width, room, below) >= 0.95 * scale && shown(r) < shown(&here)) {
        return r;
    }
    // Its lane is as wide as the room allows at the scale it will have.
    let wide = layout(n, width / FIT_LEAST, cards, (room - below) / FIT_LEAST);
    // Only a clear gain: at the same height, the narrower is larger.
    if wide.ring && shown(&wide) < 0.9 * shown(&here) {
        wide
    } else {
        here
    }
}

/// The layout an embed's stage, `width` by `height` pixels, shows largest
/// once scaled to fit (see [`embed_scale`]). Frames in course notes are wide
/// and short, and a ring laid out at the frame's own width is tall: laid
/// out wider, more cards share a row, the ring is flatter, and it is
/// shrunk less. It is laid out at least 600 px wide, so a narrow frame
/// can keep its ring too; a phone-width frame weighs that ring against
/// the phone's two-column grid, and shows whichever is shrunk less.
pub fn fitted(n: usize, width: f64, height: f64, cards: Cards, room: f64) -> Layout {
    let base = width.max(600.0);
    let mut best = layout(n, base, cards, f64::INFINITY);
    let mut best_scale = embed_scale(&best, width, height, room);
    // A frame narrower than that (a phone's) may do better with the
    // phone's grid at its own width: two columns of cards, shrunk far less
    // than a ring, whose text was too small to read there.
    // Its cards narrow a little, as the phone's do, so that two fit.
    let (w, h) = card_size(n, width, cards);
    let w = w.min(((width - 12.0) / 2.0).max(140.0));
    let grid_here = (width < base).then(|| grid(n, width, w, h));
    let stretched = [1.25, 1.5, 2.0, 2.5].map(|stretch| layout(n, base * stretch, cards, f64::INFINITY));
    // A big frame may show a big cluster larger in fewer columns: eleven
    // slim cards at a projector's width took ten to a row, unenlarged, and
    // left one alone on a second.
    let narrowed =
        (width >= 1000.0).then(|| [1.5, 2.0].map(|by| layout(n, (base / by).max(600.0), cards, f64::INFINITY)));
    // A frame as wide and short as course notes' shows a few cards
    // largest side by side: two rows of cards shrank 4 nodes to 0.57 in a
    // 720 × 480 frame, one row to more than 0.8.
    let (row_w, row_h) = card_size(n, base, cards);
    let one_row = row(n, row_w, row_h, 0.0);
    for candidate in stretched.into_iter().chain(grid_here).chain(narrowed.into_iter().flatten()) {
        let scale = embed_scale(&candidate, width, height, room);
        // Only a clear gain: a wider layout spreads the same cards thinner.
        if scale > best_scale * 1.02 {
            (best, best_scale) = (candidate, scale);
        }
    }
    // A row wins a near tie too: it reads in order, its messages arc over
    // it instead of across cards, and it leaves no empty margins. Value
    // recovery's locked frame showed a stretched ring, less than 2% smaller
    // than a row would be, with empty space around its short top row; and
    // a lecture's frame without its log (`log=0`, a little taller) put 5
    // nodes in rows of 3 and 2 for cards 12% larger, with every message
    // squeezed into the 30 px lane between the rows. Not when the row's
    // own text gets too small to read, as seven cards' did.
    let row_wins = |scale: f64| scale >= best_scale * 0.97 || (scale >= best_scale * 0.85 && scale >= ROW_LEAST);
    match one_row {
        Some(row) if row_wins(embed_scale(&row, width, height, room)) => row,
        _ => best,
    }
}

/// The least scale at which an embed prefers a row of cards to two rows
/// that show them larger: card text (0.72rem) at about 7.5 px.
const ROW_LEAST: f64 = 0.65;

/// The room for messages between the rows of a [`track`] of full cards, in
/// pixels: the most, and the least, where pills still pass between the
/// rows without covering either.
const LANE: f64 = 70.0;
const LANE_LEAST: f64 = 34.0;

/// The most room between two cards side by side in a [`track`], in pixels.
const SPREAD_MOST: f64 = 56.0;

/// The room above and below a track's rows, in pixels.
const TRACK_PAD: f64 = 10.0;

/// The room for messages between the rows of a [`track`], in pixels: for
/// a track of two rows only, and for one with side columns.
struct Lane {
    two_rows: f64,
    with_sides: f64,
}

/// Cards around the edge of a rectangle, clockwise from the top left: a
/// top row, a right column, a bottom row (right to left) and a left column.
/// It keeps the ring's order, so neighbours stay neighbours, in far less
/// height than an ellipse.
/// `lane` is the room for messages between the rows.
fn track(n: usize, width: f64, w: f64, h: f64, lane: Lane) -> Option<Layout> {
    const PAD: f64 = TRACK_PAD;
    const GAP: f64 = 14.0;
    let per_row = ((width - 2.0 * PAD + GAP) / (w + GAP)).floor() as usize;
    if per_row < 2 || n < 4 {
        return None;
    }
    let top = per_row.min(n.div_ceil(2));
    let mut bottom = per_row.min(n - top);
    // Keep the two side columns the same height, for a balanced ring.
    if (n - top - bottom) % 2 == 1 && bottom > 1 {
        bottom -= 1;
    }
    let sides = n - top - bottom;
    let (right, left) = (sides.div_ceil(2), sides / 2);
    let side_rows = right.max(left);
    let lane = if side_rows == 0 { lane.two_rows } else { lane.with_sides };
    let middle = (side_rows as f64 * (h + GAP) - GAP).max(0.0) + 2.0 * lane;
    // Spread over the room there is, up to [`SPREAD_MOST`] apart: 14 px
    // apart on a laptop, with a third of the stage empty, the routes
    // between side-by-side cards had no room between them, and arrowheads
    // and pills landed on a neighbour's value box and Crash button.
    let gap =
        if top > 1 { ((width - 2.0 * PAD - top as f64 * w) / (top as f64 - 1.0)).clamp(GAP, SPREAD_MOST) } else { GAP };
    let row_x = |count: usize, i: usize| {
        let used = count as f64 * w + (count as f64 - 1.0) * gap;
        (width - used) / 2.0 + i as f64 * (w + gap)
    };
    let side_y = |count: usize, i: usize| {
        let used = count as f64 * (h + GAP) - GAP;
        PAD + h + (middle - used) / 2.0 + i as f64 * (h + GAP)
    };
    let bottom_y = PAD + h + middle;
    let mut cards = Vec::with_capacity(n);
    cards.extend((0..top).map(|i| Rect { x: row_x(top, i), y: PAD, w, h }));
    // Side columns line up with the ends of the top row.
    let (left_x, right_x) = (row_x(top, 0), row_x(top, top - 1));
    cards.extend((0..right).map(|i| Rect { x: right_x, y: side_y(right, i), w, h }));
    cards.extend((0..bottom).rev().map(|i| Rect { x: row_x(bottom, i), y: bottom_y, w, h }));
    cards.extend((0..left).rev().map(|i| Rect { x: left_x, y: side_y(left, i), w, h }));
    Some(Layout { cards, width, height: bottom_y + h + PAD, ring: true, row: false })
}

fn ring(n: usize, width: f64, w: f64, h: f64) -> Option<Layout> {
    const PAD: f64 = 10.0;
    const GAP: f64 = 14.0;
    if n == 1 {
        let x = (width - w) / 2.0;
        return Some(Layout {
            cards: vec![Rect { x, y: PAD, w, h }],
            width,
            height: h + 2.0 * PAD,
            ring: true,
            row: false,
        });
    }
    if n == 2 {
        // Side by side: as an ellipse, node 2 stood a card's height under
        // node 1, and its buttons under the time controls on a laptop.
        let gap = (width - 2.0 * w - 2.0 * PAD).clamp(GAP, 1.5 * w);
        let x = (width - 2.0 * w - gap) / 2.0;
        let cards = vec![Rect { x, y: PAD, w, h }, Rect { x: x + w + gap, y: PAD, w, h }];
        return Some(Layout { cards, width, height: h + 2.0 * PAD, ring: true, row: false });
    }
    let rx = (width - w) / 2.0 - PAD;
    // Grow the vertical radius until no two cards touch; a flatter ring
    // keeps the stage short enough to see whole on a laptop screen.
    let mut ry = rx * 0.55;
    while ry <= rx * 1.6 {
        let cy = PAD + h / 2.0 + ry;
        let cards: Vec<Rect> = (0..n)
            .map(|k| {
                // Node 1 at the top, then clockwise; angles stay within ±π.
                let mut a = -PI / 2.0 + 2.0 * PI * k as f64 / n as f64;
                if a > PI {
                    a -= 2.0 * PI;
                }
                let (sin, cos) = sin_cos(a);
                let (cx, cyk) = (width / 2.0 + rx * cos, cy + ry * sin);
                Rect { x: cx - w / 2.0, y: cyk - h / 2.0, w, h }
            })
            .collect();
        let clear = (0..n).all(|i| (i + 1..n).all(|j| !cards[i].overlaps(&cards[j], GAP)));
        if clear {
            // Up to the lowest card, not the ellipse's bottom: with an odd
            // number of nodes no card sits there, and 3 nodes would leave
            // a strip of empty stage a quarter of its height.
            let height = cards.iter().map(|c| c.y + c.h).fold(0.0, f64::max) + PAD;
            return Some(Layout { cards, width, height, ring: true, row: false });
        }
        ry += 8.0;
    }
    None
}

/// The room above a [`row`] for the arcs of its messages.
const ROW_LANE: f64 = 84.0;

/// The most cards an embed puts in one [`row`]: more are too small there.
const ROW_UP_TO: usize = 7;

/// The most full cards the page puts in one [`row`].
const ROW_ON_PAGE: usize = 5;

/// Cards side by side in id order, centred on a stage at least `width`
/// pixels wide, with a lane above them for messages (see [`routes`]).
fn row(n: usize, w: f64, h: f64, width: f64) -> Option<Layout> {
    const PAD: f64 = 10.0;
    const GAP: f64 = 14.0;
    if !(3..=ROW_UP_TO).contains(&n) {
        return None;
    }
    let used = n as f64 * (w + GAP) - GAP + 2.0 * PAD;
    let left = ((width - used) / 2.0).max(0.0) + PAD;
    let cards = (0..n).map(|k| Rect { x: left + k as f64 * (w + GAP), y: PAD + ROW_LANE, w, h }).collect();
    Some(Layout { cards, width: used.max(width), height: h + ROW_LANE + 2.0 * PAD, ring: true, row: true })
}

fn grid(n: usize, width: f64, w: f64, h: f64) -> Layout {
    const GAP: f64 = 12.0;
    let cols = (((width + GAP) / (w + GAP)).floor() as usize).clamp(1, n.max(1));
    let rows = n.div_ceil(cols);
    let used = cols as f64 * w + (cols as f64 - 1.0) * GAP;
    let left = ((width - used) / 2.0).max(0.0);
    let cards = (0..n)
        .map(|k| {
            let (r, c) = (k / cols, k % cols);
            Rect { x: left + c as f64 * (w + GAP), y: r as f64 * (h + GAP * 3.0), w, h }
        })
        .collect();
    Layout { cards, width, height: rows as f64 * (h + GAP * 3.0), ring: false, row: false }
}

/// The path a message takes between two cards: a quadratic curve from the
/// sender's edge to the receiver's edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    /// Where it leaves the sender.
    pub start: (f64, f64),
    /// The curve's control point.
    pub control: (f64, f64),
    /// Where it reaches the receiver.
    pub end: (f64, f64),
}

impl Route {
    /// The point a fraction `t` (0 to 1) of the way along.
    pub fn at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        let (a, b, c) = (u * u, 2.0 * u * t, t * t);
        (a * self.start.0 + b * self.control.0 + c * self.end.0, a * self.start.1 + b * self.control.1 + c * self.end.1)
    }
}

/// The route between two neighbouring cards of a ring. Side by side, a
/// straight route would be a few pixels long and its pill would sit over
/// both cards' text the whole way; this one leaves each card through the
/// edge that faces the ring's `middle` (the bottom edges of a top row, the
/// inner edges of a side column) and bows out into that empty space,
/// clear of every card in `cards`.
fn bowed(a: &Rect, b: &Rect, middle: (f64, f64), cards: &[Rect]) -> Route {
    let (ac, bc) = (a.center(), b.center());
    let side_by_side = (ac.1 - bc.1).abs() < a.h / 2.0;
    let stacked = (ac.0 - bc.0).abs() < a.w / 2.0;
    // Straight across towards the middle's line: aiming at the middle
    // itself would leave a card of a wide row through its side, and the
    // route would cross its neighbour.
    let towards = |c: (f64, f64)| {
        let aim = if side_by_side {
            (c.0, middle.1)
        } else if stacked {
            (middle.0, c.1)
        } else {
            middle
        };
        // A card on the middle's own line (no such ring is laid out) aims
        // at the middle itself.
        if (aim.0 - c.0).hypot(aim.1 - c.1) < 1.0 {
            middle
        } else {
            aim
        }
    };
    let (ta, tb) = (towards(ac), towards(bc));
    let start = a.exit_high(ta.0, ta.1, 4.0);
    let end = b.exit_high(tb.0, tb.1, 10.0);
    let mid = ((start.0 + end.0) / 2.0, (start.1 + end.1) / 2.0);
    let aim = towards(mid);
    let (dx, dy) = (aim.0 - mid.0, aim.1 - mid.1);
    let len = dx.hypot(dy).max(1.0);
    let route = |bow: f64| Route { start, control: (mid.0 + dx / len * bow, mid.1 + dy / len * bow), end };
    // As far as [`BOW`], but never past the middle's line, where the far
    // side of the ring begins, nor into another card (a side column close
    // under a row, in an embed's narrow lane): bow less until clear.
    let over_a_card = |r: &Route| {
        (2..=18).any(|k| {
            let (x, y) = r.at(f64::from(k) / 20.0);
            cards.iter().any(|c| x > c.x && x < c.x + c.w && y > c.y && y < c.y + c.h)
        })
    };
    [1.0, 0.75, 0.5, 0.3, 0.15]
        .into_iter()
        .map(|k| route(BOW.min(len) * k))
        .find(|r| !over_a_card(r))
        .unwrap_or_else(|| route(0.0))
}

/// Routes between the cards of a [`row`], all over it: a card grows
/// downwards (a quorum mark, a wrapped line), and arcs under the row began
/// inside the cards that had. A message going right arcs low, one going
/// left high, so a request and its reply never share a path; a farther
/// receiver gets a higher arc within its band, so a broadcast's pills
/// fan out instead of piling up. Each card's top edge has four points:
/// from the left, where messages leave going left, arrive from the left,
/// arrive from the right, and leave going right.
fn row_routes(cards: &[Rect]) -> Vec<Route> {
    const LOW: (f64, f64) = (16.0, 36.0);
    const HIGH: (f64, f64) = (48.0, ROW_LANE - 12.0);
    let n = cards.len();
    let mut out = Vec::with_capacity(n * n);
    for (i, a) in cards.iter().enumerate() {
        for (j, b) in cards.iter().enumerate() {
            let right = j > i;
            let ((leave, arrive), band) = if right { ((0.3, -0.1), LOW) } else { ((-0.3, 0.1), HIGH) };
            let start = (a.center().0 + leave * a.w, a.y - 4.0);
            let end = (b.center().0 + arrive * b.w, b.y - 10.0);
            let far = i.abs_diff(j).saturating_sub(1) as f64 / (n.saturating_sub(2).max(1)) as f64;
            let peak = band.0 + (band.1 - band.0) * far.min(1.0);
            // A quadratic curve reaches half way to its control point.
            let control = ((start.0 + end.0) / 2.0, 2.0 * (a.y - peak) - (start.1 + end.1) / 2.0);
            out.push(Route { start, control, end });
        }
    }
    out
}

fn crosses(rect: &Rect, a: (f64, f64), b: (f64, f64)) -> bool {
    // Sample the segment; cards are large next to the step, so this is exact
    // enough and much simpler than clipping.
    (1..20).any(|k| {
        let t = f64::from(k) / 20.0;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        x > rect.x && x < rect.x + rect.w && y > rect.y && y < rect.y + rect.h
    })
}

/// Two cards of a ring closer than this, edge to edge, are neighbours: a
/// message between them bows out into the ring's empty middle.
const NEIGHBOURS: f64 = 60.0;

/// How far a neighbours' route bows out from the line between its ends,
/// at the control point; the curve itself reaches half as far, clear of
/// both cards with a pill's height to spare.
const BOW: f64 = 90.0;

/// Routes between every ordered pair of cards, indexed `from * n + to`.
/// Each curves a little towards the middle of the stage, and a lot when a
/// straight line would pass over another card (two cards in the same row).
pub fn routes(layout: &Layout) -> Vec<Route> {
    if layout.row {
        return row_routes(&layout.cards);
    }
    let n = layout.cards.len();
    let middle = (layout.width / 2.0, layout.height / 2.0);
    let mut out = Vec::with_capacity(n * n);
    for (i, a) in layout.cards.iter().enumerate() {
        for (j, b) in layout.cards.iter().enumerate() {
            if layout.ring && i != j && a.gap_to(b) < NEIGHBOURS {
                out.push(bowed(a, b, middle, &layout.cards));
                continue;
            }
            let (ac, bc) = (a.center(), b.center());
            let mid = ((ac.0 + bc.0) / 2.0, (ac.1 + bc.1) / 2.0);
            let blocked = layout.cards.iter().enumerate().any(|(k, c)| k != i && k != j && crosses(c, ac, bc));
            let pull = if blocked { 1.1 } else { 0.25 };
            // In a grid, cards one above the other bow sideways only, and
            // cards side by side up or down only: pulled towards the
            // middle of a tall grid, a route between two cards of a column
            // dipped below the lower card's top and arrived from beneath,
            // its head pointing back at the sender.
            // (Between the facing edges, not the centres: an open card is
            // taller than its neighbours.)
            let (column, row) = ((ac.0 - bc.0).abs() < a.w / 2.0, (ac.1 - bc.1).abs() < a.h / 2.0);
            let between = |lo: f64, lo_size: f64, hi: f64| (lo + lo_size + hi) / 2.0;
            let control = match (layout.ring, column, row) {
                (false, true, _) => {
                    let y = if a.y < b.y { between(a.y, a.h, b.y) } else { between(b.y, b.h, a.y) };
                    (mid.0 + (middle.0 - mid.0) * pull, y)
                }
                (false, _, true) => {
                    let x = if a.x < b.x { between(a.x, a.w, b.x) } else { between(b.x, b.w, a.x) };
                    (x, mid.1 + (middle.1 - mid.1) * pull)
                }
                _ => (mid.0 + (middle.0 - mid.0) * pull, mid.1 + (middle.1 - mid.1) * pull),
            };
            let (start, end) = if layout.ring {
                (a.exit_facing(control, 4.0), b.exit_facing(control, 10.0))
            } else {
                (a.exit_towards(control.0, control.1, 4.0), b.exit_towards(control.0, control.1, 10.0))
            };
            out.push(Route { start, control, end });
        }
    }
    out
}
