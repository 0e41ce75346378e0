//! The app's own state (the notice log, its fallback copy, the feed cache) lives only in this user's folders,
//! created private (0700 on Unix), and a state file is read only when it could not have been planted by another
//! account: owned by this user, in a folder no one else may write to. A shared temp folder is never used.

use std::path::Path;

#[cfg_attr(unix, path = "private/unix.rs")]
#[cfg_attr(not(unix), path = "private/other.rs")]
mod backend;

/// Creates `dir` (and its parents) and makes it private to this user.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    backend::make_private(dir)
}

/// `Err` with the reason when a state file must not be trusted: another account owns it, or others may write to
/// its folder.
pub fn check_trusted(path: &Path) -> Result<(), String> {
    backend::check_trusted(path)
}

/// Opens a file another account may have put there (a report in the fleet's folder) without trusting its place:
/// never through a link, never blocking on a FIFO or a device, and only when the open handle is a regular file of
/// at most `max` bytes; returns its bytes, the account that owns it (where the file system says) and its
/// modification time.
pub fn read_foreign(path: &Path, max: u64) -> std::io::Result<Foreign> {
    let (file, owner) = backend::open_foreign(path)?;
    let about = file.metadata()?;
    super::disk::check_regular(&about, max)?;
    let bytes = super::disk::read_bounded(file, about.len(), max)?;
    Ok(Foreign { bytes, owner, modified: about.modified().ok() })
}

/// A file read by [`read_foreign`].
pub struct Foreign {
    pub bytes: Vec<u8>,
    pub owner: Option<String>,
    pub modified: Option<std::time::SystemTime>,
}
