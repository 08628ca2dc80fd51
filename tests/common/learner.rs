//! What a learner's panel must hold wherever the learner is: the scenario's goal, the panel
//! agreeing with itself, and a guide that names only what the printer has. The learner robot
//! and the rehearsal property test both check by these.

use printer_panel::app::App;
use printer_panel::app::led::Led;
use printer_panel::app::notice::Notice;
use printer_panel::app::printer::{Link, Outcome, Screen};
use printer_panel::sim::models::{Panel, PrinterModel};
use printer_panel::wps::defs::{ConfigError, MsgType};

/// Whether the scenario's goal is reached (the library's own test of it).
pub fn reached(app: &App) -> bool {
    app.scenario_goal_reached()
}

/// The panel agrees with itself: the router's page with its registrar, the client list with
/// the printer's link once nothing is in flight, the LEDs with the state.
pub fn consistent(app: &App) -> Result<(), String> {
    let (p, r) = (app.printer(), app.router());
    let registrar = app.world().air.router();
    if r.pbc_until.is_some() != registrar.pbc_deadline().is_some() {
        return Err("push-button mode: page vs registrar".into());
    }
    if r.pin.is_some() != registrar.has_pin() {
        return Err("an armed PIN: page vs registrar".into());
    }
    if app.world().air.is_quiet() {
        let listed = r.clients.iter().find(|c| c.mac == p.mac).map(|c| c.ip);
        if listed != p.ip() {
            return Err(format!("client list {listed:?} vs the printer's link {:?}", p.link));
        }
    }
    // One cause on both devices: the half the router's page names is the printer's.
    if let (
        Some(Notice::Failed { msg, error: ConfigError::DevPasswordAuthFailure, .. }),
        Screen::Result(Outcome::WrongPin { half }),
    ) = (&r.notice, &p.screen)
    {
        let page = if matches!(msg, MsgType::M4 | MsgType::M5) { 1 } else { 2 };
        if page != *half {
            return Err(format!("the router's page names half {page}, the printer half {half}"));
        }
    }
    // Nothing claims what the state does not hold: a page saying the printer is listed.
    if app.world().air.is_quiet()
        && r.notice.as_ref().is_some_and(Notice::says_printer_is_listed)
        && !matches!(r.notice, Some(Notice::Joining))
        && !r.clients.iter().any(|c| c.mac == p.mac)
    {
        return Err(format!("the router's page says the printer is listed, but it is not ({:?})", p.link));
    }
    // The computer's window says a router is found only when its protocol follows one.
    if let (Some(window), Some(lan)) = (app.computer(), app.world().air.lan())
        && window.router.is_some()
        && lan.computer.routers().next().is_none()
    {
        return Err(format!("the computer's window names {:?}, its protocol follows no router", window.router));
    }
    let busy = p.attempt.is_some() || matches!(p.link, Link::Joining { .. });
    let wifi = p.leds.wifi;
    let right = match (p.powered && p.wireless_on, busy, p.connected()) {
        (false, _, _) | (true, false, false) => wifi == Led::Off,
        (true, true, _) => matches!(wifi, Led::Blink { .. }),
        (true, false, true) => wifi == Led::On,
    };
    if !right {
        return Err(format!("Wi-Fi light {wifi:?} for {:?}", p.link));
    }
    Ok(())
}

/// Words the guide may only say on a printer that has them.
pub fn names_what_exists(next: &str, model: &PrinterModel) -> Result<(), String> {
    let has_screen = model.has_screen();
    let screen_only = ["Settings >", "OK (Enter)", "Wi-Fi Protected Setup > PIN", "printer's screen"];
    if !has_screen && let Some(w) = screen_only.iter().find(|w| next.contains(**w)) {
        return Err(format!("the guide names '{w}' on a printer without a screen: {next}"));
    }
    // The touchscreen model has no Wi-Fi button, and no Settings menu on its home screen.
    let button_only = ["(W)", "(w)", "Wi-Fi button", "Settings >", "hold W"];
    if model.panel == Panel::Touch
        && let Some(w) = button_only.iter().find(|w| next.contains(**w))
    {
        return Err(format!("the guide names '{w}' on the touchscreen printer: {next}"));
    }
    // Every one-letter key the guide names in brackets, "(W)", is one of the key table's.
    for (i, _) in next.match_indices('(') {
        let key: Vec<char> = next[i + 1..].chars().take(2).collect();
        if key.len() == 2 && key[1] == ')' {
            let code = printer_panel::keys::event::KeyCode::Char(key[0]);
            let bound = printer_panel::keys::KEYS
                .iter()
                .flat_map(|row| row.bindings)
                .any(|b| b.press == printer_panel::keys::Press::Key(code));
            if !bound {
                return Err(format!("the guide names a key the panel does not have: ({}) in '{next}'", key[0]));
            }
            if key[0] == 'x' && has_screen && next.contains("Cancel button") {
                continue;
            }
        }
    }
    Ok(())
}
