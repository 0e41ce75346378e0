//! What this PC did about each window, persisted by the shell between runs: up to which instant its notices were
//! handled, whether its after-notice came, and what staff chose (確認しました, 10分後に再通知). The schedule engine
//! ([`crate::schedule::Schedule::step`]) reads and updates it; nothing else decides what it holds.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{Config, Window};
use crate::schedule::NoticeKind;

/// What this PC did about one window; persisted with the [`NoticeLog`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRecord {
    /// The window's times when the record was made: a window moved to other times starts a new record.
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// Every notice at or before this instant was shown or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<DateTime<Utc>>,
    /// The after-notice was shown, or an end notice shown in facility hours made it needless.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_done: bool,
    /// 「確認しました」 as logs before 0.2 wrote it: no more heads-up or lead notices of this window at all.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub acknowledged: bool,
    /// 「確認しました」: the window's advance notices due before this instant (the facility's next opening after the
    /// stretch it was given in) are not shown; its last lead notice always is, and so is what a later stretch gets.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_until: Option<DateTime<Utc>>,
    /// 「10分後に再通知」: a reminder at this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozed_until: Option<DateTime<Utc>>,
    /// 「確認しました」 after the window: the tray no longer says that it took place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub after_acknowledged: bool,
}

impl WindowRecord {
    pub(crate) fn new(window: &Window) -> WindowRecord {
        WindowRecord {
            start: window.start,
            end: window.end,
            through: None,
            after_done: false,
            acknowledged: false,
            acknowledged_until: None,
            snoozed_until: None,
            after_acknowledged: false,
        }
    }

    fn is_for(&self, window: &Window) -> bool {
        self.start == window.start && self.end == window.end
    }

    /// Whether 「確認しました」 keeps the advance notice `kind` at `at` from being shown (`last_lead`: the lead
    /// notice closest to the start, which always comes).
    pub(crate) fn silences(&self, at: DateTime<Utc>, kind: NoticeKind, last_lead: Option<u32>) -> bool {
        kind.is_advance()
            && last_lead.map(NoticeKind::Lead) != Some(kind)
            && (self.acknowledged || self.acknowledged_until.is_some_and(|until| at < until))
    }
}

/// What has been shown and chosen; persisted by the shell between runs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeLog {
    /// When the log was last brought up to date (for the log file and diagnostics).
    pub last_checked: Option<DateTime<Utc>>,
    /// Window id to what was done about it.
    #[serde(default)]
    pub windows: BTreeMap<String, WindowRecord>,
    /// The notices this PC's app has on screen, by window id: the notification server's id of each (where the
    /// platform has one), so that after a quit, a crash or a restart the next instance replaces or closes them.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub on_screen: BTreeMap<String, u32>,
}

impl NoticeLog {
    pub fn to_text(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Reads a persisted log. Errors say what is wrong; the shell then starts with an empty log.
    pub fn from_text(text: &str) -> Result<NoticeLog, String> {
        serde_json::from_str(text).map_err(|err| format!("line {}, column {}: {err}", err.line(), err.column()))
    }

    /// The record of `window` at its current times, if there is one.
    pub fn record(&self, window: &Window) -> Option<&WindowRecord> {
        self.windows.get(&window.id).filter(|r| r.is_for(window))
    }

    pub(crate) fn record_mut(&mut self, window: &Window) -> &mut WindowRecord {
        let record = self.windows.entry(window.id.clone()).or_insert_with(|| WindowRecord::new(window));
        if !record.is_for(window) {
            *record = WindowRecord::new(window);
        }
        record
    }

    /// 「確認しました」: no heads-up or lead notices of `window` due up to `until` on this PC (but its last lead
    /// notice); a reminder asked for is dropped.
    pub fn acknowledge(&mut self, window: &Window, until: DateTime<Utc>) {
        let record = self.record_mut(window);
        record.acknowledged_until = record.acknowledged_until.max(Some(until));
        record.snoozed_until = None;
    }

    /// Takes 「確認しました」 back: the window's advance notices come again.
    pub fn unacknowledge(&mut self, window: &Window) {
        let record = self.record_mut(window);
        record.acknowledged = false;
        record.acknowledged_until = None;
    }

    /// 「10分後に再通知」: show the window's advance notice again at `until`.
    pub fn snooze(&mut self, window: &Window, until: DateTime<Utc>) {
        self.record_mut(window).snoozed_until = Some(until);
    }

    /// Whether staff acknowledged the window's advance notices and that still holds at `now`.
    pub fn is_acknowledged(&self, window: &Window, now: DateTime<Utc>) -> bool {
        self.record(window).is_some_and(|r| r.acknowledged || r.acknowledged_until.is_some_and(|until| now < until))
    }

    /// When a reminder asked for with 「10分後に再通知」 comes, if one is pending.
    pub fn snoozed_until(&self, window: &Window) -> Option<DateTime<Utc>> {
        self.record(window).and_then(|r| r.snoozed_until)
    }

    /// 「確認しました」 about a window that took place: the tray stops saying so.
    pub fn acknowledge_after(&mut self, window: &Window) {
        self.record_mut(window).after_acknowledged = true;
    }

    pub fn is_after_acknowledged(&self, window: &Window) -> bool {
        self.record(window).is_some_and(|r| r.after_acknowledged)
    }

    /// After the log was lost (unreadable, deleted, damaged): treat every notice of every window at or before
    /// `until` as handled (and the after-notice of a window that ended by then as done), so that nothing that may
    /// already have been shown is shown again; notices about the present still come.
    pub fn assume_handled(&mut self, config: &Config, until: DateTime<Utc>) {
        for window in &config.windows {
            let record = self.record_mut(window);
            record.through = record.through.max(Some(until));
            if window.end <= until {
                record.after_done = true;
            }
        }
    }

    /// Lays `other` (a copy saved elsewhere) over this log: the later `through`, any flag either has.
    pub fn merge(&mut self, other: NoticeLog) {
        for (id, theirs) in other.windows {
            match self.windows.get_mut(&id) {
                Some(ours) if ours.start == theirs.start && ours.end == theirs.end => {
                    ours.through = ours.through.max(theirs.through);
                    ours.after_done |= theirs.after_done;
                    ours.acknowledged |= theirs.acknowledged;
                    ours.acknowledged_until = ours.acknowledged_until.max(theirs.acknowledged_until);
                    ours.after_acknowledged |= theirs.after_acknowledged;
                    ours.snoozed_until = ours.snoozed_until.max(theirs.snoozed_until);
                }
                Some(_) => {}
                None => {
                    self.windows.insert(id, theirs);
                }
            }
        }
        self.last_checked = self.last_checked.max(other.last_checked);
        for (window, id) in other.on_screen {
            self.on_screen.entry(window).or_insert(id);
        }
    }
}
