//! Linux and other XDG desktops: a user entry in `~/.config/autostart` of the same name as the package's
//! machine-wide one overrides it; `Hidden=true` in it turns it off (the XDG autostart spec).

use std::path::PathBuf;

const ENTRY_NAME: &str = "autostart/onshi-tray.desktop";

/// The login entry the .deb installs in `/etc/xdg/autostart`.
const ENTRY_TEMPLATE: &str = include_str!("../../../packaging/linux/onshi-tray-autostart.desktop");

fn user_entry() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".config")))?;
    Some(base.join(ENTRY_NAME))
}

/// The machine-wide entry a package installed, in `$XDG_CONFIG_DIRS` (default `/etc/xdg`).
fn machine_entry() -> Option<PathBuf> {
    let dirs = std::env::var("XDG_CONFIG_DIRS").ok().filter(|d| !d.trim().is_empty());
    let dirs = dirs.as_deref().unwrap_or("/etc/xdg");
    dirs.split(':').filter(|d| !d.is_empty()).map(|d| PathBuf::from(d).join(ENTRY_NAME)).find(|p| p.exists())
}

/// Whether a package installed a start at login for every user.
pub fn machine_wide() -> bool {
    machine_entry().is_some()
}

fn is_hidden(entry: &std::path::Path) -> bool {
    std::fs::read_to_string(entry).is_ok_and(|text| {
        text.lines().any(|l| matches!(l.split_once('='), Some((k, v)) if k.trim() == "Hidden" && v.trim() == "true"))
    })
}

pub fn is_enabled() -> bool {
    match user_entry().filter(|p| p.exists()) {
        Some(entry) => !is_hidden(&entry),
        None => machine_entry().is_some(),
    }
}

pub fn set_enabled(enabled: bool) -> std::io::Result<()> {
    let path = user_entry().ok_or_else(|| std::io::Error::other("no home directory"))?;
    let machine = machine_entry().is_some();
    if enabled == machine {
        // The machine's entry alone does what is wanted (or there is none and none is wanted).
        return super::remove_if_present(&path);
    }
    // The package's own login entry, so both read the same; this user's names the binary that is running.
    let entry = if enabled {
        let exec = format!("Exec=\"{}\" {}", super::exe()?.display(), super::AUTOSTART_ARG);
        ENTRY_TEMPLATE
            .lines()
            .map(|l| if l.starts_with("Exec=") { exec.as_str() } else { l })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    } else {
        format!("{ENTRY_TEMPLATE}Hidden=true\n")
    };
    crate::platform::disk::write_atomically(&path, entry.as_bytes())
}

/// The desktop hides a machine-wide entry itself: no opt-out to look for at login.
pub fn opted_out_at_login() -> bool {
    false
}
