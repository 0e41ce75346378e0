//! Start at login: an XDG autostart entry on Linux, the HKCU Run key on Windows, a LaunchAgent on macOS.

use std::path::PathBuf;

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

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn entry_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".config")))?;
    Some(base.join("autostart").join("onshi-tray.desktop"))
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn is_enabled() -> bool {
    entry_path().is_some_and(|p| p.exists())
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = entry_path().ok_or_else(|| std::io::Error::other("no home directory"))?;
    if !enabled {
        return remove_if_present(&path);
    }
    let exe = exe()?;
    let entry = format!(
        "[Desktop Entry]\nType=Application\nName=onshi-tray\nName[ja]=オン資メンテナンス通知\nComment=Maintenance notices for the Online Qualification Confirmation system\nExec=\"{}\"\nIcon=onshi-tray\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exe.display()
    );
    super::files::write_atomically(&path, entry.as_bytes())
}

#[cfg(target_os = "windows")]
const RUN_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Run";

#[cfg(target_os = "windows")]
pub fn is_enabled() -> bool {
    winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER)
        .open_subkey(RUN_KEY)
        .and_then(|key| key.get_value::<String, _>("onshi-tray"))
        .is_ok()
}

#[cfg(target_os = "windows")]
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let (key, _) = winreg::RegKey::predef(winreg::enums::HKEY_CURRENT_USER).create_subkey(RUN_KEY)?;
    if enabled {
        key.set_value("onshi-tray", &format!("\"{}\"", exe()?.display()))
    } else {
        match key.delete_value("onshi-tray") {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

#[cfg(target_os = "macos")]
fn agent_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().join("Library/LaunchAgents/jp.onshi-tray.plist"))
}

#[cfg(target_os = "macos")]
pub fn is_enabled() -> bool {
    agent_path().is_some_and(|p| p.exists())
}

#[cfg(target_os = "macos")]
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = agent_path().ok_or_else(|| std::io::Error::other("no home directory"))?;
    if !enabled {
        return remove_if_present(&path);
    }
    let plist = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>\n<key>Label</key><string>jp.onshi-tray</string>\n<key>ProgramArguments</key><array><string>{}</string></array>\n<key>RunAtLoad</key><true/>\n</dict></plist>\n",
        exe()?.display()
    );
    super::files::write_atomically(&path, plist.as_bytes())
}
