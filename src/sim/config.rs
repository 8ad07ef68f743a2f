//! What a run is made of: the cluster, the seed, the fault settings, and the
//! typed errors every bad input turns into.

use crate::paxos::{Flaws, NodeId, Value};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest cluster the simulator accepts.
pub const MAX_NODES: usize = 25;
/// The longest value, in characters.
pub const MAX_VALUE_CHARS: usize = 64;
/// The longest message delay, in ticks.
pub const MAX_DELAY: u32 = 100_000;
/// The latest tick a run reaches: its clock stops here, and a log may not
/// name a later one. 2^40 ticks is decades of play at the page's speeds,
/// and far enough below `u64::MAX` that adding any delay or timeout to a
/// tick cannot overflow.
pub const MAX_TICK: u64 = 1 << 40;
/// The most events an imported log may ask to replay up to: every action's
/// step and the end position must be at most this. Replaying that many
/// takes about a second natively, a few in the page.
pub const MAX_STEPS: u64 = 2_000_000;
/// The most actions an imported log may hold.
pub const MAX_ACTIONS: usize = 100_000;

/// Network fault settings. All of them can change during a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Chance that any message between two nodes is lost (0 to 1).
    pub loss: f64,
    /// Chance that a message is delivered twice (0 to 1).
    pub duplication: f64,
    /// Shortest message delay, in ticks.
    pub delay_min: u32,
    /// Longest message delay, in ticks.
    pub delay_max: u32,
    /// Per node: chance that a message to or from it is lost (the demo's `--fail`).
    pub node_failure: Vec<f64>,
}

impl Settings {
    /// A reliable network with delays of 600 to 1400 ticks for `nodes` nodes
    /// (for at most [`MAX_NODES`]: a hostile size must not allocate a list
    /// the size of memory before validation refuses it).
    pub fn reliable(nodes: usize) -> Settings {
        let failure = vec![0.0; nodes.min(MAX_NODES)];
        Settings { loss: 0.0, duplication: 0.0, delay_min: 600, delay_max: 1400, node_failure: failure }
    }

    /// How long a proposer waits for a majority: a round trip at the longest
    /// delay, with some slack.
    pub fn phase_timeout(&self) -> u64 {
        u64::from(self.delay_max) * 5 / 2 + 1
    }

    /// The shortest and longest backoff before a retry.
    pub fn backoff_range(&self) -> (u64, u64) {
        let d = u64::from(self.delay_max);
        (d / 2 + 1, d * 3)
    }
}

/// Everything fixed at the start of a run. With an action log, it determines
/// the whole run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimConfig {
    /// Cluster size, 1 to [`MAX_NODES`].
    pub nodes: usize,
    /// The seed of the run's one PRNG.
    pub seed: u64,
    /// Rule breaks switched on at the start.
    #[serde(default)]
    pub flaws: Flaws,
    /// When true, messages wait in flight until an action delivers or drops
    /// them, and timers fire only by action. Used to replay model-checker
    /// counterexamples step by step.
    #[serde(default)]
    pub manual: bool,
    /// Initial fault settings.
    pub settings: Settings,
}

impl SimConfig {
    /// `nodes` nodes on a reliable network.
    pub fn new(nodes: usize, seed: u64) -> SimConfig {
        SimConfig { nodes, seed, flaws: Flaws::NONE, manual: false, settings: Settings::reliable(nodes) }
    }

    /// Check every field; the error says what is wrong in plain words.
    pub fn validate(&self) -> Result<(), SimError> {
        check_nodes(self.nodes)?;
        check_probability("message loss", self.settings.loss)?;
        check_probability("duplication", self.settings.duplication)?;
        check_delay(self.settings.delay_min, self.settings.delay_max)?;
        if self.settings.node_failure.len() != self.nodes {
            return Err(SimError::FailureList { expected: self.nodes, found: self.settings.node_failure.len() });
        }
        for p in &self.settings.node_failure {
            check_probability("node failure", *p)?;
        }
        Ok(())
    }
}

/// Why an input was refused. Every message is written for the page.
#[derive(Clone, Debug, PartialEq)]
pub enum SimError {
    /// The cluster size is outside 1 to [`MAX_NODES`].
    ClusterSize(usize),
    /// A probability is NaN or outside 0 to 1.
    Probability {
        /// Which setting.
        what: &'static str,
        /// The bad number.
        value: f64,
    },
    /// The delay range is empty, zero or too long.
    Delay {
        /// The shortest delay asked for.
        min: u32,
        /// The longest delay asked for.
        max: u32,
    },
    /// A node's extra delay is longer than [`MAX_DELAY`].
    NodeDelay(u32),
    /// The per-node failure list has the wrong length.
    FailureList {
        /// The cluster size.
        expected: usize,
        /// The list's length.
        found: usize,
    },
    /// No node has this id.
    NoSuchNode(u8),
    /// The value is empty or only spaces.
    EmptyValue,
    /// The value holds only characters that draw nothing alone (zero-width
    /// spaces, a lone accent).
    InvisibleValue,
    /// The value is longer than [`MAX_VALUE_CHARS`] characters.
    ValueTooLong(usize),
    /// The value holds a control character or a text-direction control.
    ValueControlChar,
    /// The value hides a character that draws nothing and joins nothing
    /// (a zero-width space, a soft hyphen) between its letters.
    ValueHiddenChar,
    /// The node is crashed and cannot act.
    NodeCrashed(NodeId),
    /// The node is already running.
    NodeNotCrashed(NodeId),
    /// A link from a node to itself cannot be cut.
    SelfLink(NodeId),
    /// A partition with every node, or none, on one side: nothing to cut.
    OneSided,
    /// No message with this id is in flight.
    NoSuchMessage(u64),
    /// The node has no timer running.
    NoTimer(NodeId),
    /// The node has seen the highest ballot number there is, so it cannot
    /// start another ballot.
    OutOfBallots(NodeId),
    /// A logged action's moment comes before the one logged before it.
    OutOfOrder,
    /// Replayed, the run goes quiet before a logged action's moment comes:
    /// the log is not this run's (an edited seed or setting, or an earlier
    /// action changed, makes the same actions diverge).
    NeverReached,
    /// Delivering by hand needs a run in manual mode, and the reverse.
    WrongMode {
        /// Whether the action needs manual mode.
        needs_manual: bool,
    },
    /// A tick beyond [`MAX_TICK`].
    TickLimit(u64),
    /// A step count beyond [`MAX_STEPS`].
    StepLimit(u64),
    /// A log with more than [`MAX_ACTIONS`] actions.
    TooManyActions(usize),
    /// A run's named moment (its end, or the one to show) never comes:
    /// replayed, the run is elsewhere by then.
    Unreached {
        /// The moment named.
        named: crate::sim::Position,
        /// Where the replay is instead.
        reached: crate::sim::Position,
    },
    /// A run ends this many ticks after anything happened in it, with
    /// nothing left to happen: far longer than the page lets a quiet run
    /// go on.
    QuietEnd(u64),
    /// A run has this many messages in flight at its busiest, more than
    /// [`crate::sim::timeline::MAX_IN_FLIGHT`].
    Crowded(usize),
}

/// Why a cluster of `n` nodes is refused, in the words every refusal of
/// a size uses (a run file's size may not fit a `usize`).
pub fn cluster_size_refused(n: impl fmt::Display) -> String {
    format!("A cluster needs 1 to {MAX_NODES} nodes, not {n}.")
}

impl fmt::Display for SimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SimError::ClusterSize(n) => f.write_str(&cluster_size_refused(n)),
            SimError::Probability { what, value } => {
                write!(f, "The {what} probability must be from 0 to 1 (0% to 100%), not {}.", Percent(*value))
            }
            SimError::Delay { min, max } => {
                write!(f, "Message delays must satisfy 1 ≤ shortest ≤ longest ≤ {MAX_DELAY} ticks, not {min} to {max}.")
            }
            SimError::NodeDelay(ticks) => {
                write!(f, "A node's extra message delay can be at most {MAX_DELAY} ticks, not {ticks}.")
            }
            SimError::FailureList { expected, found } => {
                write!(f, "Expected {expected} per-node failure probabilities, found {found}.")
            }
            SimError::NoSuchNode(id) => write!(f, "There is no node {id} in this cluster."),
            SimError::EmptyValue => write!(f, "Type a value to propose first."),
            SimError::InvisibleValue => write!(
                f,
                "This value shows nothing on its own (invisible characters, or a mark with no letter under it): put a letter, digit or sign in it."
            ),
            SimError::ValueTooLong(n) => {
                write!(f, "A value can be at most {MAX_VALUE_CHARS} characters long; this one has {n}.")
            }
            SimError::ValueControlChar => {
                write!(
                    f,
                    "A value cannot contain control characters such as tabs, newlines or text-direction overrides."
                )
            }
            SimError::ValueHiddenChar => write!(
                f,
                "A value cannot hide a character that shows nothing (a zero-width space, a soft hyphen, a word joiner) between its letters: it would look like another value."
            ),
            SimError::NodeCrashed(id) => write!(f, "Node {id} is crashed; restart it first."),
            SimError::NodeNotCrashed(id) => write!(f, "Node {id} is already running."),
            SimError::SelfLink(id) => write!(f, "Node {id} cannot be cut off from itself."),
            SimError::OneSided => write!(f, "A partition needs nodes on both sides of its cut."),
            SimError::NoSuchMessage(id) => write!(f, "No message #{id} is in flight."),
            SimError::NoTimer(id) => write!(f, "Node {id} has no timer running."),
            SimError::OutOfBallots(id) => {
                write!(f, "Node {id} has seen the highest ballot number there is and cannot start another ballot.")
            }
            SimError::OutOfOrder => write!(f, "The actions are out of order: one is logged at an earlier moment than the action before it."),
            SimError::NeverReached => write!(
                f,
                "It is logged at a moment the run never reaches, so the log is not this run's: was the seed, a setting or an earlier action changed?"
            ),
            SimError::WrongMode { needs_manual: true } => write!(f, "That action needs a run with manual delivery."),
            SimError::WrongMode { needs_manual: false } => write!(
                f,
                "This run's messages move only as a hand moves them (a model checker's counterexample), so message loss, duplication and delays play no part in it; cut a node off to stop its messages."
            ),
            SimError::TickLimit(at) => write!(f, "Tick {at} is past the end of time here (tick {MAX_TICK})."),
            SimError::StepLimit(step) => {
                write!(f, "A run can be replayed up to {MAX_STEPS} events, not {step}.")
            }
            SimError::TooManyActions(n) => write!(f, "A run can hold at most {MAX_ACTIONS} actions, not {n}."),
            // To the millisecond: rounded to a tenth of a second, the two
            // moments of a hand-edited file read as the same.
            SimError::Unreached { named, reached } => write!(
                f,
                "It names a moment the run never reaches, event {} at {}: replayed, the run is at event {} at {}.",
                named.step,
                Millis(named.at),
                reached.step,
                Millis(reached.at)
            ),
            SimError::QuietEnd(ticks) => write!(
                f,
                "It ends {} after anything happened in it, with nothing left to happen, but the page never lets a run stand still that long.",
                crate::sim::narrate::seconds(*ticks)
            ),
            SimError::Crowded(peak) => write!(
                f,
                "It would have {} messages in flight at once, more than the {} the page can draw.",
                crate::sim::narrate::grouped(*peak as u64),
                crate::sim::narrate::grouped(crate::sim::timeline::MAX_IN_FLIGHT as u64)
            ),
        }
    }
}

impl std::error::Error for SimError {}

/// Ticks (milliseconds) shown as seconds to the millisecond, with integer
/// formatting only.
struct Millis(u64);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:03} s", self.0 / 1000, self.0 % 1000)
    }
}

/// A probability shown as a whole percentage, with integer formatting only
/// (float formatting would add kilobytes to the page's wasm).
struct Percent(f64);

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_nan() {
            f.write_str("a value that is not a number")
        } else if self.0.is_infinite() {
            f.write_str(if self.0 > 0.0 { "infinity" } else { "minus infinity" })
        } else {
            write!(f, "{}%", (self.0 * 100.0).round() as i64)
        }
    }
}

/// Check a cluster size.
pub fn check_nodes(nodes: usize) -> Result<(), SimError> {
    if (1..=MAX_NODES).contains(&nodes) {
        Ok(())
    } else {
        Err(SimError::ClusterSize(nodes))
    }
}

/// Check a probability: a number from 0 to 1 (NaN is refused).
pub fn check_probability(what: &'static str, value: f64) -> Result<f64, SimError> {
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(SimError::Probability { what, value })
    }
}

/// Check a delay range.
pub fn check_delay(min: u32, max: u32) -> Result<(), SimError> {
    if min >= 1 && min <= max && max <= MAX_DELAY {
        Ok(())
    } else {
        Err(SimError::Delay { min, max })
    }
}

/// Check a node's extra message delay: at most [`MAX_DELAY`] ticks, so a
/// tick plus both delays stays far from overflowing.
pub fn check_node_delay(ticks: u32) -> Result<(), SimError> {
    if ticks <= MAX_DELAY {
        Ok(())
    } else {
        Err(SimError::NodeDelay(ticks))
    }
}

/// Turn typed text into a value: trimmed, non-empty, at most
/// [`MAX_VALUE_CHARS`] characters, no control characters. Markup is fine —
/// it is only ever shown as text.
pub fn parse_value(text: &str) -> Result<Value, SimError> {
    // Nothing to see is nothing typed: a value of zero-width spaces was
    // chosen, learned and shown everywhere as “”; and "apple" with one at
    // its end looked like "apple" but was another value.
    let typed = text.trim();
    let text = typed.trim_matches(|c: char| c.is_whitespace() || unseen(c));
    // Marks that only ride on a letter (a lone accent) are not a value
    // either; said apart from an empty box, as something was typed.
    if text.chars().all(|c| c.is_whitespace() || unseen(c) || combining(c)) {
        return Err(if typed.is_empty() { SimError::EmptyValue } else { SimError::InvisibleValue });
    }
    let chars = text.chars().count();
    if chars > MAX_VALUE_CHARS {
        return Err(SimError::ValueTooLong(chars));
    }
    if text.chars().any(|c| c.is_control() || turns_text(c)) {
        return Err(SimError::ValueControlChar);
    }
    // Between letters too: "ap\u{200B}ple" looked like "apple" but was
    // another value, and the page said "apple is chosen, but node 3
    // proposes apple". The joiners that shape emoji and scripts (U+200C,
    // U+200D), the direction marks and the variation selectors stay.
    if text.chars().any(hides) {
        return Err(SimError::ValueHiddenChar);
    }
    Ok(Value::from(text))
}

/// Whether `c` draws nothing and joins nothing: a zero-width space, a soft
/// hyphen, the word joiner and its kin, the byte-order mark. Between two
/// letters it makes another text that looks the same. (The joiners that
/// shape emoji and scripts, U+200C and U+200D, are not among them.)
pub fn hides(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{00AD}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Whether `c` draws nothing: zero-width spaces and joiners, the word
/// joiner and its kin, the byte-order mark, the soft hyphen, the grapheme
/// joiner, the direction marks, the blank fillers (Hangul's, Braille's
/// empty cell), variation selectors, tags and music's formatting marks.
fn unseen(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{2800}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
            | '\u{1D173}'..='\u{1D17A}'
    )
}

/// Whether `c` is a combining mark, drawn only on the letter before it:
/// the general ones, and the vowel signs and points of the scripts most
/// often typed (Hebrew, Arabic, Devanagari, Thai); Mongolian's variation
/// selectors draw nothing.
fn combining(c: char) -> bool {
    matches!(
        c,
        '\u{0591}'..='\u{05C7}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{0900}'..='\u{0903}'
            | '\u{093A}'..='\u{094F}'
            | '\u{0E31}'
            | '\u{0E34}'..='\u{0E3A}'
            | '\u{0E47}'..='\u{0E4E}'
            | '\u{180B}'..='\u{180D}'
    ) || general_combining(c)
}

/// The combining marks of every script: diacritics, their extensions and
/// supplements, those for symbols, and the half marks.
fn general_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Whether `c` is one of Unicode's invisible text-direction overrides,
/// embeddings or isolates, or a line or paragraph separator. A value
/// holding an override turns the text around it: in a log line,
/// "Accepted(n=1.1, \u{202E}elppa) from node 3" reads backwards from the
/// value on, and the value itself shows as "apple"; a separator breaks the
/// line. Right-to-left letters are welcome, and so are the direction
/// marks (U+200E, U+200F, U+061C) that pasted right-to-left text carries:
/// they only lean neighbouring punctuation one way.
pub fn turns_text(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_trimmed_and_checked() {
        assert_eq!(parse_value("  apple ").unwrap().as_str(), "apple");
        assert_eq!(parse_value("   "), Err(SimError::EmptyValue));
        assert_eq!(parse_value("\u{200B}\u{200B}"), Err(SimError::InvisibleValue), "zero-width spaces show nothing");
        assert_eq!(parse_value(" \u{FEFF}\u{2060}\u{200F} "), Err(SimError::InvisibleValue));
        assert_eq!(
            parse_value("ap\u{200B}ple"),
            Err(SimError::ValueHiddenChar),
            "inside, another value that looks the same"
        );
        assert_eq!(parse_value("ap\u{00AD}ple"), Err(SimError::ValueHiddenChar), "a soft hyphen");
        assert_eq!(
            parse_value("👩\u{200D}💻").unwrap().as_str(),
            "👩\u{200D}💻",
            "a joiner that shapes an emoji stays"
        );
        assert_eq!(
            parse_value("می\u{200C}خواهم").unwrap().as_str(),
            "می\u{200C}خواهم",
            "a non-joiner Persian needs stays"
        );
        assert_eq!(parse_value("\u{200B}apple\u{FEFF} ").unwrap().as_str(), "apple", "at its ends, trimmed");
        assert_eq!(parse_value("\u{3164}\u{2800}"), Err(SimError::InvisibleValue), "blank fillers");
        assert_eq!(parse_value("\u{FE0F}\u{E0020}\u{1D173}"), Err(SimError::InvisibleValue), "selectors, tags");
        assert_eq!(parse_value("\u{0301}"), Err(SimError::InvisibleValue), "a lone accent");
        for mark in ['\u{05B4}', '\u{064B}', '\u{0E31}', '\u{093C}', '\u{180B}'] {
            assert_eq!(parse_value(&mark.to_string()), Err(SimError::InvisibleValue), "{:04X}", mark as u32);
        }
        assert_eq!(parse_value("e\u{0301}").unwrap().as_str(), "e\u{0301}", "an accent on a letter");
        assert_eq!(parse_value(&"x".repeat(65)), Err(SimError::ValueTooLong(65)));
        assert!(parse_value(&"é".repeat(64)).is_ok(), "the limit counts characters, not bytes");
        assert_eq!(parse_value("a\tb"), Err(SimError::ValueControlChar));
        assert_eq!(parse_value("\u{202E}elppa"), Err(SimError::ValueControlChar), "a right-to-left override");
        assert_eq!(parse_value("x\u{2067}y"), Err(SimError::ValueControlChar), "a right-to-left isolate");
        assert_eq!(parse_value("שלום").unwrap().as_str(), "שלום", "right-to-left letters are welcome");
        assert!(parse_value("\u{200F}שלום").is_ok(), "and so is the mark pasted right-to-left text carries");
        assert_eq!(parse_value("a\u{2028}b"), Err(SimError::ValueControlChar), "a line separator");
        assert_eq!(parse_value("<script>alert(1)</script>").unwrap().as_str(), "<script>alert(1)</script>");
    }

    #[test]
    fn probabilities_outside_zero_to_one_or_nan_are_refused() {
        assert!(check_probability("loss", 0.0).is_ok());
        assert!(check_probability("loss", 1.0).is_ok());
        assert!(check_probability("loss", -0.1).is_err());
        assert!(check_probability("loss", 1.5).is_err());
        assert!(check_probability("loss", f64::NAN).is_err());
        assert!(check_probability("loss", f64::INFINITY).is_err());
    }

    #[test]
    fn configs_are_validated() {
        assert!(SimConfig::new(5, 1).validate().is_ok());
        assert_eq!(SimConfig::new(0, 1).validate(), Err(SimError::ClusterSize(0)));
        assert_eq!(SimConfig::new(26, 1).validate(), Err(SimError::ClusterSize(26)));
        let mut c = SimConfig::new(3, 1);
        c.settings.delay_min = 10;
        c.settings.delay_max = 5;
        assert_eq!(c.validate(), Err(SimError::Delay { min: 10, max: 5 }));
        let mut c = SimConfig::new(3, 1);
        c.settings.node_failure.pop();
        assert!(matches!(c.validate(), Err(SimError::FailureList { .. })));
        assert!(SimError::ClusterSize(0).to_string().contains("1 to 25"));
        assert_eq!(SimConfig::new(usize::MAX, 1).validate(), Err(SimError::ClusterSize(usize::MAX)));
        assert_eq!(Settings::reliable(usize::MAX).node_failure.len(), MAX_NODES);
    }
}
