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
    /// "15.3s · M4 · router → printer": the time first, as on the ladder's rows, so that a
    /// narrow pane cuts the direction (the ladder's arrow shows it), never the time.
    pub title: String,
    /// What the message proves or carries (the ladder's legend).
    pub proves: Option<&'static str>,
    /// The frame decoded, then its Encrypted Settings decrypted, line by line.
    pub lines: Vec<String>,
    /// The secrets those lines show (the network key M8 hands over), as shown: what class
    /// mode hides.
    pub secrets: Vec<String>,
}

fn side(node: Node) -> &'static str {
    match node {
        Node::Router => "router",
        Node::Station(0) => "printer",
        Node::Station(_) => "neighbour",
        Node::Computer => "computer",
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
        "{} · {} · {} → {}",
        crate::format::tenths(sent.at, 1).trim(),
        entry.label,
        side(sent.from),
        side(sent.to)
    );
    let mut lines = Vec::new();
    let mut secrets = Vec::new();
    match &sent.payload {
        Payload::Frame(bytes) | Payload::Key(bytes) => {
            // What was hidden comes first (it is what a class asks about), then every
            // attribute as `decode` prints it.
            if let Some(sealed) = encrypted_settings(bytes) {
                opened_settings(recording, seq, &sealed, &mut lines, &mut secrets);
            }
            match crate::trace::decode::decode(bytes) {
                Ok(text) => lines.extend(text.lines().map(str::to_string)),
                Err(e) => lines.push(format!("(does not decode: {e})")),
            }
        }
        Payload::Probe(p) => {
            lines.push("802.11 Probe Request for any network, with a WPS element:".into());
            lines.push(format!("  From {}, UUID-E {}", p.mac, p.uuid_e));
            lines.push(format!("  Device name \"{}\"", crate::text::printable(&p.device_name)));
            lines.push(format!(
                "  Device Password ID: {} (0x{:04x})",
                p.device_password_id,
                p.device_password_id.to_u16()
            ));
            lines.push(format!("  Config Methods: 0x{:04x}", p.config_methods));
        }
        Payload::ProbeResponse(p) => {
            lines.push(format!("802.11 Probe Response from {}", p.bssid));
            match &p.wps {
                None => lines.push("  No WPS element: WPS is off at this router.".into()),
                Some(wps) => {
                    lines.push(format!(
                        "  WPS element: Selected Registrar {}",
                        if wps.selected_registrar { "yes (a PIN or push button is waiting)" } else { "no" }
                    ));
                    if let Some(id) = wps.device_password_id {
                        lines.push(format!("  Device Password ID: {id} (0x{:04x})", id.to_u16()));
                    }
                    if wps.setup_locked {
                        lines.push("  AP Setup Locked: yes".into());
                    }
                    lines.push(format!("  Config Methods: 0x{:04x}", wps.config_methods));
                }
            }
        }
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
                    let purpose = if rsn.is_some() {
                        "to join it with WPA2 (an RSN element)"
                    } else {
                        "to register by WPS (a WPS element)"
                    };
                    lines.push(format!("For network \"{}\", {purpose}", crate::text::printable(ssid)));
                    if let Some(element) = rsn {
                        let asked = crate::wlan::rsn::Rsn::parse(element)
                            .map_or_else(|| "unreadable".to_string(), |r| r.to_string());
                        lines.push(format!("RSN element: {asked}; message 2 must carry the same"));
                    }
                }
                Mgmt::Authentication { .. } => {}
            }
        }
        Payload::Lan(packet) => {
            let (from, to) = packet.ends();
            let what = match packet {
                crate::sim::lan::LanPacket::Udp { .. } => "UDP (SSDP)",
                _ => "TCP (HTTP)",
            };
            lines.push(format!("On the router's wired network, {what}: {from} → {to}"));
            let text = String::from_utf8_lossy(packet.bytes());
            let head = text.split("\r\n\r\n").next().unwrap_or_default();
            lines.extend(head.lines().take(12).map(|l| format!("  {}", crate::text::printable(l.as_bytes()))));
            if let Some(message) = packet.wsc() {
                lines.push(String::new());
                lines.push("The WSC message it carries (base64 in the XML body):".into());
                if let Some(sealed) =
                    Attrs::parse(&message).ok().and_then(|a| a.get(AttrType::EncrSettings).map(<[u8]>::to_vec))
                {
                    opened_settings(recording, seq, &sealed, &mut lines, &mut secrets);
                }
                match crate::trace::decode::decode(&message) {
                    Ok(text) => lines.extend(text.lines().map(str::to_string)),
                    Err(e) => lines.push(format!("(does not decode: {e})")),
                }
            }
        }
        Payload::Data(sealed) => {
            let station = match (sent.from, sent.to) {
                (Node::Station(i), _) | (_, Node::Station(i)) => i,
                _ => 0,
            };
            lines.extend(opened(recording, seq, station, sent.from == Node::Router, sealed));
        }
    }
    if !sent.delivered && matches!(sent.payload, Payload::Lan(_)) {
        lines.insert(
            0,
            "This packet did not get through: the computer is on the guest network, kept apart from the router's own."
                .into(),
        );
    } else if !sent.delivered {
        lines.insert(0, "This frame was lost on the way: the other side never heard it.".into());
    }
    Some(Inspection { title, proves: legend_in(recording.sent(), seq), lines, secrets })
}

/// Encrypted Settings decrypted with the printer's session keys of the run (what a class
/// asks about), with the network key they hold noted as a secret; or why they cannot be.
fn opened_settings(recording: &Recording, seq: u64, sealed: &[u8], lines: &mut Vec<String>, secrets: &mut Vec<String>) {
    match recording.keys_for(seq).and_then(|keys| keys.decrypt_settings(sealed)) {
        Some(inner) => {
            // The network key, as decode shows it: in quotes as text, else in hex.
            if let Some(key) = network_key(&inner) {
                secrets.extend([crate::text::printable(&key), hex::encode(&key)]);
            }
            lines.push("Encrypted Settings, decrypted (KeyWrapKey):".into());
            match crate::trace::decode::decode(&inner) {
                Ok(text) => lines.extend(text.lines().map(|l| format!("  {l}"))),
                Err(e) => lines.push(format!("  (does not decode: {e})")),
            }
        }
        None => lines
            .push("Encrypted Settings: not readable here (the printer had no keys of this run, or they differ)".into()),
    }
    lines.push(String::new());
}

/// The Network Key in decrypted settings, inside its Credential or on its own (M7's).
fn network_key(settings: &[u8]) -> Option<Vec<u8>> {
    let attrs = Attrs::parse(settings).ok()?;
    if let Some(key) = attrs.get(AttrType::NetworkKey) {
        return Some(key.to_vec());
    }
    let credential = attrs.get(AttrType::Credential)?;
    Attrs::parse(credential).ok()?.get(AttrType::NetworkKey).map(<[u8]>::to_vec)
}

/// A CCMP data frame opened with the temporal key its join's 4-way handshake made (the
/// emulator holds it, as it holds the KeyWrapKey), and the DHCP message inside, field by field.
fn opened(
    recording: &Recording,
    seq: u64,
    station: usize,
    from_router: bool,
    sealed: &crate::wlan::station::Sealed,
) -> Vec<String> {
    use crate::wlan::dhcp::opt;
    use crate::wlan::frame::Direction;
    let mut lines = vec!["802.11 data frame sealed with CCMP (AES-CCM): only the two ends hold its key".to_string()];
    let keys = recording.link_keys_for(seq, station);
    if keys.is_empty() {
        lines.push("Not readable here: no 4-way handshake had made a key for it.".into());
        return lines;
    }
    let dir = if from_router { Direction::FromAp } else { Direction::ToAp };
    // The one whose integrity check passes is the key it was sealed under.
    let opened = keys.iter().find_map(|key| {
        let header = crate::wlan::frame::data_header(dir, true, &key.sta, &key.bssid, &sealed.third, 0);
        crate::wlan::ccmp::open(&key.tk, &header, &sealed.body).ok()
    });
    let Some((pn, plaintext)) = opened else {
        lines.push("Does not open with the key of any 4-way handshake of this run.".into());
        return lines;
    };
    lines.push(format!("Opened with the temporal key (TK) of the 4-way handshake: packet number {pn}"));
    let Some(m) = crate::wlan::dhcp::decapsulate(&plaintext) else {
        lines.push(format!("  {} bytes that are not DHCP", plaintext.len()));
        return lines;
    };
    let kind = m.kind().map_or("DHCP (no message type)", |k| k.name());
    lines.push(format!("  {kind}, transaction 0x{:08x}, client {}", m.xid, m.chaddr));
    if !m.yiaddr.is_unspecified() {
        lines.push(format!("  Your address: {}", m.yiaddr));
    }
    let ip = |code| m.option_ip(code).map(|a| a.to_string());
    let shown: [(&str, Option<String>); 7] = [
        ("Requested address", ip(opt::REQUESTED_IP)),
        ("Server", ip(opt::SERVER_ID)),
        ("Subnet mask", ip(opt::SUBNET_MASK)),
        ("Router", ip(opt::ROUTER)),
        ("DNS server", ip(opt::DNS)),
        (
            "Lease time",
            m.option(opt::LEASE_TIME)
                .and_then(|v| <[u8; 4]>::try_from(v).ok())
                .map(|v| format!("{} s", u32::from_be_bytes(v))),
        ),
        ("Host name", m.option(opt::HOST_NAME).map(|v| format!("\"{}\"", crate::text::printable(v)))),
    ];
    for (name, value) in shown {
        if let Some(value) = value {
            lines.push(format!("  {name}: {value}"));
        }
    }
    lines
}
