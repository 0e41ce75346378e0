//! A small file logger behind the `log` facade: one file under the data directory, capped in size.
//!
//! Written by hand rather than with a logging crate because what we need is small and exact: a predictable file name
//! that `onshi-tray paths` can print, Japan-time stamps, one rotation at 1 MiB (`onshi-tray.log.1`), and lines mirrored
//! to stderr for the terminal. Lines logged before the file is known are kept and written once it is.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;
use log::{Level, LevelFilter, Log, Metadata, Record};
use onshi_tray::config::JST;

/// The log file is rotated when it grows past this.
pub const MAX_BYTES: u64 = 1024 * 1024;

struct Sink {
    file: Option<(PathBuf, File)>,
    pending: Vec<String>,
}

struct FileLogger {
    sink: Mutex<Sink>,
    stderr: bool,
}

static LOGGER: FileLogger = FileLogger { sink: Mutex::new(Sink { file: None, pending: Vec::new() }), stderr: true };

impl Log for FileLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= Level::Info || metadata.target().starts_with("onshi_tray")
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let line = format!(
            "{} {:5} {}\n",
            Utc::now().with_timezone(&JST).format("%Y-%m-%dT%H:%M:%S%.3f%:z"),
            record.level(),
            record.args()
        );
        if self.stderr {
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
        let Ok(mut guard) = self.sink.lock() else { return };
        let sink = &mut *guard;
        match &mut sink.file {
            Some((path, file)) => {
                let _ = file.write_all(line.as_bytes());
                if file.metadata().is_ok_and(|m| m.len() > MAX_BYTES) {
                    let path = path.clone();
                    sink.file = rotate(&path).map(|f| (path, f));
                }
            }
            None if sink.pending.len() < 1000 => sink.pending.push(line),
            None => {}
        }
    }

    fn flush(&self) {}
}

fn open_append(path: &Path) -> Option<File> {
    OpenOptions::new().create(true).append(true).open(path).ok()
}

fn rotate(path: &Path) -> Option<File> {
    let mut old = path.as_os_str().to_owned();
    old.push(".1");
    let _ = std::fs::rename(path, PathBuf::from(old));
    open_append(path)
}

/// Installs the logger; lines go to stderr until [`set_file`] names the file.
pub fn init(debug: bool) {
    let _ = log::set_logger(&LOGGER);
    log::set_max_level(if debug { LevelFilter::Debug } else { LevelFilter::Info });
    // A panic anywhere ends up in the log file, where IT staff will look.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        log::error!("panic: {info}");
        default_hook(info);
    }));
}

/// Starts writing to `path` (creating its folder), first the lines logged so far.
pub fn set_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file =
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) { rotate(path) } else { open_append(path) }
            .ok_or_else(|| std::io::Error::other(format!("cannot open {}", path.display())))?;
    let mut sink = LOGGER.sink.lock().map_err(|_| std::io::Error::other("logger poisoned"))?;
    for line in sink.pending.drain(..) {
        file.write_all(line.as_bytes())?;
    }
    sink.file = Some((path.to_path_buf(), file));
    Ok(())
}
