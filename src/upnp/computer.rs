//! The computer's side, sans-IO: a UPnP control point and an external registrar, as
//! wpa_supplicant's `wps_er*.c` (and a computer's "Add a device" dialog). It searches for
//! WPS routers, reads each one's description, asks for its M1 (GetDeviceInfo: the router is
//! a real WPS device), subscribes to its events; then each station's M1 relayed by a router
//! starts a registration in the computer's own registrar, run without EAP, whose messages go
//! back to the router with PutWLANResponse.
//!
//! HTTP requests leave as [`Transmit::Http`] with a token; the driver sends each on its own
//! connection and hands the answer back to [`Computer::handle_response`] with that token.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddrV4;

use super::description::read_device_xml;
use super::gena;
use super::http::{Message as _, Request, Response};
use super::soap::{self, Action, WlanEventType};
use super::ssdp;
use crate::wps::message::{M1, Mac, Uuid};
use crate::wps::registrar::Registrar;
use crate::wps::time::Time;

const XML: &str = "text/xml; charset=\"utf-8\"";

/// The most routers the computer keeps: announcements from a crowded or hostile LAN beyond
/// these are not followed (each would cost a connection).
pub const MAX_ROUTERS: usize = 16;

/// How long routers may wait before answering a search (its MX, in seconds), as
/// wpa_supplicant's external registrar asks.
pub const SEARCH_MX: u8 = 3;

/// Where the computer listens for events: `http://<address>:<port>` and the path it gives.
#[derive(Debug, Clone)]
pub struct ComputerConfig {
    pub address: SocketAddrV4,
}

/// The callback path events for router `id` come to.
fn callback_path(id: usize) -> String {
    format!("/event/{id}")
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transmit {
    /// A search to the SSDP group.
    Multicast(Vec<u8>),
    /// A request to a router, answered on its connection: hand the answer back with `token`.
    Http { to: SocketAddrV4, request: Request, token: u64 },
}

/// What the computer saw, in wpa_supplicant's words where it has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComputerEvent {
    /// A router found and subscribed to (`WPS-ER-AP-ADD`).
    RouterAdded { uuid: Uuid, mac: Mac, name: String, model: String },
    /// A router said goodbye (`ssdp:byebye`, its UPnP switched off): `WPS-ER-AP-REMOVE`.
    /// `goodbye`: it said so; otherwise it refused to renew the subscription (it forgot it).
    RouterRemoved { uuid: Uuid, name: String, goodbye: bool },
    /// A station's M1 relayed by a router (`WPS-ER-ENROLLEE-ADD`).
    /// `category`: its primary device type's category (3: printers, scanners, faxes).
    EnrolleeAdded { uuid: Uuid, mac: Mac, name: String, category: u16 },
    /// A request to a router failed (no answer, an error status): said, then dropped.
    RequestFailed { what: &'static str, why: String },
    /// A search's time is over (its MX and a second for the last answer to arrive), with
    /// this many routers known then.
    SearchEnded { routers: usize },
}

impl std::fmt::Display for ComputerEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ComputerEvent::RouterAdded { uuid, mac, name, model } => {
                write!(f, "WPS-ER-AP-ADD {uuid} {mac} |{name}|{model}|")
            }
            ComputerEvent::RouterRemoved { uuid, .. } => write!(f, "WPS-ER-AP-REMOVE {uuid}"),
            ComputerEvent::EnrolleeAdded { uuid, mac, name, .. } => {
                write!(f, "WPS-ER-ENROLLEE-ADD {uuid} {mac} M1=1 |{name}|")
            }
            ComputerEvent::RequestFailed { what, why } => write!(f, "WPS ER: {what} failed: {why}"),
            ComputerEvent::SearchEnded { routers } => write!(f, "WPS ER: search over, {routers} AP(s) known"),
        }
    }
}

/// What a pending HTTP request was for.
#[derive(Debug, Clone)]
enum Pending {
    Description {
        router: usize,
    },
    DeviceInfo {
        router: usize,
    },
    Subscribe {
        router: usize,
    },
    /// A subscription renewed (SUBSCRIBE with its SID).
    Renew {
        router: usize,
    },
    /// PutWLANResponse: nothing to do with the answer but say a failure.
    Response,
}

impl Pending {
    /// The router the request is about, if one.
    fn router(&self) -> Option<usize> {
        match self {
            Pending::Description { router }
            | Pending::DeviceInfo { router }
            | Pending::Subscribe { router }
            | Pending::Renew { router } => Some(*router),
            Pending::Response => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Router {
    location: SocketAddrV4,
    description_url: String,
    description_path: String,
    control: Option<String>,
    events: Option<String>,
    name: String,
    model: String,
    uuid: Uuid,
    /// The router's MAC address, from its M1.
    mac: Mac,
    subscribed: bool,
    /// The subscription's SID, as the router gave it: NOTIFYs under another are not ours
    /// (a subscription left over from before, to the same address).
    sid: Option<String>,
    /// When to renew the subscription: half its time, as control points do, so that the
    /// router never drops it.
    renew_at: Option<Time>,
}

pub struct Computer {
    config: ComputerConfig,
    registrar: Registrar,
    routers: Vec<Router>,
    pending: HashMap<u64, Pending>,
    next_token: u64,
    transmits: VecDeque<Transmit>,
    events: VecDeque<ComputerEvent>,
    /// Which router relayed each station, so the answers go back through it.
    stations: HashMap<Mac, usize>,
    /// When the running search's answers stop being waited for.
    search_until: Option<Time>,
}

/// When to renew a subscription the router granted: half its TIMEOUT (`Second-1800`), or half
/// the usual 1800 s when it says none.
fn renew_after(response: &Response) -> std::time::Duration {
    let secs = response
        .header("TIMEOUT")
        .and_then(|t| t.trim().strip_prefix("Second-"))
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(u64::from(gena::SUBSCRIPTION_SECS));
    std::time::Duration::from_secs(secs.max(2) / 2)
}

/// `http://a.b.c.d:port/path` split into the address and the path.
fn split_url(url: &str) -> Option<(SocketAddrV4, String)> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let addr: SocketAddrV4 =
        if authority.contains(':') { authority.parse().ok()? } else { format!("{authority}:80").parse().ok()? };
    Some((addr, path.to_string()))
}

/// A URL from a description: absolute, or a path on the description's own host.
fn resolve(url: &str, base: SocketAddrV4) -> String {
    if url.starts_with("http://") {
        url.to_string()
    } else {
        let path = if url.starts_with('/') { url.to_string() } else { format!("/{url}") };
        format!("http://{base}{path}")
    }
}

impl Computer {
    /// The computer with its own registrar: the PIN it is told and the network it hands out
    /// are the registrar's ([`Registrar::add_pin`], its configuration's network).
    pub fn new(config: ComputerConfig, registrar: Registrar) -> Self {
        Computer {
            config,
            registrar,
            routers: Vec::new(),
            pending: HashMap::new(),
            next_token: 1,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
            stations: HashMap::new(),
            search_until: None,
        }
    }

    pub fn registrar(&mut self) -> &mut Registrar {
        &mut self.registrar
    }

    /// Looks for WPS routers (an M-SEARCH for WFADevice:1, as `wps_er_start` sends).
    pub fn search(&mut self) {
        self.transmits.push_back(Transmit::Multicast(ssdp::search_for_wps_devices(SEARCH_MX)));
    }

    /// [`Computer::search`], and [`ComputerEvent::SearchEnded`] once its answers are due
    /// (what an "Add a device" window waits for before it says nothing was found).
    pub fn search_at(&mut self, now: Time) {
        self.search();
        self.search_until = Some(now + std::time::Duration::from_secs(u64::from(SEARCH_MX) + 1));
    }

    /// A PIN typed at the computer for the next device: its registrar takes it, and every
    /// router it follows is asked to say so in its beacons (`wps_er_pin`, then
    /// `wps_er_set_sel_reg`).
    pub fn add_pin(&mut self, now: Time, pin: &[u8]) {
        // A PIN typed again replaces the one before (the device shows a new one each time).
        if self.registrar.selected() {
            self.registrar.cancel();
        }
        self.registrar.add_pin(now, pin, None, None);
        for r in 0..self.routers.len() {
            if self.routers[r].subscribed {
                self.select(r, true);
            }
        }
    }

    /// The computer moved to another network (another address): what it knew of routers
    /// is gone, as a computer's "Add a device" forgets them when its network changes.
    pub fn set_address(&mut self, address: SocketAddrV4) {
        self.config.address = address;
        self.routers.clear();
        self.stations.clear();
        self.pending.clear();
    }

    /// The routers found and subscribed to: their names.
    pub fn routers(&self) -> impl Iterator<Item = &str> {
        self.routers.iter().filter(|r| r.subscribed).map(|r| r.name.as_str())
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        let renewals = self.routers.iter().filter(|r| r.subscribed).filter_map(|r| r.renew_at);
        [self.search_until, self.registrar.poll_timeout()].into_iter().flatten().chain(renewals).min()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        for i in 0..self.routers.len() {
            let r = &mut self.routers[i];
            if !r.subscribed || r.renew_at.is_none_or(|t| t > now) {
                continue;
            }
            r.renew_at = None;
            let (Some(sid), Some((to, path))) = (r.sid.clone(), r.events.as_deref().and_then(split_url)) else {
                continue;
            };
            let request = Request::new("SUBSCRIBE", &path)
                .with_header("HOST", to.to_string())
                .with_header("SID", sid)
                .with_header("TIMEOUT", format!("Second-{}", gena::SUBSCRIPTION_SECS));
            self.http(to, request, Pending::Renew { router: i });
        }
        if self.search_until.is_some_and(|t| t <= now) {
            self.search_until = None;
            let routers = self.routers.iter().filter(|r| r.subscribed).count();
            self.events.push_back(ComputerEvent::SearchEnded { routers });
        }
        self.registrar.handle_timeout(now);
    }

    fn http(&mut self, to: SocketAddrV4, request: Request, pending: Pending) {
        let token = self.next_token;
        self.next_token += 1;
        self.pending.insert(token, pending);
        self.transmits.push_back(Transmit::Http { to, request, token });
    }

    /// An answer to the search, or a router's announcement.
    pub fn handle_datagram(&mut self, _now: Time, bytes: &[u8]) {
        let Some(heard) = ssdp::parse_advertisement(bytes) else { return };
        if heard.byebye {
            // Kept in the list (requests pending name routers by their place in it), no
            // longer followed; an answer from it later starts over.
            for r in self.routers.iter_mut().filter(|r| r.uuid == heard.uuid && r.subscribed) {
                r.subscribed = false;
                self.events.push_back(ComputerEvent::RouterRemoved {
                    uuid: r.uuid,
                    name: r.name.clone(),
                    goodbye: true,
                });
            }
            return;
        }
        let Some(location) = heard.location else { return };
        let known = self.routers.iter().position(|r| r.uuid == heard.uuid || r.description_url == location);
        if let Some(i) = known {
            // A router that answered before but was never subscribed to (it refused
            // GetDeviceInfo, or an answer was lost) is asked again from the start, once at
            // a time.
            let asking = self.pending.values().any(|p| p.router() == Some(i));
            if !self.routers[i].subscribed && !asking {
                let (addr, path) = (self.routers[i].location, self.routers[i].description_path.clone());
                let request = Request::new("GET", &path).with_header("HOST", addr.to_string());
                self.http(addr, request, Pending::Description { router: i });
            }
            return;
        }
        if self.routers.len() >= MAX_ROUTERS {
            return;
        }
        let Some((addr, path)) = split_url(&location) else { return };
        self.routers.push(Router {
            location: addr,
            description_url: location,
            description_path: path.clone(),
            control: None,
            events: None,
            name: String::new(),
            model: String::new(),
            uuid: heard.uuid,
            mac: Mac::default(),
            subscribed: false,
            sid: None,
            renew_at: None,
        });
        let router = self.routers.len() - 1;
        self.http(
            addr,
            Request::new("GET", &path).with_header("HOST", addr.to_string()),
            Pending::Description { router },
        );
    }

    /// The answer to request `token`: an HTTP response, or why there was none.
    pub fn handle_response(&mut self, now: Time, token: u64, answer: Result<Response, String>) {
        let Some(pending) = self.pending.remove(&token) else { return };
        let what = match &pending {
            Pending::Description { .. } => "fetching the device description",
            Pending::DeviceInfo { .. } => "GetDeviceInfo",
            Pending::Subscribe { .. } => "subscribing to events",
            Pending::Renew { .. } => "renewing the subscription",
            Pending::Response => "PutWLANResponse or SetSelectedRegistrar",
        };
        let response = match answer {
            Ok(r) if r.status == 200 => r,
            Ok(r) => {
                self.lost(&pending);
                return self.events.push_back(ComputerEvent::RequestFailed { what, why: format!("HTTP {}", r.status) });
            }
            Err(why) => {
                self.lost(&pending);
                return self.events.push_back(ComputerEvent::RequestFailed { what, why });
            }
        };
        match pending {
            Pending::Description { router } => self.on_description(router, &response),
            Pending::DeviceInfo { router } => self.on_device_info(router, &response),
            Pending::Subscribe { router } => self.on_subscribed(now, router, &response),
            Pending::Renew { router } => {
                if let Some(r) = self.routers.get_mut(router) {
                    r.renew_at = Some(now + renew_after(&response));
                }
            }
            Pending::Response => {}
        }
    }

    /// A renewal refused or unanswered: the router no longer has the subscription (UPnP's
    /// 412), so the router is not followed any more; a search finds it again.
    fn lost(&mut self, pending: &Pending) {
        let Pending::Renew { router } = pending else { return };
        if let Some(r) = self.routers.get_mut(*router).filter(|r| r.subscribed) {
            r.subscribed = false;
            r.sid = None;
            r.renew_at = None;
            let (uuid, name) = (r.uuid, r.name.clone());
            self.events.push_back(ComputerEvent::RouterRemoved { uuid, name, goodbye: false });
        }
    }

    fn on_description(&mut self, router: usize, response: &Response) {
        let text = String::from_utf8_lossy(&response.body);
        let Some(found) = read_device_xml(&text) else {
            let why = "no WFADevice:1 in it".to_string();
            return self.events.push_back(ComputerEvent::RequestFailed { what: "reading the device description", why });
        };
        let r = &mut self.routers[router];
        r.name = found.friendly_name;
        r.model = found.model_name;
        r.control = Some(resolve(&found.control_url, r.location));
        r.events = Some(resolve(&found.event_sub_url, r.location));
        if let Some(uuid) = found.uuid {
            r.uuid = uuid;
        }
        let Some((to, path)) = r.control.as_deref().and_then(split_url) else { return };
        let (header, body) = soap::request(&Action::GetDeviceInfo);
        let request = Request::new("POST", &path)
            .with_header("HOST", to.to_string())
            .with_header("SOAPACTION", header)
            .with_body(XML, body);
        self.http(to, request, Pending::DeviceInfo { router });
    }

    /// The router's M1 read (wpa_supplicant subscribes only once it parses), then events
    /// subscribed to.
    fn on_device_info(&mut self, router: usize, response: &Response) {
        let m1 = soap::read_response(&response.body, "NewDeviceInfo").and_then(|b| M1::parse(&b).ok());
        let Some(m1) = m1 else {
            let why = "no M1 in the answer".to_string();
            return self.events.push_back(ComputerEvent::RequestFailed { what: "GetDeviceInfo", why });
        };
        let Some((to, path)) = self.routers[router].events.as_deref().and_then(split_url) else { return };
        self.routers[router].uuid = m1.uuid_e;
        self.routers[router].mac = m1.mac;
        let callback = format!("<http://{}{}>", self.config.address, callback_path(router));
        let request = Request::new("SUBSCRIBE", &path)
            .with_header("HOST", to.to_string())
            .with_header("CALLBACK", callback)
            .with_header("NT", "upnp:event")
            .with_header("TIMEOUT", format!("Second-{}", gena::SUBSCRIPTION_SECS));
        self.http(to, request, Pending::Subscribe { router });
    }

    fn on_subscribed(&mut self, now: Time, router: usize, response: &Response) {
        let Some(sid) = response.header("SID") else {
            let why = "no SID".to_string();
            return self.events.push_back(ComputerEvent::RequestFailed { what: "subscribing to events", why });
        };
        let renew = now + renew_after(response);
        let r = &mut self.routers[router];
        r.subscribed = true;
        r.sid = Some(sid.trim().to_string());
        r.renew_at = Some(renew);
        let (uuid, mac, name, model) = (r.uuid, r.mac, r.name.clone(), r.model.clone());
        self.events.push_back(ComputerEvent::RouterAdded { uuid, mac, name, model });
        // A PIN typed in: the router is asked to say so in its beacons, as wpa_supplicant's
        // external registrar does (`wps_er_set_sel_reg`).
        let selected = self.registrar.selected();
        self.select(router, selected);
    }

    /// SetSelectedRegistrar to `router`: selected for the computer's device password, or not.
    fn select(&mut self, router: usize, selected: bool) {
        use crate::wps::attr::AttrWriter;
        use crate::wps::defs::{AttrType, DevicePasswordId};
        let ad = self.registrar.advertised();
        let mut w = AttrWriter::new();
        w.put_u8(AttrType::Version, 0x10).put_u8(AttrType::SelectedRegistrar, u8::from(selected));
        if selected {
            let id = ad.device_password_id.unwrap_or(DevicePasswordId::Default);
            w.put_u16(AttrType::DevicePasswordId, id.to_u16())
                .put_u16(AttrType::SelRegConfigMethods, ad.config_methods);
        }
        w.put(AttrType::UuidR, self.registrar.config().uuid_r.as_ref())
            .put(AttrType::VendorExt, &crate::wps::message::version2_ext());
        let Some((to, path)) = self.routers[router].control.as_deref().and_then(split_url) else { return };
        let (header, body) = soap::request(&Action::SetSelectedRegistrar(w.finish()));
        let request = Request::new("POST", &path)
            .with_header("HOST", to.to_string())
            .with_header("SOAPACTION", header)
            .with_body(XML, body);
        self.http(to, request, Pending::Response);
    }

    /// A request to the computer's own address: a router's NOTIFY.
    pub fn handle_request(&mut self, now: Time, req: &Request) -> Response {
        let router = req.target.strip_prefix("/event/").and_then(|id| id.parse::<usize>().ok());
        let Some(router) = router.filter(|r| *r < self.routers.len()) else { return Response::new(404) };
        if req.method != "NOTIFY" {
            return Response::new(405);
        }
        // UPnP: an event under a SID the subscriber does not hold is refused with 412. (The
        // first event may come before the answer that gives the SID: taken then.)
        if let Some(ours) = self.routers[router].sid.as_deref()
            && req.header("SID").map(str::trim) != Some(ours)
        {
            return Response::new(412);
        }
        // The first event (the state) holds no WLANEvent: answered all the same, or the
        // router would drop the subscription.
        if let Some(event) = gena::read_wlan_event_property(&req.body)
            && let Some((WlanEventType::Eap, mac, message)) = gena::read_wlan_event(&event)
        {
            self.on_station_message(now, router, mac, message);
        }
        Response::new(200)
    }

    fn on_station_message(&mut self, now: Time, router: usize, mac: Mac, message: &[u8]) {
        if let Ok(m1) = M1::parse(message) {
            // Said once per device, as wpa_supplicant does, however often it asks again.
            if self.stations.insert(mac, router).is_none() {
                let name = String::from_utf8_lossy(&m1.device.device_name).into_owned();
                let category = u16::from_be_bytes([m1.device.primary_device_type[0], m1.device.primary_device_type[1]]);
                self.events.push_back(ComputerEvent::EnrolleeAdded { uuid: m1.uuid_e, mac, name, category });
            }
        }
        let was_selected = self.registrar.selected();
        if self.registrar.handle_wsc(now, mac, message).is_err() {
            return;
        }
        if was_selected && !self.registrar.selected() {
            // The PIN is used up: every router is told the selection is over.
            for r in 0..self.routers.len() {
                if self.routers[r].subscribed {
                    self.select(r, false);
                }
            }
        }
        while let Some((to, _, body)) = self.registrar.poll_wsc() {
            let through = self.stations.get(&to).copied().unwrap_or(router);
            let Some((addr, path)) = self.routers[through].control.as_deref().and_then(split_url) else { continue };
            let (header, soap_body) =
                soap::request(&Action::PutWlanResponse { message: body, kind: WlanEventType::Eap, mac: to });
            let request = Request::new("POST", &path)
                .with_header("HOST", addr.to_string())
                .with_header("SOAPACTION", header)
                .with_body(XML, soap_body);
            self.http(addr, request, Pending::Response);
        }
    }

    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<ComputerEvent> {
        self.events.pop_front()
    }
}
