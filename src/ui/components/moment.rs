//! What the page derives from the run at the moment shown, kept between
//! renders: the log's lines, the screen reader's announcement, the marks
//! on the timeline bar, the value boxes' starting text, the ballot colours,
//! the quorum the cards light up, and the space-time diagram. Each is
//! worked out again only when its own part of the run changed (a new
//! moment, action or branch), never because a frame passed; the App
//! component only lays them out. A hook of App's, beside the components
//! whose pieces it prepares (the value boxes, the timeline's marks).

use super::stage::box_values;
use super::timeline_bar::{self, BarMarks};
use crate::sim::diagram::Diagram;
use crate::ui::model::Model;
use crate::ui::view::{self, BallotColours, LogCache, LogLine, Quorum};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The memoised views of one moment (see the module's note).
pub struct MomentViews {
    /// The run and its branch: a new run (the model's epoch) or a fork
    /// starts everything that accumulates afresh.
    pub branch: (u32, u32),
    /// The event log's lines, newest first.
    pub lines: Rc<Vec<LogLine>>,
    /// What the live region says (empty when nothing new is worth it).
    pub announcement: Rc<String>,
    /// The timeline bar's marks, and their markup.
    pub bar_marks: Rc<BarMarks>,
    /// What each card's value box starts with.
    pub boxes: Rc<Vec<AttrValue>>,
    /// Each ballot's colour, when "Colour by ballot" is on.
    pub colours: Rc<BallotColours>,
    /// The quorum behind the chosen value or an adopted one.
    pub quorum: Rc<Quorum>,
    /// The space-time diagram, brought up to the moment.
    pub diagram: Rc<RefCell<Diagram>>,
}

/// A moment as the live region last took it in (see `use_moment_views`).
#[derive(Clone, Copy)]
struct Heard {
    /// The run and its branch.
    branch: (u32, u32),
    /// How many events it had seen.
    events: u64,
    /// Whether the run was paused.
    paused: bool,
    /// The scenario's moment it was in, if any.
    beat: Option<usize>,
    /// Its position's step count.
    step: u64,
    /// Its position's tick.
    at: u64,
    /// How many times Back to live had been pressed.
    went_live: u32,
}

/// The views of `model`'s run at its cursor, with `settled` saying whether
/// all of its tick has happened (for a scenario's moment: see
/// [`Scenario::beat_at`](crate::sim::scenarios::Scenario::beat_at)), and
/// `over` whether nothing more is due in the run, ever.
#[hook]
pub fn use_moment_views(model: &Model, settled: bool, over: bool) -> MomentViews {
    let run = model.run.borrow();
    let sim = run.head();
    // A moment is named by its run, its branch, its position and how many
    // events it has seen (an action adds events without moving the clock).
    let branch = (model.epoch, run.branch());
    let moment = (branch, sim.position(), sim.events());
    let log_cache = use_mut_ref(LogCache::default);
    let lines = {
        let world = model.run.clone();
        use_memo(moment, move |_| view::log(world.borrow().head(), &mut log_cache.borrow_mut(), branch))
    };
    let announcement = {
        let world = model.run.clone();
        let paused = !model.clock.playing;
        // The scenario's moment shown, if any: its text is read here, the
        // walk's box is not a live region of its own (the moment's story
        // and its events' news were read out one over the other).
        let scenario = model.scenario.filter(|s| !s.beats.is_empty());
        // The scenario a new run is, if any, named when it opens.
        let title = model.scenario.map(|s| s.title);
        let beat = scenario.and_then(|s| s.beat_at(sim.now(), settled));
        // The moment last read out: a step on from it reads what it added.
        let heard = use_mut_ref(|| None::<Heard>);
        // The moment whose story was last read out: pausing in another
        // reads its story too (played into, it was never read).
        let told_beat = use_mut_ref(|| None::<usize>);
        let last = use_mut_ref(String::new);
        let key = (moment, paused, beat, over, model.went_live);
        use_memo(key, move |&((branch, position, events), paused, beat, over, went_live)| {
            let now = Heard { branch, events, paused, beat, step: position.step, at: position.at, went_live };
            let before = heard.replace(Some(now)).filter(|h| h.branch == branch);
            let since = before.filter(|h| h.events < events).map(|h| h.events);
            let said = view::announcement(world.borrow().head(), paused, since).unwrap_or_default();
            let at = crate::sim::narrate::seconds(position.at);
            let story = scenario.zip(beat).map(|(scenario, k)| {
                let moment = &scenario.beats[k];
                (format!("Moment {} of {}", k + 1, scenario.beats.len()), moment.text, moment.shown())
            });
            let untold = story.as_ref().filter(|_| paused && beat != *told_beat.borrow());
            // The words, and whether they tell the moment's story.
            let (words, told) = match (before, &story) {
                // A new moment of the scenario, paused at: its story. Gone
                // to where the moment is shown (▶, the clicker), the story
                // is all that is said, since it tells those events; come to
                // by a step of one event, it follows what the step did (a
                // step back says so). First, even when the press also
                // paused the run: the walk's box is no live region, and its
                // story went unheard.
                (Some(h), Some((count, text, shown))) if paused && beat != h.beat => {
                    let back = if h.events > events { format!("Back to {at}: ") } else { String::new() };
                    let words = match (position.at == *shown && position.step != h.step + 1, said.is_empty()) {
                        (true, _) => format!("{count}, {at}: {text}"),
                        (false, true) => format!("{back}{count}: {text}"),
                        (false, false) => format!("{back}{said} {count}: {text}"),
                    };
                    (if h.paused { words } else { format!("Paused. {words}") }, true)
                }
                // Play and Pause say so: they read out the moment's old
                // news, which sounded like something that just happened.
                // Pausing may first catch the run up to the clock: its
                // lines follow, and the story of a moment played into.
                (Some(h), _) if h.paused != paused => {
                    let words = match (paused, h.events == events || said.is_empty()) {
                        (true, true) => format!("Paused at {at}."),
                        (true, false) => format!("Paused at {at}. {said}"),
                        (false, _) => "Playing.".to_string(),
                    };
                    match untold {
                        Some((count, text, _)) => (format!("{words} {count}: {text}"), true),
                        None => (words, false),
                    }
                }
                // A step that only moved the clock, to a recorded run's
                // quiet end: its last lines read again, as if they had
                // just happened again. (Not at a run's end with more to
                // come: Play goes on from there.)
                (Some(h), _) if paused && h.paused && h.events == events && h.at < position.at && over => {
                    (format!("{at}: the end of the run. Nothing more happens in it."), false)
                }
                // A step back read the same as a step on to the same line.
                (Some(h), _) if paused && h.events > events && !said.is_empty() => {
                    (format!("Back to {at}: {said}"), false)
                }
                // Back to live said only what happened last, with no word
                // that the run was live again.
                (Some(h), _) if h.went_live != went_live => {
                    if said.is_empty() {
                        (format!("Live, at {at}."), false)
                    } else {
                        (format!("Live, at {at}: {said}"), false)
                    }
                }
                // A scenario just opened at one of its moments (picked from
                // the menu, the focus on its title): the moment's story, not
                // the last event it happens to end on.
                (None, Some((count, text, shown))) if paused => {
                    // The time the walk shows beside the count, when it is
                    // the cursor's.
                    let words = if position.at == *shown {
                        format!("{count}, {at}: {text}")
                    } else {
                        format!("{count}: {text}")
                    };
                    let named = match title {
                        Some(t) => format!("{t}. {words}"),
                        None => words,
                    };
                    (named, true)
                }
                // One told without moments: its name, then its news. Three
                // scenarios open on the same line, which, unchanged in the
                // live region, was not read again: opening one was silent.
                (None, None) if paused && title.is_some() => {
                    (format!("{}. {said}", title.unwrap_or_default()).trim_end().to_string(), false)
                }
                _ => (said, false),
            };
            if told {
                *told_beat.borrow_mut() = beat;
            }
            // Playing, a frame with nothing worth saying keeps the last
            // words: empty ones restarted the announcer's wait each frame,
            // and it never spoke.
            if !paused && words.is_empty() {
                return last.borrow().clone();
            }
            last.replace(words.clone());
            words
        })
    };
    let bar_marks = {
        let world = model.run.clone();
        let key = (branch, run.actions().count(), run.marks().len());
        use_memo(key, move |_| timeline_bar::marks(view::bar_marks(&world.borrow())))
    };
    let boxes = {
        let world = model.run.clone();
        // The actions behind the cursor count too: the boxes follow the
        // moment shown (a scenario's step to "node 1 proposes third" showed
        // node 1's box still holding its first value).
        let key = (branch, run.actions().count(), run.actions_ahead(), sim.len());
        use_memo(key, move |(_, _, _, n)| box_values(*n, &view::own_values(&world.borrow(), *n)))
    };
    // Ballot colours cost a pass over the events, so only when shown.
    let colours = {
        let world = model.run.clone();
        use_memo((moment, model.by_ballot), move |(_, on)| {
            if *on {
                BallotColours::of(world.borrow().head())
            } else {
                BallotColours::default()
            }
        })
    };
    let quorum = {
        let world = model.run.clone();
        // It reads the round's events, so only once a moment.
        use_memo(moment, move |_| view::quorum(world.borrow().head()))
    };
    // The diagram reads only the events added since the last render; a new
    // run or branch starts it afresh.
    let kept = use_mut_ref(|| (branch, Rc::new(RefCell::new(Diagram::default()))));
    let diagram = {
        let mut kept = kept.borrow_mut();
        if kept.0 != branch {
            *kept = (branch, Rc::new(RefCell::new(Diagram::default())));
        }
        kept.1.borrow_mut().update(sim.trace());
        kept.1.clone()
    };
    MomentViews { branch, lines, announcement, bar_marks, boxes, colours, quorum, diagram }
}
