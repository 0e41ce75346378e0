//! Fitting a notice to a toast: Windows shows two lines of its title and four of its body, about 30 full-width
//! characters each. The least important sentences go first; only texts from the config are cut with `…`.

use super::*;

/// `text` cut to at most `units` UTF-16 code units, ending in `…` when cut (never inside a surrogate pair): the
/// Windows tray tooltip holds 127 units and its NUL.
pub fn clamp_utf16(text: &str, units: usize) -> String {
    if text.encode_utf16().count() <= units {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the `…`
    for c in text.chars() {
        if used + c.len_utf16() > units {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out + "…"
}

/// Columns of one line of a toast: about 30 full-width characters (a full-width character takes two columns).
pub const TOAST_COLUMNS: usize = 60;

/// Windows shows at most two lines of a toast's title and four of its body; every notice fits them.
pub const TOAST_TITLE_LINES: usize = 2;

pub const TOAST_BODY_LINES: usize = 4;

/// How many lines `text` takes at [`TOAST_COLUMNS`] columns, breaking anywhere (as Japanese text breaks).
pub fn toast_lines(text: &str) -> usize {
    text.split('\n')
        .map(|line| {
            let (mut lines, mut used) = (1, 0);
            for c in line.chars() {
                let width = if crate::config::is_wide(c) { 2 } else { 1 };
                if used + width > TOAST_COLUMNS {
                    lines += 1;
                    used = 0;
                }
                used += width;
            }
            lines
        })
        .sum()
}

/// Cuts `text` with `…` so that it takes at most `lines` toast lines.
pub(super) fn cut_to_lines(text: &str, lines: usize) -> String {
    if toast_lines(text) <= lines {
        return text.to_string();
    }
    let mut out: String = text.to_string();
    while !out.is_empty() && toast_lines(&format!("{out}…")) > lines {
        out.pop();
    }
    format!("{out}…")
}

/// One sentence of a notice's body; the least important ones go first when the body would not fit a toast.
pub(super) struct Part {
    pub(super) text: String,
    /// 0: always kept; higher numbers are dropped first.
    pub(super) drop_rank: u8,
    /// May be cut with `…` (text from the config: an effect, a window's own guidance).
    pub(super) cut: bool,
}

pub(super) fn part(text: impl Into<String>, drop_rank: u8) -> Part {
    Part { text: text.into(), drop_rank, cut: false }
}

pub(super) fn cuttable(text: impl Into<String>, drop_rank: u8) -> Part {
    Part { text: text.into(), drop_rank, cut: true }
}

/// Joins the parts in their order, dropping the least important, then cutting texts from the config, then dropping
/// whole sentences from the end (never the first) until the body fits [`TOAST_BODY_LINES`]: a sentence of ours is
/// never cut in the middle, where its half could say the opposite (「…を使え…」).
pub(super) fn fit(mut parts: Vec<Part>, language: Language) -> String {
    let sep = if language == Language::Ja { "" } else { " " };
    let join =
        |parts: &[Part]| parts.iter().map(|p| p.text.as_str()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(sep);
    while toast_lines(&join(&parts)) > TOAST_BODY_LINES {
        let droppable =
            parts.iter().enumerate().filter(|(_, p)| p.drop_rank > 0).max_by_key(|(i, p)| (p.drop_rank, *i));
        if let Some((i, _)) = droppable {
            parts.remove(i);
            continue;
        }
        // Only kept parts remain: cut the longest text from the config to what the others leave room for.
        let Some(i) = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| p.cut && !p.text.is_empty())
            .max_by_key(|(_, p)| p.text.chars().count())
            .map(|(i, _)| i)
        else {
            if parts.len() > 1 {
                parts.pop();
                continue;
            }
            break;
        };
        let shorter: String = parts[i].text.chars().take(parts[i].text.chars().count().saturating_sub(4)).collect();
        parts[i].text =
            if shorter.is_empty() { String::new() } else { format!("{}…", shorter.trim_end_matches('…')) };
    }
    cut_to_lines(&join(&parts), TOAST_BODY_LINES)
}
