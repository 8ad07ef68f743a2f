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
use paxos_playground::ui::layout::layout;
use paxos_playground::ui::model::Start;
use paxos_playground::ui::{panic, url};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mount the playground, paused, in a fresh element.
async fn mount(start: Start) -> Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { start, notice: None }).render();
    settle().await;
    root
}

async fn mount_paused() -> Element {
    mount(Start { playing: false, ..Start::default() }).await
}

async fn settle() {
    TimeoutFuture::new(15).await;
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
        .find(|b| b.text_content().unwrap_or_default().trim().ends_with(text))
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
        click(button_with_text(root, "Step")).await;
    }
    panic!("not done after {limit} steps");
}

fn learned(root: &Element) -> Vec<String> {
    let cells = root.query_selector_all(".node-card__learned").unwrap();
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
            format!("Failure probability of node {k}"),
        ] {
            named(&root, &name);
        }
    }
    for name in ["Message loss", "Nodes", "Seed", "Speed", "Duplication"] {
        named(&root, name);
    }
    button_with_text(&root, "Play");
    button_with_text(&root, "Step");
    button_with_text(&root, "New round");
    assert_eq!(text(&root, ".status__label"), "Nothing chosen yet");
}

#[wasm_bindgen_test]
async fn stepping_one_proposal_chooses_it_and_every_node_learns_it() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    assert!(find(&root, ".node-card--preparing").is_some(), "node 1 starts phase 1");
    let steps = step_until(&root, 200, |r| learned(r).iter().all(|l| l == "apple")).await;
    assert!(steps > 10, "it took real message deliveries: {steps}");
    assert_eq!(text(&root, "[data-testid=chosen-value]"), "apple");
    assert!(find(&root, ".badge--safe").is_some());
    assert!(text(&root, "[data-testid=event-log]").contains("“apple” is chosen"));
    assert!(text(&root, "[data-testid=announcer]").contains("is chosen"));
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
async fn a_bad_seed_is_refused_and_the_run_kept() {
    let root = mount_paused().await;
    click(named(&root, "Propose at node 1")).await;
    type_into(&root, "Seed", "12abc").await;
    press_enter(&root, "Seed").await;
    assert!(text(&root, "[data-testid=notice]").contains("whole number"), "{}", text(&root, "[data-testid=notice]"));
    assert!(find(&root, ".node-card--preparing").is_some(), "the run goes on");
    type_into(&root, "Seed", "7").await;
    press_enter(&root, "Seed").await;
    assert!(find(&root, ".node-card--preparing").is_none(), "a good seed starts afresh");
    assert!(find(&root, "[data-testid=notice]").is_none());
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
        click(button_with_text(&root, "Step")).await;
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
fn address_parameters_are_checked_one_by_one() {
    let pairs = |list: &[(&str, &str)]| list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
    let (start, problems) = url::parse(&pairs(&[("nodes", "7"), ("seed", "9"), ("loss", "30"), ("paused", "1")]));
    assert_eq!((start.nodes, start.seed, start.playing), (7, 9, false));
    assert!((start.loss - 0.3).abs() < 1e-9);
    assert!(problems.is_empty());
    let (start, problems) =
        url::parse(&pairs(&[("nodes", "99"), ("seed", "-1"), ("loss", "NaN"), ("speed", "fast"), ("<script>", "x")]));
    assert_eq!(start, Start::default(), "bad values leave the defaults");
    assert_eq!(problems.len(), 5, "{problems:?}");
    assert!(problems[4].contains("<script>"), "the name is quoted back as text");
}

#[wasm_bindgen_test]
async fn bad_address_parameters_show_a_notice_in_the_page() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let (start, problems) = url::parse(&[("nodes".to_string(), "lots".to_string())]);
    let notice = Some(paxos_playground::ui::model::Notice { text: problems.join(" "), error: true });
    yew::Renderer::<App>::with_root_and_props(root.clone(), AppProps { start, notice }).render();
    settle().await;
    assert!(text(&root, "[data-testid=notice]").contains("Ignored nodes=lots"));
    assert_eq!(count(&root, "[role=group][aria-label^='Node ']"), 5, "the page still runs");
    click(named(&root, "Dismiss message")).await;
    assert!(find(&root, "[data-testid=notice]").is_none());
}

#[wasm_bindgen_test]
fn ring_layouts_never_overlap_and_phones_get_a_grid() {
    for n in [3, 5, 7, 9] {
        let l = layout(n, 900.0);
        assert!(l.ring, "{n} nodes fit a ring at 900 px");
        for (i, a) in l.cards.iter().enumerate() {
            assert!(a.x >= 0.0 && a.x + a.w <= l.width + 0.5, "card {i} inside the stage");
            for b in &l.cards[i + 1..] {
                let apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{n} nodes: cards overlap");
            }
        }
    }
    let phone = layout(5, 344.0);
    assert!(!phone.ring);
    assert!(phone.cards.iter().all(|c| c.x >= 0.0 && c.x + c.w <= 344.5));
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
