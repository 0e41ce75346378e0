//! Schedule feeds on disk: fetching each `[[feed]]` of the machine-wide file, and its cache.
//!
//! Each feed's last good body is kept under the cache folder (`feed-<hash>.body`) with what is known about it
//! (`feed-<hash>.json`: ETag, Last-Modified, the file's time and size, when it was last fetched and checked, its
//! serial, the last error). Every load re-reads and re-parses the cached body (never trusting an earlier verdict);
//! a fetch that fails in any way keeps the last good body and records the error: only a complete, valid feed
//! replaces it. Reading and judging the bytes is the core's (`onshi_tray::feed`).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use chrono::{DateTime, Utc};
use onshi_tray::config::{ConfigError, FeedSource, Layer};
use onshi_tray::feed::{self, FeedState};
use serde::{Deserialize, Serialize};

use super::files::write_atomically;

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
            last_error: self.meta.last_error.clone(),
            windows: self.layer.as_ref().map_or(0, |l| l.windows.len()),
        }
    }
}

/// What one fetch did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new valid body replaced the cache: these window ids were added and removed.
    Changed { added: Vec<String>, removed: Vec<String>, windows: usize },
    /// The source still holds what is cached.
    Unchanged { windows: usize },
    /// The fetch failed; the cached body (if any) stays.
    Failed(String),
}

fn stem(cache: &Path, source: &FeedSource) -> PathBuf {
    // FNV-1a of the address: stable across builds, unlike the standard library's hasher.
    let hash =
        source.url.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    cache.join(format!("feed-{hash:016x}"))
}

fn read_meta(stem: &Path, source: &FeedSource) -> Meta {
    std::fs::read(stem.with_extension("json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Meta>(&bytes).ok())
        .filter(|meta| meta.url == source.url)
        .unwrap_or_else(|| Meta { url: source.url.clone(), ..Meta::default() })
}

fn write_meta(stem: &Path, meta: &Meta) {
    let written = serde_json::to_vec_pretty(meta)
        .map_err(std::io::Error::other)
        .and_then(|json| write_atomically(&stem.with_extension("json"), &json));
    if let Err(err) = written {
        log::warn!("cannot write the feed cache {}: {err}", stem.with_extension("json").display());
    }
}

/// Reads one feed's cached body and parses it anew.
pub fn read_cached(cache: &Path, source: &FeedSource) -> Cached {
    let stem = stem(cache, source);
    let meta = read_meta(&stem, source);
    let (layer, errors) = match std::fs::read(stem.with_extension("body")) {
        Ok(bytes) => match feed::parse(&bytes, source.label(), false) {
            Ok(layer) => (Some(layer), Vec::new()),
            Err(errors) => (None, errors),
        },
        Err(_) => (None, Vec::new()),
    };
    Cached { source: source.clone(), layer, meta, errors }
}

/// Reads every feed of the configuration from the cache.
pub fn read_all(cache: &Path, sources: &[FeedSource]) -> Vec<Cached> {
    sources.iter().map(|source| read_cached(cache, source)).collect()
}

/// Fetches one feed now and updates its cache.
pub fn update(cache: &Path, source: &FeedSource, now: DateTime<Utc>) -> Outcome {
    let stem = stem(cache, source);
    let before = read_cached(cache, source);
    let mut meta = before.meta.clone();
    meta.last_attempt = Some(now);
    let fetched = if source.is_file() {
        fetch_file(source, &meta)
    } else {
        Err("fetching https:// feeds is not built yet: use a file path (a share) for now".to_string())
    };
    let outcome = match fetched {
        Ok(None) if before.layer.is_some() => {
            Outcome::Unchanged { windows: before.layer.as_ref().map_or(0, |l| l.windows.len()) }
        }
        Ok(None) => Outcome::Failed("unchanged at the source, but no valid copy is cached".to_string()),
        Ok(Some((bytes, stamp))) => match feed::parse(&bytes, source.label(), false) {
            Err(errors) => Outcome::Failed(
                errors
                    .first()
                    .map_or_else(|| "cannot be read".to_string(), |e| format!("{} (line {})", e.message, e.line)),
            ),
            Ok(layer) => match feed::check_replay(&layer, meta.serial, now) {
                Err(problem) => Outcome::Failed(problem),
                Ok(()) => match write_atomically(&stem.with_extension("body"), &bytes) {
                    Err(err) => Outcome::Failed(format!("cannot write the cache: {err}")),
                    Ok(()) => {
                        meta.file_stamp = stamp;
                        meta.serial = layer.serial.or(meta.serial);
                        let old: Vec<&str> =
                            before.layer.iter().flat_map(|l| l.windows.iter().map(|w| w.id.as_str())).collect();
                        let new: Vec<&str> = layer.windows.iter().map(|w| w.id.as_str()).collect();
                        Outcome::Changed {
                            added: new.iter().filter(|id| !old.contains(id)).map(|id| id.to_string()).collect(),
                            removed: old.iter().filter(|id| !new.contains(id)).map(|id| id.to_string()).collect(),
                            windows: layer.windows.len(),
                        }
                    }
                },
            },
        },
        Err(problem) => Outcome::Failed(problem),
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

/// A new body, and what identifies it at its source.
type Fetched = (Vec<u8>, Option<(u64, u64)>);

/// A file feed (a local path or a share): read again only when its time or size changed. `Ok(None)`: unchanged.
fn fetch_file(source: &FeedSource, meta: &Meta) -> Result<Option<Fetched>, String> {
    let path = Path::new(&source.url);
    let about = std::fs::metadata(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    if about.len() > MAX_BODY {
        return Err(format!("the file is {} bytes, more than a feed's limit of {MAX_BODY}", about.len()));
    }
    let modified = about.modified().ok().and_then(|t| t.duration_since(UNIX_EPOCH).ok()).map_or(0, |d| d.as_secs());
    let stamp = (modified, about.len());
    if meta.file_stamp == Some(stamp) {
        return Ok(None);
    }
    let bytes = std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    Ok(Some((bytes, Some(stamp))))
}

/// How often the feeds are fetched: every hour, ± 10 %, so that a clinic chain's PCs do not all ask at once.
const INTERVAL_SECS: i64 = 60 * 60;
/// After a failure the next try comes sooner, doubling from a minute up to the interval.
const FIRST_RETRY_SECS: i64 = 60;

enum Request {
    Now,
    Sources(Vec<FeedSource>),
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
        offset: chrono::Duration,
        on_fetched: impl Fn(bool) + Send + 'static,
    ) -> Updater {
        let (requests, incoming) = std::sync::mpsc::channel();
        let clock = move || Utc::now() + offset;
        let spawned = std::thread::Builder::new()
            .name("feeds".to_string())
            .spawn(move || run(&cache, sources, &incoming, clock, on_fetched));
        if let Err(err) = spawned {
            log::error!("cannot start the feed thread: {err}; feeds are read from their cache only");
        }
        Updater { requests }
    }

    /// 予定を今すぐ更新.
    pub fn update_now(&self) {
        let _ = self.requests.send(Request::Now);
    }

    /// The machine-wide file's feeds after a reload (fetched at once when they changed).
    pub fn set_sources(&self, sources: Vec<FeedSource>) {
        let _ = self.requests.send(Request::Sources(sources));
    }
}

fn run(
    cache: &Path,
    mut sources: Vec<FeedSource>,
    incoming: &std::sync::mpsc::Receiver<Request>,
    clock: impl Fn() -> DateTime<Utc>,
    on_fetched: impl Fn(bool),
) {
    use std::sync::mpsc::RecvTimeoutError;
    let mut next_due = clock();
    let mut failures: u32 = 0;
    let mut last_look = clock();
    let mut asked = false;
    loop {
        let now = clock();
        // The wall clock moved much further than the thread waited: the PC slept (or its clock was set).
        let woke = now - last_look > chrono::Duration::minutes(3);
        last_look = now;
        if !sources.is_empty() && (asked || woke || now >= next_due) {
            let outcomes: Vec<Outcome> = sources.iter().map(|source| update(cache, source, now)).collect();
            for (source, outcome) in sources.iter().zip(&outcomes) {
                match outcome {
                    Outcome::Changed { added, removed, windows } => log::info!(
                        "feed {}: updated, {windows} windows (new: {added:?}, gone: {removed:?})",
                        source.label()
                    ),
                    Outcome::Unchanged { .. } => log::debug!("feed {}: unchanged", source.label()),
                    Outcome::Failed(problem) => {
                        log::warn!("feed {}: {problem}; the last good copy is kept", source.label())
                    }
                }
            }
            let failed = outcomes.iter().any(|o| matches!(o, Outcome::Failed(_)));
            failures = if failed { failures.saturating_add(1) } else { 0 };
            let wait = if failed {
                (FIRST_RETRY_SECS << failures.min(12).saturating_sub(1)).min(INTERVAL_SECS)
            } else {
                // ± 10 %: a cheap spread from the clock's nanoseconds and the process id.
                let spread = i64::from(now.timestamp_subsec_nanos() ^ std::process::id()) % (INTERVAL_SECS / 5);
                INTERVAL_SECS - INTERVAL_SECS / 10 + spread
            };
            next_due = now + chrono::Duration::seconds(wait);
            asked = false;
            on_fetched(outcomes.iter().any(|o| matches!(o, Outcome::Changed { .. })));
        }
        // Wait for a request; with feeds, look at the wall clock at least once a minute (Instant stops in sleep).
        let request = if sources.is_empty() {
            incoming.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            incoming.recv_timeout(std::time::Duration::from_secs(60))
        };
        match request {
            Ok(Request::Now) => asked = true,
            Ok(Request::Sources(new)) => {
                if new != sources {
                    sources = new;
                    asked = true;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}
