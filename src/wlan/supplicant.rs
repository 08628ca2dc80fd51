//! A station's whole wireless client, as wpa_supplicant is one program: its WPS enrollee and
//! its station (association, 4-way handshake, DHCP), and what passes between them. The
//! enrollee asks for an association and the station says when it is made; a successful
//! registration's credential becomes the network joined once the router's EAP-Failure closes
//! the registration; a failed one drops the WPS association. Sans-IO like its two machines:
//! `handle_*` with the time, then [`Supplicant::pump`] gathers what both have to say, in
//! wpa_supplicant's order, for [`Supplicant::poll_output`].
//!
//! (Not the 4-way handshake's supplicant role, `handshake::Supplicant`, which the station
//! runs inside.)

use std::collections::VecDeque;

use super::event::Event as JoinEvent;
use super::frame::Mgmt;
use super::station::{self, Network, Station};
use crate::wps::eap::{EapCode, Frame};
use crate::wps::enrollee::{Enrollee, Outcome, Transmit};
use crate::wps::error::ProtocolError;
use crate::wps::event::Event;
use crate::wps::message::Mac;
use crate::wps::probe::{ProbeRequest, ProbeResponse};
use crate::wps::time::Time;

/// What the client says or sends, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The registration's event (wpa_supplicant's WPS lines).
    Wps(Event),
    /// The join's event (association, handshake, DHCP).
    Join(JoinEvent),
    Probe(ProbeRequest),
    /// An EAP-WSC frame to the router.
    Eapol(Vec<u8>),
    /// The station's frames to the router it joins.
    Station(station::Transmit),
}

/// What the client does once its registration is closed.
enum AfterWps {
    /// It succeeded: join this network.
    Join(Network),
    /// It failed: drop the WPS association.
    Leave,
}

pub struct Supplicant {
    enrollee: Enrollee,
    station: Station,
    /// What the router's EAP-Failure, which closes every registration, will set off.
    pending: Option<AfterWps>,
    outputs: VecDeque<Output>,
}

impl Supplicant {
    pub fn new(enrollee: Enrollee, station: Station) -> Supplicant {
        Supplicant { enrollee, station, pending: None, outputs: VecDeque::new() }
    }

    pub fn enrollee(&self) -> &Enrollee {
        &self.enrollee
    }

    /// The enrollee, to act on (start WPS, cancel). What it says comes out at the next pump.
    pub fn enrollee_mut(&mut self) -> &mut Enrollee {
        &mut self.enrollee
    }

    pub fn station(&self) -> &Station {
        &self.station
    }

    /// The station, to act on (join, remember or forget a network).
    pub fn station_mut(&mut self) -> &mut Station {
        &mut self.station
    }

    pub fn mac(&self) -> Mac {
        self.enrollee.config().mac
    }

    /// Joins the network it remembers (power or Wi-Fi back on).
    pub fn rejoin(&mut self, now: Time, bssid: Mac) -> bool {
        self.station.rejoin(now, bssid)
    }

    /// Leaves the network (power or Wi-Fi off), forgetting what a registration would set off.
    pub fn leave(&mut self, now: Time) {
        self.pending = None;
        self.station.leave(now);
    }

    // --- input ---------------------------------------------------------------------------

    pub fn handle_probe_response(&mut self, now: Time, response: &ProbeResponse) {
        self.enrollee.handle_probe_response(now, response);
    }

    /// An EAP frame from the router. The registration is over when its EAP-Failure comes
    /// (EAP-WSC always ends in one): the client joins with what it delivered, or leaves.
    pub fn handle_eapol(&mut self, now: Time, bssid: Mac, bytes: &[u8]) -> Result<(), ProtocolError> {
        let handled = self.enrollee.handle_frame(now, bytes);
        let failure = matches!(Frame::parse(bytes), Ok(Frame::Eap(e)) if e.code == EapCode::Failure);
        match self.pending.take() {
            Some(AfterWps::Join(network)) if failure => self.station.join(now, bssid, network),
            Some(AfterWps::Leave) if failure => self.station.leave(now),
            other => self.pending = other,
        }
        handled
    }

    pub fn handle_mgmt(&mut self, now: Time, bssid: Mac, mgmt: &Mgmt) {
        let in_wps = self.station.in_wps();
        self.station.handle_mgmt(now, bssid, mgmt);
        // Dropped before the EAP-Failure came: a credential already received is used all
        // the same (wpa_supplicant's EAPOL callback applies it).
        if in_wps
            && !self.station.in_wps()
            && let Some(AfterWps::Join(network)) = self.pending.take()
        {
            self.station.join(now, bssid, network);
        }
    }

    pub fn handle_key(&mut self, now: Time, bytes: &[u8]) {
        self.station.handle_key(now, bytes);
    }

    pub fn handle_data(&mut self, now: Time, third: Mac, body: &[u8]) {
        self.station.handle_data(now, third, body);
    }

    pub fn handle_timeout(&mut self, now: Time) {
        self.enrollee.handle_timeout(now);
        self.station.handle_timeout(now);
    }

    // --- output --------------------------------------------------------------------------

    pub fn poll_timeout(&self) -> Option<Time> {
        [self.enrollee.poll_timeout(), self.station.poll_timeout()].into_iter().flatten().min()
    }

    /// Gathers what both machines have to say, with the hand-offs between them, in the
    /// order wpa_supplicant would: the enrollee's events and frames (an association it asks
    /// for goes to the station, on `ssid`), the station's events (the association made
    /// lets the enrollee send its EAPOL-Start, which goes out after), then its frames.
    pub fn pump(&mut self, now: Time, ssid: &[u8]) {
        while let Some(event) = self.enrollee.poll_event() {
            self.after_registration(now, &event);
            self.outputs.push_back(Output::Wps(event));
        }
        while let Some(t) = self.enrollee.poll_transmit() {
            match t {
                Transmit::Probe(p) => self.outputs.push_back(Output::Probe(p)),
                Transmit::Associate(bssid) => self.station.associate_for_wps(now, bssid, ssid.to_vec()),
                Transmit::Frame(f) => self.outputs.push_back(Output::Eapol(f)),
            }
        }
        while let Some(event) = self.station.poll_event() {
            if matches!(event, JoinEvent::Associated { .. }) && self.station.in_wps() {
                self.enrollee.associated(now);
            }
            self.outputs.push_back(Output::Join(event));
        }
        while let Some(t) = self.enrollee.poll_transmit() {
            if let Transmit::Frame(f) = t {
                self.outputs.push_back(Output::Eapol(f));
            }
        }
        while let Some(t) = self.station.poll_transmit() {
            self.outputs.push_back(Output::Station(t));
        }
    }

    pub fn poll_output(&mut self) -> Option<Output> {
        self.outputs.pop_front()
    }

    /// What a WPS run means for the association: success hands the credential to the
    /// station (when the EAP-Failure arrives); any other end drops the WPS association.
    fn after_registration(&mut self, now: Time, event: &Event) {
        match event {
            Event::Success => {
                if let Some(Outcome::Connected(c)) = self.enrollee.outcome() {
                    let network = Network { ssid: c.ssid.clone(), passphrase: c.network_key.clone() };
                    self.pending = Some(AfterWps::Join(network));
                }
            }
            // A NACK is answered with EAP-Failure: leave when it comes.
            Event::Fail { .. } | Event::ProcessingFailed { .. } if self.station.in_wps() => {
                self.pending = Some(AfterWps::Leave);
            }
            // These come after the EAP-Failure, or expect none.
            Event::Rescan | Event::StationTimeout | Event::Cancel | Event::GaveUp { .. } if self.station.in_wps() => {
                self.pending = None;
                self.station.leave(now);
            }
            _ => {}
        }
    }
}
