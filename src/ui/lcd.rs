//! The printer's LCD: a fixed character grid with its own backlight colour. Row 0 is
//! the status bar, row 1 the title, the rest the body.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use crate::app::printer::{
    FailReason, JoinStep, LCD_BODY_ROWS as BODY_ROWS, Link, Method, Outcome, PasswordSource, Printer, Screen,
};
use crate::format::{countdown, span};
use crate::text::{ellipsis, wrap};
use crate::theme::Theme;
use crate::wps::time::Time;

pub const COLS: u16 = 26;
pub const ROWS: u16 = 6;

/// The printer's LCD at one instant.
pub struct Lcd<'a> {
    pub printer: &'a Printer,
    pub now: Time,
    pub theme: &'a Theme,
    /// Class mode: a password being typed shows as dots.
    pub masked: bool,
}

/// What the LCD shows: a title and up to four body lines; `highlight` marks a menu row.
pub struct Content {
    pub title: String,
    pub body: Vec<String>,
    pub highlight: Option<usize>,
}

/// A progress bar of `width` squares, `done` of `total` filled.
pub fn bar(done: u64, total: u64, width: usize) -> String {
    let filled = ((done.min(total) * width as u64) / total.max(1)) as usize;
    format!("{}{}", "■".repeat(filled), "□".repeat(width - filled))
}

impl Lcd<'_> {
    pub fn status_bar(&self) -> String {
        let (left, right) = self.status_parts();
        let pad = (COLS as usize).saturating_sub(crate::text::width(left) + crate::text::width(right));
        format!("{left}{}{right}", " ".repeat(pad))
    }

    /// The status bar's two ends: the state in words, and the signal.
    pub fn status_parts(&self) -> (&'static str, &'static str) {
        let p = self.printer;
        if !p.wireless_on {
            ("Wi-Fi off", "")
        } else if p.attempt.is_some() {
            ("Connecting", "((·))")
        } else {
            match &p.link {
                Link::Connected { .. } => ("Connected", "▂▄▆█"),
                Link::Joining { .. } => ("Connecting", "((·))"),
                Link::NotConnected => ("Ready", "Wi-Fi ✗"),
            }
        }
    }

    pub fn content(&self) -> Content {
        let p = self.printer;
        let now = self.now;
        if let Some(h) = p.hold.filter(|h| !h.fired) {
            let held = now.saturating_sub(h.started).min(p.model.hold_time);
            let total = p.model.hold_time.as_millis() as u64;
            return Content {
                title: "Wi-Fi button".into(),
                body: vec![
                    "Keep holding to start".into(),
                    "push-button mode...".into(),
                    format!("{} {:.1}s", bar(held.as_millis() as u64, total, 10), held.as_secs_f32()),
                ],
                highlight: None,
            };
        }
        let s = |v: &[&str]| v.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        match &p.screen {
            Screen::Menu => {
                let menu = p.cursor.menu();
                let sel = p.cursor.selected();
                let first = sel.saturating_sub(BODY_ROWS - 1).min(menu.items.len().saturating_sub(BODY_ROWS));
                let mut body: Vec<String> =
                    menu.items.iter().skip(first).take(BODY_ROWS).map(|(label, _)| label.to_string()).collect();
                // More above or below than the screen holds: a mark says so, as on the pages
                // (in the last column, after the selection mark's two).
                if first > 0
                    && let Some(top) = body.first_mut()
                {
                    *top = format!("{top:<23}▲");
                }
                if first + BODY_ROWS < menu.items.len()
                    && let Some(last) = body.last_mut()
                {
                    *last = format!("{last:<23}▼");
                }
                let title =
                    if p.cursor.depth() == 1 { p.model.name.to_string() } else { fit_path(&p.cursor.breadcrumb()) };
                Content { title, body, highlight: Some(sel - first) }
            }
            Screen::Info { title, lines, scroll } => {
                let mut body: Vec<String> = lines.iter().skip(*scroll).take(BODY_ROWS).cloned().collect();
                if lines.len() > scroll + BODY_ROWS
                    && let Some(last) = body.last_mut()
                {
                    *last = format!("{last:<24}▼");
                }
                Content { title: title.clone(), body, highlight: None }
            }
            Screen::ConfirmRestore => Content {
                title: "Restore Network".into(),
                body: s(&["Erase the Wi-Fi settings", "of this printer?", "", "OK: Yes     Back: No"]),
                highlight: None,
            },
            Screen::ConfirmWireless => {
                let (now, change) = if p.wireless_on { ("On", "Off") } else { ("Off", "On") };
                Content {
                    title: "Wireless".into(),
                    body: vec![
                        format!("Wireless is {now}."),
                        String::new(),
                        format!("OK: turn it {change}"),
                        format!("Back: keep it {now}"),
                    ],
                    highlight: None,
                }
            }
            Screen::Attempt => self.attempt_content(),
            Screen::WizardNetworks { networks, selected } => {
                let first = selected.saturating_sub(BODY_ROWS - 1);
                let body = networks.iter().skip(first).take(BODY_ROWS).cloned().collect();
                Content { title: "Choose your network".into(), body, highlight: Some(selected - first) }
            }
            Screen::WizardName { typed } => {
                let room = COLS as usize - 1;
                let chars: Vec<char> = typed.chars().collect();
                let shown: String = chars[chars.len().saturating_sub(room)..].iter().collect();
                Content {
                    title: "Network name".into(),
                    body: vec![
                        "Type it exactly:".into(),
                        format!("{shown}▏"),
                        if typed.is_empty() { "Capitals count." } else { "OK: next" }.into(),
                        "⌫ delete · Esc cancel".into(),
                    ],
                    highlight: None,
                }
            }
            Screen::WizardPassword { ssid, typed } => {
                // The last characters typed are shown, as printers do, so mistakes can be seen.
                let room = COLS as usize - 1;
                let chars: Vec<char> =
                    if self.masked { typed.chars().map(|_| '•').collect() } else { typed.chars().collect() };
                let shown: String = chars[chars.len().saturating_sub(room)..].iter().collect();
                let hint = if typed.len() < 8 { "At least 8 characters" } else { "OK: connect" };
                Content {
                    title: "Wi-Fi password".into(),
                    body: vec![
                        crate::text::ellipsis(&format!("for {ssid}"), COLS as usize),
                        format!("{shown}▏"),
                        hint.into(),
                        "⌫ delete · Esc cancel".into(),
                    ],
                    highlight: None,
                }
            }
            Screen::Joining => {
                let (ssid, step) = match &p.link {
                    Link::Joining { ssid, step } => (ssid.clone(), Some(*step)),
                    Link::Connected { ssid, .. } => (ssid.clone(), None),
                    Link::NotConnected => (String::new(), None),
                };
                let doing = match step {
                    Some(JoinStep::Connecting) => "Checking the password...",
                    Some(JoinStep::ObtainingAddress) => "Obtaining IP address...",
                    None => "",
                };
                Content {
                    title: "Connecting".into(),
                    // A password typed in the wizard is no WPS: the screen says only what it does.
                    body: vec![
                        if p.password_from == PasswordSource::Wps { "WPS done. Joining" } else { "Joining" }.into(),
                        ssid,
                        String::new(),
                        doing.into(),
                    ],
                    highlight: None,
                }
            }
            Screen::Result(outcome) => result_content(outcome, p),
        }
    }

    fn attempt_content(&self) -> Content {
        let Some(a) = &self.printer.attempt else {
            return Content { title: "Wi-Fi Protected Setup".into(), body: vec![], highlight: None };
        };
        let left = countdown(a.deadline, self.now);
        let exchanging = self.printer.exchanging();
        let body = match (&a.method, exchanging) {
            (_, Some(n)) => vec![
                "Router found.".to_string(),
                "Exchanging keys...".to_string(),
                format!("M{n} of M8 {}", bar(u64::from(n), 8, 8)),
                "Cancel: stop".to_string(),
            ],
            (Method::PushButton, None) => vec![
                "Press the router's WPS".to_string(),
                format!("button within {}.", span(self.printer.model.walk_time)),
                String::new(),
                format!("Searching...      {left}"),
            ],
            (Method::Pin(pin), None) => vec![
                "Enter this PIN at the".to_string(),
                "router:".to_string(),
                format!("      {}", pin.grouped()),
                format!("PIN valid for     {left}"),
            ],
        };
        let title = match a.method {
            Method::PushButton => "Push Button",
            Method::Pin(_) => "WPS PIN",
        };
        Content { title: title.into(), body, highlight: None }
    }
}

fn result_content(outcome: &Outcome, printer: &Printer) -> Content {
    let s = |title: &str, v: &[&str]| Content {
        title: title.into(),
        body: v.iter().map(|l| l.to_string()).collect(),
        highlight: None,
    };
    match outcome {
        Outcome::Connected { ssid } => {
            let ip = printer.ip().map(|ip| ip.to_string()).unwrap_or_default();
            Content {
                title: "Success!".into(),
                body: vec![format!("Wi-Fi: {ssid}"), format!("IP: {ip}"), String::new(), "OK: continue".into()],
                highlight: None,
            }
        }
        Outcome::WrongPin { half: 1 } => s(
            "Incorrect PIN",
            &["The router's PIN does not", "match (first half).", "Show a new PIN; type it", "at the router. OK: back"],
        ),
        Outcome::WrongPin { .. } => s(
            "Incorrect PIN",
            &[
                "The router's PIN does not",
                "match (last 4 digits).",
                // The printer erased the PIN that failed: a new one is needed, as the
                // router's page says.
                "Show a new PIN; type it",
                "at the router. OK: back",
            ],
        ),
        Outcome::Timeout => s(
            "Timed out",
            &[
                "No router answered in",
                &format!("{}. Is the router", span(printer.model.walk_time)),
                "near, with WPS on? Then",
                "try again.",
            ],
        ),
        Outcome::Overlap => s(
            "Session overlap",
            &[
                "Two devices pressed WPS",
                "at the same time.",
                &format!("Wait {}, then", span(printer.model.walk_time)),
                "try again.",
            ],
        ),
        Outcome::WrongPassword(PasswordSource::Typed) => s(
            "Wi-Fi password wrong",
            &["The password typed is", "not the router's. Check", "its label, or use WPS.", "OK: back"],
        ),
        Outcome::WrongPassword(PasswordSource::Wps | PasswordSource::Remembered) => s(
            "Wi-Fi password wrong",
            &["Cannot connect: the Wi-Fi", "password has changed.", "Run WPS again to set", "it up. OK: back"],
        ),
        Outcome::PinExpired => {
            s("PIN expired", &["The PIN is no longer", "valid and was erased.", "", "OK: get a new PIN"])
        }
        Outcome::Failed(FailReason::NotFound { offered: Some(offer) }) => Content {
            title: "Wi-Fi not found".into(),
            body: vec![
                "The router now uses".into(),
                format!("{}, but", offer.name()),
                "the printer needs WPA2.".into(),
                "OK: back".into(),
            ],
            highlight: None,
        },
        Outcome::Failed(FailReason::NotFound { offered: None }) => Content {
            title: "Wi-Fi not found".into(),
            body: vec![
                "No network is in range".into(),
                ellipsis(&format!("named {}.", printer.known_ssid.as_deref().unwrap_or("?")), COLS as usize),
                "Run WPS to set it up.".into(),
                "OK: back".into(),
            ],
            highlight: None,
        },
        Outcome::Failed(why) => {
            let mut body = vec!["Connection failed:".to_string()];
            body.extend(wrap(&why.to_string(), COLS as usize).into_iter().take(2));
            body.push("OK: back".into());
            Content { title: "Wi-Fi error".into(), body, highlight: None }
        }
    }
}

/// A menu path that fits the LCD's width: its first levels give way to "…", never a word
/// cut in the middle ("… > Wi-Fi Protected Setup", not "Settings > Wireless > W").
pub fn fit_path(path: &str) -> String {
    fit_path_in(path, usize::from(COLS))
}

/// [`fit_path`] for a screen `width` cells wide.
pub fn fit_path_in(path: &str, width: usize) -> String {
    let mut levels: Vec<&str> = path.split(" > ").collect();
    let mut shown = path.to_string();
    while crate::text::width(&shown) > width && levels.len() > 1 {
        levels.remove(0);
        shown = format!("… > {}", levels.join(" > "));
    }
    ellipsis(&shown, width)
}

impl Widget for Lcd<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let (base, dim) = if t.monochrome {
            (Style::new(), Style::new().add_modifier(Modifier::DIM))
        } else {
            (Style::new().fg(t.lcd_text).bg(t.lcd_backlight), Style::new().fg(t.lcd_dim).bg(t.lcd_backlight))
        };
        let bezel = Style::new().fg(t.border);
        let w = (COLS + 2).min(area.width);
        let h = (ROWS + 2).min(area.height);
        // The bezel around the glass.
        super::style::frame_box_with(buf, Rect::new(area.x, area.y, w, h), "", bezel, ["╭", "╮", "╰", "╯"]);
        let glass = Rect::new(area.x + 1, area.y + 1, w.saturating_sub(2), h.saturating_sub(2));
        buf.set_style(glass, base);
        let put = |buf: &mut Buffer, row: u16, text: &str, style: Style| {
            if row < glass.height {
                let clipped: String = text.chars().take(glass.width as usize).collect();
                buf.set_string(
                    glass.x,
                    glass.y + row,
                    format!("{clipped:<width$}", width = glass.width as usize),
                    style,
                );
            }
        };
        if !self.printer.powered {
            // Switched off: the glass is dark and says nothing.
            buf.set_style(glass, Style::new().bg(ratatui::style::Color::Reset));
            return;
        }
        put(buf, 0, &self.status_bar(), dim);
        let content = self.content();
        put(buf, 1, &content.title, base.add_modifier(Modifier::BOLD));
        for (i, line) in content.body.iter().enumerate().take(BODY_ROWS) {
            let row = 2 + i as u16;
            if content.highlight == Some(i) {
                put(buf, row, &format!("▶ {line}"), base.add_modifier(Modifier::REVERSED));
            } else if content.highlight.is_some() {
                put(buf, row, &format!("  {line}"), base);
            } else {
                put(buf, row, line, base);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_menu_path_gives_way_from_the_front_and_never_cuts_a_word() {
        assert_eq!(fit_path("Settings > Wireless"), "Settings > Wireless");
        assert_eq!(fit_path("Settings > Wireless > Wi-Fi Protected Setup"), "… > Wi-Fi Protected Setup");
        assert_eq!(fit_path("A very long single menu title indeed"), "A very long single menu t…");
        assert_eq!(ellipsis("short", 10), "short");
        assert_eq!(ellipsis("a longer line", 8), "a longe…");
    }
}
