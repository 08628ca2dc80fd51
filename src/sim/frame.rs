//! A frame on the air: what it carries, and what it is. Its summary (kind, the ladder's label,
//! the configuration error it carries, whether it refuses the station) is worked out once,
//! as the air sends it; the ladder, the weak signal, the inspector and `simulate` read that,
//! never the bytes again.

use crate::wlan::eapol_key::KeyFrame;
use crate::wlan::frame::{Mgmt, reason, status};
use crate::wlan::station::Sealed;
use crate::wps::attr::Attrs;
use crate::wps::defs::{AttrType, ConfigError, MsgType};
use crate::wps::eap::{EapCode, Frame};
use crate::wps::probe::{ProbeRequest, ProbeResponse};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    Probe(ProbeRequest),
    ProbeResponse(ProbeResponse),
    /// Authentication, Association, Deauthentication.
    Mgmt(Mgmt),
    /// An EAPOL frame of the registration (EAP-WSC).
    Frame(Vec<u8>),
    /// An EAPOL-Key frame of the 4-way handshake.
    Key(Vec<u8>),
    /// A data frame sealed with CCMP (the printer's DHCP, the router's answers).
    Data(Sealed),
    /// Not on the air: a packet on the router's LAN (UPnP, between it and the computer).
    Lan(crate::sim::lan::LanPacket),
}

/// What a frame is, for everything that goes by it (the ladder's folds, the legend, a weak
/// signal): worked out once, when the frame is put on the air, never from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameKind {
    /// A probe request or response: scanning, not the registration itself.
    Scan,
    /// Open System authentication, or an association request or response.
    Joining,
    /// A station sent away, or leaving (the reason says which).
    Deauthentication,
    EapolStart,
    /// EAP-Request/Identity or EAP-Response/Identity.
    Identity,
    WscStart,
    /// A whole WSC message: M1..M8, M2D, WSC_ACK, WSC_NACK, WSC_Done.
    Wsc(MsgType),
    /// A piece of a fragmented WSC message (the message's type when its first piece says
    /// it), or a fragment's acknowledgement.
    Fragment(Option<MsgType>),
    EapSuccess,
    EapFailure,
    /// Message n of the WPA2 4-way handshake.
    FourWay(u8),
    /// A data frame sealed with CCMP.
    Data,
    /// A UPnP packet on the LAN (SSDP, SOAP, GENA), and the WSC message it carries if any.
    Lan(Option<MsgType>),
    /// Another EAP method, or bytes that do not parse.
    Other,
}

impl Payload {
    /// What this frame is (parsed here, once).
    pub fn kind(&self) -> FrameKind {
        match self {
            Payload::Probe(_) | Payload::ProbeResponse(_) => FrameKind::Scan,
            Payload::Mgmt(Mgmt::Deauthentication { .. }) => FrameKind::Deauthentication,
            Payload::Mgmt(_) => FrameKind::Joining,
            Payload::Data(_) => FrameKind::Data,
            Payload::Lan(p) => FrameKind::Lan(p.wsc().and_then(|m| crate::wps::message::msg_type_of(&m))),
            Payload::Key(bytes) => {
                match crate::wlan::eapol_key::KeyFrame::parse(bytes).ok().and_then(|k| k.message()) {
                    Some(m) => FrameKind::FourWay(m.number()),
                    None => FrameKind::Other,
                }
            }
            Payload::Frame(bytes) => match Frame::parse(bytes) {
                Ok(frame) => frame_kind(&frame),
                Err(_) => FrameKind::Other,
            },
        }
    }
}

fn frame_kind(frame: &Frame) -> FrameKind {
    use crate::wps::defs::OpCode;
    use crate::wps::eap::{Eap, EapPayload};
    let Frame::Eap(Eap { code, payload, .. }) = frame else { return FrameKind::EapolStart };
    match (code, payload) {
        (EapCode::Failure, _) => FrameKind::EapFailure,
        (EapCode::Success, _) => FrameKind::EapSuccess,
        (_, EapPayload::Identity(_)) => FrameKind::Identity,
        (_, EapPayload::Wsc { op: OpCode::Start, .. }) => FrameKind::WscStart,
        (_, EapPayload::Wsc { op: OpCode::FragAck, .. }) => FrameKind::Fragment(None),
        (_, EapPayload::Wsc { data, .. }) => match crate::wps::message::msg_type_of(data) {
            Some(t) => FrameKind::Wsc(t),
            // The last piece of a fragmented message has no header of its own.
            None => FrameKind::Fragment(None),
        },
        (_, EapPayload::WscFragment { total, data, .. }) => {
            FrameKind::Fragment(total.and_then(|_| crate::wps::message::msg_type_of_start(data)))
        }
        (_, EapPayload::Other { .. } | EapPayload::None) => FrameKind::Other,
    }
}

/// What the ladder adds to a frame sent again byte for byte (a retransmission).
pub const AGAIN: &str = " (again)";

/// A frame summarised once, as it was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: FrameKind,
    /// "M4", "4-way 2/4", "M3 (again)": what the ladder shows.
    pub label: String,
    /// The configuration error a NACK or M2D carries (a NACK's even when it is 0).
    pub config_error: Option<ConfigError>,
    /// The router refused or dropped the station (an association refused, a handshake given
    /// up): a failing arrow, like a NACK.
    pub refused: bool,
}

impl Summary {
    /// The summary of `payload`; `again` when the same bytes were sent just before.
    pub fn of(payload: &Payload, again: bool) -> Summary {
        let kind = payload.kind();
        let label = label(payload);
        Summary {
            kind,
            label: if again { label + AGAIN } else { label },
            config_error: config_error(kind, payload),
            refused: refused(payload),
        }
    }
}

/// "M4", "Probe Response (WPS, selected, DPID 4)", "EAPOL-Start", ...
pub fn label(payload: &Payload) -> String {
    match payload {
        Payload::Probe(p) => format!("Probe Request (WPS, DPID {})", p.device_password_id.to_u16()),
        Payload::ProbeResponse(r) => match r.wps {
            Some(w) if w.selected_registrar => {
                format!("Probe Response (WPS, selected, DPID {})", w.device_password_id.map_or(0, |d| d.to_u16()))
            }
            Some(_) => "Probe Response (WPS)".into(),
            None => "Probe Response (no WPS)".into(),
        },
        Payload::Frame(bytes) => {
            Frame::parse(bytes).map(|f| f.to_string()).unwrap_or_else(|_| "malformed frame".into())
        }
        Payload::Mgmt(m) => m.to_string(),
        Payload::Key(bytes) => {
            KeyFrame::parse(bytes).map(|f| f.to_string()).unwrap_or_else(|_| "malformed EAPOL-Key".into())
        }
        // The bytes on the air are encrypted; the sender said what it sealed.
        Payload::Data(sealed) => format!("{} (encrypted)", sealed.what),
        Payload::Lan(p) => p.label(),
    }
}

/// An association refused, or the handshake given up (deauthenticated with reason 15).
fn refused(payload: &Payload) -> bool {
    matches!(payload, Payload::Mgmt(Mgmt::Deauthentication { reason: reason::FOURWAY_HANDSHAKE_TIMEOUT }))
        || matches!(payload, Payload::Mgmt(Mgmt::AssociationResponse { status, .. }) if *status != status::SUCCESS)
}

/// The configuration error of a NACK (always) or of an M2D (when not 0).
fn config_error(kind: FrameKind, payload: &Payload) -> Option<ConfigError> {
    let ty @ (MsgType::Nack | MsgType::M2D) = (match kind {
        FrameKind::Wsc(t) => Some(t),
        _ => None,
    })?
    else {
        return None;
    };
    let Payload::Frame(bytes) = payload else { return None };
    let frame = Frame::parse(bytes).ok()?;
    let (_, body) = frame.wsc_data()?;
    let attrs = Attrs::parse(body).ok()?;
    let err = attrs.opt_u16(AttrType::ConfigError).ok()??;
    (err != 0 || ty == MsgType::Nack).then(|| ConfigError::from_u16(err))
}
