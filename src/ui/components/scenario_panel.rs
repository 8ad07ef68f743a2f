//! The text of the scenario being shown: what to watch, beside the
//! cluster, and for the scenarios told a moment at a time, a guided walk:
//! the list of its beats, the one the timeline is at marked, each a button
//! that moves the timeline there. A plain function: the page redraws it
//! with the moment. On a phone it stands above the cluster, and its whole
//! story there left no node on the first screen: there the story folds
//! away under the sentence that says what to do, and only the beat the
//! timeline is at shows.

use crate::sim::scenarios::Scenario;
use crate::ui::model::{seconds, Msg};
use yew::prelude::*;

/// The panel for `scenario` at tick `now`, its story `folded` away (on a
/// phone) or not.
pub fn scenario_panel(scenario: &Scenario, folded: bool, now: u64, on_action: &Callback<Msg>) -> Html {
    let current = scenario.beat_at(now);
    let beats = (!scenario.beats.is_empty()).then(|| {
        html! {
            <ol class="scenario__beats" aria-label="Step by step">
                { for scenario.beats.iter().enumerate().map(|(k, beat)| {
                    let at = beat.at;
                    let here = current == Some(k);
                    let class = classes!("scenario__beat", here.then_some("scenario__beat--now"),
                        current.is_none_or(|c| k > c).then_some("scenario__beat--ahead"));
                    html! {
                        <li class={class} aria-current={here.then_some("step")}>
                            <button class="scenario__jump" onclick={on_action.reform(move |_: MouseEvent| Msg::SeekTime(at))}>
                                <span class="log__time">{ seconds(at) }</span>
                                <span>{ beat.text }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        }
    });
    html! {
        <section class="panel scenario" aria-labelledby="scenario-title" data-testid="scenario">
            <h2 id="scenario-title" class="panel__title">{ scenario.title }</h2>
            if folded {
                <p class="scenario__hint scenario__hint--first" data-testid="scenario-look">{ scenario.look }</p>
                if let Some(k) = current {
                    <p class="scenario__beat scenario__beat--now scenario__beat--alone">
                        { scenario.beats[k].text }
                    </p>
                }
                <details class="scenario__more">
                    <summary>{ "What happens, and why" }</summary>
                    <p class="scenario__text">{ scenario.text }</p>
                    { beats.unwrap_or_default() }
                </details>
            } else {
                <p class="scenario__text">{ scenario.text }</p>
                { beats.unwrap_or_default() }
                <p class="scenario__hint" data-testid="scenario-look">{ scenario.look }</p>
            }
        </section>
    }
}
