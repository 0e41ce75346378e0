//! The tray's words: its menu labels, the status line and the names of windows in the menu.

use super::*;

/// Labels of the tray menu.
pub struct MenuLabels {
    pub portal: &'static str,
    pub guidance: &'static str,
    pub windows: &'static str,
    pub no_windows: &'static str,
    pub test_notice: &'static str,
    /// Reads an announcement from the clipboard and asks before adding its windows.
    pub import: &'static str,
    /// Takes the last import back.
    pub undo_import: &'static str,
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
    /// 「確認しました」 in the menu about a window that took place: the tray stops saying so.
    pub menu_acknowledge_after: &'static str,
    /// The portal button on a notice: short, so that no server clips it at the screen's edge.
    pub portal_button: &'static str,
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
            import: "お知らせの文面から予定を追加…",
            undo_import: "追加した予定を取り消す",
            open_config: "設定ファイルを開く",
            reload: "設定を再読み込み",
            update_feeds: "予定を今すぐ更新",
            show_errors: "設定エラーを表示",
            autostart: "ログイン時に起動",
            quit: "終了",
            quit_confirm: "終了する（メンテナンスのお知らせが表示されなくなります）",
            acknowledge: "確認しました",
            menu_acknowledge_after: "確認しました（前回の作業のお知らせを消す）",
            portal_button: "ポータルの記事",
            snooze: "10分後に再通知",
            guide_button: "対応の手順を見る",
        },
        Language::En => MenuLabels {
            portal: "Open the portal article (KB0011769)",
            guidance: "What to do during the work or when logged out",
            windows: "Scheduled maintenance",
            no_windows: "Nothing scheduled",
            test_notice: "Send a test notification",
            import: "Add windows from an announcement…",
            undo_import: "Remove the added windows",
            open_config: "Open the config file",
            reload: "Reload the config",
            update_feeds: "Update the schedule now",
            show_errors: "Show config errors",
            autostart: "Start at login",
            quit: "Quit",
            quit_confirm: "Quit (maintenance notices will no longer appear)",
            acknowledge: "Got it",
            menu_acknowledge_after: "Got it (stop saying the last work took place)",
            portal_button: "Portal article",
            snooze: "Remind me in 10 min",
            guide_button: "Full steps",
        },
    }
}

/// The name notices are titled with: the app's Japanese name, or `onshi-tray` in English.
pub fn app_name(language: Language) -> &'static str {
    match language {
        Language::Ja => "オン資メンテナンス通知",
        Language::En => "onshi-tray",
    }
}

/// One line of the windows submenu: `3月21日(土) 22:00〜23:00 オンライン資格確認等システム改修作業`.
pub fn window_label(window: &Window, language: Language) -> String {
    format!("{} {}", range(window.start, window.end, language), title_of(window, language))
}

/// The tray's first line: `次回：3月21日(土) 22:00〜23:00`, `作業中（23:00まで）` or `予定なし`.
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
                Language::Ja => format!("次回：{}", range(next.start, next.end, language)),
                Language::En => format!("Next: {}", range(next.start, next.end, language)),
            },
            None => menu_labels(language).no_windows.to_string(),
        },
    }
}

/// 「確認しました」 on a notice or in the menu names what it leaves: when the window's next notice comes
/// (`確認しました（次は21:45）`, or with the date when that is another day).
pub fn acknowledge_label(next: Option<DateTime<Utc>>, now: DateTime<Utc>, language: Language, in_menu: bool) -> String {
    let when = next.map(|at| at_short(at, now, language));
    match (language, when, in_menu) {
        (Language::Ja, Some(when), false) => format!("確認しました（次は{when}）"),
        (Language::Ja, Some(when), true) => format!("確認しました（次のお知らせは{when}）"),
        (Language::Ja, None, _) => "確認しました".to_string(),
        (Language::En, Some(when), false) => format!("Got it (next at {when})"),
        (Language::En, Some(when), true) => format!("Got it (next notice at {when})"),
        (Language::En, None, _) => "Got it".to_string(),
    }
}

/// The menu item after 「確認しました」: it says so, and takes it back (`確認済み・取り消す（次のお知らせは21:45）`).
pub fn acknowledged_label(next: Option<DateTime<Utc>>, now: DateTime<Utc>, language: Language) -> String {
    let when = next.map(|at| at_short(at, now, language));
    match (language, when) {
        (Language::Ja, Some(when)) => format!("確認済み・取り消す（次のお知らせは{when}）"),
        (Language::Ja, None) => "確認済み・取り消す".to_string(),
        (Language::En, Some(when)) => format!("Acknowledged · undo (next notice at {when})"),
        (Language::En, None) => "Acknowledged · undo".to_string(),
    }
}

/// The menu's line after 「10分後に再通知」: when the reminder comes (`21:10に再通知します`).
pub fn snoozed_label(until: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    match language {
        Language::Ja => format!("{}に再通知します", at_short(until, now, language)),
        Language::En => format!("Reminder at {}", at_short(until, now, language)),
    }
}

/// `21:45` today, `3月22日 9:00` on another day.
fn at_short(at: DateTime<Utc>, now: DateTime<Utc>, language: Language) -> String {
    if at.with_timezone(&JST).date_naive() == now.with_timezone(&JST).date_naive() {
        time(at)
    } else {
        day_time_short(at, language)
    }
}

/// The tray's first line after a window, until staff acknowledge it:
/// `前回：3月21日(土) 22:00〜23:00 作業あり — ログインし直してください`.
pub fn after_line(window: &Window, language: Language) -> String {
    let when = range(window.start, window.end, language);
    match (language, window.impact) {
        (Language::Ja, Impact::Partial) => format!("前回：{when} 作業あり"),
        (Language::Ja, _) => format!("前回：{when} 作業あり — ログインし直してください"),
        (Language::En, Impact::Partial) => format!("Last: {when} maintenance took place"),
        (Language::En, _) => format!("Last: {when} maintenance took place — log in again"),
    }
}

/// Said after 予定なし while the app has no feed and no window to come.
pub fn no_source_suffix(language: Language) -> &'static str {
    match language {
        Language::Ja => "・予定の取得元が未設定",
        Language::En => " · no schedule source set",
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
