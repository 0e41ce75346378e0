//! The announcement reader on arbitrary bytes: every input form (text in any encoding, HTML, an e-mail), the
//! reading, and the windows added to a TOML file and written as a calendar: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let published = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    let input = onshi_tray_reader::input::read(data);
    let reading = onshi_tray_reader::read(&input.text, published);
    let _ = onshi_tray_reader::edit::add_to("# a config\n[notify]\nlead_minutes = [60]\n", &reading.windows, "fuzz");
    let _ = onshi_tray_reader::edit::ics(&reading.windows);
});
