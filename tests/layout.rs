//! The cards' geometry ([`paxos_playground::ui::layout`]), checked
//! natively: it is pure arithmetic, so it needs no browser. (The embed's
//! layout tests, which read the stage's room, are in `tests/web.rs`.)

#![cfg(not(target_arch = "wasm32"))]

use paxos_playground::ui::layout::{layout, Cards};

#[test]
fn ring_layouts_never_overlap_and_phones_get_a_grid() {
    for (n, short) in [3, 5, 7, 9].into_iter().flat_map(|n| [(n, false), (n, true)]) {
        let l = layout(n, 900.0, Cards::Full, if short { 400.0 } else { f64::INFINITY });
        assert!(l.ring, "{n} nodes fit a ring at 900 px");
        for (i, a) in l.cards.iter().enumerate() {
            assert!(a.x >= 0.0 && a.x + a.w <= l.width + 0.5, "card {i} inside the stage");
            for b in &l.cards[i + 1..] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{n} nodes: cards overlap");
            }
        }
        // The stage ends just below its lowest card: no empty strip.
        let lowest = l.cards.iter().map(|c| c.y + c.h).fold(0.0, f64::max);
        assert!(
            lowest <= l.height && l.height - lowest <= 12.0,
            "{n} nodes: stage {} for cards down to {lowest}",
            l.height
        );
    }
    // Two nodes stand side by side, one card high, with room between for
    // the messages; in a frame as narrow as an embed's too.
    for (width, cards) in [(900.0, Cards::Full), (600.0, Cards::Minimal)] {
        let two = layout(2, width, cards, f64::INFINITY);
        let (a, b) = (two.cards[0], two.cards[1]);
        assert!(two.ring && a.y == b.y && two.height < a.h + 25.0, "{two:?}");
        assert!(b.x - (a.x + a.w) >= 60.0 && b.x + b.w <= width, "{two:?}");
    }
    let phone = layout(5, 344.0, Cards::Full, f64::INFINITY);
    assert!(!phone.ring);
    assert!(phone.cards.iter().all(|c| c.x >= 0.0 && c.x + c.w <= 344.5));
}

/// A phone's page folds its cards to their state, and opens one at a
/// time: that card alone grows to a full card, and the rows under it move
/// down, so no card runs into another.
#[test]
fn a_phone_folds_its_cards_and_opens_one_without_overlap() {
    use paxos_playground::ui::layout::unfold;
    assert_eq!(Cards::for_page(360.0), Cards::Folded);
    assert_eq!(Cards::for_page(1024.0), Cards::Full);
    let full = layout(5, 344.0, Cards::Full, f64::INFINITY);
    let folded = layout(5, 344.0, Cards::Folded, f64::INFINITY);
    assert!(!folded.ring && folded.cards.len() == 5);
    // A sixth less at least; folded cards keep room for a two-line quorum
    // mark and a wrapped acceptance, so that they need not grow in a run.
    assert!(folded.height < 0.85 * full.height, "folded {} against {}", folded.height, full.height);
    for open in 0..5 {
        let l = unfold(&folded, open);
        let (was, now) = (folded.cards[open], l.cards[open]);
        assert_eq!(now.h, full.cards[open].h, "card {open} opens to a full card");
        assert_eq!((now.x, now.y), (was.x, was.y), "card {open} opens where it was");
        assert_eq!(l.height - folded.height, now.h - was.h, "the stage grows by as much");
        for (k, (a, b)) in folded.cards.iter().zip(&l.cards).enumerate().filter(|&(k, _)| k != open) {
            let moved = b.y - a.y;
            assert!(if a.y > was.y { moved == now.h - was.h } else { moved == 0.0 }, "card {k} moved {moved}");
        }
        for (i, a) in l.cards.iter().enumerate() {
            for b in &l.cards[i + 1..] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "card {open} open: cards overlap");
            }
        }
    }
    // A node that is not there opens nothing.
    assert_eq!(unfold(&folded, 9), folded);
}

#[test]
fn a_short_window_gets_a_shorter_ring_shrunk_at_most_a_little() {
    use paxos_playground::ui::layout::{fit, FIT_LEAST};
    let tall = layout(5, 900.0, Cards::Full, f64::INFINITY);
    // A window with room to spare keeps the widest lane and full size.
    assert_eq!(fit(&tall, 2000.0, 28.0), 1.0);
    // Less room, a narrower lane between the two rows, down to a least.
    let mid = layout(5, 900.0, Cards::Full, tall.height - 20.0);
    assert!((mid.height - (tall.height - 20.0)).abs() < 0.5, "{} for {}", mid.height, tall.height - 20.0);
    assert_eq!(fit(&mid, tall.height - 20.0 + 28.0, 28.0), 1.0, "it fits unshrunk");
    let low = layout(5, 900.0, Cards::Full, 300.0);
    let least = layout(5, 900.0, Cards::Full, 0.0);
    assert_eq!(low.height, least.height, "the lane stops at its least");
    assert!(low.height < mid.height);
    // What is still too tall is shrunk, but never past the least scale.
    let scale = fit(&low, low.height * 0.9 + 28.0 * 0.9, 28.0);
    assert!((scale - 0.9).abs() < 1e-9, "{scale}");
    assert_eq!(fit(&low, 100.0, 28.0), FIT_LEAST);
    // A phone's grid scrolls instead.
    let phone = layout(5, 344.0, Cards::Full, 100.0);
    assert_eq!(fit(&phone, 100.0, 28.0), 1.0);
}

/// A ring shrunk to a laptop's height is laid out as much wider: nine
/// nodes then take two rows, not three, and show whole above the time
/// controls; five, already in two rows, keep their layout.
#[test]
fn a_big_ring_shrunk_to_the_window_takes_fewer_rows() {
    use paxos_playground::ui::layout::{on_page, page_scale, FIT_LEAST};
    let rows = |l: &paxos_playground::ui::layout::Layout| {
        let mut tops: Vec<i64> = l.cards.iter().map(|c| c.y.round() as i64).collect();
        tops.sort_unstable();
        tops.dedup();
        tops.len()
    };
    // The stage of a 1366 × 768 window: 942 px wide, 442 px of room.
    let (width, room) = (942.0, 442.0);
    let nine = on_page(9, width, Cards::Full, room, 28.0);
    assert_eq!(rows(&nine), 2, "{nine:?}");
    let scale = page_scale(&nine, width, room, 28.0);
    assert!(scale >= FIT_LEAST && nine.width * scale <= width + 0.5, "{scale}");
    // Its cards end within a few pixels of the room (the stage's own room
    // under them may go under the controls).
    assert!(nine.height * scale <= room + 8.0, "on screen: {} at {scale}", nine.height);
    let by_itself = layout(9, width, Cards::Full, room - 28.0);
    assert!(rows(&by_itself) > 2, "laid out at the stage's width it took more rows");
    let shown = page_scale(&by_itself, width, room, 28.0) * by_itself.height;
    assert!(shown > room + 100.0, "and went far below the room: {shown}");
    // Five nodes in two rows went under the time controls even shrunk to
    // the least; side by side they are whole on screen, and larger.
    let five = on_page(5, width, Cards::Full, room, 28.0);
    assert!(five.row && rows(&five) == 1, "{five:?}");
    let ring = layout(5, width, Cards::Full, room - 28.0);
    let (row_scale, ring_scale) = (page_scale(&five, width, room, 28.0), page_scale(&ring, width, room, 28.0));
    assert!(row_scale >= ring_scale, "{row_scale} against {ring_scale}");
    assert!((five.height + 28.0) * row_scale <= room, "whole: {}", (five.height + 28.0) * row_scale);
    assert!((ring.height + 28.0) * ring_scale > room, "the two rows were not");
    // Where the ring fits as it is, it stays.
    assert!(!on_page(5, 1400.0, Cards::Full, 900.0, 28.0).row);
}

#[test]
fn messages_between_neighbours_stay_off_the_cards() {
    use paxos_playground::ui::layout::routes;
    for (cards, widths) in [(Cards::Full, [900.0, 1200.0]), (Cards::Minimal, [700.0, 1050.0])] {
        for (width, short) in widths.into_iter().flat_map(|w| [(w, false), (w, true)]) {
            for n in [4, 5, 7, 8, 9] {
                let l = layout(n, width, cards, if short { 400.0 } else { f64::INFINITY });
                if !l.ring {
                    continue;
                }
                let all = routes(&l);
                for i in 0..n {
                    let j = (i + 1) % n;
                    let route = all[i * n + j];
                    for k in 2..=18 {
                        let (x, y) = route.at(f64::from(k) / 20.0);
                        let over = l.cards.iter().position(|c| x > c.x && x < c.x + c.w && y > c.y && y < c.y + c.h);
                        assert_eq!(
                            over,
                            None,
                            "{n} nodes, {width} px: {} → {} passes over a card at ({x}, {y}): {:?} {:?} {route:?}",
                            i + 1,
                            j + 1,
                            l.cards[i],
                            l.cards[j]
                        );
                    }
                    // Mid-flight, the pill itself (about 120 by 20 px
                    // round the track) is clear of the cards too, where
                    // the lanes leave the room.
                    let (a, b) = (l.cards[i], l.cards[j]);
                    let gap = (a.x.max(b.x) - (a.x + a.w).min(b.x + b.w))
                        .max(0.0)
                        .hypot((a.y.max(b.y) - (a.y + a.h).min(b.y + b.h)).max(0.0));
                    let (x, y) = route.at(0.5);
                    let pill_over = l
                        .cards
                        .iter()
                        .any(|c| x + 60.0 > c.x && x - 60.0 < c.x + c.w && y + 10.0 > c.y && y - 10.0 < c.y + c.h);
                    // (Of cards side by side, that is: others have room.)
                    assert!(
                        cards != Cards::Full || gap > 60.0 || !pill_over,
                        "{n} nodes, {width} px: {} → {}'s pill sits on a card: {a:?} {b:?} {route:?}",
                        i + 1,
                        j + 1
                    );
                }
            }
        }
    }
}

/// In a phone's grid, a message between two cards of one column arrives
/// from the side of its sender, its head pointing away from it: pulled
/// towards the middle of a tall grid, the route between nodes 1 and 3 came
/// up from beneath node 3, and read as a message from 3 to 1.
#[test]
fn a_grids_messages_arrive_heading_away_from_their_senders() {
    use paxos_playground::ui::layout::{routes, settle, unfold};
    let folded = layout(5, 344.0, Cards::Folded, f64::INFINITY);
    let h = folded.cards[0].h as u32;
    for l in [folded.clone(), unfold(&folded, 2), settle(&folded, &[h, h, h + 34, h + 24, h])] {
        let all = routes(&l);
        let n = l.cards.len();
        for (i, j) in (0..n).flat_map(|i| (0..n).map(move |j| (i, j))).filter(|(i, j)| i != j) {
            let (a, b, r) = (l.cards[i], l.cards[j], all[i * n + j]);
            if (a.x - b.x).abs() < 1.0 {
                let (heading, away) = (r.end.1 - r.control.1, b.y - a.y);
                assert!(heading * away > 0.0, "{} → {}: arrives heading {heading} {r:?}", i + 1, j + 1);
            }
        }
    }
    // A row drawn taller than laid out moves the rows under it down.
    let tall = settle(&folded, &[h, h + 54, h, h, h]);
    assert_eq!(tall.cards[1].y, folded.cards[1].y);
    assert_eq!(tall.cards[2].y - folded.cards[2].y, 54.0);
    assert_eq!(tall.cards[4].y - folded.cards[4].y, 54.0);
    assert_eq!(tall.height - folded.height, 54.0);
    // Not measured yet (or a ring), nothing moves.
    assert_eq!(settle(&folded, &[]), folded);
    let ring = layout(5, 900.0, Cards::Full, f64::INFINITY);
    assert_eq!(settle(&ring, &[900; 5]), ring);
}

/// A lecture's 720 × 480 frame without its log (`log=0`) leaves a stage
/// of 704 × 388, 42 px taller than with it: five cards stay in one row
/// there, their messages arcing over it, rather than rows of three and two
/// 12% larger with every message squeezed into the lane between them.
#[test]
fn a_frame_a_little_taller_keeps_five_cards_in_a_row() {
    use paxos_playground::ui::layout::fitted;
    for cards in [Cards::Minimal, Cards::Compact] {
        for h in (300..=390).step_by(10) {
            let l = fitted(5, 704.0, f64::from(h), cards, 28.0);
            assert!(
                l.row,
                "{cards:?} in a 700 × {h} stage: {:?}",
                l.cards.iter().map(|c| (c.x, c.y)).collect::<Vec<_>>()
            );
        }
    }
}

/// In a ring, a message leaves and reaches a card through its top or
/// bottom edge, or high on a side: through a side low down, a route
/// between a track's two rows (or under a card between two of one row)
/// met the card at its value box, Propose and Crash, and its arrowhead
/// sat on them.
#[test]
fn routes_meet_cards_clear_of_their_controls() {
    use paxos_playground::ui::layout::routes;
    for width in [900.0, 940.0, 1200.0] {
        for room in [400.0, 700.0, f64::INFINITY] {
            for n in 4..=9 {
                let l = layout(n, width, Cards::Full, room);
                if !l.ring || l.row {
                    continue;
                }
                let all = routes(&l);
                for i in 0..n {
                    for j in (0..n).filter(|&j| j != i) {
                        let route = all[i * n + j];
                        for (card, (x, y)) in [(l.cards[i], route.start), (l.cards[j], route.end)] {
                            let on_side = y > card.y && y < card.y + card.h;
                            let low = y > card.y + card.h * 0.55;
                            assert!(
                                !(on_side && low),
                                "{n} nodes, {width} px, room {room}: {} → {} meets {card:?} low on a side, at ({x:.0}, {y:.0})",
                                i + 1,
                                j + 1
                            );
                        }
                    }
                }
            }
        }
    }
}
