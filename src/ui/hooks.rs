//! Small hooks that connect the page to the browser: the per-frame check
//! for due events, the stage's size, the user's motion preference, the
//! page's keys and the kept run; and helpers that scroll a panel into
//! view and move the keyboard's focus.

use super::clock::Clock;
use super::model::{Model, Msg};
use super::storage;
use super::url;
use gloo::events::{EventListener, EventListenerOptions};
use gloo::render::{request_animation_frame, AnimationFrame};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Scroll the element matching `selector` into view with the least
/// movement that shows it whole. Call it after the render that drew it.
pub fn reveal(selector: &str) {
    if let Ok(Some(element)) = gloo::utils::document().query_selector(selector) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        element.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// An element kept where it is on screen (see [`hold`]).
struct Held {
    /// Which element.
    selector: String,
    /// Where its top is to stay, in the window's pixels.
    top: f64,
    /// Until when, by the clock of `Date.now()`.
    until: f64,
}

thread_local! {
    static HELD: RefCell<Option<Held>> = const { RefCell::new(None) };
}

/// How long, in ms, [`hold`] keeps an element in place: long enough for
/// the renders an action causes (the cards' sizes are measured a frame
/// after they change), short enough never to fight the reader's own
/// scrolling.
const HOLD_MS: f64 = 600.0;

/// Keep the element matching `selector` where it is on screen through the
/// renders of the action about to happen (see [`keep_held`]).
pub fn hold(selector: &str) {
    if let Some(e) = element(selector) {
        let (selector, top) = (selector.to_string(), e.get_bounding_client_rect().top());
        HELD.with(|held| *held.borrow_mut() = Some(Held { selector, top, until: js_sys::Date::now() + HOLD_MS }));
    }
}

/// After a render: scroll the page by as much as the element [`hold`]
/// named has moved, so that it stays where it was on screen, and return
/// it. A phone's card opened while another above it folded jumped up
/// under the reader's finger, whose next tap landed on something else.
pub fn keep_held() -> Option<web_sys::HtmlElement> {
    HELD.with(|held| {
        let mut held = held.borrow_mut();
        let Held { selector, top, until } = held.as_ref()?;
        if js_sys::Date::now() > *until {
            *held = None;
            return None;
        }
        let e = element(selector)?;
        let moved = e.get_bounding_client_rect().top() - top;
        if moved.abs() >= 1.0 {
            gloo::utils::window().scroll_by_with_x_and_y(0.0, moved);
        }
        Some(e)
    })
}

/// Keep the held element (see [`hold`]) where it is now, after the page
/// scrolled it on purpose.
pub fn hold_here() {
    HELD.with(|held| {
        if let Some(h) = held.borrow_mut().as_mut() {
            if let Some(e) = element(&h.selector) {
                h.top = e.get_bounding_client_rect().top();
            }
        }
    });
}

/// The element matching `selector`, if there is one.
fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    let found = gloo::utils::document().query_selector(selector).ok().flatten();
    found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Keep the keyboard's focus in the page when the element holding it is
/// removed by a render: a log line pushed out by newer events, a history
/// entry or an invariant's "at 7.5 s" gone after a step back. The browser
/// then drops the focus to the page itself, and a keyboard or screen-reader
/// user starts again from the top. Call it once, in the page's component:
/// after each of its renders, focus goes to the nearest part still there
/// that the removed element sat in (its panel, or its card).
#[hook]
pub fn use_focus_rescue() {
    // The focused element's ancestors, nearest first, as last focused.
    let path = use_mut_ref(Vec::<web_sys::Element>::new);
    {
        let path = path.clone();
        use_effect_with((), move |_| {
            let chained = path.clone();
            let listener = EventListener::new(&gloo::utils::document(), "focusin", move |e| {
                let mut chain = Vec::new();
                let mut at = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                while let Some(element) = at {
                    at = element.parent_element();
                    chain.push(element);
                }
                *chained.borrow_mut() = chain;
            });
            // Focus left on purpose (a click on blank page, another window)
            // leaves its element in the page: forgotten, so a later render
            // that removes it does not pull the focus back.
            // (Looked at once the current task's work is done: the browser
            // also says focus went out as a render removes the element, which
            // is still in the page while it says so, and the render's rescue
            // below runs in that same task. Not with a timer: a key pressed
            // meanwhile is handled first.)
            let left = EventListener::new(&gloo::utils::document(), "focusout", move |e| {
                let Some(target) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
                if e.dyn_ref::<web_sys::FocusEvent>().is_some_and(|f| f.related_target().is_some()) {
                    return;
                }
                let path = path.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    // A control that lost the focus by being disabled (a
                    // node's value box, its node crashed by the run while
                    // the reader typed): the browser leaves the focus on the
                    // page itself. It goes on to the control that Tab would
                    // have reached.
                    if target.matches(":disabled").unwrap_or(false) {
                        focus_after(&target);
                    } else if target.is_connected() && path.borrow().first() == Some(&target) {
                        path.borrow_mut().clear();
                    }
                });
            });
            move || drop((listener, left))
        });
    }
    use_effect(move || {
        let document = gloo::utils::document();
        let dropped = document.active_element().is_none_or(|a| Some(&a) == document.body().map(Into::into).as_ref());
        // Only focus that fell by itself: not a click on blank page, whose
        // element is still there, nor a host page's focus (an embed).
        if !dropped || path.borrow().first().is_none_or(|e| e.is_connected()) || !document.has_focus().unwrap_or(false)
        {
            return;
        }
        // A copy: focusing below fires the listener, which rewrites it.
        let path = path.borrow().clone();
        // The nearest panel still in the page (or card), made to take the
        // focus from a script only. Not a list that takes keys itself: in
        // the log's, Space and the arrows no longer played and stepped.
        let target = (path.iter().skip(1))
            .filter(|e| e.is_connected())
            .find(|e| {
                matches!(e.tag_name().as_str(), "SECTION" | "MAIN")
                    || e.get_attribute("role").as_deref() == Some("group")
            })
            .and_then(|e| e.clone().dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            if !target.has_attribute("tabindex") {
                let _ = target.set_attribute("tabindex", "-1");
            }
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = target.focus_with_options(&options);
        }
    });
}

/// Controls that take the focus from Tab, when enabled and shown.
const FOCUSABLE: &str = "button:not(:disabled), input:not(:disabled), select:not(:disabled), \
    textarea:not(:disabled), a[href], [tabindex='0']";

/// Focus the first control after `gone` (now disabled) in its panel, or
/// failing that the last one before it, or the panel itself: where the
/// reader was, without scrolling.
fn focus_after(gone: &web_sys::Element) {
    let document = gloo::utils::document();
    if document.active_element() != document.body().map(Into::into) || !document.has_focus().unwrap_or(false) {
        return;
    }
    let Ok(Some(panel)) = gone.closest("section, main, [role=group]") else { return };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let takes = |e: &web_sys::HtmlElement| {
        let _ = e.focus_with_options(&options);
        document.active_element().as_ref() == Some(e.as_ref())
    };
    let mut before = Vec::new();
    let mut after = Vec::new();
    if let Ok(list) = panel.query_selector_all(FOCUSABLE) {
        for k in 0..list.length() {
            let Some(control) = list.item(k).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok()) else { continue };
            let follows = gone.compare_document_position(&control) & web_sys::Node::DOCUMENT_POSITION_FOLLOWING != 0;
            if follows {
                after.push(control)
            } else {
                before.push(control)
            }
        }
    }
    // Hidden controls refuse the focus: try each in turn.
    if after.iter().chain(before.iter().rev()).any(&takes) {
        return;
    }
    if let Ok(panel) = panel.dyn_into::<web_sys::HtmlElement>() {
        if !panel.has_attribute("tabindex") {
            let _ = panel.set_attribute("tabindex", "-1");
        }
        takes(&panel);
    }
}

/// Move the keyboard's focus to the element matching `selector`, if there
/// is one. For a panel that opens away from the control that opened it:
/// without this, a keyboard user's next Tab went on from the control, and
/// a screen reader said nothing of the panel. Call it after the render.
pub fn focus(selector: &str) {
    if let Some(element) = element(selector) {
        let _ = element.focus();
    }
}

/// Scroll the element matching `selector` to the top of the window and
/// give it the focus: for a panel to be read from its start (the key to
/// the pictures), which the least movement left at the window's foot.
pub fn read_from_top(selector: &str) {
    if let Some(element) = element(selector) {
        element.scroll_into_view_with_bool(true);
        focus_still(selector);
    }
}

/// Scroll the page so that the element `selector` names starts at the top
/// of the window, under a notice pinned there (a phone's), leaving the
/// focus where it is.
pub fn bring_to_top(selector: &str) {
    if let Some(target) = element(selector) {
        target.scroll_into_view_with_bool(true);
        // A won challenge's notice stays at the top of a phone's screen,
        // and hid the cards' names and state.
        if let Some(notice) = element(".notice--pinned") {
            let (top, under) = (target.get_bounding_client_rect().top(), notice.get_bounding_client_rect().bottom());
            if under > top {
                gloo::utils::window().scroll_by_with_x_and_y(0.0, top - under - 8.0);
            }
        }
    }
}

/// Like [`focus`], without scrolling to it: for Play, in the time controls that
/// stay on screen, after the page has scrolled to what the reader should
/// watch.
pub fn focus_still(selector: &str) {
    if let Some(element) = element(selector) {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = element.focus_with_options(&options);
        // Unless it is out of sight: on a short screen the time controls
        // do not stay at its foot, and the focus went below it unseen.
        let rect = element.get_bounding_client_rect();
        let height = gloo::utils::window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(f64::MAX);
        if rect.bottom() > height || rect.top() < 0.0 {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            element.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// Run `f` once, `ms` milliseconds from now (0: once the page has drawn
/// what the message being handled changes). The timer's closure frees
/// itself when called.
pub fn later(ms: i32, f: impl FnOnce() + 'static) {
    let f = wasm_bindgen::closure::Closure::once_into_js(f);
    let _ = gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(f.unchecked_ref(), ms);
}

/// After a panel far down the page opened a run (a flaw's demo, a
/// counterexample): scroll to the top, where the run and the notice that
/// explains it are, and hand the focus to Play, what to press next. Left
/// on the panel's button, the focus had Space open the run again.
pub fn watch_from_the_top() {
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
    focus_still(".transport__play");
}

/// Move the keyboard's focus to `node`'s element, if it is rendered.
pub fn focus_node(node: &NodeRef) {
    if let Some(element) = node.cast::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// A keydown handler that runs `action` when Enter is pressed.
pub fn on_enter(action: impl Fn() + 'static) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            action();
        }
    })
}

/// A gap between frames longer than this means the page was hidden; the
/// clock then carries on from where it was instead of leaping ahead.
const GAP_MS: f64 = 250.0;

/// What the frame loop needs to know, refreshed on every render.
struct FrameWatch {
    clock: Clock,
    due: Option<u64>,
}

/// While the clock plays, checks on every animation frame whether the next
/// event is due, and only then sends [`Msg::Advance`]. That check is all
/// the Rust that runs per frame; the browser animates the messages itself.
#[hook]
pub fn use_frame_loop(clock: Clock, due: Option<u64>, on: Callback<Msg>) {
    let watch = use_mut_ref(|| FrameWatch { clock, due });
    {
        let mut w = watch.borrow_mut();
        w.clock = clock;
        w.due = due;
    }
    use_effect_with(clock.playing, move |playing| {
        let slot: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if *playing {
            schedule(slot.clone(), watch, on, None);
        }
        // Dropping the pending frame cancels it.
        move || drop(slot.borrow_mut().take())
    });
}

fn schedule(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    watch: Rc<RefCell<FrameWatch>>,
    on: Callback<Msg>,
    last: Option<f64>,
) {
    let next = slot.clone();
    let frame = request_animation_frame(move |ms| {
        let msg = {
            let w = watch.borrow();
            match last {
                Some(last) if ms - last > GAP_MS => Some(Msg::Resync { tick: w.clock.tick_at(last) as u64, ms }),
                _ => {
                    let tick = w.clock.tick_at(ms);
                    w.due.filter(|due| tick >= *due as f64).map(|_| Msg::Advance(tick as u64))
                }
            }
        };
        // The borrow ends first: handling the message re-renders, which
        // refreshes the watch.
        if let Some(msg) = msg {
            on.emit(msg);
        }
        schedule(next, watch, on, Some(ms));
    });
    *slot.borrow_mut() = Some(frame);
}

/// What `read` finds on the element behind `node` (`None`: nothing to go
/// by yet), kept up to date on resize; `initial` until the first reading.
#[hook]
fn use_measure<T>(node: NodeRef, initial: T, read: fn(&web_sys::Element) -> Option<T>) -> T
where
    T: Copy + PartialEq + 'static,
{
    let value = use_state(|| initial);
    {
        let value = value.clone();
        use_effect_with(node, move |node| {
            let node = node.clone();
            let measure = move || {
                if let Some(now) = node.cast::<web_sys::Element>().and_then(|el| read(&el)) {
                    if *value != now {
                        value.set(now);
                    }
                }
            };
            measure();
            let listener = EventListener::new(&gloo::utils::window(), "resize", move |_| measure());
            move || drop(listener)
        });
    }
    *value
}

/// An embed's stage as drawn, measured after each render while `measure`
/// holds (an embed, paused; `at` names the render, so that a render the
/// answer itself causes measures nothing: the model's revision, the
/// frame's size, and the stage's height cap as last drawn, see
/// `EmbedParts::stage_most`, any change of which moves the stage's
/// height): how far, in stage pixels, the
/// tallest card in `node` has grown past `nominal`, its height in the
/// layout, and the height `node` has now. The frame clips the stage: at
/// the moment a rule broke, a card with a two-line mark and a three-line
/// proposal ran 46 px past its height, and a notice or a longer story
/// that appeared took height the stage was still scaled to, which a
/// resize alone measured again; both cut off the cards' feet. Not while
/// playing: every frame would wait on a layout.
#[hook]
pub fn use_drawn(node: NodeRef, nominal: f64, measure: bool, at: (u64, u32, u32, u32)) -> (f64, Option<f64>) {
    // The growth kept is the most seen for these cards: taken afresh, a
    // moment whose marks took a line less gave the cluster back its size,
    // and an embed's cards grew and shrank from moment to moment.
    let drawn = use_state(|| (0.0_f64, None::<f64>));
    let most = use_mut_ref(|| (0_i64, 0.0_f64));
    {
        let drawn = drawn.clone();
        let nominal_px = nominal.round() as i64;
        use_effect_with((measure, at, nominal_px), move |&(measure, ..)| {
            let Some(stage) = node.cast::<web_sys::Element>().filter(|_| measure) else { return };
            let Ok(cards) = stage.query_selector_all(".node-card") else { return };
            let tallest = (0..cards.length())
                .filter_map(|k| cards.item(k)?.dyn_into::<web_sys::HtmlElement>().ok())
                .map(|card| f64::from(card.offset_height()))
                .fold(0.0, f64::max);
            let mut most = most.borrow_mut();
            // Other cards (a resize, another layout) start again.
            if most.0 != nominal_px {
                *most = (nominal_px, 0.0);
            }
            most.1 = most.1.max(tallest - nominal);
            let over = most.1;
            let height = f64::from(stage.client_height());
            let (was_over, was_height) = *drawn;
            if (over - was_over).abs() >= 1.0 || was_height.is_none_or(|h| (height - h).abs() >= 1.0) {
                drawn.set((over, Some(height)));
            }
        });
    }
    *drawn
}

/// Whether the element behind `node` is on screen, or within
/// [`NEAR_SCREEN`] of it, following scrolls and resizes. An
/// `IntersectionObserver` tells it: the page reads no layout for it.
#[hook]
pub fn use_on_screen(node: NodeRef) -> bool {
    let seen = use_state_eq(|| true);
    {
        let seen = seen.clone();
        use_effect_with(node, move |node| {
            let watch = node.cast::<web_sys::Element>().and_then(|element| {
                let told =
                    wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                        // The newest entry says where the element is now.
                        if let Some(entry) = entries.iter().last() {
                            seen.set(entry.unchecked_into::<web_sys::IntersectionObserverEntry>().is_intersecting());
                        }
                    });
                let init = web_sys::IntersectionObserverInit::new();
                init.set_root_margin(NEAR_SCREEN);
                let observer =
                    web_sys::IntersectionObserver::new_with_options(told.as_ref().unchecked_ref(), &init).ok()?;
                observer.observe(&element);
                Some((observer, told))
            });
            move || {
                if let Some((observer, _told)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    *seen
}

/// The height each node card inside `stage` is drawn at, in whole
/// pixels and id order, kept up to date by a `ResizeObserver`, which
/// reports after the browser's own layout (the page forces none) and only
/// when a card's size changes. `cards` names the set of cards: a new one
/// (more nodes, a new run) is watched afresh. Empty until first told.
#[hook]
pub fn use_card_heights(stage: NodeRef, cards: (usize, u32)) -> Rc<Vec<u32>> {
    let heights = use_state_eq(|| Rc::new(Vec::new()));
    {
        let heights = heights.clone();
        use_effect_with(cards, move |_| {
            let watch = stage.cast::<web_sys::Element>().and_then(|stage| {
                let list = stage.query_selector_all(".node-card").ok()?;
                let told = wasm_bindgen::closure::Closure::<dyn FnMut()>::new({
                    let stage = stage.clone();
                    move || {
                        let Ok(list) = stage.query_selector_all(".node-card") else { return };
                        let drawn = (0..list.length())
                            .filter_map(|k| list.item(k)?.dyn_into::<web_sys::HtmlElement>().ok())
                            .map(|card| card.offset_height().max(0) as u32)
                            .collect();
                        heights.set(Rc::new(drawn));
                    }
                });
                let observer = web_sys::ResizeObserver::new(told.as_ref().unchecked_ref()).ok()?;
                for card in (0..list.length()).filter_map(|k| list.item(k)?.dyn_into::<web_sys::Element>().ok()) {
                    observer.observe(&card);
                }
                Some((observer, told))
            });
            move || {
                if let Some((observer, _told)) = watch {
                    observer.disconnect();
                }
            }
        });
    }
    (*heights).clone()
}

/// How near the screen an element counts as on it (see [`use_on_screen`]):
/// drawn a little before it scrolls into view, it is up to date when it
/// does.
const NEAR_SCREEN: &str = "300px";

/// The width and height of the element behind `node`, kept up to date on
/// resize.
#[hook]
pub fn use_size(node: NodeRef, fallback: (f64, f64)) -> (f64, f64) {
    use_measure(node, fallback, |el| {
        let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
        // Not laid out yet: keep the fallback.
        (w > 0.0).then_some((w, h))
    })
}

/// How many pixels of the window's height the element in `node` has on
/// the first screen, above the time controls that follow it and stay on
/// screen (see style.css): where the page lays out and shrinks its ring.
/// Measured, as the width is, when the window is resized; in whole pixels.
#[hook]
pub fn use_room(node: NodeRef) -> f64 {
    use_measure(node, f64::INFINITY, |el| {
        let window = gloo::utils::window();
        let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(f64::INFINITY);
        let top = el.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0);
        // The time controls' own height, and their gap and margin.
        let controls = el.next_element_sibling().map_or(0.0, |c| f64::from(c.client_height()) + 18.0);
        Some((height - top - controls).max(0.0).round())
    })
}

/// Whether `query` (a CSS media query) matches, following changes.
#[hook]
pub fn use_media(query: &'static str) -> bool {
    let matches = use_state(|| media(query).is_some_and(|m| m.matches()));
    {
        let matches = matches.clone();
        use_effect_with((), move |_| {
            let listener = media(query).map(|list| {
                let target: web_sys::EventTarget = list.clone().unchecked_into();
                EventListener::new(&target, "change", move |_| matches.set(list.matches()))
            });
            move || drop(listener)
        });
    }
    *matches
}

fn media(query: &str) -> Option<web_sys::MediaQueryList> {
    gloo::utils::window().match_media(query).ok().flatten()
}

/// Keys for the whole page, as in a video player: Space plays and pauses,
/// the arrow keys step back and forward. A presenter's clicker or a
/// lecturer's keyboard then drives the run without a mouse. In an embed
/// (`embedded`), the keys that scroll do nothing outside the controls that
/// use them: the embed fits its frame, so the browser would scroll the
/// host page instead, which an embed must never do.
#[hook]
pub fn use_page_keys(dispatcher: UseReducerDispatcher<Model>, embedded: bool) {
    use_effect_with(embedded, move |embedded| {
        let embedded = *embedded;
        // Not passive, or preventing Space's scroll would be ignored.
        let options = EventListenerOptions::enable_prevent_default();
        // The button last clicked or tapped, until Tab moves on: see
        // `page_key`.
        let pressed: Rc<RefCell<Option<web_sys::Element>>> = Rc::default();
        let pointer = {
            let pressed = pressed.clone();
            EventListener::new(&gloo::utils::document(), "pointerdown", move |e| {
                *pressed.borrow_mut() = pressable(e.target());
            })
        };
        let listener = EventListener::new_with_options(&gloo::utils::document(), "keydown", options, move |e| {
            let Some(key) = e.dyn_ref::<KeyboardEvent>() else { return };
            // A slider's keyed change still waiting goes first: Space that
            // plays, or Ctrl+Z's Undo, put it 700 ms into another run.
            if !within(key, "input[type=range]") || key.key() == " " || undo_key(key).is_some() {
                super::components::percent_slider::flush();
            }
            if key.key() == "Tab" {
                pressed.borrow_mut().take();
            }
            if let Some(close) = closer(key) {
                e.prevent_default();
                close.click();
                return;
            }
            if let Some(undo) = undo_key(key) {
                e.prevent_default();
                undo.click();
                return;
            }
            if let Some(escape) = escape_anywhere(key) {
                e.prevent_default();
                match escape {
                    Ok(close) => close.click(),
                    // Dismissed where the focus is: it stays there.
                    Err(dismiss) => dispatcher.dispatch(dismiss),
                }
                return;
            }
            let clicked = pressable(e.target()).is_some_and(|b| pressed.borrow().as_ref() == Some(&b));
            if let Some(msg) = page_key(key, embedded, clicked) {
                e.prevent_default();
                // Held down, Space would flicker between playing and
                // paused; held arrows step on, as on the timeline.
                if !(key.repeat() && msg == Msg::PlayPause) {
                    dispatcher.dispatch(msg);
                }
            } else if embedded && scrolls_the_host(key) {
                e.prevent_default();
            }
        });
        move || drop((listener, pointer))
    });
}

/// The notice's Undo button that Ctrl+Z (⌘Z) presses, if one is offered
/// and the key was not pressed in a text box, whose own undo it is.
fn undo_key(e: &KeyboardEvent) -> Option<web_sys::HtmlElement> {
    let z = e.key().eq_ignore_ascii_case("z") && (e.ctrl_key() || e.meta_key()) && !e.shift_key() && !e.alt_key();
    if !z || e.default_prevented() || within(e, "input[type=text], input:not([type]), textarea, [contenteditable]") {
        return None;
    }
    element(".notice__undo")
}

/// The close button Escape presses, if the key was pressed in a panel or
/// notice that has one (a node's history, a notice with its link or
/// embed code, but not one that offers Undo): as it closes a menu. Its own click handler puts the focus
/// where it belongs.
fn closer(e: &KeyboardEvent) -> Option<web_sys::HtmlElement> {
    if e.key() != "Escape" || e.default_prevented() {
        return None;
    }
    let target = e.target()?.dyn_into::<web_sys::Element>().ok()?;
    let panel = target.closest(".node-history, .notice").ok()??;
    // Not a notice that offers Undo, even from inside it: Escape on its
    // Undo button threw away the very run it offered back.
    if panel.query_selector(".notice__offer").ok().flatten().is_some() {
        return None;
    }
    let button = panel.query_selector("[aria-label='Close the history'], [aria-label='Dismiss message']").ok()??;
    button.dyn_into().ok()
}

/// What Escape does from anywhere else on the page (not in a control that
/// uses keys): close an open node history (its button, which gives the
/// focus back to the card), else dismiss the notice, as a toast is closed,
/// since it sits at the top, far from the control that raised it. Never a
/// notice that offers Undo: dismissed, the run it would bring back is gone
/// for good, and Escape meant for a panel lost it.
fn escape_anywhere(e: &KeyboardEvent) -> Option<Result<web_sys::HtmlElement, Msg>> {
    // Inside the notice, Escape is the notice's (see `closer`): on its
    // Undo button it closed a history elsewhere and took the focus there.
    if e.key() != "Escape" || e.default_prevented() || within(e, KEYED) || within(e, ".notice") {
        return None;
    }
    let document = gloo::utils::document();
    let find = |selector: &str| document.query_selector(selector).ok().flatten();
    if let Some(close) = find(".node-history [aria-label='Close the history']") {
        return close.dyn_into().ok().map(Ok);
    }
    (find(".notice").is_some() && find(".notice .notice__offer").is_none()).then_some(Err(Msg::Dismiss))
}

/// The button, link or summary that `target` is in, if any: what Space
/// would press.
fn pressable(target: Option<web_sys::EventTarget>) -> Option<web_sys::Element> {
    let target = target?.dyn_into::<web_sys::Element>().ok()?;
    target.closest(PRESSABLE).ok().flatten()
}

/// What Space presses when it has the focus.
const PRESSABLE: &str = "button, a, summary";

/// Whether the key's target is inside `selector`.
fn within(e: &KeyboardEvent, selector: &str) -> bool {
    let target = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    target.is_some_and(|t| t.closest(selector).ok().flatten().is_some())
}

/// Controls that use keys themselves: text boxes, menus, sliders (the
/// timeline among them), radio groups and scrolling panes. (Not the log:
/// it takes ↑ ↓ Home End for its lines and leaves Space, ← and → to the
/// page, which a presenter who had just pressed a line found dead.)
const KEYED: &str =
    "input, select, textarea, [contenteditable], [role=slider], [role=radiogroup], .diagram__scroll, .walk__text";

/// Whether, in an embed, the browser would scroll the host page for this
/// key: one that scrolls, pressed outside the controls that use it.
/// (Space on a button presses it, and the page's own Space plays.)
fn scrolls_the_host(e: &KeyboardEvent) -> bool {
    let scrolling = matches!(e.key().as_str(), "Home" | "End" | "PageUp" | "PageDown" | "ArrowUp" | "ArrowDown");
    scrolling && !e.default_prevented() && !e.ctrl_key() && !e.meta_key() && !e.alt_key() && !within(e, KEYED)
}

/// What a key pressed anywhere on the page does, if anything. Controls
/// that use the key themselves keep it (see [`KEYED`]). Space presses a
/// button reached with Tab, as keyboard users expect, but not the one
/// that has the focus because it was clicked (`clicked`): pressed after
/// Propose, Step or Crash, it repeated them, where a person means "play".
/// In an embed, where they would scroll nothing, Page Down and Page Up
/// go to a scenario's next and previous moments, or to the next and
/// previous instants when it has none: they are what a presenter's
/// clicker sends. In the full page they scroll it, except while a
/// scenario, a rule's demo or a counterexample is shown: a lecture from
/// the full page goes on by clicker.
fn page_key(e: &KeyboardEvent, embedded: bool, clicked: bool) -> Option<Msg> {
    // Shift+Space scrolls up; a modified key is someone else's shortcut.
    if e.default_prevented() || e.ctrl_key() || e.meta_key() || e.alt_key() || e.shift_key() {
        return None;
    }
    // A presenter's clicker, wherever the focus was left but in a box
    // being typed in or a menu: a card clicked to point at it, Step, a
    // switch just ticked, the speed, the diagram or the log clicked. Each
    // took the key for itself (scrolled, slowed the run) and the lecture
    // lost its place. (Not only a scenario told in moments: in one
    // without, the first click scrolled the cluster away.)
    let clicker = (embedded || presenting()) && !within(e, TYPED);
    match e.key().as_str() {
        "PageDown" if clicker => return Some(Msg::NextMoment),
        "PageUp" if clicker => return Some(Msg::PreviousMoment),
        _ => {}
    }
    // A slider, and the diagram's pane that scrolls only sideways, have
    // no use for Space: the browser scrolled the page instead, and the
    // focused control went off the screen.
    if e.key() == " " && within(e, SPACE_FREE) {
        return Some(Msg::PlayPause);
    }
    if within(e, KEYED) {
        return None;
    }
    match e.key().as_str() {
        " " if clicked || !within(e, PRESSABLE) => Some(Msg::PlayPause),
        "ArrowRight" => Some(Msg::Step),
        "ArrowLeft" => Some(Msg::StepBack),
        _ => None,
    }
}

/// Controls among [`KEYED`] that leave Space unused. (The timeline takes
/// Space itself, to the same end.)
const SPACE_FREE: &str = "input[type=range], .diagram__scroll";

/// Controls typed in: a clicker's keys are theirs. Not a menu: closed,
/// Page Down changed its pick unseen (an open one takes its keys before
/// the page sees them), and a lecturer back on the clicker after "Other
/// scenarios" lost the scenario to the next one when the focus left.
const TYPED: &str = "input:not([type=range]):not([type=checkbox]):not([type=radio]):not([type=button]), textarea, \
                     [contenteditable]";

/// Whether the page shows a run to a class: a scenario, a rule's demo or
/// a counterexample (the app marks itself so).
fn presenting() -> bool {
    gloo::utils::document().query_selector(".app[data-lecture]").ok().flatten().is_some()
}

/// Keep the run in the browser's storage for the next visit, whenever
/// `key` changes (the page passes one that changes with each action and
/// each paused moment) and as the page goes away. An embed keeps nothing:
/// its host's visitors share one storage with the full playground. Nor
/// does a run the page opened from its address (a shared link, a
/// scenario, options) until the reader makes it their own by acting in
/// it: a link a classmate sent, only looked at, took the place of the
/// reader's own run. Then the address stops naming that run, and names
/// it again when the reader goes back to it, so a reload shows the run on
/// screen. Two tabs share the storage: a tab that only moves through its
/// run writes nothing over one another tab has kept since.
#[hook]
pub fn use_keep_run<K: PartialEq + 'static>(
    model: UseReducerHandle<Model>,
    key: K,
    embedded: bool,
    from_address: bool,
) {
    // The kept run as the address opened it (a challenge keeps the run it
    // was started from, so that is the one compared). Only a run that
    // differs from it is the reader's to keep.
    let opened = use_mut_ref(|| from_address.then(|| model.kept_made()));
    let at_opened = move |model: &Model| opened.borrow().as_ref() == Some(&model.kept_made());
    // The kept run as this tab last read or wrote it. Leaving, a tab
    // keeps its run only if no other tab has kept one since: a tab only
    // looked at put its older run over the newer one another tab had kept
    // (or over another tab's Start fresh).
    let seen = use_mut_ref(storage::kept);
    // Whether what this tab last kept was a run the reader did not make.
    let unowned = use_mut_ref(|| false);
    // The reader's own work: in a challenge, the free-play run it was
    // started from, kept where it was left (a reload during the challenge
    // brought it back at the moment last kept before it).
    let mine = |model: &Model| model.kept_own();
    // A run the reader did not make (a scenario or a demo only watched, a
    // fresh run of other settings) is kept only where it displaces none of
    // theirs: kept over the reader's own, it lost that run at the next
    // reload, with the Undo that offered it back.
    let worth_keeping = {
        let (at_opened, seen, unowned) = (at_opened.clone(), seen.clone(), unowned.clone());
        move |model: &Model| {
            let displaces_nothing = match storage::kept() {
                None => true,
                kept => *unowned.borrow() && kept == *seen.borrow(),
            };
            !model.pristine() && !at_opened(model) && (mine(model) || displaces_nothing)
        }
    };
    // Whether the page said it could not keep a run: once a visit.
    let told_full = use_mut_ref(|| false);
    // Whether a notice offers Undo: a new notice would take its place, and
    // the Undo with it, so these wait until it is gone.
    let offering = use_mut_ref(|| false);
    *offering.borrow_mut() = model.undo.is_some();
    let keep = {
        let offering = offering.clone();
        let (seen, unowned, d) = (seen.clone(), unowned.clone(), model.dispatcher());
        move |link: Option<String>, own: bool| {
            match &link {
                // Said, not silent: with storage full (every site under one
                // github.io address shares it), a reload brought back an
                // older run, and the newer one was gone.
                Some(link) => {
                    if !storage::keep(link) && !*offering.borrow() && !told_full.replace(true) {
                        d.dispatch(Msg::Say(super::model::Notice::info(
                            "This browser would not keep this run for your next visit (its storage is full or switched off): use Export run to save it.",
                        )));
                    }
                }
                None => storage::forget(),
            }
            *seen.borrow_mut() = link;
            *unowned.borrow_mut() = !own;
        }
    };
    {
        let (model, worth_keeping, keep, seen) = (model.clone(), worth_keeping.clone(), keep.clone(), seen.clone());
        // Whether the page showed the default run when the key last
        // changed. A bare page opens as if it had shown some other run: if
        // it shows the default one, the kept one could not be restored.
        let was_pristine = use_mut_ref(|| from_address);
        // What this page's first keeping replaced, if it was opened from an
        // address: the reader's own run, put back if they undo their way to
        // the run the address opened, or Reset what they made of it. (Such
        // a page never showed the reader's kept run, so it never simply
        // forgets it.)
        let displaced = use_mut_ref(|| None::<Option<String>>);
        // The address the page opened with: named again whenever the run
        // on screen is the one it opened, however the address was cleared
        // meanwhile (by acting, the Scenario menu, Start fresh).
        let address = use_mut_ref(|| from_address.then(url::here));
        let fresh_starts = use_mut_ref(|| model.fresh_starts);
        // The run's branch and action count when this tab last kept it.
        let acts = use_mut_ref(|| None::<(u32, usize)>);
        // Whether the kept run is to be forgotten once no notice offers it
        // back any more (see below).
        let forget_owed = use_mut_ref(|| false);
        // The run and branch last said to be too crowded to keep.
        let told_crowded = use_mut_ref(|| None::<(u32, u32)>);
        use_effect_with((key, embedded), move |(_, embedded)| {
            let pristine = model.pristine();
            let left_a_run = !was_pristine.replace(pristine);
            if *embedded {
                return;
            }
            // Start fresh forgot the kept run: the one this page displaced
            // is not put back either, or a reload brought back an older run
            // than the one just forgotten.
            if fresh_starts.replace(model.fresh_starts) != model.fresh_starts {
                displaced.borrow_mut().take();
                keep(None, true);
            }
            // Acted since this tab last kept its run, or only moved through
            // it (a step, a pause)? A move does not put this tab's run over
            // one another tab has kept since; an action does, as the
            // reader's latest work.
            // (Of the kept run: a challenge's moves are not actions on the
            // free-play run it keeps, and its first one put that older run
            // over another tab's newer one.)
            let now = {
                let run = model.kept_run().borrow();
                (run.branch(), run.actions().count())
            };
            let acted = acts.replace(Some(now)) != Some(now);
            let crowded = super::model::too_crowded(&model.kept_run().borrow(), "kept for your next visit");
            if let Some(why) = crowded.filter(|_| worth_keeping(&model)) {
                // Not kept: its copy would be refused at the next visit
                // (and deleted as damaged). Said once a branch, so that
                // the reader can go back and fork a smaller run.
                if model.undo.is_none()
                    && told_crowded.replace(Some((model.epoch, now.0))) != Some((model.epoch, now.0))
                {
                    model.dispatch(Msg::Say(super::model::Notice::info(why)));
                }
                return;
            }
            if worth_keeping(&model) {
                if !acted && storage::kept() != *seen.borrow() {
                    return;
                }
                if from_address && displaced.borrow().is_none() {
                    *displaced.borrow_mut() = Some(storage::kept());
                    // The run is the reader's now: a reload opens it, kept,
                    // not the link, scenario or options the address named,
                    // which showed another run than the one on screen.
                    url::clear_address();
                }
                keep(Some(model.kept_link()), mine(&model));
                return;
            }
            if at_opened(&model) {
                // Back at the run the address opened (an Undo, a Reset):
                // the address names it again, or a reload lost it.
                if let Some(address) = address.borrow().as_ref().filter(|a| **a != url::here()) {
                    url::set_address(address);
                }
            }
            // Put back only at the run the address opened, or a fresh one.
            // A rule's demo, only watched, also lands here: putting back
            // what the page displaced (nothing, for a page opened with
            // "?paused=1") wiped the run the reader had made since.
            let back = at_opened(&model) || pristine;
            if let Some(before) = back.then(|| displaced.borrow_mut().take()).flatten() {
                // Put back only if no other tab has kept a run since: an old
                // copy would wipe that tab's newer work.
                if storage::kept() == *seen.borrow() {
                    keep(before, true);
                }
            } else if pristine && !from_address && !model.kept_newer && (left_a_run || *forget_owed.borrow()) {
                // Nothing to keep: a reload after Reset opens the default
                // page, live, not a stored copy of the run left; and a
                // kept run that could not be restored is not tried again
                // (unless a newer playground made it, which can).
                // But not while a notice offers that run back: it says
                // "put aside", and a reload before Undo lost it for good.
                let offered = model.undo.is_some();
                *forget_owed.borrow_mut() = offered;
                if !offered {
                    keep(None, true);
                }
            }
        });
    }
    // The listener lives as long as the page, so it reads the model of the
    // latest render, not the one it was made in.
    let latest = use_mut_ref(|| model.clone());
    *latest.borrow_mut() = model;
    use_effect_with(embedded, move |embedded| {
        let embedded = *embedded;
        let listener = EventListener::new(&gloo::utils::window(), "pagehide", move |_| {
            let model = latest.borrow();
            let crowded = model.kept_run().borrow().crowded().is_some();
            if !embedded && !crowded && worth_keeping(&model) && storage::kept() == *seen.borrow() {
                keep(Some(model.kept_link()), mine(&model));
            }
        });
        move || drop(listener)
    });
}
