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
    /// Fetch the schedule feeds now (only where the machine-wide file names feeds).
    pub update_feeds: &'static str,
    pub show_errors: &'static str,
    pub autostart: &'static str,
    /// The 終了 submenu, and its one item that really quits.
    pub quit: &'static str,
    pub quit_confirm: &'static str,
    /// 「確認しました」 on a notice: no more advance notices of its window.
    pub acknowledge: &'static str,
    /// The same choice in the menu, where the notice is not in sight.
    pub menu_acknowledge: &'static str,
    /// 「10分後に再通知」.
    pub snooze: &'static str,
    /// The button on a notice that opens the guidance page.
    pub guide_button: &'static str,
}

pub fn menu_labels(language: Language) -> MenuLabels {
    match language {
        Language::Ja => MenuLabels {
            portal: "ポータルサイトの記事（KB0011769）を開く",
            guidance: "作業中・ログアウトされたときの対応",
            windows: "予定されている作業",
            no_windows: "予定なし",
            test_notice: "テスト通知を送る",
            open_config: "設定ファイルを開く",
            reload: "設定を再読み込み",
            update_feeds: "予定を今すぐ更新",
            show_errors: "設定エラーを表示",
            autostart: "ログイン時に起動",
            quit: "終了",
            quit_confirm: "終了する（メンテナンスのお知らせが表示されなくなります）",
            acknowledge: "確認しました",
            menu_acknowledge: "確認しました（この作業の事前のお知らせを止める）",
            snooze: "10分後に再通知",
            guide_button: "対応の手順を見る",
        },
        Language::En => MenuLabels {
            portal: "Open the portal article (KB0011769)",
            guidance: "What to do during the work or when logged out",
            windows: "Scheduled maintenance",
            no_windows: "Nothing scheduled",
            test_notice: "Send a test notification",
            open_config: "Open the config file",
            reload: "Reload the config",
            update_feeds: "Update the schedule now",
            show_errors: "Show config errors",
            autostart: "Start at login",
            quit: "Quit",
            quit_confirm: "Quit (maintenance notices will no longer appear)",
            acknowledge: "Got it",
            menu_acknowledge: "Got it (no more advance notices of this work)",
            snooze: "Remind me in 10 min",
            guide_button: "Full steps",
        },
    }
}

/// `text` cut to at most `units` UTF-16 code units, ending in `…` when cut (never inside a surrogate pair): the
/// Windows tray tooltip holds 127 units and its NUL.
pub fn clamp_utf16(text: &str, units: usize) -> String {
    if text.encode_utf16().count() <= units {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the `…`
    for c in text.chars() {
        if used + c.len_utf16() > units {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out + "…"
}

/// The notice a receptionist sees when the settings have errors: plain words, no file names (those are in the log,
/// `check` and the menu's 設定エラーを表示).
pub fn config_error_notice(language: Language, count: usize) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: "設定にエラーがあります".to_string(),
            body: format!(
                "お知らせは前回の正しい設定で続けます。設定の担当者（管理者）にお伝えください。（エラー{count}件）"
            ),
        },
        Language::En => NoticeText {
            title: "The settings contain an error".to_string(),
            body: format!(
                "Notices continue with the last good settings. Please tell your administrator. ({count} error(s))"
            ),
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

/// Added to the status line while the app's log file cannot be written (a full disk, no permission).
pub fn log_file_trouble_suffix(language: Language) -> &'static str {
    match language {
        Language::Ja => "・ログを書き込めません",
        Language::En => " · the log file cannot be written",
    }
}

/// The status line with a note that the settings have errors.
pub fn with_config_errors(status_line: &str, count: usize, language: Language) -> String {
    match (count, language) {
        (0, _) => status_line.to_string(),
        (_, Language::Ja) => format!("{status_line}・設定にエラーあり"),
        (_, Language::En) => format!("{status_line} · settings have errors"),
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

pub fn english_note(note: &str) -> &str {
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

/// The call-center sentence of a notice: its number when open at `at`, or that it is closed and when it opens
/// (staff are never sent to a closed phone).
fn contact_sentence(config: &Config, at: DateTime<Utc>, during_window: bool) -> String {
    let contact = &config.contact;
    let status = hours::status(&contact.hours, at);
    let language = config.language;
    if status.open {
        return match language {
            Language::Ja => format!("問い合わせはコールセンター（{}）へ。", contact.phone),
            Language::En => format!("Call center: {}.", contact.phone),
        };
    }
    let next = status.next_open.map(|t| day_time(t, language));
    match (language, during_window, next) {
        (Language::Ja, true, Some(next)) => format!("作業中はコールセンターの受付時間外です（{next}から受付）。"),
        (Language::Ja, false, Some(next)) => format!("コールセンターはいま受付時間外です（{next}から受付）。"),
        (Language::Ja, _, None) => "コールセンターは受付時間外です。".to_string(),
        (Language::En, true, Some(next)) => format!("The call center is closed during the work (opens {next})."),
        (Language::En, false, Some(next)) => format!("The call center is closed now (opens {next})."),
        (Language::En, _, None) => "The call center is closed.".to_string(),
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
fn until(end: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    let same_day = end.with_timezone(&JST).date_naive() == now.with_timezone(&JST).date_naive();
    let end_text = if same_day { time(end) } else { day_time(end, language) };
    match language {
        Language::Ja => format!("{end_text}まで"),
        Language::En => format!("until {end_text}"),
    }
}

/// Columns of one line of a toast: about 30 full-width characters (a full-width character takes two columns).
pub const TOAST_COLUMNS: usize = 60;
/// Windows shows at most two lines of a toast's title and four of its body; every notice fits them.
pub const TOAST_TITLE_LINES: usize = 2;
pub const TOAST_BODY_LINES: usize = 4;

/// How many lines `text` takes at [`TOAST_COLUMNS`] columns, breaking anywhere (as Japanese text breaks).
pub fn toast_lines(text: &str) -> usize {
    text.split('\n')
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for c in line.chars() {
                let width = if crate::config::is_wide(c) { 2 } else { 1 };
                if used + width > TOAST_COLUMNS {
                    lines += 1;
                    used = 0;
                }
                used += width;
            }
            lines
        })
        .sum()
}

/// Cuts `text` with `…` so that it takes at most `lines` toast lines.
fn cut_to_lines(text: &str, lines: usize) -> String {
    if toast_lines(text) <= lines {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && toast_lines(&format!("{out}…")) > lines {
        out.pop();
    }
    format!("{out}…")
}

/// One sentence of a notice's body; the least important ones go first when the body would not fit a toast.
struct Part {
    text: String,
    /// 0: always kept; higher numbers are dropped first.
    drop_rank: u8,
    /// May be cut with `…` (text from the config: an effect, a window's own guidance).
    cut: bool,
}

fn part(text: impl Into<String>, drop_rank: u8) -> Part {
    Part { text: text.into(), drop_rank, cut: false }
}

fn cuttable(text: impl Into<String>, drop_rank: u8) -> Part {
    Part { text: text.into(), drop_rank, cut: true }
}

/// Joins the parts in their order, dropping the least important and then cutting texts from the config until the
/// body fits [`TOAST_BODY_LINES`].
fn fit(mut parts: Vec<Part>, language: Language) -> String {
    let sep = if language == Language::Ja { "" } else { " " };
    let join =
        |parts: &[Part]| parts.iter().map(|p| p.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(sep);
    while toast_lines(&join(&parts)) > TOAST_BODY_LINES {
        let droppable =
            parts.iter().enumerate().filter(|(_, p)| p.drop_rank > 0).max_by_key(|(i, p)| (p.drop_rank, *i));
        if let Some((i, _)) = droppable {
            parts.remove(i);
            continue;
        }
        // Only kept parts remain: cut the longest text from the config to what the others leave room for.
        let Some(i) = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.cut && !p.text.is_empty())
            .max_by_key(|(_, p)| p.text.chars().count())
            .map(|(i, _)| i)
        else {
            break;
        };
        let shorter: String = parts[i].text.chars().take(parts[i].text.chars().count().saturating_sub(4)).collect();
        parts[i].text =
            if shorter.is_empty() { String::new() } else { format!("{}…", shorter.trim_end_matches('…')) };
    }
    cut_to_lines(&join(&parts), TOAST_BODY_LINES)
}

/// The name notices are titled with: the app's Japanese name, or `onshi-tray` in English.
pub fn app_name(language: Language) -> &'static str {
    match language {
        Language::Ja => "オン資メンテナンス通知",
        Language::En => "onshi-tray",
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

/// The effect sentence of a notice: the window's own, or what its impact means.
fn effect_sentence(window: &Window, language: Language) -> String {
    if let Some(effect) = effect_of(window, language) {
        return effect.trim().to_string();
    }
    let system = system_of(window, language);
    match (window.impact, language) {
        (Impact::Logout, Language::Ja) => "ログインしている端末は、一度ログアウトされることがあります。".to_string(),
        (Impact::Outage, Language::Ja) => format!("作業中は{system}を使えません。"),
        (Impact::Partial, Language::Ja) => format!("{system}の一部に影響があります。"),
        (Impact::Logout, Language::En) => "A logged-in PC may be logged out once.".to_string(),
        (Impact::Outage, Language::En) => format!("{} cannot be used during the work.", capitalized(system)),
        (Impact::Partial, Language::En) => format!("Part of {system} is affected."),
    }
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
    let effect = cuttable(effect_sentence(window, language), 0);
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

/// The text with its first letter upper-cased (English sentences built from a config's words).
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
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

fn hours_text(hours: DayHours, language: Language) -> String {
    match (hours, language) {
        (Some(h), Language::Ja) => format!("{}〜{}", clock_text(h.open), clock_text(h.close)),
        (Some(h), Language::En) => format!("{}–{}", clock_text(h.open), clock_text(h.close)),
        (None, Language::Ja) => "休み".to_string(),
        (None, Language::En) => "closed".to_string(),
    }
}

/// `月〜金 8:00〜18:00、土 8:00〜16:00、日曜・祝日は休み`.
pub fn contact_hours(contact: &Contact, language: Language) -> String {
    let hours = &contact.hours;
    let (weekday, saturday, sunday) =
        (hours_text(hours.weekday, language), hours_text(hours.saturday, language), hours_text(hours.sunday, language));
    match (language, hours.closed_on_holidays, hours.sunday.is_none()) {
        (Language::Ja, true, true) => format!("月〜金 {weekday}、土 {saturday}、日曜・祝日は休み"),
        (Language::Ja, true, false) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}、祝日は休み"),
        (Language::Ja, false, _) => format!("月〜金 {weekday}、土 {saturday}、日 {sunday}"),
        (Language::En, true, _) => {
            format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday} (closed on national holidays)")
        }
        (Language::En, false, _) => format!("Mon–Fri {weekday}, Sat {saturday}, Sun {sunday}"),
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
        (Language::Ja, Some(next)) => text += &format!("次の受付開始は{next}です。"),
        (Language::En, Some(next)) => text += &format!(" Opens {next} JST."),
        (_, None) => {}
    }
    text
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
