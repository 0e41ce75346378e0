//! What was copied, for 「お知らせの文面から予定を追加…」: the text or HTML of a portal page or an e-mail, or files
//! copied in Explorer or the file manager. Read once per click, on the import's own thread, bounded in size and
//! time (a clipboard owner that never answers costs [`TIMEOUT`]).

use std::path::PathBuf;
use std::time::Duration;

#[cfg_attr(target_os = "windows", path = "clipboard/windows.rs")]
#[cfg_attr(target_os = "linux", path = "clipboard/linux.rs")]
#[cfg_attr(target_os = "macos", path = "clipboard/macos.rs")]
mod backend;

/// The most text taken from the clipboard: what `import` takes from a file that is not a PDF.
pub const MAX_TEXT: usize = crate::import::MAX_INPUT as usize;

/// The longest the clipboard's owner is waited for (macOS's pbpaste answers at once).
#[cfg_attr(target_os = "macos", allow(dead_code))]
pub const TIMEOUT: Duration = Duration::from_secs(5);

// macOS reads the text alone.
#[cfg_attr(target_os = "macos", allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Clip {
    Text(String),
    /// A browser's or mailer's copy: the page's markup of the selection.
    Html(String),
    Files(Vec<PathBuf>),
}

/// What the clipboard holds, preferring files, then HTML (it keeps a list's lines), then text; `Err` says why
/// nothing could be read (empty, or no way to read it here).
pub fn read() -> Result<Clip, String> {
    backend::read()
}

/// `file://` addresses of a `text/uri-list` (RFC 2483) as paths; anything else left out.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub fn paths_of_uri_list(list: &str) -> Vec<PathBuf> {
    list.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.strip_prefix("file://"))
        // `file://host/path`: only the local host's, written with no host or as localhost.
        .filter_map(|rest| rest.strip_prefix("localhost").or(Some(rest)).filter(|p| p.starts_with('/')))
        .filter_map(percent_decode)
        .map(PathBuf::from)
        .collect()
}

#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uri_list_gives_local_paths_only() {
        let list = "# copied\r\nfile:///home/a/%E3%81%8A%E7%9F%A5%E3%82%89%E3%81%9B.pdf\r\nfile://localhost/tmp/b.eml\r\nhttps://example.jp/x\r\nfile://server/share/c.txt\r\n";
        assert_eq!(paths_of_uri_list(list), [PathBuf::from("/home/a/お知らせ.pdf"), PathBuf::from("/tmp/b.eml")]);
    }
}
