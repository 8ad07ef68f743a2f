//! Starting options from the page address, for links in course notes:
//! `?nodes=7&seed=3&loss=30&dup=10&speed=2&paused=1`.
//!
//! A bad parameter never stops the page: it is ignored, and the page says
//! which one and why.

use super::model::{parse_seed, Start, SPEEDS};
use crate::sim::MAX_NODES;

/// Read `pairs` (name, value) into starting options, collecting a sentence
/// for each parameter that had to be ignored.
pub fn parse(pairs: &[(String, String)]) -> (Start, Vec<String>) {
    let mut start = Start::default();
    let mut problems = Vec::new();
    for (name, value) in pairs {
        let value = value.trim();
        match name.as_str() {
            "seed" => match parse_seed(value) {
                Ok(seed) => start.seed = seed,
                Err(why) => problems.push(format!("Ignored seed={value}: {why}")),
            },
            "nodes" => match value.parse::<usize>() {
                Ok(n) if (1..=MAX_NODES).contains(&n) => start.nodes = n,
                _ => problems.push(format!("Ignored nodes={value}: use a whole number from 1 to {MAX_NODES}.")),
            },
            "loss" | "dup" => match value.parse::<u32>() {
                Ok(pct) if pct <= 100 => {
                    let p = f64::from(pct) / 100.0;
                    if name == "loss" {
                        start.loss = p;
                    } else {
                        start.duplication = p;
                    }
                }
                _ => problems.push(format!("Ignored {name}={value}: use a percentage from 0 to 100.")),
            },
            "speed" => match SPEEDS.iter().position(|s| speed_name(*s) == value) {
                Some(i) => start.speed = i,
                None => {
                    problems.push(format!("Ignored speed={value}: use one of {}.", SPEEDS.map(speed_name).join(", ")))
                }
            },
            "paused" => match value {
                "" | "1" | "true" | "yes" => start.playing = false,
                "0" | "false" | "no" => start.playing = true,
                _ => problems.push(format!("Ignored paused={value}: use 1 or 0.")),
            },
            _ => problems.push(format!("Ignored unknown parameter “{name}”.")),
        }
    }
    (start, problems)
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

/// The current page's query parameters, decoded.
pub fn current() -> Vec<(String, String)> {
    let search = gloo::utils::window().location().search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else { return Vec::new() };
    let mut pairs = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&params.entries()) {
        for entry in entries.flatten() {
            let entry = js_sys::Array::from(&entry);
            pairs.push((entry.get(0).as_string().unwrap_or_default(), entry.get(1).as_string().unwrap_or_default()));
        }
    }
    pairs
}
