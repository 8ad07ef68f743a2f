//! The challenge panel: the goal, the rule broken in this attempt, what
//! the player has done so far, each node's delay and drop controls, and
//! the record of attempts and shortest wins kept in `localStorage`.
//!
//! It takes the place of the toolbar while a challenge runs: beside the
//! cluster on a wide screen, and in one column split in two (see [`Part`]),
//! the goal and the result above the cluster, the moves under it. A plain
//! function, redrawn with the page: the record and the attempt's win live
//! in the model's [`Challenge`], which keeps them as the run changes. To
//! keep the page small, the parts that are only the page's own words (the
//! goal, the hint, the record table) are written as markup once, and every
//! radio button in the panel reports to one listener that reads the
//! button's name and value.

use crate::paxos::{Flaw, NodeId};
use crate::sim::challenge::{DELAYS, DROPS};
use crate::sim::{from_percent, whole_percent, Action};
use crate::ui::challenge::{hint, Challenge, ChallengeView, Record};
use crate::ui::model::{seconds, Msg};
use crate::ui::view::rule;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A rule's name in the panel.
fn rule_name(flaw: Option<Flaw>) -> &'static str {
    flaw.map_or("Correct Paxos", |f| rule(f).0)
}

/// The rule picker's choices, in order: correct Paxos, then each flaw.
fn rules() -> impl Iterator<Item = Option<Flaw>> {
    std::iter::once(None).chain(Flaw::ALL.iter().copied().map(Some))
}

/// A number of moves, in words.
fn moves(n: usize) -> String {
    format!("{n} move{}", if n == 1 { "" } else { "s" })
}

/// What a radio button of the panel asks for, from its name and value
/// (both written by [`radios`]); anything else asks for nothing.
fn picked(name: &str, value: &str) -> Option<Msg> {
    let value: u32 = value.parse().ok()?;
    if name == RULE_GROUP {
        let flaw = match value {
            0 => None,
            k => Some(*Flaw::ALL.get(usize::try_from(k - 1).ok()?)?),
        };
        return Some(Msg::Challenge(flaw));
    }
    let (what, node) = name.strip_prefix("challenge-")?.split_once('-')?;
    let node = NodeId(node.parse().ok()?);
    match what {
        "delay" => Some(Msg::Act(Action::SetNodeDelay { node, ticks: value })),
        "drop" => Some(Msg::Act(Action::SetNodeFailure { node, p: from_percent(value) })),
        _ => None,
    }
}

/// The name of the rule's radio buttons.
const RULE_GROUP: &str = "challenge-rule";

/// The id of the words that say how the rule's radio buttons take keys.
const RULE_KEYS_ID: &str = "challenge-rule-keys";

/// A group of radio buttons drawn as pills: `name` ties them together
/// (and tells [`picked`] what they set), `label` names the group.
fn radios(name: String, label: String, class: &'static str, options: Vec<(u32, &'static str)>, current: u32) -> Html {
    // The rules' keys differ from a radio group's usual ones: said.
    let keys = (name == RULE_GROUP).then_some(RULE_KEYS_ID);
    html! {
        <div class={classes!("segmented", class)} role="radiogroup" aria-label={label} aria-describedby={keys}>
            { for options.into_iter().map(|(value, text)| html! {
                <label class="segmented__option">
                    <input type="radio" name={name.clone()} value={value.to_string()} checked={value == current} />
                    <span>{ text }</span>
                </label>
            }) }
        </div>
    }
}

/// The record table, as markup: rule names and numbers, all the page's own.
fn record_markup(record: &Record) -> String {
    let rows: String = rules()
        .map(|flaw| {
            let s = record.score(flaw);
            let best = s.best.map_or_else(|| "—".to_string(), |b| moves(b as usize));
            format!(r#"<tr><th scope="row">{}</th><td>{}</td><td>{best}</td></tr>"#, rule_name(flaw), s.attempts)
        })
        .collect();
    format!(
        r#"<summary>Your record</summary><table class="challenge__table" data-testid="challenge-record"><thead><tr><th scope="col">Rule broken</th><th scope="col">Attempts</th><th scope="col">Shortest win</th></tr></thead><tbody>{rows}</tbody></table>"#
    )
}

/// The goal, as markup.
const GOAL: &str = r#"<div class="challenge__goal"><h2 class="challenge__title" tabindex="-1">Challenge: make two nodes learn different values</h2><p class="challenge__rules">Each node wants its own value. Propose, crash and restart one node at a time, and slow down or drop a node's messages. The network delivers one message in five twice, by chance; a new attempt rolls new dice. You win when two nodes have learned different values; your score is the number of moves it took.</p></div>"#;

/// Why the `slowed` nodes' own ballots nearly never succeed.
fn hopeless(slowed: &[NodeId]) -> String {
    let names: Vec<String> = slowed.iter().map(ToString::to_string).collect();
    let (who, its) = match names.split_last() {
        Some((last, [])) => (format!("Node {last} is"), "its"),
        Some((last, rest)) => (format!("Nodes {} and {last} are", rest.join(", ")), "their"),
        None => return String::new(),
    };
    format!(
        "{who} slowed past a proposer's timeout: {its} ballots give up before the replies come, nearly every time, and {its} late Prepares cut in on later ballots."
    )
}

/// Markup of the page's own words, handed to Yew whole.
fn markup(text: String) -> Html {
    Html::from_html_unchecked(AttrValue::from(text))
}

/// Where the attempt stands: won (with the moment and the cause), a rule
/// broken but not won yet, or safety holding. Values the player typed are
/// written as text, never as markup.
/// `above`: the panel stands above the cluster (one column), which its
/// jumps then bring into view.
fn status(c: &Challenge, view: &ChallengeView, on_action: &Callback<Msg>, above: bool) -> Html {
    let seek = |index: u64, at: u64| {
        let on_action = on_action.clone();
        Callback::from(move |_: MouseEvent| {
            on_action.emit(Msg::SeekEvent { index, at });
            // On a phone the cards were below the result, half under the
            // time controls: "Show that moment" seemed to do nothing.
            if above {
                crate::ui::hooks::bring_to_top(".stage-wrap");
            }
        })
    };
    let (class, body) = match (&c.won, &view.broken) {
        (Some((w, best)), _) => {
            let ((a, va), (b, vb)) = (&w.first, &w.second);
            let cause = w.cause.as_ref().map(|(cause, index, at)| {
                (format!("The rule broke first at {}: {cause} ", seconds(*at)), (*index, *at))
            });
            (
                "challenge__status--won",
                html! { <>
                    <p class="challenge__verdict">
                        { format!("★ You broke it in {}!", moves(w.moves)) }
                        if *best {
                            <span class="challenge__best-badge">{ "new best" }</span>
                        }
                    </p>
                    <p>
                        { format!("Node {a} learned “{va}” and node {b} learned “{vb}”, at {}. ", seconds(w.at)) }
                        <button class="button button--ghost challenge__jump" onclick={seek(w.event, w.at)}>{ "Show that moment" }</button>
                    </p>
                    if let Some((text, at)) = cause {
                        <p class="challenge__cause">
                            { text }
                            <button class="button button--ghost challenge__jump" onclick={seek(at.0, at.1)}>{ "Show the cause" }</button>
                        </p>
                    }
                </> },
            )
        }
        (None, Some((what, at))) => (
            "challenge__status--cracked",
            html! { <p>{ format!("A rule broke at {}: {what} Not a win yet: keep going until two nodes have learned different values.", seconds(*at)) }</p> },
        ),
        (None, None) => (
            "challenge__status--holds",
            html! { <p>{ format!("Safety holds after {}. {}", moves(view.moves), if c.flaw.is_none() {
                "Correct Paxos never lets two nodes learn different values."
            } else {
                "With this rule broken, it can be done."
            }) }</p> },
        ),
    };
    // Not a live region: the win is said by its notice and a broken rule
    // by the page's announcer, and as a third voice this one read its
    // buttons' names into the middle of its sentences.
    html! {
        <div class={classes!("challenge__status", class)} data-testid="challenge-status">{ body }</div>
    }
}

/// Which part of the challenge a panel holds.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of it, in one panel beside the cluster.
    Whole,
    /// The goal and the result, above the cluster in one column.
    Goal,
    /// Each node's delay and drop and the rule broken, under the cluster
    /// and its time controls in one column.
    Moves,
}

/// The listeners of every radio button of a panel: a change reports what
/// was picked, and the rules' arrow keys move without picking.
fn listeners(on_action: &Callback<Msg>) -> (Callback<Event>, Callback<KeyboardEvent>) {
    let a = on_action.clone();
    let onchange = Callback::from(move |e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        if let Some(msg) = picked(&input.name(), &input.value()) {
            a.emit(msg);
        }
    });
    // The arrow keys go through the rules without picking one, and Space
    // or a click picks: picked as they moved, each rule passed over began
    // a new attempt and threw the last one's moves away. (The delays and
    // drops are moves themselves, and keep the usual radio keys.)
    let onkeydown = Callback::from(|e: KeyboardEvent| {
        // A modified arrow is someone else's (Alt+← is the browser's Back).
        if e.alt_key() || e.ctrl_key() || e.meta_key() || e.shift_key() {
            return;
        }
        let step: i32 = match e.key().as_str() {
            "ArrowDown" | "ArrowRight" => 1,
            "ArrowUp" | "ArrowLeft" => -1,
            _ => return,
        };
        let Some(input) = e.target_dyn_into::<HtmlInputElement>() else { return };
        if input.name() != RULE_GROUP {
            return;
        }
        let Ok(all) = gloo::utils::document().query_selector_all(&format!("input[name={RULE_GROUP}]")) else { return };
        let n = all.length() as i32;
        let here = (0..n).find(|&k| all.item(k as u32).is_some_and(|r| r.is_same_node(Some(&input)))).unwrap_or(0);
        if let Some(next) = all.item((here + step).rem_euclid(n.max(1)) as u32) {
            if let Ok(next) = next.dyn_into::<web_sys::HtmlElement>() {
                e.prevent_default();
                let _ = next.focus();
            }
        }
    });
    (onchange, onkeydown)
}

/// The goal, with New attempt and Leave challenge.
fn head(flaw: Option<Flaw>, on_action: &Callback<Msg>) -> Html {
    html! {
        <div class="challenge__head">
            { markup(GOAL.to_string()) }
            <div class="challenge__actions">
                <button class="button button--accent" onclick={on_action.reform(move |_: MouseEvent| Msg::Challenge(flaw))}
                    title="Start again from a fresh cluster with new dice">{ "New attempt" }</button>
                <button class="button" onclick={on_action.reform(|_: MouseEvent| Msg::LeaveChallenge)}
                    title="Back to the run you had before">{ "Leave challenge" }</button>
            </div>
        </div>
    }
}

/// Where the attempt stands, its count of moves and the record.
fn result(c: &Challenge, view: &ChallengeView, on_action: &Callback<Msg>, above: bool) -> Html {
    let flaw = c.flaw;
    let score = c.record.score(flaw);
    let best = score.best.map_or_else(|| "no win yet".to_string(), |b| format!("shortest win {}", moves(b as usize)));
    html! {
        <div class="challenge__col">
            { status(c, view, on_action, above) }
            <p class="challenge__score" data-testid="challenge-score">
                // The attempt number of this visit is left out: next
                // to the stored count, which only counts attempts
                // with a move, it read as a contradiction.
                { format!("This attempt: {}. {}, all visits: {} attempt{} played, {best}.", moves(view.moves),
                    rule_name(flaw), score.attempts, if score.attempts == 1 { "" } else { "s" }) }
            </p>
            if let Some(problem) = &c.problem {
                <p class="challenge__problem" role="status">{ problem }</p>
            }
            <details class="challenge__record">{ markup(record_markup(&c.record)) }</details>
        </div>
    }
}

/// Each node's Delay and Drop, and which node is down. `folded`: the
/// cards show Crash only once opened.
fn nodes(view: &ChallengeView, folded: bool) -> Html {
    html! {
        <div class="challenge__col challenge__nodes">
            { for view.nodes.iter().map(|n| {
                let id = n.id;
                let delays = DELAYS.iter().copied().zip(["none", "+1 s", "+2 s", "+4 s"]).collect();
                let drops = DROPS.iter().map(|p| whole_percent(*p)).zip(["none", "half", "all"]).collect();
                html! {
                    <div class={classes!("challenge__node", n.crashed.then_some("challenge__node--down"))}>
                        <span class="challenge__name">
                            { format!("Node {id}") }
                            if n.crashed {
                                <span class="challenge__down">{ "down" }</span>
                            }
                        </span>
                        <span class="challenge__what">{ "Delay" }</span>
                        { radios(format!("challenge-delay-{id}"), format!("Delay node {id}'s messages"), "", delays, n.delay) }
                        <span class="challenge__what">{ "Drop" }</span>
                        { radios(format!("challenge-drop-{id}"), format!("Drop node {id}'s messages"), "", drops, n.drop_pct) }
                    </div>
                }
            }) }
            <p class="challenge__one-down" data-testid="one-down">
                { match (view.down, folded) {
                    (Some(down), _) => format!("Node {down} is down. One node at a time: restart it before you crash another."),
                    // A phone's folded card hides Crash until its name
                    // is tapped: "the buttons on their cards" were
                    // nowhere to be seen.
                    (None, true) => "Crash and restart nodes from their cards (tap a card's name to open it), one at a time.".to_string(),
                    (None, false) => "Crash and restart nodes with the buttons on their cards, one at a time.".to_string(),
                } }
            </p>
            // Why a slowed node never gets its value chosen, which
            // otherwise looks like the page stuck: its timeout is
            // shorter than its messages now take.
            if !view.hopeless.is_empty() {
                <p class="challenge__one-down challenge__hopeless" data-testid="hopeless">
                    { hopeless(&view.hopeless) }
                </p>
            }
        </div>
    }
}

/// The rule broken in this attempt, and its hint.
fn rule_picker(flaw: Option<Flaw>) -> Html {
    let rule_options = rules().zip(0..).map(|(f, k)| (k, rule_name(f))).collect();
    let current_rule = rules().position(|f| f == flaw).unwrap_or(0) as u32;
    html! {
        <div class="challenge__col challenge__rules">
            <h3 class="challenge__label">{ "Rule broken" }</h3>
            { radios(RULE_GROUP.into(), "Rule broken".into(), "segmented--rules", rule_options, current_rule) }
            <p class="sr-only" id={RULE_KEYS_ID}>{ "The arrow keys move between the rules; Space picks one, and starts a new attempt." }</p>
            <details class="challenge__hint">
                { markup(format!("<summary>Hint</summary><p>{}</p>", hint(flaw))) }
            </details>
        </div>
    }
}

/// The `part` of the panel for challenge `c`, with `view` the run at the
/// cursor; `folded` when the cards are a phone's folded ones.
pub fn challenge_panel(
    c: &Challenge,
    view: &ChallengeView,
    on_action: &Callback<Msg>,
    part: Part,
    folded: bool,
) -> Html {
    let (onchange, onkeydown) = listeners(on_action);
    match part {
        Part::Whole => html! {
            <section class="panel challenge" role="region" aria-label="Challenge" {onchange} {onkeydown}>
                { head(c.flaw, on_action) }
                <div class="challenge__body">
                    { result(c, view, on_action, false) }
                    { nodes(view, folded) }
                    // The rule, picked once an attempt, comes last, in reading
                    // and Tab order alike: first, its seven pills pushed the
                    // result and each node's Delay and Drop, used move after
                    // move, below a laptop's first screen.
                    { rule_picker(c.flaw) }
                </div>
            </section>
        },
        // In one column the moves go under the cluster: above it, they
        // put the cards a screen and a half below them on a phone, and
        // every Propose or Crash between two moves was a long scroll.
        Part::Goal => html! {
            <section class="panel challenge" role="region" aria-label="Challenge">
                { head(c.flaw, on_action) }
                <div class="challenge__body">{ result(c, view, on_action, true) }</div>
            </section>
        },
        Part::Moves => html! {
            <section class="panel challenge challenge--moves" role="region" aria-labelledby="challenge-moves-title" {onchange} {onkeydown}>
                <h2 class="panel__title" id="challenge-moves-title">{ "Your moves" }</h2>
                <div class="challenge__body">
                    { nodes(view, folded) }
                    { rule_picker(c.flaw) }
                </div>
            </section>
        },
    }
}
