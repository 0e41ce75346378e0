//! Reading the config layers and the notice log from disk, and writing files atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use onshi_tray::config::{self, Config, ConfigError};
use onshi_tray::schedule::NoticeLog;

use super::feeds::{self, Cached};
use super::paths::Paths;

/// How one config file fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStatus {
    Read,
    NotFound,
    /// Read, but with errors (the errors are in [`Loaded::errors`]).
    HasErrors,
    Unreadable(String),
}

#[derive(Clone, Debug)]
pub struct Loaded {
    pub config: Config,
    pub errors: Vec<ConfigError>,
    /// Remarks that reject nothing (a window longer than two weeks).
    pub warnings: Vec<ConfigError>,
    pub files: Vec<(String, PathBuf, FileStatus)>,
    /// The machine-wide file's feeds as their caches hold them (read anew at every load).
    pub feeds: Vec<Cached>,
}

impl Loaded {
    pub fn feed_states(&self) -> Vec<onshi_tray::feed::FeedState> {
        self.feeds.iter().map(Cached::state).collect()
    }
}

/// Reads every layer: built-in default, the machine-wide file's feeds (from their caches), machine-wide file, user
/// file, then `explicit` (`--config`), later ones winning (a local window overrides a feed's with the same id).
///
/// A file that is missing is skipped (but an explicit one that is missing is an error); a broken window is skipped;
/// a file that is not TOML at all contributes nothing. Every problem is in [`Loaded::errors`]; a setting of the user's
/// file that overrides the machine-wide file's, and `[menu]` or `[[feed]]` outside the machine-wide file, are in
/// [`Loaded::warnings`].
pub fn load(paths: &Paths, explicit: Option<&Path>) -> Loaded {
    let mut config = Config::builtin();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut files = vec![("built-in".to_string(), PathBuf::from("<built-in default>"), FileStatus::Read)];
    let mut sources: Vec<(&str, &Path, bool)> =
        vec![("system", &paths.system_config, false), ("user", &paths.user_config, false)];
    if let Some(explicit) = explicit {
        sources.push(("--config", explicit, true));
    }
    // Every file is read first: the machine-wide one names the feeds, which lie below it.
    let mut layers = Vec::new();
    // Where the machine-wide file sets each setting, to warn when a later file overrides it.
    let mut machine_wide: Option<(config::Layer, String)> = None;
    for (name, path, required) in sources {
        let origin = path.display().to_string();
        match read_regular(path, MAX_STATE_FILE) {
            Ok(bytes) => {
                let (mut layer, file_errors) = config::parse_bytes(&bytes, &origin);
                warnings.append(&mut layer.warnings);
                if name == "system" {
                    let sites = config::Layer { sites: layer.sites.clone(), ..config::Layer::default() };
                    machine_wide = Some((sites, origin.clone()));
                } else {
                    warnings.extend(config::drop_menu_policy(&mut layer));
                    warnings.extend(config::drop_feeds(&mut layer));
                    if let Some((lower, lower_origin)) = &machine_wide {
                        warnings.extend(config::overrides(lower, lower_origin, &layer));
                    }
                }
                let status = if file_errors.is_empty() { FileStatus::Read } else { FileStatus::HasErrors };
                errors.extend(file_errors);
                layers.push(layer);
                files.push((name.to_string(), path.to_path_buf(), status));
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && !required => {
                files.push((name.to_string(), path.to_path_buf(), FileStatus::NotFound));
            }
            Err(err) => {
                errors.push(ConfigError {
                    origin: origin.clone(),
                    line: 1,
                    col: 1,
                    message: format!("cannot read the file: {err}"),
                    help: Some("check the path and that this user may read it".to_string()),
                    source_line: String::new(),
                    underline: 0,
                    fatal: true,
                });
                files.push((name.to_string(), path.to_path_buf(), FileStatus::Unreadable(err.to_string())));
            }
        }
    }
    let sources: Vec<config::FeedSource> = layers.iter().flat_map(|l| l.feeds.iter().cloned()).collect();
    // The hosts the app may open: the machine-wide file's `allowed_hosts`, or the portal's and the government's.
    let allowed: Vec<String> = layers
        .iter()
        .find_map(|l| l.allowed_hosts.clone())
        .unwrap_or_else(|| config::DEFAULT_ALLOWED_HOSTS.iter().map(|h| h.to_string()).collect());
    let feeds = feeds::read_all(&paths.feed_cache, &sources);
    for cached in &feeds {
        // A cached body that no longer reads (damaged on disk): said once per load; a fetch replaces it.
        warnings.extend(cached.errors.iter().cloned());
        if let Some(layer) = &cached.layer {
            let mut layer = layer.clone();
            warnings.extend(layer.warnings.iter().cloned());
            warnings.extend(config::keep_allowed_hosts(&mut layer, &allowed, cached.source.label()));
            config.apply(layer);
        }
    }
    for mut layer in layers {
        let origin = layer.sites.first().map(|(_, e)| e.origin.clone()).unwrap_or_default();
        errors.extend(config::keep_allowed_hosts(&mut layer, &allowed, &origin));
        config.apply(layer);
    }
    Loaded { config, errors, warnings, files, feeds }
}

/// Writes `contents` to `path` so that a crash leaves either the old or the new file, never half of one: through a
/// temporary file with a name of its own in the same folder (so two files written at once never share one).
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new().prefix(".onshi-tray-").tempfile_in(dir)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map(drop).map_err(|err| err.error)
}

/// The largest state file the app reads (a config file, the notice log, a cached feed's metadata).
pub const MAX_STATE_FILE: u64 = 4 * 1024 * 1024;

/// Reads a file only when it is a regular file of at most `max` bytes: a FIFO, a device or a folder in its place
/// is an error (never a read that hangs or never ends), and so is a file that grew past the limit.
pub fn read_regular(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let about = std::fs::metadata(path)?;
    if !about.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a FIFO or a device is in its place)",
        ));
    }
    if about.len() > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the file is {} bytes, more than the {max} it may have", about.len()),
        ));
    }
    let mut bytes = Vec::with_capacity(about.len() as usize);
    std::fs::File::open(path)?.take(max + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, format!("the file grew past {max} bytes")));
    }
    Ok(bytes)
}

/// A state file of the app's own (the notice log, the feed cache): [`read_regular`], and only when no other account
/// could have planted it ([`super::private::check_trusted`]).
pub fn read_state(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let bytes = read_regular(path, max)?;
    super::private::check_trusted(path)
        .map_err(|why| std::io::Error::new(std::io::ErrorKind::PermissionDenied, why))?;
    Ok(bytes)
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
            Err(err) => {
                let aside = path.with_extension("json.corrupt");
                let moved = match std::fs::rename(path, &aside) {
                    Ok(()) => format!("moved to {}", aside.display()),
                    Err(move_err) => format!("left in place ({move_err})"),
                };
                LogStart::Lost(format!("{}: the notice log is damaged ({err}); {moved}", path.display()))
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && found_copy => LogStart::Read,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound && !paths.first_run_done.exists() => LogStart::Fresh,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            LogStart::Lost(format!("{}: the notice log is missing though the app ran here before", path.display()))
        }
        Err(err) => LogStart::Lost(format!("{}: cannot read the notice log: {err}", path.display())),
    };
    (log, start)
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
