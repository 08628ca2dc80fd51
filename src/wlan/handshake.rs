//! The WPA2 4-way handshake (IEEE 802.11-2020 12.7.6), both sides, sans-IO.
//!
//! The router's [`Authenticator`] sends message 1 with its ANonce and resends it on
//! hostapd's schedule (100 ms, stretched to 1 s once the station acknowledged the first
//! message 1, then 1 s, four times in all) until a message 2 whose MIC checks arrives; a MIC that fails is what a wrong password looks like from the router
//! (`AP-STA-POSSIBLE-PSK-MISMATCH`). Then message 3 carries the group key wrapped under the
//! KEK, and message 4 closes. The printer's [`Supplicant`] answers; it has no timers of its
//! own: the router drives, and gives up with a deauthentication.

use std::collections::VecDeque;
use std::time::Duration;

use zeroize::Zeroizing;

use super::eapol_key::{KeyFrame, Message, info};
use super::keys::{self, NONCE_LEN, Nonce, PMK_LEN, Ptk};
use crate::wps::eap::EAPOL_VERSION_AP;
use crate::wps::entropy::Entropy;
use crate::wps::message::Mac;
use crate::wps::time::Time;
use crate::wps::timer::TimerTable;

/// wpa_supplicant's default EAPOL version.
const EAPOL_VERSION_STA: u8 = 1;
/// CCMP's key length, announced in messages 1 and 3.
const CCMP_KEY_LEN: u16 = 16;
/// The GTK key data encapsulation: OUI 00-0F-AC, type 1.
const GTK_KDE_HEADER: [u8; 4] = [0x00, 0x0f, 0xac, 0x01];
const GROUP_KEY_INDEX: u8 = 1;

/// When the router resends a message that got no good answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retries {
    /// After the first send (hostapd's `eapol_key_timeout_first`, 100 ms).
    pub first: Duration,
    /// After each later one (`eapol_key_timeout_subseq`, 1 s).
    pub later: Duration,
    /// Sends in all before giving up (`wpa_pairwise_update_count`, 4).
    pub sends: u32,
}

impl Default for Retries {
    fn default() -> Self {
        Retries { first: Duration::from_millis(100), later: Duration::from_secs(1), sends: 4 }
    }
}

impl Retries {
    /// hostapd's schedule, stretched so an answer crossing a slow emulated air (the panel's
    /// frames take 400 ms, to be followed by eye) is not taken for a lost one.
    pub fn for_air_time(air_time: Duration) -> Retries {
        let d = Retries::default();
        Retries { first: d.first.max(air_time * 3), later: d.later.max(air_time * 3), ..d }
    }
}

/// The two security elements of one join, whole: the router's own (its beacon's, carried
/// again in message 3) and the station's (its Association Request's, carried again in
/// message 2). Each end checks the other sent in the handshake what it had said before the
/// keys, so that no one between them could have talked them down to weaker security.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elements {
    pub router: Vec<u8>,
    pub station: Vec<u8>,
}

/// What the router's side reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthenticatorEvent {
    /// Message 2's MIC did not check: the printer derived its key from another password.
    PskMismatch,
    /// Message 2 checked but carried another element than the Association Request: hostapd
    /// logs "WPA IE from (Re)AssocReq did not match with msg 2/4" and deauthenticates with
    /// reason 2 (wpa_auth.c, PTKCALCNEGOTIATING).
    ElementMismatch,
    /// Message 4 checked: the pairwise key is in place.
    Completed,
    /// No good answer after every send: the router deauthenticates (reason 15).
    GaveUp,
}

enum AuthState {
    /// Message 1 sent (`PTKSTART`).
    Start,
    /// Message 3 sent (`PTKINITNEGOTIATING`).
    Negotiating {
        ptk: Box<Ptk>,
    },
    Done {
        ptk: Box<Ptk>,
    },
    Failed,
}

/// The router's side of one station's handshake.
pub struct Authenticator {
    aa: Mac,
    spa: Mac,
    pmk: Zeroizing<[u8; PMK_LEN]>,
    gtk: Zeroizing<[u8; 16]>,
    elements: Elements,
    anonce: Nonce,
    retries: Retries,
    /// The replay counter of the last frame sent, and those of this phase's earlier sends
    /// (an answer to any of them is accepted, as hostapd keeps a list).
    replay: u64,
    phase_counters: Vec<u64>,
    sends: u32,
    /// The first message 1 is out and its 100 ms timeout not stretched yet (hostapd's
    /// `pending_1_of_4_timeout`).
    first_message_1_pending: bool,
    timers: TimerTable<Timer>,
    state: AuthState,
    transmits: VecDeque<Vec<u8>>,
    events: VecDeque<AuthenticatorEvent>,
}

/// The Authenticator's timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// No answer to message 1 or 3 yet: send it again, or give up.
    Resend,
}

impl Authenticator {
    /// Starts the handshake right after the association: message 1 goes out now.
    #[allow(clippy::too_many_arguments)]
    pub fn start(
        now: Time,
        aa: Mac,
        spa: Mac,
        pmk: Zeroizing<[u8; PMK_LEN]>,
        gtk: Zeroizing<[u8; 16]>,
        elements: Elements,
        retries: Retries,
        entropy: &mut dyn Entropy,
    ) -> Authenticator {
        let mut anonce = [0u8; NONCE_LEN];
        entropy.fill(&mut anonce);
        let mut a = Authenticator {
            aa,
            spa,
            pmk,
            gtk,
            elements,
            anonce,
            retries,
            replay: 0,
            phase_counters: Vec::new(),
            sends: 0,
            first_message_1_pending: false,
            timers: TimerTable::default(),
            state: AuthState::Start,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        };
        a.send(now);
        a
    }

    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<AuthenticatorEvent> {
        self.events.pop_front()
    }

    pub fn poll_timeout(&self) -> Option<Time> {
        self.timers.next_timeout()
    }

    /// The temporal key, once the handshake completed.
    pub fn tk(&self) -> Option<&[u8; 16]> {
        match &self.state {
            AuthState::Done { ptk } => Some(&ptk.tk),
            _ => None,
        }
    }

    /// Message 1 or 3 again, with a fresh replay counter.
    fn send(&mut self, now: Time) {
        self.replay += 1;
        self.phase_counters.push(self.replay);
        let frame = match &self.state {
            AuthState::Start => KeyFrame::new(
                EAPOL_VERSION_AP,
                info::PAIRWISE | info::ACK,
                CCMP_KEY_LEN,
                self.replay,
                self.anonce,
                Vec::new(),
            ),
            AuthState::Negotiating { ptk, .. } => {
                let mut f = KeyFrame::new(
                    EAPOL_VERSION_AP,
                    info::PAIRWISE | info::INSTALL | info::ACK | info::MIC | info::SECURE | info::ENCRYPTED_KEY_DATA,
                    CCMP_KEY_LEN,
                    self.replay,
                    self.anonce,
                    keys::wrap(&ptk.kek, &message3_key_data(&self.elements.router, &self.gtk)),
                );
                f.mic = keys::mic(&ptk.kck, &f.bytes_for_mic());
                f
            }
            AuthState::Done { .. } | AuthState::Failed => return,
        };
        self.transmits.push_back(frame.to_bytes());
        self.sends += 1;
        self.first_message_1_pending = self.sends == 1 && matches!(self.state, AuthState::Start);
        let wait = if self.sends == 1 { self.retries.first } else { self.retries.later };
        self.timers.set(Timer::Resend, now + wait);
    }

    /// The station acknowledged a frame (802.11's ACK, the driver's TX status). While the
    /// first message 1 waits on its short timeout, the wait becomes 1 s from now: the
    /// station is there, and some stations change their SNonce with each message 1
    /// (wpa_auth.c, `wpa_auth_eapol_key_tx_status`).
    pub fn acknowledged(&mut self, now: Time) {
        if std::mem::take(&mut self.first_message_1_pending) {
            self.timers.set(Timer::Resend, now + self.retries.later);
        }
    }

    pub fn handle_timeout(&mut self, now: Time) {
        if !self.timers.is_expired(Timer::Resend, now) {
            return;
        }
        self.timers.stop(Timer::Resend);
        self.first_message_1_pending = false;
        if self.sends >= self.retries.sends {
            self.state = AuthState::Failed;
            self.events.push_back(AuthenticatorEvent::GaveUp);
        } else {
            self.send(now);
        }
    }

    /// An EAPOL-Key frame from the station. Frames that do not fit are dropped silently, as
    /// hostapd does (the retries carry on).
    pub fn handle_frame(&mut self, now: Time, bytes: &[u8]) {
        let Ok(frame) = KeyFrame::parse(bytes) else { return };
        if !self.phase_counters.contains(&frame.replay_counter) {
            return;
        }
        match (&self.state, frame.message()) {
            (AuthState::Start, Some(Message::Two)) => {
                let ptk = Ptk::derive(&self.pmk, &self.aa, &self.spa, &self.anonce, &frame.nonce);
                if !keys::mic_matches(&ptk.kck, &frame.bytes_for_mic(), &frame.mic) {
                    self.events.push_back(AuthenticatorEvent::PskMismatch);
                    return;
                }
                // The element must be the one the association asked for (wpa_compare_rsn_ie).
                if frame.data != self.elements.station {
                    self.state = AuthState::Failed;
                    self.timers.stop(Timer::Resend);
                    self.events.push_back(AuthenticatorEvent::ElementMismatch);
                    return;
                }
                self.state = AuthState::Negotiating { ptk: Box::new(ptk) };
                self.first_message_1_pending = false;
                self.sends = 0;
                self.phase_counters.clear();
                self.send(now);
            }
            (AuthState::Negotiating { ptk }, Some(Message::Four)) => {
                if !keys::mic_matches(&ptk.kck, &frame.bytes_for_mic(), &frame.mic) {
                    return;
                }
                let AuthState::Negotiating { ptk, .. } = std::mem::replace(&mut self.state, AuthState::Failed) else {
                    unreachable!("matched above")
                };
                self.state = AuthState::Done { ptk };
                self.timers.stop(Timer::Resend);
                self.events.push_back(AuthenticatorEvent::Completed);
            }
            _ => {}
        }
    }
}

/// Message 3's key data before wrapping: the router's RSN element, the GTK KDE, and the
/// padding (0xdd then zeros) that makes a multiple of 8 bytes.
fn message3_key_data(element: &[u8], gtk: &[u8; 16]) -> Zeroizing<Vec<u8>> {
    let mut d = Zeroizing::new(element.to_vec());
    d.push(0xdd);
    d.push((GTK_KDE_HEADER.len() + 2 + gtk.len()) as u8);
    d.extend_from_slice(&GTK_KDE_HEADER);
    d.extend_from_slice(&[GROUP_KEY_INDEX & 0x03, 0]);
    d.extend_from_slice(gtk);
    if !d.len().is_multiple_of(8) {
        d.push(0xdd);
        while !d.len().is_multiple_of(8) {
            d.push(0);
        }
    }
    d
}

/// The GTK out of message 3's unwrapped key data.
fn find_gtk(data: &[u8]) -> Option<[u8; 16]> {
    let mut rest = data;
    while rest.len() >= 2 {
        let (id, len) = (rest[0], usize::from(rest[1]));
        let body = rest.get(2..2 + len)?;
        if id == 0xdd && len == 22 && body[..4] == GTK_KDE_HEADER {
            return body[6..22].try_into().ok();
        }
        if id == 0xdd && len == 0 {
            break; // padding
        }
        rest = &rest[2 + len..];
    }
    None
}

/// What the printer's side reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SupplicantEvent {
    /// Message 3 checked and carried the group key: "Key negotiation completed".
    Completed,
    /// Message 3 checked but carried another element than the beacon: wpa_supplicant says
    /// "WPA: IE in 3/4 msg does not match with IE in Beacon/ProbeResp" and deauthenticates
    /// with reason 17 (wpa.c, `wpa_report_ie_mismatch`).
    ElementMismatch,
}

/// The printer's side of the handshake, for one association.
pub struct Supplicant {
    spa: Mac,
    aa: Mac,
    pmk: Zeroizing<[u8; PMK_LEN]>,
    elements: Elements,
    snonce: Nonce,
    /// The highest replay counter seen in a frame acted on.
    replay: Option<u64>,
    ptk: Option<Box<Ptk>>,
    gtk: Option<Zeroizing<[u8; 16]>>,
    transmits: VecDeque<Vec<u8>>,
    events: VecDeque<SupplicantEvent>,
}

impl Supplicant {
    pub fn new(
        spa: Mac,
        aa: Mac,
        pmk: Zeroizing<[u8; PMK_LEN]>,
        elements: Elements,
        entropy: &mut dyn Entropy,
    ) -> Supplicant {
        let mut snonce = [0u8; NONCE_LEN];
        entropy.fill(&mut snonce);
        Supplicant {
            spa,
            aa,
            pmk,
            elements,
            snonce,
            replay: None,
            ptk: None,
            gtk: None,
            transmits: VecDeque::new(),
            events: VecDeque::new(),
        }
    }

    pub fn poll_transmit(&mut self) -> Option<Vec<u8>> {
        self.transmits.pop_front()
    }

    pub fn poll_event(&mut self) -> Option<SupplicantEvent> {
        self.events.pop_front()
    }

    /// The temporal key, once message 3 checked.
    pub fn tk(&self) -> Option<&[u8; 16]> {
        self.gtk.as_ref().and(self.ptk.as_ref()).map(|p| &p.tk)
    }

    pub fn handle_frame(&mut self, bytes: &[u8]) {
        let Ok(frame) = KeyFrame::parse(bytes) else { return };
        if self.replay.is_some_and(|r| frame.replay_counter <= r) {
            return;
        }
        match frame.message() {
            Some(Message::One) if self.gtk.is_none() => {
                // Each message 1 is answered: the PTK follows its ANonce.
                let ptk = Ptk::derive(&self.pmk, &self.aa, &self.spa, &frame.nonce, &self.snonce);
                let mut reply = KeyFrame::new(
                    EAPOL_VERSION_STA,
                    info::PAIRWISE | info::MIC,
                    0,
                    frame.replay_counter,
                    self.snonce,
                    self.elements.station.clone(),
                );
                reply.mic = keys::mic(&ptk.kck, &reply.bytes_for_mic());
                self.replay = Some(frame.replay_counter);
                self.ptk = Some(Box::new(ptk));
                self.transmits.push_back(reply.to_bytes());
            }
            Some(Message::Three) => {
                let Some(ptk) = self.ptk.as_ref() else { return };
                if !keys::mic_matches(&ptk.kck, &frame.bytes_for_mic(), &frame.mic) {
                    return;
                }
                let Some(data) = keys::unwrap(&ptk.kek, &frame.data) else { return };
                // The first element must be the beacon's (wpa_supplicant_validate_ie).
                if !data.starts_with(&self.elements.router) {
                    self.events.push_back(SupplicantEvent::ElementMismatch);
                    return;
                }
                let Some(gtk) = find_gtk(&data) else { return };
                let mut reply = KeyFrame::new(
                    EAPOL_VERSION_STA,
                    info::PAIRWISE | info::MIC | info::SECURE,
                    0,
                    frame.replay_counter,
                    [0; NONCE_LEN],
                    Vec::new(),
                );
                reply.mic = keys::mic(&ptk.kck, &reply.bytes_for_mic());
                self.replay = Some(frame.replay_counter);
                self.transmits.push_back(reply.to_bytes());
                if self.gtk.is_none() {
                    self.events.push_back(SupplicantEvent::Completed);
                }
                self.gtk = Some(Zeroizing::new(gtk));
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wlan::rsn::{Offer, Rsn};
    use crate::wps::entropy::Csprng;

    const AA: Mac = Mac([2, 0, 0, 0, 0, 1]);
    const SPA: Mac = Mac([2, 0, 0, 0, 0, 2]);

    fn elements() -> Elements {
        Elements { router: Offer::Wpa2Psk.element().unwrap(), station: Rsn::printer() }
    }

    fn pair(router_password: &str, printer_password: &str) -> (Authenticator, Supplicant) {
        pair_with(router_password, printer_password, elements(), elements())
    }

    /// A pair where each end holds its own idea of the elements (what it heard before).
    fn pair_with(
        router_password: &str,
        printer_password: &str,
        router: Elements,
        printer: Elements,
    ) -> (Authenticator, Supplicant) {
        let mut rng = Csprng::from_seed(7);
        let auth = Authenticator::start(
            Time::ZERO,
            AA,
            SPA,
            keys::pmk(router_password.as_bytes(), b"HomeNet"),
            Zeroizing::new([0x55; 16]),
            router,
            Retries::default(),
            &mut rng,
        );
        let supp = Supplicant::new(SPA, AA, keys::pmk(printer_password.as_bytes(), b"HomeNet"), printer, &mut rng);
        (auth, supp)
    }

    /// The transition mode's router sends its own two-AKM element in message 3, and the
    /// printer checks it against that beacon's, not against its own.
    #[test]
    fn message_3_carries_the_routers_beacon_element() {
        let transition = Elements { router: Offer::Wpa2Wpa3.element().unwrap(), station: Rsn::printer() };
        let (mut auth, mut supp) = pair_with("maple-river-4821", "maple-river-4821", transition.clone(), transition);
        exchange(&mut auth, &mut supp, Time::ZERO, true);
        assert_eq!(auth.poll_event(), Some(AuthenticatorEvent::Completed));
        assert_eq!(supp.poll_event(), Some(SupplicantEvent::Completed));
    }

    /// Each end refuses a handshake whose element differs from what it heard before the
    /// keys: the router the Association Request's, the printer the beacon's.
    #[test]
    fn an_element_changed_on_the_way_is_refused_by_either_end() {
        let mut asked = Rsn::parse(&Rsn::printer()).unwrap();
        asked.capabilities = 0x0080; // what a station said in its Association Request
        let router_heard = Elements { station: asked.to_element(), ..elements() };
        let (mut auth, mut supp) = pair_with("maple-river-4821", "maple-river-4821", router_heard, elements());
        let seen = exchange(&mut auth, &mut supp, Time::ZERO, true);
        assert_eq!(seen, ["4-way 1/4", "4-way 2/4"]);
        assert_eq!(auth.poll_event(), Some(AuthenticatorEvent::ElementMismatch));
        assert_eq!(auth.poll_timeout(), None, "no message 1 again: the station is sent away");

        let printer_heard = Elements { router: Offer::Wpa2Wpa3.element().unwrap(), ..elements() };
        let (mut auth, mut supp) = pair_with("maple-river-4821", "maple-river-4821", elements(), printer_heard);
        let seen = exchange(&mut auth, &mut supp, Time::ZERO, true);
        assert_eq!(seen, ["4-way 1/4", "4-way 2/4", "4-way 3/4"]);
        assert_eq!(supp.poll_event(), Some(SupplicantEvent::ElementMismatch));
        assert!(supp.tk().is_none());
    }

    /// Passes frames both ways until neither side has anything to say; `acks`: the router
    /// hears the station's 802.11 acknowledgement of each frame it sends.
    fn exchange(auth: &mut Authenticator, supp: &mut Supplicant, now: Time, acks: bool) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let mut moved = false;
            while let Some(f) = auth.poll_transmit() {
                seen.push(KeyFrame::parse(&f).unwrap().to_string());
                if acks {
                    auth.acknowledged(now);
                }
                supp.handle_frame(&f);
                moved = true;
            }
            while let Some(f) = supp.poll_transmit() {
                seen.push(KeyFrame::parse(&f).unwrap().to_string());
                auth.handle_frame(now, &f);
                moved = true;
            }
            if !moved {
                return seen;
            }
        }
    }

    #[test]
    fn the_same_password_completes_in_four_messages_with_the_same_keys() {
        let (mut auth, mut supp) = pair("maple-river-4821", "maple-river-4821");
        let seen = exchange(&mut auth, &mut supp, Time::ZERO, true);
        assert_eq!(seen, ["4-way 1/4", "4-way 2/4", "4-way 3/4", "4-way 4/4"]);
        assert_eq!(auth.poll_event(), Some(AuthenticatorEvent::Completed));
        assert_eq!(supp.poll_event(), Some(SupplicantEvent::Completed));
        assert_eq!(auth.tk(), supp.tk());
        assert_eq!(supp.gtk.as_deref(), Some(&[0x55; 16]), "the group key crossed wrapped");
        assert_eq!(auth.poll_timeout(), None, "nothing left to resend");
    }

    /// Runs a handshake with a wrong password to the router's giving up: the times of each
    /// message 1 and of the giving up, and the mismatches the router saw.
    fn wrong_password_run(acks: bool) -> (Vec<Time>, Time, usize) {
        let (mut auth, mut supp) = pair("new-password-2026", "maple-river-4821");
        let mut now = Time::ZERO;
        let (mut sends, mut mismatches) = (Vec::new(), 0);
        loop {
            let seen = exchange(&mut auth, &mut supp, now, acks);
            assert!(seen.iter().all(|s| s == "4-way 1/4" || s == "4-way 2/4"), "never past message 2: {seen:?}");
            sends.extend(seen.iter().filter(|s| *s == "4-way 1/4").map(|_| now));
            while let Some(e) = auth.poll_event() {
                match e {
                    AuthenticatorEvent::PskMismatch => mismatches += 1,
                    AuthenticatorEvent::GaveUp => {
                        assert!(supp.tk().is_none());
                        return (sends, now, mismatches);
                    }
                    AuthenticatorEvent::Completed | AuthenticatorEvent::ElementMismatch => {
                        panic!("a wrong key must not pass its MIC")
                    }
                }
            }
            now = auth.poll_timeout().expect("the router resends or gives up");
            auth.handle_timeout(now);
        }
    }

    /// A station that is there acknowledges message 1, and hostapd stretches its first
    /// timeout to 1 s: message 1 at 0, 1, 2 and 3 s, and the router gives up at 4 s.
    #[test]
    fn a_changed_password_fails_at_message_2_and_the_router_gives_up_after_four_tries() {
        let (sends, gave_up, mismatches) = wrong_password_run(true);
        let ms = |t: &Time| t.as_millis();
        assert_eq!(sends.iter().map(ms).collect::<Vec<_>>(), [0, 1000, 2000, 3000]);
        assert_eq!(ms(&gave_up), 4000);
        assert_eq!(mismatches, 4, "one mismatch per message 1");
    }

    /// Without the acknowledgement (the station out of hearing), the first wait stays
    /// 100 ms: 0, 0.1, 1.1 and 2.1 s, giving up at 3.1 s.
    #[test]
    fn an_unacknowledged_message_1_is_sent_again_after_100_ms() {
        let (sends, gave_up, _) = wrong_password_run(false);
        let ms = |t: &Time| t.as_millis();
        assert_eq!(sends.iter().map(ms).collect::<Vec<_>>(), [0, 100, 1100, 2100]);
        assert_eq!(ms(&gave_up), 3100);
    }

    /// Message 3's first wait is 100 ms whatever the acknowledgement: only message 1's is
    /// stretched.
    #[test]
    fn message_3_keeps_its_short_first_timeout() {
        let (mut auth, mut supp) = pair("maple-river-4821", "maple-river-4821");
        let m1 = auth.poll_transmit().unwrap();
        auth.acknowledged(Time::ZERO);
        supp.handle_frame(&m1);
        let m2 = supp.poll_transmit().unwrap();
        auth.handle_frame(Duration::from_millis(5), &m2);
        assert_eq!(KeyFrame::parse(&auth.poll_transmit().unwrap()).unwrap().to_string(), "4-way 3/4");
        auth.acknowledged(Duration::from_millis(6));
        assert_eq!(auth.poll_timeout(), Some(Duration::from_millis(105)));
    }

    #[test]
    fn a_forged_message_3_is_ignored() {
        let (mut auth, mut supp) = pair("maple-river-4821", "maple-river-4821");
        let m1 = auth.poll_transmit().unwrap();
        supp.handle_frame(&m1);
        let m2 = supp.poll_transmit().unwrap();
        auth.handle_frame(Time::ZERO, &m2);
        let mut m3 = KeyFrame::parse(&auth.poll_transmit().unwrap()).unwrap();
        m3.data[0] ^= 1;
        supp.handle_frame(&m3.to_bytes());
        assert!(supp.poll_transmit().is_none(), "a MIC that fails gets no answer");
        assert!(supp.tk().is_none());
    }

    #[test]
    fn the_key_data_is_padded_and_the_gtk_found_again() {
        for offer in [Offer::Wpa2Psk, Offer::Wpa2Wpa3] {
            let element = offer.element().unwrap();
            let data = message3_key_data(&element, &[9; 16]);
            assert_eq!(data.len() % 8, 0);
            assert!(data.starts_with(&element));
            assert_eq!(find_gtk(&data), Some([9; 16]));
        }
    }
}
