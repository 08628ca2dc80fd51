//! A registration run by an external registrar (a computer, over UPnP), with the router
//! relaying between it and the station, as hostapd's registrar does once its UPnP device
//! has subscribers (`ext_reg` in `wps_registrar.c`, WPS_PENDING in `eap_server_wsc.c`):
//!
//! - every station's M1 is given to the external registrars, whatever the router then does;
//! - a station the router has no password for hears M2D; once it acknowledges it, the router
//!   waits (sending nothing) up to [`EXTERNAL_WAIT`] for an external registrar's message for
//!   it, and sends that instead: from then on the station's messages go to the external
//!   registrar and its answers to the station, until WSC_Done or a NACK;
//! - an external registrar's message that comes early waits for its turn.
//!
//! The router's own run is untouched: with a PIN or the button for this station, it
//! registers the station itself and the external registrars only hear its M1.

use std::time::Duration;

use super::session::SessionState;
use super::{Registrar, Timer};
use crate::wps::defs::{MsgType, OpCode};
use crate::wps::error::{Message, ProtocolError};
use crate::wps::event::Event;
use crate::wps::message::{Mac, msg_type_of};
use crate::wps::time::Time;

/// How long the router waits for an external registrar before ending the session in
/// EAP-Failure (`eap_wsc_ext_reg_timeout`, 5 s).
pub const EXTERNAL_WAIT: Duration = Duration::from_secs(5);

impl Registrar {
    /// Whether external registrars listen (the UPnP device has subscribers).
    pub fn set_external_registrars(&mut self, listening: bool) {
        self.external_listening = listening;
    }

    /// A station's message for the external registrars: the station's address and the WSC
    /// message's body.
    pub fn poll_for_external(&mut self) -> Option<(Mac, Vec<u8>)> {
        self.for_external.pop_front()
    }

    /// An external registrar's message for station `to` (UPnP's PutWLANResponse): sent at
    /// once if the router is waiting for it, otherwise kept for the session's turn.
    pub fn from_external(&mut self, now: Time, to: Mac, body: &[u8]) -> Result<(), ProtocolError> {
        let Some(session) = self.sessions.get_mut(&to) else {
            return Err(ProtocolError::Unexpected { expected: &[], got: Message::EapFrom(to) });
        };
        session.from_external.push_back(body.to_vec());
        if matches!(session.state, SessionState::AwaitExternal) {
            self.pass_on(now, to);
        }
        Ok(())
    }

    /// The computer's side: a station's message as an external registrar receives it (a
    /// WLANEvent's body, no EAP around it). An M1 starts a new run for that station; the
    /// answers come out of [`Self::poll_wsc`], to go back as PutWLANResponse. This is the
    /// registrar wpa_supplicant's external registrar runs (`wps_er_sta_start`).
    pub fn handle_wsc(&mut self, now: Time, from: Mac, body: &[u8]) -> Result<(), ProtocolError> {
        let msg = msg_type_of(body);
        if msg == Some(MsgType::M1) {
            if let Some(old) = self.sessions.remove(&from) {
                self.release_session_pin(&old);
                self.events.push_back(Event::SessionEnded { mac: from });
            }
            let mut session = super::session::Session::new();
            session.bare = true;
            session.state = SessionState::ExpectM1;
            self.sessions.insert(from, session);
            self.events.push_back(Event::SessionStarted { mac: from });
        }
        if !self.sessions.get(&from).is_some_and(|s| s.bare) {
            return Err(ProtocolError::Unexpected {
                expected: &[Message::Wsc(MsgType::M1)],
                got: Message::EapFrom(from),
            });
        }
        let op = match msg {
            Some(MsgType::Done) => OpCode::Done,
            Some(MsgType::Ack) => OpCode::Ack,
            Some(MsgType::Nack) => OpCode::Nack,
            _ => OpCode::Msg,
        };
        self.on_payload(now, from, crate::wps::eap::EapPayload::Wsc { op, data: body.to_vec() })
    }

    /// A bare run's next message for its station: the station, the op-code and the body.
    pub fn poll_wsc(&mut self) -> Option<(Mac, OpCode, Vec<u8>)> {
        self.wsc_out.pop_front()
    }

    /// A computer's SetSelectedRegistrar: its Selected Registrar and Device Password ID are
    /// advertised with the router's own (Beacons, Probe Responses) until it withdraws them
    /// or the walk time passes (`upnp_er_set_selected_registrar`, 120 s).
    pub fn set_external_selection(&mut self, now: Time, message: &[u8]) -> Result<(), crate::wps::error::ParseError> {
        use crate::wps::attr::Attrs;
        use crate::wps::defs::{AttrType, DevicePasswordId};
        let attrs = Attrs::parse(message)?;
        let selected = attrs.get(AttrType::SelectedRegistrar).is_some() && attrs.u8(AttrType::SelectedRegistrar)? != 0;
        if selected {
            let id = match attrs.get(AttrType::DevicePasswordId) {
                Some(_) => DevicePasswordId::from_u16(attrs.u16(AttrType::DevicePasswordId)?),
                None => DevicePasswordId::Default,
            };
            self.external_selection = Some(id);
            self.timers.set(super::Timer::ExternalSelection, now + self.config.walk_time);
        } else {
            self.external_selection = None;
            self.timers.stop(super::Timer::ExternalSelection);
        }
        self.events.push_back(Event::ExternalSelection { selected, lapsed: false });
        Ok(())
    }

    pub(super) fn external_selection_lapsed(&mut self) {
        self.external_selection = None;
        self.events.push_back(Event::ExternalSelection { selected: false, lapsed: true });
    }

    /// A station's M1: the external registrars hear it too.
    pub(super) fn tell_external_m1(&mut self, from: Mac, body: &[u8]) {
        if self.external_listening {
            // By the station's address rather than the MAC inside M1, so the answer finds
            // its session (they are the same for every station seen).
            self.for_external.push_back((from, body.to_vec()));
            self.events.push_back(Event::ToExternal { mac: from, msg: Some(MsgType::M1) });
        }
    }

    /// The station acknowledged M2D: an external registrar may take over; without one
    /// listening the session ends.
    pub(super) fn after_m2d_ack(&mut self, now: Time, from: Mac) {
        if !self.external_listening {
            self.end_session(from);
            return;
        }
        self.await_external(now, from);
    }

    /// The station's answer to a relayed message: to the external registrars, then wait
    /// for theirs; WSC_Done or a NACK ends the session.
    pub(super) fn relay_answer(&mut self, now: Time, from: Mac, op: OpCode, body: Vec<u8>) {
        let msg = msg_type_of(&body);
        if op == OpCode::Ack {
            // After a relayed M2D: not passed on; the router waits again.
            self.await_external(now, from);
            return;
        }
        self.for_external.push_back((from, body));
        self.events.push_back(Event::ToExternal { mac: from, msg });
        match op {
            OpCode::Msg => self.await_external(now, from),
            OpCode::Done => {
                self.events.push_back(Event::ExternalDone { mac: from });
                self.end_session(from);
            }
            _ => self.end_session(from),
        }
    }

    fn await_external(&mut self, now: Time, mac: Mac) {
        let Some(session) = self.sessions.get_mut(&mac) else { return };
        session.state = SessionState::AwaitExternal;
        if session.from_external.is_empty() {
            self.events.push_back(Event::WaitingForExternal { mac });
            self.timers.set(Timer::Session(mac), now + EXTERNAL_WAIT);
        } else {
            self.pass_on(now, mac);
        }
    }

    /// The oldest message kept for the station goes to it as the session's next request.
    fn pass_on(&mut self, now: Time, mac: Mac) {
        let Some(body) = self.sessions.get_mut(&mac).and_then(|s| s.from_external.pop_front()) else { return };
        let msg = msg_type_of(&body);
        let op = match msg {
            Some(MsgType::Ack) => OpCode::Ack,
            Some(MsgType::Nack) => OpCode::Nack,
            _ => OpCode::Msg,
        };
        self.events.push_back(Event::FromExternal { mac, msg });
        self.request(mac, op, body, SessionState::Relaying);
        // Not through `handle_frame`, so its retransmission timer is set here.
        if let Some(session) = self.sessions.get_mut(&mac) {
            session.sent_new = false;
        }
        self.timers.set(Timer::Session(mac), now + super::RETRANSMIT_AFTER);
    }

    /// The wait ran out (the session's timer while it waits): EAP-Failure.
    pub(super) fn external_timed_out(&mut self, mac: Mac) {
        self.events.push_back(Event::ExternalTimeout { mac });
        self.end_session(mac);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wps::enrollee::{Enrollee, Outcome, Password};
    use crate::wps::testing::{machines, pass_frames};

    const PIN: &[u8] = b"12345670";

    /// A registrar elsewhere (the computer's): the relayed messages go to its bare run
    /// ([`Registrar::handle_wsc`]), its answers come back, as over UPnP.
    struct Computer {
        registrar: Registrar,
    }

    impl Computer {
        fn new(mut registrar: Registrar) -> Computer {
            registrar.add_pin(Time::ZERO, PIN, None, None);
            Computer { registrar }
        }

        fn hear(&mut self, now: Time, station: Mac, body: &[u8]) -> Option<Vec<u8>> {
            self.registrar.handle_wsc(now, station, body).ok()?;
            assert_eq!(self.registrar.poll_transmit(), None, "nothing on the air from the computer");
            self.registrar.poll_wsc().map(|(to, _, body)| {
                assert_eq!(to, station);
                body
            })
        }
    }

    /// Runs the printer, the router and (if any) the computer until the printer has an
    /// outcome and all is quiet; returns the router's and the computer's events.
    fn run(
        printer: &mut Enrollee,
        router: &mut Registrar,
        mut computer: Option<&mut Computer>,
    ) -> (Vec<Event>, Vec<Event>) {
        let mac = printer.config().mac;
        let (mut now, limit) = (Time::ZERO, Time::from_secs(180));
        let (mut said, mut computer_said) = (Vec::new(), Vec::new());
        while now <= limit {
            let mut moved = pass_frames(printer, router, now, &mut |_, _| false);
            while let Some((to, body)) = router.poll_for_external() {
                moved = true;
                assert_eq!(to, mac);
                if let Some(c) = computer.as_deref_mut()
                    && let Some(answer) = c.hear(now, to, &body)
                {
                    router.from_external(now, to, &answer).unwrap();
                }
            }
            said.extend(std::iter::from_fn(|| router.poll_event()));
            if let Some(c) = computer.as_deref_mut() {
                computer_said.extend(std::iter::from_fn(|| c.registrar.poll_event()));
            }
            if moved {
                now += Duration::from_millis(10);
                continue;
            }
            if printer.outcome().is_some() && router.poll_timeout().is_none() {
                break;
            }
            match [printer.poll_timeout(), router.poll_timeout()].into_iter().flatten().min() {
                Some(next) => now = now.max(next),
                None => break,
            }
            printer.handle_timeout(now);
            router.handle_timeout(now);
        }
        (said, computer_said)
    }

    /// The router has no PIN; the computer has the printer's. The router answers M1 with
    /// M2D, then relays the computer's M2 and everything after it: the printer connects with
    /// the computer's credential, and the router's log says what hostapd's says.
    #[test]
    fn the_computer_registers_the_printer_through_the_router() {
        let (mut printer, mut router) = machines(21);
        let (_, elsewhere) = machines(22);
        router.set_external_registrars(true);
        let mut computer = Computer::new(elsewhere);
        printer.start(Time::ZERO, Password::Pin(PIN.to_vec()));
        let (said, computer_said) = run(&mut printer, &mut router, Some(&mut computer));
        let Some(Outcome::Connected(credential)) = printer.outcome() else {
            panic!("{:?}\n{said:#?}", printer.outcome())
        };
        assert_eq!(credential.ssid, b"TestNet");
        let relayed: Vec<Option<MsgType>> =
            said.iter().filter_map(|e| if let Event::ToExternal { msg, .. } = e { Some(*msg) } else { None }).collect();
        let want = [MsgType::M1, MsgType::M3, MsgType::M5, MsgType::M7, MsgType::Done].map(Some);
        assert_eq!(relayed, want, "{said:#?}");
        assert!(said.contains(&Event::ExternalDone { mac: printer.config().mac }), "{said:#?}");
        assert!(!said.iter().any(|e| matches!(e, Event::RegSuccess { .. })), "the router did not register it itself");
        assert!(computer_said.iter().any(|e| matches!(e, Event::RegSuccess { .. })), "{computer_said:#?}");
        let eap = |e: &Event| {
            matches!(e, Event::EapStarted { .. } | Event::EapFailure { .. } | Event::EapProposedMethod { .. })
        };
        assert!(!computer_said.iter().any(eap), "the computer's run has no EAP: {computer_said:#?}");
    }

    /// The printer's PIN is not the one the computer was given: the computer's registrar
    /// finds the first half wrong and sends a NACK; the router relays it, the printer's NACK
    /// goes back, and the session ends. Nobody connects.
    #[test]
    fn a_wrong_pin_at_the_computer_fails_through_the_router() {
        let (mut printer, mut router) = machines(25);
        let (_, elsewhere) = machines(26);
        router.set_external_registrars(true);
        let mut computer = Computer::new(elsewhere);
        printer.start(Time::ZERO, Password::Pin(b"87654325".to_vec()));
        let (said, computer_said) = run(&mut printer, &mut router, Some(&mut computer));
        assert!(!matches!(printer.outcome(), Some(Outcome::Connected(_))), "{:?}", printer.outcome());
        assert!(said.iter().any(|e| matches!(e, Event::ToExternal { msg: Some(MsgType::Nack), .. })), "{said:#?}");
        let failed =
            computer_said.iter().any(|e| matches!(e, Event::Fail { config_error, .. } if config_error.to_u16() == 18));
        assert!(failed, "the computer says the PIN is wrong: {computer_said:#?}");
    }

    /// Nobody answers: after M2D and its ACK the router waits 5 s, then EAP-Failure; the
    /// printer tries again as after any "not yet".
    #[test]
    fn no_external_registrar_in_time_ends_the_round() {
        let (mut printer, mut router) = machines(23);
        router.set_external_registrars(true);
        printer.start(Time::ZERO, Password::Pin(PIN.to_vec()));
        let (said, _) = run(&mut printer, &mut router, None);
        let waits = said.iter().filter(|e| matches!(e, Event::WaitingForExternal { .. })).count();
        let timeouts = said.iter().filter(|e| matches!(e, Event::ExternalTimeout { .. })).count();
        assert!(waits >= 2 && waits == timeouts, "{said:#?}");
        assert!(matches!(printer.outcome(), Some(Outcome::TimedOut)), "{:?}", printer.outcome());
    }

    /// A computer's SetSelectedRegistrar is advertised with the router's own state, and goes
    /// when withdrawn or after the walk time.
    #[test]
    fn a_computers_selection_is_advertised_until_withdrawn_or_lapsed() {
        use crate::wps::attr::AttrWriter;
        use crate::wps::defs::{AttrType, DevicePasswordId};
        let (_, mut router) = machines(27);
        let selection = |on: u8, id: u16| {
            let mut w = AttrWriter::new();
            w.put_u8(AttrType::Version, 0x10)
                .put_u8(AttrType::SelectedRegistrar, on)
                .put_u16(AttrType::DevicePasswordId, id);
            w.finish()
        };
        assert!(!router.advertised().selected_registrar);
        router.set_external_selection(Time::ZERO, &selection(1, 4)).unwrap();
        let ad = router.advertised();
        assert!(ad.selected_registrar);
        assert_eq!(ad.device_password_id, Some(DevicePasswordId::PushButton));
        router.set_external_selection(Time::from_secs(1), &selection(0, 0)).unwrap();
        assert!(!router.advertised().selected_registrar, "withdrawn");
        router.set_external_selection(Time::from_secs(2), &selection(1, 0)).unwrap();
        assert_eq!(router.advertised().device_password_id, Some(DevicePasswordId::Default));
        router.handle_timeout(Time::from_secs(2) + Duration::from_secs(120));
        assert!(!router.advertised().selected_registrar, "lapsed after the walk time");
        let said: Vec<Event> = std::iter::from_fn(|| router.poll_event()).collect();
        assert_eq!(said.last(), Some(&Event::ExternalSelection { selected: false, lapsed: true }));
        assert!(router.set_external_selection(Time::ZERO, &[0x10, 0x41, 0, 9]).is_err(), "a cut attribute is refused");
    }

    /// Without external registrars listening, M2D's ACK ends the session at once and no
    /// message goes anywhere else: the router as before.
    #[test]
    fn without_external_registrars_nothing_is_relayed() {
        let (mut printer, mut router) = machines(24);
        printer.start(Time::ZERO, Password::Pin(PIN.to_vec()));
        let (said, _) = run(&mut printer, &mut router, None);
        assert!(!said.iter().any(|e| matches!(e, Event::ToExternal { .. } | Event::WaitingForExternal { .. })));
        assert!(said.iter().any(|e| matches!(e, Event::PinNeeded { .. })), "{said:#?}");
    }
}
