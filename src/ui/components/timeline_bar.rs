//! The time controls under the cluster: play and pause, one event back or
//! forward, the speed, back to live, and a bar that spans the whole run.
//!
//! The bar is a slider named "Timeline". Dragging or clicking it shows the
//! run as it was at that moment; with focus, the arrow keys step one event
//! back or forward, Page Up and Page Down jump a second, and Home and End
//! go to the start and to the end. Marks on it show where values were
//! chosen, where safety broke, and where each action happened; Shift with
//! an arrow goes to the previous or next mark, and the slider's value says
//! what the mark it stands on marks. On a touch screen a finger drags the
//! bar only along it: one that moves up or down scrolls the page.
//!
//! Plain functions: the bar changes with every event anyway, and the marks
//! sit at `--at / --end` of its width, so the page builds their markup
//! only when a mark is added (see [`marks`]), not when the run grows.

use crate::ui::model::{seconds, Msg, Notice, PAGE_TICKS, SPEEDS};
use crate::ui::url::speed_name;
use crate::ui::view::BarMark;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::Element;
use web_sys::HtmlInputElement;
use yew::prelude::*;

thread_local! {
    /// Where a finger came down on the bar, and whether it has since moved
    /// along it: a touch seeks only once it is a drag along the bar or a
    /// tap. Seeking where it landed, a thumb that scrolled the page from
    /// the bar (at a phone's bottom edge, where thumbs scroll from) moved
    /// the run back seconds.
    static TOUCH: Cell<Option<(i32, i32, bool)>> = const { Cell::new(None) };
}

/// How far, in CSS pixels, a finger must move along the bar before it
/// drags it.
const TOUCH_SLOP: i32 = 8;

/// What the time controls show.
pub struct TimelineBarParts<'a> {
    /// The cursor's tick.
    pub now: u64,
    /// The last tick of the run.
    pub end: u64,
    /// Events processed at the cursor (moves, in a run of moves).
    pub step: u64,
    /// Events processed at the cursor by the simulator's own count, even in
    /// a run of moves: the count the marks are placed by.
    pub done: u64,
    /// Events in the whole run (moves, in a run of moves).
    pub steps: u64,
    /// Whether the run goes by moves, not events: a model checker's
    /// counterexample, where each step is one move a second apart and the
    /// simulator's own event count stands still.
    pub moves: bool,
    /// Whether the cursor is at the end of the run.
    pub live: bool,
    /// Whether the cursor is at the run's very start, where Back has
    /// nothing to do. (Not "no event yet": an action half a second in is a
    /// moment Back can leave before the first event.)
    pub at_start: bool,
    /// Whether the clock runs.
    pub playing: bool,
    /// Whether nothing is left to happen: a live run stands still until
    /// the user acts. The bar says so, and Step has nothing to do.
    pub at_end: bool,
    /// The speed, as an index into [`SPEEDS`].
    pub speed: usize,
    /// The marks, from [`marks`].
    pub marks: &'a BarMarks,
    /// The newest line of the event log, shown in the bar on phones, where
    /// the log itself is a long way down the page.
    pub latest: Option<Rc<str>>,
    /// In an embed, or with a scenario shown, Page Down and Page Up go
    /// forward and back even on the timeline: they are a presenter's
    /// clicker, which must not run backwards once the timeline has the
    /// focus.
    pub clicker: bool,
    /// Draw the eye to Play: something done while paused waits for it.
    pub nudge: bool,
    /// A locked embed: its readers cannot propose, crash or restart, so
    /// the end of its run waits for nothing.
    pub locked: bool,
    /// Where user actions go.
    pub on_action: &'a Callback<Msg>,
}

/// What the end of a live run waits for.
const END_TITLE: &str = "Nothing is left to happen until you propose, crash or restart a node, or start a new round";
/// The end of a run in a locked embed, which waits for nothing.
const END_LOCKED: &str = "Nothing more happens in this run";

/// The run's marks, and their markup.
pub struct BarMarks {
    /// The marks, actions first, then what was found (see
    /// [`crate::ui::view::bar_marks`]).
    pub list: Vec<BarMark>,
    /// Their markup, over the whole run.
    pub drawn: Html,
}

impl BarMarks {
    /// What the marks at the cursor (at tick `tick`, after `done` of the
    /// simulator's events) mark, joined: the words a screen reader hears on
    /// reaching the mark, which the eye gets from its tooltip.
    fn at(&self, tick: u64, done: u64) -> String {
        // A mark of one event (a choice, a break) is reached with it, not
        // with its tick: stepping through a busy tick said "“apple” is
        // chosen" events before the acceptance that chose it.
        let reached = |m: &&BarMark| m.at == tick && m.exact.is_none_or(|p| done >= p.step);
        let here: Vec<&str> = self.list.iter().filter(reached).map(|m| m.what.as_str()).collect();
        here.join("; ")
    }

    /// Where the nearest mark after `tick`, or before it, takes the
    /// timeline: to the very event it marks, if it marks one (of several
    /// marks at one tick, the first such), else to its tick.
    fn beside(&self, tick: u64, forward: bool) -> Option<Msg> {
        let near = |m: &&BarMark| if forward { m.at > tick } else { m.at < tick };
        let at = if forward {
            self.list.iter().filter(near).map(|m| m.at).min()
        } else {
            self.list.iter().filter(near).map(|m| m.at).max()
        }?;
        let exact = self.list.iter().filter(|m| m.at == at).filter_map(|m| m.exact).min();
        Some(exact.map_or(Msg::SeekTime(at), Msg::SeekTo))
    }
}

/// The run's marks, drawn once for as long as they stay the same.
pub fn marks(list: Vec<BarMark>) -> BarMarks {
    let drawn = html! {
        <div class="timeline__marks" aria-hidden="true">
            { for list.iter().map(|m| html! {
                <span class={classes!("timeline__mark", format!("timeline__mark--{}", m.kind))}
                    style={format!("--at:{}", m.at)} title={format!("{}: {}", seconds(m.at), m.what)} />
            }) }
        </div>
    };
    BarMarks { list, drawn }
}

/// The bar under the pointer. Not `current_target`: Yew listens once at
/// the app's root and passes events down, so that is the root, whose
/// width is the page's.
fn bar_of(e: &PointerEvent) -> Option<Element> {
    e.target()?.dyn_into::<Element>().ok()?.closest(".timeline").ok()?
}

/// The tick under the pointer, from its position on the bar.
fn tick_at(e: &PointerEvent, end: u64) -> Option<u64> {
    let bar = bar_of(e)?;
    let rect = bar.get_bounding_client_rect();
    if rect.width() <= 0.0 {
        return None;
    }
    let fraction = ((f64::from(e.client_x()) - rect.left()) / rect.width()).clamp(0.0, 1.0);
    Some((fraction * end as f64).round() as u64)
}

/// The time controls.
pub fn timeline_bar(props: TimelineBarParts<'_>) -> Html {
    let a = props.on_action;
    let (now, end) = (props.now, props.end);
    let end_title = if props.locked { END_LOCKED } else { END_TITLE };

    let play = a.reform({
        let playing = props.playing;
        move |_: MouseEvent| if playing { Msg::Pause } else { Msg::Play }
    });
    let back = a.reform(|_: MouseEvent| Msg::StepBack);
    let step = a.reform(|_: MouseEvent| Msg::Step);
    let live = a.reform(|_: MouseEvent| Msg::Live);
    // The range input only ever holds an index; anything else is ignored.
    let speed = {
        let a = a.clone();
        Callback::from(move |e: InputEvent| {
            if let Ok(k) = e.target_unchecked_into::<HtmlInputElement>().value().parse() {
                a.emit(Msg::Speed(k));
            }
        })
    };
    let speed_text = format!("{}×", speed_name(SPEEDS[props.speed.min(SPEEDS.len() - 1)]));

    let onpointerdown = {
        let a = a.clone();
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "touch" {
                TOUCH.set(Some((e.client_x(), e.client_y(), false)));
                return;
            }
            // A touch whose end never came must not make this a touch.
            TOUCH.set(None);
            if let Some(bar) = bar_of(&e) {
                // Keep receiving moves while the button is down, even off
                // the bar, so a drag feels like a slider's.
                let _ = bar.set_pointer_capture(e.pointer_id());
            }
            if let Some(tick) = tick_at(&e, end) {
                a.emit(Msg::SeekTime(tick));
            }
        })
    };
    let onpointermove = {
        let a = a.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((x, y, along)) = TOUCH.get() {
                let (dx, dy) = ((e.client_x() - x).abs(), (e.client_y() - y).abs());
                if !along && (dx < TOUCH_SLOP || dx < dy) {
                    return;
                }
                if !along {
                    TOUCH.set(Some((x, y, true)));
                    if let Some(bar) = bar_of(&e) {
                        let _ = bar.set_pointer_capture(e.pointer_id());
                    }
                }
            }
            if e.buttons() & 1 == 1 {
                if let Some(tick) = tick_at(&e, end) {
                    a.emit(Msg::SeekTime(tick));
                }
            }
        })
    };
    // A finger lifted where it landed was a tap: it seeks there, as a
    // click does.
    let onpointerup = {
        let a = a.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((_, _, false)) = TOUCH.take() {
                if let Some(tick) = tick_at(&e, end) {
                    a.emit(Msg::SeekTime(tick));
                }
            }
        })
    };
    // The browser took the touch for a scroll: nothing to seek.
    let onpointercancel = Callback::from(|_: PointerEvent| TOUCH.set(None));
    let onkeydown = {
        let a = a.clone();
        let clicker = props.clicker;
        let (before, after) = (props.marks.beside(now, false), props.marks.beside(now, true));
        Callback::from(move |e: KeyboardEvent| {
            let msg = match e.key().as_str() {
                // Shift steps from mark to mark: a keyboard's way to what
                // the eye finds on the bar. With no mark that way, it says
                // so (silent, the key seemed not to work), and the key
                // must not select the page's text.
                "ArrowLeft" | "ArrowDown" if e.shift_key() => match &before {
                    Some(msg) => msg.clone(),
                    None => Msg::Say(Notice::info("No mark before this moment on the timeline.").fleeting()),
                },
                "ArrowRight" | "ArrowUp" if e.shift_key() => match &after {
                    Some(msg) => msg.clone(),
                    None => Msg::Say(Notice::info("No mark after this moment on the timeline.").fleeting()),
                },
                // As anywhere else in a lecture: Page Down stepped (or went
                // back a second) here but went to the next moment elsewhere.
                "PageDown" if clicker => Msg::NextMoment,
                "PageUp" if clicker => Msg::PreviousMoment,
                "ArrowLeft" | "ArrowDown" => Msg::StepBack,
                "ArrowRight" | "ArrowUp" => Msg::Step,
                // Seeking to tick 0 runs its events: from the very start,
                // that went forward.
                "PageDown" if now <= PAGE_TICKS => Msg::Start,
                "PageDown" => Msg::SeekTime(now - PAGE_TICKS),
                "PageUp" => Msg::SeekTime(now.saturating_add(PAGE_TICKS).min(end)),
                "Home" => Msg::Start,
                "End" => Msg::Live,
                // Space plays and pauses here too, as anywhere on the page,
                // rather than scroll it; held down, it would flicker.
                " " if e.repeat() => return e.prevent_default(),
                " " => Msg::PlayPause,
                _ => return,
            };
            // The keys move the timeline, not the page.
            e.prevent_default();
            a.emit(msg);
        })
    };

    // Positions are left to CSS (`--now / --end` of the bar's width), so
    // the marks need not change when the run grows.
    let scale = format!("--now:{};--end:{}", now.min(end), end.max(1));
    let unit = if props.moves { "move" } else { "event" };
    let mut value_text = format!("{} of {}, {unit} {} of {}", seconds(now), seconds(end), props.step, props.steps);
    let here = props.marks.at(now, props.done);
    if !here.is_empty() {
        value_text = format!("{value_text}; here: {here}");
    }
    html! {
        <div class="transport" role="group" aria-label="Time controls">
            <button class={classes!("button", "button--primary", "transport__play",
                    props.nudge.then_some("transport__play--nudge"))}
                onclick={play} title="Play or pause (Space)" aria-label={if props.playing { "Pause" } else { "Play" }}>
                <span class="icon" aria-hidden="true">{ if props.playing { "❚❚" } else { "▶" } }</span>
                <span class="transport__play-word">{ if props.playing { "Pause" } else { "Play" } }</span>
            </button>
            // These buttons are marked, not `disabled`, where they have
            // nothing to do: a keyboard user pressing one would lose focus
            // to the page the moment it ran out.
            <button class="button transport__step" onclick={(!props.at_start).then_some(back)}
                aria-disabled={props.at_start.then_some("true")}
                aria-label="Step back" title="Go back one event (←)">
                <span aria-hidden="true">{ "◀ " }</span><span class="transport__word">{ "Back" }</span>
            </button>
            <button class="button transport__step" onclick={step} aria-label="Step"
                aria-disabled={props.at_end.then_some("true")}
                title={if props.at_end { end_title } else { "Go forward one event (→)" }}>
                <span class="transport__word">{ "Step" }</span><span aria-hidden="true">{ " ▶" }</span>
            </button>
            <label class="transport__speed">
                <span class="transport__speed-word">{ "Speed" }</span>
                <input type="range" min="0" max={(SPEEDS.len() - 1).to_string()} step="1"
                    value={props.speed.to_string()} aria-label="Speed" aria-valuetext={speed_text.clone()}
                    oninput={speed} />
                // The slider says it; as a live region, this said it again.
                <output aria-hidden="true">{ speed_text }</output>
            </label>
            <div
                class={classes!("timeline", props.live.then_some("timeline--live"))}
                style={scale}
                role="slider"
                tabindex="0"
                aria-label="Timeline"
                aria-valuemin="0"
                aria-valuemax={end.to_string()}
                aria-valuenow={now.to_string()}
                aria-valuetext={value_text}
                {onpointerdown}
                {onpointermove}
                {onpointerup}
                {onpointercancel}
                {onkeydown}
            >
                <div class="timeline__rail"><div class="timeline__past" /></div>
                { props.marks.drawn.clone() }
                <div class="timeline__thumb" />
            </div>
            <span class="transport__time" aria-hidden="true">{ format!("{} / {}", seconds(now), seconds(end)) }</span>
            <span class="transport__waiting" title={props.at_end.then_some(end_title)}>
                if props.at_end {
                    { if props.playing { "waiting for you" } else { "end of the run" } }
                }
            </span>
            if let Some(text) = &props.latest {
                // For eyes only: the log and the live region say it too.
                <p class="transport__latest" aria-hidden="true">{ text.to_string() }</p>
            }
            // A narrow embed shows only "Live"; the name stays the same.
            <button class="button transport__live" onclick={(!props.live).then_some(live)}
                aria-disabled={props.live.then_some("true")}
                aria-label="Back to live" title="Go to the end of the run">
                <span class="transport__live-long">{ "Back to live" }</span>
                <span class="transport__live-short" aria-hidden="true">{ "Live »" }</span>
            </button>
        </div>
    }
}
