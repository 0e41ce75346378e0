//! The clipboard on Linux, through the desktop's own clipboard tools: `wl-paste` (wl-clipboard) on Wayland, `xclip`
//! or `xsel` on X11 (and XWayland). The app links no display library (the tray and notices speak D-Bus), so it asks
//! the tool the desktop has; the package recommends xclip and wl-clipboard.

use std::io::Read;
use std::process::{Command, Stdio};

use super::{paths_of_uri_list, Clip, MAX_TEXT, TIMEOUT};

pub fn read() -> Result<Clip, String> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    let mut missing = Vec::new();
    if wayland {
        match run("wl-paste", &["--list-types"]) {
            Some(Ok(types)) => {
                return pick(&types, |t| run("wl-paste", &["--no-newline", "--type", t]));
            }
            Some(Err(why)) => return Err(why),
            None => missing.push("wl-paste (wl-clipboard)"),
        }
    }
    if x11 {
        match run("xclip", &["-selection", "clipboard", "-o", "-t", "TARGETS"]) {
            Some(Ok(types)) => return pick(&types, |t| run("xclip", &["-selection", "clipboard", "-o", "-t", t])),
            Some(Err(_)) => return Err("the clipboard is empty".to_string()),
            None => missing.push("xclip"),
        }
        match run("xsel", &["--clipboard", "--output"]) {
            Some(Ok(text)) if !text.trim().is_empty() => return Ok(Clip::Text(text)),
            Some(_) => return Err("the clipboard is empty".to_string()),
            None => missing.push("xsel"),
        }
    }
    if missing.is_empty() {
        return Err("no display to read a clipboard from".to_string());
    }
    Err(format!("no clipboard tool is installed ({}): install xclip or wl-clipboard", missing.join(", ")))
}

/// The best of the types offered: files, then HTML, then text.
fn pick(types: &str, get: impl Fn(&str) -> Option<Result<String, String>>) -> Result<Clip, String> {
    let offered: Vec<&str> = types.lines().map(str::trim).collect();
    let has = |t: &str| offered.contains(&t);
    for t in ["text/uri-list", "x-special/gnome-copied-files"] {
        if has(t) {
            let list = get(t).unwrap_or(Err(String::new()))?;
            let files = paths_of_uri_list(&list);
            if !files.is_empty() {
                return Ok(Clip::Files(files));
            }
        }
    }
    if has("text/html") {
        if let Some(Ok(html)) = get("text/html") {
            if !html.trim().is_empty() {
                return Ok(Clip::Html(html));
            }
        }
    }
    for t in ["UTF8_STRING", "text/plain;charset=utf-8", "text/plain", "STRING", "TEXT"] {
        if has(t) {
            if let Some(Ok(text)) = get(t) {
                if !text.trim().is_empty() {
                    return Ok(Clip::Text(text));
                }
            }
        }
    }
    Err("the clipboard holds no text and no file".to_string())
}

/// Runs a clipboard tool for at most [`TIMEOUT`] and [`MAX_TEXT`] bytes of output: `None` when it is not
/// installed, `Err` when it failed, took too long or gave too much.
fn run(program: &str, args: &[&str]) -> Option<Result<String, String>> {
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return None,
        Err(err) => return Some(Err(format!("cannot run {program}: {err}"))),
    };
    let stdout = child.stdout.take()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::Builder::new().name("clipboard".to_string()).spawn(move || {
        let mut bytes = Vec::new();
        let read = stdout.take(MAX_TEXT as u64 + 1).read_to_end(&mut bytes);
        let _ = tx.send(read.map(|_| bytes));
    });
    if reader.is_err() {
        let _ = child.kill();
        let _ = child.wait();
        return Some(Err(format!("cannot read from {program}")));
    }
    let result = match rx.recv_timeout(TIMEOUT) {
        Ok(Ok(bytes)) if bytes.len() > MAX_TEXT => Err(format!("the clipboard holds more than {MAX_TEXT} bytes")),
        Ok(Ok(bytes)) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Ok(Err(err)) => Err(format!("cannot read from {program}: {err}")),
        Err(_) => Err(format!("{program} did not answer within {} s", TIMEOUT.as_secs())),
    };
    // It has written all it will (or is stopped now): reaped, never left behind.
    let _ = child.kill();
    let status = child.wait();
    match (result, status) {
        (Ok(text), Ok(status)) if status.success() || !text.is_empty() => Some(Ok(text)),
        (Ok(_), _) => Some(Err(format!("{program} found nothing on the clipboard"))),
        (Err(why), _) => Some(Err(why)),
    }
}
