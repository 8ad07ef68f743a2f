//! The event log: what just happened, in plain words, newest first.

use crate::ui::view::LogLine;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`EventLog`].
#[derive(Properties)]
pub struct EventLogProps {
    /// The lines, newest first.
    pub lines: Rc<Vec<LogLine>>,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        // The lines are rebuilt only when the trace grows; the same Rc
        // means nothing changed.
        Rc::ptr_eq(&self.lines, &other.lines)
    }
}

fn seconds(ticks: u64) -> String {
    format!("{}.{}s", ticks / 1000, (ticks % 1000) / 100)
}

/// The event log.
#[component]
pub fn EventLog(props: &EventLogProps) -> Html {
    html! {
        <section class="panel log" aria-labelledby="log-title">
            <h2 id="log-title" class="panel__title">{ "What happened" }</h2>
            if props.lines.is_empty() {
                <p class="log__empty">{ "Nothing yet. Propose a value at any node." }</p>
            } else {
                <ol class="log__list" data-testid="event-log" tabindex="0" aria-label="Events, newest first">
                    { for props.lines.iter().map(|line| html! {
                        <li key={line.index} class={classes!("log__line", format!("log__line--{}", line.tone))}>
                            <span class="log__time">{ seconds(line.at) }</span>
                            <span class="log__text">{ &line.text }</span>
                        </li>
                    }) }
                </ol>
            }
        </section>
    }
}
