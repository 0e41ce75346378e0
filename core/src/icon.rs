//! The app's icons, drawn from shapes at any size: the tray's four states (a green circle with a check mark, an
//! amber square with a clock, a red triangle with "!", a blue diamond with "i" after a window: colour and shape
//! both tell them apart), the settings badge, and the exe's multi-size `.ico`.
//!
//! Drawn rather than scaled from one bitmap, so the 16, 20, 24 and 32 px frames Windows picks by DPI are as sharp
//! as the 64 px one. Every shape has a dark rim and every glyph a light one (or the reverse), so each icon stands
//! out on dark and on light taskbars. Pure pixel work: the tray draws at run time, `build.rs` (which includes this
//! file) writes the exe's icon, `assets/*.png` are the 64 px drawings (`cargo run --example icons -- --assets`; a test keeps them so), and the desktop test
//! draws the same to compare.

/// What the tray shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    Idle,
    Upcoming,
    InProgress,
    /// A window took place and staff have not yet said they saw it (log in again).
    After,
}

impl Look {
    pub const ALL: [Look; 4] = [Look::Idle, Look::Upcoming, Look::InProgress, Look::After];

    /// Its name, as in `assets/<name>.png`.
    pub fn name(self) -> &'static str {
        match self {
            Look::Idle => "idle",
            Look::Upcoming => "upcoming",
            Look::InProgress => "in_progress",
            Look::After => "after",
        }
    }
}

/// The frames of the tray icon: Windows' small-icon size at 100, 125, 150 and 200 % scaling.
pub const TRAY_FRAMES: [u32; 4] = [16, 20, 24, 32];

/// The frames of the exe's icon (Explorer, the Start menu, "Apps & features", Alt+Tab).
pub const EXE_FRAMES: [u32; 8] = [16, 20, 24, 32, 40, 48, 64, 256];

/// The tray frame for the system's small-icon size (`SM_CXSMICON` at the screen's DPI): the smallest drawn frame
/// that is not smaller, or the metric itself above them (the shell would otherwise scale a 32 px frame up).
pub fn tray_frame(metric: u32) -> u32 {
    TRAY_FRAMES.into_iter().find(|&f| f >= metric).unwrap_or(metric.min(256))
}

type Rgba = [u8; 4];

const WHITE: Rgba = [255, 255, 255, 255];

/// A shape by its signed distance (negative inside), in units of the icon's width.
#[derive(Clone, Copy)]
enum Shape {
    Circle {
        c: (f32, f32),
        r: f32,
    },
    /// A square from `lo` to `hi` on both axes, with rounded corners.
    RoundSquare {
        lo: f32,
        hi: f32,
        r: f32,
    },
    /// A triangle, its corners counter-clockwise on screen (y grows downwards).
    Triangle([(f32, f32); 3]),
    /// A line from `a` to `b` with round ends, `w` wide.
    Stroke {
        a: (f32, f32),
        b: (f32, f32),
        w: f32,
    },
    /// A diamond (a square on its corner) around `c`, `r` from the centre to a corner.
    Diamond {
        c: (f32, f32),
        r: f32,
    },
}

impl Shape {
    fn distance(self, (x, y): (f32, f32)) -> f32 {
        match self {
            Shape::Circle { c, r } => ((x - c.0).powi(2) + (y - c.1).powi(2)).sqrt() - r,
            Shape::RoundSquare { lo, hi, r } => {
                let (centre, half) = ((lo + hi) / 2.0, (hi - lo) / 2.0 - r);
                let (dx, dy) = ((x - centre).abs() - half, (y - centre).abs() - half);
                (dx.max(0.0).powi(2) + dy.max(0.0).powi(2)).sqrt() + dx.max(dy).min(0.0) - r
            }
            Shape::Triangle(corners) => (0..3)
                .map(|i| {
                    let (a, b) = (corners[i], corners[(i + 1) % 3]);
                    let (ex, ey) = (b.0 - a.0, b.1 - a.1);
                    let length = (ex * ex + ey * ey).sqrt();
                    // The outward normal of a counter-clockwise edge (screen coordinates) is (-ey, ex).
                    ((y - a.1) * ex - (x - a.0) * ey) / length
                })
                .fold(f32::MIN, f32::max),
            Shape::Stroke { a, b, w } => {
                let (ex, ey) = (b.0 - a.0, b.1 - a.1);
                let t = (((x - a.0) * ex + (y - a.1) * ey) / (ex * ex + ey * ey)).clamp(0.0, 1.0);
                ((x - a.0 - t * ex).powi(2) + (y - a.1 - t * ey).powi(2)).sqrt() - w / 2.0
            }
            Shape::Diamond { c, r } => ((x - c.0).abs() + (y - c.1).abs() - r) / std::f32::consts::SQRT_2,
        }
    }
}

/// Paints `shape`, grown by `grow` (negative: shrunk), in `colour` over `rgba`, with 4 × 4 samples a pixel.
fn paint(rgba: &mut [u8], size: u32, shape: Shape, grow: f32, colour: Rgba) {
    const N: u32 = 4;
    let scale = size as f32;
    for py in 0..size {
        for px in 0..size {
            let mut inside = 0;
            for sy in 0..N {
                for sx in 0..N {
                    let point = (
                        (px as f32 + (sx as f32 + 0.5) / N as f32) / scale,
                        (py as f32 + (sy as f32 + 0.5) / N as f32) / scale,
                    );
                    if shape.distance(point) <= grow {
                        inside += 1;
                    }
                }
            }
            if inside == 0 {
                continue;
            }
            let coverage = inside as f32 / (N * N) as f32 * colour[3] as f32 / 255.0;
            let i = ((py * size + px) * 4) as usize;
            let under = [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]];
            let under_alpha = under[3] as f32 / 255.0;
            let alpha = coverage + under_alpha * (1.0 - coverage);
            for channel in 0..3 {
                let mixed = (colour[channel] as f32 * coverage
                    + under[channel] as f32 * under_alpha * (1.0 - coverage))
                    / alpha;
                rgba[i + channel] = mixed.round() as u8;
            }
            rgba[i + 3] = (alpha * 255.0).round() as u8;
        }
    }
}

/// A shape with a rim: the rim's colour, then the fill inside it. The rim is at least one pixel wide.
fn rimmed(rgba: &mut [u8], size: u32, shape: Shape, rim: f32, rim_colour: Rgba, fill: Rgba) {
    let rim = rim.max(1.0 / size as f32);
    paint(rgba, size, shape, 0.0, rim_colour);
    paint(rgba, size, shape, -rim, fill);
}

/// The icon of `look` as `size` × `size` RGBA pixels, with the settings badge when `badge` is set.
pub fn draw(look: Look, size: u32, badge: bool) -> Vec<u8> {
    let mut rgba = vec![0u8; (size * size * 4) as usize];
    let px = 1.0 / size as f32;
    // Glyph strokes never thinner than 1.6 px, so the 16 px frame still reads.
    let stroke = |w: f32| w.max(1.6 * px);
    match look {
        Look::Idle => {
            rimmed(
                &mut rgba,
                size,
                Shape::Circle { c: (0.5, 0.5), r: 0.48 },
                0.04,
                [0x1b, 0x4d, 0x1e, 255],
                [0x2e, 0x8b, 0x3a, 255],
            );
            // One stroke in two segments that meet at the bottom (round joins: no fork at the corner).
            let (start, corner, end) = ((0.27, 0.52), (0.43, 0.68), (0.74, 0.34));
            for (a, b) in [(start, corner), (corner, end)] {
                paint(&mut rgba, size, Shape::Stroke { a, b, w: stroke(0.13) }, 0.0, WHITE);
            }
        }
        Look::Upcoming => {
            let dark = [0x3e, 0x27, 0x10, 255];
            rimmed(
                &mut rgba,
                size,
                Shape::RoundSquare { lo: 0.03, hi: 0.97, r: 0.18 },
                0.045,
                dark,
                [0xff, 0xb3, 0x00, 255],
            );
            let face = Shape::Circle { c: (0.5, 0.5), r: 0.31 };
            paint(&mut rgba, size, face, 0.0, dark);
            paint(&mut rgba, size, face, -stroke(0.08), [0xff, 0xf3, 0xd6, 255]);
            for b in [(0.5, 0.30), (0.64, 0.58)] {
                paint(&mut rgba, size, Shape::Stroke { a: (0.5, 0.5), b, w: stroke(0.08) }, 0.0, dark);
            }
        }
        Look::InProgress => {
            let triangle = Shape::Triangle([(0.5, 0.04), (0.02, 0.93), (0.98, 0.93)]);
            rimmed(&mut rgba, size, triangle, 0.045, [0x6d, 0x00, 0x00, 255], [0xd3, 0x2f, 0x2f, 255]);
            paint(&mut rgba, size, Shape::Stroke { a: (0.5, 0.37), b: (0.5, 0.62), w: stroke(0.12) }, 0.0, WHITE);
            paint(&mut rgba, size, Shape::Circle { c: (0.5, 0.78), r: (0.07f32).max(1.0 * px) }, 0.0, WHITE);
        }
        Look::After => {
            // A sign on its corner (not the badge's small dark one): an "i", something to read.
            let sign = Shape::Diamond { c: (0.5, 0.5), r: 0.49 };
            rimmed(&mut rgba, size, sign, 0.045, [0x0d, 0x2b, 0x5e, 255], [0x1e, 0x63, 0xc8, 255]);
            paint(&mut rgba, size, Shape::Stroke { a: (0.5, 0.47), b: (0.5, 0.70), w: stroke(0.12) }, 0.0, WHITE);
            paint(&mut rgba, size, Shape::Circle { c: (0.5, 0.30), r: (0.075f32).max(1.0 * px) }, 0.0, WHITE);
        }
    }
    if badge {
        add_badge(&mut rgba, size);
    }
    rgba
}

/// The settings badge in the bottom-right corner: a dark diamond with a white rim (and, from 32 px, a white ×), so
/// it shows on a dark taskbar (the rim) and a light one (the fill), and never hides which state the icon is in.
fn add_badge(rgba: &mut [u8], size: u32) {
    let px = 1.0 / size as f32;
    let c = (0.76, 0.76);
    rimmed(rgba, size, Shape::Diamond { c, r: 0.24 }, 0.05_f32.max(1.2 * px), WHITE, [0x26, 0x32, 0x38, 255]);
    if size >= 32 {
        let arm = 0.06;
        for (a, b) in
            [((c.0 - arm, c.1 - arm), (c.0 + arm, c.1 + arm)), ((c.0 - arm, c.1 + arm), (c.0 + arm, c.1 - arm))]
        {
            paint(rgba, size, Shape::Stroke { a, b, w: 0.045 }, 0.0, WHITE);
        }
    }
}

/// `rgba` (`size` × `size`) as a PNG file.
pub fn png(rgba: &[u8], size: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, size, size);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().expect("writing to memory cannot fail");
    writer.write_image_data(rgba).expect("the buffer holds size × size pixels");
    writer.finish().expect("writing to memory cannot fail");
    out
}

/// An `.ico` file with one PNG frame per size (Windows Vista and later read PNG frames).
pub fn ico(look: Look, sizes: &[u32]) -> Vec<u8> {
    let frames: Vec<(u32, Vec<u8>)> = sizes.iter().map(|&s| (s, png(&draw(look, s, false), s))).collect();
    let mut out = vec![0, 0, 1, 0];
    out.extend_from_slice(&(frames.len() as u16).to_le_bytes());
    let mut offset = 6 + 16 * frames.len() as u32;
    for (size, data) in &frames {
        let side = (size % 256) as u8; // 256 is written as 0
        out.extend_from_slice(&[side, side, 0, 0]);
        out.extend_from_slice(&1u16.to_le_bytes()); // colour planes
        out.extend_from_slice(&32u16.to_le_bytes()); // bits per pixel
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&offset.to_le_bytes());
        offset += data.len() as u32;
    }
    for (_, data) in frames {
        out.extend_from_slice(&data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alpha(rgba: &[u8], size: u32, x: u32, y: u32) -> u8 {
        rgba[((y * size + x) * 4 + 3) as usize]
    }

    #[test]
    fn tray_frames_follow_the_small_icon_size() {
        let chosen: Vec<u32> = [16, 18, 20, 24, 30, 32, 40, 300].into_iter().map(tray_frame).collect();
        assert_eq!(chosen, [16, 20, 20, 24, 32, 32, 40, 256]);
    }

    #[test]
    fn every_frame_is_drawn_inside_its_square_with_the_glyph_in_the_middle() {
        for look in Look::ALL {
            for size in EXE_FRAMES {
                let rgba = draw(look, size, false);
                assert_eq!(rgba.len(), (size * size * 4) as usize);
                // The corners stay clear (a circle, a rounded square, a triangle), the centre is covered.
                assert_eq!(alpha(&rgba, size, 0, 0), 0, "{look:?} {size}");
                assert_eq!(alpha(&rgba, size, size / 2, size * 2 / 3), 255, "{look:?} {size}");
            }
        }
    }

    #[test]
    fn the_states_differ_at_every_tray_size_and_the_badge_marks_the_corner() {
        for size in TRAY_FRAMES {
            let drawn: Vec<Vec<u8>> = Look::ALL.into_iter().map(|look| draw(look, size, false)).collect();
            for (i, a) in drawn.iter().enumerate() {
                assert!(drawn[i + 1..].iter().all(|b| a != b), "{:?} at {size} px", Look::ALL[i]);
            }
            for look in Look::ALL {
                let (plain, badged) = (draw(look, size, false), draw(look, size, true));
                let changed: Vec<usize> = (0..(size * size) as usize)
                    .filter(|&p| plain[p * 4..p * 4 + 4] != badged[p * 4..p * 4 + 4])
                    .collect();
                assert!(!changed.is_empty());
                // Only the bottom-right corner changes.
                assert!(
                    changed.iter().all(|&p| p as u32 % size >= size / 2 && p as u32 / size >= size / 2),
                    "{look:?} {size}"
                );
            }
        }
    }

    /// Legible on dark and light taskbars: every icon has pixels far from black and pixels far from white.
    #[test]
    fn each_icon_shows_on_dark_and_light_taskbars() {
        let luminance = |p: &[u8]| 0.2126 * p[0] as f32 + 0.7152 * p[1] as f32 + 0.0722 * p[2] as f32;
        for look in Look::ALL {
            for badge in [false, true] {
                let rgba = draw(look, 16, badge);
                let opaque: Vec<f32> = rgba.chunks(4).filter(|p| p[3] == 255).map(luminance).collect();
                assert!(opaque.iter().any(|&l| l > 170.0), "{look:?}: nothing light enough for a dark taskbar");
                assert!(opaque.iter().any(|&l| l < 80.0), "{look:?}: nothing dark enough for a light taskbar");
            }
        }
    }

    /// The check mark is one stroke: along a horizontal line through its lower half, white pixels form at most two
    /// runs (the two arms), never three (a forked stroke).
    #[test]
    fn the_check_mark_is_one_unforked_stroke() {
        let size = 64;
        let rgba = draw(Look::Idle, size, false);
        for y in 38..44 {
            let white: Vec<bool> = (0..size).map(|x| rgba[((y * size + x) * 4) as usize] > 200).collect();
            let runs = white.windows(2).filter(|w| !w[0] && w[1]).count();
            assert!((1..=2).contains(&runs), "row {y}: {runs} runs");
        }
    }

    #[test]
    fn the_ico_holds_every_frame() {
        let ico = ico(Look::Idle, &EXE_FRAMES);
        assert_eq!(&ico[..6], &[0, 0, 1, 0, EXE_FRAMES.len() as u8, 0]);
        for (i, size) in EXE_FRAMES.into_iter().enumerate() {
            let entry = &ico[6 + 16 * i..6 + 16 * (i + 1)];
            assert_eq!(entry[0], (size % 256) as u8);
            let offset = u32::from_le_bytes(entry[12..16].try_into().unwrap()) as usize;
            assert!(ico[offset..].starts_with(b"\x89PNG\r\n\x1a\n"));
        }
    }
}
