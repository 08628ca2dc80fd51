//! A learner sitting an exercise: what they have seen, the hints they took, when the goal
//! was reached or the time ran out, and the score. It watches the panel after every update
//! (the app calls [`Sitting::observe`]) and decides nothing about the panel itself.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::Assessment;
use super::condition::{Condition, Record, Sight};
use crate::app::App;
use crate::app::notice::Notice;
use crate::app::printer::Outcome;
use crate::wps::time::Time;

/// How a sitting ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ending {
    GoalReached,
    TimeUp,
}

#[derive(Debug, Clone)]
pub struct Sitting {
    pub assessment: Arc<Assessment>,
    /// The app's time the sitting started at.
    pub started: Time,
    seen: Vec<Sight>,
    last_outcome: Option<Outcome>,
    /// How many of the exercise's hints were shown, in order.
    pub hints_taken: usize,
    /// How often the guide was turned on (where the exercise allows it).
    pub guide_openings: u32,
    ended: Option<(Time, Ending)>,
    /// The items as they stood when the sitting ended: the score no longer moves.
    frozen: Option<Vec<bool>>,
}

/// One item's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    pub name: String,
    pub points: u32,
    pub met: bool,
}

/// A sitting's score, as the sheet shows it and the result file keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    pub items: Vec<ItemResult>,
    pub hints: u32,
    pub guide_openings: u32,
    /// Points the hints and the guide cost.
    pub deductions: u32,
    pub score: u32,
    pub max: u32,
    pub ending: Option<Ending>,
    /// From the start to the end (or to now, while it goes on), in seconds of the panel's clock.
    pub seconds: f64,
}

impl Scored {
    /// The items not met, by name.
    pub fn missed(&self) -> Vec<&str> {
        self.items.iter().filter(|i| !i.met).map(|i| i.name.as_str()).collect()
    }
}

impl Sitting {
    pub fn new(assessment: Arc<Assessment>, started: Time) -> Sitting {
        Sitting {
            assessment,
            started,
            seen: Vec::new(),
            last_outcome: None,
            hints_taken: 0,
            guide_openings: 0,
            ended: None,
            frozen: None,
        }
    }

    pub fn goal_reached_at(&self) -> Option<Time> {
        match self.ended {
            Some((at, Ending::GoalReached)) => Some(at),
            _ => None,
        }
    }

    pub fn ended(&self) -> Option<(Time, Ending)> {
        self.ended
    }

    /// Hints taken and guide openings, together.
    pub fn help_taken(&self) -> u32 {
        self.hints_taken as u32 + self.guide_openings
    }

    /// When the time runs out, if the exercise has a limit.
    pub fn deadline(&self) -> Option<Time> {
        self.assessment.sheet.time_limit.map(|l| self.started + l)
    }

    /// The next hint, shown: counted unless the sitting is over. None when all are shown.
    pub fn take_hint(&mut self) -> Option<usize> {
        if self.hints_taken >= self.assessment.sheet.hints.len() {
            return None;
        }
        if self.ended.is_none() {
            self.hints_taken += 1;
        }
        Some(self.hints_taken)
    }

    /// The guide turned on: counted, unless the sitting is over.
    pub fn guide_opened(&mut self) {
        if self.ended.is_none() {
            self.guide_openings += 1;
        }
    }

    /// After every update: what the learner saw, and whether the goal is reached or the time up.
    pub fn observe(&mut self, app: &App) {
        if self.ended.is_some() {
            return;
        }
        let outcome = app.printer().last_outcome.clone();
        if outcome != self.last_outcome {
            if let Some(sight) = outcome.as_ref().and_then(Sight::of) {
                self.see(sight);
            }
            self.last_outcome = outcome;
        }
        if matches!(app.router().notice, Some(Notice::InvalidPin(_))) {
            self.see(Sight::TypoCaught);
        }
        let now = app.now();
        if let Some(deadline) = self.deadline()
            && now >= deadline
        {
            self.end(app, deadline, Ending::TimeUp);
            return;
        }
        // The goal's own limits count as if it were reached now (it is, if they hold).
        let goal = &self.assessment.sheet.goal;
        if goal.iter().all(|c| self.holds_at(c, app, Some(now))) {
            self.end(app, now, Ending::GoalReached);
        }
    }

    fn see(&mut self, sight: Sight) {
        if !self.seen.contains(&sight) {
            self.seen.push(sight);
        }
    }

    fn end(&mut self, app: &App, at: Time, ending: Ending) {
        self.ended = Some((at, ending));
        self.frozen = Some(self.items_now(app));
    }

    fn holds_at(&self, c: &Condition, app: &App, reached: Option<Time>) -> bool {
        let record = Record { seen: &self.seen, help_taken: self.help_taken(), started: self.started };
        c.holds(app, record, reached)
    }

    fn items_now(&self, app: &App) -> Vec<bool> {
        let reached = self.goal_reached_at();
        self.assessment.sheet.items.iter().map(|i| i.when.iter().all(|c| self.holds_at(c, app, reached))).collect()
    }

    /// The items met (frozen once the sitting ended), the deductions and the score.
    pub fn scored(&self, app: &App) -> Scored {
        let exercise = &self.assessment.sheet;
        let met = self.frozen.clone().unwrap_or_else(|| self.items_now(app));
        let items: Vec<ItemResult> = exercise
            .items
            .iter()
            .zip(met)
            .map(|(i, met)| ItemResult { name: i.name.clone(), points: i.points, met })
            .collect();
        let hint_cost: u32 = exercise.hints.iter().take(self.hints_taken).map(|h| h.cost).sum();
        let guide_cost = exercise.guide.unwrap_or(0).saturating_mul(self.guide_openings);
        let deductions = hint_cost.saturating_add(guide_cost);
        let earned: u32 = items.iter().filter(|i| i.met).map(|i| i.points).sum();
        let until = self.ended.map_or(app.now(), |(at, _)| at);
        Scored {
            items,
            hints: self.hints_taken as u32,
            guide_openings: self.guide_openings,
            deductions,
            score: earned.saturating_sub(deductions),
            max: exercise.max_score(),
            ending: self.ended.map(|(_, e)| e),
            seconds: until.saturating_sub(self.started).as_secs_f64(),
        }
    }

    /// The time the sheet shows: left of the limit, or spent.
    pub fn clock(&self, now: Time) -> (Duration, bool) {
        let now = self.ended.map_or(now, |(at, _)| at);
        match self.deadline() {
            Some(d) => (d.saturating_sub(now), true),
            None => (now.saturating_sub(self.started), false),
        }
    }
}
