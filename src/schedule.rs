//! The schedule engine: which notices fall due, what state we are in, and when anything changes next.
//!
//! Everything here takes `now` as a parameter.
//! The shell reads the clock once per wake, calls [`step`], shows what it returns, persists the [`NoticeLog`],
//! and sleeps until [`Schedule::next_change`] (capped at a minute, because sleep and clock changes fool timers).
//!
//! The rules that make a notice appear exactly once, and only when it is true:
//! - every notice has a key (window id, kind, instant); a key in the log is never shown again, also across restarts;
//! - after a gap (sleep, power off, a clock jump forward) only the latest notice of each window is shown, the one that describes the present;
//!   the skipped ones are marked as shown so that they never surface later;
//! - a clock that jumps backwards shows nothing until it passes an instant that was not yet shown (the keys say so);
//! - a window added by a config edit after its lead time shows the notice that describes the present;
//! - a late notice is held back when the window's next notice is less than [`HOLD_BACK`] away (no two notices within seconds);
//! - a window's end notice is dropped when another window is in progress at that instant (back-to-back or overlapping windows);
//! - nothing older than [`CATCH_UP`] is shown, so a PC switched on days later stays quiet about old windows.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{Config, NotifySettings, Window};

/// How far back a first start or a wake-up looks for a notice that still describes the present.
pub const CATCH_UP: Duration = Duration::hours(12);
/// How long shown keys are remembered after their instant.
pub const RETAIN: Duration = Duration::days(30);
/// A window is "upcoming" when it starts within this time.
pub const UPCOMING: Duration = Duration::hours(24);
/// A notice shown more than this after its instant is late (it is rendered for the moment it is shown).
pub const LATE: Duration = Duration::seconds(60);
/// A late notice is held back when the same window's next notice is this close: that one will describe the present.
pub const HOLD_BACK: Duration = Duration::seconds(60);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoticeKind {
    /// A number of minutes before the start.
    Lead(u32),
    Start,
    /// A repeat while the window is in progress.
    During,
    End,
}

impl NoticeKind {
    /// A stable code for logs, JSON and the simulate timeline: `lead-15m`, `start`, `during`, `end`.
    pub fn code(self) -> String {
        match self {
            NoticeKind::Lead(minutes) => format!("lead-{minutes}m"),
            NoticeKind::Start => "start".to_string(),
            NoticeKind::During => "during".to_string(),
            NoticeKind::End => "end".to_string(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notice {
    pub at: DateTime<Utc>,
    pub kind: NoticeKind,
    /// Index into [`Config::windows`].
    pub window_idx: usize,
}

/// A notice that fell due in one [`step`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub notice: Notice,
    /// Shown more than [`LATE`] after its instant, or after a gap: render it for the moment it is shown.
    pub late: bool,
    /// How many older notices of the same window were skipped because they no longer describe the present.
    pub skipped: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Idle,
    Upcoming,
    InProgress,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// The window the state is about: the in-progress one that started first, or the next one to start.
    pub window_idx: Option<usize>,
}

/// What has been shown; persisted by the shell between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLog {
    /// When the log was last brought up to date (for the log file and diagnostics).
    pub last_checked: Option<DateTime<Utc>>,
    /// Notice key to the notice's instant.
    pub shown: BTreeMap<String, DateTime<Utc>>,
}

impl NoticeLog {
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a persisted log. Errors say what is wrong; the shell then starts with an empty log.
    pub fn from_text(text: &str) -> Result<NoticeLog, String> {
        serde_json::from_str(text).map_err(|err| format!("line {}, column {}: {err}", err.line(), err.column()))
    }
}

/// A config prepared for fast questions about time.
pub struct Schedule<'c> {
    pub config: &'c Config,
    /// `prefix_max_end[i]` is the latest end among `windows[..=i]` (windows are sorted by start).
    prefix_max_end: Vec<DateTime<Utc>>,
}

pub fn notice_key(window: &Window, kind: NoticeKind, at: DateTime<Utc>) -> String {
    format!("{}|{}|{}", window.id, kind.code(), at.to_rfc3339())
}

/// Every notice of one window, in time order.
pub fn notices_of(window: &Window, settings: &NotifySettings) -> Vec<(DateTime<Utc>, NoticeKind)> {
    let mut notices: Vec<_> = settings
        .lead_minutes
        .iter()
        .map(|&m| (window.start - Duration::minutes(m.into()), NoticeKind::Lead(m)))
        .collect();
    notices.sort();
    notices.push((window.start, NoticeKind::Start));
    if settings.repeat_during_minutes > 0 {
        let every = Duration::minutes(settings.repeat_during_minutes.into());
        let mut at = window.start + every;
        while at < window.end {
            notices.push((at, NoticeKind::During));
            at += every;
        }
    }
    if settings.at_end {
        notices.push((window.end, NoticeKind::End));
    }
    notices
}

impl<'c> Schedule<'c> {
    pub fn new(config: &'c Config) -> Schedule<'c> {
        let mut latest: Option<DateTime<Utc>> = None;
        let prefix_max_end = config
            .windows
            .iter()
            .map(|w| {
                let end = latest.map_or(w.end, |l| l.max(w.end));
                latest = Some(end);
                end
            })
            .collect();
        Schedule { config, prefix_max_end }
    }

    fn max_lead(&self) -> Duration {
        Duration::minutes(self.config.notify.lead_minutes.iter().copied().max().unwrap_or(0).into())
    }

    /// True when a window other than `window_idx` is in progress at `at`.
    fn other_in_progress(&self, window_idx: usize, at: DateTime<Utc>) -> bool {
        let windows = &self.config.windows;
        let started = windows.partition_point(|w| w.start <= at);
        if started == 0 || self.prefix_max_end[started - 1] <= at {
            return false;
        }
        // Rarely reached: something is in progress; make sure it is not only `window_idx` itself.
        windows[..started].iter().enumerate().any(|(i, w)| i != window_idx && w.end > at)
    }

    fn suppressed(&self, window_idx: usize, kind: NoticeKind, at: DateTime<Utc>) -> bool {
        kind == NoticeKind::End && self.other_in_progress(window_idx, at)
    }

    /// The notices of one window that are not suppressed, in time order.
    pub fn notices(&self, window_idx: usize) -> Vec<Notice> {
        let window = &self.config.windows[window_idx];
        notices_of(window, &self.config.notify)
            .into_iter()
            .filter(|&(at, kind)| !self.suppressed(window_idx, kind, at))
            .map(|(at, kind)| Notice { at, kind, window_idx })
            .collect()
    }

    /// The state at `now` and the window it concerns.
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        let windows = &self.config.windows;
        if let Some(i) = windows.iter().position(|w| w.start <= now && now < w.end) {
            return Status { state: State::InProgress, window_idx: Some(i) };
        }
        let next = windows.partition_point(|w| w.start <= now);
        match windows.get(next) {
            Some(w) if w.start - now <= UPCOMING => Status { state: State::Upcoming, window_idx: Some(next) },
            _ => Status { state: State::Idle, window_idx: None },
        }
    }

    /// The next notice strictly after `now`, ignoring what has been shown.
    pub fn next_notice(&self, now: DateTime<Utc>) -> Option<Notice> {
        let max_lead = self.max_lead();
        let mut best: Option<Notice> = None;
        for (i, window) in self.config.windows.iter().enumerate() {
            if window.end < now {
                continue;
            }
            if let Some(b) = best {
                // Windows are sorted by start: nothing later can beat the best one found.
                if window.start - max_lead > b.at {
                    break;
                }
            }
            if let Some(n) = self.notices(i).into_iter().find(|n| n.at > now) {
                if best.is_none_or(|b| n.at < b.at) {
                    best = Some(n);
                }
            }
        }
        best
    }

    /// The next instant strictly after `now` at which a notice falls due or the state changes.
    pub fn next_change(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let transitions =
            self.config.windows.iter().flat_map(|w| [w.start - UPCOMING, w.start, w.end]).filter(|&t| t > now).min();
        let notice = self.next_notice(now).map(|n| n.at);
        match (transitions, notice) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Every window's notices that fell due since the last check, reduced to those that describe the present.
    ///
    /// Updates `log`: what is returned, and what was skipped, is marked as shown.
    pub fn step(&self, log: &mut NoticeLog, now: DateTime<Utc>) -> Vec<Due> {
        // What was shown is in the log, so looking back a fixed span is safe: after a gap, a restart, a clock jump
        // either way, or a config edit that adds a window whose lead time has passed, the same rule applies.
        let since = now - CATCH_UP;
        let max_lead = self.max_lead();
        let mut due = Vec::new();
        for (i, window) in self.config.windows.iter().enumerate() {
            if window.end < since || window.start - max_lead > now {
                continue;
            }
            let notices = self.notices(i);
            let fresh: Vec<Notice> = notices
                .iter()
                .copied()
                .filter(|n| since < n.at && n.at <= now)
                .filter(|n| !log.shown.contains_key(&notice_key(window, n.kind, n.at)))
                .collect();
            let Some(&latest) = fresh.last() else { continue };
            for n in &fresh {
                log.shown.insert(notice_key(window, n.kind, n.at), n.at);
            }
            let late = fresh.len() > 1 || now - latest.at > LATE;
            let next_soon = notices.iter().any(|n| n.at > now && n.at - now < HOLD_BACK);
            if late && next_soon {
                continue;
            }
            due.push(Due { notice: latest, late, skipped: fresh.len() - 1 });
        }
        due.sort_by_key(|d| (d.notice.at, d.notice.window_idx));
        log.last_checked = Some(now);
        log.shown.retain(|_, at| *at >= now - RETAIN);
        due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_instant;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    #[test]
    fn builtin_notices() {
        let config = Config::builtin();
        let schedule = Schedule::new(&config);
        let codes: Vec<String> =
            schedule.notices(0).iter().map(|n| format!("{} {}", n.at.format("%H:%M"), n.kind.code())).collect();
        // 21:00 JST is 12:00 UTC.
        assert_eq!(codes, ["12:00 lead-60m", "12:45 lead-15m", "13:00 start", "13:30 during", "14:00 end"]);
    }

    #[test]
    fn status_states() {
        let config = Config::builtin();
        let schedule = Schedule::new(&config);
        assert_eq!(schedule.status(t("2026-03-20T21:59:59")).state, State::Idle);
        assert_eq!(schedule.status(t("2026-03-20T22:00:00")).state, State::Upcoming);
        assert_eq!(schedule.status(t("2026-03-21T22:00:00")).state, State::InProgress);
        assert_eq!(schedule.status(t("2026-03-21T22:59:59")).state, State::InProgress);
        assert_eq!(schedule.status(t("2026-03-21T23:00:00")).state, State::Idle);
        assert_eq!(schedule.next_change(t("2026-03-20T12:00:00")), Some(t("2026-03-20T22:00:00")));
        assert_eq!(schedule.next_change(t("2026-03-21T23:00:00")), None);
    }

    #[test]
    fn log_round_trip_and_corruption() {
        let mut log = NoticeLog::default();
        let config = Config::builtin();
        let schedule = Schedule::new(&config);
        schedule.step(&mut log, t("2026-03-21T21:50:00"));
        let back = NoticeLog::from_text(&log.to_text()).unwrap();
        assert_eq!(back, log);
        assert!(NoticeLog::from_text("{\"last_checked\": 3").unwrap_err().starts_with("line 1, column"));
    }
}
