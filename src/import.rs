//! `onshi-tray import`: an announcement (text in any encoding, a saved web page, an e-mail) in, its windows shown with their evidence and the TOML they would
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
    // The day it was published: as given, else an e-mail's own date, else today.
    let reading = onshi_tray_reader::read(&input.text, args.published.or(input.published).unwrap_or(today));
    let mut notes = reading.notes.clone();
    if input.malformed {
        notes.push(format!("some bytes could not be read as {}: they show as �", input.encoding));
    }
    let read_as = format!("{}, {}", input.form.name(), input.encoding);
    let printed = if args.json { print_json(&reading, &notes) } else { print_text(&reading, &notes, &read_as) };
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
    match file.filter(|f| f.as_os_str() != "-") {
        Some(path) => {
            let bytes =
                disk::read_regular(path, MAX_INPUT).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            let name =
                path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
            Ok((bytes, name))
        }
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_INPUT + 1)
                .read_to_end(&mut bytes)
                .map_err(|err| format!("cannot read the standard input: {err}"))?;
            if bytes.len() as u64 > MAX_INPUT {
                return Err(format!("the input is larger than {MAX_INPUT} bytes: is it an announcement?"));
            }
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

fn print_json(reading: &Reading, notes: &[String]) -> ExitCode {
    let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| t.map(|t| t.to_rfc3339());
    let windows: Vec<serde_json::Value> = reading
        .windows
        .iter()
        .map(|w: &Proposal| {
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
                "change_of": serde_json::Value::Null,
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
    let existing = match disk::read_regular(into, disk::MAX_STATE_FILE) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", into.display()))?,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(format!("cannot read {}: {err}", into.display())),
    };
    let (text, changes) =
        edit::add_to(&existing, windows, source).map_err(|why| format!("{}: {why}", into.display()))?;
    let origin = into.display().to_string();
    let is_feed = existing.lines().any(|l| l.trim_start().starts_with("serial"));
    let errors = if is_feed {
        onshi_tray_core::config::parse_feed_str(&text, &origin, false).1
    } else {
        onshi_tray_core::config::parse_str(&text, &origin).1
    };
    if let Some(error) = errors.first() {
        return Err(format!(
            "{} would not read without errors after the import, so it is left as it was: {error}",
            into.display()
        ));
    }
    let mut said = Vec::new();
    for change in &changes {
        said.push(match change {
            Change::Added(id) => format!("added {id}"),
            Change::Updated { id, from } => format!("updated {id} (was {from})"),
            Change::Unchanged(id) => format!("already there: {id}"),
            Change::Skipped { why } => format!("not added: {why}"),
        });
    }
    if text != existing {
        disk::write_atomically(into, text.as_bytes())
            .map_err(|err| format!("cannot write {}: {err}", into.display()))?;
    }
    let mut err = std::io::stderr().lock();
    for line in said {
        let _ = writeln!(err, "{}: {line}", into.display());
    }
    Ok(())
}
