//! The router pane: its LEDs and WPS button, and its admin page (status, push button, PIN
//! field, notices, network and client list).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Widget};

use super::leds::LedLight;
use super::style;
use crate::app::RouterAction;
use crate::app::led::Led;
use crate::app::router::{Control, Router, Status};
use crate::format::countdown;
use crate::theme::Theme;
use crate::wps::message::Mac;
use crate::wps::time::Time;

const WPS_BUTTON: &str = "[ WPS ]";
/// Rows inside the admin page box.
const ROW_STATUS: u16 = 0;
const ROW_PUSH: u16 = 2;
const ROW_PIN: u16 = 3;
const ROW_NOTICE: u16 = 4;
const ROW_NETWORK: u16 = 6;
const ROW_CLIENTS: u16 = 7;
const LABEL_W: u16 = 13;

struct Parts {
    front: Rect,
    wps_button: Rect,
    page: Rect,
    page_inner: Rect,
}

fn parts(pane: Rect) -> Parts {
    let inner = Block::bordered().inner(pane);
    let front = Rect::new(inner.x + 1, inner.y, inner.width.saturating_sub(2), 1);
    let bw = crate::text::width(WPS_BUTTON) as u16;
    let wps_button = Rect::new(front.right().saturating_sub(bw + 2), front.y, bw, 1);
    let page = Rect::new(inner.x, inner.y + 2, inner.width, inner.height.saturating_sub(2));
    let page_inner = Block::bordered().inner(page);
    Parts { front, wps_button, page, page_inner }
}

fn push_rect(pi: Rect) -> Rect {
    Rect::new(pi.x + 1 + LABEL_W, pi.y + ROW_PUSH, 31, 1)
}

fn pin_rect(pi: Rect) -> Rect {
    Rect::new(pi.x + 1 + LABEL_W + 4, pi.y + ROW_PIN, 14, 1)
}

fn connect_rect(pi: Rect) -> Rect {
    Rect::new(pi.x + 1 + LABEL_W + 20, pi.y + ROW_PIN, 11, 1)
}

/// Click targets: the WPS button on the front, and the page's controls.
pub fn router_targets(pane: Rect) -> Vec<(Rect, RouterAction)> {
    let p = parts(pane);
    vec![
        (p.wps_button, RouterAction::WpsButton),
        (push_rect(p.page_inner), RouterAction::WpsButton),
        (pin_rect(p.page_inner), RouterAction::Select(Control::PinField)),
        (connect_rect(p.page_inner), RouterAction::Connect),
    ]
}

/// The whole router pane.
pub struct RouterPane<'a> {
    pub router: &'a Router,
    pub now: Time,
    pub theme: &'a Theme,
    pub focused: bool,
    /// The printer's address, highlighted in the client list.
    pub printer_mac: Mac,
    /// Where the page is served to a browser, and the admin password on the router's label.
    pub web: Option<(&'a str, &'a str)>,
    /// The printer's PIN as the learner reads it off the printer, when the printer's pane is
    /// out of sight (a small terminal shows one pane): said on this pane's bottom edge, so
    /// the PIN can be typed without Tabbing back and forth.
    pub printer_pin: Option<String>,
}

impl Widget for RouterPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (router, t, focused) = (self.router, self.theme, self.focused);
        let title = format!(" Router · {} ", router.model.name);
        style::frame_box(buf, area, &title, style::border(t, focused));
        if let Some(pin) = &self.printer_pin
            && area.height > 2
        {
            let room = usize::from(area.width.saturating_sub(4));
            let text = crate::text::ellipsis(&format!(" {pin} "), room);
            buf.set_stringn(area.x + 2, area.bottom() - 1, text, room, style::colored(t, t.accent));
        }
        let p = parts(area);
        if p.page_inner.height < 6 {
            return;
        }

        // The front: four LEDs and the WPS button.
        let now = self.now;
        let wps_led = router.wps_led;
        let mut spans = Vec::new();
        let mut x = p.front.x;
        for (led, color, label) in [
            (Led::On, t.led_power, "Power"),
            (Led::On, t.led_power, "Internet"),
            (Led::On, t.led_wifi, "Wi-Fi"),
            (wps_led, t.led_wps, "WPS"),
        ] {
            // Without colour every light is said in words, as the printer's are: the WPS
            // light's after it, the steady ones under their names (the row has no room).
            let words = t.monochrome && label == "WPS";
            if t.monochrome && label != "WPS" && x + 2 < p.front.right() && p.front.y + 1 < area.bottom() {
                buf.set_stringn(x + 2, p.front.y + 1, led.describe(), 3, style::dim(t));
            }
            let light = LedLight { led, color, label, now, theme: t, words }.spans();
            x += light.iter().map(|s| s.width() as u16).sum::<u16>() + 2;
            spans.extend(light);
            spans.push(Span::raw("  "));
        }
        Line::from(spans).render(p.front, buf);
        Line::from(Span::styled(WPS_BUTTON, style::button(t).add_modifier(Modifier::BOLD))).render(p.wps_button, buf);
        let hint = Rect::new(p.wps_button.x, p.wps_button.y + 1, p.wps_button.width, 1);
        Line::from(Span::styled("   b   ", style::dim(t))).render(hint, buf);

        // The admin page.
        let url = match self.web {
            // Served to a browser: the address to type and the password off the label.
            Some((addr, password)) => format!(" http://{addr} · label password {password} "),
            None => format!(" http://{} · Wireless › WPS ", router.model.lan_address),
        };
        style::frame_box(buf, p.page, &url, style::dim(t));
        let pi = p.page_inner;
        let row = |r: u16| Rect::new(pi.x + 1, pi.y + r, pi.width.saturating_sub(2), 1);
        let label = |text: &str| Span::styled(format!("{text:<w$}", w = LABEL_W as usize), style::dim(t));

        RouterStatus { router, now, theme: t }.render(row(ROW_STATUS), buf);
        // What does not fit ends in "…", not in a cut word.
        let room = usize::from(pi.width.saturating_sub(2 + LABEL_W));
        let adding = adding_line(router);
        // Why WPS cannot run is the key sentence of the page: when it does not fit its line,
        // it is said whole in the note rows below (unless a notice already says it).
        let why_below = router.setup.wps_unavailable().filter(|_| crate::text::width(&adding) > room);
        let full = usize::from(pi.width.saturating_sub(2));
        let line = match why_below {
            Some(_) => Line::from(vec![label(""), Span::styled("Not available: see below.", style::dim(t))]),
            // A status that does not fit beside the labels starts under them, whole
            // ("Adding wireless device: Started." at 100 columns), rather than end in "…".
            None if crate::text::width(&adding) > room => {
                Line::from(Span::styled(crate::text::ellipsis(&adding, full), style::dim(t)))
            }
            None => Line::from(vec![label(""), Span::styled(adding, style::dim(t))]),
        };
        line.render(row(ROW_STATUS + 1), buf);

        let sel = |c: Control| if focused && router.selected == c { style::selected(t) } else { style::button(t) };
        Line::from(vec![label("Add device"), Span::styled("[ Push Button (Recommended) ]", sel(Control::PushButton))])
            .render(row(ROW_PUSH), buf);
        let typed = &router.pin_input;
        let cursor = if focused && router.selected == Control::PinField { "▏" } else { " " };
        Line::from(vec![
            label(""),
            Span::styled("PIN ", style::text(t)),
            Span::styled(format!("[{:<11}{cursor}]", typed), sel(Control::PinField)),
            Span::raw("  "),
            Span::styled("[ Connect ]", sel(Control::Connect)),
        ])
        .render(row(ROW_PIN), buf);
        let note = match (&router.notice, why_below) {
            (Some(n), _) => Some((n.text(), n.is_error())),
            (None, Some(why)) => Some((why.to_string(), true)),
            (None, None) => None,
        };
        if let Some((text, is_error)) = note {
            let s = if is_error { style::failure(t) } else { style::text(t) };
            let width = pi.width.saturating_sub(2);
            // Two rows; a notice longer than that ends in "…" rather than stopping mid-sentence.
            let mut rows = crate::text::wrap(&text, usize::from(width));
            if rows.len() > 2 {
                rows[1] = crate::text::ellipsis(&rows[1..].join(" "), usize::from(width));
            }
            for (i, line) in rows.iter().take(2).enumerate() {
                buf.set_stringn(pi.x + 1, pi.y + ROW_NOTICE + i as u16, line, usize::from(width), s);
            }
        }
        let net = format!("{} · {}", router.setup.ssid, router.setup.security.label());
        let net = crate::text::ellipsis(&net, room);
        Line::from(vec![label("Network"), Span::styled(net, style::text(t))]).render(row(ROW_NETWORK), buf);
        // The printer is the client a learner looks for: it comes first when not all fit, and
        // on a page with no room for the list it is named on the Clients line itself.
        let mut clients: Vec<_> = router.clients.iter().collect();
        clients.sort_by_key(|c| c.mac != self.printer_mac);
        let rows = usize::from(pi.height.saturating_sub(ROW_CLIENTS + 1));
        let mut summary = format!("{} connected", router.clients.len());
        if rows < clients.len()
            && let Some(printer) = router.clients.iter().find(|c| c.mac == self.printer_mac)
        {
            summary.push_str(&format!(" · {} {}", printer.name, printer.ip));
        }
        let summary = crate::text::ellipsis(&summary, room);
        Line::from(vec![label("Clients"), Span::styled(summary, style::dim(t))]).render(row(ROW_CLIENTS), buf);
        if rows < clients.len() {
            clients.truncate(rows);
        } else {
            clients = router.clients.iter().collect();
        }
        for (i, c) in clients.into_iter().enumerate() {
            let r = ROW_CLIENTS + 1 + i as u16;
            let is_printer = c.mac == self.printer_mac;
            let s = if is_printer { style::success(t).add_modifier(Modifier::BOLD) } else { style::text(t) };
            // The address a learner looks for comes first: on a narrow page the MAC goes.
            let full = format!("  {:<13}{}  {}", c.name, c.mac, c.ip);
            let fits = crate::text::width(&full) <= usize::from(pi.width.saturating_sub(2));
            let text = if fits { full } else { format!("  {:<13}{}", c.name, c.ip) };
            Line::from(Span::styled(text, s)).render(row(r), buf);
        }
    }
}

/// The page's status row: "WPS status   Active · 1:58 left".
pub struct RouterStatus<'a> {
    pub router: &'a Router,
    pub now: Time,
    pub theme: &'a Theme,
}

impl Widget for RouterStatus<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let (word, detail) = status_text(self.router, self.now);
        let word_style = match self.router.status {
            Status::Success => style::success(t),
            Status::Failed | Status::TimedOut | Status::Overlap | Status::Disabled => style::failure(t),
            _ => style::text(t).add_modifier(Modifier::BOLD),
        };
        let label = Span::styled(format!("{:<w$}", "WPS status", w = LABEL_W as usize), style::dim(t));
        Line::from(vec![label, Span::styled(word, word_style), Span::styled(detail, style::text(t))]).render(area, buf);
    }
}

/// The status word and its detail: "Active · 1:58 left".
pub fn status_text(router: &Router, now: Time) -> (String, String) {
    let status = router.status;
    let detail = match status {
        Status::Active => match router.countdown() {
            Some(d) => format!(" · {} left", countdown(d, now)),
            None if !router.registering.is_empty() => " · registering".into(),
            None => String::new(),
        },
        Status::Disabled => " · WPS is off".into(),
        _ => String::new(),
    };
    (status.word().to_string(), detail)
}

/// The line a home router's page shows under the status (D-Link's "Adding wireless device").
/// The line under the status word; the web page says the same.
pub fn adding_line(router: &Router) -> String {
    if let Some(why) = router.setup.wps_unavailable() {
        return why.to_string();
    }
    match router.status {
        Status::Idle => "Choose Push Button, or enter a PIN.".into(),
        Status::Active if !router.registering.is_empty() => "Adding wireless device: registering...".into(),
        Status::Active => "Adding wireless device: Started.".into(),
        Status::Success => "Adding wireless device: Succeeded.".into(),
        Status::Failed => "Fail due to WPS message exchange error!".into(),
        Status::TimedOut => "Adding wireless device: Session Time-Out.".into(),
        Status::Overlap => "Fail due to WPS session overlap!".into(),
        Status::Disabled => String::new(),
    }
}
