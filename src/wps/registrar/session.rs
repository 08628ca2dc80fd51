//! One enrollee's EAP-WSC session with the registrar (`eap_server_wsc.c` plus the
//! registrar's per-run `wps_data`): a chain of states, each holding what is known so far.

use std::collections::VecDeque;
use zeroize::Zeroizing;

use super::pins::PinKey;
use crate::wps::crypto::{KeyPair, SessionKeys, dh::KEY_LEN};
use crate::wps::defs::MsgType;
use crate::wps::eap::EapPayload;
use crate::wps::error::Message;
use crate::wps::fragment::Reassembly;
use crate::wps::message::{Mac, Nonce, Uuid};

/// Which device password a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    PushButton,
    /// A PIN from the table: this enrollee's, or the wildcard.
    Pin(PinKey),
}

/// What one registration holds once M1 has been answered with M2.
pub struct Keyed {
    pub keys: SessionKeys,
    pub dh: KeyPair,
    pub n1: Nonce,
    pub n2: Nonce,
    pub mac: Mac,
    pub uuid_e: Uuid,
    pub pk_e: [u8; KEY_LEN],
    pub mode: Mode,
    pub psk1: Zeroizing<[u8; 16]>,
    pub psk2: Zeroizing<[u8; 16]>,
    pub r_s1: Zeroizing<[u8; 16]>,
    pub r_s2: Zeroizing<[u8; 16]>,
    /// IVs of M4, M6 and M8, drawn with the run's other secrets.
    pub ivs: [[u8; 16]; 3],
    /// The previous message body, which the next Authenticator covers.
    pub last: Vec<u8>,
}

/// The registrar's secrets of one run: N2, DH private key, R-S1, R-S2, the IVs of M4, M6
/// and M8. Drawn when the session starts, so M2 does not wait for the key pair.
pub type RunSecrets = crate::wps::crypto::RunSecrets<3>;

/// After M3: the enrollee's commitments to both halves of the password.
pub struct AfterM3 {
    pub keyed: Keyed,
    pub e_hash1: [u8; 32],
    pub e_hash2: [u8; 32],
}

/// After M5 proved the first half: the commitment to the second half is what is left.
pub struct AfterM5 {
    pub keyed: Keyed,
    pub e_hash2: [u8; 32],
}

pub enum SessionState {
    ExpectIdentity,
    ExpectM1,
    ExpectAckAfterM2d,
    ExpectM3(Box<Keyed>),
    ExpectM5(Box<AfterM3>),
    ExpectM7(Box<AfterM5>),
    ExpectDone(Box<Keyed>),
    /// We sent WSC_NACK; the enrollee answers with its own before EAP-Failure.
    ExpectNack,
    /// Left to an external registrar (a computer over UPnP): the router waits for its next
    /// message for the station, sending nothing (hostapd's WPS_PENDING).
    AwaitExternal,
    /// An external registrar's message went to the station; its answer goes back to the
    /// external registrar.
    Relaying,
}

impl SessionState {
    /// What this state waits for from the enrollee.
    pub fn expects(&self) -> &'static [Message] {
        match self {
            SessionState::ExpectIdentity => &[Message::Identity],
            SessionState::ExpectM1 => &[Message::Wsc(MsgType::M1)],
            SessionState::ExpectAckAfterM2d => &[Message::Wsc(MsgType::Ack)],
            SessionState::ExpectM3(_) => &[Message::Wsc(MsgType::M3)],
            SessionState::ExpectM5(_) => &[Message::Wsc(MsgType::M5)],
            SessionState::ExpectM7(_) => &[Message::Wsc(MsgType::M7)],
            SessionState::ExpectDone(_) => &[Message::Wsc(MsgType::Done)],
            SessionState::ExpectNack => &[Message::Wsc(MsgType::Nack)],
            SessionState::AwaitExternal => &[],
            SessionState::Relaying => &[
                Message::Wsc(MsgType::M3),
                Message::Wsc(MsgType::M5),
                Message::Wsc(MsgType::M7),
                Message::Wsc(MsgType::Done),
                Message::Wsc(MsgType::Ack),
                Message::Wsc(MsgType::Nack),
            ],
        }
    }

    /// The keys of a run under way, if it got that far.
    pub fn keyed(&self) -> Option<&Keyed> {
        match self {
            SessionState::ExpectM3(k) | SessionState::ExpectDone(k) => Some(k),
            SessionState::ExpectM5(a) => Some(&a.keyed),
            SessionState::ExpectM7(a) => Some(&a.keyed),
            _ => None,
        }
    }

    /// Whether the enrollee has already seen the whole PIN proved (M6 sent): then a run
    /// that stops must not leave that PIN for another try.
    pub fn revealed(&self) -> bool {
        matches!(self, SessionState::ExpectM7(_) | SessionState::ExpectDone(_))
    }
}

pub struct Session {
    /// Identifier of the last EAP-Request; the response must carry it.
    pub id: u8,
    pub state: SessionState,
    /// The last EAP-Request as sent, to send again if no answer comes.
    pub last_request: Vec<u8>,
    /// How many times `last_request` has been sent again.
    pub retransmits: u8,
    /// A new request went out and its retransmission timer is still to be set.
    pub sent_new: bool,
    /// A response arriving in fragments, and the rest of a request going out in them.
    pub reassembly: Reassembly,
    pub outgoing: VecDeque<EapPayload>,
    /// This session's run secrets, once it has started.
    pub prepared: Option<Box<RunSecrets>>,
    /// External registrars' messages for this station not sent yet, oldest first.
    pub from_external: VecDeque<Vec<u8>>,
    /// A run without EAP (a computer's, its messages carried over UPnP): no identifiers,
    /// fragments, retransmissions or EAP-Failure.
    pub bare: bool,
}

impl Session {
    pub fn new() -> Session {
        Session {
            id: 0,
            state: SessionState::ExpectIdentity,
            last_request: Vec::new(),
            retransmits: 0,
            sent_new: false,
            reassembly: Reassembly::default(),
            outgoing: VecDeque::new(),
            prepared: None,
            from_external: VecDeque::new(),
            bare: false,
        }
    }
}
