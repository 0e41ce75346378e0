//! Stage two: every date and time the normalized text names, and the ranges they form.
//!
//! A point is a date (和暦, 西暦, month and day, `M/D`, `同月N日`, with its weekday and holiday mark), a time
//! (`22:00`, `22時`, `午後6時`, `8時30分`, `翌2:00`), or both; a range is two points joined by a range mark (`~`,
//! `から`, `⇒`, `-`), the second of which may be a time alone or a day alone (`20日から24日`).

use std::ops::Range;
use std::sync::OnceLock;

use chrono::Weekday;
use regex::Regex;

/// A date as written: what is missing is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateSpec {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: u32,
    pub weekday: Option<Weekday>,
}

/// A time as written (24-hour after 午前/午後 are applied; `24:00` kept as 24).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeSpec {
    pub hour: u32,
    pub minute: u32,
    /// `翌` or `翌日` before it: the day after the range's start.
    pub next_day: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// Where it is in the normalized text.
    pub start: usize,
    pub end: usize,
    pub date: Option<DateSpec>,
    pub time: Option<TimeSpec>,
}

impl Point {
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }
}

fn point_regex() -> &'static Regex {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    REGEX.get_or_init(|| {
        let date = r"(?:(?:(?P<era>令和|平成) ?(?P<era_year>元|\d{1,2}) ?年 ?|(?P<year>(?:19|20)\d{2}) ?(?:年|/) ?)?(?P<month>\d{1,2}) ?月 ?(?P<day>\d{1,2}) ?日|(?P<smonth>\d{1,2})/(?P<sday>\d{1,2})(?: ?\()|(?P<ymd_year>(?:19|20)\d{2})[/-](?P<ymd_month>\d{1,2})[/-](?P<ymd_day>\d{1,2})|同月 ?(?P<same_day>\d{1,2}) ?日)";
        let weekday = r"(?: ?\(? ?(?P<weekday>[月火水木金土日])(?:曜日?)?(?:・?祝日?)? ?\)?)?";
        let time = r"(?P<next>翌日?)? ?(?P<ampm>午前|午後)? ?(?:(?P<hour>\d{1,2}):(?P<minute>\d{2})|(?P<jhour>\d{1,2}) ?時(?: ?(?P<jminute>\d{1,2}) ?分)?|(?P<noon>正午))";
        // Both parts optional: the empty matches this allows are passed over by `points`.
        Regex::new(&format!(r"(?:{date}{weekday}(?: ?の)? ?)?(?:{time})?")).expect("the point pattern is valid")
    })
}

/// Every point of `text`, in order.
pub fn points(text: &str) -> Vec<Point> {
    let mut found = Vec::new();
    for captures in point_regex().captures_iter(text) {
        let whole = captures.get(0).expect("a match has its whole");
        if whole.as_str().trim().is_empty() {
            continue;
        }
        let number = |name: &str| captures.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = if let Some(day) = number("day") {
            let year = match (captures.name("era").map(|m| m.as_str()), captures.name("era_year")) {
                (Some(era), Some(year)) => {
                    let n = if year.as_str() == "元" { 1 } else { year.as_str().parse::<i32>().unwrap_or(0) };
                    Some(if era == "令和" { 2018 + n } else { 1988 + n })
                }
                _ => number("year").map(|y| y as i32),
            };
            Some(DateSpec { year, month: number("month"), day, weekday: None })
        } else if let Some(day) = number("sday") {
            Some(DateSpec { year: None, month: number("smonth"), day, weekday: None })
        } else if let Some(day) = number("ymd_day") {
            Some(DateSpec {
                year: number("ymd_year").map(|y| y as i32),
                month: number("ymd_month"),
                day,
                weekday: None,
            })
        } else {
            number("same_day").map(|day| DateSpec { year: None, month: None, day, weekday: None })
        };
        let date = date.map(|mut d| {
            d.weekday = captures.name("weekday").and_then(|m| weekday(m.as_str()));
            d
        });
        let time = time_of(&captures);
        // A date written `M/D` is only a date with its weekday after it (`4/3(金)`): a fraction is not.
        if date.is_none() && time.is_none() {
            continue;
        }
        if captures.name("sday").is_some() && date.is_some_and(|d| d.weekday.is_none()) && time.is_none() {
            // `9/12(` at the very end of a cut text: kept, its weekday lost.
            if !text[whole.end()..].trim().is_empty() {
                continue;
            }
        }
        if date.is_some_and(|d| !valid_date(d)) || time.is_some_and(|t| t.hour > 24 || t.minute > 59) {
            continue;
        }
        found.push(Point { start: whole.start(), end: whole.end(), date, time });
    }
    found
}

fn time_of(captures: &regex::Captures<'_>) -> Option<TimeSpec> {
    let number = |name: &str| captures.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    let next_day = captures.name("next").is_some();
    let (hour, minute) = if captures.name("noon").is_some() {
        (12, 0)
    } else if let Some(hour) = number("hour") {
        (hour, number("minute").unwrap_or(0))
    } else {
        (number("jhour")?, number("jminute").unwrap_or(0))
    };
    let hour = match captures.name("ampm").map(|m| m.as_str()) {
        Some("午後") if hour < 12 => hour + 12,
        Some("午前") if hour == 12 => 0,
        _ => hour,
    };
    Some(TimeSpec { hour, minute, next_day })
}

fn weekday(text: &str) -> Option<Weekday> {
    Some(match text {
        "月" => Weekday::Mon,
        "火" => Weekday::Tue,
        "水" => Weekday::Wed,
        "木" => Weekday::Thu,
        "金" => Weekday::Fri,
        "土" => Weekday::Sat,
        "日" => Weekday::Sun,
        _ => return None,
    })
}

fn valid_date(date: DateSpec) -> bool {
    date.month.is_none_or(|m| (1..=12).contains(&m)) && (1..=31).contains(&date.day)
}

/// Whether the text between two points joins them into a range: a range mark and nothing else (white space,
/// the closing of a `(予定)` does not count).
pub fn joins(between: &str) -> bool {
    let mark = between.trim();
    matches!(mark, "~" | "から" | "⇒" | "→" | "-" | "–" | "—" | "ー" | "より")
}

/// A bare day after a range mark (`20日から24日`): the day, and where it ends.
pub fn bare_day(text: &str, at: usize) -> Option<(u32, usize)> {
    static REGEX: OnceLock<Regex> = OnceLock::new();
    let regex = REGEX.get_or_init(|| {
        Regex::new(r"^ ?(\d{1,2}) ?日(?: ?\(?[月火水木金土日](?:曜日?)?(?:・?祝日?)?\)?)?").expect("valid")
    });
    let found = regex.captures(&text[at..])?;
    let day = found.get(1)?.as_str().parse().ok().filter(|d| (1..=31).contains(d))?;
    Some((day, at + found.get(0)?.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<String> {
        points(text)
            .iter()
            .map(|p| {
                let date = p.date.map_or(String::new(), |d| {
                    format!(
                        "{}-{}-{}{} ",
                        d.year.map_or("?".to_string(), |y| y.to_string()),
                        d.month.map_or("?".to_string(), |m| m.to_string()),
                        d.day,
                        d.weekday.map_or(String::new(), |w| format!("({w})"))
                    )
                });
                let time = p.time.map_or(String::new(), |t| {
                    format!("{}{:02}:{:02}", if t.next_day { "+1 " } else { "" }, t.hour, t.minute)
                });
                format!("{date}{time}").trim().to_string()
            })
            .collect()
    }

    #[test]
    fn every_shape_of_a_date_and_a_time() {
        let cases: &[(&str, &[&str])] = &[
            ("令和 8 年 3 月 21 日 (土) の 22:00~23:00", &["2026-3-21(Sat) 22:00", "23:00"]),
            ("令和元年5月1日", &["2019-5-1"]),
            ("2025年12月31日(水)22:00 ~ 2026年1月2日(金)3:00", &["2025-12-31(Wed) 22:00", "2026-1-2(Fri) 03:00"]),
            ("・4/3(金)21:30 ~ 21:40", &["?-4-3(Fri) 21:30", "21:40"]),
            ("22時~12月8日(月)6時", &["22:00", "?-12-8(Mon) 06:00"]),
            ("午後6時 ~ 9月21日(日曜日)午前0時", &["18:00", "?-9-21(Sun) 00:00"]),
            ("21:00 ~ 翌2:00", &["21:00", "+1 02:00"]),
            ("2月23日(月・祝)08:00", &["?-2-23(Mon) 08:00"]),
            ("同月20日", &["?-?-20"]),
            ("6月11日2時45分に", &["?-6-11 02:45"]),
            ("30秒程度、約5分間、1/2の確率", &[]),
            ("・9/12(", &["?-9-12"]),
        ];
        for (text, expected) in cases {
            assert_eq!(show(text), *expected, "{text}");
        }
    }
}
