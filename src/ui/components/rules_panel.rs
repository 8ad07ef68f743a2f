//! "Break a rule": one switch per deliberate flaw, each named by what it
//! does, with the rule it breaks and why that rule matters. Switching one
//! on is an action like any other, so it is on the timeline and in share
//! links, and it can be switched off again later in the run.

use crate::paxos::{Flaw, Flaws};
use crate::sim::Action;
use crate::ui::hooks::watch_from_the_top;
use crate::ui::model::Msg;
use crate::ui::view::rule;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The panel, with `flaws` switched on.
pub fn rules_panel(flaws: Flaws, on_action: &Callback<Msg>) -> Html {
    let show = |flaw: Flaw| {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Msg::ShowFlaw(flaw));
            watch_from_the_top();
        })
    };
    html! {
        <section class="panel rules" role="region" aria-label="Break a rule">
            <h2 class="panel__title">{ "Break a rule" }</h2>
            <p class="rules__intro">{ "Turn a switch on to break its rule and watch safety fail, or let “Show me” open a short run where it does. Each switch is an action on the timeline." }</p>
            <ul class="rules__list">
                { for Flaw::ALL.iter().map(|&flaw| {
                    let (name, why) = rule(flaw);
                    let onchange = on_action.reform(move |e: Event| {
                        Msg::Act(Action::SetFlaw { flaw, on: e.target_unchecked_into::<HtmlInputElement>().checked() })
                    });
                    let id = format!("rule-{}", flaw.name());
                    html! {
                        <li class="rules__item">
                            <div class="rules__head">
                                <label class="rules__switch">
                                    <input type="checkbox" role="switch" checked={flaws.has(flaw)} {onchange}
                                        aria-describedby={id.clone()} />
                                    <span class="rules__name">{ name }</span>
                                </label>
                                <button type="button" class="button button--small rules__show"
                                    aria-label={format!("Show me how “{name}” breaks safety")}
                                    title="Open a short run where this broken rule lets two nodes learn different values"
                                    onclick={show(flaw)}>
                                    { "Show me" }
                                </button>
                            </div>
                            <p class="rules__why" id={id}>{ why }</p>
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// The badge a run carries while any rule is broken, in a live region
/// that stays on the page: it says when the badge comes, and when it goes
/// (switching the last rule back on was silent), in words only a screen
/// reader hears.
pub fn unsafe_badge(flaws: Flaws) -> Html {
    let names: Vec<&str> = flaws.iter().map(|f| rule(f).0).collect();
    html! {
        <div class={classes!("unsafe-live", names.is_empty().then_some("unsafe-live--empty"))} role="status">
            if names.is_empty() {
                <span class="sr-only">{ "Every rule is kept: this is Paxos." }</span>
            } else {
                <p class="unsafe-variant" data-testid="unsafe-variant">
                    <strong>{ "Unsafe variant" }</strong>
                    { format!(": {}. This is not Paxos.", names.join(", ")) }
                </p>
            }
        </div>
    }
}
