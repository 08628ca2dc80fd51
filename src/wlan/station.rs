//! The printer's side of the join, sans-IO: what wpa_supplicant and the DHCP client do
//! between "WPS gave me the password" and "Connected, 192.168.1.23".
//!
//! For WPS the station authenticates and associates with the WPS element, and the
//! registration runs over that association. With a network (learnt by WPS, or remembered
//! from before) it deauthenticates if needed, authenticates and associates again with the
//! RSN element, answers the router's 4-way handshake, and asks for an address by DHCP in
//! frames sealed with CCMP. The network is kept: after power or Wi-Fi off and on,
//! [`Station::rejoin`] joins again by the handshake alone, without WPS.

use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::time::Duration;

use super::ccmp;
use super::dhcp::{self, ClientStep};
use super::event::Event;
use super::frame::{self, Direction, Mgmt, reason, status};
use super::handshake::{Elements, Supplicant, SupplicantEvent};
use super::keys::{self, TK_LEN};
use super::rsn::{Offer, Rsn};
use crate::wps::entropy::Entropy;
use crate::wps::message::Mac;
use crate::wps::secret::Secret;
use crate::wps::time::Time;
use crate::wps::timer::TimerTable;

/// A network the printer knows: its name and password, as WPS delivered them.
#[derive(Clone, PartialEq, Eq)]
pub struct Network {
    pub ssid: Vec<u8>,
    pub passphrase: Secret<Vec<u8>>,
}

impl std::fmt::Debug for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Network({:?}, ..)", String::from_utf8_lossy(&self.ssid))
    }
}

/// A data frame's protected body, with what it carries for the ladder (the bytes on the air
/// are encrypted; the sender knows what it sealed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    /// The third address: the destination going to the router, the source coming from it.
    pub third: Mac,
    pub body: Vec<u8>,
    pub what: &'static str,
}

/// What the station puts on the air, all of it to the router it joins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    Mgmt(Mgmt),
    /// An EAPOL-Key frame (plaintext: the handshake makes the keys).
    Key(Vec<u8>),
    Data(Sealed),
}

/// How a join ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Connected {
        ip: Ipv4Addr,
    },
    /// The handshake failed: the stored password is not the network's.
    WrongPassword,
    /// Nobody answered Authentication or Association.
    NoAnswer,
    /// No network the printer could join was heard: not its name, or not security its
    /// network block takes.
    NotFound,
    /// The router refused the association.
    Refused,
    /// Connected, but no DHCP server answered.
    NoAddress,
}

#[derive(Debug, Clone)]
pub struct StationConfig {
    pub mac: Mac,
    /// What the printer calls itself in DHCP (a maker's prefix and the end of its MAC).
    pub hostname: String,
    /// How long to wait for the router's answer to Authentication or Association.
    pub answer_timeout: Duration,
    pub tries: u32,
}

impl StationConfig {
    /// mac80211's schedule (net/mac80211/mlme.c): 200 ms for an answer to Authentication
    /// or Association (`IEEE80211_AUTH_TIMEOUT`, `IEEE80211_ASSOC_TIMEOUT`), 3 tries
    /// (`IEEE80211_AUTH_MAX_TRIES`, `IEEE80211_ASSOC_MAX_TRIES`); stretched so an answer
    /// crossing a slow emulated air is not taken for a lost one.
    pub fn new(mac: Mac, hostname: String, air_time: Duration) -> StationConfig {
        StationConfig { mac, hostname, answer_timeout: Duration::from_millis(200).max(air_time * 3), tries: 3 }
    }
}

/// What a scan heard of the router: the name it answers to (a hidden network's is learnt
/// by asking for it by name, as a network block with `scan_ssid=1` does) and the security
/// its beacons and probe responses offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bss {
    pub ssid: Vec<u8>,
    pub offer: Offer,
}

#[derive(Debug, Clone)]
enum Purpose {
    Wps,
    Join(Network),
}

enum State {
    Idle,
    Authenticating {
        purpose: Purpose,
        tries: u32,
    },
    Associating {
        purpose: Purpose,
        tries: u32,
    },
    /// Associated with the WPS element: the EAPOL of the registration flows.
    InWps,
    Handshaking {
        network: Network,
        supplicant: Box<Supplicant>,
    },
    Addressing {
        tk: [u8; TK_LEN],
        dhcp: dhcp::Client,
    },
    Connected {
        tk: [u8; TK_LEN],
        ip: Ipv4Addr,
    },
}

impl State {
    fn associated(&self) -> bool {
        matches!(self, State::InWps | State::Handshaking { .. } | State::Addressing { .. } | State::Connected { .. })
    }
}

/// wpa_supplicant reconnects this soon after the router drops the association.
const RECONNECT_AFTER: Duration = Duration::from_millis(100);

/// How long wpa_supplicant leaves a network alone after its `auth_failures`-th failure in a
/// row: 10, 20, 30, 60, 90, 120 and at last 300 s (wpa_supplicant.c, `wpas_auth_failed`).
/// It then tries the same password again, and keeps trying as long as it has the network.
pub fn temp_disabled_secs(auth_failures: u32) -> u32 {
    match auth_failures {
        51.. => 300,
        11..=50 => 120,
        6..=10 => 90,
        4..=5 => 60,
        3 => 30,
        2 => 20,
        _ => 10,
    }
}

pub struct Station {
    config: StationConfig,
    entropy: Box<dyn Entropy>,
    state: State,
    bssid: Mac,
    /// The network name a WPS association is made with.
    wps_ssid: Vec<u8>,
    /// The network learnt by WPS, kept across power cycles.
    known: Option<Network>,
    /// What the last scan heard of the router.
    heard: Option<Bss>,
    /// The known network was not found: joined when a scan hears it.
    searching: bool,
    /// Failed handshakes in a row with the known network (wpa_supplicant's `auth_failures`),
    /// counted until a connection completes or the printer starts afresh.
    auth_failures: u32,
    /// CCMP packet number of the last frame sent.
    pn: u64,
    /// The replay check on frames received under the current key.
    rx: ccmp::Receiver,
    timers: TimerTable<Timer>,
    outcome: Option<Outcome>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
}

/// The station's own timers (its DHCP client keeps its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// No answer to an Authentication or an Association Request yet.
    Answer,
    /// A reconnection is due (the router dropped us).
    Reconnect,
    /// The network's temporary disabling after a wrong key ends: try it again.
    Reenable,
}

impl Station {
    pub fn new(config: StationConfig, entropy: Box<dyn Entropy>) -> Station {
        Station {
            config,
            entropy,
            state: State::Idle,
            bssid: Mac::default(),
            wps_ssid: Vec::new(),
            known: None,
            heard: None,
            searching: false,
            auth_failures: 0,
            pn: 0,
            rx: ccmp::Receiver::default(),
            timers: TimerTable::default(),
            outcome: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    pub fn config(&self) -> &StationConfig {
        &self.config
    }

    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        let dhcp = match &self.state {
            State::Addressing { dhcp, .. } => dhcp.poll_timeout(),
            _ => None,
        };
        [self.timers.next_timeout(), dhcp].into_iter().flatten().min()
    }

    /// How the last join ended, until the next one starts.
    pub fn outcome(&self) -> Option<&Outcome> {
        self.outcome.as_ref()
    }

    /// The network the printer remembers.
    pub fn known_network(&self) -> Option<&Network> {
        self.known.as_ref()
    }

    /// Remembers a network without joining it (set up on an earlier day).
    pub fn remember(&mut self, network: Network) {
        self.known = Some(network);
    }

    /// A scan heard the router (its beacon, or its answer to a probe): what it offers now.
    /// A printer searching for its network joins it as soon as it suits. wpa_supplicant
    /// scans every few seconds and says `CTRL-EVENT-NETWORK-NOT-FOUND` after each scan that
    /// found nothing; here the station looks again when what the router offers changes, and
    /// says it once, so a waiting printer costs nothing.
    pub fn heard(&mut self, now: Time, bssid: Mac, bss: Bss) {
        self.heard = Some(bss);
        if self.searching && self.suits().is_ok() {
            self.join_known(now, bssid);
        }
    }

    /// Whether the last scan heard the known network with security its network block
    /// takes (`wpa_supplicant_ssid_bss_match`); if not, what it heard.
    fn suits(&self) -> Result<(), Option<&Bss>> {
        let Some(network) = &self.known else { return Err(None) };
        match &self.heard {
            Some(bss) if bss.ssid == network.ssid && bss.offer.suits_wpa2_psk() => Ok(()),
            // A driver with no scan to go by (a test's bare station) tries directly.
            None => Ok(()),
            other => Err(other.as_ref()),
        }
    }

    /// Forgets the network (the printer's Restore Network).
    pub fn forget(&mut self) {
        self.searching = false;
        self.known = None;
        self.outcome = None;
        self.auth_failures = 0;
        self.timers.stop(Timer::Reenable);
    }

    /// Failed handshakes in a row with the known network.
    pub fn auth_failures(&self) -> u32 {
        self.auth_failures
    }

    /// Associated with the WPS element, ready for EAPOL-Start.
    pub fn in_wps(&self) -> bool {
        matches!(self.state, State::InWps)
    }

    /// The temporal key of the current association, once the handshake is done: what a
    /// trainer compares with the key Wireshark derives from the password and the capture.
    pub fn temporal_key(&self) -> Option<[u8; TK_LEN]> {
        match &self.state {
            State::Addressing { tk, .. } | State::Connected { tk, .. } => Some(*tk),
            _ => None,
        }
    }

    /// Frames dropped as replays under the current key.
    pub fn replays(&self) -> u64 {
        self.rx.replays()
    }

    /// Joined the network with an address.
    pub fn connected_ip(&self) -> Option<Ipv4Addr> {
        match self.state {
            State::Connected { ip, .. } => Some(ip),
            _ => None,
        }
    }

    /// The printer's WPS attempt found its router: associate for the registration.
    pub fn associate_for_wps(&mut self, now: Time, bssid: Mac, ssid: Vec<u8>) {
        self.leave(now);
        self.wps_ssid = ssid;
        self.authenticate(now, bssid, Purpose::Wps);
    }

    /// Joins `network` at `bssid` (WPS just delivered it): after WPS the association is
    /// dropped first and made again with the RSN element, as wpa_supplicant does.
    pub fn join(&mut self, now: Time, bssid: Mac, network: Network) {
        if self.known.as_ref() != Some(&network) {
            self.auth_failures = 0; // a new network block, its own count
        }
        self.leave(now);
        self.known = Some(network.clone());
        self.authenticate(now, bssid, Purpose::Join(network));
    }

    /// Joins the remembered network again (power or Wi-Fi back on: wpa_supplicant starts
    /// afresh, its failure count with it). False when there is none.
    pub fn rejoin(&mut self, now: Time, bssid: Mac) -> bool {
        self.auth_failures = 0;
        self.join_known(now, bssid)
    }

    /// Joins the remembered network, keeping the failure count.
    fn join_known(&mut self, now: Time, bssid: Mac) -> bool {
        match self.known.clone() {
            Some(network) => {
                self.leave(now);
                self.authenticate(now, bssid, Purpose::Join(network));
                true
            }
            None => false,
        }
    }

    /// Leaves the network (switched off, Wi-Fi off, a WPS run over): a Deauthentication if
    /// associated, and quiet afterwards.
    pub fn leave(&mut self, now: Time) {
        let _ = now;
        self.searching = false;
        if self.state.associated() {
            self.deauthenticate(reason::DEAUTH_LEAVING);
        }
        self.state = State::Idle;
        self.timers.stop(Timer::Answer);
        self.timers.stop(Timer::Reconnect);
        self.timers.stop(Timer::Reenable);
    }

    /// The station sends the router a Deauthentication and says it disconnected by itself.
    fn deauthenticate(&mut self, code: u16) {
        self.transmits.push_back(Transmit::Mgmt(Mgmt::Deauthentication { reason: code }));
        self.events.push_back(Event::Disconnected { bssid: self.bssid, reason: code, locally_generated: true });
    }

    fn authenticate(&mut self, now: Time, bssid: Mac, purpose: Purpose) {
        self.bssid = bssid;
        self.outcome = None;
        // A WPS association goes by the WPS element whatever the security; a join only to
        // a network its block takes: nothing is sent to any other.
        if let (Purpose::Join(network), Err(heard)) = (&purpose, self.suits()) {
            let offered = heard.filter(|bss| bss.ssid == network.ssid).map(|bss| bss.offer);
            self.events.push_back(Event::NetworkNotFound { ssid: network.ssid.clone(), offered });
            self.searching = true;
            self.finish(Outcome::NotFound);
            return;
        }
        self.searching = false;
        let ssid = match &purpose {
            Purpose::Wps => self.wps_ssid.clone(),
            Purpose::Join(n) => n.ssid.clone(),
        };
        self.events.push_back(Event::TryingToAuthenticate { bssid, ssid });
        self.transmits.push_back(Transmit::Mgmt(Mgmt::Authentication { transaction: 1, status: status::SUCCESS }));
        self.timers.set(Timer::Answer, now + self.config.answer_timeout);
        self.state = State::Authenticating { purpose, tries: 1 };
    }

    fn associate(&mut self, now: Time, purpose: Purpose, tries: u32) {
        let (ssid, rsn) = match &purpose {
            Purpose::Wps => (self.wps_ssid.clone(), None),
            Purpose::Join(n) => (n.ssid.clone(), Some(Rsn::printer())),
        };
        if tries == 1 {
            self.events.push_back(Event::TryingToAssociate { bssid: self.bssid, ssid: ssid.clone() });
        }
        self.transmits.push_back(Transmit::Mgmt(Mgmt::AssociationRequest { ssid, rsn }));
        self.timers.set(Timer::Answer, now + self.config.answer_timeout);
        self.state = State::Associating { purpose, tries };
    }

    fn finish(&mut self, outcome: Outcome) {
        self.timers.stop(Timer::Answer);
        self.outcome = Some(outcome);
    }

    pub fn handle_timeout(&mut self, now: Time) {
        if self.timers.is_expired(Timer::Reconnect, now) {
            self.timers.stop(Timer::Reconnect);
            let bssid = self.bssid;
            self.join_known(now, bssid);
        }
        if self.timers.is_expired(Timer::Reenable, now) {
            // wpa_supplicant scans when the disabling ends (`wpas_reenabled_network_time`),
            // finds the network allowed again and tries it with the same password. The scan's
            // own second or two is not modelled.
            self.timers.stop(Timer::Reenable);
            if let Some(network) = &self.known {
                self.events.push_back(Event::SsidReenabled { ssid: network.ssid.clone() });
                let bssid = self.bssid;
                self.join_known(now, bssid);
            }
        }
        if self.timers.is_expired(Timer::Answer, now) {
            self.timers.stop(Timer::Answer);
            match std::mem::replace(&mut self.state, State::Idle) {
                State::Authenticating { purpose, tries } if tries < self.config.tries => {
                    self.transmits
                        .push_back(Transmit::Mgmt(Mgmt::Authentication { transaction: 1, status: status::SUCCESS }));
                    self.timers.set(Timer::Answer, now + self.config.answer_timeout);
                    self.state = State::Authenticating { purpose, tries: tries + 1 };
                }
                State::Associating { purpose, tries } if tries < self.config.tries => {
                    self.associate(now, purpose, tries + 1)
                }
                State::Authenticating { .. } => {
                    self.events.push_back(Event::AuthenticationTimedOut { bssid: self.bssid });
                    self.finish(Outcome::NoAnswer);
                }
                State::Associating { .. } => {
                    self.events.push_back(Event::AssociationTimedOut { bssid: self.bssid });
                    self.finish(Outcome::NoAnswer);
                }
                other => self.state = other,
            }
        }
        if let State::Addressing { dhcp, .. } = &mut self.state
            && let Some(step) = dhcp.handle_timeout(now)
        {
            self.on_dhcp(step);
        }
    }

    /// A management frame from the router.
    pub fn handle_mgmt(&mut self, now: Time, from: Mac, mgmt: &Mgmt) {
        if from != self.bssid {
            return;
        }
        match (mgmt, &self.state) {
            (
                Mgmt::Authentication { transaction: 2, status: status::SUCCESS },
                State::Authenticating { purpose, .. },
            ) => {
                let purpose = purpose.clone();
                self.associate(now, purpose, 1);
            }
            (Mgmt::AssociationResponse { status: status::SUCCESS, .. }, State::Associating { purpose, .. }) => {
                let purpose = purpose.clone();
                self.timers.stop(Timer::Answer);
                self.events.push_back(Event::Associated { bssid: self.bssid });
                self.state = match purpose {
                    Purpose::Wps => State::InWps,
                    Purpose::Join(network) => {
                        let pmk = keys::pmk(&network.passphrase, &network.ssid);
                        // The router's element as the scan heard it (none heard: the one a
                        // WPA2 router sends).
                        let offer = self.heard.as_ref().map_or(Offer::Wpa2Psk, |b| b.offer);
                        let elements =
                            Elements { router: offer.element().unwrap_or_default(), station: Rsn::printer() };
                        let supplicant =
                            Supplicant::new(self.config.mac, self.bssid, pmk, elements, self.entropy.as_mut());
                        State::Handshaking { network, supplicant: Box::new(supplicant) }
                    }
                };
            }
            (Mgmt::AssociationResponse { status, .. }, State::Associating { .. }) => {
                self.events.push_back(Event::AssociationRejected { bssid: self.bssid, status: *status });
                self.state = State::Idle;
                self.finish(Outcome::Refused);
            }
            (Mgmt::Deauthentication { reason }, state) if state.associated() => {
                let during_handshake = matches!(state, State::Handshaking { .. });
                let was_joined = matches!(state, State::Addressing { .. } | State::Connected { .. });
                let ssid = match state {
                    State::Handshaking { network, .. } => network.ssid.clone(),
                    _ => Vec::new(),
                };
                self.events.push_back(Event::Disconnected {
                    bssid: self.bssid,
                    reason: *reason,
                    locally_generated: false,
                });
                self.state = State::Idle;
                self.timers.stop(Timer::Answer);
                if during_handshake {
                    // wpa_supplicant's could_be_psk_mismatch(): dropped in the 4-way handshake;
                    // wpas_auth_failed() then disables the network for a while, longer each time.
                    self.auth_failures += 1;
                    let duration_secs = temp_disabled_secs(self.auth_failures);
                    self.events.push_back(Event::PskMayBeIncorrect);
                    self.events.push_back(Event::TempDisabled {
                        ssid,
                        auth_failures: self.auth_failures,
                        duration_secs,
                    });
                    self.timers.set(Timer::Reenable, now + Duration::from_secs(duration_secs.into()));
                    self.finish(Outcome::WrongPassword);
                } else if was_joined {
                    // The router restarted its radio (new settings): connect again.
                    self.timers.set(Timer::Reconnect, now + RECONNECT_AFTER);
                }
            }
            _ => {}
        }
    }

    /// An EAPOL-Key frame from the router.
    pub fn handle_key(&mut self, now: Time, bytes: &[u8]) {
        let State::Handshaking { supplicant, .. } = &mut self.state else { return };
        supplicant.handle_frame(bytes);
        while let Some(reply) = supplicant.poll_transmit() {
            self.transmits.push_back(Transmit::Key(reply));
        }
        let event = supplicant.poll_event();
        if event == Some(SupplicantEvent::ElementMismatch) {
            self.events.push_back(Event::ElementMismatch { bssid: self.bssid });
            self.deauthenticate(reason::IE_IN_4WAY_DIFFERS);
            self.state = State::Idle;
            self.finish(Outcome::Refused);
            return;
        }
        let completed = event == Some(SupplicantEvent::Completed);
        let tk = supplicant.tk().copied();
        if let (true, Some(tk)) = (completed, tk) {
            self.auth_failures = 0; // wpas_clear_temp_disabled() on completion
            self.events.push_back(Event::KeyNegotiationCompleted { bssid: self.bssid });
            self.events.push_back(Event::Connected { bssid: self.bssid });
            self.pn = 0;
            self.rx = ccmp::Receiver::default();
            let mut xid = [0u8; 4];
            self.entropy.fill(&mut xid);
            let mut client = dhcp::Client::new(self.config.mac, self.config.hostname.clone(), u32::from_be_bytes(xid));
            let step = client.start(now);
            self.state = State::Addressing { tk, dhcp: client };
            self.on_dhcp(step);
        }
    }

    /// A protected data frame from the router: opened with the pairwise key, then DHCP.
    pub fn handle_data(&mut self, now: Time, third: Mac, body: &[u8]) {
        let tk = match &self.state {
            State::Addressing { tk, .. } | State::Connected { tk, .. } => *tk,
            _ => return,
        };
        let header = frame::data_header(Direction::FromAp, true, &self.config.mac, &self.bssid, &third, 0);
        let plaintext = match self.rx.open(&tk, &header, body) {
            Ok((_, plaintext)) => plaintext,
            Err(ccmp::CcmpError::Replay { pn, last }) => {
                self.events.push_back(Event::ReplayDropped { from: self.bssid, pn, last });
                return;
            }
            Err(_) => return,
        };
        let Some(message) = dhcp::decapsulate(&plaintext) else { return };
        if let State::Addressing { dhcp, .. } = &mut self.state
            && let Some(step) = dhcp.handle(now, &message)
        {
            self.on_dhcp(step);
        }
    }

    fn on_dhcp(&mut self, step: ClientStep) {
        match step {
            ClientStep::Send(out) => {
                let what = match out.message.kind() {
                    Some(dhcp::Kind::Request) => {
                        let ip = out.message.option_ip(dhcp::opt::REQUESTED_IP).unwrap_or(Ipv4Addr::UNSPECIFIED);
                        let server = out.message.option_ip(dhcp::opt::SERVER_ID).unwrap_or(Ipv4Addr::UNSPECIFIED);
                        self.events.push_back(Event::DhcpSelect { ip, server });
                        "DHCP Request"
                    }
                    _ => {
                        self.events.push_back(Event::DhcpDiscover);
                        "DHCP Discover"
                    }
                };
                self.send_sealed(frame::BROADCAST, &out.plaintext(), what);
            }
            ClientStep::Leased(lease) => {
                self.events.push_back(Event::DhcpLease { ip: lease.ip, server: lease.server, seconds: lease.seconds });
                if let State::Addressing { tk, .. } = self.state {
                    self.state = State::Connected { tk, ip: lease.ip };
                }
                self.finish(Outcome::Connected { ip: lease.ip });
            }
            ClientStep::GaveUp => {
                self.events.push_back(Event::DhcpNoLease);
                self.finish(Outcome::NoAddress);
            }
        }
    }

    fn send_sealed(&mut self, third: Mac, plaintext: &[u8], what: &'static str) {
        let tk = match &self.state {
            State::Addressing { tk, .. } | State::Connected { tk, .. } => *tk,
            _ => return,
        };
        self.pn += 1;
        let header = frame::data_header(Direction::ToAp, true, &self.config.mac, &self.bssid, &third, 0);
        let body = ccmp::seal(&tk, &header, self.pn, plaintext);
        self.transmits.push_back(Transmit::Data(Sealed { third, body, what }));
    }
}
