//! The guide (`--guide`): the learner's next step, and each outcome in plain words,
//! worked out from the panel's state.

use super::printer::{Method, Outcome, Screen};
use super::router::Status;
use super::{App, Focus};

/// What the guide says now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// What to do next.
    pub next: String,
    /// Why things happened, once something did.
    pub why: Option<String>,
}

pub fn advice(app: &App) -> Advice {
    let s = app.scenario();
    let advice = |next: &str, why: Option<String>| Advice { next: next.to_string(), why };
    let has_screen = app.model().has_screen;
    if app.scam_popup {
        return advice(
            "Close the pop-up (Esc) and do not call anyone.",
            Some(
                "Nothing on a printer ever asks you to phone for its PIN: the PIN is on the printer's own screen."
                    .into(),
            ),
        );
    }
    if app.router_settings.is_some() {
        return advice(&settings_step(app), None);
    }
    if let Some(why) = app.router.setup.wps_unavailable()
        && app.router.notice.is_some()
    {
        return advice(
            &format!("Fix it at the router: press e (wireless settings), {}, then Save.", fix(app)),
            Some(format!("{why} {}", s.lesson)),
        );
    }
    if let Screen::Result(outcome) = &app.printer.screen {
        let what = match outcome {
            Outcome::Connected { ssid } => format!(
                "The printer received the network settings for {ssid} inside M8, encrypted with a key only it and the router know. Then it joined like any device: the 4-way handshake proved both have the same password, and DHCP gave it its address."
            ),
            Outcome::WrongPassword => "The printer still has the Wi-Fi password it was set up with. The router's password changed since, so the router could not check the printer's 4-way handshake message (message 2) and sent it away. The printer needs the new password: run WPS again.".into(),
            Outcome::WrongPin { half: 1 } => "The printer compared the router's proof of the first four digits (R-Hash1 in M4) with its own PIN: they differ, so it stopped with configuration error 18.".into(),
            Outcome::WrongPin { .. } => "The first four digits matched, the last four did not (R-Hash2, checked after M6): configuration error 18.".into(),
            Outcome::Timeout => "No registration finished within the 2-minute walk time.".into(),
            Outcome::Overlap => "The router saw more than one device in push-button mode and answered M2D with configuration error 12.".into(),
            Outcome::PinExpired => "The PIN was only valid for a limited time; it has been erased.".into(),
            Outcome::Failed(why) => format!("The exchange stopped: {why}."),
        };
        let lesson = if s.lesson.is_empty() { String::new() } else { format!(" {}", s.lesson) };
        // Enter goes to whichever pane has the focus; a printer without a screen has no OK.
        let next = match (has_screen, app.focus) {
            _ if *outcome == Outcome::WrongPassword => {
                "Run WPS again: hold the printer's Wi-Fi button (W), then press the router's WPS button (b)."
            }
            (false, _) => "Press the printer's Cancel button (x) to clear its light, or s to pick another scenario.",
            (true, Focus::Router) => "Tab back to the printer and press OK (Enter), or s to pick another scenario.",
            (true, Focus::Printer) => "Press OK (Enter) on the printer to go back, or s to pick another scenario.",
        };
        return advice(next, Some(format!("{what}{lesson}")));
    }
    if app.printer.screen == Screen::Joining {
        return advice(
            "WPS is done: watch the printer join with the password it received (4-way handshake, then DHCP). Nothing to press.",
            None,
        );
    }
    if let Some(a) = &app.printer.attempt {
        let router_ready = app.router.status == Status::Active;
        let next = match (&a.method, app.printer.exchanging()) {
            (_, Some(n)) => {
                format!("Printer and router are exchanging keys: M{n} of M8. Watch the ladder; nothing to press.")
            }
            (_, _) if app.router.overlap => {
                "The router saw two devices pushing at once and refuses both: watch the printer give up, then wait the 2 minutes out.".into()
            }
            (_, _) if s.leave_router_alone => {
                "Do not touch the router: watch the printer wait out its 2-minute walk time.".into()
            }
            // A router with WPS off cannot be made ready by its button: say where the fix is.
            (_, _) if app.router.setup.wps_unavailable().is_some() => {
                format!("WPS is off at the router: press e (wireless settings), {}, then Save.", fix(app))
            }
            (Method::PushButton, _) if !router_ready => {
                "Now press the router's WPS button (b) within 2 minutes.".into()
            }
            (Method::Pin(_), _) if app.router.pin.is_none() => {
                let tab = if app.focus == Focus::Router { "" } else { "Tab to the router, " };
                if app.router.pin_input.is_empty() {
                    format!("{tab}type the PIN shown on the printer's screen, then press Enter (Connect).")
                } else {
                    format!("{tab}its PIN field already holds what was typed: press Enter (Connect).")
                }
            }
            _ => "The router is ready; the printer is finding it. Wait a moment.".into(),
        };
        return Advice { next, why: None };
    }
    advice(&first_step(app), None)
}

/// The scenario's next step before anything started: the step after the pop-up once it is
/// closed, and for a printer without a screen, its button instead of a menu.
fn first_step(app: &App) -> String {
    let s = app.scenario();
    let step = if s.scam_popup { s.steps.get(1) } else { s.steps.first() };
    let step = step.copied().unwrap_or_default();
    if !app.model().has_screen && step.contains("Settings >") {
        return "Hold the printer's Wi-Fi button for 3 seconds (W) until its light blinks slowly.".into();
    }
    step.into()
}

/// What to change on the router's settings page so that WPS can run.
fn fix(app: &App) -> &'static str {
    let setup = &app.router.setup;
    if !setup.wps_enabled {
        "set WPS to on"
    } else if setup.hidden_ssid {
        "make the network name visible"
    } else {
        "choose WPA2-Personal (AES) or WPA2/WPA3-Personal"
    }
}

/// The next step while the router's settings page is open.
fn settings_step(app: &App) -> String {
    let Some(page) = &app.router_settings else { return String::new() };
    match page.draft.wps_unavailable() {
        Some(_) => {
            let d = &page.draft;
            let what = if !d.wps_enabled {
                "WPS to on"
            } else if d.hidden_ssid {
                "Network name to visible"
            } else {
                "Security to WPA2-Personal (AES)"
            };
            format!("Set {what} (arrows to choose the line, left and right to change it).")
        }
        None => "Select Save and press Enter; then start WPS again.".into(),
    }
}
