//! The printer: its state (menu, LCD screen, link, Wi-Fi button, LEDs, printed page) and
//! its behaviour. Buttons become [`Command`]s for the engine; the engine's events become
//! what the printer shows. Nothing here touches the engine itself. `panel` holds its
//! buttons and screens, `link` what it does on the network and what the protocol said.

mod link;
mod panel;

use std::net::Ipv4Addr;
use std::time::Duration;

use super::led::Led;
use super::menu::Cursor;
use crate::sim::models::PrinterModel;
use crate::wps::defs::ConfigError;
use crate::wps::entropy::Csprng;
use crate::wps::event::ErrorIndication;
use crate::wps::message::Mac;
use crate::wps::pin::Pin;
use crate::wps::time::Time;
use crate::wps::timer::TimerTable;

/// Rows of the LCD below its title: a page of text scrolls by this many.
pub const LCD_BODY_ROWS: usize = 4;
/// Without release events, no auto-repeat for this long means the key was let go
/// (terminals wait about 500 ms before repeating).
pub const REPEAT_GAP: Duration = Duration::from_millis(700);
/// The hold progress on the LCD moves in these steps.
pub const HOLD_STEP: Duration = Duration::from_millis(250);

/// What a WPS attempt uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    PushButton,
    Pin(Pin),
}

/// How a WPS attempt was started, the PIN itself aside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WpsMethod {
    PushButton,
    Pin,
}

impl Method {
    pub fn kind(&self) -> WpsMethod {
        match self {
            Method::PushButton => WpsMethod::PushButton,
            Method::Pin(_) => WpsMethod::Pin,
        }
    }
}

/// A WPS attempt in progress (push button held, or PIN on screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub method: Method,
    pub started: Time,
    /// End of the walk time, or of the PIN's validity.
    pub deadline: Time,
    /// The last message the printer sent in the exchange (1, 3, 5 or 7), once it began.
    pub sent: Option<u8>,
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
    /// The join failed the 4-way handshake: the password the printer used is not the
    /// router's; where it came from says what went wrong.
    WrongPassword(PasswordSource),
    Failed(FailReason),
}

/// Where the password the printer joins with came from: a wrong one means a typing mistake
/// (typed in the wizard), or a router whose password changed since (remembered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordSource {
    /// Typed in the Wireless Setup Wizard.
    Typed,
    /// Received in M8.
    Wps,
    /// Kept from an earlier setup, and used again (back on, or after an attempt).
    Remembered,
}

/// Why an attempt or a join failed, other than the outcomes worded on their own: said by
/// the machine that decided it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailReason {
    /// The registration stopped with this configuration error.
    Config(ConfigError),
    /// The registration stopped with this error indication (WEP refused, ...).
    Indication(ErrorIndication),
    /// A message with the wrong nonce: it did not belong to this exchange.
    NotThisExchange,
    /// The join got no IP address (DHCP).
    NoAddress,
    /// The router refused the association.
    Refused,
    /// The router did not answer authentication.
    NoAnswer,
    /// The printer's network was not heard as it remembers it: not its name, or (`offered`)
    /// with security the printer does not join.
    NotFound { offered: Option<crate::wlan::rsn::Offer> },
}

impl std::fmt::Display for FailReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FailReason::Config(error) => write!(f, "{error}"),
            FailReason::Indication(reason) => f.write_str(reason.text()),
            FailReason::NotThisExchange => f.write_str("a message did not belong to this exchange"),
            FailReason::NoAddress => f.write_str("no IP address from the router"),
            FailReason::Refused => f.write_str("the router refused the printer"),
            FailReason::NoAnswer => f.write_str("the router did not answer"),
            FailReason::NotFound { offered: Some(offer) } => {
                write!(f, "the router now uses {}, not WPA2", offer.name())
            }
            FailReason::NotFound { offered: None } => f.write_str("its Wi-Fi network was not found"),
        }
    }
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
            Outcome::WrongPassword(_) => "Failed: Wi-Fi password is wrong".into(),
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
    /// "Wireless is On: OK turns it Off": a choice, not a silent toggle.
    ConfirmWireless,
    /// The attempt's own screen: instructions, PIN, progress.
    Attempt,
    /// WPS delivered the network: joining it (handshake, then an address).
    Joining,
    /// The setup wizard: the networks found, one highlighted.
    WizardNetworks {
        networks: Vec<String>,
        selected: usize,
    },
    /// The setup wizard's "Enter network name": the name typed so far (a hidden network is
    /// in no list; its name is typed, exactly).
    WizardName {
        typed: String,
    },
    /// The setup wizard: the password typed so far for this network.
    WizardPassword {
        ssid: String,
        typed: crate::wps::secret::Secret<String>,
    },
    Result(Outcome),
}

/// The wizard list's last entry, as printers word it: a network whose name is not shown
/// (hidden) is typed by hand.
pub const ENTER_NETWORK_NAME: &str = "Enter network name";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    NotConnected,
    /// Joining a network: the 4-way handshake, then DHCP.
    Joining {
        ssid: String,
        step: JoinStep,
    },
    Connected {
        ssid: String,
        ip: Ipv4Addr,
    },
}

/// Where a join is, as a printer's display says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinStep {
    /// Authentication, association and the 4-way handshake.
    Connecting,
    /// The handshake is done; asking for an address (DHCP).
    ObtainingAddress,
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

/// A page coming out of a printer without a screen (its network report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedPage {
    pub started: Time,
    pub lines: Vec<String>,
}

/// The printer's own timers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Timer {
    /// The Wi-Fi button has been held long enough.
    HoldDone,
    /// Without release events: no repeat for a while means the button was let go.
    Released,
}

pub struct Printer {
    pub model: &'static PrinterModel,
    pub mac: Mac,
    pub cursor: Cursor,
    pub screen: Screen,
    pub powered: bool,
    pub wireless_on: bool,
    pub link: Link,
    pub attempt: Option<Attempt>,
    pub hold: Option<Hold>,
    pub leds: Leds,
    pub last_outcome: Option<Outcome>,
    /// The network the printer remembers (learnt by WPS): it joins it again by itself.
    pub known_ssid: Option<String>,
    /// The network names the printer hears (the router's, unless it hides it).
    pub visible_networks: Vec<String>,
    /// Where the password of the join under way (or last made) came from.
    pub password_from: PasswordSource,
    /// How the network the printer got by WPS last was received (push button or PIN).
    pub credential_by: Option<WpsMethod>,
    pub page: Option<PrintedPage>,
    /// The terminal reports key releases (kitty keyboard protocol).
    pub release_events: bool,
    pub timers: TimerTable<Timer>,
    /// The printer draws its own PINs.
    rng: Csprng,
}

impl Printer {
    pub fn new(model: &'static PrinterModel, mac: Mac, rng: Csprng) -> Printer {
        Printer {
            model,
            mac,
            cursor: Cursor::at(super::menu::home_of(model.panel)),
            screen: Screen::Menu,
            powered: true,
            wireless_on: true,
            link: Link::NotConnected,
            attempt: None,
            hold: None,
            leds: Leds { power: Led::On, wifi: Led::Off, attention: Led::Off },
            last_outcome: None,
            known_ssid: None,
            visible_networks: Vec::new(),
            password_from: PasswordSource::Remembered,
            credential_by: None,
            page: None,
            release_events: false,
            timers: TimerTable::default(),
            rng,
        }
    }

    pub fn ip(&self) -> Option<Ipv4Addr> {
        match &self.link {
            Link::Connected { ip, .. } => Some(*ip),
            Link::NotConnected | Link::Joining { .. } => None,
        }
    }

    pub fn connected(&self) -> bool {
        matches!(self.link, Link::Connected { .. })
    }

    /// The key exchange proper (M3 sent, onward): what the display and LEDs call
    /// "connecting". Asking and hearing "not yet" (M1, M2D) does not count.
    pub fn exchanging(&self) -> Option<u8> {
        self.attempt.as_ref().and_then(|a| a.sent).filter(|n| *n >= 3)
    }

    /// Lines of the printed page out of the printer so far.
    pub fn page_lines_out(&self, now: Time) -> usize {
        self.page.as_ref().map_or(0, |p| {
            let n = (now.saturating_sub(p.started).as_nanos() / self.model.page_line_time.as_nanos()) as usize + 1;
            n.min(p.lines.len())
        })
    }
}
