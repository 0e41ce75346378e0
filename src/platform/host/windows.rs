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
