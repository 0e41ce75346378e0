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

/// Release builds on Windows are GUI programs, so a command typed at a prompt (`onshi-tray check`) would print
/// nowhere: attach to the console of the program that started us, if there is one and the output is not redirected.
#[cfg(target_os = "windows")]
pub fn attach_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, GetStdHandle, ATTACH_PARENT_PROCESS, STD_OUTPUT_HANDLE};
    // SAFETY: plain Win32 calls without pointers; a failure (no parent console) leaves everything as it was.
    unsafe {
        if GetStdHandle(STD_OUTPUT_HANDLE).is_null() {
            AttachConsole(ATTACH_PARENT_PROCESS);
        }
    }
}

#[cfg(not(target_os = "windows"))]
pub fn attach_console() {}
