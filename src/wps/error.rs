//! Typed errors: what was wrong on the wire, and why a run failed.

use super::defs::{AttrType, ConfigError, ErrorIndication, MsgType};

/// Malformed bytes. Every variant says which attribute or offset is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("attribute header at offset {offset} is cut short: {have} of 4 bytes")]
    TruncatedHeader { offset: usize, have: usize },
    #[error("{attr} at offset {offset} says {len} bytes but only {have} follow")]
    TruncatedValue { attr: AttrType, offset: usize, len: usize, have: usize },
    #[error("required attribute {0} is missing")]
    Missing(AttrType),
    #[error("{attr} at offset {offset} has {len} bytes, expected {expected}")]
    BadLength { attr: AttrType, offset: usize, len: usize, expected: usize },
    #[error("{attr}: {why}")]
    BadValue { attr: AttrType, why: &'static str },
    /// A frame layer (EAPOL, EAP, EAP-WSC) that is too short or inconsistent.
    #[error("{layer} at offset {offset}: {why}")]
    Frame { layer: &'static str, offset: usize, why: String },
    #[error("not hex: {0}")]
    NotHex(String),
    /// Attributes nested in each other (a Credential in a Credential...) beyond `limit`.
    #[error("{attr} at offset {offset} is nested more than {limit} deep")]
    TooDeep { attr: AttrType, offset: usize, limit: usize },
}

/// Why a message was refused by a state machine (rustls's `InappropriateHandshakeMessage` idea).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("malformed message: {0}")]
    Parse(#[from] ParseError),
    /// A fragment that does not fit the message being put together; the pieces so far are
    /// dropped.
    #[error("fragment refused: {why}")]
    Fragment { why: &'static str },
    /// A message arrived that this state does not expect.
    #[error("expected {expected}, got {got}")]
    Unexpected { expected: &'static str, got: String },
    /// A nonce did not match the one of this session.
    #[error("{msg}: {attr} does not match this session")]
    WrongNonce { msg: MsgType, attr: AttrType },
    /// The Authenticator (HMAC over the previous and this message) did not verify.
    #[error("{msg}: Authenticator does not verify")]
    Authenticator { msg: MsgType },
    /// The Key Wrap Authenticator or the padding of Encrypted Settings did not verify.
    #[error("{msg}: Encrypted Settings do not verify")]
    KeyWrap { msg: MsgType },
    /// A peer public key outside 2..p-2.
    #[error("peer public key out of range")]
    BadPublicKey,
    /// R-Hash or E-Hash did not match: the device password (PIN) differs.
    #[error("{msg}: device password (PIN) does not match")]
    PasswordMismatch { msg: MsgType },
    /// The credential in M8 was refused.
    #[error("credential refused: {0}")]
    Credential(CredentialRefusal),
    /// The session is over; nothing more is accepted.
    #[error("the registration is over")]
    Finished,
}

impl ProtocolError {
    /// The configuration error a NACK carries for this failure: hostapd sets only a PIN
    /// mismatch's (18) here; a Key Wrap or decryption failure goes out as 0.
    pub fn config_error(&self) -> ConfigError {
        match self {
            ProtocolError::PasswordMismatch { .. } => ConfigError::DevPasswordAuthFailure,
            _ => ConfigError::NoError,
        }
    }
}

/// Why the enrollee refused the credential M8 delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CredentialRefusal {
    /// WEP, which WPS 2.0 forbids (`wps_process_cred`'s "WEP Prohibited").
    #[error("WEP is prohibited")]
    WepProhibited,
}

impl CredentialRefusal {
    /// The error indication hostapd adds to `WPS-FAIL` for this refusal, if any.
    pub fn error_indication(self) -> Option<ErrorIndication> {
        match self {
            CredentialRefusal::WepProhibited => Some(ErrorIndication::WepProhibited),
        }
    }
}
