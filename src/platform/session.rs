//! The end of the user's session, and Windows Installer's Restart Manager.
//!
//! Windows: a hidden top-level window receives `WM_QUERYENDSESSION` and `WM_ENDSESSION`, which Windows sends at
//! sign-out and shutdown, and which the Restart Manager sends (with `ENDSESSION_CLOSEAPP`) when an MSI upgrade must
//! replace the running exe. Either way the app logs why and quits cleanly; the app registers with
//! `RegisterApplicationRestart` (its own command line) so that the Restart Manager starts it again after the update.
//! Linux and macOS: SIGTERM, SIGINT, SIGHUP and SIGQUIT (a sign-out, a shutdown, `kill`, Ctrl-C) reach the loop
//! the same way, through signal-hook's signal thread (it sleeps until a signal comes); a second signal ends the
//! process at once, as without the handler.

#[cfg_attr(target_os = "windows", path = "session/windows.rs")]
#[cfg_attr(not(target_os = "windows"), path = "session/other.rs")]
mod backend;

/// Why the session asked the app to stop. Each platform constructs only its own kinds.
#[allow(dead_code)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// An installer (the Restart Manager) must replace the exe; the app is started again afterwards.
    Update,
    /// The user signs out.
    SignOut,
    /// Windows shuts down or restarts.
    Shutdown,
    /// A Unix signal (its name).
    Signal(&'static str),
}

impl Ending {
    pub fn describe(self) -> String {
        match self {
            Ending::Update => {
                "Windows closes the app to update it (Restart Manager); it starts again afterwards".to_string()
            }
            Ending::SignOut => "the user signs out".to_string(),
            Ending::Shutdown => "Windows shuts down".to_string(),
            Ending::Signal(name) => format!("signal {name}"),
        }
    }
}

/// Starts watching for the end of the session (on the thread that runs the event loop): `on_end` is called once
/// with the reason, and must make the loop quit. `restart_args` is the command line the Restart Manager starts the
/// app with again after an update.
pub fn watch(restart_args: &str, on_end: impl Fn(Ending) + Send + Sync + 'static) {
    backend::watch(restart_args, Box::new(on_end));
}
