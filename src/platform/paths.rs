//! Where onshi-tray's files live on each platform.

use std::path::PathBuf;

use directories::ProjectDirs;

#[cfg_attr(target_os = "windows", path = "paths/windows.rs")]
#[cfg_attr(target_os = "macos", path = "paths/macos.rs")]
#[cfg_attr(not(any(target_os = "windows", target_os = "macos")), path = "paths/xdg.rs")]
mod backend;

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

impl Paths {
    /// Works out every path; `None` only when the platform gives no home directory at all.
    pub fn detect() -> Option<Paths> {
        let dirs = ProjectDirs::from("", "", APP_NAME)?;
        let candidates = backend::system_config_candidates();
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
