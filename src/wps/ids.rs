//! The identities the protocol carries: a device's MAC address and its UUID, printed as
//! hostapd prints them.

use std::fmt;

/// An 802.11 MAC address; shown as hostapd shows one (`02:00:00:00:01:00`).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Mac(pub [u8; 6]);

/// A UUID-E or UUID-R; shown in the usual 8-4-4-4-12 form, as hostapd prints them.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uuid(pub [u8; 16]);

impl Mac {
    pub const fn octets(&self) -> &[u8; 6] {
        &self.0
    }

    /// `02:00:00:00:01:ab`, as UPnP's WLANEventMAC carries it (either case).
    pub fn parse_text(text: &str) -> Option<Mac> {
        let mut octets = [0u8; 6];
        let mut parts = text.split(':');
        for octet in &mut octets {
            let part = parts.next()?;
            if part.len() != 2 {
                return None;
            }
            *octet = u8::from_str_radix(part, 16).ok()?;
        }
        parts.next().is_none().then_some(Mac(octets))
    }
}

impl Uuid {
    pub const fn octets(&self) -> &[u8; 16] {
        &self.0
    }

    /// The 8-4-4-4-12 form (UPnP's `uuid:` names, SSDP's USN, GENA's SID).
    pub fn parse_text(text: &str) -> Option<Uuid> {
        let groups: Vec<&str> = text.trim().split('-').collect();
        if groups.iter().map(|g| g.len()).collect::<Vec<_>>() != [8, 4, 4, 4, 12] {
            return None;
        }
        let bytes = hex::decode(groups.concat()).ok()?;
        bytes.as_slice().try_into().ok().map(Uuid)
    }
}

impl From<[u8; 6]> for Mac {
    fn from(octets: [u8; 6]) -> Mac {
        Mac(octets)
    }
}

impl From<[u8; 16]> for Uuid {
    fn from(octets: [u8; 16]) -> Uuid {
        Uuid(octets)
    }
}

/// The octets, as the frames carry them.
impl std::ops::Deref for Mac {
    type Target = [u8; 6];
    fn deref(&self) -> &[u8; 6] {
        &self.0
    }
}

impl std::ops::Deref for Uuid {
    type Target = [u8; 16];
    fn deref(&self) -> &[u8; 16] {
        &self.0
    }
}

impl TryFrom<&[u8]> for Mac {
    type Error = std::array::TryFromSliceError;
    fn try_from(octets: &[u8]) -> Result<Mac, Self::Error> {
        octets.try_into().map(Mac)
    }
}

impl TryFrom<&[u8]> for Uuid {
    type Error = std::array::TryFromSliceError;
    fn try_from(octets: &[u8]) -> Result<Uuid, Self::Error> {
        octets.try_into().map(Uuid)
    }
}

impl AsRef<[u8]> for Mac {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Uuid {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Display for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

impl fmt::Debug for Mac {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mac({self})")
    }
}

impl fmt::Display for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let h = hex::encode(self.0);
        write!(f, "{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    }
}

impl fmt::Debug for Uuid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uuid({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_as_hostapd_shows_them() {
        assert_eq!(Mac([0x02, 0, 0, 0, 0x01, 0xab]).to_string(), "02:00:00:00:01:ab");
        let uuid = Uuid(core::array::from_fn(|i| i as u8));
        assert_eq!(uuid.to_string(), "00010203-0405-0607-0809-0a0b0c0d0e0f");
    }

    #[test]
    fn read_back_from_their_text() {
        let uuid = Uuid(core::array::from_fn(|i| (i * 17) as u8));
        assert_eq!(Uuid::parse_text(&uuid.to_string()), Some(uuid));
        assert_eq!(Uuid::parse_text(&uuid.to_string().to_uppercase()), Some(uuid));
        for bad in ["", "0001020304050607-0809-0a0b0c0d0e0f", "00010203-0405-0607-0809-0a0b0c0d0e0g"] {
            assert_eq!(Uuid::parse_text(bad), None, "{bad}");
        }
        let mac = Mac([0x02, 0, 0, 0, 0x01, 0xab]);
        assert_eq!(Mac::parse_text("02:00:00:00:01:AB"), Some(mac));
        for bad in ["02:00:00:00:01", "02:00:00:00:01:ab:00", "2:00:00:00:01:ab", "02-00-00-00-01-ab"] {
            assert_eq!(Mac::parse_text(bad), None, "{bad}");
        }
    }
}
