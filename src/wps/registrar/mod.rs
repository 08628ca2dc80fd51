//! The registrar: the router's internal registrar and EAP server (`wps_registrar.c`,
//! `eap_server_wsc.c`), split as hostapd splits it: EAP sessions ([`session`]), the PIN
//! table ([`pins`]) and push-button mode with overlap detection ([`pbc`]).

mod external;
mod pbc;
mod pins;
mod session;

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use super::attr::{AttrWriter, Attrs};
use super::crypto::{SessionKeys, hashes_equal};
use super::defs::{
    AttrType, ConfigError, DevicePasswordId, IDENTITY_ENROLLEE, MsgType, OpCode, PBC_PASSWORD, WFA_VENDOR,
};
use super::eap::{EAP_TYPE_EXPANDED, EAP_TYPE_IDENTITY, EAPOL_VERSION_AP, Eap, EapCode, EapPayload, Frame};
use super::entropy::Entropy;
use super::error::{Message, ProtocolError};
use super::event::{Event, PinRemoval};
use super::fragment::{self, Reassembly};
use super::message::{self, Credential, DeviceInfo, M1, M2, Mac, Nonce, Uuid, build_status};
use super::probe::{ApWps, ProbeRequest};
use super::sealed::{self, Sealer};
use super::secret::Secret;
use super::time::Time;
use super::timer::TimerTable;

pub use external::EXTERNAL_WAIT;
pub use pbc::PbcStatus;
use pbc::PushButton;
use pins::{PinKey, Pins};
use session::{AfterM3, AfterM5, Keyed, Mode, RunSecrets, Session, SessionState};

/// With no answer for this long the EAP server sends its last request again: EAP-WSC's
/// method hint, used as it is, without back-off (`eap_wsc_getTimeout`,
/// `eap_sm_calculateTimeout`).
pub const RETRANSMIT_AFTER: Duration = Duration::from_secs(5);
/// How many times it does (`sm->MaxRetrans`); at the next silence the session is given up
/// (TIMEOUT_FAILURE) and its PIN released.
pub use super::defs::MAX_RETRANSMITS;

/// The network the registrar hands over in M8.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkSettings {
    pub ssid: Vec<u8>,
    pub auth_type: u16,
    pub encr_type: u16,
    pub network_key: Secret<Vec<u8>>,
}

#[derive(Debug, Clone)]
pub struct RegistrarConfig {
    pub uuid_r: Uuid,
    pub mac: Mac,
    pub device: DeviceInfo,
    pub network: NetworkSettings,
    pub walk_time: Duration,
    /// The longest EAP-WSC method data of one frame; longer messages go in fragments
    /// (hostapd's `fragment_size`).
    pub fragment_size: usize,
    /// Bytes of the Diffie-Hellman private key drawn for each run (`dh::PRIVATE_LEN`, as
    /// hostapd's).
    pub dh_private_len: usize,
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

/// Everything that expires on the registrar's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// Push-button mode's walk time.
    Walk,
    /// A PIN typed with a timeout.
    Pin(PinKey),
    /// A session's retransmission timer.
    Session(Mac),
    /// A computer's Selected Registrar lapses (see [`external`]).
    ExternalSelection,
}

/// Handles one enrollee message; on failure hands the keys back so the NACK can be built.
type StepResult<S> = Result<(), (ProtocolError, Box<S>)>;

pub struct Registrar {
    config: RegistrarConfig,
    entropy: Box<dyn Entropy>,
    pbc: PushButton,
    pins: Pins,
    sessions: HashMap<Mac, Session>,
    timers: TimerTable<Timer>,
    last_result: LastResult,
    transmits: VecDeque<(Mac, Vec<u8>)>,
    events: VecDeque<Event>,
    /// External registrars listen (a computer subscribed over UPnP): see [`external`].
    external_listening: bool,
    /// Stations' messages for them: the station's address and the WSC body.
    for_external: VecDeque<(Mac, Vec<u8>)>,
    /// Messages of bare sessions (see [`Registrar::handle_wsc`]), to send to their station.
    wsc_out: VecDeque<(Mac, OpCode, Vec<u8>)>,
    /// A computer's Selected Registrar (UPnP SetSelectedRegistrar), advertised with the
    /// router's own: the device password it is for.
    external_selection: Option<DevicePasswordId>,
}

impl Registrar {
    pub fn new(config: RegistrarConfig, entropy: Box<dyn Entropy>) -> Self {
        let pbc = PushButton::new(config.walk_time);
        Registrar {
            config,
            entropy,
            pbc,
            pins: Pins::default(),
            sessions: HashMap::new(),
            timers: TimerTable::default(),
            last_result: LastResult::None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            external_listening: false,
            for_external: VecDeque::new(),
            wsc_out: VecDeque::new(),
            external_selection: None,
        }
    }

    pub fn config(&self) -> &RegistrarConfig {
        &self.config
    }

    // --- status, as `wps_get_status` and the beacon report it --------------------------

    pub fn pbc_status(&self) -> PbcStatus {
        self.pbc.status
    }

    pub fn last_result(&self) -> &LastResult {
        &self.last_result
    }

    /// When push-button mode ends, while it is on.
    pub fn pbc_deadline(&self) -> Option<Time> {
        self.timers.get(Timer::Walk)
    }

    /// Until when the router still counts another enrollee than `but` in push-button mode
    /// (hostapd's PBC monitor window): pushing before then is an overlap.
    pub fn other_pushers_until(&self, now: Time, but: Uuid) -> Option<Time> {
        self.pbc.others_until(now, but)
    }

    pub fn has_pin(&self) -> bool {
        !self.pins.is_empty()
    }

    /// "Selected Registrar" in the beacon: push-button mode or a PIN is waiting, here or at
    /// a computer that said so (hostapd's union of its own and the external registrars').
    pub fn selected(&self) -> bool {
        self.pbc.active || !self.pins.is_empty() || self.external_selection.is_some()
    }

    /// True while some enrollee is in the middle of an exchange.
    pub fn busy(&self) -> bool {
        self.sessions.values().any(|s| !matches!(s.state, SessionState::ExpectIdentity))
    }

    /// What the router's Beacon and Probe Response say about WPS now.
    pub fn advertised(&self) -> ApWps {
        let device_password_id = if self.pbc.active {
            Some(DevicePasswordId::PushButton)
        } else if self.pins.is_empty() {
            self.external_selection
        } else {
            Some(DevicePasswordId::Default)
        };
        ApWps {
            selected_registrar: self.selected(),
            device_password_id,
            setup_locked: false,
            config_methods: self.config.device.config_methods,
        }
    }

    // --- what the router's owner does --------------------------------------------------

    /// The router's WPS button (`wps_registrar_button_pushed`).
    pub fn push_button(&mut self, now: Time) -> Result<(), ButtonError> {
        if self.pbc.overlap(now, None) {
            self.pbc.status = PbcStatus::Overlap;
            self.events.push_back(Event::OverlapDetected);
            return Err(ButtonError::Overlap);
        }
        self.pbc.start();
        self.timers.set(Timer::Walk, now + self.config.walk_time);
        self.events.push_back(Event::PbcActive);
        Ok(())
    }

    /// A PIN typed at the router (`wps_registrar_add_pin`): for one enrollee, or any.
    /// A PIN ends push-button mode, silently: hostapd says no WPS-PBC-DISABLE and its
    /// status still reads "Active", but a push-button enrollee now hears M2D (seen running
    /// it: wps_pbc, then wps_pin).
    pub fn add_pin(&mut self, now: Time, pin: &[u8], uuid: Option<Uuid>, timeout: Option<Duration>) {
        self.pbc.active = false;
        self.pins.add(uuid, pin);
        match timeout {
            Some(t) => self.timers.set(Timer::Pin(uuid), now + t),
            None => self.timers.stop(Timer::Pin(uuid)),
        }
        self.events.push_back(Event::PinAdded { timeout });
    }

    /// New network settings for the credentials of later runs (hostapd reloading its
    /// configuration).
    pub fn set_network(&mut self, network: NetworkSettings) {
        self.config.network = network;
    }

    /// Stops push-button mode and forgets PINs (`WPS_CANCEL`).
    pub fn cancel(&mut self) {
        self.timers.stop(Timer::Walk);
        self.pbc.stop(PbcStatus::Disabled);
        if !self.pins.is_empty() {
            self.events.push_back(Event::PinRemoved { why: PinRemoval::Cancelled, remaining: 0 });
        }
        self.pins.clear();
        let pin_timers: Vec<Timer> =
            self.timers.iter().map(|(t, _)| t).filter(|t| matches!(t, Timer::Pin(_))).collect();
        for t in pin_timers {
            self.timers.stop(t);
        }
        self.events.push_back(Event::Cancel);
    }

    /// A probe request with a WPS IE (`wps_registrar_probe_req_rx`): push-button ones feed
    /// overlap detection. Returns the WPS part of the Probe Response.
    pub fn probe_request(&mut self, now: Time, probe: &ProbeRequest) -> ApWps {
        self.events.push_back(Event::EnrolleeSeen {
            mac: probe.mac,
            uuid_e: probe.uuid_e,
            primary_device_type: probe.primary_device_type,
            config_methods: probe.config_methods,
            device_password_id: probe.device_password_id,
            request_type: ProbeRequest::REQUEST_TYPE,
            device_name: message::printable(&probe.device_name),
        });
        if self.pbc.record_probe(now, probe) {
            self.events.push_back(Event::OverlapDetected);
        }
        self.advertised()
    }

    // --- driving it ----------------------------------------------------------------------

    pub fn poll_transmit(&mut self) -> Option<(Mac, Vec<u8>)> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        self.timers.next_timeout()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        for timer in self.timers.take_expired(now) {
            match timer {
                Timer::Session(mac) => self.retransmit(now, mac),
                Timer::ExternalSelection => self.external_selection_lapsed(),
                Timer::Walk => {
                    self.pbc.stop(PbcStatus::TimedOut);
                    self.events.push_back(Event::Timeout);
                }
                // The router's "add device by PIN" session ran out: hostapd says nothing
                // on its control interface, only in its debug log.
                Timer::Pin(key) => {
                    if self.pins.expire(key) {
                        let remaining = self.pins.len();
                        self.events.push_back(Event::PinRemoved { why: PinRemoval::Expired, remaining });
                    }
                }
            }
        }
    }

    /// One EAPOL frame from station `from`. Frames that do not parse or do not fit the
    /// session's state are refused without changing anything (the retransmission timer
    /// runs on: only a new request restarts it).
    pub fn handle_frame(&mut self, now: Time, from: Mac, bytes: &[u8]) -> Result<(), ProtocolError> {
        let result = self.on_frame(now, from, bytes);
        if let Some(session) = self.sessions.get_mut(&from)
            && std::mem::take(&mut session.sent_new)
        {
            self.timers.set(Timer::Session(from), now + RETRANSMIT_AFTER);
        }
        result
    }

    /// The station left (deauthenticated, either way): hostapd frees its EAP state with it,
    /// so nothing more is sent to it and its PIN is released, as after a timeout.
    pub fn station_left(&mut self, mac: Mac) {
        self.timers.stop(Timer::Session(mac));
        if let Some(session) = self.sessions.remove(&mac) {
            self.release_session_pin(&session);
            self.events.push_back(Event::SessionEnded { mac });
        }
    }

    /// No answer to a session's last request: send it again, or give the session up once
    /// hostapd would (TIMEOUT_FAILURE: `CTRL-EVENT-EAP-TIMEOUT-FAILURE`, no EAP-Failure; the
    /// access point then sends the station away).
    fn retransmit(&mut self, now: Time, mac: Mac) {
        let Some(session) = self.sessions.get_mut(&mac) else { return };
        if matches!(session.state, SessionState::AwaitExternal) {
            // Its timer was the wait for an external registrar, not a request's.
            self.external_timed_out(mac);
            return;
        }
        if session.retransmits < MAX_RETRANSMITS {
            session.retransmits += 1;
            let attempt = session.retransmits;
            self.transmits.push_back((mac, session.last_request.clone()));
            self.timers.set(Timer::Session(mac), now + RETRANSMIT_AFTER);
            self.events.push_back(Event::Retransmit { peer: mac, attempt });
        } else if let Some(session) = self.sessions.remove(&mac) {
            self.release_session_pin(&session);
            // eap_server.c's RETRANSMIT state counts this silence too and says so, though it
            // sends nothing more; then TIMEOUT_FAILURE (seen from hostapd 2.10 in tests/interop).
            self.events.push_back(Event::Retransmit { peer: mac, attempt: session.retransmits + 1 });
            self.events.push_back(Event::EapTimeoutFailure { mac });
            self.events.push_back(Event::SessionEnded { mac });
        }
    }

    fn on_frame(&mut self, now: Time, from: Mac, bytes: &[u8]) -> Result<(), ProtocolError> {
        let frame = Frame::parse(bytes)?;
        let eap = match frame {
            Frame::EapolStart => {
                if let Some(old) = self.sessions.remove(&from) {
                    self.release_session_pin(&old);
                    self.events.push_back(Event::SessionEnded { mac: from });
                }
                self.sessions.insert(from, Session::new());
                // eap_server.c: INITIALIZE, then PROPOSE_METHOD with Identity first.
                self.events.push_back(Event::EapStarted { mac: from });
                self.events.push_back(Event::EapProposedMethod { vendor: 0, method: EAP_TYPE_IDENTITY.into() });
                self.send_request(from, Frame::identity(EapCode::Request, 0, b""));
                return Ok(());
            }
            Frame::Eap(eap) => eap,
        };
        let Eap { code, id, payload } = eap;
        let session = self.sessions.get_mut(&from).filter(|s| !s.bare);
        let Some(session) = session else {
            return Err(ProtocolError::Unexpected { expected: &[Message::EapolStart], got: Message::EapFrom(from) });
        };
        if code != EapCode::Response || id != session.id {
            return Err(ProtocolError::Unexpected {
                expected: session.state.expects(),
                got: Message::Eap { code: code as u8, id },
            });
        }
        // Fragments first: each piece of a response is acknowledged with WSC_FRAG_ACK (a new
        // request), each WSC_FRAG_ACK from the enrollee fetches the next piece of ours.
        let payload = match payload {
            EapPayload::WscFragment { op, total, data } => {
                session.reassembly.fragment(op, total, &data)?;
                self.request_piece(from, EapPayload::Wsc { op: OpCode::FragAck, data: Vec::new() });
                return Ok(());
            }
            EapPayload::Wsc { op: OpCode::FragAck, .. } if !session.outgoing.is_empty() => {
                let next = session.outgoing.pop_front().expect("not empty");
                self.request_piece(from, next);
                return Ok(());
            }
            EapPayload::Wsc { op, data } if session.reassembly.active() => {
                EapPayload::Wsc { op, data: session.reassembly.finish(op, &data)? }
            }
            other => other,
        };
        self.on_payload(now, from, payload)
    }

    /// A whole message of a session, however it came (EAP, or bare from a computer's
    /// carrier): the registration's own steps.
    fn on_payload(&mut self, now: Time, from: Mac, payload: EapPayload) -> Result<(), ProtocolError> {
        let Some(session) = self.sessions.get_mut(&from) else { return Ok(()) };
        let state = std::mem::replace(&mut session.state, SessionState::ExpectIdentity);
        match (state, payload) {
            (SessionState::ExpectIdentity, EapPayload::Identity(identity)) => {
                if identity != IDENTITY_ENROLLEE.as_bytes() {
                    self.end_session(from);
                    return Ok(());
                }
                // The identity names the WPS enrollee: hostapd's eap_user entry for it proposes
                // the WFA's expanded method.
                self.events
                    .push_back(Event::EapProposedMethod { vendor: WFA_VENDOR, method: EAP_TYPE_EXPANDED.into() });
                self.request(from, OpCode::Start, Vec::new(), SessionState::ExpectM1);
                let secrets = RunSecrets::draw(self.entropy.as_mut(), self.config.dh_private_len);
                if let Some(session) = self.sessions.get_mut(&from) {
                    session.prepared = Some(Box::new(secrets));
                }
                self.events.push_back(Event::SessionStarted { mac: from });
                Ok(())
            }
            (SessionState::ExpectM1, EapPayload::Wsc { op: OpCode::Msg, data }) => self.on_m1(now, from, &data),
            (SessionState::ExpectAckAfterM2d, EapPayload::Wsc { op: OpCode::Ack, .. }) => {
                self.after_m2d_ack(now, from);
                Ok(())
            }
            (SessionState::ExpectNack, EapPayload::Wsc { op: OpCode::Nack, .. }) => {
                self.end_session(from);
                Ok(())
            }
            (SessionState::Relaying, EapPayload::Wsc { op, data })
                if matches!(op, OpCode::Msg | OpCode::Done | OpCode::Ack | OpCode::Nack) =>
            {
                self.relay_answer(now, from, op, data);
                Ok(())
            }
            (SessionState::ExpectM3(k), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                let result = self.on_m3(from, k, &data);
                self.guard(from, MsgType::M3, result)
            }
            (SessionState::ExpectM5(a), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                let result = self.on_m5(from, a, &data);
                self.guard(from, MsgType::M5, result)
            }
            (SessionState::ExpectM7(a), EapPayload::Wsc { op: OpCode::Msg, data }) => {
                let result = self.on_m7(from, a, &data);
                self.guard(from, MsgType::M7, result)
            }
            (SessionState::ExpectDone(k), EapPayload::Wsc { op: OpCode::Done, data }) => {
                self.on_done(now, from, k, &data)
            }
            (state, EapPayload::Wsc { op: OpCode::Nack, data }) if state.keyed().is_some() => {
                self.on_enrollee_nack(from, &state, &data);
                Ok(())
            }
            (state, payload) => {
                let expected = state.expects();
                if let Some(s) = self.sessions.get_mut(&from) {
                    s.state = state;
                }
                Err(ProtocolError::Unexpected { expected, got: payload.message() })
            }
        }
    }

    fn on_m1(&mut self, now: Time, from: Mac, body: &[u8]) -> Result<(), ProtocolError> {
        let m1 = match M1::parse(body) {
            Ok(m1) => m1,
            Err(e) => {
                // Neither nonce is known yet: the NACK carries zeros, as hostapd's does.
                self.nack_and_fail(from, MsgType::M1, ConfigError::NoError, &Nonce::default(), &Nonce::default());
                return Err(e.into());
            }
        };
        self.tell_external_m1(from, body);
        let prepared = self.sessions.get_mut(&from).and_then(|s| s.prepared.take());
        let secrets =
            prepared.unwrap_or_else(|| Box::new(RunSecrets::draw(self.entropy.as_mut(), self.config.dh_private_len)));
        let n2 = secrets.nonce;
        let password: Option<(Secret<Vec<u8>>, Mode)> = if m1.device_password_id == DevicePasswordId::PushButton {
            if !self.pbc.active {
                None
            } else if self.pbc.force_overlap || self.pbc.overlap(now, Some(m1.uuid_e)) {
                // Push-button mode stays on (hostapd keeps `force_pbc_overlap` until the
                // walk time ends), so every PBC enrollee meanwhile hears the same answer.
                self.pbc.force_overlap = true;
                self.pbc.status = PbcStatus::Overlap;
                self.events.push_back(Event::OverlapDetected);
                self.record_failure(MsgType::M1, ConfigError::MultiplePbcDetected);
                self.send_m2d(from, &m1, n2, ConfigError::MultiplePbcDetected);
                return Ok(());
            } else {
                Some((Secret::from(PBC_PASSWORD), Mode::PushButton))
            }
        } else {
            self.pins.take(&m1.uuid_e).map(|(pin, key)| (pin, Mode::Pin(key)))
        };
        let Some((password, mode)) = password else {
            if m1.device_password_id != DevicePasswordId::PushButton {
                self.events.push_back(Event::PinNeeded {
                    uuid_e: m1.uuid_e,
                    mac: m1.mac,
                    device: m1.device.hostapd_summary(),
                });
            }
            self.send_m2d(from, &m1, n2, ConfigError::NoError);
            return Ok(());
        };
        let RunSecrets { dh, s1: r_s1, s2: r_s2, ivs, .. } = *secrets;
        let Some(shared) = dh.shared_secret(&m1.public_key) else {
            self.release_pin(mode, false, false);
            self.nack_and_fail(from, MsgType::M1, ConfigError::NoError, &m1.enrollee_nonce, &n2);
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
            mode,
            psk1,
            psk2,
            r_s1,
            r_s2,
            ivs,
            last: body_m2.clone(),
        };
        self.request(from, OpCode::Msg, body_m2, SessionState::ExpectM3(Box::new(keyed)));
        self.events.push_back(Event::Step { sent: MsgType::M2, peer: from });
        Ok(())
    }

    /// A session dropped mid-run gives its PIN back (or invalidates it once M6 revealed it).
    fn release_session_pin(&mut self, session: &Session) {
        if let Some(k) = session.state.keyed() {
            self.release_pin(k.mode, session.state.revealed(), false);
        }
    }

    fn release_pin(&mut self, mode: Mode, revealed: bool, success: bool) {
        let Mode::Pin(key) = mode else { return };
        if let Some(why) = self.pins.release(key, revealed, success) {
            self.timers.stop(Timer::Pin(key));
            self.events.push_back(Event::PinRemoved { why, remaining: self.pins.len() });
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

    /// After a message handler: a failure sends WSC_NACK and records it. A push-button run
    /// caught up in an overlap is refused at its next message with configuration error 12.
    fn guard<S: Run>(&mut self, from: Mac, msg: MsgType, result: StepResult<S>) -> Result<(), ProtocolError> {
        result.map_err(|(error, run)| {
            let k = run.keyed();
            self.release_pin(k.mode, msg == MsgType::M7, false);
            if matches!(error, ProtocolError::WrongNonce { .. }) {
                // hostapd: WPS_FAILURE, EAP-Failure without a NACK.
                self.events.push_back(Event::ProcessingFailed { msg });
                self.end_session(from);
            } else {
                let (n1, n2) = (k.n1, k.n2);
                self.nack_and_fail(from, msg, error.config_error(), &n1, &n2);
            }
            error
        })
    }

    fn on_m3(&mut self, from: Mac, k: Box<Keyed>, body: &[u8]) -> StepResult<Keyed> {
        if let Some(refused) = self.refuse_overlapping(from, MsgType::M3, &k) {
            return refused;
        }
        let checked = sealed::open(&k.keys, MsgType::M3, &k.n2, &k.last, body, false)
            .and_then(|o| Ok((o.attrs.fixed(AttrType::EHash1)?, o.attrs.fixed(AttrType::EHash2)?)));
        let (e_hash1, e_hash2) = match checked {
            Ok(v) => v,
            Err(e) => return Err((e, k)),
        };
        let pk_r = *k.dh.public_key();
        let r_hash1 = k.keys.commitment(&k.r_s1, &k.psk1, &k.pk_e, &pk_r);
        let r_hash2 = k.keys.commitment(&k.r_s2, &k.psk2, &k.pk_e, &pk_r);
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce1, &k.r_s1[..]);
        let m4 = Sealer::new(&k.keys, MsgType::M4, &k.n1)
            .put(AttrType::RHash1, &r_hash1)
            .put(AttrType::RHash2, &r_hash2)
            .encrypted(&k.ivs[0], &inner)
            .seal(body);
        let keyed = Keyed { last: m4.clone(), ..*k };
        self.request(from, OpCode::Msg, m4, SessionState::ExpectM5(Box::new(AfterM3 { keyed, e_hash1, e_hash2 })));
        self.events.push_back(Event::Step { sent: MsgType::M4, peer: from });
        Ok(())
    }

    /// A push-button run while an overlap is flagged: WSC_NACK with configuration error 12.
    fn refuse_overlapping<S>(&mut self, from: Mac, msg: MsgType, k: &Keyed) -> Option<StepResult<S>> {
        if k.mode == Mode::PushButton && self.pbc.force_overlap {
            self.nack_and_fail(from, msg, ConfigError::MultiplePbcDetected, &k.n1, &k.n2);
            return Some(Ok(()));
        }
        None
    }

    /// M5 and M7: the enrollee proves one half of the password by revealing its secret
    /// nonce (E-S1, E-S2) in Encrypted Settings, which must match its E-Hash from M3.
    fn check_half(k: &Keyed, msg: MsgType, body: &[u8], e_hash: &[u8; 32]) -> Result<(), ProtocolError> {
        let opened = sealed::open(&k.keys, msg, &k.n2, &k.last, body, true)?;
        let inner = opened.settings.unwrap_or_default();
        let (attr, psk) =
            if msg == MsgType::M5 { (AttrType::ESnonce1, &k.psk1) } else { (AttrType::ESnonce2, &k.psk2) };
        let e_s: [u8; 16] = Attrs::parse(&inner)?.fixed(attr)?;
        if hashes_equal(&k.keys.commitment(&e_s, psk, &k.pk_e, k.dh.public_key()), e_hash) {
            Ok(())
        } else {
            Err(ProtocolError::PasswordMismatch { msg })
        }
    }

    fn on_m5(&mut self, from: Mac, a: Box<AfterM3>, body: &[u8]) -> StepResult<AfterM3> {
        if let Some(refused) = self.refuse_overlapping(from, MsgType::M5, &a.keyed) {
            return refused;
        }
        if let Err(e) = Self::check_half(&a.keyed, MsgType::M5, body, &a.e_hash1) {
            return Err((e, a));
        }
        let k = &a.keyed;
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce2, &k.r_s2[..]);
        let m6 = Sealer::new(&k.keys, MsgType::M6, &k.n1).encrypted(&k.ivs[1], &inner).seal(body);
        let AfterM3 { keyed, e_hash2, .. } = *a;
        let next = AfterM5 { keyed: Keyed { last: m6.clone(), ..keyed }, e_hash2 };
        self.request(from, OpCode::Msg, m6, SessionState::ExpectM7(Box::new(next)));
        self.events.push_back(Event::Step { sent: MsgType::M6, peer: from });
        Ok(())
    }

    fn on_m7(&mut self, from: Mac, a: Box<AfterM5>, body: &[u8]) -> StepResult<AfterM5> {
        if let Some(refused) = self.refuse_overlapping(from, MsgType::M7, &a.keyed) {
            return refused;
        }
        if let Err(e) = Self::check_half(&a.keyed, MsgType::M7, body, &a.e_hash2) {
            return Err((e, a));
        }
        let k = &a.keyed;
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
        let m8 = Sealer::new(&k.keys, MsgType::M8, &k.n1).encrypted(&k.ivs[2], &inner).seal(body);
        let keyed = Keyed { last: m8.clone(), ..a.keyed };
        self.request(from, OpCode::Msg, m8, SessionState::ExpectDone(Box::new(keyed)));
        self.events.push_back(Event::Step { sent: MsgType::M8, peer: from });
        Ok(())
    }

    fn on_done(&mut self, now: Time, from: Mac, k: Box<Keyed>, body: &[u8]) -> Result<(), ProtocolError> {
        let attrs = Attrs::parse(body)?;
        let n1: Nonce = attrs.fixed(AttrType::EnrolleeNonce)?;
        let n2: Nonce = attrs.fixed(AttrType::RegistrarNonce)?;
        if !hashes_equal(&n1, &k.n1) || !hashes_equal(&n2, &k.n2) {
            // A PIN revealed by M6 is not left for another try.
            self.release_pin(k.mode, true, false);
            self.events.push_back(Event::ProcessingFailed { msg: MsgType::Done });
            self.end_session(from);
            return Err(ProtocolError::WrongNonce { msg: MsgType::Done, attr: AttrType::RegistrarNonce });
        }
        self.events.push_back(Event::RegSuccess { mac: k.mac, uuid_e: k.uuid_e });
        if k.mode == Mode::PushButton {
            self.timers.stop(Timer::Walk);
            self.pbc.succeeded(now, k.uuid_e);
            self.events.push_back(Event::PbcDisable);
        }
        self.release_pin(k.mode, true, true);
        self.events.push_back(Event::Success);
        self.last_result = LastResult::Success { mac: k.mac };
        self.end_session(from);
        Ok(())
    }

    /// The enrollee refused our last message (a wrong PIN half shows up here).
    fn on_enrollee_nack(&mut self, from: Mac, state: &SessionState, body: &[u8]) {
        let Some(k) = state.keyed() else { return };
        let config_error =
            Attrs::parse(body).ok().and_then(|a| a.opt_u16(AttrType::ConfigError).ok().flatten()).unwrap_or(0);
        let config_error = ConfigError::from_u16(config_error);
        let msg = message::msg_type_of(&k.last).unwrap_or(MsgType::Unknown(0));
        let revealed = matches!(msg, MsgType::M6 | MsgType::M8);
        self.release_pin(k.mode, revealed, false);
        self.record_failure(msg, config_error);
        self.end_session(from);
    }

    fn record_failure(&mut self, msg: MsgType, config_error: ConfigError) {
        self.events.push_back(Event::Fail { msg, config_error, reason: None });
        self.last_result = LastResult::Failed { msg, config_error };
    }

    fn nack_and_fail(&mut self, from: Mac, msg: MsgType, config_error: ConfigError, n1: &Nonce, n2: &Nonce) {
        self.record_failure(msg, config_error);
        let nack = build_status(MsgType::Nack, n1, n2, Some(config_error.to_u16()));
        self.request(from, OpCode::Nack, nack, SessionState::ExpectNack);
    }

    /// Sends the next EAP-Request of a session (or, in a bare one, the next message) and
    /// moves it to `next`.
    fn request(&mut self, to: Mac, op: OpCode, body: Vec<u8>, next: SessionState) {
        let session = self.sessions.entry(to).or_insert_with(Session::new);
        session.state = next;
        if session.bare {
            self.wsc_out.push_back((to, op, body));
            return;
        }
        let mut pieces = fragment::split(op, body, self.config.fragment_size);
        let first = pieces.pop_front().expect("split gives at least one piece");
        session.outgoing = pieces;
        session.reassembly = Reassembly::default();
        self.request_piece(to, first);
    }

    /// One EAP-Request under the session's next identifier: a whole message, a fragment,
    /// or WSC_FRAG_ACK.
    fn request_piece(&mut self, to: Mac, payload: EapPayload) {
        let session = self.sessions.entry(to).or_insert_with(Session::new);
        session.id = session.id.wrapping_add(1);
        let frame = Frame::Eap(Eap { code: EapCode::Request, id: session.id, payload });
        self.send_request(to, frame);
    }

    /// A new EAP-Request: kept to send again, its retransmission timer set by `handle_frame`.
    fn send_request(&mut self, to: Mac, frame: Frame) {
        let bytes = frame.to_bytes_with_version(EAPOL_VERSION_AP);
        if let Some(session) = self.sessions.get_mut(&to) {
            session.last_request = bytes.clone();
            session.retransmits = 0;
            session.sent_new = true;
        }
        self.transmits.push_back((to, bytes));
    }

    /// EAP-WSC always ends in EAP-Failure, even after a success.
    fn end_session(&mut self, to: Mac) {
        if let Some(session) = self.sessions.remove(&to) {
            self.timers.stop(Timer::Session(to));
            if session.bare {
                // No EAP around it: the run just ends.
                self.events.push_back(Event::SessionEnded { mac: to });
                return;
            }
            self.send(to, Frame::failure(session.id));
            self.events.push_back(Event::EapFailure { mac: to });
            self.events.push_back(Event::SessionEnded { mac: to });
        }
    }

    fn send(&mut self, to: Mac, frame: Frame) {
        self.transmits.push_back((to, frame.to_bytes_with_version(EAPOL_VERSION_AP)));
    }
}

/// A run's state past M2: gives access to its keys for the NACK.
trait Run {
    fn keyed(&self) -> &Keyed;
}

impl Run for Keyed {
    fn keyed(&self) -> &Keyed {
        self
    }
}

impl Run for AfterM3 {
    fn keyed(&self) -> &Keyed {
        &self.keyed
    }
}

impl Run for AfterM5 {
    fn keyed(&self) -> &Keyed {
        &self.keyed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wps::enrollee::{Outcome, Password};
    use crate::wps::testing::{Way, lossy_exchange, machines, machines_with, message_of};

    fn events(registrar: &mut Registrar) -> Vec<Event> {
        std::iter::from_fn(|| registrar.poll_event()).collect()
    }

    /// The enrollee's M3 is lost: after 5 s the registrar sends M2 again, byte for byte; the
    /// enrollee has answered that M2 already and sends the same M3 again; the run succeeds.
    #[test]
    fn a_lost_answer_is_recovered_by_the_repeated_request() {
        let (mut enrollee, mut registrar) = machines(5);
        registrar.push_button(Time::ZERO).unwrap();
        enrollee.start(Time::ZERO, Password::PushButton);
        let (mut m2s, mut m3s, mut lost) = (Vec::new(), Vec::new(), false);
        let end = lossy_exchange(&mut enrollee, &mut registrar, Time::ZERO, Time::from_secs(60), |way, f| {
            match (way, message_of(f)) {
                (Way::ToEnrollee, Some(MsgType::M2)) => m2s.push(f.to_vec()),
                (Way::ToRegistrar, Some(MsgType::M3)) => {
                    m3s.push(f.to_vec());
                    if !lost {
                        lost = true;
                        return true;
                    }
                }
                _ => {}
            }
            false
        });
        assert!(matches!(enrollee.outcome(), Some(Outcome::Connected(_))), "{:?}", enrollee.outcome());
        assert_eq!(m2s.len(), 2, "M2 sent twice");
        assert_eq!(m2s[0], m2s[1], "the retransmission is the same frame");
        assert_eq!(m3s.len(), 2, "M3 sent twice");
        assert_eq!(m3s[0], m3s[1], "the enrollee answers with its last response, not a new one");
        assert!(end >= RETRANSMIT_AFTER, "the retry waited for the timer: {end:?}");
        let said = events(&mut registrar);
        assert_eq!(said.iter().filter(|e| matches!(e, Event::Retransmit { attempt: 1, .. })).count(), 1);
        assert!(said.contains(&Event::Success), "{said:?}");
        let enrollee_said: Vec<Event> = std::iter::from_fn(|| enrollee.poll_event()).collect();
        assert!(enrollee_said.iter().any(|e| matches!(e, Event::AnsweredAgain { .. })), "{enrollee_said:?}");
    }

    /// The registrar's M4 is lost: the retransmitted M4 is new to the enrollee.
    #[test]
    fn a_lost_request_is_sent_again() {
        let (mut enrollee, mut registrar) = machines(6);
        registrar.add_pin(Time::ZERO, b"12345670", None, None);
        enrollee.start(Time::ZERO, Password::Pin(b"12345670".to_vec()));
        let mut m4s = 0;
        lossy_exchange(&mut enrollee, &mut registrar, Time::ZERO, Time::from_secs(60), |way, f| {
            if way == Way::ToEnrollee && message_of(f) == Some(MsgType::M4) {
                m4s += 1;
                return m4s == 1;
            }
            false
        });
        assert_eq!(m4s, 2);
        assert!(matches!(enrollee.outcome(), Some(Outcome::Connected(_))), "{:?}", enrollee.outcome());
    }

    /// Silence after M2: two retransmissions 5 s apart (hostapd's MaxRetrans), then the
    /// session is given up at 15 s with CTRL-EVENT-EAP-TIMEOUT-FAILURE and without
    /// EAP-Failure, and the PIN goes back to the table for another try.
    #[test]
    fn silence_ends_the_session_after_two_retransmissions() {
        let (mut enrollee, mut registrar) = machines(7);
        registrar.add_pin(Time::ZERO, b"12345670", None, None);
        enrollee.start(Time::ZERO, Password::Pin(b"12345670".to_vec()));
        let mut heard_m2 = false;
        let mut after_m2 = Vec::new();
        lossy_exchange(&mut enrollee, &mut registrar, Time::ZERO, Time::from_secs(100), |way, f| {
            if heard_m2 && way == Way::ToEnrollee {
                after_m2.push(f.to_vec());
            }
            if message_of(f) == Some(MsgType::M2) {
                heard_m2 = true;
            }
            heard_m2
        });
        let said = events(&mut registrar);
        let retransmits: Vec<u8> = said
            .iter()
            .filter_map(|e| if let Event::Retransmit { attempt, .. } = e { Some(*attempt) } else { None })
            .collect();
        assert_eq!(retransmits, [1, 2, 3], "hostapd says it at the third silence too");
        assert_eq!(after_m2.len(), 2, "three M2s in all: {}", after_m2.len());
        let failed = said.iter().position(|e| matches!(e, Event::EapTimeoutFailure { .. }));
        let ended = said.iter().position(|e| matches!(e, Event::SessionEnded { .. }));
        assert!(failed.is_some() && failed < ended, "TIMEOUT-FAILURE, then the session ends: {said:?}");
        assert!(after_m2.iter().all(|f| message_of(f) == Some(MsgType::M2)), "only M2 again, no EAP-Failure");
        assert!(said.iter().any(|e| matches!(e, Event::SessionEnded { .. })), "{said:?}");
        assert!(registrar.has_pin(), "the PIN was never proved: it stays for another try");
    }

    /// Both sides fragment at 100 bytes: every message longer than that crosses in pieces,
    /// each acknowledged, and the run ends as it would whole. A lost fragment is sent again.
    #[test]
    fn fragmented_messages_cross_both_ways() {
        let (mut enrollee, mut registrar) = machines_with(8, 100);
        registrar.add_pin(Time::ZERO, b"12345670", None, None);
        enrollee.start(Time::ZERO, Password::Pin(b"12345670".to_vec()));
        let mut frames: Vec<(Way, String)> = Vec::new();
        let mut lost_one = false;
        lossy_exchange(&mut enrollee, &mut registrar, Time::ZERO, Time::from_secs(60), |way, f| {
            assert!(f.len() <= 8 + 4 + 100 + 5, "a frame of {} bytes on a 100-byte link", f.len());
            let name = crate::wps::eap::Frame::parse(f).unwrap().to_string();
            frames.push((way, name.clone()));
            // The second fragment of M2 is lost once: the registrar sends it again.
            if !lost_one && way == Way::ToEnrollee && name == "WSC_MSG (fragment)" {
                lost_one = true;
                return true;
            }
            false
        });
        assert!(matches!(enrollee.outcome(), Some(Outcome::Connected(_))), "{:?}", enrollee.outcome());
        let names: Vec<&str> = frames.iter().map(|(_, n)| n.as_str()).collect();
        assert!(names.iter().any(|n| n.starts_with("M1 (fragment 1,")), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("M2 (fragment 1,")), "{names:?}");
        assert!(names.contains(&"WSC_MSG (last fragment)"), "{names:?}");
        let acks = frames.iter().filter(|(_, n)| n == "WSC_FRAG_ACK").count();
        let fragments = frames.iter().filter(|(_, n)| n.contains("fragment")).count();
        // One acknowledgement for every piece but the last of each message (and the lost
        // piece is acknowledged only when it arrives).
        assert!(acks > 10 && acks < fragments, "{acks} acks for {fragments} pieces: {names:?}");
    }

    /// As hostapd does (run by hand: wps_pbc, then wps_pin): a PIN ends push-button mode
    /// without a word (a push-button station on a wire then hears M2D), the beacon stops
    /// advertising push button, and the walk timer still runs out with WPS-TIMEOUT.
    #[test]
    fn a_pin_silently_ends_push_button_mode() {
        let (_, mut registrar) = machines(9);
        registrar.push_button(Time::ZERO).unwrap();
        registrar.add_pin(Time::ZERO, b"12345670", None, None);
        let said = events(&mut registrar);
        assert!(!said.contains(&Event::PbcDisable), "{said:?}");
        assert_eq!(registrar.advertised().device_password_id, Some(DevicePasswordId::Default));
        registrar.handle_timeout(Time::from_secs(120));
        assert!(events(&mut registrar).contains(&Event::Timeout));
        assert!(registrar.has_pin(), "the PIN outlives push-button mode");
    }

    /// The configuration error a WSC_NACK carries.
    fn nack_error(frame: &[u8]) -> Option<u16> {
        let parsed = Frame::parse(frame).ok()?;
        let (_, body) = parsed.wsc_data()?;
        Attrs::parse(body).ok()?.opt_u16(AttrType::ConfigError).ok()?
    }

    /// An overlap flagged mid-run: the registrar refuses M3 with WSC_NACK error 12, and the
    /// enrollee's own NACK says 0 (its own error, not an echo of the registrar's). Every
    /// frame the registrar sends is EAPOL version 2, as hostapd's.
    #[test]
    fn the_enrollee_nacks_with_its_own_error_and_the_router_speaks_eapol_2() {
        let (mut enrollee, mut registrar) = machines(11);
        registrar.push_button(Time::ZERO).unwrap();
        enrollee.start(Time::ZERO, Password::PushButton);
        let mut versions = Vec::new();
        lossy_exchange(&mut enrollee, &mut registrar, Time::ZERO, Time::from_secs(60), |way, f| {
            if way == Way::ToEnrollee {
                versions.push(f[0]);
            }
            false
        });
        assert!(matches!(enrollee.outcome(), Some(Outcome::Connected(_))));
        assert!(versions.iter().all(|v| *v == 2) && !versions.is_empty(), "{versions:?}");
        let other = ProbeRequest {
            mac: Mac([0x02, 7, 7, 7, 7, 7]),
            uuid_e: Uuid([7; 16]),
            device_password_id: DevicePasswordId::PushButton,
            primary_device_type: [0; 8],
            config_methods: 0,
            device_name: b"Other".to_vec(),
        };
        // A second push-button device probes after M2 went out: the overlap is flagged mid-run.
        let (mut enrollee, mut registrar) = machines(12);
        registrar.push_button(Time::ZERO).unwrap();
        enrollee.start(Time::ZERO, Password::PushButton);
        let t = crate::wps::testing::exchange(&mut enrollee, &mut registrar, Time::ZERO, |e| {
            e.phase() == crate::wps::enrollee::Phase::Exchanging(3)
        });
        registrar.probe_request(t, &other);
        let mut nacks = Vec::new();
        lossy_exchange(&mut enrollee, &mut registrar, t, Time::from_secs(60), |way, f| {
            if message_of(f) == Some(MsgType::Nack) {
                nacks.push((way, nack_error(f)));
            }
            false
        });
        assert_eq!(nacks, [(Way::ToEnrollee, Some(12)), (Way::ToRegistrar, Some(0))]);
        assert!(matches!(
            enrollee.outcome(),
            Some(Outcome::Failed { config_error: ConfigError::MultiplePbcDetected, .. })
        ));
    }

    /// hostapd sets only the errors it names (12, 15, 18, 20): a Key Wrap failure is 0.
    #[test]
    fn a_key_wrap_failure_is_not_configuration_error_2() {
        assert_eq!(ProtocolError::KeyWrap { msg: MsgType::M5 }.config_error(), ConfigError::NoError);
        assert_eq!(
            ProtocolError::PasswordMismatch { msg: MsgType::M5 }.config_error(),
            ConfigError::DevPasswordAuthFailure
        );
    }
}
