//! The router pane: its front (LEDs, WPS button) and its admin page, like a home
//! router's web UI in a box: WPS status, add a device by push button or PIN, the
//! network, and the client list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use super::leds::LedLight;
use super::style;
use crate::app::led::Led;
use crate::app::router::{Control, Status};
use crate::app::{Action, App, Focus, seconds_left};
use crate::wps::message::format_mac;

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
    let bw = WPS_BUTTON.chars().count() as u16;
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
pub fn router_targets(_app: &App, pane: Rect) -> Vec<(Rect, Action)> {
    let p = parts(pane);
    vec![
        (p.wps_button, Action::RouterWpsButton),
        (push_rect(p.page_inner), Action::RouterWpsButton),
        (pin_rect(p.page_inner), Action::RouterSelect(Control::PinField)),
        (connect_rect(p.page_inner), Action::RouterConnect),
    ]
}

pub struct RouterPane<'a> {
    pub app: &'a App,
}

impl RouterPane<'_> {
    pub fn render(&self, frame: &mut Frame, area: Rect) {
        let app = self.app;
        let t = &app.theme;
        let focused = app.focus == Focus::Router;
        let title = format!(" Router · {} ", crate::models::ROUTER_NAME);
        style::frame_box(frame.buffer_mut(), area, &title, style::border(t, focused));
        let p = parts(area);
        if p.page_inner.height < 6 {
            return;
        }

        // The front: four LEDs and the WPS button.
        let now = app.now;
        let wps_led = app.router.wps_led;
        let mut spans = Vec::new();
        for (led, color, label) in [
            (Led::On, t.led_power, "Power"),
            (Led::On, t.led_power, "Internet"),
            (Led::On, t.led_wifi, "Wi-Fi"),
            (wps_led, t.led_wps, "WPS"),
        ] {
            spans.extend(LedLight { led, color, label, now, theme: t, words: false }.spans());
            spans.push(Span::raw("  "));
        }
        frame.render_widget(Line::from(spans), p.front);
        frame.render_widget(
            Line::from(Span::styled(WPS_BUTTON, style::button(t).add_modifier(Modifier::BOLD))),
            p.wps_button,
        );
        let hint = Rect::new(p.wps_button.x, p.wps_button.y + 1, p.wps_button.width, 1);
        frame.render_widget(Line::from(Span::styled("   b   ", style::dim(t))), hint);

        // The admin page.
        style::frame_box(frame.buffer_mut(), p.page, " http://192.168.1.1 · Wireless › WPS ", style::dim(t));
        let pi = p.page_inner;
        let row = |r: u16| Rect::new(pi.x + 1, pi.y + r, pi.width.saturating_sub(2), 1);
        let label = |text: &str| Span::styled(format!("{text:<w$}", w = LABEL_W as usize), style::dim(t));

        let (word, detail) = status_text(app);
        let word_style = match app.router.status {
            Status::Success => style::success(t),
            Status::Failed | Status::TimedOut | Status::Overlap | Status::Disabled => style::failure(t),
            _ => style::text(t).add_modifier(Modifier::BOLD),
        };
        frame.render_widget(
            Line::from(vec![label("WPS status"), Span::styled(word, word_style), Span::styled(detail, style::text(t))]),
            row(ROW_STATUS),
        );
        frame.render_widget(
            Line::from(vec![label(""), Span::styled(adding_line(app), style::dim(t))]),
            row(ROW_STATUS + 1),
        );

        let sel = |c: Control| if focused && app.router.selected == c { style::selected(t) } else { style::button(t) };
        frame.render_widget(
            Line::from(vec![
                label("Add device"),
                Span::styled("[ Push Button (Recommended) ]", sel(Control::PushButton)),
            ]),
            row(ROW_PUSH),
        );
        let typed = &app.router.pin_input;
        let cursor = if focused && app.router.selected == Control::PinField { "▏" } else { " " };
        frame.render_widget(
            Line::from(vec![
                label(""),
                Span::styled("PIN ", style::text(t)),
                Span::styled(format!("[{:<11}{cursor}]", typed), sel(Control::PinField)),
                Span::raw("  "),
                Span::styled("[ Connect ]", sel(Control::Connect)),
            ]),
            row(ROW_PIN),
        );
        if let Some(n) = &app.router.notice {
            let s = if n.error { style::failure(t) } else { style::text(t) };
            let width = pi.width.saturating_sub(2);
            for (i, line) in super::lcd::wrap(&n.text, usize::from(width)).iter().take(2).enumerate() {
                frame.buffer_mut().set_stringn(pi.x + 1, pi.y + ROW_NOTICE + i as u16, line, usize::from(width), s);
            }
        }
        let net = format!("{} · {}", app.setup.ssid, app.setup.security.label());
        frame.render_widget(Line::from(vec![label("Network"), Span::styled(net, style::text(t))]), row(ROW_NETWORK));
        frame.render_widget(
            Line::from(vec![
                label("Clients"),
                Span::styled(format!("{} connected", app.router.clients.len()), style::dim(t)),
            ]),
            row(ROW_CLIENTS),
        );
        for (i, c) in app.router.clients.iter().enumerate() {
            let r = ROW_CLIENTS + 1 + i as u16;
            if r >= pi.height {
                break;
            }
            let ip = format!("{}.{}.{}.{}", c.ip[0], c.ip[1], c.ip[2], c.ip[3]);
            let is_printer = c.mac == app.ids.printer_mac;
            let s = if is_printer { style::success(t).add_modifier(Modifier::BOLD) } else { style::text(t) };
            frame.render_widget(
                Line::from(Span::styled(format!("  {:<13}{}  {ip}", c.name, format_mac(&c.mac)), s)),
                row(r),
            );
        }
    }
}

/// The status word and its detail: "Active · 1:58 left".
pub fn status_text(app: &App) -> (String, String) {
    let r = &app.pair.registrar;
    let status = app.router.status;
    let detail = match status {
        Status::Active => {
            let deadline = r.pbc_deadline().or(r.pin_deadline());
            match deadline {
                Some(d) => {
                    let left = seconds_left(d, app.now);
                    format!(" · {}:{:02} left", left / 60, left % 60)
                }
                None if r.busy() => " · registering".into(),
                None => String::new(),
            }
        }
        Status::Disabled => " · WPS is off (see below)".into(),
        _ => String::new(),
    };
    (status.word().to_string(), detail)
}

/// The line a home router's page shows under the status (D-Link's "Adding wireless device").
fn adding_line(app: &App) -> String {
    if app.setup.wps_unavailable().is_some() {
        return "WPS is not available with these settings.".into();
    }
    match app.router.status {
        Status::Idle => "Choose Push Button, or enter a PIN.".into(),
        Status::Active if app.pair.registrar.busy() => "Adding wireless device: registering...".into(),
        Status::Active => "Adding wireless device: Started.".into(),
        Status::Success => "Adding wireless device: Succeeded.".into(),
        Status::Failed => "Fail due to WPS message exchange error!".into(),
        Status::TimedOut => "Adding wireless device: Session Time-Out.".into(),
        Status::Overlap => "Fail due to WPS session overlap!".into(),
        Status::Disabled => String::new(),
    }
}
