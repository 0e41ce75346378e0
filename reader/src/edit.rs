//! What an import adds to a file, decided here, pure: each proposal as a `[[window]]` table, the tables added to
//! a config or feed file with its comments and layout kept (toml_edit edits the document, it does not rewrite it),
//! and an iCalendar file to publish as a feed.
//!
//! A window's id comes from its start and system, so that a second import of the same text finds its windows
//! already there and changes nothing; an imported window whose system matches and whose times overlap a proposal's
//! (an announcement that moves, extends or ends it) is updated in place, and said.

use chrono::{DateTime, FixedOffset};
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

use crate::{Impact, Proposal};

/// What an import did to one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added(String),
    /// An imported window of the file, moved to the proposal's times (`from` the old start and end).
    Updated {
        id: String,
        from: String,
    },
    /// Already in the file as proposed.
    Unchanged(String),
    /// Not added: no start (a report of an incident after the fact) or no end (open); said, never guessed.
    Skipped {
        why: String,
    },
}

/// The id of an imported window: `import-` with its start and a short code of its system, the same for the same
/// window from any text.
pub fn window_id(proposal: &Proposal) -> Option<String> {
    let start = proposal.start?;
    let system = proposal.system.as_deref().unwrap_or("");
    let code = system.chars().fold(0u32, |h, c| h.wrapping_mul(31).wrapping_add(c as u32)) % 10_000;
    Some(format!("import-{}-{code:04}", start.format("%Y%m%dT%H%M")))
}

fn local(t: DateTime<FixedOffset>) -> toml_edit::Datetime {
    let text = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    text.parse().unwrap_or(toml_edit::Datetime { date: None, time: None, offset: None })
}

/// One proposal as a `[[window]]` table, for the file and for what `import` prints.
pub fn table(proposal: &Proposal, id: &str) -> Option<Table> {
    let (start, end) = (proposal.start?, proposal.end?);
    let mut table = Table::new();
    table.insert("id", value(id));
    table.insert("title", value(proposal.title.as_str()));
    table.insert("start", value(local(start)));
    table.insert("end", value(local(end)));
    table.insert("impact", value(proposal.impact.code()));
    if let Some(effect) = &proposal.effect {
        table.insert("effect", value(effect.as_str()));
    }
    if let Some(system) = &proposal.system {
        table.insert("system", value(system.as_str()));
    }
    if proposal.end_may_change {
        table.insert("end_may_change", value(true));
    }
    Some(table)
}

/// The TOML of one proposal, as `import` prints it (`None` without a start or an end).
pub fn snippet(proposal: &Proposal) -> Option<String> {
    let id = window_id(proposal)?;
    let mut document = DocumentMut::new();
    let mut windows = ArrayOfTables::new();
    windows.push(table(proposal, &id)?);
    document.insert("window", Item::ArrayOfTables(windows));
    Some(document.to_string())
}

/// Takes the `[[window]]` tables with these ids out of the TOML `file` (an import taken back), keeping the rest of
/// it as it was; returns the new text and how many were taken out.
pub fn remove(file: &str, ids: &[String]) -> Result<(String, usize), String> {
    let mut document: DocumentMut = file.parse().map_err(|err: toml_edit::TomlError| err.to_string())?;
    let Some(windows) = document.get_mut("window").and_then(Item::as_array_of_tables_mut) else {
        return Ok((file.to_string(), 0));
    };
    let before = windows.len();
    windows.retain(|t| !t.get("id").and_then(|v| v.as_str()).is_some_and(|id| ids.iter().any(|i| i == id)));
    let removed = before - windows.len();
    Ok((if removed == 0 { file.to_string() } else { document.to_string() }, removed))
}

/// Adds `proposals` to the TOML `file` (a config or a TOML feed), each with a comment naming `source`; returns the
/// new text and what changed. `Err` when the file is not TOML or its `window` is not a list of tables.
pub fn add_to(file: &str, proposals: &[Proposal], source: &str) -> Result<(String, Vec<Change>), String> {
    let mut document: DocumentMut = file.parse().map_err(|err: toml_edit::TomlError| err.to_string())?;
    if !document.contains_key("window") {
        document.insert("window", Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let windows = document
        .get_mut("window")
        .and_then(Item::as_array_of_tables_mut)
        .ok_or("`window` in the file is not a list of [[window]] tables")?;
    let mut changes = Vec::new();
    for proposal in proposals {
        let (Some(id), Some(start), Some(end)) = (window_id(proposal), proposal.start, proposal.end) else {
            changes.push(Change::Skipped {
                why: if proposal.start.is_none() {
                    "its start is not written (a report after the fact)".to_string()
                } else {
                    "its end is open (add it when the end is announced)".to_string()
                },
            });
            continue;
        };
        let Some(new) = table(proposal, &id) else { continue };
        let id_of = |t: &Table| t.get("id").and_then(|v| v.as_str()).map(str::to_string);
        let same_id = windows.iter().position(|t| id_of(t).as_deref() == Some(id.as_str()));
        // An imported window of the same system whose times overlap: the announcement changes it.
        let changed = same_id.or_else(|| {
            windows.iter().position(|t| {
                let imported = id_of(t).is_some_and(|i| i.starts_with("import-"));
                let system = t.get("system").and_then(|v| v.as_str()) == proposal.system.as_deref();
                let times = |key: &str| t.get(key).and_then(|v| v.as_datetime()).map(|d| d.to_string());
                let overlaps = match (times("start"), times("end")) {
                    (Some(s), Some(e)) => s < local(end).to_string() && local(start).to_string() < e,
                    _ => false,
                };
                imported && system && overlaps
            })
        });
        match changed {
            Some(at) => {
                let old = windows.get_mut(at).ok_or("the window is there")?;
                let before =
                    |key: &str| old.get(key).and_then(|v| v.as_datetime()).map_or(String::new(), |d| d.to_string());
                let (old_start, old_end) = (before("start"), before("end"));
                if old_start == local(start).to_string()
                    && old_end == local(end).to_string()
                    && old.get("impact").and_then(|v| v.as_str()) == Some(proposal.impact.code())
                {
                    changes.push(Change::Unchanged(id));
                    continue;
                }
                let kept_id = id_of(old).unwrap_or_default();
                for (key, item) in new.iter() {
                    if key != "id" {
                        old.insert(key, item.clone());
                    }
                }
                changes.push(Change::Updated { id: kept_id, from: format!("{old_start}〜{old_end}") });
            }
            None => {
                let mut new = new;
                let evidence: String = proposal.evidence.text.chars().filter(|c| !c.is_control()).take(80).collect();
                new.decor_mut()
                    .set_prefix(format!("\n# imported from {source} (line {}): {evidence}\n", proposal.evidence.line));
                windows.push(new);
                changes.push(Change::Added(id));
            }
        }
    }
    Ok((document.to_string(), changes))
}

/// The proposals as an iCalendar file to publish as a feed (each with a start and an end).
pub fn ics(proposals: &[Proposal]) -> String {
    let escape = |text: &str| {
        text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n").replace('\r', "")
    };
    let mut out = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//onshi-tray//import//JA\r\n");
    for proposal in proposals {
        let (Some(id), Some(start), Some(end)) = (window_id(proposal), proposal.start, proposal.end) else { continue };
        let time = |t: DateTime<FixedOffset>| t.format("%Y%m%dT%H%M%S").to_string();
        out += "BEGIN:VEVENT\r\n";
        out += &fold(&format!("UID:{id}@onshi-tray"));
        out += &fold(&format!("DTSTART;TZID=Asia/Tokyo:{}", time(start)));
        out += &fold(&format!("DTEND;TZID=Asia/Tokyo:{}", time(end)));
        out += &fold(&format!("SUMMARY:{}", escape(&proposal.title)));
        let impact = match proposal.impact {
            Impact::Logout => "ログインしている場合、ログアウトされる可能性があります。",
            Impact::Outage => "システムを利用できません。",
            Impact::Partial => "一部の機能を利用できません。",
        };
        out += &fold(&format!("DESCRIPTION:{}", escape(impact)));
        out += "END:VEVENT\r\n";
    }
    out += "END:VCALENDAR\r\n";
    out
}

/// A content line folded at 75 octets (RFC 5545), never inside a character, with its CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out += "\r\n ";
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out + "\r\n"
}
