//! What the tray shows, and its menu, whatever draws it (tray-icon on Windows and macOS, ksni on Linux).
//!
//! The app builds a [`TrayView`] from the schedule and the config; [`entries`] is the menu of a view, top to bottom.

use crate::icon::Look;

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
    pub portal: String,
    pub contact: String,
    pub guidance: String,
    pub windows_title: String,
    /// Labels of the windows submenu; empty shows `no_windows`.
    pub windows: Vec<String>,
    pub no_windows: String,
    pub test_notice: String,
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
    Snooze,
    TestNotice,
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

/// The menu of a view, top to bottom.
pub fn entries(view: &TrayView) -> Vec<Entry> {
    let item = |action, label: &String| Entry::Item { action, label: label.clone() };
    // The status line is the most important line: readable (not greyed out), and it opens the guidance page.
    let mut entries = vec![item(MenuAction::Status, &view.status_line)];
    if let (Some(acknowledge), Some(snooze)) = (&view.acknowledge, &view.snooze) {
        entries.push(item(MenuAction::Acknowledge, acknowledge));
        entries.push(item(MenuAction::Snooze, snooze));
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
