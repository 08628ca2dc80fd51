//! The guide panel: the learner's next step and, once something happened, why.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style;
use crate::app::guide::Advice;
use crate::theme::Theme;

pub struct Guide<'a> {
    pub advice: &'a Advice,
    /// The scenario's title.
    pub title: &'a str,
    /// What the learner is to reach, in one line (on the frame's bottom edge).
    pub goal: &'a str,
    pub theme: &'a Theme,
}

/// Rows the guide's words take at `width` columns inside its box.
pub fn rows_needed(advice: &Advice, width: u16) -> u16 {
    let width = usize::from(width).max(10);
    let parts = [("Next: ", Some(advice.next.as_str())), ("Why: ", advice.why.as_deref())];
    let rows: usize =
        parts.iter().filter_map(|(l, t)| t.map(|t| crate::text::wrap(&format!("{l}{t}"), width).len())).sum();
    rows.try_into().unwrap_or(u16::MAX)
}

impl Widget for Guide<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let goal = crate::text::ellipsis(&format!(" Goal: {} ", self.goal), usize::from(area.width.saturating_sub(4)));
        let block = Block::bordered()
            .title(format!(" Guide · {} ", self.title))
            .title_bottom(Line::from(Span::styled(goal, style::colored(t, t.accent))).right_aligned())
            .border_style(style::border(t, false));
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width).max(10);
        // Each part wrapped in words, its label in the accent colour.
        let mut rows: Vec<(Option<&str>, String)> = Vec::new();
        let parts = [("Next: ", Some(self.advice.next.as_str())), ("Why: ", self.advice.why.as_deref())];
        for (label, text) in parts {
            let Some(text) = text else { continue };
            for (i, row) in crate::text::wrap(&format!("{label}{text}"), width).into_iter().enumerate() {
                rows.push(((i == 0).then_some(label), row));
            }
        }
        // More than the box holds: the last row shown says so, rather than stopping mid-sentence.
        let room = usize::from(inner.height);
        if rows.len() > room && room > 0 {
            rows.truncate(room);
            let last = &mut rows[room - 1].1;
            // Whole words only: the last ones give way to the ellipsis.
            while crate::text::width(last) + 2 > width {
                match last.rfind(' ') {
                    Some(at) => last.truncate(at),
                    None => break,
                }
            }
            last.push_str(" …");
        }
        let lines: Vec<Line> = rows
            .into_iter()
            .map(|(label, row)| match label {
                Some(label) if row.starts_with(label) => Line::from(vec![
                    Span::styled(label, style::colored(t, t.accent)),
                    Span::styled(row[label.len()..].to_string(), style::text(t)),
                ]),
                _ => Line::from(Span::styled(row, style::text(t))),
            })
            .collect();
        Paragraph::new(lines).render(inner, buf);
    }
}
