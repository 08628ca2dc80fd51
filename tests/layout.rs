//! Every size the panel accepts, every kind of printer, the screens a learner meets: no word
//! is cut at the edge of a box without an ellipsis, the footer keeps its quit key, and the
//! printer's hold button is there whenever its pane is. Snapshots at the four sizes people
//! use (80 x 24, 100 x 30, 120 x 36, 64 x 52) keep the layouts reviewable.
//!
//! A word is "cut" when the letters touching a box's right edge (or the terminal's) are not a
//! word the app can say: the vocabulary is every word in the sources and in the names the
//! panel draws (network, models, host names). A cut that happens to leave a real word ("print"
//! from "printer") escapes this check; anything else fails it.

use std::collections::BTreeSet;
use std::time::Duration;

use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::sim::models::{PRINTER_MODELS, Panel, PrinterModel};
use printer_panel::sim::scenarios::scenario;
use ratatui::buffer::Buffer;

mod common;
use common::screen::{cut_words, drawn_names, is_number_or_hex, vocabulary};

/// The sizes the panel accepts that people use: the smallest, the default of most
/// terminals, the smallest side by side, the tests' usual, the stacked one, a wide one.
const SIZES: &[(u16, u16)] = &[(60, 24), (80, 24), (100, 30), (120, 36), (64, 52), (160, 48)];

/// The screens a learner meets, each reached by keys from a fresh panel.
/// A move a learner makes: a key, or waiting.
#[derive(Clone, Copy)]
enum Move {
    Key(KeyCode),
    Wait(u64),
}

use Move::{Key, Wait};

const fn ch(c: char) -> Move {
    Key(KeyCode::Char(c))
}

/// The screens a learner meets, each reached by moves from a fresh panel.
const SCREENS: &[(&str, &[Move])] = &[
    ("home", &[]),
    ("push button waiting", &[ch('W'), Wait(6_000)]),
    ("help", &[ch('?')]),
    ("questions", &[ch('?'), ch('?')]),
    ("legend", &[ch('?'), ch('?'), ch('?')]),
    ("scenario picker", &[ch('s')]),
    ("router settings", &[ch('e')]),
    ("router focused", &[Key(KeyCode::Tab)]),
    ("overlap", &[ch('b'), ch('W'), Wait(3_100), ch('n'), Wait(20_000)]),
    ("timeout", &[ch('W'), Wait(130_000)]),
    ("push button success", &[ch('b'), ch('W'), Wait(30_000)]),
    ("inspector", &[ch('b'), ch('W'), Wait(30_000), ch('m'), Key(KeyCode::Up), Key(KeyCode::Up)]),
    ("log scrolled back", &[ch('b'), ch('W'), Wait(30_000), Key(KeyCode::PageUp)]),
];

fn make(h: &mut Headless, moves: &[Move]) {
    for m in moves {
        match *m {
            Key(code) => h.key(code),
            Wait(ms) => h.advance(Duration::from_millis(ms)),
        }
    }
}

/// For the touchscreen model, what `W` does on the others: Push Button from the screen.
fn start_push_button(h: &mut Headless) {
    for key in [KeyCode::Home, KeyCode::Enter, KeyCode::Enter, KeyCode::Enter] {
        h.key(key);
    }
}

fn panel(model: &'static PrinterModel, guide: bool, scenario_id: &str, (w, ht): (u16, u16)) -> Headless {
    let options =
        Options { seed: Some(7), model, guide, scenario: scenario(scenario_id).unwrap(), ..Options::default() };
    Headless::new(App::new(options), w, ht)
}

#[test]
fn no_word_is_cut_and_quit_and_hold_are_there_at_every_size() {
    let vocabulary = vocabulary();
    let mut problems = Vec::new();
    let mut checked = 0;
    for model in PRINTER_MODELS {
        for &(name, moves) in SCREENS {
            for &size in SIZES {
                for guide in [false, true] {
                    let mut h = panel(model, guide, "free", size);
                    if model.panel == Panel::Touch
                        && name.contains("push button") | (name == "overlap") | (name == "timeout")
                    {
                        start_push_button(&mut h);
                    }
                    make(&mut h, moves);
                    h.draw();
                    checked += 1;
                    let label = format!("{} · {name} · {}x{} · guide {guide}", model.id, size.0, size.1);
                    let extra = drawn_names(&h.app);
                    for cut in cut_words(h.buffer(), &vocabulary, &extra) {
                        let word = cut.split('\'').nth(1).unwrap_or_default();
                        if !is_number_or_hex(word) {
                            problems.push(format!("{label}: cut word {cut}"));
                        }
                    }
                    let screen = h.screen();
                    let footer = screen.lines().last().unwrap_or_default();
                    let overlay =
                        name.contains("picker") || name.contains("help") || name == "questions" || name == "legend";
                    if h.app.message().is_none() && !overlay && !footer.contains("q quit") {
                        problems.push(format!("{label}: the footer has no quit key: '{footer}'"));
                    }
                    let printer_shown = screen.contains("Printer · ");
                    let hold = match model.panel {
                        Panel::Buttons => Some("hold 3 s"),
                        Panel::Screenless => Some("hold Wi-Fi 3 s"),
                        Panel::Touch => None,
                    };
                    if let Some(hold) = hold
                        && printer_shown
                        && !overlay
                        && name != "router settings"
                        && !screen.contains(hold)
                    {
                        problems.push(format!("{label}: no '{hold}' button on the printer:\n{screen}"));
                    }
                }
            }
        }
    }
    assert!(checked > 300, "{checked} screens checked");
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

/// The checker itself: a word cut at a box's edge is found, a whole one is not.
#[test]
fn the_cut_word_check_finds_a_cut_word() {
    let vocabulary: BTreeSet<String> = ["nothing", "on", "the", "air", "printer"].map(String::from).into();
    let mut buf = Buffer::empty(ratatui::layout::Rect::new(0, 0, 40, 2));
    buf.set_string(0, 0, "Nothing on the printe│ the air│", ratatui::style::Style::new());
    buf.set_string(0, 1, "the printer", ratatui::style::Style::new());
    let cut = cut_words(&buf, &vocabulary, &BTreeSet::new());
    assert_eq!(cut.len(), 1, "{cut:?}");
    assert!(cut[0].starts_with("'printe' at row 0"), "{cut:?}");
}

fn snapshot_at(size: (u16, u16), model_id: &str) -> String {
    let model = printer_panel::sim::models::printer_model(model_id).unwrap();
    let mut h = panel(model, true, "pbc", size);
    if model.has_wifi_button() {
        h.key(KeyCode::Char('W'));
    } else {
        start_push_button(&mut h);
    }
    h.advance(Duration::from_secs(4));
    h.key(KeyCode::Char('b'));
    h.advance(Duration::from_secs(30));
    h.screen()
}

#[test]
fn success_at_80x24() {
    insta::assert_snapshot!(snapshot_at((80, 24), "inkwell-300"));
}

#[test]
fn success_at_100x30() {
    insta::assert_snapshot!(snapshot_at((100, 30), "inkwell-300"));
}

#[test]
fn success_at_64x52_touch() {
    insta::assert_snapshot!(snapshot_at((64, 52), "inkwell-touch"));
}

#[test]
fn success_at_120x36_screenless() {
    insta::assert_snapshot!(snapshot_at((120, 36), "inkwell-mini"));
}

/// The router pane's text, read column by column from its own box (the printer's pane sits
/// beside it), rows joined and spaces collapsed: what a learner reads there.
fn router_pane_text(h: &Headless) -> String {
    let screen = h.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let Some(top) = lines.iter().position(|l| l.contains("┌ Router")) else { return String::new() };
    let start = lines[top].find("┌ Router").map_or(0, |i| lines[top][..i].chars().count());
    let mut text = String::new();
    for line in &lines[top..] {
        let part: String = line.chars().skip(start).collect();
        if part.starts_with('└') {
            break;
        }
        text.push(' ');
        text.push_str(&part.replace(['│', '┌', '┐', '─', '└', '┘'], " "));
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why WPS cannot run is the key sentence of each WPS-off scenario: the router's page says
/// it whole at every size that shows the page beside the printer (hidden-ssid's stopped at
/// "the network name (…" at 120 x 36, wps-off's at 100 x 30).
#[test]
fn the_router_says_why_wps_is_off_whole_at_every_size() {
    let model = &PRINTER_MODELS[0];
    for id in ["wps-off", "hidden-ssid", "wep", "tkip", "wpa3-only"] {
        let why = scenario(id).unwrap().router_setup().wps_unavailable().expect("WPS off").to_string();
        for size in [(100, 30), (120, 36), (160, 48)] {
            let h = panel(model, false, id, size);
            let text = router_pane_text(&h);
            assert!(text.contains(&why), "{id} at {size:?}: {why:?} not whole in:\n{text}\n{}", h.screen());
        }
    }
}

/// The router page's status line of a push-button run is said whole at 100 x 30 ("Adding
/// wireless device: Starte…" before).
#[test]
fn the_routers_status_line_is_whole_at_100x30() {
    let mut h = panel(&PRINTER_MODELS[0], false, "pbc", (100, 30));
    h.key(KeyCode::Char('b'));
    let text = router_pane_text(&h);
    assert!(text.contains("Adding wireless device: Started."), "{text}\n{}", h.screen());
}

/// The guide's words whole at 120 x 36 where there is room: after the remembered password
/// fails in password-changed, the why used to end in "…"; the guide's box now grows (up to
/// three rows, the ladder and log keeping eight).
#[test]
fn the_guide_says_its_why_whole_at_120x36() {
    let mut h = panel(&PRINTER_MODELS[0], true, "password-changed", (120, 36));
    assert!(h.advance_until("Wi-Fi password wrong", Duration::from_secs(20)), "{}", h.screen());
    let screen = h.screen();
    let guide: Vec<&str> =
        screen.lines().skip_while(|l| !l.contains("┌ Guide")).take_while(|l| !l.contains("Goal:")).collect();
    let text = guide.join(" ");
    assert!(!text.contains('…'), "{screen}");
    assert!(text.contains("WPS hands it the new one."), "{screen}");
}
