//! The tray icon and its menu.
//!
//! What the tray shows is a [`TrayView`]; the core's [`entries`] turn it into the menu, the same on every platform. Two
//! backends draw it: `tray/shell.rs` on Windows and macOS (tray-icon and muda: `Shell_NotifyIcon`, `NSStatusItem`,
//! on the main thread beside winit's loop), `tray/linux.rs` on Linux (ksni: a StatusNotifierItem and its dbusmenu
//! on D-Bus, served from a thread of its own; no GTK).

/// Whether the shell puts a new icon out of sight (Windows: behind the ^ of the notification area).
pub const HIDES_NEW_ICONS: bool = cfg!(target_os = "windows");

/// The tray's three states are the core's icon looks.
pub use onshi_tray_core::icon::Look as IconState;
/// What the tray shows and its menu are the core's.
pub use onshi_tray_core::menu::{entries, Entry, MenuAction, TrayView};

/// The image of the icon in a state: RGBA, `size` × `size`.
fn image(state: IconState, badge: bool, size: u32) -> Vec<u8> {
    onshi_tray_core::icon::draw(state, size, badge)
}

#[cfg_attr(target_os = "linux", path = "tray/linux.rs")]
#[cfg_attr(not(target_os = "linux"), path = "tray/shell.rs")]
mod backend;

pub use backend::{set_action_handler, start, Tray};

/// Call first thing in `main`, before any thread starts: environment the tray's libraries read at start-up.
pub fn prepare_environment() {
    // zbus's blocking calls (notify-rust's, ours) run on a multi-thread tokio runtime with one worker per core by
    // default: a tray app that sends a notification now and then needs one (tokio reads this variable).
    #[cfg(target_os = "linux")]
    if std::env::var_os("TOKIO_WORKER_THREADS").is_none() {
        std::env::set_var("TOKIO_WORKER_THREADS", "1");
    }
}
