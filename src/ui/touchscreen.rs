//! The touchscreen of a printer without buttons: a home screen of icons, menus whose lines
//! are tapped, a bar of touch buttons at the bottom of the glass, and the WPS PIN in large
//! digits (read across a room, or on a projector). What can be tapped is worked out by the
//! same functions that draw it, so a click lands on what was drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::lcd::{self, Lcd};
use crate::app::PrinterAction as P;
use crate::app::printer::{Method, Printer, Screen};
use crate::format::countdown;
use crate::theme::Theme;
use crate::wps::time::Time;

/// The glass, in cells (inside its bezel).
pub const COLS: u16 = 36;
pub const ROWS: u16 = 10;
/// Rows of a list between the title and the touch bar.
const LIST_ROWS: usize = 7;
/// The home screen's icons: width of one tile, with its border.
const TILE: u16 = 8;

/// An icon of the home screen, by its entry's label.
fn icon(label: &str) -> &'static str {
    match label {
        "Wi-Fi" => "((·))",
        "Copy" => "▤ ▤",
        "Scan" => "▭▭▭",
        _ => "≡",
    }
}

/// The touch buttons along the bottom of the glass for this screen.
fn touch_bar(printer: &Printer) -> Vec<(&'static str, P)> {
    match &printer.screen {
        Screen::Menu if printer.cursor.depth() == 1 => vec![],
        Screen::Menu => vec![("◀ Back", P::Back), ("⌂ Home", P::Home)],
        Screen::Info { .. } | Screen::Result(_) => vec![("OK", P::Ok)],
        Screen::ConfirmRestore | Screen::ConfirmWireless => vec![("OK", P::Ok), ("◀ Back", P::Back)],
        Screen::Attempt => vec![("✕ Cancel", P::Cancel)],
        Screen::Joining => vec![],
        Screen::WizardNetworks { .. } => vec![("◀ Back", P::Back)],
        Screen::WizardPassword { .. } | Screen::WizardName { .. } => {
            vec![("OK", P::Ok), ("⌫", P::Back), ("✕ Cancel", P::Cancel)]
        }
    }
}

/// Where each touch button of the bar sits on the glass.
fn bar_rects(glass: Rect, bar: &[(&'static str, P)]) -> Vec<(Rect, &'static str, P)> {
    let y = glass.y + ROWS - 1;
    let mut x = glass.x + 1;
    bar.iter()
        .map(|(face, action)| {
            let w = crate::text::width(face) as u16 + 4;
            let r = Rect::new(x, y, w, 1);
            x += w + 2;
            (r, *face, *action)
        })
        .collect()
}

/// The first entry a list shows, so that the highlighted one is on the glass.
fn first_shown(selected: usize, len: usize) -> usize {
    selected.saturating_sub(LIST_ROWS - 1).min(len.saturating_sub(LIST_ROWS))
}

/// The entries of the list (or the icons) on the glass: where each is, and its index.
fn entries(glass: Rect, printer: &Printer) -> Vec<(Rect, usize)> {
    match &printer.screen {
        Screen::Menu if printer.cursor.depth() == 1 => (0..printer.cursor.menu().items.len())
            .map(|i| (Rect::new(glass.x + i as u16 * (TILE + 1), glass.y + 2, TILE, 4), i))
            .collect(),
        Screen::Menu => list_rows(glass, printer.cursor.selected(), printer.cursor.menu().items.len()),
        Screen::WizardNetworks { networks, selected } => list_rows(glass, *selected, networks.len()),
        _ => vec![],
    }
}

fn list_rows(glass: Rect, selected: usize, len: usize) -> Vec<(Rect, usize)> {
    let first = first_shown(selected, len);
    (first..len.min(first + LIST_ROWS))
        .enumerate()
        .map(|(row, i)| (Rect::new(glass.x, glass.y + 2 + row as u16, glass.width, 1), i))
        .collect()
}

/// What a tap at each place on the glass does.
pub fn targets(glass: Rect, printer: &Printer) -> Vec<(Rect, P)> {
    if !printer.powered {
        return vec![];
    }
    let taps = entries(glass, printer).into_iter().map(|(r, i)| (r, P::Touch(i.min(255) as u8)));
    let bar = bar_rects(glass, &touch_bar(printer)).into_iter().map(|(r, _, a)| (r, a));
    taps.chain(bar).collect()
}

/// The rows of `text` in large digits, three cells high, for the PIN.
pub fn big_digits(text: &str) -> [String; 3] {
    let mut rows = [String::new(), String::new(), String::new()];
    for c in text.chars() {
        let glyph: [&str; 3] = match c {
            '0' => ["█▀█", "█ █", "▀▀▀"],
            '1' => ["▀█ ", " █ ", "▀▀▀"],
            '2' => ["▀▀█", "█▀▀", "▀▀▀"],
            '3' => ["▀▀█", " ▀█", "▀▀▀"],
            '4' => ["█ █", "▀▀█", "  ▀"],
            '5' => ["█▀▀", "▀▀█", "▀▀▀"],
            '6' => ["█▀▀", "█▀█", "▀▀▀"],
            '7' => ["▀▀█", "  █", "  ▀"],
            '8' => ["█▀█", "█▀█", "▀▀▀"],
            '9' => ["█▀█", "▀▀█", "▀▀▀"],
            '-' => ["  ", "▀▀", "  "],
            _ => ["   ", "   ", "   "],
        };
        for (row, part) in rows.iter_mut().zip(glyph) {
            if !row.is_empty() {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

/// The printer's touchscreen at one instant, bezel included.
pub struct Touchscreen<'a> {
    pub printer: &'a Printer,
    pub now: Time,
    pub theme: &'a Theme,
    pub masked: bool,
}

/// The glass inside a touchscreen drawn at `area`.
pub fn glass(area: Rect) -> Rect {
    Rect::new(area.x + 1, area.y + 1, COLS.min(area.width.saturating_sub(2)), ROWS.min(area.height.saturating_sub(2)))
}

impl Touchscreen<'_> {
    fn attempt_lines(&self) -> (String, Vec<String>, Option<[String; 3]>) {
        let Some(a) = &self.printer.attempt else { return ("Wi-Fi Protected Setup".into(), vec![], None) };
        let left = countdown(a.deadline, self.now);
        match (&a.method, self.printer.exchanging()) {
            (_, Some(n)) => (
                "Connecting".into(),
                vec![
                    "Router found.".into(),
                    "Exchanging keys...".into(),
                    String::new(),
                    format!("M{n} of M8  {}", lcd::bar(u64::from(n), 8, 8)),
                ],
                None,
            ),
            (Method::PushButton, None) => (
                "Push Button".into(),
                vec![
                    "Press the WPS button on your".into(),
                    format!("router within {}.", crate::format::span(self.printer.model.walk_time)),
                    String::new(),
                    format!("Searching...            {left}"),
                ],
                None,
            ),
            (Method::Pin(pin), None) => (
                format!("WPS PIN  {}", pin.grouped()),
                vec!["Enter this PIN at your router:".into()],
                Some(big_digits(&pin.grouped())),
            ),
        }
    }
}

impl Widget for Touchscreen<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (p, t) = (self.printer, self.theme);
        let (base, dim) = if t.monochrome {
            (Style::new(), Style::new().add_modifier(Modifier::DIM))
        } else {
            (Style::new().fg(t.lcd_text).bg(t.lcd_backlight), Style::new().fg(t.lcd_dim).bg(t.lcd_backlight))
        };
        let outer = Rect::new(area.x, area.y, (COLS + 2).min(area.width), (ROWS + 2).min(area.height));
        super::style::frame_box_with(buf, outer, "", Style::new().fg(t.border), ["╭", "╮", "╰", "╯"]);
        let glass = glass(area);
        if !p.powered {
            buf.set_style(glass, Style::new().bg(ratatui::style::Color::Reset));
            return;
        }
        buf.set_style(glass, base);
        let width = usize::from(glass.width);
        let put = |buf: &mut Buffer, x: u16, row: u16, text: &str, style: Style| {
            if row < glass.height && x < glass.width {
                let room = usize::from(glass.width - x);
                buf.set_stringn(glass.x + x, glass.y + row, text, room, style);
            }
        };
        let lcd = Lcd { printer: p, now: self.now, theme: t, masked: self.masked };
        let (state, signal) = lcd.status_parts();
        put(buf, 1, 0, state, dim);
        put(buf, (glass.width).saturating_sub(crate::text::width(signal) as u16 + 1), 0, signal, dim);

        let bold = base.add_modifier(Modifier::BOLD);
        match &p.screen {
            Screen::Menu if p.cursor.depth() == 1 => {
                put(buf, 1, 1, p.model.name, bold);
                let menu = p.cursor.menu();
                for (r, i) in entries(glass, p) {
                    let label = menu.items[i].0;
                    let style = if i == p.cursor.selected() { base.add_modifier(Modifier::REVERSED) } else { base };
                    super::style::frame_box_with(buf, r, "", style, ["┌", "┐", "└", "┘"]);
                    let inside = |s: &str| format!("{s:^w$}", w = usize::from(TILE - 2));
                    put(buf, r.x - glass.x + 1, r.y - glass.y + 1, &inside(icon(label)), style);
                    put(buf, r.x - glass.x + 1, r.y - glass.y + 2, &inside(label), style);
                }
                put(buf, 1, 7, "Tap an icon (or arrows, Enter).", dim);
            }
            Screen::Menu | Screen::WizardNetworks { .. } => {
                let (title, labels, selected): (String, Vec<String>, usize) = match &p.screen {
                    Screen::WizardNetworks { networks, selected } => {
                        ("Choose your network".into(), networks.clone(), *selected)
                    }
                    _ => (
                        lcd::fit_path_in(&p.cursor.breadcrumb(), width - 2),
                        p.cursor.menu().items.iter().map(|(l, _)| l.to_string()).collect(),
                        p.cursor.selected(),
                    ),
                };
                put(buf, 1, 1, &title, bold);
                for (r, i) in entries(glass, p) {
                    let text = crate::text::ellipsis(&format!(" {} ›", labels[i]), width);
                    let style = if i == selected { base.add_modifier(Modifier::REVERSED) } else { base };
                    buf.set_style(r, style);
                    put(buf, 0, r.y - glass.y, &text, style);
                }
            }
            Screen::Attempt => {
                let (title, lines, big) = self.attempt_lines();
                put(buf, 1, 1, &title, bold);
                for (row, line) in (2..).zip(&lines) {
                    put(buf, 1, row, line, base);
                }
                if let (Some(big), Some(a)) = (big, &p.attempt) {
                    for (i, line) in big.iter().enumerate() {
                        let x = (glass.width.saturating_sub(crate::text::width(line) as u16)) / 2;
                        put(buf, x, 4 + i as u16, line, bold);
                    }
                    put(buf, 1, 8, &format!("Valid for {}", countdown(a.deadline, self.now)), base);
                }
            }
            _ => {
                let content = lcd.content();
                put(buf, 1, 1, &content.title, bold);
                for (i, line) in content.body.iter().enumerate().take(LIST_ROWS) {
                    put(buf, 1, 2 + i as u16, &crate::text::ellipsis(line, width - 2), base);
                }
            }
        }
        for (r, face, _) in bar_rects(glass, &touch_bar(p)) {
            if r.right() <= glass.right() {
                buf.set_stringn(
                    r.x,
                    r.y,
                    format!("[ {face} ]"),
                    usize::from(r.width),
                    bold.add_modifier(Modifier::REVERSED),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pin_in_large_digits_fits_the_glass_and_every_digit_reads_differently() {
        let rows = big_digits("1234-5670");
        let widths: Vec<usize> = rows.iter().map(|r| crate::text::width(r)).collect();
        assert!(widths.iter().all(|w| *w == widths[0]), "three rows of one width: {widths:?}");
        assert!(widths[0] <= usize::from(COLS) - 2, "fits the glass: {widths:?}");
        let glyphs: std::collections::BTreeSet<[String; 3]> = ('0'..='9').map(|d| big_digits(&d.to_string())).collect();
        assert_eq!(glyphs.len(), 10, "no two digits look alike");
    }
}
