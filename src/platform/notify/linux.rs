//! Linux (and the BSDs): freedesktop notifications over D-Bus.
//!
//! A window's notice carries the previous one's id as `replaces_id`; [`Live::close`] calls `CloseNotification`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use notify_rust::{Notification, NotificationHandle};

use onshi_tray_core::delivery::Delivery;

use super::via_notify_rust::Current;
pub use super::via_notify_rust::{notify_once, show};

use super::via_notify_rust::SHOW_TIMEOUT;
use super::Request;
use crate::platform::paths::APP_NAME;

/// What to check when a notification could not be shown.
pub const NOT_SHOWN_HINT: &str = "is a notification server running?";

/// The notifications on screen, one per window; shared with the threads that wait for the server's answers.
#[derive(Clone, Default)]
pub struct Live {
    by_window: Arc<Mutex<HashMap<String, u32>>>,
    current: Current,
    shown: Arc<AtomicU64>,
}

impl Live {
    /// Records a shown notice; returns its token (its id, and how many notices were shown before it).
    pub fn shown(&self, request: &Request, handle: &NotificationHandle) -> (u32, u64) {
        let id = handle.id();
        if let Some(window) = &request.presentation.window {
            self.by_window.lock().unwrap_or_else(|p| p.into_inner()).insert(window.clone(), id);
        }
        let shown = self.shown.fetch_add(1, Ordering::Relaxed) + 1;
        self.current.set(id, shown);
        (id, shown)
    }

    pub fn current(&self) -> Current {
        self.current.clone()
    }

    /// The notices a previous run left on screen: a window's next notice replaces its one, and a close closes it.
    pub fn restore(&mut self, on_screen: std::collections::BTreeMap<String, u32>) {
        self.by_window.lock().unwrap_or_else(|p| p.into_inner()).extend(on_screen);
    }

    /// Takes the window's notification off the screen, waiting at most [`SHOW_TIMEOUT`] for the server (on a thread
    /// of its own, so that a hung server costs the close its time-out and nothing more); the notifier thread waits
    /// for it, so that a quit's flush sees every close carried out.
    pub fn close(&mut self, window: &str) {
        let Some(id) = self.by_window.lock().unwrap_or_else(|p| p.into_inner()).remove(window) else { return };
        match within_timeout(move || close_notification(id)) {
            Ok(()) => log::info!("closed the notice of {window} (id {id})"),
            Err(err) => log::warn!("cannot close the notice of {window} (id {id}): {err}"),
        }
    }
}

/// `CloseNotification(id)`.
fn close_notification(id: u32) -> Result<(), String> {
    zbus::block_on(async {
        let connection = zbus::Connection::session().await?;
        connection
            .call_method(
                Some("org.freedesktop.Notifications"),
                "/org/freedesktop/Notifications",
                Some("org.freedesktop.Notifications"),
                "CloseNotification",
                &(id,),
            )
            .await
            .map(drop)
    })
    .map_err(|err: zbus::Error| err.to_string())
}

/// Runs a call to the server on a thread of its own and waits at most [`SHOW_TIMEOUT`] for it.
fn within_timeout<T: Send + 'static>(call: impl FnOnce() -> Result<T, String> + Send + 'static) -> Result<T, String> {
    let (answer, answered) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("notify-call".to_string())
        .spawn(move || {
            let _ = answer.send(call());
        })
        .map_err(|err| err.to_string())?;
    answered
        .recv_timeout(SHOW_TIMEOUT)
        .unwrap_or_else(|_| Err(format!("the notification server did not answer within {} s", SHOW_TIMEOUT.as_secs())))
}

/// A notice the server showed after the app had given it up: taken off the screen again, unless it replaced a
/// window's live notice (whose id stays in use: the window's next notice, sent after it, replaces its text).
pub fn withdraw(handle: NotificationHandle, live: &Live) {
    let id = handle.id();
    if live.by_window.lock().unwrap_or_else(|p| p.into_inner()).values().any(|&live| live == id) {
        return;
    }
    handle.close();
}

/// Whether the server reads the body as markup, asked once (on the notice's own call thread, so under its time-out)
/// and kept; while the server has not answered, the body is escaped, as most servers read markup.
fn body_markup() -> bool {
    static KNOWN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if let Some(known) = KNOWN.get() {
        return *known;
    }
    match notify_rust::get_capabilities() {
        Ok(capabilities) => *KNOWN.get_or_init(|| capabilities.iter().any(|c| c == "body-markup")),
        Err(_) => true,
    }
}

/// Escapes text for servers that read the body as markup (most do: `&` in a URL would otherwise break it).
fn body_for_server(body: &str) -> String {
    if body_markup() {
        body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        body.to_string()
    }
}

/// Body, the state's picture, urgency, whether it stays, the id it replaces, and buttons: the guidance page is the
/// `default` action, a click on the notice itself.
pub fn prepare(notification: &mut Notification, request: &Request, live: &Live) {
    let picture = request.picture.as_ref().map(|path| path.display().to_string());
    let request = &request.presentation;
    notification.body(&body_for_server(&request.body)).icon(picture.as_deref().unwrap_or(APP_NAME));
    if let Some(path) = &picture {
        notification.image_path(path);
    }
    if request.critical {
        notification.urgency(notify_rust::Urgency::Critical);
    }
    if request.stays {
        // Until someone acts on it: no time-out, and kept by servers that would drop it after a click elsewhere.
        notification.timeout(notify_rust::Timeout::Never).hint(notify_rust::Hint::Resident(true));
    }
    let by_window = live.by_window.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(&id) = request.window.as_ref().and_then(|window| by_window.get(window)) {
        notification.id(id);
    }
    for (action, label) in &request.actions {
        notification.action(action.key(), label);
    }
}

/// The notification server's id of a shown notice (kept in the notice log, so that the next run can close it).
pub fn server_id(handle: &NotificationHandle) -> Option<u32> {
    Some(handle.id())
}

/// Calls `on_action` with the key of the button clicked (or "default"); returns when the notice is closed.
pub fn wait_for_action(handle: NotificationHandle, on_action: impl FnOnce(&str)) {
    handle.wait_for_action(on_action);
}

/// Nothing to register on Linux: the desktop entry names the app.
pub fn register_app_id(_data_dir: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// Nothing to serve on Linux: a click on a notice reaches the running app through the notification server.
pub fn serve_activations(_callbacks: &super::Callbacks) {}

/// Linux says nothing about whether notices can be seen.
pub fn delivery() -> Delivery {
    Delivery::On
}

/// Linux says nothing about whether a notice is held back (a notification server's do-not-disturb is its own).
pub fn attention() -> onshi_tray_core::delivery::Attention {
    onshi_tray_core::delivery::Attention::Accepting
}

/// A message that must be read now: a notification is the only way the app has.
pub fn alert(title: &str, body: &str) {
    notify_once(title, body);
}

/// The question of an import: Linux asks with a notice of the app's (its buttons 追加する and やめる), so there is
/// no box to show; `None` tells the app to send that notice.
pub fn ask_import(_title: &str, _body: &str, _on_yes: impl FnOnce() + Send + 'static) -> Option<()> {
    None
}

/// A notice that must get through while notifications are off (Linux never says they are, but for the test double):
/// a notification is the only way the app has, so nothing is asked.
pub fn ask(title: &str, body: &str, _on_yes: impl FnOnce() + Send + 'static) {
    notify_once(title, body);
}
