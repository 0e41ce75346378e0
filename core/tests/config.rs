//! Config parsing: located errors, all at once; bad windows skipped; layers merged.

use expect_test::{expect, Expect};
use onshi_tray_core::config::{parse_bytes, parse_str, Config, Language};

/// Parses `toml` and renders every error as `line:col: message [help]`, one per line, then the windows kept.
fn check(toml: &str, expect: Expect) {
    let (layer, errors) = parse_str(toml, "test.toml");
    let mut out = String::new();
    for e in &errors {
        out += &format!("{}:{}: {}", e.line, e.col, e.message);
        if let Some(help) = &e.help {
            out += &format!(" [{help}]");
        }
        out += "\n";
    }
    let ids: Vec<&str> = layer.windows.iter().map(|w| w.id.as_str()).collect();
    out += &format!("windows: {ids:?}\n");
    expect.assert_eq(&out);
}

#[test]
fn builtin_default_is_valid_and_complete() {
    let (layer, errors) = parse_str(onshi_tray_core::config::DEFAULT_TOML, "default.toml");
    assert!(errors.is_empty(), "{errors:?}");
    // Every key is present, so the built-in default alone is a complete configuration.
    assert!(layer.language.is_some() && layer.lead_minutes.is_some() && layer.repeat_during_minutes.is_some());
    assert!(layer.at_end.is_some() && layer.portal_title.is_some() && layer.portal_url.is_some());
    assert!(layer.contact_name.is_some() && layer.contact_phone.is_some() && layer.contact_note.is_some());
    for hours in [&layer.contact_hours, &layer.facility] {
        assert!(hours.weekday.is_some() && hours.saturday.is_some() && hours.sunday.is_some(), "{hours:?}");
        assert!(hours.closed_on_holidays.is_some() && hours.closed_dates.is_some(), "{hours:?}");
    }
    let config = Config::builtin();
    assert_eq!(config.language, Language::Ja);
    assert_eq!(
        config.portal.url,
        "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769"
    );
    assert_eq!(config.contact.phone, "0800-080-4583");
    assert_eq!(config.contact.name, "オンライン資格確認等コールセンター");
    assert_eq!(config.notify.lead_minutes, [60, 15]);
    assert_eq!(config.notify.repeat_during_minutes, 30);
    let window = &config.windows[0];
    assert_eq!(window.start.to_rfc3339(), "2026-03-21T13:00:00+00:00");
    assert_eq!(window.end.to_rfc3339(), "2026-03-21T14:00:00+00:00");
    assert_eq!(window.title, "オンライン資格確認等システム改修作業");
}

#[test]
fn toml_syntax_error_is_located_and_costs_its_table() {
    check(
        "language = \"ja\"\n[notify\nlead_minutes = [60]\n",
        expect![[r#"
            2:8: invalid TOML: unclosed table, expected `]`; `[notify` (lines 2–3) is skipped [fix this line; the rest of the file is used]
            windows: []
        "#]],
    );
}

#[test]
fn unknown_keys_suggest_the_nearest() {
    check(
        r#"langauge = "en"
[notify]
lead_minute = [30]
[contact]
phon = "03"
[[window]]
id = "a"
title = "t"
start = 2026-04-01T22:00:00
end = 2026-04-01T23:00:00
efect = "x"
colour = "red"
"#,
        expect![[r#"
            1:1: unknown key `langauge` at the top level [did you mean `language`?]
            3:1: unknown key `lead_minute` in `notify` [did you mean `lead_minutes`?]
            5:1: unknown key `phon` in `contact` [did you mean `phone`?]
            11:1: unknown key `efect` in `window[1]` [did you mean `effect`?]
            12:1: unknown key `colour` in `window[1]` [valid keys here: id, title, title_en, start, end, effect, effect_en, impact, system, guidance, guidance_en, end_may_change, link_title, link_url]
            windows: ["a"]
        "#]],
    );
}

#[test]
fn bad_windows_are_skipped_and_the_rest_still_count() {
    check(
        r#"[[window]]
id = "ok-1"
title = "t"
start = 2026-04-01T22:00:00
end = 2026-04-01T23:00:00

[[window]]
id = "backwards"
title = "t"
start = 2026-04-02T22:00:00
end = 2026-04-02T21:00:00

[[window]]
id = "ok-1"
title = "t"
start = 2026-04-03T22:00:00
end = 2026-04-03T23:00:00

[[window]]
id = "no-end"
title = "t"
start = 2026-04-04T22:00:00

[[window]]
id = "date-only"
title = "t"
start = 2026-04-05
end = "tomorrow"

[[window]]
id = "ok-2"
title = "t"
start = "2026-04-06T22:00:00+09:00"
end = 2026-04-06T14:30:00Z
"#,
        expect![[r#"
            11:7: `end` must be after `start` (2026-04-02 22:00 JST) in window[2] [check the date and time of `end`; this window is skipped]
            14:6: duplicate window id `ok-1` (first used on line 2); this window is skipped [give every window its own `id`]
            19:1: `window[4]` has no `end` [add `end = ...`; this window is skipped]
            27:9: `window[5].start` needs both a date and a time of day, such as 2026-03-21T22:00:00 [write for example 2026-03-21T22:00:00 (read as Japan time) or 2026-03-21T22:00:00+09:00; this window is skipped]
            28:7: `window[5].end` `tomorrow` is not a date and time such as 2026-03-21T22:00:00+09:00 [write for example 2026-03-21T22:00:00 (read as Japan time) or 2026-03-21T22:00:00+09:00; this window is skipped]
            windows: ["ok-1", "ok-2"]
        "#]],
    );
}

#[test]
fn urls_times_and_types() {
    check(
        r#"language = "fr"
[notify]
lead_minutes = [60, 0]
repeat_during_minutes = -5
at_end = "yes"
[portal]
url = "javascript:alert(1)"
[contact]
weekday = "8:00-18:00"
saturday = "08:00-25:00"
sunday = "18:00-08:00"
closed_dates = [2026-12-29, "someday"]
"#,
        expect![[r#"
            1:12: unknown language `fr` [use "ja" or "en"]
            3:21: `notify.lead_minutes` takes whole numbers of minutes from 1 to 10080 [the notice at the start itself is always shown; write for example [60, 15]]
            4:25: `notify.repeat_during_minutes` must be a whole number of minutes from 0 to 10080
            5:10: `notify.at_end` must be true or false
            7:7: `portal.url` must start with https:// or http://, not `javascript` [use a web address that starts with https://]
            10:12: `contact.saturday`: `25:00` is not a time of day from 00:00 to 23:59 (or 24:00 as a closing time) [write opening hours as "08:00-18:00" ("00:00-24:00" for all day), or "closed"]
            11:10: `contact.sunday`: closing time 8:00 is not after opening time 18:00 [write opening hours as "08:00-18:00" ("00:00-24:00" for all day), or "closed"]
            12:29: `contact.closed_dates` takes dates such as 2026-12-29
            windows: []
        "#]],
    );
    check(
        "[portal]\nurl = \"file:///C:/Windows/System32/calc.exe\"\n",
        expect![[r#"
            2:7: `portal.url` must start with https:// or http://, not `file` [use a web address that starts with https://]
            windows: []
        "#]],
    );
}

#[test]
fn columns_count_characters_in_japanese_text() {
    // The error points at `end`'s value, after a line of Japanese text: the column is in characters, not bytes.
    let toml = "[[window]]\nid = \"改修\"\ntitle = \"改修作業\"\nstart = 2026-04-01T22:00:00\nend = 2026-04-01T21:00:00\neffect = \"ログアウト\"\n";
    let (_, errors) = parse_str(toml, "ja.toml");
    assert_eq!((errors[0].line, errors[0].col), (5, 7));
    let toml = "[[window]]\nid = \"改修\"\ntitle = \"改修作業\" ; start = 1\n";
    let (_, errors) = parse_str(toml, "ja.toml");
    assert_eq!((errors[0].line, errors[0].col), (3, 16), "{}", errors[0]);
    // The rendered message carries the line and a caret under the offending text.
    let rendered = errors[0].to_string();
    assert!(rendered.starts_with("ja.toml:3:16: invalid TOML"), "{rendered}");
    assert!(rendered.contains("3 | title = \"改修作業\" ; start = 1"), "{rendered}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = "\u{feff}language = \"en\"\r\n[[window]]\r\nid = \"a\"\r\ntitle = \"t\"\r\nstart = 2026-04-01T22:00:00\r\nend = 2026-04-01T23:00:00\r\n";
    let (layer, errors) = parse_bytes(text.as_bytes(), "notepad.toml");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(layer.language, Some(Language::En));
    assert_eq!(layer.windows.len(), 1);
}

#[test]
fn shift_jis_is_refused_with_the_fix() {
    // "言語" in Shift_JIS, inside a comment on line 2.
    let mut bytes = b"language = \"ja\"\n# ".to_vec();
    bytes.extend([0x8c, 0xbe, 0x8c, 0xea]);
    let (layer, errors) = parse_bytes(&bytes, "sjis.toml");
    assert_eq!(layer, Default::default());
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].line, errors[0].col), (2, 3));
    assert!(errors[0].fatal);
    assert_eq!(errors[0].headline(), "sjis.toml:2:3: the file is not UTF-8 text (Shift_JIS or EUC-JP?)");
    assert!(errors[0].help.as_deref().unwrap().contains("UTF-8"), "{:?}", errors[0].help);
}

/// UTF-16 with and without its BOM, ISO-2022-JP and a doubled BOM are named, located and refused with the fix;
/// before, UTF-16 without a BOM and ISO-2022-JP got no hint and two BOMs were accepted.
#[test]
fn other_encodings_are_named() {
    let utf16: Vec<u8> = "language = \"ja\"\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    let with_bom: Vec<u8> = [0xff, 0xfe].into_iter().chain(utf16.iter().copied()).collect();
    let jis = b"language = \"ja\"\n# \x1b$B8@8l\x1b(B\n".to_vec();
    let twice = b"\xef\xbb\xbf\xef\xbb\xbflanguage = \"ja\"\n".to_vec();
    let once = b"\xef\xbb\xbflanguage = \"ja\"\n".to_vec();
    let headline = |bytes: &[u8]| {
        let (_, errors) = parse_bytes(bytes, "f.toml");
        errors
            .iter()
            .map(|e| format!("{}{}", e.headline(), if e.fatal { " [fatal]" } else { "" }))
            .collect::<Vec<_>>()
            .join("\n")
    };
    expect![[r#"
        f.toml:1:1: the file is UTF-16 (Notepad's "Unicode"), not UTF-8 [fatal]
        f.toml:1:2: the file has NUL bytes: it looks like UTF-16 without its BOM, or not text at all [fatal]
        f.toml:2:3: the file is ISO-2022-JP (JIS), not UTF-8 [fatal]
        f.toml:1:1: the file starts with two byte-order marks (saved twice by different editors?) [fatal]
        "#]]
    .assert_eq(&[headline(&with_bom), headline(&utf16), headline(&jis), headline(&twice), headline(&once)].join("\n"));
}

#[test]
fn layers_override_keys_and_merge_windows_by_id() {
    let mut config = Config::builtin();
    let (system, errors) = parse_str(
        "[notify]\nlead_minutes = [30]\n[[window]]\nid = \"fleet-1\"\ntitle = \"定期メンテナンス\"\nstart = 2026-05-10T01:00:00\nend = 2026-05-10T03:00:00\n",
        "system.toml",
    );
    assert!(errors.is_empty());
    config.apply(system);
    let (user, errors) = parse_str(
        "language = \"en\"\n[[window]]\nid = \"fleet-1\"\ntitle = \"moved\"\nstart = 2026-05-11T01:00:00\nend = 2026-05-11T02:00:00\n",
        "user.toml",
    );
    assert!(errors.is_empty());
    config.apply(user);
    assert_eq!(config.language, Language::En);
    assert_eq!(config.notify.lead_minutes, [30]);
    // Untouched keys keep the default.
    assert_eq!(config.notify.repeat_during_minutes, 30);
    assert_eq!(config.contact.phone, "0800-080-4583");
    let ids: Vec<(&str, &str)> = config.windows.iter().map(|w| (w.id.as_str(), w.title.as_str())).collect();
    assert_eq!(ids, [("2026-03-21-kaishu", "オンライン資格確認等システム改修作業"), ("fleet-1", "moved")]);
}

#[test]
fn the_machine_wide_template_changes_nothing_and_its_examples_are_valid() {
    const TEMPLATE: &str = include_str!("../../config/system.toml");
    let (layer, errors) = parse_str(TEMPLATE, "system.toml");
    assert!(errors.is_empty(), "{errors:?}");
    let mut config = Config::builtin();
    config.apply(layer);
    assert_eq!(config, Config::builtin(), "as shipped, the template must not change the built-in default");

    // Uncommented, every example line is valid and takes effect.
    let uncommented: String = TEMPLATE
        .lines()
        .map(|line| match line.strip_prefix("# ") {
            Some(rest) if rest.starts_with('[') || is_key_line(rest) => rest,
            _ => line,
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let (layer, errors) = parse_str(&uncommented, "system.toml");
    assert!(errors.is_empty(), "{errors:?}\n{uncommented}");
    let mut config = Config::builtin();
    config.apply(layer);
    assert_eq!(config.windows.len(), Config::builtin().windows.len() + 1, "{uncommented}");
    assert_eq!(config.contact.hours.closed_dates.len(), 6);
}

/// `key = value`, as opposed to prose.
fn is_key_line(line: &str) -> bool {
    line.split_once(" = ").is_some_and(|(key, _)| key.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
}

#[test]
fn per_window_content_keys_and_their_errors() {
    let toml = "[[window]]\nid = \"a\"\ntitle = \"停止\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\nimpact = \"outage\"\nsystem = \"マイナポータル\"\nguidance = \"紙で対応\"\nend_may_change = true\nlink_title = \"記事\"\nlink_url = \"https://example.com/a\"\n";
    let (layer, errors) = parse_str(toml, "test.toml");
    assert!(errors.is_empty(), "{errors:?}");
    let w = &layer.windows[0];
    assert_eq!(w.impact, onshi_tray_core::config::Impact::Outage);
    assert_eq!(w.system.as_deref(), Some("マイナポータル"));
    assert_eq!(w.guidance.as_deref(), Some("紙で対応"));
    assert!(w.end_may_change);
    assert_eq!(w.link.as_ref().map(|l| (l.title.as_str(), l.url.as_str())), Some(("記事", "https://example.com/a")));

    // A wrong impact, a link that is not a web address, a title without a link: located, and the window is skipped.
    check(
        "[[window]]\nid = \"b\"\ntitle = \"x\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\nimpact = \"down\"\nlink_url = \"file:///etc/passwd\"\n\n[[window]]\nid = \"c\"\ntitle = \"y\"\nstart = 2026-03-24T22:00:00\nend = 2026-03-25T06:00:00\nlink_title = \"記事\"\nend_may_change = \"yes\"\n",
        expect![[r#"
            6:10: unknown `window[1].impact` `down` [use "logout" (may be logged out once), "outage" (cannot be used during the window) or "partial" (only what `effect` names)]
            7:12: `window[1].link_url` must start with https:// or http://, not `file` [use a web address that starts with https://]
            14:14: `window[2].link_title` has no `link_url` [add `link_url = "https://..."` or remove `link_title`]
            15:18: `window[2].end_may_change` must be true or false
            windows: []
        "#]],
    );
}

#[test]
fn the_user_template_overrides_nothing() {
    let template = onshi_tray_core::config::user_template();
    let (layer, errors) = parse_str(&template, "user.toml");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(layer, onshi_tray_core::config::Layer::default(), "every setting is commented out");
    // Uncommenting a line gives the built-in default's value: the template is the default, commented.
    let uncommented: String = template
        .lines()
        .map(|l| l.strip_prefix("# ").filter(|l| is_key_line(l) || l.starts_with('[')).unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let (layer, errors) = parse_str(&uncommented, "user.toml");
    assert!(errors.is_empty(), "{errors:?}");
    let mut config = onshi_tray_core::config::Config::default();
    config.apply(layer);
    assert_eq!(config, Config::builtin());
}

#[test]
fn overrides_of_machine_wide_settings_are_located_and_menu_stays_machine_wide() {
    let (system, _) = parse_str("[notify]\nlead_minutes = [120]\n[contact]\nclosed_dates = [2026-12-29]\n[[window]]\nid = \"w\"\ntitle = \"t\"\nstart = 2026-12-12T22:00:00\nend = 2026-12-13T01:00:00\n", "system.toml");
    let (mut user, _) = parse_str("language = \"en\"\n[notify]\nat_end = false\nlead_minutes = [5]\n[[window]]\nid = \"w\"\ntitle = \"t2\"\nstart = 2026-12-12T22:00:00\nend = 2026-12-13T01:00:00\n[menu]\nquit = true\n", "user.toml");
    let warnings = onshi_tray_core::config::overrides(&system, "system.toml", &user);
    let lines: Vec<String> = warnings.iter().map(|w| w.headline()).collect();
    expect![[r#"
        [
            "user.toml:4:1: notify.lead_minutes overrides the machine-wide setting in system.toml",
            "user.toml:6:6: window \"w\" overrides the machine-wide setting in system.toml",
        ]
    "#]]
    .assert_debug_eq(&lines);
    let menu = onshi_tray_core::config::drop_menu_policy(&mut user).expect("a warning");
    assert_eq!(menu.headline(), "user.toml:11:1: `[menu]` is read only from the machine-wide file; ignored here");
    assert!(user.menu.is_empty());
}

/// `[[feed]]` and `proxy`: an https:// address or a full file path, a real minisign key, a proxy address or
/// "none"; each mistake located, and a bad feed left out.
#[test]
fn feed_sources_and_the_proxy_are_checked_and_located() {
    let text = r#"proxy = "proxy.example.jp:8080"
[[feed]]
url = "http://example.jp/feed.toml"
[[feed]]
name = "no address"
[[feed]]
url = "feeds/feed.toml"
[[feed]]
url = "https://example.jp/feed.toml"
public_key = "RWQ-not-a-key"
[[feed]]
name = "本部"
url = '\\nas\share\onshi\feed.toml'
public_key = "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"
"#;
    check(
        text,
        expect![[r#"
            1:9: `proxy` must be "none" or a proxy address such as http://proxy.example.jp:8080 [write for example "http://proxy.example.jp:8080", or "none"]
            3:7: `feed[1].url` must be an https:// address or a file path [use an https:// address, or a local or UNC file path]
            4:1: `feed[2]` has no `url` [add `url = "https://..."` or a file path such as `url = '\\nas\share\onshi\feed.toml'`]
            7:7: `feed[3].url` must be an https:// address or a full file path (C:\..., \\server\share\..., /srv/...) [use an https:// address, or a local or UNC file path]
            10:14: `feed[4].public_key` is not a minisign public key (56 characters starting with RW) [copy the second line of the publisher's minisign.pub, such as "RWQf6LRCGA9i53mlYecO4IzT51TGPpvWucNSCh1CBM0QTaLn73Y7GFO3"]
            windows: []
        "#]],
    );
    let (layer, _) = parse_str(text, "test.toml");
    assert_eq!(layer.feeds.len(), 1);
    assert_eq!((layer.feeds[0].label(), layer.feeds[0].is_file()), ("本部", true));
    let (layer, errors) = parse_str("proxy = \"none\"\n", "test.toml");
    assert!(errors.is_empty() && layer.proxy.as_deref() == Some("none"));
}

/// `[report] dir` is a full folder path (local or a share), located when it is not; only the machine-wide file sets
/// it, and a feed never does.
#[test]
fn the_report_folder_is_a_full_path_set_by_the_machine_wide_file_only() {
    let (layer, errors) = parse_str("[report]\ndir = '\\\\nas\\onshi\\reports'\n", "system.toml");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(layer.report_dir.as_deref(), Some("\\\\nas\\onshi\\reports"));
    let (_, errors) = parse_str("[report]\ndir = \"reports\"\ndirectory = \"x\"\n", "system.toml");
    let said: Vec<String> = errors.iter().map(|e| e.headline()).collect();
    expect![[r#"
        [
            "system.toml:2:7: `report.dir` must be a full path (C:\\..., \\\\server\\share\\..., /srv/...)",
            "system.toml:3:1: unknown key `directory` in `report`",
        ]
    "#]]
    .assert_debug_eq(&said);
    let (mut user, _) = parse_str("[report]\ndir = '/srv/reports'\n", "user.toml");
    let warnings: Vec<String> = onshi_tray_core::config::drop_feeds(&mut user).iter().map(|e| e.headline()).collect();
    assert_eq!(warnings, ["user.toml:2:1: `[report]` is read only from the machine-wide file; ignored here"]);
    assert_eq!(user.report_dir, None);
    let (feed, _) = onshi_tray_core::config::parse_feed_str("[report]\ndir = '/srv/reports'\n", "feed.toml", true);
    assert_eq!(feed.report_dir, None, "a feed cannot set it");
    assert!(feed.warnings.iter().any(|w| w.message.contains("a feed cannot set `report`")), "{:?}", feed.warnings);
}

/// Addresses that read as one site and lead to another are refused, located: a user name before the host, a host
/// with a Cyrillic о, a right-to-left override, a zero-width space, a backslash, an address over 2 000 characters.
#[test]
fn disguised_addresses_are_refused() {
    let long = format!("https://example.jp/{}", "a".repeat(2000));
    let text = format!(
        "[portal]\nurl = \"https://iryohokenjyoho.service-now.com@evil.example/csm\"\n\
         [[window]]\nid = \"a\"\ntitle = \"t\"\nstart = 2026-04-01T22:00:00\nend = 2026-04-01T23:00:00\nlink_url = \"https://iryohokenjyohо.service-now.com/\"\n\
         [[window]]\nid = \"b\"\ntitle = \"t\"\nstart = 2026-04-02T22:00:00\nend = 2026-04-02T23:00:00\nlink_url = \"https://example.jp/\u{202E}fdp.exe\"\n\
         [[window]]\nid = \"c\"\ntitle = \"t\"\nstart = 2026-04-03T22:00:00\nend = 2026-04-03T23:00:00\nlink_url = \"https://exa\u{200B}mple.jp/\"\n\
         [[window]]\nid = \"d\"\ntitle = \"t\"\nstart = 2026-04-04T22:00:00\nend = 2026-04-04T23:00:00\nlink_url = \"https://example.jp\\\\@evil.example/\"\n\
         [[window]]\nid = \"e\"\ntitle = \"t\"\nstart = 2026-04-05T22:00:00\nend = 2026-04-05T23:00:00\nlink_url = \"{long}\"\n"
    );
    let (_, errors) = parse_str(&text, "test.toml");
    let messages: Vec<String> = errors.iter().map(|e| format!("{}:{}: {}", e.line, e.col, e.message)).collect();
    expect![[r#"
        2:7: `portal.url` has a user name before the host (`…@`): the browser would go to the host after the @
        8:12: `window[1].link_url` has a host name with non-ASCII letters (look-alike letters can imitate a real site): write it in its xn-- form
        14:12: `window[2].link_url` contains an invisible character (U+202E)
        20:12: `window[3].link_url` contains an invisible character (U+200B)
        26:12: `window[4].link_url` has a user name before the host (`…@`): the browser would go to the host after the @
        32:12: `window[5].link_url` is longer than 2000 characters"#]]
    .assert_eq(&messages.join("\n"));
}

/// Control characters (an escape sequence, a bell, NUL, C1), line breaks in one-line texts and invisible
/// characters are refused, located, so that a config cannot write into an administrator's terminal or forge lines
/// of `simulate` and the log; ids keep to a safe set of characters.
#[test]
fn control_characters_and_unsafe_ids_are_refused() {
    // TOML refuses raw control characters, but its escapes (`\u001b`) let them through to the app.
    check(
        r#"[contact]
name = "コール\u001b]0;pwned\u0007センター"
phone = "0800\u0000"
note = "二行の\n注記は可"
[[window]]
id = "a\nnotice lead-15m forged"
title = "t"
start = 2026-04-01T22:00:00
end = 2026-04-01T23:00:00
[[window]]
id = "b"
title = "改修\u009b31m"
start = 2026-04-02T22:00:00
end = 2026-04-02T23:00:00
[[window]]
id = "c d"
title = "t"
start = 2026-04-03T22:00:00
end = 2026-04-03T23:00:00
[[window]]
id = "2026-04-04_改修.1"
title = "\u202e改修"
start = 2026-04-04T22:00:00
end = 2026-04-04T23:00:00
[[window]]
id = "2026-04-05_改修.1"
title = "t"
start = 2026-04-05T22:00:00
end = 2026-04-05T23:00:00
effect = "一行目\n二行目"
"#,
        expect![[r#"
            2:8: `contact.name` contains a control character (U+001B) [retype the text; such characters can forge lines in logs and reports or disguise text]
            3:9: `contact.phone` contains a control character (U+0000) [retype the text; such characters can forge lines in logs and reports or disguise text]
            6:6: `window[1].id` must be one line (it has a line break) [retype the text; such characters can forge lines in logs and reports or disguise text]
            12:9: `window[2].title` contains a control character (U+009B) [retype the text; such characters can forge lines in logs and reports or disguise text]
            16:6: `window[3].id` may hold only letters, digits, `-`, `_` and `.` [use letters, digits, `-`, `_` and `.`, such as "2026-03-21-kaishu"; this window is skipped]
            22:9: `window[4].title` contains an invisible character (U+202E) [retype the text; such characters can forge lines in logs and reports or disguise text]
            windows: ["2026-04-05_改修.1"]
        "#]],
    );
}

/// Years before 1900 (Japan time was local mean time, +09:19, before 1888) or past 9999 are refused, located.
#[test]
fn years_out_of_range_are_refused() {
    check(
        r#"[[window]]
id = "old"
title = "t"
start = 1887-04-01T22:00:00
end = 1887-04-01T23:00:00
[[window]]
id = "ok"
title = "t"
start = 1900-04-01T22:00:00
end = 9999-12-31T23:00:00
"#,
        expect![[r#"
            4:9: `window[1].start` is in the year 1887, outside 1900–9999: is the year right? [write for example 2026-03-21T22:00:00 (read as Japan time) or 2026-03-21T22:00:00+09:00; this window is skipped]
            5:7: `window[1].end` is in the year 1887, outside 1900–9999: is the year right? [write for example 2026-03-21T22:00:00 (read as Japan time) or 2026-03-21T22:00:00+09:00; this window is skipped]
            windows: ["ok"]
        "#]],
    );
}

/// An impossible date, a bad offset or time, or a duplicate key costs its window only: the other windows of the
/// file load, and the error says which window was skipped (before, the whole file was dropped). A broken
/// `[notify]` costs `[notify]`; a broken line at the top level costs that line.
#[test]
fn a_bad_literal_costs_its_window_not_the_file() {
    let window = |id: &str, start: &str| {
        format!("[[window]]\nid = \"{id}\"\ntitle = \"t\"\nstart = {start}\nend = 2026-04-30T23:00:00\n")
    };
    let text = [
        "language = \"ja\"\n[notify]\nlead_minutes = [60, 15\n".to_string(),
        window("a", "2026-04-01T22:00:00"),
        window("leap", "2025-02-29T22:00:00"),
        window("b", "2026-04-02T22:00:00"),
        window("hour", "2026-04-03T25:00:00"),
        window("offset", "2026-04-04T22:00:00+25:00"),
        window("c", "2026-04-05T22:00:00"),
        "[[window]]\nid = \"dup\"\nid = \"dup\"\ntitle = \"t\"\nstart = 2026-04-06T22:00:00\nend = 2026-04-30T23:00:00\n".to_string(),
        window("d", "2026-04-07T22:00:00"),
    ]
    .concat();
    check(
        &text,
        expect![[r#"
            3:16: invalid TOML: missing comma between array elements, expected `,` (the array opened here is never closed); `[notify]` (lines 2–3) is skipped [fix this line; the rest of the file is used]
            12:9: invalid TOML: invalid date, expected day between 01 and 28; window[2] (lines 9–13) is skipped [fix this line; the rest of the file is used]
            22:9: invalid TOML: invalid time, expected hour between 00 and 23; window[4] (lines 19–23) is skipped [fix this line; the rest of the file is used]
            27:9: invalid TOML: invalid offset, expected hours between 00 and 23; window[5] (lines 24–28) is skipped [fix this line; the rest of the file is used]
            36:1: invalid TOML: duplicate key; window[7] (lines 34–39) is skipped [fix this line; the rest of the file is used]
            windows: ["a", "b", "c", "d"]
        "#]],
    );
    check(
        "language = \"ja\nlead = 1\n",
        expect![[r#"
            1:15: invalid TOML: invalid basic string, expected `"`; line 1 is skipped [fix this line; the rest of the file is used]
            2:1: unknown key `lead` at the top level [did you mean `feed`?]
            windows: []
        "#]],
    );
}

/// What `check` prints of a file never carries its control characters into the terminal: TOML refuses an escape
/// sequence in a comment, and the error's copy of the line shows it as `\u{1b}` (before, raw).
#[test]
fn errors_show_control_characters_escaped() {
    let (_, errors) = parse_str("language = \"ja\" # \u{1b}]0;pwned\u{7}\n", "c.toml");
    let shown = errors[0].to_string();
    assert!(!shown.contains('\u{1b}') && !shown.contains('\u{7}'), "{shown:?}");
    assert!(shown.contains("\\u{1b}]0;pwned\\u{7}"), "{shown}");
    assert_eq!(onshi_tray_core::config::escape_controls("改修\t作業\n次の行\u{202e}"), "改修\t作業\n次の行\\u{202e}");
}

#[test]
fn allowed_hosts_match_hosts_and_domains() {
    use onshi_tray_core::config::{host_allowed, DEFAULT_ALLOWED_HOSTS};
    let defaults: Vec<String> = DEFAULT_ALLOWED_HOSTS.iter().map(|h| h.to_string()).collect();
    for allowed in [
        "https://iryohokenjyoho.service-now.com/csm?id=kb_article_view&sysparm_article=KB0011769",
        "https://www.mhlw.go.jp/stf/a.html",
        "https://mhlw.go.jp/",
        "https://myna.go.jp/",
        "https://www.digital.go.jp:443/x",
    ] {
        assert!(host_allowed(allowed, &defaults), "{allowed}");
    }
    for refused in
        ["https://evil.example/", "https://mhlw.go.jp.evil.example/", "https://notmhlw.go.jp/", "https://xmyna.go.jp/"]
    {
        assert!(!host_allowed(refused, &defaults), "{refused}");
    }
}

/// An unclosed array or multi-line string is reported where it was opened, not where TOML noticed (lines later),
/// and the table it is in is the one skipped (before: the error pointed at a later line, or at the end of the file,
/// and cost the window there).
#[test]
fn an_unclosed_array_or_string_is_reported_where_it_opened() {
    check(
        "[notify]\nlead_minutes = [60, 15\nrepeat_during_minutes = 30\n\n[[window]]\nid = \"a\"\ntitle = \"t\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n",
        expect![[r#"
            2:16: invalid TOML: missing comma between array elements, expected `,` (the array opened here is never closed); `[notify]` (lines 1–4) is skipped [fix this line; the rest of the file is used]
            windows: ["a"]
        "#]],
    );
    check(
        "[[window]]\nid = \"a\"\ntitle = \"t\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\neffect = \"\"\"始まり\n\n[[window]]\nid = \"b\"\ntitle = \"t\"\nstart = 2026-12-06T22:00:00\nend = 2026-12-06T23:00:00\n",
        expect![[r#"
            6:10: invalid TOML: invalid multi-line basic string, expected `"` (the multi-line string opened here is never closed); window[1] (lines 1–7) is skipped [fix this line; the rest of the file is used]
            windows: ["b"]
        "#]],
    );
}

/// A lone CR or an FTP's CR CR LF anywhere (a comment too) is a line end with one located warning: no window and
/// no `[facility]` is lost to it.
#[test]
fn stray_carriage_returns_are_line_ends_not_a_lost_file() {
    let file = "# 受付PC\r\r\n[facility]\rweekday = \"08:30-17:30\"\r\n[[window]]\r\nid = \"a\"\rtitle = \"改修\"\r\n\
start = 2026-12-05T22:00:00\r\r\nend = 2026-12-05T23:00:00 # 終了\r\n";
    let (layer, errors) = parse_str(file, "cr.toml");
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(layer.windows.len(), 1);
    assert!(layer.facility.weekday.is_some(), "{:?}", layer.facility);
    let warnings: Vec<String> = layer.warnings.iter().map(|w| w.headline()).collect();
    assert_eq!(warnings, ["cr.toml:1:7: a line ends in a lone carriage return (CR) or CR CR LF; read as a line end"]);
}

/// Blank hours are not "closed": they would silently drop the heads-up and the after-notice.
#[test]
fn blank_hours_are_an_error_with_the_fix() {
    check(
        "[facility]\nweekday = \"\"\n[contact]\nsaturday = \" \"\n",
        expect![[r#"
            2:11: `facility.weekday`: is empty: write "closed" for a day without hours, or a range such as "09:00-18:00" [write opening hours as "08:00-18:00" ("00:00-24:00" for all day), or "closed"]
            4:12: `contact.saturday`: is empty: write "closed" for a day without hours, or a range such as "09:00-18:00" [write opening hours as "08:00-18:00" ("00:00-24:00" for all day), or "closed"]
            windows: []
        "#]],
    );
}

/// Texts have limits, each a located error that costs the window, never the file.
#[test]
fn texts_longer_than_their_limit_cost_their_window() {
    let long = "長".repeat(onshi_tray_core::config::MAX_TITLE + 1);
    let file = format!("[[window]]\nid = \"a\"\ntitle = \"{long}\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n\n[[window]]\nid = \"b\"\ntitle = \"短い\"\nstart = 2026-12-06T22:00:00\nend = 2026-12-06T23:00:00\n");
    let (layer, errors) = parse_str(&file, "long.toml");
    assert_eq!(layer.windows.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["b"]);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].headline(), "long.toml:3:9: `window[1].title` is longer than 500 characters");
}

/// Ten thousand garbage lines are each located, and the good window after them is kept.
#[test]
fn a_file_of_garbage_is_read_in_one_go_and_its_windows_kept() {
    let mut file = "garbage line ===\n".repeat(10_000);
    file += "[[window]]\nid = \"kept\"\ntitle = \"改修\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n";
    let (layer, errors) = parse_str(&file, "garbage.toml");
    assert_eq!(layer.windows.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["kept"]);
    assert_eq!(errors.len(), 10_000);
    assert_eq!((errors[9_999].line, errors[9_999].col), (10_000, 9), "{:?}", errors[9_999]);
}

/// Arrays and inline tables nested 100 000 deep are refused with a located error (the TOML parser's own depth
/// guard), never a stack overflow; the other lines still count.
#[test]
fn deeply_nested_toml_is_an_error_not_a_crash() {
    for value in [
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!("{}1{}", "{b=".repeat(50_000), "}".repeat(50_000)),
    ] {
        let file = format!("language = \"en\"\na = {value}\n");
        let (layer, errors) = parse_str(&file, "deep.toml");
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 2, "{:?}", errors[0].message);
        assert_eq!(layer.language, Some(Language::En));
    }
}

/// The whole assembly as data: which file may set what, the warnings, the order of feeds against local files, the
/// allowed hosts, and what a missing or unreadable file costs.
#[test]
fn files_and_feeds_are_assembled_by_the_rules_of_who_may_set_what() {
    use onshi_tray_core::config::{parse_feed_str, read_files, FeedLayer, FileStatus, Found, Role, Source};
    let window = |id: &str, title: &str, link: &str| {
        format!("[[window]]\nid = \"{id}\"\ntitle = \"{title}\"\nstart = 2026-12-12T22:00:00\nend = 2026-12-13T01:00:00\n{link}")
    };
    let system = format!(
        "allowed_hosts = [\"*.example.jp\"]\n[notify]\nlead_minutes = [120]\n[[feed]]\nurl = \"/srv/onshi/feed.toml\"\n{}",
        window("local", "PC の作業", "link_url = \"https://portal.example.jp/a\"\n")
    );
    let user = format!(
        "proxy = \"none\"\n[notify]\nlead_minutes = [5]\n[menu]\nquit = false\n{}",
        window("shared", "上書き", "")
    );
    let source = |role, origin: &str, found| Source { role, origin: origin.to_string(), found, last_good: None };
    let sources = [
        source(Role::MachineWide, "system.toml", Found::Bytes(system.into_bytes())),
        source(Role::User, "user.toml", Found::Bytes(user.into_bytes())),
        source(Role::Explicit, "missing.toml", Found::Missing("No such file or directory".to_string())),
    ];
    let files = read_files(&sources);
    assert_eq!(files.feeds().len(), 1, "the machine-wide file's feed");
    assert_eq!(files.allowed_hosts(), ["*.example.jp"]);
    let feed_text = format!(
        "serial = 3\n{}{}",
        window("shared", "フィードの作業", ""),
        window("elsewhere", "よそへのリンク", "link_url = \"https://evil.example.com/\"\n")
    );
    // A signed feed may carry links (an unsigned one may not), but only to the allowed hosts.
    let (feed, feed_errors) = parse_feed_str(&feed_text, "feed.toml", true);
    assert!(feed_errors.is_empty(), "{feed_errors:?}");
    let damaged = [onshi_tray_core::config::located("", "cache of feed B", 0, "damaged".to_string(), None)];
    let feeds = [
        FeedLayer { label: "feed A", layer: Some(&feed), errors: &[] },
        FeedLayer { label: "feed B", layer: None, errors: &damaged },
    ];
    let assembled = files.assemble(&feeds);
    let said = |list: &[onshi_tray_core::config::ConfigError]| list.iter().map(|e| e.headline()).collect::<Vec<_>>();
    expect![[r#"
        [
            "user.toml:5:1: `[menu]` is read only from the machine-wide file; ignored here",
            "user.toml:1:1: `proxy` is read only from the machine-wide file; ignored here",
            "user.toml:3:1: notify.lead_minutes overrides the machine-wide setting in system.toml",
            "feed.toml:8:6: the link of window `elsewhere` leads to a host that is not among the allowed hosts (https://evil.example.com/); ignored",
            "cache of feed B:1:1: damaged",
        ]
    "#]]
    .assert_debug_eq(&said(&assembled.warnings));
    expect![[r#"
        [
            "missing.toml:1:1: cannot read the file: No such file or directory",
        ]
    "#]]
    .assert_debug_eq(&said(&assembled.errors));
    assert_eq!(
        assembled.statuses,
        [FileStatus::Read, FileStatus::Read, FileStatus::Unreadable("No such file or directory".to_string())]
    );
    let config = assembled.config;
    let titles: Vec<(&str, &str, bool)> =
        config.windows.iter().map(|w| (w.id.as_str(), w.title.as_str(), w.link.is_some())).collect();
    // A local window wins over the feed's with the same id; the feed's link to another host is dropped; the
    // built-in seed window stays.
    assert_eq!(titles[0].0, "2026-03-21-kaishu");
    assert_eq!(
        titles[1..],
        [("elsewhere", "よそへのリンク", false), ("local", "PC の作業", true), ("shared", "上書き", false)]
    );
    assert_eq!(config.notify.lead_minutes, [5], "the user's file wins, with the warning above");
    assert!(config.proxy.is_none() && config.menu.quit, "only the machine-wide file sets these");

    // Without a `--config`, a missing user file is skipped, not an error.
    let files = read_files(&[source(Role::User, "user.toml", Found::Missing("gone".to_string()))]);
    let assembled = files.assemble(&[]);
    assert!(assembled.errors.is_empty() && assembled.statuses == [FileStatus::NotFound]);
    assert_eq!(assembled.config.windows.len(), Config::builtin().windows.len());
}

/// The host of an address is the one a browser goes to (the `url` crate parses as browsers do), for both the
/// allowed-host check and `check_url`: a backslash, a number written as hex, an upper-case host or a trailing dot.
#[test]
fn hosts_are_read_as_browsers_read_them() {
    use onshi_tray_core::config::{check_url, host_allowed, web_host};
    let portal = vec!["*.service-now.com".to_string()];
    for (url, host) in [
        ("https://IryohokenJyoho.Service-Now.com./csm", Some("iryohokenjyoho.service-now.com")),
        ("https://evil.example\\@iryohokenjyoho.service-now.com/", Some("evil.example")),
        ("https://0x7f000001/", Some("127.0.0.1")),
        ("https://[::1]:8443/", Some("[::1]")),
        ("ftp://files.service-now.com/", None),
        ("https://受付.example/", None),
    ] {
        assert_eq!(web_host(url).as_deref(), host, "{url}");
        assert_eq!(host_allowed(url, &portal), host.is_some_and(|h| h.ends_with(".service-now.com")), "{url}");
    }
    assert_eq!(
        check_url("https://0x7f000001/"),
        Err("leads a browser to `127.0.0.1`, not to the `0x7f000001` it seems to name".to_string())
    );
    assert!(check_url("https://IryohokenJyoho.Service-Now.com./csm").is_ok());
    assert!(check_url("https://[::1]:8443/").is_ok());
}

/// A file that breaks (a bad edit, a share gone unreadable) is replaced, whole, by its last good copy, also at a
/// start: the settings in force are those last known to be good, and its errors are still reported. Without a copy
/// its broken parts run on the built-in settings; a file that is gone was removed on purpose (no copy).
#[test]
fn a_broken_file_is_replaced_by_its_last_good_copy() {
    use onshi_tray_core::config::{read_files, Found, Role, Source};
    let good = "[facility]\nweekday = \"00:00-24:00\"\nsaturday = \"00:00-24:00\"\nsunday = \"00:00-24:00\"\n\
                [[window]]\nid = \"w\"\ntitle = \"作業\"\nstart = 2026-04-04T22:00:00\nend = 2026-04-04T23:00:00\n";
    let broken =
        good.replace("2026-04-04T22:00:00", "2026-04-4T22:00").replace("\"00:00-24:00\"\nsun", "\"0-24\"\nsun");
    let load = |found: Found, last_good: Option<&str>| {
        let source = Source {
            role: Role::MachineWide,
            origin: "system.toml".to_string(),
            found,
            last_good: last_good.map(|t| t.as_bytes().to_vec()),
        };
        let assembled = read_files(&[source]).assemble(&[]);
        let windows: Vec<String> = assembled.config.windows.iter().map(|w| w.id.clone()).collect();
        let saturday = assembled.config.facility.saturday.map(|h| (h.open, h.close));
        let errors: Vec<String> = assembled.errors.iter().map(|e| e.headline()).collect();
        format!("{:?} windows={windows:?} saturday={saturday:?} errors={errors:#?}", assembled.statuses[0])
    };
    let bytes = |text: &str| Found::Bytes(text.as_bytes().to_vec());
    let cases = [
        ("good", load(bytes(good), None)),
        ("broken, with a copy", load(bytes(&broken), Some(good))),
        ("broken, no copy", load(bytes(&broken), None)),
        ("broken, a broken copy", load(bytes(&broken), Some(&broken))),
        ("unreadable, with a copy", load(Found::Unreadable("Permission denied".to_string()), Some(good))),
        ("gone, with a copy", load(Found::Missing("No such file or directory".to_string()), Some(good))),
    ];
    let out: String = cases.iter().map(|(case, result)| format!("{case}: {result}\n")).collect();
    expect![[r#"
        good: Read windows=["2026-03-21-kaishu", "w"] saturday=Some((0, 1440)) errors=[]
        broken, with a copy: LastGood windows=["2026-03-21-kaishu", "w"] saturday=Some((0, 1440)) errors=[
            "system.toml:3:12: `facility.saturday`: `0` is not a time of day from 00:00 to 23:59 (or 24:00 as a closing time)",
            "system.toml:8:9: invalid TOML: invalid date, expected a two-digit day (DD); window[1] (lines 5–9) is skipped",
        ]
        broken, no copy: HasErrors windows=["2026-03-21-kaishu"] saturday=Some((540, 780)) errors=[
            "system.toml:3:12: `facility.saturday`: `0` is not a time of day from 00:00 to 23:59 (or 24:00 as a closing time)",
            "system.toml:8:9: invalid TOML: invalid date, expected a two-digit day (DD); window[1] (lines 5–9) is skipped",
        ]
        broken, a broken copy: HasErrors windows=["2026-03-21-kaishu"] saturday=Some((540, 780)) errors=[
            "system.toml:3:12: `facility.saturday`: `0` is not a time of day from 00:00 to 23:59 (or 24:00 as a closing time)",
            "system.toml:8:9: invalid TOML: invalid date, expected a two-digit day (DD); window[1] (lines 5–9) is skipped",
        ]
        unreadable, with a copy: LastGood windows=["2026-03-21-kaishu", "w"] saturday=Some((0, 1440)) errors=[
            "system.toml:1:1: cannot read the file: Permission denied",
        ]
        gone, with a copy: NotFound windows=["2026-03-21-kaishu"] saturday=Some((540, 780)) errors=[]
    "#]].assert_eq(&out);
}
