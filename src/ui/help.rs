//! The help overlay on `?`: every key, from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::overlays::centered;
use super::style;
use crate::keys::KEYS;
use crate::theme::Theme;

/// Drawn in the middle of the area given.
pub struct Help<'a> {
    pub theme: &'a Theme,
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let popup = centered(area, 84, (KEYS.len() as u16 + 6).min(area.height));
        let mut lines = vec![Line::from(Span::styled(
            "The PIN is always on your own printer's screen. Nobody needs to be called for it.",
            style::text(t),
        ))];
        lines.push(Line::from(""));
        for row in KEYS {
            lines.push(Line::from(vec![
                Span::styled(format!(" {:<18}", row.keys), style::colored(t, t.accent)),
                Span::styled(row.does, style::text(t)),
            ]));
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(" Press any key to close.", style::dim(t))));
        Clear.render(popup, buf);
        Paragraph::new(lines)
            .block(Block::bordered().title(" Keys ").border_style(style::border(t, true)))
            .render(popup, buf);
    }
}
