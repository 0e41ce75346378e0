//! The Windows toast of a notice, as XML: built here, pure and testable on every platform, so that what a
//! reception PC shows can be read anywhere (`onshi-tray simulate --toast-xml`).
//!
//! What the XML does on Windows (the toast schema of `Windows.UI.Notifications`):
//! - a click on the toast opens the guidance page (or, without one, the portal article) by *protocol* activation,
//!   which works from the Notification Center and after the app has exited;
//! - the guidance and portal buttons are protocol activations too; 「確認しました」 and 「10分後に再通知」 (advance
//!   notices) are foreground activations that reach the running app;
//! - in-progress notices use `scenario="reminder"` (they stay until dismissed) with a system dismiss button, which a
//!   reminder needs, and the reminder sound; `scenario="urgent"` instead where the Windows build supports it and the
//!   facility is open (it breaks through Do Not Disturb, which Windows turns on for full-screen programs);
//! - other notices have the default sound (no `<audio>` element; notify-rust sent `silent="true"`);
//! - tag and group identify the window, so its next toast replaces this one and the end removes it.

use crate::guide::esc;
use crate::notice::NoticeText;
use crate::reception::{Action, Presentation};

/// The group of every toast of this app.
pub const GROUP: &str = "onshi-tray";

/// The toast sound of an in-progress notice.
pub const REMINDER_SOUND: &str = "ms-winsoundevent:Notification.Reminder";

/// What the shell knows and the core does not.
#[derive(Clone, Copy, Debug, Default)]
pub struct ToastContext<'a> {
    /// The guidance page as a URI (`file:///C:/Users/.../guide.html`), when it was written.
    pub guide_uri: Option<&'a str>,
    /// The Windows build supports `scenario="urgent"` (Windows 11 22H2 and later).
    pub urgent_supported: bool,
}

/// A toast: its XML, and the tag that identifies its window within [`GROUP`] (none for notices about no window).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toast {
    pub xml: String,
    pub tag: Option<String>,
}

/// The toast of a notice about no window (the test notice, a config error): its text, the default sound, and a
/// click that opens `launch` (the guidance page) when there is one.
pub fn plain_toast(text: &NoticeText, launch: Option<&str>) -> Toast {
    let launch = launch.map_or(String::new(), |uri| format!(" launch=\"{}\" activationType=\"protocol\"", esc(uri)));
    let xml = format!(
        "<toast{launch}><visual><binding template=\"ToastGeneric\"><text hint-maxLines=\"2\">{}</text><text>{}</text></binding></visual></toast>",
        esc(&text.title),
        esc(&text.body)
    );
    Toast { xml, tag: None }
}

/// The toast tag of a window: at most 16 characters (Windows allows 64), the same for the same id.
pub fn tag(window_id: &str) -> String {
    format!("w{:015x}", stable_hash(window_id) >> 4)
}

/// FNV-1a of `text`: the same in every build and on every platform, unlike the standard library's hasher (toast
/// tags, the feeds' cache file names).
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// The toast of a notice as [`crate::reception::present`] decided it: its text, its buttons in order (the
/// guidance page where it was written), and for a notice that stays until someone acts on it (the heads-up, the
/// after-notice) or is shown while its window is in progress, the reminder scenario (urgent where the build
/// supports it and an in-progress notice is critical), a dismiss button and the reminder sound. A notice about no
/// window is a plain toast.
pub fn render(presentation: &Presentation, context: ToastContext<'_>) -> Toast {
    let text = NoticeText { title: presentation.title.clone(), body: presentation.body.clone() };
    let Some(tag) = &presentation.tag else { return plain_toast(&text, context.guide_uri) };
    let portal = presentation.actions.iter().find_map(|(action, _)| match action {
        Action::Open(url) => Some(url.as_str()),
        _ => None,
    });
    let reminder = presentation.in_progress || presentation.stays;
    let urgent = presentation.in_progress && presentation.critical && context.urgent_supported;
    let scenario = match (reminder, urgent) {
        (false, _) => "",
        (true, true) => " scenario=\"urgent\"",
        (true, false) => " scenario=\"reminder\"",
    };
    let launch = context
        .guide_uri
        .or(portal)
        .map_or(String::new(), |uri| format!(" launch=\"{}\" activationType=\"protocol\"", esc(uri)));
    let mut xml = format!("<toast{launch}{scenario}>");
    xml += "<visual><binding template=\"ToastGeneric\">";
    xml += &format!("<text hint-maxLines=\"2\">{}</text><text>{}</text>", esc(&text.title), esc(&text.body));
    xml += "</binding></visual><actions>";
    for (action, label) in &presentation.actions {
        xml += &match action {
            Action::Guide => context.guide_uri.map_or(String::new(), |guide| protocol_action(label, guide)),
            Action::Open(url) => protocol_action(label, url),
            Action::Acknowledge => {
                format!("<action content=\"{}\" arguments=\"acknowledge\" activationType=\"foreground\"/>", esc(label))
            }
            Action::Snooze => {
                format!("<action content=\"{}\" arguments=\"snooze\" activationType=\"foreground\"/>", esc(label))
            }
        };
    }
    if reminder {
        // A reminder toast needs a button that dismisses it; the system draws its own label.
        xml += "<action content=\"\" arguments=\"dismiss\" activationType=\"system\"/>";
    }
    xml += "</actions>";
    if reminder {
        xml += &format!("<audio src=\"{REMINDER_SOUND}\"/>");
    }
    xml += "</toast>";
    Toast { xml, tag: Some(tag.clone()) }
}

fn protocol_action(label: &str, uri: &str) -> String {
    format!("<action content=\"{}\" arguments=\"{}\" activationType=\"protocol\"/>", esc(label), esc(uri))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_short_stable_and_distinct() {
        assert_eq!(tag("2026-03-21-kaishu"), tag("2026-03-21-kaishu"));
        assert_ne!(tag("a"), tag("b"));
        assert_eq!(tag(&"長い作業名".repeat(50)).chars().count(), 16);
    }
}
