//! Where a problem is: a [`Location`] (file, line, column, the line itself), a [`ConfigError`] at one (with its
//! message and fix), how a byte span becomes a location; text made safe for a terminal.

use super::*;

/// A place in one file: where a setting is written (a layer's sites) and where every problem points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file's path as the user knows it, or `<built-in default>`.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes), as editors show it.
    pub col: usize,
    /// The line as the file has it, and how many characters of it to underline.
    pub source_line: String,
    pub underline: usize,
}

impl Location {
    /// The start of a file whose text is not at hand (a feed's layer records no places).
    pub fn start_of(origin: &str) -> Location {
        Location { origin: origin.to_string(), line: 1, col: 1, source_line: String::new(), underline: 0 }
    }

    /// A problem at this place.
    pub fn error(&self, message: String, help: Option<String>) -> ConfigError {
        let Location { origin, line, col, source_line, underline } = self.clone();
        ConfigError { origin, line, col, message, help, source_line, underline, fatal: false }
    }
}

/// One located problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file's path as the user knows it, or `<built-in default>`.
    pub origin: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes), as editors show it.
    pub col: usize,
    pub message: String,
    pub help: Option<String>,
    /// The offending line and how many characters to underline.
    pub source_line: String,
    pub underline: usize,
    /// A fatal error means nothing of this file could be used.
    pub fatal: bool,
}

impl ConfigError {
    /// `path:line:col: message`, the form editors and CI logs understand.
    /// Control and invisible characters from the file (an unknown key's name, a feed's text) come escaped, so a
    /// headline is safe to print wherever it goes.
    pub fn headline(&self) -> String {
        escape_controls(&format!("{}:{}:{}: {}", self.origin, self.line, self.col, self.message)).into_owned()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", escape_controls(&self.headline()))?;
        let gutter = self.line.to_string().len();
        writeln!(f, "{:gutter$} |", "")?;
        // The offending line as the file has it, but never a control character into the administrator's terminal.
        writeln!(f, "{} | {}", self.line, escape_controls(&self.source_line))?;
        let pad: String = self.source_line.chars().take(self.col - 1).map(pad_char).collect();
        writeln!(f, "{:gutter$} | {}{}", "", pad, "^".repeat(self.underline.max(1)))?;
        if let Some(help) = &self.help {
            writeln!(f, "{:gutter$} = help: {help}", "")?;
        }
        write!(f, "{:gutter$} = see: {HELP_URL}", "")
    }
}

/// Text for a terminal or a log: control characters (but line breaks and tabs) and invisible characters written as
/// `\u{1b}`, so that nothing from a file can move the cursor, change colours or forge a line.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c);
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars().map(|c| if bad(c) { format!("\\u{{{:x}}}", c as u32) } else { c.to_string() }).collect(),
    )
}

/// JSON text with every control and invisible character escaped as JSON does (`\u200b`, a pair of escapes past
/// U+FFFF): valid JSON still, where [`escape_controls`]'s `\u{200b}` is not. Line ends and tabs, which a JSON
/// printer writes only between values (inside strings it escapes them itself), are kept.
pub fn escape_json_controls(json: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c);
    if !json.chars().any(bad) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if bad(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out += &format!("\\u{unit:04x}");
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Pads under a character with something of the same display width, so the caret lands under CJK text too.
fn pad_char(c: char) -> char {
    match c {
        '\t' => '\t',
        c if is_wide(c) => '\u{3000}',
        _ => ' ',
    }
}

/// Whether a character takes two columns on screen (CJK, full-width forms).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A located remark about byte `at` of `text` (for the other files the app reads: iCalendar feeds).
pub fn located(text: &str, origin: &str, at: usize, message: String, help: Option<String>) -> ConfigError {
    let at = at.min(text.len());
    let mut error = locate(text, origin, at..at, message);
    error.help = help;
    error
}

/// Turns a byte span into a located error with 1-based line and character column.
pub(super) fn locate(text: &str, origin: &str, span: Range<usize>, message: String) -> ConfigError {
    locate_in(text, &LineIndex::new(text), origin, span, message)
}

/// Where each line of a text starts, so that locating an error costs a binary search, not a scan of the text
/// before it (a file with many errors is located in linear time).
pub(super) struct LineIndex {
    pub(super) starts: Vec<usize>,
}

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        LineIndex { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// The 1-based line of a byte offset, and the offset where that line starts.
    pub(super) fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, self.starts[line.saturating_sub(1)])
    }
}

pub(super) fn locate_in(
    text: &str,
    index: &LineIndex,
    origin: &str,
    span: Range<usize>,
    message: String,
) -> ConfigError {
    location_in(text, index, origin, span).error(message, None)
}

/// Where a byte span of `text` is: its line, its character column and the line itself.
pub(super) fn location_in(text: &str, index: &LineIndex, origin: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let (line, line_start) = index.line_of(start);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let source_line = text[line_start..line_end].trim_end_matches('\r').to_string();
    let col = text[line_start..start].chars().count() + 1;
    let underline = text[start..end.min(line_end)].chars().count();
    Location { origin: origin.to_string(), line, col, source_line, underline }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}
