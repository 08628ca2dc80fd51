//! Screens as pixels: a canvas of the tape's Width x Height in the terminal theme's
//! background, the cells inside the padding, each its background, then its character's
//! coverage blended in its foreground colour.

use ratatui::buffer::{Buffer, Cell};
use ratatui::style::Modifier;

use super::Style;
use super::glyphs::Glyphs;
use super::term_theme::Rgb;

/// An RGB image, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
}

impl Image {
    pub fn filled(width: u32, height: u32, color: Rgb) -> Image {
        Image { width, height, rgb: color.repeat((width * height) as usize) }
    }

    pub fn pixel(&self, x: u32, y: u32) -> Rgb {
        let i = ((y * self.width + x) * 3) as usize;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// The pixels of a rectangle, row by row.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity((w * h * 3) as usize);
        for row in y..y + h {
            let start = ((row * self.width + x) * 3) as usize;
            out.extend_from_slice(&self.rgb[start..start + (w * 3) as usize]);
        }
        out
    }

    /// Copies a rectangle of `other` (of the same size) into this image.
    pub fn copy_from(&mut self, other: &Image, (x, y, w, h): PxRect) {
        for row in y..y + h {
            let start = ((row * self.width + x) * 3) as usize;
            let end = start + (w * 3) as usize;
            self.rgb[start..end].copy_from_slice(&other.rgb[start..end]);
        }
    }
}

/// How much of pixel (x, y) lies inside a w x h rectangle whose corners are rounded to
/// `radius` (0 to 1, antialiased over one pixel as VHS's mask is).
fn rounded_inside(x: f64, y: f64, w: f64, h: f64, radius: f64) -> f64 {
    if radius < 1.0 {
        return 1.0;
    }
    // The centre of the corner's circle along one axis, if the pixel is in a corner band.
    let corner = |c: f64, size: f64| {
        if c < radius {
            Some(radius)
        } else if c > size - radius {
            Some(size - radius)
        } else {
            None
        }
    };
    let (cx, cy) = (x + 0.5, y + 0.5);
    let (Some(corner_x), Some(corner_y)) = (corner(cx, w), corner(cy, h)) else { return 1.0 };
    let distance = ((cx - corner_x).powi(2) + (cy - corner_y).powi(2)).sqrt() - radius;
    (1.0 - distance).clamp(0.0, 1.0)
}

/// VHS's window bar: three dots (red, amber, green) or three rings, on the left or right.
fn draw_bar(image: &mut Image, bar: super::WindowBar, layout: super::Layout, bg: Rgb, quantise: &dyn Fn(f64) -> f64) {
    let (wx, wy, ww, _) = layout.window;
    let size = layout.bar as i64;
    let disc = |image: &mut Image, cx: i64, cy: i64, r: i64, color: Rgb| {
        for y in (cy - r - 1).max(0)..cy + r + 1 {
            for x in (cx - r - 1).max(0)..cx + r + 1 {
                let (dx, dy) = (x as f64 - cx as f64 + 0.5, y as f64 - cy as f64 + 0.5);
                let d = (dx * dx + dy * dy).sqrt() - (r as f64 - 1.0);
                let a = quantise((1.0 - d).clamp(0.0, 1.0));
                let (px, py) = (wx as i64 + x, wy as i64 + y);
                if a <= 0.0 || px >= i64::from(image.width) || py >= i64::from(image.height) {
                    continue;
                }
                let i = ((py as u32 * image.width + px as u32) * 3) as usize;
                let under = [image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]];
                image.rgb[i..i + 3].copy_from_slice(&blend(color, under, (a * 255.0).round() as u8));
            }
        }
    };
    for d in bar.discs(size, i64::from(ww)) {
        disc(image, d.cx, d.cy, d.r, d.color.unwrap_or(bg));
    }
}

/// A pixel rectangle: x, y, width, height.
pub type PxRect = (u32, u32, u32, u32);

pub struct Painter {
    pub style: Style,
    pub glyphs: Glyphs,
    /// Coverage rounded to this many steps (a GIF's palette has 256 colours), or exact.
    levels: Option<u8>,
}

fn blend(fg: Rgb, bg: Rgb, coverage: u8) -> Rgb {
    let a = u32::from(coverage);
    let mix = |f: u8, b: u8| ((u32::from(f) * a + u32::from(b) * (255 - a) + 127) / 255) as u8;
    [mix(fg[0], bg[0]), mix(fg[1], bg[1]), mix(fg[2], bg[2])]
}

impl Painter {
    /// A painter for PNG (exact coverage) or, with `levels`, for GIF.
    pub fn new(style: &Style, levels: Option<u8>) -> Painter {
        let (cw, ch) = style.cell();
        Painter { style: style.clone(), glyphs: Glyphs::in_cells(style.font_size, cw, ch), levels }
    }

    pub fn size(&self) -> (u32, u32) {
        (self.style.width_px.round() as u32, self.style.height_px.round() as u32)
    }

    /// The canvas with nothing drawn, as VHS composes it: the margin in MarginFill's
    /// colour, the window (its corners rounded by BorderRadius) in the terminal's
    /// background, and its bar's dots or rings.
    pub fn blank(&self) -> Image {
        let (w, h) = self.size();
        let style = &self.style;
        let layout = style.layout();
        let bg = style.theme.background;
        let mut image = Image::filled(w, h, style.margin_fill.unwrap_or(bg));
        let (wx, wy, ww, wh) = layout.window;
        let radius = style.border_radius.max(0.0).min(f64::from(ww.min(wh)) / 2.0);
        let quantise = |a: f64| match self.levels {
            Some(n) => (a * f64::from(n - 1)).round() / f64::from(n - 1),
            None => a,
        };
        for y in wy..(wy + wh).min(h) {
            for x in wx..(wx + ww).min(w) {
                // How much of the pixel is inside the rounded window (VHS's mask).
                let a = quantise(rounded_inside(
                    f64::from(x - wx),
                    f64::from(y - wy),
                    f64::from(ww),
                    f64::from(wh),
                    radius,
                ));
                let i = ((y * w + x) * 3) as usize;
                let under = [image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]];
                image.rgb[i..i + 3].copy_from_slice(&blend(bg, under, (a * 255.0).round() as u8));
            }
        }
        if let Some(bar) = style.window_bar {
            draw_bar(&mut image, bar, layout, bg, &quantise);
        }
        image
    }

    /// The pixels of cell (x, y), clipped to the canvas; `None` when it is outside.
    pub fn cell_rect(&self, x: u16, y: u16) -> Option<PxRect> {
        let (w, h) = self.size();
        let layout = self.style.layout();
        let (cw, ch) = (self.glyphs.cell_w, self.glyphs.cell_h);
        let (px, py) = (layout.origin.0 + u32::from(x) * cw, layout.origin.1 + u32::from(y) * ch);
        if px >= w || py >= h {
            return None;
        }
        Some((px, py, cw.min(w - px), ch.min(h - py)))
    }

    /// The colours a cell is drawn in: foreground, background.
    pub fn colors(&self, cell: &Cell) -> (Rgb, Rgb) {
        let theme = &self.style.theme;
        let (mut fg, mut bg) = (theme.rgb(cell.fg, true), theme.rgb(cell.bg, false));
        if cell.modifier.contains(Modifier::REVERSED) {
            std::mem::swap(&mut fg, &mut bg);
        }
        if cell.modifier.contains(Modifier::DIM) {
            fg = blend(fg, bg, 128);
        }
        if cell.modifier.contains(Modifier::HIDDEN) {
            fg = bg;
        }
        (fg, bg)
    }

    /// Draws one cell onto the canvas.
    pub fn paint_cell(&mut self, image: &mut Image, x: u16, y: u16, cell: &Cell) {
        let Some((px, py, w, h)) = self.cell_rect(x, y) else { return };
        let (fg, bg) = self.colors(cell);
        let bold = cell.modifier.contains(Modifier::BOLD);
        let underline = cell.modifier.contains(Modifier::UNDERLINED);
        let cw = self.glyphs.cell_w as usize;
        let levels = self.levels;
        let coverage = self.glyphs.coverage(cell.symbol(), bold);
        for row in 0..h {
            for col in 0..w {
                let mut a = coverage[row as usize * cw + col as usize];
                if underline && row + 1 == h {
                    a = 255;
                }
                if let Some(n) = levels {
                    let step = 255 / u32::from(n.max(2) - 1);
                    a = (((u32::from(a) + step / 2) / step) * step).min(255) as u8;
                }
                let i = (((py + row) * image.width + px + col) * 3) as usize;
                image.rgb[i..i + 3].copy_from_slice(&blend(fg, bg, a));
            }
        }
    }

    /// The whole screen on a blank canvas.
    pub fn paint(&mut self, screen: &Buffer) -> Image {
        let mut image = self.blank();
        for (i, cell) in screen.content.iter().enumerate() {
            let (x, y) = screen.pos_of(i);
            self.paint_cell(&mut image, x, y, cell);
        }
        image
    }

    /// Repaints the cells where `next` differs from `shown` onto `image`; returns the pixel
    /// rectangle that changed, if any.
    pub fn repaint(&mut self, image: &mut Image, shown: &Buffer, next: &Buffer) -> Option<PxRect> {
        let mut dirty: Option<(u32, u32, u32, u32)> = None;
        for (i, cell) in next.content.iter().enumerate() {
            let (x, y) = next.pos_of(i);
            let same = shown.area == next.area && shown.content[i] == *cell;
            if same {
                continue;
            }
            if let Some((px, py, w, h)) = self.cell_rect(x, y) {
                self.paint_cell(image, x, y, cell);
                let (x0, y0, x1, y1) = dirty.unwrap_or((px, py, px + w, py + h));
                dirty = Some((x0.min(px), y0.min(py), x1.max(px + w), y1.max(py + h)));
            }
        }
        dirty.map(|(x0, y0, x1, y1)| (x0, y0, x1 - x0, y1 - y0))
    }

    /// A screen as a PNG file.
    pub fn png_of(&mut self, screen: &Buffer) -> Result<Vec<u8>, String> {
        Painter::png(&self.paint(screen))
    }

    /// The canvas as a PNG file.
    pub fn png(image: &Image) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        {
            let mut encoder = png::Encoder::new(&mut out, image.width, image.height);
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
            writer.write_image_data(&image.rgb).map_err(|e| e.to_string())?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style as CellStyle};

    #[test]
    fn a_cell_is_its_background_with_its_character_in_its_colour() {
        let style = Style { width_px: 200.0, height_px: 100.0, font_size: 20.0, padding: 10.0, ..Style::default() };
        let mut painter = Painter::new(&style, None);
        let mut screen = Buffer::empty(Rect::new(0, 0, 10, 3));
        screen.set_string(0, 0, "█", CellStyle::new().fg(Color::Rgb(255, 0, 0)).bg(Color::Rgb(0, 0, 255)));
        screen.set_string(1, 0, " ", CellStyle::new().bg(Color::Rgb(0, 255, 0)));
        let image = painter.paint(&screen);
        assert_eq!((image.width, image.height), (200, 100));
        assert_eq!(image.pixel(0, 0), style.theme.background, "the padding");
        assert_eq!(image.pixel(15, 15), [255, 0, 0], "a full block is its foreground");
        assert_eq!(image.pixel(10 + 12 + 5, 15), [0, 255, 0], "a space is its background");
        let mut next = screen.clone();
        next.set_string(2, 1, "x", CellStyle::new());
        let mut again = image.clone();
        assert_eq!(painter.repaint(&mut again, &screen, &next), Some((10 + 24, 10 + 24, 12, 24)));
        assert_eq!(again, painter.paint(&next), "repainting the change is painting anew");
    }
}
