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
        match std::fs::read(path) {
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
    let feeds = feeds::read_all(&paths.feed_cache, &sources);
    for cached in &feeds {
        // A cached body that no longer reads (damaged on disk): said once per load; a fetch replaces it.
        warnings.extend(cached.errors.iter().cloned());
        if let Some(layer) = &cached.layer {
            warnings.extend(layer.warnings.iter().cloned());
            config.apply(layer.clone());
        }
    }
    for layer in layers {
        config.apply(layer);
    }
    Loaded { config, errors, warnings, files, feeds }
}

/// Writes `contents` to `path` so that a crash leaves either the old or the new file, never half of one.
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(contents)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Reads the notice log; a missing file is a fresh start, a corrupt one is reported and set aside.
pub fn read_notice_log(path: &Path) -> (NoticeLog, Option<String>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match NoticeLog::from_text(&text) {
            Ok(log) => (log, None),
            Err(err) => {
                let aside = path.with_extension("json.corrupt");
                let _ = std::fs::rename(path, &aside);
                (
                    NoticeLog::default(),
                    Some(format!(
                        "{}: corrupt notice log ({err}); moved to {} and starting afresh",
                        path.display(),
                        aside.display()
                    )),
                )
            }
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => (NoticeLog::default(), None),
        Err(err) => (NoticeLog::default(), Some(format!("{}: cannot read the notice log: {err}", path.display()))),
    }
}

pub fn write_notice_log(path: &Path, log: &NoticeLog) -> std::io::Result<()> {
    write_atomically(path, log.to_text().as_bytes())
}
