//! The printer: its state (menu, LCD screen, link, Wi-Fi button, LEDs, printed page) and
//! its behaviour. Buttons become [`Command`]s for the engine; the engine's events become
//! what the printer shows. Nothing here touches the engine itself.

use std::net::Ipv4Addr;
use std::time::Duration;

use super::action::PrinterAction;
use super::engine::Command;
use super::led::Led;
use super::menu::{Cursor, Entry};
use crate::models::PrinterModel;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::enrollee::Password;
use crate::wps::entropy::Csprng;
use crate::wps::event::{ErrorIndication, Event};
use crate::wps::message::{Mac, format_mac};
use crate::wps::pin::{self, Pin};
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
    /// The setup wizard: the password typed so far for this network.
    WizardPassword {
        ssid: String,
        typed: crate::wps::secret::Secret<String>,
    },
    Result(Outcome),
}

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

    // --- buttons -----------------------------------------------------------------------

    /// A button pressed at `now`; what the printer asks of the protocol goes to `out`.
    pub fn press(&mut self, action: PrinterAction, now: Time, out: &mut Vec<Command>) {
        match action {
            PrinterAction::Info => self.print_report(now),
            PrinterAction::Type(c) => {
                if self.powered && matches!(self.screen, Screen::WizardPassword { .. }) {
                    self.type_password(Some(c));
                }
            }
            PrinterAction::Power => self.toggle_power(out),
            _ if !self.powered => {}
            // A touchscreen printer has no Wi-Fi button: WPS starts on its screen.
            PrinterAction::WifiPress
            | PrinterAction::WifiRelease
            | PrinterAction::WifiTap
            | PrinterAction::WifiHold
                if !self.model.has_wifi_button() => {}
            PrinterAction::WifiPress => self.wifi_press(now),
            PrinterAction::WifiRelease => self.wifi_release(),
            PrinterAction::WifiTap => {
                self.wifi_press(now);
                self.wifi_release();
            }
            PrinterAction::WifiHold => {
                if self.hold.is_none() {
                    self.hold = Some(Hold { started: now, last_seen: now, scripted: true, fired: false });
                    self.timers.set(Timer::HoldDone, now + self.model.hold_time);
                }
            }
            PrinterAction::Up
            | PrinterAction::Down
            | PrinterAction::Left
            | PrinterAction::Right
            | PrinterAction::Ok
            | PrinterAction::Back
            | PrinterAction::Home
            | PrinterAction::Cancel
            | PrinterAction::Touch(_) => self.panel_button(action, now, out),
        }
    }

    fn panel_button(&mut self, action: PrinterAction, now: Time, out: &mut Vec<Command>) {
        use PrinterAction as A;
        let screen = self.screen.clone();
        match (screen, action) {
            (_, A::Home) => {
                // An attempt goes on behind the menu; the status bar still says so.
                self.cursor.home();
                self.screen = Screen::Menu;
            }
            (Screen::Menu, A::Up | A::Left) => self.cursor.up(),
            (Screen::Menu, A::Down | A::Right) => self.cursor.down(),
            (Screen::Menu, A::Ok) => self.choose(self.cursor.entry(), now, out),
            (Screen::Menu, A::Touch(n)) if self.cursor.select(usize::from(n)) => {
                self.choose(self.cursor.entry(), now, out)
            }
            (Screen::Menu, A::Back) => {
                self.cursor.back();
            }
            (Screen::Menu, A::Cancel) => {
                self.page = None;
                self.cancel_attempt(out);
                self.rejoin(out);
            }
            (Screen::Info { title, lines, scroll }, A::Up | A::Down) => {
                let max = lines.len().saturating_sub(LCD_BODY_ROWS);
                let scroll = if action == A::Up { scroll.saturating_sub(1) } else { (scroll + 1).min(max) };
                self.screen = Screen::Info { title, lines, scroll };
            }
            (Screen::Info { .. }, A::Ok | A::Back | A::Cancel) => self.screen = Screen::Menu,
            (Screen::ConfirmRestore, A::Ok) => {
                self.restore_network(out);
                self.info("Restore Network", &["Network settings", "restored.", "", "Wi-Fi: not connected"]);
            }
            (Screen::ConfirmRestore, A::Back | A::Cancel) => self.screen = Screen::Menu,
            (Screen::ConfirmWireless, A::Ok) => {
                self.wireless_on = !self.wireless_on;
                if self.wireless_on {
                    self.rejoin(out);
                } else {
                    self.cancel_attempt(out);
                    self.leave(out);
                }
                let state = if self.wireless_on { "On" } else { "Off" };
                self.info("Wireless", &[&format!("Wireless: {state}")]);
            }
            (Screen::ConfirmWireless, A::Back | A::Cancel) => self.screen = Screen::Menu,
            (Screen::WizardNetworks { networks, selected }, A::Up | A::Down) => {
                let n = networks.len().max(1);
                let selected = if action == A::Up { (selected + n - 1) % n } else { (selected + 1) % n };
                self.screen = Screen::WizardNetworks { networks, selected };
            }
            (Screen::WizardNetworks { networks, .. }, A::Touch(n)) if usize::from(n) < networks.len() => {
                self.screen = Screen::WizardNetworks { networks, selected: usize::from(n) };
                self.panel_button(A::Ok, now, out);
            }
            (Screen::WizardNetworks { networks, selected }, A::Ok) => match networks.get(selected) {
                Some(ssid) => {
                    self.screen = Screen::WizardPassword {
                        ssid: ssid.clone(),
                        typed: crate::wps::secret::Secret::new(String::new()),
                    }
                }
                None => self.screen = Screen::Menu,
            },
            (Screen::WizardNetworks { .. }, A::Back | A::Cancel) => self.screen = Screen::Menu,
            (Screen::WizardPassword { ssid, typed }, A::Ok) if typed.len() >= 8 => {
                out.push(Command::JoinTyped { ssid: ssid.clone(), passphrase: typed.clone() });
                self.known_ssid = Some(ssid.clone());
                self.password_from = PasswordSource::Typed;
                self.link = Link::Joining { ssid, step: JoinStep::Connecting };
                self.screen = Screen::Joining;
            }
            (Screen::WizardPassword { .. }, A::Back) => self.type_password(None),
            (Screen::WizardPassword { .. }, A::Cancel) => self.start_wizard(),
            (Screen::Attempt, A::Cancel | A::Back) => {
                self.cancel_attempt(out);
                self.rejoin(out);
            }
            (Screen::Result(Outcome::PinExpired), A::Ok) => self.start_pin(now, out),
            (Screen::Result(_), A::Ok | A::Back | A::Cancel) => self.screen = Screen::Menu,
            _ => {}
        }
    }

    fn choose(&mut self, entry: Entry, now: Time, out: &mut Vec<Command>) {
        match entry {
            Entry::Submenu(menu) => self.cursor.enter(menu),
            Entry::PushButton => self.start_pbc(now, out),
            Entry::Pin => self.start_pin(now, out),
            Entry::SetupWizard => self.start_wizard(),
            Entry::WirelessOnOff => self.screen = Screen::ConfirmWireless,
            Entry::WirelessStatus => self.show_status(),
            Entry::NetworkReport => self.show_report(),
            Entry::RestoreNetwork => self.screen = Screen::ConfirmRestore,
            Entry::About => {
                let mac = format_mac(&self.mac);
                let number = format!("Model {}", self.model.model_number);
                self.info("About", &[self.model.name, &number, "MAC address:", &mac]);
            }
            Entry::NotEmulated(what) => self
                .info(what, &[&format!("{what} is not part of"), "this Wi-Fi rehearsal.", "", "Press OK to go back."]),
        }
    }

    /// The wizard's first screen: the networks the printer hears (a hidden one is not among
    /// them, as on a real printer).
    fn start_wizard(&mut self) {
        if !self.wireless_on {
            self.wireless_is_off("Setup Wizard");
            return;
        }
        let networks = self.visible_networks.clone();
        if networks.is_empty() {
            self.info("Setup Wizard", &["No network found.", "Is the router on, and", "its network name shown?"]);
            return;
        }
        self.screen = Screen::WizardNetworks { networks, selected: 0 };
    }

    /// A character typed into the wizard's password (`None`: the last one deleted). WPA2's
    /// passwords are 8 to 63 printable characters.
    fn type_password(&mut self, c: Option<char>) {
        if let Screen::WizardPassword { typed, .. } = &mut self.screen {
            let mut text = String::clone(typed);
            match c {
                Some(c) if (' '..='~').contains(&c) && text.len() < 63 => text.push(c),
                Some(_) => {}
                None => {
                    text.pop();
                }
            }
            *typed = crate::wps::secret::Secret::new(text);
        }
    }

    /// "Wireless is off. Turn it on in Settings > Wireless.", in the model's own menu names.
    fn wireless_is_off(&mut self, title: &str) {
        let path = format!("{}.", self.model.wireless_path());
        self.info(title, &["Wireless is off.", "Turn it on in", &path]);
    }

    fn info(&mut self, title: &str, lines: &[&str]) {
        self.screen =
            Screen::Info { title: title.into(), lines: lines.iter().map(|l| l.to_string()).collect(), scroll: 0 };
    }

    fn show_status(&mut self) {
        let lines: Vec<String> = match (&self.link, self.wireless_on) {
            (_, false) => {
                vec!["Wireless: Off".into(), "Turn it on in".into(), format!("{}.", self.model.wireless_path())]
            }
            (Link::Connected { ssid, ip }, true) => {
                vec!["Connected".into(), format!("SSID: {ssid}"), format!("IP: {ip}"), "Signal: good".into()]
            }
            (Link::Joining { ssid, step }, true) => vec![
                "Connecting to".into(),
                ssid.clone(),
                match step {
                    JoinStep::Connecting => "Checking the password...".into(),
                    JoinStep::ObtainingAddress => "Obtaining IP address...".into(),
                },
            ],
            (Link::NotConnected, true) if !self.model.has_wifi_button() => {
                vec!["Not connected".into(), "Tap Wi-Fi >".into(), "Wi-Fi Protected Setup.".into()]
            }
            (Link::NotConnected, true) => vec![
                "Not connected".into(),
                "Hold Wi-Fi 3 s, or use".into(),
                "Settings > Wireless >".into(),
                "Wi-Fi Protected Setup.".into(),
            ],
        };
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        self.info("Wireless Status", &refs);
    }

    /// The network report, as a page (printers without a screen) or on the LCD.
    fn report_lines(&self) -> Vec<String> {
        let (status, ssid, ip) = match &self.link {
            Link::Connected { ssid, ip } => ("Connected", ssid.clone(), ip.to_string()),
            Link::Joining { ssid, .. } => ("Connecting", ssid.clone(), "-".into()),
            Link::NotConnected => ("Not connected", "-".into(), "-".into()),
        };
        vec![
            format!("Status: {status}"),
            format!("SSID: {ssid}"),
            format!("IP: {ip}"),
            format!("MAC: {}", format_mac(&self.mac)),
            format!("Wireless: {}", if self.wireless_on { "On" } else { "Off" }),
            "Last WPS result:".to_string(),
            format!(" {}", self.last_result()),
        ]
    }

    fn last_result(&self) -> String {
        self.last_outcome.as_ref().map(Outcome::report_line).unwrap_or_else(|| "None".into())
    }

    fn show_report(&mut self) {
        let lines = self.report_lines();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        self.info("Network Report", &refs);
    }

    fn print_report(&mut self, now: Time) {
        if !self.powered {
            return;
        }
        if self.model.has_screen() {
            self.show_report();
            return;
        }
        let report = self.report_lines();
        // The page is narrow: the same facts as the LCD report, fewer lines.
        let lines = vec![
            "NETWORK REPORT".to_string(),
            report[0].clone(),
            report[1].clone(),
            report[2].clone(),
            format!("Last WPS: {}", self.last_result()),
            report[3].clone(),
        ];
        self.page = Some(PrintedPage { started: now, lines });
    }

    fn toggle_power(&mut self, out: &mut Vec<Command>) {
        self.powered = !self.powered;
        if !self.powered {
            self.cancel_attempt(out);
            self.leave(out);
            self.hold = None;
            self.timers.clear();
            self.page = None;
        } else {
            self.screen = Screen::Menu;
            self.cursor.home();
            if self.wireless_on {
                self.rejoin(out);
            }
        }
    }

    /// Off the network (power or Wi-Fi off): the router hears a Deauthentication.
    fn leave(&mut self, out: &mut Vec<Command>) {
        if !matches!(self.link, Link::NotConnected) {
            out.push(Command::Leave);
        }
        self.disconnect();
    }

    /// Back on, or a WPS attempt over without a new network: the printer joins the network
    /// it remembers, by the handshake alone (wpa_supplicant re-enables its networks).
    pub fn rejoin(&mut self, out: &mut Vec<Command>) {
        if self.attempt.is_some() || !matches!(self.link, Link::NotConnected) {
            return;
        }
        if let Some(ssid) = self.known_ssid.clone() {
            out.push(Command::Rejoin);
            self.password_from = PasswordSource::Remembered;
            self.link = Link::Joining { ssid, step: JoinStep::Connecting };
        }
    }

    fn start_pbc(&mut self, now: Time, out: &mut Vec<Command>) {
        if !self.wireless_on {
            self.wireless_is_off("Push Button");
            return;
        }
        self.disconnect();
        let walk = self.model.walk_time;
        out.push(Command::StartWps { password: Password::PushButton, lasts: walk });
        self.attempt = Some(Attempt { method: Method::PushButton, started: now, deadline: now + walk, sent: None });
        self.screen = Screen::Attempt;
    }

    fn start_pin(&mut self, now: Time, out: &mut Vec<Command>) {
        if !self.wireless_on {
            self.wireless_is_off("PIN");
            return;
        }
        self.disconnect();
        let pin = pin::generate(self.rng.rng());
        let validity = self.model.pin_validity;
        out.push(Command::StartWps { password: Password::Pin(pin.as_bytes().to_vec()), lasts: validity });
        self.attempt = Some(Attempt { method: Method::Pin(pin), started: now, deadline: now + validity, sent: None });
        self.screen = Screen::Attempt;
    }

    fn cancel_attempt(&mut self, out: &mut Vec<Command>) {
        if self.attempt.take().is_some() {
            out.push(Command::CancelWps);
            self.info("Wi-Fi Protected Setup", &["Cancelled."]);
        }
    }

    fn disconnect(&mut self) {
        self.link = Link::NotConnected;
    }

    fn restore_network(&mut self, out: &mut Vec<Command>) {
        self.cancel_attempt(out);
        out.push(Command::Forget);
        self.disconnect();
        self.known_ssid = None;
        self.last_outcome = None;
        self.wireless_on = true;
    }

    fn wifi_press(&mut self, now: Time) {
        match &mut self.hold {
            Some(h) => h.last_seen = now,
            None => {
                self.hold = Some(Hold { started: now, last_seen: now, scripted: false, fired: false });
                self.timers.set(Timer::HoldDone, now + self.model.hold_time);
            }
        }
        if !self.release_events {
            self.timers.set(Timer::Released, now + REPEAT_GAP);
        }
    }

    fn wifi_release(&mut self) {
        self.timers.stop(Timer::Released);
        self.timers.stop(Timer::HoldDone);
        if let Some(h) = self.hold.take()
            && !h.fired
            && self.model.has_screen()
        {
            // A short press shows the wireless status, as printers with a screen do.
            self.show_status();
        }
    }

    /// Time passed: the Wi-Fi button's timers.
    pub fn tick(&mut self, now: Time, out: &mut Vec<Command>) {
        for timer in self.timers.take_expired(now) {
            match timer {
                Timer::HoldDone => {
                    let Some(h) = self.hold else { continue };
                    self.hold = if h.scripted { None } else { Some(Hold { fired: true, ..h }) };
                    self.start_pbc(now, out);
                }
                Timer::Released => self.wifi_release(),
            }
        }
    }

    // --- what the protocol said ----------------------------------------------------------

    /// One event of the printer's enrollee; a credential starts the join.
    pub fn on_engine(&mut self, event: &Event) {
        let Some(attempt) = self.attempt.as_mut() else { return };
        let outcome = match event {
            Event::Step { sent, .. } => {
                attempt.sent = sent.number();
                return;
            }
            Event::M2d { .. } | Event::Rescan => {
                attempt.sent = None;
                return;
            }
            Event::CredReceived(credential) => {
                self.wps_done(credential.ssid_text());
                return;
            }
            Event::Fail { msg, config_error: ConfigError::DevPasswordAuthFailure, .. } => {
                Outcome::WrongPin { half: if matches!(msg, MsgType::M4 | MsgType::M5) { 1 } else { 2 } }
            }
            Event::Fail { reason: Some(reason), .. } => Outcome::Failed(FailReason::Indication(*reason)),
            Event::Fail { config_error, .. } => Outcome::Failed(FailReason::Config(*config_error)),
            Event::OverlapDetected | Event::GaveUp { config_error: ConfigError::MultiplePbcDetected } => {
                Outcome::Overlap
            }
            Event::GaveUp { config_error } => Outcome::Failed(FailReason::Config(*config_error)),
            Event::ProcessingFailed { .. } => Outcome::Failed(FailReason::NotThisExchange),
            Event::StationTimeout if matches!(attempt.method, Method::Pin(_)) => Outcome::PinExpired,
            Event::StationTimeout => Outcome::Timeout,
            _ => return,
        };
        self.finish(outcome);
    }

    /// WPS delivered the network: the printer keeps it and joins it (the join's events
    /// say how that goes).
    pub fn wps_done(&mut self, ssid: String) {
        self.attempt = None;
        self.known_ssid = Some(ssid.clone());
        self.password_from = PasswordSource::Wps;
        self.link = Link::Joining { ssid, step: JoinStep::Connecting };
        self.screen = Screen::Joining;
    }

    /// One event of the printer's join (association, handshake, DHCP).
    pub fn on_join(&mut self, event: &JoinEvent) {
        let ssid = match &self.link {
            Link::Joining { ssid, .. } | Link::Connected { ssid, .. } => ssid.clone(),
            Link::NotConnected => self.known_ssid.clone().unwrap_or_default(),
        };
        let joining_on_screen = self.screen == Screen::Joining;
        match event {
            JoinEvent::Connected { .. } => {
                self.link = Link::Joining { ssid, step: JoinStep::ObtainingAddress };
            }
            JoinEvent::DhcpLease { ip, .. } => {
                self.link = Link::Connected { ssid: ssid.clone(), ip: *ip };
                if joining_on_screen {
                    self.finish(Outcome::Connected { ssid });
                }
            }
            // Said once, after the deauthentication that ended the handshake.
            JoinEvent::TempDisabled { .. } => {
                self.link = Link::NotConnected;
                self.finish(Outcome::WrongPassword(self.password_from));
            }
            JoinEvent::AuthenticationTimedOut { .. }
            | JoinEvent::AssociationRejected { .. }
            | JoinEvent::DhcpNoLease => {
                self.link = Link::NotConnected;
                let why = match event {
                    JoinEvent::DhcpNoLease => FailReason::NoAddress,
                    JoinEvent::AssociationRejected { .. } => FailReason::Refused,
                    _ => FailReason::NoAnswer,
                };
                if joining_on_screen || self.known_ssid.is_some() {
                    self.finish(Outcome::Failed(why));
                }
            }
            // The router dropped the printer (new settings): it joins again by itself.
            JoinEvent::Disconnected { locally_generated: false, .. } if self.connected() => {
                self.link = Link::Joining { ssid, step: JoinStep::Connecting };
            }
            _ => {}
        }
    }

    fn finish(&mut self, outcome: Outcome) {
        self.attempt = None;
        self.last_outcome = Some(outcome.clone());
        self.screen = Screen::Result(outcome);
    }

    // --- its lights ----------------------------------------------------------------------

    /// The LEDs follow the printer's state: Wi-Fi blinks slowly while waiting, fast during
    /// the exchange, steady once connected; Attention blinks after a failure.
    pub fn sync_leds(&mut self, now: Time) {
        let blink = self.model.blink;
        let wifi = if !self.powered || !self.wireless_on {
            Led::Off
        } else if self.attempt.is_some() {
            match self.exchanging() {
                Some(_) => Led::blink(blink.exchange_half, now),
                None => Led::blink(blink.waiting_half, now),
            }
        } else if matches!(self.link, Link::Joining { .. }) {
            Led::blink(blink.exchange_half, now)
        } else if self.connected() {
            Led::On
        } else {
            Led::Off
        };
        self.leds.wifi.set(wifi);
        let attention = match &self.screen {
            Screen::Result(o) if o.is_failure() && self.powered => Led::blink(blink.attention_half, now),
            _ => Led::Off,
        };
        self.leds.attention.set(attention);
        self.leds.power.set(if self.powered { Led::On } else { Led::Off });
    }

    /// The next instant something the printer shows changes by itself.
    pub fn next_change(&self, now: Time) -> Option<Time> {
        let mut times: Vec<Time> = Vec::new();
        times.extend(self.timers.next_timeout());
        times.extend(
            [&self.leds.power, &self.leds.wifi, &self.leds.attention].iter().filter_map(|l| l.next_toggle(now)),
        );
        if let Some(a) = &self.attempt {
            times.extend(crate::format::next_second(a.deadline, now));
        }
        if let Some(p) = &self.page
            && self.page_lines_out(now) < p.lines.len()
        {
            times.push(p.started + self.model.page_line_time * self.page_lines_out(now) as u32);
        }
        if let Some(h) = &self.hold
            && !h.fired
        {
            let done = h.started + self.model.hold_time;
            let steps = now.saturating_sub(h.started).as_nanos() / HOLD_STEP.as_nanos() + 1;
            times.push((h.started + HOLD_STEP * steps as u32).min(done));
        }
        times.into_iter().filter(|t| *t > now).min()
    }
}
