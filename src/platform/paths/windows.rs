//! Windows: the machine-wide file under `%ProgramData%`, where the MSI puts it.

use std::path::PathBuf;

use super::APP_NAME;

/// Where an administrator's machine-wide file may be, most important first.
pub fn system_config_candidates() -> Vec<PathBuf> {
    let base = std::env::var_os("ProgramData").map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
    vec![base.join(APP_NAME).join("config.toml")]
}
