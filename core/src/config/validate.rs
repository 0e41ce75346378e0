//! Values checked one by one: times (Japan time), texts, lengths, ids, web and feed addresses, proxies, keys,
//! opening hours.

use super::*;

pub(super) fn datetime_from_toml(dt: &toml::value::Datetime) -> Result<DateTime<Utc>, String> {
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
pub(super) const MULTI_LINE_KEYS: &[&str] = &["effect", "effect_en", "guidance", "guidance_en", "note"];

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
                if !inner.is_empty()
                    && inner.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
                    && web_host(url).is_some() =>
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
    // The host as a browser reads the whole address (the same parser as the allowed-host check): a percent escape
    // or a dotted number could otherwise lead it somewhere else than the text above says.
    match web_host(url) {
        Some(seen) if seen == host.trim_end_matches('.') => Ok(()),
        Some(seen) => Err(format!("leads a browser to `{seen}`, not to the `{host}` it seems to name")),
        None => Err("is not an address a browser can open".to_string()),
    }
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
    check_file_path(url).map_err(|_| {
        "must be an https:// address or a full file path (C:\\..., \\\\server\\share\\..., /srv/...)".to_string()
    })
}

/// A full file or folder path, local or on a share: `C:\\...`, `\\\\server\\share\\...` or `/srv/...`; a relative
/// path would depend on the folder the app happens to be started in.
pub fn check_file_path(path: &str) -> Result<(), String> {
    let bytes = path.as_bytes();
    let windows_drive =
        bytes.len() > 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' && matches!(bytes[2], b'\\' | b'/');
    if path.contains("://") {
        Err("must be a file path, not an address".to_string())
    } else if path.starts_with('/') || path.starts_with("\\\\") || windows_drive {
        Ok(())
    } else {
        Err("must be a full path (C:\\..., \\\\server\\share\\..., /srv/...)".to_string())
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

/// The host a browser goes to for an `http://` or `https://` address, lower-case and without a trailing dot, as
/// the `url` crate (WHATWG, as browsers parse) reads it; `None` for any other address or one that does not parse.
pub fn web_host(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = parsed.host_str()?.trim_end_matches('.');
    Some(host.to_string())
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
