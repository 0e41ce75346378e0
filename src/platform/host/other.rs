//! Linux and macOS: programs print where they are started, there are no toasts, the lock's folder is per session
//! already, and any session has a desktop.

/// Nothing to attach: the program prints to the terminal it was started from.
pub fn attach_console() {}

pub fn detach_console() {}

/// Whether toasts may use `scenario="urgent"`: only Windows has toasts.
pub fn toast_urgent_supported() -> bool {
    false
}

/// The runtime folder that holds the lock is per session already.
pub fn session_suffix() -> String {
    String::new()
}

pub fn no_user_desktop(_data_dir: &std::path::Path) -> Option<String> {
    None
}

/// This PC's name and the signed-in user's, for the fleet report: the host name, and `$USER` (or `$LOGNAME`, or
/// the user id).
pub fn computer_and_user() -> (String, String) {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is writable for its whole length, and gethostname writes at most that many bytes.
    let got = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    let computer = if got == 0 {
        let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
        String::from_utf8_lossy(&buffer[..end]).into_owned()
    } else {
        "unknown".to_string()
    };
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| format!("uid{}", unsafe { libc::geteuid() }));
    (computer, user)
}

/// Whether a folder is on another machine, so that the time it gives a file is a second clock: a UNC path only
/// (a mounted share looks like any local folder here).
pub fn is_on_file_server(path: &std::path::Path) -> bool {
    path.to_string_lossy().starts_with("//")
}

/// Whether the shell shows the tray icon just made: only Windows binds GUIDs to paths (macOS ignores them; the
/// Linux tray is not tray-icon's).
#[cfg_attr(target_os = "linux", allow(dead_code))]
pub fn find_tray_icon<T>(_tray: &T, _guid: Option<u128>) -> bool {
    true
}
