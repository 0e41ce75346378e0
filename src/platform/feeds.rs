//! Schedule feeds on disk: fetching each `[[feed]]` of the machine-wide file, and its cache.
//!
//! Each feed's last good body is kept under the cache folder (`feed-<hash>.body`) with what is known about it
//! (`feed-<hash>.json`: ETag, Last-Modified, the file's time and size, when it was last fetched and checked, its
//! serial, the last error). Every load re-reads and re-parses the cached body (never trusting an earlier verdict);
//! a fetch that fails in any way keeps the last good body and records the error: only a complete, valid feed
//! replaces it. Reading and judging the bytes is the core's (`onshi_tray_core::feed`).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, Utc};
use onshi_tray_core::config::{ConfigError, FeedSource, Layer};
use onshi_tray_core::feed::{self, FeedState};
use serde::{Deserialize, Serialize};

use super::disk::{read_regular, read_state, write_atomically, MAX_STATE_FILE};

#[path = "feeds/https.rs"]
mod https;

/// A feed's body is never larger than this: a schedule is a few kilobytes.
pub const MAX_BODY: u64 = 1024 * 1024;

/// What is known about one feed, kept beside its cached body.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Meta {
    pub url: String,
    #[serde(default)]
    pub etag: Option<String>,
    #[serde(default)]
    pub last_modified: Option<String>,
    /// A file feed's modification time (seconds since 1970) and size when it was last read.
    #[serde(default)]
    pub file_stamp: Option<(u64, u64)>,
    /// The last time a fetch gave a complete, valid feed (or confirmed the cached one unchanged).
    #[serde(default)]
    pub last_success: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_attempt: Option<DateTime<Utc>>,
    /// Since when fetches have failed (cleared by a success).
    #[serde(default)]
    pub failing_since: Option<DateTime<Utc>>,
    #[serde(default)]
    pub last_error: Option<String>,
    #[serde(default)]
    pub serial: Option<u64>,
    /// The source asked not to be asked again before this (`Retry-After`).
    #[serde(default)]
    pub retry_after: Option<DateTime<Utc>>,
    /// The https server's `Date` minus this PC's clock at its last answer (seconds), and when that was (PC time).
    #[serde(default)]
    pub clock_offset: Option<i64>,
    #[serde(default)]
    pub clock_at: Option<DateTime<Utc>>,
}

/// One feed as the last load saw it: its windows (from the cache) and its state.
#[derive(Clone, Debug)]
pub struct Cached {
    pub source: FeedSource,
    pub layer: Option<Layer>,
    pub meta: Meta,
    /// Located problems of the cached body (it could not be used; a fetch replaces it).
    pub errors: Vec<ConfigError>,
}

impl Cached {
    pub fn state(&self) -> FeedState {
        FeedState {
            label: self.source.label().to_string(),
            url: self.source.url.clone(),
            last_success: self.meta.last_success,
            last_attempt: self.meta.last_attempt,
            failing_since: self.meta.failing_since,
            retry_after: self.meta.retry_after,
            last_error: self.meta.last_error.clone(),
            windows: self.layer.as_ref().map_or(0, |l| l.windows.len()),
            skipped: self.layer.as_ref().map_or(0, |l| l.skipped),
            serial: self.meta.serial,
            clock: self.meta.clock_offset.zip(self.meta.clock_at),
        }
    }
}

/// What one fetch did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new valid body replaced the cache: these window ids were added and removed; `skipped` events could not be
    /// read, and `warnings` say why (and what else was odd), each located.
    Changed { added: Vec<String>, removed: Vec<String>, windows: usize, skipped: usize, warnings: Vec<ConfigError> },
    /// The source still holds what is cached.
    Unchanged { windows: usize },
    /// The fetch failed; the cached body (if any) stays.
    Failed(String),
}

fn stem(cache: &Path, source: &FeedSource) -> PathBuf {
    cache.join(format!("feed-{:016x}", onshi_tray_core::toast::stable_hash(&source.url)))
}

fn read_meta(stem: &Path, source: &FeedSource) -> Meta {
    read_state(&stem.with_extension("json"), MAX_STATE_FILE)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Meta>(&bytes).ok())
        .filter(|meta| meta.url == source.url)
        .unwrap_or_else(|| Meta { url: source.url.clone(), ..Meta::default() })
}

fn write_meta(stem: &Path, meta: &Meta) {
    if let Some(dir) = stem.parent() {
        let _ = super::private::create_private_dir(dir);
    }
    let written = serde_json::to_vec_pretty(meta)
        .map_err(std::io::Error::other)
        .and_then(|json| write_atomically(&stem.with_extension("json"), &json));
    if let Err(err) = written {
        log::warn!("cannot write the feed cache {}: {err}", stem.with_extension("json").display());
    }
}

/// Reads one feed's cached body (and signature) and parses it anew; a feed with a `public_key` is used only while
/// its cached signature verifies.
pub fn read_cached(cache: &Path, source: &FeedSource) -> Cached {
    let stem = stem(cache, source);
    let meta = read_meta(&stem, source);
    let body = stem.with_extension("body");
    let (layer, errors) = match read_state(&body, MAX_BODY) {
        Ok(bytes) => {
            let signature = read_state(&stem.with_extension("minisig"), 64 * 1024).ok();
            match judge(source, &bytes, signature.as_deref()) {
                Ok(layer) => (Some(layer), Vec::new()),
                Err(errors) => (None, errors),
            }
        }
        // Never fetched yet: the freshness line says so.
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => (None, Vec::new()),
        // A cache that is there but cannot be read is not "never fetched": said, and the next fetch replaces it.
        Err(err) => (
            None,
            vec![onshi_tray_core::config::located(
                "",
                source.label(),
                0,
                format!("its cached copy {} cannot be read: {err}", body.display()),
                Some("the next successful fetch replaces it; check the cache folder's permissions".to_string()),
            )],
        ),
    };
    Cached { source: source.clone(), layer, meta, errors }
}

/// A body as the app may use it: its signature verified when the feed has a key, then parsed.
fn judge(source: &FeedSource, body: &[u8], signature: Option<&[u8]>) -> Result<Layer, Vec<ConfigError>> {
    let refused = |message: String| vec![onshi_tray_core::config::located("", source.label(), 0, message, None)];
    let signed = match (&source.public_key, signature) {
        (None, _) => false,
        (Some(_), None) => {
            return Err(refused("no signature (`.minisig`) beside the feed, which must be signed".to_string()))
        }
        (Some(key), Some(signature)) => {
            feed::verify(key, body, signature).map_err(|problem| refused(format!("refused: {problem}")))?;
            true
        }
    };
    feed::parse(body, source.label(), signed, chrono::Utc::now())
}

/// Reads every feed of the configuration from the cache.
pub fn read_all(cache: &Path, sources: &[FeedSource]) -> Vec<Cached> {
    sources.iter().map(|source| read_cached(cache, source)).collect()
}

/// A feed as its source gave it.
pub struct Fetched {
    pub body: Vec<u8>,
    /// `URL.minisig` or `PATH.minisig`, fetched when the feed has a `public_key`.
    pub signature: Option<Vec<u8>>,
    /// A file's modification time and size.
    pub stamp: Option<(u64, u64)>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a fetch failed, and when the source asked to be asked again (`Retry-After`).
pub struct Failure {
    pub message: String,
    pub retry_after: Option<std::time::Duration>,
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure { message, retry_after: None }
    }
}

/// Fetches one feed now and updates its cache. `proxy` is the machine-wide `proxy` setting.
pub fn update(cache: &Path, source: &FeedSource, proxy: Option<&str>, now: DateTime<Utc>) -> Outcome {
    let stem = stem(cache, source);
    let before = read_cached(cache, source);
    let mut meta = before.meta.clone();
    meta.last_attempt = Some(now);
    meta.retry_after = None;
    if before.layer.is_none() {
        // Nothing usable cached (never fetched, or its signature no longer verifies): ask for the whole feed.
        (meta.etag, meta.last_modified, meta.file_stamp) = (None, None, None);
    }
    let fetched = if source.is_file() {
        fetch_file(source, &meta)
    } else {
        let mut clock = None;
        let fetched = https::fetch(source, &meta, proxy, &mut clock);
        if let Some((offset, at)) = clock {
            (meta.clock_offset, meta.clock_at) = (Some(offset), Some(at));
        }
        fetched
    };
    let outcome = match fetched {
        Ok(None) if before.layer.is_some() => {
            Outcome::Unchanged { windows: before.layer.as_ref().map_or(0, |l| l.windows.len()) }
        }
        Ok(None) => Outcome::Failed("unchanged at the source, but no valid copy is cached".to_string()),
        Ok(Some(fetched)) => store(&stem, source, &before, &mut meta, fetched, now),
        Err(failure) => {
            meta.retry_after = failure.retry_after.and_then(|d| chrono::Duration::from_std(d).ok()).map(|d| now + d);
            Outcome::Failed(failure.message)
        }
    };
    match &outcome {
        Outcome::Failed(problem) => {
            meta.last_error = Some(problem.clone());
            meta.failing_since.get_or_insert(now);
        }
        _ => {
            meta.last_error = None;
            meta.failing_since = None;
            meta.last_success = Some(now);
        }
    }
    write_meta(&stem, &meta);
    outcome
}

/// Judges a fetched body and, when it is a complete, valid feed, makes it the cached one.
fn store(
    stem: &Path,
    source: &FeedSource,
    before: &Cached,
    meta: &mut Meta,
    fetched: Fetched,
    now: DateTime<Utc>,
) -> Outcome {
    let layer = match judge(source, &fetched.body, fetched.signature.as_deref()) {
        Ok(layer) => layer,
        Err(errors) => {
            // The first problem, and the summary when there is one ("every event … was skipped").
            let shown = |e: &ConfigError| {
                if e.line > 1 {
                    format!("{} (line {})", e.message, e.line)
                } else {
                    e.message.clone()
                }
            };
            let mut message = errors.first().map_or_else(|| "cannot be read".to_string(), shown);
            if errors.len() > 1 {
                message += &format!("; {}", errors.last().map(shown).unwrap_or_default());
            }
            return Outcome::Failed(message);
        }
    };
    // Only a signed feed promises that its serial rises and that it is kept up to date.
    if source.public_key.is_some() {
        if let Err(problem) = feed::check_replay(&layer, meta.serial, now) {
            return Outcome::Failed(problem);
        }
    }
    let written =
        write_atomically(&stem.with_extension("body"), &fetched.body).and_then(|()| match &fetched.signature {
            Some(signature) => write_atomically(&stem.with_extension("minisig"), signature),
            None => Ok(()),
        });
    if let Err(err) = written {
        return Outcome::Failed(format!("cannot write the cache: {err}"));
    }
    meta.file_stamp = fetched.stamp;
    meta.etag = fetched.etag;
    meta.last_modified = fetched.last_modified;
    meta.serial = layer.serial.or(meta.serial);
    let old: Vec<&str> = before.layer.iter().flat_map(|l| l.windows.iter().map(|w| w.id.as_str())).collect();
    let new: Vec<&str> = layer.windows.iter().map(|w| w.id.as_str()).collect();
    Outcome::Changed {
        added: new.iter().filter(|id| !old.contains(id)).map(|id| id.to_string()).collect(),
        removed: old.iter().filter(|id| !new.contains(id)).map(|id| id.to_string()).collect(),
        windows: layer.windows.len(),
        skipped: layer.skipped,
        warnings: layer.warnings,
    }
}

/// A file feed (a local path or a share): read again only when its time or size changed. `Ok(None)`: unchanged.
/// A file share that stops answering holds a read for minutes; the feed thread waits this long, like an https
/// fetch's total time-out, then says so (the stuck read ends on its own thread when the share comes back).
pub const FILE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

fn fetch_file(source: &FeedSource, meta: &Meta) -> Result<Option<Fetched>, Failure> {
    let (done, result) = std::sync::mpsc::channel();
    let (source_copy, meta_copy) = (source.clone(), meta.clone());
    let spawned = std::thread::Builder::new().name("feed-file".to_string()).spawn(move || {
        let _ = done.send(read_file_feed(&source_copy, &meta_copy));
    });
    if let Err(err) = spawned {
        return Err(format!("cannot start reading {}: {err}", source.url).into());
    }
    result.recv_timeout(FILE_TIMEOUT).unwrap_or_else(|_| {
        Err(format!("{} did not answer within {} s (a share that hangs?)", source.url, FILE_TIMEOUT.as_secs()).into())
    })
}

fn read_file_feed(source: &FeedSource, meta: &Meta) -> Result<Option<Fetched>, Failure> {
    let path = Path::new(&source.url);
    let about = std::fs::metadata(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    if about.len() > MAX_BODY {
        return Err(format!("the file is {} bytes, more than a feed's limit of {MAX_BODY}", about.len()).into());
    }
    let modified = about.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let stamp = (modified, about.len());
    if meta.file_stamp == Some(stamp) {
        return Ok(None);
    }
    let body = read_regular(path, MAX_BODY).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let signature = match source.public_key {
        Some(_) => {
            let mut sig_path = path.as_os_str().to_owned();
            sig_path.push(".minisig");
            read_regular(&PathBuf::from(sig_path), 64 * 1024).ok()
        }
        None => None,
    };
    Ok(Some(Fetched { body, signature, stamp: Some(stamp), etag: None, last_modified: None }))
}

enum Request {
    Now,
    /// The app's loop saw the wall clock jump ahead: the PC slept (the thread's own wait stood still meanwhile).
    Woke,
    /// The feeds and the machine-wide `proxy`.
    Sources(Vec<FeedSource>, Option<String>),
}

/// Fetches the feeds on a thread of its own: at start, every hour (± 10 %), after the PC wakes from sleep, when the
/// menu asks, and when the machine-wide file names other feeds. It never blocks the loop; `on_fetched(changed)`
/// tells the loop to reload (a new body) or to refresh the tray (only the feeds' states changed).
pub struct Updater {
    requests: std::sync::mpsc::Sender<Request>,
}

impl Updater {
    /// `offset` shifts the wall clock as the app's `--simulate-from` does, so that fetch times match the app's.
    pub fn spawn(
        cache: PathBuf,
        sources: Vec<FeedSource>,
        proxy: Option<String>,
        offset: chrono::Duration,
        on_fetched: impl Fn(bool) + Send + 'static,
    ) -> Updater {
        let (requests, incoming) = std::sync::mpsc::channel();
        let clock = move || Utc::now() + offset;
        let spawned = std::thread::Builder::new()
            .name("feeds".to_string())
            .spawn(move || run_guarded(&cache, (sources, proxy), &incoming, clock, on_fetched));
        if let Err(err) = spawned {
            log::error!("cannot start the feed thread: {err}; feeds are read from their cache only");
        }
        Updater { requests }
    }

    /// 予定を今すぐ更新.
    pub fn update_now(&self) {
        let _ = self.requests.send(Request::Now);
    }

    /// The PC woke from sleep (the app's loop, which looks at the wall clock every minute anyway, saw it jump):
    /// fetch now, as the feeds may have changed meanwhile.
    pub fn woke(&self) {
        let _ = self.requests.send(Request::Woke);
    }

    /// The machine-wide file's feeds and proxy after a reload (fetched at once when they changed).
    pub fn set_sources(&self, sources: Vec<FeedSource>, proxy: Option<String>) {
        let _ = self.requests.send(Request::Sources(sources, proxy));
    }
}

/// `, 2 events skipped` after a window count, or nothing.
pub fn skipped_text(skipped: usize) -> String {
    match skipped {
        0 => String::new(),
        1 => ", 1 event skipped".to_string(),
        n => format!(", {n} events skipped"),
    }
}

/// The feed thread's loop, kept alive: a panic anywhere in a fetch (a bug this code does not know of yet) is logged,
/// said in each feed's state (so `status` and the tray show it), and the loop starts again after a pause, while the
/// app goes on with the last good schedule.
fn run_guarded(
    cache: &Path,
    sources: (Vec<FeedSource>, Option<String>),
    incoming: &std::sync::mpsc::Receiver<Request>,
    clock: impl Fn() -> DateTime<Utc>,
    on_fetched: impl Fn(bool),
) {
    let mut sources = sources;
    loop {
        let run_once = std::panic::AssertUnwindSafe(|| run(cache, sources.clone(), incoming, &clock, &on_fetched));
        let Err(payload) = std::panic::catch_unwind(run_once) else { return };
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".to_string());
        let message = format!("the feed thread failed ({what}); the last good schedule stays in use");
        log::error!("{}", onshi_tray_core::config::escape_controls(&message));
        let now = clock();
        for source in &sources.0 {
            let stem = stem(cache, source);
            let mut meta = read_meta(&stem, source);
            meta.last_error = Some(message.clone());
            meta.failing_since.get_or_insert(now);
            write_meta(&stem, &meta);
        }
        on_fetched(false);
        // A pause before trying again, still answering the menu and a change of feeds.
        match incoming.recv_timeout(std::time::Duration::from_secs(600)) {
            Ok(Request::Sources(new, proxy)) => sources = (new, proxy),
            Ok(_) | Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return,
        }
    }
}

fn run(
    cache: &Path,
    (mut sources, mut proxy): (Vec<FeedSource>, Option<String>),
    incoming: &std::sync::mpsc::Receiver<Request>,
    clock: impl Fn() -> DateTime<Utc>,
    on_fetched: impl Fn(bool),
) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut next_due = clock();
    let mut failures: u32 = 0;
    let mut asked = false;
    loop {
        let now = clock();
        if !sources.is_empty() && (asked || now >= next_due) {
            let outcomes: Vec<Outcome> =
                sources.iter().map(|source| update(cache, source, proxy.as_deref(), now)).collect();
            for (source, outcome) in sources.iter().zip(&outcomes) {
                match outcome {
                    Outcome::Changed { added, removed, windows, skipped, warnings } => {
                        log::info!(
                            "feed {}: updated, {windows} windows{} (new: {added:?}, gone: {removed:?})",
                            source.label(),
                            skipped_text(*skipped)
                        );
                        for warning in warnings {
                            log::warn!("{}", onshi_tray_core::config::escape_controls(&warning.headline()));
                        }
                    }
                    Outcome::Unchanged { .. } => log::debug!("feed {}: unchanged", source.label()),
                    Outcome::Failed(problem) => {
                        log::warn!("feed {}: {problem}; the last good copy is kept", source.label())
                    }
                }
            }
            let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed(_)));
            failures = if failed { failures.saturating_add(1) } else { 0 };
            let asked_to_wait = sources.iter().filter_map(|s| read_meta(&stem(cache, s), s).retry_after).max();
            // The spread: a cheap one from the clock's nanoseconds and the process id.
            next_due =
                feed::next_fetch(now, failures, now.timestamp_subsec_nanos() ^ std::process::id(), asked_to_wait);
            asked = false;
            on_fetched(outcomes.iter().any(|o| matches!(o, Outcome::Changed { .. })));
        }
        // Wait for a request or the next fetch. The wait stands still while the PC sleeps (it counts `Instant`
        // time): the app's loop, which re-reads the wall clock every minute anyway, sends `Woke` after a sleep, so
        // this thread wakes for nothing in between (one wake-up an hour, not one a minute).
        let request = if sources.is_empty() {
            incoming.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            let wait = (next_due - clock()).to_std().unwrap_or_default();
            incoming.recv_timeout(wait.max(std::time::Duration::from_secs(1)))
        };
        match request {
            Ok(Request::Now | Request::Woke) => asked = true,
            Ok(Request::Sources(new, new_proxy)) => {
                if new != sources || new_proxy != proxy {
                    (sources, proxy) = (new, new_proxy);
                    asked = true;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
