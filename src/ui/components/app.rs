//! The whole page: header, controls, the stage with its time controls, and
//! the side panels; or, in an embed, just the cluster, the time controls
//! and a link to the full playground. It owns the model and the frame loop
//! and hands each part its slice; what it derives from the moment shown
//! (the log, the marks, the colours, the diagram…) comes memoised from
//! [`use_moment_views`].
//!
//! It renders when something happens (an event falls due, the user acts,
//! the cursor moves), never just because a frame passed; a playing run
//! with nothing in flight is also woken five times a second, so that its
//! time and the timeline's handle visibly move on. Each render does
//! work in proportion to what changed: the cards and messages it hands out
//! are components that compare their props and skip themselves when their
//! part of the world is unchanged.

use super::announcer::Announcer;
use super::challenge_panel::{challenge_panel, Part};
use super::embed_page::{embed_page, EmbedParts};
use super::event_log::EventLog;
use super::find_bug_panel::FindBugPanel;
use super::invariants_panel::invariants_panel;
use super::legend::legend;
use super::moment::{use_moment_views, MomentViews};
use super::node_history::node_history;
use super::notice_bar::notice_bar;
use super::partitions_panel::partitions_panel;
use super::rules_panel::{rules_panel, unsafe_badge};
use super::scenario_panel::{about, about_box, scenario_panel, walk};
use super::space_time::{SpaceTime, SpaceTimeProps};
use super::stage::{card_styles, stage, StageParts, OVERFLOW_ROOM};
use super::status_panel::status_panel;
use super::timeline_bar::{self, TimelineBarParts};
use super::toolbar::Toolbar;
use crate::paxos::{Flaw, NodeId};
use crate::sim::whole_percent;
use crate::ui::hooks::{
    focus, focus_still, hold_here, keep_held, read_from_top, reveal, use_card_heights, use_drawn, use_focus_rescue,
    use_frame_loop, use_keep_run, use_media, use_on_screen, use_page_keys, use_room, use_size,
};
use crate::ui::layout::{embed_scale, fitted, on_page, page_scale, routes, settle, unfold, Cards, GROW_MOST};
use crate::ui::model::{Model, Msg, Notice};
use crate::ui::run_files::use_run_files;
use crate::ui::url::{full_playground, Opening, Request};
use crate::ui::{challenge, view};
use yew::prelude::*;

/// How often, in ms of the browser's time, a playing run with nothing in
/// flight and nothing due yet still moves its time on (see the frame
/// loop's wake-ups in [`App`]).
const QUIET_WAKE_MS: f64 = 200.0;

/// Props of [`App`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// What the page's address asks for.
    #[prop_or_default]
    pub request: Request,
    /// The run kept from the last visit, as a share link.
    #[prop_or_default]
    pub kept: Option<String>,
    /// A message to show at once (ignored address parameters).
    #[prop_or_default]
    pub notice: Option<Notice>,
    /// The challenge attempt being played when the page was last left:
    /// its number, if it reads as one, and its run as a share link.
    #[prop_or_default]
    pub resume: Option<(Option<u32>, String)>,
}

/// The playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let embed = props.request.embed;
    // The colours the address pins, if any (see style.css).
    use_effect_with(props.request.theme, |theme| {
        if let (Some(theme), Some(root)) = (theme, gloo::utils::document().document_element()) {
            let _ = root.set_attribute("data-theme", theme);
        }
    });
    let model = {
        let p = props.clone();
        use_reducer(move || Model::open(&p.request, p.kept.as_deref(), p.notice))
    };
    let dispatcher = model.dispatcher();
    // A challenge attempt left by a reload is taken up again, once.
    {
        let (resume, dispatcher) = (props.resume.clone(), model.dispatcher());
        use_effect_with((), move |()| {
            if let Some((attempt, link)) = resume {
                dispatcher.dispatch(Msg::ResumeChallenge(attempt, link));
            }
        });
    }
    // The attempt being played is kept as it changes (never by an embed,
    // which keeps nothing), and forgotten when the challenge is left.
    let attempt_key = model.challenge.as_ref().map(|c| {
        let run = model.run.borrow();
        (c.attempt, run.branch(), run.actions().count(), (!model.playing()).then(|| run.position()))
    });
    {
        let (model, embedded) = (model.clone(), embed.on);
        use_effect_with(attempt_key, move |key| {
            if !embedded {
                // Not an attempt with no move yet: nothing of it is lost.
                let kept = key
                    .filter(|(_, _, moves, _)| *moves > 0)
                    .map(|(attempt, ..)| format!("{attempt} {}", model.link()));
                crate::ui::storage::keep_attempt(kept.as_deref());
            }
        });
    }
    // The speed the reader picks is kept for their next visit (not an
    // embed's, nor the one the page opened with).
    let opened_at = use_mut_ref(|| model.speed);
    use_effect_with(model.speed, move |speed| {
        if !embed.on && opened_at.replace(*speed) != *speed {
            crate::ui::storage::keep_speed(*speed);
        }
    });
    let on_action = {
        let d = dispatcher.clone();
        // A locked embed only plays, steps and seeks; anything else that
        // reaches here (a stray key, a script) is ignored.
        use_callback(embed.locked, move |msg: Msg, locked| {
            if !*locked || msg.only_watches() {
                d.dispatch(msg);
            }
        })
    };

    let stage_ref = use_node_ref();
    // The space-time diagram's element, and whether it is near the screen.
    let diagram_root = use_node_ref();
    let diagram_seen = use_on_screen(diagram_root.clone());
    // The diagram's props as last drawn (see where it is drawn).
    let kept_diagram = use_mut_ref(|| None::<SpaceTimeProps>);
    let (width, height) = use_size(stage_ref.clone(), (900.0, 600.0));
    let still = use_media("(prefers-reduced-motion: reduce)");
    // One column (see style.css): the sidebar falls below the diagram, so a
    // scenario's text goes above the cluster instead, read before watching.
    let one_column = use_media("(max-width: 1100px)");
    let room = use_room(stage_ref.clone());
    let cards = match (embed.on, embed.locked) {
        (false, _) => Cards::for_page(width),
        (true, false) => Cards::Compact,
        (true, true) => Cards::Minimal,
    };

    let (next_event, settled) = {
        let mut run = model.run.borrow_mut();
        let due = run.next_due();
        // A recorded run (a scenario, a link) may end after its last event:
        // with nothing due before it, wake at the end, so playing reaches
        // it instead of standing still short of it. Settled: nothing more
        // is due at this very tick (a scenario's walk waits for that).
        (due.or_else(|| (!run.is_live()).then(|| run.end().at)), due != Some(run.head().now()))
    };
    let run = model.run.borrow();
    // Where the page opened (an embed's Rewind goes back there).
    let opened = *use_state(|| run.position());
    let sim = run.head();
    // An embed is laid out as its frame shows it largest, then shrunk to
    // the room the frame leaves (see `fitted`).
    let frame = embed.on.then(|| height.round() as u32);
    // The page's room, in whole pixels for the memo's key, and without
    // the stage's own room below its cards.
    let page_room = (!embed.on).then(|| (room - f64::from(OVERFLOW_ROOM)).min(f64::from(u32::MAX)).round() as u32);
    // On a phone, the card opened shows its controls (see `unfold`).
    let open = model.selected.filter(|_| cards == Cards::Folded).map(NodeId::index);
    // The page's grid rows are as tall as their cards are drawn (see
    // `settle`). Not an embed's: it makes room for its cards' growth in
    // its own way (see `use_drawn`), and counted twice it shrank more.
    let card_heights = use_card_heights(stage_ref.clone(), (sim.len(), model.epoch));
    let card_heights = if embed.on { std::rc::Rc::default() } else { card_heights };
    let layout = use_memo(
        (sim.len(), width.round() as u32, frame, cards, page_room, open, card_heights),
        |(n, w, frame, cards, room, open, card_heights)| match frame {
            Some(h) => fitted(*n, f64::from(*w), f64::from(*h), *cards, f64::from(OVERFLOW_ROOM)),
            None => {
                let laid = on_page(
                    *n,
                    f64::from(*w),
                    *cards,
                    room.map_or(f64::INFINITY, |r| f64::from(r) + f64::from(OVERFLOW_ROOM)),
                    f64::from(OVERFLOW_ROOM),
                );
                let laid = match open {
                    Some(k) => unfold(&laid, *k),
                    None => laid,
                };
                settle(&laid, card_heights)
            }
        },
    );
    let routes = use_memo(layout.clone(), |layout| routes(layout));
    let styles = use_memo(layout.clone(), |layout| card_styles(layout));
    // Room under an embed's cards for them to grow into, at least the
    // stage's, and the height its frame leaves it, as drawn while paused
    // (see `use_drawn`).
    let nominal = layout.cards.first().map_or(0.0, |c| c.h);
    // The stage's height cap as last drawn: when it moves, the stage's
    // height does, and is measured again (a moment whose marks grew the
    // cards left the cluster scaled to the old height until the next one).
    let last_most = use_mut_ref(|| 0.0_f64);
    let (grown, drawn_height) = use_drawn(
        stage_ref.clone(),
        nominal,
        embed.on && !model.playing(),
        (model.revision, width.round() as u32, height.round() as u32, last_most.borrow().round() as u32),
    );
    let below = f64::from(OVERFLOW_ROOM).max(grown);
    // In an embed, the "Show me" run it shows, if it is one: presented
    // from the full page, the run lost the story that page's notice told.
    let demo = {
        let world = model.run.clone();
        use_memo(((model.epoch, run.branch()), embed.on), move |&(_, on)| {
            on.then(|| crate::sim::flaw_demos::of(&world.borrow())).flatten()
        })
    };
    // The most an embed's stage can use at this width: the walk under it
    // takes the rest (see `EmbedParts::stage_most`). Counted here too, as
    // the stage's measured height may not have caught up with it yet.
    let stage_most = (layout.height + below) * (width / layout.width).min(GROW_MOST);
    *last_most.borrow_mut() = stage_most;
    let height = drawn_height.unwrap_or(height);
    // (A walk, the rest's taker, is a scenario's or a "Show me" run's.)
    let walked = model.scenario.is_some() || demo.is_some();
    let height = if embed.on && walked { height.min(stage_most) } else { height };
    let scale = if embed.on {
        embed_scale(&layout, width, height, below)
    } else {
        page_scale(&layout, width, room, f64::from(OVERFLOW_ROOM))
    };
    // Centred across, and in an embed down too: a narrow frame's ring is
    // shrunk to its width and left a band of empty frame under it.
    let shift = ((width - layout.width * scale) / 2.0).max(0.0);
    let drop = if embed.on { ((height - (layout.height + below) * scale) / 2.0).max(0.0) } else { 0.0 };
    let MomentViews { branch, lines, announcement, bar_marks, boxes, colours, quorum, diagram } =
        use_moment_views(&model, settled, next_event.is_none());
    // The line a press went to, while the run is still at that moment.
    let pointed = model
        .pointed
        .filter(|(_, at, branch)| *at == run.position() && *branch == run.branch())
        .map(|(index, ..)| index);
    let legend_markup = use_memo((), |_| super::legend::markup());
    let edges = view::edges(sim, &routes, &colours);
    // Wake up for the next event, or to clear away a faded message. With
    // nothing on screen to move but something ahead (a scenario's pause
    // between moves, a retry's backoff), a few times a second as well: the
    // time and the timeline's handle stood still for seconds there, as if
    // playback had stalled. Not while messages fly: they show time passing
    // and the page does no work between events.
    let quiet_step = (QUIET_WAKE_MS * model.clock.speed).max(1.0) as u64;
    // So too while a quiet run's lost messages fade, with nothing else
    // ahead: the time stood still, then jumped 0.9 s.
    let due = edges.iter().filter_map(|e| e.gone_at()).chain(next_event).min().map(|due| {
        if edges.is_empty() || next_event.is_none() {
            due.min(sim.now().saturating_add(quiet_step))
        } else {
            due
        }
    });
    use_frame_loop(model.clock, due, on_action.clone());

    // Keep the run for the next visit: after each action, at each paused
    // moment, and as the page goes away; and look again once Undo is no
    // longer offered.
    let kept_key = (branch, run.actions().count(), (!model.playing()).then(|| sim.position()), model.undo.is_some());
    // (Not when the address could not be opened and the kept run shows:
    // Start fresh there forgot nothing, as the page restored what it had
    // displaced.)
    let from_address = (props.request.opening != Opening::Fresh || props.request.has_options) && !model.kept_instead;
    use_keep_run(model.clone(), kept_key, embed.on, from_address);
    use_page_keys(dispatcher.clone(), embed.on);
    use_focus_rescue();

    // A node's history opens in the sidebar, which may be below the fold:
    // bring it into view, or pressing a card's name seems to do nothing.
    // Focus follows to the panel's title as it opens (its ✕ gives it back).
    // On a phone, the card opened (or folded) stays where it was on
    // screen, and an opened card's controls come into view above the time
    // controls: opened low on the screen, they opened unseen under them.
    // (The cards' sizes are measured a frame later, which moves them
    // again: held there too. When both effects run after one render, the
    // second finds the card already back in place and scrolls no more.)
    use_effect_with(layout.clone(), |_| {
        keep_held();
    });
    use_effect_with(open, |open| {
        if let (Some(card), Some(_)) = (keep_held(), open) {
            // Just far enough: scrolled into view with the page's scroll
            // padding, the card jumped a few lines past the controls.
            let bar = gloo::utils::document().query_selector(".transport").ok().flatten();
            let clear = bar.map_or(0.0, |b| b.get_bounding_client_rect().top()) - 8.0;
            let under = card.get_bounding_client_rect().bottom() - clear;
            if clear > 0.0 && under > 0.0 {
                gloo::utils::window().scroll_by_with_x_and_y(0.0, under);
                hold_here();
            }
        }
    });
    // Not on a phone, where the name opens the card's own controls: the
    // reader wants those, not the history under the cluster.
    let folded = cards == Cards::Folded;
    use_effect_with(model.selected, move |selected| {
        if selected.is_some() && !folded {
            reveal(".node-history");
            focus("#history-title");
        }
    });
    // The challenge replaces the toolbar: its goal takes the focus, and on
    // leaving, the Challenge button that opened it gets it back.
    let in_challenge = use_mut_ref(|| false);
    use_effect_with(model.challenge.is_some(), move |now| match (in_challenge.replace(*now), *now) {
        (false, true) => focus(".challenge__title"),
        (true, false) => focus(".button--challenge"),
        _ => {}
    });

    // A scenario picked from the menu: its story takes the focus. Left on
    // the menu, the arrow keys that step the walk went through the list.
    use_effect_with(model.scenario.map(|s| s.name), |name| {
        let picked = gloo::utils::document()
            .active_element()
            .is_some_and(|e| e.get_attribute("aria-label").as_deref() == Some("Scenario"));
        if name.is_some() && picked {
            focus("#scenario-title");
        }
    });

    let files = use_run_files(model.clone());

    let status = view::status(sim);
    let tolerance = view::Tolerance::of(sim);
    let culprit = view::culprit(sim);
    let marks = view::card_marks(sim, &quorum, culprit.and_then(|c| c.1));
    let end = run.end();
    // What the challenge's panel shows, and which node is down.
    let challenge_view = model.challenge.as_ref().map(|_| challenge::view(sim));
    let stage_html = stage(StageParts {
        layout: &layout,
        styles: &styles,
        sim,
        edges,
        clock: model.clock,
        // In manual delivery (a model checker's counterexample) a message
        // waits for a hand to deliver it: it stands mid-track, not at the
        // receiver's edge over its card, where a zero-length flight ends.
        still: still || sim.config().manual,
        errors: &model.card_errors,
        epoch: model.epoch,
        cards,
        marks: &marks,
        boxes: &boxes,
        selected: model.selected,
        scale,
        shift: (shift, drop),
        on_action: &on_action,
        down: challenge_view.as_ref().and_then(|v| v.down),
        challenge: model.challenge.is_some(),
    });
    let moves = sim.config().manual;
    let (step, steps) =
        if moves { (sim.actions().len() as u64, run.actions().count() as u64) } else { (sim.steps(), end.step) };
    // Paused with the live run's next event waiting for Play.
    let waiting = model.waiting && next_event.is_some();
    let general_hint = view::hint(sim, run.actions_ahead() > 0, waiting);
    // A scenario, a rule's demo or a counterexample shown is a lecture's:
    // Page Down is its clicker's, wherever the focus is (see `page_key`).
    // A demo's Page Down scrolled the cluster off the projector.
    let lecture = model.scenario.is_some() || model.shown;
    let transport = timeline_bar::timeline_bar(TimelineBarParts {
        now: sim.now(),
        end: end.at,
        step,
        steps,
        done: sim.steps(),
        moves,
        live: run.is_live(),
        at_start: run.position() == crate::sim::Position::default(),
        playing: model.playing(),
        at_end: next_event.is_none(),
        speed: model.speed,
        marks: &bar_marks,
        // A phone shows one line under the time controls (the notice is
        // far above them there): while paused at the very moment of a
        // break or a challenge's win, why it paused; else the newest log
        // line (played on and paused later, the reason was stale).
        latest: (!embed.on)
            .then(|| {
                let here = run.position();
                let pause = model
                    .notice
                    .as_ref()
                    .filter(|n| n.moment.as_ref().is_some_and(|m| m.at == here) && !model.playing());
                let said = pause.filter(|n| n.error).map(|n| std::rc::Rc::from(n.text.as_str()));
                said.or_else(|| lines.first().map(|l| l.text.clone()))
            })
            .flatten(),
        clicker: embed.on || lecture,
        nudge: waiting,
        locked: embed.on && embed.locked,
        on_action: &on_action,
    });
    // Pinned in sight while the page scrolls only when it answers
    // something done far down the page (a refusal, a fork's Undo), and
    // only until the reader acts again: a Reset's Undo, pinned over the
    // cards, hid them long after the reader had gone on to propose. News
    // such as "scenario opened" scrolls away over the cards.
    // An Undo's notice lets go once the run moves on too: a fork's, pinned
    // while the reader stepped through the future it points at, covered
    // the log lines it asked them to read.
    let acted = (model.epoch, model.acts);
    let pinned_while = use_mut_ref(|| (model.said, acted, run.position()));
    if pinned_while.borrow().0 != model.said {
        *pinned_while.borrow_mut() = (model.said, acted, run.position());
    }
    let (_, acts_then, then) = *pinned_while.borrow();
    let notice = model.notice.as_ref().map(|n| {
        let pinned = acts_then == acted && (n.error || (n.undo && then == run.position()));
        notice_bar(&n.at(run.position()), model.said, pinned, &on_action)
    });
    // The live region says the moment's news and each new notice that is
    // not an error: it is always on the page, and a region put on the
    // page with its words already in it (as the notice is) goes unread by
    // some screen readers, so "Link copied" or "Undo brings it back" was
    // never heard. Errors are alerts, read as they appear.
    // Its words are taken once per notice: the live region reads a notice
    // only when its number is new, and every event renders this page.
    // (An error the page opened with is said here too: an alert on the page
    // from the start is not read out either.)
    let told = {
        let info = model.notice.as_ref().filter(|n| !n.error || model.said == 0);
        use_memo(model.said, |said| info.map(|n| (*said, AttrValue::from(n.at(run.position()).text.clone()))))
    };
    let announcer =
        html! { <Announcer news={announcement.clone()} notice={(*told).clone()} gather={model.playing()} /> };

    // The newest event, once the reader has moved from where the embed
    // opened (see `about_box`).
    let moved = lines.first().filter(|_| run.position() != opened).map(|l| (l.at, &*l.text));
    let newest = lines.first().map(|l| (l.at, &*l.text));
    if embed.on {
        return embed_page(EmbedParts {
            notice: notice.unwrap_or_default(),
            badge: unsafe_badge(sim.flaws()),
            stage_ref,
            stage_most,
            stage: stage_html,
            transport,
            log: (!embed.no_log).then(|| lines.iter().take(2).cloned().collect()),
            hint: (!embed.locked).then_some(general_hint),
            walk: model
                .scenario
                .and_then(|s| {
                    walk(s, (sim.now(), settled, next_event.is_some()), (newest, false), &on_action)
                        .or_else(|| about(s, moved))
                })
                .or_else(|| {
                    (*demo).map(|flaw| about_box(view::rule(flaw).0, crate::sim::flaw_demos::summary(flaw), moved))
                }),
            // With a rule broken, two values may be chosen: "Chosen: a"
            // alone hid the harm the embed exists to show. A rule broken
            // with one value chosen so far is said too: a green "Chosen"
            // beside a notice that the run paused on a broken rule read as
            // all being well.
            chosen: match (&status.chosen, status.learned_unchosen.as_slice()) {
                (Some((v, _)), _) => Some(match status.also_chosen.as_slice() {
                    [] if status.worst.is_some() => format!("Chosen: {v}, but a safety rule broke"),
                    [] => format!("Chosen: {v}"),
                    [(other, _)] => format!("Two values chosen: {v}, then {other}"),
                    more => format!("{} values chosen, first {v}", more.len() + 1),
                }),
                (None, []) => None,
                // Only a broken rule gets here: "Nothing chosen yet" beside
                // cards that say "decided apple" and "decided plum" read as
                // the page contradicting itself on a projector.
                (None, [(v, _)]) => Some(format!("Nothing chosen by a majority, yet {v} was learned")),
                (None, [(a, _), (b, _)]) => Some(format!("Nothing chosen by a majority, yet {a} and {b} were learned")),
                (None, learned) => {
                    Some(format!("Nothing chosen by a majority, yet {} values were learned", learned.len()))
                }
            },
            split: !status.also_chosen.is_empty() || status.worst.is_some() || !status.learned_unchosen.is_empty(),
            open: full_playground(&model.link(), model.scenario.map(|s| s.name)),
            rewind: (props.request.opening != Opening::Fresh)
                .then(|| (on_action.reform(move |_| Msg::SeekTo(opened)), run.position() == opened)),
            announcer,
        });
    }

    let hint = match &model.challenge {
        // The general hints invite a race ("press it on two nodes"); the
        // challenge has a goal of its own.
        Some(c) if sim.violations().is_empty() => challenge::goal_hint(c.flaw),
        _ => general_hint.to_string(),
    };
    let settings = sim.settings();
    let (notice_top, notice_side) = if one_column { (notice, None) } else { (None, notice) };
    // A keyboard's first stop: Play was thirty-nine Tabs down, past every
    // card's controls. (A button, not a link to "#…": a new fragment
    // reloads the page, for course notes that link between scenarios.)
    // Without scrolling: the controls stay in sight at the foot of the
    // screen, and on a phone the jump took the scenario's text away.
    let skip = Callback::from(|_: MouseEvent| focus_still(".transport__play"));
    let history = model
        .selected
        .filter(|n| n.index() < sim.len())
        .map(|node| node_history(node, &view::node_history(sim, node), sim.now(), &on_action));
    let (history_under, history_beside) = if one_column { (history, None) } else { (None, history) };
    let round = status_panel(
        &status,
        &tolerance,
        quorum.accepted.as_ref().map_or(&[], |(_, n)| n.as_slice()),
        quorum.sentence.as_deref().zip(quorum.adopter.as_ref()).map(|(why, (by, own))| (why, *by, own)),
    );
    // Partitions follow the fault-tolerance meter whose count they change,
    // near the cards: with the tools under the diagram, a student cut a
    // node off a screen below the cards (on a tablet, four screens) and
    // scrolled back to watch. The challenge cuts nothing.
    let round = html! {
        <>
            { round }
            if model.challenge.is_none() {
                { partitions_panel(sim, &on_action) }
            }
        </>
    };
    let (status_under, status_beside) = if one_column { (Some(round), None) } else { (None, Some(round)) };
    let diagram_props = yew::props!(SpaceTimeProps {
        root: diagram_root,
        diagram,
        version: (branch.0, branch.1, sim.events()),
        colours,
        nodes: sim.len(),
        now: sim.now(),
        playing: model.playing(),
        by_ballot: model.by_ballot,
        culprit: culprit.map(|c| c.0),
        culprit_spot: culprit.and_then(|(cause, node)| Some((node?.0, sim.trace().get(cause)?.at))),
        pointed: pointed.map(|index| view::arrow_event(sim, index)),
        quorum: quorum.accepted.clone(),
        on_action: on_action.clone(),
        scenario: model.scenario.map(|s| s.name),
    });
    // Off screen while playing, the diagram keeps the props it last drew
    // with: at 25 nodes, drawing arrows no one saw took a third of every
    // frame. (A render of its own meanwhile, on a resize, draws the
    // diagram as it is now against the old cursor, unseen.) It catches
    // up as it nears the screen, and at every pause.
    let diagram_props = {
        let mut kept = kept_diagram.borrow_mut();
        match kept.as_ref() {
            Some(kept) if !diagram_seen && model.playing() => kept.clone(),
            _ => kept.insert(diagram_props).clone(),
        }
    };
    html! {
        <div class={classes!("app", model.by_ballot.then_some("by-ballot"))} data-lecture={lecture.then_some("")}>
            <button class="button skip-link" onclick={skip}>{ "Skip to the time controls" }</button>
            <header class="masthead">
                <div class="masthead__titles">
                    <h1 class="masthead__title">{ "Paxos Playground" }</h1>
                    <p class="masthead__tagline">
                        // What Paxos is for, first: a student read the
                        // whole page without finding out. (Where the window
                        // is short, the cards need the line more.)
                        <span class="masthead__why">{ "How machines agree on one value while messages are lost and machines crash. " }</span>
                        { format!("Single-decree Paxos, live on {} {} a proposer, an acceptor and a learner; ", status.nodes, if status.nodes == 1 { "node," } else { "nodes, each" }) }
                        // Whole: "a majority is" ended a line, and "3." began the next.
                        <span class="nowrap">{ format!("a majority is {}.", status.majority) }</span>
                        // Every card and line writes ballots so: a student
                        // read n=1.5 as one and a half, until the legend far
                        // below said otherwise.
                        // Not "node 1's third": a proposer numbers a ballot above
                        // every number it has seen, its own or not.
                        { " " }<span class="nowrap">{ "n=3.1" }</span>{ " is node 1's ballot " }<span class="nowrap">{ "number 3." }</span>
                        // The page's glossary is far below the cluster: a
                        // student met Promise, quorum and Decided on the
                        // first screen and never found where they are
                        // explained. A button, not a "#…" link: the address's
                        // fragment holds the run.
                        { " " }<button class="masthead__key" onclick={Callback::from(|_: MouseEvent| read_from_top("#legend-title"))}>
                            { "What each picture means ↓" }
                        </button>
                    </p>
                </div>
                <p class="hint" data-testid="hint">{ hint }</p>
            </header>
            { unsafe_badge(sim.flaws()) }
            // One node whether or not there is a notice, so the
            // siblings keep their places and are not rebuilt.
            { notice_top.unwrap_or_default() }
            if model.challenge.is_none() {
            <Toolbar
                nodes={sim.len()}
                loss={whole_percent(settings.loss)}
                duplication={whole_percent(settings.duplication)}
                seed={sim.config().seed}
                epoch={model.epoch}
                scenario={model.scenario.map(|s| s.name)}
                on_action={on_action.clone()}
                on_copy={files.copy}
                on_embed={files.embed}
                on_present={files.present}
                on_dice={files.dice}
                on_fresh={files.fresh}
                on_export={files.export}
                on_import={files.import}
            />
            }
            <main class="main">
                <div class="stage-col">
                    if let Some(scenario) = model.scenario.filter(|_| one_column) {
                        { scenario_panel(scenario, one_column, (sim.now(), settled, next_event.is_some()), newest, &on_action) }
                    }
                    // On one column the challenge sits in the cluster's
                    // column too: above it, its tall panel kept the sticky
                    // time controls out of sight for a whole screen. Its
                    // goal and result come first; its moves under the
                    // time controls (see `Part`).
                    if let (Some(c), Some(v)) = (model.challenge.as_ref().filter(|_| one_column), &challenge_view) {
                        { challenge_panel(c, v, &on_action, Part::Goal, folded) }
                    }
                    // A shrunk ring keeps only its shrunk height, so the
                    // time controls close up under it.
                    <div
                        class={classes!("stage-wrap", (scale < 1.0).then_some("stage-wrap--fit"))}
                        style={(scale < 1.0).then(|| format!("height:{}px", ((layout.height + f64::from(OVERFLOW_ROOM)) * scale).round()))}
                        ref={stage_ref}
                    >{ stage_html }</div>
                    { transport }
                    if let (Some(c), Some(v)) = (model.challenge.as_ref().filter(|_| one_column), &challenge_view) {
                        { challenge_panel(c, v, &on_action, Part::Moves, folded) }
                    }
                    // In one column, right under the cluster: the side
                    // column comes after the diagram there, and a phone
                    // jumped 1,800 px down to it when a card's name was
                    // tapped.
                    if let Some(history) = history_under {
                        { history }
                    }
                    // What was chosen and why the rest lost, right under
                    // the cluster too: after the diagram, a phone reached
                    // it two screens down, past the story it sums up.
                    { status_under.unwrap_or_default() }
                </div>
                <SpaceTime ..diagram_props />
                <aside class="sidebar">
                    // A notice beside the cluster, where there is a side:
                    // above the cluster, three lines of it (Show me, Find a
                    // bug's counterexample, a fork's Undo) pushed the cards
                    // under the time controls on a laptop.
                    { notice_side.unwrap_or_default() }
                    // At the top, in view when a card's name is pressed: under
                    // the scenario's text and the status it was 570 px down a
                    // laptop's page, and opening it scrolled the cluster away.
                    // It is the reader's choice, and its ✕ closes it.
                    if let Some(history) = history_beside {
                        { history }
                    }
                    // Beside the cluster, not above it: above, its tall panel
                    // pushed all but one card below a laptop's first screen.
                    if let (Some(c), Some(v)) = (model.challenge.as_ref().filter(|_| !one_column), &challenge_view) {
                        { challenge_panel(c, v, &on_action, Part::Whole, folded) }
                    }
                    if let Some(scenario) = model.scenario.filter(|_| !one_column) {
                        { scenario_panel(scenario, one_column, (sim.now(), settled, next_event.is_some()), newest, &on_action) }
                    }
                    { status_beside.unwrap_or_default() }
                    // What happened, and what the pictures mean, come before
                    // the tools: a student reads them while the messages fly,
                    // and at the bottom they were 1,900 px down.
                    <EventLog {lines} {pointed} on_action={on_action.clone()} ahead={next_event.is_some()} />
                    { invariants_panel(&view::invariants(sim), sim.flaws().has(Flaw::SharedBallots), &on_action) }
                    { legend(&legend_markup) }
                </aside>
                // The tools to break the run, under the diagram on a wide
                // screen: at the foot of the side column, which they made
                // twice as tall as the cluster's, nobody found them. The
                // challenge picks its rule and its moves itself, and a
                // model checker's run would end the game: they go.
                if model.challenge.is_none() {
                    <div class="tools">
                        { rules_panel(sim.flaws(), &on_action) }
                        <FindBugPanel flaws={sim.flaws()} on_action={on_action.clone()} />
                    </div>
                }
            </main>
            { announcer }
        </div>
    }
}
