//! Plain words for people who have never heard of WPS: what an engine event means and
//! what to do about it. The protocol reports in hostapd's words; this says why.

use std::time::Duration;

use crate::format::{span, span_adjective};
use crate::sim::air::Report;
use crate::wlan::event::Event as JoinEvent;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::event::{ErrorIndication, Event};

/// Plain words for any report: the registration's or the join's. `walk` is the router's
/// walk time, said in the sentences about it.
pub fn report(report: &Report, walk: Duration) -> Option<String> {
    match report {
        Report::Wps(e) => event(e, walk),
        Report::Join(e) => join(e),
        Report::Admin(e) => admin(e),
        Report::Upnp(_) | Report::Computer(_) => None,
    }
}

/// Plain words for what the router's UPnP device refused.
pub fn upnp(event: &crate::upnp::device::UpnpEvent) -> Option<String> {
    use crate::upnp::device::UpnpEvent;
    match event {
        UpnpEvent::Refused { action, .. } if action == "GetDeviceInfo" => Some(
            "The router refused to describe itself to the computer: with its own PIN (AP PIN) switched off, it lets no computer add devices through it.".into(),
        ),
        UpnpEvent::Refused { action, .. } => Some(format!("The router refused the computer's {action}.")),
        _ => None,
    }
}

/// Plain words for what the computer's "Add a device" met. The computer cannot see why
/// nothing answered its search; the words say what can cause it.
pub fn computer(event: &crate::upnp::computer::ComputerEvent) -> Option<String> {
    use crate::upnp::computer::ComputerEvent;
    match event {
        ComputerEvent::SearchEnded { routers: 0 } => Some(
            "Nothing answered the computer's search (SSDP): the router's UPnP may be off, or the computer is not on the router's own network (a guest network is kept apart).".into(),
        ),
        ComputerEvent::RouterRemoved { goodbye: true, .. } => Some(
            "The router said goodbye on the network (ssdp:byebye): its UPnP was switched off, so the computer no longer follows it.".into(),
        ),
        ComputerEvent::RouterRemoved { goodbye: false, .. } => Some(
            "The router no longer knew the computer's subscription when it was renewed: the computer stops following it until it searches again.".into(),
        ),
        ComputerEvent::RequestFailed { what: "GetDeviceInfo", .. } => Some(
            "The router answered the search but would not tell the computer its WPS details: it lets no computer add devices without its own PIN (AP PIN) on.".into(),
        ),
        ComputerEvent::RequestFailed { what, .. } => Some(format!("The computer's request to the router failed ({what}).")),
        _ => None,
    }
}

/// Plain words for what the router's admin page logged.
pub fn admin(event: &crate::sim::air::AdminEvent) -> Option<String> {
    use crate::sim::air::AdminEvent;
    Some(match event {
        AdminEvent::LoginFailed { wait: None, .. } => {
            "Someone typed a wrong admin password on the router's page. The password is on the router's label.".into()
        }
        AdminEvent::LoginFailed { wait: Some(w), .. } => format!(
            "Too many wrong admin passwords in a row: the router's page makes the next try wait {} s, as routers do against guessing.",
            w.as_secs()
        ),
    })
}

/// A sentence for what goes wrong, or needs saying, in the join after WPS.
pub fn join(event: &JoinEvent) -> Option<String> {
    Some(match event {
        JoinEvent::PossiblePskMismatch { .. } => {
            "The printer's key does not match the router's Wi-Fi password: it was set up with another password.".into()
        }
        JoinEvent::PskMayBeIncorrect => {
            "The Wi-Fi password the printer remembers is not the router's any more. Run WPS again to give it the new one.".into()
        }
        JoinEvent::TempDisabled { duration_secs, .. } => format!(
            "The printer leaves this network alone for {duration_secs} s, then tries the same password again; the waits grow (10, 20, 30, 60 s, up to 5 minutes) and every try fails the same way until the passwords match."
        ),
        JoinEvent::SsidReenabled { .. } => "The wait is over: the printer tries the same password again.".into(),
        JoinEvent::AuthenticationTimedOut { .. } => "The router did not answer the printer: its radio tried three times, 200 ms apart, then gave up.".into(),
        JoinEvent::AssociationTimedOut { .. } => "The router did not answer the printer's request to join: its radio tried three times, then gave up.".into(),
        JoinEvent::NetworkNotFound { ssid, offered: Some(offer) } => format!(
            "The router's network \"{}\" now uses {}. The printer was set up for WPA2-Personal (AES) and joins nothing weaker or different, so it does not even try. Set the router back to WPA2 (or WPA2/WPA3): the printer joins by itself when it hears it.",
            crate::text::printable(ssid),
            offer.name()
        ),
        JoinEvent::NetworkNotFound { ssid, offered: None } => format!(
            "The printer hears no network named \"{}\": the router's network name changed, or the printer is out of range. Give it the new name by WPS or the setup wizard.",
            crate::text::printable(ssid)
        ),
        JoinEvent::ElementMismatch { .. } | JoinEvent::StaElementMismatch { .. } => "The security element in the 4-way handshake was not the one sent before it. Each side checks this so no one between them can talk them down to weaker security: the join is refused.".into(),
        JoinEvent::AssociationRejected { .. } => {
            "The router refused the printer: its security is not WPA2-Personal (AES), which the printer asked for.".into()
        }
        JoinEvent::DhcpNoLease => "The router gave the printer no IP address.".into(),
        JoinEvent::ReplayDropped { .. } => "The same encrypted frame arrived again, with a packet number already used: it was dropped unread. This is CCMP's replay protection: a frame someone recorded cannot be played back to repeat what it said.".into(),
        _ => return None,
    })
}

/// Where the PIN is typed: the router's page, or a computer's "Add a device" window (the
/// registrar that proves it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinAt {
    Router,
    Computer,
}

impl PinAt {
    /// "at the router", "at the computer".
    pub fn place(self) -> &'static str {
        match self {
            PinAt::Router => "at the router",
            PinAt::Computer => "at the computer",
        }
    }
}

/// A sentence for a failure or a request, or nothing for events that need none.
pub fn event(event: &Event, walk: Duration) -> Option<String> {
    event_at(event, walk, PinAt::Router)
}

/// [`event`], with the PIN typed `at` a registrar of the learner's choosing.
pub fn event_at(event: &Event, walk: Duration, at: PinAt) -> Option<String> {
    Some(match event {
        Event::Fail { msg, config_error: ConfigError::DevPasswordAuthFailure, .. } => match msg {
            MsgType::M4 | MsgType::M5 => {
                format!("The first half of the PIN did not match: check the digits typed {}.", at.place())
            }
            MsgType::M6 | MsgType::M7 => "The second half of the PIN did not match: check the last four digits.".into(),
            _ => "The PIN did not match.".into(),
        },
        Event::Fail { config_error: ConfigError::MultiplePbcDetected, .. }
        | Event::OverlapDetected
        | Event::GaveUp { config_error: ConfigError::MultiplePbcDetected } => format!(
            "Two devices pressed WPS at once; the router cannot tell which is yours. Wait {}, then try again.",
            span(walk)
        ),
        Event::Fail { reason: Some(ErrorIndication::WepProhibited), .. } => {
            "The router offered WEP, which WPS 2.0 refuses. Switch the router to WPA2.".into()
        }
        Event::Fail { config_error, .. } => format!("The exchange stopped: {config_error}."),
        Event::Timeout | Event::StationTimeout => {
            format!("Nothing completed within the {} walk time.", span_adjective(walk))
        }
        Event::ProcessingFailed { .. } => {
            "A message carried the wrong nonce, so it did not belong to this exchange; the run stopped without a NACK.".into()
        }
        Event::GaveUp { .. } => {
            "The router was not ready for push button, so the printer stopped. Press the router's WPS button, then the printer's.".into()
        }
        Event::PinNeeded { .. } => format!("The printer asked to join; enter the PIN shown on the printer {}.", at.place()),
        Event::M2d { config_error: 12, .. } => "The router saw more than one device in push-button mode.".into(),
        Event::M2d { .. } => "The router is not ready for this device yet (no PIN or button there).".into(),
        Event::Retransmit { attempt, .. } if *attempt > crate::wps::defs::MAX_RETRANSMITS => {
            "Still no answer after the last resend: the router counts it and stops sending.".into()
        }
        Event::Retransmit { attempt, .. } => format!(
            "No answer for 5 seconds, so the router sent its last message again (resend {attempt} of {}): a frame was lost.",
            crate::wps::defs::MAX_RETRANSMITS
        ),
        Event::EapTimeoutFailure { .. } => "No answer to the same message sent three times over 15 seconds: the router gave up on the printer's WPS session and sent it away (deauthentication, reason 2). The printer can start again.".into(),
        Event::EapPeerFailure => "Normal: every EAP-WSC run ends in EAP-Failure, a successful one too; the WPS line before it says how it went.".into(),
        Event::AnsweredAgain { .. } => {
            "The router asked the same again: the printer's answer was lost, so it sent the same answer again.".into()
        }
        _ => return None,
    })
}

/// What a wrong PIN's `WPS-FAIL msg=N` number is: the log shows hostapd's numbers, the
/// ladder shows M4 and M6.
pub fn message_number(event: &Event) -> Option<String> {
    match event {
        Event::Fail { msg, config_error: ConfigError::DevPasswordAuthFailure, .. } => {
            Some(format!("(msg={} is {msg}.)", msg.to_u16()))
        }
        _ => None,
    }
}
