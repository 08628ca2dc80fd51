//! Secrets (a network key, a passphrase, a PIN) that are wiped from memory when dropped
//! and never printed: `Debug` says how long they are, not what they are.

use std::fmt;
use std::ops::Deref;

use zeroize::{Zeroize, Zeroizing};

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret<T: Zeroize>(Zeroizing<T>);

impl<T: Zeroize> Secret<T> {
    pub fn new(value: T) -> Self {
        Secret(Zeroizing::new(value))
    }
}

impl<T: Zeroize> Deref for Secret<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Zeroize + AsRef<[u8]>> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({} bytes)", self.0.as_ref().len())
    }
}

impl From<Vec<u8>> for Secret<Vec<u8>> {
    fn from(v: Vec<u8>) -> Self {
        Secret::new(v)
    }
}

impl From<&[u8]> for Secret<Vec<u8>> {
    fn from(v: &[u8]) -> Self {
        Secret::new(v.to_vec())
    }
}

impl From<&str> for Secret<String> {
    fn from(v: &str) -> Self {
        Secret::new(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wps::ids::Mac;

    #[test]
    fn debug_says_the_length_not_the_secret() {
        let key: Secret<Vec<u8>> = b"maple-river-4821".as_slice().into();
        assert_eq!(format!("{key:?}"), "Secret(16 bytes)");
        assert_eq!(&key[..], b"maple-river-4821");
    }

    #[test]
    fn nothing_that_holds_a_secret_prints_it() {
        use crate::wps::enrollee::Password;
        use crate::wps::message::Credential;
        let pin = crate::wps::pin::check("12345670").unwrap();
        assert_eq!(format!("{pin:?}"), "Pin(8 digits)");
        assert_eq!(format!("{:?}", Password::Pin(b"12345670".to_vec())), "Pin(..)");
        let credential = Credential {
            network_index: 1,
            ssid: b"HomeNet".to_vec(),
            auth_type: 0x20,
            encr_type: 0x08,
            network_key_index: None,
            network_key: b"maple-river-4821".as_slice().into(),
            mac: Mac([2, 0, 0, 0, 0, 1]),
        };
        let shown = format!("{credential:?}");
        assert!(!shown.contains("maple") && !shown.contains("109, 97"), "{shown}");
    }
}
