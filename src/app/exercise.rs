//! The panel's side of an exercise being sat: its sheet opens first, the trainer's keys that
//! would change the exercise (another scenario, rewind, a neighbour pushing) are refused, the
//! guide is off unless the exercise allows it (each opening then costs its points), and the
//! sitting watches every update.

use super::assessment::Sitting;
use super::overlay::Overlay;
use super::{App, PanelAction};
use crate::sim::scenarios::Scenario;
use crate::wps::time::Time;

/// What is open over the panel when it starts: the scenario's pop-up, and over it the
/// exercise's sheet (its instructions come first).
pub(super) fn first_overlays(scenario: &Scenario, exercise: bool) -> Vec<Overlay> {
    let mut overlays = Vec::new();
    if scenario.scam_popup {
        overlays.push(Overlay::ScamPopup);
    }
    if exercise {
        overlays.push(Overlay::Exercise);
    }
    overlays
}

impl App {
    /// The exercise being sat, if one is.
    pub fn sitting(&self) -> Option<&Sitting> {
        self.sitting.as_ref()
    }

    /// The sitting watches the update just made; the sheet opens when it ends, with the results.
    pub(super) fn observe_sitting(&mut self) {
        if let Some(mut sitting) = self.sitting.take() {
            let running = sitting.ended().is_none();
            sitting.observe(self);
            let ended = running && sitting.ended().is_some();
            self.sitting = Some(sitting);
            if ended && !self.overlays.contains(&Overlay::Exercise) {
                self.open(Overlay::Exercise);
            }
        }
    }

    /// When the sheet's clock next shows another second (while the sheet or the footer shows
    /// it), and when the time runs out.
    pub(super) fn sitting_timeouts(&self) -> (Option<Time>, Option<Time>) {
        let Some(s) = self.sitting.as_ref().filter(|s| s.ended().is_none()) else { return (None, None) };
        let elapsed = self.now.saturating_sub(s.started);
        let next_second = s.started + std::time::Duration::from_secs(elapsed.as_secs() + 1);
        (Some(next_second), s.deadline())
    }

    /// The exercise's own actions, and the ones an exercise refuses. Returns false for an
    /// action that goes on as usual.
    pub(super) fn exercise_action(&mut self, action: PanelAction) -> bool {
        let Some(sitting) = self.sitting.as_mut() else {
            if matches!(action, PanelAction::ToggleExercise | PanelAction::ExerciseHint) {
                self.message = Some("No exercise: start one with --exercise FILE --learner NAME.".into());
                return true;
            }
            return false;
        };
        match action {
            PanelAction::ToggleExercise => {
                if self.overlays.contains(&Overlay::Exercise) {
                    self.close(|o| *o == Overlay::Exercise);
                } else {
                    self.open(Overlay::Exercise);
                }
            }
            PanelAction::ExerciseHint => {
                if sitting.take_hint().is_none() {
                    self.message = Some("No more hints in this exercise.".into());
                }
                if !self.overlays.contains(&Overlay::Exercise) {
                    self.open(Overlay::Exercise);
                }
            }
            PanelAction::ToggleGuide if !self.guide => {
                if sitting.assessment.sheet.guide.is_none() {
                    self.message = Some("The guide is off in this exercise (X shows its hints, if it has any).".into());
                    return true;
                }
                sitting.guide_opened();
                return false;
            }
            // Each would change what the exercise assesses: another starting state, an attempt
            // undone, an overlap made on purpose, time stopped against the limit.
            PanelAction::OpenScenarios
            | PanelAction::Rewind
            | PanelAction::NeighbourPushes
            | PanelAction::TogglePause
            | PanelAction::StepFrame => {
                self.message = Some("Not while sitting an exercise: that is the trainer's key.".into());
            }
            _ => return false,
        }
        true
    }
}
