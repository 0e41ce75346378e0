//! macOS: the machine-wide file under `/Library/Application Support`.

use std::path::PathBuf;

use super::APP_NAME;

/// Where an administrator's machine-wide file may be, most important first.
pub fn system_config_candidates() -> Vec<PathBuf> {
    vec![PathBuf::from("/Library/Application Support").join(APP_NAME).join("config.toml")]
}
