//! Rendering a played tape without a browser: the screens the player sampled on the app's
//! virtual clock become a GIF, PNGs, SVGs, an asciicast and VHS's golden text, all drawn
//! from the app's own buffers. Same tape, same bytes: nothing here reads a clock, a font
//! on the machine or a random number.
//!
//! The player records while the tape is shown (after `Show`, or from the start without
//! `Hide`): a frame every 1/Framerate seconds of the tape's time, kept only when the screen
//! changed, so a frame's length is how long its screen stayed. Screenshots keep the
//! buffer they were taken of.

pub mod cast;
pub mod gif;
pub mod glyphs;
pub mod image;
pub mod svg;
pub mod term_theme;

use std::time::Duration;

use ratatui::buffer::{Buffer, Cell};

pub use term_theme::TermTheme;

/// VHS's window bar styles: three dots (Colorful) or three rings, on the left or the right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowBar {
    Colorful,
    ColorfulRight,
    Rings,
    RingsRight,
}

impl WindowBar {
    pub fn named(name: &str) -> Option<WindowBar> {
        Some(match name {
            "Colorful" => WindowBar::Colorful,
            "ColorfulRight" => WindowBar::ColorfulRight,
            "Rings" => WindowBar::Rings,
            "RingsRight" => WindowBar::RingsRight,
            _ => return None,
        })
    }

    pub fn right(self) -> bool {
        matches!(self, WindowBar::ColorfulRight | WindowBar::RingsRight)
    }

    pub fn rings(self) -> bool {
        matches!(self, WindowBar::Rings | WindowBar::RingsRight)
    }
}

/// One disc of the window bar, in window coordinates: centre, radius, and its colour (`None`:
/// the terminal's background, a ring's hole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disc {
    pub cx: i64,
    pub cy: i64,
    pub r: i64,
    pub color: Option<term_theme::Rgb>,
}

impl WindowBar {
    /// The bar's discs in drawing order, where VHS's draw.go puts them for a bar `size`
    /// pixels tall on a window `width` wide: three dots (red, amber, green), or three rings
    /// (a dark disc, then its hole).
    pub fn discs(self, size: i64, width: i64) -> Vec<Disc> {
        let at = |offset: i64| if self.right() { width - offset } else { offset };
        if self.rings() {
            let outer = size / 5;
            let inner = (2 * outer) * 2 / 5;
            let gap = (size - 2 * outer) / 2;
            let space = 2 * outer + size / 6;
            (0..3)
                .flat_map(|i| {
                    let cx = at(gap + outer + i * space);
                    [
                        Disc { cx, cy: outer + gap, r: outer, color: Some([0x33, 0x33, 0x33]) },
                        Disc { cx, cy: outer + gap, r: inner, color: None },
                    ]
                })
                .collect()
        } else {
            let r = size / 6;
            let gap = (size - 2 * r) / 2;
            let space = 2 * r + size / 6;
            [[0xff, 0x4f, 0x4d], [0xfe, 0xbb, 0x00], [0x00, 0xcc, 0x1d]]
                .into_iter()
                .enumerate()
                .map(|(i, color)| Disc { cx: at(gap + r + i as i64 * space), cy: r + gap, r, color: Some(color) })
                .collect()
        }
    }
}

/// VHS's default MarginFill: its default theme's background, whatever the tape's theme.
pub const DEFAULT_MARGIN_FILL: term_theme::Rgb = [0x17, 0x17, 0x17];

/// VHS's settings that shape the output.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub width_px: f64,
    pub height_px: f64,
    pub font_size: f64,
    pub padding: f64,
    pub theme: TermTheme,
    pub framerate: u32,
    pub playback_speed: f64,
    /// Percent of the recording moved from its start to its end (where the loop starts).
    pub loop_offset: f64,
    /// Space around the window, in MarginFill's colour; none at all when MarginFill is set
    /// empty (VHS then ignores Margin).
    pub margin: f64,
    pub margin_fill: Option<term_theme::Rgb>,
    pub window_bar: Option<WindowBar>,
    pub window_bar_size: f64,
    /// The window's corners, rounded to this radius (pixels).
    pub border_radius: f64,
    /// Extra pixels between characters, and the line height as a multiple of 1.2 em.
    pub letter_spacing: f64,
    pub line_height: f64,
}

impl Default for Style {
    /// VHS's defaults.
    fn default() -> Self {
        Style {
            width_px: 1200.0,
            height_px: 600.0,
            font_size: 22.0,
            padding: 60.0,
            theme: TermTheme::default(),
            framerate: 50,
            playback_speed: 1.0,
            loop_offset: 0.0,
            margin: 0.0,
            margin_fill: Some(DEFAULT_MARGIN_FILL),
            window_bar: None,
            window_bar_size: 30.0,
            border_radius: 0.0,
            letter_spacing: 0.0,
            line_height: 1.0,
        }
    }
}

/// Where things are on the canvas, as VHS composes it: the margin around the window; in the
/// window, the bar on top, then the terminal; in the terminal, the padding, then the cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub canvas: (u32, u32),
    /// The window: the bar and the terminal (x, y, width, height).
    pub window: (u32, u32, u32, u32),
    pub bar: u32,
    /// Where cell (0, 0) starts.
    pub origin: (u32, u32),
    pub cell: (u32, u32),
}

impl Style {
    /// A cell in pixels: 0.6 x 1.2 em, widened by LetterSpacing and heightened by LineHeight.
    pub fn cell(&self) -> (u32, u32) {
        let (w, h) = glyphs::cell_size(self.font_size);
        let w = (f64::from(w) + self.letter_spacing).round().max(1.0) as u32;
        let h = (f64::from(h) * self.line_height).round().max(1.0) as u32;
        (w, h)
    }

    pub fn layout(&self) -> Layout {
        let px = |v: f64| v.round().max(0.0) as u32;
        let canvas = (px(self.width_px), px(self.height_px));
        let margin = if self.margin_fill.is_some() { px(self.margin) } else { 0 };
        let bar = if self.window_bar.is_some() { px(self.window_bar_size) } else { 0 };
        let window = (
            margin.min(canvas.0),
            margin.min(canvas.1),
            canvas.0.saturating_sub(2 * margin),
            canvas.1.saturating_sub(2 * margin),
        );
        let pad = px(self.padding);
        let origin = (window.0 + pad, window.1 + bar + pad);
        Layout { canvas, window, bar, origin, cell: self.cell() }
    }

    /// The terminal in cells: what fits inside the margin, the bar and the padding.
    pub fn grid(&self) -> (u16, u16) {
        let l = self.layout();
        let pad = 2.0 * self.padding;
        let cols = ((f64::from(l.window.2) - pad) / f64::from(l.cell.0)).floor();
        let rows = ((f64::from(l.window.3) - f64::from(l.bar) - pad) / f64::from(l.cell.1)).floor();
        (cols.clamp(10.0, 400.0) as u16, rows.clamp(5.0, 200.0) as u16)
    }

    pub fn frame_interval(&self) -> Duration {
        Duration::from_secs_f64(1.0 / f64::from(self.framerate.max(1)))
    }
}

/// One frame: when it starts (in the recording's time) and the cells that changed.
#[derive(Debug, Clone)]
pub struct Frame {
    pub at: Duration,
    pub changes: Vec<(u16, u16, Cell)>,
}

/// What the player recorded while the tape was shown.
#[derive(Debug, Clone)]
pub struct Recording {
    pub style: Style,
    /// The first frame's screen; the frames' changes apply to it in turn.
    pub first: Option<Buffer>,
    pub frames: Vec<Frame>,
    /// The screen now (after the last frame).
    last: Option<Buffer>,
    /// The recording's length.
    pub length: Duration,
    /// A marker per tape command: when, and the command as written.
    pub markers: Vec<(Duration, String)>,
    /// The tape's screenshots: name (without extension) and screen.
    pub shots: Vec<(String, Buffer)>,
}

impl Recording {
    pub fn new(style: Style) -> Recording {
        Recording {
            style,
            first: None,
            frames: Vec::new(),
            last: None,
            length: Duration::ZERO,
            markers: Vec::new(),
            shots: Vec::new(),
        }
    }

    /// The screen at `at` (one sample): a new frame if it differs from the last.
    pub fn sample(&mut self, at: Duration, screen: &Buffer) {
        self.length = self.length.max(at);
        match &self.last {
            None => {
                self.first = Some(screen.clone());
                self.frames.push(Frame { at, changes: Vec::new() });
            }
            Some(last) if last.area != screen.area => {
                // A resized screen: every cell is a change.
                let changes = screen.content.iter().enumerate().map(|(i, c)| {
                    let (x, y) = screen.pos_of(i);
                    (x, y, c.clone())
                });
                self.frames.push(Frame { at, changes: changes.collect() });
            }
            Some(last) if last == screen => return,
            Some(last) => {
                let changes = last.diff(screen).into_iter().map(|(x, y, c)| (x, y, c.clone())).collect();
                self.frames.push(Frame { at, changes });
            }
        }
        self.last = Some(screen.clone());
    }

    /// The recording ends at `at` (the last frame lasts until then).
    pub fn finish(&mut self, at: Duration) {
        self.length = self.length.max(at);
    }

    /// How long frame `i` stays on screen.
    pub fn duration_of(&self, i: usize) -> Duration {
        let end = self.frames.get(i + 1).map_or(self.length, |f| f.at);
        end.saturating_sub(self.frames[i].at)
    }

    /// Where the played order starts: LoopOffset's share of the frames (VHS rounds it up).
    pub fn loop_start(&self) -> usize {
        let n = self.frames.len();
        ((self.style.loop_offset / 100.0 * n as f64).ceil() as usize) % n.max(1)
    }

    /// Each frame in the order the output plays it (from LoopOffset's frame to the end, then
    /// the start), with its full screen and its length; the screens are rebuilt on the way
    /// from the changes, never all held at once.
    pub fn each_played<E>(&self, mut visit: impl FnMut(&Buffer, Duration) -> Result<(), E>) -> Result<(), E> {
        let Some(first) = &self.first else { return Ok(()) };
        let start = self.loop_start();
        let mut screen = first.clone();
        for frame in &self.frames[..=start.min(self.frames.len() - 1)] {
            apply(&mut screen, &frame.changes);
        }
        visit(&screen, self.duration_of(start))?;
        for i in start + 1..self.frames.len() {
            apply(&mut screen, &self.frames[i].changes);
            visit(&screen, self.duration_of(i))?;
        }
        if start > 0 {
            screen = first.clone();
            for i in 0..start {
                apply(&mut screen, &self.frames[i].changes);
                visit(&screen, self.duration_of(i))?;
            }
        }
        Ok(())
    }

    /// The screen at the end.
    pub fn last_screen(&self) -> Option<&Buffer> {
        self.last.as_ref()
    }
}

/// Applies a frame's changes to a screen of the same size (or starts over at the new size).
pub fn apply(screen: &mut Buffer, changes: &[(u16, u16, Cell)]) {
    for (x, y, cell) in changes {
        if x >= &screen.area.right() || y >= &screen.area.bottom() {
            let area = ratatui::layout::Rect::new(0, 0, screen.area.width.max(x + 1), screen.area.height.max(y + 1));
            screen.resize(area);
        }
        screen[(*x, *y)] = cell.clone();
    }
}

pub use crate::ui::text_rows;

/// The line VHS writes after each screen of its golden text.
pub const GOLDEN_SEPARATOR: &str = "────────────────────────────────────────────────────────────────────────────────";
