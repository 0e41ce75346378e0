//! Windows and macOS: the event loop loads no library of its own at run time.

/// Nothing is loaded at run time, so nothing can be missing.
pub fn missing_runtime_library() -> Option<String> {
    None
}
