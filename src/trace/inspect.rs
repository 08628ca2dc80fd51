//! The message inspector: one frame that crossed the air, with what the message proves in
//! plain words, the contents of its Encrypted Settings decrypted with the run's KeyWrapKey
//! (the emulator holds the keys), and the frame as `decode` shows it (every attribute by name).

use crate::sim::air::{Node, Payload};
use crate::sim::recording::Recording;
use crate::trace::ladder::{LadderEntry, legend_in};
use crate::wlan::frame::{Mgmt, reason, status};
use crate::wps::attr::Attrs;
use crate::wps::defs::{AttrType, OpCode};
use crate::wps::eap::{EapPayload, Frame};

/// What the inspector shows of one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// "M4 · router → printer · 15.3s"
    pub title: String,
    /// What the message proves or carries (the ladder's legend).
    pub proves: Option<&'static str>,
    /// The frame decoded, then its Encrypted Settings decrypted, line by line.
    pub lines: Vec<String>,
}

fn side(node: Node) -> &'static str {
    match node {
        Node::Router => "router",
        Node::Station(0) => "printer",
        Node::Station(_) => "neighbour",
    }
}

/// The Encrypted Settings a WSC message carries, if any.
fn encrypted_settings(bytes: &[u8]) -> Option<Vec<u8>> {
    let Ok(Frame::Eap(eap)) = Frame::parse(bytes) else { return None };
    let EapPayload::Wsc { op: OpCode::Msg, data } = eap.payload else { return None };
    Attrs::parse(&data).ok()?.get(AttrType::EncrSettings).map(<[u8]>::to_vec)
}

/// The inspection of frame `seq`, if it is one that crossed the air.
pub fn inspect(recording: &Recording, seq: u64) -> Option<Inspection> {
    let sent = recording.frame(seq)?;
    let entry = LadderEntry::of(sent);
    let title = format!(
        "{} · {} → {} · {}",
        entry.label,
        side(sent.from),
        side(sent.to),
        crate::format::tenths(sent.at, 1).trim()
    );
    let mut lines = Vec::new();
    match &sent.payload {
        Payload::Frame(bytes) | Payload::Key(bytes) => {
            // What was hidden comes first (it is what a class asks about), then every
            // attribute as `decode` prints it.
            if let Some(sealed) = encrypted_settings(bytes) {
                match recording.keys_for(seq).and_then(|keys| keys.decrypt_settings(&sealed)) {
                    Some(inner) => {
                        lines.push("Encrypted Settings, decrypted (KeyWrapKey):".into());
                        match crate::trace::decode::decode(&inner) {
                            Ok(text) => lines.extend(text.lines().map(|l| format!("  {l}"))),
                            Err(e) => lines.push(format!("  (does not decode: {e})")),
                        }
                    }
                    None => lines.push(
                        "Encrypted Settings: not readable here (the printer had no keys of this run, or they differ)"
                            .into(),
                    ),
                }
                lines.push(String::new());
            }
            match crate::trace::decode::decode(bytes) {
                Ok(text) => lines.extend(text.lines().map(str::to_string)),
                Err(e) => lines.push(format!("(does not decode: {e})")),
            }
        }
        Payload::Probe(p) => lines.push(format!("802.11 Probe Request with a WPS element: {p:?}")),
        Payload::ProbeResponse(p) => lines.push(format!("802.11 Probe Response: {p:?}")),
        Payload::Mgmt(m) => {
            lines.push(format!("802.11 management frame: {m}"));
            match m {
                Mgmt::Deauthentication { reason: code } => {
                    lines.push(format!("Reason {code}: {}", reason::meaning(*code)));
                }
                Mgmt::Authentication { transaction: 2, status: code }
                | Mgmt::AssociationResponse { status: code, .. } => {
                    lines.push(format!("Status {code}: {}", status::meaning(*code)));
                }
                Mgmt::AssociationRequest { ssid, rsn } => {
                    let purpose = if *rsn { "to join it with WPA2 (an RSN element)" } else { "to register by WPS (a WPS element)" };
                    lines.push(format!("For network \"{}\", {purpose}", crate::text::printable(ssid)));
                }
                Mgmt::Authentication { .. } => {}
            }
        }
        Payload::Data(_) => lines.push(
            "802.11 data frame sealed with CCMP: only the two ends, with the key the 4-way handshake made, read the DHCP inside"
                .into(),
        ),
    }
    if !sent.delivered {
        lines.insert(0, "This frame was lost on the way: the other side never heard it.".into());
    }
    Some(Inspection { title, proves: legend_in(recording.sent(), seq), lines })
}
