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

mod decode;
mod location;
mod policy;
mod reader;
mod validate;

pub use decode::*;
pub use location::*;
pub use policy::*;
use reader::*;
pub use validate::*;

/// Every time in this program is Japan time, whatever the PC's own time zone says.
pub const JST: Tz = chrono_tz::Asia::Tokyo;

/// The built-in default, compiled into the binary.
pub const DEFAULT_TOML: &str = include_str!("../../../config/default.toml");

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
    /// `[report] dir`: the folder (local or a share) where each PC writes its report for `onshi-tray fleet`.
    /// Set only by the machine-wide file.
    pub report_dir: Option<String>,
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
    /// `[report] dir`: honoured only in the machine-wide file.
    pub report_dir: Option<String>,
    /// A feed's `serial` (a signed feed's is never allowed to go down) and `expires`; only feeds set them.
    pub serial: Option<u64>,
    pub expires: Option<DateTime<Utc>>,
    /// Located remarks that reject nothing (a window longer than [`LONG_WINDOW`]): `check` shows them, the app logs them.
    pub warnings: Vec<ConfigError>,
    /// Events of a feed that were skipped (each has a warning): `feed update` and the status say how many.
    pub skipped: usize,
    /// Where this file sets each setting: `notify.lead_minutes`, `contact.closed_dates`, `window "ID"`, ...
    /// so that a later file's override of it can be pointed at.
    pub sites: Vec<(String, Location)>,
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
            report_dir: None,
        }
    }
}

impl Config {
    /// What an install lacks that no error names: no source of windows while none is coming (the app would say
    /// 予定なし for ever), and reception hours left at the built-in ones (heads-up and after-notices are timed by
    /// them). For `check`.
    pub fn install_warnings(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.feeds.is_empty() && !self.windows.iter().any(|w| w.end > now) {
            warnings.push("no coming maintenance window and no `[[feed]]`: the app can only say 予定なし; add a feed (or the announced windows) to the machine-wide file".to_string());
        }
        if self.facility == Config::builtin().facility {
            warnings.push("`[facility]` is the built-in reception hours (weekdays 9:00-18:00, Saturday 9:00-13:00): set the facility's real hours in the machine-wide file, so that notices come while staff are there".to_string());
        }
        warnings
    }

    /// Whether the app has any source of windows yet: a feed, or a window still to come.
    pub fn has_schedule_source(&self, now: DateTime<Utc>) -> bool {
        !self.feeds.is_empty() || self.windows.iter().any(|w| w.end > now)
    }

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
        if layer.report_dir.is_some() {
            self.report_dir = layer.report_dir;
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
