//! The enrollee: the printer's side of the registration (`wps_enrollee.c`, and the
//! walk timer and retries wpa_supplicant adds around it).
//!
//! Driven like quinn-proto: `handle_frame(now, bytes)`, `handle_timeout(now)`, then
//! `poll_transmit()`, `poll_event()` and `poll_timeout()`. Nothing here sleeps or reads a clock.

use std::collections::VecDeque;
use std::time::Duration;
use zeroize::Zeroizing;

use super::attr::{AttrWriter, Attrs};
use super::crypto::{RunSecrets, SessionKeys, dh::KEY_LEN, hashes_equal};
use super::defs::{
    AttrType, ConfigError, DevicePasswordId, IDENTITY_ENROLLEE, MsgType, OpCode, PBC_PASSWORD, WFA_VENDOR, encr,
};
use super::eap::{Eap, EapCode, EapPayload, Frame, WSC_VENDOR_TYPE};
use super::entropy::Entropy;
use super::error::{CredentialRefusal, Message, ParseError, ProtocolError};
use super::event::{ErrorIndication, Event};
use super::fragment::{self, Reassembly};
use super::message::{self, Credential, DeviceInfo, M1, M2, Mac, Nonce, Uuid, build_status, version2_ext};
use super::probe::{ProbeRequest, ProbeResponse};
use super::sealed::{self, Sealer};
use super::time::Time;
use super::timer::TimerTable;

/// The device password the printer uses.
#[derive(Clone, PartialEq, Eq)]
pub enum Password {
    PushButton,
    /// Any byte string: the checksum is the UI's business, not the protocol's. Wiped when
    /// dropped.
    Pin(Vec<u8>),
}

impl Drop for Password {
    fn drop(&mut self) {
        if let Password::Pin(p) = self {
            zeroize::Zeroize::zeroize(p);
        }
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Password::PushButton => f.write_str("PushButton"),
            Password::Pin(_) => f.write_str("Pin(..)"),
        }
    }
}

impl Password {
    pub fn device_password_id(&self) -> DevicePasswordId {
        match self {
            Password::PushButton => DevicePasswordId::PushButton,
            Password::Pin(_) => DevicePasswordId::Default,
        }
    }
    pub fn bytes(&self) -> &[u8] {
        match self {
            Password::PushButton => PBC_PASSWORD,
            Password::Pin(p) => p,
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnrolleeConfig {
    pub uuid_e: Uuid,
    pub mac: Mac,
    pub device: DeviceInfo,
    /// How long one WPS attempt lasts: the walk time, or a PIN's validity.
    pub walk_time: Duration,
    /// Pause between scans, and before associating again after "not yet" (M2D).
    pub retry_delay: Duration,
    /// How long to wait for the router to answer EAPOL-Start before scanning again.
    pub answer_timeout: Duration,
    /// The longest EAP-WSC method data of one frame; longer messages go in fragments
    /// (wpa_supplicant's `fragment_size`).
    pub fragment_size: usize,
    /// Bytes of the Diffie-Hellman private key drawn for each run (`dh::PRIVATE_LEN`, as
    /// wpa_supplicant's; 192 for implementations that use the full length).
    pub dh_private_len: usize,
    /// What carries the frames: on a radio the printer scans before it talks; on a wire
    /// (802.1X, as wpa_supplicant's `wired` driver) the authenticator is always there.
    pub link: Link,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Radio,
    Wire,
}

/// What the enrollee puts on the air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    Probe(ProbeRequest),
    /// Associate with this router for WPS (the link layer's job: Authentication, then an
    /// Association Request with the WPS element); [`Enrollee::associated`] says when done.
    Associate(Mac),
    Frame(Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Connected(Credential),
    Failed { msg: MsgType, config_error: ConfigError, reason: Option<ErrorIndication> },
    Overlap,
    TimedOut,
    Cancelled,
}

/// A coarse view of the state, for LEDs and status lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Idle,
    /// Looking for a router in WPS mode and associating with it.
    Searching,
    /// In the registration exchange; the number is the last message seen (1..=8).
    Exchanging(u8),
    Finished,
}

/// Secrets of one run: N1, DH private key, E-S1, E-S2, the IVs of M5 and M7.
type Secrets = RunSecrets<2>;

/// Everything known once M2 has been accepted.
struct Keyed {
    secrets: Secrets,
    keys: SessionKeys,
    n2: Nonce,
    pk_r: [u8; KEY_LEN],
    psk1: Zeroizing<[u8; 16]>,
    psk2: Zeroizing<[u8; 16]>,
    /// The previous message body, which the next Authenticator covers.
    last: Vec<u8>,
}

impl Keyed {
    /// R-S1 or R-S2 against the R-Hash the registrar committed to in M4.
    fn proves(&self, r_s: &[u8; 16], psk: &[u8; 16], r_hash: &[u8; 32]) -> bool {
        let pk_e = *self.secrets.dh.public_key();
        hashes_equal(&self.keys.commitment(r_s, psk, &pk_e, &self.pk_r), r_hash)
    }
}

/// After M4: the registrar's commitment to the second half, checked when M6 reveals R-S2.
struct AfterM4 {
    keyed: Keyed,
    r_hash2: [u8; 32],
}

enum State {
    Idle,
    /// Probing for a router in WPS mode (the scan timer sends the next probe).
    Scanning,
    /// A router fits: associating with it before EAPOL-Start (the answer timer rescans).
    Associating,
    /// EAPOL-Start sent; the answer timer rescans if the router stays silent.
    ExpectIdentity,
    ExpectStart,
    ExpectM2 {
        secrets: Box<Secrets>,
        m1: Vec<u8>,
    },
    ExpectM4(Box<Keyed>),
    ExpectM6(Box<AfterM4>),
    ExpectM8(Box<Keyed>),
    /// The router said "not yet" (M2D) and the printer acknowledged it. Another M2 or M2D
    /// may still come (an external registrar's, relayed by the router: wpa_supplicant goes
    /// back to RECV_M2); EAP-Failure ends the round: with a PIN the printer tries again, with
    /// push button it gives up.
    AfterM2d {
        secrets: Box<Secrets>,
        m1: Vec<u8>,
        config_error: u16,
    },
    Finished(Outcome),
}

impl State {
    /// What this state waits for (nothing, idle or finished).
    fn expects(&self) -> &'static [Message] {
        match self {
            State::Idle | State::Finished(_) => &[],
            State::Scanning => &[Message::ProbeResponse],
            State::Associating => &[Message::Association],
            State::ExpectIdentity => &[Message::Identity],
            State::ExpectStart => &[Message::WscStart],
            State::ExpectM2 { .. } => &[Message::Wsc(MsgType::M2), Message::Wsc(MsgType::M2D)],
            State::ExpectM4(_) => &[Message::Wsc(MsgType::M4)],
            State::ExpectM6(_) => &[Message::Wsc(MsgType::M6)],
            State::ExpectM8(_) => &[Message::Wsc(MsgType::M8)],
            State::AfterM2d { .. } => &[Message::Wsc(MsgType::M2), Message::Wsc(MsgType::M2D), Message::EapFailure],
        }
    }

    /// N1 and N2 of the run so far, for a WSC_NACK.
    fn nonces(&self) -> Option<(Nonce, Option<Nonce>)> {
        match self {
            State::ExpectM2 { secrets, .. } | State::AfterM2d { secrets, .. } => Some((secrets.nonce, None)),
            State::ExpectM4(k) | State::ExpectM8(k) => Some((k.secrets.nonce, Some(k.n2))),
            State::ExpectM6(a) => Some((a.keyed.secrets.nonce, Some(a.keyed.n2))),
            _ => None,
        }
    }
}

/// Everything that expires on the enrollee's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// The attempt's walk time (or the PIN's validity).
    Walk,
    /// The next probe while scanning.
    Scan,
    /// How long to wait for EAP-Request/Identity after EAPOL-Start.
    Answer,
}

pub struct Enrollee {
    config: EnrolleeConfig,
    entropy: Box<dyn Entropy>,
    state: State,
    password: Password,
    /// How many times WPS was started: which attempt the frames now belong to.
    attempts: u32,
    timers: TimerTable<Timer>,
    /// The router this attempt associated with.
    bssid: Mac,
    /// The last request answered and the answer, to answer a retransmission of it the same
    /// way (RFC 3748 4.1; wpa_supplicant compares the identifier and the request's hash).
    answered: Option<(Vec<u8>, Vec<u8>)>,
    /// The next run's nonce and key pair, made when WPS starts (and again after each run
    /// that did not finish), so M1 does not wait for the exponentiation.
    prepared: Option<Box<Secrets>>,
    /// A request arriving in fragments, and the rest of a response going out in them.
    reassembly: Reassembly,
    outgoing: VecDeque<EapPayload>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<Event>,
}

/// A failed step: why, and the registrar's nonce if the message told it.
type Failure = (ProtocolError, Option<Nonce>);

impl Enrollee {
    pub fn new(config: EnrolleeConfig, entropy: Box<dyn Entropy>) -> Self {
        Enrollee {
            config,
            entropy,
            state: State::Idle,
            password: Password::PushButton,
            attempts: 0,
            timers: TimerTable::default(),
            bssid: Mac::default(),
            answered: None,
            prepared: None,
            reassembly: Reassembly::default(),
            outgoing: VecDeque::new(),
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    /// How many times WPS was started on it (0: never).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    pub fn config(&self) -> &EnrolleeConfig {
        &self.config
    }

    /// Starts a WPS attempt (push button held, or PIN shown) and its walk timer.
    pub fn start(&mut self, now: Time, password: Password) {
        let walk_time = self.config.walk_time;
        self.start_for(now, password, walk_time);
    }

    /// Like [`Enrollee::start`], lasting `walk_time` (a PIN's validity, say).
    pub fn start_for(&mut self, now: Time, password: Password, walk_time: Duration) {
        self.events.push_back(match password {
            Password::PushButton => Event::PbcActive,
            Password::Pin(_) => Event::PinActive,
        });
        self.password = password;
        self.attempts += 1;
        self.prepared = Some(Box::new(Secrets::draw(self.entropy.as_mut(), self.config.dh_private_len)));
        self.timers.clear();
        self.timers.set(Timer::Walk, now + walk_time);
        self.timers.set(Timer::Scan, now);
        self.state = State::Scanning;
        self.handle_timeout(now);
    }

    /// Stops the attempt (Cancel pressed, PIN dismissed).
    pub fn cancel(&mut self) {
        if !matches!(self.state, State::Idle | State::Finished(_)) {
            self.events.push_back(Event::Cancel);
            self.finish(Outcome::Cancelled);
        }
    }

    /// The keys of the run under way, once M2 has been accepted (for a tool that shows what
    /// the encrypted attributes hold, as wpa_supplicant's debug log does).
    pub fn session_keys(&self) -> Option<&SessionKeys> {
        match &self.state {
            State::ExpectM4(k) | State::ExpectM8(k) => Some(&k.keys),
            State::ExpectM6(a) => Some(&a.keyed.keys),
            _ => None,
        }
    }

    pub fn phase(&self) -> Phase {
        match &self.state {
            State::Idle => Phase::Idle,
            State::Scanning
            | State::Associating
            | State::ExpectIdentity
            | State::ExpectStart
            | State::AfterM2d { .. } => Phase::Searching,
            State::ExpectM2 { .. } => Phase::Exchanging(1),
            State::ExpectM4(_) => Phase::Exchanging(3),
            State::ExpectM6(_) => Phase::Exchanging(5),
            State::ExpectM8(_) => Phase::Exchanging(7),
            State::Finished(_) => Phase::Finished,
        }
    }

    pub fn outcome(&self) -> Option<&Outcome> {
        match &self.state {
            State::Finished(o) => Some(o),
            _ => None,
        }
    }

    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    /// The next instant `handle_timeout` has work to do.
    pub fn poll_timeout(&self) -> Option<Time> {
        self.timers.next_timeout()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        for timer in self.timers.take_expired(now) {
            match timer {
                Timer::Walk => {
                    self.events.push_back(Event::StationTimeout);
                    self.finish(Outcome::TimedOut);
                    return;
                }
                Timer::Scan | Timer::Answer => self.probe(now),
            }
        }
    }

    /// The probe carries UUID-E and the Device Password ID: what overlap detection counts.
    /// On a wire there is nothing to scan: the printer says EAPOL-Start again.
    fn probe(&mut self, now: Time) {
        if self.config.link == Link::Wire {
            self.eapol_start(now);
            return;
        }
        self.transmits.push_back(Transmit::Probe(ProbeRequest {
            mac: self.config.mac,
            uuid_e: self.config.uuid_e,
            device_password_id: self.password.device_password_id(),
            primary_device_type: self.config.device.primary_device_type,
            config_methods: self.config.device.config_methods,
            device_name: self.config.device.device_name.clone(),
        }));
        self.scan_again_at(now + self.config.retry_delay);
    }

    fn scan_again_at(&mut self, at: Time) {
        self.timers.stop(Timer::Answer);
        self.timers.set(Timer::Scan, at);
        self.state = State::Scanning;
    }

    fn finish(&mut self, outcome: Outcome) {
        self.timers.clear();
        self.state = State::Finished(outcome);
    }

    /// A router answered a probe. In push-button mode the printer associates only with a
    /// router whose push-button mode is on; with a PIN, with any router offering WPS.
    pub fn handle_probe_response(&mut self, now: Time, response: &ProbeResponse) {
        if !matches!(self.state, State::Scanning) {
            return;
        }
        let Some(wps) = response.wps else { return };
        let fits = match self.password {
            Password::PushButton => {
                wps.selected_registrar && wps.device_password_id == Some(DevicePasswordId::PushButton)
            }
            Password::Pin(_) => !wps.setup_locked || wps.selected_registrar,
        };
        if fits {
            self.bssid = response.bssid;
            self.transmits.push_back(Transmit::Associate(response.bssid));
            self.timers.stop(Timer::Scan);
            self.timers.set(Timer::Answer, now + self.config.answer_timeout);
            self.state = State::Associating;
        }
    }

    /// The association for WPS is made: the registration starts with EAPOL-Start.
    pub fn associated(&mut self, now: Time) {
        if matches!(self.state, State::Associating) {
            self.eapol_start(now);
        }
    }

    fn eapol_start(&mut self, now: Time) {
        // A new conversation: identifiers start over, half-sent messages are dropped.
        self.answered = None;
        self.reassembly = Reassembly::default();
        self.outgoing.clear();
        self.transmits.push_back(Transmit::Frame(Frame::EapolStart.to_bytes()));
        self.timers.stop(Timer::Scan);
        self.timers.set(Timer::Answer, now + self.config.answer_timeout);
        self.state = State::ExpectIdentity;
    }

    /// On a wire: the authenticator that sent the first request, so the events name it.
    pub fn heard_from(&mut self, peer: Mac) {
        self.bssid = peer;
    }

    /// One EAPOL frame from the router. Frames that do not parse, or that this state does
    /// not expect, are refused without changing anything; a bad message of the expected
    /// kind ends the attempt with a WSC_NACK, as hostapd does.
    pub fn handle_frame(&mut self, now: Time, bytes: &[u8]) -> Result<(), ProtocolError> {
        if let Some((request, response)) = &self.answered
            && request == bytes
        {
            self.transmits.push_back(Transmit::Frame(response.clone()));
            self.events.push_back(Event::AnsweredAgain { peer: self.bssid });
            return Ok(());
        }
        let queued = self.transmits.len();
        let result = self.on_pieces(now, bytes);
        // Whatever this request was answered with (a NACK too) is the answer to its repeat.
        if self.transmits.len() > queued
            && let Some(Transmit::Frame(response)) = self.transmits.back()
            && bytes.get(4) == Some(&(EapCode::Request as u8))
        {
            self.answered = Some((bytes.to_vec(), response.clone()));
        }
        result
    }

    /// Fragments first: each piece of a request is acknowledged, the whole request goes on
    /// to [`Self::on_frame`]; each WSC_FRAG_ACK fetches the next piece of our response.
    fn on_pieces(&mut self, now: Time, bytes: &[u8]) -> Result<(), ProtocolError> {
        let Ok(Frame::Eap(Eap { code: EapCode::Request, id, payload })) = Frame::parse(bytes) else {
            return self.on_frame(now, bytes);
        };
        match payload {
            EapPayload::WscFragment { op, total, data } => {
                self.reassembly.fragment(op, total, &data)?;
                self.send(Frame::wsc(EapCode::Response, id, OpCode::FragAck, Vec::new()));
                Ok(())
            }
            EapPayload::Wsc { op: OpCode::FragAck, .. } => match self.outgoing.pop_front() {
                Some(payload) => {
                    self.transmits.push_back(Transmit::Frame(
                        Frame::Eap(Eap { code: EapCode::Response, id, payload }).to_bytes(),
                    ));
                    Ok(())
                }
                None => Err(self.unexpected(Message::Fragment(OpCode::FragAck))),
            },
            EapPayload::Wsc { op, data } if self.reassembly.active() => {
                let whole = self.reassembly.finish(op, &data)?;
                self.on_frame(now, &Frame::wsc(EapCode::Request, id, op, whole).to_bytes())
            }
            _ => self.on_frame(now, bytes),
        }
    }

    fn on_frame(&mut self, now: Time, bytes: &[u8]) -> Result<(), ProtocolError> {
        let frame = Frame::parse(bytes)?;
        let Frame::Eap(Eap { code, id, payload }) = frame else {
            return Err(self.unexpected(Message::EapolStart));
        };
        if code == EapCode::Failure {
            self.on_eap_failure(now);
            return Ok(());
        }
        if code != EapCode::Request {
            return Err(self.unexpected(Message::Eap { code: code as u8, id }));
        }
        match payload {
            EapPayload::Identity(_) => {
                if !matches!(self.state, State::ExpectIdentity) {
                    return Err(self.unexpected(Message::Identity));
                }
                self.timers.stop(Timer::Answer);
                self.events.push_back(Event::EapPeerStarted);
                self.send(Frame::identity(EapCode::Response, id, IDENTITY_ENROLLEE.as_bytes()));
                self.state = State::ExpectStart;
                Ok(())
            }
            EapPayload::Wsc { op: OpCode::Start, .. } => {
                if !matches!(self.state, State::ExpectStart) {
                    return Err(self.unexpected(Message::WscStart));
                }
                // eap_peer/eap.c: the proposed method accepted, then selected.
                self.events.push_back(Event::EapProposedMethod { vendor: WFA_VENDOR, method: WSC_VENDOR_TYPE });
                self.events.push_back(Event::EapMethodSelected);
                let secrets = match self.prepared.take() {
                    Some(ready) => ready,
                    None => Box::new(Secrets::draw(self.entropy.as_mut(), self.config.dh_private_len)),
                };
                let m1 = self.build_m1(&secrets);
                self.send_wsc(id, OpCode::Msg, m1.clone());
                self.events.push_back(Event::Step { sent: MsgType::M1, peer: self.bssid });
                self.state = State::ExpectM2 { secrets, m1 };
                Ok(())
            }
            EapPayload::Wsc { op: OpCode::Msg | OpCode::Nack, data } => self.on_message(id, &data),
            other => Err(self.unexpected(other.message())),
        }
    }

    fn on_eap_failure(&mut self, now: Time) {
        if !matches!(self.state, State::Idle) {
            self.events.push_back(Event::EapPeerFailure);
        }
        // In push-button mode "not yet" is the end: after the EAP-Failure that follows, the
        // printer gives up (wpa_supplicant's bare WPS-FAIL).
        if let State::AfterM2d { config_error, .. } = self.state
            && matches!(self.password, Password::PushButton)
        {
            self.events.push_back(Event::GaveUp { config_error: ConfigError::from_u16(config_error) });
            self.finish(if config_error == ConfigError::MultiplePbcDetected.to_u16() {
                Outcome::Overlap
            } else {
                Outcome::Failed { msg: MsgType::M2D, config_error: ConfigError::from_u16(config_error), reason: None }
            });
            return;
        }
        if !matches!(self.state, State::Finished(_) | State::Idle) {
            // "Not yet" (after M2D), or the router gave up mid-exchange: scan again while
            // the walk time lasts.
            self.scan_again_at(now + self.config.retry_delay);
            self.events.push_back(Event::Rescan);
            if self.prepared.is_none() {
                self.prepared = Some(Box::new(Secrets::draw(self.entropy.as_mut(), self.config.dh_private_len)));
            }
        }
    }

    fn on_message(&mut self, id: u8, body: &[u8]) -> Result<(), ProtocolError> {
        let attrs = Attrs::parse(body)?;
        let msg = message::msg_type(&attrs)?;
        let nonces = self.state.nonces();
        let state = std::mem::replace(&mut self.state, State::Idle);
        let result = match (state, msg) {
            (State::ExpectM2 { secrets, m1 } | State::AfterM2d { secrets, m1, .. }, MsgType::M2) => {
                self.on_m2(id, *secrets, &m1, body)
            }
            (State::ExpectM2 { secrets, m1 } | State::AfterM2d { secrets, m1, .. }, MsgType::M2D) => {
                self.on_m2d(id, secrets, m1, body)
            }
            (State::ExpectM4(k), MsgType::M4) => self.on_m4(id, *k, body),
            (State::ExpectM6(a), MsgType::M6) => self.on_m6(id, *a, body),
            (State::ExpectM8(k), MsgType::M8) => self.on_m8(id, *k, body),
            (State::ExpectM4(k) | State::ExpectM8(k), MsgType::Nack) => self.on_nack(id, &k, &attrs),
            (State::ExpectM6(a), MsgType::Nack) => self.on_nack(id, &a.keyed, &attrs),
            (state, other) => {
                let expected = state.expects();
                self.state = state;
                return Err(ProtocolError::Unexpected { expected, got: Message::Wsc(other) });
            }
        };
        result.map_err(|(error, n2)| {
            if matches!(error, ProtocolError::WrongNonce { .. }) {
                // wpa_supplicant: WPS_FAILURE, the method stops and sends nothing.
                self.events.push_back(Event::ProcessingFailed { msg });
                let config_error = ConfigError::NoError;
                self.finish(Outcome::Failed { msg, config_error, reason: None });
            } else if let Some((n1, known_n2)) = nonces {
                self.fail(id, msg, &error, n1, n2.or(known_n2));
            }
            error
        })
    }

    fn on_m2(&mut self, id: u8, secrets: Secrets, m1: &[u8], body: &[u8]) -> Result<(), Failure> {
        let m2 = M2::parse(body).map_err(|e| (e.into(), None))?;
        let n2 = m2.registrar_nonce;
        if m2.enrollee_nonce != secrets.nonce {
            return Err((ProtocolError::WrongNonce { msg: MsgType::M2, attr: AttrType::EnrolleeNonce }, Some(n2)));
        }
        let Some(pk_r) = m2.public_key else {
            return Err((ParseError::Missing(AttrType::PublicKey).into(), Some(n2)));
        };
        let shared = secrets.dh.shared_secret(&pk_r).ok_or((ProtocolError::BadPublicKey, Some(n2)))?;
        let keys = SessionKeys::derive(&shared, &secrets.nonce, &self.config.mac, &n2);
        if !keys.verify_authenticator(m1, body) {
            return Err((ProtocolError::Authenticator { msg: MsgType::M2 }, Some(n2)));
        }
        let (psk1, psk2) = keys.psks(self.password.bytes());
        let pk_e = *secrets.dh.public_key();
        let e_hash1 = keys.commitment(&secrets.s1, &psk1, &pk_e, &pk_r);
        let e_hash2 = keys.commitment(&secrets.s2, &psk2, &pk_e, &pk_r);
        let m3 = Sealer::new(&keys, MsgType::M3, &n2)
            .put(AttrType::EHash1, &e_hash1)
            .put(AttrType::EHash2, &e_hash2)
            .seal(body);
        self.send_wsc(id, OpCode::Msg, m3.clone());
        self.events.push_back(Event::Step { sent: MsgType::M3, peer: self.bssid });
        self.state = State::ExpectM4(Box::new(Keyed { secrets, keys, n2, pk_r, psk1, psk2, last: m3 }));
        Ok(())
    }

    fn on_m2d(&mut self, id: u8, secrets: Box<Secrets>, m1: Vec<u8>, body: &[u8]) -> Result<(), Failure> {
        let m2d = M2::parse(body).map_err(|e| (e.into(), None))?;
        if m2d.enrollee_nonce != secrets.nonce {
            let error = ProtocolError::WrongNonce { msg: MsgType::M2D, attr: AttrType::EnrolleeNonce };
            return Err((error, Some(m2d.registrar_nonce)));
        }
        // M2D carries no Device Password ID, so wpa_supplicant's line says 0.
        self.events.push_back(Event::M2d { dev_password_id: m2d.device_password_id, config_error: m2d.config_error });
        self.send_wsc(id, OpCode::Ack, build_status(MsgType::Ack, &secrets.nonce, &m2d.registrar_nonce, None));
        // A locked router's "not yet" is the end of a PIN attempt; otherwise another M2 may
        // follow, or the EAP-Failure that ends the round.
        if !matches!(self.password, Password::PushButton)
            && ConfigError::from_u16(m2d.config_error) == ConfigError::SetupLocked
        {
            let (msg, config_error) = (MsgType::M2D, ConfigError::SetupLocked);
            self.events.push_back(Event::Fail { msg, config_error, reason: None });
            self.finish(Outcome::Failed { msg, config_error, reason: None });
        } else {
            self.state = State::AfterM2d { secrets, m1, config_error: m2d.config_error };
        }
        Ok(())
    }

    fn open(k: &Keyed, msg: MsgType, body: &[u8]) -> Result<Zeroizing<Vec<u8>>, Failure> {
        match sealed::open(&k.keys, msg, &k.secrets.nonce, &k.last, body, true) {
            Ok(sealed::Opened { settings: Some(inner), .. }) => Ok(inner),
            Ok(_) => Err((ParseError::Missing(AttrType::EncrSettings).into(), Some(k.n2))),
            Err(e) => Err((e, Some(k.n2))),
        }
    }

    fn on_m4(&mut self, id: u8, k: Keyed, body: &[u8]) -> Result<(), Failure> {
        let inner = Self::open(&k, MsgType::M4, body)?;
        let parsed = Attrs::parse(body).and_then(|a| Ok((a.fixed(AttrType::RHash1)?, a.fixed(AttrType::RHash2)?)));
        let (r_hash1, r_hash2): ([u8; 32], [u8; 32]) = parsed.map_err(|e| (e.into(), Some(k.n2)))?;
        let r_s1: [u8; 16] =
            Attrs::parse(&inner).and_then(|a| a.fixed(AttrType::RSnonce1)).map_err(|e| (e.into(), Some(k.n2)))?;
        if !k.proves(&r_s1, &k.psk1, &r_hash1) {
            return Err((ProtocolError::PasswordMismatch { msg: MsgType::M4 }, Some(k.n2)));
        }
        let m5 = self.prove_half(id, &k, MsgType::M5, body);
        self.state = State::ExpectM6(Box::new(AfterM4 { keyed: Keyed { last: m5, ..k }, r_hash2 }));
        Ok(())
    }

    fn on_m6(&mut self, id: u8, a: AfterM4, body: &[u8]) -> Result<(), Failure> {
        let AfterM4 { keyed: k, r_hash2 } = a;
        let inner = Self::open(&k, MsgType::M6, body)?;
        let r_s2: [u8; 16] =
            Attrs::parse(&inner).and_then(|a| a.fixed(AttrType::RSnonce2)).map_err(|e| (e.into(), Some(k.n2)))?;
        if !k.proves(&r_s2, &k.psk2, &r_hash2) {
            return Err((ProtocolError::PasswordMismatch { msg: MsgType::M6 }, Some(k.n2)));
        }
        let m7 = self.prove_half(id, &k, MsgType::M7, body);
        self.state = State::ExpectM8(Box::new(Keyed { last: m7, ..k }));
        Ok(())
    }

    /// M5 and M7: the registrar proved a half of the PIN, so this side proves the same half
    /// by revealing its secret nonce (E-S1, E-S2) in Encrypted Settings. Returns the body.
    fn prove_half(&mut self, id: u8, k: &Keyed, msg: MsgType, previous: &[u8]) -> Vec<u8> {
        let s = &k.secrets;
        let (attr, e_s, iv) = if msg == MsgType::M5 {
            (AttrType::ESnonce1, &s.s1, &s.ivs[0])
        } else {
            (AttrType::ESnonce2, &s.s2, &s.ivs[1])
        };
        let mut inner = AttrWriter::new();
        inner.put(attr, &e_s[..]);
        let body = Sealer::new(&k.keys, msg, &k.n2).encrypted(iv, &inner).seal(previous);
        self.send_wsc(id, OpCode::Msg, body.clone());
        self.events.push_back(Event::Step { sent: msg, peer: self.bssid });
        body
    }

    fn on_m8(&mut self, id: u8, k: Keyed, body: &[u8]) -> Result<(), Failure> {
        let inner = Self::open(&k, MsgType::M8, body)?;
        let attrs = Attrs::parse(&inner).map_err(|e| (e.into(), Some(k.n2)))?;
        let mut credentials = Vec::new();
        for attr in attrs.iter().filter(|a| a.ty == AttrType::Credential) {
            credentials.push(Credential::parse(attr.value).map_err(|e| (e.into(), Some(k.n2)))?);
        }
        let Some(credential) = credentials.first().cloned() else {
            return Err((ParseError::Missing(AttrType::Credential).into(), Some(k.n2)));
        };
        if credentials.iter().any(|c| c.encr_type & encr::WEP != 0) {
            return Err((ProtocolError::Credential(CredentialRefusal::WepProhibited), Some(k.n2)));
        }
        // "For interoperability reasons, allow this to be processed" (wps_enrollee.c): the
        // address is logged, the credential used.
        if let Some(other) = credentials.iter().find(|c| c.mac != self.config.mac) {
            self.events.push_back(Event::ForeignCredentialMac { mac: other.mac });
        }
        self.events.push_back(Event::CredReceived(credential.clone()));
        let done = build_status(MsgType::Done, &k.secrets.nonce, &k.n2, None);
        self.send_wsc(id, OpCode::Done, done);
        self.events.push_back(Event::Success);
        self.finish(Outcome::Connected(credential));
        Ok(())
    }

    /// The registrar refused our last message.
    /// Our own NACK carries our own configuration error, none (`wps_enrollee.c`), not the
    /// registrar's.
    fn on_nack(&mut self, id: u8, k: &Keyed, attrs: &Attrs<'_>) -> Result<(), Failure> {
        let config_error = ConfigError::from_u16(attrs.opt_u16(AttrType::ConfigError).ok().flatten().unwrap_or(0));
        let msg = message::msg_type_of(&k.last).unwrap_or(MsgType::Unknown(0));
        self.events.push_back(Event::Fail { msg, config_error, reason: None });
        let own = Some(ConfigError::NoError.to_u16());
        self.send_wsc(id, OpCode::Nack, build_status(MsgType::Nack, &k.secrets.nonce, &k.n2, own));
        self.finish(Outcome::Failed { msg, config_error, reason: None });
        Ok(())
    }

    /// Ends the run with WSC_NACK. Before M2 parsed, N2 is unknown and goes out as zeros,
    /// as hostapd sends its still-empty `nonce_r`.
    fn fail(&mut self, id: u8, msg: MsgType, error: &ProtocolError, n1: Nonce, n2: Option<Nonce>) {
        let config_error = error.config_error();
        let reason = match error {
            ProtocolError::Credential(why) => why.error_indication(),
            _ => None,
        };
        self.events.push_back(Event::Fail { msg, config_error, reason });
        let nack = build_status(MsgType::Nack, &n1, &n2.unwrap_or_default(), Some(config_error.to_u16()));
        self.send_wsc(id, OpCode::Nack, nack);
        self.finish(Outcome::Failed { msg, config_error, reason });
    }

    fn build_m1(&mut self, secrets: &Secrets) -> Vec<u8> {
        M1 {
            uuid_e: self.config.uuid_e,
            mac: self.config.mac,
            enrollee_nonce: secrets.nonce,
            public_key: *secrets.dh.public_key(),
            device: self.config.device.clone(),
            wps_state: 1,
            assoc_state: 0,
            device_password_id: self.password.device_password_id(),
            config_error: 0,
            vendor_ext: version2_ext(),
        }
        .emit()
    }

    /// A response goes out whole, or as its first fragment with the rest kept for the
    /// registrar's WSC_FRAG_ACKs.
    fn send(&mut self, frame: Frame) {
        let frame = match frame {
            Frame::Eap(Eap { code, id, payload: EapPayload::Wsc { op, data } }) => {
                let mut pieces = fragment::split(op, data, self.config.fragment_size);
                let first = pieces.pop_front().expect("split gives at least one piece");
                self.outgoing = pieces;
                Frame::Eap(Eap { code, id, payload: first })
            }
            other => other,
        };
        self.transmits.push_back(Transmit::Frame(frame.to_bytes()));
    }

    fn send_wsc(&mut self, id: u8, op: OpCode, body: Vec<u8>) {
        self.send(Frame::wsc(EapCode::Response, id, op, body));
    }

    fn unexpected(&self, got: Message) -> ProtocolError {
        ProtocolError::Unexpected { expected: self.state.expects(), got }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wps::defs::auth;
    use crate::wps::eap::Frame;
    use crate::wps::testing::{exchange, machines};

    /// A real exchange stopped while M8 is on its way; then a forged M8 with every check
    /// right but a credential for another MAC address: logged and used, as wpa_supplicant
    /// does.
    #[test]
    fn a_credential_for_another_mac_is_logged_and_used() {
        let (mut enrollee, mut registrar) = machines(31);
        registrar.push_button(Duration::ZERO).unwrap();
        enrollee.start(Duration::ZERO, Password::PushButton);
        let t = exchange(&mut enrollee, &mut registrar, Duration::ZERO, |e| e.phase() == Phase::Exchanging(7));
        assert_eq!(enrollee.phase(), Phase::Exchanging(7), "never reached ExpectM8");
        let State::ExpectM8(k) = &enrollee.state else { panic!("not waiting for M8") };
        let credential = Credential {
            network_index: 1,
            ssid: b"Elsewhere".to_vec(),
            auth_type: auth::WPA2PSK,
            encr_type: encr::AES,
            network_key_index: None,
            network_key: b"not-for-you".as_slice().into(),
            mac: Mac([0x02, 9, 9, 9, 9, 9]),
        };
        let mut inner = AttrWriter::new();
        inner.put(AttrType::Credential, &credential.emit());
        let m8 = Sealer::new(&k.keys, MsgType::M8, &k.secrets.nonce).encrypted(&[7; 16], &inner).seal(&k.last);
        let frame = Frame::wsc(EapCode::Request, 9, OpCode::Msg, m8).to_bytes();
        enrollee.handle_frame(t, &frame).unwrap();
        assert!(matches!(enrollee.outcome(), Some(Outcome::Connected(c)) if c.ssid == b"Elsewhere"));
        let said: Vec<Event> = std::iter::from_fn(|| enrollee.poll_event()).collect();
        assert!(said.contains(&Event::ForeignCredentialMac { mac: Mac([0x02, 9, 9, 9, 9, 9]) }), "{said:?}");
        assert!(said.iter().any(|e| matches!(e, Event::CredReceived(_))), "{said:?}");
    }

    #[test]
    fn the_walk_timer_ends_an_attempt_that_found_no_router() {
        let (mut enrollee, _) = machines(1);
        enrollee.start(Duration::ZERO, Password::PushButton);
        assert_eq!(enrollee.poll_timeout(), Some(Duration::ZERO + enrollee.config().retry_delay));
        enrollee.handle_timeout(Duration::from_secs(120));
        assert_eq!(enrollee.outcome(), Some(&Outcome::TimedOut));
        assert_eq!(enrollee.poll_timeout(), None, "a finished attempt sets no timer");
    }

    /// An M4 with every check right but another Enrollee Nonce: wpa_supplicant stops the run
    /// and sends nothing (no NACK); the event says why.
    #[test]
    fn a_wrong_nonce_stops_the_run_without_a_nack() {
        let (mut enrollee, mut registrar) = machines(32);
        registrar.add_pin(Duration::ZERO, b"12345670", None, None);
        enrollee.start(Duration::ZERO, Password::Pin(b"12345670".to_vec()));
        let t = exchange(&mut enrollee, &mut registrar, Duration::ZERO, |e| e.phase() == Phase::Exchanging(3));
        let State::ExpectM4(k) = &enrollee.state else { panic!("not waiting for M4") };
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce1, &[1; 16]);
        let m4 = Sealer::new(&k.keys, MsgType::M4, &[9; 16])
            .put(AttrType::RHash1, &[0; 32])
            .put(AttrType::RHash2, &[0; 32])
            .encrypted(&[7; 16], &inner)
            .seal(&k.last);
        while enrollee.poll_transmit().is_some() {}
        let frame = Frame::wsc(EapCode::Request, 9, OpCode::Msg, m4).to_bytes();
        let err = enrollee.handle_frame(t, &frame).unwrap_err();
        assert!(matches!(err, ProtocolError::WrongNonce { msg: MsgType::M4, .. }), "{err:?}");
        assert_eq!(enrollee.poll_transmit(), None, "no NACK");
        assert!(matches!(enrollee.outcome(), Some(Outcome::Failed { msg: MsgType::M4, .. })));
        let said: Vec<Event> = std::iter::from_fn(|| enrollee.poll_event()).collect();
        assert!(said.contains(&Event::ProcessingFailed { msg: MsgType::M4 }), "{said:?}");
    }
}
