//! The router's UPnP device facing whatever a LAN sends: real requests (shaped as
//! wpa_supplicant's external registrar sends them) and searches, mutated with structure
//! (cut, spliced, bytes changed, lengths lied about, XML nested), and sequences of
//! subscriptions, renewals, relays and the passing of time. The device must never panic,
//! must answer every HTTP request with a status UPnP allows, must answer a search with at
//! most one datagram per target, and must number each subscriber's events 0, 1, 2, ...
//!
//! `PROPTEST_CASES` raises the case counts.

use std::net::SocketAddrV4;
use std::time::Duration;

use printer_panel::sim::models;
use printer_panel::upnp::device::{DeviceConfig, Transmit, UpnpDevice, UpnpEvent};
use printer_panel::upnp::http::{Message as _, Parsed, Request};
use printer_panel::upnp::soap::{self, Action, WlanEventType};
use printer_panel::upnp::{CONTROL_PATH, DESCRIPTION_PATH, EVENTS_PATH, SCPD_PATH, ssdp};
use printer_panel::wps::entropy::Csprng;
use printer_panel::wps::message::Mac;
use proptest::prelude::*;

fn cases(local: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(local)
}

fn device(seed: u64) -> UpnpDevice {
    let ids = models::Identities::draw(&mut Csprng::from_seed(seed));
    let registrar = models::router_registrar(&models::RouterSetup::default(), &ids);
    let config = DeviceConfig {
        uuid: registrar.uuid_r,
        mac: registrar.mac,
        device: registrar.device,
        base_url: "http://192.168.50.1:49152".into(),
        dh_private_len: printer_panel::wps::crypto::dh::PRIVATE_LEN,
        ap_pin: Some(b"12345670".as_slice().into()),
    };
    UpnpDevice::new(config, Box::new(Csprng::from_seed(seed + 1)))
}

/// Real requests, as bytes on the wire.
fn corpus() -> Vec<Vec<u8>> {
    let mac = Mac([2, 0, 0, 0, 0x0b, 1]);
    let mut out = Vec::new();
    for action in [
        Action::GetDeviceInfo,
        Action::PutMessage(vec![0x10, 0x4a, 0, 1, 0x10, 0x10, 0x22, 0, 1, 5]),
        Action::PutWlanResponse { message: vec![0x10, 0x4a, 0, 1, 0x10], kind: WlanEventType::Eap, mac },
        Action::SetSelectedRegistrar(vec![0x10, 0x4a, 0, 1, 0x10, 0x10, 0x41, 0, 1, 1]),
    ] {
        let (header, body) = soap::request(&action);
        let req = Request::new("POST", CONTROL_PATH)
            .with_header("Host", "192.168.50.1:49152")
            .with_header("SOAPACTION", header)
            .with_body("text/xml; charset=\"utf-8\"", body);
        out.push(req.emit());
    }
    out.push(
        Request::new("SUBSCRIBE", EVENTS_PATH)
            .with_header("HOST", "192.168.50.1:49152")
            .with_header("CALLBACK", "<http://192.168.50.2:49153/event/1/1>")
            .with_header("NT", "upnp:event")
            .with_header("TIMEOUT", "Second-1800")
            .emit(),
    );
    out.push(Request::new("GET", DESCRIPTION_PATH).with_header("Host", "192.168.50.1:49152").emit());
    out.push(Request::new("GET", SCPD_PATH).with_header("Host", "192.168.50.1:49152").emit());
    out
}

/// A mutation with structure: where to act, and how.
#[derive(Debug, Clone)]
enum Mutation {
    Cut(usize),
    Flip(usize, u8),
    Splice(usize, usize, usize),
    LieAboutLength(u32),
    NestXml(usize),
    Insert(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), any::<usize>(), any::<usize>()).prop_map(|(a, b, c)| Mutation::Splice(a, b, c)),
        any::<u32>().prop_map(Mutation::LieAboutLength),
        (0usize..2000).prop_map(Mutation::NestXml),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 0..64)).prop_map(|(a, b)| Mutation::Insert(a, b)),
    ]
}

fn mutate(mut bytes: Vec<u8>, m: &Mutation, corpus: &[Vec<u8>]) -> Vec<u8> {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match m {
        Mutation::Cut(i) => bytes.truncate(at(*i, bytes.len())),
        Mutation::Flip(i, b) => {
            if !bytes.is_empty() {
                let n = bytes.len();
                bytes[i % n] ^= b | 1;
            }
        }
        Mutation::Splice(i, other, j) => {
            let donor = &corpus[other % corpus.len()];
            let mut out = bytes[..at(*i, bytes.len())].to_vec();
            out.extend_from_slice(&donor[at(*j, donor.len())..]);
            bytes = out;
        }
        Mutation::LieAboutLength(n) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            bytes = match text.find("Content-Length: ") {
                Some(i) => {
                    let end = i + text[i..].find("\r\n").unwrap_or(text.len() - i);
                    format!("{}Content-Length: {n}{}", &text[..i], &text[end..]).into_bytes()
                }
                None => text.replacen("\r\n\r\n", &format!("\r\nContent-Length: {n}\r\n\r\n"), 1).into_bytes(),
            };
        }
        Mutation::NestXml(depth) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let nested = format!("{}x{}", "<a>".repeat(*depth), "</a>".repeat(*depth));
            bytes = text.replacen("<s:Body>", &format!("<s:Body>{nested}"), 1).into_bytes();
        }
        Mutation::Insert(i, extra) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, extra.iter().copied());
        }
    }
    bytes
}

const ALLOWED: [u16; 8] = [200, 400, 404, 405, 412, 413, 500, 501];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    /// Mutated requests: parsed or refused, never a panic; a whole request always gets an
    /// answer UPnP allows, and a SOAP fault's body is XML.
    #[test]
    fn mutated_requests_are_answered_or_refused(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 1..4), seed in 0u64..4) {
        let corpus = corpus();
        let mut bytes = corpus[which % corpus.len()].clone();
        for m in &mutations {
            bytes = mutate(bytes, m, &corpus);
        }
        let mut d = device(seed);
        if let Ok(Parsed::Complete(req, used)) = Request::parse(&bytes) {
            prop_assert!(used <= bytes.len());
            let resp = d.handle_request(Duration::ZERO, &req);
            prop_assert!(ALLOWED.contains(&resp.status), "status {} for {:?}", resp.status, String::from_utf8_lossy(&bytes));
            if resp.status == 500 {
                let body = String::from_utf8(resp.body.clone()).unwrap();
                prop_assert!(body.contains("<errorCode>"), "{body}");
            }
            prop_assert!(matches!(printer_panel::upnp::http::Response::parse(&resp.emit()), Ok(Parsed::Complete(..))));
        }
        while d.poll_event().is_some() {}
    }

    /// `decode` given mutated UPnP bodies (what a person pastes from Wireshark): decoded or
    /// refused with a sentence, never a panic, never a raw escape in what it prints.
    #[test]
    fn mutated_upnp_bodies_decode_or_are_refused(which in any::<usize>(), mutations in proptest::collection::vec(mutation(), 0..4)) {
        let mut corpus: Vec<Vec<u8>> = corpus().into_iter().filter_map(|r| match Request::parse(&r) {
            Ok(Parsed::Complete(req, _)) if !req.body.is_empty() => Some(req.body),
            _ => None,
        }).collect();
        let event = printer_panel::upnp::gena::wlan_event(WlanEventType::Eap, Mac([2, 0, 0, 0, 0x0b, 1]), &[0x10, 0x4a, 0, 1, 0x10, 0x10, 0x22, 0, 1, 4]);
        corpus.push(printer_panel::upnp::gena::wlan_event_property_set(&event).into_bytes());
        let mut bytes = corpus[which % corpus.len()].clone();
        for m in &mutations {
            bytes = mutate(bytes, m, &corpus);
        }
        let text = String::from_utf8_lossy(&bytes);
        match printer_panel::trace::decode::decode_text(&text) {
            Ok(said) => prop_assert!(!said.contains('\u{1b}'), "{said}"),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    /// Datagrams to the SSDP group, real searches mutated: never more than four answers
    /// (one per target) for one datagram, each well-formed, none before it is due.
    #[test]
    fn mutated_searches_get_at_most_one_answer_per_target(mutations in proptest::collection::vec(mutation(), 0..3), mx in 0u8..10) {
        let corpus = vec![
            ssdp::search_for_wps_devices(mx),
            b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\nST: ssdp:all\r\n\r\n".to_vec(),
        ];
        let mut bytes = corpus[0].clone();
        for m in &mutations {
            bytes = mutate(bytes, m, &corpus);
        }
        let mut d = device(1);
        let from: SocketAddrV4 = "192.168.50.2:40000".parse().unwrap();
        let _ = d.handle_datagram(Duration::ZERO, from, &bytes);
        prop_assert!(d.poll_transmit().is_none(), "answered before its delay");
        d.handle_timeout(Duration::from_secs(10));
        let mut answers = 0;
        while let Some(t) = d.poll_transmit() {
            if let Transmit::Datagram { to, bytes } = t {
                prop_assert_eq!(to, from);
                prop_assert!(ssdp::parse_advertisement(&bytes).is_some() || bytes.starts_with(b"HTTP/1.1 200 OK"));
                answers += 1;
            }
        }
        prop_assert!(answers <= 4, "{answers} answers");
    }

    /// Subscriptions, renewals, cancellations, relays and time in any order: each
    /// subscriber's events are numbered 0, 1, 2, ... without a gap, and nobody expired or
    /// unsubscribed hears anything after.
    #[test]
    fn event_numbers_run_on_without_gaps(steps in proptest::collection::vec((0u8..5, 0u8..3, 0u64..2000), 1..40)) {
        let mut d = device(2);
        let mut now = Duration::ZERO;
        let mut sids: Vec<String> = Vec::new();
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let mut gone: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (kind, who, secs) in steps {
            match kind {
                0 => {
                    let req = Request::new("SUBSCRIBE", EVENTS_PATH)
                        .with_header("CALLBACK", format!("<http://192.168.50.{}:5000/e>", 2 + who))
                        .with_header("NT", "upnp:event");
                    let resp = d.handle_request(now, &req);
                    prop_assert_eq!(resp.status, 200);
                    sids.push(resp.header("SID").unwrap().to_string());
                }
                1 if !sids.is_empty() => {
                    let sid = sids[usize::from(who) % sids.len()].clone();
                    let _ = d.handle_request(now, &Request::new("SUBSCRIBE", EVENTS_PATH).with_header("SID", sid));
                }
                2 if !sids.is_empty() => {
                    let sid = sids.remove(usize::from(who) % sids.len());
                    let _ = d.handle_request(now, &Request::new("UNSUBSCRIBE", EVENTS_PATH).with_header("SID", sid));
                }
                3 => d.relay(WlanEventType::Eap, Mac([2, 0, 0, 0, 0, who]), &[0x10, 0x4a, 0, 1, 0x10]),
                _ => {
                    now += Duration::from_secs(secs);
                    d.handle_timeout(now);
                }
            }
            while let Some(event) = d.poll_event() {
                if let UpnpEvent::Unsubscribed { sid } | UpnpEvent::Expired { sid } | UpnpEvent::Dropped { sid } = event {
                    gone.insert(format!("uuid:{sid}"));
                }
            }
            while let Some(t) = d.poll_transmit() {
                if let Transmit::Notify { request, .. } = t {
                    let sid = request.header("SID").unwrap().to_string();
                    prop_assert!(!gone.contains(&sid), "{} heard after it left", sid);
                    let seq: u32 = request.header("SEQ").unwrap().parse().unwrap();
                    let want = seen.get(&sid).map_or(0, |s| s + 1);
                    prop_assert_eq!(seq, want, "subscriber {}", sid);
                    seen.insert(sid, seq);
                }
            }
        }
    }
}
