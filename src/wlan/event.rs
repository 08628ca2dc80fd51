//! What the join's machines report, printed in the words of the programs a home network
//! runs: wpa_supplicant and busybox udhcpc on the printer's side, hostapd and dnsmasq on
//! the router's.

use std::fmt;
use std::net::Ipv4Addr;

use super::dhcp::Kind;
use crate::wps::message::Mac;

/// The router's LAN bridge, as dnsmasq names it on a home router (OpenWrt's `br-lan`).
pub const LAN: &str = "br-lan";
/// The printer's wireless interface, as the kernel names it in its lines.
pub const IFACE: &str = "wlan0";
/// The channel every frame here is on (2.4 GHz channel 6).
pub const FREQ_MHZ: u32 = 2437;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    // --- the printer (wpa_supplicant, udhcpc) ----------------------------------------------
    TryingToAuthenticate {
        bssid: Mac,
        ssid: Vec<u8>,
    },
    TryingToAssociate {
        bssid: Mac,
        ssid: Vec<u8>,
    },
    Associated {
        bssid: Mac,
    },
    /// No answer to Authentication, after every try.
    AuthenticationTimedOut {
        bssid: Mac,
    },
    /// No answer to the Association Request, after every try.
    AssociationTimedOut {
        bssid: Mac,
    },
    /// A scan found no network the printer's block takes. `offered`: what the router with
    /// the printer's network name offers instead, when one was heard.
    NetworkNotFound {
        ssid: Vec<u8>,
        offered: Option<crate::wlan::rsn::Offer>,
    },
    /// Message 3's element is not the beacon's: the printer leaves.
    ElementMismatch {
        bssid: Mac,
    },
    /// The router refused the association (its security does not match what was asked).
    AssociationRejected {
        bssid: Mac,
        status: u16,
    },
    KeyNegotiationCompleted {
        bssid: Mac,
    },
    /// `CTRL-EVENT-CONNECTED`: the handshake is done, data can flow.
    Connected {
        bssid: Mac,
    },
    Disconnected {
        bssid: Mac,
        reason: u16,
        locally_generated: bool,
    },
    /// Deauthenticated during the handshake: what a wrong password looks like from here.
    PskMayBeIncorrect,
    TempDisabled {
        ssid: Vec<u8>,
        auth_failures: u32,
        duration_secs: u32,
    },
    /// The temporary disabling ended: the network is tried again.
    SsidReenabled {
        ssid: Vec<u8>,
    },
    DhcpDiscover,
    DhcpSelect {
        ip: Ipv4Addr,
        server: Ipv4Addr,
    },
    DhcpLease {
        ip: Ipv4Addr,
        server: Ipv4Addr,
        seconds: u32,
    },
    DhcpNoLease,
    // --- either side ----------------------------------------------------------------------
    /// A protected frame whose packet number was not above the last one received from
    /// `from`: dropped by the receiver's CCMP replay check.
    ReplayDropped {
        from: Mac,
        pn: u64,
        last: u64,
    },
    // --- the router (hostapd, dnsmasq) -----------------------------------------------------
    /// hostapd's logger lines (ieee802_11.c, wpa_auth.c) at its default level.
    StaAuthenticated {
        mac: Mac,
    },
    StaAssociated {
        mac: Mac,
        aid: u16,
    },
    PairwiseCompleted {
        mac: Mac,
    },
    StaConnected {
        mac: Mac,
    },
    HandshakeCompleted {
        mac: Mac,
    },
    PossiblePskMismatch {
        mac: Mac,
    },
    /// Message 2's element is not the Association Request's: the station is sent away.
    StaElementMismatch {
        mac: Mac,
    },
    StaDisconnected {
        mac: Mac,
    },
    /// dnsmasq's line for each DHCP message heard and answered.
    Dhcp {
        kind: Kind,
        ip: Option<Ipv4Addr>,
        mac: Mac,
        hostname: Option<String>,
    },
}

impl Event {
    /// The lines worth a place in the panel's event log: the control-interface events, the
    /// lease, and the words that explain a failure. The steps between are for `simulate`
    /// and the debug output.
    pub fn is_logged(&self) -> bool {
        matches!(
            self,
            Event::Connected { .. }
                // The printer leaving by itself (after each WPS round) is its own doing.
                | Event::Disconnected { locally_generated: false, .. }
                | Event::PskMayBeIncorrect
                | Event::TempDisabled { .. }
                | Event::SsidReenabled { .. }
                | Event::AuthenticationTimedOut { .. }
                | Event::AssociationTimedOut { .. }
                | Event::NetworkNotFound { .. }
                | Event::ElementMismatch { .. }
                | Event::StaElementMismatch { .. }
                | Event::AssociationRejected { .. }
                | Event::DhcpLease { .. }
                | Event::DhcpNoLease
                | Event::ReplayDropped { .. }
                | Event::StaConnected { .. }
                | Event::HandshakeCompleted { .. }
                | Event::PossiblePskMismatch { .. }
                | Event::StaDisconnected { .. }
                | Event::Dhcp { kind: Kind::Ack, .. }
        )
    }

    pub fn is_failure(&self) -> bool {
        matches!(
            self,
            Event::PskMayBeIncorrect
                | Event::TempDisabled { .. }
                | Event::PossiblePskMismatch { .. }
                | Event::AuthenticationTimedOut { .. }
                | Event::AssociationTimedOut { .. }
                | Event::NetworkNotFound { .. }
                | Event::ElementMismatch { .. }
                | Event::StaElementMismatch { .. }
                | Event::AssociationRejected { .. }
                | Event::DhcpNoLease
        )
    }
}

fn ssid_text(ssid: &[u8]) -> String {
    String::from_utf8_lossy(ssid).into_owned()
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mac = |m: &Mac| *m;
        match self {
            Event::TryingToAuthenticate { bssid, ssid } => write!(
                f,
                "SME: Trying to authenticate with {} (SSID='{}' freq={FREQ_MHZ} MHz)",
                mac(bssid),
                ssid_text(ssid)
            ),
            Event::TryingToAssociate { bssid, ssid } => {
                write!(f, "Trying to associate with {} (SSID='{}' freq={FREQ_MHZ} MHz)", mac(bssid), ssid_text(ssid))
            }
            Event::Associated { bssid } => write!(f, "Associated with {}", mac(bssid)),
            // The kernel's lines (mac80211, mlme.c): wpa_supplicant says nothing above its
            // debug level when its driver gives up.
            Event::AuthenticationTimedOut { bssid } => {
                write!(f, "{IFACE}: authentication with {} timed out", mac(bssid))
            }
            Event::AssociationTimedOut { bssid } => write!(f, "{IFACE}: association with {} timed out", mac(bssid)),
            Event::NetworkNotFound { .. } => f.write_str("CTRL-EVENT-NETWORK-NOT-FOUND"),
            Event::ElementMismatch { bssid } => {
                write!(f, "WPA: IE in 3/4 msg does not match with IE in Beacon/ProbeResp (src={})", mac(bssid))
            }
            Event::AssociationRejected { bssid, status } => {
                write!(f, "CTRL-EVENT-ASSOC-REJECT bssid={} status_code={status}", mac(bssid))
            }
            Event::KeyNegotiationCompleted { bssid } => {
                write!(f, "WPA: Key negotiation completed with {} [PTK=CCMP GTK=CCMP]", mac(bssid))
            }
            Event::Connected { bssid } => {
                write!(f, "CTRL-EVENT-CONNECTED - Connection to {} completed [id=0 id_str=]", mac(bssid))
            }
            Event::Disconnected { bssid, reason, locally_generated } => write!(
                f,
                "CTRL-EVENT-DISCONNECTED bssid={} reason={reason}{}",
                mac(bssid),
                if *locally_generated { " locally_generated=1" } else { "" }
            ),
            Event::PskMayBeIncorrect => f.write_str("WPA: 4-Way Handshake failed - pre-shared key may be incorrect"),
            Event::TempDisabled { ssid, auth_failures, duration_secs } => write!(
                f,
                "CTRL-EVENT-SSID-TEMP-DISABLED id=0 ssid=\"{}\" auth_failures={auth_failures} duration={duration_secs} reason=WRONG_KEY",
                ssid_text(ssid)
            ),
            Event::SsidReenabled { ssid } => {
                write!(f, "CTRL-EVENT-SSID-REENABLED id=0 ssid=\"{}\"", ssid_text(ssid))
            }
            // busybox 1.35's udhcpc (dhcpc.c).
            Event::DhcpDiscover => f.write_str("udhcpc: broadcasting discover"),
            Event::DhcpSelect { ip, server } => write!(f, "udhcpc: broadcasting select for {ip}, server {server}"),
            Event::DhcpLease { ip, server, seconds } => {
                write!(f, "udhcpc: lease of {ip} obtained from {server}, lease time {seconds}")
            }
            Event::DhcpNoLease => f.write_str("udhcpc: no lease, failing"),
            // Neither program logs it: the kernel (mac80211) drops the frame and counts it in
            // dot11RSNAStatsCCMPReplays. Said here so a learner sees the check work.
            Event::ReplayDropped { from, pn, last } => write!(
                f,
                "CCMP replay from {}: PN {pn} is not above {last}, frame dropped (dot11RSNAStatsCCMPReplays)",
                mac(from)
            ),
            Event::StaAuthenticated { mac: m } => write!(f, "STA {} IEEE 802.11: authenticated", mac(m)),
            Event::StaAssociated { mac: m, aid } => write!(f, "STA {} IEEE 802.11: associated (aid {aid})", mac(m)),
            Event::PairwiseCompleted { mac: m } => {
                write!(f, "STA {} WPA: pairwise key handshake completed (RSN)", mac(m))
            }
            Event::StaConnected { mac: m } => write!(f, "AP-STA-CONNECTED {}", mac(m)),
            Event::HandshakeCompleted { mac: m } => write!(f, "EAPOL-4WAY-HS-COMPLETED {}", mac(m)),
            Event::PossiblePskMismatch { mac: m } => write!(f, "AP-STA-POSSIBLE-PSK-MISMATCH {}", mac(m)),
            Event::StaElementMismatch { mac: m } => {
                write!(f, "STA {} WPA: WPA IE from (Re)AssocReq did not match with msg 2/4", mac(m))
            }
            Event::StaDisconnected { mac: m } => write!(f, "AP-STA-DISCONNECTED {}", mac(m)),
            Event::Dhcp { kind, ip, mac: m, hostname } => {
                let name = match kind {
                    Kind::Discover => "DHCPDISCOVER",
                    Kind::Offer => "DHCPOFFER",
                    Kind::Request => "DHCPREQUEST",
                    Kind::Ack => "DHCPACK",
                    Kind::Nak => "DHCPNAK",
                };
                write!(f, "{name}({LAN})")?;
                if let Some(ip) = ip {
                    write!(f, " {ip}")?;
                }
                write!(f, " {}", mac(m))?;
                if let Some(h) = hostname {
                    write!(f, " {h}")?;
                }
                Ok(())
            }
        }
    }
}
