//! A generated corpus of bad configs: every line of a realistic machine-wide file, mutated in a dozen ways (a
//! deleted, doubled or cut line, a wrong type, an impossible date, a control character, a duplicate key, …).
//! Each case's outcome (its first located error and the windows kept) is a snapshot in
//! `core/tests/data/corpus.expected` (`UPDATE_EXPECT=1 cargo test -p onshi-tray-core` writes it); and for every case, the parser never
//! panics, every error is located inside the file, and a mistake inside one window's table never costs another
//! window.

use expect_test::expect_file;
use onshi_tray_core::config::parse_str;

fn now() -> chrono::DateTime<chrono::Utc> {
    onshi_tray_core::config::parse_instant("2026-03-01T00:00:00+09:00").unwrap()
}

const BASE: &str = r#"language = "ja"

[notify]
lead_minutes = [60, 15]
repeat_during_minutes = 30

[facility]
weekday = "08:30-18:00"
saturday = "08:30-12:30"

[[window]]
id = "2026-12-05-kaishu"
title = "オンライン資格確認等システム改修作業"
start = 2026-12-05T22:00:00
end = 2026-12-05T23:00:00
impact = "logout"

[[window]]
id = "2026-12-12-teishi"
title = "システム停止"
start = 2026-12-12T21:00:00
end = 2026-12-13T06:00:00
impact = "outage"
end_may_change = true

[[window]]
id = "2026-12-19-myna"
title = "マイナポータル保守"
system = "マイナポータル"
start = 2026-12-19T20:00:00
end = 2026-12-19T22:00:00
impact = "partial"
effect = "薬剤情報の閲覧ができません"
"#;

/// The mutations of one line: a name and the new line (or `None` to delete it).
fn mutations(line: &str) -> Vec<(&'static str, Option<String>)> {
    let (key, value) = line.split_once(" = ").unwrap_or((line, ""));
    let mut out = vec![
        ("deleted", None),
        ("doubled", Some(format!("{line}\n{line}"))),
        ("cut in half", Some(line.chars().take(line.chars().count() / 2).collect())),
        ("escape sequence", Some(line.replacen('"', "\"\\u001b[31m", 1))),
    ];
    if !value.is_empty() {
        out.extend([
            ("a number", Some(format!("{key} = 12345"))),
            ("a boolean", Some(format!("{key} = true"))),
            ("a string", Some(format!("{key} = \"x\""))),
            ("an array", Some(format!("{key} = [1, \"a\"]"))),
            ("a table", Some(format!("{key} = {{ a = 1 }}"))),
            ("an impossible date", Some(format!("{key} = 2025-02-29T22:00:00"))),
            ("an unclosed string", Some(format!("{key} = \"abc"))),
            ("a misspelt key", Some(format!("{key}x = {value}"))),
        ]);
    }
    out
}

/// Which window's table (0-based) a line belongs to, if any.
fn window_of(lines: &[&str], index: usize) -> Option<usize> {
    let header = (0..=index).rev().find(|&i| lines[i].starts_with('['))?;
    lines[header]
        .starts_with("[[window]]")
        .then(|| lines[..=header].iter().filter(|l| l.starts_with("[[window]]")).count() - 1)
}

#[test]
fn generated_bad_configs_fail_safely_and_locally() {
    let lines: Vec<&str> = BASE.lines().collect();
    let all_ids = ["2026-12-05-kaishu", "2026-12-12-teishi", "2026-12-19-myna"];
    let mut report = String::new();
    let mut cases = 0;
    for (index, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        for (name, replacement) in mutations(line) {
            cases += 1;
            let mut mutated: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            match &replacement {
                Some(new) => mutated[index] = new.clone(),
                None => mutated[index] = String::new(),
            }
            let text = mutated.join("\n") + "\n";
            let (layer, errors) = parse_str(&text, "c.toml");
            let line_count = text.lines().count();
            for error in &errors {
                assert!(
                    (1..=line_count + 1).contains(&error.line) && error.col >= 1,
                    "line {} {name}: {error:?}",
                    index + 1
                );
                assert!(!error.message.is_empty());
            }
            let kept: Vec<&str> = layer.windows.iter().map(|w| w.id.as_str()).collect();
            // A table header's own mutations join or split tables, which changes which window is which.
            if let Some(own) = window_of(&lines, index).filter(|_| !line.starts_with('[')) {
                for (other, id) in all_ids.iter().enumerate() {
                    if other != own {
                        assert!(
                            kept.contains(id),
                            "line {} {name} (window {own}) cost window {other}: {errors:#?}",
                            index + 1
                        );
                    }
                }
            }
            let first = errors
                .first()
                .map_or_else(|| "no error".to_string(), |e| format!("{}:{}: {}", e.line, e.col, e.message));
            report += &format!("line {:2} {name:18} → {first} | kept {kept:?}\n", index + 1);
        }
    }
    assert!(cases > 250, "{cases} cases");
    expect_file!["data/corpus.expected"].assert_eq(&report);
}

/// The fuzzers' seeds and every crasher they ever found (`fuzz/regressions/`, kept by `scripts/fuzz.sh`) go
/// through the parsers on every test run; the seeds are good files.
#[test]
fn fuzz_seeds_and_regressions_parse_without_a_panic() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz");
    let files = |dir: &str| -> Vec<std::path::PathBuf> {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    };
    for seed in files("seeds/config") {
        let (_, errors) = onshi_tray_core::config::parse_bytes(&std::fs::read(&seed).unwrap(), "seed");
        assert!(errors.is_empty(), "{}: {errors:?}", seed.display());
    }
    for seed in files("seeds/feed") {
        assert!(
            onshi_tray_core::feed::parse(&std::fs::read(&seed).unwrap(), "seed", false, now()).is_ok(),
            "{}",
            seed.display()
        );
    }
    let regressions: Vec<_> = files("regressions/config").into_iter().chain(files("regressions/feed")).collect();
    assert!(regressions.len() >= 3);
    for file in regressions {
        let bytes = std::fs::read(&file).unwrap();
        // Every error is located inside the file; a line ends in LF, CR LF or a lone CR.
        let lines = bytes
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count()
            + 1;
        for error in onshi_tray_core::config::parse_bytes(&bytes, "regression").1 {
            assert!(error.line >= 1 && error.line <= lines + 1 && error.col >= 1, "{}: {error:?}", file.display());
        }
        let _ = onshi_tray_core::feed::parse(&bytes, "regression", false, now());
        let _ = onshi_tray_core::feed::parse(&bytes, "regression", true, now());
    }
}
