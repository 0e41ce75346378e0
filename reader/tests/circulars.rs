//! The acceptance check: every announcement of `../shared/circulars` (real, public ones, with the windows a careful
//! reader takes from them in its `expected.json`) read and compared, start, end and impact. The folder is not part
//! of the project: where it is absent (a fresh clone alone), the test says so and passes without comparing.

#![allow(clippy::disallowed_methods, clippy::disallowed_types)]

use std::path::Path;

use chrono::NaiveDate;
use onshi_tray_reader::read;
use serde_json::Value;

#[test]
fn the_shared_circulars_are_read_as_a_careful_reader_reads_them() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/circulars");
    let Ok(expected) = std::fs::read_to_string(folder.join("expected.json")) else {
        eprintln!("skipped: {} is not here (the circulars are not part of the project)", folder.display());
        return;
    };
    let expected: Value = serde_json::from_str(&expected).expect("expected.json is JSON");
    let (mut right, mut missed, mut false_windows, mut total) = (0, Vec::new(), Vec::new(), 0);
    for file in expected.as_array().expect("a list of files") {
        let name = file["file"].as_str().expect("a file name");
        let text = std::fs::read_to_string(folder.join(name)).expect("the circular is there");
        let published =
            NaiveDate::parse_from_str(file["published"].as_str().expect("a date"), "%Y-%m-%d").expect("a date");
        let reading = read(&text, published);
        let found: Vec<(Option<String>, Option<String>, &str)> = reading
            .windows
            .iter()
            .map(|w| (w.start.map(|t| t.to_rfc3339()), w.end.map(|t| t.to_rfc3339()), w.impact.code()))
            .collect();
        let wanted: Vec<(Option<String>, Option<String>, &str)> = file["windows"]
            .as_array()
            .expect("windows")
            .iter()
            .map(|w| {
                (
                    w["start"].as_str().map(str::to_string),
                    w["end"].as_str().map(str::to_string),
                    w["impact"].as_str().expect("an impact"),
                )
            })
            .collect();
        total += wanted.len();
        for window in &wanted {
            if found.contains(window) {
                right += 1;
            } else {
                missed.push(format!("{name}: {window:?}"));
            }
        }
        for window in &found {
            if !wanted.contains(window) {
                false_windows.push(format!("{name}: {window:?}"));
            }
        }
    }
    eprintln!(
        "circulars: {right} of {total} windows exactly right (start, end, impact), {} missed, {} proposed that are not in expected.json",
        missed.len(),
        false_windows.len()
    );
    assert!(missed.is_empty() && false_windows.is_empty(), "missed: {missed:#?}\nnot windows: {false_windows:#?}");
    assert_eq!(right, total);
}
