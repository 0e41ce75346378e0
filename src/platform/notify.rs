//! Desktop notifications through notify-rust, sent from a worker thread so a slow or missing server never stalls the loop.
//!
//! One live notification per window: a window's new notice replaces its previous one, and [`Notifier::close`] takes
//! it off the screen (Linux: freedesktop `replaces_id` and `CloseNotification`; Windows and macOS show each notice
//! anew until the app builds its own toasts).
//! A failure (no server, the server went away) is logged and the notice is not retried: the next notice tries again.
//! The per-platform code is in `notify/linux.rs`, `notify/windows.rs` and `notify/macos.rs`.

use std::collections::HashMap;
use std::sync::{mpsc, Arc};

use notify_rust::Notification;

use onshi_tray::config::Language;
use onshi_tray::notice::app_name;

#[cfg_attr(all(unix, not(target_os = "macos")), path = "notify/linux.rs")]
#[cfg_attr(target_os = "windows", path = "notify/windows.rs")]
#[cfg_attr(target_os = "macos", path = "notify/macos.rs")]
mod backend;

pub use backend::register_app_id;

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
    /// Open the guidance page (for the notice's window, if it has one).
    Guide,
}

#[derive(Clone, Debug)]
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
}

enum Command {
    Show(Request),
    /// Take the window's live notification off the screen.
    Close(String),
}

/// Where choices made on notices go: the window id (if the notice is about one) and the choice.
type OnChoice = Arc<dyn Fn(Option<String>, Choice) + Send + Sync>;

pub struct Notifier {
    commands: mpsc::Sender<Command>,
}

impl Notifier {
    /// Starts the worker thread. `on_choice` receives 「確認しました」, 「10分後に再通知」 and guidance clicks.
    pub fn spawn(on_choice: impl Fn(Option<String>, Choice) + Send + Sync + 'static) -> Notifier {
        let (commands, incoming) = mpsc::channel::<Command>();
        let on_choice: OnChoice = Arc::new(on_choice);
        let spawned = std::thread::Builder::new().name("notifier".to_string()).spawn(move || {
            let mut live = backend::Live::default();
            for command in incoming {
                match command {
                    Command::Show(request) => show(request, &mut live, &on_choice),
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

/// Shows one notice, replacing the window's previous one where the platform can, and waits on a thread of its
/// own for a click on it.
fn show(request: Request, live: &mut backend::Live, on_choice: &OnChoice) {
    let mut notification = Notification::new();
    notification.appname(request.app_name).summary(&request.title);
    backend::prepare(&mut notification, &request, live);
    match notification.show() {
        Ok(handle) => {
            log::info!("shown: {}{}", request.log_as, if request.critical { " [critical]" } else { "" });
            let token = live.shown(&request, &handle);
            let actions: HashMap<&'static str, Action> =
                request.actions.iter().map(|(action, _)| (action.key(), action.clone())).collect();
            if actions.is_empty() {
                return;
            }
            let (window, on_choice, current) = (request.window.clone(), on_choice.clone(), live.current());
            // Waits on its own thread until the notice is clicked or closed.
            let _ = std::thread::Builder::new().name("notice-action".to_string()).spawn(move || {
                backend::wait_for_action(handle, |key| {
                    // A notice that was replaced shares its id with the new one: only the newest acts.
                    if !current.is_current(token) {
                        return;
                    }
                    let action = if key == "default" {
                        actions.get("guide").or_else(|| actions.values().find(|a| matches!(a, Action::Open(_))))
                    } else {
                        actions.get(key)
                    };
                    match (action, &window) {
                        (Some(Action::Open(url)), _) => super::open::open_url(url),
                        (Some(Action::Guide), _) => on_choice(window.clone(), Choice::Guide),
                        (Some(Action::Acknowledge), Some(_)) => on_choice(window.clone(), Choice::Acknowledge),
                        (Some(Action::Snooze), Some(_)) => on_choice(window.clone(), Choice::Snooze),
                        _ => {}
                    }
                });
            });
        }
        Err(err) => log::error!("notification not shown ({}): {err}; {}", request.log_as, backend::NOT_SHOWN_HINT),
    }
}

/// Shows one plain notification right away, on this thread (for messages before the loop runs).
pub fn notify_once(title: &str, body: &str) {
    let mut notification = Notification::new();
    // Messages before the configuration is read (a missing library, a second start) are titled in Japanese.
    notification.appname(app_name(Language::Ja)).summary(title).body(body);
    backend::prepare_plain(&mut notification);
    if let Err(err) = notification.show() {
        log::warn!("notification not shown: {err}");
    }
}

/// The notices on screen where each notice is its own (Windows and macOS for now): nothing to replace or close.
#[cfg_attr(all(unix, not(target_os = "macos")), allow(dead_code))]
#[derive(Default)]
pub struct Separate {
    current: Current,
    shown: u64,
}

#[cfg_attr(all(unix, not(target_os = "macos")), allow(dead_code))]
impl Separate {
    /// Records a shown notice; every notice is its own, so each is the current one of its id.
    pub fn shown(&mut self, _request: &Request, _handle: &notify_rust::NotificationHandle) -> (u32, u64) {
        self.shown += 1;
        let id = self.shown as u32;
        self.current.set(id, self.shown);
        (id, self.shown)
    }

    pub fn current(&self) -> Current {
        self.current.clone()
    }

    pub fn close(&mut self, _window: &str) {}
}

/// Which shown notice is the newest of its id, so that a replaced one's click thread stays quiet.
#[derive(Clone, Default)]
pub struct Current(Arc<std::sync::Mutex<HashMap<u32, u64>>>);

impl Current {
    /// Records `token` as the newest notice with `id`.
    fn set(&self, id: u32, token: u64) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id, token);
    }

    fn is_current(&self, token: (u32, u64)) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&token.0) == Some(&token.1)
    }
}
