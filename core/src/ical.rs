//! iCalendar (RFC 5545) text as content lines and components, read the way calendar files really arrive: any line
//! end (LF, CRLF, a lone CR, the CR CR LF of an FTP ASCII transfer), folds anywhere (inside a UTF-8 character too),
//! lowercase names, several `VCALENDAR`s in one file.
//!
//! Bounded and linear by construction: one pass over the bytes, no recursion (components are a flat list with a
//! depth counter), at most [`MAX_DEPTH`] levels and [`MAX_COMPONENTS`] components (past either the file is refused
//! with a located error, never a stack overflow) and [`MAX_PROPERTIES`] properties a component (past that the
//! component is marked, `Component::overflow`, and its reader skips it with a located warning).
//!
//! What the events mean (times, zones, repeats) is decided in `feed.rs`; this module only reads the structure.

use crate::config::ConfigError;

/// Components nest this deep at most (`VCALENDAR` > `VTIMEZONE` > `STANDARD` is three; `VALARM` in a `VEVENT` too).
pub const MAX_DEPTH: usize = 8;
/// Components in one file at most (ten years of a window a day is under 4 000 events).
pub const MAX_COMPONENTS: usize = 50_000;
/// Properties in one component at most.
pub const MAX_PROPERTIES: usize = 1_000;

/// One unfolded content line: `NAME;PARAM=VALUE:value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// Upper-cased (names are case-insensitive).
    pub name: String,
    /// Parameter names upper-cased, values without their quotes.
    pub params: Vec<(String, String)>,
    /// The raw value (text escapes not yet undone: see [`unescape`]).
    pub value: String,
    /// 1-based line in the file where the content line starts.
    pub line: usize,
}

impl Property {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// A `BEGIN:…`/`END:…` block, its own properties only; `parent` is an index into [`Calendar::components`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    /// Upper-cased.
    pub name: String,
    pub properties: Vec<Property>,
    pub parent: Option<usize>,
    /// 1-based line of its `BEGIN`.
    pub line: usize,
    /// The line of its first property past [`MAX_PROPERTIES`], which and whose followers are left out.
    pub overflow: Option<usize>,
}

impl Component {
    pub fn property(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    pub fn all<'c>(&'c self, name: &'c str) -> impl Iterator<Item = &'c Property> + 'c {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// A whole file: every component of every `VCALENDAR` in it, in file order, and the file's physical lines (for
/// located messages).
#[derive(Debug, Default)]
pub struct Calendar {
    pub components: Vec<Component>,
    pub warnings: Vec<ConfigError>,
    lines: Vec<String>,
    origin: String,
}

impl Calendar {
    /// A remark about 1-based line `line`, pointing at its start.
    pub fn remark(&self, line: usize, message: String, help: &str) -> ConfigError {
        remark(&self.origin, &self.lines, line, message, help)
    }
}

fn remark(origin: &str, lines: &[String], line: usize, message: String, help: &str) -> ConfigError {
    let source_line = lines.get(line.saturating_sub(1)).cloned().unwrap_or_default();
    ConfigError {
        origin: origin.to_string(),
        line: line.max(1),
        col: 1,
        message,
        help: Some(help.to_string()),
        underline: source_line.chars().count().min(40),
        source_line,
        fatal: false,
    }
}

/// A logical (unfolded) line: its bytes and the physical line it starts on.
struct Logical {
    bytes: Vec<u8>,
    line: usize,
}

/// Splits bytes into physical lines at LF, CRLF, CR CR LF and a lone CR; returns the lines and the first line that
/// ended in a lone CR or CR CR LF (worth a warning: the file went through something that mangled its line ends).
fn physical_lines(bytes: &[u8]) -> (Vec<&[u8]>, Option<usize>) {
    let mut lines = Vec::new();
    let mut odd = None;
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(&bytes[start..i]);
                i += 1;
                start = i;
            }
            b'\r' => {
                let end = i;
                let mut crs = 0;
                while i < bytes.len() && bytes[i] == b'\r' {
                    crs += 1;
                    i += 1;
                }
                let lf = i < bytes.len() && bytes[i] == b'\n';
                if lf {
                    i += 1;
                }
                if (crs > 1 || !lf) && odd.is_none() {
                    odd = Some(lines.len() + 1);
                }
                lines.push(&bytes[start..end]);
                // A run of lone CRs without LF is that many line ends (an old Mac file); CR CR LF is one.
                if !lf {
                    for _ in 1..crs {
                        lines.push(&[]);
                    }
                }
                start = i;
            }
            _ => i += 1,
        }
    }
    if start < bytes.len() {
        lines.push(&bytes[start..]);
    }
    (lines, odd)
}

/// Reads a calendar file. `Err` only for what makes the whole file unusable: nesting deeper than [`MAX_DEPTH`],
/// more than [`MAX_COMPONENTS`] components, no `BEGIN:VCALENDAR`, or a
/// `VCALENDAR` not closed (a truncated download). A line that cannot be read (not UTF-8, no colon) is warned and
/// left out; so is anything outside a `VCALENDAR`.
pub fn read(bytes: &[u8], origin: &str) -> Result<Calendar, Vec<ConfigError>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let (physical, odd_line_end) = physical_lines(bytes);
    let shown: Vec<String> =
        physical.iter().map(|line| String::from_utf8_lossy(line).chars().take(200).collect()).collect();
    let refuse = |line: usize, message: String, help: &str| {
        let mut error = remark(origin, &shown, line, message, help);
        error.fatal = true;
        Err(vec![error])
    };
    let mut warnings = Vec::new();
    if let Some(line) = odd_line_end {
        warnings.push(remark(
            origin,
            &shown,
            line,
            "a line ends in a lone carriage return (CR) or CR CR LF; read as a line end".to_string(),
            "save the file with CRLF or LF line ends (an FTP transfer in ASCII mode can double them)",
        ));
    }
    // Unfolding works on bytes, so that a fold inside a UTF-8 character (RFC 5545 allows writers to do it) joins the
    // character again before the line is decoded.
    let mut logical: Vec<Logical> = Vec::new();
    for (index, line) in physical.iter().enumerate() {
        match (line.first(), logical.last_mut()) {
            (Some(b' ' | b'\t'), Some(last)) => last.bytes.extend_from_slice(&line[1..]),
            _ => logical.push(Logical { bytes: line.to_vec(), line: index + 1 }),
        }
    }
    let mut calendar = Calendar { origin: origin.to_string(), ..Calendar::default() };
    // Open components, innermost last, as indices into `components`.
    let mut open: Vec<usize> = Vec::new();
    let mut seen_calendar = false;
    let help_line = "fix this line; the rest of the calendar is read";
    for Logical { bytes, line } in logical {
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let Ok(text) = std::str::from_utf8(&bytes) else {
            warnings.push(remark(
                origin,
                &shown,
                line,
                "this line is not UTF-8 text (Shift_JIS or EUC-JP?) and is left out".to_string(),
                "save the calendar as UTF-8",
            ));
            continue;
        };
        let Some(property) = content_line(text, line) else {
            warnings.push(remark(
                origin,
                &shown,
                line,
                "this is not an iCalendar content line (`NAME:value`) and is left out".to_string(),
                help_line,
            ));
            continue;
        };
        match property.name.as_str() {
            "BEGIN" => {
                let name = property.value.trim().to_ascii_uppercase();
                if open.is_empty() && name != "VCALENDAR" {
                    warnings.push(remark(
                        origin,
                        &shown,
                        line,
                        format!("`BEGIN:{name}` outside a VCALENDAR is left out"),
                        help_line,
                    ));
                    // Skip until it ends: track it as an ignored block by opening nothing; its lines are outside.
                    continue;
                }
                if open.len() >= MAX_DEPTH {
                    return refuse(
                        line,
                        format!("components are nested more than {MAX_DEPTH} levels deep; the calendar is not used"),
                        "a calendar nests VCALENDAR > VEVENT > VALARM at most; the last good feed is kept",
                    );
                }
                if calendar.components.len() >= MAX_COMPONENTS {
                    return refuse(
                        line,
                        format!("more than {MAX_COMPONENTS} components; the calendar is not used"),
                        "publish only the coming months; the last good feed is kept",
                    );
                }
                seen_calendar |= name == "VCALENDAR";
                calendar.components.push(Component {
                    name,
                    properties: Vec::new(),
                    parent: open.last().copied(),
                    line,
                    overflow: None,
                });
                open.push(calendar.components.len() - 1);
            }
            "END" => {
                let name = property.value.trim().to_ascii_uppercase();
                match open.iter().rposition(|&i| calendar.components[i].name == name) {
                    Some(at) => {
                        if at + 1 != open.len() {
                            let inner = &calendar.components[open[open.len() - 1]].name;
                            warnings.push(remark(
                                origin,
                                &shown,
                                line,
                                format!("`END:{name}` closes `{inner}` too, which has no END of its own"),
                                help_line,
                            ));
                        }
                        open.truncate(at);
                    }
                    None if open.is_empty() => {}
                    None => warnings.push(remark(
                        origin,
                        &shown,
                        line,
                        format!("`END:{name}` has no matching BEGIN and is left out"),
                        help_line,
                    )),
                }
            }
            _ => {
                if let Some(&current) = open.last() {
                    let component = &mut calendar.components[current];
                    if component.properties.len() < MAX_PROPERTIES {
                        component.properties.push(property);
                    } else if component.overflow.is_none() {
                        // Said where the component is used: an event past the limit is skipped whole (its last
                        // EXDATEs must not be dropped in silence).
                        component.overflow = Some(line);
                    }
                }
            }
        }
    }
    if !seen_calendar {
        return refuse(
            1,
            "the file has no `BEGIN:VCALENDAR`: it is not a calendar".to_string(),
            "the last good feed is kept",
        );
    }
    if let Some(&first_open) = open.first() {
        let line = calendar.components[first_open].line;
        return refuse(
            shown.len().max(line),
            "the calendar ends before `END:VCALENDAR` (a truncated download?)".to_string(),
            "the last good feed is kept",
        );
    }
    calendar.warnings = warnings;
    calendar.lines = shown;
    Ok(calendar)
}

/// `NAME *(;PARAM=VALUE[,VALUE]) : value`, names upper-cased; `None` when there is no name or no colon.
fn content_line(text: &str, line: usize) -> Option<Property> {
    let name_end = text.find([';', ':'])?;
    let name = &text[..name_end];
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return None;
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after.find('=')?;
        let key = after[..eq].trim().to_ascii_uppercase();
        let mut value_text = &after[eq + 1..];
        let mut values = Vec::new();
        loop {
            if let Some(quoted) = value_text.strip_prefix('"') {
                let close = quoted.find('"')?;
                values.push(quoted[..close].to_string());
                value_text = &quoted[close + 1..];
            } else {
                let end = value_text.find([',', ';', ':'])?;
                values.push(value_text[..end].to_string());
                value_text = &value_text[end..];
            }
            match value_text.strip_prefix(',') {
                Some(more) => value_text = more,
                None => break,
            }
        }
        params.push((key, values.join(",")));
        rest = value_text;
    }
    let value = rest.strip_prefix(':')?;
    Some(Property { name: name.to_ascii_uppercase(), params, value: value.to_string(), line })
}

/// A TEXT value with its escapes undone: `\\`, `\;`, `\,`, `\n` and `\N`.
pub fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(calendar: &Calendar) -> Vec<String> {
        calendar.components.iter().map(|c| format!("{}@{}", c.name, c.line)).collect()
    }

    #[test]
    fn line_ends_of_every_kind() {
        let (lines, odd) = physical_lines(b"a\r\nb\nc\rd\r\r\ne");
        assert_eq!(lines, [&b"a"[..], b"b", b"c", b"d", b"e"]);
        assert_eq!(odd, Some(3));
        assert_eq!(physical_lines(b"a\r\nb\r\n").1, None);
    }

    #[test]
    fn folds_inside_a_utf8_character_are_joined_before_decoding() {
        let mut bytes = b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\xe3\x83".to_vec();
        bytes.extend_from_slice(b"\r\n \xa1\xe3\x83\xb3\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let calendar = read(&bytes, "x.ics").unwrap();
        assert_eq!(calendar.components[1].property("SUMMARY").unwrap().value, "メン");
        assert!(calendar.warnings.is_empty());
    }

    #[test]
    fn lowercase_and_several_calendars() {
        let text = "begin:vcalendar\nbegin:vevent\nuid:a\nend:vevent\nend:vcalendar\nBEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:b\nEND:VEVENT\nEND:VCALENDAR\n";
        let calendar = read(text.as_bytes(), "x.ics").unwrap();
        assert_eq!(names(&calendar), ["VCALENDAR@1", "VEVENT@2", "VCALENDAR@6", "VEVENT@7"]);
        assert_eq!(calendar.components[1].property("UID").unwrap().value, "a");
    }

    #[test]
    fn nesting_is_bounded_without_recursion() {
        let mut text = String::from("BEGIN:VCALENDAR\n");
        for _ in 0..100_000 {
            text.push_str("BEGIN:X\n");
        }
        let errors = read(text.as_bytes(), "deep.ics").unwrap_err();
        assert_eq!(errors[0].line, MAX_DEPTH + 1);
        assert!(errors[0].message.contains("nested more than 8 levels"), "{}", errors[0].message);
    }

    #[test]
    fn params_quoted_and_listed() {
        let p = content_line(r#"DTSTART;TZID="(UTC+09:00) Osaka, Sapporo, Tokyo";VALUE=DATE-TIME:20260321T220000"#, 4)
            .unwrap();
        assert_eq!(p.param("TZID"), Some("(UTC+09:00) Osaka, Sapporo, Tokyo"));
        assert_eq!(p.param("VALUE"), Some("DATE-TIME"));
        assert_eq!(p.value, "20260321T220000");
        assert_eq!(content_line("no colon here", 1), None);
        assert_eq!(unescape(r"a\, b\; c\nd\\"), "a, b; c\nd\\");
    }

    #[test]
    fn truncated_and_unclosed() {
        let errors = read(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\n", "t.ics").unwrap_err();
        assert!(errors[0].message.contains("truncated"));
        let errors = read(b"hello\n", "t.ics").unwrap_err();
        assert!(errors[0].message.contains("no `BEGIN:VCALENDAR`"));
    }
}
