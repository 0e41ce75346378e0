//! `onshi-tray import`: an announcement (text in any encoding, a saved web page, an e-mail, a PDF) in, its windows shown with their evidence and the TOML they would
//! add; `--into FILE` adds them to a config or feed file (checked as the app reads it before anything is written),
//! `--ics FILE` writes them as a calendar to publish. Reading and deciding is the reader's
//! (`onshi_tray_reader`); this shell reads the input, prints and writes.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use onshi_tray_reader::edit::{self, Change};
use onshi_tray_reader::{Proposal, Reading};

use crate::platform::disk;

/// The most an announcement may be: a circular's text is a few kilobytes.
pub const MAX_INPUT: u64 = 4 * 1024 * 1024;

/// The most a PDF may be: its fonts are embedded (a 50-page circular printed by a browser is about 1 MiB).
pub const MAX_PDF: u64 = 32 * 1024 * 1024;

pub struct Args {
    pub file: Option<PathBuf>,
    pub published: Option<chrono::NaiveDate>,
    pub json: bool,
    pub into: Option<PathBuf>,
    pub ics: Option<PathBuf>,
}

/// Exit 0 when windows were found, 1 when none, 2 on an error (said on stderr).
pub fn run(args: Args, today: chrono::NaiveDate) -> ExitCode {
    let (bytes, source) = match read_input(args.file.as_deref()) {
        Ok(read) => read,
        Err(why) => {
            eprintln!("onshi-tray: {why}");
            return ExitCode::from(2);
        }
    };
    let input = onshi_tray_reader::input::read(&bytes);
    if let Some(why) = &input.unreadable {
        eprintln!("onshi-tray: {source}: {why}");
        return ExitCode::from(2);
    }
    // The day it was published: as given, else an e-mail's own date, else today.
    let reading = onshi_tray_reader::read(&input.text, args.published.or(input.published).unwrap_or(today));
    let mut notes = reading.notes.clone();
    if input.malformed {
        notes.push(format!("some bytes could not be read as {}: they show as �", input.encoding));
    }
    let read_as = format!("{}, {}", input.form.name(), input.encoding);
    // With --into, each window that changes one the file has (same system, overlapping times) says which.
    let changes_of = args.into.as_deref().map(|into| changes_in(into, &reading.windows, &source)).unwrap_or_default();
    let printed =
        if args.json { print_json(&reading, &notes, &changes_of) } else { print_text(&reading, &notes, &read_as) };
    if printed != ExitCode::SUCCESS {
        return printed;
    }
    if let Some(into) = &args.into {
        if let Err(why) = add_into(into, &reading.windows, &source) {
            eprintln!("onshi-tray: {why}");
            return ExitCode::from(2);
        }
    }
    if let Some(ics) = &args.ics {
        if let Err(err) = disk::write_atomically(ics, edit::ics(&reading.windows).as_bytes()) {
            eprintln!("onshi-tray: cannot write {}: {err}", ics.display());
            return ExitCode::from(2);
        }
        eprintln!(
            "wrote {} window(s) to {}",
            reading.windows.iter().filter(|w| w.start.is_some() && w.end.is_some()).count(),
            ics.display()
        );
    }
    if reading.windows.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The input's bytes (a file, or standard input for `-` or none), bounded, and how to name it in a comment.
fn read_input(file: Option<&Path>) -> Result<(Vec<u8>, String), String> {
    let (bytes, name) = read_bounded(file)?;
    let limit = if onshi_tray_reader::pdf::is_pdf(&bytes) { MAX_PDF } else { MAX_INPUT };
    if bytes.len() as u64 > limit {
        return Err(format!(
            "cannot read {name}: it is {} bytes, more than the {limit} it may have (is it an announcement?)",
            bytes.len()
        ));
    }
    Ok((bytes, name))
}

fn read_bounded(file: Option<&Path>) -> Result<(Vec<u8>, String), String> {
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => {
            let bytes =
                disk::read_regular(path, MAX_PDF).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            Ok((bytes, name))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_PDF + 1)
                .read_to_end(&mut bytes)
                .map_err(|err| format!("cannot read the standard input: {err}"))?;
            Ok((bytes, "standard input".to_string()))
        }
    }
}

fn time(t: Option<chrono::DateTime<chrono::FixedOffset>>) -> String {
    t.map_or_else(|| "（未定）".to_string(), |t| t.format("%Y-%m-%d %H:%M").to_string())
}

fn print_text(reading: &Reading, notes: &[String], read_as: &str) -> ExitCode {
    let mut out = String::new();
    if reading.windows.is_empty() {
        out += "No maintenance window found.\n";
    }
    for (n, window) in reading.windows.iter().enumerate() {
        out += &format!(
            "{}. {} 〜 {}  {}  {}{}\n",
            n + 1,
            time(window.start),
            time(window.end),
            window.impact.code(),
            window.system.as_deref().unwrap_or("(system not named)"),
            if window.end_may_change { "  (the end may change)" } else { "" }
        );
        if let Some(latest) = window.end_latest {
            out += &format!("   at the latest until {}\n", latest.format("%Y-%m-%d %H:%M"));
        }
        if let Some(effect) = &window.effect {
            out += &format!("   effect: {effect}\n");
        }
        out += &format!("   line {}: {}\n", window.evidence.line, window.evidence.text);
        for inferred in &window.inferred {
            out += &format!("   inferred: {inferred}\n");
        }
        match edit::snippet(window) {
            Some(toml) => {
                for line in toml.lines() {
                    out += &format!("   | {line}\n");
                }
            }
            None => out += "   (not added to a file: no start or no end)\n",
        }
    }
    for not in &reading.not_windows {
        out += &format!("not a window: line {}: {} ({})\n", not.line, not.text, not.why);
    }
    for note in notes {
        out += &format!("note: {note}\n");
    }
    out += &format!("(read as {read_as})\n");
    crate::cli::print(&out)
}

/// For each window, the id of the window of `into` it changes (`None` where it is new, or the file is unreadable).
fn changes_in(into: &Path, windows: &[Proposal], source: &str) -> Vec<Option<String>> {
    let Ok(existing) = read_text(into) else { return Vec::new() };
    let Ok((_, changes)) = edit::add_to(&existing, windows, source) else { return Vec::new() };
    changes
        .into_iter()
        .map(|change| match change {
            Change::Updated { id, .. } | Change::Unchanged(id) => Some(id),
            _ => None,
        })
        .collect()
}

fn print_json(reading: &Reading, notes: &[String], changes_of: &[Option<String>]) -> ExitCode {
    let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| t.map(|t| t.to_rfc3339());
    let windows: Vec<serde_json::Value> = reading
        .windows
        .iter()
        .enumerate()
        .map(|(n, w): (usize, &Proposal)| {
            serde_json::json!({
                "start": time(w.start),
                "end": time(w.end),
                "all_day": w.all_day,
                "impact": w.impact.code(),
                "system": w.system,
                "title": w.title,
                "end_may_change": w.end_may_change,
                "end_latest": time(w.end_latest),
                "inferred": w.inferred,
                "instructions": w.instructions,
                "effect": w.effect,
                "evidence": {"line": w.evidence.line, "text": w.evidence.text},
                "id": edit::window_id(w),
                "change_of": changes_of.get(n).cloned().flatten(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "windows": windows,
        "not_windows": reading.not_windows,
        "notes": notes,
    });
    crate::cli::print_json(&value)
}

/// Adds the windows to `into` (created when missing), checked as the app reads it first: a file the app would read
/// with an error is never written. Says what changed on stderr.
fn add_into(into: &Path, windows: &[Proposal], source: &str) -> Result<(), String> {
    let Added { changes, .. } = add_windows(into, windows, source)?;
    let mut said = Vec::new();
    for change in &changes {
        said.push(match change {
            Change::Added(id) => format!("added {id}"),
            Change::Updated { id, from } => format!("updated {id} (was {from})"),
            Change::Unchanged(id) => format!("already there: {id}"),
            Change::Skipped { why } => format!("not added: {why}"),
        });
    }
    let mut err = std::io::stderr().lock();
    for line in said {
        let _ = writeln!(err, "{}: {line}", into.display());
    }
    Ok(())
}

/// What an import did to a file: each window's change, and the file's text before and after (for the tray's undo).
pub struct Added {
    pub changes: Vec<Change>,
    pub before: String,
    pub after: String,
}

/// Adds the windows to `into` (created when missing), checked as the app reads it first: a file the app would read
/// with an error is never written.
pub fn add_windows(into: &Path, windows: &[Proposal], source: &str) -> Result<Added, String> {
    let existing = read_text(into)?;
    let (text, changes) =
        edit::add_to(&existing, windows, source).map_err(|why| format!("{}: {why}", into.display()))?;
    write_checked(into, &existing, &text)?;
    Ok(Added { changes, before: existing, after: text })
}

/// A config or feed file's text; empty where it does not exist yet.
fn read_text(path: &Path) -> Result<String, String> {
    match disk::read_regular(path, disk::MAX_STATE_FILE) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(err) => Err(format!("cannot read {}: {err}", path.display())),
    }
}

/// Writes `text` in place of `existing` when it differs, only if the app would read it without errors.
fn write_checked(path: &Path, existing: &str, text: &str) -> Result<(), String> {
    let origin = path.display().to_string();
    let is_feed = existing.lines().any(|l| l.trim_start().starts_with("serial"));
    let errors = if is_feed {
        onshi_tray_core::config::parse_feed_str(text, &origin, false).1
    } else {
        onshi_tray_core::config::parse_str(text, &origin).1
    };
    if let Some(error) = errors.first() {
        return Err(format!(
            "{} would not read without errors after the import, so it is left as it was: {error}",
            path.display()
        ));
    }
    if text != existing {
        disk::write_atomically(path, text.as_bytes())
            .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    }
    Ok(())
}

/// Takes an import back: the file as it was before, where nobody changed it since; else only the windows it added
/// are taken out (an edit made meanwhile stays). Returns how many windows went.
pub fn take_back(record: &Record) -> Result<usize, String> {
    let now = read_text(&record.file)?;
    let (text, removed) = if now == record.after {
        let (_, removed) =
            edit::remove(&record.after, &record.added).map_err(|why| format!("{}: {why}", record.file.display()))?;
        (record.before.clone(), removed)
    } else {
        edit::remove(&now, &record.added).map_err(|why| format!("{}: {why}", record.file.display()))?
    };
    write_checked(&record.file, &now, &text)?;
    Ok(removed)
}

/// The last import from the tray, kept in the data folder until it is taken back (or the next import replaces it).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    pub file: PathBuf,
    /// The ids of the windows it added (not those it found there already).
    pub added: Vec<String>,
    pub before: String,
    pub after: String,
}

impl Record {
    /// The record at `path`, if there is one to take back; a damaged one is none (said in the log).
    pub fn load(path: &Path) -> Option<Record> {
        let bytes = disk::read_regular(path, 2 * disk::MAX_STATE_FILE + 64 * 1024).ok()?;
        match serde_json::from_slice::<Record>(&bytes) {
            Ok(record) if !record.added.is_empty() => Some(record),
            Ok(_) => None,
            Err(err) => {
                log::warn!("{}: not an import record ({err}); nothing to take back", path.display());
                None
            }
        }
    }
}

/// What an import from the tray found: the windows that can be added (a start and an end), and where they came from.
#[derive(Debug)]
pub struct Found {
    pub windows: Vec<Proposal>,
    /// How the file's comment names the source (for IT), and how the list page names it (for the counter).
    pub source: String,
    pub copied: onshi_tray_core::offer::Copied,
}

/// Why the tray's import found nothing to ask about: in the core's terms for the notice, and the reason for the log.
#[derive(Debug)]
pub struct NotFound {
    pub why: onshi_tray_core::offer::Nothing,
    pub reason: String,
}

/// The announcement on the clipboard (its text, a page's markup, or a copied file) read as `import` reads a file.
pub fn from_clip(clip: crate::platform::clipboard::Clip, today: chrono::NaiveDate) -> Result<Found, NotFound> {
    use crate::platform::clipboard::Clip;
    use onshi_tray_core::offer::Copied;
    use onshi_tray_core::offer::Nothing;
    let (input, source, copied) = match clip {
        Clip::Text(text) => {
            (onshi_tray_reader::input::read(text.as_bytes()), "the clipboard".to_string(), Copied::Text)
        }
        Clip::Html(html) => {
            let text = onshi_tray_reader::input::html_text(&html);
            (onshi_tray_reader::input::read(text.as_bytes()), "the clipboard (a web page)".to_string(), Copied::Page)
        }
        Clip::Files(files) => {
            let Some(path) = files.first() else {
                return Err(NotFound { why: Nothing::Clipboard, reason: "no file was copied".to_string() });
            };
            let (bytes, name) = read_input(Some(path)).map_err(|reason| NotFound { why: Nothing::NoText, reason })?;
            (onshi_tray_reader::input::read(&bytes), name.clone(), Copied::File(name))
        }
    };
    if let Some(reason) = input.unreadable {
        return Err(NotFound { why: Nothing::NoText, reason: format!("{source}: {reason}") });
    }
    let reading = onshi_tray_reader::read(&input.text, input.published.unwrap_or(today));
    let windows: Vec<Proposal> = reading.windows.into_iter().filter(|w| w.start.is_some() && w.end.is_some()).collect();
    if windows.is_empty() {
        return Err(NotFound { why: Nothing::NoWindow, reason: format!("{source}: {}", reading.notes.join("; ")) });
    }
    Ok(Found { windows, source, copied })
}

/// A proposal as the core's question shows it.
pub fn offered(proposal: &Proposal) -> Option<onshi_tray_core::offer::Offered> {
    use onshi_tray_core::config::Impact;
    let utc = |t: chrono::DateTime<chrono::FixedOffset>| t.with_timezone(&chrono::Utc);
    Some(onshi_tray_core::offer::Offered {
        id: edit::window_id(proposal)?,
        title: proposal.title.clone(),
        start: utc(proposal.start?),
        end: utc(proposal.end?),
        impact: match proposal.impact {
            onshi_tray_reader::Impact::Logout => Impact::Logout,
            onshi_tray_reader::Impact::Outage => Impact::Outage,
            onshi_tray_reader::Impact::Partial => Impact::Partial,
        },
        system: proposal.system.clone(),
        end_may_change: proposal.end_may_change,
        evidence: proposal.evidence.text.clone(),
    })
}
