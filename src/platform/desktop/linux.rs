//! Linux: the tray (a StatusNotifierItem) and the notices are D-Bus services of the session; without its bus the app
//! has nowhere to show anything. No display server is needed: the event loop is a channel (platform/event_loop).

use std::path::PathBuf;

/// Why no desktop session can be reached, the way D-Bus libraries find the session bus (zbus: the address in
/// `DBUS_SESSION_BUS_ADDRESS`, else `$XDG_RUNTIME_DIR/bus`, else `/run/user/UID/bus`).
pub fn missing_desktop() -> Option<String> {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|address| !address.is_empty()) {
        return None;
    }
    let runtime = std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        // SAFETY: geteuid has no preconditions and cannot fail.
        .unwrap_or_else(|| PathBuf::from(format!("/run/user/{}", unsafe { libc::geteuid() })));
    let socket = runtime.join("bus");
    if socket.exists() {
        return None;
    }
    Some(format!(
        "no desktop session: no D-Bus session bus to show a tray icon and notices on (DBUS_SESSION_BUS_ADDRESS is not set and {} does not exist); start onshi-tray from the desktop's autostart, or use `onshi-tray status` on a terminal",
        socket.display()
    ))
}
