//! Prepared runs for teaching: the situations a course on Paxos walks
//! through, each with a few sentences on what to watch.
//!
//! A scenario is a starting configuration and a script of actions played
//! through a [`Timeline`], so it is an ordinary run: it can be stepped
//! through, scrubbed, forked and shared. Most use a fixed message delay
//! and cut links at exact moments, so that particular messages are lost
//! and the pictures come out the same every time; the rest draw their
//! faults from a seed chosen so the lesson shows (the native tests pin
//! each outcome).

use super::config::{Settings, SimConfig};
use super::timeline::{Timeline, IDLE_GAP};
use super::trace::{Action, Position};
use crate::paxos::NodeId;

/// A prepared run.
#[derive(Debug)]
pub struct Scenario {
    /// The name used in addresses: `#scenario=<name>`.
    pub name: &'static str,
    /// The title shown in the menu.
    pub title: &'static str,
    /// What to watch, in two or three sentences.
    pub text: &'static str,
    /// Where on the page to look while it runs, in one sentence.
    pub look: &'static str,
    /// Its story, a moment at a time, for a guided walk (none for the
    /// scenarios whose lesson is the whole run).
    pub beats: &'static [Beat],
    build: fn() -> Script,
}

/// One moment of a scenario's story: from tick `at` on, until the next
/// beat, `text` says what is happening. Each starts at an event of the run
/// (the scenario tests check it), so moving the timeline to a beat shows
/// what it tells.
#[derive(Debug)]
pub struct Beat {
    /// The tick it starts at.
    pub at: u64,
    /// Where the walk's buttons move the timeline, if not to `at`: a
    /// moment whose picture is messages on their way is shown with them
    /// past halfway, where a broadcast's messages have fanned out (at
    /// their sending, they lay on top of each other at the sender's edge)
    /// and one on a cut link is drawn dashed on its way.
    pub show: Option<u64>,
    /// What happens, in a sentence or three.
    pub text: &'static str,
}

impl Beat {
    /// A moment from tick `at`, shown there.
    const fn at(at: u64, text: &'static str) -> Beat {
        Beat { at, show: None, text }
    }

    /// A moment from tick `at`, shown at tick `show`.
    const fn shown_at(at: u64, show: u64, text: &'static str) -> Beat {
        Beat { at, show: Some(show), text }
    }

    /// The tick the walk shows this moment at.
    pub fn shown(&self) -> u64 {
        self.show.unwrap_or(self.at)
    }
}

/// Every message takes exactly this long in the scripted scenarios, so
/// cuts and crashes land on the messages they are meant for.
const DELAY: u32 = 1_000;

fn fixed(nodes: usize, seed: u64) -> SimConfig {
    let settings = Settings { delay_min: DELAY, delay_max: DELAY, ..Settings::reliable(nodes) };
    SimConfig { settings, ..SimConfig::new(nodes, seed) }
}

/// A scenario's run as its script builds it, with every action the world
/// refused. A script's actions are chosen to be possible, so a refusal is
/// a bug in the script: the scenario tests check there are none.
pub struct Script {
    /// The run so far.
    pub run: Timeline,
    /// The actions refused, each with its tick and why.
    pub refused: Vec<(u64, Action, String)>,
}

impl Script {
    fn new(config: SimConfig) -> Script {
        let run = Timeline::new(config).unwrap_or_else(|e| unreachable!("scenario configs are valid: {e}"));
        Script { run, refused: Vec::new() }
    }

    /// Run to tick `tick`, then take `action`.
    fn at(&mut self, tick: u64, action: Action) {
        self.run.run_until(tick);
        if let Err(e) = self.run.act(action.clone()) {
            self.refused.push((tick, action, e.to_string()));
        }
    }

    /// Cut (`on`) or heal both directions between every node in `a` and
    /// every node in `b`.
    fn links(&mut self, tick: u64, a: &[u8], b: &[u8], on: bool) {
        for x in a {
            for y in b {
                self.link(tick, *x, *y, on);
                self.link(tick, *y, *x, on);
            }
        }
    }

    /// Cut (`on`) or heal the one-way link `from → to`.
    fn link(&mut self, tick: u64, from: u8, to: u8, on: bool) {
        let (from, to) = (NodeId(from), NodeId(to));
        self.at(tick, if on { Action::Cut { from, to } } else { Action::Heal { from, to } });
    }

    /// Play the script out, to tick `limit` at most, and end the run
    /// [`IDLE_GAP`] after its last event. Run on to `limit`, a quiet script
    /// left Play standing still for up to 25 s at the end, which looked hung.
    fn play_out(&mut self, limit: u64) {
        self.run.run_until_quiet(limit, IDLE_GAP);
    }
}

fn propose(node: u8, value: &str) -> Action {
    Action::Propose { node: NodeId(node), value: value.to_string() }
}

/// The demo's pictures: proposer P1 is node 1, acceptors A1 to A3 are
/// nodes 2 to 4. A first ballot, n=1.1, gets "red" accepted by node 1 and
/// A1 only: two of four, so not chosen. The second ballot, where the
/// scenario opens, is the one the pictures show, and its promises carry
/// that earlier acceptance.
fn happy_path() -> Script {
    let mut s = Script::new(fixed(4, 1));
    s.at(0, propose(1, "red"));
    // Ballot 1.1's Accepts leave at 2,000 and arrive at 3,000; a cut link
    // refuses a message when it arrives, so A2 and A3 never accept red.
    for to in [3, 4] {
        s.link(2_500, 1, to, true);
    }
    s.link(3_500, 1, 3, false);
    // Node 1 starts over with green before its first ballot times out.
    // Picture 1: Prepare(2.1), leaving at 3,600 over the cut link, is
    // drawn dashed and refused on its arrival at A3.
    s.at(3_600, propose(1, "green"));
    s.link(5_000, 1, 4, false);
    // Picture 4: Accept(2.1), leaving at 5,600 over a cut link, is drawn
    // dashed and refused on its arrival at A1.
    s.link(5_000, 1, 2, true);
    s.link(7_000, 1, 2, false);
    s.play_out(14_000);
    s.run.seek_time(PREPARE_SHOWN);
    s
}

/// How long after a broadcast its picture is shown: six tenths of the
/// way, where its messages have fanned out (one on a cut link is drawn
/// dashed all the way, and refused on arrival).
const PICTURE_AFTER: u64 = DELAY as u64 * 6 / 10;

/// The happy path's Prepare picture, where the scenario opens.
const PREPARE_SHOWN: u64 = 3_600 + PICTURE_AFTER;

fn lost_messages() -> Script {
    // The demo's `--fail=0.3` on every node; seed 17 gives up two ballots
    // before the third succeeds.
    let mut config = SimConfig::new(5, 17);
    config.settings.node_failure = vec![0.3; 5];
    let mut s = Script::new(config);
    s.at(0, propose(1, "olive"));
    s.play_out(40_000);
    s.run.seek(Position::default());
    s
}

/// Each new proposal's Prepare reaches the acceptors just before the
/// other proposer's Accept does (1,900 ticks apart with every message
/// taking 1,000), so every Accept is refused. After four such ballots the
/// proposers are left to retry on their own, after a pause.
fn dueling_proposers() -> Script {
    let mut s = Script::new(fixed(5, 3));
    for (k, tick) in [0, 1_900, 3_800, 5_700].into_iter().enumerate() {
        let (node, value) = if k % 2 == 0 { (1, "left") } else { (5, "right") };
        s.at(tick, propose(node, value));
    }
    s.play_out(30_000);
    s.run.seek(Position::default());
    s
}

/// Node 1's "apple" is accepted by node 2 only before node 1 crashes; node
/// 5 must then propose "apple", not its own "pear".
fn value_recovery() -> Script {
    let mut s = Script::new(fixed(5, 1));
    s.at(0, propose(1, "apple"));
    // Promises are back at 2,000 and the Accepts leave then, to arrive at
    // 3,000. A cut link refuses a message when it arrives, so the links to
    // nodes 3 to 5 stay cut until after that: only node 2 accepts.
    for to in [3, 4, 5] {
        s.link(1_500, 1, to, true);
    }
    s.at(2_500, Action::Crash { node: NodeId(1) });
    for to in [3, 4, 5] {
        s.link(3_500, 1, to, false);
    }
    s.at(4_000, propose(5, "pear"));
    s.play_out(12_000);
    s.run.seek(Position::default());
    s
}

fn minority_crash() -> Script {
    let mut s = Script::new(SimConfig::new(5, 4));
    s.at(0, Action::Crash { node: NodeId(4) });
    s.at(0, Action::Crash { node: NodeId(5) });
    s.at(0, propose(1, "steady"));
    s.play_out(12_000);
    s.run.seek(Position::default());
    s
}

fn majority_crash() -> Script {
    let mut s = Script::new(SimConfig::new(5, 5));
    for node in [3, 4, 5] {
        s.at(0, Action::Crash { node: NodeId(node) });
    }
    s.at(0, propose(1, "patient"));
    s.at(15_000, Action::Restart { node: NodeId(3) });
    s.at(15_000, Action::Restart { node: NodeId(4) });
    s.play_out(40_000);
    s.run.seek(Position::default());
    s
}

fn partition_and_heal() -> Script {
    let mut s = Script::new(SimConfig::new(5, 6));
    s.links(0, &[1, 2, 3], &[4, 5], true);
    s.at(0, propose(5, "island"));
    s.links(12_000, &[1, 2, 3], &[4, 5], false);
    s.play_out(40_000);
    s.run.seek(Position::default());
    s
}

fn several_rounds() -> Script {
    let mut s = Script::new(SimConfig::new(5, 7));
    s.at(0, propose(2, "first"));
    s.at(8_000, Action::NewRound);
    s.at(8_000, propose(4, "second"));
    s.at(16_000, Action::NewRound);
    s.at(16_000, propose(1, "third"));
    s.play_out(24_000);
    s.run.seek(Position::default());
    s
}

/// Every scenario, in teaching order.
pub static SCENARIOS: [Scenario; 8] = [
    Scenario {
        name: "happy-path",
        title: "Happy path",
        text: "One proposer, node 1, takes its ballot n=2.1 through every phase of Paxos (Prepare, Promise, Accept, Accepted) on 4 nodes, where a majority is 3. It is happy in that nothing goes wrong that Paxos cannot handle: a Prepare and an Accept are lost on the way, and node 1's own earlier ballot left a value behind, so the walk also shows why a proposer must carry an accepted value forward, even over the value it now wants. It opens at moment 2, as the Prepares go out; ◀ goes back to moment 1, where that earlier ballot left its value behind.",
        look: "Press ▶ by the moment's number to go from moment to moment, or Step for one event at a time (a moment's words change once its last event is done); the space-time diagram draws each message as it goes.",
        beats: &[
            Beat::at(3_000, "Node 1's first ballot, n=1.1, left \u{201c}red\u{201d} accepted by nodes 1 and 2 only: its Accepts to nodes 3 and 4 were lost on cut links. 2 of 4 is not a majority, so this ballot did not choose red."),
            Beat::shown_at(3_600, PREPARE_SHOWN, "Prepare. Node 1 starts ballot n=2.1 for its own value, \u{201c}green\u{201d}, and asks every acceptor to promise. Its link to node 4 is cut, so the Prepare to node 4 is lost: drawn dashed, it never reaches node 4."),
            Beat::at(4_600, "Promise. Nodes 2 and 3 promise never to accept a lower ballot. Node 2 also reports what it accepted before, {n′=1.1, v′=red}, as node 1's own promise did."),
            Beat::shown_at(5_600, 5_600 + PICTURE_AFTER, "Accept. Three promises are a majority. Red might already be chosen, for all node 1 knows, so it must propose red, not green. The Accept to node 2 is dashed: node 1's link to it is cut."),
            Beat::at(6_600, "Accepted. Nodes 3 and 4 accept (n=2.1, red), node 4 without having had the Prepare: it promised nothing higher. With node 1, 3 of 4: red is chosen, before any node knows."),
            Beat::at(7_600, "Decide. Node 1 counts a majority of Accepted, so it knows red is chosen, and sends Decide(red) to every node. Each node learns red as its Decide arrives, one Step at a time."),
        ],
        build: happy_path,
    },
    Scenario {
        name: "lost-messages",
        title: "Lost messages",
        text: "Every node loses 30% of the messages it sends or receives: each card's own loss slider is at 30% (the Message loss slider at the top, for the whole network, stays at 0%). A message between two nodes can be lost at either end, so about half of them are lost (1 \u{2212} 0.7 \u{d7} 0.7 = 51%). When too few replies come back, node 1 gives up its ballot and retries with a higher one, until a majority answers. Decide messages are lost too, and nobody sends them again, so some nodes never hear the outcome. Safety is untouched: one value is chosen, and a node that missed it would learn it from a later ballot.",
        look: "Press Play. In the space-time diagram a lost message is a dashed arrow ending in a cross: click one to move the timeline to it.",
        beats: &[],
        build: lost_messages,
    },
    Scenario {
        name: "dueling-proposers",
        title: "Dueling proposers",
        text: "Nodes 1 and 5 keep pre-empting each other: each new Prepare reaches the acceptors just before the other's Accept, so they refuse that Accept and its ballot fails. It is a liveness problem (no progress), not a safety one: nothing wrong is ever chosen. The duel is over ballots, not values: from its first ballot on, node 5 carries node 1's accepted \u{201c}left\u{201d}, so its own \u{201c}right\u{201d} is never proposed.",
        look: "Press ▶ by the moment's number, or Play, and watch the ballot numbers climb on the cards; tick Colour by ballot to tell the rival ballots apart.",
        beats: &[
            Beat::at(0, "Node 1 proposes \u{201c}left\u{201d} with ballot n=1.1 and asks every node to promise."),
            Beat::shown_at(2_000, 2_000 + PICTURE_AFTER, "All five promised n=1.1, so node 1 sends Accept(n=1.1, left). But node 5, asked to propose \u{201c}right\u{201d}, has just started n=2.5, a higher ballot (promising it itself), and its Prepares are ahead of node 1's Accepts."),
            Beat::at(3_000, "Nodes 2 to 5 promised n=2.5 first, so they refuse node 1's Accept at the lower n=1.1 (Nack). Only node 1 itself accepted left, and node 1 has no majority."),
            Beat::at(3_900, "Node 1 retries at once with n=3.1. Node 5 counts its promises: node 1's reports \u{201c}left\u{201d}, accepted at n=1.1, so node 5 must propose left, not its own right. It sends Accept(n=2.5, left)."),
            Beat::at(4_900, "Too late: node 1's Prepare(n=3.1) got there first, and the acceptors refuse node 5's Accept at n=2.5. Each new Prepare lands just before the other's Accept."),
            Beat::at(6_800, "Again: node 5's n=4.5 beats node 1's Accept at n=3.1. Retrying at once, as these clicks on Propose do, two proposers can duel forever; so this page's proposers retry on their own only after a random pause."),
            Beat::at(8_700, "The clicks stop, so nothing pre-empts n=4.5: a majority accepts (n=4.5, left), and left is chosen. Node 1, which gave up n=3.1, retries after a random pause, not knowing."),
            Beat::at(10_700, "Node 5 counted the majority, and its Decide tells every node: all learn left. Every node promised node 1's retry, n=5.1, but node 1 hears the Decide first and drops it: a chosen value never changes."),
        ],
        build: dueling_proposers,
    },
    Scenario {
        name: "value-recovery",
        title: "Value recovery",
        text: "Node 1 crashes before its value can be chosen: its Accept reaches only node 2 besides itself, so only nodes 1 and 2 accept it: 2 of 5, no majority. Then node 5 proposes its own, and Paxos makes it propose node 1's instead: step through to see why.",
        look: "Press Play, or ▶ by the moment's number. When node 5 adopts apple, the box under “Round 1”, below, says why, and node 2's card is marked as the one whose earlier acceptance forced the value.",
        beats: &[
            Beat::at(0, "Node 1 proposes \u{201c}apple\u{201d}: its Prepare(n=1.1) goes to every node, and each will promise, having promised nothing before."),
            Beat::at(2_000, "Node 1 sends Accept(apple), but its links to nodes 3 to 5 are cut, and it will crash before node 2's reply comes back. Only nodes 1 and 2 will accept apple: 2 of 5 is not a majority, so apple is not chosen."),
            Beat::at(4_000, "Node 5 proposes its own value, \u{201c}pear\u{201d}, with ballot n=2.5."),
            Beat::at(5_000, "Node 2's promise reports apple, accepted at n=1.1."),
            Beat::at(6_000, "Node 5 proposes apple, not pear: it cannot tell whether apple was chosen. If it was, a majority holds it, and any two majorities of 5 share a node, so every later ballot hears of it."),
            Beat::at(7_000, "A majority accepts apple: it is chosen. Pear was never sent in an Accept."),
        ],
        build: value_recovery,
    },
    Scenario {
        name: "minority-crash",
        title: "A minority crashes",
        text: "Nodes 4 and 5 are down: F = 2 of the 2F+1 = 5 nodes. The other three are still a majority, so node 1's proposal is chosen and they all learn it. The crashed nodes learn nothing, even after a restart, until another ballot runs.",
        look: "Press Play, and read the Fault tolerance meter: with two of five nodes down, one more crash would stop all progress.",
        beats: &[],
        build: minority_crash,
    },
    Scenario {
        name: "majority-crash",
        title: "A majority crashes",
        text: "Three of five nodes are down, so no ballot can gather a majority and nothing is chosen. Safety still holds, and once nodes come back the cluster decides.",
        look: "Press Play: the Fault tolerance meter says no new ballot can succeed until nodes come back, and the safety badge stays green.",
        beats: &[
            Beat::at(0, "Nodes 3, 4 and 5 are down. Node 1 asks for promises, but only 2 of 5 nodes can answer."),
            Beat::at(3_501, "Node 1 gives up and, after a random pause, retries with a higher ballot, again and again. Nothing is chosen, and nothing wrong can be."),
            Beat::at(15_000, "Nodes 3 and 4 restart: 4 of 5 nodes are up."),
            Beat::at(19_200, "Node 1 retries with a new ballot, and now enough nodes are up to answer it: four of five can promise, and three are a majority."),
            Beat::at(22_174, "Nodes 1, 3 and 4 accept \u{201c}patient\u{201d}: a majority, so it is chosen, though no node knows it yet. Once node 1 hears their Accepted, its Decide tells every node."),
        ],
        build: majority_crash,
    },
    Scenario {
        name: "partition-and-heal",
        title: "Partition and heal",
        text: "Nodes 4 and 5 are cut off from nodes 1 to 3. Node 5 proposes on the small side, which cannot reach a majority; after the heal, the cluster decides one value.",
        look: "Press Play: until the heal, every message that arrives across the cut is lost (dashed), and the Fault tolerance meter says how far the best-connected node reaches.",
        beats: &[
            Beat::at(0, "The network splits: nodes 4 and 5 on one side, nodes 1 to 3 on the other. Node 5 proposes; its messages across the cut are lost."),
            Beat::at(3_501, "Two of five is no majority: node 5 gives up and retries with higher ballots. The big side could decide, but nobody there proposes."),
            Beat::at(12_000, "The network heals."),
            Beat::at(13_112, "Node 5's ballot now hears from a majority, and it sends Accept."),
            Beat::at(14_168, "A majority accepts \u{201c}island\u{201d}: one value, for the whole cluster."),
        ],
        build: partition_and_heal,
    },
    Scenario {
        name: "several-rounds",
        title: "Several rounds",
        text: "Single-decree Paxos chooses one value, once. The New round button starts a fresh instance on every node, so three rounds choose three values in turn; the round's box keeps what each round chose.",
        look: "Press Play: the list of earlier rounds, under the round's value, grows as each round chooses its value.",
        beats: &[
            Beat::at(0, "Round 1: node 2 proposes \u{201c}first\u{201d}."),
            Beat::at(2_737, "\u{201c}first\u{201d} is chosen. Proposing again now would only choose it again."),
            Beat::at(8_000, "New round: every node starts a fresh instance, with no promises or acceptances in it yet (round 1's stay with round 1), and node 4 proposes \u{201c}second\u{201d}."),
            Beat::at(10_087, "\u{201c}second\u{201d} is chosen in round 2; round 1's value stays in the history."),
            Beat::at(16_000, "Round 3: node 1 proposes \u{201c}third\u{201d}."),
            Beat::at(18_475, "\u{201c}third\u{201d} is chosen in round 3."),
        ],
        build: several_rounds,
    },
];

impl Scenario {
    /// The scenario called `name`, if there is one.
    pub fn named(name: &str) -> Option<&'static Scenario> {
        SCENARIOS.iter().find(|s| s.name == name)
    }

    /// Whether this scenario's story still tells `run`: `run` is its run
    /// (see [`Scenario::is`]), or its run gone on with actions of the
    /// reader's own from its end, as the page keeps the story when the
    /// reader acts there. (Acting within it forks its story away.)
    pub fn tells(&self, run: &Timeline) -> bool {
        run.continues(&self.run())
    }

    /// The scenario whose story tells `run`, if any (see
    /// [`Scenario::tells`]): how an imported file, a kept run or a link
    /// gets its scenario's text back.
    pub fn of(run: &Timeline) -> Option<&'static Scenario> {
        SCENARIOS.iter().find(|s| s.tells(run))
    }

    /// Which beat tells the moment at tick `now`: the last to start by
    /// then. None before the first, or for a scenario with no beats.
    ///
    /// A beat tells what its tick does as a whole, and Step stops between
    /// the events of one tick: so while more is due at `now` itself
    /// (`settled` false), a beat of that tick waits, or its text ran a step
    /// ahead of the cards ("sends Accept" beside "2 of 3 promises heard").
    /// Not the ones at tick 0, where a scenario may open before anything
    /// has happened.
    pub fn beat_at(&self, now: u64, settled: bool) -> Option<usize> {
        self.beats.iter().rposition(|b| b.at < now || (b.at == now && (settled || b.at == 0)))
    }

    /// The moments before and after the one shown at tick `now` (with
    /// `settled` as for [`Scenario::beat_at`]): where the walk's Previous
    /// and Next go. Before the first moment, the next is the first.
    pub fn neighbours(&self, now: u64, settled: bool) -> (Option<usize>, Option<usize>) {
        match self.beat_at(now, settled) {
            Some(k) => (k.checked_sub(1), Some(k + 1).filter(|n| *n < self.beats.len())),
            None => (None, (!self.beats.is_empty()).then_some(0)),
        }
    }

    /// The scenario's run, with its whole future, at the moment it opens.
    pub fn run(&self) -> Timeline {
        self.script().run
    }

    /// The scenario's script, played: its run and any refused action.
    pub fn script(&self) -> Script {
        (self.build)()
    }

    /// Whether `run` is this scenario's run, at any moment of it: the same
    /// start and the same actions, so the scenario's text tells it. A link
    /// that names a scenario but carries a changed run is not.
    pub fn is(&self, run: &Timeline) -> bool {
        let own = self.run();
        own.config() == run.config() && own.actions().eq(run.actions())
    }
}
