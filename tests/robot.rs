//! The learner robot: for every printer model and every scenario it can run, a headless
//! panel with the guide on, doing exactly what the guide says (its next step as actions),
//! must reach the scenario's documented outcome; the guide must never name a key or a menu
//! the model or pane does not have; and the panel must agree with itself at every step.

use std::time::Duration;

use printer_panel::app::{App, Options, guide};
use printer_panel::driver::Headless;
use printer_panel::sim::models::{PRINTER_MODELS, PrinterModel};
use printer_panel::sim::scenarios::SCENARIOS;

mod common;
use common::learner::{consistent, names_what_exists, reached};

/// Every step of every scenario, worded for every printer that can run it: it names nothing
/// the printer lacks, and the keys it names are the ones its actions press (the sentence
/// and the actions come from one value, so they cannot drift apart).
#[test]
fn every_step_is_worded_for_the_printer_at_hand() {
    use printer_panel::app::action::{Action, PrinterAction, RouterAction};
    use printer_panel::app::steps::Words;
    let mut worded = 0;
    for model in PRINTER_MODELS {
        let words = Words { model, walk: Duration::from_secs(120) };
        for scenario in SCENARIOS {
            for step in scenario.steps {
                let sentence = words.step(*step, scenario);
                let label = format!("{} on the {}, {step:?}", scenario.id, model.name);
                if let Err(e) = names_what_exists(&sentence, model) {
                    panic!("{label}: {e}");
                }
                let actions = words.actions(*step);
                let holds = actions.contains(&Action::Printer(PrinterAction::WifiHold));
                let router = actions.contains(&Action::Router(RouterAction::WpsButton));
                // After a fix, "then press b and hold W" is the next round, not this step's.
                if !matches!(step, printer_panel::sim::scenarios::Step::FixRouter) {
                    assert_eq!(sentence.contains("(W)"), holds, "{label}: '{sentence}' vs {actions:?}");
                    assert_eq!(sentence.contains("(b)"), router, "{label}: '{sentence}' vs {actions:?}");
                }
                assert!(!sentence.contains("{walk}") && !sentence.is_empty(), "{label}: '{sentence}'");
                worded += 1;
            }
            let goal = words.goal(scenario, "HomeNet-5G2");
            if let Err(e) = names_what_exists(&goal, model) {
                panic!("{}'s goal on the {}: {e}", scenario.id, model.name);
            }
            // The goal line fits the guide's frame at 80 x 24 whole.
            assert!(goal.len() + " Goal:  ".len() <= 74, "{}: '{goal}' is too long for 80 columns", scenario.id);
            let lesson = words.lesson(scenario);
            assert!(!lesson.contains('{'), "{}: a placeholder left in '{lesson}'", scenario.id);
            if let Err(e) = names_what_exists(&lesson, model) {
                panic!("{}'s lesson on the {}: {e}", scenario.id, model.name);
            }
            if let Err(e) = names_what_exists(scenario.summary, model) {
                panic!("{}'s summary on the {}: {e}", scenario.id, model.name);
            }
        }
        if let Err(e) = names_what_exists(&words.run_wps_again(), model) {
            panic!("running WPS again on the {}: {e}", model.name);
        }
    }
    assert!(worded > 60, "{worded} steps worded");
}

/// The durations the guide says come from the model's and the router's own figures.
#[test]
fn durations_are_worded_from_the_figures() {
    use printer_panel::app::steps::Words;
    use printer_panel::sim::scenarios::{Step, scenario};
    let model = &PRINTER_MODELS[0];
    let words = Words { model, walk: Duration::from_secs(90) };
    let pbc = scenario("pbc").unwrap();
    assert!(words.step(Step::PressRouterButton, pbc).contains("within 90 seconds"));
    assert!(words.lesson(pbc).ends_with("within the walk time (90 seconds)."), "{}", words.lesson(pbc));
    let slow = PrinterModel { hold_time: Duration::from_secs(5), ..model.clone() };
    let slow: &'static PrinterModel = Box::leak(Box::new(slow));
    let words = Words { model: slow, walk: Duration::from_secs(120) };
    assert!(
        words.step(Step::StartPushButton, pbc).contains("for 5 seconds (W)"),
        "{}",
        words.step(Step::StartPushButton, pbc)
    );
}

#[test]
fn following_the_guide_reaches_every_scenarios_outcome_on_every_model() {
    let mut ran = 0;
    // Every character drawn on the way: the web page ships one font, which must have them.
    let mut drawn = std::collections::BTreeSet::new();
    for model in PRINTER_MODELS {
        for scenario in SCENARIOS {
            ran += 1;
            let options = Options { seed: Some(5), model, scenario, guide: true, ..Options::default() };
            let mut h = Headless::new(App::new(options), 120, 40);
            let label = format!("{} on the {}", scenario.id, model.name);
            let mut steps = Vec::new();
            let mut done = false;
            for _ in 0..400 {
                if reached(&h.app) {
                    done = true;
                    break;
                }
                let advice = guide::advice(&h.app);
                if let Err(e) = names_what_exists(&advice.next, model) {
                    panic!("{label}: {e}");
                }
                if advice.act.is_empty() {
                    h.advance(Duration::from_millis(500));
                } else {
                    steps.push(advice.next.clone());
                    for action in advice.act {
                        h.act(action);
                        if let Err(e) = consistent(&h.app) {
                            panic!("{label}: {e} after {action:?}:\n{}", h.screen());
                        }
                    }
                    h.advance(Duration::from_millis(300));
                }
                if let Err(e) = consistent(&h.app) {
                    panic!("{label}: {e}:\n{}", h.screen());
                }
                drawn.extend(h.screen().chars());
            }
            // The help and the scenario picker too.
            for key in ['?', 's'] {
                h.key(printer_panel::keys::event::KeyCode::Char(key));
                drawn.extend(h.screen().chars());
                h.key(printer_panel::keys::event::KeyCode::Esc);
            }
            assert!(done, "{label}: the guide did not lead to the outcome; it said {steps:#?}\n{}", h.screen());
        }
    }
    let missing = common::font::not_in_the_pages_font(&drawn);
    assert!(missing.is_empty(), "drawn, but not in DejaVu Sans Mono nor given a look-alike: {missing:?}");
    assert!(
        ran >= 2 * SCENARIOS.len() + 5,
        "every scenario on both printers with a screen, the screenless ones too: {ran}"
    );
}

/// The library's own scenario robot (what the web page runs in the browser) reaches every
/// scenario's goal on every model, as the learner robot above does.
#[test]
fn the_librarys_scenario_robot_reaches_every_goal() {
    use printer_panel::exercise::check::follow_scenario;
    for model in PRINTER_MODELS {
        for scenario in SCENARIOS {
            let options = Options { seed: Some(5), model, scenario, ..Options::default() };
            let run = follow_scenario(options, Duration::from_secs(30 * 60));
            assert!(run.reached, "{} on the {}: {run:?}", scenario.id, model.name);
            assert!(run.actions > 0 || scenario.steps.is_empty(), "{} on the {}", scenario.id, model.name);
        }
    }
}
