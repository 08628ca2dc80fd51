//! The guide (`--guide`): the next step for the learner, and each outcome in plain words.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::style;
use crate::app::printer::{Method, Outcome, Screen};
use crate::app::router::Status;
use crate::app::{App, Focus};

pub struct Guide<'a> {
    pub app: &'a App,
}

/// (what to do next, what just happened)
pub fn advice(app: &App) -> (String, Option<String>) {
    let s = app.scenario;
    if app.scam_popup {
        return (
            "Close the pop-up (Esc) and do not call anyone.".into(),
            Some(
                "Nothing on a printer ever asks you to phone for its PIN: the PIN is on the printer's own screen."
                    .into(),
            ),
        );
    }
    if let Some(why) = app.setup.wps_unavailable()
        && app.router.notice.is_some()
    {
        return (
            "Read the router's page: it says why WPS cannot start. The printer will wait, then time out.".into(),
            Some(format!("{why} {}", s.lesson)),
        );
    }
    if let Screen::Result(outcome) = &app.printer.screen {
        let what = match outcome {
            Outcome::Connected { ssid } => format!(
                "The printer received the network settings for {ssid} inside M8, encrypted with a key only it and the router know, and joined."
            ),
            Outcome::WrongPin { half: 1 } => "The printer compared the router's proof of the first four digits (R-Hash1 in M4) with its own PIN: they differ, so it stopped with configuration error 18.".into(),
            Outcome::WrongPin { .. } => "The first four digits matched, the last four did not (R-Hash2, checked after M6): configuration error 18.".into(),
            Outcome::Timeout => "No registration finished within the 2-minute walk time.".into(),
            Outcome::Overlap => "The router saw more than one device in push-button mode and answered M2D with configuration error 12.".into(),
            Outcome::PinExpired => "The PIN was only valid for a limited time; it has been erased.".into(),
            Outcome::Failed(why) => format!("The exchange stopped: {why}."),
        };
        let lesson = if s.lesson.is_empty() { String::new() } else { format!(" {}", s.lesson) };
        return (
            "Press OK (Enter) on the printer to go back, or s to pick another scenario.".into(),
            Some(format!("{what}{lesson}")),
        );
    }
    if let Some(a) = &app.printer.attempt {
        let router_ready = app.router.status == Status::Active;
        let next = match (&a.method, app.exchanging()) {
            (_, Some(n)) => {
                format!("Printer and router are exchanging keys: M{n} of M8. Watch the ladder; nothing to press.")
            }
            (Method::PushButton, _) if !router_ready => {
                "Now press the router's WPS button (b) within 2 minutes.".into()
            }
            (Method::Pin(_), _) if !app.pair.registrar.has_pin() => {
                let tab = if app.focus == Focus::Router { "" } else { "Tab to the router, " };
                format!("{tab}type the PIN shown on the printer's screen, then press Enter (Connect).")
            }
            _ => "The router is ready; the printer is finding it. Wait a moment.".into(),
        };
        return (next, None);
    }
    (s.steps.first().copied().unwrap_or_default().to_string(), None)
}

impl Widget for Guide<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = &self.app.theme;
        let (next, what) = advice(self.app);
        let mut lines = vec![Line::from(vec![
            Span::styled("Next: ", style::colored(t, t.accent)),
            Span::styled(next, style::text(t)),
        ])];
        if let Some(what) = what {
            lines.push(Line::from(vec![
                Span::styled("Why: ", style::colored(t, t.accent)),
                Span::styled(what, style::text(t)),
            ]));
        }
        let title = format!(" Guide · {} ", self.app.scenario.title);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(title).border_style(style::border(t, false)))
            .render(area, buf);
    }
}
