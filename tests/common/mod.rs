//! Helpers shared by the test files: a panel on a virtual clock, the moves a person makes
//! on it, a world on the air, and the small facts tests compare against.
#![allow(dead_code)] // each test file uses its own subset

pub mod browser;
pub mod font;
pub mod learner;
pub mod screen;

use printer_panel::app::printer::Method;
use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::sim::air::Air;
use printer_panel::sim::models::Identities;
use printer_panel::sim::scenarios::scenario;
use printer_panel::sim::world::{World, WorldConfig};
use printer_panel::wps::pin;

/// The default panel, seeded, at 120 x 36.
pub fn panel() -> Headless {
    panel_with(Options { seed: Some(7), ..Options::default() })
}

pub fn panel_with(options: Options) -> Headless {
    Headless::new(App::new(options), 120, 36)
}

/// A scenario's panel with the guide on, at 120 x 40.
pub fn scenario_panel(id: &str) -> Headless {
    let options = Options { seed: Some(3), scenario: scenario(id).unwrap(), guide: true, ..Options::default() };
    Headless::new(App::new(options), 120, 40)
}

/// Every frame that crossed the panel's air so far, in order.
pub fn sent(h: &Headless) -> &[printer_panel::sim::air::Sent] {
    h.app.world().air.recording().sent()
}

/// Home > Settings > Wireless > Wi-Fi Protected Setup, by the printer's keys.
pub fn open_wps_menu(h: &mut Headless) {
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Enter] {
        h.key(key);
    }
    assert!(h.screen().contains("… > Wi-Fi Protected Setup"), "{}", h.screen());
}

/// Shows a PIN on the printer's LCD and returns it.
pub fn show_pin(h: &mut Headless) -> String {
    open_wps_menu(h);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    match h.app.printer().attempt.as_ref().map(|a| &a.method) {
        Some(Method::Pin(p)) => p.to_string(),
        other => panic!("no PIN attempt ({other:?}):\n{}", h.screen()),
    }
}

/// The router's button, then the printer's button held: the printer connects.
pub fn connect_by_push_button(h: &mut Headless) {
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    assert!(h.advance_until("Success!", std::time::Duration::from_secs(60)), "{}", h.screen());
}

/// The router's button, the printer's button held, then a neighbour pushing too: the run
/// ends in a session overlap (and one second more for the last frames to arrive).
pub fn run_into_overlap(h: &mut Headless) {
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(std::time::Duration::from_millis(3100));
    h.key(KeyCode::Char('n'));
    assert!(h.advance_until("Session overlap", std::time::Duration::from_secs(30)), "{}", h.screen());
    h.advance(std::time::Duration::from_secs(1));
}

/// A PIN shown, then a valid PIN typed at the router whose `half` (1 or 2) is wrong: the
/// run fails in the protocol, and one second more lets the NACK reach the router. Returns
/// the PIN the printer showed.
pub fn fail_with_wrong_half(h: &mut Headless, half: u8) -> String {
    let pin = show_pin(h);
    h.key(KeyCode::Tab);
    h.type_text(&wrong_pin(&pin, half));
    h.key(KeyCode::Enter);
    assert!(h.advance_until("Incorrect PIN", std::time::Duration::from_secs(40)), "{}", h.screen());
    h.advance(std::time::Duration::from_secs(1));
    pin
}

/// Another valid 8-digit PIN whose first or second half differs.
pub fn wrong_pin(pin: &str, half: u8) -> String {
    let mut digits: Vec<u32> = pin.chars().map(|c| c.to_digit(10).unwrap()).collect();
    let i = if half == 1 { 0 } else { 5 };
    digits[i] = (digits[i] + 1) % 10;
    let seven: u32 = digits[..7].iter().fold(0, |acc, d| acc * 10 + d);
    format!("{:07}{}", seven, pin::checksum(seven))
}

/// The default printer and router on the air, frames crossing in 10 ms.
pub fn world(seed: u64) -> (Air, Identities) {
    let world = World::new(WorldConfig::quick(Some(seed)));
    (world.air, world.ids)
}

/// Whether a side logged exactly this event line.
pub fn has(events: &[String], wanted: &str) -> bool {
    events.iter().any(|e| e == wanted)
}
