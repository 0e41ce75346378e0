//! What people read: notices, guidance, the call-center card and the tray's status line, in both languages.
//! Snapshots: review the diff, then `UPDATE_EXPECT=1 cargo test` to accept it.

use expect_test::{expect, Expect};
use onshi_tray::config::{parse_instant, parse_str, Config, Language};
use onshi_tray::notice::{contact_card, guidance, render_notice, status_line};
use onshi_tray::schedule::{Notice, NoticeKind, Schedule};

fn config(language: Language, extra: &str) -> Config {
    let mut config = Config::builtin();
    let (layer, errors) = parse_str(extra, "test.toml");
    assert!(errors.is_empty(), "{errors:?}");
    config.apply(layer);
    config.language = language;
    config
}

/// Every notice of window 0, each rendered at its own instant (or at `late_by` seconds after it), and the
/// after-notice at the facility's next opening.
fn check_notices(config: &Config, late_by: i64, expect: Expect) {
    let schedule = Schedule::new(config);
    let mut out = String::new();
    let window = &config.windows[0];
    let after = Notice {
        at: onshi_tray::hours::next_open(&config.facility, window.end).unwrap(),
        kind: NoticeKind::After,
        window_idx: 0,
    };
    for notice in schedule.notices(0, 100).into_iter().chain([after]) {
        let text = render_notice(config, &notice, notice.at + chrono::Duration::seconds(late_by));
        assert!(text.title.chars().count() <= 40, "title too long for a toast: {}", text.title);
        assert!(
            text.body.chars().count() <= 200,
            "body too long for a toast ({}): {}",
            text.body.chars().count(),
            text.body
        );
        out += &format!("[{}] {}\n{}\n\n", notice.kind.code(), text.title, text.body);
    }
    expect.assert_eq(&out);
}

#[test]
fn japanese_notices_of_the_seed_window() {
    check_notices(
        &config(Language::Ja, ""),
        0,
        expect![[r#"
            [heads-up] 【本日 22:00から】オンライン資格確認等システム改修作業
            本日 22:00〜23:00に作業があります。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 3月23日(月) 8:00）。

            [lead-60m] 【あと1時間】オンライン資格確認等システム改修作業
            3月21日(土) 22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 3月23日(月) 8:00）。

            [lead-15m] 【あと15分】オンライン資格確認等システム改修作業
            3月21日(土) 22:00〜23:00。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 3月23日(月) 8:00）。

            [start] 【作業中】オンライン資格確認等システム改修作業
            23:00まで。ログインしている場合、一度だけログアウトされる可能性があります。ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。作業中はコールセンターの受付時間外です（受付再開 3月23日(月) 8:00）。

            [end] 【終了】オンライン資格確認等システム改修作業
            3月21日(土) 22:00〜23:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。コールセンターは受付時間外です（受付再開 3月23日(月) 8:00）。

            [after] 【作業終了】オンライン資格確認等システム改修作業
            3月21日(土) 22:00〜23:00に作業がありました。ログインしていた端末はログアウトされている場合があります。もう一度ログインしてください。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求してください。問い合わせ: 0800-080-4583

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
            Maintenance today 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. Call center closed (opens Mon 23 Mar 8:00).

            [lead-60m] In 1 h: Eligibility system upgrade
            Sat 21 Mar 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. Call center closed (opens Mon 23 Mar 8:00).

            [lead-15m] In 15 min: Eligibility system upgrade
            Sat 21 Mar 22:00–23:00 JST. If you are logged in, you may be logged out once. If logged out, wait a moment and log in again. Call center closed (opens Mon 23 Mar 8:00).

            [start] In progress: Eligibility system upgrade
            Until 23:00. Logged out? Log in again soon. Card not readable? See KB0011769; charge the proper co-pay, not 100%. 資格確認書: check its face. Call center closed (opens Mon 23 Mar 8:00).

            [end] Finished: Eligibility system upgrade
            The work of Sat 21 Mar 22:00–23:00 JST is over. If you were logged out, log in again. The call center is closed now (opens Mon 23 Mar 8:00).

            [after] Done: Eligibility system upgrade
            Maintenance ran Sat 21 Mar 22:00–23:00 JST. Logged out? Log in again. Card not readable? See KB0011769; charge the proper co-pay, not 100%. Call center: 0800-080-4583

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
            3月24日(火) 10:00〜11:00。ログアウトされたら、少し時間を空けて再ログインしてください。問い合わせ: 0800-080-4583

            [lead-15m] 【あと15分】平日の作業
            3月24日(火) 10:00〜11:00。ログアウトされたら、少し時間を空けて再ログインしてください。問い合わせ: 0800-080-4583

            [start] 【作業中】平日の作業
            11:00まで。ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。問い合わせ: 0800-080-4583

            [during] 【作業中】平日の作業
            11:00まで。ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。問い合わせ: 0800-080-4583

            [end] 【終了】平日の作業
            3月24日(火) 10:00〜11:00の作業時間が終わりました。ログアウトされていたら、もう一度ログインしてください。問い合わせ: 0800-080-4583

            [after] 【作業終了】平日の作業
            3月24日(火) 10:00〜11:00に作業がありました。ログインしていた端末はログアウトされている場合があります。もう一度ログインしてください。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求してください。問い合わせ: 0800-080-4583

        "#]],
    );
}

#[test]
fn guidance_and_contact_card() {
    for language in [Language::Ja, Language::En] {
        let config = config(language, "");
        let now = parse_instant("2026-03-21T21:50:00").unwrap();
        let guide = guidance(&config, Some(&config.windows[0]));
        let card = contact_card(&config, now);
        let out = format!("{}\n{}\n\n{}\n{}\n", guide.title, guide.body, card.title, card.body);
        match language {
            Language::Ja => expect![[r#"
                オンライン資格確認等システム改修作業への対応
                3月21日(土) 22:00〜23:00
                ログインしている場合、一度だけログアウトされる可能性があります。

                ■ ログアウトされたとき
                少し時間を空けてから、もう一度ログインしてください。

                ■ マイナ保険証で資格確認ができないとき
                ポータルサイトの記事「○マイナ保険証での受付が出来ない場合の資格確認方法・レセプト請求方法○」を参照して資格確認を行い、10割負担とせず、適切な自己負担分を請求してください。
                医療機関等の窓口における資格確認方法（KB0011769）
                https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769

                ■ 資格確認書が提示されたとき
                券面で確認してください。

                ■ 患者さんへの案内
                作業中でも、マイナポータルから自身の資格情報や薬剤情報等を表示できます。

                ■ 問い合わせ
                オンライン資格確認等コールセンター 0800-080-4583（通話無料）
                受付: 月〜金 8:00〜18:00、土 8:00〜16:00、日 休み（祝日は休み）
                作業時間中は受付時間外です（受付再開 3月23日(月) 8:00）。

                オンライン資格確認等コールセンター
                0800-080-4583（通話無料）
                受付: 月〜金 8:00〜18:00、土 8:00〜16:00、日 休み（祝日は休み）
                いまは受付時間外です。次の受付開始: 3月23日(月) 8:00
            "#]].assert_eq(&out),
            Language::En => expect![[r#"
                What to do: Eligibility system upgrade
                Sat 21 Mar 22:00–23:00
                If you are logged in, you may be logged out once.

                If you are logged out
                Wait a moment, then log in again.

                If a My Number card cannot be checked
                Follow the portal article (section "○マイナ保険証での受付が出来ない場合の資格確認方法・レセプト請求方法○") to check eligibility, and charge the proper co-pay, never 100% (10割).
                医療機関等の窓口における資格確認方法（KB0011769）
                https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769

                If a patient shows a 資格確認書
                Check it by its card face.

                For patients
                Mynaportal keeps working: patients can still see their eligibility and medication records.

                Questions
                オンライン資格確認等コールセンター 0800-080-4583 (toll-free)
                Hours (JST): Mon–Fri 8:00–18:00, Sat 8:00–16:00, Sun closed (closed on national holidays)
                The call center is closed during the work (opens Mon 23 Mar 8:00).

                オンライン資格確認等コールセンター
                0800-080-4583 (toll-free)
                Hours (JST): Mon–Fri 8:00–18:00, Sat 8:00–16:00, Sun closed (closed on national holidays)
                Closed now (outside opening hours). Opens Mon 23 Mar 8:00 JST.
            "#]].assert_eq(&out),
        }
    }
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
            "次回: 3月21日(土) 22:00〜23:00",
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
            assert!(text.title.chars().count() <= 40, "title too long for a toast: {}", text.title);
            assert!(text.body.chars().count() <= 200, "body too long for a toast: {}", text.body);
            out += &format!("[{}] {}\n{}\n\n", kind.code(), text.title, text.body);
        }
    }
    expect![[r#"
        [heads-up] 【本日 22:00から】マイナポータル 基盤更改
        本日 22:00〜12月8日(月) 6:00に作業があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 12月8日(月) 8:00）。

        [heads-up] 【明日 22:00から】マイナポータル 基盤更改
        明日 22:00〜12月8日(月) 6:00に作業があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 12月8日(月) 8:00）。

        [heads-up] 【12月6日(土) 22:00から】マイナポータル 基盤更改
        12月6日(土) 22:00〜12月8日(月) 6:00に作業があります。ログアウトされたら、少し時間を空けて再ログインしてください。作業中はコールセンターの受付時間外です（受付再開 12月8日(月) 8:00）。

        [start] 【作業中】マイナポータル 基盤更改
        12月8日(月) 6:00まで。ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。作業中はコールセンターの受付時間外です（受付再開 12月8日(月) 8:00）。

        [during] 【作業中】マイナポータル 基盤更改
        本日も作業中です（12月8日(月) 6:00まで）。ログアウトされたら少し待って再ログイン。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求。資格確認書は券面で確認。作業中はコールセンターの受付時間外です（受付再開 12月8日(月) 8:00）。

        [after] 【作業終了】マイナポータル 基盤更改
        12月6日(土) 22:00〜12月8日(月) 6:00に作業がありました。ログインしていた端末はログアウトされている場合があります。もう一度ログインしてください。マイナ保険証で確認できない場合はKB0011769の方法で確認し、10割負担にせず適切な自己負担分を請求してください。問い合わせ: 0800-080-4583

        [heads-up] Today 22:00: マイナポータル 基盤更改
        Maintenance today 22:00–Mon 8 Dec 6:00 JST. If logged out, wait a moment and log in again. Call center closed (opens Mon 8 Dec 8:00).

        [heads-up] Tomorrow 22:00: マイナポータル 基盤更改
        Maintenance tomorrow 22:00–Mon 8 Dec 6:00 JST. If logged out, wait a moment and log in again. Call center closed (opens Mon 8 Dec 8:00).

        [heads-up] Sat 6 Dec 22:00: マイナポータル 基盤更改
        Maintenance Sat 6 Dec 22:00–Mon 8 Dec 6:00 JST. If logged out, wait a moment and log in again. Call center closed (opens Mon 8 Dec 8:00).

        [start] In progress: マイナポータル 基盤更改
        Until Mon 8 Dec 6:00. Logged out? Log in again soon. Card not readable? See KB0011769; charge the proper co-pay, not 100%. 資格確認書: check its face. Call center closed (opens Mon 8 Dec 8:00).

        [during] In progress: マイナポータル 基盤更改
        Continues until Mon 8 Dec 6:00. Logged out? Log in again soon. Card not readable? See KB0011769; charge the proper co-pay, not 100%. 資格確認書: check its face. Call center closed (opens Mon 8 Dec 8:00).

        [after] Done: マイナポータル 基盤更改
        Maintenance ran Sat 6 Dec 22:00–Mon 8 Dec 6:00 JST. Logged out? Log in again. Card not readable? See KB0011769; charge the proper co-pay, not 100%. Call center: 0800-080-4583

    "#]].assert_eq(&out);
}
