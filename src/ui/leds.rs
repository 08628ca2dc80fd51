//! LEDs: a lit LED is ● in its colour, a dark one ○; the state is also said in words, so
//! a monochrome terminal (or a learner) tells them apart without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::led::Led;
use crate::theme::Theme;
use crate::wps::time::Time;

/// The nearest xterm-256 colour: an LED toggle then costs half the bytes of a 24-bit colour.
pub fn indexed(color: Color) -> Color {
    match color {
        Color::Rgb(r, g, b) => {
            let level = |v: u8| (u16::from(v) * 5 + 127) / 255;
            Color::Indexed((16 + 36 * level(r) + 6 * level(g) + level(b)) as u8)
        }
        other => other,
    }
}

pub struct LedLight<'a> {
    pub led: Led,
    pub color: Color,
    pub label: &'a str,
    pub now: Time,
    pub theme: &'a Theme,
    /// Show "slow blink" / "on" after the label.
    pub words: bool,
}

impl LedLight<'_> {
    pub fn spans(&self) -> Vec<Span<'static>> {
        let lit = self.led.is_lit(self.now);
        let t = self.theme;
        // A blinking LED keeps one style in both phases and only swaps ● for ○: each toggle
        // then rewrites a single glyph, with no colour codes.
        let blinking = matches!(self.led, Led::Blink { .. });
        let glyph_style = match (lit || blinking, t.monochrome) {
            (true, true) => Style::new().add_modifier(Modifier::BOLD),
            (true, false) => Style::new().fg(indexed(self.color)),
            (false, true) => Style::new(),
            (false, false) => Style::new().fg(indexed(t.led_off)),
        };
        let mut spans = vec![
            Span::styled(if lit { "●" } else { "○" }, glyph_style),
            Span::styled(format!(" {}", self.label), super::style::text(t)),
        ];
        if self.words {
            spans.push(Span::styled(format!(" {}", self.led.describe()), super::style::dim(t)));
        }
        spans
    }
}

impl Widget for LedLight<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Line::from(self.spans()).render(area, buf);
    }
}
