//! The wired side of a run as a capture file: what a sniffer on the computer's network port
//! would record of UPnP (SSDP datagrams; HTTP over TCP, each exchange on its own connection,
//! with its handshake and close), as Ethernet frames. A second file beside the air's, so
//! Wireshark and tshark read both (`-d tcp.port==49152,http` for the router's port).

use std::collections::VecDeque;
use std::io::Write;
use std::net::SocketAddrV4;
use std::time::Duration;

use etherparse::PacketBuilder;
use pcap_file::DataLink;
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};

use crate::sim::air::{Air, LanPacket, Node, Payload};
use crate::wps::message::Mac;

/// The emulated clock's zero, as the air's capture has it.
const EPOCH: Duration = super::capture::EPOCH;

/// One Ethernet frame, at the emulated clock's time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WiredFrame {
    pub at: Duration,
    pub bytes: Vec<u8>,
}

/// The Ethernet address an IPv4 multicast group is sent to (RFC 1112: 01:00:5e and the
/// group's low 23 bits).
fn multicast_mac(group: std::net::Ipv4Addr) -> [u8; 6] {
    let o = group.octets();
    [0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]
}

/// A TCP connection the capture is writing: its two ends and the next sequence numbers.
struct Connection {
    client: SocketAddrV4,
    server: SocketAddrV4,
    client_seq: u32,
    server_seq: u32,
}

/// A TCP segment's header fields (PSH is set on any segment with data).
#[derive(Clone, Copy)]
struct Segment {
    from: SocketAddrV4,
    to: SocketAddrV4,
    seq: u32,
    ack: Option<u32>,
    syn: bool,
    fin: bool,
}

struct Writer {
    router: (Mac, std::net::Ipv4Addr),
    computer: Mac,
    frames: Vec<WiredFrame>,
    next_port: u16,
    open: VecDeque<Connection>,
}

impl Writer {
    fn mac_of(&self, addr: &SocketAddrV4) -> [u8; 6] {
        if addr.ip().is_multicast() {
            multicast_mac(*addr.ip())
        } else if *addr.ip() == self.router.1 {
            self.router.0.0
        } else {
            self.computer.0
        }
    }

    fn udp(&mut self, at: Duration, from: SocketAddrV4, to: SocketAddrV4, payload: &[u8]) {
        let builder = PacketBuilder::ethernet2(self.mac_of(&from), self.mac_of(&to))
            .ipv4(from.ip().octets(), to.ip().octets(), if to.ip().is_multicast() { 4 } else { 64 })
            .udp(from.port(), to.port());
        let mut bytes = Vec::with_capacity(builder.size(payload.len()));
        if builder.write(&mut bytes, payload).is_ok() {
            self.frames.push(WiredFrame { at, bytes });
        }
    }

    /// One TCP segment.
    fn tcp(&mut self, at: Duration, seg: Segment, payload: &[u8]) {
        let mut builder = PacketBuilder::ethernet2(self.mac_of(&seg.from), self.mac_of(&seg.to))
            .ipv4(seg.from.ip().octets(), seg.to.ip().octets(), 64)
            .tcp(seg.from.port(), seg.to.port(), seg.seq, 64240);
        if seg.syn {
            builder = builder.syn();
        }
        if let Some(ack) = seg.ack {
            builder = builder.ack(ack);
        }
        if !payload.is_empty() {
            builder = builder.psh();
        }
        if seg.fin {
            builder = builder.fin();
        }
        let mut bytes = Vec::with_capacity(builder.size(payload.len()));
        if builder.write(&mut bytes, payload).is_ok() {
            self.frames.push(WiredFrame { at, bytes });
        }
    }

    /// A request: a new connection from an ephemeral port, its handshake, then the request.
    fn request(&mut self, at: Duration, from: SocketAddrV4, to: SocketAddrV4, payload: &[u8]) {
        let client = SocketAddrV4::new(*from.ip(), self.next_port);
        self.next_port = if self.next_port == u16::MAX { 40000 } else { self.next_port + 1 };
        let (c, s) = (1000u32, 5000u32);
        let seg = |from, to, seq, ack, syn| Segment { from, to, seq, ack, syn, fin: false };
        self.tcp(at, seg(client, to, c, None, true), &[]);
        self.tcp(at, seg(to, client, s, Some(c + 1), true), &[]);
        self.tcp(at, seg(client, to, c + 1, Some(s + 1), false), &[]);
        self.tcp(at, seg(client, to, c + 1, Some(s + 1), false), payload);
        let client_seq = c + 1 + payload.len() as u32;
        self.open.push_back(Connection { client, server: to, client_seq, server_seq: s + 1 });
    }

    /// The answer on the oldest open connection between these two ends, then the close.
    fn response(&mut self, at: Duration, from: SocketAddrV4, to: SocketAddrV4, payload: &[u8]) {
        let Some(i) = self.open.iter().position(|c| c.server == from && c.client.ip() == to.ip()) else { return };
        let Some(conn) = self.open.remove(i) else { return };
        let (client, server) = (conn.client, conn.server);
        let fin = |from, to, seq, ack| Segment { from, to, seq, ack: Some(ack), syn: false, fin: true };
        self.tcp(at, fin(server, client, conn.server_seq, conn.client_seq), payload);
        let server_end = conn.server_seq + payload.len() as u32 + 1;
        self.tcp(at, fin(client, server, conn.client_seq, server_end), &[]);
        let last = Segment {
            from: server,
            to: client,
            seq: server_end,
            ack: Some(conn.client_seq + 1),
            syn: false,
            fin: false,
        };
        self.tcp(at, last, &[]);
    }
}

/// The wired side of a run, in the order it crossed: what the computer's port saw (what it
/// sent, and what reached it).
pub fn frames(air: &Air) -> Vec<WiredFrame> {
    let Some(lan) = air.lan() else { return Vec::new() };
    let router = (air.router().config().mac, *lan.router_addr.ip());
    let mut w =
        Writer { router, computer: lan.computer_mac, frames: Vec::new(), next_port: 40000, open: VecDeque::new() };
    for sent in air.recording().sent() {
        let Payload::Lan(packet) = &sent.payload else { continue };
        // The router's packets that never reached the computer (it was on the guest
        // network) were never on its port.
        if sent.from == Node::Router && !sent.delivered {
            continue;
        }
        let at = EPOCH + sent.at;
        match packet {
            LanPacket::Udp { from, to, bytes } => w.udp(at, *from, *to, bytes),
            LanPacket::Request { from, to, bytes, .. } => w.request(at, *from, *to, bytes),
            LanPacket::Response { from, to, bytes, .. } => w.response(at, *from, *to, bytes),
        }
    }
    w.frames
}

/// Writes the wired side as a pcap file (link type 1, Ethernet); returns the frame count.
pub fn write_pcap<W: Write>(air: &Air, out: W) -> Result<usize, pcap_file::PcapError> {
    let header = PcapHeader { datalink: DataLink::ETHERNET, ..PcapHeader::default() };
    let mut writer = PcapWriter::with_header(out, header)?;
    let frames = frames(air);
    for f in &frames {
        writer.write_packet(&PcapPacket::new(f.at, f.bytes.len() as u32, &f.bytes))?;
    }
    Ok(frames.len())
}

/// Where the wired side goes beside the air's capture: `name-lan.pcap` for `name.pcap`.
pub fn path_beside(air_capture: &std::path::Path) -> std::path::PathBuf {
    let stem = air_capture.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = air_capture.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_else(|| "pcap".into());
    air_capture.with_file_name(format!("{stem}-lan.{ext}"))
}

/// Writes the wired side beside `air_capture`, whole or not at all, when the run has one:
/// where it went and how many frames.
#[cfg(feature = "native")]
pub fn save_beside(air: &Air, air_capture: &std::path::Path) -> Option<Result<(std::path::PathBuf, usize), String>> {
    air.lan()?;
    let path = path_beside(air_capture);
    let name = crate::files::shown(&path);
    let mut bytes = Vec::new();
    let saved = write_pcap(air, &mut bytes).map_err(|e| format!("cannot write {name}: {e}")).and_then(|n| {
        crate::files::write_atomic(&path, &bytes).map(|_| n).map_err(|e| format!("cannot write {name}: {e}"))
    });
    Some(saved.map(|n| (path, n)))
}
