//! The router's wireless settings page (`e`): security, a hidden network name, the WPS
//! switch, and what lets a computer add devices (UPnP, the router's own PIN), edited as a draft and saved together, as a router's admin page does. Saving hands
//! the new settings to the router; WEP, TKIP-only, a hidden SSID or WPS switched off turn
//! WPS off there (hostapd's rules, and this router's WPA3-only choice).

use crate::sim::models::{RouterSetup, Security};

/// A line of the settings page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingRow {
    Security,
    HiddenSsid,
    Wps,
    /// UPnP on the LAN: how a computer finds the router.
    Upnp,
    /// The router's own PIN (AP PIN): what lets a computer act as registrar through it.
    ApPin,
    Save,
}

impl SettingRow {
    pub const ALL: [SettingRow; 6] = [
        SettingRow::Security,
        SettingRow::HiddenSsid,
        SettingRow::Wps,
        SettingRow::Upnp,
        SettingRow::ApPin,
        SettingRow::Save,
    ];
}

/// The security modes in the order the page offers them.
pub const SECURITY_CHOICES: [Security; 5] =
    [Security::Wpa2Personal, Security::Wpa2Wpa3Personal, Security::Wpa3Personal, Security::WpaTkip, Security::Wep];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterSettings {
    pub row: SettingRow,
    /// The settings as edited, not yet saved.
    pub draft: RouterSetup,
}

impl RouterSettings {
    pub fn open(current: &RouterSetup) -> RouterSettings {
        RouterSettings { row: SettingRow::Security, draft: current.clone() }
    }

    pub fn up(&mut self) {
        let i = SettingRow::ALL.iter().position(|r| *r == self.row).unwrap_or(0);
        self.row = SettingRow::ALL[(i + SettingRow::ALL.len() - 1) % SettingRow::ALL.len()];
    }

    pub fn down(&mut self) {
        let i = SettingRow::ALL.iter().position(|r| *r == self.row).unwrap_or(0);
        self.row = SettingRow::ALL[(i + 1) % SettingRow::ALL.len()];
    }

    /// Changes the selected setting one step (`forward` or back); nothing on Save.
    pub fn change(&mut self, forward: bool) {
        match self.row {
            SettingRow::Security => {
                let n = SECURITY_CHOICES.len();
                let i = SECURITY_CHOICES.iter().position(|s| *s == self.draft.security).unwrap_or(0);
                let next = if forward { (i + 1) % n } else { (i + n - 1) % n };
                self.draft.security = SECURITY_CHOICES[next];
            }
            SettingRow::HiddenSsid => self.draft.hidden_ssid = !self.draft.hidden_ssid,
            SettingRow::Wps => self.draft.wps_enabled = !self.draft.wps_enabled,
            SettingRow::Upnp => self.draft.upnp_on = !self.draft.upnp_on,
            SettingRow::ApPin => self.draft.ap_pin_on = !self.draft.ap_pin_on,
            SettingRow::Save => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_security_mode_is_reachable_both_ways_and_toggles_flip() {
        let mut s = RouterSettings::open(&RouterSetup::default());
        let mut seen = Vec::new();
        for _ in 0..SECURITY_CHOICES.len() {
            s.change(true);
            seen.push(s.draft.security);
        }
        assert_eq!(s.draft.security, Security::Wpa2Personal, "round trip");
        assert_eq!(seen.len(), 5);
        s.change(false);
        assert_eq!(s.draft.security, Security::Wep, "back from the first is the last");
        s.down();
        s.change(true);
        assert!(s.draft.hidden_ssid);
        s.down();
        s.change(true);
        assert!(!s.draft.wps_enabled);
        s.down();
        s.change(true);
        assert!(!s.draft.upnp_on);
        s.down();
        s.change(false);
        assert!(!s.draft.ap_pin_on);
        s.down();
        assert_eq!(s.row, SettingRow::Save);
        s.down();
        assert_eq!(s.row, SettingRow::Security, "wraps");
    }
}
