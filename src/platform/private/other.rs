//! Windows and others: a user's profile folders are private by their ACLs already.

use std::path::Path;

pub fn make_private(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

pub fn check_trusted(_path: &Path) -> Result<(), String> {
    Ok(())
}

/// Opens a file that is not a link (checked just before; Windows reports no owner here: the fleet compares names).
pub fn open_foreign(path: &Path) -> std::io::Result<(std::fs::File, Option<String>)> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, "a link, not a report"));
    }
    Ok((std::fs::File::open(path)?, None))
}
