//! The reader fuzzer's seeds and every crasher it ever found (`fuzz/seeds/reader`, `fuzz/regressions/reader`, kept
//! by `scripts/fuzz.sh`), read as the fuzzer reads them, on every test run: never a panic.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::Path;

#[test]
fn the_fuzzers_seeds_and_regressions_read_without_a_panic() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let mut files = Vec::new();
    for dir in ["seeds/reader", "regressions/reader"] {
        if let Ok(entries) = std::fs::read_dir(fuzz.join(dir)) {
            files.extend(entries.flatten().map(|e| e.path()));
        }
    }
    assert!(files.len() >= 2, "the seeds are there: {files:?}");
    let published = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let input = onshi_tray_reader::input::read(&bytes);
        let reading = onshi_tray_reader::read(&input.text, published);
        let _ = onshi_tray_reader::edit::add_to("", &reading.windows, "seed");
        let _ = onshi_tray_reader::edit::ics(&reading.windows);
    }
}
