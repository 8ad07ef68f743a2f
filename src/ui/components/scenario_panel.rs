//! The text of the scenario being shown: what to watch, beside the
//! cluster, and for the scenarios told a moment at a time, a guided walk:
//! the moment the timeline is at, "3 of 6", and buttons to the previous
//! and the next, each of which moves the timeline there. A plain
//! function: the page redraws it with the moment. In one column (a phone,
//! a small laptop) it stands above the cluster, and its whole story there
//! left no node on the first screen: there the story folds away, under
//! the walk or, for a scenario without one, under the sentence that says
//! what to do. Beside its title, "Other scenarios" takes the focus to the
//! Scenario menu, which a keyboard reached from the walk only by some fifty
//! presses of Shift+Tab, and a phone only by scrolling back to the top.

use crate::sim::scenarios::Scenario;
use crate::ui::hooks::focus_still;
use crate::ui::model::{seconds, Msg};
use yew::prelude::*;

/// For an embed, a scenario told as a whole (no walk): what to watch, in
/// the walk's place under the cluster, three lines that scroll. Without
/// it, course notes that opened "Lost messages" showed cards and no word
/// of what they were meant to show.
pub fn about(scenario: &Scenario, step: Option<(u64, &str)>) -> Option<Html> {
    scenario.beats.is_empty().then(|| about_box(scenario.title, scenario.text, step))
}

/// A prepared run's story told whole, `text` under the name `title`, in
/// an embed's walk's place: a scenario's without moments, or a "Show me"
/// run's (see [`crate::sim::flaw_demos::of`]). Once the reader has moved
/// from where the embed opened, `step` (the newest event: its tick and
/// its line) comes first, as in the walk: a presenter stepping through a
/// rule's demo saw arrows move under the same sentence at every step.
pub fn about_box(title: &'static str, text: &'static str, step: Option<(u64, &str)>) -> Html {
    html! {
        <div class="walk walk--about" role="group" aria-label={title}>
            // Longer than a moment's text, it scrolls: a Tab stop, so that
            // keys can scroll it too.
            <p class="walk__text" data-testid="walk-text" title={text} tabindex="0">
                if let Some((at, line)) = step {
                    <span class="walk__now" data-testid="walk-now">{ format!("{}: {line}", seconds(at)) }</span>
                    <br />
                }
                { text }
            </p>
        </div>
    }
}

/// The walk through `scenario`'s beats at tick `now`, if it has any, with
/// `settled` saying whether all of that tick has happened (see
/// [`Scenario::beat_at`]) and `more` whether anything is left to happen:
/// past the last moment, ▶ goes on an instant at a time, as the clicker's
/// Page Down does, while the run has more to show. An embed
/// shows it too, under its cluster: course notes that open a scenario want
/// its story told at each moment, as the page tells it. An embed also
/// passes its newest event (`step`: its tick and its line), which the
/// walk shows first once the run has stepped past the moment: an embed
/// has no log, and a lecture stepping on saw node 1 adopt red with no
/// word on the screen. With `over` (the page's walk), a `step` past the
/// last moment stands in place of that moment's story instead.
pub fn walk(
    scenario: &Scenario,
    (now, settled, more): (u64, bool, bool),
    (step, over): (Option<(u64, &str)>, bool),
    on_action: &Callback<Msg>,
) -> Option<Html> {
    let beats = scenario.beats;
    if beats.is_empty() {
        return None;
    }
    let current = scenario.beat_at(now, settled);
    let (previous, next) = scenario.neighbours(now, settled);
    let go = |k: Option<usize>| k.map(|k| on_action.reform(move |_: MouseEvent| Msg::SeekTime(beats[k].shown())));
    // Past the last moment ▶ had nothing to do, though the run went on:
    // a keyboard user on it was stuck, with no word why.
    let on = (next.is_none() && more).then(|| on_action.reform(|_: MouseEvent| Msg::NextMoment));
    // No time beside a moment's number: a moment spans from where it
    // begins to the next, and ▶ lands partway in, where its picture is
    // clearest. Either time stood beside a clock that read another
    // ("Moment 4 of 6 · 6.2 s" at 5.6 s, or at 6.6 s).
    let after = current.and_then(|k| step.filter(|(at, _)| *at > beats[k].shown()));
    let (text, count) = match current {
        // The page's walk, past the story's end: the newest event alone
        // stands in the story's place (see `scenario_panel`), in a box no
        // taller than the story's.
        Some(k) if over && after.is_some() => (
            if on.is_some() {
                "The story is over; ▶ goes on to the next instant anything happens."
            } else {
                "The story is over, and so is the run: nothing is left to happen."
            },
            format!("After moment {} · {}", k + 1, seconds(now)),
        ),
        Some(k) => (beats[k].text, format!("Moment {} of {}", k + 1, beats.len())),
        // Before the first moment the box stood empty.
        None => ("Before the first moment: ▶ goes to it.", format!("{} moments", beats.len())),
    };
    let counts = (1..=beats.len()).map(|k| format!("Moment {k} of {}", beats.len()));
    // Digits are all as wide (tabular), so the longest is the widest.
    let widest = counts.max_by_key(|c| c.chars().count()).unwrap_or_default();
    Some(html! {
        <div class="walk" role="group" aria-label="Step by step">
            <div class="walk__bar">
                // Marked, not `disabled`, at either end: a keyboard user
                // stepping through the moments would lose focus to the page.
                <button class="button button--small" aria-label="Previous moment"
                    aria-disabled={previous.is_none().then_some("true")}
                    onclick={go(previous)}>{ "◀" }</button>
                // Over the widest count, unseen: in an embed the count's
                // column set the text's width, and "· 10.7 s" after
                // "· 8.7 s" rewrapped the story a line taller, moving the
                // time controls.
                <span class="walk__counter">
                    <span class="walk__count" data-testid="walk-count">{ count }</span>
                    <span class="walk__count walk__ghost" aria-hidden="true">{ widest }</span>
                </span>
                <button class="button button--small" aria-label="Next moment"
                    aria-disabled={(next.is_none() && on.is_none()).then_some("true")}
                    title={on.is_some().then_some("Past the last moment: on to the next instant anything happens")}
                    onclick={go(next).or(on)}>{ "▶" }</button>
            </div>
            // Not a live region: the page's announcer reads a new moment's
            // story (see `use_moment_views`), once, with what led to it.
            // (An embed shows three lines and scrolls the rest; the whole
            // text is its title too.)
            <p class="walk__text" data-testid="walk-text"
                title={text}>
                if let Some((at, line)) = after {
                    <span class="walk__now" data-testid="walk-now">{ format!("{}: {line}", seconds(at)) }</span>
                    <br />
                }
                { text }
            </p>
            // Every moment's text again, unseen, in the same place: the
            // box is as tall as the longest, so the panels below it stay
            // put from moment to moment. (An embed's box has a height.)
            { for beats.iter().map(|b| html! { <p class="walk__text walk__ghost" aria-hidden="true">{ b.text }</p> }) }
        </div>
    })
}

/// The panel for `scenario` at tick `now` (`settled` and `more` as for [`walk`]),
/// its story `folded` away (in one column) or not, with the run's newest
/// event (`step`, as for [`walk`]).
pub fn scenario_panel(
    scenario: &Scenario,
    folded: bool,
    (now, settled, more): (u64, bool, bool),
    step: Option<(u64, &str)>,
    on_action: &Callback<Msg>,
) -> Html {
    // The page has its log, so the walk names the newest event only once
    // the story is over, in the story's place: stepping on past the last
    // moment, a class saw nodes learn the value under words that no longer
    // moved, and took the page for stuck. (Within the story, a line more
    // would move the cluster under the walk at every step.)
    let last = scenario.beats.len().checked_sub(1);
    let step = step.filter(|_| last.is_some() && scenario.beat_at(now, settled) == last);
    let walk = walk(scenario, (now, settled, more), (step, true), on_action);
    let look = html! { <p class="scenario__hint" data-testid="scenario-look">{ scenario.look }</p> };
    html! {
        <section class="panel scenario" aria-labelledby="scenario-title" data-testid="scenario">
            <div class="scenario__head">
                <h2 id="scenario-title" class="panel__title" tabindex="-1">{ scenario.title }</h2>
                <button type="button" class="button button--small button--ghost scenario__other"
                    onclick={Callback::from(|_: MouseEvent| focus_still("select[aria-label='Scenario']"))}>
                    { "Other scenarios" }
                </button>
            </div>
            if folded {
                if let Some(walk) = walk {
                    { walk }
                    <details class="scenario__more">
                        <summary>{ "What happens, and why" }</summary>
                        <p class="scenario__text">{ scenario.text }</p>
                        { look }
                    </details>
                } else {
                    <p class="scenario__hint scenario__hint--first" data-testid="scenario-look">{ scenario.look }</p>
                    <details class="scenario__more">
                        <summary>{ "What happens, and why" }</summary>
                        <p class="scenario__text">{ scenario.text }</p>
                    </details>
                }
            } else {
                <p class="scenario__text">{ scenario.text }</p>
                { walk.unwrap_or_default() }
                { look }
            }
        </section>
    }
}
