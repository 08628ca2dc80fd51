//! What the engine reported, and the router's web page: the registration's and the join's
//! events become what the printer and the router show, the event log's lines with their
//! plain words, and commands for the engine; a web form goes the pane's own ways.

use std::collections::VecDeque;

use super::action::{Action, RouterAction, WebForm};
use super::engine::Command;
use super::printer::{self};
use super::{App, Msg, router};
use crate::sim::air::Node;
use crate::sim::models;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::event::Event;
use crate::wps::time::Time;

impl App {
    pub(super) fn on_engine(&mut self, seq: u64, side: Node, at: Time, event: Event, commands: &mut Vec<Command>) {
        let why = self.explain(side, &event);
        match side {
            // A credential starts the join; what it gives comes back as `Msg::Join`. An
            // attempt that ended otherwise sends the printer back to the network it knew.
            Node::PRINTER => {
                let attempting = self.printer.attempt.is_some();
                self.printer.on_engine(&event);
                if attempting && self.printer.attempt.is_none() && self.printer.powered && self.printer.wireless_on {
                    self.printer.rejoin(commands);
                }
            }
            // The page's own answer, at the same instant; what it sets off comes back in this
            // same update.
            Node::Router => self.router.on_engine(at, &event, commands),
            Node::Computer => {
                if let Some(window) = self.computer.as_mut() {
                    window.on_registrar(&event);
                }
            }
            Node::Station(_) => {}
        }
        // Besides hostapd's control-interface lines, the retries a weak signal causes: the
        // ladder shows the lost frame, the log says what each side did about it.
        if event.is_ctrl_event() || event.is_retry() || matches!(event, Event::ProcessingFailed { .. }) {
            // "Not yet" rounds repeat the same lines every few seconds: counted, not repeated.
            // hostapd flags an overlap at every push-button probe while two are seen.
            let repeating = matches!(
                event,
                Event::PinNeeded { .. }
                    | Event::M2d { .. }
                    | Event::OverlapDetected
                    | Event::EnrolleeSeen { .. }
                    | Event::EapStarted { .. }
                    | Event::EapProposedMethod { .. }
                    | Event::EapFailure { .. }
                    | Event::EapPeerStarted
                    | Event::EapMethodSelected
                    | Event::EapPeerFailure
            );
            self.log_line(seq, why, repeating);
        }
    }

    /// A form from the router's web page: the same router as the pane, by the same paths
    /// (the PIN goes through the page's field and Connect, as if typed).
    pub(super) fn on_web(&mut self, form: WebForm, commands: &mut Vec<Command>, inbox: &mut VecDeque<Msg>) {
        self.message = None;
        match form {
            WebForm::PushButton => {
                inbox.push_back(Action::Router(RouterAction::Select(router::Control::PushButton)).into());
                inbox.push_back(Action::Router(RouterAction::Activate).into());
            }
            WebForm::Pin(pin) => {
                self.router.pin_input =
                    pin.chars().filter(|c| c.is_ascii_digit() || *c == '-' || *c == ' ').take(12).collect();
                self.router.press(RouterAction::Connect, commands);
            }
            WebForm::Settings { security, hidden_ssid, wps_enabled } => {
                let setup = models::RouterSetup { security, hidden_ssid, wps_enabled, ..self.router.setup.clone() };
                self.router.apply_setup(setup, commands);
                self.hear_networks();
            }
            WebForm::LoginFailed(event) => commands.push(Command::AdminLog(event)),
        }
    }

    /// The join after WPS: the printer's display and the router's client list follow it.
    pub(super) fn on_join(&mut self, seq: u64, side: Node, event: JoinEvent) {
        match side {
            Node::PRINTER => self.printer.on_join(&event),
            Node::Router => self.router.on_join(&event, self.printer.mac),
            Node::Station(_) | Node::Computer => {}
        }
        if event.is_logged() {
            // A wrong password typed in the wizard is a typing mistake, not a password that
            // changed since: the printer knows where its password came from.
            let typed = self.printer.password_from == printer::PasswordSource::Typed;
            let why = match &event {
                JoinEvent::PskMayBeIncorrect if side == Node::PRINTER && typed => Some(
                    "The Wi-Fi password typed on the printer is not the router's: check it against the router's label and type it again, or use WPS.".into(),
                ),
                _ => crate::trace::explain::join(&event),
            };
            // The router says PSK-MISMATCH at each of its four tries.
            let repeating = matches!(event, JoinEvent::PossiblePskMismatch { .. });
            self.log_line(seq, why, repeating);
        }
    }

    /// Where the learner types the PIN: at the computer in its rehearsals.
    fn pin_at(&self) -> crate::trace::explain::PinAt {
        match self.computer {
            Some(_) => crate::trace::explain::PinAt::Computer,
            None => crate::trace::explain::PinAt::Router,
        }
    }

    /// Plain words for a failure. The printer's timeout in PIN mode is its PIN's own
    /// validity running out, not the walk time.
    pub(super) fn explain(&self, side: Node, event: &Event) -> Option<String> {
        // wpa_supplicant's "EAP authentication failed" after every run, a successful one too,
        // is the line learners misread most: it gets its words wherever it appears.
        if !event.is_failure() && !event.is_retry() && *event != Event::EapPeerFailure {
            return None;
        }
        let pin_shown = matches!(self.printer.attempt.as_ref().map(|a| &a.method), Some(printer::Method::Pin(_)));
        match (side, event) {
            (Node::PRINTER, Event::StationTimeout) if pin_shown => Some(format!(
                "The PIN's own time ran out ({} on this printer), so the printer stopped. Show a new PIN and type it {} sooner.",
                crate::format::mmss(self.model().pin_validity.as_secs()),
                self.pin_at().place()
            )),
            _ => crate::trace::explain::event_at(event, self.router.walk_time, self.pin_at()).map(|why| {
                match crate::trace::explain::message_number(event) {
                    Some(number) => format!("{why} {number}"),
                    None => why,
                }
            }),
        }
    }
}
