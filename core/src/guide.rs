//! The guidance page: one local HTML page with everything staff need at the counter, readable at a glance and
//! printable as a one-page A4 counter notice (掲示用).
//!
//! Pure: the page is a string made from the configuration and `now`; the shell writes it into the data directory and
//! opens it. It loads nothing from outside (many reception PCs have no internet), so its style is inline.

use chrono::{DateTime, Utc};

use crate::config::{Config, Impact, Language, Window};
use crate::hours;
use crate::notice::{
    app_name, capitalized, contact_hours, contact_now, day_time, effect_of, english_note, range, system_of,
    window_title,
};

/// The id of the page's call-center section (the menu's call-center item opens the page there).
pub const CONTACT_SECTION: &str = "contact";

/// A page that opens `page` (beside it) at its section `id` at once, without a script.
pub fn jump_to(page: &str, id: &str) -> String {
    let target = esc(&format!("{page}#{id}"));
    format!(
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n<title>{target}</title>\n</head>\n<body><p><a href=\"{target}\">{target}</a></p></body>\n</html>\n"
    )
}

/// How many later windows the page lists under the one it is about.
const LATER_WINDOWS: usize = 3;

/// The windows the page is about: `focus` alone, or the one in progress (else the next) first, then later ones.
pub fn windows_for(config: &Config, focus: Option<usize>, now: DateTime<Utc>) -> Vec<usize> {
    if let Some(i) = focus {
        return vec![i];
    }
    (0..config.windows.len()).filter(|&i| config.windows[i].end > now).take(1 + LATER_WINDOWS).collect()
}

/// The page for `focus` (an index into `config.windows`) or, without one, for the current or next window.
pub fn page(config: &Config, focus: Option<usize>, now: DateTime<Utc>) -> String {
    let language = config.language;
    let ja = language == Language::Ja;
    let windows = windows_for(config, focus, now);
    let t = texts(ja);
    let main = windows.first().map(|&i| &config.windows[i]);
    // A page about a window that took place speaks of it in the past: what happened, log in again.
    let over = main.is_some_and(|w| w.end <= now);
    let mut body = String::new();

    // Header: which work, when, and what it does.
    let heading = match main {
        Some(window) => window_title(window, language),
        None if ja => "オンライン資格確認 作業中・ログアウトされたときの対応".to_string(),
        None => "Online eligibility checks: what to do during maintenance".to_string(),
    };
    body += &format!("<header><p class=\"app\">{}</p>\n<h1>{}</h1>\n", esc(t.app), esc(&heading));
    match main {
        Some(window) => {
            let state = match (window.start <= now, over, ja) {
                (_, true, true) => "終了しました",
                (_, true, false) => "Took place",
                (true, false, true) => "作業中",
                (true, false, false) => "In progress",
                (false, _, true) => "予定",
                (false, _, false) => "Scheduled",
            };
            body += &format!(
                "<p class=\"when\"><span class=\"state\">{}</span> <span class=\"date\">{}{}</span> <span class=\"impact\">{}</span></p>\n",
                esc(state),
                esc(&range(window.start, window.end, language)),
                if ja { "" } else { " JST" },
                esc(&if over { impact_label_past(window, language) } else { impact_label(window, language) })
            );
            if over {
                body += &format!("<p class=\"effect\">{}</p>\n", esc(&what_happened(window, language)));
            } else if let Some(effect) = effect_of(window, language) {
                body += &format!("<p class=\"effect\">{}</p>\n", esc(effect));
            }
            if window.end_may_change && !over {
                body += &format!("<p class=\"note\">{}</p>\n", esc(t.may_move));
            }
        }
        None => body += &format!("<p class=\"when\">{}</p>\n", esc(t.none)),
    }
    body += "</header>\n";

    // The steps, then the rules every counter needs whatever the window.
    body += &format!("<section class=\"steps\"><h2>{}</h2>\n<ol>\n", esc(t.steps_title));
    for step in steps(config, main, over) {
        body += &format!("<li>{}</li>\n", esc(&step));
    }
    body += "</ol></section>\n";
    body += &format!("<section class=\"rule\"><p><strong>{}</strong>{}</p></section>\n", esc(t.rule_head), esc(t.rule));

    // For patients: a script to read out, and Mynaportal (unless Mynaportal itself is maintained).
    let system = main.map_or_else(|| system_of_none(language), |w| system_of(w, language).to_string());
    body += &format!("<section class=\"script\"><h2>{}</h2>\n<blockquote>", esc(t.script_title));
    body += &esc(&script(main, language, over));
    body += "</blockquote>\n";
    if !over && !system.contains("マイナポータル") && !system.to_lowercase().contains("mynaportal") {
        body += &format!("<p>{}</p>\n", esc(t.mynaportal));
    }
    body += "</section>\n";

    // The call center, open or closed right now, and the articles.
    let contact = &config.contact;
    let status = hours::status(&contact.hours, now);
    let note = if contact.note.is_empty() {
        String::new()
    } else if ja {
        format!("（{}）", contact.note)
    } else {
        format!(" ({})", english_note(&contact.note))
    };
    body += &format!(
        "<div class=\"row\"><section class=\"contact\" id=\"{CONTACT_SECTION}\"><h2>{}</h2>\n<p class=\"name\">{}</p>\n<p class=\"phone\">{}<span class=\"toll\">{}</span></p>\n<p>{}{}</p>\n<p class=\"now {}\">{}</p></section>\n",
        esc(t.contact_title),
        esc(&contact.name),
        esc(&contact.phone),
        esc(&note),
        esc(if ja { "受付時間：" } else { "Hours (JST): " }),
        esc(&contact_hours(contact, language)),
        if status.open { "open" } else { "closed" },
        esc(&contact_now(config, &status))
    );
    body += &format!(
        "<section class=\"links\"><h2>{}</h2>\n<p><a href=\"{}\">{}</a></p>\n<p class=\"url\">{}</p>\n",
        esc(t.links_title),
        esc(&config.portal.url),
        esc(&config.portal.title),
        esc(&config.portal.url)
    );
    if let Some(link) = main.and_then(|w| w.link.as_ref()) {
        body += &format!(
            "<p><a href=\"{}\">{}</a></p>\n<p class=\"url\">{}</p>\n",
            esc(&link.url),
            esc(&link.title),
            esc(&link.url)
        );
    }
    body += "</section></div>\n";

    if windows.len() > 1 {
        body += &format!("<section class=\"later\"><h2>{}</h2><ul>\n", esc(t.later_title));
        for &i in &windows[1..] {
            let window = &config.windows[i];
            body += &format!(
                "<li><span class=\"date\">{}{}</span> {} <span class=\"impact\">{}</span></li>\n",
                esc(&range(window.start, window.end, language)),
                if ja { "" } else { " JST" },
                esc(&window_title(window, language)),
                esc(&impact_label(window, language))
            );
        }
        body += "</ul></section>\n";
    }
    body += &format!(
        "<footer>{}</footer>\n",
        esc(&t.footer.replace("{}", &format!("{}{}", day_time(now, language), if ja { "" } else { " JST" })))
    );

    let title = format!("{} – {}", heading, app_name(language));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        if ja { "ja" } else { "en" },
        esc(&title)
    )
}

fn system_of_none(language: Language) -> String {
    match language {
        Language::Ja => "オンライン資格確認等システム".to_string(),
        Language::En => "the eligibility system".to_string(),
    }
}

/// The impact of a window that took place: `ログアウトされた可能性あり`, `作業中は使えませんでした`, `一部に影響あり`.
fn impact_label_past(window: &Window, language: Language) -> String {
    match (window.impact, language) {
        (Impact::Logout, Language::Ja) => "ログアウトされた可能性あり".to_string(),
        (Impact::Outage, Language::Ja) => "作業中は使えませんでした".to_string(),
        (Impact::Partial, Language::Ja) => "一部に影響あり".to_string(),
        (Impact::Logout, Language::En) => "may have logged you out".to_string(),
        (Impact::Outage, Language::En) => "was unavailable during the work".to_string(),
        (Impact::Partial, Language::En) => "partly affected".to_string(),
    }
}

/// `ログアウトの可能性あり`, `作業中は使えません`, `一部に影響`.
pub fn impact_label(window: &Window, language: Language) -> String {
    match (window.impact, language) {
        (Impact::Logout, Language::Ja) => "ログアウトされる可能性あり".to_string(),
        (Impact::Outage, Language::Ja) => "作業中は使えません".to_string(),
        (Impact::Partial, Language::Ja) => "一部に影響".to_string(),
        (Impact::Logout, Language::En) => "may log you out".to_string(),
        (Impact::Outage, Language::En) => "unavailable during the work".to_string(),
        (Impact::Partial, Language::En) => "partly affected".to_string(),
    }
}

/// What a window that took place did, for the page's heading.
fn what_happened(window: &Window, language: Language) -> String {
    let system = system_of(window, language);
    match (window.impact, language) {
        (Impact::Logout, Language::Ja) => {
            format!(
                "この時間に{system}の作業がありました。ログインしていたPCは、ログアウトされている可能性があります。"
            )
        }
        (Impact::Outage, Language::Ja) => format!("この時間に作業があり、{system}は使えませんでした。"),
        (Impact::Partial, Language::Ja) => format!("この時間に{system}の作業があり、一部の機能に影響がありました。"),
        (Impact::Logout, Language::En) => {
            format!("Maintenance of {system} took place; a PC that was logged in may have been logged out.")
        }
        (Impact::Outage, Language::En) => format!("Maintenance took place; {system} could not be used."),
        (Impact::Partial, Language::En) => format!("Maintenance of {system} took place; some functions were affected."),
    }
}

/// The numbered steps for the counter: the window's own guidance, or its impact's standard steps (an end that may
/// move is said under the page's heading); after the window (`over`), what to do now that it took place.
pub fn steps(config: &Config, window: Option<&Window>, over: bool) -> Vec<String> {
    let language = config.language;
    let ja = language == Language::Ja;
    if let Some(window) = window {
        let own = match language {
            Language::En => window.guidance_en.as_deref().or(window.guidance.as_deref()),
            Language::Ja => window.guidance.as_deref(),
        };
        if let Some(own) = own {
            return own.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
        }
    }
    let impact = window.map_or(Impact::Logout, |w| w.impact);
    let system = window.map_or_else(|| system_of_none(language), |w| system_of(w, language).to_string());
    let article = if ja {
        "ポータルサイトの記事（KB0011769）の手順"
    } else {
        "the steps of portal article KB0011769"
    };
    let mut steps: Vec<String> = match (impact, ja) {
        (Impact::Partial, true) if over => vec![
            "影響のあった機能が、ふだんどおり使えるか確かめてください。".to_string(),
            format!("確認ができないときは、{article}で資格を確認してください。"),
        ],
        (_, true) if over => vec![
            "ログアウトされていたら、もう一度ログインしてください。".to_string(),
            format!(
                "ログインできないときや、マイナ保険証で資格確認ができないときは、{article}で資格を確認してください。"
            ),
        ],
        (Impact::Partial, false) if over => vec![
            "Check that the affected functions work as usual.".to_string(),
            format!("If a check cannot be done, check eligibility by {article}."),
        ],
        (_, false) if over => vec![
            "If you were logged out, log in again.".to_string(),
            format!("If you cannot log in or a My Number card cannot be checked, check eligibility by {article}."),
        ],
        (Impact::Logout, true) => vec![
            "ログアウトされたら、少し時間を空けてから、もう一度ログインしてください。".to_string(),
            format!("マイナ保険証で資格確認ができないときは、{article}で資格を確認してください。"),
        ],
        (Impact::Outage, true) => vec![
            format!("作業中は{system}を使えません。ログインを何度も試さないでください。"),
            format!("資格確認は、{article}で行ってください。"),
            "作業が終わったら、もう一度ログインしてください。".to_string(),
        ],
        (Impact::Partial, true) => vec![
            format!(
                "影響があるのは、{}",
                window.and_then(|w| effect_of(w, language)).unwrap_or("お知らせに書かれた機能だけです。")
            ),
            "ほかの機能はふだんどおり使えます。".to_string(),
            format!("影響のある確認ができないときは、{article}で資格を確認してください。"),
        ],
        (Impact::Logout, false) => vec![
            "If you are logged out, wait a moment, then log in again.".to_string(),
            format!("If a My Number card cannot be checked, check eligibility by {article}."),
        ],
        (Impact::Outage, false) => vec![
            format!("{} cannot be used during the work. Do not keep trying to log in.", capitalized(&system)),
            format!("Check eligibility by {article}."),
            "When the work is over, log in again.".to_string(),
        ],
        (Impact::Partial, false) => vec![
            format!(
                "Only this is affected: {}",
                window.and_then(|w| effect_of(w, language)).unwrap_or("what the announcement names.")
            ),
            "Everything else works as usual.".to_string(),
            format!("If a check cannot be done, check eligibility by {article}."),
        ],
    };
    steps.push(texts(ja).card.to_string());
    steps
}

/// What to say to a patient at the counter (患者さんへのご説明), during the work or (`over`) after it.
fn script(window: Option<&Window>, language: Language, over: bool) -> String {
    let impact = window.map_or(Impact::Logout, |w| w.impact);
    match (impact, language) {
        (_, Language::Ja) if over => "システムの作業の影響で、確認にお時間をいただくことがあります。別の方法で保険の資格を確認する場合がありますので、少々お待ちください。お支払いはいつもどおりの自己負担分です。".to_string(),
        (_, Language::En) if over => "Recent system maintenance may make checking take a little longer. We may check your insurance another way; please wait a moment. You pay your usual share.".to_string(),
        (Impact::Outage, Language::Ja) => "ただいまシステムの作業のため、マイナ保険証での確認ができません。別の方法で保険の資格を確認しますので、少々お待ちください。お支払いはいつもどおりの自己負担分です。".to_string(),
        (_, Language::Ja) => "ただいまシステムの作業のため、確認にお時間をいただくことがあります。別の方法で保険の資格を確認する場合がありますので、少々お待ちください。お支払いはいつもどおりの自己負担分です。".to_string(),
        (Impact::Outage, Language::En) => "The system is down for maintenance, so we cannot check your My Number card right now. We will check your insurance another way; please wait a moment. You pay your usual share.".to_string(),
        (_, Language::En) => "The system is under maintenance, so checking may take a little longer. We may check your insurance another way; please wait a moment. You pay your usual share.".to_string(),
    }
}

/// The fixed texts of the page, in one language.
struct Texts {
    app: &'static str,
    none: &'static str,
    may_move: &'static str,
    steps_title: &'static str,
    rule_head: &'static str,
    rule: &'static str,
    card: &'static str,
    script_title: &'static str,
    mynaportal: &'static str,
    contact_title: &'static str,
    links_title: &'static str,
    later_title: &'static str,
    /// `{}` is the instant the page describes.
    footer: &'static str,
}

fn texts(ja: bool) -> Texts {
    if ja {
        Texts {
            app: "オン資メンテナンス通知（受付用・掲示用）",
            none: "予定されている作業はありません。作業中にログアウトされたときは、次の手順で対応してください。",
            may_move: "終了時刻は前後することがあります。予定の終了時刻を過ぎても使えないときは、少し待ってからもう一度お試しください。",
            steps_title: "受付での対応",
            rule_head: "10割負担にはしません。",
            rule: "マイナ保険証で資格確認ができなくても、ポータルサイトの記事（KB0011769）の手順で資格を確認し、適切な自己負担分を請求してください。",
            card: "資格確認書が提示されたときは、券面（カードに書かれた内容）で確認してください。",
            script_title: "患者さんへのご説明",
            mynaportal: "マイナポータルは作業中も使えます。患者さんご自身の資格情報や薬剤情報などを確認できます。",
            contact_title: "問い合わせ",
            links_title: "ポータルサイトの記事",
            later_title: "そのほかの予定",
            footer: "{} 時点の情報です。時刻はすべて日本時間です。オン資メンテナンス通知（onshi-tray）",
        }
    } else {
        Texts {
            app: "onshi-tray: for the reception counter",
            none: "No maintenance is scheduled. If you are logged out, follow these steps.",
            may_move: "The end may move. If the system is still unavailable after the planned end, wait a little and try again.",
            steps_title: "At the counter",
            rule_head: "Never charge 100% (10割). ",
            rule: "Even if a My Number card cannot be checked, check eligibility by portal article KB0011769 and charge the proper co-pay.",
            card: "A patient who shows a 資格確認書 (eligibility certificate): check it by its card face (what is printed on it).",
            script_title: "What to tell patients",
            mynaportal: "Mynaportal keeps working: patients can see their own eligibility and medication records.",
            contact_title: "Call center",
            links_title: "Portal article",
            later_title: "Later maintenance",
            footer: "As of {}. All times are Japan time. onshi-tray",
        }
    }
}

/// Escapes text for HTML content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Large type on screen; on paper one A4 page (the print test checks the page count with Chromium).
const STYLE: &str = r#"@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; padding: 1.2rem 1.5rem 2rem; max-width: 52rem; font-size: 20px; line-height: 1.55;
  font-family: "BIZ UDPGothic", "Yu Gothic UI", "Meiryo", "Noto Sans CJK JP", "Noto Sans JP", sans-serif;
  color: #111; background: #fff; }
header { border-bottom: 3px solid #b00020; padding-bottom: .4rem; margin-bottom: .8rem; }
.app { margin: 0; font-size: .8em; color: #555; }
h1 { margin: .1rem 0 .3rem; font-size: 1.6em; line-height: 1.3; }
h2 { margin: 0 0 .3rem; font-size: 1.1em; border-left: 6px solid #b00020; padding-left: .4rem; }
.when { margin: .2rem 0; font-size: 1.25em; font-weight: bold; }
.state { display: inline-block; padding: 0 .5em; color: #fff; background: #b00020; border-radius: .3em; }
.impact { display: inline-block; padding: 0 .4em; font-size: .8em; border: 2px solid #b00020; border-radius: .3em; color: #b00020; }
.effect, .note { margin: .2rem 0; }
.note { font-weight: bold; }
section { margin: 0 0 .8rem; }
ol { margin: 0; padding-left: 1.6em; }
li { margin: .15rem 0; }
.rule { padding: .5rem .8rem; border: 3px solid #b00020; background: #fff3f3; font-size: 1.05em; }
.rule p { margin: 0; }
.rule strong { color: #b00020; font-size: 1.15em; }
.script blockquote { margin: 0 0 .3rem; padding: .4rem .8rem; background: #f2f5fb; border-left: 6px solid #4060a0; }
.script p { margin: 0; }
.row { display: flex; flex-wrap: wrap; gap: 0 1.5rem; }
.row section { flex: 1 1 20rem; }
.contact p, .links p { margin: .1rem 0; }
.phone { font-size: 1.5em; font-weight: bold; letter-spacing: .02em; }
.toll { font-size: .55em; white-space: nowrap; }
.date { white-space: nowrap; }
.now.open { color: #0a6b2a; font-weight: bold; }
.now.closed { color: #b00020; font-weight: bold; }
.url { font-size: .7em; color: #444; word-break: break-all; }
a { color: #0b4fb3; }
.later ul { margin: 0; padding-left: 1.2em; }
footer { margin-top: 1rem; padding-top: .3rem; border-top: 1px solid #999; font-size: .75em; color: #444; }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5pt; line-height: 1.4; }
  h1 { font-size: 20pt; }
  .when { font-size: 14pt; }
  .phone { font-size: 18pt; }
  section { margin-bottom: .55rem; }
  section, .row, header { break-inside: avoid; }
  a { color: #111; text-decoration: none; }
  .now { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;
