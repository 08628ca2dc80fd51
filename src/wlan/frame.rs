//! 802.11 frames of the join: the management frames (Authentication, Association,
//! Deauthentication) and the MAC header of data frames, whose fields CCMP protects. The
//! capture file and CCMP both build headers here, so what is sealed is what is written.

use std::fmt;

use crate::wps::message::Mac;
use crate::wps::probe::{association_request_attrs, wps_elements};

pub const BROADCAST: Mac = Mac([0xff; 6]);
/// Capability Information: ESS, Privacy, Short Slot Time.
const CAPABILITY: u16 = 0x0411;
const SUPPORTED_RATES: [u8; 8] = [0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24];
/// Data frame, frame control byte 0 (type 2, subtype 0).
const DATA: u8 = 0x08;
pub const TO_DS: u8 = 0x01;
pub const FROM_DS: u8 = 0x02;
pub const PROTECTED: u8 = 0x40;

/// 802.11 status codes the join uses.
pub mod status {
    pub const SUCCESS: u16 = 0;
    /// hostapd's answer to a name it does not serve (`check_ssid`, ieee802_11.c).
    pub const UNSPECIFIED_FAILURE: u16 = 1;

    /// What a status code means, in plain words, for the ones the join uses.
    pub fn meaning(code: u16) -> String {
        match code {
            SUCCESS => "success".into(),
            UNSPECIFIED_FAILURE => {
                "refused (unspecified failure): the router does not serve the network name asked for".into()
            }
            INVALID_IE => "refused (invalid element): the network has no WPA2 (RSN) for the station to ask for".into(),
            GROUP_CIPHER_NOT_VALID => {
                "refused (group cipher not valid): the station asked for another group cipher than the network's".into()
            }
            PAIRWISE_CIPHER_NOT_VALID => {
                "refused (pairwise cipher not valid): the station and the network have no cipher in common".into()
            }
            AKMP_NOT_VALID => "refused (AKM not valid): the network takes WPA3 (SAE) only, not a WPA2 password".into(),
            ROBUST_MGMT_FRAME_POLICY_VIOLATION => {
                "refused: the network requires protected management frames, which the station did not offer".into()
            }
            other => format!("refused, status code {other}"),
        }
    }
    /// An unreadable RSN element, or one where the network has none (hostapd `wpa=1`).
    pub const INVALID_IE: u16 = 40;
    /// Another group cipher than the network's.
    pub const GROUP_CIPHER_NOT_VALID: u16 = 41;
    /// No pairwise cipher in common.
    pub const PAIRWISE_CIPHER_NOT_VALID: u16 = 42;
    /// A key management the network does not take (PSK at a SAE-only network).
    pub const AKMP_NOT_VALID: u16 = 43;
    /// Management frame protection required, and the station not capable of it.
    pub const ROBUST_MGMT_FRAME_POLICY_VIOLATION: u16 = 31;
}

/// 802.11 reason codes the join uses.
pub mod reason {
    /// What a reason code means, in plain words (IEEE 802.11 Table 9-49), for the ones the
    /// join uses; others by number.
    pub fn meaning(code: u16) -> String {
        match code {
            PREV_AUTH_NOT_VALID => "the previous authentication is no longer valid: the router no longer knows this station (after the router restarted, or dropped it)".into(),
            DEAUTH_LEAVING => "the sender is leaving: a station switched off, its Wi-Fi turned off, or done with its WPS association".into(),
            FOURWAY_HANDSHAKE_TIMEOUT => "4-way handshake timeout: the router never received a message 2 whose MIC checked, so the station's password is not the network's".into(),
            IE_IN_4WAY_DIFFERS => "the security element in the 4-way handshake differs from the one heard before it: something between the two may have changed it".into(),
            other => format!("reason code {other}"),
        }
    }

    /// The previous authentication is no longer valid.
    pub const PREV_AUTH_NOT_VALID: u16 = 2;
    /// The station is leaving (wpa_supplicant after WPS, a printer switched off).
    pub const DEAUTH_LEAVING: u16 = 3;
    /// The 4-way handshake timed out: what hostapd sends when message 2's MIC never checks.
    pub const FOURWAY_HANDSHAKE_TIMEOUT: u16 = 15;
    /// Message 3's element differs from the beacon's (wpa_supplicant's answer to it).
    pub const IE_IN_4WAY_DIFFERS: u16 = 17;
}

/// A management frame of the join.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mgmt {
    /// Open System authentication, transaction 1 (request) or 2 (response).
    Authentication {
        transaction: u16,
        status: u16,
    },
    /// With the station's RSN element (whole) to join the network, or without, with the
    /// WPS element, to register.
    AssociationRequest {
        ssid: Vec<u8>,
        rsn: Option<Vec<u8>>,
    },
    AssociationResponse {
        status: u16,
        aid: u16,
    },
    Deauthentication {
        reason: u16,
    },
}

impl Mgmt {
    /// Frame control byte 0: type management, and the subtype.
    pub fn frame_control(&self) -> u8 {
        match self {
            Mgmt::AssociationRequest { .. } => 0x00,
            Mgmt::AssociationResponse { .. } => 0x10,
            Mgmt::Authentication { .. } => 0xb0,
            Mgmt::Deauthentication { .. } => 0xc0,
        }
    }

    /// The frame body after the MAC header.
    pub fn body(&self) -> Vec<u8> {
        let mut b = Vec::new();
        match self {
            Mgmt::Authentication { transaction, status } => {
                b.extend_from_slice(&0u16.to_le_bytes()); // Open System
                b.extend_from_slice(&transaction.to_le_bytes());
                b.extend_from_slice(&status.to_le_bytes());
            }
            Mgmt::AssociationRequest { ssid, rsn } => {
                b.extend_from_slice(&CAPABILITY.to_le_bytes());
                b.extend_from_slice(&10u16.to_le_bytes()); // listen interval
                element(&mut b, 0, ssid);
                element(&mut b, 1, &SUPPORTED_RATES);
                if let Some(rsn) = rsn {
                    b.extend_from_slice(rsn);
                } else {
                    b.extend_from_slice(&wps_elements(association_request_attrs().as_bytes()));
                }
            }
            Mgmt::AssociationResponse { status, aid } => {
                b.extend_from_slice(&CAPABILITY.to_le_bytes());
                b.extend_from_slice(&status.to_le_bytes());
                b.extend_from_slice(&(aid | 0xc000).to_le_bytes());
                element(&mut b, 1, &SUPPORTED_RATES);
            }
            Mgmt::Deauthentication { reason } => b.extend_from_slice(&reason.to_le_bytes()),
        }
        b
    }
}

impl fmt::Display for Mgmt {
    /// The ladder's label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mgmt::Authentication { transaction: 1, .. } => f.write_str("Authentication"),
            Mgmt::Authentication { status: 0, .. } => f.write_str("Authentication (ok)"),
            Mgmt::Authentication { status, .. } => write!(f, "Authentication (refused, status {status})"),
            Mgmt::AssociationRequest { rsn: Some(_), .. } => f.write_str("Association Request (WPA2)"),
            Mgmt::AssociationRequest { rsn: None, .. } => f.write_str("Association Request (WPS)"),
            Mgmt::AssociationResponse { status: 0, .. } => f.write_str("Association Response (ok)"),
            Mgmt::AssociationResponse { status, .. } => write!(f, "Association Response (refused, status {status})"),
            Mgmt::Deauthentication { reason } => write!(f, "Deauthentication (reason {reason})"),
        }
    }
}

fn element(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    out.push(body.len() as u8);
    out.extend_from_slice(body);
}

/// A data frame's way through the distribution system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From a station to the router (To DS): addresses BSSID, station, destination.
    ToAp,
    /// From the router to a station (From DS): addresses station, BSSID, source.
    FromAp,
}

/// The 24-byte MAC header of a data frame. `third` is the destination going to the router
/// and the source coming from it; `seq` is the sequence number (not covered by CCMP).
pub fn data_header(dir: Direction, protected: bool, station: &Mac, bssid: &Mac, third: &Mac, seq: u16) -> [u8; 24] {
    let flags = match dir {
        Direction::ToAp => TO_DS,
        Direction::FromAp => FROM_DS,
    } | if protected { PROTECTED } else { 0 };
    let (a1, a2) = match dir {
        Direction::ToAp => (bssid, station),
        Direction::FromAp => (station, bssid),
    };
    let mut h = [0u8; 24];
    h[0] = DATA;
    h[1] = flags;
    h[4..10].copy_from_slice(a1.as_ref());
    h[10..16].copy_from_slice(a2.as_ref());
    h[16..22].copy_from_slice(third.as_ref());
    h[22..24].copy_from_slice(&(seq << 4).to_le_bytes());
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_station_to_router_header_has_to_ds_and_the_bssid_first() {
        let h = data_header(Direction::ToAp, true, &Mac([2; 6]), &Mac([1; 6]), &BROADCAST, 5);
        assert_eq!(&h[..2], &[0x08, 0x41]);
        assert_eq!(&h[4..10], &[1; 6]);
        assert_eq!(&h[10..16], &[2; 6]);
        assert_eq!(&h[16..22], BROADCAST.as_ref());
        assert_eq!(u16::from_le_bytes([h[22], h[23]]) >> 4, 5);
    }

    #[test]
    fn management_bodies_have_their_fixed_fields() {
        assert_eq!(Mgmt::Authentication { transaction: 2, status: 0 }.body(), [0, 0, 2, 0, 0, 0]);
        assert_eq!(Mgmt::Deauthentication { reason: 15 }.body(), [15, 0]);
        let element = super::super::rsn::Rsn::printer();
        let rsn = Mgmt::AssociationRequest { ssid: b"HomeNet".to_vec(), rsn: Some(element.clone()) }.body();
        assert!(rsn.ends_with(&element));
        let wps = Mgmt::AssociationRequest { ssid: b"HomeNet".to_vec(), rsn: None }.body();
        assert!(wps.windows(4).any(|w| w == [0x00, 0x50, 0xf2, 0x04]), "the WPS element");
    }
}
