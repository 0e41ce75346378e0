//! 「お知らせの文面から予定を追加…」 on the test desktop, as a clinic without IT uses it: a portal article's text
//! copied (xclip owns the clipboard, as a browser does), the menu item, the question with 追加する and やめる (nothing
//! changes before the answer), the window in the submenu at once and its notices in `simulate`, and
//! 「追加した予定を取り消す」 taking it back, also after a restart.

use std::time::Duration;

use super::{Desktop, Services};

const SECS: fn(u64) -> Duration = Duration::from_secs;

/// A portal article in the project's own words, in the shape the portal writes its 計画停止 notices.
const ARTICLE: &str = "【重要】オンライン資格確認等システムのメンテナンスについて\n\
    いつもご利用いただきありがとうございます。\n\
    下記の日時において、オンライン資格確認等システムにログインしている場合、ログアウトされる可能性がございます。\n\
    ・10/31(土)22:00 ～ 23:00\n\
    お手数ですが、時間を空けて再度ログインをお願いいたします。\n\
    ご不明点は10月30日（金）までにお問い合わせください。";

#[test]
fn a_copied_announcement_becomes_a_window_after_yes_and_the_undo_takes_it_back() {
    let desktop = Desktop::start(Services::ALL);
    let app = desktop.app(&["--simulate-from", "2026-10-02T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    let config = desktop.home.user_config();
    assert!(!config.exists());

    // Nothing on the clipboard: said, with what to copy.
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let nothing = desktop.wait_notice(&app, 0, "予定が見つかりませんでした", SECS(10));
    assert!(nothing["body"].as_str().unwrap().contains("コピーされたものを読めませんでした。"), "{nothing}");

    // The article copied as a browser copies it (HTML of the selection): the question, and nothing changed yet.
    let html = format!("<meta charset='utf-8'><div>{}</div>", ARTICLE.replace('\n', "<br>"));
    desktop.copy("text/html", &html);
    let before = desktop.notices().len();
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let question = desktop.wait_notice(&app, before, "お知らせの文面から予定が1件見つかりました", SECS(10));
    assert_eq!(
        question["body"],
        "・10/31(土) 22:00〜23:00 ログアウトの可能性（オンライン資格確認等システム）\n「追加する」で予定に加えます。押すまで何も変わりません。"
    );
    let actions: Vec<&str> = question["actions"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(actions, ["add-import", "追加する", "decline", "やめる"], "{question}");
    assert!(!config.exists(), "nothing is added before the answer");
    // The list page quotes the article (opened only where the notice cannot list every window).
    let id = question["id"].as_u64().unwrap().to_string();
    let page = desktop.home.path("data/onshi-tray/import.html");
    assert!(desktop.opened().is_empty());
    let list = std::fs::read_to_string(&page).unwrap();
    assert!(list.contains("・10/31(土)22:00 ～ 23:00") && list.contains("ログアウトの可能性"), "{list}");
    assert!(list.contains("コピーしたページから次の予定が見つかりました。"), "{list}");

    // 追加する: in the user's file with its source, in the submenu at once.
    let before = desktop.notices().len();
    desktop.client(&["invoke", &id, "add-import"]);
    let added = desktop.wait_notice(&app, before, "予定を1件追加しました", SECS(10));
    assert!(added["body"].as_str().unwrap().contains("「追加した予定を取り消す」"), "{added}");
    let window = "  10月31日（土）22:00〜23:00 オンライン資格確認等システムのメンテナンス";
    desktop.wait_for(&app, "the window in the submenu", SECS(10), || {
        desktop.labels(&item).iter().any(|l| l == window).then_some(())
    });
    let labels = desktop.labels(&item);
    assert!(labels.iter().any(|l| l == "追加した予定を取り消す"), "{labels:?}");
    let text = std::fs::read_to_string(&config).unwrap();
    assert!(
        text.contains("# imported from the clipboard (a web page) (line ")
            && text.contains("): ・10/31(土)22:00 ～ 23:00\n"),
        "{text}"
    );
    assert!(text.contains("start = 2026-10-31T22:00:00") && text.contains("impact = \"logout\""), "{text}");

    // Its notices, as `simulate` (the same code as the app) lays them out for that evening.
    let out = desktop.run(&["simulate", "--from", "2026-10-31T20:00:00+09:00", "--to", "2026-10-31T23:30:00+09:00"]);
    let simulated = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{simulated}");
    let lines: Vec<&str> = simulated.lines().filter(|l| l.contains("import-20261031T2200")).collect();
    let kinds: Vec<String> = lines.iter().map(|l| l.split_whitespace().take(2).collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(
        kinds,
        [
            "2026-10-31T20:00:00+09:00 heads-up",
            "2026-10-31T21:00:00+09:00 lead-60m",
            "2026-10-31T21:45:00+09:00 lead-15m",
            "2026-10-31T22:00:00+09:00 start",
            "2026-10-31T23:00:00+09:00 end",
        ],
        "{simulated}"
    );

    // The same copy again: already there, nothing doubled.
    let before = desktop.notices().len();
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let again = desktop.wait_notice(&app, before, "見つかりました", SECS(10));
    desktop.client(&["invoke", &again["id"].as_u64().unwrap().to_string(), "add-import"]);
    desktop.wait_notice(&app, before, "予定はすでに追加されています", SECS(10));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    // やめる on a question: nothing changes.
    let before = desktop.notices().len();
    desktop.copy("text/plain", "マイナポータルは11月14日(土)21:30 ～ 翌2:00 に利用できなくなります。");
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let declined = desktop.wait_notice(&app, before, "見つかりました", SECS(10));
    desktop.client(&["invoke", &declined["id"].as_u64().unwrap().to_string(), "decline"]);
    desktop.wait_for(&app, "the decline", SECS(5), || app.log_text().contains("import: declined").then_some(()));
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    // More windows than a notice lists: the list page opens beside the question, which says so.
    let before = desktop.notices().len();
    desktop.copy(
        "text/plain",
        "下記の日時において、オンライン資格確認等システムにログインしている場合、ログアウトされる可能性がございます。\n・11/7(土)22:00 ～ 23:00\n・11/14(土)22:00 ～ 23:00\n・11/21(土)22:00 ～ 23:00\n・11/28(土)22:00 ～ 23:00",
    );
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let four = desktop.wait_notice(&app, before, "予定が4件見つかりました", SECS(10));
    assert!(four["body"].as_str().unwrap().contains("ほか1件（一覧をブラウザーで開きました）"), "{four}");
    let page = desktop.home.path("data/onshi-tray/import.html").display().to_string();
    desktop.wait_for(&app, "the list page opened", SECS(5), || desktop.opened().contains(&page).then_some(()));
    assert!(std::fs::read_to_string(&page).unwrap().contains("11/28(土) 22:00〜23:00"));
    desktop.client(&["invoke", &four["id"].as_u64().unwrap().to_string(), "decline"]);
    desktop.wait_for(&app, "the second decline", SECS(5), || {
        (app.log_text().matches("import: declined").count() == 2).then_some(())
    });
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    // The undo survives a restart, and takes the window back out.
    drop(app);
    let app = desktop.app(&["--simulate-from", "2026-10-02T10:05:00+09:00"], &[]);
    let item = desktop.item(&app);
    let before = desktop.notices().len();
    desktop.click(&item, "追加した予定を取り消す");
    desktop.wait_notice(&app, before, "追加した予定を1件取り消しました", SECS(10));
    desktop.wait_for(&app, "the window gone from the submenu", SECS(10), || {
        let labels = desktop.labels(&item);
        (labels.iter().all(|l| l != window) && labels.iter().all(|l| l != "追加した予定を取り消す")).then_some(())
    });
    assert_eq!(std::fs::read_to_string(&config).unwrap(), "", "the file as it was before the import");
}

/// A file copied in the file manager (a `text/uri-list` of a Japanese file name) is read as `import` reads it; a
/// user file that does not read is never written: the person is told nothing changed, the log says where the file is
/// broken, and the app runs on.
#[test]
fn a_copied_file_is_read_and_a_broken_user_file_is_left_as_it_was() {
    let desktop = Desktop::start(Services::ALL);
    let broken = "# 受付PC\n[notify]\nlead_minutes = [60,\n";
    desktop.write_user_config(broken);
    let app = desktop.app(&["--simulate-from", "2026-10-02T10:00:00+09:00"], &[]);
    let item = desktop.item(&app);
    let file = desktop.home.path("お知らせ.txt");
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(ARTICLE);
    std::fs::write(&file, &sjis).unwrap();
    let encoded: String = file
        .to_str()
        .unwrap()
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/._-".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    desktop.copy("text/uri-list", &format!("file://{encoded}\r\n"));
    desktop.click(&item, "お知らせの文面から予定を追加…");
    let question = desktop.wait_notice(&app, 0, "お知らせの文面から予定が1件見つかりました", SECS(10));
    let list = std::fs::read_to_string(desktop.home.path("data/onshi-tray/import.html")).unwrap();
    assert!(list.contains("「お知らせ.txt」から次の予定が見つかりました。"), "{list}");
    let before = desktop.notices().len();
    desktop.client(&["invoke", &question["id"].as_u64().unwrap().to_string(), "add-import"]);
    let failed = desktop.wait_notice(&app, before, "予定を変更できませんでした", SECS(10));
    assert!(failed["body"].as_str().unwrap().contains("予定は変わっていません"), "{failed}");
    assert_eq!(std::fs::read_to_string(desktop.home.user_config()).unwrap(), broken, "left as it was");
    let log = app.log_text();
    let line = log.lines().find(|l| l.contains("import: not added:")).unwrap_or_else(|| panic!("{log}"));
    assert!(line.contains("config.toml") && line.contains("line 3"), "the file and where it is broken: {line}");
    assert!(app.exited().is_none(), "the app runs on");
    assert!(!desktop.labels(&item).iter().any(|l| l == "追加した予定を取り消す"), "nothing to take back");
}
