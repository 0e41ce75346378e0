//! Writes the app's icons, drawn by `onshi_tray_core::icon`:
//!   cargo run --example icons -- --assets          assets/idle.png, upcoming.png, in_progress.png (64 px)
//!   cargo run --example icons -- --ico FILE        the multi-size .ico (the MSI's icon in "Apps & features")
//!   cargo run --example icons -- --sheet FILE      a contact sheet: every look and tray size, on dark and light
//! `tests/tidy.rs` fails when the files in assets/ are not what the code draws.

use onshi_tray_core::icon::{draw, ico, png, Look, EXE_FRAMES, TRAY_FRAMES};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--assets" {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            for look in Look::ALL {
                let path = root.join(format!("assets/{}.png", look.name()));
                std::fs::write(&path, png(&draw(look, 64, false), 64))
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            }
            continue;
        }
        let path = args.next().unwrap_or_else(|| panic!("{arg} needs a file name"));
        let bytes = match arg.as_str() {
            "--ico" => ico(Look::Idle, &EXE_FRAMES),
            "--sheet" => sheet(),
            _ => panic!("usage: icons [--assets] [--ico FILE] [--sheet FILE]"),
        };
        std::fs::write(path, bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    }
}

/// Every look, plain and with the badge, at every tray size and 64 px, on a dark and a light background.
fn sheet() -> Vec<u8> {
    let sizes: Vec<u32> = TRAY_FRAMES.into_iter().chain([64]).collect();
    let cell = 72u32;
    let (width, height) = (cell * sizes.len() as u32 * 2, cell * 6);
    let mut rgba = vec![0u8; (width * height * 4) as usize];
    let rows = Look::ALL.into_iter().flat_map(|look| [(look, false), (look, true)]);
    for (row, (look, badge)) in rows.enumerate() {
        for (half, background) in [[32u8, 32, 32], [240, 240, 240]].into_iter().enumerate() {
            for (i, &size) in sizes.iter().enumerate() {
                let (x0, y0) = ((half * sizes.len() + i) as u32 * cell, row as u32 * cell);
                let icon = draw(look, size, badge);
                for y in 0..cell {
                    for x in 0..cell {
                        let at = (((y0 + y) * width + x0 + x) * 4) as usize;
                        let mut pixel = [background[0], background[1], background[2], 255];
                        if (4..4 + size).contains(&x) && (4..4 + size).contains(&y) {
                            let p = &icon[(((y - 4) * size + x - 4) * 4) as usize..][..4];
                            let a = p[3] as f32 / 255.0;
                            for c in 0..3 {
                                pixel[c] = (p[c] as f32 * a + background[c] as f32 * (1.0 - a)).round() as u8;
                            }
                        }
                        rgba[at..at + 4].copy_from_slice(&pixel);
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = ::png::Encoder::new(&mut out, width, height);
    encoder.set_color(::png::ColorType::Rgba);
    encoder.set_depth(::png::BitDepth::Eight);
    encoder.write_header().and_then(|mut w| w.write_image_data(&rgba)).expect("writing to memory");
    out
}
