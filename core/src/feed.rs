//! Schedule feeds: maintenance windows published once (a TOML file, or an iCalendar such as a published Outlook or
//! Google calendar) on a web server or a file share, read by every PC.
//!
//! Pure: the shell fetches and caches the bytes (`platform/feeds.rs`); here they are read, judged and laid into the
//! configuration. What the calendar clients got wrong is the rule here: an empty or broken body is an error, never
//! "no windows", and only a complete, valid feed replaces the last good one.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::config::{
    check_length, check_text, is_invisible, located, parse_feed_str, ConfigError, Impact, Layer, Window, JST,
};
use crate::ical::Calendar;

/// A feed's body is at most this long; a longer one is refused before it is parsed.
pub const MAX_FEED: usize = 1024 * 1024;

/// Past its `expires`, a signed feed is refused after this much grace (a PC that was off, a publisher a bit late).
pub const EXPIRY_GRACE: Duration = Duration::hours(24);

/// How a feed's bytes are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Toml,
    ICalendar,
}

impl Format {
    /// iCalendar starts with `BEGIN:VCALENDAR` (after a BOM and blank lines); anything else is read as TOML.
    pub fn of(bytes: &[u8]) -> Format {
        let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
        if text[start..].len() >= 15 && text[start..start + 15].eq_ignore_ascii_case(b"BEGIN:VCALENDAR") {
            Format::ICalendar
        } else {
            Format::Toml
        }
    }
}

/// Reads a feed's body. `signed`: its signature verified with the key the machine-wide file names (only then may
/// a TOML feed set `[portal]` and `[contact]`; see [`parse_feed_str`]).
///
/// `Err` for anything short of a complete, valid feed: an empty body, text that is not UTF-8, a TOML or iCalendar
/// error anywhere. The warnings of a feed that is used are in the layer (`Layer::warnings`).
///
/// `now` sets the span over which repeating events are laid out ([`REPEAT_PAST`] before, [`REPEAT_HORIZON`] after).
/// A body over [`MAX_FEED`] bytes is refused before any parser sees it; an iCalendar feed whose every event was
/// skipped is refused too (its warnings say why), so that the last good copy stays in use.
pub fn parse(bytes: &[u8], origin: &str, signed: bool, now: DateTime<Utc>) -> Result<Layer, Vec<ConfigError>> {
    let refuse =
        |message: &str, help: &str| Err(vec![located("", origin, 0, message.to_string(), Some(help.to_string()))]);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return refuse(
            "the feed is empty",
            "a feed with no windows still has its `serial` (TOML) or `BEGIN:VCALENDAR` (iCalendar); the last good feed is kept",
        );
    }
    if bytes.len() > MAX_FEED {
        return refuse(
            &format!("the feed is {} bytes, more than a feed's limit of {MAX_FEED}", bytes.len()),
            "publish only the coming months (a feed of a year of windows is a few kilobytes); the last good feed is kept",
        );
    }
    let (layer, errors) = match Format::of(bytes) {
        Format::Toml => {
            let text = match crate::config::decode(bytes, origin) {
                Ok(text) => text,
                Err(error) => return Err(vec![*error]),
            };
            parse_feed_str(text.strip_prefix('\u{feff}').unwrap_or(text), origin, signed)
        }
        // iCalendar is decoded line by line after unfolding (a fold may split a UTF-8 character), in `ical`.
        Format::ICalendar => match crate::config::decode(bytes, origin) {
            Err(error) if !error.message.contains("not UTF-8 text") => return Err(vec![*error]),
            _ => parse_icalendar(bytes, origin, now),
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    if layer.windows.is_empty() && layer.skipped > 0 {
        let mut errors = layer.warnings;
        errors.push(located(
            "",
            origin,
            0,
            format!("every event of the calendar was skipped ({}); the feed is not used", layer.skipped),
            Some("fix the events above; the last good feed is kept".to_string()),
        ));
        return Err(errors);
    }
    Ok(layer)
}

/// Verifies a feed's detached minisign signature (`FILE.minisig`, as `minisign -S` writes it; prehashed, the
/// default since minisign 0.8) against the public key the machine-wide file names.
pub fn verify(public_key: &str, body: &[u8], signature: &[u8]) -> Result<(), String> {
    use minisign_verify::{Error, PublicKey, Signature};
    let key = PublicKey::from_base64(public_key.trim())
        .map_err(|_| "the machine-wide `public_key` is not a minisign key".to_string())?;
    let text = std::str::from_utf8(signature).map_err(|_| "the signature file is not minisign text".to_string())?;
    let signature =
        Signature::decode(text).map_err(|_| "the signature file is not a minisign signature".to_string())?;
    key.verify(body, &signature, false).map_err(|err| match err {
        Error::UnexpectedKeyId => "signed with another key than the machine-wide `public_key`".to_string(),
        Error::InvalidSignature => "the signature does not match the feed (changed after signing?)".to_string(),
        other => format!("the signature cannot be checked: {other}"),
    })
}

/// Whether a signed feed may replace the one cached before it: its `serial` must not go down (a replay of an
/// older signed file), and it must not be past its `expires` (with [`EXPIRY_GRACE`]). Unsigned feeds carry no such
/// promise and are not judged.
pub fn check_replay(layer: &Layer, cached_serial: Option<u64>, now: DateTime<Utc>) -> Result<(), String> {
    if let (Some(serial), Some(cached)) = (layer.serial, cached_serial) {
        if serial < cached {
            return Err(format!("refused: its serial {serial} is lower than the {cached} already read (an old copy?)"));
        }
    }
    if let Some(expires) = layer.expires {
        if now > expires + EXPIRY_GRACE {
            return Err(format!(
                "refused: it expired at {} (a feed that is no longer kept up to date)",
                expires.with_timezone(&JST).format("%Y-%m-%d %H:%M JST")
            ));
        }
    }
    Ok(())
}

/// What the tray, `status` and `check` say about one feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedState {
    pub label: String,
    pub url: String,
    pub last_success: Option<DateTime<Utc>>,
    pub last_attempt: Option<DateTime<Utc>>,
    pub failing_since: Option<DateTime<Utc>>,
    /// The server asked not to be asked again before this (`Retry-After`).
    pub retry_after: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub windows: usize,
    /// Events of the cached copy that could not be read (each warned in the log and by `check`).
    pub skipped: usize,
    /// The serial of the cached copy (a feed's `serial`).
    pub serial: Option<u64>,
    /// The PC's clock against the feed server's `Date` at the last answer: the server's time minus the PC's, in
    /// seconds, and when.
    pub clock: Option<(i64, DateTime<Utc>)>,
}

/// A feed that has failed this long is called out in the tray.
pub const FAILING_TOO_LONG: Duration = Duration::days(1);
/// A schedule not confirmed for this long is called out in the tray.
pub const STALE_AFTER: Duration = Duration::days(7);

/// What the status line adds when the schedule comes from feeds: when it was last confirmed
/// (「（予定の取得 11月26日 10:00）」, the oldest of the feeds' confirmations), or a warning when a feed has failed for more
/// than a day, was never read, or is older than a week. `None` without feeds.
pub fn freshness(states: &[FeedState], now: DateTime<Utc>, language: crate::config::Language) -> Option<String> {
    use crate::config::Language;
    if states.is_empty() {
        return None;
    }
    let day_time = |t: DateTime<Utc>| crate::notice::day_time_short(t, language);
    let failing = states.iter().filter_map(|s| s.failing_since).filter(|since| now - *since > FAILING_TOO_LONG).min();
    let confirmed = states.iter().map(|s| s.last_success).min().flatten();
    Some(match (language, failing, confirmed) {
        (Language::Ja, _, None) => "・予定をまだ取得できていません".to_string(),
        (Language::En, _, None) => " · the schedule has not been fetched yet".to_string(),
        (Language::Ja, Some(since), Some(_)) => format!("・予定の更新に失敗しています（{}から）", day_time(since)),
        (Language::En, Some(since), Some(_)) => format!(" · schedule updates failing since {}", day_time(since)),
        (Language::Ja, None, Some(at)) if now - at > STALE_AFTER => {
            format!("・予定が古い可能性があります（最終取得 {}）", day_time(at))
        }
        (Language::En, None, Some(at)) if now - at > STALE_AFTER => {
            format!(" · the schedule may be out of date (checked {})", day_time(at))
        }
        // Not 「確認」: next to a window, it would read as someone's acknowledgement.
        (Language::Ja, None, Some(at)) => format!("（予定の取得 {}）", day_time(at)),
        (Language::En, None, Some(at)) => format!(" (checked {})", day_time(at)),
    })
}

/// What `check` says about each feed that is not well: never fetched, failing (since when, why), or not confirmed
/// for more than [`STALE_AFTER`]. One line per problem, naming the feed; empty when all are well.
pub fn problems(states: &[FeedState], now: DateTime<Utc>) -> Vec<String> {
    let day_time = |t: DateTime<Utc>| t.with_timezone(&JST).format("%Y-%m-%d %H:%M JST").to_string();
    let mut lines = Vec::new();
    for state in states {
        let name = format!("feed `{}` ({})", state.label, state.url);
        match (state.last_success, &state.last_error) {
            (None, None) => lines.push(format!(
                "{name} was never fetched: its windows are not known here yet (run `onshi-tray feed update`)"
            )),
            (None, Some(error)) => lines.push(format!("{name} was never fetched successfully: {error}")),
            (Some(_), Some(error)) => {
                let since = state.failing_since.map(day_time).unwrap_or_default();
                lines.push(format!("{name} fails since {since}: {error}; the last good copy is in use"));
            }
            (Some(at), None) if now - at > STALE_AFTER => {
                lines.push(format!("{name} was last confirmed {}: the schedule may be out of date", day_time(at)))
            }
            _ => {}
        }
    }
    lines
}

/// How often feeds are fetched: every hour, ± 10 %, so that a clinic chain's PCs do not all ask at once.
pub const FETCH_INTERVAL: Duration = Duration::hours(1);

/// When to fetch the feeds next, after a fetch at `now`: after `failures` failed rounds in a row a minute,
/// doubling up to the interval; after a success the interval, spread ± 10 % by `spread` (any number that differs
/// between PCs). Never before a server's `Retry-After`, nor later than the interval because of it.
pub fn next_fetch(now: DateTime<Utc>, failures: u32, spread: u32, retry_after: Option<DateTime<Utc>>) -> DateTime<Utc> {
    let interval = FETCH_INTERVAL.num_seconds();
    let wait = if failures > 0 {
        (60_i64 << (failures - 1).min(12)).min(interval)
    } else {
        interval - interval / 10 + i64::from(spread) % (interval / 5)
    };
    let next = now + Duration::seconds(wait);
    match retry_after {
        Some(at) => next.max(at.min(now + FETCH_INTERVAL)),
        None => next,
    }
}

/// How far ahead a repeating event is laid out: a year. PCs read their feeds hourly, so the year moves with them.
pub const REPEAT_HORIZON: Duration = Duration::days(366);
/// How far back occurrences are kept: long enough for an after-notice on the next open day after a long holiday.
pub const REPEAT_PAST: Duration = Duration::days(14);
/// Repeating events expanded in one feed at most (each costs up to the `rrule` crate's own bound on its loop).
pub const MAX_SERIES: usize = 100;
/// Occurrences of one series at most within the horizon (a daily window for a year is 366).
pub const MAX_OCCURRENCES: u16 = 400;

/// A `TZID` as a time zone: IANA names (`Asia/Tokyo`), the Windows zone ids Outlook writes (`Tokyo Standard
/// Time`), the abbreviation `JST`, and Windows' display names for Japan in any language (`(UTC+09:00) Osaka,
/// Sapporo, Tokyo`, `(UTC+09:00) 大阪、札幌、東京`). A name defined only by the file's own `VTIMEZONE` is read from
/// that definition instead (see `parse_icalendar`).
pub fn zone(tzid: &str) -> Option<Tz> {
    let tzid = tzid.trim().trim_matches('"');
    // Some writers prefix a path ("/mozilla.org/20050126_1/Asia/Tokyo"): the IANA name is its last two parts.
    let tail: Vec<&str> = tzid.rsplitn(3, '/').collect();
    let candidates = [tzid.to_string(), tail.iter().take(2).rev().copied().collect::<Vec<_>>().join("/")];
    for candidate in candidates {
        if let Ok(zone) = candidate.parse::<Tz>() {
            return Some(zone);
        }
    }
    if tzid.eq_ignore_ascii_case("JST") || tzid.starts_with("(UTC+09:00)") || tzid.starts_with("(GMT+09:00)") {
        // Japan is the only zone at +09:00 without daylight saving that Windows names in a display name a Japanese
        // clinic's calendar would carry; Korea's (`Seoul`) is told apart below only by its Windows id.
        if !tzid.contains("Seoul") && !tzid.contains("서울") && !tzid.contains("Yakutsk") && !tzid.contains("Pyongyang")
        {
            return Some(chrono_tz::Asia::Tokyo);
        }
    }
    WINDOWS_ZONES.iter().find(|(name, _)| name.eq_ignore_ascii_case(tzid)).map(|(_, zone)| *zone)
}

/// Windows zone ids (CLDR's windowsZones, territory 001) for the zones a calendar read in Japan plausibly names.
const WINDOWS_ZONES: &[(&str, Tz)] = {
    use chrono_tz::*;
    &[
        ("Tokyo Standard Time", Asia::Tokyo),
        ("UTC", UTC),
        ("Coordinated Universal Time", UTC),
        ("GMT Standard Time", Europe::London),
        ("Greenwich Standard Time", Atlantic::Reykjavik),
        ("Korea Standard Time", Asia::Seoul),
        ("North Korea Standard Time", Asia::Pyongyang),
        ("China Standard Time", Asia::Shanghai),
        ("Taipei Standard Time", Asia::Taipei),
        ("Singapore Standard Time", Asia::Singapore),
        ("SE Asia Standard Time", Asia::Bangkok),
        ("India Standard Time", Asia::Kolkata),
        ("AUS Eastern Standard Time", Australia::Sydney),
        ("Hawaiian Standard Time", Pacific::Honolulu),
        ("Alaskan Standard Time", America::Anchorage),
        ("Pacific Standard Time", America::Los_Angeles),
        ("Mountain Standard Time", America::Denver),
        ("Central Standard Time", America::Chicago),
        ("Eastern Standard Time", America::New_York),
        ("W. Europe Standard Time", Europe::Berlin),
        ("Romance Standard Time", Europe::Paris),
        ("Central Europe Standard Time", Europe::Budapest),
        ("Russian Standard Time", Europe::Moscow),
        ("Yakutsk Standard Time", Asia::Yakutsk),
    ]
};

/// A zone as one calendar file uses it.
#[derive(Clone, Debug)]
enum Zone {
    Named(Tz),
    /// The file's own `VTIMEZONE`: the offset (seconds east of UTC) before its first onset, and each onset (local
    /// wall time) with the offset from then on, sorted.
    Defined {
        initial: i32,
        onsets: Vec<(NaiveDateTime, i32)>,
    },
}

impl Zone {
    /// The instant of a wall-clock time in this zone; the earlier of two in a repeated hour.
    fn instant(&self, naive: NaiveDateTime) -> Option<DateTime<Utc>> {
        match self {
            Zone::Named(zone) => zone.from_local_datetime(&naive).earliest().map(|t| t.with_timezone(&Utc)),
            Zone::Defined { initial, onsets } => {
                let index = onsets.partition_point(|(onset, _)| *onset <= naive);
                let offset = index.checked_sub(1).map_or(*initial, |i| onsets[i].1);
                naive.checked_sub_signed(Duration::seconds(i64::from(offset))).map(|t| Utc.from_utc_datetime(&t))
            }
        }
    }

    /// The wall-clock time of an instant in this zone.
    fn wall(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        match self {
            Zone::Named(zone) => instant.with_timezone(zone).naive_local(),
            Zone::Defined { initial, onsets } => {
                // The offset in force at the wall time the instant has under the offset before it: exact but within
                // the hour of a change.
                let offset_at = |wall: NaiveDateTime| {
                    let index = onsets.partition_point(|(onset, _)| *onset <= wall);
                    index.checked_sub(1).map_or(*initial, |i| onsets[i].1)
                };
                let guess = instant.naive_utc() + Duration::seconds(i64::from(*initial));
                instant.naive_utc() + Duration::seconds(i64::from(offset_at(guess)))
            }
        }
    }
}

/// `+0900`, `-0500`, `+093000`: seconds east of UTC.
fn utc_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let (sign, digits) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    if !(digits.len() == 4 || digits.len() == 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| digits.get(range).and_then(|d| d.parse::<i32>().ok());
    let seconds = number(0..2)? * 3600 + number(2..4)? * 60 + number(4..6).unwrap_or(0);
    (seconds < 24 * 3600).then_some(sign * seconds)
}

/// A value written `YYYYMMDD` (a date alone) or `YYYYMMDDTHHMMSS[Z]`: the wall time, and whether it is UTC.
fn wall_time(value: &str) -> Option<(NaiveDateTime, bool)> {
    let value = value.trim();
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").ok().map(|t| (t, true));
    }
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d").ok().map(|d| (d.and_time(chrono::NaiveTime::MIN), false));
    }
    NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").ok().map(|t| (t, false))
}

/// The expansion of a `VTIMEZONE`'s `STANDARD` and `DAYLIGHT` observances into onsets, from two years before `now`
/// to two centuries after it; `Err` says why the definition cannot be used.
fn defined_zone(calendar: &Calendar, index: usize, now: DateTime<Utc>, budget: &mut Budget) -> Result<Zone, String> {
    let mut onsets = Vec::new();
    let mut first: Option<(NaiveDateTime, i32)> = None;
    let parts = || {
        std::iter::once(&calendar.components[index])
            .chain(calendar.components.iter().filter(|c| c.parent == Some(index)))
    };
    if let Some(line) = parts().find_map(|c| c.overflow) {
        return Err(format!("it has more than {} properties in one part (line {line})", crate::ical::MAX_PROPERTIES));
    }
    for observance in calendar.components.iter().filter(|c| c.parent == Some(index)) {
        if observance.name != "STANDARD" && observance.name != "DAYLIGHT" {
            continue;
        }
        let name = &observance.name;
        let at = observance.line;
        let (start, _) = observance
            .property("DTSTART")
            .and_then(|p| wall_time(&p.value))
            .ok_or_else(|| format!("its {name} (line {at}) has no DTSTART that can be read"))?;
        let to = observance
            .property("TZOFFSETTO")
            .and_then(|p| utc_offset(&p.value))
            .ok_or_else(|| format!("its {name} (line {at}) has no TZOFFSETTO such as +0900"))?;
        let from = observance.property("TZOFFSETFROM").and_then(|p| utc_offset(&p.value)).unwrap_or(to);
        if first.is_none_or(|(at, _)| start < at) {
            first = Some((start, from));
        }
        let mut starts = vec![start];
        for rdate in observance.all("RDATE") {
            starts.extend(rdate.value.split(',').filter_map(|v| wall_time(period_start(v)).map(|(t, _)| t)));
        }
        if let Some(rule) = observance.property("RRULE") {
            // Two years back (a window just past) to two centuries ahead: 400 onsets of a yearly change.
            let after = (now - Duration::days(2 * 366)).naive_utc();
            let until = (now + Duration::days(200 * 366)).naive_utc();
            let local = Zone::Defined { initial: from, onsets: Vec::new() };
            let found = expand(start, &local, &rule.value, Some(after), until, 400, budget)
                .map_err(|why| format!("the RRULE of its {name} (line {}) cannot be used: {why}", rule.line))?;
            starts.extend(found);
        }
        onsets.extend(starts.into_iter().map(|t| (t, to)));
    }
    let (_, initial) = first.ok_or("it has no STANDARD or DAYLIGHT observance")?;
    onsets.sort();
    onsets.dedup();
    Ok(Zone::Defined { initial, onsets })
}

/// The start of an `RDATE` value: a date, a date and time, or (`VALUE=PERIOD`) a period `start/end` or
/// `start/duration`.
fn period_start(value: &str) -> &str {
    value.split_once('/').map_or(value, |(start, _)| start)
}

/// The work one feed's repeat rules may cost, in the units of [`Budget`]: at most about 0.1 s here
/// (`examples/hostile` times the worst feeds within it, BENCHMARKS.md). A rule that would pass it is not expanded: its
/// event is skipped with a located warning.
pub const REPEAT_BUDGET: u64 = 3_000_000;
/// Repeat rules one event may carry (RFC 5545 deprecates more than one; every calendar we read writes one).
pub const MAX_RULES_PER_EVENT: usize = 4;

/// What is left of a feed's [`REPEAT_BUDGET`]. The unit is one candidate (a day, or a time of a day) the rule crate
/// looks at: each period of the rule's frequency costs its days (a year 366, a month 31, a week 7, a day 2: see `expand`) times
/// the times a day the rule names. Before a rule is expanded its worst case (from its start to the crate's last
/// year, where an impossible rule such as `FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30` runs) must fit what is left; after
/// it, what it really walked is charged.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    left: u64,
}

impl Budget {
    pub fn new(units: u64) -> Budget {
        Budget { left: units }
    }

    /// What is left.
    pub fn left(&self) -> u64 {
        self.left
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(REPEAT_BUDGET)
    }
}

/// The Gregorian calendar repeats itself every 400 years (146 097 days, exactly 20 871 weeks): leap years, weekdays
/// and ISO weeks alike. Rules are laid out that many cycles later, so that the rule crate's last year (10 000) is at
/// most one cycle after the span asked for: an empty search ends there instead of 8 000 years on.
const CYCLE_DAYS: i64 = 146_097;
/// The last year the rule crate lays out.
const LAST_YEAR: i32 = 10_000;

/// The wall times of a recurrence rule (`RRULE` value) from `start`, laid out as if in UTC (the caller turns
/// each into an instant in the event's own zone, so daylight saving is the zone's business, not the rule's).
/// At most `limit` occurrences, none after `until` nor before `after`; `Err` with the rule crate's words, or when
/// the rule would cost more than what is left of `budget` (which is charged what the rule cost).
fn expand(
    start: NaiveDateTime,
    zone: &Zone,
    rule: &str,
    after: Option<NaiveDateTime>,
    until: NaiveDateTime,
    limit: u16,
    budget: &mut Budget,
) -> Result<Vec<NaiveDateTime>, String> {
    use chrono::Datelike;
    use rrule::{Frequency, RRule, RRuleSet, Unvalidated};
    // UNTIL as a wall time of the event's zone, as the rule is laid out in wall times: a UTC UNTIL (…Z, which
    // RFC 5545 asks for with a zoned DTSTART) is turned into the zone's wall time; a date alone ends that day. It is
    // taken out of the rule and applied here: the crate stops at UNTIL only when it finds a date past it, and here
    // that stop is seen (and charged as cheap).
    let mut rule_until = None;
    let mut parts = Vec::new();
    for part in rule.split(';') {
        match part.split_once('=') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case("UNTIL") => {
                rule_until = Some(match wall_time(value) {
                    Some((wall, true)) => zone.wall(Utc.from_utc_datetime(&wall)),
                    Some((wall, false)) if value.trim().len() == 8 => wall + Duration::seconds(86_399),
                    Some((wall, false)) => wall,
                    None => return Err(format!("UNTIL `{}` is not a date or a date and time", value.trim())),
                });
            }
            _ => parts.push(part),
        }
    }
    let rule = parts.join(";");
    let parsed: RRule<Unvalidated> = rule.parse().map_err(|err: rrule::RRuleError| err.to_string())?;
    if parsed.get_freq() > Frequency::Daily {
        return Err("it repeats more often than daily".to_string());
    }
    let end = rule_until.map_or(until, |u| u.min(until));
    // Laid out whole cycles later (see CYCLE_DAYS), the last year of the span within one cycle of LAST_YEAR.
    let cycles = i64::from(((LAST_YEAR - 1 - end.year()) / 400).max(0));
    let shift = Duration::days(CYCLE_DAYS * cycles);
    let (Some(shifted_start), Some(shifted_end)) = (start.checked_add_signed(shift), end.checked_add_signed(shift))
    else {
        return Err("its dates are out of range".to_string());
    };
    let as_utc = |t: NaiveDateTime| rrule::Tz::UTC.from_utc_datetime(&t);
    let validated = parsed.validate(as_utc(shifted_start)).map_err(|err| err.to_string())?;
    // The cost of one period of the rule, and its length in days.
    let (period_units, period_days) = match validated.get_freq() {
        Frequency::Yearly => (366, 365.25),
        Frequency::Monthly => (31, 30.44),
        Frequency::Weekly => (7, 7.0),
        // A day is charged twice: the crate's daily step costs about twice a yearly rule's day (examples/hostile).
        _ => (2, 1.0),
    };
    let times_a_day = [validated.get_by_hour().len(), validated.get_by_minute().len(), validated.get_by_second().len()]
        .iter()
        .map(|n| (*n).max(1) as u64)
        .product::<u64>();
    let interval = f64::from(validated.get_interval().max(1));
    let cost_to = |t: NaiveDateTime| -> u64 {
        let days = (t - shifted_start).num_days().max(0) as f64;
        let periods = (days / (period_days * interval)).ceil() as u64 + 1;
        periods.saturating_mul(period_units).saturating_mul(times_a_day)
    };
    let last = NaiveDate::from_ymd_opt(LAST_YEAR + 1, 1, 1).map_or(shifted_end, |d| d.and_time(chrono::NaiveTime::MIN));
    let worst = cost_to(last);
    if worst > budget.left {
        return Err(format!(
            "laying it out could cost {worst} steps, more than the {} left of the feed's {REPEAT_BUDGET}",
            budget.left
        ));
    }
    let count = validated.get_count();
    let set = RRuleSet::new(as_utc(shifted_start)).rrule(validated).limit();
    let after = after.and_then(|a| a.checked_add_signed(shift));
    let mut found = Vec::new();
    let mut seen: u32 = 0;
    // Where the walk stopped, when it stopped on a date of its own (cheap); `None`: the crate searched to its end.
    let mut stopped_at = None;
    for date in &set {
        let date = date.naive_utc();
        seen = seen.saturating_add(1);
        if date > shifted_end {
            stopped_at = Some(date);
            break;
        }
        if after.is_none_or(|a| date >= a) {
            found.push(date - shift);
            if found.len() >= usize::from(limit) {
                stopped_at = Some(date);
                break;
            }
        }
        if count.is_some_and(|c| seen >= c) {
            stopped_at = Some(date);
            break;
        }
    }
    budget.left -= stopped_at.map_or(worst, cost_to).min(worst);
    Ok(found)
}

/// One `VEVENT` as read, before repeats and overrides are laid out.
struct Event<'c> {
    component: &'c crate::ical::Component,
    uid: String,
    zone: Zone,
    /// DTSTART's wall time in `zone`, the instant, and the length (DTEND − DTSTART, or DURATION, or a day).
    wall_start: NaiveDateTime,
    start: DateTime<Utc>,
    length: Duration,
    title: String,
    effect: Option<String>,
    sequence: i64,
}

/// Why an event is left out, for a located warning.
struct Skip {
    line: usize,
    message: String,
    help: &'static str,
}

const ZONE_HELP: &str =
    "use a TZID such as Asia/Tokyo or Tokyo Standard Time, UTC (…Z), or a floating time (read as Japan time)";

/// The zone a `TZID` parameter names in this file: a known name, else the file's own `VTIMEZONE` (or why that
/// definition cannot be used).
fn zone_of(tzid: Option<&str>, defined: &[(String, Result<Zone, String>)]) -> Result<Zone, String> {
    let Some(tzid) = tzid else { return Ok(Zone::Named(JST)) };
    if let Some(zone) = zone(tzid) {
        return Ok(Zone::Named(zone));
    }
    match defined.iter().find(|(name, _)| name == tzid) {
        Some((_, Ok(zone))) => Ok(zone.clone()),
        Some((_, Err(why))) => Err(format!("names the time zone `{tzid}`, whose VTIMEZONE cannot be used: {why}")),
        None => Err(format!("unknown time zone `{tzid}` (no VTIMEZONE in the file defines it)")),
    }
}

/// A date-time property (`DTSTART`, `DTEND`, `RECURRENCE-ID`, one value of `EXDATE`) as an instant.
fn instant_of(
    value: &str,
    tzid: Option<&str>,
    defined: &[(String, Result<Zone, String>)],
) -> Result<DateTime<Utc>, String> {
    let (wall, utc) = wall_time(value).ok_or_else(|| format!("`{}` is not a date and time", value.trim()))?;
    if utc {
        return Ok(Utc.from_utc_datetime(&wall));
    }
    zone_of(tzid, defined)?.instant(wall).ok_or_else(|| format!("`{}` does not exist in its zone", value.trim()))
}

/// One value of `RDATE`: a date, a date and time, or a period (`VALUE=PERIOD`: `start/end` or `start/duration`),
/// whose own length is returned with its start.
fn rdate_of(
    value: &str,
    tzid: Option<&str>,
    defined: &[(String, Result<Zone, String>)],
) -> Result<(DateTime<Utc>, Option<Duration>), String> {
    let Some((start, end)) = value.split_once('/') else { return Ok((instant_of(value, tzid, defined)?, None)) };
    let start = instant_of(start, tzid, defined)?;
    let end = match duration(end) {
        Some(length) => start.checked_add_signed(length),
        None => instant_of(end, tzid, defined).ok(),
    };
    match end {
        Some(end) if end > start => Ok((start, Some(end - start))),
        _ => Err(format!("`{}` is not a period that ends after it starts", value.trim())),
    }
}

fn read_event<'c>(
    component: &'c crate::ical::Component,
    defined: &[(String, Result<Zone, String>)],
) -> Result<Option<Event<'c>>, Skip> {
    use crate::ical::unescape;
    let text = |name: &str| component.property(name).map(|p| unescape(&p.value));
    let skip = |line: usize, message: String, help: &'static str| Skip { line, message, help };
    let Some(uid) = text("UID").map(|u| u.trim().to_string()).filter(|u| !u.is_empty()) else {
        let summary = text("SUMMARY").unwrap_or_default();
        return Err(skip(
            component.line,
            format!("an event without a UID is skipped (`{}`)", shorten(&summary)),
            "every event needs a UID",
        ));
    };
    if let Err(problem) = check_text(&uid, false).and_then(|()| check_length(&uid, crate::config::MAX_ID)) {
        let line = component.property("UID").map_or(component.line, |p| p.line);
        return Err(skip(line, format!("an event is skipped: its UID {problem}"), "give the event a plain UID"));
    }
    if let Some(line) = component.overflow {
        return Err(skip(
            line,
            format!(
                "event `{uid}` is skipped: it has more than {} properties (lines such as EXDATE)",
                crate::ical::MAX_PROPERTIES
            ),
            "write an event's EXDATE dates on one line, separated by commas",
        ));
    }
    if text("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED")) {
        return Ok(None);
    }
    let Some(dtstart) = component.property("DTSTART") else {
        return Err(skip(
            component.line,
            format!("event `{uid}` is skipped: it has no DTSTART"),
            "give the event a start",
        ));
    };
    let zone = zone_of(dtstart.param("TZID"), defined)
        .map_err(|problem| skip(dtstart.line, format!("event `{uid}` is skipped: DTSTART {problem}"), ZONE_HELP))?;
    let bad_start =
        |problem: String| skip(dtstart.line, format!("event `{uid}` is skipped: DTSTART {problem}"), ZONE_HELP);
    let (wall_start, utc) = wall_time(&dtstart.value)
        .ok_or_else(|| bad_start(format!("`{}` is not a date and time", dtstart.value.trim())))?;
    let all_day = dtstart.value.trim().len() == 8;
    let (zone, start) = if utc {
        (Zone::Named(chrono_tz::UTC), Utc.from_utc_datetime(&wall_start))
    } else {
        let start = zone.instant(wall_start).ok_or_else(|| bad_start("does not exist in its zone".to_string()))?;
        (zone, start)
    };
    let end = match (component.property("DTEND"), component.property("DURATION")) {
        (Some(dtend), _) => instant_of(&dtend.value, dtend.param("TZID"), defined).map_err(|problem| {
            skip(
                dtend.line,
                format!("event `{uid}` is skipped: DTEND {problem}"),
                "use the same kind of time as DTSTART",
            )
        })?,
        (None, Some(length)) => duration(&length.value).and_then(|d| start.checked_add_signed(d)).ok_or_else(|| {
            skip(length.line, format!("event `{uid}` is skipped: its DURATION cannot be read"), "write it as PT1H30M")
        })?,
        // RFC 5545: an all-day event without an end lasts the day; a timed one has none.
        (None, None) if all_day => start + Duration::days(1),
        (None, None) => {
            return Err(skip(
                component.line,
                format!("event `{uid}` is skipped: it has no DTEND or DURATION"),
                "give the event an end",
            ))
        }
    };
    if end <= start {
        let message = if end == start {
            format!("event `{uid}` is skipped: it ends when it starts (a window needs a length)")
        } else {
            format!("event `{uid}` is skipped: it ends before it starts")
        };
        let line = component.property("DTEND").or(component.property("DURATION")).map_or(component.line, |p| p.line);
        return Err(skip(
            line,
            message,
            "check DTEND (or DURATION): a maintenance window lasts from its start to its end",
        ));
    }
    if let Err(problem) = crate::config::check_year(start).and_then(|_| crate::config::check_year(end)) {
        return Err(skip(dtstart.line, format!("event `{uid}` is skipped: it {problem}"), "check the year of DTSTART"));
    }
    let title = text("SUMMARY").map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    let title = title.unwrap_or_else(|| "メンテナンス".to_string());
    let effect = text("DESCRIPTION").map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
    let checks = [
        ("SUMMARY", Some(&title), false, crate::config::MAX_TITLE),
        ("DESCRIPTION", effect.as_ref(), true, crate::config::MAX_TEXT),
    ];
    for (name, value, multi_line, max) in checks {
        let Some(value) = value else { continue };
        if let Err(problem) = check_text(value, multi_line).and_then(|()| check_length(value, max)) {
            let line = component.property(name).map_or(component.line, |p| p.line);
            return Err(skip(
                line,
                format!("event `{uid}` is skipped: its {name} {problem}"),
                "retype the text in the calendar",
            ));
        }
    }
    let sequence = text("SEQUENCE").and_then(|s| s.trim().parse().ok()).unwrap_or(0);
    Ok(Some(Event { component, uid, zone, wall_start, start, length: end - start, title, effect, sequence }))
}

/// At most 60 characters of a text, for a message.
fn shorten(text: &str) -> String {
    let shown: String = text.chars().filter(|c| !c.is_control() && !is_invisible(*c)).take(60).collect();
    if text.chars().count() > 60 {
        format!("{shown}…")
    } else {
        shown
    }
}

fn window_of(event: &Event<'_>, id: String, start: DateTime<Utc>) -> Window {
    Window {
        id,
        title: event.title.clone(),
        title_en: None,
        start,
        end: start + event.length,
        effect: event.effect.clone(),
        effect_en: None,
        impact: Impact::default(),
        system: None,
        guidance: None,
        guidance_en: None,
        end_may_change: false,
        link: None,
    }
}

/// The id of one occurrence of a repeating event: its UID and its start in Japan time.
pub fn occurrence_id(uid: &str, start: DateTime<Utc>) -> String {
    format!("{uid}/{}", start.with_timezone(&JST).format("%Y%m%dT%H%M"))
}

/// An iCalendar feed: each `VEVENT` is a window (`UID` → id, `SUMMARY` → title, `DTSTART` and `DTEND` or
/// `DURATION`, `DESCRIPTION` → effect). `STATUS:CANCELLED` leaves the window out. A repeating event (`RRULE`,
/// `RDATE`, `EXDATE`, and its moved or cancelled occurrences, `RECURRENCE-ID`) becomes one window per occurrence
/// from [`REPEAT_PAST`] before `now` to [`REPEAT_HORIZON`] after it. An event that cannot be read is skipped
/// with a located warning, counted in `Layer::skipped`; a series that cannot be expanded is skipped whole, with
/// its overrides.
fn parse_icalendar(bytes: &[u8], origin: &str, now: DateTime<Utc>) -> (Layer, Vec<ConfigError>) {
    let mut layer = Layer::default();
    let calendar = match crate::ical::read(bytes, origin) {
        Ok(calendar) => calendar,
        Err(errors) => return (layer, errors),
    };
    layer.warnings.extend(calendar.warnings.iter().cloned());
    let mut budget = Budget::default();
    let defined: Vec<(String, Result<Zone, String>)> = calendar
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.name == "VTIMEZONE")
        .filter_map(|(index, c)| {
            let tzid = c.property("TZID")?.value.trim().to_string();
            Some((tzid, defined_zone(&calendar, index, now, &mut budget)))
        })
        .collect();
    let skipped = |layer: &mut Layer, skip: Skip| {
        layer.skipped += 1;
        layer.warnings.push(calendar.remark(skip.line, skip.message, skip.help));
    };
    let mut masters: Vec<Event<'_>> = Vec::new();
    // Where each UID's event is in `masters`, and how many events share a UID: linear in the number of events.
    let mut by_uid: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut copies: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    // Moved and cancelled occurrences, by UID and the start they replace.
    let mut overrides: std::collections::HashMap<(String, DateTime<Utc>), Event<'_>> = Default::default();
    let mut cancelled_occurrences: std::collections::HashSet<(String, DateTime<Utc>)> = Default::default();
    for component in calendar.components.iter().filter(|c| c.name == "VEVENT") {
        let recurrence = component.property("RECURRENCE-ID");
        let cancelled = component.property("STATUS").is_some_and(|s| s.value.trim().eq_ignore_ascii_case("CANCELLED"));
        match (read_event(component, &defined), recurrence) {
            (Err(skip), _) => skipped(&mut layer, skip),
            (Ok(None), Some(recurrence)) if cancelled => {
                let uid = component.property("UID").map(|p| crate::ical::unescape(&p.value).trim().to_string());
                if let (Some(uid), Ok(at)) = (uid, instant_of(&recurrence.value, recurrence.param("TZID"), &defined)) {
                    cancelled_occurrences.insert((uid, at));
                }
            }
            (Ok(None), _) => {}
            (Ok(Some(event)), Some(recurrence)) => {
                match instant_of(&recurrence.value, recurrence.param("TZID"), &defined) {
                    Ok(at) => {
                        overrides.insert((event.uid.clone(), at), event);
                    }
                    Err(problem) => {
                        let message =
                            format!("a moved occurrence of `{}` is skipped: RECURRENCE-ID {problem}", event.uid);
                        skipped(&mut layer, Skip { line: recurrence.line, message, help: ZONE_HELP });
                    }
                }
            }
            (Ok(Some(event)), None) => {
                // Two events with one UID: RFC 5545 says they are versions of one event, the higher SEQUENCE the
                // newer; with equal SEQUENCE they are kept as two windows (calendars merged by hand do this).
                match by_uid.get(&event.uid).copied() {
                    Some(at) if masters[at].sequence != event.sequence => {
                        let (older, newer) = if masters[at].sequence < event.sequence {
                            (masters[at].sequence, event.sequence)
                        } else {
                            (event.sequence, masters[at].sequence)
                        };
                        let line = event.component.property("UID").map_or(event.component.line, |p| p.line);
                        layer.warnings.push(calendar.remark(
                            line,
                            format!("UID `{}` is used twice: the version with SEQUENCE {newer} is used, {older} is left out", event.uid),
                            "give each maintenance window its own UID",
                        ));
                        if masters[at].sequence < event.sequence {
                            masters[at] = event;
                        }
                    }
                    Some(_) => {
                        let line = event.component.property("UID").map_or(event.component.line, |p| p.line);
                        let copies = {
                            let count = copies.entry(event.uid.clone()).or_insert(1);
                            *count += 1;
                            *count - 1
                        };
                        layer.warnings.push(calendar.remark(
                            line,
                            format!(
                                "UID `{}` is used by another event too: this one is read as `{}~{}`",
                                event.uid,
                                event.uid,
                                copies + 1
                            ),
                            "give each maintenance window its own UID",
                        ));
                        let mut event = event;
                        event.uid = format!("{}~{}", event.uid, copies + 1);
                        by_uid.insert(event.uid.clone(), masters.len());
                        masters.push(event);
                    }
                    None => {
                        by_uid.insert(event.uid.clone(), masters.len());
                        masters.push(event);
                    }
                }
            }
        }
    }
    let (from, to) = (now - REPEAT_PAST, now + REPEAT_HORIZON);
    let mut series = 0;
    // The lengths of the occurrences an `RDATE;VALUE=PERIOD` gives its own end or duration.
    let mut lengths: std::collections::HashMap<(String, DateTime<Utc>), Duration> = Default::default();
    for master in &masters {
        let component = master.component;
        let rules: Vec<_> = component.all("RRULE").collect();
        let rdates: Vec<_> = component.all("RDATE").collect();
        let is_series = !rules.is_empty() || !rdates.is_empty();
        let mut starts: Vec<DateTime<Utc>> = vec![master.start];
        if is_series {
            series += 1;
            let failed = |message: String| Skip {
                line: component.line,
                message,
                help: "publish the window as one event per occurrence, or fix the rule",
            };
            if series > MAX_SERIES {
                skipped(
                    &mut layer,
                    failed(format!(
                        "the repeating event `{}` is skipped: more than {MAX_SERIES} repeating events in one feed",
                        master.uid
                    )),
                );
                continue;
            }
            if rules.len() > MAX_RULES_PER_EVENT {
                skipped(
                    &mut layer,
                    failed(format!(
                        "the repeating event `{}` is skipped with its moved occurrences: it has {} RRULEs, more than the {MAX_RULES_PER_EVENT} an event may have",
                        master.uid,
                        rules.len()
                    )),
                );
                continue;
            }
            let wall_from = master.zone.wall(from - master.length) - Duration::days(1);
            let wall_to = master.zone.wall(to) + Duration::days(1);
            let mut walls = Vec::new();
            let mut problem = None;
            for rule in &rules {
                match expand(
                    master.wall_start,
                    &master.zone,
                    &rule.value,
                    Some(wall_from),
                    wall_to,
                    MAX_OCCURRENCES,
                    &mut budget,
                ) {
                    Ok(found) => walls.extend(found),
                    Err(why) => {
                        problem = Some((rule.line, why));
                        break;
                    }
                }
            }
            if let Some((line, why)) = problem {
                let message = format!(
                    "the repeating event `{}` is skipped with its moved occurrences: its RRULE cannot be used ({why})",
                    master.uid
                );
                skipped(&mut layer, Skip { line, ..failed(message) });
                continue;
            }
            starts = walls.into_iter().filter_map(|wall| master.zone.instant(wall)).collect();
            if rules.is_empty() {
                starts.push(master.start);
            }
            let tzid = component.property("DTSTART").and_then(|p| p.param("TZID"));
            for rdate in rdates {
                for value in rdate.value.split(',') {
                    match rdate_of(value, rdate.param("TZID").or(tzid), &defined) {
                        Ok((at, length)) => {
                            starts.push(at);
                            if let Some(length) = length {
                                lengths.insert((master.uid.clone(), at), length);
                            }
                        }
                        Err(problem) => layer.warnings.push(calendar.remark(
                            rdate.line,
                            format!("a date of `{}` is left out: RDATE {problem}", master.uid),
                            ZONE_HELP,
                        )),
                    }
                }
            }
            let mut excluded = std::collections::HashSet::new();
            for exdate in component.all("EXDATE") {
                for value in exdate.value.split(',') {
                    match instant_of(value, exdate.param("TZID").or(tzid), &defined) {
                        Ok(at) => {
                            excluded.insert(at);
                        }
                        Err(problem) => layer.warnings.push(calendar.remark(
                            exdate.line,
                            format!("an exception of `{}` is not applied: EXDATE {problem}", master.uid),
                            ZONE_HELP,
                        )),
                    }
                }
            }
            starts.retain(|s| !excluded.contains(s));
            starts.sort();
            starts.dedup();
        }
        for start in starts {
            let key = (master.uid.clone(), start);
            if cancelled_occurrences.contains(&key) {
                continue;
            }
            let id = if is_series { occurrence_id(&master.uid, start) } else { master.uid.clone() };
            match overrides.remove(&key) {
                Some(moved) => layer.windows.push(window_of(&moved, id, moved.start)),
                None if is_series && (start + master.length < from || start > to) => {}
                None => {
                    let mut window = window_of(master, id, start);
                    if let Some(length) = lengths.get(&key) {
                        window.end = start + *length;
                    }
                    layer.windows.push(window)
                }
            }
        }
    }
    // Moved occurrences whose series is not in the file (an invitation to one occurrence): each is a window.
    let mut orphans: Vec<_> = overrides.iter().filter(|((uid, _), _)| !by_uid.contains_key(uid)).collect();
    orphans.sort_by_key(|((_, at), event)| (*at, event.component.line));
    for ((uid, at), event) in orphans {
        layer.windows.push(window_of(event, occurrence_id(uid, *at), event.start));
    }
    layer.windows.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    layer.warnings.sort_by_key(|w| (w.line, w.col));
    (layer, Vec::new())
}

/// An RFC 5545 duration such as `PT1H30M` or `P1D`.
fn duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut rest = text.strip_prefix('P')?;
    let mut total = Duration::zero();
    let mut in_time = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('T') {
            in_time = true;
            rest = after;
            continue;
        }
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let number: i64 = rest[..digits].parse().ok()?;
        let unit = rest[digits..].chars().next()?;
        let part = match (unit, in_time) {
            ('W', false) => Duration::try_weeks(number),
            ('D', false) => Duration::try_days(number),
            ('H', true) => Duration::try_hours(number),
            ('M', true) => Duration::try_minutes(number),
            ('S', true) => Duration::try_seconds(number),
            _ => return None,
        }?;
        total = total.checked_add(&part)?;
        rest = &rest[digits + unit.len_utf8()..];
    }
    Some(if negative { -total } else { total })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_first_line() {
        assert_eq!(Format::of(b"\xef\xbb\xbf\r\nBEGIN:VCALENDAR\r\n"), Format::ICalendar);
        assert_eq!(Format::of(b"begin:vcalendar\n"), Format::ICalendar);
        assert_eq!(Format::of(b"serial = 1\n"), Format::Toml);
        assert_eq!(Format::of(b""), Format::Toml);
    }

    #[test]
    fn durations() {
        assert_eq!(duration("PT1H30M"), Some(Duration::minutes(90)));
        assert_eq!(duration("P1DT2H"), Some(Duration::hours(26)));
        assert_eq!(duration("P1W"), Some(Duration::days(7)));
        assert_eq!(duration("1H"), None);
        assert_eq!(duration("PT1X"), None);
    }

    #[test]
    fn zones_by_iana_and_windows_names() {
        assert_eq!(zone("Asia/Tokyo"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(zone("Tokyo Standard Time"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(zone("/mozilla.org/20050126_1/Asia/Tokyo"), Some(chrono_tz::Asia::Tokyo));
        assert_eq!(zone("Mars/Olympus"), None);
    }
}
