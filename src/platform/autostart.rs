//! Start at login: an XDG autostart entry on Linux, the Run key on Windows, a LaunchAgent on macOS.
//!
//! Packages install a machine-wide entry (`/etc/xdg/autostart` from the .deb, HKLM's Run key from the MSI). The tray
//! menu's check item then switches it off and on for the current user only, without admin rights and without a
//! second entry that would start the app twice:
//! - Linux: a user entry of the same name overrides the machine's; `Hidden=true` in it turns it off (the XDG
//!   autostart spec), so the session never starts the app.
//! - Windows: nothing per-user can hide an HKLM Run value, so the opt-out is `HKCU\Software\onshi-tray\AutoStart = 0`
//!   and a start by the Run key (`--autostart`) that finds it exits at once, quietly.

use std::path::PathBuf;

/// The argument login entries start the app with.
pub const AUTOSTART_ARG: &str = "--autostart";

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
const ENTRY_NAME: &str = "autostart/onshi-tray.desktop";

/// The login entry the .deb installs in `/etc/xdg/autostart`.
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
const ENTRY_TEMPLATE: &str = include_str!("../../packaging/linux/onshi-tray-autostart.desktop");

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn user_entry() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".config")))?;
    Some(base.join(ENTRY_NAME))
}

/// The machine-wide entry a package installed, in `$XDG_CONFIG_DIRS` (default `/etc/xdg`).
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn machine_entry() -> Option<PathBuf> {
    let dirs = std::env::var("XDG_CONFIG_DIRS").ok().filter(|d| !d.trim().is_empty());
    let dirs = dirs.as_deref().unwrap_or("/etc/xdg");
    dirs.split(':').filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join(ENTRY_NAME)).find(|p| p.exists())
}

/// Whether a package installed a start at login for every user.
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn machine_wide() -> bool {
    machine_entry().is_some()
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
fn is_hidden(entry: &std::path::Path) -> bool {
    std::fs::read_to_string(entry).is_ok_and(|text| {
        text.lines().any(|l| matches!(l.split_once('='), Some((k, v)) if k.trim() == "Hidden" && v.trim() == "true"))
    })
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn is_enabled() -> bool {
    match user_entry().filter(|p| p.exists()) {
        Some(entry) => !is_hidden(&entry),
        None => machine_entry().is_some(),
    }
}

#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = user_entry().ok_or_else(|| std::io::Error::other("no home directory"))?;
    let machine = machine_entry().is_some();
    if enabled == machine {
        // The machine's entry alone does what is wanted (or there is none and none is wanted).
        return remove_if_present(&path);
    }
    // The package's own login entry, so both read the same; this user's names the binary that is running.
    let entry = if enabled {
        let exec = format!("Exec=\"{}\" {AUTOSTART_ARG}", exe()?.display());
        ENTRY_TEMPLATE
            .lines()
            .map(|l| if l.starts_with("Exec=") { exec.as_str() } else { l })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else {
        format!("{ENTRY_TEMPLATE}Hidden=true\n")
    };
    super::files::write_atomically(&path, entry.as_bytes())
}

/// Whether this user turned off a machine-wide start at login that the desktop itself cannot hide.
#[cfg(not(target_os = "windows"))]
pub fn opted_out_at_login() -> bool {
    false
}

#[cfg(target_os = "windows")]
mod windows {
    use winreg::enums::{HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE};
    use winreg::RegKey;

    const RUN_KEY: &str = r"Software\Microsoft\Windows\CurrentVersion\Run";
    const SETTINGS_KEY: &str = r"Software\onshi-tray";
    const NAME: &str = "onshi-tray";

    fn delete_value(key: &RegKey, name: &str) -> std::io::Result<()> {
        match key.delete_value(name) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }

    fn user_run() -> bool {
        RegKey::predef(HKEY_CURRENT_USER).open_subkey(RUN_KEY).and_then(|k| k.get_value::<String, _>(NAME)).is_ok()
    }

    /// The Run value the MSI writes for every user.
    pub fn machine_wide() -> bool {
        RegKey::predef(HKEY_LOCAL_MACHINE).open_subkey(RUN_KEY).and_then(|k| k.get_value::<String, _>(NAME)).is_ok()
    }

    pub fn opted_out_at_login() -> bool {
        RegKey::predef(HKEY_CURRENT_USER)
            .open_subkey(SETTINGS_KEY)
            .and_then(|k| k.get_value::<u32, _>("AutoStart"))
            .is_ok_and(|v| v == 0)
    }

    pub fn is_enabled() -> bool {
        user_run() || machine_wide() && !opted_out_at_login()
    }

    pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
        let user = RegKey::predef(HKEY_CURRENT_USER);
        let (run, _) = user.create_subkey(RUN_KEY)?;
        let (settings, _) = user.create_subkey(SETTINGS_KEY)?;
        if machine_wide() {
            // One entry only, the machine's; this user's choice is the opt-out value.
            delete_value(&run, NAME)?;
            return if enabled { delete_value(&settings, "AutoStart") } else { settings.set_value("AutoStart", &0u32) };
        }
        delete_value(&settings, "AutoStart")?;
        if enabled {
            run.set_value(NAME, &format!("\"{}\" {}", super::exe()?.display(), super::AUTOSTART_ARG))
        } else {
            delete_value(&run, NAME)
        }
    }
}

#[cfg(target_os = "windows")]
pub use windows::{is_enabled, machine_wide, opted_out_at_login, set_enabled};

#[cfg(target_os = "macos")]
fn agent_path() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().join("Library/LaunchAgents/jp.onshi-tray.plist"))
}

#[cfg(target_os = "macos")]
pub fn machine_wide() -> bool {
    false
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
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n<plist version=\"1.0\"><dict>\n<key>Label</key><string>jp.onshi-tray</string>\n<key>ProgramArguments</key><array><string>{}</string><string>{AUTOSTART_ARG}</string></array>\n<key>RunAtLoad</key><true/>\n</dict></plist>\n",
        exe()?.display()
    );
    super::files::write_atomically(&path, plist.as_bytes())
}
