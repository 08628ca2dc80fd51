//! What the view, the drivers and the tests read of the panel: accessors only.

use super::{App, Below, Focus};
use crate::sim::models::PrinterModel;
use crate::sim::scenarios::Scenario;
use crate::sim::world::World;
use crate::theme::Theme;
use crate::trace::ladder::LadderEntry;
use crate::wps::time::Time;

use super::options::Options;
use super::printer::Printer;
use super::router::Router;

impl App {
    pub fn model(&self) -> &'static PrinterModel {
        self.printer.model
    }

    pub fn scenario(&self) -> &'static Scenario {
        self.options.scenario
    }

    /// Whether the scenario's goal is reached, as its steps and lesson say: from the typed
    /// state (the printer's link and screen, the router's clients and notice), never words.
    pub fn scenario_goal_reached(&self) -> bool {
        use super::notice::Notice;
        use super::printer::{Link, Outcome, Screen};
        use crate::sim::scenarios::Goal;
        let (p, r) = (&self.printer, &self.router);
        let connected = matches!(p.link, Link::Connected { .. }) && r.clients.iter().any(|c| c.mac == p.mac);
        match self.options.scenario.goal() {
            Goal::Overlap => p.screen == Screen::Result(Outcome::Overlap),
            Goal::Timeout => p.screen == Screen::Result(Outcome::Timeout),
            Goal::PinExpired => p.screen == Screen::Result(Outcome::PinExpired),
            Goal::WrongSecondHalf => p.screen == Screen::Result(Outcome::WrongPin { half: 2 }),
            Goal::TypoCaught => matches!(r.notice, Some(Notice::InvalidPin(_))),
            Goal::Connected => connected,
        }
    }

    pub fn theme(&self) -> &Theme {
        &self.options.theme
    }

    pub fn now(&self) -> Time {
        self.now
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Emulated seconds per real second.
    pub fn speed(&self) -> f64 {
        self.options.speed
    }

    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// In a small terminal, what shows under the device.
    pub fn below(&self) -> Below {
        self.below
    }

    /// The guide is on.
    pub fn guide_on(&self) -> bool {
        self.guide
    }

    /// The footer's one-line message, until the next key.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    pub fn printer(&self) -> &Printer {
        &self.printer
    }

    pub fn router(&self) -> &Router {
        &self.router
    }

    /// The computer's "Add a device" window, in the rehearsals that have a computer.
    pub fn computer(&self) -> Option<&super::computer::ComputerWindow> {
        self.computer.as_ref()
    }

    /// Whether the right-hand pane shows the computer's window rather than the router.
    pub fn showing_computer(&self) -> bool {
        self.focus == Focus::Computer && self.computer.is_some()
    }

    /// Every frame that crossed the air, labelled once.
    pub fn ladder(&self) -> &[LadderEntry] {
        &self.ladder
    }

    /// The engine's world, to read (identities, what crossed the air).
    pub fn world(&self) -> &World {
        self.engine.world()
    }
}
