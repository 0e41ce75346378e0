//! The app's clock: the wall clock, or for `--simulate-from` a shifted one (and with `--simulate-speed`, a faster
//! one), so that a demo or a test runs the app's own loop on any day.

use std::time::Instant;

use chrono::{DateTime, Duration, Utc};

/// The wall clock, possibly shifted (and sped up) for demos and tests.
pub(super) struct Clock {
    pub(super) offset: Duration,
    /// `--simulate-speed`: from `started` on, the clock runs this many times faster than real time.
    pub(super) speed: u32,
    started: (Instant, DateTime<Utc>),
}

impl Clock {
    pub(super) fn new(simulate_from: Option<DateTime<Utc>>, speed: u32) -> Clock {
        let offset = simulate_from.map_or(Duration::zero(), |from| from - Utc::now());
        Clock { offset, speed: speed.max(1), started: (Instant::now(), Utc::now() + offset) }
    }

    pub(super) fn now(&self) -> DateTime<Utc> {
        if self.speed == 1 {
            return Utc::now() + self.offset;
        }
        let elapsed = Duration::from_std(self.started.0.elapsed() * self.speed).unwrap_or(Duration::MAX);
        self.started.1 + elapsed
    }

    /// How long the loop really waits for `wait` to pass on this clock.
    pub(super) fn real(&self, wait: Duration) -> std::time::Duration {
        wait.to_std().unwrap_or_default() / self.speed
    }
}
