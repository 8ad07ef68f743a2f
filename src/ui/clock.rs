//! The page's clock: simulation ticks as a function of the browser's time.
//!
//! While playing, the tick shown is `base_tick + (ms − base_ms) × speed`,
//! where `ms` is the browser's own animation time. The frame loop uses this
//! only to ask "is the next event due yet?", and each message's Web
//! Animation is pinned to the same line through its start time and playback
//! rate, so the browser moves the messages by itself, exactly in step with
//! the simulation, without Rust or Yew running each frame. The clock is
//! re-based only when the user changes something about time (play, pause,
//! speed, seek) or when a hidden tab comes back; then every animation is
//! set again from the same formula.

use web_sys::Animation;

/// Where the page's time stands: a line through `(base_ms, base_tick)` with
/// slope `speed` while playing, or the fixed tick `base_tick` while paused.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Clock {
    /// The tick at browser time `base_ms`.
    pub base_tick: f64,
    /// Browser time, in ms since the page's time origin.
    pub base_ms: f64,
    /// Ticks per millisecond of browser time.
    pub speed: f64,
    /// Whether time moves.
    pub playing: bool,
}

impl Clock {
    /// A paused clock at `tick`.
    pub fn paused(tick: u64, speed: f64) -> Clock {
        Clock { base_tick: tick as f64, base_ms: now_ms(), speed, playing: false }
    }

    /// A clock that runs from `tick`, starting now.
    pub fn running(tick: u64, speed: f64) -> Clock {
        Clock { base_tick: tick as f64, base_ms: now_ms(), speed, playing: true }
    }

    /// The same clock, playing or paused at `tick` from now on.
    pub fn rebased(self, tick: u64, playing: bool) -> Clock {
        Clock { base_tick: tick as f64, base_ms: now_ms(), playing, ..self }
    }

    /// The tick at browser time `ms`.
    pub fn tick_at(&self, ms: f64) -> f64 {
        if self.playing {
            self.base_tick + (ms - self.base_ms).max(0.0) * self.speed
        } else {
            self.base_tick
        }
    }

    /// The tick right now.
    pub fn tick(&self) -> u64 {
        self.tick_at(now_ms()) as u64
    }

    /// Make `animation`, whose own time 0 is tick `start`, show this
    /// clock's moment and, while playing, follow it. Animation time is
    /// measured in ticks; the playback rate turns ticks into ms.
    pub fn drive(&self, animation: &Animation, start: u64) {
        let offset = self.base_tick - start as f64;
        if self.playing && self.speed > 0.0 {
            animation.set_playback_rate(self.speed);
            // currentTime = (ms − startTime) × speed = tick(ms) − start.
            animation.set_start_time(Some(self.base_ms - offset / self.speed));
        } else {
            // Pausing a finished animation cannot fail; nothing to report.
            let _ = animation.pause();
            animation.set_current_time(Some(offset));
        }
    }
}

/// The browser's time, in ms since the page's time origin: the same time
/// line as animation frames and the document's animation timeline.
pub fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}
