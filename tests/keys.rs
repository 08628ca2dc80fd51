//! The key tables are the truth: what input does with a key over each overlay and in the
//! inspector, the hint line drawn there, the help's Keys page and the README all come from
//! `keys::layers` and must agree with it.

use printer_panel::app::{Action, App, Options, PanelAction};
use printer_panel::driver::Headless;
use printer_panel::keys::event::{KeyCode, KeyEvent, KeyModifiers};
use printer_panel::keys::layers::{LAYERS, Layer};
use printer_panel::sim::scenarios::scenario;
use printer_panel::ui::input;

/// A panel with `layer` open on top, at 120 x 36.
fn with_layer_open(layer: Layer) -> Headless {
    let id = if layer == Layer::ScamPopup { "support-scam" } else { "pbc" };
    let mut options = Options { seed: Some(7), scenario: scenario(id).unwrap(), ..Options::default() };
    if layer == Layer::Exercise {
        // An exercise's sheet opens over the panel as the sitting starts.
        let exercise = printer_panel::exercise::Exercise::load(std::path::Path::new("pbc")).unwrap();
        let assignment = printer_panel::exercise::Assignment::for_learner(exercise, "pbc".into(), "Kay").unwrap();
        options = assignment.options(options);
    }
    let mut h = Headless::new(App::new(options), 120, 36);
    match layer {
        Layer::Scenarios => h.key(KeyCode::Char('s')),
        Layer::RouterSettings => h.key(KeyCode::Char('e')),
        Layer::Help => h.key(KeyCode::Char('?')),
        Layer::ScamPopup | Layer::Exercise => {}
        Layer::RouterLabel => h.key(KeyCode::Char('L')),
        Layer::Inspector => {
            // Something on the ladder to inspect first.
            h.key(KeyCode::Char('b'));
            h.key(KeyCode::Char('W'));
            h.advance(std::time::Duration::from_secs(3));
            h.key(KeyCode::Char('m'));
        }
    }
    let open = match layer {
        Layer::Inspector => h.app.inspecting().is_some(),
        _ => h.app.overlays().last().is_some_and(|top| Layer::of(top) == layer),
    };
    assert!(open, "{layer:?} did not open:\n{}", h.screen());
    h
}

fn action_of(h: &Headless, code: KeyCode) -> Option<Action> {
    input::key_action(&h.app, &KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn every_key_in_a_layers_table_does_what_the_table_says() {
    for keys in LAYERS {
        let h = with_layer_open(keys.layer);
        for row in keys.rows {
            for (code, action) in row.presses {
                assert_eq!(action_of(&h, *code), Some(Action::Panel(*action)), "{:?}: {}", keys.layer, row.keys);
            }
        }
        // A key the table does not name: the layer's own answer, whatever the key does on
        // the panel (w is the printer's Wi-Fi button, b the router's).
        for code in [KeyCode::Char('w'), KeyCode::Char('b'), KeyCode::Char('z'), KeyCode::F(5)] {
            assert_eq!(action_of(&h, code), Some(Action::Panel(keys.otherwise)), "{:?}: {code:?}", keys.layer);
        }
        // Quit always quits.
        assert_eq!(action_of(&h, KeyCode::Char('q')), Some(Action::Panel(PanelAction::Quit)), "{:?}", keys.layer);
        assert!(keys.passes.contains(&PanelAction::Quit), "{:?}", keys.layer);
    }
}

#[test]
fn each_layer_draws_its_hint_line_from_its_table() {
    for layer in [Layer::Scenarios, Layer::RouterSettings, Layer::Inspector] {
        let h = with_layer_open(layer);
        let hints = layer.hints().join(" · ");
        assert!(!hints.is_empty());
        assert!(h.screen().contains(&hints), "{layer:?} should show '{hints}':\n{}", h.screen());
    }
}

#[test]
fn the_help_lists_every_layers_keys() {
    let mut h = with_layer_open(Layer::Help);
    h.resize(160, 120);
    let screen = h.screen();
    for keys in LAYERS {
        assert!(screen.contains(&format!("{}:", keys.heading)), "{}:\n{screen}", keys.heading);
        for row in keys.rows {
            let first_words: String = row.does.split(' ').take(3).collect::<Vec<_>>().join(" ");
            assert!(
                screen.lines().any(|l| l.contains(row.keys) && l.contains(&first_words)),
                "{}: '{}' '{}' is not in the help:\n{screen}",
                keys.heading,
                row.keys,
                row.does
            );
        }
    }
}
