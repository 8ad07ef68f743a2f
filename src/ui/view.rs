//! What the page shows, derived from the simulator.
//!
//! Every function here is a pure function of the world at the cursor (and
//! of the layout), so drawing never changes anything and the same moment
//! always draws the same way. Components get these small, comparable
//! structs as props and re-render only when their part changes. Most of
//! the page's sentences are written here (hints, the status, the tolerance
//! meter, the quorum explanation, node histories, timeline marks), and
//! only when the part they belong to changed.

use super::layout::Route;
use super::model::seconds;
use crate::paxos::{Ballot, Message, NodeId, Note, Proposal, Value};
use crate::sim::narrate::{describe, in_log};
use crate::sim::timeline::MarkKind;
use crate::sim::{Action, DropReason, Event, Property, Sim, Timeline};
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::AttrValue;

/// How long, in ticks, a lost message stays visible while it fades.
pub const FADE_TICKS: u64 = 900;
/// How many events the log shows: several screens of its scroll box. The
/// timeline reaches further back; every line is DOM the page must build
/// when a shared run opens.
pub const LOG_LINES: usize = 60;
/// How many finished rounds the status panel lists, latest first; the
/// timeline's marks show every chosen value.
pub const HISTORY_SHOWN: usize = 6;

/// Shorten a value for tight spots; the full text is in the event log.
pub fn short(value: &Value) -> String {
    let text = value.as_str();
    if text.chars().count() <= 12 {
        text.to_string()
    } else {
        let head: String = text.chars().take(11).collect();
        format!("{head}…")
    }
}

/// A proposal as the page writes it: `(n=1.2, apple)`, the value cut short.
pub fn pair(p: &Proposal) -> String {
    format!("(n={}, {})", p.ballot, short(&p.value))
}

/// The value each node last proposed in `run`, by node index (`None` for a
/// node that never proposed): the value boxes start from these, so a
/// shared run's boxes name the values its proposals used.
pub fn own_values(run: &Timeline, n: usize) -> Vec<Option<AttrValue>> {
    let mut own = vec![None; n];
    for logged in run.actions() {
        if let Action::Propose { node, value } = &logged.action {
            if let Some(slot) = own.get_mut(node.index()) {
                *slot = Some(AttrValue::from(value.to_string()));
            }
        }
    }
    own
}

/// The label on a message's arrow, as in the original demo's pictures.
pub fn label(msg: &Message) -> String {
    match msg {
        Message::Prepare { ballot } => format!("Prepare(n={ballot})"),
        Message::Promise { ballot, prior: None } => format!("Promise(n={ballot})"),
        Message::Promise { ballot, prior: Some(p) } => {
            format!("Promise(n={ballot}, {{n={}, {}}})", p.ballot, short(&p.value))
        }
        Message::Nack { ballot, .. } => format!("Nack(n={ballot})"),
        Message::Accept { proposal } => format!("Accept{}", pair(proposal)),
        Message::Accepted { proposal } => format!("Accepted{}", pair(proposal)),
        Message::Decide { value } => format!("Decide({})", short(value)),
    }
}

/// About how many characters [`label`] writes for `msg`, without writing
/// it: the diagram asks for every arrow in view on every event. Ballots
/// are counted as "n=1.2" (a few characters more for big numbers).
pub fn label_chars(msg: &Message) -> usize {
    let value = |v: &Value| v.as_str().chars().count().min(12);
    match msg {
        Message::Prepare { .. } => 14,
        Message::Promise { prior: None, .. } => 14,
        Message::Promise { prior: Some(p), .. } => 24 + value(&p.value),
        Message::Nack { .. } => 11,
        Message::Accept { proposal } => 13 + value(&proposal.value),
        Message::Accepted { proposal } => 15 + value(&proposal.value),
        Message::Decide { value: v } => 8 + value(v),
    }
}

/// Where a lost message vanished.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lost {
    /// The tick it was lost.
    pub at: u64,
    /// How far along its track, from 0 to 1.
    pub t: f64,
}

/// One message arrow: everything needed to draw it and to animate it for
/// the rest of its flight. It changes only when the message arrives or is
/// lost, so its component renders twice at most.
#[derive(Clone, Debug, PartialEq)]
pub struct EdgeView {
    /// The message id (the SVG key).
    pub id: u64,
    /// The message.
    pub msg: Message,
    /// The track.
    pub route: Route,
    /// The tick it was sent.
    pub sent_at: u64,
    /// The tick it arrives (or would have).
    pub deliver_at: u64,
    /// Set once it is lost.
    pub lost: Option<Lost>,
    /// A network duplicate of another message.
    pub duplicate: bool,
    /// Its ballot's colour class (see [`BallotColours`]).
    pub tint: &'static str,
}

impl EdgeView {
    /// The tick after which this arrow is gone: a lost one once faded.
    pub fn gone_at(&self) -> Option<u64> {
        self.lost.map(|l| l.at + FADE_TICKS)
    }
}

fn track(routes: &[Route], n: usize, from: NodeId, to: NodeId) -> Option<Route> {
    routes.get(from.index() * n + to.index()).copied()
}

/// How far along its track a message sent at `sent` and due at `due` is
/// at tick `now`, from 0 to 1.
pub fn progress(now: u64, sent: u64, due: u64) -> f64 {
    if due <= sent {
        1.0
    } else {
        (now.saturating_sub(sent) as f64 / (due - sent) as f64).clamp(0.0, 1.0)
    }
}

/// Every message arrow at the cursor: those in flight, and those lost in
/// the last [`FADE_TICKS`]. A node's messages to itself are internal and
/// instant, so they get no arrow.
pub fn edges(sim: &Sim, routes: &[Route], colours: &BallotColours) -> Vec<EdgeView> {
    let n = sim.len();
    let mut out = Vec::new();
    for f in sim.flights().filter(|f| f.from != f.to) {
        let Some(route) = track(routes, n, f.from, f.to) else { continue };
        out.push(EdgeView {
            id: f.id,
            msg: f.msg.clone(),
            route,
            sent_at: f.sent_at,
            deliver_at: f.deliver_at,
            lost: None,
            duplicate: f.copy_of.is_some(),
            tint: colours.class(&f.msg),
        });
    }
    let since = sim.now().saturating_sub(FADE_TICKS);
    for (_, entry) in sim.trace().indexed().rev() {
        if entry.at < since {
            break;
        }
        let Event::Dropped { id, from, to, msg, reason, sent_at, deliver_at } = &entry.event else { continue };
        let Some(route) = track(routes, n, *from, *to).filter(|_| from != to) else { continue };
        // Lost in transit: where it vanished. Refused at the door (crashed
        // receiver, cut link, round over): at the receiver's edge.
        let t = match reason {
            DropReason::Loss | DropReason::NodeFailure { .. } => progress(entry.at, *sent_at, *deliver_at),
            _ => progress(entry.at.max(*sent_at), *sent_at, (*deliver_at).max(entry.at)),
        };
        out.push(EdgeView {
            id: *id,
            msg: msg.clone(),
            route,
            sent_at: *sent_at,
            deliver_at: *deliver_at,
            lost: Some(Lost { at: entry.at, t }),
            duplicate: false,
            tint: colours.class(msg),
        });
    }
    out
}

/// Colours for ballots, when messages are coloured by ballot: each ballot
/// gets the next of eight in the order the run started them, so the
/// ballots that meet in a duel always differ. Eight classes, `ballot-0` to
/// `ballot-7`, set the colours in the style sheet.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BallotColours(BTreeMap<Ballot, usize>);

/// The ballot colours: a class for the page (whose style sheet gives each
/// the same colour, see `.by-ballot .ballot-k`) and the colour itself, for
/// the exported diagram and the key. Okabe and Ito's colour-blind-safe
/// palette, with two of Tol's muted colours for the seventh and eighth.
pub const BALLOT_COLOURS: [(&str, &str); 8] = [
    ("ballot-0", "#0072b2"),
    ("ballot-1", "#d55e00"),
    ("ballot-2", "#009e73"),
    ("ballot-3", "#cc79a7"),
    ("ballot-4", "#e69f00"),
    ("ballot-5", "#56b4e9"),
    ("ballot-6", "#882255"),
    ("ballot-7", "#44aa99"),
];

/// The colour of a message without a ballot (`Decide`) when colouring by
/// ballot: the page's muted grey.
const NO_BALLOT: (&str, &str) = ("ballot-none", "#4f5b69");

/// How many ballots the diagram's key lists: the newest, one per colour.
pub const KEYED_BALLOTS: usize = BALLOT_COLOURS.len();

impl BallotColours {
    /// The colours of every ballot started in the events `sim` keeps.
    pub fn of(sim: &Sim) -> BallotColours {
        let mut map = BTreeMap::new();
        for e in sim.trace().entries() {
            if let Event::Node { note: Note::Preparing { ballot }, .. } = &e.event {
                let next = map.len();
                map.entry(*ballot).or_insert(next);
            }
        }
        BallotColours(map)
    }

    /// The colour (class, hex) for `msg`'s ballot; a `Decide` has none.
    fn colour(&self, msg: &Message) -> (&'static str, &'static str) {
        match msg.ballot() {
            Some(b) => self.of_ballot(b),
            None => NO_BALLOT,
        }
    }

    fn of_ballot(&self, b: Ballot) -> (&'static str, &'static str) {
        // A ballot started before the kept events still gets a colour.
        let k = self.0.get(&b).copied().unwrap_or(b.num as usize + usize::from(b.node.0));
        BALLOT_COLOURS[k % BALLOT_COLOURS.len()]
    }

    /// The colour class for `msg`'s ballot.
    pub fn class(&self, msg: &Message) -> &'static str {
        self.colour(msg).0
    }

    /// The colour itself, for drawings outside the page.
    pub fn hex(&self, msg: &Message) -> &'static str {
        self.colour(msg).1
    }

    /// The newest ballots (at most [`KEYED_BALLOTS`]), oldest first, with
    /// their colour classes: the diagram's key.
    pub fn key(&self) -> Vec<(Ballot, &'static str)> {
        let mut newest: Vec<(Ballot, usize)> = self.0.iter().map(|(b, k)| (*b, *k)).collect();
        newest.sort_by_key(|&(_, k)| k);
        let skip = newest.len().saturating_sub(KEYED_BALLOTS);
        newest.into_iter().skip(skip).map(|(b, _)| (b, self.of_ballot(b).0)).collect()
    }
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
pub struct LogLine {
    /// The event's index in the run.
    pub index: u64,
    /// The tick.
    pub at: u64,
    /// What happened, in words.
    pub text: Rc<str>,
    /// A CSS modifier (see [`tone`]).
    pub tone: &'static str,
}

/// Log lines already written, by event number, for one branch of one run:
/// each sentence is written once, when its event first shows in the log.
#[derive(Debug, Default)]
pub struct LogCache {
    branch: (u32, u32),
    /// Sorted by event number.
    lines: Vec<LogLine>,
}

/// The newest headline events before the cursor, newest first: at most
/// [`LOG_LINES`], and one more when there are more, so that the log can
/// say so. `branch`
/// names the run and its branch; the cache is emptied when it changes,
/// because the same event number then names another event.
pub fn log(sim: &Sim, cache: &mut LogCache, branch: (u32, u32)) -> Vec<LogLine> {
    if cache.branch != branch {
        *cache = LogCache { branch, lines: Vec::new() };
    }
    let lines: Vec<LogLine> = sim
        .trace()
        .indexed()
        .rev()
        .filter(|(_, e)| in_log(&e.event, sim.len()))
        .take(LOG_LINES + 1)
        .map(|(index, e)| match cache.lines.binary_search_by_key(&index, |l| l.index) {
            Ok(k) => cache.lines[k].clone(),
            Err(_) => {
                let text = describe(&e.event);
                LogLine { index, at: e.at, text: text.into(), tone: tone(&e.event) }
            }
        })
        .collect();
    // Keep exactly what is on screen, so the cache stays small.
    cache.lines = lines.iter().rev().cloned().collect();
    lines
}

/// A CSS modifier for an event's line: chosen, violation, trouble, round
/// or plain.
pub fn tone(event: &Event) -> &'static str {
    match event {
        Event::Chosen { .. } | Event::Node { note: Note::Learned { .. } | Note::Decided { .. }, .. } => "chosen",
        Event::Violation { .. } | Event::Node { note: Note::Contradicted { .. }, .. } => "violation",
        Event::Dropped { .. }
        | Event::Node { note: Note::Refused { .. } | Note::GaveUp { .. } | Note::Crashed { .. }, .. } => "trouble",
        Event::NewRound { .. } => "round",
        _ => "plain",
    }
}

/// A mark on the timeline bar.
#[derive(Clone, Debug, PartialEq)]
pub struct BarMark {
    /// Its tick.
    pub at: u64,
    /// A CSS modifier: chosen, violation, propose, crash, restart, round or
    /// setting.
    pub kind: &'static str,
    /// What happened, for the tooltip.
    pub title: String,
}

/// What a logged action did, in a few words, and its mark's kind.
fn action_mark(action: &Action) -> (&'static str, String) {
    match action {
        Action::Propose { node, value } => ("propose", format!("Node {node} is asked to propose “{value}”")),
        Action::Crash { node } => ("crash", format!("Node {node} crashes")),
        Action::Restart { node } => ("restart", format!("Node {node} restarts")),
        Action::NewRound => ("round", "A new round begins".to_string()),
        other => ("setting", describe(&Event::Changed { action: other.clone() })),
    }
}

/// Every mark of the run: its actions, the values chosen and any safety
/// violation, oldest first.
pub fn bar_marks(run: &Timeline) -> Vec<BarMark> {
    // Actions of one kind at one moment (a partition cuts a dozen links at
    // once) share a mark, so its tooltip tells them all.
    let mut actions: Vec<(u64, &'static str, Vec<String>)> = Vec::new();
    for logged in run.actions() {
        let (kind, mut what) = action_mark(&logged.action);
        // Sentences from the log end in a full stop; joined, they must not.
        what.truncate(what.trim_end_matches('.').len());
        // Any earlier mark of this kind at this tick, not only the last:
        // a proposal between two cuts must not split them.
        let same = actions.iter_mut().rev().take_while(|(at, ..)| *at == logged.at).find(|(_, k, _)| *k == kind);
        match same {
            Some((_, _, whats)) => whats.push(what),
            None => actions.push((logged.at, kind, vec![what])),
        }
    }
    let actions = actions.into_iter().map(|(at, kind, whats)| {
        let told = match whats.len() {
            1..=3 => whats.join(" · "),
            n => format!("{} · and {} more", whats[..2].join(" · "), n - 2),
        };
        BarMark { at, kind, title: format!("{}: {told}", seconds(at)) }
    });
    let found = run.marks().iter().map(|m| match &m.kind {
        MarkKind::Chosen(value) => {
            BarMark { at: m.at.at, kind: "chosen", title: format!("{}: “{value}” is chosen", seconds(m.at.at)) }
        }
        MarkKind::Violation => {
            BarMark { at: m.at.at, kind: "violation", title: format!("{}: safety broke", seconds(m.at.at)) }
        }
    });
    actions.chain(found).collect()
}

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
    /// Cluster size.
    pub nodes: usize,
    /// Majority size.
    pub majority: usize,
    /// The violation to headline, described: the first broken guarantee
    /// (agreement, validity, learner consistency) if any, else the first
    /// broken rule, which is the cause of what follows. `None` while
    /// safety holds.
    pub worst: Option<String>,
    /// Whether a violation broke agreement, validity or learner
    /// consistency, not only a rule the protocol keeps for them.
    pub guarantee_broken: bool,
    /// The latest finished rounds (at most [`HISTORY_SHOWN`]): number and
    /// chosen value.
    pub history: Vec<(u32, Option<String>)>,
    /// How many earlier finished rounds are not listed.
    pub earlier: usize,
}

/// The status panel for `sim`.
pub fn status(sim: &Sim) -> StatusView {
    let chosen = sim.chosen().map(|p| &p.value);
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
        nodes: sim.len(),
        majority: crate::paxos::majority(sim.len()),
        // Not simply the first: once agreement breaks, that is the news,
        // not the promise that broke on the way there.
        worst: sim
            .violations()
            .iter()
            .find(|(_, v)| v.property().is_guarantee())
            .or(sim.violations().first())
            .map(|(_, v)| v.to_string()),
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
    }
}

/// The latest event worth reading aloud: a choice, a violation or a new
/// round. The page's live region announces it when it changes.
pub fn announcement(sim: &Sim) -> Option<String> {
    sim.trace().entries().rev().find_map(|e| match &e.event {
        Event::Chosen { .. } | Event::Violation { .. } | Event::NewRound { .. } => Some(describe(&e.event)),
        _ => None,
    })
}

/// Whether agreement, validity or learner consistency broke, not only a
/// rule the protocol keeps for them.
fn guarantee_broken(sim: &Sim) -> bool {
    sim.violations().iter().any(|(_, v)| v.property().is_guarantee())
}

/// Said instead of asking the user to act, when the run has recorded
/// actions ahead (a scenario's script, a link's future): following the
/// invitation would throw that future away.
const RECORDED_AHEAD: &str = "More of this run is recorded after this moment: press Play or Step to watch it. Acting here (proposing, crashing) starts a different future instead.";

/// "Too few nodes are up…", then what to do about it.
macro_rules! too_few {
    ($then:literal) => {
        concat!("Too few nodes are up to form a majority, so nothing can be chosen. Safety still holds. ", $then)
    };
}

/// "…some nodes have not heard…", then what to do about it.
macro_rules! not_heard {
    ($then:literal) => {
        concat!(
            "A value is chosen, but some nodes have not heard: their Decide was lost or they were down. Nobody resends it. ",
            $then
        )
    };
}

/// One line of guidance for where the user is now. `ahead` says whether
/// logged actions lie after the moment shown.
pub fn hint(sim: &Sim, ahead: bool) -> &'static str {
    let busy = sim.nodes().any(|v| v.node.proposer.is_busy());
    let up = sim.nodes().filter(|v| !v.crashed).count();
    if guarantee_broken(sim) {
        "Safety broke. Read the event log to see which step did it."
    } else if !sim.violations().is_empty() {
        "A rule Paxos relies on broke. No two nodes disagree yet, but nothing now stops a later ballot from losing the chosen value. Read the event log to see which step did it."
    } else if up < crate::paxos::majority(sim.len()) && sim.chosen().is_none() && ahead {
        too_few!("Press Play to see what happens next.")
    } else if up < crate::paxos::majority(sim.len()) && sim.chosen().is_none() {
        too_few!("Restart a node to make progress.")
    } else if sim.chosen().is_none() && Tolerance::of(sim).stuck() {
        "Links are cut so that no node can reach a majority: nothing can be chosen until they heal. Safety still holds."
    } else if sim.chosen().is_some() && busy {
        // Said before "watch the Decide messages": a proposer that starts
        // after the choice (the happy path's second ballot) sends Prepares,
        // and the page must not point at Decides that are not there.
        "A value is chosen. A proposer still at work can only propose that same value: a majority accepted it, and the promises of any later ballot report it."
    } else if sim.chosen().is_some() && sim.nodes().any(|v| !v.crashed && v.node.learned.is_none()) {
        // Only point at Decides that are on their way: a lost one is never
        // sent again, and a restarted node learns nothing by itself.
        let teaching = sim.flights().any(|f| {
            matches!(f.msg, Message::Decide { .. })
                && f.lost.is_none()
                && !sim.is_cut(f.from, f.to)
                && sim.node(f.to).is_some_and(|v| !v.crashed && v.node.learned.is_none())
        });
        if teaching {
            "Chosen! A majority accepted one proposal. Watch the Decide messages teach the other nodes."
        } else if ahead {
            not_heard!("More of this run is recorded: press Play or Step to watch it.")
        } else {
            not_heard!("A new ballot at any node would teach them.")
        }
    } else if ahead && !busy {
        RECORDED_AHEAD
    } else if sim.chosen().is_some() {
        "A value is chosen. Propose another value now: Paxos will keep the chosen one. Or start a New round."
    } else if busy {
        "Watch the arrows: Prepare asks, Promise answers, then Accept and Accepted. Step moves one event at a time."
    } else if sim.nodes().any(|v| v.node.acceptor.accepted.is_some()) {
        // Mid-run, after a proposer stopped (crashed, or gave up for good).
        "Nothing is chosen yet and no proposer is at work. Propose at a node: its promises will report what was accepted before."
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
    /// When links are cut: the most running nodes one running node can
    /// talk with both ways, itself included.
    pub reach: Option<usize>,
}

impl Tolerance {
    /// The meter for `sim`.
    pub fn of(sim: &Sim) -> Tolerance {
        let up: Vec<NodeId> = sim.nodes().filter(|v| !v.crashed).map(|v| v.node.id).collect();
        // A proposer needs replies, so a link counts only if it works both
        // ways. Checked only while something is cut: 25 nodes make 600 links.
        let reach = sim.any_cut().then(|| {
            let talks = |a: NodeId, b: NodeId| !sim.is_cut(a, b) && !sim.is_cut(b, a);
            up.iter().map(|&a| up.iter().filter(|&&b| talks(a, b)).count()).max().unwrap_or(0)
        });
        Tolerance { nodes: sim.len(), up: up.len(), majority: crate::paxos::majority(sim.len()), reach }
    }

    /// How many more nodes may crash before no majority is left (none if
    /// there is no majority now).
    pub fn spare(&self) -> Option<usize> {
        self.up.checked_sub(self.majority)
    }

    /// Whether nothing can be chosen now: too few nodes up, or too few
    /// that can reach each other.
    pub fn stuck(&self) -> bool {
        self.spare().is_none() || self.reach.is_some_and(|k| k < self.majority)
    }

    /// The meter in one sentence, and one more when links are cut.
    pub fn sentence(&self) -> String {
        let Tolerance { nodes, up, majority, reach } = *self;
        let crashes = self.crashes();
        // Cut links matter only while enough nodes are up at all.
        let Some(k) = reach.filter(|_| self.spare().is_some()) else { return crashes };
        if k == up {
            // Someone still reaches every node that is up: the cuts cost
            // nothing yet.
            return format!(
                "{crashes} Some links are cut, but at least one node still reaches all the others both ways."
            );
        }
        let more = match k.checked_sub(majority) {
            None => {
                return format!(
                    "{up} of {nodes} nodes up, but links are cut: no node can reach a majority ({majority}) both ways, at most {k} counting itself. Nothing can be chosen until the links heal. Safety still holds."
                )
            }
            Some(0) => ": one more crash among them and nothing can be chosen.".to_string(),
            Some(1) => ", so the cluster tolerates 1 more crash.".to_string(),
            Some(n) => format!(", so the cluster tolerates {n} more crashes."),
        };
        format!(
            "{up} of {nodes} nodes up, but links are cut: the best-connected node reaches {k} both ways, counting itself. A majority needs {majority}{more}"
        )
    }

    fn crashes(&self) -> String {
        let Tolerance { nodes, up, majority, .. } = *self;
        match self.spare() {
            Some(0) => format!("{up} of {nodes} nodes up; a majority needs {majority}. One more crash and nothing can be chosen."),
            Some(1) => format!("{up} of {nodes} nodes up; a majority needs {majority}, so the cluster tolerates 1 more crash."),
            Some(k) => format!("{up} of {nodes} nodes up; a majority needs {majority}, so the cluster tolerates {k} more crashes."),
            None => format!(
                "Only {up} of {nodes} nodes are up and a majority needs {majority}: nothing can be chosen until nodes come back. Safety still holds."
            ),
        }
    }
}

/// One safety property's status at the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct Invariant {
    /// The property.
    pub property: Property,
    /// If it broke: what happened, and the tick of the event that broke it.
    pub broken: Option<(String, Option<u64>)>,
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
                .map(|(cause, v)| (v.to_string(), sim.trace().get(*cause).map(|e| e.at))),
        })
        .collect()
}

/// Why the cards light up: the acceptors whose acceptances chose the
/// value, or the promise quorum behind an adopted value.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Quorum {
    /// The chosen proposal's ballot, and the acceptors that accepted it.
    pub accepted: Option<(Ballot, Vec<NodeId>)>,
    /// The ballot of a proposer that adopted an earlier value, and the
    /// acceptors whose promises it counted before it proposed.
    pub promised: Option<(Ballot, Vec<NodeId>)>,
    /// The acceptor in the intersection, and the ballot of its earlier
    /// acceptance: its promise reported the value the proposer had to
    /// adopt.
    pub forced_by: Option<(NodeId, Ballot)>,
    /// The sentence that explains the adoption.
    pub sentence: Option<String>,
}

/// The quorums worth showing at the cursor: the accept quorum of the
/// chosen value, and the latest adoption of an earlier value while its
/// ballot is still the one in play.
pub fn quorum(sim: &Sim) -> Quorum {
    let mut q = Quorum::default();
    let chosen = sim.chosen();
    // Only this round's events: ballots start over in a new round, so an
    // earlier round may have chosen or adopted the very same proposal.
    let trace = sim.trace();
    let start = trace.entries().rposition(|e| matches!(e.event, Event::NewRound { .. })).map_or(0, |k| k + 1);
    let events = || trace.entries().skip(start).map(|e| &e.event);
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
        Event::Node { node, note: Note::Proposing { proposal, own, prior: Some(prior), promised_by, .. } }
            if prior.value == proposal.value && proposal.value != *own =>
        {
            Some((at, *node, proposal, own, prior, *promised_by))
        }
        _ => None,
    });
    let Some((proposing, proposer, proposal, own, prior, promised_by)) = adoption else { return q };
    let phase_ballot = sim.node(proposer).and_then(|v| v.node.proposer.phase.ballot());
    if phase_ballot != Some(proposal.ballot) && chosen.is_none_or(|c| c.ballot != proposal.ballot) {
        return q;
    }
    // Which of the promises it counted reported the value: each acceptor
    // said so itself when it promised.
    let reporters: Vec<NodeId> = events()
        .take(proposing)
        .filter_map(|e| match e {
            Event::Node { node, note: Note::Promised { to, ballot, prior: Some(reported) } }
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
    // When the proposer's own acceptor reported the value too, credit
    // another: the lesson is that the value reached it from elsewhere.
    let credited = reporters.iter().find(|&&n| n != proposer).or(reporters.first());
    q.forced_by = credited.map(|&n| (n, prior.ballot));
    q.promised = Some((proposal.ballot, promised_by.members().collect()));
    if let Some((acceptor, _)) = q.forced_by {
        let value = short(&prior.value);
        let whose = if acceptor == proposer { "its own".to_string() } else { format!("node {acceptor}'s") };
        q.sentence = Some(format!(
            "Node {proposer} proposes “{value}”, not its own “{own}”: {whose} promise reported “{value}”, accepted at n={}, the highest acceptance among the promises it counted. Node {proposer} cannot tell whether “{value}” was chosen; if it was, a majority accepted it, and any two majorities of {} nodes share a node, so carrying it forward keeps it chosen.",
            prior.ballot,
            sim.len()
        ));
    }
    q
}

/// One entry of a node's history.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// The tick.
    pub at: u64,
    /// What the node did, briefly.
    pub text: String,
}

/// What `node` promised, accepted and learned (and when it crashed or
/// restarted), oldest first, from the events the page keeps.
pub fn node_history(sim: &Sim, node: NodeId) -> Vec<HistoryEntry> {
    sim.trace()
        .entries()
        .filter_map(|e| {
            let Event::Node { node: n, note } = &e.event else { return None };
            if *n != node {
                return None;
            }
            let text = match note {
                Note::Promised { to, ballot, .. } => format!("promised n={ballot} to node {to}"),
                Note::Refused { to, ballot, promised } => {
                    format!("refused n={ballot} from node {to}, having promised n={promised}")
                }
                Note::Accepted { proposal, .. } => format!("accepted {}", pair(proposal)),
                Note::Learned { value } => format!("learned “{}”", short(value)),
                Note::Contradicted { told, .. } => {
                    format!("was told “{}” was chosen, and kept what it learned", short(told))
                }
                Note::Preparing { ballot } => format!("started ballot n={ballot}"),
                Note::Proposing { proposal, own, .. } if proposal.value != *own => {
                    format!("proposed {}, not its own “{}”", pair(proposal), short(own))
                }
                Note::Proposing { proposal, .. } => format!("proposed {}", pair(proposal)),
                Note::GaveUp { ballot, .. } => format!("gave up n={ballot}"),
                Note::Decided { value, .. } => format!("called “{}” chosen", short(value)),
                Note::Crashed { .. } => "crashed".to_string(),
                Note::Restarted { forgot: true, .. } => "restarted, forgetting its promise and acceptance".to_string(),
                Note::Restarted { .. } => "restarted".to_string(),
            };
            Some(HistoryEntry { at: e.at, text })
        })
        .collect()
}

/// What `node`'s card says about cut links: whom it is cut off from,
/// both ways, if anyone. A partition cuts a node off from some nodes
/// only, and the cards must show it as well as a node cut off alone.
pub fn cut_off(sim: &Sim, node: NodeId) -> Option<String> {
    // Most runs cut nothing; 25 nodes would otherwise ask 1,200 questions.
    if !sim.any_cut() {
        return None;
    }
    let from: Vec<NodeId> = NodeId::members(sim.len())
        .filter(|&other| other != node && sim.is_cut(node, other) && sim.is_cut(other, node))
        .collect();
    match from.len() {
        0 => None,
        k if k + 1 == sim.len() => Some("cut off from the others".to_string()),
        _ => Some(format!("cut off from {}", crate::sim::nodes_in_words(from))),
    }
}

/// Where the first safety violation happened, if any: the index of the
/// event whose handling broke it, and the node to blame: the one the
/// violation names, else the one that handled the event.
pub fn culprit(sim: &Sim) -> Option<(u64, Option<NodeId>)> {
    let (cause, violation) = sim.violations().first()?;
    let node = violation.node().or_else(|| {
        sim.trace().get(*cause).and_then(|e| match &e.event {
            Event::Delivered { to, .. } => Some(*to),
            Event::Node { node, .. } | Event::Timeout { node, .. } | Event::Proposed { node, .. } => Some(*node),
            _ => None,
        })
    });
    Some((*cause, node))
}

/// A card's highlight, and the ballot it is about.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    /// Safety broke at this node.
    Culprit,
    /// Its earlier acceptance, at this ballot, forced an adopted value;
    /// and the quorum it is also in, if any, by name and ballot.
    Forced(Ballot, Option<(&'static str, Ballot)>),
    /// Its promise counted towards this ballot.
    Promised(Ballot),
    /// It accepted the chosen proposal, of this ballot.
    Accepted(Ballot),
}

impl Mark {
    /// The card's class modifier.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Culprit => "culprit",
            Mark::Forced(..) => "forced",
            Mark::Promised(_) => "promised",
            Mark::Accepted(_) => "accepted",
        }
    }

    /// What the card says about it.
    pub fn text(self) -> String {
        match self {
            Mark::Culprit => "a rule broke here".to_string(),
            Mark::Forced(b, None) => format!("its n={b} acceptance forced the value"),
            // Two lines at most, or the card outgrows its place in the
            // layout: "vote" for "acceptance", and the quorum's ballot is
            // on its other cards.
            Mark::Forced(b, Some((quorum, _))) => format!("its n={b} vote forced the value; {quorum} too"),
            Mark::Promised(b) => format!("promise quorum of n={b}"),
            Mark::Accepted(b) => format!("accept quorum of n={b}"),
        }
    }
}

/// How each card is marked: the node where a rule broke, the acceptor
/// whose earlier acceptance forced a value, the accept quorum of the
/// chosen value, or the rest of the promise quorum.
pub fn card_marks(sim: &Sim, q: &Quorum, culprit: Option<NodeId>) -> Vec<Option<Mark>> {
    let among = |group: &Option<(Ballot, Vec<NodeId>)>, id: NodeId| {
        group.as_ref().and_then(|(ballot, nodes)| nodes.contains(&id).then_some(*ballot))
    };
    sim.nodes()
        .map(|v| {
            let id = v.node.id;
            if culprit == Some(id) {
                Some(Mark::Culprit)
            } else if let Some((_, ballot)) = q.forced_by.filter(|(node, _)| *node == id) {
                // It explains the value, and may have helped choose it too.
                let also = among(&q.accepted, id)
                    .map(|b| ("accept quorum", b))
                    .or_else(|| among(&q.promised, id).map(|b| ("promise quorum", b)));
                Some(Mark::Forced(ballot, also))
            } else if let Some(ballot) = among(&q.accepted, id) {
                // A choice says more than the promises that led to it.
                Some(Mark::Accepted(ballot))
            } else {
                among(&q.promised, id).map(Mark::Promised)
            }
        })
        .collect()
}
