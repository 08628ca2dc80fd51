//! The panel's state and its one `update`: the Elm shape. Input becomes an [`Action`];
//! `update` and `tick` are the only code that changes state or talks to the engine;
//! `ui::view` only reads.

pub mod input;
pub mod led;
pub mod menu;
pub mod printer;
pub mod router;

use std::time::Duration;

use crate::models::{self, Identities, PrinterModel, RouterSetup};
use crate::scenarios::{PinMistake, SCENARIOS, Scenario};
use crate::theme::Theme;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::enrollee::{self, Enrollee, Password, Phase, Time};
use crate::wps::entropy::Csprng;
use crate::wps::event::Event;
use crate::wps::pair::{Node, Pair};
use crate::wps::pin;
use crate::wps::registrar::{ButtonError, PbcStatus, Registrar};

use led::Led;
use menu::Entry;
use printer::{Attempt, Hold, Link, Method, Outcome, Printer, Screen};
use router::{Client, Control, Router, Status};

/// How long frames take to cross between the panes: slow enough to follow the ladder.
pub const AIR_TIME: Duration = Duration::from_millis(400);
/// Without release events, no auto-repeat for this long means the key was let go
/// (terminals wait about 500 ms before repeating).
pub const REPEAT_GAP: Duration = Duration::from_millis(700);
/// The hold progress on the LCD moves in these steps.
pub const HOLD_STEP: Duration = Duration::from_millis(250);
/// How long a router PIN session lasts: "click Connect within 120 seconds".
pub const ROUTER_PIN_TIME: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Printer,
    Router,
}

/// Everything a person can do, whatever key or click it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Left,
    Right,
    Ok,
    Back,
    Home,
    Cancel,
    /// The Wi-Fi button went down (or auto-repeats while held).
    WifiPress,
    /// The Wi-Fi button came up (terminals that report releases).
    WifiRelease,
    /// Hold the Wi-Fi button for the model's hold time: one key for tmux and VHS.
    WifiHold,
    /// A short press and release (a mouse click on the button).
    WifiTap,
    RouterWpsButton,
    /// Trainer: a neighbour's device presses its WPS button now (session overlap).
    NeighbourPbc,
    RouterSelect(Control),
    RouterActivate,
    RouterConnect,
    RouterType(char),
    RouterBackspace,
    FocusNext,
    FocusPrinter,
    FocusRouter,
    ToggleHelp,
    /// Open the scenario picker.
    OpenScenarios,
    ToggleGuide,
    /// Save what crossed the air as a pcap file.
    SaveCapture,
    /// The Info button of a printer without a screen: prints the network report.
    Info,
    /// The printer's power button.
    Power,
    Quit,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub model: &'static PrinterModel,
    pub theme: Theme,
    pub seed: Option<u64>,
    pub mouse: bool,
    pub scenario: &'static Scenario,
    pub guide: bool,
    /// Emulated seconds per real second (shown on screen when not 1).
    pub speed: f64,
    /// Where `c` (and quitting) saves the session's frames.
    pub pcap: Option<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            model: &models::PRINTER_MODELS[0],
            theme: Theme::default(),
            seed: None,
            mouse: true,
            scenario: &SCENARIOS[0],
            guide: false,
            speed: 1.0,
            pcap: None,
        }
    }
}

/// A page coming out of a printer without a screen (its network report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedPage {
    pub started: Time,
    pub lines: Vec<String>,
}

/// A page slides out one line per this long.
pub const PAGE_LINE_TIME: Duration = Duration::from_millis(150);

pub struct App {
    pub now: Time,
    pub model: &'static PrinterModel,
    pub setup: RouterSetup,
    pub ids: Identities,
    pub theme: Theme,
    pub focus: Focus,
    pub help: bool,
    pub quit: bool,
    pub mouse: bool,
    pub seed: Option<u64>,
    pub options: Options,
    pub scenario: &'static Scenario,
    pub guide: bool,
    /// The scenario's fake support pop-up is on screen.
    pub scam_popup: bool,
    /// The scenario picker is open, with this entry highlighted.
    pub picker: Option<usize>,
    pub powered: bool,
    pub page: Option<PrintedPage>,
    /// A one-line message in the footer (where a capture went), until the next key.
    pub message: Option<String>,
    pub printer: Printer,
    pub router: Router,
    /// The engine: printer and router on the air. Only `update` and `tick` touch it.
    pub pair: Pair,
    rng: Csprng,
}

impl App {
    pub fn new(options: Options) -> App {
        let mut master = options.seed.map(Csprng::from_seed).unwrap_or_else(Csprng::from_os);
        let ids = Identities::draw(&mut master);
        let scenario = options.scenario;
        let setup = RouterSetup {
            security: scenario.security,
            hidden_ssid: scenario.hidden_ssid,
            wps_enabled: scenario.wps_enabled,
            ..RouterSetup::default()
        };
        let model = options.model;
        let printer_cfg = models::printer_enrollee(model, ids.printer_mac, ids.printer_uuid, model.walk_time);
        let enrollee = Enrollee::new(printer_cfg, Box::new(master.child()));
        let registrar = Registrar::new(models::router_registrar(&setup, &ids), Box::new(master.child()));
        let mut pair = Pair::new(registrar, enrollee, AIR_TIME);
        pair.router_wps = setup.wps_unavailable().is_none();
        pair.stations[0].in_range = !scenario.out_of_range;
        let mut clients = Vec::new();
        for (name, host) in [("Laptop", 10u8), ("Phone", 11)] {
            clients.push(Client { name: name.into(), mac: models::random_mac(&mut master), ip: [192, 168, 1, host] });
        }
        let rng = master.child();
        let mut app = App {
            now: Duration::ZERO,
            model,
            setup,
            ids,
            theme: options.theme.clone(),
            focus: Focus::Printer,
            help: false,
            quit: false,
            mouse: options.mouse,
            seed: options.seed,
            scenario,
            guide: options.guide,
            scam_popup: scenario.scam_popup,
            picker: None,
            powered: true,
            page: None,
            message: None,
            options: options.clone(),
            printer: Printer::default(),
            router: Router::new(clients),
            pair,
            rng,
        };
        app.sync();
        app
    }

    /// Handles one action at the current time.
    pub fn update(&mut self, action: Action) {
        self.pair.advance_to(self.now);
        if self.picker.is_some() && self.picker_action(action) {
            self.sync();
            return;
        }
        if self.scam_popup && !matches!(action, Action::Quit | Action::ToggleHelp) {
            // Any key dismisses it: the one thing not to do is call the number.
            self.scam_popup = false;
            self.sync();
            return;
        }
        self.message = None;
        match action {
            Action::Quit => self.quit = true,
            Action::SaveCapture => self.save_capture(),
            Action::ToggleHelp => self.help = !self.help,
            Action::OpenScenarios => {
                self.picker = Some(SCENARIOS.iter().position(|s| s.id == self.scenario.id).unwrap_or(0))
            }
            Action::ToggleGuide => self.guide = !self.guide,
            _ if self.help => {
                // Any other key closes the help overlay first, as people expect.
                self.help = false;
            }
            Action::FocusNext => {
                self.focus = if self.focus == Focus::Printer { Focus::Router } else { Focus::Printer };
            }
            Action::FocusPrinter => self.focus = Focus::Printer,
            Action::FocusRouter => self.focus = Focus::Router,
            Action::Info => self.print_report(),
            Action::Power => self.toggle_power(),
            _ if !self.powered
                && !matches!(
                    action,
                    Action::RouterWpsButton
                        | Action::RouterSelect(_)
                        | Action::RouterActivate
                        | Action::RouterConnect
                        | Action::RouterType(_)
                        | Action::RouterBackspace
                        | Action::FocusNext
                        | Action::FocusRouter
                        | Action::FocusPrinter
                        | Action::NeighbourPbc
                ) => {}
            Action::WifiPress => self.wifi_press(),
            Action::WifiRelease => self.wifi_release(),
            Action::WifiTap => {
                self.wifi_press();
                self.wifi_release();
            }
            Action::WifiHold => {
                if self.printer.hold.is_none() {
                    self.printer.hold =
                        Some(Hold { started: self.now, last_seen: self.now, scripted: true, fired: false });
                }
            }
            Action::RouterWpsButton => self.router_push_button(),
            Action::NeighbourPbc => self.neighbour_pbc(),
            Action::RouterSelect(c) => {
                self.focus = Focus::Router;
                self.router.selected = c;
            }
            Action::RouterActivate => self.router_activate(),
            Action::RouterConnect => {
                self.router.selected = Control::Connect;
                self.router_connect_pin();
            }
            Action::RouterType(c) => self.router_type(c),
            Action::RouterBackspace => {
                self.router.pin_input.pop();
            }
            Action::Up | Action::Down | Action::Left | Action::Right if self.focus == Focus::Router => {
                self.router.selected = match action {
                    Action::Up | Action::Left => self.router.selected.prev(),
                    _ => self.router.selected.next(),
                };
            }
            Action::Ok if self.focus == Focus::Router => self.router_activate(),
            Action::Up
            | Action::Down
            | Action::Left
            | Action::Right
            | Action::Ok
            | Action::Back
            | Action::Home
            | Action::Cancel => self.printer_button(action),
        }
        self.sync();
    }

    /// Time passed: the engine, timers and LEDs catch up to `now`.
    pub fn tick(&mut self, now: Time) {
        self.now = self.now.max(now);
        self.sync();
    }

    /// The next instant at which something on screen changes; the loop sleeps until then.
    pub fn next_deadline(&self) -> Option<Time> {
        let now = self.now;
        let mut times: Vec<Time> = Vec::new();
        times.extend(self.pair.poll_timeout());
        let leds =
            [&self.printer.leds.power, &self.printer.leds.wifi, &self.printer.leds.attention, &self.router.wps_led];
        times.extend(leds.iter().filter_map(|l| l.next_toggle(now)));
        if let Some(a) = &self.printer.attempt {
            times.push(a.deadline);
            times.extend(next_second(a.deadline, now));
        }
        // The router's countdown is on its page only while its status says Active.
        if self.router.status == Status::Active {
            let registrar = &self.pair.registrar;
            for deadline in [registrar.pbc_deadline(), registrar.pin_deadline()].into_iter().flatten() {
                times.extend(next_second(deadline, now));
            }
        }
        if let Some(p) = &self.page
            && self.page_lines_out() < p.lines.len()
        {
            times.push(p.started + PAGE_LINE_TIME * self.page_lines_out() as u32);
        }
        if let Some(h) = &self.printer.hold {
            if !h.fired {
                let done = h.started + self.model.hold_time;
                times.push(done);
                let steps = now.saturating_sub(h.started).as_nanos() / HOLD_STEP.as_nanos() + 1;
                times.push((h.started + HOLD_STEP * steps as u32).min(done));
            }
            if !h.scripted && !self.printer.release_events {
                times.push(h.last_seen + REPEAT_GAP);
            }
        }
        times.into_iter().filter(|t| *t > now).min().or_else(|| {
            // Something already due (a frame to deliver now): wake at once.
            self.pair.poll_timeout().filter(|t| *t <= now)
        })
    }

    pub fn phase(&self) -> Phase {
        self.pair.printer().phase()
    }

    /// The key exchange proper (M2 accepted, M3 onward): what the display and LEDs call
    /// "connecting". Asking and hearing "not yet" (M1, M2D) does not count.
    pub fn exchanging(&self) -> Option<u8> {
        match self.phase() {
            Phase::Exchanging(n) if n >= 3 => Some(n),
            _ => None,
        }
    }

    /// Keys while the scenario picker is open; true when the action was used.
    fn picker_action(&mut self, action: Action) -> bool {
        let Some(i) = self.picker else { return false };
        match action {
            Action::Up | Action::Left => self.picker = Some(i.checked_sub(1).unwrap_or(SCENARIOS.len() - 1)),
            Action::Down | Action::Right => self.picker = Some((i + 1) % SCENARIOS.len()),
            Action::Ok | Action::RouterActivate => {
                // A scenario starts from a fresh printer and router, keeping the other options.
                let options = Options { scenario: &SCENARIOS[i], ..self.options.clone() };
                let now = self.now;
                let mut fresh = App::new(options);
                fresh.now = now;
                fresh.pair.now = now;
                fresh.guide = self.guide;
                fresh.printer.release_events = self.printer.release_events;
                *self = fresh;
            }
            Action::Quit => return false,
            _ => self.picker = None,
        }
        true
    }

    /// Default file for `c` when no `--pcap` was given.
    pub const CAPTURE_FILE: &'static str = "printer-panel-capture.pcap";

    fn save_capture(&mut self) {
        let path = self.options.pcap.clone().unwrap_or_else(|| Self::CAPTURE_FILE.into());
        self.message = Some(match crate::capture::save(&self.pair, &path) {
            Ok(n) => format!("Saved {n} frames to {} (open it in Wireshark).", path.display()),
            Err(e) => format!("Capture not saved: {e}"),
        });
    }

    fn toggle_power(&mut self) {
        self.powered = !self.powered;
        if !self.powered {
            self.cancel_attempt();
            self.disconnect();
            self.printer.hold = None;
            self.page = None;
            self.printer.leds.power = Led::Off;
        } else {
            self.printer.leds.power = Led::On;
            self.printer.screen = Screen::Menu;
            self.printer.cursor.home();
        }
    }

    /// The network report, as a page (printers without a screen) or on the LCD.
    fn report_lines(&self) -> Vec<String> {
        let (status, ssid, ip) = match &self.printer.link {
            Link::Connected { ssid, .. } => ("Connected", ssid.clone(), self.printer.ip_text().unwrap_or_default()),
            Link::NotConnected => ("Not connected", "-".into(), "-".into()),
        };
        let last = self.printer.last_outcome.as_ref().map(Outcome::report_line).unwrap_or_else(|| "None".into());
        vec![
            format!("Status: {status}"),
            format!("SSID: {ssid}"),
            format!("IP: {ip}"),
            format!("MAC: {}", crate::wps::message::format_mac(&self.ids.printer_mac)),
            format!("Wireless: {}", if self.printer.wireless_on { "On" } else { "Off" }),
            "Last WPS result:".to_string(),
            format!(" {last}"),
        ]
    }

    fn print_report(&mut self) {
        if self.model.has_screen {
            self.show_report();
            return;
        }
        let report = self.report_lines();
        let last = self.printer.last_outcome.as_ref().map(Outcome::report_line).unwrap_or_else(|| "None".into());
        // The page is narrow: the same facts as the LCD report, fewer lines.
        let lines = vec![
            "NETWORK REPORT".to_string(),
            report[0].clone(),
            report[1].clone(),
            report[2].clone(),
            format!("Last WPS: {last}"),
            report[3].clone(),
        ];
        self.page = Some(PrintedPage { started: self.now, lines });
    }

    /// Lines of the printed page out of the printer so far.
    pub fn page_lines_out(&self) -> usize {
        self.page.as_ref().map_or(0, |p| {
            let n = (self.now.saturating_sub(p.started).as_nanos() / PAGE_LINE_TIME.as_nanos()) as usize + 1;
            n.min(p.lines.len())
        })
    }

    // --- the printer -------------------------------------------------------------------

    fn printer_button(&mut self, action: Action) {
        let screen = self.printer.screen.clone();
        match (screen, action) {
            (_, Action::Home) => {
                // An attempt goes on behind the menu; the status bar still says so.
                self.printer.cursor.home();
                self.printer.screen = Screen::Menu;
            }
            (Screen::Menu, Action::Up | Action::Left) => self.printer.cursor.up(),
            (Screen::Menu, Action::Down | Action::Right) => self.printer.cursor.down(),
            (Screen::Menu, Action::Ok) => self.choose(self.printer.cursor.entry()),
            (Screen::Menu, Action::Back) => {
                self.printer.cursor.back();
            }
            (Screen::Menu, Action::Cancel) => {
                self.page = None;
                self.cancel_attempt();
            }
            (Screen::Info { title, lines, scroll }, Action::Up | Action::Down) => {
                let max = lines.len().saturating_sub(crate::ui::lcd::BODY_ROWS);
                let scroll = if action == Action::Up { scroll.saturating_sub(1) } else { (scroll + 1).min(max) };
                self.printer.screen = Screen::Info { title, lines, scroll };
            }
            (Screen::Info { .. }, Action::Ok | Action::Back | Action::Cancel) => self.printer.screen = Screen::Menu,
            (Screen::ConfirmRestore, Action::Ok) => {
                self.restore_network();
                self.info("Restore Network", &["Network settings", "restored.", "", "Wi-Fi: not connected"]);
            }
            (Screen::ConfirmRestore, Action::Back | Action::Cancel) => self.printer.screen = Screen::Menu,
            (Screen::Attempt, Action::Cancel | Action::Back) => self.cancel_attempt(),
            (Screen::Result(Outcome::PinExpired), Action::Ok) => self.start_pin(),
            (Screen::Result(_), Action::Ok | Action::Back | Action::Cancel) => {
                self.printer.screen = Screen::Menu;
            }
            _ => {}
        }
    }

    fn choose(&mut self, entry: Entry) {
        match entry {
            Entry::Submenu(menu) => self.printer.cursor.enter(menu),
            Entry::PushButton => self.start_pbc(),
            Entry::Pin => self.start_pin(),
            Entry::WirelessOnOff => {
                self.printer.wireless_on = !self.printer.wireless_on;
                if !self.printer.wireless_on {
                    self.cancel_attempt();
                    self.disconnect();
                }
                let state = if self.printer.wireless_on { "On" } else { "Off" };
                self.info("Wireless", &[&format!("Wireless: {state}")]);
            }
            Entry::WirelessStatus => self.show_status(),
            Entry::NetworkReport => self.show_report(),
            Entry::RestoreNetwork => self.printer.screen = Screen::ConfirmRestore,
            Entry::About => {
                let mac = crate::wps::message::format_mac(&self.ids.printer_mac);
                self.info(
                    "About",
                    &[self.model.name, &format!("Model {}", self.model.model_number), "MAC address:", &mac],
                )
            }
            Entry::NotEmulated(what) => self
                .info(what, &[&format!("{what} is not part of"), "this Wi-Fi rehearsal.", "", "Press OK to go back."]),
        }
    }

    fn info(&mut self, title: &str, lines: &[&str]) {
        self.printer.screen =
            Screen::Info { title: title.into(), lines: lines.iter().map(|l| l.to_string()).collect(), scroll: 0 };
    }

    fn show_status(&mut self) {
        let lines: Vec<String> = match (&self.printer.link, self.printer.wireless_on) {
            (_, false) => vec!["Wireless: Off".into(), "Turn it on in".into(), "Settings > Wireless.".into()],
            (Link::Connected { ssid, .. }, true) => vec![
                "Connected".into(),
                format!("SSID: {ssid}"),
                format!("IP: {}", self.printer.ip_text().unwrap_or_default()),
                "Signal: good".into(),
            ],
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

    fn show_report(&mut self) {
        let lines = self.report_lines();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        self.info("Network Report", &refs);
    }

    fn start_pbc(&mut self) {
        if !self.printer.wireless_on {
            self.info("Push Button", &["Wireless is off.", "Turn it on in", "Settings > Wireless."]);
            return;
        }
        self.disconnect();
        let now = self.now;
        let walk = self.model.walk_time;
        self.pair.printer_mut().start_for(now, Password::PushButton, walk);
        self.printer.attempt = Some(Attempt { method: Method::PushButton, started: now, deadline: now + walk });
        self.printer.screen = Screen::Attempt;
        if self.scenario.neighbour_pushes {
            self.neighbour_pbc();
        }
    }

    fn start_pin(&mut self) {
        if !self.printer.wireless_on {
            self.info("PIN", &["Wireless is off.", "Turn it on in", "Settings > Wireless."]);
            return;
        }
        self.disconnect();
        let now = self.now;
        let pin = pin::generate(self.rng.rng());
        let validity = self.model.pin_validity;
        self.pair.printer_mut().start_for(now, Password::Pin(pin.as_bytes().to_vec()), validity);
        if let Some(mistake) = self.scenario.pin_mistake {
            self.router.pin_input = mistyped(pin.as_str(), mistake);
            self.router.selected = Control::Connect;
        }
        self.printer.attempt = Some(Attempt { method: Method::Pin(pin), started: now, deadline: now + validity });
        self.printer.screen = Screen::Attempt;
    }

    fn cancel_attempt(&mut self) {
        if self.printer.attempt.take().is_some() {
            self.pair.printer_mut().cancel();
            self.info("Wi-Fi Protected Setup", &["Cancelled."]);
        }
    }

    fn disconnect(&mut self) {
        if matches!(self.printer.link, Link::Connected { .. }) {
            self.printer.link = Link::NotConnected;
            let mac = self.ids.printer_mac;
            self.router.clients.retain(|c| c.mac != mac);
        }
    }

    fn restore_network(&mut self) {
        self.cancel_attempt();
        self.disconnect();
        self.printer.last_outcome = None;
        self.printer.wireless_on = true;
    }

    fn wifi_press(&mut self) {
        let now = self.now;
        match &mut self.printer.hold {
            Some(h) => h.last_seen = now,
            None => self.printer.hold = Some(Hold { started: now, last_seen: now, scripted: false, fired: false }),
        }
    }

    fn wifi_release(&mut self) {
        if let Some(h) = self.printer.hold.take()
            && !h.fired
            && self.model.has_screen
        {
            // A short press shows the wireless status, as printers with a screen do.
            self.show_status();
        }
    }

    fn advance_hold(&mut self) {
        let Some(h) = self.printer.hold else { return };
        let now = self.now;
        if !h.fired && now >= h.started + self.model.hold_time {
            self.printer.hold = if h.scripted { None } else { Some(Hold { fired: true, ..h }) };
            self.start_pbc();
            return;
        }
        if !h.scripted && !self.printer.release_events && now >= h.last_seen + REPEAT_GAP {
            self.wifi_release();
        }
    }

    /// The engine's result becomes what the printer shows and does.
    fn read_outcome(&mut self) {
        let Some(attempt) = &self.printer.attempt else { return };
        let Some(result) = self.pair.printer_outcome().cloned() else {
            return;
        };
        let is_pin = matches!(attempt.method, Method::Pin(_));
        self.printer.attempt = None;
        let outcome = match result {
            enrollee::Outcome::Connected(cred) => {
                // The printer joins with what M8 delivered; it works only if that is the real network.
                let key_ok = cred.network_key == self.setup.passphrase.as_bytes();
                if cred.ssid_text() == self.setup.ssid && key_ok {
                    let ip = [192, 168, 1, self.ids.printer_host];
                    self.printer.link = Link::Connected { ssid: cred.ssid_text(), ip };
                    let mac = self.ids.printer_mac;
                    self.router.clients.retain(|c| c.mac != mac);
                    self.router.clients.push(Client { name: self.model.name.into(), mac, ip });
                    Outcome::Connected { ssid: cred.ssid_text() }
                } else {
                    Outcome::Failed("could not join with the settings received".into())
                }
            }
            enrollee::Outcome::Failed { msg, config_error: ConfigError::DevPasswordAuthFailure, .. } => {
                Outcome::WrongPin { half: if matches!(msg, MsgType::M4 | MsgType::M5) { 1 } else { 2 } }
            }
            enrollee::Outcome::Failed { config_error, reason, .. } => {
                Outcome::Failed(reason.map(|r| r.text().to_string()).unwrap_or_else(|| config_error.to_string()))
            }
            enrollee::Outcome::Overlap => Outcome::Overlap,
            enrollee::Outcome::TimedOut if is_pin => Outcome::PinExpired,
            enrollee::Outcome::TimedOut => Outcome::Timeout,
            enrollee::Outcome::Cancelled => return,
        };
        self.printer.last_outcome = Some(outcome.clone());
        self.printer.screen = Screen::Result(outcome);
    }

    fn neighbour_pbc(&mut self) {
        let index = match self.pair.stations.len() {
            1 => {
                let config = models::neighbour_enrollee(&self.ids);
                self.pair.add_station(Enrollee::new(config, Box::new(self.rng.child())))
            }
            _ => 1,
        };
        let now = self.now;
        self.pair.stations[index].enrollee.start(now, Password::PushButton);
    }

    // --- the router --------------------------------------------------------------------

    fn router_push_button(&mut self) {
        if let Some(why) = self.setup.wps_unavailable() {
            self.router.notice(why, true);
            return;
        }
        match self.pair.registrar.push_button(self.now) {
            Ok(()) => {
                self.router.notice("Push-button mode: press the WPS button on the device within 2 minutes.", false)
            }
            Err(ButtonError::Overlap) => self.router.notice(
                "More than one device is in push-button mode (session overlap). Wait 2 minutes, then try again.",
                true,
            ),
        }
    }

    fn router_activate(&mut self) {
        match self.router.selected {
            Control::PushButton => self.router_push_button(),
            Control::PinField | Control::Connect => self.router_connect_pin(),
        }
    }

    fn router_connect_pin(&mut self) {
        if let Some(why) = self.setup.wps_unavailable() {
            self.router.notice(why, true);
            return;
        }
        match pin::check(&self.router.pin_input) {
            Err(e) => self.router.notice(format!("Invalid PIN: {e}. Nothing was sent."), true),
            Ok(p) => {
                self.pair.registrar.add_pin(self.now, p.as_bytes(), None, Some(ROUTER_PIN_TIME));
                self.router.notice(
                    format!("Waiting for the device with PIN {} (click within 2 minutes).", p.grouped()),
                    false,
                );
                self.router.status = Status::Active;
            }
        }
    }

    fn router_type(&mut self, c: char) {
        self.focus = Focus::Router;
        self.router.selected = Control::PinField;
        if (c.is_ascii_digit() || c == '-' || c == ' ') && self.router.pin_input.len() < 12 {
            self.router.pin_input.push(c);
        }
    }

    /// The page reads what the registrar reported since it last looked.
    fn read_router_log(&mut self) {
        let new: Vec<Event> = self.pair.log[self.router.log_read..]
            .iter()
            .filter(|e| e.who == Node::Router)
            .map(|e| e.event.clone())
            .collect();
        self.router.log_read = self.pair.log.len();
        for event in new {
            match &event {
                Event::Success => {
                    self.router.pin_input.clear();
                    self.router.notice("Adding wireless device: Succeeded. It is in the client list.", false)
                }
                Event::Timeout => {
                    self.router.notice("No device completed WPS within 2 minutes (Session Time-Out).", true)
                }
                Event::Fail { .. } | Event::OverlapDetected => {
                    if let Some(why) = event.explain() {
                        self.router.notice(why, true);
                    }
                }
                _ => {}
            }
            let status = match event {
                Event::PbcActive => Status::Active,
                Event::Success => Status::Success,
                Event::Fail { .. } => Status::Failed,
                Event::Timeout => Status::TimedOut,
                Event::OverlapDetected => Status::Overlap,
                _ => continue,
            };
            // An overlap is the reason of the failure that follows it; keep saying so.
            if !(self.router.status == Status::Overlap && status == Status::Failed) {
                self.router.status = status;
            }
        }
        if self.setup.wps_unavailable().is_some() {
            self.router.status = Status::Disabled;
        }
    }

    // --- keeping everything in step ----------------------------------------------------

    fn sync(&mut self) {
        let now = self.now;
        self.pair.advance_to(now);
        self.advance_hold();
        self.pair.advance_to(now);
        if let Some(a) = &self.printer.attempt
            && now >= a.deadline
        {
            self.pair.printer_mut().handle_timeout(now);
        }
        self.read_outcome();
        self.read_router_log();
        self.sync_leds();
    }

    fn sync_leds(&mut self) {
        let now = self.now;
        let blink = self.model.blink;
        let wifi = if !self.powered || !self.printer.wireless_on {
            Led::Off
        } else if self.printer.attempt.is_some() {
            match self.exchanging() {
                Some(_) => Led::blink(blink.exchange_half, now),
                None => Led::blink(blink.waiting_half, now),
            }
        } else if matches!(self.printer.link, Link::Connected { .. }) {
            Led::On
        } else {
            Led::Off
        };
        self.printer.leds.wifi.set(wifi);
        let attention = match &self.printer.screen {
            Screen::Result(o) if o.is_failure() => Led::blink(blink.attention_half, now),
            _ => Led::Off,
        };
        self.printer.leds.attention.set(attention);
        let registrar = &self.pair.registrar;
        // Blinking means "registering"; a printer only asking (M2D, no PIN here) lights nothing.
        let wps = if registrar.busy() && registrar.selected() {
            Led::blink(Duration::from_millis(500), now)
        } else if registrar.pbc_status() == PbcStatus::Overlap && registrar.pbc_deadline().is_some() {
            Led::blink(Duration::from_millis(150), now)
        } else if registrar.selected() {
            Led::On
        } else {
            Led::Off
        };
        self.router.wps_led.set(wps);
    }
}

/// When a countdown to `deadline` next shows a different whole second.
pub fn next_second(deadline: Time, now: Time) -> Option<Time> {
    let remaining = deadline.checked_sub(now)?;
    if remaining.is_zero() {
        return None;
    }
    let ms = remaining.as_millis() as u64;
    let shown = ms.div_ceil(1000);
    Some(now + Duration::from_millis(ms - (shown - 1) * 1000))
}

/// Whole seconds left, rounded up, as a countdown shows them.
pub fn seconds_left(deadline: Time, now: Time) -> u64 {
    (deadline.saturating_sub(now).as_millis() as u64).div_ceil(1000)
}

/// What a person typing the PIN at the router gets wrong, for the PIN-mistake scenarios.
pub fn mistyped(pin: &str, mistake: PinMistake) -> String {
    let mut digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 8 {
        return pin.to_string();
    }
    match mistake {
        PinMistake::Typo => digits[7] = (digits[7] + 1) % 10,
        PinMistake::WrongSecondHalf => {
            digits[4] = (digits[4] + 1) % 10;
            let seven = digits[..7].iter().fold(0, |acc, d| acc * 10 + d);
            digits[7] = pin::checksum(seven);
        }
    }
    let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
    format!("{}-{}", &text[..4], &text[4..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_boundaries() {
        let d = Duration::from_secs(90);
        assert_eq!(seconds_left(d, Duration::ZERO), 90);
        assert_eq!(next_second(d, Duration::ZERO), Some(Duration::from_secs(1)));
        assert_eq!(seconds_left(d, Duration::from_millis(1500)), 89);
        assert_eq!(next_second(d, Duration::from_millis(1500)), Some(Duration::from_secs(2)));
        assert_eq!(next_second(d, d), None);
    }
}
