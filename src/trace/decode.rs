//! `printer-panel decode`: a WSC message, an attribute list or a whole EAPOL frame, as
//! readable named attributes.

use crate::text::printable;
use crate::wps::attr::{Attr, Attrs};
use crate::wps::defs::{self, AttrType, ConfigError, DevicePasswordId, MsgType, OpCode, WFA_VENDOR_ID};
use crate::wps::eap::{Eap, EapCode, EapPayload, FLAG_LF, Frame, WSC_BODY_OFFSET, WSC_FLAGS_OFFSET};
use crate::wps::error::ParseError;
use crate::wps::ids::{Mac, Uuid};

/// How deep attributes may nest (a Credential holds attributes; nothing real goes deeper).
const MAX_NESTING: usize = 4;

/// Hex with any spacing, colons or dashes between bytes, and an optional `0x`.
pub fn parse_hex(input: &str) -> Result<Vec<u8>, ParseError> {
    let trimmed = input.trim();
    let trimmed = trimmed.strip_prefix("0x").or_else(|| trimmed.strip_prefix("0X")).unwrap_or(trimmed);
    let digits: String = trimmed.chars().filter(|c| !c.is_whitespace() && *c != ':' && *c != '-').collect();
    if digits.is_empty() {
        return Err(ParseError::NotHex("no hex digits given".into()));
    }
    if let Some((i, c)) = digits.char_indices().find(|(_, c)| !c.is_ascii_hexdigit()) {
        let c = crate::text::printable(c.to_string().as_bytes());
        return Err(ParseError::NotHex(format!("'{c}' at position {i} is not a hex digit")));
    }
    if !digits.len().is_multiple_of(2) {
        return Err(ParseError::NotHex(format!("odd number of hex digits ({})", digits.len())));
    }
    hex::decode(&digits).map_err(|e| ParseError::NotHex(e.to_string()))
}

/// What a person pastes: hex (any spacing), base64 (as UPnP carries WSC messages), or a
/// UPnP body (SOAP or GENA XML, or a whole HTTP message holding one), whose WSC messages are
/// found by their elements and decoded. tshark shows these bodies but not the messages in
/// them.
pub fn decode_text(input: &str) -> Result<String, ParseError> {
    if let Some(start) = input.find('<') {
        return decode_upnp(&input[start..]);
    }
    match parse_hex(input) {
        Ok(bytes) => decode(&bytes),
        Err(not_hex) => {
            use base64::Engine as _;
            let compact: String = input.split_whitespace().collect();
            match base64::engine::general_purpose::STANDARD.decode(&compact) {
                Ok(bytes) if !bytes.is_empty() => {
                    decode(&bytes).map(|t| format!("(base64, {} bytes)\n{t}", bytes.len()))
                }
                _ => Err(not_hex),
            }
        }
    }
}

/// The elements of WFAWLANConfig's actions and events that carry WSC messages.
const UPNP_CARRIERS: [&str; 5] = ["NewDeviceInfo", "NewInMessage", "NewOutMessage", "NewMessage", "WLANEvent"];

fn decode_upnp(xml: &str) -> Result<String, ParseError> {
    use crate::upnp::gena;
    use base64::Engine as _;
    let bad = ParseError::Upnp;
    let doc = roxmltree::Document::parse(xml.trim()).map_err(|e| bad(format!("the body is not XML: {e}")))?;
    let mut out = String::new();
    for carrier in UPNP_CARRIERS {
        let Some(node) = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == carrier) else { continue };
        let compact: String = node.text().unwrap_or_default().split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(compact)
            .map_err(|_| bad(format!("{carrier} is not base64")))?;
        if carrier == "WLANEvent" {
            let Some((kind, mac, message)) = gena::read_wlan_event(&bytes) else {
                return Err(bad("WLANEvent: too short, an unknown type or a bad MAC address".into()));
            };
            out.push_str(&format!("WLANEvent: {kind:?} from {mac}, {} bytes\n", message.len()));
            if !message.is_empty() {
                out.push_str(&decode(message)?);
            }
        } else {
            out.push_str(&format!("{carrier}: {} bytes\n", bytes.len()));
            out.push_str(&decode(&bytes)?);
        }
    }
    for arg in ["NewWLANEventType", "NewWLANEventMAC"] {
        if let Some(node) = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == arg) {
            out.push_str(&format!("{arg}: {}\n", printable(node.text().unwrap_or_default().trim().as_bytes())));
        }
    }
    if out.is_empty() {
        return Err(bad(format!("no WSC message in that UPnP body (looked for {})", UPNP_CARRIERS.join(", "))));
    }
    Ok(out)
}

/// Decodes bytes as an EAPOL frame when they look like one, else as attributes.
pub fn decode(bytes: &[u8]) -> Result<String, ParseError> {
    if let Some(eapol_len) = eapol_length(bytes) {
        let end = 4 + eapol_len;
        if end > bytes.len() {
            return Err(ParseError::Frame {
                layer: "EAPOL header",
                offset: 2,
                why: format!("says {eapol_len} bytes follow, but only {} do: the frame is cut short", bytes.len() - 4),
            });
        }
        let mut text = decode_frame(&bytes[..end])?;
        if end < bytes.len() {
            let extra = bytes.len() - end;
            text.push_str(&format!(
                "{extra} bytes after the EAPOL frame's own length (Ethernet padding?): {}\n",
                hex::encode(&bytes[end..])
            ));
        }
        Ok(text)
    } else if looks_like_eap(bytes) {
        // A bare EAP packet: decode it as the EAPOL frame that would carry it.
        let mut framed = vec![1, 0];
        framed.extend_from_slice(&(bytes.len() as u16).to_be_bytes());
        framed.extend_from_slice(bytes);
        decode_frame(&framed).map(|t| format!("(an EAP packet, shown in its EAPOL frame)\n{t}"))
    } else {
        let mut out = String::new();
        attributes(&mut out, bytes, 0, 0, 0)?;
        Ok(out)
    }
}

/// The body length an EAPOL header declares, if the bytes start like one (version 1 to 3,
/// a known packet type). It may be shorter than what follows (Ethernet pads short frames),
/// or longer (a frame cut short). WSC attributes start 0x10, so they never look like this;
/// a bare EAP packet declares its whole length, more than an EAPOL body could hold.
fn eapol_length(bytes: &[u8]) -> Option<usize> {
    if bytes.len() < 4 || !(1..=3).contains(&bytes[0]) || bytes[1] > 4 {
        return None;
    }
    let declared = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
    (!looks_like_eap(bytes) || declared <= bytes.len() - 4).then_some(declared)
}

/// An EAPOL-Key frame of the 4-way handshake: which message, its Key Information bits, and
/// the fields that matter; the key data of message 3 is encrypted and stays hex.
fn decode_key_frame(bytes: &[u8]) -> Result<String, ParseError> {
    use crate::wlan::eapol_key::{KeyFrame, info};
    let k =
        KeyFrame::parse(bytes).map_err(|e| ParseError::Frame { layer: "EAPOL-Key", offset: 0, why: e.to_string() })?;
    let bits: Vec<&str> = [
        (info::PAIRWISE, "Pairwise"),
        (info::INSTALL, "Install"),
        (info::ACK, "Ack"),
        (info::MIC, "MIC"),
        (info::SECURE, "Secure"),
        (info::ERROR, "Error"),
        (info::REQUEST, "Request"),
        (info::ENCRYPTED_KEY_DATA, "Encrypted Key Data"),
    ]
    .iter()
    .filter(|(bit, _)| k.has(*bit))
    .map(|(_, name)| *name)
    .collect();
    let mut out = format!(
        "EAPOL version {}, {} bytes: EAPOL-Key, {k}
",
        bytes[0],
        bytes.len()
    );
    out.push_str(&format!(
        "  Key Information 0x{:04x}: descriptor version 2 (HMAC-SHA1 MIC, AES key wrap), {}
",
        k.info,
        bits.join(", ")
    ));
    out.push_str(&format!(
        "  Key Length {}, Replay Counter {}
",
        k.key_length, k.replay_counter
    ));
    if k.nonce != [0; 32] {
        out.push_str(&format!(
            "  Nonce {}
",
            hex::encode(k.nonce)
        ));
    }
    if k.has(info::MIC) {
        out.push_str(&format!(
            "  MIC {} (HMAC-SHA1 under the KCK: checks only with the right password)
",
            hex::encode(k.mic)
        ));
    }
    if !k.data.is_empty() {
        let what = if k.has(info::ENCRYPTED_KEY_DATA) {
            "wrapped under the KEK (RSN element and group key)"
        } else {
            "the station's RSN element"
        };
        out.push_str(&format!(
            "  Key Data, {} bytes, {what}: {}
",
            k.data.len(),
            hex::encode(&k.data)
        ));
    }
    Ok(out)
}

/// An EAP header (code 1-4) whose length is the whole input (WSC attributes start 0x10).
fn looks_like_eap(bytes: &[u8]) -> bool {
    bytes.len() >= 4
        && (1..=4).contains(&bytes[0])
        && usize::from(u16::from_be_bytes([bytes[2], bytes[3]])) == bytes.len()
}

fn decode_frame(bytes: &[u8]) -> Result<String, ParseError> {
    if crate::wlan::eapol_key::is_key_frame(bytes) {
        return decode_key_frame(bytes);
    }
    let frame = Frame::parse(bytes)?;
    let mut out = format!("EAPOL version {}, {} bytes: {frame}\n", bytes[0], bytes.len());
    if let Frame::Eap(Eap { code, id, payload }) = &frame {
        out.push_str(&format!("  EAP {code:?}, identifier {id}\n"));
        match payload {
            EapPayload::Identity(identity) => {
                out.push_str(&format!("  Identity \"{}\"\n", printable(identity)));
            }
            EapPayload::Wsc { op, data } => {
                out.push_str(&format!("  EAP-WSC (expanded type 254, vendor 00372a, type 1), op-code {op}\n"));
                if *op == OpCode::Msg && crate::wps::message::is_fragment_tail(data) {
                    out.push_str(&format!(
                        "  the last fragment of a longer message: {} bytes that join the earlier fragments\n",
                        data.len()
                    ));
                } else if !data.is_empty() {
                    // With the Length Field flag, two bytes of length come before the body.
                    let length_field = bytes.get(WSC_FLAGS_OFFSET).is_some_and(|f| f & FLAG_LF != 0);
                    let base = WSC_BODY_OFFSET + if length_field { 2 } else { 0 };
                    attributes(&mut out, data, 2, base, 0)?;
                }
            }
            EapPayload::WscFragment { op, total, data } => {
                out.push_str(&format!(
                    "  EAP-WSC (expanded type 254, vendor 00372a, type 1), op-code {op}, More Fragments\n"
                ));
                if let Some(total) = total {
                    out.push_str(&format!("  Length Field: the whole message has {total} bytes\n"));
                }
                out.push_str(&format!(
                    "  a fragment of {} bytes: its attributes are decoded once the message is whole\n",
                    data.len()
                ));
            }
            EapPayload::Other { ty, data } => out.push_str(&format!("  EAP type {ty}, {} bytes\n", data.len())),
            EapPayload::None if *code == EapCode::Failure => {
                out.push_str("  (EAP-WSC always ends in EAP-Failure, even after a success)\n");
            }
            EapPayload::None => {}
        }
    }
    Ok(out)
}

fn attributes(out: &mut String, bytes: &[u8], indent: usize, base: usize, depth: usize) -> Result<(), ParseError> {
    let attrs = Attrs::parse_at(bytes, base)?;
    for attr in attrs.iter() {
        attribute(out, attr, indent, depth)?;
    }
    Ok(())
}

fn attribute(out: &mut String, attr: &Attr<'_>, indent: usize, depth: usize) -> Result<(), ParseError> {
    let pad = " ".repeat(indent);
    let v = attr.value;
    let head = format!("{pad}{} (0x{:04x}, {} bytes)", attr.ty, attr.ty.to_u16(), v.len());
    let as_u16 = || (v.len() == 2).then(|| u16::from_be_bytes([v[0], v[1]]));
    let text = match attr.ty {
        AttrType::Credential => {
            if depth >= MAX_NESTING {
                return Err(ParseError::TooDeep { attr: attr.ty, offset: attr.offset, limit: MAX_NESTING });
            }
            out.push_str(&format!("{head}:\n"));
            return attributes(out, v, indent + 2, attr.offset + 4, depth + 1);
        }
        AttrType::VendorExt => vendor_ext(v),
        AttrType::Version if v.len() == 1 => format!("0x{:02x}", v[0]),
        AttrType::MsgType if v.len() == 1 => format!("{} (0x{:02x})", MsgType::from_u16(u16::from(v[0])), v[0]),
        AttrType::UuidE | AttrType::UuidR if v.len() == 16 => Uuid::try_from(v).expect("16 bytes").to_string(),
        AttrType::MacAddr if v.len() == 6 => Mac::try_from(v).expect("6 bytes").to_string(),
        AttrType::AuthTypeFlags | AttrType::AuthType if v.len() == 2 => {
            let f = as_u16().unwrap_or(0);
            format!("0x{f:04x} {}", defs::auth_type_names(f))
        }
        AttrType::EncrTypeFlags | AttrType::EncrType if v.len() == 2 => {
            let f = as_u16().unwrap_or(0);
            format!("0x{f:04x} {}", defs::encr_type_names(f))
        }
        AttrType::ConfigError if v.len() == 2 => {
            let e = as_u16().unwrap_or(0);
            format!("{e} ({})", ConfigError::from_u16(e))
        }
        AttrType::DevicePasswordId if v.len() == 2 => {
            let d = as_u16().unwrap_or(0);
            format!("{d} ({})", DevicePasswordId::from_u16(d))
        }
        AttrType::WpsState if v.len() == 1 => match v[0] {
            1 => "1 (not configured)".into(),
            2 => "2 (configured)".into(),
            n => n.to_string(),
        },
        AttrType::ConfigMethods | AttrType::SelRegConfigMethods | AttrType::AssocState if v.len() == 2 => {
            format!("0x{:04x}", as_u16().unwrap_or(0))
        }
        AttrType::OsVersion if v.len() == 4 => format!("0x{}", hex::encode(v)),
        AttrType::PrimaryDevType if v.len() == 8 => {
            format!(
                "{}-{}-{}",
                u16::from_be_bytes([v[0], v[1]]),
                hex::encode_upper(&v[2..6]),
                u16::from_be_bytes([v[6], v[7]])
            )
        }
        AttrType::EncrSettings if v.len() >= 16 => {
            format!(
                "IV {} + {} bytes of ciphertext (readable only with the session's KeyWrapKey)",
                hex::encode(&v[..16]),
                v.len() - 16
            )
        }
        AttrType::Manufacturer
        | AttrType::ModelName
        | AttrType::ModelNumber
        | AttrType::SerialNumber
        | AttrType::DeviceName
        | AttrType::Ssid
        | AttrType::NetworkKey
            if v.iter().all(|b| (0x20..0x7f).contains(b)) =>
        {
            format!("\"{}\"", printable(v))
        }
        _ if v.len() == 1 => format!("{} (0x{:02x})", v[0], v[0]),
        _ => hex::encode(v),
    };
    out.push_str(&format!("{head}: {text}\n"));
    Ok(())
}

/// The WFA vendor extension: subelements (id, length, value); Version2 is id 0.
fn vendor_ext(v: &[u8]) -> String {
    if v.len() < 3 || v[..3] != WFA_VENDOR_ID {
        return format!(
            "vendor {} data {}",
            hex::encode(v.get(..3).unwrap_or(v)),
            hex::encode(v.get(3..).unwrap_or(&[]))
        );
    }
    let mut parts = vec!["WFA".to_string()];
    let mut rest = &v[3..];
    while rest.len() >= 2 {
        let (id, len) = (rest[0], usize::from(rest[1]));
        let Some(value) = rest.get(2..2 + len) else {
            parts.push(format!("truncated subelement {id}"));
            break;
        };
        parts.push(match (id, value) {
            (0, [ver]) => format!("Version2 {}.{}", ver >> 4, ver & 0x0f),
            (1, macs) => format!("AuthorizedMACs {}", macs.chunks(6).map(hex::encode).collect::<Vec<_>>().join(",")),
            (other, val) => format!("subelement {other} = {}", hex::encode(val)),
        });
        rest = &rest[2 + len..];
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eapol_key_frame_is_decoded_as_a_handshake_message() {
        use crate::wlan::eapol_key::{KeyFrame, info};
        let m3 = KeyFrame::new(
            2,
            info::PAIRWISE | info::INSTALL | info::ACK | info::MIC | info::SECURE | info::ENCRYPTED_KEY_DATA,
            16,
            2,
            [7; 32],
            vec![1; 24],
        );
        let text = decode(&m3.to_bytes()).unwrap();
        assert!(text.contains("EAPOL-Key, 4-way 3/4"), "{text}");
        assert!(text.contains("Install, Ack, MIC, Secure, Encrypted Key Data"), "{text}");
        assert!(text.contains("wrapped under the KEK"), "{text}");
        assert!(decode(&m3.to_bytes()[..60]).is_err(), "cut short");
    }

    #[test]
    fn upnp_bodies_and_base64_are_decoded() {
        use crate::upnp::{gena, soap};
        let m2d = crate::wps::message::header(MsgType::M2D).finish();
        let mac = Mac([2, 0, 0, 0, 0x0b, 1]);
        // A PutWLANResponse as a computer sends it, inside its HTTP message.
        let (_, body) =
            soap::request(&soap::Action::PutWlanResponse { message: m2d.clone(), kind: soap::WlanEventType::Eap, mac });
        let said = decode_text(&format!("POST /control HTTP/1.1\r\nHOST: x\r\n\r\n{body}")).unwrap();
        assert!(said.contains("NewMessage: ") && said.contains("M2D"), "{said}");
        assert!(said.contains("NewWLANEventMAC: 02:00:00:00:0b:01"), "{said}");
        // A GENA NOTIFY's WLANEvent: its type and MAC, then the message.
        let event = gena::wlan_event_property_set(&gena::wlan_event(soap::WlanEventType::Eap, mac, &m2d));
        let said = decode_text(&event).unwrap();
        assert!(said.starts_with("WLANEvent: Eap from 02:00:00:00:0b:01"), "{said}");
        // Bare base64, and the refusals.
        use base64::Engine as _;
        let said = decode_text(&base64::engine::general_purpose::STANDARD.encode(&m2d)).unwrap();
        assert!(said.starts_with("(base64, "), "{said}");
        assert!(decode_text("<a>nothing</a>").unwrap_err().to_string().contains("no WSC message"));
        assert!(decode_text("<WLANEvent>!!</WLANEvent>").unwrap_err().to_string().contains("not base64"));
        assert!(decode_text("<unclosed").is_err());
    }

    #[test]
    fn hex_with_spacing_and_bad_digits() {
        assert_eq!(parse_hex("10 4a:00-01 10").unwrap(), vec![0x10, 0x4a, 0x00, 0x01, 0x10]);
        assert_eq!(parse_hex("0x0a0b").unwrap(), vec![0x0a, 0x0b]);
        assert!(parse_hex("10 4g").unwrap_err().to_string().contains("'g' at position 3"));
        assert!(parse_hex("abc").unwrap_err().to_string().contains("odd"));
        assert!(parse_hex("  ").is_err());
    }

    #[test]
    fn decodes_a_nack_and_a_credential() {
        let nack = "104a000110102200010e101a0010198d0d25912c371ceb078933e125d7431039001067a55361ee72c2214878c570899ff2a0100900020012";
        let text = decode(&parse_hex(nack).unwrap()).unwrap();
        assert!(text.contains("Message Type (0x1022, 1 bytes): WSC_NACK (0x0e)"), "{text}");
        assert!(
            text.contains("Configuration Error (0x1009, 2 bytes): 18 (Device password authentication failure)"),
            "{text}"
        );
        let cred = "100e0028102600010110450007546573745750411003000200201027000431323334102000062a000000000a";
        let text = decode(&parse_hex(cred).unwrap()).unwrap();
        assert!(text.contains("  SSID (0x1045, 7 bytes): \"TestWPA\""), "{text}");
        assert!(text.contains("0x0020 WPA2-PSK"), "{text}");
    }

    #[test]
    fn a_bare_eap_packet_is_decoded_too() {
        let text = decode(&parse_hex("0101000efe00372a000000010100").unwrap()).unwrap();
        assert!(text.contains("op-code WSC_Start"), "{text}");
        assert!(text.starts_with("(an EAP packet"), "{text}");
    }

    #[test]
    fn truncated_input_names_the_offset() {
        let err = decode(&parse_hex("104a00051010").unwrap()).unwrap_err();
        assert_eq!(err.to_string(), "Version at offset 0 says 5 bytes but only 2 follow");
    }

    #[test]
    fn an_eapol_frame_is_read_by_its_own_length_and_padding_is_reported() {
        // EAPOL-Start padded to Ethernet's minimum, as Wireshark copies it.
        let mut start = vec![1, 1, 0, 0];
        start.extend([0u8; 42]);
        let text = decode(&start).unwrap();
        assert!(text.starts_with("EAPOL version 1, 4 bytes: EAPOL-Start"), "{text}");
        assert!(text.contains("42 bytes after the EAPOL frame's own length"), "{text}");
    }

    #[test]
    fn a_frame_cut_short_is_blamed_on_the_eapol_layer() {
        // WSC_Start, one byte missing at the end.
        let bytes = parse_hex("0100000e0101000efe00372a0000000101").unwrap();
        let err = decode(&bytes).unwrap_err().to_string();
        assert!(err.starts_with("EAPOL header at offset 2: says 14 bytes follow, but only 13 do"), "{err}");
    }

    #[test]
    fn an_identity_with_terminal_escapes_is_shown_escaped() {
        let text = decode(&parse_hex("0100001302010013011b5b3f31303439681b5b3f32356c").unwrap()).unwrap();
        assert!(!text.contains('\u{1b}'), "no raw escape reaches the terminal: {text:?}");
        assert!(text.contains("Identity \"\\u{1b}[?1049h\\u{1b}[?25l\""), "{text}");
    }

    #[test]
    fn credentials_nested_too_deep_are_refused_with_a_clear_message() {
        // Credential inside Credential inside ... six deep, around a Network Index.
        let mut inner = parse_hex("1026000101").unwrap();
        for _ in 0..6 {
            let mut outer = vec![0x10, 0x0e];
            outer.extend((inner.len() as u16).to_be_bytes());
            outer.extend(&inner);
            inner = outer;
        }
        let err = decode(&inner).unwrap_err().to_string();
        assert_eq!(err, "Credential at offset 16 is nested more than 4 deep");
    }

    #[test]
    fn offsets_count_the_length_field_when_the_flag_is_set() {
        // WSC_MSG with the Length Field flag: EAP header, expanded type, vendor, op-code 4,
        // flags 0x02, total length 5, then a Version attribute that says 5 bytes but has 1.
        let body = [0x10, 0x4a, 0x00, 0x05, 0x10];
        let mut eap = vec![0x01, 0x01, 0, 0, 0xfe, 0x00, 0x37, 0x2a, 0, 0, 0, 1, 0x04, 0x02, 0x00, 0x05];
        eap.extend(body);
        let n = (eap.len() as u16).to_be_bytes();
        eap[2..4].copy_from_slice(&n);
        let frame = [&[1, 0][..], &n, &eap].concat();
        let err = decode(&frame).unwrap_err().to_string();
        assert_eq!(err, "Version at offset 20 says 5 bytes but only 1 follow", "the body starts at byte 20");
    }

    #[test]
    fn fragments_say_what_they_are() {
        use crate::wps::eap::Eap;
        let first = Frame::Eap(Eap {
            code: EapCode::Request,
            id: 3,
            payload: EapPayload::WscFragment { op: OpCode::Msg, total: Some(400), data: vec![0x10, 0x4a, 0, 1, 0x10] },
        });
        let text = decode(&first.to_bytes()).unwrap();
        assert!(text.contains("More Fragments"), "{text}");
        assert!(text.contains("the whole message has 400 bytes"), "{text}");
        let last = Frame::wsc(EapCode::Request, 4, OpCode::Msg, vec![0xaa; 9]);
        let text = decode(&last.to_bytes()).unwrap();
        assert!(text.contains("the last fragment of a longer message: 9 bytes"), "{text}");
    }
}
