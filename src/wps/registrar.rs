//! The registrar: the router's internal registrar and EAP server (`wps_registrar.c`,
//! `eap_server_wsc.c`). Push-button mode with its walk time and overlap detection by
//! UUID-E, PINs for one enrollee or any, and the PIN lifecycle.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;
use zeroize::Zeroizing;

use super::attr::{AttrWriter, Attrs};
use super::crypto::{KeyPair, SessionKeys, dh::KEY_LEN, hashes_equal};
use super::defs::{AttrType, ConfigError, DevicePasswordId, IDENTITY_ENROLLEE, MsgType, OpCode, PBC_PASSWORD};
use super::eap::{Eap, EapCode, EapPayload, Frame};
use super::enrollee::{ApWps, ProbeRequest, Time};
use super::entropy::Entropy;
use super::error::ProtocolError;
use super::event::Event;
use super::message::{self, Credential, DeviceInfo, M1, M2, Mac, Nonce, Uuid, build_status, header, version2_ext};

/// A session that hears nothing for this long is dropped, as an EAP server gives up
/// after its retransmissions; its PIN is released.
const SESSION_TIMEOUT: Duration = Duration::from_secs(15);

/// Probes from an enrollee that has just finished PBC are ignored this long (`WPS_WORKAROUNDS`).
const JUST_FINISHED_GRACE: Duration = Duration::from_secs(5);

/// The network the registrar hands over in M8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    pub ssid: Vec<u8>,
    pub auth_type: u16,
    pub encr_type: u16,
    pub network_key: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct RegistrarConfig {
    pub uuid_r: Uuid,
    pub mac: Mac,
    pub device: DeviceInfo,
    pub network: NetworkSettings,
    pub walk_time: Duration,
}

/// `PBC Status:` of hostapd's `wps_get_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PbcStatus {
    Disabled,
    Active,
    TimedOut,
    Overlap,
}

/// `Last WPS result:` of `wps_get_status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LastResult {
    None,
    Success { mac: Mac },
    Failed { msg: MsgType, config_error: ConfigError },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ButtonError {
    /// More than one enrollee was seen in push-button mode in the last 120 s.
    Overlap,
}

/// Which PIN entry a run uses: one enrollee's (`Some(uuid)`) or the wildcard (`None`).
type PinKey = Option<Uuid>;
type Secret = Zeroizing<Vec<u8>>;
/// Handles one enrollee message; on failure hands the keys back so the NACK can be built.
type StepHandler = fn(&mut Registrar, Mac, Box<Keyed>, &[u8]) -> Result<(), (ProtocolError, Box<Keyed>)>;

struct PinEntry {
    /// `None` is the wildcard (`WPS_PIN any`).
    uuid: Option<Uuid>,
    pin: Zeroizing<Vec<u8>>,
    expires: Option<Time>,
    in_use: bool,
    uses: u32,
}

struct PbcProbe {
    mac: Mac,
    uuid_e: Uuid,
    seen: Time,
}

/// What one registration holds once M1 has been answered with M2.
struct Keyed {
    keys: SessionKeys,
    dh: KeyPair,
    n1: Nonce,
    n2: Nonce,
    mac: Mac,
    uuid_e: Uuid,
    pk_e: [u8; KEY_LEN],
    pbc: bool,
    /// Which PIN entry this run uses (its uuid, or the wildcard); `None` in PBC.
    pin_of: Option<PinKey>,
    psk1: Zeroizing<[u8; 16]>,
    psk2: Zeroizing<[u8; 16]>,
    r_s1: Zeroizing<[u8; 16]>,
    r_s2: Zeroizing<[u8; 16]>,
    ivs: [[u8; 16]; 3],
    e_hash1: [u8; 32],
    e_hash2: [u8; 32],
    /// The previous message body, which the next Authenticator covers.
    last: Vec<u8>,
}

enum SessionState {
    ExpectIdentity,
    ExpectM1,
    ExpectAckAfterM2d,
    ExpectM3(Box<Keyed>),
    ExpectM5(Box<Keyed>),
    ExpectM7(Box<Keyed>),
    ExpectDone(Box<Keyed>),
    /// We sent WSC_NACK; the enrollee answers with its own before EAP-Failure.
    ExpectNack,
}

impl SessionState {
    fn name(&self) -> &'static str {
        match self {
            SessionState::ExpectIdentity => "EAP-Response/Identity",
            SessionState::ExpectM1 => "M1",
            SessionState::ExpectAckAfterM2d => "WSC_ACK",
            SessionState::ExpectM3(_) => "M3",
            SessionState::ExpectM5(_) => "M5",
            SessionState::ExpectM7(_) => "M7",
            SessionState::ExpectDone(_) => "WSC_Done",
            SessionState::ExpectNack => "WSC_NACK",
        }
    }
}

struct Session {
    /// Identifier of the last EAP-Request; the response must carry it.
    id: u8,
    state: SessionState,
    last_heard: Time,
}

pub struct Registrar {
    config: RegistrarConfig,
    entropy: Box<dyn Entropy>,
    pbc_deadline: Option<Time>,
    pbc_status: PbcStatus,
    force_overlap: bool,
    probes: Vec<PbcProbe>,
    just_finished: Option<(Uuid, Time)>,
    pins: Vec<PinEntry>,
    sessions: HashMap<Mac, Session>,
    last_result: LastResult,
    transmits: VecDeque<(Mac, Vec<u8>)>,
    events: VecDeque<Event>,
}

impl Registrar {
    pub fn new(config: RegistrarConfig, entropy: Box<dyn Entropy>) -> Self {
        Registrar {
            config,
            entropy,
            pbc_deadline: None,
            pbc_status: PbcStatus::Disabled,
            force_overlap: false,
            probes: Vec::new(),
            just_finished: None,
            pins: Vec::new(),
            sessions: HashMap::new(),
            last_result: LastResult::None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    pub fn config(&self) -> &RegistrarConfig {
        &self.config
    }

    pub fn pbc_status(&self) -> PbcStatus {
        self.pbc_status
    }

    pub fn last_result(&self) -> &LastResult {
        &self.last_result
    }

    pub fn pbc_deadline(&self) -> Option<Time> {
        self.pbc_deadline
    }

    /// The earliest expiry of a PIN waiting for its enrollee (one in use lives until its run ends).
    pub fn pin_deadline(&self) -> Option<Time> {
        self.pins.iter().filter(|p| !p.in_use).filter_map(|p| p.expires).min()
    }

    fn session_deadline(&self) -> Option<Time> {
        self.sessions.values().map(|s| s.last_heard + SESSION_TIMEOUT).min()
    }

    pub fn has_pin(&self) -> bool {
        !self.pins.is_empty()
    }

    /// "Selected Registrar" in the beacon: push-button mode or a PIN is waiting.
    pub fn selected(&self) -> bool {
        self.pbc_deadline.is_some() || !self.pins.is_empty()
    }

    /// True while some enrollee is in the middle of an exchange.
    pub fn busy(&self) -> bool {
        self.sessions.values().any(|s| !matches!(s.state, SessionState::ExpectIdentity))
    }

    /// The router's WPS button (`wps_registrar_button_pushed`).
    pub fn push_button(&mut self, now: Time) -> Result<(), ButtonError> {
        if self.pbc_overlap(now, None) {
            self.pbc_status = PbcStatus::Overlap;
            self.events.push_back(Event::OverlapDetected);
            return Err(ButtonError::Overlap);
        }
        self.force_overlap = false;
        self.pbc_deadline = Some(now + self.config.walk_time);
        self.pbc_status = PbcStatus::Active;
        self.events.push_back(Event::PbcActive);
        Ok(())
    }

    /// A PIN typed at the router (`wps_registrar_add_pin`): for one enrollee, or any.
    pub fn add_pin(&mut self, now: Time, pin: &[u8], uuid: Option<Uuid>, timeout: Option<Duration>) {
        self.pins.retain(|p| p.uuid != uuid || p.in_use);
        self.pins.push(PinEntry {
            uuid,
            pin: Zeroizing::new(pin.to_vec()),
            expires: timeout.map(|t| now + t),
            in_use: false,
            uses: 0,
        });
    }

    /// Stops push-button mode and forgets PINs (`WPS_CANCEL`).
    pub fn cancel(&mut self) {
        self.pbc_deadline = None;
        self.pbc_status = PbcStatus::Disabled;
        self.pins.clear();
        self.events.push_back(Event::Cancel);
    }

    /// What the router's Beacon and Probe Response say about WPS now.
    pub fn advertised(&self) -> ApWps {
        let device_password_id = if self.pbc_deadline.is_some() {
            Some(DevicePasswordId::PushButton.to_u16())
        } else if self.pins.is_empty() {
            None
        } else {
            Some(DevicePasswordId::Default.to_u16())
        };
        ApWps { selected_registrar: self.selected(), device_password_id, setup_locked: false }
    }

    /// A probe request with a WPS IE (`wps_registrar_probe_req_rx`): PBC ones feed overlap
    /// detection. Returns the WPS part of the Probe Response.
    pub fn probe_request(&mut self, now: Time, probe: &ProbeRequest) -> ApWps {
        self.record_probe(now, probe);
        self.advertised()
    }

    fn record_probe(&mut self, now: Time, probe: &ProbeRequest) {
        if probe.device_password_id != DevicePasswordId::PushButton.to_u16() {
            return;
        }
        if self.just_finished.is_some_and(|(uuid, until)| uuid == probe.uuid_e && now < until) {
            return;
        }
        self.prune_probes(now);
        match self.probes.iter_mut().find(|p| p.mac == probe.mac && p.uuid_e == probe.uuid_e) {
            Some(p) => p.seen = now,
            None => self.probes.push(PbcProbe { mac: probe.mac, uuid_e: probe.uuid_e, seen: now }),
        }
        if self.pbc_deadline.is_some() && !self.force_overlap && self.pbc_overlap(now, None) {
            self.force_overlap = true;
            self.pbc_status = PbcStatus::Overlap;
            self.events.push_back(Event::OverlapDetected);
        }
    }

    fn prune_probes(&mut self, now: Time) {
        let window = self.config.walk_time;
        self.probes.retain(|p| now.saturating_sub(p.seen) <= window);
    }

    /// More than one distinct UUID-E in PBC mode within the walk time (`wps_registrar_pbc_overlap`).
    fn pbc_overlap(&self, now: Time, requester: Option<Uuid>) -> bool {
        let mut uuids: Vec<Uuid> = self
            .probes
            .iter()
            .filter(|p| now.saturating_sub(p.seen) <= self.config.walk_time)
            .map(|p| p.uuid_e)
            .collect();
        uuids.extend(requester);
        uuids.sort_unstable();
        uuids.dedup();
        uuids.len() > 1
    }

    pub fn poll_transmit(&mut self) -> Option<(Mac, Vec<u8>)> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        [self.pbc_deadline, self.pin_deadline(), self.session_deadline()].into_iter().flatten().min()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        let stale: Vec<Mac> =
            self.sessions.iter().filter(|(_, s)| now >= s.last_heard + SESSION_TIMEOUT).map(|(m, _)| *m).collect();
        for mac in stale {
            if let Some(session) = self.sessions.remove(&mac) {
                self.release_session_pin(session);
            }
        }
        if self.pbc_deadline.is_some_and(|d| now >= d) {
            self.pbc_deadline = None;
            self.pbc_status = PbcStatus::TimedOut;
            self.events.push_back(Event::Timeout);
        }
        let before = self.pins.len();
        self.pins.retain(|p| p.in_use || p.expires.is_none_or(|e| now < e));
        if self.pins.len() < before {
            // The router's "add device by PIN" session ran out.
            self.events.push_back(Event::Timeout);
        }
    }

    /// One EAPOL frame from station `from`. Frames that do not parse or do not fit the
    /// session's state are refused without changing anything.
    pub fn handle_frame(&mut self, now: Time, from: Mac, bytes: &[u8]) -> Result<(), ProtocolError> {
        let frame = Frame::parse(bytes)?;
        let eap = match frame {
            Frame::EapolStart => {
                if let Some(old) = self.sessions.remove(&from) {
                    self.release_session_pin(old);
                }
                self.sessions.insert(from, Session { id: 0, state: SessionState::ExpectIdentity, last_heard: now });
                self.send(from, Frame::identity(EapCode::Request, 0, b""));
                return Ok(());
            }
            Frame::Eap(eap) => eap,
        };
        let Eap { code, id, payload } = eap;
        let Some(session) = self.sessions.get_mut(&from) else {
            return Err(ProtocolError::Unexpected {
                expected: "EAPOL-Start",
                got: format!("EAP from {}", message::format_mac(&from)),
            });
        };
        if code != EapCode::Response || id != session.id {
            return Err(ProtocolError::Unexpected {
                expected: session.state.name(),
                got: format!("EAP code {code:?} id {id}"),
            });
        }
        session.last_heard = now;
        let state = std::mem::replace(&mut session.state, SessionState::ExpectIdentity);
        match (state, payload) {
            (SessionState::ExpectIdentity, EapPayload::Identity(identity)) => {
                if identity != IDENTITY_ENROLLEE.as_bytes() {
                    self.end_session(from);
                    return Ok(());
                }
                self.request(from, OpCode::Start, Vec::new(), SessionState::ExpectM1);
                Ok(())
            }
            (SessionState::ExpectM1, EapPayload::Wsc { op: OpCode::Msg, data }) => self.on_m1(now, from, &data),
            (SessionState::ExpectAckAfterM2d, EapPayload::Wsc { op: OpCode::Ack, .. })
            | (SessionState::ExpectNack, EapPayload::Wsc { op: OpCode::Nack, .. }) => {
                self.end_session(from);
                Ok(())
            }
            (SessionState::ExpectM3(k), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                self.guard(from, MsgType::M3, &data, k, Self::on_m3)
            }
            (SessionState::ExpectM5(k), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                self.guard(from, MsgType::M5, &data, k, Self::on_m5)
            }
            (SessionState::ExpectM7(k), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                self.guard(from, MsgType::M7, &data, k, Self::on_m7)
            }
            (SessionState::ExpectDone(k), EapPayload::Wsc { op: OpCode::Done, data }) => {
                self.on_done(now, from, *k, &data)
            }
            (
                SessionState::ExpectM3(k)
                | SessionState::ExpectM5(k)
                | SessionState::ExpectM7(k)
                | SessionState::ExpectDone(k),
                EapPayload::Wsc { op: OpCode::Nack, data },
            ) => {
                self.on_enrollee_nack(from, &k, &data);
                Ok(())
            }
            (state, payload) => {
                let expected = state.name();
                if let Some(s) = self.sessions.get_mut(&from) {
                    s.state = state;
                }
                Err(ProtocolError::Unexpected { expected, got: describe(&payload) })
            }
        }
    }

    fn on_m1(&mut self, now: Time, from: Mac, body: &[u8]) -> Result<(), ProtocolError> {
        let m1 = match M1::parse(body) {
            Ok(m1) => m1,
            Err(e) => {
                self.nack_and_fail(from, MsgType::M1, ConfigError::NoError, [0; 16], [0; 16]);
                return Err(e.into());
            }
        };
        let mut n2 = [0u8; 16];
        self.entropy.fill(&mut n2);
        let password: Option<(Secret, Option<PinKey>)> =
            if m1.device_password_id == DevicePasswordId::PushButton.to_u16() {
                if self.pbc_deadline.is_none() {
                    None
                } else if self.force_overlap || self.pbc_overlap(now, Some(m1.uuid_e)) {
                    // Push-button mode stays on (hostapd keeps `force_pbc_overlap` until the
                    // walk time ends), so every PBC enrollee meanwhile hears the same answer.
                    self.force_overlap = true;
                    self.pbc_status = PbcStatus::Overlap;
                    self.events.push_back(Event::OverlapDetected);
                    self.record_failure(MsgType::M1, ConfigError::MultiplePbcDetected);
                    self.send_m2d(from, &m1, n2, ConfigError::MultiplePbcDetected);
                    return Ok(());
                } else {
                    Some((Zeroizing::new(PBC_PASSWORD.to_vec()), None))
                }
            } else {
                self.take_pin(&m1.uuid_e)
            };
        let Some((password, pin_of)) = password else {
            if m1.device_password_id != DevicePasswordId::PushButton.to_u16() {
                self.events.push_back(Event::PinNeeded {
                    uuid_e: m1.uuid_e,
                    mac: m1.mac,
                    device_name: m1.device.display_name(),
                });
            }
            self.send_m2d(from, &m1, n2, ConfigError::NoError);
            return Ok(());
        };
        // Secrets of this run, in order: N2 (above), DH private key, R-S1, R-S2, IVs of M4, M6, M8.
        let mut private = Zeroizing::new([0u8; KEY_LEN]);
        self.entropy.fill(&mut private[..]);
        let dh = KeyPair::from_private_bytes(&private);
        let mut r_s1 = Zeroizing::new([0u8; 16]);
        self.entropy.fill(&mut r_s1[..]);
        let mut r_s2 = Zeroizing::new([0u8; 16]);
        self.entropy.fill(&mut r_s2[..]);
        let mut ivs = [[0u8; 16]; 3];
        for iv in &mut ivs {
            self.entropy.fill(iv);
        }
        let Some(shared) = dh.shared_secret(&m1.public_key) else {
            self.release_pin(pin_of, false, false);
            self.nack_and_fail(from, MsgType::M1, ConfigError::NoError, m1.enrollee_nonce, n2);
            return Err(ProtocolError::BadPublicKey);
        };
        let keys = SessionKeys::derive(&shared, &m1.enrollee_nonce, &m1.mac, &n2);
        let (psk1, psk2) = keys.psks(&password);
        let m2 = M2 {
            enrollee_nonce: m1.enrollee_nonce,
            registrar_nonce: n2,
            uuid_r: self.config.uuid_r,
            public_key: Some(*dh.public_key()),
            device: self.config.device.clone(),
            assoc_state: 0,
            config_error: 0,
            device_password_id: m1.device_password_id,
        };
        let body_m2 = keys.seal(body, m2.emit_unsealed());
        let keyed = Keyed {
            keys,
            dh,
            n1: m1.enrollee_nonce,
            n2,
            mac: m1.mac,
            uuid_e: m1.uuid_e,
            pk_e: m1.public_key,
            pbc: pin_of.is_none(),
            pin_of,
            psk1,
            psk2,
            r_s1,
            r_s2,
            ivs,
            e_hash1: [0; 32],
            e_hash2: [0; 32],
            last: body_m2.clone(),
        };
        self.request(from, OpCode::Msg, body_m2, SessionState::ExpectM3(Box::new(keyed)));
        Ok(())
    }

    /// A session dropped mid-run gives its PIN back (or invalidates it once M6 revealed it).
    fn release_session_pin(&mut self, session: Session) {
        match &session.state {
            SessionState::ExpectM3(k) | SessionState::ExpectM5(k) => self.release_pin(k.pin_of, false, false),
            SessionState::ExpectM7(k) | SessionState::ExpectDone(k) => self.release_pin(k.pin_of, true, false),
            _ => {}
        }
    }

    /// The PIN for this enrollee: its own first, else the wildcard.
    fn take_pin(&mut self, uuid_e: &Uuid) -> Option<(Secret, Option<PinKey>)> {
        let entry = self
            .pins
            .iter_mut()
            .filter(|p| !p.in_use && (p.uuid == Some(*uuid_e) || p.uuid.is_none()))
            .max_by_key(|p| p.uuid.is_some())?;
        entry.in_use = true;
        entry.uses += 1;
        Some((entry.pin.clone(), Some(entry.uuid)))
    }

    /// After a run: a PIN whose second half was revealed (M6 sent) is invalidated, a used
    /// one removed; otherwise it is unlocked for another try. The wildcard goes after its
    /// success or its second use.
    fn release_pin(&mut self, pin_of: Option<PinKey>, revealed: bool, success: bool) {
        let Some(uuid) = pin_of else { return };
        if let Some(i) = self.pins.iter().position(|p| p.uuid == uuid && p.in_use) {
            let remove = success || revealed || (uuid.is_none() && self.pins[i].uses >= 2);
            if remove {
                self.pins.remove(i);
            } else {
                self.pins[i].in_use = false;
            }
        }
    }

    fn send_m2d(&mut self, from: Mac, m1: &M1, n2: Nonce, config_error: ConfigError) {
        let m2d = M2 {
            enrollee_nonce: m1.enrollee_nonce,
            registrar_nonce: n2,
            uuid_r: self.config.uuid_r,
            public_key: None,
            device: self.config.device.clone(),
            assoc_state: 0,
            config_error: config_error.to_u16(),
            device_password_id: m1.device_password_id,
        };
        self.request(from, OpCode::Msg, m2d.emit_unsealed().finish(), SessionState::ExpectAckAfterM2d);
    }

    /// Runs a message handler; a failure sends WSC_NACK and records it. A push-button run
    /// caught up in an overlap is refused at its next message with configuration error 12.
    fn guard(
        &mut self,
        from: Mac,
        msg: MsgType,
        body: &[u8],
        k: Box<Keyed>,
        handler: StepHandler,
    ) -> Result<(), ProtocolError> {
        if k.pbc && self.force_overlap {
            self.nack_and_fail(from, msg, ConfigError::MultiplePbcDetected, k.n1, k.n2);
            return Ok(());
        }
        handler(self, from, k, body).map_err(|(error, k)| {
            let revealed = msg == MsgType::M7;
            self.release_pin(k.pin_of, revealed, false);
            self.nack_and_fail(from, msg, error.config_error(), k.n1, k.n2);
            error
        })
    }

    fn open(
        k: &Keyed,
        msg: MsgType,
        body: &[u8],
        with_settings: bool,
    ) -> Result<Option<Zeroizing<Vec<u8>>>, ProtocolError> {
        let attrs = Attrs::parse(body)?;
        let nonce: Nonce = attrs.fixed(AttrType::RegistrarNonce)?;
        if !hashes_equal(&nonce, &k.n2) {
            return Err(ProtocolError::WrongNonce { msg, attr: AttrType::RegistrarNonce });
        }
        if !k.keys.verify_authenticator(&k.last, body) {
            return Err(ProtocolError::Authenticator { msg });
        }
        if !with_settings {
            return Ok(None);
        }
        let enc = attrs.require(AttrType::EncrSettings)?;
        k.keys.decrypt_settings(enc).map(Some).ok_or(ProtocolError::KeyWrap { msg })
    }

    fn on_m3(&mut self, from: Mac, mut k: Box<Keyed>, body: &[u8]) -> Result<(), (ProtocolError, Box<Keyed>)> {
        let checked = Self::open(&k, MsgType::M3, body, false).and_then(|_| {
            let a = Attrs::parse(body)?;
            Ok((a.fixed(AttrType::EHash1)?, a.fixed(AttrType::EHash2)?))
        });
        let (h1, h2) = match checked {
            Ok(v) => v,
            Err(e) => return Err((e, k)),
        };
        k.e_hash1 = h1;
        k.e_hash2 = h2;
        let pk_r = *k.dh.public_key();
        let r_hash1 = k.keys.commitment(&k.r_s1, &k.psk1, &k.pk_e, &pk_r);
        let r_hash2 = k.keys.commitment(&k.r_s2, &k.psk2, &k.pk_e, &pk_r);
        let mut w = header(MsgType::M4);
        w.put(AttrType::EnrolleeNonce, &k.n1).put(AttrType::RHash1, &r_hash1).put(AttrType::RHash2, &r_hash2);
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce1, &k.r_s1[..]);
        w.put(AttrType::EncrSettings, &k.keys.encrypt_settings(&k.ivs[0], inner.as_bytes()));
        w.put(AttrType::VendorExt, &version2_ext());
        let m4 = k.keys.seal(body, w);
        k.last = m4.clone();
        self.request(from, OpCode::Msg, m4, SessionState::ExpectM5(k));
        Ok(())
    }

    /// Checks E-S1 or E-S2 against the E-Hash of M3.
    fn check_secret_nonce(k: &Keyed, inner: &[u8], attr: AttrType, msg: MsgType) -> Result<(), ProtocolError> {
        let e_s: [u8; 16] = Attrs::parse(inner)?.fixed(attr)?;
        let (psk, expected) = if attr == AttrType::ESnonce1 { (&k.psk1, &k.e_hash1) } else { (&k.psk2, &k.e_hash2) };
        if hashes_equal(&k.keys.commitment(&e_s, psk, &k.pk_e, k.dh.public_key()), expected) {
            Ok(())
        } else {
            Err(ProtocolError::PasswordMismatch { msg })
        }
    }

    fn on_m5(&mut self, from: Mac, mut k: Box<Keyed>, body: &[u8]) -> Result<(), (ProtocolError, Box<Keyed>)> {
        let checked = Self::open(&k, MsgType::M5, body, true).and_then(|inner| {
            Self::check_secret_nonce(&k, &inner.unwrap_or_default(), AttrType::ESnonce1, MsgType::M5)
        });
        if let Err(e) = checked {
            return Err((e, k));
        }
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce2, &k.r_s2[..]);
        let m6 = self.build_encrypted(&k, MsgType::M6, 1, body, inner);
        k.last = m6.clone();
        self.request(from, OpCode::Msg, m6, SessionState::ExpectM7(k));
        Ok(())
    }

    fn on_m7(&mut self, from: Mac, mut k: Box<Keyed>, body: &[u8]) -> Result<(), (ProtocolError, Box<Keyed>)> {
        let checked = Self::open(&k, MsgType::M7, body, true).and_then(|inner| {
            Self::check_secret_nonce(&k, &inner.unwrap_or_default(), AttrType::ESnonce2, MsgType::M7)
        });
        if let Err(e) = checked {
            return Err((e, k));
        }
        let net = &self.config.network;
        let credential = Credential {
            network_index: 1,
            ssid: net.ssid.clone(),
            auth_type: net.auth_type,
            encr_type: net.encr_type,
            network_key_index: None,
            network_key: net.network_key.clone(),
            mac: k.mac,
        };
        let mut inner = AttrWriter::new();
        inner.put(AttrType::Credential, &credential.emit());
        let m8 = self.build_encrypted(&k, MsgType::M8, 2, body, inner);
        k.last = m8.clone();
        self.request(from, OpCode::Msg, m8, SessionState::ExpectDone(k));
        Ok(())
    }

    fn on_done(&mut self, now: Time, from: Mac, k: Keyed, body: &[u8]) -> Result<(), ProtocolError> {
        let attrs = Attrs::parse(body)?;
        let n1: Nonce = attrs.fixed(AttrType::EnrolleeNonce)?;
        let n2: Nonce = attrs.fixed(AttrType::RegistrarNonce)?;
        if !hashes_equal(&n1, &k.n1) || !hashes_equal(&n2, &k.n2) {
            if let Some(s) = self.sessions.get_mut(&from) {
                s.state = SessionState::ExpectDone(Box::new(k));
            }
            return Err(ProtocolError::WrongNonce { msg: MsgType::Done, attr: AttrType::RegistrarNonce });
        }
        self.events.push_back(Event::RegSuccess { mac: k.mac, uuid_e: k.uuid_e });
        if k.pbc {
            self.pbc_deadline = None;
            self.pbc_status = PbcStatus::Disabled;
            self.probes.retain(|p| p.uuid_e != k.uuid_e);
            self.just_finished = Some((k.uuid_e, now + JUST_FINISHED_GRACE));
            self.events.push_back(Event::PbcDisable);
        }
        self.release_pin(k.pin_of, true, true);
        self.events.push_back(Event::Success);
        self.last_result = LastResult::Success { mac: k.mac };
        self.end_session(from);
        Ok(())
    }

    /// The enrollee refused our last message (a wrong PIN half shows up here).
    fn on_enrollee_nack(&mut self, from: Mac, k: &Keyed, body: &[u8]) {
        let config_error =
            Attrs::parse(body).ok().and_then(|a| a.opt_u16(AttrType::ConfigError).ok().flatten()).unwrap_or(0);
        let config_error = ConfigError::from_u16(config_error);
        let msg = message::msg_type_of(&k.last).unwrap_or(MsgType::Unknown(0));
        let revealed = matches!(msg, MsgType::M6 | MsgType::M8);
        self.release_pin(k.pin_of, revealed, false);
        self.record_failure(msg, config_error);
        self.end_session(from);
    }

    fn record_failure(&mut self, msg: MsgType, config_error: ConfigError) {
        self.events.push_back(Event::Fail { msg, config_error, reason: None });
        self.last_result = LastResult::Failed { msg, config_error };
    }

    fn nack_and_fail(&mut self, from: Mac, msg: MsgType, config_error: ConfigError, n1: Nonce, n2: Nonce) {
        self.record_failure(msg, config_error);
        let nack = build_status(MsgType::Nack, &n1, &n2, Some(config_error.to_u16()));
        self.request(from, OpCode::Nack, nack, SessionState::ExpectNack);
    }

    fn build_encrypted(&self, k: &Keyed, msg: MsgType, iv: usize, previous: &[u8], inner: AttrWriter) -> Vec<u8> {
        let mut w = header(msg);
        w.put(AttrType::EnrolleeNonce, &k.n1);
        w.put(AttrType::EncrSettings, &k.keys.encrypt_settings(&k.ivs[iv], inner.as_bytes()));
        w.put(AttrType::VendorExt, &version2_ext());
        k.keys.seal(previous, w)
    }

    /// Sends the next EAP-Request of a session and moves it to `next`.
    fn request(&mut self, to: Mac, op: OpCode, body: Vec<u8>, next: SessionState) {
        let session = self.sessions.entry(to).or_insert(Session {
            id: 0,
            state: SessionState::ExpectIdentity,
            last_heard: Duration::ZERO,
        });
        session.id = session.id.wrapping_add(1);
        session.state = next;
        let frame = Frame::wsc(EapCode::Request, session.id, op, body);
        self.send(to, frame);
    }

    /// EAP-WSC always ends in EAP-Failure, even after a success.
    fn end_session(&mut self, to: Mac) {
        if let Some(session) = self.sessions.remove(&to) {
            self.send(to, Frame::failure(session.id));
        }
    }

    fn send(&mut self, to: Mac, frame: Frame) {
        self.transmits.push_back((to, frame.to_bytes()));
    }
}

fn describe(payload: &EapPayload) -> String {
    match payload {
        EapPayload::Wsc { op, data } => match message::msg_type_of(data) {
            Some(t) => t.to_string(),
            None => op.to_string(),
        },
        EapPayload::Identity(_) => "EAP-Response/Identity".into(),
        EapPayload::Other { ty, .. } => format!("EAP type {ty}"),
        EapPayload::None => "EAP".into(),
    }
}
