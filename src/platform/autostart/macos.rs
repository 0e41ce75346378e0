//! macOS: a LaunchAgent in the user's `~/Library/LaunchAgents`.

use std::path::PathBuf;

fn agent_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().join("Library/LaunchAgents/jp.onshi-tray.plist"))
}

pub fn machine_wide() -> bool {
    false
}

pub fn is_enabled() -> bool {
    agent_path().is_some_and(|p| p.exists())
}

pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = agent_path().ok_or_else(|| std::io::Error::other("no home directory"))?;
    if !enabled {
        return super::remove_if_present(&path);
    }
    let plist = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>\n<key>Label</key><string>jp.onshi-tray</string>\n<key>ProgramArguments</key><array><string>{}</string><string>{}</string></array>\n<key>RunAtLoad</key><true/>\n</dict></plist>\n",
        super::exe()?.display(),
        super::AUTOSTART_ARG
    );
    crate::platform::disk::write_atomically(&path, plist.as_bytes())
}

/// Nothing machine-wide to opt out of.
pub fn opted_out_at_login() -> bool {
    false
}
