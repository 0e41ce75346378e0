//! The reception day: notices timed to when staff are at the counter (`[facility]` hours), run through `simulate`
//! exactly as the tray app's loop would run them, across weekends, holidays, sleep and restarts.

use chrono::DateTime;
use expect_test::{expect, Expect};
use onshi_tray_core::config::{Config, JST};
use onshi_tray_core::report::{check_simulation, simulate, timeline, Detail, Event, Interruption, SIMULATE_LIMIT};
use onshi_tray_core::schedule::{NoticeKind, NoticeLog, Schedule, SNOOZE};

// The built-in default has the seed window and weekday 9–18, Saturday 9–13 reception hours.
use super::schedule::{config, t};

/// Only the windows of `extra` (the seed window dropped).
fn only(extra: &str) -> Config {
    let mut config = config(extra);
    config.windows.retain(|w| w.id != "2026-03-21-kaishu");
    config
}

/// Simulates and compares the timeline, times shown as `Sat 03-21 09:00`.
fn check(config: &Config, from: &str, to: &str, interruptions: &[Interruption], expect: Expect) {
    let events = simulate(config, &Default::default(), t(from), t(to), interruptions);
    let text = timeline(&events, Detail::Lines);
    let short: String = text
        .lines()
        .map(|line| {
            let (mark, rest) = line.strip_prefix("# ").map_or(("", line), |rest| ("# ", rest));
            let (time, rest) = rest.split_once(' ').unwrap();
            let time = DateTime::parse_from_rfc3339(time).unwrap().with_timezone(&JST);
            format!("{mark}{} {rest}\n", time.format("%a %m-%d %H:%M"))
        })
        .collect();
    expect.assert_eq(&short);
}

#[test]
fn seed_window_with_the_pc_on_all_weekend() {
    check(
        &Config::builtin(),
        "2026-03-20T08:00:00",
        "2026-03-23T12:00:00",
        &[],
        expect![[r#"
            Sat 03-21 09:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 21:00 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Mon 03-23 09:00 after 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn a_notice_held_back_by_a_full_screen_program_comes_again_when_it_ends() {
    // `simulate --full-screen`: the same Reception as the app, told what SHQueryUserNotificationState says.
    check(
        &Config::builtin(),
        "2026-03-21T21:30:00",
        "2026-03-21T22:30:00",
        &[Interruption::FullScreen(t("2026-03-21T21:40:00"), t("2026-03-21T21:52:00"))],
        expect![[r#"
            Sat 03-21 21:30 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Sat 03-21 21:40 a full-screen program runs: Windows holds notices back
            # Sat 03-21 21:40 notices are held back from now: full-screen program or do not disturb
            Sat 03-21 21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Sat 03-21 21:45 held back (full-screen program or do not disturb): notice lead-15m 2026-03-21-kaishu at 2026-03-21T21:45:00+09:00 (due 2026-03-21T21:45:00+09:00): 【あと15分】オンライン資格確認等システム改修作業
            # Sat 03-21 21:52 the full-screen program ends
            # Sat 03-21 21:52 notices are seen again (was: full-screen program or do not disturb)
            # Sat 03-21 21:52 shown again after being held back: notice lead-15m 2026-03-21-kaishu at 2026-03-21T21:52:00+09:00 (due 2026-03-21T21:45:00+09:00): 【あと8分】オンライン資格確認等システム改修作業
            Sat 03-21 21:52 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn seed_window_with_the_pc_off_from_saturday_noon_to_monday_morning() {
    check(
        &Config::builtin(),
        "2026-03-20T08:00:00",
        "2026-03-23T12:00:00",
        &[Interruption::Off(t("2026-03-21T13:00:00"), t("2026-03-23T08:30:00"))],
        expect![[r#"
            Sat 03-21 09:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Sat 03-21 13:00 off
            # Mon 03-23 08:30 on: the app starts with its saved notice log
            Mon 03-23 09:00 after 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn heads_up_on_the_last_open_day_before_the_window() {
    // Saturday closed: the last opening before Saturday night. Friday 2026-03-20 is 春分の日, so that is Thursday.
    check(
        &config("[facility]\nsaturday = \"closed\"\n"),
        "2026-03-18T08:00:00",
        "2026-03-21T21:01:00",
        &[],
        expect![[r#"
            Thu 03-19 09:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 21:00 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
    // A facility open on holidays gets it on Friday morning.
    check(
        &config("[facility]\nsaturday = \"closed\"\nclosed_on_holidays = false\n"),
        "2026-03-18T08:00:00",
        "2026-03-21T12:00:00",
        &[],
        expect![[r#"
            Fri 03-20 09:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
    // An opening less than two hours before the start: the lead notices cover it, no heads-up.
    check(
        &only("[[window]]\nid = \"w\"\ntitle = \"朝の作業\"\nstart = 2026-03-24T10:00:00\nend = 2026-03-24T10:30:00\n"),
        "2026-03-23T08:00:00",
        "2026-03-24T12:00:00",
        &[],
        expect![[r#"
            Tue 03-24 09:00 lead-60m w 朝の作業
            Tue 03-24 09:45 lead-15m w 朝の作業
            Tue 03-24 10:00 start w 朝の作業
            Tue 03-24 10:30 end w 朝の作業
        "#]],
    );
}

#[test]
fn a_window_of_thirty_two_hours_repeats_nothing_at_night() {
    // マイナポータル 基盤更改: Saturday 22:00 to Monday 06:00.
    let config = only(
        "[[window]]\nid = \"myna\"\ntitle = \"マイナポータル 基盤更改\"\nstart = 2025-12-06T22:00:00\nend = 2025-12-08T06:00:00\n",
    );
    check(
        &config,
        "2025-12-05T08:00:00",
        "2025-12-08T12:00:00",
        &[],
        expect![[r#"
            Sat 12-06 09:00 heads-up myna マイナポータル 基盤更改
            Sat 12-06 21:00 lead-60m myna マイナポータル 基盤更改
            Sat 12-06 21:45 lead-15m myna マイナポータル 基盤更改
            Sat 12-06 22:00 start myna マイナポータル 基盤更改
            Mon 12-08 06:00 end myna マイナポータル 基盤更改
            Mon 12-08 09:00 after myna マイナポータル 基盤更改
        "#]],
    );
    // A pharmacy open on Sundays gets one notice at its Sunday opening, and none in the night.
    let mut sunday = config.clone();
    sunday.facility.sunday = sunday.facility.saturday;
    check(
        &sunday,
        "2025-12-06T22:00:00",
        "2025-12-08T12:00:00",
        &[],
        expect![[r#"
            Sat 12-06 22:00 start myna マイナポータル 基盤更改
            Sun 12-07 09:00 during myna マイナポータル 基盤更改
            Mon 12-08 06:00 end myna マイナポータル 基盤更改
            Mon 12-08 09:00 after myna マイナポータル 基盤更改
        "#]],
    );
}

#[test]
fn repeats_while_staff_are_there_and_one_at_each_opening() {
    // Friday 17:00 to Saturday 12:00: repeats until closing at 18:00, one at Saturday's opening; the end falls in
    // reception hours and is shown there, so no after-notice.
    let config = only(
        "[[window]]\nid = \"w\"\ntitle = \"夕方からの作業\"\nstart = 2026-03-27T17:00:00\nend = 2026-03-28T12:00:00\n",
    );
    check(
        &config,
        "2026-03-27T17:00:00",
        "2026-03-30T12:00:00",
        &[],
        expect![[r#"
            Fri 03-27 17:00 start w 夕方からの作業
            Fri 03-27 17:30 during w 夕方からの作業
            Sat 03-28 09:00 during w 夕方からの作業
            Sat 03-28 12:00 end w 夕方からの作業
        "#]],
    );
    // A pharmacy open day and night keeps the 30-minute repeats through the night, and keeps them critical.
    let mut always = Config::builtin();
    let day = onshi_tray_core::config::parse_hours("00:00-24:00").unwrap();
    (always.facility.weekday, always.facility.saturday, always.facility.sunday) = (day, day, day);
    always.facility.closed_on_holidays = false;
    check(
        &always,
        "2026-03-21T22:00:00",
        "2026-03-22T12:00:00",
        &[],
        expect![[r#"
            Sat 03-21 22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 22:30 during 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
    let schedule = Schedule::new(&always);
    let mut log = NoticeLog::default();
    let start = schedule.step(&mut log, t("2026-03-21T22:00:00"));
    assert!(schedule.is_urgent(&start[0].notice, t("2026-03-21T22:00:00")));
    // With the default hours the same start notice comes at normal urgency: nobody is at the counter.
    let builtin = Config::builtin();
    let schedule = Schedule::new(&builtin);
    let mut log = NoticeLog::default();
    let start = schedule.step(&mut log, t("2026-03-21T22:00:00"));
    assert_eq!(start[0].notice.kind, NoticeKind::Start);
    assert!(!schedule.is_urgent(&start[0].notice, t("2026-03-21T22:00:00")));
}

#[test]
fn the_year_end_window_and_its_holidays() {
    // マイナポータル year-end maintenance: Wednesday 22:00 to Friday 03:00 across 元日.
    let window = "[[window]]\nid = \"ye\"\ntitle = \"年末年始メンテナンス\"\nstart = 2025-12-31T22:00:00\nend = 2026-01-02T03:00:00\n";
    check(
        &only(window),
        "2025-12-30T08:00:00",
        "2026-01-06T12:00:00",
        &[],
        expect![[r#"
            Wed 12-31 09:00 heads-up ye 年末年始メンテナンス
            Wed 12-31 21:00 lead-60m ye 年末年始メンテナンス
            Wed 12-31 21:45 lead-15m ye 年末年始メンテナンス
            Wed 12-31 22:00 start ye 年末年始メンテナンス
            Fri 01-02 03:00 end ye 年末年始メンテナンス
            Fri 01-02 09:00 after ye 年末年始メンテナンス
        "#]],
    );
    // A clinic closed from 29 December to 4 January hears of it on its last open day before, Saturday the 27th,
    // and again when it opens on the 5th.
    let closed = "[facility]\nclosed_dates = [2025-12-29, 2025-12-30, 2025-12-31, 2026-01-02, 2026-01-03]\n";
    check(
        &only(&format!("{closed}{window}")),
        "2025-12-26T08:00:00",
        "2026-01-06T12:00:00",
        &[Interruption::Off(t("2025-12-27T13:00:00"), t("2026-01-05T08:00:00"))],
        expect![[r#"
            Sat 12-27 09:00 heads-up ye 年末年始メンテナンス
            # Sat 12-27 13:00 off
            # Mon 01-05 08:00 on: the app starts with its saved notice log
            Mon 01-05 09:00 after ye 年末年始メンテナンス
        "#]],
    );
}

#[test]
fn the_after_notice_waits_for_a_monday_holiday_to_pass() {
    // Monday 2026-01-12 is 成人の日.
    check(
        &only("[[window]]\nid = \"w\"\ntitle = \"土曜夜の作業\"\nstart = 2026-01-10T22:00:00\nend = 2026-01-10T23:00:00\n"),
        "2026-01-10T22:30:00",
        "2026-01-14T12:00:00",
        &[],
        expect![[r#"
            Sat 01-10 22:30 start w 土曜夜の作業
            Sat 01-10 23:00 end w 土曜夜の作業
            Tue 01-13 09:00 after w 土曜夜の作業
        "#]],
    );
}

#[test]
fn heads_up_and_after_come_once_across_restarts() {
    check(
        &Config::builtin(),
        "2026-03-21T08:00:00",
        "2026-03-23T12:00:00",
        &[
            Interruption::Off(t("2026-03-21T09:05:00"), t("2026-03-21T09:10:00")),
            Interruption::Off(t("2026-03-21T21:50:00"), t("2026-03-23T08:59:00")),
            Interruption::Off(t("2026-03-23T09:05:00"), t("2026-03-23T09:10:00")),
        ],
        expect![[r#"
            Sat 03-21 09:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Sat 03-21 09:05 off
            # Sat 03-21 09:10 on: the app starts with its saved notice log
            Sat 03-21 21:00 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            Sat 03-21 21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Sat 03-21 21:50 off
            # Mon 03-23 08:59 on: the app starts with its saved notice log
            Mon 03-23 09:00 after 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # Mon 03-23 09:05 off
            # Mon 03-23 09:10 on: the app starts with its saved notice log
        "#]],
    );
}

/// Drives the engine as the app does, with a restart (the log written and read back) at `restart`, and returns
/// each notice as `HH:MM kind`.
fn run(schedule: &Schedule<'_>, log: &mut NoticeLog, from: &str, to: &str, restart: Option<&str>) -> Vec<String> {
    let (mut now, to) = (t(from), t(to));
    let mut restart = restart.map(t);
    let mut shown = Vec::new();
    while now <= to {
        if restart.is_some_and(|at| at <= now) {
            *log = NoticeLog::from_text(&log.to_text()).unwrap();
            restart = None;
        }
        for due in schedule.step(log, now) {
            shown.push(format!("{} {}", now.with_timezone(&JST).format("%H:%M"), due.notice.kind.code()));
        }
        let Some(next) = schedule.next_change(log, now) else { break };
        now = restart.map_or(next, |at| next.min(at.max(now + chrono::Duration::seconds(1))));
    }
    shown
}

#[test]
fn acknowledged_windows_rest_their_advance_notices_but_the_last_even_after_a_restart() {
    let config = Config::builtin();
    let schedule = Schedule::new(&config);
    let mut log = NoticeLog::default();
    assert_eq!(run(&schedule, &mut log, "2026-03-21T08:59:00", "2026-03-21T10:00:00", None), ["09:00 heads-up"]);
    // Saturday's reception closes at 13:00 and opens again on Monday: the acknowledgement holds until then.
    let until = schedule.acknowledged_until(t("2026-03-21T10:00:00"));
    assert_eq!(until, t("2026-03-23T09:00:00"));
    log.acknowledge(&config.windows[0], until);
    let rest = run(&schedule, &mut log, "2026-03-21T10:00:00", "2026-03-21T23:30:00", Some("2026-03-21T12:00:00"));
    // The 60-minute notice does not come; the last lead notice (15 minutes), the start and the end do.
    assert_eq!(rest, ["21:45 lead-15m", "22:00 start", "23:00 end"]);
}

/// A facility open day and night has no opening to key on: its heads-up comes at 9:00. 「確認しました」 there rests
/// the advance notices for twelve hours, so the morning shift's click does not silence the evening shift's
/// 60-minute notice.
#[test]
fn an_acknowledgement_holds_for_its_open_stretch_and_a_day_and_night_facility_gets_a_morning_heads_up() {
    let day_and_night = config(
        "[facility]\nweekday = \"00:00-24:00\"\nsaturday = \"00:00-24:00\"\nsunday = \"00:00-24:00\"\nclosed_on_holidays = false\n\
         [notify]\nlead_minutes = [60, 15]\n\
         [[window]]\nid = \"n\"\ntitle = \"夜間\"\nstart = 2026-06-02T23:00:00\nend = 2026-06-03T05:00:00\n",
    );
    let schedule = Schedule::new(&day_and_night);
    let i = day_and_night.windows.iter().position(|w| w.id == "n").unwrap();
    let notices: Vec<String> = schedule
        .notices(i, 3)
        .iter()
        .map(|n| format!("{} {}", n.at.with_timezone(&JST).format("%m-%d %H:%M"), n.kind.code()))
        .collect();
    assert_eq!(notices, ["06-02 09:00 heads-up", "06-02 22:00 lead-60m", "06-02 22:45 lead-15m"]);
    let until = schedule.acknowledged_until(t("2026-06-02T09:05:00"));
    assert_eq!(until, t("2026-06-02T21:05:00"), "twelve hours where the facility never closes");
    let mut log = NoticeLog::default();
    log.acknowledge(&day_and_night.windows[i], until);
    // The evening shift (after 21:05) still gets the 60-minute notice.
    let next = schedule.next_notice_of(&log, i, t("2026-06-02T09:05:00")).unwrap();
    assert_eq!((next.at, next.kind), (t("2026-06-02T22:00:00"), NoticeKind::Lead(60)));
}

#[test]
fn a_snoozed_notice_comes_back_once_ten_minutes_later_even_across_a_restart() {
    let config = Config::builtin();
    let schedule = Schedule::new(&config);
    let mut log = NoticeLog::default();
    assert_eq!(run(&schedule, &mut log, "2026-03-21T21:00:00", "2026-03-21T21:00:00", None), ["21:00 lead-60m"]);
    log.snooze(&config.windows[0], t("2026-03-21T21:00:00") + SNOOZE);
    let rest = run(&schedule, &mut log, "2026-03-21T21:00:00", "2026-03-21T22:00:00", Some("2026-03-21T21:05:00"));
    assert_eq!(rest, ["21:10 reminder", "21:45 lead-15m", "22:00 start"]);
    // Snoozing again after the start asks for nothing: the start notice has said it all.
    log.snooze(&config.windows[0], t("2026-03-21T22:05:00"));
    assert_eq!(run(&schedule, &mut log, "2026-03-21T22:00:00", "2026-03-21T22:30:00", None), Vec::<String>::new());
}

#[test]
fn absurd_windows_cost_what_short_ones_do() {
    // A typo in the year: the window runs until 4052; and one from 1900 to 9999 (the widest the config takes).
    let config = only(
        "[[window]]\nid = \"typo\"\ntitle = \"年の誤り\"\nstart = 2026-03-21T22:00:00\nend = 4052-03-21T23:00:00\n\
         [[window]]\nid = \"all\"\ntitle = \"全期間\"\nstart = 1900-01-01T00:00:00\nend = 9999-12-31T23:00:00\n",
    );
    let schedule = Schedule::new(&config);
    let now = t("2026-03-23T09:30:00");
    assert_eq!(schedule.notices(0, 10).len(), 10, "the notice list is bounded, not built whole");
    let events = simulate(&config, &Default::default(), t("2026-03-23T08:00:00"), t("2026-03-24T08:00:00"), &[]);
    let kinds: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Shown(s) => {
                Some(format!("{} {}", s.due.notice.kind.code(), config.windows[s.due.notice.window_idx].id))
            }
            _ => None,
        })
        .collect();
    // Each started long ago (nothing to say at 08:00): one notice each at the facility's opening.
    assert_eq!(kinds, ["during all", "during typo"]);
    assert!(schedule.next_change(&NoticeLog::default(), now).is_some());
    // A simulation that would never end stops after a bounded number of notices, and says so.
    let mut always = config.clone();
    let day = onshi_tray_core::config::parse_hours("00:00-24:00").unwrap();
    (always.facility.weekday, always.facility.saturday, always.facility.sunday) = (day, day, day);
    let events = simulate(&always, &Default::default(), t("2026-03-23T08:00:00"), t("9999-01-01T00:00:00"), &[]);
    assert_eq!(events.iter().filter(|e| matches!(e, Event::Shown(_))).count(), SIMULATE_LIMIT);
    assert_eq!(events.last(), Some(&Event::Truncated));
}

#[test]
fn reversed_ranges_and_spans_are_refused() {
    let (a, b) = (t("2026-03-21T21:00:00"), t("2026-03-21T22:00:00"));
    assert!(check_simulation(a, b, &[]).is_ok());
    assert!(check_simulation(b, a, &[]).unwrap_err().contains("before --from"));
    assert!(check_simulation(a, b, &[Interruption::Asleep(b, a)]).unwrap_err().contains("--asleep"));
    assert!(check_simulation(a, b, &[Interruption::Off(b, a)]).unwrap_err().contains("--off"));
    assert!(check_simulation(a, b, &[Interruption::FullScreen(b, a)]).unwrap_err().contains("--full-screen"));
    // A clock may jump backwards.
    assert!(check_simulation(a, b, &[Interruption::Jump(b, a)]).is_ok());
}
