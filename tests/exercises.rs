//! Exercises, end to end: every built-in one proven solvable on every draw, mistakes in a
//! file said with line and column, a sitting driven through the headless driver and scored,
//! its result confirmed by replaying its tape and an edited one flagged, the time running out
//! at its exact instant, hints and the guide costing their points.

use std::process::Command;
use std::time::Duration;

use printer_panel::app::assessment::Ending;
use printer_panel::app::{App, Options};
use printer_panel::class::{self as results, Check, ResultFile};
use printer_panel::driver::Headless;
use printer_panel::exercise::builtin::BUILT_IN;
use printer_panel::exercise::check::{draws, prove};
use printer_panel::exercise::{Assignment, Exercise};
use printer_panel::keys::event::KeyCode;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_printer-panel"))
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("printer-panel-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Each built-in exercise (one per scenario, and the troubleshooting ones) reads, and the
/// guide followed reaches its goal on every variant, model and PIN lifetime a learner can draw.
#[test]
fn every_built_in_exercise_is_solvable_on_every_draw() {
    assert!(BUILT_IN.len() >= printer_panel::sim::scenarios::SCENARIOS.len() + 3);
    for scenario in printer_panel::sim::scenarios::SCENARIOS {
        assert!(BUILT_IN.iter().any(|(n, _)| *n == scenario.id), "no built-in exercise for {}", scenario.id);
    }
    for (name, text) in BUILT_IN {
        // As a trainer checks it, then each draw looked at here too.
        let out = bin().args(["exercise", "check", name]).output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && said.ends_with("Solvable on every draw.\n"), "{name}: {said}");
        let exercise = Exercise::parse(&format!("{name}.toml"), text).unwrap_or_else(|e| panic!("{e}"));
        for draw in draws(&exercise) {
            let proof = prove(&exercise, draw);
            assert!(proof.solved(), "{name} {draw:?}: the guide did not reach the goal: {:?}", proof.steps);
            assert!(proof.scored.score > 0, "{name}: {:?}", proof.scored);
        }
    }
}

/// The trainer's command says the same, and fails an exercise nobody can solve.
#[test]
fn exercise_check_proves_and_refuses() {
    let out = bin().args(["exercise", "check", "find-the-fault"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains("8 draws") && text.contains("Solvable on every draw.") && text.contains("Shortest path"),
        "{text}"
    );
    let dir = temp_dir("exercise-check");
    let file = dir.join("unreachable.toml");
    std::fs::write(
        &file,
        "title = \"Unreachable\"\ninstructions = \"Connect a printer out of reach.\"\ntime_limit = 300\n[start]\nscenario = \"out-of-range\"\n[goal]\nconnected = \"any\"\n[[item]]\nname = \"on\"\npoints = 10\nwhen = { connected = \"any\" }\n",
    )
    .unwrap();
    let out = bin().args(["exercise", "check", file.to_str().unwrap()]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("NOT SOLVED"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A mistake is said where it is, by line and column, in words that name the fix.
#[test]
fn mistakes_are_said_with_line_and_column() {
    let base = "title = \"T\"\ninstructions = \"I\"\n";
    let item = "[[item]]\nname = \"n\"\npoints = 5\nwhen = { connected = \"any\" }\n";
    let cases = [
        (
            format!("{base}[start]\nscenario = \"pbcc\"\n[goal]\nconnected = \"any\"\n{item}"),
            "x.toml:4:12: unknown scenario 'pbcc'",
        ),
        (
            format!("{base}[start]\nmodel = [\"inkwell-9\"]\n[goal]\nconnected = \"any\"\n{item}"),
            "x.toml:4:9: unknown model 'inkwell-9'",
        ),
        (format!("{base}[goal]\nconected = \"any\"\n{item}"), "x.toml:4:1: unknown field `conected`"),
        (format!("{base}[goal]\nconnected = \"by-magic\"\n{item}"), "x.toml:4:13: unknown variant `by-magic`"),
        (format!("{base}[goal]\nconnected = \"any\"\n"), "no [[item]]"),
        (
            format!(
                "{base}[goal]\nconnected = \"any\"\n[[item]]\nname = \"n\"\npoints = 0\nwhen = {{ connected = \"any\" }}\n"
            ),
            "x.toml:7:10: points: from 1 to 1000",
        ),
        (
            format!("{base}[start]\nweak_signal = [\"M9\"]\n[goal]\nconnected = \"any\"\n{item}"),
            "x.toml:4:16: weak_signal: 'M9' is not one of M1 to M8",
        ),
        (format!("{base}time_limit = 5\n[goal]\nconnected = \"any\"\n{item}"), "x.toml:3:14: time_limit"),
        (format!("{base}[goal]\n{item}"), "x.toml:3:1: the goal has no condition"),
        ("title = \"T\"\n".to_string(), "missing field `instructions`"),
    ];
    for (text, said) in cases {
        let e = Exercise::parse("x.toml", &text).expect_err(&text).to_string();
        assert!(e.contains(said), "{e}\nexpected: {said}\nin:\n{text}");
    }
}

/// The same learner gets the same panel again; the class gets different faults.
#[test]
fn a_learner_draws_the_same_panel_again_and_the_class_differs() {
    let exercise = Exercise::load(std::path::Path::new("find-the-fault")).unwrap();
    let a = Assignment::for_learner(exercise.clone(), "find-the-fault".into(), " Ada ").unwrap();
    let b = Assignment::for_learner(exercise.clone(), "find-the-fault".into(), "ada").unwrap();
    assert_eq!((a.seed, a.variant, a.model.id), (b.seed, b.variant, b.model.id));
    let variants: std::collections::BTreeSet<_> = (0..24)
        .map(|i| Assignment::for_learner(exercise.clone(), "x".into(), &format!("learner {i}")).unwrap().variant)
        .collect();
    assert!(variants.len() >= 3, "{variants:?}");
    assert!(Assignment::for_learner(exercise, "x".into(), "  ").is_err());
}

/// The printer-panel that a learner sits, on the headless driver: keys as typed.
fn sit(source: &str, learner: &str) -> Headless {
    let exercise = Exercise::load(std::path::Path::new(source)).unwrap();
    let assignment = Assignment::for_learner(exercise, source.into(), learner).unwrap();
    let options = assignment.options(Options { write_files: false, ..Options::default() });
    Headless::new(App::new(options), 120, 36)
}

/// fault-wep sat on the headless driver: the sheet first, the router's page read, WPA2 set
/// and saved, push button on both; the goal reached, every item met, the sheet open again.
#[test]
fn a_sitting_on_the_headless_driver_is_scored_from_the_state() {
    let mut h = sit("fault-wep", "Ada");
    assert!(h.screen().contains("Exercise: Troubleshoot"), "{}", h.screen());
    assert!(h.screen().contains("Score 0 of 100"));
    for code in [KeyCode::Esc, KeyCode::Char('b'), KeyCode::Char('e'), KeyCode::Right, KeyCode::Enter] {
        h.key(code);
        h.fast_forward(Duration::from_millis(300));
    }
    h.key(KeyCode::Char('W'));
    h.fast_forward(Duration::from_secs(4));
    h.key(KeyCode::Char('b'));
    h.fast_forward(Duration::from_secs(30));
    let sitting = h.app.sitting().unwrap();
    let scored = sitting.scored(&h.app);
    assert_eq!(scored.ending, Some(Ending::GoalReached), "{scored:?}");
    assert_eq!((scored.score, scored.max), (100, 100), "{scored:?}");
    let screen = h.screen();
    assert!(screen.contains("Done: the goal is reached") && screen.contains("Score 100 of 100"), "{screen}");
    // The score no longer moves: the router set back to WEP after the end changes nothing.
    h.key(KeyCode::Esc);
    for code in [KeyCode::Char('e'), KeyCode::Left, KeyCode::Enter] {
        h.key(code);
    }
    assert_eq!(h.app.sitting().unwrap().scored(&h.app), scored);
}

/// The time running out ends the sitting at its instant, on the state then.
#[test]
fn the_time_runs_out_at_its_instant() {
    let dir = temp_dir("exercise-time");
    let file = dir.join("short.toml");
    std::fs::write(&file, "title = \"Short\"\ninstructions = \"Connect.\"\ntime_limit = 20\n[goal]\nconnected = \"any\"\n[[item]]\nname = \"on\"\npoints = 10\nwhen = { connected = \"any\" }\n").unwrap();
    let mut h = sit(file.to_str().unwrap(), "Tim");
    h.fast_forward(Duration::from_secs(25));
    let scored = h.app.sitting().unwrap().scored(&h.app);
    assert_eq!(scored.ending, Some(Ending::TimeUp));
    assert_eq!(scored.seconds, 20.0);
    assert!(h.screen().contains("Time is up"), "{}", h.screen());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A hint costs its points, once; the guide is refused where the exercise does not allow it,
/// and costs its points each time it is turned on where it does.
#[test]
fn hints_and_the_guide_cost_their_points() {
    let mut h = sit("fault-wep", "Hal");
    h.key(KeyCode::Char('H'));
    h.key(KeyCode::Char('H'));
    h.key(KeyCode::Char('H'));
    let s = h.app.sitting().unwrap();
    assert_eq!(s.hints_taken, 2);
    assert_eq!(s.scored(&h.app).deductions, 5 + 15);
    assert!(h.screen().contains("Hint 2 (−15)"), "{}", h.screen());
    h.key(KeyCode::Esc);
    // The printer pane's edge names the exercise (and, with room, its sheet's key), never the
    // refused guide.
    let screen = h.screen();
    assert!(screen.contains("Exercise: Troubleshoot"), "{screen}");
    assert!(!screen.contains("G guide"), "{screen}");
    h.key(KeyCode::Char('G'));
    assert!(!h.app.guide_on());
    assert!(h.screen().contains("The guide is off in this exercise"), "{}", h.screen());
    // Trainer's keys are refused while sitting.
    for key in ['s', 'R', 'n', ','] {
        h.key(KeyCode::Char(key));
        assert!(h.screen().contains("Not while sitting an exercise"), "{key}: {}", h.screen());
        assert!(h.app.overlays().is_empty() && !h.app.paused(), "{key}");
    }
    let mut g = sit("find-the-fault", "Gus");
    g.key(KeyCode::Esc);
    g.key(KeyCode::Char('G'));
    g.key(KeyCode::Char('G'));
    g.key(KeyCode::Char('G'));
    assert!(g.app.guide_on());
    let s = g.app.sitting().unwrap();
    assert_eq!((s.guide_openings, s.scored(&g.app).deductions), (2, 50));
}

/// A learner's tape (as --record writes one), played by `play` on the headless driver, is
/// scored; its result confirmed by `exercise results`, which flags an edited score, a tape
/// cut short, someone else's tape and an exercise edited since, and writes the CSV.
#[test]
fn results_are_confirmed_by_their_tapes_and_edits_show() {
    let launch = "Hide\nType \"printer-panel --exercise fault-wep --learner 'Ada Lovelace'\"\nEnter\nShow\n";
    let keys = "Sleep 1000ms\nEscape\nSleep 400ms\nType \"b\"\nSleep 400ms\nType \"e\"\nSleep 400ms\nRight\nSleep 400ms\nEnter\nSleep 400ms\nType \"W\"\nSleep 4s\nType \"b\"\nSleep 30s\nType \"q\"\n";
    let tape = format!("Output s.gif\nSet Width 1000\nSet Height 652\n{launch}{keys}");
    let exercise = Exercise::load(std::path::Path::new("fault-wep")).unwrap();
    let report = printer_panel::tape::play::replay_sitting(&tape, &exercise).unwrap();
    let (learner, scored) = report.scored.clone().unwrap();
    assert_eq!((learner.as_str(), scored.score, scored.ending), ("Ada Lovelace", 100, Some(Ending::GoalReached)));
    let file = ResultFile {
        format: results::FORMAT.into(),
        exercise: results::ExerciseRef {
            id: exercise.sheet.id.clone(),
            title: exercise.sheet.title.clone(),
            hash: exercise.sheet.hash.clone(),
        },
        learner: "Ada Lovelace".into(),
        model: "inkwell-300".into(),
        variant: None,
        scored: scored.clone(),
        tape: tape.clone(),
    };
    assert_eq!(results::verify(&file, &exercise), Check::Confirmed);
    let dir = temp_dir("exercise-results");
    let put = |name: &str, f: &ResultFile| std::fs::write(dir.join(name), serde_json::to_string(f).unwrap()).unwrap();
    put("ada.json", &file);
    let run = || {
        let out = bin().args(["exercise", "results", dir.to_str().unwrap()]).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let (code, table) = run();
    assert_eq!(code, Some(0), "{table}");
    assert!(table.contains("Ada Lovelace") && table.contains("100/100") && !table.contains("FLAGGED"), "{table}");
    let csv = std::fs::read_to_string(dir.join("class.csv")).unwrap();
    assert!(csv.lines().nth(1).unwrap().starts_with("Ada Lovelace,fault-wep,,inkwell-300,100,100,"), "{csv}");
    // Edits: the score, the tape cut before the fix, another learner's name, another exercise.
    let mut higher = file.clone();
    higher.scored.items[1].met = false;
    higher.scored.score = 70;
    let mut failing = file.clone();
    failing.learner = "Bo".into();
    failing.tape = failing.tape.replace("Ada Lovelace", "Bo").replace("Right\n", "");
    let mut borrowed = file.clone();
    borrowed.learner = "Cy".into();
    let mut edited = file.clone();
    edited.exercise.hash = "0".repeat(64);
    edited.learner = "Di".into();
    put("higher.json", &higher);
    put("failing.json", &failing);
    put("borrowed.json", &borrowed);
    put("edited.json", &edited);
    std::fs::write(dir.join("broken.json"), "{").unwrap();
    let (code, table) = run();
    assert_eq!(code, Some(1), "{table}");
    for said in [
        "FLAGGED: it says 70 of 100; its tape gives 100 of 100",
        "FLAGGED: it says 100 of 100; its tape gives 0 of 100",
        "FLAGGED: its tape was sat by Ada Lovelace",
        "FLAGGED: no exercise here has its hash",
        "FLAGGED: not a result",
    ] {
        assert!(table.contains(said), "{said}\n{table}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What the panel refuses with an exercise, said before the terminal is touched.
#[test]
fn an_exercise_refuses_what_would_change_it() {
    for (args, said) in [
        (vec!["--exercise", "pin", "--learner", "A", "--seed", "3"], "--exercise and --seed"),
        (vec!["--exercise", "pin", "--learner", "A", "--scenario", "pbc"], "--exercise and --scenario"),
        (vec!["--exercise", "pin", "--learner", "A", "--record", "x.tape"], "an exercise records its own tape"),
        (vec!["--exercise", "no-such", "--learner", "A"], "no such file, nor a built-in exercise"),
        (vec!["--exercise", "/dev/zero", "--learner", "A"], "not a regular file"),
        (vec!["--exercise", "pin", "--learner", "\u{7}"], "give a name of 1 to 64 characters"),
    ] {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(said), "{args:?}: {err}");
    }
    let out = bin().args(["--learner", "A"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--exercise"));
    // --force replaces a tape or a result: alone, it is a mistake, said.
    let out = bin().args(["--force"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give it with --record or --exercise"));
}

/// In a narrow window the footer keeps the exercise's clock, help and quit whole, with a
/// speed too: the device's labels and the word "speed" give way ("×2 sp" was cut at 62).
#[test]
fn the_footer_keeps_the_clock_help_and_quit_whole_when_narrow() {
    let mut h = sit("overlap", "Flo");
    h.resize(62, 24);
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('>'));
    let screen = h.screen();
    let footer = screen.lines().last().unwrap_or_default().trim_end().to_string();
    assert!(footer.starts_with(" X 10:00 left") && footer.ends_with("q quit · ×2"), "{footer}");
}
