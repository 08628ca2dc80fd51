//! Characters as pixels: the embedded DejaVu Sans Mono (regular and bold; Bitstream Vera
//! licence, which allows embedding: see assets/fonts/LICENSE-DejaVu.txt), rasterised by
//! ab_glyph into one coverage map per character and cell size. Box-drawing lines and block
//! elements are drawn as shapes instead, as terminals draw them, so that borders join
//! across cells and the LED bars fill their cell exactly.

use std::collections::HashMap;

use ab_glyph::{Font, FontRef, GlyphId, PxScale, ScaleFont, point};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSansMono-Bold.ttf");

/// A cell's size in pixels for a font size (VHS's FontSize, CSS pixels): 0.6 em wide, as
/// monospace faces are, and 1.2 em tall.
pub fn cell_size(font_size: f64) -> (u32, u32) {
    ((font_size * 0.6).round().max(1.0) as u32, (font_size * 1.2).round().max(1.0) as u32)
}

pub struct Glyphs {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    pub cell_w: u32,
    pub cell_h: u32,
    font_px: f32,
    /// Coverage, 0-255, `cell_w * cell_h` per character and weight.
    cache: HashMap<(char, bool), Vec<u8>>,
}

impl Glyphs {
    pub fn new(font_size: f64) -> Glyphs {
        let (cell_w, cell_h) = cell_size(font_size);
        Glyphs::in_cells(font_size, cell_w, cell_h)
    }

    /// Glyphs of `font_size` in cells of another size (LetterSpacing, LineHeight): the
    /// character centred in its cell, lines and blocks filling it.
    pub fn in_cells(font_size: f64, cell_w: u32, cell_h: u32) -> Glyphs {
        Glyphs {
            regular: FontRef::try_from_slice(REGULAR).expect("the embedded font parses"),
            bold: FontRef::try_from_slice(BOLD).expect("the embedded bold font parses"),
            cell_w,
            cell_h,
            font_px: font_size as f32,
            cache: HashMap::new(),
        }
    }

    /// The coverage of `symbol` (a cell's text: one character, or the first of several).
    pub fn coverage(&mut self, symbol: &str, bold: bool) -> &[u8] {
        let c = symbol.chars().next().unwrap_or(' ');
        let key = (c, bold);
        if !self.cache.contains_key(&key) {
            let map = self.draw(c, bold);
            self.cache.insert(key, map);
        }
        &self.cache[&key]
    }

    /// The coverage of `c` when it is a line or a block, drawn as a shape (not by the font).
    pub fn shape(&self, c: char, bold: bool) -> Option<Vec<u8>> {
        let (w, h) = (self.cell_w as usize, self.cell_h as usize);
        let mut map = vec![0u8; w * h];
        shapes::draw(c, w, h, self.font_px, bold, &mut map).then_some(map)
    }

    /// Where a character's baseline is in its cell, and how far its left edge is from the
    /// cell's (the font's advance centred in the cell), in pixels: where an SVG places text
    /// to land where these glyphs are drawn.
    pub fn placement(&self) -> (f32, f32) {
        let font = &self.regular;
        let units = font.units_per_em().unwrap_or(2048.0);
        let scale = PxScale::from(self.font_px * font.height_unscaled() / units);
        let scaled = font.as_scaled(scale);
        let line = scaled.ascent() - scaled.descent();
        let baseline = (self.cell_h as f32 - line) / 2.0 + scaled.ascent();
        let advance = scaled.h_advance(font.glyph_id('M'));
        (baseline, ((self.cell_w as f32 - advance) / 2.0).max(0.0))
    }

    fn draw(&self, c: char, bold: bool) -> Vec<u8> {
        let (w, h) = (self.cell_w as usize, self.cell_h as usize);
        let mut map = vec![0u8; w * h];
        if c == ' ' {
            return map;
        }
        if shapes::draw(c, w, h, self.font_px, bold, &mut map) {
            return map;
        }
        let font = if bold { &self.bold } else { &self.regular };
        let id = font.glyph_id(crate::text::in_dejavu(c));
        if id == GlyphId(0) {
            // Not in the font: an empty box, as terminals show a missing glyph.
            shapes::tofu(w, h, &mut map);
            return map;
        }
        // CSS font-size is the em square; ab_glyph's scale is the ascent-to-descent height.
        let units = font.units_per_em().unwrap_or(2048.0);
        let scale = PxScale::from(self.font_px * font.height_unscaled() / units);
        let scaled = font.as_scaled(scale);
        let line = scaled.ascent() - scaled.descent();
        let baseline = (h as f32 - line) / 2.0 + scaled.ascent();
        let advance = scaled.h_advance(id);
        let x = ((w as f32 - advance) / 2.0).max(0.0);
        let glyph = id.with_scale_and_position(scale, point(x, baseline));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, v| {
                let px = bounds.min.x as i32 + gx as i32;
                let py = bounds.min.y as i32 + gy as i32;
                if (0..w as i32).contains(&px) && (0..h as i32).contains(&py) {
                    let cell = &mut map[py as usize * w + px as usize];
                    *cell = (*cell).max((v.clamp(0.0, 1.0) * 255.0).round() as u8);
                }
            });
        }
        map
    }
}

/// Box-drawing lines and block elements as shapes.
mod shapes {
    fn fill(map: &mut [u8], w: usize, x0: usize, y0: usize, x1: usize, y1: usize, value: u8) {
        for y in y0..y1.min(map.len() / w) {
            for x in x0..x1.min(w) {
                map[y * w + x] = value;
            }
        }
    }

    /// The outline of a missing glyph.
    pub fn tofu(w: usize, h: usize, map: &mut [u8]) {
        let (x0, x1, y0, y1) = (w / 6, w - w / 6, h / 5, h - h / 5);
        fill(map, w, x0, y0, x1, y0 + 1, 255);
        fill(map, w, x0, y1 - 1, x1, y1, 255);
        fill(map, w, x0, y0, x0 + 1, y1, 255);
        fill(map, w, x1 - 1, y0, x1, y1, 255);
    }

    /// Which arms of a light box-drawing character reach the cell's edges: up, down, left,
    /// right. Rounded corners are drawn square (at these sizes the rounding is a pixel).
    fn arms(c: char) -> Option<[bool; 4]> {
        Some(match c {
            '─' | '━' => [false, false, true, true],
            '│' | '┃' => [true, true, false, false],
            '┌' | '╭' => [false, true, false, true],
            '┐' | '╮' => [false, true, true, false],
            '└' | '╰' => [true, false, false, true],
            '┘' | '╯' => [true, false, true, false],
            '├' => [true, true, false, true],
            '┤' => [true, true, true, false],
            '┬' => [false, true, true, true],
            '┴' => [true, false, true, true],
            '┼' => [true, true, true, true],
            '╴' => [false, false, true, false],
            '╶' => [false, false, false, true],
            '╵' => [true, false, false, false],
            '╷' => [false, true, false, false],
            _ => return None,
        })
    }

    /// Draws `c` if it is a line or a block; false for a character the font draws.
    pub fn draw(c: char, w: usize, h: usize, font_px: f32, bold: bool, map: &mut [u8]) -> bool {
        let heavy = matches!(c, '━' | '┃') || bold;
        let t = ((font_px / 14.0).round() as usize).max(1) * if heavy { 2 } else { 1 };
        if let Some([up, down, left, right]) = arms(c) {
            let (cx, cy) = ((w - t) / 2, (h - t) / 2);
            if left {
                fill(map, w, 0, cy, cx + t, cy + t, 255);
            }
            if right {
                fill(map, w, cx, cy, w, cy + t, 255);
            }
            if up {
                fill(map, w, cx, 0, cx + t, cy + t, 255);
            }
            if down {
                fill(map, w, cx, cy, cx + t, h, 255);
            }
            return true;
        }
        let eighth_h = |n: usize| (h * n + 4) / 8;
        let eighth_w = |n: usize| (w * n + 4) / 8;
        match c {
            '█' => fill(map, w, 0, 0, w, h, 255),
            '▀' => fill(map, w, 0, 0, w, eighth_h(4), 255),
            '▔' => fill(map, w, 0, 0, w, eighth_h(1), 255),
            // Lower blocks: ▁ (1/8) to ▇ (7/8).
            '▁'..='▇' => {
                let n = c as usize - '▁' as usize + 1;
                fill(map, w, 0, h - eighth_h(n), w, h, 255)
            }
            // Left blocks: ▉ (7/8) down to ▏ (1/8).
            '▉'..='▏' => {
                let n = 8 - (c as usize - '▉' as usize + 1);
                fill(map, w, 0, 0, eighth_w(n), h, 255)
            }
            '▐' => fill(map, w, eighth_w(4), 0, w, h, 255),
            '▕' => fill(map, w, w - eighth_w(1), 0, w, h, 255),
            '░' => fill(map, w, 0, 0, w, h, 64),
            '▒' => fill(map, w, 0, 0, w, h, 128),
            '▓' => fill(map, w, 0, 0, w, h, 192),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inked(map: &[u8]) -> usize {
        map.iter().filter(|v| **v > 127).count()
    }

    #[test]
    fn letters_have_ink_lines_join_and_blocks_fill() {
        let mut g = Glyphs::new(20.0);
        let (w, h) = (g.cell_w as usize, g.cell_h as usize);
        assert_eq!((w, h), (12, 24));
        assert!(inked(g.coverage("M", false)) > 20, "a letter is drawn");
        assert!(inked(g.coverage("M", true)) > inked(g.coverage("M", false)), "bold is heavier");
        assert_eq!(inked(g.coverage(" ", false)), 0);
        // A horizontal line touches both side edges: it joins its neighbours.
        let line = g.coverage("─", false).to_vec();
        let row = (0..h).find(|y| line[y * w] > 0).expect("a row with ink");
        assert!(line[row * w + w - 1] > 0);
        assert_eq!(inked(g.coverage("█", false)), w * h);
        assert_eq!(inked(g.coverage("▄", false)), w * h / 2);
        assert_eq!(inked(g.coverage("▂", false)), w * ((h * 2 + 4) / 8));
        for c in ["●", "○", "◀", "▶", "■", "□", "✕", "⏻", "⌫", "⌂", "✗", "›", "≡", "▤", "▭", "·"]
        {
            assert!(inked(g.coverage(c, false)) > 0, "{c} is in the font (or its look-alike)");
        }
    }
}
