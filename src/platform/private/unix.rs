//! Unix: owner and mode bits.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;

pub fn make_private(dir: &Path) -> std::io::Result<()> {
    let about = std::fs::metadata(dir)?;
    // Only a folder of ours is changed (an administrator's shared cache stays as it was set up).
    if about.uid() == current_uid() && about.permissions().mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

pub fn check_trusted(path: &Path) -> Result<(), String> {
    let uid = current_uid();
    let about = std::fs::symlink_metadata(path).map_err(|err| err.to_string())?;
    if about.uid() != uid {
        return Err(format!("{} belongs to another account (uid {}), so it is not read", path.display(), about.uid()));
    }
    let folder = path.parent().unwrap_or(Path::new("/"));
    let folder_about = std::fs::metadata(folder).map_err(|err| err.to_string())?;
    if folder_about.permissions().mode() & 0o022 != 0 && folder_about.uid() != uid {
        return Err(format!("{} is in a folder others may write to, so it is not read", path.display()));
    }
    Ok(())
}

fn current_uid() -> u32 {
    // SAFETY: geteuid has no arguments, cannot fail and touches no memory of ours.
    unsafe { libc::geteuid() }
}
