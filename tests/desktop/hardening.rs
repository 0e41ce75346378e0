//! What no file, server or account may do to a PC (issue 35), on the test desktop: a notification server that
//! stops answering for two minutes, and a calendar built to cost in the feed cache.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Desktop, Services};

const SECS: fn(u64) -> Duration = Duration::from_secs;

/// The real time of a log line (`2026-12-08T10:00:00.123+09:00 INFO …`).
fn logged_at(line: &str) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    chrono::DateTime::parse_from_rfc3339(line.split_whitespace().next()?).ok()
}

/// The notification server stops (SIGSTOP) for two minutes during a run of lead notices, one every 15 s (the app's
/// clock at 4x, leads a minute apart): each notice due meanwhile is logged as not shown within the server's 10-s
/// time-out of when it was due (none waits behind another) and handed to the retry; the PC's report says
/// `failing` with the reason while it lasts and `on` again after; once the server answers, the notice of that
/// moment is shown, and the answers the server gave too late are taken off the screen again. Before, every notice
/// waited for the frozen server without a limit and nothing was logged.
#[test]
fn a_frozen_notification_server_costs_each_notice_its_time_out_and_the_report_says_failing() {
    let desktop = Desktop::start(Services::ALL);
    let reports = desktop.home.path("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let leads: Vec<u32> = (5..=14).rev().collect();
    desktop.home.write(
        &desktop.home.system_config(),
        &format!("[report]\ndir = '{}'\n[notify]\nlead_minutes = {leads:?}\n", reports.display()),
    );
    // The built-in window (the seed's, 22:00) starts 15 app-minutes after start: the lead of N minutes is due (15 - N) / 4 real minutes in.
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:45:00+09:00", "--simulate-speed", "4"], &[]);
    let _item = desktop.item(&app);
    let report = |what: &str, wanted: &str| -> Value {
        desktop.wait_for(&app, &format!("the report to say `{wanted}` ({what})"), SECS(30), || {
            let entry = std::fs::read_dir(&reports)
                .ok()?
                .flatten()
                .find(|e| e.file_name().to_string_lossy().ends_with(".json"))?;
            let report: Value = serde_json::from_slice(&std::fs::read(entry.path()).ok()?).ok()?;
            (report["notices"]["state"] == wanted).then_some(report)
        })
    };
    report("before", "on");
    let due = |minutes: u32| app.started + Duration::from_millis(u64::from(15 - minutes) * 15_000);
    // Frozen from 5 s before the first lead for two minutes: the leads of 14 to 7 minutes fall in it.
    while Instant::now() < due(14) - SECS(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    desktop.signal_services("STOP");
    let stopped = Instant::now();
    let failing = report("while frozen", "failing");
    assert!(failing["notices"]["reason"].as_str().unwrap_or("").contains("did not answer within 10 s"), "{failing}");
    assert!(failing["notices"]["since"].as_str().is_some_and(|s| s.ends_with("+09:00")), "{failing}");
    while stopped.elapsed() < SECS(120) {
        std::thread::sleep(Duration::from_millis(200));
    }
    desktop.signal_services("CONT");
    report("after", "on");
    let shown = desktop.wait_notice(&app, 0, "あと", SECS(30));
    let log = app.log_text();
    // The real time of the app's first log line stands for its start (the app's clock starts there).
    let start_logged = log.lines().find_map(logged_at).expect("a timed log line");
    let offset =
        |at: chrono::DateTime<chrono::FixedOffset>| -> f64 { (at - start_logged).num_milliseconds() as f64 / 1000.0 };
    for minutes in 7..=14 {
        let due_after_start = (due(minutes) - app.started).as_secs_f64();
        let needle = format!("notification not shown (notice lead-{minutes}m");
        let failed_at = log
            .lines()
            .filter(|line| line.contains(&needle))
            .find_map(logged_at)
            .unwrap_or_else(|| panic!("lead-{minutes}m is not logged as not shown:\n{log}"));
        let late = offset(failed_at) - due_after_start;
        assert!(
            (9.0..13.0).contains(&late),
            "lead-{minutes}m was logged as not shown {late:.1} s after it was due, not after the 10-s time-out:\n{log}"
        );
    }
    assert!(log.contains("will try again at"), "{log}");
    assert!(log.contains("notices reach the screen again"), "{log}");
    assert!(log.contains("taken off the screen again"), "the late answers are withdrawn:\n{log}");
    // What stays on screen is the notice of a lead due after the server came back: every late answer was closed.
    let _ = shown;
    let on_screen = desktop.wait_for(&app, "one notice on screen", SECS(20), || {
        let mut open = std::collections::BTreeMap::new();
        for event in desktop.events() {
            match event["event"].as_str() {
                Some("notify") => {
                    open.insert(event["id"].to_string(), event["summary"].as_str().unwrap_or_default().to_string());
                }
                Some("close") => {
                    open.remove(&event["id"].to_string());
                }
                _ => {}
            }
        }
        (open.len() == 1).then(|| open.into_values().next().unwrap_or_default())
    });
    assert!(["あと6分", "あと5分", "あと7分"].iter().any(|now| on_screen.contains(now)), "{on_screen}");
}

/// A calendar built to cost (a hundred events of a repeat rule no date satisfies, two of 990 such rules) beside a
/// real window, as a file feed: read and cached with its warnings, and at the next start, read from the cache, it
/// delays neither the tray nor a notice due a second after start (both within two seconds). Before, such a cache
/// kept every start without a tray icon or a notice for minutes.
#[test]
fn a_calendar_built_to_cost_delays_neither_the_tray_nor_a_due_notice() {
    let desktop = Desktop::start(Services::ALL);
    let impossible = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n";
    let event = |uid: usize, rules: usize| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{uid}\r\nDTSTART;TZID=Asia/Tokyo:20260322T060000\r\nDTEND;TZID=Asia/Tokyo:20260322T080000\r\n{}END:VEVENT\r\n",
            impossible.repeat(rules)
        )
    };
    let mut calendar = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    calendar.extend((0..100).map(|i| event(i, 1)));
    calendar.extend((100..102).map(|i| event(i, 990)));
    calendar += "BEGIN:VEVENT\r\nUID:real\r\nSUMMARY:月例作業\r\nDTSTART;TZID=Asia/Tokyo:20260328T220000\r\nDTEND;TZID=Asia/Tokyo:20260328T230000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let feed = desktop.home.path("share/feed.ics");
    desktop.home.write(&feed, &calendar);
    desktop
        .home
        .write(&desktop.home.system_config(), &format!("[[feed]]\nname = \"本部\"\nurl = \"{}\"\n", feed.display()));
    let window_line = "  3月28日（土）22:00〜23:00 月例作業";
    // The seed's window starts at 22:00: its 15-minute notice is due a second after start.
    let args = ["--simulate-from", "2026-03-21T21:44:59+09:00"];
    let app = desktop.app(&args, &[]);
    let item = desktop.item(&app);
    desktop.wait_for(&app, "the feed's window in the menu", SECS(20), || {
        desktop.labels(&item).iter().any(|l| l.starts_with(window_line)).then_some(())
    });
    assert!(app.log_text().contains("laying it out could cost"), "the budget is said: {}", app.log_text());
    app.signal("TERM");
    desktop.wait_for(&app, "the app to stop", SECS(10), || app.exited());

    let count = desktop.notices().len();
    let app = desktop.app(&args, &[]);
    let item = desktop.item(&app);
    let tray_after = app.started.elapsed();
    assert!(
        desktop.labels(&item).iter().any(|l| l.starts_with(window_line)),
        "read from the cache: {:?}",
        desktop.labels(&item)
    );
    let notice = desktop.wait_notice(&app, count, "あと15分", SECS(10));
    let after = notice["time"].as_f64().unwrap() - super::unix_time(app.started);
    assert!(tray_after < SECS(2), "the tray came {tray_after:?} after start");
    assert!(after < 2.0, "the notice due a second after start came {after:.2} s after it");
}

/// A notice log that is not UTF-8, or larger than a notice log ever is, is damaged: set aside for a look (never
/// overwritten by the next save), and the app starts conservatively.
#[test]
fn a_notice_log_that_is_not_text_or_too_large_is_set_aside_not_overwritten() {
    for (what, bytes) in [
        ("not UTF-8", b"{\"shown\": [\"\x93\xfa\x96\x7b\"]}".to_vec()),
        ("over 4 MiB", vec![b' '; 4 * 1024 * 1024 + 1]),
    ] {
        let desktop = Desktop::start(Services::ALL);
        let log = desktop.home.path("data/onshi-tray/notice-log.json");
        std::fs::write(&log, &bytes).unwrap();
        let app = desktop.app(&[], &[]);
        desktop.item(&app);
        desktop.wait_for(&app, "the log to say so", SECS(10), || {
            app.log_text().contains("the notice log is damaged").then_some(())
        });
        assert!(app.log_text().contains("starting conservatively"), "{what}: {}", app.log_text());
        assert_eq!(std::fs::read(log.with_extension("json.corrupt")).unwrap(), bytes, "{what}: kept as it was");
    }
}
