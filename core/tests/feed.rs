//! Schedule feeds as the core reads and judges them: TOML and iCalendar, what an unsigned feed may not set,
//! replays and expiry, and the freshness the tray shows.

use chrono::{DateTime, Utc};
use expect_test::expect;
use onshi_tray_core::config::{parse_instant, Language, Layer};
use onshi_tray_core::feed::{check_replay, freshness, parse, FeedState, Format};

/// The day the feeds are read in these tests: repeating events are laid out a year from it.
fn now() -> DateTime<Utc> {
    t("2026-12-01T09:00:00+09:00")
}

fn t(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap()
}

fn ok(bytes: &str, signed: bool) -> Layer {
    parse(bytes.as_bytes(), "feed.toml", signed, now()).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

fn refused(bytes: &[u8]) -> String {
    let errors = parse(bytes, "feed", false, now()).expect_err("the feed must be refused");
    errors.iter().map(|e| e.headline()).collect::<Vec<_>>().join("\n")
}

fn warnings(layer: &Layer) -> String {
    layer.warnings.iter().map(|w| w.headline()).collect::<Vec<_>>().join("\n")
}

const TOML_FEED: &str = r#"serial = 7
expires = 2026-12-31T00:00:00+09:00

[[window]]
id = "2026-12-05-kaishu"
title = "オンライン資格確認等システム改修作業"
start = 2026-12-05T22:00:00
end = 2026-12-05T23:00:00
impact = "outage"
link_title = "お知らせ"
link_url = "https://example.com/notice"

[portal]
url = "https://example.com/other-portal"

[contact]
phone = "0120-000-000"

[notify]
lead_minutes = [5]
"#;

#[test]
fn an_unsigned_toml_feed_only_adds_windows() {
    let layer = ok(TOML_FEED, false);
    assert_eq!((layer.serial, layer.expires), (Some(7), Some(t("2026-12-31T00:00:00+09:00"))));
    assert_eq!(layer.windows.len(), 1);
    let window = &layer.windows[0];
    assert_eq!((window.start, window.end), (t("2026-12-05T22:00:00+09:00"), t("2026-12-05T23:00:00+09:00")));
    assert_eq!(window.link, None, "an unsigned feed's link is dropped");
    assert_eq!(
        (layer.portal_url.as_deref(), layer.contact_phone.as_deref(), layer.lead_minutes.as_ref()),
        (None, None, None)
    );
    expect![[r#"
        feed.toml:11:12: a link in an unsigned feed is ignored
        feed.toml:13:2: `[portal]` in an unsigned feed is ignored: an unsigned feed only adds windows
        feed.toml:16:2: `[contact]` in an unsigned feed is ignored: an unsigned feed only adds windows
        feed.toml:19:2: a feed cannot set `notify`; ignored"#]]
    .assert_eq(&warnings(&layer));
}

#[test]
fn a_signed_toml_feed_may_set_the_portal_and_the_call_center_but_never_local_settings() {
    let layer = ok(TOML_FEED, true);
    assert_eq!(layer.portal_url.as_deref(), Some("https://example.com/other-portal"));
    assert_eq!(layer.contact_phone.as_deref(), Some("0120-000-000"));
    assert_eq!(layer.windows[0].link.as_ref().map(|l| l.url.as_str()), Some("https://example.com/notice"));
    assert_eq!(layer.lead_minutes, None);
    expect![[r#"feed.toml:19:2: a feed cannot set `notify`; ignored"#]].assert_eq(&warnings(&layer));
    // Not even a signed feed names other feeds.
    let layer = ok("serial = 1\n[[feed]]\nurl = \"https://evil.example/feed.toml\"\n", true);
    assert!(layer.feeds.is_empty());
    expect![[r#"feed.toml:2:3: a feed cannot set `feed`; ignored"#]].assert_eq(&warnings(&layer));
}

/// Anything short of a complete, valid feed is refused as a whole, never read as "no windows".
#[test]
fn empty_broken_or_truncated_feeds_are_refused() {
    expect![[r#"feed:1:1: the feed is empty"#]].assert_eq(&refused(b""));
    expect![[r#"feed:1:1: the feed is empty"#]].assert_eq(&refused(b" \r\n\n"));
    expect!["feed:2:1: the file is not UTF-8 text (Shift_JIS or EUC-JP?)"]
        .assert_eq(&refused(b"serial = 1\n\x93\xfa\x96\x7b"));
    expect!["feed:2:9: invalid TOML: string values must be quoted, expected literal string; line 2 is skipped"]
        .assert_eq(&refused(b"serial = 1\ntitle = \n"));
    // Half a window: the window is broken, so the whole feed is.
    let half = TOML_FEED.split("end = ").next().unwrap();
    assert!(refused(half.as_bytes()).contains("has no `end`"), "{}", refused(half.as_bytes()));
    // A key the reader does not know (a typo) refuses the feed: the publisher's `feed check` shows it.
    assert!(refused(b"serial = 1\nseriall = 2\n").contains("unknown key `seriall`"));
}

#[test]
fn a_lower_serial_or_an_expired_feed_is_refused() {
    let layer = ok("serial = 7\nexpires = 2026-12-01T00:00:00+09:00\n", true);
    let now = t("2026-11-26T10:00:00+09:00");
    assert_eq!(check_replay(&layer, Some(7), now), Ok(()));
    assert_eq!(check_replay(&layer, None, now), Ok(()));
    assert_eq!(
        check_replay(&layer, Some(8), now),
        Err("refused: its serial 7 is lower than the 8 already read (an old copy?)".to_string())
    );
    // A day's grace past `expires`, then refused.
    assert_eq!(check_replay(&layer, Some(7), t("2026-12-01T23:59:00+09:00")), Ok(()));
    assert_eq!(
        check_replay(&layer, Some(7), t("2026-12-02T00:01:00+09:00")),
        Err("refused: it expired at 2026-12-01 00:00 JST (a feed that is no longer kept up to date)".to_string())
    );
}

/// One window written four ways (Windows and IANA zone names, UTC, floating), folded lines, CRLF, a BOM, a
/// repeating event, a cancelled one, a duration and escaped text.
const CALENDAR: &str = "\u{feff}BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n\
BEGIN:VEVENT\r\nUID:outlook-1\r\nSUMMARY:オンライン資格確認等システム改修作\r\n 業\r\n\
DTSTART;TZID=Tokyo Standard Time:20261205T220000\r\nDTEND;TZID=Tokyo Standard Time:20261205T230000\r\n\
DESCRIPTION:ログイン中の場合\\, 一度だけログアウトされる可能性があります。\\n再ログインしてください。\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:google-1\r\nSUMMARY:IANA\r\nDTSTART;TZID=Asia/Tokyo:20261205T220000\r\nDURATION:PT1H\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:utc-1\r\nSUMMARY:UTC\r\nDTSTART:20261205T130000Z\r\nDTEND:20261205T140000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:floating-1\r\nSUMMARY:floating\r\nDTSTART:20261205T220000\r\nDTEND:20261205T230000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:weekly-1\r\nSUMMARY:every Saturday\r\nDTSTART:20261205T220000\r\nDTEND:20261205T230000\r\nRRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:cancelled-1\r\nSUMMARY:cancelled\r\nSTATUS:CANCELLED\r\nDTSTART:20261206T220000\r\nDTEND:20261206T230000\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[test]
fn icalendar_events_become_windows_at_the_same_instant_however_their_time_is_written() {
    assert_eq!(Format::of(CALENDAR.as_bytes()), Format::ICalendar);
    let layer = parse(CALENDAR.as_bytes(), "calendar.ics", false, now()).unwrap_or_else(|e| panic!("{e:#?}"));
    let ids: Vec<&str> = layer.windows.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        &ids[..6],
        ["floating-1", "google-1", "outlook-1", "utc-1", "weekly-1/20261205T2200", "weekly-1/20261212T2200"],
        "the cancelled event is left out; the repeating one is laid out a year ahead"
    );
    assert_eq!(ids.len(), 4 + 52, "{ids:?}");
    for window in &layer.windows[..5] {
        assert_eq!(
            (window.start, window.end),
            (t("2026-12-05T22:00:00+09:00"), t("2026-12-05T23:00:00+09:00")),
            "{}",
            window.id
        );
    }
    let outlook = layer.windows.iter().find(|w| w.id == "outlook-1").unwrap();
    assert_eq!(outlook.title, "オンライン資格確認等システム改修作業", "a folded line is one line");
    assert_eq!(
        outlook.effect.as_deref(),
        Some("ログイン中の場合, 一度だけログアウトされる可能性があります。\n再ログインしてください。")
    );
    assert_eq!(warnings(&layer), "");
}

#[test]
fn a_truncated_calendar_or_an_unknown_zone() {
    let truncated = &CALENDAR[..CALENDAR.find("BEGIN:VEVENT\r\nUID:google-1").unwrap()];
    assert!(
        refused(truncated.as_bytes()).contains("invalid iCalendar")
            || refused(truncated.as_bytes()).contains("END:VCALENDAR")
    );
    let mars = CALENDAR.replace("TZID=Asia/Tokyo", "TZID=Mars/Olympus");
    let layer = parse(mars.as_bytes(), "calendar.ics", false, now()).unwrap();
    assert!(!layer.windows.iter().any(|w| w.id == "google-1"));
    assert!(
        warnings(&layer).contains(
            "calendar.ics:15:1: event `google-1` is skipped: DTSTART unknown time zone `Mars/Olympus` (no VTIMEZONE"
        ),
        "{}",
        warnings(&layer)
    );
}

fn state(last_success: Option<&str>, failing_since: Option<&str>) -> FeedState {
    FeedState {
        label: "chain".to_string(),
        url: "https://example.com/feed.toml".to_string(),
        last_success: last_success.map(t),
        last_attempt: None,
        failing_since: failing_since.map(t),
        retry_after: None,
        last_error: failing_since.map(|_| "HTTP 500".to_string()),
        windows: 1,
        skipped: 0,
        serial: None,
        clock: None,
    }
}

#[test]
fn the_status_line_says_when_the_schedule_was_confirmed_and_warns_when_it_is_old() {
    let now = t("2026-11-26T10:30:00+09:00");
    let line =
        |states: &[FeedState], language| freshness(states, now, language).unwrap_or_else(|| "(none)".to_string());
    let cases = [
        line(&[], Language::Ja),
        line(&[state(Some("2026-11-26T10:00:00+09:00"), None)], Language::Ja),
        line(&[state(Some("2026-11-26T10:00:00+09:00"), None)], Language::En),
        line(&[state(None, None)], Language::Ja),
        line(&[state(Some("2026-11-26T10:00:00+09:00"), Some("2026-11-26T09:00:00+09:00"))], Language::Ja),
        line(&[state(Some("2026-11-24T10:00:00+09:00"), Some("2026-11-25T09:00:00+09:00"))], Language::Ja),
        line(&[state(Some("2026-11-18T10:00:00+09:00"), None)], Language::Ja),
        line(
            &[state(Some("2026-11-26T10:00:00+09:00"), None), state(Some("2026-11-26T09:00:00+09:00"), None)],
            Language::Ja,
        ),
    ];
    expect![[r#"
        (none)
        （予定の取得 11月26日 10:00）
         (checked 26 Nov 10:00)
        ・予定をまだ取得できていません
        （予定の取得 11月26日 10:00）
        ・予定の更新に失敗しています（11月25日 9:00から）
        ・予定が古い可能性があります（最終取得 11月18日 10:00）
        （予定の取得 11月26日 9:00）"#]]
    .assert_eq(&cases.join("\n"));
}

/// A window withdrawn from a feed gets one notice when staff were told about it (announced) or it is under way;
/// one nobody heard of, or one already over, goes quietly.
#[test]
fn a_withdrawn_window_that_staff_were_told_about_gets_one_notice() {
    use onshi_tray_core::config::Config;
    use onshi_tray_core::notice::{toast_lines, withdrawn_notice, TOAST_BODY_LINES, TOAST_TITLE_LINES};
    use onshi_tray_core::schedule::{withdrawn, NoticeLog, Schedule};
    let feed = ok(
        "serial = 1\n[[window]]\nid = \"told\"\ntitle = \"改修\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n\
         [[window]]\nid = \"quiet\"\ntitle = \"別の改修\"\nstart = 2026-12-20T22:00:00\nend = 2026-12-20T23:00:00\n",
        false,
    );
    let mut old = Config::builtin();
    old.apply(feed);
    let new = Config::builtin();
    // The heads-up of "told" was shown on Saturday morning, at the facility's opening.
    let mut log = NoticeLog::default();
    let shown = Schedule::new(&old).step(&mut log, t("2026-12-05T09:30:00+09:00"));
    assert_eq!(shown.len(), 1, "{shown:?}");
    let ids = |now: &str| withdrawn(&old, &new, &log, t(now)).iter().map(|w| w.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids("2026-12-05T12:00:00+09:00"), ["told"]);
    assert_eq!(ids("2026-12-05T22:30:00+09:00"), ["told"], "in progress");
    assert!(ids("2026-12-05T23:30:00+09:00").is_empty(), "over: nothing to say");
    assert!(withdrawn(&old, &old, &log, t("2026-12-05T12:00:00+09:00")).is_empty());
    let window = old.windows.iter().find(|w| w.id == "told").unwrap();
    let text = withdrawn_notice(window, Language::Ja);
    assert!(toast_lines(&text.title) <= TOAST_TITLE_LINES && toast_lines(&text.body) <= TOAST_BODY_LINES);
    expect![[r#"
        【取り消し】改修
        12月5日（土）22:00〜23:00の作業は予定から取り消されました（中止または延期）。いまの予定はトレイのメニューで確認できます。"#]]
    .assert_eq(&format!("{}\n{}", text.title, text.body));
}

/// The next fetch: the hour spread ± 10 %, a minute doubling after failures up to the hour, `Retry-After` honoured
/// up to the hour.
#[test]
fn fetches_come_hourly_with_a_spread_and_back_off_after_failures() {
    use onshi_tray_core::feed::next_fetch;
    let now = t("2026-11-26T10:00:00+09:00");
    let minutes = |next: DateTime<Utc>| (next - now).num_seconds() as f64 / 60.0;
    let spread: Vec<f64> =
        [0, 359, 720, 7199, u32::MAX].into_iter().map(|s| minutes(next_fetch(now, 0, s, None))).collect();
    assert!(spread.iter().all(|m| (54.0..66.0).contains(m)), "{spread:?}");
    assert!(spread[0] != spread[1], "{spread:?}");
    let backoff: Vec<f64> = (1..=8).map(|f| minutes(next_fetch(now, f, 0, None))).collect();
    assert_eq!(backoff, [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0]);
    assert_eq!(minutes(next_fetch(now, 1, 0, Some(t("2026-11-26T10:02:00+09:00")))), 2.0);
    assert_eq!(minutes(next_fetch(now, 1, 0, Some(t("2026-11-27T10:00:00+09:00")))), 60.0, "at most the hour");
}

fn calendar_files() -> Vec<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/calendars");
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    files
}

/// Every exported calendar of the corpus is read without a warning, with windows, on every platform.
#[test]
fn exported_calendars_are_read_without_a_warning() {
    for file in calendar_files() {
        let layer = parse(&std::fs::read(&file).unwrap(), "corpus.ics", false, now()).unwrap();
        assert_eq!(warnings(&layer), "", "{}", file.display());
        assert!(!layer.windows.is_empty(), "{}", file.display());
    }
}

/// Calendar files as Outlook (English and Japanese Windows), Google, Apple and Thunderbird export them, in
/// `tests/data/calendars/`: every window, repeats laid out, at the instants an independent reader finds (python's
/// `icalendar` with each file's own VTIMEZONEs and `dateutil`'s recurrence rules, `core/tests/ics_reference.py`).
// Unix only: the independent reader is Debian's python (the Windows build under Wine reads the same files in
// `exported_calendars_are_read_without_a_warning`).
#[cfg(unix)]
#[test]
fn exported_calendars_give_the_windows_an_independent_reader_finds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/calendars");
    let now = now();
    for file in calendar_files() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let layer =
            parse(&std::fs::read(&file).unwrap(), &name, false, now).unwrap_or_else(|e| panic!("{name}: {e:#?}"));
        assert_eq!(warnings(&layer), "", "{name}");
        let ours: Vec<String> = layer
            .windows
            .iter()
            .map(|w| {
                format!("{} {} {}", w.id, w.start.format("%Y-%m-%dT%H:%M:%SZ"), w.end.format("%Y-%m-%dT%H:%M:%SZ"))
            })
            .collect();
        let reference = std::process::Command::new("/usr/bin/python3")
            .arg(dir.join("../../ics_reference.py"))
            .arg(&file)
            .arg(now.format("%Y-%m-%dT%H:%M:%S").to_string())
            .output()
            .expect("/usr/bin/python3 with python3-icalendar and python3-dateutil (scripts/setup.sh test)");
        assert!(reference.status.success(), "{name}: {}", String::from_utf8_lossy(&reference.stderr));
        let theirs: Vec<String> = String::from_utf8(reference.stdout).unwrap().lines().map(str::to_string).collect();
        assert!(!theirs.is_empty(), "{name}");
        assert_eq!(ours, theirs, "{name}");
    }
}

/// What goes wrong with calendars on their way to a PC: lowercase names (legal), two VCALENDARs in one file (two
/// exports pasted together), mixed line ends, a lone CR and an FTP's CR CR LF, one UID used twice, an event that
/// cannot be read: each costs at most its event, with a located warning.
#[test]
fn mangled_calendars_cost_at_most_the_event_that_is_wrong() {
    let text = "begin:vcalendar\r\nversion:2.0\r\nbegin:vevent\r\nuid:lower-1\r\nsummary:lowercase\r\n\
dtstart;tzid=Asia/Tokyo:20261205T220000\r\ndtend;tzid=Asia/Tokyo:20261205T230000\r\nend:vevent\r\nend:vcalendar\n\
BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:twice\nSUMMARY:first\nDTSTART:20261206T220000\nDTEND:20261206T230000\nEND:VEVENT\r\r\n\
BEGIN:VEVENT\rUID:twice\rSUMMARY:second\rDTSTART:20261207T220000\rDTEND:20261207T230000\rEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:broken\r\nSUMMARY:no end\r\nDTSTART:20261208T220000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:newer\r\nSEQUENCE:1\r\nDTSTART:20261209T220000\r\nDTEND:20261209T230000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:newer\r\nSEQUENCE:0\r\nDTSTART:20261209T210000\r\nDTEND:20261209T230000\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let layer = parse(text.as_bytes(), "mangled.ics", false, now()).unwrap_or_else(|e| panic!("{e:#?}"));
    let windows: Vec<String> = layer
        .windows
        .iter()
        .map(|w| format!("{} {}", w.id, w.start.with_timezone(&onshi_tray_core::config::JST).format("%d %H:%M")))
        .collect();
    assert_eq!(windows, ["lower-1 05 22:00", "twice 06 22:00", "twice~2 07 22:00", "newer 09 22:00"]);
    assert_eq!(layer.skipped, 1);
    expect![[r#"
        mangled.ics:16:1: a line ends in a lone carriage return (CR) or CR CR LF; read as a line end
        mangled.ics:18:1: UID `twice` is used by another event too: this one is read as `twice~2`
        mangled.ics:23:1: event `broken` is skipped: it has no DTEND or DURATION
        mangled.ics:35:1: UID `newer` is used twice: the version with SEQUENCE 1 is used, 0 is left out"#]]
    .assert_eq(&warnings(&layer));
}

/// A published calendar that nests components thousands deep (50 KB is enough to overflow a recursive parser's
/// stack and end the app at every start) is refused, located, with the last good copy kept; so is one with only
/// events that cannot be read (never "0 windows").
#[test]
fn a_nested_or_all_bad_calendar_is_refused_not_a_crash() {
    for (depth, line) in [(2_500, "BEGIN:VEVENT\r\n"), (100_000, "BEGIN:A\n")] {
        let text = format!("BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n", line.repeat(depth));
        let errors = parse(text.as_bytes(), "deep.ics", false, now()).unwrap_err();
        expect!["deep.ics:9:1: components are nested more than 8 levels deep; the calendar is not used"]
            .assert_eq(&errors[0].headline());
    }
    let bad = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Mars/Olympus:20261205T220000\r\nDTEND:20261205T230000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    expect![[r#"
        calendar.ics:4:1: event `a` is skipped: DTSTART unknown time zone `Mars/Olympus` (no VTIMEZONE in the file defines it)
        calendar.ics:1:1: every event of the calendar was skipped (1); the feed is not used"#]]
    .assert_eq(&refused_as(bad.as_bytes(), "calendar.ics"));
    let huge = vec![b'x'; onshi_tray_core::feed::MAX_FEED + 1];
    assert!(refused(&huge).contains("more than a feed's limit"));
}

fn refused_as(bytes: &[u8], origin: &str) -> String {
    let errors = parse(bytes, origin, false, now()).expect_err("the feed must be refused");
    errors.iter().map(|e| e.headline()).collect::<Vec<_>>().join("\n")
}

/// Repeats: RRULE with EXDATE, a moved occurrence (RECURRENCE-ID) and a cancelled one; a series whose rule cannot
/// be read is left out whole, its moved occurrences with it, and said (never its last override as a one-off).
#[test]
fn repeating_events_are_laid_out_with_their_exceptions() {
    let calendar = |rule: &str| {
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:m\r\nSUMMARY:monthly\r\nDTSTART;TZID=Asia/Tokyo:20261206T060000\r\n\
DTEND;TZID=Asia/Tokyo:20261206T080000\r\nRRULE:{rule}\r\nEXDATE;TZID=Asia/Tokyo:20270103T060000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID;TZID=Asia/Tokyo:20270207T060000\r\nSUMMARY:moved\r\n\
DTSTART;TZID=Asia/Tokyo:20270207T070000\r\nDTEND;TZID=Asia/Tokyo:20270207T090000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:m\r\nRECURRENCE-ID;TZID=Asia/Tokyo:20270307T060000\r\nSTATUS:CANCELLED\r\n\
DTSTART;TZID=Asia/Tokyo:20270307T060000\r\nDTEND;TZID=Asia/Tokyo:20270307T080000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
    };
    let layer = parse(calendar("FREQ=MONTHLY;BYDAY=1SU;COUNT=5").as_bytes(), "m.ics", false, now()).unwrap();
    let shown: Vec<String> = layer
        .windows
        .iter()
        .map(|w| {
            format!(
                "{} {}〜{} {}",
                w.id,
                w.start.with_timezone(&onshi_tray_core::config::JST).format("%m-%d %H:%M"),
                w.end.with_timezone(&onshi_tray_core::config::JST).format("%H:%M"),
                w.title
            )
        })
        .collect();
    expect![[r#"
        [
            "m/20261206T0600 12-06 06:00〜08:00 monthly",
            "m/20270207T0600 02-07 07:00〜09:00 moved",
            "m/20270404T0600 04-04 06:00〜08:00 monthly",
        ]
    "#]]
    .assert_debug_eq(&shown);
    let errors = refused_as(calendar("FREQ=FORTNIGHTLY").as_bytes(), "m.ics");
    assert!(
        errors.starts_with(
            "m.ics:7:1: the repeating event `m` is skipped with its moved occurrences: its RRULE cannot be used"
        ),
        "{errors}"
    );
    assert!(errors.ends_with("every event of the calendar was skipped (1); the feed is not used"), "{errors}");
    // A daily series for ten years is bounded to the horizon.
    let layer = parse(calendar("FREQ=DAILY;COUNT=3650").as_bytes(), "m.ics", false, now()).unwrap();
    assert!((360..=380).contains(&layer.windows.len()), "{}", layer.windows.len());
}

/// A calendar built to cost: repeat rules that no date satisfies make the rule crate search to its last year, and
/// one event may carry many. The feed's repeat budget (`feed::REPEAT_BUDGET`) bounds the work whatever the file
/// holds (timed in `examples/hostile`); what it leaves out is said, located, and a feed left with no window is
/// refused, so that its last good copy stays in use.
#[test]
fn repeat_rules_built_to_cost_are_bounded_and_said() {
    const IMPOSSIBLE: &str = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n";
    let event = |uid: usize, rules: usize| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{uid}\r\nDTSTART;TZID=Asia/Tokyo:20261206T060000\r\nDTEND;TZID=Asia/Tokyo:20261206T080000\r\n{}END:VEVENT\r\n",
            IMPOSSIBLE.repeat(rules)
        )
    };
    let calendar = |events: String| format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n");
    // One event with 990 rules (42 KB): skipped for its rules, unexpanded.
    let many_rules = calendar(event(1, 990));
    assert!(many_rules.len() > 40_000);
    expect![[r#"
        many.ics:2:1: the repeating event `e1` is skipped with its moved occurrences: it has 990 RRULEs, more than the 4 an event may have
        many.ics:1:1: every event of the calendar was skipped (1); the feed is not used"#]]
    .assert_eq(&refused_as(many_rules.as_bytes(), "many.ics"));
    // A hundred events of one such rule each, and a good one-off: the budget lets some rules be tried, says why the
    // others are not, and the one-off is read.
    let one_off = "BEGIN:VEVENT\r\nUID:once\r\nDTSTART;TZID=Asia/Tokyo:20261212T220000\r\nDTEND;TZID=Asia/Tokyo:20261212T230000\r\nEND:VEVENT\r\n";
    let hundred = calendar((0..100).map(|i| event(i, 1)).collect::<String>() + one_off);
    let layer = parse(hundred.as_bytes(), "hundred.ics", false, now()).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(layer.windows.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["once"]);
    let said = warnings(&layer);
    let tried = said.matches("RRULE cannot be used (").count();
    let over_budget = said.matches("more than the").count();
    assert_eq!(layer.skipped, over_budget, "{said}");
    assert_eq!(tried, over_budget, "{said}");
    assert!((50..100).contains(&over_budget), "most rules are not tried: {over_budget}\n{said}");
    assert!(said.contains("hundred.ics:600:1: the repeating event `e99` is skipped with its moved occurrences: its RRULE cannot be used (laying it out could cost"), "{said}");
    // A hundred ordinary weekly series from years ago fit the budget easily.
    let weekly = |uid: usize| {
        format!(
            "BEGIN:VEVENT\r\nUID:w{uid}\r\nDTSTART;TZID=Asia/Tokyo:20200104T220000\r\nDTEND;TZID=Asia/Tokyo:20200104T230000\r\nRRULE:FREQ=WEEKLY;BYDAY=SA\r\nEND:VEVENT\r\n"
        )
    };
    let layer = parse(calendar((0..100).map(weekly).collect()).as_bytes(), "weekly.ics", false, now()).unwrap();
    assert_eq!((layer.skipped, warnings(&layer)), (0, String::new()));
    assert_eq!(layer.windows.len(), 100 * 54, "54 Saturdays from 2 weeks back to a year ahead");
}

/// The smaller calendar faults: a zero-length event says so; an `RDATE` period is read with its own length; a
/// rule that repeats more often than daily is said as such, also in a `VTIMEZONE`, whose fault is named where an
/// event uses it.
#[test]
fn periods_zero_lengths_and_zone_rules_are_read_or_said_truthfully() {
    let calendar = |body: &str| format!("BEGIN:VCALENDAR\r\n{body}END:VCALENDAR\r\n");
    let text = calendar("BEGIN:VEVENT\r\nUID:zero\r\nDTSTART:20261212T130000Z\r\nDTEND:20261212T130000Z\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:p\r\nDTSTART:20261205T130000Z\r\nDURATION:PT1H\r\nRDATE;VALUE=PERIOD:20261219T130000Z/20261219T170000Z,20261226T130000Z/PT30M\r\nEND:VEVENT\r\n");
    let layer = parse(text.as_bytes(), "p.ics", false, now()).unwrap_or_else(|e| panic!("{e:#?}"));
    let shown: Vec<String> = layer
        .windows
        .iter()
        .map(|w| {
            let jst =
                |t: DateTime<Utc>| t.with_timezone(&onshi_tray_core::config::JST).format("%m-%d %H:%M").to_string();
            format!("{} {}〜{}", w.id, jst(w.start), jst(w.end))
        })
        .collect();
    expect![[r#"
        [
            "p/20261205T2200 12-05 22:00〜12-05 23:00",
            "p/20261219T2200 12-19 22:00〜12-20 02:00",
            "p/20261226T2200 12-26 22:00〜12-26 22:30",
        ]
    "#]]
    .assert_debug_eq(&shown);
    expect!["p.ics:5:1: event `zero` is skipped: it ends when it starts (a window needs a length)"]
        .assert_eq(&warnings(&layer));
    let zone = calendar(
        "BEGIN:VTIMEZONE\r\nTZID:Odd\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0900\r\n\
TZOFFSETTO:+0900\r\nRRULE:FREQ=MINUTELY\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:z\r\n\
DTSTART;TZID=Odd:20261212T220000\r\nDTEND;TZID=Odd:20261212T230000\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:h\r\nDTSTART:20261212T130000Z\r\nDTEND:20261212T140000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\n",
    );
    expect![[r#"
        zone.ics:13:1: event `z` is skipped: DTSTART names the time zone `Odd`, whose VTIMEZONE cannot be used: the RRULE of its STANDARD (line 8) cannot be used: it repeats more often than daily
        zone.ics:20:1: the repeating event `h` is skipped with its moved occurrences: its RRULE cannot be used (it repeats more often than daily)
        zone.ics:1:1: every event of the calendar was skipped (2); the feed is not used"#]]
    .assert_eq(&refused_as(zone.as_bytes(), "zone.ics"));
}

/// An event with more than `ical::MAX_PROPERTIES` properties (1 001 EXDATE lines) costs that event, said where it
/// passes the limit, not the whole calendar.
#[test]
fn an_event_past_the_property_limit_costs_only_itself() {
    let exdates: String = (0..1001)
        .map(|i| {
            format!(
                "EXDATE:{}T130000Z\r\n",
                (chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap() + chrono::Duration::days(i)).format("%Y%m%d")
            )
        })
        .collect();
    let text = format!("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20261205T130000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=DAILY\r\n{exdates}END:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:once\r\nDTSTART:20261212T130000Z\r\nDTEND:20261212T140000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
    let layer = parse(text.as_bytes(), "x.ics", false, now()).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(layer.windows.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["once"]);
    expect!["x.ics:1003:1: event `daily` is skipped: it has more than 1000 properties (lines such as EXDATE)"]
        .assert_eq(&warnings(&layer));
}
