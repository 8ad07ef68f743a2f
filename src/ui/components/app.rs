//! The whole page: header, controls, the stage with its time controls, and
//! the side panels. It owns the model and the frame loop and hands each
//! part its slice.
//!
//! It renders when something happens (an event falls due, the user acts,
//! the cursor moves), never just because a frame passed. Each render does
//! work in proportion to what changed: the cards and messages it hands out
//! are components that compare their props and skip themselves when their
//! part of the world is unchanged.

use super::event_log::EventLog;
use super::legend::legend;
use super::notice_bar::notice_bar;
use super::stage::{card_styles, stage, StageProps};
use super::status_panel::status_panel;
use super::timeline_bar::{self, TimelineBarProps};
use super::toolbar::Toolbar;
use crate::ui::hooks::{use_frame_loop, use_media, use_width};
use crate::ui::layout::{layout, routes};
use crate::ui::model::{Model, Msg, Notice, Start};
use crate::ui::view;
use yew::prelude::*;

/// Props of [`App`].
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// How to start.
    #[prop_or_default]
    pub start: Start,
    /// A message to show at once (ignored address parameters).
    #[prop_or_default]
    pub notice: Option<Notice>,
}

/// The playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let model = {
        let (start, notice) = (props.start.clone(), props.notice.clone());
        use_reducer(move || Model::new(start, notice))
    };
    let on_action = {
        let d = model.dispatcher();
        use_callback((), move |msg: Msg, _| d.dispatch(msg))
    };

    let stage_ref = use_node_ref();
    let width = use_width(stage_ref.clone(), 900.0);
    let still = use_media("(prefers-reduced-motion: reduce)");

    let next_event = model.run.borrow_mut().next_due();
    let run = model.run.borrow();
    let sim = run.head();
    let layout = use_memo((sim.len(), width.round() as u32), |(n, w)| layout(*n, f64::from(*w)));
    let routes = use_memo(layout.clone(), |layout| routes(layout));
    let styles = use_memo(layout.clone(), |layout| card_styles(layout));
    // A moment is named by its run, its branch, its position and how many
    // events it has seen (an action adds events without moving the clock).
    let branch = (model.epoch, run.branch());
    let moment = (branch, sim.position(), sim.events());
    let log_cache = use_mut_ref(view::LogCache::default);
    let lines = {
        let world = model.run.clone();
        use_memo(moment, move |_| view::log(world.borrow().head(), &mut log_cache.borrow_mut(), branch))
    };
    let announcement = {
        let world = model.run.clone();
        use_memo(moment, move |_| view::announcement(world.borrow().head()).unwrap_or_default())
    };
    let marks = {
        let world = model.run.clone();
        let key = (branch, run.actions().count(), run.marks().len());
        use_memo(key, move |_| timeline_bar::marks(&view::bar_marks(&world.borrow())))
    };
    let legend_markup = use_memo((), |_| super::legend::markup());
    let edges = view::edges(sim, &routes);
    // Wake up for the next event, or to clear away a faded message.
    let due = edges.iter().filter_map(|e| e.gone_at()).chain(next_event).min();
    use_frame_loop(model.clock, due, on_action.clone());

    let status = view::status(sim);
    let settings = sim.settings();
    let pct = |p: f64| (p * 100.0).round() as u32;
    let end = run.end();

    html! {
        <div class="app">
            <header class="masthead">
                <div class="masthead__titles">
                    <h1 class="masthead__title">{ "Paxos Playground" }</h1>
                    <p class="masthead__tagline">
                        { format!("Single-decree Paxos, running live on {} nodes. Each node is a proposer, an acceptor and a learner; a majority is {}.", status.nodes, status.majority) }
                    </p>
                </div>
                <p class="hint" data-testid="hint">{ view::hint(sim) }</p>
            </header>
            if let Some(notice) = &model.notice {
                { notice_bar(notice, &on_action) }
            }
            <Toolbar
                nodes={sim.len()}
                loss={pct(settings.loss)}
                duplication={pct(settings.duplication)}
                seed={sim.config().seed}
                epoch={model.epoch}
                on_action={on_action.clone()}
            />
            <main class="main">
                <div class="stage-col">
                    <div class="stage-wrap" ref={stage_ref}>
                        { stage(StageProps {
                            layout: &layout,
                            styles: &styles,
                            sim,
                            edges,
                            clock: model.clock,
                            still,
                            errors: &model.card_errors,
                            epoch: model.epoch,
                            on_action: &on_action,
                        }) }
                    </div>
                    { timeline_bar::timeline_bar(TimelineBarProps {
                        now: sim.now(),
                        end: end.at,
                        step: sim.steps(),
                        steps: end.step,
                        live: run.is_live(),
                        playing: model.playing(),
                        speed: model.speed,
                        marks: (*marks).clone(),
                        on_action: &on_action,
                    }) }
                </div>
                <aside class="sidebar">
                    { status_panel(&status) }
                    <EventLog lines={lines} />
                    { legend(&legend_markup) }
                </aside>
            </main>
            <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">{ (*announcement).clone() }</div>
        </div>
    }
}
