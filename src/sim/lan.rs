//! The router's wired side, for "enter the PIN into your computer": the router's UPnP device
//! and a computer (control point and external registrar) on one LAN. Packets are the bytes a
//! network would carry (SSDP datagrams, HTTP requests and answers on their own connections),
//! so the ladder, the inspector and the capture read them as they would off a cable. The
//! air moves them on its clock; this module says who is where, which
//! packets reach whom, and what each one is called.

use std::net::{Ipv4Addr, SocketAddrV4};

use crate::sim::models::{self, Identities, RouterSetup};
use crate::upnp::computer::{Computer, ComputerConfig};
use crate::upnp::device::{DeviceConfig, UpnpDevice};
use crate::upnp::http::{Message as _, Parsed, Request, Response};
use crate::upnp::soap;
use crate::upnp::{gena, ssdp};
use crate::wps::entropy::Csprng;
use crate::wps::message::msg_type_of;
use crate::wps::pin::Pin;
use crate::wps::registrar::Registrar;

/// The port the router serves UPnP on (hostapd's default is a free one; routers use these).
pub const ROUTER_UPNP_PORT: u16 = 49152;
/// Where the computer listens for the router's events.
pub const COMPUTER_EVENTS_PORT: u16 = 49153;
/// The port the computer's searches leave from.
pub const COMPUTER_SSDP_PORT: u16 = 50000;

/// Which network the computer is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seat {
    /// The router's own network: it hears the router's announcements and reaches its address.
    Home,
    /// The guest network: the router keeps guests off its own network (client isolation),
    /// so nothing of UPnP crosses.
    Guest,
}

impl Seat {
    /// Where the computer listens for events on this network.
    pub fn computer_addr(self) -> SocketAddrV4 {
        let host = match self {
            Seat::Home => models::ROUTER.lan_host(models::COMPUTER_HOST),
            Seat::Guest => models::GUEST_COMPUTER,
        };
        SocketAddrV4::new(host, COMPUTER_EVENTS_PORT)
    }
}

/// A packet on the LAN: SSDP over UDP, or one HTTP message on its TCP connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanPacket {
    /// SSDP: a search or an announcement to the group, or an answer to one address.
    Udp { from: SocketAddrV4, to: SocketAddrV4, bytes: Vec<u8> },
    /// An HTTP request; `token` is the computer's, to hand it the answer.
    Request { from: SocketAddrV4, to: SocketAddrV4, bytes: Vec<u8>, token: Option<u64> },
    /// The answer on the same connection.
    Response { from: SocketAddrV4, to: SocketAddrV4, bytes: Vec<u8>, token: Option<u64> },
}

impl LanPacket {
    pub fn bytes(&self) -> &[u8] {
        match self {
            LanPacket::Udp { bytes, .. } | LanPacket::Request { bytes, .. } | LanPacket::Response { bytes, .. } => {
                bytes
            }
        }
    }

    pub fn ends(&self) -> (SocketAddrV4, SocketAddrV4) {
        match self {
            LanPacket::Udp { from, to, .. }
            | LanPacket::Request { from, to, .. }
            | LanPacket::Response { from, to, .. } => (*from, *to),
        }
    }

    /// The WSC message it carries (base64 in a SOAP or GENA body), if any.
    pub fn wsc(&self) -> Option<Vec<u8>> {
        let body = match self {
            LanPacket::Udp { .. } => return None,
            LanPacket::Request { bytes, .. } => match Request::parse(bytes) {
                Ok(Parsed::Complete(r, _)) => r.body,
                _ => return None,
            },
            LanPacket::Response { bytes, .. } => match Response::parse(bytes) {
                Ok(Parsed::Complete(r, _)) => r.body,
                _ => return None,
            },
        };
        carried(&body)
    }

    /// What the ladder calls it, short (it has half the ladder's width): "SSDP M-SEARCH",
    /// "WLANEvent M1", "PutWLANResponse M2", "200 OK router's M1".
    pub fn label(&self) -> String {
        match self {
            LanPacket::Udp { bytes, .. } => {
                let text = String::from_utf8_lossy(bytes);
                if text.starts_with("M-SEARCH") {
                    "SSDP M-SEARCH".into()
                } else if text.starts_with("NOTIFY") {
                    let byebye = text.contains("ssdp:byebye");
                    format!("SSDP {}", if byebye { "byebye" } else { "alive" })
                } else if text.starts_with("HTTP/1.1 200") {
                    "SSDP answer".into()
                } else {
                    "SSDP (unreadable)".into()
                }
            }
            LanPacket::Request { bytes, .. } => match Request::parse(bytes) {
                Ok(Parsed::Complete(r, _)) => request_label(&r),
                _ => "HTTP (unreadable)".into(),
            },
            LanPacket::Response { bytes, .. } => match Response::parse(bytes) {
                Ok(Parsed::Complete(r, _)) => response_label(&r),
                _ => "HTTP answer (unreadable)".into(),
            },
        }
    }
}

/// The WSC message type a UPnP body carries, as the ladder names it ("M1", "M2D").
fn carried_name(body: &[u8]) -> Option<String> {
    let message = carried(body)?;
    Some(msg_type_of(&message).map_or_else(|| "WSC".to_string(), |t| t.to_string()))
}

/// The WSC message in a SOAP or GENA body: a WLANEvent's message, or an action's argument.
fn carried(body: &[u8]) -> Option<Vec<u8>> {
    if let Some(event) = gena::read_wlan_event_property(body) {
        let (_, _, message) = gena::read_wlan_event(&event)?;
        return Some(message.to_vec());
    }
    ["NewDeviceInfo", "NewOutMessage"].iter().find_map(|arg| soap::read_response(body, arg)).or_else(|| {
        match soap::parse_action(Some(&format!("\"{}#PutWLANResponse\"", crate::upnp::SERVICE_TYPE)), body) {
            Ok(soap::Action::PutWlanResponse { message, .. }) => Some(message),
            _ => None,
        }
    })
}

fn request_label(r: &Request) -> String {
    match r.method.as_str() {
        "GET" if r.target == crate::upnp::DESCRIPTION_PATH => "GET description".into(),
        "GET" => format!("GET {}", r.target),
        "SUBSCRIBE" => "SUBSCRIBE".into(),
        "NOTIFY" => match carried_name(&r.body) {
            Some(m) => format!("WLANEvent {m}"),
            None => "NOTIFY (state)".into(),
        },
        "POST" => match soap::parse_action(r.header("SOAPACTION"), &r.body) {
            Ok(soap::Action::GetDeviceInfo) => "GetDeviceInfo".into(),
            Ok(soap::Action::PutWlanResponse { message, .. }) => {
                let m = msg_type_of(&message).map_or_else(|| "WSC".to_string(), |t| t.to_string());
                format!("PutWLANResponse {m}")
            }
            Ok(soap::Action::SetSelectedRegistrar(attrs)) => {
                let on = crate::wps::attr::Attrs::parse(&attrs)
                    .ok()
                    .and_then(|a| a.get(crate::wps::defs::AttrType::SelectedRegistrar).map(|v| v != [0]))
                    .unwrap_or(false);
                format!("SetSelReg {}", if on { "on" } else { "off" })
            }
            Ok(a) => a.name().to_string(),
            Err(_) => "POST (unreadable)".into(),
        },
        other => other.to_string(),
    }
}

fn response_label(r: &Response) -> String {
    let status = match r.status {
        200 => "200 OK".to_string(),
        s => format!("HTTP {s}"),
    };
    if r.header("SID").is_some() {
        return format!("{status} subscribed");
    }
    if soap::read_response(&r.body, "NewDeviceInfo").is_some() {
        return format!("{status} router's M1");
    }
    if String::from_utf8_lossy(&r.body).contains("<deviceType>") {
        return format!("{status} description");
    }
    status
}

/// The wired side of the home: the router's UPnP device, and the computer.
pub struct Lan {
    pub device: UpnpDevice,
    pub computer: Computer,
    pub router_addr: SocketAddrV4,
    pub computer_addr: SocketAddrV4,
    /// The computer's Ethernet address (the Laptop's of the client list).
    pub computer_mac: crate::wps::message::Mac,
    /// The router's UPnP switch (its settings): off, it neither announces nor answers.
    pub upnp_on: bool,
    pub seat: Seat,
}

/// How the home's LAN is set up for a rehearsal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanSetup {
    pub seat: Seat,
}

impl Lan {
    /// The router's UPnP device (with its AP PIN when the settings keep one) and the
    /// computer, whose registrar hands out the router's own network, as a computer set up
    /// on it does.
    pub fn new(
        setup: &RouterSetup,
        lan: LanSetup,
        ids: &Identities,
        computer_mac: crate::wps::message::Mac,
        ap_pin: &Pin,
        master: &mut Csprng,
    ) -> Lan {
        let config = models::router_registrar(setup, ids);
        let router_addr = SocketAddrV4::new(models::ROUTER.lan_address, ROUTER_UPNP_PORT);
        let device = UpnpDevice::new(
            DeviceConfig {
                uuid: config.uuid_r,
                mac: config.mac,
                device: config.device.clone(),
                base_url: format!("http://{router_addr}"),
                dh_private_len: config.dh_private_len,
                ap_pin: setup.ap_pin_on.then(|| ap_pin.as_bytes().to_vec().into()),
            },
            Box::new(master.child()),
        );
        let computer_addr = lan.seat.computer_addr();
        let mut computer_config = models::computer_registrar(computer_mac, models::random_uuid(master));
        computer_config.network = setup.network_settings();
        let registrar = Registrar::new(computer_config, Box::new(master.child()));
        let computer = Computer::new(ComputerConfig { address: computer_addr }, registrar);
        Lan { device, computer, router_addr, computer_addr, computer_mac, upnp_on: setup.upnp_on, seat: lan.seat }
    }

    /// Whether a packet between the computer and the router gets through: both on the home
    /// network, the router listening.
    pub fn reaches(&self) -> bool {
        self.seat == Seat::Home
    }

    /// Whether `packet` gets through: both ends on the home network, and sent to where the
    /// computer is now (a NOTIFY to the address it had on the other network goes nowhere).
    pub fn delivers(&self, packet: Option<&LanPacket>) -> bool {
        let Some(packet) = packet else { return false };
        let (from, to) = packet.ends();
        let ours = |a: &SocketAddrV4| a.ip() == self.computer_addr.ip() || a.ip() == self.router_addr.ip();
        self.reaches() && (to.ip().is_multicast() || ours(&to)) && ours(&from)
    }

    /// The computer joins the other network: its address changes with it.
    pub fn move_to(&mut self, seat: Seat) {
        self.seat = seat;
        self.computer_addr = seat.computer_addr();
        self.computer.set_address(self.computer_addr);
    }

    /// Where the computer's searches leave from.
    pub fn search_from(&self) -> SocketAddrV4 {
        SocketAddrV4::new(*self.computer_addr.ip(), COMPUTER_SSDP_PORT)
    }

    pub fn group() -> SocketAddrV4 {
        SocketAddrV4::new(Ipv4Addr::from(ssdp::GROUP), ssdp::PORT)
    }
}
