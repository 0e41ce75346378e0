//! Opening the portal article and files with the system's opener.

use std::path::Path;

use onshi_tray::config::check_url;

/// Opens a web address in the default browser, on a thread of its own so the loop never waits for the opener.
///
/// Only `https://` and `http://` addresses are opened; anything else is refused and logged.
pub fn open_url(url: &str) {
    if let Err(problem) = check_url(url) {
        log::error!("refusing to open `{url}`: {problem}");
        return;
    }
    let url = url.to_string();
    std::thread::spawn(move || match open::that(&url) {
        Ok(()) => log::info!("opened {url}"),
        Err(err) => log::error!("cannot open {url}: {err}"),
    });
}

/// Opens one of our own files (the config file, the guidance page) with the program the system associates with it.
pub fn open_file(path: &Path) {
    let path = path.to_path_buf();
    std::thread::spawn(move || match open::that(&path) {
        Ok(()) => log::info!("opened {}", path.display()),
        Err(err) => log::error!("cannot open {}: {err}", path.display()),
    });
}
