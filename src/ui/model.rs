//! The page's state and the one place it changes.
//!
//! [`Model`] holds the run (a [`Timeline`]: the whole run, sought to the
//! moment on screen) plus what only the page cares about: the clock, the
//! speed, messages for the user. Every user action and every due event is a
//! [`Msg`], handled by [`Model::reduce`]; the components only read the
//! model and send messages. Between two events nothing is dispatched
//! while messages fly: the browser moves them by itself (see
//! [`super::clock`]). Only a playing run with nothing in flight is woken
//! a few times a second, so that its time visibly moves on.

use super::challenge::{self, Challenge};
use super::clock::Clock;
use super::url::{Opening, Request};
use crate::paxos::{Flaw, NodeId};
use crate::sim::link::{decode, LinkError, RunLink, LINK_VERSION};
use crate::sim::scenarios::{Scenario, SCENARIOS};
use crate::sim::timeline::{MarkKind, IDLE_GAP};
use crate::sim::{
    check_nodes, check_probability, turns_text, Action, Position, Property, Settings, Sim, SimConfig, SimError,
    Timeline,
};
use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// The speeds the speed slider offers.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
/// The page opens at 1×: the index of 1.0 in [`SPEEDS`].
pub const DEFAULT_SPEED: usize = 2;
const _: () = assert!(SPEEDS[DEFAULT_SPEED] == 1.0);
/// The cluster sizes the page offers: 2F+1 for F = 1 to 4.
pub const SIZES: [usize; 4] = [3, 5, 7, 9];
/// How many ticks a keyboard "page" jump on the timeline moves.
pub const PAGE_TICKS: u64 = 1_000;

/// A message for the user at the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What to say.
    pub text: String,
    /// True for problems, false for information.
    pub error: bool,
    /// Text to offer for copying, such as a link, shown in a field.
    pub detail: Option<Detail>,
    /// Whether the notice offers Undo: it tells of a run just put aside
    /// (an old future, or the run before Start fresh).
    pub undo: bool,
    /// The moment the notice tells of, if it tells of one (where a rule
    /// broke), and what to say instead while the cursor is before it.
    pub moment: Option<Rc<Moment>>,
    /// Whether it tells only of the moment it was said at, and goes once
    /// the reader moves the run on: the welcome back to a kept run, a copy
    /// that worked, no mark that way on the timeline. "Paused where you
    /// left it" stopped being so, and "Link copied" stayed up through a
    /// whole lecture, its box of code over the scenario's story.
    pub fleeting: bool,
}

/// The moment a notice tells of (see [`Notice::at`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Moment {
    /// Where it is.
    pub at: Position,
    /// What the notice says while the cursor is before it.
    pub before: String,
    /// What it says once the cursor is past it, if that differs: played
    /// on, "The run paused at 9.3 s" stood over a run that played.
    pub after: Option<String>,
}

/// Text a notice offers for copying, and the name of its field.
#[derive(Clone, Debug, PartialEq)]
pub struct Detail {
    /// The field's accessible name ("Link to this run").
    pub name: &'static str,
    /// The text.
    pub text: String,
}

impl Notice {
    /// A problem to report.
    pub fn error(text: impl Into<String>) -> Notice {
        Notice { error: true, ..Notice::info(text) }
    }

    /// Something to tell.
    pub fn info(text: impl Into<String>) -> Notice {
        // Notices quote what came from outside (an address's values, a
        // file's name): an override in one turned the rest of the notice
        // around, "Your run is unchanged" included.
        let text = text.into().chars().filter(|c| !turns_text(*c)).collect();
        Notice { text, error: false, detail: None, undo: false, moment: None, fleeting: false }
    }

    /// This notice, gone once the reader moves the run on (see
    /// [`Notice::fleeting`]).
    pub fn fleeting(self) -> Notice {
        Notice { fleeting: true, ..self }
    }

    /// This notice, offering Undo if `undo`.
    fn undoable(self, undo: bool) -> Notice {
        Notice { undo, ..self }
    }

    /// The notice as it reads with the cursor at `cursor`. One telling of
    /// a moment reads differently before it: stepped back from a break,
    /// the red notice still said the run paused where it broke, naming a
    /// ringed card that no longer was, beside a badge saying all is safe;
    /// played on past it, it no longer says the run paused.
    pub fn at(&self, cursor: Position) -> Cow<'_, Notice> {
        match &self.moment {
            Some(m) if cursor < m.at => {
                Cow::Owned(Notice { text: m.before.clone(), error: false, moment: None, ..self.clone() })
            }
            Some(m) if cursor > m.at && m.after.is_some() => {
                Cow::Owned(Notice { text: m.after.clone().unwrap_or_default(), ..self.clone() })
            }
            _ => Cow::Borrowed(self),
        }
    }
}

/// How the page starts: from defaults, or from the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// Cluster size.
    pub nodes: usize,
    /// The seed.
    pub seed: u64,
    /// Message loss, 0 to 1.
    pub loss: f64,
    /// Duplication, 0 to 1.
    pub duplication: f64,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// Start playing?
    pub playing: bool,
}

impl Default for Start {
    fn default() -> Start {
        Start { nodes: 5, seed: 42, loss: 0.0, duplication: 0.0, speed: DEFAULT_SPEED, playing: true }
    }
}

/// Everything the user can do, and the clock.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// The next event is due, or a quiet run's time moves on (see the
    /// wake-ups in [`super::components::app::App`]): run the world to this
    /// tick.
    Advance(u64),
    /// The page was hidden (no frames for a while): carry on from `tick`
    /// at browser time `ms`, instead of leaping ahead.
    Resync {
        /// The tick the clock had reached before the gap.
        tick: u64,
        /// Browser time now.
        ms: f64,
    },
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Play if paused, pause if playing: the page's Space key.
    PlayPause,
    /// Pause and go forward by exactly one event.
    Step,
    /// Pause and go back by exactly one event.
    StepBack,
    /// Pause and show the run as it was at this tick.
    SeekTime(u64),
    /// Pause just after one event (of this index, at this tick): a line
    /// of the log, an entry of a node's history, a broken invariant, a
    /// finished arrow of the diagram, the challenge's win and its cause.
    /// A tick can hold several events; this shows the world right after
    /// the one pointed at (see [`Timeline::seek_event`]).
    SeekEvent {
        /// The event's index in the run.
        index: u64,
        /// Its tick.
        at: u64,
    },
    /// Pause at the scenario's next moment (see [`Scenario::neighbours`]),
    /// or, when there is none, at the next instant anything happens: a
    /// presenter's clicker.
    NextMoment,
    /// Pause at the scenario's previous moment, or, when there is none, at
    /// the instant before this one.
    PreviousMoment,
    /// Pause at this moment: where an embed opened, for its Rewind.
    SeekTo(Position),
    /// Pause at the run's very start, before any event: where a scenario
    /// opens, and where Home goes. (`SeekTime(0)` runs the events of tick
    /// 0, which a cause found at tick 0 needs.)
    Start,
    /// Go to the end of the run.
    Live,
    /// Choose a speed (index into [`SPEEDS`]).
    Speed(usize),
    /// Start a new run with this many nodes.
    Nodes(usize),
    /// Start a new run with this seed (as typed).
    Seed(String),
    /// Start this run again from its beginning, without its actions.
    Reset,
    /// Start a new round (the demo's `/reset/`).
    NewRound,
    /// Propose a value at a node (refused, it marks that node's card).
    Propose(NodeId, String),
    /// Take an action on the run: crash or restart a node, set a node's
    /// failure or delay, the network's loss or duplication, cut or heal
    /// links, break or restore a rule. Refused, it raises a notice.
    Act(Action),
    /// Hide the notice.
    Dismiss,
    /// A share link for the run, or the code that embeds it, was made
    /// (and copied, if the browser let it): say so and show it.
    Shared {
        /// The full address, or the `<iframe>` that shows it as an embed.
        text: String,
        /// Whether it reached the clipboard.
        copied: bool,
        /// Whether it is the embed's code.
        embed: bool,
    },
    /// Forget the kept run and start the default one.
    StartFresh,
    /// Bring back the run the last forking action or Start fresh put aside.
    Undo,
    /// Load a prepared scenario by name; an empty name means free play.
    Scenario(String),
    /// Colour messages by ballot (true) or by kind.
    ColourByBallot(bool),
    /// Show a node's history (or hide it, if it is shown).
    Select(NodeId),
    /// The value box of this node was edited: its refusal, if any, no
    /// longer speaks of what is in the box.
    Edited(NodeId),
    /// Open the demo run in which `Flaw` breaks safety, at its start.
    ShowFlaw(Flaw),
    /// Open a run read from a file or found by the model checker (named by
    /// the string), paused at its moment, saying the notice given or else
    /// that it opened; a run that cannot be opened leaves the current one
    /// as it is. The notice offers Undo. A run given with its own notice
    /// is one the page found to explain itself, not the reader's (see
    /// [`Model::shown`]).
    OpenRun(RunLink, String, Option<Notice>),
    /// Show a message (from work done outside the reducer, such as reading
    /// a file).
    Say(Notice),
    /// Start a challenge attempt with this rule broken (`None`: correct
    /// Paxos), entering the challenge if it is not on.
    Challenge(Option<Flaw>),
    /// Leave the challenge, back to the free-play run.
    LeaveChallenge,
    /// Take up the challenge attempt a reload left (its number, and its
    /// run as a share link), over the free-play run that opened.
    ResumeChallenge(Option<u32>, String),
}

impl Msg {
    /// Whether the message only moves through or looks at the run (time,
    /// speed, colours, a notice said or dismissed), never changes it: what a
    /// locked embed allows, and what a challenge never counts as a move.
    pub fn only_watches(&self) -> bool {
        matches!(
            self,
            Msg::Advance(_)
                | Msg::Resync { .. }
                | Msg::Play
                | Msg::Pause
                | Msg::PlayPause
                | Msg::Step
                | Msg::StepBack
                | Msg::NextMoment
                | Msg::PreviousMoment
                | Msg::SeekTime(_)
                | Msg::SeekEvent { .. }
                | Msg::SeekTo(_)
                | Msg::Start
                | Msg::Live
                | Msg::Speed(_)
                | Msg::ColourByBallot(_)
                | Msg::Dismiss
                | Msg::Say(_)
        )
    }
}

/// `notice`'s text, if any, then `why`, as one error notice: what went
/// wrong opening the page, said once.
fn then_say(notice: Option<&Notice>, why: String) -> Notice {
    Notice::error(match notice {
        Some(n) => format!("{} {why}", n.text),
        None => why,
    })
}

/// What the notice of a newer playground's kept run says of it.
const NEWER_KEPT: &str = "The newer page can still open it: it stays kept until you act here.";

/// A scenario's name as typed: the fragment arrives still percent-encoded.
fn typed(name: &str) -> String {
    js_sys::decode_uri_component(name).ok().and_then(|s| s.as_string()).unwrap_or_else(|| name.to_string())
}

/// What a run is like at the cursor, before a frame or an action, for
/// [`Model::stop_at_violation`] to compare with after it.
#[derive(Clone, Copy)]
struct SafetyBefore {
    violations: usize,
    live: bool,
    disagree: bool,
}

/// Whether two nodes of `sim` hold different learned values.
fn disagree(sim: &Sim) -> bool {
    let mut learned = sim.nodes().filter_map(|v| v.node.learned.as_ref());
    learned.next().is_some_and(|first| learned.any(|v| v != first))
}

/// The notice for a link or embed code made at tick `at`: what it opens
/// and how to use it, with `shared` in a box of its own to copy by hand
/// when the clipboard refused it (`copied` false).
fn shared_notice(shared: String, copied: bool, embed: bool, at: u64) -> Notice {
    let at = seconds(at);
    let (text, name) = if embed {
        let lead = if copied { "Embed code copied." } else { "Copy this embed code." };
        let text = format!(
            "{lead} Pasted into a course page's HTML, it shows this run at {at}, paused, in a {} × {} frame. Readers can play, step and move the timeline; to let them propose and crash too, remove “controls=locked” from its address.",
            super::url::EMBED_FRAME.0,
            super::url::EMBED_FRAME.1
        );
        (text, "Embed code")
    } else {
        let lead = if copied { "Link copied. It opens" } else { "Copy this link: it opens" };
        let text = format!(
            "{lead} this run at {at}, paused, with the same future when played. To embed it in course notes, press Copy embed code, or add &embed=1 to its end (and &controls=locked for a lecture)."
        );
        (text, "Link to this run")
    };
    // A copy that failed holds the text to copy by hand, and stays.
    Notice { detail: Some(Detail { name, text: shared }), fleeting: copied, ..Notice::info(text) }
}

/// Why `run` cannot be `refused` (the word for what the reader asked:
/// "shared", "presented", "exported", or "kept for your next visit"), if
/// it is too crowded: its copy would be refused where it is opened (see
/// [`Timeline::crowded`]).
pub fn too_crowded(run: &Timeline, refused: &str) -> Option<String> {
    use crate::sim::narrate::grouped;
    run.crowded().map(|peak| {
        format!(
            "This run cannot be {refused}, nor copied in any other way: at its busiest it had {} messages in flight at once, more than the {} a link or file may hold, so that no link can freeze the page that opens it. To keep a smaller run, step back to before it crowded and act there.",
            grouped(peak as u64),
            grouped(crate::sim::timeline::MAX_IN_FLIGHT as u64)
        )
    })
}

/// Whether `run`, showing `scenario` and `shown` by the page or not, holds
/// the reader's own work: an action of theirs, or a scenario they went on
/// from.
fn owns(run: &Timeline, scenario: Option<&'static Scenario>, shown: bool) -> bool {
    !shown
        && match scenario {
            Some(scenario) => !scenario.is(run),
            None => run.actions().next().is_some(),
        }
}

/// `run` as a share link, at its cursor.
fn link_of(run: &Timeline) -> String {
    let actions: Vec<_> = run.actions().cloned().collect();
    crate::sim::link::encode(run.config(), &actions, run.position(), run.end())
}

/// An Undo a notice offered, with that notice's words.
pub type Offer = (Rc<Undo>, String);

/// The page's state.
#[derive(Clone, Debug)]
pub struct Model {
    /// The run. Shared and changed in place: copying a run on every event
    /// would be wasteful, and each change still yields a new `Model`, which
    /// is what tells Yew to redraw.
    pub run: Rc<RefCell<Timeline>>,
    /// Bumped whenever a new run replaces the old one.
    pub epoch: u32,
    /// Bumped on every change; cheap to compare.
    pub revision: u64,
    /// Index into [`SPEEDS`].
    pub speed: usize,
    /// How ticks relate to browser time.
    pub clock: Clock,
    /// A message for the user.
    pub notice: Option<Notice>,
    /// Per node: the last refused proposal's reason.
    pub card_errors: Vec<Option<String>>,
    /// The prepared scenario being shown, if any.
    pub scenario: Option<&'static Scenario>,
    /// Whether messages are coloured by ballot rather than by kind.
    pub by_ballot: bool,
    /// The node whose history is shown, if any.
    pub selected: Option<NodeId>,
    /// The challenge being played, if any.
    pub challenge: Option<Challenge>,
    /// The run as it was before the last forking action or Start fresh,
    /// for the notice's Undo. Shared: the model is copied on every message.
    pub undo: Option<Rc<Undo>>,
    /// The event a press on the log (or a history entry, or an invariant)
    /// went to, the moment that press left the run at, and the branch. Its
    /// line is marked while the run is still there, on that branch (a fork
    /// numbers later events anew): one step can tell several lines, and
    /// the one pressed need not be the newest.
    pub pointed: Option<(u64, Position, u32)>,
    /// An action was taken while paused and the run has not moved since:
    /// the page asks for Play or Step, or the action seemed to do nothing.
    /// (Not after a pause on purpose, mid-run.)
    pub waiting: bool,
    /// Whether the address named a run or scenario that could not be
    /// opened, so the kept run shows instead: the page then holds the
    /// reader's own run, as a bare page does (see `use_keep_run`).
    pub kept_instead: bool,
    /// Whether the run on screen is one the page opened to show something
    /// (a rule's demo, the model checker's counterexample): until the
    /// reader acts in it, it is not theirs, and a control that replaces it
    /// keeps their own run put aside instead (see [`Model::keepable`]).
    pub shown: bool,
    /// While a challenge is on: whether the free-play run it left was only
    /// shown ([`Model::shown`]), and the Undo its notice offered with that
    /// notice's words. Leaving the challenge made a watched demo the
    /// reader's own, kept over their run, and the Undo that brought their
    /// run back was gone.
    pub aside: Option<(bool, Option<Offer>)>,
    /// How many times Start fresh was pressed: the keeping of runs then
    /// forgets the reader's earlier run it would otherwise put back (see
    /// `use_keep_run`).
    pub fresh_starts: u32,
    /// How many actions the reader has taken (not the moves a hand makes
    /// past a counterexample's end): a pinned notice lets go once they act.
    pub acts: u32,
    /// How many times Back to live was pressed: the announcer says "Live"
    /// then, and only then.
    pub went_live: u32,
    /// Whether the run kept in the browser, unread, was made by a newer
    /// playground: it is left there for that page to open, not forgotten
    /// as a damaged copy is, until the reader acts here.
    pub kept_newer: bool,
    /// How many notices have been said: the notice's text is rendered
    /// anew for each, so a screen reader reads out a refusal repeated word
    /// for word (the same text, left in place, was not read again).
    pub said: u32,
}

/// A run put aside, to be brought back whole.
#[derive(Clone, Debug)]
pub struct Undo {
    /// The run, with its cursor where it was.
    pub run: Timeline,
    /// The scenario it was, if any.
    pub scenario: Option<&'static Scenario>,
    /// The challenge attempt it was, if any: its broken rule and number.
    pub attempt: Option<(Option<Flaw>, u32)>,
    /// What Undo offered before this was put aside, while its notice was
    /// still up: a second change in the past, undone, offers the first's
    /// Undo again, so a run changed twice can be brought back whole.
    pub older: Option<Rc<Undo>>,
}

/// How many changes in the past in a row Undo can go back through: each
/// keeps a copy of its run.
const UNDO_DEPTH: usize = 10;

impl Undo {
    /// This Undo and at most `keep - 1` of those before it: the oldest
    /// goes first.
    fn keeping(undo: &Rc<Undo>, keep: usize) -> Option<Rc<Undo>> {
        match (keep, &undo.older) {
            (0, _) => None,
            (_, None) => Some(undo.clone()),
            (_, Some(older)) => Some(Rc::new(Undo { older: Undo::keeping(older, keep - 1), ..Undo::clone(undo) })),
        }
    }
}

/// What the page says when it opens with the run kept from the last visit,
/// until the run plays or is acted in.
const KEPT_BACK: &str =
    "This is your run from last time, paused where you left it. Start fresh forgets it and starts a new one.";

/// What the page says of the kept run it opens with: [`KEPT_BACK`], or, for
/// a scenario or a rule's demo only watched (nothing done in it past its
/// own moves), which one it is. Called "your run", a demo the reader had
/// only watched came back as if they had broken the rule themselves.
/// (`scenario` is the one `run` is, found once by the caller: each look
/// plays every scenario's script.)
fn kept_back(run: &Timeline, scenario: Option<&'static Scenario>) -> String {
    let watched = |script: &Timeline| run.actions().count() == script.actions().count();
    let what = match scenario {
        Some(s) if watched(&s.run()) => Some(format!("the “{}” scenario", s.title)),
        Some(_) => None,
        None => crate::sim::flaw_demos::of(run)
            .filter(|&f| crate::sim::flaw_demos::demo(f).is_ok_and(|d| watched(&d)))
            .map(|f| format!("the “{}” demo", super::view::rule(f).0)),
    };
    match what {
        Some(what) => format!(
            "This is {what} you were watching last time, paused where you left it. Start fresh forgets it and starts a new run."
        ),
        None => KEPT_BACK.to_string(),
    }
}

/// What the page says when a challenge attempt kept for the next visit
/// cannot be taken up again (a damaged copy, or one of another version).
const ATTEMPT_LOST: &str = "Your last challenge attempt could not be brought back: only your record of attempts is kept, and Challenge starts a new one.";

/// The end of a fork's notice while the new future waits for Play.
const WATCH_IT: &str = " Press Play or Step to watch the new one.";

/// What the old future of `run` held past its cursor, as the end of a
/// fork's notice: how long it went on, any value chosen in it, and
/// whether safety broke in it.
fn dropped_future(run: &Timeline) -> String {
    let here = run.position();
    let ahead = run.marks().iter().filter(|m| m.at > here);
    let chosen: Vec<String> = ahead
        .clone()
        .filter_map(|m| match &m.kind {
            MarkKind::Chosen(value) => Some(format!("“{value}”")),
            MarkKind::Violation => None,
        })
        .collect();
    // In a run with a rule broken, the break is what a reader must not
    // lose unawares.
    let broke = ahead.clone().any(|m| m.kind == MarkKind::Violation);
    let span = run.end().at.saturating_sub(here.at);
    let chose = chosen.join(" and ");
    // Times show tenths, cut down: a future a few ticks long "went on
    // 0.0 s more".
    let more = if span < 100 { "under 0.1 s".to_string() } else { seconds(span) };
    let lost = match (span, chosen.is_empty()) {
        (0, true) => " (the rest of this instant)".to_string(),
        (0, false) => format!(" (the rest of this instant, in which {chose} was chosen)"),
        (_, true) => format!(", which went on {more} more"),
        (_, false) => format!(", which went on {more} more and chose {chose}"),
    };
    let broke = if broke { ", where safety broke" } else { "" };
    format!("{lost}{broke}; Undo brings it back")
}

/// How a pause at a moment that `it` ("broke", "happened") at tick `at` is
/// said; [`Model::tell_of`] says it otherwise once the run has played on.
fn paused_at(at: u64, it: &str) -> String {
    format!("The run paused at {}, the moment it {it}.", seconds(at))
}

/// A challenge attempt's rules, as its notices name them.
fn challenge_rule(flaw: Option<Flaw>) -> String {
    flaw.map_or("correct Paxos".to_string(), |f| format!("“{}” broken", super::view::rule(f).0))
}

/// The configuration a page start asks for, checked.
fn config(start: &Start) -> Result<SimConfig, SimError> {
    check_nodes(start.nodes)?;
    let mut config = SimConfig::new(start.nodes, start.seed);
    config.settings = Settings {
        loss: check_probability("message loss", start.loss)?,
        duplication: check_probability("duplication", start.duplication)?,
        ..Settings::reliable(start.nodes)
    };
    Ok(config)
}

/// The run a link describes, or why it cannot be opened.
fn open_link(text: &str) -> Result<Timeline, String> {
    let link = decode(text).map_err(|e| e.to_string())?;
    link.open().map_err(|(k, e)| format!("This link cannot be opened{}", why_not(k, &e)))
}

/// Why a run does not open, to follow "… cannot be opened": its action
/// `k` (counting from 1) cannot happen, or, for 0, the run as a whole,
/// which the error says in sentences of its own.
fn why_not(k: usize, e: &SimError) -> String {
    if k == 0 {
        format!(". {e}")
    } else {
        format!(". Its action {k} cannot happen. {e}")
    }
}

/// The playground's default run: five nodes, seed 42, a reliable network.
fn default_run() -> Timeline {
    let run = config(&Start::default()).and_then(Timeline::new);
    run.unwrap_or_else(|_| unreachable!("the defaults are valid"))
}

/// Parse a seed as typed: a whole number from 0 to 2^64 − 1.
pub fn parse_seed(text: &str) -> Result<u64, String> {
    let text = text.trim();
    text.parse::<u64>().map_err(|_| {
        if text.is_empty() {
            "Type a seed: a whole number such as 42.".to_string()
        } else {
            "A seed is a whole number from 0 to 18446744073709551615.".to_string()
        }
    })
}

/// Ticks as seconds with one decimal, e.g. `3.2 s`: as the log says them.
pub use crate::sim::narrate::seconds;

impl Model {
    /// A model started as `start` says, falling back to the defaults (with a
    /// notice) if that is impossible.
    pub fn new(start: Start, notice: Option<Notice>) -> Model {
        let built = config(&start).and_then(Timeline::new);
        let (start, notice, run) = match built {
            Ok(run) => (start, notice, run),
            Err(e) => (Start::default(), Some(Notice::error(e.to_string())), default_run()),
        };
        Model::with_run(run, &start, notice)
    }

    /// A model showing `run`, paused at its cursor: a shared or kept run
    /// opens on the moment it was left at.
    pub fn opened(run: Timeline, speed: usize, notice: Option<Notice>) -> Model {
        let start = Start { nodes: run.config().nodes, speed, playing: false, ..Start::default() };
        Model::with_run(run, &start, notice)
    }

    fn with_run(run: Timeline, start: &Start, notice: Option<Notice>) -> Model {
        let speed = start.speed.min(SPEEDS.len() - 1);
        let at = run.position().at;
        let clock = if start.playing { Clock::running(at, SPEEDS[speed]) } else { Clock::paused(at, SPEEDS[speed]) };
        Model {
            card_errors: vec![None; run.config().nodes],
            run: Rc::new(RefCell::new(run)),
            epoch: 0,
            revision: 0,
            speed,
            clock,
            notice,
            scenario: None,
            by_ballot: false,
            selected: None,
            challenge: None,
            undo: None,
            pointed: None,
            waiting: false,
            kept_instead: false,
            shown: false,
            aside: None,
            fresh_starts: 0,
            kept_newer: false,
            acts: 0,
            went_live: 0,
            said: 0,
        }
    }

    /// The model the page opens with: the run the address names (a shared
    /// link), else the run kept from the last visit (unless the address
    /// sets options), else a fresh one. A link or scenario that cannot be
    /// opened leaves the kept run, else a fresh one, and a notice that
    /// says why; `notice` carries any earlier complaint about the address.
    pub fn open(request: &Request, kept: Option<&str>, notice: Option<Notice>) -> Model {
        let start = request.start.clone();
        let join = |why: String| Some(then_say(notice.as_ref(), why));
        // Options the opened run overrides are named once, after the run
        // opened: for a run that could not be, they were used, and only
        // their faults (if any) are told.
        let overridden = |what: &str| match request.overridden.as_slice() {
            [] => notice.clone(),
            list => join(format!("Ignored {}: {what} sets its own nodes, seed and network.", list.join(", "))),
        };
        // Not a fresh run over the reader's own: their next move would
        // have replaced the kept run for good.
        let instead = |why: String| {
            if let Some(run) = kept.and_then(|text| open_link(text).ok()) {
                let notice = join(format!("{why} Your last run is shown instead."));
                return Model {
                    scenario: Scenario::of(&run),
                    kept_instead: true,
                    ..Model::opened(run, start.speed, notice)
                };
            }
            let faults = request.if_fresh.iter().map(|f| format!(" {f}")).collect::<String>();
            // Locked, a fresh run never starts: the teacher setting the
            // embed up saw idle cards and a dead frame, told only that it
            // "starts fresh".
            let then = if request.embed.on && request.embed.locked {
                "This locked embed has no run to show, so nothing will happen here: check the address it was given."
            } else {
                "The playground starts fresh instead."
            };
            Model::new(start.clone(), join(format!("{why} {then}{faults}")))
        };
        match (&request.opening, kept) {
            (Opening::Run(text, told), _) => match open_link(text) {
                Ok(run) => {
                    let named = told.as_deref().map(|name| (name, Scenario::named(name)));
                    let scenario = named.and_then(|(_, s)| s).filter(|s| s.tells(&run));
                    let mut model = Model { scenario, ..Model::opened(run, start.speed, overridden("a shared run")) };
                    // The run opens either way; the story it was given is
                    // said to be missing rather than silently left out.
                    let why = match named {
                        Some((name, None)) => Some(format!(
                            "There is no scenario called “{}”, so the shared run opens without a scenario's story.",
                            typed(name)
                        )),
                        Some((_, Some(other))) if scenario.is_none() => Some(format!(
                            "This run is not the “{}” scenario's, so it opens without that scenario's story.",
                            other.title
                        )),
                        _ => None,
                    };
                    if let Some(why) = why {
                        model.notice = Some(then_say(model.notice.as_ref(), why));
                    }
                    // A rule's demo, shared: the full page told its story
                    // only in the notice "Show me" raised, and the link
                    // opened it as bare free play. (An embed tells it
                    // beside the cluster.)
                    let demo = crate::sim::flaw_demos::of(&model.run.borrow());
                    if let Some(flaw) =
                        demo.filter(|_| model.notice.is_none() && model.scenario.is_none() && !request.embed.on)
                    {
                        let (name, _) = super::view::rule(flaw);
                        let story = crate::sim::flaw_demos::summary(flaw);
                        model.notice =
                            Some(Notice::info(format!("The “{name}” demo, a Paxos rule broken on purpose: {story}")));
                    }
                    model
                }
                Err(why) => instead(why.to_string()),
            },
            (Opening::Scenario(name), _) => match Scenario::named(name) {
                Some(scenario) => Model {
                    scenario: Some(scenario),
                    ..Model::opened(scenario.run(), start.speed, overridden("a scenario"))
                },
                None => {
                    // Show what was typed, and what would have worked.
                    let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
                    let why = format!(
                        "There is no scenario called “{}”. The scenarios are {}.",
                        typed(name),
                        names.join(", ")
                    );
                    instead(why)
                }
            },
            (Opening::Fresh, Some(text)) => match open_link(text) {
                Ok(run) => {
                    // Said, or a returning reader landed mid-run, paused,
                    // with no word of where it came from or how to leave it.
                    // (Not of a run nothing was done in: the one a
                    // challenge was started from, for one, which is kept
                    // while the challenge is played.)
                    let acted = run.actions().next().is_some();
                    let scenario = Scenario::of(&run);
                    let back = notice.or_else(|| acted.then(|| Notice::info(kept_back(&run, scenario)).fleeting()));
                    Model { scenario, ..Model::opened(run, start.speed, back) }
                }
                // Not the reason as a link's: "This link is cut short"
                // told of a link the reader never made or copied.
                Err(_) => {
                    let (why, newer) = match decode(text) {
                        Err(LinkError::Version(v)) if v > LINK_VERSION => (
                            format!("Your last run was kept by a newer Paxos Playground (link format {v}), which this page cannot read, so this is a fresh run. {NEWER_KEPT}"),
                            true,
                        ),
                        Err(LinkError::Version(v)) => (
                            format!("Your last run was kept in link format {v}, which this page does not read (it reads format {LINK_VERSION}), so this is a fresh run."),
                            false,
                        ),
                        _ => ("Your last run could not be restored: the copy this browser kept of it is damaged, so this is a fresh one.".to_string(), false),
                    };
                    Model { kept_newer: newer, ..Model::new(start, join(why)) }
                }
            },
            (Opening::Fresh, None) => Model::new(start, notice),
        }
    }

    /// This run as a value: its start, every action, the moment shown and
    /// how far it went.
    pub fn run_link(&self) -> RunLink {
        let run = self.run.borrow();
        RunLink {
            config: run.config().clone(),
            actions: run.actions().cloned().collect(),
            at: run.position(),
            end: run.end(),
        }
    }

    /// This run as share-link text: its start, every action, and the
    /// moment on screen.
    pub fn link(&self) -> String {
        link_of(&self.run.borrow())
    }

    /// The link kept in the browser for the next visit: the free-play run,
    /// even while a challenge is played. A reload does not resume a
    /// challenge (its record is kept instead), and the run the player left
    /// for it should still be there.
    pub fn kept_link(&self) -> String {
        link_of(&self.kept_run().borrow())
    }

    /// The run kept for the next visit: in a challenge, the free-play run
    /// it left, else the run on screen.
    pub fn kept_run(&self) -> &Rc<RefCell<Timeline>> {
        self.challenge.as_ref().map_or(&self.run, |c| &c.before.0)
    }

    /// What makes the kept run (see [`Model::kept_link`]) the one it is:
    /// its branch, its actions and its configuration; not the moment shown
    /// or how far it has played.
    pub fn kept_made(&self) -> (u32, usize, SimConfig) {
        let run = self.kept_run().borrow();
        (run.branch(), run.actions().count(), run.config().clone())
    }

    /// Whether the run is the bare default page's: nothing in it to keep
    /// for the next visit, which then opens the default page, playing.
    pub fn pristine(&self) -> bool {
        let run = self.run.borrow();
        self.challenge.is_none()
            && run.actions().next().is_none()
            && config(&Start::default()).is_ok_and(|c| c == *run.config())
    }

    /// Whether the clock runs.
    pub fn playing(&self) -> bool {
        self.clock.playing
    }

    /// Replace the run with a fresh one from `config`, and say whether it
    /// was replaced: a refused config leaves the run and explains why.
    fn restart_with(&mut self, config: Result<SimConfig, SimError>) -> bool {
        match config.and_then(Timeline::new) {
            Ok(run) => {
                self.replace_run(run, self.clock.playing);
                self.scenario = None;
                true
            }
            Err(e) => {
                self.say(Notice::error(e.to_string()));
                false
            }
        }
    }

    /// The run on screen and its scenario, copied for an Undo offered when
    /// something is about to replace them.
    fn put_aside(&self) -> Rc<Undo> {
        let attempt = self.challenge.as_ref().map(|c| (c.flaw, c.attempt));
        Rc::new(Undo { run: self.run.borrow().clone(), scenario: self.scenario, attempt, older: None })
    }

    /// The reader's own run, to put aside when a control replaces the run
    /// on screen: that run, if it holds at least one action of the
    /// reader's. A scenario's run does not (the Scenario menu opens it
    /// again) until the reader goes on acting at its end, nor an empty run,
    /// nor one the page opened to show something ([`Model::shown`]). When
    /// the run on screen is not the reader's, the run still put aside (and
    /// offered) stays put aside: picking one scenario after another threw
    /// the reader's work away at the second, and Undo after a demo brought
    /// back the demo.
    fn keepable(&self) -> Option<Rc<Undo>> {
        if self.challenge.is_some() {
            return None;
        }
        self.own_run().then(|| self.put_aside()).or_else(|| self.undo.clone())
    }

    /// Whether the run on screen is the reader's own work (see
    /// [`Model::keepable`]).
    pub fn own_run(&self) -> bool {
        owns(&self.run.borrow(), self.scenario, self.shown)
    }

    /// Whether the kept run (see [`Model::kept_link`]) is the reader's own
    /// work: in a challenge, the free-play run it left, as it was then.
    pub fn kept_own(&self) -> bool {
        match &self.challenge {
            None => self.own_run(),
            Some(c) => owns(&c.before.0.borrow(), c.before.1, self.aside.as_ref().is_some_and(|(shown, _)| *shown)),
        }
    }

    /// What Undo should bring back when a control replaces the run with one
    /// it offers back in any case: the reader's own run if there is one
    /// (see [`Model::keepable`]), else the run on screen.
    fn put_aside_for_undo(&self) -> Rc<Undo> {
        self.keepable().unwrap_or_else(|| self.put_aside())
    }

    /// After a control replaced the run, offer `before` (from
    /// [`Model::keepable`]) back, with a notice that starts with `what`.
    /// Nothing is offered when nothing was put aside.
    fn offer_back(&mut self, before: Option<Rc<Undo>>, what: &str) {
        if let Some(before) = before {
            self.undo = Some(before);
            let text = format!("{what} Your own run is put aside: Undo brings it back.");
            self.say(Notice::info(text).undoable(true));
        }
    }

    /// Replace the run with a fresh one from `config` and, if the old one
    /// held the user's own actions, offer it back with a notice that
    /// starts with `what`. A refused config leaves the run and says why.
    fn restart_offering_undo(&mut self, config: Result<SimConfig, SimError>, what: &str) {
        let before = self.keepable();
        if self.restart_with(config) {
            self.offer_back(before, what);
        }
    }

    /// Open the demo of `flaw` (the "Show me" button), the run on screen
    /// put aside for Undo.
    fn show_flaw(&mut self, flaw: Flaw) {
        match crate::sim::flaw_demos::demo(flaw) {
            Ok(run) => {
                let before = self.put_aside_for_undo();
                self.replace_run(run, false);
                self.scenario = None;
                self.selected = None;
                self.undo = Some(before);
                self.shown = true;
                let (name, _) = super::view::rule(flaw);
                // Each demo is a challenge attempt, duplicating network and
                // all; said as if it mattered, an engineer took the
                // duplicates for an ingredient of every break.
                let network = if flaw == Flaw::CountDuplicates {
                    "on a network that delivers one message in five twice, which this break needs"
                } else {
                    "on the challenge's network, which delivers one message in five twice (this break does not need that)"
                };
                // The story first: where the notice stands in three lines
                // (beside a laptop's cluster, pinned), a class read the
                // setup and scrolled for the bug.
                let text = format!(
                    "“{name}”: {} Press Play or Step to watch; the run pauses each time a rule breaks, and where two nodes first hold different learned values. Shown on three nodes, {network}.",
                    crate::sim::flaw_demos::summary(flaw)
                );
                self.say(Notice::info(text).undoable(true));
            }
            Err(why) => self.say(Notice::error(format!("This demo cannot be shown: {why}. Your run is unchanged."))),
        }
    }

    /// Open `link`, read from the file `name` (or a kept run), the run on
    /// screen put aside for Undo; `said` replaces the usual notice.
    fn open_run(&mut self, link: &RunLink, name: &str, said: Option<Notice>) {
        match link.open() {
            Ok(run) => {
                let before = self.put_aside_for_undo();
                self.scenario = Scenario::of(&run);
                self.replace_run(run, false);
                self.undo = Some(before);
                // A run the page found to explain itself is not the
                // reader's; a file they imported is.
                self.shown = said.is_some();
                let said = said
                    .unwrap_or_else(|| Notice::info(format!("Opened the run from “{name}”, paused at its moment.")));
                self.say(said.undoable(true));
            }
            Err((k, e)) => {
                self.say(Notice::error(format!("“{name}” cannot be opened{} Your run is unchanged.", why_not(k, &e))))
            }
        }
    }

    /// "Start fresh": the default run, as the default page opens it, the
    /// old one put aside for Undo (the kept copy is forgotten by the page).
    fn start_fresh(&mut self) {
        self.fresh_starts = self.fresh_starts.wrapping_add(1);
        let before = self.put_aside_for_undo();
        if self.restart_with(config(&Start::default())) {
            // As the default page opens: playing, waiting for a proposal.
            let at = self.run.borrow().position().at;
            self.clock = self.clock.rebased(at, Start::default().playing);
            self.undo = Some(before);
            self.say(Notice::info("Started fresh: the default run, as a first visit opens it, at your speed. The run this browser kept for your next visit is forgotten.").undoable(true));
        }
    }

    /// Bring back the run put aside, paused. The run on screen goes aside
    /// in its turn if the reader made it theirs meanwhile (acted in the
    /// new run while Undo was still offered): Undo threw that work away.
    fn bring_back(&mut self) {
        if let Some(undo) = self.undo.take() {
            let left = (self.challenge.is_none() && self.own_run()).then(|| self.put_aside());
            // The model before this message shares it still: copy.
            let Undo { run, scenario, attempt, older } = (*undo).clone();
            self.replace_run(run, false);
            self.scenario = scenario;
            // Changed in the past again while Undo was offered: back one
            // change at a time, each offering the one before.
            if let Some(older) = older {
                self.undo = Some(older);
                return self.say(
                    Notice::info(
                        "Undone: the run is back as it was before your last change, paused, and the future that change made is dropped. Undo again undoes the change before it too.",
                    )
                    .undoable(true),
                );
            }
            // A challenge's attempt, dropped when another rule was picked,
            // comes back with its rule and its dice.
            if let (Some((flaw, number)), Some(c)) = (attempt, self.challenge.as_mut()) {
                c.resume(flaw, number);
                let rule = challenge_rule(flaw);
                return self.say(Notice::info(format!("Undone: the last attempt is back, with {rule}, paused.")));
            }
            match left {
                Some(left) => {
                    self.undo = Some(left);
                    self.say(
                        Notice::info("Undone: the run is back as it was, paused. The run you left is put aside: Undo brings it back.")
                            .undoable(true),
                    );
                }
                None => self.say(Notice::info("Undone: the run is back as it was, paused.")),
            }
        }
    }

    /// Show `run` from its cursor, in place of the current one.
    fn replace_run(&mut self, run: Timeline, playing: bool) {
        self.undo = None;
        self.shown = false;
        // A line pressed in the old run is no line of this one, even if a
        // moment of both has the same position.
        self.pointed = None;
        self.card_errors = vec![None; run.config().nodes];
        let at = run.position().at;
        self.run = Rc::new(RefCell::new(run));
        self.epoch += 1;
        self.notice = None;
        self.clock = self.clock.rebased(at, playing);
    }

    /// Open a prepared scenario, paused where it starts.
    fn load_scenario(&mut self, scenario: &'static Scenario) {
        self.replace_run(scenario.run(), false);
        self.scenario = Some(scenario);
    }

    /// A new run like this one but with `change` applied to its start; the
    /// loss and duplication the sliders show now carry over.
    fn fresh(&self, change: impl FnOnce(&mut Start)) -> Result<SimConfig, SimError> {
        let run = self.run.borrow();
        let settings = run.head().settings();
        let mut start = Start {
            nodes: run.config().nodes,
            seed: run.config().seed,
            loss: settings.loss,
            duplication: settings.duplication,
            ..Start::default()
        };
        change(&mut start);
        config(&start)
    }

    /// Bring the run up to the clock's present, so an action happens at
    /// the moment the user sees.
    fn catch_up(&mut self, gap: u64) {
        if self.clock.playing {
            self.follow(self.clock.tick(), gap);
        }
    }

    /// Run a live run on to `tick`. One with nothing left to happen does
    /// not wait for the clock: a student who reads for a minute before the
    /// next proposal would leave a minute of nothing in the run. It goes on
    /// at most `gap` past its last event ([`IDLE_GAP`] before an action,
    /// none otherwise), and the clock moves back to where it stopped.
    fn follow(&mut self, tick: u64, gap: u64) {
        let mut reached = self.run.borrow_mut().run_until_quiet(tick, gap);
        // Quiet, it still lets the messages it lost fade away, and stops
        // there.
        let faded = super::view::faded_by(self.run.borrow().head());
        if let Some(faded) = faded.filter(|&t| t > reached && reached < tick) {
            reached = faded.min(tick);
            self.run.borrow_mut().run_until(reached);
        }
        if reached < tick {
            self.clock = self.clock.rebased(reached, true);
        }
    }

    /// Show `notice` in place of any other.
    fn say(&mut self, notice: Notice) {
        self.notice = Some(notice);
        self.said = self.said.wrapping_add(1);
    }

    /// Stop the clock where the run is.
    fn halt(&mut self) {
        let tick = self.run.borrow().position().at;
        self.clock = self.clock.rebased(tick, false);
    }

    /// Take `action` now. An action in the past forks the run, which the
    /// notice says once.
    fn act(&mut self, action: Action) -> Result<(), SimError> {
        // A challenge attempt dropped for another rule comes back by Undo
        // only until the new attempt has a move: after that, bringing it
        // back would throw those moves away, and the attempt is counted.
        // Its notice goes with the offer: it said Undo would bring the
        // moves back.
        if self.challenge.is_some() && self.undo.as_ref().is_some_and(|u| u.attempt.is_some()) {
            self.undo = None;
            if self.notice.as_ref().is_some_and(|n| n.undo) {
                self.notice = None;
            }
        }
        // An action adds lines without moving the cursor: a pressed line
        // would stay marked under them.
        self.pointed = None;
        // The reader's run is kept from now on, over a newer playground's,
        // and the notice that said it stays kept would no longer be true.
        if std::mem::take(&mut self.kept_newer) && self.notice.as_ref().is_some_and(|n| n.text.contains(NEWER_KEPT)) {
            self.say(Notice::info(
                "This run is now the one kept for your next visit, in place of the newer playground's.",
            ));
        }
        self.acts = self.acts.wrapping_add(1);
        self.waiting = true;
        let safety = self.safety_before();
        self.catch_up(IDLE_GAP);
        let (at, forked, before) = {
            let mut run = self.run.borrow_mut();
            let at = run.position().at;
            // Acting in the past throws the old future away: keep a copy
            // to undo that, but only then (and not in a challenge, whose
            // attempts are counted), as copying a long run is not free.
            let before = (!run.is_live() && self.challenge.is_none()).then(|| run.clone());
            (at, run.act(action)?, before)
        };
        // Acted in, a run the page showed is the reader's now.
        self.shown = false;
        if forked {
            // What the old future held, said before it is given to Undo:
            // a fork that only said "in place of the old one" left a
            // reader unaware a chosen value had gone with it.
            let lost = before.as_ref().map(dropped_future);
            // An Undo still offered goes under this one, and under it
            // those it held, the oldest dropped past `UNDO_DEPTH`.
            let older = self.undo.take().and_then(|o| Undo::keeping(&o, UNDO_DEPTH - 1));
            self.undo = before.map(|run| Rc::new(Undo { run, scenario: self.scenario, attempt: None, older }));
            // A scenario's text tells its old future, which is gone: the
            // panel would describe a run no longer on screen.
            let mut text = match self.scenario.take() {
                Some(s) => format!(
                    // Not "the past": a student who acts before pressing
                    // Play has changed nothing that happened.
                    "You took over at {}: the run goes on from here with what you do, in place of the rest of the “{}” scenario (this is now free play).",
                    seconds(at),
                    s.title
                ),
                None => format!(
                    "You changed the past at {}: a new future starts from here, in place of the old one{}.",
                    seconds(at),
                    lost.as_deref().unwrap_or("")
                ),
            };
            // Paused in the past, nothing moves until Play: say so, or
            // the new future looked like it never came. (Said only until
            // the run moves on: see `reduce`.)
            if !self.playing() {
                text.push_str(WATCH_IT);
            }
            self.say(Notice::info(text));
        }
        // An action can break a rule by itself: a restart that forgets a
        // promise breaks promise monotonicity at that very moment.
        self.stop_at_violation(safety);
        if forked {
            // Undo, not "pick it from the Scenario menu": an embed has no
            // menu, and the old future may be what the reader wanted. On
            // the violation's notice too, if the action broke a rule.
            self.notice = self.notice.take().map(|n| n.undoable(self.undo.is_some()));
        }
        Ok(())
    }

    /// What [`Model::stop_at_violation`] compares with afterwards: how many
    /// violations the run has at the cursor, whether it is live, and
    /// whether two nodes hold different learned values.
    fn safety_before(&self) -> SafetyBefore {
        let run = self.run.borrow();
        let head = run.head();
        SafetyBefore { violations: head.violations().len(), live: run.is_live(), disagree: disagree(head) }
    }

    /// If the run has more violations than it had `before` (see
    /// [`Model::safety_before`]), stop the clock at the event that caused the
    /// first new one and say what broke, so nobody misses the moment
    /// safety broke. Failing that, if two nodes have come to disagree,
    /// stop where the second learned its value: the harm a broken rule
    /// does, which need not break a property of its own (see
    /// [`Model::stop_at_disagreement`]).
    fn stop_at_violation(
        &mut self,
        SafetyBefore { violations: before, live: was_live, disagree: disagreed }: SafetyBefore,
    ) {
        // In a challenge only the win stops play (see `reduce`): the rule
        // breaks on the way there are the player's means, and the panel
        // says so as they happen.
        if self.challenge.is_some() {
            return;
        }
        let found = {
            let run = self.run.borrow();
            let head = run.head();
            head.violations().get(before).map(|(cause, v)| {
                let at = head.trace().get(*cause).map_or(head.now(), |e| e.at);
                // Agreement and validity name no node, yet a card is ringed
                // (the one whose step it was): say whose, or the ring looks
                // like blame for a node the words never mention.
                let whose = v.node().is_none().then(|| super::view::blamed(head, *cause, v));
                let mut text = match whose.flatten() {
                    // Whose step it broke with, not whose rule: that step
                    // may be lawful (an acceptance that made a second value
                    // chosen), and "it happened at node 1" read as blame.
                    Some(k) => format!(
                        "{v} It broke with node {k}'s step, whose card is ringed in red: a step that may itself follow the rules, made harmful by the rule broken before it."
                    ),
                    None => v.to_string(),
                };
                // One event can break several properties; the log lists
                // each, the newest on top, and the notice named only the
                // first: name the rest too, or the two seem to disagree.
                let mut also: Vec<String> = Vec::new();
                for (c, other) in &head.violations()[before + 1..] {
                    let name = format!("“{}”", other.property().name());
                    if c == cause && other.property() != v.property() && !also.contains(&name) {
                        also.push(name);
                    }
                }
                if !also.is_empty() {
                    text.push_str(&format!(" The same event also broke {}.", also.join(" and ")));
                }
                // Two nodes came to disagree in the same instant: this
                // pause is the one that shows it, and said only what broke
                // (a demo's promised "two nodes disagree" never came).
                // (The same step: the learner's note follows the delivery
                // that caused it.)
                let same_step = |w: &crate::sim::challenge::Win| {
                    w.event <= *cause || super::view::arrow_event(head, w.event) == super::view::arrow_event(head, *cause)
                };
                if let Some(win) = (!disagreed).then(|| crate::sim::challenge::win(head)).flatten().filter(same_step) {
                    let ((a, va), (b, vb)) = (&win.first, &win.second);
                    text.push_str(&format!(
                        " Node {b} learned “{vb}”, but node {a} had learned “{va}”: two nodes disagree, which Paxos exists to prevent."
                    ));
                }
                // Play pressed at one pause brought the next with the
                // clock's tenths unmoved, and it looked as if Play did
                // nothing.
                let shown = |c: &u64| head.trace().get(*c).map(|e| seconds(e.at));
                let again = head.violations()[..before].iter().any(|(c, _)| shown(c) == Some(seconds(at)));
                let again = if again { format!(" The break before came at {} too.", seconds(at)) } else { String::new() };
                (text, again, *cause, at, v.property().name())
            })
        };
        if let Some((violation, again, cause, at, property)) = found {
            // The time, so the notice stays true once the run plays on (the
            // badge keeps the first break; this says the newest).
            self.pause_at(
                cause,
                at,
                was_live,
                format!("{violation} {}{again}", paused_at(at, "broke")),
                &format!("the property “{property}” breaks"),
            );
        } else if !disagreed {
            self.stop_at_disagreement(was_live);
        }
    }

    /// Stop the clock just after event `index`, at tick `at`, and say
    /// `what` happened there: at the event itself, not at the end of its
    /// frame, so the log, the cards and the badge all show the world as it
    /// was then. Stepped back before it, the notice says that `later`
    /// happens there instead ("two nodes come to disagree").
    fn pause_at(&mut self, index: u64, at: u64, was_live: bool, what: String, later: &str) {
        let mut run = self.run.borrow_mut();
        run.seek_event(index, at);
        let here = run.position();
        // A live run's frame played past the moment, and none of that was
        // on screen: the run goes on from there, still live, and acting
        // there is not changing the past. (Live before the frame: a
        // recorded run played to its end is live after it, but its quiet
        // ending is part of the recording.)
        if was_live {
            run.forget_unseen();
        }
        drop(run);
        self.halt();
        self.tell_of(here, what, later);
    }

    /// Say `what` happened at the moment `here`, where the clock stands,
    /// as a notice that says `later` happens there when the cursor is
    /// before it.
    fn tell_of(&mut self, here: Position, what: String, later: &str) {
        // A notice that offered Undo (a demo, an import) hands the offer
        // on, or the run before it would be lost at the first pause; and
        // says what Undo does, which read as "undo the break".
        let undo = self.notice.as_ref().is_some_and(|n| n.undo);
        let offer = if undo { " Undo throws this run away and brings back the run put aside." } else { "" };
        let before = format!(
            "This notice tells of a later moment, {}, where {later}: step or play on to see it again.{offer}",
            seconds(here.at)
        );
        let at = seconds(here.at);
        let said = format!("{what}{offer}");
        let after = said
            .replace(&paused_at(here.at, "broke"), &format!("It broke at {at}."))
            .replace(&paused_at(here.at, "happened"), &format!("It happened at {at}."));
        let after = (after != said).then_some(after);
        let moment = Some(Rc::new(Moment { at: here, before, after }));
        self.say(Notice { moment, ..Notice::error(said).undoable(undo) });
    }

    /// Stop the clock where two nodes first held different learned values,
    /// if they now do, and say so. With duplicates counted, a node learns
    /// a value no majority accepted: learner consistency breaks then, and
    /// the disagreement comes later, when another node learns the value a
    /// majority does accept, which breaks nothing new. It is the moment a
    /// flaw's demo exists to show, so it gets its own pause.
    fn stop_at_disagreement(&mut self, was_live: bool) {
        let win = {
            let run = self.run.borrow();
            let head = run.head();
            disagree(head).then(|| crate::sim::challenge::win(head)).flatten().map(|win| {
                // This round's: an earlier round's broken agreement says
                // nothing about this disagreement.
                let agreement = head
                    .violations()
                    .iter()
                    .any(|(cause, v)| *cause >= win.round_start && v.property() == Property::Agreement);
                (win, agreement)
            })
        };
        let Some((win, agreement)) = win else { return };
        let ((a, va), (b, vb)) = (&win.first, &win.second);
        // Agreement is about chosen values; two learners can differ while
        // it holds, which read as the checker missing the harm.
        let why = if agreement {
            ""
        } else {
            " Agreement still holds, as no two values were each accepted by a majority; learner consistency is what broke."
        };
        // The ringed card is the latest break's, earlier than this moment:
        // say so, or the ring seems to name a third node for no reason.
        // (Read before the pause: no break lies between the two.)
        let earlier = {
            let run = self.run.borrow();
            let head = run.head();
            let rule = super::view::latest_is_a_rule(head);
            super::view::culprit(head).map(|(cause, node)| {
                let at = seconds(head.trace().get(cause).map_or(win.at, |e| e.at));
                match node {
                    // (A rule broken always names its node.)
                    Some(k) if rule => format!(" The latest rule broke at {at}, at node {k}, ringed in red."),
                    // A lawful step completed the harm there (a node that
                    // learned, from a Decide, what no majority accepted):
                    // called the rule that broke, it sent an engineer to an
                    // innocent node.
                    Some(k) => format!(
                        " Safety last broke at {at}, at node {k}, ringed in red, by a step that itself kept the rules: the broken rule did its harm before that."
                    ),
                    None => format!(" Safety last broke at {at}, by a step that itself kept the rules."),
                }
            })
        };
        let what = format!(
            "Node {b} learned “{vb}”, but node {a} had learned “{va}”: two nodes disagree, which Paxos exists to prevent. {}{why}{}",
            paused_at(win.at, "happened"),
            earlier.unwrap_or_default()
        );
        self.pause_at(win.event, win.at, was_live, what, "two nodes come to disagree");
    }

    /// In a challenge, stop where it was won, if that happened in this
    /// message: newly (`observe` finds it), or played or stepped through
    /// again after a step back (events `seen` to now), which pauses the run
    /// again and says so, as a broken rule does: it went by without a
    /// pause.
    fn pause_at_win(&mut self, seen: u64, stepping: bool) {
        let fresh = self.challenge.as_mut().and_then(|c| c.observe(&self.run.borrow()));
        let now_seen = self.run.borrow().head().events();
        let again = (fresh.is_none() && (self.playing() || stepping))
            .then(|| self.challenge.as_ref().and_then(|c| c.won.as_ref()).map(|(w, _)| w.clone()))
            .flatten()
            .filter(|w| seen <= w.event && w.event < now_seen);
        if let Some((w, fresh)) = fresh.map(|w| (w, true)).or(again.map(|w| (w, false))) {
            // The run may have played past the win; stop at the moment the
            // second value was learned, as a broken rule stops the run.
            let mut run = self.run.borrow_mut();
            run.seek_event(w.event, w.at);
            // As at a broken rule: what played past it was never shown.
            // (Played again, it was, and is kept.)
            if fresh {
                run.forget_unseen();
            }
            drop(run);
            self.halt();
            let ((a, va), (b, vb)) = (&w.first, &w.second);
            // The time, as for a broken rule: "that moment" read as now
            // once the run played on. Stepped back before it, the notice
            // says the win lies ahead, as a break's does.
            let here = self.run.borrow().position();
            let what = format!(
                "You won: node {a} learned “{va}” and node {b} learned “{vb}”. {}",
                paused_at(w.at, "happened")
            );
            // Played or stepped through again with its notice still up,
            // the pause is said by that notice: said anew, the alert was
            // read out three times for one win.
            let still_told = !fresh && self.notice.as_ref().is_some_and(|n| n.text.starts_with(&what));
            if !still_told {
                self.tell_of(here, what, "two nodes come to disagree and you win");
            }
        }
    }

    /// Take up the attempt a reload left, with the run that opened as the
    /// one to go back to. Its moves were counted when made; a win in it is
    /// seen again (and paused at) as the run is looked at, as any win is.
    /// Before, a reload silently ended the attempt, its win and its "Show
    /// that moment" with it.
    fn resume_challenge(&mut self, attempt: Option<u32>, link: &str) {
        // Only a run the challenge itself could have made: its rule (one
        // at most) and its attempt's dice.
        let run = attempt.zip(open_link(link).ok()).filter(|(attempt, run)| {
            let mut flaws = run.config().flaws.iter();
            let flaw = flaws.next();
            flaws.next().is_none() && *run.config() == crate::sim::challenge::config(flaw, *attempt)
        });
        let Some((attempt, run)) = run else {
            self.say(Notice::info(ATTEMPT_LOST));
            return;
        };
        self.start_challenge(run.config().flaws.iter().next());
        let moved = run.actions().next().is_some();
        self.replace_run(run, false);
        if let Some(c) = self.challenge.as_mut() {
            c.attempt = attempt;
            c.counted = moved;
            // A win past the moment shown was seen before the reload: it is
            // looked for at the run's end, then the run goes back.
            let mut run = self.run.borrow_mut();
            let (here, end) = (run.position(), run.end());
            run.seek(end);
            c.observe(&run);
            run.seek(here);
        }
        self.say(Notice::info("Your challenge attempt is back, paused where you left it."));
    }

    /// Start a challenge attempt with `flaw` on a fresh three-node run; the
    /// free-play run waits to be returned to.
    fn start_challenge(&mut self, flaw: Option<Flaw>) {
        let (attempt, before, kept) = match &self.challenge {
            Some(c) => (c.attempt.wrapping_add(1), c.before.clone(), Some((c.record.clone(), c.problem.clone()))),
            None => {
                let offer = self.undo.clone().zip(self.notice.as_ref().filter(|n| n.undo).map(|n| n.text.clone()));
                self.aside = Some((self.shown, offer));
                (0, (self.run.clone(), self.scenario), None)
            }
        };
        // Moves the attempt on screen would lose, if it has any and is
        // not won, counted as the panel counts them (to the moment shown; a
        // setting changed again is one move): a rule picked by mistake
        // throws them away, and nothing said so.
        let lost = self
            .challenge
            .as_ref()
            .filter(|c| c.won.is_none())
            .map_or(0, |_| crate::sim::challenge::moves(self.run.borrow().head().actions()));
        // Picked by mistake (a click a line off), the rule need not cost
        // the attempt: Undo brings it back.
        let dropped = (lost > 0).then(|| self.put_aside());
        match Timeline::new(crate::sim::challenge::config(flaw, attempt)) {
            Ok(run) => {
                self.replace_run(run, true);
                self.scenario = None;
                self.selected = None;
                self.challenge = Some(Challenge::new(flaw, attempt, before, kept));
                if let Some(dropped) = dropped {
                    let rule = challenge_rule(flaw);
                    let moves = if lost == 1 { "1 move is".to_string() } else { format!("{lost} moves are") };
                    let them = if lost == 1 { "it" } else { "them" };
                    self.undo = Some(dropped);
                    self.say(
                        Notice::info(format!(
                            "A new attempt, with {rule}: the last one's {moves} dropped. Undo brings {them} back."
                        ))
                        .undoable(true),
                    );
                }
            }
            Err(e) => self.say(Notice::error(e.to_string())),
        }
    }

    /// Leave the challenge for the free-play run, paused where it was left.
    fn leave_challenge(&mut self) {
        if let Some(Challenge { before: (run, scenario), .. }) = self.challenge.take() {
            let run = run.borrow().clone();
            self.replace_run(run, false);
            self.scenario = scenario;
            self.selected = None;
            let (shown, offer) = self.aside.take().unwrap_or_default();
            self.shown = shown;
            let back = "Back to free play, paused where you left it.";
            match offer {
                // The notice offers back again what it offered, in its own
                // words: a fork's Undo brings back an old future, not a
                // run put aside.
                Some((undo, said)) => {
                    self.undo = Some(undo);
                    self.say(Notice::info(format!("{back} {said}")).undoable(true));
                }
                None => self.say(Notice::info(back)),
            }
        }
    }

    fn report(&mut self, result: Result<(), SimError>) {
        if let Err(e) = result {
            self.say(Notice::error(e.to_string()));
        }
    }
}

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        let (was_waiting, before) = (std::mem::replace(&mut next.waiting, false), next.run.borrow().position());
        let seen = next.run.borrow().head().events();
        let stepping = msg == Msg::Step;
        // Something the reader did (not a frame of the clock, nor a notice
        // arriving): it ends a fleeting notice (see `Notice::fleeting`).
        let by_reader = !matches!(
            msg,
            Msg::Advance(_)
                | Msg::Resync { .. }
                | Msg::Shared { .. }
                | Msg::Say(_)
                | Msg::Dismiss
                | Msg::Speed(_)
                | Msg::ColourByBallot(_)
                | Msg::Select(_)
        );
        // In a challenge, only its own moves are allowed, by its rules.
        let refused = next.challenge.as_ref().and_then(|_| challenge::refusal(&msg, next.run.borrow().head()));
        if let Some(why) = refused {
            next.say(Notice::error(why));
            next.revision += 1;
            return Rc::new(next);
        }
        match msg {
            Msg::Advance(tick) => {
                if !next.clock.playing {
                    return self;
                }
                let before = next.safety_before();
                // Playing a recorded run stops at its end (`seek_time` goes
                // no further); from there on the run is live, and playing
                // grows it.
                let live = next.run.borrow().is_live();
                if live {
                    next.follow(tick, 0);
                } else {
                    next.run.borrow_mut().seek_time(tick);
                }
                next.stop_at_violation(before);
            }
            Msg::Resync { tick, ms } => {
                // A hidden tab or a stalled frame is not time for a quiet
                // run to sit through either.
                next.run.borrow_mut().run_until_quiet(tick, 0);
                let at = next.run.borrow().position().at;
                next.clock = Clock { base_tick: at as f64, base_ms: ms, ..next.clock };
            }
            Msg::Play => {
                let at = next.run.borrow().position().at;
                next.clock = next.clock.rebased(at, true);
            }
            Msg::Pause => {
                next.catch_up(0);
                next.halt();
            }
            Msg::PlayPause => {
                let toggle = if self.playing() { Msg::Pause } else { Msg::Play };
                return self.reduce(toggle);
            }
            Msg::NextMoment | Msg::PreviousMoment => {
                let forward = msg == Msg::NextMoment;
                let (now, settled) = {
                    let mut run = self.run.borrow_mut();
                    let now = run.head().now();
                    (now, run.next_due() != Some(now))
                };
                let beat = self.scenario.and_then(|s| {
                    // Back from past where the moment shown is shown (a step
                    // into it, or on past the last moment): to it first.
                    // It went to the moment before, and this one was skipped.
                    let current = s.beat_at(now, settled).map(|k| s.beats[k].shown()).filter(|at| *at < now);
                    if let Some(at) = current.filter(|_| !forward) {
                        return Some(at);
                    }
                    let (previous, next) = s.neighbours(now, settled);
                    Some(s.beats[if forward { next } else { previous }?].shown())
                });
                // With no moment that way (past a scenario's last, or a
                // run without moments), a click moves a whole instant: one
                // event at a time, a click often changed nothing to see
                // (five Promises land in the same millisecond).
                // (Step by step, not a seek: at a live run's end a seek
                // goes nowhere, and Step grows the run.)
                let due = self.run.borrow_mut().next_due();
                return match (beat, forward, due) {
                    (Some(at), ..) => self.reduce(Msg::SeekTime(at)),
                    (None, true, Some(at)) => {
                        // Until the instant is over, or a step stopped to
                        // say something (a rule broke there).
                        let said = self.said;
                        let mut model = self.reduce(Msg::Step);
                        while model.run.borrow_mut().next_due() == Some(at) && model.said == said {
                            let here = model.run.borrow().position();
                            model = model.reduce(Msg::Step);
                            if model.run.borrow().position() == here {
                                break;
                            }
                        }
                        model
                    }
                    (None, true, None) => self.reduce(Msg::Step),
                    (None, false, _) => {
                        // The instant shown is its last event's, not the
                        // clock's: paused after a quiet stretch, the clock
                        // is later, and one step back landed mid-instant.
                        let instant = {
                            let run = self.run.borrow();
                            run.head().trace().entries().last().map_or(now, |e| e.at.min(now))
                        };
                        let mut model = self.reduce(Msg::StepBack);
                        loop {
                            let here = model.run.borrow().position();
                            if here.at < instant || here == Position::default() {
                                return model;
                            }
                            model = model.reduce(Msg::StepBack);
                            if model.run.borrow().position() == here {
                                return model;
                            }
                        }
                    }
                };
            }
            Msg::Step => {
                next.catch_up(0);
                // At the end nothing happens: the bar already says
                // "end of the run", and Step is marked as having nothing
                // to do. A notice would push the whole page down.
                let before = next.safety_before();
                next.run.borrow_mut().step();
                next.halt();
                // Stepping onto the moment a rule breaks says so, as
                // playing onto it does: a counterexample is walked through
                // with Step, and its end was otherwise marked only by the
                // badge while the notice still told how it opened.
                next.stop_at_violation(before);
            }
            Msg::StepBack => {
                next.catch_up(0);
                next.run.borrow_mut().step_back();
                next.halt();
            }
            Msg::SeekTime(tick) => {
                next.run.borrow_mut().seek_time(tick);
                next.halt();
            }
            Msg::SeekEvent { index, at } => {
                next.run.borrow_mut().seek_event(index, at);
                next.halt();
                let run = next.run.borrow();
                let pointed = Some((index, run.position(), run.branch()));
                drop(run);
                next.pointed = pointed;
            }
            Msg::SeekTo(position) => {
                next.run.borrow_mut().seek(position);
                next.halt();
            }
            Msg::Start => {
                next.run.borrow_mut().seek(Position::default());
                next.halt();
            }
            Msg::Live => {
                next.went_live = next.went_live.wrapping_add(1);
                next.run.borrow_mut().go_live();
                let at = next.run.borrow().position().at;
                next.clock = next.clock.rebased(at, next.clock.playing);
            }
            Msg::Speed(i) => {
                next.catch_up(0);
                next.speed = i.min(SPEEDS.len() - 1);
                let at = next.run.borrow().position().at;
                next.clock = Clock { speed: SPEEDS[next.speed], ..next.clock.rebased(at, next.clock.playing) };
            }
            Msg::Nodes(n) => {
                let config = next.fresh(|s| s.nodes = n);
                next.restart_offering_undo(config, &format!("A new run on {n} nodes."));
            }
            Msg::Seed(text) => match parse_seed(&text) {
                Ok(seed) => {
                    let config = next.fresh(|s| s.seed = seed);
                    next.restart_offering_undo(config, &format!("A new run with seed {seed}."));
                }
                Err(e) => next.say(Notice::error(e)),
            },
            Msg::Reset => match next.scenario {
                // A scenario starts again with its script: without it,
                // there would be nothing left to watch.
                Some(scenario) => {
                    // The reader's moves at its end, or a run still put
                    // aside, are offered back, not dropped in silence.
                    let before = next.keepable();
                    next.load_scenario(scenario);
                    next.offer_back(before, &format!("Reset: the “{}” scenario starts again.", scenario.title));
                }
                None => {
                    let config = next.run.borrow().config().clone();
                    next.restart_offering_undo(
                        Ok(config),
                        "Reset: the run starts again from nothing, with the same seed and nodes, and every loss, duplication and delay setting as it was when the run began.",
                    );
                }
            },
            Msg::NewRound => {
                let r = next.act(Action::NewRound);
                next.report(r);
                next.card_errors.iter_mut().for_each(|e| *e = None);
            }
            Msg::Act(action) => {
                let r = next.act(action);
                next.report(r);
            }
            Msg::Propose(node, value) => {
                let r = next.act(Action::Propose { node, value });
                if let Some(slot) = next.card_errors.get_mut(node.index()) {
                    *slot = r.err().map(|e| e.to_string());
                }
            }
            Msg::Dismiss => next.notice = None,
            Msg::Shared { text, copied, embed } => {
                let at = next.run.borrow().position().at;
                next.say(shared_notice(text, copied, embed, at));
            }
            Msg::Scenario(name) => match Scenario::named(&name) {
                Some(scenario) => {
                    let before = next.keepable();
                    next.load_scenario(scenario);
                    next.offer_back(before, &format!("Opened the “{}” scenario.", scenario.title));
                }
                None => {
                    let config = config(&Start { playing: next.clock.playing, ..Start::default() });
                    next.restart_offering_undo(config, "Free play: a new run from nothing.");
                }
            },
            Msg::ColourByBallot(on) => next.by_ballot = on,
            Msg::ShowFlaw(flaw) => next.show_flaw(flaw),
            Msg::OpenRun(link, name, said) => next.open_run(&link, &name, said),
            Msg::Say(notice) => next.say(notice),
            Msg::Challenge(flaw) => next.start_challenge(flaw),
            Msg::LeaveChallenge => next.leave_challenge(),
            Msg::ResumeChallenge(attempt, link) => next.resume_challenge(attempt, &link),
            Msg::Select(node) => next.selected = if next.selected == Some(node) { None } else { Some(node) },
            Msg::Edited(node) => {
                if let Some(slot) = next.card_errors.get_mut(node.index()) {
                    *slot = None;
                }
            }
            Msg::StartFresh => next.start_fresh(),
            Msg::Undo => next.bring_back(),
        }
        // The put-aside run lives as long as the notice that offers it:
        // once that is dismissed or replaced, nothing can bring it back.
        if !next.notice.as_ref().is_some_and(|n| n.undo) {
            next.undo = None;
        }
        next.pause_at_win(seen, stepping);
        // Still waiting while nothing moved; set anew by an action taken
        // while paused (see `act`).
        let still = was_waiting && next.run.borrow().position() == before;
        next.waiting = !next.playing() && (next.waiting || still);
        let moved =
            next.acts != self.acts || next.run.borrow().position() != before || next.playing() != self.playing();
        if by_reader && moved && next.notice.as_ref().is_some_and(|n| n.fleeting) {
            next.notice = None;
        }
        // Played or stepped on, a fork's notice no longer asks for it.
        if !next.waiting {
            if let Some(n) = next.notice.as_mut().filter(|n| n.text.ends_with(WATCH_IT)) {
                n.text.truncate(n.text.len() - WATCH_IT.len());
            }
        }
        next.revision += 1;
        Rc::new(next)
    }
}
