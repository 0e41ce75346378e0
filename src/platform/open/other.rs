//! Linux and macOS: the `open` crate runs the desktop's opener (`xdg-open`, `open`).

pub fn launch(target: &std::ffi::OsStr) -> std::io::Result<()> {
    open::that(target)
}
