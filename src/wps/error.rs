//! Typed errors: what was wrong on the wire, and why a run failed.

use super::defs::{AttrType, ConfigError, MsgType};
use super::event::ErrorIndication;
use std::fmt;

/// Malformed bytes. Every variant says which attribute or offset is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    TruncatedHeader {
        offset: usize,
        have: usize,
    },
    TruncatedValue {
        attr: AttrType,
        offset: usize,
        len: usize,
        have: usize,
    },
    Missing(AttrType),
    BadLength {
        attr: AttrType,
        offset: usize,
        len: usize,
        expected: usize,
    },
    BadValue {
        attr: AttrType,
        why: &'static str,
    },
    /// A frame layer (EAPOL, EAP, EAP-WSC) that is too short or inconsistent.
    Frame {
        layer: &'static str,
        offset: usize,
        why: String,
    },
    NotHex(String),
    /// Attributes nested in each other (a Credential in a Credential...) beyond `limit`.
    TooDeep {
        attr: AttrType,
        offset: usize,
        limit: usize,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::TruncatedHeader { offset, have } => {
                write!(f, "attribute header at offset {offset} is cut short: {have} of 4 bytes")
            }
            ParseError::TruncatedValue { attr, offset, len, have } => {
                write!(f, "{attr} at offset {offset} says {len} bytes but only {have} follow")
            }
            ParseError::Missing(attr) => write!(f, "required attribute {attr} is missing"),
            ParseError::BadLength { attr, offset, len, expected } => {
                write!(f, "{attr} at offset {offset} has {len} bytes, expected {expected}")
            }
            ParseError::BadValue { attr, why } => write!(f, "{attr}: {why}"),
            ParseError::Frame { layer, offset, why } => write!(f, "{layer} at offset {offset}: {why}"),
            ParseError::NotHex(why) => write!(f, "not hex: {why}"),
            ParseError::TooDeep { attr, offset, limit } => {
                write!(f, "{attr} at offset {offset} is nested more than {limit} deep")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Why a message was refused by a state machine (rustls's `InappropriateHandshakeMessage` idea).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtocolError {
    Parse(ParseError),
    /// A fragment that does not fit the message being put together; the pieces so far are
    /// dropped.
    Fragment {
        why: &'static str,
    },
    /// A message arrived that this state does not expect.
    Unexpected {
        expected: &'static str,
        got: String,
    },
    /// A nonce did not match the one of this session.
    WrongNonce {
        msg: MsgType,
        attr: AttrType,
    },
    /// The Authenticator (HMAC over the previous and this message) did not verify.
    Authenticator {
        msg: MsgType,
    },
    /// The Key Wrap Authenticator or the padding of Encrypted Settings did not verify.
    KeyWrap {
        msg: MsgType,
    },
    /// A peer public key outside 2..p-2.
    BadPublicKey,
    /// R-Hash or E-Hash did not match: the device password (PIN) differs.
    PasswordMismatch {
        msg: MsgType,
    },
    /// The credential in M8 was refused.
    Credential(CredentialRefusal),
    /// The session is over; nothing more is accepted.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialRefusal {
    /// WEP, which WPS 2.0 forbids (`wps_process_cred`'s "WEP Prohibited").
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

impl fmt::Display for CredentialRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CredentialRefusal::WepProhibited => "WEP is prohibited",
        })
    }
}

impl From<ParseError> for ProtocolError {
    fn from(e: ParseError) -> Self {
        ProtocolError::Parse(e)
    }
}

impl fmt::Display for ProtocolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProtocolError::Parse(e) => write!(f, "malformed message: {e}"),
            ProtocolError::Fragment { why } => write!(f, "fragment refused: {why}"),
            ProtocolError::Unexpected { expected, got } => write!(f, "expected {expected}, got {got}"),
            ProtocolError::WrongNonce { msg, attr } => write!(f, "{msg}: {attr} does not match this session"),
            ProtocolError::Authenticator { msg } => write!(f, "{msg}: Authenticator does not verify"),
            ProtocolError::KeyWrap { msg } => write!(f, "{msg}: Encrypted Settings do not verify"),
            ProtocolError::BadPublicKey => write!(f, "peer public key out of range"),
            ProtocolError::PasswordMismatch { msg } => write!(f, "{msg}: device password (PIN) does not match"),
            ProtocolError::Credential(why) => write!(f, "credential refused: {why}"),
            ProtocolError::Finished => write!(f, "the registration is over"),
        }
    }
}

impl std::error::Error for ProtocolError {}
