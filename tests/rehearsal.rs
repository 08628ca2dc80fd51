//! The guide, proven from wherever the learner is. For a printer model and a scenario it can
//! run, a random prefix of what a learner might do (any key the panel takes, clicks, waiting,
//! power off and on, the router's settings changed and saved, the menus and the wizard,
//! pause and step, the inspector, the help), then the guide followed exactly: it must reach
//! the scenario's goal within a bound, and at every step the panel must agree with itself,
//! the guide must name only what the printer has, and the ladder must stay in time order.
//! A failure shrinks to the shortest prefix and prints it as the keys that reproduce it.
//!
//! At least 10,000 prefixes a CI run (`CI=true`); `PROPTEST_CASES` sets another number.

use std::fmt;
use std::time::Duration;

use printer_panel::app::{App, Options, Wake, guide};
use printer_panel::keys::event::{KeyCode, KeyEvent, KeyModifiers};
use printer_panel::sim::models::{PRINTER_MODELS, PrinterModel};
use printer_panel::sim::scenarios::{SCENARIOS, Scenario};
use printer_panel::ui::input;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use ratatui::layout::Rect;

mod common;
use common::learner::{consistent, names_what_exists, reached};
use common::screen::{cut_words, drawn_names, is_number_or_hex, vocabulary};

fn cases(local: u32, ci: u32) -> u32 {
    if let Some(n) = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") { ci } else { local }
}

/// The terminal the clicks land in, at first.
const AREA: Rect = Rect { x: 0, y: 0, width: 120, height: 40 };

/// One thing a learner does.
#[derive(Clone)]
enum Move {
    /// A key, pressed as a terminal sends it.
    Key(KeyCode),
    /// Keys in a row that go somewhere a random key seldom does: a printer menu entry
    /// (Wireless On/Off, Restore Network, the wizard...) and its confirmation, the router's
    /// settings changed and saved.
    Keys(Vec<KeyCode>),
    /// The terminal resized (where the clicks land).
    Resize(u16, u16),
    /// A click at a cell of a 120 x 40 terminal.
    Click(u16, u16),
    /// Time passing, in milliseconds of the emulated clock.
    Wait(u64),
}

/// As keys a person types (and a tmux `send-keys` reproduces).
impl fmt::Debug for Move {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Move::Key(KeyCode::Char(c)) => write!(f, "key {c}"),
            Move::Key(code) => write!(f, "key {code}"),
            Move::Keys(codes) => {
                let keys: Vec<String> = codes
                    .iter()
                    .map(|c| match c {
                        KeyCode::Char(c) => c.to_string(),
                        other => other.to_string(),
                    })
                    .collect();
                write!(f, "keys {}", keys.join(" "))
            }
            Move::Resize(w, h) => write!(f, "resize {w}x{h}"),
            Move::Click(x, y) => write!(f, "click {x},{y}"),
            Move::Wait(ms) => write!(f, "wait {:.1}s", *ms as f64 / 1000.0),
        }
    }
}

/// Every key the panel takes, but quit, suspend and the capture file (which leave the
/// panel, or write where the test should not).
fn key() -> impl Strategy<Value = KeyCode> {
    use KeyCode::*;
    let named = prop::sample::select(vec![
        Up, Down, Left, Right, Enter, Esc, Backspace, Tab, BackTab, Home, Delete, PageUp, PageDown,
    ]);
    let letters =
        prop::sample::select("wWbeEnro,.<>mMsGvipP?hjklgxXH0123456789- ".chars().collect::<Vec<_>>()).prop_map(Char);
    prop_oneof![3 => named, 4 => letters]
}

/// Home > Settings > Wireless > the n-th entry, OK, and OK again to confirm (the LCD's keys;
/// the touchscreen takes them too).
fn menu_entry() -> impl Strategy<Value = Vec<KeyCode>> {
    use KeyCode::*;
    (0..6usize, any::<bool>()).prop_map(|(n, confirm)| {
        let mut keys = vec![Home, Down, Down, Enter, Enter];
        keys.extend(std::iter::repeat_n(Down, n));
        keys.push(Enter);
        if confirm {
            keys.push(Enter);
        }
        keys
    })
}

/// The router's settings page: a few moves and changes, then Enter to save.
fn router_settings() -> impl Strategy<Value = Vec<KeyCode>> {
    use KeyCode::*;
    prop::collection::vec(prop::sample::select(vec![Up, Down, Left, Right]), 0..8).prop_map(|moves| {
        let mut keys = vec![Char('e')];
        keys.extend(moves);
        keys.push(Enter);
        keys
    })
}

fn a_move() -> impl Strategy<Value = Move> {
    prop_oneof![
        8 => key().prop_map(Move::Key),
        1 => menu_entry().prop_map(Move::Keys),
        1 => router_settings().prop_map(Move::Keys),
        1 => (60..200u16, 24..60u16).prop_map(|(w, h)| Move::Resize(w, h)),
        1 => (0..AREA.width, 0..AREA.height).prop_map(|(x, y)| Move::Click(x, y)),
        2 => prop_oneof![0..5_000u64, 0..200_000u64].prop_map(Move::Wait),
    ]
}

/// The (model, scenario) pairs a learner can pick.
fn runnable() -> Vec<(&'static PrinterModel, &'static Scenario)> {
    PRINTER_MODELS.iter().flat_map(|m| SCENARIOS.iter().map(move |s| (m, s))).collect()
}

/// The panel, driven as the live loop drives it but without drawing: keys through the input
/// code, clicks through the drawn layout's hit test, time by the app's own deadlines.
struct Learner {
    app: App,
    area: Rect,
}

impl Learner {
    fn press(&mut self, code: KeyCode) {
        if let Some(action) = input::key_action(&self.app, &KeyEvent::new(code, KeyModifiers::NONE)) {
            let _ = self.app.update(action);
        }
    }

    fn wait(&mut self, d: Duration) {
        let target = self.app.now() + d;
        while let Some(t) = self.app.poll_timeout(Wake::State).filter(|t| *t <= target) {
            let _ = self.app.tick(t.max(self.app.now()));
        }
        let _ = self.app.tick(target);
    }

    /// One step of following the guide, checking the panel before and after each action:
    /// its actions and a moment, or (nothing to press: a learner waits and reads, some waits
    /// are minutes long) two seconds. What it said, or what did not hold.
    fn follow_the_guide(&mut self, model: &PrinterModel) -> Result<String, String> {
        let advice = guide::advice(&self.app);
        holds(&self.app, model, &advice.next)?;
        if advice.act.is_empty() {
            self.wait(Duration::from_secs(2));
        } else {
            for action in advice.act {
                let _ = self.app.update(action);
                holds(&self.app, model, &advice.next)?;
            }
            self.wait(Duration::from_millis(300));
        }
        Ok(advice.next)
    }

    fn play(&mut self, m: &Move) {
        match *m {
            Move::Key(code) => self.press(code),
            Move::Keys(ref codes) => codes.iter().for_each(|c| self.press(*c)),
            Move::Resize(w, h) => self.area = Rect::new(0, 0, w, h),
            Move::Click(x, y) => {
                if let Some(action) = printer_panel::ui::hit_test(&self.app, self.area, x, y) {
                    let _ = self.app.update(action);
                }
            }
            Move::Wait(ms) => self.wait(Duration::from_millis(ms)),
        }
    }
}

/// The checks that hold at every step, wherever the learner is.
fn holds(app: &App, model: &PrinterModel, said: &str) -> Result<(), String> {
    consistent(app)?;
    names_what_exists(said, model)?;
    let ladder = app.ladder();
    if let Some(w) = ladder.windows(2).find(|w| w[1].at < w[0].at) {
        return Err(format!("the ladder goes back in time: {:?} after {:?}", w[1].label, w[0].label));
    }
    Ok(())
}

/// The panel drawn at `area` as a terminal shows it: no word cut at a box's edge.
fn drawn_whole(app: &App, area: Rect) -> Result<(), String> {
    static VOCABULARY: std::sync::OnceLock<std::collections::BTreeSet<String>> = std::sync::OnceLock::new();
    let vocabulary = VOCABULARY.get_or_init(vocabulary);
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(area.width, area.height))
        .map_err(|e| e.to_string())?;
    let frame = terminal.draw(|f| printer_panel::ui::view(app, f)).map_err(|e| e.to_string())?;
    let cut: Vec<String> = cut_words(frame.buffer, vocabulary, &drawn_names(app))
        .into_iter()
        .filter(|c| !is_number_or_hex(c.split('\'').nth(1).unwrap_or_default()))
        .collect();
    if cut.is_empty() { Ok(()) } else { Err(format!("at {}x{}: cut {}", area.width, area.height, cut.join("; "))) }
}

/// Plays `prefix` on the `pair`-th runnable model and scenario, then follows the guide.
fn rehearse(pair: usize, prefix: &[Move]) -> Result<(), TestCaseError> {
    let pairs = runnable();
    let (model, scenario) = pairs[pair % pairs.len()];
    rehearse_on(model, scenario, pair as u64, prefix)
}

/// Plays `prefix`, then follows the guide; the goal must be reached within the bound.
fn rehearse_on(
    model: &'static PrinterModel,
    scenario: &'static Scenario,
    seed: u64,
    prefix: &[Move],
) -> Result<(), TestCaseError> {
    let options = Options { seed: Some(seed), model, scenario, guide: true, write_files: false, ..Options::default() };
    let mut l = Learner { app: App::new(options), area: AREA };
    for (i, m) in prefix.iter().enumerate() {
        l.play(m);
        let said = guide::advice(&l.app).next;
        holds(&l.app, model, &said).map_err(|e| {
            TestCaseError::fail(format!("{} on the {}, after move {i} ({m:?}): {e}", scenario.id, model.name))
        })?;
    }
    // Wherever the prefix left it, drawn at the size it left: every word whole.
    drawn_whole(&l.app, l.area)
        .map_err(|e| TestCaseError::fail(format!("{} on the {}, after the prefix: {e}", scenario.id, model.name)))?;
    // The scenario may have changed in the picker: its goal is the one to reach.
    let mut steps: Vec<String> = Vec::new();
    for _ in 0..400 {
        let (model, id) = (l.app.model(), l.app.scenario().id);
        if reached(&l.app) {
            return Ok(());
        }
        let said = l.follow_the_guide(model);
        if let Some(next) = said.as_ref().ok().filter(|n| steps.last() != Some(*n)) {
            steps.push(next.clone());
        }
        said.map_err(|e| TestCaseError::fail(format!("{id} on the {}: {e}; the guide said {steps:#?}", model.name)))?;
    }
    let id = l.app.scenario().id;
    Err(TestCaseError::fail(format!(
        "{id} on the {}: the guide did not reach the goal; it said {steps:#?}",
        l.app.model().name
    )))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(300, 10_000),
        max_shrink_iters: 2_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_guide_leads_to_the_goal_from_wherever_the_learner_is(
        pair in 0..usize::MAX,
        prefix in prop::collection::vec(a_move(), 0..30),
    ) {
        rehearse(pair, &prefix)?;
    }
}

/// Where the property test found the guide wrong, each the shortest prefix it shrank to; each
/// failed before the fix named beside it.
#[test]
fn where_learners_left_the_path() {
    use KeyCode::*;
    use Move::{Key, Keys, Wait};
    let menu = |downs: usize, confirm: bool| {
        let mut keys = vec![Home, Down, Down, Enter, Enter];
        keys.extend(std::iter::repeat_n(Down, downs));
        keys.push(Enter);
        if confirm {
            keys.push(Enter);
        }
        Keys(keys)
    };
    let cases: Vec<(&str, &str, u64, Vec<Move>, &str)> = vec![
        ("inkwell-touch", "wrong-pin", 1, vec![Key(Char(','))], "paused: the guide now says to press , first"),
        ("inkwell-300", "support-scam", 2, vec![Key(Up), Key(Char('P'))], "the printer off: P, not its menu"),
        ("inkwell-mini", "free", 3, vec![Key(Char('n'))], "a neighbour still pushing: wait, not push into an overlap"),
        (
            "inkwell-mini",
            "wep",
            4,
            vec![Key(Char('n'))],
            "after Save, the step after the fix, not 'read its page' again",
        ),
        (
            "inkwell-300",
            "password-changed",
            5,
            vec![Wait(6_400), Key(Enter)],
            "the old password refused: run WPS again",
        ),
        ("inkwell-300", "out-of-range", 6, vec![Key(Char('n')), Wait(400)], "overlap words only while it lasts"),
        (
            "inkwell-mini",
            "too-late",
            7,
            vec![Key(Char('b'))],
            "a router already pressed spoils this lesson: wait it out",
        ),
        ("inkwell-300", "pin", 8, vec![Key(Tab), Key(Char('0'))], "a digit typed early: cleared before the PIN"),
        (
            "inkwell-mini",
            "overlap",
            9,
            vec![Key(Char('W')), Key(Char(',')), Key(Char('e')), Key(Left)],
            "the router refuses its button while it counts two pushers",
        ),
        (
            "inkwell-touch",
            "free",
            10,
            vec![Key(Enter), Key(Down), Key(Tab), Key(Char(' ')), Key(Up), Key(Char('w'))],
            "the wizard's password field holding something else: cleared first",
        ),
        ("inkwell-mini", "free", 11, vec![menu(1, false)], "no menu on a printer without a screen"),
        (
            "inkwell-300",
            "out-of-range",
            12,
            vec![menu(0, false), Key(Char('h')), Key(Enter), Key(Up)],
            "an expired PIN in a push-button lesson: Back, not OK for yet another PIN",
        ),
        (
            "inkwell-300",
            "overlap",
            15_282_103_114_590_259_587,
            vec![
                Keys(vec![Char('e'), Down, Left, Enter]),
                Move::Click(0, 0),
                menu(1, true),
                Keys(vec![Char('e'), Enter]),
            ],
            "a network typed in the wizard, not found after the overlap: the overlap stays on the screen",
        ),
        (
            "inkwell-300",
            "password-changed",
            765_457_765_225_323_494,
            vec![Key(Char('n')), Wait(200), Key(Char(',')), menu(1, false), Key(Char('W'))],
            "a handshake done at the instant WPS started: the printer is not left 'obtaining an address' for ever, and rejoins",
        ),
        (
            "inkwell-300",
            "overlap",
            16_215_348_275_562_515_889,
            vec![
                Key(Char('b')),
                Keys(vec![Home, Down, Down, Enter, Enter, Enter, Enter]),
                Wait(200),
                Key(Char(',')),
                menu(1, false),
            ],
            "the wizard's join while push button still ran: WPS is cancelled, not left to take the printer off the network",
        ),
        ("inkwell-300", "free", 0, vec![Key(Char(',')), Move::Resize(63, 24)], "the paused footer whole at 63 columns"),
        (
            "inkwell-mini",
            "free",
            5_685_494_640_166_766_222,
            vec![Key(Char('i')), Move::Resize(100, 30), Wait(100)],
            "the printed report folded, not cut, in the narrow paper slot at 100 x 30",
        ),
        (
            "inkwell-mini",
            "computer",
            8_797_994_300_874_618_037,
            vec![Wait(500), Keys(vec![Char('e'), Enter]), Key(Tab), Key(Char('o'))],
            "the computer moved to the guest network and back: the subscription it left behind no longer doubles every message",
        ),
        (
            "inkwell-mini",
            "computer",
            1_435_091_827_329_956_917,
            vec![Key(Tab), Wait(500), Key(Tab), Key(Char('o'))],
            "the same, moved before its first subscription was answered",
        ),
        (
            "inkwell-touch",
            "computer",
            4_572_556_158_966_545_920,
            vec![Wait(600), Keys(vec![Char('e'), Up, Up, Up, Left, Enter])],
            "UPnP switched off: the computer hears the router's goodbye and stops naming it",
        ),
    ];
    for (model, id, seed, prefix, fixed) in cases {
        let model = printer_panel::sim::models::printer_model(model).unwrap();
        let scenario = printer_panel::sim::scenarios::scenario(id).unwrap();
        if let Err(e) = rehearse_on(model, scenario, seed, &prefix) {
            panic!("{id} on the {} after {prefix:?} ({fixed}): {e}", model.name);
        }
    }
}

/// Sitting a built-in exercise (each learner's own draw), from wherever the learner is: after
/// any prefix the panel still agrees with itself at every step, following the guide ends the
/// sitting (the goal, or the time up when the prefix made the goal impossible or used the
/// time), the score never passes the maximum, and once ended it no longer moves.
fn sit_from_anywhere(pick: usize, prefix: &[Move]) -> Result<(), TestCaseError> {
    use printer_panel::exercise::builtin::BUILT_IN;
    use printer_panel::exercise::{Assignment, Exercise};
    let (name, text) = BUILT_IN[pick % BUILT_IN.len()];
    let exercise = Exercise::parse(&format!("{name}.toml"), text).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let learner = format!("learner {}", pick / BUILT_IN.len() % 97);
    let assignment = Assignment::for_learner(exercise, name.into(), &learner).map_err(TestCaseError::fail)?;
    let model = assignment.model;
    let mut l =
        Learner { app: App::new(assignment.options(Options { write_files: false, ..Options::default() })), area: AREA };
    let fail = |e: String| TestCaseError::fail(format!("exercise {name} ({learner}): {e}"));
    for (i, m) in prefix.iter().enumerate() {
        l.play(m);
        let said = guide::advice(&l.app).next;
        holds(&l.app, model, &said).map_err(|e| fail(format!("after move {i} ({m:?}): {e}")))?;
    }
    drawn_whole(&l.app, l.area).map_err(|e| fail(format!("after the prefix: {e}")))?;
    for _ in 0..2_000 {
        let sitting = l.app.sitting().expect("sitting");
        if sitting.ended().is_some() {
            break;
        }
        l.follow_the_guide(model).map_err(fail)?;
    }
    let sitting = l.app.sitting().expect("sitting");
    let Some(_) = sitting.ended() else {
        return Err(fail(format!(
            "the sitting did not end; at {:?} the guide says {}",
            l.app.now(),
            guide::advice(&l.app).next
        )));
    };
    let scored = sitting.scored(&l.app);
    if scored.score > scored.max {
        return Err(fail(format!("{} of {}", scored.score, scored.max)));
    }
    for m in prefix.iter().take(8) {
        l.play(m);
    }
    if l.app.sitting().expect("sitting").scored(&l.app) != scored {
        return Err(fail("the score moved after the end".into()));
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(100, 1_000),
        max_shrink_iters: 1_000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn an_exercise_ends_and_scores_from_wherever_the_learner_is(
        pick in 0..usize::MAX,
        prefix in prop::collection::vec(a_move(), 0..20),
    ) {
        sit_from_anywhere(pick, &prefix)?;
    }
}

/// While the printer joins, the guide says where its password came from: typed in the wizard
/// is not "WPS is done ... the password it received" (it said so after every wizard join).
#[test]
fn the_guide_says_where_the_joining_password_came_from() {
    use KeyCode::*;
    let options = Options { seed: Some(5), guide: true, write_files: false, ..Options::default() };
    let mut l = Learner { app: App::new(options), area: AREA };
    let mut keys = vec![Home, Down, Down, Enter, Enter, Down, Enter, Enter];
    keys.extend("maple-river-4821".chars().map(Char));
    keys.push(Enter);
    l.play(&Move::Keys(keys));
    assert_eq!(l.app.printer().screen, printer_panel::app::printer::Screen::Joining);
    let said = guide::advice(&l.app).next;
    assert!(said.contains("the password typed on it") && !said.contains("WPS is done"), "{said}");
}
