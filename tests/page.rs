//! The guidance page as a browser shows and prints it: Debian's headless Chromium renders the page the app writes
//! (`onshi-tray guide`), and poppler reads the PDF it prints. `scripts/setup.sh test` installs both.

use std::path::Path;
use std::process::Command;

use super::cli::Home;

const URL: &str = "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769";

/// Runs headless Chromium on a local file with `args` (`--print-to-pdf=...`, `--screenshot=...`).
fn chromium(home: &Home, page: &Path, args: &[String]) {
    let profile = home.path("chromium-profile");
    std::fs::create_dir_all(&profile).unwrap();
    let out = Command::new("timeout")
        .args(["120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .args(["--disable-background-networking", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .env("HOME", home.path("chromium-home"))
        .output()
        .expect("chromium is missing: run scripts/setup.sh test");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
}

fn tool(program: &str, args: &[&str]) -> String {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (run scripts/setup.sh test)"));
    assert!(out.status.success(), "{program} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Writes the page with `onshi-tray guide`, prints it to PDF, and returns the PDF's text (without white space) and
/// its links.
fn print(home: &Home, args: &[&str]) -> (String, String) {
    let page = home.path("guide.html");
    let mut all = vec!["guide", "--out", page.to_str().unwrap()];
    all.extend(args);
    let out = home.run(&all);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = home.path("guide.pdf");
    chromium(home, &page, &[format!("--print-to-pdf={}", pdf.display())]);
    let pdf = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[pdf]);
    assert!(info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 1")), "one page: {info}");
    assert!(info.lines().any(|l| l.starts_with("Page size:") && l.contains("(A4)")), "A4: {info}");
    // Lines of the printed page are joined: a phrase may wrap anywhere in Japanese text.
    let text: String = tool("pdftotext", &[pdf, "-"]).split_whitespace().collect();
    (text, tool("pdfinfo", &["-url", pdf]))
}

/// Each part is on the printed page (white space aside: a phrase may wrap anywhere).
fn assert_has(text: &str, parts: &[&str]) {
    for part in parts {
        let part: String = part.split_whitespace().collect();
        assert!(text.contains(&part), "the printed page lacks `{part}`:\n{text}");
    }
}

#[test]
fn the_guidance_page_prints_on_one_a4_page_with_every_part() {
    let home = Home::new();
    let (text, links) = print(&home, &["--at", "2026-03-21T22:10:00"]);
    assert_has(
        &text,
        &[
            "オンライン資格確認等システム改修作業",
            "作業中",
            "3月21日（土）22:00〜23:00",
            "受付での対応",
            "1. ログアウトされたら",
            "10割負担にはしません",
            "資格確認書が提示されたときは、券面",
            "マイナポータルは作業中も使えます",
            "患者さんへのご説明",
            "オンライン資格確認等コールセンター",
            "0800-080-4583",
            "受付時間：月〜金 8:00〜18:00",
            "医療機関等の窓口における資格確認方法",
        ],
    );
    // Whether the call center is open at the moment of printing is stale once the page is pinned up.
    assert!(!text.contains("いまは受付時間外です") && !text.contains("次の受付開始"), "{text}");
    assert!(links.lines().any(|l| l.ends_with(&format!(" {URL}"))), "the portal link, exactly: {links}");
}

#[test]
fn an_outage_with_a_moving_end_and_its_own_link_also_fits_one_page_in_both_languages() {
    let home = Home::new();
    let windows = "[[window]]\nid = \"outage\"\ntitle = \"夜間停止\"\ntitle_en = \"Overnight outage\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\nimpact = \"outage\"\nend_may_change = true\nlink_title = \"停止中の確認方法\"\nlink_url = \"https://www.mhlw.go.jp/stf/outage.html\"\n\n[[window]]\nid = \"later\"\ntitle = \"JPKI メンテナンス\"\nsystem = \"公的個人認証サービス\"\nimpact = \"partial\"\nstart = 2026-03-28T22:00:00\nend = 2026-03-29T02:00:00\n";
    home.write(&home.user_config(), windows);
    let (text, links) = print(&home, &["--at", "2026-03-24T23:00:00"]);
    assert_has(
        &text,
        &[
            "夜間停止",
            "作業中は使えません",
            "ログインを何度も試さないでください",
            "終了時刻は前後することがあります",
            "停止中の確認方法",
            "そのほかの予定",
            "公的個人認証サービス",
        ],
    );
    assert!(links.contains("https://www.mhlw.go.jp/stf/outage.html") && links.contains(URL), "{links}");

    home.write(&home.user_config(), &format!("language = \"en\"\n{windows}"));
    let (text, _) = print(&home, &["--at", "2026-03-24T23:00:00", "--window", "outage"]);
    assert_has(
        &text,
        &[
            "Overnight outage",
            "At the counter",
            "Never charge 100%",
            "What to tell patients",
            "0800-080-4583",
            "The end may move",
        ],
    );
}

/// `fleet --html`: the page as Chromium shows and prints it: every PC a row, the problem rows first and marked in
/// words (not by colour alone), sortable by a column's heading (here through `#sort-1`, the computer's name).
#[test]
fn the_fleet_page_shows_the_problem_rows_first_and_sorts_by_a_column() {
    let home = Home::new();
    let dir = home.path("reports");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |computer: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut report = super::cli::pc_report(computer, "2027-01-10T12:00:00+09:00");
        change(&mut report);
        let path = dir.join(format!("{computer}-uketsuke.json"));
        std::fs::write(&path, report.to_string()).unwrap();
        super::cli::stamp(&path, "2027-01-10T12:00:00+09:00");
    };
    write("RECEPT-3", &|_| {});
    write("RECEPT-1", &|r| {
        r["notices"] = serde_json::json!({"state": "off", "reason": "notifications are off for onshi-tray"})
    });
    write("RECEPT-4", &|_| {});
    write(
        "RECEPT-2",
        &|r| r["clock"] = serde_json::json!({"offset_seconds": 420, "against": "https://feeds.example.jp/onshi.toml", "at": "2027-01-10T11:00:00+09:00"}),
    );
    std::fs::write(dir.join("broken.json"), "{\"format\": 1,").unwrap();
    let page = home.path("fleet.html");
    let out = home.run(&[
        "fleet",
        dir.to_str().unwrap(),
        "--html",
        page.to_str().unwrap(),
        "--at",
        "2027-01-10T12:05:00+09:00",
    ]);
    assert_eq!(out.status.code(), Some(1));

    let pdf = home.path("fleet.pdf");
    chromium(&home, &page, &[format!("--print-to-pdf={}", pdf.display())]);
    let text: String = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    let rows: Vec<&str> = text.lines().filter(|l| l.contains("RECEPT-")).collect();
    assert_eq!(rows.len(), 4, "{text}");
    assert!(
        rows[0].contains("要対応") && rows[0].contains("RECEPT-1") && rows[0].contains("notifications off"),
        "{text}"
    );
    assert!(rows[1].contains("要対応") && rows[1].contains("RECEPT-2") && rows[1].contains("7 min slow"), "{text}");
    assert!(rows[2].contains("OK") && rows[2].contains("RECEPT-3"), "{text}");
    assert!(text.contains("broken.json"), "the skipped file is named: {text}");

    // Sorted by the computer's name (the heading's click, through the address).
    let profile = home.path("chromium-profile");
    let out = Command::new("timeout")
        .args(["120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        .arg("--disable-background-networking")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}#sort-1", page.display()))
        .env("HOME", home.path("chromium-home"))
        .output()
        .expect("chromium is missing: run scripts/setup.sh test");
    let dom = String::from_utf8_lossy(&out.stdout);
    let order: Vec<usize> = (1..=4).map(|i| dom.find(&format!("<td>RECEPT-{i}</td>")).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "sorted by computer: {order:?}\n{dom}");
    let shot = home.path("fleet.png");
    chromium(&home, &page, &[format!("--screenshot={}", shot.display()), "--window-size=1200,500".to_string()]);
    assert!(std::fs::metadata(&shot).unwrap().len() > 10_000, "a screenshot with something on it");
}

/// A circular as offices pass it on: an HTML letter in the project's own words, printed to PDF by headless Chromium
/// (which draws each glyph run on its own, with Type 3 fonts and `ActualText` spans), then `import`ed: the windows
/// come out of the PDF's text layer with their evidence, the letter's own date is not a window, and a PDF with no
/// text at all is refused with words a person can act on.
#[test]
fn import_reads_a_circular_that_chromium_printed_to_pdf() {
    let home = Home::new();
    let page = home.path("circular.html");
    std::fs::write(
        &page,
        "<!doctype html><meta charset=utf-8><title>事務連絡</title>\
         <body style=\"font-family:'Noto Sans CJK JP',sans-serif\">\
         <p style=\"text-align:right\">事　務　連　絡<br>令和８年１０月２日</p>\
         <p>会員各位</p><h2 style=\"text-align:center\">オンライン資格確認等システムの<b>メンテナンス</b>について</h2>\
         <p>標記について、下記のとおり作業が予定されていますのでお知らせします。</p>\
         <table border=1><tr><th>日時</th><td>令和 8 年 10 月 31 日 (土) の 22:00~23:00 (予定)</td></tr>\
         <tr><th>影響</th><td>ログイン中の医療機関等は<strong>ログアウトされる可能性</strong>があります。</td></tr></table>\
         <p>また、マイナポータルは ・11/14(土)21:30 ～ 翌2:00 に利用できなくなります。</p>\
         <p>ご不明な点は11月6日（金）までにお問い合わせください。</p></body>",
    )
    .unwrap();
    let pdf = home.path("circular.pdf");
    chromium(&home, &page, &[format!("--print-to-pdf={}", pdf.display())]);
    let out = home.run(&["import", pdf.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let windows = json["windows"].as_array().unwrap();
    let got: Vec<(String, String, String)> = windows
        .iter()
        .map(|w| (w["start"].to_string(), w["end"].to_string(), w["impact"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("\"2026-10-31T22:00:00+09:00\"".into(), "\"2026-10-31T23:00:00+09:00\"".into(), "logout".into()),
            ("\"2026-11-14T21:30:00+09:00\"".into(), "\"2026-11-15T02:00:00+09:00\"".into(), "outage".into()),
        ],
        "{json:#}"
    );
    assert_eq!(windows[0]["system"], "オンライン資格確認等システム", "{json:#}");
    assert_eq!(windows[0]["end_may_change"], true, "（予定） on the time: {json:#}");
    assert_eq!(windows[1]["system"], "マイナポータル", "{json:#}");
    assert!(
        windows[0]["evidence"]["text"].as_str().unwrap().contains("令和 8 年 10 月 31 日 (土) の 22:00~23:00"),
        "the evidence is the printed line: {json:#}"
    );
    let not: Vec<&str> = json["not_windows"].as_array().unwrap().iter().map(|n| n["text"].as_str().unwrap()).collect();
    assert!(not.iter().any(|t| t.contains("令和８年１０月２日")), "the letter's date: {json:#}");

    let text = home.run(&["import", pdf.to_str().unwrap()]);
    assert!(stdout_of(&text).contains("(read as a PDF, text layer)"), "{}", stdout_of(&text));

    // A scan: a PDF whose page has no text. Chromium prints an empty page so.
    let blank = home.path("blank.html");
    std::fs::write(&blank, "<!doctype html><body><div style=\"width:100px;height:100px;background:#888\"></div>")
        .unwrap();
    let scan = home.path("scan.pdf");
    chromium(&home, &blank, &[format!("--print-to-pdf={}", scan.display())]);
    let out = home.run(&["import", scan.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("scan.pdf: the PDF has no text layer (a scan?)"), "{err}");
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}
