//! The guide (`--guide`): the learner's next step, and each outcome in plain words,
//! worked out from the panel's state.

use super::action::{Action, PanelAction, PrinterAction, RouterAction};
use super::overlay::Overlay;
use super::printer::{ENTER_NETWORK_NAME, Link, Method, Outcome, PasswordSource, Screen};
use super::router::Status;
use super::settings::SettingRow;
use super::steps::{self, Words};
use super::{App, Focus};
use crate::sim::scenarios::{Goal, Step};

mod computer;
use computer::computer_advice;
pub use computer::{ComputerBlocked, computer_blocked};

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
    } else if app.computer().is_some() && !d.upnp_on {
        SettingRow::Upnp
    } else if app.computer().is_some() && !d.ap_pin_on {
        SettingRow::ApPin
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

/// The scenario's goal in one line: "connect the printer to HomeNet-5G2".
pub fn goal(app: &App) -> String {
    words(app).goal(app.scenario(), &app.router().setup.ssid)
}

pub fn advice(app: &App) -> Advice {
    let s = app.scenario();
    let words = words(app);
    let advice = |next: &str, why: Option<String>| Advice { next: next.to_string(), why, act: Vec::new() };
    let has_screen = app.model().has_screen();
    // Whatever is open over the panel comes first: it takes the keys.
    match app.overlays().last() {
        Some(Overlay::Help { .. }) => {
            return advice("Close the help (Esc) to see the panel again.", None)
                .doing(vec![Action::Panel(PanelAction::CloseHelp)]);
        }
        Some(Overlay::Scenarios(_)) => {
            return advice("Close the scenario list (Esc), or choose a scenario and press Enter.", None)
                .doing(vec![Action::Panel(PanelAction::PickerClose)]);
        }
        _ => {}
    }
    if app.paused() {
        return advice("The air is paused (the trainer's , key): press , to let it run again.", None)
            .doing(vec![Action::Panel(PanelAction::TogglePause)]);
    }
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
    // A printer that is off, or whose wireless is off, does nothing else first.
    if !app.printer().powered {
        return advice("The printer is off: press its Power button (P) to turn it on.", None)
            .doing(vec![Action::Printer(PrinterAction::Power)]);
    }
    if !app.printer().wireless_on {
        return advice(
            &format!(
                "The printer's wireless is off: turn it on in {} > Wireless On/Off, then OK (Enter).",
                app.model().wireless_path()
            ),
            None,
        )
        .doing(steps::wireless_on(app.model()));
    }
    // The setup wizard: the network, then its password, typed on the printer.
    if let Screen::WizardNetworks { networks, selected } = &app.printer().screen {
        let ssid = &app.router().setup.ssid;
        // The router's network when it is listed; "Enter network name" when it hides its name.
        let listed = networks.iter().position(|n| n == ssid);
        let target = listed.or_else(|| networks.iter().position(|n| n == ENTER_NETWORK_NAME)).unwrap_or(0);
        let moves = (0..target.abs_diff(*selected))
            .map(|_| Action::Printer(if target > *selected { PrinterAction::Down } else { PrinterAction::Up }));
        let act = moves.chain([Action::Printer(PrinterAction::Ok)]).collect();
        let text = match listed {
            Some(_) => format!("Choose your network, {ssid} (arrows), and press OK (Enter)."),
            None => format!(
                "Your router hides its network's name, so it is not listed: choose {ENTER_NETWORK_NAME} and press OK (Enter)."
            ),
        };
        return advice(&text, None).doing(act);
    }
    if let Screen::WizardName { typed } = &app.printer().screen {
        let ssid = &app.router().setup.ssid;
        // What is typed and does not begin the name is cleared first (Back deletes).
        let keep = if ssid.starts_with(typed.as_str()) { typed.chars().count() } else { 0 };
        let act = retype(typed, keep, ssid);
        return advice(
            &format!(
                "Type the network's name exactly, capitals too: {ssid} (on the router's label, L), then OK (Enter)."
            ),
            Some("A hidden network sends no name in its beacons: a device joins it by asking for it by name.".into()),
        )
        .doing(act);
    }
    if let Screen::WizardPassword { typed, .. } = &app.printer().screen {
        let password = &*app.router().setup.passphrase;
        // What is typed already and is not the password is cleared first (Back deletes).
        let right = &**typed == password;
        let clear = if right { 0 } else { typed.chars().count() };
        let act = retype(typed, typed.chars().count() - clear, password);
        let first = if clear > 0 { "Clear what is typed (Back), then type" } else { "Type" };
        // Changed since the printer was set up: the label still shows the factory password,
        // the very one that no longer works.
        let where_it_is = if s.printer_remembers.is_some() {
            "the router's current one, on its settings page (e), not the old one on its label (L)"
        } else {
            "on the router's label (L), and its settings page: e"
        };
        return advice(
            &format!("{first} the Wi-Fi password ({where_it_is}): {password}, then OK (Enter)."),
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
            Outcome::Failed(why @ crate::app::printer::FailReason::NotFound { .. }) => {
                format!("The printer did not find its network as it remembers it: {why}. It looks again by itself whenever the router's settings change.")
            }
            Outcome::Failed(why) => format!("The exchange stopped: {why}."),
        };
        let lesson = words.lesson(s);
        let lesson = if lesson.is_empty() { lesson } else { format!(" {lesson}") };
        let pin_lesson = s.steps.contains(&Step::ShowPin);
        // Enter goes to whichever pane has the focus; a printer without a screen has no OK,
        // and only a failure lights its Attention light.
        let next = match (has_screen, app.focus()) {
            _ if matches!(outcome, Outcome::WrongPassword(_)) => words.run_wps_again(),
            (false, _) if outcome.is_failure() => {
                "Press the printer's Cancel button (x) to clear its light, or s to pick another scenario.".into()
            }
            (false, _) if s.goal() != Goal::Connected => format!(
                "The printer connected, so this lesson's ending did not happen. To see it: {}",
                lower_first(&words.step(first_step(app), s))
            ),
            (false, _) => "Done: the printer is on the network. Press s to pick another scenario.".into(),
            (true, Focus::Router | Focus::Computer) => {
                "Tab back to the printer and press OK (Enter), or s to pick another scenario.".into()
            }
            // On an expired PIN, OK shows a new one: the way on in a PIN lesson, not in others.
            (true, Focus::Printer) if *outcome == Outcome::PinExpired && !pin_lesson => {
                "Press Back (Esc) on the printer to leave the PIN screen, or s to pick another scenario.".into()
            }
            // As its screen says: OK there shows a new PIN.
            (true, Focus::Printer) if *outcome == Outcome::PinExpired => {
                "Press OK (Enter) on the printer for a new PIN, or s to pick another scenario.".into()
            }
            (true, Focus::Printer) => {
                "Press OK (Enter) on the printer to go back, or s to pick another scenario.".into()
            }
        };
        let act = match (outcome, has_screen, app.focus()) {
            (Outcome::WrongPassword(_), _, _) => words.actions(Step::PrinterThenRouter),
            (_, false, _) if outcome.is_failure() => vec![Action::Printer(PrinterAction::Cancel)],
            (_, false, _) if s.goal() != Goal::Connected => words.actions(first_step(app)),
            (_, false, _) => Vec::new(),
            (_, true, Focus::Router | Focus::Computer) => vec![Action::Panel(PanelAction::FocusPrinter)],
            (Outcome::PinExpired, true, Focus::Printer) if !pin_lesson => vec![Action::Printer(PrinterAction::Back)],
            (_, true, Focus::Printer) => vec![Action::Printer(PrinterAction::Ok)],
        };
        return advice(&next, Some(format!("{what}{lesson}"))).doing(act);
    }
    if app.printer().screen == Screen::Joining {
        // Where the password came from is what the printer knows, not what the lesson is about.
        let next = match app.printer().password_from {
            PasswordSource::Wps => {
                "WPS is done: watch the printer join with the password it received (4-way handshake, then DHCP). Nothing to press."
            }
            PasswordSource::Typed => {
                "Watch the printer join with the password typed on it (4-way handshake, then DHCP). Nothing to press."
            }
            PasswordSource::Remembered => {
                "Watch the printer join with the password it remembers (4-way handshake, then DHCP). Nothing to press."
            }
        };
        return advice(next, None);
    }
    // On the network already (back after a power cycle, say), and that is the lesson's end:
    // nothing to start again.
    if s.goal() == Goal::Connected && app.printer().attempt.is_none() && app.scenario_goal_reached() {
        return advice(
            &format!(
                "Done: the printer is on {}, in the router's client list. Press s to pick another scenario.",
                app.router().setup.ssid
            ),
            None,
        );
    }
    if let Some(advice) = computer_advice(app) {
        return advice;
    }
    if let Some(a) = &app.printer().attempt {
        let router_ready = app.router().status == Status::Active;
        let mut act = Vec::new();
        let next = match (&a.method, app.printer().exchanging()) {
            (_, Some(n)) => {
                format!("Printer and router are exchanging keys: M{n} of M8. Watch the ladder; nothing to press.")
            }
            // The router's page keeps saying Overlap until its button is pressed again; this
            // attempt is refused only while the router still counts another device.
            (_, _)
                if app.router().overlap
                    && other_pushers_until(app).is_some()
                    && app.world().air.router().pbc_deadline().is_some() =>
            {
                format!(
                    "The router saw two devices pushing at once and refuses both: watch the printer give up, then wait out {}.",
                    words.walk_time()
                )
            }
            // hostapd will not even start push-button mode while it counts two pushers.
            (_, _) if app.router().overlap && other_pushers_until(app).is_some() => format!(
                "The router sees two devices in push-button mode, so it refuses its own WPS button until it has not seen one of them for {}: watch the printer wait out its walk time.",
                crate::format::span(app.router().walk_time)
            ),
            // This lesson is the printer waiting alone; a router pushed already spoils it.
            (_, _) if s.leave_router_alone && router_ready => {
                format!(
                    "This lesson needs the router left alone, but its WPS button was pressed: wait for its {} to end (its page counts down).",
                    words.walk_time()
                )
            }
            (Method::Pin(_), _) if s.leave_router_alone => {
                words.step(Step::Watch(crate::sim::scenarios::Watch::PinRunsOut), s)
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
                let field = &app.router().pin_input;
                let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
                // The scenario's own mistake, typed for the learner: the lesson is what it does.
                if s.typed_at_router(pin).is_some_and(|planted| *field == planted) {
                    act.push(Action::Router(RouterAction::Connect));
                    format!("{tab}its PIN field already holds what was typed: press Enter (Connect).")
                } else if !field.is_empty() && digits(field) == digits(&pin.grouped()) {
                    act.push(Action::Router(RouterAction::Connect));
                    format!("{tab}its PIN field already holds the printer's PIN: press Enter (Connect).")
                } else {
                    // Something else in the field (a digit typed early, an old PIN): cleared first.
                    act.extend(field.chars().map(|_| Action::Router(RouterAction::Backspace)));
                    act.extend(pin.grouped().chars().map(|c| Action::Router(RouterAction::Type(c))));
                    act.push(Action::Router(RouterAction::Connect));
                    let clear = if field.is_empty() { "" } else { "clear its PIN field (Backspace), " };
                    format!("{tab}{clear}type the PIN from {}, then press Enter (Connect).", words.pin_shown_on())
                }
            }
            _ => "The router is ready; the printer is finding it. Wait a moment.".into(),
        };
        return Advice { next, why: None, act };
    }
    let step = first_step(app);
    if s.leave_router_alone && app.router().status == Status::Active {
        return advice(
            &format!(
                "This lesson needs the router left alone, but its WPS button was pressed: wait for its {} to end (its page counts down), then start the printer.",
                words.walk_time()
            ),
            None,
        );
    }
    // Another device's push is still in the router's memory: pushing now is an overlap.
    if (steps::starts_push_button(step) || steps::presses_router_only(step))
        && let Some(until) = other_pushers_until(app)
    {
        let window = app.router().walk_time;
        let ago = window.saturating_sub(until.saturating_sub(app.now())).as_secs();
        return advice(
            &format!(
                "Wait before pushing again: the router saw another device in push-button mode {} ago and counts it for {} after that, so pushing now is an overlap. Or use the PIN instead.",
                crate::format::span(std::time::Duration::from_secs(ago)),
                crate::format::span(window)
            ),
            Some("Two devices in push-button mode at once and the router cannot tell which is yours.".into()),
        );
    }
    // Already in the printer's Wi-Fi Protected Setup menu: choose there, rather than be
    // told to open the menu the printer is showing.
    let p = app.printer();
    if step == Step::StartWps
        && p.powered
        && matches!(p.screen, Screen::Menu)
        && std::ptr::eq(p.cursor.menu(), &crate::app::menu::WPS)
    {
        let how = match app.options().model.panel {
            crate::sim::models::Panel::Touch => "tap Push Button (or PIN)",
            _ => "choose Push Button (or PIN) with the arrows and Enter (OK)",
        };
        let mut moves = vec![Action::Printer(PrinterAction::Up); p.cursor.selected()];
        moves.push(Action::Printer(PrinterAction::Ok));
        return advice(&format!("The printer is showing its Wi-Fi Protected Setup menu: {how}."), None).doing(moves);
    }
    advice(&words.step(step, s), None).doing(words.actions(step))
}

/// The scenario's next step before anything started: the step after the pop-up once it is
/// closed; with the router's button pressed and waiting, the printer's step, not the
/// router's again.
fn first_step(app: &App) -> Step {
    let s = app.scenario();
    // The router's settings were the lesson, and they are fixed now: what comes after the
    // fix, or a new round of WPS, not the steps that showed the problem.
    if s.steps.contains(&Step::FixRouter) && app.router().setup.wps_unavailable().is_none() {
        let after = s.steps.iter().skip_while(|st| **st != Step::FixRouter).nth(1).copied();
        return after.unwrap_or(Step::RouterThenPrinter);
    }
    // Something to watch at the start (the printer trying a password it remembers) is over
    // once the printer is doing nothing: the step after it.
    let p = app.printer();
    let idle = p.attempt.is_none() && !matches!(p.link, Link::Joining { .. });
    // The old password is gone once the printer has the router's (typed in the wizard, or
    // the router set back): nothing of it left to watch.
    let router_passphrase = app.router().setup.passphrase.as_bytes();
    let old_gone = app.world().air.join(0).known_network().is_none_or(|n| n.passphrase.as_slice() == router_passphrase);
    let over = |st: &Step| {
        matches!(st, Step::Watch(_))
            && (idle || (old_gone && *st == Step::Watch(crate::sim::scenarios::Watch::OldPasswordRefused)))
    };
    // The computer let in: nothing of that left to do.
    let computer_in = computer_blocked(app).is_none();
    let over = |st: &Step| over(st) || (*st == Step::LetComputerIn && computer_in);
    let mut rest = s.steps.iter().copied().skip(usize::from(s.scam_popup));
    let step = rest.find(|st| !over(st)).unwrap_or(Step::StartWps);
    if app.router().status == Status::Active && steps::presses_router_only(step) {
        return s.steps.iter().copied().find(|st| steps::starts_push_button(*st)).unwrap_or(Step::StartPushButton);
    }
    step
}

/// "Hold ..." as the middle of a sentence.
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// Until when the router still counts another device than the printer in push-button mode.
fn other_pushers_until(app: &App) -> Option<crate::wps::time::Time> {
    let air = &app.world().air;
    air.router().other_pushers_until(app.now(), air.printer().config().uuid_e)
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
        // Where a computer adds the device, what it needs from the router too.
        None if app.computer().is_some() && !page.draft.upnp_on => {
            "Set UPnP to on (arrows to choose the line, left and right to change it).".into()
        }
        None if app.computer().is_some() && !page.draft.ap_pin_on => {
            "Set Router's PIN to on (arrows to choose the line, left and right to change it).".into()
        }
        None if app.computer().is_some() => {
            "Select Save and press Enter; then press r at the computer to search again.".into()
        }
        None => "Select Save and press Enter; then start WPS again.".into(),
    }
}

/// The printer's keys that turn the field holding `typed` into `wanted`, then OK: Back over
/// what is typed past its first `keep` characters (those already right), the rest of
/// `wanted` typed.
fn retype(typed: &str, keep: usize, wanted: &str) -> Vec<Action> {
    std::iter::repeat_n(Action::Printer(PrinterAction::Back), typed.chars().count() - keep)
        .chain(wanted.chars().skip(keep).map(|c| Action::Printer(PrinterAction::Type(c))))
        .chain([Action::Printer(PrinterAction::Ok)])
        .collect()
}
