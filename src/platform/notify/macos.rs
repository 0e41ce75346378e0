//! macOS: notifications through notify-rust's NSUserNotification path, without buttons (the tray menu has them).

use notify_rust::{Notification, NotificationHandle};

use onshi_tray_core::delivery::Delivery;

pub use super::via_notify_rust::{notify_once, show};
use super::Request;

/// What to check when a notification could not be shown.
pub const NOT_SHOWN_HINT: &str = "are notifications allowed for onshi-tray (System Settings > Notifications)?";

/// Each notice is shown on its own.
pub type Live = super::via_notify_rust::Separate;

pub fn prepare(notification: &mut Notification, request: &Request, _live: &Live) {
    notification.body(&request.presentation.body);
}

/// macOS gives a notice no id that a later run could use.
pub fn server_id(_handle: &NotificationHandle) -> Option<u32> {
    None
}

/// A notice shown after the app had given it up: macOS gives no way to take it back; it stays as shown.
pub fn withdraw(handle: NotificationHandle, _live: &Live) {
    drop(handle);
}

/// No buttons here: nothing to wait for.
pub fn wait_for_action(handle: NotificationHandle, _on_action: impl FnOnce(&str)) {
    drop(handle);
}

pub fn register_app_id(_data_dir: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}

/// Nothing to serve on macOS: a click on a notice reaches the running app through notify-rust.
pub fn serve_activations(_callbacks: &super::Callbacks) {}

/// macOS says nothing about whether notices can be seen.
pub fn delivery() -> Delivery {
    Delivery::On
}

/// macOS says nothing about whether a notice is held back (a notification server's do-not-disturb is its own).
pub fn attention() -> onshi_tray_core::delivery::Attention {
    onshi_tray_core::delivery::Attention::Accepting
}

/// A message that must be read now: a notification is the only way the app has.
pub fn alert(title: &str, body: &str) {
    notify_once(title, body);
}

/// The question of an import: a notice of the app's, as on Linux (`None`).
pub fn ask_import(_title: &str, _body: &str, _on_yes: impl FnOnce() + Send + 'static) -> Option<()> {
    None
}

/// A notice that must get through while notifications are off (macOS never says they are, but for the test double):
/// a notification is the only way the app has, so nothing is asked.
pub fn ask(title: &str, body: &str, _on_yes: impl FnOnce() + Send + 'static) {
    notify_once(title, body);
}
