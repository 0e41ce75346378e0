//! Stage one: bytes to TOML. Encodings (UTF-8 with or without a BOM, a clear word for UTF-16 and Shift_JIS), line
//! ends, and recovery when the TOML parser stops: the sections before the error still count.

use super::*;

/// Parses a file's raw bytes: UTF-8 with or without a BOM, LF or CRLF line ends.
///
/// Returns the layer (empty when the file could not be read as TOML at all) and every problem found.
pub fn parse_bytes(bytes: &[u8], origin: &str) -> (Layer, Vec<ConfigError>) {
    match decode(bytes, origin) {
        Ok(text) => parse_str(text, origin),
        Err(error) => (Layer::default(), vec![*error]),
    }
}

/// A file's bytes as text: UTF-8, with or without one BOM. Anything else is a fatal, located error that names the
/// encoding it looks like (UTF-16 as Notepad's "Unicode" writes it, with or without its BOM; ISO-2022-JP;
/// Shift_JIS or EUC-JP) and how to save the file as UTF-8.
pub fn decode<'b>(bytes: &'b [u8], origin: &str) -> Result<&'b str, Box<ConfigError>> {
    const HELP: &str = "save the file as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8)";
    let fatal = |text: &str, at: usize, message: String| {
        let mut error = located(text, origin, at, message, Some(HELP.to_string()));
        error.fatal = true;
        Box::new(error)
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(fatal("", 0, "the file is UTF-16 (Notepad's \"Unicode\"), not UTF-8".to_string()));
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if body.starts_with(b"\xef\xbb\xbf") {
        return Err(fatal(
            "",
            0,
            "the file starts with two byte-order marks (saved twice by different editors?)".to_string(),
        ));
    }
    if let Some(at) = body.iter().position(|&b| b == 0) {
        let text = String::from_utf8_lossy(&body[..at]);
        return Err(fatal(
            &text,
            text.len(),
            "the file has NUL bytes: it looks like UTF-16 without its BOM, or not text at all".to_string(),
        ));
    }
    if let Some(at) = body.windows(3).position(|w| w[0] == 0x1b && w[1] == b'$' && (w[2] == b'B' || w[2] == b'@')) {
        let text = String::from_utf8_lossy(&body[..at]);
        return Err(fatal(&text, text.len(), "the file is ISO-2022-JP (JIS), not UTF-8".to_string()));
    }
    std::str::from_utf8(bytes).map_err(|err| {
        let text = String::from_utf8_lossy(&bytes[..err.valid_up_to()]);
        fatal(&text, text.len(), "the file is not UTF-8 text (Shift_JIS or EUC-JP?)".to_string())
    })
}

/// Parses TOML text. `origin` names the file in error messages.
///
/// Returns the layer with everything that was valid, and every problem found, sorted by position.
pub fn parse_str(text: &str, origin: &str) -> (Layer, Vec<ConfigError>) {
    parse_with(text, origin, Mode::Config)
}

/// What a file is: a config file, or a schedule feed (which may set less; see [`parse_feed_str`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Config,
    Feed { signed: bool },
}

/// Parses a TOML schedule feed: `serial`, `expires` and `[[window]]` tables as in a config file. Only a feed whose
/// signature verified (`signed`) may also set `[portal]` and `[contact]`; an unsigned feed's `[portal]`,
/// `[contact]` and window links are ignored with a located warning, and no feed can set `language`, `[notify]`,
/// `[facility]`, `[menu]` or `[[feed]]` (warned and ignored too).
pub fn parse_feed_str(text: &str, origin: &str, signed: bool) -> (Layer, Vec<ConfigError>) {
    parse_with(text, origin, Mode::Feed { signed })
}

fn parse_with(text: &str, origin: &str, mode: Mode) -> (Layer, Vec<ConfigError>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut errors = Vec::new();
    let mut layer = Layer::default();
    let (normalized, odd_line_end) = normalize_line_ends(text);
    let text: &str = &normalized;
    if let Some(at) = odd_line_end {
        let mut warning = located(
            text,
            origin,
            at,
            "a line ends in a lone carriage return (CR) or CR CR LF; read as a line end".to_string(),
            Some("save the file with CRLF or LF line ends (an FTP transfer in ASCII mode can double them)".to_string()),
        );
        warning.underline = 0;
        layer.warnings.push(warning);
    }
    // A TOML error (an impossible date, a duplicate key, a broken literal) costs the table it is in, not the file:
    // that table's lines are blanked (same byte offsets, so every location stays right) and the rest read again.
    // After EXACT_PASSES such rounds (a file of garbage), every error the parser's own recovery finds costs its
    // table in one round, so that the work stays linear in the size of the file: at most EXACT_PASSES rounds, and
    // fewer for a large file, at most EXACT_BYTES read in them all.
    const EXACT_PASSES: usize = 20;
    const EXACT_BYTES: usize = 256 * 1024;
    let index = LineIndex::new(text);
    let mut working = std::borrow::Cow::Borrowed(text);
    let mut passes = 0;
    loop {
        match DeTable::parse(&working) {
            Err(err) => {
                passes += 1;
                let found: Vec<(Range<usize>, String)> = if passes <= EXACT_PASSES && passes * text.len() <= EXACT_BYTES
                {
                    vec![(err.span().unwrap_or(0..0), err.message().to_string())]
                } else {
                    let (_, all) = DeTable::parse_recoverable(&working);
                    let mut all: Vec<_> =
                        all.iter().map(|e| (e.span().unwrap_or(0..0), e.message().to_string())).collect();
                    if all.is_empty() {
                        all.push((err.span().unwrap_or(0..0), err.message().to_string()));
                    }
                    all
                };
                let sections = Sections::new(&working, text);
                let mut blank: Vec<Range<usize>> = Vec::new();
                let mut fatal = false;
                for (n, (span, raw)) in found.into_iter().enumerate() {
                    if blank.iter().any(|lines| lines.contains(&span.start)) {
                        continue;
                    }
                    let mut message = format!("invalid TOML: {}", raw.trim_end());
                    // An unclosed `[` or triple quote is found only lines later: point at where it was opened.
                    let opened = if n == 0 { opened_before(&working, span.start, &raw) } else { None };
                    let span = match opened {
                        Some((at, what)) => {
                            message += &format!(" (the {what} opened here is never closed)");
                            at..at
                        }
                        None => span,
                    };
                    let Some((lines, what, point)) =
                        sections.around(&working, span.start).filter(|_| errors.len() < 10_000)
                    else {
                        let mut error = locate_in(text, &index, origin, span, message);
                        error.fatal = true;
                        errors.push(error);
                        fatal = true;
                        break;
                    };
                    let (first, _) = index.line_of(lines.start);
                    let (last, _) = index.line_of(lines.end.saturating_sub(1));
                    let span = if point == span.start { span } else { point..point };
                    let skipped =
                        if what.starts_with("line ") { what } else { format!("{what} (lines {first}–{last})") };
                    let mut error = locate_in(text, &index, origin, span, format!("{message}; {skipped} is skipped"));
                    error.help = Some("fix this line; the rest of the file is used".to_string());
                    errors.push(error);
                    blank.push(lines);
                }
                if fatal {
                    break;
                }
                let mut bytes = working.into_owned().into_bytes();
                for lines in blank {
                    for byte in &mut bytes[lines] {
                        if *byte != b'\n' && *byte != b'\r' {
                            *byte = b' ';
                        }
                    }
                }
                working = std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_default());
            }
            Ok(root) => {
                let mut reader =
                    Reader { text: &working, origin, errors: &mut errors, lines: std::cell::OnceCell::new() };
                match mode {
                    Mode::Config => reader.read_root(root.get_ref(), &mut layer),
                    Mode::Feed { signed } => reader.read_feed_root(root.get_ref(), &mut layer, signed),
                }
                break;
            }
        }
    }
    errors.sort_by_key(|e| (e.line, e.col));
    layer.warnings.sort_by_key(|e| (e.line, e.col));
    (layer, errors)
}

/// The text with every lone CR made a LF and the first CR of each CR CR LF a space (TOML knows only LF and CRLF),
/// byte for byte, so that every location stays right; and where the first such line end was.
fn normalize_line_ends(text: &str) -> (std::borrow::Cow<'_, str>, Option<usize>) {
    let bytes = text.as_bytes();
    let odd = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    let Some(first) = (0..bytes.len()).find(|&i| odd(i)) else {
        return (std::borrow::Cow::Borrowed(text), None);
    };
    let mut out = bytes.to_vec();
    for (i, byte) in out.iter_mut().enumerate().skip(first) {
        if odd(i) {
            // CR CR LF: this CR is followed by the CR of a CRLF, so it is padding, not a line end of its own.
            *byte = if bytes.get(i + 1) == Some(&b'\r') && bytes.get(i + 2) == Some(&b'\n') { b' ' } else { b'\n' };
        }
    }
    // Only ASCII bytes were changed into ASCII bytes.
    (std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_default()), Some(first))
}

/// For an error TOML finds after an unclosed array or multi-line string: where that array or string was opened (a
/// byte offset) and what it is; `None` for other errors, or when no such opening is found before `at`.
fn opened_before(text: &str, at: usize, message: &str) -> Option<(usize, &'static str)> {
    let at = at.min(text.len());
    if message.contains("multi-line") {
        // The last triple quote before `at` that opens a string (an odd one out).
        for quote in ["\"\"\"", "'''"] {
            let found: Vec<usize> = text[..at].match_indices(quote).map(|(i, _)| i).collect();
            if found.len() % 2 == 1 {
                return found.last().map(|&i| (i, "multi-line string"));
            }
        }
        return None;
    }
    if !message.contains("array") {
        return None;
    }
    // Back from the line before the error, to the table's header: the line whose `[` is not closed on it.
    let before = &text[..text[..at].rfind('\n').unwrap_or(0)];
    for line_start in before.match_indices('\n').map(|(i, _)| i + 1).rev().chain([0]) {
        let line = before[line_start..].split('\n').next().unwrap_or("");
        if line.trim_start().starts_with('[') {
            return None;
        }
        let code = line.split('#').next().unwrap_or("");
        let depth = code.matches('[').count() as i64 - code.matches(']').count() as i64;
        if depth > 0 {
            let open = code.find("= [").map_or_else(|| code.find('[').unwrap_or(0), |i| i + 2);
            return Some((line_start + open, "array"));
        }
    }
    None
}

/// Where each line starts and which lines are table headers, worked out once per round, so that finding the table
/// of each error costs a binary search.
struct Sections {
    pub(super) starts: Vec<usize>,
    header: Vec<bool>,
    /// How many `[[window]]` headers the original text has up to and including each line.
    windows_up_to: Vec<usize>,
}

impl Sections {
    /// `original` is the text before any table was set aside (same byte offsets), where windows are counted.
    pub(super) fn new(text: &str, original: &str) -> Sections {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
        let is_header = |t: &str, start: usize| t[start..].trim_start_matches([' ', '\t']).starts_with('[');
        let header = starts.iter().map(|&start| is_header(text, start)).collect();
        let mut count = 0;
        let windows_up_to = starts
            .iter()
            .map(|&start| {
                count += usize::from(original[start..].trim_start_matches([' ', '\t']).starts_with("[[window]]"));
                count
            })
            .collect();
        Sections { starts, header, windows_up_to }
    }

    /// The table a TOML error at `at` is in, as a byte range of whole lines, its name (`window[2]`, `[notify]`)
    /// and where to point the error, so that it alone can be set aside (at the top level, before every table, the
    /// line itself); `None` when there is nothing left to set aside.
    fn around(&self, text: &str, at: usize) -> Option<(Range<usize>, String, usize)> {
        let at = at.min(text.len());
        let starts = &self.starts;
        let mut line = starts.partition_point(|&s| s <= at).saturating_sub(1);
        let mut point = at;
        // An error on a table's header line is an array or string of the table before it running on (an unclosed
        // `[` or `"`): that table is the one to set aside, and the error points at the end of its last line.
        if self.header[line] && text[starts[line]..at].trim().is_empty() {
            line = line.checked_sub(1)?;
            point = starts[line + 1].saturating_sub(1);
            while point > starts[line] && text.as_bytes()[point - 1].is_ascii_whitespace() {
                point -= 1;
            }
        }
        // The header at or before the line: a linear walk back, but only over this table's own lines.
        let Some(header) = (0..=line).rev().find(|&i| self.header[i]) else {
            // At the top level, before every table: the line alone is set aside, unless it is already blank.
            let end = starts.get(line + 1).copied().unwrap_or(text.len());
            return (!text[starts[line]..end].trim().is_empty())
                .then(|| (starts[line]..end, format!("line {}", line + 1), point));
        };
        let end = (line + 1..starts.len()).find(|&i| self.header[i]).map_or(text.len(), |i| starts[i]);
        let header_text = text[starts[header]..].lines().next().unwrap_or("").trim();
        let name = if header_text.starts_with("[[window]]") {
            format!("window[{}]", self.windows_up_to[header])
        } else {
            format!("`{}`", header_text.split('#').next().unwrap_or("").trim())
        };
        Some((starts[header]..end, name, point))
    }
}
