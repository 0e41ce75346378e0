//! Linux and macOS: notices through notify-rust, one waiting thread per notice with buttons.

use std::collections::HashMap;
use std::sync::Arc;

use notify_rust::Notification;

use onshi_tray::config::Language;
use onshi_tray::notice::app_name;

use super::backend;
use super::{Action, Choice, OnChoice, Request};

/// Shows one notice, replacing the window's previous one where the platform can, and waits on a thread of its
/// own for a click on it.
pub fn show(request: Request, live: &mut backend::Live, on_choice: &OnChoice) {
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
                        (Some(Action::Open(url)), _) => crate::platform::open::open_url(url),
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
    if let Err(err) = notification.show() {
        log::warn!("notification not shown: {err}");
    }
}

/// The notices on screen where each notice is its own (macOS): nothing to replace or close.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
#[derive(Default)]
pub struct Separate {
    current: Current,
    shown: u64,
}

#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
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
    pub fn set(&self, id: u32, token: u64) {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(id, token);
    }

    fn is_current(&self, token: (u32, u64)) -> bool {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).get(&token.0) == Some(&token.1)
    }
}
