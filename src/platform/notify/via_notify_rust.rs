//! Linux and macOS: notices through notify-rust, one waiting thread per notice with buttons.

use std::collections::HashMap;
use std::sync::Arc;

use notify_rust::Notification;

use onshi_tray_core::config::Language;
use onshi_tray_core::notice::app_name;

use super::backend;
use onshi_tray_core::reception::Action;

use super::{Callbacks, Choice, OnChoice, Request};

/// How long the notification server has to take a notice: one that hangs must not hold up the next notice.
const SHOW_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Shows one notice, replacing the window's previous one where the platform can, on a thread of its own that then
/// waits for a click on it: a server that is slow or hangs holds up no other notice. A notice the server did not
/// take (none running, an error, no answer within [`SHOW_TIMEOUT`]) goes back to the app through
/// `on_not_shown`, to be tried again.
pub fn show(request: Request, live: &mut backend::Live, callbacks: &Callbacks) {
    let mut notification = Notification::new();
    notification.appname(request.presentation.app_name).summary(&request.presentation.title);
    backend::prepare(&mut notification, &request, live);
    let (live, callbacks) = (live.clone(), callbacks.clone());
    let spawned = std::thread::Builder::new().name("notice".to_string()).spawn(move || {
        // The call waits for the server's answer: on a thread of its own again, so that a hung server costs this
        // notice only the time-out (the call's thread ends whenever the server answers).
        let (answer, answered) = std::sync::mpsc::channel();
        let asked = std::thread::Builder::new()
            .name("notify-call".to_string())
            .spawn(move || {
                let _ = answer.send(notification.show().map_err(|err| err.to_string()));
            })
            .map_err(|err| err.to_string());
        let result = asked.and_then(|_| {
            answered.recv_timeout(SHOW_TIMEOUT).unwrap_or_else(|_| {
                Err(format!("the notification server did not answer within {} s", SHOW_TIMEOUT.as_secs()))
            })
        });
        match result {
            Ok(handle) => {
                let shown = &request.presentation;
                log::info!("shown: {}{}", shown.log_as, if shown.critical { " [critical]" } else { "" });
                let token = live.shown(&request, &handle);
                if let (Some(window), Some(id)) = (&request.presentation.window, backend::server_id(&handle)) {
                    (callbacks.shown)(window.clone(), id);
                }
                wait_for_choice(handle, &request, token, live.current(), &callbacks.choice);
            }
            Err(err) => {
                log::error!(
                    "notification not shown ({}): {err}; {}",
                    request.presentation.log_as,
                    backend::NOT_SHOWN_HINT
                );
                (callbacks.not_shown)(request);
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
            (Some(Action::Open(url)), _) => crate::platform::open::open_url(url),
            // The app writes the page for the moment of the click (Windows opens the one written with the toast).
            (Some(Action::Guide), _) => on_choice(window.clone(), Choice::Guide),
            (Some(Action::Acknowledge), Some(_)) => on_choice(window.clone(), Choice::Acknowledge),
            (Some(Action::Snooze), Some(_)) => on_choice(window.clone(), Choice::Snooze),
            _ => {}
        }
    });
}

/// Shows one plain notification right away, on this thread (for messages before the loop runs).
pub fn notify_once(title: &str, body: &str) {
    let mut notification = Notification::new();
    // Messages before the configuration is read (a missing library, a second start) are titled in Japanese.
    notification.appname(app_name(Language::Ja)).summary(title).body(body);
    if let Err(err) = notification.show() {
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
