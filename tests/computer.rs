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
            let next = [self.printer.poll_timeout(), self.router.poll_timeout(), self.upnp.poll_timeout()];
            match next.into_iter().flatten().min() {
                Some(at) if at <= limit => now = now.max(at),
                _ => break,
            }
            self.printer.handle_timeout(now);
            self.router.handle_timeout(now);
            self.upnp.handle_timeout(now);
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
