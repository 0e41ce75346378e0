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
use onshi_tray_core::config::JST;

/// The log file is rotated when it grows past this.
pub const MAX_BYTES: u64 = 1024 * 1024;

struct Sink {
    file: Option<(PathBuf, File)>,
    /// Lines not yet in the file: logged before it was known, or while it could not be written.
    pending: Vec<String>,
    /// Why the file cannot be written (a full disk, no permission), while it cannot; said once on stderr.
    trouble: Option<String>,
    /// When writing was last tried while in trouble (tried again at most once a minute).
    last_try: Option<std::time::Instant>,
    /// The file the lines belong in, once named (opened again later if it could not be opened).
    wanted: Option<PathBuf>,
}

/// At most this many lines wait for the file (the oldest are dropped first).
const PENDING: usize = 1000;

struct FileLogger {
    sink: Mutex<Sink>,
    stderr: bool,
}

static LOGGER: FileLogger = FileLogger {
    sink: Mutex::new(Sink { file: None, pending: Vec::new(), trouble: None, last_try: None, wanted: None }),
    stderr: true,
};

impl Sink {
    /// Writes what waits and `line`; on failure keeps them (bounded) and says so once on stderr.
    fn write(&mut self, line: String) {
        self.pending.push(line);
        if self.pending.len() > PENDING {
            self.pending.remove(0);
        }
        if self.trouble.is_some() && self.last_try.is_some_and(|t| t.elapsed() < std::time::Duration::from_secs(60)) {
            return;
        }
        if self.file.is_none() {
            // Named but not opened (no permission, a missing folder): try again.
            let Some(path) = self.wanted.clone() else { return };
            self.last_try = Some(std::time::Instant::now());
            match open_append(&path) {
                Some(file) => self.file = Some((path, file)),
                None => return,
            }
        }
        let Some((path, file)) = &mut self.file else { return };
        self.last_try = Some(std::time::Instant::now());
        let text: String = self.pending.concat();
        match file.write_all(text.as_bytes()).and_then(|()| file.flush()) {
            Ok(()) => {
                self.pending.clear();
                if self.trouble.take().is_some() {
                    let _ =
                        writeln!(std::io::stderr(), "onshi-tray: the log file {} can be written again", path.display());
                }
                if file.metadata().is_ok_and(|m| m.len() > MAX_BYTES) {
                    let path = path.clone();
                    self.file = rotate(&path).map(|f| (path, f));
                }
            }
            Err(err) => {
                if self.trouble.is_none() {
                    let _ = writeln!(
                        std::io::stderr(),
                        "onshi-tray: cannot write the log file {} ({err}); its lines are kept and written once it works again",
                        path.display()
                    );
                    self.trouble = Some(format!("{}: {err}", path.display()));
                }
            }
        }
    }
}

/// Why the log file cannot be written, while it cannot (for the tray's status line).
pub fn trouble() -> Option<String> {
    LOGGER.sink.lock().ok().and_then(|sink| sink.trouble.clone())
}

impl Log for FileLogger {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= Level::Info || metadata.target().starts_with("onshi_tray")
    }

    fn log(&self, record: &Record<'_>) {
        if !self.enabled(record.metadata()) {
            return;
        }
        // Config and feed text in a message never carries a control character into the log or the terminal.
        let message = record.args().to_string();
        let line = format!(
            "{} {:5} {}\n",
            Utc::now().with_timezone(&JST).format("%Y-%m-%dT%H:%M:%S%.3f%:z"),
            record.level(),
            onshi_tray_core::config::escape_controls(&message)
        );
        if self.stderr {
            let _ = std::io::stderr().write_all(line.as_bytes());
        }
        let Ok(mut guard) = self.sink.lock() else { return };
        guard.write(line);
    }

    /// Every line is written as it is logged; flushing makes them durable, for a session that is ending (the OS may
    /// power off before the file's pages are written back).
    fn flush(&self) {
        let Ok(guard) = self.sink.lock() else { return };
        if let Some((_, file)) = &guard.file {
            let _ = file.sync_data();
        }
    }
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
        // A `println!` into a closed or full stdout is not a bug: `cli::run_guarded` ends the command with the
        // right exit code and message.
        let text = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or_default();
        if text.starts_with("failed printing to stdout") {
            return;
        }
        log::error!("panic: {info}");
        default_hook(info);
    }));
}

/// Starts writing to `path` (creating its folder), first the lines logged so far.
pub fn set_file(path: &Path) -> std::io::Result<()> {
    let mut sink = LOGGER.sink.lock().map_err(|_| std::io::Error::other("logger poisoned"))?;
    sink.wanted = Some(path.to_path_buf());
    let opened = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| {
        if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) { rotate(path) } else { open_append(path) }
            .ok_or_else(|| std::io::Error::other(format!("cannot open {}", path.display())))
    });
    let mut file = match opened {
        Ok(file) => file,
        Err(err) => {
            sink.trouble = Some(format!("{}: {err}", path.display()));
            sink.last_try = Some(std::time::Instant::now());
            return Err(err);
        }
    };
    let text: String = sink.pending.concat();
    let written = file.write_all(text.as_bytes());
    sink.file = Some((path.to_path_buf(), file));
    match written {
        Ok(()) => {
            sink.pending.clear();
            Ok(())
        }
        Err(err) => {
            sink.trouble = Some(format!("{}: {err}", path.display()));
            sink.last_try = Some(std::time::Instant::now());
            Err(err)
        }
    }
}
