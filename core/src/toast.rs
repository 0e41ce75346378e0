//! The Windows toast of a notice, as XML: built here, pure and testable on every platform, so that what a
//! reception PC shows can be read anywhere (`onshi-tray simulate --toast-xml`).
//!
//! What the XML does on Windows (the toast schema of `Windows.UI.Notifications`):
//! - a click on the toast, 「対応の手順を見る」, 「確認しました」 and 「10分後に再通知」 (advance notices) are
//!   *foreground* activations: Windows hands their arguments, which name the choice and the window ([`arguments`],
//!   read back by [`parse_arguments`]), to the app's toast activator, also from the Notification Center and while
//!   the app is not running (Windows then starts it). The app writes the guidance page for the moment of the click
//!   and opens it by its path: no `file:///` address of a local profile is ever in the XML;
//! - the portal button stays a *protocol* activation of its https address, which Windows opens itself;
//! - in-progress notices use `scenario="reminder"` (they stay until dismissed) with a system dismiss button, which a
//!   reminder needs, and the reminder sound; `scenario="urgent"` instead where the Windows build supports it and the
//!   facility is open (it breaks through Do Not Disturb, which Windows turns on for full-screen programs);
//! - other notices have the default sound (no `<audio>` element; notify-rust sent `silent="true"`);
//! - tag and group identify the window, so its next toast replaces this one and the end removes it.

use crate::guide::esc;
use crate::notice::NoticeText;
use crate::reception::{Action, Choice, Presentation};

/// The group of every toast of this app.
pub const GROUP: &str = "onshi-tray";

/// The toast sound of an in-progress notice.
pub const REMINDER_SOUND: &str = "ms-winsoundevent:Notification.Reminder";

/// What the shell knows and the core does not.
#[derive(Clone, Copy, Debug, Default)]
pub struct ToastContext {
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
/// click that opens the guidance page (of the current or next window).
pub fn plain_toast(text: &NoticeText) -> Toast {
    let launch = launch(None);
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

/// A click on the toast: the guidance page about its window, opened by the app.
fn launch(window: Option<&str>) -> String {
    format!(" launch=\"{}\" activationType=\"foreground\"", esc(&arguments(Choice::Guide, window)))
}

/// The toast of a notice as [`crate::reception::present`] decided it: its text, its buttons in order, and for a notice that stays until someone acts on it (the heads-up, the
/// after-notice) or is shown while its window is in progress, the reminder scenario (urgent where the build
/// supports it and an in-progress notice is critical), a dismiss button and the reminder sound. A notice about no
/// window is a plain toast.
pub fn render(presentation: &Presentation, context: ToastContext) -> Toast {
    let text = NoticeText { title: presentation.title.clone(), body: presentation.body.clone() };
    let Some(tag) = &presentation.tag else { return plain_toast(&text) };
    let window = presentation.window.as_deref();
    let reminder = presentation.in_progress || presentation.stays;
    let urgent = presentation.in_progress && presentation.critical && context.urgent_supported;
    let scenario = match (reminder, urgent) {
        (false, _) => "",
        (true, true) => " scenario=\"urgent\"",
        (true, false) => " scenario=\"reminder\"",
    };
    let mut xml = format!("<toast{}{scenario}>", launch(window));
    xml += "<visual><binding template=\"ToastGeneric\">";
    xml += &format!("<text hint-maxLines=\"2\">{}</text><text>{}</text>", esc(&text.title), esc(&text.body));
    xml += "</binding></visual><actions>";
    for (action, label) in &presentation.actions {
        xml += &match action {
            Action::Guide => foreground_action(label, Choice::Guide, window),
            Action::Open(url) => protocol_action(label, url),
            Action::Acknowledge => foreground_action(label, Choice::Acknowledge, window),
            Action::Snooze => foreground_action(label, Choice::Snooze, window),
            Action::AddImport => foreground_action(label, Choice::AddImport, window),
            Action::Decline => foreground_action(label, Choice::Decline, window),
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

fn foreground_action(label: &str, choice: Choice, window: Option<&str>) -> String {
    let arguments = arguments(choice, window);
    format!("<action content=\"{}\" arguments=\"{}\" activationType=\"foreground\"/>", esc(label), esc(&arguments))
}

/// Activation arguments longer than this are not the app's own: refused unread.
pub const MAX_ARGUMENTS: usize = 2048;

/// The arguments a toast's button hands back to the app when clicked: what was chosen and about which window, as
/// `action=acknowledge&window=2026-03-21-kaishu` (the id percent-encoded). They name the window themselves, so a
/// click reaches the right window whichever way Windows delivers it: the app's toast activator (from the banner, the
/// Notification Center, or a start of the app for the click), or the live toast's `Activated` event where no
/// activator could be registered.
pub fn arguments(choice: Choice, window: Option<&str>) -> String {
    let action = match choice {
        Choice::Acknowledge => "acknowledge",
        Choice::Unacknowledge => "unacknowledge",
        Choice::Snooze => "snooze",
        Choice::Guide => "guide",
        Choice::AddImport => "add-import",
        Choice::Decline => "decline",
    };
    match window {
        Some(id) => format!("action={action}&window={}", percent_encode(id)),
        None => format!("action={action}"),
    }
}

/// Reads arguments made by [`arguments`] back: the choice and the window, or `None` for anything else (too long,
/// no or an unknown action, a window id that is not percent-encoded UTF-8). The bare `acknowledge` and `snooze` of
/// toasts shown by earlier versions (still in the Notification Center) are read as a choice without a window.
pub fn parse_arguments(text: &str) -> Option<(Choice, Option<String>)> {
    if text.len() > MAX_ARGUMENTS {
        return None;
    }
    let choice = |name: &str| match name {
        "acknowledge" => Some(Choice::Acknowledge),
        "unacknowledge" => Some(Choice::Unacknowledge),
        "snooze" => Some(Choice::Snooze),
        "guide" => Some(Choice::Guide),
        "add-import" => Some(Choice::AddImport),
        "decline" => Some(Choice::Decline),
        _ => None,
    };
    if !text.contains('=') {
        return choice(text).filter(|c| matches!(c, Choice::Acknowledge | Choice::Snooze)).map(|c| (c, None));
    }
    let (mut action, mut window) = (None, None);
    for pair in text.split('&') {
        match pair.split_once('=') {
            Some(("action", name)) => action = Some(choice(name)?),
            Some(("window", id)) => window = Some(percent_decode(id)?),
            _ => {}
        }
    }
    action.map(|choice| (choice, window))
}

/// What stays as it is in a window's id: RFC 3986's unreserved characters.
const ESCAPED: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, ESCAPED).to_string()
}

/// A malformed escape stays as written (as browsers read it); bytes that are not UTF-8 refuse the arguments.
fn percent_decode(text: &str) -> Option<String> {
    percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|id| id.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activation_arguments_name_the_choice_and_the_window_and_read_back() {
        let cases: [(Choice, Option<&str>, &str); 5] = [
            (Choice::Acknowledge, Some("2026-03-21-kaishu"), "action=acknowledge&window=2026-03-21-kaishu"),
            (Choice::Snooze, Some("a&b=c d"), "action=snooze&window=a%26b%3Dc%20d"),
            (Choice::Guide, Some("改修"), "action=guide&window=%E6%94%B9%E4%BF%AE"),
            (Choice::Unacknowledge, Some("x%y"), "action=unacknowledge&window=x%25y"),
            (Choice::Guide, None, "action=guide"),
        ];
        for (choice, window, text) in cases {
            assert_eq!(arguments(choice, window), text);
            assert_eq!(parse_arguments(text), Some((choice, window.map(str::to_string))), "{text}");
        }
        // What earlier versions' toasts carry, still in the Notification Center.
        assert_eq!(parse_arguments("acknowledge"), Some((Choice::Acknowledge, None)));
        assert_eq!(parse_arguments("snooze"), Some((Choice::Snooze, None)));
        // Unknown keys are ignored; anything else is not the app's own.
        assert_eq!(parse_arguments("window=w&action=snooze&from=center"), Some((Choice::Snooze, Some("w".into()))));
        for foreign in ["", "dismiss", "guide", "action=reboot&window=w", "window=w", "action=guide&window=%E6%94"] {
            assert_eq!(parse_arguments(foreign), None, "{foreign}");
        }
        assert_eq!(parse_arguments(&format!("action=guide&window={}", "a".repeat(MAX_ARGUMENTS))), None);
        // A malformed escape is read as written.
        assert_eq!(parse_arguments("action=guide&window=%zz%4"), Some((Choice::Guide, Some("%zz%4".into()))));
    }

    #[test]
    fn tags_are_short_stable_and_distinct() {
        assert_eq!(tag("2026-03-21-kaishu"), tag("2026-03-21-kaishu"));
        assert_ne!(tag("a"), tag("b"));
        assert_eq!(tag(&"長い作業名".repeat(50)).chars().count(), 16);
    }
}
