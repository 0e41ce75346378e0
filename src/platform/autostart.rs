//! Start at login: an XDG autostart entry on Linux, the Run key on Windows, a LaunchAgent on macOS.
//!
//! Packages install a machine-wide entry (`/etc/xdg/autostart` from the .deb, HKLM's Run key from the MSI). The tray
//! menu's check item then switches it off and on for the current user only, without admin rights and without a
//! second entry that would start the app twice:
//! - Linux: a user entry of the same name overrides the machine's; `Hidden=true` in it turns it off (the XDG
//!   autostart spec), so the session never starts the app.
//! - Windows: nothing per-user can hide an HKLM Run value, so the opt-out is `HKCU\Software\onshi-tray\AutoStart = 0`
//!   and a start by the Run key (`--autostart`) that finds it exits at once, quietly.

use std::path::PathBuf;

#[cfg_attr(target_os = "windows", path = "autostart/windows.rs")]
#[cfg_attr(target_os = "macos", path = "autostart/macos.rs")]
#[cfg_attr(not(any(target_os = "windows", target_os = "macos")), path = "autostart/xdg.rs")]
mod backend;

pub use backend::{is_enabled, machine_wide, opted_out_at_login, set_enabled};

/// The argument login entries start the app with.
pub const AUTOSTART_ARG: &str = "--autostart";

fn exe() -> std::io::Result<PathBuf> {
    std::env::current_exe()
}

/// Removes an entry file; one that is already gone is fine.
#[cfg_attr(target_os = "windows", allow(dead_code))]
fn remove_if_present(path: &std::path::Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}
