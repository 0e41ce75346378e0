//! Every text a person reads: notices, the full guidance, the call-center card, the tray's status line and menu labels.
//!
//! Japanese by default, English with `language = "en"`.
//! The guidance follows the seed notice: log in again after a short wait; if a My Number card cannot be checked,
//! follow the portal article and charge the proper co-pay, never 10割; a 資格確認書 is checked by its card face; Mynaportal keeps working.
//! Texts are rendered for the moment they are shown (`shown_at`), so a late notice never says "in 15 minutes" when it is 5.

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};

use crate::config::{clock_text, Config, Contact, DayHours, Language, Window, JST};
use crate::hours::{self, OpenStatus, Reason};
use crate::schedule::{Notice, NoticeKind, Schedule, State};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeText {
    pub title: String,
    pub body: String,
}

/// Labels of the tray menu.
pub struct MenuLabels {
    pub portal: &'static str,
    pub guidance: &'static str,
    pub windows: &'static str,
    pub no_windows: &'static str,
    pub test_notice: &'static str,
    pub open_config: &'static str,
    pub reload: &'static str,
    pub show_errors: &'static str,
    pub autostart: &'static str,
    pub quit: &'static str,
    /// 「確認しました」 on a notice: no more advance notices of its window.
    pub acknowledge: &'static str,
    /// The same choice in the menu, where the notice is not in sight.
    pub menu_acknowledge: &'static str,
    /// 「10分後に再通知」.
    pub snooze: &'static str,
}

pub fn menu_labels(language: Language) -> MenuLabels {
    match language {
        Language::Ja => MenuLabels {
            portal: "資格確認方法（KB0011769）を開く",
            guidance: "ログアウトされたときの対応",
            windows: "予定されている作業",
            no_windows: "予定なし",
            test_notice: "テスト通知を送る",
            open_config: "設定ファイルを開く",
            reload: "設定を再読み込み",
            show_errors: "設定エラーを表示",
            autostart: "ログイン時に起動",
            quit: "終了",
            acknowledge: "確認しました",
            menu_acknowledge: "確認しました（この作業の事前通知を止める）",
            snooze: "10分後に再通知",
        },
        Language::En => MenuLabels {
            portal: "Open how to check eligibility (KB0011769)",
            guidance: "What to do when logged out",
            windows: "Scheduled maintenance",
            no_windows: "Nothing scheduled",
            test_notice: "Send a test notification",
            open_config: "Open the config file",
            reload: "Reload the config",
            show_errors: "Show config errors",
            autostart: "Start at login",
            quit: "Quit",
            acknowledge: "Got it",
            menu_acknowledge: "Got it (no more advance notices of this work)",
            snooze: "Remind me in 10 min",
        },
    }
}

/// The menu item for the call center: `コールセンター 0800-080-4583（通話無料）`.
pub fn contact_label(config: &Config) -> String {
    let contact = &config.contact;
    let note = if contact.note.is_empty() { String::new() } else { format!("（{}）", contact.note) };
    match config.language {
        Language::Ja => format!("コールセンター {}{note}", contact.phone),
        Language::En => {
            let note =
                if contact.note.is_empty() { String::new() } else { format!(" ({})", english_note(&contact.note)) };
            format!("Call center {}{note}", contact.phone)
        }
    }
}

fn english_note(note: &str) -> &str {
    if note == "通話無料" {
        "toll-free"
    } else {
        note
    }
}

fn weekday_ja(weekday: Weekday) -> &'static str {
    ["月", "火", "水", "木", "金", "土", "日"][weekday.num_days_from_monday() as usize]
}

fn time(t: DateTime<Utc>) -> String {
    let local = t.with_timezone(&JST);
    format!("{}:{:02}", local.hour(), local.minute())
}

/// `3月21日(土) 22:00` or `Sat 21 Mar 22:00`.
pub fn day_time(t: DateTime<Utc>, language: Language) -> String {
    let local = t.with_timezone(&JST);
    match language {
        Language::Ja => format!("{}月{}日({}) {}", local.month(), local.day(), weekday_ja(local.weekday()), time(t)),
        Language::En => format!("{} {}", local.format("%a %-d %b"), time(t)),
    }
}

/// `3月21日(土) 22:00〜23:00`; the end carries its own date when it falls on another day.
pub fn range(start: DateTime<Utc>, end: DateTime<Utc>, language: Language) -> String {
    let same_day = start.with_timezone(&JST).date_naive() == end.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match language {
        Language::Ja => format!("{}〜{end_text}", day_time(start, language)),
        Language::En => format!("{}–{end_text}", day_time(start, language)),
    }
}

fn title_of(window: &Window, language: Language) -> &str {
    match language {
        Language::En => window.title_en.as_deref().unwrap_or(&window.title),
        Language::Ja => &window.title,
    }
}

fn effect_of(window: &Window, language: Language) -> Option<&str> {
    match language {
        Language::En => window.effect_en.as_deref().or(window.effect.as_deref()),
        Language::Ja => window.effect.as_deref(),
    }
}

/// A duration in whole minutes, rounded up, as people say it: `15分` / `1時間` / `1時間30分`.
fn remaining(minutes: i64, language: Language) -> String {
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

/// The call-center sentence of a notice: its number when open at `at`, or that it is closed and when it opens.
fn contact_sentence(config: &Config, at: DateTime<Utc>, during_window: bool) -> String {
    let contact = &config.contact;
    let status = hours::status(&contact.hours, at);
    let language = config.language;
    if status.open {
        return match language {
            Language::Ja => format!("問い合わせ: {}", contact.phone),
            Language::En => format!("Call center: {}", contact.phone),
        };
    }
    let next = status.next_open.map(|t| day_time(t, language));
    match (language, during_window, next) {
        (Language::Ja, true, Some(next)) => format!("作業中はコールセンターの受付時間外です（受付再開 {next}）。"),
        (Language::Ja, false, Some(next)) => format!("コールセンターは受付時間外です（受付再開 {next}）。"),
        (Language::Ja, _, None) => "コールセンターは受付時間外です。".to_string(),
        (Language::En, true, Some(next)) => format!("Call center closed (opens {next})."),
        (Language::En, false, Some(next)) => format!("The call center is closed now (opens {next})."),
        (Language::En, _, None) => "The call center is closed.".to_string(),
    }
}

/// `本日 22:00〜23:00`, `明日 22:00〜23:00` or `3月24日(火) 22:00〜23:00`: a window's times as seen from `now`.
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

/// `23:00まで` on the same day as `now`, `12月8日(月) 6:00まで` on another.
fn until(end: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let same_day = end.with_timezone(&JST).date_naive() == now.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match language {
        Language::Ja => format!("{end_text}まで"),
        Language::En => format!("until {end_text}"),
    }
}

/// The notice for `notice`, rendered for the moment `shown_at`.
pub fn render_notice(config: &Config, notice: &Notice, shown_at: DateTime<Utc>) -> NoticeText {
    let window = &config.windows[notice.window_idx];
    let language = config.language;
    let title = title_of(window, language);
    // Japanese sentences end in 。 and need no space; English ones do.
    let effect = match (effect_of(window, language), language) {
        (None, _) => String::new(),
        (Some(effect), Language::Ja) => effect.to_string(),
        (Some(effect), Language::En) => format!("{effect} "),
    };
    let when = range(window.start, window.end, language);
    // Is this the present? A late advance notice may be shown once the window has begun; the kind then follows the clock.
    let in_progress = window.start <= shown_at && shown_at < window.end;
    let ended = shown_at >= window.end;
    let kind = match notice.kind {
        kind if kind.is_advance() && ended => NoticeKind::End,
        kind if kind.is_advance() && in_progress => NoticeKind::Start,
        kind => kind,
    };
    // A repeat on a later day than the start: the window is still in progress at the facility's opening.
    let again = kind == NoticeKind::During
        && shown_at.with_timezone(&JST).date_naive() != window.start.with_timezone(&JST).date_naive();
    let minutes_left = ((window.start - shown_at).num_seconds().max(0) + 59) / 60;
    let until = until(window.end, shown_at, language);
    match (language, kind) {
        (Language::Ja, NoticeKind::HeadsUp) => NoticeText {
            title: format!(
                "【{}から】{title}",
                range_from(window.start, window.end, shown_at, language).split('〜').next().unwrap_or_default()
            ),
            body: format!(
                "{}に作業があります。{effect}ログアウトされたら、少し時間を空けて再ログインしてください。{}",
                range_from(window.start, window.end, shown_at, language),
                contact_sentence(config, window.start, true)
            ),
        },
        (Language::Ja, NoticeKind::Lead(_) | NoticeKind::Reminder) => NoticeText {
            title: format!("【あと{}】{title}", remaining(minutes_left, language)),
            body: format!(
                "{when}。{effect}ログアウトされたら、少し時間を空けて再ログインしてください。{}",
                contact_sentence(config, window.start, true)
            ),
        },
        (Language::Ja, NoticeKind::Start | NoticeKind::During) => NoticeText {
            title: format!("【作業中】{title}"),
            body: format!(
                "{}{effect}ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。{}",
                if again { format!("本日も作業中です（{until}）。") } else { format!("{until}。") },
                contact_sentence(config, shown_at, true)
            ),
        },
        (Language::Ja, NoticeKind::End) => NoticeText {
            title: format!("【終了】{title}"),
            body: format!(
                "{when}の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。{}",
                contact_sentence(config, shown_at, false)
            ),
        },
        (Language::Ja, NoticeKind::After) => NoticeText {
            title: format!("【作業終了】{title}"),
            body: format!(
                "{when}に作業がありました。ログインしていた端末はログアウトされている場合があります。もう一度ログインしてください。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求してください。{}",
                contact_sentence(config, shown_at, false)
            ),
        },
        (Language::En, NoticeKind::HeadsUp) => NoticeText {
            title: format!(
                "{}: {title}",
                capitalized(range_from(window.start, window.end, shown_at, language).split('–').next().unwrap_or_default())
            ),
            body: format!(
                "Maintenance {} JST. {effect}If logged out, wait a moment and log in again. {}",
                range_from(window.start, window.end, shown_at, language),
                contact_sentence(config, window.start, true)
            ),
        },
        (Language::En, NoticeKind::Lead(_) | NoticeKind::Reminder) => NoticeText {
            title: format!("In {}: {title}", remaining(minutes_left, language)),
            body: format!(
                "{when} JST. {effect}If logged out, wait a moment and log in again. {}",
                contact_sentence(config, window.start, true)
            ),
        },
        (Language::En, NoticeKind::Start | NoticeKind::During) => NoticeText {
            title: format!("In progress: {title}"),
            body: format!(
                "{}. Logged out? Log in again soon. Card not readable? See KB0011769; charge the proper co-pay, not 100%. 資格確認書: check its face. {}",
                if again { format!("Continues {until}") } else { capitalized(&until) },
                contact_sentence(config, shown_at, true)
            ),
        },
        (Language::En, NoticeKind::End) => NoticeText {
            title: format!("Finished: {title}"),
            body: format!(
                "The work of {when} JST is over. If you were logged out, log in again. {}",
                contact_sentence(config, shown_at, false)
            ),
        },
        (Language::En, NoticeKind::After) => NoticeText {
            title: format!("Done: {title}"),
            body: format!(
                "Maintenance ran {when} JST. Logged out? Log in again. Card not readable? See KB0011769; charge the proper co-pay, not 100%. {}",
                contact_sentence(config, shown_at, false)
            ),
        },
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// The notice sent by the tray's "send a test notification" item.
pub fn test_notice(config: &Config, now: DateTime<Utc>) -> NoticeText {
    match config.language {
        Language::Ja => NoticeText {
            title: "onshi-tray テスト通知".to_string(),
            body: format!("このPCに通知が届いています（{}）。", day_time(now, Language::Ja)),
        },
        Language::En => NoticeText {
            title: "onshi-tray test notification".to_string(),
            body: format!("Notifications reach this PC ({} JST).", day_time(now, Language::En)),
        },
    }
}

fn hours_text(hours: DayHours, language: Language) -> String {
    match (hours, language) {
        (Some(h), Language::Ja) => format!("{}〜{}", clock_text(h.open), clock_text(h.close)),
        (Some(h), Language::En) => format!("{}–{}", clock_text(h.open), clock_text(h.close)),
        (None, Language::Ja) => "休み".to_string(),
        (None, Language::En) => "closed".to_string(),
    }
}

/// `月〜金 8:00〜18:00、土 8:00〜16:00、日 休み（祝日は休み）`.
pub fn contact_hours(contact: &Contact, language: Language) -> String {
    let hours = &contact.hours;
    let (weekday, saturday, sunday) =
        (hours_text(hours.weekday, language), hours_text(hours.saturday, language), hours_text(hours.sunday, language));
    match (language, hours.closed_on_holidays) {
        (Language::Ja, true) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}（祝日は休み）"),
        (Language::Ja, false) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}"),
        (Language::En, true) => {
            format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday} (closed on national holidays)")
        }
        (Language::En, false) => format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday}"),
    }
}

/// Open now, or closed and why, and when it opens next.
pub fn contact_now(config: &Config, status: &OpenStatus) -> String {
    let language = config.language;
    let next = status.next_open.map(|t| day_time(t, language));
    let why = match (&status.reason, language) {
        (Reason::Open { until }, Language::Ja) => return format!("いまは受付中です（{}まで）。", time(*until)),
        (Reason::Open { until }, Language::En) => return format!("Open now (until {}).", time(*until)),
        (Reason::OutsideHours, _) => None,
        (Reason::ClosedWeekday(day), Language::Ja) => Some(format!("{}曜日は休み", weekday_ja(*day))),
        (Reason::ClosedWeekday(day), Language::En) => Some(format!("closed on {day}")),
        (Reason::Holiday(name), Language::Ja) => Some(format!("祝日: {name}")),
        (Reason::Holiday(name), Language::En) => Some(format!("national holiday: {name}")),
        (Reason::ClosedDate(_), Language::Ja) => Some("休業日".to_string()),
        (Reason::ClosedDate(_), Language::En) => Some("closed day".to_string()),
    };
    let mut text = match (language, why) {
        (Language::Ja, Some(why)) => format!("いまは受付時間外です（{why}）。"),
        (Language::Ja, None) => "いまは受付時間外です。".to_string(),
        (Language::En, Some(why)) => format!("Closed now ({why})."),
        (Language::En, None) => "Closed now (outside opening hours).".to_string(),
    };
    match (language, next) {
        (Language::Ja, Some(next)) => text += &format!("次の受付開始: {next}"),
        (Language::En, Some(next)) => text += &format!(" Opens {next} JST."),
        (_, None) => {}
    }
    text
}

/// The call-center card shown from the tray menu.
pub fn contact_card(config: &Config, now: DateTime<Utc>) -> NoticeText {
    let contact = &config.contact;
    let status = hours::status(&contact.hours, now);
    let note = match (config.language, contact.note.is_empty()) {
        (_, true) => String::new(),
        (Language::Ja, false) => format!("（{}）", contact.note),
        (Language::En, false) => format!(" ({})", english_note(&contact.note)),
    };
    let hours = contact_hours(contact, config.language);
    let now_text = contact_now(config, &status);
    let body = match config.language {
        Language::Ja => format!("{}{note}\n受付: {hours}\n{now_text}", contact.phone),
        Language::En => format!("{}{note}\nHours (JST): {hours}\n{now_text}", contact.phone),
    };
    NoticeText { title: contact.name.clone(), body }
}

/// The full guidance, from the seed notice, for `window` (the next or current one) if any.
pub fn guidance(config: &Config, window: Option<&Window>) -> NoticeText {
    let language = config.language;
    let contact = &config.contact;
    let hours = contact_hours(contact, language);
    let mut body = String::new();
    if let Some(window) = window {
        body.push_str(&range(window.start, window.end, language));
        if let Some(effect) = effect_of(window, language) {
            body.push('\n');
            body.push_str(effect);
        }
        body.push_str("\n\n");
    }
    let closed_during = window.filter(|w| {
        !hours::status(&contact.hours, w.start).open
            && !hours::status(&contact.hours, w.end - chrono::Duration::seconds(1)).open
    });
    match language {
        Language::Ja => {
            body.push_str("■ ログアウトされたとき\n少し時間を空けてから、もう一度ログインしてください。\n\n");
            body.push_str(&format!(
                "■ マイナ保険証で資格確認ができないとき\nポータルサイトの記事「○マイナ保険証での受付が出来ない場合の資格確認方法・レセプト請求方法○」を参照して資格確認を行い、10割負担とせず、適切な自己負担分を請求してください。\n{}\n{}\n\n",
                config.portal.title, config.portal.url
            ));
            body.push_str("■ 資格確認書が提示されたとき\n券面で確認してください。\n\n");
            body.push_str(
                "■ 患者さんへの案内\n作業中でも、マイナポータルから自身の資格情報や薬剤情報等を表示できます。\n\n",
            );
            body.push_str(&format!("■ 問い合わせ\n{} {}", contact.name, contact.phone));
            if !contact.note.is_empty() {
                body.push_str(&format!("（{}）", contact.note));
            }
            body.push_str(&format!("\n受付: {hours}"));
            if let Some(window) = closed_during {
                body.push_str(&format!(
                    "\n作業時間中は受付時間外です（受付再開 {}）。",
                    hours::next_open(&contact.hours, window.start).map(|t| day_time(t, language)).unwrap_or_default()
                ));
            }
            let title = match window {
                Some(window) => format!("{}への対応", window.title),
                None => "ログアウトされたときの対応".to_string(),
            };
            NoticeText { title, body }
        }
        Language::En => {
            body.push_str("If you are logged out\nWait a moment, then log in again.\n\n");
            body.push_str(&format!(
                "If a My Number card cannot be checked\nFollow the portal article (section \"○マイナ保険証での受付が出来ない場合の資格確認方法・レセプト請求方法○\") to check eligibility, and charge the proper co-pay, never 100% (10割).\n{}\n{}\n\n",
                config.portal.title, config.portal.url
            ));
            body.push_str("If a patient shows a 資格確認書\nCheck it by its card face.\n\n");
            body.push_str("For patients\nMynaportal keeps working: patients can still see their eligibility and medication records.\n\n");
            body.push_str(&format!("Questions\n{} {}", contact.name, contact.phone));
            if !contact.note.is_empty() {
                body.push_str(&format!(" ({})", english_note(&contact.note)));
            }
            body.push_str(&format!("\nHours (JST): {hours}"));
            if let Some(window) = closed_during {
                body.push_str(&format!(
                    "\nThe call center is closed during the work (opens {}).",
                    hours::next_open(&contact.hours, window.start).map(|t| day_time(t, language)).unwrap_or_default()
                ));
            }
            let title = match window {
                Some(window) => format!("What to do: {}", title_of(window, language)),
                None => "What to do when logged out".to_string(),
            };
            NoticeText { title, body }
        }
    }
}

/// The tray's first line: `次回: 3月21日(土) 22:00〜23:00`, `作業中（23:00まで）` or `予定なし`.
pub fn status_line(schedule: &Schedule<'_>, now: DateTime<Utc>) -> String {
    let config = schedule.config;
    let language = config.language;
    let status = schedule.status(now);
    match (status.state, status.window_idx) {
        (State::InProgress, Some(i)) => match language {
            Language::Ja => format!("作業中（{}）", until(config.windows[i].end, now, language)),
            Language::En => format!("In progress ({})", until(config.windows[i].end, now, language)),
        },
        _ => match config.windows.iter().find(|w| w.start > now) {
            Some(next) => match language {
                Language::Ja => format!("次回: {}", range(next.start, next.end, language)),
                Language::En => format!("Next: {}", range(next.start, next.end, language)),
            },
            None => menu_labels(language).no_windows.to_string(),
        },
    }
}

/// One line of the windows submenu: `3月21日(土) 22:00〜23:00 オンライン資格確認等システム改修作業`.
pub fn window_label(window: &Window, language: Language) -> String {
    format!("{} {}", range(window.start, window.end, language), title_of(window, language))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_instant;

    #[test]
    fn ranges() {
        let s = parse_instant("2026-03-21T22:00:00").unwrap();
        let e = parse_instant("2026-03-22T01:00:00").unwrap();
        assert_eq!(range(s, e, Language::Ja), "3月21日(土) 22:00〜3月22日(日) 1:00");
        assert_eq!(range(s, e, Language::En), "Sat 21 Mar 22:00–Sun 22 Mar 1:00");
        assert_eq!(remaining(90, Language::Ja), "1時間30分");
    }
}
