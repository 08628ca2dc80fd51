//! The security elements of the join: what a router's beacons offer (the RSN element, or
//! WPA's vendor element), what a station asks for in its Association Request and again in
//! message 2, and how each end compares them.
//!
//! Written as hostapd writes them (`wpa_write_rsn_ie`, `wpa_write_wpa_ie` in wpa_auth_ie.c),
//! checked as hostapd checks a station's (`wpa_validate_wpa_ie`, with
//! `wpa_res_to_status_code` in ieee802_11.c giving the status), and matched as
//! wpa_supplicant matches a network block to a scan result (`wpa_supplicant_ssid_bss_match`
//! in events.c). The printer's network block is the one wpa_supplicant makes from a WPA2-PSK,
//! AES credential (`wpas_wps_ssid_from_cred`): RSN only, PSK only, CCMP only, no management
//! frame protection.

use super::frame::status;

/// The RSN element's id.
pub const RSN_ID: u8 = 48;
const VENDOR_ID: u8 = 221;
const IEEE: [u8; 3] = [0x00, 0x0f, 0xac];
const MICROSOFT: [u8; 3] = [0x00, 0x50, 0xf2];

/// Cipher suite types (IEEE 802.11-2020 Table 9-149).
mod cipher {
    pub const TKIP: u8 = 2;
    pub const CCMP: u8 = 4;
}

/// AKM suite types (Table 9-151).
pub mod akm {
    pub const PSK: u8 = 2;
    pub const SAE: u8 = 8;
}

/// RSN capabilities: management frame protection required and capable.
mod caps {
    pub const MFPR: u16 = 0x0040;
    pub const MFPC: u16 = 0x0080;
}

/// What the router's beacons and probe responses offer, as their elements say it: an RSN
/// element (WPA2: PSK; WPA3: SAE with protected management frames required; transition:
/// both, protection capable), WPA's vendor element (TKIP), or only the Privacy bit (WEP).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    Wpa2Psk,
    Wpa2Wpa3,
    WpaTkip,
    Wpa3Sae,
    Wep,
}

/// How a station that was let in goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// The 4-way handshake with the password (PSK).
    Psk,
    /// No keys to make: hostapd with `wpa=0` ignores a station's RSN element and lets it
    /// associate (`wpa_auth_sta_no_wpa`), WEP being the driver's business.
    Unkeyed,
}

impl Offer {
    /// The element a beacon, a probe response and message 3 carry (hostapd's own
    /// `wpa_ie`), whole (id and length first); none for WEP.
    pub fn element(self) -> Option<Vec<u8>> {
        match self {
            Offer::Wpa2Psk => Some(Rsn::ccmp(&[akm::PSK], 0).to_element()),
            Offer::Wpa2Wpa3 => Some(Rsn::ccmp(&[akm::PSK, akm::SAE], caps::MFPC).to_element()),
            Offer::Wpa3Sae => Some(Rsn::ccmp(&[akm::SAE], caps::MFPR | caps::MFPC).to_element()),
            Offer::WpaTkip => {
                let mut body = MICROSOFT.to_vec();
                body.push(1); // the WPA element's vendor type
                body.extend(1u16.to_le_bytes()); // version
                body.extend(suite(MICROSOFT, cipher::TKIP)); // group
                body.extend(1u16.to_le_bytes());
                body.extend(suite(MICROSOFT, cipher::TKIP)); // pairwise
                body.extend(1u16.to_le_bytes());
                body.extend(suite(MICROSOFT, akm::PSK));
                Some(element(VENDOR_ID, &body))
            }
            Offer::Wep => None,
        }
    }

    /// hostapd's answer to an Association Request carrying this RSN element: let in, or the
    /// status it is refused with. `check_assoc_ies` takes the element only where the network
    /// has RSN (`wpa=2`): a WPA-only network finds none it can use and says the element is
    /// invalid (40), and WEP (`wpa=0`) ignores it. Then `wpa_validate_wpa_ie`: unreadable
    /// (40), another group cipher (41), no AKM in common (43), no pairwise cipher in common
    /// (42), protection required but not capable (31).
    pub fn admit(self, element: &[u8]) -> Result<Admission, u16> {
        let (akms, caps_required) = match self {
            Offer::Wep => return Ok(Admission::Unkeyed),
            Offer::WpaTkip => return Err(status::INVALID_IE),
            Offer::Wpa2Psk => (&[akm::PSK][..], 0),
            Offer::Wpa2Wpa3 => (&[akm::PSK, akm::SAE][..], 0),
            Offer::Wpa3Sae => (&[akm::SAE][..], caps::MFPC),
        };
        let rsn = Rsn::parse(element).ok_or(status::INVALID_IE)?;
        if rsn.group != suite(IEEE, cipher::CCMP) {
            return Err(status::GROUP_CIPHER_NOT_VALID);
        }
        let common = |a: &[u8]| rsn.akms.iter().any(|s| a.iter().any(|n| *s == suite(IEEE, *n)));
        if !common(akms) {
            return Err(status::AKMP_NOT_VALID);
        }
        if !rsn.pairwise.contains(&suite(IEEE, cipher::CCMP)) {
            return Err(status::PAIRWISE_CIPHER_NOT_VALID);
        }
        if rsn.capabilities & caps_required != caps_required {
            return Err(status::ROBUST_MGMT_FRAME_POLICY_VIOLATION);
        }
        // A station that chose SAE would run SAE authentication first, which the printer
        // never does: only PSK reaches here with keys to make.
        if !common(&[akm::PSK]) {
            return Err(status::AKMP_NOT_VALID);
        }
        Ok(Admission::Psk)
    }

    /// Whether the printer's network block (WPA2-PSK, CCMP) takes a network that offers
    /// this: wpa_supplicant's `wpa_supplicant_ssid_bss_match`, whose debug lines give the
    /// reason when not (`skip - no WPA/RSN proto match`, `skip RSN IE - key mgmt mismatch`,
    /// `skip - privacy mismatch`).
    pub fn suits_wpa2_psk(self) -> bool {
        matches!(self, Offer::Wpa2Psk | Offer::Wpa2Wpa3)
    }

    /// What it is called on a router's settings page.
    pub fn name(self) -> &'static str {
        match self {
            Offer::Wpa2Psk => "WPA2-Personal (AES)",
            Offer::Wpa2Wpa3 => "WPA2/WPA3-Personal",
            Offer::WpaTkip => "WPA-Personal (TKIP)",
            Offer::Wpa3Sae => "WPA3-Personal only",
            Offer::Wep => "WEP",
        }
    }
}

fn suite(oui: [u8; 3], n: u8) -> [u8; 4] {
    [oui[0], oui[1], oui[2], n]
}

fn element(id: u8, body: &[u8]) -> Vec<u8> {
    let mut e = vec![id, body.len() as u8];
    e.extend_from_slice(body);
    e
}

/// An RSN element's fields (IEEE 802.11-2020 9.4.2.24), as `wpa_parse_wpa_ie_rsn` reads
/// them: version 1, then optional group, pairwise and AKM lists, and capabilities.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rsn {
    pub group: [u8; 4],
    pub pairwise: Vec<[u8; 4]>,
    pub akms: Vec<[u8; 4]>,
    pub capabilities: u16,
}

impl Rsn {
    fn ccmp(akms: &[u8], capabilities: u16) -> Rsn {
        Rsn {
            group: suite(IEEE, cipher::CCMP),
            pairwise: vec![suite(IEEE, cipher::CCMP)],
            akms: akms.iter().map(|a| suite(IEEE, *a)).collect(),
            capabilities,
        }
    }

    /// What the printer asks for, in its Association Request and message 2: what
    /// wpa_supplicant writes for its network block (`wpa_gen_wpa_ie_rsn`): CCMP, PSK, and
    /// no capabilities (`ieee80211w` off, Debian's default).
    pub fn printer() -> Vec<u8> {
        Rsn::ccmp(&[akm::PSK], 0).to_element()
    }

    /// The whole element, id and length first.
    pub fn to_element(&self) -> Vec<u8> {
        let mut b = 1u16.to_le_bytes().to_vec();
        b.extend(self.group);
        b.extend((self.pairwise.len() as u16).to_le_bytes());
        self.pairwise.iter().for_each(|s| b.extend(s));
        b.extend((self.akms.len() as u16).to_le_bytes());
        self.akms.iter().for_each(|s| b.extend(s));
        b.extend(self.capabilities.to_le_bytes());
        element(RSN_ID, &b)
    }

    /// Reads a whole element. A field left out takes the standard's default (CCMP, PSK),
    /// as wpa_parse_wpa_ie_rsn does; a count that runs past the end is unreadable.
    pub fn parse(element: &[u8]) -> Option<Rsn> {
        let (&[id, len], body) = element.split_first_chunk::<2>()?;
        if id != RSN_ID || body.len() != usize::from(len) {
            return None;
        }
        let (version, mut rest) = body.split_first_chunk::<2>()?;
        if u16::from_le_bytes(*version) != 1 {
            return None;
        }
        let mut rsn = Rsn::ccmp(&[akm::PSK], 0);
        let list = |rest: &mut &[u8]| -> Option<Option<Vec<[u8; 4]>>> {
            if rest.is_empty() {
                return Some(None);
            }
            let (count, tail) = rest.split_first_chunk::<2>()?;
            let count = usize::from(u16::from_le_bytes(*count));
            let bytes = tail.get(..count * 4)?;
            *rest = &tail[count * 4..];
            Some(Some(bytes.chunks_exact(4).map(|c| c.try_into().expect("chunks of 4")).collect()))
        };
        if let Some((group, tail)) = rest.split_first_chunk::<4>() {
            rsn.group = *group;
            rest = tail;
        } else if !rest.is_empty() {
            return None;
        }
        if let Some(pairwise) = list(&mut rest)? {
            rsn.pairwise = pairwise;
        }
        if let Some(akms) = list(&mut rest)? {
            rsn.akms = akms;
        }
        if let Some((caps, _)) = rest.split_first_chunk::<2>() {
            rsn.capabilities = u16::from_le_bytes(*caps);
        }
        Some(rsn)
    }
}

impl std::fmt::Display for Rsn {
    /// In words: "group CCMP, pairwise CCMP, key management PSK, no capabilities".
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = |s: &[u8; 4], akm: bool| match (s[..3] == IEEE, s[3], akm) {
            (true, cipher::CCMP, false) => "CCMP".to_string(),
            (true, cipher::TKIP, false) => "TKIP".to_string(),
            (true, akm::PSK, true) => "PSK".to_string(),
            (true, akm::SAE, true) => "SAE".to_string(),
            _ => format!("{:02x}-{:02x}-{:02x}:{}", s[0], s[1], s[2], s[3]),
        };
        let list = |l: &[[u8; 4]], akm: bool| l.iter().map(|s| name(s, akm)).collect::<Vec<_>>().join("+");
        write!(
            f,
            "group {}, pairwise {}, key management {}",
            name(&self.group, false),
            list(&self.pairwise, false),
            list(&self.akms, true)
        )?;
        let mut caps = Vec::new();
        if self.capabilities & caps::MFPR != 0 {
            caps.push("protected management frames required");
        }
        if self.capabilities & caps::MFPC != 0 {
            caps.push("protected management frames capable");
        }
        match caps.is_empty() {
            true => write!(f, ", no capabilities (0x{:04x})", self.capabilities),
            false => write!(f, ", {} (0x{:04x})", caps.join(", "), self.capabilities),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printers_element_is_wpa_supplicants_for_a_wpa2_psk_block() {
        // wpa_supplicant 2.10's RSN element with key_mgmt=WPA-PSK, pairwise=CCMP, pmf off:
        // version 1, CCMP group, one pairwise CCMP, one AKM PSK, capabilities 0.
        let expected = [48, 20, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 4, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0];
        assert_eq!(Rsn::printer(), expected);
        assert_eq!(
            Rsn::parse(&expected).unwrap().to_string(),
            "group CCMP, pairwise CCMP, key management PSK, no capabilities (0x0000)"
        );
        assert_eq!(Rsn::parse(&expected), Some(Rsn::ccmp(&[akm::PSK], 0)));
    }

    #[test]
    fn each_offer_answers_the_printer_as_hostapd_does() {
        let printer = Rsn::printer();
        assert_eq!(Offer::Wpa2Psk.admit(&printer), Ok(Admission::Psk));
        assert_eq!(Offer::Wpa2Wpa3.admit(&printer), Ok(Admission::Psk));
        assert_eq!(Offer::Wpa3Sae.admit(&printer), Err(status::AKMP_NOT_VALID));
        assert_eq!(Offer::WpaTkip.admit(&printer), Err(status::INVALID_IE));
        assert_eq!(Offer::Wep.admit(&printer), Ok(Admission::Unkeyed));
    }

    #[test]
    fn other_stations_elements_are_checked_field_by_field() {
        let tkip_group = Rsn { group: suite(IEEE, cipher::TKIP), ..Rsn::ccmp(&[akm::PSK], 0) };
        assert_eq!(Offer::Wpa2Psk.admit(&tkip_group.to_element()), Err(status::GROUP_CIPHER_NOT_VALID));
        let tkip_pairwise = Rsn { pairwise: vec![suite(IEEE, cipher::TKIP)], ..Rsn::ccmp(&[akm::PSK], 0) };
        assert_eq!(Offer::Wpa2Psk.admit(&tkip_pairwise.to_element()), Err(status::PAIRWISE_CIPHER_NOT_VALID));
        // SAE without protection at a WPA3-only network: refused for the protection.
        let sae = Rsn::ccmp(&[akm::SAE], 0);
        assert_eq!(Offer::Wpa3Sae.admit(&sae.to_element()), Err(status::ROBUST_MGMT_FRAME_POLICY_VIOLATION));
        // Cut short: a count that runs past the end.
        let mut cut = Rsn::printer();
        cut.truncate(12);
        cut[1] = 10;
        assert_eq!(Offer::Wpa2Psk.admit(&cut), Err(status::INVALID_IE));
        // Only the version: every field takes its default (CCMP, PSK).
        assert_eq!(Offer::Wpa2Psk.admit(&[48, 2, 1, 0]), Ok(Admission::Psk));
        assert_eq!(Offer::Wpa2Psk.admit(&[48, 2, 2, 0]), Err(status::INVALID_IE));
    }

    #[test]
    fn beacons_carry_hostapds_elements() {
        let rsn = |o: Offer| Rsn::parse(&o.element().unwrap()).unwrap();
        assert_eq!(rsn(Offer::Wpa2Wpa3).akms, [suite(IEEE, 2), suite(IEEE, 8)]);
        assert_eq!(rsn(Offer::Wpa2Wpa3).capabilities, caps::MFPC);
        assert_eq!(rsn(Offer::Wpa3Sae).capabilities, caps::MFPR | caps::MFPC);
        let wpa = Offer::WpaTkip.element().unwrap();
        assert_eq!((wpa[0], &wpa[2..6]), (221, &[0x00, 0x50, 0xf2, 1][..]));
        assert_eq!(Offer::Wep.element(), None);
        assert!(Offer::Wpa2Psk.suits_wpa2_psk() && Offer::Wpa2Wpa3.suits_wpa2_psk());
        assert!(![Offer::WpaTkip, Offer::Wpa3Sae, Offer::Wep].iter().any(|o| o.suits_wpa2_psk()));
    }
}
