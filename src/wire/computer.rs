//! The computer on a real LAN (`wire computer`): the external registrar of
//! [`crate::upnp::computer`] with its sockets, as `wpa_supplicant` with `wps_er_start` and
//! `wps_er_pin any <PIN>` would be. It searches for WPS routers on the interface's network,
//! subscribes to each, and registers any printer whose M1 a router relays, with the PIN
//! given and the network given. Its lines are wpa_supplicant's: `WPS-ER-AP-ADD`,
//! `WPS-ER-ENROLLEE-ADD`, then the registration's `WPS-*`.

use std::io::{self, Write};
use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4, TcpListener, TcpStream, UdpSocket};
use std::os::fd::AsRawFd;
use std::time::{Duration, Instant};

use super::link::{self, ipv4_of, multicast_from};
use super::upnp::{PEER_LIMIT, read_whole};
use super::{Ended, Printer};
use crate::sim::models;
use crate::upnp::computer::{Computer, ComputerConfig, Transmit};
use crate::upnp::http::{Message as _, Request, Response};
use crate::upnp::ssdp;
use crate::wps::defs::{auth, encr};
use crate::wps::entropy::Csprng;
use crate::wps::event::Event;
use crate::wps::registrar::{NetworkSettings, Registrar};

/// What the computer is told.
#[derive(Debug, Clone)]
pub struct ComputerJob {
    pub iface: String,
    /// The printer's PIN, as typed into the computer's "Add a device".
    pub pin: Vec<u8>,
    pub ssid: String,
    pub passphrase: String,
    /// Stop after the first registration that ends.
    pub once: bool,
    pub debug: bool,
}

/// How often the search is sent again while no router has answered.
const SEARCH_AGAIN: Duration = Duration::from_secs(5);

pub fn run_computer(job: &ComputerJob, out: &mut dyn Write) -> io::Result<Ended> {
    let addr = ipv4_of(&job.iface)?;
    crate::wps::crypto::dh::warm_up();
    let ssdp_socket = UdpSocket::bind((addr, 0))?;
    multicast_from(&ssdp_socket, addr)?;
    ssdp_socket.set_nonblocking(true)?;
    let events = TcpListener::bind((addr, 0))?;
    events.set_nonblocking(true)?;
    let SocketAddr::V4(own) = events.local_addr()? else { unreachable!("bound to an IPv4 address") };

    let mut master = Csprng::from_os();
    let ids = models::Identities::draw(&mut master);
    let mut config = models::router_registrar(&models::RouterSetup::default(), &ids);
    // The computer's own name in its M2, and a UUID of its own.
    config.device.device_name = b"Office computer".to_vec();
    config.device.model_name = b"Add a device".to_vec();
    config.uuid_r = ids.printer_uuid;
    config.network = NetworkSettings {
        ssid: job.ssid.as_bytes().to_vec(),
        auth_type: auth::WPA2PSK,
        encr_type: encr::AES,
        network_key: job.passphrase.as_bytes().into(),
    };
    let mut registrar = Registrar::new(config, Box::new(master.child()));
    registrar.add_pin(Duration::ZERO, &job.pin, None, None);
    let mut computer = Computer::new(ComputerConfig { address: own }, registrar);
    let mut say = Printer { out, iface: &job.iface, debug: job.debug };
    say.debug(&format!("WPS ER: Start (ifname={} ip_addr={addr}, events at {own})", job.iface))?;

    let start = Instant::now();
    let mut found_any = false;
    let mut search_at = Duration::ZERO;
    loop {
        let now = start.elapsed();
        computer.handle_timeout(now);
        if !found_any && now >= search_at {
            computer.search();
            search_at = now + SEARCH_AGAIN;
        }
        while let Some(t) = computer.poll_transmit() {
            match t {
                Transmit::Multicast(bytes) => {
                    if let Err(e) = ssdp_socket.send_to(&bytes, (Ipv4Addr::from(ssdp::GROUP), ssdp::PORT)) {
                        say.debug(&format!("WPS ER: M-SEARCH not sent: {e}"))?;
                    }
                }
                Transmit::Http { to, request, token } => {
                    let answer = exchange(to, &request).map_err(|e| e.to_string());
                    computer.handle_response(now, token, answer);
                }
            }
        }
        let mut ended = None;
        while let Some(event) = computer.poll_event() {
            found_any |= matches!(event, crate::upnp::computer::ComputerEvent::RouterAdded { .. });
            writeln!(say.out, "{}: {event}", job.iface)?;
        }
        while let Some(event) = computer.registrar().poll_event() {
            say.event(&event)?;
            match event {
                Event::Success if job.once => ended = Some(Ended::Success),
                Event::Fail { .. } if job.once => ended = Some(Ended::Failed),
                _ => {}
            }
        }
        if let Some(ended) = ended {
            return Ok(ended);
        }
        // The next search while nothing is found, and the computer's own timers (renewing
        // its subscriptions before the router drops them).
        let searching = (!found_any).then(|| search_at.saturating_sub(now));
        let renewal = computer.poll_timeout().map(|t| t.saturating_sub(now));
        let wait = [searching, renewal].into_iter().flatten().min();
        let ready = link::wait(&[], &[ssdp_socket.as_raw_fd(), events.as_raw_fd()], false, wait)?;
        let now = start.elapsed();
        if ready.others[0] {
            let mut buf = [0u8; 2048];
            while let Ok(n) = ssdp_socket.recv(&mut buf) {
                computer.handle_datagram(now, &buf[..n]);
            }
        }
        if ready.others[1] {
            while let Ok((stream, from)) = events.accept() {
                if let Err(e) = serve(&mut computer, now, stream) {
                    say.debug(&format!("WPS ER: HTTP from {from}: {e}"))?;
                }
            }
        }
    }
}

/// One request to a router on its own connection, and its whole answer.
fn exchange(to: SocketAddrV4, request: &Request) -> io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&SocketAddr::V4(to), PEER_LIMIT)?;
    stream.set_write_timeout(Some(PEER_LIMIT))?;
    stream.write_all(&request.clone().with_header("Connection", "close").emit())?;
    read_whole(&mut stream, Response::parse)?.map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))
}

/// A router's NOTIFY, answered on its connection.
fn serve(computer: &mut Computer, now: Duration, mut stream: TcpStream) -> io::Result<()> {
    let req = match read_whole(&mut stream, Request::parse)? {
        Ok(req) => req,
        Err(e) => {
            stream.write_all(&Response::new(400).emit())?;
            return Err(io::Error::new(io::ErrorKind::InvalidData, e.to_string()));
        }
    };
    let resp = computer.handle_request(now, &req).with_header("Connection", "close");
    stream.write_all(&resp.emit())
}
