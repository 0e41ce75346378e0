//! Files read with bounds and written whole: the leaf every other file-handling module builds on.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to `path` so that a crash leaves either the old or the new file, never half of one: through a
/// temporary file with a name of its own in the same folder (so two files written at once never share one).
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new().prefix(".onshi-tray-").tempfile_in(dir)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map(drop).map_err(|err| err.error)
}

/// The largest state file the app reads (a config file, the notice log, a cached feed's metadata).
pub const MAX_STATE_FILE: u64 = 4 * 1024 * 1024;

/// Reads a file only when it is a regular file of at most `max` bytes: a FIFO, a device or a folder in its place
/// is an error (never a read that hangs or never ends), and so is a file that grew past the limit.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let about = std::fs::metadata(path)?;
    check_regular(&about, max)?;
    read_bounded(std::fs::File::open(path)?, about.len(), max)
}

/// `Err` unless `about` is a regular file of at most `max` bytes.
pub fn check_regular(about: &std::fs::Metadata, max: u64) -> std::io::Result<()> {
    if !about.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a FIFO or a device is in its place)",
        ));
    }
    if about.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is {} bytes, more than the {max} it may have", about.len()),
        ));
    }
    Ok(())
}

/// An open file's bytes, at most `max` (`len`: its size as last seen, for the buffer); a file that grew past the
/// limit is an error.
pub fn read_bounded(file: std::fs::File, len: u64, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::with_capacity(len.min(max) as usize);
    file.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, format!("the file grew past {max} bytes")));
    }
    Ok(bytes)
}

/// A state file of the app's own (the notice log, the feed cache): [`read_regular`], and only when no other account
/// could have planted it ([`super::private::check_trusted`]).
pub fn read_state(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let bytes = read_regular(path, max)?;
    super::private::check_trusted(path)
        .map_err(|why| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why))?;
    Ok(bytes)
}
