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
        }
    }
}

impl Style {
    /// The terminal in cells: what fits inside the padding.
    pub fn grid(&self) -> (u16, u16) {
        let (cw, ch) = glyphs::cell_size(self.font_size);
        let cols = ((self.width_px - 2.0 * self.padding) / f64::from(cw)).floor();
        let rows = ((self.height_px - 2.0 * self.padding) / f64::from(ch)).floor();
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
