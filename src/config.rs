//! Configuration: TOML text in, a validated [`Layer`] and located [`ConfigError`]s out.
//!
//! Parsing has two stages.
//! Stage one is `toml`'s own parser, which turns the text into a tree that remembers the byte span of every key and value.
//! Stage two walks that tree with a small typed reader ([`Section`]) into domain types (`DateTime<Utc>`, `NaiveTime`, URL checks),
//! collecting every problem instead of stopping at the first one.
//! A broken `[[window]]` is reported and skipped; the rest of the file still counts.
//!
//! Layers (built-in default, machine-wide file, user file, `--config`) are merged by [`Config::apply`]:
//! scalar keys of a later layer override earlier ones, and windows are merged by `id`.
//!
//! This module never reads files, the clock or the environment: the shell hands it bytes and a name for them.

use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::ops::Range;

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// Every time in this program is Japan time, whatever the PC's own time zone says.
pub const JST: Tz = chrono_tz::Asia::Tokyo;

/// The built-in default, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Where the README documents the configuration; every error's help line points here.
pub const HELP_URL: &str = "README.md#configuration";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Ja,
    En,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotifySettings {
    /// Minutes before the start at which a notice is shown, largest first, no duplicates.
    pub lead_minutes: Vec<u32>,
    /// Minutes between repeated notices while a window is in progress; 0 turns repeats off.
    pub repeat_during_minutes: u32,
    pub at_end: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Portal {
    pub title: String,
    pub url: String,
}

/// Opening hours of one day, in minutes after midnight: `open` from 0 to 1439, `close` after it, up to 1440 (24:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenHours {
    pub open: u32,
    pub close: u32,
}

/// Opening hours of one kind of day; `None` is closed all day.
pub type DayHours = Option<OpenHours>;

/// A weekly timetable with holidays: the call center's hours, and the facility's own reception hours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    pub weekday: DayHours,
    pub saturday: DayHours,
    pub sunday: DayHours,
    pub closed_on_holidays: bool,
    pub closed_dates: BTreeSet<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub note: String,
    pub hours: Hours,
}

/// What a window does to the counter's work; it chooses the standard steps staff are given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Impact {
    /// A logged-in facility may be logged out (the seed notice's case): wait, then log in again.
    #[default]
    Logout,
    /// The system cannot be used during the window: check eligibility by the fallback, do not keep retrying.
    Outage,
    /// Only what `effect` names is affected; the rest works as usual.
    Partial,
}

impl Impact {
    pub fn code(self) -> &'static str {
        match self {
            Impact::Logout => "logout",
            Impact::Outage => "outage",
            Impact::Partial => "partial",
        }
    }
}

/// An extra article for one window, beside the portal's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    pub id: String,
    pub title: String,
    pub title_en: Option<String>,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub effect: Option<String>,
    pub effect_en: Option<String>,
    pub impact: Impact,
    /// Which system is maintained; `None` is the eligibility system itself (オンライン資格確認等システム).
    pub system: Option<String>,
    /// Steps that replace the impact's standard ones for this window.
    pub guidance: Option<String>,
    pub guidance_en: Option<String>,
    /// The announcement says the end may move (「終了時間が前後する場合がございます」).
    pub end_may_change: bool,
    pub link: Option<Link>,
}

/// What the machine-wide file lets reception accounts see in the tray menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MenuPolicy {
    /// 終了 (behind its confirmation).
    pub quit: bool,
    /// ログイン時に起動.
    pub autostart: bool,
    /// 設定ファイルを開く, 設定を再読み込み and 設定エラーを表示.
    pub config: bool,
}

impl Default for MenuPolicy {
    fn default() -> Self {
        MenuPolicy { quit: true, autostart: true, config: true }
    }
}

/// A schedule feed the machine-wide file names (`[[feed]]`): where to fetch it, and the key its signature must
/// verify with before it may set anything but windows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedSource {
    /// An `https://` address, or a local or UNC file path.
    pub url: String,
    /// How the tray, `status` and the log name it (the address when not given).
    pub name: Option<String>,
    /// A minisign public key (the base64 line of `minisign.pub`).
    pub public_key: Option<String>,
}

impl FeedSource {
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.url)
    }

    /// A file path rather than a web address.
    pub fn is_file(&self) -> bool {
        !self.url.to_ascii_lowercase().starts_with("https://")
    }
}

/// The complete, validated configuration the rest of the program works with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub language: Language,
    pub notify: NotifySettings,
    pub portal: Portal,
    pub contact: Contact,
    /// When the facility's reception is staffed: heads-up, after and repeat notices are timed to these hours.
    pub facility: Hours,
    /// Sorted by start, then id; ids are unique.
    pub windows: Vec<Window>,
    /// Set only by the machine-wide file.
    pub menu: MenuPolicy,
    /// Set only by the machine-wide file.
    pub feeds: Vec<FeedSource>,
    /// The proxy for https:// feeds: `None` uses the environment and Windows' setting; `Some("none")` none at all.
    /// Set only by the machine-wide file.
    pub proxy: Option<String>,
}

/// What one file says: every key is optional, so a layer only overrides what it names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layer {
    pub language: Option<Language>,
    pub lead_minutes: Option<Vec<u32>>,
    pub repeat_during_minutes: Option<u32>,
    pub at_end: Option<bool>,
    pub portal_title: Option<String>,
    pub portal_url: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_note: Option<String>,
    pub contact_hours: HoursLayer,
    pub facility: HoursLayer,
    pub windows: Vec<Window>,
    /// `[menu]`: honoured only in the machine-wide file.
    pub menu: MenuLayer,
    /// `[[feed]]`, `proxy` and `allowed_hosts`: honoured only in the machine-wide file.
    pub feeds: Vec<FeedSource>,
    pub proxy: Option<String>,
    pub allowed_hosts: Option<Vec<String>>,
    /// A feed's `serial` (a signed feed's is never allowed to go down) and `expires`; only feeds set them.
    pub serial: Option<u64>,
    pub expires: Option<DateTime<Utc>>,
    /// Located remarks that reject nothing (a window longer than [`LONG_WINDOW`]): `check` shows them, the app logs them.
    pub warnings: Vec<ConfigError>,
    /// Events of a feed that were skipped (each has a warning): `feed update` and the status say how many.
    pub skipped: usize,
    /// Where this file sets each setting: `notify.lead_minutes`, `contact.closed_dates`, `window "ID"`, ...
    /// (the error's message is empty), so that a later file's override of it can be pointed at.
    pub sites: Vec<(String, ConfigError)>,
}

/// What one file says in `[menu]`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MenuLayer {
    pub quit: Option<bool>,
    pub autostart: Option<bool>,
    pub config: Option<bool>,
}

impl MenuLayer {
    pub fn is_empty(&self) -> bool {
        *self == MenuLayer::default()
    }
}

/// What one file says about a timetable (`[contact]` or `[facility]`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HoursLayer {
    pub weekday: Option<DayHours>,
    pub saturday: Option<DayHours>,
    pub sunday: Option<DayHours>,
    pub closed_on_holidays: Option<bool>,
    pub closed_dates: Option<BTreeSet<NaiveDate>>,
}

impl Hours {
    /// Lays `layer` over these hours: the keys it names replace ours.
    fn apply(&mut self, layer: HoursLayer) {
        set(&mut self.weekday, layer.weekday);
        set(&mut self.saturday, layer.saturday);
        set(&mut self.sunday, layer.sunday);
        set(&mut self.closed_on_holidays, layer.closed_on_holidays);
        set(&mut self.closed_dates, layer.closed_dates);
    }

    /// Closed every day: the starting point that the built-in default layer fills in.
    fn closed() -> Hours {
        Hours { weekday: None, saturday: None, sunday: None, closed_on_holidays: true, closed_dates: BTreeSet::new() }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *slot = value;
    }
}

/// At most this many errors (and as many warnings) are printed or logged one by one; then how many more there are,
/// so that neither a terminal nor the log drowns in a file of 100 000 mistakes.
pub const SHOWN_ERRORS: usize = 100;

/// The remark after the first [`SHOWN_ERRORS`] of `count` problems: `… and 99 900 more error(s) like them`.
pub fn more_errors(count: usize, what: &str) -> Option<String> {
    (count > SHOWN_ERRORS)
        .then(|| format!("… and {} more {what}(s) not shown; fix the first ones and check again", count - SHOWN_ERRORS))
}

/// The first [`SHOWN_ERRORS`] of `items`, each as `line` writes it, then one line that says how many more there
/// are (`what`: `error`, `warning`, `problem`): what `check`, the reports and the log show of a long list.
pub fn capped<T>(items: &[T], what: &str, line: impl FnMut(&T) -> String) -> Vec<String> {
    let mut lines: Vec<String> = items.iter().take(SHOWN_ERRORS).map(line).collect();
    lines.extend(more_errors(items.len(), what));
    lines
}

/// A window longer than this is probably a typo in a year or month: `check` warns (it is still used).
pub const LONG_WINDOW: chrono::Duration = chrono::Duration::days(14);

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

impl Default for Config {
    /// An empty configuration; the built-in default layer is applied on top of it by [`Config::builtin`].
    fn default() -> Self {
        Config {
            language: Language::Ja,
            notify: NotifySettings { lead_minutes: Vec::new(), repeat_during_minutes: 0, at_end: false },
            portal: Portal { title: String::new(), url: String::new() },
            contact: Contact { name: String::new(), phone: String::new(), note: String::new(), hours: Hours::closed() },
            facility: Hours::closed(),
            windows: Vec::new(),
            menu: MenuPolicy::default(),
            feeds: Vec::new(),
            proxy: None,
        }
    }
}

impl Config {
    /// The configuration compiled into the binary.
    ///
    /// The built-in default is tested to parse without errors, so this never reports any.
    pub fn builtin() -> Config {
        let (layer, _errors) = parse_str(DEFAULT_TOML, "<built-in default>");
        let mut config = Config::default();
        config.apply(layer);
        config
    }

    /// Lays `layer` over `self`: the keys it names replace ours; its windows replace ours with the same `id`, others are added.
    pub fn apply(&mut self, layer: Layer) {
        set(&mut self.language, layer.language);
        set(&mut self.notify.lead_minutes, layer.lead_minutes);
        set(&mut self.notify.repeat_during_minutes, layer.repeat_during_minutes);
        set(&mut self.notify.at_end, layer.at_end);
        set(&mut self.portal.title, layer.portal_title);
        set(&mut self.portal.url, layer.portal_url);
        set(&mut self.contact.name, layer.contact_name);
        set(&mut self.contact.phone, layer.contact_phone);
        set(&mut self.contact.note, layer.contact_note);
        self.contact.hours.apply(layer.contact_hours);
        self.facility.apply(layer.facility);
        set(&mut self.menu.quit, layer.menu.quit);
        set(&mut self.menu.autostart, layer.menu.autostart);
        set(&mut self.menu.config, layer.menu.config);
        if !layer.feeds.is_empty() {
            self.feeds = layer.feeds;
        }
        if layer.proxy.is_some() {
            self.proxy = layer.proxy;
        }
        let mut index: HashMap<String, usize> =
            self.windows.iter().enumerate().map(|(i, w)| (w.id.clone(), i)).collect();
        for window in layer.windows {
            match index.get(&window.id) {
                Some(&i) => self.windows[i] = window,
                None => {
                    index.insert(window.id.clone(), self.windows.len());
                    self.windows.push(window);
                }
            }
        }
        self.windows.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    }
}

/// The user's file as `init-config` and the menu's 設定ファイルを開く create it: the built-in default with every
/// setting commented out, so that creating the file overrides nothing, least of all the machine-wide settings.
pub fn user_template() -> String {
    let mut out = String::from(
        "# この PC を使うあなただけの設定です。このままでは何も変えません。\n\
         # 変えたい行の先頭の「# 」を消してください（PC 全体の設定は管理者のファイルにあります）。\n\
         # Your own settings. As created, this file changes nothing: remove the \"# \" in front of a line to use it.\n\
         # A setting here overrides the machine-wide file; `onshi-tray check` warns when it does.\n\
         # The built-in default in full: `onshi-tray init-config --print-default`.\n\n",
    );
    for line in DEFAULT_TOML.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            out += line;
        } else {
            out += "# ";
            out += line;
        }
        out.push('\n');
    }
    out
}

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
    // table in one round, so that the work stays linear in the size of the file.
    const EXACT_PASSES: usize = 20;
    let index = LineIndex::new(text);
    let mut working = std::borrow::Cow::Borrowed(text);
    let mut passes = 0;
    loop {
        match DeTable::parse(&working) {
            Err(err) => {
                passes += 1;
                let found: Vec<(Range<usize>, String)> = if passes <= EXACT_PASSES {
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
    starts: Vec<usize>,
    header: Vec<bool>,
    /// How many `[[window]]` headers the original text has up to and including each line.
    windows_up_to: Vec<usize>,
}

impl Sections {
    /// `original` is the text before any table was set aside (same byte offsets), where windows are counted.
    fn new(text: &str, original: &str) -> Sections {
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

/// A located remark about byte `at` of `text` (for the other files the app reads: iCalendar feeds).
pub fn located(text: &str, origin: &str, at: usize, message: String, help: Option<String>) -> ConfigError {
    let at = at.min(text.len());
    let mut error = locate(text, origin, at..at, message);
    error.help = help;
    error
}

/// Turns a byte span into a located error with 1-based line and character column.
fn locate(text: &str, origin: &str, span: Range<usize>, message: String) -> ConfigError {
    locate_in(text, &LineIndex::new(text), origin, span, message)
}

/// Where each line of a text starts, so that locating an error costs a binary search, not a scan of the text
/// before it (a file with many errors is located in linear time).
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        LineIndex { starts: std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// The 1-based line of a byte offset, and the offset where that line starts.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset);
        (line, self.starts[line.saturating_sub(1)])
    }
}

fn locate_in(text: &str, index: &LineIndex, origin: &str, span: Range<usize>, message: String) -> ConfigError {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let (line, line_start) = index.line_of(start);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let source_line = text[line_start..line_end].trim_end_matches('\r').to_string();
    let col = text[line_start..start].chars().count() + 1;
    let underline = text[start..end.min(line_end)].chars().count();
    ConfigError { origin: origin.to_string(), line, col, message, help: None, source_line, underline, fatal: false }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

const ROOT_KEYS: &[&str] =
    &["language", "notify", "portal", "contact", "facility", "menu", "feed", "proxy", "allowed_hosts", "window"];
/// A feed's top level: what a config file has, and `serial` and `expires`.
const FEED_ROOT_KEYS: &[&str] = &[
    "serial",
    "expires",
    "window",
    "portal",
    "contact",
    "language",
    "notify",
    "facility",
    "menu",
    "feed",
    "proxy",
    "allowed_hosts",
];
/// What only the local config files set: a feed that says them is warned and ignored.
const LOCAL_ONLY_KEYS: &[&str] = &["language", "notify", "facility", "menu", "feed", "proxy", "allowed_hosts"];
const FEED_KEYS: &[&str] = &["url", "name", "public_key"];
const MENU_KEYS: &[&str] = &["quit", "autostart", "config"];
const NOTIFY_KEYS: &[&str] = &["lead_minutes", "repeat_during_minutes", "at_end"];
const PORTAL_KEYS: &[&str] = &["title", "url"];
const CONTACT_KEYS: &[&str] =
    &["name", "phone", "note", "weekday", "saturday", "sunday", "closed_on_holidays", "closed_dates"];
const FACILITY_KEYS: &[&str] = &["weekday", "saturday", "sunday", "closed_on_holidays", "closed_dates"];
const WINDOW_KEYS: &[&str] = &[
    "id",
    "title",
    "title_en",
    "start",
    "end",
    "effect",
    "effect_en",
    "impact",
    "system",
    "guidance",
    "guidance_en",
    "end_may_change",
    "link_title",
    "link_url",
];

struct Reader<'a> {
    text: &'a str,
    origin: &'a str,
    errors: &'a mut Vec<ConfigError>,
    /// Built at the first located item (an error, or a setting recorded for override warnings).
    lines: std::cell::OnceCell<LineIndex>,
}

/// A table being read: it remembers which keys were asked for, so that the rest can be reported as unknown.
struct Section<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Dotted path of the table, for messages (`notify`, `window[2]`).
    path: String,
    span: Range<usize>,
}

impl<'a> Reader<'a> {
    fn locate(&self, span: Range<usize>, message: String) -> ConfigError {
        let index = self.lines.get_or_init(|| LineIndex::new(self.text));
        locate_in(self.text, index, self.origin, span, message)
    }

    fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        let mut error = self.locate(span, message);
        error.help = help;
        self.errors.push(error);
    }

    fn read_root(&mut self, root: &DeTable<'_>, layer: &mut Layer) {
        let root = Section { table: root, path: String::new(), span: 0..0 };
        self.unknown_keys(&root, ROOT_KEYS);
        layer.language = self.string(&root, "language").and_then(|(value, span)| match value.as_str() {
            "ja" => Some(Language::Ja),
            "en" => Some(Language::En),
            _ => {
                self.error(span, format!("unknown language `{value}`"), Some("use \"ja\" or \"en\"".to_string()));
                None
            }
        });
        if let Some(notify) = self.table(&root, "notify") {
            self.unknown_keys(&notify, NOTIFY_KEYS);
            layer.lead_minutes = self.lead_minutes(&notify);
            layer.repeat_during_minutes = self.minutes(&notify, "repeat_during_minutes", 0);
            layer.at_end = self.boolean(&notify, "at_end");
        }
        self.portal_and_contact(&root, layer);
        if let Some(facility) = self.table(&root, "facility") {
            self.unknown_keys(&facility, FACILITY_KEYS);
            layer.facility = self.timetable(&facility);
        }
        if let Some(menu) = self.table(&root, "menu") {
            self.unknown_keys(&menu, MENU_KEYS);
            layer.menu = MenuLayer {
                quit: self.boolean(&menu, "quit"),
                autostart: self.boolean(&menu, "autostart"),
                config: self.boolean(&menu, "config"),
            };
        }
        self.feeds(&root, layer);
        layer.allowed_hosts = self.allowed_hosts(&root);
        layer.proxy = self.string(&root, "proxy").and_then(|(proxy, span)| match check_proxy(&proxy) {
            Ok(()) => Some(proxy),
            Err(problem) => {
                let help = "write for example \"http://proxy.example.jp:8080\", or \"none\"".to_string();
                self.error(span, format!("`proxy` {problem}"), Some(help));
                None
            }
        });
        self.windows(&root, layer);
        self.sites(&root, layer);
    }

    /// `allowed_hosts`: host names, or `*.` and a domain for every host under it.
    fn allowed_hosts(&mut self, root: &Section<'_, '_>) -> Option<Vec<String>> {
        let value = root.table.get("allowed_hosts")?;
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(root, "allowed_hosts", value.span(), "a list of host names, such as [\"*.mhlw.go.jp\"]");
            return None;
        };
        let mut hosts = Vec::new();
        for item in array.iter() {
            let pattern = match item.get_ref() {
                DeValue::String(s) => s.trim().to_ascii_lowercase(),
                _ => String::new(),
            };
            let host = pattern.strip_prefix("*.").unwrap_or(&pattern);
            if check_url(&format!("https://{host}/")).is_err() || host.is_empty() {
                let help = "write a host name such as \"www.mhlw.go.jp\", or \"*.mhlw.go.jp\" for every host under it";
                self.error(item.span(), "`allowed_hosts` takes host names".to_string(), Some(help.to_string()));
                return None;
            }
            hosts.push(pattern);
        }
        Some(hosts)
    }

    /// `[portal]` and `[contact]`: a config file's, or a signed feed's.
    fn portal_and_contact(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        if let Some(portal) = self.table(root, "portal") {
            self.unknown_keys(&portal, PORTAL_KEYS);
            layer.portal_title = self.string(&portal, "title").map(|(s, _)| s);
            layer.portal_url = self.url(&portal, "url");
        }
        if let Some(contact) = self.table(root, "contact") {
            self.unknown_keys(&contact, CONTACT_KEYS);
            layer.contact_name = self.string(&contact, "name").map(|(s, _)| s);
            layer.contact_phone = self.string(&contact, "phone").map(|(s, _)| s);
            layer.contact_note = self.string(&contact, "note").map(|(s, _)| s);
            layer.contact_hours = self.timetable(&contact);
        }
    }

    fn warn(&mut self, layer: &mut Layer, span: Range<usize>, message: String, help: &str) {
        let mut warning = self.locate(span, message);
        warning.help = Some(help.to_string());
        layer.warnings.push(warning);
    }

    /// A feed's top level (see [`parse_feed_str`]).
    fn read_feed_root(&mut self, root: &DeTable<'_>, layer: &mut Layer, signed: bool) {
        let root = Section { table: root, path: String::new(), span: 0..0 };
        self.unknown_keys(&root, FEED_ROOT_KEYS);
        for (key, _) in root.table.iter() {
            let name = key.get_ref().as_ref();
            if LOCAL_ONLY_KEYS.contains(&name) {
                let message = format!("a feed cannot set `{name}`; ignored");
                self.warn(layer, key.span(), message, "only the PC's own config files set it");
            } else if !signed && ["portal", "contact"].contains(&name) {
                let message = format!("`[{name}]` in an unsigned feed is ignored: an unsigned feed only adds windows");
                let help = "addresses and phone numbers come from the local config, or from a feed signed with a key the machine-wide file names (`public_key`)";
                self.warn(layer, key.span(), message, help);
            }
        }
        if let Some(value) = self.get(&root, "serial") {
            match self.integer(value) {
                Some(n) if n >= 0 => layer.serial = Some(n as u64),
                _ => self.wrong_type(&root, "serial", value.span(), "a whole number, raised at every change"),
            }
        }
        if root.table.contains_key("expires") {
            layer.expires = self.required_datetime(&root, "expires").map(|(t, _)| t);
        }
        if signed {
            self.portal_and_contact(&root, layer);
        }
        self.windows(&root, layer);
        if !signed {
            self.drop_links(&root, layer);
        }
    }

    /// An unsigned feed's window links are ignored (warned at each `link_url`).
    fn drop_links(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        let Some(DeValue::Array(array)) = root.table.get("window").map(|v| v.get_ref()) else { return };
        for item in array.iter() {
            let DeValue::Table(table) = item.get_ref() else { continue };
            if let Some(url) = table.get("link_url").or_else(|| table.get("link_title")) {
                let message = "a link in an unsigned feed is ignored".to_string();
                self.warn(layer, url.span(), message, "only the local config or a signed feed may add links");
            }
        }
        for window in &mut layer.windows {
            window.link = None;
        }
    }

    /// `[[feed]]` tables (the machine-wide file's; [`drop_feeds`] removes them from any other file).
    fn feeds(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        let Some(value) = root.table.get("feed") else { return };
        let DeValue::Array(array) = value.get_ref() else {
            self.error(
                value.span(),
                "`feed` must be an array of tables".to_string(),
                Some("write each feed as a `[[feed]]` section".to_string()),
            );
            return;
        };
        for (index, item) in array.iter().enumerate() {
            let DeValue::Table(table) = item.get_ref() else {
                self.error(
                    item.span(),
                    "each `feed` must be a table".to_string(),
                    Some("write each feed as a `[[feed]]` section".to_string()),
                );
                continue;
            };
            let section = Section { table, path: format!("feed[{}]", index + 1), span: item.span() };
            self.unknown_keys(&section, FEED_KEYS);
            let before = self.errors.len();
            let url = match self.string(&section, "url") {
                None if table.get("url").is_none() => {
                    self.error(section.span.clone(), format!("`{}` has no `url`", section.path), Some("add `url = \"https://...\"` or a file path such as `url = '\\\\nas\\share\\onshi\\feed.toml'`".to_string()));
                    None
                }
                None => None,
                Some((url, span)) => match check_feed_url(&url) {
                    Ok(()) => Some(url),
                    Err(problem) => {
                        self.error(
                            span,
                            format!("`{}.url` {problem}", section.path),
                            Some("use an https:// address, or a local or UNC file path".to_string()),
                        );
                        None
                    }
                },
            };
            let name = self.string(&section, "name").map(|(s, _)| s);
            let public_key = self.string(&section, "public_key").and_then(|(key, span)| match check_public_key(&key) {
                Ok(key) => Some(key),
                Err(problem) => {
                    self.error(span, format!("`{}.public_key` {problem}", section.path), Some("copy the second line of the publisher's minisign.pub, such as \"RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3\"".to_string()));
                    None
                }
            });
            if let (Some(url), true) = (url, self.errors.len() == before) {
                layer.feeds.push(FeedSource { url, name, public_key });
            }
        }
    }

    /// Records where each known setting is written, for [`overrides`].
    fn sites(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        let mut sites = Vec::new();
        for (key, value) in root.table.iter() {
            let name = key.get_ref().as_ref();
            match value.get_ref() {
                DeValue::Table(table) if ["notify", "portal", "contact", "facility", "menu"].contains(&name) => {
                    for (inner, _) in table.iter() {
                        sites.push((format!("{name}.{}", inner.get_ref()), inner.span()));
                    }
                }
                DeValue::Array(_) if name == "feed" || name == "allowed_hosts" => {
                    sites.push((name.to_string(), key.span()))
                }
                DeValue::Array(_) | DeValue::Table(_) => {}
                _ if ROOT_KEYS.contains(&name) => sites.push((name.to_string(), key.span())),
                _ => {}
            }
        }
        let located: Vec<_> = sites.into_iter().map(|(name, span)| (name, self.locate(span, String::new()))).collect();
        layer.sites.extend(located);
    }

    /// The timetable keys shared by `[contact]` and `[facility]`.
    fn timetable(&mut self, section: &Section<'_, '_>) -> HoursLayer {
        HoursLayer {
            weekday: self.hours(section, "weekday"),
            saturday: self.hours(section, "saturday"),
            sunday: self.hours(section, "sunday"),
            closed_on_holidays: self.boolean(section, "closed_on_holidays"),
            closed_dates: self.closed_dates(section),
        }
    }

    fn windows(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        let Some(value) = root.table.get("window") else { return };
        let DeValue::Array(array) = value.get_ref() else {
            self.error(
                value.span(),
                "`window` must be an array of tables".to_string(),
                Some("write each window as a `[[window]]` section".to_string()),
            );
            return;
        };
        let mut seen: HashMap<String, Range<usize>> = HashMap::new();
        for (index, item) in array.iter().enumerate() {
            let DeValue::Table(table) = item.get_ref() else {
                self.error(
                    item.span(),
                    "each `window` must be a table".to_string(),
                    Some("write each window as a `[[window]]` section".to_string()),
                );
                continue;
            };
            let section = Section { table, path: format!("window[{}]", index + 1), span: item.span() };
            let Some(window) = self.window(&section) else { continue };
            let id_span = section.table.get("id").map_or(section.span.clone(), |v| v.span());
            if let Some(first) = seen.get(&window.id) {
                let line = self.locate(first.start..first.start, String::new()).line;
                self.error(
                    id_span,
                    format!("duplicate window id `{}` (first used on line {line}); this window is skipped", window.id),
                    Some("give every window its own `id`".to_string()),
                );
                continue;
            }
            if window.end - window.start > LONG_WINDOW {
                let span = section.table.get("end").map_or(section.span.clone(), |v| v.span());
                let mut warning = self.locate(
                    span,
                    format!(
                        "{} lasts {} days: is the year right? (it is used as written)",
                        section.path,
                        (window.end - window.start).num_days()
                    ),
                );
                warning.help = Some("real maintenance windows last hours, rarely more than two days".to_string());
                layer.warnings.push(warning);
            }
            layer.sites.push((format!("window \"{}\"", window.id), self.locate(id_span.clone(), String::new())));
            seen.insert(window.id.clone(), id_span);
            layer.windows.push(window);
        }
    }

    /// Reads one `[[window]]`; `None` (with errors reported) when it cannot be used.
    fn window(&mut self, section: &Section<'_, '_>) -> Option<Window> {
        // Unknown keys are reported, but they do not make the window unusable.
        self.unknown_keys(section, WINDOW_KEYS);
        let unknown_only = self.errors.len();
        let id = self.required_string(section, "id");
        let title = self.required_string(section, "title");
        let title_en = self.string(section, "title_en").map(|(s, _)| s);
        let start = self.required_datetime(section, "start");
        let end = self.required_datetime(section, "end");
        let effect = self.string(section, "effect").map(|(s, _)| s);
        let effect_en = self.string(section, "effect_en").map(|(s, _)| s);
        let impact = self.impact(section);
        let system = self.string(section, "system").map(|(s, _)| s).filter(|s| !s.trim().is_empty());
        let guidance = self.string(section, "guidance").map(|(s, _)| s).filter(|s| !s.trim().is_empty());
        let guidance_en = self.string(section, "guidance_en").map(|(s, _)| s).filter(|s| !s.trim().is_empty());
        let end_may_change = self.boolean(section, "end_may_change").unwrap_or(false);
        let link = self.link(section);
        if let (Some((start, _)), Some((end, end_span))) = (&start, &end) {
            if end <= start {
                let start_jst = start.with_timezone(&JST).format("%Y-%m-%d %H:%M");
                self.error(
                    end_span.clone(),
                    format!("`end` must be after `start` ({start_jst} JST) in {}", section.path),
                    Some("check the date and time of `end`; this window is skipped".to_string()),
                );
            }
        }
        if let Some((id, span)) = &id {
            if id.trim().is_empty() {
                self.error(
                    span.clone(),
                    "`id` must not be empty".to_string(),
                    Some("use a short name such as \"2026-03-21-kaishu\"".to_string()),
                );
            }
        }
        if self.errors.len() > unknown_only {
            return None;
        }
        Some(Window {
            id: id?.0,
            title: title?.0,
            title_en,
            start: start?.0,
            end: end?.0,
            effect,
            effect_en,
            impact: impact.unwrap_or_default(),
            system,
            guidance,
            guidance_en,
            end_may_change,
            link,
        })
    }

    fn impact(&mut self, section: &Section<'_, '_>) -> Option<Impact> {
        let (text, span) = self.string(section, "impact")?;
        match text.as_str() {
            "logout" => Some(Impact::Logout),
            "outage" => Some(Impact::Outage),
            "partial" => Some(Impact::Partial),
            _ => {
                self.error(
                    span,
                    format!("unknown `{}.impact` `{text}`", section.path),
                    Some("use \"logout\" (may be logged out once), \"outage\" (cannot be used during the window) or \"partial\" (only what `effect` names)".to_string()),
                );
                None
            }
        }
    }

    /// `link_title` and `link_url` come as a pair; the address follows the portal's rules.
    fn link(&mut self, section: &Section<'_, '_>) -> Option<Link> {
        let title = self.string(section, "link_title");
        let url = self.url(section, "link_url");
        match (title, url) {
            (Some((title, _)), Some(url)) => Some(Link { title, url }),
            (None, Some(url)) => Some(Link { title: url.clone(), url }),
            (Some((_, span)), None) if section.table.get("link_url").is_none() => {
                self.error(
                    span,
                    format!("`{}.link_title` has no `link_url`", section.path),
                    Some("add `link_url = \"https://...\"` or remove `link_title`".to_string()),
                );
                None
            }
            _ => None,
        }
    }

    fn unknown_keys(&mut self, section: &Section<'_, '_>, known: &[&str]) {
        for (key, _) in section.table.iter() {
            let name = key.get_ref().as_ref();
            if known.contains(&name) {
                continue;
            }
            let nearest = known
                .iter()
                .map(|k| (strsim::damerau_levenshtein(name, k), *k))
                .filter(|(distance, k)| *distance <= 2.max(k.len() / 3))
                .min();
            let place =
                if section.path.is_empty() { "at the top level".to_string() } else { format!("in `{}`", section.path) };
            let help = match nearest {
                Some((_, k)) => format!("did you mean `{k}`?"),
                None => format!("valid keys here: {}", known.join(", ")),
            };
            self.error(key.span(), format!("unknown key `{name}` {place}"), Some(help));
        }
    }

    fn get<'t, 'i>(&self, section: &'t Section<'_, 'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>>
    where
        'i: 't,
    {
        section.table.get(key)
    }

    fn wrong_type(&mut self, section: &Section<'_, '_>, key: &str, span: Range<usize>, expected: &str) {
        let name = if section.path.is_empty() { key.to_string() } else { format!("{}.{key}", section.path) };
        self.error(span, format!("`{name}` must be {expected}"), None);
    }

    fn table<'t, 'i>(&mut self, section: &'t Section<'_, 'i>, key: &str) -> Option<Section<'t, 'i>> {
        let value = self.get(section, key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(Section { table, path: key.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(section, key, value.span(), &format!("a table (`[{key}]`)"));
                None
            }
        }
    }

    fn string(&mut self, section: &Section<'_, '_>, key: &str) -> Option<(String, Range<usize>)> {
        let value = self.get(section, key)?;
        match value.get_ref() {
            DeValue::String(s) => {
                match check_text(s, MULTI_LINE_KEYS.contains(&key)).and_then(|()| check_length(s, max_chars(key))) {
                    Ok(()) if key == "id" && !is_safe_id(s) => {
                        let help =
                        "use letters, digits, `-`, `_` and `.`, such as \"2026-03-21-kaishu\"; this window is skipped";
                        self.error(
                            value.span(),
                            format!("`{}.id` may hold only letters, digits, `-`, `_` and `.`", section.path),
                            Some(help.to_string()),
                        );
                        None
                    }
                    Ok(()) => Some((s.to_string(), value.span())),
                    Err(problem) => {
                        let name =
                            if section.path.is_empty() { key.to_string() } else { format!("{}.{key}", section.path) };
                        let help = if problem.starts_with("is longer") {
                            "shorten the text: staff read a notice in seconds, and the guidance page carries the details"
                        } else {
                            "retype the text; such characters can forge lines in logs and reports or disguise text"
                        };
                        self.error(value.span(), format!("`{name}` {problem}"), Some(help.to_string()));
                        None
                    }
                }
            }
            _ => {
                self.wrong_type(section, key, value.span(), "a string in double quotes");
                None
            }
        }
    }

    fn required_string(&mut self, section: &Section<'_, '_>, key: &str) -> Option<(String, Range<usize>)> {
        if self.get(section, key).is_none() {
            self.missing(section, key);
            return None;
        }
        self.string(section, key)
    }

    fn missing(&mut self, section: &Section<'_, '_>, key: &str) {
        self.error(
            section.span.clone(),
            format!("`{}` has no `{key}`", section.path),
            Some(format!("add `{key} = ...`; this window is skipped")),
        );
    }

    fn boolean(&mut self, section: &Section<'_, '_>, key: &str) -> Option<bool> {
        let value = self.get(section, key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(section, key, value.span(), "true or false");
                None
            }
        }
    }

    fn integer(&mut self, value: &Spanned<DeValue<'_>>) -> Option<i64> {
        match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => None,
        }
    }

    /// A number of minutes between `min` and one week.
    fn minutes(&mut self, section: &Section<'_, '_>, key: &str, min: i64) -> Option<u32> {
        let value = self.get(section, key)?;
        let max = 7 * 24 * 60;
        match self.integer(value) {
            Some(n) if (min..=max).contains(&n) => Some(n as u32),
            _ => {
                self.wrong_type(section, key, value.span(), &format!("a whole number of minutes from {min} to {max}"));
                None
            }
        }
    }

    fn lead_minutes(&mut self, section: &Section<'_, '_>) -> Option<Vec<u32>> {
        let value = self.get(section, "lead_minutes")?;
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(section, "lead_minutes", value.span(), "a list of minutes, such as [60, 15]");
            return None;
        };
        let mut minutes = Vec::new();
        for item in array.iter() {
            match self.integer(item) {
                Some(n) if (1..=7 * 24 * 60).contains(&n) => minutes.push(n as u32),
                _ => {
                    self.error(
                        item.span(),
                        "`notify.lead_minutes` takes whole numbers of minutes from 1 to 10080".to_string(),
                        Some("the notice at the start itself is always shown; write for example [60, 15]".to_string()),
                    );
                    return None;
                }
            }
        }
        minutes.sort_unstable_by(|a, b| b.cmp(a));
        minutes.dedup();
        Some(minutes)
    }

    fn url(&mut self, section: &Section<'_, '_>, key: &str) -> Option<String> {
        let (url, span) = self.string(section, key)?;
        match check_url(&url) {
            Ok(()) => Some(url),
            Err(problem) => {
                self.error(
                    span,
                    format!("`{}.{key}` {problem}", section.path),
                    Some("use a web address that starts with https://".to_string()),
                );
                None
            }
        }
    }

    fn hours(&mut self, section: &Section<'_, '_>, key: &str) -> Option<DayHours> {
        let (text, span) = self.string(section, key)?;
        match parse_hours(&text) {
            Ok(hours) => Some(hours),
            Err(problem) => {
                self.error(
                    span,
                    format!("`{}.{key}`: {problem}", section.path),
                    Some(
                        "write opening hours as \"08:00-18:00\" (\"00:00-24:00\" for all day), or \"closed\""
                            .to_string(),
                    ),
                );
                None
            }
        }
    }

    fn closed_dates(&mut self, section: &Section<'_, '_>) -> Option<BTreeSet<NaiveDate>> {
        let value = self.get(section, "closed_dates")?;
        let DeValue::Array(array) = value.get_ref() else {
            self.wrong_type(section, "closed_dates", value.span(), "a list of dates, such as [2026-12-29, 2026-12-30]");
            return None;
        };
        let mut dates = BTreeSet::new();
        for item in array.iter() {
            let date = match item.get_ref() {
                DeValue::Datetime(dt) if dt.time.is_none() => {
                    dt.date.and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into()))
                }
                DeValue::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                _ => None,
            };
            match date {
                Some(date) => {
                    dates.insert(date);
                }
                None => self.error(
                    item.span(),
                    format!("`{}.closed_dates` takes dates such as 2026-12-29", section.path),
                    None,
                ),
            }
        }
        Some(dates)
    }

    fn required_datetime(&mut self, section: &Section<'_, '_>, key: &str) -> Option<(DateTime<Utc>, Range<usize>)> {
        let Some(value) = self.get(section, key) else {
            self.missing(section, key);
            return None;
        };
        let span = value.span();
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) => datetime_from_toml(dt),
            DeValue::String(s) => parse_instant(s),
            _ => Err("must be a date and time such as 2026-03-21T22:00:00".to_string()),
        }
        .and_then(check_year);
        match parsed {
            Ok(instant) => Some((instant, span)),
            Err(problem) => {
                self.error(span, format!("`{}.{key}` {problem}", section.path), Some("write for example 2026-03-21T22:00:00 (read as Japan time) or 2026-03-21T22:00:00+09:00; this window is skipped".to_string()));
                None
            }
        }
    }
}

/// Keeps `[[feed]]` and `proxy` to the machine-wide file: in any other file they are reported (located) and
/// dropped, so that no user can point the PC at another schedule, key or proxy.
pub fn drop_feeds(layer: &mut Layer) -> Vec<ConfigError> {
    let mut warnings = Vec::new();
    let present = [
        ("feed", !layer.feeds.is_empty()),
        ("proxy", layer.proxy.is_some()),
        ("allowed_hosts", layer.allowed_hosts.is_some()),
    ];
    for (name, present) in present {
        let Some((_, site)) = layer.sites.iter().find(|(site, _)| site == name).filter(|_| present) else { continue };
        let mut warning = site.clone();
        let shown = if name == "feed" { "[[feed]]" } else { name };
        warning.message = format!("`{shown}` is read only from the machine-wide file; ignored here");
        warning.help = Some(
            "ask the administrator to set it in the machine-wide file (`onshi-tray paths` shows where)".to_string(),
        );
        warnings.push(warning);
    }
    layer.feeds.clear();
    layer.proxy = None;
    layer.allowed_hosts = None;
    warnings
}

/// The hosts the app opens and links to when the machine-wide file names none: the portal's, and the Japanese
/// government's sites about the system (the ministry, the Digital Agency, JPKI, Mynaportal).
pub const DEFAULT_ALLOWED_HOSTS: &[&str] =
    &["*.service-now.com", "*.mhlw.go.jp", "*.digital.go.jp", "*.jpki.go.jp", "myna.go.jp", "*.myna.go.jp"];

/// Drops the portal address and window links of `layer` whose host is not in `allowed`, with one located error
/// each (`origin` names a layer that recorded no locations, such as a feed).
pub fn keep_allowed_hosts(layer: &mut Layer, allowed: &[String], origin: &str) -> Vec<ConfigError> {
    let site = |layer: &Layer, name: &str| {
        layer
            .sites
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| located("", origin, 0, String::new(), None))
    };
    let refuse = |mut error: ConfigError, what: &str, url: &str| {
        error.message = format!("{what} leads to a host that is not among the allowed hosts ({url}); ignored");
        error.help = Some(
            "check the address; to allow it, add its host to `allowed_hosts` in the machine-wide file".to_string(),
        );
        error
    };
    let mut errors = Vec::new();
    if let Some(url) = layer.portal_url.clone().filter(|url| !host_allowed(url, allowed)) {
        errors.push(refuse(site(layer, "portal.url"), "`portal.url`", &url));
        layer.portal_url = None;
    }
    let mut dropped = Vec::new();
    for window in &mut layer.windows {
        if let Some(link) = window.link.take_if(|link| !host_allowed(&link.url, allowed)) {
            dropped.push((window.id.clone(), link.url));
        }
    }
    for (id, url) in dropped {
        errors.push(refuse(site(layer, &format!("window \"{id}\"")), &format!("the link of window `{id}`"), &url));
    }
    errors
}

/// Whether `url`'s host is one of `allowed` (`host` exactly, or `*.domain` for the domain and every host under it).
pub fn host_allowed(url: &str, allowed: &[String]) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")).unwrap_or(&lower);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once(':').filter(|(h, _)| !h.contains(']')).map_or(authority, |(h, _)| h);
    let host = host.trim_end_matches('.');
    allowed.iter().any(|pattern| match pattern.strip_prefix("*.") {
        Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
        None => host == pattern,
    })
}

/// The machine-wide `proxy`: `none`, or an `http://` (or `https://`) proxy address with its port.
pub fn check_proxy(proxy: &str) -> Result<(), String> {
    let lower = proxy.to_ascii_lowercase();
    if lower == "none" {
        return Ok(());
    }
    let rest = lower.strip_prefix("http://").or_else(|| lower.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(()),
        _ => Err("must be \"none\" or a proxy address such as http://proxy.example.jp:8080".to_string()),
    }
}

/// A feed's address: `https://` (never plain http: a feed on the way could be changed), or a file path (a local
/// path or a UNC path such as `\\nas\share\onshi\feed.toml`, for PCs on a closed network).
pub fn check_feed_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return check_url(url);
    }
    if lower.contains("://") {
        return Err("must be an https:// address or a file path".to_string());
    }
    let bytes = url.as_bytes();
    let windows_drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/');
    if url.starts_with('/') || url.starts_with("\\\\") || windows_drive {
        Ok(())
    } else {
        Err("must be an https:// address or a full file path (C:\\..., \\\\server\\share\\..., /srv/...)".to_string())
    }
}

/// A minisign public key as its `.pub` file's second line (base64 of the algorithm, key id and Ed25519 key).
pub fn check_public_key(key: &str) -> Result<String, String> {
    let key = key.trim();
    match minisign_verify::PublicKey::from_base64(key) {
        Ok(_) => Ok(key.to_string()),
        Err(_) => Err("is not a minisign public key (56 characters starting with RW)".to_string()),
    }
}

/// Keeps `[menu]` to the machine-wide file: in any other file it is reported (located) and dropped, so that a
/// reception account cannot bring back what the administrator hid.
pub fn drop_menu_policy(layer: &mut Layer) -> Option<ConfigError> {
    if layer.menu.is_empty() {
        return None;
    }
    layer.menu = MenuLayer::default();
    let (_, site) = layer.sites.iter().find(|(name, _)| name.starts_with("menu."))?;
    let mut warning = site.clone();
    warning.message = "`[menu]` is read only from the machine-wide file; ignored here".to_string();
    warning.help =
        Some("ask the administrator to set it in the machine-wide file (`onshi-tray paths` shows where)".to_string());
    Some(warning)
}

/// Located warnings for every setting that `upper` (a user's file) sets over one that `lower` (the machine-wide
/// file) sets: the user's value wins, which is rarely what the administrator meant.
pub fn overrides(lower: &Layer, lower_origin: &str, upper: &Layer) -> Vec<ConfigError> {
    let lower_names: BTreeSet<&str> = lower.sites.iter().map(|(name, _)| name.as_str()).collect();
    upper
        .sites
        .iter()
        .filter(|(name, _)| lower_names.contains(name.as_str()) && !name.starts_with("menu.") && name != "feed")
        .map(|(name, site)| {
            let mut warning = site.clone();
            warning.message = format!("{name} overrides the machine-wide setting in {lower_origin}");
            warning.help =
                Some("remove it from this file to use the machine-wide setting (the administrator's)".to_string());
            warning
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Vec::new(), |mut sorted: Vec<ConfigError>, warning| {
            let at = sorted.partition_point(|w| (w.line, w.col) <= (warning.line, warning.col));
            sorted.insert(at, warning);
            sorted
        })
}

fn datetime_from_toml(dt: &toml::value::Datetime) -> Result<DateTime<Utc>, String> {
    let (Some(date), Some(time)) = (dt.date, dt.time) else {
        return Err("needs both a date and a time of day, such as 2026-03-21T22:00:00".to_string());
    };
    let naive = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
        .and_then(|d| d.and_hms_opt(time.hour.into(), time.minute.into(), time.second.unwrap_or(0).into()))
        .ok_or_else(|| "is not a valid date and time".to_string())?;
    match dt.offset {
        None => japan_time(naive),
        Some(toml::value::Offset::Z) => Ok(Utc.from_utc_datetime(&naive)),
        Some(toml::value::Offset::Custom { minutes }) => chrono::FixedOffset::east_opt(i32::from(minutes) * 60)
            .and_then(|offset| offset.from_local_datetime(&naive).single())
            .map(|dt| dt.with_timezone(&Utc))
            .ok_or_else(|| "has an invalid UTC offset".to_string()),
    }
}

/// A local date-time is Japan time. Japan has no daylight saving time today, but a historic date may be ambiguous.
fn japan_time(naive: NaiveDateTime) -> Result<DateTime<Utc>, String> {
    match JST.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(dt.with_timezone(&Utc)),
        _ => Err("does not exist or is ambiguous in Japan time".to_string()),
    }
}

/// Parses an instant given as text: RFC 3339 with an offset, or a local date-time read as Japan time.
///
/// Used for config strings and for the command line (`--at`, `--simulate-from`).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(text) {
        return Ok(dt.with_timezone(&Utc));
    }
    for format in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return japan_time(naive);
        }
    }
    Err(format!("`{text}` is not a date and time such as 2026-03-21T22:00:00+09:00"))
}

/// The years a window may fall in: Japan time before 1888 was local mean time (+09:19), and years past 9999 cannot
/// be written in RFC 3339; any such year is a typo.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=9999;

/// An instant in [`YEARS`] (Japan time).
pub fn check_year(instant: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    use chrono::Datelike;
    let year = instant.with_timezone(&JST).year();
    if YEARS.contains(&year) {
        Ok(instant)
    } else {
        Err(format!("is in the year {year}, outside {}–{}: is the year right?", YEARS.start(), YEARS.end()))
    }
}

/// Texts that may run over several lines (`"""…"""`); every other text is one line.
const MULTI_LINE_KEYS: &[&str] = &["effect", "effect_en", "guidance", "guidance_en", "note"];

/// A config or feed text: no control characters (escape sequences, bells, NUL; line breaks only in the texts that
/// may have several lines) and no invisible bidirectional or zero-width characters.
pub fn check_text(text: &str, multi_line: bool) -> Result<(), String> {
    let bad = |c: char| (c.is_control() && !(multi_line && (c == '\n' || c == '\t' || c == '\r'))) || is_invisible(c);
    match text.chars().find(|&c| bad(c)) {
        None => Ok(()),
        Some(c) if c == '\n' || c == '\r' => Err("must be one line (it has a line break)".to_string()),
        Some(c) if is_invisible(c) => Err(format!("contains an invisible character (U+{:04X})", c as u32)),
        Some(c) => Err(format!("contains a control character (U+{:04X})", c as u32)),
    }
}

/// The longest id of a window (a config's `id`, a feed's `UID`), in characters.
pub const MAX_ID: usize = 200;
/// The longest title (`title`, `title_en`, `system`, a link's or the portal's title), in characters.
pub const MAX_TITLE: usize = 500;
/// The longest text of several lines (`effect`, `guidance`, a feed's `DESCRIPTION`), in characters.
pub const MAX_TEXT: usize = 4000;
/// The longest other text (a name, a phone number, a note), in characters.
pub const MAX_OTHER: usize = 1000;

/// The limit of [`MAX_ID`], [`MAX_URL`], [`MAX_TITLE`], [`MAX_TEXT`] or [`MAX_OTHER`] a config key's text is held to.
pub fn max_chars(key: &str) -> usize {
    match key {
        "id" => MAX_ID,
        k if k == "url" || k.ends_with("_url") => MAX_URL,
        "title" | "title_en" | "system" | "link_title" | "name" => MAX_TITLE,
        k if MULTI_LINE_KEYS.contains(&k) => MAX_TEXT,
        _ => MAX_OTHER,
    }
}

/// `Err` with the remark when a text is longer than `max` characters (counted without walking a huge text whole).
pub fn check_length(text: &str, max: usize) -> Result<(), String> {
    if text.len() > max && text.chars().nth(max).is_some() {
        Err(format!("is longer than {max} characters"))
    } else {
        Ok(())
    }
}

/// A window id: letters (any script), digits, `-`, `_` and `.`; at most [`MAX_ID`] characters.
pub fn is_safe_id(id: &str) -> bool {
    id.chars().count() <= MAX_ID && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The longest address the app accepts (browsers take more; a portal article's address is under 200).
pub const MAX_URL: usize = 2000;

/// Characters that change how text is shown without being seen: bidirectional overrides and isolates, marks,
/// zero-width characters and the byte-order mark. A link with one can read as one address and go to another.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' // zero-width space, joiners, marks
        | '\u{202A}'..='\u{202E}' // bidirectional embeddings and overrides
        | '\u{2060}'..='\u{2064}' // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}' // bidirectional isolates
        | '\u{206A}'..='\u{206F}' // deprecated format characters
        | '\u{2028}' | '\u{2029}' // line and paragraph separators (a line break that is not one)
        | '\u{061C}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}' | '\u{034F}'
        | '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' // Hangul fillers, blank yet letters
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotation
        | '\u{FE00}'..='\u{FE0F}' // variation selectors
        | '\u{E0000}'..='\u{E007F}' // tag characters
    )
}

/// A web address the app may open or fetch: `https://` or `http://`, a host written in ASCII (a host with
/// look-alike letters, such as a Cyrillic о, must be written as its `xn--` form to be accepted), no user name
/// before the host (`https://portal.example@evil.example/` goes to evil.example), no spaces, quotes, control,
/// bidirectional or zero-width characters anywhere, at most [`MAX_URL`] characters.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) else {
        return Err(format!("must start with https:// or http://, not `{}`", url.split(':').next().unwrap_or(url)));
    };
    if url.chars().count() > MAX_URL {
        return Err(format!("is longer than {MAX_URL} characters"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '`' || c == '<' || c == '>') {
        return Err("must not contain spaces, quotes or control characters".to_string());
    }
    if let Some(c) = url.chars().find(|&c| is_invisible(c)) {
        return Err(format!("contains an invisible character (U+{:04X}) that can disguise where it leads", c as u32));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Err("has a user name before the host (`…@`): the browser would go to the host after the @".to_string());
    }
    if authority.contains('\\') {
        return Err("has a backslash in the host (browsers read it as /)".to_string());
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
            let valid_port = port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p > 0);
            if !port.is_empty() && !valid_port {
                return Err(format!("has an invalid port `{port}`"));
            }
            host
        }
        _ => authority,
    };
    if host.is_empty() {
        return Err("has no host name".to_string());
    }
    if let Some(ip6) = host.strip_prefix('[') {
        return match ip6.strip_suffix(']') {
            Some(inner)
                if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.') =>
            {
                Ok(())
            }
            _ => Err("has an invalid IPv6 host".to_string()),
        };
    }
    if !host.is_ascii() {
        return Err("has a host name with non-ASCII letters (look-alike letters can imitate a real site): write it in its xn-- form".to_string());
    }
    let labels_ok = host.trim_end_matches('.').split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !labels_ok {
        return Err(format!("has an invalid host name `{host}`"));
    }
    Ok(())
}

/// Parses `"08:00-18:00"` (also with `〜`, `~` or `–`) or `"closed"` / `"休み"`.
pub fn parse_hours(text: &str) -> Result<DayHours, String> {
    let text = text.trim();
    if text.is_empty() {
        // Not read as closed: blank hours would silently drop the heads-up and the after-notice staff rely on.
        return Err(
            "is empty: write \"closed\" for a day without hours, or a range such as \"09:00-18:00\"".to_string()
        );
    }
    if text.eq_ignore_ascii_case("closed") || text == "休み" || text == "休業" {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split(['-', '〜', '~', '–', '～']).map(str::trim).collect();
    let [open, close] = parts.as_slice() else {
        return Err(format!("`{text}` is not a range of hours"));
    };
    let open = parse_time_of_day(open)?;
    let close = if *close == "24:00" { 24 * 60 } else { parse_time_of_day(close)? };
    if close <= open {
        return Err(format!("closing time {} is not after opening time {}", clock_text(close), clock_text(open)));
    }
    Ok(Some(OpenHours { open, close }))
}

/// Minutes after midnight of a time of day.
fn parse_time_of_day(text: &str) -> Result<u32, String> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .map(|t| t.num_seconds_from_midnight() / 60)
        .map_err(|_| format!("`{text}` is not a time of day from 00:00 to 23:59 (or 24:00 as a closing time)"))
}

/// `8:00`, `24:00`: minutes after midnight as a clock shows them.
pub fn clock_text(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_forms() {
        assert_eq!(parse_hours("closed"), Ok(None));
        assert!(parse_hours("").unwrap_err().contains("\"closed\""));
        assert!(parse_hours("  ").is_err());
        let nine_to_five = Some(OpenHours { open: 9 * 60, close: 17 * 60 });
        assert_eq!(parse_hours("09:00〜17:00"), Ok(nine_to_five));
        assert_eq!(parse_hours("9:00-17:00"), Ok(nine_to_five));
        assert_eq!(parse_hours("00:00-24:00"), Ok(Some(OpenHours { open: 0, close: 1440 })));
        assert!(parse_hours("17:00-09:00").is_err());
        assert!(parse_hours("25:00-26:00").is_err());
        assert!(parse_hours("24:00-24:00").is_err());
    }

    #[test]
    fn urls() {
        for good in [
            "https://example.com/x?a=b",
            "HTTP://example.com",
            "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769",
            "https://127.0.0.1:8443/feed.toml",
            "https://[::1]:8443/feed.toml",
            "https://xn--n3h.example/",
            "https://example.jp/お知らせ?x=1#a@b",
        ] {
            assert_eq!(check_url(good), Ok(()), "{good}");
        }
        for bad in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "calc.exe",
            "https://a b",
            "https://iryohokenjyoho.service-now.com@evil.example/csm",
            "https://user:pass@example.com/",
            "https://iryohokenjyohо.service-now.com/",
            "https://example.com/\u{202E}lmth.exe",
            "https://exa\u{200B}mple.com/",
            "https://example.com\\@evil.example/",
            "https://example.com:99999/",
            "https://-bad-.example/",
            "https://example.com/\u{7}",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert!(check_url(&format!("https://example.com/{}", "a".repeat(MAX_URL))).is_err());
    }

    /// 1-based line and character column of a byte offset.
    fn line_col(text: &str, offset: usize) -> (usize, usize) {
        let error = locate(text, "", offset..offset, String::new());
        (error.line, error.col)
    }

    #[test]
    fn locate_counts_characters() {
        let text = "a = 1\ntitle = \"改修\" x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_col(text, offset), (2, 14));
    }
}
