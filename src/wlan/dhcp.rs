//! DHCP (RFC 2131) as the printer and the router speak it after the handshake: Discover,
//! Offer, Request, Ack, carried in UDP over IPv4 behind an LLC/SNAP header, the way an
//! 802.11 data frame carries IP. The client follows busybox udhcpc (three discovers, three
//! seconds apart); the server hands out addresses as a home router's dnsmasq does.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::wps::message::Mac;
use crate::wps::time::Time;
use crate::wps::timer::TimerTable;

const LLC_SNAP_IPV4: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00];
const MAGIC_COOKIE: [u8; 4] = [99, 130, 83, 99];
pub const SERVER_PORT: u16 = 67;
pub const CLIENT_PORT: u16 = 68;
const BOOTREQUEST: u8 = 1;
const BOOTREPLY: u8 = 2;

/// DHCP option codes used here.
pub mod opt {
    pub const SUBNET_MASK: u8 = 1;
    pub const ROUTER: u8 = 3;
    pub const DNS: u8 = 6;
    pub const HOST_NAME: u8 = 12;
    pub const BROADCAST: u8 = 28;
    pub const REQUESTED_IP: u8 = 50;
    pub const LEASE_TIME: u8 = 51;
    pub const MESSAGE_TYPE: u8 = 53;
    pub const SERVER_ID: u8 = 54;
    pub const PARAMETER_LIST: u8 = 55;
    pub const MAX_MESSAGE_SIZE: u8 = 57;
    pub const RENEWAL_TIME: u8 = 58;
    pub const REBINDING_TIME: u8 = 59;
    pub const VENDOR_CLASS: u8 = 60;
    pub const CLIENT_ID: u8 = 61;
    pub const END: u8 = 255;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Ack = 5,
    Nak = 6,
}

impl Kind {
    fn from_u8(v: u8) -> Option<Kind> {
        Some(match v {
            1 => Kind::Discover,
            2 => Kind::Offer,
            3 => Kind::Request,
            5 => Kind::Ack,
            6 => Kind::Nak,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Discover => "DHCP Discover",
            Kind::Offer => "DHCP Offer",
            Kind::Request => "DHCP Request",
            Kind::Ack => "DHCP Ack",
            Kind::Nak => "DHCP NAK",
        }
    }
}

/// One DHCP message: the BOOTP fields this exchange uses, and its options in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub op: u8,
    pub xid: u32,
    pub yiaddr: Ipv4Addr,
    pub siaddr: Ipv4Addr,
    pub chaddr: Mac,
    pub options: Vec<(u8, Vec<u8>)>,
}

impl Message {
    pub fn kind(&self) -> Option<Kind> {
        self.option(opt::MESSAGE_TYPE).and_then(|v| v.first().copied()).and_then(Kind::from_u8)
    }

    pub fn option(&self, code: u8) -> Option<&[u8]> {
        self.options.iter().find(|(c, _)| *c == code).map(|(_, v)| v.as_slice())
    }

    pub fn option_ip(&self, code: u8) -> Option<Ipv4Addr> {
        let v: [u8; 4] = self.option(code)?.try_into().ok()?;
        Some(Ipv4Addr::from(v))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut b = vec![self.op, 1, 6, 0];
        b.extend_from_slice(&self.xid.to_be_bytes());
        b.extend_from_slice(&[0; 4]); // secs, flags: replies go to the client's own address
        b.extend_from_slice(&[0; 4]); // ciaddr
        b.extend_from_slice(&self.yiaddr.octets());
        b.extend_from_slice(&self.siaddr.octets());
        b.extend_from_slice(&[0; 4]); // giaddr
        b.extend_from_slice(self.chaddr.as_ref());
        b.extend_from_slice(&[0; 10 + 64 + 128]); // chaddr padding, sname, file
        b.extend_from_slice(&MAGIC_COOKIE);
        for (code, value) in &self.options {
            b.push(*code);
            b.push(value.len() as u8);
            b.extend_from_slice(value);
        }
        b.push(opt::END);
        b
    }

    pub fn parse(b: &[u8]) -> Option<Message> {
        if b.len() < 240 || b[236..240] != MAGIC_COOKIE || b[1] != 1 || b[2] != 6 {
            return None;
        }
        let ip = |i: usize| Ipv4Addr::new(b[i], b[i + 1], b[i + 2], b[i + 3]);
        let mut options = Vec::new();
        let mut rest = &b[240..];
        while let Some((&code, tail)) = rest.split_first() {
            match code {
                opt::END => break,
                0 => rest = tail,
                _ => {
                    let (&len, tail) = tail.split_first()?;
                    let value = tail.get(..usize::from(len))?;
                    options.push((code, value.to_vec()));
                    rest = &tail[usize::from(len)..];
                }
            }
        }
        Some(Message {
            op: b[0],
            xid: u32::from_be_bytes([b[4], b[5], b[6], b[7]]),
            yiaddr: ip(16),
            siaddr: ip(20),
            chaddr: b[28..34].try_into().ok()?,
            options,
        })
    }
}

fn checksum(bytes: &[u8]) -> u16 {
    let mut sum: u32 = bytes.chunks(2).map(|c| u32::from(u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))).sum();
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// A DHCP message in UDP in IPv4 behind LLC/SNAP: the plaintext of a data frame.
pub fn encapsulate(src: Ipv4Addr, dst: Ipv4Addr, message: &Message) -> Vec<u8> {
    let (sport, dport) =
        if message.op == BOOTREQUEST { (CLIENT_PORT, SERVER_PORT) } else { (SERVER_PORT, CLIENT_PORT) };
    let dhcp = message.to_bytes();
    let udp_len = 8 + dhcp.len();
    let mut udp = Vec::with_capacity(udp_len);
    udp.extend_from_slice(&sport.to_be_bytes());
    udp.extend_from_slice(&dport.to_be_bytes());
    udp.extend_from_slice(&(udp_len as u16).to_be_bytes());
    udp.extend_from_slice(&[0, 0]);
    udp.extend_from_slice(&dhcp);
    // The UDP checksum covers a pseudo-header of the addresses, protocol and length.
    let mut pseudo = Vec::with_capacity(12 + udp.len());
    pseudo.extend_from_slice(&src.octets());
    pseudo.extend_from_slice(&dst.octets());
    pseudo.extend_from_slice(&[0, 17]);
    pseudo.extend_from_slice(&(udp_len as u16).to_be_bytes());
    pseudo.extend_from_slice(&udp);
    let sum = match checksum(&pseudo) {
        0 => 0xffff,
        s => s,
    };
    udp[6..8].copy_from_slice(&sum.to_be_bytes());
    let mut ip = vec![0x45, 0, 0, 0, 0, 0, 0, 0, 64, 17, 0, 0];
    ip[2..4].copy_from_slice(&((20 + udp_len) as u16).to_be_bytes());
    ip.extend_from_slice(&src.octets());
    ip.extend_from_slice(&dst.octets());
    let sum = checksum(&ip);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    let mut out = LLC_SNAP_IPV4.to_vec();
    out.extend_from_slice(&ip);
    out.extend_from_slice(&udp);
    out
}

/// The DHCP message out of a data frame's plaintext, if that is what it carries.
pub fn decapsulate(bytes: &[u8]) -> Option<Message> {
    let ip = bytes.strip_prefix(&LLC_SNAP_IPV4)?;
    if ip.len() < 28 || ip[0] != 0x45 || ip[9] != 17 {
        return None;
    }
    let udp = &ip[20..];
    let dport = u16::from_be_bytes([udp[2], udp[3]]);
    if dport != SERVER_PORT && dport != CLIENT_PORT {
        return None;
    }
    Message::parse(&udp[8..])
}

/// What a DHCP side wants sent: the message, from and to which IP addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub message: Message,
}

impl Outgoing {
    pub fn plaintext(&self) -> Vec<u8> {
        encapsulate(self.src, self.dst, &self.message)
    }
}

/// The client's timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum ClientTimer {
    /// No answer to a discover or a request yet (udhcpc's -T).
    Answer,
}

/// The printer's DHCP client, as busybox udhcpc: discover, select an offer, take the lease.
#[derive(Debug, Clone)]
pub struct Client {
    mac: Mac,
    hostname: String,
    xid: u32,
    /// The offer being requested, and from which server.
    selecting: Option<(Ipv4Addr, Ipv4Addr)>,
    /// Discovers sent in this round, or selects for the offer being taken.
    sends: u32,
    timers: TimerTable<ClientTimer>,
}

/// How long udhcpc waits for an answer (`-T 3`) and how many discovers it sends (`-t 3`).
pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(3);
pub const CLIENT_TRIES: u32 = 3;

/// What busybox udhcpc says it is: its vendor class (option 60), "udhcp" and its version
/// (Debian 12's busybox 1.35).
const VENDOR_CLASS: &[u8] = b"udhcp 1.35.0";
/// The largest DHCP message udhcpc takes (option 57): an IPv4, UDP and DHCP packet of 576 bytes.
const MAX_MESSAGE: u16 = 576;

/// The lease the client obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub ip: Ipv4Addr,
    /// The server that gave it.
    pub server: Ipv4Addr,
    pub router: Option<Ipv4Addr>,
    pub seconds: u32,
}

/// What one step of the client gives: something to send, a lease, or giving up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientStep {
    Send(Outgoing),
    Leased(Lease),
    GaveUp,
}

impl Client {
    pub fn new(mac: Mac, hostname: String, xid: u32) -> Client {
        Client { mac, hostname, xid, selecting: None, sends: 0, timers: TimerTable::default() }
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        self.timers.next_timeout()
    }

    fn request(&self, kind: Kind, extra: Vec<(u8, Vec<u8>)>) -> Outgoing {
        let mut options = vec![(opt::MESSAGE_TYPE, vec![kind as u8])];
        options.push((opt::CLIENT_ID, [&[1u8][..], self.mac.as_ref()].concat()));
        options.extend(extra);
        // busybox's add_client_options(): the size it takes and what it is.
        options.push((opt::MAX_MESSAGE_SIZE, MAX_MESSAGE.to_be_bytes().to_vec()));
        options.push((opt::VENDOR_CLASS, VENDOR_CLASS.to_vec()));
        options.push((opt::HOST_NAME, self.hostname.as_bytes().to_vec()));
        options.push((opt::PARAMETER_LIST, vec![opt::SUBNET_MASK, opt::ROUTER, opt::DNS, opt::HOST_NAME]));
        Outgoing {
            src: Ipv4Addr::UNSPECIFIED,
            dst: Ipv4Addr::BROADCAST,
            message: Message {
                op: BOOTREQUEST,
                xid: self.xid,
                yiaddr: Ipv4Addr::UNSPECIFIED,
                siaddr: Ipv4Addr::UNSPECIFIED,
                chaddr: self.mac,
                options,
            },
        }
    }

    /// The first discover.
    pub fn start(&mut self, now: Time) -> ClientStep {
        self.sends = 0;
        self.selecting = None;
        self.discover(now)
    }

    fn discover(&mut self, now: Time) -> ClientStep {
        self.sends += 1;
        self.timers.set(ClientTimer::Answer, now + CLIENT_TIMEOUT);
        ClientStep::Send(self.request(Kind::Discover, Vec::new()))
    }

    pub fn handle_timeout(&mut self, now: Time) -> Option<ClientStep> {
        if !self.timers.is_expired(ClientTimer::Answer, now) {
            return None;
        }
        if self.sends >= CLIENT_TRIES {
            // With `-n` (as ifupdown runs it), three selects or three discovers unanswered
            // end in "no lease, failing".
            self.timers.stop(ClientTimer::Answer);
            return Some(ClientStep::GaveUp);
        }
        match self.selecting {
            // busybox's REQUESTING state: the select again, up to three in all.
            Some((ip, server)) => Some(self.select(now, ip, server)),
            None => Some(self.discover(now)),
        }
    }

    fn select(&mut self, now: Time, ip: Ipv4Addr, server: Ipv4Addr) -> ClientStep {
        self.sends += 1;
        self.timers.set(ClientTimer::Answer, now + CLIENT_TIMEOUT);
        let extra = vec![(opt::REQUESTED_IP, ip.octets().to_vec()), (opt::SERVER_ID, server.octets().to_vec())];
        ClientStep::Send(self.request(Kind::Request, extra))
    }

    pub fn handle(&mut self, now: Time, m: &Message) -> Option<ClientStep> {
        if m.op != BOOTREPLY || m.xid != self.xid || m.chaddr != self.mac {
            return None;
        }
        match (m.kind()?, self.selecting) {
            (Kind::Offer, None) => {
                let server = m.option_ip(opt::SERVER_ID)?;
                self.selecting = Some((m.yiaddr, server));
                self.sends = 0;
                Some(self.select(now, m.yiaddr, server))
            }
            (Kind::Ack, Some((ip, server))) if m.yiaddr == ip => {
                self.timers.stop(ClientTimer::Answer);
                let seconds = m.option(opt::LEASE_TIME).and_then(|v| v.try_into().ok()).map_or(0, u32::from_be_bytes);
                Some(ClientStep::Leased(Lease { ip, server, router: m.option_ip(opt::ROUTER), seconds }))
            }
            (Kind::Nak, Some(_)) => {
                self.selecting = None;
                self.sends = 0;
                Some(self.discover(now))
            }
            _ => None,
        }
    }
}

/// The router's DHCP server: one address per device, kept across joins.
#[derive(Debug, Clone)]
pub struct Server {
    /// The router's own address; the network is its /24.
    pub router: Ipv4Addr,
    /// The host number the next new device gets.
    pub next_host: u8,
    /// Host numbers already in use (devices with fixed addresses).
    pub taken: Vec<u8>,
    pub lease_seconds: u32,
    leases: Vec<(Mac, u8)>,
}

/// What the server did with a message, for its log (dnsmasq's words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerStep {
    pub heard: Kind,
    pub answer: Option<Outgoing>,
    pub hostname: Option<String>,
}

impl Server {
    pub fn new(router: Ipv4Addr, next_host: u8, taken: Vec<u8>) -> Server {
        // dnsmasq's default lease on home routers: 12 hours.
        Server { router, next_host, taken, lease_seconds: 43_200, leases: Vec::new() }
    }

    fn address(&self, host: u8) -> Ipv4Addr {
        let [a, b, c, _] = self.router.octets();
        Ipv4Addr::new(a, b, c, host)
    }

    /// The address this device has, or will get.
    fn host_for(&mut self, mac: Mac) -> u8 {
        if let Some((_, h)) = self.leases.iter().find(|(m, _)| *m == mac) {
            return *h;
        }
        let mut h = self.next_host;
        while self.taken.contains(&h) || self.leases.iter().any(|(_, l)| *l == h) || h == self.router.octets()[3] {
            h = h.wrapping_add(1).max(2);
        }
        self.leases.push((mac, h));
        h
    }

    /// The lease a device holds, if any.
    pub fn lease_of(&self, mac: &Mac) -> Option<Ipv4Addr> {
        self.leases.iter().find(|(m, _)| m == mac).map(|(_, h)| self.address(*h))
    }

    pub fn handle(&mut self, m: &Message) -> Option<ServerStep> {
        if m.op != BOOTREQUEST {
            return None;
        }
        let kind = m.kind()?;
        let hostname = m.option(opt::HOST_NAME).map(|h| String::from_utf8_lossy(h).into_owned());
        let reply_kind = match kind {
            Kind::Discover => Kind::Offer,
            Kind::Request => {
                let host = self.host_for(m.chaddr);
                let asked = m.option_ip(opt::REQUESTED_IP);
                if asked.is_some_and(|ip| ip != self.address(host)) { Kind::Nak } else { Kind::Ack }
            }
            _ => return Some(ServerStep { heard: kind, answer: None, hostname }),
        };
        let host = self.host_for(m.chaddr);
        let ip = self.address(host);
        let mut options =
            vec![(opt::MESSAGE_TYPE, vec![reply_kind as u8]), (opt::SERVER_ID, self.router.octets().to_vec())];
        if reply_kind != Kind::Nak {
            // dnsmasq always adds the renewal (T1, half the lease) and rebinding (T2, seven
            // eighths) times and the broadcast address (rfc2131.c, do_options).
            let lease = self.lease_seconds;
            options.push((opt::LEASE_TIME, lease.to_be_bytes().to_vec()));
            options.push((opt::RENEWAL_TIME, (lease / 2).to_be_bytes().to_vec()));
            options.push((opt::REBINDING_TIME, (lease / 8 * 7).to_be_bytes().to_vec()));
            options.push((opt::SUBNET_MASK, vec![255, 255, 255, 0]));
            let [a, b, c, _] = self.router.octets();
            options.push((opt::BROADCAST, vec![a, b, c, 255]));
            options.push((opt::ROUTER, self.router.octets().to_vec()));
            options.push((opt::DNS, self.router.octets().to_vec()));
        }
        let answer = Outgoing {
            src: self.router,
            dst: if reply_kind == Kind::Nak { Ipv4Addr::BROADCAST } else { ip },
            message: Message {
                op: BOOTREPLY,
                xid: m.xid,
                yiaddr: if reply_kind == Kind::Nak { Ipv4Addr::UNSPECIFIED } else { ip },
                siaddr: self.router,
                chaddr: m.chaddr,
                options,
            },
        };
        Some(ServerStep { heard: kind, answer: Some(answer), hostname })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAC: Mac = Mac([2, 0x11, 0x22, 0x33, 0x44, 0x55]);

    #[test]
    fn discover_offer_request_ack_gives_the_printer_its_address() {
        let mut client = Client::new(MAC, "EXD334455".into(), 0x1234_5678);
        let mut server = Server::new(Ipv4Addr::new(192, 168, 1, 1), 23, vec![10, 11]);
        let mut step = client.start(Time::ZERO);
        let mut seen = Vec::new();
        loop {
            match step {
                ClientStep::Send(out) => {
                    let bytes = out.plaintext();
                    let heard = decapsulate(&bytes).expect("a DHCP message in IPv4/UDP");
                    seen.push(heard.kind().unwrap().name());
                    let reply = server.handle(&heard).unwrap().answer.unwrap();
                    let back = decapsulate(&reply.plaintext()).unwrap();
                    seen.push(back.kind().unwrap().name());
                    step = client.handle(Time::ZERO, &back).unwrap();
                }
                ClientStep::Leased(lease) => {
                    assert_eq!(lease.ip, Ipv4Addr::new(192, 168, 1, 23));
                    assert_eq!(lease.router, Some(Ipv4Addr::new(192, 168, 1, 1)));
                    assert_eq!(lease.seconds, 43_200);
                    break;
                }
                ClientStep::GaveUp => panic!("gave up"),
            }
        }
        assert_eq!(seen, ["DHCP Discover", "DHCP Offer", "DHCP Request", "DHCP Ack"]);
        assert_eq!(server.lease_of(&MAC), Some(Ipv4Addr::new(192, 168, 1, 23)));
    }

    #[test]
    fn the_ip_and_udp_checksums_verify() {
        let client = Client::new(MAC, "EXD334455".into(), 1);
        let bytes = client.request(Kind::Discover, Vec::new()).plaintext();
        let ip = &bytes[8..28];
        assert_eq!(checksum(ip), 0, "an IPv4 header with its checksum sums to zero");
        let udp = &bytes[28..];
        let mut pseudo = vec![0, 0, 0, 0, 255, 255, 255, 255, 0, 17];
        pseudo.extend_from_slice(&(udp.len() as u16).to_be_bytes());
        pseudo.extend_from_slice(udp);
        assert_eq!(checksum(&pseudo), 0);
    }

    #[test]
    fn silence_means_three_discovers_then_giving_up() {
        let mut client = Client::new(MAC, "h".into(), 1);
        assert!(matches!(client.start(Time::ZERO), ClientStep::Send(_)));
        let mut sends = 1;
        while let Some(at) = client.poll_timeout() {
            match client.handle_timeout(at) {
                Some(ClientStep::Send(_)) => sends += 1,
                Some(ClientStep::GaveUp) => break,
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(sends, 3);
    }

    /// busybox 1.35 in REQUESTING: the select three times, 3 s apart, then (with `-n`) no
    /// lease; before, one select and then discovers again.
    #[test]
    fn an_offer_taken_and_no_ack_means_three_selects_then_giving_up() {
        let mut client = Client::new(MAC, "h".into(), 7);
        let mut server = Server::new(Ipv4Addr::new(192, 168, 1, 1), 23, vec![]);
        let ClientStep::Send(discover) = client.start(Time::ZERO) else { panic!() };
        let offer = server.handle(&decapsulate(&discover.plaintext()).unwrap()).unwrap().answer.unwrap();
        let mut kinds = Vec::new();
        let mut step = client.handle(Time::ZERO, &decapsulate(&offer.plaintext()).unwrap());
        loop {
            match step {
                Some(ClientStep::Send(out)) => kinds.push((out.message.kind().unwrap(), client.poll_timeout())),
                Some(ClientStep::GaveUp) => break,
                other => panic!("{other:?}"),
            }
            let at = client.poll_timeout().unwrap();
            step = client.handle_timeout(at);
        }
        let secs = |n: u64| Some(Time::from_secs(n));
        assert_eq!(kinds, [(Kind::Request, secs(3)), (Kind::Request, secs(6)), (Kind::Request, secs(9))]);
    }

    /// What each side puts in: udhcpc its maximum size and vendor class; dnsmasq T1, T2 and
    /// the broadcast address in OFFER and ACK.
    #[test]
    fn the_options_udhcpc_and_dnsmasq_always_send() {
        let mut client = Client::new(MAC, "h".into(), 7);
        let mut server = Server::new(Ipv4Addr::new(192, 168, 1, 1), 23, vec![]);
        let ClientStep::Send(discover) = client.start(Time::ZERO) else { panic!() };
        let discover = decapsulate(&discover.plaintext()).unwrap();
        assert_eq!(discover.option(opt::MAX_MESSAGE_SIZE), Some(&576u16.to_be_bytes()[..]));
        assert_eq!(discover.option(opt::VENDOR_CLASS), Some(&b"udhcp 1.35.0"[..]));
        let offer = decapsulate(&server.handle(&discover).unwrap().answer.unwrap().plaintext()).unwrap();
        assert_eq!(offer.option(opt::RENEWAL_TIME), Some(&21_600u32.to_be_bytes()[..]));
        assert_eq!(offer.option(opt::REBINDING_TIME), Some(&37_800u32.to_be_bytes()[..]));
        assert_eq!(offer.option_ip(opt::BROADCAST), Some(Ipv4Addr::new(192, 168, 1, 255)));
    }

    #[test]
    fn a_device_keeps_its_address_and_fixed_ones_are_skipped() {
        let mut server = Server::new(Ipv4Addr::new(192, 168, 1, 1), 10, vec![10, 11]);
        assert_eq!(server.host_for(MAC), 12);
        assert_eq!(server.host_for(Mac([2; 6])), 13);
        assert_eq!(server.host_for(MAC), 12);
    }
}
