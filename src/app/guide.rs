//! The guide (`--guide`): the learner's next step, and each outcome in plain words,
//! worked out from the panel's state.

use super::action::{Action, PanelAction, PrinterAction, RouterAction};
use super::printer::{Method, Outcome, PasswordSource, Screen};
use super::router::Status;
use super::settings::SettingRow;
use super::steps::{self, Words};
use super::{App, Focus};
use crate::sim::scenarios::Step;

/// What the guide says now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// What to do next.
    pub next: String,
    /// Why things happened, once something did.
    pub why: Option<String>,
    /// The next step as the actions that do it (empty: nothing to press, wait), so that a
    /// test can follow the guide exactly as a learner would.
    pub act: Vec<Action>,
}

impl Advice {
    fn doing(mut self, act: Vec<Action>) -> Advice {
        self.act = act;
        self
    }
}

/// One move on the router's settings page toward settings that let WPS run, then Save.
fn settings_action(app: &App) -> Vec<Action> {
    let Some(page) = app.router_settings() else { return Vec::new() };
    let d = &page.draft;
    let target = if !d.wps_enabled {
        SettingRow::Wps
    } else if d.hidden_ssid {
        SettingRow::HiddenSsid
    } else if d.wps_unavailable().is_some() {
        SettingRow::Security
    } else {
        SettingRow::Save
    };
    let here = SettingRow::ALL.iter().position(|r| *r == page.row).unwrap_or(0);
    let there = SettingRow::ALL.iter().position(|r| *r == target).unwrap_or(0);
    let action = match (here.cmp(&there), target) {
        (std::cmp::Ordering::Less, _) => PanelAction::SettingsDown,
        (std::cmp::Ordering::Greater, _) => PanelAction::SettingsUp,
        (_, SettingRow::Save) => PanelAction::SettingsEnter,
        // WPA2-Personal (AES) is the first choice: from the modes after it, forward wraps to it.
        (_, _) => PanelAction::SettingsRight,
    };
    vec![Action::Panel(action)]
}

/// The words for this panel: its printer model and the router's walk time.
fn words(app: &App) -> Words {
    Words { model: app.model(), walk: app.router().walk_time }
}

pub fn advice(app: &App) -> Advice {
    let s = app.scenario();
    let words = words(app);
    let advice = |next: &str, why: Option<String>| Advice { next: next.to_string(), why, act: Vec::new() };
    let has_screen = app.model().has_screen();
    if app.scam_popup() {
        return advice(
            "Close the pop-up (Esc) and do not call anyone.",
            Some(
                "Nothing on a printer ever asks you to phone for its PIN: the PIN is on the printer's own screen."
                    .into(),
            ),
        )
        .doing(vec![Action::Panel(PanelAction::DismissPopup)]);
    }
    if app.router_settings().is_some() {
        return advice(&settings_step(app), None).doing(settings_action(app));
    }
    // The setup wizard: the network, then its password, typed on the printer.
    if let Screen::WizardNetworks { .. } = app.printer().screen {
        return advice("Choose your network (arrows) and press OK (Enter).", None)
            .doing(vec![Action::Printer(PrinterAction::Ok)]);
    }
    if let Screen::WizardPassword { typed, .. } = &app.printer().screen {
        let password = &*app.router().setup.passphrase;
        let act = if typed.is_empty() {
            password
                .chars()
                .map(|c| Action::Printer(PrinterAction::Type(c)))
                .chain([Action::Printer(PrinterAction::Ok)])
                .collect()
        } else {
            Vec::new()
        };
        return advice(
            &format!("Type the Wi-Fi password (on the router's label, and its settings page: e): {password}, then OK (Enter)."),
            Some("Without WPS, a device joins by the password: the 4-way handshake checks it.".into()),
        )
        .doing(act);
    }
    // The Wi-Fi button is going down: nothing to do but keep holding it.
    if app.printer().hold.is_some_and(|h| !h.fired) {
        return advice("Keep holding the printer's Wi-Fi button until its light blinks.", None);
    }
    if let Some(why) = app.router().setup.wps_unavailable()
        && app.router().notice.is_some()
    {
        return advice(
            &format!("Fix it at the router: press e (wireless settings), {}, then Save.", fix(app)),
            Some(format!("{why} {}", words.lesson(s))),
        )
        .doing(vec![Action::Panel(PanelAction::OpenRouterSettings)]);
    }
    if let Screen::Result(outcome) = &app.printer().screen {
        let what = match outcome {
            Outcome::Connected { ssid } if app.printer().password_from != PasswordSource::Wps => format!(
                "The printer joined {ssid} with the password typed on it: the 4-way handshake proved both sides have the same password, and DHCP gave it its address."
            ),
            Outcome::Connected { ssid } => format!(
                "The printer received {ssid}'s settings in M8, encrypted, then joined like any device: the 4-way handshake proved the password, DHCP gave the address."
            ),
            Outcome::WrongPassword(PasswordSource::Typed) => "The password typed on the printer is not the router's: the router could not check the printer's 4-way handshake message (message 2) and sent it away. Check it against the router's label, or use WPS.".into(),
            Outcome::WrongPassword(_) => "The printer still has its old Wi-Fi password: the router could not check its 4-way handshake message 2 and sent it away.".into(),
            Outcome::WrongPin { half: 1 } => "The printer compared the router's proof of the first four digits (R-Hash1 in M4) with its own PIN: they differ, so it stopped with configuration error 18.".into(),
            Outcome::WrongPin { .. } => "The first four digits matched, the last four did not (R-Hash2, checked after M6): configuration error 18.".into(),
            Outcome::Timeout => format!(
                "No registration finished within the printer's {} walk time.",
                crate::format::span_adjective(app.model().walk_time)
            ),
            Outcome::Overlap => "The router saw more than one device in push-button mode and answered M2D with configuration error 12.".into(),
            Outcome::PinExpired => "The PIN was only valid for a limited time; it has been erased.".into(),
            Outcome::Failed(why) => format!("The exchange stopped: {why}."),
        };
        let lesson = words.lesson(s);
        let lesson = if lesson.is_empty() { lesson } else { format!(" {lesson}") };
        // Enter goes to whichever pane has the focus; a printer without a screen has no OK,
        // and only a failure lights its Attention light.
        let next = match (has_screen, app.focus()) {
            _ if matches!(outcome, Outcome::WrongPassword(_)) => words.run_wps_again(),
            (false, _) if outcome.is_failure() => {
                "Press the printer's Cancel button (x) to clear its light, or s to pick another scenario.".into()
            }
            (false, _) => "Done: the printer is on the network. Press s to pick another scenario.".into(),
            (true, Focus::Router) => {
                "Tab back to the printer and press OK (Enter), or s to pick another scenario.".into()
            }
            (true, Focus::Printer) => {
                "Press OK (Enter) on the printer to go back, or s to pick another scenario.".into()
            }
        };
        let act = match (outcome, has_screen, app.focus()) {
            (Outcome::WrongPassword(_), _, _) => words.actions(Step::PrinterThenRouter),
            (_, false, _) if outcome.is_failure() => vec![Action::Printer(PrinterAction::Cancel)],
            (_, false, _) => Vec::new(),
            (_, true, Focus::Router) => vec![Action::Panel(PanelAction::FocusPrinter)],
            (_, true, Focus::Printer) => vec![Action::Printer(PrinterAction::Ok)],
        };
        return advice(&next, Some(format!("{what}{lesson}"))).doing(act);
    }
    if app.printer().screen == Screen::Joining {
        return advice(
            "WPS is done: watch the printer join with the password it received (4-way handshake, then DHCP). Nothing to press.",
            None,
        );
    }
    if let Some(a) = &app.printer().attempt {
        let router_ready = app.router().status == Status::Active;
        let mut act = Vec::new();
        let next = match (&a.method, app.printer().exchanging()) {
            (_, Some(n)) => {
                format!("Printer and router are exchanging keys: M{n} of M8. Watch the ladder; nothing to press.")
            }
            (_, _) if app.router().overlap => {
                format!(
                    "The router saw two devices pushing at once and refuses both: watch the printer give up, then wait out {}.",
                    words.walk_time()
                )
            }
            (_, _) if s.leave_router_alone => {
                format!(
                    "Do not touch the router: watch the printer wait out its {} walk time.",
                    crate::format::span_adjective(app.model().walk_time)
                )
            }
            // A router with WPS off cannot be made ready by its button: say where the fix is.
            (_, _) if app.router().setup.wps_unavailable().is_some() => {
                act.push(Action::Panel(PanelAction::OpenRouterSettings));
                format!("WPS is off at the router: press e (wireless settings), {}, then Save.", fix(app))
            }
            (Method::PushButton, _) if !router_ready => {
                act.push(steps::ROUTER_BUTTON);
                format!("Now press the router's WPS button (b) {}.", words.within_walk())
            }
            (Method::Pin(pin), _) if app.router().pin.is_none() => {
                let tab = if app.focus() == Focus::Router { "" } else { "Tab to the router, " };
                if app.focus() != Focus::Router {
                    act.push(Action::Panel(PanelAction::FocusRouter));
                }
                if app.router().pin_input.is_empty() {
                    act.extend(pin.grouped().chars().map(|c| Action::Router(RouterAction::Type(c))));
                    act.push(Action::Router(RouterAction::Connect));
                    format!("{tab}type the PIN shown on the printer's screen, then press Enter (Connect).")
                } else {
                    act.push(Action::Router(RouterAction::Connect));
                    format!("{tab}its PIN field already holds what was typed: press Enter (Connect).")
                }
            }
            _ => "The router is ready; the printer is finding it. Wait a moment.".into(),
        };
        return Advice { next, why: None, act };
    }
    let step = first_step(app);
    advice(&words.step(step, s), None).doing(words.actions(step))
}

/// The scenario's next step before anything started: the step after the pop-up once it is
/// closed; with the router's button pressed and waiting, the printer's step, not the
/// router's again.
fn first_step(app: &App) -> Step {
    let s = app.scenario();
    let step = if s.scam_popup { s.steps.get(1) } else { s.steps.first() };
    let step = step.copied().unwrap_or(Step::StartWps);
    if app.router().status == Status::Active && steps::presses_router_only(step) {
        return s.steps.iter().copied().find(|st| steps::starts_push_button(*st)).unwrap_or(Step::StartPushButton);
    }
    step
}

/// What to change on the router's settings page so that WPS can run.
fn fix(app: &App) -> &'static str {
    app.router().setup.wps_unavailable().map_or("", crate::sim::models::WpsBlocked::fix)
}

/// The next step while the router's settings page is open.
fn settings_step(app: &App) -> String {
    let Some(page) = app.router_settings() else { return String::new() };
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
