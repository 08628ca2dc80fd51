//! The event log: both sides' events in hostapd's words, with a plain-language line
//! under each failure.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::style;
use crate::app::Logged;
use crate::format::tenths;
use crate::sim::air::Node;
use crate::sim::air::Report;
use crate::theme::Theme;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::event::Event;

pub struct EventLog<'a> {
    pub entries: &'a [Logged],
    pub theme: &'a Theme,
    /// Entries scrolled back from the newest (0: the newest at the bottom).
    pub back: usize,
}

impl Widget for EventLog<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        // Scrolled back no further than the oldest entry at the top of a full box: past it
        // would only show blank rows.
        let rows = usize::from(area.height.saturating_sub(2));
        let back = self.back.min(self.entries.len().saturating_sub(rows.max(1)));
        let title = match back {
            0 => " Event log (hostapd / wpa_supplicant) ".to_string(),
            n => format!(" Event log · {n} newer below (PgDn) "),
        };
        let inner = style::frame_box(buf, area, &title, style::border(t, false));
        let entries = &self.entries[..self.entries.len() - back];
        if inner.height < 1 || inner.width < 20 {
            return;
        }
        let mut lines: Vec<Line> = Vec::new();
        // Each entry takes at least one row, so the last `height` entries fill the box: the
        // rest are not formatted on every redraw. The reason last said before them is the
        // latest reason among them (an equal one is said once, so it was that one).
        let start = entries.len().saturating_sub(usize::from(inner.height));
        let mut last_explained = entries[..start].iter().rev().find_map(|l| l.why.clone()).unwrap_or_default();
        for logged in &entries[start..] {
            let entry = &logged.entry;
            let (who, color) = match entry.who {
                Node::Router => ("router   ", t.router),
                Node::Station(0) => ("printer  ", t.printer),
                Node::Station(_) => ("neighbour", t.dim),
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
            let width = usize::from(inner.width).saturating_sub(PREFIX).max(8);
            for (i, part) in fit(&text, width).into_iter().enumerate() {
                let head = if i == 0 {
                    vec![
                        Span::styled(format!("{} ", tenths(entry.at, 6)), style::dim(t)),
                        Span::styled(format!("{who} "), style::colored(t, color)),
                    ]
                } else {
                    vec![Span::raw(" ".repeat(PREFIX))]
                };
                lines.push(Line::from([head, vec![Span::styled(part, event_style)]].concat()));
            }
            // One plain-language line per failure; the same reason twice is said once.
            if let Some(why) = &logged.why
                && *why != last_explained
            {
                let width = inner.width.saturating_sub(20) as usize;
                for (i, part) in crate::text::wrap(why, width.max(20)).into_iter().enumerate() {
                    let lead = if i == 0 { "↳" } else { " " };
                    lines.push(Line::from(Span::styled(format!("{:18}{lead} {part}", ""), style::dim(t))));
                }
                last_explained = why.clone();
            }
        }
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(" No events yet.", style::dim(t))));
        }
        let skip = lines.len().saturating_sub(inner.height as usize);
        for (i, line) in lines.iter().skip(skip).enumerate() {
            buf.set_line(inner.x, inner.y + i as u16, line, inner.width);
        }
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
