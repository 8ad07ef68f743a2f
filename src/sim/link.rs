//! A whole run in a few hundred characters: the share-link format.
//!
//! A run is its starting configuration, its action log and a moment, so
//! that is all a link carries. The bytes are:
//!
//! ```text
//! format version (1 byte, currently 1)
//! config:  nodes, seed, flaws (bit set), flags (bit 0: manual delivery),
//!          loss, duplication, shortest and longest delay,
//!          one failure probability per node
//! actions: count, then per action: events since the previous action,
//!          ticks since the previous action, a kind code and its fields
//! moment:  events processed, tick
//! end:     how far the run goes past the moment (events, ticks), so the
//!          timeline bar shows the same future the sender saw
//! check:   FNV-1a of everything above (4 bytes); every format version
//!          ends this way, so a link from another version is told apart
//!          from noise
//! ```
//!
//! Whole numbers are LEB128 varints, text is a length and UTF-8, and a
//! probability is 0, a count of ten-thousandths (what the page's sliders
//! make), or its exact 8-byte IEEE value. The bytes are written in
//! base64url without padding, so the result can sit in an address's
//! fragment unescaped. Decoding checks everything and says in plain words
//! what is wrong; it never panics, whatever it is given. The varint,
//! base64url and checksum code is written out here, in a few dozen lines,
//! because the page's size budget cannot afford a general serialisation
//! format for them.

use super::config::{Settings, SimConfig, SimError, MAX_NODES};
use super::narrate::{capitalized, grouped};
use super::timeline::Timeline;
use super::trace::{validate_log, Action, Logged, Position};
use crate::paxos::{Flaw, Flaws, NodeId, NodeSet};
use std::fmt;

/// The link format this build writes and reads.
pub const LINK_VERSION: u8 = 1;
/// The longest link this build decodes, in characters.
pub const MAX_LINK_CHARS: usize = 200_000;

/// A run as a link carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunLink {
    /// The starting configuration.
    pub config: SimConfig,
    /// Every action, in order.
    pub actions: Vec<Logged>,
    /// The moment to show.
    pub at: Position,
    /// How far the run had gone.
    pub end: Position,
}

/// The longest a run may stand still at its end, with nothing left to
/// happen, in ticks (see [`RunLink::open`]): a minute, against the half
/// second ([`IDLE_GAP`](super::timeline::IDLE_GAP)) the page lets a quiet
/// run go on. (A run with a message still on its way waits as long as the
/// message takes, which is not standing still.)
pub const QUIET_LIMIT: u64 = 60_000;

impl RunLink {
    /// Build the run: every action checked as it replays, played on to its
    /// end, then shown at its moment. The error names the first action
    /// that cannot happen (counting from 1), or 0 for the run as a whole.
    pub fn open(&self) -> Result<Timeline, (usize, SimError)> {
        let end = self.end.max(self.at);
        let mut run = Timeline::from_log(self.config.clone(), &self.actions, end)?;
        // A file edited by hand can name an end that never comes (the run
        // goes quiet first, or is further on by then): opened, the page
        // showed a moment that does not exist, with a clock in the
        // millions of seconds.
        let unreached = |run: &Timeline, named: Position| {
            (run.position() != named).then(|| (0, SimError::Unreached { named, reached: run.position() }))
        };
        run.seek(end);
        if let Some(error) = unreached(&run, end) {
            return Err(error);
        }
        // Nor may it end long after its last event or action with nothing
        // left to happen: seeking gets there, as time passes without
        // events. Judged at the end, where the trace holds every event.
        let last_event = run.head().trace().entries().next_back().map_or(0, |e| e.at);
        let quiet = end.at.saturating_sub(last_event.max(self.actions.last().map_or(0, |a| a.at)));
        if quiet > QUIET_LIMIT && run.next_due().is_none() {
            return Err((0, SimError::QuietEnd(quiet)));
        }
        run.seek(self.at);
        match unreached(&run, self.at) {
            Some(error) => Err(error),
            None => Ok(run),
        }
    }

    /// Check every number in the run without replaying it (see
    /// [`validate_log`]); the reason reads as the end of a sentence that
    /// starts "This run is impossible:".
    pub fn check(&self) -> Result<(), String> {
        validate_log(&self.config, &self.actions, self.end.max(self.at))
            .map_err(|e| e.to_string().trim_end_matches('.').to_string())
    }
}

/// Why a link could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    /// Empty, or not base64url.
    NotALink,
    /// Longer than [`MAX_LINK_CHARS`], this many characters.
    TooLong(usize),
    /// The link ends before the run does: it was cut short when copied.
    Truncated,
    /// The checksum does not match: the link was changed or damaged.
    Tampered,
    /// Made by another version of the playground.
    Version(u8),
    /// Well formed, but a field holds an impossible value.
    Invalid(String),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "This is not a Paxos Playground run link."),
            LinkError::TooLong(n) => write!(
                f,
                "This link is {} characters long, longer than any run this page opens ({} at most).",
                grouped(*n as u64),
                grouped(MAX_LINK_CHARS as u64)
            ),
            LinkError::Truncated => write!(f, "This link is cut short: part of it was lost when it was copied."),
            LinkError::Tampered => write!(f, "This link was changed or damaged after it was made, so it cannot be trusted."),
            LinkError::Version(v) if *v > LINK_VERSION => write!(
                f,
                "This link was made by a newer Paxos Playground (link format {v}); this page reads format {LINK_VERSION}."
            ),
            LinkError::Version(v) => {
                write!(f, "This link uses link format {v}, which this page does not read (it reads format {LINK_VERSION}).")
            }
            LinkError::Invalid(why) => write!(f, "This link holds an impossible run. {}.", capitalized(why)),
        }
    }
}

impl std::error::Error for LinkError {}

// ----- base64url ----------------------------------------------------------

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        // A chunk of k bytes needs k + 1 characters; padding is left out.
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let sextet = |c: u8| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32);
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            n |= sextet(*c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// 32-bit FNV-1a: enough to tell a damaged or edited link from a good one.
fn checksum(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

// ----- writing --------------------------------------------------------------

#[derive(Default)]
struct Writer(Vec<u8>);

impl Writer {
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }

    fn uint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.0.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.0.push(n as u8);
    }

    fn text(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }

    fn probability(&mut self, p: f64) {
        let scaled = (p * 10_000.0).round();
        // The page's sliders make whole percentages, which this stores in
        // a byte or two; anything else keeps its exact bits, because the
        // run's random draws compare against them.
        if p == 0.0 && p.is_sign_positive() {
            self.byte(0);
        } else if (0.0..=10_000.0).contains(&scaled) && scaled / 10_000.0 == p {
            self.byte(1);
            self.uint(scaled as u64);
        } else {
            self.byte(2);
            self.0.extend_from_slice(&p.to_bits().to_le_bytes());
        }
    }

    fn node(&mut self, node: NodeId) {
        self.byte(node.0);
    }
}

/// A flaw's number in a link, written out rather than taken from its place
/// in [`Flaw::ALL`], so that reordering that list cannot change what the
/// links already sent mean.
fn flaw_code(flaw: Flaw) -> u8 {
    match flaw {
        Flaw::Amnesia => 0,
        Flaw::IgnorePrior => 1,
        Flaw::SharedBallots => 2,
        Flaw::AcceptAnything => 3,
        Flaw::MinorityQuorum => 4,
        Flaw::CountDuplicates => 5,
    }
}

/// The flaw a link numbers `code`, if any.
fn flaw_of(code: u8) -> Option<Flaw> {
    Flaw::ALL.into_iter().find(|f| flaw_code(*f) == code)
}

fn write_action(w: &mut Writer, action: &Action) {
    match action {
        Action::Propose { node, value } => {
            w.byte(0);
            w.node(*node);
            w.text(value);
        }
        Action::Crash { node } => {
            w.byte(1);
            w.node(*node);
        }
        Action::Restart { node } => {
            w.byte(2);
            w.node(*node);
        }
        Action::SetLoss { p } => {
            w.byte(3);
            w.probability(*p);
        }
        Action::SetNodeFailure { node, p } => {
            w.byte(4);
            w.node(*node);
            w.probability(*p);
        }
        Action::SetDuplication { p } => {
            w.byte(5);
            w.probability(*p);
        }
        Action::SetDelay { min, max } => {
            w.byte(6);
            w.uint(u64::from(*min));
            w.uint(u64::from(*max));
        }
        Action::Cut { from, to } => {
            w.byte(7);
            w.node(*from);
            w.node(*to);
        }
        Action::Heal { from, to } => {
            w.byte(8);
            w.node(*from);
            w.node(*to);
        }
        Action::HealAll => w.byte(9),
        Action::NewRound => w.byte(10),
        Action::Isolate { node } => {
            w.byte(16);
            w.node(*node);
        }
        Action::Rejoin { node } => {
            w.byte(17);
            w.node(*node);
        }
        Action::Split { side } => {
            w.byte(19);
            w.uint(side.len() as u64);
            side.members().for_each(|node| w.node(node));
        }
        Action::SetFlaw { flaw, on } => {
            w.byte(11);
            w.byte(flaw_code(*flaw));
            w.byte(u8::from(*on));
        }
        Action::Deliver { id } => {
            w.byte(12);
            w.uint(*id);
        }
        Action::DeliverCopy { id } => {
            w.byte(13);
            w.uint(*id);
        }
        Action::Drop { id } => {
            w.byte(14);
            w.uint(*id);
        }
        Action::FireTimer { node } => {
            w.byte(15);
            w.node(*node);
        }
        Action::SetNodeDelay { node, ticks } => {
            w.byte(18);
            w.node(*node);
            w.uint(u64::from(*ticks));
        }
    }
}

/// The link text for a run: `config` plus `actions`, shown at `at`, with
/// its future as far as `end`.
pub fn encode(config: &SimConfig, actions: &[Logged], at: Position, end: Position) -> String {
    let mut w = Writer::default();
    w.byte(LINK_VERSION);
    w.uint(config.nodes as u64);
    w.uint(config.seed);
    w.byte(config.flaws.iter().fold(0u8, |bits, f| bits | 1 << flaw_code(f)));
    w.byte(u8::from(config.manual));
    let s = &config.settings;
    w.probability(s.loss);
    w.probability(s.duplication);
    w.uint(u64::from(s.delay_min));
    w.uint(u64::from(s.delay_max));
    for p in &s.node_failure {
        w.probability(*p);
    }
    w.uint(actions.len() as u64);
    let mut last = Position::default();
    for logged in actions {
        // Moments only go forward in a valid log. A backward one (no
        // timeline makes one) is written as no move at all, so it comes
        // back at the moment before it.
        w.uint(logged.step.saturating_sub(last.step));
        w.uint(logged.at.saturating_sub(last.at));
        write_action(&mut w, &logged.action);
        last = Position { step: logged.step, at: logged.at };
    }
    w.uint(at.step);
    w.uint(at.at);
    w.uint(end.step.saturating_sub(at.step));
    w.uint(end.at.saturating_sub(at.at));
    let sum = checksum(&w.0);
    w.0.extend_from_slice(&sum.to_le_bytes());
    base64url(&w.0)
}

// ----- reading --------------------------------------------------------------

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

type Read<T> = Result<T, LinkError>;

fn invalid<T>(why: impl Into<String>) -> Read<T> {
    Err(LinkError::Invalid(why.into()))
}

impl Reader<'_> {
    fn byte(&mut self) -> Read<u8> {
        let b = *self.bytes.get(self.at).ok_or(LinkError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn uint(&mut self) -> Read<u64> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                return invalid("a number is too large");
            }
            n |= part << shift;
            if b < 0x80 {
                return Ok(n);
            }
        }
        invalid("a number is too large")
    }

    fn small(&mut self, what: &str, max: u64) -> Read<u64> {
        let n = self.uint()?;
        if n > max {
            return invalid(format!("{what} is {n}, above the limit of {max}"));
        }
        Ok(n)
    }

    fn text(&mut self) -> Read<String> {
        let len = self.small("a value's length", 4 * 64)? as usize;
        let end = self.at.checked_add(len).filter(|e| *e <= self.bytes.len()).ok_or(LinkError::Truncated)?;
        let text = std::str::from_utf8(&self.bytes[self.at..end]).or(invalid("a value is not valid text"))?;
        self.at = end;
        Ok(text.to_string())
    }

    fn probability(&mut self) -> Read<f64> {
        let p = match self.byte()? {
            0 => 0.0,
            1 => self.small("a probability", 10_000)? as f64 / 10_000.0,
            2 => {
                let mut bits = [0u8; 8];
                for b in &mut bits {
                    *b = self.byte()?;
                }
                f64::from_bits(u64::from_le_bytes(bits))
            }
            other => return invalid(format!("unknown probability code {other}")),
        };
        if !(0.0..=1.0).contains(&p) {
            return invalid("a probability lies outside 0 to 1");
        }
        Ok(p)
    }

    fn node(&mut self) -> Read<NodeId> {
        Ok(NodeId(self.byte()?))
    }
}

fn read_action(r: &mut Reader<'_>) -> Read<Action> {
    let id = |r: &mut Reader<'_>| r.uint();
    Ok(match r.byte()? {
        0 => Action::Propose { node: r.node()?, value: r.text()? },
        1 => Action::Crash { node: r.node()? },
        2 => Action::Restart { node: r.node()? },
        3 => Action::SetLoss { p: r.probability()? },
        4 => Action::SetNodeFailure { node: r.node()?, p: r.probability()? },
        5 => Action::SetDuplication { p: r.probability()? },
        6 => {
            let min = r.small("a delay", u64::from(u32::MAX))? as u32;
            let max = r.small("a delay", u64::from(u32::MAX))? as u32;
            Action::SetDelay { min, max }
        }
        7 => Action::Cut { from: r.node()?, to: r.node()? },
        8 => Action::Heal { from: r.node()?, to: r.node()? },
        9 => Action::HealAll,
        10 => Action::NewRound,
        11 => {
            let code = r.byte()?;
            let flaw = flaw_of(code).ok_or(LinkError::Invalid(format!("unknown flaw {code}")))?;
            let on = match r.byte()? {
                flag @ (0 | 1) => flag == 1,
                _ => return invalid("a rule is switched neither on nor off"),
            };
            Action::SetFlaw { flaw, on }
        }
        12 => Action::Deliver { id: id(r)? },
        13 => Action::DeliverCopy { id: id(r)? },
        14 => Action::Drop { id: id(r)? },
        15 => Action::FireTimer { node: r.node()? },
        16 => Action::Isolate { node: r.node()? },
        17 => Action::Rejoin { node: r.node()? },
        19 => {
            let mut side = NodeSet::EMPTY;
            for _ in 0..r.small("a side of a partition", MAX_NODES as u64)? {
                // A repeat, or an id no cluster has, would be dropped unseen.
                let node = r.node()?;
                if !side.insert(node) {
                    return invalid(format!("node {node} is named twice, or is no node, in a partition"));
                }
            }
            Action::Split { side }
        }
        18 => Action::SetNodeDelay { node: r.node()?, ticks: r.small("a delay", u64::from(u32::MAX))? as u32 },
        other => return invalid(format!("unknown action code {other}")),
    })
}

fn read_run(r: &mut Reader<'_>) -> Read<RunLink> {
    let nodes = r.small("the cluster size", MAX_NODES as u64)? as usize;
    let seed = r.uint()?;
    let bits = r.byte()?;
    // A bit no flaw has is a tampered link (a new flaw comes with a new
    // format version): opened, it showed every flaw it did name as on.
    let known = Flaw::ALL.iter().fold(0u8, |known, f| known | 1 << flaw_code(*f));
    if bits & !known != 0 {
        return invalid("it names a broken rule this playground does not have");
    }
    let flaws: Flaws = Flaw::ALL.iter().filter(|f| bits & 1 << flaw_code(**f) != 0).copied().collect::<Vec<_>>().into();
    let manual = match r.byte()? {
        flags @ (0 | 1) => flags == 1,
        _ => return invalid("it holds a setting this playground does not know"),
    };
    let loss = r.probability()?;
    let duplication = r.probability()?;
    let delay_min = r.small("a delay", u64::from(u32::MAX))? as u32;
    let delay_max = r.small("a delay", u64::from(u32::MAX))? as u32;
    let node_failure = (0..nodes).map(|_| r.probability()).collect::<Read<Vec<f64>>>()?;
    let settings = Settings { loss, duplication, delay_min, delay_max, node_failure };
    let config = SimConfig { nodes, seed, flaws, manual, settings };
    config.validate().map_err(|e| LinkError::Invalid(e.to_string().trim_end_matches('.').to_string()))?;
    // Each action takes at least three bytes, so the count is bounded by
    // what is left; a huge count cannot make the page allocate.
    let count = r.small("the number of actions", (r.bytes.len() / 3) as u64)?;
    let mut actions = Vec::with_capacity(count as usize);
    let mut last = Position::default();
    for _ in 0..count {
        let step = last.step.checked_add(r.uint()?).ok_or(LinkError::Invalid("an action's moment overflows".into()))?;
        let at = last.at.checked_add(r.uint()?).ok_or(LinkError::Invalid("an action's moment overflows".into()))?;
        actions.push(Logged { step, at, action: read_action(r)? });
        last = Position { step, at };
    }
    let at = Position { step: r.uint()?, at: r.uint()? };
    let overflow = || LinkError::Invalid("the run's end overflows".into());
    let end = Position {
        step: at.step.checked_add(r.uint()?).ok_or_else(overflow)?,
        at: at.at.checked_add(r.uint()?).ok_or_else(overflow)?,
    };
    Ok(RunLink { config, actions, at, end })
}

/// Read a link made by [`encode`]. Everything is checked: the format, the
/// checksum, every field. Whether the actions replay is checked when the
/// run is built from it ([`RunLink::open`]).
pub fn decode(text: &str) -> Result<RunLink, LinkError> {
    let text = text.trim();
    // Links are plain ASCII; anything else (a stray "é", say) is not one,
    // and refusing it here keeps the byte slicing below on safe ground.
    if text.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(text.len()));
    }
    if text.is_empty() || !text.is_ascii() {
        return Err(LinkError::NotALink);
    }
    // A link cut one character after a group of four ends in a character
    // that holds no whole byte; drop it, and the checks below tell the
    // rest of the story.
    let text = if text.len() % 4 == 1 { &text[..text.len() - 1] } else { text };
    let bytes = from_base64url(text).ok_or(LinkError::NotALink)?;
    let version = *bytes.first().ok_or(LinkError::NotALink)?;
    if version != LINK_VERSION {
        // Every format ends in the checksum of all before it, so a link
        // from another version still checks out. Noise that merely starts
        // with an unknown byte ("garbage" reads as format 129) does not,
        // and saying "made by a newer version" would send people looking
        // for an upgrade that does not exist.
        let checks_out = bytes.len() >= 5 && {
            let (body, sum) = bytes.split_at(bytes.len() - 4);
            checksum(body).to_le_bytes() == sum
        };
        return Err(if checks_out { LinkError::Version(version) } else { LinkError::NotALink });
    }
    if bytes.len() < 5 {
        return Err(LinkError::Truncated);
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    let mut reader = Reader { bytes: body, at: 1 };
    let sum_ok = checksum(body).to_le_bytes() == sum;
    // A link cut short usually fails to parse before its checksum is even
    // reached; say "cut short" then, which is the likelier story.
    let run = read_run(&mut reader);
    if !sum_ok {
        return Err(match run {
            Err(LinkError::Truncated) => LinkError::Truncated,
            _ => LinkError::Tampered,
        });
    }
    let run = run?;
    if reader.at != body.len() {
        return invalid("it has bytes after the end of the run");
    }
    run.check().map_err(LinkError::Invalid)?;
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..40u8 {
            let bytes: Vec<u8> = (0..len).map(|i| i.wrapping_mul(37).wrapping_add(len)).collect();
            let text = base64url(&bytes);
            assert!(text.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
            assert_eq!(from_base64url(&text), Some(bytes));
        }
        assert_eq!(from_base64url("a"), None, "one character cannot hold a byte");
        assert_eq!(from_base64url("ab+c"), None, "only the URL-safe alphabet");
    }

    #[test]
    fn varints_round_trip_at_the_edges() {
        for n in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX - 1, u64::MAX] {
            let mut w = Writer::default();
            w.uint(n);
            let mut r = Reader { bytes: &w.0, at: 0 };
            assert_eq!(r.uint(), Ok(n));
        }
        // Ten bytes whose last carries more than the 64th bit.
        let mut r = Reader { bytes: &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], at: 0 };
        assert!(r.uint().is_err());
    }

    #[test]
    fn probabilities_keep_their_exact_value() {
        for p in [0.0, 0.05, 0.3, 1.0, 0.123_456_789, 1.0 / 3.0] {
            let mut w = Writer::default();
            w.probability(p);
            let mut r = Reader { bytes: &w.0, at: 0 };
            assert_eq!(r.probability().map(f64::to_bits), Ok(p.to_bits()), "{p}");
        }
    }

    #[test]
    fn each_flaw_keeps_its_number_in_links() {
        // Links already sent depend on these numbers, whatever order
        // `Flaw::ALL` lists the flaws in.
        let codes: Vec<(Flaw, u8)> = Flaw::ALL.into_iter().map(|f| (f, flaw_code(f))).collect();
        assert_eq!(
            codes,
            [
                (Flaw::Amnesia, 0),
                (Flaw::IgnorePrior, 1),
                (Flaw::SharedBallots, 2),
                (Flaw::AcceptAnything, 3),
                (Flaw::MinorityQuorum, 4),
                (Flaw::CountDuplicates, 5),
            ]
        );
        for (flaw, code) in codes {
            assert_eq!(flaw_of(code), Some(flaw));
        }
        assert_eq!(flaw_of(6), None);
    }
}
