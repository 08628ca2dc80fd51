//! Printer(s) and router on a shared virtual clock: frames take `air_time` to cross, the
//! clock jumps to the next thing due. The CLI, the tests and the panel all drive this.

use std::collections::VecDeque;
use std::time::Duration;

use super::attr::Attrs;
use super::defs::{AttrType, ConfigError, MsgType};
use super::eap::Frame;
use super::enrollee::{ApWps, Enrollee, Outcome, ProbeRequest, ProbeResponse, Time, Transmit};
use super::error::ProtocolError;
use super::event::Event;
use super::message::{self, Mac};
use super::registrar::Registrar;

/// Who is on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Router,
    /// A station by index: 0 is the printer, others are neighbours.
    Station(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    Probe(ProbeRequest),
    ProbeResponse(ProbeResponse),
    Frame(Vec<u8>),
}

/// One arrow of the message ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderEntry {
    /// Order among ladder and log entries together.
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub payload: Payload,
    /// Whether it reached the other side (a station out of range transmits into nothing).
    pub delivered: bool,
    /// What the ladder shows, worked out once when the frame was sent.
    label: String,
    config_error: Option<ConfigError>,
}

impl LadderEntry {
    fn new(seq: u64, at: Time, from: Node, to: Node, payload: Payload, delivered: bool) -> Self {
        let mut e = LadderEntry { seq, at, from, to, payload, delivered, label: String::new(), config_error: None };
        e.label = e.describe();
        e.config_error = e.find_config_error();
        e
    }

    pub fn label(&self) -> String {
        self.label.clone()
    }

    /// The configuration error a NACK or M2D carries, when it is not 0: the failing arrow.
    pub fn config_error(&self) -> Option<ConfigError> {
        self.config_error
    }

    fn describe(&self) -> String {
        match &self.payload {
            Payload::Probe(p) => format!("Probe Request (WPS, DPID {})", p.device_password_id),
            Payload::ProbeResponse(r) => match r.wps {
                Some(w) if w.selected_registrar => {
                    format!("Probe Response (WPS, selected, DPID {})", w.device_password_id.unwrap_or(0))
                }
                Some(_) => "Probe Response (WPS)".into(),
                None => "Probe Response (no WPS)".into(),
            },
            Payload::Frame(bytes) => {
                Frame::parse(bytes).map(|f| f.to_string()).unwrap_or_else(|_| "malformed frame".into())
            }
        }
    }

    fn find_config_error(&self) -> Option<ConfigError> {
        let Payload::Frame(bytes) = &self.payload else { return None };
        let frame = Frame::parse(bytes).ok()?;
        let (_, body) = frame.wsc_data()?;
        let attrs = Attrs::parse(body).ok()?;
        let ty = message::msg_type(&attrs).ok()?;
        if !matches!(ty, MsgType::Nack | MsgType::M2D) {
            return None;
        }
        let err = attrs.opt_u16(AttrType::ConfigError).ok()??;
        (err != 0 || ty == MsgType::Nack).then(|| ConfigError::from_u16(err))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: u64,
    pub at: Time,
    pub who: Node,
    pub event: Event,
}

pub struct Station {
    pub enrollee: Enrollee,
    /// Out of range: its frames reach nobody and nothing reaches it.
    pub in_range: bool,
}

struct InFlight {
    deliver_at: Time,
    from: Node,
    to: Node,
    payload: Payload,
}

/// Radio interference: may change the bytes of the n-th EAPOL frame delivered.
pub type Interference = Box<dyn FnMut(usize, &mut Vec<u8>) + Send>;

pub struct Pair {
    pub now: Time,
    pub registrar: Registrar,
    pub stations: Vec<Station>,
    pub air_time: Duration,
    /// False when the router's settings switch WPS off: it answers probes without a WPS IE.
    pub router_wps: bool,
    in_flight: VecDeque<InFlight>,
    pub interference: Option<Interference>,
    delivered_frames: usize,
    pub ladder: Vec<LadderEntry>,
    pub log: Vec<LogEntry>,
    /// Frames a side refused, with why: what a trainer points at when something is off.
    pub rejected: Vec<(Time, Node, ProtocolError)>,
    /// The router's beacon each time what it advertises changes (`None`: no WPS IE).
    pub beacons: Vec<(u64, Time, Option<ApWps>)>,
    seq: u64,
}

impl Pair {
    pub fn new(registrar: Registrar, printer: Enrollee, air_time: Duration) -> Self {
        Pair {
            now: Duration::ZERO,
            registrar,
            stations: vec![Station { enrollee: printer, in_range: true }],
            air_time,
            router_wps: true,
            in_flight: VecDeque::new(),
            interference: None,
            delivered_frames: 0,
            ladder: Vec::new(),
            log: Vec::new(),
            rejected: Vec::new(),
            beacons: Vec::new(),
            seq: 0,
        }
    }

    pub fn add_station(&mut self, enrollee: Enrollee) -> usize {
        self.stations.push(Station { enrollee, in_range: true });
        self.stations.len() - 1
    }

    pub fn printer(&self) -> &Enrollee {
        &self.stations[0].enrollee
    }

    pub fn printer_mut(&mut self) -> &mut Enrollee {
        &mut self.stations[0].enrollee
    }

    pub fn printer_outcome(&self) -> Option<&Outcome> {
        self.printer().outcome()
    }

    /// Gathers what every machine wants to send or report after the caller poked one.
    pub fn collect(&mut self) {
        let now = self.now;
        let advertised = self.router_wps.then(|| self.registrar.advertised());
        if self.beacons.last().is_none_or(|(_, _, last)| *last != advertised) {
            self.seq += 1;
            self.beacons.push((self.seq, now, advertised));
        }
        for i in 0..self.stations.len() {
            while let Some(event) = self.stations[i].enrollee.poll_event() {
                self.seq += 1;
                self.log.push(LogEntry { seq: self.seq, at: now, who: Node::Station(i), event });
            }
            while let Some(t) = self.stations[i].enrollee.poll_transmit() {
                let payload = match t {
                    Transmit::Probe(p) => Payload::Probe(p),
                    Transmit::Frame(f) => Payload::Frame(f),
                };
                self.send(Node::Station(i), Node::Router, payload);
            }
        }
        while let Some(event) = self.registrar.poll_event() {
            self.seq += 1;
            self.log.push(LogEntry { seq: self.seq, at: now, who: Node::Router, event });
        }
        while let Some((mac, bytes)) = self.registrar.poll_transmit() {
            if let Some(i) = self.station_by_mac(&mac) {
                self.send(Node::Router, Node::Station(i), Payload::Frame(bytes));
            }
        }
    }

    /// Puts a frame on the ladder and, when the station is in range, in flight.
    fn send(&mut self, from: Node, to: Node, payload: Payload) {
        let station = match (from, to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => return,
        };
        let delivered = self.stations[station].in_range;
        self.seq += 1;
        self.ladder.push(LadderEntry::new(self.seq, self.now, from, to, payload.clone(), delivered));
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
        let timers = self.stations.iter().filter_map(|s| s.enrollee.poll_timeout());
        deliveries.chain(timers).chain(self.registrar.poll_timeout()).min()
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
        }
        self.registrar.handle_timeout(now);
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
        match (flight.to, flight.payload) {
            (Node::Router, Payload::Probe(p)) => {
                let wps = self.router_wps.then(|| self.registrar.probe_request(now, &p));
                if !matches!(flight.from, Node::Station(_)) {
                    return;
                }
                let response = ProbeResponse { bssid: self.registrar.config().mac, wps };
                self.send(Node::Router, flight.from, Payload::ProbeResponse(response));
            }
            (Node::Router, Payload::ProbeResponse(_)) => {}
            (Node::Router, Payload::Frame(bytes)) if self.router_wps => {
                let Node::Station(i) = flight.from else { return };
                let mac = self.stations[i].enrollee.config().mac;
                if let Err(e) = self.registrar.handle_frame(now, mac, &bytes) {
                    self.rejected.push((now, Node::Router, e));
                }
            }
            (Node::Station(i), Payload::Frame(bytes)) => {
                if let Err(e) = self.stations[i].enrollee.handle_frame(now, &bytes) {
                    self.rejected.push((now, Node::Station(i), e));
                }
            }
            (Node::Station(i), Payload::ProbeResponse(r)) => self.stations[i].enrollee.handle_probe_response(now, &r),
            (Node::Station(_), Payload::Probe(_)) | (Node::Router, Payload::Frame(_)) => {}
        }
    }

    /// Runs until the printer has an outcome and nothing is in flight, or until `limit`.
    pub fn run_until_settled(&mut self, limit: Time) {
        self.collect();
        let mut stalled = Stall::default();
        loop {
            let settled = self.printer_outcome().is_some() && self.in_flight.is_empty();
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

    pub fn events_of(&self, who: Node) -> Vec<String> {
        self.log.iter().filter(|e| e.who == who).map(|e| e.event.to_string()).collect()
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
