//! Random key sequences, waits and terminal sizes never panic the panel.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode),
    Wait(u64),
    Resize(u16, u16),
    Click(u16, u16),
}

fn key() -> impl Strategy<Value = KeyCode> {
    prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Backspace),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Home),
        Just(KeyCode::Delete),
        Just(KeyCode::F(1)),
        prop::sample::select(vec![
            'w', 'W', 'b', 'n', 'g', 'x', 'h', 'j', 'k', 'l', '?', '0', '5', '9', '-', ' ', 'p', 'z'
        ])
        .prop_map(KeyCode::Char),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => key().prop_map(Step::Key),
        2 => (0u64..40_000).prop_map(Step::Wait),
        1 => (1u16..200, 1u16..80).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..130, 0u16..40).prop_map(|(x, y)| Step::Click(x, y)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_use_never_panics(seed in any::<u64>(), steps in proptest::collection::vec(step(), 1..120)) {
        let mut h = Headless::new(App::new(Options { seed: Some(seed), ..Options::default() }), 120, 36);
        for s in steps {
            match s {
                Step::Key(KeyCode::Char('q')) => {}
                Step::Key(k) => h.key(k),
                Step::Wait(ms) => h.advance(Duration::from_millis(ms)),
                Step::Resize(w, hh) => h.resize(w, hh),
                Step::Click(x, y) => {
                    let area = h.buffer().area;
                    if let Some(action) = printer_panel::ui::hit_test(&h.app, area, x, y) {
                        h.act(action);
                    }
                }
            }
        }
        h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
        prop_assert!(h.app.quit);
    }
}
