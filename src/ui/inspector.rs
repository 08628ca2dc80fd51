//! The message inspector, in the event log's place: the selected ladder message decoded,
//! its Encrypted Settings decrypted, and what it proves.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::style;
use crate::theme::Theme;
use crate::trace::inspect::Inspection;

pub struct Inspector<'a> {
    pub inspection: Option<&'a Inspection>,
    pub scroll: u16,
    pub theme: &'a Theme,
    /// Class mode: the secrets the inspection shows are drawn as dots.
    pub masked: bool,
}

impl Widget for Inspector<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let title = match self.inspection {
            Some(i) => format!(" Inspector · {} ", i.title),
            None => " Inspector ".to_string(),
        };
        let inner = style::frame_box(
            buf,
            area,
            &crate::text::ellipsis(&title, usize::from(area.width.saturating_sub(4))),
            style::border(t, true),
        );
        style::clear(buf, inner, t);
        let Some(inspection) = self.inspection else { return };
        let width = usize::from(inner.width.saturating_sub(1)).max(10);
        let mut lines: Vec<Line> = Vec::new();
        if let Some(proves) = inspection.proves {
            for (i, part) in crate::text::wrap(proves, width.saturating_sub(8)).into_iter().enumerate() {
                let head = if i == 0 { "Proves: " } else { "        " };
                lines.push(Line::from(vec![Span::styled(head, style::dim(t)), Span::styled(part, style::success(t))]));
            }
        }
        // A long line goes on under itself, indented as it began: nothing is cut.
        let secrets: Vec<&str> =
            if self.masked { inspection.secrets.iter().map(String::as_str).collect() } else { vec![] };
        for line in &inspection.lines {
            let line = &crate::text::masked(line, &secrets);
            let indent = line.len() - line.trim_start().len();
            let parts = crate::text::wrap(line, width.saturating_sub(indent + 2).max(10));
            for (i, part) in parts.into_iter().enumerate() {
                let pad = if i == 0 { indent } else { indent + 2 };
                lines.push(Line::from(Span::styled(format!("{:pad$}{part}", ""), style::text(t))));
            }
        }
        let scroll = usize::from(self.scroll).min(lines.len().saturating_sub(usize::from(inner.height)));
        for (row, line) in lines.iter().skip(scroll).take(usize::from(inner.height)).enumerate() {
            buf.set_line(inner.x, inner.y + row as u16, line, inner.width);
        }
    }
}
