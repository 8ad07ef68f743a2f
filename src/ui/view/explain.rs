//! Why things are as they are: the quorums behind a choice or an
//! adoption, a node's history, the links cut, the culprit of a broken
//! rule, and the marks those put on the cards.

use super::{short, short_pair};
use crate::paxos::{Ballot, GiveUp, NodeId, NodeSet, Note, Phase, Value, ValueFrom};
use crate::sim::narrate::{nodes_in_words, seconds};
use crate::sim::{Action, Event, NodeView, Sim, Violation};

/// Why the cards light up: the acceptors whose acceptances chose the
/// value, or the promise quorum behind an adopted value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Quorum {
    /// The chosen proposal's ballot, and the acceptors that accepted it.
    pub accepted: Option<(Ballot, Vec<NodeId>)>,
    /// The ballot of a proposer that adopted an earlier value, and the
    /// acceptors whose promises it counted before it proposed.
    pub promised: Option<(Ballot, Vec<NodeId>)>,
    /// The ballot of the earlier acceptance that forced the value, and the
    /// acceptors in the intersection whose promises reported it (the
    /// proposer's own among them), in id order.
    pub forced: Option<(Ballot, Vec<NodeId>)>,
    /// The sentence that explains the adoption.
    pub sentence: Option<String>,
    /// The proposer whose adoption [`Quorum::sentence`] explains, and the
    /// value of its own that it set aside.
    pub adopter: Option<(NodeId, Value)>,
}

/// The quorums worth showing at the cursor: the accept quorum of the
/// chosen value, and the latest adoption of an earlier value while its
/// ballot is still the one in play.
pub fn quorum(sim: &Sim) -> Quorum {
    let mut q = Quorum::default();
    let chosen = sim.chosen();
    // Only this round's events: ballots start over in a new round, so an
    // earlier round may have chosen or adopted the very same proposal.
    let events = || this_round(sim);
    if let Some(chosen) = chosen {
        // The acceptances that made it chosen, as the checker saw them; a
        // later one changed nothing. Once that event has left the trace
        // window, every acceptor of the proposal is the best there is.
        let by = events()
            .find_map(|e| match e {
                Event::Chosen { proposal, by, .. } if proposal == chosen => Some(*by),
                _ => None,
            })
            .unwrap_or_else(|| sim.checker().voters(chosen));
        q.accepted = Some((chosen.ballot, by.members().collect()));
    }
    // The latest adoption: a proposer that had to take an earlier value.
    let adoption = events().enumerate().rev().find_map(|(at, e)| match e {
        Event::Node {
            node,
            note: Note::Proposing { proposal, own, prior: Some(prior), value_from: ValueFrom::Prior, promised_by, .. },
        } if proposal.value != *own => Some((at, *node, proposal, own, prior, *promised_by)),
        _ => None,
    });
    let Some((proposing, proposer, proposal, own, prior, promised_by)) = adoption else { return q };
    let phase = sim.node(proposer).map(|v| &v.node.proposer.phase);
    // A proposer that went on to decide the value it adopted keeps the
    // explanation: its card says "decided apple", and the why must stay
    // beside it even when the value was first chosen at an older ballot.
    let decided_it = matches!(phase, Some(Phase::Decided { value }) if *value == proposal.value);
    let in_play = phase.and_then(Phase::ballot) == Some(proposal.ballot);
    if !in_play && !decided_it && chosen.is_none_or(|c| c.ballot != proposal.ballot) {
        return q;
    }
    // Which of the promises it counted reported the value: each acceptor
    // said so itself when it promised. In id order, as every list of
    // nodes on the page is (not in the order the promises came).
    let mut reporters: Vec<NodeId> = events()
        .take(proposing)
        .filter_map(|e| match e {
            Event::Node { node, note: Note::Promised { to, ballot, prior: Some(reported), .. } }
                if *to == proposer
                    && *ballot == proposal.ballot
                    && reported == prior
                    && promised_by.contains(*node) =>
            {
                Some(*node)
            }
            _ => None,
        })
        .collect();
    reporters.sort_unstable();
    reporters.dedup();
    // Every promise that reported it: naming one, an engineer read the
    // others (the proposer's own, often) as not holding the value.
    let others: Vec<NodeId> = reporters.iter().copied().filter(|&n| n != proposer).collect();
    // Every card the sentence names is marked, the proposer's own too when
    // its acceptor reported the value: with the others' cards alone ringed,
    // a student read "node 2's promise and its own" against the cards and
    // asked which of them had forced it.
    q.forced = (!reporters.is_empty()).then(|| (prior.ballot, reporters.clone()));
    q.promised = Some((proposal.ballot, promised_by.members().collect()));
    if q.forced.is_some() {
        let value = short(&prior.value);
        let whose = match (others.as_slice(), reporters.contains(&proposer)) {
            ([], _) => "its own promise".to_string(),
            ([one], false) => format!("node {one}'s promise"),
            ([one], true) => format!("node {one}'s promise and its own"),
            (_, false) => format!("the promises of {}", nodes_in_words(others)),
            (_, true) => format!("the promises of {} and its own", nodes_in_words(others)),
        };
        // A promise quorum smaller than a majority (“Use half the nodes as a quorum”)
        // has no overlap for the rule to lean on: the sentence must not
        // promise one. Judged by the quorum it counted, not by the switch
        // as it stands now, which may have changed since.
        let counted = promised_by.members().count();
        let why = if counted < crate::paxos::majority(sim.len()) {
            format!(
                "that rule keeps a chosen value chosen, but this quorum was only {counted} of the {} nodes, and two quorums of {counted} need not share a node, so another proposer may never hear of a chosen value.",
                sim.len()
            )
        } else {
            format!(
                "if it was, a majority accepted it, and any two majorities of {} share a node, so carrying it forward keeps it chosen.",
                if sim.len() == 1 { "1 node".to_string() } else { format!("{} nodes", sim.len()) }
            )
        };
        // Not "Node 3 cannot tell whether it was chosen": a proposer whose
        // node learned the value in an earlier ballot follows its promises
        // all the same, and its card said "Learned" beside the sentence.
        q.adopter = Some((proposer, own.clone()));
        q.sentence = Some(format!(
            "Node {proposer} proposes “{value}” at n={}, not its own “{own}”: {whose} reported “{value}”, accepted at n={}, the highest acceptance among the promises it counted. A proposer carries it whether or not it was chosen; {why}",
            proposal.ballot, prior.ballot
        ));
    }
    q
}

/// The events of the round under way: ballots start over in a new round,
/// and an earlier round may have chosen or adopted the very same proposal.
fn this_round(sim: &Sim) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator {
    let trace = sim.trace();
    let start = trace.entries().rposition(|e| matches!(e.event, Event::NewRound { .. })).map_or(0, |k| k + 1);
    trace.entries().skip(start).map(|e| &e.event)
}

/// What became of one proposal of the round, as its proposer's notes and
/// the acceptors' refusals tell it (see [`Outcome`]).
struct Fate<'a> {
    node: NodeId,
    value: &'a Value,
    /// The refusals of its proposer's ballots so far: the ballot refused,
    /// and the higher one the acceptor had promised.
    refusals: Vec<(Ballot, Ballot)>,
    /// The first of its ballots to fail, and why its proposer gave it up:
    /// refused by acceptors promised to a higher ballot (the usual way a
    /// race is lost), or short of replies when its timer ran out.
    failed: Option<(Ballot, GiveUp)>,
    /// How it ended, in words, if it did.
    end: Option<String>,
    /// Whether it ended because its proposer had to carry an earlier
    /// value instead.
    adopted: bool,
}

/// Why a value proposed in the round was not chosen.
#[derive(Clone, Debug, PartialEq)]
pub struct WhyNot {
    /// The node that proposed it.
    pub node: NodeId,
    /// The value.
    pub value: Value,
    /// The whole story, in one sentence.
    pub text: String,
    /// Whether it ended because its proposer had to carry an earlier value.
    pub adopted: bool,
    /// Then, what went wrong before that, if anything did, in a sentence
    /// that leaves the adoption to the sentence beside it.
    pub before: Option<String>,
}

impl WhyNot {
    /// What to show while the adoption by `adopter` of another value in
    /// place of its own is explained beside it ([`Quorum::sentence`]), if
    /// anything. Said twice, once from the proposer's promises and once
    /// from its quorum, a student read two accounts of one step, and in a
    /// duel the two named different ballots: the adoption is left to the
    /// sentence beside. Only that value's: the same node's next proposal,
    /// adopted away in turn, left the first one explained nowhere.
    pub fn shown(&self, adopter: Option<(NodeId, &Value)>) -> Option<&str> {
        if self.adopted && adopter == Some((self.node, &self.value)) {
            self.before.as_deref()
        } else {
            Some(&self.text)
        }
    }
}

/// How `mine` was refused, as `refusals` say (if they say it was): the
/// highest ballot those refusing had promised, and how many refused. A
/// student could not tell why n=1.3 beat n=1.1: a tie of numbers goes to
/// the higher node id, and the sentence says so.
fn refused(mine: Ballot, refusals: &[(Ballot, Ballot)]) -> Option<String> {
    let against: Vec<Ballot> = refusals.iter().filter(|(b, _)| *b == mine).map(|(_, p)| *p).collect();
    let rival = *against.iter().max()?;
    let who = if against.len() == 1 { "an acceptor that had" } else { "acceptors that had" };
    // With ballots shared (a flaw), a ballot names no node.
    Some(if rival.node.0 == 0 {
        format!("{who} promised the higher ballot n={rival} refused its n={mine}")
    } else if rival.num == mine.num {
        format!(
            "{who} promised node {}'s higher ballot n={rival} refused its n={mine} (both are number {}, and a tie goes to the higher node id)",
            rival.node, rival.num
        )
    } else {
        format!("{who} promised node {}'s higher ballot n={rival} refused its n={mine}", rival.node)
    })
}

/// What went wrong for `fate`'s ballots, in words, if anything did: its
/// first failed ballot, as its proposer said, with the refusals it met
/// (which may come after a timer ran out); or, with none failed yet, the
/// refusals its latest ballot met.
fn trouble(fate: &Fate) -> Option<String> {
    match fate.failed {
        Some((ballot, GiveUp::TimedOut)) => Some(match refused(ballot, &fate.refusals) {
            Some(refused) => format!("{refused}, and too few others replied before its timer ran out"),
            None => format!("its ballot n={ballot} got too few replies before its timer ran out"),
        }),
        Some((ballot, _)) => refused(ballot, &fate.refusals),
        None => fate.refusals.last().and_then(|(latest, _)| refused(*latest, &fate.refusals)),
    }
}

/// How the round's value came to be chosen, read from the round's events
/// in one pass (the page reads it at every render while the run plays).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Once a value is chosen, why each other value proposed in the round
    /// was not, one sentence each, in the order they were proposed. Two
    /// proposals pressed at once showed only the winner, and why the other
    /// lost lay forty lines down the log.
    pub why_not: Vec<WhyNot>,
    /// The proposer that called the chosen value chosen, the ballot it
    /// counted at when that is not the one that first made the value
    /// chosen (a retry may carry it again), and the acceptors whose
    /// `Accepted` it counted: the replies that reached it first, which
    /// need not be the first majority to accept.
    pub counted: Option<(NodeId, Option<Ballot>, Vec<NodeId>)>,
}

/// The round's [`Outcome`] so far.
pub fn outcome(sim: &Sim) -> Outcome {
    let Some((chosen, chosen_at)) = sim.chosen().map(|p| (&p.value, p.ballot)) else { return Outcome::default() };
    let mut fates: Vec<Fate> = Vec::new();
    // Each node's proposal under way (an index into `fates`), and the
    // ballot it last sent Accepts for.
    let mut current: Vec<Option<usize>> = vec![None; sim.len()];
    let mut accepting: Vec<Option<Ballot>> = vec![None; sim.len()];
    let mut counted = None;
    for event in this_round(sim) {
        let (k, note) = match event {
            Event::Proposed { node, value } => {
                // A node asked again drops the proposal it had: it is over,
                // by its own hand, not lost to another proposer.
                let open = current[node.index()].filter(|&p| fates[p].end.is_none() && fates[p].value != value);
                if let Some(p) = open {
                    fates[p].end = Some(format!("it gave it up for its own later proposal of “{}”", short(value)));
                }
                current[node.index()] = Some(match fates.iter().position(|f| f.node == *node && f.value == value) {
                    Some(p) => p,
                    None => {
                        let fate =
                            Fate { node: *node, value, refusals: Vec::new(), failed: None, end: None, adopted: false };
                        fates.push(fate);
                        fates.len() - 1
                    }
                });
                continue;
            }
            Event::Node { node, note } => (*node, note),
            _ => continue,
        };
        // A refusal is news for the proposer it answers; the rest for the
        // node itself.
        let whose = match note {
            Note::Refused { to, .. } => *to,
            _ => k,
        };
        if let Note::Proposing { proposal, .. } = note {
            accepting[k.index()] = Some(proposal.ballot);
        }
        if let Note::Decided { value, accepted_by, .. } = note {
            if value == chosen && counted.is_none() {
                let retry = accepting[k.index()].filter(|b| *b != chosen_at);
                counted = Some((k, retry, accepted_by.members().collect()));
            }
        }
        let Some(fate) = current[whose.index()].map(|p| &mut fates[p]).filter(|f| f.end.is_none()) else { continue };
        match note {
            // Not a refusal of one of its ballots by its own later one (a
            // copy of an old Prepare arriving late).
            Note::Refused { ballot, promised, .. } if promised.node != whose => {
                fate.refusals.push((*ballot, *promised));
            }
            // Its first failure, and the proposer's own word for why.
            Note::GaveUp { ballot, why } if fate.failed.is_none() => fate.failed = Some((*ballot, *why)),
            // Only with a rule broken: it called its own value chosen,
            // though no majority accepted it.
            Note::Decided { value, .. } if value == fate.value => {
                fate.end = Some(format!(
                    "it called “{}” chosen on the replies it counted, though no majority accepted it: a broken rule let it",
                    short(value)
                ));
            }
            Note::Proposing { proposal, own, value_from: ValueFrom::Prior, prior: Some(prior), .. }
                if own == fate.value && proposal.value != *own =>
            {
                fate.adopted = true;
                fate.end = Some(format!(
                    "its promises for n={} reported “{}”, accepted at n={}, so it proposed that instead, as Paxos requires",
                    proposal.ballot,
                    short(&proposal.value),
                    prior.ballot
                ));
            }
            Note::Stopped { chosen, .. } => {
                fate.end = Some(format!("it stopped once it heard “{}” was chosen", short(chosen)));
            }
            Note::Crashed { .. } => fate.end = Some("it crashed before it got further".to_string()),
            _ => {}
        }
    }
    let why_not = fates
        .iter()
        .filter(|f| f.value != chosen)
        .map(|f| {
            let first = trouble(f);
            let end = f.end.clone().unwrap_or_else(|| {
                // Still trying, or not: its node's proposer says which.
                // What any ballot of it must now carry is Paxos's promise,
                // and a broken rule breaks it.
                // Not "it has not given up yet": beside a card that said
                // "gave up n=1.1" (its ballot, not its value) a student read
                // the page saying both.
                let phase = sim.node(f.node).map(|v| &v.node.proposer.phase);
                let trying = match phase {
                    // Not "will try again": a Decide heard while it waits
                    // stops it, and a crash forgets the retry.
                    Some(Phase::Backoff { .. }) => Some("it is waiting to retry with a higher ballot"),
                    Some(Phase::Preparing { .. } | Phase::Accepting { .. }) => Some("it is still trying"),
                    _ => None,
                };
                match (trying, sim.flaws().is_empty()) {
                    (Some(trying), true) => {
                        // Not ", but": the sentence has its "but" already
                        // ("Node 3 proposed it, but it is still trying").
                        format!("{trying}; any ballot it completes now must propose “{}”", short(chosen))
                    }
                    // "Still trying" alone gave no reason it lost: with a
                    // rule broken, it need not have.
                    (Some(trying), false) => format!("{trying}, and with a rule broken it may yet get it chosen too"),
                    (None, _) => "it got no further".to_string(),
                }
            });
            let why_not = |how: &str| format!("Why not “{}”? Node {} proposed it, but {how}.", short(f.value), f.node);
            let before = first
                .as_ref()
                .map(|first| why_not(&format!("{first}; then it had to carry an earlier value, as told below")));
            let how = match first {
                Some(first) => format!("{first}; then {end}"),
                None => end,
            };
            WhyNot { node: f.node, value: f.value.clone(), text: why_not(&how), adopted: f.adopted, before }
        })
        .collect();
    Outcome { why_not, counted }
}

/// One entry of a node's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// The event's index in the run.
    pub index: u64,
    /// Its tick.
    pub at: u64,
    /// What the node did, briefly.
    pub text: String,
    /// A new round beginning, not something the node did: set apart in
    /// the list.
    pub round: bool,
}

/// What `node` promised, accepted and learned (and when it crashed or
/// restarted), oldest first, from the events the page keeps.
pub fn node_history(sim: &Sim, node: NodeId) -> Vec<HistoryEntry> {
    sim.trace()
        .indexed()
        .filter_map(|(index, e)| {
            let (n, note) = match &e.event {
                Event::Node { node: n, note } => (n, note),
                // Ballots start again in a new round: without the line, a
                // node's second value read as one instance learning two.
                Event::NewRound { round } => {
                    let text = format!("round {round} began: a new instance of Paxos, with its own ballots");
                    return Some(HistoryEntry { index, at: e.at, text, round: true });
                }
                _ => return None,
            };
            if *n != node {
                return None;
            }
            let text = match note {
                // As the log says it: "to node 3" on node 3's own history
                // read as another node.
                Note::Promised { to, ballot, .. } if *to == node => format!("promised n={ballot} to itself"),
                Note::Promised { to, ballot, .. } => format!("promised n={ballot} to node {to}"),
                Note::Refused { to, ballot, promised } => {
                    format!("refused n={ballot} from node {to}, having promised n={promised}")
                }
                Note::Accepted { proposal, .. } => format!("accepted {}", short_pair(proposal)),
                Note::Learned { value } => format!("learned “{}”", short(value)),
                Note::Contradicted { told, .. } => {
                    format!("was told “{}” was chosen, and kept what it learned", short(told))
                }
                Note::Preparing { ballot } => format!("started ballot n={ballot}"),
                Note::Proposing { proposal, own, value_from: ValueFrom::Prior, .. } if proposal.value != *own => {
                    format!("proposed {}, not its own “{}”", short_pair(proposal), short(own))
                }
                Note::Proposing { proposal, .. } => format!("proposed {}", short_pair(proposal)),
                Note::GaveUp { ballot, .. } => format!("gave up n={ballot}"),
                Note::Stopped { ballot, retry: false, .. } => format!("dropped n={ballot}: a value was chosen"),
                Note::Stopped { .. } => "will not retry: a value was chosen".to_string(),
                Note::Decided { value, .. } => format!("called “{}” chosen", short(value)),
                Note::Crashed { .. } => "crashed".to_string(),
                Note::Restarted { forgot: true, .. } => "restarted, forgetting its promise and acceptance".to_string(),
                Note::Restarted { .. } => "restarted".to_string(),
            };
            Some(HistoryEntry { index, at: e.at, text, round: false })
        })
        .collect()
}

/// The Partitions panel's pressed side, when the links cut are exactly a
/// partition in two: every link across cut both ways, none within a side.
/// The side shown as pressed is the one the latest split named, so that
/// pressing nodes 3, 4 and 5 leaves those three pressed, not the two on
/// the other side; for a split made otherwise (a scenario's cuts, an old
/// link's cut-off node), the smaller side.
pub fn across(sim: &Sim) -> Option<NodeSet> {
    let ids: Vec<NodeId> = sim.nodes().map(|v| v.node.id).collect();
    let first = *ids.first()?;
    let talks = |a: NodeId, b: NodeId| !sim.is_cut(a, b) && !sim.is_cut(b, a);
    let apart = |a: NodeId, b: NodeId| sim.is_cut(a, b) && sim.is_cut(b, a);
    let mut far = NodeSet::EMPTY;
    ids.iter().filter(|&&k| !talks(first, k) && k != first).for_each(|&k| {
        far.insert(k);
    });
    if far.is_empty() {
        return None;
    }
    let clean = ids.iter().all(|&a| {
        ids.iter()
            .filter(|&&b| b != a)
            .all(|&b| if far.contains(a) == far.contains(b) { talks(a, b) } else { apart(a, b) })
    });
    if !clean {
        return None;
    }
    let mut near = NodeSet::EMPTY;
    ids.iter().filter(|&&k| !far.contains(k)).for_each(|&k| {
        near.insert(k);
    });
    let named = sim.actions().iter().rev().find_map(|l| match l.action {
        Action::Split { side } => Some(side),
        _ => None,
    });
    Some(match named {
        Some(side) if side == near || side == far => side,
        _ if near.len() < far.len() => near,
        _ => far,
    })
}

/// What a card says about its node's cut links.
#[derive(Clone, Debug, PartialEq)]
pub struct CutOff {
    /// Whom it is cut off from, and whom it cannot reach or hear.
    pub text: String,
    /// Whether the node is on a minority side: cut off both ways from so
    /// many nodes that those it can still talk with, itself included, are
    /// no majority. The card outlines it. Outlining every node with a cut
    /// link outlined all five cards when one node was cut off (each of the
    /// others had lost its link to it), and the side that cannot choose
    /// did not stand out.
    pub apart: bool,
}

/// What `node`'s card says about cut links: whom it is cut off from,
/// both ways, and whom it cannot reach or hear, if anyone. A partition
/// cuts a node off from some nodes only, and the cards must show it as
/// well as a node cut off alone.
pub fn cut_off(sim: &Sim, node: NodeId) -> Option<CutOff> {
    // Most runs cut nothing; 25 nodes would otherwise ask 1,200 questions.
    if !sim.any_cut() {
        return None;
    }
    let others = || NodeId::members(sim.len()).filter(move |&other| other != node);
    let (mut both, mut to, mut from) = (Vec::new(), Vec::new(), Vec::new());
    for other in others() {
        match (sim.is_cut(node, other), sim.is_cut(other, node)) {
            (true, true) => both.push(other),
            (true, false) => to.push(other),
            (false, true) => from.push(other),
            (false, false) => {}
        }
    }
    // One-way cuts come from scenarios and links (the happy path loses a
    // Prepare that way); unshown, a lost message would have no visible cause.
    let mut parts = Vec::new();
    // Against the quorum proposers count: under "Use half the nodes as a
    // quorum" a side of two in five decides too, and outlining it as the
    // side that cannot hid the split brain the rule allows.
    let apart = sim.len() - both.len() < crate::paxos::quorum(sim.len(), sim.flaws());
    match both.len() {
        0 => {}
        k if k + 1 == sim.len() => parts.push("cut off from the others".to_string()),
        _ => parts.push(format!("cut off from {}", crate::sim::nodes_in_words(both))),
    }
    if !to.is_empty() {
        parts.push(format!("cannot reach {}", crate::sim::nodes_in_words(to)));
    }
    if !from.is_empty() {
        parts.push(format!("cannot hear {}", crate::sim::nodes_in_words(from)));
    }
    (!parts.is_empty()).then(|| CutOff { text: parts.join("; "), apart })
}

/// Where the latest safety violation at the cursor happened, if any: the
/// index of the event whose handling broke it, and the node to blame: the
/// one the violation names, else the one that handled the event. The
/// latest, because the run pauses at each break and its notice names the
/// newest: marking the first left the cards and the diagram pointing at
/// another node than the words. Of several broken by one event, the first,
/// which the notice names.
pub fn culprit(sim: &Sim) -> Option<(u64, Option<NodeId>)> {
    let (cause, violation) = latest_violation(sim)?;
    Some((*cause, blamed(sim, *cause, violation)))
}

/// Whether the latest violation is a rule its node broke itself (a promise
/// broken, a ballot reused), rather than a safety property that a lawful
/// step completed: a node that learned a value no majority accepted
/// believed a Decide, or its own count, and broke no rule in learning it.
pub fn latest_is_a_rule(sim: &Sim) -> bool {
    latest_violation(sim).is_some_and(|(_, v)| v.node().is_some() && !matches!(v, Violation::Learner { .. }))
}

/// The violation [`culprit`] points at.
fn latest_violation(sim: &Sim) -> Option<&(u64, Violation)> {
    let violations = sim.violations();
    let (latest, _) = violations.last()?;
    violations.iter().find(|(cause, _)| cause == latest)
}

/// The node to blame for `violation`, caused by event `cause`: the one it
/// names, else the one that handled the event.
pub fn blamed(sim: &Sim, cause: u64, violation: &Violation) -> Option<NodeId> {
    violation.node().or_else(|| sim.trace().get(cause).and_then(|e| e.event.handled_by()))
}

/// The arrow a pressed event tells of, by the index the diagram knows it
/// by: the event itself for a message's delivery or loss; for what a node
/// did on a message's arrival (promised, accepted, learned), that
/// delivery. The trace holds it just before, with only what the node did
/// about it (its notes, what it sent, a value chosen) in between; anything
/// else there means the event was not a message's doing.
pub fn arrow_event(sim: &Sim, index: u64) -> u64 {
    let trace = sim.trace();
    let Some(Event::Node { node, .. }) = trace.get(index).map(|e| &e.event) else { return index };
    let mut i = index;
    while i > 0 {
        i -= 1;
        match trace.get(i).map(|e| &e.event) {
            Some(
                Event::Node { .. }
                | Event::Sent { .. }
                | Event::Duplicated { .. }
                | Event::Chosen { .. }
                | Event::Violation { .. },
            ) => {}
            Some(Event::Delivered { to, .. }) if to == node => return i,
            _ => break,
        }
    }
    index
}

/// A card's highlight, and the ballot it is about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// Safety broke at this node's step: true when the broken rule was
    /// its own (a promise it broke, a ballot it reused), false when the
    /// step only completed the harm (the acceptance that made a second
    /// value chosen, a value learned that no majority accepted); and the
    /// tick it broke at.
    Culprit(bool, u64),
    /// Its earlier acceptance, at this ballot, forced an adopted value;
    /// and the ballot of the chosen value's accept quorum, if it is in that
    /// too. (It is in the promise quorum by definition: its promise
    /// carried the acceptance.)
    Forced(Ballot, Option<Ballot>),
    /// Its promise counted towards this ballot.
    Promised(Ballot),
    /// It accepted the chosen proposal, of this ballot, and what it holds
    /// now.
    Accepted(Ballot, Since),
}

/// What a member of the accept quorum holds now, beside the acceptance
/// that counted: its card's "Accepted" line shows the latest, and a ring
/// naming another ballot read as the page contradicting itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Since {
    /// That acceptance, still.
    Holds,
    /// Nothing as high: a restart wiped it (the flaw "Forget acceptor state on
    /// restart").
    Forgot,
    /// A later ballot's acceptance (in correct Paxos, of the same value).
    Later(Ballot),
}

impl Mark {
    /// The card's class modifier.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Culprit(..) => "culprit",
            Mark::Forced(..) => "forced",
            Mark::Promised(_) => "promised",
            Mark::Accepted(..) => "accepted",
        }
    }

    /// The quorum a forced card is in too, named as the class modifier of
    /// that quorum's ring: it wears both rings, or a student counting
    /// rings found the majority one node short.
    pub fn also(self) -> Option<&'static str> {
        match self {
            Mark::Forced(_, None) => Some("promised"),
            Mark::Forced(_, Some(_)) => Some("accepted"),
            _ => None,
        }
    }

    /// [`Mark::text`] in two parts: what every card shows, and the rest,
    /// which an embed's card leaves to its second ring and a screen reader
    /// (see `.node-card__rest`): a card in a projected or embedded view
    /// fits two short lines, and the quorum's words were the ones cut off.
    pub fn shown(self) -> (String, &'static str) {
        match self {
            Mark::Forced(b, quorum) => (
                format!("n={b} acceptance forced the value"),
                if quorum.is_some() { "; accept quorum" } else { "; promise quorum" },
            ),
            _ => (self.text(), ""),
        }
    }

    /// What the card says about it.
    pub fn text(self) -> String {
        match self {
            // With the time: the mark stays while the reader steps on,
            // and "with this step" then named a later, lawful one.
            // The time kept on one line: "7.5 / s" left the unit alone.
            Mark::Culprit(true, at) => format!("a rule broke here at {}", seconds(at).replace(' ', "\u{a0}")),
            // Agreement or validity broke with this node's step, but it
            // broke no rule of its own: "a rule broke here" read as blame.
            Mark::Culprit(false, at) => format!("safety broke here at {}", seconds(at).replace(' ', "\u{a0}")),
            // Its quorum named too: its card stood apart from the quorum's
            // others, which then seemed one short of a majority. The
            // ballot first: what forced the value, then the quorum (its
            // ballot is on the quorum's other cards). "The value", not
            // "it": a student could not tell what "it" was.
            Mark::Forced(..) => {
                let (shown, rest) = self.shown();
                format!("{shown}{rest}")
            }
            Mark::Promised(b) => format!("promise quorum of n={b}"),
            // Its card says "Accepted –": the ring alone read as a page
            // that contradicted itself.
            Mark::Accepted(b, Since::Forgot) => format!("accept quorum of n={b}; forgot it at restart"),
            Mark::Accepted(b, Since::Later(l)) => format!("accept quorum of n={b}, then accepted n={l}"),
            Mark::Accepted(b, Since::Holds) => format!("accept quorum of n={b}"),
        }
    }
}

/// Whether `v`, in the accept quorum at `ballot`, no longer holds that
/// acceptance because a restart wiped it (the flaw "Forget acceptor state on
/// restart"): it holds none as high, and its node restarted forgetting.
/// (A flaw that accepts below a promise overwrites an acceptance too, with
/// no restart: that is not forgetting.)
fn forgot(sim: &Sim, v: &NodeView, ballot: Ballot) -> bool {
    let id = v.node.id;
    v.node.acceptor.accepted.as_ref().is_none_or(|a| a.ballot < ballot)
        && this_round(sim)
            .any(|e| matches!(e, Event::Node { node, note: Note::Restarted { forgot: true, .. } } if *node == id))
}

/// How each card is marked: the node where a rule broke, the acceptors
/// whose earlier acceptance forced a value, the accept quorum of the
/// chosen value, or the rest of the promise quorum.
pub fn card_marks(sim: &Sim, q: &Quorum, culprit: Option<NodeId>) -> Vec<Option<Mark>> {
    let among = |group: &Option<(Ballot, Vec<NodeId>)>, id: NodeId| {
        group.as_ref().and_then(|(ballot, nodes)| nodes.contains(&id).then_some(*ballot))
    };
    // "A rule broke here" on a learner read as blame for the decider's
    // fault.
    let latest = latest_violation(sim);
    let its_own = latest_is_a_rule(sim);
    let broke_at = latest.and_then(|(cause, _)| sim.trace().get(*cause)).map_or(0, |e| e.at);
    sim.nodes()
        .map(|v| {
            let id = v.node.id;
            if culprit == Some(id) {
                Some(Mark::Culprit(its_own, broke_at))
            } else if let Some(ballot) = among(&q.forced, id) {
                // It explains the value, and may have helped choose it too.
                Some(Mark::Forced(ballot, among(&q.accepted, id)))
            } else if let Some(ballot) = among(&q.accepted, id) {
                // A choice says more than the promises that led to it.
                let later = v.node.acceptor.accepted.as_ref().filter(|a| a.ballot > ballot).map(|a| a.ballot);
                let since = match later {
                    _ if forgot(sim, &v, ballot) => Since::Forgot,
                    Some(later) => Since::Later(later),
                    None => Since::Holds,
                };
                Some(Mark::Accepted(ballot, since))
            } else {
                among(&q.promised, id).map(Mark::Promised)
            }
        })
        .collect()
}
