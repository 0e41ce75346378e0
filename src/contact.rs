//! Call-center opening hours: open or closed at an instant, why, and when it next opens.
//!
//! Japanese national holidays, substitute holidays and 国民の休日 come from the `jpholiday` crate
//! (computed from the Act on National Holidays, including the special years 2019–2021);
//! `closed_dates` in the config covers the rest, such as the year-end break.
//! This module takes `now` as a parameter and never reads the clock.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

use crate::config::{Contact, DayHours, JST};

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
pub struct ContactStatus {
    pub open: bool,
    pub reason: Reason,
    /// The next instant the call center opens, if it is closed now (none within a year: `None`).
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

/// The holiday name of a date, if it is a Japanese national holiday (substitute holidays and 国民の休日 included).
pub fn holiday_name(date: NaiveDate) -> Option<String> {
    jpholiday::jpholiday::JPHoliday::new().is_holiday_name(&date)
}

/// Why a whole day is closed, or its hours.
fn day_hours(contact: &Contact, date: NaiveDate) -> Result<(chrono::NaiveTime, chrono::NaiveTime), Reason> {
    if contact.closed_dates.contains(&date) {
        return Err(Reason::ClosedDate(date));
    }
    if contact.closed_on_holidays {
        if let Some(name) = holiday_name(date) {
            return Err(Reason::Holiday(name));
        }
    }
    let hours: DayHours = match date.weekday() {
        Weekday::Sat => contact.saturday,
        Weekday::Sun => contact.sunday,
        _ => contact.weekday,
    };
    hours.ok_or(Reason::ClosedWeekday(date.weekday()))
}

fn at(date: NaiveDate, time: chrono::NaiveTime) -> DateTime<Utc> {
    // Japan has no daylight saving time, so every local time exists once.
    JST.from_local_datetime(&date.and_time(time))
        .earliest()
        .map_or_else(|| Utc.from_utc_datetime(&date.and_time(time)), |t| t.with_timezone(&Utc))
}

/// Open or closed at `now`, the reason, and the next opening.
pub fn status(contact: &Contact, now: DateTime<Utc>) -> ContactStatus {
    let local = now.with_timezone(&JST);
    let today = local.date_naive();
    let reason = match day_hours(contact, today) {
        Ok((open, close)) => {
            let (open_at, close_at) = (at(today, open), at(today, close));
            if open_at <= now && now < close_at {
                Reason::Open { until: close_at }
            } else {
                Reason::OutsideHours
            }
        }
        Err(reason) => reason,
    };
    let open = matches!(reason, Reason::Open { .. });
    let next_open = if open { None } else { next_open(contact, now) };
    ContactStatus { open, reason, next_open }
}

/// The first opening strictly after `now`, looking a year ahead.
pub fn next_open(contact: &Contact, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let today = now.with_timezone(&JST).date_naive();
    (0..=366).map(|days| today + Duration::days(days)).find_map(|date| match day_hours(contact, date) {
        Ok((open, _)) if at(date, open) > now => Some(at(date, open)),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn check(at: &str, expect: &str) {
        let contact = Config::builtin().contact;
        let now = crate::config::parse_instant(at).unwrap();
        let status = status(&contact, now);
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
        check("2026-05-06T10:00:00", "closed Holiday(\"憲法記念日 振替休日\") next=05-07 Thu 08:00");
        // 2026-09-22 lies between 敬老の日 and 秋分の日: a 国民の休日.
        check("2026-09-22T10:00:00", "closed Holiday(\"国民の休日\") next=09-24 Thu 08:00");
        // New Year's Day.
        check("2026-01-01T09:00:00", "closed Holiday(\"元日\") next=01-02 Fri 08:00");
    }

    #[test]
    fn closed_dates_and_custom_hours() {
        let mut contact = Config::builtin().contact;
        contact.closed_dates.insert(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap());
        let now = crate::config::parse_instant("2026-12-29T10:00:00").unwrap();
        let s = status(&contact, now);
        assert_eq!(s.reason, Reason::ClosedDate(NaiveDate::from_ymd_opt(2026, 12, 29).unwrap()));
        assert_eq!(s.next_open, Some(crate::config::parse_instant("2026-12-30T08:00:00").unwrap()));
        contact.weekday = None;
        contact.saturday = None;
        assert_eq!(next_open(&contact, now), None);
    }
}
