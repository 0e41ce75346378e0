//! Linux and other Unix desktops: the machine-wide file in the XDG config folders (`/etc/xdg` by default).

use std::path::PathBuf;

use super::APP_NAME;

/// Where an administrator's machine-wide file may be, most important first: `$XDG_CONFIG_DIRS` (the XDG base
/// directory spec), default `/etc/xdg`.
pub fn system_config_candidates() -> Vec<PathBuf> {
    let dirs = std::env::var("XDG_CONFIG_DIRS")
        .ok()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| "/etc/xdg".to_string());
    dirs.split(':').filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join(APP_NAME).join("config.toml")).collect()
}
