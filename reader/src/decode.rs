//! Stage zero: bytes to text. Announcements arrive as UTF-8 (with or without a BOM), UTF-16 (with its BOM), or in
//! the encodings Japanese offices still write: Shift_JIS as Windows writes it (CP932), EUC-JP and ISO-2022-JP (mail).
//! encoding_rs decodes each and says whether anything was malformed; the one that reads cleanly, and most like
//! Japanese, wins.

use encoding_rs::{Encoding, EUC_JP, ISO_2022_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};

/// The text, the name of the encoding it was read in, and whether some bytes could not be read (replaced by U+FFFD).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    pub malformed: bool,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return with(encoding, &bytes[bom..]);
    }
    // ISO-2022-JP is 7-bit (so valid UTF-8 too), with escape sequences (ESC $ B, ESC ( B, ESC ( J).
    if bytes.windows(3).any(|w| matches!(w, [0x1b, b'$', b'B' | b'@'])) {
        return with(ISO_2022_JP, bytes);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_string(), encoding: UTF_8.name(), malformed: false };
    }
    let candidates = [with(SHIFT_JIS, bytes), with(EUC_JP, bytes), with(UTF_16LE, bytes), with(UTF_16BE, bytes)];
    candidates.into_iter().max_by_key(|d| (!d.malformed, japanese(&d.text))).unwrap_or_else(|| with(UTF_8, bytes))
}

fn with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, malformed) = encoding.decode_without_bom_handling(bytes);
    Decoded { text: text.into_owned(), encoding: encoding.name(), malformed }
}

/// How many characters are kana or common kanji: the measure of which decoding reads as Japanese.
fn japanese(text: &str) -> usize {
    text.chars().filter(|c| matches!(*c as u32, 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF01..=0xFF5E)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_an_office_writes_is_read() {
        let text = "令和8年3月21日（土）22:00～23:00 ログアウトされる可能性があります。";
        for encoding in [UTF_8, SHIFT_JIS, EUC_JP, ISO_2022_JP] {
            let (bytes, _, unmappable) = encoding.encode(text);
            assert!(!unmappable, "{}", encoding.name());
            let decoded = decode(&bytes);
            assert_eq!((decoded.text.as_str(), decoded.encoding, decoded.malformed), (text, encoding.name(), false));
        }
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&utf16).text, text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom).text, text);
    }
}
