//! The feed parsers (TOML and iCalendar) on arbitrary bytes, signed and unsigned: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let signed = data.first().is_some_and(|b| b & 1 == 1);
    let _ = onshi_tray::feed::parse(data, "fuzz.feed", signed);
    // The same bytes as the body of an iCalendar file, so the iCalendar reader gets them too.
    let mut calendar = b"BEGIN:VCALENDAR\r\n".to_vec();
    calendar.extend_from_slice(data);
    calendar.extend_from_slice(b"\r\nEND:VCALENDAR\r\n");
    let _ = onshi_tray::feed::parse(&calendar, "fuzz.ics", false);
});
