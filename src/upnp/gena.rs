//! GENA, UPnP's eventing: a control point SUBSCRIBEs to the service's events with the
//! address to NOTIFY it at; the device answers with a subscription id (SID) and sends each
//! change of an evented variable as a property set. For WFAWLANConfig the change that
//! matters is WLANEvent: a station's probe request or EAP-WSC message relayed from the air.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::http::{Message as _, Request};
use super::soap::WlanEventType;
use crate::wps::message::{Mac, Uuid};

/// The subscription length the device grants (hostapd's `UPNP_SUBSCRIBE_SEC`).
pub const SUBSCRIPTION_SECS: u32 = 1800;

/// A SUBSCRIBE, new or renewing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subscribe {
    New { callbacks: Vec<Callback> },
    Renew { sid: Uuid },
}

/// Where to NOTIFY a subscriber: an `http://host:port/path` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Callback {
    pub host: String,
    pub port: u16,
    pub path: String,
}

impl Callback {
    pub fn parse(url: &str) -> Option<Callback> {
        let rest = url.strip_prefix("http://")?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (authority, 80),
        };
        (!host.is_empty()).then(|| Callback { host: host.to_string(), port, path: path.to_string() })
    }
}

/// Why a SUBSCRIBE is refused (UPnP's rules: 400 for both kinds at once, 412 for a missing
/// or bad CALLBACK or NT, or an unknown SID).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubscribeError {
    #[error("400: SID together with NT or CALLBACK")]
    Both,
    #[error("412: {0}")]
    Precondition(&'static str),
}

impl SubscribeError {
    pub fn status(&self) -> u16 {
        match self {
            SubscribeError::Both => 400,
            SubscribeError::Precondition(_) => 412,
        }
    }
}

pub fn parse_subscribe(req: &Request) -> Result<Subscribe, SubscribeError> {
    let sid = req.header("SID");
    let (nt, callback) = (req.header("NT"), req.header("CALLBACK"));
    if let Some(sid) = sid {
        if nt.is_some() || callback.is_some() {
            return Err(SubscribeError::Both);
        }
        let sid = sid.trim().strip_prefix("uuid:").and_then(Uuid::parse_text);
        return sid.map(|sid| Subscribe::Renew { sid }).ok_or(SubscribeError::Precondition("a SID that is no UUID"));
    }
    if nt.map(str::trim) != Some("upnp:event") {
        return Err(SubscribeError::Precondition("NT is not upnp:event"));
    }
    // `<url1><url2>`: each tried in turn when notifying.
    let callbacks: Vec<Callback> = callback
        .unwrap_or_default()
        .split('<')
        .filter_map(|part| part.split_once('>').map(|(url, _)| url))
        .filter_map(Callback::parse)
        .collect();
    if callbacks.is_empty() {
        return Err(SubscribeError::Precondition("no http:// CALLBACK"));
    }
    Ok(Subscribe::New { callbacks })
}

/// A WLANEvent's bytes: its type, the station's MAC as 17 characters, the message.
pub fn wlan_event(kind: WlanEventType, mac: Mac, message: &[u8]) -> Vec<u8> {
    let mut out = vec![kind as u8];
    out.extend_from_slice(mac.to_string().as_bytes());
    out.extend_from_slice(message);
    out
}

/// A WLANEvent read back: `None` when too short, of an unknown type or with a bad MAC.
pub fn read_wlan_event(bytes: &[u8]) -> Option<(WlanEventType, Mac, &[u8])> {
    let kind = WlanEventType::from_u8(*bytes.first()?)?;
    let mac = Mac::parse_text(std::str::from_utf8(bytes.get(1..18)?).ok()?)?;
    Some((kind, mac, &bytes[18..]))
}

/// A property set: each evented variable's new value.
pub fn property_set(properties: &[(&str, String)]) -> String {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<e:propertyset xmlns:e=\"urn:schemas-upnp-org:event-1-0\">\n");
    for (name, value) in properties {
        x.push_str(&format!("<e:property><{name}>{value}</{name}></e:property>\n"));
    }
    x.push_str("</e:propertyset>\n");
    x
}

/// The property set carrying one WLANEvent.
pub fn wlan_event_property_set(event: &[u8]) -> String {
    property_set(&[("WLANEvent", BASE64.encode(event))])
}

/// The WLANEvent in a NOTIFY's body, decoded.
pub fn read_wlan_event_property(body: &[u8]) -> Option<Vec<u8>> {
    super::soap::read_response(body, "WLANEvent")
}

/// The NOTIFY sending `body` to a subscriber: its `seq`-th event (0 is the first, sent
/// on subscribing with the variables' current values).
pub fn notify(callback: &Callback, sid: Uuid, seq: u32, body: String) -> Request {
    Request::new("NOTIFY", &callback.path)
        .with_header("HOST", format!("{}:{}", callback.host, callback.port))
        .with_header("NT", "upnp:event")
        .with_header("NTS", "upnp:propchange")
        .with_header("SID", format!("uuid:{sid}"))
        .with_header("SEQ", seq.to_string())
        .with_body("text/xml; charset=\"utf-8\"", body)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// wpa_supplicant's external registrar subscribes so (`wps_er_subscribe`).
    #[test]
    fn a_reference_shaped_subscription_is_read() {
        let req = Request::new("SUBSCRIBE", "/events")
            .with_header("HOST", "192.168.50.1:49152")
            .with_header("CALLBACK", "<http://192.168.50.2:49153/event/3/1>")
            .with_header("NT", "upnp:event")
            .with_header("TIMEOUT", "Second-1800");
        let want = Callback { host: "192.168.50.2".into(), port: 49153, path: "/event/3/1".into() };
        assert_eq!(parse_subscribe(&req), Ok(Subscribe::New { callbacks: vec![want] }));
    }

    #[test]
    fn bad_subscriptions_are_refused_with_upnp_statuses() {
        let new = Request::new("SUBSCRIBE", "/events").with_header("NT", "upnp:event");
        assert_eq!(parse_subscribe(&new).unwrap_err().status(), 412);
        let ftp = new.clone().with_header("CALLBACK", "<ftp://x/>");
        assert_eq!(parse_subscribe(&ftp).unwrap_err().status(), 412);
        let both = new.with_header("SID", "uuid:00000000-0000-0000-0000-000000000000");
        assert_eq!(parse_subscribe(&both).unwrap_err().status(), 400);
        let renew =
            Request::new("SUBSCRIBE", "/events").with_header("SID", "uuid:00000000-0000-0000-0000-000000000001");
        let mut one = [0u8; 16];
        one[15] = 1;
        assert_eq!(parse_subscribe(&renew), Ok(Subscribe::Renew { sid: Uuid(one) }));
    }

    #[test]
    fn a_wlan_event_round_trips_through_a_notify() {
        let mac = Mac([2, 0, 0, 0, 1, 0xab]);
        let event = wlan_event(WlanEventType::Eap, mac, &[0x10, 0x4a]);
        assert_eq!(&event[..18], b"\x0202:00:00:00:01:ab");
        let callback = Callback::parse("http://10.0.0.2:5000/event/1/1").unwrap();
        let req = notify(&callback, Uuid([1; 16]), 1, wlan_event_property_set(&event));
        let back = read_wlan_event_property(&req.body).unwrap();
        assert_eq!(read_wlan_event(&back), Some((WlanEventType::Eap, mac, &[0x10, 0x4a][..])));
        assert_eq!(read_wlan_event(&back[..10]), None);
        assert_eq!(req.header("SEQ"), Some("1"));
    }
}
