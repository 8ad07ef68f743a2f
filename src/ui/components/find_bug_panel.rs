//! "Find a bug": the model checker, run from the page on a small cluster
//! with the rules broken that are broken at the timeline's moment.
//!
//! The search runs in its own Web Worker ([`crate::ui::find_bug`]), loaded
//! when the button is first pressed, so the page stays responsive: the
//! panel shows the states explored and the states per second as they come,
//! and "Cancel" terminates the worker. With no bug to find it reports how
//! many states it checked; with one, it opens the shortest counterexample
//! as the run on screen, paused before its first move, and the notice says what
//! broke. A component, not a plain function: it owns the worker.

use crate::paxos::{Flaw, Flaws};
use crate::sim::explore::{Found, Model, Outcome, Progress, Update};
use crate::sim::link::{decode, RunLink};
use crate::sim::narrate::{grouped, seconds};
use crate::ui::find_bug::{Heard, Hunt};
use crate::ui::hooks::{focus_node, watch_from_the_top};
use crate::ui::model::{Msg, Notice};
use crate::ui::view::rule;
use yew::prelude::*;

/// Props of [`FindBugPanel`].
#[derive(Properties, PartialEq, Clone)]
pub struct FindBugPanelProps {
    /// The rules broken at the timeline's moment: the search breaks them too.
    pub flaws: Flaws,
    /// Where a counterexample is sent, to open it.
    pub on_action: Callback<Msg>,
}

/// Where the search is: not asked, loading, running, done, cancelled,
/// failed, or outdated by a switch changed since.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchState {
    /// Nothing asked yet.
    Idle,
    /// The worker is loading.
    Loading,
    /// Searching; the latest progress.
    Running(Progress),
    /// Done: what to say, and the figures behind it.
    Finished {
        /// The sentence for the reader.
        text: String,
        /// States explored.
        states: u64,
        /// Milliseconds the search took.
        elapsed_ms: u64,
        /// Whether a counterexample was found.
        found: bool,
    },
    /// Cancelled after this many states.
    Cancelled(u64),
    /// Something went wrong, in plain words.
    Failed(String),
    /// The rules switched on changed since the search started (these
    /// are the ones it searched with): its result, or the search still
    /// running, no longer speaks for the rules shown, so it is dropped.
    Outdated(Flaws),
}

impl SearchState {
    /// Whether a worker is loading or searching.
    pub fn busy(&self) -> bool {
        matches!(self, SearchState::Loading | SearchState::Running(_))
    }
}

/// States per second, whole (integer formatting keeps floats out of the
/// page's wasm).
fn per_second(p: &Progress) -> u64 {
    p.states_per_second() as u64
}

/// The rules broken, for a sentence: "with no rule broken", or "with
/// “Ignore prior accepted values”".
pub fn broken_rules(flaws: Flaws) -> String {
    if flaws.is_empty() {
        return "with every rule kept".to_string();
    }
    let names: Vec<String> = flaws.iter().map(|f| format!("“{}”", rule(f).0)).collect();
    format!("with {} switched on", names.join(" and "))
}

/// The name an opened counterexample goes by.
pub const COUNTEREXAMPLE: &str = "the model checker's counterexample";

/// A finished search: what the panel says and, if a counterexample was
/// found, the run to open and the notice that explains it. An error if the
/// counterexample cannot be opened.
pub fn finish(outcome: &Outcome, flaws: Flaws) -> Result<(SearchState, Option<(RunLink, Notice)>), String> {
    let p = &outcome.progress;
    let elapsed_ms = p.elapsed_ms.max(0.0) as u64;
    let rate = grouped(per_second(p));
    // A measured time, rounded to the tenth (`seconds` cuts ticks short).
    let (states, time) = (grouped(p.states), seconds(elapsed_ms.saturating_add(50)));
    let finished = |text: String, found: bool| SearchState::Finished { text, states: p.states, elapsed_ms, found };
    let Some(Found { steps, violation, run }) = &outcome.found else {
        let text = if outcome.complete {
            format!(
                "No violation: all {states} reachable states checked {} in {time} ({rate} states/s). In this small model, no two nodes ever learn different values{}.",
                broken_rules(flaws),
                // The model crashes a node only to test forgotten promises:
                // an engineer read "no violation" as covering crashes.
                if flaws.has(Flaw::Amnesia) { "" } else { " (it crashes no node unless “Forget acceptor state on restart” is on)" }
            )
        } else {
            format!("No violation in the {states} states checked, but the search stopped early.")
        };
        return Ok((finished(text, false), None));
    };
    let link = decode(run).map_err(|e| format!("The counterexample could not be read: {e}"))?;
    // Replayed once here, so a run that cannot open leaves the page's run
    // alone and says why, instead of a notice about a run not shown.
    if let Err((k, e)) = link.open() {
        return Err(format!("The counterexample's step {k} cannot happen in the simulator: {e}"));
    }
    // A search over in a blink has no speed worth quoting, but says so:
    // with the time left out, the results read as unevenly reported.
    let speed = if elapsed_ms >= 100 { format!(" ({time}, {rate} states/s)") } else { " (in under 0.1 s)".to_string() };
    let text = format!("Bug found in {states} states{speed}. {violation} The shortest way there takes {steps} moves, a second apart on the timeline.");
    let notice = Notice::info(format!(
        "The model checker found a bug: {violation} Its shortest counterexample, {steps} moves, is now the run on screen, paused before its first move: press Step to walk through it, one move at a time. The run pauses again at the moment safety breaks, and the event log and the invariants panel point at it. Past its end, Step and Play deliver what is still on its way, oldest first."
    ));
    Ok((finished(text, true), Some((link, notice))))
}

/// The panel.
#[component]
pub fn FindBugPanel(props: &FindBugPanelProps) -> Html {
    let search = use_state_eq(|| SearchState::Idle);
    let hunt = use_mut_ref(|| None::<Hunt>);
    // The rules the last search was started with.
    let searched = use_mut_ref(|| props.flaws);
    {
        // Why: a "no violation" under a rule switched on after the search
        // would read as "this rule is safe to break".
        let (search, hunt, searched) = (search.clone(), hunt.clone(), searched.clone());
        use_effect_with(props.flaws, move |flaws| {
            let old = *searched.borrow();
            if old != *flaws && !matches!(*search, SearchState::Idle | SearchState::Outdated(_)) {
                hunt.borrow_mut().take();
                search.set(SearchState::Outdated(old));
            }
        });
    }
    // The worker holds the search's memory: let it go as soon as the search
    // is over (dropping the hunt terminates it).
    {
        let hunt = hunt.clone();
        use_effect_with(search.busy(), move |busy| {
            if !*busy {
                hunt.borrow_mut().take();
            }
        });
    }

    let on_find = {
        let (search, hunt, on_action, flaws) = (search.clone(), hunt.clone(), props.on_action.clone(), props.flaws);
        let searched = searched.clone();
        Callback::from(move |_: MouseEvent| {
            *searched.borrow_mut() = flaws;
            let on_heard = {
                let (search, on_action) = (search.clone(), on_action.clone());
                Callback::from(move |heard: Heard| match heard {
                    Ok(Update::Progress(p)) => search.set(SearchState::Running(p)),
                    Ok(Update::Done(outcome)) => match finish(&outcome, flaws) {
                        Ok((next, open)) => {
                            if let Some((link, notice)) = open {
                                on_action.emit(Msg::OpenRun(link, COUNTEREXAMPLE.to_string(), Some(notice)));
                                // Cancel, which had the focus, is going.
                                watch_from_the_top();
                            }
                            search.set(next);
                        }
                        Err(why) => search.set(SearchState::Failed(why)),
                    },
                    Ok(Update::Failed { why }) | Err(why) => search.set(SearchState::Failed(why)),
                    Ok(Update::Ready) => {}
                })
            };
            // Any earlier worker goes first.
            hunt.borrow_mut().take();
            match Hunt::start(Model::find_bug(flaws), on_heard) {
                Ok(started) => {
                    *hunt.borrow_mut() = Some(started);
                    search.set(SearchState::Loading);
                }
                Err(why) => search.set(SearchState::Failed(why)),
            }
        })
    };
    let on_cancel = {
        let (search, hunt) = (search.clone(), hunt.clone());
        Callback::from(move |_: MouseEvent| {
            hunt.borrow_mut().take();
            let states = if let SearchState::Running(p) = &*search { p.states } else { 0 };
            search.set(SearchState::Cancelled(states));
        })
    };

    let busy = search.busy();
    // The button pressed leaves under the keyboard: Find a bug is disabled
    // while the search runs, and Cancel goes once it stops. Focus then fell
    // to the page's top, a long way up: hand it to the button that took the
    // pressed one's place. Not when a counterexample opens (Play has it
    // then), and not if focus went anywhere else.
    let (find_ref, cancel_ref) = (use_node_ref(), use_node_ref());
    {
        let (find_ref, cancel_ref) = (find_ref.clone(), cancel_ref.clone());
        let stays = !matches!(*search, SearchState::Idle | SearchState::Finished { found: true, .. });
        // Only as a search starts or stops: a result going out of date
        // later, while focus is on the page, is no reason to move it.
        use_effect_with(busy, move |&busy| {
            let document = gloo::utils::document();
            // (The browser lets go of a disabled button's focus only at its
            // next frame, after this runs.)
            let left = |e: web_sys::Element| {
                document.body().is_some_and(|b| *b == e) || find_ref.get().is_some_and(|f| f == *e)
            };
            let dropped = document.active_element().is_none_or(left);
            let heir = if busy { Some(cancel_ref) } else { stays.then_some(find_ref) };
            if let (true, Some(heir)) = (dropped, heir) {
                focus_node(&heir);
            }
        });
    }
    let (status, progress) = match &*search {
        SearchState::Idle => (String::new(), None),
        SearchState::Loading => ("Loading the model checker…".to_string(), Some(String::new())),
        SearchState::Running(p) => (
            "Searching…".to_string(),
            Some(format!(
                "{} states explored · {} states/s",
                grouped(p.states),
                grouped(per_second(p))
            )),
        ),
        SearchState::Finished { text, .. } => (text.clone(), None),
        SearchState::Cancelled(states) => (format!("Cancelled after {} states.", grouped(*states)), None),
        SearchState::Failed(why) => (why.clone(), None),
        SearchState::Outdated(old) => (
            format!(
                "The last search ran {}; the rules switched on have changed since, so its result no longer applies. Press Find a bug to search with the rules as they are now.",
                broken_rules(*old)
            ),
            None,
        ),
    };
    let tone = match &*search {
        SearchState::Finished { found: true, .. } | SearchState::Failed(_) => Some("find-bug__status--bad"),
        SearchState::Finished { found: false, .. } => Some("find-bug__status--good"),
        _ => None,
    };
    let quiet = matches!(*search, SearchState::Finished { found: true, .. });
    let (states, elapsed, found) = match &*search {
        SearchState::Finished { states, elapsed_ms, found, .. } => {
            (Some(states.to_string()), Some(elapsed_ms.to_string()), Some(found.to_string()))
        }
        _ => (None, None, None),
    };
    html! {
        <section class="panel find-bug" role="region" aria-label="Find a bug">
            <h2 class="panel__title">{ "Find a bug" }</h2>
            <p class="find-bug__intro">
                { "The model checker tries every interleaving of 3 nodes and 2 proposers with two ballots each, on a network that may lose, reorder or repeat any message, with the rules broken under Break a rule; with promises forgotten on restart, one node may also crash and restart. It stops at the first run in which two nodes learn different values." }
            </p>
            <div class="find-bug__actions">
                <button class="button button--primary" onclick={on_find} disabled={busy} ref={find_ref}>{ "Find a bug" }</button>
                if busy {
                    <button class="button" onclick={on_cancel} ref={cancel_ref}>{ "Cancel" }</button>
                }
            </div>
            if let Some(counter) = progress {
                <div class="find-bug__running">
                    <progress class="find-bug__bar" aria-label="Model checker progress" />
                    <p class="find-bug__count" data-testid="find-bug-progress">{ counter }</p>
                </div>
            }
            // Quiet once a bug is found: the notice that opens its
            // counterexample says the same, and both were read out.
            <p class={classes!("find-bug__status", tone)} role="status" data-testid="find-bug-status"
                aria-live={quiet.then_some("off")}
                data-states={states} data-elapsed-ms={elapsed} data-found={found}>
                { status }
            </p>
        </section>
    }
}
