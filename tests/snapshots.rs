//! Snapshots of the key screens at 120x36 (and the narrow and tiny cases).

use std::time::Duration;

use printer_panel::app::Options;
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::theme::Theme;

mod common;
use common::{panel, show_pin};
use ratatui::style::Color;

fn panel_with(theme: Theme) -> Headless {
    common::panel_with(Options { seed: Some(7), theme, ..Options::default() })
}

#[test]
fn home() {
    insta::assert_snapshot!(panel().screen());
}

#[test]
fn pin_shown() {
    let mut h = panel();
    show_pin(&mut h);
    h.advance(Duration::from_millis(2500));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn pbc_waiting() {
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(10));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn success() {
    let mut h = panel();
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    assert!(h.advance_until("Success!", Duration::from_secs(30)));
    h.advance(Duration::from_secs(1));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn wrong_pin() {
    let mut h = panel();
    show_pin(&mut h);
    h.key(KeyCode::Tab);
    h.type_text("1234-5670");
    h.key(KeyCode::Enter);
    assert!(h.advance_until("Incorrect PIN", Duration::from_secs(30)));
    h.advance(Duration::from_secs(1));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn timeout() {
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(125));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn overlap() {
    let mut h = panel();
    common::run_into_overlap(&mut h);
    insta::assert_snapshot!(h.screen());
}

/// The router's wireless settings page in the WEP scenario, WEP selected: it says what
/// saving would do.
#[test]
fn router_settings() {
    let mut h = common::scenario_panel("wep");
    h.key(KeyCode::Char('e'));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn help() {
    let mut h = panel();
    h.key(KeyCode::Char('?'));
    insta::assert_snapshot!(h.screen());
}

/// 80 x 24, most terminals' default: one device at a time, a view under it.
#[test]
fn compact_at_80x24() {
    let mut h = panel();
    h.resize(80, 24);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn too_small() {
    let mut h = panel();
    h.resize(59, 23);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn stacked_when_narrow() {
    let mut h = panel();
    h.resize(70, 56);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn monochrome() {
    let mut h = panel_with(Theme::monochrome());
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(5));
    for cell in h.buffer().content() {
        assert!(cell.fg == Color::Reset && cell.bg == Color::Reset, "a coloured cell under NO_COLOR: {cell:?}");
    }
    let screen = h.screen();
    assert!(screen.contains("Wi-Fi slow blink"), "LED states are said in words:\n{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn touchscreen_pin() {
    let model = printer_panel::sim::models::printer_model("inkwell-touch").unwrap();
    let mut h = common::panel_with(Options { seed: Some(7), model, ..Options::default() });
    for key in [KeyCode::Enter, KeyCode::Enter, KeyCode::Down, KeyCode::Enter] {
        h.key(key);
    }
    h.advance(Duration::from_millis(2500));
    insta::assert_snapshot!(h.screen());
}

#[test]
fn inspector_while_paused() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    h.key(KeyCode::Tab);
    h.type_text(&format!("{}-{}", &pin[..4], &pin[4..]));
    h.key(KeyCode::Enter);
    assert!(h.advance_until("M5 ", Duration::from_secs(30)), "{}", h.screen());
    h.key(KeyCode::Char(','));
    h.key(KeyCode::Char('.'));
    h.key(KeyCode::Char('m'));
    h.key(KeyCode::Up);
    insta::assert_snapshot!(h.screen());
}

#[test]
fn log_scrolled_back() {
    let mut h = panel();
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(30));
    h.key(KeyCode::PageUp);
    insta::assert_snapshot!(h.screen());
}
