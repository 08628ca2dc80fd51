//! The router's UPnP device on a real interface (`wire router --upnp IFACE`, hostapd's
//! `upnp_iface`): SSDP on UDP 1900 joined to the group on that interface's address, HTTP on
//! a port of that address. The device itself is sans-IO ([`crate::upnp::device`]); this
//! owns its sockets. Each HTTP exchange is short and has a time limit, so a slow or silent
//! peer delays the router's EAP by at most [`PEER_LIMIT`], never stops it.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsRawFd, RawFd};
use std::time::Duration;

use super::link::{ipv4_of, multicast_from};
use crate::upnp::device::{DeviceConfig, Transmit, UpnpDevice, UpnpEvent};
use crate::upnp::http::{self, Message as _, Parsed, Request};
use crate::upnp::soap::WlanEventType;
use crate::upnp::ssdp;
use crate::wps::entropy::Entropy;
use crate::wps::message::{DeviceInfo, Mac, Uuid};
use crate::wps::time::Time;

/// The longest one peer may take to send its request or take our NOTIFY.
pub const PEER_LIMIT: Duration = Duration::from_secs(2);

pub struct Upnp {
    device: UpnpDevice,
    ssdp: UdpSocket,
    http: TcpListener,
}

impl Upnp {
    /// Opens the device's sockets on `iface` and announces it.
    pub fn open(
        iface: &str,
        uuid: Uuid,
        mac: Mac,
        device: DeviceInfo,
        ap_pin: Option<Vec<u8>>,
        entropy: Box<dyn Entropy>,
        now: Time,
    ) -> io::Result<Upnp> {
        let addr = ipv4_of(iface)?;
        let group = Ipv4Addr::from(ssdp::GROUP);
        let ssdp = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, ssdp::PORT)).map_err(|e| {
            io::Error::new(e.kind(), format!("--upnp: UDP port {} (SSDP) is taken or refused: {e}", ssdp::PORT))
        })?;
        ssdp.join_multicast_v4(&group, &addr)?;
        multicast_from(&ssdp, addr)?;
        ssdp.set_multicast_loop_v4(false)?;
        ssdp.set_nonblocking(true)?;
        let http = TcpListener::bind((addr, 0))?;
        http.set_nonblocking(true)?;
        let port = http.local_addr()?.port();
        let config = DeviceConfig {
            uuid,
            mac,
            device,
            base_url: format!("http://{addr}:{port}"),
            dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
            ap_pin: ap_pin.map(Into::into),
        };
        let mut device = UpnpDevice::new(config, entropy);
        device.start(now);
        Ok(Upnp { device, ssdp, http })
    }

    pub fn location(&self) -> String {
        self.device.location()
    }

    /// The sockets to wait on, in the order [`Self::on_ready`] takes them.
    pub fn fds(&self) -> [RawFd; 2] {
        [self.ssdp.as_raw_fd(), self.http.as_raw_fd()]
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        self.device.poll_timeout()
    }

    /// Reads what arrived on the sockets `ready` marks; problems with one peer are lines
    /// of the log, never the router's end.
    pub fn on_ready(&mut self, now: Time, ready: &[bool], log: &mut dyn FnMut(String)) {
        if ready.first() == Some(&true) {
            let mut buf = [0u8; 2048];
            while let Ok((n, from)) = self.ssdp.recv_from(&mut buf) {
                let SocketAddr::V4(from) = from else { continue };
                if let Err(e) = self.device.handle_datagram(now, from, &buf[..n]) {
                    log(format!("WPS UPnP: SSDP from {from} ignored: {e}"));
                }
            }
        }
        if ready.get(1) == Some(&true) {
            while let Ok((stream, from)) = self.http.accept() {
                if let Err(e) = self.serve(now, stream) {
                    log(format!("WPS UPnP: HTTP from {from}: {e}"));
                }
            }
        }
    }

    /// One request on a new connection, answered, then the connection closed.
    fn serve(&mut self, now: Time, mut stream: TcpStream) -> io::Result<()> {
        let req = match read_whole(&mut stream, Request::parse)? {
            Ok(req) => req,
            Err(e) => {
                let status = if matches!(e, http::HttpError::TooLarge(_)) { 413 } else { 400 };
                stream.write_all(&http::Response::new(status).emit())?;
                return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
            }
        };
        let resp = self.device.handle_request(now, &req).with_header("Connection", "close");
        stream.write_all(&resp.emit())
    }

    /// A station's message heard on the air, for the external registrars listening.
    pub fn relay(&mut self, kind: WlanEventType, mac: Mac, message: &[u8]) {
        self.device.relay(kind, mac, message);
    }

    pub fn has_subscribers(&self) -> bool {
        self.device.has_subscribers()
    }

    pub fn handle_timeout(&mut self, now: Time) {
        self.device.handle_timeout(now);
    }

    pub fn poll_event(&mut self) -> Option<UpnpEvent> {
        self.device.poll_event()
    }

    /// Sends what the device has to send.
    pub fn flush(&mut self, log: &mut dyn FnMut(String)) {
        while let Some(t) = self.device.poll_transmit() {
            let sent = match &t {
                Transmit::Multicast(bytes) => {
                    self.ssdp.send_to(bytes, (Ipv4Addr::from(ssdp::GROUP), ssdp::PORT)).map(drop)
                }
                Transmit::Datagram { to, bytes } => self.ssdp.send_to(bytes, to).map(drop),
                Transmit::Notify { to, request } => notify(to.host.as_str(), to.port, request),
            };
            if let Err(e) = sent {
                log(format!("WPS UPnP: could not send: {e}"));
            }
        }
    }
}

/// One whole HTTP message (a request, or an answer) read from a connection, each read
/// within [`PEER_LIMIT`]: the message, or what was wrong with it.
pub(super) fn read_whole<T>(
    stream: &mut TcpStream,
    parse: fn(&[u8]) -> Result<Parsed<T>, http::HttpError>,
) -> io::Result<Result<T, http::HttpError>> {
    stream.set_nonblocking(false)?;
    stream.set_read_timeout(Some(PEER_LIMIT))?;
    stream.set_write_timeout(Some(PEER_LIMIT))?;
    let mut buf = Vec::new();
    loop {
        match parse(&buf) {
            Ok(Parsed::Complete(message, _)) => return Ok(Ok(message)),
            Ok(Parsed::Partial) => {}
            Err(e) => return Ok(Err(e)),
        }
        let mut chunk = [0u8; 4096];
        match stream.read(&mut chunk)? {
            0 => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "closed before a whole message")),
            n => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// A NOTIFY over its own connection; the subscriber's answer is read and dropped.
fn notify(host: &str, port: u16, request: &Request) -> io::Result<()> {
    let ip: Ipv4Addr = host.parse().map_err(|_| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("callback host {host:?} is no IPv4 address"))
    })?;
    let mut stream = TcpStream::connect_timeout(&SocketAddr::V4(SocketAddrV4::new(ip, port)), PEER_LIMIT)?;
    stream.set_read_timeout(Some(PEER_LIMIT))?;
    stream.set_write_timeout(Some(PEER_LIMIT))?;
    stream.write_all(&request.emit())?;
    let mut answer = [0u8; 512];
    let _ = stream.read(&mut answer)?;
    Ok(())
}
