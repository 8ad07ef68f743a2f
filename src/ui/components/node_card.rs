//! One node as a card: its proposer, acceptor and learner state, like the
//! demo's `GET /state/`, plus the controls that act on it.
//!
//! The card takes the node itself as a prop and writes its own text, so it
//! renders only when its node changes: an event elsewhere in the cluster
//! costs it one comparison.

use super::percent_slider::{percent_slider, SliderParts};
use crate::paxos::{Node, NodeId, Phase, Value};
use crate::sim::{from_percent, Action, SimError, MAX_VALUE_CHARS};
use crate::ui::hooks::{hold, on_enter};
use crate::ui::layout::Cards;
use crate::ui::model::{seconds, Msg};
use crate::ui::view::{short, short_pair, Mark};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// How long, in ms, a phone's card just opened takes no taps on its
/// controls (see `node-card--settling` in style.css).
const SETTLING_MS: u32 = 700;

/// Props of [`NodeCard`].
#[derive(Properties, PartialEq)]
pub struct NodeCardProps {
    /// The node at the cursor.
    pub node: Node,
    /// Whether it is crashed.
    pub crashed: bool,
    /// Its cut links, in words (see [`crate::ui::view::cut_off`]).
    pub cut_off: Option<AttrValue>,
    /// Whether it is on a minority side of a partition: outlined, its
    /// words on cut links in the partition's colour.
    pub apart: bool,
    /// Its failure probability, in whole percent.
    pub failure_pct: u32,
    /// The extra ticks on every message it sends (a challenge's Delay).
    pub delay: u32,
    /// How many replies its proposer needs.
    pub quorum: usize,
    /// The card's position and size, as a CSS `style`.
    pub style: AttrValue,
    /// The value suggested in the value box: the node's own value at the
    /// moment shown, which the box follows until the reader types in it.
    pub suggestion: AttrValue,
    /// Why the last proposal here was refused, if it was.
    pub error: Option<String>,
    /// How much the card shows.
    pub cards: Cards,
    /// A highlight: a quorum it belongs to, or where safety broke.
    pub mark: Option<Mark>,
    /// Why a press of Crash would be refused (a challenge's one node at a
    /// time), if it would: the button looks unavailable and says why, and
    /// a press still explains itself in a notice.
    pub crash_refused: Option<AttrValue>,
    /// Whether it offers its loss slider (not in a challenge, whose panel
    /// offers each node's Drop: a slider's 25% matched none of them).
    pub loss_slider: bool,
    /// Whether its history is shown.
    pub selected: bool,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
}

/// The proposer's line, in a `phase` with `quorum` replies needed, and a
/// second: its progress towards the quorum; once it decided, that its
/// learner has yet to hear (the node `learned` nothing yet), or a value
/// it learned that differs from the one it decided.
pub fn proposer_lines(phase: &Phase, quorum: usize, learned: Option<&Value>) -> (String, Option<String>) {
    match phase {
        Phase::Idle => ("no proposal".to_string(), None),
        Phase::Preparing { ballot, promises, .. } => {
            (format!("ballot n={ballot}"), Some(format!("{} of {quorum} promises heard", promises.count().min(quorum))))
        }
        Phase::Accepting { ballot, value, accepts, .. } => (
            format!("(n={ballot}, {})", short(value)),
            Some(format!("{} of {quorum} acceptances heard", accepts.count().min(quorum))),
        ),
        Phase::Backoff { gave_up, .. } => (format!("gave up n={gave_up}"), Some("retrying soon".to_string())),
        Phase::Decided { value } => {
            let other = match learned {
                // The node's own learner hears by the Decide it sent
                // itself: "decided" beside "Learned —" read as a
                // contradiction.
                None => Some("learns it as its Decide arrives".to_string()),
                // Only under a broken rule: its own learner had already
                // taken another value, and keeps it. Said, or the card
                // contradicts itself.
                Some(l) if l != value => Some(format!("but it had learned {}", short(l))),
                Some(_) => None,
            };
            (format!("decided {}", short(value)), other)
        }
    }
}

/// The card's badge and its tooltip: the proposer's phase, or, while the
/// proposer rests, the furthest thing the node did as an acceptor or a
/// learner.
pub fn badge(node: &Node) -> (&'static str, &'static str) {
    let phase = node.proposer.phase.name();
    // "idle" beside a card that had just accepted the winning proposal, or
    // learned it, read as a node left out of the round.
    match &node.proposer.phase {
        Phase::Idle if node.learned.is_some() => ("learned", "Its proposer is idle; it has learned a value"),
        Phase::Idle if node.acceptor.accepted.is_some() => {
            ("accepted", "Its proposer is idle; as an acceptor it has accepted a proposal")
        }
        Phase::Idle if node.acceptor.promised.is_some() => {
            ("promised", "Its proposer is idle; as an acceptor it has promised a ballot")
        }
        Phase::Idle => (phase, "Its proposer is not proposing, and its acceptor has promised nothing yet"),
        Phase::Preparing { .. } => (phase, "Its proposer is asking for promises (phase 1)"),
        Phase::Accepting { .. } => (phase, "Its proposer is asking the acceptors to accept its proposal (phase 2)"),
        Phase::Backoff { .. } => (phase, "Its proposer gave up a ballot and waits a moment before trying a higher one"),
        Phase::Decided { .. } => {
            (phase, "It counted enough acceptances to call its proposal chosen, and sent Decide to every node")
        }
    }
}

/// A node card.
#[component]
pub fn NodeCard(props: &NodeCardProps) -> Html {
    let node = &props.node;
    let id: NodeId = node.id;
    let crashed = props.crashed;
    let text = use_state_eq(|| props.suggestion.to_string());
    // The box follows its suggestion (the node's value at the moment shown)
    // until the reader types in it; from then on it holds their words.
    let typed = use_mut_ref(|| false);
    {
        let (text, typed) = (text.clone(), typed.clone());
        use_effect_with(props.suggestion.clone(), move |suggestion| {
            if !*typed.borrow() {
                text.set(suggestion.to_string());
            }
        });
    }

    let oninput = {
        let (text, on_action, refused) = (text.clone(), props.on_action.clone(), props.error.is_some());
        Callback::from(move |e: InputEvent| {
            *typed.borrow_mut() = true;
            text.set(e.target_unchecked_into::<HtmlInputElement>().value());
            // Only then: a message per keystroke would re-render the page.
            if refused {
                on_action.emit(Msg::Edited(id));
            }
        })
    };
    let propose = {
        let (text, on_action) = (text.clone(), props.on_action.clone());
        move || on_action.emit(Msg::Propose(id, (*text).clone()))
    };
    let onkeydown = on_enter(propose.clone());
    let onclick_propose_folded = {
        let propose = propose.clone();
        Callback::from(move |e: MouseEvent| {
            // Not also the folded card's tap, which would open it.
            e.stop_propagation();
            propose();
        })
    };
    let onclick_propose = Callback::from(move |_: MouseEvent| propose());
    let onclick_power = props.on_action.reform(move |_: MouseEvent| {
        Msg::Act(if crashed { Action::Restart { node: id } } else { Action::Crash { node: id } })
    });
    let on_fail =
        props.on_action.reform(move |pct: u32| Msg::Act(Action::SetNodeFailure { node: id, p: from_percent(pct) }));

    let phase = node.proposer.phase.name();
    let (badge, badge_title) = badge(node);
    let (proposer, progress) = proposer_lines(&node.proposer.phase, props.quorum, node.learned.as_ref());
    let name = format!("Node {id}");
    // A phone's card shows its controls only while opened: its name, or
    // a tap anywhere on it, opens it. The card then stays where it is on
    // screen, though one above it folds (see `keep_held`).
    let phone = props.cards == Cards::Folded;
    let this_card = format!("section[aria-label='Node {id}']");
    let settling = use_state_eq(|| false);
    let select = {
        let (on_action, just_opened, this_card) =
            (props.on_action.clone(), *settling && props.selected, this_card.clone());
        Callback::from(move |e: MouseEvent| {
            // Not again by the folded card's own tap, below.
            e.stop_propagation();
            // A double tap on the name opened the card and folded it
            // again at once (not a key's press, whose click has no taps).
            if just_opened && e.detail() > 0 {
                return;
            }
            if phone {
                hold(&this_card);
            }
            on_action.emit(Msg::Select(id));
        })
    };
    let folded = phone && !props.selected;
    // Just opened, its controls take no taps for a moment: they come in
    // under the finger that opened the card (the page scrolls them into
    // view), and a quick second tap pressed Propose or Crash unmeant.
    {
        let settling = settling.clone();
        use_effect_with(phone && props.selected, move |&opened| {
            // Folded again before the timer ran, it must not stay settling:
            // widened to a laptop's page, its controls took no clicks.
            settling.set(opened);
            let timer = opened.then(|| {
                let settling = settling.clone();
                gloo::timers::callback::Timeout::new(SETTLING_MS, move || settling.set(false))
            });
            move || drop(timer)
        });
    }
    let open_on_tap = folded.then(|| {
        let this_card = this_card.clone();
        props.on_action.reform(move |_: MouseEvent| {
            hold(&this_card);
            Msg::Select(id)
        })
    });
    let mark_text = props.mark.map(Mark::text);
    // A quorum mark says more about the past; being cut off is the present,
    // so it shows only when no mark does. Under a mark, a "✂ cut" tag on
    // the card's top edge says the links are cut (its tooltip says which):
    // a student read a walk's "node 1's link to node 2 is cut" against
    // cards that said nothing of it.
    // Pressed (a phone shows no tooltip), the tag puts the cut in the
    // mark's place until pressed again.
    let cut_shown = use_state_eq(|| false);
    let cut_behind_mark = props.cut_off.clone().filter(|_| mark_text.is_some());
    let swap = cut_behind_mark.is_some() && *cut_shown;
    let cut_off_text = props.cut_off.clone().filter(|_| mark_text.is_none() || swap);
    let mark_text = mark_text.filter(|_| !swap);
    let toggle_cut = {
        let cut_shown = cut_shown.clone();
        Callback::from(move |e: MouseEvent| {
            // Not also the folded card's tap, which would open it.
            e.stop_propagation();
            cut_shown.set(!*cut_shown);
        })
    };
    let class = classes!(
        "node-card",
        format!("node-card--{phase}"),
        props.mark.map(|m| format!("node-card--{}", m.name())),
        props.mark.and_then(Mark::also).map(|q| format!("node-card--also-{q}")),
        matches!(props.cards, Cards::Compact | Cards::Minimal).then_some("node-card--compact"),
        folded.then_some("node-card--folded"),
        (*settling && !folded).then_some("node-card--settling"),
        (props.cards == Cards::Minimal).then_some("node-card--minimal"),
        crashed.then_some("node-card--crashed"),
        // Only the side that cannot reach a majority: a one-way cut, or
        // the majority side's lost links to it, are told in words only.
        props.apart.then_some("node-card--isolated"),
        node.learned.is_some().then_some("node-card--learned"),
    );
    let error_id = format!("node-{id}-error");
    let value_id = format!("node-{id}-value");
    // A value too long is said while it is typed, not only on Propose.
    let typed = text.chars().count();
    let error =
        props.error.clone().or_else(|| (typed > MAX_VALUE_CHARS).then(|| SimError::ValueTooLong(typed).to_string()));
    html! {
        <section class={class} style={props.style.clone()} role="group" aria-label={name.clone()} onclick={open_on_tap}>
            <div class="node-card__head">
                <h2 class="node-card__name">
                    // The history panel lives in the full page's sidebar.
                    if props.cards == Cards::Folded {
                        // A disclosure: it opens the card's controls (and
                        // the node's history, under the cluster).
                        <button class="node-card__select node-card__select--fold" onclick={select}
                            aria-expanded={props.selected.to_string()}
                            title={if props.selected {
                                "Fold this card, and close the node's history"
                            } else {
                                "Open this card's value box, loss and Crash, and the node's history"
                            }}>
                            { name.clone() }
                            <span class="node-card__chevron" aria-hidden="true">{ if props.selected { "▴" } else { "▾" } }</span>
                        </button>
                    } else if props.cards == Cards::Full {
                        // Named by its text alone, the tooltip describing
                        // it: named "Node 1 history", it named the heading
                        // too, and a screen reader's list of headings read
                        // "history" for every card.
                        <button class="node-card__select" onclick={select} aria-pressed={props.selected.to_string()}
                            title="Show what this node promised, accepted and learned">
                            { name.clone() }
                        </button>
                    } else {
                        { name.clone() }
                    }
                </h2>
                if let Some(cut) = cut_behind_mark {
                    <button type="button" class={classes!("node-card__cut", props.apart.then_some("node-card__cut--apart"))}
                        title={format!("{cut} (press to read it in place of the mark)")} aria-pressed={swap.to_string()}
                        aria-label={format!("Links cut: {cut}")} onclick={toggle_cut}>
                        { "✂ cut" }
                    </button>
                }
                if crashed {
                    <span class="node-card__badge node-card__badge--crashed">{ "crashed" }</span>
                } else {
                    <span class={classes!("node-card__badge", format!("node-card__badge--{badge}"))} title={badge_title}>{ badge }</span>
                }
            </div>
            if let (Some(text), Some((shown, rest))) = (mark_text, props.mark.map(Mark::shown)) {
                <p class="node-card__mark" title={text}>
                    { shown }
                    if !rest.is_empty() {
                        <span class="node-card__rest">{ rest }</span>
                    }
                </p>
            } else if let Some(text) = cut_off_text {
                <p class={classes!("node-card__mark", "node-card__mark--cut", props.apart.then_some("node-card__mark--apart"))}>{ text }</p>
            }
            <p class="node-card__proposer">
                <span class="node-card__ballot">{ proposer }</span>
                if let Some(progress) = progress {
                    <span class="node-card__progress">{ progress }</span>
                }
            </p>
            <dl class="node-card__state">
                <dt>{ "Promised" }</dt>
                <dd class="node-card__promised">
                    { node.acceptor.promised.map_or_else(|| "—".to_string(), |b| format!("n={b}")) }
                </dd>
                <dt>{ "Accepted" }</dt>
                <dd class="node-card__accepted">{ node.acceptor.accepted.as_ref().map_or_else(|| "—".to_string(), short_pair) }</dd>
                <dt>{ "Learned" }</dt>
                <dd class={classes!("node-card__learned", node.learned.is_none().then_some("node-card__learned--none"))}
                    title={node.learned.as_ref().map(|l| l.to_string())}>
                    { node.learned.as_ref().map_or_else(|| "—".to_string(), short) }
                </dd>
            </dl>
            // A locked embed shows the state only. A phone's folded card
            // keeps Propose, with the value in its box, so that two
            // quick taps on two cards still race two proposals; its name
            // (a ▾ disclosure), or a tap on the card, opens the rest.
            if folded {
                // What the folded slider is set to, when it loses anything:
                // folded, a node set to lose every message looked like
                // any other.
                if props.failure_pct > 0 {
                    <p class="node-card__loss-note">{ format!("loses {}% of its messages", props.failure_pct) }</p>
                }
                // So is a challenge's Delay, set in its panel far below:
                // a slowed node looked like any other.
                if props.delay > 0 {
                    <p class="node-card__loss-note">{ format!("sends its messages {} late", seconds(u64::from(props.delay))) }</p>
                }
                <div class="node-card__quick">
                    if !crashed {
                        <button class="button button--primary node-card__quick-propose"
                            aria-label={format!("Propose at node {id}")}
                            aria-invalid={error.is_some().then_some("true")}
                            aria-describedby={if error.is_some() { format!("{value_id} {error_id}") } else { value_id.clone() }}
                            onclick={onclick_propose_folded}>
                            { "Propose" }
                        </button>
                        // The value it proposes, beside it (and its
                        // description): inside, it made the button's text
                        // differ from its name.
                        <span id={value_id.clone()} class="node-card__quick-value" title={(*text).clone()}>{ (*text).clone() }</span>
                    }
                    if crashed {
                        <span class="node-card__unfold" aria-hidden="true">{ "Restart: tap ▾" }</span>
                    }
                    if let Some(error) = &error {
                        <p id={error_id.clone()} class="node-card__error" role="alert">{ error }</p>
                    }
                </div>
            } else if props.cards != Cards::Minimal {
                <div class="node-card__propose">
                    // The length limit is above MAX_VALUE_CHARS on purpose:
                    // a value too long gets the page's message saying how
                    // long it may be, not typing that silently stops. It
                    // only bounds a paste.
                    <input
                        class="node-card__value"
                        type="text"
                        maxlength="200"
                        value={(*text).clone()}
                        aria-label={format!("Value for node {id}")}
                        aria-invalid={error.is_some().then_some("true")}
                        aria-describedby={error.is_some().then(|| error_id.clone())}
                        disabled={crashed}
                        {oninput}
                        {onkeydown}
                    />
                    <button
                        class="button button--primary"
                        aria-label={format!("Propose at node {id}")}
                        disabled={crashed}
                        onclick={onclick_propose}
                    >{ "Propose" }</button>
                    // Floats over the row below, so a refusal never changes the
                    // card's size or pushes into its neighbours.
                    if let Some(error) = &error {
                        <p id={error_id} class="node-card__error" role="alert">{ error }</p>
                    }
                </div>
                <div class="node-card__faults">
                    // The failure slider needs the full card's room.
                    if props.cards.of_page() && props.loss_slider {
                        { percent_slider(SliderParts {
                            text: "loss",
                            name: format!("Message loss at node {id}").into(),
                            pct: props.failure_pct,
                            max: 100,
                            class: "node-card__fail",
                            on_change: on_fail,
                        }) }
                    }
                    <button
                        class={classes!("button", if crashed { "button--restart" } else { "button--crash" })}
                        aria-label={format!("{} node {id}", if crashed { "Restart" } else { "Crash" })}
                        aria-disabled={(!crashed && props.crash_refused.is_some()).then_some("true")}
                        title={props.crash_refused.clone().filter(|_| !crashed)}
                        onclick={onclick_power}
                    >{ if crashed { "Restart" } else { "Crash" } }</button>
                </div>
            }
        </section>
    }
}
