//! Exercises a trainer writes and assesses. An exercise file (TOML, `exercises/`) sets the
//! starting state, the goal and the assessment items as typed conditions over the panel's
//! state ([`condition`]); a learner sits it (`--exercise FILE --learner NAME`), drawing a
//! variant, a model and a seed from their name, and the panel assesses it
//! ([`crate::app::assessment`]); [`check`] proves an exercise solvable by following the guide
//! on every draw. `exercise results` collects the class's results.

pub mod builtin;
pub mod check;
pub mod file;

use std::sync::Arc;

pub use file::{Exercise, ExerciseError};

use crate::app::assessment::Assessment;
use crate::sim::models::PrinterModel;
use crate::sim::scenarios::Scenario;

/// What one learner is given: the exercise, and what their name drew.
#[derive(Debug, Clone)]
pub struct Assignment {
    pub exercise: Exercise,
    /// The exercise as the command line named it (a path, or a built-in's name).
    pub source: String,
    pub learner: String,
    /// The panel's seed: the learner's own PINs, keys and addresses, the same on replay.
    pub seed: u64,
    pub model: &'static PrinterModel,
    /// The variant drawn, if the exercise has variants.
    pub variant: Option<usize>,
    pub scenario: &'static Scenario,
}

/// A learner's name as given: trimmed, 1 to 64 characters, no control characters.
pub fn learner_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(format!(
            "--learner '{}': give a name of 1 to 64 characters, without control characters",
            crate::text::printable(name.as_bytes())
        ));
    }
    Ok(name.to_string())
}

/// A name for files: letters, digits, `-` and `_`, the rest as `_`.
pub fn file_stem(name: &str) -> String {
    name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect()
}

impl Assignment {
    /// The exercise for `learner`: the variant, model, PIN lifetime and seed drawn from the
    /// exercise's hash and the name, so that the same learner gets the same panel again.
    pub fn for_learner(exercise: Exercise, source: String, learner: &str) -> Result<Assignment, String> {
        let learner = learner_name(learner)?;
        use sha2::Digest;
        let mut h = sha2::Sha256::new();
        h.update(b"printer-panel exercise draw\0");
        h.update(exercise.sheet.hash.as_bytes());
        h.update([0]);
        h.update(learner.to_lowercase().as_bytes());
        let d = h.finalize();
        let word = |i: usize| u64::from_be_bytes(d[i..i + 8].try_into().expect("8 bytes"));
        let pick = |i: usize, n: usize| (n > 0).then(|| (word(i) % n as u64) as usize);
        let draw = Draw {
            seed: word(0),
            model: pick(8, exercise.models.len()).unwrap_or(0),
            variant: pick(16, exercise.variants.len()),
            pin_lifetime: pick(24, exercise.pin_lifetimes.len()),
        };
        Ok(Assignment::drawn(exercise, source, learner, draw))
    }

    /// The exercise with a given draw (the trainer's check goes through every one).
    pub fn drawn(exercise: Exercise, source: String, learner: String, draw: Draw) -> Assignment {
        let base = exercise.models[draw.model.min(exercise.models.len() - 1)];
        let model: &'static PrinterModel = match draw.pin_lifetime.and_then(|i| exercise.pin_lifetimes.get(i)) {
            // Made once per learner's panel, for the whole process: a model is static.
            Some(&pin_validity) => Box::leak(Box::new(PrinterModel { pin_validity, ..base.clone() })),
            None => base,
        };
        let start = match draw.variant.and_then(|i| exercise.variants.get(i)) {
            Some(v) => exercise.start.and(&v.start),
            None => exercise.start.clone(),
        };
        let title: &'static str = Box::leak(exercise.sheet.title.clone().into_boxed_str());
        let scenario: &'static Scenario = Box::leak(Box::new(start.scenario(title)));
        Assignment { source, learner, seed: draw.seed, model, variant: draw.variant, scenario, exercise }
    }

    /// The variant's name, if one was drawn.
    pub fn variant_name(&self) -> Option<&str> {
        self.variant.and_then(|i| self.exercise.variants.get(i)).map(|v| v.name.as_str())
    }

    /// What the panel assesses for this learner.
    pub fn assessment(&self) -> Assessment {
        Assessment {
            sheet: self.exercise.sheet.clone(),
            source: self.source.clone(),
            learner: self.learner.clone(),
            model: self.model,
            variant: self.variant_name().map(str::to_string),
        }
    }

    /// The panel's options for this learner, from `base` (theme, speed, mouse).
    pub fn options(&self, base: crate::app::Options) -> crate::app::Options {
        crate::app::Options {
            model: self.model,
            scenario: self.scenario,
            seed: Some(self.seed),
            guide: false,
            exercise: Some(Arc::new(self.assessment())),
            ..base
        }
    }
}

/// Which variant, model and PIN lifetime a learner gets, and their seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    pub seed: u64,
    pub model: usize,
    pub variant: Option<usize>,
    pub pin_lifetime: Option<usize>,
}
