//! The schedule engine's timelines, run through `simulate` exactly as the tray app's loop would run them.

use expect_test::{expect, Expect};
use onshi_tray_core::config::{parse_instant, parse_str, Config};
use onshi_tray_core::report::{simulate, timeline, Detail, Interruption};
use onshi_tray_core::schedule::{NoticeLog, Schedule};

pub(crate) fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

/// The built-in default with `extra` laid over it.
pub(crate) fn config(extra: &str) -> Config {
    let mut config = Config::builtin();
    let (layer, errors) = parse_str(extra, "test.toml");
    assert!(errors.is_empty(), "{errors:?}");
    config.apply(layer);
    config
}

/// Runs a simulation in Japan time (`HH:MM` on 2026-03-21 unless a full instant is given) and compares the timeline.
fn check(config: &Config, from: &str, to: &str, interruptions: &[Interruption], expect: Expect) {
    let shown = simulate(config, &Default::default(), at(from), at(to), interruptions);
    let text = timeline(&shown, Detail::Lines).replace("2026-03-21T", "").replace(":00+09:00", "");
    expect.assert_eq(&text);
}

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    if s.len() <= 8 {
        t(&format!("2026-03-21T{s}"))
    } else {
        t(s)
    }
}

#[test]
fn awake_all_evening() {
    check(
        &Config::builtin(),
        "20:00",
        "23:30",
        &[],
        expect![[r#"
            20:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            21:00 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn sleep_across_the_start_shows_one_in_progress_notice_on_waking() {
    check(
        &Config::builtin(),
        "21:00",
        "23:30",
        &[Interruption::Asleep(at("21:10"), at("22:20"))],
        expect![[r#"
            21:00 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 21:10 asleep
            # 22:20 awake
            22:20 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn sleep_across_the_whole_window_shows_only_the_end() {
    check(
        &Config::builtin(),
        "21:30",
        "23:59",
        &[Interruption::Asleep(at("21:40"), at("23:20"))],
        expect![[r#"
            21:30 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 21:40 asleep
            # 23:20 awake
            23:20 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn a_long_sleep_stays_quiet_about_old_windows() {
    check(
        &Config::builtin(),
        "21:30",
        "2026-03-23T09:00:00",
        &[Interruption::Asleep(at("21:40"), at("2026-03-22T12:00:00"))],
        expect![[r#"
            21:30 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 21:40 asleep
            # 2026-03-22T12:00 awake
            2026-03-23T09:00 after 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn a_backward_clock_jump_repeats_nothing() {
    check(
        &Config::builtin(),
        "21:40",
        "23:10",
        &[Interruption::Jump(at("22:10"), at("21:30"))],
        expect![[r#"
            21:40 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 22:10 clock set to 21:30
            # 21:30 the clock runs on from here
            23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn a_forward_clock_jump_is_a_gap() {
    check(
        &Config::builtin(),
        "21:40",
        "22:50",
        &[Interruption::Jump(at("21:41"), at("22:35"))],
        expect![[r#"
            21:40 lead-60m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 21:41 clock set to 22:35
            # 22:35 the clock runs on from here
            22:35 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn restart_mid_window_remembers_what_was_shown() {
    // Off after the start notice: nothing is repeated on restart.
    check(
        &Config::builtin(),
        "21:50",
        "23:10",
        &[Interruption::Off(at("22:05"), at("22:15"))],
        expect![[r#"
            21:50 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 22:05 off
            # 22:15 on: the app starts with its saved notice log
            23:00 end 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
    // Off across the start: the restart shows the one notice that describes the present.
    check(
        &Config::builtin(),
        "21:50",
        "22:20",
        &[Interruption::Off(at("21:55"), at("22:10"))],
        expect![[r#"
            21:50 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 21:55 off
            # 22:10 on: the app starts with its saved notice log
            22:10 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn first_start_shortly_before_a_notice_waits_for_it() {
    // The late 60-minute notice is held back: the 15-minute one, ten seconds away, describes the present.
    check(
        &Config::builtin(),
        "2026-03-21T21:44:50",
        "21:50",
        &[],
        expect![[r#"
            21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
    // Started mid-window with no log at all: one in-progress notice right away.
    check(
        &Config::builtin(),
        "22:10",
        "22:20",
        &[],
        expect![[r#"
            22:10 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
        "#]],
    );
}

#[test]
fn overlapping_and_back_to_back_windows() {
    let config = config(
        r#"
[notify]
lead_minutes = [15]
repeat_during_minutes = 0
[[window]]
id = "b-overlap"
title = "B"
start = 2026-03-21T22:30:00
end = 2026-03-21T23:30:00
[[window]]
id = "c-next"
title = "C"
start = 2026-03-21T23:30:00
end = 2026-03-22T00:00:00
"#,
    );
    // The end of the seed window falls inside B, and B's end is C's start: neither end notice is shown,
    // because the present at that instant is still "in progress".
    check(
        &config,
        "21:00",
        "2026-03-22T00:10:00",
        &[],
        expect![[r#"
            21:45 lead-15m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:15 lead-15m b-overlap B
            22:30 start b-overlap B
            # 23:00 the notice of 2026-03-21-kaishu is taken off the screen
            23:15 lead-15m c-next C
            23:30 start c-next C
            # 23:30 the notice of b-overlap is taken off the screen
            2026-03-22T00:00 end c-next C
        "#]],
    );
}

#[test]
fn settings_shape_the_notices() {
    let config = config("[notify]\nlead_minutes = [120, 5, 5]\nrepeat_during_minutes = 20\nat_end = false\n");
    check(
        &config,
        "19:00",
        "23:30",
        &[],
        expect![[r#"
            19:00 heads-up 2026-03-21-kaishu オンライン資格確認等システム改修作業
            20:00 lead-120m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            21:55 lead-5m 2026-03-21-kaishu オンライン資格確認等システム改修作業
            22:00 start 2026-03-21-kaishu オンライン資格確認等システム改修作業
            # 23:00 the notice of 2026-03-21-kaishu is taken off the screen
        "#]],
    );
}

#[test]
fn windows_already_over_are_ignored() {
    let schedule_config = Config::builtin();
    let schedule = Schedule::new(&schedule_config);
    let mut log = NoticeLog::default();
    assert!(schedule.step(&mut log, t("2026-11-25T12:00:00")).is_empty());
    assert_eq!(schedule.next_change(&log, t("2026-11-25T12:00:00")), None);
    assert_eq!(schedule.next_notice(&log, t("2026-11-25T12:00:00")), None);
}

#[test]
fn nonexistent_japan_time_is_a_config_error() {
    // Japan kept daylight saving time in 1948: 00:30 on 2 May 1948 never happened.
    let (_, errors) = parse_str(
        "[[window]]\nid = \"x\"\ntitle = \"t\"\nstart = 1948-05-02T00:30:00\nend = 1948-05-02T03:00:00\n",
        "dst.toml",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].col), (4, 9));
    assert!(errors[0].message.contains("does not exist or is ambiguous in Japan time"), "{}", errors[0].message);
}
