//! Desktop notifications through notify-rust, sent from a worker thread so a slow or missing server never stalls the loop.
//!
//! A failure (no server, the server went away) is logged and the notice is not retried: the next notice tries again.

use std::sync::mpsc;

use notify_rust::Notification;

use super::paths::APP_NAME;

#[derive(Clone, Debug)]
pub struct Request {
    pub title: String,
    pub body: String,
    /// In-progress notices: critical urgency where the platform has one.
    pub critical: bool,
    /// An action that opens this address, where the platform supports actions.
    pub action: Option<(String, String)>,
    /// Log line describing the notice, written once it was shown.
    pub log_as: String,
}

pub struct Notifier {
    requests: mpsc::Sender<Request>,
}

impl Notifier {
    pub fn spawn() -> Notifier {
        let (requests, incoming) = mpsc::channel::<Request>();
        let spawned = std::thread::Builder::new().name("notifier".to_string()).spawn(move || {
            for request in incoming {
                show(request);
            }
        });
        if let Err(err) = spawned {
            log::error!("cannot start the notification thread: {err}");
        }
        Notifier { requests }
    }

    pub fn send(&self, request: Request) {
        if self.requests.send(request).is_err() {
            log::error!("the notification thread has stopped; notice not shown");
        }
    }
}

/// What to check when a notification could not be shown.
#[cfg(all(unix, not(target_os = "macos")))]
const NOT_SHOWN_HINT: &str = "is a notification server running?";
#[cfg(target_os = "windows")]
const NOT_SHOWN_HINT: &str = "are notifications on for onshi-tray (Settings > System > Notifications)?";
#[cfg(target_os = "macos")]
const NOT_SHOWN_HINT: &str = "are notifications allowed for onshi-tray (System Settings > Notifications)?";

/// Escapes text for servers that read the body as markup (most do: `&` in a URL would otherwise break it).
#[cfg(all(unix, not(target_os = "macos")))]
fn body_for_server(body: &str) -> String {
    let markup = notify_rust::get_capabilities().is_ok_and(|caps| caps.iter().any(|c| c == "body-markup"));
    if markup {
        body.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    } else {
        body.to_string()
    }
}

/// Shows one notice; on Linux and Windows with its urgency and an action that opens the portal article.
fn show(request: Request) {
    let mut notification = Notification::new();
    notification.appname(APP_NAME).summary(&request.title);
    #[cfg(all(unix, not(target_os = "macos")))]
    notification.body(&body_for_server(&request.body)).icon(APP_NAME);
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    notification.body(&request.body);
    // Without an AppUserModelID, Windows shows the toast as coming from "PowerShell".
    #[cfg(target_os = "windows")]
    notification.app_id(super::paths::APP_USER_MODEL_ID);
    #[cfg(not(target_os = "macos"))]
    {
        if request.critical {
            notification.urgency(notify_rust::Urgency::Critical);
        }
        // Linux: "default" is a click on the notice itself, "portal" its button. Windows: a button only; a click
        // on the toast itself arrives as the default response.
        if let Some((label, _)) = &request.action {
            #[cfg(not(target_os = "windows"))]
            notification.action("default", label);
            notification.action("portal", label);
        }
    }
    match notification.show() {
        Ok(handle) => {
            log::info!("shown: {}", request.log_as);
            #[cfg(not(target_os = "macos"))]
            if let Some((_, url)) = request.action {
                // Waits on its own thread until the notice is clicked or closed.
                let _ = std::thread::Builder::new().name("notice-action".to_string()).spawn(move || {
                    wait_for_click(handle, move || super::open::open_url(&url));
                });
            }
            #[cfg(target_os = "macos")]
            let _ = (handle, request.critical, request.action);
        }
        Err(err) => log::error!("notification not shown ({}): {err}; {NOT_SHOWN_HINT}", request.log_as),
    }
}

/// Calls `on_click` when the notice or its button is clicked; returns when it is closed either way.
#[cfg(all(unix, not(target_os = "macos")))]
fn wait_for_click(handle: notify_rust::NotificationHandle, on_click: impl FnOnce()) {
    handle.wait_for_action(|action| {
        if action == "portal" || action == "default" {
            on_click();
        }
    });
}

#[cfg(target_os = "windows")]
fn wait_for_click(handle: notify_rust::NotificationHandle, on_click: impl FnOnce()) {
    use notify_rust::NotificationResponse;
    let waited = handle.wait_for_response(|response: &NotificationResponse| match response {
        NotificationResponse::Default => on_click(),
        NotificationResponse::Action(action) if action == "portal" => on_click(),
        _ => {}
    });
    if let Err(err) = waited {
        log::debug!("no answer from the toast: {err}");
    }
}

/// Shows one plain notification right away, on this thread (for messages before the loop runs).
pub fn notify_once(title: &str, body: &str) {
    let mut notification = Notification::new();
    notification.appname(APP_NAME).summary(title).body(body);
    #[cfg(target_os = "windows")]
    notification.app_id(super::paths::APP_USER_MODEL_ID);
    if let Err(err) = notification.show() {
        log::warn!("notification not shown: {err}");
    }
}

/// Registers the AppUserModelID of this unpackaged app, so that Windows shows its toasts as "onshi-tray" with its
/// icon instead of "PowerShell": per-user keys under `Software\Classes\AppUserModelId\<id>`, the pattern the
/// Windows Community Toolkit uses for desktop apps. Elsewhere there is nothing to register.
#[cfg(target_os = "windows")]
pub fn register_app_id(data_dir: &std::path::Path) -> std::io::Result<()> {
    use super::paths::APP_USER_MODEL_ID;
    let icon = data_dir.join("onshi-tray.png");
    std::fs::create_dir_all(data_dir)?;
    std::fs::write(&icon, include_bytes!("../../assets/idle.png"))?;
    let classes = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER);
    let (key, _) = classes.create_subkey(format!(r"Software\Classes\AppUserModelId\{APP_USER_MODEL_ID}"))?;
    key.set_value("DisplayName", &APP_NAME)?;
    key.set_value("IconUri", &icon.display().to_string())?;
    key.set_value("IconBackgroundColor", &"FFDDDDDD")?;
    Ok(())
}

#[cfg(not(target_os = "windows"))]
pub fn register_app_id(_data_dir: &std::path::Path) -> std::io::Result<()> {
    Ok(())
}
