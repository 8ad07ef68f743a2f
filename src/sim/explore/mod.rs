//! The model checker: every interleaving of a small cluster, breadth first.
//!
//! The network is the classic unordered, duplicating one: every message ever
//! sent stays available, and a step may deliver any of them, again and
//! again, or never. That single rule covers reordering, duplication and loss
//! at once. Proposers may time out at any moment and retry while their ballot
//! budget lasts, and may be asked to propose again (with a new value) as
//! often as the model allows; nodes may crash and restart within a crash
//! budget. Messages a node sends to itself are delivered at once, as in the
//! simulator. A new round needs no model of its own: the simulator starts it
//! by discarding every message and resetting every node, which is the
//! initial state again.
//!
//! States are compared by a 64-bit fingerprint, as TLC does; the search
//! keeps one parent link per state so it can rebuild the shortest path to a
//! violation. That path converts into simulator actions ([`to_trace`]), so a
//! counterexample replays — and is re-checked — in the simulator itself, and
//! can be saved as a trace file for the page.
//!
//! The search is resumable: a [`Search`] runs for a budget of states or
//! transitions, reports its [`Progress`], and continues where it stopped,
//! so a page can run it in slices without freezing. [`explore`] runs one to
//! the end. Its pruning of messages that can no longer matter is a switch
//! ([`Model::prune`]), so tests can check that the shortcut hides nothing.
//!
//! A search may stop at the first broken property or, with
//! [`Goal::SplitBrain`], only where two nodes have learned different
//! values: the failure a user of the cluster sees. [`Request`], [`Update`]
//! and [`Outcome`] are what a page and a search in a Web Worker say to each
//! other; they are serde types, and a counterexample travels as a share
//! link, a format the page already reads and checks.

use crate::paxos::{Flaw, Flaws, Message, NodeId, Value, MAX_CLUSTER};
use crate::sim::check::{Finding, Property, Violation};
use serde::{Deserialize, Serialize};
use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::hash::BuildHasherDefault;

mod counterexample;
mod state;
mod worker;

use counterexample::{rebuild, split_brain};
pub use counterexample::{story, to_trace, STEP_TICKS};
use state::{fingerprint, Move, PassThrough, State};
pub use worker::*;

/// A stopwatch that reads the clock natively and reads zero in wasm, where
/// `std` has no clock (the page times searches itself). It is the only
/// clock in the simulator, and it only fills a report's `elapsed_ms`: what
/// the search visits never depends on it.
struct Stopwatch(#[cfg(not(target_arch = "wasm32"))] std::time::Instant);

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch(
            #[cfg(not(target_arch = "wasm32"))]
            std::time::Instant::now(),
        )
    }

    fn elapsed_ms(&self) -> f64 {
        #[cfg(not(target_arch = "wasm32"))]
        return self.0.elapsed().as_secs_f64() * 1000.0;
        #[cfg(target_arch = "wasm32")]
        0.0
    }
}

/// The most proposers a model may have (each keeps a 4-bit request count).
pub const MAX_PROPOSERS: usize = 8;
/// The most times one proposer may be asked to propose.
pub const MAX_PROPOSALS: u8 = 15;
/// The most states the page's "Find a bug" search visits: about ten times
/// the largest search any single rule break needs (correct Paxos, 190,823
/// states), and a number a JavaScript message carries exactly.
pub const PAGE_MAX_STATES: u64 = 2_000_000;
// A JavaScript number holds whole numbers exactly up to 2^53.
const _: () = assert!(PAGE_MAX_STATES < 1 << 53);

/// What to explore.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Cluster size; every node is an acceptor.
    pub nodes: usize,
    /// The proposers and the value each proposes first.
    pub proposers: Vec<(NodeId, Value)>,
    /// Per proposer, in the same order: the highest ballot number it may use,
    /// overriding `max_ballot`. Lets one proposer retry while another
    /// cannot, which keeps retries in a search that still finishes.
    pub ballots: Vec<u32>,
    /// The highest ballot number any proposer may use.
    pub max_ballot: u32,
    /// How many crashes may happen in one run.
    pub max_crashes: u8,
    /// How many times each proposer may be asked to propose (1 to
    /// [`MAX_PROPOSALS`]). The k-th request carries a fresh value: `a`,
    /// then `a2`, `a3`… So a proposer can start again after giving up,
    /// after deciding, or after a crash.
    pub proposals: u8,
    /// Rule breaks switched on.
    pub flaws: Flaws,
    /// Stop after this many unique states (the report then says incomplete).
    pub max_states: u64,
    /// Expand no state deeper than this many steps: a bounded search, whose
    /// report then says incomplete if anything lay beyond.
    pub max_depth: u32,
    /// Look only for violations of this property (all of them if none).
    pub target: Option<Property>,
    /// Drop messages that can no longer change anything (see
    /// [`Search`]). Sound for the protocol as written, and it shrinks the
    /// search a lot; switch it off to check that it hides nothing.
    pub prune: bool,
    /// What the search stops at.
    #[serde(default)]
    pub goal: Goal,
}

/// What a search stops at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Goal {
    /// The first broken safety property ([`Model::target`]'s, if set).
    #[default]
    Violation,
    /// The first state in which two nodes have learned different values:
    /// the failure a user of the cluster sees. Broken properties that do
    /// not lead there are passed by.
    SplitBrain,
}

/// Why a model cannot be searched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum ModelError {
    /// The cluster needs 1 to [`MAX_CLUSTER`] nodes.
    Nodes {
        /// The size asked for.
        nodes: usize,
    },
    /// A model needs 1 to [`MAX_PROPOSERS`] proposers, each a distinct node
    /// of the cluster.
    Proposers {
        /// What is wrong.
        why: String,
    },
    /// `ballots` must be empty or list one number per proposer.
    Ballots {
        /// Proposers.
        proposers: usize,
        /// Numbers listed.
        listed: usize,
    },
    /// A proposer may be asked to propose 1 to [`MAX_PROPOSALS`] times.
    Proposals {
        /// The number asked for.
        proposals: u8,
    },
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Nodes { nodes } => write!(f, "A model needs 1 to {MAX_CLUSTER} nodes, not {nodes}."),
            ModelError::Proposers { why } => write!(f, "Bad proposers: {why}."),
            ModelError::Ballots { proposers, listed } => {
                write!(f, "List one ballot limit per proposer ({proposers}), not {listed}.")
            }
            ModelError::Proposals { proposals } => {
                write!(f, "A proposer may propose 1 to {MAX_PROPOSALS} times, not {proposals}.")
            }
        }
    }
}

impl std::error::Error for ModelError {}

impl Model {
    /// `nodes` acceptors; proposers at nodes 1, 2, … with values `a`, `b`, …
    pub fn new(nodes: usize, proposers: usize, max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        let proposers = NodeId::members(proposers.min(nodes))
            .map(|id| (id, Value::from(char::from(b'a' + (id.index() % 26) as u8).to_string().as_str())))
            .collect();
        Model {
            nodes,
            proposers,
            ballots: Vec::new(),
            max_ballot,
            max_crashes,
            proposals: 1,
            flaws,
            max_states: u64::MAX,
            max_depth: u32::MAX,
            target: None,
            prune: true,
            goal: Goal::Violation,
        }
    }

    /// The model the page's "Find a bug" searches: 3 nodes, proposers at
    /// nodes 1 and 2 with two ballots each (so refusals and retries are in
    /// it), stopping where two nodes learn different values. Amnesia bites
    /// only when a node restarts, so with it on, one crash is allowed too.
    /// At most [`PAGE_MAX_STATES`] states, so a browser tab's memory stays
    /// bounded whatever rules are broken.
    pub fn find_bug(flaws: Flaws) -> Model {
        Model {
            goal: Goal::SplitBrain,
            max_states: PAGE_MAX_STATES,
            ..Model::small(2, u8::from(flaws.has(Flaw::Amnesia)), flaws)
        }
    }

    /// Three acceptors, proposers at nodes 1 and 2 with values `a` and `b`.
    pub fn small(max_ballot: u32, max_crashes: u8, flaws: Flaws) -> Model {
        Model::new(3, 2, max_ballot, max_crashes, flaws)
    }

    /// Check the model's bounds; the error says what is wrong.
    pub fn validate(&self) -> Result<(), ModelError> {
        if !(1..=MAX_CLUSTER).contains(&self.nodes) {
            return Err(ModelError::Nodes { nodes: self.nodes });
        }
        let bad = |why: String| Err(ModelError::Proposers { why });
        if self.proposers.is_empty() || self.proposers.len() > MAX_PROPOSERS {
            return bad(format!("need 1 to {MAX_PROPOSERS}, not {}", self.proposers.len()));
        }
        for (k, (node, _)) in self.proposers.iter().enumerate() {
            if !node.is_member_of(self.nodes) {
                return bad(format!("node {node} is not one of the {} nodes", self.nodes));
            }
            if self.proposers[..k].iter().any(|(other, _)| other == node) {
                return bad(format!("node {node} is listed twice"));
            }
        }
        if !self.ballots.is_empty() && self.ballots.len() != self.proposers.len() {
            return Err(ModelError::Ballots { proposers: self.proposers.len(), listed: self.ballots.len() });
        }
        if !(1..=MAX_PROPOSALS).contains(&self.proposals) {
            return Err(ModelError::Proposals { proposals: self.proposals });
        }
        Ok(())
    }

    /// The highest ballot number the proposer at `node` may use.
    pub fn ballot_limit(&self, node: NodeId) -> u32 {
        self.proposers
            .iter()
            .position(|(n, _)| *n == node)
            .and_then(|p| self.ballots.get(p))
            .copied()
            .unwrap_or(self.max_ballot)
    }

    /// The value proposer number `p` proposes at its `k`-th request (from
    /// 0): its own value, then the value with the request's number.
    pub fn value(&self, p: usize, k: u8) -> Value {
        let first = &self.proposers[p].1;
        if k == 0 {
            first.clone()
        } else {
            Value::from(format!("{first}{}", k + 1).as_str())
        }
    }

    /// The model in one line.
    pub fn describe(&self) -> String {
        let flaws: Vec<&str> = self.flaws.iter().map(|f| f.name()).collect();
        format!(
            "{} nodes, {} proposers{}, ballots up to {}, up to {} crashes, flaws: {}{}",
            self.nodes,
            self.proposers.len(),
            if self.proposals > 1 { format!(" asked up to {} times each", self.proposals) } else { String::new() },
            if self.ballots.is_empty() {
                self.max_ballot.to_string()
            } else {
                self.ballots.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
            },
            self.max_crashes,
            if flaws.is_empty() { "none".to_string() } else { flaws.join(", ") },
            if self.prune { "" } else { ", no pruning" }
        ) + &if self.max_depth < u32::MAX { format!(", depth up to {}", self.max_depth) } else { String::new() }
            + if self.goal == Goal::SplitBrain { ", until two values are learned" } else { "" }
    }
}

/// One step of a counterexample.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "kebab-case")]
pub enum Step {
    /// A proposer is asked to propose.
    Propose {
        /// The node.
        node: NodeId,
        /// Its value.
        value: Value,
    },
    /// A message is delivered (perhaps not for the first time).
    Deliver {
        /// Sender.
        from: NodeId,
        /// Receiver.
        to: NodeId,
        /// The message.
        msg: Message,
    },
    /// A node's timer fires.
    Timeout {
        /// The node.
        node: NodeId,
    },
    /// A node crashes.
    Crash {
        /// The node.
        node: NodeId,
    },
    /// A node restarts.
    Restart {
        /// The node.
        node: NodeId,
    },
}

/// The shortest path found to a violation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counterexample {
    /// The steps from the initial state.
    pub steps: Vec<Step>,
    /// What broke at the last step.
    pub violation: Violation,
}

/// How far a search has got. Cheap to make; a page shows it between
/// slices of work.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Unique states reached so far.
    pub states: u64,
    /// Transitions taken so far (successor states generated).
    pub transitions: u64,
    /// Length of the longest shortest path found so far.
    pub depth: u32,
    /// States reached but not yet expanded.
    pub queued: u64,
    /// Milliseconds spent searching, over every slice (zero in wasm,
    /// where the caller keeps time).
    pub elapsed_ms: f64,
    /// Whether the search has finished; [`Search::report`] then has the
    /// result.
    pub done: bool,
}

/// What a finished search found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Unique states reached.
    pub states: u64,
    /// Transitions taken (successor states generated).
    pub transitions: u64,
    /// Length of the longest shortest path explored.
    pub depth: u32,
    /// Milliseconds spent searching (zero in wasm; see [`Progress`]).
    pub elapsed_ms: f64,
    /// True if every reachable state was visited.
    pub complete: bool,
    /// The first violation found, by a shortest path.
    pub counterexample: Option<Counterexample>,
}

impl Report {
    /// States per second, natively (zero when no time was measured).
    pub fn states_per_second(&self) -> f64 {
        rate(self.states, self.elapsed_ms)
    }
}

impl Progress {
    /// States per second so far (zero when no time was measured).
    pub fn states_per_second(&self) -> f64 {
        rate(self.states, self.elapsed_ms)
    }
}

/// `states` over `elapsed_ms`, per second; zero for no time at all.
fn rate(states: u64, elapsed_ms: f64) -> f64 {
    if elapsed_ms > 0.0 {
        states as f64 * 1000.0 / elapsed_ms
    } else {
        0.0
    }
}

/// How much work one [`Search::run`] call may do before it reports back.
/// The search stops at the first state boundary after the budget is spent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Budget {
    /// Until this many new unique states are found.
    States(u64),
    /// Until this many transitions are taken.
    Transitions(u64),
}

/// A breadth-first search of one model that can be run in slices.
///
/// ```
/// use paxos_playground::paxos::Flaws;
/// use paxos_playground::sim::explore::{Budget, Model, Search};
///
/// let mut search = Search::new(Model::small(1, 0, Flaws::NONE)).unwrap();
/// while !search.run(Budget::States(500)).done {
///     // show search.progress(), yield to the page…
/// }
/// let report = search.report().unwrap();
/// assert!(report.complete && report.counterexample.is_none());
/// ```
pub struct Search {
    model: Model,
    seen: HashSet<u64, BuildHasherDefault<PassThrough>>,
    /// One entry per state: its parent's index and the move that led here.
    parents: Vec<(u32, Move)>,
    /// States found but not expanded: index, depth, state.
    queue: VecDeque<(u32, u32, State)>,
    transitions: u64,
    depth: u32,
    elapsed_ms: f64,
    /// Scratch buffers, reused for every transition.
    child: State,
    moves: Vec<Move>,
    findings: Vec<Finding>,
    report: Option<Report>,
    /// Whether a state was left unexpanded for lying at `max_depth`.
    cut_off: bool,
}

impl Search {
    /// A search of `model`, not yet started. Refused if the model is out of
    /// bounds.
    pub fn new(model: Model) -> Result<Search, ModelError> {
        model.validate()?;
        let initial = State::initial(&model);
        let mut seen: HashSet<u64, BuildHasherDefault<PassThrough>> = HashSet::default();
        seen.insert(fingerprint(&initial));
        Ok(Search {
            child: initial.clone(),
            queue: VecDeque::from([(0, 0, initial)]),
            seen,
            parents: vec![(u32::MAX, Move::Propose(0))],
            transitions: 0,
            depth: 0,
            elapsed_ms: 0.0,
            moves: Vec::new(),
            findings: Vec::new(),
            report: None,
            cut_off: false,
            model,
        })
    }

    /// The model being searched.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Search on until `budget` is spent or the search is done.
    pub fn run(&mut self, budget: Budget) -> Progress {
        if self.report.is_some() {
            return self.progress();
        }
        let watch = Stopwatch::start();
        let (states, transitions) = (self.seen.len() as u64, self.transitions);
        while self.report.is_none() {
            let spent = match budget {
                Budget::States(n) => self.seen.len() as u64 - states >= n,
                Budget::Transitions(n) => self.transitions - transitions >= n,
            };
            if spent {
                break;
            }
            match self.queue.pop_front() {
                Some((index, depth, state)) => self.expand(index, depth, &state),
                None => self.finish(!self.cut_off, None),
            }
        }
        self.elapsed_ms += watch.elapsed_ms();
        if let Some(report) = &mut self.report {
            report.elapsed_ms = self.elapsed_ms;
        }
        self.progress()
    }

    /// Run to the end and return the report.
    pub fn run_to_end(mut self) -> Report {
        self.run(Budget::Transitions(u64::MAX));
        self.report.expect("an unlimited budget runs a search to its end")
    }

    /// How far the search has got.
    pub fn progress(&self) -> Progress {
        Progress {
            states: self.seen.len() as u64,
            transitions: self.transitions,
            depth: self.depth,
            queued: self.queue.len() as u64,
            elapsed_ms: self.elapsed_ms,
            done: self.report.is_some(),
        }
    }

    /// The result, once the search is done.
    pub fn report(&self) -> Option<&Report> {
        self.report.as_ref()
    }

    /// Generate every successor of `state`, the state at `index`.
    fn expand(&mut self, index: u32, depth: u32, state: &State) {
        let model = &self.model;
        if depth >= model.max_depth {
            self.cut_off = true;
            return;
        }
        state.moves(model, &mut self.moves);
        for k in 0..self.moves.len() {
            let mv = self.moves[k];
            self.child.clone_from(state);
            self.findings.clear();
            self.child.take(mv, model, &mut self.findings);
            self.transitions += 1;
            if !self.seen.insert(fingerprint(&self.child)) {
                continue;
            }
            self.parents.push((index, mv));
            let child_index = (self.parents.len() - 1) as u32;
            self.depth = self.depth.max(depth + 1);
            let violation = match model.goal {
                Goal::Violation => self.findings.iter().find_map(|f| match f {
                    Finding::Violation(v) if model.target.is_none_or(|t| t == v.property()) => Some(v.clone()),
                    _ => None,
                }),
                Goal::SplitBrain => split_brain(&self.child),
            };
            if let Some(violation) = violation {
                let steps = rebuild(model, &self.parents, child_index);
                self.finish(false, Some(Counterexample { steps, violation }));
                return;
            }
            if self.seen.len() as u64 >= model.max_states {
                self.finish(false, None);
                return;
            }
            self.queue.push_back((child_index, depth + 1, self.child.clone()));
        }
    }

    /// Record the result and free the search's memory.
    fn finish(&mut self, complete: bool, counterexample: Option<Counterexample>) {
        self.report = Some(Report {
            states: self.seen.len() as u64,
            transitions: self.transitions,
            depth: self.depth,
            elapsed_ms: self.elapsed_ms,
            complete,
            counterexample,
        });
        self.queue = VecDeque::new();
        self.parents = Vec::new();
    }
}

/// Explore every reachable state of `model`, breadth first, stopping at the
/// first violation: a [`Search`] run to its end.
pub fn explore(model: &Model) -> Result<Report, ModelError> {
    Ok(Search::new(model.clone())?.run_to_end())
}
