//! The help overlay on `?`: every key, from the key table; `?` again shows the questions
//! people arrive with, each answered with the scenario that shows it.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::overlays::centered;
use super::style;
use crate::app::HelpPage;
use crate::format::mmss;
use crate::keys::KEYS;
use crate::models::PrinterModel;
use crate::theme::Theme;

/// Drawn in the middle of the area given.
pub struct Help<'a> {
    pub page: HelpPage,
    /// The printer the answers are about (how long its PIN lasts, whether it has a screen).
    pub model: &'a PrinterModel,
    pub theme: &'a Theme,
}

/// The questions people arrive with: (question, answer, the scenario that shows it).
pub fn questions(model: &PrinterModel) -> Vec<(&'static str, String, &'static str)> {
    let validity = mmss(model.pin_validity.as_secs());
    let pin = if model.has_screen {
        "No: it appears on the printer's own screen when you choose PIN (Settings > Wireless > Wi-Fi Protected Setup > PIN).".to_string()
    } else {
        format!("This {} has no screen, so it has no PIN: it joins by push button.", model.name)
    };
    vec![
        ("Is the PIN printed on the printer?", pin, "pin"),
        ("What if I missed it?", "Choose PIN again: the printer shows a new one.".into(), "pin"),
        ("How long does it last?", format!("{validity} on this printer; then it is erased."), "pin"),
        ("Is it the same every time?", "No: every PIN is new, drawn at random.".into(), "pin"),
        (
            "Can I connect without it?",
            "Yes: hold the printer's Wi-Fi button, then press the router's WPS button.".into(),
            "pbc",
        ),
        (
            "Why is it not working?",
            "Expired, typed wrong, or WPS switched off at the router.".into(),
            "wrong-pin, wps-off",
        ),
        (
            "Offline since the Wi-Fi password changed?",
            "The printer keeps the old password: run WPS again to give it the new one.".into(),
            "password-changed",
        ),
        (
            "Do I need to call anyone for it?",
            "Never. The PIN is on your own printer; a pop-up asking you to call is a scam.".into(),
            "support-scam",
        ),
    ]
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let mut lines = vec![Line::from(Span::styled(
            "The PIN is always on your own printer's screen. Nobody needs to be called for it.",
            style::text(t),
        ))];
        lines.push(Line::from(""));
        let (title, footer, width) = match self.page {
            HelpPage::Keys => {
                for row in KEYS {
                    lines.push(Line::from(vec![
                        Span::styled(format!(" {:<18}", row.keys), style::colored(t, t.accent)),
                        Span::styled(row.does, style::text(t)),
                    ]));
                }
                (" Keys ", " ? the questions people ask · any other key closes", 84)
            }
            HelpPage::Questions => {
                for (question, answer, scenario) in questions(self.model) {
                    lines.push(Line::from(Span::styled(format!(" {question}"), style::colored(t, t.accent))));
                    for part in super::lcd::wrap(&answer, 94) {
                        lines.push(Line::from(Span::styled(format!("   {part}"), style::text(t))));
                    }
                    lines.push(Line::from(Span::styled(format!("   try it: scenario {scenario} (s)"), style::dim(t))));
                }
                (" Questions ", " ? or any other key closes", 100)
            }
        };
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(footer, style::dim(t))));
        let popup = centered(area, width.min(area.width), (lines.len() as u16 + 2).min(area.height));
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .block(Block::bordered().title(title).border_style(style::border(t, true)))
            .render(popup, buf);
    }
}
