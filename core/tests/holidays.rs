//! Holidays checked against published data: every date 1955–2099 of `tests/data/holidays-jp.tsv` (the `holidays`
//! package, whose dates agree with the Cabinet Office's list as @holiday-jp/holiday_jp carries it) is a holiday
//! here, and no other date is; the regular 祝日 carry the same names.

use chrono::{Datelike, NaiveDate};
use onshi_tray_core::holidays::year_holidays;

#[test]
fn every_holiday_from_1955_to_2099_matches_the_published_list() {
    let text = include_str!("data/holidays-jp.tsv");
    let published: Vec<(NaiveDate, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| {
            let (date, name) = l.split_once('\t').unwrap();
            (NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(), name)
        })
        .collect();
    assert!(published.len() > 2_300);
    let ours: Vec<(NaiveDate, &str)> = (1955..=2099).flat_map(year_holidays).collect();
    let missing: Vec<String> =
        published.iter().filter(|(d, _)| !ours.iter().any(|(o, _)| o == d)).map(|(d, n)| format!("{d} {n}")).collect();
    let extra: Vec<String> =
        ours.iter().filter(|(d, _)| !published.iter().any(|(p, _)| p == d)).map(|(d, n)| format!("{d} {n}")).collect();
    assert!(missing.is_empty() && extra.is_empty(), "missing: {missing:?}\nextra: {extra:?}");
    // The names of the regular 祝日 are the act's (one-off days are named at more length here).
    for (date, name) in &published {
        let ours = ours.iter().find(|(d, _)| d == date).map(|(_, n)| *n).unwrap();
        let regular = !name.contains("儀") && !name.contains("即位") && !name.contains("大喪");
        if regular {
            assert_eq!(&ours, name, "{date} ({})", date.weekday());
        }
    }
}
