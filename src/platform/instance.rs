//! One instance per user session: an exclusive lock on a file in the session's runtime directory (Linux, macOS), or
//! in the user's data directory with the session id in its name (Windows, which has no runtime directory).
//!
//! The lock is released by the operating system when the process ends, also after a crash, so a stale lock never blocks a start.
//! `onshi-tray quit` asks the running instance to stop by creating a request file beside the lock, which the instance
//! watches; it then waits for the lock to be released, so it knows the instance has really gone.

use std::fs::{File, TryLockError};
use std::path::Path;
use std::time::{Duration, Instant};

pub enum Instance {
    /// We are the only instance; keep this alive as long as the app runs.
    First(#[allow(dead_code)] File),
    AlreadyRunning,
}

pub fn acquire(path: &Path) -> std::io::Result<Instance> {
    if let Some(dir) = path.parent() {
        super::private::create_private_dir(dir)?;
    }
    let file = File::options().create(true).truncate(false).write(true).open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Instance::First(file)),
        Err(TryLockError::WouldBlock) => Ok(Instance::AlreadyRunning),
        Err(TryLockError::Error(err)) => Err(err),
    }
}

/// How long a start waits for the lock before it concludes another instance runs, and how long `quit` looks for
/// an instance that may be starting: `onshi-tray quit`'s own brief look at the lock must not turn a starting app
/// into a "second instance", nor an app that is just starting make `quit` say it is not running.
const STARTING: Duration = Duration::from_millis(1000);

/// [`acquire`], trying again for a moment when the lock is held: the holder may be `onshi-tray quit` looking.
pub fn acquire_patiently(path: &Path) -> std::io::Result<Instance> {
    let deadline = Instant::now() + STARTING;
    loop {
        match acquire(path)? {
            Instance::AlreadyRunning if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            outcome => return Ok(outcome),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum QuitOutcome {
    NotRunning,
    Stopped,
    /// The instance did not stop within the time allowed (it may be hung).
    StillRunning,
}

/// Asks the instance holding `lock` to quit and waits up to `timeout` for it to go.
pub fn request_quit(lock: &Path, request: &Path, timeout: Duration) -> std::io::Result<QuitOutcome> {
    // An instance that is just starting may not hold the lock yet: look again for a moment.
    let looking = Instant::now() + STARTING;
    while let Instance::First(probe) = acquire(lock)? {
        drop(probe);
        if Instant::now() >= looking {
            return Ok(QuitOutcome::NotRunning);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::write(request, format!("quit requested by process {}\n", std::process::id()))?;
    let deadline = Instant::now() + timeout;
    let outcome = loop {
        std::thread::sleep(Duration::from_millis(100));
        if let Instance::First(_) = acquire(lock)? {
            break QuitOutcome::Stopped;
        }
        if Instant::now() >= deadline {
            break QuitOutcome::StillRunning;
        }
    };
    // A request left behind would stop the next start at once.
    let _ = std::fs::remove_file(request);
    Ok(outcome)
}
