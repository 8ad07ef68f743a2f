//! The text of the scenario being shown: what to watch, beside the
//! cluster. A plain function: the text never changes while it is shown.

use crate::sim::scenarios::Scenario;
use yew::prelude::*;

/// The panel for `scenario`.
pub fn scenario_panel(scenario: &Scenario) -> Html {
    html! {
        <section class="panel scenario" aria-labelledby="scenario-title" data-testid="scenario">
            <h2 id="scenario-title" class="panel__title">{ scenario.title }</h2>
            <p class="scenario__text">{ scenario.text }</p>
            <p class="scenario__hint" data-testid="scenario-look">{ scenario.look }</p>
        </section>
    }
}
