//! Drawing: `view(&App, &mut Frame)` reads the state and draws; it changes nothing.
//! The layout is a pure function of the terminal size, so mouse clicks are hit-tested
//! against the same rectangles that were drawn.

pub mod computer_pane;
pub mod event_log;
pub mod exercise_sheet;
pub mod guide;
pub mod help;
pub mod input;
pub mod inspector;
pub mod ladder;
pub mod lcd;
pub mod leds;
pub mod overlays;
pub mod printer_pane;
pub mod router_pane;
pub mod style;
pub mod touchscreen;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use crate::app::overlay::Overlay;
use crate::app::{Action, App, Below, Focus, PanelAction};
use crate::keys::layers::Layer;
use crate::keys::{self, Footer};

/// Both devices side by side, the ladder and the log under them.
pub const WIDE_MIN: (u16, u16) = (100, 30);
/// Everything one above the other.
pub const STACKED_MIN: (u16, u16) = (64, 52);
/// The default size of most terminals (80 x 24) and a little less: one device at a time (Tab
/// switches), and under it the guide, the ladder or the log (`v` switches). Below this the
/// panel cannot be drawn legibly; it says so instead.
pub const COMPACT_MIN: (u16, u16) = (60, 24);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub printer: Rect,
    pub router: Rect,
    pub ladder: Rect,
    pub log: Rect,
    pub footer: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Wide(Areas),
    Stacked(Areas),
    /// One device and one of the guide, ladder and log: `printer` and `router` are the same
    /// place, as are `ladder` and `log`; what the focus and `v` choose is drawn there.
    Compact(Areas),
    TooSmall {
        width: u16,
        height: u16,
    },
}

pub const PANE_HEIGHT: u16 = 17;
/// On a big screen (a projector in front of a class), the panes grow by this many rows: the
/// printer shows its PIN in large digits there.
pub const PROJECTOR_ROWS: u16 = 4;
/// From this height, side by side, the panes are that much taller.
pub const PROJECTOR_MIN_HEIGHT: u16 = 44;
pub const GUIDE_HEIGHT: u16 = 5;

pub fn layout(area: Rect) -> Screen {
    let (w, h) = (area.width, area.height);
    if w >= WIDE_MIN.0 && h >= WIDE_MIN.1 {
        let panes = if h >= PROJECTOR_MIN_HEIGHT { PANE_HEIGHT + PROJECTOR_ROWS } else { PANE_HEIGHT };
        let [top, bottom, footer] =
            Layout::vertical([Constraint::Length(panes), Constraint::Min(8), Constraint::Length(1)]).areas(area);
        let [printer, router] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
        let [ladder, log] = Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(bottom);
        Screen::Wide(Areas { printer, router, ladder, log, footer })
    } else if w >= STACKED_MIN.0 && h >= STACKED_MIN.1 {
        let [printer, router, ladder, log, footer] = Layout::vertical([
            Constraint::Length(PANE_HEIGHT),
            Constraint::Length(PANE_HEIGHT),
            Constraint::Min(6),
            Constraint::Min(6),
            Constraint::Length(1),
        ])
        .areas(area);
        Screen::Stacked(Areas { printer, router, ladder, log, footer })
    } else if w >= COMPACT_MIN.0 && h >= COMPACT_MIN.1 {
        let [device, below, footer] =
            Layout::vertical([Constraint::Length(PANE_HEIGHT), Constraint::Min(4), Constraint::Length(1)]).areas(area);
        Screen::Compact(Areas { printer: device, router: device, ladder: below, log: below, footer })
    } else {
        Screen::TooSmall { width: w, height: h }
    }
}

/// Where each part is drawn now: in the compact layout only the focused device and the
/// chosen view under it have a place (the others are empty rectangles).
pub fn visible_areas(app: &App, area: Rect) -> Option<(Areas, Option<Rect>)> {
    match layout(area) {
        Screen::Wide(a) | Screen::Stacked(a) => Some((a, None)),
        Screen::Compact(mut a) => {
            let none = Rect::new(a.printer.x, a.printer.y, 0, 0);
            match app.focus() {
                Focus::Printer => a.router = none,
                Focus::Router | Focus::Computer => a.printer = none,
            }
            let below = a.ladder;
            let none = Rect::new(below.x, below.y, 0, 0);
            // The inspector takes the view under the device, whichever was chosen.
            let below_now = if app.inspecting().is_some() { Below::Log } else { app.below() };
            let guide = match below_now {
                Below::Guide if app.guide_on() => {
                    (a.ladder, a.log) = (none, none);
                    Some(below)
                }
                Below::Log => {
                    a.ladder = none;
                    None
                }
                _ => {
                    a.log = none;
                    None
                }
            };
            Some((a, guide))
        }
        Screen::TooSmall { .. } => None,
    }
}

pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if app.theme().background != ratatui::style::Color::Reset {
        frame.buffer_mut().set_style(area, ratatui::style::Style::new().bg(app.theme().background));
    }
    let Some((areas, compact_guide)) = visible_areas(app, area) else {
        too_small(frame, area, area.width, area.height);
        return;
    };
    let theme = app.theme();
    let now = app.now();
    if !areas.printer.is_empty() {
        frame.render_widget(
            printer_pane::PrinterPane {
                printer: app.printer(),
                now,
                theme,
                focused: app.focus() == Focus::Printer,
                masked: app.masked(),
            },
            areas.printer,
        );
    }
    let lan = app.world().air.lan();
    if let (false, true, Some(window), Some(lan)) =
        (areas.router.is_empty(), app.showing_computer(), app.computer(), lan)
    {
        let mut pane = computer_pane::ComputerPane {
            window,
            seat: lan.seat,
            network_name: &app.router().setup.ssid,
            theme,
            focused: true,
            printer_pin: None,
        };
        pane.printer_pin = printer_pin_out_of_sight(app, areas.printer.is_empty());
        frame.render_widget(pane, areas.router);
    } else if !areas.router.is_empty() {
        frame.render_widget(
            router_pane::RouterPane {
                router: app.router(),
                now,
                theme,
                focused: app.focus() == Focus::Router,
                printer_mac: app.printer().mac,
                web: app.options().router_web.as_deref().map(|url| {
                    (url, if app.masked() { crate::text::MASKED } else { app.world().admin_password.as_str() })
                }),
                printer_pin: printer_pin_out_of_sight(app, areas.printer.is_empty()),
            },
            areas.router,
        );
    }
    // Without the guide, the scenario's name still shows: on the printer pane's lower edge.
    // Sitting an exercise, its name and the key of its sheet (the guide may be refused there).
    let scenario = app.scenario();
    let label = match app.sitting() {
        Some(_) => Some(("Exercise", "X sheet")),
        None if scenario.id != "free" => Some(("Scenario", "G guide")),
        None => None,
    };
    if let Some((kind, key)) = label.filter(|_| !app.guide_on() && !areas.printer.is_empty()) {
        scenario_label(frame.buffer_mut(), areas.printer, &format!("{kind}: {}", scenario.title), key, theme);
    }
    let (mut ladder_area, mut log_area) = (areas.ladder, areas.log);
    let goal = crate::app::guide::goal(app);
    if let Some(area) = compact_guide {
        let advice = crate::app::guide::advice(app);
        frame.render_widget(guide::Guide { advice: &advice, title: app.scenario().title, goal: &goal, theme }, area);
    } else if app.guide_on() && !matches!(layout(area), Screen::Compact(_)) {
        // The guide takes the top of the bottom half, across both columns.
        let top = ladder_area.y.min(log_area.y);
        let right = ladder_area.right().max(log_area.right());
        let advice = crate::app::guide::advice(app);
        // Its words whole where there is room: up to three rows more, while the ladder and
        // the log keep at least eight rows (the why was cut at 120 x 36).
        let needed = guide::rows_needed(&advice, (right - areas.ladder.x).saturating_sub(2)) + 2;
        let spare = ladder_area.height.min(log_area.height).saturating_sub(GUIDE_HEIGHT + 8);
        let guide_height = needed.clamp(GUIDE_HEIGHT, GUIDE_HEIGHT + spare.min(3));
        let guide_area = Rect::new(areas.ladder.x, top, right - areas.ladder.x, guide_height);
        frame.render_widget(
            guide::Guide { advice: &advice, title: app.scenario().title, goal: &goal, theme },
            guide_area,
        );
        if matches!(layout(area), Screen::Stacked(_)) {
            // One above the other: the ladder and the log share what the guide leaves.
            let rest = (ladder_area.height + log_area.height).saturating_sub(guide_height);
            ladder_area.y += guide_height;
            ladder_area.height = rest / 2;
            log_area.y = ladder_area.bottom();
            log_area.height = rest - rest / 2;
        } else {
            for a in [&mut ladder_area, &mut log_area] {
                if a.y == top {
                    a.y += guide_height;
                    a.height = a.height.saturating_sub(guide_height);
                }
            }
        }
    }
    if !ladder_area.is_empty() {
        frame.render_widget(
            ladder::Ladder {
                entries: app.ladder(),
                theme,
                back: app.console().ladder_back,
                selected: app.inspecting(),
                computer: app.computer().is_some(),
            },
            ladder_area,
        );
    }
    if !log_area.is_empty() {
        match app.inspecting() {
            Some(_) => frame.render_widget(
                inspector::Inspector {
                    inspection: app.console().inspector.as_ref().and_then(|i| i.inspection.as_ref()),
                    scroll: app.console().inspector.as_ref().map_or(0, |i| i.scroll),
                    theme,
                    masked: app.masked(),
                },
                log_area,
            ),
            None => frame.render_widget(
                event_log::EventLog { entries: &app.log(), theme, back: app.console().log_back },
                log_area,
            ),
        }
    }
    let compact = matches!(layout(area), Screen::Compact(_));
    let footer = footer_line(app, areas.footer.width, compact);
    frame.buffer_mut().set_stringn(
        areas.footer.x,
        areas.footer.y,
        footer,
        usize::from(areas.footer.width),
        style::dim(theme),
    );
    // Bottom to top, so the one that takes the keys is drawn last.
    for overlay in app.overlays() {
        match overlay {
            Overlay::ScamPopup => frame.render_widget(overlays::ScamPopup { theme }, area),
            Overlay::RouterLabel => frame.render_widget(
                overlays::RouterLabelCard { label: &app.router_label(), masked: app.masked(), theme },
                area,
            ),
            Overlay::RouterSettings(settings) => frame
                .render_widget(overlays::RouterSettingsPage { settings, theme, masked: app.masked() }, areas.router),
            Overlay::Scenarios(picker) => frame
                .render_widget(overlays::ScenarioPicker { selected: picker.selected, model: app.model(), theme }, area),
            Overlay::Help { page, scroll } => {
                frame.render_widget(help::Help { page: *page, scroll: *scroll, model: app.model(), theme }, area)
            }
            Overlay::Exercise => {
                if let Some(sitting) = app.sitting() {
                    let scored = sitting.scored(app);
                    let sheet = exercise_sheet::ExerciseSheet { sitting, scored: &scored, now: app.now(), theme };
                    frame.render_widget(sheet, area);
                }
            }
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect, width: u16, height: u16) {
    let text = vec![
        // Worded for a terminal's window and a browser's alike: the same view draws both.
        Line::from("Too small for the panel"),
        Line::from(""),
        Line::from(format!("This window is {width} x {height} characters.")),
        Line::from(format!("printer-panel needs at least {} x {}.", COMPACT_MIN.0, COMPACT_MIN.1)),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }).block(Block::bordered()), area);
}

/// The keys that matter now, from the key table (or a message, such as where a capture
/// was saved), in at most `width` columns: less important labels go first, and the help,
/// quit and the speed indicator always stay.
pub fn footer_line(app: &App, width: u16, compact: bool) -> String {
    if let Some(m) = app.message() {
        return crate::text::ellipsis(&format!(" {m}"), usize::from(width));
    }
    let (who, part) = match (app.focus(), app.model().panel) {
        (Focus::Router, _) => ("ROUTER", Footer::Router),
        (Focus::Computer, _) => ("COMPUTER", Footer::Computer),
        (Focus::Printer, crate::sim::models::Panel::Buttons) => ("PRINTER", Footer::Printer),
        (Focus::Printer, crate::sim::models::Panel::Screenless) => ("PRINTER", Footer::Screenless),
        (Focus::Printer, crate::sim::models::Panel::Touch) => ("PRINTER", Footer::Touch),
    };
    if app.inspecting().is_some() && app.help().is_none() {
        let state = if app.paused() { "⏸ PAUSED · , resume · . next frame" } else { ", pause · . step" };
        let hints = Layer::Inspector.hints().join(" · ");
        let long = format!(" INSPECTOR {hints} │ {state} · ? help · q quit");
        // Narrow, the quit key stays: the trainer's keys give way first, then the labels.
        let short = format!(" INSPECTOR {hints} │ ? help · q quit");
        let shortest = format!(" INSPECTOR {} │ ? help · q quit", Layer::Inspector.hint_keys().join(" · "));
        let fits = |t: &String| crate::text::width(t) <= usize::from(width);
        let chosen = [&long, &short].into_iter().find(|t| fits(t)).unwrap_or(&shortest);
        return crate::text::ellipsis(chosen, usize::from(width));
    }
    if app.paused() {
        // Said first and kept whole: everything on screen stands still until , again. Narrow,
        // the step and speed keys give way before resume and quit.
        let fits = |t: &&str| crate::text::width(t) <= usize::from(width);
        return [
            " ⏸ PAUSED · , resume · . next frame · < > speed · ? help · q quit",
            " ⏸ PAUSED · , resume · . next frame · ? help · q quit",
            " ⏸ PAUSED · , resume · . next · q quit",
        ]
        .into_iter()
        .find(fits)
        .unwrap_or(" ⏸ PAUSED · , resume · q quit")
        .to_string();
    }
    let mut speed = if (app.options().speed - 1.0).abs() > f64::EPSILON {
        format!(" · ×{} speed", app.options().speed)
    } else {
        String::new()
    };
    // The router's page, where a browser finds it: kept while the key hints give way.
    if let Some(url) = &app.options().router_web {
        speed.push_str(&format!(" · page http://{url}"));
    }
    let mut device = keys::footer(part);
    let mut common = keys::footer(Footer::Common);
    // In a small terminal the other pane and the views below are one key away: said first,
    // and kept (with the help and quit) while the rest gives way.
    // "Tab pane" stays while the device's own keys give way, then goes too.
    let mut kept = 1;
    if compact {
        let other = match app.focus() {
            Focus::Printer => "Tab router",
            Focus::Router if app.computer().is_some() => "Tab computer",
            Focus::Router | Focus::Computer => "Tab printer",
        };
        let below = match app.below() {
            Below::Guide => "v ladder",
            Below::Ladder => "v log",
            Below::Log if app.guide_on() => "v guide",
            Below::Log => "v ladder",
        };
        common.retain(|l| !l.starts_with("Tab "));
        common.splice(0..0, [other, below]);
        kept = 2;
    }
    // Recording a tape: said first, with the key that puts a screenshot in it. Sitting an
    // exercise: its sheet's key and its clock, first too; the keys it refuses are not offered.
    let mut rec = if app.options().recording { "● REC F2 shot │ ".to_string() } else { String::new() };
    if let Some(sitting) = app.sitting() {
        rec = format!("X {} │ ", exercise_sheet::short_clock(sitting, app.now()));
        common.retain(|l| !l.starts_with("s ") && (sitting.assessment.sheet.guide.is_some() || !l.starts_with("G ")));
    }
    let line = |device: &[&str], common: &[&str]| {
        format!(" {rec}{who} {} │ {}{speed}", device.join(" · "), common.join(" · "))
    };
    let fits = |text: &str| crate::text::width(text) <= usize::from(width);
    // Labels before "? help" in the common part go first: the scenario picker's, then from
    // the right (the guide's key outlasts the picker's: a learner who is stuck needs it more);
    // then the device's.
    while !fits(&line(&device, &common)) {
        let keep_from = common.iter().position(|l| l.starts_with('?')).unwrap_or(common.len());
        let removable = (kept..keep_from)
            .find(|&i| common[i].starts_with("s "))
            .or_else(|| (keep_from > kept).then(|| keep_from - 1));
        if let Some(i) = removable {
            common.remove(i);
        } else if device.len() > 1 {
            device.pop();
        } else if kept > 0 {
            kept -= 1;
        } else {
            break;
        }
    }
    let text = line(&device, &common);
    if fits(&text) {
        return text;
    }
    // Still too wide (an exercise's clock, a speed, a narrow window): the device's last
    // label goes, then the word "speed", so that help and quit stay whole.
    let speed = speed.replace(" speed", "");
    [format!(" {rec}{who} │ {}{speed}", common.join(" · ")), format!(" {rec}{} {speed}", common.join(" · "))]
        .into_iter()
        .find(|t| fits(t))
        .unwrap_or(text)
}

/// What a mouse click at (x, y) presses, if anything.
pub fn hit_test(app: &App, area: Rect, x: u16, y: u16) -> Option<Action> {
    let (areas, _) = visible_areas(app, area)?;
    let inside = |r: Rect| x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
    let printer =
        if areas.printer.is_empty() { Vec::new() } else { printer_pane::printer_targets(areas.printer, app.printer()) }
            .into_iter()
            .map(|(r, a)| (r, Action::Printer(a)));
    // The router's controls are under the computer's window while it shows.
    let hidden = areas.router.is_empty() || app.showing_computer();
    let router = if hidden { Vec::new() } else { router_pane::router_targets(areas.router) }
        .into_iter()
        .map(|(r, a)| (r, Action::Router(a)));
    if let Some((_, action)) = printer.chain(router).find(|(r, _)| inside(*r)) {
        return Some(action);
    }
    if inside(areas.printer) {
        Some(Action::Panel(PanelAction::FocusPrinter))
    } else if inside(areas.router) && !app.showing_computer() {
        Some(Action::Panel(PanelAction::FocusRouter))
    } else {
        None
    }
}

/// " Scenario: <title> · G guide " on the lower border of `pane`, right-aligned; shortened
/// with an ellipsis, or left out when even that does not fit.
fn scenario_label(buf: &mut ratatui::buffer::Buffer, pane: Rect, title: &str, key: &str, theme: &crate::theme::Theme) {
    let room = usize::from(pane.width.saturating_sub(4));
    let full = format!(" {title} · {key} ");
    let text = if crate::text::width(&full) <= room {
        full
    } else {
        format!(" {} ", crate::text::ellipsis(title, room.saturating_sub(2)))
    };
    let width = crate::text::width(&text) as u16;
    if room < 16 || pane.height < 2 {
        return;
    }
    let x = pane.right().saturating_sub(width + 2);
    buf.set_stringn(x, pane.bottom() - 1, &text, usize::from(width), style::dim(theme));
}

/// A screen as VHS's golden text has it: each row with its trailing spaces removed.
pub fn text_rows(screen: &ratatui::buffer::Buffer) -> Vec<String> {
    (0..screen.area.height)
        .map(|y| {
            let row: String = (0..screen.area.width).map(|x| screen[(x, y)].symbol()).collect();
            row.trim_end().to_string()
        })
        .collect()
}

/// "printer's screen: PIN 1234-5670 · 1:24 left": the PIN a learner would read off the
/// printer, while its pane is out of sight.
fn printer_pin_out_of_sight(app: &App, printer_hidden: bool) -> Option<String> {
    let attempt = app.printer().attempt.as_ref().filter(|_| printer_hidden)?;
    let crate::app::printer::Method::Pin(pin) = &attempt.method else { return None };
    let on = if app.model().has_screen() { "printer's screen" } else { "printed page" };
    let left = crate::format::countdown(attempt.deadline, app.now());
    Some(format!("{on}: PIN {} · {left} left", pin.grouped()))
}
