//! The fleet: what a PC's report says, when it is written, its file name, reading reports nobody here wrote
//! (truncated, huge, hostile), and `fleet`'s verdict on each PC, problems first.

use chrono::{DateTime, Duration, Utc};
use expect_test::expect;
use onshi_tray_core::config::{parse_instant, parse_str, Config, Language};
use onshi_tray_core::delivery::{Attention, Delivery};
use onshi_tray_core::feed::FeedState;
use onshi_tray_core::fleet::{self, ClockCheck, Facts, Report, Stopped};
use onshi_tray_core::schedule::NoticeLog;

fn t(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

fn config() -> Config {
    let (layer, errors) = parse_str(
        r#"
[report]
dir = '\\nas\onshi\reports'

[[window]]
id = "2027-01-16-kaishu"
title = "改修作業"
start = 2027-01-16T22:00:00
end = 2027-01-16T23:00:00
"#,
        "system.toml",
    );
    assert!(errors.is_empty(), "{errors:?}");
    let mut config = Config::builtin();
    config.apply(layer);
    config
}

fn feed(serial: Option<u64>, last_success: Option<&str>, clock: Option<i64>) -> FeedState {
    FeedState {
        label: "chain".to_string(),
        url: "https://feeds.example.jp/onshi.toml".to_string(),
        last_success: last_success.map(t),
        last_attempt: last_success.map(t),
        failing_since: None,
        retry_after: None,
        last_error: None,
        windows: 1,
        skipped: 0,
        serial,
        clock: clock.map(|offset| (offset, t("2027-01-10T09:00:00+09:00"))),
    }
}

fn report(now: &str, delivery: Delivery, tray: bool, feeds: &[FeedState]) -> Report {
    report_seen(now, delivery, Attention::Accepting, tray, feeds)
}

fn report_seen(now: &str, delivery: Delivery, attention: Attention, tray: bool, feeds: &[FeedState]) -> Report {
    let facts = Facts {
        version: "0.2.0",
        computer: "RECEPT-1",
        user: "uketsuke",
        running_since: t("2027-01-10T08:30:00+09:00"),
        stopped: None,
        delivery,
        failing: None,
        attention,
        tray,
        config_errors: 0,
        feeds,
        clock: fleet::latest_clock(feeds, None),
    };
    fleet::report(&config(), &NoticeLog::default(), t(now), facts)
}

#[test]
fn the_report_says_what_the_pc_knows_in_japan_time() {
    let feeds = [feed(Some(12), Some("2027-01-10T09:00:00+09:00"), Some(-423))];
    let report = report("2027-01-10T09:05:00+09:00", Delivery::OffForApp, true, &feeds);
    let json = String::from_utf8(fleet::to_json(&report)).unwrap();
    expect![[r#"
        {
          "format": 1,
          "version": "0.2.0",
          "computer": "RECEPT-1",
          "user": "uketsuke",
          "running_since": "2027-01-10T08:30:00+09:00",
          "heartbeat": "2027-01-10T09:05:00+09:00",
          "stopped": null,
          "notices": {
            "state": "off",
            "reason": "notifications are off for onshi-tray: turn them on in Settings > System > Notifications > オン資メンテナンス通知"
          },
          "config_errors": 0,
          "feeds": [
            {
              "name": "chain",
              "url": "https://feeds.example.jp/onshi.toml",
              "last_success": "2027-01-10T09:00:00+09:00",
              "serial": 12,
              "error": null
            }
          ],
          "windows": [
            {
              "id": "2027-01-16-kaishu",
              "start": "2027-01-16T22:00:00+09:00",
              "end": "2027-01-16T23:00:00+09:00"
            }
          ],
          "windows_total": 1,
          "next_notice": {
            "at": "2027-01-16T09:00:00+09:00",
            "kind": "heads-up",
            "window": "2027-01-16-kaishu"
          },
          "clock": {
            "offset_seconds": -423,
            "against": "https://feeds.example.jp/onshi.toml",
            "at": "2027-01-10T09:00:00+09:00"
          }
        }"#]]
    .assert_eq(&json);
    assert_eq!(fleet::parse(json.as_bytes()), Ok(report), "a report reads back as written");
}

#[test]
fn a_report_is_written_when_it_changes_or_hourly_not_at_every_wake() {
    let feeds = [feed(Some(12), Some("2027-01-10T09:00:00+09:00"), Some(3))];
    let first = report("2027-01-10T09:05:00+09:00", Delivery::On, true, &feeds);
    assert!(fleet::needs_writing(None, &first), "at start");
    let minute_later = report("2027-01-10T09:06:00+09:00", Delivery::On, true, &feeds);
    assert!(!fleet::needs_writing(Some(&first), &minute_later), "nothing changed");
    let jitter = [feed(Some(12), Some("2027-01-10T09:00:00+09:00"), Some(4))];
    let jittered = report("2027-01-10T09:07:00+09:00", Delivery::On, true, &jitter);
    assert!(!fleet::needs_writing(Some(&first), &jittered), "a clock a second off is the same clock");
    let off = report("2027-01-10T09:07:00+09:00", Delivery::OffForUser, true, &feeds);
    assert!(fleet::needs_writing(Some(&first), &off), "notifications switched off");
    let newer = [feed(Some(13), Some("2027-01-10T09:00:00+09:00"), Some(3))];
    assert!(fleet::needs_writing(Some(&first), &report("2027-01-10T09:07:00+09:00", Delivery::On, true, &newer)));
    let hour_later = report("2027-01-10T10:05:00+09:00", Delivery::On, true, &feeds);
    assert!(fleet::needs_writing(Some(&first), &hour_later), "the heartbeat");
}

#[test]
fn the_file_name_is_safe_on_every_share() {
    let cases = [
        ("RECEPT-1", "uketsuke"),
        ("RECEPT-1", "受付 一郎"),
        ("..", "../../etc/passwd"),
        ("PC:1", "a\\b/c*?\"<>|"),
        ("", ""),
    ];
    let names: Vec<String> = cases.iter().map(|(c, u)| fleet::file_name(c, u)).collect();
    expect![[r#"
        [
            "RECEPT-1-uketsuke.json",
            "RECEPT-1-受付_一郎.json",
            "unknown-_.._etc_passwd.json",
            "PC_1-a_b_c______.json",
            "unknown-unknown.json",
        ]
    "#]]
    .assert_debug_eq(&names);
}

#[test]
fn reports_nobody_here_wrote_are_skipped_with_a_reason_or_clipped() {
    let good =
        String::from_utf8(fleet::to_json(&report("2027-01-10T09:05:00+09:00", Delivery::On, true, &[]))).unwrap();
    let deep = "[".repeat(100_000);
    let huge = format!("{{\"version\": \"{}\"}}", "x".repeat(70_000));
    let newer = good.replace("\"format\": 1", "\"format\": 9");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        ("deeply nested", deep.into_bytes()),
        ("huge", huge.into_bytes()),
        ("not UTF-8", vec![0xff, 0xfe, 0x00, 0x7b]),
        ("another program's JSON", b"{\"hello\": \"world\"}".to_vec()),
        ("a newer format", newer.into_bytes()),
    ];
    let out: String = cases
        .iter()
        .map(|(what, bytes)| match fleet::parse(bytes) {
            Ok(_) => format!("{what}: read\n"),
            Err(why) => format!("{what}: {}\n", why.chars().take(90).collect::<String>()),
        })
        .collect();
    expect![[r#"
        empty: not a report (EOF while parsing a value at line 1 column 0)
        truncated: not a report (EOF while parsing a string at line 15 column 8)
        deeply nested: larger than 65536 bytes
        huge: larger than 65536 bytes
        not UTF-8: not a report (expected value at line 1 column 1)
        another program's JSON: not a report (missing field `format` at line 1 column 18)
        a newer format: format 9 is newer than this onshi-tray reads (1): update it
    "#]]
    .assert_eq(&out);
    let nested = format!("{}{}", "[".repeat(60_000), "]".repeat(60_000));
    assert!(fleet::parse(&nested.as_bytes()[..65_000]).is_err(), "nesting within the size bound is refused too");
    // Long and control-laden strings are clipped and cleaned before anything prints them.
    let hostile = good
        .replace("\"RECEPT-1\"", &format!("\"{}\\u001b[31m\"", "P".repeat(5000)))
        .replace("\"uketsuke\"", "\"a\\nb<script>\"");
    let read = fleet::parse(hostile.as_bytes()).unwrap();
    assert_eq!(read.computer.chars().count(), fleet::MAX_TEXT + 1);
    assert!(!read.computer.contains('\u{1b}'));
    assert_eq!(read.user, "a b<script>");
    let page = fleet::html(
        &fleet::assess(vec![(fleet::FileFacts::named("x.json"), read)], t("2027-01-10T09:06:00+09:00")),
        &[],
        0,
        t("2027-01-10T09:06:00+09:00"),
    );
    assert!(page.contains("a b&lt;script&gt;") && !page.contains("<script>\""), "escaped in the page");
}

#[test]
fn each_problem_is_found_and_the_pcs_with_problems_come_first() {
    let now = t("2027-01-10T12:00:00+09:00");
    let fresh = Some("2027-01-10T11:00:00+09:00");
    let base = |computer: &str, heartbeat: &str, feeds: Vec<FeedState>| {
        let mut r = report(heartbeat, Delivery::On, true, &feeds);
        r.computer = computer.to_string();
        r
    };
    let mut quit = base("PC-QUIT", "2027-01-10T11:30:00+09:00", vec![feed(Some(12), fresh, None)]);
    quit.stopped = Some(Stopped { by: "the menu".to_string(), with_session: false });
    let mut shut_down = base("PC-EVENING", "2027-01-09T19:00:00+09:00", vec![feed(Some(12), fresh, None)]);
    shut_down.stopped = Some(Stopped { by: "the session ends (shutdown)".to_string(), with_session: true });
    let mut long_off = base("PC-LONG-OFF", "2027-01-08T19:00:00+09:00", vec![feed(Some(12), fresh, None)]);
    long_off.stopped = Some(Stopped { by: "SIGTERM".to_string(), with_session: true });
    let silent = base("PC-SILENT", "2027-01-10T09:40:00+09:00", vec![feed(Some(12), fresh, None)]);
    let mut off = base("PC-OFF", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, None)]);
    off.notices = report("2027-01-10T11:59:00+09:00", Delivery::OffByPolicy, true, &[]).notices;
    let no_tray = report("2027-01-10T11:59:00+09:00", Delivery::On, false, &[feed(Some(12), fresh, None)]);
    let no_tray = Report { computer: "PC-NO-TRAY".to_string(), ..no_tray };
    let stale =
        base("PC-STALE", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), Some("2027-01-08T09:00:00+09:00"), None)]);
    let behind = base("PC-BEHIND", "2027-01-10T11:59:00+09:00", vec![feed(Some(11), fresh, None)]);
    let mut slow = base("PC-SLOW", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, None)]);
    slow.clock = Some(ClockCheck {
        offset_seconds: 7 * 60 + 10,
        against: "report folder \\\\nas\\onshi\\reports".to_string(),
        at: fleet::jst(t("2027-01-10T11:59:00+09:00")),
    });
    let old = Report {
        version: "0.1.9".to_string(),
        ..base("PC-OLD", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, None)])
    };
    let errors = Report {
        config_errors: 2,
        ..base("PC-ERRORS", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, None)])
    };
    let fine = base("PC-FINE", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, Some(20))]);
    // A full-screen レセコン holds the notices back to the Notification Center: the moment's state, said, not a problem.
    let mut held = base("PC-HELD", "2027-01-10T11:59:00+09:00", vec![feed(Some(12), fresh, None)]);
    held.notices = report_seen("2027-01-10T11:59:00+09:00", Delivery::On, Attention::Busy, true, &[]).notices;
    let reports = vec![fine, held, errors, old, slow, behind, stale, no_tray, off, silent, long_off, shut_down, quit];
    let reports =
        reports.into_iter().map(|r| (fleet::FileFacts::named(&format!("{}-uketsuke.json", r.computer)), r)).collect();
    let rows = fleet::assess(reports, now);
    expect![[r#"
        PROBLEM  PC-LONG-OFF / uketsuke  v0.2.0  seen 2027-01-08 19:00  stopped by SIGTERM at 2027-01-08 19:00
        PROBLEM  PC-QUIT / uketsuke  v0.2.0  seen 2027-01-10 11:30  stopped by the menu at 2027-01-10 11:30
        PROBLEM  PC-SILENT / uketsuke  v0.2.0  seen 2027-01-10 09:40  silent since 2027-01-10 09:40 (crashed, hanging, powered off, or the folder out of reach)
        PROBLEM  PC-OFF / uketsuke  v0.2.0  seen 2027-01-10 11:59  notifications off: notifications are off by Group Policy (User Configuration > Administrative Templates > Start Menu and Taskbar > Notifications > Turn off toast notifications): ask the domain administrator
        PROBLEM  PC-NO-TRAY / uketsuke  v0.2.0  seen 2027-01-10 11:59  no tray host (the icon and its menu are missing)
        PROBLEM  PC-STALE / uketsuke  v0.2.0  seen 2027-01-10 11:59  schedule `chain` not confirmed since 2027-01-08 09:00
        PROBLEM  PC-BEHIND / uketsuke  v0.2.0  seen 2027-01-10 11:59  schedule `chain` at serial 11 while 12 is out
        PROBLEM  PC-SLOW / uketsuke  v0.2.0  seen 2027-01-10 11:59  the PC's clock is 7 min slow (against report folder \\nas\onshi\reports)
        PROBLEM  PC-OLD / uketsuke  v0.1.9  seen 2027-01-10 11:59  version 0.1.9, 0.2.0 is out
        PROBLEM  PC-ERRORS / uketsuke  v0.2.0  seen 2027-01-10 11:59  2 config error(s): run `onshi-tray check` there
        ok       PC-EVENING / uketsuke  v0.2.0  seen 2027-01-09 19:00  next notice 2027-01-16 09:00 (heads-up of 2027-01-16-kaishu)
        ok       PC-FINE / uketsuke  v0.2.0  seen 2027-01-10 11:59  next notice 2027-01-16 09:00 (heads-up of 2027-01-16-kaishu)
        ok       PC-HELD / uketsuke  v0.2.0  seen 2027-01-10 11:59  notices held back now (full-screen program or do not disturb); next notice 2027-01-16 09:00 (heads-up of 2027-01-16-kaishu)
        skipped  broken.json: not a report (EOF while parsing a value at line 1 column 0)
        13 PC(s): 10 with problems, 3 ok; 1 file(s) skipped
    "#]]
    .assert_eq(&fleet::text(
        &rows,
        &[fleet::Skipped { file: "broken.json".to_string(), why: "not a report (EOF while parsing a value at line 1 column 0)".to_string() }],
        0,
    ));
    let json = fleet::json(&rows, &[], 0, now);
    assert_eq!(json["with_problems"], 10);
    assert_eq!(json["pcs"][0]["problems"][0]["problem"], "stopped");
    assert_eq!(json["pcs"][11]["ok"], true);
}

#[test]
fn the_clock_is_judged_against_the_server_and_said_in_words() {
    let sent = t("2027-01-10T09:00:00+09:00");
    let received = sent + Duration::milliseconds(800);
    // The server's Date 5 minutes ahead of this PC: the PC is slow.
    assert_eq!(fleet::offset_from_date("Sun, 10 Jan 2027 00:05:00 GMT", sent, received), Some(300));
    assert_eq!(fleet::offset_from_date("Sun, 10 Jan 2027 00:00:00 GMT", sent, received), Some(0));
    assert_eq!(fleet::offset_from_date("not a date", sent, received), None);
    assert_eq!(fleet::offset_from_date("Sun, 10 Jan 2027 00:05:00 GMT", sent, sent + Duration::minutes(5)), None);
    assert_eq!(fleet::offset_from_file_time(sent - Duration::minutes(7), sent, received), Some(-420));
    let words: Vec<String> = [300, -420, 45, 125]
        .iter()
        .flat_map(|&o| [fleet::clock_words(o, Language::Ja), fleet::clock_words(o, Language::En)])
        .collect();
    expect![[r#"
        [
            "PCの時計が5分遅れています",
            "the PC's clock is 5 min slow",
            "PCの時計が7分進んでいます",
            "the PC's clock is 7 min fast",
            "PCの時計が1分遅れています",
            "the PC's clock is 1 min slow",
            "PCの時計が2分遅れています",
            "the PC's clock is 2 min slow",
        ]
    "#]]
    .assert_debug_eq(&words);
    let check = |offset| ClockCheck { offset_seconds: offset, against: "x".to_string(), at: fleet::jst(sent) };
    assert_eq!(fleet::clock_suffix(Some(&check(300)), Language::Ja), "・PCの時計が5分遅れています");
    assert_eq!(fleet::clock_suffix(Some(&check(120)), Language::Ja), "", "within two minutes: fine");
    assert_eq!(fleet::clock_suffix(None, Language::Ja), "");
}

/// `fleet` believes only what each PC wrote (issue 35): a report whose name is not its PC's, or whose file belongs
/// to another account than the user it names (where the folder's reports have more than one owner; `root` is the
/// administrator), is listed as not believed and counts for nothing; a heartbeat ahead of the file server's stamp
/// or of now is a problem and makes no PC look alive; offsets, versions and serials a report may claim are read
/// with checked arithmetic and bounds.
#[test]
fn only_what_each_pc_wrote_is_believed() {
    let now = t("2027-01-10T12:00:00+09:00");
    let fresh = Some("2027-01-10T11:00:00+09:00");
    let of = |computer: &str, user: &str, serial: u64| {
        let mut r = report("2027-01-10T11:59:00+09:00", Delivery::On, true, &[feed(Some(serial), fresh, None)]);
        (r.computer, r.user) = (computer.to_string(), user.to_string());
        r
    };
    let file = |name: &str, owner: &str, modified: &str| fleet::FileFacts {
        name: name.to_string(),
        owner: Some(owner.to_string()),
        modified: Some(t(modified)),
    };
    let written = "2027-01-10T11:59:00+09:00";
    // Planted first by another account, claiming the future, a version and a serial nobody has.
    let mut planted = of("PC-2", "bob", u64::MAX);
    planted.heartbeat = fleet::jst(t("2099-01-01T09:00:00+09:00"));
    planted.version = "18446744073709551615.9".to_string();
    // Under another PC's name.
    let renamed = of("PC-3", "carol", 12);
    // A clock off by the most an i64 holds.
    let mut wild = of("PC-4", "dave", 12);
    wild.clock = Some(ClockCheck { offset_seconds: i64::MIN, against: "x".to_string(), at: wild.heartbeat });
    // Its clock fast: a heartbeat 7 minutes after the file server stamped the file.
    let fast = of("PC-5", "erin", 12);
    let reports = vec![
        (file("PC-1-alice.json", "alice", written), of("PC-1", "alice", 12)),
        (file("PC-2-bob.json", "mallory", "2026-10-01T09:00:00+09:00"), planted),
        (file("PC-9-zed.json", "carol", written), renamed),
        (file("PC-4-dave.json", "dave", written), wild),
        (file("PC-5-erin.json", "erin", "2027-01-10T11:52:00+09:00"), fast),
        (file("PC-6-frank.json", "root", written), of("PC-6", "frank", 12)),
    ];
    let rows = fleet::assess(reports, now);
    expect![[r#"
        PROBLEM  PC-2 / bob  v18446744073709551615.9  seen 2099-01-01 09:00  not believed: the file belongs to the account mallory, not to bob (another account wrote it first?); silent since 2026-10-01 09:00 (crashed, hanging, powered off, or the folder out of reach); says it was written at 2099-01-01 09:00, later than the file's own time 2026-10-01 09:00: a fast clock, or a made-up report
        PROBLEM  PC-3 / carol  v0.2.0  seen 2027-01-10 11:59  not believed: the file is named PC-9-zed.json, but the report is PC-3 / carol's, whose file is PC-3-carol.json
        PROBLEM  PC-4 / dave  v0.2.0  seen 2027-01-10 11:59  the PC's clock is 153722867280912930 min fast (against x)
        PROBLEM  PC-5 / erin  v0.2.0  seen 2027-01-10 11:59  says it was written at 2027-01-10 11:59, later than the file's own time 2027-01-10 11:52: a fast clock, or a made-up report
        ok       PC-1 / alice  v0.2.0  seen 2027-01-10 11:59  next notice 2027-01-16 09:00 (heads-up of 2027-01-16-kaishu)
        ok       PC-6 / frank  v0.2.0  seen 2027-01-10 11:59  next notice 2027-01-16 09:00 (heads-up of 2027-01-16-kaishu)
        6 PC(s): 4 with problems, 2 ok
    "#]]
    .assert_eq(&fleet::text(&rows, &[], 0));
    // One account's folder (a share that maps every file to one account, or IT's own test): owners say nothing.
    let alone = vec![(file("PC-1-alice.json", "nas", written), of("PC-1", "alice", 12))];
    assert_eq!(fleet::assess(alone, now)[0].problems, []);
    // A future heartbeat with no file time is judged against now.
    let mut ahead = of("PC-7", "gina", 12);
    ahead.heartbeat = fleet::jst(t("2027-01-10T12:10:00+09:00"));
    let rows = fleet::assess(vec![(fleet::FileFacts::named("PC-7-gina.json"), ahead)], now);
    expect!["says it was written at 2027-01-10 12:10, later than now: a fast clock, or a made-up report"]
        .assert_eq(&rows[0].problems.iter().map(fleet::Problem::describe).collect::<Vec<_>>().join("; "));
    // Notices that cannot be shown are a problem, with the reason and since when.
    let mut failing = of("PC-8", "hana", 12);
    failing.notices = fleet::Visibility {
        state: "failing".to_string(),
        reason: Some("the notification server did not answer within 10 s".to_string()),
        since: Some(fleet::jst(t("2027-01-10T11:40:00+09:00"))),
    };
    let rows = fleet::assess(vec![(fleet::FileFacts::named("PC-8-hana.json"), failing)], now);
    expect!["notices cannot be shown since 2027-01-10 11:40: the notification server did not answer within 10 s"]
        .assert_eq(&rows[0].problems[0].describe());
    // The unread count is said and makes the folder a problem in every output.
    let text = fleet::text(&rows, &[], 12);
    assert!(text.ends_with("; 12 report(s) left unread (more than 100000, or the folder stopped answering): the fleet is not all here\n"), "{text}");
    assert_eq!(fleet::json(&rows, &[], 12, now)["unread"], 12);
}
