//! `--record`: a session written as a tape replays to the same screens. The session is driven
//! headless through the same recorder the live loop uses (every key with the app's time, F2
//! a screenshot), with a pause, steps while paused and a change of speed on the way; the
//! tape is then played by `play`, and each of its screenshots must be the screen the session
//! showed when F2 was pressed.

use std::time::Duration;

use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use printer_panel::tape::record::{self, TapeRecorder};

#[test]
fn a_recorded_session_replays_to_the_same_screenshots() {
    let seed = 11;
    let options = Options { seed: Some(seed), guide: true, speed: 2.0, ..Options::default() };
    let launch = record::launch_command(&options, seed, None);
    assert_eq!(launch, "printer-panel --seed 11 --guide --speed 2");
    let mut h = Headless::new(App::new(options), 120, 36);
    let mut recorder = TapeRecorder::new(launch, (120, 36), false, "session.gif".into());
    let mut shown = Vec::new();
    // (milliseconds of the app's time before the key, the key)
    let session: &[(u64, KeyCode)] = &[
        (1_000, KeyCode::Down),
        (300, KeyCode::Down),
        (400, KeyCode::Enter),
        (250, KeyCode::Enter),
        (250, KeyCode::Enter),
        (600, KeyCode::Down),
        (350, KeyCode::Enter),
        (2_000, KeyCode::F(2)),
        (1_500, KeyCode::Char(',')),
        (0, KeyCode::Char('.')),
        (0, KeyCode::Char('.')),
        (0, KeyCode::F(2)),
        (0, KeyCode::Char(',')),
        (500, KeyCode::Char('>')),
        (3_000, KeyCode::Tab),
        (700, KeyCode::Char('1')),
        (1_234, KeyCode::F(2)),
        (400, KeyCode::Char('?')),
        (900, KeyCode::F(2)),
    ];
    for &(wait, code) in session {
        h.advance(Duration::from_millis(wait));
        let event = Event::Key(KeyEvent::new(code, KeyModifiers::NONE));
        if record::on_event(&mut recorder, &mut h.app, &event) {
            h.key(code);
        } else {
            h.draw();
            shown.push(h.screen());
        }
    }
    h.advance(Duration::from_secs(2));
    let tape = recorder.tape(h.app.now(), h.app.options().speed);
    assert!(
        printer_panel::tape::vhs::check(&tape, &printer_panel::tape::vhs::Sources::None).is_empty(),
        "VHS accepts the tape: {:?}",
        printer_panel::tape::vhs::check(&tape, &printer_panel::tape::vhs::Sources::None)
    );
    let report = printer_panel::tape::play::play(&tape, None).unwrap_or_else(|e| panic!("{e}\n{tape}"));
    assert_eq!(report.screenshots.len(), 4, "{tape}");
    // The footer of the live session says where the screenshot went; the rest is the same.
    let body = |s: &str| s.lines().take(35).map(str::to_string).collect::<Vec<_>>();
    for (i, ((name, replayed), live)) in report.screenshots.iter().zip(&shown).enumerate() {
        assert_eq!(name, &format!("shot-{}", i + 1));
        assert_eq!(body(replayed), body(live), "screenshot {} differs:\n{tape}", i + 1);
    }
    assert_eq!(body(&report.final_screen), body(&h.screen()), "and the end");
    assert!(shown[1] != shown[0] && shown[2] != shown[1], "the screenshots show different moments");
}

#[test]
fn recording_says_rec_and_refuses_a_click_a_tape_could_not_replay() {
    let options = Options { seed: Some(3), recording: true, ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 36);
    assert!(h.screen().lines().last().unwrap().starts_with(" ● REC F2 shot │ PRINTER"), "{}", h.screen());
    let mut recorder = TapeRecorder::new("printer-panel --seed 3".into(), (120, 36), false, "r.gif".into());
    let click = Event::Mouse(printer_panel::keys::event::MouseEvent {
        kind: printer_panel::keys::event::MouseEventKind::Down(printer_panel::keys::event::MouseButton::Left),
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    });
    assert!(!record::on_event(&mut recorder, &mut h.app, &click), "the click does not reach the panel");
    h.draw();
    assert!(h.screen().contains("Recording: a tape has no mouse"), "{}", h.screen());
    assert_eq!(recorder.counts(), (0, 0), "and nothing is written for it");
}
