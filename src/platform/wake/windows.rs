//! Windows: `WM_POWERBROADCAST` (`PBT_APMRESUMEAUTOMATIC` on every resume, `PBT_APMRESUMESUSPEND` when a user is
//! there) and `WM_TIMECHANGE` (the clock was set), both broadcast to top-level windows: a hidden one of the loop's
//! thread (winit's loop dispatches its messages), of its own class so that the smoke test under Wine can post them.

use std::sync::OnceLock;

use windows_sys::Win32::Foundation::{HWND, LPARAM, LRESULT, WPARAM};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    DefWindowProcW, PBT_APMRESUMEAUTOMATIC, PBT_APMRESUMESUSPEND, WM_POWERBROADCAST, WM_TIMECHANGE,
};

use super::Wake;

/// The window class, which the smoke test under Wine looks for to post the messages.
const CLASS: &str = "OnshiTrayWake";

static ON_WAKE: OnceLock<Box<dyn Fn(Wake) + Send + Sync>> = OnceLock::new();

pub fn watch(on_wake: Box<dyn Fn(Wake) + Send + Sync>) {
    if ON_WAKE.set(on_wake).is_err() {
        return;
    }
    if crate::platform::host::hidden_window(CLASS, procedure).is_none() {
        log::warn!(
            "cannot watch for wakes and clock changes ({}): seen within a minute instead",
            std::io::Error::last_os_error()
        );
    }
}

unsafe extern "system" fn procedure(window: HWND, message: u32, wparam: WPARAM, lparam: LPARAM) -> LRESULT {
    let wake = match message {
        WM_POWERBROADCAST if matches!(wparam as u32, PBT_APMRESUMEAUTOMATIC | PBT_APMRESUMESUSPEND) => {
            Some(Wake::Resumed)
        }
        WM_TIMECHANGE => Some(Wake::ClockSet),
        _ => None,
    };
    if let (Some(wake), Some(on_wake)) = (wake, ON_WAKE.get()) {
        on_wake(wake);
    }
    match message {
        // Granted: nothing here would hold up a sleep.
        WM_POWERBROADCAST => 1,
        WM_TIMECHANGE => 0,
        // SAFETY: the arguments are the ones Windows passed in.
        _ => unsafe { DefWindowProcW(window, message, wparam, lparam) },
    }
}
