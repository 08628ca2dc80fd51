//! The computer on the router's network: a small "Add a device" window, as operating systems
//! offer one (generic words). What it shows follows what the computer's protocol reported:
//! the router found (`WPS-ER-AP-ADD`), the devices waiting (`WPS-ER-ENROLLEE-ADD`, from the
//! printer's M1 the router relayed), its own registrar's steps and outcome. Its keys become
//! [`Command`]s for the engine; nothing here touches the engine itself.

use super::engine::Command;
use crate::upnp::computer::ComputerEvent;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::event::Event;
use crate::wps::message::Mac;
use crate::wps::pin::{self, PinError};

/// What the window's keys do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputerAction {
    Up,
    Down,
    /// Enter: choose the device, send the PIN, or close a result.
    Ok,
    /// Esc: back a step.
    Back,
    Type(char),
    Backspace,
    /// `r`: look for the router and devices again.
    SearchAgain,
    /// `o`: join the other network (the guest one, or the home one).
    OtherNetwork,
}

/// A device that asked the router to be added, as the computer heard of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub name: String,
    pub mac: Mac,
    /// What kind of device, as its M1 says (WSC's primary device type categories).
    pub kind: &'static str,
}

/// The words for a WSC primary device type category, as an "Add a device" list shows them.
pub fn kind_of(category: u16) -> &'static str {
    match category {
        1 => "computer",
        3 => "printer",
        4 => "camera",
        5 => "storage",
        6 => "network device",
        7 => "display",
        8 => "media device",
        9 => "game console",
        10 => "phone",
        11 => "audio device",
        _ => "device",
    }
}

/// Why the computer found no router it can add devices through: what the computer itself
/// can tell (it cannot see why nothing answered).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotFound {
    /// Nothing answered the search.
    NoAnswer,
    /// The router is no longer followed: it said goodbye on the network (its UPnP switched
    /// off), or it forgot the computer's subscription.
    Left { goodbye: bool },
    /// A router answered but refused to describe itself as a WPS device (GetDeviceInfo):
    /// hostapd does so when it has no AP PIN.
    Refused { why: String },
}

/// Why adding a device failed, from the computer's registrar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddFailure {
    /// The device refused the computer's proof of the PIN (configuration error 18) at M4
    /// (first half) or M6 (second half): the PIN typed was not the device's.
    WrongPin { at: MsgType },
    /// Anything else the registration ended in (the message, and the error it carried).
    Other { at: MsgType, config_error: ConfigError },
}

/// Where the window is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    Searching,
    NothingFound(NotFound),
    /// The router found: the devices waiting, one chosen.
    Devices,
    /// Typing the chosen device's PIN.
    TypingPin,
    /// The PIN given: waiting for the device to ask again, then the registration.
    Adding {
        last: Option<MsgType>,
    },
    Added,
    Failed(AddFailure),
}

pub struct ComputerWindow {
    pub stage: Stage,
    /// The router's name, once found.
    pub router: Option<String>,
    pub devices: Vec<Waiting>,
    pub selected: usize,
    pub pin_input: String,
    /// Why the PIN typed was not sent (its length, its check digit): said under the field.
    pub pin_refused: Option<PinError>,
    /// The network the computer hands out (its own, the router's).
    pub network: String,
    /// The PIN last sent to the computer's registrar (what it proves to the next device).
    pub sent: Option<crate::wps::pin::Pin>,
}

impl ComputerWindow {
    pub fn new(network: String) -> ComputerWindow {
        ComputerWindow {
            stage: Stage::Searching,
            router: None,
            devices: Vec::new(),
            selected: 0,
            pin_input: String::new(),
            pin_refused: None,
            network,
            sent: None,
        }
    }

    /// The device chosen, if any.
    pub fn chosen(&self) -> Option<&Waiting> {
        self.devices.get(self.selected)
    }

    pub fn press(&mut self, action: ComputerAction, commands: &mut Vec<Command>) {
        match (&self.stage, action) {
            // The network it is on is the LAN's to know (the engine switches it).
            (_, ComputerAction::OtherNetwork) => {
                self.stage = Stage::Searching;
                self.router = None;
                self.devices.clear();
                self.selected = 0;
                commands.push(Command::ComputerOtherNetwork);
            }
            // The router already found stays (the computer keeps its subscription); the
            // search's end says what is known then.
            (Stage::Searching | Stage::NothingFound(_) | Stage::Devices, ComputerAction::SearchAgain) => {
                self.stage = Stage::Searching;
                commands.push(Command::ComputerSearch);
            }
            (Stage::Devices, ComputerAction::Up) => self.selected = self.selected.saturating_sub(1),
            (Stage::Devices, ComputerAction::Down) => {
                self.selected = (self.selected + 1).min(self.devices.len().saturating_sub(1))
            }
            (Stage::Devices, ComputerAction::Ok) if self.chosen().is_some() => {
                self.pin_input.clear();
                self.pin_refused = None;
                self.stage = Stage::TypingPin;
            }
            (Stage::TypingPin, ComputerAction::Type(c)) if c.is_ascii_digit() && self.digits() < 8 => {
                self.pin_input.push(c);
                self.pin_refused = None;
            }
            (Stage::TypingPin, ComputerAction::Type('-' | ' ')) => {}
            (Stage::TypingPin, ComputerAction::Backspace) => {
                self.pin_input.pop();
                self.pin_refused = None;
            }
            (Stage::TypingPin, ComputerAction::Ok) => match pin::check(&self.pin_input) {
                Ok(pin) => {
                    self.stage = Stage::Adding { last: None };
                    self.sent = Some(pin.clone());
                    commands.push(Command::ComputerPin(pin));
                }
                Err(e) => self.pin_refused = Some(e),
            },
            (Stage::TypingPin | Stage::Adding { .. }, ComputerAction::Back) => self.stage = Stage::Devices,
            (Stage::Added | Stage::Failed(_), ComputerAction::Ok | ComputerAction::Back) => {
                self.stage = if self.router.is_some() { Stage::Devices } else { Stage::Searching };
            }
            _ => {}
        }
    }

    fn digits(&self) -> usize {
        self.pin_input.chars().filter(char::is_ascii_digit).count()
    }

    /// What the computer's UPnP side reported.
    pub fn on_computer(&mut self, event: &ComputerEvent) {
        match event {
            ComputerEvent::RouterAdded { name, .. } => {
                self.router = Some(name.clone());
                if self.stage == Stage::Searching || matches!(self.stage, Stage::NothingFound(_)) {
                    self.stage = Stage::Devices;
                }
            }
            ComputerEvent::EnrolleeAdded { name, mac, category, .. } => {
                if !self.devices.iter().any(|d| d.mac == *mac) {
                    self.devices.push(Waiting { name: name.clone(), mac: *mac, kind: kind_of(*category) });
                }
            }
            ComputerEvent::RouterRemoved { goodbye, .. } => {
                self.router = None;
                self.devices.clear();
                self.selected = 0;
                self.stage = Stage::NothingFound(NotFound::Left { goodbye: *goodbye });
            }
            ComputerEvent::RequestFailed { what: "GetDeviceInfo", why } if self.router.is_none() => {
                self.stage = Stage::NothingFound(NotFound::Refused { why: why.clone() });
            }
            ComputerEvent::RequestFailed { .. } => {}
            ComputerEvent::SearchEnded { routers: 0 } if self.stage == Stage::Searching => {
                self.stage = Stage::NothingFound(NotFound::NoAnswer);
            }
            ComputerEvent::SearchEnded { .. } if self.stage == Stage::Searching && self.router.is_some() => {
                self.stage = Stage::Devices;
            }
            ComputerEvent::SearchEnded { .. } => {}
        }
    }

    /// What the computer's own registrar reported: the registration's progress and end.
    pub fn on_registrar(&mut self, event: &Event) {
        let Stage::Adding { .. } = self.stage else { return };
        match event {
            Event::Step { sent, .. } => self.stage = Stage::Adding { last: Some(*sent) },
            Event::RegSuccess { .. } | Event::Success => self.stage = Stage::Added,
            Event::Fail { msg, config_error, .. } => {
                let failure = if *config_error == ConfigError::DevPasswordAuthFailure {
                    AddFailure::WrongPin { at: *msg }
                } else {
                    AddFailure::Other { at: *msg, config_error: *config_error }
                };
                self.stage = Stage::Failed(failure);
            }
            _ => {}
        }
    }
}
