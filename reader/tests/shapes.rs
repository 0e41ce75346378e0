//! Each shape an announcement writes a window in, as data: a text in the project's own words (written for these
//! tests, after the forms of real circulars, portal articles and e-mails), the day it was published, and what the
//! reader proposes, one line a window, then what it says is not a window and its notes.

use chrono::NaiveDate;
use expect_test::{expect, Expect};
use onshi_tray_reader::read;

fn check(text: &str, published: &str, expected: Expect) {
    let published = NaiveDate::parse_from_str(published, "%Y-%m-%d").unwrap();
    let reading = read(text, published);
    let time = |t: Option<chrono::DateTime<chrono::FixedOffset>>| {
        t.map_or("open".to_string(), |t| t.format("%Y-%m-%d %H:%M").to_string())
    };
    let mut out = String::new();
    for w in &reading.windows {
        out += &format!(
            "{} ~ {} {}{}{}{}{}\n",
            time(w.start),
            time(w.end),
            w.impact.code(),
            if w.all_day { " all-day" } else { "" },
            if w.end_may_change { " end-may-change" } else { "" },
            w.end_latest.map_or(String::new(), |t| format!(" latest {}", t.format("%m-%d %H:%M"))),
            if w.inferred.is_empty() { String::new() } else { format!(" [{}]", w.inferred.join("; ")) },
        );
    }
    for n in &reading.not_windows {
        out += &format!("not: {} ({})\n", n.text, n.why);
    }
    for n in &reading.notes {
        out += &format!("note: {n}\n");
    }
    expected.assert_eq(&out);
}

#[test]
fn japanese_era_with_the_spaces_of_a_pdf_and_planned() {
    check(
        "令和 9 年 2 月 13 日 (土) の 21:00~22:30 (予定)の間、オンライン資格確認等システムにログインしている場合、ログアウトされる可能性があります。",
        "2027-01-20",
        expect![[r#"
            2027-02-13 21:00 ~ 2027-02-13 22:30 logout end-may-change
        "#]],
    );
}

#[test]
fn western_years_across_new_year_with_the_latest_end() {
    check(
        "マイナポータルの年末作業のため、利用登録ができなくなります。●作業期間 2026年12月30日（水）21:00 ～ 2027年1月3日（日）6:00 ※作業が長引いた場合は、最大で2027年1月5日（火）21:00まで延長する可能性があります。",
        "2026-12-10",
        expect![[r#"
            2026-12-30 21:00 ~ 2027-01-03 06:00 partial end-may-change latest 01-05 21:00
            not: 2027年1月5日（火）21:00 (the latest end of a window (kept with it))
        "#]],
    );
}

#[test]
fn month_and_day_with_the_year_from_the_preface_in_a_list() {
    check(
        "令和9年1月および2月においては以下の日程で中間サーバーの計画停止を予定しています。利用登録ができなくなります。 【計画停止の時間帯】 ・1/24(日)01:00 ～ 07:00 ・2/6(土)22:00 ～ 2/7(日)07:00　 終了時刻については前後する可能性がございます。",
        "2027-01-08",
        expect![[r#"
            2027-01-24 01:00 ~ 2027-01-24 07:00 partial end-may-change [the year 2027 from the text's preface]
            2027-02-06 22:00 ~ 2027-02-07 07:00 partial end-may-change [the year 2027 from the text's preface]
        "#]],
    );
}

#[test]
fn a_year_from_the_weekday_and_the_publication_date() {
    // Published in December: 1/9 is a Saturday in 2027, not in 2026 (a Friday).
    check(
        "下記の日時に電子処方箋管理サービスを停止します。・1/9(土)22:00 ～ 1/10(日)06:00",
        "2026-12-20",
        expect![[r#"
            2027-01-09 22:00 ~ 2027-01-10 06:00 outage [the year 2027 from the weekday written and the publication date]
        "#]],
    );
}

#[test]
fn dates_alone_with_an_end_that_drops_the_year_and_month() {
    check(
        "電子証明書発行申請サイトは令和6年12月20日から24日まで利用できません。",
        "2024-12-01",
        expect![[r#"
            2024-12-20 00:00 ~ 2024-12-25 00:00 outage all-day
        "#]],
    );
    check(
        "公的個人認証サービスは令和8年5月18日から同月20日まで停止します。",
        "2026-05-01",
        expect![[r#"
            2026-05-18 00:00 ~ 2026-05-21 00:00 outage all-day
        "#]],
    );
}

#[test]
fn hours_alone_in_the_morning_and_afternoon_and_the_next_day() {
    check(
        "中間サーバーの作業のため、12月7日（日）22時～12月8日（月）6時の間は接続できなくなります。",
        "2025-11-28",
        expect![[r#"
            2025-12-07 22:00 ~ 2025-12-08 06:00 outage [the year 2025 from the weekday written and the publication date]
        "#]],
    );
    check(
        "9月20日(土曜日)午後6時 ~ 9月21日(日曜日)午前0時 の間、ポータルサイトは利用を停止します。",
        "2025-09-01",
        expect![[r#"
            2025-09-20 18:00 ~ 2025-09-21 00:00 outage [the year 2025 from the weekday written and the publication date]
        "#]],
    );
    check(
        "【予定日時】 ■本番環境 2026年6月13日（土）21:00 ～ 翌2:00 PMHに接続できなくなります。",
        "2026-06-01",
        expect![[r#"
            2026-06-13 21:00 ~ 2026-06-14 02:00 outage end-may-change
        "#]],
    );
}

#[test]
fn full_width_digits_odd_code_points_and_a_holiday_mark() {
    check(
        "＜停止日時＞ ・２０２６年５月４日（月・祝）　９：００～１４：３０（予定） Windows Updateの配信停止",
        "2026-04-20",
        expect![[r#"
            2026-05-04 09:00 ~ 2026-05-04 14:30 partial end-may-change
        "#]],
    );
    // Kangxi radicals as PDFs write them (⽇ U+2F47, ⽉ U+2F49) and マイナポ―タル with U+2015.
    check(
        "令和8年10⽉3⽇(土)22:00~23:00 マイナポ―タルの利用登録ができなくなります。",
        "2026-09-25",
        expect![[r#"
            2026-10-03 22:00 ~ 2026-10-03 23:00 partial
        "#]],
    );
}

#[test]
fn several_windows_on_one_line_and_one_stated_twice() {
    check(
        "2026年11月21日（土）21:00 ～ 2026年11月22日（日）08:00 2026年11月22日（日）21:00 ～ 2026年11月23日（月・祝）08:00 の間、PMHに接続できなくなります。",
        "2026-11-10",
        expect![[r#"
            2026-11-21 21:00 ~ 2026-11-22 08:00 outage
            2026-11-22 21:00 ~ 2026-11-23 08:00 outage
        "#]],
    );
    check(
        "令和8年6月6日（土）の22:00~23:00（予定）にログアウトされる見込みです。\n記\n1. 影響を受ける時間帯\n令和8年6月6日(土)の22:00~23:00(予定)の間、ログアウトされる可能性があります。",
        "2026-05-20",
        expect![[r#"
            2026-06-06 22:00 ~ 2026-06-06 23:00 logout end-may-change
        "#]],
    );
}

#[test]
fn a_report_after_the_fact_and_an_incident_solved() {
    check(
        "総合ポータルサイトは、2026年7月4日午前9時より運用を停止しておりましたが、2026年7月5日午前7時30分から運用を再開いたしました。",
        "2026-07-05",
        expect![[r#"
            2026-07-04 09:00 ~ 2026-07-05 07:30 outage
        "#]],
    );
    check(
        "（9月2日　9時10分追記）下記の障害は9月2日3時15分に事象が解消しております。現在、カードリーダーでエラーが表示される事象が発生しています。",
        "2026-09-01",
        expect![[r#"
            open ~ 2026-09-02 03:15 outage [the year 2026 from the publication date; the start is not written (only when it was solved)]
            not: 9月2日　9時10分 (the time a note was added)
        "#]],
    );
}

#[test]
fn dates_that_are_not_windows() {
    check(
        "令和8年9月1日\n各位\n（今月は9月15日（火）にメール送信予定です。）\nオンライン資格確認等コールセンター 0800-080-4583\n月曜日～金曜日 8:00～18:00\n土曜日 8:00～16:00",
        "2026-09-01",
        expect![[r#"
            not: 8:00～18:00 (a span of times with no date (opening hours, or a time of day))
            not: 8:00～16:00 (a span of times with no date (opening hours, or a time of day))
            not: 令和8年9月1日 (the letter's date)
            not: 9月15日（火） (a date for something else (a mail, a deadline))
            note: no maintenance window was found in this text
        "#]],
    );
}

#[test]
fn a_text_cut_inside_an_item_is_said() {
    check(
        "令和8年10月においては以下の日程を予定しています。利用登録ができなくなります。 ・10/3(土)22:00 ～ 10/4(日)08:00 ・10/17(",
        "2026-09-20",
        expect![[r#"
            2026-10-03 22:00 ~ 2026-10-04 08:00 partial [the year 2026 from the text's preface]
            not: 10/17( (a date with no time)
            note: the text ends inside an item (`10/17(`): a window on that day may be announced, but its times are cut off; ask for the whole announcement
        "#]],
    );
}

#[test]
fn an_open_end() {
    check(
        "電子証明書発行申請サイトは、令和8年11月2日（月）18時から利用を停止しています。再開日については、決まり次第速やかに公表します。",
        "2026-11-02",
        expect![[r#"
            2026-11-02 18:00 ~ open outage end-may-change [the end is open: the text says it will be announced]
        "#]],
    );
}

/// `import --into`: the windows added to a commented file keep every comment and the file's layout, each with a
/// comment naming its source; a second import of the same text changes nothing; an announcement that moves a
/// window updates the imported one in place; what has no start or no end is said, not added.
#[test]
fn windows_are_added_to_a_commented_file_once_and_updated_in_place() {
    use onshi_tray_reader::edit::{add_to, Change};
    let published = NaiveDate::from_ymd_opt(2026, 7, 14).unwrap();
    let first = read(
        "令和8年8月においては以下の日程を予定しています。利用登録ができなくなります。・8/10(月)22:00 ～ 8/11(火)08:00 ・8/16(日)00:00 ～ 08:00",
        published,
    );
    let file = "# 受付PCの設定（管理者）\n[facility]\nweekday = \"08:30-18:00\"  # 平日\n\n[[window]]\nid = \"own\"\ntitle = \"院内作業\"\nstart = 2026-08-01T22:00:00\nend = 2026-08-01T23:00:00\n";
    let (added, changes) = add_to(file, &first.windows, "keikaku.txt").unwrap();
    assert!(added.starts_with(file), "the file is kept as it was, the windows after it:\n{added}");
    assert_eq!(
        changes,
        [
            Change::Added("import-20260810T2200-6072".to_string()),
            Change::Added("import-20260816T0000-6072".to_string())
        ]
    );
    expect![[r#"

        # imported from keikaku.txt (line 1): ・8/10(月)22:00 ～ 8/11(火)08:00
        [[window]]
        id = "import-20260810T2200-6072"
        title = "マイナンバーカードの健康保険証の利用登録のメンテナンス"
        start = 2026-08-10T22:00:00
        end = 2026-08-11T08:00:00
        impact = "partial"
        effect = "マイナンバーカードの健康保険証の利用登録のみ。"
        system = "マイナンバーカードの健康保険証の利用登録"

        # imported from keikaku.txt (line 1): ・8/16(日)00:00 ～ 08:00
        [[window]]
        id = "import-20260816T0000-6072"
        title = "マイナンバーカードの健康保険証の利用登録のメンテナンス"
        start = 2026-08-16T00:00:00
        end = 2026-08-16T08:00:00
        impact = "partial"
        effect = "マイナンバーカードの健康保険証の利用登録のみ。"
        system = "マイナンバーカードの健康保険証の利用登録"
    "#]]
    .assert_eq(&added[file.len()..]);
    let (again, changes) = add_to(&added, &first.windows, "keikaku.txt").unwrap();
    assert_eq!(again, added, "a second import changes nothing");
    // Taken back: the file is as it was, comments and all.
    let ids = ["import-20260810T2200-6072".to_string(), "import-20260816T0000-6072".to_string()];
    assert_eq!(onshi_tray_reader::edit::remove(&added, &ids).unwrap(), (file.to_string(), 2));
    assert_eq!(onshi_tray_reader::edit::remove(file, &ids).unwrap(), (file.to_string(), 0));
    assert!(changes.iter().all(|c| matches!(c, Change::Unchanged(_))), "{changes:?}");
    // The next announcement starts the 16th's window an hour earlier, on the 15th.
    let second = read(
        "令和8年8月及び9月においては以下の日程を予定しています。利用登録ができなくなります。・8/10(月)22:00 ～ 8/11(火)08:00 ・8/15(土)23:00 ～ 8/16(日)08:00 ・9/5(土)21:00 ～ 9/6(日)08:00",
        NaiveDate::from_ymd_opt(2026, 8, 4).unwrap(),
    );
    let (updated, changes) = add_to(&added, &second.windows, "keikaku2.txt").unwrap();
    assert_eq!(
        changes,
        [
            Change::Unchanged("import-20260810T2200-6072".to_string()),
            Change::Updated {
                id: "import-20260816T0000-6072".to_string(),
                from: "2026-08-16T00:00:00〜2026-08-16T08:00:00".to_string()
            },
            Change::Added("import-20260905T2100-6072".to_string()),
        ]
    );
    assert!(
        updated.contains("start = 2026-08-15T23:00:00") && !updated.contains("start = 2026-08-16T00:00:00"),
        "{updated}"
    );
    assert_eq!(updated.matches("[[window]]").count(), 4);
    // An incident solved: no start, said.
    let solved = read("6月11日2時45分に事象が解消しております。", NaiveDate::from_ymd_opt(2026, 6, 10).unwrap());
    let (_, changes) = add_to(file, &solved.windows, "x").unwrap();
    assert!(matches!(&changes[0], Change::Skipped { why } if why.contains("start")), "{changes:?}");
}

/// What a window does, in the announcement's terms, where it names a scope: the notices' effect sentence (the
/// config's `effect`), so that staff read what the announcement says, not a generic line.
#[test]
fn the_effect_speaks_like_the_announcement() {
    let effect = |text: &str| read(text, NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()).windows[0].effect.clone();
    assert_eq!(
        effect("利用登録ができなくなりますので、ご留意ください。オンライン資格確認は通常どおり利用できます。・7/11(土)00:00 ～ 08:00"),
        Some("マイナンバーカードの健康保険証の利用登録のみ。オンライン資格確認は通常どおり使えます。".to_string())
    );
    assert_eq!(
        effect("PMHのメンテナンスのため接続できなくなります。なお、オンライン資格確認等システムの動作には影響はありません。2026年7月11日（土）21:00 ～ 翌2:00"),
        Some("PMHを利用できません。オンライン資格確認は通常どおり使えます。".to_string())
    );
    assert_eq!(effect("オンライン資格確認等システムが利用できなくなります。令和8年7月12日（日）2:00～3:00"), None);
}

/// Two systems' windows in one letter: each window takes the system and impact its own sentence names; a window
/// whose sentence names none takes the letter's.
#[test]
fn each_window_takes_the_system_and_impact_of_its_own_sentence() {
    let reading = read(
        "オンライン資格確認等システムのメンテナンスについて\n日時：令和8年10月31日(土)22:00~23:00(予定)\nログイン中の医療機関等はログアウトされる可能性があります。\nまた、マイナポータルは11月14日(土)21:30 ～ 翌2:00 に利用できなくなります。\n・11/21(土)22:00～23:00",
        NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
    );
    let got: Vec<(String, &str, Option<&str>)> = reading
        .windows
        .iter()
        .map(|w| (w.start.unwrap().format("%m-%d %H:%M").to_string(), w.impact.code(), w.system.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("10-31 22:00".to_string(), "logout", Some("オンライン資格確認等システム")),
            ("11-14 21:30".to_string(), "outage", Some("マイナポータル")),
            ("11-21 22:00".to_string(), "logout", Some("オンライン資格確認等システム")),
        ]
    );
}
