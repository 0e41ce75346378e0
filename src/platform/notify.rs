//! Desktop notifications, sent from a worker thread so a slow or missing server never stalls the loop.
//!
//! One live notification per window: a window's new notice replaces its previous one, and [`Notifier::close`] takes
//! it off the screen (Linux: freedesktop `replaces_id` and `CloseNotification`; Windows: the toast's tag and group,
//! and the notification history; macOS shows each notice anew).
//! A notice the platform did not show (no server, an error, a server that does not answer within 10 s) is logged
//! and handed back to the app, which tries it again while it still describes the present; a hung server holds up
//! no other notice (Linux and macOS show each notice on a thread of its own).
//!
//! What a notice says and which buttons it has is decided by the core ([`Presentation`]); Linux and macOS render it
//! through notify-rust (`notify/via_notify_rust.rs`), Windows as the app's own toast XML ([`onshi_tray_core::toast`])
//! through WinRT (`notify/windows.rs`). The per-platform code is in `notify/linux.rs`,
//! `notify/windows.rs` and `notify/macos.rs`.

use std::collections::BTreeMap;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use onshi_tray_core::delivery::{Attention, Delivery};
use onshi_tray_core::reception::Presentation;

#[cfg_attr(all(unix, not(target_os = "macos")), path = "notify/linux.rs")]
#[cfg_attr(target_os = "windows", path = "notify/windows.rs")]
#[cfg_attr(target_os = "macos", path = "notify/macos.rs")]
mod backend;

#[cfg(not(target_os = "windows"))]
#[path = "notify/via_notify_rust.rs"]
mod via_notify_rust;

pub use backend::{alert, ask, ask_import, notify_once, register_app_id};

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

/// The test double of whether the person at the PC can see a notice: `ONSHI_TRAY_USER_STATE_FILE=PATH` names a file
/// holding a value of Windows' `SHQueryUserNotificationState` (2 = busy … 5 = accepts notifications), read again at
/// each look, on every platform, so the tests can hold notices back and let them through.
pub const USER_STATE_DOUBLE: &str = "ONSHI_TRAY_USER_STATE_FILE";

/// Whether the person at the PC can see a notice now (read before each wake).
pub fn attention() -> Attention {
    match std::env::var_os(USER_STATE_DOUBLE) {
        Some(path) => {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            text.trim().parse::<i32>().map_or(Attention::Accepting, Attention::from_quns)
        }
        None => backend::attention(),
    }
}

pub use onshi_tray_core::reception::Choice;

/// A notice to show: what the core decided ([`Presentation`]), and its picture. A click on it reaches the app, which
/// writes the guidance page for the moment of the click (Windows: through the toast activator, also when the app
/// was not running).
#[derive(Clone, Debug)]
pub struct Request {
    pub presentation: Presentation,
    /// The picture of the notice's state: a PNG the app drew into its data folder (freedesktop `image-path`; Windows
    /// and macOS show the app's own icon).
    #[cfg_attr(any(target_os = "windows", target_os = "macos"), allow(dead_code))]
    pub picture: Option<std::path::PathBuf>,
}

enum Command {
    Show(Box<Request>),
    /// Take the window's live notification off the screen.
    Close(String),
    /// Answered once every command before it was carried out.
    Flush(mpsc::Sender<()>),
}

/// Where a notice the platform did not show goes back to (the app tries it again), with the reason.
pub type OnNotShown = Arc<dyn Fn(Request, String) + Send + Sync>;

/// Where choices made on notices go: the window id (if the notice is about one) and the choice.
pub type OnChoice = Arc<dyn Fn(Option<String>, Choice) + Send + Sync>;

/// Where every shown notice is told: its window, if it is about one, and the server's id of it where the platform
/// gives one (the app keeps it in the notice log, and knows that notices reach the screen).
pub type OnShown = Arc<dyn Fn(Option<String>, Option<u32>) + Send + Sync>;

/// What the notification thread reports back to the app.
#[derive(Clone)]
pub struct Callbacks {
    pub choice: OnChoice,
    pub not_shown: OnNotShown,
    pub shown: OnShown,
}

pub struct Notifier {
    commands: mpsc::Sender<Command>,
}

impl Notifier {
    /// Starts the worker thread with the notices a previous run left on screen (`on_screen`: window id to the
    /// server's id), which a window's next notice replaces. `callbacks` receive 「確認しました」, 「10分後に再通知」
    /// and guidance clicks, notices not shown, and the ids of shown ones.
    pub fn spawn(on_screen: BTreeMap<String, u32>, callbacks: Callbacks) -> Notifier {
        backend::serve_activations(&callbacks);
        let (commands, incoming) = mpsc::channel::<Command>();
        let spawned = std::thread::Builder::new().name("notifier".to_string()).spawn(move || {
            let mut live = backend::Live::default();
            live.restore(on_screen);
            for command in incoming {
                match command {
                    Command::Show(request) => backend::show(*request, &mut live, &callbacks),
                    Command::Close(window) => live.close(&window),
                    Command::Flush(done) => {
                        let _ = done.send(());
                    }
                }
            }
        });
        if let Err(err) = spawned {
            log::error!("cannot start the notification thread: {err}");
        }
        Notifier { commands }
    }

    pub fn send(&self, request: Request) {
        if self.commands.send(Command::Show(Box::new(request))).is_err() {
            log::error!("the notification thread has stopped; notice not shown");
        }
    }

    /// Closes the window's live notification, if it is still on screen.
    pub fn close(&self, window: &str) {
        let _ = self.commands.send(Command::Close(window.to_string()));
    }

    /// Waits until every notice and close sent so far was carried out, at most `limit` (before the app exits).
    pub fn flush(&self, limit: Duration) {
        let (done, finished) = mpsc::channel();
        if self.commands.send(Command::Flush(done)).is_ok() && finished.recv_timeout(limit).is_err() {
            log::warn!("the notification server did not finish within {} s", limit.as_secs());
        }
    }
}
