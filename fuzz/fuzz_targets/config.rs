//! The config parser on arbitrary bytes: never a panic, every error located inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_layer, errors) = onshi_tray_core::config::parse_bytes(data, "fuzz.toml");
    // A line ends in LF, CR LF or a lone CR (as old Mac editors and FTP transfers leave them).
    let lines = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count()
        + 1;
    for error in errors {
        assert!(error.line >= 1 && error.line <= lines + 1 && error.col >= 1, "{error:?}");
    }
});
