//! Our registrar against our enrollee: every outcome is what the protocol computed.

use std::time::Duration;

use printer_panel::models::{self, Identities, RouterSetup};
use printer_panel::simulate::{self, Method, SimOptions};
use printer_panel::wps::defs::{ConfigError, MsgType};
use printer_panel::wps::enrollee::{Enrollee, Outcome, Password};
use printer_panel::wps::entropy::Csprng;
use printer_panel::wps::pair::{Node, Pair};
use printer_panel::wps::registrar::{ButtonError, LastResult, PbcStatus, Registrar};

fn pin_run(printer: &str, router: &str) -> simulate::SimReport {
    simulate::run(&SimOptions {
        method: Method::Pin,
        printer_pin: Some(printer.into()),
        router_pin: Some(router.into()),
        seed: Some(11),
        ..SimOptions::default()
    })
}

fn has(events: &[String], wanted: &str) -> bool {
    events.iter().any(|e| e == wanted)
}

#[test]
fn pin_success_hands_over_the_routers_network() {
    let r = pin_run("12345670", "12345670");
    let Some(Outcome::Connected(c)) = r.outcome() else { panic!("{}", r.to_text()) };
    assert_eq!(c.ssid_text(), RouterSetup::default().ssid);
    assert_eq!(c.network_key, RouterSetup::default().passphrase.as_bytes());
    let router = r.pair.events_of(Node::Router);
    assert!(router.iter().any(|e| e.starts_with("WPS-REG-SUCCESS ")), "{router:?}");
    assert_eq!(router.last().map(String::as_str), Some("WPS-SUCCESS"));
    assert!(matches!(r.pair.registrar.last_result(), LastResult::Success { .. }));
    assert!(!r.pair.registrar.has_pin(), "a used PIN is removed");
}

#[test]
fn pbc_success_ends_push_button_mode() {
    let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(5), ..SimOptions::default() });
    assert!(r.succeeded(), "{}", r.to_text());
    let router = r.pair.events_of(Node::Router);
    let n = router.len();
    assert_eq!(router[n - 2..], ["WPS-PBC-DISABLE".to_string(), "WPS-SUCCESS".to_string()]);
    assert_eq!(r.pair.registrar.pbc_status(), PbcStatus::Disabled);
    // The last frame is EAP-Failure, as EAP-WSC always ends.
    assert_eq!(r.pair.ladder.last().unwrap().label(), "EAP-Failure");
}

#[test]
fn wrong_first_half_fails_after_m4() {
    let r = pin_run("55554444", "12345670");
    assert_eq!(
        r.outcome(),
        Some(&Outcome::Failed { msg: MsgType::M4, config_error: ConfigError::DevPasswordAuthFailure, reason: None })
    );
    assert!(has(&r.pair.events_of(Node::Station(0)), "WPS-FAIL msg=8 config_error=18"));
    assert!(has(&r.pair.events_of(Node::Router), "WPS-FAIL msg=8 config_error=18"));
    // The first half was never confirmed, so the PIN stays for another try.
    assert!(r.pair.registrar.has_pin());
    assert!(!r.pair.ladder.iter().any(|e| e.label() == "M5"), "no M5 after a wrong first half");
}

#[test]
fn wrong_second_half_fails_after_m6_and_invalidates_the_pin() {
    let r = pin_run("12344444", "12345670");
    assert_eq!(
        r.outcome(),
        Some(&Outcome::Failed { msg: MsgType::M6, config_error: ConfigError::DevPasswordAuthFailure, reason: None })
    );
    assert!(has(&r.pair.events_of(Node::Router), "WPS-FAIL msg=10 config_error=18"));
    assert!(!r.pair.registrar.has_pin(), "M6 revealed the whole PIN: it must not be reused");
    assert!(matches!(r.pair.registrar.last_result(), LastResult::Failed { msg: MsgType::M6, .. }));
}

#[test]
fn a_four_digit_pin_and_an_empty_pin_work_in_protocol() {
    assert!(pin_run("1234", "1234").succeeded());
    assert!(pin_run("", "").succeeded());
    // The check digit is the UI's business: a checksum-invalid PIN still registers.
    assert!(pin_run("55554444", "55554444").succeeded());
    assert!(!pin_run("1234", "1243").succeeded());
}

#[test]
fn two_devices_pushing_at_once_is_an_overlap_with_config_error_12() {
    let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(3), neighbour: true, ..SimOptions::default() });
    assert_eq!(r.outcome(), Some(&Outcome::Overlap), "{}", r.to_text());
    let router = r.pair.events_of(Node::Router);
    assert!(has(&router, "WPS-OVERLAP-DETECTED"));
    assert!(has(&router, "WPS-FAIL msg=4 config_error=12"));
    assert!(has(&r.pair.events_of(Node::Station(0)), "WPS-M2D dev_password_id=4 config_error=12"));
    assert_eq!(r.pair.registrar.pbc_status(), PbcStatus::Overlap);
    let m2d = r.pair.ladder.iter().find(|e| e.label() == "M2D").expect("an M2D");
    assert_eq!(m2d.config_error(), Some(ConfigError::MultiplePbcDetected));
}

#[test]
fn nobody_at_the_router_is_a_timeout_after_the_walk_time() {
    let r =
        simulate::run(&SimOptions { method: Method::Pbc, seed: Some(2), router_idle: true, ..SimOptions::default() });
    assert_eq!(r.outcome(), Some(&Outcome::TimedOut));
    let timeout = r.pair.log.iter().find(|e| e.event.to_string() == "WPS-TIMEOUT").unwrap();
    assert_eq!(timeout.at, Duration::from_secs(121), "started at 1 s, walk time 120 s");
    // A PBC printer never associates with a router that is not in push-button mode.
    assert!(!r.pair.ladder.iter().any(|e| e.label() == "EAPOL-Start"));
}

fn pair(seed: u64) -> (Pair, Identities) {
    let mut master = Csprng::from_seed(seed);
    let ids = Identities::draw(&mut master);
    let model = &models::PRINTER_MODELS[0];
    let printer = Enrollee::new(
        models::printer_enrollee(model, ids.printer_mac, ids.printer_uuid, model.walk_time),
        Box::new(master.child()),
    );
    let registrar = Registrar::new(models::router_registrar(&RouterSetup::default(), &ids), Box::new(master.child()));
    (Pair::new(registrar, printer, Duration::from_millis(10)), ids)
}

#[test]
fn router_walk_time_runs_out_with_wps_timeout() {
    let (mut p, _) = pair(1);
    p.registrar.push_button(Duration::ZERO).unwrap();
    assert_eq!(p.registrar.pbc_status(), PbcStatus::Active);
    p.advance_to(Duration::from_secs(119));
    assert_eq!(p.registrar.pbc_status(), PbcStatus::Active);
    p.advance_to(Duration::from_secs(120));
    assert_eq!(p.registrar.pbc_status(), PbcStatus::TimedOut);
    assert_eq!(p.events_of(Node::Router), ["WPS-PBC-ACTIVE", "WPS-TIMEOUT"]);
}

#[test]
fn pressing_the_router_button_while_two_devices_probe_refuses_pbc() {
    let (mut p, ids) = pair(4);
    let n = p.add_station(Enrollee::new(models::neighbour_enrollee(&ids), Box::new(Csprng::from_seed(9))));
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.stations[n].enrollee.start(Duration::ZERO, Password::PushButton);
    p.advance_to(Duration::from_secs(1));
    assert_eq!(p.registrar.push_button(Duration::from_secs(1)), Err(ButtonError::Overlap));
    assert_eq!(p.registrar.pbc_status(), PbcStatus::Overlap);
}

#[test]
fn pin_typed_late_at_the_router_succeeds_after_pin_needed() {
    let (mut p, _) = pair(6);
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"24681353".to_vec()));
    p.advance_to(Duration::from_secs(10));
    let router = p.events_of(Node::Router);
    assert!(router.iter().any(|e| e.starts_with("WPS-PIN-NEEDED ")), "{router:?}");
    assert!(p.events_of(Node::Station(0)).contains(&"WPS-M2D dev_password_id=0 config_error=0".to_string()));
    p.registrar.add_pin(p.now, b"24681353", None, Some(Duration::from_secs(120)));
    p.run_until_settled(Duration::from_secs(60));
    assert!(matches!(p.printer_outcome(), Some(Outcome::Connected(_))), "{:?}", p.printer_outcome());
}

#[test]
fn a_pin_for_another_enrollee_is_not_used() {
    let (mut p, _) = pair(8);
    p.registrar.add_pin(Duration::ZERO, b"12345670", Some([9; 16]), None);
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"12345670".to_vec()));
    p.advance_to(Duration::from_secs(10));
    assert!(p.printer_outcome().is_none());
    assert!(p.events_of(Node::Router).iter().any(|e| e.starts_with("WPS-PIN-NEEDED")));
}

#[test]
fn a_router_pin_session_times_out() {
    let (mut p, _) = pair(12);
    p.registrar.add_pin(Duration::ZERO, b"12345670", None, Some(Duration::from_secs(120)));
    p.advance_to(Duration::from_secs(121));
    assert!(!p.registrar.has_pin());
    assert_eq!(p.events_of(Node::Router), ["WPS-TIMEOUT"]);
}

#[test]
fn a_station_out_of_range_times_out_and_the_router_never_hears_it() {
    let (mut p, _) = pair(13);
    p.stations[0].in_range = false;
    p.registrar.push_button(Duration::ZERO).unwrap();
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.run_until_settled(Duration::from_secs(200));
    assert_eq!(p.printer_outcome(), Some(&Outcome::TimedOut));
    assert!(p.ladder.iter().all(|e| !e.delivered));
    assert_eq!(p.events_of(Node::Router), ["WPS-PBC-ACTIVE", "WPS-TIMEOUT"]);
}

#[test]
fn wps_switched_off_at_the_router_leaves_the_printer_scanning_into_a_timeout() {
    let (mut p, _) = pair(14);
    p.router_wps = false;
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"12345670".to_vec()));
    p.run_until_settled(Duration::from_secs(200));
    assert_eq!(p.printer_outcome(), Some(&Outcome::TimedOut));
    assert!(p.ladder.iter().any(|e| e.label() == "Probe Response (no WPS)"));
    assert!(!p.ladder.iter().any(|e| e.label() == "EAPOL-Start"));
}

#[test]
fn seeded_runs_are_identical() {
    let a = simulate::run(&SimOptions { method: Method::Pin, seed: Some(99), ..SimOptions::default() });
    let b = simulate::run(&SimOptions { method: Method::Pin, seed: Some(99), ..SimOptions::default() });
    assert_eq!(a.to_json(), b.to_json());
    let c = simulate::run(&SimOptions { method: Method::Pin, seed: Some(100), ..SimOptions::default() });
    assert_ne!(a.printer_pin, c.printer_pin);
}

#[test]
fn a_pbc_run_already_underway_is_refused_with_config_error_12_once_overlap_is_seen() {
    let (mut p, ids) = pair(15);
    p.air_time = Duration::from_millis(400);
    p.registrar.push_button(Duration::ZERO).unwrap();
    let n = p.add_station(Enrollee::new(models::neighbour_enrollee(&ids), Box::new(Csprng::from_seed(3))));
    p.stations[n].enrollee.start(Duration::ZERO, Password::PushButton);
    // The neighbour is mid-exchange when the printer starts probing.
    p.advance_to(Duration::from_secs(3));
    assert!(p.registrar.busy());
    let now = p.now;
    p.printer_mut().start(now, Password::PushButton);
    p.run_until_settled(Duration::from_secs(30));
    p.advance_to(p.now + Duration::from_secs(2));
    let router = p.events_of(Node::Router);
    assert!(router.iter().any(|e| e.ends_with("config_error=12") && !e.contains("msg=4")), "{router:?}");
    assert!(!matches!(p.stations[n].enrollee.outcome(), Some(Outcome::Connected(_))), "the neighbour must not join");
    assert_eq!(p.printer_outcome(), Some(&Outcome::Overlap));
}

#[test]
fn the_printer_refuses_a_wep_credential() {
    // The router's page would refuse WEP first; here its registrar is set up for WEP anyway.
    let mut master = Csprng::from_seed(16);
    let ids = Identities::draw(&mut master);
    let model = &models::PRINTER_MODELS[0];
    let printer = Enrollee::new(
        models::printer_enrollee(model, ids.printer_mac, ids.printer_uuid, model.walk_time),
        Box::new(master.child()),
    );
    let setup = RouterSetup { security: models::Security::Wep, ..RouterSetup::default() };
    let registrar = Registrar::new(models::router_registrar(&setup, &ids), Box::new(master.child()));
    let mut p = Pair::new(registrar, printer, Duration::from_millis(10));
    p.registrar.push_button(Duration::ZERO).unwrap();
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.run_until_settled(Duration::from_secs(30));
    let Some(Outcome::Failed { msg, reason, .. }) = p.printer_outcome() else { panic!("{:?}", p.printer_outcome()) };
    assert_eq!(*msg, MsgType::M8);
    assert_eq!(*reason, Some(printer_panel::wps::event::ErrorIndication::WepProhibited));
    assert!(
        p.events_of(Node::Station(0)).contains(&"WPS-FAIL msg=12 config_error=0 reason=2 (WEP Prohibited)".to_string())
    );
}
