//! Linux: the libraries winit loads at run time.

/// A library the event loop loads at run time, missing: which package to install. winit's X11 backend loads
/// libxkbcommon-x11 when the loop is built and panics without it; say so instead (Wayland sessions need no X11 one).
pub fn missing_runtime_library() -> Option<String> {
    if std::env::var_os("WAYLAND_DISPLAY").is_some() {
        return None;
    }
    let names = ["libxkbcommon-x11.so.0", "libxkbcommon-x11.so"];
    // SAFETY: the library runs no code of its own when loaded beyond its ELF initialisers, the same that winit runs
    // when it loads it a moment later.
    if names.iter().any(|name| unsafe { libloading::Library::new(name) }.is_ok()) {
        None
    } else {
        Some("the libxkbcommon-x11 library is missing: install libxkbcommon-x11-0 (Debian/Ubuntu: sudo apt install libxkbcommon-x11-0)".to_string())
    }
}
