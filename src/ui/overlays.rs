//! Things drawn over the panel: the scenario picker, the router's wireless settings page and
//! the scenario's fake support pop-up.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use super::style;
use crate::app::settings::{RouterSettings, SettingRow};
use crate::keys::layers::Layer;
use crate::sim::models::PrinterModel;
use crate::sim::scenarios::{FICTIONAL_NUMBER, SCENARIOS};
use crate::theme::Theme;

/// A box of `width` x `height` in the middle of `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(area);
    let [r] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(row);
    r
}

/// The scenario picker, with `selected` highlighted; drawn in the middle of the area given.
/// Scenarios this printer model cannot run are marked.
pub struct ScenarioPicker<'a> {
    pub selected: usize,
    pub model: &'a PrinterModel,
    pub theme: &'a Theme,
}

impl Widget for ScenarioPicker<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        // The list, then the selected scenario's summary whole (two rows), then the keys.
        const DETAIL_ROWS: usize = 2;
        let popup =
            centered(area, 96.min(area.width), (SCENARIOS.len() as u16 + 3 + DETAIL_ROWS as u16).min(area.height));
        let room = usize::from(popup.width.saturating_sub(2));
        // A terminal too short for every scenario shows the rows around the selected one,
        // with a mark where more are above or below.
        let visible = usize::from(popup.height).saturating_sub(3 + DETAIL_ROWS).clamp(1, SCENARIOS.len());
        let first = self.selected.saturating_sub(visible - 1).min(SCENARIOS.len() - visible);
        let mut lines = Vec::new();
        for (i, s) in SCENARIOS.iter().enumerate().skip(first).take(visible) {
            let style = if i == self.selected { style::selected(t) } else { style::text(t) };
            // Summaries name no control, so they are true on every printer.
            let summary = s.summary;
            // What does not fit the box ends in "…", not in a cut word; the selected one is
            // said whole below the list.
            let row = format!(" {:<w$} {:<32} {}", s.id, s.title, summary, w = crate::sim::scenarios::ID_WIDTH);
            let more = match i {
                _ if i == first && first > 0 => Some("▲"),
                _ if i + 1 == first + visible && i + 1 < SCENARIOS.len() => Some("▼"),
                _ => None,
            };
            let row = match more {
                Some(mark) => format!("{} {mark}", crate::text::ellipsis(&row, room.saturating_sub(2))),
                None => crate::text::ellipsis(&row, room),
            };
            lines.push(Line::from(Span::styled(row, style)));
        }
        if let Some(s) = SCENARIOS.get(self.selected) {
            let detail = s.summary.to_string();
            let mut rows = crate::text::wrap(&detail, room.saturating_sub(2));
            if rows.len() > DETAIL_ROWS {
                rows.truncate(DETAIL_ROWS);
                rows[DETAIL_ROWS - 1] =
                    crate::text::ellipsis(&format!("{} …", rows[DETAIL_ROWS - 1]), room.saturating_sub(2));
            }
            rows.resize(DETAIL_ROWS, String::new());
            for row in rows {
                lines.push(Line::from(Span::styled(format!(" {row}"), style::colored(t, t.accent))));
            }
        }
        let keys = format!(" {}", Layer::Scenarios.hints().join(" · "));
        let long = format!("{keys} (printer and router start fresh)");
        let keys = if crate::text::width(&long) <= room { long } else { keys };
        lines.push(Line::from(Span::styled(keys, style::dim(t))));
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .block(Block::bordered().title(" Scenarios ").border_style(style::border(t, true)))
            .render(popup, buf);
    }
}

/// The router's wireless settings page (`e`), drawn over the router's pane: the draft's
/// values, the selected line highlighted, and what saving would do to WPS.
pub struct RouterSettingsPage<'a> {
    pub settings: &'a RouterSettings,
    pub theme: &'a Theme,
    /// Class mode: the Wi-Fi password shows as dots.
    pub masked: bool,
}

impl Widget for RouterSettingsPage<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let (s, draft) = (self.settings, &self.settings.draft);
        let popup = centered(area, 52.min(area.width), 15.min(area.height));
        let room = usize::from(popup.width.saturating_sub(2));
        let line = |row: SettingRow, label: &str, value: String| {
            let selected = s.row == row;
            let text = format!(" {label:<15}{}", if selected { format!("‹ {value} ›") } else { format!("  {value}") });
            let style = if selected { style::selected(t) } else { style::text(t) };
            Line::from(Span::styled(crate::text::ellipsis(&text, room), style))
        };
        let (effect, effect_style) = match (draft.wps_unavailable(), draft.computers_blocked()) {
            (Some(why), _) => (why.to_string(), style::failure(t)),
            (None, Some(why)) => (format!("WPS can run. {why}"), style::dim(t)),
            (None, None) => ("WPS can run with these settings.".to_string(), style::success(t)),
        };
        let save = if s.row == SettingRow::Save { style::selected(t) } else { style::button(t) };
        let mut lines = vec![
            // As on the router's label: what a device joining by hand types.
            Line::from(Span::styled(
                crate::text::ellipsis(&format!(" {:<15}  {}", "Network", draft.ssid), room),
                style::dim(t),
            )),
            Line::from(Span::styled(
                crate::text::ellipsis(
                    &format!(
                        " {:<15}  {}",
                        "Wi-Fi password",
                        if self.masked { crate::text::MASKED } else { &*draft.passphrase }
                    ),
                    room,
                ),
                style::dim(t),
            )),
            line(SettingRow::Security, "Security", draft.security.label().to_string()),
            line(SettingRow::HiddenSsid, "Network name", (if draft.hidden_ssid { "hidden" } else { "visible" }).into()),
            line(SettingRow::Wps, "WPS", (if draft.wps_enabled { "on" } else { "off" }).into()),
            line(SettingRow::Upnp, "UPnP", (if draft.upnp_on { "on" } else { "off" }).into()),
            line(SettingRow::ApPin, "Router's PIN", (if draft.ap_pin_on { "on" } else { "off" }).into()),
            Line::from(vec![Span::raw(" "), Span::styled("[ Save ]", save)]),
            Line::from(""),
        ];
        for part in crate::text::wrap(&effect, room.saturating_sub(2)) {
            lines.push(Line::from(Span::styled(format!(" {part}"), effect_style)));
        }
        lines.push(Line::from(Span::styled(
            crate::text::ellipsis(&format!(" {}", Layer::RouterSettings.hints().join(" · ")), room),
            style::dim(t),
        )));
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(" Router · Wireless settings ").border_style(style::border(t, true)))
            .render(popup, buf);
    }
}

/// A fake "support" pop-up, as scam pages show: the scenario teaches to close it.
pub struct ScamPopup<'a> {
    pub theme: &'a Theme,
}

impl Widget for ScamPopup<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let popup = centered(area, 62.min(area.width), 12.min(area.height));
        let lines = vec![
            Line::from(Span::styled("⚠  PRINTER SUPPORT CENTER", style::failure(t).add_modifier(Modifier::BOLD))),
            Line::from(""),
            Line::from("Your printer is not activated. To get your WPS PIN,"),
            Line::from(vec![
                Span::raw("call our certified technicians now: "),
                Span::styled(FICTIONAL_NUMBER, style::failure(t).add_modifier(Modifier::BOLD)),
            ]),
            Line::from(""),
            Line::from(Span::styled(
                "Training example: a fake. 555-01xx numbers are reserved for fiction. The real PIN comes from your own printer: its screen, or a page it prints. Press any key to close it.",
                style::dim(t),
            )),
        ];
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().title(" Support ").border_style(style::failure(t)))
            .render(popup, buf);
    }
}

/// The question people ask about the label, answered where they read it.
pub const LABEL_QUESTION: &str = "Is the PIN on the router's label the one to use?";
pub const LABEL_ANSWER: &str = "No. It is the router's own PIN, for a computer that sets up the router itself. A printer's PIN comes from the printer (its screen, or a page it prints) and is typed on the router's page.";

/// The label under the router, as printed on it, with the question people ask about its
/// PIN answered below. Class mode hides the passwords.
pub struct RouterLabelCard<'a> {
    pub label: &'a crate::app::overlay::RouterLabelText,
    pub masked: bool,
    pub theme: &'a Theme,
}

impl Widget for RouterLabelCard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let t = self.theme;
        let l = self.label;
        let width = 64.min(area.width);
        let room = usize::from(width.saturating_sub(2));
        let secret = |s: &str| if self.masked { crate::text::MASKED.to_string() } else { s.to_string() };
        let row = |name: &str, value: String| {
            Line::from(vec![
                Span::styled(format!(" {name:<20}"), style::dim(t)),
                Span::styled(crate::text::ellipsis(&value, room.saturating_sub(21)), style::text(t)),
            ])
        };
        let mut lines = vec![
            Line::from(Span::styled(
                crate::text::ellipsis(&format!(" {}   Model {}", l.model, l.model_number), room),
                style::text(t).add_modifier(Modifier::BOLD),
            )),
            row("Wi-Fi name (SSID)", l.ssid.clone()),
            row("Wi-Fi password", secret(&l.passphrase)),
            row("Admin page", l.admin_url.clone()),
            row("Admin login", format!("admin / {}", secret(&l.admin_password))),
            row("WPS PIN (router's)", l.ap_pin.clone()),
            Line::from(""),
        ];
        for part in crate::text::wrap(LABEL_QUESTION, room.saturating_sub(1)) {
            lines.push(Line::from(Span::styled(format!(" {part}"), style::colored(t, t.accent))));
        }
        for part in crate::text::wrap(LABEL_ANSWER, room.saturating_sub(1)) {
            lines.push(Line::from(Span::styled(format!(" {part}"), style::text(t))));
        }
        let keys = Layer::RouterLabel.hints().join(" · ");
        let popup = centered(area, width, (lines.len() as u16 + 2).min(area.height));
        style::clear(buf, popup, t);
        Paragraph::new(lines)
            .block(
                Block::bordered()
                    .title(" Label under the router ")
                    .title_bottom(Line::from(format!(" {keys} ")).right_aligned())
                    .border_style(style::dim(t)),
            )
            .render(popup, buf);
    }
}
