//! Every training scenario, through the engine: the outcome and the events, not only the text.

use std::time::Duration;

use printer_panel::app::notice::Notice;
use printer_panel::app::printer::{Link, Method, Outcome};
use printer_panel::app::router::Status;
use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::sim::air::Node;
use printer_panel::sim::models::{WpsBlocked, printer_model};
use printer_panel::sim::scenarios::{FICTIONAL_NUMBER, SCENARIOS};
use printer_panel::wps::pin::PinError;

mod common;
use common::{scenario_panel as panel, show_pin};

fn events(h: &Headless, who: Node) -> Vec<String> {
    h.app.logged_wps_of(who)
}

fn outcome(h: &Headless) -> Option<Outcome> {
    h.app.printer().last_outcome.clone()
}

#[test]
fn every_scenario_is_listed_once() {
    let mut ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), SCENARIOS.len());
    for s in SCENARIOS {
        assert!(!s.steps.is_empty(), "{} has steps", s.id);
    }
}

#[test]
fn pin_happy_path() {
    let mut h = panel("pin");
    show_pin(&mut h);
    let Some(Method::Pin(pin)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else { panic!("no PIN") };
    let digits = pin.to_string();
    h.key(KeyCode::Tab);
    h.type_text(&digits);
    h.key(KeyCode::Enter);
    h.advance(Duration::from_secs(20));
    assert!(matches!(outcome(&h), Some(Outcome::Connected { .. })));
    assert!(events(&h, Node::Router).contains(&"WPS-SUCCESS".to_string()));
}

#[test]
fn pbc_happy_path() {
    let mut h = panel("pbc");
    assert!(h.screen().contains("Hold the printer's Wi-Fi button"), "the guide's first step:\n{}", h.screen());
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(4));
    assert!(h.screen().contains("Now press the router's WPS button"), "{}", h.screen());
    h.key(KeyCode::Char('b'));
    h.advance(Duration::from_secs(15));
    assert!(matches!(h.app.printer().link, Link::Connected { .. }));
    assert!(events(&h, Node::Router).contains(&"WPS-PBC-DISABLE".to_string()));
}

#[test]
fn overlap_with_the_neighbour() {
    let mut h = panel("overlap");
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(15));
    assert_eq!(outcome(&h), Some(Outcome::Overlap));
    assert!(events(&h, Node::Router).iter().any(|e| e.ends_with("config_error=12")));
    assert!(events(&h, Node::Station(1)).iter().any(|e| e == "WPS-M2D dev_password_id=0 config_error=12"));
    assert_eq!(h.app.router().status, Status::Overlap);
    assert!(h.screen().contains("Why: The router saw more than one device"), "{}", h.screen());
}

/// Two frames lost, one each way; both sides send again after 5 s and the printer joins.
/// The ladder marks each loss and each repeat; the log says what each side did.
#[test]
fn a_weak_signal_loses_frames_and_the_retries_carry_on() {
    let mut h = panel("weak-signal");
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(40));
    assert!(matches!(h.app.printer().link, Link::Connected { .. }), "{}", h.screen());
    let ladder: Vec<(String, bool)> = common::sent(&h)
        .iter()
        .map(printer_panel::trace::ladder::LadderEntry::of)
        .filter(|e| !e.scan)
        .map(|e| (e.label, e.delivered))
        .collect();
    let lost: Vec<&str> = ladder.iter().filter(|(_, d)| !d).map(|(l, _)| l.as_str()).collect();
    assert_eq!(lost, ["M3", "M6"], "{ladder:?}");
    let again: Vec<&str> = ladder.iter().map(|(l, _)| l.as_str()).filter(|l| l.ends_with(" (again)")).collect();
    // The router repeats M2 (its answer never came), the printer answers with the same M3;
    // the router repeats M6, which the printer never had.
    assert_eq!(again, ["M2 (again)", "M3 (again)", "M6 (again)"], "{ladder:?}");
    let router = events(&h, Node::Router);
    assert_eq!(router.iter().filter(|e| e.starts_with("CTRL-EVENT-EAP-RETRANSMIT ")).count(), 2, "{router:?}");
    assert!(events(&h, Node::PRINTER).iter().any(|e| e.starts_with("EAP: duplicate request")));
    let log: Vec<&str> = h.app.log().into_iter().filter_map(|l| l.why).collect();
    assert!(log.iter().any(|w| w.contains("a frame was lost")), "{log:?}");
    assert!(log.iter().any(|w| w.contains("the printer's answer was lost")), "{log:?}");
}

#[test]
fn security_settings_that_switch_wps_off() {
    for (id, words, blocked) in [
        ("wep", "WEP", WpsBlocked::Wep),
        ("tkip", "TKIP", WpsBlocked::TkipOnly),
        ("hidden-ssid", "hidden", WpsBlocked::HiddenName),
        ("wps-off", "set to disable", WpsBlocked::SwitchedOff),
        ("wpa3-only", "WPA3-only", WpsBlocked::Wpa3Only),
    ] {
        let mut h = panel(id);
        h.key(KeyCode::Char('b'));
        assert_eq!(h.app.router().status, Status::Disabled, "{id}");
        let notice = h.app.router().notice.clone().expect("the router says why");
        assert_eq!(notice, Notice::Blocked(blocked), "{id}");
        assert!(notice.is_error() && notice.text().contains(words), "{id}: {notice:?}");
        assert!(h.app.world().air.router().pbc_deadline().is_none(), "{id}: push-button mode did not start");
        h.key(KeyCode::Char('W'));
        h.advance(Duration::from_secs(125));
        assert_eq!(outcome(&h), Some(Outcome::Timeout), "{id}");
        // A hidden network does not answer probes for any network (ignore_broadcast_ssid).
        let answered = h.app.ladder().iter().any(|e| e.label == "Probe Response (no WPS)");
        assert_eq!(answered, blocked != WpsBlocked::HiddenName, "{id}");
        assert!(!h.app.ladder().iter().any(|e| e.label == "EAPOL-Start"), "{id}: never associated");
    }
    let h = panel("wpa3-only");
    assert!(h.app.router().setup.wps_unavailable().unwrap().to_string().contains("not a protocol rule"));
}

#[test]
fn router_out_of_reach_times_out_on_both_sides() {
    let mut h = panel("out-of-range");
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(125));
    assert_eq!(outcome(&h), Some(Outcome::Timeout));
    assert!(events(&h, Node::Router).contains(&"WPS-TIMEOUT".to_string()));
    assert!(events(&h, Node::Station(0)).contains(&"WPS-TIMEOUT Requested operation timed out".to_string()));
    assert!(h.app.ladder().iter().all(|e| !e.delivered));
}

#[test]
fn router_not_pressed_in_time() {
    let mut h = panel("too-late");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(60));
    assert!(h.app.printer().attempt.is_some());
    h.advance(Duration::from_secs(65));
    assert_eq!(outcome(&h), Some(Outcome::Timeout));
    // The router only heard the printer's probes (hostapd's WPS-ENROLLEE-SEEN) and took no part.
    let router = events(&h, Node::Router);
    assert!(!router.is_empty() && router.iter().all(|e| e.starts_with("WPS-ENROLLEE-SEEN ")), "{router:?}");
}

#[test]
fn a_typo_is_caught_before_sending() {
    let mut h = panel("pin-typo");
    show_pin(&mut h);
    assert!(!h.app.router().pin_input.is_empty(), "the scenario typed the PIN at the router");
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    let notice = h.app.router().notice.clone().unwrap();
    assert!(matches!(notice, Notice::InvalidPin(PinError::Checksum { .. })), "{notice:?}");
    assert!(notice.is_error() && notice.text().starts_with("Invalid PIN"), "{notice:?}");
    assert!(!h.app.world().air.router().has_pin());
}

#[test]
fn a_valid_but_wrong_pin_fails_after_m6() {
    let mut h = panel("wrong-pin");
    show_pin(&mut h);
    h.key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    assert!(h.app.world().air.router().has_pin(), "a valid PIN goes through to the protocol");
    h.advance(Duration::from_secs(20));
    assert_eq!(outcome(&h), Some(Outcome::WrongPin { half: 2 }));
    assert!(events(&h, Node::Router).contains(&"WPS-FAIL msg=10 config_error=18".to_string()));
    // One fix on both panes: the printer erased the PIN that failed, so the printer's screen
    // and the router's page both say to show a new one and type it.
    let screen = h.screen();
    let notice = h.app.router().notice.clone().unwrap().text();
    assert!(notice.contains("Show a new PIN"), "{notice}");
    assert!(screen.contains("Show a new PIN; type it"), "the LCD says so too:\n{screen}");
    assert!(!screen.contains("Check the digits typed"), "{screen}");
}

#[test]
fn the_support_popup_is_fictional_and_dismissed() {
    assert!(FICTIONAL_NUMBER.starts_with("555-01") && FICTIONAL_NUMBER.len() == 8, "{FICTIONAL_NUMBER}");
    let mut h = panel("support-scam");
    assert!(h.screen().contains(FICTIONAL_NUMBER), "{}", h.screen());
    assert!(h.screen().contains("Training example"));
    h.key(KeyCode::Esc);
    assert!(!h.screen().contains(FICTIONAL_NUMBER), "closed by any key");
    show_pin(&mut h);
    assert!(h.app.printer().attempt.is_some(), "the PIN comes from the printer itself");
}

#[test]
fn the_picker_switches_scenario_in_the_app() {
    let mut h = panel("free");
    h.key(KeyCode::Char('s'));
    assert!(h.screen().contains("Scenarios"), "{}", h.screen());
    let target = SCENARIOS.iter().position(|s| s.id == "wep").unwrap();
    for _ in 0..target {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    assert_eq!(h.app.scenario().id, "wep");
    assert!(h.app.picker().is_none());
    assert!(h.screen().contains("WEP"), "{}", h.screen());
}

#[test]
fn the_printer_without_a_screen() {
    let model = printer_model("inkwell-mini").unwrap();
    let options = Options { seed: Some(5), model, ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 36);
    assert!(h.screen().contains("[ i Info ]") && h.screen().contains("[ ⏻ Power ]"), "{}", h.screen());
    assert!(!h.screen().contains("Settings"), "no menu");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(4));
    assert!(h.screen().contains("Wi-Fi slow blink"), "{}", h.screen());
    assert_eq!(h.app.printer().leds.wifi.describe(), "slow blink");
    h.key(KeyCode::Char('b'));
    h.advance(Duration::from_secs(15));
    assert!(matches!(h.app.printer().link, Link::Connected { .. }));
    assert_eq!(h.app.printer().leds.wifi.describe(), "on");
    h.key(KeyCode::Char('i'));
    h.advance(Duration::from_millis(200));
    let partial = h.app.printer().page_lines_out(h.app.now());
    h.advance(Duration::from_secs(2));
    assert!(h.app.printer().page_lines_out(h.app.now()) > partial, "the page slides out");
    assert!(h.screen().contains("Status: Connected"), "{}", h.screen());
    h.key(KeyCode::Char('P'));
    assert!(h.screen().contains("switched off"), "{}", h.screen());
    assert!(matches!(h.app.printer().link, Link::NotConnected));
}

#[test]
fn a_failed_screenless_attempt_blinks_attention_until_cancel() {
    let model = printer_model("inkwell-mini").unwrap();
    let mut h = Headless::new(App::new(Options { seed: Some(5), model, ..Options::default() }), 120, 36);
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(125));
    assert_eq!(outcome(&h), Some(Outcome::Timeout));
    // This model's attention light blinks fast (its own number, from models.rs).
    assert_eq!(h.app.printer().leds.attention.describe(), "fast blink");
    h.key(KeyCode::Char('x'));
    assert_eq!(h.app.printer().leds.attention.describe(), "off");
}

fn next_step(h: &Headless) -> String {
    printer_panel::app::guide::advice(&h.app).next
}

#[test]
fn the_guide_names_only_what_the_printer_has() {
    let options =
        Options { seed: Some(3), model: printer_model("inkwell-mini").unwrap(), guide: true, ..Options::default() };
    let mut h = Headless::new(App::new(options), 120, 40);
    let next = next_step(&h);
    assert!(!next.contains("Settings") && !next.contains("OK"), "no menu, no OK on this printer: {next}");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(125));
    let next = next_step(&h);
    assert!(next.contains("Cancel button (x)") && !next.contains("OK"), "{next}");
}

#[test]
fn the_guide_follows_what_happened() {
    // The pop-up, once closed, is not to be closed again.
    let mut h = panel("support-scam");
    assert!(next_step(&h).contains("Close the pop-up"));
    h.key(KeyCode::Esc);
    assert!(!next_step(&h).contains("close"), "{}", next_step(&h));
    // A PIN field already filled in is not to be typed again.
    let mut h = panel("pin-typo");
    show_pin(&mut h);
    assert!(next_step(&h).contains("already holds what was typed"), "{}", next_step(&h));
    // Too late is about not touching the router.
    let mut h = panel("too-late");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(4));
    assert!(next_step(&h).starts_with("Do not touch the router"), "{}", next_step(&h));
    // After an overlap, pressing the router's button again is not the advice.
    let mut h = panel("overlap");
    h.key(KeyCode::Char('b'));
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_millis(3500));
    assert!(h.app.router().overlap, "the router saw two devices");
    assert!(!next_step(&h).contains("press the router's WPS button"), "{}", next_step(&h));
    // OK is on the printer: with the router focused, the guide says to go back first.
    let mut h = panel("pbc");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(4));
    h.key(KeyCode::Char('b'));
    h.advance(Duration::from_secs(15));
    h.key(KeyCode::Tab);
    assert!(next_step(&h).starts_with("Tab back to the printer"), "{}", next_step(&h));
    // WPS off: nothing about a password menu the printer does not have.
    assert!(!scenario_lesson("wps-off").contains("password on the printer"));
}

fn scenario_lesson(id: &str) -> &'static str {
    printer_panel::sim::scenarios::scenario(id).unwrap().lesson
}

#[test]
fn the_router_page_stops_saying_a_printer_is_listed_once_it_left() {
    let mut h = panel("pbc");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(4));
    h.key(KeyCode::Char('b'));
    h.advance(Duration::from_secs(15));
    assert!(h.screen().contains("The new device is in the client list below"), "{}", h.screen());
    h.key(KeyCode::Char('P'));
    // Its Deauthentication crosses the air; the router hears it and takes it off the list.
    h.advance(Duration::from_secs(1));
    assert!(!h.screen().contains("in the client list below"), "{}", h.screen());
    assert!(h.screen().contains("The printer has left the network"), "{}", h.screen());
}

/// The settings that switch WPS off can be fixed on the router's settings page (e), and then
/// the printer joins: WPS really runs again, with the credential of the new settings.
#[test]
fn the_router_settings_that_switch_wps_off_can_be_fixed() {
    use KeyCode::{Down, Enter, Left, Right};
    for (id, changes) in [
        ("wep", &[Right][..]),
        ("tkip", &[Right, Right][..]),
        ("wpa3-only", &[Left][..]),
        ("hidden-ssid", &[Down, Right][..]),
        ("wps-off", &[Down, Down, Right][..]),
    ] {
        let mut h = panel(id);
        h.key(KeyCode::Char('b'));
        assert_eq!(h.app.router().status, Status::Disabled, "{id}: WPS is off to begin with");
        assert!(h.app.router().setup.wps_unavailable().is_some());
        h.key(KeyCode::Char('e'));
        assert!(h.screen().contains("Wireless settings"), "{id}:\n{}", h.screen());
        for key in changes {
            h.key(*key);
        }
        assert!(h.screen().contains("WPS can run with these settings."), "{id}:\n{}", h.screen());
        while h.app.router_settings().as_ref().is_some_and(|s| s.row != printer_panel::app::settings::SettingRow::Save)
        {
            h.key(Down);
        }
        h.key(Enter);
        assert!(h.app.router_settings().is_none(), "{id}: saved and closed");
        assert!(h.app.router().setup.wps_unavailable().is_none(), "{id}: {:?}", h.app.router().setup);
        assert!(h.screen().contains("Settings saved. WPS is available"), "{id}:\n{}", h.screen());
        h.key(KeyCode::Char('b'));
        h.key(KeyCode::Char('W'));
        h.advance(Duration::from_secs(20));
        assert!(matches!(h.app.printer().link, Link::Connected { .. }), "{id}: the printer joins:\n{}", h.screen());
        assert!(events(&h, Node::Router).contains(&"WPS-SUCCESS".to_string()), "{id}");
    }
}

/// Switching WPS off while push-button mode is on ends it, and the printer cannot join.
#[test]
fn switching_wps_off_ends_what_was_armed() {
    let mut h = panel("pbc");
    h.key(KeyCode::Char('b'));
    assert_eq!(h.app.router().status, Status::Active);
    h.key(KeyCode::Char('e'));
    for key in [KeyCode::Down, KeyCode::Down, KeyCode::Right, KeyCode::Down, KeyCode::Enter] {
        h.key(key);
    }
    assert_eq!(h.app.router().status, Status::Disabled);
    assert!(!h.app.router().armed(), "push-button mode ended");
    assert_eq!(h.app.router().notice, Some(Notice::SettingsSaved(Some(WpsBlocked::SwitchedOff))));
    let notice = h.app.router().notice.as_ref().map(Notice::text).unwrap_or_default();
    assert_eq!(notice, "Settings saved. The WPS function is currently set to disable.");
    h.key(KeyCode::Char('W'));
    h.advance(Duration::from_secs(30));
    assert!(!matches!(h.app.printer().link, Link::Connected { .. }));
}

/// With WPS off at the router, the guide never sends the learner to the router's button while
/// the printer waits: it names the fix on the settings page.
#[test]
fn the_guide_names_the_fix_when_wps_is_off() {
    for (id, fix) in [("wep", "WPA2-Personal"), ("hidden-ssid", "visible"), ("wps-off", "WPS to on")] {
        let mut h = panel(id);
        h.key(KeyCode::Char('W'));
        h.advance(Duration::from_secs(5));
        let advice = printer_panel::app::guide::advice(&h.app);
        assert!(!advice.next.contains("press the router's WPS button"), "{id}: {}", advice.next);
        assert!(advice.next.contains("press e") && advice.next.contains(fix), "{id}: {}", advice.next);
    }
}

/// `pin-expired` (the help article's main worry, "how long is the PIN valid?"): a PIN shown
/// and left is erased when the printer's own PIN time runs out, not the router's walk time;
/// the guide says so with that printer's figure, and the goal line names it.
#[test]
fn a_pin_left_alone_runs_out_at_the_printers_own_time() {
    for model in printer_panel::sim::models::PRINTER_MODELS.iter().filter(|m| m.has_screen()) {
        let scenario = printer_panel::sim::scenarios::scenario("pin-expired").unwrap();
        let options = Options { seed: Some(2), model, scenario, guide: true, ..Options::default() };
        let mut h = Headless::new(App::new(options), 120, 40);
        for action in printer_panel::app::guide::advice(&h.app).act {
            h.act(action);
        }
        assert!(matches!(h.app.printer().attempt.as_ref().map(|a| &a.method), Some(Method::Pin(_))), "{}", h.screen());
        let said = printer_panel::app::guide::advice(&h.app).next;
        let validity = printer_panel::format::span(model.pin_validity);
        assert!(said.contains(&validity) && said.contains("Do not type it"), "{said}");
        h.advance(model.pin_validity - Duration::from_secs(1));
        assert!(h.app.printer().attempt.is_some(), "still valid just before its time");
        h.advance(Duration::from_secs(2));
        assert_eq!(
            h.app.printer().screen,
            printer_panel::app::printer::Screen::Result(Outcome::PinExpired),
            "{}",
            h.screen()
        );
        assert!(
            h.screen().contains(&format!("Goal: see the printer's PIN run out after {validity}")),
            "{}",
            h.screen()
        );
    }
}

/// Connected, switched off and on again, the printer rejoins by itself: the guide says the
/// goal is reached, not "show a PIN" as if nothing had happened (seen in the computer's
/// rehearsal; true of every scenario whose goal is the printer on the network).
#[test]
fn after_a_power_cycle_the_connected_printer_is_done_not_started_again() {
    for id in ["pin", "computer"] {
        let options = Options {
            seed: Some(9),
            scenario: printer_panel::sim::scenarios::scenario(id).unwrap(),
            guide: true,
            ..Options::default()
        };
        let mut h = Headless::new(App::new(options), 120, 36);
        for _ in 0..400 {
            if h.app.scenario_goal_reached() {
                break;
            }
            let advice = printer_panel::app::guide::advice(&h.app);
            if advice.act.is_empty() {
                h.advance(Duration::from_millis(500));
            } else {
                advice.act.into_iter().for_each(|a| h.act(a));
                h.advance(Duration::from_millis(300));
            }
        }
        assert!(h.app.scenario_goal_reached(), "{id}: {}", h.screen());
        h.key(KeyCode::Char('P'));
        h.key(KeyCode::Char('P'));
        assert!(h.advance_until("Wi-Fi: connected", Duration::from_secs(60)), "{id}: {}", h.screen());
        assert!(h.app.scenario_goal_reached(), "{id}");
        let next = next_step(&h);
        assert!(next.starts_with("Done"), "{id}: {next}");
    }
}
