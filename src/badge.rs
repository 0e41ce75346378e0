//! The settings-error badge: a small grey diamond with a white ×, drawn over the bottom-right corner of a state
//! icon, so that a config error never hides whether a window is in progress or coming.
//!
//! Pure pixel work on RGBA buffers: the tray draws it at run time, and the desktop test draws the same to compare.

/// Draws the badge into a square RGBA image of `size` × `size` pixels.
pub fn add_error_badge(rgba: &mut [u8], size: u32) {
    let size = size as i64;
    if size < 8 || rgba.len() < (size * size * 4) as usize {
        return;
    }
    // The diamond's centre and half-diagonal: about 40% of the icon, in its bottom-right corner.
    let radius = size * 20 / 100;
    let centre = size - radius - 1;
    let stroke = (size / 32).max(1);
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (x - centre, y - centre);
            let distance = dx.abs() + dy.abs();
            let colour: Option<[u8; 4]> = if distance > radius + stroke {
                None
            } else if distance > radius - stroke {
                // A white rim keeps the badge apart from the icon under it.
                Some([255, 255, 255, 255])
            } else if (dx.abs() - dy.abs()).abs() <= stroke && dx.abs() <= radius / 2 {
                Some([255, 255, 255, 255])
            } else {
                Some([0x45, 0x5a, 0x64, 255])
            };
            if let Some(colour) = colour {
                let i = ((y * size + x) * 4) as usize;
                rgba[i..i + 4].copy_from_slice(&colour);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_badge_covers_the_corner_only() {
        let size = 64;
        let mut rgba = vec![0u8; 64 * 64 * 4];
        add_error_badge(&mut rgba, size);
        let alpha = |x: usize, y: usize| rgba[(y * 64 + x) * 4 + 3];
        assert_eq!(alpha(10, 10), 0, "the top-left stays the icon's");
        assert_eq!(alpha(51, 51), 255, "the corner carries the badge");
        let covered = rgba.chunks(4).filter(|p| p[3] == 255).count();
        assert!(covered < 64 * 64 / 4, "the badge covers {covered} pixels");
        // A buffer too small is left alone rather than overrun.
        let mut small = vec![0u8; 10];
        add_error_badge(&mut small, 64);
        assert_eq!(small, vec![0u8; 10]);
    }
}
