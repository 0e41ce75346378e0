//! The fleet report on the test desktop: two users' apps writing into one folder and `fleet` reading it, a feed
//! server whose clock differs from the PC's, and report folders that fail in every way a share can.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::Value;

use super::{Desktop, Services, PYTHON};

const SECS: fn(u64) -> Duration = Duration::from_secs;

/// The machine-wide file: the report folder, and a window in the simulated week.
fn machine_wide(desktop: &Desktop, reports: &Path, extra: &str) {
    desktop.home.write(
        &desktop.home.system_config(),
        &format!(
            "{extra}[report]\ndir = '{}'\n[[window]]\nid = \"w1\"\ntitle = \"改修作業\"\nstart = 2026-03-21T22:00:00\nend = 2026-03-21T23:00:00\n",
            reports.display()
        ),
    );
}

/// The report in `dir` whose name ends with `-<user>.json`, once it is there.
fn report_of(desktop: &Desktop, app: &super::App, dir: &Path, user: &str, what: &str) -> Value {
    desktop.wait_for(app, &format!("{user}'s report ({what})"), SECS(15), || {
        let entry = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_string_lossy().ends_with(&format!("-{user}.json")))?;
        let report: Value = serde_json::from_slice(&std::fs::read(entry.path()).ok()?).ok()?;
        Some(report).filter(|r| what != "stopped" || !r["stopped"].is_null())
    })
}

/// A second user's folders on the same desktop: their own config, data and runtime folders, the same machine-wide
/// file.
fn second_user(desktop: &Desktop, user: &str) -> Vec<(String, String)> {
    let base = desktop.home.path(user);
    for dir in ["config", "data/onshi-tray", "run"] {
        std::fs::create_dir_all(base.join(dir)).unwrap();
    }
    std::fs::write(base.join("data/onshi-tray/first-run-done"), "").unwrap();
    std::fs::write(base.join("data/onshi-tray/notice-log.json"), "{}").unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(base.join("run"), std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let path = |p: &str| base.join(p).display().to_string();
    vec![
        ("HOME".to_string(), base.display().to_string()),
        ("XDG_CONFIG_HOME".to_string(), path("config")),
        ("XDG_DATA_HOME".to_string(), path("data")),
        ("XDG_RUNTIME_DIR".to_string(), path("run")),
        ("USER".to_string(), user.to_string()),
    ]
}

fn fleet(desktop: &Desktop, dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["fleet".to_string(), dir.display().to_string()];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = desktop.run(&args);
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Two users' apps write into one folder, one of them with notifications switched off (the platform's setting,
/// through its test double): `fleet` lists that one first, with the reason, and exits 1; a quit from the menu's
/// command is the app's last word, and `fleet` calls it out.
#[test]
fn two_apps_report_into_one_folder_and_fleet_lists_the_one_that_cannot_warn_first() {
    let desktop = Desktop::start(Services::ALL);
    let reports = desktop.home.path("reports");
    std::fs::create_dir_all(&reports).unwrap();
    machine_wide(&desktop, &reports, "");
    let first = desktop.app(&[], &[("USER", "uketsuke1")]);
    let env = second_user(&desktop, "uketsuke2");
    let mut env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    env.push(("ONSHI_TRAY_NOTIFICATION_SETTING", "1"));
    let second = desktop.app(&[], &env);

    let one = report_of(&desktop, &first, &reports, "uketsuke1", "first");
    let two = report_of(&desktop, &second, &reports, "uketsuke2", "first");
    assert_eq!(one["notices"]["state"], "on", "{one}");
    assert_eq!(two["notices"]["state"], "off", "{two}");
    assert_eq!(one["user"], "uketsuke1");
    assert_eq!(one["version"], env!("CARGO_PKG_VERSION"));
    assert!(one["running_since"].as_str().unwrap().ends_with("+09:00"), "Japan time: {one}");
    assert!(one["stopped"].is_null());
    // No temporary file is left behind, and nothing but the two reports is there.
    let names: Vec<String> =
        std::fs::read_dir(&reports).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 2, "{names:?}");

    let (code, text) = fleet(&desktop, &reports, &[]);
    assert_eq!(code, Some(1), "a PC has a problem: {text}");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("PROBLEM") && lines[0].contains("/ uketsuke2"), "{text}");
    assert!(lines[0].contains("notifications off: notifications are off for onshi-tray"), "{text}");
    assert!(lines[1].starts_with("ok") && lines[1].contains("/ uketsuke1"), "{text}");
    assert_eq!(lines.last(), Some(&"2 PC(s): 1 with problems, 1 ok"), "{text}");
    let (_, json) = fleet(&desktop, &reports, &["--json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["pcs"][0]["problems"][0]["problem"], "notifications_off", "{json}");

    // `onshi-tray quit` for the first user: its last report says so, and `fleet` calls it out.
    let quit = desktop.command(env!("CARGO_BIN_EXE_onshi-tray")).arg("quit").env("USER", "uketsuke1").output().unwrap();
    assert!(quit.status.success(), "{}", String::from_utf8_lossy(&quit.stderr));
    let one = report_of(&desktop, &first, &reports, "uketsuke1", "stopped");
    assert_eq!(one["stopped"]["by"], "`onshi-tray quit`", "{one}");
    assert_eq!(one["stopped"]["with_session"], false, "{one}");
    let (_, text) = fleet(&desktop, &reports, &[]);
    assert!(text.lines().any(|l| l.contains("/ uketsuke1") && l.contains("stopped by `onshi-tray quit`")), "{text}");
    // Only writes: nothing of the app listed or read the folder (it may be a drop box).
    assert!(!first.log_text().contains("cannot write the fleet report"), "{}", first.log_text());
}

/// An https feed server whose `Date` is five minutes ahead of this PC: the clock warning in the tray's status line,
/// the log, `status`, `check` and the report.
#[test]
fn a_feed_server_five_minutes_ahead_makes_the_clock_warning_appear_everywhere() {
    let desktop = Desktop::start(Services::ALL);
    let (ca, cert, key) = crate::https::make_ca(desktop.home.dir.path(), "server");
    let server = crate::https::Server::start(&desktop.home.path("server"), &cert, &key);
    std::fs::write(desktop.home.path("server/date-offset"), "300").unwrap();
    server.file("feed.toml", "serial = 1\n");
    let reports = desktop.home.path("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let feed = format!("proxy = \"none\"\n[[feed]]\nname = \"本部\"\nurl = \"{}\"\n", server.url("feed.toml"));
    machine_wide(&desktop, &reports, &feed);
    let ca = ca.display().to_string();
    let app = desktop.app(&[], &[("SSL_CERT_FILE", &ca), ("USER", "uketsuke")]);
    let item = desktop.item(&app);
    desktop.wait_for(&app, "the clock warning in the status line", SECS(20), || {
        desktop.labels(&item).first()?.contains("・PCの時計が5分遅れています").then_some(())
    });
    let report = desktop.wait_for(&app, "the clock in the report", SECS(15), || {
        let report = report_of(&desktop, &app, &reports, "uketsuke", "first");
        Some(report).filter(|r| !r["clock"].is_null())
    });
    let offset = report["clock"]["offset_seconds"].as_i64().unwrap();
    assert!((298..=302).contains(&offset), "{report}");
    assert!(report["clock"]["against"].as_str().unwrap().starts_with("https://127.0.0.1:"), "{report}");
    assert!(app.log_text().contains("the PC's clock is 5 min slow against https://127.0.0.1:"), "{}", app.log_text());

    let status = desktop.run(&["status", "--json"]);
    let status: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert!(status["status_line"].as_str().unwrap().ends_with("・PCの時計が5分遅れています"), "{status}");
    assert_eq!(status["clock"]["wrong"], true, "{status}");
    let text = String::from_utf8_lossy(&desktop.run(&["status"]).stdout).into_owned();
    assert!(text.contains("clock:        the PC's clock is 5 min slow against https://127.0.0.1:"), "{text}");
    let check = desktop.run(&["check"]);
    let (out, err) = (String::from_utf8_lossy(&check.stdout), String::from_utf8_lossy(&check.stderr));
    assert!(out.contains("clock wrong") && out.contains("report folder ok"), "{out}");
    assert!(err.contains("warning: the PC's clock is 5 min slow against https://127.0.0.1:"), "{err}");
    assert_eq!(check.status.code(), Some(0), "a clock is IT's to fix, not a config error: {out}{err}");
}

/// How a report folder fails: its place, and a wrapper that makes it so for the app alone (a mount namespace).
enum Failing {
    Missing,
    ReadOnly,
    Full,
    Hanging,
}

/// A report folder that is missing, read-only, full or hangs changes nothing but one line in the log (and the
/// status line): the notice comes on time, the app goes on.
fn a_failing_report_folder(failing: Failing) {
    let desktop = Desktop::start(Services::ALL);
    let reports = desktop.home.path("reports");
    if !matches!(failing, Failing::Missing) {
        std::fs::create_dir_all(&reports).unwrap();
    }
    machine_wide(&desktop, &reports, "");
    let dir = reports.display().to_string();
    let hang_script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/desktop/hang_folder.py");
    let script = hang_script.display().to_string();
    let mount = match failing {
        Failing::Missing => None,
        Failing::ReadOnly => Some(format!("mount -t tmpfs -o ro tmpfs {dir} && exec \"$@\"")),
        Failing::Full => Some(format!(
            "mount -t tmpfs -o size=16k tmpfs {dir} && (dd if=/dev/zero of={dir}/fill bs=4k 2>/dev/null || true) && exec \"$@\""
        )),
        Failing::Hanging => Some(format!("exec {PYTHON} {script} {dir} \"$@\"")),
    };
    let args = ["--simulate-from", "2026-03-21T21:44:55+09:00"];
    let app = match &mount {
        None => desktop.app(&args, &[]),
        Some(mount) => {
            desktop.app_in(&["unshare", "--map-root-user", "--mount", "--", "sh", "-c", mount, "sh"], &args, &[])
        }
    };
    let item = desktop.item(&app);
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    let after = notice["time"].as_f64().unwrap() - super::unix_time(app.started);
    assert!(after < 8.0, "the notice came {after:.1} s after the start: held up by the report folder?");
    desktop.wait_for(&app, "the report trouble in the log", SECS(20), || {
        app.log_text().contains("cannot write the fleet report").then_some(())
    });
    desktop.wait_first_line(&app, &item, "次回：3月21日（土）22:00〜23:00・稼働報告を書き込めません", SECS(5));
    let log = app.log_text();
    assert_eq!(log.matches("cannot write the fleet report").count(), 1, "said once: {log}");
    assert_eq!(log.matches(" ERROR ").count(), 1, "nothing else went wrong: {log}");
    let why = match failing {
        Failing::Missing => "No such file or directory",
        Failing::ReadOnly => "Read-only file system",
        Failing::Full => "No space left on device",
        Failing::Hanging => "did not answer within 10 s (a share that hangs?)",
    };
    assert!(log.contains(why), "{log}");
    // The menu still answers at once, and the app goes on.
    let clicked = std::time::Instant::now();
    desktop.click(&item, "テスト通知を送る");
    desktop.wait_notice(&app, 0, "テスト通知", SECS(5));
    assert!(clicked.elapsed() < SECS(3), "the menu waited {:?}", clicked.elapsed());
    assert!(app.exited().is_none(), "the app goes on");
    let _: PathBuf = reports;
}

#[test]
fn a_missing_report_folder_changes_nothing_but_a_logged_line() {
    a_failing_report_folder(Failing::Missing);
}

#[test]
fn a_read_only_report_folder_changes_nothing_but_a_logged_line() {
    a_failing_report_folder(Failing::ReadOnly);
}

#[test]
fn a_full_report_folder_changes_nothing_but_a_logged_line() {
    a_failing_report_folder(Failing::Full);
}

#[test]
fn a_hanging_report_folder_changes_nothing_but_a_logged_line() {
    a_failing_report_folder(Failing::Hanging);
}
