//! The fleet report on disk: this PC's report written into the report folder (`[report] dir`), off the event loop.
//!
//! The core decides what the report says and when it is due ([`onshi_tray_core::fleet`]); this module only writes
//! the bytes: a temporary file of its own in the folder, then a rename over `<computer>-<user>.json`, so that a
//! reader never sees half a report. The folder is never listed or read (IT may make it a drop box). A share that
//! hangs holds up one writer thread and nothing else: the loop is answered after [`TIMEOUT`], and no new write
//! starts while the stuck one has not returned.

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use onshi_tray_core::fleet::{self, ClockCheck};

/// How long a write may take before it is called hanging.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// One report to write.
pub struct Job {
    pub dir: PathBuf,
    pub file: String,
    pub bytes: Vec<u8>,
}

/// What became of a write: `Ok` with the clock as the file server saw it (for a folder on another machine).
pub type Written = Result<Option<ClockCheck>, String>;

/// The writer: one thread that takes the newest job, and answers through `done`.
pub struct Writer {
    jobs: Sender<(Job, Option<Sender<Written>>)>,
}

impl Writer {
    pub fn spawn(done: impl Fn(Written) + Send + 'static) -> Writer {
        let (jobs, incoming) = channel::<(Job, Option<Sender<Written>>)>();
        let spawned = std::thread::Builder::new().name("report".to_string()).spawn(move || run(&incoming, &done));
        if let Err(err) = spawned {
            log::error!("cannot start the report thread: {err}; no fleet report is written");
        }
        Writer { jobs }
    }

    /// Writes `job` on the writer thread; the answer comes through `done`.
    pub fn write(&self, job: Job) {
        let _ = self.jobs.send((job, None));
    }

    /// Writes `job` and waits up to `wait` for it (the last report of a run, as the app stops).
    pub fn write_and_wait(&self, job: Job, wait: Duration) -> Option<Written> {
        let (answer, answered) = channel();
        self.jobs.send((job, Some(answer))).ok()?;
        answered.recv_timeout(wait).ok()
    }
}

fn run(incoming: &Receiver<(Job, Option<Sender<Written>>)>, done: &dyn Fn(Written)) {
    let stuck = Arc::new(AtomicBool::new(false));
    while let Ok(mut next) = incoming.recv() {
        // Only the newest report matters.
        while let Ok(newer) = incoming.try_recv() {
            next = newer;
        }
        let (job, answer) = next;
        let written = if stuck.load(Ordering::SeqCst) {
            Err(format!("{} still does not answer (an earlier write hangs)", job.dir.display()))
        } else {
            write_with_timeout(job, &stuck)
        };
        match answer {
            Some(answer) => {
                let _ = answer.send(written);
            }
            None => done(written),
        }
    }
}

fn write_with_timeout(job: Job, stuck: &Arc<AtomicBool>) -> Written {
    let dir = job.dir.display().to_string();
    let (sent, result) = channel();
    let flag = Arc::clone(stuck);
    flag.store(true, Ordering::SeqCst);
    let spawned = std::thread::Builder::new().name("report-write".to_string()).spawn(move || {
        let written = write(&job);
        flag.store(false, Ordering::SeqCst);
        let _ = sent.send(written);
    });
    if let Err(err) = spawned {
        stuck.store(false, Ordering::SeqCst);
        return Err(format!("cannot start writing to {dir}: {err}"));
    }
    match result.recv_timeout(TIMEOUT) {
        Ok(written) => written,
        Err(RecvTimeoutError::Timeout) => {
            Err(format!("{dir} did not answer within {} s (a share that hangs?)", TIMEOUT.as_secs()))
        }
        Err(RecvTimeoutError::Disconnected) => Err(format!("writing to {dir} failed")),
    }
}

/// Writes the report through a temporary file of its own, then measures the clock against the file's time when
/// the folder is on a file server.
fn write(job: &Job) -> Written {
    let path = job.dir.join(&job.file);
    let failed = |what: &str, err: std::io::Error| format!("cannot {what} {}: {err}", path.display());
    let metadata = std::fs::metadata(&job.dir).map_err(|err| failed("reach the folder of", err))?;
    if !metadata.is_dir() {
        return Err(format!("{} is not a folder", job.dir.display()));
    }
    let sent = Utc::now();
    let mut file = tempfile::Builder::new()
        .prefix(".onshi-tray-report-")
        .tempfile_in(&job.dir)
        .map_err(|err| failed("create a temporary file for", err))?;
    file.write_all(&job.bytes).and_then(|()| file.as_file().sync_all()).map_err(|err| failed("write", err))?;
    file.persist(&path).map_err(|err| match err.error.kind() {
        // In a sticky drop box only the owner may replace a file: another account's is in the way.
        std::io::ErrorKind::PermissionDenied => format!(
            "cannot replace {}: another account's file is in its place (planted before this PC wrote it?); `onshi-tray fleet` lists it as not believed, and IT removes it",
            path.display()
        ),
        _ => failed("rename a temporary file to", err.error),
    })?;
    let received = Utc::now();
    if !super::is_on_file_server(&job.dir) {
        return Ok(None);
    }
    // The folder may let us write and not read: then there is no second clock, and nothing else is wrong.
    let Ok(modified) = std::fs::metadata(&path).and_then(|m| m.modified()) else { return Ok(None) };
    let modified: DateTime<Utc> = modified.into();
    Ok(fleet::offset_from_file_time(modified, sent, received).map(|offset| ClockCheck {
        offset_seconds: offset,
        against: format!("report folder {}", job.dir.display()),
        at: fleet::jst(received),
    }))
}
