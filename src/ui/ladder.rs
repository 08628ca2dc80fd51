//! The message ladder: each frame an arrow between Printer and Router as it is sent;
//! a NACK or M2D carrying a configuration error is marked; repeated scans collapse.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::style;
use crate::app::App;
use crate::wps::pair::{LadderEntry, Node, Payload};

pub struct Ladder<'a> {
    pub app: &'a App,
}

/// One drawn row: possibly several scans folded together.
pub struct Row {
    pub at_ms: u128,
    pub from: Node,
    pub to: Node,
    pub label: String,
    pub failure: bool,
    pub delivered: bool,
}

fn is_scan(e: &LadderEntry) -> bool {
    matches!(e.payload, Payload::Probe(_) | Payload::ProbeResponse(_))
}

/// The ladder's rows, oldest first, with runs of scans folded into one row each.
pub fn rows(entries: &[LadderEntry]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut scan_run = 0usize;
    for e in entries {
        if is_scan(e) {
            scan_run += 1;
            if scan_run > 2 {
                // Fold: the row above says how many scans there were.
                if let Some(last) = rows.last_mut() {
                    last.at_ms = e.at.as_millis();
                    last.label = format!("scanning: probe request/response ×{}", scan_run.div_ceil(2));
                    last.from = Node::Station(0);
                    last.delivered = e.delivered;
                }
                if scan_run == 3
                    && let Some(first) = rows.len().checked_sub(2)
                {
                    rows.remove(first);
                }
                continue;
            }
        } else {
            scan_run = 0;
        }
        let mut label = e.label();
        let failure = e.config_error().is_some_and(|c| c.to_u16() != 0);
        if let Some(c) = e.config_error() {
            label.push_str(&format!(" ✗ config_error={}", c.to_u16()));
        }
        rows.push(Row { at_ms: e.at.as_millis(), from: e.from, to: e.to, label, failure, delivered: e.delivered });
    }
    rows
}

impl Widget for Ladder<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let t = &app.theme;
        let inner = style::frame_box(buf, area, " Message ladder: what crossed the air ", style::border(t, false));
        if inner.height < 2 || inner.width < 30 {
            return;
        }
        let time_w = 8usize;
        let arrow_w = inner.width as usize - time_w - 1;
        let header = format!("{:>time_w$} Printer{:>w$}", "time", "Router", w = arrow_w - 7);
        buf.set_stringn(inner.x, inner.y, header, inner.width as usize, style::dim(t));
        let rows = rows(&app.pair.ladder);
        let visible = inner.height as usize - 1;
        let skip = rows.len().saturating_sub(visible);
        for (i, row) in rows.iter().skip(skip).enumerate() {
            let y = inner.y + 1 + i as u16;
            let time = format!("{:>7.1}s", row.at_ms as f64 / 1000.0);
            let rightwards = row.from != Node::Router;
            let mut label = row.label.clone();
            match (row.from, row.to) {
                (Node::Station(n), _) if n > 0 => label = format!("(neighbour) {label}"),
                (_, Node::Station(n)) if n > 0 => label = format!("(to neighbour) {label}"),
                _ => {}
            }
            if !row.delivered {
                label.push_str(" (lost)");
            }
            let color = if row.failure {
                style::failure(t)
            } else if rightwards {
                style::colored(t, t.printer)
            } else {
                style::colored(t, t.router)
            };
            let color =
                if row.label.starts_with("scanning") || row.label.starts_with("Probe") { style::dim(t) } else { color };
            // Time, then the arrow: the label as text, the long line as plain cells.
            buf.set_stringn(inner.x, y, &time, 8, style::dim(t));
            let x0 = inner.x + time_w as u16 + 1;
            let width = arrow_w as u16;
            let label_w = (label.chars().count() as u16).min(width.saturating_sub(5));
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
        if rows.is_empty() {
            let hint = "Nothing on the air yet: start WPS on the printer.";
            buf.set_stringn(
                inner.x + 1,
                inner.y + 1,
                hint,
                inner.width as usize - 1,
                Style::new().patch(style::dim(t)),
            );
        }
    }
}
