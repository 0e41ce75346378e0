//! What tells the app at once that the wall clock may have moved under it: the PC woke from sleep, or its clock
//! was set. Each becomes one [`Wake`] for the loop, which reads the clock and shows what is due now (the notice log
//! keeps it to once). The loop's own re-check at least once a minute stays the safety net; no source here wakes
//! the app while nothing happens.
//!
//! Linux: logind's `PrepareForSleep(false)` on the system bus, and a `timerfd` on `CLOCK_REALTIME` with
//! `TFD_TIMER_CANCEL_ON_SET` (the kernel cancels it when the clock is set), on one thread of their own with a small
//! tokio runtime that sleeps in epoll. Windows: `WM_POWERBROADCAST` (`PBT_APMRESUMEAUTOMATIC`,
//! `PBT_APMRESUMESUSPEND`) and `WM_TIMECHANGE` to a hidden top-level window of the loop's thread. macOS: the minute's
//! re-check only.

#[cfg_attr(target_os = "linux", path = "wake/linux.rs")]
#[cfg_attr(target_os = "windows", path = "wake/windows.rs")]
#[cfg_attr(not(any(target_os = "linux", target_os = "windows")), path = "wake/other.rs")]
mod backend;

/// Why the clock must be read again now. Each platform constructs only its own kinds.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// The PC woke from sleep or hibernation.
    Resumed,
    /// The wall clock was set (by hand, by a time server, by a time zone change).
    ClockSet,
}

impl Wake {
    pub fn describe(self) -> &'static str {
        match self {
            Wake::Resumed => "the PC woke from sleep",
            Wake::ClockSet => "the clock was set",
        }
    }
}

/// Starts watching (on the thread that runs the event loop); `on_wake` is called for each wake or clock change.
pub fn watch(on_wake: impl Fn(Wake) + Send + Sync + 'static) {
    backend::watch(Box::new(on_wake));
}
