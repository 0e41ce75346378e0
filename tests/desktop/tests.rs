//! End-to-end tests of the tray app on the test desktop. Times are simulated with `--simulate-from` (the app's clock
//! starts there and runs at real speed) or moved with libfaketime; every wait is on an event, with a time-out.

use std::time::Duration;

use super::{Desktop, Services};

const URL: &str = "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769";

/// Held by the test that sets the machine's clock (every app on the machine re-reads its clock then) and by the test
/// that counts the idle app's wake-ups, so that the one never lands in the other's minute.
static CLOCK_STEP: std::sync::Mutex<()> = std::sync::Mutex::new(());
const SECS: fn(u64) -> Duration = Duration::from_secs;

#[test]
fn lead_notice_arrives_on_time_with_the_window_and_its_effect() {
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:50+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    assert_eq!(desktop.labels(&item)[0], "次回：3月21日（土）22:00〜23:00");

    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(20));
    // Due 10 s after start; it must not come early, nor more than a second or two late.
    let arrived = notice["time"].as_f64().unwrap();
    let started = super::unix_time(app.started);
    let after = arrived - started;
    assert!((9.5..12.5).contains(&after), "the 15-minute notice arrived {after:.2}s after start, expected 10s");
    // Titled by the app's Japanese name, as the desktop entry is.
    assert_eq!(notice["app_name"], "オン資メンテナンス通知");
    assert_eq!(notice["summary"], "【あと15分】オンライン資格確認等システム改修作業");
    let body = notice["body"].as_str().unwrap();
    assert!(body.contains("3月21日（土）22:00〜23:00"), "{body}");
    assert!(body.contains("一度だけログアウトされる可能性があります"), "{body}");
    assert!(!body.contains("0800-080-4583"), "the call center is closed on Saturday night: {body}");
    assert!(body.contains("詳しくはクリック"), "{body}");
    let actions = notice["actions"].as_array().unwrap();
    assert_eq!(actions[0], "default", "a click (or the first button) opens the guidance page: {notice}");
    assert_eq!(actions[1], "対応の手順を見る", "labelled once, for servers that draw it as a button: {notice}");
    // The late 60-minute notice was held back: only one notice so far.
    assert_eq!(desktop.notices().len(), 1, "{:#?}", desktop.notices());
}

/// A pharmacy open day and night: in-progress notices at any hour find staff at the counter.
const DAY_AND_NIGHT: &str = "[facility]\nweekday = \"00:00-24:00\"\nsaturday = \"00:00-24:00\"\nsunday = \"00:00-24:00\"\nclosed_on_holidays = false\n";

#[test]
fn start_and_end_switch_the_icon_the_menu_and_the_urgency() {
    let desktop = Desktop::start(Services::ALL);
    desktop.write_user_config(DAY_AND_NIGHT);
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:59:55+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    let start = desktop.wait_notice(&app, 0, "作業中", SECS(15));
    assert_eq!(start["hints"]["urgency"], 2, "the in-progress notice is critical: {start}");
    assert!(start["body"].as_str().unwrap().starts_with("ログアウトされたら"), "what to do comes first: {start}");
    assert!(start["body"].as_str().unwrap().contains("10割負担にはしません"));
    assert!(start["actions"].as_array().unwrap().iter().any(|a| a == "portal"), "{start}");
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    desktop.wait_first_line(&app, &item, "作業中（23:00まで）", SECS(5));
    let count = desktop.notices().len();
    drop(app);

    let app = desktop.app(&["--simulate-from", "2026-03-21T22:59:55+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    let end = desktop.wait_notice(&app, count, "終了", SECS(15));
    assert!(end["body"].as_str().unwrap().contains("作業時間が終わりました"), "{end}");
    assert_ne!(end["hints"]["urgency"], 2);
    // After the end the tray says the work took place, until someone acknowledges it.
    desktop.wait_icon(&app, &item, "after", SECS(5));
    desktop.wait_first_line(
        &app,
        &item,
        "前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください",
        SECS(5),
    );
    // The late in-progress repeat at 22:30 was held back for the end notice five seconds later.
    assert_eq!(desktop.notices().len(), count + 1, "{:#?}", desktop.notices());
    // With the default reception hours (closed on Saturday night) the same start notice is not critical.
    drop(app);
    desktop.write_user_config("");
    let count = desktop.notices().len();
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:59:55+09:00"], &[]);
    let start = desktop.wait_notice(&app, count, "作業中", SECS(15));
    assert_ne!(start["hints"]["urgency"], 2, "nobody is at the counter: {start}");
    drop(app);
}

#[test]
fn menu_labels_and_actions() {
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:30:00+09:00"], &[]);
    let item = desktop.item(&app);
    assert_eq!(
        desktop.labels(&item),
        [
            "次回：3月21日（土）22:00〜23:00",
            "確認しました（次のお知らせは21:45）",
            "10分後に再通知",
            "---",
            "作業中・ログアウトされたときの対応",
            "ポータルサイトの記事（KB0011769）を開く",
            "コールセンター 0800-080-4583（時間外・月 8:00から）",
            "予定されている作業",
            "  3月21日（土）22:00〜23:00 オンライン資格確認等システム改修作業",
            "---",
            "テスト通知を送る",
            "お知らせの文面から予定を追加…",
            "設定ファイルを開く",
            "設定を再読み込み",
            "ログイン時に起動",
            "---",
            "終了",
            "  終了する（メンテナンスのお知らせが表示されなくなります）",
        ]
    );
    // The status line is readable at a glance (not greyed out), and it opens the guidance page.
    let layout = desktop.client(&["layout", &item]).unwrap();
    assert_eq!(layout["children"][0]["enabled"], true);
    let page = desktop.home.path("data/onshi-tray/guide.html");
    let opened = |n: usize| {
        desktop.wait_for(&app, &format!("{n} things opened"), SECS(5), || {
            let opened = desktop.opened();
            (opened.len() == n).then(|| opened[n - 1].clone())
        })
    };
    desktop.click(&item, "次回：3月21日（土）22:00〜23:00");
    assert_eq!(opened(1), page.display().to_string());
    let html = std::fs::read_to_string(&page).unwrap();
    for needle in [
        "オンライン資格確認等システム改修作業",
        "3月21日（土）22:00〜23:00",
        "10割負担にはしません",
        "券面",
        "マイナポータル",
        "0800-080-4583",
    ] {
        assert!(html.contains(needle), "the guidance page lacks {needle}");
    }
    assert!(html.contains(&format!("href=\"{}\"", URL.replace('&', "&amp;"))));

    desktop.click(&item, "ポータルサイトの記事（KB0011769）を開く");
    assert_eq!(opened(2), URL);
    // The guidance item opens the same page, the call-center item that page at its call-center section.
    desktop.click(&item, "作業中・ログアウトされたときの対応");
    assert_eq!(opened(3), page.display().to_string());
    std::fs::remove_file(&page).unwrap();
    desktop.click(&item, "コールセンター 0800-080-4583（時間外・月 8:00から）");
    let jump = desktop.home.path("data/onshi-tray/guide-contact.html");
    assert_eq!(opened(4), jump.display().to_string());
    assert!(std::fs::read_to_string(&jump).unwrap().contains("url=guide.html#contact"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("id=\"contact\"") && html.contains("いまは受付時間外です。次の受付開始は3月23日（月）8:00です。")
    );

    // A window of the submenu opens the page about that window.
    desktop.click(&item, "3月21日（土）22:00〜23:00 オンライン資格確認等システム改修作業");
    assert_eq!(opened(5), page.display().to_string());

    // A click on a notice opens the guidance page too.
    let before = desktop.notices().len();
    desktop.click(&item, "テスト通知を送る");
    let test = desktop.wait_notice(&app, before, "テスト通知", SECS(5));
    assert_eq!(test["app_name"], "オン資メンテナンス通知");
    assert!(test["body"].as_str().unwrap().contains("このPCにお知らせが届いています"));
    let lead = desktop.wait_notice(&app, 0, "あと", SECS(5));
    let id = lead["id"].as_u64().unwrap().to_string();
    desktop.client(&["invoke", &id, "default"]);
    assert_eq!(opened(6), page.display().to_string());

    // "Open the config file" creates the user's file with every setting commented out, and opens it.
    desktop.click(&item, "設定ファイルを開く");
    let config = desktop.home.user_config();
    assert_eq!(opened(7), config.display().to_string());
    assert_eq!(std::fs::read_to_string(&config).unwrap(), onshi_tray_core::config::user_template());
    desktop.click(&item, "設定を再読み込み");
    desktop
        .wait_for(&app, "the reload", SECS(5), || app.log_text().contains("reloading the config (menu)").then_some(()));

    // Start at login writes an XDG autostart entry, and the check mark follows.
    desktop.click(&item, "ログイン時に起動");
    let entry = desktop.home.path("config/autostart/onshi-tray.desktop");
    desktop.wait_for(&app, "the autostart entry", SECS(5), || entry.exists().then_some(()));
    desktop.wait_for(&app, "the check mark", SECS(5), || {
        let layout = desktop.client(&["layout", &item])?;
        let checked =
            layout["children"].as_array()?.iter().any(|c| c["label"] == "ログイン時に起動" && c["toggle_state"] == 1);
        checked.then_some(())
    });
    desktop.click(&item, "ログイン時に起動");
    desktop.wait_for(&app, "the autostart entry to go", SECS(5), || (!entry.exists()).then_some(()));
}

/// The machine-wide `[menu]` hides 終了, ログイン時に起動 and the config items for reception accounts; a user's own
/// `[menu]` cannot bring them back.
#[test]
fn the_machine_wide_menu_policy_hides_items_for_reception_accounts() {
    let desktop = Desktop::start(Services::ALL);
    let system = desktop.home.system_config();
    std::fs::create_dir_all(system.parent().unwrap()).unwrap();
    std::fs::write(&system, "[menu]\nquit = false\nautostart = false\nconfig = false\n").unwrap();
    desktop.write_user_config("[menu]\nquit = true\n");
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    let labels = desktop.labels(&item);
    assert_eq!(
        labels,
        [
            "予定なし・予定の取得元が未設定",
            "---",
            "作業中・ログアウトされたときの対応",
            "ポータルサイトの記事（KB0011769）を開く",
            "コールセンター 0800-080-4583（受付中・18:00まで）",
            "予定されている作業",
            "  予定なし",
            "---",
            "テスト通知を送る",
        ]
    );
    assert!(app.log_text().contains("`[menu]` is read only from the machine-wide file"), "{}", app.log_text());
}
/// A feed on a share: the menu says when the schedule was confirmed, and a window published later arrives after
/// 「予定を今すぐ更新」 and gives its notice on time.
#[test]
fn a_feed_window_arrives_after_update_now_and_the_menu_says_when_it_was_confirmed() {
    let desktop = Desktop::start(Services::ALL);
    let feed = file_feed(&desktop);
    let app = desktop.app(&["--simulate-from", "2026-12-05T21:44:45+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_first_line(&app, &item, "予定なし（予定の取得 12月5日 21:44）", SECS(5));
    assert!(desktop.labels(&item).iter().any(|l| l == "予定を今すぐ更新"), "{:?}", desktop.labels(&item));

    std::fs::write(
        &feed,
        "serial = 2\n[[window]]\nid = \"dec-05\"\ntitle = \"12月の改修作業\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n",
    )
    .unwrap();
    desktop.click(&item, "予定を今すぐ更新");
    desktop.wait_for(&app, "the feed's window in the menu", SECS(5), || {
        desktop
            .labels(&item)
            .first()
            .is_some_and(|l| l.starts_with("次回：12月5日（土）22:00〜23:00（予定の取得 12月5日 21:4"))
            .then_some(())
    });
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(20));
    assert_eq!(notice["summary"], "【あと15分】12月の改修作業");
    assert!(app.log_text().contains("feed 本部: updated, 1 windows"), "{}", app.log_text());
    // The publisher withdraws it: staff were told, so one notice says so, and the menu no longer shows it.
    std::fs::write(&feed, "serial = 3\n").unwrap();
    desktop.click(&item, "予定を今すぐ更新");
    let withdrawn = desktop.wait_notice(&app, 1, "取り消し", SECS(5));
    assert_eq!(withdrawn["summary"], "【取り消し】12月の改修作業");
    desktop.wait_for(&app, "the menu without the window", SECS(5), || {
        desktop.labels(&item).first().is_some_and(|l| l.starts_with("予定なし")).then_some(())
    });
    assert_eq!(desktop.notices().len(), 2, "{:#?}", desktop.notices());
}

/// A published calendar nested thousands deep once overflowed the feed thread's stack and aborted the app at every
/// start. Now the app stays up, keeps the last good schedule, and the log and `status` say what is wrong.
#[test]
fn a_nested_calendar_on_the_feed_leaves_the_app_running_on_its_last_good_schedule() {
    let desktop = Desktop::start(Services::ALL);
    let feed = file_feed(&desktop);
    std::fs::write(
        &feed,
        "serial = 2\n[[window]]\nid = \"dec-05\"\ntitle = \"12月の改修作業\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n",
    )
    .unwrap();
    let app = desktop.app(&["--simulate-from", "2026-12-05T20:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    let upcoming = |desktop: &Desktop| {
        desktop.labels(&item).first().is_some_and(|l| l.starts_with("次回：12月5日（土）22:00〜23:00")).then_some(())
    };
    desktop.wait_for(&app, "the feed's window in the menu", SECS(5), || upcoming(&desktop));
    for (round, (depth, line)) in [(2_500, "BEGIN:VEVENT\r\n"), (100_000, "BEGIN:A\n")].into_iter().enumerate() {
        std::fs::write(&feed, format!("BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n", line.repeat(depth))).unwrap();
        desktop.click(&item, "予定を今すぐ更新");
        desktop.wait_for(&app, "the refusal in the log", SECS(5), || {
            (app.log_text().matches("components are nested more than 8 levels deep").count() > round).then_some(())
        });
        assert!(app.exited().is_none(), "the app must keep running: {}", app.log_text());
        assert!(upcoming(&desktop).is_some(), "the last good schedule stays: {:?}", desktop.labels(&item));
        let status = desktop.run(&["status"]);
        let text = String::from_utf8_lossy(&status.stdout);
        assert!(text.contains("nested more than 8 levels deep"), "{text}");
    }
}

/// Another local account once could silence a window by planting a notice log that says "acknowledged" in the
/// shared temp folder the app read as a fallback (`/tmp/onshi-tray-$USER/`). That place is read no more: the
/// 15-minute notice comes as if nothing were there.
#[test]
fn a_notice_log_planted_in_the_old_temp_fallback_has_no_effect() {
    let desktop = Desktop::start(Services::ALL);
    let tmp = desktop.home.path("tmp");
    let config = onshi_tray_core::config::Config::builtin();
    let mut planted = onshi_tray_core::schedule::NoticeLog::default();
    planted.acknowledge(&config.windows[0], config.windows[0].start);
    planted.snooze(&config.windows[0], onshi_tray_core::config::parse_instant("2026-03-22T00:00:00+09:00").unwrap());
    let user = std::env::var("USER").unwrap_or_else(|_| "root".to_string());
    for name in [format!("onshi-tray-{user}"), "onshi-tray-".to_string()] {
        let dir = tmp.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("notice-log.json"), planted.to_text()).unwrap();
    }
    let tmp_text = tmp.display().to_string();
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:55+09:00"], &[("TMPDIR", tmp_text.as_str())]);
    desktop.item(&app);
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    assert_eq!(notice["summary"], "【あと15分】オンライン資格確認等システム改修作業");
}

/// A user's first start says where the icon is and what it shows, once: not again at the next start.
/// The feed thread waits for its hourly fetch without looking at the clock each minute; after a sleep of the PC
/// (the wall clock jumps, the monotonic one does not), the app's loop tells it, and the feed is fetched at once.
#[test]
fn after_a_sleep_the_feeds_are_fetched_again() {
    let desktop = Desktop::start(Services::ALL);
    let feed = file_feed(&desktop);
    let clock = desktop.home.path("faketime");
    std::fs::write(&clock, "@2026-12-07 08:00:00\n").unwrap();
    let app = app_with_faketime(&desktop, &clock, &[]);
    let item = desktop.item(&app);
    desktop.wait_first_line(&app, &item, "予定なし（予定の取得 12月7日 8:00）", SECS(5));
    std::fs::write(
        &feed,
        "serial = 2\n[[window]]\nid = \"dec-12\"\ntitle = \"12月の改修作業\"\nstart = 2026-12-12T22:00:00\nend = 2026-12-12T23:00:00\n",
    )
    .unwrap();
    // Half an hour of sleep: the hourly fetch is not due yet, so only the wake brings the new window.
    std::fs::write(&clock, "@2026-12-07 08:30:00\n").unwrap();
    desktop.wait_for(&app, "the feed's window after the wake", SECS(70), || {
        desktop.labels(&item).first().is_some_and(|l| l.starts_with("次回：12月12日（土）22:00〜23:00")).then_some(())
    });
    let log = app.log_text();
    assert!(log.contains("a sleep?"), "{log}");
    assert!(log.contains("feed 本部: updated, 1 windows"), "{log}");
}

#[test]
fn the_first_start_tells_staff_where_the_icon_is_once() {
    let desktop = Desktop::start(Services::ALL);
    std::fs::remove_file(desktop.home.path("data/onshi-tray/first-run-done")).unwrap();
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let welcome = desktop.wait_notice(&app, 0, "オン資メンテナンス通知が動いています", SECS(10));
    let body = welcome["body"].as_str().unwrap();
    assert!(body.starts_with("画面のパネルの通知領域にアイコンがあります。緑のチェックは予定なし"), "{body}");
    drop(app);
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "idle", SECS(5));
    std::thread::sleep(SECS(1));
    assert_eq!(desktop.notices().len(), 1, "{:#?}", desktop.notices());
}

/// Notifications switched off (Windows' `ToastNotifier.Setting`, through its test double): the due notice is not
/// logged as shown, the tray says so (status line and badge), and 「テスト通知を送る」 says why instead of pretending.
#[test]
fn notices_that_cannot_be_seen_are_said_so_not_pretended() {
    let desktop = Desktop::start(Services::ALL);
    let app =
        desktop.app(&["--simulate-from", "2026-03-21T21:44:55+09:00"], &[("ONSHI_TRAY_NOTIFICATION_SETTING", "1")]);
    let item = desktop.item(&app);
    desktop.wait_first_line(&app, &item, "次回：3月21日（土）22:00〜23:00・通知がオフです", SECS(5));
    assert_eq!(desktop.icon_state(&item).as_deref(), Some("upcoming+error"), "the badge asks for the administrator");
    desktop.wait_for(&app, "the due notice held back", SECS(15), || {
        app.log_text().contains("not shown (off-for-app): notice lead-15m").then_some(())
    });
    let log = app.log_text();
    assert!(
        log.contains("notifications are off for onshi-tray: turn them on in Settings > System > Notifications"),
        "{log}"
    );
    assert!(!log.contains("shown: notice"), "{log}");
    desktop.click(&item, "テスト通知を送る");
    let answer = desktop.wait_notice(&app, 0, "通知がオフになっています", SECS(5));
    assert!(answer["body"].as_str().unwrap().contains("「設定」→「システム」→「通知」"), "{answer}");
    assert!(desktop.notices().iter().all(|n| n["summary"] != "テスト通知"), "{:#?}", desktop.notices());
    assert_eq!(desktop.notices().len(), 1, "{:#?}", desktop.notices());
}

/// While notifications are off the start of a window still reaches the counter: as a message box (on Linux, where only
/// the test double says notifications are off, the app's one way is a notification), once.
#[test]
fn while_notifications_are_off_the_start_of_a_window_still_gets_through_once() {
    let desktop = Desktop::start(Services::ALL);
    let app =
        desktop.app(&["--simulate-from", "2026-03-21T21:59:57+09:00"], &[("ONSHI_TRAY_NOTIFICATION_SETTING", "1")]);
    let alert = desktop.wait_notice(&app, 0, "【作業中】", SECS(15));
    assert!(alert["body"].as_str().unwrap().contains("このPCでは通知がオフになっているため"), "{alert}");
    let log = app.log_text();
    assert!(log.contains("not shown (off-for-app): notice start"), "{log}");
    assert!(log.contains("message box instead (notifications are off): 【作業中】"), "{log}");
    std::thread::sleep(SECS(3));
    assert_eq!(desktop.notices().len(), 1, "once: {:#?}", desktop.notices());
}

#[test]
fn config_edits_are_picked_up_and_a_broken_edit_keeps_the_last_good_schedule() {
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "idle", SECS(5));

    // A window starting 20 s after the edit (simulated clock ≈ 10:00:0x).
    let good = "[[window]]\nid = \"soon\"\ntitle = \"臨時メンテナンス\"\nstart = 2026-04-01T10:00:25+09:00\nend = 2026-04-01T10:30:00+09:00\n";
    desktop.write_user_config(good);
    desktop.wait_icon(&app, &item, "upcoming", SECS(10));
    let start = desktop.wait_notice(&app, 0, "【作業中】臨時メンテナンス", SECS(40));
    assert_eq!(start["hints"]["urgency"], 2);
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));

    // Now break the file: the in-progress icon stays, with the error badge; one plain notice for the counter; the
    // located error in the menu's item and the log; and the old schedule still runs.
    let count = desktop.notices().len();
    desktop.write_user_config(&format!("{good}\n[notify\n"));
    desktop.wait_icon(&app, &item, "in_progress+error", SECS(10));
    let error = desktop.wait_notice(&app, count, "設定にエラーがあります", SECS(5));
    let body = error["body"].as_str().unwrap();
    assert!(body.contains("前回の正しい設定で続けます") && body.contains("管理者"), "{body}");
    let expected = format!("{}:7:8: invalid TOML", desktop.home.user_config().display());
    assert!(!body.contains(".toml"), "no file names for the counter: {body}");
    assert!(desktop.labels(&item).contains(&"設定エラーを表示".to_string()));
    desktop.click(&item, "設定エラーを表示");
    let listed = desktop.wait_notice(&app, count + 1, "設定エラーを表示", SECS(5));
    assert!(listed["body"].as_str().unwrap().contains(&expected), "{listed}");
    assert!(app.log_text().contains(&expected), "{}", app.log_text());
    assert_eq!(desktop.labels(&item)[0], "作業中（10:30まで）・設定にエラーあり");
    std::thread::sleep(Duration::from_secs(2));
    let errors: Vec<_> = desktop
        .notices()
        .into_iter()
        .filter(|n| n["summary"].as_str().unwrap_or("").contains("エラーがあります"))
        .collect();
    assert_eq!(errors.len(), 1, "the error is notified once: {errors:#?}");
    assert!(app.log_text().contains("keeping the last good schedule"), "{}", app.log_text());

    // Fixing the file clears the error state.
    desktop.write_user_config(good);
    desktop.wait_icon(&app, &item, "in_progress", SECS(10));
}

#[test]
fn a_notification_server_that_starts_late_gets_the_next_notice() {
    let desktop = Desktop::start(Services { notifications: false, watcher: true });
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:40+09:00"], &[]);
    let item = desktop.item(&app);
    // With no server the test notification fails; the app logs it and keeps running.
    desktop.click(&item, "テスト通知を送る");
    desktop.wait_for(&app, "the failure to be logged", SECS(10), || {
        app.log_text().contains("notification not shown").then_some(())
    });
    desktop.client(&["start-notifications"]).expect("start the notification server");
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(30));
    assert_eq!(notice["app_name"], "オン資メンテナンス通知");
    assert!(desktop.icon_state(&item).is_some(), "the tray item is still there");
}

/// A notice due while the notification server is down is not lost: it is tried again (10 s, 20 s, ...) and
/// arrives once a server runs; the log records it as shown only then.
#[test]
fn a_notice_due_while_the_server_is_down_comes_when_it_is_back() {
    let desktop = Desktop::start(Services { notifications: false, watcher: true });
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:57+09:00"], &[]);
    desktop.item(&app);
    desktop.wait_for(&app, "the failed notice", SECS(10), || {
        app.log_text().contains("notification not shown (notice lead-15m").then_some(())
    });
    assert!(app.log_text().contains("will try again at"), "{}", app.log_text());
    assert!(!app.log_text().contains("shown: notice lead-15m"), "{}", app.log_text());
    desktop.client(&["start-notifications"]).expect("start the notification server");
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(40));
    assert_eq!(notice["summary"], "【あと15分】オンライン資格確認等システム改修作業");
    desktop.wait_for(&app, "the log to say shown", SECS(5), || {
        app.log_text().contains("shown: notice lead-15m").then_some(())
    });
    assert_eq!(desktop.notices().len(), 1, "{:#?}", desktop.notices());
}

/// A notification server that hangs holds up nothing: the next notice (here the test notice) comes at once, and
/// the hung one times out after 10 s and is tried again. Before, the one notifier thread waited for the server.
#[test]
fn a_hung_notification_server_does_not_hold_up_the_next_notice() {
    let desktop = Desktop::start(Services::ALL);
    desktop.client(&["hang-next", "60"]).expect("the test bed hangs the next Notify");
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:57+09:00"], &[]);
    let item = desktop.item(&app);
    desktop.wait_for(&app, "the hung notice", SECS(10), || {
        desktop.events().iter().any(|e| e["event"] == "hung").then_some(())
    });
    let clicked = std::time::Instant::now();
    desktop.click(&item, "テスト通知を送る");
    desktop.wait_notice(&app, 0, "テスト通知", SECS(5));
    assert!(clicked.elapsed() < SECS(3), "the test notice waited {:?} for the hung one", clicked.elapsed());
    let notice = desktop.wait_notice(&app, 0, "あと15分", SECS(40));
    assert_eq!(notice["summary"], "【あと15分】オンライン資格確認等システム改修作業");
    assert!(app.log_text().contains("did not answer within 10 s"), "{}", app.log_text());
}

/// A full disk under the log file: said once on stderr and in the tray's status line; the app goes on (its notice
/// comes). Before, the log was left empty and nothing said so.
#[test]
fn a_log_file_that_cannot_be_written_is_said_once_and_the_app_goes_on() {
    let desktop = Desktop::start(Services::ALL);
    let data = desktop.home.path("data/onshi-tray").display().to_string();
    let full = format!(
        "mount -t tmpfs -o size=64k tmpfs {data} && touch {data}/first-run-done && (dd if=/dev/zero of={data}/fill bs=4k 2>/dev/null || true) && exec \"$@\""
    );
    let app = desktop.app_in(
        &["unshare", "--map-root-user", "--mount", "--", "sh", "-c", &full, "sh"],
        &["--simulate-from", "2026-03-21T21:44:57+09:00"],
        &[],
    );
    let item = desktop.item(&app);
    desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    desktop.wait_first_line(&app, &item, "次回：3月21日（土）22:00〜23:00・ログを書き込めません", SECS(5));
    let stderr = app.log_text();
    assert_eq!(stderr.matches("cannot write the log file").count(), 1, "{stderr}");
    assert!(app.exited().is_none(), "the app goes on");
}

#[test]
fn a_second_instance_exits_and_quit_removes_the_item() {
    let desktop = Desktop::start(Services::ALL);
    // A corrupt notice log is reported, set aside, and the app starts conservatively.
    let log = desktop.home.path("data/onshi-tray/notice-log.json");
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(&log, "{\"shown\": [garbage").unwrap();
    let first = desktop.app(&[], &[]);
    let item = desktop.item(&first);
    assert!(first.log_text().contains("the notice log is damaged"), "{}", first.log_text());
    assert!(first.log_text().contains("starting conservatively"), "{}", first.log_text());
    assert!(log.with_extension("json.corrupt").exists());
    let second = desktop.app(&[], &[]);
    let status = desktop.wait_for(&second, "the second instance to exit", SECS(10), || second.exited());
    assert!(status.success(), "the second instance exits 0: {status:?}");
    assert!(second.log_text().contains("already running"), "{}", second.log_text());
    let told =
        || desktop.notices().iter().filter(|n| n["body"].as_str().unwrap_or("").contains("既に起動しています")).count();
    desktop.wait_for(&first, "the second start's notice", SECS(5), || (told() == 1).then_some(()));
    // A second login entry (`--autostart`) exits as quietly as it came.
    let quiet = desktop.app(&["--autostart"], &[]);
    let status = desktop.wait_for(&quiet, "the login start to exit", SECS(10), || quiet.exited());
    assert!(status.success(), "{status:?}");
    assert!(quiet.log_text().contains("already running"), "{}", quiet.log_text());
    std::thread::sleep(SECS(1));
    assert_eq!(told(), 1, "no second notice");
    assert!(first.exited().is_none(), "the first instance keeps running");
    assert_eq!(desktop.client(&["items"]).unwrap().as_array().unwrap().len(), 1);

    // 終了 alone stops nothing: it opens a submenu whose one item says what quitting means.
    desktop.click(&item, "終了");
    std::thread::sleep(SECS(1));
    assert!(first.exited().is_none(), "終了 needs its confirmation");
    desktop.click(&item, "終了する（メンテナンスのお知らせが表示されなくなります）");
    let status = desktop.wait_for(&first, "quit to end the process", SECS(10), || first.exited());
    assert!(status.success(), "{status:?}");
    desktop.wait_for(&first, "the item to leave the tray", SECS(5), || {
        desktop.client(&["items"])?.as_array()?.is_empty().then_some(())
    });
    assert!(first.log_text().contains("onshi-tray stopped"));
}

#[test]
fn the_quit_command_stops_the_running_instance_and_waits_for_it() {
    let desktop = Desktop::start(Services::ALL);
    let quit = |expected: &str| {
        let out = desktop.run(&["quit"]);
        assert!(out.status.success(), "{out:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), expected);
    };
    quit("onshi-tray is not running in this session");
    // A request left behind by an earlier `quit` does not stop the next start.
    let request = desktop.home.path("run/onshi-tray/onshi-tray.quit");
    std::fs::write(&request, "stale").unwrap();
    let a_minute_ago = std::time::SystemTime::now() - SECS(60);
    std::fs::File::options().write(true).open(&request).unwrap().set_modified(a_minute_ago).unwrap();
    let app = desktop.app(&[], &[]);
    desktop.item(&app);
    assert!(!request.exists(), "the stale request is cleared at start");
    assert!(app.exited().is_none());

    quit("onshi-tray stopped");
    let status = app.exited().expect("`quit` returns only once the instance has gone");
    assert!(status.success(), "{status:?}");
    assert!(app.log_text().contains("quit from `onshi-tray quit`"), "{}", app.log_text());
    assert!(!request.exists(), "the request is consumed");
    assert!(desktop.client(&["items"]).unwrap().as_array().unwrap().is_empty(), "the item left the tray");
    quit("onshi-tray is not running in this session");
}

/// `onshi-tray quit` right after a start stops the app every time: before, its request could come before the app
/// watched for it (and was then never seen), or its look at the lock made the starting app a "second instance".
#[test]
fn quit_right_after_a_start_stops_the_app_every_time() {
    let desktop = Desktop::start(Services::ALL);
    for round in 0..20 {
        let app = desktop.app(&[], &[]);
        let out = desktop.run(&["quit"]);
        let said = String::from_utf8_lossy(&out.stdout).trim().to_string();
        assert!(out.status.success() && said == "onshi-tray stopped", "round {round}: {out:?}\n{}", app.log_text());
        // The lock goes as the process ends: give the exit a moment to complete.
        let status =
            app.wait_exit(SECS(5)).unwrap_or_else(|| panic!("round {round}: the app still runs\n{}", app.log_text()));
        assert!(status.success(), "round {round}: {status:?}");
    }
}

/// A stop by signal (sign-out, shutdown, `kill`, Ctrl-C) goes through the loop: the tray item leaves, and the log
/// says which signal stopped the app.
#[test]
fn a_signal_stops_the_app_in_order_and_the_log_says_which() {
    let desktop = Desktop::start(Services::ALL);
    for signal in ["TERM", "INT", "HUP", "QUIT"] {
        let app = desktop.app(&[], &[]);
        desktop.item(&app);
        app.signal(signal);
        let status = app.wait_exit(SECS(5)).unwrap_or_else(|| panic!("SIG{signal}: the app still runs"));
        assert!(status.success(), "SIG{signal}: {status:?}");
        let log = app.log_text();
        assert!(log.contains(&format!("onshi-tray stopped (signal SIG{signal})")), "{log}");
        assert!(desktop.client(&["items"]).unwrap().as_array().unwrap().is_empty(), "SIG{signal}: the item left");
    }
}

#[test]
fn a_wall_clock_jump_across_the_start_gives_one_in_progress_notice() {
    let desktop = Desktop::start(Services::ALL);
    let clock = desktop.home.path("faketime");
    std::fs::write(&clock, "@2026-03-21 21:30:00\n").unwrap();
    let app = app_with_faketime(&desktop, &clock, &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    // A fresh start at 21:30 shows the 60-minute notice late, for the present: 30 minutes to go.
    desktop.wait_notice(&app, 0, "あと30分", SECS(10));
    let count = desktop.notices().len();

    // The PC "sleeps" through 21:45 and 22:00: its wall clock jumps, its monotonic clock does not.
    std::fs::write(&clock, "@2026-03-21 22:20:00\n").unwrap();
    let jumped = std::time::Instant::now();
    let notice = desktop.wait_notice(&app, count, "作業中", SECS(70));
    assert!(jumped.elapsed() <= SECS(60), "noticed the jump after {:?}", jumped.elapsed());
    // Saturday night is outside the default reception hours: shown at normal urgency.
    assert_ne!(notice["hints"]["urgency"], 2);
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    std::thread::sleep(Duration::from_secs(2));
    let after: Vec<_> = desktop.notices().into_iter().skip(count).collect();
    assert_eq!(after.len(), 1, "exactly one notice after the jump, none of the skipped ones: {after:#?}");
}

/// Starts the app on the real clock, moved with libfaketime: its wall clock reads what `clock` says (and jumps when
/// the file changes), its monotonic clock is untouched, as after a PC's sleep.
/// A feed on a file share, named 本部 in the machine-wide file; it starts with no windows.
fn file_feed(desktop: &Desktop) -> std::path::PathBuf {
    let feed = desktop.home.path("share/feed.toml");
    std::fs::create_dir_all(feed.parent().unwrap()).unwrap();
    std::fs::write(&feed, "serial = 1\n").unwrap();
    let system = desktop.home.system_config();
    std::fs::create_dir_all(system.parent().unwrap()).unwrap();
    std::fs::write(&system, format!("[[feed]]\nname = \"本部\"\nurl = \"{}\"\n", feed.display())).unwrap();
    feed
}

fn app_with_faketime(desktop: &Desktop, clock: &std::path::Path, args: &[&str]) -> super::App {
    let clock = clock.display().to_string();
    desktop.app(args, &faketime_env(&clock))
}

/// libfaketime's environment: the app's wall clock starts at the instant in the file `clock` and runs on.
fn faketime_env(clock: &str) -> [(&'static str, &str); 5] {
    let faketime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";
    assert!(std::path::Path::new(faketime).exists(), "libfaketime is missing: {}", super::INSTALL);
    [
        ("LD_PRELOAD", faketime),
        ("FAKETIME_TIMESTAMP_FILE", clock),
        ("FAKETIME_NO_CACHE", "1"),
        ("FAKETIME_DONT_FAKE_MONOTONIC", "1"),
        ("TZ", "Asia/Tokyo"),
    ]
}

#[test]
fn a_restart_does_not_repeat_a_notice_already_shown() {
    let desktop = Desktop::start(Services::ALL);
    let clock = desktop.home.path("faketime");
    // Each start of the app begins its clock at this instant, so the restart crosses 21:45 a second time.
    std::fs::write(&clock, "@2026-03-21 21:44:57\n").unwrap();
    let app = app_with_faketime(&desktop, &clock, &[]);
    let item = desktop.item(&app);
    desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    desktop.click(&item, "終了する（メンテナンスのお知らせが表示されなくなります）");
    desktop.wait_for(&app, "quit", SECS(10), || app.exited());
    assert!(desktop.home.path("data/onshi-tray/notice-log.json").exists(), "the notice log is saved");

    let app = app_with_faketime(&desktop, &clock, &["--debug"]);
    desktop.item(&app);
    // After its wake at 21:45 the app next waits for the start at 22:00, capped at 59 s.
    desktop.wait_for(&app, "the restarted app to pass 21:45", SECS(15), || {
        app.log_text().contains("next wake at 2026-03-21T21:45:59+09:00").then_some(())
    });
    std::thread::sleep(SECS(6));
    assert_eq!(desktop.notices().len(), 1, "no repeat after the restart: {:#?}", desktop.notices());
}

#[test]
fn without_a_tray_host_notifications_still_work() {
    let desktop = Desktop::start(Services { notifications: true, watcher: false });
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:44:55+09:00"], &[]);
    desktop.wait_notice(&app, 0, "あと15分", SECS(20));
    let log = app.log_text();
    assert_eq!(log.matches("no StatusNotifier tray host").count(), 1, "said once: {log}");
    assert!(log.contains("gnome-shell-extension-appindicator") && log.contains("snixembed"), "names the fix: {log}");
    assert!(app.exited().is_none(), "still running");
}

#[test]
fn a_tray_host_that_starts_late_gets_the_icon() {
    let desktop = Desktop::start(Services { notifications: true, watcher: false });
    desktop.write_user_config(DAY_AND_NIGHT);
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:59:50+09:00"], &[]);
    desktop.wait_for(&app, "the app to say there is no tray host", SECS(10), || {
        app.log_text().contains("no StatusNotifier tray host").then_some(())
    });
    // The desktop's panel starts now (as a shell restarted, or an extension turned on): the icon is there, in the
    // state of the moment, with the menu working.
    desktop.client(&["start-watcher"]).expect("start the watcher");
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    desktop.wait_notice(&app, 0, "作業中", SECS(20));
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    desktop.wait_first_line(&app, &item, "作業中（23:00まで）", SECS(5));
    let before = desktop.notices().len();
    desktop.click(&item, "テスト通知を送る");
    desktop.wait_notice(&app, before, "テスト通知", SECS(5));
    let log = app.log_text();
    assert!(log.contains("a StatusNotifier tray host appeared"), "{log}");
    assert_eq!(log.matches("no StatusNotifier tray host").count(), 1, "{log}");
}

#[test]
fn the_tooltip_and_the_title_say_the_state_and_follow_it() {
    let desktop = Desktop::start(Services::ALL);
    // A title with underscores: dbusmenu reads `_` as an access-key mark, so the menu must show them as written.
    desktop.write_user_config(&format!(
        "{DAY_AND_NIGHT}[[window]]\nid = \"apr\"\ntitle = \"ORCA_v5 連携\"\nstart = 2026-04-18T22:00:00\nend = 2026-04-18T23:00:00\n"
    ));
    let app = desktop.app(&["--simulate-from", "2026-03-21T21:59:55+09:00"], &[]);
    let item = desktop.item(&app);
    let labels = desktop.labels(&item);
    assert!(labels.iter().any(|l| l.ends_with("ORCA_v5 連携")), "{labels:?}");
    let tooltip = |props: &serde_json::Value| {
        // (icon name, icon pixmaps, title, description)
        let t = &props["ToolTip"];
        (t[2].as_str().unwrap_or("").to_string(), t[3].as_str().unwrap_or("").to_string())
    };
    let props = desktop.props(&item);
    assert_eq!(props["Id"], "onshi-tray");
    assert_eq!(props["Title"], "オン資メンテナンス通知: 次回：3月21日（土）22:00〜23:00", "{props}");
    assert_eq!(
        tooltip(&props),
        ("オン資メンテナンス通知".to_string(), "次回：3月21日（土）22:00〜23:00".to_string()),
        "{props}"
    );
    assert_eq!(props["ItemIsMenu"], true, "a click opens the menu: {props}");
    // The icon at the sizes panels draw it at, so a small panel gets a frame drawn for its size.
    let pixmap = desktop.client(&["pixmap", &item]).unwrap();
    assert_eq!(pixmap["sizes"], serde_json::json!([16, 22, 24, 32, 48, 64]), "{pixmap}");
    let signals =
        |member: &str| desktop.events().iter().filter(|e| e["event"] == "item_signal" && e["member"] == member).count();
    let tooltips_before = signals("NewToolTip");
    desktop.wait_notice(&app, 0, "作業中", SECS(15));
    let props = desktop.wait_for(&app, "the tooltip to follow the state", SECS(5), || {
        let props = desktop.props(&item);
        (tooltip(&props).1 == "作業中（23:00まで）").then_some(props)
    });
    assert_eq!(props["Title"], "オン資メンテナンス通知: 作業中（23:00まで）", "{props}");
    // Hosts hear of it: one NewToolTip and one NewTitle for the one change (the start), not one per wake.
    std::thread::sleep(SECS(3));
    assert_eq!(signals("NewToolTip") - tooltips_before, 1, "{:#?}", desktop.events());
}

/// The guard against a runtime's idle thread that wakes twice a second (as `blocking` 1.7's pool thread does under
/// tray-icon's ksni backend): every thread of the idle app, over a minute, by its voluntary context switches.
#[test]
fn no_thread_of_the_idle_app_wakes_more_than_twice_a_minute() {
    fn switches(pid: u32) -> std::collections::BTreeMap<String, u64> {
        let mut out = std::collections::BTreeMap::new();
        for task in std::fs::read_dir(format!("/proc/{pid}/task")).into_iter().flatten().flatten() {
            let status = std::fs::read_to_string(task.path().join("status")).unwrap_or_default();
            let field = |name: &str| {
                status.lines().find_map(|l| l.strip_prefix(name)).map(|v| v.trim().to_string()).unwrap_or_default()
            };
            let key = format!("{} {}", task.file_name().to_string_lossy(), field("Name:"));
            out.insert(key, field("voluntary_ctxt_switches:").parse().unwrap_or(0));
        }
        out
    }
    let _no_clock_step = CLOCK_STEP.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let desktop = Desktop::start(Services::ALL);
    // With a feed, so that the feed thread is there and waiting for its next fetch too, and a report folder (the
    // report's writer waits for the next change or heartbeat).
    file_feed(&desktop);
    let reports = desktop.home.path("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let system = desktop.home.system_config();
    let text = std::fs::read_to_string(&system).unwrap();
    std::fs::write(&system, format!("{text}[report]\ndir = '{}'\n", reports.display())).unwrap();
    let app = desktop.app(&[], &[]);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "idle", SECS(5));
    desktop.wait_for(&app, "the first report", SECS(10), || std::fs::read_dir(&reports).ok()?.next().map(|_| ()));
    // Past the start-up (the first notices' threads, the D-Bus connections' first exchanges).
    std::thread::sleep(SECS(5));
    let pid = app.pid();
    let signals = || desktop.events().iter().filter(|e| e["event"] == "item_signal").count();
    let (before, signals_before) = (switches(pid), signals());
    std::thread::sleep(SECS(60));
    let (after, signals_after) = (switches(pid), signals());
    // Nothing changed, so nothing reached the tray host (each NewToolTip or LayoutUpdated wakes the host and the bus).
    assert_eq!(signals_after, signals_before, "{:#?}", desktop.events());
    assert!(app.exited().is_none());
    let woken: Vec<(String, u64)> =
        after.iter().map(|(thread, &n)| (thread.clone(), n - before.get(thread).copied().unwrap_or(0))).collect();
    eprintln!("wake-ups per thread over 60 s: {woken:?}");
    assert!(woken.iter().any(|(thread, _)| thread.ends_with(" feeds")), "{woken:?}");
    assert!(woken.iter().any(|(thread, _)| thread.ends_with(" report")), "{woken:?}");
    assert!(woken.len() >= 4, "the event loop, the tray's thread, the feed and report threads: {woken:?}");
    for (thread, n) in &woken {
        assert!(*n <= 2, "thread {thread} woke {n} times in a minute: {woken:?}");
    }
}

#[test]
fn on_linux_the_app_needs_the_session_bus_and_no_display_server() {
    // The event loop on Linux is a channel: no X11 or Wayland connection, none of their libraries in the process.
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app_in(
        &["env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"],
        &["--simulate-from", "2026-03-21T21:44:55+09:00"],
        &[],
    );
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    let maps = std::fs::read_to_string(format!("/proc/{}/maps", app.pid())).unwrap();
    for library in ["libX11", "libxcb", "libxkbcommon", "libwayland"] {
        assert!(!maps.contains(library), "{library} is loaded:\n{maps}");
    }
    assert!(app.exited().is_none());
}

#[test]
fn a_notice_held_back_by_a_full_screen_program_comes_again_once_the_screen_is_free() {
    // The shell reads Windows' SHQueryUserNotificationState before each wake; its test double is a file holding the
    // value. 2 = busy: a full-screen レセコン, with Do Not Disturb turned on by Windows.
    let desktop = Desktop::start(Services::ALL);
    let state = desktop.home.path("user-state");
    std::fs::write(&state, "2").unwrap();
    let state_text = state.display().to_string();
    let app = desktop
        .app(&["--simulate-from", "2026-03-21T21:44:55+09:00"], &[("ONSHI_TRAY_USER_STATE_FILE", state_text.as_str())]);
    let held = desktop.wait_notice(&app, 0, "あと15分", SECS(15));
    desktop.wait_for(&app, "the held-back line", SECS(5), || {
        app.log_text().contains("held back (full-screen program or do not disturb): notice lead-15m").then_some(())
    });
    std::thread::sleep(SECS(3));
    assert_eq!(desktop.notices().len(), 1, "nothing more while held: {:#?}", desktop.notices());
    // The program closes (5 = accepts notifications): the notice comes again within the 10 s re-check, replacing the
    // one that waited, and presented for this moment.
    std::fs::write(&state, "5").unwrap();
    let again = desktop.wait_notice(&app, 1, "あと", SECS(15));
    assert_eq!(again["replaces_id"], held["id"], "{:#?}", desktop.events());
    let log = app.log_text();
    assert!(log.contains("notices are seen again (was: full-screen program or do not disturb)"), "{log}");
    assert!(log.contains("shown again after being held back: notice lead-15m"), "{log}");
    std::thread::sleep(SECS(3));
    assert_eq!(desktop.notices().len(), 2, "once: {:#?}", desktop.notices());
}

#[test]
fn a_windows_notices_replace_each_other_and_nothing_red_stays_after_the_end() {
    let desktop = Desktop::start(Services::ALL);
    // Two overlapping windows: A ends while B is in progress (no end notice for A: its in-progress notice is closed),
    // B's end notice replaces B's in-progress notice.
    desktop.write_user_config(&format!(
        "{DAY_AND_NIGHT}[notify]\nlead_minutes = [1]\n\
         [[window]]\nid = \"a\"\ntitle = \"作業A\"\nstart = 2026-06-02T10:00:02\nend = 2026-06-02T10:00:06\n\
         [[window]]\nid = \"b\"\ntitle = \"作業B\"\nstart = 2026-06-02T10:00:03\nend = 2026-06-02T10:00:10\n"
    ));
    let app = desktop.app(&["--simulate-from", "2026-06-02T10:00:00+09:00"], &[]);
    // The one-minute notices, 58 and 57 seconds old at the start, still count as on time.
    let lead_a = desktop.wait_notice(&app, 0, "【あと1分】作業A", SECS(10));
    let lead_b = desktop.wait_notice(&app, 0, "【あと1分】作業B", SECS(10));
    assert_eq!((&lead_a["replaces_id"], &lead_b["replaces_id"]), (&0.into(), &0.into()), "{:#?}", desktop.events());
    assert_ne!(lead_a["id"], lead_b["id"]);
    let start_a = desktop.wait_notice(&app, 0, "【作業中】作業A", SECS(10));
    let start_b = desktop.wait_notice(&app, 0, "【作業中】作業B", SECS(10));
    assert_eq!((&start_a["hints"]["urgency"], &start_b["hints"]["urgency"]), (&2.into(), &2.into()));
    // A window's second notice replaces its first, on screen and in the server's list.
    assert_eq!(start_a["replaces_id"], lead_a["id"], "{:#?}", desktop.events());
    assert_eq!(start_b["replaces_id"], lead_b["id"], "{:#?}", desktop.events());
    let closed = desktop.wait_for(&app, "A's in-progress notice to be closed", SECS(10), || {
        desktop.events().into_iter().find(|e| e["event"] == "close")
    });
    assert_eq!(closed["id"], start_a["id"], "{:#?}", desktop.events());
    let end_b = desktop.wait_notice(&app, 0, "【終了】作業B", SECS(15));
    assert_eq!(end_b["replaces_id"], start_b["id"], "B's end notice replaces its in-progress notice: {end_b}");
    assert_ne!(end_b["hints"]["urgency"], 2);
    assert_eq!(desktop.notices().len(), 5, "{:#?}", desktop.notices());
}

#[test]
fn acknowledging_a_heads_up_stops_the_lead_notices_of_that_window() {
    let desktop = Desktop::start(Services::ALL);
    // Reception opens at 9:00 on this Tuesday; the window starts a little over two hours later, so its heads-up
    // comes at 9:00:00 and its 120-minute notice at 9:00:15.
    desktop.write_user_config(
        "[notify]\nlead_minutes = [120, 15]\n\
         [[window]]\nid = \"w\"\ntitle = \"午前の作業\"\nstart = 2026-06-02T11:00:15\nend = 2026-06-02T11:30:00\n",
    );
    let app = desktop.app(&["--simulate-from", "2026-06-02T08:59:58+09:00"], &[]);
    let item = desktop.item(&app);
    let heads_up = desktop.wait_notice(&app, 0, "【本日 11:00から】午前の作業", SECS(10));
    let actions = heads_up["actions"].as_array().unwrap();
    // The button says what it leaves: the last lead notice (15 minutes) always comes.
    for (key, label) in [("acknowledge", "確認しました（次は10:45）"), ("snooze", "10分後に再通知")] {
        let at = actions.iter().position(|a| a == key).unwrap_or_else(|| panic!("no {key} button: {heads_up}"));
        assert_eq!(actions[at + 1], label);
    }
    assert!(desktop.labels(&item).contains(&"確認しました（次のお知らせは10:45）".to_string()));
    let id = heads_up["id"].as_u64().unwrap().to_string();
    desktop.client(&["invoke", &id, "acknowledge"]);
    desktop.wait_for(&app, "the acknowledgement", SECS(5), || app.log_text().contains("acknowledged w").then_some(()));
    // The menu says it was acknowledged, with an undo; the 120-minute notice (due 15 s after the start) never comes.
    let acknowledged = "確認済み・取り消す（次のお知らせは10:45）";
    desktop.wait_for(&app, "the menu's 確認済み", SECS(5), || {
        desktop.labels(&item).contains(&acknowledged.to_string()).then_some(())
    });
    assert!(!desktop.labels(&item).iter().any(|l| l.starts_with("確認しました")), "{:?}", desktop.labels(&item));
    std::thread::sleep(Duration::from_secs(20));
    assert_eq!(desktop.notices().len(), 1, "{:#?}", desktop.notices());
    assert!(app.log_text().contains("next notice: lead-15m w at 2026-06-02T10:45:15+09:00"), "{}", app.log_text());
    // Taken back: the 120-minute notice it rested comes after all, and 確認しました is offered again.
    desktop.click(&item, acknowledged);
    desktop.wait_notice(&app, 1, "あと2時間", SECS(5));
    desktop.wait_for(&app, "確認しました again", SECS(5), || {
        desktop.labels(&item).iter().any(|l| l.starts_with("確認しました（次のお知らせは")).then_some(())
    });
}

/// Exactly once, whatever happens to the notice log. The 15-minute notice is shown at 21:45; then the log is
/// damaged, replaced, made unreadable or deleted, and the app restarts at 21:47: it starts conservatively and does
/// not show the notice again. Or the log cannot be written while the notice is shown (a read-only or full data
/// folder): it is saved in a fallback place, and a restart that crosses 21:45 again does not repeat it. One test per
/// case, so that they run side by side.
fn notice_log_case(case: &str, fault_before: Option<&str>, damage: &dyn Fn(&std::path::Path)) -> (String, String) {
    let desktop = Desktop::start(Services::ALL);
    let clock = desktop.home.path("faketime");
    let data = desktop.home.path("data/onshi-tray");
    let log = data.join("notice-log.json");
    std::fs::write(&clock, "@2026-03-21 21:44:57\n").unwrap();
    let wrapper: Vec<String> = match fault_before {
        None => Vec::new(),
        Some(script) => [
            "unshare",
            "--map-root-user",
            "--mount",
            "--",
            "sh",
            "-c",
            &script.replace("DATA", &data.display().to_string()),
            "sh",
        ]
        .map(String::from)
        .to_vec(),
    };
    let wrapper: Vec<&str> = wrapper.iter().map(String::as_str).collect();
    let clock_text = clock.display().to_string();
    let env = faketime_env(&clock_text);
    let first = desktop.app_in(&wrapper, &[], &env);
    desktop.item(&first);
    desktop.wait_notice(&first, 0, "あと15分", SECS(15));
    if fault_before.is_none() {
        // The app saves its log after it sent the notice, and again when the server has answered with the notice's
        // id (kept to close it later): damaged before the second save, the damage would be written over.
        desktop.wait_for(&first, "the notice log to be saved with the notice's id", SECS(5), || {
            let text = std::fs::read_to_string(&log).ok()?;
            let saved: serde_json::Value = serde_json::from_str(&text).ok()?;
            saved["on_screen"]["2026-03-21-kaishu"].is_number().then_some(())
        });
    }
    damage(&log);
    // The PC loses power (a quit would save the log it holds, which mends the damage: the log keeps the ids of the
    // notices on screen, so that the next start can close them).
    first.signal("KILL");
    first.wait_exit(SECS(5)).unwrap_or_else(|| panic!("{case}: the first app still runs"));
    if fault_before.is_none() {
        std::fs::write(&clock, "@2026-03-21 21:47:00\n").unwrap();
    }
    let second = app_with_faketime(&desktop, &clock, &["--debug"]);
    desktop.item(&second);
    // Its wake at 21:45 (or at 21:47) has decided: the next is the minute's safety net. A notice it sent would be
    // with the server a moment later.
    desktop.wait_for(&second, "the restarted app to pass 21:45", SECS(15), || {
        let log = second.log_text();
        (log.contains("next wake at 2026-03-21T21:45:59") || log.contains("next wake at 2026-03-21T21:47:59"))
            .then_some(())
    });
    std::thread::sleep(SECS(1));
    assert_eq!(desktop.notices().len(), 1, "{case}: repeated\n{}\n{}", first.log_text(), second.log_text());
    (first.log_text(), second.log_text())
}

const CONSERVATIVE: &str = "starting conservatively: no notice due before 2026-03-21T21:46";

fn damaged_log_case(case: &str, damage: &dyn Fn(&std::path::Path)) {
    let (_, second) = notice_log_case(case, None, damage);
    assert!(second.contains(CONSERVATIVE), "{case}: {second}");
}

fn unwritable_log_case(case: &str, fault: &str) {
    let (first, _) = notice_log_case(case, Some(fault), &|_| {});
    assert!(first.contains("cannot save the notice log") && first.contains("instead"), "{case}: {first}");
}

#[test]
fn no_notice_is_repeated_after_the_notice_log_was_truncated() {
    damaged_log_case("truncated", &|log| {
        let text = std::fs::read(log).unwrap();
        std::fs::write(log, &text[..text.len() / 2]).unwrap();
    });
}

#[test]
fn no_notice_is_repeated_after_the_notice_log_became_binary() {
    damaged_log_case("binary", &|log| std::fs::write(log, (0..=255u8).collect::<Vec<_>>()).unwrap());
}

#[test]
fn no_notice_is_repeated_after_the_notice_log_got_wrong_types() {
    damaged_log_case("wrong types", &|log| std::fs::write(log, "{\"windows\": 5}").unwrap());
}

#[test]
fn no_notice_is_repeated_with_a_directory_in_the_notice_logs_place() {
    damaged_log_case("a directory in its place", &|log| {
        std::fs::remove_file(log).unwrap();
        std::fs::create_dir(log).unwrap();
    });
}

#[test]
fn no_notice_is_repeated_when_the_notice_log_is_unreadable() {
    damaged_log_case("unreadable", &|log| {
        std::fs::remove_file(log).unwrap();
        std::os::unix::fs::symlink(log, log).unwrap();
    });
}

#[test]
fn no_notice_is_repeated_after_the_notice_log_was_deleted_while_running() {
    damaged_log_case("deleted while running", &|log| std::fs::remove_file(log).unwrap());
}

#[test]
fn no_notice_is_repeated_with_a_read_only_data_folder() {
    unwritable_log_case(
        "read-only data folder",
        "mount --bind DATA DATA && mount -o remount,bind,ro DATA && exec \"$@\"",
    );
}

#[test]
fn no_notice_is_repeated_with_a_full_data_disk() {
    unwritable_log_case(
        "full disk",
        "mount -t tmpfs -o size=64k tmpfs DATA && touch DATA/first-run-done && (dd if=/dev/zero of=DATA/fill bs=4k 2>/dev/null || true) && exec \"$@\"",
    );
}

/// The picture the app drew for a notice's state (`image-path`), compared with the core's drawing.
fn assert_picture(notice: &serde_json::Value, look: onshi_tray_core::icon::Look) {
    use onshi_tray_core::icon;
    let path = notice["hints"]["image-path"].as_str().unwrap_or_else(|| panic!("no image-path: {notice}"));
    assert_eq!(notice["icon"], path, "the app icon is the state's picture too: {notice}");
    let drawn = icon::png(&icon::draw(look, 64, false), 64);
    assert_eq!(std::fs::read(path).ok(), Some(drawn), "{path} is not the {look:?} picture");
}

/// The heads-up and the after-notice stay until someone acts on them (no time-out, `resident`), a click opens the
/// guidance page (the `default` action, labelled once), each shows its state's picture; after the window the tray
/// says it took place (icon, first line, 確認しました) until 確認しました, which also takes the notice away.
#[test]
fn the_heads_up_and_the_after_notice_wait_for_the_person() {
    use onshi_tray_core::icon::Look;
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app(&["--simulate-from", "2026-03-21T08:59:57+09:00"], &[]);
    let heads_up = desktop.wait_notice(&app, 0, "から】", SECS(10));
    assert_eq!(heads_up["timeout"], 0, "the heads-up never expires: {heads_up}");
    assert_eq!(heads_up["hints"]["resident"], true, "{heads_up}");
    let actions: Vec<&str> = heads_up["actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(
        actions,
        ["default", "対応の手順を見る", "acknowledge", "確認しました（次は21:45）", "snooze", "10分後に再通知"]
    );
    assert_picture(&heads_up, Look::Upcoming);
    drop(app);

    let count = desktop.notices().len();
    let app = desktop.app(&["--simulate-from", "2026-03-23T08:59:57+09:00"], &[]);
    let item = desktop.item(&app);
    // Monday before the opening: the weekend's work is said at once, before any notice.
    desktop.wait_icon(&app, &item, "after", SECS(5));
    let line = "前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください";
    desktop.wait_first_line(&app, &item, line, SECS(5));
    assert_eq!(desktop.labels(&item)[1], "確認しました（前回の作業のお知らせを消す）");
    let after = desktop.wait_notice(&app, count, "作業終了", SECS(10));
    assert_eq!(after["timeout"], 0, "the after-notice never expires: {after}");
    assert_eq!(after["hints"]["resident"], true, "{after}");
    let actions: Vec<&str> = after["actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(actions, ["default", "対応の手順を見る", "acknowledge", "確認しました", "portal", "ポータルの記事"]);
    assert_picture(&after, Look::After);
    // A click on the notice opens the page about the weekend's work, in the past tense.
    let id = after["id"].to_string();
    desktop.client(&["invoke", &id, "default"]);
    let page = desktop.wait_for(&app, "the guidance page", SECS(5), || desktop.opened().last().cloned());
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("終了しました") && html.contains("ログアウトされていたら、もう一度ログインしてください。"));
    assert!(!html.contains("ただいまシステムの作業のため"), "{html}");
    // 確認しました in the menu: the notice goes, and the tray no longer says it.
    desktop.click(&item, "確認しました（前回の作業のお知らせを消す）");
    desktop.wait_for(&app, "the after-notice to close", SECS(5), || {
        desktop.events().iter().any(|e| e["event"] == "close" && e["id"] == after["id"]).then_some(())
    });
    desktop.wait_icon(&app, &item, "idle", SECS(5));
    // No feed and no window to come: the tray says the schedule has no source.
    desktop.wait_first_line(&app, &item, "予定なし・予定の取得元が未設定", SECS(5));
}

/// A 作業中 notice stays while staff are there; quitting (the menu, or SIGTERM at sign-out) closes it, and after a
/// crash the next instance's notice replaces it (`replaces_id`): no orphaned red notice with dead buttons.
#[test]
fn a_quit_a_signal_or_a_crash_leaves_no_notice_of_its_own() {
    for how in ["menu", "TERM", "crash"] {
        let desktop = Desktop::start(Services::ALL);
        desktop.write_user_config(DAY_AND_NIGHT);
        let clock = desktop.home.path("faketime");
        std::fs::write(&clock, "@2026-03-21 21:59:57\n").unwrap();
        let app = app_with_faketime(&desktop, &clock, &[]);
        let item = desktop.item(&app);
        let start = desktop.wait_notice(&app, 0, "作業中", SECS(15));
        assert_eq!(start["timeout"], 0, "{how}: staff are there, it stays: {start}");
        assert_picture(&start, onshi_tray_core::icon::Look::InProgress);
        let closed = || desktop.events().iter().any(|e| e["event"] == "close" && e["id"] == start["id"]);
        match how {
            "menu" => desktop.click(&item, "終了する（メンテナンスのお知らせが表示されなくなります）"),
            "TERM" => app.signal("TERM"),
            _ => {
                // The log records the notice on screen before anything else can happen to the app.
                desktop.wait_for(&app, "the id in the notice log", SECS(5), || {
                    let log = std::fs::read_to_string(desktop.home.path("data/onshi-tray/notice-log.json")).ok()?;
                    log.contains("on_screen").then_some(())
                });
                drop(app);
                std::fs::write(&clock, "@2026-03-21 22:59:57\n").unwrap();
                let app = app_with_faketime(&desktop, &clock, &[]);
                let end = desktop.wait_notice(&app, 1, "終了", SECS(15));
                assert_eq!(end["replaces_id"], start["id"], "the end notice replaces the old instance's: {end}");
                assert!(!closed());
                continue;
            }
        }
        desktop.wait_for(&app, "the app to stop", SECS(10), || app.exited());
        assert!(closed(), "{how}: the 作業中 notice was not closed: {:#?}", desktop.events());
    }
}

/// A machine-wide file broken between two starts (a bad edit, a share gone bad): the app starts with the settings
/// it last knew to be good (its copy of the file), says so, and `check` says so too; without a copy the notice
/// does not promise the last good settings.
#[test]
fn a_broken_machine_wide_file_at_start_runs_on_its_last_good_copy() {
    let desktop = Desktop::start(Services::ALL);
    let system = desktop.home.system_config();
    std::fs::create_dir_all(system.parent().unwrap()).unwrap();
    let good = "[[window]]\nid = \"w\"\ntitle = \"月例作業\"\nstart = 2026-04-04T22:00:00\nend = 2026-04-04T23:00:00\n";
    std::fs::write(&system, good).unwrap();
    let window_line = "  4月4日（土）22:00〜23:00 月例作業";
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    assert!(desktop.labels(&item).contains(&window_line.to_string()), "{:?}", desktop.labels(&item));
    let copy = desktop.home.path("data/onshi-tray/last-good-system.toml");
    desktop.wait_for(&app, "the copy of the good file", SECS(5), || {
        std::fs::read_to_string(&copy).ok().filter(|c| c == good)
    });
    drop(app);

    // The date is mistyped: on its own the file would lose its window.
    std::fs::write(&system, good.replace("2026-04-04T22:00:00", "2026-04-4T22:00")).unwrap();
    let count = desktop.notices().len();
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    let notice = desktop.wait_notice(&app, count, "設定にエラーがあります", SECS(5));
    assert!(notice["body"].as_str().unwrap().starts_with("お知らせは前回の正しい設定で続けます。"), "{notice}");
    assert!(desktop.labels(&item).contains(&window_line.to_string()), "the window stays: {:?}", desktop.labels(&item));
    assert!(app.log_text().contains("the settings in force are its last good copy"), "{}", app.log_text());
    let check = desktop.run(&["check"]);
    let out = String::from_utf8_lossy(&check.stdout);
    assert!(out.contains("has errors (the app uses its last good copy)"), "{out}");
    assert!(!check.status.success(), "the error is still an error: {check:?}");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), good, "a broken file never replaces the good copy");
    drop(app);

    // Without a copy, the notice says what is really in force.
    std::fs::remove_file(&copy).unwrap();
    let count = desktop.notices().len();
    let app = desktop.app(&["--simulate-from", "2026-04-01T10:00:00+09:00"], &[]);
    let notice = desktop.wait_notice(&app, count, "設定にエラーがあります", SECS(5));
    let body = notice["body"].as_str().unwrap();
    assert!(!body.contains("前回の正しい設定") && body.contains("組み込みの設定"), "{notice}");
    assert!(app.log_text().contains("there is no good copy of it"), "{}", app.log_text());
}

/// A private system bus with a stand-in logind, for the wake tests; dropped with the test.
struct SystemBus {
    address: String,
    logind: std::process::Child,
    _bus: super::Guard,
}

impl SystemBus {
    fn start(desktop: &Desktop) -> SystemBus {
        use std::io::{BufRead, BufReader};
        let dir = desktop.home.path("system-bus");
        std::fs::create_dir_all(&dir).unwrap();
        let (bus, address) = super::start_bus(&desktop.home.path("system-bus.conf"), "system", &dir);
        let mut logind = std::process::Command::new(super::PYTHON)
            .arg(super::testbed_script())
            .args(["logind", &address])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3-dbus (scripts/setup.sh test)");
        let mut line = String::new();
        BufReader::new(logind.stdout.as_mut().unwrap()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "ready", "the stand-in logind did not start");
        SystemBus { address, logind, _bus: bus }
    }

    /// Emits PrepareForSleep(true) for "sleep", (false) for "wake".
    fn say(&mut self, what: &str) {
        use std::io::{BufRead, BufReader, Read, Write};
        writeln!(self.logind.stdin.as_mut().unwrap(), "{what}").unwrap();
        let mut line = String::new();
        BufReader::new(self.logind.stdout.as_mut().unwrap().by_ref()).read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "sent");
    }
}

impl Drop for SystemBus {
    fn drop(&mut self) {
        let _ = self.logind.kill();
        let _ = self.logind.wait();
    }
}

/// The PC sleeps across a window's start: logind says it goes to sleep, the wall clock moves (libfaketime), logind
/// says it woke. The in-progress notice arrives within 2 s of the wake, once, not at the next minute's re-check.
#[test]
fn after_a_wake_from_sleep_the_due_notice_comes_within_two_seconds() {
    let desktop = Desktop::start(Services::ALL);
    let mut system = SystemBus::start(&desktop);
    let clock = desktop.home.path("faketime");
    std::fs::write(&clock, "@2026-03-21 21:58:00\n").unwrap();
    let clock_path = clock.display().to_string();
    let mut env = faketime_env(&clock_path).to_vec();
    env.push(("DBUS_SYSTEM_BUS_ADDRESS", &system.address));
    let app = desktop.app(&[], &env);
    let item = desktop.item(&app);
    desktop.wait_icon(&app, &item, "upcoming", SECS(5));
    desktop.wait_notice(&app, 0, "あと2分", SECS(10));
    desktop.wait_for(&app, "the wake watch", SECS(5), || {
        (!app.log_text().contains("no wake signal from logind")).then_some(())
    });
    std::thread::sleep(SECS(1));
    let count = desktop.notices().len();

    system.say("sleep");
    desktop.wait_for(&app, "the app to hear of the sleep", SECS(5), || {
        app.log_text().contains("the PC is going to sleep").then_some(())
    });
    std::fs::write(&clock, "@2026-03-21 22:05:00\n").unwrap();
    system.say("wake");
    let woke = std::time::Instant::now();
    desktop.wait_notice(&app, count, "作業中", SECS(70));
    assert!(woke.elapsed() <= SECS(2), "the in-progress notice came {:?} after the wake", woke.elapsed());
    assert!(app.log_text().contains("the PC woke from sleep: reading the clock now"), "{}", app.log_text());
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    std::thread::sleep(SECS(2));
    let after: Vec<_> = desktop.notices().into_iter().skip(count).collect();
    assert_eq!(after.len(), 1, "exactly one notice after the wake: {after:#?}");
}

/// A set clock is seen at once: the wall clock moves (libfaketime) and the kernel's clock is set (to itself: any step
/// of the clock cancels a timerfd armed with `TFD_TIMER_CANCEL_ON_SET`): the in-progress notice within 2 s, once,
/// not at the next minute's re-check.
#[test]
fn after_the_clock_is_set_the_due_notice_comes_within_two_seconds() {
    fn set_clock() {
        let set = std::process::Command::new(super::PYTHON)
            .args([
                "-c",
                "import time; time.clock_settime_ns(time.CLOCK_REALTIME, time.clock_gettime_ns(time.CLOCK_REALTIME))",
            ])
            .output()
            .unwrap();
        assert!(
            set.status.success(),
            "setting the clock needs root (CAP_SYS_TIME): {}",
            String::from_utf8_lossy(&set.stderr)
        );
    }
    let _clock_step = CLOCK_STEP.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let desktop = Desktop::start(Services::ALL);
    let clock = desktop.home.path("faketime");
    std::fs::write(&clock, "@2026-03-21 21:58:00\n").unwrap();
    let app = app_with_faketime(&desktop, &clock, &[]);
    let item = desktop.item(&app);
    desktop.wait_notice(&app, 0, "あと2分", SECS(10));
    std::thread::sleep(SECS(1));
    let count = desktop.notices().len();
    std::fs::write(&clock, "@2026-03-21 22:05:00\n").unwrap();
    set_clock();
    let was_set = std::time::Instant::now();
    desktop.wait_notice(&app, count, "作業中", SECS(70));
    assert!(
        was_set.elapsed() <= SECS(2),
        "the in-progress notice came {:?} after the clock was set",
        was_set.elapsed()
    );
    assert!(app.log_text().contains("the clock was set: reading the clock now"), "{}", app.log_text());
    desktop.wait_icon(&app, &item, "in_progress", SECS(5));
    // (One step only: every app of the machine sees it, and the idle test beside this one counts wake-ups.)
    std::thread::sleep(SECS(1));
    let after: Vec<_> = desktop.notices().into_iter().skip(count).collect();
    assert_eq!(after.len(), 1, "exactly one notice after the clock was set: {after:#?}");
}
