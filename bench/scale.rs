//! How the core's cost grows with the number of configured windows (a fleet feed may carry years of them).
//!
//! `cargo run --release --example scale -- 1 100 10000 100000` prints, per size, the time to parse the config text,
//! to prepare the schedule, to compute the next instant (`next_change`) and one wake (`step`), and the config's size.
//! Run by `bench/footprint.py`; the figures go into BENCHMARKS.md.

use std::time::Instant;

use onshi_tray_core::config::{parse_str, Config};
use onshi_tray_core::schedule::{NoticeLog, Schedule};

/// `n` windows, one a day at 22:00 JST from 2026-01-01, with the default notices.
fn config_text(n: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("valid date");
    let mut text = String::with_capacity(n * 120);
    for i in 0..n {
        let day = start + chrono::Duration::days(i as i64 / 4);
        let hour = 18 + (i % 4);
        text += &format!(
            "[[window]]\nid = \"w{i}\"\ntitle = \"定期メンテナンス {i}\"\nstart = {day}T{hour}:00:00\nend = {day}T{hour}:45:00\n\n"
        );
    }
    text
}

fn millis(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![1, 100, 10_000, 100_000] } else { sizes };
    let now = onshi_tray_core::config::parse_instant("2026-06-01T12:00:00+09:00").expect("valid instant");
    println!("windows\tconfig_bytes\tparse_ms\tschedule_ms\tnext_change_ms\tstep_ms");
    for n in sizes {
        let text = config_text(n);
        let t = Instant::now();
        let (layer, errors) = parse_str(&text, "scale.toml");
        let parse = millis(t);
        assert!(errors.is_empty(), "{:?}", errors.first());
        let mut config = Config::builtin();
        config.apply(layer);
        let t = Instant::now();
        let schedule = Schedule::new(&config);
        let prepare = millis(t);
        let t = Instant::now();
        let next = schedule.next_change(&NoticeLog::default(), now);
        let next_ms = millis(t);
        assert!(next.is_some() || n < 700);
        let mut log = NoticeLog::default();
        let t = Instant::now();
        schedule.step(&mut log, now);
        let step = millis(t);
        println!("{n}\t{}\t{parse:.2}\t{prepare:.2}\t{next_ms:.3}\t{step:.3}", text.len());
    }
}
