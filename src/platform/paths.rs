//! Where onshi-tray's files live on each platform.

use std::path::PathBuf;

use directories::ProjectDirs;

pub const APP_NAME: &str = "onshi-tray";
/// The Windows AppUserModelID, so a toast shows "onshi-tray" and its icon instead of "PowerShell".
#[cfg_attr(not(windows), allow(dead_code))]
pub const APP_USER_MODEL_ID: &str = "OnshiTray.OnshiTray";

#[derive(Clone, Debug)]
pub struct Paths {
    /// The machine-wide file an administrator deploys (the first one that exists, or the first candidate).
    pub system_config: PathBuf,
    pub user_config: PathBuf,
    pub data_dir: PathBuf,
    pub notice_log: PathBuf,
    pub log_file: PathBuf,
    /// Where the single-instance lock lives: per user session.
    pub lock_file: PathBuf,
    /// Created by `onshi-tray quit` beside the lock; the running instance stops when it appears.
    pub quit_request: PathBuf,
    /// Written once the first-start notice (where the icon is) was shown to this user.
    pub first_run_done: PathBuf,
    /// Each feed's last good body and what is known about it (`platform/feeds.rs`).
    pub feed_cache: PathBuf,
    /// Where the notice log goes when its own place cannot be written: the user's cache folder, never a shared one.
    pub notice_log_fallbacks: Vec<PathBuf>,
}

fn system_config_candidates() -> Vec<PathBuf> {
    #[cfg(target_os = "windows")]
    {
        let base = std::env::var_os("ProgramData").map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        vec![base.join(APP_NAME).join("config.toml")]
    }
    #[cfg(target_os = "macos")]
    {
        vec![PathBuf::from("/Library/Application Support").join(APP_NAME).join("config.toml")]
    }
    #[cfg(not(any(target_os = "windows", target_os = "macos")))]
    {
        // The XDG base directory spec: $XDG_CONFIG_DIRS, most important first, default /etc/xdg.
        let dirs = std::env::var("XDG_CONFIG_DIRS")
            .ok()
            .filter(|d| !d.trim().is_empty())
            .unwrap_or_else(|| "/etc/xdg".to_string());
        dirs.split(':').filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join(APP_NAME).join("config.toml")).collect()
    }
}

impl Paths {
    /// Works out every path; `None` only when the platform gives no home directory at all.
    pub fn detect() -> Option<Paths> {
        let dirs = ProjectDirs::from("", "", APP_NAME)?;
        let candidates = system_config_candidates();
        let system_config = candidates.iter().find(|p| p.exists()).or(candidates.first()).cloned().unwrap_or_default();
        let data_dir = dirs.data_local_dir().to_path_buf();
        let lock_dir = dirs.runtime_dir().map_or_else(|| data_dir.clone(), |d| d.to_path_buf());
        Some(Paths {
            system_config,
            user_config: dirs.config_dir().join("config.toml"),
            notice_log: data_dir.join("notice-log.json"),
            log_file: data_dir.join("onshi-tray.log"),
            first_run_done: data_dir.join("first-run-done"),
            feed_cache: dirs.cache_dir().join("feeds"),
            // Only the user's own folders: a shared temp folder (`/tmp/onshi-tray-$USER`, as before 0.1) is writable
            // by every account, and a notice log planted there could silence a window.
            notice_log_fallbacks: vec![dirs.cache_dir().join("notice-log.json")],
            lock_file: lock_dir.join(format!("onshi-tray{}.lock", super::session_suffix())),
            quit_request: lock_dir.join(format!("onshi-tray{}.quit", super::session_suffix())),
            data_dir,
        })
    }
}

/// A local file as a `file:` URI (`file:///C:/Users/...` on Windows), with the characters a URI cannot carry
/// percent-encoded.
pub fn file_uri(path: &std::path::Path) -> String {
    let text = path.display().to_string().replace('\\', "/");
    let mut uri = String::from(if text.starts_with('/') { "file://" } else { "file:///" });
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => uri.push(byte as char),
            _ => uri += &format!("%{byte:02X}"),
        }
    }
    uri
}

#[cfg(test)]
mod tests {
    use super::file_uri;

    #[test]
    fn file_uris_on_both_kinds_of_path() {
        assert_eq!(file_uri(std::path::Path::new("/home/a b/guide.html")), "file:///home/a%20b/guide.html");
        assert_eq!(
            file_uri(std::path::Path::new(r"C:\Users\受付\AppData\guide.html")),
            "file:///C:/Users/%E5%8F%97%E4%BB%98/AppData/guide.html"
        );
    }
}
