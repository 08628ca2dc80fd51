//! The air between the printer(s) and the router, on a shared virtual clock: frames take
//! `air_time` to cross, and the clock jumps to the next thing due. This is a driver of the
//! protocol (quinn-proto keeps its `Pair` in its tests; here the panel, `simulate` and the
//! tests all drive the same one). It records what crossed it, for the capture, and reports
//! every frame and event once, in order, through [`Air::poll_happening`].

use std::collections::VecDeque;
use std::time::Duration;

pub use super::frame::{FrameKind, Payload, Summary};
use crate::wlan::ap::{self, AccessPoint, ApNetwork};
use crate::wlan::station::{self, Network, Station as Join};
use crate::wps::defs::MsgType;
use crate::wps::eap::{EapCode, Frame};
use crate::wps::enrollee::{Enrollee, Outcome, Transmit};
use crate::wps::error::ProtocolError;
use crate::wps::event::Event;
use crate::wps::message::Mac;
use crate::wps::probe::{ApWps, ProbeResponse};
use crate::wps::registrar::Registrar;
use crate::wps::time::Time;

/// Who is on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Router,
    /// A station by index: 0 is the printer, others are neighbours.
    Station(usize),
}

impl Node {
    pub const PRINTER: Node = Node::Station(0);
}

/// A frame put on the air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// Order among frames and events together.
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub payload: Payload,
    /// What it is and what the ladder calls it, worked out once as it was sent.
    pub summary: Summary,
    /// Whether it reached the other side (a station out of range transmits into nothing,
    /// a weak signal loses a frame now and then).
    pub delivered: bool,
    /// The same bytes as the last frame between these two: a retransmission.
    pub again: bool,
}

/// What a machine reported: the registration's events, or the join's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Wps(Event),
    Join(crate::wlan::event::Event),
}

impl Report {
    /// A line for the event log: WPS's control-interface events, the join's main lines.
    pub fn is_ctrl_event(&self) -> bool {
        match self {
            Report::Wps(e) => e.is_ctrl_event(),
            Report::Join(e) => e.is_logged(),
        }
    }

    pub fn is_failure(&self) -> bool {
        match self {
            Report::Wps(e) => e.is_failure(),
            Report::Join(e) => e.is_failure(),
        }
    }

    /// The registration's event, if this is one.
    pub fn wps(&self) -> Option<&Event> {
        match self {
            Report::Wps(e) => Some(e),
            Report::Join(_) => None,
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Report::Wps(e) => e.fmt(f),
            Report::Join(e) => e.fmt(f),
        }
    }
}

/// An event a machine reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: u64,
    pub at: Time,
    pub who: Node,
    pub event: Report,
}

/// The router's beacon each time what it advertises changes (`None`: no WPS element).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beacon {
    pub seq: u64,
    pub at: Time,
    pub wps: Option<ApWps>,
}

/// What a driver hears from the air, in the order it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    Sent(Sent),
    Event(LogEntry),
}

/// A station's two machines: the enrollee (WPS) and the join (802.11, 4-way, DHCP), and
/// what passes between them, as wpa_supplicant passes it: the enrollee asks for an
/// association, the join says when it is made; the credential of a successful run becomes
/// the network joined once the router's EAP-Failure closes the registration.
struct Station {
    enrollee: Enrollee,
    join: Join,
    /// What the router's EAP-Failure, which closes every registration, will set off.
    pending: Option<AfterWps>,
    /// Out of range: its frames reach nobody and nothing reaches it.
    in_range: bool,
}

/// What a station does once its registration is closed.
enum AfterWps {
    /// It succeeded: join this network.
    Join(Network),
    /// It failed: drop the WPS association.
    Leave,
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
    stations: Vec<Station>,
    air_time: Duration,
    /// False when the router's settings switch WPS off: it answers probes without a WPS IE.
    router_wps: bool,
    in_flight: VecDeque<InFlight>,
    interference: Option<Interference>,
    /// Messages still to be lost once each.
    weak_signal: Vec<MsgType>,
    delivered_frames: usize,
    sent: Vec<Sent>,
    /// The printer's session keys, each with the number of the first frame sent once it had
    /// them: what the inspector decrypts Encrypted Settings with.
    keys: Vec<(u64, crate::wps::crypto::SessionKeys)>,
    log: Vec<LogEntry>,
    /// Frames a side refused, with why: what a trainer points at when something is off.
    rejected: Vec<(Time, Node, ProtocolError)>,
    beacons: Vec<Beacon>,
    happenings: VecDeque<Happening>,
    seq: u64,
}

impl Air {
    pub fn new(registrar: Registrar, ap: AccessPoint, printer: (Enrollee, Join), air_time: Duration) -> Self {
        Air {
            now: Duration::ZERO,
            registrar,
            ap,
            stations: vec![Station { enrollee: printer.0, join: printer.1, pending: None, in_range: true }],
            air_time,
            router_wps: true,
            in_flight: VecDeque::new(),
            interference: None,
            weak_signal: Vec::new(),
            delivered_frames: 0,
            sent: Vec::new(),
            keys: Vec::new(),
            log: Vec::new(),
            rejected: Vec::new(),
            beacons: Vec::new(),
            happenings: VecDeque::new(),
            seq: 0,
        }
    }

    /// Sets the clock before anything is on the air (a rehearsal restarted mid-session).
    pub fn start_clock_at(&mut self, now: Time) {
        if self.sent.is_empty() && self.log.is_empty() && self.beacons.is_empty() {
            self.now = now;
        }
    }

    // --- who is on it --------------------------------------------------------------------

    pub fn now(&self) -> Time {
        self.now
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
        &self.stations[i].enrollee
    }

    pub fn station_mut(&mut self, i: usize) -> &mut Enrollee {
        &mut self.stations[i].enrollee
    }

    pub fn station_count(&self) -> usize {
        self.stations.len()
    }

    pub fn add_station(&mut self, enrollee: Enrollee, join: Join) -> usize {
        self.stations.push(Station { enrollee, join, pending: None, in_range: true });
        self.stations.len() - 1
    }

    /// A station's join machine (association, handshake, DHCP), to read.
    pub fn join(&self, i: usize) -> &Join {
        &self.stations[i].join
    }

    /// A station's join machine, to act on (leave, rejoin, remember a network).
    pub fn join_mut(&mut self, i: usize) -> &mut Join {
        &mut self.stations[i].join
    }

    /// The router's access point (associations, keys, leases), to read.
    pub fn access_point(&self) -> &AccessPoint {
        &self.ap
    }

    /// The printer joins the network it remembers (power or Wi-Fi back on).
    pub fn rejoin(&mut self, station: usize) -> bool {
        let (now, bssid) = (self.now, self.ap.bssid());
        self.stations[station].join.rejoin(now, bssid)
    }

    /// The printer leaves the network (power or Wi-Fi off).
    pub fn leave(&mut self, station: usize) {
        let now = self.now;
        self.stations[station].pending = None;
        self.stations[station].join.leave(now);
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

    pub fn sent(&self) -> &[Sent] {
        &self.sent
    }

    /// The printer's session keys a frame was sent under, if it had any then.
    pub fn keys_for(&self, seq: u64) -> Option<&crate::wps::crypto::SessionKeys> {
        self.keys.iter().rev().find(|(from, _)| *from <= seq).map(|(_, k)| k)
    }

    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    pub fn beacons(&self) -> &[Beacon] {
        &self.beacons
    }

    pub fn rejected(&self) -> &[(Time, Node, ProtocolError)] {
        &self.rejected
    }

    /// The WPS control-interface events one side reported, in hostapd's words.
    pub fn events_of(&self, who: Node) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| e.who == who && e.event.wps().is_some_and(Event::is_ctrl_event))
            .map(|e| e.event.to_string())
            .collect()
    }

    /// Every line one side's join reported (wpa_supplicant, udhcpc, hostapd, dnsmasq).
    pub fn join_events_of(&self, who: Node) -> Vec<String> {
        self.log.iter().filter(|e| e.who == who && e.event.wps().is_none()).map(|e| e.event.to_string()).collect()
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
        if let Some(keys) = self.stations.first().and_then(|s| s.enrollee.session_keys())
            && self.keys.last().is_none_or(|(_, k)| k.key_wrap_key != keys.key_wrap_key)
        {
            self.keys.push((self.seq + 1, keys.clone()));
        }
        let advertised = self.router_wps.then(|| self.registrar.advertised());
        if self.beacons.last().is_none_or(|b| b.wps != advertised) {
            self.seq += 1;
            self.beacons.push(Beacon { seq: self.seq, at: now, wps: advertised });
        }
        let ssid = self.ap.ssid().to_vec();
        for i in 0..self.stations.len() {
            while let Some(event) = self.stations[i].enrollee.poll_event() {
                self.station_glue(i, &event);
                self.report(Node::Station(i), Report::Wps(event));
            }
            while let Some(t) = self.stations[i].enrollee.poll_transmit() {
                match t {
                    Transmit::Probe(p) => self.send(Node::Station(i), Node::Router, Payload::Probe(p)),
                    Transmit::Associate(bssid) => self.stations[i].join.associate_for_wps(now, bssid, ssid.clone()),
                    Transmit::Frame(f) => self.send(Node::Station(i), Node::Router, Payload::Frame(f)),
                }
            }
            while let Some(event) = self.stations[i].join.poll_event() {
                if matches!(event, crate::wlan::event::Event::Associated { .. }) && self.stations[i].join.in_wps() {
                    self.stations[i].enrollee.associated(now);
                }
                self.report(Node::Station(i), Report::Join(event));
            }
            // The enrollee's EAPOL-Start (after the association) goes out after it.
            while let Some(t) = self.stations[i].enrollee.poll_transmit() {
                if let Transmit::Frame(f) = t {
                    self.send(Node::Station(i), Node::Router, Payload::Frame(f));
                }
            }
            while let Some(t) = self.stations[i].join.poll_transmit() {
                let payload = match t {
                    station::Transmit::Mgmt(m) => Payload::Mgmt(m),
                    station::Transmit::Key(k) => Payload::Key(k),
                    station::Transmit::Data(d) => Payload::Data(d),
                };
                self.send(Node::Station(i), Node::Router, payload);
            }
        }
        while let Some(event) = self.registrar.poll_event() {
            self.report(Node::Router, Report::Wps(event));
        }
        while let Some(event) = self.ap.poll_event() {
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

    /// What a station's WPS run means for its association: success hands the credential to
    /// the join (when the EAP-Failure arrives); any other end drops the WPS association.
    fn station_glue(&mut self, i: usize, event: &Event) {
        let now = self.now;
        let station = &mut self.stations[i];
        match event {
            Event::Success => {
                if let Some(Outcome::Connected(c)) = station.enrollee.outcome() {
                    let network = Network { ssid: c.ssid.clone(), passphrase: c.network_key.clone() };
                    station.pending = Some(AfterWps::Join(network));
                }
            }
            // A NACK is answered with EAP-Failure: leave when it comes.
            Event::Fail { .. } | Event::ProcessingFailed { .. } if station.join.in_wps() => {
                station.pending = Some(AfterWps::Leave);
            }
            // These come after the EAP-Failure, or expect none.
            Event::Rescan | Event::StationTimeout | Event::Cancel | Event::GaveUp { .. } if station.join.in_wps() => {
                station.pending = None;
                station.join.leave(now);
            }
            _ => {}
        }
    }

    fn report(&mut self, who: Node, event: Report) {
        self.seq += 1;
        let entry = LogEntry { seq: self.seq, at: self.now, who, event };
        self.log.push(entry.clone());
        self.happenings.push_back(Happening::Event(entry));
    }

    /// Records a frame and, when the station is in range, puts it in flight.
    fn send(&mut self, from: Node, to: Node, payload: Payload) {
        let station = match (from, to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => return,
        };
        let mut delivered = self.stations[station].in_range;
        // The same bytes as the last EAPOL frame between these two: a retransmission.
        let again = matches!(payload, Payload::Frame(_))
            && self
                .sent
                .iter()
                .rev()
                .find(|s| s.from == from && s.to == to && matches!(s.payload, Payload::Frame(_)))
                .is_some_and(|s| s.payload == payload);
        let summary = Summary::of(&payload, again);
        if let FrameKind::Wsc(t) = summary.kind
            && let Some(i) = self.weak_signal.iter().position(|lose| *lose == t)
        {
            self.weak_signal.remove(i);
            delivered = false;
        }
        self.seq += 1;
        let sent = Sent { seq: self.seq, at: self.now, from, to, payload: payload.clone(), summary, delivered, again };
        self.sent.push(sent.clone());
        self.happenings.push_back(Happening::Sent(sent));
        if delivered {
            self.in_flight.push_back(InFlight { deliver_at: self.now + self.air_time, from, to, payload });
        }
    }

    fn station_by_mac(&self, mac: &Mac) -> Option<usize> {
        self.stations.iter().position(|s| &s.enrollee.config().mac == mac)
    }

    /// The next instant something is due: a delivery or a machine's timer.
    pub fn poll_timeout(&self) -> Option<Time> {
        let deliveries = self.in_flight.iter().map(|f| f.deliver_at);
        let timers = self.stations.iter().flat_map(|s| [s.enrollee.poll_timeout(), s.join.poll_timeout()]).flatten();
        deliveries.chain(timers).chain(self.registrar.poll_timeout()).chain(self.ap.poll_timeout()).min()
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
            station.enrollee.handle_timeout(now);
            station.join.handle_timeout(now);
        }
        self.registrar.handle_timeout(now);
        self.ap.handle_timeout(now);
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
        match (flight.to, flight.payload) {
            (Node::Router, Payload::Probe(p)) => {
                let wps = self.router_wps.then(|| self.registrar.probe_request(now, &p));
                let response = ProbeResponse { bssid: self.registrar.config().mac, wps };
                self.send(Node::Router, flight.from, Payload::ProbeResponse(response));
            }
            (Node::Router, Payload::Frame(bytes)) if self.router_wps => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].enrollee.config().mac;
                // hostapd hears EAP only from a station associated with it.
                if !self.ap.in_wps(&mac) {
                    return;
                }
                if let Err(e) = self.registrar.handle_frame(now, mac, &bytes) {
                    self.rejected.push((now, Node::Router, e));
                }
            }
            (Node::Router, Payload::Mgmt(m)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].enrollee.config().mac;
                self.ap.handle_mgmt(now, mac, &m);
            }
            (Node::Router, Payload::Key(bytes)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].enrollee.config().mac;
                self.ap.handle_key(now, mac, &bytes);
            }
            (Node::Router, Payload::Data(d)) => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].enrollee.config().mac;
                self.ap.handle_data(mac, d.third, &d.body);
            }
            (Node::Station(i), Payload::Frame(bytes)) => {
                if let Err(e) = self.stations[i].enrollee.handle_frame(now, &bytes) {
                    self.rejected.push((now, Node::Station(i), e));
                }
                // The registration is over (EAP-WSC always ends in EAP-Failure): join with
                // what it delivered.
                let failure = matches!(Frame::parse(&bytes), Ok(Frame::Eap(e)) if e.code == EapCode::Failure);
                match self.stations[i].pending.take() {
                    Some(AfterWps::Join(network)) if failure => self.stations[i].join.join(now, bssid, network),
                    Some(AfterWps::Leave) if failure => self.stations[i].join.leave(now),
                    other => self.stations[i].pending = other,
                }
            }
            (Node::Station(i), Payload::Mgmt(m)) => {
                let in_wps = self.stations[i].join.in_wps();
                self.stations[i].join.handle_mgmt(now, bssid, &m);
                // Dropped before the EAP-Failure came: a credential already received is
                // used all the same (wpa_supplicant's EAPOL callback applies it).
                if in_wps
                    && !self.stations[i].join.in_wps()
                    && let Some(AfterWps::Join(network)) = self.stations[i].pending.take()
                {
                    self.stations[i].join.join(now, bssid, network);
                }
            }
            (Node::Station(i), Payload::Key(bytes)) => self.stations[i].join.handle_key(now, &bytes),
            (Node::Station(i), Payload::Data(d)) => self.stations[i].join.handle_data(now, d.third, &d.body),
            (Node::Station(i), Payload::ProbeResponse(r)) => self.stations[i].enrollee.handle_probe_response(now, &r),
            (Node::Station(_), Payload::Probe(_)) | (Node::Router, Payload::Frame(_) | Payload::ProbeResponse(_)) => {}
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
                Some(Outcome::Connected(_)) => self.stations[0].join.outcome().is_some(),
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
