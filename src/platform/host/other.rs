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
