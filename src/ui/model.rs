//! The page's state and the one place it changes.
//!
//! [`Model`] holds the simulated world plus what only the page cares about
//! (playing or paused, speed, messages for the user). Every user action and
//! every animation frame is a [`Msg`], handled by [`Model::reduce`]; the
//! components only read the model and send messages.

use crate::paxos::NodeId;
use crate::sim::{check_nodes, check_probability, Action, Settings, Sim, SimConfig, SimError, TraceMode};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Reducible;

/// How many trace events the page keeps: enough for the log and the fading
/// arrows, and a fixed memory footprint however long the page runs.
pub const TRACE_WINDOW: usize = 1000;
/// The speeds the speed slider offers.
pub const SPEEDS: [f64; 6] = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0];
/// The cluster sizes the page offers: 2F+1 for F = 1 to 4.
pub const SIZES: [usize; 4] = [3, 5, 7, 9];
/// The longest frame the clock will honour, in ms, so a backgrounded tab
/// does not jump ahead when it comes back.
const MAX_FRAME_MS: f64 = 100.0;

/// A message for the user at the top of the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What to say.
    pub text: String,
    /// True for problems, false for information.
    pub error: bool,
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
        Start { nodes: 5, seed: 42, loss: 0.0, duplication: 0.0, speed: 2, playing: true }
    }
}

/// Everything the user can do, and the clock.
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    /// An animation frame, `ms` after the previous one.
    Frame(f64),
    /// Start the clock.
    Play,
    /// Stop the clock.
    Pause,
    /// Pause and process exactly the next event.
    Step,
    /// Choose a speed (index into [`SPEEDS`]).
    Speed(usize),
    /// Rebuild the world with this many nodes.
    Nodes(usize),
    /// Rebuild the world with this seed (as typed).
    Seed(String),
    /// Rebuild the world as it started.
    Reset,
    /// Start a new round (the demo's `/reset/`).
    NewRound,
    /// Set message loss.
    Loss(f64),
    /// Set duplication.
    Duplication(f64),
    /// Propose a value at a node.
    Propose(NodeId, String),
    /// Crash a node.
    Crash(NodeId),
    /// Restart a node.
    Restart(NodeId),
    /// Set a node's failure probability.
    Failure(NodeId, f64),
    /// Hide the notice.
    Dismiss,
}

/// The page's state.
#[derive(Clone, Debug)]
pub struct Model {
    /// The world. Shared and mutated in place: cloning a world every frame
    /// would be wasteful, and each change still yields a new `Model`, which
    /// is what tells Yew to redraw.
    pub sim: Rc<RefCell<Sim>>,
    /// How the current world was started.
    pub start: Start,
    /// Bumped whenever the world is rebuilt.
    pub epoch: u32,
    /// Bumped on every change; cheap to compare.
    pub revision: u64,
    /// Whether the clock runs.
    pub playing: bool,
    /// Ticks not yet run from previous frames.
    carry: f64,
    /// A message for the user.
    pub notice: Option<Notice>,
    /// Per node: the last refused proposal's reason.
    pub card_errors: Vec<Option<String>>,
}

fn build(start: &Start) -> Result<Sim, SimError> {
    check_nodes(start.nodes)?;
    let mut config = SimConfig::new(start.nodes, start.seed);
    config.settings = Settings {
        loss: check_probability("message loss", start.loss)?,
        duplication: check_probability("duplication", start.duplication)?,
        ..Settings::reliable(start.nodes)
    };
    Sim::with_trace(config, TraceMode::Window(TRACE_WINDOW))
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

impl Model {
    /// A model started as `start` says, falling back to the defaults (with a
    /// notice) if that is impossible.
    pub fn new(start: Start, notice: Option<Notice>) -> Model {
        let (start, notice, sim) = match build(&start) {
            Ok(sim) => (start, notice, sim),
            Err(e) => {
                let fallback = Start::default();
                let sim = build(&fallback).unwrap_or_else(|_| unreachable!("the defaults are valid"));
                (fallback, Some(Notice { text: e.to_string(), error: true }), sim)
            }
        };
        Model {
            card_errors: vec![None; start.nodes],
            playing: start.playing,
            sim: Rc::new(RefCell::new(sim)),
            start,
            epoch: 0,
            revision: 0,
            carry: 0.0,
            notice,
        }
    }

    /// The current speed, in ticks per millisecond.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.start.speed.min(SPEEDS.len() - 1)]
    }

    fn rebuild(&mut self, start: Start) {
        match build(&start) {
            Ok(sim) => {
                self.sim = Rc::new(RefCell::new(sim));
                self.card_errors = vec![None; start.nodes];
                self.start = start;
                self.epoch += 1;
                self.carry = 0.0;
                self.notice = None;
            }
            Err(e) => self.notice = Some(Notice { text: e.to_string(), error: true }),
        }
    }

    fn report(&mut self, result: Result<(), SimError>) {
        if let Err(e) = result {
            self.notice = Some(Notice { text: e.to_string(), error: true });
        }
    }

    /// Advance the clock by one frame. Returns whether anything visible
    /// changed, so quiet frames cost no redraw.
    fn frame(&mut self, ms: f64) -> bool {
        if !self.playing || !ms.is_finite() || ms <= 0.0 {
            return false;
        }
        let ticks = ms.min(MAX_FRAME_MS) * self.speed() + self.carry;
        let whole = ticks.floor();
        self.carry = ticks - whole;
        let mut sim = self.sim.borrow_mut();
        let steps = sim.steps();
        let now = sim.now() + whole as u64;
        sim.run_until(now);
        // Redraw while anything moves or fades.
        let fading = sim.trace().entries().next_back().is_some_and(|e| e.at + super::view::FADE_TICKS >= now);
        sim.steps() != steps || sim.flights().next().is_some() || fading
    }
}

impl Reducible for Model {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
        match msg {
            Msg::Frame(ms) => {
                if !next.frame(ms) {
                    return self;
                }
            }
            Msg::Play => next.playing = true,
            Msg::Pause => next.playing = false,
            Msg::Step => {
                next.playing = false;
                if !next.sim.borrow_mut().step() {
                    next.notice =
                        Some(Notice { text: "Nothing is left to happen. Propose a value.".into(), error: false });
                }
            }
            Msg::Speed(i) => next.start.speed = i.min(SPEEDS.len() - 1),
            Msg::Nodes(n) => next.rebuild(Start { nodes: n, ..next.start.clone() }),
            Msg::Seed(text) => match parse_seed(&text) {
                Ok(seed) => next.rebuild(Start { seed, ..next.start.clone() }),
                Err(e) => next.notice = Some(Notice { text: e, error: true }),
            },
            Msg::Reset => next.rebuild(next.start.clone()),
            Msg::NewRound => {
                next.sim.borrow_mut().new_round();
                next.card_errors.iter_mut().for_each(|e| *e = None);
            }
            Msg::Loss(p) => {
                let r = next.sim.borrow_mut().apply(Action::SetLoss { p });
                if r.is_ok() {
                    next.start.loss = p;
                }
                next.report(r);
            }
            Msg::Duplication(p) => {
                let r = next.sim.borrow_mut().apply(Action::SetDuplication { p });
                if r.is_ok() {
                    next.start.duplication = p;
                }
                next.report(r);
            }
            Msg::Propose(node, value) => {
                let r = next.sim.borrow_mut().propose(node, &value);
                if let Some(slot) = next.card_errors.get_mut(node.index()) {
                    *slot = r.err().map(|e| e.to_string());
                }
            }
            Msg::Crash(node) => {
                let r = next.sim.borrow_mut().crash(node);
                next.report(r);
            }
            Msg::Restart(node) => {
                let r = next.sim.borrow_mut().restart(node);
                next.report(r);
            }
            Msg::Failure(node, p) => {
                let r = next.sim.borrow_mut().apply(Action::SetNodeFailure { node, p });
                next.report(r);
            }
            Msg::Dismiss => next.notice = None,
        }
        next.revision += 1;
        Rc::new(next)
    }
}
