//! `printer-panel exercise check FILE`: the file read (mistakes with line and column), then
//! proven solvable. For every draw a learner can get (each model, variant and PIN lifetime)
//! a learner robot follows the guide's actions, as a learner who does what it says, until
//! the exercise's goal is reached; the check reports each draw's score and path, the best
//! score, and the shortest path. A draw the guide cannot finish fails the check.

use std::time::Duration;

use super::{Assignment, Draw, Exercise};
use crate::app::assessment::{Ending, Scored};
use crate::app::{Action, App, Options, PanelAction, Wake, guide};

/// How long the robot may take when the exercise sets no time limit (the panel's clock).
const NO_LIMIT_BOUND: Duration = Duration::from_secs(30 * 60);

/// One draw, followed to its end.
#[derive(Debug, Clone)]
pub struct Proof {
    pub model: &'static str,
    pub variant: Option<String>,
    pub pin_lifetime: Option<Duration>,
    pub scored: Scored,
    /// What the guide said, each step once, in order.
    pub steps: Vec<String>,
    /// How many actions the robot took.
    pub actions: usize,
}

impl Proof {
    pub fn solved(&self) -> bool {
        self.scored.ending == Some(Ending::GoalReached)
    }

    fn name(&self) -> String {
        let mut name = self.model.to_string();
        if let Some(v) = &self.variant {
            name.push_str(&format!(", variant '{v}'"));
        }
        if let Some(p) = self.pin_lifetime {
            name.push_str(&format!(", PIN for {}", crate::format::span(p)));
        }
        name
    }
}

/// Every draw a learner can get.
pub fn draws(exercise: &Exercise) -> Vec<Draw> {
    let variants: Vec<Option<usize>> =
        if exercise.variants.is_empty() { vec![None] } else { (0..exercise.variants.len()).map(Some).collect() };
    let pins: Vec<Option<usize>> = if exercise.pin_lifetimes.is_empty() {
        vec![None]
    } else {
        (0..exercise.pin_lifetimes.len()).map(Some).collect()
    };
    let mut out = Vec::new();
    for model in 0..exercise.models.len() {
        for variant in &variants {
            for pin in &pins {
                let seed = 1 + out.len() as u64;
                out.push(Draw { seed, model, variant: *variant, pin_lifetime: *pin });
            }
        }
    }
    out
}

/// The robot on one draw: the guide's actions, or waiting where it says to watch, until the
/// sitting ends (the goal, or the time) or the bound passes.
pub fn prove(exercise: &Exercise, draw: Draw) -> Proof {
    let assignment = Assignment::drawn(exercise.clone(), exercise.sheet.id.clone(), "robot".into(), draw);
    let options = assignment.options(Options { write_files: false, ..Options::default() });
    let mut app = App::new(options);
    // The sheet is read first, then put away, as a learner does.
    let _ = app.update(Action::Panel(PanelAction::ToggleExercise));
    let bound = exercise.sheet.time_limit.unwrap_or(NO_LIMIT_BOUND) + Duration::from_secs(1);
    let mut steps: Vec<String> = Vec::new();
    let mut actions = 0;
    while app.sitting().is_some_and(|s| s.ended().is_none()) && app.now() < bound {
        let (said, took) = follow_once(&mut app, Duration::from_secs(2));
        if steps.last() != Some(&said) {
            steps.push(said);
        }
        actions += took;
    }
    let sitting = app.sitting().expect("an exercise's panel has its sitting");
    Proof {
        model: sitting.assessment.model.id,
        variant: sitting.assessment.variant.clone(),
        pin_lifetime: draw.pin_lifetime.and_then(|i| exercise.pin_lifetimes.get(i)).copied(),
        scored: sitting.scored(&app),
        steps,
        actions,
    }
}

/// A scenario followed by the robot from a fresh panel, without an exercise around it.
#[derive(Debug, Clone)]
pub struct ScenarioRun {
    pub reached: bool,
    /// The panel's time when the goal was reached, or when the robot gave up.
    pub at: Duration,
    pub actions: usize,
}

/// The robot on a scenario: the guide's actions, or waiting where it says to watch, until
/// the scenario's goal is reached or `bound` (the panel's time) passes. The learner robot
/// test checks more at every step; this is the same walk where no test harness runs (the
/// web page runs it in the browser's WebAssembly).
pub fn follow_scenario(options: Options, bound: Duration) -> ScenarioRun {
    let mut app = App::new(Options { guide: true, write_files: false, ..options });
    let mut actions = 0;
    while !app.scenario_goal_reached() && app.now() < bound {
        actions += follow_once(&mut app, Duration::from_millis(500)).1;
    }
    ScenarioRun { reached: app.scenario_goal_reached(), at: app.now(), actions }
}

/// One step of the robot: the guide's actions, then 300 ms for them to show; or, where the
/// guide says to watch, `watch`. Returns what the guide said and how many actions it took.
fn follow_once(app: &mut App, watch: Duration) -> (String, usize) {
    let advice = guide::advice(app);
    let took = advice.act.len();
    for action in advice.act {
        let _ = app.update(action);
    }
    wait(app, if took == 0 { watch } else { Duration::from_millis(300) });
    (advice.next, took)
}

/// Time passing as the live loop lets it: to each deadline in turn.
fn wait(app: &mut App, d: Duration) {
    let target = app.now() + d;
    while let Some(t) = app.poll_timeout(Wake::State).filter(|t| *t <= target) {
        let _ = app.tick(t.max(app.now()));
    }
    let _ = app.tick(target);
}

/// The check's report; true when every draw was solved.
pub fn report(exercise: &Exercise, proofs: &[Proof]) -> (String, bool) {
    let count = |n: usize, one: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {one}s") };
    let mut out = format!(
        "{}: '{}' reads well: {} worth {} points, {}, {}.\n",
        exercise.sheet.id,
        exercise.sheet.title,
        count(exercise.sheet.items.len(), "item"),
        exercise.sheet.max_score(),
        count(exercise.sheet.hints.len(), "hint"),
        count(proofs.len(), "draw")
    );
    for p in proofs {
        let s = &p.scored;
        let verdict = if p.solved() {
            format!(
                "goal reached in {} with {} actions; {} of {}",
                crate::format::mmss(s.seconds.round() as u64),
                p.actions,
                s.score,
                s.max
            )
        } else {
            format!(
                "NOT SOLVED: the guide did not reach the goal; it last said: {}",
                p.steps.last().map_or("", String::as_str)
            )
        };
        out.push_str(&format!("  {}: {verdict}\n", p.name()));
        for missed in s.missed() {
            if p.solved() {
                out.push_str(&format!("      missed by the guide's path: {missed}\n"));
            }
        }
    }
    let solved = proofs.iter().all(Proof::solved);
    if let Some(best) = proofs.iter().filter(|p| p.solved()).max_by_key(|p| p.scored.score) {
        out.push_str(&format!("Best score: {} of {} ({}).\n", best.scored.score, best.scored.max, best.name()));
    }
    if let Some(short) = proofs.iter().filter(|p| p.solved()).min_by_key(|p| (p.actions, p.scored.seconds as u64)) {
        out.push_str(&format!("Shortest path ({}, {} actions), as the guide says it:\n", short.name(), short.actions));
        for (i, step) in short.steps.iter().enumerate() {
            out.push_str(&format!("  {}. {step}\n", i + 1));
        }
    }
    out.push_str(if solved { "Solvable on every draw.\n" } else { "Not solvable on every draw.\n" });
    (out, solved)
}
