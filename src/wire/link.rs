//! An Ethernet link for EAPOL: an `AF_PACKET` socket bound to one interface and EtherType
//! 0x888E (PAE), as hostapd's and wpa_supplicant's `wired` drivers use. A datagram socket
//! (the printer, the router) leaves the Ethernet header to the kernel; a raw one (the relay)
//! sends and receives whole Ethernet frames, so it can pass them on with their own addresses.
//!
//! The only `unsafe` of the crate is here: the system calls with structures the kernel
//! defines (this link's, and the two the UPnP sockets need: an interface's IPv4 address and
//! the interface multicast leaves by), each checked for its result.
#![allow(unsafe_code)]

use std::ffi::CString;
use std::io;
use std::mem::{size_of, zeroed};
use std::net::{Ipv4Addr, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::time::Duration;

use crate::wps::message::{Mac, printable};

/// EtherType of EAPOL (802.1X Port Access Entity).
const ETH_P_PAE: u16 = 0x888e;
/// The group address 802.1X authenticators and supplicants talk to on a LAN.
pub const PAE_GROUP: Mac = Mac([0x01, 0x80, 0xc2, 0x00, 0x00, 0x03]);

pub struct Link {
    fd: OwnedFd,
    ifindex: i32,
    mac: Mac,
}

/// Whether the kernel writes the Ethernet header (`Datagram`) or the frames carry it (`Raw`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    Datagram,
    Raw,
}

/// What became ready while [`wait`] waited: a frame on each link, standard input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Ready {
    pub frames: Vec<bool>,
    /// The other descriptors given (the UPnP sockets), in their order.
    pub others: Vec<bool>,
    pub input: bool,
}

fn os_error(what: &str) -> io::Error {
    let e = io::Error::last_os_error();
    let hint = match e.raw_os_error() {
        Some(libc::EPERM) | Some(libc::EACCES) => " (a packet socket needs root or CAP_NET_RAW)",
        _ => "",
    };
    io::Error::new(e.kind(), format!("{what}: {e}{hint}"))
}

impl Link {
    /// Opens the link on interface `name` and joins the PAE group address.
    pub fn open(name: &str, framing: Framing) -> io::Result<Link> {
        let shown = crate::wps::message::printable(name.as_bytes());
        let invalid = |why: &str| io::Error::new(io::ErrorKind::InvalidInput, format!("interface '{shown}': {why}"));
        if name.is_empty() || name.len() >= libc::IFNAMSIZ {
            return Err(invalid("a name has 1 to 15 bytes"));
        }
        let cname = CString::new(name).map_err(|_| invalid("a name has no NUL byte"))?;
        // SAFETY: `cname` is a valid NUL-terminated string for the duration of the call.
        let ifindex = unsafe { libc::if_nametoindex(cname.as_ptr()) };
        if ifindex == 0 {
            return Err(invalid("no such interface here (see `ip link`)"));
        }
        let protocol = i32::from(ETH_P_PAE.to_be());
        // SAFETY: plain system call; the result is checked before use.
        let kind = if framing == Framing::Raw { libc::SOCK_RAW } else { libc::SOCK_DGRAM };
        let raw = unsafe { libc::socket(libc::AF_PACKET, kind | libc::SOCK_CLOEXEC, protocol) };
        if raw < 0 {
            return Err(os_error("cannot open a packet socket"));
        }
        // SAFETY: `raw` is a new descriptor that nothing else owns.
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let ifindex = ifindex as i32;
        let mut addr = sockaddr_ll(ifindex, Mac([0; 6]));
        // SAFETY: `addr` is a sockaddr_ll and the length given is its size.
        let bound = unsafe {
            libc::bind(fd.as_raw_fd(), (&raw const addr).cast(), size_of::<libc::sockaddr_ll>() as libc::socklen_t)
        };
        if bound < 0 {
            return Err(os_error(&format!("cannot bind to interface '{shown}'")));
        }
        let mut mreq: libc::packet_mreq = unsafe { zeroed() };
        mreq.mr_ifindex = ifindex;
        mreq.mr_type = libc::PACKET_MR_MULTICAST as u16;
        mreq.mr_alen = 6;
        mreq.mr_address[..6].copy_from_slice(PAE_GROUP.as_ref());
        // SAFETY: `mreq` is a packet_mreq and the length given is its size.
        let joined = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_PACKET,
                libc::PACKET_ADD_MEMBERSHIP,
                (&raw const mreq).cast(),
                size_of::<libc::packet_mreq>() as libc::socklen_t,
            )
        };
        if joined < 0 {
            return Err(os_error("cannot join the 802.1X group address"));
        }
        let mut len = size_of::<libc::sockaddr_ll>() as libc::socklen_t;
        // SAFETY: `addr` has room for a sockaddr_ll; the kernel writes at most `len` bytes.
        let named = unsafe { libc::getsockname(fd.as_raw_fd(), (&raw mut addr).cast(), &mut len) };
        if named < 0 || addr.sll_halen != 6 {
            return Err(os_error(&format!("interface '{shown}' has no Ethernet address")));
        }
        let mut mac = [0u8; 6];
        mac.copy_from_slice(&addr.sll_addr[..6]);
        Ok(Link { fd, ifindex, mac: Mac(mac) })
    }

    /// This interface's Ethernet address.
    pub fn mac(&self) -> Mac {
        self.mac
    }

    pub fn send(&self, to: Mac, frame: &[u8]) -> io::Result<()> {
        let addr = sockaddr_ll(self.ifindex, to);
        // SAFETY: `frame` is valid for its length; `addr` is a sockaddr_ll of the given size.
        let sent = unsafe {
            libc::sendto(
                self.fd.as_raw_fd(),
                frame.as_ptr().cast(),
                frame.len(),
                0,
                (&raw const addr).cast(),
                size_of::<libc::sockaddr_ll>() as libc::socklen_t,
            )
        };
        if sent < 0 {
            return Err(os_error("cannot send a frame"));
        }
        Ok(())
    }

    /// One waiting frame and its sender, without blocking; frames this host sent are skipped
    /// (a packet socket sees them too).
    pub fn recv(&self) -> io::Result<Option<(Mac, Vec<u8>)>> {
        let mut buf = vec![0u8; 4096];
        loop {
            // SAFETY: all-zero is a valid sockaddr_ll.
            let mut addr: libc::sockaddr_ll = unsafe { zeroed() };
            let mut len = size_of::<libc::sockaddr_ll>() as libc::socklen_t;
            // SAFETY: `buf` and `addr` are valid for the lengths given.
            let n = unsafe {
                libc::recvfrom(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                    (&raw mut addr).cast(),
                    &mut len,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                return match e.kind() {
                    io::ErrorKind::WouldBlock => Ok(None),
                    io::ErrorKind::Interrupted => continue,
                    _ => Err(os_error("cannot receive")),
                };
            }
            if addr.sll_pkttype == libc::PACKET_OUTGOING {
                continue;
            }
            let mut from = [0u8; 6];
            from.copy_from_slice(&addr.sll_addr[..6]);
            buf.truncate(n as usize);
            return Ok(Some((Mac(from), buf)));
        }
    }
}

/// Waits until a frame arrives on one of `links`, one of `others` is readable, standard
/// input has something (if `input`), or `timeout` passes (`None`: no limit).
pub fn wait(links: &[&Link], others: &[RawFd], input: bool, timeout: Option<Duration>) -> io::Result<Ready> {
    let watch = |fd: RawFd| libc::pollfd { fd, events: libc::POLLIN, revents: 0 };
    let mut fds: Vec<libc::pollfd> = links.iter().map(|l| watch(l.fd.as_raw_fd())).collect();
    fds.extend(others.iter().map(|&fd| watch(fd)));
    if input {
        fds.push(watch(libc::STDIN_FILENO));
    }
    // Rounded up, so a deadline is never woken for a millisecond early and spun on.
    let ms = timeout.map_or(-1, |t| t.as_micros().div_ceil(1000).min(i32::MAX as u128) as i32);
    // SAFETY: `fds` holds `fds.len()` valid pollfd entries.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        if e.kind() == io::ErrorKind::Interrupted {
            return Ok(Ready { frames: vec![false; links.len()], others: vec![false; others.len()], input: false });
        }
        return Err(os_error("cannot wait for frames"));
    }
    let ready = |fd: &libc::pollfd| fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR) != 0;
    let (frames, rest) = fds.split_at(links.len());
    let (other, stdin) = rest.split_at(others.len());
    Ok(Ready {
        frames: frames.iter().map(ready).collect(),
        others: other.iter().map(ready).collect(),
        input: input && stdin.first().is_some_and(ready),
    })
}

fn sockaddr_ll(ifindex: i32, to: Mac) -> libc::sockaddr_ll {
    // SAFETY: all-zero is a valid sockaddr_ll.
    let mut addr: libc::sockaddr_ll = unsafe { zeroed() };
    addr.sll_family = libc::AF_PACKET as u16;
    addr.sll_protocol = ETH_P_PAE.to_be();
    addr.sll_ifindex = ifindex;
    addr.sll_halen = 6;
    addr.sll_addr[..6].copy_from_slice(to.as_ref());
    addr
}

/// The interface's first IPv4 address.
pub fn ipv4_of(iface: &str) -> io::Result<Ipv4Addr> {
    let mut list: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: getifaddrs fills `list` with a list freed below by freeifaddrs.
    if unsafe { libc::getifaddrs(&mut list) } != 0 {
        return Err(io::Error::last_os_error());
    }
    let mut found = None;
    let mut at = list;
    while !at.is_null() {
        // SAFETY: `at` is a node of the list getifaddrs made, alive until freeifaddrs.
        let entry = unsafe { &*at };
        // SAFETY: ifa_name is a NUL-terminated string of the same list.
        let name = unsafe { std::ffi::CStr::from_ptr(entry.ifa_name) };
        if name.to_bytes() == iface.as_bytes()
            && !entry.ifa_addr.is_null()
            // SAFETY: a non-null ifa_addr points at a sockaddr of the family it says.
            && i32::from(unsafe { (*entry.ifa_addr).sa_family }) == libc::AF_INET
        {
            // SAFETY: an AF_INET address is a sockaddr_in.
            let addr = unsafe { &*(entry.ifa_addr as *const libc::sockaddr_in) };
            found = Some(Ipv4Addr::from(u32::from_be(addr.sin_addr.s_addr)));
            break;
        }
        at = entry.ifa_next;
    }
    // SAFETY: `list` came from getifaddrs and is freed once.
    unsafe { libc::freeifaddrs(list) };
    found.ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::NotFound,
            format!("interface '{}' has no IPv4 address (UPnP needs one)", printable(iface.as_bytes())),
        )
    })
}

/// Sends the socket's multicast out of the interface with `addr` (IP_MULTICAST_IF).
pub fn multicast_from(socket: &UdpSocket, addr: Ipv4Addr) -> io::Result<()> {
    let value = libc::in_addr { s_addr: u32::from(addr).to_be() };
    // SAFETY: IP_MULTICAST_IF takes an in_addr of the size given.
    let rc = unsafe {
        libc::setsockopt(
            socket.as_raw_fd(),
            libc::IPPROTO_IP,
            libc::IP_MULTICAST_IF,
            (&raw const value).cast(),
            size_of::<libc::in_addr>() as libc::socklen_t,
        )
    };
    if rc != 0 { Err(io::Error::last_os_error()) } else { Ok(()) }
}
