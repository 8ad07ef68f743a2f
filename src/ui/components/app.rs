//! The whole page: header, controls, the stage and the side panels. It owns
//! the model and the animation clock and hands each part its slice.

use super::event_log::EventLog;
use super::legend::legend;
use super::notice_bar::notice_bar;
use super::stage::{stage, StageProps};
use super::status_panel::status_panel;
use super::toolbar::Toolbar;
use crate::ui::hooks::{use_animation_frames, use_media, use_width};
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
    let dispatcher = model.dispatcher();
    let on_action = {
        let d = dispatcher.clone();
        use_callback((), move |msg: Msg, _| d.dispatch(msg))
    };
    let on_frame = use_callback((), move |ms: f64, _| dispatcher.dispatch(Msg::Frame(ms)));
    use_animation_frames(model.playing, on_frame);

    let stage_ref = use_node_ref();
    let width = use_width(stage_ref.clone(), 900.0);
    let still = use_media("(prefers-reduced-motion: reduce)");

    let sim = model.sim.borrow();
    let layout = use_memo((sim.len(), width.round() as u32), |(n, w)| layout(*n, f64::from(*w)));
    let routes = use_memo(layout.clone(), |layout| routes(layout));
    // The log and the announcement change only when the trace grows.
    let trace_key = (model.epoch, sim.trace().next_index());
    let lines = {
        let world = model.sim.clone();
        use_memo(trace_key, move |_| view::log(&world.borrow()))
    };
    let announcement = {
        let world = model.sim.clone();
        use_memo(trace_key, move |_| view::announcement(&world.borrow()).unwrap_or_default())
    };
    let cards = view::cards(&sim);
    let edges = view::edges(&sim, &routes, sim.now(), still);
    let status = view::status(&sim);
    let settings = sim.settings();
    let pct = |p: f64| (p * 100.0).round() as u32;

    html! {
        <div class="app">
            <header class="masthead">
                <div class="masthead__titles">
                    <h1 class="masthead__title">{ "Paxos Playground" }</h1>
                    <p class="masthead__tagline">
                        { format!("Single-decree Paxos, running live on {} nodes. Each node is a proposer, an acceptor and a learner; a majority is {}.", status.nodes, status.majority) }
                    </p>
                </div>
                <p class="hint" data-testid="hint">{ view::hint(&sim) }</p>
            </header>
            if let Some(notice) = &model.notice {
                { notice_bar(notice, &on_action) }
            }
            <Toolbar
                playing={model.playing}
                speed={model.start.speed}
                nodes={sim.len()}
                loss={pct(settings.loss)}
                duplication={pct(settings.duplication)}
                seed={sim.config().seed}
                epoch={model.epoch}
                on_action={on_action.clone()}
            />
            <main class="main">
                <div class="stage-wrap" ref={stage_ref}>
                    { stage(StageProps {
                        layout: &layout,
                        cards,
                        edges: &edges,
                        errors: &model.card_errors,
                        epoch: model.epoch,
                        on_action: &on_action,
                    }) }
                </div>
                <aside class="sidebar">
                    { status_panel(&status) }
                    <EventLog lines={lines} />
                    { legend() }
                </aside>
            </main>
            <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">{ (*announcement).clone() }</div>
        </div>
    }
}
