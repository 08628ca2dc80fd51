//! Diffie-Hellman over the RFC 3526 1536-bit MODP group (group 5), g = 2.
//!
//! Private keys are as long as the caller draws them: 200 bits ([`PRIVATE_LEN`]) by
//! default, as Debian's hostapd and wpa_supplicant 2.10 make them (OpenSSL 3 knows the
//! group as `modp_1536` and bounds its private keys to 200 bits; hostapd's debug log shows
//! "DH Private Key - hexdump(len=25)"), or the full 192 bytes some others use (iwd's
//! captured session). Exponentiation is bounded by the key's length, not its value, so it
//! stays constant-time in the key.
//!
//! Arithmetic is crypto-bigint's constant-time Montgomery form. Because the base of the
//! public key is always 2, `2^x` uses a table of precomputed powers (one per 4-bit window
//! of the exponent, chosen in constant time): 384 multiplications instead of ~1900.

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams, ConstMontyForm, ConstMontyParams};
use crypto_bigint::{BoxedUint, CtAssign, CtEq, Odd, U1536, const_monty_params};
use std::sync::OnceLock;
use zeroize::{Zeroize, Zeroizing};

const_monty_params!(
    Group5,
    U1536,
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA237327FFFFFFFFFFFFFFFF",
    "The RFC 3526 1536-bit MODP prime"
);

type Fe = ConstMontyForm<Group5, { U1536::LIMBS }>;

/// Length of a public key and of the shared secret on the wire.
pub const KEY_LEN: usize = 192;
/// Bytes of a freshly drawn private key: 200 bits, as the reference implementation's.
pub const PRIVATE_LEN: usize = 25;

const WINDOW_BITS: usize = 4;
const WINDOWS: usize = 1536 / WINDOW_BITS;
const DIGITS: usize = 1 << WINDOW_BITS;

/// `TABLE[j][d] = 2^(d * 16^j)`: built once per process (about 1.2 MB, a few milliseconds).
fn table() -> &'static [[Fe; DIGITS]] {
    static TABLE: OnceLock<Vec<[Fe; DIGITS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut rows = Vec::with_capacity(WINDOWS);
        let mut base = Fe::new(&U1536::from_u8(2));
        for _ in 0..WINDOWS {
            let mut row = [Fe::ONE; DIGITS];
            for d in 1..DIGITS {
                row[d] = row[d - 1].mul(&base);
            }
            base = row[DIGITS - 1].mul(&base); // 2^(16^(j+1))
            rows.push(row);
        }
        rows
    })
}

/// The modulus for variable-base exponentiation: crypto-bigint's heap-backed Montgomery
/// form measured about 15% faster here for `y^x` than the fixed-size one.
fn boxed_params() -> &'static BoxedMontyParams {
    static PARAMS: OnceLock<BoxedMontyParams> = OnceLock::new();
    PARAMS.get_or_init(|| {
        let p = BoxedUint::from_be_slice(&Group5::PARAMS.modulus().as_ref().to_be_bytes(), 1536)
            .expect("192 bytes fit 1536 bits");
        BoxedMontyParams::new(Odd::new(p).expect("the group 5 prime is odd"))
    })
}

/// `2^exponent mod p` for an exponent below `2^bits`, constant time in the exponent.
fn pow2(exponent: &U1536, bits: usize) -> Fe {
    let bytes = Zeroizing::new(exponent.to_be_bytes());
    let mut acc = Fe::ONE;
    for (j, row) in table().iter().take(bits.div_ceil(WINDOW_BITS)).enumerate() {
        // Window j is bits 4j..4j+4 from the least significant end.
        let byte = bytes[KEY_LEN - 1 - j / 2];
        let digit = if j % 2 == 0 { byte & 0x0f } else { byte >> 4 };
        let mut chosen = Fe::ONE;
        for (d, candidate) in row.iter().enumerate() {
            chosen.ct_assign(candidate, digit.ct_eq(&(d as u8)));
        }
        acc = acc.mul(&chosen);
    }
    acc
}

/// A private exponent and its public key `2^x mod p`.
pub struct KeyPair {
    private: U1536,
    /// The private key is below `2^bits` (its drawn length, not its value).
    bits: usize,
    public: [u8; KEY_LEN],
}

impl Drop for KeyPair {
    fn drop(&mut self) {
        self.private.zeroize();
    }
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair").field("public", &hex::encode(&self.public[..8])).finish_non_exhaustive()
    }
}

impl KeyPair {
    /// From 1 to 192 random bytes, big-endian. A value of 0 or 1, or one at or above p - 1,
    /// cannot be a private key; its top bit is cleared and bit 1 set, which keeps it in range.
    pub fn from_private_bytes(bytes: &[u8]) -> Self {
        let bytes = &bytes[..bytes.len().min(KEY_LEN)];
        let mut padded = Zeroizing::new([0u8; KEY_LEN]);
        padded[KEY_LEN - bytes.len()..].copy_from_slice(bytes);
        let mut private = U1536::from_be_slice(&padded[..]);
        let p_minus_1 = Group5::PARAMS.modulus().as_ref().wrapping_sub(&U1536::ONE);
        if private >= p_minus_1 || private <= U1536::ONE {
            padded[0] &= 0x7f;
            padded[KEY_LEN - 1] |= 0x02;
            private = U1536::from_be_slice(&padded[..]);
        }
        let bits = (bytes.len() * 8).max(2);
        let public = pow2(&private, bits).retrieve().to_be_bytes();
        let mut out = [0u8; KEY_LEN];
        out.copy_from_slice(&public);
        KeyPair { private, bits, public: out }
    }

    pub fn public_key(&self) -> &[u8; KEY_LEN] {
        &self.public
    }

    /// `peer^x mod p`, left-zero-padded to 192 bytes (`wpabuf_zeropad(dh_shared, 192)`).
    /// Refuses peer keys outside 2..p-2, which would give a guessable secret.
    pub fn shared_secret(&self, peer: &[u8]) -> Option<Zeroizing<[u8; KEY_LEN]>> {
        if peer.len() != KEY_LEN {
            return None;
        }
        let y = U1536::from_be_slice(peer);
        let p_minus_1 = Group5::PARAMS.modulus().as_ref().wrapping_sub(&U1536::ONE);
        if y <= U1536::ONE || y >= p_minus_1 {
            return None;
        }
        let base = BoxedUint::from_be_slice(peer, 1536).ok()?;
        // Every temporary that holds the private key or the secret is wiped, not only the result.
        let private = Zeroizing::new(self.private.to_be_bytes());
        let mut exponent = BoxedUint::from_be_slice(&private[..], 1536).ok()?;
        let mut power = BoxedMontyForm::new(base, boxed_params()).pow_bounded_exp(&exponent, self.bits as u32);
        exponent.zeroize();
        let mut shared = power.retrieve();
        power.zeroize();
        let bytes = Zeroizing::new(shared.to_be_bytes());
        shared.zeroize();
        let mut out = Zeroizing::new([0u8; KEY_LEN]);
        out.copy_from_slice(&bytes);
        Some(out)
    }
}

/// Builds the fixed-base table now, so the first key generation is not the slow one.
pub fn warm_up() {
    let _ = table();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_base_agrees_with_plain_exponentiation() {
        let mut x = [0u8; KEY_LEN];
        for (i, b) in x.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(151).wrapping_add(7);
        }
        x[0] = 0x3a;
        let pair = KeyPair::from_private_bytes(&x);
        let plain = Fe::new(&U1536::from_u8(2)).pow(&U1536::from_be_slice(&x)).retrieve().to_be_bytes();
        assert_eq!(pair.public_key()[..], plain[..]);
        // A 200-bit key as hostapd draws it: the same as its full-length zero-padded form.
        let short = KeyPair::from_private_bytes(&x[..PRIVATE_LEN]);
        let mut padded = [0u8; KEY_LEN];
        padded[KEY_LEN - PRIVATE_LEN..].copy_from_slice(&x[..PRIVATE_LEN]);
        let long = KeyPair::from_private_bytes(&padded);
        assert_eq!(short.public_key(), long.public_key());
        let peer = KeyPair::from_private_bytes(&[0x42; PRIVATE_LEN]);
        assert_eq!(*short.shared_secret(peer.public_key()).unwrap(), *long.shared_secret(peer.public_key()).unwrap());
        assert_eq!(*short.shared_secret(peer.public_key()).unwrap(), *peer.shared_secret(short.public_key()).unwrap());
    }

    #[test]
    fn both_sides_agree_and_bad_peers_are_refused() {
        let a = KeyPair::from_private_bytes(&[0x11; KEY_LEN]);
        let b = KeyPair::from_private_bytes(&[0x5c; KEY_LEN]);
        assert_eq!(*a.shared_secret(b.public_key()).unwrap(), *b.shared_secret(a.public_key()).unwrap());
        assert!(a.shared_secret(&[0u8; KEY_LEN]).is_none());
        let mut one = [0u8; KEY_LEN];
        one[KEY_LEN - 1] = 1;
        assert!(a.shared_secret(&one).is_none());
        assert!(a.shared_secret(&[0xff; KEY_LEN]).is_none());
        assert!(a.shared_secret(&[1; 10]).is_none());
    }
}
