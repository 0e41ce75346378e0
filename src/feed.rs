//! Schedule feeds: maintenance windows published once (a TOML file, or an iCalendar such as a published Outlook or
//! Google calendar) on a web server or a file share, read by every PC.
//!
//! Pure: the shell fetches and caches the bytes (`platform/feeds.rs`); here they are read, judged and laid into the
//! configuration. What the calendar clients got wrong is the rule here: an empty or broken body is an error, never
//! "no windows", and only a complete, valid feed replaces the last good one.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::config::{check_text, is_invisible, located, parse_feed_str, ConfigError, Impact, Layer, Window, JST};

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
pub fn parse(bytes: &[u8], origin: &str, signed: bool) -> Result<Layer, Vec<ConfigError>> {
    let refuse =
        |message: &str, help: &str| Err(vec![located("", origin, 0, message.to_string(), Some(help.to_string()))]);
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return refuse(
            "the feed is empty",
            "a feed with no windows still has its `serial` (TOML) or `BEGIN:VCALENDAR` (iCalendar); the last good feed is kept",
        );
    }
    let text = match crate::config::decode(bytes, origin) {
        Ok(text) => text,
        Err(error) => return Err(vec![*error]),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (layer, errors) = match Format::of(bytes) {
        Format::Toml => parse_feed_str(text, origin, signed),
        Format::ICalendar => parse_icalendar(text, origin),
    };
    if errors.is_empty() {
        Ok(layer)
    } else {
        Err(errors)
    }
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
}

/// A feed that has failed this long is called out in the tray.
pub const FAILING_TOO_LONG: Duration = Duration::days(1);
/// A schedule not confirmed for this long is called out in the tray.
pub const STALE_AFTER: Duration = Duration::days(7);

/// What the status line adds when the schedule comes from feeds: when it was last confirmed
/// (「（11月26日 10:00 確認）」, the oldest of the feeds' confirmations), or a warning when a feed has failed for more
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
            format!("・予定が古い可能性があります（{} 確認）", day_time(at))
        }
        (Language::En, None, Some(at)) if now - at > STALE_AFTER => {
            format!(" · the schedule may be out of date (checked {})", day_time(at))
        }
        (Language::Ja, None, Some(at)) => format!("（{} 確認）", day_time(at)),
        (Language::En, None, Some(at)) => format!(" (checked {})", day_time(at)),
    })
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

/// A `TZID` as a time zone: IANA names (`Asia/Tokyo`) and the Windows names Outlook writes (`Tokyo Standard Time`).
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
    // Windows' zone names (CLDR's windowsZones), for the zones a Japanese feed plausibly uses.
    let windows = [
        ("Tokyo Standard Time", chrono_tz::Asia::Tokyo),
        ("UTC", chrono_tz::UTC),
        ("Coordinated Universal Time", chrono_tz::UTC),
        ("GMT Standard Time", chrono_tz::Europe::London),
        ("Korea Standard Time", chrono_tz::Asia::Seoul),
        ("China Standard Time", chrono_tz::Asia::Shanghai),
        ("Taipei Standard Time", chrono_tz::Asia::Taipei),
        ("Pacific Standard Time", chrono_tz::America::Los_Angeles),
        ("Eastern Standard Time", chrono_tz::America::New_York),
        ("W. Europe Standard Time", chrono_tz::Europe::Berlin),
    ];
    windows.iter().find(|(name, _)| name.eq_ignore_ascii_case(tzid)).map(|(_, zone)| *zone)
}

/// An iCalendar date-time value with its `TZID` (if any): `...Z` is UTC, a `TZID` names the zone, a floating time
/// is Japan time; `VALUE=DATE` (a date alone) is midnight Japan time.
fn instant(value: &str, tzid: Option<&str>) -> Result<DateTime<Utc>, String> {
    let value = value.trim();
    if let Some(utc) = value.strip_suffix('Z').or_else(|| value.strip_suffix('z')) {
        let naive = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .map_err(|_| format!("`{value}` is not a date and time"))?;
        return Ok(Utc.from_utc_datetime(&naive));
    }
    let naive = match NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S") {
        Ok(naive) => naive,
        Err(_) => NaiveDate::parse_from_str(value, "%Y%m%d")
            .map_err(|_| format!("`{value}` is not a date and time"))?
            .and_time(chrono::NaiveTime::MIN),
    };
    let zone = match tzid {
        Some(tzid) => zone(tzid).ok_or_else(|| format!("unknown time zone `{tzid}`"))?,
        None => JST,
    };
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("`{value}` does not exist in {}", zone.name()))
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

/// An iCalendar feed: each `VEVENT` is a window (`UID` → id, `SUMMARY` → title, `DTSTART` and `DTEND` or
/// `DURATION`, `DESCRIPTION` → effect). `STATUS:CANCELLED` leaves the window out; events with `RRULE` or `RDATE`,
/// and events that cannot be read (no `UID`, an unknown zone), are skipped with a located warning.
fn parse_icalendar(text: &str, origin: &str) -> (Layer, Vec<ConfigError>) {
    let mut layer = Layer::default();
    if !text.trim_start_matches('\u{feff}').trim_start().to_ascii_uppercase().starts_with("BEGIN:VCALENDAR")
        || !text.to_ascii_uppercase().contains("END:VCALENDAR")
    {
        let message = "the calendar ends before `END:VCALENDAR` (a truncated download?)".to_string();
        return (
            layer,
            vec![located(text, origin, text.len(), message, Some("the last good feed is kept".to_string()))],
        );
    }
    let unfolded = icalendar::parser::unfold(text);
    let calendar = match icalendar::parser::read_calendar(&unfolded) {
        Ok(calendar) => calendar,
        Err(problem) => {
            let message =
                format!("invalid iCalendar: {}", problem.lines().take(3).collect::<Vec<_>>().join(" ").trim());
            return (layer, vec![located(text, origin, 0, message, Some("the last good feed is kept".to_string()))]);
        }
    };
    // Where each event's UID is written, for located warnings (in the original, folded text).
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    for event in calendar.components.iter().filter(|c| c.name == "VEVENT") {
        let property = |name: &str| event.properties.iter().find(|p| p.name.as_str().eq_ignore_ascii_case(name));
        let value = |name: &str| property(name).map(|p| p.val.clone().unescape_text().as_str().to_string());
        let Some(uid) = value("UID").filter(|u| !u.trim().is_empty()) else {
            let summary = value("SUMMARY").unwrap_or_default();
            let message = format!("an event without a UID is skipped (`{summary}`)");
            layer.warnings.push(located(
                text,
                origin,
                at(&summary),
                message,
                Some("every event needs a UID".to_string()),
            ));
            continue;
        };
        let warn = |layer: &mut Layer, message: String, help: &str| {
            layer.warnings.push(located(text, origin, at(&uid), message, Some(help.to_string())));
        };
        if value("STATUS").is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED")) {
            continue;
        }
        if property("RRULE").is_some() || property("RDATE").is_some() {
            warn(
                &mut layer,
                format!("the repeating event `{uid}` is skipped"),
                "publish each maintenance window as an event of its own",
            );
            continue;
        }
        let time = |name: &str| -> Option<Result<DateTime<Utc>, String>> {
            let p = property(name)?;
            let tzid =
                p.params.iter().find(|q| q.key.as_str().eq_ignore_ascii_case("TZID")).and_then(|q| q.val.as_ref());
            Some(instant(p.val.as_str(), tzid.map(|v| v.as_str())))
        };
        let start = match time("DTSTART") {
            Some(Ok(start)) => start,
            Some(Err(problem)) => {
                warn(&mut layer, format!("event `{uid}` is skipped: DTSTART {problem}"), "use a TZID such as Asia/Tokyo or Tokyo Standard Time, UTC (…Z), or a floating time (read as Japan time)");
                continue;
            }
            None => {
                warn(&mut layer, format!("event `{uid}` is skipped: it has no DTSTART"), "give the event a start");
                continue;
            }
        };
        let end = match (time("DTEND"), value("DURATION").map(|d| duration(&d))) {
            (Some(Ok(end)), _) => end,
            (None, Some(Some(length))) => match start.checked_add_signed(length) {
                Some(end) => end,
                None => {
                    warn(
                        &mut layer,
                        format!("event `{uid}` is skipped: its DURATION is out of range"),
                        "check DURATION",
                    );
                    continue;
                }
            },
            (Some(Err(problem)), _) => {
                warn(
                    &mut layer,
                    format!("event `{uid}` is skipped: DTEND {problem}"),
                    "use the same kind of time as DTSTART",
                );
                continue;
            }
            _ => {
                warn(
                    &mut layer,
                    format!("event `{uid}` is skipped: it has no DTEND or DURATION"),
                    "give the event an end",
                );
                continue;
            }
        };
        if end <= start {
            warn(&mut layer, format!("event `{uid}` is skipped: it ends before it starts"), "check DTEND");
            continue;
        }
        if let Err(problem) = crate::config::check_year(start).and_then(|_| crate::config::check_year(end)) {
            warn(&mut layer, format!("event `{uid}` is skipped: it {problem}"), "check the year of DTSTART and DTEND");
            continue;
        }
        let title = value("SUMMARY").filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "メンテナンス".to_string());
        let effect = value("DESCRIPTION").map(|d| d.trim().to_string()).filter(|d| !d.is_empty());
        let texts = [(&uid, "UID", false), (&title, "SUMMARY", false)];
        let problem = texts
            .into_iter()
            .find_map(|(text, name, multi)| check_text(text, multi).err().map(|p| format!("{name} {p}")))
            .or_else(|| effect.as_deref().and_then(|e| check_text(e, true).err().map(|p| format!("DESCRIPTION {p}"))));
        if let Some(problem) = problem {
            let shown: String = uid.chars().filter(|c| !c.is_control() && !is_invisible(*c)).collect();
            warn(&mut layer, format!("event `{shown}` is skipped: its {problem}"), "retype the text in the calendar");
            continue;
        }
        layer.windows.retain(|w: &Window| w.id != uid);
        layer.windows.push(Window {
            id: uid.trim().to_string(),
            title: title.trim().to_string(),
            title_en: None,
            start,
            end,
            effect,
            effect_en: None,
            impact: Impact::default(),
            system: None,
            guidance: None,
            guidance_en: None,
            end_may_change: false,
            link: None,
        });
    }
    (layer, Vec::new())
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
