//! What the panel assesses while a learner sits an exercise: the exercise as this learner
//! got it ([`Assessment`], plain data: the `exercise` module reads files and draws), the
//! typed conditions its goal and items are made of ([`condition`]), and the [`sitting`] that
//! watches every update and keeps the score.

pub mod condition;
pub mod sitting;

use std::time::Duration;

pub use condition::{Condition, Connection, Sight};
pub use sitting::{Ending, ItemResult, Scored, Sitting};

use crate::sim::models::PrinterModel;

/// One assessment item: its words, its points, and the typed conditions that meet it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub points: u32,
    pub when: Vec<Condition>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub text: String,
    pub cost: u32,
}

/// What every learner of an exercise shares: its words, goal, items, hints and limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The exercise's id (its file's name), title and instructions.
    pub id: String,
    pub title: String,
    pub instructions: String,
    /// SHA-256 of the exercise file, in hex: a result names the exact text it was sat with.
    pub hash: String,
    pub time_limit: Option<Duration>,
    /// The guide may be opened, each time for this many points.
    pub guide: Option<u32>,
    pub goal: Vec<Condition>,
    pub items: Vec<Item>,
    pub hints: Vec<Hint>,
}

/// An exercise as one learner sits it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub sheet: Sheet,
    /// The exercise as the command line named it (a path, or a built-in's name).
    pub source: String,
    pub learner: String,
    pub model: &'static PrinterModel,
    /// The variant drawn, if the exercise has variants.
    pub variant: Option<String>,
}

impl Sheet {
    /// The highest score: every item met, no hint taken.
    pub fn max_score(&self) -> u32 {
        self.items.iter().map(|i| i.points).sum()
    }
}
