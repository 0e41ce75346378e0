//! Opening the portal article and our own files (the config file, the guidance page) with the system's opener.
//!
//! The opener's rule: only `https://` and `http://` addresses, or files the app itself wrote or owns.
//! Each open runs on a thread of its own, so the loop never waits for the opener.
//! Windows opens through `ShellExecuteW` (`open/windows.rs`): the `open` crate starts `powershell.exe` there, which
//! is slow on clinic PCs, blocked where AppLocker denies PowerShell, and a pattern antivirus products flag.
//! Elsewhere the `open` crate runs the desktop's opener (`xdg-open`, macOS `open`).

use std::ffi::OsString;
use std::path::Path;

use onshi_tray_core::config::check_url;

#[cfg_attr(target_os = "windows", path = "open/windows.rs")]
#[cfg_attr(not(target_os = "windows"), path = "open/other.rs")]
mod backend;

/// Opens a web address in the default browser; anything but `https://` and `http://` is refused and logged.
pub fn open_url(url: &str) {
    if let Err(problem) = check_url(url) {
        log::error!("refusing to open `{url}`: {problem}");
        return;
    }
    spawn(OsString::from(url), url.to_string());
}

/// Opens one of our own files (the config file, the guidance page) with the program the system associates with it.
pub fn open_file(path: &Path) {
    spawn(path.as_os_str().to_os_string(), path.display().to_string());
}

fn spawn(target: OsString, shown: String) {
    let spawned = std::thread::Builder::new().name("open".to_string()).spawn(move || match backend::launch(&target) {
        Ok(()) => log::info!("opened {shown}"),
        Err(err) => log::error!("cannot open {shown}: {err}"),
    });
    if let Err(err) = spawned {
        log::error!("cannot start the opener thread: {err}");
    }
}
