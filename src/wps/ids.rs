//! The identities the protocol carries: a device's MAC address and its UUID, and how
//! hostapd prints them.

/// A UUID-E or UUID-R.
pub type Uuid = [u8; 16];
/// An 802.11 MAC address.
pub type Mac = [u8; 6];

pub fn format_mac(mac: &Mac) -> String {
    mac.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
}

/// UUIDs in the usual 8-4-4-4-12 form, as hostapd prints them.
pub fn format_uuid(u: &Uuid) -> String {
    let h = hex::encode(u);
    format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
}
