//! What the router's page says after something happened: a value, worded when it is drawn.
//! The page decides its next notice by which one it shows now, never by its words, so a
//! sentence can be reworded without changing what the router does.

use std::time::Duration;

use crate::format::span;
use crate::sim::models::WpsBlocked;
use crate::wps::defs::{ConfigError, MsgType};
use crate::wps::pin::{Pin, PinError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// WPS cannot run with the router's settings (its button or Connect pressed anyway).
    Blocked(WpsBlocked),
    /// The PIN typed on the page is refused before anything is sent.
    InvalidPin(PinError),
    /// A PIN typed on the page is waiting for its device.
    WaitingForPin { pin: Pin, lasts: Duration },
    /// Push-button mode is on for the walk time.
    PushButtonMode { walk: Duration },
    /// Nothing completed within the walk time, or the PIN's time.
    TimedOut { walk: Duration },
    /// Two devices in push-button mode at once.
    Overlap { walk: Duration },
    /// The router's button refused: it still counts two devices in push-button mode.
    ButtonRefused { walk: Duration },
    /// The registration failed: the configuration error, at which message, and whether the
    /// page ended the PIN session with it.
    Failed { msg: MsgType, error: ConfigError, pin_session_ended: bool },
    /// M8 is through: the device received the network and is joining it.
    Joining,
    /// The device WPS brought is in the client list, under the name it gave itself.
    InClientList { name: String },
    /// The printer left the network (switched off, or its Wi-Fi turned off).
    Left,
    /// The printer that had left is back in the list.
    Back { name: String },
    /// New wireless settings saved; WPS can run with them, or why not.
    SettingsSaved(Option<WpsBlocked>),
}

impl Notice {
    /// Said in the page's error colour.
    pub fn is_error(&self) -> bool {
        match self {
            Notice::Blocked(_)
            | Notice::InvalidPin(_)
            | Notice::TimedOut { .. }
            | Notice::Overlap { .. }
            | Notice::ButtonRefused { .. }
            | Notice::Failed { .. }
            | Notice::SettingsSaved(Some(_)) => true,
            Notice::WaitingForPin { .. }
            | Notice::PushButtonMode { .. }
            | Notice::Joining
            | Notice::InClientList { .. }
            | Notice::Left
            | Notice::Back { .. }
            | Notice::SettingsSaved(None) => false,
        }
    }

    /// Whether the page says the printer is on the network (so its leaving is news).
    pub fn says_printer_is_listed(&self) -> bool {
        matches!(self, Notice::Joining | Notice::InClientList { .. } | Notice::Back { .. })
    }

    /// The page's words.
    pub fn text(&self) -> String {
        match self {
            Notice::Blocked(why) => why.to_string(),
            Notice::InvalidPin(e) => format!("Invalid PIN: {e}. Nothing was sent."),
            Notice::WaitingForPin { pin, lasts } => {
                format!("Waiting up to {} for the device with PIN {}.", span(*lasts), pin.grouped())
            }
            Notice::PushButtonMode { walk } => {
                format!("Push-button mode: press the WPS button on the device within {}.", span(*walk))
            }
            Notice::TimedOut { walk } => format!("No device completed WPS within {} (Session Time-Out).", span(*walk)),
            Notice::ButtonRefused { walk } => format!(
                "Push-button mode not started: two devices were seen pushing. Try again {} after they stop.",
                span(*walk)
            ),
            Notice::Overlap { walk } => format!(
                "Two devices pressed WPS at once; the router cannot tell which is yours. Wait {}, then try again.",
                span(*walk)
            ),
            // The printer erases a PIN that failed: the page says to show a new one (short
            // enough for the page's two notice rows).
            Notice::Failed { msg, error: ConfigError::DevPasswordAuthFailure, pin_session_ended: true } => {
                let which = match msg {
                    MsgType::M4 | MsgType::M5 => "The first half of the PIN",
                    MsgType::M6 | MsgType::M7 => "The last four digits",
                    _ => "The PIN",
                };
                format!("{which} did not match. Show a new PIN on the printer and type it.")
            }
            Notice::Failed { msg, error, .. } => match (error, msg) {
                (ConfigError::DevPasswordAuthFailure, MsgType::M4 | MsgType::M5) => {
                    "The first half of the PIN did not match: check the digits typed at the router.".to_string()
                }
                (ConfigError::DevPasswordAuthFailure, MsgType::M6 | MsgType::M7) => {
                    "The second half of the PIN did not match: check the last four digits.".to_string()
                }
                (ConfigError::DevPasswordAuthFailure, _) => "The PIN did not match.".to_string(),
                (error, _) => format!("The exchange stopped: {error}."),
            },
            Notice::Joining => "WPS done: the device received the Wi-Fi password and is joining.".into(),
            Notice::InClientList { name } => {
                format!("The new device is in the client list below, as {name} (the name it gave itself).")
            }
            Notice::Left => "The printer has left the network (switched off, or its Wi-Fi turned off).".into(),
            Notice::Back { name } => format!("The printer is back in the client list below, as {name}."),
            Notice::SettingsSaved(Some(why)) => format!("Settings saved. {why}"),
            Notice::SettingsSaved(None) => {
                "Settings saved. WPS is available: press its button (b) or type the printer's PIN.".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every notice's words, pinned here: rewording one fails this test and nothing else,
    /// since the router decides by the value it shows, never by these words.
    #[test]
    fn every_notice_in_the_pages_words() {
        let walk = Duration::from_secs(120);
        let pin = crate::wps::pin::check("1234-5670").expect("a valid PIN");
        let cases = [
            (Notice::Blocked(WpsBlocked::Wep), true, "WPS is disabled: WEP security is not allowed with WPS."),
            (
                Notice::InvalidPin(PinError::Length { digits: 5 }),
                true,
                "Invalid PIN: a PIN has 4 or 8 digits, this has 5. Nothing was sent.",
            ),
            (
                Notice::WaitingForPin { pin, lasts: walk },
                false,
                "Waiting up to 2 minutes for the device with PIN 1234-5670.",
            ),
            (
                Notice::PushButtonMode { walk },
                false,
                "Push-button mode: press the WPS button on the device within 2 minutes.",
            ),
            (
                Notice::TimedOut { walk: Duration::from_secs(90) },
                true,
                "No device completed WPS within 90 seconds (Session Time-Out).",
            ),
            (
                Notice::Overlap { walk },
                true,
                "Two devices pressed WPS at once; the router cannot tell which is yours. Wait 2 minutes, then try again.",
            ),
            (
                Notice::ButtonRefused { walk },
                true,
                "Push-button mode not started: two devices were seen pushing. Try again 2 minutes after they stop.",
            ),
            (
                Notice::Failed {
                    msg: MsgType::M6,
                    error: ConfigError::DevPasswordAuthFailure,
                    pin_session_ended: true,
                },
                true,
                "The last four digits did not match. Show a new PIN on the printer and type it.",
            ),
            (
                Notice::Failed { msg: MsgType::M2, error: ConfigError::DecryptionCrcFailure, pin_session_ended: false },
                true,
                "The exchange stopped: Decryption CRC Failure.",
            ),
            (Notice::Joining, false, "WPS done: the device received the Wi-Fi password and is joining."),
            (
                Notice::InClientList { name: "INKWELL-3C4D5E".into() },
                false,
                "The new device is in the client list below, as INKWELL-3C4D5E (the name it gave itself).",
            ),
            (Notice::Left, false, "The printer has left the network (switched off, or its Wi-Fi turned off)."),
            (Notice::Back { name: "INK".into() }, false, "The printer is back in the client list below, as INK."),
            (
                Notice::SettingsSaved(Some(WpsBlocked::SwitchedOff)),
                true,
                "Settings saved. The WPS function is currently set to disable.",
            ),
            (
                Notice::SettingsSaved(None),
                false,
                "Settings saved. WPS is available: press its button (b) or type the printer's PIN.",
            ),
        ];
        for (notice, error, words) in cases {
            assert_eq!(notice.text(), words, "{notice:?}");
            assert_eq!(notice.is_error(), error, "{notice:?}");
        }
    }
}
