//! Which file may set what: `[menu]`, `[[feed]]`, `proxy` and `allowed_hosts` only in the machine-wide file, a
//! user's override of it warned, links kept to the allowed hosts; and [`assemble`], the layers in their order.

use super::*;

/// Keeps `[[feed]]`, `proxy`, `allowed_hosts` and `[report]` to the machine-wide file: in any other file they are
/// reported (located) and dropped, so that no user can point the PC at another schedule, key, proxy or report folder.
pub fn drop_feeds(layer: &mut Layer) -> Vec<ConfigError> {
    let mut warnings = Vec::new();
    let present = [
        ("feed", !layer.feeds.is_empty()),
        ("proxy", layer.proxy.is_some()),
        ("allowed_hosts", layer.allowed_hosts.is_some()),
        ("report.dir", layer.report_dir.is_some()),
    ];
    for (name, present) in present {
        let Some((_, site)) = layer.sites.iter().find(|(site, _)| site == name).filter(|_| present) else { continue };
        let shown = match name {
            "feed" => "[[feed]]",
            "report.dir" => "[report]",
            _ => name,
        };
        warnings.push(site.error(
            format!("`{shown}` is read only from the machine-wide file; ignored here"),
            Some(MACHINE_WIDE_ONLY.to_string()),
        ));
    }
    layer.feeds.clear();
    layer.proxy = None;
    layer.allowed_hosts = None;
    layer.report_dir = None;
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
        layer.sites.iter().find(|(n, _)| n == name).map_or_else(|| Location::start_of(origin), |(_, site)| site.clone())
    };
    let refuse = |site: Location, what: &str, url: &str| {
        site.error(
            format!("{what} leads to a host that is not among the allowed hosts ({url}); ignored"),
            Some(
                "check the address; to allow it, add its host to `allowed_hosts` in the machine-wide file".to_string(),
            ),
        )
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
/// The host is the one a browser goes to ([`web_host`]); an address without one is never allowed.
pub fn host_allowed(url: &str, allowed: &[String]) -> bool {
    let Some(host) = web_host(url) else { return false };
    allowed.iter().any(|pattern| match pattern.strip_prefix("*.") {
        Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
        None => host == *pattern,
    })
}

/// Keeps `[menu]` to the machine-wide file: in any other file it is reported (located) and dropped, so that a
/// reception account cannot bring back what the administrator hid.
pub fn drop_menu_policy(layer: &mut Layer) -> Option<ConfigError> {
    if layer.menu.is_empty() {
        return None;
    }
    layer.menu = MenuLayer::default();
    let (_, site) = layer.sites.iter().find(|(name, _)| name.starts_with("menu."))?;
    Some(site.error(
        "`[menu]` is read only from the machine-wide file; ignored here".to_string(),
        Some(MACHINE_WIDE_ONLY.to_string()),
    ))
}

/// The fix for a setting that only the machine-wide file may make.
const MACHINE_WIDE_ONLY: &str =
    "ask the administrator to set it in the machine-wide file (`onshi-tray paths` shows where)";

/// Located warnings for every setting that `upper` (a user's file) sets over one that `lower` (the machine-wide
/// file) sets: the user's value wins, which is rarely what the administrator meant.
pub fn overrides(lower: &Layer, lower_origin: &str, upper: &Layer) -> Vec<ConfigError> {
    let lower_names: BTreeSet<&str> = lower.sites.iter().map(|(name, _)| name.as_str()).collect();
    upper
        .sites
        .iter()
        .filter(|(name, _)| lower_names.contains(name.as_str()) && !name.starts_with("menu.") && name != "feed")
        .map(|(name, site)| {
            site.error(
                format!("{name} overrides the machine-wide setting in {lower_origin}"),
                Some("remove it from this file to use the machine-wide setting (the administrator's)".to_string()),
            )
        })
        .collect::<Vec<_>>()
        .into_iter()
        .fold(Vec::new(), |mut sorted: Vec<ConfigError>, warning| {
            let at = sorted.partition_point(|w| (w.line, w.col) <= (warning.line, warning.col));
            sorted.insert(at, warning);
            sorted
        })
}

/// Which place a config file comes from: its role decides what it may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The administrator's machine-wide file: the only one that may set feeds, `[menu]`, `proxy` and
    /// `allowed_hosts`.
    MachineWide,
    /// The reception account's own file.
    User,
    /// A file named with `--config`: it must exist.
    Explicit,
}

impl Role {
    /// The layer's name in `paths`, `check` and the log.
    pub fn name(self) -> &'static str {
        match self {
            Role::MachineWide => "system",
            Role::User => "user",
            Role::Explicit => "--config",
        }
    }
}

/// What the shell found at a config file's place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    Bytes(Vec<u8>),
    /// Nothing there (the reason, as the system words it).
    Missing(String),
    /// There, but it could not be read (why).
    Unreadable(String),
}

/// One config file as the shell read it, in the order the layers apply (machine-wide, user, `--config`).
#[derive(Clone, Debug)]
pub struct Source {
    pub role: Role,
    /// The file's name in messages (its path).
    pub origin: String,
    pub found: Found,
    /// The file as it was when it last read without errors (the app keeps a copy): used, whole, while the file
    /// has errors or cannot be read, so that a restart keeps the settings the app last knew to be good.
    pub last_good: Option<Vec<u8>>,
}

/// How one config file fared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileStatus {
    Read,
    NotFound,
    /// Read, but with errors (the errors are in [`Assembled::errors`]); what it says without them applies, the
    /// built-in settings for the rest.
    HasErrors,
    Unreadable(String),
    /// With errors, or unreadable (the errors are in [`Assembled::errors`]): its last good copy applies instead.
    LastGood,
}

impl FileStatus {
    /// Whether the settings in force are not what this file was last known to say without errors: its broken
    /// parts fall back to the built-in settings.
    pub fn falls_back_to_builtin(&self) -> bool {
        matches!(self, FileStatus::HasErrors | FileStatus::Unreadable(_))
    }
}

/// The config files parsed and judged (stage one of [`assemble`]): what they say about feeds and hosts is needed
/// before the feeds' cached copies can be read.
#[derive(Clone, Debug)]
pub struct Files {
    layers: Vec<Layer>,
    errors: Vec<ConfigError>,
    warnings: Vec<ConfigError>,
    /// One per source, in their order.
    pub statuses: Vec<FileStatus>,
}

/// A feed's cached copy as the shell read it, in the order the machine-wide file lists the feeds.
#[derive(Clone, Copy, Debug)]
pub struct FeedLayer<'a> {
    pub label: &'a str,
    /// The feed's windows and settings, or `None` while nothing usable was ever fetched.
    pub layer: Option<&'a Layer>,
    /// Located problems of the cached copy (it could not be used).
    pub errors: &'a [ConfigError],
}

/// Every layer in its place: what the app runs on.
#[derive(Clone, Debug)]
pub struct Assembled {
    pub config: Config,
    pub errors: Vec<ConfigError>,
    /// Remarks that reject nothing (a window longer than two weeks, an ignored setting, an override).
    pub warnings: Vec<ConfigError>,
    /// One per source, in their order.
    pub statuses: Vec<FileStatus>,
}

/// Stage one: parses every file and applies the rules of who may set what. A missing file is skipped (but a
/// missing `--config` file is an error); a file that is not TOML contributes nothing; a setting of a later file that
/// overrides the machine-wide file's, and `[menu]` or `[[feed]]` outside it, are warned.
pub fn read_files(sources: &[Source]) -> Files {
    let mut files = Files { layers: Vec::new(), errors: Vec::new(), warnings: Vec::new(), statuses: Vec::new() };
    // Where the machine-wide file sets each setting, to warn when a later file overrides it.
    let mut machine_wide: Option<(Layer, &str)> = None;
    for source in sources {
        let origin = source.origin.as_str();
        // The file's last good copy, used whole while the file itself cannot be used whole.
        let last_good = || {
            let (layer, errors) = parse_bytes(source.last_good.as_deref()?, origin);
            errors.is_empty().then_some(layer)
        };
        let (layer, status, file_errors) = match &source.found {
            Found::Bytes(bytes) => {
                let (layer, errors) = parse_bytes(bytes, origin);
                match last_good().filter(|_| !errors.is_empty()) {
                    Some(good) => (Some(good), FileStatus::LastGood, errors),
                    None if errors.is_empty() => (Some(layer), FileStatus::Read, errors),
                    None => (Some(layer), FileStatus::HasErrors, errors),
                }
            }
            Found::Missing(_) if source.role != Role::Explicit => (None, FileStatus::NotFound, Vec::new()),
            Found::Missing(why) | Found::Unreadable(why) => {
                let error = ConfigError {
                    origin: origin.to_string(),
                    line: 1,
                    col: 1,
                    message: format!("cannot read the file: {why}"),
                    help: Some("check the path and that this user may read it".to_string()),
                    source_line: String::new(),
                    underline: 0,
                    fatal: true,
                };
                match (&source.found, last_good()) {
                    // There but unreadable (permissions, a share gone away): its last good copy. A file that is
                    // gone was removed on purpose.
                    (Found::Unreadable(_), Some(good)) => (Some(good), FileStatus::LastGood, vec![error]),
                    _ => (None, FileStatus::Unreadable(why.clone()), vec![error]),
                }
            }
        };
        files.statuses.push(status);
        files.errors.extend(file_errors);
        let Some(mut layer) = layer else { continue };
        files.warnings.append(&mut layer.warnings);
        if source.role == Role::MachineWide {
            machine_wide = Some((Layer { sites: layer.sites.clone(), ..Layer::default() }, origin));
        } else {
            files.warnings.extend(drop_menu_policy(&mut layer));
            files.warnings.extend(drop_feeds(&mut layer));
            if let Some((lower, lower_origin)) = &machine_wide {
                files.warnings.extend(overrides(lower, lower_origin, &layer));
            }
        }
        files.layers.push(layer);
    }
    files
}

impl Files {
    /// The feeds the files name (only the machine-wide file may), in order.
    pub fn feeds(&self) -> Vec<FeedSource> {
        self.layers.iter().flat_map(|l| l.feeds.iter().cloned()).collect()
    }

    /// The hosts the app may open: the machine-wide file's `allowed_hosts`, or the portal's and the government's.
    pub fn allowed_hosts(&self) -> Vec<String> {
        self.layers
            .iter()
            .find_map(|l| l.allowed_hosts.clone())
            .unwrap_or_else(|| DEFAULT_ALLOWED_HOSTS.iter().map(|h| h.to_string()).collect())
    }

    /// Stage two: the built-in default, then the feeds (in their order), then the files, later ones winning (a
    /// local window overrides a feed's with the same id); every link and portal address kept to the allowed hosts.
    pub fn assemble(self, feeds: &[FeedLayer]) -> Assembled {
        let allowed = self.allowed_hosts();
        let Files { layers, mut errors, mut warnings, statuses } = self;
        let mut config = Config::builtin();
        for feed in feeds {
            // A cached body that no longer reads (damaged on disk): said once per load; a fetch replaces it.
            warnings.extend(feed.errors.iter().cloned());
            if let Some(layer) = feed.layer {
                let mut layer = layer.clone();
                warnings.extend(layer.warnings.iter().cloned());
                warnings.extend(keep_allowed_hosts(&mut layer, &allowed, feed.label));
                config.apply(layer);
            }
        }
        for mut layer in layers {
            let origin = layer.sites.first().map(|(_, e)| e.origin.clone()).unwrap_or_default();
            errors.extend(keep_allowed_hosts(&mut layer, &allowed, &origin));
            config.apply(layer);
        }
        Assembled { config, errors, warnings, statuses }
    }
}
