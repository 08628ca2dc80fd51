//! Widgets rendered into a Buffer and compared cell by cell with `Buffer::with_lines`:
//! each widget takes only what it draws, so each can be drawn here on its own.

use std::time::Duration;

use printer_panel::app::led::Led;
use printer_panel::app::printer::Printer;
use printer_panel::app::router::Router;
use printer_panel::sim::air::Node;
use printer_panel::sim::models::{PRINTER_MODELS, ROUTER, RouterSetup};
use printer_panel::theme::Theme;
use printer_panel::trace::ladder::LadderEntry;
use printer_panel::ui::ladder::Ladder;
use printer_panel::ui::lcd::Lcd;
use printer_panel::ui::leds::LedLight;
use printer_panel::ui::router_pane::RouterStatus;
use printer_panel::wps::defs::ConfigError;
use printer_panel::wps::entropy::Csprng;
use printer_panel::wps::event::Event;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::Widget;

fn render(widget: impl Widget, width: u16, height: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, width, height));
    widget.render(buf.area, &mut buf);
    buf
}

/// The same cells with every style cleared: for widgets whose colours are checked apart.
fn symbols(buf: &Buffer) -> Buffer {
    let mut plain = buf.clone();
    for cell in plain.content.iter_mut() {
        cell.set_style(Style::reset());
        cell.fg = Color::Reset;
        cell.bg = Color::Reset;
        cell.modifier = Modifier::empty();
    }
    plain
}

fn plain(lines: &[&str]) -> Buffer {
    symbols(&Buffer::with_lines(lines.iter().copied()))
}

fn printer() -> Printer {
    Printer::new(&PRINTER_MODELS[0], printer_panel::wps::ids::Mac([0x02, 0, 0, 0, 0, 1]), Csprng::from_seed(1))
}

#[test]
fn the_lcd_shows_the_home_menu_with_the_first_entry_highlighted() {
    let theme = Theme::monochrome();
    let p = printer();
    let buf = render(Lcd { printer: &p, now: Duration::ZERO, theme: &theme, masked: false }, 28, 8);
    let mut expected = Buffer::with_lines([
        "╭──────────────────────────╮",
        "│Ready              Wi-Fi ✗│",
        "│Inkwell 300               │",
        "│▶ Copy                    │",
        "│  Scan                    │",
        "│  Settings                │",
        "│                          │",
        "╰──────────────────────────╯",
    ]);
    let bezel = Style::new().fg(Color::Reset);
    for r in [Rect::new(0, 0, 28, 1), Rect::new(0, 7, 28, 1), Rect::new(0, 1, 1, 6), Rect::new(27, 1, 1, 6)] {
        expected.set_style(r, bezel);
    }
    expected.set_style(Rect::new(1, 1, 26, 1), Modifier::DIM);
    expected.set_style(Rect::new(1, 2, 26, 1), Modifier::BOLD);
    expected.set_style(Rect::new(1, 3, 26, 1), Modifier::REVERSED);
    assert_eq!(buf, expected);
}

#[test]
fn a_lit_led_is_a_bold_dot_with_its_state_in_words() {
    let theme = Theme::monochrome();
    let led =
        LedLight { led: Led::On, color: Color::Green, label: "Wi-Fi", now: Duration::ZERO, theme: &theme, words: true };
    let buf = render(led, 12, 1);
    let mut expected = Buffer::with_lines(["● Wi-Fi on  "]);
    expected.set_style(Rect::new(0, 0, 1, 1), Modifier::BOLD);
    expected.set_style(Rect::new(1, 0, 6, 1), Style::new().fg(Color::Reset));
    expected.set_style(Rect::new(7, 0, 3, 1), Modifier::DIM);
    assert_eq!(buf, expected);
}

#[test]
fn a_blinking_led_is_dark_in_its_second_half_period_and_keeps_its_colour() {
    let theme = Theme::default();
    let blink = Led::blink(Duration::from_millis(500), Duration::ZERO);
    let at = |ms| LedLight {
        led: blink,
        color: theme.led_wifi,
        label: "Wi-Fi",
        now: Duration::from_millis(ms),
        theme: &theme,
        words: true,
    };
    let lit = render(at(100), 20, 1);
    let dark = render(at(600), 20, 1);
    assert_eq!(symbols(&lit), plain(&["● Wi-Fi slow blink  "]));
    assert_eq!(symbols(&dark), plain(&["○ Wi-Fi slow blink  "]));
    // Only the glyph changes between the phases: one cell, no colour codes.
    assert_eq!(lit[(0, 0)].style(), dark[(0, 0)].style());
}

fn entry(at_ms: u64, from: Node, to: Node, label: &str, config_error: Option<ConfigError>) -> LadderEntry {
    LadderEntry {
        seq: 1,
        at: Duration::from_millis(at_ms),
        from,
        to,
        label: label.into(),
        // The widget draws the label; what the frame is matters only to the folds.
        kind: printer_panel::sim::air::FrameKind::Other,
        config_error,
        delivered: true,
        scan: false,
        refused: false,
        attempt: 1,
    }
}

#[test]
fn a_ladder_line_is_an_arrow_from_its_sender() {
    let theme = Theme::default();
    let entries = [entry(5400, Node::PRINTER, Node::Router, "M1", None)];
    let buf = render(Ladder { entries: &entries, theme: &theme, back: 0, selected: None, computer: false }, 44, 4);
    assert_eq!(
        symbols(&buf),
        plain(&[
            "┌ Message ladder: what crossed the air ────┐",
            "│    time Printer                    Router│",
            "│    5.4s ── M1 ──────────────────────────▶│",
            "└──────────────────────────────────────────┘",
        ])
    );
    assert_eq!(buf[(12, 2)].fg, theme.printer, "the printer's arrows have the printer's colour");
}

#[test]
fn a_nack_with_a_configuration_error_is_marked_as_the_failure() {
    let theme = Theme::default();
    let nack = ConfigError::DevPasswordAuthFailure;
    let entries = [entry(6200, Node::Router, Node::PRINTER, "WSC_NACK", Some(nack))];
    let buf = render(Ladder { entries: &entries, theme: &theme, back: 0, selected: None, computer: false }, 56, 4);
    assert_eq!(
        symbols(&buf),
        plain(&[
            "┌ Message ladder: what crossed the air ────────────────┐",
            "│    time Printer                                Router│",
            "│    6.2s ◀────────────── WSC_NACK ✗ config_error=18 ──│",
            "└──────────────────────────────────────────────────────┘",
        ])
    );
    assert_eq!(buf[(12, 2)].fg, theme.failure, "the failing arrow has the failure colour");
}

#[test]
fn the_router_status_counts_down_its_walk_time() {
    let theme = Theme::monochrome();
    let mut router = Router::new(&ROUTER, RouterSetup::default(), Duration::from_secs(120), Vec::new());
    router.on_engine(Duration::ZERO, &Event::PbcActive, &mut Vec::new());
    let now = Duration::from_millis(2500);
    let buf = render(RouterStatus { router: &router, now, theme: &theme }, 34, 1);
    let mut expected = Buffer::with_lines(["WPS status   Active · 1:58 left   "]);
    expected.set_style(Rect::new(0, 0, 13, 1), Modifier::DIM);
    expected.set_style(Rect::new(13, 0, 6, 1), Style::new().fg(Color::Reset).add_modifier(Modifier::BOLD));
    expected.set_style(Rect::new(19, 0, 13, 1), Style::new().fg(Color::Reset));
    assert_eq!(buf, expected);
}

/// `n` router events, one a second, each with `why`, drawn in a 60 x 7 log scrolled `back`.
fn log_rows(n: u64, event: Event, why: Option<&str>, back: usize) -> Vec<String> {
    use printer_panel::app::LogLine;
    use printer_panel::sim::air::{LogEntry, Report};
    let theme = Theme::default();
    let recorded: Vec<LogEntry> = (0..n)
        .map(|i| LogEntry { seq: i, at: Duration::from_secs(i), who: Node::Router, event: Report::Wps(event.clone()) })
        .collect();
    let entries: Vec<LogLine> = recorded.iter().map(|entry| LogLine { entry, why, repeats: 0 }).collect();
    let buf = render(printer_panel::ui::event_log::EventLog { entries: &entries, theme: &theme, back }, 60, 7);
    (0..7).map(|y| (0..60).map(|x| buf[(x, y)].symbol().to_string()).collect::<String>()).collect()
}

#[test]
fn a_long_log_shows_its_tail_and_says_a_repeated_reason_once() {
    use printer_panel::wps::defs::MsgType;
    let fail = Event::Fail { msg: MsgType::M4, config_error: ConfigError::DevPasswordAuthFailure, reason: None };
    let text = log_rows(30, fail, Some("The same reason every time."), 0);
    assert!(text[5].contains("29.0s router"), "the newest entry is at the bottom: {text:#?}");
    assert!(!text.iter().any(|l| l.contains('↳')), "said once, long before this window: {text:#?}");
}

/// Scrolled back as far as it goes, the log shows its oldest entry on its top row with the box
/// full, never blank rows under a lone oldest line.
#[test]
fn the_log_scrolls_back_no_further_than_its_oldest_line() {
    let text = log_rows(12, Event::PbcActive, None, 11);
    assert!(text[1].contains(" 0.0s router"), "the oldest entry on the top row: {text:#?}");
    assert!(text[5].contains(" 4.0s router"), "and the box full under it: {text:#?}");
    assert!(text[0].contains("7 newer below"), "the title counts what is really below: {text:#?}");
}

/// The high-contrast theme sets its own background: every cell is drawn on black (none on
/// the terminal's own), under the help and the settings page too, so its white text reads on
/// a light terminal.
#[test]
fn high_contrast_paints_its_own_background_everywhere() {
    use printer_panel::driver::Headless;
    use ratatui::style::Color;
    let theme = printer_panel::theme::Theme::built_in("high-contrast").unwrap();
    let options = printer_panel::app::Options { seed: Some(7), theme, ..printer_panel::app::Options::default() };
    let mut h = Headless::new(printer_panel::app::App::new(options), 120, 36);
    let off_background = |h: &Headless| h.buffer().content().iter().filter(|c| c.bg == Color::Reset).count();
    assert_eq!(off_background(&h), 0, "the panel");
    h.key(printer_panel::keys::event::KeyCode::Char('?'));
    assert_eq!(off_background(&h), 0, "under the help");
    h.key(printer_panel::keys::event::KeyCode::Esc);
    h.key(printer_panel::keys::event::KeyCode::Char('e'));
    assert_eq!(off_background(&h), 0, "under the settings page");
    // The classic theme keeps the terminal's own background.
    let mut classic = Headless::new(printer_panel::app::App::new(printer_panel::app::Options::default()), 120, 36);
    classic.draw();
    assert!(off_background(&classic) > 0);
}

/// A theme that paints its own background must paint its own text too: text left in the
/// terminal's default colour would be light on light (or dark on dark) somewhere. Checked for
/// both such themes, through a registration and its join, the help and the settings page.
#[test]
fn themes_with_their_own_background_leave_no_text_in_the_terminals_colour() {
    use printer_panel::driver::Headless;
    use ratatui::style::Color;
    for name in ["high-contrast", "light"] {
        let theme = printer_panel::theme::Theme::built_in(name).unwrap();
        let options = printer_panel::app::Options { seed: Some(7), theme, ..printer_panel::app::Options::default() };
        let mut h = Headless::new(printer_panel::app::App::new(options), 120, 36);
        let loose = |h: &Headless| {
            let buf = h.buffer();
            let mut at = Vec::new();
            for y in 0..buf.area.height {
                for x in 0..buf.area.width {
                    let c = &buf[(x, y)];
                    if c.fg == Color::Reset && !c.symbol().trim().is_empty() {
                        at.push((x, y, c.symbol().to_string()));
                    }
                }
            }
            at
        };
        assert_eq!(loose(&h), [], "{name}: the panel");
        h.key(printer_panel::keys::event::KeyCode::Char('b'));
        h.key(printer_panel::keys::event::KeyCode::Char('W'));
        h.advance(std::time::Duration::from_secs(20));
        assert_eq!(loose(&h), [], "{name}: after a push-button registration and the join:\n{}", h.screen());
        h.key(printer_panel::keys::event::KeyCode::Char('?'));
        assert_eq!(loose(&h), [], "{name}: the help");
        h.key(printer_panel::keys::event::KeyCode::Esc);
        h.key(printer_panel::keys::event::KeyCode::Char('e'));
        assert_eq!(loose(&h), [], "{name}: the settings page");
    }
}

/// The guide box holds three rows: a longer reason ends in whole words and an ellipsis,
/// never in a sentence that simply stops.
#[test]
fn a_guide_longer_than_its_box_ends_in_an_ellipsis() {
    use printer_panel::app::guide::Advice;
    let theme = Theme::default();
    let why = "word ".repeat(80);
    let advice = Advice { next: "Press b.".into(), why: Some(why.trim().into()), act: Vec::new() };
    let goal = "connect the printer to a network with a very long name indeed";
    let buf = render(printer_panel::ui::guide::Guide { advice: &advice, title: "T", goal, theme: &theme }, 40, 5);
    let rows: Vec<String> = (1..4).map(|y| (1..39).map(|x| buf[(x, y)].symbol().to_string()).collect()).collect();
    assert!(rows[0].starts_with("Next: Press b."), "{rows:#?}");
    assert!(rows[2].trim_end().ends_with("word …"), "{rows:#?}");
    // The goal on the bottom edge: too long for it, it ends in an ellipsis inside the frame.
    let bottom: String = (0..40).map(|x| buf[(x, 4)].symbol().to_string()).collect();
    assert!(bottom.contains(" Goal: connect") && bottom.contains('…') && bottom.ends_with('┘'), "{bottom}");
}
