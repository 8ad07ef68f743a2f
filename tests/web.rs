//! Browser tests: real components mounted in headless Chromium, driven
//! through the DOM as a person would, by the controls' accessible names.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test web` (the
//! runner in .cargo/config.toml starts chromedriver).

#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use paxos_playground::paxos::Flaws;
use paxos_playground::sim::sweep::scenario;
use paxos_playground::sim::{fingerprint, TraceMode};
use paxos_playground::ui::components::app::{App, AppProps};
use paxos_playground::ui::model::{Notice, Start, SPEEDS};
use paxos_playground::ui::url::{Opening, Request};
use paxos_playground::ui::{panic, url};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/flaw_scripts.rs"]
mod flaw_scripts;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mount the playground, paused, in a fresh element.
async fn mount(start: Start) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let request = Request { start, ..Request::default() };
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { request, ..AppProps::default() }).render();
    settle().await;
    root
}

async fn mount_paused() -> Element {
    mount(Start { playing: false, ..Start::default() }).await
}

/// Wait until the page has finished rendering. Yew renders in a microtask
/// and may yield to the browser between parts of a render, so a fixed pause
/// is not enough on a busy machine.
async fn settle() {
    TimeoutFuture::new(0).await;
    yew::scheduler::flush().await;
}

/// What the live region says once the words have stood still (it says
/// nothing while they change faster than that).
async fn heard(root: &Element) -> String {
    TimeoutFuture::new(paxos_playground::ui::components::announcer::SETTLE_MS + 50).await;
    settle().await;
    text(root, "[data-testid=announcer]")
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

fn named(root: &Element, name: &str) -> HtmlElement {
    find(root, &format!("[aria-label='{name}']"))
        .unwrap_or_else(|| panic!("no control named {name:?}"))
        .dyn_into()
        .unwrap()
}

fn button_with_text(root: &Element, text: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i)?.dyn_into::<HtmlElement>().ok())
        .find(|b| {
            b.get_attribute("aria-label").as_deref() == Some(text)
                || b.text_content().unwrap_or_default().trim().ends_with(text)
        })
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).and_then(|e| e.text_content()).unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn bubbling(kind: &str) -> Event {
    let init = EventInit::new();
    init.set_bubbles(true);
    Event::new_with_event_init_dict(kind, &init).unwrap()
}

async fn type_into(root: &Element, name: &str, value: &str) {
    let input: HtmlInputElement = named(root, name).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&bubbling("input")).unwrap();
    settle().await;
}

async fn press_enter(root: &Element, name: &str) {
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    named(root, name).dispatch_event(&event).unwrap();
    settle().await;
}

async fn click(element: HtmlElement) {
    element.click();
    settle().await;
}

/// Press Step until `done` holds, at most `limit` times.
async fn step_until(root: &Element, limit: usize, done: impl Fn(&Element) -> bool) -> usize {
    for i in 0..limit {
        if done(root) {
            return i;
        }
        click(named(root, "Step")).await;
    }
    panic!("not done after {limit} steps");
}

/// Each card's "Learned" cell. Never empty: a renamed cell would leave
/// nothing for the callers' `all(…)` checks to fail on.
fn learned(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all(".node-card__learned").unwrap();
    assert!(cells.length() > 0, "the cards show a Learned cell");
    (0..cells.length()).map(|i| cells.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
async fn app_renders_named_cards_and_controls() {
    let root = mount_paused().await;
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 5);
    for k in 1..=5 {
        for name in [
            format!("Value for node {k}"),
            format!("Propose at node {k}"),
            format!("Crash node {k}"),
            format!("Message loss at node {k}"),
        ] {
            named(&root, &name);
        }
    }
    for name in ["Message loss", "Nodes", "Seed", "Speed", "Duplication"] {
        named(&root, name);
    }
    button_with_text(&root, "Play");
    for name in ["Step", "Step back", "Timeline"] {
        named(&root, name);
    }
    button_with_text(&root, "Back to live");
    button_with_text(&root, "New round");
    assert_eq!(text(&root, ".status__label"), "Nothing chosen yet");
}

#[wasm_bindgen_test]
async fn stepping_one_proposal_chooses_it_and_every_node_learns_it() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    assert!(find(&root, ".node-card--preparing").is_some(), "node 1 starts phase 1");
    // Each step is read out while paused: the moment's lines of the log.
    step_until(&root, 200, |r| !text(r, "[data-testid=chosen-value]").is_empty()).await;
    // Chosen the moment a majority accepted, before any node knows it:
    // the box says why no card shows it yet.
    let meta = text(&root, ".status__meta");
    assert!(meta.contains("learned by 0 of 5 nodes: it was chosen the moment a majority accepted it"), "{meta}");
    let said = heard(&root).await;
    assert!(said.contains("“apple” is chosen"), "the step that chose it says so: {said}");
    // Once its proposer has counted the replies, it knows: "no node knows"
    // beside a card that said DECIDED read as a contradiction.
    step_until(&root, 200, |r| find(r, ".node-card--decided").is_some()).await;
    let meta = text(&root, ".status__meta");
    // (Its own Decide is still on its way to it: nobody has learned yet.)
    assert!(learned(&root).iter().all(|l| l == "—"), "{:?}", learned(&root));
    assert!(meta.contains("learned by 0 of 5 nodes yet: node 1 has counted a majority, so it knows"), "{meta}");
    assert!(!meta.contains("no node knows"), "{meta}");
    let steps = step_until(&root, 200, |r| learned(r).iter().all(|l| l == "apple")).await;
    let said_last = heard(&root).await;
    assert!(said_last != said && said_last.contains("learn"), "the last step is read out too: {said_last}");
    assert!(steps > 2, "it took real message deliveries: {steps}");
    assert_eq!(text(&root, "[data-testid=chosen-value]"), "apple");
    assert!(!text(&root, ".status__meta").contains("no node knows"), "once learned, the box says no more");
    assert!(find(&root, ".badge--safe").is_some());
    assert!(text(&root, "[data-testid=event-log]").contains("“apple” is chosen"));
}

#[wasm_bindgen_test]
async fn a_rule_switched_is_told_once_by_the_badge() {
    let root = mount_paused().await;
    let switch: HtmlElement = find(&root, ".rules input[role=switch]").expect("a rule's switch").dyn_into().unwrap();
    click(switch.clone()).await;
    // The badge's own live region tells it; the announcer, which read
    // the same switch as "Flaw switched on: …", stays quiet about it.
    assert!(text(&root, "[data-testid=unsafe-variant]").contains("This is not Paxos"));
    let said = heard(&root).await;
    assert!(!said.contains("Flaw switched"), "told twice: {said}");
    click(switch).await;
    assert!(text(&root, ".unsafe-live").contains("Every rule is kept"));
    let said = heard(&root).await;
    assert!(!said.contains("Flaw switched"), "told twice: {said}");
}

#[wasm_bindgen_test]
async fn two_concurrent_proposals_end_with_one_value_everywhere() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    click(named(&root, "Propose at node 3")).await;
    step_until(&root, 400, |r| learned(r).iter().all(|l| l != "—")).await;
    let values = learned(&root);
    assert!(values.iter().all(|v| *v == values[0]), "{values:?}");
    assert!(values[0] == "apple" || values[0] == "plum");
    assert_eq!(text(&root, "[data-testid=chosen-value]"), values[0]);
}

#[wasm_bindgen_test]
async fn an_empty_value_is_refused_with_a_reason_in_the_card() {
    let root = mount_paused().await;
    type_into(&root, "Value for node 2", "   ").await;
    click(named(&root, "Propose at node 2")).await;
    assert_eq!(text(&root, ".node-card__error"), "Type a value to propose first.");
    assert!(find(&root, ".node-card--preparing").is_none(), "nothing started");
    type_into(&root, "Value for node 2", "x").await;
    press_enter(&root, "Value for node 2").await;
    assert!(find(&root, ".node-card__error").is_none(), "a good proposal clears the error");
    assert!(find(&root, ".node-card--preparing").is_some(), "Enter proposes");
}

#[wasm_bindgen_test]
async fn hostile_markup_is_shown_as_text() {
    let root = mount_paused().await;
    let hostile = "<img src=x onerror=window.pwned=1>";
    type_into(&root, "Value for node 1", hostile).await;
    click(named(&root, "Propose at node 1")).await;
    step_until(&root, 200, |r| !text(r, "[data-testid=chosen-value]").is_empty()).await;
    assert_eq!(text(&root, "[data-testid=chosen-value]"), hostile);
    assert_eq!(count(&root, "img"), 0, "no element was created from the value");
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_bad_seed_is_refused_and_the_run_kept_and_a_replaced_run_can_be_undone() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    type_into(&root, "Seed", "12abc").await;
    press_enter(&root, "Seed").await;
    assert!(text(&root, "[data-testid=notice]").contains("whole number"), "{}", text(&root, "[data-testid=notice]"));
    assert!(find(&root, ".node-card--preparing").is_some(), "the run goes on");
    type_into(&root, "Seed", "7").await;
    press_enter(&root, "Seed").await;
    assert!(find(&root, ".node-card--preparing").is_none(), "a good seed starts afresh");
    // The run with a proposal in it is put aside, not lost.
    assert!(text(&root, "[data-testid=notice]").contains("seed 7"), "{}", text(&root, "[data-testid=notice]"));
    click(button_with_text(&root, "Undo")).await;
    assert!(find(&root, ".node-card--preparing").is_some(), "Undo brings the proposal back");
    assert_eq!(named(&root, "Seed").unchecked_into::<HtmlInputElement>().value(), "42");
    // Reset, next to New round, is as easy to press by mistake.
    click(button_with_text(&root, "Reset")).await;
    assert!(find(&root, ".node-card--preparing").is_none(), "Reset starts again");
    assert!(text(&root, "[data-testid=notice]").starts_with("Reset"), "{}", text(&root, "[data-testid=notice]"));
    click(button_with_text(&root, "Undo")).await;
    assert!(find(&root, ".node-card--preparing").is_some(), "Undo brings it back");
    // Acting in the new run while Undo is still offered makes it the
    // reader's too: Undo puts it aside in its turn (it was thrown away).
    click(button_with_text(&root, "Reset")).await;
    click(named(&root, "Propose at node 2")).await;
    let preparing = |root: &Element| find(root, ".node-card--preparing").and_then(|c| c.get_attribute("aria-label"));
    assert_eq!(preparing(&root).as_deref(), Some("Node 2"));
    click(button_with_text(&root, "Undo")).await;
    assert_eq!(preparing(&root).as_deref(), Some("Node 1"), "the first run is back");
    assert!(
        text(&root, "[data-testid=notice]").contains("The run you left is put aside"),
        "{}",
        text(&root, "[data-testid=notice]")
    );
    click(button_with_text(&root, "Undo")).await;
    assert_eq!(preparing(&root).as_deref(), Some("Node 2"), "and the one left is one Undo away");
}

#[wasm_bindgen_test]
async fn choosing_seven_nodes_rebuilds_the_ring() {
    let root = mount_paused().await;
    let select: HtmlSelectElement = named(&root, "Nodes").unchecked_into();
    select.set_value("7");
    select.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 7);
    assert!(text(&root, ".masthead__tagline").contains("a majority is 4"));
}

#[wasm_bindgen_test]
async fn crash_and_restart_toggle_a_node() {
    let root = mount_paused().await;
    click(named(&root, "Crash node 2")).await;
    assert!(find(&root, ".node-card--crashed").is_some());
    assert!(named(&root, "Propose at node 2").unchecked_ref::<web_sys::HtmlButtonElement>().disabled());
    click(named(&root, "Restart node 2")).await;
    assert!(find(&root, ".node-card--crashed").is_none());
    named(&root, "Crash node 2");
}

#[wasm_bindgen_test]
async fn a_minority_crash_still_decides_but_not_a_majority() {
    let root = mount_paused().await;
    click(named(&root, "Crash node 4")).await;
    click(named(&root, "Crash node 5")).await;
    click(named(&root, "Propose at node 1")).await;
    step_until(&root, 200, |r| !text(r, "[data-testid=chosen-value]").is_empty()).await;

    let root = mount_paused().await;
    for k in 3..=5 {
        click(named(&root, &format!("Crash node {k}"))).await;
    }
    click(named(&root, "Propose at node 1")).await;
    for _ in 0..60 {
        click(named(&root, "Step")).await;
    }
    assert_eq!(text(&root, ".status__label"), "Nothing chosen yet");
    assert!(find(&root, ".badge--safe").is_some());
}

#[wasm_bindgen_test]
async fn new_round_keeps_the_history() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 2")).await;
    step_until(&root, 200, |r| !text(r, "[data-testid=chosen-value]").is_empty()).await;
    click(button_with_text(&root, "New round")).await;
    assert_eq!(text(&root, "#status-title"), "Round 2");
    assert!(text(&root, "[data-testid=history]").contains("pear"));
    assert_eq!(text(&root, ".status__label"), "Nothing chosen yet");
    assert!(learned(&root).iter().all(|l| l == "—"));
}

#[wasm_bindgen_test]
async fn a_long_history_lists_the_latest_rounds_and_counts_the_rest() {
    let root = mount_paused().await;
    for _ in 0..8 {
        click(button_with_text(&root, "New round")).await;
    }
    assert_eq!(text(&root, "#status-title"), "Round 9");
    let history = text(&root, "[data-testid=history]");
    assert_eq!(count(&root, "[data-testid=history] .history__item"), 7, "{history}");
    assert!(history.starts_with("Round 8"), "latest first: {history}");
    assert!(history.contains("Round 3") && !history.contains("Round 2nothing"), "{history}");
    assert!(history.contains("and 2 earlier rounds"), "{history}");
}

/// Every card's text, in order: what the cluster shows.
fn cards(root: &Element) -> Vec<String> {
    let cards = root.query_selector_all(".node-card").unwrap();
    (0..cards.length()).map(|i| cards.item(i).unwrap().text_content().unwrap_or_default()).collect()
}

/// The ids of the message arrows on screen.
fn arrows(root: &Element) -> Vec<String> {
    let edges = root.query_selector_all(".edge").unwrap();
    (0..edges.length())
        .map(|i| edges.item(i).unwrap().unchecked_into::<Element>().get_attribute("data-id").unwrap())
        .collect()
}

fn timeline_text(root: &Element) -> String {
    named(root, "Timeline").get_attribute("aria-valuetext").unwrap_or_default()
}

/// The cursor's moment from the timeline's text ("1.2 s of 3.4 s, event 5
/// of 9" gives "1.2 s, event 5"), without the run's length, which grows.
fn moment(root: &Element) -> String {
    let text = timeline_text(root);
    let time = text.split(" of ").next().unwrap_or_default().to_string();
    let event = text.split(", ").nth(1).and_then(|e| e.split(" of ").next()).unwrap_or_default();
    format!("{time}, {event}")
}

async fn key(root: &Element, name: &str, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    named(root, name).dispatch_event(&event).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn step_back_shows_exactly_what_was_there() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    click(named(&root, "Propose at node 4")).await;
    let mut seen = Vec::new();
    for _ in 0..12 {
        click(named(&root, "Step")).await;
        seen.push((cards(&root), arrows(&root), text(&root, "[data-testid=event-log]"), moment(&root)));
    }
    // Back through the same moments, in reverse: cards, arrows in flight,
    // the log and the timeline all as they were.
    for k in (0..11).rev() {
        click(named(&root, "Step back")).await;
        assert_eq!(
            (cards(&root), arrows(&root), text(&root, "[data-testid=event-log]"), moment(&root)),
            seen[k],
            "step {k}"
        );
    }
    assert!(text(&root, "[data-testid=notice]").is_empty(), "looking back changes nothing, so no fork");
    click(button_with_text(&root, "Back to live")).await;
    assert_eq!(cards(&root), seen[11].0, "back to live is the end of the run");
}

#[wasm_bindgen_test]
async fn acting_in_the_past_forks_and_says_so_once() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    step_until(&root, 200, |r| !text(r, "[data-testid=chosen-value]").is_empty()).await;
    for _ in 0..20 {
        click(named(&root, "Step back")).await;
    }
    assert!(text(&root, "[data-testid=chosen-value]").is_empty(), "the choice is in the future again");
    let live = || button_with_text(&root, "Back to live").get_attribute("aria-disabled").is_some_and(|v| v == "true");
    assert!(!live(), "the future is still there");
    type_into(&root, "Value for node 3", "rival").await;
    click(named(&root, "Propose at node 3")).await;
    assert!(
        text(&root, "[data-testid=notice]").contains("changed the past"),
        "{}",
        text(&root, "[data-testid=notice]")
    );
    assert!(live(), "the new future starts here");
    click(named(&root, "Dismiss message")).await;
    click(named(&root, "Crash node 5")).await;
    assert!(text(&root, "[data-testid=notice]").is_empty(), "acting at the new end is not another fork");
}

#[wasm_bindgen_test]
async fn the_timeline_answers_the_arrow_keys() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 2")).await;
    for _ in 0..5 {
        click(named(&root, "Step")).await;
    }
    assert!(timeline_text(&root).ends_with("event 5 of 5"), "{}", timeline_text(&root));
    key(&root, "Timeline", "ArrowLeft").await;
    key(&root, "Timeline", "ArrowLeft").await;
    assert!(timeline_text(&root).ends_with("event 3 of 5"), "{}", timeline_text(&root));
    key(&root, "Timeline", "ArrowRight").await;
    assert!(timeline_text(&root).ends_with("event 4 of 5"), "{}", timeline_text(&root));
    key(&root, "Timeline", "Home").await;
    assert!(timeline_text(&root).starts_with("0.0 s"), "{}", timeline_text(&root));
    assert!(timeline_text(&root).contains("event 0 of"), "Home is the very start: {}", timeline_text(&root));
    key(&root, "Timeline", "End").await;
    assert!(timeline_text(&root).ends_with("event 5 of 5"), "{}", timeline_text(&root));
}

#[wasm_bindgen_test]
async fn a_slider_records_one_action_when_released() {
    let root = mount_paused().await;
    let slider: HtmlInputElement = named(&root, "Message loss").unchecked_into();
    for pct in ["5", "10", "15", "20", "25", "30"] {
        slider.set_value(pct);
        slider.dispatch_event(&bubbling("input")).unwrap();
        settle().await;
    }
    assert_eq!(slider.get_attribute("aria-valuetext").as_deref(), Some("30%"), "the value under the thumb shows");
    assert_eq!(count(&root, ".timeline__mark--setting"), 0, "nothing recorded while dragging");
    slider.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
    assert_eq!(count(&root, ".timeline__mark--setting"), 1, "one action on release");
    assert!(text(&root, "[data-testid=event-log]").contains("Message loss set to 30%"));
}

#[wasm_bindgen_test]
async fn reset_returns_to_the_runs_start_settings_included() {
    let root = mount(Start { playing: false, loss: 0.2, ..Start::default() }).await;
    let fail: HtmlInputElement = named(&root, "Message loss at node 3").unchecked_into();
    fail.set_value("40");
    fail.dispatch_event(&bubbling("change")).unwrap();
    let loss: HtmlInputElement = named(&root, "Message loss").unchecked_into();
    loss.set_value("60");
    loss.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
    click(named(&root, "Propose at node 1")).await;
    click(button_with_text(&root, "Reset")).await;
    let value = |name: &str| named(&root, name).unchecked_into::<HtmlInputElement>().value();
    assert_eq!(value("Message loss"), "20", "the run's starting loss");
    assert_eq!(value("Message loss at node 3"), "0", "per-node failure back to its start too");
    assert!(text(&root, "[data-testid=event-log]").is_empty(), "no actions, no events");
}

#[wasm_bindgen_test]
fn a_live_run_leaves_no_dead_air_while_nothing_happens() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::timeline::IDLE_GAP;
    use paxos_playground::ui::clock::{now_ms, Clock};
    use paxos_playground::ui::model::{Model, Msg};
    use std::rc::Rc;
    use yew::Reducible;

    // A clock that has been playing for `ms` since the run's position.
    let playing_for = |model: &mut Model, ms: f64| {
        let at = model.run.borrow().position().at;
        model.clock = Clock { base_tick: at as f64, base_ms: now_ms() - ms, speed: 1.0, playing: true };
    };
    let last_action = |model: &Model| model.run.borrow().actions().last().map(|a| a.at).unwrap();

    // A proposal, played out to the end, on a clock that started a minute
    // before it.
    let played_out = || {
        let mut model = Model::new(Start::default(), None);
        playing_for(&mut model, 60_000.0);
        let mut model = Rc::new(model).reduce(Msg::Propose(NodeId(1), "first".into()));
        assert_eq!(last_action(&model), IDLE_GAP, "a minute of waiting on an empty run is not kept");
        assert!(model.clock.tick() < IDLE_GAP + 1_000, "the clock comes back with it");
        for _ in 0..500 {
            if model.run.borrow_mut().next_due().is_none() {
                break;
            }
            model = model.reduce(Msg::Step);
        }
        assert!(model.run.borrow_mut().next_due().is_none(), "the proposal has played out");
        let quiet_at = model.run.borrow().position().at;
        ((*model).clone(), quiet_at)
    };

    let (mut model, quiet_at) = played_out();
    playing_for(&mut model, 60_000.0);
    let model = Rc::new(model).reduce(Msg::NewRound);
    assert_eq!(last_action(&model), quiet_at + IDLE_GAP, "the next action follows the last event closely");

    // Pausing a quiet run leaves it where it stood.
    let (mut model, quiet_at) = played_out();
    playing_for(&mut model, 60_000.0);
    let model = Rc::new(model).reduce(Msg::Pause);
    assert_eq!(model.run.borrow().position().at, quiet_at, "nothing happened, so no time passed");

    // Nor does a stalled frame or a hidden tab: the page resyncs without
    // running a quiet run on.
    let (model, quiet_at) = played_out();
    let model = Rc::new(model).reduce(Msg::Resync { tick: quiet_at + 30_000, ms: now_ms() });
    assert_eq!(model.run.borrow().position().at, quiet_at, "a resync adds no empty time");
    assert_eq!(model.run.borrow().end().at, quiet_at, "nor does it grow the run");

    // A short pause is real time and is kept as it was.
    let (mut model, quiet_at) = played_out();
    playing_for(&mut model, 200.0);
    let model = Rc::new(model).reduce(Msg::NewRound);
    let at = last_action(&model);
    assert!((quiet_at + 150..quiet_at + IDLE_GAP).contains(&at), "{at} after {quiet_at}");

    // While something is still to happen, the clock is the clock: the run
    // plays up to it first.
    let mut busy = Model::new(Start::default(), None);
    playing_for(&mut busy, 0.0);
    let busy = Rc::new(busy).reduce(Msg::Propose(NodeId(1), "x".into()));
    let mut later = (*busy).clone();
    playing_for(&mut later, 800.0);
    let later = Rc::new(later).reduce(Msg::Propose(NodeId(2), "y".into()));
    assert!(last_action(&later) >= 750, "{}", last_action(&later));

    // Messages lost as it fell quiet fade first: the run goes on until the
    // last has faded, and no further. (It stopped at its last event, and
    // their pills hung there half faded.)
    use paxos_playground::ui::view::{faded_by, FADE_TICKS};
    let model = Model::new(Start::default(), None);
    let propose = paxos_playground::sim::Action::Propose { node: NodeId(1), value: "x".into() };
    model.run.borrow_mut().act(propose).unwrap();
    model.run.borrow_mut().run_until(20);
    let model = Rc::new(model).reduce(Msg::NewRound);
    let mut model = (*model).clone();
    while model.run.borrow_mut().next_due().is_some() {
        let due = model.run.borrow_mut().next_due().unwrap();
        model.run.borrow_mut().run_until(due);
    }
    let (last_event, fading) = {
        let run = model.run.borrow();
        (run.position().at, faded_by(run.head()).expect("the old round's messages were dropped"))
    };
    let last_drop = fading - FADE_TICKS;
    assert!(fading > last_event, "still fading at {last_event}: {fading}");
    playing_for(&mut model, 60_000.0);
    let tick = model.clock.tick();
    let model = Rc::new(model).reduce(Msg::Advance(tick));
    let run = model.run.borrow();
    assert_eq!(run.position().at, last_drop + FADE_TICKS, "it ran on until they faded");
    assert_eq!(faded_by(run.head()), None);
}

#[wasm_bindgen_test]
async fn the_browser_moves_the_messages_not_the_page() {
    let root = mount(Start { speed: 0, ..Start::default() }).await;
    click(named(&root, "Propose at node 1")).await;
    TimeoutFuture::new(200).await;
    let packet = find(&root, ".edge").expect("a message is flying");
    let animations = js_sys::Reflect::get(&packet, &"getAnimations".into()).unwrap();
    let animations: js_sys::Array =
        animations.unchecked_into::<js_sys::Function>().call0(&packet).unwrap().unchecked_into();
    assert_eq!(animations.length(), 1, "one Web Animation carries the packet");
    let animation: web_sys::Animation = animations.get(0).unchecked_into();
    assert_eq!(animation.play_state(), web_sys::AnimationPlayState::Running);
    let before = animation.current_time().unwrap();
    TimeoutFuture::new(100).await;
    assert!(animation.current_time().unwrap() > before, "it advances on its own");
    click(button_with_text(&root, "Pause")).await;
    assert_eq!(animation.play_state(), web_sys::AnimationPlayState::Paused, "pausing the page pauses it");
}

#[wasm_bindgen_test]
fn address_parameters_are_checked_one_by_one() {
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let (request, problems) = url::parse(&pairs(&[("nodes", "7"), ("seed", "9"), ("loss", "30"), ("paused", "1")]), "");
    let start = request.start;
    assert_eq!((start.nodes, start.seed, start.playing), (7, 9, false));
    assert!((start.loss - 0.3).abs() < 1e-9);
    assert!(problems.is_empty() && request.has_options);
    let (request, problems) = url::parse(
        &pairs(&[
            ("nodes", "99"),
            ("seed", "-1"),
            ("loss", "NaN"),
            ("speed", "fast"),
            ("<script>", "x"),
            ("utm_source", "lms"),
        ]),
        "",
    );
    assert_eq!(request.start, Start::default(), "bad values leave the defaults");
    assert_eq!(problems.len(), 4, "a course site's own parameters are ignored silently: {problems:?}");
    // Every option ignored, the address asks for nothing: the kept run
    // opens, not a fresh one the reader's next click would keep over it.
    assert!(!request.has_options, "only options taken make a page of options");
    let (request, _) = url::parse(&pairs(&[("nodes", "0"), ("seed", "12")]), "");
    assert!(request.has_options, "one taken among them does");
    // Options a link overrides, when taken, still count.
    let (request, problems) = url::parse(&pairs(&[("nodes", "7")]), "#run=AQab");
    assert!(request.has_options && problems.is_empty() && request.if_fresh.is_empty());
    let (request, _) = url::parse(&pairs(&[("nodes", "0")]), "#run=AQab");
    assert!(!request.has_options && request.if_fresh.len() == 1);
    let (request, problems) = url::parse(&pairs(&[("embed", "1"), ("controls", "locked"), ("log", "0")]), "#run=AQab");
    assert!(request.embed.on && request.embed.locked && request.embed.no_log && problems.is_empty());
    assert_eq!(request.opening, Opening::Run("AQab".into(), None));
    assert_eq!(url::parse(&[], "#scenario=happy-path").0.opening, Opening::Scenario("happy-path".into()));
    // The part after # is the page's: keys as a person types them, a
    // scenario's bare name, and a word for anything else.
    assert_eq!(url::parse(&[], "#RUN=AQab").0.opening, Opening::Run("AQab".into(), None));
    assert_eq!(url::parse(&[], "#Scenario=value-recovery").0.opening, Opening::Scenario("value-recovery".into()));
    assert_eq!(url::parse(&[], "#value-recovery").0.opening, Opening::Scenario("value-recovery".into()));
    assert_eq!(url::parse(&[], "#value-recovery%20").0.opening, Opening::Scenario("value-recovery".into()));
    let (request, problems) = url::parse(&[], "#scenarios=value-recovery");
    assert_eq!(request.opening, Opening::Fresh);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("Ignored “#scenarios=value-recovery”"), "{problems:?}");
    // Several unknown keys are named in one sentence, not one each.
    let (_, problems) = url::parse(&[], "#foo&bar=1&baz");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("Ignored “#foo”, “#bar=1”, “#baz”: after #"), "{problems:?}");
    assert!(url::parse(&[], "#").1.is_empty() && url::parse(&[], "").1.is_empty(), "an empty fragment asks nothing");
    // What a sentence or a chat puts after a pasted link is dropped.
    for pasted in ["AQab.", "AQab)", "AQab,", "AQab%20", "AQab%0A", "%20AQab"] {
        assert_eq!(url::parse(&[], &format!("#run={pasted}")).0.opening, Opening::Run("AQab".into(), None), "{pasted}");
    }
    for typed in ["Happy-Path%20", "%20happy-path%20 ", "happy-path%C2%A0"] {
        assert_eq!(url::parse(&[], &format!("#scenario={typed}")).0.opening, Opening::Scenario("happy-path".into()));
    }
    assert_eq!(
        url::parse(&[], "#run=AQab&scenario=value-recovery").0.opening,
        Opening::Run("AQab".into(), Some("value-recovery".into())),
        "a link can say which scenario its run is"
    );
    // Embed options added at the end of a copied link work as in the query.
    let (request, problems) = url::parse(&[], "#run=AQab&scenario=value-recovery&embed=1&controls=locked&log=0");
    assert_eq!(request.opening, Opening::Run("AQab".into(), Some("value-recovery".into())));
    assert!(request.embed.on && request.embed.locked && request.embed.no_log && problems.is_empty());
    let (request, problems) = url::parse(&[], "#scenario=happy-path&embed=1&controls=sideways");
    assert_eq!(request.opening, Opening::Scenario("happy-path".into()));
    assert!(request.embed.on && !request.embed.locked);
    assert_eq!(problems, ["Ignored controls=sideways: use locked or full."]);
    // Options alone in the fragment, and odd fragments, open what they can.
    let (request, problems) = url::parse(&[], "#embed=1&log=0");
    assert!(request.embed.on && request.embed.no_log && problems.is_empty());
    assert_eq!(request.opening, Opening::Fresh);
    // Locked with no run, nothing could ever happen: the teacher is told.
    let (request, problems) = url::parse(&[], "#embed=1&controls=locked");
    assert!(request.embed.on && request.embed.locked);
    assert!(problems.len() == 1 && problems[0].contains("nothing will happen here"), "{problems:?}");
    // The colours: pinned for light course notes, or said what to use.
    assert_eq!(url::parse(&pairs(&[("embed", "1"), ("theme", "light")]), "").0.theme, Some("light"));
    assert_eq!(url::parse(&[], "#scenario=happy-path&embed=1&theme=dark").0.theme, Some("dark"));
    let (request, problems) = url::parse(&pairs(&[("theme", "<b>pink</b>")]), "");
    assert_eq!(request.theme, None);
    assert_eq!(problems, ["Ignored theme=<b>pink</b>: use light, dark or auto."]);
    // Embed options without the embed are named, not silently dropped.
    let (request, problems) = url::parse(&pairs(&[("controls", "locked")]), "#scenario=happy-path");
    assert!(!request.embed.on, "{problems:?}");
    assert_eq!(problems, ["controls=locked changes an embed only: add embed=1 to use it."]);
    assert_eq!(url::parse(&pairs(&[("theme", "DARK")]), "").0.theme, Some("dark"), "any case");
    assert_eq!(url::parse(&[], "#run=&&&").0.opening, Opening::Run(String::new(), None));
    let (request, problems) = url::parse(&[], "#scenario=a&scenario=b");
    assert_eq!(request.opening, Opening::Scenario("b".into()));
    assert_eq!(problems, ["The address names more than one scenario; the last one is used."]);
    // A teacher may put the embed options first.
    let (request, problems) = url::parse(&[], "#embed=1&run=AQab");
    assert!(request.embed.on && problems.is_empty(), "{problems:?}");
    assert_eq!(request.opening, Opening::Run("AQab".into(), None));
    let (request, problems) = url::parse(&[], "#run=AQab&run=AQcd");
    assert_eq!(request.opening, Opening::Run("AQcd".into(), None));
    assert_eq!(problems, ["The address holds more than one run; the last one is used."]);
    // An embed code's address pasted as it stands (`&amp;`), keys in
    // capitals, a run or scenario after `?`, a scenario named as the menu
    // says it or with the full stop of a sentence, a link wrapped over two
    // lines: each is read as meant.
    let (request, problems) = url::parse(
        &pairs(&[("embed", "1"), ("amp;controls", "locked"), ("Log", "0")]),
        "#run=AQ ab&amp;scenario=value-recovery.",
    );
    assert!(problems.is_empty(), "{problems:?}");
    assert!(request.embed.on && request.embed.locked && request.embed.no_log);
    assert_eq!(request.opening, Opening::Run("AQab".into(), Some("value-recovery".into())));
    assert_eq!(
        url::parse(&pairs(&[("scenario", "Value recovery")]), "").0.opening,
        Opening::Scenario("value-recovery".into())
    );
    assert_eq!(url::parse(&[], "#scenario=value_recovery").0.opening, Opening::Scenario("value-recovery".into()));
    assert_eq!(url::parse(&pairs(&[("run", "AQab")]), "").0.opening, Opening::Run("AQab".into(), None));
    // So is an option given twice; a course site's own, twice, says nothing.
    let (request, problems) = url::parse(&pairs(&[("nodes", "3"), ("utm", "a"), ("nodes", "7"), ("utm", "b")]), "");
    assert_eq!(request.start.nodes, 7);
    assert_eq!(problems, ["The address gives nodes= more than once; the last one is used."]);
    // A scenario or a run sets its own cluster: a size asked for as well is
    // kept aside, to be named once the scenario opens (or used, with its
    // faults told, if it cannot), while the speed still applies.
    let (request, problems) =
        url::parse(&pairs(&[("nodes", "7"), ("loss", "500"), ("speed", "2")]), "#scenario=happy-path");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(request.overridden, ["nodes=7", "loss=500"]);
    assert_eq!(request.if_fresh, ["Ignored loss=500: use a whole percentage from 0 to 100, such as 30."]);
    assert_eq!(request.start.nodes, 7, "used if the scenario cannot be opened");
    assert_eq!(request.start.speed, SPEEDS.iter().position(|s| *s == 2.0).unwrap());
}

/// "Copy embed code" gives an `<iframe>` of the share link in a locked
/// embed, titled by its scenario, with the address escaped for HTML.
#[wasm_bindgen_test]
fn the_embed_code_is_an_iframe_of_the_link_in_a_locked_embed() {
    let scenario = paxos_playground::sim::scenarios::Scenario::named("value-recovery").unwrap();
    let code = url::embed_code("AQab", Some(scenario), None);
    assert!(code.starts_with("<iframe src=\"") && code.ends_with("></iframe>"), "{code}");
    assert!(code.contains(" title=\"Paxos Playground: Value recovery\" width=\"720\" height=\"480\""), "{code}");
    let src = code.split('"').nth(1).unwrap();
    assert!(!src.contains("&scenario"), "the address's & is escaped: {src}");
    let (query, fragment) = src.split_once('?').unwrap().1.split_once('#').unwrap();
    assert_eq!(query, "embed=1&amp;controls=locked", "locked: course notes show a run to watch");
    let pairs = [("embed".into(), "1".into()), ("controls".into(), "locked".into())];
    let (request, problems) = url::parse(&pairs, &fragment.replace("&amp;", "&"));
    assert!(request.embed.on && request.embed.locked && problems.is_empty(), "{problems:?}");
    assert_eq!(request.opening, Opening::Run("AQab".into(), Some("value-recovery".into())));
    assert!(url::embed_code("AQab", None, None).contains(" title=\"Paxos Playground\" "));
    assert!(url::embed_code("AQab", None, Some("Reuse ballot numbers"))
        .contains(" title=\"Paxos Playground: Reuse ballot numbers\" "));
}

/// Options a scenario overrides are named once, and only as overridden
/// when it opens; an unknown scenario opens a fresh run that uses them.
#[wasm_bindgen_test]
async fn options_beside_a_scenario_are_named_once_and_truly() {
    let root = open_address(&[("nodes", "999"), ("seed", "7")], "#scenario=value-recovery", None).await;
    let notice = text(&root, "[data-testid=notice]");
    assert_eq!(notice.matches("nodes=999").count(), 1, "{notice}");
    assert!(notice.contains("Ignored nodes=999, seed=7: a scenario sets its own"), "{notice}");
    let root = open_address(&[("nodes", "999"), ("seed", "7")], "#scenario=nope", None).await;
    let notice = text(&root, "[data-testid=notice]");
    assert!(!notice.contains("sets its own"), "no scenario set anything: {notice}");
    assert!(
        notice.contains("no scenario called") && notice.contains("Ignored nodes=999: use a whole number"),
        "{notice}"
    );
    assert_eq!(notice.matches("nodes=999").count(), 1, "{notice}");
    assert_eq!(named(&root, "Seed").unchecked_into::<HtmlInputElement>().value(), "7", "the fresh run uses seed=7");
}

/// `run`'s share link, at its cursor.
fn link_of(run: &paxos_playground::sim::Timeline) -> String {
    let actions: Vec<_> = run.actions().cloned().collect();
    paxos_playground::sim::link::encode(run.config(), &actions, run.position(), run.end())
}

/// A run opened at its start has events to come: its empty log asks for
/// Play, where a fresh page's asks for a proposal.
#[wasm_bindgen_test]
async fn an_empty_log_says_what_to_press() {
    let fresh = mount_paused().await;
    assert_eq!(text(&fresh, ".log__empty"), "Nothing yet. Propose a value at any node.");
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, SimConfig, Timeline};
    // A proposal a second in, seen from the start.
    let mut run = Timeline::new(SimConfig::new(5, 42)).unwrap();
    run.run_until(1_000);
    run.act(Action::Propose { node: NodeId(2), value: "later".into() }).unwrap();
    run.seek(Default::default());
    let opened = open_address(&[], &format!("#run={}", link_of(&run)), None).await;
    assert_eq!(text(&opened, ".log__empty"), "Nothing yet at this moment: press Play or Step to see what happens.");
}

/// A share link's scenario name that is unknown, or not the run's, is
/// said to be left out; the run itself opens.
#[wasm_bindgen_test]
async fn a_link_with_a_wrong_scenario_opens_its_run_and_says_so() {
    let text_of = link_of(&paxos_playground::sim::scenarios::Scenario::named("value-recovery").unwrap().run());
    let root = open_address(&[], &format!("#run={text_of}&scenario=%3Cb%3Ebogus"), None).await;
    let notice = text(&root, "[data-testid=notice]");
    assert!(notice.contains("There is no scenario called “<b>bogus”"), "{notice}");
    assert!(find(&root, "[data-testid=notice] b").is_none(), "shown as text");
    assert!(find(&root, "[data-testid=scenario]").is_none());
    let root = open_address(&[], &format!("#run={text_of}&scenario=happy-path"), None).await;
    assert!(text(&root, "[data-testid=notice]").contains("not the “Happy path” scenario's"));
    let root = open_address(&[], &format!("#run={text_of}&scenario=value-recovery"), None).await;
    assert!(find(&root, "[data-testid=notice]").is_none(), "the right name: no notice");
    assert!(find(&root, "[data-testid=scenario]").is_some());
}

#[wasm_bindgen_test]
async fn bad_address_parameters_show_a_notice_in_the_page() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let (request, problems) = url::parse(&[("nodes".to_string(), "lots".to_string())], "");
    let notice = Some(Notice::error(problems.join(" ")));
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { request, kept: None, notice, resume: None })
        .render();
    settle().await;
    assert!(text(&root, "[data-testid=notice]").contains("Ignored nodes=lots"));
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 5, "the page still runs");
    // A value pasted thousands of characters long is quoted by its start.
    let (_, long) = url::parse(&[("nodes".to_string(), "9".repeat(5_000))], "");
    assert_eq!(long, vec![format!("Ignored nodes={}…: use a whole number from 1 to 25.", "9".repeat(24))]);
    click(named(&root, "Dismiss message")).await;
    assert!(find(&root, "[data-testid=notice]").is_none());
    // A text-direction override quoted from the address would turn the
    // rest of the notice around, and left out, a good 5 seemed refused: it
    // is named.
    let (_, turned) = url::parse(&[("nodes".to_string(), "\u{202E}5".to_string())], "");
    let notice = Notice::error(turned.join(" "));
    assert!(notice.text.starts_with("Ignored nodes=‹U+202E›5:"), "{}", notice.text);
}

/// Mount the page as if its address were `?{query}#{fragment}`, with
/// `kept` as the run kept from the last visit.
async fn open_address(query: &[(&str, &str)], fragment: &str, kept: Option<&str>) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let pairs: Vec<_> = query.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    let (request, problems) = url::parse(&pairs, fragment);
    assert!(problems.is_empty(), "{problems:?}");
    let props = AppProps { request, kept: kept.map(str::to_string), notice: None, resume: None };
    yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    settle().await;
    root
}

/// A share link for a run proposed at node 2 and stepped `steps` times.
fn shared_run(steps: usize) -> (String, paxos_playground::sim::Timeline) {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, SimConfig, Timeline};
    let mut run = Timeline::new(SimConfig::new(5, 42)).unwrap();
    run.act(Action::Propose { node: NodeId(2), value: "shared".into() }).unwrap();
    for _ in 0..steps {
        run.step();
    }
    (link_of(&run), run)
}

#[wasm_bindgen_test]
async fn a_share_link_opens_its_moment_paused() {
    let (link, run) = shared_run(9);
    let root = open_address(&[], &format!("#run={link}"), None).await;
    button_with_text(&root, "Play");
    assert!(timeline_text(&root).contains("event 9 of 9"), "{}", timeline_text(&root));
    let shown: Vec<String> = cards(&root);
    for (card, view) in shown.iter().zip(run.head().nodes()) {
        let promised = view.node.acceptor.promised.map_or("—".to_string(), |b| format!("n={b}"));
        assert!(card.contains(&format!("Promised{promised}")), "{card}");
    }
    // And it plays on into the same future.
    step_until(&root, 200, |r| learned(r).iter().all(|l| l == "shared")).await;
}

#[wasm_bindgen_test]
async fn a_broken_share_link_opens_the_default_playground_with_a_reason() {
    let (link, _) = shared_run(3);
    let root = open_address(&[], &format!("#run={}", &link[..link.len() / 2]), None).await;
    assert!(text(&root, "[data-testid=notice]").contains("cut short"), "{}", text(&root, "[data-testid=notice]"));
    assert!(text(&root, "[data-testid=notice]").contains("starts fresh"));
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 5);
    assert!(find(&root, ".node-card--preparing").is_none(), "a fresh run");
}

#[wasm_bindgen_test]
async fn a_scenario_opens_with_its_text_beside_the_cluster() {
    let root = open_address(&[], "#scenario=value-recovery", None).await;
    assert!(text(&root, "[data-testid=scenario]").contains("Value recovery"));
    let select: HtmlSelectElement = named(&root, "Scenario").unchecked_into();
    assert_eq!(select.value(), "value-recovery");
    step_until(&root, 400, |r| {
        text(r, "[data-testid=event-log]").contains("must propose “apple” instead of its own “pear”")
    })
    .await;
    let root = open_address(&[], "#scenario=<b>nope</b>", None).await;
    assert!(text(&root, "[data-testid=notice]").contains("no scenario called “<b>nope</b>”"));
    assert_eq!(count(&root, ".notice b"), 0, "shown as text");
    // As an address bar sends it: percent-encoded, shown decoded, with the
    // names that would have worked.
    let root = open_address(&[], "#scenario=%3Cb%3Enope%3C%2Fb%3E", None).await;
    let notice = text(&root, "[data-testid=notice]");
    assert!(notice.contains("no scenario called “<b>nope</b>”"), "{notice}");
    assert!(notice.contains("The scenarios are happy-path, lost-messages,"), "{notice}");
    assert_eq!(count(&root, ".notice b"), 0, "shown as text");
}

#[wasm_bindgen_test]
async fn the_kept_run_comes_back_and_a_corrupt_one_is_ignored_with_a_notice() {
    let (link, _) = shared_run(6);
    let root = open_address(&[], "", Some(&link)).await;
    assert!(timeline_text(&root).contains("event 6 of 6"), "{}", timeline_text(&root));
    let root = open_address(&[], "", Some("not a run at all")).await;
    assert!(text(&root, "[data-testid=notice]").contains("could not be restored"));
    assert!(timeline_text(&root).contains("event 0 of 0"));
}

#[wasm_bindgen_test]
async fn a_locked_embed_shows_only_the_cluster_and_the_time_controls() {
    let (link, _) = shared_run(4);
    let root =
        open_address(&[("embed", "1"), ("controls", "locked"), ("log", "0")], &format!("#run={link}"), None).await;
    assert!(
        find(&root, ".masthead").is_none() && find(&root, ".sidebar").is_none() && find(&root, ".toolbar").is_none()
    );
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 5);
    assert_eq!(count(&root, "[aria-label^='Propose at node']"), 0, "no proposing");
    assert_eq!(count(&root, "[aria-label^='Crash node']"), 0, "no crashing");
    assert!(find(&root, ".embed__log").is_none(), "log=0 hides the log");
    named(&root, "Timeline");
    named(&root, "Step");
    let open = find(&root, ".embed__open").unwrap();
    assert_eq!(open.get_attribute("aria-label").as_deref(), Some("Open in full playground"));
    assert!(open.text_content().unwrap_or_default().starts_with("Open in full playground"));
    assert!(open.get_attribute("href").unwrap().contains("#run="), "it carries the run");
    click(named(&root, "Step")).await;
    assert!(timeline_text(&root).contains("event 5"), "{}", timeline_text(&root));
}

#[wasm_bindgen_test]
fn the_panic_overlay_shows_details_as_text() {
    let doc = document();
    let overlay = doc.create_element("div").unwrap();
    overlay.set_id("panic");
    overlay.set_attribute("hidden", "").unwrap();
    let detail = doc.create_element("pre").unwrap();
    detail.set_id("panic-detail");
    overlay.append_child(&detail).unwrap();
    doc.body().unwrap().append_child(&overlay).unwrap();
    assert!(panic::show_overlay("panicked at <b>here</b>"));
    assert_eq!(detail.text_content().unwrap(), "panicked at <b>here</b>");
    assert_eq!(detail.children().length(), 0);
    assert!(!overlay.has_attribute("hidden"));
    overlay.remove();
}

#[wasm_bindgen_test]
fn the_golden_trace_matches_the_native_run() {
    // The native suite pins this fingerprint (tests/determinism.rs); equal
    // here means the browser run is the same run, bit for bit.
    let golden = include_str!("golden/trace-fingerprint.txt").trim();
    let sim = scenario(2027, Flaws::NONE).run(TraceMode::Full);
    let events: Vec<_> = sim.trace().entries().cloned().collect();
    assert_eq!(format!("{:016x} {}", fingerprint(&events), events.len()), golden);
}

#[wasm_bindgen_test]
async fn after_every_step_the_log_is_the_native_runs_log() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::narrate::{describe, in_log};
    use paxos_playground::sim::{Sim, SimConfig};
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    click(named(&root, "Propose at node 4")).await;
    // The same run, natively: the page's defaults are 5 nodes and seed 42.
    let mut sim = Sim::new(SimConfig::new(5, 42)).unwrap();
    sim.propose(NodeId(1), "apple").unwrap();
    sim.propose(NodeId(4), "fig").unwrap();
    for step in 1..=30 {
        click(named(&root, "Step")).await;
        sim.step();
        let trace = sim.trace();
        let newest_first: String = trace
            .indexed()
            .rev()
            .filter(|(_, e)| in_log(&e.event, 5))
            .map(|(_, e)| {
                let text = describe(&e.event);
                format!("{}.{} s{text}", e.at / 1000, (e.at % 1000) / 100)
            })
            .collect();
        assert_eq!(text(&root, "[data-testid=event-log]"), newest_first, "step {step}");
    }
}

/// Every message the worker may send reads back as itself, as
/// `serde-wasm-bindgen` writes it in the worker.
#[wasm_bindgen_test]
fn the_page_reads_every_kind_of_worker_message() {
    use paxos_playground::sim::explore::{Found, Outcome, Progress, Update};
    use paxos_playground::ui::find_bug::read_update;
    let progress =
        Progress { states: 189_483, transitions: 2_000_001, depth: 31, queued: 0, elapsed_ms: 1234.5, done: false };
    let found = Found { steps: 10, violation: "Two nodes learned different values.".into(), run: "AQ".into() };
    for update in [
        Update::Ready,
        Update::Progress(progress),
        Update::Done(Outcome { progress: Progress { done: true, ..progress }, complete: false, found: Some(found) }),
        Update::Done(Outcome { progress, complete: true, found: None }),
        Update::Failed { why: "no".into() },
    ] {
        let value = serde_wasm_bindgen::to_value(&update).unwrap();
        assert_eq!(read_update(value), Ok(update));
    }
}

/// A message the page cannot read becomes a sentence that says so, never a
/// panic: wrong shapes, wrong types, negative or fractional counts, and
/// values no JSON could carry.
#[wasm_bindgen_test]
fn a_bad_worker_message_is_reported_in_plain_words() {
    use js_sys::{Object, Reflect};
    use paxos_playground::ui::find_bug::{read_update, UNREADABLE};
    use wasm_bindgen::JsValue;
    let parse = |json: &str| js_sys::JSON::parse(json).unwrap();
    let progress = |states: &str| {
        parse(&format!(
            r#"{{"progress":{{"states":{states},"transitions":1,"depth":1,"queued":0,"elapsed_ms":1,"done":false}}}}"#
        ))
    };
    assert!(read_update(progress("5")).is_ok(), "the well-formed message it is built from");
    let odd_object = Object::new();
    Reflect::set(&odd_object, &"done".into(), &js_sys::Symbol::for_("x").into()).unwrap();
    let bad = [
        JsValue::UNDEFINED,
        JsValue::NULL,
        JsValue::from_f64(f64::NAN),
        JsValue::from_str("readyy"),
        JsValue::from_bool(true),
        parse("[]"),
        parse("{}"),
        parse(r#"{"progress":null}"#),
        parse(r#"{"failed":{"why":7}}"#),
        parse(r#"{"done":{"progress":{},"complete":true,"found":null}}"#),
        parse(r#"{"ready":1,"failed":{"why":"two variants"}}"#),
        progress("-1"),
        progress("1.5"),
        progress("1e300"),
        progress(r#""189483""#),
        js_sys::BigInt::from(7).into(),
        odd_object.into(),
    ];
    for value in bad {
        let shown = format!("{value:?}");
        let why = read_update(value).expect_err(&shown);
        assert!(why.starts_with(UNREADABLE), "{shown}: {why}");
    }
}

// ----- the challenge -----

/// The key the challenge record is stored under (the page's own constant).
const RECORD_KEY: &str = "paxos-playground.challenge";

fn local_storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

#[wasm_bindgen_test]
fn the_challenge_record_reads_back_what_it_wrote_and_nothing_else() {
    use paxos_playground::paxos::Flaw;
    use paxos_playground::ui::challenge::Record;
    let mut record = Record::default();
    record.attempted(None);
    record.attempted(Some(Flaw::MinorityQuorum));
    record.attempted(Some(Flaw::MinorityQuorum));
    assert!(record.won(Some(Flaw::MinorityQuorum), 5), "a first win is a best");
    assert!(!record.won(Some(Flaw::MinorityQuorum), 6), "a longer win is not");
    assert!(record.won(Some(Flaw::MinorityQuorum), 2), "a shorter win is");
    let text = record.to_text();
    assert_eq!(Record::parse(&text), Some(record.clone()), "{text}");
    assert_eq!(record.score(Some(Flaw::MinorityQuorum)).attempts, 2);
    assert_eq!(record.score(Some(Flaw::MinorityQuorum)).best, Some(2));
    assert_eq!(record.score(Some(Flaw::Amnesia)).best, None);
    // Anything this page did not write is not trusted, and never panics.
    let all = |f: &dyn Fn(&str) -> String| text.split(' ').map(f).collect::<Vec<_>>().join(" ");
    for bad in [
        String::new(),
        "garbage".to_string(),
        "{\"attempts\": 3}".to_string(),
        text.replace("challenge-1", "challenge-9"),
        text.replace(" paxos=1/-", ""),
        text.replace("paxos=1/-", "paxos=+1/-"),
        text.replace("paxos=1/-", "paxos=1/0"),
        text.replace("paxos=1/-", "paxos=0/3"),
        text.replace("paxos=1/-", "paxos=99999999999999999999/-"),
        text.replace("paxos=1/-", "paxos=1"),
        text.replace("paxos=1/-", "nonsense=1/-"),
        format!("{text} paxos=1/-"),
        all(&|w: &str| w.replace('/', "")),
        text[..text.len() / 2].to_string(),
    ] {
        assert_eq!(Record::parse(&bad), None, "{bad:?}");
    }
}

#[wasm_bindgen_test]
fn every_flaws_script_is_a_win_in_the_challenge_panels_view_and_counts_once() {
    use paxos_playground::paxos::Flaw;
    use paxos_playground::sim::{SimConfig, Timeline};
    use paxos_playground::ui::challenge::{view, Challenge};
    use std::cell::RefCell;
    use std::rc::Rc;
    local_storage().remove_item(RECORD_KEY).unwrap();
    for flaw in Flaw::ALL {
        let run = flaw_scripts::played(flaw);
        let head = run.head();
        let shown = view(head);
        // Where no majority chose anything, the status panel still says
        // what the cards show: the values nodes learned all the same.
        let status = paxos_playground::ui::view::status(head);
        if status.chosen.is_none() {
            assert!(status.learned_unchosen.len() >= 2, "{flaw:?}: {:?}", status.learned_unchosen);
        }
        let (what, at) = shown.broken.clone().unwrap_or_else(|| panic!("{flaw:?}: the panel shows a broken rule"));
        assert_eq!(what, head.violations()[0].1.to_string());
        assert!(at <= head.now());
        assert_eq!(shown.nodes.len(), 3);
        assert_eq!(shown.moves, paxos_playground::sim::challenge::moves(run.actions()));
        let before = (Rc::new(RefCell::new(Timeline::new(SimConfig::new(5, 1)).unwrap())), None);
        let mut c = Challenge::new(Some(flaw), 0, before, None);
        let won = c.observe(&run).unwrap_or_else(|| panic!("{flaw:?}: the page sees the win"));
        assert_ne!(won.first.1, won.second.1);
        assert!(c.observe(&run).is_none(), "{flaw:?}: a win is seen once");
        let score = c.record.score(Some(flaw));
        assert_eq!((score.attempts, score.best), (1, Some(u32::try_from(won.moves).unwrap())), "{flaw:?}");
        // A move just after the win keeps it in the past: the same win,
        // not a new one.
        let mut after = run.clone();
        after.seek_event(won.event, won.at);
        after
            .act(paxos_playground::sim::Action::SetNodeDelay { node: paxos_playground::paxos::NodeId(2), ticks: 1_000 })
            .unwrap();
        let mut kept = c.clone();
        assert!(kept.observe(&after).is_none() && kept.won.is_some(), "{flaw:?}: a move after the win keeps it");
        // A move at the start throws the win's future away, and the win
        // with it; the record keeps it.
        let mut run = run;
        run.seek(paxos_playground::sim::Position::default());
        assert!(c.observe(&run).is_none() && c.won.is_some(), "{flaw:?}: stepping back keeps the win");
        run.act(paxos_playground::sim::Action::SetNodeDelay { node: paxos_playground::paxos::NodeId(3), ticks: 1_000 })
            .unwrap();
        assert!(c.observe(&run).is_none() && c.won.is_none(), "{flaw:?}: a changed past drops the win");
        assert_eq!(c.record.score(Some(flaw)).best, score.best, "{flaw:?}");
    }
    // Each win was stored as it happened.
    let stored = local_storage().get_item(RECORD_KEY).unwrap().expect("stored");
    let record = paxos_playground::ui::challenge::Record::parse(&stored).expect("readable");
    assert!(Flaw::ALL.iter().all(|f| record.score(Some(*f)).best.is_some()), "{stored}");
    local_storage().remove_item(RECORD_KEY).unwrap();
}

/// With a one-node "quorum", two proposers each decide their own value
/// and no majority accepts either: the status panel says what the cards
/// show, rather than only "Nothing chosen yet".
#[wasm_bindgen_test]
fn values_learned_with_nothing_chosen_are_named_in_the_status() {
    use paxos_playground::paxos::{Flaw, NodeId};
    use paxos_playground::sim::{challenge, Action, Timeline};
    let mut run = Timeline::new(challenge::config(Some(Flaw::MinorityQuorum), 0)).unwrap();
    for (node, value) in [(1, "apple"), (2, "pear")] {
        run.act(Action::Propose { node: NodeId(node), value: value.into() }).unwrap();
    }
    // Each decides alone, at once: look when both have learned.
    let learned = |run: &Timeline| run.head().nodes().filter(|v| v.node.learned.is_some()).count();
    for tick in (0..5_000).step_by(10) {
        run.run_until(tick);
        if learned(&run) >= 2 {
            break;
        }
    }
    let status = paxos_playground::ui::view::status(run.head());
    assert_eq!(status.chosen, None, "at {}", run.head().now());
    assert_eq!(status.learned_unchosen, vec![("apple".to_string(), 1), ("pear".to_string(), 1)]);
}

/// A node slowed past its own timeout never gets its value chosen; the
/// panel says why instead of seeming stuck. Checked against the run: the
/// slowed node's ballots all give up, the others' do not have to.
#[wasm_bindgen_test]
fn a_node_slowed_past_its_timeout_is_named_and_never_wins_a_ballot() {
    use paxos_playground::paxos::{NodeId, Note};
    use paxos_playground::sim::{challenge, Action, Event, Timeline};
    use paxos_playground::ui::challenge::view;
    let mut run = Timeline::new(challenge::config(None, 0)).unwrap();
    for (ticks, hopeless) in [(0, vec![]), (1_000, vec![]), (2_000, vec![NodeId(1)]), (4_000, vec![NodeId(1)])] {
        run.act(Action::SetNodeDelay { node: NodeId(1), ticks }).unwrap();
        assert_eq!(view(run.head()).hopeless, hopeless, "+{ticks} ticks");
    }
    run.act(Action::Propose { node: NodeId(1), value: "slow".into() }).unwrap();
    run.run_until(30_000);
    let trace = run.head().trace();
    let of_node_1 = |e: &&paxos_playground::sim::Entry| matches!(e.event, Event::Node { node: NodeId(1), .. });
    let notes: Vec<_> = trace.entries().filter(of_node_1).map(|e| e.event.clone()).collect();
    assert!(notes.iter().any(|e| matches!(e, Event::Node { note: Note::GaveUp { .. }, .. })), "{notes:?}");
    assert!(!notes.iter().any(|e| matches!(e, Event::Node { note: Note::Decided { .. }, .. })), "{notes:?}");
}

#[wasm_bindgen_test]
fn the_challenge_refuses_moves_outside_its_rules_with_a_reason() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{challenge, Action, Timeline};
    use paxos_playground::ui::challenge::refusal;
    use paxos_playground::ui::model::Msg;
    let mut run = Timeline::new(challenge::config(None, 0)).unwrap();
    run.act(Action::Crash { node: NodeId(1) }).unwrap();
    let head = run.head();
    let act = Msg::Act;
    assert!(refusal(&act(Action::Crash { node: NodeId(2) }), head).unwrap().contains("node 1 is down"));
    assert_eq!(refusal(&act(Action::Restart { node: NodeId(1) }), head), None);
    assert_eq!(refusal(&act(Action::SetNodeDelay { node: NodeId(2), ticks: 2_000 }), head), None);
    assert_eq!(refusal(&act(Action::SetNodeFailure { node: NodeId(2), p: 1.0 }), head), None);
    assert_eq!(refusal(&Msg::Propose(NodeId(2), "pear".into()), head), None);
    assert_eq!(refusal(&Msg::Step, head), None);
    for msg in [
        Msg::NewRound,
        Msg::Nodes(5),
        act(Action::SetLoss { p: 0.5 }),
        act(Action::Isolate { node: NodeId(1) }),
        Msg::Reset,
    ] {
        assert!(refusal(&msg, head).is_some_and(|why| why.contains("not one of the challenge's moves")), "{msg:?}");
    }
}

/// Choose a radio button of the challenge panel, as a click does.
async fn choose(root: &Element, group: &str, option: &str) {
    let group = named(root, group);
    let labels = group.query_selector_all("label").unwrap();
    let input: HtmlInputElement = (0..labels.length())
        .filter_map(|i| labels.item(i)?.dyn_into::<Element>().ok())
        .find(|l| l.text_content().unwrap_or_default().trim() == option)
        .and_then(|l| l.query_selector("input").unwrap())
        .unwrap_or_else(|| panic!("no option {option:?}"))
        .unchecked_into();
    input.set_checked(true);
    input.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_challenge_opens_from_its_button_and_keeps_a_corrupt_record_from_harm() {
    local_storage().set_item(RECORD_KEY, "challenge-1 paxos=oops").unwrap();
    let root = mount_paused().await;
    click(button_with_text(&root, "Challenge")).await;
    assert!(find(&root, "[aria-label='Challenge']").is_some(), "the challenge panel is open");
    assert_eq!(count(&root, ".node-card"), 3, "three nodes");
    assert!(find(&root, "[aria-label='Break a rule']").is_none(), "the rule switches give way to the challenge's own");
    assert!(text(&root, ".challenge__problem").contains("could not be read"), "the bad record is reported");
    assert!(text(&root, "[data-testid=challenge-record]").contains("Correct Paxos0—"), "and starts from zero");

    // A broken rule, two proposals: the win shows, and the record counts it.
    choose(&root, "Rule broken", "Use half the nodes as a quorum").await;
    assert!(text(&root, "[data-testid=unsafe-variant]").contains("Use half the nodes as a quorum"));
    // A challenge plays, and stops only at the win: paused, the win comes
    // by stepping, however slow the machine running this test is.
    click(button_with_text(&root, "Pause")).await;
    click(named(&root, "Propose at node 1")).await;
    click(named(&root, "Propose at node 3")).await;
    let steps = step_until(&root, 200, |r| text(r, "[data-testid=challenge-status]").contains("You broke it")).await;
    assert!(steps > 0);
    assert!(
        text(&root, "[data-testid=challenge-score]").contains("1 attempt"),
        "{}",
        text(&root, "[data-testid=challenge-score]")
    );
    let stored = local_storage().get_item(RECORD_KEY).unwrap().unwrap();
    assert!(stored.contains("minority-quorum=1/2"), "{stored}");

    // A refused move says why and changes nothing.
    let delay = "input[name='challenge-delay-2'][value='2000']";
    let input: HtmlInputElement = find(&root, delay).unwrap().unchecked_into();
    input.set_checked(true);
    input.dispatch_event(&bubbling("change")).unwrap();
    settle().await;
    assert!(
        text(&root, "[data-testid=event-log]").contains("Node 2's messages now take 2.0 s longer"),
        "the log shows the move"
    );
    let input: HtmlInputElement = find(&root, delay).unwrap().unchecked_into();
    assert!(input.checked(), "the delay took");
    click(named(&root, "Crash node 1")).await;
    click(named(&root, "Crash node 2")).await;
    assert!(
        text(&root, "[data-testid=notice]").contains("One node at a time"),
        "{}",
        text(&root, "[data-testid=notice]")
    );
    assert_eq!(count(&root, ".node-card--crashed"), 1);

    click(button_with_text(&root, "Leave challenge")).await;
    assert!(find(&root, "[aria-label='Challenge']").is_none());
    assert_eq!(count(&root, ".node-card"), 5, "back to the run from before");
    local_storage().remove_item(RECORD_KEY).unwrap();
}

/// A node's history marks where each new round began: ballots start
/// again there, and without the line a node that learned a value in each
/// round read as one instance of Paxos learning two.
#[wasm_bindgen_test]
fn a_nodes_history_marks_each_new_round() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::node_history;
    let mut run = Scenario::named("several-rounds").unwrap().run();
    run.seek_time(run.end().at);
    let entries = node_history(run.head(), NodeId(2));
    assert!(entries.iter().all(|e| e.round == e.text.starts_with("round ")), "round lines are marked as such");
    let texts: Vec<String> = entries.into_iter().map(|e| e.text).collect();
    let at =
        |needle: &str| texts.iter().position(|t| t.contains(needle)).unwrap_or_else(|| panic!("{needle}: {texts:?}"));
    assert!(at("learned “first”") < at("round 2 began") && at("round 2 began") < at("learned “second”"), "{texts:?}");
    assert!(at("round 3 began") < at("learned “third”"), "{texts:?}");
}

/// A card whose proposer decided one value while its learner kept another
/// (only a broken rule allows it) says both, rather than contradict itself.
#[wasm_bindgen_test]
fn a_card_that_decided_a_value_it_did_not_learn_says_so() {
    use paxos_playground::paxos::{Phase, Value};
    use paxos_playground::ui::components::node_card::proposer_lines;
    let pear = Value::from("pear");
    let decided = Phase::Decided { value: pear.clone() };
    let (line, second) = proposer_lines(&decided, 3, Some(&Value::from("apple")));
    assert_eq!((line.as_str(), second.as_deref()), ("decided pear", Some("but it had learned apple")));
    assert_eq!(proposer_lines(&decided, 3, Some(&pear)).1, None, "the same value: nothing to add");
    let (_, waiting) = proposer_lines(&decided, 3, None);
    assert_eq!(waiting.as_deref(), Some("learns it as its Decide arrives"), "decided, not yet learned");
}

/// A resting proposer's badge says what the node did as an acceptor or a
/// learner: "idle" beside a card that had accepted the winning proposal
/// read as a node left out of the round.
#[wasm_bindgen_test]
fn a_resting_nodes_badge_says_what_its_acceptor_did() {
    use paxos_playground::paxos::{Ballot, Flaws, Node, NodeId, Proposal, Value};
    use paxos_playground::ui::components::node_card::badge;
    let mut node = Node::new(NodeId(2), 3, Flaws::NONE).unwrap();
    assert_eq!(badge(&node).0, "idle");
    let ballot = Ballot::new(1, NodeId(1));
    node.acceptor.promised = Some(ballot);
    assert_eq!(badge(&node).0, "promised");
    node.acceptor.accepted = Some(Proposal { ballot, value: Value::from("pear") });
    assert_eq!(badge(&node).0, "accepted");
    node.learned = Some(Value::from("pear"));
    assert_eq!(badge(&node).0, "learned");
    // A proposer at work names its phase whatever the acceptor did.
    node.propose(Value::from("fig"), &mut Vec::new()).unwrap();
    assert_eq!(badge(&node).0, "preparing");
}

#[wasm_bindgen_test]
fn the_hint_matches_what_is_flying() {
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::hint;
    // The happy path opens in its second ballot: nothing is chosen yet, and
    // node 1 is sending Prepares, not Decides.
    let run = Scenario::named("happy-path").unwrap().run();
    let said = hint(run.head(), run.actions_ahead() > 0, false);
    assert!(!said.contains("Decide") && !said.contains("chosen"), "{said}");
    assert!(said.contains("Watch the arrows"), "{said}");
    // The same moment with the clock paused says how to make it go.
    let paused = hint(run.head(), run.actions_ahead() > 0, true);
    assert!(paused.starts_with("Paused: press Play"), "{paused}");
    // Lost messages ends with some nodes never told: no Decide is on its
    // way to them, and the hint must not promise one.
    let mut run = Scenario::named("lost-messages").unwrap().run();
    run.seek_time(run.end().at);
    let said = hint(run.head(), run.actions_ahead() > 0, false);
    assert!(said.contains("some nodes have not heard"), "{said}");
    // A node cut off hears no new ballot either: not until its links heal.
    let mut run = paxos_playground::sim::Timeline::new(paxos_playground::sim::SimConfig::new(5, 1)).unwrap();
    run.act(paxos_playground::sim::Action::Isolate { node: paxos_playground::paxos::NodeId(5) }).unwrap();
    run.act(paxos_playground::sim::Action::Propose { node: paxos_playground::paxos::NodeId(1), value: "apple".into() })
        .unwrap();
    run.run_until(60_000);
    let said = hint(run.head(), false, false);
    assert!(said.starts_with("Chosen, but nodes cut off have not heard"), "{said}");
    // A node the cut leaves on the majority's side hears the next ballot
    // now: here node 4, down while the Decides went out.
    let mut run = paxos_playground::sim::Timeline::new(paxos_playground::sim::SimConfig::new(5, 1)).unwrap();
    let node = paxos_playground::paxos::NodeId;
    run.act(paxos_playground::sim::Action::Isolate { node: node(5) }).unwrap();
    run.act(paxos_playground::sim::Action::Crash { node: node(4) }).unwrap();
    run.act(paxos_playground::sim::Action::Propose { node: node(1), value: "apple".into() }).unwrap();
    run.run_until(60_000);
    run.act(paxos_playground::sim::Action::Restart { node: node(4) }).unwrap();
    run.run_until(120_000);
    let said = hint(run.head(), false, false);
    assert!(said.contains("would teach them now, and those cut off once their links heal"), "{said}");
    // Value recovery at 3 s: no proposer at work, but the script proposes
    // at node 5 later. The hint says to watch, not to propose, which would
    // throw the script away.
    let mut run = Scenario::named("value-recovery").unwrap().run();
    run.seek_time(3_000);
    assert!(run.actions_ahead() > 0);
    let said = hint(run.head(), true, false);
    assert!(said.starts_with("More of this run is recorded"), "{said}");
    // Playing through that quiet gap, it does not ask for Play.
    assert!(!said.contains("press Play"), "beside the Pause button: {said}");
    assert!(hint(run.head(), true, true).contains("press Play"), "paused, it does");
    assert!(
        hint(run.head(), false, false).contains("Propose at a node"),
        "with nothing recorded ahead, it invites a proposal"
    );
}

/// A hint keeps to two lines in a laptop's header: a third pushed the
/// page down a line as the run moved on.
#[wasm_bindgen_test]
fn every_hint_fits_two_lines_of_the_header() {
    use paxos_playground::sim::scenarios::SCENARIOS;
    use paxos_playground::ui::view::hint;
    let mut seen = std::collections::BTreeSet::new();
    for scenario in &SCENARIOS {
        let mut run = scenario.run();
        let end = run.end().at;
        for at in (0..=end).step_by(250) {
            run.seek_time(at);
            for (ahead, paused) in [(true, false), (false, false), (false, true)] {
                seen.insert(hint(run.head(), ahead, paused));
            }
        }
    }
    assert!(seen.len() >= 8, "the scenarios reach many hints: {seen:?}");
    let goals: Vec<String> = std::iter::once(None)
        .chain(paxos_playground::paxos::Flaw::ALL.map(Some))
        .map(paxos_playground::ui::challenge::goal_hint)
        .collect();
    seen.extend(goals.iter().map(String::as_str));
    for said in seen {
        assert!(said.chars().count() <= 125, "{} characters: {said}", said.chars().count());
    }
}

#[wasm_bindgen_test]
fn an_adopted_value_is_explained_by_the_promises_counted() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::{card_marks, quorum, Mark, Since};
    // Value recovery: node 5's promises come from nodes 2, 3 and 4 at the
    // same moment; it proposes on the second, so the third is not counted.
    let mut run = Scenario::named("value-recovery").unwrap().run();
    run.seek_time(6_500);
    let q = quorum(run.head());
    let (ballot, counted) = q.promised.clone().expect("node 5 adopted apple");
    assert!(ballot.to_string().ends_with(".5"), "node 5's ballot: {ballot}");
    assert_eq!(counted.len(), 3, "a majority of 5, not every promise: {counted:?}");
    assert!(counted.contains(&NodeId(5)) && counted.contains(&NodeId(2)));
    let (at, by) = q.forced.clone().expect("node 2's acceptance forced it");
    assert_eq!((by, at.to_string()), (vec![NodeId(2)], "1.1".to_string()));
    let sentence = q.sentence.clone().unwrap();
    assert!(
        sentence.starts_with(
            "Node 5 proposes “apple” at n=2.5, not its own “pear”: node 2's promise reported “apple”, accepted at n=1.1"
        ),
        "{sentence}"
    );
    assert!(sentence.contains("A proposer carries it whether or not it was chosen"), "{sentence}");
    assert!(sentence.ends_with("any two majorities of 5 nodes share a node, so carrying it forward keeps it chosen."));
    // Switching quorums of half the nodes on after the adoption does not change why
    // it happened: its quorum was a majority.
    let mut flawed = run.clone();
    flawed
        .act(paxos_playground::sim::Action::SetFlaw { flaw: paxos_playground::paxos::Flaw::MinorityQuorum, on: true })
        .unwrap();
    let told = quorum(flawed.head()).sentence.expect("the adoption is still explained");
    assert!(told.contains("any two majorities of 5 nodes share a node"), "{told}");
    // The same story with quorums of half the nodes from the start: an adoption by a
    // quorum of two is not said to share a node with every other.
    let script = Scenario::named("value-recovery").unwrap().run();
    let mut config = script.config().clone();
    config.flaws.set(paxos_playground::paxos::Flaw::MinorityQuorum, true);
    let mut small = paxos_playground::sim::Timeline::new(config).unwrap();
    for logged in script.actions() {
        small.run_until(logged.at);
        let _ = small.act(logged.action.clone());
    }
    let mut minority = None;
    for at in (0..20_000).step_by(100) {
        small.run_until(at);
        if let Some(told) = quorum(small.head()).sentence {
            minority = Some(told);
            break;
        }
    }
    let told = minority.expect("with quorums of two, a proposer still adopts an earlier value");
    assert!(
        told.contains("this quorum was only 2 of the 5 nodes, and two quorums of 2 need not share a node"),
        "{told}"
    );
    assert!(!told.contains("any two majorities"), "{told}");
    let marks = card_marks(run.head(), &q, None);
    assert_eq!(marks[1], Some(Mark::Forced(at, None)), "node 2 explains the value; nothing is chosen yet");
    assert_eq!(marks[1].unwrap().text(), "n=1.1 acceptance forced the value; promise quorum");
    assert_eq!(marks.iter().filter(|m| matches!(m, Some(Mark::Promised(_)))).count(), 2, "{marks:?}");
    // Once apple is chosen, the accept quorum is the majority that chose
    // it (nodes 5, 2 and 3, at 7 s); node 4, accepting after, is not in it.
    run.seek_time(9_000);
    let q = quorum(run.head());
    let (_, accepted) = q.accepted.clone().expect("apple is chosen");
    assert_eq!(accepted.len(), 3, "{accepted:?}");
    let marks = card_marks(run.head(), &q, None);
    assert_eq!(
        marks[1],
        Some(Mark::Forced(at, Some(ballot))),
        "node 2 keeps the mark that explains the value, and says it helped choose it"
    );
    assert_eq!(marks[1].unwrap().text(), "n=1.1 acceptance forced the value; accept quorum");
    assert_eq!(marks.iter().filter(|m| matches!(m, Some(Mark::Accepted(_, Since::Holds)))).count(), 2, "{marks:?}");
    // In the happy path node 1's own acceptor and A1 both report red: the
    // sentence names both, and both cards are ringed.
    let mut run = Scenario::named("happy-path").unwrap().run();
    run.seek_time(6_000);
    let q = quorum(run.head());
    assert_eq!(
        q.forced.clone().map(|(b, n)| (n, b.to_string())),
        Some((vec![NodeId(1), NodeId(2)], "1.1".to_string()))
    );
    assert!(q.sentence.clone().unwrap().contains("node 2's promise and its own reported “red”"));
    let marks = card_marks(run.head(), &q, None);
    assert!(matches!(marks[0], Some(Mark::Forced(..))) && matches!(marks[1], Some(Mark::Forced(..))), "{marks:?}");
    assert_eq!(Mark::Promised(ballot).text(), format!("promise quorum of n={ballot}"));
    // Asked again after the walk, node 1 has "blue" adopted away too: the
    // sentence tells that, and "green" keeps its own "Why not".
    let mut run = Scenario::named("happy-path").unwrap().run();
    run.seek_time(run.end().at);
    run.act(paxos_playground::sim::Action::Propose { node: NodeId(1), value: "blue".into() }).unwrap();
    run.run_until(run.end().at + 60_000);
    let q = quorum(run.head());
    let (by, own) = q.adopter.clone().expect("blue is adopted away");
    assert_eq!((by, own.as_str()), (NodeId(1), "blue"));
    let told = paxos_playground::ui::view::outcome(run.head());
    let shown: Vec<&str> = told.why_not.iter().filter_map(|w| w.shown(Some((by, &own)))).collect();
    assert!(shown.iter().any(|w| w.starts_with("Why not “green”?")), "{shown:?}");
    assert!(!shown.iter().any(|w| w.starts_with("Why not “blue”?") && w.contains("reported")), "{shown:?}");
}

/// With too few nodes up, an Accept already on its way may still choose a
/// value, as acceptances survive a crash: the page said "nothing can be
/// chosen" and then showed a value chosen. Chosen with no proposer left to
/// count the acceptances, no node knows it, and no Decide was lost.
#[wasm_bindgen_test]
fn an_accept_on_its_way_may_still_choose_with_too_few_up() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, Sim, SimConfig};
    use paxos_playground::ui::view::{hint, Tolerance};
    let mut sim = Sim::new(SimConfig::new(3, 1)).unwrap();
    sim.propose(NodeId(1), "aa").unwrap();
    // Node 1 accepts its own proposal as it sends its Accepts.
    while sim.node(NodeId(1)).unwrap().node.acceptor.accepted.is_none() {
        assert!(sim.step(), "node 1 reaches its Accept phase");
    }
    sim.apply(Action::Crash { node: NodeId(1) }).unwrap();
    sim.apply(Action::Crash { node: NodeId(3) }).unwrap();
    let said = hint(&sim, false, false);
    assert!(said.contains("an Accept already sent may still choose a value"), "{said}");
    let meter = Tolerance::of(&sim).sentence();
    assert!(meter.contains("no new ballot can succeed until nodes come back"), "{meter}");
    while sim.chosen().is_none() && sim.step() {}
    assert!(sim.chosen().is_some(), "node 2's acceptance and node 1's, kept on disk, are a majority");
    let said = hint(&sim, false, false);
    assert!(said.starts_with("Chosen, but no node knows it"), "{said}");
    assert!(!said.contains("Decide was lost"), "{said}");
}

/// Only the side of a partition that cannot reach a majority is outlined:
/// with one node cut off, every other card had lost its link to it too,
/// and all five were outlined alike.
#[wasm_bindgen_test]
fn only_a_minority_side_is_marked_apart() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, Sim, SimConfig};
    use paxos_playground::ui::view::cut_off;
    let mut sim = Sim::new(SimConfig::new(5, 1)).unwrap();
    assert_eq!(cut_off(&sim, NodeId(1)), None);
    sim.apply(Action::Isolate { node: NodeId(4) }).unwrap();
    let alone = cut_off(&sim, NodeId(4)).unwrap();
    assert_eq!((alone.text.as_str(), alone.apart), ("cut off from the others", true));
    let other = cut_off(&sim, NodeId(2)).unwrap();
    assert_eq!((other.text.as_str(), other.apart), ("cut off from node 4", false));
    // {4, 5} against {1, 2, 3}: two nodes are no majority of five, three are.
    sim.apply(Action::Rejoin { node: NodeId(4) }).unwrap();
    for small in [4, 5] {
        for big in [1, 2, 3] {
            sim.cut_both(NodeId(small), NodeId(big)).unwrap();
        }
    }
    assert!(cut_off(&sim, NodeId(5)).unwrap().apart);
    assert!(!cut_off(&sim, NodeId(3)).unwrap().apart);
}

#[wasm_bindgen_test]
fn the_tolerance_meter_counts_cut_links_too() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, Sim, SimConfig};
    use paxos_playground::ui::view::Tolerance;
    let mut sim = Sim::new(SimConfig::new(5, 1)).unwrap();
    assert!(!Tolerance::of(&sim).stuck());
    assert!(Tolerance::of(&sim).sentence().ends_with("tolerates 2 more crashes."));
    // Split into {1, 2}, {3, 4} and {5}: every node is up, yet none can
    // reach three nodes.
    let groups = [[1, 2], [3, 4], [5, 5]];
    for (i, a) in groups.iter().enumerate() {
        for b in &groups[i + 1..] {
            for &x in a {
                for &y in b {
                    sim.apply(Action::Cut { from: NodeId(x), to: NodeId(y) }).unwrap();
                    sim.apply(Action::Cut { from: NodeId(y), to: NodeId(x) }).unwrap();
                }
            }
        }
    }
    let t = Tolerance::of(&sim);
    assert_eq!((t.up, t.reach), (5, Some(2)));
    assert!(t.stuck());
    assert!(t.sentence().contains("no node can reach a majority (3) both ways, at most 2"), "{}", t.sentence());
    let said = paxos_playground::ui::view::hint(&sim, false, false);
    assert!(said.starts_with("Links are cut so that no node can reach a majority"), "{said}");
    // Joining {3, 4} and {5} makes a majority again.
    sim.apply(Action::Heal { from: NodeId(3), to: NodeId(5) }).unwrap();
    sim.apply(Action::Heal { from: NodeId(5), to: NodeId(3) }).unwrap();
    let t = Tolerance::of(&sim);
    assert!(!t.stuck());
    assert!(t.sentence().contains("links are cut: the best-connected node can talk with 3 nodes both ways, itself included. A majority needs 3"), "{}", t.sentence());
    assert!(
        t.sentence()
            .ends_with("A majority needs 3, so one more crash, of the wrong node, would stop every new ballot."),
        "{}",
        t.sentence()
    );
}

/// Under "Use half the nodes as a quorum", 2 of 5 nodes up still decide:
/// the meter counts what the proposers count, and once safety broke it no
/// longer says that safety holds (it did, under the red "Unsafe" box).
#[wasm_bindgen_test]
fn the_tolerance_meter_counts_a_broken_quorum_and_never_claims_safety_that_broke() {
    use paxos_playground::paxos::{Flaw, Flaws, NodeId};
    use paxos_playground::sim::{Action, Sim, SimConfig};
    use paxos_playground::ui::view::Tolerance;
    let mut config = SimConfig::new(5, 1);
    config.flaws = Flaws::only(Flaw::MinorityQuorum);
    let mut sim = Sim::new(config).unwrap();
    for node in 1..=3 {
        sim.apply(Action::Crash { node: NodeId(node) }).unwrap();
    }
    let t = Tolerance::of(&sim);
    assert!(!t.stuck(), "two nodes up are a quorum under the broken rule");
    assert!(t.sentence().contains("a quorum needs only 2 under the broken rule"), "{}", t.sentence());
    // What that count costs is said with it.
    assert!(t.sentence().contains("The risk: two quorums of 2 need not share a node"), "{}", t.sentence());
    sim.apply(Action::Propose { node: NodeId(4), value: "fig".into() }).unwrap();
    sim.run_until(20_000);
    assert!(!sim.violations().is_empty(), "node 4 decided on two acceptances");
    sim.apply(Action::Crash { node: NodeId(4) }).unwrap();
    let t = Tolerance::of(&sim);
    assert!(t.stuck());
    assert!(t.sentence().contains("no new ballot can succeed") && !t.sentence().contains("Safety"), "{}", t.sentence());
    // Counting duplicates, with messages duplicated, fewer may decide too.
    let mut config = SimConfig::new(5, 1);
    config.flaws = Flaws::only(Flaw::CountDuplicates);
    let mut sim = Sim::new(config).unwrap();
    assert!(!Tolerance::of(&sim).sentence().contains("twice"), "no duplication, no caveat");
    sim.apply(Action::SetDuplication { p: 0.2 }).unwrap();
    assert!(Tolerance::of(&sim).sentence().ends_with("a proposer may also decide with fewer."));
}

/// Cut one way, links can leave a node that reaches everyone while the
/// others depend on it: the meter counts the crashes the cluster survives
/// whichever nodes they hit, not those the best-connected node survives.
#[wasm_bindgen_test]
fn the_tolerance_meter_counts_the_worst_crashes_when_links_are_cut_one_way() {
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::{crashes_survived, Tolerance};
    // Value recovery at 1.5 s: node 1 cannot send to nodes 3 to 5, so
    // node 1 talks (both ways) with node 2 only; node 2 with everyone.
    let mut run = Scenario::named("value-recovery").unwrap().run();
    run.seek_time(1_600);
    let t = Tolerance::of(run.head());
    assert_eq!(
        (t.up, t.reach, t.cut_spare),
        (5, Some(5), Some(1)),
        "crashing nodes 2 and 3 leaves no majority talking"
    );
    assert!(t.sentence().contains("one of them still reaches all the others both ways"), "{}", t.sentence());
    assert!(t.sentence().ends_with("tolerates 1 more crash, whichever node it hits."), "{}", t.sentence());
    // The search itself: in a ring of five, each node talks with its two
    // neighbours, so each reaches exactly a majority, 3. One crash leaves
    // the node opposite it with both neighbours; two crashes, two apart,
    // leave nobody with three.
    let ring: Vec<u32> = (0..5).map(|i| 1 << i | 1 << ((i + 1) % 5) | 1 << ((i + 4) % 5)).collect();
    assert_eq!(crashes_survived(&ring, 3), Some(1));
    // Groups that all talk within: the biggest group minus a majority.
    let groups: Vec<u32> = [0b00011, 0b00011, 0b11100, 0b11100, 0b11100].to_vec();
    assert_eq!(crashes_survived(&groups, 3), Some(0));
    let everyone = vec![0b11111; 5];
    assert_eq!(crashes_survived(&everyone, 3), Some(2));
}

#[wasm_bindgen_test]
fn actions_at_one_moment_share_a_timeline_mark() {
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::bar_marks;
    // Partition and heal cuts twelve links at 0 s and heals them at 12 s.
    let marks = bar_marks(&Scenario::named("partition-and-heal").unwrap().run());
    let cuts: Vec<_> = marks.iter().filter(|m| m.what.contains("is cut")).collect();
    assert_eq!(cuts.len(), 1, "{marks:?}");
    assert_eq!(cuts[0].what, "The link 1→4 is cut · The link 4→1 is cut · and 10 more");
    assert_eq!(marks.iter().filter(|m| m.what.contains("is healed")).count(), 1, "{marks:?}");
    assert!(marks.iter().any(|m| m.kind == "propose" && m.at == 0), "a proposal keeps its own mark: {marks:?}");
}

#[wasm_bindgen_test]
fn the_quorums_shown_are_this_rounds() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, Sim, SimConfig};
    use paxos_playground::ui::view::quorum;
    // Ballots start over in a new round, so round 2 can choose the very
    // proposal round 1 chose, with other acceptors.
    let mut sim = Sim::new(SimConfig::new(5, 1)).unwrap();
    sim.propose(NodeId(1), "a").unwrap();
    sim.run_until(10_000);
    let (first, before) = quorum(&sim).accepted.expect("round 1 chose a");
    sim.apply(Action::NewRound).unwrap();
    let down: Vec<NodeId> = before.iter().copied().filter(|&n| n != NodeId(1)).take(2).collect();
    for &n in &down {
        sim.apply(Action::Crash { node: n }).unwrap();
    }
    sim.propose(NodeId(1), "a").unwrap();
    sim.run_until(20_000);
    let (second, now) = quorum(&sim).accepted.expect("round 2 chose a again");
    assert_eq!(first, second, "the same proposal, chosen twice");
    assert!(down.iter().all(|n| !now.contains(n)), "crashed {down:?} are not this round's quorum: {now:?}");
    assert!(now.len() >= 3, "{now:?}");
}

#[wasm_bindgen_test]
async fn a_live_run_with_nothing_to_do_says_it_waits() {
    let root = mount(Start::default()).await;
    assert_eq!(
        text(&root, ".transport__waiting"),
        "waiting for you",
        "playing, live, nothing due: it waits for the user"
    );
    click(button_with_text(&root, "Pause")).await;
    assert_eq!(text(&root, ".transport__waiting"), "end of the run", "paused there, it is the end of the run");
    let step = named(&root, "Step");
    assert_eq!(step.get_attribute("aria-disabled").as_deref(), Some("true"), "and Step has nothing to do");
    click(named(&root, "Propose at node 1")).await;
    assert_eq!(text(&root, ".transport__waiting"), "", "messages are due now");
    assert_eq!(named(&root, "Step").get_attribute("aria-disabled"), None, "so Step has");
}

#[wasm_bindgen_test]
fn a_shared_ballot_is_blamed_on_the_proposer_that_sent_it() {
    use paxos_playground::paxos::{Flaw, NodeId};
    use paxos_playground::sim::{Action, Event, Sim, SimConfig, Violation};
    use paxos_playground::ui::view::culprit;
    // With ballots shared, nodes 1 and 3 both use n=1; apple is chosen,
    // and node 3 had asked to accept fig under that same ballot.
    let mut sim = Sim::new(SimConfig::new(5, 42)).unwrap();
    sim.run_until(500);
    sim.apply(Action::SetFlaw { flaw: Flaw::SharedBallots, on: true }).unwrap();
    sim.run_until(700);
    sim.apply(Action::Propose { node: NodeId(1), value: "apple".into() }).unwrap();
    sim.run_until(1_000);
    sim.apply(Action::Propose { node: NodeId(3), value: "fig".into() }).unwrap();
    sim.run_until(6_000);
    let (cause, violation) = sim.violations().first().expect("the shared ballot breaks a property");
    assert!(matches!(violation, Violation::Proposal { node: NodeId(3), .. }), "{violation}");
    let handled_by = match &sim.trace().get(*cause).unwrap().event {
        Event::Delivered { to, .. } => *to,
        other => panic!("{other:?}"),
    };
    assert_ne!(handled_by, NodeId(3), "the checker saw it at an acceptor's vote: {:?}", sim.trace().get(*cause));
    assert_eq!(culprit(&sim).unwrap().1, Some(NodeId(3)), "but the card marked is the proposer's");
}

#[wasm_bindgen_test]
fn an_embed_is_laid_out_as_its_frame_shows_it_largest() {
    use paxos_playground::ui::layout::{embed_scale, fitted, layout, Cards};
    // The README's 720 × 480 frame leaves the stage about 700 × 330.
    let room = f64::from(paxos_playground::ui::components::stage::OVERFLOW_ROOM);
    let (w, h) = (700.0, 330.0);
    // Compact cards hold a value box and buttons too, and are taller.
    for (cards, least) in [(Cards::Minimal, 0.65), (Cards::Compact, 0.55)] {
        for n in [3, 5, 7, 9] {
            let best = fitted(n, w, h, cards, room);
            assert_eq!(best.cards.len(), n);
            // Card text (0.72rem) stays at about 7 to 8 px or more.
            let scale = embed_scale(&best, w, h, room);
            assert!(scale >= least, "{cards:?}, {n} nodes are shrunk to {scale}");
        }
        // Nine cards in a ring at the frame's own width were shrunk to 0.4.
        let nine = (layout(9, w, cards, f64::INFINITY), fitted(9, w, h, cards, room));
        assert!(embed_scale(&nine.1, w, h, room) > 1.4 * embed_scale(&nine.0, w, h, room), "{cards:?}");
    }
    // A phone-width frame (360 × 640, its stage about 344 × 500) shows a
    // grid of two columns, not a ring shrunk to 0.57, whose text was too
    // small to read.
    let phone = fitted(5, 344.0, 500.0, Cards::Minimal, room);
    assert!(
        !phone.ring && embed_scale(&phone, 344.0, 500.0, room) > 0.7,
        "{}",
        embed_scale(&phone, 344.0, 500.0, room)
    );
    // The happy path's four nodes with their value boxes, in the README's
    // frame (its stage 704 × 316): in two rows they were shrunk to 0.57,
    // card text under 7 px; side by side, to more than 0.8.
    let four = fitted(4, 704.0, 316.0, Cards::Compact, room);
    assert!(four.row, "one row");
    assert!(embed_scale(&four, 704.0, 316.0, room) > 0.8, "{}", embed_scale(&four, 704.0, 316.0, room));
    let ring = layout(4, 704.0, Cards::Compact, f64::INFINITY);
    assert!(embed_scale(&ring, 704.0, 316.0, room) < 0.6, "as a ring: {}", embed_scale(&ring, 704.0, 316.0, room));
    // A projector's big frame (its stage about 1780 × 640) shows them
    // larger, not small in the middle of an empty frame; never more than
    // twice their size. (Nine already fill its width; eleven slim cards
    // share two rows evenly instead of ten and one.)
    for (n, least) in [(3, 1.4), (5, 1.4), (9, 1.0), (11, 1.05)] {
        let big = fitted(n, 1780.0, 640.0, Cards::Minimal, room);
        let scale = embed_scale(&big, 1780.0, 640.0, room);
        assert!(scale >= least && scale <= paxos_playground::ui::layout::GROW_MOST, "{n} nodes at {scale}");
    }
}

#[wasm_bindgen_test]
fn messages_along_a_row_arc_over_it_apart() {
    use paxos_playground::ui::layout::{fitted, routes, Cards};
    let room = f64::from(paxos_playground::ui::components::stage::OVERFLOW_ROOM);
    let l = fitted(5, 704.0, 316.0, Cards::Compact, room);
    assert!(l.row);
    // Over the row, never under it: a card grows downwards, and arcs under
    // the row began inside the cards that had.
    let top = l.cards[0].y;
    let n = l.cards.len();
    let all = routes(&l);
    let peak = |from: usize, to: usize| all[from * n + to].at(0.5).1;
    for from in 0..n {
        for to in (0..n).filter(|&to| to != from) {
            for k in 0..=20 {
                let (x, y) = all[from * n + to].at(f64::from(k) / 20.0);
                assert!(
                    y < top && y > 0.0,
                    "{}→{}: ({x}, {y}) leaves the lane above the row (0 to {top})",
                    from + 1,
                    to + 1
                );
            }
            // A request and its reply take different heights.
            assert!((peak(from, to) - peak(to, from)).abs() > 10.0, "{}↔{} share a path", from + 1, to + 1);
        }
        // A broadcast's arcs rise with the distance, so its pills fan out.
        let rightwards: Vec<f64> = (from + 1..n).map(|to| peak(from, to)).collect();
        assert!(rightwards.windows(2).all(|w| w[1] < w[0] - 4.0), "node {}: {rightwards:?}", from + 1);
    }
}

#[wasm_bindgen_test]
fn the_log_tells_when_it_holds_only_the_latest_events() {
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::{log, LogCache, LOG_LINES};
    // Several rounds, played out, has more events than the log keeps:
    // one line more than it shows says there are more.
    let mut run = Scenario::named("several-rounds").unwrap().run();
    run.go_live();
    let lines = log(run.head(), &mut LogCache::default(), (0, 0));
    assert_eq!(lines.len(), LOG_LINES + 1);
    // At its start, a handful: all of them, and no more.
    run.seek_time(1_000);
    let few = log(run.head(), &mut LogCache::default(), (0, 0));
    assert!(!few.is_empty() && few.len() <= LOG_LINES, "{}", few.len());
}

/// The diagram and the pills make room for labels by [`label_chars`]
/// without writing them: it must count what [`label`] writes, for short
/// values and for values cut short alike.
#[wasm_bindgen_test]
fn label_chars_counts_what_label_writes() {
    use paxos_playground::paxos::{Ballot, Message, NodeId, Proposal, Value};
    use paxos_playground::sim::diagram::{Arrow, Ending};
    use paxos_playground::ui::components::diagram_arrow::{text as arrow_text, text_chars};
    use paxos_playground::ui::view::{label, label_chars};
    let ballot = Ballot::new(1, NodeId(2));
    for text in ["x", "apple", "twelve chars", "a much longer value than fits"] {
        let value = Value::from(text);
        let proposal = Proposal::new(Ballot::new(1, NodeId(1)), value.clone());
        for msg in [
            Message::Prepare { ballot },
            Message::Promise { ballot, prior: None },
            Message::Promise { ballot, prior: Some(proposal.clone()) },
            Message::Nack { ballot, promised: ballot },
            Message::Accept { proposal: proposal.clone() },
            Message::Accepted { proposal },
            Message::Decide { value },
        ] {
            assert_eq!(label_chars(&msg), label(&msg).chars().count(), "{}", label(&msg));
            // The diagram's labels, which mark a network's copy.
            for duplicate in [false, true] {
                let arrow = Arrow {
                    id: 1,
                    from: NodeId(1),
                    to: NodeId(2),
                    msg: msg.clone(),
                    sent: 0,
                    due: 100,
                    end: (100, 1.0),
                    ending: Ending::Delivered,
                    duplicate,
                    event: 0,
                };
                assert_eq!(text_chars(&arrow), arrow_text(&arrow).chars().count(), "{}", arrow_text(&arrow));
            }
        }
    }
}

/// The exported diagram and the ballot key use the colours the style
/// sheet gives the ballot classes: the two lists must agree.
#[wasm_bindgen_test]
fn the_ballot_colours_match_the_style_sheet() {
    let css = include_str!("../static/style.css");
    for (class, hex) in paxos_playground::ui::view::BALLOT_COLOURS {
        assert!(css.contains(&format!(".by-ballot .{class} {{ --k: {hex}; }}")), "{class} is {hex} in style.css");
    }
}

/// What the diagram's arrows show: each one's id, classes and lines.
fn diagram_arrows(root: &Element) -> Vec<String> {
    let lines = root.query_selector_all(".diagram__arrows .arrow-line").unwrap();
    (0..lines.length())
        .map(|i| {
            let g: Element = lines.item(i).unwrap().unchecked_into();
            let parts = g.children();
            let mut drawn = format!("{} {}", g.get_attribute("data-id").unwrap(), g.get_attribute("class").unwrap());
            // The tooltip is text; the rest is the drawing.
            for part in (0..parts.length()).filter_map(|k| parts.item(k)).filter(|p| p.tag_name() != "title") {
                drawn.push_str(&format!(" <{}", part.tag_name()));
                for name in ["class", "x1", "y1", "x2", "y2", "d", "marker-end"] {
                    if let Some(value) = part.get_attribute(name) {
                        drawn.push_str(&format!(" {name}={value}"));
                    }
                }
            }
            drawn
        })
        .collect()
}

/// What the diagram draws over its veil: each label's text and place,
/// and each cross.
fn diagram_marks(root: &Element) -> Vec<String> {
    let marks = root.query_selector_all(".diagram__marks text, .diagram__marks path").unwrap();
    (0..marks.length())
        .map(|i| {
            let mark: Element = marks.item(i).unwrap().unchecked_into();
            let at = ["class", "x", "y", "d"].map(|name| mark.get_attribute(name).unwrap_or_default());
            format!("{} {at:?}", mark.text_content().unwrap_or_default())
        })
        .collect()
}

/// Zoom in and back out, which redraws every chunk, and check that the
/// diagram looks as it did.
async fn redraw_and_compare(root: &Element, after: &str) {
    let (arrows, marks) = (diagram_arrows(root), diagram_marks(root));
    click(named(root, "Zoom in")).await;
    click(named(root, "Zoom out")).await;
    let (afresh, marks_afresh) = (diagram_arrows(root), diagram_marks(root));
    let differ: Vec<_> = arrows.iter().zip(&afresh).filter(|(a, b)| a != b).take(2).collect();
    assert!(differ.is_empty() && arrows.len() == afresh.len(), "after {after}: {differ:?}");
    assert_eq!(marks, marks_afresh, "after {after}");
}

/// The diagram draws its arrows in chunks and an event redraws only the
/// chunk it touched: so a diagram built event by event must show what
/// one drawn afresh shows, labels and crosses included (a zoom there and
/// back redraws every chunk),
/// and a step must change the insides of three chunks at most, however
/// many there are (but for the few that choose a value).
#[wasm_bindgen_test]
async fn the_diagram_redrawn_a_chunk_at_a_time_is_the_diagram_drawn_afresh() {
    // Nine nodes racing with losses and copies: a few hundred arrows.
    let root = mount(Start { nodes: 9, loss: 0.2, duplication: 0.2, playing: false, ..Start::default() }).await;
    click(named(&root, "Propose at node 1")).await;
    click(named(&root, "Propose at node 5")).await;
    // All the way out, so that every arrow is in view.
    for _ in 0..6 {
        click(named(&root, "Zoom out")).await;
    }
    // The records gather here: the observer hands them over after each
    // render, before the test looks.
    let records = Rc::new(RefCell::new(Vec::<web_sys::MutationRecord>::new()));
    let gather = {
        let records = records.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |list: js_sys::Array| {
            records.borrow_mut().extend(list.iter().map(|r| r.unchecked_into::<web_sys::MutationRecord>()));
        })
    };
    let observer = web_sys::MutationObserver::new(gather.as_ref().unchecked_ref()).unwrap();
    let init = web_sys::MutationObserverInit::new();
    init.set_subtree(true);
    init.set_child_list(true);
    init.set_attributes(true);
    observer.observe_with_options(&find(&root, ".diagram__arrows").unwrap(), &init).unwrap();
    let (mut touched_steps, mut wide_steps) = (0, 0);
    for step in 1..=400 {
        if step % 100 == 0 {
            // A new race, once the last one has settled down.
            click(button_with_text(&root, "New round")).await;
            click(named(&root, "Propose at node 2")).await;
            click(named(&root, "Propose at node 7")).await;
            records.borrow_mut().clear();
        }
        click(named(&root, "Step")).await;
        let mut chunks: Vec<Element> = Vec::new();
        for record in records.borrow_mut().drain(..) {
            let target: Element = record.target().unwrap().unchecked_into();
            if let Some(chunk) = target.closest(".diagram__chunk").unwrap() {
                if !chunks.contains(&chunk) {
                    chunks.push(chunk);
                }
            }
        }
        // A step ends one message (in whichever chunk it was drawn) and
        // sends the replies, which go at the end, in one chunk or two. A
        // value chosen also lights up its quorum's replies, wherever they
        // are.
        wide_steps += usize::from(chunks.len() > 3);
        touched_steps += usize::from(!chunks.is_empty());
        if step % 40 == 0 {
            redraw_and_compare(&root, &format!("{step} steps")).await;
            records.borrow_mut().clear();
        }
    }
    let chunks = root.query_selector_all(".diagram__arrows .diagram__chunk").unwrap();
    assert!(chunks.length() >= 5, "{} chunks", chunks.length());
    for i in 0..chunks.length() {
        let chunk: Element = chunks.item(i).unwrap().unchecked_into();
        assert!(chunk.query_selector_all(".arrow-line").unwrap().length() <= 64);
    }
    assert!(touched_steps > 250, "{touched_steps} of 400 steps drew in the diagram");
    assert!(wide_steps <= 4, "{wide_steps} steps changed more than three chunks");
    // Zoomed in, where labels show and come one by one as messages fly
    // past their middles.
    for _ in 0..3 {
        click(named(&root, "Zoom in")).await;
    }
    let mut labels = 0;
    for step in 1..=60 {
        click(named(&root, "Step")).await;
        labels = labels.max(count(&root, ".diagram__marks text"));
        if step % 5 == 0 {
            redraw_and_compare(&root, &format!("{step} steps zoomed in")).await;
        }
    }
    assert!(labels > 5, "{labels} labels");
}

/// A node that only learned a value no majority accepted is marked as
/// where safety broke, not as where a rule broke: the rule broken was its
/// decider's.
#[wasm_bindgen_test]
fn a_learner_of_an_unchosen_value_is_not_blamed_for_the_rule() {
    use paxos_playground::paxos::Flaw;
    use paxos_playground::sim::{flaw_demos, Violation};
    use paxos_playground::ui::view::{card_marks, culprit, quorum, Mark};
    let mut run = flaw_demos::demo(Flaw::CountDuplicates).unwrap();
    let end = run.end();
    run.seek(end);
    let sim = run.head();
    let latest = sim.violations().last().map(|(_, v)| v.clone());
    let latest_cause = |sim: &paxos_playground::sim::Sim| sim.violations().last().map_or(0, |(cause, _)| *cause);
    assert!(matches!(latest, Some(Violation::Learner { .. })), "the demo ends with a learner's violation: {latest:?}");
    let blamed = culprit(sim).and_then(|c| c.1);
    assert!(blamed.is_some(), "a node is marked");
    let marks = card_marks(sim, &quorum(sim), blamed);
    let at = sim.trace().get(latest_cause(sim)).map_or(0, |e| e.at);
    assert!(marks.contains(&Some(Mark::Culprit(false, at))), "{marks:?}");
    assert!(!marks.iter().any(|m| matches!(m, Some(Mark::Culprit(true, _)))), "{marks:?}");
    assert_eq!(Mark::Culprit(false, 5_100).text(), "safety broke here at 5.1\u{a0}s");
}

/// A card's box names the value its node proposes in the round shown: at
/// round 1 of "Several rounds", not round 3's value for node 1.
#[wasm_bindgen_test]
fn the_value_boxes_name_the_round_shown() {
    use paxos_playground::sim::scenarios::Scenario;
    use paxos_playground::ui::view::own_values;
    let mut run = Scenario::named("several-rounds").expect("a scenario").run();
    let own = |run: &paxos_playground::sim::Timeline| {
        own_values(run, 5).into_iter().map(|v| v.map(|v| v.to_string())).collect::<Vec<_>>()
    };
    let first = own(&run);
    assert_eq!(first[1].as_deref(), Some("first"), "node 2 is about to propose it: {first:?}");
    assert_eq!(first[0], None, "node 1's round-3 value is not named in round 1: {first:?}");
    assert_eq!(first[3], None, "nor node 4's round-2 value: {first:?}");
    run.seek_time(20_000);
    let third = own(&run);
    assert_eq!(third[0].as_deref(), Some("third"), "{third:?}");
    assert_eq!(third[1], None, "round 1's value is history: {third:?}");
}

/// A run too crowded to copy says which copy the reader asked for, not a
/// list that left out the one they pressed (Present said "cannot be kept,
/// shared or exported"), and how many messages crowded it.
#[wasm_bindgen_test]
fn a_crowded_run_names_the_copy_it_refused() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::SimConfig;
    use paxos_playground::sim::{Action, Timeline};
    use paxos_playground::ui::model::too_crowded;
    let mut run = Timeline::new(SimConfig::new(5, 1)).unwrap();
    assert_eq!(too_crowded(&run, "presented"), None, "a quiet run is copied");
    for k in 0..1_000u32 {
        run.act(Action::Propose { node: NodeId((k % 5) as u8 + 1), value: "v".into() }).unwrap();
    }
    for refused in ["presented", "shared", "exported", "kept for your next visit"] {
        let why = too_crowded(&run, refused).expect("4,000 Prepares in flight");
        assert!(why.starts_with(&format!("This run cannot be {refused}, nor copied")), "{why}");
        assert!(
            why.contains(&format!(
                "it had {} messages",
                paxos_playground::sim::narrate::grouped(run.crowded().unwrap() as u64)
            )),
            "{why}"
        );
    }
}

/// In the "Forget acceptor state on restart" demo, an acceptor of the chosen
/// value restarts and forgets it: its card says "Accepted –", and its
/// quorum ring says it forgot, or the page seemed to contradict itself.
#[wasm_bindgen_test]
fn a_quorum_member_that_forgot_its_acceptance_says_so() {
    use paxos_playground::paxos::Flaw;
    use paxos_playground::sim::flaw_demos::played;
    use paxos_playground::ui::view::{card_marks, quorum, Mark, Since};
    let mut run = played(Flaw::Amnesia).unwrap();
    let mut seen = false;
    for at in (0..20_000).step_by(100) {
        run.seek_time(at);
        let sim = run.head();
        let q = quorum(sim);
        for (k, mark) in card_marks(sim, &q, None).into_iter().enumerate() {
            let Some(Mark::Accepted(ballot, since)) = mark else { continue };
            let forgot = since == Since::Forgot;
            // It says so when it holds no acceptance as high any more, and
            // a restart wiped what it held.
            let holds = sim.nodes().nth(k).unwrap().node.acceptor.accepted.as_ref().is_some_and(|a| a.ballot >= ballot);
            let wiped = sim.trace().entries().any(|e| {
                matches!(&e.event, paxos_playground::sim::Event::Node { node, note: paxos_playground::paxos::Note::Restarted { forgot: true, .. } } if node.index() == k)
            });
            assert_eq!(forgot, !holds && wiped, "node {} at {at}", k + 1);
            let text = mark.unwrap().text();
            match since {
                Since::Forgot => {
                    assert_eq!(text, format!("accept quorum of n={ballot}; forgot it at restart"));
                    seen = true;
                }
                Since::Later(later) => {
                    assert_eq!(text, format!("accept quorum of n={ballot}, then accepted n={later}"))
                }
                Since::Holds => assert_eq!(text, format!("accept quorum of n={ballot}")),
            }
        }
    }
    assert!(seen, "the demo shows a quorum member that forgot");
}

/// Two proposals at once: once one value is chosen, the round's box says
/// why the other was not, from what became of its proposer's ballots, and
/// whose replies the deciding proposer counted, at which ballot.
#[wasm_bindgen_test]
fn the_round_says_why_the_other_proposal_lost() {
    use paxos_playground::paxos::{NodeId, Note};
    use paxos_playground::sim::{Action, Event, SimConfig, Timeline};
    use paxos_playground::ui::view::outcome;
    let mut kinds = std::collections::BTreeSet::new();
    for seed in 1..=12 {
        let mut run = Timeline::new(SimConfig::new(5, seed)).unwrap();
        // Node 5 a little later each time: it races node 1, or finds its
        // value already accepted.
        run.act(Action::Propose { node: NodeId(1), value: "apple".into() }).unwrap();
        run.run_until(seed * 150);
        run.act(Action::Propose { node: NodeId(5), value: "kiwi".into() }).unwrap();
        assert_eq!(outcome(run.head()), Default::default(), "nothing is chosen yet");
        run.run_until(60_000);
        let sim = run.head();
        let chosen = sim.chosen().expect("one value chosen").value.to_string();
        let (loser, node) = if chosen == "apple" { ("kiwi", 5) } else { ("apple", 1) };
        let told = outcome(sim);
        assert_eq!(told.why_not.len(), 1, "seed {seed}: {:?}", told.why_not);
        let said = &told.why_not[0].text;
        let prefix = format!("Why not “{loser}”? Node {node} proposed it, but ");
        assert!(said.starts_with(&prefix) && said.ends_with('.'), "seed {seed}: {said}");
        // How it lost is what the log says happened to its proposer.
        let notes = || {
            sim.trace().entries().filter_map(|e| match &e.event {
                Event::Node { node: n, note } => Some((*n, note)),
                _ => None,
            })
        };
        // A refusal said is one the log has; a ballot its proposer gave up
        // as refused is always said to be.
        let refusals = notes().any(|(_, note)| matches!(note, Note::Refused { to, promised, .. } if *to == NodeId(node) && promised.node != NodeId(node)));
        let refused = notes().any(|(n, note)| {
            n == NodeId(node) && matches!(note, Note::GaveUp { why: paxos_playground::paxos::GiveUp::Refused, .. })
        });
        assert!(!said.contains("refused its n=") || refusals, "seed {seed}: {said}");
        assert!(!refused || said.contains("refused its n="), "seed {seed}: {said}");
        // Why n=1.5 beats n=1.1: a tie of numbers goes to the higher id.
        let tie = said.contains("higher ballot n=1.5 refused its n=1.1");
        assert_eq!(
            said.contains("(both are number 1, and a tie goes to the higher node id)"),
            tie,
            "seed {seed}: {said}"
        );
        if tie {
            kinds.insert("tie");
        }
        let adopted = notes().any(|(n, note)| {
            n == NodeId(node) && matches!(note, Note::Proposing { proposal, .. } if proposal.value.as_str() == chosen)
        });
        assert_eq!(said.contains(&format!("reported “{chosen}”")), adopted, "seed {seed}: {said}");
        // Beside the adoption's own sentence, the adoption is not told
        // again: only the trouble before it, if there was any.
        assert_eq!(told.why_not[0].adopted, adopted, "seed {seed}: {said}");
        let beside = told.why_not[0].shown(Some((NodeId(node), &told.why_not[0].value)));
        if adopted {
            assert_eq!(beside.is_some(), said.contains("; then its promises"), "seed {seed}: {said} / {beside:?}");
            assert!(
                beside
                    .is_none_or(|b| b.ends_with("then it had to carry an earlier value, as told below.")
                        && !b.contains("reported")),
                "seed {seed}: {beside:?}"
            );
        } else {
            assert_eq!(beside, Some(said.as_str()), "seed {seed}");
        }
        assert_eq!(told.why_not[0].shown(None), Some(said.as_str()), "seed {seed}");
        let stopped = notes().any(|(n, note)| n == NodeId(node) && matches!(note, Note::Stopped { .. }));
        assert_eq!(said.contains("stopped once it heard"), stopped && !adopted, "seed {seed}: {said}");
        kinds.extend([("refused", refused), ("adopted", adopted)].into_iter().filter(|k| k.1).map(|k| k.0));
        // The replies counted are those of the Decided note, at the ballot
        // of its proposer's Accepts.
        let (proposer, at, by) = told.counted.expect("its proposer counted a majority");
        let decided = notes().find_map(|(n, note)| match note {
            Note::Decided { accepted_by, .. } => Some((n, accepted_by.members().collect::<Vec<_>>())),
            _ => None,
        });
        assert_eq!(decided, Some((proposer, by.clone())), "seed {seed}");
        assert!(by.len() >= 3, "seed {seed}: {by:?}");
        let sent = notes().filter(|(n, _)| *n == proposer).find_map(|(_, note)| match note {
            Note::Proposing { proposal, .. } if proposal.value.as_str() == chosen => Some(proposal.ballot),
            _ => None,
        });
        let chosen_at = sim.chosen().unwrap().ballot;
        assert_eq!(Some(at.unwrap_or(chosen_at)), sent, "seed {seed}");
    }
    // Both ways a race is lost: refused by acceptors promised higher, and
    // made to carry the other value forward.
    assert!(kinds.contains("refused") && kinds.contains("adopted") && kinds.contains("tie"), "{kinds:?}");
}

/// A node asked to propose again drops its first value itself: the box
/// says so, not that it is still trying, or lost to another.
#[wasm_bindgen_test]
fn a_proposal_its_own_node_replaced_says_so() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, SimConfig, Timeline};
    use paxos_playground::ui::view::outcome;
    let mut run = Timeline::new(SimConfig::new(5, 1)).unwrap();
    run.act(Action::Propose { node: NodeId(1), value: "apple".into() }).unwrap();
    run.run_until(50);
    run.act(Action::Propose { node: NodeId(1), value: "kiwi".into() }).unwrap();
    run.run_until(60_000);
    assert_eq!(run.head().chosen().map(|p| p.value.to_string()).as_deref(), Some("kiwi"));
    assert_eq!(
        outcome(run.head()).why_not.into_iter().map(|w| w.text).collect::<Vec<_>>(),
        ["Why not “apple”? Node 1 proposed it, but it gave it up for its own later proposal of “kiwi”."]
    );
}

/// Playing, a message's label shows once: the copies of a broadcast, and
/// identical replies converging on their proposer, keep their kind's
/// marker alone, while a reply that says something else keeps its label.
#[wasm_bindgen_test]
fn playing_pills_say_each_thing_once() {
    use paxos_playground::paxos::{Message, NodeId};
    use paxos_playground::sim::{Action, SimConfig, Timeline};
    use paxos_playground::ui::components::message_packet::repeated_labels;
    use paxos_playground::ui::layout::{layout, routes, Cards};
    use paxos_playground::ui::view::{edges, BallotColours};
    let mut run = Timeline::new(SimConfig::new(5, 1)).unwrap();
    let tracks = routes(&layout(5, 900.0, Cards::Full, f64::INFINITY));
    run.act(Action::Propose { node: NodeId(1), value: "apple".into() }).unwrap();
    let shown = |run: &Timeline| {
        let all = edges(run.head(), &tracks, &BallotColours::default());
        let quiet = repeated_labels(&all);
        all.into_iter().zip(quiet).map(|(e, q)| (e.msg, e.ends, q)).collect::<Vec<_>>()
    };
    let prepares = shown(&run);
    assert_eq!(prepares.len(), 4, "{prepares:?}");
    assert_eq!(prepares.iter().filter(|(_, _, quiet)| !quiet).count(), 1, "one Prepare label: {prepares:?}");
    // On to the replies: every Promise to node 1 says the same, once.
    let mut replies = Vec::new();
    while replies.len() < 2 && run.step() {
        replies = shown(&run).into_iter().filter(|(m, _, _)| matches!(m, Message::Promise { .. })).collect();
    }
    assert!(replies.len() >= 2, "{replies:?}");
    assert_eq!(replies.iter().filter(|(_, _, quiet)| !quiet).count(), 1, "one Promise label: {replies:?}");
    // Different words keep their own: a reply of another ballot is no repeat.
    let all = edges(run.head(), &tracks, &BallotColours::default());
    let mut changed = all.clone();
    let k = changed.iter().rposition(|e| matches!(e.msg, Message::Promise { .. })).unwrap();
    changed[k].msg = match &changed[k].msg {
        Message::Promise { ballot, prior } => {
            let mut b = *ballot;
            b.num += 1;
            Message::Promise { ballot: b, prior: prior.clone() }
        }
        m => m.clone(),
    };
    assert!(!repeated_labels(&changed)[k], "a different reply keeps its label");
    assert!(repeated_labels(&all)[k], "the same one did not");
}

/// With a rule broken, the round's box promises nothing Paxos no longer
/// keeps, and a proposer that called its own value chosen on too few
/// replies is said to have, not to be "still trying".
#[wasm_bindgen_test]
fn why_not_under_a_broken_rule_says_what_happened() {
    use paxos_playground::paxos::{Flaw, Note};
    use paxos_playground::sim::flaw_demos::played;
    use paxos_playground::sim::Event;
    use paxos_playground::ui::view::outcome;
    let mut decided_seen = false;
    for flaw in Flaw::ALL {
        let run = played(flaw).unwrap();
        let sim = run.head();
        for said in outcome(sim).why_not.into_iter().map(|w| w.text) {
            assert!(!said.contains("must carry"), "{flaw:?}: {said}");
            let (value, node) = {
                let rest = said.strip_prefix("Why not “").unwrap();
                let (value, rest) = rest.split_once("”? Node ").unwrap();
                (value.to_string(), rest.split_once(' ').unwrap().0.parse::<u8>().unwrap())
            };
            let decided = sim.trace().entries().any(|e| {
                matches!(&e.event, Event::Node { node: n, note: Note::Decided { value: v, .. } } if n.0 == node && v.as_str() == value)
            });
            assert_eq!(said.contains(&format!("it called “{value}” chosen")), decided, "{flaw:?}: {said}");
            decided_seen |= decided;
        }
    }
    assert!(decided_seen, "some demo has a proposer call a value chosen that no majority accepted");
}

/// A member of the accept quorum that went on to accept a later ballot
/// (carrying the same value, as Paxos makes it) says so on its ring: its
/// card's "Accepted" line names the later ballot, and a ring naming the
/// first read as the page contradicting itself.
#[wasm_bindgen_test]
fn a_quorum_member_that_accepted_again_says_so() {
    use paxos_playground::paxos::NodeId;
    use paxos_playground::sim::{Action, SimConfig, Timeline};
    use paxos_playground::ui::view::{card_marks, quorum, Mark, Since};
    let mut seen = false;
    for seed in [42, 1, 2, 3, 4, 5] {
        let mut run = Timeline::new(SimConfig::new(5, seed)).unwrap();
        for (k, value) in [(1, "red"), (2, "blue"), (3, "green")] {
            run.act(Action::Propose { node: NodeId(k), value: value.into() }).unwrap();
        }
        run.run_until(20_000);
        let sim = run.head();
        let chosen = sim.chosen().expect("a value is chosen").clone();
        for (k, mark) in card_marks(sim, &quorum(sim), None).into_iter().enumerate() {
            let Some(Mark::Accepted(ballot, Since::Later(later))) = mark else { continue };
            let held = sim.nodes().nth(k).unwrap().node.acceptor.accepted.clone().unwrap();
            assert!(
                later > ballot && held.ballot == later && held.value == chosen.value,
                "seed {seed}, node {}",
                k + 1
            );
            assert_eq!(mark.unwrap().text(), format!("accept quorum of n={ballot}, then accepted n={later}"));
            seen = true;
        }
    }
    assert!(seen, "some run has a quorum member accept a later ballot");
}
