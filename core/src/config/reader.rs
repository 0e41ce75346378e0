//! Stage two: the TOML tree to a [`Layer`]: a small typed reader over every section, collecting every problem
//! (located, with the nearest known key for a typo) instead of stopping at the first.

use super::*;

const ROOT_KEYS: &[&str] = &[
    "language",
    "notify",
    "portal",
    "contact",
    "facility",
    "menu",
    "feed",
    "proxy",
    "allowed_hosts",
    "report",
    "window",
];
/// What a feed's top level has besides a config file's keys.
const FEED_ONLY_KEYS: &[&str] = &["serial", "expires"];
/// What only the local config files set: a feed that says them is warned and ignored.
const LOCAL_ONLY_KEYS: &[&str] =
    &["language", "notify", "facility", "menu", "feed", "proxy", "allowed_hosts", "report"];
const REPORT_KEYS: &[&str] = &["dir"];
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

pub(super) struct Reader<'a> {
    pub(super) text: &'a str,
    pub(super) origin: &'a str,
    pub(super) errors: &'a mut Vec<ConfigError>,
    /// Built at the first located item (an error, or a setting recorded for override warnings).
    pub(super) lines: std::cell::OnceCell<LineIndex>,
}

/// A table being read: it remembers which keys were asked for, so that the rest can be reported as unknown.
pub(super) struct Section<'t, 'i> {
    table: &'t DeTable<'i>,
    /// Dotted path of the table, for messages (`notify`, `window[2]`).
    path: String,
    pub(super) span: Range<usize>,
}

impl<'a> Reader<'a> {
    pub(super) fn location(&self, span: Range<usize>) -> Location {
        let index = self.lines.get_or_init(|| LineIndex::new(self.text));
        location_in(self.text, index, self.origin, span)
    }

    pub(super) fn locate(&self, span: Range<usize>, message: String) -> ConfigError {
        self.location(span).error(message, None)
    }

    pub(super) fn error(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        let mut error = self.locate(span, message);
        error.help = help;
        self.errors.push(error);
    }

    pub(super) fn read_root(&mut self, root: &DeTable<'_>, layer: &mut Layer) {
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
        if let Some(report) = self.table(&root, "report") {
            self.unknown_keys(&report, REPORT_KEYS);
            layer.report_dir = self.string(&report, "dir").and_then(|(dir, span)| match check_file_path(&dir) {
                Ok(()) => Some(dir),
                Err(problem) => {
                    let help = "write a full folder path, such as '\\\\nas\\onshi\\reports' or 'C:\\onshi\\reports'";
                    self.error(span, format!("`report.dir` {problem}"), Some(help.to_string()));
                    None
                }
            });
        }
        self.windows(&root, layer);
        self.sites(&root, layer);
    }

    /// `allowed_hosts`: host names, or `*.` and a domain for every host under it.
    pub(super) fn allowed_hosts(&mut self, root: &Section<'_, '_>) -> Option<Vec<String>> {
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
    pub(super) fn read_feed_root(&mut self, root: &DeTable<'_>, layer: &mut Layer, signed: bool) {
        let root = Section { table: root, path: String::new(), span: 0..0 };
        self.unknown_keys(&root, &[FEED_ONLY_KEYS, ROOT_KEYS].concat());
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
    pub(super) fn feeds(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
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
    pub(super) fn sites(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
        let mut sites = Vec::new();
        for (key, value) in root.table.iter() {
            let name = key.get_ref().as_ref();
            match value.get_ref() {
                DeValue::Table(table)
                    if ["notify", "portal", "contact", "facility", "menu", "report"].contains(&name) =>
                {
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
        let located: Vec<_> = sites.into_iter().map(|(name, span)| (name, self.location(span))).collect();
        layer.sites.extend(located);
    }

    /// The timetable keys shared by `[contact]` and `[facility]`.
    pub(super) fn timetable(&mut self, section: &Section<'_, '_>) -> HoursLayer {
        HoursLayer {
            weekday: self.hours(section, "weekday"),
            saturday: self.hours(section, "saturday"),
            sunday: self.hours(section, "sunday"),
            closed_on_holidays: self.boolean(section, "closed_on_holidays"),
            closed_dates: self.closed_dates(section),
        }
    }

    pub(super) fn windows(&mut self, root: &Section<'_, '_>, layer: &mut Layer) {
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
                let line = self.location(first.start..first.start).line;
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
            layer.sites.push((format!("window \"{}\"", window.id), self.location(id_span.clone())));
            seen.insert(window.id.clone(), id_span);
            layer.windows.push(window);
        }
    }

    /// Reads one `[[window]]`; `None` (with errors reported) when it cannot be used.
    pub(super) fn window(&mut self, section: &Section<'_, '_>) -> Option<Window> {
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

    pub(super) fn impact(&mut self, section: &Section<'_, '_>) -> Option<Impact> {
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
    pub(super) fn link(&mut self, section: &Section<'_, '_>) -> Option<Link> {
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

    pub(super) fn get<'t, 'i>(&self, section: &'t Section<'_, 'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>>
    where
        'i: 't,
    {
        section.table.get(key)
    }

    fn wrong_type(&mut self, section: &Section<'_, '_>, key: &str, span: Range<usize>, expected: &str) {
        let name = if section.path.is_empty() { key.to_string() } else { format!("{}.{key}", section.path) };
        self.error(span, format!("`{name}` must be {expected}"), None);
    }

    pub(super) fn table<'t, 'i>(&mut self, section: &'t Section<'_, 'i>, key: &str) -> Option<Section<'t, 'i>> {
        let value = self.get(section, key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some(Section { table, path: key.to_string(), span: value.span() }),
            _ => {
                self.wrong_type(section, key, value.span(), &format!("a table (`[{key}]`)"));
                None
            }
        }
    }

    pub(super) fn string(&mut self, section: &Section<'_, '_>, key: &str) -> Option<(String, Range<usize>)> {
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
    pub(super) fn minutes(&mut self, section: &Section<'_, '_>, key: &str, min: i64) -> Option<u32> {
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

    pub(super) fn lead_minutes(&mut self, section: &Section<'_, '_>) -> Option<Vec<u32>> {
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

    pub(super) fn url(&mut self, section: &Section<'_, '_>, key: &str) -> Option<String> {
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

    pub(super) fn hours(&mut self, section: &Section<'_, '_>, key: &str) -> Option<DayHours> {
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

    pub(super) fn closed_dates(&mut self, section: &Section<'_, '_>) -> Option<BTreeSet<NaiveDate>> {
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
