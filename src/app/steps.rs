//! A scenario's steps for the printer at hand: the sentence the guide shows and the actions
//! that do it, both from the step's value and the model's data. One wording function per
//! kind of panel, so no sentence is rewritten by patterns and no action is found in text;
//! every duration is the model's (or the router's) own figure.

use std::time::Duration;

use super::action::{Action, PanelAction, PrinterAction, RouterAction};
use crate::format::{span, span_adjective};
use crate::sim::models::{Panel, PrinterModel};
use crate::sim::scenarios::{Goal, PinMistake, Scenario, Step, Watch};

pub const ROUTER_BUTTON: Action = Action::Router(RouterAction::WpsButton);

/// What the wording needs to know besides the step: the printer, and the router's walk time.
#[derive(Debug, Clone, Copy)]
pub struct Words {
    pub model: &'static PrinterModel,
    /// The router's push-button walk time.
    pub walk: Duration,
}

impl Words {
    /// "hold the printer's Wi-Fi button for 3 seconds (W) until its light blinks", or on
    /// the touchscreen, Push Button started from its screen.
    pub fn start_push_button(&self) -> String {
        match self.model.panel {
            Panel::Touch => {
                "start Push Button on the printer's screen (Wi-Fi > Wi-Fi Protected Setup > Push Button)".into()
            }
            Panel::Buttons | Panel::Screenless => format!("{} until its light blinks", self.hold_wifi()),
        }
    }

    /// "hold the printer's Wi-Fi button for 3 seconds (W)" (a printer that has one).
    fn hold_wifi(&self) -> String {
        format!("hold the printer's Wi-Fi button for {} (W)", span(self.model.hold_time))
    }

    /// Where the PIN is on this printer's menu, and how to get there; a printer without a
    /// screen prints it.
    pub fn pin_path(&self) -> &'static str {
        match self.model.panel {
            Panel::Touch => "Wi-Fi > Wi-Fi Protected Setup > PIN (tap, or arrows and Enter)",
            Panel::Buttons => "Settings > Wireless > Wi-Fi Protected Setup > PIN (arrows, Enter)",
            Panel::Screenless => "hold its Wi-Fi button and press Info (I): it prints a page with the PIN",
        }
    }

    /// Where the learner reads the PIN: "the printer's screen", or its printed page.
    pub fn pin_shown_on(&self) -> &'static str {
        if self.model.has_screen() { "the printer's screen" } else { "the page the printer printed" }
    }

    /// "within 2 minutes": the router's walk time.
    pub fn within_walk(&self) -> String {
        format!("within {}", span(self.walk))
    }

    /// "the 2-minute walk time".
    pub fn walk_time(&self) -> String {
        format!("the {} walk time", span_adjective(self.walk))
    }

    /// The scenario's goal in one line, for the guide's frame: what the learner is to reach.
    pub fn goal(&self, scenario: &Scenario, ssid: &str) -> String {
        match scenario.goal() {
            Goal::Connected => format!("connect the printer to {ssid}"),
            Goal::Overlap => "see the router refuse two devices pushing at once".into(),
            Goal::Timeout => format!("see the printer's {} walk time run out", span_adjective(self.model.walk_time)),
            Goal::PinExpired => format!("see the printer's PIN run out after {}", span(self.model.pin_validity)),
            Goal::WrongSecondHalf => "see a PIN with a wrong second half fail after M6".into(),
            Goal::TypoCaught => "see the router's page catch a mistyped PIN".into(),
        }
    }

    /// "Run WPS again: ...": the printer's push button, then the router's.
    pub fn run_wps_again(&self) -> String {
        format!("Run WPS again: {}, then press the router's WPS button (b).", self.start_push_button())
    }

    /// The sentence the guide shows for `step` in `scenario`.
    pub fn step(&self, step: Step, scenario: &Scenario) -> String {
        let push = self.start_push_button();
        match step {
            Step::StartWps => match self.model.panel {
                Panel::Touch => {
                    "On the printer's screen tap Wi-Fi > Wi-Fi Protected Setup > Push Button (or PIN).".into()
                }
                Panel::Buttons => {
                    format!("{}, or open Settings > Wireless > Wi-Fi Protected Setup.", capitalised(&self.hold_wifi()))
                }
                // No screen, no menu: the button is the way.
                Panel::Screenless => format!("{}.", capitalised(&push)),
            },
            Step::StartPushButton => format!("{}.", capitalised(&push)),
            Step::StartPushButtonAndWait => format!("{}, and wait.", capitalised(&push)),
            Step::StartPushButtonAndWaitItOut => {
                format!("{}, then wait out {}.", capitalised(&push), self.walk_time())
            }
            Step::StartPushButtonWithNeighbour => {
                format!("{}. A neighbour's device starts push-button mode at the same moment.", capitalised(&push))
            }
            Step::PressRouterButton => format!("Press the router's WPS button (b) {}.", self.within_walk()),
            Step::PressRouterButtonAndRead => "Press the router's WPS button (b) and read its page.".into(),
            Step::RouterThenPrinter => format!("Press the router's WPS button (b), then {push}."),
            Step::PrinterThenRouter => self.run_wps_again(),
            Step::ShowPin if !self.model.has_screen() => format!("Get a PIN from the printer: {}.", self.pin_path()),
            Step::ShowPin => format!("Show a PIN on the printer: {}.", self.pin_path()),
            Step::TypePinAtRouter => {
                format!("Tab to the router, type the PIN from {}, press Enter (Connect).", self.pin_shown_on())
            }
            Step::TypePinAtComputer => format!(
                "Tab to the computer, choose the printer in Add a device (Enter), type the PIN from {}, Enter.",
                self.pin_shown_on()
            ),
            Step::LetComputerIn => {
                "Tab to the computer and read its Add a device window: it cannot find a router to add devices through."
                    .into()
            }
            Step::ConnectTypedPin(PinMistake::Typo) => {
                "The router's PIN field now holds what was typed, with a typo. Tab to the router and press Enter."
                    .into()
            }
            Step::ConnectTypedPin(PinMistake::WrongSecondHalf) => {
                "The router's PIN field holds a wrong (but valid-looking) PIN. Tab to the router and press Enter."
                    .into()
            }
            Step::FixRouter => {
                let fix = scenario.router_setup().wps_unavailable().map_or("let WPS run", |b| b.fix());
                format!("Fix it at the router: press e (wireless settings), {fix}, Save; then press b and {push}.")
            }
            Step::ClosePopup => "Read the pop-up, then close it (Esc). Do not call anyone.".into(),
            Step::Watch(watch) => self.watch(watch),
        }
    }

    fn watch(&self, watch: Watch) -> String {
        match watch {
            Watch::Registration => {
                "Watch M1 to M8 cross the air; the printer joins and appears in the client list.".into()
            }
            Watch::OverlapRefused => {
                "The router sees two devices and refuses both (M2D, configuration error 12).".into()
            }
            Watch::LostFrame => {
                "Watch the ladder: a frame is lost, the sender waits, and the same message comes again.".into()
            }
            Watch::StillJoins => "It happens twice, once each way; the printer still joins.".into(),
            Watch::OldPasswordRefused => "Watch the printer try the password it remembers: the router refuses it at message 2 of the 4-way handshake.".into(),
            Watch::NewPasswordJoins => "The printer receives the new password in M8 and joins with it.".into(),
            Watch::RefusedAfterM6 => "Watch the ladder: the printer refuses after M6 (configuration error 18).".into(),
            Watch::WalkTimeRunsOut => format!("Do not touch the router: wait out {}.", self.walk_time()),
            Watch::PinRunsOut => format!(
                "Do not type it at the router: watch the PIN's {} run out on {}.",
                span(self.model.pin_validity),
                if self.model.has_screen() { "the printer's screen" } else { "the printer's Wi-Fi light" }
            ),
        }
    }

    /// The scenario's lesson, its walk time worded from the router's figure.
    pub fn lesson(&self, scenario: &Scenario) -> String {
        scenario.lesson.replace("{walk}", &span(self.walk)).replace("{pin}", &span(self.model.pin_validity))
    }

    /// The actions a step stands for on this printer, in the order its sentence names them
    /// (empty: nothing to press).
    pub fn actions(&self, step: Step) -> Vec<Action> {
        match step {
            Step::StartWps
            | Step::StartPushButton
            | Step::StartPushButtonAndWait
            | Step::StartPushButtonAndWaitItOut
            | Step::StartPushButtonWithNeighbour => start_push_button(self.model),
            Step::PressRouterButton | Step::PressRouterButtonAndRead => vec![ROUTER_BUTTON],
            Step::RouterThenPrinter => [vec![ROUTER_BUTTON], start_push_button(self.model)].concat(),
            Step::PrinterThenRouter => [start_push_button(self.model), vec![ROUTER_BUTTON]].concat(),
            Step::ShowPin => show_pin(self.model),
            Step::FixRouter => vec![Action::Panel(PanelAction::OpenRouterSettings)],
            Step::ClosePopup => vec![Action::Panel(PanelAction::DismissPopup)],
            // Typing the PIN and Connect are the guide's, from the attempt it sees.
            Step::LetComputerIn => vec![Action::Panel(PanelAction::FocusComputer)],
            Step::TypePinAtRouter | Step::TypePinAtComputer | Step::ConnectTypedPin(_) | Step::Watch(_) => Vec::new(),
        }
    }
}

/// Whether a step starts push-button mode on the printer.
pub fn starts_push_button(step: Step) -> bool {
    matches!(
        step,
        Step::StartWps
            | Step::StartPushButton
            | Step::StartPushButtonAndWait
            | Step::StartPushButtonAndWaitItOut
            | Step::StartPushButtonWithNeighbour
            | Step::RouterThenPrinter
            | Step::PrinterThenRouter
    )
}

/// Whether a step is the router's button alone.
pub fn presses_router_only(step: Step) -> bool {
    matches!(step, Step::PressRouterButton | Step::PressRouterButtonAndRead)
}

/// Home > Settings > Wireless > Wi-Fi Protected Setup > PIN by the LCD's buttons, or on the
/// touchscreen: Home, then taps on Wi-Fi, Wi-Fi Protected Setup and PIN.
pub fn show_pin(model: &PrinterModel) -> Vec<Action> {
    use PrinterAction as P;
    let presses: &[P] = match model.panel {
        Panel::Touch => &[P::Home, P::Touch(0), P::Touch(0), P::Touch(1)],
        Panel::Buttons => &[P::Home, P::Down, P::Down, P::Ok, P::Ok, P::Ok, P::Down, P::Ok],
        Panel::Screenless => &[P::PinPage],
    };
    presses.iter().copied().map(Action::Printer).collect()
}

/// Home > Settings > Wireless > Wireless On/Off, then OK, by the LCD's buttons; on the
/// touchscreen: Home, then taps on Wi-Fi and Wireless On/Off, then OK.
pub fn wireless_on(model: &PrinterModel) -> Vec<Action> {
    use PrinterAction as P;
    let presses: &[P] = match model.panel {
        Panel::Touch => &[P::Home, P::Touch(0), P::Touch(2), P::Ok],
        Panel::Buttons | Panel::Screenless => {
            &[P::Home, P::Down, P::Down, P::Ok, P::Ok, P::Down, P::Down, P::Ok, P::Ok]
        }
    };
    presses.iter().copied().map(Action::Printer).collect()
}

/// Push-button mode on the printer: hold its Wi-Fi button, or on the touchscreen tap Wi-Fi,
/// Wi-Fi Protected Setup and Push Button.
pub fn start_push_button(model: &PrinterModel) -> Vec<Action> {
    use PrinterAction as P;
    match model.panel {
        Panel::Touch => [P::Home, P::Touch(0), P::Touch(0), P::Touch(0)].into_iter().map(Action::Printer).collect(),
        Panel::Buttons | Panel::Screenless => vec![Action::Printer(P::WifiHold)],
    }
}

/// "hold ..." as the start of a sentence.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
