//! The forms an announcement arrives in, each turned into the text the reader reads: plain text in any encoding
//! ([`crate::decode`]), a web page saved from the browser (HTML: tags, entities, `<br>`, lists and tables, through
//! html5gum, a WHATWG tokenizer with no unsafe code), and an e-mail (`.eml`: MIME parts, quoted-printable and
//! base64, ISO-2022-JP headers and bodies, through mail-parser, whose `full_encoding` decodes with encoding_rs), and a
//! PDF's text layer ([`crate::pdf`]).
//! An e-mail's `Date` is its publication date.

use chrono::{DateTime, NaiveDate, Utc};

/// What the bytes were.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Text,
    Html,
    Mail,
    Pdf,
}

impl Form {
    pub fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Html => "a web page (HTML)",
            Form::Mail => "an e-mail",
            Form::Pdf => "a PDF",
        }
    }
}

/// An announcement's text, what it was, and what it says of itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    pub text: String,
    pub form: Form,
    pub encoding: &'static str,
    pub malformed: bool,
    /// The e-mail's date, in Japan time.
    pub published: Option<NaiveDate>,
    /// Why no text could be taken out (a PDF with no text layer or a password), in words a person can act on.
    pub unreadable: Option<String>,
}

/// Reads an announcement's bytes in whatever form they are.
pub fn read(bytes: &[u8]) -> Input {
    if crate::pdf::is_pdf(bytes) {
        let (text, unreadable) = match crate::pdf::text(bytes) {
            Ok(text) => (text, None),
            Err(why) => (String::new(), Some(why)),
        };
        return Input { text, form: Form::Pdf, encoding: "text layer", malformed: false, published: None, unreadable };
    }
    if looks_like_mail(bytes) {
        if let Some(input) = mail(bytes) {
            return input;
        }
    }
    let decoded = crate::decode::decode(bytes);
    let form = if looks_like_html(&decoded.text) { Form::Html } else { Form::Text };
    let text = if form == Form::Html { html_text(&decoded.text) } else { decoded.text };
    Input { text, form, encoding: decoded.encoding, malformed: decoded.malformed, published: None, unreadable: None }
}

/// An e-mail starts with header fields: `Name: value` lines, one of the usual names among the first.
fn looks_like_mail(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let mut lines = head.lines().take_while(|l| !l.trim().is_empty());
    let header = |l: &str| {
        l.split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    };
    let known =
        ["from", "to", "subject", "date", "received", "return-path", "mime-version", "message-id", "delivered-to"];
    lines.next().is_some_and(header)
        && head
            .lines()
            .take(40)
            .filter_map(|l| l.split_once(':'))
            .filter(|(name, _)| known.contains(&name.trim().to_ascii_lowercase().as_str()))
            .count()
            >= 2
}

fn mail(bytes: &[u8]) -> Option<Input> {
    let message = mail_parser::MessageParser::default().parse(bytes)?;
    let mut text = String::new();
    if let Some(subject) = message.subject() {
        text += subject;
        text += "\n";
    }
    match message.body_text(0) {
        Some(body) => text += &body,
        None => text += &html_text(&message.body_html(0)?),
    }
    let published = message.date().and_then(|date| {
        let utc = DateTime::<Utc>::from_timestamp(date.to_timestamp(), 0)?;
        Some((utc + chrono::Duration::hours(9)).date_naive())
    });
    Some(Input { text, form: Form::Mail, encoding: "MIME", malformed: false, published, unreadable: None })
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(2048).collect::<String>().to_ascii_lowercase();
    ["<!doctype html", "<html", "<body", "<p>", "<div", "<br", "<li>", "<table"].iter().any(|tag| head.contains(tag))
}

/// The text of a page: a line end at each block and `<br>`, `・` before each list item, cells apart, scripts and
/// styles left out, entities decoded.
pub fn html_text(html: &str) -> String {
    use html5gum::{Token, Tokenizer};
    let mut out = String::with_capacity(html.len() / 2);
    let mut hidden = 0usize;
    for token in Tokenizer::new(html).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "script" | "style" | "head" | "template" | "noscript" if !tag.self_closing => hidden += 1,
                    "br" | "p" | "div" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol"
                    | "section" | "article" | "header" | "footer" | "dt" | "dd" => out.push('\n'),
                    "li" => out += "\n・",
                    "td" | "th" => out.push(' '),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                match name.as_str() {
                    "script" | "style" | "head" | "template" | "noscript" => hidden = hidden.saturating_sub(1),
                    "p" | "div" | "tr" | "li" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "ul" | "ol" => {
                        out.push('\n')
                    }
                    _ => {}
                }
            }
            Token::String(text) if hidden == 0 => out += &String::from_utf8_lossy(&text),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_page_becomes_lines_of_text() {
        let page = "<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body><p>下記の時間帯&#12395;停止します&amp;ご注意ください。</p><ul><li>4/3(金)21:30 &#xFF5E; 21:40</li><li>4/5(日)00:00～08:00</li></ul><script>var x = '1/2(3)';</script><table><tr><td>期間</td><td>2026年3月24日<br>9:00～14:30</td></tr></table></body></html>";
        let input = read(page.as_bytes());
        assert_eq!(input.form, Form::Html);
        assert_eq!(
            input.text,
            "\n下記の時間帯に停止します&ご注意ください。\n\n\n・4/3(金)21:30 ～ 21:40\n\n・4/5(日)00:00～08:00\n\n\n\n 期間 2026年3月24日\n9:00～14:30\n\n"
        );
    }
}
