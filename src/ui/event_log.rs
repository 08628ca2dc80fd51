//! The event log: both sides' events in hostapd's words, with a plain-language line
//! under each failure.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::style;
use crate::app::LogLine;
use crate::format::tenths;
use crate::sim::air::Node;
use crate::sim::air::Report;
use crate::theme::Theme;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::event::Event;

pub struct EventLog<'a> {
    pub entries: &'a [LogLine<'a>],
    pub theme: &'a Theme,
    /// Entries scrolled back from the newest (0: the newest at the bottom).
    pub back: usize,
}

impl Widget for EventLog<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let inner = area.intersection(buf.area).inner(ratatui::layout::Margin::new(1, 1));
        let rows = usize::from(inner.height);
        let len = self.entries.len();
        let back = self.back.min(len.saturating_sub(1));
        // Following the newest, only the entries that can fill the box are formatted (each
        // takes at least a row); scrolled back, all of them, so the window can be placed.
        let first = if back == 0 { len.saturating_sub(rows) } else { 0 };
        let lines = self.lines(first, inner.width);
        // The window ends with the last row of the newest entry not scrolled away, and is
        // full: scrolled back past the oldest line, it stops with the oldest on the top row.
        let upto = lines.iter().rposition(|(i, _)| *i < len - back).map_or(0, |p| p + 1);
        let end = upto.max(rows.min(lines.len()));
        let start = end.saturating_sub(rows);
        let newer_below = lines[end..].iter().map(|(i, _)| *i).collect::<std::collections::BTreeSet<_>>().len();
        let title = match newer_below {
            0 => " Event log (hostapd / wpa_supplicant) ".to_string(),
            n => format!(" Event log · {n} newer below (PgDn) "),
        };
        let inner = style::frame_box(buf, area, &title, style::border(t, false));
        if inner.height < 1 || inner.width < 20 {
            return;
        }
        if lines.is_empty() {
            buf.set_line(inner.x, inner.y, &Line::from(Span::styled(" No events yet.", style::dim(t))), inner.width);
        }
        for (row, (_, line)) in lines[start..end].iter().enumerate() {
            buf.set_line(inner.x, inner.y + row as u16, line, inner.width);
        }
    }
}

impl EventLog<'_> {
    /// The rows of entries `first..`, each tagged with its entry's index: the event (wrapped
    /// under itself), then its plain-language reason unless the same reason was just said.
    fn lines(&self, first: usize, width: u16) -> Vec<(usize, Line<'static>)> {
        let t = self.theme;
        let mut lines = Vec::new();
        // The reason last said before them is the latest reason among the earlier entries (an
        // equal one is said once, so it was that one).
        let mut last_explained = self.entries[..first].iter().rev().find_map(|l| l.why).unwrap_or_default();
        for (index, logged) in self.entries.iter().enumerate().skip(first) {
            let entry = logged.entry;
            let (who, color) = match entry.who {
                Node::Router => ("router   ", t.router),
                Node::Station(0) => ("printer  ", t.printer),
                Node::Station(_) => ("neighbour", t.dim),
                Node::Computer => ("computer ", t.accent),
            };
            let mut text = shorten(&entry.event);
            if logged.repeats > 0 {
                text = format!("×{} {text}", logged.repeats + 1);
            }
            let event_style = if entry.event.is_failure() {
                style::failure(t)
            } else if matches!(
                entry.event,
                Report::Wps(Event::Success) | Report::Join(JoinEvent::Connected { .. } | JoinEvent::DhcpLease { .. })
            ) {
                style::success(t)
            } else {
                style::text(t)
            };
            // A long line goes on under itself rather than being cut at the edge: a cut
            // `config_error=12` would read as another error.
            let text_width = usize::from(width).saturating_sub(PREFIX).max(8);
            for (i, part) in fit(&text, text_width).into_iter().enumerate() {
                let head = if i == 0 {
                    vec![
                        Span::styled(format!("{} ", tenths(entry.at, 6)), style::dim(t)),
                        Span::styled(format!("{who} "), style::colored(t, color)),
                    ]
                } else {
                    vec![Span::raw(" ".repeat(PREFIX))]
                };
                lines.push((index, Line::from([head, vec![Span::styled(part, event_style)]].concat())));
            }
            // One plain-language line per failure; the same reason twice is said once.
            if let Some(why) = logged.why
                && why != last_explained
            {
                let why_width = usize::from(width.saturating_sub(20));
                for (i, part) in crate::text::wrap(why, why_width.max(20)).into_iter().enumerate() {
                    let lead = if i == 0 { "↳" } else { " " };
                    lines.push((index, Line::from(Span::styled(format!("{:18}{lead} {part}", ""), style::dim(t)))));
                }
                last_explained = why;
            }
        }
        lines
    }
}

/// Columns before an event's text: the time (8) and who (10).
const PREFIX: usize = 18;

/// Words wrapped to `width`; a single word longer than that (a UUID) ends in an ellipsis.
fn fit(text: &str, width: usize) -> Vec<String> {
    crate::text::wrap(text, width)
        .into_iter()
        .map(|line| match crate::text::width(&line) > width {
            true => line.chars().take(width.saturating_sub(1)).chain(['…']).collect(),
            false => line,
        })
        .collect()
}

/// Long events (a credential in hex) are cut; the CLI prints them whole.
fn shorten(event: &Report) -> String {
    match event {
        Report::Wps(Event::CredReceived(c)) => format!("WPS-CRED-RECEIVED (SSID \"{}\")", c.ssid_text()),
        other => other.to_string(),
    }
}
