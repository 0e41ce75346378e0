//! The clipboard on Windows: files copied in Explorer (`CF_HDROP`), a browser's or Outlook's copy (`HTML Format`,
//! UTF-8 with a header of offsets), or Unicode text (`CF_UNICODETEXT`), through the Win32 clipboard API.

use std::path::PathBuf;

use windows_sys::Win32::Foundation::HGLOBAL;
use windows_sys::Win32::System::DataExchange::{
    CloseClipboard, GetClipboardData, IsClipboardFormatAvailable, OpenClipboard, RegisterClipboardFormatW,
};
use windows_sys::Win32::System::Memory::{GlobalLock, GlobalSize, GlobalUnlock};
use windows_sys::Win32::UI::Shell::{DragQueryFileW, HDROP};

use super::{Clip, MAX_TEXT, TIMEOUT};

const CF_UNICODETEXT: u32 = 13;
const CF_HDROP: u32 = 15;

/// Closes the clipboard when dropped.
struct Open;

impl Drop for Open {
    fn drop(&mut self) {
        // SAFETY: only made after OpenClipboard succeeded on this thread.
        unsafe { CloseClipboard() };
    }
}

pub fn read() -> Result<Clip, String> {
    // Another program may hold the clipboard for a moment: try again for a while.
    let deadline = std::time::Instant::now() + TIMEOUT;
    // SAFETY: no owner window; the clipboard is closed by `Open`'s drop.
    while unsafe { OpenClipboard(std::ptr::null_mut()) } == 0 {
        if std::time::Instant::now() > deadline {
            return Err("another program keeps the clipboard open".to_string());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _open = Open;
    // SAFETY: the clipboard is open on this thread; each handle is used only while it is.
    unsafe {
        if IsClipboardFormatAvailable(CF_HDROP) != 0 {
            let files = dropped_files(GetClipboardData(CF_HDROP) as HDROP);
            if !files.is_empty() {
                return Ok(Clip::Files(files));
            }
        }
        let html_format = RegisterClipboardFormatW(wide("HTML Format").as_ptr());
        if html_format != 0 && IsClipboardFormatAvailable(html_format) != 0 {
            if let Some(bytes) = global_bytes(GetClipboardData(html_format) as HGLOBAL) {
                let text = String::from_utf8_lossy(&bytes);
                // The header's offsets name the fragment; what follows the first tag is the markup.
                if let Some(at) = text.find('<') {
                    return Ok(Clip::Html(text[at..].trim_end_matches('\0').to_string()));
                }
            }
        }
        if IsClipboardFormatAvailable(CF_UNICODETEXT) != 0 {
            if let Some(bytes) = global_bytes(GetClipboardData(CF_UNICODETEXT) as HGLOBAL) {
                let units: Vec<u16> =
                    bytes.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
                let text = String::from_utf16_lossy(&units);
                if !text.trim().is_empty() {
                    return Ok(Clip::Text(text));
                }
            }
        }
    }
    Err("the clipboard holds no text and no file".to_string())
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain(Some(0)).collect()
}

/// The bytes of a clipboard memory handle, at most [`MAX_TEXT`] (UTF-16 text: twice that).
///
/// # Safety
/// `handle` comes from GetClipboardData while the clipboard is open.
unsafe fn global_bytes(handle: HGLOBAL) -> Option<Vec<u8>> {
    if handle.is_null() {
        return None;
    }
    let size = GlobalSize(handle);
    if size == 0 || size > 2 * MAX_TEXT {
        return None;
    }
    let data = GlobalLock(handle) as *const u8;
    if data.is_null() {
        return None;
    }
    let bytes = std::slice::from_raw_parts(data, size).to_vec();
    GlobalUnlock(handle);
    Some(bytes)
}

/// The paths of files copied in Explorer (at most 16).
///
/// # Safety
/// `drop` comes from GetClipboardData(CF_HDROP) while the clipboard is open.
unsafe fn dropped_files(drop: HDROP) -> Vec<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    if drop.is_null() {
        return Vec::new();
    }
    let count = DragQueryFileW(drop, u32::MAX, std::ptr::null_mut(), 0).min(16);
    (0..count)
        .filter_map(|i| {
            let len = DragQueryFileW(drop, i, std::ptr::null_mut(), 0);
            if len == 0 || len > 32_767 {
                return None;
            }
            let mut buffer = vec![0u16; len as usize + 1];
            let written = DragQueryFileW(drop, i, buffer.as_mut_ptr(), buffer.len() as u32);
            Some(PathBuf::from(std::ffi::OsString::from_wide(&buffer[..written as usize])))
        })
        .collect()
}
