//! LEDs: a lit LED is ● in its colour, a dark one ○; the state is also said in words, so
//! a monochrome terminal (or a learner) tells them apart without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::app::led::Led;
use crate::theme::Theme;
use crate::wps::enrollee::Time;

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
            (true, false) => Style::new().fg(self.color).add_modifier(Modifier::BOLD),
            (false, true) => Style::new(),
            (false, false) => Style::new().fg(t.led_off),
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
