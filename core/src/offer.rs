//! 「お知らせの文面から予定を追加…」: what a person is shown before windows read out of an announcement are added,
//! and after. Nothing is added without a person's yes: the shell reads the clipboard and the announcement reader
//! proposes; this module words the question (a notice with 追加する / やめる on Linux, a message box on Windows), the
//! list page, and the answers. The shell adds the windows only on [`crate::reception::Choice::AddImport`].

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Tokyo;

use crate::config::{Impact, Language};
use crate::notice::NoticeText;

/// A window the reader found, as the question shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offered {
    /// The id it gets in the user's file.
    pub id: String,
    pub title: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub impact: Impact,
    pub system: Option<String>,
    pub end_may_change: bool,
    /// The line of the announcement it was read from.
    pub evidence: String,
}

/// Where the announcement came from, as the list page names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Copied {
    /// Text copied from a page or an e-mail.
    Text,
    /// A browser's copy of a page (its markup).
    Page,
    /// A file copied in Explorer or the file manager: its name.
    File(String),
}

impl Copied {
    fn name(&self, language: Language) -> String {
        match (self, language) {
            (Copied::Text, Language::Ja) => "コピーした文面".to_string(),
            (Copied::Page, Language::Ja) => "コピーしたページ".to_string(),
            (Copied::Text, Language::En) => "the copied text".to_string(),
            (Copied::Page, Language::En) => "the copied page".to_string(),
            (Copied::File(name), _) => name.clone(),
        }
    }
}

/// The most windows the notice lists (the page lists them all).
const NOTICE_LINES: usize = 3;

fn weekday_ja(t: DateTime<chrono_tz::Tz>) -> &'static str {
    use chrono::Datelike;
    ["月", "火", "水", "木", "金", "土", "日"][t.weekday().num_days_from_monday() as usize]
}

/// One window in a line: `10/31(土) 22:00〜23:00 ログアウトの可能性（オンライン資格確認等システム）`.
pub fn line(window: &Offered, language: Language) -> String {
    let (start, end) = (window.start.with_timezone(&Tokyo), window.end.with_timezone(&Tokyo));
    let same_day = start.date_naive() == end.date_naive()
        || (end - start <= chrono::Duration::hours(24) && end.format("%H:%M").to_string() == "00:00");
    let end_text = if same_day { end.format("%H:%M").to_string() } else { end.format("%-m/%-d %H:%M").to_string() };
    match language {
        Language::Ja => {
            let impact = match window.impact {
                Impact::Logout => "ログアウトの可能性",
                Impact::Outage => "利用できません",
                Impact::Partial => "一部が利用できません",
            };
            let end_text = if same_day {
                end_text
            } else {
                format!("{}({}) {}", end.format("%-m/%-d"), weekday_ja(end), end.format("%H:%M"))
            };
            format!(
                "{}({}) {}〜{}{} {}{}",
                start.format("%-m/%-d"),
                weekday_ja(start),
                start.format("%H:%M"),
                end_text,
                if window.end_may_change { "（終了は前後する場合あり）" } else { "" },
                impact,
                window.system.as_ref().map_or(String::new(), |s| format!("（{s}）"))
            )
        }
        Language::En => format!(
            "{} {}–{}{} {}{}",
            start.format("%a %-m/%-d"),
            start.format("%H:%M"),
            end_text,
            if window.end_may_change { " (the end may move)" } else { "" },
            window.impact.code(),
            window.system.as_ref().map_or(String::new(), |s| format!(" ({s})"))
        ),
    }
}

/// The question, in the words of a notice (Linux: its buttons are 追加する and やめる, a click opens the list page)
/// and of a message box (Windows: はい adds, いいえ does not; the box lists every window).
pub struct Question {
    pub title: String,
    pub notice_body: String,
    pub box_body: String,
    pub add: &'static str,
    pub decline: &'static str,
    /// The notice lists only the first windows: the list page is opened with it.
    pub page_too: bool,
}

pub fn question(windows: &[Offered], language: Language) -> Question {
    let lines: Vec<String> = windows.iter().map(|w| format!("・{}", line(w, language))).collect();
    let mut shown: Vec<String> = lines.iter().take(NOTICE_LINES).cloned().collect();
    match language {
        Language::Ja => {
            if lines.len() > NOTICE_LINES {
                shown.push(format!("ほか{}件（一覧をブラウザーで開きました）", lines.len() - NOTICE_LINES));
            }
            Question {
                title: format!("お知らせの文面から予定が{}件見つかりました", windows.len()),
                notice_body: format!("{}\n「追加する」で予定に加えます。押すまで何も変わりません。", shown.join("\n")),
                box_body: format!(
                    "コピーしたお知らせの文面から、次の予定が見つかりました。\n\n{}\n\n予定に追加しますか？\n「はい」で追加します（あとでメニューの「追加した予定を取り消す」で戻せます）。",
                    lines.join("\n")
                ),
                add: "追加する",
                decline: "やめる",
                page_too: lines.len() > NOTICE_LINES,
            }
        }
        Language::En => {
            if lines.len() > NOTICE_LINES {
                shown.push(format!("and {} more (the list is open in the browser)", lines.len() - NOTICE_LINES));
            }
            Question {
                title: format!("{} maintenance window(s) found in the announcement", windows.len()),
                notice_body: format!("{}\n“Add” adds them; nothing changes until then.", shown.join("\n")),
                box_body: format!(
                    "The copied announcement names these maintenance windows:\n\n{}\n\nAdd them to the schedule?\n“Yes” adds them (the menu’s “Remove the added windows” takes them back).",
                    lines.join("\n")
                ),
                add: "Add",
                decline: "Cancel",
                page_too: lines.len() > NOTICE_LINES,
            }
        }
    }
}

/// Why nothing is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nothing {
    /// The clipboard is empty, or could not be read (the log says why).
    Clipboard,
    /// What was copied has no text to read: a scanned PDF, a protected one, a file of another kind.
    NoText,
    /// It was read, and names no window with a start and an end.
    NoWindow,
}

/// Why nothing is asked, in words that say what to copy (the reason in the administrator's terms is in the log).
pub fn nothing_found(why: Nothing, language: Language) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: "お知らせの文面に予定が見つかりませんでした".to_string(),
            body: format!(
                "{}ポータルの記事やメールの本文（作業の日時が書かれた部分）を選んでコピーするか、お知らせの PDF やメールのファイルをコピーしてから、もう一度お試しください。",
                match why {
                    Nothing::Clipboard => "コピーされたものを読めませんでした。\n",
                    Nothing::NoText => "コピーされたファイルから文字を読み取れませんでした（スキャンした PDF など）。\n",
                    Nothing::NoWindow => "",
                }
            ),
        },
        Language::En => NoticeText {
            title: "No maintenance window found in the announcement".to_string(),
            body: format!(
                "{}Copy the text of the portal article or e-mail (the part with the dates), or copy its file (PDF, .eml, .txt, .html), then try again.",
                match why {
                    Nothing::Clipboard => "What was copied could not be read.\n",
                    Nothing::NoText => "The copied file has no text to read (a scanned PDF?).\n",
                    Nothing::NoWindow => "",
                }
            ),
        },
    }
}

/// After 追加する: how many were added (and how many were there already).
pub fn added(added: usize, already: usize, language: Language) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: if added > 0 {
                format!("予定を{added}件追加しました")
            } else {
                "予定はすでに追加されています".to_string()
            },
            body: format!(
                "{}メニューの「予定されている作業」に出ています。間違いがあれば「追加した予定を取り消す」で戻せます。",
                if already > 0 { format!("{already}件はすでにありました。") } else { String::new() }
            ),
        },
        Language::En => NoticeText {
            title: if added > 0 {
                format!("{added} window(s) added")
            } else {
                "The windows were already there".to_string()
            },
            body: format!(
                "{}They are in the menu under “Scheduled maintenance”. “Remove the added windows” takes them back.",
                if already > 0 { format!("{already} were already there. ") } else { String::new() }
            ),
        },
    }
}

/// After 「追加した予定を取り消す」.
pub fn undone(removed: usize, language: Language) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: format!("追加した予定を{removed}件取り消しました"),
            body: "お知らせの文面から追加した予定を、追加する前に戻しました。".to_string(),
        },
        Language::En => NoticeText {
            title: format!("{removed} added window(s) removed"),
            body: "The windows added from the announcement are gone again.".to_string(),
        },
    }
}

/// The windows could not be added or removed (the user's file cannot be written, or would not read): whom to ask.
pub fn failed(language: Language) -> NoticeText {
    match language {
        Language::Ja => NoticeText {
            title: "予定を変更できませんでした".to_string(),
            body: "設定ファイルに書き込めませんでした。予定は変わっていません。システムの担当者にお知らせください（詳しくはログにあります）。".to_string(),
        },
        Language::En => NoticeText {
            title: "The schedule could not be changed".to_string(),
            body: "The config file could not be written; nothing changed. Please tell your IT contact (the log has the details).".to_string(),
        },
    }
}

/// A file's name in quotes (「」 or “”), the copied text or page as it is said; escaped for the page.
fn quoted(copied: &Copied, name: &str, language: Language) -> String {
    match (copied, language) {
        (Copied::File(_), Language::Ja) => format!("「{}」", escape(name)),
        (Copied::File(_), Language::En) => format!("“{}”", escape(name)),
        _ => escape(name),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The list page: every window found, with the words of the announcement it was read from, and what to do next.
pub fn page(windows: &[Offered], copied: &Copied, language: Language) -> String {
    let source = copied.name(language);
    let (title, lead, columns, next) = match language {
        Language::Ja => (
            "お知らせの文面から見つかった予定",
            format!("{}から次の予定が見つかりました。", quoted(copied, &source, language)),
            ["予定", "お知らせの文面"],
            "お知らせの「追加する」で予定に加えます（Windows では確認の画面の「はい」）。押すまで何も変わりません。",
        ),
        Language::En => (
            "Maintenance windows found in the announcement",
            format!("These windows were found in {}.", quoted(copied, &source, language)),
            ["Window", "Where the announcement says so"],
            "The notice’s “Add” adds them; nothing changes until then.",
        ),
    };
    let rows: String = windows
        .iter()
        .map(|w| {
            format!(
                "<tr><td>{}</td><td class=\"quote\">{}</td></tr>\n",
                escape(&line(w, language)),
                escape(&w.evidence)
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title>\n<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #999;padding:.4em .6em;text-align:left;vertical-align:top}}th{{background:#eef}}.quote{{color:#333;font-size:.95em}}</style></head>\n<body><h1>{title}</h1><p>{lead}</p>\n<table><tr><th>{c0}</th><th>{c1}</th></tr>\n{rows}</table><p>{next}</p></body></html>\n",
        lang = if language == Language::Ja { "ja" } else { "en" },
        c0 = columns[0],
        c1 = columns[1],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn offered(start: (u32, u32, u32), end: (u32, u32, u32), impact: Impact, system: &str) -> Offered {
        let at = |(d, h, m): (u32, u32, u32)| Tokyo.with_ymd_and_hms(2026, 10, d, h, m, 0).unwrap().with_timezone(&Utc);
        Offered {
            id: "import-x".to_string(),
            title: "t".to_string(),
            start: at(start),
            end: at(end),
            impact,
            system: Some(system.to_string()),
            end_may_change: false,
            evidence: "日時：10/31(土)22:00~23:00 <予定>".to_string(),
        }
    }

    #[test]
    fn the_question_lists_what_would_be_added_in_the_words_of_the_counter() {
        let logout = offered((31, 22, 0), (31, 23, 0), Impact::Logout, "オンライン資格確認等システム");
        let mut overnight = offered((30, 21, 30), (31, 2, 0), Impact::Outage, "マイナポータル");
        overnight.end_may_change = true;
        let windows = vec![logout.clone(), overnight.clone(), logout.clone(), logout.clone()];
        let q = question(&windows, Language::Ja);
        assert_eq!(q.title, "お知らせの文面から予定が4件見つかりました");
        assert_eq!(
            q.notice_body,
            "・10/31(土) 22:00〜23:00 ログアウトの可能性（オンライン資格確認等システム）\n\
             ・10/30(金) 21:30〜10/31(土) 02:00（終了は前後する場合あり） 利用できません（マイナポータル）\n\
             ・10/31(土) 22:00〜23:00 ログアウトの可能性（オンライン資格確認等システム）\n\
             ほか1件（一覧をブラウザーで開きました）\n\
             「追加する」で予定に加えます。押すまで何も変わりません。"
        );
        assert_eq!(q.box_body.lines().filter(|l| l.starts_with('・')).count(), 4, "the box lists all: {}", q.box_body);
        assert!(q.box_body.contains("「はい」で追加します"));
        assert_eq!((q.add, q.decline, q.page_too), ("追加する", "やめる", true));
        assert!(!question(&windows[..3], Language::Ja).page_too, "three are all in the notice");
        // A window to midnight stays on its day.
        let to_midnight = offered((31, 22, 0), (31, 23, 0), Impact::Partial, "s");
        let to_midnight = Offered { end: to_midnight.end + chrono::Duration::hours(1), ..to_midnight };
        assert_eq!(line(&to_midnight, Language::Ja), "10/31(土) 22:00〜00:00 一部が利用できません（s）");
    }

    #[test]
    fn the_page_quotes_the_announcement_escaped() {
        let windows = [offered((31, 22, 0), (31, 23, 0), Impact::Logout, "オンライン資格確認等システム")];
        assert!(
            page(&windows, &Copied::Page, Language::Ja).contains("<p>コピーしたページから次の予定が見つかりました。")
        );
        assert!(page(&windows, &Copied::Text, Language::En).contains("<p>These windows were found in the copied text."));
        let page = page(&windows, &Copied::File("<お知らせ>.pdf".to_string()), Language::Ja);
        assert!(page.contains("「&lt;お知らせ&gt;.pdf」から次の予定が見つかりました。"), "{page}");
        assert!(page.contains("<td class=\"quote\">日時：10/31(土)22:00~23:00 &lt;予定&gt;</td>"), "{page}");
        assert!(!page.contains("<予定>"));
    }

    #[test]
    fn the_answers_say_what_changed_and_where_to_look() {
        assert_eq!(added(2, 0, Language::Ja).title, "予定を2件追加しました");
        assert_eq!(added(0, 2, Language::Ja).title, "予定はすでに追加されています");
        assert!(added(1, 1, Language::Ja).body.starts_with("1件はすでにありました。"));
        assert_eq!(undone(1, Language::Ja).title, "追加した予定を1件取り消しました");
        assert!(nothing_found(Nothing::Clipboard, Language::Ja)
            .body
            .starts_with("コピーされたものを読めませんでした。\n"));
        assert!(nothing_found(Nothing::NoWindow, Language::Ja).body.starts_with("ポータルの記事やメールの本文"));
        assert!(failed(Language::Ja).body.contains("予定は変わっていません"));
    }
}
