//! The router's UPnP device, sans-IO: datagrams and HTTP requests in with the time, and
//! out come datagrams, answers, NOTIFYs to subscribers and events for the router, with the
//! next deadline. hostapd's `wps_upnp*.c` plays this part when `upnp_iface` is set.
//!
//! What it serves: SSDP answers (each after a random delay within the asker's MX, as UPnP
//! asks, so a crowd of devices does not answer at once) and announcements renewed before
//! they expire; the device and service descriptions; the SOAP actions; GENA subscriptions,
//! each told the current state on subscribing and every WLANEvent after (a station's WSC
//! messages relayed from the air, [`UpnpDevice::relay`]).

use std::collections::VecDeque;
use std::net::SocketAddrV4;
use std::time::Duration;

use super::description::{self, scpd_xml};
use super::gena::{self, Callback, Subscribe};
use super::http::{Message as _, Request, Response};
use super::soap::{self, Action, Fault, WlanEventType};
use super::ssdp::{self, MAX_AGE};
use super::{CONTROL_PATH, DESCRIPTION_PATH, EVENTS_PATH, SCPD_PATH};
use crate::wps::crypto::RunSecrets;
use crate::wps::defs::DevicePasswordId;
use crate::wps::entropy::Entropy;
use crate::wps::message::{DeviceInfo, M1, Mac, Uuid, version2_ext};
use crate::wps::secret::Secret;
use crate::wps::time::Time;

const XML: &str = "text/xml; charset=\"utf-8\"";

/// hostapd's limits against a crowded or hostile LAN (`wps_upnp.c`, `wps_upnp_ssdp.c`): at
/// most 4 subscribers (a fifth replaces the oldest), 8 callback addresses each, and 20
/// searches answered at a time (more are ignored until those are sent).
pub const MAX_SUBSCRIBERS: usize = 4;
pub const MAX_CALLBACKS: usize = 8;
pub const MAX_SEARCHES: usize = 20;

#[derive(Debug, Clone)]
pub struct DeviceConfig {
    /// The router's UUID (the registrar's UUID-R, as hostapd uses one for both).
    pub uuid: Uuid,
    pub mac: Mac,
    /// Its WPS device information: the names in the description and in its M1.
    pub device: DeviceInfo,
    /// Where the description is served: `http://<address>:<port>`, without a path.
    pub base_url: String,
    /// Bytes of the Diffie-Hellman private key drawn for the router's own M1.
    pub dh_private_len: usize,
    /// The router's own PIN (the AP PIN, on its label), which lets an external registrar
    /// configure it. Without one hostapd refuses GetDeviceInfo (HTTP 500), and so does
    /// this device: an external registrar then never subscribes.
    pub ap_pin: Option<Secret<Vec<u8>>>,
}

/// What the device puts on the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    /// To the SSDP group.
    Multicast(Vec<u8>),
    /// To one address (an answer to a search).
    Datagram { to: SocketAddrV4, bytes: Vec<u8> },
    /// An event to a subscriber, over a new TCP connection to its callback.
    Notify { to: Callback, request: Request },
}

/// What happened, for the router and its log (in hostapd's `WPS UPnP:` words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpnpEvent {
    Searched {
        from: SocketAddrV4,
        answers: usize,
    },
    Subscribed {
        sid: Uuid,
        callback: String,
    },
    Renewed {
        sid: Uuid,
    },
    Unsubscribed {
        sid: Uuid,
    },
    /// A subscriber not renewed in time.
    Expired {
        sid: Uuid,
    },
    /// The oldest subscriber, dropped for a new one past [`MAX_SUBSCRIBERS`].
    Dropped {
        sid: Uuid,
    },
    /// A search not answered: [`MAX_SEARCHES`] are waiting for their answers already.
    TooManySearches {
        from: SocketAddrV4,
    },
    /// An external registrar asked for the router's M1 (GetDeviceInfo).
    DeviceInfo,
    /// A message for a station, to be sent to it as EAP (PutWLANResponse).
    ForStation {
        mac: Mac,
        kind: WlanEventType,
        message: Vec<u8>,
    },
    /// The external registrar's Selected Registrar attributes (SetSelectedRegistrar).
    SelectedRegistrar(Vec<u8>),
    /// An action refused, with UPnP's code.
    Refused {
        action: String,
        fault: Fault,
    },
    /// A WLANEvent sent to every subscriber.
    Relayed {
        mac: Mac,
        kind: WlanEventType,
        subscribers: usize,
    },
}

struct Subscriber {
    sid: Uuid,
    callbacks: Vec<Callback>,
    /// The next event's sequence number.
    seq: u32,
    expires: Time,
}

pub struct UpnpDevice {
    config: DeviceConfig,
    entropy: Box<dyn Entropy>,
    subscribers: Vec<Subscriber>,
    /// Answers to searches, each due at its own time, each search's under its number.
    answers: Vec<(Time, SocketAddrV4, Vec<u8>, u64)>,
    searches: u64,
    announce_at: Option<Time>,
    transmits: VecDeque<Transmit>,
    events: VecDeque<UpnpEvent>,
}

impl UpnpDevice {
    pub fn new(config: DeviceConfig, entropy: Box<dyn Entropy>) -> Self {
        UpnpDevice {
            config,
            entropy,
            subscribers: Vec::new(),
            answers: Vec::new(),
            searches: 0,
            announce_at: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    pub fn location(&self) -> String {
        format!("{}{DESCRIPTION_PATH}", self.config.base_url)
    }

    /// Announces the device; the announcements are renewed at half their age.
    pub fn start(&mut self, now: Time) {
        self.announce(now);
    }

    /// Says goodbye (`ssdp:byebye`), as a router does when UPnP is switched off.
    pub fn stop(&mut self) {
        for bytes in ssdp::announcements(self.config.uuid, &self.location(), false) {
            self.transmits.push_back(Transmit::Multicast(bytes));
        }
        self.announce_at = None;
        self.subscribers.clear();
        self.answers.clear();
    }

    fn announce(&mut self, now: Time) {
        for bytes in ssdp::announcements(self.config.uuid, &self.location(), true) {
            self.transmits.push_back(Transmit::Multicast(bytes));
        }
        self.announce_at = Some(now + Duration::from_secs(u64::from(MAX_AGE / 2)));
    }

    /// A datagram heard on the SSDP group. A search for this device is answered later,
    /// at a random moment within its MX; anything else is ignored.
    pub fn handle_datagram(&mut self, now: Time, from: SocketAddrV4, bytes: &[u8]) -> Result<(), ssdp::SsdpError> {
        let Some(search) = ssdp::parse_search(bytes)? else { return Ok(()) };
        let answers = ssdp::answers(&search, self.config.uuid, &self.location());
        if answers.is_empty() {
            return Ok(());
        }
        let waiting: std::collections::BTreeSet<u64> = self.answers.iter().map(|a| a.3).collect();
        if waiting.len() >= MAX_SEARCHES {
            self.events.push_back(UpnpEvent::TooManySearches { from });
            return Ok(());
        }
        self.searches += 1;
        self.events.push_back(UpnpEvent::Searched { from, answers: answers.len() });
        let mut draw = [0u8; 2];
        self.entropy.fill(&mut draw);
        let window = u64::from(search.mx.max(1)) * 1000;
        let delay = Duration::from_millis(u64::from(u16::from_be_bytes(draw)) % window);
        for bytes in answers {
            self.answers.push((now + delay, from, bytes, self.searches));
        }
        Ok(())
    }

    /// An HTTP request on the device's port; the answer goes back on the same connection.
    pub fn handle_request(&mut self, now: Time, req: &Request) -> Response {
        let path = req.target.split('?').next().unwrap_or_default();
        match (req.method.as_str(), path) {
            ("GET", DESCRIPTION_PATH) => {
                let names = description::Device {
                    uuid: self.config.uuid,
                    friendly_name: text(&self.config.device.device_name),
                    manufacturer: text(&self.config.device.manufacturer),
                    model_name: text(&self.config.device.model_name),
                    model_number: text(&self.config.device.model_number),
                    serial_number: text(&self.config.device.serial_number),
                };
                Response::new(200).with_body(XML, description::device_xml(&names))
            }
            ("GET", SCPD_PATH) => Response::new(200).with_body(XML, scpd_xml()),
            ("POST", CONTROL_PATH) => self.control(req),
            ("SUBSCRIBE", EVENTS_PATH) => self.subscribe(now, req),
            ("UNSUBSCRIBE", EVENTS_PATH) => self.unsubscribe(req),
            (_, DESCRIPTION_PATH | SCPD_PATH | CONTROL_PATH | EVENTS_PATH) => Response::new(405),
            _ => Response::new(404),
        }
    }

    fn control(&mut self, req: &Request) -> Response {
        let action = match soap::parse_action(req.header("SOAPACTION"), &req.body) {
            Ok(action) => action,
            Err(fault) => return self.refuse("(unreadable)", fault),
        };
        let name = action.name();
        match action {
            Action::GetDeviceInfo if self.config.ap_pin.is_none() => {
                self.events.push_back(UpnpEvent::Refused {
                    action: name.to_string(),
                    fault: Fault::ActionFailed("no AP PIN is set".into()),
                });
                Response::new(500)
            }
            Action::GetDeviceInfo => {
                let m1 = self.own_m1();
                self.events.push_back(UpnpEvent::DeviceInfo);
                Response::new(200).with_body(XML, soap::response(name, &[("NewDeviceInfo", &m1)]))
            }
            // The router configured by the external registrar (the messages after its M1)
            // is not built yet: said as UPnP says an action it cannot complete.
            Action::PutMessage(_) => {
                self.refuse(name, Fault::ActionFailed("the router does not take a new configuration here".into()))
            }
            Action::PutWlanResponse { message, kind, mac } => {
                self.events.push_back(UpnpEvent::ForStation { mac, kind, message });
                Response::new(200).with_body(XML, soap::response(name, &[]))
            }
            Action::SetSelectedRegistrar(message) => {
                self.events.push_back(UpnpEvent::SelectedRegistrar(message));
                Response::new(200).with_body(XML, soap::response(name, &[]))
            }
        }
    }

    fn refuse(&mut self, action: &str, fault: Fault) -> Response {
        let body = soap::fault(&fault);
        self.events.push_back(UpnpEvent::Refused { action: action.to_string(), fault });
        Response::new(500).with_body(XML, body)
    }

    /// A fresh M1 of the router as an enrollee: new secrets each time it is asked, as
    /// hostapd starts a new run for each GetDeviceInfo. (The run's later messages are not
    /// served yet, so its secrets are not kept.)
    fn own_m1(&mut self) -> Vec<u8> {
        let secrets = RunSecrets::<2>::draw(self.entropy.as_mut(), self.config.dh_private_len);
        M1 {
            uuid_e: self.config.uuid,
            mac: self.config.mac,
            enrollee_nonce: secrets.nonce,
            public_key: *secrets.dh.public_key(),
            device: self.config.device.clone(),
            // Configured: the router has a network to tell about.
            wps_state: 2,
            assoc_state: 0,
            device_password_id: DevicePasswordId::Default,
            config_error: 0,
            vendor_ext: version2_ext(),
        }
        .emit()
    }

    fn subscribe(&mut self, now: Time, req: &Request) -> Response {
        let expires = now + Duration::from_secs(u64::from(gena::SUBSCRIPTION_SECS));
        let sid = match gena::parse_subscribe(req) {
            Err(e) => return Response::new(e.status()),
            Ok(Subscribe::Renew { sid }) => {
                let Some(s) = self.subscribers.iter_mut().find(|s| s.sid == sid) else {
                    return Response::new(412);
                };
                s.expires = expires;
                self.events.push_back(UpnpEvent::Renewed { sid });
                sid
            }
            Ok(Subscribe::New { mut callbacks }) => {
                callbacks.truncate(MAX_CALLBACKS);
                if self.subscribers.len() >= MAX_SUBSCRIBERS {
                    let oldest = self.subscribers.remove(0);
                    self.events.push_back(UpnpEvent::Dropped { sid: oldest.sid });
                }
                let mut id = [0u8; 16];
                self.entropy.fill(&mut id);
                // A version 4 (random) UUID.
                id[6] = (id[6] & 0x0f) | 0x40;
                id[8] = (id[8] & 0x3f) | 0x80;
                let sid = Uuid(id);
                let callback = format!("http://{}:{}{}", callbacks[0].host, callbacks[0].port, callbacks[0].path);
                let mut s = Subscriber { sid, callbacks, seq: 0, expires };
                // The subscriber learns the evented variables' values at once (sequence 0):
                // a station present and the AP's status, as hostapd tells them.
                let body = gena::property_set(&[("STAStatus", "1".into()), ("APStatus", "0".into())]);
                self.transmits.push_back(Transmit::Notify {
                    to: s.callbacks[0].clone(),
                    request: gena::notify(&s.callbacks[0], sid, 0, body),
                });
                s.seq = 1;
                self.subscribers.push(s);
                self.events.push_back(UpnpEvent::Subscribed { sid, callback });
                sid
            }
        };
        Response::new(200)
            .with_header("SID", format!("uuid:{sid}"))
            .with_header("TIMEOUT", format!("Second-{}", gena::SUBSCRIPTION_SECS))
    }

    fn unsubscribe(&mut self, req: &Request) -> Response {
        let sid = req.header("SID").and_then(|v| v.trim().strip_prefix("uuid:")).and_then(Uuid::parse_text);
        let Some(sid) = sid else { return Response::new(412) };
        let before = self.subscribers.len();
        self.subscribers.retain(|s| s.sid != sid);
        if self.subscribers.len() == before {
            return Response::new(412);
        }
        self.events.push_back(UpnpEvent::Unsubscribed { sid });
        Response::new(200)
    }

    /// A station's WSC message (or probe request's WSC element) heard on the air, sent to
    /// every subscriber as a WLANEvent.
    pub fn relay(&mut self, kind: WlanEventType, mac: Mac, message: &[u8]) {
        let event = gena::wlan_event(kind, mac, message);
        let body = gena::wlan_event_property_set(&event);
        for s in &mut self.subscribers {
            let request = gena::notify(&s.callbacks[0], s.sid, s.seq, body.clone());
            s.seq = s.seq.checked_add(1).unwrap_or(1);
            self.transmits.push_back(Transmit::Notify { to: s.callbacks[0].clone(), request });
        }
        self.events.push_back(UpnpEvent::Relayed { mac, kind, subscribers: self.subscribers.len() });
    }

    /// The router's own PIN switched on or off in its settings: without one, GetDeviceInfo
    /// is refused from now on.
    pub fn set_ap_pin(&mut self, ap_pin: Option<Secret<Vec<u8>>>) {
        self.config.ap_pin = ap_pin;
    }

    /// Whether any external registrar listens.
    pub fn has_subscribers(&self) -> bool {
        !self.subscribers.is_empty()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        let (due, later): (Vec<_>, Vec<_>) = self.answers.drain(..).partition(|a| a.0 <= now);
        self.answers = later;
        for (_, to, bytes, _) in due {
            self.transmits.push_back(Transmit::Datagram { to, bytes });
        }
        if self.announce_at.is_some_and(|at| at <= now) {
            self.announce(now);
        }
        let mut expired = Vec::new();
        self.subscribers.retain(|s| {
            let keep = s.expires > now;
            if !keep {
                expired.push(s.sid);
            }
            keep
        });
        self.events.extend(expired.into_iter().map(|sid| UpnpEvent::Expired { sid }));
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        let answers = self.answers.iter().map(|a| a.0);
        let expiries = self.subscribers.iter().map(|s| s.expires);
        answers.chain(expiries).chain(self.announce_at).min()
    }

    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<UpnpEvent> {
        self.events.pop_front()
    }
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The event as hostapd's debug log words it (`WPS UPnP: ...`).
impl std::fmt::Display for UpnpEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpnpEvent::Searched { from, answers } => write!(f, "WPS UPnP: M-SEARCH from {from}: {answers} replies"),
            UpnpEvent::Subscribed { sid, callback } => {
                write!(f, "WPS UPnP: Assigned SID {sid} (subscriber at {callback})")
            }
            UpnpEvent::Renewed { sid } => write!(f, "WPS UPnP: Renewed subscription {sid}"),
            UpnpEvent::Unsubscribed { sid } => write!(f, "WPS UPnP: Unsubscribing (SID {sid})"),
            UpnpEvent::Expired { sid } => write!(f, "WPS UPnP: Subscription {sid} expired"),
            UpnpEvent::Dropped { sid } => write!(f, "WPS UPnP: Too many subscriptions, trashing oldest ({sid})"),
            UpnpEvent::TooManySearches { from } => {
                write!(f, "WPS UPnP: Too many outstanding M-SEARCH replies (from {from})")
            }
            UpnpEvent::DeviceInfo => write!(f, "WPS UPnP: GetDeviceInfo"),
            UpnpEvent::ForStation { mac, kind, message } => {
                write!(f, "WPS UPnP: PutWLANResponse for {mac} (type {}, {} bytes)", *kind as u8, message.len())
            }
            UpnpEvent::SelectedRegistrar(m) => write!(f, "WPS UPnP: SetSelectedRegistrar ({} bytes)", m.len()),
            UpnpEvent::Refused { action, fault } => write!(f, "WPS UPnP: {action} refused: {fault}"),
            UpnpEvent::Relayed { mac, kind, subscribers } => {
                write!(f, "WPS UPnP: WLANEvent type {} from {mac} sent to {subscribers} subscribers", *kind as u8)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::upnp::http::Parsed;
    use crate::wps::entropy::Csprng;

    fn device() -> UpnpDevice {
        // A router of its own (the protocol knows nothing of the rehearsal's models).
        let device = crate::wps::message::DeviceInfo {
            auth_type_flags: 0x0023,
            encr_type_flags: 0x000d,
            conn_type_flags: 0x01,
            config_methods: 0x0680,
            manufacturer: b"Example Devices".to_vec(),
            model_name: b"HomeGate AX1800".to_vec(),
            model_number: b"HG-AX18".to_vec(),
            serial_number: b"0001".to_vec(),
            primary_device_type: [0, 6, 0x00, 0x50, 0xf2, 0x04, 0, 1],
            device_name: b"HomeGate AX1800".to_vec(),
            rf_bands: 0x01,
            os_version: 0x8000_0000,
        };
        let config = DeviceConfig {
            uuid: crate::wps::message::Uuid([7; 16]),
            mac: crate::wps::message::Mac([2, 0, 0, 0, 0, 7]),
            device,
            base_url: "http://192.168.50.1:49152".into(),
            dh_private_len: 20,
            ap_pin: Some(b"12345670".as_slice().into()),
        };
        UpnpDevice::new(config, Box::new(Csprng::from_seed(8)))
    }

    fn subscribe(d: &mut UpnpDevice, now: Time) -> Uuid {
        let req = Request::new("SUBSCRIBE", EVENTS_PATH)
            .with_header("CALLBACK", "<http://192.168.50.2:49153/event/1/1>")
            .with_header("NT", "upnp:event");
        let resp = d.handle_request(now, &req);
        assert_eq!(resp.status, 200);
        Uuid::parse_text(resp.header("SID").unwrap().strip_prefix("uuid:").unwrap()).unwrap()
    }

    #[test]
    fn a_search_is_answered_within_its_mx_and_not_before_it_is_due() {
        let mut d = device();
        let asker: SocketAddrV4 = "192.168.50.2:40000".parse().unwrap();
        d.handle_datagram(Duration::ZERO, asker, &ssdp::search_for_wps_devices(3)).unwrap();
        let due = d.poll_timeout().unwrap();
        assert!(due < Duration::from_secs(3), "{due:?}");
        assert_eq!(d.poll_transmit(), None);
        d.handle_timeout(due);
        let Some(Transmit::Datagram { to, bytes }) = d.poll_transmit() else { panic!("no answer") };
        assert_eq!(to, asker);
        let heard = ssdp::parse_advertisement(&bytes).unwrap();
        assert_eq!(heard.location.as_deref(), Some("http://192.168.50.1:49152/device.xml"));
    }

    #[test]
    fn get_device_info_answers_a_fresh_m1_of_the_router() {
        let mut d = device();
        let (header, body) = soap::request(&Action::GetDeviceInfo);
        let req = Request::new("POST", CONTROL_PATH).with_header("SOAPACTION", header).with_body(XML, body);
        let first = d.handle_request(Duration::ZERO, &req);
        let second = d.handle_request(Duration::ZERO, &req);
        let m1 = |r: &Response| M1::parse(&soap::read_response(&r.body, "NewDeviceInfo").unwrap()).unwrap();
        let (a, b) = (m1(&first), m1(&second));
        assert_eq!((a.uuid_e, a.mac, a.wps_state), (d.config.uuid, d.config.mac, 2));
        assert_ne!(a.enrollee_nonce, b.enrollee_nonce, "each run draws new secrets");
        // Without an AP PIN, as hostapd: no M1, an HTTP error.
        d.config.ap_pin = None;
        assert_eq!(d.handle_request(Duration::ZERO, &req).status, 500);
    }

    #[test]
    fn a_subscriber_hears_the_state_then_every_relayed_message_in_sequence() {
        let mut d = device();
        let sid = subscribe(&mut d, Duration::ZERO);
        let mac = Mac([2, 0, 0, 0, 1, 0xab]);
        d.relay(WlanEventType::Eap, mac, &[0x10, 0x4a, 0, 1, 0x10]);
        let Some(Transmit::Notify { request: first, .. }) = d.poll_transmit() else { panic!() };
        assert_eq!((first.header("SEQ"), first.header("SID")), (Some("0"), Some(format!("uuid:{sid}").as_str())));
        let Some(Transmit::Notify { to, request }) = d.poll_transmit() else { panic!() };
        assert_eq!((to.port, request.header("SEQ")), (49153, Some("1")));
        let event = gena::read_wlan_event_property(&request.body).unwrap();
        assert_eq!(gena::read_wlan_event(&event), Some((WlanEventType::Eap, mac, &[0x10, 0x4a, 0, 1, 0x10][..])));
        // The NOTIFY is well-formed HTTP.
        assert!(matches!(Request::parse(&request.emit()), Ok(Parsed::Complete(..))));
    }

    #[test]
    fn subscriptions_expire_unless_renewed() {
        let mut d = device();
        let sid = subscribe(&mut d, Duration::ZERO);
        let late = Duration::from_secs(u64::from(gena::SUBSCRIPTION_SECS) - 1);
        let renew = Request::new("SUBSCRIBE", EVENTS_PATH).with_header("SID", format!("uuid:{sid}"));
        assert_eq!(d.handle_request(late, &renew).status, 200);
        d.handle_timeout(late + Duration::from_secs(2));
        assert!(d.has_subscribers(), "renewed");
        d.handle_timeout(late + Duration::from_secs(u64::from(gena::SUBSCRIPTION_SECS)));
        assert!(!d.has_subscribers());
        assert_eq!(d.handle_request(late, &renew).status, 412);
    }

    /// hostapd's limits: a fifth subscriber replaces the oldest; the 21st search waiting for
    /// its answers is not answered.
    #[test]
    fn a_crowded_lan_is_kept_within_hostapds_limits() {
        let mut d = device();
        let first = subscribe(&mut d, Duration::ZERO);
        for _ in 0..MAX_SUBSCRIBERS {
            subscribe(&mut d, Duration::ZERO);
        }
        assert_eq!(d.subscribers.len(), MAX_SUBSCRIBERS);
        assert!(!d.subscribers.iter().any(|s| s.sid == first), "the oldest went");
        let asker: SocketAddrV4 = "192.168.50.2:40000".parse().unwrap();
        for _ in 0..MAX_SEARCHES + 5 {
            d.handle_datagram(Duration::ZERO, asker, &ssdp::search_for_wps_devices(5)).unwrap();
        }
        let events: Vec<UpnpEvent> = std::iter::from_fn(|| d.poll_event()).collect();
        assert_eq!(events.iter().filter(|e| matches!(e, UpnpEvent::Searched { .. })).count(), MAX_SEARCHES);
        assert_eq!(events.iter().filter(|e| matches!(e, UpnpEvent::TooManySearches { .. })).count(), 5);
        assert!(events.contains(&UpnpEvent::Dropped { sid: first }));
    }

    #[test]
    fn wrong_requests_get_http_and_upnp_errors() {
        let mut d = device();
        assert_eq!(d.handle_request(Duration::ZERO, &Request::new("GET", "/nothing")).status, 404);
        assert_eq!(d.handle_request(Duration::ZERO, &Request::new("DELETE", DESCRIPTION_PATH)).status, 405);
        let (header, body) = soap::request(&Action::PutMessage(vec![1, 2]));
        let put = Request::new("POST", CONTROL_PATH).with_header("SOAPACTION", header).with_body(XML, body);
        let resp = d.handle_request(Duration::ZERO, &put);
        assert_eq!(resp.status, 500);
        assert!(String::from_utf8_lossy(&resp.body).contains("<errorCode>501</errorCode>"));
    }
}
