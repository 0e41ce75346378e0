//! Windows: `ShellExecuteW`, the shell's own way to open a document or an address with its associated program, with
//! no intermediate process (the `open` crate starts `powershell.exe`).

use std::ffi::OsStr;
use std::os::windows::ffi::OsStrExt;

use windows_sys::Win32::System::Com::{CoInitializeEx, COINIT_APARTMENTTHREADED, COINIT_DISABLE_OLE1DDE};
use windows_sys::Win32::UI::Shell::ShellExecuteW;
use windows_sys::Win32::UI::WindowsAndMessaging::SW_SHOWNORMAL;

fn wide(text: &OsStr) -> Vec<u16> {
    text.encode_wide().chain(std::iter::once(0)).collect()
}

pub fn launch(target: &OsStr) -> std::io::Result<()> {
    let verb = wide(OsStr::new("open"));
    let target = wide(target);
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the calls; null parameters and window are allowed.
    // The shell may hand the target to a COM handler, so this thread (ours, short-lived) joins an apartment first,
    // as Microsoft's documentation of ShellExecute asks.
    let result = unsafe {
        CoInitializeEx(std::ptr::null(), (COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE) as u32);
        ShellExecuteW(
            std::ptr::null_mut(),
            verb.as_ptr(),
            target.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            SW_SHOWNORMAL,
        )
    };
    // ShellExecuteW returns a value above 32 on success, an error code otherwise.
    let code = result as isize;
    if code > 32 {
        Ok(())
    } else {
        Err(std::io::Error::other(format!("ShellExecuteW failed with code {code}")))
    }
}
