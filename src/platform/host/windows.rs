//! Windows: the console of an admin command, the build's toast features, the session, and where no user can be.

/// Release builds on Windows are GUI programs, so a command typed at a prompt (`onshi-tray check`) would print
/// nowhere: attach to the console of the program that started us, if there is one and the output is not redirected.
/// The tray app itself lets go of it again ([`detach_console`]): closing that console window must not end it.
static ATTACHED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

pub fn attach_console() {
    use windows_sys::Win32::System::Console::{AttachConsole, GetStdHandle, ATTACH_PARENT_PROCESS, STD_OUTPUT_HANDLE};
    // SAFETY: plain Win32 calls without pointers; a failure (no parent console) leaves everything as it was.
    let attached = unsafe { GetStdHandle(STD_OUTPUT_HANDLE).is_null() && AttachConsole(ATTACH_PARENT_PROCESS) != 0 };
    ATTACHED.store(attached, std::sync::atomic::Ordering::Relaxed);
}

pub fn detach_console() {
    if ATTACHED.swap(false, std::sync::atomic::Ordering::Relaxed) {
        // SAFETY: no arguments; it only lets go of the console attach_console attached to.
        unsafe {
            windows_sys::Win32::System::Console::FreeConsole();
        }
    }
}

/// Whether toasts may use `scenario="urgent"`: Windows 11 build 22546 and later (Microsoft's toast schema).
pub fn toast_urgent_supported() -> bool {
    let key = winreg::RegKey::predef(winreg::enums::HKEY_LOCAL_MACHINE)
        .open_subkey(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion");
    let build: Option<String> = key.ok().and_then(|k| k.get_value("CurrentBuildNumber").ok());
    build.and_then(|b| b.trim().parse::<u32>().ok()).is_some_and(|b| b >= 22546)
}

/// The Windows session this process runs in (0 is the services' session, with no desktop).
fn session_id() -> Option<u32> {
    use windows_sys::Win32::System::RemoteDesktop::ProcessIdToSessionId;
    use windows_sys::Win32::System::Threading::GetCurrentProcessId;
    let mut session = 0u32;
    // SAFETY: a plain out-parameter call for our own process id.
    let ok = unsafe { ProcessIdToSessionId(GetCurrentProcessId(), &mut session) };
    (ok != 0).then_some(session)
}

/// What makes the single-instance lock per user *session*: Linux and macOS keep it in the session's runtime
/// directory; Windows has none, so the session id goes into its name (a shared 受付 account signed in on two
/// sessions of a terminal server gets a tray in each).
pub fn session_suffix() -> String {
    session_id().map_or_else(String::new, |id| format!("-session{id}"))
}

/// Why the tray app cannot serve anyone here, if so: started in session 0 (a service, or a task set to run
/// whether a user is signed in or not) or as SYSTEM, it would wait for a desktop that never comes.
pub fn no_user_desktop(data_dir: &std::path::Path) -> Option<String> {
    if session_id() == Some(0) {
        return Some("started in session 0 (as a service or a task with no user signed in), where no desktop or tray exists; let it start at each user's sign-in (the MSI's Run key) instead".to_string());
    }
    let system_profile = data_dir.to_string_lossy().to_ascii_lowercase().contains(r"\systemprofile\");
    system_profile.then(|| "started as the SYSTEM account, which has no tray; let it start at each user's sign-in (the MSI's Run key) instead".to_string())
}

/// This PC's name and the signed-in user's, for the fleet report (`%COMPUTERNAME%`, `%USERNAME%`).
pub fn computer_and_user() -> (String, String) {
    let get = |name: &str| std::env::var(name).unwrap_or_else(|_| "unknown".to_string());
    (get("COMPUTERNAME"), get("USERNAME"))
}

/// Whether a folder is on another machine, so that the time it gives a file is a second clock: a UNC path
/// (`\\server\share\…`; a mapped drive letter is not known to be one).
pub fn is_on_file_server(path: &std::path::Path) -> bool {
    let text = path.to_string_lossy();
    text.starts_with("\\\\") || text.starts_with("//")
}

/// A hidden top-level window of class `class` on the calling thread (winit's loop dispatches its messages), for the
/// broadcasts only top-level windows receive (the session's end, power, time changes); `None` when it cannot be
/// made.
pub fn hidden_window(
    class: &str,
    procedure: unsafe extern "system" fn(
        windows_sys::Win32::Foundation::HWND,
        u32,
        windows_sys::Win32::Foundation::WPARAM,
        windows_sys::Win32::Foundation::LPARAM,
    ) -> windows_sys::Win32::Foundation::LRESULT,
) -> Option<windows_sys::Win32::Foundation::HWND> {
    use windows_sys::Win32::System::LibraryLoader::GetModuleHandleW;
    use windows_sys::Win32::UI::WindowsAndMessaging::{
        CreateWindowExW, RegisterClassW, WNDCLASSW, WS_EX_TOOLWINDOW, WS_OVERLAPPED,
    };
    let class: Vec<u16> = class.encode_utf16().chain(Some(0)).collect();
    // SAFETY: the class name outlives the calls; the window procedure is a plain extern fn.
    let window = unsafe {
        let instance = GetModuleHandleW(std::ptr::null());
        let mut wc: WNDCLASSW = std::mem::zeroed();
        wc.lpfnWndProc = Some(procedure);
        wc.hInstance = instance;
        wc.lpszClassName = class.as_ptr();
        RegisterClassW(&wc);
        // Top-level (never shown): message-only windows do not receive broadcasts.
        CreateWindowExW(
            WS_EX_TOOLWINDOW,
            class.as_ptr(),
            class.as_ptr(),
            WS_OVERLAPPED,
            0,
            0,
            0,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            instance,
            std::ptr::null(),
        )
    };
    (!window.is_null()).then_some(window)
}

/// How the shell knows the app's tray icon: by its GUID (Windows since 7), and by its window and number (what
/// Wine, which ignores GUIDs, and an icon without a GUID go by).
#[derive(Clone, Copy)]
struct IconIdentity {
    window: isize,
    number: u32,
    guid: Option<u128>,
}

/// The app's tray icon as found by [`find_tray_icon`], for balloons.
static TRAY_ICON: std::sync::Mutex<Option<IconIdentity>> = std::sync::Mutex::new(None);

/// `NIM_MODIFY` of the icon `identity` with what `fill` sets; true when the shell has such an icon.
fn modify_icon(identity: IconIdentity, fill: impl FnOnce(&mut windows_sys::Win32::UI::Shell::NOTIFYICONDATAW)) -> bool {
    use windows_sys::Win32::UI::Shell::{Shell_NotifyIconW, NIF_GUID, NIM_MODIFY, NOTIFYICONDATAW};
    // SAFETY: a zeroed NOTIFYICONDATAW is valid; its size and identity are set, `fill` sets plain fields; the call
    // only reads it.
    unsafe {
        let mut data: NOTIFYICONDATAW = std::mem::zeroed();
        data.cbSize = std::mem::size_of::<NOTIFYICONDATAW>() as u32;
        data.hWnd = identity.window as windows_sys::Win32::Foundation::HWND;
        data.uID = identity.number;
        if let Some(guid) = identity.guid {
            data.uFlags = NIF_GUID;
            data.guidItem = windows_sys::core::GUID::from_u128(guid);
        }
        fill(&mut data);
        Shell_NotifyIconW(NIM_MODIFY, &data) != 0
    }
}

/// Whether the shell has the tray icon just made (with `guid`, or without one), asked with a `NIM_MODIFY` that
/// changes nothing: tray-icon ignores `NIM_ADD`'s result, so a GUID refused because it is bound to another path of
/// the exe would otherwise go unseen (no icon, and a log that says it was created). The icon found is remembered
/// for balloons. tray-icon numbers its icons from 1 within the window it makes for each.
pub fn find_tray_icon(tray: &tray_icon::TrayIcon, guid: Option<u128>) -> bool {
    let window = tray.window_handle() as isize;
    let candidates = (1..=8).map(|number| IconIdentity { window, number, guid });
    // With a GUID, Windows goes by it alone; Wine by the window and number.
    let found = candidates.clone().find(|&identity| modify_icon(identity, |_| {})).or_else(|| {
        guid.and_then(|_| candidates.map(|i| IconIdentity { guid: None, ..i }).find(|&i| modify_icon(i, |_| {})))
    });
    if let Ok(mut remembered) = TRAY_ICON.lock() {
        *remembered = found;
    }
    found.is_some()
}

/// Shows a notice as the tray icon's balloon (`NIF_INFO`), which Windows also shows as a notification: the second
/// path when a toast cannot be created or shown. Title and text are cut to the 63 and 255 UTF-16 units the
/// structure holds.
pub fn show_balloon(title: &str, text: &str) -> Result<(), String> {
    use windows_sys::Win32::UI::Shell::{NIF_INFO, NIIF_INFO, NIIF_RESPECT_QUIET_TIME};
    let icon = TRAY_ICON.lock().ok().and_then(|icon| *icon).ok_or("no tray icon to show a balloon from")?;
    let copy = |target: &mut [u16], text: &str| {
        let clamped = onshi_tray_core::notice::clamp_utf16(text, target.len() - 1);
        for (slot, unit) in target.iter_mut().zip(clamped.encode_utf16().chain(Some(0))) {
            *slot = unit;
        }
    };
    let shown = modify_icon(icon, |data| {
        data.uFlags |= NIF_INFO;
        copy(&mut data.szInfoTitle, title);
        copy(&mut data.szInfo, text);
        data.dwInfoFlags = NIIF_INFO | NIIF_RESPECT_QUIET_TIME;
    });
    if shown {
        Ok(())
    } else {
        Err(format!("the tray icon's balloon was refused ({})", std::io::Error::last_os_error()))
    }
}
