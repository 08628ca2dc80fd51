//! The computer's "Add a device" window: where it is on the network, what it found, the
//! device chosen and its PIN, and how adding it went. It draws the window's state; the
//! words for each stage are here, the decisions in `app::computer`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::style;
use crate::app::computer::{AddFailure, ComputerWindow, NotFound, Stage};
use crate::sim::lan::Seat;
use crate::theme::Theme;

pub struct ComputerPane<'a> {
    pub window: &'a ComputerWindow,
    /// The network the computer is on (the LAN's to know), and its name.
    pub seat: Seat,
    pub network_name: &'a str,
    pub theme: &'a Theme,
    pub focused: bool,
    /// The printer's PIN as the learner reads it off the printer, when the printer's pane
    /// is out of sight (a small terminal shows one pane): said on the window's bottom edge.
    pub printer_pin: Option<String>,
}

/// The lines of the window's body for its stage: (text, style), and the keys it takes.
pub fn body(window: &ComputerWindow, t: &Theme) -> (Vec<(String, Style)>, &'static str) {
    let plain = style::text(t);
    let dim = style::dim(t);
    let name = window.chosen().map_or("the device", |d| d.name.as_str());
    let mut lines: Vec<(String, Style)> = Vec::new();
    let keys = match &window.stage {
        Stage::Searching => {
            lines.push(("Looking for your router and the devices waiting to be added…".into(), plain));
            "r search again · o network"
        }
        Stage::NothingFound(NotFound::NoAnswer) => {
            lines.push(("No router answered on this network.".into(), style::failure(t)));
            lines.push(("A device can be added only through a router that lets computers do it.".into(), dim));
            "r search again · o network"
        }
        Stage::NothingFound(NotFound::Left { goodbye }) => {
            let what = if *goodbye {
                "The router left the network: it said goodbye."
            } else {
                "The router stopped sending this computer its news."
            };
            lines.push((what.into(), style::failure(t)));
            lines.push(("A device can be added only through a router that lets computers do it.".into(), dim));
            "r search again · o network"
        }
        Stage::NothingFound(NotFound::Refused { why }) => {
            lines.push(("The router does not let this computer add devices.".into(), style::failure(t)));
            lines.push((format!("It refused to describe itself ({why})."), dim));
            "r search again · o network"
        }
        Stage::Devices => {
            if let Some(router) = &window.router {
                lines.push((format!("Router: {router}"), plain));
            }
            if window.devices.is_empty() {
                lines.push(("No device is waiting yet.".into(), dim));
                lines.push(("A device shows here once it is in WPS PIN mode.".into(), dim));
            } else {
                lines.push(("Devices waiting to be added:".into(), dim));
                for (i, d) in window.devices.iter().enumerate() {
                    let (mark, st) = if i == window.selected { ("▸ ", style::selected(t)) } else { ("  ", plain) };
                    lines.push((format!("{mark}{} ({})", d.name, d.kind), st));
                }
            }
            "↑↓ choose · Enter next · r search again"
        }
        Stage::TypingPin => {
            lines.push((format!("Type the PIN shown on {name}:"), plain));
            let digits: String = window.pin_input.chars().collect();
            lines.push((format!("PIN  [{digits:_<8}]"), style::selected(t)));
            if let Some(e) = window.pin_refused {
                lines.push((format!("Not sent: {e}."), style::failure(t)));
            }
            "0-9 type · ⌫ delete · Enter next · Esc back"
        }
        Stage::Adding { last } => {
            lines.push((format!("Adding {name}…"), plain));
            let progress = match last.and_then(|m| m.number()) {
                Some(n) => format!("Exchanging keys through the router: M{n} of M8."),
                None => "Waiting for the device to ask the router again.".into(),
            };
            lines.push((progress, dim));
            ""
        }
        Stage::Added => {
            lines.push((format!("✓ {name} was added to {}.", window.network), style::success(t)));
            lines.push(("It received the network's name and password, encrypted (M8).".into(), dim));
            "Enter done"
        }
        Stage::Failed(AddFailure::WrongPin { at }) => {
            lines.push((format!("✗ {name} was not added: the PIN is not its PIN."), style::failure(t)));
            lines.push((format!("The device refused the computer's proof ({at})."), dim));
            "Enter back"
        }
        Stage::Failed(AddFailure::Other { at, config_error }) => {
            lines.push((format!("✗ Adding {name} stopped at {at}."), style::failure(t)));
            lines.push((format!("{config_error} (error {}).", config_error.to_u16()), dim));
            "Enter back"
        }
    };
    (lines, keys)
}

impl Widget for ComputerPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let inner = style::frame_box(buf, area, " Computer · Add a device ", style::border(t, self.focused));
        if let Some(pin) = &self.printer_pin
            && area.height > 2
        {
            let room = usize::from(area.width.saturating_sub(4));
            let text = crate::text::ellipsis(&format!(" {pin} "), room);
            buf.set_stringn(area.x + 2, area.bottom() - 1, text, room, style::colored(t, t.accent));
        }
        if inner.height < 4 || inner.width < 20 {
            return;
        }
        let width = usize::from(inner.width.saturating_sub(2));
        let x = inner.x + 1;
        let mut y = inner.y;
        let on = match self.seat {
            Seat::Home => format!("Laptop · Wi-Fi: {}", self.network_name),
            Seat::Guest => format!("Laptop · Wi-Fi: {}-Guest", self.network_name),
        };
        buf.set_stringn(x, y, crate::text::ellipsis(&on, width), width, style::dim(t));
        y += 2;
        buf.set_stringn(x, y, "Add a device to this network", width, style::text(t));
        y += 2;
        let (lines, keys) = body(self.window, t);
        let last = inner.bottom().saturating_sub(1);
        for (text, st) in lines {
            for part in crate::text::wrap(&text, width) {
                if y >= last {
                    break;
                }
                buf.set_stringn(x, y, &part, width, st);
                y += 1;
            }
        }
        if !keys.is_empty() {
            buf.set_stringn(x, last, crate::text::ellipsis(keys, width), width, style::dim(t));
        }
    }
}
