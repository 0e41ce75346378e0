//! The app's loop itself ([`Reception`]): each input at an instant, and the effects the shell is to carry out, one
//! line each. What the tray app and `simulate` do is what is written here.

use chrono::{DateTime, Utc};
use expect_test::{expect, Expect};
use onshi_tray_core::config::{Config, JST};
use onshi_tray_core::delivery::{Attention, Delivery};
use onshi_tray_core::menu;
use onshi_tray_core::reception::{Action, Choice, Effect, Level, Presentation, Reception};
use onshi_tray_core::schedule::Schedule;

use super::schedule::{config, t};

/// What happens to the loop at an instant.
enum Input<'a> {
    Wake,
    /// The platform's notification setting as the shell read it.
    Delivery(Delivery),
    /// Whether the person at the PC can see a notice (Windows' SHQueryUserNotificationState), as the shell read it.
    Attention(Attention),
    /// The platform did not show the last notice of this kind (`plain` for one about no window) the loop asked for.
    NotShown(&'a str),
    Choose(Option<&'a str>, Choice),
    /// The config is replaced by this one.
    Replace(&'a Config),
    /// The platform showed the notice of this window under this id.
    Shown(&'a str, u32),
    /// The app quits.
    Quit,
    /// A new instance starts from the notice log the last one saved.
    Restart,
    /// What the tray shows now (its icon, status line and the menu's 確認しました items).
    Tray,
}

fn short(at: DateTime<Utc>) -> String {
    at.with_timezone(&JST).format("%a %H:%M:%S").to_string()
}

fn describe(effect: &Effect, config: &Config) -> String {
    match effect {
        Effect::Show(p) => {
            let kind = p.due.map_or("plain".to_string(), |d| d.notice.kind.code());
            let buttons: Vec<&str> = p.actions.iter().map(|(a, _)| a.key()).collect();
            let flags = [(p.critical, " critical"), (p.in_progress, " in-progress"), (p.stays, " stays")];
            let flags: String = flags.iter().filter(|(on, _)| *on).map(|(_, f)| *f).collect();
            let retry = if p.attempt > 0 { format!(" (try {})", p.attempt + 1) } else { String::new() };
            let badge = if p.badge { "+badge" } else { "" };
            let expires = p.expires.map_or(String::new(), |at| format!(" (expires {})", short(at)));
            format!("show {kind}{flags}{retry} <{}{badge}> [{}] {}{expires}", p.look.name(), buttons.join(" "), p.title)
        }
        Effect::Close(id) => format!("close {id}"),
        Effect::SaveLog => "save log".to_string(),
        Effect::OpenGuide(focus) => format!("open guide {:?}", focus.map(|i| &config.windows[i].id)),
        Effect::WakeAt(at) => format!("wake at {}", short(*at)),
        Effect::Alert { window, title, body } => {
            format!("message box about {window:?}: {title} / {}", body.lines().last().unwrap_or(""))
        }
        Effect::Log(Level::Info, line) => format!("log {}", line.split(": notice").next().unwrap_or(line)),
        Effect::Log(Level::Warn, line) => format!("warn {}", line.split(": notice").next().unwrap_or(line)),
    }
}

/// Runs the inputs in order, on one `Reception`, and compares every effect.
fn check(config: &Config, inputs: &[(&str, Input<'_>)], expect: Expect) {
    let mut reception = Reception::new(Default::default());
    let mut current = config.clone();
    let mut shown: Vec<Presentation> = Vec::new();
    let mut out = String::new();
    for (at, input) in inputs {
        let now = t(at);
        let effects = match input {
            Input::Wake => reception.wake(&Schedule::new(&current), now),
            Input::Delivery(delivery) => reception.observe_delivery(*delivery),
            Input::Attention(attention) => reception.observe_attention(&Schedule::new(&current), *attention, now),
            Input::NotShown(kind) => {
                let kind_of = |p: &Presentation| p.due.map_or("plain".to_string(), |d| d.notice.kind.code());
                let failed = shown.iter().rev().find(|p| kind_of(p) == *kind).expect("a notice to fail");
                reception.not_shown(failed.clone(), "no server", now)
            }
            Input::Choose(window, choice) => reception.choose(&Schedule::new(&current), *window, *choice, now),
            Input::Replace(new) => {
                let old = std::mem::replace(&mut current, (*new).clone());
                reception.replace(&old, &Schedule::new(&current), now)
            }
            Input::Shown(window, id) => reception.shown(Some(window), Some(*id)),
            Input::Quit => reception.quit(),
            Input::Restart => {
                reception = Reception::new(reception.log.clone());
                Vec::new()
            }
            Input::Tray => {
                let facts = menu::Facts {
                    config_errors: 0,
                    feeds: &[],
                    delivery: Delivery::On,
                    log_trouble: false,
                    log_file_trouble: false,
                    autostart_on: false,
                    clock: None,
                    report_trouble: false,
                    imported: false,
                };
                let (view, targets) = menu::view(&Schedule::new(&current), &reception.log, now, facts);
                let items = [&view.acknowledge_after, &view.acknowledged, &view.acknowledge, &view.snoozed];
                let items = items.into_iter().flatten();
                let items: Vec<&str> = items.map(String::as_str).collect();
                out += &format!(
                    "{} tray <{}> {} {items:?} after={:?}\n",
                    short(now),
                    view.icon.name(),
                    view.status_line,
                    targets.after
                );
                continue;
            }
        };
        out += &format!("{}\n", short(now));
        for effect in &effects {
            if let Effect::Show(p) = effect {
                shown.push(p.clone());
            }
            out += &format!("    {}\n", describe(effect, &current));
        }
    }
    expect.assert_eq(&out);
}

#[test]
fn lead_start_and_end_with_their_buttons_and_the_in_progress_notice_closed_by_the_end() {
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T21:45:00", Input::Wake),
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T23:00:00", Input::Wake),
        ],
        expect![[r#"
            Sat 21:45:00
                show lead-15m <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 22:00:00
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 23:00:00
                show end <after> [default portal] 【終了】オンライン資格確認等システム改修作業 (expires Sun 23:00:00)
                save log
                wake at Mon 09:00:00
        "#]],
    );
}

#[test]
fn repeats_while_staff_are_there_are_critical_and_the_after_notice_comes_at_the_next_opening() {
    // A weekday window from 17:00 to 19:00: repeats every 30 minutes while the facility is open (until 18:00).
    let config = config(
        "[[window]]\nid = \"w\"\ntitle = \"平日作業\"\nstart = 2026-03-24T17:00:00\nend = 2026-03-24T19:00:00\n\
         [notify]\nlead_minutes = []\nrepeat_during_minutes = 30\n",
    );
    let mut config = config;
    config.windows.retain(|w| w.id == "w");
    check(
        &config,
        &[
            ("2026-03-24T17:00:00", Input::Wake),
            ("2026-03-24T17:30:00", Input::Wake),
            ("2026-03-24T19:00:00", Input::Wake),
            ("2026-03-25T09:00:00", Input::Wake),
        ],
        expect![[r#"
            Tue 17:00:00
                show start critical in-progress stays <in_progress> [default portal] 【作業中】平日作業 (expires Tue 19:00:00)
                save log
                wake at Tue 17:30:00
            Tue 17:30:00
                show during critical in-progress stays <in_progress> [default portal] 【作業中】平日作業 (expires Tue 19:00:00)
                save log
                wake at Tue 19:00:00
            Tue 19:00:00
                show end <after> [default portal] 【終了】平日作業 (expires Wed 19:00:00)
                save log
                wake at Wed 09:00:00
            Wed 09:00:00
                show after stays <after> [default acknowledge portal] 【作業終了】平日作業 (expires Thu 09:00:00)
                save log
        "#]],
    );
}

#[test]
fn a_notice_that_was_not_shown_is_tried_again_for_the_moment_it_is_shown_and_dropped_once_superseded() {
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T21:45:00", Input::Wake),
            ("2026-03-21T21:45:01", Input::NotShown("lead-15m")),
            ("2026-03-21T21:45:11", Input::Wake),
            ("2026-03-21T21:45:12", Input::NotShown("lead-15m")),
            ("2026-03-21T21:45:32", Input::Wake),
            // Shown on the third try, it says how long is left now.
            ("2026-03-21T21:54:00", Input::Wake),
            ("2026-03-21T22:00:00", Input::Wake),
            // The lead notice fails once more after the start was sent: never retried over the start.
            ("2026-03-21T22:00:01", Input::NotShown("lead-15m")),
        ],
        expect![[r#"
            Sat 21:45:00
                show lead-15m <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 22:00:00
            Sat 21:45:01
                log not shown; will try again at 2026-03-21T21:45:11+09:00
                wake at Sat 21:45:11
            Sat 21:45:11
                show lead-15m (try 2) <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                wake at Sat 22:00:00
            Sat 21:45:12
                log not shown; will try again at 2026-03-21T21:45:32+09:00
                wake at Sat 21:45:32
            Sat 21:45:32
                show lead-15m (try 3) <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                wake at Sat 22:00:00
            Sat 21:54:00
                wake at Sat 22:00:00
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 22:00:01
                warn not shown, and no longer retried
        "#]],
    );
}

#[test]
fn while_notifications_are_off_notices_are_logged_not_shown_and_not_retried_later() {
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T21:44:00", Input::Delivery(Delivery::OffForUser)),
            ("2026-03-21T21:45:00", Input::Wake),
            ("2026-03-21T21:50:00", Input::Delivery(Delivery::On)),
            ("2026-03-21T21:50:00", Input::Wake),
            ("2026-03-21T22:00:00", Input::Wake),
        ],
        expect![[r#"
            Sat 21:44:00
                warn notifications are off for every app of this user: turn on Settings > System > Notifications; notices are logged but not shown (off-for-user)
            Sat 21:45:00
                warn not shown (off-for-user)
                save log
                wake at Sat 22:00:00
            Sat 21:50:00
                log notifications are on again
            Sat 21:50:00
                wake at Sat 22:00:00
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
        "#]],
    );
}

#[test]
fn a_notice_held_back_by_a_full_screen_program_is_shown_again_once_the_screen_accepts_notices() {
    check(
        &Config::builtin(),
        &[
            // The レセコン runs full-screen: Windows sends toasts to the Notification Center without a banner.
            ("2026-03-21T21:44:00", Input::Attention(Attention::Busy)),
            ("2026-03-21T21:45:00", Input::Wake),
            // Looked at again every 10 s while a notice is held; another reason to hold is no news.
            ("2026-03-21T21:45:10", Input::Attention(Attention::FullScreen)),
            ("2026-03-21T21:45:10", Input::Wake),
            // The program closes: the lead notice comes again, for this moment, under its window's tag.
            ("2026-03-21T21:52:00", Input::Attention(Attention::Accepting)),
            ("2026-03-21T21:52:00", Input::Wake),
            // Held at the start, then acknowledged from the Notification Center: nothing comes again.
            ("2026-03-21T21:59:00", Input::Attention(Attention::Presentation)),
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T22:00:30", Input::Choose(Some("2026-03-21-kaishu"), Choice::Guide)),
            ("2026-03-21T22:01:00", Input::Attention(Attention::Accepting)),
            // Held at the end: the end notice comes again when the screen is back (a day in the Notification Center).
            ("2026-03-21T22:59:00", Input::Attention(Attention::QuietTime)),
            ("2026-03-21T23:00:00", Input::Wake),
            ("2026-03-21T23:00:10", Input::Wake),
            ("2026-03-21T23:05:00", Input::Attention(Attention::Accepting)),
        ],
        expect![[r#"
            Sat 21:44:00
                log notices are held back from now: full-screen program or do not disturb
            Sat 21:45:00
                show lead-15m <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                log held back (full-screen program or do not disturb)
                save log
                wake at Sat 21:45:10
            Sat 21:45:10
            Sat 21:45:10
                wake at Sat 21:45:20
            Sat 21:52:00
                log notices are seen again (was: full-screen Direct3D program)
                log shown again after being held back
                show lead-15m <upcoming> [default acknowledge snooze] 【あと8分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
            Sat 21:52:00
                wake at Sat 22:00:00
            Sat 21:59:00
                log notices are held back from now: presentation mode
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                log held back (presentation mode)
                save log
                wake at Sat 22:00:10
            Sat 22:00:30
                open guide Some("2026-03-21-kaishu")
            Sat 22:01:00
                log notices are seen again (was: presentation mode)
            Sat 22:59:00
                log notices are held back from now: quiet time
            Sat 23:00:00
                show end <after> [default portal] 【終了】オンライン資格確認等システム改修作業 (expires Sun 23:00:00)
                log held back (quiet time)
                save log
                wake at Sat 23:00:10
            Sat 23:00:10
                wake at Sat 23:00:20
            Sat 23:05:00
                log notices are seen again (was: quiet time)
                log shown again after being held back
                show end <after> [default portal] 【終了】オンライン資格確認等システム改修作業 (expires Sun 23:05:00)
        "#]],
    );
}

#[test]
fn while_notifications_are_off_the_start_and_the_after_notice_still_come_once_each_as_a_message_box() {
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T21:44:00", Input::Delivery(Delivery::OffForApp)),
            ("2026-03-21T21:45:00", Input::Wake),
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T23:00:00", Input::Wake),
            // Monday's opening: the after-notice; then a restart, and nothing comes twice.
            ("2026-03-23T09:00:00", Input::Wake),
            ("2026-03-23T09:00:05", Input::Restart),
            ("2026-03-23T09:00:05", Input::Wake),
        ],
        expect![[r#"
            Sat 21:44:00
                warn notifications are off for onshi-tray: turn them on in Settings > System > Notifications > オン資メンテナンス通知; notices are logged but not shown (off-for-app)
            Sat 21:45:00
                warn not shown (off-for-app)
                save log
                wake at Sat 22:00:00
            Sat 22:00:00
                warn not shown (off-for-app)
                message box about Some("2026-03-21-kaishu"): 【作業中】オンライン資格確認等システム改修作業 / このPCでは通知がオフになっているため、この画面でお知らせしています。「はい」で対応の手順を開きます。
                save log
                wake at Sat 23:00:00
            Sat 23:00:00
                warn not shown (off-for-app)
                save log
                wake at Mon 09:00:00
            Mon 09:00:00
                warn not shown (off-for-app)
                message box about Some("2026-03-21-kaishu"): 【作業終了】オンライン資格確認等システム改修作業 / このPCでは通知がオフになっているため、この画面でお知らせしています。「はい」で対応の手順を開きます。
                save log
            Mon 09:00:05
            Mon 09:00:05
        "#]],
    );
}

#[test]
fn acknowledge_rests_the_advance_notices_and_snooze_brings_one_back_ten_minutes_later() {
    let id = Some("2026-03-21-kaishu");
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T21:00:00", Input::Wake),
            ("2026-03-21T21:00:00", Input::Tray),
            ("2026-03-21T21:01:00", Input::Choose(id, Choice::Snooze)),
            ("2026-03-21T21:01:00", Input::Tray),
            ("2026-03-21T21:11:00", Input::Wake),
            ("2026-03-21T21:12:00", Input::Choose(id, Choice::Acknowledge)),
            ("2026-03-21T21:12:00", Input::Tray),
            ("2026-03-21T21:13:00", Input::Choose(id, Choice::Unacknowledge)),
            ("2026-03-21T21:13:00", Input::Tray),
            ("2026-03-21T21:14:00", Input::Choose(id, Choice::Acknowledge)),
            ("2026-03-21T21:45:00", Input::Wake),
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T22:01:00", Input::Choose(id, Choice::Guide)),
            ("2026-03-21T22:02:00", Input::Choose(Some("gone"), Choice::Snooze)),
        ],
        expect![[r#"
            Sat 21:00:00
                show lead-60m <upcoming> [default acknowledge snooze] 【あと1時間】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 21:45:00
            Sat 21:00:00 tray <upcoming> 次回：3月21日（土）22:00〜23:00 ["確認しました（次のお知らせは21:45）"] after=None
            Sat 21:01:00
                log snoozed 2026-03-21-kaishu until 2026-03-21T21:11:00+09:00
                save log
                wake at Sat 21:11:00
                log next notice: reminder 2026-03-21-kaishu at 2026-03-21T21:11:00+09:00
            Sat 21:01:00 tray <upcoming> 次回：3月21日（土）22:00〜23:00 ["確認しました（次のお知らせは21:45）", "21:11に再通知します"] after=None
            Sat 21:11:00
                show reminder stays <upcoming> [default acknowledge snooze] 【あと49分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 21:45:00
            Sat 21:12:00
                log acknowledged 2026-03-21-kaishu: its advance notices rest until 2026-03-23T09:00:00+09:00; its next notice: lead-15m at 2026-03-21T21:45:00+09:00
                save log
                wake at Sat 21:45:00
                log next notice: lead-15m 2026-03-21-kaishu at 2026-03-21T21:45:00+09:00
            Sat 21:12:00 tray <upcoming> 次回：3月21日（土）22:00〜23:00 ["確認済み・取り消す（次のお知らせは21:45）"] after=None
            Sat 21:13:00
                log took back the acknowledgement of 2026-03-21-kaishu: its advance notices come again
                save log
                wake at Sat 21:45:00
                log next notice: lead-15m 2026-03-21-kaishu at 2026-03-21T21:45:00+09:00
            Sat 21:13:00 tray <upcoming> 次回：3月21日（土）22:00〜23:00 ["確認しました（次のお知らせは21:45）"] after=None
            Sat 21:14:00
                log acknowledged 2026-03-21-kaishu: its advance notices rest until 2026-03-23T09:00:00+09:00; its next notice: lead-15m at 2026-03-21T21:45:00+09:00
                save log
                wake at Sat 21:45:00
                log next notice: lead-15m 2026-03-21-kaishu at 2026-03-21T21:45:00+09:00
            Sat 21:45:00
                show lead-15m <upcoming> [default acknowledge snooze] 【あと15分】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 22:00:00
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 22:01:00
                open guide Some("2026-03-21-kaishu")
            Sat 22:02:00
                warn Snooze for Some("gone"), which is no longer in the schedule
        "#]],
    );
}

#[test]
fn a_window_withdrawn_while_in_progress_loses_its_notice_and_gets_one_that_says_so() {
    let builtin = Config::builtin();
    let mut without = builtin.clone();
    without.windows.clear();
    check(
        &builtin,
        &[
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T22:20:00", Input::Replace(&without)),
            ("2026-03-21T23:00:00", Input::Wake),
        ],
        expect![[r#"
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 22:20:00
                close 2026-03-21-kaishu
                show plain <idle> [] 【取り消し】オンライン資格確認等システム改修作業
            Sat 23:00:00
        "#]],
    );
}

/// The buttons are decided once, in the core; every platform renders the same list.
#[test]
fn the_portal_button_opens_the_configured_article() {
    let config = Config::builtin();
    let mut reception = Reception::new(Default::default());
    let effects = reception.wake(&Schedule::new(&config), t("2026-03-21T22:00:00"));
    let Some(Effect::Show(p)) = effects.first() else { panic!("{effects:?}") };
    assert!(
        p.actions.contains(&(
            Action::Open(config.portal.url.clone()),
            // Short, so that no server clips it at the screen's edge; the menu item says the article's number.
            "ポータルの記事".to_string()
        )),
        "{:?}",
        p.actions
    );
}

/// The heads-up and the after-notice stay until someone acts on them; after the window the tray says it took place
/// (icon, status line, 確認しました) until 確認しました, on the notice or in the menu, or four days.
#[test]
fn the_heads_up_and_the_after_notice_stay_and_the_tray_says_the_window_took_place_until_acknowledged() {
    let id = "2026-03-21-kaishu";
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T09:00:00", Input::Wake),
            ("2026-03-21T09:00:00", Input::Tray),
            ("2026-03-21T23:00:00", Input::Wake),
            ("2026-03-21T23:00:00", Input::Tray),
            ("2026-03-23T09:00:00", Input::Wake),
            ("2026-03-23T09:00:00", Input::Shown(id, 12)),
            ("2026-03-23T09:30:00", Input::Tray),
            ("2026-03-23T09:31:00", Input::Choose(Some(id), Choice::Acknowledge)),
            ("2026-03-23T09:31:00", Input::Tray),
        ],
        expect![[r#"
            Sat 09:00:00
                show heads-up stays <upcoming> [default acknowledge snooze] 【本日 22:00から】オンライン資格確認等システム改修作業 (expires Sat 22:00:00)
                save log
                wake at Sat 21:00:00
            Sat 09:00:00 tray <upcoming> 次回：3月21日（土）22:00〜23:00 ["確認しました（次のお知らせは21:45）"] after=None
            Sat 23:00:00
                show end <after> [default portal] 【終了】オンライン資格確認等システム改修作業 (expires Sun 23:00:00)
                save log
                wake at Mon 09:00:00
            Sat 23:00:00 tray <after> 前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください ["確認しました（前回の作業のお知らせを消す）"] after=Some("2026-03-21-kaishu")
            Mon 09:00:00
                show after stays <after> [default acknowledge portal] 【作業終了】オンライン資格確認等システム改修作業 (expires Tue 09:00:00)
                save log
            Mon 09:00:00
                save log
            Mon 09:30:00 tray <after> 前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください ["確認しました（前回の作業のお知らせを消す）"] after=Some("2026-03-21-kaishu")
            Mon 09:31:00
                log acknowledged 2026-03-21-kaishu after its end: the tray no longer says it took place
                close 2026-03-21-kaishu
                save log
                log next notice: none scheduled
            Mon 09:31:00 tray <idle> 予定なし・予定の取得元が未設定 [] after=None
        "#]],
    );
    // Unacknowledged, the tray says it for four days, and the after-notice left on screen is then closed.
    check(
        &Config::builtin(),
        &[
            ("2026-03-23T09:00:00", Input::Wake),
            ("2026-03-23T09:00:00", Input::Shown(id, 12)),
            ("2026-03-25T22:59:00", Input::Tray),
            ("2026-03-25T23:00:00", Input::Wake),
            ("2026-03-25T23:00:00", Input::Tray),
        ],
        expect![[r#"
            Mon 09:00:00
                show after stays <after> [default acknowledge portal] 【作業終了】オンライン資格確認等システム改修作業 (expires Tue 09:00:00)
                save log
            Mon 09:00:00
                save log
            Wed 22:59:00 tray <after> 前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください ["確認しました（前回の作業のお知らせを消す）"] after=Some("2026-03-21-kaishu")
            Wed 23:00:00
                close 2026-03-21-kaishu
                save log
            Wed 23:00:00 tray <idle> 予定なし・予定の取得元が未設定 [] after=None
        "#]],
    );
}

/// Nothing of the app stays on screen after it quits, and a new instance replaces or closes what an old one left.
#[test]
fn a_quit_or_a_restart_leaves_no_notice_behind() {
    let id = "2026-03-21-kaishu";
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T22:00:01", Input::Shown(id, 5)),
            ("2026-03-21T22:10:00", Input::Quit),
            ("2026-03-21T22:11:00", Input::Restart),
            ("2026-03-21T22:11:00", Input::Wake),
        ],
        expect![[r#"
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 22:00:01
                save log
            Sat 22:10:00
                close 2026-03-21-kaishu
                save log
            Sat 22:11:00
            Sat 22:11:00
                wake at Sat 23:00:00
        "#]],
    );
    // A crash (no quit): the next instance's notice of the window replaces the old one (the shell hands the old id
    // to the notification server), and what is left when the window is over is closed.
    check(
        &Config::builtin(),
        &[
            ("2026-03-21T22:00:00", Input::Wake),
            ("2026-03-21T22:00:01", Input::Shown(id, 5)),
            ("2026-03-21T22:30:00", Input::Restart),
            ("2026-03-21T22:30:00", Input::Wake),
            ("2026-03-21T23:00:00", Input::Wake),
            ("2026-03-21T23:00:01", Input::Shown(id, 5)),
            ("2026-03-22T10:00:00", Input::Restart),
            ("2026-03-22T10:00:00", Input::Wake),
        ],
        expect![[r#"
            Sat 22:00:00
                show start in-progress <in_progress> [default portal] 【作業中】オンライン資格確認等システム改修作業 (expires Sat 23:00:00)
                save log
                wake at Sat 23:00:00
            Sat 22:00:01
                save log
            Sat 22:30:00
            Sat 22:30:00
                wake at Sat 23:00:00
            Sat 23:00:00
                show end <after> [default portal] 【終了】オンライン資格確認等システム改修作業 (expires Sun 23:00:00)
                save log
                wake at Mon 09:00:00
            Sat 23:00:01
            Sun 10:00:00
            Sun 10:00:00
                close 2026-03-21-kaishu
                save log
                wake at Mon 09:00:00
        "#]],
    );
}

#[test]
fn a_notice_leaves_the_notification_center_once_it_no_longer_applies_and_never_at_once() {
    use onshi_tray_core::reception::expiration;
    use onshi_tray_core::schedule::NoticeKind;
    let config = Config::builtin();
    let window = &config.windows[0];
    let cases = [
        (NoticeKind::HeadsUp, "2026-03-21T09:00:00", window.start),
        (NoticeKind::Lead(15), "2026-03-21T21:45:00", window.start),
        (NoticeKind::Reminder, "2026-03-21T21:55:00", window.start),
        (NoticeKind::Start, "2026-03-21T22:00:00", window.end),
        (NoticeKind::During, "2026-03-21T22:30:00", window.end),
        (NoticeKind::End, "2026-03-21T23:00:00", t("2026-03-22T23:00:00")),
        (NoticeKind::After, "2026-03-23T09:00:00", t("2026-03-24T09:00:00")),
        // Shown late, seconds before the instant it would leave at: it stays a minute.
        (NoticeKind::Lead(15), "2026-03-21T21:59:30", t("2026-03-21T22:00:30")),
        (NoticeKind::During, "2026-03-21T22:59:59", t("2026-03-21T23:00:59")),
    ];
    for (kind, shown, expected) in cases {
        assert_eq!(expiration(window, kind, t(shown)), expected, "{kind:?} shown at {shown}");
    }
}
