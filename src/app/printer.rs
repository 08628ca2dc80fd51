//! The printer's own state: where its menu is, what its LCD shows, its link, its button.

use super::led::Led;
use super::menu::Cursor;
use crate::wps::enrollee::Time;
use crate::wps::pin::Pin;

/// What a WPS attempt uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    PushButton,
    Pin(Pin),
}

/// A WPS attempt in progress (push button held, or PIN on screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub method: Method,
    pub started: Time,
    /// End of the walk time, or of the PIN's validity.
    pub deadline: Time,
}

/// How an attempt ended, as the printer words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Connected {
        ssid: String,
    },
    /// Which half of the PIN the protocol found wrong (1 after M4, 2 after M6).
    WrongPin {
        half: u8,
    },
    Timeout,
    Overlap,
    PinExpired,
    Failed(String),
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        !matches!(self, Outcome::Connected { .. })
    }

    /// The line a network report prints as "Last WPS result".
    pub fn report_line(&self) -> String {
        match self {
            Outcome::Connected { .. } => "Success".into(),
            Outcome::WrongPin { .. } => "Failed: incorrect PIN".into(),
            Outcome::Timeout => "Failed: timed out".into(),
            Outcome::Overlap => "Failed: session overlap".into(),
            Outcome::PinExpired => "PIN expired".into(),
            Outcome::Failed(why) => format!("Failed: {why}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Menu,
    /// A page of text (status, report, notes); scrolls with the arrows.
    Info {
        title: String,
        lines: Vec<String>,
        scroll: usize,
    },
    ConfirmRestore,
    /// The attempt's own screen: instructions, PIN, progress.
    Attempt,
    Result(Outcome),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    NotConnected,
    Connected { ssid: String, ip: [u8; 4] },
}

/// The Wi-Fi button being held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hold {
    pub started: Time,
    /// The last key-down or auto-repeat seen: without release events, silence means release.
    pub last_seen: Time,
    /// Started by the one-key sequence (`W`): releases itself once the hold time is reached.
    pub scripted: bool,
    pub fired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leds {
    pub power: Led,
    pub wifi: Led,
    pub attention: Led,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printer {
    pub cursor: Cursor,
    pub screen: Screen,
    pub wireless_on: bool,
    pub link: Link,
    pub attempt: Option<Attempt>,
    pub hold: Option<Hold>,
    pub leds: Leds,
    pub last_outcome: Option<Outcome>,
    /// The terminal reports key releases (kitty keyboard protocol).
    pub release_events: bool,
}

impl Default for Printer {
    fn default() -> Self {
        Printer {
            cursor: Cursor::default(),
            screen: Screen::Menu,
            wireless_on: true,
            link: Link::NotConnected,
            attempt: None,
            hold: None,
            leds: Leds { power: Led::On, wifi: Led::Off, attention: Led::Off },
            last_outcome: None,
            release_events: false,
        }
    }
}

impl Printer {
    pub fn ip_text(&self) -> Option<String> {
        match &self.link {
            Link::Connected { ip, .. } => Some(format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3])),
            Link::NotConnected => None,
        }
    }
}
