//! Windows: the Run key. Nothing per user can hide the MSI's HKLM Run value, so the opt-out is
//! `HKCU\Software\onshi-tray\AutoStart = 0`, which a start by the Run key (`--autostart`) finds and exits on.

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
