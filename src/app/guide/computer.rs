//! The guide's part for the computer's "Add a device" window: what keeps the computer from
//! the router (from the world's state, which the window cannot see), then choosing the
//! printer and typing its PIN there.

use super::{Advice, words};
use crate::app::action::{Action, PanelAction};
use crate::app::printer::Method;
use crate::app::{App, Focus, steps};

/// What keeps the computer from adding devices through the router, from the world's state
/// (the computer's window cannot tell; the guide can).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputerBlocked {
    /// On the guest network, walled off from the router's own.
    Guest,
    UpnpOff,
    ApPinOff,
}

pub fn computer_blocked(app: &App) -> Option<ComputerBlocked> {
    let lan = app.world().air.lan()?;
    let setup = &app.router().setup;
    if lan.seat == crate::sim::lan::Seat::Guest {
        Some(ComputerBlocked::Guest)
    } else if !setup.upnp_on {
        Some(ComputerBlocked::UpnpOff)
    } else if !setup.ap_pin_on {
        Some(ComputerBlocked::ApPinOff)
    } else {
        None
    }
}

/// The computer's part of the guide: what keeps it from the router, then choosing the
/// printer and typing its PIN. `None`: nothing for the computer to do now.
pub(super) fn computer_advice(app: &App) -> Option<Advice> {
    use crate::app::computer::{ComputerAction as C, Stage};
    let window = app.computer()?;
    let at_computer = app.focus() == Focus::Computer;
    let tab = if at_computer { "" } else { "Tab to the computer and " };
    let with_focus = |act: Vec<Action>| {
        let focus = (!at_computer).then_some(Action::Panel(PanelAction::FocusComputer));
        focus.into_iter().chain(act).collect::<Vec<_>>()
    };
    let advice = |next: String, why: Option<String>, act: Vec<Action>| {
        Some(Advice { next: steps::capitalised(&next), why, act })
    };
    let ssid = &app.router().setup.ssid;
    let shown = match app.printer().attempt.as_ref().map(|a| &a.method) {
        Some(Method::Pin(pin)) => Some(pin),
        _ => None,
    };
    let pin_mode = shown.is_some();
    let blocked = computer_blocked(app);
    match (&window.stage, blocked) {
        (Stage::Searching, _) => advice(
            "The computer is looking for the router (a UPnP search on the network, answered within 3 s). Wait."
                .into(),
            None,
            Vec::new(),
        ),
        (Stage::NothingFound(_) | Stage::Devices, Some(ComputerBlocked::Guest)) => advice(
            format!("{tab}press o to move the computer to {ssid}, the router's own network, then it searches again."),
            Some(format!(
                "The computer is on {ssid}-Guest: a guest network reaches the internet but nothing of the home network, the router's UPnP included."
            )),
            with_focus(vec![Action::Computer(C::OtherNetwork)]),
        ),
        (Stage::NothingFound(_) | Stage::Devices, Some(why @ (ComputerBlocked::UpnpOff | ComputerBlocked::ApPinOff))) => {
            let (row, because) = match why {
                ComputerBlocked::UpnpOff => (
                    "UPnP",
                    "UPnP is off at the router: it neither announces itself nor answers the computer's search.",
                ),
                _ => (
                    "Router's PIN",
                    "The router's own PIN (AP PIN, on its label) is off: without it, the router lets no computer add devices through it.",
                ),
            };
            advice(
                format!("Fix it at the router: press e (settings), set {row} to on, Save; then r at the computer to search again."),
                Some(because.into()),
                vec![Action::Panel(PanelAction::OpenRouterSettings)],
            )
        }
        (Stage::NothingFound(_), None) => advice(
            format!("{tab}press r to search again: the router lets computers add devices now."),
            None,
            with_focus(vec![Action::Computer(C::SearchAgain)]),
        ),
        (Stage::Devices, None) if pin_mode => {
            let printer = app.printer().mac;
            match window.devices.iter().position(|d| d.mac == printer) {
                Some(i) => {
                    let name = &window.devices[i].name;
                    let step = if i < window.selected { C::Up } else { C::Down };
                    let moves = std::iter::repeat_n(Action::Computer(step), i.abs_diff(window.selected));
                    advice(
                        format!("{tab}choose {name} in Add a device (arrows) and press Enter."),
                        Some("The router passed the printer's M1 on to the computer: that is how it knows the printer is waiting.".into()),
                        with_focus(moves.chain([Action::Computer(C::Ok)]).collect()),
                    )
                }
                None => advice(
                    "Wait: the printer asks the router every few seconds, and the router passes its M1 to the computer, which then lists it.".into(),
                    None,
                    Vec::new(),
                ),
            }
        }
        (Stage::TypingPin, _) if pin_mode => {
            let Some(Method::Pin(pin)) = app.printer().attempt.as_ref().map(|a| &a.method) else { return None };
            let typed = &window.pin_input;
            let clear = std::iter::repeat_n(Action::Computer(C::Backspace), typed.chars().count());
            let digits = pin.as_str().chars().map(|c| Action::Computer(C::Type(c)));
            let first = if typed.is_empty() { "type" } else { "clear the field (Backspace), type" };
            advice(
                format!("{tab}{first} the PIN from {}, {}, then Enter.", words(app).pin_shown_on(), pin.grouped()),
                Some("The PIN goes into the computer, not the router: the computer is the registrar this time.".into()),
                with_focus(clear.chain(digits).chain([Action::Computer(C::Ok)]).collect()),
            )
        }
        (Stage::Adding { .. }, _) if pin_mode && window.sent.as_ref() == shown => advice(
            "Watch: the computer waits for the printer to ask again, then M2 to M8 cross through the router (its relay, on the ladder). Nothing to press."
                .into(),
            None,
            Vec::new(),
        ),
        // A PIN that was wrong, or a PIN the printer no longer shows: back to the list.
        (Stage::Failed(_) | Stage::Adding { .. } | Stage::TypingPin, _) if pin_mode => advice(
            format!("{tab}press Enter to go back to the list, then choose the printer and type the PIN it shows now."),
            None,
            with_focus(vec![Action::Computer(if matches!(window.stage, Stage::Failed(_)) { C::Ok } else { C::Back })]),
        ),
        _ => None,
    }
}
