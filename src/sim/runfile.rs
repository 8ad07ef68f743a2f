//! Runs as JSON files: what "Export run" writes and "Import run" reads.
//!
//! A run file has the same shape as the native [`TraceFile`](super::TraceFile)
//! (`format`, `version`, `config`, `actions`, `end`), plus `at`, the moment
//! on screen; its `events` list is empty, because a run's events follow from
//! its configuration and actions. So a counterexample saved by
//! `cargo run --example flaws` imports into the page, and an exported run
//! loads natively.
//!
//! The reader and writer are written out here rather than derived with a
//! JSON library for two reasons. The browser's own `JSON.parse` reads every
//! number as a double, which would round a 64-bit seed and replay a
//! different run; and a general JSON library would cost the size-budgeted
//! page more than this whole module. Numbers stay text until a field says
//! what they are: seeds and ticks as whole numbers, probabilities as
//! decimals read exactly (up to 15 decimal places).

use super::config::{cluster_size_refused, Settings, SimConfig, MAX_DELAY, MAX_NODES};
use super::link::{encode, RunLink, MAX_LINK_CHARS};
use super::narrate::{capitalized, grouped};
use super::trace::{Action, Logged, Position, TRACE_FORMAT, TRACE_VERSION};
use crate::paxos::{Flaw, Flaws, NodeId, NodeSet};
use std::fmt;

/// The largest file "Import run" reads.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// The longest link an imported run may make: nine tenths of the longest
/// the page opens, so that a run opened near the limit can still be acted
/// in (each action adds a few characters) and kept.
pub const IMPORT_LINK_CHARS: usize = MAX_LINK_CHARS / 10 * 9;

/// Why a file could not be read as a run.
#[derive(Clone, Debug, PartialEq)]
pub enum FileError {
    /// More than [`MAX_FILE_BYTES`].
    TooLarge(usize),
    /// The browser could not read the file at all.
    Unreadable,
    /// Nothing in it but, at most, white space.
    Empty,
    /// Not JSON at all, with where it goes wrong.
    NotJson(String),
    /// JSON, but not a Paxos Playground run.
    NotARun,
    /// A run from another version.
    Version(u64),
    /// A run, but a field is missing or impossible.
    Invalid(String),
    /// A run too long to open again: as a link (how the page keeps a run
    /// for the next visit, and shares it) it takes this many characters,
    /// more than [`IMPORT_LINK_CHARS`].
    TooLong(usize),
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::TooLarge(n) => write!(
                f,
                "This file is {} KB; the playground reads runs up to {} KB.",
                n.div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            FileError::Unreadable => write!(
                f,
                "The browser could not read this file; it may have been moved, changed or locked since it was picked."
            ),
            // Not "unexpected end at byte 0": a file saved empty, or
            // picked by mistake, is told in plain words.
            FileError::Empty => write!(f, "This file is empty: it holds no run."),
            FileError::NotJson(why) => write!(f, "This file is not readable JSON ({why})."),
            FileError::NotARun => write!(f, "This JSON file is not a Paxos Playground run."),
            FileError::Version(v) => {
                write!(f, "This run file is version {v}; this playground reads version {TRACE_VERSION}.")
            }
            FileError::Invalid(why) => write!(f, "This run file holds an impossible run. {}.", capitalized(why)),
            FileError::TooLong(chars) => write!(
                f,
                "This run is too long for the playground to keep for your next visit or to share: written as a link it takes {} characters, and the playground imports runs of up to {}.",
                grouped(*chars as u64),
                grouped(IMPORT_LINK_CHARS as u64)
            ),
        }
    }
}

impl std::error::Error for FileError {}

// ----- a small JSON reader ---------------------------------------------------

/// A JSON value; numbers are kept as their text until a field says what
/// they are.
#[derive(Clone, Debug, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(String),
    Text(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// How deep arrays and objects may nest: a run file needs four levels, and
/// a hostile file must not exhaust the stack.
const MAX_DEPTH: usize = 32;

struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn fail<T>(&self, what: &str) -> Result<T, FileError> {
        Err(FileError::NotJson(format!("{what} at byte {}", self.at)))
    }

    fn skip_space(&mut self) {
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.text[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, FileError> {
        if depth > MAX_DEPTH {
            return self.fail("nested too deeply");
        }
        self.skip_space();
        let Some(&b) = self.text.get(self.at) else { return self.fail("unexpected end") };
        match b {
            b'{' => self.object(depth),
            b'[' => self.list(depth),
            b'"' => self.string().map(Json::Text),
            b'-' | b'0'..=b'9' => self.number(),
            _ if self.eat("true") => Ok(Json::Bool(true)),
            _ if self.eat("false") => Ok(Json::Bool(false)),
            _ if self.eat("null") => Ok(Json::Null),
            _ => self.fail("unexpected character"),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, FileError> {
        self.at += 1;
        let mut fields = Vec::new();
        self.skip_space();
        if self.eat("}") {
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_space();
            if self.text.get(self.at) != Some(&b'"') {
                return self.fail("expected a field name");
            }
            let name = self.string()?;
            self.skip_space();
            if !self.eat(":") {
                return self.fail("expected ':'");
            }
            fields.push((name, self.value(depth + 1)?));
            self.skip_space();
            if self.eat("}") {
                return Ok(Json::Object(fields));
            }
            if !self.eat(",") {
                return self.fail("expected ',' or '}'");
            }
        }
    }

    fn list(&mut self, depth: usize) -> Result<Json, FileError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.eat("]") {
            return Ok(Json::List(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat("]") {
                return Ok(Json::List(items));
            }
            if !self.eat(",") {
                return self.fail("expected ',' or ']'");
            }
        }
    }

    fn number(&mut self) -> Result<Json, FileError> {
        let start = self.at;
        while self.text.get(self.at).is_some_and(|b| matches!(b, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')) {
            self.at += 1;
        }
        // The bytes are all ASCII, so this cannot fail.
        let text = std::str::from_utf8(&self.text[start..self.at]).unwrap_or_default();
        Ok(Json::Number(text.to_string()))
    }

    fn string(&mut self) -> Result<String, FileError> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let Some(&b) = self.text.get(self.at) else { return self.fail("unterminated string") };
            self.at += 1;
            match b {
                b'"' => return Ok(out),
                b'\\' => {
                    let Some(&e) = self.text.get(self.at) else { return self.fail("unterminated escape") };
                    self.at += 1;
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode()?,
                        _ => return self.fail("unknown escape"),
                    });
                }
                b if b < 0x20 => return self.fail("control character in a string"),
                _ => {
                    // Copy a whole UTF-8 character.
                    let len = match b {
                        0x00..=0x7f => 1,
                        0xc0..=0xdf => 2,
                        0xe0..=0xef => 3,
                        _ => 4,
                    };
                    let end = self.at - 1 + len;
                    let Some(bytes) = self.text.get(self.at - 1..end) else { return self.fail("cut-off character") };
                    let Ok(c) = std::str::from_utf8(bytes) else { return self.fail("invalid UTF-8") };
                    out.push_str(c);
                    self.at = end;
                }
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, FileError> {
        let Some(digits) = self.text.get(self.at..self.at + 4) else { return self.fail("cut-off \\u escape") };
        let digits = std::str::from_utf8(digits).unwrap_or("");
        let Ok(n) = u32::from_str_radix(digits, 16) else { return self.fail("bad \\u escape") };
        self.at += 4;
        Ok(n)
    }

    fn unicode(&mut self) -> Result<char, FileError> {
        let first = self.hex4()?;
        let code = if (0xd800..0xdc00).contains(&first) {
            // A surrogate pair: the second half must follow.
            if !self.eat("\\u") {
                return self.fail("lone surrogate");
            }
            let second = self.hex4()?;
            if !(0xdc00..0xe000).contains(&second) {
                return self.fail("bad surrogate pair");
            }
            0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
        } else {
            first
        };
        char::from_u32(code).map_or_else(|| self.fail("not a character"), Ok)
    }
}

fn parse(text: &str) -> Result<Json, FileError> {
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let mut p = Parser { text: text.as_bytes(), at: 0 };
    let value = p.value(0)?;
    p.skip_space();
    if p.at != p.text.len() {
        return p.fail("text after the end");
    }
    Ok(value)
}

// ----- reading a run from JSON ------------------------------------------------

fn invalid<T>(why: impl Into<String>) -> Result<T, FileError> {
    Err(FileError::Invalid(why.into()))
}

impl Json {
    fn field<'a>(&'a self, name: &str) -> Result<&'a Json, FileError> {
        match self {
            Json::Object(fields) => fields
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v)
                .ok_or(FileError::Invalid(format!("“{name}” is missing"))),
            _ => invalid(format!("expected an object with “{name}”")),
        }
    }

    fn optional(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    fn uint(&self, what: &str) -> Result<u64, FileError> {
        match self {
            Json::Number(n) => n.parse().or(invalid(format!("{what} must be a whole number, not {n}"))),
            _ => invalid(format!("{what} must be a whole number")),
        }
    }

    fn small(&self, what: &str, max: u64) -> Result<u64, FileError> {
        let n = self.uint(what)?;
        if n > max {
            return invalid(format!("{what} is {n}, above {max}"));
        }
        Ok(n)
    }

    fn node(&self, what: &str) -> Result<NodeId, FileError> {
        Ok(NodeId(self.small(what, u64::from(u8::MAX))? as u8))
    }

    fn text(&self, what: &str) -> Result<&str, FileError> {
        match self {
            Json::Text(t) => Ok(t),
            _ => invalid(format!("{what} must be text")),
        }
    }

    fn boolean(&self, what: &str) -> Result<bool, FileError> {
        match self {
            Json::Bool(b) => Ok(*b),
            _ => invalid(format!("{what} must be true or false")),
        }
    }

    fn list(&self, what: &str) -> Result<&[Json], FileError> {
        match self {
            Json::List(items) => Ok(items),
            _ => invalid(format!("{what} must be a list")),
        }
    }

    /// A probability written as a decimal, read exactly: `k / 10^d` is the
    /// nearest double to the decimal, because the division rounds once.
    fn probability(&self, what: &str) -> Result<f64, FileError> {
        let Json::Number(n) = self else { return invalid(format!("{what} must be a number")) };
        let refuse =
            || FileError::Invalid(format!("{what} must be a decimal from 0 to 1 with at most 15 decimals, not {n}"));
        let (whole, fraction) = n.split_once('.').unwrap_or((n, ""));
        let ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !ok(whole) || !ok(fraction) || fraction.len() > 15 {
            return Err(refuse());
        }
        let digits: u64 = format!("{whole}{fraction}").parse().map_err(|_| refuse())?;
        let scale = 10u64.pow(fraction.len() as u32);
        if digits > scale {
            return Err(refuse());
        }
        Ok(digits as f64 / scale as f64)
    }

    fn position(&self, what: &str) -> Result<Position, FileError> {
        Ok(Position { step: self.field("step")?.uint(what)?, at: self.field("at")?.uint(what)? })
    }
}

fn read_flaw(name: &str) -> Result<Flaw, FileError> {
    Flaw::from_name(name).ok_or(FileError::Invalid(format!("there is no flaw called “{name}”")))
}

/// A partition's side: a list of distinct node ids.
fn side(list: &Json) -> Result<NodeSet, FileError> {
    let mut side = NodeSet::EMPTY;
    for item in list.list("a partition's side")? {
        let node = item.node("a node of a partition's side")?;
        // A repeat, or an id no cluster has, would be dropped unseen.
        if !side.insert(node) {
            return invalid(format!("node {node} is named twice, or is no node, in a partition's side"));
        }
    }
    Ok(side)
}

fn read_action(a: &Json) -> Result<Action, FileError> {
    let node = |name: &str| a.field(name)?.node(name);
    let p = || a.field("p")?.probability("a probability");
    let id = || a.field("id")?.uint("a message id");
    Ok(match a.field("action")?.text("an action's kind")? {
        "propose" => Action::Propose { node: node("node")?, value: a.field("value")?.text("a value")?.to_string() },
        "crash" => Action::Crash { node: node("node")? },
        "restart" => Action::Restart { node: node("node")? },
        "set-loss" => Action::SetLoss { p: p()? },
        "set-node-failure" => Action::SetNodeFailure { node: node("node")?, p: p()? },
        "set-duplication" => Action::SetDuplication { p: p()? },
        "set-delay" => Action::SetDelay {
            min: a.field("min")?.small("a delay", u64::from(MAX_DELAY))? as u32,
            max: a.field("max")?.small("a delay", u64::from(MAX_DELAY))? as u32,
        },
        "cut" => Action::Cut { from: node("from")?, to: node("to")? },
        "heal" => Action::Heal { from: node("from")?, to: node("to")? },
        "heal-all" => Action::HealAll,
        "isolate" => Action::Isolate { node: node("node")? },
        "rejoin" => Action::Rejoin { node: node("node")? },
        "split" => Action::Split { side: side(a.field("side")?)? },
        "new-round" => Action::NewRound,
        "set-flaw" => Action::SetFlaw {
            flaw: read_flaw(a.field("flaw")?.text("a flaw")?)?,
            on: a.field("on")?.boolean("a flaw's switch")?,
        },
        "deliver" => Action::Deliver { id: id()? },
        "deliver-copy" => Action::DeliverCopy { id: id()? },
        "drop" => Action::Drop { id: id()? },
        "fire-timer" => Action::FireTimer { node: node("node")? },
        "set-node-delay" => Action::SetNodeDelay {
            node: node("node")?,
            ticks: a.field("ticks")?.small("a delay", u64::from(MAX_DELAY))? as u32,
        },
        other => return invalid(format!("there is no action called “{other}”")),
    })
}

fn read_config(c: &Json) -> Result<SimConfig, FileError> {
    let nodes = c.field("nodes")?.uint("the cluster size")?;
    // In the words `validate` uses for 0 or 26: "above 1000" for 1001 read
    // as if up to 1000 were allowed. (Checked here, as a number too big for
    // a usize must not reach the config.)
    if nodes > MAX_NODES as u64 {
        return invalid(cluster_size_refused(nodes).trim_end_matches('.'));
    }
    let nodes = nodes as usize;
    let seed = c.field("seed")?.uint("the seed")?;
    let flaws = match c.optional("flaws") {
        Some(list) => {
            list.list("the flaws")?.iter().map(|f| read_flaw(f.text("a flaw")?)).collect::<Result<Vec<_>, _>>()?
        }
        None => Vec::new(),
    };
    let manual = match c.optional("manual") {
        Some(m) => m.boolean("manual")?,
        None => false,
    };
    let s = c.field("settings")?;
    let settings = Settings {
        loss: s.field("loss")?.probability("the loss")?,
        duplication: s.field("duplication")?.probability("the duplication")?,
        delay_min: s.field("delay_min")?.small("a delay", u64::from(MAX_DELAY))? as u32,
        delay_max: s.field("delay_max")?.small("a delay", u64::from(MAX_DELAY))? as u32,
        node_failure: s
            .field("node_failure")?
            .list("the node failures")?
            .iter()
            .map(|p| p.probability("a node's failure"))
            .collect::<Result<_, _>>()?,
    };
    let config = SimConfig { nodes, seed, flaws: Flaws::from(flaws), manual, settings };
    config.validate().map_err(|e| FileError::Invalid(e.to_string().trim_end_matches('.').to_string()))?;
    Ok(config)
}

/// Read a run file. Everything in it is checked; whether its actions
/// replay is checked when the run is opened ([`RunLink::open`]).
pub fn read(text: &str) -> Result<RunLink, FileError> {
    if text.len() > MAX_FILE_BYTES {
        return Err(FileError::TooLarge(text.len()));
    }
    let json = parse(text)?;
    if json.optional("format").and_then(|f| f.text("").ok()) != Some(TRACE_FORMAT) {
        return Err(FileError::NotARun);
    }
    let version = json.field("version")?.uint("the version")?;
    if version != u64::from(TRACE_VERSION) {
        return Err(FileError::Version(version));
    }
    let config = read_config(json.field("config")?)?;
    let actions = json
        .field("actions")?
        .list("the actions")?
        .iter()
        .map(|a| {
            Ok(Logged {
                step: a.field("step")?.uint("a step")?,
                at: a.field("at")?.uint("a tick")?,
                action: read_action(a)?,
            })
        })
        .collect::<Result<Vec<_>, FileError>>()?;
    let end = json.field("end")?.position("the end")?;
    let at = match json.optional("at") {
        Some(at) => at.position("the moment")?,
        None => end,
    };
    // A file edited by hand can put its moment past its end; opened, it
    // would quietly stretch the run out to the moment.
    if at.step > end.step || at.at > end.at {
        return Err(FileError::Invalid(format!(
            "its moment (step {}, at {}) is after its end (step {}, at {})",
            at.step,
            super::narrate::seconds(at.at),
            end.step,
            super::narrate::seconds(end.at)
        )));
    }
    let run = RunLink { config, actions, at, end };
    run.check().map_err(FileError::Invalid)?;
    // A run the page opens must open again: after a reload (the page keeps
    // it as a link) and from its own Copy link. Opened, such a run was
    // lost at the next visit, and its link was refused. With room to
    // spare for what the reader then does in it.
    let chars = encode(&run.config, &run.actions, run.at, run.end).len();
    if chars > IMPORT_LINK_CHARS {
        return Err(FileError::TooLong(chars));
    }
    Ok(run)
}

// ----- writing ---------------------------------------------------------------

fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A probability as the shortest decimal (at most 15 places) that reads
/// back as the very same double, or `None` if there is none (no slider
/// makes such a value). Integer arithmetic only, so the page carries no
/// float formatting.
fn decimal(p: f64) -> Option<String> {
    (1..=15u32).find_map(|places| {
        let scale = 10u64.pow(places);
        let k = (p * scale as f64).round();
        ((0.0..=scale as f64).contains(&k) && k / scale as f64 == p).then(|| {
            let k = k as u64;
            format!("{}.{:0width$}", k / scale, k % scale, width = places as usize)
        })
    })
}

/// Why a run cannot be written to a file exactly.
#[derive(Clone, Debug, PartialEq)]
pub struct Inexact(pub f64);

impl fmt::Display for Inexact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This run uses a probability that a file cannot hold exactly (it needs more than 15 decimal places), so exporting it would change the run. Share it with Copy link instead."
        )
    }
}

fn write_action(a: &Action) -> Result<String, Inexact> {
    let node = |n: &NodeId| n.0.to_string();
    let decimal = |p: f64| decimal(p).ok_or(Inexact(p));
    Ok(match a {
        Action::Propose { node: n, value } => {
            format!("\"action\": \"propose\", \"node\": {}, \"value\": {}", node(n), quote(value))
        }
        Action::Crash { node: n } => format!("\"action\": \"crash\", \"node\": {}", node(n)),
        Action::Restart { node: n } => format!("\"action\": \"restart\", \"node\": {}", node(n)),
        Action::SetLoss { p } => format!("\"action\": \"set-loss\", \"p\": {}", decimal(*p)?),
        Action::SetNodeFailure { node: n, p } => {
            format!("\"action\": \"set-node-failure\", \"node\": {}, \"p\": {}", node(n), decimal(*p)?)
        }
        Action::SetDuplication { p } => format!("\"action\": \"set-duplication\", \"p\": {}", decimal(*p)?),
        Action::SetDelay { min, max } => format!("\"action\": \"set-delay\", \"min\": {min}, \"max\": {max}"),
        Action::Cut { from, to } => format!("\"action\": \"cut\", \"from\": {}, \"to\": {}", node(from), node(to)),
        Action::Heal { from, to } => format!("\"action\": \"heal\", \"from\": {}, \"to\": {}", node(from), node(to)),
        Action::HealAll => "\"action\": \"heal-all\"".to_string(),
        Action::Isolate { node: n } => format!("\"action\": \"isolate\", \"node\": {}", node(n)),
        Action::Rejoin { node: n } => format!("\"action\": \"rejoin\", \"node\": {}", node(n)),
        Action::Split { side } => {
            let nodes: Vec<String> = side.members().map(|n| node(&n)).collect();
            format!("\"action\": \"split\", \"side\": [{}]", nodes.join(", "))
        }
        Action::NewRound => "\"action\": \"new-round\"".to_string(),
        Action::SetFlaw { flaw, on } => {
            format!("\"action\": \"set-flaw\", \"flaw\": {}, \"on\": {on}", quote(flaw.name()))
        }
        Action::Deliver { id } => format!("\"action\": \"deliver\", \"id\": {id}"),
        Action::DeliverCopy { id } => format!("\"action\": \"deliver-copy\", \"id\": {id}"),
        Action::Drop { id } => format!("\"action\": \"drop\", \"id\": {id}"),
        Action::FireTimer { node: n } => format!("\"action\": \"fire-timer\", \"node\": {}", node(n)),
        Action::SetNodeDelay { node: n, ticks } => {
            format!("\"action\": \"set-node-delay\", \"node\": {}, \"ticks\": {ticks}", node(n))
        }
    })
}

/// The run file for `run`, as "Export run" saves it, or why it cannot be
/// written exactly.
pub fn write(run: &RunLink) -> Result<String, Inexact> {
    let c = &run.config;
    let s = &c.settings;
    let exact = |p: f64| decimal(p).ok_or(Inexact(p));
    let flaws: Vec<String> = c.flaws.iter().map(|f| quote(f.name())).collect();
    let failures: Vec<String> = s.node_failure.iter().map(|p| exact(*p)).collect::<Result<_, _>>()?;
    let actions: Vec<String> = run
        .actions
        .iter()
        .map(|l| Ok(format!("    {{ \"step\": {}, \"at\": {}, {} }}", l.step, l.at, write_action(&l.action)?)))
        .collect::<Result<_, Inexact>>()?;
    Ok(format!(
        "{{\n  \"format\": {format},\n  \"version\": {TRACE_VERSION},\n  \"config\": {{\n    \"nodes\": {nodes},\n    \"seed\": {seed},\n    \
         \"flaws\": [{flaws}],\n    \"manual\": {manual},\n    \"settings\": {{\n      \"loss\": {loss},\n      \"duplication\": {dup},\n      \
         \"delay_min\": {dmin},\n      \"delay_max\": {dmax},\n      \"node_failure\": [{failures}]\n    }}\n  }},\n  \"actions\": [{nl}{actions}{nl2}],\n  \
         \"at\": {{ \"step\": {at_step}, \"at\": {at_at} }},\n  \"end\": {{ \"step\": {end_step}, \"at\": {end_at} }},\n  \"events\": []\n}}\n",
        format = quote(TRACE_FORMAT),
        nodes = c.nodes,
        seed = c.seed,
        flaws = flaws.join(", "),
        manual = c.manual,
        loss = exact(s.loss)?,
        dup = exact(s.duplication)?,
        dmin = s.delay_min,
        dmax = s.delay_max,
        failures = failures.join(", "),
        nl = if actions.is_empty() { "" } else { "\n" },
        actions = actions.join(",\n"),
        nl2 = if actions.is_empty() { "" } else { "\n  " },
        at_step = run.at.step,
        at_at = run.at.at,
        end_step = run.end.step,
        end_at = run.end.at,
    ))
}
