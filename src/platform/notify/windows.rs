//! Windows: toasts through notify-rust (WinRT), under the app's registered AppUserModelID.
//!
//! Each notice is a toast of its own: replacing a window's toast needs a tag and group, which notify-rust does not
//! set; the app's own toast XML will.

use notify_rust::{Notification, NotificationHandle, NotificationResponse};

use super::Request;
use crate::platform::paths::APP_USER_MODEL_ID;

/// What to check when a notification could not be shown.
pub const NOT_SHOWN_HINT: &str = "are notifications on for onshi-tray (Settings > System > Notifications)?";

/// Each notice is shown on its own.
pub type Live = super::Separate;

/// Body, the AppUserModelID, urgency and buttons; a click on the toast itself arrives as the default response.
pub fn prepare(notification: &mut Notification, request: &Request, _live: &Live) {
    notification.body(&request.body);
    prepare_plain(notification);
    if request.critical {
        notification.urgency(notify_rust::Urgency::Critical);
    }
    for (action, label) in &request.actions {
        notification.action(action.key(), label);
    }
}

/// Without an AppUserModelID, Windows shows the toast as coming from "PowerShell".
pub fn prepare_plain(notification: &mut Notification) {
    notification.app_id(APP_USER_MODEL_ID);
}

pub fn wait_for_action(handle: NotificationHandle, on_action: impl FnOnce(&str)) {
    let waited = handle.wait_for_response(|response: &NotificationResponse| match response {
        NotificationResponse::Default => on_action("default"),
        NotificationResponse::Action(action) => on_action(action),
        _ => {}
    });
    if let Err(err) = waited {
        log::debug!("no answer from the toast: {err}");
    }
}

/// Registers the AppUserModelID of this unpackaged app, so that Windows shows its toasts as オン資メンテナンス通知 with its
/// icon instead of "PowerShell": per-user keys under `Software\Classes\AppUserModelId\<id>`, the pattern the
/// Windows Community Toolkit uses for desktop apps.
pub fn register_app_id(data_dir: &std::path::Path) -> std::io::Result<()> {
    let icon = data_dir.join("onshi-tray.png");
    std::fs::create_dir_all(data_dir)?;
    std::fs::write(&icon, include_bytes!("../../../assets/idle.png"))?;
    let classes = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER);
    let (key, _) = classes.create_subkey(format!(r"Software\Classes\AppUserModelId\{APP_USER_MODEL_ID}"))?;
    // Toasts are titled by this name: the app's Japanese name, as in the Start menu.
    key.set_value("DisplayName", &onshi_tray::notice::app_name(onshi_tray::config::Language::Ja))?;
    key.set_value("IconUri", &icon.display().to_string())?;
    key.set_value("IconBackgroundColor", &"FFDDDDDD")?;
    Ok(())
}
