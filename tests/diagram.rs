//! The space-time diagram's model: one arrow per message sent, ending
//! where and how the message did; broken lanes while nodes are down; the
//! same result whether it is built at once or event by event.

use paxos_playground::paxos::{Ballot, Message, MessageKind, NodeId, Proposal, Value};
use paxos_playground::sim::diagram::{axis_step, kind_colour, to_svg, Arrow, Diagram, Ending, LabelRoom, CHUNK};
use paxos_playground::sim::narrate::{describe, in_log, seconds};
use paxos_playground::sim::{Action, Event, MsgId, Sim, SimConfig};
use std::collections::HashMap;

/// Two proposers racing on five nodes, with loss and copies, at the start.
fn racing() -> Sim {
    let mut config = SimConfig::new(5, 3);
    config.settings.loss = 0.3;
    config.settings.duplication = 0.2;
    let mut sim = Sim::new(config).unwrap();
    sim.propose(NodeId(1), "a").unwrap();
    sim.propose(NodeId(4), "b").unwrap();
    sim
}

/// The same race, played out.
fn busy() -> Sim {
    let mut sim = racing();
    sim.run_until(6_000);
    sim
}

#[test]
fn every_message_between_nodes_is_one_arrow_that_ends_as_the_message_did() {
    let sim = busy();
    let now = sim.now();
    let d = Diagram::of(sim.trace());
    let count = |f: &dyn Fn(&Event) -> bool| sim.trace().entries().filter(|e| f(&e.event)).count();
    let sent = count(&|e| matches!(e, Event::Sent { from, to, .. } if from != to));
    assert_eq!(d.arrows().len(), sent, "one arrow per message between two nodes");
    let delivered = count(&|e| matches!(e, Event::Delivered { from, to, .. } if from != to));
    let lost = count(&|e| matches!(e, Event::Dropped { from, to, .. } if from != to));
    assert_eq!(d.arrows().iter().filter(|a| a.ending == Ending::Delivered).count(), delivered);
    assert_eq!(d.arrows().iter().filter(|a| a.ending == Ending::Lost).count(), lost);
    assert!(lost > 0 && d.arrows().iter().any(|a| a.duplicate), "the run has losses and copies to draw");
    for a in d.arrows() {
        let end = a.end_at(now);
        assert!(end.0 >= a.sent && end.0 <= now, "{a:?}");
        assert!((0.0..=1.0).contains(&end.1));
        match a.ending {
            Ending::Delivered => assert_eq!(end.1, 1.0),
            Ending::Flying { .. } => assert_eq!(end.0, now, "in flight: up to the cursor"),
            Ending::Lost => {}
        }
    }
    // A lost message's cross sits part of the way along when the network
    // lost it, and at the receiver when a crash or a cut refused it.
    assert!(d.arrows().iter().any(|a| a.ending == Ending::Lost && a.end.1 < 1.0));
    // From such a cross a trail goes on to the receiver's lane, reaching it
    // when the message would have arrived; other arrows have none.
    for a in d.arrows() {
        match a.trail_at(now) {
            Some((t, along)) => {
                assert!(a.ending == Ending::Lost && a.end.1 < 1.0, "{a:?}");
                assert!(t >= a.end.0 && t <= now && along >= a.end.1, "{a:?}: ({t}, {along})");
                if a.due <= now {
                    assert_eq!((t, along), (a.due, 1.0), "{a:?}: the trail ends on the receiver's lane");
                }
            }
            None => assert!(a.ending != Ending::Lost || a.end.1 >= 1.0, "{a:?}"),
        }
    }
    let svg = to_svg(&d, 5, (0, now), now, &kind_colour, &[]);
    assert!(svg.contains("stroke-dasharray=\"1 4\""), "the export draws the trails too");
}

/// The point at tick `t` on the line from `a` to `b` (ticks, and the way
/// from the sender's lane to the receiver's).
fn at_tick(a: (u64, f64), b: (u64, f64), t: u64) -> (u64, f64) {
    if b.0 <= t || b.0 == a.0 {
        return b;
    }
    (t, a.1 + (b.1 - a.1) * (t - a.0) as f64 / (b.0 - a.0) as f64)
}

#[test]
fn an_arrow_drawn_whole_and_cut_at_the_cursor_is_the_arrow_so_far() {
    let mut sim = racing();
    let (mut flying, mut trails, mut hidden) = (0, 0, 0);
    for now in (0..2_000).step_by(7) {
        sim.run_until(now);
        let d = Diagram::of(sim.trace());
        for a in d.arrows() {
            let drawn = a.drawn(now);
            let cut = |line: (u64, f64), end: (u64, f64)| if drawn.clipped { at_tick(line, end, now) } else { end };
            let close = |p: (u64, f64), q: (u64, f64)| p.0 == q.0 && (p.1 - q.1).abs() < 1e-9;
            let end = cut((a.sent, 0.0), drawn.end);
            assert!(close(end, a.end_at(now)), "{a:?} at {now}: {end:?}");
            match (drawn.trail, a.trail_at(now)) {
                (Some(whole), Some(so_far)) => {
                    assert!(close(cut(a.end, whole), so_far), "{a:?} at {now}");
                    trails += usize::from(drawn.clipped);
                }
                (None, None) => {}
                (whole, so_far) => panic!("{a:?} at {now}: {whole:?} against {so_far:?}"),
            }
            if let Ending::Flying { due } = a.ending {
                flying += 1;
                assert!(drawn.clipped && drawn.end == (due, 1.0), "{a:?}");
                // The label sits mid-line, and shows once the message is past it.
                assert_eq!(drawn.labelled, 2 * now >= a.sent + due, "{a:?} at {now}");
                hidden += usize::from(!drawn.labelled);
            } else {
                assert!(drawn.labelled, "{a:?}");
            }
        }
    }
    assert!(
        flying > 100 && trails > 0 && hidden > 0,
        "{flying} in flight, {trails} growing trails, {hidden} unlabelled"
    );
}

#[test]
fn built_event_by_event_it_is_the_same_diagram() {
    let mut config = SimConfig::new(5, 9);
    config.settings.loss = 0.2;
    let mut sim = Sim::new(config).unwrap();
    sim.propose(NodeId(2), "x").unwrap();
    let mut d = Diagram::default();
    while sim.now() < 8_000 && sim.step() {
        d.update(sim.trace());
    }
    let whole = Diagram::of(sim.trace());
    assert_eq!(d.arrows(), whole.arrows());
    assert_eq!(d.outages(), whole.outages());
}

#[test]
fn a_chunk_whose_stamp_stays_has_the_same_arrows_and_forgetting_keeps_chunks_whole() {
    // Long enough, at 25 nodes with five proposers a round, that the
    // diagram forgets its oldest arrows several times.
    let mut config = SimConfig::new(25, 4);
    config.settings.loss = 0.2;
    config.settings.duplication = 0.2;
    let mut sim = Sim::new(config).unwrap();
    let mut d = Diagram::default();
    let mut seen: HashMap<MsgId, (u64, Vec<Arrow>)> = HashMap::new();
    let (mut kept, mut redrawn, mut forgot, mut most) = (0, 0, 0, 0);
    for round in 0..40u64 {
        sim.new_round();
        for k in [1, 6, 11, 16, 21] {
            sim.propose(NodeId(k), &format!("r{round}n{k}")).unwrap();
        }
        let until = sim.now() + 4_000;
        while sim.now() < until && sim.step() {
            d.update(sim.trace());
            forgot += usize::from(d.arrows().len() < most);
            most = most.max(d.arrows().len());
            let chunks: Vec<_> = d.chunks().collect();
            for (i, c) in chunks.iter().enumerate() {
                assert!(c.arrows.len() == CHUNK || i + 1 == chunks.len(), "only the newest chunk is short");
                let first = c.arrows[0].id;
                if let Some((stamp, arrows)) = seen.get(&first) {
                    if *stamp == c.stamp {
                        assert_eq!(arrows.as_slice(), c.arrows, "chunk from {first:?}: same stamp, other arrows");
                        kept += 1;
                        continue;
                    }
                }
                redrawn += 1;
                seen.insert(first, (c.stamp, c.arrows.to_vec()));
            }
        }
    }
    assert!(forgot >= 2, "forgot {forgot} times");
    // An event touches a chunk or two, whatever the diagram's length.
    assert!(kept > 20 * redrawn, "{kept} chunks kept their stamp, {redrawn} got a new one");
}

#[test]
fn a_chunk_drawn_at_its_lines_tick_is_drawn_as_at_the_cursor() {
    // By hand, as Find a bug's counterexamples run: messages wait for a
    // hand, and their lines reach the cursor, wherever they were sent.
    let mut config = SimConfig::new(3, 1);
    config.manual = true;
    let mut sim = Sim::new(config).unwrap();
    sim.propose(NodeId(1), "a").unwrap();
    let mut waiting_chunks = 0;
    for round in 0..12u64 {
        sim.run_until(sim.now() + 3_000);
        let ids: Vec<MsgId> = sim.flights().map(|f| f.id).collect();
        for id in ids.into_iter().take(3) {
            sim.apply(Action::Deliver { id }).unwrap();
        }
        if round % 3 == 0 {
            sim.new_round();
            sim.propose(NodeId(2), &format!("v{round}")).unwrap();
        }
        let d = Diagram::of(sim.trace());
        let now = sim.now();
        for c in d.chunks() {
            let tick = c.lines_tick(now);
            waiting_chunks += usize::from(tick == now);
            for a in c.arrows {
                assert_eq!(a.lines(tick), a.lines(now), "{a:?}");
                assert!(a.lines(now).end.0 >= a.sent, "{a:?} ends before it was sent");
            }
        }
    }
    assert!(waiting_chunks > 0, "no message waited for a hand");
}

#[test]
fn a_crashed_node_has_a_gap_in_its_lane_until_it_restarts() {
    let mut sim = Sim::new(SimConfig::new(3, 1)).unwrap();
    sim.run_until(1_000);
    sim.crash(NodeId(2)).unwrap();
    sim.run_until(4_000);
    sim.restart(NodeId(2)).unwrap();
    sim.run_until(5_000);
    sim.crash(NodeId(3)).unwrap();
    sim.run_until(6_000);
    let d = Diagram::of(sim.trace());
    let o = d.outages();
    assert_eq!(o.len(), 2);
    assert_eq!((o[0].node, o[0].from, o[0].until), (NodeId(2), 1_000, Some(4_000)));
    assert_eq!((o[1].node, o[1].until), (NodeId(3), None), "still down at the cursor");
}

/// Three nodes on `seed`, node 1 proposing `value`, run for five seconds,
/// and the diagram of it.
/// A message of `kind`, of ballot 1.1 and value "x".
fn sample(kind: MessageKind) -> Message {
    let ballot = Ballot::new(1, NodeId(1));
    let proposal = Proposal::new(ballot, Value::from("x"));
    match kind {
        MessageKind::Prepare => Message::Prepare { ballot },
        MessageKind::Promise => Message::Promise { ballot, prior: None },
        MessageKind::Nack => Message::Nack { ballot, promised: ballot },
        MessageKind::Accept => Message::Accept { proposal },
        MessageKind::Accepted => Message::Accepted { proposal },
        MessageKind::Decide => Message::Decide { value: Value::from("x") },
    }
}

fn proposed_on_three(seed: u64, value: &str) -> (Sim, Diagram) {
    let mut sim = Sim::new(SimConfig::new(3, seed)).unwrap();
    sim.propose(NodeId(1), value).unwrap();
    sim.run_until(5_000);
    let d = Diagram::of(sim.trace());
    (sim, d)
}

#[test]
fn an_exported_diagram_is_a_standalone_svg_with_its_labels_as_text() {
    let (sim, d) = proposed_on_three(2, "<b>&\"tricky\"</b>");
    let svg = to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains(">Prepare(n=1.1)</text>"), "labels are text");
    assert!(svg.contains("&lt;b&gt;&amp;&quot;tricky&quot;&lt;/b&gt;"), "values are escaped");
    assert!(!svg.contains("<b>"), "no markup from a value");
    let axis = svg.matches("stroke=\"#8a96a3\"").count();
    assert!(axis >= 2, "the time axis's marks");
    assert_eq!(svg.matches("<line").count() - axis, 3 + d.arrows().len(), "a lane per node and a line per arrow");
}

/// An export of a window that starts or ends while arrows are on their
/// way widens to show them whole: cut at its edge, an arrow read as a
/// line from nowhere.
#[test]
fn an_exported_window_shows_its_arrows_whole() {
    let sim = busy();
    let d = Diagram::of(sim.trace());
    // A window that begins and ends while some message is on its way.
    let cut = d.arrows().iter().find(|a| a.end_at(sim.now()).0 >= a.sent + 600).expect("a message with a flight");
    let window = (cut.sent + 300, cut.end_at(sim.now()).0 - 100);
    let svg = to_svg(&d, 5, window, sim.now(), &kind_colour, &[]);
    let title = svg.split("<title>").nth(1).unwrap().split("</title>").next().unwrap().to_string();
    let seconds = paxos_playground::sim::narrate::seconds;
    assert!(
        title.starts_with(&format!("Paxos Playground: space-time diagram, {} to ", seconds(cut.sent))),
        "widened to the send of the cut arrow: {title}"
    );
}

#[test]
fn an_exported_diagram_leaves_out_labels_that_would_overlap() {
    // Racing proposers send fans of messages at once, whose labels would
    // pile up at the same spot.
    let sim = busy();
    let d = Diagram::of(sim.trace());
    let svg = to_svg(&d, 5, (0, 2_000), sim.now(), &kind_colour, &[]);
    let labels: Vec<(f64, f64, usize)> = svg
        .split("<text x=\"")
        .skip(1 + 5) // the lanes' names
        // Not the time axis's times nor the key's names.
        .filter(|rest| {
            !rest.split('>').next().unwrap().contains("fill=\"#4f5b69\"")
                && !rest.split('>').next().unwrap().contains("fill=\"#18212b\"")
        })
        .map(|rest| {
            let num = |s: &str| s.split('"').next().unwrap().parse::<f64>().unwrap();
            let y = rest.split("y=\"").nth(1).unwrap();
            let text = rest.split('>').nth(1).unwrap().split('<').next().unwrap();
            (num(rest), num(y), text.chars().count())
        })
        .collect();
    let arrows = svg.matches("<g><title>").count();
    assert!(labels.len() > 10 && labels.len() < arrows, "{} labels for {arrows} arrows", labels.len());
    for (i, a) in labels.iter().enumerate() {
        // Inside the 1,200 px drawing, right of the lanes' names.
        let half = a.2 as f64 * 6.7 / 2.0;
        assert!(a.0 - half >= 65.0 && a.0 + half <= 1_201.0, "label out of the drawing: {a:?}");
        for b in &labels[..i] {
            // A character's width between two on one line, so that two
            // labels never read as one.
            let apart = (a.0 - b.0).abs() >= (a.2 + b.2 + 2) as f64 * 6.7 / 2.0 - 1.0 || (a.1 - b.1).abs() >= 11.0;
            assert!(apart, "labels overlap or touch: {a:?} and {b:?}");
        }
    }
}

/// A 3-node run in manual delivery (as Find a bug replays one), with node
/// 1's Prepare to node 2 waiting for a hand to deliver it.
fn prepare_waiting_for_node_2() -> (Sim, MsgId) {
    let mut config = SimConfig::new(3, 1);
    config.manual = true;
    let mut sim = Sim::new(config).unwrap();
    sim.propose(NodeId(1), "a").unwrap();
    let id = sim.flights().find(|f| f.to == NodeId(2)).map(|f| f.id).expect("a Prepare to node 2");
    (sim, id)
}

#[test]
fn a_copy_delivered_by_hand_is_drawn_and_told() {
    // A Find a bug step can deliver a message twice: the copy has no send
    // of its own, yet the diagram and the log must still show it.
    let (mut sim, id) = prepare_waiting_for_node_2();
    sim.apply(Action::DeliverCopy { id }).unwrap();
    sim.apply(Action::Deliver { id }).unwrap();
    let d = Diagram::of(sim.trace());
    let to_2: Vec<_> = d.arrows().iter().filter(|a| a.to == NodeId(2)).collect();
    assert_eq!(to_2.len(), 2, "the original and its copy: {to_2:?}");
    assert!(to_2.iter().all(|a| a.ending == Ending::Delivered));
    assert_eq!(to_2.iter().filter(|a| a.duplicate).count(), 1);
    let copy = to_2.iter().find(|a| a.duplicate).unwrap();
    assert_eq!((copy.from, copy.sent), (NodeId(1), to_2.iter().find(|a| !a.duplicate).unwrap().sent));
    // Drawn on top of the original, its label has no room of its own: the
    // export names it in its tooltip.
    assert!(
        to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]).contains("<title>Prepare(n=1.1) ×2</title>"),
        "the export marks the copy"
    );
    // The log tells the copy by its message, not by its number.
    let trace = sim.trace();
    let copy = trace.entries().find(|e| matches!(e.event, Event::Duplicated { .. })).expect("a copy was made");
    assert!(in_log(&copy.event, 3));
    assert_eq!(
        describe(&copy.event),
        "The network duplicates Prepare(n=1.1) from node 1 to node 2: two copies are on their way."
    );
}

#[test]
fn a_copy_refused_at_the_door_is_drawn_lost() {
    let (mut sim, id) = prepare_waiting_for_node_2();
    sim.apply(Action::Crash { node: NodeId(2) }).unwrap();
    sim.apply(Action::DeliverCopy { id }).unwrap();
    let d = Diagram::of(sim.trace());
    let copies: Vec<_> = d.arrows().iter().filter(|a| a.duplicate).collect();
    assert_eq!(copies.len(), 1, "{:?}", d.arrows());
    assert_eq!((copies[0].to, copies[0].ending), (NodeId(2), Ending::Lost));
}

/// The exported diagram draws each kind in the colour the page's style
/// sheet gives it (`--c-prepare` and so on, the light theme's, first in
/// each `light-dark()` and alone in the fallback): one palette.
#[test]
fn the_export_uses_the_style_sheets_kind_colours() {
    let css = include_str!("../static/style.css");
    for msg in MessageKind::ALL.map(sample) {
        let line = format!("--c-{}: light-dark({}, ", msg.kind().name(), kind_colour(&msg));
        assert!(css.contains(&line), "style.css has {line}");
        // And the plain one for a browser without light-dark().
        let plain = format!("--c-{}: {};", msg.kind().name(), kind_colour(&msg));
        assert!(css.contains(&plain), "style.css has {plain}");
    }
}

/// Coloured by ballot, the export carries the ballots' key under the
/// lanes; coloured by kind, the kinds' key, each in its colour.
#[test]
fn an_export_carries_the_key_to_its_colours() {
    let (sim, d) = proposed_on_three(1, "x");
    let plain = to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]);
    let keyed = to_svg(&d, 3, (0, sim.now()), sim.now(), &|_| "#d55e00", &[("n=1.1".to_string(), "#d55e00")]);
    assert!(!plain.contains("n=1.1</text>"), "no ballots' key when coloured by kind");
    assert!(keyed.contains("fill=\"#d55e00\"/><text") && keyed.contains(">n=1.1</text>"), "the key's swatch and label");
    assert!(!keyed.contains(">Prepare</text>"), "no kinds' key when coloured by ballot");
    for kind in MessageKind::ALL {
        let swatch = format!("fill=\"{}\"/><text", kind_colour(&sample(kind)));
        assert!(plain.contains(&swatch) && plain.contains(&format!(">{}</text>", kind.title())), "{kind:?} in the key");
    }
    // Arrow labels are drawn darker than their lines, as small text on
    // white must be: Prepare's #0072b2 as #005280.
    assert!(plain.contains("fill=\"#005280\">Prepare(n=1.1)</text>"), "{plain}");
    assert!(!plain.contains("fill=\"#0072b2\">Prepare(n=1.1)</text>"));
}

/// The export has the page's time axis: a mark and the time every step,
/// across the span exported.
#[test]
fn an_export_has_a_time_axis() {
    let (sim, d) = proposed_on_three(1, "x");
    assert!(sim.now() >= 3_000, "a run of some seconds: {}", sim.now());
    let svg = to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]);
    let step = axis_step((1200.0 - 86.0) / sim.now() as f64);
    let times: Vec<String> = (step..=sim.now()).step_by(step as usize).map(seconds).collect();
    assert!(times.len() >= 2, "{times:?}");
    for t in &times {
        assert!(svg.contains(&format!("text-anchor=\"middle\" fill=\"#4f5b69\">{t}</text>")), "{t} on the axis");
    }
}

#[test]
fn an_exported_message_still_on_its_way_is_dotted_and_unlabelled_until_halfway() {
    let mut sim = Sim::new(SimConfig::new(3, 2)).unwrap();
    sim.propose(NodeId(1), "v").unwrap();
    // The first moment with the Prepares in the air: just sent, far from
    // halfway, so the page shows them dotted and without a label.
    while sim.flights().next().is_none() {
        assert!(sim.step(), "the Prepares are sent");
    }
    let d = Diagram::of(sim.trace());
    let svg = to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]);
    assert!(svg.contains("stroke-dasharray=\"2 3\""), "dotted while on its way");
    assert!(!svg.contains(">Prepare(n=1.1)</text>"), "no label before halfway");
    assert!(svg.contains("<title>Prepare(n=1.1)</title>"), "the tooltip still names it");
    assert!(svg.contains("space-time diagram, 0.0 s to "), "the span in seconds, as the page says it");
    // Delivered, the same arrows are solid and labelled.
    sim.run_until(5_000);
    let d = Diagram::of(sim.trace());
    let svg = to_svg(&d, 3, (0, sim.now()), sim.now(), &kind_colour, &[]);
    assert!(!svg.contains("stroke-dasharray=\"2 3\"") && svg.contains(">Prepare(n=1.1)</text>"));
}

#[test]
fn labels_on_one_line_keep_a_character_apart() {
    let mut room = LabelRoom::new(LabelRoom::EXPORT_CHAR);
    assert!(room.take((100.0, 50.0), 20));
    // End to end: two labels of 20 characters of 6.7 px, centres 134 px
    // apart, read as one ("Accept(n=1.4, fig) ×2 Accepted(n=1.4, fig)").
    assert!(!room.take((234.0, 50.0), 20), "touching labels");
    assert!(room.take((234.0 + 6.7, 50.0), 20), "a character apart is room enough");
    assert!(room.take((100.0, 61.0), 20), "the next line is free");
}
