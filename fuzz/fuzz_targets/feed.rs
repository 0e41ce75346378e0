//! The feed parsers (TOML and iCalendar) on arbitrary bytes, signed and unsigned: never a panic, never a stack
//! overflow. The iCalendar reader also gets the bytes inside a calendar, nested as deep as the first byte says, and
//! with their line ends turned into lone CRs and CR CR LF.
#![no_main]

use chrono::TimeZone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let signed = data.first().is_some_and(|b| b & 1 == 1);
    let _ = onshi_tray_core::feed::parse(data, "fuzz.feed", signed, now);
    let depth = usize::from(data.first().copied().unwrap_or(0));
    let mut calendar = b"BEGIN:VCALENDAR\r\n".to_vec();
    for _ in 0..depth * 4 {
        calendar.extend_from_slice(b"BEGIN:VEVENT\r\n");
    }
    calendar.extend_from_slice(data);
    calendar.extend_from_slice(b"\r\nEND:VCALENDAR\r\n");
    let _ = onshi_tray_core::feed::parse(&calendar, "fuzz.ics", false, now);
    let lone_cr: Vec<u8> = calendar.iter().map(|&b| if b == b'\n' { b'\r' } else { b }).collect();
    let _ = onshi_tray_core::feed::parse(&lone_cr, "fuzz.ics", false, now);
    let mut doubled = Vec::with_capacity(calendar.len() * 2);
    for &b in &calendar {
        if b == b'\n' {
            doubled.extend_from_slice(b"\r\r\n");
        } else if b != b'\r' {
            doubled.push(b);
        }
    }
    let _ = onshi_tray_core::feed::parse(&doubled, "fuzz.ics", false, now);
});
