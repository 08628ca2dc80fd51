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

    /// Every frame that crossed the air, labelled once.
    pub fn ladder(&self) -> &[LadderEntry] {
        &self.ladder
    }

    /// The engine's world, to read (identities, what crossed the air).
    pub fn world(&self) -> &World {
        self.engine.world()
    }
}
