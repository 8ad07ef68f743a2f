//! The answer to "what happened?": the chosen value, the safety badge, the
//! fault-tolerance meter, why a value had to be adopted, and the history of
//! rounds. A plain function: it is small, so redrawing it
//! with the page costs less than a component would add to the wasm.

use crate::paxos::{NodeId, Value};
use crate::sim::narrate::{of_nodes, seconds};
use crate::sim::nodes_in_words;
use crate::sim::Property;
use crate::ui::view::{StatusView, Tolerance};
use yew::prelude::*;

/// The 2F+1 meter: a cell per node (filled while it is up), a mark at the
/// majority, and a sentence. With links cut, the cells beyond what the
/// best-connected node reaches are striped: five green cells beside "one
/// more crash and no new ballot can succeed" read as a contradiction.
fn tolerance_meter(t: &Tolerance) -> Html {
    let text = t.sentence();
    let together = t.reach.map_or(t.up, |k| k.min(t.up));
    html! {
        <div class={classes!("tolerance", t.stuck().then_some("tolerance--lost"))}
            role="meter" aria-label="Fault tolerance" aria-valuemin="0" aria-valuemax={t.nodes.to_string()}
            aria-valuenow={together.to_string()} aria-valuetext={text.clone()}>
            // Named on screen too: the scenarios' texts send readers to it.
            <span class="tolerance__label" aria-hidden="true">{ "Fault tolerance" }</span>
            // The line after the majority's last cell went unexplained.
            <div class="tolerance__cells" aria-hidden="true"
                title={if t.need < t.majority {
                    format!("A cell for each node, counted from the left, green for each up; the line marks the quorum the broken rule counts, {} of {}.", t.need, t.nodes)
                } else {
                    format!("A cell for each node, counted from the left, green for each up; the line marks a majority, {} of {}.", t.majority, t.nodes)
                }}>
                { for (0..t.nodes).map(|k| html! {
                    <span class={classes!("tolerance__cell",
                        if k < together { Some("tolerance__cell--up") } else if k < t.up { Some("tolerance__cell--cut") } else { None },
                        (k + 1 == t.need).then_some("tolerance__cell--majority"))} />
                }) }
            </div>
            <p class="tolerance__text">{ text }</p>
        </div>
    }
}

/// "“a” (by 2 nodes) and “b” (by 1 node)".
fn learned_list(values: &[(String, usize)]) -> String {
    let each: Vec<String> = values
        .iter()
        .map(|(v, n)| format!("\u{201c}{v}\u{201d} (by {n} {})", if *n == 1 { "node" } else { "nodes" }))
        .collect();
    match each.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => each.join(""),
    }
}

/// The status panel for `s`, with the meter `t`, the acceptors whose
/// acceptances chose the value and, when a proposer had to adopt an
/// earlier value, the sentence that says why.
pub fn status_panel(s: &StatusView, t: &Tolerance, chosen_by: &[NodeId], why: Option<(&str, NodeId, &Value)>) -> Html {
    let safe = s.worst.is_none();
    let why_not: Vec<&str> =
        s.outcome.why_not.iter().filter_map(|w| w.shown(why.map(|(_, by, own)| (by, own)))).collect();
    html! {
        <section class="panel status" aria-labelledby="status-title">
            <h2 id="status-title" class="panel__title"
                title="A round is one single-decree Paxos instance; New round starts the next. Ballots (n=…) are the attempts within a round.">
                { format!("Round {}", s.round) }
            </h2>
            // Said, not only in the tooltip a tablet never shows: lectures
            // often call ballots rounds, and a student read "Round 1" as
            // ballot number 1.
            <p class="status__round">{ "One Paxos instance: the ballots (n=…) are attempts within it." }</p>
            <div class={classes!("status__chosen", s.chosen.is_some().then_some("status__chosen--yes"),
                (!s.also_chosen.is_empty()).then_some("status__chosen--split"))}>
                if let Some((value, ballot)) = &s.chosen {
                    <span class="status__label">
                        { match s.also_chosen.len() {
                            0 => "Chosen".to_string(),
                            1 => "Two values chosen".to_string(),
                            k => format!("{} values chosen", k + 1),
                        } }
                    </span>
                    <span class="status__value" data-testid="chosen-value">{ value }</span>
                    <span class="status__meta">
                        { format!("at {ballot}") }
                        if !chosen_by.is_empty() {
                            // The first majority, not every acceptor: a later one
                            // accepts a value already chosen. Said so, because the
                            // log names the replies the proposer counted, which
                            // may be another majority's: then both are named, or
                            // the box and the log seemed to disagree.
                            { format!(" · chosen once {} had accepted it", nodes_in_words(chosen_by.iter().copied())) }
                            // Its proposer may have counted a later ballot's
                            // replies, when the first ballot's were lost.
                            { match &s.outcome.counted {
                                Some((_, None, counted)) if counted.as_slice() == chosen_by => String::new(),
                                // Fewer than a majority, under the broken
                                // rule: it guessed, and happened to be right.
                                // (Nodes, not replies: counting duplicates,
                                // it counted one node's reply twice.)
                                Some((proposer, _, counted)) if counted.len() < s.majority => format!(
                                    ", the first majority to do so; node {proposer} called it chosen on replies from only {}, fewer than a majority, under the broken rule: a majority did accept it, but that count could not tell",
                                    nodes_in_words(counted.iter().copied())),
                                // "Called it chosen" lost a student: say what
                                // the proposer did, and what it learned.
                                Some((proposer, retry, counted)) => format!(
                                    ", the first majority to do so; node {proposer} counted the first replies to reach {}, from {}, and so knew it was chosen",
                                    retry.map_or_else(|| "it".to_string(), |at| format!("its ballot n={at}")),
                                    nodes_in_words(counted.iter().copied())),
                                None => ", the first majority to do so".to_string(),
                            } }
                        }
                        { format!(" · learned by {}", of_nodes(s.learned, s.nodes)) }
                        if s.learned == 0 {
                            // Chosen while no card says so: a student took it
                            // for a page out of step with itself. Counted
                            // already, its proposer knows: "no node knows"
                            // stood beside a card that said DECIDED.
                            { match &s.outcome.counted {
                                Some((proposer, _, counted)) if counted.len() >= s.majority => format!(
                                    " yet: node {proposer} has counted a majority, so it knows, and has sent every node a Decide"),
                                // Too few, under a broken rule: the words
                                // before say so; it still sent its Decides.
                                Some((proposer, ..)) => format!(" yet: node {proposer} has sent every node a Decide"),
                                None => ": it was chosen the moment a majority accepted it, but no node knows that until its proposer has counted their replies".to_string(),
                            } }
                        }
                        if s.learned_other > 0 {
                            <strong class="status__conflict" data-testid="learned-other">
                                { format!(" · {} learned a different value", if s.learned_other == 1 {
                                    "1 node".to_string() } else { format!("{} nodes", s.learned_other) }) }
                            </strong>
                        }
                        { for s.also_chosen.iter().map(|(value, ballot)| html! {
                            <strong class="status__conflict status__also" data-testid="also-chosen">
                                { format!("Then “{value}” was chosen too, at {ballot}: agreement broke.") }
                            </strong>
                        }) }
                        if !s.also_chosen.is_empty() && s.learned_other == 0 {
                            // A student who made agreement break looked
                            // for two nodes that disagree, found every card
                            // alike, and thought the lesson had failed. Not
                            // "only if one never heard the first Decide": in
                            // two of the Show me runs, Decides simply race.
                            <span class="status__also-hint" data-testid="also-hint">
                                { " So far no node has learned a different value: a node keeps the first value it learns. Two nodes disagree only if some node hears of the second value first: by its own count, or by a Decide that beats the first one there (crash a node, or cut it off, before the first reaches it)." }
                            </span>
                        }
                    </span>
                    // Not when agreement broke: the other value was chosen
                    // too, and the badge and the lines above say how.
                    if s.also_chosen.is_empty() && !why_not.is_empty() {
                        <ul class="status__why-not" data-testid="why-not">
                            { for why_not.iter().map(|w| html! { <li>{ *w }</li> }) }
                        </ul>
                    }
                } else if !s.learned_unchosen.is_empty() {
                    // Only a broken rule gets here: say why the nodes'
                    // cards show decisions that this panel does not.
                    <span class="status__label">{ "Nothing chosen by a majority" }</span>
                    <strong class="status__conflict" data-testid="learned-unchosen">
                        { if s.learned_unchosen.len() == 1 {
                            format!("Yet {} was learned: its proposer called it chosen with fewer than {} of {} nodes accepting it.",
                                learned_list(&s.learned_unchosen), s.majority, s.nodes)
                        } else {
                            format!("Yet {} were learned: their proposers called them chosen with fewer than {} of {} nodes accepting each.",
                                learned_list(&s.learned_unchosen), s.majority, s.nodes)
                        } }
                    </strong>
                } else {
                    <span class="status__label">{ "Nothing chosen yet" }</span>
                    <span class="status__meta">
                        { format!("A value is chosen once {} {} the same proposal.", of_nodes(s.majority, s.nodes),
                            if s.majority == 1 { "accepts" } else { "accept" }) }
                    </span>
                }
            </div>
            // Right under the value it explains: further down, below the
            // badge and the meter, it was off a laptop's screen just when
            // the value-recovery walk pointed at it.
            if let Some((why, ..)) = why {
                <p class="status__why" data-testid="why">{ why }</p>
            }
            // Under the round's value, before the badge and the meter: at
            // the foot of the panel it was off a projector's screen in the
            // very scenario that shows it.
            if !s.history.is_empty() {
                <h3 class="panel__subtitle">{ "Earlier rounds" }</h3>
                <ol class="history" data-testid="history">
                    { for s.history.iter().rev().map(|(round, chosen)| html! {
                        <li class="history__item">
                            <span class="history__round">{ format!("Round {round}") }</span>
                            <span class="history__value">{ chosen.clone().unwrap_or_else(|| "nothing chosen".to_string()) }</span>
                        </li>
                    }) }
                    if s.earlier > 0 {
                        <li class="history__item history__more">
                            { format!("and {} earlier {}; the timeline marks each chosen value", s.earlier,
                                if s.earlier == 1 { "round" } else { "rounds" }) }
                        </li>
                    }
                </ol>
            }
            <div class={classes!("badge", if safe { "badge--safe" } else { "badge--unsafe" })} data-testid="safety">
                if let Some((worst, at)) = &s.worst {
                    <span class="badge__icon" aria-hidden="true">{ "!" }</span>
                    <span class="badge__text">{ match at {
                        Some(at) => format!("Unsafe at {}: {worst}", seconds(*at)),
                        None => format!("Unsafe: {worst}"),
                    } }</span>
                    if !s.guarantee_broken {
                        <span class="badge__more">{ " No two nodes have learned different values yet, but nothing now stops it." }</span>
                    }
                    // The card ringed red is the latest break's: with only
                    // this one named, the page gave two answers to "where
                    // did it break".
                    if s.later {
                        <span class="badge__more">{ " It broke again after that: a red ring marks the latest break." }</span>
                    }
                } else {
                    <span class="badge__icon" aria-hidden="true">{ "✓" }</span>
                    <span class="badge__text">{ format!("Safe: all {} safety properties hold", Property::ALL.len()) }</span>
                }
            </div>
            { tolerance_meter(t) }
        </section>
    }
}
