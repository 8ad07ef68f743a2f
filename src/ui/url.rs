//! What the page's address asks for.
//!
//! The query sets a fresh run's options (`?nodes=7&seed=3&loss=30&dup=10&
//! speed=2&paused=1`), the embed options (`embed=1`, `controls=locked`,
//! `log=0`) and the colours (`theme=light`, `dark` or `auto`). The
//! fragment opens a whole run: `#run=<link>` (see
//! [`crate::sim::link`]) or `#scenario=<name>`.
//!
//! A bad parameter never stops the page: it is ignored, and the page says
//! which one and why. Parameters the page does not know are ignored
//! silently, because course sites add their own.

use super::model::{parse_seed, Start, SPEEDS};
use crate::sim::diagram::xml;
use crate::sim::scenarios::Scenario;
use crate::sim::{from_percent, MAX_NODES};

/// How the page is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Embed {
    /// The compact view for an iframe: the cluster, the time controls and
    /// a link to the full playground.
    pub on: bool,
    /// Only play, step and the timeline: no proposing, crashing or sliders.
    pub locked: bool,
    /// Hide the event log.
    pub no_log: bool,
}

/// What the fragment asks to open.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Opening {
    /// Nothing: a fresh run (or the last one, kept in the browser).
    #[default]
    Fresh,
    /// A shared run, and the scenario it is, if the link says so.
    Run(String, Option<String>),
    /// A prepared scenario, by name.
    Scenario(String),
}

/// Everything the address asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Request {
    /// Options for a fresh run.
    pub start: Start,
    /// The embed options.
    pub embed: Embed,
    /// `light` or `dark` to pin the colours (an embed in light course
    /// notes), or none to follow the reader's system.
    pub theme: Option<&'static str>,
    /// A run or scenario to open.
    pub opening: Opening,
    /// Whether the query set any run option (these win over a kept run).
    pub has_options: bool,
    /// The run options (`nodes=7`…) a shared run or a scenario overrides:
    /// the page names them once it has opened that run.
    pub overridden: Vec<String>,
    /// What was wrong with those options, said only if the run or scenario
    /// cannot be opened and a fresh run with the options starts instead.
    pub if_fresh: Vec<String>,
}

/// The most characters of a value a notice quotes.
const QUOTED: usize = 24;

/// `value` as a notice quotes it: whole if short, else its start and "…".
fn brief(value: &str) -> String {
    let cut = match value.char_indices().nth(QUOTED) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    };
    // Characters that draw nothing, or turn the text around them, are
    // named: "Ignored nodes=5" was said of `nodes=<U+202E>5`, and the
    // reader saw a good 5 refused.
    cut.chars()
        .map(|c| {
            let hidden = c.is_control() || crate::sim::turns_text(c) || crate::sim::hides(c);
            if hidden {
                format!("‹U+{:04X}›", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// `value` as a flag (`shown` as a notice quotes it).
fn flag(name: &str, value: &str, shown: &str, problems: &mut Vec<String>) -> Option<bool> {
    match value {
        "" | "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => {
            problems.push(format!("Ignored {name}={shown}: use 1 or 0."));
            None
        }
    }
}

/// The query parameters that set a fresh run's options.
const RUN_OPTIONS: [&str; 6] = ["seed", "nodes", "loss", "dup", "speed", "paused"];

/// The options a shared run or a scenario sets itself.
const OWN_OPTIONS: [&str; 4] = ["seed", "nodes", "loss", "dup"];

/// An option's name as a person may type or paste it: in any case, with
/// spaces around it, and with the `amp;` an embed code's `&amp;` leaves
/// when its address is pasted as it stands (the lock and `log=0` were
/// dropped without a word).
fn option_name(raw: &str) -> String {
    let name = js_sys::decode_uri_component(raw).map_or_else(|_| raw.to_string(), String::from);
    let mut name = name.trim().to_ascii_lowercase();
    while let Some(rest) = name.strip_prefix("amp;") {
        name = rest.to_string();
    }
    name
}

/// A scenario's name as a person may type or paste it: "Value recovery",
/// `value_recovery`, or with the full stop of the sentence it ended.
/// A name that is no scenario's stays as typed, for the notice to quote.
fn scenario_name(raw: &str) -> String {
    let name = js_sys::decode_uri_component(raw).map_or_else(|_| raw.to_string(), String::from);
    // ASCII only: Unicode's case and letter tables cost 10 KB of wasm.
    let typed = name.trim().to_ascii_lowercase();
    let words = typed
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .split(|c: char| c.is_whitespace() || c == '_' || c == '-');
    let joined = words.filter(|w| !w.is_empty()).collect::<Vec<_>>().join("-");
    if Scenario::named(&joined).is_some() {
        joined
    } else {
        typed
    }
}

/// Read query `pairs` (name, value) and the `fragment` (without its `#`),
/// collecting a sentence for each parameter that had to be ignored.
pub fn parse(pairs: &[(String, String)], fragment: &str) -> (Request, Vec<String>) {
    let mut request = Request::default();
    let mut problems = Vec::new();
    // Fragment keys the page does not take, as quoted.
    let mut unknown: Vec<String> = Vec::new();
    // The fragment holds `run=<link>` or `scenario=<name>` and `&`-joined
    // extras, in any order (a link's own alphabet has no `&`): the
    // scenario a run came from, and the embed options, which a teacher
    // turning a copied link into an embed adds at its end or its start
    // rather than in the query.
    let mut run = None;
    let mut scenario = None;
    let mut extras = Vec::new();
    // A run or scenario put after `?` by mistake is read as if after `#`.
    let misplaced = (pairs.iter())
        .filter(|(name, _)| matches!(option_name(name).as_str(), "run" | "scenario"))
        .map(|(name, value)| format!("{}={value}", option_name(name)));
    let parts: Vec<String> = fragment.trim_start_matches('#').split('&').map(String::from).chain(misplaced).collect();
    for part in &parts {
        let part = part.as_str();
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        // The part after # is the page's own (a course site's parameters go
        // in the query), so its keys are read as a person may type them.
        let key = option_name(key);
        match (key.as_str(), value) {
            // Anywhere: a teacher may well write `#embed=1&run=…`. A run's
            // own text has no `&`, so every part is whole.
            ("run", link) => {
                // Pasted from a chat or a sentence, a link picks up what
                // ends it: a full stop, a bracket, a space (`%20`), a line
                // break. None can be in a link's own alphabet, so at its
                // end they are dropped; anything else is for the decoder
                // to judge.
                let link = js_sys::decode_uri_component(link).map_or_else(|_| link.to_string(), String::from);
                // A link wrapped over two lines of an email and joined
                // again holds a space or a line break: none is its own.
                let link: String = link.chars().filter(|c| !c.is_whitespace()).collect();
                let link = link.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
                let earlier = run.replace(link.to_string());
                if earlier.is_some() {
                    problems.push("The address holds more than one run; the last one is used.".to_string());
                }
            }
            ("scenario", name) => {
                // As a person types or pastes it: "Happy-Path", or a space
                // carried along from the end of a sentence.
                let earlier = scenario.replace(scenario_name(name));
                if earlier.is_some() {
                    problems.push("The address names more than one scenario; the last one is used.".to_string());
                }
            }
            (name @ ("embed" | "controls" | "log" | "theme"), value) => {
                extras.push((name.to_string(), value.to_string()))
            }
            ("", "") => {}
            // A scenario's bare name: `#value-recovery`.
            (name, "") if Scenario::named(&scenario_name(name)).is_some() => {
                if scenario.replace(scenario_name(name)).is_some() {
                    problems.push("The address names more than one scenario; the last one is used.".to_string());
                }
            }
            // Said, not skipped: a teacher's typo (`#scenarios=…`) opened
            // the default page with no word of why.
            _ => unknown.push(format!("“#{}”", brief(part))),
        }
    }
    // In one sentence: five unknown keys made a notice of five, 23 lines tall.
    if !unknown.is_empty() {
        problems.push(format!(
            "Ignored {}: after # the address takes run=, scenario=, embed=, controls=, log= and theme=.",
            unknown.join(", ")
        ));
    }
    request.opening = match (run, scenario) {
        (Some(link), named) => Opening::Run(link, named),
        (None, Some(name)) => Opening::Scenario(name),
        (None, None) => Opening::Fresh,
    };
    let opens_a_run = request.opening != Opening::Fresh;
    // The page's options given so far: one given twice is said, as the
    // fragment's second run or scenario is (`?nodes=3&nodes=7` silently
    // made 7 nodes).
    let mut given: Vec<&str> = Vec::new();
    let pairs: Vec<(String, String)> = pairs.iter().map(|(name, value)| (option_name(name), value.clone())).collect();
    for (name, value) in pairs.iter().chain(&extras) {
        if RUN_OPTIONS.contains(&name.as_str()) || ["embed", "controls", "log", "theme"].contains(&name.as_str()) {
            if given.contains(&name.as_str()) {
                problems.push(format!("The address gives {name}= more than once; the last one is used."));
            }
            given.push(name);
        }
        let value = value.trim();
        // As the notices quote it: a value pasted thousands of characters
        // long made a notice taller than the page.
        let shown = brief(value);
        let refusals = problems.len() + request.if_fresh.len();
        let start = &mut request.start;
        // A shared run or a scenario brings its own cluster, seed and
        // network: these options matter only if it cannot be opened.
        let sink = if opens_a_run && OWN_OPTIONS.contains(&name.as_str()) {
            request.overridden.push(format!("{name}={shown}"));
            &mut request.if_fresh
        } else {
            &mut problems
        };
        match name.as_str() {
            "seed" => match parse_seed(value) {
                Ok(seed) => start.seed = seed,
                Err(why) => sink.push(format!("Ignored seed={shown}. {why}")),
            },
            "nodes" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_NODES).contains(&n) => start.nodes = n,
                _ => sink.push(format!("Ignored nodes={shown}: use a whole number from 1 to {MAX_NODES}.")),
            },
            "loss" | "dup" => match value.parse::<u32>() {
                Ok(pct) if pct <= 100 => {
                    let p = from_percent(pct);
                    if name == "loss" {
                        start.loss = p;
                    } else {
                        start.duplication = p;
                    }
                }
                _ => sink.push(format!("Ignored {name}={shown}: use a whole percentage from 0 to 100, such as 30.")),
            },
            "speed" => match SPEEDS.iter().position(|s| speed_name(*s) == value) {
                Some(i) => start.speed = i,
                None => sink.push(format!("Ignored speed={shown}: use one of {}.", SPEEDS.map(speed_name).join(", "))),
            },
            "paused" => {
                if let Some(on) = flag(name, value, &shown, sink) {
                    start.playing = !on;
                }
            }
            "embed" => {
                if let Some(on) = flag(name, value, &shown, sink) {
                    request.embed.on = on;
                }
            }
            "controls" => match value {
                "locked" => request.embed.locked = true,
                "full" | "" => request.embed.locked = false,
                _ => sink.push(format!("Ignored controls={shown}: use locked or full.")),
            },
            "log" => {
                if let Some(on) = flag(name, value, &shown, sink) {
                    request.embed.no_log = !on;
                }
            }
            "theme" => match value.to_ascii_lowercase().as_str() {
                "light" => request.theme = Some("light"),
                "dark" => request.theme = Some("dark"),
                "auto" | "" => request.theme = None,
                _ => sink.push(format!("Ignored theme={shown}: use light, dark or auto.")),
            },
            // Not ours: a course site's own parameter.
            _ => {}
        }
        // Only an option taken makes a page of options: one ignored (a
        // typo, `nodes=0`) left the kept run unopened, and the reader's
        // next click wrote the fresh run over it.
        let taken = problems.len() + request.if_fresh.len() == refusals;
        request.has_options |= taken && RUN_OPTIONS.contains(&name.as_str());
    }
    if !request.embed.on && (request.embed.locked || request.embed.no_log) {
        // Said, not silently ignored: the teacher meant something by it.
        let given = match (request.embed.locked, request.embed.no_log) {
            (true, true) => "controls=locked and log=0 change",
            (true, false) => "controls=locked changes",
            _ => "log=0 changes",
        };
        problems.push(format!("{given} an embed only: add embed=1 to use it."));
    }
    if request.embed.on && request.embed.locked && !opens_a_run {
        // Locked, a fresh run can never start: tell the teacher setting
        // the embed up, who would otherwise see idle cards and a dead page.
        problems.push(
            "Locked, with no run to show: nothing will happen here. Add #scenario=happy-path (or \
             another scenario) or a share link's #run=… to this embed's address."
                .to_string(),
        );
    }
    (request, problems)
}

/// A speed as written in URLs and on the slider: `0.25`, `1`, `4`…
pub fn speed_name(speed: f64) -> String {
    // Integer arithmetic only: the page carries no float formatting.
    let quarters = (speed * 4.0).round() as u32;
    match quarters % 4 {
        0 => format!("{}", quarters / 4),
        2 => format!("{}.5", quarters / 4),
        q => format!("{}.{}", quarters / 4, q * 25),
    }
}

/// The current page's query parameters, decoded, and its fragment.
pub fn current() -> (Vec<(String, String)>, String) {
    let location = gloo::utils::window().location();
    let search = location.search().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let mut pairs = Vec::new();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) {
        if let Ok(Some(entries)) = js_sys::try_iter(&params.entries()) {
            for entry in entries.flatten() {
                let entry = js_sys::Array::from(&entry);
                pairs
                    .push((entry.get(0).as_string().unwrap_or_default(), entry.get(1).as_string().unwrap_or_default()));
            }
        }
    }
    (pairs, hash)
}

/// Drop the run the page's address names (its fragment) and the options
/// it opened with (`RUN_OPTIONS`), so that a reload opens the reader's
/// own run instead; a theme (moved from the fragment to the query if it
/// was there), and a course site's own parameters, stay. It replaces the
/// history entry rather than adding one, and loads nothing (no
/// `hashchange`). Never called in an embed, which must not touch its
/// host's history.
pub fn clear_address() {
    let window = gloo::utils::window();
    let location = window.location();
    let mut here = location.pathname().unwrap_or_default();
    if let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) {
        // As `parse` reads them: in any case, with an `amp;` before them,
        // and a run or scenario put after `?`.
        for (name, _) in current().0 {
            let option = option_name(&name);
            if RUN_OPTIONS.contains(&option.as_str()) || option == "run" || option == "scenario" {
                params.delete(&name);
            }
        }
        let fragment = location.hash().unwrap_or_default();
        // In any case, as `parse` reads the fragment's keys.
        let theme = fragment
            .trim_start_matches('#')
            .split('&')
            .find_map(|part| part.split_once('=').filter(|(key, _)| key.trim().eq_ignore_ascii_case("theme")))
            .map(|(_, value)| value);
        if let (Some(theme), false) = (theme, params.has("theme")) {
            params.append("theme", theme);
        }
        let rest = String::from(params.to_string());
        if !rest.is_empty() {
            here.push('?');
            here.push_str(&rest);
        }
    }
    set_address(&here);
}

/// The page's whole address, as [`set_address`] takes it.
pub fn here() -> String {
    gloo::utils::window().location().href().unwrap_or_default()
}

/// Put `address` in the address bar, replacing the history entry and
/// loading nothing: to drop what no longer names the run on screen, or to
/// name again (with one [`here`] read earlier) the run the page opened.
pub fn set_address(address: &str) {
    if let Ok(history) = gloo::utils::window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address));
    }
}

/// The size, in CSS pixels, of the frame the embed code makes: the one
/// the README's snippet and its example page use.
pub const EMBED_FRAME: (u32, u32) = (720, 480);

/// The HTML that shows `link` (see [`full_playground`]) as a locked embed
/// in a course page: an `<iframe>` of the embed's usual size, titled by
/// the scenario it came from, if any, else by `named` (a rule's demo):
/// three figures on one page, all titled "Paxos Playground", could not be
/// told apart by a screen reader.
pub fn embed_code(link: &str, scenario: Option<&Scenario>, named: Option<&str>) -> String {
    // The embed options in the query, as the README's snippet has them.
    // Locked: course notes show a run to watch, and a reader's stray click
    // on Crash would fork it away from what the text beside it says.
    let src = full_playground(link, scenario.map(|s| s.name)).replacen('#', "?embed=1&controls=locked#", 1);
    let title = match scenario.map(|s| s.title).or(named) {
        Some(name) => format!("Paxos Playground: {name}"),
        None => String::from("Paxos Playground"),
    };
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"{}\" height=\"{}\" loading=\"lazy\" style=\"border:0; max-width:100%\"></iframe>",
        xml(&src),
        xml(&title),
        EMBED_FRAME.0,
        EMBED_FRAME.1
    )
}

/// The address of the full playground showing `link`: this page without
/// its query (so no embed options) and with `#run=<link>`, then
/// `&scenario=<name>` if the run is that prepared scenario, so the page
/// that opens it shows the scenario's text too.
pub fn full_playground(link: &str, scenario: Option<&str>) -> String {
    let location = gloo::utils::window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    match scenario {
        Some(name) => format!("{origin}{path}#run={link}&scenario={name}"),
        None => format!("{origin}{path}#run={link}"),
    }
}
