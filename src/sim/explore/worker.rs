//! A search in a Web Worker: what the page asks, what the worker
//! answers, and the counterexample as a share link.

use super::{to_trace, Goal, Model, Progress, Report};
use crate::sim::link;
use crate::sim::trace::{Position, TraceFile};
use crate::sim::world::Sim;
use serde::{Deserialize, Serialize};

/// How many new states the page's worker searches before it lets its event
/// loop turn: about 20 ms of work in a browser, so a Cancel (which ends the
/// worker at its next turn) takes effect well within 100 ms, while the
/// turns themselves cost nothing measurable.
pub const WORKER_SLICE: u64 = 500;

/// What a page asks of a search running in a Web Worker. (Externally
/// tagged, as are the updates: the cheapest form to decode in the page.)
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Request {
    /// Search this model to the end, reporting progress on the way.
    Search {
        /// The model.
        model: Model,
    },
}

/// What a search worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Update {
    /// The worker is loaded and listening: send the [`Request`] now.
    Ready,
    /// How far the search has got; the worker fills in `elapsed_ms`.
    Progress(Progress),
    /// The search is done.
    Done(Outcome),
    /// The request could not be searched, in plain words.
    Failed {
        /// Why.
        why: String,
    },
}

/// A finished search as a page needs it: the figures, and any bug found as
/// a run the page can open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The search's last progress (`done` is true).
    pub progress: Progress,
    /// True if every reachable state was visited.
    pub complete: bool,
    /// The shortest counterexample, if the search found one.
    pub found: Option<Found>,
}

/// A counterexample, ready for the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Found {
    /// How many steps it takes.
    pub steps: u32,
    /// What broke, in plain words.
    pub violation: String,
    /// The counterexample as a simulator run in share-link form (see
    /// [`link`]), opening at its start. The page already reads and checks
    /// that format, so it needs no second decoder for runs.
    pub run: String,
}

impl Outcome {
    /// The outcome of a finished search of `model`, its counterexample
    /// turned into a simulator run ([`to_trace`]). Fails only if that run
    /// cannot be replayed, which would be a bug in the explorer.
    pub fn of(model: &Model, progress: Progress, report: &Report) -> Result<Outcome, String> {
        let found = match &report.counterexample {
            None => None,
            Some(cx) => {
                let trace = to_trace(model, &cx.steps)?;
                let violation = match model.goal {
                    Goal::Violation => cx.violation.to_string(),
                    Goal::SplitBrain => split_sentence(&trace)?,
                };
                Some(Found {
                    steps: u32::try_from(cx.steps.len()).unwrap_or(u32::MAX),
                    violation,
                    run: link::encode(&trace.config, &trace.actions, Position::default(), trace.end),
                })
            }
        };
        Ok(Outcome { progress: Progress { done: true, ..progress }, complete: report.complete, found })
    }
}

/// What each node learned at the end of a split-brain run, in one
/// sentence: "… node 1 learned “a”, node 2 learned “b”."
fn split_sentence(trace: &TraceFile) -> Result<String, String> {
    let sim = Sim::from_trace_file(trace).map_err(|e| e.to_string())?;
    let learned: Vec<String> = sim
        .nodes()
        .filter_map(|v| v.node.learned.as_ref().map(|value| format!("node {} learned “{value}”", v.node.id)))
        .collect();
    Ok(format!("Two nodes learned different values: {}.", learned.join(", ")))
}
