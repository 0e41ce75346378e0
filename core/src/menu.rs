//! What the tray shows, and its menu, whatever draws it (tray-icon on Windows and macOS, ksni on Linux).
//!
//! [`view`] builds the [`TrayView`] from the schedule, the notice log and what the shell observed; [`entries`] is the
//! menu of a view, top to bottom.

use chrono::{DateTime, Utc};

use crate::delivery::Delivery;
use crate::feed::{self, FeedState};
use crate::icon::Look;
use crate::notice;
use crate::schedule::{NoticeLog, Schedule, State};

/// Everything the tray shows; the app builds a new one when anything changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayView {
    pub icon: Look,
    /// The settings have errors (or notices cannot be seen): the state icon carries the badge.
    pub badge: bool,
    /// The app's name in the user's language (the title of Linux's tooltip).
    pub app_name: String,
    /// The name and the status line, in the 127 UTF-16 units a Windows tooltip holds.
    pub tooltip: String,
    pub status_line: String,
    /// 「確認しました」 and 「10分後に再通知」 for the next window, while its advance notices can still come.
    pub acknowledge: Option<String>,
    pub snooze: Option<String>,
    /// After 「確認しました」: 確認済み, an item that takes it back.
    pub acknowledged: Option<String>,
    /// After 「10分後に再通知」: when the reminder comes (a line that does nothing).
    pub snoozed: Option<String>,
    /// 「確認しました」 about the window that took place, while the tray says so.
    pub acknowledge_after: Option<String>,
    pub portal: String,
    pub contact: String,
    pub guidance: String,
    pub windows_title: String,
    /// Labels of the windows submenu; empty shows `no_windows`.
    pub windows: Vec<String>,
    pub no_windows: String,
    pub test_notice: String,
    /// 「お知らせの文面から予定を追加…」, with the config items (`[menu]` hides both).
    pub import: Option<String>,
    /// 「追加した予定を取り消す」, while the last import can be taken back.
    pub undo_import: Option<String>,
    pub open_config: String,
    pub reload: String,
    /// 予定を今すぐ更新, where the machine-wide file names feeds.
    pub update_feeds: Option<String>,
    /// Shown only while the config has errors.
    pub show_errors: Option<String>,
    /// `None` where the machine-wide `[menu]` hides the item.
    pub autostart: Option<String>,
    pub autostart_on: bool,
    /// The 終了 submenu and its one item that really quits; `None` where `[menu]` hides it.
    pub quit: Option<(String, String)>,
    /// Whether 設定ファイルを開く, 設定を再読み込み and 設定エラーを表示 are shown (`[menu]`).
    pub config_items: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MenuAction {
    /// The status line: opens the guidance page.
    Status,
    Portal,
    Contact,
    Guidance,
    /// The guidance for one window of the submenu (index into the view's `windows`).
    Window(usize),
    Acknowledge,
    /// Takes 「確認しました」 back.
    Unacknowledge,
    Snooze,
    /// 「確認しました」 about the window that took place.
    AcknowledgeAfter,
    TestNotice,
    /// Reads the clipboard for an announcement and asks before adding its windows.
    Import,
    /// Takes the last import's windows out of the user's file.
    UndoImport,
    OpenConfig,
    Reload,
    UpdateFeeds,
    ShowErrors,
    Autostart,
    Quit,
}

/// One line of the menu, whatever draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    Item {
        action: MenuAction,
        label: String,
    },
    /// Shown greyed out (the windows submenu's "no windows").
    Disabled(String),
    Check {
        action: MenuAction,
        label: String,
        checked: bool,
    },
    Separator,
    Submenu {
        label: String,
        entries: Vec<Entry>,
    },
}

/// A label shown as it is written where `marker` marks a menu's access key (`&` for Windows' and macOS's menus,
/// `_` for dbusmenu): each of its own markers doubled, so that 「A&B 改修」 is not read as a mnemonic on B and keeps
/// its `&`.
pub fn literal_label(text: &str, marker: char) -> String {
    let mut doubled = String::with_capacity(text.len());
    for c in text.chars() {
        doubled.push(c);
        if c == marker {
            doubled.push(c);
        }
    }
    doubled
}

/// The namespace of the tray icons' GUIDs (the fixed GUID of the first releases).
const TRAY_GUID_NAMESPACE: u128 = 0x127e_2352_944d_49b8_81c1_5a7b_9a76_05d5;

/// The Windows tray icon's GUID (`NIF_GUID`) for the exe at `exe_path`: a name-based UUID (version 5) of the path in
/// lower case (Windows paths ignore case). Windows binds a tray GUID to the path of the exe that first used it
/// (unless the exe is signed), and refuses it from any other: the MSI's exe keeps one GUID across upgrades (so the
/// shell remembers that a user chose to show the icon), and a copy run from elsewhere has its own.
pub fn tray_guid(exe_path: &str) -> u128 {
    let namespace = uuid::Uuid::from_u128(TRAY_GUID_NAMESPACE);
    uuid::Uuid::new_v5(&namespace, exe_path.to_lowercase().as_bytes()).as_u128()
}

/// The menu of a view, top to bottom.
pub fn entries(view: &TrayView) -> Vec<Entry> {
    let item = |action, label: &String| Entry::Item { action, label: label.clone() };
    // The status line is the most important line: readable (not greyed out), and it opens the guidance page.
    let mut entries = vec![item(MenuAction::Status, &view.status_line)];
    if let Some(label) = &view.acknowledge_after {
        entries.push(item(MenuAction::AcknowledgeAfter, label));
    }
    if let Some(label) = &view.acknowledged {
        entries.push(item(MenuAction::Unacknowledge, label));
    }
    if let Some(label) = &view.acknowledge {
        entries.push(item(MenuAction::Acknowledge, label));
    }
    match (&view.snoozed, &view.snooze) {
        (Some(label), _) => entries.push(Entry::Disabled(label.clone())),
        (None, Some(label)) => entries.push(item(MenuAction::Snooze, label)),
        (None, None) => {}
    }
    let windows = if view.windows.is_empty() {
        vec![Entry::Disabled(view.no_windows.clone())]
    } else {
        view.windows.iter().enumerate().map(|(i, label)| item(MenuAction::Window(i), label)).collect()
    };
    entries.extend([
        Entry::Separator,
        item(MenuAction::Guidance, &view.guidance),
        item(MenuAction::Portal, &view.portal),
        item(MenuAction::Contact, &view.contact),
        Entry::Submenu { label: view.windows_title.clone(), entries: windows },
        Entry::Separator,
        item(MenuAction::TestNotice, &view.test_notice),
    ]);
    if let Some(label) = &view.import {
        entries.push(item(MenuAction::Import, label));
    }
    if let Some(label) = &view.undo_import {
        entries.push(item(MenuAction::UndoImport, label));
    }
    if let Some(label) = &view.update_feeds {
        entries.push(item(MenuAction::UpdateFeeds, label));
    }
    if view.config_items {
        entries.push(item(MenuAction::OpenConfig, &view.open_config));
        entries.push(item(MenuAction::Reload, &view.reload));
        if let Some(label) = &view.show_errors {
            entries.push(item(MenuAction::ShowErrors, label));
        }
    }
    if let Some(label) = &view.autostart {
        entries.push(Entry::Check { action: MenuAction::Autostart, label: label.clone(), checked: view.autostart_on });
    }
    // Quitting stops every notice: it takes a second click, on an item that says so (no dialog toolkit needed).
    if let Some((submenu, confirm)) = &view.quit {
        entries.push(Entry::Separator);
        entries.push(Entry::Submenu { label: submenu.clone(), entries: vec![item(MenuAction::Quit, confirm)] });
    }
    entries
}

/// What the shell observed that the tray shows besides the schedule.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    /// The number of errors of the most recent config load.
    pub config_errors: usize,
    pub feeds: &'a [FeedState],
    pub delivery: Delivery,
    /// The notice log cannot be saved in its place.
    pub log_trouble: bool,
    /// The log file cannot be written.
    pub log_file_trouble: bool,
    pub autostart_on: bool,
    /// The PC's clock against a trusted one (said when wrong).
    pub clock: Option<&'a crate::fleet::ClockCheck>,
    /// The report for the fleet cannot be written.
    pub report_trouble: bool,
    /// Windows added from an announcement can be taken back (「追加した予定を取り消す」).
    pub imported: bool,
}

/// What the menu's items that depend on the moment point at, as the view was built: the windows of the windows
/// submenu (indices into the config's windows), the window 「確認しました」 and 「10分後に再通知」 are about, the
/// window that took place (while the tray says so), and the window the status line's page is about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub windows: Vec<usize>,
    pub advance: Option<String>,
    pub after: Option<String>,
    pub guide: Option<usize>,
}

/// The tray at `now`: icon, badge, status line, tooltip and menu, and what its items point at.
pub fn view(schedule: &Schedule<'_>, log: &NoticeLog, now: DateTime<Utc>, facts: Facts<'_>) -> (TrayView, Targets) {
    let config = schedule.config;
    let language = config.language;
    let status = schedule.status(now);
    let labels = notice::menu_labels(language);
    // A window that took place is said until staff acknowledge it, unless another one is in progress.
    let after = crate::reception::after_window(config, log, now).filter(|_| status.state != State::InProgress);
    let state_line = match after {
        Some(i) => notice::after_line(&config.windows[i], language),
        // An install without a feed, with no window to come, says so: not a quiet 予定なし for ever.
        None if !config.has_schedule_source(now) => {
            notice::status_line(schedule, now) + notice::no_source_suffix(language)
        }
        None => notice::status_line(schedule, now),
    };
    let status_line = notice::with_config_errors(&state_line, facts.config_errors, language)
        + &feed::freshness(facts.feeds, now, language).unwrap_or_default()
        + facts.delivery.status_suffix(language)
        + if facts.log_trouble { notice::log_trouble_suffix(language) } else { "" }
        + if facts.log_file_trouble { notice::log_file_trouble_suffix(language) } else { "" }
        + &crate::fleet::clock_suffix(facts.clock, language)
        + if facts.report_trouble { notice::report_trouble_suffix(language) } else { "" };
    // A config error never hides the schedule: the state's icon stays, with the error badge.
    let icon = match (status.state, after) {
        (State::InProgress, _) => Look::InProgress,
        (_, Some(_)) => Look::After,
        (State::Upcoming, None) => Look::Upcoming,
        (State::Idle, None) => Look::Idle,
    };
    let upcoming: Vec<usize> = (0..config.windows.len()).filter(|&i| config.windows[i].end > now).take(20).collect();
    let windows = upcoming.iter().map(|&i| notice::window_label(&config.windows[i], language)).collect();
    // The next window's advance notices: 確認しました and 10分後に再通知, or what was chosen, with an undo.
    let advance_index = crate::reception::advance_window(config, now);
    let acknowledged = advance_index.filter(|&i| log.is_acknowledged(&config.windows[i], now));
    let open = advance_index.filter(|_| acknowledged.is_none());
    let acknowledge = open.map(|i| {
        let next = schedule.next_if_acknowledged(log, i, now).map(|n| n.at);
        notice::acknowledge_label(next, now, language, true)
    });
    let snooze = open.map(|_| labels.snooze.to_string());
    let snoozed = open
        .and_then(|i| log.snoozed_until(&config.windows[i]))
        .filter(|&until| until > now)
        .map(|until| notice::snoozed_label(until, now, language));
    let acknowledged = acknowledged.map(|i| {
        let next = schedule.next_notice_of(log, i, now).map(|n| n.at);
        notice::acknowledged_label(next, now, language)
    });
    let advance = advance_index.map(|i| config.windows[i].id.clone());
    let policy = config.menu;
    let view = TrayView {
        icon,
        // Something for the administrator: a config error, or notices that cannot be seen.
        badge: facts.config_errors > 0 || facts.delivery.is_off(),
        app_name: notice::app_name(language).to_string(),
        // Windows keeps 127 UTF-16 units of a tooltip (tray-icon would otherwise leave it unterminated).
        tooltip: notice::clamp_utf16(&format!("{}: {status_line}", notice::app_name(language)), 127),
        status_line,
        acknowledge,
        snooze,
        acknowledged,
        snoozed,
        acknowledge_after: after.map(|_| labels.menu_acknowledge_after.to_string()),
        portal: labels.portal.to_string(),
        contact: notice::contact_label(config, now),
        guidance: labels.guidance.to_string(),
        windows_title: labels.windows.to_string(),
        windows,
        no_windows: labels.no_windows.to_string(),
        test_notice: labels.test_notice.to_string(),
        import: policy.config.then(|| labels.import.to_string()),
        undo_import: (policy.config && facts.imported).then(|| labels.undo_import.to_string()),
        open_config: labels.open_config.to_string(),
        reload: labels.reload.to_string(),
        update_feeds: (!config.feeds.is_empty()).then(|| labels.update_feeds.to_string()),
        show_errors: (facts.config_errors > 0).then(|| labels.show_errors.to_string()),
        autostart: policy.autostart.then(|| labels.autostart.to_string()),
        autostart_on: facts.autostart_on,
        quit: policy.quit.then(|| (labels.quit.to_string(), labels.quit_confirm.to_string())),
        config_items: policy.config,
    };
    let guide = after.or_else(|| crate::reception::current_window(schedule, now));
    let after = after.map(|i| config.windows[i].id.clone());
    (view, Targets { windows: upcoming, advance, after, guide })
}
