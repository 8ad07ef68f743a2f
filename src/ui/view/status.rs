//! The status panel, the hint line, the tolerance meter and the
//! invariants panel: what holds at the cursor, in words.

use super::HISTORY_SHOWN;
use crate::paxos::{Message, NodeId, Note};
use crate::sim::narrate::{describe, in_log, of_nodes};
use crate::sim::{Action, Entry, Event, Property, Sim, Violation};

/// The status panel's contents.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusView {
    /// The current round.
    pub round: u32,
    /// The chosen value and its ballot, if any.
    pub chosen: Option<(String, String)>,
    /// Other values chosen after it in this round, each once, with its
    /// ballot: only when a broken rule let agreement fail.
    pub also_chosen: Vec<(String, String)>,
    /// How many nodes learned it.
    pub learned: usize,
    /// How many nodes learned some other value (only when a broken rule
    /// lets two values be learned).
    pub learned_other: usize,
    /// With nothing chosen, the values nodes learned all the same, each
    /// with how many learned it: only when a broken rule let a proposer
    /// call its value chosen on too few acceptances.
    pub learned_unchosen: Vec<(String, usize)>,
    /// Cluster size.
    pub nodes: usize,
    /// Majority size.
    pub majority: usize,
    /// The violation to headline, described: the first broken guarantee
    /// (agreement, validity, learner consistency) if any, else the first
    /// broken rule, which is the cause of what follows; and when it broke
    /// (what it says may no longer be so: "no majority had accepted it"
    /// stays on the badge once one has). `None` while safety holds.
    pub worst: Option<(String, Option<u64>)>,
    /// Whether a later event broke safety again: the badge names the
    /// worst break, and a card's red ring marks the latest.
    pub later: bool,
    /// Whether a violation broke agreement, validity or learner
    /// consistency, not only a rule the protocol keeps for them.
    pub guarantee_broken: bool,
    /// The latest finished rounds (at most [`HISTORY_SHOWN`]): number and
    /// chosen value.
    pub history: Vec<(u32, Option<String>)>,
    /// How many earlier finished rounds are not listed.
    pub earlier: usize,
    /// How the value came to be chosen: why the round's other proposals
    /// lost, and whose replies its proposer counted (see
    /// [`outcome`](super::outcome)).
    pub outcome: super::Outcome,
}

/// The violation to headline (see [`Status::worst`]): not simply the
/// first, for once agreement breaks, that is the news, not the promise
/// that broke on the way there.
fn worst(sim: &Sim) -> Option<&(u64, Violation)> {
    let violations = sim.violations();
    violations.iter().find(|(_, v)| v.property().is_guarantee()).or(violations.first())
}

/// The status panel for `sim`.
pub fn status(sim: &Sim) -> StatusView {
    let chosen = sim.chosen().map(|p| &p.value);
    let headline = worst(sim);
    // Count against the chosen value, not any value: with a rule broken,
    // a node may have learned another one, and "learned by 3 of 3" would
    // hide exactly what the page is showing.
    let learned = |same: bool| {
        sim.nodes().filter(|v| v.node.learned.as_ref().is_some_and(|l| (Some(l) == chosen) == same)).count()
    };
    StatusView {
        round: sim.round(),
        chosen: sim.chosen().map(|p| (p.value.to_string(), format!("n={}", p.ballot))),
        // The checker keeps the first choice as *the* chosen value; it
        // knows the round's others too, each value once.
        also_chosen: sim
            .checker()
            .chosen_too()
            .into_iter()
            .map(|p| (p.value.to_string(), format!("n={}", p.ballot)))
            .collect(),
        learned: learned(true),
        learned_other: if chosen.is_some() { learned(false) } else { 0 },
        learned_unchosen: if chosen.is_some() { Vec::new() } else { learned_values(sim) },
        nodes: sim.len(),
        majority: crate::paxos::majority(sim.len()),
        // Not simply the first: once agreement breaks, that is the news,
        // not the promise that broke on the way there.
        worst: headline.map(|(cause, v)| (v.to_string(), sim.trace().get(*cause).map(|e| e.at))),
        later: headline.zip(sim.violations().last()).is_some_and(|((worst, _), (latest, _))| latest != worst),
        guarantee_broken: guarantee_broken(sim),
        history: sim
            .history()
            .iter()
            .rev()
            .take(HISTORY_SHOWN)
            .rev()
            .map(|r| (r.round, r.chosen.as_ref().map(|p| p.value.to_string())))
            .collect(),
        earlier: sim.history().len().saturating_sub(HISTORY_SHOWN),
        outcome: super::outcome(sim),
    }
}

/// Each value some node learned, in the order of the nodes that learned
/// it, with how many did.
fn learned_values(sim: &Sim) -> Vec<(String, usize)> {
    let mut values: Vec<(String, usize)> = Vec::new();
    for value in sim.nodes().filter_map(|v| v.node.learned.as_ref()) {
        match values.iter_mut().find(|(v, _)| v == value.as_str()) {
            Some((_, count)) => *count += 1,
            None => values.push((value.to_string(), 1)),
        }
    }
    values
}

/// What the page's live region says, when it changes. While the run plays,
/// what the last frames added that is worth reading aloud: a choice, a
/// violation, a new round, or the reader's own doing (a proposal, a crash,
/// a setting), so that a press is heard to have worked (every message would
/// be a torrent; an older choice, said again at Play, sounded new). While it is `paused`, the
/// log's lines for what the last move forward added (the events numbered
/// `since` and later: a step, an action, a seek ahead; the latest
/// `MOMENT_LINES` of them), so that a reader stepping through the run
/// hears what each step did, as a sighted one sees it; after a move back,
/// the moment's latest line.
pub fn announcement(sim: &Sim, paused: bool, since: Option<u64>) -> Option<String> {
    // A rule switched on or off is told by the unsafe badge's own live
    // region (see `unsafe_badge`), which also speaks when a seek or a new
    // run changes the rules: read here as well, it was heard twice.
    let badge_tells = |e: &Entry| matches!(e.event, Event::Changed { action: Action::SetFlaw { .. } });
    if paused {
        if let Some(last) = sim.trace().entries().next_back() {
            let logged = |e: &&Entry| in_log(&e.event, sim.len()) && !badge_tells(e);
            let mut lines: Vec<String> = match since {
                Some(from) => (sim.trace().indexed().rev())
                    .take_while(|(i, _)| *i >= from)
                    .map(|(_, e)| e)
                    .filter(logged)
                    .take(MOMENT_LINES)
                    .map(|e| describe(&e.event))
                    .collect(),
                None => sim.trace().entries().rev().find(logged).map(|e| describe(&e.event)).into_iter().collect(),
            };
            if lines.is_empty() {
                if badge_tells(last) {
                    return None;
                }
                // A step the log leaves out (a Prepare arriving, say).
                lines.push(describe(&last.event));
            }
            lines.reverse();
            return Some(lines.join(" "));
        }
    }
    let notable = |e: &&Entry| match &e.event {
        Event::Chosen { .. }
        | Event::Violation { .. }
        | Event::NewRound { .. }
        | Event::Proposed { .. }
        | Event::Changed { .. } => !badge_tells(e),
        Event::Node { note, .. } => matches!(note, Note::Crashed { .. } | Note::Restarted { .. }),
        _ => false,
    };
    // Nothing new since the last words: Play itself says nothing old.
    let from = since?;
    let mut lines: Vec<String> = (sim.trace().indexed().rev())
        .take_while(|(i, _)| *i >= from)
        .map(|(_, e)| e)
        .filter(notable)
        .take(MOMENT_LINES)
        .map(|e| describe(&e.event))
        .collect();
    lines.reverse();
    (!lines.is_empty()).then(|| lines.join(" "))
}

/// The most log lines one announcement reads out: a moment where many
/// messages arrive at once is summed up by its latest.
const MOMENT_LINES: usize = 3;

/// Whether agreement, validity or learner consistency broke, not only a
/// rule the protocol keeps for them.
fn guarantee_broken(sim: &Sim) -> bool {
    sim.violations().iter().any(|(_, v)| v.property().is_guarantee())
}

/// Said instead of asking the user to act, when the run has recorded
/// actions ahead (a scenario's script, a link's future): following the
/// invitation would throw that future away.
const RECORDED_AHEAD: &str =
    "More of this run is recorded: press Play or Step to watch it. Proposing or crashing here starts a different future.";

/// [`RECORDED_AHEAD`] unless the user was just asked to act: in a quiet
/// gap of a scenario, "press Play" stood beside the Pause button. True
/// paused or playing: "plays on in a moment" stood beside a counterexample
/// opened paused.
const RECORDED_PLAYING: &str =
    "More of this run is recorded, ready to play. Proposing or crashing here starts a different future.";

/// "Too few nodes are up…", then what to do about it. "No new ballot",
/// not "nothing can be chosen": an acceptance stays on disk when its node
/// crashes, so an Accept already on its way to a node still up can complete
/// a majority, and an expert watched a value chosen under the old words.
macro_rules! too_few {
    ($then:literal) => {
        concat!("Too few nodes are up to form a majority: no new ballot can succeed. Safety still holds. ", $then)
    };
}

/// [`too_few!`] while an Accept is on its way to a node that is up.
macro_rules! too_few_but {
    ($then:literal) => {
        concat!("Too few nodes are up for a new ballot, but an Accept already sent may still choose a value. Safety holds. ", $then)
    };
}

/// "Chosen, but…" with why some nodes have not heard, then what to do.
macro_rules! not_heard {
    ($then:literal) => {
        concat!("Chosen, but some nodes have not heard: their Decide was lost or they were down. ", $then)
    };
}

/// [`not_heard!`] when no node learned it: no Decide was ever sent, as no
/// proposer counted a majority of Accepted replies (it crashed first, or
/// the replies were lost), so none can have been lost.
macro_rules! none_heard {
    ($then:literal) => {
        concat!("Chosen, but no node knows it: no proposer heard a majority accept. ", $then)
    };
}

/// Whether an Accept is on its way to a node that is up: with too few
/// nodes up for a new ballot, it may still complete an older one's
/// majority, as acceptances made before a crash still count.
fn accept_on_its_way(sim: &Sim) -> bool {
    sim.flights().any(|f| {
        matches!(f.msg, Message::Accept { .. })
            && f.lost.is_none()
            // Refused on arrival, unless the link heals first.
            && !sim.is_cut(f.from, f.to)
            && sim.node(f.to).is_some_and(|v| !v.crashed)
    })
}

/// One line of guidance for where the user is now: two lines at most
/// in the header of a 1366 px window (about 125 characters), or the page
/// below it jumped down a line as the run moved on. `ahead` says whether
/// logged actions lie after the moment shown; `paused`, whether the clock
/// stands still with the live run's next event waiting for it.
pub fn hint(sim: &Sim, ahead: bool, paused: bool) -> &'static str {
    let busy = sim.nodes().any(|v| v.node.proposer.is_busy());
    let up = sim.nodes().filter(|v| !v.crashed).count();
    // What the proposers count, broken rule and all: under "Use half the
    // nodes as a quorum", 2 of 5 up still decide.
    let too_few_up = up < crate::paxos::quorum(sim.len(), sim.flaws()) && sim.chosen().is_none();
    if guarantee_broken(sim) {
        "Safety broke. Read the event log to see which step did it."
    } else if !sim.violations().is_empty() {
        "A Paxos rule broke: no two nodes have learned different values yet, but nothing now stops it. The log says which step did it."
    } else if too_few_up && accept_on_its_way(sim) {
        if ahead && paused {
            too_few_but!("Press Play to see.")
        } else {
            too_few_but!("Watch what happens.")
        }
    } else if too_few_up && ahead && paused {
        too_few!("Press Play to see what happens next.")
    } else if too_few_up && ahead {
        too_few!("Watch what happens next.")
    } else if too_few_up {
        too_few!("Restart a node to make progress.")
    } else if sim.chosen().is_none() && Tolerance::of(sim).stuck() {
        // Worked out only here, once: with links cut unevenly, the meter
        // tries sets of crashes.
        if up < sim.len() {
            "Links are cut so that no node can reach a majority: no new ballot succeeds until they heal or a crashed node is back. Safety holds."
        } else {
            "Links are cut so that no node can reach a majority: no new ballot can succeed until they heal. Safety still holds."
        }
    } else if sim.chosen().is_some() && busy && !sim.flaws().is_empty() {
        // Not "no other value can be chosen now": with a rule broken, one may.
        "A value is chosen. With a rule broken, a proposer still at work may propose another: watch whether it does."
    } else if sim.chosen().is_some() && busy {
        // Said before "watch the Decide messages": a proposer that starts
        // after the choice (the happy path's second ballot) sends Prepares,
        // and the page must not point at Decides that are not there. Not
        // "a proposer still at work can only propose it": one at a lower
        // ballot may still be sending Accepts for another value, which
        // just cannot win.
        "A value is chosen. A higher ballot will propose it too, as its promises report it; no other value can be chosen now."
    } else if sim.chosen().is_some() && sim.nodes().any(|v| !v.crashed && v.node.learned.is_none()) {
        // Only point at Decides that are on their way: a lost one is never
        // sent again, and a restarted node learns nothing by itself.
        let teaching = sim.flights().any(|f| {
            matches!(f.msg, Message::Decide { .. })
                && f.lost.is_none()
                && !sim.is_cut(f.from, f.to)
                && sim.node(f.to).is_some_and(|v| !v.crashed && v.node.learned.is_none())
        });
        // No node learned it, and no proposer decided it (a proposer can
        // decide, send its Decides and crash before its own copy lands):
        // then no Decide was ever sent.
        let nobody = sim.nodes().all(|v| v.node.learned.is_none())
            && !(sim.trace().entries().rev())
                .take_while(|e| !matches!(e.event, Event::NewRound { .. }))
                .any(|e| matches!(e.event, Event::Node { note: Note::Decided { .. }, .. }));
        if teaching {
            "Chosen! A majority accepted one proposal. Watch the Decide messages teach the other nodes."
        } else if nobody && ahead && paused {
            none_heard!("More is recorded: press Play or Step.")
        } else if nobody && ahead {
            none_heard!("More is recorded: watch on.")
        } else if nobody {
            none_heard!("Only a new ballot would find it and teach them.")
        } else if ahead && paused {
            not_heard!("More is recorded: press Play or Step.")
        } else if ahead {
            not_heard!("More is recorded: watch on.")
        } else {
            // A new ballot does not reach a node on a side without a
            // quorum: "only a new ballot" sent a student proposing again
            // beside a cut. The others it does reach, cut or not.
            let unheard = || sim.nodes().filter(|v| !v.crashed && v.node.learned.is_none());
            let apart = |v: &crate::sim::NodeView| super::cut_off(sim, v.node.id).is_some_and(|c| c.apart);
            match (unheard().any(|v| apart(&v)), unheard().all(|v| apart(&v))) {
                (false, _) => not_heard!("Only a new ballot would teach them."),
                (true, true) => "Chosen, but nodes cut off have not heard. A new ballot would teach them once their links heal.",
                (true, false) => {
                    "Chosen, but some nodes have not heard. A new ballot would teach them now, and those cut off once their links heal."
                }
            }
        }
    } else if ahead && !busy && paused {
        RECORDED_AHEAD
    } else if ahead && !busy {
        RECORDED_PLAYING
    } else if sim.chosen().is_some() && !sim.flaws().is_empty() {
        // Not "Paxos will keep it": with a rule broken, it may not.
        "A value is chosen. Propose another value now to see whether this unsafe variant keeps it, or start a New round."
    } else if sim.chosen().is_some() {
        "A value is chosen. Propose another value now: Paxos will keep the chosen one. Or start a New round."
    } else if busy && paused {
        // A proposal made while paused waits: without this, pressing
        // Propose seemed to do nothing.
        "Paused: press Play to watch, or Step for one event. Prepare asks, Promise answers, then Accept and Accepted."
    } else if busy {
        "Watch the arrows: Prepare asks, Promise answers, then Accept and Accepted. Step moves one event at a time."
    } else if sim.nodes().any(|v| v.node.acceptor.accepted.is_some()) {
        // Mid-run, after a proposer stopped (crashed, or gave up for good).
        "Nothing is chosen yet and no proposer is at work. Propose at a node: its promises will report what was accepted before."
    } else if sim.nodes().count() == 1 {
        // Nobody to race with: "two nodes" would point at a node not there.
        "Press Propose: one node is its own majority, so its own acceptance chooses the value. Pick more Nodes to see messages fly."
    } else {
        "Press Propose on any node to start. Press it on two nodes quickly to watch Paxos resolve the conflict."
    }
}

/// The 2F+1 meter: how many nodes are up, how many a majority needs, and
/// how many more crashes the cluster can take right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tolerance {
    /// Cluster size.
    pub nodes: usize,
    /// Nodes running.
    pub up: usize,
    /// A majority.
    pub majority: usize,
    /// How many replies a proposer counts as enough: a majority, or fewer
    /// under the broken rule "Use half the nodes as a quorum", where 2 of 5
    /// nodes up still decide (and the meter said no ballot could).
    pub need: usize,
    /// Whether no safety property has broken: only then does the meter
    /// say that safety holds (it said so under the red "Unsafe" box).
    pub safe: bool,
    /// Whether a proposer may count one acceptor's duplicated reply twice
    /// (the broken rule "Count duplicate replies", with messages being
    /// duplicated): then fewer nodes than `need` may decide.
    pub counts_twice: bool,
    /// When links are cut: the most running nodes one running node can
    /// talk with both ways, itself included.
    pub reach: Option<usize>,
    /// When links are cut and a majority still talks: how many more
    /// crashes the cluster survives whichever nodes they hit, or `None`
    /// when there were too many ways to try (see [`crashes_survived`]).
    pub cut_spare: Option<usize>,
}

impl Tolerance {
    /// The meter for `sim`.
    pub fn of(sim: &Sim) -> Tolerance {
        let up: Vec<NodeId> = sim.nodes().filter(|v| !v.crashed).map(|v| v.node.id).collect();
        let majority = crate::paxos::majority(sim.len());
        let need = crate::paxos::quorum(sim.len(), sim.flaws());
        // A proposer needs replies, so a link counts only if it works both
        // ways. Checked only while something is cut: 25 nodes make 600 links.
        let talks: Option<Vec<u32>> = sim.any_cut().then(|| {
            let talks = |a: NodeId, b: NodeId| !sim.is_cut(a, b) && !sim.is_cut(b, a);
            up.iter()
                .map(|&a| up.iter().enumerate().filter(|&(_, &b)| talks(a, b)).fold(0, |m, (j, _)| m | 1 << j))
                .collect()
        });
        let reach = talks.as_ref().map(|t| t.iter().map(|m| m.count_ones() as usize).max().unwrap_or(0));
        let cut_spare = talks.as_ref().and_then(|t| crashes_survived(t, need));
        let safe = sim.violations().is_empty();
        let counts_twice = sim.flaws().has(crate::paxos::Flaw::CountDuplicates) && sim.settings().duplication > 0.0;
        Tolerance { nodes: sim.len(), up: up.len(), majority, need, safe, counts_twice, reach, cut_spare }
    }

    /// How many more nodes may crash before no quorum is left (none if
    /// there is no quorum now).
    pub fn spare(&self) -> Option<usize> {
        self.up.checked_sub(self.need)
    }

    /// "a majority needs 3", or what the broken rule counts instead.
    fn needs(&self) -> String {
        if self.need == self.majority {
            format!("a majority needs {}", self.majority)
        } else {
            format!("a quorum needs only {} under the broken rule", self.need)
        }
    }

    /// " Safety still holds.", only while it does.
    fn holds(&self) -> &'static str {
        if self.safe {
            " Safety still holds."
        } else {
            ""
        }
    }

    /// Whether no new ballot can succeed now: too few nodes up, or too few
    /// that can reach each other.
    pub fn stuck(&self) -> bool {
        self.spare().is_none() || self.reach.is_some_and(|k| k < self.need)
    }

    /// The meter in one sentence, and one more when links are cut or a
    /// proposer may count a reply twice.
    pub fn sentence(&self) -> String {
        let said = self.counted();
        // The count is of progress under the broken rule: read alone, "5
        // nodes tolerate 3 crashes" contradicted 2F+1 beside it, with no
        // word of what it risks. (Not "the price is safety": beside
        // "Safety still holds" it read as the page contradicting itself.)
        let said = if self.need < self.majority {
            format!(
                "{said} The risk: two quorums of {} need not share a node, so two values may be chosen. Paxos needs {}.",
                self.need, self.majority
            )
        } else {
            said
        };
        if self.counts_twice {
            format!("{said} Counting duplicated replies twice, a proposer may also decide with fewer.")
        } else {
            said
        }
    }

    /// [`Tolerance::sentence`] as the count of nodes says it.
    fn counted(&self) -> String {
        let Tolerance { nodes, up, need, reach, cut_spare, .. } = *self;
        let (crashes, needs, holds) = (self.crashes(), self.needs(), self.holds());
        // Cut links matter only while enough nodes are up at all.
        let Some(k) = reach.filter(|_| self.spare().is_some()) else { return crashes };
        if k < need {
            // A crashed node that comes back may be the bridge a majority
            // lacks: healing is not the only way out.
            let way_out = if up < nodes { "the links heal or crashed nodes come back" } else { "the links heal" };
            let group = if need == self.majority { "a majority" } else { "a quorum" };
            return format!(
                "{up} of {nodes} nodes up, but links are cut: no node can reach {group} ({need}) both ways, at most {k} counting itself. No new ballot can succeed until {way_out}.{holds}"
            );
        }
        // Counted over the nodes themselves, not from the best-connected
        // one alone: when it crashes, the others may reach fewer.
        let more = match cut_spare {
            Some(0) => ", so one more crash, of the wrong node, would stop every new ballot.".to_string(),
            Some(1) => ", so the cluster tolerates 1 more crash, whichever node it hits.".to_string(),
            Some(n) => format!(", so the cluster tolerates {n} more crashes, whichever nodes they hit."),
            None => "; how many more crashes it survives depends on which nodes they hit.".to_string(),
        };
        if k == up {
            // Someone still reaches every node that is up.
            format!("{up} of {nodes} nodes up, and one of them still reaches all the others both ways, though links are cut; {needs}{more}")
        } else {
            // Two sentences: in one, with a colon and a semicolon, a
            // student could not follow it.
            let needs = crate::sim::narrate::capitalized(&needs);
            format!(
                "{up} of {nodes} nodes up, but links are cut: the best-connected node can talk with {k} nodes both ways, itself included. {needs}{more}"
            )
        }
    }

    fn crashes(&self) -> String {
        let Tolerance { nodes, up, .. } = *self;
        let (needs, holds) = (self.needs(), self.holds());
        match self.spare() {
            Some(0) => format!("{} up; {needs}. One more crash and no new ballot can succeed.", of_nodes(up, nodes)),
            Some(1) => format!("{} up; {needs}, so the cluster tolerates 1 more crash.", of_nodes(up, nodes)),
            Some(k) => format!("{} up; {needs}, so the cluster tolerates {k} more crashes.", of_nodes(up, nodes)),
            None => format!(
                "Only {} {} up and {needs}: no new ballot can succeed until nodes come back.{holds}",
                of_nodes(up, nodes),
                if up == 1 || nodes == 1 { "is" } else { "are" }
            ),
        }
    }
}

/// How many more crashes a cluster with cut links survives, whichever
/// nodes they hit: one less than the fewest crashes that leave no node
/// talking with a majority. `talks[i]` is the set of running nodes node `i`
/// talks with both ways, itself included, as bits; a majority still
/// talks. `None` when that takes trying more than a few thousand sets of
/// nodes (a cluster of more than 12 with links cut unevenly).
pub fn crashes_survived(talks: &[u32], majority: usize) -> Option<usize> {
    let n = talks.len();
    let reach = |i: usize, crashed: u32| (talks[i] & !crashed).count_ones() as usize;
    // Nodes cut off whole, or a partition, leave groups that all talk with
    // one another: the cluster then survives until the biggest group is
    // smaller than a majority. Counted directly, as 25 nodes would
    // otherwise need millions of sets tried.
    let groups = (0..n).all(|i| (0..n).filter(|&j| talks[i] >> j & 1 == 1).all(|j| talks[j] == talks[i]));
    if groups {
        let biggest = (0..n).map(|i| reach(i, 0)).max().unwrap_or(0);
        return biggest.checked_sub(majority);
    }
    // Otherwise, every set of 1 node, then of 2, and so on (Gosper's
    // trick steps through the sets of one size), until one set's crash
    // leaves nobody talking with a majority.
    let mut tried = 0;
    for size in 1..=n {
        let mut set: u32 = (1 << size) - 1;
        while set < 1 << n {
            if (0..n).all(|i| set >> i & 1 == 1 || reach(i, set) < majority) {
                return Some(size - 1);
            }
            tried += 1;
            if tried > 4096 {
                return None;
            }
            let low = set & set.wrapping_neg();
            let carry = set + low;
            set = (((carry ^ set) >> 2) / low) | carry;
        }
    }
    None
}

/// One safety property's status at the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct Invariant {
    /// The property.
    pub property: Property,
    /// If it broke: what happened, and the event that broke it (its index
    /// and tick), if it is still kept.
    pub broken: Option<(String, Option<(u64, u64)>)>,
}

/// Every safety property with its status at the cursor.
pub fn invariants(sim: &Sim) -> Vec<Invariant> {
    Property::ALL
        .iter()
        .map(|&property| Invariant {
            property,
            broken: sim
                .violations()
                .iter()
                .find(|(_, v)| v.property() == property)
                .map(|(cause, v)| (v.to_string(), sim.trace().get(*cause).map(|e| (*cause, e.at)))),
        })
        .collect()
}
