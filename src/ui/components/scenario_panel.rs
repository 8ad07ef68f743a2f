//! The text of the scenario being shown: what to watch, beside the
//! cluster. A plain function: the text never changes while it is shown.
//! On a phone it stands above the cluster, and its whole story there left
//! no node on the first screen: there the story folds away under the
//! sentence that says what to do.

use crate::sim::scenarios::Scenario;
use yew::prelude::*;

/// The panel for `scenario`, its story `folded` away (on a phone) or not.
pub fn scenario_panel(scenario: &Scenario, folded: bool) -> Html {
    html! {
        <section class="panel scenario" aria-labelledby="scenario-title" data-testid="scenario">
            <h2 id="scenario-title" class="panel__title">{ scenario.title }</h2>
            if folded {
                <p class="scenario__hint scenario__hint--first" data-testid="scenario-look">{ scenario.look }</p>
                <details class="scenario__more">
                    <summary>{ "What happens, and why" }</summary>
                    <p class="scenario__text">{ scenario.text }</p>
                </details>
            } else {
                <p class="scenario__text">{ scenario.text }</p>
                <p class="scenario__hint" data-testid="scenario-look">{ scenario.look }</p>
            }
        </section>
    }
}
