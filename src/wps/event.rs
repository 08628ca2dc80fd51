//! What the state machines report, printed in hostapd's and wpa_supplicant's words.

use super::defs::{ConfigError, MsgType};
use super::message::{Credential, Mac, Uuid, format_mac, format_uuid};
use std::fmt;

/// A sub-reason hostapd adds to some failures (`wps_ei_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorIndication {
    TkipOnlyProhibited = 1,
    WepProhibited = 2,
    AuthenticationFailure = 3,
}

impl ErrorIndication {
    pub fn text(self) -> &'static str {
        match self {
            ErrorIndication::TkipOnlyProhibited => "TKIP Only Prohibited",
            ErrorIndication::WepProhibited => "WEP Prohibited",
            ErrorIndication::AuthenticationFailure => "Authentication Failure",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    PbcActive,
    PbcDisable,
    PinActive,
    Timeout,
    OverlapDetected,
    Success,
    Cancel,
    Fail { msg: MsgType, config_error: ConfigError, reason: Option<ErrorIndication> },
    M2d { dev_password_id: u16, config_error: u16 },
    PinNeeded { uuid_e: Uuid, mac: Mac, device_name: String },
    RegSuccess { mac: Mac, uuid_e: Uuid },
    CredReceived(Credential),
}

impl Event {
    pub fn is_failure(&self) -> bool {
        matches!(self, Event::Fail { .. } | Event::Timeout | Event::OverlapDetected)
    }

    /// A sentence for a person who has never heard of WPS.
    pub fn explain(&self) -> Option<String> {
        Some(match self {
            Event::Fail { msg, config_error: ConfigError::DevPasswordAuthFailure, .. } => match msg {
                MsgType::M4 | MsgType::M5 => "The first half of the PIN did not match: check the digits typed at the router.".into(),
                MsgType::M6 | MsgType::M7 => "The second half of the PIN did not match: check the last four digits.".into(),
                _ => "The PIN did not match.".into(),
            },
            Event::Fail { config_error: ConfigError::MultiplePbcDetected, .. } | Event::OverlapDetected => {
                "Two devices pressed WPS at once; the router cannot tell which is yours. Wait 2 minutes, then try again.".into()
            }
            Event::Fail { reason: Some(ErrorIndication::WepProhibited), .. } => {
                "The router offered WEP, which WPS 2.0 refuses. Switch the router to WPA2.".into()
            }
            Event::Fail { config_error, .. } => format!("The exchange stopped: {config_error}."),
            Event::Timeout => "Nothing completed within the 2-minute walk time.".into(),
            Event::PinNeeded { .. } => "The printer asked to join; enter the PIN shown on the printer at the router.".into(),
            Event::M2d { config_error: 12, .. } => "The router saw more than one device in push-button mode.".into(),
            Event::M2d { .. } => "The router is not ready for this device yet (no PIN or button there).".into(),
            _ => return None,
        })
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Event::PbcActive => f.write_str("WPS-PBC-ACTIVE"),
            Event::PbcDisable => f.write_str("WPS-PBC-DISABLE"),
            Event::PinActive => f.write_str("WPS-PIN-ACTIVE"),
            Event::Timeout => f.write_str("WPS-TIMEOUT"),
            Event::OverlapDetected => f.write_str("WPS-OVERLAP-DETECTED"),
            Event::Success => f.write_str("WPS-SUCCESS"),
            Event::Cancel => f.write_str("WPS-CANCEL"),
            Event::Fail { msg, config_error, reason } => {
                write!(f, "WPS-FAIL msg={} config_error={}", msg.to_u16(), config_error.to_u16())?;
                if let Some(r) = reason {
                    write!(f, " reason={} ({})", *r as u8, r.text())?;
                }
                Ok(())
            }
            Event::M2d { dev_password_id, config_error } => {
                write!(f, "WPS-M2D dev_password_id={dev_password_id} config_error={config_error}")
            }
            Event::PinNeeded { uuid_e, mac, device_name } => {
                write!(f, "WPS-PIN-NEEDED {} {} [{device_name}]", format_uuid(uuid_e), format_mac(mac))
            }
            Event::RegSuccess { mac, uuid_e } => {
                write!(f, "WPS-REG-SUCCESS {} {}", format_mac(mac), format_uuid(uuid_e))
            }
            Event::CredReceived(c) => write!(f, "WPS-CRED-RECEIVED {}", hex::encode(c.emit())),
        }
    }
}
