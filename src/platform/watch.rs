//! Watching the config files for edits, so that a change is picked up without a restart, and for a quit request.
//!
//! The folders are watched rather than the files: editors save by writing a new file and renaming it over the old one,
//! and a file that does not exist yet can still be created. The watcher's own thread sleeps until the OS reports a change.

use std::path::{Path, PathBuf};

use ::notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// Keeps the OS watch alive; dropping it stops watching.
pub struct ConfigWatch {
    _watcher: RecommendedWatcher,
}

/// Calls `on_change` with the file (as given in `files`) whenever one of them is created, changed, renamed or removed.
pub fn watch(files: Vec<PathBuf>, on_change: impl Fn(&Path) + Send + 'static) -> Result<ConfigWatch, String> {
    let wanted = files.clone();
    let mut watcher = ::notify::recommended_watcher(move |event: ::notify::Result<::notify::Event>| {
        if let Ok(event) = event {
            if event.kind.is_access() {
                return;
            }
            for file in wanted.iter().filter(|w| event.paths.iter().any(|p| same_file(p, w))) {
                on_change(file);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    let mut watched: Vec<&Path> = Vec::new();
    for file in &files {
        let Some(dir) = file.parent() else { continue };
        if watched.contains(&dir) {
            continue;
        }
        match watcher.watch(dir, RecursiveMode::NonRecursive) {
            Ok(()) => watched.push(dir),
            Err(err) => log::debug!("not watching {}: {err}", dir.display()),
        }
    }
    Ok(ConfigWatch { _watcher: watcher })
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || a.file_name() == b.file_name()
            && a.parent().and_then(|p| p.canonicalize().ok()) == b.parent().and_then(|p| p.canonicalize().ok())
}
