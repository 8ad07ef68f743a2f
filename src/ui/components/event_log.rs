//! The event log: what happened up to the cursor, in plain words, newest
//! first. It renders only when its lines change, and each sentence is
//! written once (see [`crate::ui::view::log`]). Pressing a line takes the
//! run back to just after that event.

use crate::ui::model::{seconds, Msg};
use crate::ui::view::{LogLine, LOG_LINES};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Props of [`EventLog`].
#[derive(Properties)]
pub struct EventLogProps {
    /// The lines, newest first.
    pub lines: Rc<Vec<LogLine>>,
    /// The event whose line was pressed, if the run is still at that
    /// moment: marked, as it need not be the newest line.
    pub pointed: Option<u64>,
    /// Where a pressed line sends the timeline.
    pub on_action: Callback<Msg>,
    /// Whether the run has events still to come: an empty log then asks
    /// for Play, not for a proposal (a loaded run, paused at its start).
    pub ahead: bool,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        // Every field named: a new prop left out of the comparison is a
        // compile error here, not a log that never redraws for it. The
        // lines are rebuilt only when the cursor moves; the same Rc means
        // nothing changed.
        let Self { lines, pointed, on_action, ahead } = self;
        Rc::ptr_eq(lines, &other.lines)
            && *pointed == other.pointed
            && *on_action == other.on_action
            && *ahead == other.ahead
    }
}

/// The event log.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    // Where the pointer went down: a press that moved further is a drag
    // that selects text, which is reading, not a press. (The selection
    // itself cannot tell: a click inside a selection keeps it until after
    // the click.)
    let down = use_mut_ref(|| (0, 0));
    let onpointerdown = {
        let down = down.clone();
        Callback::from(move |e: PointerEvent| *down.borrow_mut() = (e.client_x(), e.client_y()))
    };
    // One listener for the list, not one per line: each line carries its
    // event as "index@tick".
    let onclick = {
        let on_action = props.on_action.clone();
        Callback::from(move |e: MouseEvent| {
            let (x, y) = *down.borrow();
            // Enter or Space on a line's button clicks with no pointer.
            let keyed = e.detail() == 0;
            if !keyed && (e.client_x() - x).abs() + (e.client_y() - y).abs() > 6 {
                return;
            }
            let line = e.target_dyn_into::<Element>().and_then(|t| t.closest(".log__line").ok().flatten());
            let event = line.and_then(|l| l.get_attribute("data-event"));
            let parsed = event
                .as_deref()
                .and_then(|s| s.split_once('@'))
                .and_then(|(i, t)| Some((i.parse().ok()?, t.parse().ok()?)));
            if let Some((index, at)) = parsed {
                on_action.emit(Msg::SeekEvent { index, at });
            }
        })
    };
    // ↓ and ↑ move between the lines' buttons, which are one stop for Tab
    // (the list itself), not sixty; Enter or Space then presses one.
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        let Some(target) = e.target_dyn_into::<Element>() else { return };
        let list = target.closest(".log__list").ok().flatten();
        let next = match (e.key().as_str(), target.closest(".log__line").ok().flatten()) {
            ("ArrowDown", Some(line)) => line.next_element_sibling(),
            ("ArrowUp", Some(line)) => line.previous_element_sibling(),
            // From the list itself, ↓ goes to the newest line. Home and
            // End go to the newest and the oldest: left to the page, they
            // scrolled it to its top or foot, the focus off screen.
            ("ArrowDown" | "Home", _) => list.and_then(|l| l.first_element_child()),
            ("End", _) => list.and_then(|l| l.last_element_child()),
            _ => return,
        };
        if let Some(button) = next.and_then(|l| l.query_selector(".log__seek").ok().flatten()) {
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                e.prevent_default();
                let _ = button.focus();
            }
        }
    });
    // The pointed event's line, or, if the log does not tell that event
    // (a delivery whose line is its receiver's answer, the cause of a
    // broken rule), the first line after it: the run stands after its
    // whole step, so that line is on screen too.
    let marked = props.pointed.and_then(|p| props.lines.iter().rev().find(|l| l.index >= p)).map(|l| l.index);
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title" class="panel__title">{ "What happened" }</h2>
            if props.lines.is_empty() {
                <p class="log__empty">{ if props.ahead {
                    "Nothing yet at this moment: press Play or Step to see what happens."
                } else {
                    "Nothing yet. Propose a value at any node."
                } }</p>
            } else {
                <ol class="log__list" data-testid="event-log" tabindex="0" aria-label="Events, newest first"
                    title="Press a line to go back to just after it; ↑ and ↓ go from line to line, Home and End to the newest and the oldest" {onpointerdown} {onclick} {onkeydown}>
                    { for props.lines.iter().take(LOG_LINES).map(|line| html! {
                        <li key={line.index} data-event={format!("{}@{}", line.index, line.at)}
                            class={classes!(
                                "log__line",
                                format!("log__line--{}", line.tone),
                                (marked == Some(line.index)).then_some("log__line--pointed")
                            )}
                            aria-current={(marked == Some(line.index)).then_some("true")}>
                            <button class="log__seek" type="button" tabindex="-1">
                                <span class="log__time">{ seconds(line.at) }</span>
                                <span class="log__text">{ line.text.clone() }</span>
                            </button>
                        </li>
                    }) }
                </ol>
                // The log keeps a bounded number of lines, so a long run's
                // start is not lost without a word.
                if props.lines.len() > LOG_LINES {
                    <p class="log__more">{ format!("These are the log's latest {LOG_LINES} lines. To read earlier ones, move the timeline back.") }</p>
                }
            }
        </section>
    }
}
