//! The global controls: prepared scenarios, the cluster size, network
//! faults, the seed, starting over, new rounds, and sharing. (Play, pause,
//! stepping and speed sit with the timeline under the cluster.)
//!
//! On a phone, or a short window in one column, the toolbar starts folded
//! to what a first visit needs (the scenarios, a new round and the
//! challenge) behind a "More" button: unfolded, it filled the whole first
//! screen and hid the cluster.

use super::percent_slider::{percent_slider, SliderParts};
use crate::sim::scenarios::SCENARIOS;
use crate::sim::{from_percent, Action};
use crate::ui::hooks::{focus_node, on_enter, use_media};
use crate::ui::model::{parse_seed, Msg, SIZES};
use crate::ui::url::clear_address;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Where the toolbar folds: a phone, or a window in one column no taller
/// than a 1024 × 768 projector's (unfolded there, with a scenario's text
/// above the cluster, the time controls covered the cards' buttons). The
/// stylesheet's rules for a folded toolbar hold wherever it is.
const FOLDING: &str = "(max-width: 640px), (max-width: 1100px) and (max-height: 800px)";

/// Whether the keys are going through a closed menu's list: set by the
/// arrow keys, cleared by any other key and by the pointer.
const ARROWING: &str = "data-arrowing";

/// A menu's change: picked at once, unless the arrow keys made it.
fn menu_change(pick: &Callback<HtmlSelectElement>) -> Callback<Event> {
    let pick = pick.clone();
    Callback::from(move |e: Event| {
        let menu: HtmlSelectElement = e.target_unchecked_into();
        if !menu.has_attribute(ARROWING) {
            pick.emit(menu);
        }
    })
}

/// A menu's keys: the arrows (and letters, which find an option by its
/// name) go through the list, Enter picks what they reached, and Escape
/// goes back to the run on screen (`current`). Other keys change nothing:
/// a screen reader's user presses Ctrl alone to quiet it.
fn menu_keys(pick: &Callback<HtmlSelectElement>, current: String) -> Callback<KeyboardEvent> {
    let pick = pick.clone();
    Callback::from(move |e: KeyboardEvent| {
        let menu: HtmlSelectElement = e.target_unchecked_into();
        let key = e.key();
        let plain = !e.alt_key() && !e.meta_key() && !e.ctrl_key();
        let arrowing = menu.has_attribute(ARROWING);
        // A space goes on a name being typed; else it opens the list.
        let typed = key.chars().count() == 1 && (key != " " || arrowing);
        let browsing = plain
            && (typed
                || matches!(
                    key.as_str(),
                    "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End" | "PageUp" | "PageDown"
                ));
        if browsing {
            let _ = menu.set_attribute(ARROWING, "");
        } else if key == "Enter" {
            let _ = menu.remove_attribute(ARROWING);
            pick.emit(menu);
        } else if key == "Escape" && arrowing {
            // Claimed: the page's own Escape would dismiss a notice too.
            e.prevent_default();
            let _ = menu.remove_attribute(ARROWING);
            menu.set_value(&current);
        } else if key == " " || key == "F4" || (e.alt_key() && key.starts_with("Arrow")) {
            // The list opens with what the keys reached, and a pick made in
            // it counts at once (no key of it reaches the menu).
            let _ = menu.remove_attribute(ARROWING);
        }
    })
}

/// Leaving a menu picks what its arrow keys reached: it shows that value,
/// so the run must be the one it names.
fn menu_left(pick: &Callback<HtmlSelectElement>) -> Callback<FocusEvent> {
    let pick = pick.clone();
    Callback::from(move |e: FocusEvent| {
        let menu: HtmlSelectElement = e.target_unchecked_into();
        let _ = menu.remove_attribute(ARROWING);
        // Picks nothing if the menu names the run on screen.
        pick.emit(menu);
    })
}

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    /// Cluster size.
    pub nodes: usize,
    /// Message loss, whole percent.
    pub loss: u32,
    /// Duplication, whole percent.
    pub duplication: u32,
    /// The current seed.
    pub seed: u64,
    /// Changes when the world is rebuilt (resets the seed box).
    pub epoch: u32,
    /// The scenario shown, by name, if any.
    pub scenario: Option<&'static str>,
    /// Where user actions go.
    pub on_action: Callback<Msg>,
    /// "Copy link" was pressed.
    pub on_copy: Callback<MouseEvent>,
    /// "Copy embed code" was pressed.
    pub on_embed: Callback<MouseEvent>,
    /// "Present" was pressed.
    pub on_present: Callback<MouseEvent>,
    /// "Random seed" was pressed.
    pub on_dice: Callback<MouseEvent>,
    /// "Start fresh" was pressed.
    pub on_fresh: Callback<MouseEvent>,
    /// "Export run" was pressed.
    pub on_export: Callback<MouseEvent>,
    /// A file was picked through "Import run".
    pub on_import: Callback<web_sys::File>,
}

/// The toolbar.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let seed_text = use_state(|| props.seed.to_string());
    {
        // A rebuilt world (new seed, size or reset) shows its own seed.
        let (seed_text, seed) = (seed_text.clone(), props.seed);
        use_effect_with(props.epoch, move |_| seed_text.set(seed.to_string()));
    }
    let a = &props.on_action;
    let new_round = a.reform(|_: MouseEvent| Msg::NewRound);
    let reset = a.reform(|_: MouseEvent| Msg::Reset);
    let on_loss = a.reform(|pct: u32| Msg::Act(Action::SetLoss { p: from_percent(pct) }));
    let on_dup = a.reform(|pct: u32| Msg::Act(Action::SetDuplication { p: from_percent(pct) }));
    let picker = use_node_ref();
    let pick = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = picker.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let picked = {
        let on_import = props.on_import.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                on_import.emit(file);
            }
            // The same file can be picked again after a fix.
            input.set_value("");
        })
    };
    // On a closed menu Chromium on Windows and Linux changes the value with
    // each arrow key, and each scenario or size passed over loaded in turn,
    // notice, story and all. While the keys go through the list, the pick
    // waits for Enter, or for leaving the menu; a pointer's pick, or one
    // made in the opened list, counts at once.
    let scenario = {
        let (a, current) = (a.clone(), props.scenario.unwrap_or(""));
        Callback::from(move |menu: HtmlSelectElement| {
            if menu.value() != current {
                // The address no longer names what the page opened with: a
                // reload opened that scenario again. Not the new one's name
                // either: the reader may act in it or leave it, and a reload
                // then threw their run away. Nor its options (any one asks
                // for a fresh run): bare, a reload brings back the run they
                // acted in last. (The toolbar is never in an embed.)
                clear_address();
                a.emit(Msg::Scenario(menu.value()));
            }
        })
    };
    let nodes = {
        let (a, current) = (a.clone(), props.nodes);
        Callback::from(move |menu: HtmlSelectElement| {
            // The menu only offers numbers; were it to hold anything else,
            // replacing the run with some default size would be worse than
            // doing nothing.
            if let Ok(n) = menu.value().parse() {
                if n != current {
                    a.emit(Msg::Nodes(n));
                }
            }
        })
    };
    let pointing = |pick: &Callback<HtmlSelectElement>| {
        let pick = pick.clone();
        Callback::from(move |e: PointerEvent| {
            // What the arrows reached first, then the pointer's own pick.
            // (Nothing is picked if the menu names the run on screen.)
            let menu: HtmlSelectElement = e.target_unchecked_into();
            let _ = menu.remove_attribute(ARROWING);
            pick.emit(menu);
        })
    };
    // The menus follow the run when it changes without them (an import, a
    // scenario left by acting in its past, a size from a link): an
    // option's `selected` attribute stops counting once the user has
    // picked from the menu, so the menu's value is set directly.
    let scenario_menu = use_node_ref();
    let nodes_menu = use_node_ref();
    {
        let (scenario_menu, nodes_menu) = (scenario_menu.clone(), nodes_menu.clone());
        use_effect_with((props.scenario, props.nodes), move |(name, n)| {
            if let Some(menu) = scenario_menu.cast::<HtmlSelectElement>() {
                menu.set_value(name.unwrap_or(""));
            }
            if let Some(menu) = nodes_menu.cast::<HtmlSelectElement>() {
                menu.set_value(&n.to_string());
            }
        });
    }
    // The refused text last said so, so that leaving the box after Enter
    // does not say it again.
    let refused = use_mut_ref(|| None::<String>);
    let seed_input = {
        let (seed_text, refused) = (seed_text.clone(), refused.clone());
        Callback::from(move |e: InputEvent| {
            // Typed again, it is said again, even in the same words.
            refused.borrow_mut().take();
            seed_text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let seed_apply = {
        let (a, seed_text, seed, refused) = (a.clone(), seed_text.clone(), props.seed, refused.clone());
        // Enter says a refusal again (as a new alert, read out again);
        // leaving the box does not repeat the one Enter just said.
        move |again: bool| {
            if *seed_text == seed.to_string() || (!again && refused.borrow().as_deref() == Some(seed_text.as_str())) {
                return;
            }
            *refused.borrow_mut() = parse_seed(&seed_text).is_err().then(|| (*seed_text).clone());
            a.emit(Msg::Seed((*seed_text).clone()));
        }
    };
    let seed_key = {
        let seed_apply = seed_apply.clone();
        on_enter(move || seed_apply(true))
    };
    let seed_blur = {
        let (seed_text, seed) = (seed_text.clone(), props.seed);
        Callback::from(move |_: FocusEvent| {
            seed_apply(false);
            // Left with refused text, the box shows the seed in use again
            // (the notice quotes what was refused): it went on saying
            // "abc" beside a run of seed 42.
            if parse_seed(&seed_text).is_err() {
                refused.borrow_mut().take();
                seed_text.set(seed.to_string());
            }
        })
    };
    // A phone folds the less used controls under "More", and so does a
    // short window in one column (a projector at 1280 × 720 zoomed to
    // 125 %): unfolded, the toolbar, the scenario's text and the time
    // controls left no card on the first screen.
    let folding = use_media(FOLDING);
    let unfolded = use_state(|| false);
    let toggle = {
        let unfolded = unfolded.clone();
        Callback::from(move |_: MouseEvent| unfolded.set(!*unfolded))
    };
    // Escape folds it again, as it closes a menu, and leaves the focus on
    // the button that unfolded it (the control it was on goes).
    let toggle_ref = use_node_ref();
    let escape = {
        let (unfolded, toggle_ref) = (unfolded.clone(), toggle_ref.clone());
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" && *unfolded {
                // Claimed: the page's own Escape would also dismiss a notice.
                e.prevent_default();
                unfolded.set(false);
                focus_node(&toggle_ref);
            }
        })
    };
    // The controls "More" reveals come before it: focus the first of them,
    // or a keyboard user's next Tab went on past them all.
    {
        let nodes_menu = nodes_menu.clone();
        use_effect_with(*unfolded, move |open| {
            if *open {
                focus_node(&nodes_menu);
            }
        });
    }
    // A run button pressed under More folds it again, as a menu closes
    // on a pick, with the focus on More: left open at 1024 × 768, the
    // panel and Copy link's notice pushed the cards under the time
    // controls.
    let then_fold = |pressed: &Callback<MouseEvent>| {
        let (pressed, unfolded, toggle_ref) = (pressed.clone(), unfolded.clone(), toggle_ref.clone());
        Callback::from(move |e: MouseEvent| {
            pressed.emit(e);
            if *unfolded {
                unfolded.set(false);
                focus_node(&toggle_ref);
            }
        })
    };
    let more = Some("toolbar__more");
    let mut sizes: Vec<usize> = SIZES.to_vec();
    if !sizes.contains(&props.nodes) {
        sizes.push(props.nodes); // a size from the address, such as 11
        sizes.sort_unstable();
    }
    html! {
        // A named region, not a toolbar: that role promises arrow keys
        // between its controls, which Tab moves through here; and as a
        // landmark it keeps every control of the page inside one.
        <section id="toolbar" class={classes!("toolbar", (folding && !*unfolded).then_some("toolbar--folded"))}
            aria-label="Simulation controls" onkeydown={escape}>
            <div class="toolbar__group">
                <label class="toolbar__field">
                    <span>{ "Scenario" }</span>
                    <select ref={scenario_menu} aria-label="Scenario" onchange={menu_change(&scenario)}
                        onkeydown={menu_keys(&scenario, props.scenario.unwrap_or("").to_string())} onblur={menu_left(&scenario)} onpointerdown={pointing(&scenario)}>
                        <option value="" selected={props.scenario.is_none()}>{ "Free play" }</option>
                        { for SCENARIOS.iter().map(|s| html! {
                            <option value={s.name} selected={props.scenario == Some(s.name)}>{ s.title }</option>
                        }) }
                    </select>
                </label>
                <label class={classes!("toolbar__field", more)}>
                    <span>{ "Nodes" }</span>
                    <select ref={nodes_menu} aria-label="Nodes" onchange={menu_change(&nodes)}
                        onkeydown={menu_keys(&nodes, props.nodes.to_string())} onblur={menu_left(&nodes)} onpointerdown={pointing(&nodes)}>
                        { for sizes.iter().map(|n| html! {
                            <option value={n.to_string()} selected={*n == props.nodes}>{ n }</option>
                        }) }
                    </select>
                </label>
                <label class={classes!("toolbar__field", more)}>
                    <span>{ "Seed" }</span>
                    // Marked invalid where it is typed, not only in the notice
                    // that refuses it, which may stand across the page; but
                    // not while empty, as it is between clearing it and
                    // typing a new one.
                    <input class="toolbar__seed" type="text" inputmode="numeric" aria-label="Seed"
                        aria-invalid={(!seed_text.trim().is_empty() && parse_seed(&seed_text).is_err()).then_some("true")}
                        value={(*seed_text).clone()} oninput={seed_input} onkeydown={seed_key} onblur={seed_blur} />
                </label>
                <button class={classes!("button", "button--icon", more)} onclick={props.on_dice.clone()} aria-label="Random seed"
                    title="A fresh seed from your browser's secure random source">
                    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" class="dice">
                        <rect x="1.5" y="1.5" width="15" height="15" rx="3.5" />
                        <circle cx="5.5" cy="5.5" r="1.5" /><circle cx="12.5" cy="5.5" r="1.5" />
                        <circle cx="9" cy="9" r="1.5" />
                        <circle cx="5.5" cy="12.5" r="1.5" /><circle cx="12.5" cy="12.5" r="1.5" />
                    </svg>
                </button>
            </div>
            <div class={classes!("toolbar__group", more)}>
                { percent_slider(SliderParts {
                    text: "Message loss", name: "Message loss".into(), pct: props.loss, max: 100,
                    class: "toolbar__field", on_change: on_loss,
                }) }
                { percent_slider(SliderParts {
                    text: "Duplication", name: "Duplication".into(), pct: props.duplication, max: 50,
                    class: "toolbar__field", on_change: on_dup,
                }) }
            </div>
            <div class="toolbar__group">
                <button class={classes!("button", more)} onclick={reset}
                    title="Start this run again from its beginning, without its actions">{ "Reset" }</button>
                <button class="button button--accent" onclick={new_round}
                    title="Start a fresh single-decree Paxos instance on every node, to choose a new value; ballots start again from 1">{ "New round" }</button>
                <button class={classes!("button", more)} onclick={then_fold(&props.on_copy)}
                    title="Copy a link that opens this run at this moment">{ "Copy link" }</button>
                <button class={classes!("button", more)} onclick={then_fold(&props.on_embed)}
                    title="Copy the HTML that shows this run, at this moment, in a course page">{ "Copy embed code" }</button>
                <button class={classes!("button", more)} onclick={then_fold(&props.on_present)}
                    title="Open this run, at this moment, large in a new tab: for a projector">{ "Present" }</button>
                <button class={classes!("button", more)} onclick={then_fold(&props.on_export)}
                    title="Save this run as a JSON file">{ "Export run" }</button>
                <button class={classes!("button", more)} onclick={pick} title="Open a run saved with Export run">{ "Import run" }</button>
                <input ref={picker} class="sr-only" type="file" accept=".json,application/json" tabindex="-1"
                    aria-hidden="true" onchange={picked} />
                <button class="button button--challenge" onclick={a.reform(|_: MouseEvent| Msg::Challenge(None))}
                    title="Try to make two nodes learn different values, with Paxos and with a rule broken">{ "Challenge" }</button>
                <button class={classes!("button", more)} onclick={then_fold(&props.on_fresh)}
                    title="Forget the run kept in this browser and start the default one">{ "Start fresh" }</button>
                if folding {
                    <button class="button toolbar__toggle" onclick={toggle} ref={toggle_ref}
                        aria-expanded={(*unfolded).to_string()} aria-controls="toolbar">
                        { if *unfolded { "Less" } else { "More" } }
                        <span class="icon" aria-hidden="true">{ if *unfolded { " ▴" } else { " ▾" } }</span>
                    </button>
                }
            </div>
        </section>
    }
}
