//! What the message ladder says about each frame: a label worked out once when the frame
//! is sent, the configuration error that marks a failing arrow, and runs of scans folded
//! into one row. The panel and `simulate` both draw from these.

use crate::sim::air::{FrameKind, Node, Sent};
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::time::Time;

/// One arrow of the ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LadderEntry {
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub label: String,
    /// What the frame is: what the ladder folds by and the legend is found by.
    pub kind: FrameKind,
    /// The configuration error a NACK or M2D carries (a NACK's even when it is 0).
    pub config_error: Option<ConfigError>,
    pub delivered: bool,
    /// A probe or probe response: scanning, not the registration itself.
    pub scan: bool,
    /// The router refused or dropped the printer (an association refused, a handshake given
    /// up): a failing arrow, like a NACK.
    pub refused: bool,
    /// Which of the station's WPS attempts it belongs to: folds never cross attempts.
    pub attempt: u32,
}

impl LadderEntry {
    pub fn of(sent: &Sent) -> LadderEntry {
        LadderEntry {
            seq: sent.seq,
            at: sent.at,
            from: sent.from,
            to: sent.to,
            label: sent.summary.label.clone(),
            kind: sent.summary.kind,
            config_error: sent.summary.config_error,
            delivered: sent.delivered,
            scan: sent.summary.kind == FrameKind::Scan,
            refused: sent.summary.refused,
            attempt: sent.attempt,
        }
    }

    /// A configuration error other than 0, or a refusal: the arrow where the run failed.
    pub fn failure(&self) -> bool {
        self.config_error.is_some_and(|c| c != ConfigError::NoError) || self.refused
    }
}

pub use crate::sim::frame::label;

/// One drawn row: an entry, or several scans folded together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The frame the row stands for (the last one, for folded rows): for the inspector.
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub label: String,
    /// The frame's kind (the last one's, for folded rows).
    pub kind: FrameKind,
    pub failure: bool,
    pub delivered: bool,
    pub scan: bool,
}

/// The ladder's rows, oldest first, with runs of scans folded into one row each, and the
/// printer's repeated "not yet" rounds (M1 answered by M2D, then EAP-Failure, while no PIN
/// is at the router) shown in full once and then counted on one row. A run of rounds is one
/// attempt's, unbroken: a new attempt (a new PIN, the button held again) or a round that was
/// not "not yet" starts the count again, so every attempt's start is shown and the rows stay
/// in time order.
pub fn rows(entries: &[LadderEntry]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut scan_run = 0usize;
    let mut round_start = 0usize;
    let mut not_yet_rounds = 0usize;
    let mut summary: Option<usize> = None;
    let mut attempt = None;
    for e in entries {
        if attempt != Some(e.attempt) {
            // A new attempt: nothing before it is folded with what follows.
            attempt = Some(e.attempt);
            (round_start, not_yet_rounds, summary) = (rows.len(), 0, None);
        }
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
        let ends_round = e.kind == FrameKind::EapFailure;
        // EAP-WSC ends in EAP-Failure even when it worked: say so where people would worry.
        if ends_round && rows.last().is_some_and(|r| r.kind == FrameKind::Wsc(MsgType::Done)) {
            label.push_str(" (normal: WSC always ends so)");
        }
        if let Some(c) = e.config_error {
            label.push_str(&format!(" ✗ config_error={}", c.to_u16()));
        }
        rows.push(Row {
            seq: e.seq,
            at: e.at,
            from: e.from,
            to: e.to,
            label,
            kind: e.kind,
            failure: e.failure(),
            delivered: e.delivered,
            scan: e.scan,
        });
        if ends_round {
            let round = &rows[round_start.min(rows.len())..];
            // "Not yet": the router answered M1 with a plain M2D (no configuration error).
            let not_yet = round.iter().any(|r| r.kind == FrameKind::Wsc(MsgType::M2D) && !r.failure)
                && !round.iter().any(|r| r.kind == FrameKind::Wsc(MsgType::M2));
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
                                kind: e.kind,
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
            if !not_yet {
                // A round that went further breaks the run.
                (not_yet_rounds, summary) = (0, None);
            }
            round_start = rows.len();
        }
    }
    rows
}

/// A line of the legend: the messages it is about, and what they carry and prove.
pub type LegendLine = (&'static str, &'static str);

const SCANNING: LegendLine =
    ("Probe Request/Response", "the printer asks who offers WPS; the router says so (and if push button is on)");
const JOINING_RADIO: LegendLine =
    ("Authentication, Association", "the printer joins the router's radio, with the WPS element, to register");
const STARTING: LegendLine =
    ("EAPOL-Start ... WSC_Start", "the printer starts EAP; the router asks who it is and starts WPS");
const M1: LegendLine = ("M1", "printer: its nonce, public key and description (name, model, UUID)");
const M2: LegendLine = ("M2", "router: its nonce and public key; both now derive the keys (Diffie-Hellman)");
const M2D: LegendLine = ("M2D", "router: 'not yet' (no PIN or button there for this device), or an overlap");
const M3: LegendLine = ("M3", "printer: E-Hash1 and E-Hash2, commitments to the two halves of the PIN");
const M4: LegendLine = ("M4", "router: R-Hash1/2, and R-S1 encrypted: proves it knows the PIN's first half");
const M5: LegendLine = ("M5", "printer: E-S1 encrypted: proves it knows the first half too");
const M6: LegendLine = ("M6", "router: R-S2 encrypted: proves the second half (a wrong PIN fails here or at M4)");
const M7: LegendLine = ("M7", "printer: E-S2 encrypted: proves its second half");
const M8: LegendLine = ("M8", "router: the Wi-Fi settings (network name and password), encrypted");
const DONE: LegendLine = ("WSC_Done, EAP-Failure", "the printer has them; EAP-WSC always ends in EAP-Failure, even so");
const NACK: LegendLine = ("WSC_NACK", "one side refuses (configuration error 18: the PIN did not match)");
const FOUR_WAY: LegendLine =
    ("4-way 1/4 ... 4/4", "the join: both prove the same password (MIC), the group key is sent");
const DHCP: LegendLine = ("DHCP (encrypted)", "the printer asks for an address in frames sealed with the new key");
const UPNP: LegendLine = (
    "SSDP, GET, SUBSCRIBE, NOTIFY",
    "on the wire, not the air: the computer finds the router (UPnP), subscribes to its events, hears the printer's M1",
);

/// The ladder's messages, one line each: what crosses, what it carries, what it proves.
pub const LEGEND: &[LegendLine] =
    &[SCANNING, JOINING_RADIO, STARTING, M1, M2, M2D, M3, M4, M5, M6, M7, M8, DONE, NACK, FOUR_WAY, DHCP, UPNP];

/// What an EAP-Failure proves when no WSC_Done came before it: the session ended with nothing
/// delivered (after M2D: "not yet"; after a NACK: the refusal).
pub const ENDED_WITHOUT_CREDENTIAL: &str =
    "the router ends the EAP session: no Wi-Fi settings crossed (after M2D, 'not yet'; after a NACK, a refusal)";

/// The legend's line for frame `seq` of `sent`: as `legend_of` its kind, but an EAP-Failure
/// proves the printer has the settings only when its WSC_Done came just before it.
pub fn legend_in(sent: &[Sent], seq: u64) -> Option<&'static str> {
    let at = sent.iter().position(|s| s.seq == seq)?;
    let kind = sent[at].summary.kind;
    if kind != FrameKind::EapFailure {
        return legend_of(kind);
    }
    let (from, to) = (sent[at].from, sent[at].to);
    // The frame before it in the same conversation (either way), scans and others' aside.
    let before = sent[..at]
        .iter()
        .rev()
        .find(|s| (s.from == to && s.to == from) || (s.from == from && s.to == to))
        .map(|s| s.summary.kind);
    match before {
        Some(FrameKind::Wsc(MsgType::Done)) => legend_of(kind),
        _ => Some(ENDED_WITHOUT_CREDENTIAL),
    }
}

/// The legend's line for a kind of frame, if it has one.
pub fn legend_of(kind: FrameKind) -> Option<&'static str> {
    let line = match kind {
        FrameKind::Scan => SCANNING,
        FrameKind::Joining => JOINING_RADIO,
        FrameKind::EapolStart | FrameKind::Identity | FrameKind::WscStart => STARTING,
        FrameKind::Wsc(t) | FrameKind::Fragment(Some(t)) => match t {
            MsgType::M1 => M1,
            MsgType::M2 => M2,
            MsgType::M2D => M2D,
            MsgType::M3 => M3,
            MsgType::M4 => M4,
            MsgType::M5 => M5,
            MsgType::M6 => M6,
            MsgType::M7 => M7,
            MsgType::M8 => M8,
            MsgType::Done => DONE,
            MsgType::Nack => NACK,
            _ => return None,
        },
        FrameKind::EapFailure => DONE,
        // A WSC message relayed over the LAN proves what it proves on the air.
        FrameKind::Lan(Some(t)) => return legend_of(FrameKind::Wsc(t)),
        FrameKind::Lan(None) => UPNP,
        FrameKind::FourWay(_) => FOUR_WAY,
        FrameKind::Data => DHCP,
        FrameKind::Deauthentication | FrameKind::Fragment(None) | FrameKind::EapSuccess | FrameKind::Other => {
            return None;
        }
    };
    Some(line.1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::air::Payload;

    fn entry(seq: u64, from: Node, kind: FrameKind, label: &str) -> LadderEntry {
        let to = if from == Node::Router { Node::PRINTER } else { Node::Router };
        let at = Time::from_secs(seq);
        let (config_error, delivered, scan, refused) = (None, true, kind == FrameKind::Scan, false);
        LadderEntry { seq, at, from, to, label: label.into(), kind, config_error, delivered, scan, refused, attempt: 1 }
    }

    /// Three "not yet" rounds, each frame labelled with a word that is no message name:
    /// the ladder folds by what the frames are, so the words do not matter.
    #[test]
    fn rounds_fold_by_kind_whatever_the_labels_say() {
        let mut entries = Vec::new();
        let mut seq = 0;
        for _ in 0..3 {
            for (from, kind) in [
                (Node::PRINTER, FrameKind::Wsc(MsgType::M1)),
                (Node::Router, FrameKind::Wsc(MsgType::M2D)),
                (Node::PRINTER, FrameKind::Wsc(MsgType::Nack)),
                (Node::Router, FrameKind::EapFailure),
            ] {
                seq += 1;
                entries.push(entry(seq, from, kind, "renamed"));
            }
        }
        let rows = rows(&entries);
        assert_eq!(rows.len(), 5, "the first round in full, then one row counting the others: {rows:#?}");
        assert_eq!(rows[4].label, "M1 → M2D again (not yet) ×2");
        assert_eq!(rows[4].seq, seq, "the count row stands for the newest frame");
    }

    /// Two attempts (a PIN that expired, then a new one), each with "not yet" rounds: the
    /// second attempt's first round is shown in full after the first's count, the counts do
    /// not add up across attempts, and the rows stay in time order (the count row of the first
    /// attempt used to be moved to the second's time, its start dropped).
    #[test]
    fn not_yet_rounds_are_counted_per_attempt() {
        let mut entries = Vec::new();
        let mut seq = 0;
        for attempt in [1, 2] {
            for _ in 0..3 {
                for (from, kind) in [
                    (Node::PRINTER, FrameKind::Wsc(MsgType::M1)),
                    (Node::Router, FrameKind::Wsc(MsgType::M2D)),
                    (Node::Router, FrameKind::EapFailure),
                ] {
                    seq += 1;
                    entries.push(LadderEntry { attempt, ..entry(seq, from, kind, "") });
                }
            }
        }
        let rows = rows(&entries);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            ["", "", "", "M1 → M2D again (not yet) ×2", "", "", "", "M1 → M2D again (not yet) ×2"],
            "{rows:#?}"
        );
        assert!(rows.windows(2).all(|w| w[0].at <= w[1].at), "in time order: {rows:#?}");
    }

    #[test]
    fn a_wsc_done_makes_the_eap_failure_normal_whatever_its_label() {
        let entries = [
            entry(1, Node::PRINTER, FrameKind::Wsc(MsgType::Done), "finished"),
            entry(2, Node::Router, FrameKind::EapFailure, "the end"),
        ];
        assert_eq!(rows(&entries)[1].label, "the end (normal: WSC always ends so)");
    }

    fn sent(seq: u64, from: Node, kind: FrameKind) -> Sent {
        let to = if from == Node::Router { Node::PRINTER } else { Node::Router };
        let summary = crate::sim::frame::Summary { kind, label: String::new(), config_error: None, refused: false };
        let payload = Payload::Frame(Vec::new());
        Sent { seq, at: Time::from_secs(seq), from, to, payload, summary, delivered: true, again: false, attempt: 1 }
    }

    /// An EAP-Failure proves the printer has the settings only after its WSC_Done; after a
    /// "not yet" round (M2D, NACK) the inspector says nothing crossed.
    #[test]
    fn an_eap_failure_proves_what_came_before_it() {
        let not_yet = [
            sent(1, Node::PRINTER, FrameKind::Wsc(MsgType::M1)),
            sent(2, Node::Router, FrameKind::Wsc(MsgType::M2D)),
            sent(3, Node::PRINTER, FrameKind::Wsc(MsgType::Nack)),
            sent(4, Node::Router, FrameKind::EapFailure),
        ];
        assert_eq!(legend_in(&not_yet, 4), Some(ENDED_WITHOUT_CREDENTIAL));
        let done =
            [sent(1, Node::PRINTER, FrameKind::Wsc(MsgType::Done)), sent(2, Node::Router, FrameKind::EapFailure)];
        assert_eq!(legend_in(&done, 2), Some(DONE.1));
        assert_eq!(legend_in(&done, 1), Some(DONE.1), "WSC_Done's own line");
    }

    #[test]
    fn every_message_of_a_registration_and_join_has_its_legend_line() {
        let kinds = [MsgType::M1, MsgType::M2, MsgType::M2D, MsgType::M3, MsgType::M8, MsgType::Done, MsgType::Nack]
            .map(FrameKind::Wsc)
            .into_iter()
            .chain([
                FrameKind::Scan,
                FrameKind::Joining,
                FrameKind::EapolStart,
                FrameKind::FourWay(2),
                FrameKind::Data,
            ]);
        for kind in kinds {
            let line = legend_of(kind).unwrap_or_else(|| panic!("{kind:?} has no legend line"));
            assert!(LEGEND.iter().any(|(_, what)| *what == line), "{kind:?}: its line is in the help's legend");
        }
        assert_eq!(legend_of(FrameKind::Wsc(MsgType::M4)), Some(M4.1));
        assert_eq!(legend_of(FrameKind::Deauthentication), None, "a station sent away joins nothing");
    }
}
