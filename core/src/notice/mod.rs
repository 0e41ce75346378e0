//! Every text a person reads: notices, the full guidance, the call-center card, the tray's status line and menu labels.
//!
//! Japanese by default, English with `language = "en"`.
//! The guidance follows the seed notice: log in again after a short wait; if a My Number card cannot be checked,
//! follow the portal article and charge the proper co-pay, never 10割; a 資格確認書 is checked by its card face; Mynaportal keeps working.
//! Texts are rendered for the moment they are shown (`shown_at`), so a late notice never says "in 15 minutes" when it is 5.

use chrono::{DateTime, Datelike, Timelike, Utc, Weekday};

use crate::config::{clock_text, Config, Contact, DayHours, Impact, Language, Window, JST};
use crate::hours::{self, OpenStatus, Reason};
use crate::schedule::{Notice, NoticeKind, Schedule, State};

mod contact;
mod dates;
mod fit;
mod labels;

pub use contact::*;
pub use dates::*;
pub use fit::*;
pub use labels::*;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeText {
    pub title: String,
    pub body: String,
}

/// The notice a receptionist sees when the settings have errors: plain words, no file names (those are in the log,
/// `check` and the menu's 設定エラーを表示).
pub fn config_error_notice(language: Language, count: usize, on_last_good: bool) -> NoticeText {
    let kept = match (language, on_last_good) {
        (Language::Ja, true) => "お知らせは前回の正しい設定で続けます。",
        (Language::Ja, false) => "エラーのある部分は、組み込みの設定でお知らせを続けます。",
        (Language::En, true) => "Notices continue with the last good settings.",
        (Language::En, false) => "Notices continue, with the built-in settings where the file has errors.",
    };
    match language {
        Language::Ja => NoticeText {
            title: "設定にエラーがあります".to_string(),
            body: format!("{kept}設定の担当者（管理者）にお伝えください。（エラー{count}件）"),
        },
        Language::En => NoticeText {
            title: "The settings contain an error".to_string(),
            body: format!("{kept} Please tell your administrator. ({count} error(s))"),
        },
    }
}

/// The notice that a window staff were told about was withdrawn from the schedule (cancelled or moved).
pub fn withdrawn_notice(window: &Window, language: Language) -> NoticeText {
    let when = range(window.start, window.end, language);
    match language {
        Language::Ja => NoticeText {
            title: cut_to_lines(&format!("【取り消し】{}", window_title(window, language)), TOAST_TITLE_LINES),
            body: format!("{when}の作業は予定から取り消されました（中止または延期）。いまの予定はトレイのメニューで確認できます。"),
        },
        Language::En => NoticeText {
            title: cut_to_lines(&format!("Withdrawn: {}", window_title(window, language)), TOAST_TITLE_LINES),
            body: format!("The maintenance on {when} was withdrawn from the schedule (cancelled or moved). The tray menu shows the current schedule."),
        },
    }
}

/// A notice that must get through while notifications are off, as a message box: the notice's own title and text,
/// then why it comes this way and what 「はい」 (Yes) does.
pub fn alert_text(language: Language, title: &str, body: &str) -> NoticeText {
    let why = match language {
        Language::Ja => {
            "このPCでは通知がオフになっているため、この画面でお知らせしています。「はい」で対応の手順を開きます。"
        }
        Language::En => "Notifications are off on this PC, so this message says it instead. Yes opens the full steps.",
    };
    NoticeText { title: title.to_string(), body: format!("{body}\n\n{why}") }
}

/// The one notice of a user's first start: where the icon is and what its looks mean, so staff find it later.
/// `overflow` names Windows' hidden-icons arrow (^), where Windows 11 puts a new icon.
pub fn first_run_notice(language: Language, overflow: bool) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: format!("{}が動いています", app_name(language)),
            body: format!(
                "{}にアイコンがあります{}。緑のチェックは予定なし、黄色の時計は作業が近い、赤の三角は作業中。クリックで予定と対応の手順が見られます。",
                if overflow { "画面右下の通知領域" } else { "画面のパネルの通知領域" },
                if overflow { "（見えないときは「^」の中）" } else { "" }
            ),
        },
        Language::En => NoticeText {
            title: "onshi-tray is running".to_string(),
            body: format!(
                "Its icon is in the notification area{}. Green check: nothing planned; amber clock: maintenance soon; red triangle: in progress. Click it for the schedule and what to do.",
                if overflow { " at the bottom right (if hidden, under ^)" } else { " of the panel" }
            ),
        },
    }
}

/// Added to the status line while the notice log cannot be saved in its place (the administrator is told once,
/// in the log): notices that were shown might be shown again after a restart.
pub fn log_trouble_suffix(language: Language) -> &'static str {
    match language {
        Language::Ja => "・お知らせの記録を保存できません",
        Language::En => " · the notice record cannot be saved",
    }
}

/// Added to the status line while the report for the fleet cannot be written to its folder.
pub fn report_trouble_suffix(language: Language) -> &'static str {
    match language {
        Language::Ja => "・稼働報告を書き込めません",
        Language::En => " · the fleet report cannot be written",
    }
}

/// Added to the status line while the app's log file cannot be written (a full disk, no permission).
pub fn log_file_trouble_suffix(language: Language) -> &'static str {
    match language {
        Language::Ja => "・ログを書き込めません",
        Language::En => " · the log file cannot be written",
    }
}

fn title_of(window: &Window, language: Language) -> &str {
    match language {
        Language::En => window.title_en.as_deref().unwrap_or(&window.title),
        Language::Ja => &window.title,
    }
}

pub fn effect_of(window: &Window, language: Language) -> Option<&str> {
    match language {
        Language::En => window.effect_en.as_deref().or(window.effect.as_deref()),
        Language::Ja => window.effect.as_deref(),
    }
}

/// The system a window maintains, as staff know it.
pub fn system_of(window: &Window, language: Language) -> &str {
    match (&window.system, language) {
        (Some(system), _) => system,
        (None, Language::Ja) => "オンライン資格確認等システム",
        (None, Language::En) => "the eligibility system",
    }
}

/// The window's title, with its system in front when the title does not name it.
pub fn window_title(window: &Window, language: Language) -> String {
    let title = title_of(window, language);
    match &window.system {
        Some(system) if !title.contains(system.as_str()) => format!("{system} {title}"),
        _ => title.to_string(),
    }
}

fn guidance_of(window: &Window, language: Language) -> Option<&str> {
    match language {
        Language::En => window.guidance_en.as_deref().or(window.guidance.as_deref()),
        Language::Ja => window.guidance.as_deref(),
    }
}

/// The first sentence (or line) of a window's own guidance, for a notice.
fn first_step(guidance: &str) -> String {
    let line = guidance.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    match line.find('。') {
        Some(i) => line[..i + '。'.len_utf8()].to_string(),
        None => line.to_string(),
    }
}

/// The effect sentence of a notice: the window's own (which may be cut with `…` to fit), or what its impact means
/// (a sentence of ours, kept whole or dropped whole).
fn effect_sentence(window: &Window, language: Language) -> Part {
    if let Some(effect) = effect_of(window, language) {
        return cuttable(effect.trim(), 0);
    }
    let system = system_of(window, language);
    part(
        match (window.impact, language) {
            (Impact::Logout, Language::Ja) => {
                "ログインしている端末は、一度ログアウトされることがあります。".to_string()
            }
            (Impact::Outage, Language::Ja) => format!("作業中は{system}を使えません。"),
            (Impact::Partial, Language::Ja) => format!("{system}の一部に影響があります。"),
            (Impact::Logout, Language::En) => "A logged-in PC may be logged out once.".to_string(),
            (Impact::Outage, Language::En) => format!("{} cannot be used during the work.", capitalized(system)),
            (Impact::Partial, Language::En) => format!("Part of {system} is affected."),
        },
        0,
    )
}

/// What to do, in one or two sentences: before the window (`advance`) or while it is in progress.
fn instruction(window: &Window, language: Language, advance: bool) -> Part {
    if let Some(guidance) = guidance_of(window, language) {
        return cuttable(first_step(guidance), 0);
    }
    let text = match (window.impact, language, advance) {
        (Impact::Logout, Language::Ja, true) => "ログアウトされたら、少し待ってから再ログインしてください。",
        (Impact::Logout, Language::Ja, false) => {
            "ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。"
        }
        (Impact::Outage, Language::Ja, true) => "その間の資格確認は、ポータルサイトの記事（KB0011769）の手順で行います。",
        (Impact::Outage, Language::Ja, false) => {
            "ログインを繰り返さず、ポータルサイトの記事（KB0011769）の手順で資格確認してください。10割負担にはしません。"
        }
        (Impact::Partial, Language::Ja, true) => "ほかの機能はふだんどおり使えます。",
        (Impact::Partial, Language::Ja, false) => "ほかはふだんどおり使えます。確認できないときも10割負担にはしません。",
        (Impact::Logout, Language::En, true) => "If logged out, wait a moment and log in again.",
        (Impact::Logout, Language::En, false) => {
            "If logged out, wait a moment and log in again. Card not readable? Never charge 100% (10割)."
        }
        (Impact::Outage, Language::En, true) => {
            "Meanwhile, check eligibility by the steps of portal article KB0011769."
        }
        (Impact::Outage, Language::En, false) => {
            "Do not keep retrying: check eligibility by portal article KB0011769. Never charge 100% (10割)."
        }
        (Impact::Partial, Language::En, true) => "Everything else works as usual.",
        (Impact::Partial, Language::En, false) => "Everything else works as usual. Card not readable? Never charge 100% (10割).",
    };
    part(text, 0)
}

fn end_may_change(window: &Window, language: Language) -> Option<Part> {
    window.end_may_change.then(|| match language {
        Language::Ja => part("終了時刻は前後することがあります。", 0),
        Language::En => part("The end may move.", 0),
    })
}

/// Where the rest is: a click on the notice, or the tray menu, opens the guidance page.
fn pointer(language: Language) -> Part {
    match language {
        Language::Ja => part("詳しくはクリックかトレイのメニューで。", 0),
        Language::En => part("Click (or use the tray menu) for the full steps.", 0),
    }
}

/// What a notice says when it is shown at `shown_at`: a late advance notice shown once the window has begun (or
/// ended) speaks of the present, so its kind follows the clock.
pub fn shown_kind(window: &Window, kind: NoticeKind, shown_at: DateTime<Utc>) -> NoticeKind {
    match kind {
        kind if kind.is_advance() && shown_at >= window.end => NoticeKind::End,
        kind if kind.is_advance() && window.start <= shown_at => NoticeKind::Start,
        kind => kind,
    }
}

/// The notice for `notice`, rendered for the moment `shown_at`.
///
/// The title is at most [`TOAST_TITLE_LINES`] and the body [`TOAST_BODY_LINES`] toast lines: what to do comes first,
/// then when, then the call center and the pointer to the full guidance page.
pub fn render_notice(config: &Config, notice: &Notice, shown_at: DateTime<Utc>) -> NoticeText {
    let window = &config.windows[notice.window_idx];
    let language = config.language;
    let title = window_title(window, language);
    let when = range(window.start, window.end, language);
    let in_progress = window.start <= shown_at && shown_at < window.end;
    let kind = shown_kind(window, notice.kind, shown_at);
    // A repeat on a later day than the start: the window is still in progress at the facility's opening.
    let again = kind == NoticeKind::During
        && shown_at.with_timezone(&JST).date_naive() != window.start.with_timezone(&JST).date_naive();
    let minutes_left = ((window.start - shown_at).num_seconds().max(0) + 59) / 60;
    let until = until(window.end, shown_at, language);
    let effect = effect_sentence(window, language);
    let contact_at_start = part(contact_sentence(config, window.start, true), 1);
    let contact_now = part(contact_sentence(config, shown_at, in_progress), 1);
    let ja = language == Language::Ja;
    let (prefix, parts) = match kind {
        NoticeKind::HeadsUp => {
            let from = range_from(window.start, window.end, shown_at, language);
            let start_text = from.split(['〜', '–']).next().unwrap_or_default().to_string();
            let when =
                if ja { format!("{from}に作業があります。") } else { format!("Maintenance {from} JST.") };
            let prefix =
                if ja { format!("【{start_text}から】") } else { format!("{}: ", capitalized(&start_text)) };
            let mut parts = vec![part(when, 0), effect, instruction(window, language, true)];
            parts.extend(end_may_change(window, language));
            parts.extend([contact_at_start, pointer(language)]);
            (prefix, parts)
        }
        NoticeKind::Lead(_) | NoticeKind::Reminder => {
            let remaining = remaining(minutes_left, language);
            let prefix = if ja { format!("【あと{remaining}】") } else { format!("In {remaining}: ") };
            let when = if ja { format!("{when}。") } else { format!("{when} JST.") };
            let mut parts = vec![part(when, 0), effect, instruction(window, language, true)];
            parts.extend(end_may_change(window, language));
            parts.extend([contact_at_start, pointer(language)]);
            (prefix, parts)
        }
        NoticeKind::Start | NoticeKind::During => {
            let prefix = if ja { "【作業中】".to_string() } else { "In progress: ".to_string() };
            let until = match (again, ja) {
                (true, true) => format!("本日も作業中です（{until}）。"),
                (false, true) => format!("{until}の予定です。"),
                (true, false) => format!("Still in progress, {until}."),
                (false, false) => format!("{}.", capitalized(&until)),
            };
            // A partial impact says what is affected first; the others' instructions say it themselves.
            let mut parts = Vec::new();
            if window.impact == Impact::Partial {
                parts.push(effect);
            }
            parts.extend([instruction(window, language, false), part(until, 0)]);
            parts.extend(end_may_change(window, language));
            parts.extend([contact_now, pointer(language)]);
            (prefix, parts)
        }
        NoticeKind::End => {
            let prefix = if ja { "【終了】".to_string() } else { "Finished: ".to_string() };
            (prefix, end_parts(config, window, &when, shown_at))
        }
        NoticeKind::After => {
            let prefix = if ja { "【作業終了】".to_string() } else { "Done: ".to_string() };
            let what = match (window.impact, ja) {
                (Impact::Partial, true) => format!("{when}に作業がありました。いまはふだんどおり使えます。"),
                (_, true) => {
                    format!("{when}に作業がありました。ログアウトされている端末は、もう一度ログインしてください。")
                }
                (Impact::Partial, false) => format!("Maintenance ran {when} JST. Everything works as usual now."),
                (_, false) => format!("Maintenance ran {when} JST. A PC that was logged out: log in again."),
            };
            (prefix, vec![part(what, 0), part(contact_sentence(config, shown_at, false), 1), pointer(language)])
        }
    };
    NoticeText { title: cut_to_lines(&format!("{prefix}{title}"), TOAST_TITLE_LINES), body: fit(parts, language) }
}

/// The end notice: the work's time is over; with `end_may_change`, what to do if the system is still unavailable.
fn end_parts(config: &Config, window: &Window, when: &str, shown_at: DateTime<Utc>) -> Vec<Part> {
    let language = config.language;
    let ja = language == Language::Ja;
    let over = match (window.end_may_change, ja) {
        (false, true) => format!("{when}の作業時間が終わりました。"),
        (true, true) => format!("作業の終了予定時刻（{}）を過ぎました。", day_time(window.end, language)),
        (false, false) => format!("The work of {when} JST is over."),
        (true, false) => format!("The planned end of the work ({} JST) has passed.", day_time(window.end, language)),
    };
    let next = match (window.impact, ja) {
        (Impact::Partial, true) => "ふだんどおり使えます。",
        (_, true) => "ログアウトされていたら、もう一度ログインしてください。",
        (Impact::Partial, false) => "Everything works as usual.",
        (_, false) => "If you were logged out, log in again.",
    };
    let mut parts = vec![part(over, 0), part(next, 0)];
    if window.end_may_change {
        parts.push(part(
            if ja {
                "まだ使えない場合は作業が延びています。少し待ってからもう一度お試しください。"
            } else {
                "Still unavailable? The work may be running late: wait a little and try again."
            },
            0,
        ));
    }
    parts.push(part(contact_sentence(config, shown_at, false), 1));
    parts.push(pointer(language));
    parts
}

/// The notice sent by the tray's "send a test notification" item.
pub fn test_notice(config: &Config, now: DateTime<Utc>) -> NoticeText {
    match config.language {
        Language::Ja => NoticeText {
            title: "テスト通知".to_string(),
            body: format!("このPCにお知らせが届いています（{}）。", day_time(now, Language::Ja)),
        },
        Language::En => NoticeText {
            title: "Test notification".to_string(),
            body: format!("Notifications reach this PC ({} JST).", day_time(now, Language::En)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_instant;

    #[test]
    fn utf16_clamping() {
        assert_eq!(clamp_utf16("作業中", 127), "作業中");
        let long = "作".repeat(200);
        let clamped = clamp_utf16(&long, 127);
        assert_eq!(clamped.encode_utf16().count(), 127);
        assert!(clamped.ends_with('…'));
        // A character outside the BMP takes two units and is never split.
        let wide = "𠮷".repeat(100);
        assert_eq!(clamp_utf16(&wide, 127), format!("{}…", "𠮷".repeat(63)));
    }

    #[test]
    fn ranges() {
        let s = parse_instant("2026-03-21T22:00:00").unwrap();
        let e = parse_instant("2026-03-22T01:00:00").unwrap();
        assert_eq!(range(s, e, Language::Ja), "3月21日（土）22:00〜3月22日（日）1:00");
        assert_eq!(range(s, e, Language::En), "Sat 21 Mar 22:00–Sun 22 Mar 1:00");
        assert_eq!(remaining(90, Language::Ja), "1時間30分");
    }
}
