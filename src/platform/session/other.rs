//! Linux and macOS: the signals that end a session or a process (SIGTERM at sign-out and shutdown, SIGHUP when
//! the session's terminal goes, SIGINT and SIGQUIT from a terminal) become one `Ending` each, on signal-hook's
//! thread, which sleeps until a signal comes. A second signal ends the process at once, as without the handler.

use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::Signals;

use super::Ending;

pub fn watch(_restart_args: &str, on_end: Box<dyn Fn(Ending) + Send + Sync>) {
    let mut signals = match Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT]) {
        Ok(signals) => signals,
        Err(err) => {
            log::warn!("cannot watch for signals ({err}): a stop by signal will not be logged");
            return;
        }
    };
    let spawned = std::thread::Builder::new().name("signals".to_string()).spawn(move || {
        let mut seen = false;
        for signal in signals.forever() {
            if seen {
                // The loop did not stop in time: do what the signal does by default.
                let _ = signal_hook::low_level::emulate_default_handler(signal);
            }
            seen = true;
            let name = match signal {
                SIGTERM => "SIGTERM",
                SIGINT => "SIGINT",
                SIGHUP => "SIGHUP",
                _ => "SIGQUIT",
            };
            on_end(Ending::Signal(name));
        }
    });
    if let Err(err) = spawned {
        log::warn!("cannot start the signal thread ({err}): a stop by signal will not be logged");
    }
}
