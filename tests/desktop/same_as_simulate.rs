//! `simulate` prints what a PC does: the real app, its clock sped up (`--simulate-speed`), on the test desktop,
//! against `simulate` of the same timeline. What the notification server received (every notice's title and body,
//! in order, and every notice taken off the screen) is what `simulate` says, line for line.

use std::time::{Duration, Instant};

use super::{App, Desktop, Services};

/// The notices as the notification server recorded them: `notice: TITLE / BODY` for a notice about a window (it
/// has buttons), `plain: TITLE` for one about no window, `close` for one taken off the screen.
fn received(desktop: &Desktop) -> Vec<String> {
    desktop
        .events()
        .into_iter()
        .filter_map(|e| match e["event"].as_str()? {
            "notify" if e["actions"].as_array().is_some_and(|a| a.is_empty()) => {
                Some(format!("plain: {}", e["summary"].as_str()?))
            }
            "notify" => Some(format!("notice: {} / {}", e["summary"].as_str()?, e["body"].as_str()?)),
            "close" => Some("close".to_string()),
            _ => None,
        })
        .collect()
}

/// The same from `simulate --text`: a notice line, then its title and body indented; `#` lines for a plain notice
/// shown and a notice taken off the screen.
fn simulated(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(note) = line.strip_prefix("# ") {
            let (_, what) = note.split_once(' ').unwrap();
            if let Some(title) = what.strip_prefix("shown: ") {
                out.push(format!("plain: {title}"));
            } else if what.ends_with("is taken off the screen") {
                out.push("close".to_string());
            }
            continue;
        }
        let title = lines.next().unwrap().trim().to_string();
        let mut body = Vec::new();
        while let Some(more) = lines.next_if(|l| l.starts_with("    ")) {
            body.push(more.trim());
        }
        out.push(format!("notice: {title} / {}", body.join("\n")));
    }
    out
}

/// Starts the app at `from` with its clock `speed` times real time; `config` is its --config file.
fn sped_up(desktop: &Desktop, config: &str, from: &str, speed: u32) -> App {
    let path = desktop.home.path("timeline.toml");
    std::fs::write(&path, config).unwrap();
    let speed = speed.to_string();
    let args = ["--config", path.to_str().unwrap(), "--simulate-from", from, "--simulate-speed", &speed];
    desktop.app(&args, &[])
}

/// Sleeps until the sped-up app's clock has passed `at` (seconds of its clock after `from`), with a margin.
fn until(app: &App, seconds: f64, speed: u32) {
    let due = app.started + Duration::from_secs_f64(seconds / f64::from(speed));
    if let Some(wait) = due.checked_duration_since(Instant::now()) {
        std::thread::sleep(wait);
    }
}

fn simulate(desktop: &Desktop, from: &str, to: &str, extra: &[&str]) -> Vec<String> {
    let path = desktop.home.path("timeline.toml");
    let mut args = vec!["--config", path.to_str().unwrap(), "simulate", "--from", from, "--to", to, "--text"];
    args.extend(extra);
    let out = desktop.run(&args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    simulated(&String::from_utf8(out.stdout).unwrap())
}

fn assert_same(desktop: &Desktop, app: &App, simulated: &[String]) {
    let received = received(desktop);
    assert!(!simulated.is_empty());
    assert_eq!(received, simulated, "the app (left) and simulate (right) differ; the app's log:\n{}", app.log_text());
}

/// The seed window with the PC on all weekend: heads-up on Saturday morning, the lead notices, start and end on
/// Saturday night, the after-notice on Monday morning; 48 hours in about 3 minutes (900x: a notice a minute late,
/// which would read differently, takes a 67 ms stall of the app).
#[test]
fn the_seed_window_with_the_pc_on_all_weekend() {
    let desktop = Desktop::start(Services::ALL);
    let (from, to, speed) = ("2026-03-21T08:50:00+09:00", "2026-03-23T09:01:00+09:00", 900);
    let app = sped_up(&desktop, "", from, speed);
    until(&app, (48.0 * 60.0 + 11.0) * 60.0, speed);
    let expected = simulate(&desktop, from, to, &[]);
    assert_eq!(expected.len(), 6, "{expected:#?}");
    desktop.wait_for(&app, "the after-notice", Duration::from_secs(10), || {
        (received(&desktop).len() >= expected.len()).then_some(())
    });
    assert_same(&desktop, &app, &expected);
}

/// A notification server that fails for ten minutes over the 15-minute notice: the app tries again (10 s, 20 s, 40 s,
/// then every minute) and shows it once the server takes notices again, saying how long is left then.
#[test]
fn a_notification_server_down_for_ten_minutes_over_a_lead_notice() {
    let desktop = Desktop::start(Services::ALL);
    let (from, to, speed) = ("2026-03-21T21:40:00+09:00", "2026-03-21T22:01:00+09:00", 60);
    let app = sped_up(&desktop, "", from, speed);
    // 21:43:40 to 21:53:40 of the app's clock: the retries at about 21:53:10 and 21:54:10 are half a minute away.
    until(&app, 220.0, speed);
    desktop.client(&["refuse", &(600.0 / f64::from(speed)).to_string()]).expect("the test bed refuses notices");
    until(&app, 21.0 * 60.0, speed);
    let expected =
        simulate(&desktop, from, to, &["--server-down", "2026-03-21T21:43:40+09:00..2026-03-21T21:53:40+09:00"]);
    desktop.wait_for(&app, "the start notice", Duration::from_secs(10), || {
        (received(&desktop).len() >= expected.len()).then_some(())
    });
    assert_same(&desktop, &app, &expected);
    assert!(expected[1].contains("【あと6分】"), "shown late, for the moment it is shown: {expected:#?}");
    let refused = desktop.events().iter().filter(|e| e["event"] == "refused").count();
    assert!(refused >= 5, "the app tried again while the server refused: {refused}");
}

/// A window withdrawn while in progress (its config edited): its notice is taken off the screen and one notice says
/// it was withdrawn; nothing more comes of it.
#[test]
fn a_window_withdrawn_while_in_progress() {
    let desktop = Desktop::start(Services::ALL);
    let window = "[notify]\nlead_minutes = []\n[[window]]\nid = \"w\"\ntitle = \"臨時作業\"\nstart = 2026-04-15T12:00:00\nend = 2026-04-15T13:00:00\n";
    let (from, to, speed) = ("2026-04-15T11:58:00+09:00", "2026-04-15T12:40:00+09:00", 120);
    let app = sped_up(&desktop, window, from, speed);
    until(&app, 22.0 * 60.0, speed);
    let after = desktop.home.path("after.toml");
    std::fs::write(&after, "[notify]\nlead_minutes = []\n").unwrap();
    // As an editor saves: a new file renamed over the old one.
    std::fs::copy(&after, desktop.home.path("timeline.toml.new")).unwrap();
    std::fs::rename(desktop.home.path("timeline.toml.new"), desktop.home.path("timeline.toml")).unwrap();
    until(&app, 42.0 * 60.0, speed);
    // Stopped before the file is put back for `simulate`: the app would read it again.
    app.signal("TERM");
    assert!(app.wait_exit(Duration::from_secs(10)).is_some(), "{}", app.log_text());
    std::fs::write(desktop.home.path("timeline.toml"), window).unwrap();
    let then = format!("2026-04-15T12:21:00+09:00={}", after.display());
    let expected = simulate(&desktop, from, to, &["--then", &then]);
    // The first start at 11:58 shows the morning's heads-up late (two minutes before the start: a minute before, it
    // would be held back for the start), then the start; the withdrawal closes it.
    assert_eq!(expected.len(), 4, "{expected:#?}");
    assert!(expected[1].starts_with("notice: 【作業中】") && expected[2] == "close", "{expected:#?}");
    assert_eq!(expected[3], "plain: 【取り消し】臨時作業");
    assert_same(&desktop, &app, &expected);
}
