//! The router's own state: its admin page (controls, PIN field, notices) and client list.

use super::led::Led;
use crate::wps::message::Mac;

/// The admin page's controls, in the order ↑/↓ moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    PushButton,
    PinField,
    Connect,
}

impl Control {
    pub const ALL: [Control; 3] = [Control::PushButton, Control::PinField, Control::Connect];

    pub fn next(self) -> Control {
        let i = Control::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Control::ALL[(i + 1) % Control::ALL.len()]
    }

    pub fn prev(self) -> Control {
        let i = Control::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Control::ALL[(i + Control::ALL.len() - 1) % Control::ALL.len()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: String,
    pub error: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub mac: Mac,
    pub ip: [u8; 4],
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Router {
    pub selected: Control,
    pub pin_input: String,
    pub notice: Option<Notice>,
    pub clients: Vec<Client>,
    pub wps_led: Led,
    /// The last outcome the page reports (hostapd's "Last WPS result" and PBC status).
    pub status: Status,
    /// How many of the registrar's log entries the page has read.
    pub log_read: usize,
}

impl Router {
    pub fn new(clients: Vec<Client>) -> Self {
        Router {
            selected: Control::PushButton,
            pin_input: String::new(),
            notice: None,
            clients,
            wps_led: Led::Off,
            status: Status::Idle,
            log_read: 0,
        }
    }

    pub fn notice(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice { text: text.into(), error });
    }
}
