//! `printer-panel simulate`: a whole registration between the two engines, printed as a
//! message ladder with both sides' events.

use std::time::Duration;

use serde_json::json;

use crate::format::millis;
use crate::sim::air::{Air, Interference, Node, Payload};
use crate::sim::models;
use crate::sim::world::{World, WorldConfig};
use crate::trace::explain;
use crate::trace::ladder::LadderEntry;
use crate::wlan::station::Outcome as JoinOutcome;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::enrollee::{Outcome, Password};
use crate::wps::message::printable;
use crate::wps::pin;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Pbc,
    Pin,
}

#[derive(Debug, Clone)]
pub struct SimOptions {
    pub method: Method,
    /// The PIN the printer shows; a fresh one when absent.
    pub printer_pin: Option<String>,
    /// The PIN typed at the router; the printer's when absent.
    pub router_pin: Option<String>,
    pub seed: Option<u64>,
    /// Press only the printer's button (or show only its PIN): the router never joins in.
    pub router_idle: bool,
    /// A neighbour's device presses WPS too.
    pub neighbour: bool,
    /// The EAP fragment size of both sides (1400, hostapd's default, when absent).
    pub fragment_size: Option<usize>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            method: Method::Pbc,
            printer_pin: None,
            router_pin: None,
            seed: None,
            router_idle: false,
            neighbour: false,
            fragment_size: None,
        }
    }
}

pub struct SimReport {
    pub options: SimOptions,
    pub seed: Option<u64>,
    pub printer_pin: Option<String>,
    pub router_pin: Option<String>,
    pub air: Air,
}

/// Everything a run needs, built from one seed: identities, both machines, the PINs.
pub fn run(options: &SimOptions) -> SimReport {
    run_with(options, None)
}

/// Like [`run`], with frames possibly corrupted in the air.
pub fn run_with(options: &SimOptions, interference: Option<Interference>) -> SimReport {
    let mut config = WorldConfig::quick(options.seed);
    if let Some(size) = options.fragment_size {
        config.fragment_size = size;
    }
    let mut world = World::new(config);
    let printer_pin = match options.method {
        Method::Pin => Some(
            options.printer_pin.clone().unwrap_or_else(|| pin::generate(world.printer_rng.child().rng()).to_string()),
        ),
        Method::Pbc => None,
    };
    let router_pin = printer_pin.as_ref().map(|p| options.router_pin.clone().unwrap_or_else(|| p.clone()));
    let neighbour = options.neighbour.then(|| world.neighbour());
    let mut air = world.air;
    air.set_interference(interference);

    // The person acts at the router first, then walks to the printer.
    if !options.router_idle {
        match (&router_pin, options.method) {
            (Some(p), _) => air.router_mut().add_pin(Duration::ZERO, p.as_bytes(), None, Some(models::ROUTER.pin_time)),
            (None, _) => {
                let _ = air.router_mut().push_button(Duration::ZERO);
            }
        }
    }
    air.advance_to(Duration::from_secs(1));
    let password = match &printer_pin {
        Some(p) => Password::Pin(p.as_bytes().to_vec()),
        None => Password::PushButton,
    };
    let now = air.now();
    air.printer_mut().start(now, password);
    if let Some(i) = neighbour {
        // Pressed at the same moment next door.
        air.station_mut(i).start(now, Password::PushButton);
    }
    air.run_until_settled(Duration::from_secs(300));
    SimReport { options: options.clone(), seed: options.seed, printer_pin, router_pin, air }
}

impl SimReport {
    pub fn outcome(&self) -> Option<&Outcome> {
        self.air.printer_outcome()
    }

    pub fn succeeded(&self) -> bool {
        matches!(self.outcome(), Some(Outcome::Connected(_)))
    }

    /// One line: what happened, and for a failure the message and configuration error.
    pub fn summary(&self) -> String {
        match self.outcome() {
            Some(Outcome::Connected(c)) => {
                let received = format!(
                    "success: the printer received the credential for \"{}\" ({}, {})",
                    c.ssid_text(),
                    crate::wps::defs::auth_type_names(c.auth_type),
                    crate::wps::defs::encr_type_names(c.encr_type)
                );
                match self.air.join(0).outcome() {
                    Some(JoinOutcome::Connected { ip }) => {
                        format!("{received}, joined with it (4-way handshake) and got {ip} by DHCP")
                    }
                    Some(other) => format!("{received}, but the join failed: {other:?}"),
                    None => format!("{received} and is joining the network"),
                }
            }
            Some(Outcome::Failed { msg, config_error, .. }) => failure_line(*msg, *config_error),
            Some(Outcome::Overlap) => failure_line(MsgType::M2D, ConfigError::MultiplePbcDetected),
            Some(Outcome::TimedOut) => {
                "failed: timeout: no registration completed within the 120 s walk time (WPS-TIMEOUT)".into()
            }
            Some(Outcome::Cancelled) => "cancelled".into(),
            None => "unfinished".into(),
        }
    }

    fn node_name(&self, node: Node) -> &'static str {
        match node {
            Node::Router => "router",
            Node::Station(0) => "printer",
            Node::Station(_) => "neighbour",
            Node::Computer => "computer",
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let method = match self.options.method {
            Method::Pbc => "push button".to_string(),
            // The PINs may come from the command line: shown escaped.
            Method::Pin => format!(
                "PIN (printer shows {}, router was given {})",
                printable(self.printer_pin.as_deref().unwrap_or("?").as_bytes()),
                printable(self.router_pin.as_deref().unwrap_or("?").as_bytes())
            ),
        };
        out.push_str(&format!("WPS registration by {method}"));
        if let Some(seed) = self.seed {
            out.push_str(&format!(", seed {seed}"));
        }
        out.push_str("\n\n");
        out.push_str(&format!("{:>8}  {:<44}{}\n", "time", "printer (enrollee)", "router (registrar)"));
        for row in self.timeline() {
            out.push_str(&row);
            out.push('\n');
        }
        out.push('\n');
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// Ladder arrows and events merged in the order they happened.
    fn timeline(&self) -> Vec<String> {
        let mut rows: Vec<(u64, String)> = Vec::new();
        for sent in self.air.recording().sent() {
            let e = LadderEntry::of(sent);
            let t = millis(e.at);
            let mut label = e.label;
            if let Some(err) = e.config_error {
                label.push_str(&format!(" [config_error={}]", err.to_u16()));
            }
            if !e.delivered {
                label.push_str(" (lost)");
            }
            let line = match e.from {
                Node::Router => format!("{t:>8}  {:<44}{}", format!("◀── {label} ──"), ""),
                Node::Station(0) => format!("{t:>8}  {:<44}", format!("── {label} ──▶")),
                Node::Station(_) => format!("{t:>8}  {:<44}", format!("   (neighbour) ── {label} ──▶")),
                Node::Computer => format!("{t:>8}  {:<44}", format!("   (computer, wired) ── {label} ──▶")),
            };
            let line = match (e.from, e.to) {
                (Node::Router, Node::Computer) => {
                    format!("{t:>8}  {:<44}", format!("   (to computer, wired) ◀── {label}"))
                }
                (Node::Router, Node::Station(n)) if n > 0 => {
                    format!("{t:>8}  {:<44}", format!("   (to neighbour) ◀── {label}"))
                }
                _ => line,
            };
            rows.push((e.seq, line.trim_end().to_string()));
        }
        // Every line of the join (the steps too): this is the place to read them all.
        for e in self.air.recording().log().iter().filter(|e| e.event.is_ctrl_event() || e.event.wps().is_none()) {
            let t = millis(e.at);
            let text = format!("* {}", e.event);
            let line = match e.who {
                Node::Router => format!("{t:>8}  {:<44}{text}", ""),
                Node::Station(0) => format!("{t:>8}  {text}"),
                Node::Station(_) => format!("{t:>8}  (neighbour) {text}"),
                Node::Computer => format!("{t:>8}  (computer) {text}"),
            };
            rows.push((e.seq, line));
        }
        rows.sort_by_key(|(seq, _)| *seq);
        rows.into_iter().map(|(_, l)| l).collect()
    }

    pub fn to_json(&self) -> serde_json::Value {
        let ladder: Vec<_> = self
            .air
            .recording()
            .sent()
            .iter()
            .map(|sent| {
                let e = LadderEntry::of(sent);
                let hex = match &sent.payload {
                    Payload::Frame(b) | Payload::Key(b) => Some(hex::encode(b)),
                    Payload::Data(d) => Some(hex::encode(&d.body)),
                    Payload::Lan(p) => Some(hex::encode(p.bytes())),
                    Payload::Probe(_) | Payload::ProbeResponse(_) | Payload::Mgmt(_) => None,
                };
                json!({
                    "t_ms": e.at.as_millis() as u64,
                    "from": self.node_name(e.from),
                    "to": self.node_name(e.to),
                    "message": e.label,
                    "config_error": e.config_error.map(|c| c.to_u16()),
                    "delivered": e.delivered,
                    "hex": hex,
                })
            })
            .collect();
        let events: Vec<_> = self
            .air
            .recording()
            .log()
            .iter()
            .filter(|e| e.event.is_ctrl_event())
            .map(|e| json!({ "t_ms": e.at.as_millis() as u64, "side": self.node_name(e.who), "event": e.event.to_string(), "explanation": explain::report(&e.event, self.air.router().config().walk_time) }))
            .collect();
        let (result, msg, config_error) = match self.outcome() {
            Some(Outcome::Connected(_)) => ("success", None, None),
            Some(Outcome::Failed { msg, config_error, .. }) => {
                ("failed", Some(msg.to_string()), Some(config_error.to_u16()))
            }
            Some(Outcome::Overlap) => ("overlap", Some("M2D".to_string()), Some(12)),
            Some(Outcome::TimedOut) => ("timeout", None, None),
            Some(Outcome::Cancelled) => ("cancelled", None, None),
            None => ("unfinished", None, None),
        };
        json!({
            "method": match self.options.method { Method::Pbc => "pbc", Method::Pin => "pin" },
            "seed": self.seed,
            "printer_pin": self.printer_pin,
            "router_pin": self.router_pin,
            "result": result,
            "failed_message": msg,
            "config_error": config_error,
            "summary": self.summary(),
            "joined_ip": match self.air.join(0).outcome() {
                Some(JoinOutcome::Connected { ip }) => Some(ip.to_string()),
                _ => None,
            },
            "ladder": ladder,
            "events": events,
        })
    }
}

fn failure_line(msg: MsgType, config_error: ConfigError) -> String {
    format!("failed at {msg}: config_error={} ({config_error})", config_error.to_u16())
}
