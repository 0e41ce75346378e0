//! What hostile or broken input costs the parsers: each row must stay linear in the input's size (under a second
//! for a megabyte), so that one published file cannot stall every PC of a fleet.
//!
//! `cargo run --release --example hostile` prints one row per input: its size, the milliseconds to read it, and
//! what came of it. The figures go into BENCHMARKS.md ("Hostile input").

use std::time::Instant;

use onshi_tray_core::config::{parse_instant, parse_str};
use onshi_tray_core::feed;

fn row(name: &str, bytes: usize, run: impl FnOnce() -> String) {
    let t = Instant::now();
    let outcome = run();
    println!("{name}\t{bytes}\t{:.1}\t{outcome}", t.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    let now = parse_instant("2026-12-01T09:00:00+09:00").expect("valid instant");
    println!("input\tbytes\tms\toutcome");
    let garbage = "garbage line ===\n".repeat(10_000);
    row("config: 10 000 garbage lines", garbage.len(), || format!("{} errors", parse_str(&garbage, "g.toml").1.len()));
    let mut noise = Vec::with_capacity(1 << 20);
    let mut state: u32 = 12345;
    while noise.len() < (1 << 20) - 64 {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let byte = (state >> 16) as u8;
        noise.push(if byte.is_ascii_graphic() || byte == b'\n' || byte == b' ' { byte } else { b'=' });
    }
    row("feed: 1 MiB of garbage (a proxy's error page)", noise.len(), || match feed::parse(&noise, "g", false, now) {
        Ok(layer) => format!("{} windows", layer.windows.len()),
        Err(errors) => format!("refused, {} errors", errors.len()),
    });
    let mut calendar = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for i in 0..10_000 {
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).expect("date") + chrono::Duration::days(i / 24);
        let hour = i % 24;
        calendar += &format!(
            "BEGIN:VEVENT\r\nUID:e{i}\r\nSUMMARY:保守 {i}\r\nDTSTART:{}T{hour:02}0000Z\r\nDURATION:PT30M\r\nEND:VEVENT\r\n",
            day.format("%Y%m%d")
        );
    }
    calendar += "END:VCALENDAR\r\n";
    row("feed: a calendar of 10 000 events", calendar.len(), || {
        match feed::parse(calendar.as_bytes(), "c", false, now) {
            Ok(layer) => format!("{} windows", layer.windows.len()),
            Err(errors) => format!("refused: {}", errors[0].headline()),
        }
    });
    let nested = format!("BEGIN:VCALENDAR\r\n{}END:VCALENDAR\r\n", "BEGIN:A\n".repeat(100_000));
    row("feed: a calendar nested 100 000 deep", nested.len(), || {
        match feed::parse(nested.as_bytes(), "n", false, now) {
            Ok(_) => "read".to_string(),
            Err(errors) => format!("refused: {}", errors[0].message),
        }
    });
    let title = "長".repeat(100_000 / 3);
    let toml = format!(
        "[[window]]\nid = \"a\"\ntitle = \"{title}\"\nstart = 2026-12-05T22:00:00\nend = 2026-12-05T23:00:00\n"
    );
    row("config: a window with a 100 KB title", toml.len(), || {
        let (layer, errors) = parse_str(&toml, "t.toml");
        format!("{} windows, {}", layer.windows.len(), errors.first().map(|e| e.message.clone()).unwrap_or_default())
    });
    // Calendars built to cost (issue 35): repeat rules no date satisfies make the rule crate search to its last
    // year; each feed's work is bounded by its repeat budget.
    let impossible = "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n";
    let event = |uid: usize, rules: usize, freq: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:e{uid}\r\nDTSTART;TZID=Asia/Tokyo:20261206T060000\r\nDTEND;TZID=Asia/Tokyo:20261206T080000\r\n{}END:VEVENT\r\n",
            impossible.replace("YEARLY", freq).repeat(rules)
        )
    };
    let costly = |name: &str, events: String| {
        let text = format!("BEGIN:VCALENDAR\r\n{events}END:VCALENDAR\r\n");
        row(name, text.len(), || match feed::parse(text.as_bytes(), "c", false, now) {
            Ok(layer) => format!("{} windows, {} skipped", layer.windows.len(), layer.skipped),
            Err(errors) => format!("refused: {}", errors.last().map(|e| e.message.clone()).unwrap_or_default()),
        });
    };
    costly("feed: one event with 990 impossible RRULEs (was 66-108 s)", event(0, 990, "YEARLY"));
    costly("feed: 100 events of one impossible RRULE (was 8-13 s)", (0..100).map(|i| event(i, 1, "YEARLY")).collect());
    costly(
        "feed: two events of 990 such rules (was 131 s at every start)",
        (0..2).map(|i| event(i, 990, "YEARLY")).collect(),
    );
    for freq in ["YEARLY", "MONTHLY", "DAILY"] {
        let events: String = (0..)
            .map(|i| event(i, 4, freq))
            .take_while({
                let mut size = 0;
                move |e| {
                    size += e.len();
                    size < 1_000_000
                }
            })
            .collect();
        costly(&format!("feed: 1 MB of events with 4 impossible {freq} rules each"), events);
    }
    let zones: String = (0..3_000)
        .map(|i| {
            format!(
                "BEGIN:VTIMEZONE\r\nTZID:Z{i}\r\nBEGIN:STANDARD\r\nDTSTART:16010101T000000\r\nTZOFFSETTO:+0900\r\n{impossible}END:STANDARD\r\nEND:VTIMEZONE\r\n"
            )
        })
        .collect();
    costly("feed: 3 000 VTIMEZONEs with an impossible rule", zones + &event(0, 0, "YEARLY"));
    let errors = "a =\n".repeat(120_000);
    row("config: 100 000 one-line TOML errors", errors.len(), || {
        format!("{} errors", parse_str(&errors, "e.toml").1.len())
    });
    // The announcement reader (issue 34): a megabyte of announcements, and of digits and range marks built to cost.
    let published = chrono::NaiveDate::from_ymd_opt(2026, 7, 14).expect("a date");
    let item = "令和8年8月においては以下の日程を予定しています。・8/10(月)22:00 ～ 8/11(火)08:00 ・8/16(日)00:00 ～ 08:00 終了時刻については前後する可能性がございます。\n";
    for (name, size) in [("import: 256 KiB of announcements", 1 << 18), ("import: 1 MiB of announcements", 1 << 20)] {
        let announcements = item.repeat(size / item.len());
        row(name, announcements.len(), || {
            format!("{} windows", onshi_tray_reader::read(&announcements, published).windows.len())
        });
    }
    let digits = "1/2(3~4:5~6時7分~8月9日~".repeat((1 << 20) / 40);
    row("import: 1 MiB of digits and range marks", digits.len(), || {
        let reading = onshi_tray_reader::read(&digits, published);
        format!("{} windows, {} not windows", reading.windows.len(), reading.not_windows.len())
    });
    // PDFs: the text layer of a circular of 25, 50 and 100 pages (each glyph run placed on its own, as Chromium
    // prints), read and then the reading, as `import` does.
    for pages in [25, 50, 100] {
        let pdf = pdf_of(pages, item);
        row(&format!("import: a PDF of {pages} pages"), pdf.len(), || {
            let input = onshi_tray_reader::input::read(&pdf);
            let reading = onshi_tray_reader::read(&input.text, published);
            format!("{} bytes of text, {} windows", input.text.len(), reading.windows.len())
        });
    }
    // And one Chromium printed (its fonts embedded as Type 3), where Chromium is installed.
    if let Some(pdf) = chromium_pdf(50, item) {
        row("import: a PDF of 50 pages printed by Chromium", pdf.len(), || {
            let input = onshi_tray_reader::input::read(&pdf);
            let reading = onshi_tray_reader::read(&input.text, published);
            format!("{} bytes of text, {} windows", input.text.len(), reading.windows.len())
        });
    } else {
        println!("(no Chromium: the row of a PDF it prints is left out)");
    }
}

/// A PDF of `pages` pages, 40 lines of `line` each, every character a run of its own through a font whose
/// `ToUnicode` map gives its meaning (one code a character).
fn pdf_of(pages: usize, line: &str) -> Vec<u8> {
    let chars: Vec<char> = {
        let mut seen: Vec<char> = line.trim().chars().collect();
        seen.sort_unstable();
        seen.dedup();
        seen
    };
    assert!(chars.len() < 250, "one byte a character");
    let code = |c: char| chars.iter().position(|&x| x == c).map_or(0, |i| i + 1);
    let mut cmap = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n".to_string();
    // At most 100 mappings a block (PDF 32000-1 §9.10.3).
    for (block, chunk) in chars.chunks(100).enumerate() {
        cmap += &format!("{} beginbfchar\n", chunk.len());
        for (i, c) in chunk.iter().enumerate() {
            cmap += &format!("<{:02X}> <{:04X}>\n", 100 * block + i + 1, u32::from(*c));
        }
        cmap += "endbfchar\n";
    }
    cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend";
    let mut page_text = String::new();
    for n in 0..40 {
        page_text += &format!("BT /F1 10 Tf 1 0 0 1 40 {} Tm", 800 - 18 * n);
        for c in line.trim().chars() {
            page_text += &format!(" <{:02X}> Tj 10 0 Td", code(c));
        }
        page_text += " ET\n";
    }
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {pages} >>",
            (0..pages).map(|p| format!("{} 0 R", 5 + 2 * p)).collect::<Vec<_>>().join(" ")
        )
        .into_bytes(),
        b"<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] /FontBBox [0 0 1000 1000] /CharProcs << >> /Encoding << /Differences [] >> /FirstChar 0 /LastChar 255 /Widths [] /ToUnicode 4 0 R >>".to_vec(),
        format!("<< /Length {} >>\nstream\n{cmap}\nendstream", cmap.len()).into_bytes(),
    ];
    for p in 0..pages {
        objects.push(format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>", 6 + 2 * p).into_bytes());
        objects.push(format!("<< /Length {} >>\nstream\n{page_text}\nendstream", page_text.len()).into_bytes());
    }
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// `pages` pages of `line` as an HTML circular, printed to PDF by headless Chromium; `None` where it is missing.
fn chromium_pdf(pages: usize, line: &str) -> Option<Vec<u8>> {
    let dir = std::env::temp_dir().join(format!("onshi-tray-bench-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("profile")).ok()?;
    let page = format!(
        "<!doctype html><meta charset=utf-8><body style=\"font-family:'Noto Sans CJK JP',sans-serif\">{}",
        format!("<p>{line}</p>").repeat(pages * 20)
    );
    std::fs::write(dir.join("c.html"), page).ok()?;
    let pdf = dir.join("c.pdf");
    let status = std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg("--no-pdf-header-footer")
        .arg(format!("file://{}", dir.join("c.html").display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let bytes = status.success().then(|| std::fs::read(&pdf).ok()).flatten();
    let _ = std::fs::remove_dir_all(&dir);
    bytes
}
