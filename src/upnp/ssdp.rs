//! SSDP, UPnP's discovery over UDP multicast (239.255.255.250:1900): a control point's
//! M-SEARCH, the device's answers (one per matching target, unicast to the asker), and the
//! device's own NOTIFY announcements (`ssdp:alive` on start and before they expire,
//! `ssdp:byebye` on leaving). hostapd's `wps_upnp_ssdp.c` answers the same targets.

use super::http::{HttpError, Message as _, Parsed, Request, Response};
use super::{DEVICE_TYPE, SERVICE_TYPE};
use crate::wps::message::Uuid;

/// The multicast group and port every SSDP message goes to.
pub const GROUP: [u8; 4] = [239, 255, 255, 250];
pub const PORT: u16 = 1900;
/// How long an announcement holds before the device must renew it: hostapd's 1800 s.
pub const MAX_AGE: u32 = 1800;
/// The most a device waits before answering a search (the asker's MX caps it).
pub const MAX_MX: u8 = 5;
/// What the device says it runs: no product name, as hostapd says.
pub const SERVER: &str = "printer-panel UPnP/1.0 WFADevice/1.0";

/// What a search asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    All,
    RootDevice,
    Uuid(Uuid),
    Device,
    Service,
}

impl Target {
    fn parse(st: &str) -> Option<Target> {
        let st = st.trim();
        match st {
            "ssdp:all" => Some(Target::All),
            "upnp:rootdevice" => Some(Target::RootDevice),
            s if s.eq_ignore_ascii_case(DEVICE_TYPE) => Some(Target::Device),
            s if s.eq_ignore_ascii_case(SERVICE_TYPE) => Some(Target::Service),
            s => s.strip_prefix("uuid:").and_then(Uuid::parse_text).map(Target::Uuid),
        }
    }

    /// The NT or ST text naming this target for the device `uuid`, and its USN.
    fn named(self, uuid: Uuid) -> (String, String) {
        let id = format!("uuid:{uuid}");
        match self {
            Target::RootDevice => ("upnp:rootdevice".into(), format!("{id}::upnp:rootdevice")),
            Target::Uuid(_) => (id.clone(), id),
            Target::Device => (DEVICE_TYPE.into(), format!("{id}::{DEVICE_TYPE}")),
            Target::Service | Target::All => (SERVICE_TYPE.into(), format!("{id}::{SERVICE_TYPE}")),
        }
    }
}

/// Every target the device answers for: its root, itself, its device type, its service.
fn all_targets(uuid: Uuid) -> [Target; 4] {
    [Target::RootDevice, Target::Uuid(uuid), Target::Device, Target::Service]
}

/// A control point's M-SEARCH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Search {
    pub target: Target,
    /// The longest the asker waits for answers, in seconds (1 to 5 used).
    pub mx: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsdpError {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("a datagram cut short")]
    Truncated,
    #[error("{0}")]
    Invalid(&'static str),
}

fn whole(datagram: &[u8]) -> Result<Request, SsdpError> {
    match Request::parse(datagram)? {
        Parsed::Complete(req, _) => Ok(req),
        Parsed::Partial => Err(SsdpError::Truncated),
    }
}

/// A datagram to the group: a search this device should answer (`Ok(Some)`), someone
/// else's business (`Ok(None)`: another device's NOTIFY, a search for other things), or
/// a malformed search (the UPnP rules: a search without `MAN: "ssdp:discover"` or MX is
/// ignored, and said so in the log).
pub fn parse_search(datagram: &[u8]) -> Result<Option<Search>, SsdpError> {
    let req = whole(datagram)?;
    if !req.method.eq_ignore_ascii_case("M-SEARCH") {
        return Ok(None);
    }
    if req.target != "*" {
        return Err(SsdpError::Invalid("M-SEARCH not for *"));
    }
    if req.header("MAN").map(str::trim) != Some("\"ssdp:discover\"") {
        return Err(SsdpError::Invalid("M-SEARCH without MAN: \"ssdp:discover\""));
    }
    let mx = req.header("MX").and_then(|v| v.trim().parse::<u32>().ok());
    let Some(mx) = mx else { return Err(SsdpError::Invalid("M-SEARCH without a numeric MX")) };
    let Some(st) = req.header("ST") else { return Err(SsdpError::Invalid("M-SEARCH without ST")) };
    Ok(Target::parse(st).map(|target| Search { target, mx: mx.min(u32::from(MAX_MX)) as u8 }))
}

/// The answers to `search` from the device `uuid` described at `location`: one per
/// target that matches (four for `ssdp:all`), none for another device's UUID.
pub fn answers(search: &Search, uuid: Uuid, location: &str) -> Vec<Vec<u8>> {
    let targets: Vec<Target> = match search.target {
        Target::All => all_targets(uuid).to_vec(),
        Target::Uuid(asked) if asked != uuid => Vec::new(),
        one => vec![one],
    };
    targets
        .into_iter()
        .map(|t| {
            let (st, usn) = t.named(uuid);
            Response::new(200)
                .with_header("CACHE-CONTROL", format!("max-age={MAX_AGE}"))
                .with_header("EXT", "")
                .with_header("LOCATION", location)
                .with_header("SERVER", SERVER)
                .with_header("ST", st)
                .with_header("USN", usn)
                .emit()
        })
        .collect()
}

/// The device's announcements: one NOTIFY per target, `ssdp:alive` or `ssdp:byebye`.
pub fn announcements(uuid: Uuid, location: &str, alive: bool) -> Vec<Vec<u8>> {
    all_targets(uuid)
        .into_iter()
        .map(|t| {
            let (nt, usn) = t.named(uuid);
            let mut req = Request::new("NOTIFY", "*").with_header("HOST", "239.255.255.250:1900");
            if alive {
                req = req
                    .with_header("CACHE-CONTROL", format!("max-age={MAX_AGE}"))
                    .with_header("LOCATION", location)
                    .with_header("SERVER", SERVER);
            }
            req.with_header("NT", nt)
                .with_header("NTS", if alive { "ssdp:alive" } else { "ssdp:byebye" })
                .with_header("USN", usn)
                .emit()
        })
        .collect()
}

/// The search a control point sends for WPS devices (`wps_er_ssdp.c` asks the same).
pub fn search_for_wps_devices(mx: u8) -> Vec<u8> {
    Request::new("M-SEARCH", "*")
        .with_header("HOST", "239.255.255.250:1900")
        .with_header("MAN", "\"ssdp:discover\"")
        .with_header("MX", mx.to_string())
        .with_header("ST", DEVICE_TYPE)
        .emit()
}

/// A device heard from: its answer to a search or its NOTIFY.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advertisement {
    pub uuid: Uuid,
    pub location: Option<String>,
    pub max_age: Option<u32>,
    pub byebye: bool,
}

/// A WPS device's answer or announcement; `None` for anything else (other devices, other
/// services, searches).
pub fn parse_advertisement(datagram: &[u8]) -> Option<Advertisement> {
    let (headers, notify) = match Response::parse(datagram) {
        Ok(Parsed::Complete(resp, _)) if resp.status == 200 => (resp.headers, false),
        _ => match Request::parse(datagram) {
            Ok(Parsed::Complete(req, _)) if req.method == "NOTIFY" => (req.headers, true),
            _ => return None,
        },
    };
    let get = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let kind = get(if notify { "NT" } else { "ST" })?;
    if !(kind.eq_ignore_ascii_case(DEVICE_TYPE) || kind.eq_ignore_ascii_case(SERVICE_TYPE)) {
        return None;
    }
    let usn = get("USN")?;
    let uuid = usn.strip_prefix("uuid:")?.split("::").next().and_then(Uuid::parse_text)?;
    let max_age = get("CACHE-CONTROL")
        .and_then(|v| v.split("max-age=").nth(1))
        .and_then(|v| v.trim().split(|c: char| !c.is_ascii_digit()).next()?.parse().ok());
    Some(Advertisement {
        uuid,
        location: get("LOCATION").map(str::to_string),
        max_age,
        byebye: notify && get("NTS") == Some("ssdp:byebye"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UUID: Uuid = Uuid([0x12; 16]);
    const HERE: &str = "http://192.168.50.1:49152/device.xml";

    #[test]
    fn a_search_for_all_gets_four_answers_a_search_for_another_device_none() {
        let all = parse_search(b"M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 3\r\nST: ssdp:all\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(all, Search { target: Target::All, mx: 3 });
        assert_eq!(answers(&all, UUID, HERE).len(), 4);
        let other = Search { target: Target::Uuid(Uuid([9; 16])), mx: 1 };
        assert!(answers(&other, UUID, HERE).is_empty());
    }

    #[test]
    fn the_answer_to_a_wps_search_is_what_an_external_registrar_reads() {
        let search = parse_search(&search_for_wps_devices(3)).unwrap().unwrap();
        assert_eq!(search.target, Target::Device);
        let answer = &answers(&search, UUID, HERE)[0];
        let heard = parse_advertisement(answer).unwrap();
        assert_eq!(
            heard,
            Advertisement { uuid: UUID, location: Some(HERE.into()), max_age: Some(1800), byebye: false }
        );
    }

    #[test]
    fn announcements_alive_and_byebye_are_heard() {
        let alive = announcements(UUID, HERE, true);
        assert_eq!(alive.len(), 4);
        let heard: Vec<_> = alive.iter().filter_map(|d| parse_advertisement(d)).collect();
        // The root device's and the bare UUID's announcements name no WPS type.
        assert_eq!(heard.len(), 2);
        let bye = announcements(UUID, HERE, false);
        assert!(bye.iter().filter_map(|d| parse_advertisement(d)).all(|a| a.byebye));
    }

    #[test]
    fn malformed_searches_are_refused_and_other_traffic_ignored() {
        let no_man = b"M-SEARCH * HTTP/1.1\r\nMX: 3\r\nST: ssdp:all\r\n\r\n";
        assert!(matches!(parse_search(no_man), Err(SsdpError::Invalid(_))));
        let no_mx = b"M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n";
        assert!(matches!(parse_search(no_mx), Err(SsdpError::Invalid(_))));
        let printer = b"M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: urn:schemas-upnp-org:device:Printer:1\r\n\r\n";
        assert_eq!(parse_search(printer).unwrap(), None);
        assert_eq!(parse_search(&announcements(UUID, HERE, true)[0]).unwrap(), None);
        assert!(parse_search(b"M-SEARCH * HTTP/1.1\r\n").is_err());
        assert_eq!(parse_advertisement(b"garbage"), None);
    }
}
