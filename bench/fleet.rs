//! `onshi-tray fleet` over a report folder the size of a large customer base.
//!
//! `cargo run --release --example fleet -- 5000` writes that many reports (as the app writes them, with one PC in
//! fifty off, silent or with a wrong clock) and a truncated, a huge, a nested and a binary file into a temporary
//! folder, then runs the release binary's `fleet DIR --json` and `fleet DIR --html FILE` five times each and prints
//! the median and the longest wall time. Run by `bench/run.sh`; the figures go into BENCHMARKS.md.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use onshi_tray_core::config::{parse_instant, parse_str, Config};
use onshi_tray_core::delivery::Delivery;
use onshi_tray_core::feed::FeedState;
use onshi_tray_core::fleet::{self, ClockCheck, Facts};
use onshi_tray_core::schedule::NoticeLog;

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(5000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let now = parse_instant("2027-01-10T12:00:00+09:00").expect("valid instant");
    let (layer, _) = parse_str(
        "[[window]]\nid = \"2027-01-16-kaishu\"\ntitle = \"改修作業\"\nstart = 2027-01-16T22:00:00\nend = 2027-01-16T23:00:00\n",
        "bench.toml",
    );
    let mut config = Config::builtin();
    config.apply(layer);
    let feeds = [FeedState {
        label: "本部".to_string(),
        url: "https://feeds.example.jp/onshi.toml".to_string(),
        last_success: Some(now),
        last_attempt: Some(now),
        failing_since: None,
        retry_after: None,
        last_error: None,
        windows: 1,
        skipped: 0,
        serial: Some(40),
        clock: Some((3, now)),
    }];
    let mut bytes = 0;
    for i in 0..count {
        let computer = format!("RECEPT-{i:05}");
        let facts = Facts {
            version: "0.1.0",
            computer: &computer,
            user: "uketsuke",
            running_since: now - chrono::Duration::hours(3),
            stopped: None,
            delivery: if i % 50 == 1 { Delivery::OffForUser } else { Delivery::On },
            failing: None,
            attention: onshi_tray_core::delivery::Attention::Accepting,
            tray: true,
            config_errors: 0,
            feeds: &feeds,
            clock: (i % 50 == 2).then(|| ClockCheck {
                offset_seconds: -430,
                against: "bench".to_string(),
                at: fleet::jst(now),
            }),
        };
        let heartbeat = if i % 50 == 3 { now - chrono::Duration::hours(5) } else { now };
        let report = fleet::report(&config, &NoticeLog::default(), heartbeat, facts);
        let json = fleet::to_json(&report);
        bytes += json.len();
        write(dir.path(), &fleet::file_name(&computer, "uketsuke"), &json);
        // Stamped as the file server stamps a report when it is written (`fleet` compares the two).
        std::fs::File::options()
            .write(true)
            .open(dir.path().join(fleet::file_name(&computer, "uketsuke")))
            .and_then(|file| file.set_modified(heartbeat.into()))
            .expect("the temporary folder is writable");
    }
    write(dir.path(), "truncated.json", b"{\"format\": 1, \"version\": \"0.1");
    write(dir.path(), "huge.json", &vec![b' '; 1024 * 1024]);
    write(dir.path(), "nested.json", "[".repeat(60_000).as_bytes());
    write(dir.path(), "binary.json", &[0, 159, 146, 150, 255]);
    let binary = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/onshi-tray");
    let folder = dir.path().to_str().expect("a UTF-8 path").to_string();
    let page = dir.path().join("fleet.html").to_str().expect("a UTF-8 path").to_string();
    println!("reports\tbytes\toutput\tmedian_s\tmax_s\texit");
    for (what, args) in [("json", vec!["--json"]), ("html", vec!["--html", page.as_str()])] {
        let mut times = Vec::new();
        let mut code = None;
        for _ in 0..5 {
            let started = Instant::now();
            let out = Command::new(&binary)
                .args(["fleet", &folder, "--at", "2027-01-10T12:05:00+09:00"])
                .args(&args)
                .output()
                .expect("build the release binary first (bench/run.sh does)");
            times.push(started.elapsed().as_secs_f64());
            code = out.status.code();
        }
        times.sort_by(f64::total_cmp);
        println!("{count}\t{bytes}\t{what}\t{:.3}\t{:.3}\t{code:?}", times[times.len() / 2], times[times.len() - 1]);
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("the temporary folder is writable");
}
