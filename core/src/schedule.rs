//! The schedule engine: which notices fall due, what state we are in, and when anything changes next.
//!
//! Everything here takes `now` as a parameter.
//! The shell reads the clock once per wake, calls [`Schedule::step`], shows what it returns, persists the
//! [`NoticeLog`], and sleeps until [`Schedule::next_change`] (capped at a minute, because sleep and clock changes fool
//! timers).
//!
//! A window's notices, timed to the reception day (the facility's hours, `[facility]`):
//! - `heads-up`: at the last facility opening before the start, unless that opening is under [`HEADS_UP_MIN_LEAD`]
//!   before the start (then the lead notices cover it) or more than [`HEADS_UP_WITHIN`] before it; a facility
//!   open around the clock (no opening to key on) gets it at [`HEADS_UP_MORNING`];
//! - `lead-Nm`: N minutes before the start, at any hour (a pharmacy open at night needs them);
//! - `reminder`: where a heads-up or lead notice was snoozed, at the time asked for;
//! - `start`, and `end` (unless another window is in progress then);
//! - `during`: repeats while the facility stays open after the start, and one at each facility opening inside the
//!   window (a window that spans closed hours gets no repeats in the night);
//! - `after`: when a window ended outside facility hours, or its end notice was not shown while the facility was
//!   open, one notice at the first moment within [`AFTER_WITHIN`] of the end that the PC is on in facility hours.
//!
//! No list of a window's notices is ever built: the next notice after an instant and the latest one in a span are
//! computed (arithmetic for repeats, a calendar look-up for openings), so a window of 10 000 years costs what an
//! hour does.
//!
//! The rules that make a notice appear exactly once, and only when it is true:
//! - the log keeps, per window, the instant up to which its notices were handled ([`WindowRecord::through`]);
//!   nothing at or before it is shown again, also across restarts and backward clock jumps;
//! - after a gap (sleep, power off, a clock jump forward) only the latest notice of each window is shown, the one
//!   that describes the present; the skipped ones are handled with it;
//! - a window whose times change is a new window for the log (its record is keyed by id and times);
//! - a late notice is held back when the window's next notice is less than [`HOLD_BACK`] away;
//! - nothing older than [`CATCH_UP`] is shown, so a PC switched on days later stays quiet about old windows
//!   (the after-notice is the one exception: it exists for the morning after).

use chrono::{DateTime, Duration, TimeZone, Timelike, Utc};

use crate::config::{Config, Window, JST};
use crate::hours::{Calendar, HORIZON_DAYS};
pub use crate::notice_log::{NoticeLog, WindowRecord};

/// How far back a first start or a wake-up looks for a notice that still describes the present.
pub const CATCH_UP: Duration = Duration::hours(12);
/// How long a window's record is kept after its end.
pub const RETAIN: Duration = Duration::days(30);
/// A window is "upcoming" when it starts within this time.
pub const UPCOMING: Duration = Duration::hours(24);
/// A notice shown more than this after its instant is late (it is rendered for the moment it is shown).
pub const LATE: Duration = Duration::seconds(60);
/// A late notice is held back when the same window's next notice is this close: that one will describe the present.
pub const HOLD_BACK: Duration = Duration::seconds(60);
/// No heads-up when the last opening before the start is closer than this: the lead notices cover it.
pub const HEADS_UP_MIN_LEAD: Duration = Duration::hours(2);
/// No heads-up from an opening further back than this (a facility closed for a long holiday).
pub const HEADS_UP_WITHIN: Duration = Duration::days(7);
/// The heads-up of a facility open around the clock comes at this time of the morning.
pub const HEADS_UP_MORNING: chrono::NaiveTime = match chrono::NaiveTime::from_hms_opt(9, 0, 0) {
    Some(t) => t,
    None => panic!("9:00 is a time of day"),
};
/// The after-notice is shown within this time of the end, or not at all.
pub const AFTER_WITHIN: Duration = Duration::days(7);
/// How long 「10分後に再通知」 waits.
pub const SNOOZE: Duration = Duration::minutes(10);
/// 「確認しました」 holds at most this long (a facility open day and night has no end of its open stretch).
pub const ACKNOWLEDGED_FOR: Duration = Duration::hours(12);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoticeKind {
    /// At the facility's opening before the window (the day before, or the same morning).
    HeadsUp,
    /// A number of minutes before the start.
    Lead(u32),
    /// A snoozed heads-up or lead notice, shown again.
    Reminder,
    Start,
    /// A repeat while the window is in progress, or the first notice of a facility opening inside it.
    During,
    End,
    /// On the next business morning: the window took place; log in again.
    After,
}

impl NoticeKind {
    /// A stable code for logs, JSON and the simulate timeline: `heads-up`, `lead-15m`, `reminder`, `start`, `during`,
    /// `end`, `after`.
    pub fn code(self) -> String {
        match self {
            NoticeKind::HeadsUp => "heads-up".to_string(),
            NoticeKind::Lead(minutes) => format!("lead-{minutes}m"),
            NoticeKind::Reminder => "reminder".to_string(),
            NoticeKind::Start => "start".to_string(),
            NoticeKind::During => "during".to_string(),
            NoticeKind::End => "end".to_string(),
            NoticeKind::After => "after".to_string(),
        }
    }

    /// Heads-up and lead notices (and their reminders) can be acknowledged and snoozed.
    pub fn is_advance(self) -> bool {
        matches!(self, NoticeKind::HeadsUp | NoticeKind::Lead(_) | NoticeKind::Reminder)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Notice {
    pub at: DateTime<Utc>,
    pub kind: NoticeKind,
    /// Index into [`Config::windows`].
    pub window_idx: usize,
}

/// A notice that fell due in one [`Schedule::step`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub notice: Notice,
    /// Shown more than [`LATE`] after its instant, or after a gap: render it for the moment it is shown.
    pub late: bool,
    /// How many older notices of the same window were skipped because they no longer describe the present.
    pub skipped: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Idle,
    Upcoming,
    InProgress,
}

impl State {
    /// Its name in `status` and its JSON: `idle`, `upcoming`, `in_progress`.
    pub fn code(self) -> &'static str {
        match self {
            State::Idle => "idle",
            State::Upcoming => "upcoming",
            State::InProgress => "in_progress",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// The window the state is about: the in-progress one that started first, or the next one to start.
    pub window_idx: Option<usize>,
}

/// The windows of `old` that `new` no longer has (a feed or a file withdrew them) while staff may be counting on
/// them: not yet ended, and announced (a notice of theirs was shown) or in progress. Each gets one notice that it
/// was withdrawn; a restart does not repeat it, since the window is gone from the config.
pub fn withdrawn<'a>(old: &'a Config, new: &Config, log: &NoticeLog, now: DateTime<Utc>) -> Vec<&'a Window> {
    old.windows
        .iter()
        .filter(|w| now < w.end && !new.windows.iter().any(|n| n.id == w.id))
        .filter(|w| w.start <= now || log.record(w).is_some_and(|r| r.through.is_some()))
        .collect()
}

/// A config prepared for fast questions about time.
pub struct Schedule<'c> {
    pub config: &'c Config,
    facility: Calendar<'c>,
    /// Every window's end, sorted: with the starts (sorted already) it counts the windows in progress at an instant.
    ends: Vec<DateTime<Utc>>,
    /// Per window: its heads-up instant, if it has one.
    heads_up: Vec<Option<DateTime<Utc>>>,
    /// Per window: repeats run until this instant (the facility closes, or the window ends).
    repeats_until: Vec<DateTime<Utc>>,
    /// Per window: the first facility opening inside it, if any (no opening inside: no calendar look-ups later).
    first_opening: Vec<Option<DateTime<Utc>>>,
}

/// The heads-up of a facility with no opening to key on (open around the clock): at [`HEADS_UP_MORNING`] on the
/// day of the start, or the day before when that is under [`HEADS_UP_MIN_LEAD`] before it, if open then.
fn morning_heads_up(facility: &Calendar<'_>, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let day = start.with_timezone(&JST).date_naive();
    [Some(day), day.pred_opt()]
        .into_iter()
        .flatten()
        .filter_map(|d| JST.from_local_datetime(&d.and_time(HEADS_UP_MORNING)).single())
        .map(|t| t.with_timezone(&Utc))
        .find(|&t| start - t >= HEADS_UP_MIN_LEAD && facility.is_open(t))
}

/// The notice with the latest instant; of two at the same instant, the later kind (a start beats a lead).
fn later(a: Option<Notice>, b: Option<Notice>) -> Option<Notice> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if (b.at, b.kind) > (a.at, a.kind) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The notice with the earliest instant; of two at the same instant, the later kind (the one [`later`] keeps).
fn sooner(a: Option<Notice>, b: Option<Notice>) -> Option<Notice> {
    match (a, b) {
        (Some(a), Some(b)) => {
            Some(if (b.at, std::cmp::Reverse(b.kind)) < (a.at, std::cmp::Reverse(a.kind)) { b } else { a })
        }
        (a, b) => a.or(b),
    }
}

impl<'c> Schedule<'c> {
    pub fn new(config: &'c Config) -> Schedule<'c> {
        let facility = Calendar::new(&config.facility);
        let mut ends: Vec<DateTime<Utc>> = config.windows.iter().map(|w| w.end).collect();
        ends.sort_unstable();
        let within_days = HEADS_UP_WITHIN.num_days();
        let heads_up = config
            .windows
            .iter()
            .map(|w| match facility.previous_open_within(w.start, within_days) {
                Some(open) => {
                    Some(open).filter(|&open| w.start - open >= HEADS_UP_MIN_LEAD && w.start - open <= HEADS_UP_WITHIN)
                }
                // No opening for a week: closed all that time, or open around the clock (staff are there at 9:00).
                None => morning_heads_up(&facility, w.start),
            })
            .collect();
        let repeats_until = config
            .windows
            .iter()
            .map(|w| match facility.is_open(w.start) {
                false => w.start,
                true => facility.closes_after(w.start).map_or(w.end, |close| close.min(w.end)),
            })
            .collect();
        let first_opening = config
            .windows
            .iter()
            .map(|w| {
                let days = (w.end - w.start).num_days().min(HORIZON_DAYS) + 1;
                facility.next_open_within(w.start, days).filter(|&open| open < w.end)
            })
            .collect();
        Schedule { config, facility, ends, heads_up, repeats_until, first_opening }
    }

    /// How long before its start a window's first notice can come.
    fn lookahead(&self) -> Duration {
        let max_lead = self.config.notify.lead_minutes.iter().copied().max().unwrap_or(0);
        HEADS_UP_WITHIN.max(Duration::minutes(max_lead.into()))
    }

    /// How many windows are in progress at `at` (start ≤ at < end).
    fn in_progress_count(&self, at: DateTime<Utc>) -> usize {
        let started = self.config.windows.partition_point(|w| w.start <= at);
        let ended = self.ends.partition_point(|&end| end <= at);
        started - ended
    }

    /// True when a window other than `window_idx` is in progress at `at`.
    fn other_in_progress(&self, window_idx: usize, at: DateTime<Utc>) -> bool {
        let window = &self.config.windows[window_idx];
        let own = usize::from(window.start <= at && at < window.end);
        self.in_progress_count(at) > own
    }

    /// Is the facility open at `at`? In-progress notices are critical only then.
    pub fn facility_open(&self, at: DateTime<Utc>) -> bool {
        self.facility.is_open(at)
    }

    /// Should this notice, shown at `now`, be critical? Only while its window is in progress and staff are there,
    /// and at night (22:00–6:00) only the start: a facility open around the clock is not woken by every repeat.
    pub fn is_urgent(&self, notice: &Notice, now: DateTime<Utc>) -> bool {
        let window = &self.config.windows[notice.window_idx];
        let hour = now.with_timezone(&JST).hour();
        let night_repeat = notice.kind == NoticeKind::During && !(6..22).contains(&hour);
        matches!(notice.kind, NoticeKind::Start | NoticeKind::During)
            && now < window.end
            && self.facility_open(now)
            && !night_repeat
    }

    /// The notices of a window at fixed instants (all but the repeats), with what the record asks for.
    fn fixed(&self, window_idx: usize, record: Option<&WindowRecord>) -> impl Iterator<Item = Notice> + '_ {
        let window = &self.config.windows[window_idx];
        let last_lead = self.config.notify.lead_minutes.iter().copied().min();
        // 「確認しました」 silences the advance notices of its open stretch, never the last lead notice.
        let acknowledged = record.cloned();
        let shown = move |&(at, kind): &(DateTime<Utc>, NoticeKind)| {
            !acknowledged.as_ref().is_some_and(|r| r.silences(at, kind, last_lead))
        };
        let heads_up = self.heads_up[window_idx].map(|at| (at, NoticeKind::HeadsUp));
        let leads = self
            .config
            .notify
            .lead_minutes
            .iter()
            .map(move |&m| (window.start - Duration::minutes(m.into()), NoticeKind::Lead(m)));
        let reminder =
            record.and_then(|r| r.snoozed_until).filter(|&at| at < window.start).map(|at| (at, NoticeKind::Reminder));
        let end = (self.config.notify.at_end && !self.other_in_progress(window_idx, window.end))
            .then_some((window.end, NoticeKind::End));
        heads_up
            .into_iter()
            .chain(leads)
            .chain(reminder)
            .filter(shown)
            .chain([(window.start, NoticeKind::Start)])
            .chain(end)
            .map(move |(at, kind)| Notice { at, kind, window_idx })
    }

    /// Until when 「確認しました」 given at `now` holds: until the facility's next opening after the present open
    /// stretch (a later stretch, such as the next morning or a later shift, gets its notices; nobody is at the
    /// counter in between); for a facility open around the clock, [`ACKNOWLEDGED_FOR`].
    pub fn acknowledged_until(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let days = HEADS_UP_WITHIN.num_days();
        let next_opening = match self.facility.closes_after(now) {
            Some(close) => self.facility.next_open_within(close, days),
            None if self.facility.is_open(now) => return now + ACKNOWLEDGED_FOR,
            None => self.facility.next_open_within(now, days),
        };
        next_opening.unwrap_or(now + HEADS_UP_WITHIN)
    }

    /// The next notice of window `window_idx` after `now` if staff acknowledged its advance notices now: what
    /// 「確認しました」 leaves (its label says when that comes).
    pub fn next_if_acknowledged(&self, log: &NoticeLog, window_idx: usize, now: DateTime<Utc>) -> Option<Notice> {
        let window = &self.config.windows[window_idx];
        let mut record = log.record(window).cloned().unwrap_or_else(|| WindowRecord::new(window));
        record.acknowledged_until = record.acknowledged_until.max(Some(self.acknowledged_until(now)));
        record.snoozed_until = None;
        self.next_of(window_idx, now, Some(&record))
    }

    fn every(&self) -> Option<Duration> {
        let minutes = self.config.notify.repeat_during_minutes;
        (minutes > 0).then(|| Duration::minutes(minutes.into()))
    }

    /// The first repeat strictly after `t`.
    fn next_repeat(&self, window_idx: usize, t: DateTime<Utc>) -> Option<Notice> {
        let window = &self.config.windows[window_idx];
        let every = self.every()?;
        let (start, step) = (window.start, every.num_seconds());
        let k = if t < start { 1 } else { (t - start).num_seconds() / step + 1 };
        let at = start.checked_add_signed(Duration::seconds(k.checked_mul(step)?))?;
        let repeat =
            (at < self.repeats_until[window_idx]).then_some(Notice { at, kind: NoticeKind::During, window_idx });
        let opening = self.first_opening[window_idx].and_then(|first| {
            let at = if first > t { Some(first) } else { self.facility.next_open_within(t, HORIZON_DAYS) }?;
            (at < window.end).then_some(Notice { at, kind: NoticeKind::During, window_idx })
        });
        sooner(repeat, opening)
    }

    /// The latest repeat in `(from, to]`, and how many there are.
    fn latest_repeat(&self, window_idx: usize, from: DateTime<Utc>, to: DateTime<Utc>) -> (Option<Notice>, usize) {
        let window = &self.config.windows[window_idx];
        let Some(every) = self.every() else { return (None, 0) };
        let step = every.num_seconds();
        let points = |t: DateTime<Utc>| if t < window.start { 0 } else { (t - window.start).num_seconds() / step };
        // Repeats are before `repeats_until`; the last second before it bounds the count.
        let limit = to.min(self.repeats_until[window_idx] - Duration::seconds(1));
        let (last, before) = (points(limit), points(from));
        let mut count = usize::try_from(last - before).unwrap_or(0);
        let mut latest = (count > 0)
            .then(|| window.start.checked_add_signed(Duration::seconds(last * step)))
            .flatten()
            .map(|at| Notice { at, kind: NoticeKind::During, window_idx });
        if self.first_opening[window_idx].is_some_and(|first| first <= to) {
            let mut cursor = to.min(window.end) + Duration::seconds(1);
            while let Some(open) = self.facility.previous_open_within(cursor, 8) {
                if open <= from || open <= window.start {
                    break;
                }
                count += 1;
                latest = later(latest, Some(Notice { at: open, kind: NoticeKind::During, window_idx }));
                cursor = open;
            }
        }
        (latest, count)
    }

    /// The window's next notice strictly after `t`.
    fn next_of(&self, window_idx: usize, t: DateTime<Utc>, record: Option<&WindowRecord>) -> Option<Notice> {
        let fixed = self.fixed(window_idx, record).filter(|n| n.at > t).fold(None, |best, n| sooner(best, Some(n)));
        sooner(fixed, self.next_repeat(window_idx, t))
    }

    /// The window's latest notice in `(from, to]`, and how many fell in that span.
    fn latest_of(
        &self,
        window_idx: usize,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        record: Option<&WindowRecord>,
    ) -> (Option<Notice>, usize) {
        let (mut latest, mut count) = self.latest_repeat(window_idx, from, to);
        for notice in self.fixed(window_idx, record).filter(|n| from < n.at && n.at <= to) {
            count += 1;
            latest = later(latest, Some(notice));
        }
        (latest, count)
    }

    /// The indices of the windows that may have a notice in `(since, until]`.
    fn active(&self, since: DateTime<Utc>, until: DateTime<Utc>) -> impl Iterator<Item = usize> + '_ {
        let last = self.config.windows.partition_point(|w| w.start - self.lookahead() <= until);
        (0..last).filter(move |&i| self.config.windows[i].end + AFTER_WITHIN >= since)
    }

    /// The state at `now` and the window it concerns.
    pub fn status(&self, now: DateTime<Utc>) -> Status {
        let windows = &self.config.windows;
        if self.in_progress_count(now) > 0 {
            if let Some(i) = windows.iter().position(|w| w.start <= now && now < w.end) {
                return Status { state: State::InProgress, window_idx: Some(i) };
            }
        }
        let next = windows.partition_point(|w| w.start <= now);
        match windows.get(next) {
            Some(w) if w.start - now <= UPCOMING => Status { state: State::Upcoming, window_idx: Some(next) },
            _ => Status { state: State::Idle, window_idx: None },
        }
    }

    /// The next notice of window `window_idx` strictly after `now`, ignoring what has been shown but honouring what
    /// was chosen (「確認しました」 rests advance notices; a snooze adds a reminder).
    pub fn next_notice_of(&self, log: &NoticeLog, window_idx: usize, now: DateTime<Utc>) -> Option<Notice> {
        self.next_of(window_idx, now, log.record(&self.config.windows[window_idx]))
    }

    /// The next notice of any window strictly after `now`, ignoring what has been shown but honouring what was
    /// chosen (see [`Schedule::next_notice_of`] for one window).
    pub fn next_notice(&self, log: &NoticeLog, now: DateTime<Utc>) -> Option<Notice> {
        let lookahead = self.lookahead();
        let mut best: Option<Notice> = None;
        for (i, window) in self.config.windows.iter().enumerate() {
            if window.end < now {
                continue;
            }
            // Windows are sorted by start: nothing later can beat the best one found.
            if best.is_some_and(|b| window.start - lookahead > b.at) {
                break;
            }
            best = sooner(best, self.next_of(i, now, log.record(window)));
        }
        best
    }

    /// Every notice of one window, in time order, at most `limit` of them (a window may have a repeat every few
    /// minutes for years). The after-notice is not among them: it waits for the PC to be on in facility hours.
    pub fn notices(&self, window_idx: usize, limit: usize) -> Vec<Notice> {
        let mut notices = Vec::new();
        let mut t = self.config.windows[window_idx].start - self.lookahead() - Duration::seconds(1);
        while notices.len() < limit {
            let Some(next) = self.next_of(window_idx, t, None) else { break };
            notices.push(next);
            t = next.at;
        }
        notices
    }

    /// The next instant strictly after `now` at which a notice may fall due or the state changes.
    pub fn next_change(&self, log: &NoticeLog, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        // The windows are sorted by start (so by start - UPCOMING too), and `ends` is sorted: three look-ups.
        let windows = &self.config.windows;
        let upcoming = windows.get(windows.partition_point(|w| w.start - UPCOMING <= now)).map(|w| w.start - UPCOMING);
        let start = windows.get(windows.partition_point(|w| w.start <= now)).map(|w| w.start);
        let end = self.ends.get(self.ends.partition_point(|&e| e <= now)).copied();
        [upcoming, start, end, self.next_due(log, now)].into_iter().flatten().min()
    }

    /// The next instant strictly after `now` at which a notice may fall due (state changes aside).
    pub fn next_due(&self, log: &NoticeLog, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let windows = &self.config.windows;
        // A pending after-notice waits for the facility to open.
        let after_pending = windows.iter().enumerate().any(|(i, w)| {
            w.end <= now
                && now < w.end + AFTER_WITHIN
                && !log.record(w).is_some_and(|r| r.after_done)
                && !self.other_in_progress(i, w.end)
        });
        let opening = after_pending.then(|| self.facility.next_open_within(now, 8)).flatten();
        [self.next_notice(log, now).map(|n| n.at), opening].into_iter().flatten().min()
    }

    /// Every window's notices that fell due since the last check, reduced to those that describe the present.
    ///
    /// Updates `log`: what is returned, and what was skipped, is marked as handled.
    pub fn step(&self, log: &mut NoticeLog, now: DateTime<Utc>) -> Vec<Due> {
        // What was handled is in the log, so looking back a fixed span is safe: after a gap, a restart, a clock jump
        // either way, or a config edit that adds a window whose lead time has passed, the same rule applies.
        let since = now - CATCH_UP;
        let open_now = self.facility_open(now);
        let mut due = Vec::new();
        for i in self.active(since, now) {
            let window = &self.config.windows[i];
            let record = log.record(window);
            let from = record.and_then(|r| r.through).map_or(since, |through| through.max(since));
            let (latest, count) = self.latest_of(i, from, now, record);
            let mut end_shown_open = false;
            if let Some(latest) = latest {
                let late = count > 1 || now - latest.at > LATE;
                let next_soon = self.next_of(i, now, record).is_some_and(|n| n.at - now < HOLD_BACK);
                let record = log.record_mut(window);
                record.through = Some(latest.at);
                if latest.kind == NoticeKind::Reminder {
                    record.snoozed_until = None;
                }
                if !(late && next_soon) {
                    end_shown_open = latest.kind == NoticeKind::End && open_now;
                    due.push(Due { notice: latest, late, skipped: count - 1 });
                }
            }
            if end_shown_open {
                log.record_mut(window).after_done = true;
            } else if open_now
                && window.end <= now
                && now < window.end + AFTER_WITHIN
                && !log.record(window).is_some_and(|r| r.after_done)
                // Another window in progress now has the floor; one in progress at this window's end said it all.
                && !self.other_in_progress(i, now)
                && !self.other_in_progress(i, window.end)
            {
                log.record_mut(window).after_done = true;
                due.push(Due {
                    notice: Notice { at: now, kind: NoticeKind::After, window_idx: i },
                    late: false,
                    skipped: 0,
                });
            }
        }
        due.sort_by_key(|d| (d.notice.at, d.notice.window_idx));
        log.last_checked = Some(now);
        log.windows.retain(|_, record| record.end >= now - RETAIN);
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
        let codes: Vec<String> = schedule
            .notices(0, 100)
            .iter()
            .map(|n| format!("{} {}", n.at.with_timezone(&crate::config::JST).format("%a %H:%M"), n.kind.code()))
            .collect();
        // Saturday: the facility opens at 9:00 (heads-up) and closes at 13:00, before the window: no repeats.
        assert_eq!(
            codes,
            ["Sat 09:00 heads-up", "Sat 21:00 lead-60m", "Sat 21:45 lead-15m", "Sat 22:00 start", "Sat 23:00 end"]
        );
    }

    #[test]
    fn status_states() {
        let config = Config::builtin();
        let schedule = Schedule::new(&config);
        let log = NoticeLog::default();
        assert_eq!(schedule.status(t("2026-03-20T21:59:59")).state, State::Idle);
        assert_eq!(schedule.status(t("2026-03-20T22:00:00")).state, State::Upcoming);
        assert_eq!(schedule.status(t("2026-03-21T22:00:00")).state, State::InProgress);
        assert_eq!(schedule.status(t("2026-03-21T22:59:59")).state, State::InProgress);
        assert_eq!(schedule.status(t("2026-03-21T23:00:00")).state, State::Idle);
        assert_eq!(schedule.next_change(&log, t("2026-03-20T12:00:00")), Some(t("2026-03-20T22:00:00")));
        // After the end, the after-notice waits for Monday's opening; a week later nothing is left.
        assert_eq!(schedule.next_change(&log, t("2026-03-21T23:00:00")), Some(t("2026-03-23T09:00:00")));
        assert_eq!(schedule.next_change(&log, t("2026-03-29T23:00:00")), None);
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
