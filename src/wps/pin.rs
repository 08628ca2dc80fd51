//! The WPS PIN: check digit, generation and the `wps_check_pin` rules of hostapd.
//!
//! The check digit is a user-interface check only: the protocol itself accepts any
//! password string and only ever compares HMACs of its halves.

use rand::Rng;
use std::fmt;

/// The check digit of a 7-digit number (`wps_pin_checksum`): weights 3,1,3,1,... from the right.
pub fn checksum(seven_digits: u32) -> u32 {
    let mut pin = seven_digits;
    let mut accum = 0;
    while pin > 0 {
        accum += 3 * (pin % 10);
        pin /= 10;
        accum += pin % 10;
        pin /= 10;
    }
    (10 - accum % 10) % 10
}

/// True when the last digit of an 8-digit PIN is its check digit (`wps_pin_valid`).
pub fn is_valid(pin: u32) -> bool {
    checksum(pin / 10) == pin % 10
}

/// A fresh 8-digit PIN from a cryptographically secure generator (`wps_generate_pin`).
pub fn generate<R: Rng + rand::CryptoRng + ?Sized>(rng: &mut R) -> Pin {
    let val = rng.next_u32() % 10_000_000;
    Pin(format!("{:08}", val * 10 + checksum(val)))
}

/// A PIN that passed [`check`]: 4 digits, or 8 digits with a valid check digit.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Pin(String);

impl Pin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
    /// Shown as people read it off a label: `1234-5670`.
    pub fn grouped(&self) -> String {
        if self.0.len() == 8 { format!("{}-{}", &self.0[..4], &self.0[4..]) } else { self.0.clone() }
    }
}

impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The digits are the secret: `Debug` says how many there are, never which.
impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pin({} digits)", self.0.len())
    }
}

impl Drop for Pin {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

/// Why [`check`] refused a PIN, with hostapd's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinError {
    /// Not 4 or 8 digits after dropping separators (hostapd answers `FAIL`).
    Length { digits: usize },
    /// 8 digits whose last one is not the check digit (`FAIL-CHECKSUM`).
    Checksum { expected: u8 },
}

impl PinError {
    /// hostapd's control-interface answer.
    pub fn hostapd_reply(self) -> &'static str {
        match self {
            PinError::Length { .. } => "FAIL",
            PinError::Checksum { .. } => "FAIL-CHECKSUM",
        }
    }
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinError::Length { digits } => write!(f, "a PIN has 4 or 8 digits, this has {digits}"),
            // The check digit tells that some digit is wrong, not which: naming the last one
            // would lead to a valid but wrong PIN.
            PinError::Checksum { .. } => {
                write!(f, "a digit is wrong (the check digit does not match): compare it with the printer's screen")
            }
        }
    }
}

impl std::error::Error for PinError {}

/// `hostapd_ctrl_iface_wps_check_pin`: drop every non-digit, stop at a 9th digit,
/// accept 4 digits, or 8 with a valid check digit.
pub fn check(input: &str) -> Result<Pin, PinError> {
    let digits: String = input.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() != 4 && digits.len() != 8 {
        return Err(PinError::Length { digits: digits.len() });
    }
    if digits.len() == 8 {
        let value: u32 = digits.parse().expect("eight ASCII digits fit in u32");
        if !is_valid(value) {
            return Err(PinError::Checksum { expected: checksum(value / 10) as u8 });
        }
    }
    Ok(Pin(digits))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn examples_from_the_facts_file() {
        for good in ["12345670", "24681353", "00000000", "12344444", "01234565", "98765430"] {
            assert!(is_valid(good.parse().unwrap()), "{good}");
        }
        for (bad, expected) in [("12345678", 0), ("12345671", 0), ("55554444", 2), ("11111111", 5), ("01234567", 5)] {
            assert_eq!(check(bad), Err(PinError::Checksum { expected }), "{bad}");
        }
    }

    #[test]
    fn check_drops_separators_and_counts_digits() {
        assert_eq!(check("1234-5670").unwrap().as_str(), "12345670");
        assert_eq!(check(" 1234 5670 ").unwrap().as_str(), "12345670");
        assert_eq!(check("1234").unwrap().as_str(), "1234");
        assert_eq!(check("123456789"), Err(PinError::Length { digits: 9 }));
        assert_eq!(check("12345"), Err(PinError::Length { digits: 5 }));
        assert_eq!(check(""), Err(PinError::Length { digits: 0 }));
        assert_eq!(check("abcd").unwrap_err().hostapd_reply(), "FAIL");
        assert_eq!(check("12345678").unwrap_err().hostapd_reply(), "FAIL-CHECKSUM");
    }

    #[test]
    fn generated_pins_are_eight_digits_with_a_valid_check_digit() {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(7);
        let pins: Vec<Pin> = (0..2000).map(|_| generate(&mut rng)).collect();
        for pin in &pins {
            assert_eq!(pin.as_str().len(), 8);
            assert!(check(pin.as_str()).is_ok(), "{pin:?}");
        }
        let distinct: std::collections::HashSet<_> = pins.iter().collect();
        assert!(distinct.len() > 1990, "PINs repeat too often: {}", distinct.len());
        // Zero padding: a value below 1,000,000 still gives 8 characters.
        assert_eq!(format!("{:08}", 12345 * 10 + checksum(12345)).len(), 8);
    }
}
