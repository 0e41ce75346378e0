//! The thin platform shell: files, logs, the tray, notifications, the opener, autostart and the single-instance lock.
//!
//! Everything that differs between Linux, Windows and macOS lives here, behind small functions;
//! `#[cfg(target_os)]` appears nowhere else.

pub mod autostart;
pub mod files;
pub mod instance;
pub mod log;
pub mod notify;
pub mod open;
pub mod paths;
pub mod tray;
pub mod watch;
