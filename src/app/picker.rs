//! The scenario picker (`s`): a list of the training scenarios with one highlighted.

use crate::sim::scenarios::{SCENARIOS, Scenario};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picker {
    pub selected: usize,
}

impl Picker {
    /// Opens on the scenario running now.
    pub fn open(current: &Scenario) -> Picker {
        Picker { selected: SCENARIOS.iter().position(|s| s.id == current.id).unwrap_or(0) }
    }

    pub fn up(&mut self) {
        self.selected = self.selected.checked_sub(1).unwrap_or(SCENARIOS.len() - 1);
    }

    pub fn down(&mut self) {
        self.selected = (self.selected + 1) % SCENARIOS.len();
    }

    pub fn chosen(&self) -> &'static Scenario {
        &SCENARIOS[self.selected]
    }
}
