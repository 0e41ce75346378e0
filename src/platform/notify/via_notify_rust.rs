//! Linux and macOS: notices through notify-rust, one waiting thread per notice with buttons.

use std::collections::HashMap;
use std::sync::Arc;

use notify_rust::Notification;

use onshi_tray_core::config::Language;
use onshi_tray_core::notice::app_name;

use super::backend;
use onshi_tray_core::reception::Action;

use super::{Callbacks, Choice, OnChoice, Request};

/// How long the notification server has to answer a call (a notice, its capabilities, a close): one that hangs must
/// not hold up the next notice.
pub const SHOW_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Shows one notice, replacing the window's previous one where the platform can, on a thread of its own that then
/// waits for a click on it: a server that is slow or hangs holds up no other notice. Every call to the server (its
/// capabilities, the notice itself) is made on one more thread, answered within [`SHOW_TIMEOUT`] or given up: a
/// notice the server did not take (none running, an error, no answer) goes back to the app through
/// `not_shown`, with the reason, to be tried again; one that a hung server shows after it was given up is taken off
/// the screen again (the retry shows the notice of that moment).
pub fn show(request: Request, live: &mut backend::Live, callbacks: &Callbacks) {
    let (live, callbacks) = (live.clone(), callbacks.clone());
    let spawned = std::thread::Builder::new().name("notice".to_string()).spawn(move || {
        let (answer, answered) = std::sync::mpsc::channel();
        let call = (request.clone(), live.clone());
        let asked = std::thread::Builder::new()
            .name("notify-call".to_string())
            .spawn(move || {
                let (request, live) = call;
                let asked_at = std::time::Instant::now();
                let mut notification = Notification::new();
                notification.appname(request.presentation.app_name).summary(&request.presentation.title);
                backend::prepare(&mut notification, &request, &live);
                let result = notification.show().map_err(|err| err.to_string());
                if let Err(Ok(late)) = answer.send(result).map_err(|unsent| unsent.0) {
                    log::warn!(
                        "the notification server answered after {} s, when the notice was already given up: taken off the screen again ({})",
                        asked_at.elapsed().as_secs(),
                        request.presentation.log_as
                    );
                    backend::withdraw(late, &live);
                }
            })
            .map_err(|err| err.to_string());
        let result = asked.and_then(|_| {
            answered.recv_timeout(SHOW_TIMEOUT).unwrap_or_else(|_| {
                Err(format!("the notification server did not answer within {} s", SHOW_TIMEOUT.as_secs()))
            })
        });
        drop(answered);
        match result {
            Ok(handle) => {
                let shown = &request.presentation;
                log::info!("shown: {}{}", shown.log_as, if shown.critical { " [critical]" } else { "" });
                let token = live.shown(&request, &handle);
                (callbacks.shown)(request.presentation.window.clone(), backend::server_id(&handle));
                wait_for_choice(handle, &request, token, live.current(), &callbacks.choice);
            }
            Err(err) => {
                log::error!(
                    "notification not shown ({}): {err}; {}",
                    request.presentation.log_as,
                    backend::NOT_SHOWN_HINT
                );
                (callbacks.not_shown)(request, err);
            }
        }
    });
    if let Err(err) = spawned {
        log::error!("cannot start a notice thread: {err}");
    }
}

/// Waits (on the notice's thread) until the notice is clicked or closed, and acts on the click.
fn wait_for_choice(
    handle: notify_rust::NotificationHandle,
    request: &Request,
    token: (u32, u64),
    current: Current,
    on_choice: &OnChoice,
) {
    let actions: HashMap<&'static str, Action> =
        request.presentation.actions.iter().map(|(action, _)| (action.key(), action.clone())).collect();
    if actions.is_empty() {
        return;
    }
    let window = request.presentation.window.clone();
    backend::wait_for_action(handle, |key| {
        // A notice that was replaced shares its id with the new one: only the newest acts.
        if !current.is_current(token) {
            return;
        }
        let action = actions.get(key);
        match (action, &window) {
            // A page the app wrote (an import's list) by its path; anything else is an address.
            (Some(Action::Open(target)), _) if std::path::Path::new(target).is_absolute() => {
                crate::platform::open::open_file(std::path::Path::new(target))
            }
            (Some(Action::Open(url)), _) => crate::platform::open::open_url(url),
            // The app writes the page for the moment of the click (Windows opens the one written with the toast).
            (Some(Action::Guide), _) => on_choice(window.clone(), Choice::Guide),
            (Some(Action::Acknowledge), Some(_)) => on_choice(window.clone(), Choice::Acknowledge),
            (Some(Action::Snooze), Some(_)) => on_choice(window.clone(), Choice::Snooze),
            (Some(Action::AddImport), _) => on_choice(None, Choice::AddImport),
            (Some(Action::Decline), _) => on_choice(None, Choice::Decline),
            _ => {}
        }
    });
}

/// Shows one plain notification now, waiting at most [`SHOW_TIMEOUT`] for the server (for messages before the loop
/// runs, and alerts).
pub fn notify_once(title: &str, body: &str) {
    let mut notification = Notification::new();
    // Messages before the configuration is read (a missing library, a second start) are titled in Japanese.
    notification.appname(app_name(Language::Ja)).summary(title).body(body);
    let (answer, answered) = std::sync::mpsc::channel();
    let asked = std::thread::Builder::new().name("notify-once".to_string()).spawn(move || {
        let _ = answer.send(notification.show().map(drop).map_err(|err| err.to_string()));
    });
    let result = match asked {
        Ok(_) => answered.recv_timeout(SHOW_TIMEOUT).unwrap_or_else(|_| {
            Err(format!("the notification server did not answer within {} s", SHOW_TIMEOUT.as_secs()))
        }),
        Err(err) => Err(err.to_string()),
    };
    if let Err(err) = result {
        log::warn!("notification not shown: {err}");
    }
}

/// The notices on screen where each notice is its own (macOS): nothing to replace or close.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
#[derive(Clone, Default)]
pub struct Separate {
    current: Current,
    shown: Arc<std::sync::atomic::AtomicU64>,
}

#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
impl Separate {
    /// Records a shown notice; every notice is its own, so each is the current one of its id.
    pub fn shown(&self, _request: &Request, _handle: &notify_rust::NotificationHandle) -> (u32, u64) {
        let shown = self.shown.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        self.current.set(shown as u32, shown);
        (shown as u32, shown)
    }

    pub fn current(&self) -> Current {
        self.current.clone()
    }

    pub fn close(&mut self, _window: &str) {}

    /// Notices of an earlier run cannot be reached here.
    pub fn restore(&mut self, _on_screen: std::collections::BTreeMap<String, u32>) {}
}

/// Which shown notice is the newest of its id, so that a replaced one's click thread stays quiet.
#[derive(Clone, Default)]
pub struct Current(Arc<std::sync::Mutex<HashMap<u32, u64>>>);

impl Current {
    /// Records `token` as the newest notice with `id`.
    pub fn set(&self, id: u32, token: u64) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id, token);
    }

    fn is_current(&self, token: (u32, u64)) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&token.0) == Some(&token.1)
    }
}
