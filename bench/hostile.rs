//! What hostile or broken input costs the parsers: each row must stay linear in the input's size (under a second
//! for a megabyte), so that one published file cannot stall every PC of a fleet.
//!
//! `cargo run --release --example hostile` prints one row per input: its size, the milliseconds to read it, and
//! what came of it. The figures go into BENCHMARKS.md ("Hostile input").

use std::time::Instant;

use onshi_tray_core::config::{parse_instant, parse_str};
use onshi_tray_core::feed;

fn row(name: &str, bytes: usize, run: impl FnOnce() -> String) {
    let t = Instant::now();
    let outcome = run();
    println!("{name}\t{bytes}\t{:.1}\t{outcome}", t.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    let now = parse_instant("2026-12-01T09:00:00+09:00").expect("valid instant");
    println!("input\tbytes\tms\toutcome");
    let garbage = "garbage line ===\n".repeat(10_000);
    row("config: 10 000 garbage lines", garbage.len(), || format!("{} errors", parse_str(&garbage, "g.toml").1.len()));
    let mut noise = Vec::with_capacity(1 << 20);
    let mut state: u32 = 12345;
    while noise.len() < (1 << 20) - 64 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let byte = (state >> 16) as u8;
        noise.push(if byte.is_ascii_graphic() || byte == b'\n' || byte == b' ' { byte } else { b'=' });
    }
    row("feed: 1 MiB of garbage (a proxy's error page)", noise.len(), || match feed::parse(&noise, "g", false, now) {
        Ok(layer) => format!("{} windows", layer.windows.len()),
        Err(errors) => format!("refused, {} errors", errors.len()),
    });
    let mut calendar = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..10_000 {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date") + chrono::Duration::days(i / 24);
        let hour = i % 24;
        calendar += &format!(
            "BEGIN:VEVENT\r\nUID:e{i}\r\nSUMMARY:保守 {i}\r\nDTSTART:{}T{hour:02}0000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
            day.format("%Y%m%d")
        );
    }
    calendar += "END:VCALENDAR\r\n";
    row("feed: a calendar of 10 000 events", calendar.len(), || {
        match feed::parse(calendar.as_bytes(), "c", false, now) {
            Ok(layer) => format!("{} windows", layer.windows.len()),
            Err(errors) => format!("refused: {}", errors[0].headline()),
        }
    });
    let nested = format!("BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n", "BEGIN:A\n".repeat(100_000));
    row("feed: a calendar nested 100 000 deep", nested.len(), || {
        match feed::parse(nested.as_bytes(), "n", false, now) {
            Ok(_) => "read".to_string(),
            Err(errors) => format!("refused: {}", errors[0].message),
        }
    });
    let title = "長".repeat(100_000 / 3);
    let toml = format!(
        "[[window]]\nid = \"a\"\ntitle = \"{title}\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n"
    );
    row("config: a window with a 100 KB title", toml.len(), || {
        let (layer, errors) = parse_str(&toml, "t.toml");
        format!("{} windows, {}", layer.windows.len(), errors.first().map(|e| e.message.clone()).unwrap_or_default())
    });
    // Calendars built to cost (issue 35): repeat rules no date satisfies make the rule crate search to its last
    // year; each feed's work is bounded by its repeat budget.
    let impossible = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n";
    let event = |uid: usize, rules: usize, freq: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{uid}\r\nDTSTART;TZID=Asia/Tokyo:20261206T060000\r\nDTEND;TZID=Asia/Tokyo:20261206T080000\r\n{}END:VEVENT\r\n",
            impossible.replace("YEARLY", freq).repeat(rules)
        )
    };
    let costly = |name: &str, events: String| {
        let text = format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n");
        row(name, text.len(), || match feed::parse(text.as_bytes(), "c", false, now) {
            Ok(layer) => format!("{} windows, {} skipped", layer.windows.len(), layer.skipped),
            Err(errors) => format!("refused: {}", errors.last().map(|e| e.message.clone()).unwrap_or_default()),
        });
    };
    costly("feed: one event with 990 impossible RRULEs (was 66-108 s)", event(0, 990, "YEARLY"));
    costly("feed: 100 events of one impossible RRULE (was 8-13 s)", (0..100).map(|i| event(i, 1, "YEARLY")).collect());
    costly(
        "feed: two events of 990 such rules (was 131 s at every start)",
        (0..2).map(|i| event(i, 990, "YEARLY")).collect(),
    );
    for freq in ["YEARLY", "MONTHLY", "DAILY"] {
        let events: String = (0..)
            .map(|i| event(i, 4, freq))
            .take_while({
                let mut size = 0;
                move |e| {
                    size += e.len();
                    size < 1_000_000
                }
            })
            .collect();
        costly(&format!("feed: 1 MB of events with 4 impossible {freq} rules each"), events);
    }
    let zones: String = (0..3_000)
        .map(|i| {
            format!(
                "BEGIN:VTIMEZONE\r\nTZID:Z{i}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETTO:+0900\r\n{impossible}END:STANDARD\r\nEND:VTIMEZONE\r\n"
            )
        })
        .collect();
    costly("feed: 3 000 VTIMEZONEs with an impossible rule", zones + &event(0, 0, "YEARLY"));
    let errors = "a =\n".repeat(120_000);
    row("config: 100 000 one-line TOML errors", errors.len(), || {
        format!("{} errors", parse_str(&errors, "e.toml").1.len())
    });
    // The announcement reader (issue 34): a megabyte of announcements, and of digits and range marks built to cost.
    let published = chrono::NaiveDate::from_ymd_opt(2026, 7, 14).expect("a date");
    let item = "令和8年8月においては以下の日程を予定しています。・8/10(月)22:00 ～ 8/11(火)08:00 ・8/16(日)00:00 ～ 08:00 終了時刻については前後する可能性がございます。\n";
    for (name, size) in [("import: 256 KiB of announcements", 1 << 18), ("import: 1 MiB of announcements", 1 << 20)] {
        let announcements = item.repeat(size / item.len());
        row(name, announcements.len(), || {
            format!("{} windows", onshi_tray_reader::read(&announcements, published).windows.len())
        });
    }
    let digits = "1/2(3~4:5~6時7分~8月9日~".repeat((1 << 20) / 40);
    row("import: 1 MiB of digits and range marks", digits.len(), || {
        let reading = onshi_tray_reader::read(&digits, published);
        format!("{} windows, {} not windows", reading.windows.len(), reading.not_windows.len())
    });
}
