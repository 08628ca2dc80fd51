//! The message ladder: each frame an arrow between Printer and Router as it is sent;
//! a NACK or M2D carrying a configuration error is marked; repeated scans collapse.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::style;
use crate::format::tenths;
use crate::sim::air::Node;
use crate::theme::Theme;
use crate::trace::ladder::{self, LadderEntry};

pub struct Ladder<'a> {
    pub entries: &'a [LadderEntry],
    pub theme: &'a Theme,
    /// Rows scrolled back from the newest (0: the newest at the bottom).
    pub back: usize,
    /// The row the inspector shows (its frame's number): highlighted, and kept in view.
    pub selected: Option<u64>,
    /// A third column, the computer on the router's LAN (in the rehearsals with one).
    pub computer: bool,
}

/// One arrow in `width` cells from `x`: the label in it, pointing right or left.
fn arrow(buf: &mut Buffer, x0: u16, y: u16, width: u16, label: &str, rightwards: bool, color: Style) {
    let room = usize::from(width.saturating_sub(5));
    let label = crate::text::ellipsis(label, room);
    let label_w = (crate::text::width(&label) as u16).min(width.saturating_sub(5));
    let line_w = width.saturating_sub(label_w + 5);
    if rightwards {
        buf.set_stringn(x0, y, "── ", 3, color);
        buf.set_stringn(x0 + 3, y, &label, usize::from(label_w), color);
        style::fill(buf, x0 + 3 + label_w, y, 1, " ", color);
        style::fill(buf, x0 + 4 + label_w, y, line_w, "─", color);
        style::fill(buf, x0 + 4 + label_w + line_w, y, 1, "▶", color);
    } else {
        style::fill(buf, x0, y, 1, "◀", color);
        style::fill(buf, x0 + 1, y, line_w, "─", color);
        style::fill(buf, x0 + 1 + line_w, y, 1, " ", color);
        buf.set_stringn(x0 + 2 + line_w, y, &label, usize::from(label_w), color);
        buf.set_stringn(x0 + 2 + line_w + label_w, y, " ──", 3, color);
    }
}

impl Widget for Ladder<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let rows = ladder::rows(self.entries);
        let visible = (area.height as usize).saturating_sub(3);
        let selected = self.selected.and_then(|seq| rows.iter().position(|r| r.seq == seq));
        // The last row shown: `back` rows before the newest, or around the selected one.
        let end = match selected {
            Some(i) => (i + 1 + visible / 2).min(rows.len()).max(i + 1),
            None => rows.len().saturating_sub(self.back),
        };
        let title = match (self.selected.is_some(), rows.len() - end) {
            (true, _) => " Message ladder · inspecting (↑↓) ".to_string(),
            (false, 0) => " Message ladder: what crossed the air ".to_string(),
            (false, newer) => format!(" Message ladder · {newer} newer below (wheel down) "),
        };
        let inner = style::frame_box(buf, area, &title, style::border(t, self.selected.is_some()));
        if inner.height < 2 || inner.width < 30 {
            return;
        }
        let time_w = 8usize;
        let arrow_w = inner.width as usize - time_w - 1;
        // With a computer, the router's lifeline is in the middle: the air on its left,
        // the LAN on its right.
        let half = if self.computer { arrow_w / 2 } else { arrow_w };
        let header = if self.computer {
            let router = format!("{:>w$}", "Router", w = half - 7);
            format!("{:>time_w$} Printer{router}{:>w$}", "time", "Computer", w = arrow_w - half)
        } else {
            format!("{:>time_w$} Printer{:>w$}", "time", "Router", w = arrow_w - 7)
        };
        buf.set_stringn(inner.x, inner.y, header, inner.width as usize, style::dim(t));
        let visible = inner.height as usize - 1;
        let skip = end.saturating_sub(visible);
        for (i, row) in rows[..end].iter().skip(skip).enumerate() {
            let y = inner.y + 1 + i as u16;
            let time = tenths(row.at, 7);
            let lan = row.from == Node::Computer || row.to == Node::Computer;
            // On the LAN the computer is on the right: the router's messages go rightwards.
            let rightwards = if lan { row.from == Node::Router } else { row.from != Node::Router };
            let mut label = row.label.clone();
            match (row.from, row.to) {
                (Node::Station(n), _) if n > 0 => label = format!("(neighbour) {label}"),
                (_, Node::Station(n)) if n > 0 => label = format!("(to neighbour) {label}"),
                _ => {}
            }
            if !row.delivered {
                // The air loses frames; the LAN's packets are kept out (a guest network).
                label.push_str(if lan { " (blocked)" } else { " (lost)" });
            }
            let color = if row.failure {
                style::failure(t)
            } else if lan {
                style::colored(t, t.accent)
            } else if rightwards {
                style::colored(t, t.printer)
            } else {
                style::colored(t, t.router)
            };
            let color = if row.scan { style::dim(t) } else { color };
            // Time, then the arrow: the label as text, the long line as plain cells.
            buf.set_stringn(inner.x, y, &time, 8, style::dim(t));
            let x0 = inner.x + time_w as u16 + 1;
            let (x, width) = if lan { (x0 + half as u16, (arrow_w - half) as u16) } else { (x0, half as u16) };
            arrow(buf, x, y, width, &label, rightwards, color);
            if selected == Some(skip + i) {
                buf.set_style(
                    Rect::new(inner.x, y, inner.width, 1),
                    Style::new().add_modifier(ratatui::style::Modifier::REVERSED),
                );
            }
        }
        if rows.is_empty() {
            let hint = "Nothing on the air yet: start WPS on the printer.";
            // Wrapped in words: a narrow ladder says it on two lines.
            let lines = crate::text::wrap(hint, usize::from(inner.width.saturating_sub(1)));
            for (row, line) in (1..inner.height).zip(lines) {
                buf.set_stringn(
                    inner.x + 1,
                    inner.y + row,
                    &line,
                    inner.width as usize - 1,
                    Style::new().patch(style::dim(t)),
                );
            }
        }
    }
}
