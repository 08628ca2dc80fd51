//! EAPOL and EAP-WSC framing: EAPOL header, EAP header, expanded type 254 with the
//! Wi-Fi Alliance vendor id, op-code and flags. Checked once, then read without panics.

use super::defs::{OpCode, WFA_VENDOR_ID};
use super::error::{Message, ParseError};
use std::fmt;

/// The EAPOL version a station writes (wpa_supplicant's `eapol_version` default).
const EAPOL_VERSION: u8 = 1;
/// The EAPOL version an authenticator writes (hostapd's `eapol_version` default).
pub const EAPOL_VERSION_AP: u8 = 2;
const EAPOL_EAP_PACKET: u8 = 0;
const EAPOL_START: u8 = 1;
pub const EAP_TYPE_IDENTITY: u8 = 1;
pub const EAP_TYPE_EXPANDED: u8 = 254;
/// EAP-WSC's vendor type under the WFA's vendor id.
pub const WSC_VENDOR_TYPE: u32 = 1;
/// The More Fragments flag: another fragment of this message follows.
pub const FLAG_MF: u8 = 0x01;
/// The Length Field flag: two bytes of total length precede the message.
pub const FLAG_LF: u8 = 0x02;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EapCode {
    Request = 1,
    Response = 2,
    Success = 3,
    Failure = 4,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EapPayload {
    /// Success and Failure carry nothing.
    None,
    Identity(Vec<u8>),
    Wsc {
        op: OpCode,
        data: Vec<u8>,
    },
    /// A piece of a longer WSC message with More Fragments set; the first carries the
    /// whole message's length (Length Field flag). The last piece has no flags and parses
    /// as [`EapPayload::Wsc`]: only the receiver's reassembly knows it ends a message.
    WscFragment {
        op: OpCode,
        total: Option<u16>,
        data: Vec<u8>,
    },
    /// Any other EAP method; kept so it can be shown, never acted on.
    Other {
        ty: u8,
        data: Vec<u8>,
    },
}

impl EapPayload {
    /// What this payload is, as errors name a message that came unexpectedly.
    pub fn message(&self) -> Message {
        match self {
            EapPayload::Wsc { op: OpCode::Start, .. } => Message::WscStart,
            EapPayload::Wsc { op, data } => match super::message::msg_type_of(data) {
                Some(t) => Message::Wsc(t),
                None => Message::Op(*op),
            },
            EapPayload::WscFragment { op, .. } => Message::Fragment(*op),
            EapPayload::Identity(_) => Message::Identity,
            EapPayload::Other { ty, .. } => Message::EapType(*ty),
            EapPayload::None => Message::EmptyEap,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eap {
    pub code: EapCode,
    pub id: u8,
    pub payload: EapPayload,
}

/// One EAPOL frame, the unit that crosses the air between printer and router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    EapolStart,
    Eap(Eap),
}

/// Offset of the WSC message body in an EAPOL frame without the LF flag.
pub const WSC_BODY_OFFSET: usize = 18;
/// Offset of the EAP-WSC flags byte in an EAPOL frame.
pub const WSC_FLAGS_OFFSET: usize = 17;

impl Frame {
    pub fn wsc(code: EapCode, id: u8, op: OpCode, data: Vec<u8>) -> Self {
        Frame::Eap(Eap { code, id, payload: EapPayload::Wsc { op, data } })
    }

    pub fn identity(code: EapCode, id: u8, identity: &[u8]) -> Self {
        Frame::Eap(Eap { code, id, payload: EapPayload::Identity(identity.to_vec()) })
    }

    pub fn failure(id: u8) -> Self {
        Frame::Eap(Eap { code: EapCode::Failure, id, payload: EapPayload::None })
    }

    /// The WSC message body, if this frame carries one.
    pub fn wsc_data(&self) -> Option<(OpCode, &[u8])> {
        match self {
            Frame::Eap(Eap { payload: EapPayload::Wsc { op, data }, .. }) => Some((*op, data)),
            _ => None,
        }
    }

    /// The frame as a station sends it (EAPOL version 1, wpa_supplicant's default).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_bytes_with_version(EAPOL_VERSION)
    }

    /// The frame with this EAPOL protocol version in its header (hostapd sends 2).
    pub fn to_bytes_with_version(&self, version: u8) -> Vec<u8> {
        let eap = match self {
            Frame::EapolStart => return vec![version, EAPOL_START, 0, 0],
            Frame::Eap(eap) => eap,
        };
        let mut body = Vec::new();
        match &eap.payload {
            EapPayload::None => {}
            EapPayload::Identity(id) => {
                body.push(EAP_TYPE_IDENTITY);
                body.extend_from_slice(id);
            }
            EapPayload::Wsc { op, data } => {
                put_wsc_header(&mut body, *op, 0);
                body.extend_from_slice(data);
            }
            EapPayload::WscFragment { op, total, data } => {
                put_wsc_header(&mut body, *op, if total.is_some() { FLAG_MF | FLAG_LF } else { FLAG_MF });
                if let Some(total) = total {
                    body.extend_from_slice(&total.to_be_bytes());
                }
                body.extend_from_slice(data);
            }
            EapPayload::Other { ty, data } => {
                body.push(*ty);
                body.extend_from_slice(data);
            }
        }
        let eap_len = (4 + body.len()) as u16;
        let mut out = Vec::with_capacity(8 + body.len());
        out.extend_from_slice(&[version, EAPOL_EAP_PACKET]);
        out.extend_from_slice(&eap_len.to_be_bytes());
        out.extend_from_slice(&[eap.code as u8, eap.id]);
        out.extend_from_slice(&eap_len.to_be_bytes());
        out.extend_from_slice(&body);
        out
    }

    pub fn parse(bytes: &[u8]) -> Result<Frame, ParseError> {
        let err = |layer, offset, why: String| ParseError::Frame { layer, offset, why };
        if bytes.len() < 4 {
            return Err(err("EAPOL header", 0, format!("needs 4 bytes, have {}", bytes.len())));
        }
        let eapol_len = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
        let body = &bytes[4..];
        if body.len() < eapol_len {
            return Err(err("EAPOL body", 4, format!("length says {eapol_len}, have {}", body.len())));
        }
        let body = &body[..eapol_len];
        match bytes[1] {
            EAPOL_START => return Ok(Frame::EapolStart),
            EAPOL_EAP_PACKET => {}
            other => return Err(err("EAPOL header", 1, format!("packet type {other} is not EAP or Start"))),
        }
        if body.len() < 4 {
            return Err(err("EAP header", 4, format!("needs 4 bytes, have {}", body.len())));
        }
        let code = match body[0] {
            1 => EapCode::Request,
            2 => EapCode::Response,
            3 => EapCode::Success,
            4 => EapCode::Failure,
            other => return Err(err("EAP header", 4, format!("unknown code {other}"))),
        };
        let id = body[1];
        let eap_len = usize::from(u16::from_be_bytes([body[2], body[3]]));
        if eap_len < 4 || eap_len > body.len() {
            return Err(err("EAP header", 6, format!("length {eap_len} does not fit the {} bytes there", body.len())));
        }
        let data = &body[4..eap_len];
        let payload = match code {
            EapCode::Success | EapCode::Failure => EapPayload::None,
            EapCode::Request | EapCode::Response => parse_method(data)?,
        };
        Ok(Frame::Eap(Eap { code, id, payload }))
    }
}

fn put_wsc_header(body: &mut Vec<u8>, op: OpCode, flags: u8) {
    body.push(EAP_TYPE_EXPANDED);
    body.extend_from_slice(&WFA_VENDOR_ID);
    body.extend_from_slice(&WSC_VENDOR_TYPE.to_be_bytes());
    body.push(op.to_u16() as u8);
    body.push(flags);
}

/// The method part of an EAP Request or Response (starts at offset 8 of the frame).
fn parse_method(data: &[u8]) -> Result<EapPayload, ParseError> {
    let err = |offset: usize, why: String| ParseError::Frame { layer: "EAP method", offset: 8 + offset, why };
    let Some((&ty, rest)) = data.split_first() else {
        return Err(err(0, "missing EAP type".into()));
    };
    match ty {
        EAP_TYPE_IDENTITY => Ok(EapPayload::Identity(rest.to_vec())),
        EAP_TYPE_EXPANDED => {
            if rest.len() < 9 {
                return Err(err(1, format!("EAP-WSC header needs 9 bytes, have {}", rest.len())));
            }
            if rest[..3] != WFA_VENDOR_ID {
                return Err(err(
                    1,
                    format!("vendor id {} is not the Wi-Fi Alliance's 00372a", hex::encode(&rest[..3])),
                ));
            }
            let vendor_type = u32::from_be_bytes([rest[3], rest[4], rest[5], rest[6]]);
            if vendor_type != WSC_VENDOR_TYPE {
                return Err(err(4, format!("vendor type {vendor_type} is not SimpleConfig (1)")));
            }
            let op = OpCode::from_u16(u16::from(rest[7]));
            if let OpCode::Unknown(v) = op {
                return Err(err(8, format!("unknown op-code {v}")));
            }
            let flags = rest[8];
            let mut payload = &rest[9..];
            let mut total = None;
            if flags & FLAG_LF != 0 {
                if payload.len() < 2 {
                    return Err(err(10, "Length Field flag set but no length follows".into()));
                }
                total = Some(u16::from_be_bytes([payload[0], payload[1]]));
                payload = &payload[2..];
            }
            if flags & FLAG_MF != 0 {
                return Ok(EapPayload::WscFragment { op, total, data: payload.to_vec() });
            }
            if let Some(total) = total
                && usize::from(total) != payload.len()
            {
                return Err(err(10, format!("message length {total} but {} bytes follow", payload.len())));
            }
            Ok(EapPayload::Wsc { op, data: payload.to_vec() })
        }
        other => Ok(EapPayload::Other { ty: other, data: rest.to_vec() }),
    }
}

impl fmt::Display for Frame {
    /// The short name a message ladder shows.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Frame::EapolStart => f.write_str("EAPOL-Start"),
            Frame::Eap(Eap { code: EapCode::Failure, .. }) => f.write_str("EAP-Failure"),
            Frame::Eap(Eap { code: EapCode::Success, .. }) => f.write_str("EAP-Success"),
            Frame::Eap(Eap { code, payload: EapPayload::Identity(_), .. }) => {
                let dir = if *code == EapCode::Request { "Request" } else { "Response" };
                write!(f, "EAP-{dir}/Identity")
            }
            Frame::Eap(Eap { payload: EapPayload::Wsc { op, data }, .. }) => match op {
                OpCode::Msg | OpCode::Ack | OpCode::Nack | OpCode::Done => match super::message::msg_type_of(data) {
                    Some(t) => write!(f, "{t}"),
                    None if *op == OpCode::Msg && super::message::is_fragment_tail(data) => {
                        write!(f, "{op} (last fragment)")
                    }
                    None => write!(f, "{op}"),
                },
                _ => write!(f, "{op}"),
            },
            Frame::Eap(Eap { payload: EapPayload::WscFragment { op, total, data }, .. }) => {
                match (total, super::message::msg_type_of_start(data)) {
                    (Some(total), Some(t)) => write!(f, "{t} (fragment 1, {total} bytes in all)"),
                    _ => write!(f, "{op} (fragment)"),
                }
            }
            Frame::Eap(Eap { payload: EapPayload::Other { ty, .. }, .. }) => write!(f, "EAP type {ty}"),
            Frame::Eap(Eap { payload: EapPayload::None, .. }) => f.write_str("EAP"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_framing_round_trips() {
        for hex_frame in ["010000050100000501", "0100000e0101000efe00372a000000010100", "0100000404ab0004", "01010000"]
        {
            let bytes = hex::decode(hex_frame).unwrap();
            let frame = Frame::parse(&bytes).unwrap();
            assert_eq!(frame.to_bytes(), bytes, "{frame:?}");
        }
    }

    #[test]
    fn short_and_inconsistent_frames_name_the_layer() {
        assert!(Frame::parse(&[1]).unwrap_err().to_string().contains("EAPOL header"));
        let e = Frame::parse(&hex::decode("0100000e0101000efe00372b000000010100").unwrap()).unwrap_err();
        assert!(e.to_string().contains("vendor id"), "{e}");
        let e = Frame::parse(&hex::decode("01000005010100ff01").unwrap()).unwrap_err();
        assert!(e.to_string().contains("length 255"), "{e}");
    }
}
