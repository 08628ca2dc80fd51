//! The air between the printer(s) and the router, on a shared virtual clock: frames take
//! `air_time` to cross, and the clock jumps to the next thing due. This is a driver of the
//! protocol (quinn-proto keeps its `Pair` in its tests; here the panel, `simulate` and the
//! tests all drive the same one). It only moves frames, applies interference (range, a weak
//! signal, changed bytes) and keeps the clock; each station is one wireless client
//! ([`Supplicant`]: its enrollee and its station, as wpa_supplicant is one program). What
//! crossed it goes into one [`Recording`], and every frame and event is reported once, in
//! order, through [`Air::poll_happening`].

use std::collections::VecDeque;
use std::time::Duration;

pub use super::frame::{FrameKind, Payload, Summary};
pub use super::lan::{Lan, LanPacket};
pub use super::recording::{AdminEvent, Beacon, LogEntry, Node, Recording, Report, Sent};
use crate::wlan::ap::{self, AccessPoint, ApNetwork};
use crate::wlan::station::{self, Station as Join};
use crate::wlan::supplicant::{Output, Supplicant};
use crate::wps::defs::MsgType;
use crate::wps::enrollee::{Enrollee, Outcome};
use crate::wps::message::Mac;
use crate::wps::probe::ProbeResponse;
use crate::wps::registrar::Registrar;
use crate::wps::time::Time;

/// What a driver hears from the air, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    Sent(Sent),
    Event(LogEntry),
}

/// A station on the air: its wireless client, and whether the router hears it.
struct OnAir {
    client: Supplicant,
    /// Out of range: its frames reach nobody and nothing reaches it.
    in_range: bool,
}

struct InFlight {
    deliver_at: Time,
    from: Node,
    to: Node,
    payload: Payload,
}

/// Radio interference: may change the bytes of the n-th EAPOL frame delivered.
pub type Interference = Box<dyn FnMut(usize, &mut Vec<u8>) + Send>;

pub struct Air {
    now: Time,
    registrar: Registrar,
    ap: AccessPoint,
    stations: Vec<OnAir>,
    air_time: Duration,
    /// False when the router's settings switch WPS off: it answers probes without a WPS IE.
    router_wps: bool,
    in_flight: VecDeque<InFlight>,
    interference: Option<Interference>,
    /// Messages still to be lost once each.
    weak_signal: Vec<MsgType>,
    delivered_frames: usize,
    recording: Recording,
    happenings: VecDeque<Happening>,
    seq: u64,
    /// The router's wired side with a computer on it, in the rehearsals that have one.
    lan: Option<Lan>,
}

impl Air {
    pub fn new(registrar: Registrar, ap: AccessPoint, printer: (Enrollee, Join), air_time: Duration) -> Self {
        Air {
            now: Duration::ZERO,
            registrar,
            ap,
            stations: vec![OnAir { client: Supplicant::new(printer.0, printer.1), in_range: true }],
            air_time,
            router_wps: true,
            in_flight: VecDeque::new(),
            interference: None,
            weak_signal: Vec::new(),
            delivered_frames: 0,
            recording: Recording::default(),
            happenings: VecDeque::new(),
            seq: 0,
            lan: None,
        }
    }

    /// A computer on the router's LAN: the router's UPnP device starts (when its settings
    /// have it on) and the computer looks for it.
    pub fn set_lan(&mut self, mut lan: Lan) {
        if lan.upnp_on {
            lan.device.start(self.now);
        }
        lan.computer.search_at(self.now);
        self.lan = Some(lan);
    }

    pub fn lan(&self) -> Option<&Lan> {
        self.lan.as_ref()
    }

    /// The LAN, to act on (a PIN typed at the computer, a search again). What it sends
    /// and reports comes back through [`Air::poll_happening`] at the next step.
    pub fn lan_mut(&mut self) -> Option<&mut Lan> {
        self.lan.as_mut()
    }

    /// The router's UPnP switched (its settings saved): on, it announces itself; off, it
    /// says goodbye and forgets its subscribers.
    pub fn set_router_upnp(&mut self, on: bool) {
        let now = self.now;
        if let Some(lan) = self.lan.as_mut()
            && lan.upnp_on != on
        {
            lan.upnp_on = on;
            if on {
                lan.device.start(now);
            } else {
                lan.device.stop();
            }
        }
    }

    /// Sets the clock before anything is on the air (a rehearsal restarted mid-session).
    pub fn start_clock_at(&mut self, now: Time) {
        if self.recording.is_empty() {
            self.now = now;
        }
    }

    // --- who is on it --------------------------------------------------------------------

    pub fn now(&self) -> Time {
        self.now
    }

    /// How long a frame takes to cross (what every station's own waits must allow for).
    pub fn air_time(&self) -> Duration {
        self.air_time
    }

    pub fn router(&self) -> &Registrar {
        &self.registrar
    }

    /// The router's registrar, to act on (press its button, add a PIN). What it reports
    /// comes back through [`Air::poll_happening`] at the next step.
    pub fn router_mut(&mut self) -> &mut Registrar {
        &mut self.registrar
    }

    pub fn printer(&self) -> &Enrollee {
        self.station(0)
    }

    pub fn printer_mut(&mut self) -> &mut Enrollee {
        self.station_mut(0)
    }

    pub fn station(&self, i: usize) -> &Enrollee {
        self.stations[i].client.enrollee()
    }

    pub fn station_mut(&mut self, i: usize) -> &mut Enrollee {
        self.stations[i].client.enrollee_mut()
    }

    pub fn station_count(&self) -> usize {
        self.stations.len()
    }

    pub fn add_station(&mut self, enrollee: Enrollee, join: Join) -> usize {
        self.stations.push(OnAir { client: Supplicant::new(enrollee, join), in_range: true });
        self.stations.len() - 1
    }

    /// A station's join machine (association, handshake, DHCP), to read.
    pub fn join(&self, i: usize) -> &Join {
        self.stations[i].client.station()
    }

    /// A station's join machine, to act on (leave, rejoin, remember a network).
    pub fn join_mut(&mut self, i: usize) -> &mut Join {
        self.stations[i].client.station_mut()
    }

    /// The router's access point (associations, keys, leases), to read.
    pub fn access_point(&self) -> &AccessPoint {
        &self.ap
    }

    /// The printer joins the network it remembers (power or Wi-Fi back on).
    pub fn rejoin(&mut self, station: usize) -> bool {
        let (now, bssid) = (self.now, self.ap.bssid());
        self.stations[station].client.rejoin(now, bssid)
    }

    /// The printer leaves the network (power or Wi-Fi off).
    pub fn leave(&mut self, station: usize) {
        let now = self.now;
        self.stations[station].client.leave(now);
    }

    /// The router's new wireless settings: what joining needs, and every station dropped.
    pub fn set_router_network(&mut self, network: ApNetwork) {
        self.ap.set_network(network);
    }

    /// A weak signal: the first frame of each message given (M3, M6...) is lost, once.
    pub fn set_weak_signal(&mut self, lose: &[MsgType]) {
        self.weak_signal = lose.to_vec();
    }

    pub fn set_in_range(&mut self, station: usize, in_range: bool) {
        self.stations[station].in_range = in_range;
        self.heard_by_stations();
    }

    /// Each station in range hears what the router's beacons now offer (its scan).
    fn heard_by_stations(&mut self) {
        let (now, bssid) = (self.now, self.ap.bssid());
        let bss = station::Bss { ssid: self.ap.ssid().to_vec(), offer: self.ap.offer() };
        for s in self.stations.iter_mut().filter(|s| s.in_range) {
            s.client.station_mut().heard(now, bssid, bss.clone());
        }
    }

    pub fn set_router_wps(&mut self, on: bool) {
        self.router_wps = on;
    }

    pub fn set_interference(&mut self, interference: Option<Interference>) {
        self.interference = interference;
    }

    pub fn printer_outcome(&self) -> Option<&Outcome> {
        self.printer().outcome()
    }

    // --- what crossed it -----------------------------------------------------------------

    /// Everything that crossed the air and every event, in order.
    pub fn recording(&self) -> &Recording {
        &self.recording
    }

    /// Nothing is crossing the air: both ends have heard everything sent so far.
    pub fn is_quiet(&self) -> bool {
        self.in_flight.is_empty()
    }

    /// The next frame or event not yet handed to the driver.
    pub fn poll_happening(&mut self) -> Option<Happening> {
        self.happenings.pop_front()
    }

    // --- driving it ----------------------------------------------------------------------

    /// Gathers what every machine wants to send or report after the caller poked one.
    fn collect(&mut self) {
        let now = self.now;
        // New session keys at the printer: frames from the next one on are under them.
        if let Some(keys) = self.stations.first().and_then(|s| s.client.enrollee().session_keys()) {
            self.recording.keys_known(self.seq + 1, keys);
        }
        let advertised = self.router_wps.then(|| self.registrar.advertised());
        let network = &self.registrar.config().network;
        let advert = crate::sim::recording::Advert {
            ssid: network.ssid.clone(),
            auth_type: network.auth_type,
            encr_type: network.encr_type,
            hidden: self.ap.hidden(),
            offer: self.ap.offer(),
        };
        if self.recording.advertised(self.seq + 1, now, advert, advertised) {
            self.seq += 1;
            self.heard_by_stations();
        }
        let ssid = self.ap.ssid().to_vec();
        for i in 0..self.stations.len() {
            self.stations[i].client.pump(now, &ssid);
            while let Some(output) = self.stations[i].client.poll_output() {
                let (from, to) = (Node::Station(i), Node::Router);
                match output {
                    Output::Wps(event) => self.report(from, Report::Wps(event)),
                    Output::Join(event) => self.report(from, Report::Join(event)),
                    Output::Probe(p) => self.send(from, to, Payload::Probe(p)),
                    Output::Eapol(f) => self.send(from, to, Payload::Frame(f)),
                    Output::Station(station::Transmit::Mgmt(m)) => self.send(from, to, Payload::Mgmt(m)),
                    Output::Station(station::Transmit::Key(k)) => self.send(from, to, Payload::Key(k)),
                    Output::Station(station::Transmit::Data(d)) => self.send(from, to, Payload::Data(d)),
                }
            }
        }
        self.collect_lan();
        while let Some(event) = self.registrar.poll_event() {
            if let crate::wps::event::Event::EapTimeoutFailure { mac } = &event {
                self.ap.eap_timed_out(*mac);
            }
            self.report(Node::Router, Report::Wps(event));
        }
        while let Some(event) = self.ap.poll_event() {
            if let crate::wlan::event::Event::PairwiseCompleted { mac } = &event
                && let (Some(station), Some(tk)) = (self.station_by_mac(mac), self.ap.temporal_key(mac))
            {
                let key = super::recording::LinkKey {
                    from_seq: self.seq + 1,
                    station,
                    sta: *mac,
                    bssid: self.ap.bssid(),
                    tk,
                };
                self.recording.link_keyed(key);
            }
            self.report(Node::Router, Report::Join(event));
        }
        while let Some(mac) = self.ap.poll_departed() {
            self.registrar.station_left(mac);
            while let Some(event) = self.registrar.poll_event() {
                self.report(Node::Router, Report::Wps(event));
            }
        }
        while let Some((mac, bytes)) = self.registrar.poll_transmit() {
            if let Some(i) = self.station_by_mac(&mac) {
                self.send(Node::Router, Node::Station(i), Payload::Frame(bytes));
            }
        }
        while let Some((mac, t)) = self.ap.poll_transmit() {
            if let Some(i) = self.station_by_mac(&mac) {
                let payload = match t {
                    ap::Transmit::Mgmt(m) => Payload::Mgmt(m),
                    ap::Transmit::Key(k) => Payload::Key(k),
                    ap::Transmit::Data(d) => Payload::Data(d),
                };
                self.send(Node::Router, Node::Station(i), payload);
            }
        }
    }

    /// The LAN's share of [`Air::collect`]: the registrar's messages for the computer out
    /// as WLANEvents, the computer's answers in; what the UPnP device and the computer
    /// send and report.
    fn collect_lan(&mut self) {
        use crate::upnp::computer::Transmit as FromComputer;
        use crate::upnp::device::{Transmit as FromDevice, UpnpEvent};
        use crate::upnp::http::Message as _;
        use crate::upnp::soap::WlanEventType;
        let Some(mut lan) = self.lan.take() else { return };
        let now = self.now;
        loop {
            let mut moved = false;
            self.registrar.set_external_registrars(lan.upnp_on && lan.device.has_subscribers());
            while let Some((mac, body)) = self.registrar.poll_for_external() {
                lan.device.relay(WlanEventType::Eap, mac, &body);
            }
            while let Some(event) = lan.device.poll_event() {
                moved = true;
                match &event {
                    UpnpEvent::ForStation { mac, kind: WlanEventType::Eap, message } => {
                        if let Err(e) = self.registrar.from_external(now, *mac, message) {
                            self.recording.refused(now, Node::Router, e);
                        }
                    }
                    UpnpEvent::SelectedRegistrar(message) => {
                        if let Err(e) = self.registrar.set_external_selection(now, message) {
                            self.recording.refused(now, Node::Router, e.into());
                        }
                    }
                    _ => {}
                }
                self.report(Node::Router, Report::Upnp(event));
            }
            let router = lan.router_addr;
            while let Some(t) = lan.device.poll_transmit() {
                moved = true;
                let packet = match t {
                    FromDevice::Multicast(bytes) => LanPacket::Udp { from: router, to: Lan::group(), bytes },
                    FromDevice::Datagram { to, bytes } => LanPacket::Udp { from: router, to, bytes },
                    FromDevice::Notify { to, request } => {
                        let host = to.host.parse().unwrap_or(std::net::Ipv4Addr::UNSPECIFIED);
                        let to = std::net::SocketAddrV4::new(host, to.port);
                        LanPacket::Request { from: router, to, bytes: request.emit(), token: None }
                    }
                };
                self.send_lan(&lan, Node::Router, Node::Computer, packet);
            }
            while let Some(t) = lan.computer.poll_transmit() {
                moved = true;
                let packet = match t {
                    FromComputer::Multicast(bytes) => {
                        LanPacket::Udp { from: lan.search_from(), to: Lan::group(), bytes }
                    }
                    FromComputer::Http { to, request, token } => LanPacket::Request {
                        from: lan.computer_addr,
                        to,
                        bytes: request.with_header("Connection", "close").emit(),
                        token: Some(token),
                    },
                };
                self.send_lan(&lan, Node::Computer, Node::Router, packet);
            }
            while let Some(event) = lan.computer.poll_event() {
                moved = true;
                self.report(Node::Computer, Report::Computer(event));
            }
            while let Some(event) = lan.computer.registrar().poll_event() {
                moved = true;
                self.report(Node::Computer, Report::Wps(event));
            }
            if !moved {
                break;
            }
        }
        self.lan = Some(lan);
    }

    /// Records a LAN packet and puts it on the wire when it gets through (the computer on
    /// the guest network reaches nothing of the router's own network).
    fn send_lan(&mut self, lan: &Lan, from: Node, to: Node, packet: LanPacket) {
        let payload = Payload::Lan(packet);
        let summary = Summary::of(&payload, false);
        let attempt = self.stations[0].client.enrollee().attempts();
        let delivered = lan.delivers(packet_of(&payload));
        let sent = Sent { seq: 0, at: self.now, from, to, payload, summary, delivered, again: false, attempt };
        self.put(sent, self.lan_time());
    }

    /// Numbers `sent`, records it, reports it, and when it gets through puts it in flight
    /// for `crossing`.
    fn put(&mut self, mut sent: Sent, crossing: Duration) {
        self.seq += 1;
        sent.seq = self.seq;
        self.recording.frame_sent(sent.clone());
        let (from, to, delivered) = (sent.from, sent.to, sent.delivered);
        let payload = sent.payload.clone();
        self.happenings.push_back(Happening::Sent(sent));
        if delivered {
            self.in_flight.push_back(InFlight { deliver_at: self.now + crossing, from, to, payload });
        }
    }

    /// A packet crossing the wire: a quarter of a frame's time on the air.
    fn lan_time(&self) -> Duration {
        self.air_time / 4
    }

    /// A LAN packet arrives: the router's UPnP device or the computer handles it, and an
    /// HTTP request is answered on its connection.
    fn deliver_lan(&mut self, to: Node, packet: LanPacket) {
        use crate::upnp::http::{Parsed, Response};
        let now = self.now;
        let Some(mut lan) = self.lan.take() else { return };
        // Sent before the computer moved to the other network: nobody is at that address now.
        let (_, dest) = packet.ends();
        if to == Node::Computer && !dest.ip().is_multicast() && dest.ip() != lan.computer_addr.ip() {
            self.lan = Some(lan);
            return;
        }
        match (to, packet) {
            // UPnP switched off: nothing listens for it on the router.
            (Node::Router, LanPacket::Request { token: Some(token), .. }) if !lan.upnp_on => {
                lan.computer.handle_response(now, token, Err("connection refused".into()));
            }
            (Node::Router, _) if !lan.upnp_on => {}
            (Node::Router, LanPacket::Udp { from, bytes, .. }) => {
                let _ = lan.device.handle_datagram(now, from, &bytes);
            }
            (Node::Router, LanPacket::Request { from, to, bytes, token }) => {
                let answer = answered((to, from), &bytes, token, |r| lan.device.handle_request(now, r));
                self.send_lan(&lan, Node::Router, Node::Computer, answer);
            }
            (Node::Computer, LanPacket::Udp { bytes, .. }) => lan.computer.handle_datagram(now, &bytes),
            (Node::Computer, LanPacket::Request { from, to, bytes, token }) => {
                let answer = answered((to, from), &bytes, token, |r| lan.computer.handle_request(now, r));
                self.send_lan(&lan, Node::Computer, Node::Router, answer);
            }
            (Node::Computer, LanPacket::Response { bytes, token: Some(token), .. }) => {
                let answer = match Response::parse(&bytes) {
                    Ok(Parsed::Complete(response, _)) => Ok(response),
                    Ok(Parsed::Partial) => Err("the answer was cut short".to_string()),
                    Err(e) => Err(e.to_string()),
                };
                lan.computer.handle_response(now, token, answer);
            }
            // The computer's answers to the router's NOTIFYs: nothing to do.
            _ => {}
        }
        self.lan = Some(lan);
    }

    /// The router's admin page logged something (not the air's, but the router's log).
    pub fn admin_logged(&mut self, event: AdminEvent) {
        self.report(Node::Router, Report::Admin(event));
    }

    fn report(&mut self, who: Node, event: Report) {
        self.seq += 1;
        let entry = LogEntry { seq: self.seq, at: self.now, who, event };
        self.recording.reported(entry.clone());
        self.happenings.push_back(Happening::Event(entry));
    }

    /// Records a frame and, when the station is in range, puts it in flight.
    fn send(&mut self, from: Node, to: Node, payload: Payload) {
        let station = match (from, to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => return,
        };
        let mut delivered = self.stations[station].in_range;
        // The same bytes as the last EAPOL frame between these two: a retransmission; a
        // data frame already sent: a replay.
        let mut sent = self.recording.sent().iter().rev();
        let again = match payload {
            Payload::Frame(_) => sent
                .find(|s| s.from == from && s.to == to && matches!(s.payload, Payload::Frame(_)))
                .is_some_and(|s| s.payload == payload),
            Payload::Data(_) => sent.filter(|s| s.from == from && s.to == to).any(|s| s.payload == payload),
            _ => false,
        };
        let summary = Summary::of(&payload, again);
        if let FrameKind::Wsc(t) = summary.kind
            && let Some(i) = self.weak_signal.iter().position(|lose| *lose == t)
        {
            self.weak_signal.remove(i);
            delivered = false;
        }
        let attempt = self.stations[station].client.enrollee().attempts();
        let sent = Sent { seq: 0, at: self.now, from, to, payload, summary, delivered, again, attempt };
        self.put(sent, self.air_time);
    }

    /// Puts a protected data frame already sent (the `seq` of its [`Sent`]) on the air again,
    /// byte for byte, as a radio that recorded it would replay it. The receiver's CCMP replay
    /// check is what stops it. False when `seq` is not a data frame.
    pub fn replay(&mut self, seq: u64) -> bool {
        let Some(sent) = self.recording.sent().iter().find(|s| s.seq == seq && matches!(s.payload, Payload::Data(_)))
        else {
            return false;
        };
        let (from, to, payload) = (sent.from, sent.to, sent.payload.clone());
        self.send(from, to, payload);
        true
    }

    fn station_by_mac(&self, mac: &Mac) -> Option<usize> {
        self.stations.iter().position(|s| &s.client.mac() == mac)
    }

    /// The next instant something is due: a delivery or a machine's timer.
    pub fn poll_timeout(&self) -> Option<Time> {
        let deliveries = self.in_flight.iter().map(|f| f.deliver_at);
        let timers = self.stations.iter().filter_map(|s| s.client.poll_timeout());
        let lan = self.lan.iter().flat_map(|l| [l.device.poll_timeout(), l.computer.poll_timeout()]).flatten();
        deliveries.chain(timers).chain(self.registrar.poll_timeout()).chain(self.ap.poll_timeout()).chain(lan).min()
    }

    /// Processes everything due up to `until`, in time order, and leaves the clock there.
    pub fn advance_to(&mut self, until: Time) {
        self.collect();
        let mut stalled = Stall::default();
        while let Some(next) = self.poll_timeout().filter(|t| *t <= until) {
            self.now = self.now.max(next);
            if stalled.at(self.now) {
                break;
            }
            self.step();
        }
        self.now = self.now.max(until);
    }

    /// Handles every delivery and timer due now.
    fn step(&mut self) {
        let now = self.now;
        while let Some(pos) = self.in_flight.iter().position(|f| f.deliver_at <= now) {
            let flight = self.in_flight.remove(pos).expect("position is in range");
            self.deliver(flight);
            self.collect();
        }
        for station in &mut self.stations {
            station.client.handle_timeout(now);
        }
        self.registrar.handle_timeout(now);
        self.ap.handle_timeout(now);
        if let Some(lan) = self.lan.as_mut() {
            lan.device.handle_timeout(now);
            lan.computer.handle_timeout(now);
        }
        self.collect();
    }

    fn deliver(&mut self, mut flight: InFlight) {
        let now = self.now;
        if let Payload::Frame(bytes) = &mut flight.payload {
            if let Some(interfere) = self.interference.as_mut() {
                interfere(self.delivered_frames, bytes);
            }
            self.delivered_frames += 1;
        }
        let bssid = self.ap.bssid();
        if let Payload::Lan(packet) = flight.payload {
            return self.deliver_lan(flight.to, packet);
        }
        match (flight.to, flight.payload) {
            // The printer's WPS probes ask for any network (an empty SSID, as wpa_supplicant's
            // WPS scan does): a hidden network does not answer them.
            (Node::Router, Payload::Probe(_)) if !self.ap.answers_probe(b"") => {}
            (Node::Router, Payload::Probe(p)) => {
                let wps = self.router_wps.then(|| self.registrar.probe_request(now, &p));
                let response = ProbeResponse { bssid: self.registrar.config().mac, wps };
                self.send(Node::Router, flight.from, Payload::ProbeResponse(response));
            }
            (Node::Router, Payload::Frame(bytes)) if self.router_wps => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].client.mac();
                // hostapd hears EAP only from a station associated with it.
                if !self.ap.in_wps(&mac) {
                    return;
                }
                if let Err(e) = self.registrar.handle_frame(now, mac, &bytes) {
                    self.recording.refused(now, Node::Router, e);
                }
            }
            (Node::Router, Payload::Mgmt(m)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].client.mac();
                self.ap.handle_mgmt(now, mac, &m);
            }
            (Node::Router, Payload::Key(bytes)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].client.mac();
                self.ap.handle_key(now, mac, &bytes);
            }
            (Node::Router, Payload::Data(d)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].client.mac();
                self.ap.handle_data(mac, d.third, &d.body);
            }
            (Node::Station(i), Payload::Frame(bytes)) => {
                if let Err(e) = self.stations[i].client.handle_eapol(now, bssid, &bytes) {
                    self.recording.refused(now, Node::Station(i), e);
                }
            }
            (Node::Station(i), Payload::Mgmt(m)) => self.stations[i].client.handle_mgmt(now, bssid, &m),
            (Node::Station(i), Payload::Key(bytes)) => {
                // A frame that arrives is acknowledged at once (802.11's ACK).
                let mac = self.stations[i].client.mac();
                self.ap.key_acknowledged(now, mac);
                self.stations[i].client.handle_key(now, &bytes);
            }
            (Node::Station(i), Payload::Data(d)) => self.stations[i].client.handle_data(now, d.third, &d.body),
            (Node::Station(i), Payload::ProbeResponse(r)) => self.stations[i].client.handle_probe_response(now, &r),
            (Node::Station(_), Payload::Probe(_) | Payload::Lan(_))
            | (Node::Router, Payload::Frame(_) | Payload::ProbeResponse(_) | Payload::Lan(_))
            | (Node::Computer, _) => {}
        }
    }

    /// Runs until the printer has an outcome (after a WPS success, until the join that
    /// follows has ended too) and nothing is in flight, or until `limit`.
    pub fn run_until_settled(&mut self, limit: Time) {
        self.collect();
        let mut stalled = Stall::default();
        loop {
            // A registration that worked is settled once the join that follows has ended too.
            let joined = match self.printer_outcome() {
                Some(Outcome::Connected(_)) => self.stations[0].client.station().outcome().is_some(),
                Some(_) => true,
                None => false,
            };
            let settled = joined && self.in_flight.is_empty();
            match self.poll_timeout() {
                Some(next) if !settled && next <= limit => {
                    self.now = self.now.max(next);
                    if stalled.at(self.now) {
                        break;
                    }
                    self.step();
                }
                _ => break,
            }
        }
    }
}

/// The answer to an HTTP request on its connection (a request that does not parse: 400), as
/// `handle` gives it.
/// `back`: the answer's ends (the request's, swapped); `token`: the request's, for its asker.
fn answered(
    back: (std::net::SocketAddrV4, std::net::SocketAddrV4),
    request: &[u8],
    token: Option<u64>,
    handle: impl FnOnce(&crate::upnp::http::Request) -> crate::upnp::http::Response,
) -> LanPacket {
    use crate::upnp::http::{Parsed, Request, Response};
    let response = match Request::parse(request) {
        Ok(Parsed::Complete(request, _)) => handle(&request),
        _ => Response::new(400),
    };
    LanPacket::Response { from: back.0, to: back.1, bytes: response.emit(), token }
}

/// The LAN packet a payload carries (every payload put on the wire is one).
fn packet_of(payload: &Payload) -> Option<&LanPacket> {
    match payload {
        Payload::Lan(p) => Some(p),
        _ => None,
    }
}

/// Stops a drive loop that keeps finding work at one instant without the clock moving:
/// a timer that is never cleared would otherwise hang the panel.
#[derive(Default)]
struct Stall {
    at: Time,
    count: u32,
}

impl Stall {
    fn at(&mut self, now: Time) -> bool {
        if now == self.at {
            self.count += 1;
        } else {
            self.at = now;
            self.count = 0;
        }
        self.count > 10_000
    }
}
