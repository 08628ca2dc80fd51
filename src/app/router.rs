//! The router: its WPS button and light, its admin page (status, PIN field, notices) and
//! client list. What it shows follows the registrar's events; its buttons become
//! [`Command`]s for the engine. Nothing here touches the engine itself.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::time::Duration;

pub use super::action::Control;
use super::action::RouterAction;
use super::engine::Command;
use super::led::Led;
pub use super::notice::Notice;
use crate::sim::models::{RouterModel, RouterSetup};
use crate::wlan::dhcp::Kind;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::event::{Event, PinRemoval};
use crate::wps::message::Mac;
use crate::wps::pin;
use crate::wps::time::Time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub mac: Mac,
    pub ip: Ipv4Addr,
}

/// The page's WPS status word, in the words hostapd and home routers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Idle,
    Active,
    Success,
    Failed,
    TimedOut,
    Overlap,
    Disabled,
}

impl Status {
    pub fn word(self) -> &'static str {
        match self {
            Status::Idle => "Idle",
            Status::Active => "Active",
            Status::Success => "Success",
            Status::Failed => "Failed",
            Status::TimedOut => "Timed-out",
            Status::Overlap => "Overlap",
            Status::Disabled => "Disabled",
        }
    }
}

/// What the owner did at the router, counted: what an exercise's items are about ("the PIN
/// was typed at most twice", "the settings were saved once").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Connect with something in the PIN field (refused by its check digit or not).
    pub pins_typed: u32,
    pub settings_saved: u32,
    /// The WPS button, on the router or its page.
    pub button_presses: u32,
}

/// A PIN typed on the page and accepted by the registrar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArmedPin {
    /// When the router stops waiting for it.
    pub until: Option<Time>,
}

pub struct Router {
    pub model: &'static RouterModel,
    pub setup: RouterSetup,
    /// Push-button mode's walk time.
    pub walk_time: Duration,
    pub selected: Control,
    pub pin_input: String,
    pub notice: Option<Notice>,
    pub clients: Vec<Client>,
    pub wps_led: Led,
    /// The last outcome the page reports (hostapd's "Last WPS result" and PBC status).
    pub status: Status,
    /// When push-button mode ends, while it is on.
    pub pbc_until: Option<Time>,
    /// A PIN waiting for its device.
    pub pin: Option<ArmedPin>,
    /// Stations in an EAP session with the registrar now.
    pub registering: BTreeSet<Mac>,
    /// Stations whose registration is past M2: a PIN they use is taken until they finish.
    pub running: BTreeSet<Mac>,
    /// An overlap was seen in this push-button session.
    pub overlap: bool,
    /// The page's WPS button was just pressed and the registrar's answer is not in yet.
    button_pressed: bool,
    pub tally: Tally,
}

impl Router {
    pub fn new(model: &'static RouterModel, setup: RouterSetup, walk_time: Duration, clients: Vec<Client>) -> Self {
        let status = if setup.wps_unavailable().is_some() { Status::Disabled } else { Status::Idle };
        Router {
            model,
            setup,
            walk_time,
            selected: Control::PushButton,
            pin_input: String::new(),
            notice: None,
            clients,
            wps_led: Led::Off,
            status,
            pbc_until: None,
            pin: None,
            registering: BTreeSet::new(),
            running: BTreeSet::new(),
            overlap: false,
            button_pressed: false,
            tally: Tally::default(),
        }
    }

    pub fn notice(&mut self, notice: Notice) {
        self.notice = Some(notice);
    }

    /// "Selected Registrar": push-button mode or a PIN is waiting.
    pub fn armed(&self) -> bool {
        self.pbc_until.is_some() || self.pin.is_some()
    }

    /// The countdown the page shows, while there is one.
    pub fn countdown(&self) -> Option<Time> {
        let pin_until = if self.running.is_empty() { self.pin.and_then(|p| p.until) } else { None };
        self.pbc_until.or(pin_until)
    }

    // --- the owner's hands ---------------------------------------------------------------

    pub fn press(&mut self, action: RouterAction, out: &mut Vec<Command>) {
        match action {
            RouterAction::WpsButton => self.push_button(out),
            RouterAction::Select(c) => self.selected = c,
            RouterAction::Previous => self.selected = self.selected.prev(),
            RouterAction::Next => self.selected = self.selected.next(),
            RouterAction::Activate => match self.selected {
                Control::PushButton => self.push_button(out),
                Control::PinField | Control::Connect => self.connect_pin(out),
            },
            RouterAction::Connect => {
                self.selected = Control::Connect;
                self.connect_pin(out);
            }
            RouterAction::Type(c) => {
                self.selected = Control::PinField;
                if (c.is_ascii_digit() || c == '-' || c == ' ') && self.pin_input.len() < 12 {
                    self.pin_input.push(c);
                }
            }
            RouterAction::Backspace => {
                self.pin_input.pop();
            }
        }
    }

    fn push_button(&mut self, out: &mut Vec<Command>) {
        self.tally.button_presses += 1;
        match self.setup.wps_unavailable() {
            Some(why) => self.notice(Notice::Blocked(why)),
            // What happened (push-button mode, or an overlap) comes back as an event.
            None => {
                self.button_pressed = true;
                out.push(Command::PushRouterButton);
            }
        }
    }

    fn connect_pin(&mut self, out: &mut Vec<Command>) {
        if !self.pin_input.trim().is_empty() {
            self.tally.pins_typed += 1;
        }
        if let Some(why) = self.setup.wps_unavailable() {
            self.notice(Notice::Blocked(why));
            return;
        }
        match pin::check(&self.pin_input) {
            Err(e) => self.notice(Notice::InvalidPin(e)),
            Ok(pin) => {
                let lasts = self.model.pin_time;
                self.notice(Notice::WaitingForPin { pin: pin.clone(), lasts });
                out.push(Command::AddRouterPin { pin, lasts });
            }
        }
    }

    // --- what the registrar said ---------------------------------------------------------

    /// One event of the registrar, reported at `at`; what the page does about it goes to `out`.
    pub fn on_engine(&mut self, at: Time, event: &Event, out: &mut Vec<Command>) {
        match event {
            Event::PbcActive => {
                self.button_pressed = false;
                self.pbc_until = Some(at + self.walk_time);
                self.overlap = false;
                self.notice(Notice::PushButtonMode { walk: self.walk_time });
                self.set_status(Status::Active);
            }
            Event::PbcDisable => self.pbc_until = None,
            Event::Timeout => {
                self.pbc_until = None;
                if self.status != Status::Overlap {
                    self.notice(Notice::TimedOut { walk: self.walk_time });
                }
                self.set_status(Status::TimedOut);
            }
            // The answer to the button itself (hostapd's FAIL-PBC-OVERLAP): said as a refusal,
            // or pressing it again would change nothing on the page.
            Event::OverlapDetected if std::mem::take(&mut self.button_pressed) => {
                self.overlap = true;
                self.notice(Notice::ButtonRefused { walk: self.walk_time });
                self.set_status(Status::Overlap);
            }
            Event::OverlapDetected => {
                self.overlap = true;
                // The refusal is the more telling words for the same overlap: kept while the
                // probes go on reporting it.
                if !matches!(self.notice, Some(Notice::ButtonRefused { .. })) {
                    self.notice(Notice::Overlap { walk: self.walk_time });
                }
                self.set_status(Status::Overlap);
            }
            Event::Success => {
                self.pin_input.clear();
                self.notice(Notice::Joining);
                self.set_status(Status::Success);
            }
            Event::Fail { msg, config_error, .. } => {
                // The printer erases its PIN after any mismatch and shows a new one. hostapd
                // keeps the PIN after a wrong first half (and invalidates it after the second,
                // once M6 revealed it all); the printer's next, fresh PIN would then fail against
                // the kept one with nobody having typed anything. This router's page does what
                // many home routers' pages do: the PIN session ends with either half, the same way.
                let pin_session_ended = *config_error == ConfigError::DevPasswordAuthFailure;
                if pin_session_ended {
                    if self.pin.is_some() {
                        out.push(Command::CancelRouterWps);
                    }
                    self.pin_input.clear();
                }
                self.notice(match config_error {
                    ConfigError::MultiplePbcDetected => Notice::Overlap { walk: self.walk_time },
                    _ => Notice::Failed { msg: *msg, error: *config_error, pin_session_ended },
                });
                self.set_status(Status::Failed);
            }
            Event::PinAdded { timeout } => {
                self.pin = Some(ArmedPin { until: timeout.map(|t| at + t) });
                self.set_status(Status::Active);
            }
            Event::PinRemoved { why, remaining } => {
                // Another PIN typed meanwhile keeps the router waiting.
                if *remaining == 0 {
                    self.pin = None;
                }
                if *why == PinRemoval::Expired && *remaining == 0 {
                    self.notice(Notice::TimedOut { walk: self.model.pin_time });
                    self.set_status(Status::TimedOut);
                }
            }
            Event::Cancel => {
                self.pbc_until = None;
                self.pin = None;
            }
            Event::SessionStarted { mac } => {
                self.registering.insert(*mac);
            }
            Event::SessionEnded { mac } => {
                self.registering.remove(mac);
                self.running.remove(mac);
            }
            Event::Step { sent: MsgType::M2, peer } => {
                self.running.insert(*peer);
            }
            _ => {}
        }
    }

    /// New wireless settings saved on the page. WPS switched off (or made impossible by the
    /// security mode or a hidden name) ends whatever was armed; switched back on, the page
    /// is ready again.
    pub fn apply_setup(&mut self, setup: RouterSetup, out: &mut Vec<Command>) {
        out.push(Command::SetRouterSetup(setup.clone()));
        self.tally.settings_saved += 1;
        self.setup = setup;
        match self.setup.wps_unavailable() {
            Some(why) => {
                if self.armed() {
                    out.push(Command::CancelRouterWps);
                }
                self.status = Status::Disabled;
                self.notice(Notice::SettingsSaved(Some(why)));
            }
            None => {
                if self.status == Status::Disabled {
                    self.status = Status::Idle;
                }
                self.notice(Notice::SettingsSaved(None));
            }
        }
    }

    fn set_status(&mut self, status: Status) {
        if self.setup.wps_unavailable().is_some() {
            self.status = Status::Disabled;
        } else if !(self.status == Status::Overlap && matches!(status, Status::Failed | Status::TimedOut)) {
            // An overlap is the reason of the failure, and of the timeout, that follow it:
            // keep saying so until something new starts.
            self.status = status;
        }
    }

    // --- its network ---------------------------------------------------------------------

    /// What the router's access point and DHCP server said: a lease puts a device in the
    /// client list, a device leaving takes it out.
    pub fn on_join(&mut self, event: &JoinEvent, printer: Mac) {
        match event {
            JoinEvent::Dhcp { kind: Kind::Ack, ip: Some(ip), mac, hostname } => {
                let name = hostname.clone().unwrap_or_else(|| "(no name)".into());
                self.clients.retain(|c| c.mac != *mac);
                self.clients.push(Client { name: name.clone(), mac: *mac, ip: *ip });
                // Said for the printer that WPS just brought, or that comes back; a rejoin
                // nobody is watching for changes nothing on the page.
                match &self.notice {
                    Some(Notice::Joining) if *mac == printer => self.notice(Notice::InClientList { name }),
                    Some(Notice::Left) if *mac == printer => self.notice(Notice::Back { name }),
                    _ => {}
                }
            }
            JoinEvent::StaDisconnected { mac } => self.forget(*mac),
            _ => {}
        }
    }

    /// A device left the network (switched off, its Wi-Fi turned off): out of the list, and
    /// the page no longer says it is in it.
    pub fn forget(&mut self, mac: Mac) {
        let before = self.clients.len();
        self.clients.retain(|c| c.mac != mac);
        if self.clients.len() < before && self.notice.as_ref().is_some_and(Notice::says_printer_is_listed) {
            self.notice(Notice::Left);
        }
    }

    // --- its light -----------------------------------------------------------------------

    /// Blinking means "registering"; a device only asking (M2D, no PIN here) lights nothing.
    pub fn sync_led(&mut self, now: Time) {
        let wps = if !self.registering.is_empty() && self.armed() {
            Led::blink(self.model.registering_half, now)
        } else if self.overlap && self.pbc_until.is_some() {
            Led::blink(self.model.overlap_half, now)
        } else if self.armed() {
            Led::On
        } else {
            Led::Off
        };
        self.wps_led.set(wps);
    }

    /// The next instant something the router shows changes by itself.
    pub fn poll_timeout(&self, now: Time) -> Option<Time> {
        let mut times: Vec<Time> = self.wps_led.next_toggle(now).into_iter().collect();
        // The countdown is on the page only while its status says Active.
        if self.status == Status::Active {
            times.extend(self.pbc_until.and_then(|d| crate::format::next_second(d, now)));
            times.extend(self.pin.and_then(|p| p.until).and_then(|d| crate::format::next_second(d, now)));
        }
        times.into_iter().filter(|t| *t > now).min()
    }
}
