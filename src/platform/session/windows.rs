//! Windows: `WM_QUERYENDSESSION`/`WM_ENDSESSION` on a hidden top-level window of the loop's thread (winit's loop
//! dispatches its messages), and `RegisterApplicationRestart` for the Restart Manager.

use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::System::Recovery::{
    RegisterApplicationRestart, RESTART_NO_CRASH, RESTART_NO_HANG, RESTART_NO_REBOOT,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    DefWindowProcW, ENDSESSION_CLOSEAPP, ENDSESSION_LOGOFF, WM_ENDSESSION, WM_QUERYENDSESSION,
};

use super::Ending;

/// The window class, which the smoke test under Wine looks for to send the Restart Manager's messages.
const CLASS: &str = "OnshiTraySession";

static ON_END: OnceLock<Box<dyn Fn(Ending) + Send + Sync>> = OnceLock::new();

pub fn watch(restart_args: &str, on_end: Box<dyn Fn(Ending) + Send + Sync>) {
    if ON_END.set(on_end).is_err() {
        return;
    }
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    if crate::platform::host::hidden_window(CLASS, procedure).is_none() {
        log::warn!("cannot watch for the end of the session: {}", std::io::Error::last_os_error());
    }
    let args = wide(restart_args);
    // SAFETY: a NUL-terminated UTF-16 string that lives across the call (Windows copies it).
    let registered =
        unsafe { RegisterApplicationRestart(args.as_ptr(), RESTART_NO_CRASH | RESTART_NO_HANG | RESTART_NO_REBOOT) };
    if registered == 0 {
        log::info!("registered to start again after an update, with `{restart_args}`");
    } else {
        log::warn!("RegisterApplicationRestart failed (0x{registered:08x}): after an update the app starts at the next sign-in");
    }
}

unsafe extern "system" fn procedure(window: HWND, message: u32, wparam: WPARAM, lparam: LPARAM) -> LRESULT {
    match message {
        // Yes, the session may end: nothing to save that is not saved already.
        WM_QUERYENDSESSION => 1,
        WM_ENDSESSION => {
            if wparam != 0 {
                let flags = lparam as u32;
                let ending = if flags & ENDSESSION_CLOSEAPP != 0 {
                    Ending::Update
                } else if flags & ENDSESSION_LOGOFF != 0 {
                    Ending::SignOut
                } else {
                    Ending::Shutdown
                };
                if let Some(on_end) = ON_END.get() {
                    on_end(ending);
                }
            }
            0
        }
        // SAFETY: the arguments are the ones Windows passed in.
        _ => unsafe { DefWindowProcW(window, message, wparam, lparam) },
    }
}
