//! One instance per user session: an exclusive lock on a file in the session's runtime directory.
//!
//! The lock is released by the operating system when the process ends, also after a crash, so a stale lock never blocks a start.

use std::fs::{File, TryLockError};
use std::path::Path;

pub enum Instance {
    /// We are the only instance; keep this alive as long as the app runs.
    First(#[allow(dead_code)] File),
    AlreadyRunning,
}

pub fn acquire(path: &Path) -> std::io::Result<Instance> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let file = File::options().create(true).truncate(false).write(true).open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Instance::First(file)),
        Err(TryLockError::WouldBlock) => Ok(Instance::AlreadyRunning),
        Err(TryLockError::Error(err)) => Err(err),
    }
}
