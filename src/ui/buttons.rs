//! The printer pane: LCD, LEDs, status line and the physical buttons (clickable).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::lcd::{self, Lcd};
use super::leds::LedLight;
use super::style;
use crate::app::printer::Link;
use crate::app::{Action, App, Focus};

/// A physical button: where it sits in the pane (row, column), its face, its key.
struct Button {
    row: u16,
    col: u16,
    face: &'static str,
    key: &'static str,
    action: Action,
}

const BUTTONS: &[Button] = &[
    Button { row: 0, col: 0, face: " ◀ ", key: "h", action: Action::Left },
    Button { row: 0, col: 6, face: " ▲ ", key: "k", action: Action::Up },
    Button { row: 0, col: 12, face: " ▼ ", key: "j", action: Action::Down },
    Button { row: 0, col: 18, face: " ▶ ", key: "l", action: Action::Right },
    Button { row: 0, col: 26, face: " OK ", key: "Enter", action: Action::Ok },
    Button { row: 0, col: 34, face: " Back ", key: "Esc", action: Action::Back },
    Button { row: 2, col: 0, face: " Home ", key: "g", action: Action::Home },
    Button { row: 2, col: 9, face: " Cancel ", key: "x", action: Action::Cancel },
    Button { row: 2, col: 21, face: " ((·)) Wi-Fi ", key: "w", action: Action::WifiTap },
    Button { row: 2, col: 38, face: " hold 3 s ", key: "W", action: Action::WifiHold },
];

/// A printer without a screen: Power, Wi-Fi, Info and Cancel.
const SCREENLESS_BUTTONS: &[Button] = &[
    Button { row: 0, col: 0, face: " ⏻ Power ", key: "P", action: Action::Power },
    Button { row: 0, col: 12, face: " ((·)) Wi-Fi ", key: "w", action: Action::WifiTap },
    Button { row: 0, col: 29, face: " i Info ", key: "i", action: Action::Info },
    Button { row: 0, col: 40, face: " ✕ Cancel ", key: "x", action: Action::Cancel },
    Button { row: 2, col: 12, face: " hold Wi-Fi 3 s ", key: "W", action: Action::WifiHold },
];

fn buttons_of(app_has_screen: bool) -> &'static [Button] {
    if app_has_screen { BUTTONS } else { SCREENLESS_BUTTONS }
}

/// Rows of the pane's inside: LCD 0-7, status 8, buttons 10-13.
const STATUS_ROW: u16 = 8;
const BUTTONS_ROW: u16 = 10;

fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

fn button_rect(inner: Rect, b: &Button) -> Rect {
    let width = b.face.chars().count() as u16 + 2;
    Rect::new(inner.x + 1 + b.col, inner.y + BUTTONS_ROW + b.row, width, 1)
}

/// Click targets of the printer's buttons.
pub fn printer_targets(pane: Rect, has_screen: bool) -> Vec<(Rect, Action)> {
    let inner = inner(pane);
    buttons_of(has_screen)
        .iter()
        .map(|b| (button_rect(inner, b), b.action))
        .filter(|(r, _)| r.bottom() <= inner.bottom())
        .collect()
}

/// What a printer without a screen says with its lights, in words for the learner.
pub fn lights_meaning(app: &App) -> &'static str {
    if !app.powered {
        return "All lights off: the printer is switched off.";
    }
    if app.printer.hold.is_some_and(|h| !h.fired) {
        return "Keep holding the Wi-Fi button...";
    }
    if app.printer.attempt.is_some() {
        return match app.exchanging() {
            Some(_) => "Wi-Fi blinking fast: connecting to the router.",
            None => "Wi-Fi blinking slowly: waiting for the router's WPS button.",
        };
    }
    match (&app.printer.link, &app.printer.last_outcome) {
        (Link::Connected { .. }, _) => "Wi-Fi steady: connected.",
        (_, Some(o)) if o.is_failure() => "Attention blinking: the last try failed. Press Info for a report.",
        _ => "Wi-Fi off: not connected. Hold Wi-Fi for 3 s to start WPS.",
    }
}

pub struct PrinterPane<'a> {
    pub app: &'a App,
}

impl PrinterPane<'_> {
    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let t = &app.theme;
        let focused = app.focus == Focus::Printer;
        let title = format!(" Printer · {} ", app.model.name);
        let inner = style::frame_box(frame.buffer_mut(), area, &title, style::border(t, focused));
        if inner.height < 8 {
            return;
        }
        if !app.model.has_screen {
            self.render_screenless(frame, inner);
            return;
        }
        let lcd_area = Rect::new(inner.x + 1, inner.y, (lcd::COLS + 2).min(inner.width), lcd::ROWS + 2);
        frame.render_widget(Lcd { app }, lcd_area);

        let led_x = lcd_area.right() + 3;
        if led_x + 10 < inner.right() {
            self.render_leds(frame, Rect::new(led_x, inner.y + 1, inner.right() - led_x, 5));
        }

        let status = Rect::new(inner.x + 1, inner.y + STATUS_ROW, inner.width.saturating_sub(2), 1);
        frame.render_widget(Paragraph::new(status_line(app)).style(style::text(t)), status);

        self.render_buttons(frame, inner, BUTTONS);
    }
}

impl PrinterPane<'_> {
    /// Power, Wi-Fi and Attention, one every other row, with their state in words.
    fn render_leds(&self, frame: &mut Frame, area: Rect) {
        let (app, t) = (self.app, &self.app.theme);
        let leds = &app.printer.leds;
        let rows = [
            (leds.power, t.led_power, "Power"),
            (leds.wifi, t.led_wifi, "Wi-Fi"),
            (leds.attention, t.led_attention, "Attention"),
        ];
        for (i, (led, color, label)) in rows.into_iter().enumerate() {
            let r = Rect::new(area.x, area.y + 2 * i as u16, area.width, 1);
            frame.render_widget(LedLight { led, color, label, now: app.now, theme: t, words: true }, r);
        }
    }

    fn render_screenless(&self, frame: &mut Frame, inner: Rect) {
        let app = self.app;
        let t = &app.theme;
        self.render_leds(frame, Rect::new(inner.x + 2, inner.y + 1, 28, 5));
        // The paper slot: the report slides out a line at a time.
        let slot = Rect::new(inner.x + 31, inner.y, inner.width.saturating_sub(32), 8);
        let out = app.page_lines_out();
        let page = Block::bordered().title(" paper out ").border_style(style::dim(t));
        let page_inner = page.inner(slot);
        frame.render_widget(page, slot);
        if let Some(p) = &app.page {
            // The top of the page comes out first.
            let shown: Vec<Line> =
                p.lines[..out].iter().map(|l| Line::from(Span::styled(l.clone(), style::text(t)))).collect();
            frame.render_widget(Paragraph::new(shown), page_inner);
        } else {
            frame.render_widget(Paragraph::new(Span::styled("(Info prints a report)", style::dim(t))), page_inner);
        }
        let meaning = Rect::new(inner.x + 1, inner.y + STATUS_ROW, inner.width.saturating_sub(2), 1);
        frame.render_widget(Paragraph::new(lights_meaning(app)).style(style::text(t)), meaning);
        self.render_buttons(frame, inner, SCREENLESS_BUTTONS);
    }

    fn render_buttons(&self, frame: &mut Frame, inner: Rect, buttons: &[Button]) {
        let t = &self.app.theme;
        let held = self.app.printer.hold.is_some_and(|h| !h.fired);
        for b in buttons {
            let r = button_rect(inner, b);
            if r.bottom() > inner.bottom() || r.right() > inner.right() {
                continue;
            }
            let mut face = style::button(t);
            if held && matches!(b.action, Action::WifiTap | Action::WifiHold) {
                face = style::selected(t);
            }
            frame
                .render_widget(Line::from(Span::styled(format!("[{}]", b.face), face.add_modifier(Modifier::BOLD))), r);
            let hint = Rect::new(r.x, r.y + 1, r.width, 1);
            if hint.bottom() <= inner.bottom() {
                frame.render_widget(
                    Line::from(Span::styled(format!("{:^w$}", b.key, w = r.width as usize), style::dim(t))),
                    hint,
                );
            }
        }
    }
}

/// "Wi-Fi: Connected to HomeNet-5G2 · ▂▄▆█ · 192.168.1.57" and its siblings.
pub fn status_line(app: &App) -> String {
    let p = &app.printer;
    if !p.wireless_on {
        return "Wi-Fi: off".into();
    }
    if let Some(a) = &p.attempt {
        let how = match a.method {
            crate::app::printer::Method::PushButton => "push button",
            crate::app::printer::Method::Pin(_) => "PIN",
        };
        // The countdown is on the LCD; saying it twice would redraw twice a second.
        return format!("Wi-Fi: connecting by {how} · see the display");
    }
    match &p.link {
        Link::Connected { ssid, .. } => {
            format!("Wi-Fi: connected to {ssid} · ▂▄▆█ · {}", p.ip_text().unwrap_or_default())
        }
        Link::NotConnected => match &p.last_outcome {
            Some(o) if o.is_failure() => format!("Wi-Fi: not connected · last try: {}", o.report_line()),
            _ => "Wi-Fi: not connected · ready".into(),
        },
    }
}
