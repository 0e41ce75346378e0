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

/// Opens without following a link (`O_NOFOLLOW`: a link is refused, `ELOOP`), without blocking on a FIFO
/// (`O_NONBLOCK`) and without becoming a terminal's; the owner's account name from the open handle.
pub fn open_foreign(path: &Path) -> std::io::Result<(std::fs::File, Option<String>)> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|err| match err.raw_os_error() {
            Some(libc::ELOOP) => std::io::Error::new(std::io::ErrorKind::InvalidInput, "a link, not a report"),
            _ => err,
        })?;
    let uid = file.metadata()?.uid();
    Ok((file, Some(account_name(uid))))
}

/// The account name of `uid`, or `uid N` where the system knows none.
fn account_name(uid: u32) -> String {
    let mut buffer = vec![0 as libc::c_char; 4096];
    // SAFETY: an all-zero passwd is a valid value of this plain C struct; getpwuid_r writes it and the strings it
    // points to into `buffer`, which outlives every read below.
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut found: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is to a live local of the size passed.
    let status = unsafe { libc::getpwuid_r(uid, &mut entry, buffer.as_mut_ptr(), buffer.len(), &mut found) };
    if status != 0 || found.is_null() || entry.pw_name.is_null() {
        return format!("uid {uid}");
    }
    // SAFETY: getpwuid_r succeeded: pw_name is a NUL-terminated string inside `buffer`.
    unsafe { std::ffi::CStr::from_ptr(entry.pw_name) }.to_string_lossy().into_owned()
}
