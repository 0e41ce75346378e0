//! Opening hours: the call center's, and the facility's own reception hours.
//!
//! One weekly timetable with holidays ([`Hours`]) answers: open or closed at an instant and why, when it next opens,
//! when the open stretch around an instant closes, and when the last opening before an instant was.
//! An "opening" is the start of an open stretch: a day open from 00:00 after a day open until 24:00 continues the
//! stretch (a facility that never closes has no openings at all).
//! Japanese national holidays, substitute holidays and 国民の休日 come from `holidays.rs` (the Act on National
//! Holidays with its amendments and one-off days, checked against published lists 1955–2099), cached per year;
//! `closed_dates` in the config covers the rest, such as the year-end break.
//! This module takes `now` as a parameter and never reads the clock.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use crate::config::{Hours, OpenHours, JST};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Open until the given instant.
    Open { until: DateTime<Utc> },
    /// A day with hours, but not at this time of day.
    OutsideHours,
    /// The weekday is closed all day (Sunday with the default).
    ClosedWeekday(Weekday),
    /// A national holiday; the holiday's name, such as 春分の日 or 振替休日.
    Holiday(String),
    /// A date listed in `closed_dates`.
    ClosedDate(NaiveDate),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenStatus {
    pub open: bool,
    pub reason: Reason,
    /// The next instant it opens, if it is closed now (none within a year: `None`).
    pub next_open: Option<DateTime<Utc>>,
}

impl Reason {
    /// A stable machine-readable code, for JSON.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Open { .. } => "open",
            Reason::OutsideHours => "outside_hours",
            Reason::ClosedWeekday(_) => "closed_weekday",
            Reason::Holiday(_) => "holiday",
            Reason::ClosedDate(_) => "closed_date",
        }
    }
}

/// How far the searches for the next or previous opening look: a year and a day.
pub const HORIZON_DAYS: i64 = 366;

/// The years `holidays` knows (the Act on National Holidays dates from 1948; its equinox formulas hold to 2150).
const HOLIDAY_YEARS: std::ops::RangeInclusive<i32> = crate::holidays::YEARS;

/// The holiday name of a date, if it is a Japanese national holiday (substitute holidays and 国民の休日 included).
pub fn holiday_name(date: NaiveDate) -> Option<String> {
    holidays_of(date.year()).get(&date).cloned()
}

/// One year's holidays and their names.
type YearHolidays = Arc<HashMap<NaiveDate, String>>;

/// The open interval of a day, as instants; `None` is closed all day.
type DayInterval = Option<(DateTime<Utc>, DateTime<Utc>)>;

/// Every holiday of a year, computed once per process (about a millisecond a year) and shared.
fn holidays_of(year: i32) -> YearHolidays {
    static CACHE: OnceLock<Mutex<HashMap<i32, YearHolidays>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .entry(year)
        .or_insert_with(|| {
            if !HOLIDAY_YEARS.contains(&year) {
                return Arc::new(HashMap::new());
            }
            Arc::new(crate::holidays::year_holidays(year).into_iter().map(|(d, n)| (d, n.to_string())).collect())
        })
        .clone()
}

/// The hours of one date, or why it is closed all day.
fn day_hours(hours: &Hours, date: NaiveDate) -> Result<OpenHours, Reason> {
    if hours.closed_dates.contains(&date) {
        return Err(Reason::ClosedDate(date));
    }
    if hours.closed_on_holidays {
        if let Some(name) = holiday_name(date) {
            return Err(Reason::Holiday(name));
        }
    }
    let day = match date.weekday() {
        Weekday::Sat => hours.saturday,
        Weekday::Sun => hours.sunday,
        _ => hours.weekday,
    };
    day.ok_or(Reason::ClosedWeekday(date.weekday()))
}

/// The instant `minutes` after midnight of `date` in Japan (1440 is the next midnight).
fn at(date: NaiveDate, minutes: u32) -> DateTime<Utc> {
    let midnight = JST
        .from_local_datetime(&date.and_time(chrono::NaiveTime::MIN))
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&date.and_time(chrono::NaiveTime::MIN)), |t| t.with_timezone(&Utc));
    midnight + Duration::minutes(minutes.into())
}

fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&JST).date_naive()
}

fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(Duration::days(days))
}

/// A timetable with a memo of the days it has looked at: the schedule asks about the same few days for every window.
pub struct Calendar<'h> {
    hours: &'h Hours,
    days: RefCell<HashMap<NaiveDate, DayInterval>>,
}

impl<'h> Calendar<'h> {
    pub fn new(hours: &'h Hours) -> Calendar<'h> {
        Calendar { hours, days: RefCell::new(HashMap::new()) }
    }

    /// The open interval of `date`, as instants, if the date is open at all.
    fn interval(&self, date: NaiveDate) -> DayInterval {
        if let Some(known) = self.days.borrow().get(&date) {
            return *known;
        }
        let interval = day_hours(self.hours, date).ok().map(|h| (at(date, h.open), at(date, h.close)));
        self.days.borrow_mut().insert(date, interval);
        interval
    }

    /// The opening of `date`, unless the date is closed or continues a stretch open until 24:00 the day before.
    fn opening_of(&self, date: NaiveDate) -> Option<DateTime<Utc>> {
        let (open, _) = self.interval(date)?;
        let continues = add_days(date, -1).and_then(|d| self.interval(d)).is_some_and(|(_, close)| close == open);
        (!continues).then_some(open)
    }

    /// True when open at `now`.
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.interval(local_date(now)).is_some_and(|(open, close)| open <= now && now < close)
    }

    /// When the open stretch around `now` closes: `None` when closed at `now`, or when it stays open past the
    /// horizon (a facility open day and night).
    pub fn closes_after(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if !self.is_open(now) {
            return None;
        }
        let mut date = local_date(now);
        for _ in 0..=HORIZON_DAYS {
            let (_, close) = self.interval(date)?;
            let next = add_days(date, 1)?;
            match self.interval(next) {
                Some((open, _)) if open == close => date = next,
                _ => return Some(close),
            }
        }
        None
    }

    /// The first opening strictly after `now`, looking `days` days ahead.
    pub fn next_open_within(&self, now: DateTime<Utc>, days: i64) -> Option<DateTime<Utc>> {
        let today = local_date(now);
        (0..=days).filter_map(|n| add_days(today, n)).find_map(|date| {
            let open = self.opening_of(date)?;
            (open > now).then_some(open)
        })
    }

    /// The last opening strictly before `before`, looking `days` days back.
    pub fn previous_open_within(&self, before: DateTime<Utc>, days: i64) -> Option<DateTime<Utc>> {
        let today = local_date(before);
        (0..=days).filter_map(|n| add_days(today, -n)).find_map(|date| {
            let open = self.opening_of(date)?;
            (open < before).then_some(open)
        })
    }
}

/// True when open at `now`.
pub fn is_open(hours: &Hours, now: DateTime<Utc>) -> bool {
    Calendar::new(hours).is_open(now)
}

/// When the open stretch around `now` closes (see [`Calendar::closes_after`]).
pub fn closes_after(hours: &Hours, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Calendar::new(hours).closes_after(now)
}

/// The first opening strictly after `now`, looking a year ahead.
pub fn next_open(hours: &Hours, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Calendar::new(hours).next_open_within(now, HORIZON_DAYS)
}

/// The last opening strictly before `before`, looking a year back.
pub fn previous_open(hours: &Hours, before: DateTime<Utc>) -> Option<DateTime<Utc>> {
    Calendar::new(hours).previous_open_within(before, HORIZON_DAYS)
}

/// Open or closed at `now`, the reason, and the next opening.
pub fn status(hours: &Hours, now: DateTime<Utc>) -> OpenStatus {
    let today = local_date(now);
    let calendar = Calendar::new(hours);
    let reason = match day_hours(hours, today) {
        Ok(_) if calendar.is_open(now) => {
            // Open past the horizon: say until the end of today.
            let until = calendar.closes_after(now).unwrap_or_else(|| at(today, 1440));
            Reason::Open { until }
        }
        Ok(_) => Reason::OutsideHours,
        Err(reason) => reason,
    };
    let open = matches!(reason, Reason::Open { .. });
    let next_open = if open { None } else { calendar.next_open_within(now, HORIZON_DAYS) };
    OpenStatus { open, reason, next_open }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{parse_hours, parse_instant, Config};

    fn check(at: &str, expect: &str) {
        let hours = Config::builtin().contact.hours;
        let now = parse_instant(at).unwrap();
        let status = status(&hours, now);
        let next = status.next_open.map(|t| t.with_timezone(&JST).format("%m-%d %a %H:%M").to_string());
        let actual = format!(
            "{} {:?} next={}",
            if status.open { "open" } else { "closed" },
            status.reason,
            next.unwrap_or_default()
        );
        assert_eq!(actual.replace("Open { until: ", "Open(").replace(" }", ")"), expect, "at {at}");
    }

    #[test]
    fn weekdays_and_saturdays() {
        // Monday 2026-03-23.
        check("2026-03-23T07:59:59", "closed OutsideHours next=03-23 Mon 08:00");
        check("2026-03-23T08:00:00", "open Open(2026-03-23T09:00:00Z) next=");
        check("2026-03-23T17:59:59", "open Open(2026-03-23T09:00:00Z) next=");
        check("2026-03-23T18:00:00", "closed OutsideHours next=03-24 Tue 08:00");
        // Saturday 2026-03-21, the seed's window night.
        check("2026-03-21T15:59:00", "open Open(2026-03-21T07:00:00Z) next=");
        check("2026-03-21T16:00:00", "closed OutsideHours next=03-23 Mon 08:00");
        check("2026-03-21T22:00:00", "closed OutsideHours next=03-23 Mon 08:00");
        check("2026-03-22T12:00:00", "closed ClosedWeekday(Sun) next=03-23 Mon 08:00");
    }

    #[test]
    fn holidays() {
        // 春分の日 (Fri 2026-03-20).
        check("2026-03-20T10:00:00", "closed Holiday(\"春分の日\") next=03-21 Sat 08:00");
        // 2026-05-06 is a substitute holiday for Constitution Day on Sunday.
        check("2026-05-06T10:00:00", "closed Holiday(\"振替休日\") next=05-07 Thu 08:00");
        // 2026-09-22 lies between 敬老の日 and 秋分の日: a 国民の休日.
        check("2026-09-22T10:00:00", "closed Holiday(\"国民の休日\") next=09-24 Thu 08:00");
        // New Year's Day.
        check("2026-01-01T09:00:00", "closed Holiday(\"元日\") next=01-02 Fri 08:00");
        // Far outside the years the holiday rules cover: no holidays, no panic.
        assert_eq!(holiday_name(NaiveDate::from_ymd_opt(9999, 1, 1).unwrap()), None);
        assert_eq!(holiday_name(NaiveDate::from_ymd_opt(0, 1, 1).unwrap()), None);
    }

    #[test]
    fn closed_dates_and_custom_hours() {
        let mut hours = Config::builtin().contact.hours;
        hours.closed_dates.insert(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap());
        let now = parse_instant("2026-12-29T10:00:00").unwrap();
        let s = status(&hours, now);
        assert_eq!(s.reason, Reason::ClosedDate(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()));
        assert_eq!(s.next_open, Some(parse_instant("2026-12-30T08:00:00").unwrap()));
        hours.weekday = None;
        hours.saturday = None;
        assert_eq!(next_open(&hours, now), None);
    }

    #[test]
    fn day_and_night() {
        let mut hours = Config::builtin().facility;
        let always = parse_hours("00:00-24:00").unwrap();
        (hours.weekday, hours.saturday, hours.sunday, hours.closed_on_holidays) = (always, always, always, false);
        let now = parse_instant("2026-03-21T22:00:00").unwrap();
        assert!(is_open(&hours, now));
        assert_eq!(closes_after(&hours, now), None, "never closes");
        assert_eq!(next_open(&hours, now), None, "a stretch that never ends has no openings");
        assert_eq!(previous_open(&hours, now), None);
        // Closed on Sundays only: the stretch runs from Monday 00:00 to Saturday 24:00.
        hours.sunday = None;
        assert_eq!(closes_after(&hours, now), Some(parse_instant("2026-03-22T00:00:00").unwrap()));
        assert_eq!(next_open(&hours, now), Some(parse_instant("2026-03-23T00:00:00").unwrap()));
        assert_eq!(previous_open(&hours, now), Some(parse_instant("2026-03-16T00:00:00").unwrap()));
    }

    #[test]
    fn facility_openings() {
        let hours = Config::builtin().facility;
        let start = parse_instant("2026-03-21T22:00:00").unwrap();
        assert_eq!(previous_open(&hours, start), Some(parse_instant("2026-03-21T09:00:00").unwrap()));
        assert_eq!(next_open(&hours, start), Some(parse_instant("2026-03-23T09:00:00").unwrap()));
        let morning = parse_instant("2026-03-23T10:00:00").unwrap();
        assert_eq!(closes_after(&hours, morning), Some(parse_instant("2026-03-23T18:00:00").unwrap()));
    }
}
