//! The clipboard on macOS: its text, through `pbpaste` (the system's own tool).

use std::process::Command;

use super::{Clip, MAX_TEXT};

pub fn read() -> Result<Clip, String> {
    let out = Command::new("pbpaste").output().map_err(|err| format!("cannot run pbpaste: {err}"))?;
    if out.stdout.len() > MAX_TEXT {
        return Err(format!("the clipboard holds more than {MAX_TEXT} bytes"));
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    if text.trim().is_empty() {
        return Err("the clipboard is empty".to_string());
    }
    Ok(Clip::Text(text))
}
