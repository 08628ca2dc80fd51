//! The router's side of the join, sans-IO: what hostapd and dnsmasq do for each station.
//!
//! It answers Authentication and Association; a WPS association (the WPS element, no RSN)
//! is left to the registrar; an RSN association starts the 4-way handshake with the PMK of
//! the router's current password. Once the handshake completes, the station's frames are
//! opened with its temporal key and its DHCP messages answered. New wireless settings drop
//! every station, as hostapd does when it is reconfigured.

use std::collections::VecDeque;
use std::net::Ipv4Addr;

use zeroize::Zeroizing;

use super::ccmp;
use super::dhcp::{self, Kind};
use super::event::Event;
use super::frame::{self, Direction, Mgmt, reason, status};
use super::handshake::{Authenticator, AuthenticatorEvent, Elements, Retries};
use super::keys::{self, PMK_LEN, TK_LEN};
use super::rsn::Admission;
pub use super::rsn::Offer;
use super::station::Sealed;
use crate::wps::entropy::Entropy;
use crate::wps::message::Mac;
use crate::wps::time::Time;

/// The highest association ID 802.11 allows (hostapd's AID bitmap ends there).
const MAX_AID: u16 = 2007;

/// What the router offers for joining.
#[derive(Clone)]
pub struct ApNetwork {
    pub ssid: Vec<u8>,
    /// What an association asking for WPA2-Personal (RSN, PSK, CCMP) meets.
    pub security: ApSecurity,
    /// The name left out of beacons, and probes for any network unanswered (hostapd's
    /// `ignore_broadcast_ssid=1`).
    pub hidden: bool,
}

/// The router's security, as it meets a station asking for WPA2-Personal with CCMP.
#[derive(Clone)]
pub enum ApSecurity {
    /// WPA2-PSK with CCMP: the 4-way handshake with this password.
    Wpa2Psk { passphrase: Vec<u8> },
    /// WPA2/WPA3 transition: PSK with this password beside SAE, management frames protected
    /// when the station can (a WPA2 printer joins by PSK).
    Wpa2Wpa3 { passphrase: Vec<u8> },
    /// WPA (version 1) with TKIP only: no RSN at all.
    WpaTkip,
    /// WPA3-Personal only: RSN with SAE, no PSK.
    Wpa3Sae,
    /// WEP: no WPA.
    Wep,
}

impl ApSecurity {
    fn pmk(&self, ssid: &[u8]) -> Option<Zeroizing<[u8; PMK_LEN]>> {
        match self {
            ApSecurity::Wpa2Psk { passphrase } | ApSecurity::Wpa2Wpa3 { passphrase } => {
                Some(keys::pmk(passphrase, ssid))
            }
            _ => None,
        }
    }

    /// What the beacon offers (no secret in it).
    pub fn offer(&self) -> Offer {
        match self {
            ApSecurity::Wpa2Psk { .. } => Offer::Wpa2Psk,
            ApSecurity::Wpa2Wpa3 { .. } => Offer::Wpa2Wpa3,
            ApSecurity::WpaTkip => Offer::WpaTkip,
            ApSecurity::Wpa3Sae => Offer::Wpa3Sae,
            ApSecurity::Wep => Offer::Wep,
        }
    }
}

/// What the router puts on the air, each to one station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    Mgmt(Mgmt),
    Key(Vec<u8>),
    Data(Sealed),
}

enum StaState {
    Authenticated,
    /// Associated with nothing to make keys with: a WEP network's, to which the printer's
    /// wpa_supplicant never comes (its beacon does not suit), kept for what hostapd does.
    Unkeyed,
    /// Associated for WPS: its EAPOL goes to the registrar.
    InWps,
    Handshaking(Box<Authenticator>),
    Authorized {
        tk: [u8; TK_LEN],
        pn: u64,
        rx: ccmp::Receiver,
    },
}

struct Sta {
    mac: Mac,
    aid: u16,
    state: StaState,
}

pub struct AccessPoint {
    bssid: Mac,
    ssid: Vec<u8>,
    hidden: bool,
    pmk: Option<Zeroizing<[u8; PMK_LEN]>>,
    security: ApSecurity,
    gtk: Zeroizing<[u8; 16]>,
    retries: Retries,
    dhcp: dhcp::Server,
    entropy: Box<dyn Entropy>,
    stations: Vec<Sta>,
    transmits: VecDeque<(Mac, Transmit)>,
    events: VecDeque<Event>,
    /// Stations gone since the last look: what was tied to them (an EAP session) ends too.
    departed: VecDeque<Mac>,
}

impl AccessPoint {
    pub fn new(
        bssid: Mac,
        network: ApNetwork,
        retries: Retries,
        dhcp: dhcp::Server,
        mut entropy: Box<dyn Entropy>,
    ) -> AccessPoint {
        let mut gtk = Zeroizing::new([0u8; 16]);
        entropy.fill(&mut gtk[..]);
        AccessPoint {
            bssid,
            ssid: network.ssid.clone(),
            hidden: network.hidden,
            pmk: network.security.pmk(&network.ssid),
            security: network.security.clone(),
            gtk,
            retries,
            dhcp,
            entropy,
            stations: Vec::new(),
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            departed: VecDeque::new(),
        }
    }

    /// A station that left (either way) since the last call.
    pub fn poll_departed(&mut self) -> Option<Mac> {
        self.departed.pop_front()
    }

    pub fn bssid(&self) -> Mac {
        self.bssid
    }

    pub fn ssid(&self) -> &[u8] {
        &self.ssid
    }

    /// Whether the name is hidden.
    pub fn hidden(&self) -> bool {
        self.hidden
    }

    /// What its beacons offer.
    pub fn offer(&self) -> Offer {
        self.security.offer()
    }

    /// Whether a Probe Request for `ssid` (empty: any network) gets a Probe Response. A hidden
    /// network answers only those that name it (hostapd's ieee802_11_get_ssid check in
    /// `handle_probe_req`: a wildcard probe is ignored with `ignore_broadcast_ssid`).
    pub fn answers_probe(&self, ssid: &[u8]) -> bool {
        if ssid.is_empty() { !self.hidden } else { ssid == self.ssid.as_slice() }
    }

    pub fn poll_transmit(&mut self) -> Option<(Mac, Transmit)> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        self.stations
            .iter()
            .filter_map(|s| match &s.state {
                StaState::Handshaking(a) => a.poll_timeout(),
                _ => None,
            })
            .min()
    }

    /// Whether a station is associated for WPS (its EAP belongs to the registrar).
    pub fn in_wps(&self, mac: &Mac) -> bool {
        self.sta(mac).is_some_and(|s| matches!(s.state, StaState::InWps))
    }

    /// The address DHCP gave a station.
    pub fn lease_of(&self, mac: &Mac) -> Option<Ipv4Addr> {
        self.dhcp.lease_of(mac)
    }

    fn sta(&self, mac: &Mac) -> Option<&Sta> {
        self.stations.iter().find(|s| &s.mac == mac)
    }

    fn sta_mut(&mut self, mac: &Mac) -> Option<&mut Sta> {
        self.stations.iter_mut().find(|s| &s.mac == mac)
    }

    /// New wireless settings: every station is dropped (hostapd flushes its stations when
    /// reconfigured) and must join again with the new password.
    pub fn set_network(&mut self, network: ApNetwork) {
        self.ssid = network.ssid.clone();
        self.hidden = network.hidden;
        self.pmk = network.security.pmk(&network.ssid);
        self.security = network.security.clone();
        self.entropy.fill(&mut self.gtk[..]);
        for sta in std::mem::take(&mut self.stations) {
            self.departed.push_back(sta.mac);
            if !matches!(sta.state, StaState::Authenticated) {
                self.transmits.push_back((
                    sta.mac,
                    Transmit::Mgmt(Mgmt::Deauthentication { reason: reason::PREV_AUTH_NOT_VALID }),
                ));
            }
            if matches!(sta.state, StaState::Authorized { .. }) {
                self.events.push_back(Event::StaDisconnected { mac: sta.mac });
            }
        }
    }

    /// A management frame from a station.
    pub fn handle_mgmt(&mut self, now: Time, from: Mac, mgmt: &Mgmt) {
        match mgmt {
            Mgmt::Authentication { transaction: 1, .. } => {
                self.remove(from);
                self.stations.push(Sta { mac: from, aid: 0, state: StaState::Authenticated });
                self.events.push_back(Event::StaAuthenticated { mac: from });
                self.transmits.push_back((
                    from,
                    Transmit::Mgmt(Mgmt::Authentication { transaction: 2, status: status::SUCCESS }),
                ));
            }
            Mgmt::AssociationRequest { ssid, rsn } => {
                if self.sta(&from).is_none() {
                    return; // not authenticated: dropped, as hostapd does
                }
                // hostapd's check_ssid first: a name it does not serve is status 1.
                // Then the security element (check_assoc_ies, wpa_validate_wpa_ie); none is
                // WPS, whose registration runs over this association.
                let admitted = match rsn {
                    _ if *ssid != self.ssid => Err(status::UNSPECIFIED_FAILURE),
                    Some(element) => self.security.offer().admit(element),
                    None => Ok(Admission::Unkeyed),
                };
                let admission = match admitted {
                    Ok(admission) => admission,
                    Err(status) => {
                        let refusal = Mgmt::AssociationResponse { status, aid: 0 };
                        self.transmits.push_back((from, Transmit::Mgmt(refusal)));
                        return;
                    }
                };
                // The lowest association ID no other station holds (hostapd_get_aid), so a
                // printer that keeps trying does not run them out.
                let aid = (1..=MAX_AID)
                    .find(|a| !self.stations.iter().any(|s| s.aid == *a && s.mac != from))
                    .unwrap_or(MAX_AID);
                self.transmits
                    .push_back((from, Transmit::Mgmt(Mgmt::AssociationResponse { status: status::SUCCESS, aid })));
                self.events.push_back(Event::StaAssociated { mac: from, aid });
                let state = match (&self.pmk, rsn, admission) {
                    (Some(pmk), Some(element), Admission::Psk) => {
                        let mut auth = Authenticator::start(
                            now,
                            self.bssid,
                            from,
                            pmk.clone(),
                            self.gtk.clone(),
                            Elements {
                                router: self.security.offer().element().unwrap_or_default(),
                                station: element.clone(),
                            },
                            self.retries,
                            self.entropy.as_mut(),
                        );
                        while let Some(key) = auth.poll_transmit() {
                            self.transmits.push_back((from, Transmit::Key(key)));
                        }
                        StaState::Handshaking(Box::new(auth))
                    }
                    (_, None, _) => StaState::InWps,
                    // A WEP network lets an RSN station in without keys (hostapd, `wpa=0`):
                    // nothing it sends is taken further.
                    _ => StaState::Unkeyed,
                };
                if let Some(sta) = self.sta_mut(&from) {
                    sta.aid = aid;
                    sta.state = state;
                }
            }
            Mgmt::Deauthentication { .. } => self.remove(from),
            _ => {}
        }
    }

    /// The 802.1X side gave up on a station (its EAP timed out): it is sent away with a
    /// deauthentication, reason 2, as hostapd's ieee802_1x.c does ("did not reply to the
    /// last EAP request").
    pub fn eap_timed_out(&mut self, mac: Mac) {
        if self.sta(&mac).is_some() {
            self.remove(mac);
            self.transmits
                .push_back((mac, Transmit::Mgmt(Mgmt::Deauthentication { reason: reason::PREV_AUTH_NOT_VALID })));
        }
    }

    fn remove(&mut self, mac: Mac) {
        if let Some(i) = self.stations.iter().position(|s| s.mac == mac) {
            let sta = self.stations.remove(i);
            self.departed.push_back(mac);
            if matches!(sta.state, StaState::Authorized { .. }) {
                self.events.push_back(Event::StaDisconnected { mac });
            }
        }
    }

    pub fn handle_timeout(&mut self, now: Time) {
        let mut gave_up = Vec::new();
        for sta in &mut self.stations {
            if let StaState::Handshaking(auth) = &mut sta.state {
                auth.handle_timeout(now);
                while let Some(key) = auth.poll_transmit() {
                    self.transmits.push_back((sta.mac, Transmit::Key(key)));
                }
                while let Some(e) = auth.poll_event() {
                    if e == AuthenticatorEvent::GaveUp {
                        gave_up.push(sta.mac);
                    }
                }
            }
        }
        for mac in gave_up {
            // hostapd: "PTKSTART: Retry limit 4 reached", then a deauthentication.
            self.transmits
                .push_back((mac, Transmit::Mgmt(Mgmt::Deauthentication { reason: reason::FOURWAY_HANDSHAKE_TIMEOUT })));
            self.remove(mac);
        }
    }

    /// The station acknowledged an EAPOL-Key frame the router sent it (the 802.11 ACK the
    /// driver reports as TX status), which stretches the first message 1's timeout.
    pub fn key_acknowledged(&mut self, now: Time, by: Mac) {
        if let Some(Sta { state: StaState::Handshaking(auth), .. }) = self.sta_mut(&by) {
            auth.acknowledged(now);
        }
    }

    /// An EAPOL-Key frame from a station.
    pub fn handle_key(&mut self, now: Time, from: Mac, bytes: &[u8]) {
        let Some(sta) = self.stations.iter_mut().find(|s| s.mac == from) else { return };
        let StaState::Handshaking(auth) = &mut sta.state else { return };
        auth.handle_frame(now, bytes);
        while let Some(key) = auth.poll_transmit() {
            self.transmits.push_back((from, Transmit::Key(key)));
        }
        let mut mismatch = false;
        while let Some(e) = auth.poll_event() {
            match e {
                AuthenticatorEvent::PskMismatch => self.events.push_back(Event::PossiblePskMismatch { mac: from }),
                AuthenticatorEvent::Completed => {
                    let tk = *auth.tk().expect("completed means keyed");
                    sta.state = StaState::Authorized { tk, pn: 0, rx: ccmp::Receiver::default() };
                    // wpa_auth.c logs the completion, then the port is authorized.
                    self.events.push_back(Event::PairwiseCompleted { mac: from });
                    self.events.push_back(Event::StaConnected { mac: from });
                    self.events.push_back(Event::HandshakeCompleted { mac: from });
                    break;
                }
                AuthenticatorEvent::ElementMismatch => {
                    self.events.push_back(Event::StaElementMismatch { mac: from });
                    mismatch = true;
                    break;
                }
                AuthenticatorEvent::GaveUp => {}
            }
        }
        if mismatch {
            // wpa_sta_disconnect with reason 2, as hostapd does.
            self.transmits
                .push_back((from, Transmit::Mgmt(Mgmt::Deauthentication { reason: reason::PREV_AUTH_NOT_VALID })));
            self.remove(from);
        }
    }

    /// The temporal key the 4-way handshake made with station `mac`, while it is authorized:
    /// what the inspector opens its data frames with (the emulator holds the keys).
    pub fn temporal_key(&self, mac: &Mac) -> Option<Zeroizing<[u8; TK_LEN]>> {
        match &self.stations.iter().find(|s| s.mac == *mac)?.state {
            StaState::Authorized { tk, .. } => Some(Zeroizing::new(*tk)),
            _ => None,
        }
    }

    /// A protected data frame from a station: opened with its key; DHCP is answered.
    pub fn handle_data(&mut self, from: Mac, third: Mac, body: &[u8]) {
        let header = frame::data_header(Direction::ToAp, true, &from, &self.bssid, &third, 0);
        let Some(sta) = self.sta_mut(&from) else { return };
        let StaState::Authorized { tk, rx, .. } = &mut sta.state else { return };
        let plaintext = match rx.open(tk, &header, body) {
            Ok((_, plaintext)) => plaintext,
            Err(ccmp::CcmpError::Replay { pn, last }) => {
                self.events.push_back(Event::ReplayDropped { from, pn, last });
                return;
            }
            Err(_) => return,
        };
        let Some(message) = dhcp::decapsulate(&plaintext) else { return };
        let Some(step) = self.dhcp.handle(&message) else { return };
        let asked =
            message.option(dhcp::opt::REQUESTED_IP).and_then(|v| <[u8; 4]>::try_from(v).ok()).map(Ipv4Addr::from);
        self.events.push_back(Event::Dhcp {
            kind: step.heard,
            ip: asked.filter(|_| step.heard == Kind::Request),
            mac: from,
            hostname: None,
        });
        let Some(answer) = step.answer else { return };
        let kind = answer.message.kind().unwrap_or(Kind::Nak);
        self.events.push_back(Event::Dhcp {
            kind,
            ip: (kind != Kind::Nak).then_some(answer.message.yiaddr),
            mac: from,
            hostname: step.hostname.filter(|_| kind == Kind::Ack),
        });
        let what = kind.name();
        let bssid = self.bssid;
        let Some(sta) = self.sta_mut(&from) else { return };
        let StaState::Authorized { tk, pn, .. } = &mut sta.state else { return };
        *pn += 1;
        let header = frame::data_header(Direction::FromAp, true, &from, &bssid, &bssid, 0);
        let body = ccmp::seal(tk, &header, *pn, &answer.plaintext());
        self.transmits.push_back((from, Transmit::Data(Sealed { third: bssid, body, what })));
    }
}

#[cfg(test)]
mod tests {
    use super::super::station::{self, Network, Outcome, Station, StationConfig};
    use super::*;
    use crate::wps::entropy::Csprng;
    use std::time::Duration;

    const BSSID: Mac = Mac([2, 0xaa, 0, 0, 0, 1]);
    const STA: Mac = Mac([2, 0xbb, 0, 0, 0, 2]);

    fn router(password: &str) -> AccessPoint {
        let network = ApNetwork {
            ssid: b"HomeNet".to_vec(),
            security: ApSecurity::Wpa2Psk { passphrase: password.as_bytes().to_vec() },
            hidden: false,
        };
        let dhcp = dhcp::Server::new(Ipv4Addr::new(192, 168, 1, 1), 23, vec![10, 11]);
        AccessPoint::new(BSSID, network, Retries::default(), dhcp, Box::new(Csprng::from_seed(1)))
    }

    fn printer() -> Station {
        Station::new(StationConfig::new(STA, "EXD000002".into(), Duration::ZERO), Box::new(Csprng::from_seed(2)))
    }

    fn network(password: &str) -> Network {
        Network { ssid: b"HomeNet".to_vec(), passphrase: password.as_bytes().to_vec().into() }
    }

    /// Frames cross instantly; timers fire in order up to `until` (a printer with a wrong
    /// password keeps trying for ever). Returns every label that crossed.
    fn run(ap: &mut AccessPoint, sta: &mut Station, until: Time) -> Vec<String> {
        let mut labels = Vec::new();
        let mut now = Time::ZERO;
        loop {
            let mut moved = false;
            while let Some(t) = sta.poll_transmit() {
                moved = true;
                match t {
                    station::Transmit::Mgmt(m) => {
                        labels.push(m.to_string());
                        ap.handle_mgmt(now, STA, &m)
                    }
                    station::Transmit::Key(k) => {
                        labels.push(super::super::eapol_key::KeyFrame::parse(&k).unwrap().to_string());
                        ap.handle_key(now, STA, &k)
                    }
                    station::Transmit::Data(d) => {
                        labels.push(d.what.into());
                        ap.handle_data(STA, d.third, &d.body)
                    }
                }
            }
            while let Some((to, t)) = ap.poll_transmit() {
                assert_eq!(to, STA);
                moved = true;
                match t {
                    Transmit::Mgmt(m) => {
                        labels.push(m.to_string());
                        sta.handle_mgmt(now, BSSID, &m)
                    }
                    Transmit::Key(k) => {
                        labels.push(super::super::eapol_key::KeyFrame::parse(&k).unwrap().to_string());
                        sta.handle_key(now, &k)
                    }
                    Transmit::Data(d) => {
                        labels.push(d.what.into());
                        sta.handle_data(now, d.third, &d.body)
                    }
                }
            }
            if moved {
                continue;
            }
            match [ap.poll_timeout(), sta.poll_timeout()].into_iter().flatten().min().filter(|t| *t <= until) {
                Some(t) => {
                    now = now.max(t);
                    ap.handle_timeout(now);
                    sta.handle_timeout(now);
                }
                None => return labels,
            }
        }
    }

    #[test]
    fn the_right_password_joins_and_gets_an_address_over_ccmp() {
        let (mut ap, mut sta) = (router("maple-river-4821"), printer());
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
        assert_eq!(
            labels,
            [
                "Authentication",
                "Authentication (ok)",
                "Association Request (WPA2)",
                "Association Response (ok)",
                "4-way 1/4",
                "4-way 2/4",
                "4-way 3/4",
                "4-way 4/4",
                "DHCP Discover",
                "DHCP Offer",
                "DHCP Request",
                "DHCP Ack"
            ]
        );
        assert_eq!(sta.outcome(), Some(&Outcome::Connected { ip: Ipv4Addr::new(192, 168, 1, 23) }));
        let router_said: Vec<String> = std::iter::from_fn(|| ap.poll_event()).map(|e| e.to_string()).collect();
        // hostapd's order: the logger's authenticated and associated lines, the handshake's
        // completion, then the port authorized.
        assert_eq!(
            router_said[..5],
            [
                "STA 02:bb:00:00:00:02 IEEE 802.11: authenticated",
                "STA 02:bb:00:00:00:02 IEEE 802.11: associated (aid 1)",
                "STA 02:bb:00:00:00:02 WPA: pairwise key handshake completed (RSN)",
                "AP-STA-CONNECTED 02:bb:00:00:00:02",
                "EAPOL-4WAY-HS-COMPLETED 02:bb:00:00:00:02"
            ]
        );
        assert_eq!(router_said.last().unwrap(), "DHCPACK(br-lan) 192.168.1.23 02:bb:00:00:00:02 EXD000002");
    }

    /// wpa_supplicant tries a disabled network again when its wait ends, and waits longer
    /// after each failure: 10, 20, 30, 60, 60, 90, 90 s (wpas_auth_failed); hostapd logs a new
    /// burst of four PSK-MISMATCH lines at each try.
    #[test]
    fn an_old_password_is_tried_again_on_wpa_supplicants_schedule() {
        let (mut ap, mut sta) = (router("new-password-2026"), printer());
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        let labels = run(&mut ap, &mut sta, Duration::from_secs(300));
        let printer_said: Vec<String> = std::iter::from_fn(|| sta.poll_event()).map(|e| e.to_string()).collect();
        let disabled: Vec<&str> = printer_said
            .iter()
            .filter_map(|l| l.strip_prefix("CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"HomeNet\" "))
            .collect();
        assert_eq!(
            disabled,
            [
                "auth_failures=1 duration=10 reason=WRONG_KEY",
                "auth_failures=2 duration=20 reason=WRONG_KEY",
                "auth_failures=3 duration=30 reason=WRONG_KEY",
                "auth_failures=4 duration=60 reason=WRONG_KEY",
                "auth_failures=5 duration=60 reason=WRONG_KEY",
                "auth_failures=6 duration=90 reason=WRONG_KEY",
                "auth_failures=7 duration=90 reason=WRONG_KEY",
            ]
        );
        let reenabled = printer_said.iter().filter(|l| *l == "CTRL-EVENT-SSID-REENABLED id=0 ssid=\"HomeNet\"").count();
        assert_eq!(reenabled, 6, "each wait but the running one ended in a new try");
        assert_eq!(labels.iter().filter(|l| *l == "Authentication").count(), 7, "{labels:?}");
        let router_said: Vec<String> = std::iter::from_fn(|| ap.poll_event()).map(|e| e.to_string()).collect();
        assert_eq!(router_said.iter().filter(|l| l.starts_with("AP-STA-POSSIBLE-PSK-MISMATCH")).count(), 28);
        // Each try associates again with the lowest free association ID, not a new one.
        let aids: Vec<&String> = router_said.iter().filter(|l| l.contains("IEEE 802.11: associated")).collect();
        assert_eq!(aids.len(), 7);
        assert!(aids.iter().all(|l| l.ends_with("(aid 1)")), "{aids:?}");
        assert_eq!(sta.auth_failures(), 7);
    }

    /// Fixing the router (its old password back) lets the next try through, and the count
    /// starts again.
    #[test]
    fn a_try_after_the_router_is_fixed_connects_and_clears_the_count() {
        let (mut ap, mut sta) = (router("new-password-2026"), printer());
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        run(&mut ap, &mut sta, Duration::from_secs(9));
        assert_eq!(sta.auth_failures(), 1);
        ap.set_network(ApNetwork {
            ssid: b"HomeNet".to_vec(),
            security: ApSecurity::Wpa2Psk { passphrase: b"maple-river-4821".to_vec() },
            hidden: false,
        });
        run(&mut ap, &mut sta, Duration::from_secs(20));
        assert!(matches!(sta.outcome(), Some(Outcome::Connected { .. })), "{:?}", sta.outcome());
        assert_eq!(sta.auth_failures(), 0);
    }

    #[test]
    fn an_old_password_fails_the_handshake_in_the_words_of_both_sides() {
        let (mut ap, mut sta) = (router("new-password-2026"), printer());
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
        assert!(!labels.iter().any(|l| l == "4-way 3/4"), "never past message 2");
        assert_eq!(labels.last().unwrap(), "Deauthentication (reason 15)");
        assert_eq!(sta.outcome(), Some(&Outcome::WrongPassword));
        let router_said: Vec<String> = std::iter::from_fn(|| ap.poll_event()).map(|e| e.to_string()).collect();
        assert_eq!(
            router_said[..2],
            [
                "STA 02:bb:00:00:00:02 IEEE 802.11: authenticated",
                "STA 02:bb:00:00:00:02 IEEE 802.11: associated (aid 1)"
            ]
        );
        assert_eq!(router_said[2..], vec!["AP-STA-POSSIBLE-PSK-MISMATCH 02:bb:00:00:00:02"; 4]);
        let printer_said: Vec<String> = std::iter::from_fn(|| sta.poll_event()).map(|e| e.to_string()).collect();
        assert_eq!(
            printer_said[printer_said.len() - 3..],
            [
                "CTRL-EVENT-DISCONNECTED bssid=02:aa:00:00:00:01 reason=15",
                "WPA: 4-Way Handshake failed - pre-shared key may be incorrect",
                "CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"HomeNet\" auth_failures=1 duration=10 reason=WRONG_KEY"
            ]
        );
    }

    /// A WPA2 association at a router without WPA2-PSK (a station that tries without
    /// looking at the beacon): hostapd refuses a TKIP-only (WPA1) network's with 40 (no RSN
    /// there: WPA_INVALID_PROTO) and a WPA3-only one's with 43 (no PSK key management:
    /// WPA_INVALID_AKMP), never 45.
    #[test]
    fn a_wpa2_association_is_refused_with_hostapds_status_for_each_security() {
        for (security, expected) in [(ApSecurity::WpaTkip, 40), (ApSecurity::Wpa3Sae, 43)] {
            let mut ap = router("maple-river-4821");
            ap.set_network(ApNetwork { ssid: b"HomeNet".to_vec(), security, hidden: false });
            let mut sta = printer();
            sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
            let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
            let refused = format!("Association Response (refused, status {expected})");
            assert!(labels.contains(&refused), "{labels:?}");
            assert_eq!(sta.outcome(), Some(&Outcome::Refused));
        }
    }

    /// The printer's wpa_supplicant does not even try a network whose beacon offers what its
    /// network block does not take: nothing goes on the air, `CTRL-EVENT-NETWORK-NOT-FOUND`
    /// is said, and the printer joins by itself once it hears its network as it knows it.
    #[test]
    fn a_printer_does_not_try_a_network_whose_beacon_does_not_suit() {
        for security in [ApSecurity::WpaTkip, ApSecurity::Wpa3Sae, ApSecurity::Wep] {
            let offer = security.offer();
            let mut ap = router("maple-river-4821");
            ap.set_network(ApNetwork { ssid: b"HomeNet".to_vec(), security, hidden: false });
            let mut sta = printer();
            sta.heard(Time::ZERO, BSSID, station::Bss { ssid: b"HomeNet".to_vec(), offer });
            sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
            let labels = run(&mut ap, &mut sta, Duration::from_secs(30));
            assert_eq!(labels, Vec::<String>::new(), "{offer:?}: nothing sent");
            assert_eq!(sta.outcome(), Some(&Outcome::NotFound));
            let said: Vec<Event> = std::iter::from_fn(|| sta.poll_event()).collect();
            assert_eq!(said, [Event::NetworkNotFound { ssid: b"HomeNet".to_vec(), offered: Some(offer) }]);
            assert_eq!(said[0].to_string(), "CTRL-EVENT-NETWORK-NOT-FOUND");

            // The router set back to WPA2: the next scan hears it, and the printer joins.
            ap.set_network(ApNetwork {
                ssid: b"HomeNet".to_vec(),
                security: ApSecurity::Wpa2Psk { passphrase: b"maple-river-4821".to_vec() },
                hidden: false,
            });
            sta.heard(Time::ZERO, BSSID, station::Bss { ssid: b"HomeNet".to_vec(), offer: Offer::Wpa2Psk });
            run(&mut ap, &mut sta, Duration::from_secs(9));
            assert!(matches!(sta.outcome(), Some(Outcome::Connected { .. })), "{offer:?}: {:?}", sta.outcome());
        }
        // Another name heard: not found, with nothing offered under the printer's name.
        let mut sta = printer();
        sta.heard(Time::ZERO, BSSID, station::Bss { ssid: b"HomeNet-5G".to_vec(), offer: Offer::Wpa2Psk });
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        assert_eq!(sta.poll_event(), Some(Event::NetworkNotFound { ssid: b"HomeNet".to_vec(), offered: None }));
        assert!(sta.poll_transmit().is_none());
    }

    /// A transition-mode router (WPA2/WPA3) takes the WPA2 printer by PSK, and its message 3
    /// carries its own two-AKM element, which the printer checks against the beacon's.
    #[test]
    fn a_wpa2_printer_joins_a_transition_mode_router_by_psk() {
        let mut ap = router("maple-river-4821");
        let security = ApSecurity::Wpa2Wpa3 { passphrase: b"maple-river-4821".to_vec() };
        ap.set_network(ApNetwork { ssid: b"HomeNet".to_vec(), security, hidden: false });
        let mut sta = printer();
        sta.heard(Time::ZERO, BSSID, station::Bss { ssid: b"HomeNet".to_vec(), offer: Offer::Wpa2Wpa3 });
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
        assert!(labels.contains(&"4-way 4/4".to_string()), "{labels:?}");
        assert!(matches!(sta.outcome(), Some(Outcome::Connected { .. })), "{:?}", sta.outcome());
    }

    /// hostapd compares message 2's element with the station's own Association Request's,
    /// not with a constant: a station that asked with protection capable and then sent
    /// another element in message 2 is sent away with reason 2.
    #[test]
    fn message_2_must_carry_the_association_requests_element() {
        use super::super::handshake::{Elements, Supplicant};
        use super::super::rsn::Rsn;
        let mut ap = router("maple-river-4821");
        let mut asked = Rsn::parse(&Rsn::printer()).unwrap();
        asked.capabilities = 0x0080;
        ap.handle_mgmt(Time::ZERO, STA, &Mgmt::Authentication { transaction: 1, status: 0 });
        ap.handle_mgmt(
            Time::ZERO,
            STA,
            &Mgmt::AssociationRequest { ssid: b"HomeNet".to_vec(), rsn: Some(asked.to_element()) },
        );
        let message_1 = std::iter::from_fn(|| ap.poll_transmit())
            .find_map(|(_, t)| match t {
                Transmit::Key(k) => Some(k),
                _ => None,
            })
            .expect("admitted: message 1 follows");
        let elements = Elements { router: Offer::Wpa2Psk.element().unwrap(), station: Rsn::printer() };
        let pmk = keys::pmk(b"maple-river-4821", b"HomeNet");
        let mut supplicant = Supplicant::new(STA, BSSID, pmk, elements, &mut Csprng::from_seed(3));
        supplicant.handle_frame(&message_1);
        ap.handle_key(Time::ZERO, STA, &supplicant.poll_transmit().unwrap());
        let sent: Vec<Transmit> = std::iter::from_fn(|| ap.poll_transmit()).map(|(_, t)| t).collect();
        assert_eq!(sent, [Transmit::Mgmt(Mgmt::Deauthentication { reason: reason::PREV_AUTH_NOT_VALID })]);
        let said: Vec<String> = std::iter::from_fn(|| ap.poll_event()).map(|e| e.to_string()).collect();
        assert_eq!(
            said.last().unwrap(),
            "STA 02:bb:00:00:00:02 WPA: WPA IE from (Re)AssocReq did not match with msg 2/4"
        );
    }

    /// Nobody answers: mac80211 sends Authentication three times, 200 ms apart, and the kernel
    /// says it timed out (mlme.c); wpa_supplicant's own line for it is debug only.
    #[test]
    fn an_unanswered_authentication_is_tried_three_times_200_ms_apart() {
        let mut sta = printer();
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        let mut sends = Vec::new();
        let mut now = Time::ZERO;
        loop {
            while let Some(t) = sta.poll_transmit() {
                assert_eq!(t, station::Transmit::Mgmt(Mgmt::Authentication { transaction: 1, status: 0 }));
                sends.push(now);
            }
            let Some(t) = sta.poll_timeout() else { break };
            now = t;
            sta.handle_timeout(now);
        }
        assert_eq!(sends, [0, 200, 400].map(Duration::from_millis));
        assert_eq!(now, Duration::from_millis(600));
        assert_eq!(sta.outcome(), Some(&Outcome::NoAnswer));
        let said: Vec<String> = std::iter::from_fn(|| sta.poll_event()).map(|e| e.to_string()).collect();
        assert_eq!(said.last().unwrap(), "wlan0: authentication with 02:aa:00:00:00:01 timed out");
    }

    /// A name the router does not serve: hostapd's check_ssid answers status 1
    /// (unspecified failure), not a security status.
    #[test]
    fn an_unknown_network_name_is_refused_with_status_1() {
        let (mut ap, mut sta) = (router("maple-river-4821"), printer());
        let other = Network { ssid: b"HomeNet-Guest".to_vec(), passphrase: b"maple-river-4821".to_vec().into() };
        sta.join(Time::ZERO, BSSID, other);
        let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
        assert!(labels.contains(&"Association Response (refused, status 1)".to_string()), "{labels:?}");
        assert!(!labels.iter().any(|l| l.starts_with("4-way")), "{labels:?}");
    }

    #[test]
    fn new_settings_drop_the_printer_and_it_rejoins_with_what_it_knows() {
        let (mut ap, mut sta) = (router("maple-river-4821"), printer());
        sta.join(Time::ZERO, BSSID, network("maple-river-4821"));
        run(&mut ap, &mut sta, Duration::from_secs(9));
        ap.set_network(ApNetwork {
            ssid: b"HomeNet".to_vec(),
            security: ApSecurity::Wpa2Psk { passphrase: b"new-password-2026".to_vec() },
            hidden: false,
        });
        let labels = run(&mut ap, &mut sta, Duration::from_secs(9));
        assert_eq!(labels[0], "Deauthentication (reason 2)");
        assert!(labels.contains(&"Association Request (WPA2)".to_string()), "it tried again by itself");
        assert_eq!(sta.outcome(), Some(&Outcome::WrongPassword), "with the password it knew, which changed");
    }
}
