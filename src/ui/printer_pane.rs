//! The printer pane: LCD, LEDs, status line and the physical buttons (clickable), or for a
//! printer without a screen its lights, paper slot and buttons.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::lcd::{self, Lcd};
use super::leds::LedLight;
use super::style;
use super::touchscreen::{self, Touchscreen};
use crate::app::PrinterAction as P;
use crate::app::printer::{JoinStep, Link, Method, Printer};
use crate::keys;
use crate::sim::models::Panel;
use crate::theme::Theme;
use crate::wps::time::Time;

/// A physical button: where it sits in the pane (row, column), its face, what a click does,
/// and what its key does (the hint under it comes from the key table).
struct Button {
    row: u16,
    col: u16,
    face: &'static str,
    click: P,
    key: P,
}

const fn button(row: u16, col: u16, face: &'static str, action: P) -> Button {
    Button { row, col, face, click: action, key: action }
}

const BUTTONS: &[Button] = &[
    button(0, 0, " ◀ ", P::Left),
    button(0, 6, " ▲ ", P::Up),
    button(0, 12, " ▼ ", P::Down),
    button(0, 18, " ▶ ", P::Right),
    button(0, 26, " OK ", P::Ok),
    button(0, 34, " Back ", P::Back),
    button(2, 0, " Home ", P::Home),
    button(2, 9, " Cancel ", P::Cancel),
    Button { row: 2, col: 20, face: " ((·)) Wi-Fi ", click: P::WifiTap, key: P::WifiPress },
    // Unpadded, so that the row fits the pane at 100 columns.
    button(2, 36, "hold 3 s", P::WifiHold),
];

/// A printer without a screen: Power, Wi-Fi, Info and Cancel.
const SCREENLESS_BUTTONS: &[Button] = &[
    button(0, 0, " ⏻ Power ", P::Power),
    Button { row: 0, col: 12, face: " ((·)) Wi-Fi ", click: P::WifiTap, key: P::WifiPress },
    button(0, 29, " i Info ", P::Info),
    button(0, 40, " ✕ Cancel ", P::Cancel),
    button(2, 12, " hold Wi-Fi 3 s ", P::WifiHold),
    button(2, 31, " Wi-Fi+Info: PIN ", P::PinPage),
];

/// A touchscreen printer: everything is on the glass but its Power button.
const TOUCH_BUTTONS: &[Button] = &[button(0, 0, " ⏻ Power ", P::Power)];

fn buttons_of(panel: Panel) -> &'static [Button] {
    match panel {
        Panel::Buttons => BUTTONS,
        Panel::Screenless => SCREENLESS_BUTTONS,
        Panel::Touch => TOUCH_BUTTONS,
    }
}

/// Rows of the pane's inside: LCD 0-7, status 8, buttons 10-13; on the touchscreen model,
/// the screen 0-11, status 12, Power 13-14.
const STATUS_ROW: u16 = 8;
const BUTTONS_ROW: u16 = 10;
const TOUCH_STATUS_ROW: u16 = 12;
const TOUCH_BUTTONS_ROW: u16 = 13;

fn buttons_row(panel: Panel) -> u16 {
    if panel == Panel::Touch { TOUCH_BUTTONS_ROW } else { BUTTONS_ROW }
}

/// Where the touchscreen sits in the pane's inside.
fn touchscreen_area(inner: Rect) -> Rect {
    Rect::new(inner.x + 1, inner.y, (touchscreen::COLS + 2).min(inner.width.saturating_sub(1)), touchscreen::ROWS + 2)
}

fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

fn button_rect(inner: Rect, b: &Button, panel: Panel) -> Rect {
    let width = crate::text::width(b.face) as u16 + 2;
    Rect::new(inner.x + 1 + b.col, inner.y + buttons_row(panel) + b.row, width, 1)
}

/// Click targets of the printer's buttons (and of its touchscreen).
pub fn printer_targets(pane: Rect, printer: &Printer) -> Vec<(Rect, P)> {
    let inner = inner(pane);
    let panel = printer.model.panel;
    let mut targets: Vec<(Rect, P)> = Vec::new();
    if panel == Panel::Touch {
        let glass = touchscreen::glass(touchscreen_area(inner));
        targets.extend(touchscreen::targets(glass, printer).into_iter().filter(|(r, _)| r.right() <= glass.right()));
    }
    targets.extend(
        buttons_of(panel)
            .iter()
            .map(|b| (button_rect(inner, b, panel), b.click))
            .filter(|(r, _)| r.bottom() <= inner.bottom()),
    );
    targets
}

/// What a printer without a screen says with its lights, in words for the learner: each
/// fits the pane's line at 120 columns (54 cells).
pub fn lights_meaning(printer: &Printer) -> &'static str {
    if !printer.powered {
        return "All lights off: the printer is switched off.";
    }
    if printer.hold.is_some_and(|h| !h.fired) {
        return "Keep holding the Wi-Fi button...";
    }
    if printer.attempt.is_some() {
        let pin = printer.attempt.as_ref().is_some_and(|a| matches!(a.method, crate::app::printer::Method::Pin(_)));
        return match printer.exchanging() {
            Some(_) => "Wi-Fi fast blink: connecting to the router.",
            None if pin => "Wi-Fi slow blink: waiting for the PIN at the router.",
            None => "Wi-Fi slow blink: waiting for the router's WPS button.",
        };
    }
    match (&printer.link, &printer.last_outcome) {
        (Link::Connected { .. }, _) => "Wi-Fi steady: connected.",
        (Link::Joining { .. }, _) => "Wi-Fi fast blink: joining the network.",
        (_, Some(o)) if o.is_failure() => "Attention blinking: the last try failed (i: report).",
        _ => "Wi-Fi off: hold Wi-Fi 3 s for WPS, or I for a PIN.",
    }
}

/// "Wi-Fi: connected to HomeNet-5G2 · ▂▄▆█ · 192.168.1.57" and its siblings.
pub fn status_line(printer: &Printer) -> String {
    if !printer.powered {
        return "Printer off · press P (Power) to turn it on".into();
    }
    if !printer.wireless_on {
        return "Wi-Fi: off".into();
    }
    if let Some(a) = &printer.attempt {
        let how = match a.method {
            Method::PushButton => "push button",
            Method::Pin(_) => "PIN",
        };
        // The countdown is on the LCD; saying it twice would redraw twice a second.
        return format!("Wi-Fi: connecting by {how} · see the display");
    }
    match &printer.link {
        Link::Connected { ssid, ip } => format!("Wi-Fi: connected to {ssid} · ▂▄▆█ · {ip}"),
        Link::Joining { ssid, step } => match step {
            JoinStep::Connecting => format!("Wi-Fi: joining {ssid} · checking the password"),
            JoinStep::ObtainingAddress => format!("Wi-Fi: joining {ssid} · obtaining an address"),
        },
        Link::NotConnected => match &printer.last_outcome {
            Some(o) if o.is_failure() => format!("Wi-Fi: not connected · last try: {}", o.report_line()),
            _ => "Wi-Fi: not connected · ready".into(),
        },
    }
}

/// The status line within `width`: a connected printer keeps its network and address whole
/// (the signal bars give way first); anything else ends in an ellipsis.
fn status_fitted(printer: &Printer, width: usize) -> String {
    let full = status_line(printer);
    if crate::text::width(&full) <= width {
        return full;
    }
    if let (true, true, None, Link::Connected { ssid, ip }) =
        (printer.powered, printer.wireless_on, &printer.attempt, &printer.link)
    {
        let short = format!("Wi-Fi: {ssid} · {ip}");
        if crate::text::width(&short) <= width {
            return short;
        }
    }
    crate::text::ellipsis(&full, width)
}

/// The whole printer pane.
pub struct PrinterPane<'a> {
    pub printer: &'a Printer,
    pub now: Time,
    pub theme: &'a Theme,
    pub focused: bool,
    /// Class mode: a password being typed shows as dots.
    pub masked: bool,
}

impl Widget for PrinterPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (p, t) = (self.printer, self.theme);
        let title = format!(" Printer · {} ", p.model.name);
        let inner = style::frame_box(buf, area, &title, style::border(t, self.focused));
        if inner.height < 8 {
            return;
        }
        match p.model.panel {
            Panel::Screenless => return self.render_screenless(inner, buf),
            Panel::Touch => return self.render_touch(inner, buf),
            Panel::Buttons => {}
        }
        let lcd_area = Rect::new(inner.x + 1, inner.y, (lcd::COLS + 2).min(inner.width), lcd::ROWS + 2);
        Lcd { printer: p, now: self.now, theme: t, masked: self.masked }.render(lcd_area, buf);

        let led_x = lcd_area.right() + 3;
        if led_x + 10 < inner.right() {
            self.render_leds(Rect::new(led_x, inner.y + 1, inner.right() - led_x, 6), buf);
        }

        let status = Rect::new(inner.x + 1, inner.y + STATUS_ROW, inner.width.saturating_sub(2), 1);
        Paragraph::new(status_fitted(p, usize::from(status.width))).style(style::text(t)).render(status, buf);

        self.render_buttons(inner, BUTTONS, buf);
        self.render_large_pin(inner, buf);
    }
}

impl PrinterPane<'_> {
    /// On a screen tall enough (a projector), the PIN on the LCD again in large digits under
    /// the buttons, for the back of the room.
    fn render_large_pin(&self, inner: Rect, buf: &mut Buffer) {
        let first = BUTTONS_ROW + 5;
        let (Some(attempt), None) = (&self.printer.attempt, self.printer.exchanging()) else { return };
        let Method::Pin(pin) = &attempt.method else { return };
        if inner.height < first + 4 {
            return;
        }
        let t = self.theme;
        let caption = Rect::new(inner.x + 1, inner.y + first, inner.width.saturating_sub(2), 1);
        Line::from(Span::styled("The PIN on the display, large:", style::dim(t))).render(caption, buf);
        for (i, row) in touchscreen::big_digits(&pin.grouped()).iter().enumerate() {
            let r = Rect::new(inner.x + 3, caption.y + 1 + i as u16, inner.width.saturating_sub(4), 1);
            Line::from(Span::styled(row.clone(), style::text(t).add_modifier(Modifier::BOLD))).render(r, buf);
        }
    }

    /// Power, Wi-Fi and Attention, one every other row, with their state in words.
    fn render_leds(&self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let leds = &self.printer.leds;
        let rows = [
            (leds.power, t.led_power, "Power"),
            (leds.wifi, t.led_wifi, "Wi-Fi"),
            (leds.attention, t.led_attention, "Attention"),
        ];
        for (i, (led, color, label)) in rows.into_iter().enumerate() {
            let r = Rect::new(area.x, area.y + 2 * i as u16, area.width, 1);
            let light = LedLight { led, color, label, now: self.now, theme: t, words: true };
            let width: usize = light.spans().iter().map(|s| s.width()).sum();
            if width <= usize::from(area.width) {
                light.render(r, buf);
            } else {
                // Too narrow for "● Wi-Fi slow blink": the state goes on the row below.
                LedLight { words: false, ..light }.render(r, buf);
                let below = Rect::new(r.x + 2, r.y + 1, r.width.saturating_sub(2), 1);
                if below.bottom() <= area.bottom() {
                    Line::from(Span::styled(led.describe(), style::dim(t))).render(below, buf);
                }
            }
        }
    }

    /// The touchscreen, the status line, and under them the Power button beside the lights.
    fn render_touch(&self, inner: Rect, buf: &mut Buffer) {
        let (p, t) = (self.printer, self.theme);
        Touchscreen { printer: p, now: self.now, theme: t, masked: self.masked }.render(touchscreen_area(inner), buf);
        let status = Rect::new(inner.x + 1, inner.y + TOUCH_STATUS_ROW, inner.width.saturating_sub(2), 1);
        Paragraph::new(status_fitted(p, usize::from(status.width))).style(style::text(t)).render(status, buf);
        self.render_buttons(inner, TOUCH_BUTTONS, buf);
        let leds = &p.leds;
        let x = inner.x + 14;
        let lights = [
            (0, 0, leds.power, t.led_power, "Power"),
            (0, 12, leds.wifi, t.led_wifi, "Wi-Fi"),
            (1, 0, leds.attention, t.led_attention, "Attention"),
        ];
        for (row, col, led, color, label) in lights {
            let r = Rect::new(x + col, inner.y + TOUCH_BUTTONS_ROW + row, inner.right().saturating_sub(x + col), 1);
            if r.width > 0 && r.bottom() <= inner.bottom() {
                LedLight { led, color, label, now: self.now, theme: t, words: true }.render(r, buf);
            }
        }
    }

    fn render_screenless(&self, inner: Rect, buf: &mut Buffer) {
        let (p, t) = (self.printer, self.theme);
        self.render_leds(Rect::new(inner.x + 2, inner.y + 1, 28, 5), buf);
        // The paper slot: the report slides out a line at a time.
        let slot = Rect::new(inner.x + 31, inner.y, inner.width.saturating_sub(32), 8);
        let out = p.page_lines_out(self.now);
        let page = Block::bordered().title(" printed page ").border_style(style::dim(t));
        let page_inner = page.inner(slot);
        page.render(slot, buf);
        if let Some(page) = &p.page {
            // The top of the page comes out first.
            let shown: Vec<Line> =
                page.lines[..out].iter().map(|l| Line::from(Span::styled(l.clone(), style::text(t)))).collect();
            // A narrow slot folds a line rather than cut it (the PIN must be read whole).
            Paragraph::new(shown).wrap(Wrap { trim: false }).render(page_inner, buf);
        } else {
            // What the slot is for, true in every state: switched off, nothing comes out.
            let words = if p.powered {
                format!(
                    "Info ({}): a network report. Wi-Fi held with Info ({}): a page with a WPS PIN.",
                    crate::keys::hint(crate::app::PrinterAction::Info),
                    crate::keys::hint(crate::app::PrinterAction::PinPage)
                )
            } else {
                "The printer is off: nothing prints.".to_string()
            };
            Paragraph::new(Span::styled(words, style::dim(t))).wrap(Wrap { trim: true }).render(page_inner, buf);
        }
        // Two rows (the one above the buttons is free): a narrow pane folds the words.
        let meaning = Rect::new(inner.x + 1, inner.y + STATUS_ROW, inner.width.saturating_sub(2), 2);
        Paragraph::new(lights_meaning(p)).style(style::text(t)).wrap(Wrap { trim: true }).render(meaning, buf);
        self.render_buttons(inner, SCREENLESS_BUTTONS, buf);
    }

    fn render_buttons(&self, inner: Rect, buttons: &[Button], buf: &mut Buffer) {
        let t = self.theme;
        let held = self.printer.hold.is_some_and(|h| !h.fired);
        let panel = self.printer.model.panel;
        for b in buttons {
            let r = button_rect(inner, b, panel);
            if r.bottom() > inner.bottom() || r.right() > inner.right() {
                continue;
            }
            let mut face = style::button(t);
            if held && matches!(b.click, P::WifiTap | P::WifiHold) {
                face = style::selected(t);
            }
            Line::from(Span::styled(format!("[{}]", b.face), face.add_modifier(Modifier::BOLD))).render(r, buf);
            let hint = Rect::new(r.x, r.y + 1, r.width, 1);
            if hint.bottom() <= inner.bottom() {
                let key = keys::hint(b.key);
                Line::from(Span::styled(format!("{key:^w$}", w = r.width as usize), style::dim(t))).render(hint, buf);
            }
        }
    }
}
