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
use crate::keys::layers::LAYERS;
use crate::sim::models::PrinterModel;
use crate::theme::Theme;

/// Drawn in the middle of the area given.
pub struct Help<'a> {
    pub page: HelpPage,
    /// Lines scrolled off the top (when the help is taller than the terminal).
    pub scroll: u16,
    /// The printer the answers are about (how long its PIN lasts, whether it has a screen).
    pub model: &'a PrinterModel,
    pub theme: &'a Theme,
}

/// What the help says first, true of this printer: where its PIN is, and that nobody needs
/// to be called for it.
pub fn first_line(model: &PrinterModel) -> &'static str {
    if model.has_screen() {
        "The PIN is always on your own printer's screen. Nobody needs to be called for it."
    } else {
        "This printer has no screen: its PIN comes on a page it prints (hold Wi-Fi and press Info). Nobody needs to be called for it."
    }
}

/// The questions people arrive with: (question, answer, the scenarios that show it on this
/// printer; none when it can run none of them).
pub fn questions(model: &PrinterModel) -> Vec<(&'static str, String, Vec<&'static str>)> {
    let validity = mmss(model.pin_validity.as_secs());
    let pin = if model.has_screen() {
        format!(
            "No: it appears on the printer's own screen when you choose PIN ({} > Wi-Fi Protected Setup > PIN).",
            model.wireless_path()
        )
    } else {
        format!(
            "Not on its case: this {} has no screen, so hold its Wi-Fi button and press Info (I) and it prints a page with a new PIN.",
            model.name
        )
    };
    let answers: Vec<(&str, String, &[&str])> = vec![
        ("Is the PIN printed on the printer?", pin, &["pin"]),
        (
            "What if I missed it?",
            if model.has_screen() {
                "Choose PIN again: the printer shows a new one.".into()
            } else {
                "Print the PIN page again: it carries a new one.".into()
            },
            &["pin"],
        ),
        (
            "How long does it last?",
            format!("{validity} on this printer (it differs by model); then it is erased."),
            &["pin-expired", "too-late"],
        ),
        ("Is it the same every time?", "No: every PIN is new, drawn at random.".into(), &["pin"]),
        (
            "Can I connect without it?",
            if model.has_wifi_button() {
                "Yes: hold the printer's Wi-Fi button, then press the router's WPS button.".into()
            } else {
                "Yes: choose Push Button on the printer's screen, then press the router's WPS button.".into()
            },
            &["pbc"],
        ),
        (
            "Why is it not working?",
            "Expired, typed wrong, the router's button not pressed in time, another device pushing too, or WPS switched off at the router.".into(),
            &["wrong-pin", "too-late", "overlap", "wps-off"],
        ),
        (
            "Offline since the Wi-Fi password changed?",
            "The printer keeps the old password: run WPS again to give it the new one.".into(),
            &["password-changed"],
        ),
        (
            "Do I need to call anyone for it?",
            "Never. The PIN comes from your own printer; a pop-up asking you to call is a scam.".into(),
            &["support-scam"],
        ),
        (
            crate::ui::overlays::LABEL_QUESTION,
            "No: that is the router's own PIN, for a computer setting up the router. Your printer's PIN comes from the printer. (L shows the label.)".into(),
            &[],
        ),
        (
            "Router or computer: where does the PIN go?",
            "Either: the router's page, or a computer on the home network (\"Add a device\"), through the router.".into(),
            &["computer", "computer-guest"],
        ),
    ];
    // At most two, to keep the line short; every printer runs every scenario.
    answers.into_iter().map(|(q, a, ids)| (q, a, ids.iter().copied().take(2).collect())).collect()
}

impl Widget for Help<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let width = match self.page {
            HelpPage::Keys => 84,
            HelpPage::Questions | HelpPage::Messages => 100,
        }
        .min(area.width);
        // Long lines wrap inside the box, under their own column: never a word cut at the edge.
        let inner = usize::from(width.saturating_sub(2)).max(20);
        let mut lines: Vec<Line> = crate::text::wrap(first_line(self.model), inner)
            .into_iter()
            .map(|l| Line::from(Span::styled(l, style::text(t))))
            .collect();
        lines.push(Line::from(""));
        let (title, footer) = match self.page {
            HelpPage::Keys => {
                let mut row = |keys: &str, does: &str| {
                    if does.is_empty() {
                        // A heading, with a blank line before it.
                        lines.push(Line::from(""));
                        lines.push(Line::from(Span::styled(format!(" {keys}"), style::colored(t, t.accent))));
                        return;
                    }
                    let parts = crate::text::wrap(does, inner.saturating_sub(19).max(10));
                    for (i, part) in parts.into_iter().enumerate() {
                        let keys = if i == 0 { format!(" {keys:<18}") } else { " ".repeat(19) };
                        lines.push(Line::from(vec![
                            Span::styled(keys, style::colored(t, t.accent)),
                            Span::styled(part, style::text(t)),
                        ]));
                    }
                };
                for r in KEYS {
                    row(r.keys, r.does);
                }
                // What the keys do over the panel: the same tables input reads.
                for layer in LAYERS {
                    row(&format!("{}:", layer.heading), "");
                    for r in layer.rows {
                        row(&format!("  {}", r.keys), r.does);
                    }
                }
                (" Keys ", "? the questions people ask · any other key closes")
            }
            HelpPage::Questions => {
                for (question, answer, scenarios) in questions(self.model) {
                    for part in crate::text::wrap(question, inner.saturating_sub(1)) {
                        lines.push(Line::from(Span::styled(format!(" {part}"), style::colored(t, t.accent))));
                    }
                    for part in crate::text::wrap(&answer, inner.saturating_sub(3)) {
                        lines.push(Line::from(Span::styled(format!("   {part}"), style::text(t))));
                    }
                    if !scenarios.is_empty() {
                        let try_it = format!("   try it: scenario {} (s)", scenarios.join(", "));
                        lines.push(Line::from(Span::styled(try_it, style::dim(t))));
                    }
                }
                (" Questions ", "? what each message means · any other key closes")
            }
            HelpPage::Messages => {
                let name_w = 30;
                for (name, what) in crate::trace::ladder::LEGEND {
                    let parts = crate::text::wrap(what, inner.saturating_sub(name_w + 1).max(10));
                    for (i, part) in parts.into_iter().enumerate() {
                        let head = if i == 0 { format!(" {name:<w$}", w = name_w) } else { " ".repeat(name_w + 1) };
                        lines.push(Line::from(vec![
                            Span::styled(head, style::colored(t, t.accent)),
                            Span::styled(part, style::text(t)),
                        ]));
                    }
                }
                (" Messages on the ladder ", "? or any other key closes")
            }
        };
        let height = (lines.len() as u16 + 4).min(area.height);
        // Taller than the terminal: the arrows scroll, and the last line says so.
        let room = usize::from(height.saturating_sub(4));
        let scroll = usize::from(self.scroll).min(lines.len().saturating_sub(room));
        let more = lines.len() > room;
        let mut shown: Vec<Line> = lines.into_iter().skip(scroll).take(room).collect();
        shown.push(Line::from(""));
        let footer = if more { format!("↑↓ scroll · {footer}") } else { footer.to_string() };
        for part in crate::text::wrap(&footer, inner.saturating_sub(1)).into_iter().take(1) {
            shown.push(Line::from(Span::styled(format!(" {part}"), style::dim(t))));
        }
        let popup = centered(area, width, height);
        style::clear(buf, popup, t);
        Paragraph::new(shown)
            .block(Block::bordered().title(title).border_style(style::border(t, true)))
            .render(popup, buf);
    }
}
