//! macOS: notifications through notify-rust's NSUserNotification path, without buttons (the tray menu has them).

use notify_rust::{Notification, NotificationHandle};

use super::Request;

/// What to check when a notification could not be shown.
pub const NOT_SHOWN_HINT: &str = "are notifications allowed for onshi-tray (System Settings > Notifications)?";

/// Each notice is shown on its own.
pub type Live = super::Separate;

pub fn prepare(notification: &mut Notification, request: &Request, _live: &Live) {
    notification.body(&request.body);
}

pub fn prepare_plain(_notification: &mut Notification) {}

/// No buttons here: nothing to wait for.
pub fn wait_for_action(handle: NotificationHandle, _on_action: impl FnOnce(&str)) {
    drop(handle);
}

pub fn register_app_id(_data_dir: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}
