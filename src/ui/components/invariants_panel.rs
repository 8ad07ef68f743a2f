//! The safety properties at the timeline's moment: each one holds, or
//! broke at a moment the reader can jump to. A plain function: it is
//! redrawn with the page, and it is short.

use crate::sim::Property;
use crate::ui::model::{seconds, Msg};
use crate::ui::view::Invariant;
use yew::prelude::*;

/// The panel for `list`. With `shared_ballots` (the flaw that lets two
/// proposers use one ballot), the fresh-ballots line says what it does not
/// check, where the reader can see it rather than only in its tooltip.
pub fn invariants_panel(list: &[Invariant], shared_ballots: bool, on_action: &Callback<Msg>) -> Html {
    html! {
        <section class="panel invariants" role="region" aria-label="Invariants">
            <h2 class="panel__title">{ "Invariants" }</h2>
            <ul class="invariants__list">
                { for list.iter().map(|inv| {
                    let name = inv.property.name();
                    match &inv.broken {
                        None => html! {
                            <li class="invariants__item invariants__item--holds" title={inv.property.meaning()}>
                                <span class="invariants__mark" aria-hidden="true">{ "✓" }</span>
                                <span class="invariants__name">{ format!("{name}: holds") }</span>
                                if shared_ballots && inv.property == Property::FreshBallots {
                                    <span class="invariants__note">
                                        { "Two proposers sharing a ballot is not checked here; its harm shows in the properties above." }
                                    </span>
                                }
                            </li>
                        },
                        Some((what, at)) => {
                            let jump = at.map(|(index, at)| on_action.reform(move |_: MouseEvent| Msg::SeekEvent { index, at }));
                            html! {
                                <li class="invariants__item invariants__item--broken" title={format!("{} {what}", inv.property.meaning())}>
                                    <span class="invariants__mark" aria-hidden="true">{ "✗" }</span>
                                    <span class="invariants__name">{ format!("{name}: broken") }</span>
                                    if let (Some(jump), Some((_, t))) = (jump, at) {
                                        // Named with its property: four buttons in a row
                                        // were read out as "at 3.5 s", "at 5.0 s"...
                                        <button class="button button--ghost invariants__jump" onclick={jump}
                                            aria-label={format!("{name} broke at {}: go there", seconds(*t))}>
                                            { format!("at {}", seconds(*t)) }
                                        </button>
                                    }
                                </li>
                            }
                        }
                    }
                }) }
            </ul>
            // The meanings are the rows' tooltips too, which a touch screen
            // never shows: "agreement: holds" beside two learners that
            // disagree read as the checker being wrong.
            <details class="invariants__what">
                <summary>{ "What each one means" }</summary>
                <dl>
                    { for list.iter().map(|inv| html! {
                        <>
                            <dt>{ inv.property.name() }</dt>
                            <dd>{ inv.property.meaning() }</dd>
                        </>
                    }) }
                </dl>
            </details>
        </section>
    }
}
