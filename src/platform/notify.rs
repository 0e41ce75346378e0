//! Desktop notifications, sent from a worker thread so a slow or missing server never stalls the loop.
//!
//! One live notification per window: a window's new notice replaces its previous one, and [`Notifier::close`] takes
//! it off the screen (Linux: freedesktop `replaces_id` and `CloseNotification`; Windows: the toast's tag and group,
//! and the notification history; macOS shows each notice anew).
//! A notice the platform did not show (no server, an error, a server that does not answer within 10 s) is logged
//! and handed back to the app, which tries it again while it still describes the present; a hung server holds up
//! no other notice (Linux and macOS show each notice on a thread of its own).
//!
//! Linux and macOS go through notify-rust (`notify/via_notify_rust.rs`); Windows shows the app's own toast XML
//! ([`onshi_tray::toast`]) through WinRT (`notify/windows.rs`). The per-platform code is in `notify/linux.rs`,
//! `notify/windows.rs` and `notify/macos.rs`.

use std::sync::{mpsc, Arc};

use onshi_tray::delivery::Delivery;
use onshi_tray::toast::Toast;

#[cfg_attr(all(unix, not(target_os = "macos")), path = "notify/linux.rs")]
#[cfg_attr(target_os = "windows", path = "notify/windows.rs")]
#[cfg_attr(target_os = "macos", path = "notify/macos.rs")]
mod backend;

#[cfg(not(target_os = "windows"))]
#[path = "notify/via_notify_rust.rs"]
mod via_notify_rust;

pub use backend::{alert, notify_once, register_app_id};

/// The test double of the platform's notification setting: `ONSHI_TRAY_NOTIFICATION_SETTING=N` stands for Windows'
/// `ToastNotifier.Setting` returning `N` (0 = enabled … 4 = disabled by manifest), on every platform, so the tests
/// can drive what the app does when notices cannot be seen.
pub const SETTING_DOUBLE: &str = "ONSHI_TRAY_NOTIFICATION_SETTING";

/// Whether this app's notices can be seen now (read before each notice and at every wake).
pub fn delivery() -> Delivery {
    match std::env::var(SETTING_DOUBLE).ok().and_then(|v| v.trim().parse::<i32>().ok()) {
        Some(setting) => Delivery::from_winrt(setting),
        None => backend::delivery(),
    }
}

/// What a button on a notice (or a click on it) does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Opens the guidance page about the notice's window: a click on the notice does this too.
    Guide,
    /// Opens this address (the portal article).
    Open(String),
    /// 「確認しました」 for the notice's window.
    Acknowledge,
    /// 「10分後に再通知」 for the notice's window.
    Snooze,
}

impl Action {
    /// The action key sent to the notification server.
    #[cfg_attr(target_os = "windows", allow(dead_code))]
    fn key(&self) -> &'static str {
        match self {
            Action::Guide => "guide",
            Action::Open(_) => "portal",
            Action::Acknowledge => "acknowledge",
            Action::Snooze => "snooze",
        }
    }
}

/// A choice a person made on a notice, for the app's loop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    Acknowledge,
    Snooze,
    /// Open the guidance page (for the notice's window, if it has one). On Windows the toast opens it by itself.
    #[cfg_attr(target_os = "windows", allow(dead_code))]
    Guide,
}

/// A notice to show. Linux and macOS build it from the text and actions; Windows shows `toast`, which holds the
/// same text and buttons as XML (so those fields go unread there).
#[derive(Clone, Debug)]
#[cfg_attr(target_os = "windows", allow(dead_code))]
pub struct Request {
    /// The name the notice is titled with (オン資メンテナンス通知 in Japanese).
    pub app_name: &'static str,
    pub title: String,
    pub body: String,
    /// In-progress notices while staff are there: critical urgency where the platform has one.
    pub critical: bool,
    /// The window the notice is about: its new notice replaces the previous one.
    pub window: Option<String>,
    /// Buttons, with their labels; a click on the notice does what `Guide` does, or else the first `Open`.
    pub actions: Vec<(Action, String)>,
    /// Log line describing the notice, written once it was shown.
    pub log_as: String,
    /// How many times it was tried before (retries after a failure), and when it was first tried.
    pub attempt: u32,
    pub first_try: chrono::DateTime<chrono::Utc>,
    /// What Windows shows: the toast's XML and its tag (about a window) in [`onshi_tray::toast::GROUP`]. Built on
    /// every platform (cheaply, once per notice) so that one `Request` serves all; only Windows reads it.
    #[cfg_attr(not(target_os = "windows"), allow(dead_code))]
    pub toast: Toast,
}

enum Command {
    Show(Request),
    /// Take the window's live notification off the screen.
    Close(String),
}

/// Where choices made on notices go: the window id (if the notice is about one) and the choice.
/// Where a notice the platform did not show goes back to (the app tries it again).
pub type OnNotShown = Arc<dyn Fn(Request) + Send + Sync>;

pub type OnChoice = Arc<dyn Fn(Option<String>, Choice) + Send + Sync>;

pub struct Notifier {
    commands: mpsc::Sender<Command>,
}

impl Notifier {
    /// Starts the worker thread. `on_choice` receives 「確認しました」, 「10分後に再通知」 and guidance clicks.
    pub fn spawn(
        on_choice: impl Fn(Option<String>, Choice) + Send + Sync + 'static,
        on_not_shown: impl Fn(Request) + Send + Sync + 'static,
    ) -> Notifier {
        let (commands, incoming) = mpsc::channel::<Command>();
        let on_choice: OnChoice = Arc::new(on_choice);
        let on_not_shown: OnNotShown = Arc::new(on_not_shown);
        let spawned = std::thread::Builder::new().name("notifier".to_string()).spawn(move || {
            let mut live = backend::Live::default();
            for command in incoming {
                match command {
                    Command::Show(request) => backend::show(request, &mut live, &on_choice, &on_not_shown),
                    Command::Close(window) => live.close(&window),
                }
            }
        });
        if let Err(err) = spawned {
            log::error!("cannot start the notification thread: {err}");
        }
        Notifier { commands }
    }

    pub fn send(&self, request: Request) {
        if self.commands.send(Command::Show(request)).is_err() {
            log::error!("the notification thread has stopped; notice not shown");
        }
    }

    /// Closes the window's live notification, if it is still on screen.
    pub fn close(&self, window: &str) {
        let _ = self.commands.send(Command::Close(window.to_string()));
    }
}
