//! Japan's national holidays as the Act on National Holidays (国民の祝日に関する法律, 1948) and its amendments
//! define them: the 祝日 of each year with the dates they had then, the one-off days (imperial ceremonies, the
//! Olympic moves of 2020 and 2021), 振替休日 (from 1973-04-12; since 2007 the next day that is not a holiday) and
//! 国民の休日 (a day between two 祝日, from 1986; not a Sunday or a substitute holiday before 2007).
//!
//! Pure and table-driven, checked date by date from 1955 to 2099 against published lists in core/tests/holidays.rs.
//! A special day decided after a release reaches the PCs with the next release, or at once through the
//! machine-wide `closed_dates` (see the README).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The years this module knows: the act took effect on 1948-07-20; the equinox formulas hold to 2150.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2150;

/// Every holiday of `year` with its name, sorted; empty outside [`YEARS`].
pub fn year_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    if !YEARS.contains(&year) {
        return Vec::new();
    }
    let mut days = national_days(year);
    days.sort();
    // 振替休日: a 祝日 on a Sunday gives the next day (since 2007: the next day that is not a 祝日).
    let mut substitutes = Vec::new();
    for &(date, _) in &days {
        if date.weekday() != Weekday::Sun || date < ymd(1973, 4, 12) {
            continue;
        }
        let mut next = date + Duration::days(1);
        if year >= 2007 {
            while days.iter().any(|(d, _)| *d == next) {
                next += Duration::days(1);
            }
        } else if days.iter().any(|(d, _)| *d == next) {
            continue;
        }
        if next.year() == year {
            substitutes.push((next, "振替休日"));
        }
    }
    // 国民の休日: a day whose day before and day after are both 祝日 (not substitute holidays).
    let mut between = Vec::new();
    if year >= 1986 {
        for window in days.windows(2) {
            let (first, second) = (window[0].0, window[1].0);
            if second - first != Duration::days(2) {
                continue;
            }
            let day = first + Duration::days(1);
            let substitute = substitutes.iter().any(|(d, _)| *d == day);
            if year < 2007 && (day.weekday() == Weekday::Sun || substitute) {
                continue;
            }
            if !substitute {
                between.push((day, "国民の休日"));
            }
        }
    }
    days.extend(substitutes);
    days.extend(between);
    days.sort();
    days.dedup_by_key(|(d, _)| *d);
    days
}

/// The name of the holiday on `date`, if it is one.
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    year_holidays(date.year()).into_iter().find(|(d, _)| *d == date).map(|(_, name)| name)
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// The `n`-th Monday of a month (ハッピーマンデー).
fn nth_monday(year: i32, month: u32, n: u8) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, n).unwrap_or(NaiveDate::MIN)
}

/// 春分の日 and 秋分の日: the day of the equinox in Japan by the usual approximation of the National Astronomical
/// Observatory's published dates (exact for every year the observatory has announced).
fn equinox(year: i32, spring: bool) -> NaiveDate {
    let y = f64::from(year);
    let (base, month) = match (spring, year) {
        (true, ..=1979) => (20.8357, 3),
        (true, 1980..=2099) => (20.8431, 3),
        (true, _) => (21.8510, 3),
        (false, ..=1979) => (23.2588, 9),
        (false, 1980..=2099) => (23.2488, 9),
        (false, _) => (24.2488, 9),
    };
    let leap_base = if year <= 1979 { 1983.0 } else { 1980.0 };
    // The leap-year term is an integer division, truncated toward zero (before 1983 it is negative).
    let day = (base + 0.242194 * (y - 1980.0) - ((y - leap_base) / 4.0).trunc()).floor();
    ymd(year, month, day as u32)
}

/// The 祝日 of a year (without 振替休日 and 国民の休日), with the dates the act gave them that year.
fn national_days(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut days = vec![
        (ymd(year, 1, 1), "元日"),
        (if year < 2000 { ymd(year, 1, 15) } else { nth_monday(year, 1, 2) }, "成人の日"),
        (equinox(year, true), "春分の日"),
        (ymd(year, 5, 3), "憲法記念日"),
        (ymd(year, 5, 5), "こどもの日"),
        (equinox(year, false), "秋分の日"),
        (ymd(year, 11, 3), "文化の日"),
        (ymd(year, 11, 23), "勤労感謝の日"),
    ];
    if year >= 1967 {
        days.push((ymd(year, 2, 11), "建国記念の日"));
    }
    match year {
        ..=1988 => days.push((ymd(year, 4, 29), "天皇誕生日")),
        1989..=2018 => days.push((ymd(year, 12, 23), "天皇誕生日")),
        2019 => {}
        _ => days.push((ymd(year, 2, 23), "天皇誕生日")),
    }
    match year {
        1989..=2006 => days.push((ymd(year, 4, 29), "みどりの日")),
        2007.. => {
            days.push((ymd(year, 4, 29), "昭和の日"));
            days.push((ymd(year, 5, 4), "みどりの日"));
        }
        _ => {}
    }
    match year {
        1996..=2002 => days.push((ymd(year, 7, 20), "海の日")),
        2020 => days.push((ymd(2020, 7, 23), "海の日")),
        2021 => days.push((ymd(2021, 7, 22), "海の日")),
        2003.. => days.push((nth_monday(year, 7, 3), "海の日")),
        _ => {}
    }
    match year {
        2016..=2019 | 2022.. => days.push((ymd(year, 8, 11), "山の日")),
        2020 => days.push((ymd(2020, 8, 10), "山の日")),
        2021 => days.push((ymd(2021, 8, 8), "山の日")),
        _ => {}
    }
    match year {
        1966..=2002 => days.push((ymd(year, 9, 15), "敬老の日")),
        2003.. => days.push((nth_monday(year, 9, 3), "敬老の日")),
        _ => {}
    }
    match year {
        1966..=1999 => days.push((ymd(year, 10, 10), "体育の日")),
        2000..=2019 => days.push((nth_monday(year, 10, 2), "体育の日")),
        2020 => days.push((ymd(2020, 7, 24), "スポーツの日")),
        2021 => days.push((ymd(2021, 7, 23), "スポーツの日")),
        2022.. => days.push((nth_monday(year, 10, 2), "スポーツの日")),
        _ => {}
    }
    let special: &[(i32, u32, u32, &str)] = &[
        (1959, 4, 10, "皇太子明仁親王の結婚の儀"),
        (1989, 2, 24, "昭和天皇の大喪の礼"),
        (1990, 11, 12, "即位礼正殿の儀"),
        (1993, 6, 9, "皇太子徳仁親王の結婚の儀"),
        (2019, 5, 1, "天皇の即位の日"),
        (2019, 10, 22, "即位礼正殿の儀"),
    ];
    days.extend(special.iter().filter(|s| s.0 == year).map(|&(y, m, d, name)| (ymd(y, m, d), name)));
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_olympic_moves_and_the_days_around_them() {
        let dates =
            |year| year_holidays(year).into_iter().map(|(d, _)| d.format("%m-%d").to_string()).collect::<Vec<_>>();
        let y2021 = dates(2021);
        for day in ["07-22", "07-23", "08-08", "08-09"] {
            assert!(y2021.contains(&day.to_string()), "{day}: {y2021:?}");
        }
        for day in ["07-19", "08-11", "10-11"] {
            assert!(!y2021.contains(&day.to_string()), "{day}: {y2021:?}");
        }
        assert_eq!(holiday_name(ymd(2019, 4, 30)), Some("国民の休日"));
        assert_eq!(holiday_name(ymd(1985, 5, 4)), None, "国民の休日 dates from 1986");
        assert_eq!(holiday_name(ymd(1973, 2, 12)), None, "振替休日 dates from 1973-04-12");
        assert_eq!(holiday_name(ymd(2008, 5, 6)), Some("振替休日"), "the 2007 rule: the next day that is not one");
    }
}
