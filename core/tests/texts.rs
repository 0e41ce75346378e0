//! What people read: notices, guidance, the call-center card and the tray's status line, in both languages.
//! Snapshots: review the diff, then `UPDATE_EXPECT=1 cargo test` to accept it.

use expect_test::{expect, Expect};
use onshi_tray_core::config::{parse_instant, parse_str, Config, Language};
use onshi_tray_core::notice::{
    render_notice, status_line, toast_lines, NoticeText, TOAST_BODY_LINES, TOAST_TITLE_LINES,
};
use onshi_tray_core::schedule::{Notice, NoticeKind, Schedule};

fn config(language: Language, extra: &str) -> Config {
    let mut config = Config::builtin();
    let (layer, errors) = parse_str(extra, "test.toml");
    assert!(errors.is_empty(), "{errors:?}");
    config.apply(layer);
    config.language = language;
    config
}

/// Windows shows two lines of a toast's title and four of its body (about 30 full-width characters a line).
fn assert_fits_a_toast(text: &NoticeText) {
    assert!(toast_lines(&text.title) <= TOAST_TITLE_LINES, "title too long for a toast: {}", text.title);
    assert!(toast_lines(&text.body) <= TOAST_BODY_LINES, "body too long for a toast: {}", text.body);
}

/// Every notice of window 0, each rendered at its own instant (or at `late_by` seconds after it), and the
/// after-notice at the facility's next opening; each checked against the toast limits. `label` goes in front of
/// each notice's kind.
fn notices_text(config: &Config, late_by: i64, label: &str) -> String {
    let schedule = Schedule::new(config);
    let mut out = String::new();
    let window = &config.windows[0];
    let after = Notice {
        at: onshi_tray_core::hours::next_open(&config.facility, window.end).unwrap(),
        kind: NoticeKind::After,
        window_idx: 0,
    };
    for notice in schedule.notices(0, 100).into_iter().chain([after]) {
        let text = render_notice(config, &notice, notice.at + chrono::Duration::seconds(late_by));
        assert_fits_a_toast(&text);
        out += &format!("[{label}{}] {}\n{}\n\n", notice.kind.code(), text.title, text.body);
    }
    out
}

fn check_notices(config: &Config, late_by: i64, expect: Expect) {
    expect.assert_eq(&notices_text(config, late_by, ""));
}

#[test]
fn japanese_notices_of_the_seed_window() {
    check_notices(
        &config(Language::Ja, ""),
        0,
        expect![[r#"
            [heads-up] 【本日 22:00から】オンライン資格確認等システム改修作業
            本日 22:00〜23:00に作業があります。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。

            [lead-60m] 【あと1時間】オンライン資格確認等システム改修作業
            3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。

            [lead-15m] 【あと15分】オンライン資格確認等システム改修作業
            3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。

            [start] 【作業中】オンライン資格確認等システム改修作業
            ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。23:00までの予定です。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。

            [end] 【終了】オンライン資格確認等システム改修作業
            3月21日（土）22:00〜23:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。コールセンターはいま受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。

            [after] 【作業終了】オンライン資格確認等システム改修作業
            3月21日（土）22:00〜23:00に作業がありました。ログアウトされている端末は、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        "#]],
    );
}

#[test]
fn english_notices_of_the_seed_window() {
    check_notices(
        &config(Language::En, ""),
        0,
        expect![[r#"
            [heads-up] Today 22:00: Eligibility system upgrade
            Maintenance today 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. Click (or use the tray menu) for the full steps.

            [lead-60m] In 1 h: Eligibility system upgrade
            Sat 21 Mar 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. The call center is closed during the work (opens Mon 23 Mar 8:00). Click (or use the tray menu) for the full steps.

            [lead-15m] In 15 min: Eligibility system upgrade
            Sat 21 Mar 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. The call center is closed during the work (opens Mon 23 Mar 8:00). Click (or use the tray menu) for the full steps.

            [start] In progress: Eligibility system upgrade
            If logged out, wait a moment and log in again. Card not readable? Never charge 100% (10割). Until 23:00. The call center is closed during the work (opens Mon 23 Mar 8:00). Click (or use the tray menu) for the full steps.

            [end] Finished: Eligibility system upgrade
            The work of Sat 21 Mar 22:00–23:00 JST is over. If you were logged out, log in again. The call center is closed now (opens Mon 23 Mar 8:00). Click (or use the tray menu) for the full steps.

            [after] Done: Eligibility system upgrade
            Maintenance ran Sat 21 Mar 22:00–23:00 JST. A PC that was logged out: log in again. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        "#]],
    );
}

#[test]
fn late_notices_describe_the_moment_they_are_shown() {
    // Shown ten minutes late (after sleep): the lead notices count down from the moment they appear.
    let config = config(Language::Ja, "[notify]\nlead_minutes = [60]\n");
    let schedule = Schedule::new(&config);
    let lead = *schedule.notices(0, 10).iter().find(|n| matches!(n.kind, NoticeKind::Lead(_))).unwrap();
    let text = render_notice(&config, &lead, lead.at + chrono::Duration::minutes(10));
    assert_eq!(text.title, "【あと50分】オンライン資格確認等システム改修作業");
    // A lead notice shown after the start says the work is in progress.
    let text = render_notice(&config, &lead, parse_instant("2026-03-21T22:05:00").unwrap());
    assert!(text.title.starts_with("【作業中】"), "{}", text.title);
}

#[test]
fn weekday_window_names_the_open_call_center() {
    let extra = "[[window]]\nid = \"weekday\"\ntitle = \"平日の作業\"\nstart = 2026-03-24T10:00:00\nend = 2026-03-24T11:00:00\n";
    let mut config = config(Language::Ja, extra);
    config.windows.retain(|w| w.id == "weekday");
    check_notices(
        &config,
        0,
        expect![[r#"
            [lead-60m] 【あと1時間】平日の作業
            3月24日（火）10:00〜11:00。ログインしている端末は、一度ログアウトされることがあります。ログアウトされたら、少し待ってから再ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

            [lead-15m] 【あと15分】平日の作業
            3月24日（火）10:00〜11:00。ログインしている端末は、一度ログアウトされることがあります。ログアウトされたら、少し待ってから再ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

            [start] 【作業中】平日の作業
            ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。11:00までの予定です。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

            [during] 【作業中】平日の作業
            ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。11:00までの予定です。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

            [end] 【終了】平日の作業
            3月24日（火）10:00〜11:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

            [after] 【作業終了】平日の作業
            3月24日（火）10:00〜11:00に作業がありました。ログアウトされている端末は、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        "#]],
    );
}

#[test]
fn status_lines() {
    let ja = config(Language::Ja, "");
    let en = config(Language::En, "");
    let lines: Vec<String> = ["2026-03-21T12:00:00", "2026-03-21T22:10:00", "2026-03-21T23:00:00"]
        .iter()
        .flat_map(|at| {
            let now = parse_instant(at).unwrap();
            [status_line(&Schedule::new(&ja), now), status_line(&Schedule::new(&en), now)]
        })
        .collect();
    expect![[r#"
        [
            "次回：3月21日（土）22:00〜23:00",
            "Next: Sat 21 Mar 22:00–23:00",
            "作業中（23:00まで）",
            "In progress (until 23:00)",
            "予定なし",
            "Nothing scheduled",
        ]
    "#]]
    .assert_debug_eq(&lines);
}

#[test]
fn reception_day_texts() {
    // The 32-hour window: heads-up the same morning, the day before and days before; a repeat at a Sunday opening;
    // the end on another day carries its date; the after-notice on Monday morning.
    let extra = "[[window]]\nid = \"myna\"\ntitle = \"マイナポータル 基盤更改\"\nstart = 2025-12-06T22:00:00\nend = 2025-12-08T06:00:00\n";
    let mut out = String::new();
    for language in [Language::Ja, Language::En] {
        let mut config = config(language, extra);
        config.windows.retain(|w| w.id == "myna");
        let notices = [
            (NoticeKind::HeadsUp, "2025-12-06T09:00:00"),
            (NoticeKind::HeadsUp, "2025-12-05T09:00:00"),
            (NoticeKind::HeadsUp, "2025-12-03T09:00:00"),
            (NoticeKind::Start, "2025-12-06T22:00:00"),
            (NoticeKind::During, "2025-12-07T09:00:00"),
            (NoticeKind::After, "2025-12-08T09:00:00"),
        ];
        for (kind, at) in notices {
            let at = parse_instant(at).unwrap();
            let text = render_notice(&config, &Notice { at, kind, window_idx: 0 }, at);
            assert_fits_a_toast(&text);
            out += &format!("[{}] {}\n{}\n\n", kind.code(), text.title, text.body);
        }
    }
    expect![[r#"
        [heads-up] 【本日 22:00から】マイナポータル 基盤更改
        本日 22:00〜12月8日（月）6:00に作業があります。ログインしている端末は、一度ログアウトされることがあります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。

        [heads-up] 【明日 22:00から】マイナポータル 基盤更改
        明日 22:00〜12月8日（月）6:00に作業があります。ログインしている端末は、一度ログアウトされることがあります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。

        [heads-up] 【12月6日（土）22:00から】マイナポータル 基盤更改
        12月6日（土）22:00〜12月8日（月）6:00に作業があります。ログインしている端末は、一度ログアウトされることがあります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。

        [start] 【作業中】マイナポータル 基盤更改
        ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。12月8日（月）6:00までの予定です。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。

        [during] 【作業中】マイナポータル 基盤更改
        ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。本日も作業中です（12月8日（月）6:00まで）。詳しくはクリックかトレイのメニューで。

        [after] 【作業終了】マイナポータル 基盤更改
        12月6日（土）22:00〜12月8日（月）6:00に作業がありました。ログアウトされている端末は、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [heads-up] Today 22:00: マイナポータル 基盤更改
        Maintenance today 22:00–Mon 8 Dec 6:00 JST. A logged-in PC may be logged out once. If logged out, wait a moment and log in again. Click (or use the tray menu) for the full steps.

        [heads-up] Tomorrow 22:00: マイナポータル 基盤更改
        Maintenance tomorrow 22:00–Mon 8 Dec 6:00 JST. A logged-in PC may be logged out once. If logged out, wait a moment and log in again. Click (or use the tray menu) for the full steps.

        [heads-up] Sat 6 Dec 22:00: マイナポータル 基盤更改
        Maintenance Sat 6 Dec 22:00–Mon 8 Dec 6:00 JST. A logged-in PC may be logged out once. If logged out, wait a moment and log in again. Click (or use the tray menu) for the full steps.

        [start] In progress: マイナポータル 基盤更改
        If logged out, wait a moment and log in again. Card not readable? Never charge 100% (10割). Until Mon 8 Dec 6:00. The call center is closed during the work (opens Mon 8 Dec 8:00). Click (or use the tray menu) for the full steps.

        [during] In progress: マイナポータル 基盤更改
        If logged out, wait a moment and log in again. Card not readable? Never charge 100% (10割). Still in progress, until Mon 8 Dec 6:00. Click (or use the tray menu) for the full steps.

        [after] Done: マイナポータル 基盤更改
        Maintenance ran Sat 6 Dec 22:00–Mon 8 Dec 6:00 JST. A PC that was logged out: log in again. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

    "#]].assert_eq(&out);
}

/// Every impact, another system, a window's own guidance, an end that may move and a link, each window's notices in
/// both languages: the texts follow the window's keys, and every notice fits a toast.
#[test]
fn per_window_content() {
    let windows = [
        "id = \"outage\"\ntitle = \"夜間停止\"\ntitle_en = \"Overnight outage\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\nimpact = \"outage\"\nend_may_change = true\nlink_title = \"停止中の確認方法\"\nlink_url = \"https://example.com/outage\"\n",
        "id = \"partial\"\ntitle = \"JPKI メンテナンス\"\nsystem = \"公的個人認証サービス\"\nstart = 2026-03-24T10:00:00\nend = 2026-03-24T11:00:00\nimpact = \"partial\"\neffect = \"一部の患者さんで、マイナ保険証の読み取りができないことがあります。\"\neffect_en = \"Some patients' My Number cards cannot be read.\"\n",
        "id = \"own\"\ntitle = \"電子処方箋管理サービス メンテナンス\"\nsystem = \"電子処方箋管理サービス\"\nstart = 2026-03-24T12:00:00\nend = 2026-03-24T13:00:00\nguidance = \"紙の処方箋で対応してください。\\n作業後に登録し直してください。\"\nguidance_en = \"Issue paper prescriptions.\\nRegister them after the work.\"\n",
    ];
    let mut out = String::new();
    for language in [Language::Ja, Language::En] {
        for window in windows {
            let mut config = config(language, &format!("[[window]]\n{window}"));
            config.windows.retain(|w| w.id != "2026-03-21-kaishu");
            out += &notices_text(&config, 0, &format!("{} ", config.windows[0].id));
        }
    }
    expect![[r#"
        [outage heads-up] 【本日 22:00から】夜間停止
        本日 22:00〜3月25日（水）6:00に作業があります。作業中はオンライン資格確認等システムを使えません。その間の資格確認は、ポータルサイトの記事（KB0011769）の手順で行います。終了時刻は前後することがあります。

        [outage lead-60m] 【あと1時間】夜間停止
        3月24日（火）22:00〜3月25日（水）6:00。作業中はオンライン資格確認等システムを使えません。その間の資格確認は、ポータルサイトの記事（KB0011769）の手順で行います。終了時刻は前後することがあります。詳しくはクリックかトレイのメニューで。

        [outage lead-15m] 【あと15分】夜間停止
        3月24日（火）22:00〜3月25日（水）6:00。作業中はオンライン資格確認等システムを使えません。その間の資格確認は、ポータルサイトの記事（KB0011769）の手順で行います。終了時刻は前後することがあります。詳しくはクリックかトレイのメニューで。

        [outage start] 【作業中】夜間停止
        ログインを繰り返さず、ポータルサイトの記事（KB0011769）の手順で資格確認してください。10割負担にはしません。3月25日（水）6:00までの予定です。終了時刻は前後することがあります。詳しくはクリックかトレイのメニューで。

        [outage end] 【終了】夜間停止
        作業の終了予定時刻（3月25日（水）6:00）を過ぎました。ログアウトされていたら、もう一度ログインしてください。まだ使えない場合は作業が延びています。少し待ってからもう一度お試しください。詳しくはクリックかトレイのメニューで。

        [outage after] 【作業終了】夜間停止
        3月24日（火）22:00〜3月25日（水）6:00に作業がありました。ログアウトされている端末は、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [partial lead-60m] 【あと1時間】公的個人認証サービス JPKI メンテナンス
        3月24日（火）10:00〜11:00。一部の患者さんで、マイナ保険証の読み取りができないことがあります。ほかの機能はふだんどおり使えます。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [partial lead-15m] 【あと15分】公的個人認証サービス JPKI メンテナンス
        3月24日（火）10:00〜11:00。一部の患者さんで、マイナ保険証の読み取りができないことがあります。ほかの機能はふだんどおり使えます。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [partial start] 【作業中】公的個人認証サービス JPKI メンテナンス
        一部の患者さんで、マイナ保険証の読み取りができないことがあります。ほかはふだんどおり使えます。確認できないときも10割負担にはしません。11:00までの予定です。詳しくはクリックかトレイのメニューで。

        [partial during] 【作業中】公的個人認証サービス JPKI メンテナンス
        一部の患者さんで、マイナ保険証の読み取りができないことがあります。ほかはふだんどおり使えます。確認できないときも10割負担にはしません。11:00までの予定です。詳しくはクリックかトレイのメニューで。

        [partial end] 【終了】公的個人認証サービス JPKI メンテナンス
        3月24日（火）10:00〜11:00の作業時間が終わりました。ふだんどおり使えます。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [partial after] 【作業終了】公的個人認証サービス JPKI メンテナンス
        3月24日（火）10:00〜11:00に作業がありました。いまはふだんどおり使えます。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own heads-up] 【本日 12:00から】電子処方箋管理サービス メンテナンス
        本日 12:00〜13:00に作業があります。ログインしている端末は、一度ログアウトされることがあります。紙の処方箋で対応してください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own lead-60m] 【あと1時間】電子処方箋管理サービス メンテナンス
        3月24日（火）12:00〜13:00。ログインしている端末は、一度ログアウトされることがあります。紙の処方箋で対応してください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own lead-15m] 【あと15分】電子処方箋管理サービス メンテナンス
        3月24日（火）12:00〜13:00。ログインしている端末は、一度ログアウトされることがあります。紙の処方箋で対応してください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own start] 【作業中】電子処方箋管理サービス メンテナンス
        紙の処方箋で対応してください。13:00までの予定です。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own during] 【作業中】電子処方箋管理サービス メンテナンス
        紙の処方箋で対応してください。13:00までの予定です。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own end] 【終了】電子処方箋管理サービス メンテナンス
        3月24日（火）12:00〜13:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [own after] 【作業終了】電子処方箋管理サービス メンテナンス
        3月24日（火）12:00〜13:00に作業がありました。ログアウトされている端末は、もう一度ログインしてください。問い合わせはコールセンター（0800-080-4583）へ。詳しくはクリックかトレイのメニューで。

        [outage heads-up] Today 22:00: Overnight outage
        Maintenance today 22:00–Wed 25 Mar 6:00 JST. The eligibility system cannot be used during the work. Meanwhile, check eligibility by the steps of portal article KB0011769. The end may move. Click (or use the tray menu) for the full steps.

        [outage lead-60m] In 1 h: Overnight outage
        Tue 24 Mar 22:00–Wed 25 Mar 6:00 JST. The eligibility system cannot be used during the work. Meanwhile, check eligibility by the steps of portal article KB0011769. The end may move. Click (or use the tray menu) for the full steps.

        [outage lead-15m] In 15 min: Overnight outage
        Tue 24 Mar 22:00–Wed 25 Mar 6:00 JST. The eligibility system cannot be used during the work. Meanwhile, check eligibility by the steps of portal article KB0011769. The end may move. Click (or use the tray menu) for the full steps.

        [outage start] In progress: Overnight outage
        Do not keep retrying: check eligibility by portal article KB0011769. Never charge 100% (10割). Until Wed 25 Mar 6:00. The end may move. Click (or use the tray menu) for the full steps.

        [outage end] Finished: Overnight outage
        The planned end of the work (Wed 25 Mar 6:00 JST) has passed. If you were logged out, log in again. Still unavailable? The work may be running late: wait a little and try again. Click (or use the tray menu) for the full steps.

        [outage after] Done: Overnight outage
        Maintenance ran Tue 24 Mar 22:00–Wed 25 Mar 6:00 JST. A PC that was logged out: log in again. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial lead-60m] In 1 h: 公的個人認証サービス JPKI メンテナンス
        Tue 24 Mar 10:00–11:00 JST. Some patients' My Number cards cannot be read. Everything else works as usual. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial lead-15m] In 15 min: 公的個人認証サービス JPKI メンテナンス
        Tue 24 Mar 10:00–11:00 JST. Some patients' My Number cards cannot be read. Everything else works as usual. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial start] In progress: 公的個人認証サービス JPKI メンテナンス
        Some patients' My Number cards cannot be read. Everything else works as usual. Card not readable? Never charge 100% (10割). Until 11:00. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial during] In progress: 公的個人認証サービス JPKI メンテナンス
        Some patients' My Number cards cannot be read. Everything else works as usual. Card not readable? Never charge 100% (10割). Until 11:00. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial end] Finished: 公的個人認証サービス JPKI メンテナンス
        The work of Tue 24 Mar 10:00–11:00 JST is over. Everything works as usual. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [partial after] Done: 公的個人認証サービス JPKI メンテナンス
        Maintenance ran Tue 24 Mar 10:00–11:00 JST. Everything works as usual now. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own heads-up] Today 12:00: 電子処方箋管理サービス メンテナンス
        Maintenance today 12:00–13:00 JST. A logged-in PC may be logged out once. Issue paper prescriptions. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own lead-60m] In 1 h: 電子処方箋管理サービス メンテナンス
        Tue 24 Mar 12:00–13:00 JST. A logged-in PC may be logged out once. Issue paper prescriptions. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own lead-15m] In 15 min: 電子処方箋管理サービス メンテナンス
        Tue 24 Mar 12:00–13:00 JST. A logged-in PC may be logged out once. Issue paper prescriptions. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own start] In progress: 電子処方箋管理サービス メンテナンス
        Issue paper prescriptions. Until 13:00. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own during] In progress: 電子処方箋管理サービス メンテナンス
        Issue paper prescriptions. Until 13:00. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own end] Finished: 電子処方箋管理サービス メンテナンス
        The work of Tue 24 Mar 12:00–13:00 JST is over. If you were logged out, log in again. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

        [own after] Done: 電子処方箋管理サービス メンテナンス
        Maintenance ran Tue 24 Mar 12:00–13:00 JST. A PC that was logged out: log in again. Call center: 0800-080-4583. Click (or use the tray menu) for the full steps.

    "#]].assert_eq(&out);
}

/// Texts from the config can be long: titles and bodies are cut to fit a toast, never overflow it.
#[test]
fn long_texts_from_the_config_still_fit_a_toast() {
    let long = "とても長い説明".repeat(40);
    let window = format!(
        "[[window]]\nid = \"long\"\ntitle = \"{long}\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\neffect = \"{long}\"\nguidance = \"{long}\"\nsystem = \"{long}\"\nend_may_change = true\n"
    );
    for language in [Language::Ja, Language::En] {
        let config = config(language, &window);
        let i = config.windows.iter().position(|w| w.id == "long").unwrap();
        let schedule = Schedule::new(&config);
        let notices = schedule.notices(i, 100);
        assert!(notices.len() >= 4);
        for notice in notices {
            let text = render_notice(&config, &notice, notice.at);
            assert_fits_a_toast(&text);
            assert!(text.title.ends_with('…'), "{}", text.title);
        }
    }
}

/// Fitting keeps meaning: a sentence of ours is kept whole or dropped whole, never cut (its half could say the
/// opposite: 「…を使え…」), over every impact, every notice kind and both languages, with the longest system name
/// and an end that may move; only texts from the config are shortened with 「…」.
#[test]
fn fitting_never_cuts_a_sentence_of_ours() {
    use onshi_tray_core::schedule::{Notice, NoticeKind};
    let system = "オンライン資格確認等システム（医療機関等向け総合ポータルサイトを含む）";
    for impact in ["logout", "outage", "partial"] {
        let window = format!(
            "[[window]]\nid = \"x\"\ntitle = \"作業\"\nimpact = \"{impact}\"\nsystem = \"{system}\"\nend_may_change = true\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\n"
        );
        for language in [Language::Ja, Language::En] {
            let config = config(language, &window);
            let i = config.windows.iter().position(|w| w.id == "x").unwrap();
            let schedule = Schedule::new(&config);
            let mut notices = schedule.notices(i, 100);
            notices.push(Notice {
                at: parse_instant("2026-03-25T09:00:00").unwrap(),
                kind: NoticeKind::After,
                window_idx: i,
            });
            let kinds: std::collections::BTreeSet<String> = notices.iter().map(|n| n.kind.code()).collect();
            assert!(kinds.len() >= 5, "{kinds:?}");
            for notice in notices {
                let text = render_notice(&config, &notice, notice.at);
                assert_fits_a_toast(&text);
                let what = format!("{impact} {language:?} {}: {}", notice.kind.code(), text.body);
                assert!(!text.body.contains('…'), "a sentence of ours was cut: {what}");
                assert!(text.body.ends_with(['。', '.', '）', ')']), "{what}");
            }
        }
    }
}

/// The guidance page's content, without a browser: the steps follow the impact or the window's own guidance,
/// Mynaportal is not promised when it is what is maintained, and text from the config is escaped.
#[test]
fn guidance_page_content() {
    use onshi_tray_core::guide::{page, steps};
    let config = config(Language::Ja, "");
    let now = parse_instant("2026-03-21T22:10:00").unwrap();
    expect![[r#"
        [
            "ログアウトされたら、少し時間を空けてから、もう一度ログインしてください。",
            "マイナ保険証で資格確認ができないときは、ポータルサイトの記事（KB0011769）の手順で資格を確認してください。",
            "資格確認書が提示されたときは、券面（カードに書かれた内容）で確認してください。",
        ]
    "#]]
    .assert_debug_eq(&steps(&config, Some(&config.windows[0]), false));
    let html = page(&config, None, now);
    for part in [
        "作業中",
        "3月21日（土）22:00〜23:00",
        "10割負担にはしません",
        "資格確認書",
        "患者さんへのご説明",
        "マイナポータルは作業中も使えます",
        "0800-080-4583",
        "いまは受付時間外です",
        "href=\"https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&amp;sysparm_article=KB0011769\"",
    ] {
        assert!(html.contains(part), "the page lacks {part}");
    }
    assert!(!html.contains("http://") && !html.contains("src="), "the page loads nothing from outside");

    let extra = "[[window]]\nid = \"myna\"\ntitle = \"<b>基盤更改</b> & 停止\"\nsystem = \"マイナポータル\"\nimpact = \"outage\"\nstart = 2026-04-04T22:00:00\nend = 2026-04-05T06:00:00\n";
    let config = self::config(Language::Ja, extra);
    let i = config.windows.iter().position(|w| w.id == "myna").unwrap();
    let html = page(&config, Some(i), now);
    assert!(html.contains("&lt;b&gt;基盤更改&lt;/b&gt; &amp; 停止"), "config text is escaped");
    assert!(!html.contains("マイナポータルは作業中も使えます"), "no promise about the system being maintained");
    expect![[r#"
        [
            "作業中はマイナポータルを使えません。ログインを何度も試さないでください。",
            "資格確認は、ポータルサイトの記事（KB0011769）の手順で行ってください。",
            "作業が終わったら、もう一度ログインしてください。",
            "資格確認書が提示されたときは、券面（カードに書かれた内容）で確認してください。",
        ]
    "#]]
    .assert_debug_eq(&steps(&config, Some(&config.windows[i]), false));
}

/// The page about a window that took place (the after-notice's click, the tray's 前回 line) speaks of it in the
/// past: what happened, log in again, what to do if a card still cannot be checked, a patient script that fits;
/// and its call-center section can be jumped to, its "open now" line is not printed, and dates do not break.
#[test]
fn the_page_about_a_finished_window_speaks_in_the_past() {
    use onshi_tray_core::guide::{jump_to, page, CONTACT_SECTION};
    let config = config(Language::Ja, "");
    let monday = parse_instant("2026-03-23T09:00:00").unwrap();
    let html = page(&config, Some(0), monday);
    let text = html.split("<body>").nth(1).unwrap();
    for part in [
        "終了しました",
        "ログアウトされた可能性あり",
        "ログインしていたPCは、ログアウトされている可能性があります。",
        "ログアウトされていたら、もう一度ログインしてください。",
        "ログインできないときや、マイナ保険証で資格確認ができないときは、ポータルサイトの記事（KB0011769）の手順で資格を確認してください。",
        "システムの作業の影響で、確認にお時間をいただくことがあります。",
        "10割負担にはしません",
        "id=\"contact\"",
        "<span class=\"date\">3月21日（土）22:00〜23:00</span>",
    ] {
        assert!(text.contains(part), "the page lacks {part}");
    }
    let present_tense = ["予定", "ただいまシステムの作業のため", "作業中も使えます", "ログアウトされる可能性あり"];
    for part in present_tense.into_iter().chain(["作業中はコールセンター"]) {
        assert!(!text.contains(part), "the page about a finished window says {part}");
    }
    assert!(
        html.contains("@media print") && html.split("@media print").nth(1).unwrap().contains(".now { display: none; }")
    );
    let jump = jump_to("guide.html", CONTACT_SECTION);
    assert!(jump.contains("<meta http-equiv=\"refresh\" content=\"0; url=guide.html#contact\">"), "{jump}");

    let en = self::config(Language::En, "");
    let html = page(&en, Some(0), monday);
    for part in
        ["Took place", "may have been logged out", "If you were logged out, log in again.", "Recent system maintenance"]
    {
        assert!(html.contains(part), "the English page lacks {part}");
    }
}

/// The call-center item says whether the center is open, until when, or when it opens: staff see it before they
/// call (weekdays 8–18, Saturdays 8–16, closed on Sundays and national holidays).
#[test]
fn the_call_center_item_says_whether_it_is_open() {
    use onshi_tray_core::notice::contact_label;
    let ja = config(Language::Ja, "");
    let en = config(Language::En, "");
    let labels: Vec<String> = [
        "2026-03-23T10:00:00",
        "2026-03-23T07:00:00",
        "2026-03-21T15:00:00",
        "2026-03-21T22:00:00",
        "2026-03-20T18:30:00",
        "2026-12-29T10:00:00",
    ]
    .iter()
    .flat_map(|at| {
        let now = parse_instant(at).unwrap();
        [format!("{at} {}", contact_label(&ja, now)), contact_label(&en, now)]
    })
    .collect();
    expect![[r#"
        [
            "2026-03-23T10:00:00 コールセンター 0800-080-4583（受付中・18:00まで）",
            "Call center 0800-080-4583 (open until 18:00)",
            "2026-03-23T07:00:00 コールセンター 0800-080-4583（時間外・8:00から）",
            "Call center 0800-080-4583 (closed, opens 8:00)",
            "2026-03-21T15:00:00 コールセンター 0800-080-4583（受付中・16:00まで）",
            "Call center 0800-080-4583 (open until 16:00)",
            "2026-03-21T22:00:00 コールセンター 0800-080-4583（時間外・月 8:00から）",
            "Call center 0800-080-4583 (closed, opens Mon 8:00)",
            "2026-03-20T18:30:00 コールセンター 0800-080-4583（時間外・土 8:00から）",
            "Call center 0800-080-4583 (closed, opens Sat 8:00)",
            "2026-12-29T10:00:00 コールセンター 0800-080-4583（受付中・18:00まで）",
            "Call center 0800-080-4583 (open until 18:00)",
        ]
    "#]]
    .assert_debug_eq(&labels);
}

/// After a window the tray's first line says it took place, and whether to log in again.
#[test]
fn after_lines() {
    use onshi_tray_core::notice::after_line;
    let extra = "[[window]]\nid = \"p\"\ntitle = \"一部\"\nimpact = \"partial\"\nstart = 2026-04-04T22:00:00\nend = 2026-04-05T06:00:00\n";
    let lines: Vec<String> = [Language::Ja, Language::En]
        .into_iter()
        .flat_map(|language| {
            let config = config(language, extra);
            config.windows.iter().map(|w| after_line(w, language)).collect::<Vec<_>>()
        })
        .collect();
    expect![[r#"
        [
            "前回：3月21日（土）22:00〜23:00 作業あり — ログインし直してください",
            "前回：4月4日（土）22:00〜4月5日（日）6:00 作業あり",
            "Last: Sat 21 Mar 22:00–23:00 maintenance took place — log in again",
            "Last: Sat 4 Apr 22:00–Sun 5 Apr 6:00 maintenance took place",
        ]
    "#]]
    .assert_debug_eq(&lines);
}

/// The Windows toast of every notice kind: the click and the guidance button as foreground activations that name
/// their window (the app opens the page by its path: no `file:` address in the XML), the portal as a protocol
/// activation of its exact URL, the reminder sound, scenario and dismiss button while in progress, `urgent` where
/// Windows supports it and staff are there, buttons to acknowledge and snooze advance notices; well-formed XML (read
/// back as Windows would).
#[test]
fn toast_xml_of_every_notice_kind() {
    use onshi_tray_core::reception::present;
    use onshi_tray_core::schedule::Due;
    use onshi_tray_core::toast::{render, ToastContext};
    let portal = "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769";
    let day_and_night =
        "[facility]\nweekday = \"00:00-24:00\"\nsaturday = \"00:00-24:00\"\nsunday = \"00:00-24:00\"\nclosed_on_holidays = false\n";
    let mut out = String::new();
    for (extra, urgent_supported) in [("", false), (day_and_night, true)] {
        let config = config(Language::Ja, extra);
        let schedule = Schedule::new(&config);
        let context = ToastContext { urgent_supported };
        for notice in schedule.notices(0, 100) {
            let presentation =
                present(&schedule, &Default::default(), &Due { notice, late: false, skipped: 0 }, notice.at);
            assert_eq!(presentation.title, render_notice(&config, &notice, notice.at).title);
            let critical = presentation.critical;
            let toast = render(&presentation, context);
            let summary = read_toast(&toast.xml);
            let id = &config.windows[0].id;
            let guide = format!("action=guide&window={id} activationType=foreground");
            assert!(summary.starts_with(&format!("toast launch={guide}")), "{summary}");
            assert!(summary.contains(&format!("action arguments={guide}")), "{summary}");
            assert!(!summary.contains("file:"), "{summary}");
            // The buttons are the same on every platform: advance notices have 確認しました and 10分後に再通知
            // instead of the portal (three buttons in all, as many as GNOME Shell shows).
            let advance = notice.kind.is_advance();
            let portal_button = format!("action arguments={portal} activationType=protocol");
            assert_eq!(summary.contains(&portal_button), !advance, "{summary}");
            // The foreground buttons name their window: a click reaches it also through the Notification Center.
            let snooze = format!("action arguments=action=snooze&window={id} activationType=foreground");
            assert_eq!(summary.contains(&snooze), advance, "{summary}");
            out += &format!(
                "[{}{}] tag={}\n{summary}\n",
                notice.kind.code(),
                if critical { " critical" } else { "" },
                toast.tag.unwrap()
            );
        }
    }
    expect![[r#"
        [heads-up] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground scenario=reminder
        text hint-maxLines=2
          【本日 22:00から】オンライン資格確認等システム改修作業
        text
          本日 22:00〜23:00に作業があります。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        action arguments=dismiss activationType=system
        audio src=ms-winsoundevent:Notification.Reminder
        [lead-60m] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【あと1時間】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        [lead-15m] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【あと15分】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        [start] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground scenario=reminder
        text hint-maxLines=2
          【作業中】オンライン資格確認等システム改修作業
        text
          ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。23:00までの予定です。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769 activationType=protocol
        action arguments=dismiss activationType=system
        audio src=ms-winsoundevent:Notification.Reminder
        [end] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【終了】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。コールセンターはいま受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769 activationType=protocol
        [heads-up] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground scenario=reminder
        text hint-maxLines=2
          【本日 22:00から】オンライン資格確認等システム改修作業
        text
          本日 22:00〜23:00に作業があります。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        action arguments=dismiss activationType=system
        audio src=ms-winsoundevent:Notification.Reminder
        [lead-60m] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【あと1時間】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        [lead-15m] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【あと15分】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し待ってから再ログインしてください。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=acknowledge&window=2026-03-21-kaishu activationType=foreground
        action arguments=action=snooze&window=2026-03-21-kaishu activationType=foreground
        [start critical] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground scenario=urgent
        text hint-maxLines=2
          【作業中】オンライン資格確認等システム改修作業
        text
          ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。23:00までの予定です。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769 activationType=protocol
        action arguments=dismiss activationType=system
        audio src=ms-winsoundevent:Notification.Reminder
        [during] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground scenario=reminder
        text hint-maxLines=2
          【作業中】オンライン資格確認等システム改修作業
        text
          ログアウトされたら、少し待ってから再ログインしてください。マイナ保険証で確認できなくても10割負担にはしません。23:00までの予定です。作業中はコールセンターの受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769 activationType=protocol
        action arguments=dismiss activationType=system
        audio src=ms-winsoundevent:Notification.Reminder
        [end] tag=w11644d0195d02fd
        toast launch=action=guide&window=2026-03-21-kaishu activationType=foreground
        text hint-maxLines=2
          【終了】オンライン資格確認等システム改修作業
        text
          3月21日（土）22:00〜23:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。コールセンターはいま受付時間外（月 8:00から）。詳しくはクリックかトレイのメニューで。
        action arguments=action=guide&window=2026-03-21-kaishu activationType=foreground
        action arguments=https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769 activationType=protocol
    "#]].assert_eq(&out);
}

/// The first-start notice fits a toast in both languages, and names the ^ only where the shell hides new icons.
#[test]
fn first_start_notice_fits_and_names_the_hidden_icons_arrow_on_windows() {
    use onshi_tray_core::notice::first_run_notice;
    for language in [Language::Ja, Language::En] {
        for overflow in [true, false] {
            let text = first_run_notice(language, overflow);
            assert_fits_a_toast(&text);
            assert_eq!(text.body.contains('^'), overflow, "{}", text.body);
        }
    }
    expect![[r#"
        オン資メンテナンス通知が動いています
        画面右下の通知領域にアイコンがあります（見えないときは「^」の中）。緑のチェックは予定なし、黄色の時計は作業が近い、赤の三角は作業中。クリックで予定と対応の手順が見られます。"#]]
    .assert_eq(&format!("{}\n{}", first_run_notice(Language::Ja, true).title, first_run_notice(Language::Ja, true).body));
}

/// A notice about no window (the test notice, a config error): its text, escaped, the default sound (no `<audio>`),
/// no tag, and a click that opens the guidance page (of the current or next window) through the app.
#[test]
fn plain_toast_xml() {
    use onshi_tray_core::toast::plain_toast;
    let text =
        NoticeText { title: "テスト通知 <1> & \"2\"".to_string(), body: "届いています。".to_string() };
    let toast = plain_toast(&text);
    assert_eq!(toast.tag, None);
    expect![[r#"
        toast launch=action=guide activationType=foreground
        text hint-maxLines=2
          テスト通知 <1> & "2"
        text
          届いています。"#]]
    .assert_eq(&read_toast(&toast.xml));
}

/// Parses toast XML (failing on anything malformed) into one line per element: its name and its attributes
/// other than `content`, and the texts.
fn read_toast(xml: &str) -> String {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut text = String::new();
    loop {
        match reader.read_event().unwrap_or_else(|e| panic!("malformed toast XML ({e}): {xml}")) {
            Event::Start(e) | Event::Empty(e) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let attributes: Vec<String> = e
                    .attributes()
                    .map(|a| a.unwrap())
                    .filter(|a| a.key.as_ref() != b"content")
                    .map(|a| {
                        format!(
                            "{}={}",
                            String::from_utf8_lossy(a.key.as_ref()),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap()
                        )
                    })
                    .collect();
                if !["visual", "binding", "actions"].contains(&name.as_str()) {
                    out.push(format!("{name} {}", attributes.join(" ")).trim_end().to_string());
                }
            }
            // Text comes in pieces: plain runs and entity references (`&amp;`).
            Event::Text(t) => text += &t.decode().unwrap(),
            Event::GeneralRef(r) => {
                text += match r.decode().unwrap().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" | "#39" => "'",
                    other => panic!("unexpected entity &{other}; in {xml}"),
                }
            }
            Event::End(e) if e.name().as_ref() == b"text" => out.push(format!("  {}", std::mem::take(&mut text))),
            Event::Eof => break,
            _ => {}
        }
    }
    out.join("\n")
}

mod menu {
    use expect_test::{expect, Expect};
    use onshi_tray_core::icon::Look;
    use onshi_tray_core::menu::{entries, Entry, TrayView};

    fn view() -> TrayView {
        let s = |text: &str| text.to_string();
        TrayView {
            icon: Look::Idle,
            badge: false,
            app_name: s("オン資メンテナンス通知"),
            tooltip: s("オン資メンテナンス通知: 予定なし"),
            status_line: s("予定なし"),
            acknowledge: None,
            snooze: None,
            acknowledge_after: None,
            acknowledged: None,
            snoozed: None,
            portal: s("ポータル"),
            contact: s("コールセンター"),
            guidance: s("案内"),
            windows_title: s("予定"),
            windows: vec![],
            no_windows: s("（なし）"),
            test_notice: s("テスト通知を送る"),
            import: Some(s("お知らせの文面から予定を追加…")),
            undo_import: Some(s("追加した予定を取り消す")),
            open_config: s("設定ファイルを開く"),
            reload: s("設定を再読み込み"),
            update_feeds: None,
            show_errors: None,
            autostart: Some(s("ログイン時に起動")),
            autostart_on: true,
            quit: Some((s("終了"), s("通知を止めて終了する"))),
            config_items: true,
        }
    }

    fn outline(entries: &[Entry], depth: usize, out: &mut String) {
        for entry in entries {
            out.push_str(&"  ".repeat(depth));
            match entry {
                Entry::Item { action, label } => out.push_str(&format!("{label} -> {action:?}\n")),
                Entry::Disabled(label) => out.push_str(&format!("({label})\n")),
                Entry::Check { action, label, checked } => {
                    out.push_str(&format!("[{}] {label} -> {action:?}\n", if *checked { "x" } else { " " }))
                }
                Entry::Separator => out.push_str("---\n"),
                Entry::Submenu { label, entries } => {
                    out.push_str(&format!("{label} >\n"));
                    outline(entries, depth + 1, out);
                }
            }
        }
    }

    fn check(view: &TrayView, expect: Expect) {
        let mut out = String::new();
        outline(&entries(view), 0, &mut out);
        expect.assert_eq(&out);
    }

    #[test]
    fn the_menu_of_an_idle_tray() {
        check(
            &view(),
            expect![[r#"
            予定なし -> Status
            ---
            案内 -> Guidance
            ポータル -> Portal
            コールセンター -> Contact
            予定 >
              (（なし）)
            ---
            テスト通知を送る -> TestNotice
            お知らせの文面から予定を追加… -> Import
            追加した予定を取り消す -> UndoImport
            設定ファイルを開く -> OpenConfig
            設定を再読み込み -> Reload
            [x] ログイン時に起動 -> Autostart
            ---
            終了 >
              通知を止めて終了する -> Quit
        "#]],
        );
    }

    /// Everything optional shown (an advance window, windows, feeds, errors), and what `[menu]` may hide hidden.
    #[test]
    fn the_menu_with_a_window_ahead_and_a_locked_down_menu() {
        let s = |text: &str| text.to_string();
        let mut busy = view();
        busy.acknowledge = Some(s("確認しました"));
        busy.snooze = Some(s("10分後に再通知"));
        busy.windows = vec![s("3月21日(土) 22:00–23:00"), s("4月18日(土) 22:00–23:00")];
        busy.update_feeds = Some(s("予定を今すぐ更新"));
        busy.show_errors = Some(s("設定エラーを表示"));
        busy.autostart = None;
        busy.quit = None;
        busy.config_items = false;
        busy.import = None;
        busy.undo_import = None;
        check(
            &busy,
            expect![[r#"
            予定なし -> Status
            確認しました -> Acknowledge
            10分後に再通知 -> Snooze
            ---
            案内 -> Guidance
            ポータル -> Portal
            コールセンター -> Contact
            予定 >
              3月21日(土) 22:00–23:00 -> Window(0)
              4月18日(土) 22:00–23:00 -> Window(1)
            ---
            テスト通知を送る -> TestNotice
            予定を今すぐ更新 -> UpdateFeeds
        "#]],
        );
    }
}

/// 「お知らせの文面から予定を追加…」 is a config item: the machine-wide `[menu] config = false` hides it (IT imports
/// for such PCs); 「追加した予定を取り消す」 is there only while an import can be taken back.
#[test]
fn the_import_items_follow_the_menu_policy_and_the_last_import() {
    use onshi_tray_core::delivery::Delivery;
    use onshi_tray_core::menu::{view, Facts};
    let now = parse_instant("2026-10-02T10:00:00+09:00").unwrap();
    let log = onshi_tray_core::notice_log::NoticeLog::default();
    let facts = |imported| Facts {
        config_errors: 0,
        feeds: &[],
        delivery: Delivery::On,
        log_trouble: false,
        log_file_trouble: false,
        autostart_on: false,
        clock: None,
        report_trouble: false,
        imported,
    };
    let mut config = config(Language::Ja, "");
    let items = |config: &Config, imported| {
        let (tray, _) = view(&Schedule::new(config), &log, now, facts(imported));
        (tray.import, tray.undo_import)
    };
    assert_eq!(items(&config, false), (Some("お知らせの文面から予定を追加…".to_string()), None));
    assert_eq!(
        items(&config, true),
        (Some("お知らせの文面から予定を追加…".to_string()), Some("追加した予定を取り消す".to_string()))
    );
    config.menu.config = false;
    assert_eq!(items(&config, true), (None, None));
}

/// A window's title with the character a menu reads as an access key (`&` on Windows and macOS, `_` in dbusmenu)
/// keeps it, and marks no key: each of its own markers doubled, nothing else touched.
#[test]
fn menu_labels_keep_their_ampersands_and_underscores() {
    use onshi_tray_core::menu::literal_label;
    let cases = [
        ("A&B 改修", '&', "A&&B 改修"),
        ("&&", '&', "&&&&"),
        ("R&D_センター", '&', "R&&D_センター"),
        ("R&D_センター", '_', "R&D__センター"),
        ("予定なし", '&', "予定なし"),
        ("", '_', ""),
    ];
    for (text, marker, shown) in cases {
        assert_eq!(literal_label(text, marker), shown, "{text:?} with {marker:?}");
    }
}

/// The Windows tray icon's GUID is a version-5 UUID of the exe's path, whatever its case (the same figures as
/// Python's `uuid.uuid5`, which the MSI smoke test uses): one per place the exe runs from.
#[test]
fn the_tray_guid_is_a_name_based_uuid_of_the_exe_path() {
    use onshi_tray_core::menu::tray_guid;
    let installed = tray_guid(r"C:\Program Files\onshi-tray\onshi-tray.exe");
    assert_eq!(format!("{installed:032x}"), "7801402cce85507eb6f439926b4e719c");
    assert_eq!(tray_guid(r"c:\program files\ONSHI-TRAY\onshi-tray.exe"), installed, "Windows paths ignore case");
    let copied = tray_guid(r"C:\Users\受付\Desktop\onshi-tray.exe");
    assert_eq!(format!("{copied:032x}"), "f4639c33b742593da73c66f073d6ddcb");
    assert_eq!((installed >> 76) & 0xf, 5, "version 5 (name-based, SHA-1)");
}
