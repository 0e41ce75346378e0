//! Times as a receptionist reads them, always Japan time: 3月21日(土) 22:00, ranges, "in 15 minutes", "until 23:00".

use super::*;

pub(super) fn weekday_ja(weekday: Weekday) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][weekday.num_days_from_monday() as usize]
}

pub(super) fn time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&JST);
    format!("{}:{:02}", local.hour(), local.minute())
}

/// `3月21日（土）22:00` or `Sat 21 Mar 22:00`.
pub fn day_time(t: DateTime<Utc>, language: Language) -> String {
    let local = t.with_timezone(&JST);
    match language {
        Language::Ja => format!("{}月{}日（{}）{}", local.month(), local.day(), weekday_ja(local.weekday()), time(t)),
        Language::En => format!("{} {}", local.format("%a %-d %b"), time(t)),
    }
}

/// `11月26日 10:00` (no weekday): when something was last checked.
pub fn day_time_short(t: DateTime<Utc>, language: Language) -> String {
    let local = t.with_timezone(&JST);
    match language {
        Language::Ja => format!("{}月{}日 {}", local.month(), local.day(), time(t)),
        Language::En => format!("{} {}", local.format("%-d %b"), time(t)),
    }
}

/// `3月21日（土）22:00〜23:00`; the end carries its own date when it falls on another day.
pub fn range(start: DateTime<Utc>, end: DateTime<Utc>, language: Language) -> String {
    let same_day = start.with_timezone(&JST).date_naive() == end.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match language {
        Language::Ja => format!("{}〜{end_text}", day_time(start, language)),
        Language::En => format!("{}–{end_text}", day_time(start, language)),
    }
}

/// A duration in whole minutes, rounded up, as people say it: `15分` / `1時間` / `1時間30分`.
pub(super) fn remaining(minutes: i64, language: Language) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    match (language, h, m) {
        (Language::Ja, 0, m) => format!("{m}分"),
        (Language::Ja, h, 0) => format!("{h}時間"),
        (Language::Ja, h, m) => format!("{h}時間{m}分"),
        (Language::En, 0, m) => format!("{m} min"),
        (Language::En, h, 0) => format!("{h} h"),
        (Language::En, h, m) => format!("{h} h {m} min"),
    }
}

/// `本日 22:00〜23:00`, `明日 22:00〜23:00` or `3月24日（火）22:00〜23:00`: a window's times as seen from `now`.
pub fn range_from(start: DateTime<Utc>, end: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let days = (start.with_timezone(&JST).date_naive() - now.with_timezone(&JST).date_naive()).num_days();
    let same_day = start.with_timezone(&JST).date_naive() == end.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match (language, days) {
        (Language::Ja, 0) => format!("本日 {}〜{end_text}", time(start)),
        (Language::Ja, 1) => format!("明日 {}〜{end_text}", time(start)),
        (Language::En, 0) => format!("today {}–{end_text}", time(start)),
        (Language::En, 1) => format!("tomorrow {}–{end_text}", time(start)),
        _ => range(start, end, language),
    }
}

/// `23:00まで` on the same day as `now`, `12月8日（月）6:00まで` on another.
pub(super) fn until(end: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let same_day = end.with_timezone(&JST).date_naive() == now.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match language {
        Language::Ja => format!("{end_text}まで"),
        Language::En => format!("until {end_text}"),
    }
}

/// The text with its first letter upper-cased (English sentences built from a config's words).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
