//! The panel driven through key presses on a virtual clock, as a person would use it.

use std::time::Duration;

use printer_panel::app::printer::{Link, Method, Outcome, Screen};
use printer_panel::app::router::Status;
use printer_panel::app::{App, Options, Wake};
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::sim::air::Node;

mod common;
use common::{fail_with_wrong_half, open_wps_menu, panel, run_into_overlap, show_pin};

const SECS: fn(u64) -> Duration = Duration::from_secs;

fn router_events(h: &Headless) -> Vec<String> {
    h.app.logged_wps_of(Node::Router)
}

#[test]
fn pin_flow_to_success() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    let grouped = format!("{}-{}", &pin[..4], &pin[4..]);
    assert!(h.screen().contains(&grouped), "PIN on the LCD:\n{}", h.screen());
    assert!(h.screen().contains("PIN valid for     1:30"), "{}", h.screen());
    h.key(KeyCode::Tab);
    h.type_text(&grouped);
    h.key(KeyCode::Enter);
    assert!(h.advance_until("Success!", SECS(40)), "{}", h.screen());
    h.advance(SECS(1)); // WSC_Done reaches the router
    assert!(matches!(h.app.printer().link, Link::Connected { .. }));
    assert_eq!(h.app.router().status, Status::Success);
    // Listed under the name it gave itself in DHCP, with the address DHCP gave it.
    let name =
        printer_panel::sim::models::hostname(printer_panel::sim::models::PRINTER_HOST_PREFIX, &h.app.printer().mac);
    let ip = h.app.printer().ip().unwrap();
    let row = h.screen().lines().find(|l| l.contains(&name)).map(str::to_string);
    assert!(row.is_some_and(|r| r.contains(&ip.to_string())), "the printer is in the client list:\n{}", h.screen());
    assert!(router_events(&h).contains(&"WPS-SUCCESS".to_string()));
    assert!(!h.screen().contains(&grouped), "the PIN is gone once used");
}

#[test]
fn a_valid_but_wrong_pin_fails_in_the_protocol() {
    let mut h = panel();
    fail_with_wrong_half(&mut h, 1);
    assert!(h.screen().contains("match (first half)"), "{}", h.screen());
    assert!(router_events(&h).contains(&"WPS-FAIL msg=8 config_error=18".to_string()));
    assert!(h.screen().contains("WSC_NACK ✗ config_error=18"), "the failing arrow is marked:\n{}", h.screen());
    assert!(h.screen().contains("↳ The first half of the PIN did not"), "{}", h.screen());
    assert_eq!(h.app.printer().last_outcome, Some(Outcome::WrongPin { half: 1 }));

    let mut h = panel();
    fail_with_wrong_half(&mut h, 2);
    assert!(router_events(&h).contains(&"WPS-FAIL msg=10 config_error=18".to_string()));
}

#[test]
fn a_typo_is_caught_by_the_check_digit_before_anything_is_sent() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    let mut typo = pin.clone();
    let last = typo.pop().unwrap().to_digit(10).unwrap();
    typo.push(char::from_digit((last + 1) % 10, 10).unwrap());
    h.key(KeyCode::Tab);
    h.type_text(&typo);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Invalid PIN: a digit is wrong"), "{}", h.screen());
    assert!(!h.app.world().air.router().has_pin(), "nothing was given to the registrar");
    h.advance(SECS(10));
    assert!(!h.app.ladder().iter().any(|e| e.label == "M2"), "no registration ran");
}

#[test]
fn the_pin_expires_and_a_new_one_replaces_it() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    let grouped = format!("{}-{}", &pin[..4], &pin[4..]);
    h.advance(SECS(89));
    assert!(h.screen().contains("PIN valid for     0:01"), "{}", h.screen());
    h.advance(SECS(2));
    assert!(h.screen().contains("PIN expired"), "{}", h.screen());
    assert!(!h.screen().contains(&grouped), "an expired PIN is not shown");
    h.key(KeyCode::Enter);
    let Some(Method::Pin(new)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else { panic!() };
    assert_ne!(new.to_string(), pin, "asking again gives a new PIN");
    assert!(h.screen().contains(&new.grouped()));
}

#[test]
fn holding_the_wifi_button_starts_push_button_mode() {
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_millis(1500));
    assert!(h.screen().contains("Keep holding"), "hold progress on the LCD:\n{}", h.screen());
    assert!(h.app.printer().attempt.is_none());
    h.advance(Duration::from_millis(1600));
    assert!(h.screen().contains("Press the router's WPS"), "{}", h.screen());
    h.key(KeyCode::Char('b'));
    assert!(h.advance_until("Success!", SECS(30)), "{}", h.screen());
    h.advance(SECS(1));
    assert!(router_events(&h).contains(&"WPS-PBC-DISABLE".to_string()));
}

#[test]
fn auto_repeat_counts_as_holding_and_a_tap_shows_the_status() {
    let mut h = panel();
    // What a terminal without release events sends: key-down, then repeats every 50 ms.
    h.key(KeyCode::Char('w'));
    h.advance(Duration::from_millis(500));
    for _ in 0..55 {
        h.key(KeyCode::Char('w'));
        h.advance(Duration::from_millis(50));
    }
    assert!(matches!(h.app.printer().screen, Screen::Attempt), "{}", h.screen());

    let mut h = panel();
    h.key(KeyCode::Char('w'));
    h.advance(SECS(1));
    assert!(h.screen().contains("Wireless Status"), "a short press shows the status:\n{}", h.screen());
    assert!(h.app.printer().attempt.is_none());
}

#[test]
fn push_button_times_out_after_120_virtual_seconds() {
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(SECS(4));
    h.advance(SECS(118));
    assert!(h.app.printer().attempt.is_some(), "still within the walk time");
    h.advance(SECS(2));
    assert!(h.screen().contains("Timed out"), "{}", h.screen());
    assert_eq!(h.app.printer().last_outcome, Some(Outcome::Timeout));
    assert!(h.app.logged_wps_of(Node::PRINTER).contains(&"WPS-TIMEOUT Requested operation timed out".to_string()));
}

#[test]
fn a_neighbour_pushing_too_is_a_session_overlap() {
    let mut h = panel();
    run_into_overlap(&mut h);
    assert_eq!(h.app.router().status, Status::Overlap);
    assert!(router_events(&h).contains(&"WPS-FAIL msg=4 config_error=12".to_string()));
    assert!(h.screen().contains("M2D ✗ config_error=12"), "{}", h.screen());
}

#[test]
fn idle_with_blinking_leds_draws_only_when_something_changes() {
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(SECS(4));
    let (draws, changes) = (h.draws, h.changes);
    h.advance(SECS(60));
    let (draws, changes) = (h.draws - draws, h.changes - changes);
    // A 60 fps loop would draw 3,600 frames here.
    assert!(draws < 400, "{draws} draws in 60 s");
    assert!(draws <= changes + changes / 5 + 5, "{draws} draws for {changes} visible changes");
    assert!(changes >= 120, "the Wi-Fi LED blinks at 1 Hz: {changes} changes");
}

#[test]
fn quit_and_help_keys() {
    let mut h = panel();
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("Nobody needs to be called"), "{}", h.screen());
    // The arrows (and j, k) scroll a help taller than the terminal; any other key closes it.
    h.key(KeyCode::Char('j'));
    assert!(h.app.help().is_some(), "j scrolls");
    h.key(KeyCode::Char('x'));
    assert!(h.app.help().is_none(), "any other key closes help");
    h.key(KeyCode::Char('q'));
    assert!(h.quit);
    let mut h = panel();
    h.key_with(KeyCode::Char('c'), printer_panel::keys::event::KeyModifiers::CONTROL);
    assert!(h.quit);
}

#[test]
fn the_menu_entries_do_something_sensible() {
    let mut h = panel();
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("not part of"), "Copy says it is outside the rehearsal");
    h.key(KeyCode::Esc);
    open_wps_menu(&mut h);
    h.key(KeyCode::Esc);
    // Past the setup wizard, to Wireless On/Off.
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    // A choice, not a silent toggle: Back keeps it as it is.
    assert!(h.screen().contains("Wireless is On.") && h.screen().contains("OK: turn it Off"), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(h.app.printer().wireless_on, "Back kept it on");
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Wireless: Off"), "{}", h.screen());
    assert!(h.screen().contains("Wi-Fi off"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("OK: turn it On"), "{}", h.screen());
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Wireless: On"), "{}", h.screen());
    h.key(KeyCode::Enter);
    h.key(KeyCode::Down);
    h.key(KeyCode::Down);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("Network Report"), "{}", h.screen());
    assert!(h.screen().contains("Status: Not connected"));
}

#[test]
fn c_saves_the_capture_and_says_where() {
    let path = std::env::temp_dir().join(format!("printer-panel-panel-{}.pcap", std::process::id()));
    let options = Options { seed: Some(7), pcap: Some(path.clone()), ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 36);
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    assert!(h.advance_until("Success!", SECS(30)));
    h.advance(SECS(1));
    h.key(KeyCode::Char('c'));
    assert!(h.screen().contains(&format!("to {}", path.display())), "{}", h.screen());
    let bytes = std::fs::read(&path).unwrap();
    let frames = printer_panel::trace::capture::frames(&h.app.world().air);
    assert!(frames.len() > 15);
    assert!(bytes.len() > frames.iter().map(|f| f.bytes.len()).sum::<usize>(), "every frame is in the file");
    h.key(KeyCode::Down);
    assert!(!h.screen().contains("Saved"), "the message goes with the next key");
}

#[test]
fn the_footer_keeps_help_quit_and_the_speed_at_every_accepted_width() {
    for model in printer_panel::sim::models::PRINTER_MODELS {
        for (width, height) in [(100, 30), (120, 36), (160, 40), (64, 52)] {
            for speed in [1.0, 10.0] {
                let options = Options { seed: Some(7), model, speed, ..Options::default() };
                let mut h = Headless::new(App::new(options), width, height);
                for _ in 0..2 {
                    let footer = h.screen().lines().last().unwrap_or_default().trim_end().to_string();
                    let ending = if speed > 1.0 { "q quit · ×10 speed" } else { "q quit" };
                    assert!(footer.ends_with(ending), "{} at {width} x {height}: {footer}", model.id);
                    assert!(footer.contains("? help"), "{footer}");
                    h.key(KeyCode::Tab);
                }
            }
        }
    }
    let h = Headless::new(App::new(Options { seed: Some(7), ..Options::default() }), 160, 40);
    assert!(h.screen().contains("G guide"), "room for the guide's key on a wide terminal");
}

#[test]
fn clicking_a_drawn_button_presses_it() {
    let mut h = panel();
    let area = h.buffer().area;
    // Find the router's "[ WPS ]" button on screen and click its middle.
    let screen = h.screen();
    let (row, line) = screen.lines().enumerate().find(|(_, l)| l.contains("[ WPS ]")).unwrap();
    let byte_col = line.find("[ WPS ]").unwrap();
    let col = line[..byte_col].chars().count() as u16 + 3;
    let action = printer_panel::ui::hit_test(&h.app, area, col, row as u16).expect("a button there");
    h.act(action);
    assert!(h.app.world().air.router().pbc_deadline().is_some(), "push-button mode started by the click");
    // With --no-mouse the same click is ignored.
    let mut h = Headless::new(App::new(Options { seed: Some(7), mouse: false, ..Options::default() }), 120, 36);
    let click = printer_panel::keys::event::Event::Mouse(printer_panel::keys::event::MouseEvent {
        kind: printer_panel::keys::event::MouseEventKind::Down(printer_panel::keys::event::MouseButton::Left),
        column: col,
        row: row as u16,
        modifiers: printer_panel::keys::event::KeyModifiers::NONE,
    });
    assert_eq!(printer_panel::ui::input::action_for(&h.app, &click, area), None);
    h.draw();
}

#[test]
fn the_router_counts_down_a_pin_while_the_printer_is_only_asking() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    // Probe, association, then EAPOL: the first M1 is answered with M2D.
    h.advance(SECS(6));
    assert!(router_events(&h).iter().any(|e| e.starts_with("WPS-PIN-NEEDED")), "the printer asked once: M2D");
    h.key(KeyCode::Tab);
    h.type_text(&pin);
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("WPS status   Active · 2:00 left"), "{}", h.screen());
    assert!(h.advance_until("M2 ", SECS(10)), "a keyed run starts: {}", h.screen());
    h.advance(Duration::from_millis(100));
    assert!(h.screen().contains("Active · registering"), "the PIN is in use now:\n{}", h.screen());
}

#[test]
fn a_printer_switched_off_goes_dark_and_says_how_to_turn_it_on() {
    let mut h = panel();
    assert!(h.screen().contains("Settings"), "the menu is on the LCD");
    h.key(KeyCode::Char('P'));
    let screen = h.screen();
    assert!(!screen.contains("Settings") && !screen.contains("Ready"), "the LCD is dark:\n{screen}");
    assert!(screen.contains("Printer off · press P (Power) to turn it on"), "{screen}");
    h.key(KeyCode::Enter);
    assert!(h.screen().contains("The printer is off: press P (Power) to turn it on."), "a key is not ignored silently");
    h.key(KeyCode::Char('P'));
    assert!(h.screen().contains("Settings"), "back on: {}", h.screen());
}

/// Every printer runs every scenario: on the printer without a screen the picker starts the
/// PIN lesson (it used to refuse it, "needs a printer with a screen"), and the guide says to
/// print the PIN page, by the key the footer names.
#[test]
fn the_picker_starts_a_pin_lesson_on_the_printer_without_a_screen() {
    let options = Options {
        seed: Some(7),
        model: printer_panel::sim::models::printer_model("inkwell-mini").unwrap(),
        guide: true,
        ..Options::default()
    };
    let mut h = common::panel_with(options);
    h.key(KeyCode::Char('s'));
    assert!(!h.screen().contains("needs a printer with a screen"), "{}", h.screen());
    h.key(KeyCode::Down); // pin
    h.key(KeyCode::Enter);
    assert!(h.app.picker().is_none(), "chosen and closed");
    assert_eq!(h.app.scenario().id, "pin");
    assert!(h.screen().contains("press Info (I): it prints a page with the PIN"), "{}", h.screen());
}

#[test]
fn a_pin_entered_twice_during_a_run_is_still_shown_as_armed_afterwards() {
    let mut h = panel();
    let pin = show_pin(&mut h);
    h.key(KeyCode::Tab);
    h.type_text(&pin);
    h.key(KeyCode::Enter);
    assert!(h.advance_until("M2 ", SECS(10)), "a run uses the PIN");
    // The learner presses Connect again while the printer registers.
    h.key(KeyCode::Enter);
    assert!(h.advance_until("Success!", SECS(20)), "{}", h.screen());
    h.advance(SECS(1));
    let registrar_armed = h.app.world().air.router().has_pin();
    assert_eq!(h.app.router().pin.is_some(), registrar_armed, "the page says what the registrar has armed");
    assert_eq!(h.app.router().wps_led != printer_panel::app::led::Led::Off, registrar_armed, "and so does the light");
}

#[test]
fn an_expired_pin_is_explained_as_the_pins_own_time_not_the_walk_time() {
    let mut h = panel();
    show_pin(&mut h);
    h.advance(SECS(91));
    let why = h.app.log().into_iter().rev().find_map(|l| l.why.map(str::to_string)).expect("the timeout is explained");
    assert!(why.starts_with("The PIN's own time ran out (1:30 on this printer)"), "{why}");
    assert!(!why.contains("walk time"), "{why}");
    // Push button's timeout is still the walk time.
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.advance(SECS(125));
    let why = h.app.log().into_iter().rev().find_map(|l| l.why.map(str::to_string)).expect("explained");
    assert!(why.contains("2-minute walk time"), "{why}");
}

#[test]
fn after_a_wrong_pin_the_next_fresh_pin_never_fails_by_itself() {
    let mut h = panel();
    let pin = fail_with_wrong_half(&mut h, 1);
    assert!(h.app.router().pin.is_none() && !h.app.world().air.router().has_pin(), "the PIN session ended");
    assert!(h.screen().contains("PIN on the printer and type it."), "the page says so:\n{}", h.screen());
    // The learner goes back to the printer and shows a new PIN, typing nothing at the router.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    h.key(KeyCode::Home);
    let fresh = show_pin(&mut h);
    assert_ne!(fresh, pin);
    h.advance(SECS(30));
    assert!(h.app.printer().attempt.is_some(), "still waiting for the router:\n{}", h.screen());
    assert!(!h.screen().contains("Incorrect PIN"), "no failure nobody caused:\n{}", h.screen());
}

#[test]
fn digits_typed_at_the_printer_say_where_they_go() {
    let mut h = panel();
    h.key(KeyCode::Char('1'));
    assert!(
        h.screen().contains("The printer has no keypad: Tab to the router to type the PIN there."),
        "{}",
        h.screen()
    );
    assert!(h.app.router().pin_input.is_empty());
}

#[test]
fn an_overlap_is_still_the_reason_when_the_walk_time_ends() {
    let mut h = panel();
    run_into_overlap(&mut h);
    h.advance(SECS(124));
    assert_eq!(h.app.router().status, Status::Overlap, "not Timed-out: the overlap is why");
    assert!(h.screen().contains("WPS status   Overlap"), "{}", h.screen());
}

#[test]
fn the_questions_people_arrive_with_are_answered_with_a_scenario_each() {
    let mut h = panel();
    h.key(KeyCode::Char('?'));
    assert!(h.screen().contains("? the questions people ask"), "{}", h.screen());
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    for text in [
        "Is the PIN printed on the printer?",
        "How long does it last?",
        "1:30 on this printer",
        "Is it the same every time?",
        "Can I connect without it?",
        "Do I need to call anyone for it?",
        "Never.",
        "try it: scenario support-scam",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    // On every printer, each answer offers scenarios that exist, and the help says nothing
    // about a screen to a printer without one (on the Mini every page used to say the PIN is
    // on its screen; it now prints its PIN on a page).
    for model in printer_panel::sim::models::PRINTER_MODELS {
        for (question, _, scenarios) in printer_panel::ui::help::questions(model) {
            for id in scenarios {
                assert!(
                    printer_panel::sim::scenarios::scenario(id).is_some(),
                    "{question} offers {id}, on the {}",
                    model.name
                );
            }
        }
        let first = printer_panel::ui::help::first_line(model);
        assert_eq!(first.contains("screen") && !first.contains("no screen"), model.has_screen(), "{first}");
    }
    // The third page: the ladder's messages, each with what it carries and proves.
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("Messages on the ladder"), "{screen}");
    for (name, _) in printer_panel::trace::ladder::LEGEND {
        assert!(screen.contains(name), "{name} in the legend:\n{screen}");
    }
    assert!(screen.contains("proves it knows the PIN's"), "{screen}");
    h.key(KeyCode::Char('?'));
    assert!(h.app.help().is_none(), "a fourth ? closes it");
}

#[test]
fn a_printer_asking_again_and_again_does_not_flood_the_ladder_or_the_log() {
    let mut h = panel();
    show_pin(&mut h);
    h.advance(SECS(40));
    let rounds = common::sent(&h).iter().filter(|s| printer_panel::trace::ladder::label(&s.payload) == "M2D").count();
    assert!(rounds >= 4, "the printer asked {rounds} times");
    let rows = printer_panel::trace::ladder::rows(h.app.ladder());
    assert_eq!(rows.iter().filter(|r| r.label == "M2D").count(), 1, "the first round in full, once");
    let summary = rows.iter().find(|r| r.label.starts_with("M1 → M2D again")).expect("a row counts the others");
    assert!(summary.label.ends_with(&format!("×{}", rounds - 1)), "{}", summary.label);
    let needed = h.app.log().iter().filter(|l| l.entry.event.to_string().starts_with("WPS-PIN-NEEDED")).count();
    assert_eq!(needed, 1, "one log line, counted");
    assert!(h.screen().contains(&format!("router    ×{rounds} WPS-PIN-NEEDED")), "{}", h.screen());
    // Each round's EAP start and end (hostapd's and wpa_supplicant's) are counted the same way.
    for line in ["CTRL-EVENT-EAP-STARTED", "CTRL-EVENT-EAP-FAILURE"] {
        let logged: Vec<u32> = h
            .app
            .log()
            .iter()
            .filter(|l| l.entry.who == printer_panel::sim::air::Node::Router)
            .filter(|l| l.entry.event.to_string().starts_with(line))
            .map(|l| l.repeats)
            .collect();
        assert_eq!(logged.len(), 1, "{line}: one line");
        assert!(logged[0] + 1 >= rounds as u32 - 1, "{line} counted: {logged:?} of {rounds}");
    }
}

#[test]
fn the_scenario_picker_ends_what_does_not_fit_with_an_ellipsis() {
    let mut h = panel();
    h.key(KeyCode::Char('s'));
    let screen = h.screen();
    let mut title_columns = std::collections::BTreeSet::new();
    for s in printer_panel::sim::scenarios::SCENARIOS {
        let id = format!(" {:<w$} ", s.id, w = printer_panel::sim::scenarios::ID_WIDTH);
        let row = screen.lines().find(|l| l.contains(&id)).expect("a row per scenario");
        assert!(row.contains(s.summary) || row.contains('…'), "{} is cut without an ellipsis: {row}", s.id);
        title_columns.insert(row.chars().count() - row[row.find(s.title).unwrap()..].chars().count());
    }
    // The longest id (password-changed) does not push its title out of the column.
    assert_eq!(title_columns.len(), 1, "titles start in one column: {title_columns:?}\n{screen}");
    // At 80 x 24 every summary is cut in its row, so the selected one is said whole under
    // the list (there was no detail line, so no summary could be read whole).
    let mut h = Headless::new(App::new(Options { seed: Some(7), ..Options::default() }), 80, 24);
    h.key(KeyCode::Char('s'));
    for s in printer_panel::sim::scenarios::SCENARIOS {
        let screen = h.screen();
        let inside: Vec<String> =
            screen.lines().map(|l| l.trim_matches(|c| c == '│' || c == ' ').to_string()).collect();
        let said = inside.windows(2).map(|w| format!("{} {}", w[0], w[1])).any(|two| two.contains(s.summary))
            || inside.iter().any(|l| l.contains(s.summary));
        assert!(said, "{}'s summary whole at 80x24:\n{screen}", s.id);
        h.key(KeyCode::Down);
    }
}

/// The scenario's name shows without the guide (on the printer pane's edge, with the key
/// that opens the guide), at the sizes the panel runs at; with the guide on, the guide's
/// title says it instead.
#[test]
fn the_scenario_name_shows_without_the_guide() {
    let weak = printer_panel::sim::scenarios::scenario("weak-signal").unwrap();
    for (w, h) in [(120, 36), (100, 30), (64, 52)] {
        let options = Options { seed: Some(7), scenario: weak, guide: false, ..Options::default() };
        let mut p = Headless::new(printer_panel::app::App::new(options), w, h);
        let screen = p.screen();
        assert!(screen.contains("Scenario: A weak signal · G guide"), "{w}x{h}:\n{screen}");
        p.key(KeyCode::Char('G'));
        let screen = p.screen();
        assert!(screen.contains("Guide · A weak signal") && !screen.contains("Scenario: A weak signal"), "{screen}");
    }
    // Free practice is no scenario to name.
    assert!(!panel().screen().contains("Scenario:"));
}

/// At 100 x 30, the smallest side-by-side size, the router's page keeps the client addresses
/// whole (the MAC column gives way) and ends a long network line in an ellipsis.
#[test]
fn client_addresses_stay_whole_on_a_narrow_router_page() {
    let options = Options { seed: Some(7), ..Options::default() };
    let mut p = Headless::new(App::new(options), 100, 30);
    p.key(KeyCode::Char('b'));
    p.key(KeyCode::Char('W'));
    p.advance(Duration::from_secs(20));
    let Link::Connected { ip, .. } = p.app.printer().link.clone() else { panic!("not joined:\n{}", p.screen()) };
    let screen = p.screen();
    let printer_row = screen.lines().find(|l| l.contains("EXD") && l.contains("192.168.1.")).unwrap_or_default();
    assert!(printer_row.contains(&format!("{ip} ")), "the whole address {ip}:\n{screen}");
    for client in &p.app.router().clients {
        assert!(screen.contains(&format!("{} ", client.ip)), "{}:\n{screen}", client.ip);
    }
    let network = screen.lines().find(|l| l.contains("Network ")).unwrap_or_default();
    assert!(network.contains("(AES)") || network.contains('…'), "cut without an ellipsis: {network}");
    // The printer's own status line keeps its network and address whole.
    assert!(screen.contains(&format!("Wi-Fi: HomeNet-5G2 · {ip}")), "{screen}");
}

/// At 80 x 24 the help is taller than the terminal: it says the arrows scroll, wraps long
/// lines inside its box, and reaches its last key (quit) by scrolling.
#[test]
fn the_help_scrolls_in_a_small_terminal() {
    let mut h = panel();
    h.resize(80, 24);
    h.key(KeyCode::Char('?'));
    let screen = h.screen();
    assert!(screen.contains("↑↓ scroll"), "{screen}");
    assert!(!screen.contains("q, Ctrl-C"), "the last row is below: {screen}");
    assert!(screen.contains("tap for status, hold 3 s for") && screen.contains("WPS"), "wrapped, not cut: {screen}");
    for _ in 0..30 {
        h.key(KeyCode::Down);
    }
    assert!(h.screen().contains("q, Ctrl-C"), "{}", h.screen());
}

/// The trainer's pause: frames wait and timers stand still (the countdown, the LEDs), `.`
/// lets exactly the next thing on the air happen, `,` lets everything run again; `<` and `>`
/// halve and double the speed.
#[test]
fn pause_holds_the_air_and_step_sends_one_frame() {
    let mut h = panel();
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(SECS(6));
    h.key(KeyCode::Char(','));
    assert!(h.app.paused() && h.screen().contains("⏸ PAUSED"), "{}", h.screen());
    let (frames, now, countdown) = (h.app.ladder().len(), h.app.now(), h.app.router().countdown());
    let leds = h.app.printer().leds.clone();
    h.advance(SECS(30));
    assert_eq!((h.app.ladder().len(), h.app.now()), (frames, now), "nothing crossed, no time passed");
    assert_eq!((h.app.router().countdown(), h.app.printer().leds.clone()), (countdown, leds));
    assert_eq!(h.app.poll_timeout(Wake::Visible), None, "a paused panel sleeps until a key");
    // One step: the next due thing happens, at its own instant, and the air stops again.
    h.key(KeyCode::Char('.'));
    let stepped = h.app.ladder().len();
    assert!(stepped <= frames + 2 && h.app.now() > now, "{frames} -> {stepped}");
    h.advance(SECS(30));
    assert_eq!(h.app.ladder().len(), stepped, "still paused after the step");
    h.key(KeyCode::Char(','));
    assert!(h.advance_until("Success!", SECS(40)), "{}", h.screen());
    h.key(KeyCode::Char('<'));
    assert_eq!(h.app.options().speed, 0.5);
    h.key(KeyCode::Char('>'));
    h.key(KeyCode::Char('>'));
    assert_eq!(h.app.options().speed, 2.0);
}

/// Clicks the middle of the first place on screen that reads `text` (a tap on the touchscreen).
fn tap(h: &mut Headless, text: &str) {
    let area = h.buffer().area;
    let screen = h.screen();
    let (row, line) = screen
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(text))
        .unwrap_or_else(|| panic!("no '{text}' on:\n{screen}"));
    let col = line[..line.find(text).unwrap()].chars().count() + text.chars().count() / 2;
    let action = printer_panel::ui::hit_test(&h.app, area, col as u16, row as u16).expect("something to tap there");
    h.act(action);
}

#[test]
fn the_touchscreen_printer_starts_wps_by_taps_and_shows_the_pin_large() {
    let model = printer_panel::sim::models::printer_model("inkwell-touch").unwrap();
    let mut h = Headless::new(App::new(Options { seed: Some(7), model, ..Options::default() }), 120, 36);
    let home = h.screen();
    for icon in ["Wi-Fi", "Copy", "Scan", "Setup"] {
        assert!(home.contains(&format!("│{icon:^6}│")), "a {icon} icon on the home screen:\n{home}");
    }
    assert!(!home.contains("hold 3 s") && !home.contains("w/W Wi-Fi"), "no Wi-Fi button on this model:\n{home}");
    // W, the one-key hold, says there is no such button instead of doing nothing.
    h.key(KeyCode::Char('W'));
    assert!(h.app.printer().hold.is_none() && h.app.printer().attempt.is_none());
    assert!(h.screen().contains("This printer has no Wi-Fi button: tap Wi-Fi on its screen."), "{}", h.screen());
    tap(&mut h, "│Wi-Fi │");
    assert!(h.screen().contains("Wireless Settings"), "{}", h.screen());
    tap(&mut h, "Wi-Fi Protected Setup ›");
    // Back and Home are touch buttons on the glass.
    tap(&mut h, "◀ Back");
    assert!(h.screen().contains("Wireless Setup Wizard ›"), "back one level:\n{}", h.screen());
    tap(&mut h, "Wi-Fi Protected Setup ›");
    tap(&mut h, "PIN ›");
    let Some(printer_panel::app::printer::Method::Pin(pin)) =
        h.app.printer().attempt.as_ref().map(|a| a.method.clone())
    else {
        panic!("a PIN attempt:\n{}", h.screen());
    };
    let screen = h.screen();
    assert!(screen.contains(&format!("WPS PIN  {}", pin.grouped())), "{screen}");
    let big = printer_panel::ui::touchscreen::big_digits(&pin.grouped());
    for row in &big {
        assert!(screen.contains(row.as_str()), "the PIN in large digits ('{row}'):\n{screen}");
    }
    assert!(screen.contains("Valid for 2:00"), "{screen}");
    // Typed at the router, it connects; the touchscreen says Success with an OK to tap.
    h.key(KeyCode::Tab);
    h.type_text(&pin.grouped());
    h.key(KeyCode::Enter);
    assert!(h.advance_until("Success!", SECS(60)), "{}", h.screen());
    h.key(KeyCode::Tab);
    tap(&mut h, "[ OK ]");
    assert!(h.screen().contains("Push Button ›"), "back at the menu it came from:\n{}", h.screen());
    tap(&mut h, "⌂ Home");
    assert!(h.screen().contains("│Wi-Fi │"), "back at the home screen:\n{}", h.screen());
    assert!(h.app.printer().connected());
}

#[test]
fn on_a_projector_sized_screen_the_pin_is_also_shown_large() {
    let big_rows = |h: &Headless, pin: &str| {
        let rows = printer_panel::ui::touchscreen::big_digits(pin);
        rows.iter().filter(|r| h.screen().contains(r.as_str())).count()
    };
    let mut h = Headless::new(App::new(Options { seed: Some(7), ..Options::default() }), 160, 48);
    let pin = show_pin(&mut h);
    let grouped = format!("{}-{}", &pin[..4], &pin[4..]);
    assert_eq!(big_rows(&h, &grouped), 3, "three rows of large digits:\n{}", h.screen());
    let mut h = panel();
    show_pin(&mut h);
    assert_eq!(big_rows(&h, &grouped), 0, "not at 120 x 36, where the panes have no room for it");
}

#[test]
fn the_inspector_decodes_a_message_decrypts_its_settings_and_says_what_it_proves() {
    let mut h = panel();
    common::connect_by_push_button(&mut h);
    h.key(KeyCode::Char('m'));
    // The time first (a narrow pane used to cut it), then the message.
    let title = h.screen().lines().find(|l| l.contains("Inspector · ")).unwrap_or_default().to_string();
    assert!(
        regex::Regex::new(r"Inspector · \d+\.\ds · DHCP Ack \(encrypted\)").unwrap().is_match(&title),
        "the newest message first, its time shown:\n{}",
        h.screen()
    );
    // Back up the ladder to M8: the Wi-Fi settings, decrypted.
    let mut steps = 0;
    while !h.screen().contains(" · M8 · ") {
        h.key(KeyCode::Up);
        steps += 1;
        assert!(steps < 40, "M8 is on the ladder:\n{}", h.screen());
    }
    // What M8 hides is on the first screen, before the attribute list.
    assert!(h.screen().contains("maple-river-4821"), "the password without scrolling:\n{}", h.screen());
    let mut text = h.screen();
    for _ in 0..6 {
        h.key(KeyCode::PageDown);
        text.push_str(&h.screen());
    }
    assert!(text.contains("Proves: router: the Wi-Fi settings"), "{text}");
    assert!(text.contains("Encrypted Settings, decrypted (KeyWrapKey):"), "{text}");
    assert!(text.contains("Network Key") && text.contains("maple-river-4821"), "the password M8 carries:\n{text}");
    assert!(text.contains("HomeNet-5G2"), "and the network's name:\n{text}");
    // The arrows choose messages while the inspector is open, not menu lines; Esc closes it.
    h.key(KeyCode::Up);
    assert!(h.screen().contains(" · M7 · "), "{}", h.screen());
    // Home and End (g and G) jump to the first message and back to the newest.
    h.key(KeyCode::Home);
    assert!(h.screen().contains(" · Probe Request"), "the first message:\n{}", h.screen());
    h.key(KeyCode::Char('G'));
    assert!(h.screen().contains(" · DHCP Ack (encrypted) · "), "the newest again:\n{}", h.screen());
    h.key(KeyCode::Char('g'));
    assert!(h.screen().contains(" · Probe Request"), "{}", h.screen());
    h.key(KeyCode::End);
    assert!(h.screen().contains(" · DHCP Ack (encrypted) · "), "{}", h.screen());
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains("Inspector ·") && h.screen().contains("Event log"), "{}", h.screen());
}

/// Class mode (`*`, or --class) for a trainer projecting the panel: the network key in
/// M8's decrypted settings, the Wi-Fi password on the router's settings page, the label's
/// admin password and a password being typed are drawn as dots; `*` again shows them; a
/// new scenario keeps it.
#[test]
fn class_mode_hides_every_password_on_the_screen() {
    let secret = "maple-river-4821";
    let options = Options { seed: Some(4), router_web: Some("127.0.0.1:8080".into()), ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 36);
    let label = h.app.world().admin_password.clone();
    common::connect_by_push_button(&mut h);
    h.key(KeyCode::Char('m'));
    while !h.screen().contains(" · M8 · ") {
        h.key(KeyCode::Up);
    }
    assert!(h.screen().contains(secret) && h.screen().contains(&label), "shown before:\n{}", h.screen());
    h.key(KeyCode::Char('*'));
    let screen = h.screen();
    assert!(!screen.contains(secret) && !screen.contains(&label), "hidden:\n{screen}");
    assert!(screen.contains("Network Key") && screen.contains(printer_panel::text::MASKED), "{screen}");
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('e'));
    assert!(h.screen().contains("Wi-Fi password") && !h.screen().contains(secret), "{}", h.screen());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('*'));
    h.key(KeyCode::Char('e'));
    assert!(h.screen().contains(secret), "shown again:\n{}", h.screen());
    h.key(KeyCode::Esc);
    // From the start, and typing in the wizard on another scenario's printer.
    let options = Options { seed: Some(4), class_mode: true, ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 36);
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Down, KeyCode::Enter] {
        h.key(key);
    }
    h.key(KeyCode::Enter);
    for c in "secret-pw".chars() {
        h.key(KeyCode::Char(c));
    }
    assert!(!h.screen().contains("secret-pw") && h.screen().contains("•••••••••"), "{}", h.screen());
}

#[test]
fn the_ladder_and_the_log_scroll_back_by_keys_and_wheel() {
    let mut h = panel();
    common::connect_by_push_button(&mut h);
    let newest_log = h.screen().contains("udhcpc: lease of");
    assert!(newest_log, "the log ends with the lease:\n{}", h.screen());
    h.key(KeyCode::PageUp);
    let back = h.screen();
    // Five entries back, but the box stays full: what is below is counted as it is.
    assert!(back.contains("Event log · 5 newer below (PgDn)"), "{back}");
    assert!(!back.contains("udhcpc: lease of"), "older entries now:\n{back}");
    h.key(KeyCode::PageDown);
    assert!(h.screen().contains("udhcpc: lease of") && h.screen().contains("Event log (hostapd"));
    // The wheel over the ladder scrolls it.
    let area = h.buffer().area;
    let (row, _) = h.screen().lines().enumerate().find(|(_, l)| l.contains("Message ladder")).unwrap();
    let wheel = |kind| {
        printer_panel::keys::event::Event::Mouse(printer_panel::keys::event::MouseEvent {
            kind,
            column: 10,
            row: row as u16 + 3,
            modifiers: printer_panel::keys::event::KeyModifiers::NONE,
        })
    };
    let up = printer_panel::ui::input::action_for(
        &h.app,
        &wheel(printer_panel::keys::event::MouseEventKind::ScrollUp),
        area,
    );
    h.act(up.expect("the wheel scrolls the ladder"));
    assert!(h.screen().contains("Message ladder · 3 newer below (wheel down)"), "{}", h.screen());
    assert!(!h.screen().contains("DHCP Ack (encrypted)"), "the newest rows are below now");
    let down = printer_panel::ui::input::action_for(
        &h.app,
        &wheel(printer_panel::keys::event::MouseEventKind::ScrollDown),
        area,
    );
    h.act(down.unwrap());
    assert!(h.screen().contains("DHCP Ack (encrypted)"));
}

/// The overlays are one stack and the top one takes the keys: the help opened over the fake
/// pop-up scrolls with the arrows (it used to dismiss the pop-up underneath), closing it leaves
/// the pop-up; the picker opened from the help takes the help's place, so what is drawn on
/// top is what answers the keys.
#[test]
fn the_overlay_on_top_takes_the_keys() {
    use printer_panel::app::overlay::Overlay;
    let mut h = common::scenario_panel("support-scam");
    assert_eq!(h.app.overlays(), &[Overlay::ScamPopup]);
    h.key(KeyCode::Char('?'));
    assert!(matches!(h.app.overlays(), [Overlay::ScamPopup, Overlay::Help { .. }]), "{:?}", h.app.overlays());
    h.key(KeyCode::Down);
    assert_eq!(h.app.help().map(|(_, scroll)| scroll), Some(1), "the arrow scrolled the help");
    assert!(h.app.scam_popup(), "and left the pop-up alone");
    h.key(KeyCode::Esc);
    assert_eq!(h.app.overlays(), &[Overlay::ScamPopup], "Esc closed the help only");
    h.key(KeyCode::Esc);
    assert!(h.app.overlays().is_empty());
    h.key(KeyCode::Char('?'));
    h.key(KeyCode::Char('s'));
    assert!(matches!(h.app.overlays(), [Overlay::Scenarios(_)]), "{:?}", h.app.overlays());
    let before = h.app.picker().map(|p| p.selected);
    h.key(KeyCode::Down);
    assert_ne!(h.app.picker().map(|p| p.selected), before, "the picker has the keys");
}

/// `update` does no IO: saving the capture, quitting and suspending come back as effects that
/// the driver performs. The app asked to save writes nothing; the headless driver, doing what
/// it asked as the live loop does, writes the file and says where.
#[test]
fn update_returns_effects_and_the_driver_performs_them() {
    use printer_panel::app::{Action, PanelAction};
    let path = std::env::temp_dir().join(format!("printer-panel-effects-{}.pcap", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let options = Options { seed: Some(7), pcap: Some(path.clone()), ..Options::default() };
    let mut h = common::panel_with(options);
    common::connect_by_push_button(&mut h);
    let effects = h.app.update(Action::Panel(PanelAction::SaveCapture));
    assert!(effects.save_capture && !effects.quit && !effects.suspend, "{effects:?}");
    assert!(!path.exists(), "update itself wrote nothing");
    h.act(Action::Panel(PanelAction::SaveCapture));
    assert!(path.exists(), "the driver saved it");
    assert!(h.app.message().is_some_and(|m| m.starts_with("Saved ")), "{:?}", h.app.message());
    let effects = h.app.update(Action::Panel(PanelAction::Suspend));
    assert!(effects.suspend && !effects.quit);
    assert!(h.app.update(Action::Panel(PanelAction::Quit)).quit);
    let _ = std::fs::remove_file(&path);
}

/// In the setup wizard's password field every printable key is a character: `w` (the Wi-Fi
/// button elsewhere), `W`, `n` (a neighbour's WPS) and `q` (quit) are typed, not acted on.
#[test]
fn the_wizard_types_the_keys_that_are_buttons_elsewhere() {
    let mut h = panel();
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Down, KeyCode::Enter] {
        h.key(key);
    }
    h.key(KeyCode::Enter);
    h.type_text("wWnq-river");
    assert!(h.screen().contains("wWnq-river▏"), "{}", h.screen());
    assert!(h.app.printer().hold.is_none() && h.app.printer().attempt.is_none(), "no Wi-Fi button pressed");
    assert!(!h.quit, "q was a character");
    assert_eq!(h.app.world().air.recording().sent().len(), 0, "no neighbour started WPS");
}

/// The router's settings page saves on Enter from any line, as its key line says.
#[test]
fn enter_saves_the_router_settings_from_any_line() {
    use printer_panel::sim::models::Security;
    let mut h = panel();
    h.key(KeyCode::Char('e'));
    h.key(KeyCode::Right);
    let draft = h.app.router_settings().map(|s| s.draft.security);
    assert_eq!(draft, Some(Security::Wpa2Wpa3Personal), "the arrow changed the value");
    h.key(KeyCode::Enter);
    assert!(h.app.router_settings().is_none(), "saved and closed");
    assert_eq!(h.app.router().setup.security, Security::Wpa2Wpa3Personal, "the value Enter saved");
}

/// After a wrong first or second half the router's page says what to do next in its two
/// notice rows, whole: the printer erased that PIN, so a new one is to be shown and typed (the
/// sentence used to run past the two rows and stop mid-sentence), and the PIN field is empty
/// for it, whichever half was wrong (a wrong second half used to keep the field and say
/// "check the last four digits", although the printer had erased that PIN too).
#[test]
fn the_router_says_to_type_a_new_pin_whole() {
    for half in [1, 2] {
        the_router_says_to_type_a_new_pin_whole_after(half);
    }
}

fn the_router_says_to_type_a_new_pin_whole_after(half: u8) {
    let mut h = panel();
    fail_with_wrong_half(&mut h, half);
    assert!(h.app.router().pin_input.is_empty(), "half {half}: the field still holds {:?}", h.app.router().pin_input);
    assert!(h.app.router().pin.is_none(), "half {half}: the router still waits for a PIN");
    let screen = h.screen();
    // The notice's two rows, read out of the router's page box.
    let page: Vec<String> = screen
        .lines()
        .filter_map(|l| l.rsplit("│││").next().filter(|_| l.contains("│││")))
        .map(|r| r.trim_end_matches(['│', ' ']).trim().to_string())
        .collect();
    let at = page.iter().position(|r| r.contains("did not match")).expect("the notice");
    let said = format!("{} {}", page[at], page[at + 1]);
    assert!(said.ends_with("Show a new PIN on the printer and type it."), "half {half}: {said}\n{screen}");
}

/// In `password-changed` the router's label still shows the factory password, the one that
/// no longer works: the wizard's guide points to the settings page, not the label (it used
/// to say the new password was on the label, the very trap the scenario teaches).
#[test]
fn the_guide_does_not_send_the_learner_to_a_label_whose_password_changed() {
    for (id, label) in [("password-changed", false), ("free", true)] {
        let mut h = common::scenario_panel(id);
        for key in [KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Down, KeyCode::Enter] {
            h.key(key);
        }
        h.key(KeyCode::Enter);
        assert!(matches!(h.app.printer().screen, Screen::WizardPassword { .. }), "{id}:\n{}", h.screen());
        let next = printer_panel::app::guide::advice(&h.app).next;
        assert_eq!(next.contains("on the router's label"), label, "{id}: {next}");
        assert!(next.contains("settings page"), "{id}: {next}");
    }
}

/// Inside the printer's Wi-Fi Protected Setup menu the guide said "or open Settings >
/// Wireless > Wi-Fi Protected Setup", the menu already on the screen; it now says to choose
/// there, on the LCD and on the touchscreen, and following it starts push-button mode.
#[test]
fn inside_the_wps_menu_the_guide_says_choose_not_open() {
    for model in ["inkwell-300", "inkwell-touch"] {
        let options = Options {
            model: printer_panel::sim::models::PRINTER_MODELS.iter().find(|m| m.id == model).unwrap(),
            seed: Some(4),
            guide: true,
            ..Options::default()
        };
        let mut h = Headless::new(App::new(options), 120, 36);
        let path: &[KeyCode] = if model == "inkwell-300" {
            &[KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter, KeyCode::Enter, KeyCode::Down]
        } else {
            &[KeyCode::Enter, KeyCode::Enter, KeyCode::Down]
        };
        for key in path {
            h.key(*key);
        }
        assert!(h.screen().contains("Push Button"), "{model}: in the WPS menu:\n{}", h.screen());
        let advice = printer_panel::app::guide::advice(&h.app);
        assert!(!advice.next.contains("open Settings"), "{model}: {}", advice.next);
        assert!(advice.next.contains("Wi-Fi Protected Setup menu"), "{model}: {}", advice.next);
        for action in advice.act {
            h.update(printer_panel::app::Msg::Action(action));
        }
        assert!(h.app.printer().attempt.is_some(), "{model}: following it started WPS:\n{}", h.screen());
    }
}

/// The overlap done printer first: the printer and a neighbour push, the router's button is
/// pressed after. hostapd refuses to start push-button mode while it counts two pushers
/// (FAIL-PBC-OVERLAP); the page says the button was refused, where it used to stay on the
/// same Overlap notice, so pressing b gave no feedback at all.
#[test]
fn the_routers_button_refused_during_an_overlap_says_so() {
    use printer_panel::app::notice::Notice;
    let mut h = panel();
    h.key(KeyCode::Char('W'));
    h.key(KeyCode::Char('n'));
    h.advance(SECS(6));
    assert!(h.app.router().overlap, "the router saw both pushing:\n{}", h.screen());
    h.key(KeyCode::Char('b'));
    // Said, and still said while the two go on probing.
    h.advance(SECS(3));
    assert!(matches!(h.app.router().notice, Some(Notice::ButtonRefused { .. })), "{:?}", h.app.router().notice);
    assert_eq!(h.app.router().status, Status::Overlap);
    assert!(h.screen().contains("Push-button mode not started"), "{}", h.screen());
}

/// The LCD's Settings > Wireless menu has six entries and room for four: a mark says there is
/// more below, and more above once scrolled (it used to show four with no sign of the rest).
#[test]
fn a_menu_longer_than_the_lcd_says_so() {
    let mut h = panel();
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Enter] {
        h.key(key);
    }
    // The LCD's rows: inside its rounded box, up to its right edge.
    let lcd = |h: &Headless| -> Vec<String> {
        let screen = h.screen();
        screen
            .lines()
            .filter_map(|l| l.strip_prefix("│ │"))
            .map(|l| l.split('│').next().unwrap_or_default().to_string())
            .collect()
    };
    let row = |h: &Headless, text: &str| lcd(h).into_iter().find(|l| l.contains(text)).unwrap_or_default();
    assert!(row(&h, "Wireless Status").trim_end().ends_with('▼'), "{:#?}", lcd(&h));
    assert!(!lcd(&h).iter().any(|l| l.contains('▲')), "nothing above yet: {:#?}", lcd(&h));
    for _ in 0..5 {
        h.key(KeyCode::Down);
    }
    assert!(lcd(&h).iter().any(|l| l.trim_end().ends_with('▲')), "more above now: {:#?}", lcd(&h));
    assert!(!lcd(&h).iter().any(|l| l.contains('▼')), "nothing below the last: {:#?}", lcd(&h));
    assert!(row(&h, "Restore Network").contains("Restore Network"), "{:#?}", lcd(&h));
}

/// The printer without a screen prints a WPS PIN page (its Wi-Fi button held with Info, key
/// I), as device-facts describes: a new PIN each time, its life on the page, PIN mode started
/// and its Wi-Fi light blinking; the PIN read off the page and typed at the router joins by the
/// real registration. The Mini used to have no PIN at all, and every PIN scenario refused it.
#[test]
fn the_printer_without_a_screen_prints_a_pin_page_that_joins() {
    let model = printer_panel::sim::models::printer_model("inkwell-mini").unwrap();
    let mut h = Headless::new(App::new(Options { seed: Some(7), model, ..Options::default() }), 120, 36);
    // What its lights mean, whole at 120 x 36 (it used to stop at "to start WP").
    assert!(h.screen().contains("Wi-Fi off: hold Wi-Fi 3 s for WPS, or I for a PIN."), "{}", h.screen());
    h.key(KeyCode::Char('I'));
    h.advance(Duration::from_secs(2));
    let Some(Method::Pin(pin)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else {
        panic!("no PIN attempt:\n{}", h.screen());
    };
    let screen = h.screen();
    for text in ["WPS PIN", &format!("PIN: {}", pin.grouped()), "Valid for 2 minutes."] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    assert!(screen.contains("I PIN") && screen.contains("G guide"), "the footer names the keys:\n{screen}");
    assert!(screen.contains("Wi-Fi slow blink: waiting for the PIN at the router."), "{screen}");
    // Printed again: a new PIN.
    h.key(KeyCode::Char('I'));
    let Some(Method::Pin(again)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else { panic!() };
    assert_ne!(again, pin, "a new PIN on each page");
    h.key(KeyCode::Tab);
    h.type_text(&again.to_string());
    h.key(KeyCode::Enter);
    h.advance(Duration::from_secs(40));
    assert!(matches!(h.app.printer().link, Link::Connected { .. }), "{:?}\n{}", h.app.printer().link, h.screen());
    let router = h.app.world().air.recording().events_of(Node::Router);
    assert!(router.iter().any(|e| e.starts_with("WPS-REG-SUCCESS")), "{router:?}");
}

/// The label under the router (L): network name, Wi-Fi password, admin login and the router's
/// own WPS PIN, with the question people ask about that PIN answered where they read it. In the
/// password-changed story it holds the factory password, the one that no longer works; class
/// mode hides its passwords; any key puts it away.
#[test]
fn the_router_label_shows_its_own_pin_and_says_it_is_not_the_printers() {
    let mut h = panel();
    h.key(KeyCode::Char('L'));
    let screen = h.screen();
    let world = h.app.world();
    let ap_pin = world.ap_pin.grouped();
    for text in [
        "Label under the router",
        "HomeNet-5G2",
        "maple-river-4821",
        &format!("admin / {}", world.admin_password),
        &ap_pin,
        "Is the PIN on the router's label the one to use?",
        "No. It is the router's own PIN",
    ] {
        assert!(screen.contains(text), "{text}:\n{screen}");
    }
    assert!(printer_panel::wps::pin::check(&ap_pin).is_ok(), "a valid PIN: {ap_pin}");
    let printer_pin = show_pin_after_closing(&mut h);
    assert_ne!(printer_pin, ap_pin.replace('-', ""), "the printer's PIN is its own");

    h.key(KeyCode::Char('*'));
    h.key(KeyCode::Char('L'));
    let masked = h.screen();
    assert!(masked.contains("Label under the router") && !masked.contains("maple-river-4821"), "{masked}");

    let mut h = common::scenario_panel("password-changed");
    h.key(KeyCode::Char('L'));
    let screen = h.screen();
    assert!(screen.contains("old-garden-1170"), "the factory password, not the current one:\n{screen}");
    assert!(!screen.contains("maple-river-4821"), "{screen}");
}

/// Any key puts the label away, and the PIN is then shown on the printer.
fn show_pin_after_closing(h: &mut Headless) -> String {
    h.key(KeyCode::Char('x'));
    assert!(h.app.overlays().is_empty(), "put away");
    show_pin(h)
}

/// At 80 x 24 one pane shows at a time: with the router's page in front, the PIN on the
/// printer's screen used to be out of sight while the learner typed it there. The router
/// pane's bottom edge now says it (with its time left); beside the printer, it does not.
#[test]
fn the_printers_pin_is_in_sight_while_typing_it_at_the_router_in_a_small_terminal() {
    for (size, shown) in [((80, 24), true), ((120, 36), false)] {
        let mut h = Headless::new(App::new(Options { seed: Some(7), ..Options::default() }), size.0, size.1);
        let pin = show_pin(&mut h);
        h.key(KeyCode::Tab);
        let grouped = format!("{}-{}", &pin[..4], &pin[4..]);
        let screen = h.screen();
        assert_eq!(screen.contains(&format!("printer's screen: PIN {grouped}")), shown, "{size:?}\n{screen}");
        assert!(screen.contains(&grouped), "the PIN in sight at {size:?}:\n{screen}");
    }
}

/// R, for the trainer: after a failed attempt (a wrong PIN), the panel goes back to just
/// before that attempt, rebuilt from its seed and its inputs: the same router, the same earlier
/// ladder, no result yet; the attempt done again the same way fails again the same way.
/// Without --seed too (the operating system's seed is kept). Before, there was no way back.
#[test]
fn rewind_goes_back_to_just_before_the_last_attempt() {
    for seed in [Some(7), None] {
        let mut h = Headless::new(App::new(Options { seed, ..Options::default() }), 120, 36);
        h.key(KeyCode::Char('R'));
        assert!(h.screen().contains("Nothing to rewind"), "{}", h.screen());
        h.advance(Duration::from_secs(3));
        let before = common::sent(&h).len();
        let failed_pin = fail_with_wrong_half(&mut h, 1);
        assert!(common::sent(&h).len() > before);
        let ladder_then = h.app.ladder().len();
        h.key(KeyCode::Char('R'));
        assert!(h.screen().contains("Rewound to 3.0 s"), "{}", h.screen());
        assert_eq!(h.app.printer().attempt, None, "just before the attempt");
        assert_eq!(common::sent(&h).len(), before, "what crossed the air before it, and nothing after");
        assert!(h.app.ladder().len() < ladder_then);
        // Just before OK on PIN: the same press again shows the same PIN (the same seed), and
        // the same wrong half fails the same way.
        h.key(KeyCode::Enter);
        let Some(Method::Pin(again)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else {
            panic!("{seed:?}: OK on PIN again:\n{}", h.screen())
        };
        assert_eq!(again.to_string(), failed_pin, "{seed:?}: the printer's same PIN");
        h.key(KeyCode::Tab);
        h.type_text(&common::wrong_pin(&failed_pin, 1));
        h.key(KeyCode::Enter);
        assert!(h.advance_until("Incorrect PIN", Duration::from_secs(40)), "{}", h.screen());
    }
}

/// The screenless printer's paper slot says what prints there, and only while it can: the
/// report and the PIN page by their keys, and nothing once the printer is off (it said
/// "(Info prints a report)" when off, and never named the PIN page).
#[test]
fn the_paper_slot_says_what_prints_only_while_it_can() {
    let model = printer_panel::sim::models::printer_model("inkwell-mini").unwrap();
    let mut h = common::panel_with(Options { seed: Some(7), model, ..Options::default() });
    let screen = h.screen();
    assert!(screen.contains("Info (i): a network") && screen.contains("Info (I): a page with a"), "{screen}");
    h.key(KeyCode::Char('P'));
    let screen = h.screen();
    assert!(screen.contains("The printer is off:") && !screen.contains("network report"), "{screen}");
    // At 100 x 30 the lights' meaning folds onto the free row above the buttons, and the PIN
    // page folds in the narrow slot: "waiting for the PIN at the r" was cut there.
    h.key(KeyCode::Char('P'));
    h.resize(100, 30);
    h.key(KeyCode::Char('I'));
    h.advance(Duration::from_secs(6));
    let screen = h.screen();
    assert!(screen.contains("waiting for the PIN at the") && screen.contains("router."), "{screen}");
    let pin = match &h.app.printer().attempt.as_ref().unwrap().method {
        Method::Pin(pin) => {
            let digits = pin.to_string();
            format!("{}-{}", &digits[..4], &digits[4..])
        }
        Method::PushButton => unreachable!("I starts PIN mode"),
    };
    assert!(screen.contains(&pin), "the PIN {pin} whole on the page:\n{screen}");
}
