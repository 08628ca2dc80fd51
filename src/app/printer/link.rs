//! The printer on the network: power, the Wi-Fi button and its timers, starting and ending a
//! WPS attempt, what the protocol reported, the join after it, and the lights that follow.

use super::{
    Attempt, FailReason, HOLD_STEP, Hold, JoinStep, Link, Method, Outcome, PasswordSource, Printer, REPEAT_GAP, Screen,
    Timer,
};
use crate::app::engine::Command;
use crate::app::led::Led;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::enrollee::Password;
use crate::wps::event::Event;
use crate::wps::pin;
use crate::wps::time::Time;

impl Printer {
    // --- power, the attempt, the network ------------------------------------------------

    pub(super) fn toggle_power(&mut self, out: &mut Vec<Command>) {
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
    pub(super) fn leave(&mut self, out: &mut Vec<Command>) {
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

    pub(super) fn start_pbc(&mut self, now: Time, out: &mut Vec<Command>) {
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

    pub(super) fn start_pin(&mut self, now: Time, out: &mut Vec<Command>) {
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

    pub(super) fn cancel_attempt(&mut self, out: &mut Vec<Command>) {
        if self.attempt.take().is_some() {
            out.push(Command::CancelWps);
            self.info("Wi-Fi Protected Setup", &["Cancelled."]);
        }
    }

    pub(super) fn disconnect(&mut self) {
        self.link = Link::NotConnected;
    }

    pub(super) fn restore_network(&mut self, out: &mut Vec<Command>) {
        self.cancel_attempt(out);
        out.push(Command::Forget);
        self.disconnect();
        self.known_ssid = None;
        self.last_outcome = None;
        self.wireless_on = true;
    }

    pub(super) fn wifi_press(&mut self, now: Time) {
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

    pub(super) fn wifi_release(&mut self) {
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
        self.credential_by = self.attempt.take().map(|a| a.method.kind());
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
            // The printer trying its remembered network again by itself (after a wrong key's
            // wait): it is connecting, and its Wi-Fi light blinks fast while it does.
            JoinEvent::SsidReenabled { .. } if self.attempt.is_none() => {
                self.link = Link::Joining { ssid, step: JoinStep::Connecting };
            }
            // A handshake that completed at the instant WPS started (the station has already
            // left for it) leaves the printer where WPS put it.
            JoinEvent::Connected { .. } if self.attempt.is_none() => {
                self.link = Link::Joining { ssid, step: JoinStep::ObtainingAddress };
            }
            JoinEvent::DhcpLease { ip, .. } => {
                self.link = Link::Connected { ssid: ssid.clone(), ip: *ip };
                // A retry that worked (the router's password set back) replaces the failure.
                let failure_shown = matches!(self.screen, Screen::Result(Outcome::WrongPassword(_)));
                if joining_on_screen || failure_shown {
                    self.finish(Outcome::Connected { ssid });
                }
            }
            // Said after each deauthentication that ends a handshake. The printer keeps trying
            // in the background; only the first failure takes the screen from the learner.
            JoinEvent::TempDisabled { auth_failures, .. } => {
                self.link = Link::NotConnected;
                let outcome = Outcome::WrongPassword(self.password_from);
                if *auth_failures == 1 || matches!(self.screen, Screen::Result(_)) {
                    self.finish(outcome);
                } else {
                    self.last_outcome = Some(outcome);
                }
            }
            JoinEvent::AuthenticationTimedOut { .. }
            | JoinEvent::AssociationTimedOut { .. }
            | JoinEvent::AssociationRejected { .. }
            | JoinEvent::ElementMismatch { .. }
            | JoinEvent::NetworkNotFound { .. }
            | JoinEvent::DhcpNoLease => {
                self.link = Link::NotConnected;
                let why = match event {
                    JoinEvent::DhcpNoLease => FailReason::NoAddress,
                    JoinEvent::AssociationRejected { .. } | JoinEvent::ElementMismatch { .. } => FailReason::Refused,
                    JoinEvent::NetworkNotFound { offered, .. } => FailReason::NotFound { offered: *offered },
                    _ => FailReason::NoAnswer,
                };
                // A remembered network lost in the background takes the screen, but not from
                // the WPS failure the learner is reading (wpa_supplicant goes back to its old
                // networks after a failed registration, and may not find them).
                let another_failure_shown = matches!(&self.screen, Screen::Result(o)
                    if o.is_failure() && !matches!(o, Outcome::Failed(FailReason::NotFound { .. })));
                if joining_on_screen || (self.known_ssid.is_some() && !another_failure_shown) {
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

    pub(super) fn finish(&mut self, outcome: Outcome) {
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
    pub fn poll_timeout(&self, now: Time) -> Option<Time> {
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
