//! The key to the arrows: each message kind's colour, marker and meaning.
//!
//! It never changes, so it is written once as plain markup and handed to
//! Yew whole: building it element by element would cost the page kilobytes
//! of wasm for something that is never updated. Every word in it is the
//! page's own; nothing a user typed goes in.

use super::message_packet::marker_path;
use crate::paxos::MessageKind;
use yew::prelude::*;

fn meaning(kind: MessageKind) -> (&'static str, &'static str) {
    match kind {
        MessageKind::Prepare => ("Prepare(n)", "1a: may I use ballot n?"),
        MessageKind::Promise => ("Promise(n, {n′, v′})", "1b: yes, plus what I accepted before"),
        MessageKind::Nack => ("Nack(n)", "no: I promised a higher ballot"),
        MessageKind::Accept => ("Accept(n, v)", "2a: please accept v"),
        MessageKind::Accepted => ("Accepted(n, v)", "2b: I accepted v"),
        MessageKind::Decide => ("Decide(v)", "v is chosen; learn it"),
    }
}

fn item(class: &str, marker: &str, name: &str, what: &str) -> String {
    format!(
        r#"<li class="legend__item{class}">{marker}<span class="legend__name">{name}</span><span class="legend__what">{what}</span></li>"#
    )
}

fn svg(class: &str, inner: &str) -> String {
    format!(r#"<svg class="{class}" width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">{inner}</svg>"#)
}

/// The legend's markup.
pub fn markup() -> String {
    let mut items: String = MessageKind::ALL
        .iter()
        .map(|k| {
            let (name, what) = meaning(*k);
            let marker = svg("legend__marker edge__marker", &format!(r#"<path d="{}"/>"#, marker_path(*k)));
            item(&format!(" edge--{}", k.name()), &marker, name, what)
        })
        .collect();
    let dash = svg("legend__marker", r#"<line x1="-8" y1="0" x2="8" y2="0" class="legend__dash"/>"#);
    items.push_str(&item(
        " legend__item--lost",
        &dash,
        "dashed",
        "a lost message, fading where it was lost, or one on a cut link, refused when it arrives unless the link is healed first",
    ));
    // Pills fade in and out at their ends too; only the dashes mean loss.
    let dots = svg("legend__marker", r#"<line x1="-8" y1="0" x2="8" y2="0" class="legend__dots"/>"#);
    items.push_str(&item(
        "",
        &dots,
        "dotted",
        "in the diagram: still on its way, or, past a lost message's cross, where it was headed. A pill fading at either end of its track is only leaving or arriving",
    ));
    // The other pictures readers asked about: a label struck through, a
    // crashed node's stretch of its lane, a thick arrow.
    let struck = r#"<span class="legend__dup legend__struck" aria-hidden="true">ab</span>"#;
    items.push_str(&item("", struck, "struck out", "a lost message's label"));
    let outage = svg(
        "legend__marker",
        r#"<rect x="-8" y="-4" width="16" height="8" style="fill:var(--surface-2);stroke:var(--bad);stroke-dasharray:3 2"/>"#,
    );
    items.push_str(&item("", &outage, "red box", "on a lane of the diagram: while the node was down"));
    let thick = svg(
        "legend__marker",
        r#"<line x1="-8" y1="0" x2="8" y2="0" style="stroke:var(--ok);stroke-opacity:0.3;stroke-width:8"/><line x1="-8" y1="0" x2="8" y2="0" style="stroke:var(--c-accepted);stroke-width:2.4"/>"#,
    );
    items.push_str(&item("", &thick, "thick", "in the diagram: an Accepted of the majority that chose the value"));
    let dup = r#"<span class="legend__dup" aria-hidden="true">×2</span>"#;
    items.push_str(&item("", dup, "doubled", "a copy made by the network"));
    // Ballot numbers read like decimals; they are pairs.
    let ballot = r#"<span class="legend__dup" aria-hidden="true">n</span>"#;
    items.push_str(&item(
        "",
        ballot,
        "n=3.1",
        "ballot number 3, owned by node 1: a proposer picks a number above every one it has seen; higher numbers win, and between equal numbers the higher node id wins (n=1.3 beats n=1.1), so no two proposers' ballots are equal",
    ));
    // The words the cards, the panels and the scenarios use without
    // stopping to define them; a first-year reader met them undefined.
    let word = |glyph: &str| format!(r#"<span class="legend__dup" aria-hidden="true">{glyph}</span>"#);
    items.push_str(&item(
        "",
        &word("Q"),
        "quorum",
        "a majority of the nodes (3 of 4 or of 5, 4 of 7): a proposer needs a promise quorum to go on to Accept, and an accept quorum chooses a value. Any two quorums share a node",
    ));
    items.push_str(&item(
        "",
        &word("✓"),
        "chosen",
        "a majority accepted the same proposal (one n, one v); from then on no other value can be. No node knows it at once: a proposer that counts the majority has decided it, and a node told by Decide has learned it",
    ));
    items.push_str(&item(
        "",
        &word("F"),
        "2F+1",
        "a cluster that survives F crashes: 5 nodes survive 2, as 3 still make a majority",
    ));
    // In the literature a "round" is often a ballot; here it is not.
    let round = r#"<span class="legend__dup" aria-hidden="true">R</span>"#;
    items.push_str(&item(
        "",
        round,
        "Round 2",
        "a fresh single-decree Paxos instance, started by New round; its ballots are the attempts within it",
    ));
    // The marks on the timeline and round the cards carry meaning in
    // colour alone; readers asked what they were.
    let rect =
        |x: i32, colour: &str| format!(r#"<rect x="{x}" y="-5" width="2" height="10" style="fill:var({colour})"/>"#);
    let ticks = svg(
        "legend__marker",
        &[(-7, "--accent"), (-3, "--bad"), (1, "--ok"), (5, "--ink")].map(|(x, c)| rect(x, c)).concat(),
    );
    let diamond = svg(
        "legend__marker",
        r#"<rect x="-4" y="-4" width="8" height="8" rx="1" transform="rotate(45)" style="fill:var(--ok)"/>"#,
    );
    let ring = svg(
        "legend__marker",
        r#"<rect x="-6" y="-6" width="12" height="12" rx="2" style="fill:none;stroke:var(--ok);stroke-width:2.5"/>"#,
    );
    let top = svg(
        "legend__marker",
        r#"<rect x="-6" y="-5" width="12" height="11" rx="2" style="fill:none;stroke:var(--muted)"/><rect x="-6" y="-6" width="12" height="3" style="fill:var(--c-prepare)"/>"#,
    );
    // The meter's stripes and line were explained in a tooltip only.
    let meter = svg(
        "legend__marker",
        r#"<rect x="-9" y="-4" width="5" height="8" style="fill:var(--ok)"/><rect x="-3" y="-4" width="5" height="8" style="fill:none;stroke:var(--c-nack)"/><line x1="-3" y1="4" x2="2" y2="-4" style="stroke:var(--c-nack)"/><line x1="3.5" y1="-6" x2="3.5" y2="6" style="stroke:var(--ink)"/><rect x="5" y="-4" width="4" height="8" style="fill:none;stroke:var(--muted)"/>"#,
    );
    let marks: String = [
        (ticks, "ticks", "on the timeline, what was done: blue a proposal, red a crash, green a restart, a taller one a new round, grey a setting; each has a tooltip"),
        (diamond, "diamond", "on the timeline: a value chosen; red where safety broke"),
        (ring, "ring", "round a card: green, one of the majority that chose the value; blue, one of the promises a proposer counted; orange, the node whose earlier acceptance decided what it proposed, inside its quorum's ring; red, where safety broke"),
        (meter, "meter", "Fault tolerance: a cell for each node, counted from the left (cell 3 is not node 3): green for each node up, striped for each up but out of the best-connected node's reach over cut links, empty for each down; the line marks a majority"),
        (top, "top edge", "of a card, what its proposer is doing: blue preparing, orange accepting, pink backing off, green decided; the tag beside the name says it in words, and while the proposer rests, what the node promised, accepted or learned"),
    ]
    .iter()
    .map(|(marker, name, what)| item("", marker, name, what))
    .collect();
    // The keys work anywhere on the page; without this they were known
    // only to those who read the buttons' tooltips.
    let keys: String = [
        ("Space", "play or pause"),
        ("← →", "step back or forward one event"),
        ("Enter", "in a value box: propose it"),
        ("Home End", "on the timeline: its start or end; in the log: its newest or oldest line"),
        ("↑ ↓", "in the log: the line below or above (older or newer); Enter goes to its moment"),
        ("Shift+← Shift+→", "on the timeline: the previous or next mark, which it then names"),
        ("PgUp PgDn", "while a scenario is shown: its previous or next moment, or instant past the last (a presenter's clicker sends them)"),
        ("Ctrl+Z", "while a notice offers Undo: undo (a Reset, a fork, a new run)"),
        ("Esc", "close a node's history or a notice"),
    ]
    .iter()
    .map(|(key, what)| {
        let keys: String = key.split(' ').map(|k| format!("<kbd>{k}</kbd>")).collect();
        format!(r#"<li class="legend__key"><span class="legend__keys">{keys}</span><span class="legend__what">{what}</span></li>"#)
    })
    .collect();
    format!(
        r#"<section class="panel legend" aria-labelledby="legend-title"><h2 id="legend-title" class="panel__title" tabindex="-1">What the pictures mean</h2><ul class="legend__list legend__list--named">{items}</ul><h3 class="panel__subtitle">Timeline and cards</h3><ul class="legend__list legend__list--named">{marks}</ul><h3 class="panel__subtitle">Keyboard</h3><ul class="legend__list">{keys}</ul></section>"#
    )
}

/// The legend, from [`markup`].
pub fn legend(markup: &str) -> Html {
    Html::from_html_unchecked(AttrValue::from(markup.to_string()))
}
