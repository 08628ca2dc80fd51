//! The flight recorder: every frame put on the air (summarised once, as it was sent), every
//! event a machine reported, the router's beacons as they changed, the frames a side refused,
//! and the printer's session keys. The air writes it as things happen; the ladder, the
//! capture, the inspector, `simulate` and the tests all read this one recording.

pub use super::frame::{Payload, Summary};
use crate::wps::crypto::SessionKeys;
use crate::wps::error::ProtocolError;
use crate::wps::event::Event;
use crate::wps::probe::ApWps;
use crate::wps::time::Time;

/// Who is on the air.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Node {
    Router,
    /// A station by index: 0 is the printer, others are neighbours.
    Station(usize),
    /// The computer on the router's LAN (not on the air: its packets cross the wire).
    Computer,
}

impl Node {
    pub const PRINTER: Node = Node::Station(0);
}

/// A frame put on the air.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// Order among frames and events together.
    pub seq: u64,
    pub at: Time,
    pub from: Node,
    pub to: Node,
    pub payload: Payload,
    /// What it is and what the ladder calls it, worked out once as it was sent.
    pub summary: Summary,
    /// Whether it reached the other side (a station out of range transmits into nothing,
    /// a weak signal loses a frame now and then).
    pub delivered: bool,
    /// The same bytes as the last frame between these two: a retransmission.
    pub again: bool,
    /// Which of the station's WPS attempts it belongs to (its enrollee's count of starts).
    pub attempt: u32,
}

/// What a machine reported: the registration's events, or the join's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Wps(Event),
    Join(crate::wlan::event::Event),
    /// The router's admin page, not the air: its web server's log.
    Admin(AdminEvent),
    /// The router's UPnP device (hostapd's `WPS UPnP:` lines).
    Upnp(crate::upnp::device::UpnpEvent),
    /// The computer's "Add a device" (wpa_supplicant's `WPS-ER-*` events).
    Computer(crate::upnp::computer::ComputerEvent),
}

/// What the router's admin page logs, as routers' system logs say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminEvent {
    /// A wrong password on the login page: from where, how many in a row, and how long the
    /// next try must wait (if it must).
    LoginFailed { from: std::net::IpAddr, in_a_row: u32, wait: Option<std::time::Duration> },
}

impl std::fmt::Display for AdminEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AdminEvent::LoginFailed { from, in_a_row, wait } => {
                write!(f, "admin: failed login from {from} ({in_a_row} in a row)")?;
                match wait {
                    Some(w) => write!(f, "; login blocked for {} s", w.as_secs()),
                    None => Ok(()),
                }
            }
        }
    }
}

impl Report {
    /// A line for the event log: WPS's control-interface events, the join's main lines.
    pub fn is_ctrl_event(&self) -> bool {
        match self {
            Report::Wps(e) => e.is_ctrl_event(),
            Report::Join(e) => e.is_logged(),
            Report::Admin(_) => true,
            // A search that found routers says nothing new (WPS-ER-AP-ADD said it).
            Report::Computer(e) => {
                !matches!(e, crate::upnp::computer::ComputerEvent::SearchEnded { routers } if *routers > 0)
            }
            // hostapd's debug lines: the ones that change what the computer can do.
            Report::Upnp(e) => {
                use crate::upnp::device::UpnpEvent;
                matches!(e, UpnpEvent::Subscribed { .. } | UpnpEvent::Refused { .. } | UpnpEvent::Expired { .. })
            }
        }
    }

    pub fn is_failure(&self) -> bool {
        match self {
            Report::Wps(e) => e.is_failure(),
            Report::Join(e) => e.is_failure(),
            Report::Admin(_) => false,
            Report::Upnp(e) => matches!(e, crate::upnp::device::UpnpEvent::Refused { .. }),
            Report::Computer(e) => matches!(
                e,
                crate::upnp::computer::ComputerEvent::RequestFailed { .. }
                    | crate::upnp::computer::ComputerEvent::RouterRemoved { .. }
                    | crate::upnp::computer::ComputerEvent::SearchEnded { routers: 0 }
            ),
        }
    }

    /// The registration's event, if this is one.
    pub fn wps(&self) -> Option<&Event> {
        match self {
            Report::Wps(e) => Some(e),
            Report::Join(_) | Report::Admin(_) | Report::Upnp(_) | Report::Computer(_) => None,
        }
    }
}

impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Report::Wps(e) => e.fmt(f),
            Report::Join(e) => e.fmt(f),
            Report::Admin(e) => e.fmt(f),
            Report::Upnp(e) => e.fmt(f),
            Report::Computer(e) => e.fmt(f),
        }
    }
}

/// An event a machine reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub seq: u64,
    pub at: Time,
    pub who: Node,
    pub event: Report,
}

/// The router's beacon each time what it advertises changes: its network as it was then
/// (a capture written later must not rewrite it) and its WPS element (`None`: none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Beacon {
    pub seq: u64,
    pub at: Time,
    pub network: Advert,
    pub wps: Option<ApWps>,
}

/// What a beacon says of the network: its name and security (no key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advert {
    pub ssid: Vec<u8>,
    pub auth_type: u16,
    pub encr_type: u16,
    /// The name left out of the beacon (a hidden network).
    pub hidden: bool,
    /// The security its elements offer.
    pub offer: crate::wlan::ap::Offer,
}

/// A station's temporal key (TK) from the 4-way handshake, and the addresses its CCMP
/// frames are sealed under.
#[derive(Clone)]
pub struct LinkKey {
    pub from_seq: u64,
    pub station: usize,
    pub sta: crate::wps::message::Mac,
    pub bssid: crate::wps::message::Mac,
    pub tk: zeroize::Zeroizing<[u8; crate::wlan::keys::TK_LEN]>,
}

/// What crossed the air, in order (frames, events and beacons share one sequence).
#[derive(Default)]
pub struct Recording {
    sent: Vec<Sent>,
    /// The printer's session keys, each with the number of the first frame sent once it had
    /// them: what the inspector decrypts Encrypted Settings with.
    keys: Vec<(u64, SessionKeys)>,
    /// The join's temporal keys, each from the frame number the handshake completed at:
    /// what the inspector opens CCMP data frames with.
    link_keys: Vec<LinkKey>,
    log: Vec<LogEntry>,
    /// Frames a side refused, with why: what a trainer points at when something is off.
    rejected: Vec<(Time, Node, ProtocolError)>,
    beacons: Vec<Beacon>,
}

impl Recording {
    pub fn is_empty(&self) -> bool {
        self.sent.is_empty() && self.log.is_empty() && self.beacons.is_empty()
    }

    pub fn sent(&self) -> &[Sent] {
        &self.sent
    }

    /// The frame numbered `seq`.
    pub fn frame(&self, seq: u64) -> Option<&Sent> {
        let i = self.sent.binary_search_by_key(&seq, |s| s.seq).ok()?;
        self.sent.get(i)
    }

    /// The printer's session keys a frame was sent under, if it had any then.
    pub fn keys_for(&self, seq: u64) -> Option<&SessionKeys> {
        self.keys.iter().rev().find(|(from, _)| *from <= seq).map(|(_, k)| k)
    }

    /// The temporal keys station `station`'s frame `seq` may have been sealed under, the
    /// likeliest first: the last made before it, then those after (the station installs
    /// its key at message 3 and may send before the router has heard message 4, when the
    /// router records the key). CCMP's integrity check tells which one it was.
    pub fn link_keys_for(&self, seq: u64, station: usize) -> Vec<&LinkKey> {
        let of_station = self.link_keys.iter().filter(|k| k.station == station);
        let before = of_station.clone().rev().filter(|k| k.from_seq <= seq);
        before.chain(of_station.filter(|k| k.from_seq > seq)).collect()
    }

    pub(super) fn link_keyed(&mut self, key: LinkKey) {
        self.link_keys.push(key);
    }

    pub fn log(&self) -> &[LogEntry] {
        &self.log
    }

    /// The event numbered `seq`.
    pub fn event(&self, seq: u64) -> Option<&LogEntry> {
        let i = self.log.binary_search_by_key(&seq, |e| e.seq).ok()?;
        self.log.get(i)
    }

    pub fn beacons(&self) -> &[Beacon] {
        &self.beacons
    }

    pub fn rejected(&self) -> &[(Time, Node, ProtocolError)] {
        &self.rejected
    }

    /// The WPS control-interface events one side reported, in hostapd's words.
    pub fn events_of(&self, who: Node) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| e.who == who && e.event.wps().is_some_and(Event::is_ctrl_event))
            .map(|e| e.event.to_string())
            .collect()
    }

    /// Every line one side's join reported (wpa_supplicant, udhcpc, hostapd, dnsmasq).
    pub fn join_events_of(&self, who: Node) -> Vec<String> {
        self.log
            .iter()
            .filter(|e| e.who == who && matches!(e.event, Report::Join(_)))
            .map(|e| e.event.to_string())
            .collect()
    }

    // --- written by the air, as things happen ---------------------------------------------

    pub(super) fn frame_sent(&mut self, sent: Sent) {
        self.sent.push(sent);
    }

    pub(super) fn reported(&mut self, entry: LogEntry) {
        self.log.push(entry);
    }

    /// What the router advertises, if it changed.
    pub(super) fn advertised(&mut self, seq: u64, at: Time, network: Advert, wps: Option<ApWps>) -> bool {
        if self.beacons.last().is_some_and(|b| b.wps == wps && b.network == network) {
            return false;
        }
        self.beacons.push(Beacon { seq, at, network, wps });
        true
    }

    /// The beacon on the air when frame `seq` was sent (the last one recorded before it).
    pub fn beacon_at(&self, seq: u64) -> Option<&Beacon> {
        self.beacons.iter().take_while(|b| b.seq <= seq).last()
    }

    /// The printer's session keys, if they are new: frames from `from_seq` on are under them.
    pub(super) fn keys_known(&mut self, from_seq: u64, keys: &SessionKeys) {
        if self.keys.last().is_none_or(|(_, k)| k.key_wrap_key != keys.key_wrap_key) {
            self.keys.push((from_seq, keys.clone()));
        }
    }

    pub(super) fn refused(&mut self, at: Time, who: Node, error: ProtocolError) {
        self.rejected.push((at, who, error));
    }
}
