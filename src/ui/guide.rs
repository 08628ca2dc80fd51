//! The guide panel: the learner's next step and, once something happened, why.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::style;
use crate::app::guide::Advice;
use crate::theme::Theme;

pub struct Guide<'a> {
    pub advice: &'a Advice,
    /// The scenario's title.
    pub title: &'a str,
    pub theme: &'a Theme,
}

impl Widget for Guide<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut lines = vec![Line::from(vec![
            Span::styled("Next: ", style::colored(t, t.accent)),
            Span::styled(self.advice.next.as_str(), style::text(t)),
        ])];
        if let Some(why) = &self.advice.why {
            lines.push(Line::from(vec![
                Span::styled("Why: ", style::colored(t, t.accent)),
                Span::styled(why.as_str(), style::text(t)),
            ]));
        }
        let title = format!(" Guide · {} ", self.title);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(title).border_style(style::border(t, false)))
            .render(area, buf);
    }
}
