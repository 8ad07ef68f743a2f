//! The space-time diagram: one lane per node, time flowing to the right,
//! every message an arrow from its send to its arrival, and a line across
//! the lanes at the timeline's moment. Clicking an arrow moves the
//! timeline to just after that message ended (one still in flight: on to
//! when it is due, in a recorded run). It scrolls and zooms for long
//! runs, follows the cursor while playing, and exports what it shows as a
//! standalone SVG.
//!
//! Only the chunks of arrows inside the scrolled view are built, and an
//! event redraws only the chunk it touched (see [`super::diagram_chunk`]),
//! so a long run costs what is on screen, and an event what it changed.
//! Everything after the cursor is hidden under a veil that the browser
//! slides along on its compositor: the arrows of messages in flight are
//! drawn whole, to where they are due, and the cursor moving redraws
//! nothing beneath it.

use super::diagram_arrow::{caption, label_at, text_chars, Scale};
use super::diagram_chunk::{DiagramChunk, Layer};
use super::message_packet::px;
use crate::paxos::{Ballot, Message, NodeId};
use crate::sim::diagram::{axis_step, kind_colour, to_svg, whole_span, Diagram, LabelRoom};
use crate::sim::narrate::seconds;
use crate::sim::MsgId;
use crate::ui::files::download;
use crate::ui::hooks::focus_node;
use crate::ui::layout::RING_UP_TO;
use crate::ui::model::Msg;
use crate::ui::view::{BallotColours, KEYED_BALLOTS, NO_BALLOT_HEX};
use std::cell::RefCell;
use std::rc::Rc;
use web_sys::Element;
use yew::prelude::*;

/// Zoom levels, in pixels per tick: 1,000 ticks (a second at 1×) spans 20
/// to 600 pixels.
const ZOOMS: [f64; 6] = [0.02, 0.05, 0.1, 0.2, 0.35, 0.6];
/// Arrows get their labels from this zoom on (those that have room, see
/// [`LabelRoom`]); below it, arrows are so short that hardly a label fits.
const LABEL_ZOOM: f64 = 0.1;
/// The zoom a diagram opens at: the first with labels, so a message reads
/// as it does on the cluster.
const START_ZOOM: usize = 3;
const _: () = assert!(ZOOMS[START_ZOOM] >= LABEL_ZOOM);
/// Space above the first lane, and at the right of the last tick: half
/// of the longest label (`Promise(n=12.3, {n=11.2, …})`, about 30
/// characters of 6.1 px), which may sit centred on a line just before the
/// cursor and was cut off at the diagram's edge with less.
const TOP: f64 = 18.0;
const RIGHT: f64 = 96.0;
/// Space below the last lane, for the time axis.
const BOTTOM: f64 = 28.0;

/// Props of [`SpaceTime`].
#[derive(Properties, Clone)]
pub struct SpaceTimeProps {
    /// The diagram's own element, which the page watches to know whether
    /// it is on screen.
    pub root: NodeRef,
    /// What to draw, up to the cursor, kept up to date by the page.
    pub diagram: Rc<RefCell<Diagram>>,
    /// Changes whenever the diagram does: the run, its branch and how many
    /// events it has seen.
    pub version: (u32, u32, u64),
    /// Ballot colours, when colouring by ballot.
    pub colours: Rc<BallotColours>,
    /// Cluster size: one lane each.
    pub nodes: usize,
    /// The cursor's tick.
    pub now: u64,
    /// Whether the clock runs (the view then follows the cursor).
    pub playing: bool,
    /// Whether messages are coloured by ballot.
    pub by_ballot: bool,
    /// The event that broke safety, if one did: its arrow is highlighted.
    pub culprit: Option<u64>,
    /// Where that event was handled, as a lane and a tick: ringed on the
    /// lane, for an event with no arrow (a node's message to itself, a
    /// restart) was marked nowhere in the diagram.
    pub culprit_spot: Option<(u8, u64)>,
    /// The event a press went to (an arrow, a log line), while the run is
    /// at its moment: its arrow is marked, and told under the diagram.
    pub pointed: Option<u64>,
    /// The chosen value's ballot and its accept quorum, if a value is
    /// chosen: the `Accepted` replies that made it chosen are highlighted,
    /// as the quorum's cards are.
    pub quorum: Option<(Ballot, Vec<NodeId>)>,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
    /// The scenario on screen, if any: it names an exported file.
    pub scenario: Option<&'static str>,
}

impl PartialEq for SpaceTimeProps {
    fn eq(&self, other: &Self) -> bool {
        // Every field named: a new prop left out of the comparison is a
        // compile error here, not a diagram that never redraws for it.
        // The diagram is one value the page keeps updating (`version`
        // says when it changed), and the callback is the page's
        // dispatcher, remade only when an embed's lock changes, which
        // changes nothing the diagram draws.
        let Self {
            root,
            diagram: _,
            version,
            colours,
            nodes,
            now,
            playing,
            by_ballot,
            culprit,
            culprit_spot,
            pointed,
            quorum,
            on_action: _,
            scenario,
        } = self;
        (*version, *nodes, *now, *playing, *by_ballot, *culprit, *pointed)
            == (other.version, other.nodes, other.now, other.playing, other.by_ballot, other.culprit, other.pointed)
            && Rc::ptr_eq(colours, &other.colours)
            && *quorum == other.quorum
            && *culprit_spot == other.culprit_spot
            && *scenario == other.scenario
            && *root == other.root
    }
}

/// A chunk of arrows that reaches into the view, as the page draws it.
struct Shown {
    /// Which chunk, from the oldest kept.
    index: usize,
    /// Its first arrow's id: its key.
    first: MsgId,
    /// Its stamp (see [`crate::sim::diagram::Chunk`]).
    stamp: u64,
    /// Which of its arrows show their labels.
    labels: u64,
    /// The tick to draw its lines at (see
    /// [`crate::sim::diagram::Chunk::lines_tick`]).
    tick: u64,
}

/// The diagram.
#[component]
pub fn SpaceTime(props: &SpaceTimeProps) -> Html {
    // Pixels per tick: one of [`ZOOMS`], or what fits the whole run.
    let zoom_state = use_state(|| ZOOMS[START_ZOOM]);
    let view = use_state(|| (0.0f64, 800.0f64)); // scroll left and width, in pixels
    let scroller = use_node_ref();
    let zoom = *zoom_state;
    // Room between lanes for the labels of a fan of messages sent at once
    // (a proposer's Prepares), which otherwise pile up on each other; big
    // clusters trade that for a diagram that fits on the screen.
    let lane = match props.nodes {
        0..=5 => 44.0,
        6..=RING_UP_TO => 36.0,
        _ => 20.0,
    };
    let diagram = props.diagram.borrow();
    let told = props
        .pointed
        .and_then(|event| diagram.chunks().find_map(|c| c.arrows.iter().find(|a| a.event == event).map(caption)));
    let scale = Scale { origin: diagram.first(), zoom, top: TOP, lane, labels: zoom >= LABEL_ZOOM };
    let width = scale.x(props.now) + RIGHT;
    let height = TOP + lane * props.nodes.saturating_sub(1) as f64 + BOTTOM;

    // Whether the view follows the cursor: not once the reader scrolls
    // back to look at what happened, until they scroll forward to the
    // cursor again, press Follow, or press Play.
    let following = use_state(|| true);
    // Where the page itself last scrolled the view: the scroll event that
    // lands there is the page's own, any other the reader's.
    let scrolled_to = use_mut_ref(|| None::<f64>);
    // The tick, zoom and playing the view was last placed for: a step or
    // a seek while paused moves the view to the cursor, but pausing (which
    // brings the tick up to the clock) leaves it where the reader had it.
    let placed = use_mut_ref(|| (u64::MAX, 0u64, false));
    {
        let following = following.clone();
        use_effect_with(props.playing, move |playing| {
            if *playing {
                following.set(true);
            }
        });
    }
    {
        // Keep the cursor in view: while playing, and when the timeline
        // moves it (a seek, a step, an opened link). The scroll position
        // comes from scroll events (never read back from the page, which
        // would force a layout on every render).
        let (scroller, view, scrolled_to, placed) = (scroller.clone(), view.clone(), scrolled_to.clone(), placed);
        let cursor = scale.x(props.now);
        // The view's width too: placed at first for a guessed width, the
        // view was not placed again once measured, and a wide screen's
        // narrower diagram opened with the cursor out of sight.
        let deps = (props.now, props.playing, zoom.to_bits(), *following, view.1.to_bits());
        use_effect_with(deps, move |&(now, playing, zoom, following, _)| {
            let (left, w) = *view;
            let (tick, zoomed, played) = std::mem::replace(&mut *placed.borrow_mut(), (now, zoom, playing));
            let moved = played == playing && (tick, zoomed) != (now, zoom);
            // The view that ends at the cursor, unless it is there already.
            let end_at_cursor = || {
                let end = (cursor + RIGHT - w).max(0.0);
                ((left - end).abs() > 1.0).then_some(end)
            };
            let target = if playing && following && zoomed != zoom {
                // Zoomed while playing (Whole run at a run's quiet end),
                // the view ends at the cursor, as paused: centred on it,
                // half the run went off screen.
                end_at_cursor()
            } else if playing && following {
                // Playing, the view jumps when the cursor reaches its edge,
                // so the cursor lands mid-view: it moves only every half a
                // view, and the half before the cursor shows what just
                // happened.
                (cursor > left + w * 0.95 || cursor < left).then(|| (cursor - w * 0.5).max(0.0))
            } else if !playing && (following || moved) {
                // Paused, the view ends at the cursor. The diagram draws
                // nothing after it, so a view centred on the end of a run
                // was half empty, with the run itself scrolled away.
                end_at_cursor()
            } else {
                // The reader scrolled back to look: playing on, or just
                // paused, the view stays where they put it.
                None
            };
            if let Some(target) = target {
                if let Some(el) = scroller.cast::<Element>() {
                    *scrolled_to.borrow_mut() = Some(target.round());
                    el.set_scroll_left(target as i32);
                }
                view.set((target, w));
            }
        });
    }
    {
        // The view's width: measured once, and again when the window resizes.
        let (scroller, view) = (scroller.clone(), view.clone());
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = scroller.cast::<Element>() {
                    view.set((f64::from(el.scroll_left()), f64::from(el.client_width())));
                }
            };
            measure();
            let listener = gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    // Home and End go to the run's start and its newest messages: a pane
    // that scrolls only sideways left them to the page, which jumped away
    // from the diagram.
    let onkeydown = {
        let scroller = scroller.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = scroller.cast::<Element>() else { return };
            let to = match e.key().as_str() {
                "Home" => 0,
                "End" => el.scroll_width(),
                _ => return,
            };
            e.prevent_default();
            el.set_scroll_left(to);
        })
    };
    let onscroll = {
        let (view, following, scrolled_to) = (view.clone(), following.clone(), scrolled_to.clone());
        let cursor = scale.x(props.now);
        Callback::from(move |e: Event| {
            let el: Element = e.target_unchecked_into();
            let (left, w) = (f64::from(el.scroll_left()), f64::from(el.client_width()));
            let before = view.0;
            view.set((left, w));
            if matches!(scrolled_to.borrow_mut().take(), Some(t) if (left - t).abs() <= 1.0) {
                return;
            }
            // The reader's scroll: back, to look at what happened, it stops
            // following; forward as far as the cursor, or past it, it
            // follows again.
            let now_following = if left < before - 0.5 { false } else { cursor <= left + w || *following };
            if now_following != *following {
                following.set(now_following);
            }
        })
    };
    let on_follow = {
        let (following, scroller) = (following.clone(), scroller.clone());
        Callback::from(move |_: MouseEvent| {
            following.set(true);
            // The button goes once pressed: the focus stays in the diagram.
            focus_node(&scroller);
        })
    };
    // The next level in or out from wherever the zoom is (a fitted zoom
    // falls between two levels).
    let zoom_by = |inwards: bool| {
        let zoom_state = zoom_state.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if inwards {
                ZOOMS.iter().find(|&&z| z > *zoom_state * 1.001)
            } else {
                ZOOMS.iter().rev().find(|&&z| z < *zoom_state / 1.001)
            };
            if let Some(&z) = next {
                zoom_state.set(z);
            }
        })
    };
    // The whole run so far in the view's width, from its first event to
    // the cursor: the zoom levels either left its start off screen or
    // squeezed a short run into a corner.
    let span = props.now.saturating_sub(diagram.first());
    let fit = move |width: f64| {
        (span > 0).then(|| ((width - RIGHT - 8.0).max(40.0) / span as f64).min(ZOOMS[ZOOMS.len() - 1]))
    };
    let fitted = fit(view.1);
    let on_fit = {
        let (zoom_state, scroller, view) = (zoom_state.clone(), scroller.clone(), view.clone());
        Callback::from(move |_: MouseEvent| {
            // The view's width as it is now, read once: the width kept was
            // measured as the page opened, and the layout had changed since
            // (the run fitted twice the view, half of it off screen).
            let width = scroller.cast::<Element>().map_or(view.1, |el| f64::from(el.client_width()));
            if width != view.1 {
                view.set((view.0, width));
            }
            if let Some(z) = fit(width) {
                zoom_state.set(z);
            }
        })
    };
    let on_colour = props
        .on_action
        .reform(|e: Event| Msg::ColourByBallot(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
    let (left, seen) = *view;
    let on_export = {
        let (diagram, nodes, labels, now) = (props.diagram.clone(), props.nodes, scale, props.now);
        let (colours, by_ballot, scenario) = (props.colours.clone(), props.by_ballot, props.scenario);
        Callback::from(move |_: MouseEvent| {
            // The span on screen, in ticks, coloured as on screen.
            let from = labels.origin + (left / labels.zoom) as u64;
            let to = (labels.origin + ((left + seen) / labels.zoom) as u64).min(now);
            let svg = if by_ballot {
                // Only the ballots the span shows (as `to_svg` picks its
                // arrows); Decide carries none, and its grey gets a name too.
                let mut shown: Vec<Ballot> = Vec::new();
                for a in diagram.borrow().in_span((from, to), now) {
                    if let Some(b) = a.msg.ballot().filter(|b| !shown.contains(b)) {
                        shown.push(b);
                    }
                }
                // The newest, as many as there are colours, as on the page.
                let skip = shown.len().saturating_sub(KEYED_BALLOTS);
                let key: Vec<(String, &'static str)> = shown
                    .into_iter()
                    .skip(skip)
                    .map(|ballot| (format!("n={ballot}"), colours.ballot_hex(ballot)))
                    .chain([("Decide".to_string(), NO_BALLOT_HEX)])
                    .collect();
                to_svg(&diagram.borrow(), nodes, (from, to), now, &|m: &Message| colours.hex(m), &key)
            } else {
                to_svg(&diagram.borrow(), nodes, (from, to), now, &kind_colour, &[])
            };
            // Named as an exported run is, by what and when ("4.0 s" as
            // "4.0s"), so that several figures do not overwrite each other.
            let when = |t: u64| seconds(t).replace(' ', "");
            // The span drawn, widened to whole arrows, as the figure's axis says.
            let (first, last) = whole_span(&diagram.borrow(), (from, to), now);
            let name = format!("paxos-diagram-{}-{}-{}.svg", scenario.unwrap_or("free-play"), when(first), when(last));
            download(&name, "image/svg+xml", &svg);
        })
    };

    // Only the chunks that reach into the view (or a screen either side)
    // are built. On the way, each arrow there gets its label if the label
    // has room and ends before the cursor: it lies over the veil, and a
    // label reaching past the cursor would show where the run has not
    // been yet. Nor does one start before the view's left edge, where it
    // was cut to "ccept(n=1.1, apple)": scrolled to, it shows again.
    let (lo, hi) = (left - seen, left + 2.0 * seen);
    let now = props.now;
    let cursor = scale.x(now);
    let mut room = LabelRoom::new(LabelRoom::PAGE_CHAR);
    let mut shown = Vec::new();
    for (index, chunk) in diagram.chunks().enumerate() {
        let (mut seen_here, mut labels) = (false, 0u64);
        for (i, a) in chunk.arrows.iter().enumerate() {
            let drawn = a.drawn(now);
            if scale.x(drawn.end.0) < lo || scale.x(a.sent) > hi {
                continue;
            }
            seen_here = true;
            let at = label_at(&scale, a, drawn.end);
            let chars = text_chars(a);
            // A few pixels to spare: the width per character is an estimate.
            let half = chars as f64 * LabelRoom::PAGE_CHAR / 2.0;
            let before = at.0 + half + 4.0 <= cursor;
            let whole = at.0 - half >= left;
            if scale.labels && drawn.labelled && before && whole && room.take(at, chars) {
                labels |= 1 << i;
            }
        }
        if seen_here {
            let (first, stamp, tick) = (chunk.arrows[0].id, chunk.stamp, chunk.lines_tick(now));
            shown.push(Shown { index, first, stamp, labels, tick });
        }
    }
    let layer = |layer: Layer| {
        html! {
            <div class={if layer == Layer::Lines { "diagram__arrows" } else { "diagram__marks" }}>
            { for shown.iter().map(|c| {
                // The lines do not read the labels: they need not redraw
                // when a label comes.
                let labels = if layer == Layer::Marks { c.labels } else { 0 };
                html! {
                <DiagramChunk key={c.first} diagram={props.diagram.clone()} index={c.index} stamp={c.stamp} {labels}
                    now={c.tick} {layer} run={(props.version.0, props.version.1)} {scale}
                    colours={props.colours.clone()} culprit={props.culprit} pointed={props.pointed} quorum={props.quorum.clone()}
                    on_action={props.on_action.clone()} />
                }
            }) }
            </div>
        }
    };
    // While playing, leave a view's worth of room past the cursor, so the
    // jump that puts the cursor mid-view can happen at all. Without
    // it the browser clamps the scroll, the cursor stays at the right edge
    // and every render would scroll again (a forced layout each time).
    let ahead = if props.playing { seen } else { 0.0 };
    // The canvas, and the lanes across it, grow a screen at a time. Its
    // width changing on every event made the browser lay out every arrow
    // and label in the diagram again (about a thousand label layouts a
    // second at 9 nodes).
    let screen = seen.max(200.0);
    let canvas = (((width + ahead) / screen).ceil() * screen).max(seen);
    // The time axis under the lanes, in the view (and a screen either
    // side): a mark and the time every step.
    let axis = {
        let step = axis_step(zoom);
        let tick_at = |x: f64| scale.origin + (x.max(0.0) / zoom) as u64;
        let (from, to) = (tick_at(lo).div_ceil(step) * step, tick_at(hi));
        let y = height - BOTTOM + 8.0;
        html! {
            <g class="diagram__axis" aria-hidden="true">
            // Only times whose label fits between the view's left edge
            // and the cursor: either would cut one off, to "s" or ".5 s".
            { for (from..=to).step_by(step as usize).filter(|t| (left + 16.0..=cursor - 16.0).contains(&scale.x(*t))).map(|t| {
                let x = px(scale.x(t));
                html! {
                    <>
                        <line class="diagram__tick" x1={x.clone()} y1={px(y)} x2={x.clone()} y2={px(y + 5.0)} />
                        <text x={x} y={px(y + 17.0)}>{ seconds(t) }</text>
                    </>
                }
            }) }
            </g>
        }
    };
    let lanes = || {
        html! {
            { for (1..=props.nodes).map(|k| {
                let y = px(scale.y(k as u8));
                html! { <line class="diagram__lane" x1="0" y1={y.clone()} x2={px(canvas)} y2={y} /> }
            }) }
        }
    };
    html! {
        <section ref={props.root.clone()} class={classes!("panel", "diagram")} role="region" aria-label="Space-time diagram">
            <header class="diagram__head">
                <h2 class="panel__title">{ "Space-time diagram" }</h2>
                <div class="diagram__tools">
                    <label class="diagram__switch">
                        <input type="checkbox" role="switch" aria-label="Colour by ballot"
                            checked={props.by_ballot} onchange={on_colour} />
                        <span aria-hidden="true">{ "Colour by ballot" }</span>
                    </label>
                    // These are marked, not `disabled`, where they have nothing
                    // to do (a limit reached, the run fitted): a keyboard user
                    // who pressed one would lose the focus to the page.
                    <button class="button button--icon" aria-label="Zoom out" onclick={zoom_by(false)}
                        aria-disabled={(zoom <= ZOOMS[0]).then_some("true")}>{ "−" }</button>
                    <button class="button button--icon" aria-label="Zoom in" onclick={zoom_by(true)}
                        aria-disabled={(zoom >= ZOOMS[ZOOMS.len() - 1]).then_some("true")}>{ "+" }</button>
                    <button class="button" onclick={on_fit}
                        aria-disabled={fitted.is_none_or(|z| (z - zoom).abs() < 1e-9).then_some("true")}
                        title="Zoom to show the whole run so far">{ "Whole run" }</button>
                    <button class="button" onclick={on_export}>{ "Export diagram" }</button>
                </div>
            </header>
            if props.by_ballot {
                <ul class="diagram__key" aria-label="Ballot colours">
                    { for props.colours.key().into_iter().map(|(ballot, class)| html! {
                        <li class={classes!("diagram__key-item", class)}>{ format!("n={ballot}") }</li>
                    }) }
                    // As in the exported file's key: a Decide belongs to no
                    // ballot, and its grey arrows were the only ones unnamed.
                    <li class="diagram__key-item ballot-none">{ "Decide" }</li>
                </ul>
            }
            <div class="diagram__body">
                // Over the diagram's right edge, where the run goes on, so
                // that nothing moves when it comes and goes.
                if props.playing && !*following {
                    <button class="button diagram__follow" onclick={on_follow}
                        title="Scroll the diagram along with the run again">
                        { "Follow" }<span aria-hidden="true">{ " ▸" }</span>
                    </button>
                }
                <svg class="diagram__names" width="62" height={px(height)} aria-hidden="true">
                    { for (1..=props.nodes).map(|k| html! {
                        <text x="4" y={px(scale.y(k as u8) + 4.0)}>{ format!("Node {k}") }</text>
                    }) }
                </svg>
                // Focusable, so the arrow keys scroll it too. Its drawing
                // is hidden from screen readers, which met an unnamed image
                // in it; the name says where the same messages are read.
                <div class="diagram__scroll" ref={scroller} {onscroll} {onkeydown} tabindex="0" role="group"
                    aria-label="Messages over time, drawn; the event log lists them in words. Scroll for earlier ones">
                    <div class="diagram__canvas" style={format!("width:{}px;height:{}px", px(canvas), px(height))}>
                        <svg class="diagram__svg" width={px(canvas)} height={px(height)} aria-hidden="true">
                            { lanes() }
                            { axis }
                            // In a group of their own: html! flattens a
                            // `for` into its parent's children, and a list
                            // that grows among siblings would make Yew pair
                            // old and new children by position.
                            <g class="diagram__outages">
                            { for diagram.outages().iter().map(|o| {
                                let y = scale.y(o.node.0);
                                // One still down runs on under the veil.
                                let until = o.until.map_or(canvas, |t| scale.x(t));
                                html! {
                                    <rect class="diagram__outage" x={px(scale.x(o.from))} y={px(y - 5.0)}
                                        width={px((until - scale.x(o.from)).max(2.0))} height="10">
                                        <title>{ format!("Node {} is down", o.node) }</title>
                                    </rect>
                                }
                            }) }
                            </g>
                        </svg>
                        { layer(Layer::Lines) }
                        // What lies after the cursor: blank lanes, hiding
                        // the rest of each message in flight. It only
                        // moves, so the browser slides it on its
                        // compositor; it takes the pointer too, so a hidden
                        // arrow has no tooltip and cannot be clicked.
                        <div class="diagram__veil" style={format!("transform:translateX({}px)", px(cursor))}
                            aria-hidden="true">
                            <svg width={px(canvas)} height={px(height)}>{ lanes() }</svg>
                            <div class="diagram__cursor"></div>
                        </div>
                        { layer(Layer::Marks) }
                        // Over the veil: the break is often at the cursor,
                        // where the veil hid half of the ring.
                        if let Some((node, at)) = props.culprit_spot {
                            <div class="diagram__marks" aria-hidden="true">
                                <svg class="diagram__chunk">
                                    <circle class="diagram__culprit" cx={px(scale.x(at))} cy={px(scale.y(node))} r="7" />
                                </svg>
                            </div>
                        }
                    </div>
                </div>
            </div>
            // Said in words too: a marked line among hundreds is easy to
            // lose, and its label may be hidden at this zoom.
            if let Some(told) = &told {
                <p class="diagram__caption" data-testid="diagram-caption">{ told }</p>
            }
            // On a touch screen only (see the stylesheet): there the browser
            // draws no scrollbar, and nothing said the diagram scrolls, or
            // that a pinch zooms the page rather than it.
            <p class="diagram__touch-hint">{ "Swipe sideways to go back through the run; − and + zoom the diagram." }</p>
        </section>
    }
}
