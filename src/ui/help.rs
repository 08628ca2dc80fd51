//! The help overlay on `?`: every key, in one place.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::style;
use crate::theme::Theme;

pub const KEYS: &[(&str, &str)] = &[
    ("Tab / Shift-Tab", "switch between the printer and the router"),
    ("↑ ↓ ← →, h j k l", "move in the printer's menu / the router's page"),
    ("Enter", "OK on the printer; press the selected router control"),
    ("Esc, Backspace", "Back on the printer (Backspace deletes in the PIN field)"),
    ("g, Home", "the printer's Home button"),
    ("x, Delete", "the printer's Cancel button"),
    ("w", "the printer's Wi-Fi button: tap for status, hold 3 s for WPS"),
    ("W", "hold the Wi-Fi button for 3 s in one key (for tmux and VHS)"),
    ("b", "the router's WPS button"),
    ("0-9, -, space", "type a PIN into the router's page"),
    ("n", "trainer: a neighbour's device presses WPS too (session overlap)"),
    ("s", "pick a training scenario (the panel starts fresh)"),
    ("c", "save what crossed the air as a pcap file, for Wireshark"),
    ("G", "show or hide the guide (next step, and why things happened)"),
    ("i, P", "Info and Power buttons (printers without a screen print a report)"),
    ("mouse click", "press any drawn button (off with --no-mouse)"),
    ("?", "show or hide this help"),
    ("q, Ctrl-C", "quit"),
];

pub fn render(frame: &mut Frame, area: Rect, t: &Theme) {
    let height = (KEYS.len() as u16 + 6).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(84)]).flex(Flex::Center).areas(row);
    let mut lines = vec![Line::from(Span::styled(
        "The PIN is always on your own printer's screen. Nobody needs to be called for it.",
        style::text(t),
    ))];
    lines.push(Line::from(""));
    for (keys, what) in KEYS {
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys:<18}"), style::colored(t, t.accent)),
            Span::styled(*what, style::text(t)),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(" Press any key to close.", style::dim(t))));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(" Keys ").border_style(style::border(t, true))),
        popup,
    );
}
