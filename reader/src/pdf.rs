//! A PDF's text layer, through lopdf (the maintained pure-Rust PDF library: its parser bounds every stream it
//! inflates, and it opens the "no editing" PDFs offices send, encrypted with an empty user password).
//!
//! The text of a page is its text operators in the order the content stream draws them, a line end wherever the
//! baseline moves: a circular printed by a browser or saved by a word processor draws line by line, each glyph run
//! positioned on its own (Chromium gives every run, even a single character, a font and a `Td` of its own), so
//! lopdf's own `extract_text`, which ends a line at each text object, splits `令和8年` into lines. Each font's
//! `ToUnicode` map comes first (what a glyph means, whatever the font's encoding says), and a marked span's
//! `ActualText` stands for the glyphs inside it, as PDF 32000-1 §14.9.4 says a reader should.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Encoding, LoadOptions, Object};
use std::collections::BTreeMap;

/// The most any one stream may inflate to: a page of text is a few hundred kilobytes.
const MAX_STREAM: usize = 16 * 1024 * 1024;

/// The most text taken from a PDF: the reader reads at most this much ([`crate::MAX_TEXT`]).
const MAX_TEXT: usize = crate::MAX_TEXT;

/// The most content operators walked in all: 50 dense pages are a few hundred thousand.
const MAX_OPERATIONS: usize = 5_000_000;

pub fn is_pdf(bytes: &[u8]) -> bool {
    // PDF 32000-1 §7.5.2: the header is the first line, but readers accept it within the first kilobyte.
    bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-")
}

/// The text layer of every page, pages apart by an empty line; or why there is none.
pub fn text(bytes: &[u8]) -> Result<String, String> {
    let options = LoadOptions { max_decompressed_size: Some(MAX_STREAM), ..LoadOptions::default() };
    let document = Document::load_mem_with_options(bytes, options).map_err(|err| match err {
        lopdf::Error::Decryption(_) | lopdf::Error::InvalidPassword => {
            "the PDF is protected by a password: open it, copy its text and import that".to_string()
        }
        err => format!("the PDF cannot be read ({err})"),
    })?;
    let mut out = String::new();
    let mut budget = MAX_OPERATIONS;
    for (_, page) in document.get_pages() {
        if out.len() > MAX_TEXT || budget == 0 {
            break;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        page_text(&document, page, &mut out, &mut budget);
    }
    if out.trim().is_empty() {
        return Err(
            "the PDF has no text layer (a scan?): copy the announcement's text from its web page or e-mail".to_string()
        );
    }
    Ok(out)
}

/// Where a run of glyphs starts on the page: the text matrix times the graphics state's.
#[derive(Clone, Copy)]
struct Matrix([f32; 6]);

impl Matrix {
    const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self` then `then`.
    fn times(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [a2, b2, c2, d2, e2, f2] = then.0;
        Matrix([
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        ])
    }

    fn of(operands: &[Object]) -> Option<Matrix> {
        let mut m = [0.0; 6];
        for (slot, operand) in m.iter_mut().zip(operands) {
            *slot = number_of(operand)?;
        }
        (operands.len() == 6).then_some(Matrix(m))
    }

    fn translate(x: f32, y: f32) -> Matrix {
        Matrix([1.0, 0.0, 0.0, 1.0, x, y])
    }
}

fn number_of(object: &Object) -> Option<f32> {
    match object {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// Each font of a page with its `ToUnicode` map first: without its `/Encoding`, lopdf reads a font through the map.
fn mapped_fonts(document: &Document, fonts: &BTreeMap<Vec<u8>, &Dictionary>) -> Vec<(Vec<u8>, Dictionary)> {
    fonts
        .iter()
        .map(|(name, font)| {
            let mut font = (*font).clone();
            if font.get_deref(b"ToUnicode", document).and_then(Object::as_stream).is_ok() {
                font.remove(b"Encoding");
            }
            (name.clone(), font)
        })
        .collect()
}

fn page_text(document: &Document, page: lopdf::ObjectId, out: &mut String, budget: &mut usize) {
    let fonts = mapped_fonts(document, &document.get_page_fonts(page).unwrap_or_default());
    let encodings: BTreeMap<&[u8], Encoding<'_>> = fonts
        .iter()
        .filter_map(|(name, font)| {
            Some((name.as_slice(), font.get_font_encoding_with_limit(document, MAX_STREAM).ok()?))
        })
        .collect();
    let Ok(content) = document.get_page_content_with_limit(page, MAX_STREAM) else { return };
    let Ok(content) = Content::decode(&content) else { return };
    let mut graphics = Matrix::IDENTITY;
    let mut saved: Vec<Matrix> = Vec::new();
    let mut line = Matrix::IDENTITY;
    let mut leading = 0.0f32;
    let mut font: Option<&Encoding<'_>> = None;
    let mut baseline: Option<f32> = None;
    // Marked spans open, and the depth at which an ActualText stands for the glyphs inside.
    let mut spans = 0usize;
    let mut actual: Option<usize> = None;
    // The ActualText not yet written: it goes where its span's first glyph is drawn.
    let mut pending: Option<String> = None;
    for operation in &content.operations {
        if *budget == 0 || out.len() > MAX_TEXT {
            return;
        }
        *budget -= 1;
        let operands = &operation.operands;
        match operation.operator.as_str() {
            "q" if saved.len() < 64 => saved.push(graphics),
            "Q" => graphics = saved.pop().unwrap_or(graphics),
            "cm" => {
                if let Some(m) = Matrix::of(operands) {
                    graphics = m.times(graphics);
                }
            }
            "BT" => line = Matrix::IDENTITY,
            "Tm" => line = Matrix::of(operands).unwrap_or(line),
            "TL" => leading = operands.first().and_then(number_of).unwrap_or(leading),
            "Td" | "TD" => {
                let x = operands.first().and_then(number_of).unwrap_or(0.0);
                let y = operands.get(1).and_then(number_of).unwrap_or(0.0);
                if operation.operator == "TD" {
                    leading = -y;
                }
                line = Matrix::translate(x, y).times(line);
            }
            "T*" | "'" | "\"" => line = Matrix::translate(0.0, -leading).times(line),
            "Tf" => font = operands.first().and_then(|o| o.as_name().ok()).and_then(|name| encodings.get(name)),
            "BDC" => {
                spans += 1;
                if actual.is_none() {
                    if let Some(text) = actual_text(document, operands.get(1)) {
                        pending = Some(text);
                        actual = Some(spans);
                    }
                }
            }
            "BMC" => spans += 1,
            "EMC" => {
                if actual == Some(spans) {
                    actual = None;
                    out.push_str(&pending.take().unwrap_or_default());
                }
                spans = spans.saturating_sub(1);
            }
            _ => {}
        }
        let shown: Vec<&Object> = match operation.operator.as_str() {
            "Tj" | "'" => operands.first().into_iter().collect(),
            "\"" => operands.get(2).into_iter().collect(),
            "TJ" => operands.first().and_then(|o| o.as_array().ok()).map(|a| a.iter().collect()).unwrap_or_default(),
            _ => continue,
        };
        if actual.is_some() {
            if let Some(text) = pending.take() {
                place(out, &mut baseline, line.times(graphics));
                out.push_str(&text);
            }
            continue;
        }
        let Some(encoding) = font else { continue };
        place(out, &mut baseline, line.times(graphics));
        for object in shown {
            match object {
                Object::String(bytes, _) => {
                    let _ = encoding.write_to_string(bytes, out);
                }
                // A step back of more than a fifth of the font's size inside a TJ array is a word space in Latin text.
                number if number_of(number).is_some_and(|n| n < -200.0) && !out.ends_with(' ') => out.push(' '),
                _ => {}
            }
        }
    }
}

/// A line end when this run's baseline is not the last run's.
fn place(out: &mut String, baseline: &mut Option<f32>, at: Matrix) {
    let y = at.0[5];
    if let Some(last) = *baseline {
        if (y - last).abs() > 0.5 && !out.ends_with('\n') {
            out.push('\n');
        }
    }
    *baseline = Some(y);
}

/// A marked span's `/ActualText` (a text string: UTF-16 with its byte-order mark, or PDFDocEncoding).
fn actual_text(document: &Document, properties: Option<&Object>) -> Option<String> {
    let properties = match properties? {
        Object::Dictionary(d) => d,
        Object::Reference(id) => document.get_dictionary(*id).ok()?,
        _ => return None,
    };
    lopdf::decode_text_string(properties.get(b"ActualText").ok()?).ok()
}
