//! Typed errors: what was wrong on the wire, and why a run failed.

use std::fmt;

use super::defs::{AttrType, ConfigError, ErrorIndication, MsgType, OpCode};
use super::ids::Mac;

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
    /// Pasted UPnP text (a SOAP or GENA body) that holds no readable WSC message.
    #[error("UPnP: {0}")]
    Upnp(String),
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
    /// A message arrived that this state does not expect: what it waits for, and what came
    /// (rustls's `InappropriateHandshakeMessage { expect_types, got_type }`).
    #[error("expected {}, got {got}", Expected(expected))]
    Unexpected { expected: &'static [Message], got: Message },
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

/// A message of a registration, as its errors name it: what one side waits for or received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    EapolStart,
    /// EAP-Request/Identity or EAP-Response/Identity.
    Identity,
    WscStart,
    /// A WSC message: M1..M8, M2D, WSC_ACK, WSC_NACK, WSC_Done.
    Wsc(MsgType),
    /// A WSC body that names no message type, by its op-code.
    Op(OpCode),
    /// A piece of a fragmented message, or its acknowledgement.
    Fragment(OpCode),
    EapFailure,
    /// An EAP packet of this code and identifier (a response where a request belongs, an
    /// old identifier).
    Eap {
        code: u8,
        id: u8,
    },
    /// Another EAP method.
    EapType(u8),
    /// An EAP packet that carries nothing (only Success and Failure may).
    EmptyEap,
    /// EAP from a station that never started a session (no EAPOL-Start).
    EapFrom(Mac),
    ProbeResponse,
    Association,
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Message::EapolStart => f.write_str("EAPOL-Start"),
            Message::Identity => f.write_str("EAP-Request/Identity"),
            Message::WscStart => f.write_str("WSC_Start"),
            Message::Wsc(t) => write!(f, "{t}"),
            Message::Op(op) => write!(f, "{op}"),
            Message::Fragment(op) => write!(f, "{op} (fragment)"),
            Message::EapFailure => f.write_str("EAP-Failure"),
            Message::Eap { code, id } => write!(f, "EAP code {code} id {id}"),
            Message::EapType(ty) => write!(f, "EAP type {ty}"),
            Message::EmptyEap => f.write_str("EAP"),
            Message::EapFrom(mac) => write!(f, "EAP from {}", mac),
            Message::ProbeResponse => f.write_str("a Probe Response"),
            Message::Association => f.write_str("the association"),
        }
    }
}

/// What a state waits for, in words: "M2 or M2D"; "nothing" when it waits for nothing.
struct Expected<'a>(&'a [Message]);

impl fmt::Display for Expected<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => f.write_str("nothing"),
            [first @ .., last] => {
                for (i, m) in first.iter().enumerate() {
                    write!(f, "{}{m}", if i > 0 { ", " } else { "" })?;
                }
                if !first.is_empty() {
                    f.write_str(" or ")?;
                }
                write!(f, "{last}")
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The error names what was awaited and what came as values, worded only when shown.
    #[test]
    fn unexpected_names_the_message_types() {
        let e = ProtocolError::Unexpected {
            expected: &[Message::Wsc(MsgType::M2), Message::Wsc(MsgType::M2D)],
            got: Message::Wsc(MsgType::M4),
        };
        assert_eq!(e.to_string(), "expected M2 or M2D, got M4");
        let e = ProtocolError::Unexpected { expected: &[], got: Message::Eap { code: 2, id: 7 } };
        assert_eq!(e.to_string(), "expected nothing, got EAP code 2 id 7");
        let three = [Message::Identity, Message::WscStart, Message::EapFailure];
        let e = ProtocolError::Unexpected { expected: &[], got: Message::EapFrom(Mac([2, 0, 0, 0, 0, 1])) };
        assert_eq!(e.to_string(), "expected nothing, got EAP from 02:00:00:00:00:01");
        assert_eq!(Expected(&three).to_string(), "EAP-Request/Identity, WSC_Start or EAP-Failure");
    }
}
