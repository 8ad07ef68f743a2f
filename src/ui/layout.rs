//! Where the node cards go: a ring when there is room, a grid when not.
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
    /// True for the ring, false for the grid fallback.
    pub ring: bool,
}

/// Card size for a cluster of `n` nodes on a stage `width` pixels wide.
fn card_size(n: usize, width: f64) -> (f64, f64) {
    if width < 560.0 {
        // Phones: two columns that share the width.
        (((width - 12.0) / 2.0).clamp(140.0, 220.0), 256.0)
    } else if n <= 5 {
        (204.0, 252.0)
    } else if n <= 9 {
        (184.0, 252.0)
    } else {
        (150.0, 252.0)
    }
}

/// Lay out `n` nodes on a stage `width` pixels wide.
pub fn layout(n: usize, width: f64) -> Layout {
    let width = width.max(280.0);
    let (w, h) = card_size(n, width);
    if width >= 560.0 {
        if let Some(ring) = ring(n, width, w, h) {
            return ring;
        }
    }
    grid(n, width, w, h)
}

fn ring(n: usize, width: f64, w: f64, h: f64) -> Option<Layout> {
    const PAD: f64 = 10.0;
    const GAP: f64 = 14.0;
    if n == 1 {
        let x = (width - w) / 2.0;
        return Some(Layout { cards: vec![Rect { x, y: PAD, w, h }], width, height: h + 2.0 * PAD, ring: true });
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
            let height = 2.0 * ry + h + 2.0 * PAD;
            return Some(Layout { cards, width, height, ring: true });
        }
        ry += 8.0;
    }
    None
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
    Layout { cards, width, height: rows as f64 * (h + GAP * 3.0), ring: false }
}
