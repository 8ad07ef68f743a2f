//! The challenge mode's page side: the attempt being played, which of the
//! page's messages count as moves, what the challenge panel shows, and the
//! player's record kept in `localStorage`.
//!
//! The rules (who may crash, what wins) live in [`crate::sim::challenge`],
//! so the native tests judge a challenge exactly as the page does. The
//! record is one short line of text, written and read by hand like the
//! kept run (see [`super::storage`]): a JSON library would cost the page
//! more than the whole challenge. Anything unreadable in it is ignored,
//! with a notice, and never panics.

use super::model::Msg;
use super::storage;
use crate::paxos::{Flaw, NodeId};
use crate::sim::challenge::{check_move, win, Refusal, Win};
use crate::sim::scenarios::Scenario;
use crate::sim::{whole_percent, Action, Sim, Timeline};
use std::cell::RefCell;
use std::rc::Rc;

/// The challenge being played.
#[derive(Clone, Debug)]
pub struct Challenge {
    /// The rule broken in this attempt; `None` is correct Paxos.
    pub flaw: Option<Flaw>,
    /// This visit's attempt number, from 0: it picks the attempt's dice.
    pub attempt: u32,
    /// The free-play run to go back to, and the scenario it showed.
    pub before: (Rc<RefCell<Timeline>>, Option<&'static Scenario>),
    /// The player's record, as stored.
    pub record: Record,
    /// Why the stored record was not used, if it could not be read.
    pub problem: Option<String>,
    /// Whether this attempt has been counted (at its first move).
    pub counted: bool,
    /// This attempt's win, once seen, and whether it set a new best. It
    /// stays when the player steps back to before it: the attempt is won.
    pub won: Option<(Win, bool)>,
    /// The run's branch when the win was seen (see [`Timeline::branch`]).
    won_on: u32,
}

impl Challenge {
    /// A new attempt with `flaw`: the previous attempt's record carries
    /// over, else it is read from storage.
    pub fn new(
        flaw: Option<Flaw>,
        attempt: u32,
        before: (Rc<RefCell<Timeline>>, Option<&'static Scenario>),
        kept: Option<(Record, Option<String>)>,
    ) -> Challenge {
        let (record, problem) = kept.unwrap_or_else(load);
        Challenge { flaw, attempt, before, record, problem, counted: false, won: None, won_on: 0 }
    }

    /// Take up again an attempt put aside when another rule was picked:
    /// it was counted at its first move, and was not won (a won attempt is
    /// not put aside).
    pub fn resume(&mut self, flaw: Option<Flaw>, attempt: u32) {
        self.flaw = flaw;
        self.attempt = attempt;
        self.counted = true;
        self.won = None;
    }

    /// Look at the run after a change: count the attempt at its first
    /// move, keep a win the moment it shows, and store the record when
    /// either changes it. Returns a win seen for the first time, so the
    /// page can stop the clock at its moment.
    pub fn observe(&mut self, run: &Timeline) -> Option<Win> {
        let sim = run.head();
        let mut fresh = None;
        let mut changed = false;
        // A move before the win forked the run and threw the win's future
        // away: the panel kept saying "you broke it", and its "Show that
        // moment" led into the new future. The record keeps the win. A
        // move after it keeps the win in the new branch's past: the same
        // win, not a new one to pause at.
        if self.won_on != run.branch() {
            let kept = win(sim)
                .is_some_and(|now| self.won.as_ref().is_some_and(|(w, _)| (w.event, w.at) == (now.event, now.at)));
            if kept {
                self.won_on = run.branch();
            } else {
                self.won = None;
            }
        }
        if !self.counted && !sim.actions().is_empty() {
            self.counted = true;
            self.record.attempted(self.flaw);
            changed = true;
        }
        if self.won.is_none() {
            if let Some(w) = win(sim) {
                let best = self.record.won(self.flaw, u32::try_from(w.moves).unwrap_or(u32::MAX));
                self.won = Some((w.clone(), best));
                self.won_on = run.branch();
                fresh = Some(w);
                changed = true;
            }
        }
        if changed {
            save(&self.record);
        }
        fresh
    }
}

/// Why `msg` is not allowed during a challenge, if it is not: time,
/// viewing and the challenge's own controls always are; proposals,
/// crashes, restarts and a node's delay or drop rate are moves, judged by
/// the challenge's rules; anything else (a new cluster, the network
/// sliders, cutting links, switching rules) would change the game.
pub fn refusal(msg: &Msg, sim: &Sim) -> Option<String> {
    let action = match msg {
        Msg::Propose(node, value) => Action::Propose { node: *node, value: value.clone() },
        // Only some actions are moves; `check_move` refuses the others.
        Msg::Act(action) => action.clone(),
        m if m.only_watches() => return None,
        // Undo is offered in a challenge only for an attempt a rule picked
        // by mistake dropped, and brings that attempt back.
        Msg::Say(_)
        | Msg::Shared { .. }
        | Msg::Select(_)
        | Msg::Challenge(_)
        | Msg::LeaveChallenge
        | Msg::ResumeChallenge(..)
        | Msg::Undo => return None,
        _ => return Some(Refusal::NotAMove.to_string()),
    };
    check_move(sim, &action).err().map(|r| r.to_string())
}

/// One node's challenge controls, as they stand.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeControl {
    /// The node.
    pub id: NodeId,
    /// Whether it is down.
    pub crashed: bool,
    /// Extra ticks on each message it sends.
    pub delay: u32,
    /// Its drop probability, in whole percent.
    pub drop_pct: u32,
}

/// What the challenge panel shows of the run at the cursor.
#[derive(Clone, Debug, PartialEq)]
pub struct ChallengeView {
    /// The player's moves so far (actions logged up to the cursor).
    pub moves: usize,
    /// Each node's controls.
    pub nodes: Vec<NodeControl>,
    /// The node that is down, if one is.
    pub down: Option<NodeId>,
    /// The nodes slowed so much that their own ballots nearly always time
    /// out: a reply at the usual speed comes after they gave up.
    pub hopeless: Vec<NodeId>,
    /// The first broken rule, and the tick of the event that broke it.
    pub broken: Option<(String, u64)>,
}

/// The challenge panel's view of `sim`.
pub fn view(sim: &Sim) -> ChallengeView {
    let nodes: Vec<NodeControl> = sim
        .nodes()
        .map(|v| NodeControl { id: v.node.id, crashed: v.crashed, delay: v.delay, drop_pct: whole_percent(v.failure) })
        .collect();
    let broken =
        sim.violations().first().map(|(cause, v)| (v.to_string(), sim.trace().get(*cause).map_or(sim.now(), |e| e.at)));
    let settings = &sim.config().settings;
    // A round trip at the middle of the delay range: at +2 s, only the
    // quickest replies beat the timeout, and most ballots gave up.
    let usual = |n: &NodeControl| u64::from(settings.delay_min) + u64::from(settings.delay_max) + u64::from(n.delay);
    let hopeless = nodes.iter().filter(|n| !n.crashed && usual(n) > settings.phase_timeout()).map(|n| n.id).collect();
    ChallengeView {
        moves: crate::sim::challenge::moves(sim.actions()),
        down: nodes.iter().find(|n| n.crashed).map(|n| n.id),
        hopeless,
        nodes,
        broken,
    }
}

/// The page's hint line during a challenge, until a rule breaks.
/// It names the rule broken: "With every rule kept, Paxos won't let you"
/// stood beside the rule the player had picked to break.
pub fn goal_hint(flaw: Option<Flaw>) -> String {
    let odds = match flaw {
        None => "With every rule kept, Paxos won't let you.".to_string(),
        Some(f) => format!("With “{}”, you can.", crate::ui::view::rule(f).0),
    };
    format!("Make two nodes learn different values: propose, crash, slow or drop. {odds}")
}

/// How to win with `flaw` broken (`None`: correct Paxos, which cannot be
/// beaten), for the challenge's Hint.
pub fn hint(flaw: Option<Flaw>) -> &'static str {
    match flaw {
        None => "You cannot win this one, and that is the lesson: whatever you crash, slow or drop, every majority shares a node that carries the chosen value forward. Try for a while, then pick a broken rule.",
        Some(Flaw::Amnesia) => "A node learns a value once, so keep one out of it: crash node 3 just as a value is chosen, so it misses the Decide. Restart it and crash and restart node 2: each forgets what it accepted. Slow down the node that still remembers, and propose another value at node 3.",
        Some(Flaw::IgnorePrior) => "A node learns a value once, so keep one out of it: crash node 3 just as a value is chosen, so it misses the Decide. Then restart it and propose a different value there.",
        Some(Flaw::SharedBallots) => "Pause, then propose at two nodes at the same moment: both start the same ballot number, and nothing tells them apart.",
        Some(Flaw::AcceptAnything) => "Pause. Propose at node 1, play a moment, and slow node 1's messages by 1 s. Then propose at node 3: node 1's late Accept lands after node 3 has read the acceptors.",
        Some(Flaw::MinorityQuorum) => "With a quorum of one, a proposer needs nobody else. Propose at two nodes.",
        Some(Flaw::CountDuplicates) => "The hardest. Pause and propose at nodes 1 and 2. Step until node 3 promises node 1, then crash node 3 until node 2's Prepare to it is lost, and restart it. Drop node 2's messages: if node 3's reply reaches node 1 twice, node 1 decides alone. Then let node 2 through. It takes luck; a new attempt rolls new dice.",
    }
}

/// One rule's score: attempts made, and the fewest moves of a win.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Score {
    /// Attempts with at least one move.
    pub attempts: u32,
    /// The shortest win, in moves.
    pub best: Option<u32>,
}

/// The player's record: a score for correct Paxos and for each flaw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record([Score; 1 + Flaw::ALL.len()]);

/// The name a score is stored under.
fn slot_name(slot: usize) -> &'static str {
    slot.checked_sub(1).and_then(|i| Flaw::ALL.get(i)).map_or("paxos", |f| f.name())
}

fn slot(flaw: Option<Flaw>) -> usize {
    flaw.and_then(|f| Flaw::ALL.iter().position(|x| *x == f)).map_or(0, |i| i + 1)
}

/// The format tag at the start of a stored record.
const VERSION: &str = "challenge-1";

impl Record {
    /// The score for `flaw` (`None`: correct Paxos).
    pub fn score(&self, flaw: Option<Flaw>) -> Score {
        self.0[slot(flaw)]
    }

    /// One more attempt with `flaw`.
    pub fn attempted(&mut self, flaw: Option<Flaw>) {
        let s = &mut self.0[slot(flaw)];
        s.attempts = s.attempts.saturating_add(1);
    }

    /// A win with `flaw` in `moves` moves; true if it is a new best.
    pub fn won(&mut self, flaw: Option<Flaw>, moves: u32) -> bool {
        let s = &mut self.0[slot(flaw)];
        let better = s.best.is_none_or(|b| moves < b);
        if better {
            s.best = Some(moves);
        }
        better
    }

    /// The record as stored: `challenge-1 paxos=3/- amnesia=2/7 …`, each
    /// rule as attempts/best, `-` where there is no win yet.
    pub fn to_text(&self) -> String {
        let mut text = VERSION.to_string();
        for (i, s) in self.0.iter().enumerate() {
            let best = s.best.map_or_else(|| "-".to_string(), |b| b.to_string());
            text.push_str(&format!(" {}={}/{best}", slot_name(i), s.attempts));
        }
        text
    }

    /// Read a stored record; `None` if anything in it is not what
    /// [`Record::to_text`] writes: then the record is not trusted at all.
    pub fn parse(text: &str) -> Option<Record> {
        let mut words = text.split_whitespace();
        if words.next() != Some(VERSION) {
            return None;
        }
        let mut record = Record::default();
        let mut seen = [false; 1 + Flaw::ALL.len()];
        for word in words {
            let (name, score) = word.split_once('=')?;
            let (attempts, best) = score.split_once('/')?;
            let i = (0..seen.len()).find(|&i| slot_name(i) == name)?;
            // Digits only: "+3" or " 3" is not something this page wrote.
            let number = |s: &str| s.bytes().all(|b| b.is_ascii_digit()).then(|| s.parse::<u32>().ok()).flatten();
            let attempts = number(attempts)?;
            // A win takes at least one move.
            let best = match best {
                "-" => None,
                b => Some(number(b).filter(|b| *b >= 1)?),
            };
            // A name twice, or a win with no attempt, was not written here.
            if seen[i] || (best.is_some() && attempts == 0) {
                return None;
            }
            seen[i] = true;
            record.0[i] = Score { attempts, best };
        }
        seen.iter().all(|s| *s).then_some(record)
    }
}

/// The key the record is stored under.
const KEY: &str = "paxos-playground.challenge";

/// The stored record, and a notice if one was stored but could not be read.
pub fn load() -> (Record, Option<String>) {
    match storage::get(KEY) {
        None => (Record::default(), None),
        Some(text) => match Record::parse(&text) {
            Some(record) => (record, None),
            None => (
                Record::default(),
                Some("Your saved challenge record could not be read, so it starts again from zero.".to_string()),
            ),
        },
    }
}

/// Keep `record` for the next visit (a full or blocked storage keeps
/// nothing, and the challenge works the same).
pub fn save(record: &Record) {
    let _ = storage::set(KEY, &record.to_text());
}
