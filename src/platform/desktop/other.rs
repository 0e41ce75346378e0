//! Windows and macOS: the event loop itself says when there is no desktop to run on (platform/event_loop).

pub fn missing_desktop() -> Option<String> {
    None
}
