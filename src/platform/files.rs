//! Reading the config files and the notice log from disk, and saving the notice log (in a fallback place when its
//! own fails).

use std::path::{Path, PathBuf};

use onshi_tray_core::config::{self, Config, ConfigError, FeedLayer, Found, Role, Source};
use onshi_tray_core::schedule::NoticeLog;

use super::disk::{read_regular, read_state, write_atomically, MAX_STATE_FILE};
use super::feeds::{self, Cached};
use super::paths::Paths;

pub use onshi_tray_core::config::FileStatus;

#[derive(Clone, Debug)]
pub struct Loaded {
    pub config: Config,
    pub errors: Vec<ConfigError>,
    /// Remarks that reject nothing (a window longer than two weeks).
    pub warnings: Vec<ConfigError>,
    pub files: Vec<(String, PathBuf, FileStatus)>,
    /// The machine-wide file's feeds as their caches hold them (read anew at every load).
    pub feeds: Vec<Cached>,
    /// The files that read without errors, to keep as their last good copies ([`keep_last_good`]).
    good: Vec<(PathBuf, Vec<u8>)>,
}

impl Loaded {
    /// Whether the settings in force are those last known to be good: no file with errors (or unreadable) runs on
    /// the built-in settings for its broken parts (each has a last good copy, or there is no error).
    pub fn on_last_good(&self) -> bool {
        !self.files.iter().any(|(_, _, status)| status.falls_back_to_builtin())
    }

    pub fn feed_states(&self) -> Vec<onshi_tray_core::feed::FeedState> {
        self.feeds.iter().map(Cached::state).collect()
    }
}

/// The link on the way to `path` (the file itself or a folder above it) that leads nowhere, if there is one.
fn dangling_link(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .filter(|p| !p.as_os_str().is_empty())
        .find(|p| {
            std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) && std::fs::metadata(p).is_err()
        })
        .map(Path::to_path_buf)
}

/// Reads every config file and the feeds' cached copies, and has the core put them together
/// ([`config::read_files`], [`config::Files::assemble`]: who may set what, in which order).
pub fn load(paths: &Paths, explicit: Option<&Path>) -> Loaded {
    let mut places =
        vec![(Role::MachineWide, paths.system_config.as_path()), (Role::User, paths.user_config.as_path())];
    places.extend(explicit.map(|path| (Role::Explicit, path)));
    let sources: Vec<Source> = places
        .iter()
        .map(|&(role, path)| {
            let found = match read_regular(path, MAX_STATE_FILE) {
                Ok(bytes) => Found::Bytes(bytes),
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => match dangling_link(path) {
                    // A link to a share that has gone away is a file that cannot be read, not one removed.
                    Some(link) => Found::Unreadable(format!(
                        "{} is a link to {}, which cannot be reached (a share that has gone away?)",
                        link.display(),
                        std::fs::read_link(&link).map_or_else(|_| "?".to_string(), |t| t.display().to_string())
                    )),
                    None => Found::Missing(err.to_string()),
                },
                Err(err) => Found::Unreadable(err.to_string()),
            };
            let last_good = last_good_copy(paths, role).and_then(|copy| read_state(&copy, MAX_STATE_FILE).ok());
            Source { role, origin: path.display().to_string(), found, last_good }
        })
        .collect();
    let read = config::read_files(&sources);
    let feeds = feeds::read_all(&paths.feed_cache, &read.feeds());
    let layers: Vec<FeedLayer> = feeds
        .iter()
        .map(|cached| FeedLayer { label: cached.source.label(), layer: cached.layer.as_ref(), errors: &cached.errors })
        .collect();
    let assembled = read.assemble(&layers);
    let mut files = vec![("built-in".to_string(), PathBuf::from("<built-in default>"), FileStatus::Read)];
    let mut good = Vec::new();
    for (((role, path), status), source) in places.iter().zip(assembled.statuses).zip(sources) {
        if let (FileStatus::Read, Found::Bytes(bytes), Some(copy)) =
            (&status, source.found, last_good_copy(paths, *role))
        {
            good.push((copy, bytes));
        }
        files.push((role.name().to_string(), path.to_path_buf(), status));
    }
    Loaded { config: assembled.config, errors: assembled.errors, warnings: assembled.warnings, files, feeds, good }
}

/// Where the app keeps the last good copy of the machine-wide or the user's file (a `--config` file has none): in
/// the user's own data folder, so that a file broken later (a bad edit, a share that went away) still starts the
/// app with the settings it last knew to be good, also after a restart.
fn last_good_copy(paths: &Paths, role: Role) -> Option<PathBuf> {
    match role {
        Role::MachineWide | Role::User => Some(paths.data_dir.join(format!("last-good-{}.toml", role.name()))),
        Role::Explicit => None,
    }
}

/// Keeps the files of `loaded` that read without errors as their last good copies (the tray app does, after each
/// load; `check` and `status` only read). A copy that cannot be written is logged; the app runs on.
pub fn keep_last_good(loaded: &Loaded) {
    for (copy, bytes) in &loaded.good {
        if read_state(copy, MAX_STATE_FILE).is_ok_and(|kept| &kept == bytes) {
            continue;
        }
        match write_atomically(copy, bytes) {
            Ok(()) => log::info!("kept a copy of the good settings in {}", copy.display()),
            Err(err) => log::warn!("cannot keep a copy of the good settings in {}: {err}", copy.display()),
        }
    }
}

/// [`read_state`] as text (UTF-8), for the notice log.
fn read_regular_text(path: &Path) -> std::io::Result<String> {
    String::from_utf8(read_state(path, MAX_STATE_FILE)?)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

/// How the notice log was found at start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogStart {
    /// No log and no sign that the app ran before: a first start.
    Fresh,
    Read,
    /// The log could not be used (unreadable, damaged, deleted): the app starts conservatively.
    Lost(String),
}

/// Reads the notice log, and any copy a failed write left in a fallback place (the later record of each window
/// wins). A damaged file is moved aside (`.json.corrupt`), never overwritten; a missing log after the app ran
/// before (its first-start marker exists) counts as lost, not as a first start.
pub fn read_notice_log(paths: &Paths) -> (NoticeLog, LogStart) {
    let mut log = NoticeLog::default();
    let mut found_copy = false;
    for fallback in &paths.notice_log_fallbacks {
        if let Ok(copy) = read_regular_text(fallback).map_err(drop).and_then(|t| NoticeLog::from_text(&t).map_err(drop))
        {
            log.merge(copy);
            found_copy = true;
        }
    }
    let path = &paths.notice_log;
    let start = match read_regular_text(path) {
        Ok(text) => match NoticeLog::from_text(&text) {
            Ok(primary) => {
                log.merge(primary);
                LogStart::Read
            }
            Err(err) => LogStart::Lost(set_aside(path, &err.to_string())),
        },
        // Not UTF-8, or larger than a notice log ever is: damaged too, and kept for a look, never overwritten.
        Err(err) if err.kind() == std::io::ErrorKind::InvalidData => LogStart::Lost(set_aside(path, &err.to_string())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && found_copy => LogStart::Read,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !paths.first_run_done.exists() => LogStart::Fresh,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            LogStart::Lost(format!("{}: the notice log is missing though the app ran here before", path.display()))
        }
        Err(err) => LogStart::Lost(format!("{}: cannot read the notice log: {err}", path.display())),
    };
    (log, start)
}

/// Moves a damaged notice log aside (`.json.corrupt`), so that the next save does not overwrite it; says what was
/// done.
fn set_aside(path: &Path, damage: &str) -> String {
    let aside = path.with_extension("json.corrupt");
    let moved = match std::fs::rename(path, &aside) {
        Ok(()) => format!("moved to {}", aside.display()),
        Err(move_err) => format!("left in place ({move_err})"),
    };
    format!("{}: the notice log is damaged ({damage}); {moved}", path.display())
}

/// The notice log for a report, read and left as it is; a missing one is empty, a damaged or unreadable one is
/// `Err` with what is wrong (the app, when it starts, sets a damaged one aside and starts conservatively).
pub fn peek_notice_log(paths: &Paths) -> Result<NoticeLog, String> {
    let path = &paths.notice_log;
    match read_regular_text(path) {
        Ok(text) => NoticeLog::from_text(&text).map_err(|err| {
            format!("{}: the notice log is damaged ({err}); this report does not know what was shown", path.display())
        }),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(NoticeLog::default()),
        Err(err) => Err(format!("{}: the notice log cannot be read: {err}", path.display())),
    }
}

/// For `check`: whether the notice log can be read and written, changing nothing. `Err` says what is wrong.
pub fn probe_notice_log(paths: &Paths) -> Result<(), String> {
    let path = &paths.notice_log;
    match read_regular_text(path) {
        Ok(text) => NoticeLog::from_text(&text)
            .map_err(|err| format!("{}: damaged ({err}); the app will set it aside", path.display()))?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => NoticeLog::default(),
        Err(err) => return Err(format!("{}: cannot be read: {err}", path.display())),
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let probe = dir.join(format!(".onshi-tray-probe-{}", std::process::id()));
    // Real bytes, as much as the log takes and a block more: an empty file fits on a full disk too.
    let size = std::fs::metadata(path).map_or(0, |m| m.len() as usize) + 64 * 1024;
    let written = write_atomically(&probe, &vec![b' '; size]);
    let _ = std::fs::remove_file(&probe);
    written.map_err(|err| format!("{}: cannot be written: {err}", dir.display()))?;
    if path.is_dir() {
        return Err(format!("{}: a folder is in its place", path.display()));
    }
    Ok(())
}

/// Where a notice log was saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// In its place (copies in fallback places removed).
    InPlace,
    /// Not in its place (why), but in this fallback place.
    Fallback(String, PathBuf),
}

/// Saves the notice log in its place, or, when that fails (a read-only folder, a full disk, a directory in its
/// place), in the first fallback place that works. `Err` (with every reason) when it could be saved nowhere.
pub fn write_notice_log(paths: &Paths, log: &NoticeLog) -> Result<Saved, String> {
    let text = log.to_text();
    for place in std::iter::once(&paths.notice_log).chain(&paths.notice_log_fallbacks) {
        if let Some(dir) = place.parent() {
            let _ = super::private::create_private_dir(dir);
        }
    }
    let primary = match write_atomically(&paths.notice_log, text.as_bytes()) {
        Ok(()) => {
            for fallback in &paths.notice_log_fallbacks {
                let _ = std::fs::remove_file(fallback);
            }
            return Ok(Saved::InPlace);
        }
        Err(err) => format!("{}: {err}", paths.notice_log.display()),
    };
    let mut reasons = vec![primary.clone()];
    for fallback in &paths.notice_log_fallbacks {
        match write_atomically(fallback, text.as_bytes()) {
            Ok(()) => return Ok(Saved::Fallback(primary, fallback.clone())),
            Err(err) => reasons.push(format!("{}: {err}", fallback.display())),
        }
    }
    Err(reasons.join("; "))
}
