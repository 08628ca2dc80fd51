//! "Enter the PIN into your computer", with no network at all: the printer (enrollee), the
//! router (registrar and UPnP device) and the computer (control point and external
//! registrar), each sans-IO, joined by this test's own loop on one clock. The computer
//! finds the router by SSDP, subscribes, hears the printer's M1, and registers it through
//! the router; the printer ends with the computer's network.

use std::net::SocketAddrV4;
use std::time::Duration;

use printer_panel::sim::models::{self, Identities, RouterSetup};
use printer_panel::upnp::computer::{self, Computer, ComputerConfig, ComputerEvent};
use printer_panel::upnp::device::{self, DeviceConfig, UpnpDevice, UpnpEvent};
use printer_panel::upnp::soap::WlanEventType;
use printer_panel::wps::enrollee::{Enrollee, Link, Outcome, Password, Transmit};
use printer_panel::wps::entropy::Csprng;
use printer_panel::wps::event::Event;
use printer_panel::wps::probe::ProbeResponse;
use printer_panel::wps::registrar::{NetworkSettings, Registrar};
use printer_panel::wps::time::Time;

const PIN: &[u8] = b"12345670";

struct Home {
    printer: Enrollee,
    router: Registrar,
    upnp: UpnpDevice,
    computer: Computer,
    computer_said: Vec<ComputerEvent>,
    router_said: Vec<Event>,
}

fn home(seed: u64, computer_pin: &[u8]) -> Home {
    let mut master = Csprng::from_seed(seed);
    let ids = Identities::draw(&mut master);
    let setup = RouterSetup::default();
    let config = models::router_registrar(&setup, &ids);
    let upnp = UpnpDevice::new(
        DeviceConfig {
            uuid: config.uuid_r,
            mac: config.mac,
            device: config.device.clone(),
            base_url: "http://192.168.1.1:49152".into(),
            dh_private_len: config.dh_private_len,
            ap_pin: Some(b"12345670".as_slice().into()),
        },
        Box::new(master.child()),
    );
    // The router has no PIN: only the computer can register the printer.
    let router = Registrar::new(config.clone(), Box::new(master.child()));
    let model = &models::PRINTER_MODELS[0];
    let mut printer_config =
        models::printer_enrollee(model, ids.printer_mac, ids.printer_uuid, Duration::from_secs(120));
    printer_config.link = Link::Wire;
    let printer = Enrollee::new(printer_config, Box::new(master.child()));
    // The computer's registrar hands out the network it was told (here: the router's own).
    let mut computer_config = config;
    computer_config.network = NetworkSettings { ssid: b"HomeNet-5G2".to_vec(), ..setup.network_settings() };
    let mut computer_registrar = Registrar::new(computer_config, Box::new(master.child()));
    computer_registrar.add_pin(Time::ZERO, computer_pin, None, None);
    let address: SocketAddrV4 = "192.168.1.20:49153".parse().unwrap();
    let computer = Computer::new(ComputerConfig { address }, computer_registrar);
    Home { printer, router, upnp, computer, computer_said: Vec::new(), router_said: Vec::new() }
}

impl Home {
    /// Everything queued, handed on; true if anything moved.
    fn step(&mut self, now: Time) -> bool {
        let mut moved = false;
        let station = self.printer.config().mac;
        while let Some(t) = self.printer.poll_transmit() {
            moved = true;
            match t {
                Transmit::Probe(p) => {
                    let wps = Some(self.router.probe_request(now, &p));
                    self.printer.handle_probe_response(now, &ProbeResponse { bssid: self.router.config().mac, wps });
                }
                Transmit::Associate(_) => self.printer.associated(now),
                Transmit::Frame(f) => {
                    let _ = self.router.handle_frame(now, station, &f);
                }
            }
        }
        while let Some((_, f)) = self.router.poll_transmit() {
            moved = true;
            let _ = self.printer.handle_frame(now, &f);
        }
        self.router.set_external_registrars(self.upnp.has_subscribers());
        while let Some((mac, body)) = self.router.poll_for_external() {
            moved = true;
            self.upnp.relay(WlanEventType::Eap, mac, &body);
        }
        while let Some(e) = self.upnp.poll_event() {
            match e {
                UpnpEvent::ForStation { mac, message, .. } => {
                    moved = true;
                    self.router.from_external(now, mac, &message).unwrap();
                }
                UpnpEvent::SelectedRegistrar(message) => {
                    moved = true;
                    self.router.set_external_selection(now, &message).unwrap();
                }
                _ => {}
            }
        }
        while let Some(t) = self.upnp.poll_transmit() {
            moved = true;
            match t {
                device::Transmit::Notify { request, .. } => {
                    assert_eq!(self.computer.handle_request(now, &request).status, 200);
                }
                device::Transmit::Datagram { bytes, .. } => self.computer.handle_datagram(now, &bytes),
                device::Transmit::Multicast(bytes) => self.computer.handle_datagram(now, &bytes),
            }
        }
        while let Some(t) = self.computer.poll_transmit() {
            moved = true;
            match t {
                computer::Transmit::Multicast(bytes) => {
                    let from: SocketAddrV4 = "192.168.1.20:50000".parse().unwrap();
                    self.upnp.handle_datagram(now, from, &bytes).unwrap();
                }
                computer::Transmit::Http { request, token, .. } => {
                    let answer = self.upnp.handle_request(now, &request);
                    self.computer.handle_response(now, token, Ok(answer));
                }
            }
        }
        self.computer_said.extend(std::iter::from_fn(|| self.computer.poll_event()));
        self.router_said.extend(std::iter::from_fn(|| self.router.poll_event()));
        moved
    }

    fn run(&mut self, limit: Time) {
        let mut now = Time::ZERO;
        while now <= limit {
            if self.step(now) {
                now += Duration::from_millis(10);
                continue;
            }
            if self.printer.outcome().is_some() && self.router.poll_timeout().is_none() {
                break;
            }
            let next = [
                self.printer.poll_timeout(),
                self.router.poll_timeout(),
                self.upnp.poll_timeout(),
                self.computer.poll_timeout(),
            ];
            match next.into_iter().flatten().min() {
                Some(at) if at <= limit => now = now.max(at),
                _ => break,
            }
            self.printer.handle_timeout(now);
            self.router.handle_timeout(now);
            self.upnp.handle_timeout(now);
            self.computer.handle_timeout(now);
        }
    }
}

#[test]
fn the_computer_finds_the_router_and_registers_the_printer() {
    let mut home = home(31, PIN);
    home.upnp.start(Time::ZERO);
    home.computer.search();
    // The computer is subscribed before the printer starts, as a person opens "Add a
    // device" first.
    home.run(Time::from_secs(5));
    assert!(
        home.computer_said
            .iter()
            .any(|e| matches!(e, ComputerEvent::RouterAdded { name, .. } if name == "HomeGate AX1800")),
        "{:#?}",
        home.computer_said
    );
    // The computer has a PIN typed in: the router's beacons say a registrar is selected.
    let ad = home.router.advertised();
    assert!(ad.selected_registrar, "the computer's SetSelectedRegistrar");
    assert_eq!(ad.device_password_id, Some(printer_panel::wps::defs::DevicePasswordId::Default));
    home.printer.start(Time::from_secs(5), Password::Pin(PIN.to_vec()));
    home.run(Time::from_secs(180));
    assert!(!home.router.advertised().selected_registrar, "the PIN used, the selection is withdrawn");
    let Some(Outcome::Connected(credential)) = home.printer.outcome() else {
        panic!("{:?}\n{:#?}\n{:#?}", home.printer.outcome(), home.computer_said, home.router_said)
    };
    assert_eq!(credential.ssid, b"HomeNet-5G2", "the computer's network");
    assert!(home.computer_said.iter().any(|e| matches!(e, ComputerEvent::EnrolleeAdded { .. })));
    assert!(home.router_said.iter().any(|e| matches!(e, Event::ExternalDone { .. })), "{:#?}", home.router_said);
}

/// The router restarted without a goodbye (a power cut): it has forgotten the computer's
/// subscription, and refuses its renewal (412). The computer stops following it and says why.
#[test]
fn a_router_that_forgot_the_subscription_is_no_longer_followed() {
    let mut home = home(33, PIN);
    home.upnp.start(Time::ZERO);
    home.computer.search();
    home.run(Time::from_secs(5));
    assert_eq!(home.computer.routers().count(), 1);
    home.upnp = self::home(33, PIN).upnp;
    home.run(Time::from_secs(1000));
    let removed = home.computer_said.iter().find(|e| matches!(e, ComputerEvent::RouterRemoved { .. }));
    assert!(matches!(removed, Some(ComputerEvent::RouterRemoved { goodbye: false, .. })), "{:#?}", home.computer_said);
    assert_eq!(home.computer.routers().count(), 0);
}

#[test]
fn a_wrong_pin_typed_at_the_computer_fails_and_nobody_connects() {
    let mut home = home(32, b"87654325");
    home.upnp.start(Time::ZERO);
    home.computer.search();
    home.run(Time::from_secs(5));
    home.printer.start(Time::from_secs(5), Password::Pin(PIN.to_vec()));
    home.run(Time::from_secs(180));
    assert!(!matches!(home.printer.outcome(), Some(Outcome::Connected(_))), "{:?}", home.printer.outcome());
    let said: Vec<Event> = std::iter::from_fn(|| home.computer.registrar().poll_event()).collect();
    assert!(said.iter().any(|e| matches!(e, Event::Fail { .. })), "{said:#?}");
}

// --- The panel's world: the same machines on the air's clock, the LAN in the recording ---

mod in_the_world {
    use std::time::Duration;

    use printer_panel::app::action::{Action, PanelAction};
    use printer_panel::app::computer::{AddFailure, ComputerAction, Stage};
    use printer_panel::app::printer::{Method, Outcome as Shown, Screen};
    use printer_panel::app::{App, Options};
    use printer_panel::driver::Headless;
    use printer_panel::sim::air::{Air, Node, Payload, Report};
    use printer_panel::sim::lan::{LanSetup, Seat};
    use printer_panel::sim::models::RouterSetup;
    use printer_panel::sim::scenarios::scenario;
    use printer_panel::sim::world::{World, WorldConfig};
    use printer_panel::upnp::computer::ComputerEvent;
    use printer_panel::wps::enrollee::{Outcome, Password};
    use printer_panel::wps::time::Time;

    fn world(seed: u64, seat: Seat, setup: RouterSetup) -> World {
        World::new(WorldConfig { setup, lan: Some(LanSetup { seat }), ..WorldConfig::quick(Some(seed)) })
    }

    fn computer_said(air: &Air) -> Vec<ComputerEvent> {
        let log = air.recording().log();
        log.iter()
            .filter_map(|e| match &e.event {
                Report::Computer(c) => Some(c.clone()),
                _ => None,
            })
            .collect()
    }

    fn lan_labels(air: &Air) -> Vec<String> {
        let sent = air.recording().sent();
        sent.iter().filter(|s| matches!(s.payload, Payload::Lan(_))).map(|s| s.summary.label.clone()).collect()
    }

    #[test]
    fn the_printer_joins_through_the_computer_and_every_relayed_message_is_on_the_recording() {
        let mut w = world(40, Seat::Home, RouterSetup::default());
        w.air.advance_to(Time::from_secs(5));
        assert!(computer_said(&w.air).iter().any(|e| matches!(e, ComputerEvent::RouterAdded { .. })));
        let pin = printer_panel::wps::pin::generate(w.printer_rng.child().rng());
        w.air.lan_mut().unwrap().computer.add_pin(Time::from_secs(5), pin.as_bytes());
        w.air.printer_mut().start(Time::from_secs(5), Password::Pin(pin.as_bytes().to_vec()));
        w.air.run_until_settled(Time::from_secs(300));
        let Some(Outcome::Connected(credential)) = w.air.printer_outcome() else {
            panic!("{:?}\n{:#?}", w.air.printer_outcome(), lan_labels(&w.air))
        };
        assert_eq!(credential.ssid, b"HomeNet-5G2");
        let labels = lan_labels(&w.air);
        for wanted in [
            "SSDP M-SEARCH",
            "GetDeviceInfo",
            "SUBSCRIBE",
            "WLANEvent M1",
            "PutWLANResponse M2",
            "WLANEvent M7",
            "PutWLANResponse M8",
            "SetSelReg on",
        ] {
            assert!(labels.iter().any(|l| l == wanted), "{wanted} not in {labels:#?}");
        }
        // The computer's own registrar did the registration: its events are the computer's.
        let log = w.air.recording().log();
        assert!(log.iter().any(|e| e.who == Node::Computer && e.event.to_string().starts_with("WPS-REG-SUCCESS")));
        assert!(
            !log.iter().any(|e| e.who == Node::Router && e.event.to_string().starts_with("WPS-REG-SUCCESS")),
            "the router had no PIN"
        );
        // The inspector on the wired M8: the HTTP head, the WSC inside, its settings decrypted
        // with the run's keys, and what M8 proves.
        let m8 = w.air.recording().sent().iter().find(|s| s.summary.label == "PutWLANResponse M8").unwrap();
        let seen = printer_panel::trace::inspect::inspect(w.air.recording(), m8.seq).unwrap();
        let text = seen.lines.join("\n");
        assert!(seen.title.contains("computer → router"), "{}", seen.title);
        assert!(text.contains("POST /control HTTP/1.1") && text.contains("PutWLANResponse"), "{text}");
        assert!(text.contains("Encrypted Settings, decrypted"), "{text}");
        assert!(text.contains("maple-river-4821"), "the network key, decrypted: {text}");
        assert!(seen.secrets.iter().any(|s| s == "maple-river-4821"), "class mode hides it");
        assert!(seen.proves.is_some_and(|p| p.contains("Wi-Fi settings")), "{:?}", seen.proves);
    }

    /// An hour after the computer found the router (its subscription lasts 1800 s), the
    /// printer still registers through it: the computer renews in time, as a UPnP control
    /// point does.
    #[test]
    fn the_computers_subscription_outlives_the_routers_timeout() {
        let mut w = world(45, Seat::Home, RouterSetup::default());
        let hour = Time::from_secs(3600);
        w.air.advance_to(hour);
        let log = w.air.recording().log();
        assert!(!log.iter().any(|e| e.event.to_string().contains("expired")), "a subscription expired");
        let pin = printer_panel::wps::pin::generate(w.printer_rng.child().rng());
        w.air.lan_mut().unwrap().computer.add_pin(hour, pin.as_bytes());
        w.air.printer_mut().start(hour, Password::Pin(pin.as_bytes().to_vec()));
        w.air.run_until_settled(hour + Duration::from_secs(300));
        assert!(matches!(w.air.printer_outcome(), Some(Outcome::Connected(_))), "{:?}", w.air.printer_outcome());
    }

    #[test]
    fn on_the_guest_network_nothing_crosses_and_the_search_ends_empty() {
        let mut w = world(41, Seat::Guest, RouterSetup::default());
        w.air.advance_to(Time::from_secs(10));
        let said = computer_said(&w.air);
        assert!(said.contains(&ComputerEvent::SearchEnded { routers: 0 }), "{said:#?}");
        let sent = w.air.recording().sent();
        assert!(sent.iter().filter(|s| matches!(s.payload, Payload::Lan(_))).all(|s| !s.delivered));
        // Moved to the home network, it finds the router.
        let lan = w.air.lan_mut().unwrap();
        lan.move_to(Seat::Home);
        lan.computer.search_at(Time::from_secs(10));
        w.air.advance_to(Time::from_secs(20));
        assert!(computer_said(&w.air).iter().any(|e| matches!(e, ComputerEvent::RouterAdded { .. })));
    }

    #[test]
    fn upnp_off_answers_nothing_and_switched_on_it_is_found() {
        let mut w = world(42, Seat::Home, RouterSetup { upnp_on: false, ..RouterSetup::default() });
        w.air.advance_to(Time::from_secs(10));
        assert!(computer_said(&w.air).contains(&ComputerEvent::SearchEnded { routers: 0 }));
        assert!(!lan_labels(&w.air).iter().any(|l| l.starts_with("SSDP answer") || l.starts_with("SSDP alive")));
        w.air.set_router_upnp(true);
        w.air.lan_mut().unwrap().computer.search_at(Time::from_secs(10));
        w.air.advance_to(Time::from_secs(20));
        assert!(computer_said(&w.air).iter().any(|e| matches!(e, ComputerEvent::RouterAdded { .. })));
    }

    #[test]
    fn without_its_own_pin_the_router_refuses_the_computer_and_with_it_lets_it_in() {
        let mut w = world(43, Seat::Home, RouterSetup { ap_pin_on: false, ..RouterSetup::default() });
        w.air.advance_to(Time::from_secs(10));
        let said = computer_said(&w.air);
        assert!(
            said.iter().any(|e| matches!(e, ComputerEvent::RequestFailed { what: "GetDeviceInfo", .. })),
            "{said:#?}"
        );
        assert!(!said.iter().any(|e| matches!(e, ComputerEvent::RouterAdded { .. })));
        let pin = w.ap_pin.as_bytes().to_vec();
        w.air.lan_mut().unwrap().device.set_ap_pin(Some(pin.into()));
        w.air.lan_mut().unwrap().computer.search_at(Time::from_secs(10));
        w.air.advance_to(Time::from_secs(20));
        assert!(computer_said(&w.air).iter().any(|e| matches!(e, ComputerEvent::RouterAdded { .. })), "asked again");
    }

    /// The PIN left to run out in the computer's rehearsal: the log's plain words send the
    /// learner back to where the PIN goes there, the computer, not the router.
    #[test]
    fn a_pin_run_out_is_explained_where_this_rehearsal_types_it() {
        let options = Options { seed: Some(8), scenario: scenario("computer").unwrap(), ..Options::default() };
        let mut h = Headless::new(App::new(options), 120, 36);
        for a in printer_panel::app::steps::show_pin(h.app.model()) {
            h.act(a);
        }
        h.advance(h.app.model().pin_validity + Duration::from_secs(5));
        let whys: Vec<String> = h.app.log().iter().filter_map(|l| l.why.map(str::to_string)).collect();
        let ran_out = whys.iter().find(|w| w.starts_with("The PIN's own time ran out")).expect("the PIN ran out");
        assert!(ran_out.contains("type it at the computer sooner"), "{ran_out}");
    }

    /// A wrong PIN typed at the computer: the printer refuses at M4 (first half) and the
    /// computer's window says the same, from its own registrar.
    #[test]
    fn a_wrong_pin_at_the_computer_fails_on_both_screens_for_the_same_reason() {
        let options = Options { seed: Some(7), scenario: scenario("computer").unwrap(), ..Options::default() };
        let mut h = Headless::new(App::new(options), 120, 36);
        h.advance(Duration::from_secs(5));
        for a in printer_panel::app::steps::show_pin(h.app.model()) {
            h.act(a);
        }
        let Some(Method::Pin(pin)) = h.app.printer().attempt.as_ref().map(|a| a.method.clone()) else {
            panic!("no PIN shown:\n{}", h.screen())
        };
        // Listed once the printer's M1 reached the computer through the router.
        for _ in 0..60 {
            if h.app.computer().is_some_and(|c| !c.devices.is_empty()) {
                break;
            }
            h.advance(Duration::from_millis(500));
        }
        h.act(Action::Panel(PanelAction::FocusComputer));
        h.act(Action::Computer(ComputerAction::Ok));
        // The first digit off by one, the check digit made right again: a valid, wrong PIN.
        let mut digits: Vec<u32> = pin.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
        digits[0] = (digits[0] + 1) % 10;
        let seven = digits[..7].iter().fold(0, |acc, d| acc * 10 + d);
        digits[7] = printer_panel::wps::pin::checksum(seven);
        for d in digits {
            h.act(Action::Computer(ComputerAction::Type(char::from_digit(d, 10).unwrap())));
        }
        h.act(Action::Computer(ComputerAction::Ok));
        for _ in 0..120 {
            if matches!(h.app.printer().screen, Screen::Result(_)) {
                break;
            }
            h.advance(Duration::from_millis(500));
        }
        assert_eq!(h.app.printer().screen, Screen::Result(Shown::WrongPin { half: 1 }), "{}", h.screen());
        // The printer's NACK crosses to the router, which relays it to the computer.
        h.advance(Duration::from_secs(3));
        let stage = &h.app.computer().unwrap().stage;
        assert!(
            matches!(stage, Stage::Failed(AddFailure::WrongPin { .. })),
            "the computer's window: {stage:?}\n{}",
            h.screen()
        );
        assert!(h.screen().contains("the PIN is not its PIN"), "{}", h.screen());
    }
}
