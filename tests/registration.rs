//! Our registrar against our enrollee: every outcome is what the protocol computed.

use std::time::Duration;

mod common;

use common::{has, world};
use printer_panel::sim::air::{Node, Payload};
use printer_panel::sim::models::{self, RouterSetup};
use printer_panel::sim::world::{World, WorldConfig};
use printer_panel::trace::ladder;
use printer_panel::trace::simulate::{self, Method, SimOptions};
use printer_panel::wps::defs::{ConfigError, MsgType};
use printer_panel::wps::enrollee::Enrollee;
use printer_panel::wps::enrollee::{Outcome, Password};
use printer_panel::wps::entropy::Csprng;
use printer_panel::wps::event::{Event, PinRemoval};
use printer_panel::wps::registrar::{ButtonError, LastResult, PbcStatus};

fn pin_run(printer: &str, router: &str) -> simulate::SimReport {
    simulate::run(&SimOptions {
        method: Method::Pin,
        printer_pin: Some(printer.into()),
        router_pin: Some(router.into()),
        seed: Some(11),
        ..SimOptions::default()
    })
}

#[test]
fn pin_success_hands_over_the_routers_network() {
    let r = pin_run("12345670", "12345670");
    let Some(Outcome::Connected(c)) = r.outcome() else { panic!("{}", r.to_text()) };
    assert_eq!(c.ssid_text(), RouterSetup::default().ssid);
    assert_eq!(c.network_key[..], *RouterSetup::default().passphrase.as_bytes());
    let router = r.air.recording().events_of(Node::Router);
    assert!(router.iter().any(|e| e.starts_with("WPS-REG-SUCCESS ")), "{router:?}");
    // hostapd's order: the WPS lines, then the EAP-Failure that closes every EAP-WSC run.
    let n = router.len();
    assert_eq!(router[n - 2], "WPS-SUCCESS");
    assert!(router[n - 1].starts_with("CTRL-EVENT-EAP-FAILURE "), "{router:?}");
    assert!(matches!(r.air.router().last_result(), LastResult::Success { .. }));
    assert!(!r.air.router().has_pin(), "a used PIN is removed");
}

#[test]
fn pbc_success_ends_push_button_mode() {
    let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(5), ..SimOptions::default() });
    assert!(r.succeeded(), "{}", r.to_text());
    let router = r.air.recording().events_of(Node::Router);
    let n = router.len();
    assert_eq!(router[n - 3..n - 1], ["WPS-PBC-DISABLE".to_string(), "WPS-SUCCESS".to_string()]);
    assert!(router[n - 1].starts_with("CTRL-EVENT-EAP-FAILURE "), "{router:?}");
    assert_eq!(r.air.router().pbc_status(), PbcStatus::Disabled);
    // The registration's last frame is EAP-Failure, as EAP-WSC always ends; the join follows.
    let last_eap = r.air.recording().sent().iter().rev().find(|s| matches!(s.payload, Payload::Frame(_))).unwrap();
    assert_eq!(ladder::label(&last_eap.payload), "EAP-Failure");
    assert!(r.air.recording().sent().iter().any(|s| ladder::label(&s.payload) == "4-way 4/4"));
}

#[test]
fn wrong_first_half_fails_after_m4() {
    let r = pin_run("55554444", "12345670");
    assert_eq!(
        r.outcome(),
        Some(&Outcome::Failed { msg: MsgType::M4, config_error: ConfigError::DevPasswordAuthFailure, reason: None })
    );
    assert!(has(&r.air.recording().events_of(Node::Station(0)), "WPS-FAIL msg=8 config_error=18"));
    assert!(has(&r.air.recording().events_of(Node::Router), "WPS-FAIL msg=8 config_error=18"));
    // The first half was never confirmed, so the PIN stays for another try.
    assert!(r.air.router().has_pin());
    assert!(
        !r.air.recording().sent().iter().any(|e| ladder::label(&e.payload) == "M5"),
        "no M5 after a wrong first half"
    );
}

#[test]
fn wrong_second_half_fails_after_m6_and_invalidates_the_pin() {
    let r = pin_run("12344444", "12345670");
    assert_eq!(
        r.outcome(),
        Some(&Outcome::Failed { msg: MsgType::M6, config_error: ConfigError::DevPasswordAuthFailure, reason: None })
    );
    assert!(has(&r.air.recording().events_of(Node::Router), "WPS-FAIL msg=10 config_error=18"));
    assert!(!r.air.router().has_pin(), "M6 revealed the whole PIN: it must not be reused");
    assert!(matches!(r.air.router().last_result(), LastResult::Failed { msg: MsgType::M6, .. }));
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
    let router = r.air.recording().events_of(Node::Router);
    assert!(has(&router, "WPS-OVERLAP-DETECTED"));
    assert!(has(&router, "WPS-FAIL msg=4 config_error=12"));
    assert!(has(&r.air.recording().events_of(Node::Station(0)), "WPS-M2D dev_password_id=0 config_error=12"));
    assert_eq!(r.air.router().pbc_status(), PbcStatus::Overlap);
    let m2d = r.air.recording().sent().iter().map(ladder::LadderEntry::of).find(|e| e.label == "M2D").expect("an M2D");
    assert_eq!(m2d.config_error, Some(ConfigError::MultiplePbcDetected));
}

#[test]
fn nobody_at_the_router_is_a_timeout_after_the_walk_time() {
    let r =
        simulate::run(&SimOptions { method: Method::Pbc, seed: Some(2), router_idle: true, ..SimOptions::default() });
    assert_eq!(r.outcome(), Some(&Outcome::TimedOut));
    let timeout = r
        .air
        .recording()
        .log()
        .iter()
        .find(|e| e.event.to_string() == "WPS-TIMEOUT Requested operation timed out")
        .unwrap();
    assert_eq!(timeout.at, Duration::from_secs(121), "started at 1 s, walk time 120 s");
    // A PBC printer never associates with a router that is not in push-button mode.
    assert!(!r.air.recording().sent().iter().any(|e| ladder::label(&e.payload) == "EAPOL-Start"));
}

#[test]
fn router_walk_time_runs_out_with_wps_timeout() {
    let (mut p, _) = world(1);
    p.router_mut().push_button(Duration::ZERO).unwrap();
    assert_eq!(p.router().pbc_status(), PbcStatus::Active);
    p.advance_to(Duration::from_secs(119));
    assert_eq!(p.router().pbc_status(), PbcStatus::Active);
    p.advance_to(Duration::from_secs(120));
    assert_eq!(p.router().pbc_status(), PbcStatus::TimedOut);
    assert_eq!(p.recording().events_of(Node::Router), ["WPS-PBC-ACTIVE", "WPS-TIMEOUT"]);
}

#[test]
fn pressing_the_router_button_while_two_devices_probe_refuses_pbc() {
    let (mut p, ids) = world(4);
    let n = p.add_station(
        Enrollee::new(models::neighbour_enrollee(&ids), Box::new(Csprng::from_seed(9))),
        models::join_station(ids.neighbour_mac, "TV-", p.air_time(), Box::new(Csprng::from_seed(10))),
    );
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.station_mut(n).start(Duration::ZERO, Password::PushButton);
    p.advance_to(Duration::from_secs(1));
    assert_eq!(p.router_mut().push_button(Duration::from_secs(1)), Err(ButtonError::Overlap));
    assert_eq!(p.router().pbc_status(), PbcStatus::Overlap);
}

#[test]
fn pin_typed_late_at_the_router_succeeds_after_pin_needed() {
    let (mut p, _) = world(6);
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"24681353".to_vec()));
    p.advance_to(Duration::from_secs(10));
    let router = p.recording().events_of(Node::Router);
    assert!(router.iter().any(|e| e.starts_with("WPS-PIN-NEEDED ")), "{router:?}");
    assert!(
        p.recording().events_of(Node::Station(0)).contains(&"WPS-M2D dev_password_id=0 config_error=0".to_string())
    );
    let now = p.now();
    p.router_mut().add_pin(now, b"24681353", None, Some(Duration::from_secs(120)));
    p.run_until_settled(Duration::from_secs(60));
    assert!(matches!(p.printer_outcome(), Some(Outcome::Connected(_))), "{:?}", p.printer_outcome());
}

#[test]
fn a_pin_for_another_enrollee_is_not_used() {
    let (mut p, _) = world(8);
    p.router_mut().add_pin(Duration::ZERO, b"12345670", Some(printer_panel::wps::ids::Uuid([9; 16])), None);
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"12345670".to_vec()));
    p.advance_to(Duration::from_secs(10));
    assert!(p.printer_outcome().is_none());
    assert!(p.recording().events_of(Node::Router).iter().any(|e| e.starts_with("WPS-PIN-NEEDED")));
}

#[test]
fn a_router_pin_session_times_out() {
    let (mut p, _) = world(12);
    p.router_mut().add_pin(Duration::ZERO, b"12345670", None, Some(Duration::from_secs(120)));
    p.advance_to(Duration::from_secs(121));
    assert!(!p.router().has_pin());
    // hostapd says nothing on its control interface when a PIN expires (WPS-TIMEOUT is the
    // push-button walk time's); its debug log says the PIN went.
    assert!(p.recording().events_of(Node::Router).is_empty(), "{:?}", p.recording().events_of(Node::Router));
    let expired = Event::PinRemoved { why: PinRemoval::Expired, remaining: 0 };
    assert!(
        p.recording()
            .log()
            .iter()
            .any(|e| e.who == Node::Router && e.event.wps() == Some(&expired) && e.at == Duration::from_secs(120))
    );
}

#[test]
fn a_station_out_of_range_times_out_and_the_router_never_hears_it() {
    let (mut p, _) = world(13);
    p.set_in_range(0, false);
    p.router_mut().push_button(Duration::ZERO).unwrap();
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.run_until_settled(Duration::from_secs(200));
    assert_eq!(p.printer_outcome(), Some(&Outcome::TimedOut));
    assert!(p.recording().sent().iter().all(|e| !e.delivered));
    assert_eq!(p.recording().events_of(Node::Router), ["WPS-PBC-ACTIVE", "WPS-TIMEOUT"]);
}

#[test]
fn wps_switched_off_at_the_router_leaves_the_printer_scanning_into_a_timeout() {
    let (mut p, _) = world(14);
    p.set_router_wps(false);
    p.printer_mut().start(Duration::ZERO, Password::Pin(b"12345670".to_vec()));
    p.run_until_settled(Duration::from_secs(200));
    assert_eq!(p.printer_outcome(), Some(&Outcome::TimedOut));
    assert!(p.recording().sent().iter().any(|e| ladder::label(&e.payload) == "Probe Response (no WPS)"));
    assert!(!p.recording().sent().iter().any(|e| ladder::label(&e.payload) == "EAPOL-Start"));
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
    let p = World::new(WorldConfig { air_time: Duration::from_millis(400), ..WorldConfig::quick(Some(15)) });
    let ids = p.ids.clone();
    let mut p = p.air;
    p.router_mut().push_button(Duration::ZERO).unwrap();
    let n = p.add_station(
        Enrollee::new(models::neighbour_enrollee(&ids), Box::new(Csprng::from_seed(3))),
        models::join_station(ids.neighbour_mac, "TV-", p.air_time(), Box::new(Csprng::from_seed(4))),
    );
    p.station_mut(n).start(Duration::ZERO, Password::PushButton);
    // The neighbour is mid-exchange when the printer starts probing (it associated first).
    p.advance_to(Duration::from_secs(5));
    assert!(p.router().busy());
    let now = p.now();
    p.printer_mut().start(now, Password::PushButton);
    p.run_until_settled(Duration::from_secs(30));
    p.advance_to(p.now() + Duration::from_secs(2));
    let router = p.recording().events_of(Node::Router);
    assert!(router.iter().any(|e| e.ends_with("config_error=12") && !e.contains("msg=4")), "{router:?}");
    assert!(!matches!(p.station(n).outcome(), Some(Outcome::Connected(_))), "the neighbour must not join");
    assert_eq!(p.printer_outcome(), Some(&Outcome::Overlap));
}

#[test]
fn the_printer_refuses_a_wep_credential() {
    // The router's page would refuse WEP first; here its registrar is set up for WEP anyway.
    let setup = RouterSetup { security: models::Security::Wep, ..RouterSetup::default() };
    let mut p = World::new(WorldConfig { setup, ..WorldConfig::quick(Some(16)) }).air;
    p.set_router_wps(true);
    p.router_mut().push_button(Duration::ZERO).unwrap();
    p.printer_mut().start(Duration::ZERO, Password::PushButton);
    p.run_until_settled(Duration::from_secs(30));
    let Some(Outcome::Failed { msg, reason, .. }) = p.printer_outcome() else { panic!("{:?}", p.printer_outcome()) };
    assert_eq!(*msg, MsgType::M8);
    assert_eq!(*reason, Some(printer_panel::wps::event::ErrorIndication::WepProhibited));
    assert!(
        p.recording()
            .events_of(Node::Station(0))
            .contains(&"WPS-FAIL msg=12 config_error=0 reason=2 (WEP Prohibited)".to_string())
    );
}
