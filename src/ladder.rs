//! What the message ladder says about each frame: a label worked out once when the frame
//! is sent, the configuration error that marks a failing arrow, and runs of scans folded
//! into one row. The panel and `simulate` both draw from these.

use crate::air::{Node, Payload, Sent};
use crate::wlan::eapol_key::KeyFrame;
use crate::wlan::frame::{Mgmt, reason, status};
use crate::wps::attr::Attrs;
use crate::wps::defs::{AttrType, ConfigError, MsgType};
use crate::wps::eap::Frame;
use crate::wps::message;
use crate::wps::time::Time;

/// One arrow of the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderEntry {
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub label: String,
    /// The configuration error a NACK or M2D carries (a NACK's even when it is 0).
    pub config_error: Option<ConfigError>,
    pub delivered: bool,
    /// A probe or probe response: scanning, not the registration itself.
    pub scan: bool,
    /// The router refused or dropped the printer (an association refused, a handshake given
    /// up): a failing arrow, like a NACK.
    pub refused: bool,
}

/// What the ladder adds to a frame sent again byte for byte (a retransmission).
pub const AGAIN: &str = " (again)";

impl LadderEntry {
    pub fn of(sent: &Sent) -> LadderEntry {
        LadderEntry {
            seq: sent.seq,
            at: sent.at,
            from: sent.from,
            to: sent.to,
            label: if sent.again { label(&sent.payload) + AGAIN } else { label(&sent.payload) },
            config_error: config_error(&sent.payload),
            delivered: sent.delivered,
            scan: matches!(sent.payload, Payload::Probe(_) | Payload::ProbeResponse(_)),
            refused: refused(&sent.payload),
        }
    }

    /// A configuration error other than 0, or a refusal: the arrow where the run failed.
    pub fn failure(&self) -> bool {
        self.config_error.is_some_and(|c| c != ConfigError::NoError) || self.refused
    }
}

/// "M4", "Probe Response (WPS, selected, DPID 4)", "EAPOL-Start", ...
pub fn label(payload: &Payload) -> String {
    match payload {
        Payload::Probe(p) => format!("Probe Request (WPS, DPID {})", p.device_password_id),
        Payload::ProbeResponse(r) => match r.wps {
            Some(w) if w.selected_registrar => {
                format!("Probe Response (WPS, selected, DPID {})", w.device_password_id.unwrap_or(0))
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
    }
}

/// An association refused, or the handshake given up (deauthenticated with reason 15).
fn refused(payload: &Payload) -> bool {
    matches!(payload, Payload::Mgmt(Mgmt::Deauthentication { reason: reason::FOURWAY_HANDSHAKE_TIMEOUT }))
        || matches!(payload, Payload::Mgmt(Mgmt::AssociationResponse { status, .. }) if *status != status::SUCCESS)
}

/// The configuration error of a NACK (always) or of an M2D (when not 0).
pub fn config_error(payload: &Payload) -> Option<ConfigError> {
    let Payload::Frame(bytes) = payload else { return None };
    let frame = Frame::parse(bytes).ok()?;
    let (_, body) = frame.wsc_data()?;
    let attrs = Attrs::parse(body).ok()?;
    let ty = message::msg_type(&attrs).ok()?;
    if !matches!(ty, MsgType::Nack | MsgType::M2D) {
        return None;
    }
    let err = attrs.opt_u16(AttrType::ConfigError).ok()??;
    (err != 0 || ty == MsgType::Nack).then(|| ConfigError::from_u16(err))
}

/// One drawn row: an entry, or several scans folded together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The frame the row stands for (the last one, for folded rows): for the inspector.
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub label: String,
    pub failure: bool,
    pub delivered: bool,
    pub scan: bool,
}

/// The ladder's rows, oldest first, with runs of scans folded into one row each, and the
/// printer's repeated "not yet" rounds (M1 answered by M2D, then EAP-Failure, while no PIN
/// is at the router) shown in full once and then counted on one row.
pub fn rows(entries: &[LadderEntry]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut scan_run = 0usize;
    let mut round_start = 0usize;
    let mut not_yet_rounds = 0usize;
    let mut summary: Option<usize> = None;
    for e in entries {
        if e.scan {
            scan_run += 1;
            if scan_run > 2 {
                // Fold: the row above says how many scans there were.
                if let Some(last) = rows.last_mut() {
                    last.seq = e.seq;
                    last.at = e.at;
                    last.label = format!("scanning: probe request/response ×{}", scan_run.div_ceil(2));
                    last.from = Node::PRINTER;
                    last.delivered = e.delivered;
                }
                if scan_run == 3
                    && let Some(first) = rows.len().checked_sub(2)
                {
                    rows.remove(first);
                }
                continue;
            }
        } else {
            scan_run = 0;
        }
        let mut label = e.label.clone();
        // EAP-WSC ends in EAP-Failure even when it worked: say so where people would worry.
        if label == "EAP-Failure" && rows.last().is_some_and(|r| r.label == "WSC_Done") {
            label.push_str(" (normal: WSC always ends so)");
        }
        if let Some(c) = e.config_error {
            label.push_str(&format!(" ✗ config_error={}", c.to_u16()));
        }
        let ends_round = e.label == "EAP-Failure";
        rows.push(Row {
            seq: e.seq,
            at: e.at,
            from: e.from,
            to: e.to,
            label,
            failure: e.failure(),
            delivered: e.delivered,
            scan: e.scan,
        });
        if ends_round {
            let round = &rows[round_start.min(rows.len())..];
            let not_yet = round.iter().any(|r| r.label == "M2D") && !round.iter().any(|r| r.label == "M2");
            if not_yet {
                not_yet_rounds += 1;
                if not_yet_rounds > 1 {
                    rows.truncate(round_start);
                    let at = e.at;
                    let label = format!("M1 → M2D again (not yet) ×{}", not_yet_rounds - 1);
                    match summary {
                        Some(i) if i < rows.len() => {
                            rows[i].label = label;
                            rows[i].at = at;
                            rows[i].seq = e.seq;
                        }
                        _ => {
                            let row = Row {
                                seq: e.seq,
                                at,
                                from: Node::PRINTER,
                                to: Node::Router,
                                label,
                                failure: false,
                                delivered: true,
                                scan: true,
                            };
                            rows.push(row);
                            summary = Some(rows.len() - 1);
                        }
                    }
                }
            }
            round_start = rows.len();
        }
    }
    rows
}

/// The ladder's messages, one line each: what crosses, what it carries, what it proves.
pub const LEGEND: &[(&str, &str)] = &[
    ("Probe Request/Response", "the printer asks who offers WPS; the router says so (and if push button is on)"),
    ("Authentication, Association", "the printer joins the router's radio, with the WPS element, to register"),
    ("EAPOL-Start ... WSC_Start", "the printer starts EAP; the router asks who it is and starts WPS"),
    ("M1", "printer: its nonce, public key and description (name, model, UUID)"),
    ("M2", "router: its nonce and public key; both now derive the keys (Diffie-Hellman)"),
    ("M2D", "router: 'not yet' (no PIN or button there for this device), or an overlap"),
    ("M3", "printer: E-Hash1 and E-Hash2, commitments to the two halves of the PIN"),
    ("M4", "router: R-Hash1/2, and R-S1 encrypted: proves it knows the PIN's first half"),
    ("M5", "printer: E-S1 encrypted: proves it knows the first half too"),
    ("M6", "router: R-S2 encrypted: proves the second half (a wrong PIN fails here or at M4)"),
    ("M7", "printer: E-S2 encrypted: proves its second half"),
    ("M8", "router: the Wi-Fi settings (network name and password), encrypted"),
    ("WSC_Done, EAP-Failure", "the printer has them; EAP-WSC always ends in EAP-Failure, even so"),
    ("WSC_NACK", "one side refuses (configuration error 18: the PIN did not match)"),
    ("4-way 1/4 ... 4/4", "the join: both prove the same password (MIC), the group key is sent"),
    ("DHCP (encrypted)", "the printer asks for an address in frames sealed with the new key"),
];

/// The legend's line for a ladder label ("M4", "4-way 2/4", "EAP-Failure ..."), if any.
pub fn legend_of(label: &str) -> Option<&'static str> {
    let first = label.split_whitespace().next().unwrap_or_default();
    LEGEND
        .iter()
        .find(|(name, _)| {
            name.split([',', '/']).any(|part| part.trim() == first) || name.starts_with(&format!("{first} "))
        })
        .map(|(_, what)| *what)
}
