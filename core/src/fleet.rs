//! The fleet at a glance: what each PC says about itself in the report folder (`[report] dir` of the machine-wide
//! file), and `onshi-tray fleet`, which reads every report and says which PCs cannot warn their counter, and why.
//!
//! Both halves are pure: the app hands [`report`] what it observed and writes the bytes; `fleet` hands [`parse`]
//! each file's bytes and [`assess`] the reports and the time. A report is untrusted input for `fleet` (anyone who
//! may drop a file into the folder may write anything): bounded before it is parsed, every string clipped, any
//! malformed file skipped with its name.

use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, Timelike, Utc};
use serde::{Deserialize, Serialize};

use crate::config::{Config, Language, JST};
use crate::delivery::{Attention, Delivery};
use crate::feed::FeedState;
use crate::schedule::{NoticeLog, Schedule};

/// The report format this version writes; a reader skips a report of a newer format (it cannot judge it).
pub const FORMAT: u32 = 1;
/// A report is never larger than this (a full one is a few kilobytes); `fleet` refuses a larger file unread.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024;
/// At most this many windows and feeds are listed in a report (the totals are given).
pub const MAX_WINDOWS: usize = 50;
pub const MAX_FEEDS: usize = 16;
/// Every string of a report is clipped to this many characters.
pub const MAX_TEXT: usize = 200;
/// The app writes its report at least this often while it runs.
pub const HEARTBEAT: Duration = Duration::hours(1);
/// A clock that differs from a trusted one by more than this is said to be wrong.
pub const CLOCK_TOLERANCE: Duration = Duration::minutes(2);
/// A PC that stopped with its session (shut down, signed out) is a problem when not seen for longer than this.
pub const NOT_SEEN: Duration = Duration::days(1);
/// A running app that missed two heartbeats (and a little) has crashed, hangs, or lost the folder.
pub const SILENT: Duration = Duration::minutes(2 * 60 + 10);
/// A feed not confirmed for longer than this is a stale schedule.
pub const STALE_SCHEDULE: Duration = Duration::days(1);
/// `fleet` reads at most this many reports of a folder (`*.json` files not starting with a dot; other entries do
/// not count) and says how many it left unread.
pub const MAX_REPORTS: usize = 100_000;
/// A version part above this (`0.1.99999`) or more than four parts is not a version any release has: such a
/// report's version is not taken as the newest out.
pub const MAX_VERSION_PART: u64 = 99_999;
/// A feed serial above this is not taken as the newest out (a serial is a number or a date and time, such as
/// 202612081200; a report claiming `u64::MAX` would make every other PC look behind).
pub const MAX_SERIAL: u64 = 999_999_999_999_999;

/// What the file system says of a report file, observed by the shell: its name, the account that owns it (where
/// the file system says who wrote it), and the time the file server stamped on it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileFacts {
    pub name: String,
    pub owner: Option<String>,
    pub modified: Option<DateTime<Utc>>,
}

impl FileFacts {
    /// A file known by its name only.
    pub fn named(name: &str) -> FileFacts {
        FileFacts { name: name.to_string(), ..FileFacts::default() }
    }
}

/// One PC's report: `<computer>-<user>.json` in the report folder. Times are Japan time (`+09:00`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub format: u32,
    pub version: String,
    pub computer: String,
    pub user: String,
    /// Since when this run of the app runs.
    pub running_since: DateTime<FixedOffset>,
    /// When the report was written.
    pub heartbeat: DateTime<FixedOffset>,
    /// Set in the last report of a run: what stopped the app.
    #[serde(default)]
    pub stopped: Option<Stopped>,
    /// Whether the notices can be seen.
    pub notices: Visibility,
    #[serde(default)]
    pub config_errors: usize,
    #[serde(default)]
    pub feeds: Vec<FeedReport>,
    #[serde(default)]
    pub windows: Vec<WindowReport>,
    #[serde(default)]
    pub windows_total: usize,
    #[serde(default)]
    pub next_notice: Option<NextNotice>,
    /// The PC's clock against a trusted one (the feed server's `Date`, the file server's time of the report).
    #[serde(default)]
    pub clock: Option<ClockCheck>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stopped {
    /// `the menu`, `` `onshi-tray quit` ``, `the session ends (shutdown)`, `SIGTERM`, …
    pub by: String,
    /// The stop came with the end of the session or the PC's shutdown: the app starts again at the next sign-in.
    pub with_session: bool,
}

/// Whether this PC's notices can be seen: `on`, `off` (with the reason), `failing` (notices could not be shown,
/// with the latest reason and since when: no notification server, an error, a server that does not answer),
/// `no_tray` (no tray host: the notices still come, the icon and its menu do not), or `held_back` (with the reason:
/// a full-screen program, presentation mode, Do Not Disturb or nobody at the screen; notices wait in the
/// Notification Center and are shown again after; a state of the moment, not a problem).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visibility {
    pub state: String,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateTime<FixedOffset>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedReport {
    pub name: String,
    pub url: String,
    #[serde(default)]
    pub last_success: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub serial: Option<u64>,
    #[serde(default)]
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowReport {
    pub id: String,
    pub start: DateTime<FixedOffset>,
    pub end: DateTime<FixedOffset>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextNotice {
    pub at: DateTime<FixedOffset>,
    pub kind: String,
    pub window: String,
}

/// The PC's clock compared with a trusted one: `offset_seconds` is the trusted time minus the PC's (positive: the
/// PC's clock is slow).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockCheck {
    pub offset_seconds: i64,
    /// What it was compared with: `https://…` (a feed server's `Date`), or `report folder \\nas\…`.
    pub against: String,
    pub at: DateTime<FixedOffset>,
}

impl ClockCheck {
    /// Off by more than [`CLOCK_TOLERANCE`] (any offset a report may claim, `i64::MIN` included).
    pub fn is_wrong(&self) -> bool {
        self.offset_seconds.unsigned_abs() > CLOCK_TOLERANCE.num_seconds().unsigned_abs()
    }
}

/// A time as a report writes it: Japan time, whole seconds.
pub fn jst(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_nanosecond(0).unwrap_or(t).with_timezone(&JST).fixed_offset()
}

/// At most [`MAX_TEXT`] characters, without control characters.
fn clip(text: &str) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    match clean.char_indices().nth(MAX_TEXT) {
        Some((at, _)) => format!("{}…", &clean[..at]),
        None => clean,
    }
}

/// The freshest clock measurement: each feed's (from its server's `Date`) and the report folder's.
pub fn latest_clock(feeds: &[FeedState], folder: Option<&ClockCheck>) -> Option<ClockCheck> {
    let from_feeds = feeds.iter().filter_map(|f| {
        let (offset, at) = f.clock?;
        Some(ClockCheck { offset_seconds: offset, against: clip(&f.url), at: jst(at) })
    });
    from_feeds.chain(folder.cloned()).max_by_key(|c| c.at)
}

/// The PC's clock against an HTTP `Date` header (RFC 9110's IMF-fixdate, whole seconds, truncated): the server's
/// time minus the PC's, in seconds, taking the middle of `sent..received` as the moment it was stamped. `None` for
/// a header that does not parse, or an answer that took longer than a minute (too vague to judge).
pub fn offset_from_date(date: &str, sent: DateTime<Utc>, received: DateTime<Utc>) -> Option<i64> {
    let stamped = DateTime::parse_from_rfc2822(date.trim()).ok()?.with_timezone(&Utc);
    let took = received - sent;
    if took < Duration::zero() || took > Duration::minutes(1) {
        return None;
    }
    let middle = sent + took / 2;
    // The header drops the fraction of its second: the server's time was half a second later on average.
    let offset = stamped + Duration::milliseconds(500) - middle;
    Some((offset.num_milliseconds() as f64 / 1000.0).round() as i64)
}

/// The PC's clock against the time a file server gave a file it just wrote (`modified`), written between `sent`
/// and `received` by the PC's clock; `None` when the write took longer than a minute.
pub fn offset_from_file_time(modified: DateTime<Utc>, sent: DateTime<Utc>, received: DateTime<Utc>) -> Option<i64> {
    let took = received - sent;
    if took < Duration::zero() || took > Duration::minutes(1) {
        return None;
    }
    let offset = modified - (sent + took / 2);
    Some((offset.num_milliseconds() as f64 / 1000.0).round() as i64)
}

/// What the app observed, for [`report`].
pub struct Facts<'a> {
    pub version: &'a str,
    pub computer: &'a str,
    pub user: &'a str,
    pub running_since: DateTime<Utc>,
    pub stopped: Option<Stopped>,
    pub delivery: Delivery,
    /// Since when notices have not reached the screen, and why ([`crate::reception::Reception::failing`]).
    pub failing: Option<&'a crate::reception::Failing>,
    pub attention: Attention,
    pub tray: bool,
    pub config_errors: usize,
    pub feeds: &'a [FeedState],
    pub clock: Option<ClockCheck>,
}

/// This PC's report at `now`.
pub fn report(config: &Config, log: &NoticeLog, now: DateTime<Utc>, facts: Facts<'_>) -> Report {
    let notices = match (facts.delivery.explain(), facts.failing, facts.tray) {
        (Some(why), _, _) => Visibility { state: "off".to_string(), reason: Some(clip(why)), since: None },
        (None, Some(failing), _) => Visibility {
            state: "failing".to_string(),
            reason: Some(clip(&failing.reason)),
            since: Some(jst(failing.since)),
        },
        (None, None, false) => Visibility {
            state: "no_tray".to_string(),
            reason: Some("no tray host: notices come, the icon and its menu do not".to_string()),
            since: None,
        },
        (None, None, true) if facts.attention.holds_back() => {
            Visibility { state: "held_back".to_string(), reason: Some(facts.attention.code().to_string()), since: None }
        }
        (None, None, true) => Visibility { state: "on".to_string(), reason: None, since: None },
    };
    let coming: Vec<_> = config.windows.iter().filter(|w| w.end > now).collect();
    let next = Schedule::new(config).next_notice(log, now);
    Report {
        format: FORMAT,
        version: clip(facts.version),
        computer: clip(facts.computer),
        user: clip(facts.user),
        running_since: jst(facts.running_since),
        heartbeat: jst(now),
        stopped: facts.stopped.map(|s| Stopped { by: clip(&s.by), ..s }),
        notices,
        config_errors: facts.config_errors,
        feeds: facts
            .feeds
            .iter()
            .take(MAX_FEEDS)
            .map(|f| FeedReport {
                name: clip(&f.label),
                url: clip(&f.url),
                last_success: f.last_success.map(jst),
                serial: f.serial,
                error: f.last_error.as_deref().map(clip),
            })
            .collect(),
        windows: coming
            .iter()
            .take(MAX_WINDOWS)
            .map(|w| WindowReport { id: clip(&w.id), start: jst(w.start), end: jst(w.end) })
            .collect(),
        windows_total: coming.len(),
        next_notice: next.map(|n| NextNotice {
            at: jst(n.at),
            kind: n.kind.code().to_string(),
            window: clip(&config.windows[n.window_idx].id),
        }),
        clock: facts.clock,
    }
}

/// The report as it is written: pretty JSON (serde_json escapes every string), never over [`MAX_REPORT_BYTES`].
pub fn to_json(report: &Report) -> Vec<u8> {
    serde_json::to_vec_pretty(report).unwrap_or_default()
}

/// Whether a new report must be written: something in it changed (other than the time it was written and when the
/// clock was last measured), or the last one is a heartbeat old.
pub fn needs_writing(last: Option<&Report>, new: &Report) -> bool {
    let Some(last) = last else { return true };
    let same = |r: &Report| {
        let mut r = r.clone();
        r.heartbeat = r.running_since;
        if let Some(clock) = &mut r.clock {
            clock.at = r.running_since;
            // Measurements jitter by a second or two: a change of a minute is news.
            clock.offset_seconds = (clock.offset_seconds as f64 / 60.0).round() as i64;
        }
        r
    };
    same(last) != same(new) || new.heartbeat - last.heartbeat >= HEARTBEAT
}

/// The report's file name: `<computer>-<user>.json`, with every character a Windows or Samba share refuses (and
/// any path separator) replaced by `_`.
pub fn file_name(computer: &str, user: &str) -> String {
    let safe = |text: &str| -> String {
        let cleaned: String = text
            .chars()
            .take(64)
            .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' })
            .collect();
        let trimmed = cleaned.trim_matches('.');
        if trimmed.is_empty() {
            "unknown".to_string()
        } else {
            trimmed.to_string()
        }
    };
    format!("{}-{}.json", safe(computer), safe(user))
}

/// Reads one report file's bytes (already bounded by the caller to [`MAX_REPORT_BYTES`]); the error says why it
/// is skipped.
pub fn parse(bytes: &[u8]) -> Result<Report, String> {
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        return Err(format!("larger than {MAX_REPORT_BYTES} bytes"));
    }
    let mut report: Report = serde_json::from_slice(bytes).map_err(|err| format!("not a report ({err})"))?;
    if report.format > FORMAT {
        return Err(format!("format {} is newer than this onshi-tray reads ({FORMAT}): update it", report.format));
    }
    // Whatever the writer did, nothing long or with control characters reaches a terminal or a page.
    for text in [&mut report.version, &mut report.computer, &mut report.user, &mut report.notices.state] {
        *text = clip(text);
    }
    report.notices.reason = report.notices.reason.as_deref().map(clip);
    report.stopped = report.stopped.map(|s| Stopped { by: clip(&s.by), ..s });
    report.feeds.truncate(MAX_FEEDS);
    for feed in &mut report.feeds {
        (feed.name, feed.url) = (clip(&feed.name), clip(&feed.url));
        feed.error = feed.error.as_deref().map(clip);
    }
    report.windows.truncate(MAX_WINDOWS);
    for window in &mut report.windows {
        window.id = clip(&window.id);
    }
    if let Some(next) = &mut report.next_notice {
        (next.kind, next.window) = (clip(&next.kind), clip(&next.window));
    }
    if let Some(clock) = &mut report.clock {
        clock.against = clip(&clock.against);
    }
    Ok(report)
}

/// What keeps one PC from warning its counter, most serious first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The report may not be this PC's own: its file belongs to another account than the one it names, or its name
    /// is not the one its computer and user would give it. What it says is not believed.
    Suspect {
        why: String,
    },
    /// Quit from the menu or by `onshi-tray quit` (no notices until someone starts it), or stopped with its session
    /// and not seen for more than [`NOT_SEEN`].
    Stopped {
        by: String,
        at: DateTime<FixedOffset>,
    },
    /// The app said it runs, and has not written for two heartbeats: it crashed or hangs, the PC lost power, or
    /// the folder is out of reach.
    Silent {
        since: DateTime<FixedOffset>,
    },
    NotificationsOff {
        reason: String,
    },
    /// Notices could not be shown since `since` (no notification server, errors, a server that does not answer).
    NotificationsFailing {
        reason: String,
        since: Option<DateTime<FixedOffset>>,
    },
    NoTray,
    /// A feed not confirmed for more than [`STALE_SCHEDULE`] (never, or failing).
    StaleSchedule {
        feed: String,
        since: Option<DateTime<FixedOffset>>,
        error: Option<String>,
    },
    /// A feed behind the newest serial another PC has of it.
    BehindSerial {
        feed: String,
        serial: Option<u64>,
        newest: u64,
    },
    ClockWrong {
        offset_seconds: i64,
        against: String,
    },
    /// The report says it was written later than the file server stamped the file, or than now: the PC's clock is
    /// fast, or the report was made up.
    AheadOfTime {
        heartbeat: DateTime<FixedOffset>,
        against: String,
    },
    OldVersion {
        version: String,
        newest: String,
    },
    ConfigErrors {
        count: usize,
    },
}

impl Problem {
    /// In words for IT, one short clause.
    pub fn describe(&self) -> String {
        let time = |t: &DateTime<FixedOffset>| t.format("%Y-%m-%d %H:%M").to_string();
        match self {
            Problem::Suspect { why } => format!("not believed: {why}"),
            Problem::Stopped { by, at } => format!("stopped by {by} at {}", time(at)),
            Problem::Silent { since } => {
                format!("silent since {} (crashed, hanging, powered off, or the folder out of reach)", time(since))
            }
            Problem::NotificationsOff { reason } => format!("notifications off: {reason}"),
            Problem::NotificationsFailing { reason, since } => format!(
                "notices cannot be shown{}: {reason}",
                since.as_ref().map_or(String::new(), |t| format!(" since {}", time(t)))
            ),
            Problem::NoTray => "no tray host (the icon and its menu are missing)".to_string(),
            Problem::StaleSchedule { feed, since: Some(since), error } => format!(
                "schedule `{feed}` not confirmed since {}{}",
                time(since),
                error.as_ref().map_or(String::new(), |e| format!(": {e}"))
            ),
            Problem::StaleSchedule { feed, since: None, error } => {
                format!("schedule `{feed}` never read{}", error.as_ref().map_or(String::new(), |e| format!(": {e}")))
            }
            Problem::BehindSerial { feed, serial, newest } => format!(
                "schedule `{feed}` at serial {} while {newest} is out",
                serial.map_or_else(|| "none".to_string(), |s| s.to_string())
            ),
            Problem::ClockWrong { offset_seconds, against } => {
                format!("{} (against {against})", clock_words(*offset_seconds, Language::En))
            }
            Problem::AheadOfTime { heartbeat, against } => {
                format!(
                    "says it was written at {}, later than {against}: a fast clock, or a made-up report",
                    time(heartbeat)
                )
            }
            Problem::OldVersion { version, newest } => format!("version {version}, {newest} is out"),
            Problem::ConfigErrors { count } => format!("{count} config error(s): run `onshi-tray check` there"),
        }
    }
}

/// The PC's clock in words: 「PCの時計が7分遅れています」, "the PC's clock is 7 min slow".
pub fn clock_words(offset_seconds: i64, language: Language) -> String {
    let seconds = offset_seconds.unsigned_abs();
    let minutes = seconds.saturating_add(30) / 60;
    let (amount_ja, amount_en) = if minutes >= 1 {
        (format!("{minutes}分"), format!("{minutes} min"))
    } else {
        (format!("{seconds}秒"), format!("{seconds} s"))
    };
    match (language, offset_seconds > 0) {
        (Language::Ja, true) => format!("PCの時計が{amount_ja}遅れています"),
        (Language::Ja, false) => format!("PCの時計が{amount_ja}進んでいます"),
        (Language::En, true) => format!("the PC's clock is {amount_en} slow"),
        (Language::En, false) => format!("the PC's clock is {amount_en} fast"),
    }
}

/// The status line's addition while the clock is wrong: 「・PCの時計が7分遅れています」.
pub fn clock_suffix(clock: Option<&ClockCheck>, language: Language) -> String {
    match clock.filter(|c| c.is_wrong()) {
        Some(c) => {
            let separator = if language == Language::Ja { "・" } else { " · " };
            format!("{separator}{}", clock_words(c.offset_seconds, language))
        }
        None => String::new(),
    }
}

/// One PC in `fleet`'s list: its report's file, the report, and its problems (most serious first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Row {
    pub file: String,
    pub report: Report,
    pub problems: Vec<Problem>,
}

/// A version as numbers (`0.10.2` > `0.9.7`); anything unreadable counts as the lowest.
fn version_key(version: &str) -> Vec<u64> {
    version.split(['.', '-', '+']).map_while(|part| part.parse().ok()).collect()
}

/// Whether a version is one a release could have: at most four parts, each at most [`MAX_VERSION_PART`].
fn plausible_version(version: &str) -> bool {
    let key = version_key(version);
    !key.is_empty() && key.len() <= 4 && key.iter().all(|part| *part <= MAX_VERSION_PART)
}

/// Why a report may not be its PC's own, if it may not: its name is not the one its computer and user give it, or
/// (where the folder's reports belong to more than one account, so that owners say something) its file belongs to
/// another account than the user it names (the administrator's, `root`, excepted).
fn suspicion(facts: &FileFacts, report: &Report, owners_differ: bool) -> Option<String> {
    let expected = file_name(&report.computer, &report.user);
    if !facts.name.eq_ignore_ascii_case(&expected) {
        return Some(format!(
            "the file is named {}, but the report is {} / {}'s, whose file is {expected}",
            facts.name, report.computer, report.user
        ));
    }
    let owner = facts.owner.as_deref().filter(|_| owners_differ)?;
    let account = |name: &str| name.rsplit(['\\', '/']).next().unwrap_or(name).to_lowercase();
    if owner == "root" || account(owner) == account(&report.user) {
        return None;
    }
    Some(format!("the file belongs to the account {owner}, not to {} (another account wrote it first?)", report.user))
}

/// Judges every report at `now`: each PC's problems, the newest version and feed serials being those any PC of the
/// fleet has (reports not believed, and out-of-range claims, aside). Problems first (the most serious first), then
/// by computer and user.
pub fn assess(reports: Vec<(FileFacts, Report)>, now: DateTime<Utc>) -> Vec<Row> {
    let owners: std::collections::BTreeSet<&str> =
        reports.iter().filter_map(|(facts, _)| facts.owner.as_deref()).filter(|o| *o != "root").collect();
    let owners_differ = owners.len() > 1;
    let suspect: Vec<Option<String>> =
        reports.iter().map(|(facts, report)| suspicion(facts, report, owners_differ)).collect();
    let believed = || reports.iter().zip(&suspect).filter(|(_, why)| why.is_none()).map(|(pair, _)| pair);
    let newest_version =
        believed().map(|(_, r)| &r.version).filter(|v| plausible_version(v)).max_by_key(|v| version_key(v)).cloned();
    let mut newest_serial: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for (_, report) in believed() {
        for feed in &report.feeds {
            if let Some(serial) = feed.serial.filter(|s| *s <= MAX_SERIAL) {
                let entry = newest_serial.entry(feed.url.clone()).or_insert(serial);
                *entry = (*entry).max(serial);
            }
        }
    }
    let mut rows: Vec<Row> = reports
        .into_iter()
        .zip(suspect)
        .map(|((facts, report), suspect)| {
            let mut problems = problems(&report, &facts, now, newest_version.as_deref(), &newest_serial);
            if let Some(why) = suspect {
                problems.insert(0, Problem::Suspect { why });
            }
            Row { file: facts.name, report, problems }
        })
        .collect();
    rows.sort_by(|a, b| {
        let rank = |row: &Row| row.problems.first().map_or(usize::MAX, problem_rank);
        (a.problems.is_empty(), rank(a), &a.report.computer, &a.report.user, &a.file).cmp(&(
            b.problems.is_empty(),
            rank(b),
            &b.report.computer,
            &b.report.user,
            &b.file,
        ))
    });
    rows
}

fn problem_rank(problem: &Problem) -> usize {
    match problem {
        Problem::Suspect { .. } => 0,
        Problem::Stopped { .. } => 1,
        Problem::Silent { .. } => 2,
        Problem::NotificationsOff { .. } => 3,
        Problem::NotificationsFailing { .. } => 4,
        Problem::NoTray => 5,
        Problem::StaleSchedule { .. } => 6,
        Problem::BehindSerial { .. } => 7,
        Problem::ClockWrong { .. } => 8,
        Problem::AheadOfTime { .. } => 9,
        Problem::OldVersion { .. } => 10,
        Problem::ConfigErrors { .. } => 11,
    }
}

fn problems(
    report: &Report,
    facts: &FileFacts,
    now: DateTime<Utc>,
    newest_version: Option<&str>,
    newest_serial: &std::collections::HashMap<String, u64>,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let heartbeat = report.heartbeat.with_timezone(&Utc);
    // A heartbeat later than the file server's stamp on the file, or than now, is not believed: the PC was last
    // seen when the file was written (or now).
    let ahead = match facts.modified {
        Some(modified) if heartbeat - modified > CLOCK_TOLERANCE => {
            Some((modified, format!("the file's own time {}", time(&jst(modified)))))
        }
        _ if heartbeat - now > CLOCK_TOLERANCE => Some((now, "now".to_string())),
        _ => None,
    };
    let seen = ahead.as_ref().map_or(heartbeat, |(at, _)| *at);
    match &report.stopped {
        Some(stopped) if !stopped.with_session || now - seen > NOT_SEEN => {
            problems.push(Problem::Stopped { by: stopped.by.clone(), at: report.heartbeat })
        }
        Some(_) => {}
        None if now - seen > SILENT => problems.push(Problem::Silent { since: jst(seen) }),
        None => {}
    }
    match report.notices.state.as_str() {
        "on" | "held_back" => {}
        "no_tray" => problems.push(Problem::NoTray),
        "failing" => problems.push(Problem::NotificationsFailing {
            reason: report.notices.reason.clone().unwrap_or_default(),
            since: report.notices.since,
        }),
        _ => problems.push(Problem::NotificationsOff {
            reason: report.notices.reason.clone().unwrap_or_else(|| report.notices.state.clone()),
        }),
    }
    for feed in &report.feeds {
        let confirmed = feed.last_success.map(|t| t.with_timezone(&Utc));
        // Judged at the report's own time: a PC that is off is said as such, not also as stale.
        if confirmed.is_none_or(|t| seen - t > STALE_SCHEDULE) {
            problems.push(Problem::StaleSchedule {
                feed: feed.name.clone(),
                since: feed.last_success,
                error: feed.error.clone(),
            });
        }
        if let Some(&newest) = newest_serial.get(&feed.url) {
            if feed.serial.is_none_or(|s| s < newest) {
                problems.push(Problem::BehindSerial { feed: feed.name.clone(), serial: feed.serial, newest });
            }
        }
    }
    if let Some(clock) = report.clock.as_ref().filter(|c| c.is_wrong()) {
        problems.push(Problem::ClockWrong { offset_seconds: clock.offset_seconds, against: clock.against.clone() });
    }
    if let Some((_, against)) = ahead {
        problems.push(Problem::AheadOfTime { heartbeat: report.heartbeat, against });
    }
    if let Some(newest) = newest_version.filter(|n| version_key(n) > version_key(&report.version)) {
        problems.push(Problem::OldVersion { version: report.version.clone(), newest: newest.to_string() });
    }
    if report.config_errors > 0 {
        problems.push(Problem::ConfigErrors { count: report.config_errors });
    }
    problems.sort_by_key(problem_rank);
    problems
}

/// A report file that could not be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub why: String,
}

fn time(t: &DateTime<FixedOffset>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// What a row without problems says: whether its notices are held back at the moment, and its next notice.
fn ok_detail(r: &Report) -> String {
    let next = r.next_notice.as_ref().map_or_else(
        || "no notice due".to_string(),
        |n| format!("next notice {} ({} of {})", time(&n.at), n.kind, n.window),
    );
    match (&*r.notices.state, &r.notices.reason) {
        ("held_back", Some(why)) => format!("notices held back now ({why}); {next}"),
        _ => next,
    }
}

/// `onshi-tray fleet DIR`: one line per PC, problems first, then the skipped files and a summary (with how many
/// reports were left unread, past [`MAX_REPORTS`] or a folder that stopped answering).
pub fn text(rows: &[Row], skipped: &[Skipped], unread: usize) -> String {
    let mut out = String::new();
    for row in rows {
        let r = &row.report;
        let state = if row.problems.is_empty() { "ok     " } else { "PROBLEM" };
        let detail = if row.problems.is_empty() {
            ok_detail(r)
        } else {
            row.problems.iter().map(Problem::describe).collect::<Vec<_>>().join("; ")
        };
        out +=
            &format!("{state}  {} / {}  v{}  seen {}  {detail}\n", r.computer, r.user, r.version, time(&r.heartbeat));
    }
    for skip in skipped {
        out += &format!("skipped  {}: {}\n", skip.file, skip.why);
    }
    let with_problems = rows.iter().filter(|r| !r.problems.is_empty()).count();
    out += &format!(
        "{} PC(s): {with_problems} with problems, {} ok{}{}\n",
        rows.len(),
        rows.len() - with_problems,
        if skipped.is_empty() { String::new() } else { format!("; {} file(s) skipped", skipped.len()) },
        unread_words(unread)
    );
    out
}

/// `; 12 report(s) left unread (…)`, or nothing.
fn unread_words(unread: usize) -> String {
    if unread == 0 {
        return String::new();
    }
    format!("; {unread} report(s) left unread (more than {MAX_REPORTS}, or the folder stopped answering): the fleet is not all here")
}

/// `fleet --json`: the same, for scripts.
pub fn json(rows: &[Row], skipped: &[Skipped], unread: usize, now: DateTime<Utc>) -> serde_json::Value {
    serde_json::json!({
        "generated": jst(now).to_rfc3339_opts(SecondsFormat::Secs, false),
        "pcs": rows.iter().map(|row| serde_json::json!({
            "file": row.file,
            "ok": row.problems.is_empty(),
            "problems": row.problems.iter().map(|p| {
                let mut value = serde_json::to_value(p).unwrap_or_default();
                value["text"] = serde_json::Value::String(p.describe());
                value
            }).collect::<Vec<_>>(),
            "report": row.report,
        })).collect::<Vec<_>>(),
        "skipped": skipped,
        "unread": unread,
        "with_problems": rows.iter().filter(|r| !r.problems.is_empty()).count(),
    })
}

/// `fleet --html FILE`: one table, the problem rows marked (in words and colour), sortable by a click on a column's
/// heading with no external resource, printable.
pub fn html(rows: &[Row], skipped: &[Skipped], unread: usize, now: DateTime<Utc>) -> String {
    use crate::guide::esc;
    let with_problems = rows.iter().filter(|r| !r.problems.is_empty()).count();
    let mut body = String::new();
    for row in rows {
        let r = &row.report;
        let (class, state) = if row.problems.is_empty() { ("ok", "OK") } else { ("problem", "要対応") };
        let detail = if row.problems.is_empty() {
            ok_detail(r)
        } else {
            row.problems.iter().map(Problem::describe).collect::<Vec<_>>().join("\n")
        };
        let detail = esc(&detail).replace('\n', "<br>");
        let clock = match &r.clock {
            None => "—".to_string(),
            Some(c) if !c.is_wrong() => "ok".to_string(),
            Some(c) => {
                let words = clock_words(c.offset_seconds, Language::En);
                words.strip_prefix("the PC's clock is ").unwrap_or(&words).to_string()
            }
        };
        body += &format!(
            "<tr class=\"{class}\"><td data-key=\"{}\">{state}</td><td>{}</td><td>{}</td><td>{}</td><td data-key=\"{}\">{}</td><td>{}</td><td>{detail}</td></tr>\n",
            if row.problems.is_empty() { 1 } else { 0 },
            esc(&r.computer),
            esc(&r.user),
            esc(&r.version),
            r.heartbeat.to_rfc3339(),
            time(&r.heartbeat),
            esc(&clock),
        );
    }
    let skipped_list = if skipped.is_empty() {
        String::new()
    } else {
        let items: String =
            skipped.iter().map(|s| format!("<li><code>{}</code>: {}</li>", esc(&s.file), esc(&s.why))).collect();
        format!("<h2>Skipped files</h2><ul>{items}</ul>")
    };
    format!(
        r##"<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>onshi-tray: the fleet</title>
<style>
body {{ font-family: "Yu Gothic UI", "Meiryo", "Noto Sans CJK JP", sans-serif; margin: 1.5em; color: #111; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .35em .5em; text-align: left; vertical-align: top; }}
th, td:not(:last-child) {{ white-space: nowrap; }}
@page {{ size: A4 landscape; margin: 12mm; }}
th {{ background: #eee; cursor: pointer; user-select: none; }}
th::after {{ content: " ⇅"; color: #888; }}
tr.problem td {{ background: #fde8e8; }}
tr.problem td:first-child {{ font-weight: bold; color: #a00000; border-left: 6px solid #c00000; }}
tr.ok td:first-child {{ color: #1a6b1a; }}
@media print {{ th::after {{ content: ""; }} th {{ cursor: auto; }} tr {{ break-inside: avoid; }}
  tr.problem td {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }} }}
</style></head>
<body>
<h1>onshi-tray: the fleet</h1>
<p>{} PC(s): <strong>{with_problems} with problems</strong>, {} ok{}. Generated {}.</p>
<table id="fleet"><thead><tr><th>State</th><th>Computer</th><th>User</th><th>Version</th><th>Last seen</th><th>Clock</th><th>Problems, or the next notice</th></tr></thead>
<tbody>
{body}</tbody></table>
{skipped_list}
<script>
// A click on a heading sorts by its column (again: the other way); `#sort-N` in the address sorts by column N.
document.querySelectorAll("#fleet th").forEach(function (th, column) {{
  var ascending = true;
  th.addEventListener("click", function () {{
    var tbody = document.querySelector("#fleet tbody");
    var rows = Array.prototype.slice.call(tbody.rows);
    var key = function (row) {{ var cell = row.cells[column]; return cell.getAttribute("data-key") || cell.textContent; }};
    rows.sort(function (a, b) {{ return (ascending ? 1 : -1) * key(a).localeCompare(key(b), "ja", {{ numeric: true }}); }});
    ascending = !ascending;
    rows.forEach(function (row) {{ tbody.appendChild(row); }});
  }});
  if (location.hash === "#sort-" + column) {{ th.click(); }}
}});
</script>
</body></html>
"##,
        rows.len(),
        rows.len() - with_problems,
        esc(&unread_words(unread)),
        time(&jst(now)),
    )
}
