//! The printer's buttons and screens: the menu, the setup wizard, the status and network
//! report pages, the printed page of a printer without a screen.

use super::{Hold, JoinStep, LCD_BODY_ROWS, Link, Outcome, PasswordSource, PrintedPage, Printer, Screen, Timer};
use crate::app::action::PrinterAction;
use crate::app::engine::Command;
use crate::app::menu::Entry;
use crate::wps::time::Time;

impl Printer {
    // --- buttons -----------------------------------------------------------------------

    /// A button pressed at `now`; what the printer asks of the protocol goes to `out`.
    pub fn press(&mut self, action: PrinterAction, now: Time, out: &mut Vec<Command>) {
        match action {
            PrinterAction::Info => self.print_report(now),
            PrinterAction::PinPage if self.model.has_screen() => self.print_report(now),
            PrinterAction::PinPage => {
                if self.powered {
                    self.print_pin_page(now, out);
                }
            }
            PrinterAction::Type(c) => {
                if self.powered && matches!(self.screen, Screen::WizardPassword { .. }) {
                    self.type_password(Some(c));
                }
                if self.powered
                    && let Screen::WizardName { typed } = &mut self.screen
                    && (' '..='~').contains(&c)
                    && typed.len() < 32
                {
                    typed.push(c);
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
            | PrinterAction::Touch(_) => {
                // A printer without a screen has no menu to move in, invisibly or not: of
                // these, only its Cancel button is on it.
                if self.model.has_screen() || action == PrinterAction::Cancel {
                    self.panel_button(action, now, out);
                }
            }
        }
    }

    pub(super) fn panel_button(&mut self, action: PrinterAction, now: Time, out: &mut Vec<Command>) {
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
                Some(entry) if entry == super::ENTER_NETWORK_NAME => {
                    self.screen = Screen::WizardName { typed: String::new() }
                }
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
                // One radio, one job: a WPS attempt still running (push button pressed before
                // the wizard was opened) ends here, or it would take the printer off the
                // network it is joining.
                if self.attempt.take().is_some() {
                    out.push(Command::CancelWps);
                }
                out.push(Command::JoinTyped { ssid: ssid.clone(), passphrase: typed.clone() });
                self.known_ssid = Some(ssid.clone());
                self.password_from = PasswordSource::Typed;
                self.link = Link::Joining { ssid, step: JoinStep::Connecting };
                self.screen = Screen::Joining;
            }
            (Screen::WizardName { typed }, A::Ok) if !typed.is_empty() => {
                self.screen =
                    Screen::WizardPassword { ssid: typed, typed: crate::wps::secret::Secret::new(String::new()) }
            }
            (Screen::WizardName { mut typed }, A::Back) => {
                typed.pop();
                self.screen = Screen::WizardName { typed };
            }
            (Screen::WizardName { .. }, A::Cancel) => self.start_wizard(),
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

    pub(super) fn choose(&mut self, entry: Entry, now: Time, out: &mut Vec<Command>) {
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
                let mac = self.mac;
                let number = format!("Model {}", self.model.model_number);
                self.info("About", &[self.model.name, &number, "MAC address:", &mac.to_string()]);
            }
            Entry::NotEmulated(what) => self
                .info(what, &[&format!("{what} is not part of"), "this Wi-Fi rehearsal.", "", "Press OK to go back."]),
        }
    }

    /// The wizard's first screen: the networks the printer hears (a hidden one is not among
    /// them, as on a real printer).
    pub(super) fn start_wizard(&mut self) {
        if !self.wireless_on {
            self.wireless_is_off("Setup Wizard");
            return;
        }
        // What the printer heard, then the way to a network it cannot list (a hidden one).
        let mut networks = self.visible_networks.clone();
        networks.push(super::ENTER_NETWORK_NAME.to_string());
        self.screen = Screen::WizardNetworks { networks, selected: 0 };
    }

    /// A character typed into the wizard's password (`None`: the last one deleted). WPA2's
    /// passwords are 8 to 63 printable characters.
    pub(super) fn type_password(&mut self, c: Option<char>) {
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
    pub(super) fn wireless_is_off(&mut self, title: &str) {
        let path = format!("{}.", self.model.wireless_path());
        self.info(title, &["Wireless is off.", "Turn it on in", &path]);
    }

    pub(super) fn info(&mut self, title: &str, lines: &[&str]) {
        self.screen =
            Screen::Info { title: title.into(), lines: lines.iter().map(|l| l.to_string()).collect(), scroll: 0 };
    }

    pub(super) fn show_status(&mut self) {
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
    pub(super) fn report_lines(&self) -> Vec<String> {
        let (status, ssid, ip) = match &self.link {
            Link::Connected { ssid, ip } => ("Connected", ssid.clone(), ip.to_string()),
            Link::Joining { ssid, .. } => ("Connecting", ssid.clone(), "-".into()),
            Link::NotConnected => ("Not connected", "-".into(), "-".into()),
        };
        vec![
            format!("Status: {status}"),
            format!("SSID: {ssid}"),
            format!("IP: {ip}"),
            format!("MAC: {}", self.mac),
            format!("Wireless: {}", if self.wireless_on { "On" } else { "Off" }),
            "Last WPS result:".to_string(),
            format!(" {}", self.last_result()),
        ]
    }

    pub(super) fn last_result(&self) -> String {
        self.last_outcome.as_ref().map(Outcome::report_line).unwrap_or_else(|| "None".into())
    }

    pub(super) fn show_report(&mut self) {
        let lines = self.report_lines();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        self.info("Network Report", &refs);
    }

    /// A printer without a screen prints its WPS PIN (device-facts: Wi-Fi and Info held
    /// together on some models) and waits for it in PIN mode, as one with a screen does
    /// while showing it. Its Wi-Fi light blinks slowly meanwhile.
    pub(super) fn print_pin_page(&mut self, now: Time, out: &mut Vec<Command>) {
        self.start_pin(now, out);
        let pin = match &self.attempt {
            Some(super::Attempt { method: super::Method::Pin(pin), .. }) => pin.clone(),
            _ => {
                // Wireless is off: the page says so instead.
                let lines = vec!["WPS PIN".to_string(), "Wireless is off:".into(), "no PIN.".into()];
                self.page = Some(PrintedPage { started: now, lines });
                return;
            }
        };
        let lines = vec![
            "WPS PIN".to_string(),
            format!("PIN: {}", pin.grouped()),
            format!("Valid for {}.", crate::format::span(self.model.pin_validity)),
            "Type it on the router's".into(),
            "WPS page (PIN).".into(),
        ];
        self.page = Some(PrintedPage { started: now, lines });
    }

    pub(super) fn print_report(&mut self, now: Time) {
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
}
