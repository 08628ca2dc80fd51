//! What the state machines report, printed in hostapd's and wpa_supplicant's words.

pub use super::defs::ErrorIndication;
use super::defs::{ConfigError, DevicePasswordId, MsgType};
use super::message::{Credential, Mac, Uuid};
use std::fmt;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A station's WSC message given to the external registrars (a computer over UPnP).
    ToExternal {
        mac: Mac,
        msg: Option<MsgType>,
    },
    /// The router waits for an external registrar's message for the station.
    WaitingForExternal {
        mac: Mac,
    },
    /// An external registrar's message sent to the station.
    FromExternal {
        mac: Mac,
        msg: Option<MsgType>,
    },
    /// No external registrar answered in time: the session ends in EAP-Failure.
    ExternalTimeout {
        mac: Mac,
    },
    /// The station said WSC_Done to an external registrar's run.
    ExternalDone {
        mac: Mac,
    },
    /// A computer selected the router for a registration (SetSelectedRegistrar), or that
    /// selection ended: withdrawn, or `lapsed` after the walk time.
    ExternalSelection {
        selected: bool,
        lapsed: bool,
    },
    PbcActive,
    PbcDisable,
    PinActive,
    /// The router's push-button walk time ran out (hostapd: a bare `WPS-TIMEOUT`).
    Timeout,
    /// The printer's attempt ran out (wpa_supplicant: `WPS-TIMEOUT Requested operation
    /// timed out`).
    StationTimeout,
    OverlapDetected,
    Success,
    Cancel,
    Fail {
        msg: MsgType,
        config_error: ConfigError,
        reason: Option<ErrorIndication>,
    },
    /// wpa_supplicant's bare `WPS-FAIL`: a push-button attempt that heard only "not yet"
    /// (M2D) and then EAP-Failure gives up; `config_error` is what the M2D said.
    GaveUp {
        config_error: ConfigError,
    },
    /// A message with the wrong nonce: hostapd and wpa_supplicant stop the run without a
    /// NACK (WPS_FAILURE: the registrar sends EAP-Failure, the enrollee nothing).
    ProcessingFailed {
        msg: MsgType,
    },
    /// The credential names another MAC address: wpa_supplicant logs it and uses the
    /// credential anyway (only a strict build refuses it).
    ForeignCredentialMac {
        mac: Mac,
    },
    M2d {
        dev_password_id: DevicePasswordId,
        config_error: u16,
    },
    PinNeeded {
        uuid_e: Uuid,
        mac: Mac,
        /// The enrollee as M1 described it, in hostapd's bracket (`DeviceInfo::hostapd_summary`).
        device: String,
    },
    RegSuccess {
        mac: Mac,
        uuid_e: Uuid,
    },
    CredReceived(Credential),
    /// A WPS probe request from an enrollee (hostapd's `WPS-ENROLLEE-SEEN`).
    EnrolleeSeen {
        mac: Mac,
        uuid_e: Uuid,
        primary_device_type: [u8; 8],
        config_methods: u16,
        device_password_id: DevicePasswordId,
        request_type: u8,
        device_name: String,
    },
    /// A PIN was typed at the registrar (`wps_registrar_add_pin`); it lasts `timeout` from now.
    PinAdded {
        timeout: Option<Duration>,
    },
    /// A PIN left the registrar's table; `remaining` are still in it.
    PinRemoved {
        why: PinRemoval,
        remaining: usize,
    },
    /// This side accepted `peer`'s message and answered with `sent` (M1..M8).
    Step {
        sent: MsgType,
        peer: Mac,
    },
    /// The registrar's EAP session with this station started (identity accepted, WSC_Start sent).
    SessionStarted {
        mac: Mac,
    },
    /// The registrar's EAP session with this station is over, however it ended.
    SessionEnded {
        mac: Mac,
    },
    /// The registrar heard no answer to its last request and sent it again (`attempt` of
    /// [`super::defs::MAX_RETRANSMITS`]); an `attempt` past that is the silence hostapd still
    /// counts and says before it gives up, with nothing sent.
    Retransmit {
        peer: Mac,
        attempt: u8,
    },
    /// The registrar sent its last request `MAX_RETRANSMITS` times more and still heard
    /// nothing: it gives the session up and the access point sends the station away
    /// (hostapd: `CTRL-EVENT-EAP-TIMEOUT-FAILURE`, then a deauthentication with reason 2,
    /// ieee802_1x.c).
    EapTimeoutFailure {
        mac: Mac,
    },
    /// The enrollee heard a request it had already answered, and sent the same answer again
    /// (its first answer was lost; RFC 3748 4.1).
    AnsweredAgain {
        peer: Mac,
    },
    /// The enrollee heard EAP-Failure mid-run ("not yet" after M2D, or the router gave up)
    /// and scans again while its walk time lasts.
    Rescan,
    // --- the EAP layer's own control-interface lines (eap_server.c, eap_peer/eap.c) -------
    /// The registrar's EAP state machine started for a station (its EAPOL-Start).
    EapStarted {
        mac: Mac,
    },
    /// A method proposed: by the registrar (Identity, vendor 0 method 1; then the WFA's
    /// expanded type, vendor 14122 method 254), or accepted by the enrollee (vendor 14122,
    /// vendor type 1).
    EapProposedMethod {
        vendor: u32,
        method: u32,
    },
    /// The registrar sent EAP-Failure: how every EAP-WSC run ends, a successful one too.
    EapFailure {
        mac: Mac,
    },
    /// The enrollee's EAP started: it heard the Identity request.
    EapPeerStarted,
    /// The enrollee selected EAP-WSC.
    EapMethodSelected,
    /// The enrollee heard EAP-Failure (wpa_supplicant's "EAP authentication failed", after a
    /// `WPS-SUCCESS` too: the line learners misread most).
    EapPeerFailure,
}

/// Why a PIN left the registrar's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinRemoval {
    /// Its time ran out before an enrollee used it.
    Expired,
    /// A registration with it succeeded.
    Used,
    /// A failed run revealed it (after M6, or a wildcard's second use): never reused.
    Invalidated,
    /// `WPS_CANCEL`.
    Cancelled,
}

impl Event {
    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Event::Fail { .. }
                | Event::Timeout
                | Event::StationTimeout
                | Event::OverlapDetected
                | Event::GaveUp { .. }
                | Event::ProcessingFailed { .. }
                // No computer answered: the round ended without a registration.
                | Event::ExternalTimeout { .. }
        )
    }

    /// A side sent something again because a frame was lost.
    pub fn is_retry(&self) -> bool {
        matches!(self, Event::Retransmit { .. } | Event::AnsweredAgain { .. })
    }

    /// A control-interface event (`WPS-...`), as `wpa_cli` and `hostapd_cli` show them.
    /// The others are state changes hostapd reports only in its debug log.
    pub fn is_ctrl_event(&self) -> bool {
        !matches!(
            self,
            Event::PinAdded { .. }
                | Event::PinRemoved { .. }
                | Event::Step { .. }
                | Event::SessionStarted { .. }
                | Event::SessionEnded { .. }
                | Event::Rescan
                | Event::AnsweredAgain { .. }
                | Event::ForeignCredentialMac { .. }
                | Event::ProcessingFailed { .. }
                | Event::ToExternal { .. }
                | Event::WaitingForExternal { .. }
                | Event::FromExternal { .. }
                | Event::ExternalTimeout { .. }
                | Event::ExternalDone { .. }
                | Event::ExternalSelection { .. }
        )
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // hostapd's debug lines (wps_registrar.c, eap_server_wsc.c).
            Event::ToExternal { msg, .. } => write!(
                f,
                "WPS: Sending received message (type {}) to external Registrar for processing",
                msg.map_or(-1, |m| i32::from(m.to_u16()))
            ),
            Event::WaitingForExternal { .. } => f.write_str("WPS: Wait for response from an external Registrar"),
            Event::FromExternal { .. } => f.write_str("WPS: Use pending message from UPnP"),
            Event::ExternalTimeout { .. } => f.write_str("EAP-WSC: Timeout while waiting for an External Registrar"),
            Event::ExternalDone { .. } => {
                f.write_str("WPS: Negotiation using external Registrar completed successfully")
            }
            Event::ExternalSelection { selected: true, .. } => {
                f.write_str("WPS: SetSelectedRegistrar: Selected Registrar set by an external Registrar")
            }
            Event::ExternalSelection { lapsed: false, .. } => {
                f.write_str("WPS: SetSelectedRegistrar: Disable Selected Registrar")
            }
            Event::ExternalSelection { .. } => {
                f.write_str("WPS: SetSelectedRegistrar timed out - disable Selected Registrar")
            }
            Event::PbcActive => f.write_str("WPS-PBC-ACTIVE"),
            Event::PbcDisable => f.write_str("WPS-PBC-DISABLE"),
            Event::PinActive => f.write_str("WPS-PIN-ACTIVE"),
            Event::Timeout => f.write_str("WPS-TIMEOUT"),
            Event::StationTimeout => f.write_str("WPS-TIMEOUT Requested operation timed out"),
            Event::GaveUp { .. } => f.write_str("WPS-FAIL"),
            Event::ProcessingFailed { msg } => write!(f, "EAP-WSC: WPS processing failed ({msg}: nonce mismatch)"),
            Event::ForeignCredentialMac { mac } => {
                write!(f, "WPS: MAC Address in the Credential ({}) does not match own address", mac)
            }
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
                write!(f, "WPS-M2D dev_password_id={} config_error={config_error}", dev_password_id.to_u16())
            }
            Event::PinNeeded { uuid_e, mac, device } => {
                write!(f, "WPS-PIN-NEEDED {} {} [{device}]", uuid_e, mac)
            }
            Event::EnrolleeSeen {
                mac,
                uuid_e,
                primary_device_type: p,
                config_methods,
                device_password_id,
                request_type,
                device_name,
            } => {
                write!(
                    f,
                    "WPS-ENROLLEE-SEEN {} {} {} 0x{config_methods:x} {} {request_type} [{device_name}]",
                    mac,
                    uuid_e,
                    super::dev_attr::device_type_text(p),
                    device_password_id.to_u16()
                )
            }
            Event::RegSuccess { mac, uuid_e } => {
                write!(f, "WPS-REG-SUCCESS {} {}", mac, uuid_e)
            }
            // wpa_supplicant adds the credential's bytes only with `wps_cred_processing` set;
            // by default the line is bare.
            Event::CredReceived(_) => f.write_str("WPS-CRED-RECEIVED"),
            // hostapd's debug lines for the same moments.
            Event::PinAdded { timeout } => {
                write!(f, "WPS: A new PIN configured (timeout={})", timeout.map_or(0, |t| t.as_secs()))
            }
            Event::PinRemoved { why: PinRemoval::Expired, .. } => f.write_str("WPS: Expired PIN"),
            Event::PinRemoved { why: PinRemoval::Used | PinRemoval::Invalidated, .. } => {
                f.write_str("WPS: Invalidated PIN")
            }
            Event::PinRemoved { why: PinRemoval::Cancelled, .. } => f.write_str("WPS: Cancel operation"),
            Event::Step { sent, .. } => write!(f, "WPS: Building Message {sent}"),
            Event::SessionStarted { mac } => write!(f, "EAP: session with {} started", mac),
            Event::SessionEnded { mac } => write!(f, "EAP: session with {} ended", mac),
            Event::Rescan => f.write_str("WPS: EAP-Failure received; scanning again"),
            // eap_server.c and eap_peer/eap.c: the state each enters.
            // hostapd's control-interface words (eap_server.c), the same at each resend.
            Event::Retransmit { peer, .. } => write!(f, "CTRL-EVENT-EAP-RETRANSMIT {peer}"),
            Event::EapTimeoutFailure { mac } => write!(f, "CTRL-EVENT-EAP-TIMEOUT-FAILURE {mac}"),
            Event::EapStarted { mac } => write!(f, "CTRL-EVENT-EAP-STARTED {mac}"),
            Event::EapProposedMethod { vendor, method } => {
                write!(f, "CTRL-EVENT-EAP-PROPOSED-METHOD vendor={vendor} method={method}")
            }
            Event::EapFailure { mac } => write!(f, "CTRL-EVENT-EAP-FAILURE {mac}"),
            Event::EapPeerStarted => f.write_str("CTRL-EVENT-EAP-STARTED EAP authentication started"),
            Event::EapMethodSelected => write!(
                f,
                "CTRL-EVENT-EAP-METHOD EAP vendor {} method {} (WSC) selected",
                super::defs::WFA_VENDOR,
                super::eap::WSC_VENDOR_TYPE
            ),
            Event::EapPeerFailure => f.write_str("CTRL-EVENT-EAP-FAILURE EAP authentication failed"),
            Event::AnsweredAgain { peer } => {
                write!(f, "EAP: duplicate request from {}: sending the last response again", peer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A typed device password id is printed as hostapd prints it: the number.
    #[test]
    fn device_password_ids_print_as_numbers() {
        // A relayed run's steps are neither failures nor control-interface lines.
        let mac = Mac([2, 0, 0, 0, 0, 1]);
        for step in [
            Event::ToExternal { mac, msg: Some(MsgType::M1) },
            Event::WaitingForExternal { mac },
            Event::FromExternal { mac, msg: None },
            Event::ExternalDone { mac },
            Event::ExternalSelection { selected: true, lapsed: false },
        ] {
            assert!(!step.is_failure() && !step.is_ctrl_event(), "{step}");
        }
        assert!(Event::ExternalTimeout { mac }.is_failure());
        let m2d = Event::M2d { dev_password_id: DevicePasswordId::PushButton, config_error: 12 };
        assert_eq!(m2d.to_string(), "WPS-M2D dev_password_id=4 config_error=12");
        let seen = Event::EnrolleeSeen {
            mac: Mac([2, 0, 0, 0, 0, 1]),
            uuid_e: Uuid([0; 16]),
            primary_device_type: [0, 3, 0, 0x50, 0xf2, 4, 0, 5],
            config_methods: 0x4488,
            device_password_id: DevicePasswordId::Unknown(9),
            request_type: 1,
            device_name: "Inkwell".into(),
        };
        assert!(seen.to_string().contains(" 0x4488 9 1 [Inkwell]"), "{seen}");
    }
}
