//! onshi-tray's reader of maintenance announcements: the text of a circular, a portal article or an e-mail in,
//! the maintenance windows a careful reader takes from it out, each with the words it came from.
//!
//! Pure like the core: no clock (the reference date is a parameter), no files, no network; bounded (a text over
//! [`MAX_TEXT`] bytes is read up to it, and said) and linear (each stage is one pass of linear-time patterns).
//! It proposes; a person decides (`onshi-tray import` shows what it found before anything changes).
//!
//! Stages, each a data test of its own: [`normalize`] (the odd code points of PDFs and web pages folded, a map back
//! to the original) → [`points`] (dates, times, ranges) → here: what each range's sentence says (impact, system,
//! hedges), the years resolved (as written, the preface's `令和8年4月においては`, the publication date, the
//! weekday), windows assembled and merged, and what is not a window said as such.

pub mod decode;
pub mod edit;
pub mod input;
pub mod normalize;
pub mod pdf;
pub mod points;

use chrono::{Datelike, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use serde::Serialize;

use points::{DateSpec, Point, TimeSpec};

/// The most text read; the rest is left out, and said.
pub const MAX_TEXT: usize = 1024 * 1024;

/// What a window does to a facility, as the text says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// A logged-in facility may be logged out.
    Logout,
    /// The system (or the one the text names) cannot be used.
    Outage,
    /// Only a part of it: registration for the My Number health card, a delivery; the rest works.
    Partial,
}

impl Impact {
    pub fn code(self) -> &'static str {
        match self {
            Impact::Logout => "logout",
            Impact::Outage => "outage",
            Impact::Partial => "partial",
        }
    }
}

/// Where a value was read: the 1-based line of the original text and the sentence, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub line: usize,
    pub text: String,
}

/// One window the text announces.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// `None` where the text only says when it ended (an incident solved at 2:45).
    pub start: Option<chrono::DateTime<FixedOffset>>,
    /// `None` where it is open (`再開日については、決まり次第`).
    pub end: Option<chrono::DateTime<FixedOffset>>,
    /// Only dates are given: from 00:00 of the first day to 00:00 after the last.
    pub all_day: bool,
    pub impact: Impact,
    /// The system as the text names it.
    pub system: Option<String>,
    pub title: String,
    /// The text says the end may move (`(予定)`, `前後する`, `延長`).
    pub end_may_change: bool,
    /// The latest end the text states (`最大で…まで延長`).
    pub end_latest: Option<chrono::DateTime<FixedOffset>>,
    /// What had to be inferred (a year from the preface, the weekday; a next day).
    pub inferred: Vec<String>,
    /// What the text tells staff to do, where it says it (`再度ログイン…`).
    pub instructions: Option<String>,
    /// What the window does, in the announcement's terms, where it names a scope (`マイナンバーカードの健康保険証の
    /// 利用登録のみ。オンライン資格確認は通常どおり使えます。`): the notices' effect sentence.
    pub effect: Option<String>,
    pub evidence: Evidence,
}

/// A date or time of the text that is not a window, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotWindow {
    pub text: String,
    pub line: usize,
    pub why: String,
}

/// All the reader found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub windows: Vec<Proposal>,
    pub not_windows: Vec<NotWindow>,
    /// What it could not decide, or what the text leaves open.
    pub notes: Vec<String>,
}

/// Reads `text`. `reference`: the day the text was published (`--published`), or else the day it is read; a year
/// the text does not write comes from the text's preface, then this day, then the weekday written.
pub fn read(text: &str, reference: NaiveDate) -> Reading {
    let mut reading = Reading::default();
    let text = if text.len() > MAX_TEXT {
        let mut cut = MAX_TEXT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        reading.notes.push(format!("the text is longer than {MAX_TEXT} bytes: only its first {MAX_TEXT} were read"));
        &text[..cut]
    } else {
        text
    };
    let normalized = normalize::normalize(text);
    let norm = normalized.text.as_str();
    let lines = normalize::Lines::of(text);
    let source = Source { text, normalized: &normalized, lines: &lines };
    let context = Context::of(norm, reference);
    let points = points::points(norm);
    let mut used = vec![false; points.len()];
    let mut index = 0;
    while index < points.len() {
        let point = points[index];
        if let Some((end, consumed, end_at)) = range_end(norm, &points, index) {
            for u in &mut used[index..index + consumed] {
                *u = true;
            }
            let span = point.start..end_at;
            match context.window(norm, point, end, span.clone()) {
                Ok(window) => add(&mut reading.windows, window.with_evidence(&source, span)),
                Err(why) => reading.not_windows.push(not_window(&source, span, why)),
            }
            index += consumed;
            continue;
        }
        index += 1;
    }
    // Stopped at one point and resumed (or solved) at another, without a range mark between: `…より運用を停止して
    // おりましたが、…から運用を再開いたしました`, `…に事象が解消`.
    let resumed = |p: &Point| {
        after_words(
            norm,
            p.end,
            &[
                "から運用を再開",
                "に運用を再開",
                "再開いたしました",
                "に事象が解消",
                "に解消",
                "に復旧",
                "復旧いたしました",
            ],
        )
    };
    let stopped = |p: &Point| {
        after_words(
            norm,
            p.end,
            &["より運用を停止", "から運用を停止", "より停止", "から停止", "に停止", "から利用を停止", "より利用を停止"],
        )
    };
    for (i, point) in points.iter().enumerate() {
        if used[i] || !resumed(point) || point.date.is_none() && point.time.is_none() {
            continue;
        }
        used[i] = true;
        // The stop is said shortly before the resumption: at most a few points back (bounded work).
        let start = (i.saturating_sub(8)..i).rev().find(|&j| !used[j] && stopped(&points[j]));
        if let Some(j) = start {
            used[j] = true;
        }
        let span = start.map_or(point.start, |j| points[j].start)..point.end;
        match context.reported(norm, start.map(|j| points[j]), *point, span.clone()) {
            Ok(window) => add(&mut reading.windows, window.with_evidence(&source, span)),
            Err(why) => reading.not_windows.push(not_window(&source, span, why)),
        }
    }
    // Stopped, with the end still open: `…から利用を停止しています。再開日については、決まり次第…公表します`.
    let open_end = ["再開日", "再開の時期", "復旧の見込み", "復旧時期"].iter().any(|w| norm.contains(w))
        && ["決まり次第", "未定", "追って", "改めて"].iter().any(|w| norm.contains(w));
    for (i, point) in points.iter().enumerate() {
        if used[i] || !open_end || !stopped(point) {
            continue;
        }
        used[i] = true;
        let span = point.span();
        match context.open(*point) {
            Ok(window) => add(&mut reading.windows, window.with_evidence(&source, span)),
            Err(why) => reading.not_windows.push(not_window(&source, span, why)),
        }
    }
    for (i, point) in points.iter().enumerate() {
        if used[i] {
            continue;
        }
        let why = context.why_not(norm, point);
        if let Some(why) = why {
            reading.not_windows.push(not_window(&source, point.span(), why));
        }
    }
    if let Some(cut) = points
        .last()
        .filter(|p| p.time.is_none() && norm[p.end..].trim().is_empty() && norm[..p.start].trim_end().ends_with('・'))
    {
        let written = norm[cut.start..cut.end].trim();
        reading.notes.push(format!(
            "the text ends inside an item (`{written}`): a window on that day may be announced, but its times are cut off; ask for the whole announcement"
        ));
    }
    for window in &mut reading.windows {
        if context.extends_all {
            window.end_may_change = true;
        }
    }
    if reading.windows.is_empty() {
        reading.notes.push("no maintenance window was found in this text".to_string());
    }
    reading
}

/// Adds a window, or merges it into one with the same times (a circular that states its window twice).
fn add(windows: &mut Vec<Proposal>, window: Proposal) {
    match windows.iter_mut().find(|w| w.start == window.start && w.end == window.end) {
        Some(same) => {
            same.end_may_change |= window.end_may_change;
            if same.end_latest.is_none() {
                same.end_latest = window.end_latest;
            }
        }
        None => windows.push(window),
    }
}

/// The original text, its normalized form and its lines: what evidence is taken from.
struct Source<'a> {
    text: &'a str,
    normalized: &'a normalize::Normalized,
    lines: &'a normalize::Lines,
}

fn not_window(source: &Source<'_>, span: std::ops::Range<usize>, why: String) -> NotWindow {
    let (text, normalized) = (source.text, source.normalized);
    let (from, to) = (normalized.original(span.start), normalized.original(span.end.saturating_sub(1)));
    let to = text[to..].chars().next().map_or(to, |c| to + c.len_utf8());
    NotWindow { text: text[from..to.max(from)].trim().to_string(), line: source.lines.line_of(from), why }
}

/// Whether the normalized text right after `at` (white space aside) starts with one of `words`.
fn after_words(norm: &str, at: usize, words: &[&str]) -> bool {
    let rest: String = norm[at..].chars().filter(|c| !c.is_whitespace() && *c != '、').take(16).collect();
    words.iter().any(|w| rest.starts_with(w))
}

/// The range that starts at `points[index]`: its end point, how many points it used, and where it ends.
fn range_end(norm: &str, points: &[Point], index: usize) -> Option<(Point, usize, usize)> {
    let start = points[index];
    let rest = &norm[start.end..];
    let mark_len = rest.len() - rest.trim_start().len();
    let after_mark = rest.trim_start();
    let mark = ["~", "から", "⇒", "→", "-", "–", "—", "ー"].iter().find(|m| after_mark.starts_with(**m))?;
    let end_from = start.end + mark_len + mark.len();
    if let Some(next) = points.get(index + 1) {
        if points::joins(&norm[start.end..next.start]) {
            return Some((*next, 2, next.end));
        }
    }
    // A day alone after the mark (`20日から24日`), only for a range of dates.
    if start.time.is_none() {
        if let Some((day, end)) = points::bare_day(norm, end_from) {
            let date = DateSpec { year: None, month: None, day, weekday: None };
            return Some((Point { start: end_from, end, date: Some(date), time: None }, 1, end));
        }
    }
    None
}

/// What the whole text says, for each of its windows: the preface's months and years, the impact and the system,
/// hedges that hold for every window.
struct Context {
    reference: NaiveDate,
    /// `令和8年4月` and `8月及び9月` in a preface: month to year.
    months: Vec<(u32, i32)>,
    impact: Impact,
    system: Option<String>,
    /// `終了時刻については前後する`, `時間が前後する`: every window's end may move.
    extends_all: bool,
    /// A `【予定日時】` label: the times are planned.
    planned: bool,
    instructions: Option<String>,
    effect: Option<String>,
    /// The text says オンライン資格確認 itself keeps working.
    onshi_works: bool,
}

/// The scope in the announcement's own terms, where it names one, and that オン資 itself keeps working.
fn effect_of(impact: Impact, system: Option<&str>, onshi_works: bool) -> Option<String> {
    let works = if onshi_works { "オンライン資格確認は通常どおり使えます。" } else { "" };
    match (impact, system) {
        (Impact::Partial, Some(scope)) if scope.contains("利用登録") => Some(format!("{scope}のみ。{works}")),
        (Impact::Outage, Some(other)) if onshi_works && !other.starts_with("オンライン資格確認") => {
            Some(format!("{other}を利用できません。{works}"))
        }
        _ => None,
    }
}

/// What a window's own sentence says, where it says it: a text announcing two systems' windows names each one's
/// system and impact beside its dates (`また、マイナポータルは11/14(土)21:30～翌2:00に利用できなくなります`).
fn sentence_says(norm: &str, span: &std::ops::Range<usize>) -> (Option<Impact>, Option<&'static str>) {
    let from =
        norm[..span.start].rfind(['。', '\n']).map_or(0, |at| at + norm[at..].chars().next().map_or(1, char::len_utf8));
    let to = norm[span.end..].find(['。', '\n']).map_or(norm.len(), |at| span.end + at);
    let sentence = &norm[from..to];
    let has = |words: &[&str]| words.iter().any(|w| sentence.contains(w));
    let impact = if has(&["ログアウト"]) {
        Some(Impact::Logout)
    } else if has(&["利用登録", "一部の"]) {
        Some(Impact::Partial)
    } else if has(&["利用できな", "利用を停止", "接続できな", "通信断", "停止します", "停止いたします"])
    {
        Some(Impact::Outage)
    } else {
        None
    };
    let system = SYSTEMS
        .iter()
        .filter_map(|s| sentence.find(s).map(|at| (at, *s)))
        .min_by_key(|(at, s)| (*at, std::cmp::Reverse(s.len())))
        .map(|(_, s)| s);
    (impact, system)
}

const SYSTEMS: &[&str] = &[
    "オンライン資格確認等システム(Web画面)",
    "オンライン資格確認等システム",
    "医療機関等向け総合ポータルサイト",
    "総合ポータルサイト",
    "電子証明書発行申請サイト",
    "電子処方箋管理サービス",
    "マイナポータル",
    "医療保険者等向け中間サーバー",
    "中間サーバー",
    "住基ネット",
    "公的個人認証",
    "Windows Update",
    "PMH",
    "ポータルサイト",
];

impl Context {
    fn of(norm: &str, reference: NaiveDate) -> Context {
        let months = preface_months(norm);
        let has = |words: &[&str]| words.iter().any(|w| norm.contains(w));
        let impact = if has(&["ログアウト"]) {
            Impact::Logout
        } else if has(&["利用登録", "配信停止", "一部の"]) {
            Impact::Partial
        } else {
            Impact::Outage
        };
        // The system: the first one named in a sentence that says what stops; else the first named at all.
        let system = SYSTEMS
            .iter()
            .filter_map(|s| norm.find(s).map(|at| (at, *s)))
            .min_by_key(|(at, s)| (*at, std::cmp::Reverse(s.len())))
            .map(|(_, s)| s.to_string());
        let system = match impact {
            Impact::Partial if norm.contains("利用登録") => {
                Some("マイナンバーカードの健康保険証の利用登録".to_string())
            }
            _ => system,
        };
        let instructions = norm
            .split(['。', '\n'])
            .map(str::trim)
            .find(|s| {
                ["再度ログイン", "ログインし", "時間を空けて", "再起動", "再度お試し"].iter().any(|w| s.contains(w))
                    && s.chars().count() < 200
            })
            .map(|s| format!("{s}。"));
        // The scope in the announcement's own terms, where it names one, and that オン資 itself keeps working.
        let onshi_works = has(&[
            "オンライン資格確認は通常どおり",
            "資格確認は通常通り",
            "オンライン資格確認等システムの動作には影響はありません",
            "オンライン資格確認等システムには影響はありません",
        ]);
        let effect = effect_of(impact, system.as_deref(), onshi_works);
        Context {
            onshi_works,
            reference,
            months,
            impact,
            system,
            effect,
            extends_all: has(&["前後する", "早まる", "前後いたします"]),
            planned: has(&["【予定日時】"]),
            instructions,
        }
    }

    /// A window from a range of the text, or why the range is not one.
    fn window(&self, norm: &str, start: Point, end: Point, span: std::ops::Range<usize>) -> Result<Proposal, String> {
        let Some(start_date) = start.date else {
            return Err("a span of times with no date (opening hours, or a time of day)".to_string());
        };
        let mut inferred = Vec::new();
        let (year, month) = self.year_month(start_date, None, &mut inferred)?;
        let first = NaiveDate::from_ymd_opt(year, month, start_date.day).ok_or("not a date of the calendar")?;
        check_weekday(first, start_date.weekday, &mut inferred);
        let last = match end.date {
            Some(end_date) => {
                let month = end_date.month.unwrap_or(first.month());
                let mut year = end_date.year.unwrap_or(first.year());
                if end_date.year.is_none() && (month, end_date.day) < (first.month(), first.day()) {
                    year += 1;
                }
                NaiveDate::from_ymd_opt(year, month, end_date.day).ok_or("the end is not a date of the calendar")?
            }
            None => first,
        };
        let (start_at, end_at, all_day) = match (start.time, end.time) {
            (None, None) => (at(first, 0, 0), at(last, 0, 0) + Duration::days(1), true),
            (Some(t), None) => (at(first, t.hour, t.minute), at(last, 0, 0) + Duration::days(1), false),
            (None, Some(t)) => (at(first, 0, 0), time_on(last, t), false),
            (Some(s), Some(e)) => {
                let start_at = at(first, s.hour, s.minute);
                let mut end_at = time_on(last, e);
                if e.next_day && end.date.is_none() {
                    end_at += Duration::days(1);
                } else if end_at <= start_at && end.date.is_none() {
                    end_at += Duration::days(1);
                    inferred.push("the end is on the next day (its time is before the start's)".to_string());
                }
                (start_at, end_at, false)
            }
        };
        if end_at <= start_at {
            return Err("it ends before it starts".to_string());
        }
        let tail = &norm[span.end..];
        let planned_here = tail.trim_start().starts_with("(予定)") || self.planned;
        let (end_latest, extended) = self.extension(tail, first);
        // Its own sentence's system and impact, where the sentence names another system than the text's.
        let (impact, system, effect) = match sentence_says(norm, &span) {
            (Some(impact), Some(system)) if Some(system) != self.system.as_deref() => {
                (impact, Some(system.to_string()), effect_of(impact, Some(system), self.onshi_works))
            }
            _ => (self.impact, self.system.clone(), self.effect.clone()),
        };
        Ok(Proposal {
            start: Some(jst(start_at)),
            end: Some(jst(end_at)),
            all_day,
            impact,
            system,
            title: self.title(),
            end_may_change: planned_here || extended,
            end_latest,
            inferred,
            instructions: self.instructions.clone(),
            effect,
            evidence: Evidence { line: 0, text: String::new() },
        })
    }

    /// A window reported after the fact: stopped at `start` (if the text says), resumed or solved at `end`.
    fn reported(
        &self,
        _norm: &str,
        start: Option<Point>,
        end: Point,
        _span: std::ops::Range<usize>,
    ) -> Result<Proposal, String> {
        let mut inferred = Vec::new();
        let resolve = |point: Point, inferred: &mut Vec<String>| -> Result<NaiveDateTime, String> {
            let date = point.date.ok_or("a time with no date")?;
            let (year, month) = self.year_month(date, Some(true), inferred)?;
            let day = NaiveDate::from_ymd_opt(year, month, date.day).ok_or("not a date of the calendar")?;
            Ok(point.time.map_or(at(day, 0, 0), |t| time_on(day, t)))
        };
        let end_at = resolve(end, &mut inferred)?;
        let start_at = start.map(|p| resolve(p, &mut inferred)).transpose()?;
        if start_at.is_none() {
            inferred.push("the start is not written (only when it was solved)".to_string());
        }
        Ok(Proposal {
            start: start_at.map(jst),
            end: Some(jst(end_at)),
            all_day: false,
            impact: self.impact,
            system: self.system.clone(),
            title: self.title(),
            end_may_change: false,
            end_latest: None,
            inferred,
            instructions: self.instructions.clone(),
            effect: self.effect.clone(),
            evidence: Evidence { line: 0, text: String::new() },
        })
    }

    /// A window that started at `start` and whose end the text leaves open.
    fn open(&self, start: Point) -> Result<Proposal, String> {
        let mut inferred = Vec::new();
        let date = start.date.ok_or("a time with no date")?;
        let (year, month) = self.year_month(date, None, &mut inferred)?;
        let day = NaiveDate::from_ymd_opt(year, month, date.day).ok_or("not a date of the calendar")?;
        check_weekday(day, date.weekday, &mut inferred);
        let start_at = start.time.map_or(at(day, 0, 0), |t| time_on(day, t));
        inferred.push("the end is open: the text says it will be announced".to_string());
        Ok(Proposal {
            start: Some(jst(start_at)),
            end: None,
            all_day: start.time.is_none(),
            impact: self.impact,
            system: self.system.clone(),
            title: self.title(),
            end_may_change: true,
            end_latest: None,
            inferred,
            instructions: self.instructions.clone(),
            effect: self.effect.clone(),
            evidence: Evidence { line: 0, text: String::new() },
        })
    }

    fn title(&self) -> String {
        match &self.system {
            Some(system) => format!("{system}のメンテナンス"),
            None => "メンテナンス".to_string(),
        }
    }

    /// A `※` note right after a window that extends it (`最大で12/28(日)08:00まで延長`): the latest end.
    fn extension(&self, tail: &str, first: NaiveDate) -> (Option<chrono::DateTime<FixedOffset>>, bool) {
        let note: String = tail.trim_start().chars().take(120).collect();
        let note = note.trim_start_matches(['※', ' ']);
        let attached = tail.trim_start().starts_with('※') || tail.trim_start().starts_with("(予定)※");
        if !attached && !note.starts_with("作業状況") {
            return (None, false);
        }
        let sentence = note.split('。').next().unwrap_or("");
        if !sentence.contains("延長") {
            return (None, false);
        }
        let latest = points::points(sentence).into_iter().find_map(|p| {
            let date = p.date?;
            let month = date.month.unwrap_or(first.month());
            let mut year = date.year.unwrap_or(first.year());
            if date.year.is_none() && month < first.month() {
                year += 1;
            }
            let day = NaiveDate::from_ymd_opt(year, month, date.day)?;
            Some(jst(p.time.map_or(at(day, 0, 0), |t| time_on(day, t))))
        });
        (latest, true)
    }

    /// The year and month of a date as written, else from the preface, else near the reference day (a report
    /// of something past prefers the past), the weekday deciding between years where it is written.
    fn year_month(&self, date: DateSpec, past: Option<bool>, inferred: &mut Vec<String>) -> Result<(i32, u32), String> {
        let month = match date.month {
            Some(month) => month,
            None => {
                inferred.push("the month from the publication date".to_string());
                self.reference.month()
            }
        };
        if let Some(year) = date.year {
            return Ok((year, month));
        }
        if let Some((_, year)) = self.months.iter().find(|(m, _)| *m == month) {
            inferred.push(format!("the year {year} from the text's preface"));
            return Ok((*year, month));
        }
        let candidates = [self.reference.year() - 1, self.reference.year(), self.reference.year() + 1];
        let score = |year: i32| -> Option<i64> {
            let day = NaiveDate::from_ymd_opt(year, month, date.day)?;
            let days = (day - self.reference).num_days();
            // Announcements come before their windows (up to most of a year); reports after.
            let distance = match past {
                Some(true) if days <= 1 => -days,
                Some(true) => days * 10,
                _ if days >= -31 => days.abs(),
                _ => days.abs() * 10,
            };
            let weekday_wrong = date.weekday.is_some_and(|w| w != day.weekday());
            Some(distance + if weekday_wrong { 100_000 } else { 0 })
        };
        let year = candidates
            .iter()
            .filter_map(|y| score(*y).map(|s| (s, *y)))
            .min()
            .map(|(_, y)| y)
            .ok_or("not a date of the calendar")?;
        let by_weekday = date.weekday.is_some()
            && candidates.iter().filter(|y| score(**y).is_some_and(|s| s < 100_000)).count() == 1;
        inferred.push(if by_weekday {
            format!("the year {year} from the weekday written and the publication date")
        } else {
            format!("the year {year} from the publication date")
        });
        Ok((year, month))
    }

    /// Why a point outside every window is not one; `None` for a point not worth a word.
    fn why_not(&self, norm: &str, point: &Point) -> Option<String> {
        let before: String = norm[..point.start].chars().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
        let after: String = norm[point.end..].chars().take(16).collect();
        let why =
            if after.contains("送信") || after.contains("提出") || after.contains("締切") || after.contains("期限")
            {
                "a date for something else (a mail, a deadline)"
            } else if after.contains("追記") || before.contains("追記") {
                "the time a note was added"
            } else if after.contains("延長") || before.contains("最大") {
                "the latest end of a window (kept with it)"
            } else if after.contains("予定はございません")
                || after.contains("予定はありません")
                || norm[point.end..].trim_start().starts_with("の計画停止の予定はございません")
            {
                "a month without windows"
            } else if point.time.is_none()
                && (before.ends_with('\n') || before.is_empty() || before.trim_end().ends_with('連'))
            {
                "the letter's date"
            } else if point.time.is_none() && point.date.is_some() {
                "a date with no time"
            } else if point.date.is_none() {
                "a time with no date"
            } else {
                "a date and time that is not a span"
            };
        Some(why.to_string())
    }
}

/// `令和8年4月においては`, `令和7年12月および令和8年1月`, `令和8年8月及び9月`: each month with its year.
fn preface_months(norm: &str) -> Vec<(u32, i32)> {
    use std::sync::OnceLock;
    static REGEX: OnceLock<regex::Regex> = OnceLock::new();
    let regex = REGEX.get_or_init(|| {
        regex::Regex::new(r"(?:(?P<era>令和|平成) ?(?P<era_year>元|\d{1,2}) ?年|(?P<year>(?:19|20)\d{2}) ?年) ?(?P<month>\d{1,2}) ?月(?P<more>(?: ?(?:および|及び|、|と|・) ?(?:(?:令和|平成) ?(?:元|\d{1,2}) ?年|(?:19|20)\d{2} ?年)? ?\d{1,2} ?月)*)(?: ?(?:においては|には|の計画|は|分))")
            .expect("the preface pattern is valid")
    });
    let year_of = |era: Option<&str>, era_year: Option<&str>, year: Option<&str>| -> Option<i32> {
        match (era, era_year) {
            (Some(era), Some(n)) => {
                let n = if n == "元" { 1 } else { n.parse().ok()? };
                Some(if era == "令和" { 2018 + n } else { 1988 + n })
            }
            _ => year?.parse().ok(),
        }
    };
    static MORE: OnceLock<regex::Regex> = OnceLock::new();
    let more_regex = MORE.get_or_init(|| {
        regex::Regex::new(r"(?:(?P<era>令和|平成) ?(?P<era_year>元|\d{1,2}) ?年|(?P<year>(?:19|20)\d{2}) ?年)? ?(?P<month>\d{1,2}) ?月")
            .expect("the month pattern is valid")
    });
    let mut months = Vec::new();
    for captures in regex.captures_iter(norm) {
        let Some(mut year) = year_of(
            captures.name("era").map(|m| m.as_str()),
            captures.name("era_year").map(|m| m.as_str()),
            captures.name("year").map(|m| m.as_str()),
        ) else {
            continue;
        };
        let Some(month) = captures.name("month").and_then(|m| m.as_str().parse().ok()) else { continue };
        months.push((month, year));
        let more = captures.name("more").map_or("", |m| m.as_str());
        for part in more_regex.captures_iter(more) {
            if let Some(y) = year_of(
                part.name("era").map(|m| m.as_str()),
                part.name("era_year").map(|m| m.as_str()),
                part.name("year").map(|m| m.as_str()),
            ) {
                year = y;
            }
            if let Some(month) = part.name("month").and_then(|m| m.as_str().parse().ok()) {
                months.push((month, year));
            }
        }
    }
    months
}

fn check_weekday(day: NaiveDate, written: Option<chrono::Weekday>, inferred: &mut Vec<String>) {
    if let Some(written) = written.filter(|w| *w != day.weekday()) {
        inferred.push(format!("the weekday written ({written}) is not that of {day} ({})", day.weekday()));
    }
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    day.and_time(NaiveTime::from_hms_opt(hour.min(23), minute, 0).unwrap_or(NaiveTime::MIN))
}

/// A time on a day, `24:00` being the next day's midnight.
fn time_on(day: NaiveDate, time: TimeSpec) -> NaiveDateTime {
    if time.hour >= 24 {
        return at(day, 0, 0) + Duration::days(1);
    }
    at(day, time.hour, time.minute)
}

/// Japan time.
fn jst(t: NaiveDateTime) -> chrono::DateTime<FixedOffset> {
    let offset = FixedOffset::east_opt(9 * 3600).expect("+09:00 is an offset");
    offset.from_local_datetime(&t).single().unwrap_or_else(|| offset.from_utc_datetime(&t))
}

impl Proposal {
    fn with_evidence(mut self, source: &Source<'_>, span: std::ops::Range<usize>) -> Proposal {
        let text = source.text;
        let from = source.normalized.original(span.start);
        // The sentence around the span, as written: from the line's start or the last `。` to the next `。`.
        // A list item (`・` after white space) is its own sentence: texts whose line ends were lost list many on one.
        let item = |at: usize| {
            let before = text[..at].chars().next_back();
            text[at..].starts_with('・') && before.is_none_or(char::is_whitespace)
        };
        // Within 600 bytes either side (the sentence is cut at 300 characters anyway): bounded work per window.
        let mut floor = from.saturating_sub(600);
        while !text.is_char_boundary(floor) {
            floor += 1;
        }
        let mut ceiling = (from + 600).min(text.len());
        while !text.is_char_boundary(ceiling) {
            ceiling -= 1;
        }
        let mut start = text[floor..from]
            .rfind(['\n', '。'])
            .map_or(floor, |i| floor + i + text[floor + i..].chars().next().map_or(1, char::len_utf8));
        if let Some(bullet) = text[start..from].rmatch_indices('・').map(|(i, _)| start + i).find(|&i| item(i)) {
            start = bullet;
        }
        let mut end = text[from..ceiling]
            .find(['\n', '。'])
            .map_or(ceiling, |i| from + i + text[from + i..].chars().next().map_or(0, char::len_utf8));
        if let Some(bullet) = text[from..end].match_indices('・').map(|(i, _)| from + i).find(|&i| i > from && item(i))
        {
            end = bullet;
        }
        let sentence: String = text[start..end].trim().chars().take(300).collect();
        self.evidence = Evidence { line: source.lines.line_of(from), text: sentence };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_past_the_limit_is_read_up_to_it_and_said() {
        let window = "令和8年8月15日(土)23:00 ～ 8月16日(日)08:00 利用登録ができなくなります。\n";
        let mut text = window.repeat(MAX_TEXT / window.len() + 10);
        text.push_str("令和8年9月5日(土)21:00 ～ 9月6日(日)08:00\n");
        let reading = read(&text, NaiveDate::from_ymd_opt(2026, 8, 1).unwrap());
        assert_eq!(reading.windows.len(), 1, "the window past the limit is not read");
        assert!(reading.notes[0].starts_with("the text is longer than 1048576 bytes"), "{:?}", reading.notes);
    }

    #[test]
    fn the_preface_names_the_months_and_their_years() {
        assert_eq!(preface_months("令和8年4月においては以下の日程を"), [(4, 2026)]);
        assert_eq!(preface_months("令和7年12月および令和8年1月においては"), [(12, 2025), (1, 2026)]);
        assert_eq!(preface_months("令和8年8月及び9月においては"), [(8, 2026), (9, 2026)]);
        assert_eq!(preface_months("令和8年3月21日(土)に"), []);
    }
}
