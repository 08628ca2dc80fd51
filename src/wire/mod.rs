//! The engine on a real Ethernet link: the printer (enrollee) where wpa_supplicant's wired
//! driver would be, or the router's registrar and EAP server where hostapd's would be. The
//! machines stay sans-IO; this driver owns the clock (time since start), the socket and the
//! output, which is hostapd's: one `<interface>: <event>` line per control-interface event.
//!
//! Commands a router takes on standard input, as `hostapd_cli` gives them:
//! `wps_pbc`, `wps_pin any <PIN> [<timeout>]`, `wps_cancel`, `quit`.

mod computer;
mod link;
mod upnp;

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use crate::sim::models;
use crate::wps::defs::{auth, auth_type_names, encr, encr_type_names};
use crate::wps::enrollee::{Enrollee, Link as Medium, Outcome, Password, Transmit};
use crate::wps::entropy::Csprng;
use crate::wps::event::Event;
use crate::wps::message::{Mac, printable};
use crate::wps::registrar::{NetworkSettings, Registrar};
use crate::wps::time::Time;

pub use computer::{ComputerJob, run_computer};
pub use link::{Framing, Link, PAE_GROUP};

/// What the printer is told to do.
#[derive(Debug, Clone)]
pub struct PrinterJob {
    pub iface: String,
    pub password: Password,
    /// How long the attempt lasts (the walk time, or the PIN's validity).
    pub walk_time: Duration,
    /// The longest EAP-WSC data of one frame.
    pub fragment_size: usize,
    /// Also print hostapd's debug-level lines and every frame.
    pub debug: bool,
}

/// What the router serves.
#[derive(Debug, Clone)]
pub struct RouterJob {
    pub iface: String,
    pub ssid: String,
    pub passphrase: String,
    /// Commands run at start, before any from standard input.
    pub commands: Vec<String>,
    /// Stop after the first registration that ends (success or failure).
    pub once: bool,
    /// The longest EAP-WSC data of one frame.
    pub fragment_size: usize,
    pub debug: bool,
    /// Serve the UPnP device for external registrars on this interface (hostapd's
    /// `upnp_iface`): the printer's M1 is sent to them as a WLANEvent.
    pub upnp: Option<String>,
    /// The router's own PIN (hostapd's `ap_pin`): without it external registrars are
    /// refused the router's M1, as hostapd refuses them.
    pub ap_pin: Option<Vec<u8>>,
}

/// How a wire run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The registration succeeded (the printer has the credential; the router saw WSC_Done).
    Success,
    /// It failed, timed out or was stopped; the lines said why.
    Failed,
}

/// A PIN as `hostapd_cli wps_pin` takes it: digits, separators dropped. Like hostapd's
/// command (and unlike a router's page) it does not check the check digit, so a trainer can
/// type a wrong second half on purpose.
pub fn wire_pin(input: &str) -> Result<Vec<u8>, String> {
    let digits: String = input.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    if !(digits.len() == 4 || digits.len() == 8) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("PIN '{}': give 4 or 8 digits", printable(input.as_bytes())));
    }
    Ok(digits.into_bytes())
}

struct Printer<'a> {
    out: &'a mut dyn Write,
    iface: &'a str,
    debug: bool,
}

impl Printer<'_> {
    fn event(&mut self, event: &Event) -> io::Result<()> {
        if event.is_ctrl_event() || self.debug {
            writeln!(self.out, "{}: {event}", self.iface)?;
        }
        Ok(())
    }

    /// A debug-level line (hostapd's `-d`), shown only with `--debug`.
    fn debug(&mut self, line: &str) -> io::Result<()> {
        if self.debug {
            writeln!(self.out, "{}: {line}", self.iface)?;
        }
        Ok(())
    }

    fn frame(&mut self, dir: &str, peer: &Mac, bytes: &[u8]) -> io::Result<()> {
        if self.debug {
            let name =
                crate::wps::eap::Frame::parse(bytes).map_or_else(|e| format!("unreadable ({e})"), |f| f.to_string());
            writeln!(self.out, "{}: {dir} {name} ({} bytes) {}", self.iface, bytes.len(), peer)?;
        }
        Ok(())
    }
}

/// How long the printer waits, once its attempt has an outcome, for the EAP-Failure that
/// closes the exchange.
const CLOSING_WAIT: Duration = Duration::from_secs(2);

/// Runs the printer's side until its attempt ends. The credential is printed on success.
pub fn run_printer(job: &PrinterJob, out: &mut dyn Write) -> io::Result<Ended> {
    let link = Link::open(&job.iface, Framing::Datagram)?;
    // The fixed-base table for 2^x is built before anything is on the wire.
    crate::wps::crypto::dh::warm_up();
    let mut master = Csprng::from_os();
    let ids = models::Identities::draw(&mut master);
    let model = &models::PRINTER_MODELS[0];
    let mut config = models::printer_enrollee(model, link.mac(), ids.printer_uuid, job.walk_time);
    config.link = Medium::Wire;
    config.fragment_size = job.fragment_size;
    let mut enrollee = Enrollee::new(config, Box::new(master.child()));
    let start = Instant::now();
    let mut say = Printer { out, iface: &job.iface, debug: job.debug };
    let mut peer = PAE_GROUP;
    enrollee.start_for(Time::ZERO, job.password.clone(), job.walk_time);
    // The outcome is known before the run is over: wpa_supplicant still hears the
    // EAP-Failure that closes every EAP-WSC exchange (and says so), so the printer waits for
    // it, a little, before it leaves.
    let mut ended: Option<(Time, Ended)> = None;
    let mut closed = false;
    loop {
        // Events first: hostapd logs "Building Message M3" before the frame goes out.
        while let Some(event) = enrollee.poll_event() {
            // Whether the latest EAP exchange is closed (a run after M2D starts a new one).
            match event {
                Event::EapPeerStarted => closed = false,
                Event::EapPeerFailure => closed = true,
                _ => {}
            }
            say.event(&event)?;
        }
        while let Some(t) = enrollee.poll_transmit() {
            if let Transmit::Frame(bytes) = t {
                say.frame("TX", &peer, &bytes)?;
                link.send(peer, &bytes)?;
            }
        }
        if ended.is_none()
            && let Some(outcome) = enrollee.outcome()
        {
            let how = match outcome {
                Outcome::Connected(c) => {
                    writeln!(
                        say.out,
                        "{}: credential ssid=\"{}\" key=\"{}\" auth={} encr={}",
                        job.iface,
                        c.ssid_text(),
                        printable(&c.network_key),
                        auth_type_names(c.auth_type),
                        encr_type_names(c.encr_type)
                    )?;
                    Ended::Success
                }
                _ => Ended::Failed,
            };
            ended = Some((start.elapsed(), how));
        }
        let now = start.elapsed();
        if let Some((at, how)) = ended
            && (closed || now >= at + CLOSING_WAIT)
        {
            return Ok(how);
        }
        let closing = ended.map(|(at, _)| (at + CLOSING_WAIT).saturating_sub(now));
        let wait = [enrollee.poll_timeout().map(|t| t.saturating_sub(now)), closing].into_iter().flatten().min();
        let ready = link::wait(&[&link], &[], false, wait)?;
        let now = start.elapsed();
        if ready.frames[0] {
            while let Some((from, bytes)) = link.recv()? {
                say.frame("RX", &from, &bytes)?;
                // The authenticator answers from its own address: talk to it from now on.
                if peer == PAE_GROUP {
                    peer = from;
                    enrollee.heard_from(from);
                }
                if let Err(e) = enrollee.handle_frame(now, &bytes)
                    && job.debug
                {
                    writeln!(say.out, "{}: ignored: {e}", job.iface)?;
                }
            }
        }
        enrollee.handle_timeout(now);
    }
}

/// Runs the router's registrar until `quit` (or, with `once`, the first registration's end).
pub fn run_router(job: &RouterJob, out: &mut dyn Write) -> io::Result<Ended> {
    let link = Link::open(&job.iface, Framing::Datagram)?;
    crate::wps::crypto::dh::warm_up();
    let mut master = Csprng::from_os();
    let mut ids = models::Identities::draw(&mut master);
    ids.router_mac = link.mac();
    let setup = models::RouterSetup::default();
    let mut config = models::router_registrar(&setup, &ids);
    config.network = NetworkSettings {
        ssid: job.ssid.as_bytes().to_vec(),
        auth_type: auth::WPA2PSK,
        encr_type: encr::AES,
        network_key: job.passphrase.as_bytes().into(),
    };
    config.fragment_size = job.fragment_size;
    let (uuid, mac, device) = (config.uuid_r, config.mac, config.device.clone());
    let mut registrar = Registrar::new(config, Box::new(master.child()));
    let start = Instant::now();
    let mut say = Printer { out, iface: &job.iface, debug: job.debug };
    let mut upnp = match &job.upnp {
        Some(lan) => {
            let entropy = Box::new(master.child());
            Some(upnp::Upnp::open(lan, uuid, mac, device, job.ap_pin.clone(), entropy, start.elapsed())?)
        }
        None => None,
    };
    if let Some(u) = &upnp {
        say.debug(&format!("WPS UPnP: device described at {} (uuid {uuid})", u.location()))?;
    }
    let mut input = Vec::new();
    let mut input_open = true;
    let mut pending: std::collections::VecDeque<String> = job.commands.iter().cloned().collect();
    loop {
        let now = start.elapsed();
        if let Some(u) = &mut upnp {
            exchange_with_computers(u, &mut registrar, now, &mut say)?;
        }
        while let Some(line) = pending.pop_front() {
            match command(&mut registrar, now, line.trim()) {
                Ok(Some(())) => {}
                Ok(None) => return Ok(Ended::Failed),
                Err(e) => eprintln!("printer-panel: {e}"),
            }
        }
        let mut ended = None;
        while let Some(event) = registrar.poll_event() {
            say.event(&event)?;
            match event {
                // The router's own registration, or one it relayed for a computer.
                Event::Success | Event::ExternalDone { .. } if job.once => ended = Some(Ended::Success),
                // The registrar gave the session up after its resends (hostapd's TIMEOUT_FAILURE).
                Event::Fail { .. } | Event::EapTimeoutFailure { .. } if job.once => ended = Some(Ended::Failed),
                _ => {}
            }
        }
        // The last frames (a NACK, the closing EAP-Failure) still go out before `once` ends.
        while let Some((to, bytes)) = registrar.poll_transmit() {
            say.frame("TX", &to, &bytes)?;
            link.send(to, &bytes)?;
        }
        if let Some(ended) = ended {
            return Ok(ended);
        }
        let deadline =
            [registrar.poll_timeout(), upnp.as_ref().and_then(|u| u.poll_timeout())].into_iter().flatten().min();
        let wait = deadline.map(|t| t.saturating_sub(now));
        let others = upnp.as_ref().map(|u| u.fds()).unwrap_or_default();
        let others = if upnp.is_some() { &others[..] } else { &[] };
        let ready = link::wait(&[&link], others, input_open, wait)?;
        let now = start.elapsed();
        if let Some(u) = &mut upnp {
            let mut lines = Vec::new();
            u.on_ready(now, &ready.others, &mut |line| lines.push(line));
            u.handle_timeout(now);
            for line in lines {
                say.debug(&line)?;
            }
        }
        if ready.input {
            // As large as standard input's own buffer, so each read goes straight to the
            // descriptor and nothing waits in the buffer where `poll` cannot see it.
            let mut buf = [0u8; 8192];
            match io::stdin().lock().read(&mut buf)? {
                0 => input_open = false,
                n => input.extend_from_slice(&buf[..n]),
            }
            while let Some(end) = input.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = input.drain(..=end).collect();
                pending.push_back(String::from_utf8_lossy(&line).into_owned());
            }
            if input.len() > 4096 {
                input.clear();
                eprintln!("printer-panel: a command line longer than 4096 bytes was dropped");
            }
        }
        if ready.frames[0] {
            while let Some((from, bytes)) = link.recv()? {
                say.frame("RX", &from, &bytes)?;
                if let Err(e) = registrar.handle_frame(now, from, &bytes)
                    && job.debug
                {
                    writeln!(say.out, "{}: ignored: {e}", job.iface)?;
                }
            }
        }
        registrar.handle_timeout(now);
    }
}

/// The registrar and the external registrars (computers on the LAN): the stations' messages
/// out as WLANEvents, theirs in as the stations' next requests; the UPnP device's lines.
fn exchange_with_computers(
    upnp: &mut upnp::Upnp,
    registrar: &mut Registrar,
    now: Time,
    say: &mut Printer<'_>,
) -> io::Result<()> {
    use crate::upnp::device::UpnpEvent;
    use crate::upnp::soap::WlanEventType;
    registrar.set_external_registrars(upnp.has_subscribers());
    while let Some((mac, body)) = registrar.poll_for_external() {
        upnp.relay(WlanEventType::Eap, mac, &body);
    }
    let mut lines = Vec::new();
    upnp.flush(&mut |line| lines.push(line));
    while let Some(event) = upnp.poll_event() {
        lines.push(event.to_string());
        match event {
            UpnpEvent::ForStation { mac, kind: WlanEventType::Eap, message } => {
                if let Err(e) = registrar.from_external(now, mac, &message) {
                    // hostapd: "No matching STA found" (and it answers 200 all the same).
                    lines.push(format!("WPS UPnP: no session with {mac} for that message ({e})"));
                }
            }
            UpnpEvent::SelectedRegistrar(message) => {
                if let Err(e) = registrar.set_external_selection(now, &message) {
                    lines.push(format!("WPS UPnP: SetSelectedRegistrar not understood ({e})"));
                }
            }
            _ => {}
        }
    }
    for line in lines {
        say.debug(&line)?;
    }
    Ok(())
}

/// One `hostapd_cli`-style command. `Ok(None)` is `quit`.
fn command(registrar: &mut Registrar, now: Time, line: &str) -> Result<Option<()>, String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    match words.as_slice() {
        [] => {}
        ["quit"] => return Ok(None),
        ["wps_pbc"] => {
            registrar.push_button(now).map_err(|_| "wps_pbc: FAIL-PBC-OVERLAP".to_string())?;
        }
        ["wps_pin", "any", pin, rest @ ..] => {
            let pin = wire_pin(pin)?;
            let timeout = match rest {
                [] => None,
                [secs] => match secs.parse::<u64>() {
                    Ok(0) => None,
                    Ok(s) if s <= 86_400 => Some(Duration::from_secs(s)),
                    _ => {
                        return Err(format!(
                            "wps_pin: timeout '{}': give seconds, up to 86400",
                            printable(secs.as_bytes())
                        ));
                    }
                },
                _ => return Err("wps_pin: usage: wps_pin any <PIN> [<timeout>]".into()),
            };
            registrar.add_pin(now, &pin, None, timeout);
        }
        ["wps_cancel"] => registrar.cancel(),
        _ => {
            return Err(format!(
                "unknown command '{}' (commands: wps_pbc, wps_pin any <PIN> [<timeout>], wps_cancel, quit)",
                printable(line.as_bytes())
            ));
        }
    }
    Ok(Some(()))
}

/// What the relay is told: the two interfaces it joins, and the frames to lose.
#[derive(Debug, Clone)]
pub struct RelayJob {
    pub ifaces: [String; 2],
    /// Frame names as the ladder shows them (`M3`, `WSC_Start`, `EAP-Request/Identity`...):
    /// each loses the first such frame still to come, once.
    pub lose: Vec<String>,
    pub debug: bool,
}

const ETHERNET_HEADER: usize = 14;

/// Passes EAPOL frames between two interfaces unchanged, losing the ones asked for: a weak
/// signal between a real router and a real printer. Runs until stopped.
pub fn run_relay(job: &RelayJob, out: &mut dyn Write) -> io::Result<Ended> {
    let links = [Link::open(&job.ifaces[0], Framing::Raw)?, Link::open(&job.ifaces[1], Framing::Raw)?];
    let mut lose = job.lose.clone();
    let mut lost: Vec<Vec<u8>> = Vec::new();
    writeln!(out, "relay: passing EAPOL frames between {} and {}", job.ifaces[0], job.ifaces[1])?;
    loop {
        let ready = link::wait(&[&links[0], &links[1]], &[], false, None)?;
        for (from, to) in [(0, 1), (1, 0)] {
            if !ready.frames[from] {
                continue;
            }
            while let Some((_, frame)) = links[from].recv()? {
                let Some(eapol) = frame.get(ETHERNET_HEADER..) else { continue };
                let name = crate::wps::eap::Frame::parse(eapol).map_or_else(|_| "unreadable".into(), |f| f.to_string());
                let (dst, src) = (&frame[..6], &frame[6..12]);
                let route =
                    format!("{} > {}", Mac::try_from(src).unwrap_or_default(), Mac::try_from(dst).unwrap_or_default());
                if let Some(i) = lose.iter().position(|l| *l == name) {
                    lose.remove(i);
                    writeln!(out, "relay: lost {name} ({route})")?;
                    lost.push(frame);
                    continue;
                }
                // The same bytes again: the sender's retry of a lost frame.
                if let Some(i) = lost.iter().position(|l| *l == frame) {
                    lost.remove(i);
                    writeln!(out, "relay: again {name} ({route})")?;
                } else if job.debug {
                    writeln!(out, "relay: {name} ({route})")?;
                }
                // A raw frame carries its own addresses; the socket address only names the link.
                links[to].send(PAE_GROUP, &frame)?;
            }
        }
    }
}
