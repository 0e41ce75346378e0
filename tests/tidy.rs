//! The architecture's invariants, checked on every test run.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The pure core never touches the tray, notifications, files, the clock, the environment or other processes.
///
/// The compiler's tooling enforces most of it: the core crate (`core/`) has none of the shell's crates among its
/// dependencies, the core does not ask for chrono's clock, and `core/clippy.toml` refuses the clock, files, the
/// environment, processes and threads (`cargo clippy --workspace`, run by `.ci/run`). This test checks those
/// three stay so, and searches every core file for what clippy cannot see (a `cfg(target_os)`, a grouped import).
#[test]
fn core_is_pure() {
    // The core's dependencies, as its manifest names them: pure crates only.
    let manifest: toml::Table = read("core/Cargo.toml").parse().unwrap();
    let dependencies = manifest["dependencies"].as_table().unwrap();
    let pure = [
        "chrono",
        "chrono-tz",
        "serde",
        "serde_json",
        "toml",
        "strsim",
        "png",
        "rrule",
        "minisign-verify",
        "url",
        "percent-encoding",
        "idna_adapter",
        "uuid",
    ];
    for (name, spec) in dependencies {
        assert!(pure.contains(&name.as_str()), "core/Cargo.toml depends on `{name}`: the core has no I/O crates");
        let features = spec.get("features").and_then(|f| f.as_array()).cloned().unwrap_or_default();
        assert!(!features.iter().any(|f| f.as_str() == Some("clock")), "core/Cargo.toml gives `{name}` its clock");
        // uuid only for name-based UUIDs: its random and time-based ones read the system's randomness and clock.
        if name == "uuid" {
            assert_eq!(
                spec.get("default-features").and_then(|d| d.as_bool()),
                Some(false),
                "uuid without its defaults"
            );
            let wanted: Vec<&str> = features.iter().filter_map(|f| f.as_str()).collect();
            assert_eq!(wanted, ["v5"], "uuid only for name-based UUIDs (v5), never v4, v6 or v7");
        }
    }
    assert!(manifest.get("target").is_none(), "the core has no platform-specific dependencies");
    let rules = read("core/clippy.toml");
    for rule in [
        "chrono::Utc::now",
        "std::time::SystemTime::now",
        "std::fs::read",
        "std::env::var",
        "std::process::Command::new",
        "std::thread::spawn",
    ] {
        assert!(rules.contains(&format!("\"{rule}\"")), "core/clippy.toml no longer refuses {rule}");
    }
    let ci = read(".ci/run");
    assert!(
        ci.contains("cargo clippy --release --locked --workspace --all-targets -- -D warnings"),
        "CI lints the core"
    );

    let forbidden = FORBIDDEN;
    // The app's dependencies that the core does not share (the shell's crates), as the start of a path: derived from
    // the app's manifest, so a crate added there is covered here.
    let app: toml::Table = read("Cargo.toml").parse().unwrap();
    let mut shell_crates: Vec<String> = app["dependencies"].as_table().unwrap().keys().cloned().collect();
    for target in app["target"].as_table().unwrap().values() {
        shell_crates.extend(target["dependencies"].as_table().unwrap().keys().cloned());
    }
    shell_crates.retain(|name| !dependencies.contains_key(name) && name != "onshi-tray-core");
    assert!(shell_crates.iter().any(|c| c == "winit") && shell_crates.iter().any(|c| c == "zbus"), "{shell_crates:?}");
    let files = rust_files_under("core/src");
    assert!(files.iter().any(|f| f == "core/src/reception.rs") && files.len() >= 15, "{files:?}");
    for file in files {
        let file = file.as_str();
        let text = read(file);
        // Unit tests at the bottom of a file may do as they like.
        let code = expand_use_groups(text.split("#[cfg(test)]").next().unwrap());
        for word in forbidden {
            assert!(!code.contains(word), "{file} uses `{word}`: the core takes `now` as a parameter and does no I/O");
        }
        for name in &shell_crates {
            assert!(!starts_a_path(&code, &name.replace('-', "_")), "{file} uses the shell's crate `{name}`");
        }
    }
}

/// The announcement reader is as pure as the core: its own crate with pure dependencies only, the core's clippy
/// rules, and none of the forbidden paths in its code.
#[test]
fn reader_is_pure() {
    let manifest: toml::Table = read("reader/Cargo.toml").parse().unwrap();
    // lopdf: without its default features (the clock, rayon's threads); the reader calls only its in-memory loader.
    let pure = [
        "chrono",
        "serde",
        "regex",
        "unicode-normalization",
        "encoding_rs",
        "toml_edit",
        "html5gum",
        "mail-parser",
        "lopdf",
    ];
    let lopdf = &manifest["dependencies"]["lopdf"];
    assert_eq!(lopdf.get("default-features").and_then(|d| d.as_bool()), Some(false), "lopdf's clock and threads off");
    for (name, spec) in manifest["dependencies"].as_table().unwrap() {
        assert!(pure.contains(&name.as_str()), "reader/Cargo.toml depends on `{name}`: the reader has no I/O crates");
        let features = spec.get("features").and_then(|f| f.as_array()).cloned().unwrap_or_default();
        assert!(!features.iter().any(|f| f.as_str() == Some("clock")), "reader/Cargo.toml gives `{name}` its clock");
    }
    assert_eq!(read("reader/clippy.toml"), read("core/clippy.toml"), "the reader is fenced as the core is");
    let files = rust_files_under("reader/src");
    assert!(files.iter().any(|f| f == "reader/src/lib.rs") && files.len() >= 5, "{files:?}");
    for file in files {
        let code = expand_use_groups(read(&file).split("#[cfg(test)]").next().unwrap());
        for word in FORBIDDEN {
            assert!(!code.contains(word), "{file} uses `{word}`: the reader takes the reference date and does no I/O");
        }
    }
}

/// What a pure crate's code (the core's, the reader's) never names: files, the clock, the environment, processes,
/// sockets, threads, an operating system.
const FORBIDDEN: [&str; 11] = [
    "std::fs",
    "File::",
    "Utc::now",
    "Local::now",
    "SystemTime",
    "Instant::now",
    "std::env",
    "std::process",
    "std::net",
    "#[cfg(target_os",
    "std::thread",
];

/// `use std::{env, fs::File}` written out as `std::env` and `std::fs::File`, so that a grouped import cannot slip
/// past a search for a path (nested groups too).
fn expand_use_groups(code: &str) -> String {
    let mut out = code.to_string();
    while let Some(open) = out.find("::{") {
        let close = open + out[open..].find('}').unwrap();
        // The innermost group first: a `{` between this one's opening and its closing belongs to a nested one.
        let open = out[..close].rfind("::{").unwrap();
        let prefix_start =
            out[..open].rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).map_or(0, |i| i + 1);
        let prefix = &out[prefix_start..open];
        let items: Vec<String> = out[open + 3..close]
            .split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(|i| format!("{prefix}::{i}"))
            .collect();
        out = format!("{}{}{}", &out[..prefix_start], items.join(", "), &out[close + 1..]);
    }
    out
}

/// Whether `name::` begins a path somewhere in `code` (not `crate::name::` nor `other_name::`).
fn starts_a_path(code: &str, name: &str) -> bool {
    let needle = format!("{name}::");
    code.match_indices(&needle).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    })
}

#[test]
fn the_purity_check_sees_grouped_imports() {
    let code = expand_use_groups(
        "use std::{env, fs::{self, File}};
use chrono::{DateTime, Utc};",
    );
    assert!(code.contains("std::env") && code.contains("std::fs::File") && code.contains("chrono::Utc"), "{code}");
    assert!(starts_a_path("let x = zbus::Connection::session();", "zbus"));
    assert!(!starts_a_path("crate::notify::x; my_notify::y", "notify"));
}

/// Every `.rs` file of the shell outside `src/platform/`, and every core module: no operating system is named there.
fn shared_files() -> Vec<String> {
    let shell = rust_files_under("src").into_iter().filter(|f| !f.starts_with("src/platform/"));
    shell.chain(rust_files_under("core/src")).chain(rust_files_under("reader/src")).collect()
}

/// Platform differences live in `src/platform/` only.
#[test]
fn cfg_target_os_only_in_platform() {
    let files = shared_files();
    assert!(files.iter().any(|f| f == "src/app/mod.rs") && files.len() >= 15, "{files:?}");
    for file in files {
        assert!(!read(&file).contains("target_os"), "{file} mentions target_os; move it into src/platform/");
    }
}

/// The `.rs` files under a folder of the repository, its subfolders included.
fn rust_files_under(dir: &str) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)).unwrap() {
        let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
        if name.ends_with(".rs") {
            files.push(name);
        } else {
            files.extend(rust_files_under(&name));
        }
    }
    files
}

/// No `unwrap()` outside tests: errors are handled or `expect`ed with a reason.
#[test]
fn no_unwrap_outside_tests() {
    let all: Vec<String> = rust_files_under("src")
        .into_iter()
        .chain(rust_files_under("core/src"))
        .chain(rust_files_under("reader/src"))
        .collect();
    assert!(all.iter().any(|f| f == "src/platform/notify/linux.rs") && all.len() >= 45, "{all:?}");
    for file in all {
        let text = read(&file);
        let code = text.split("#[cfg(test)]").next().unwrap();
        assert!(!code.contains(".unwrap()"), "{file} calls unwrap() outside tests");
    }
}

/// The facts of the seed notice, where people read them: the built-in default and the README.
#[test]
fn seed_facts_are_spelled_right() {
    let url = "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769";
    for file in ["config/default.toml", "README.md"] {
        let text = read(file);
        assert!(
            text.contains(url) || text.contains(&url.replace('&', "&amp;")),
            "{file} lacks the portal article's address"
        );
        assert!(!text.contains("iryohokeniyoho"), "{file} carries the cover letter's misspelt host");
        assert!(text.contains("0800-080-4583"), "{file} lacks the call center's number");
    }
}

/// The icons in `assets/` (the .deb's app icon, the toasts' icon) are the core's 64 px drawings: after a change to
/// `core/src/icon.rs`, `cargo run --example icons -- --assets` writes them anew.
#[test]
fn assets_are_the_drawn_icons() {
    use onshi_tray_core::icon::{draw, Look};
    for look in Look::ALL {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("assets/{}.png", look.name()));
        let mut reader =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap())).read_info().unwrap();
        let mut rgba = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut rgba).unwrap();
        rgba.truncate(info.buffer_size());
        assert_eq!((info.width, info.height, info.color_type), (64, 64, png::ColorType::Rgba), "{}", path.display());
        assert!(
            rgba == draw(look, 64, false),
            "{} is not what core/src/icon.rs draws: run `cargo run --example icons -- --assets`",
            path.display()
        );
    }
}

/// The toast activator's CLSID is one value wherever it is written: the app registers and serves it, the MSI names it
/// under the AppUserModelID and gives it the exe as `LocalServer32`, the Wine test client creates it. A typo in one
/// would leave every click on a notice of an installed app without an answer.
#[test]
fn the_toast_activator_clsid_is_the_same_everywhere() {
    let clsid = "5EE1A160-2F78-4AD2-A94A-9BF988CC9613";
    let activator = read("src/platform/notify/activator.rs");
    assert!(activator.contains(&format!("\"{{{clsid}}}\"")), "activator.rs: CLSID_TEXT");
    assert!(activator.contains(&format!("0x{}", clsid.to_lowercase().replace('-', "_"))), "activator.rs: CLSID");
    let wxs = read("packaging/windows/onshi-tray.wxs");
    assert!(wxs.contains(&format!("Name=\"CustomActivator\" Type=\"string\" Value=\"{{{clsid}}}\"")), "the .wxs");
    assert!(wxs.contains(&format!("CLSID\\{{{clsid}}}\\LocalServer32")), "the .wxs: LocalServer32");
    assert!(read("packaging/windows/build-msi.sh").contains(&format!("CLSID\\\\{{{clsid}}}'")), "build-msi.sh");
    assert!(read("packaging/windows/smoke-test.sh").contains(&format!("clsid='{{{clsid}}}'")), "smoke-test.sh");
    let parts: Vec<&str> = clsid.split('-').collect();
    let c = read("packaging/windows/wine/activate.c").to_lowercase();
    let bytes = format!("{}{}", parts[3], parts[4]).to_lowercase();
    let tail: Vec<String> = (0..8).map(|i| format!("0x{}", &bytes[2 * i..2 * i + 2])).collect();
    let initializer = format!("0x{}, 0x{}, 0x{}, {{{}}}", parts[0], parts[1], parts[2], tail.join(", ")).to_lowercase();
    assert!(c.contains(&initializer), "activate.c lacks {initializer}");
}
