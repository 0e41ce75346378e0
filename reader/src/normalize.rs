//! Stage one: the text as the later stages read it, once, up front, with a map back to the original.
//!
//! NFKC folds what PDFs and web pages put in place of the text (Kangxi radicals such as `⽇` for 日, full-width
//! digits, letters and colons, half-width katakana); then the range marks (`～ 〜 ~ －`) become `~`, the bars that
//! stand for a long vowel (`―` U+2015 in マイナポ―タル, `‐`) become `ー` after katakana, and every run of white
//! space (U+3000 included) one space. Each character of the result remembers the byte of the original it came
//! from, so that every value can point at the words it was read from.

use unicode_normalization::UnicodeNormalization;

/// The normalized text and, for each of its bytes, the byte of the original it came from.
#[derive(Clone, Debug)]
pub struct Normalized {
    pub text: String,
    origin: Vec<usize>,
}

impl Normalized {
    /// The byte of the original text that normalized byte `at` came from.
    pub fn original(&self, at: usize) -> usize {
        self.origin.get(at).copied().or_else(|| self.origin.last().map(|o| o + 1)).unwrap_or(0)
    }
}

/// Normalizes `text` (see the module's comment).
pub fn normalize(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len());
    let mut last_was_space = false;
    let mut previous: Option<char> = None;
    for (at, c) in text.char_indices() {
        // The Kangxi radicals and CJK compatibility forms fold to the ideographs; everything else NFKC does too.
        let mut buffer = [0u8; 4];
        let folded: String = if c.is_ascii() { c.encode_utf8(&mut buffer).to_string() } else { c.nfkc().collect() };
        for c in folded.chars() {
            let c = match c {
                '～' | '〜' | '〰' | '∼' | '~' | '－' | '⁓' => '~',
                '―' | '‐' | '‑' | '─' | '━' if previous.is_some_and(is_katakana) => 'ー',
                '‧' | '•' | '●' | '■' | '◆' | '○' | '◎' => '・',
                '\u{200B}'..='\u{200F}' | '\u{FEFF}' | '\u{2060}' => continue,
                c => c,
            };
            if c.is_whitespace() {
                if last_was_space {
                    continue;
                }
                last_was_space = true;
                // Line ends stay: they end list items and headings.
                let kept = if c == '\n' || c == '\r' { '\n' } else { ' ' };
                push(&mut out, &mut origin, kept, at);
                previous = Some(kept);
                continue;
            }
            last_was_space = false;
            push(&mut out, &mut origin, c, at);
            previous = Some(c);
        }
    }
    Normalized { text: out, origin }
}

fn push(out: &mut String, origin: &mut Vec<usize>, c: char, at: usize) {
    out.push(c);
    origin.extend(std::iter::repeat_n(at, c.len_utf8()));
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// Where each line of a text starts, to name the line of a byte in logarithmic time.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn of(text: &str) -> Lines {
        Lines(text.match_indices('\n').map(|(at, _)| at + 1).collect())
    }

    /// The 1-based line of byte `at`.
    pub fn line_of(&self, at: usize) -> usize {
        self.0.partition_point(|start| *start <= at) + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_pdfs_and_pages_write_instead_of_the_text_is_folded() {
        let cases = [
            ("令和 8 年 3 月 21 ⽇ (土)", "令和 8 年 3 月 21 日 (土)"),
            ("2026年3月24日（火）　9：00～14：30（予定）", "2026年3月24日(火) 9:00~14:30(予定)"),
            ("マイナポ―タル", "マイナポータル"),
            ("21:00 〜 翌2:00", "21:00 ~ 翌2:00"),
            ("‧4/3(金)", "・4/3(金)"),
            ("ｵﾝﾗｲﾝ", "オンライン"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input).text, expected, "{input}");
        }
    }

    #[test]
    fn every_byte_points_back_at_the_original() {
        let text = "日付：２０２６年";
        let normalized = normalize(text);
        assert_eq!(normalized.text, "日付:2026年");
        let six = normalized.text.find('6').unwrap();
        assert_eq!(&text[normalized.original(six)..], "６年");
    }
}
