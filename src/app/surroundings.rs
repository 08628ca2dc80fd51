//! What goes on around the printer in a scenario, outside the learner's hands: a neighbour
//! pushing its button at the same moment, a person typing the PIN at the router with a
//! mistake.

use super::engine::Command;
use super::{App, printer, router};

impl App {
    /// What goes on around the printer in this scenario when it starts WPS: a neighbour
    /// pushing at the same moment, or a person typing the PIN at the router with a mistake.
    pub(super) fn scenario_reacts(&mut self, commands: &mut Vec<Command>) {
        let scenario = self.scenario();
        let pbc_started = commands
            .iter()
            .any(|c| matches!(c, Command::StartWps { password: crate::wps::enrollee::Password::PushButton, .. }));
        let pin_started = commands.iter().any(|c| matches!(c, Command::StartWps { .. })) && !pbc_started;
        if pbc_started && scenario.neighbour_pushes {
            commands.push(Command::NeighbourPushes);
        }
        if pin_started
            && let Some(printer::Method::Pin(shown)) = self.printer.attempt.as_ref().map(|a| &a.method)
            && let Some(typed) = scenario.typed_at_router(shown)
        {
            self.router.pin_input = typed;
            self.router.selected = router::Control::Connect;
        }
    }
}
