//! The thin platform shell: files, logs, the tray, notifications, the opener, autostart and the single-instance lock.
//!
//! Everything that differs between Linux, Windows and macOS lives here, behind small functions;
//! `#[cfg(target_os)]` appears nowhere else.

pub mod autostart;
pub mod clipboard;
pub mod disk;
pub mod event_loop;
pub mod feeds;
pub mod files;
pub mod instance;
pub mod log;
pub mod memory;
pub mod notify;
pub mod open;
pub mod paths;
pub mod private;
pub mod report;
pub mod session;
pub mod tray;
pub mod wake;
pub mod watch;

#[cfg_attr(target_os = "linux", path = "desktop/linux.rs")]
#[cfg_attr(not(target_os = "linux"), path = "desktop/other.rs")]
mod desktop;
#[cfg_attr(target_os = "windows", path = "host/windows.rs")]
#[cfg_attr(not(target_os = "windows"), path = "host/other.rs")]
mod host;

pub use desktop::missing_desktop;
pub use host::{
    attach_console, computer_and_user, detach_console, is_on_file_server, no_user_desktop, session_suffix,
    toast_urgent_supported,
};
