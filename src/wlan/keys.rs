//! WPA2-PSK keys (IEEE 802.11-2020 12.7.1): the passphrase and the network name become the
//! PMK; the PMK, both addresses and both nonces the PTK, whose KCK signs EAPOL-Key frames,
//! whose KEK wraps the group key in message 3 and whose TK seals data frames (CCMP).
//! Everything rests on RustCrypto: PBKDF2, HMAC-SHA1 and AES key wrap (RFC 3394).

use aes_kw::KwAes128;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::wps::message::Mac as Address;

pub const PMK_LEN: usize = 32;
pub const NONCE_LEN: usize = 32;
pub const MIC_LEN: usize = 16;
pub const TK_LEN: usize = 16;

/// A nonce of the 4-way handshake (ANonce, SNonce).
pub type Nonce = [u8; NONCE_LEN];

type HmacSha1 = Hmac<Sha1>;

/// PMK = PBKDF2-HMAC-SHA1(passphrase, SSID, 4096, 256 bits): the pairwise master key of a
/// WPA2-PSK network, the same for every device that knows the passphrase.
pub fn pmk(passphrase: &[u8], ssid: &[u8]) -> Zeroizing<[u8; PMK_LEN]> {
    let mut out = Zeroizing::new([0u8; PMK_LEN]);
    pbkdf2::pbkdf2_hmac::<Sha1>(passphrase, ssid, 4096, &mut out[..]);
    out
}

fn hmac_sha1(key: &[u8], parts: &[&[u8]]) -> [u8; 20] {
    let mut mac = <HmacSha1 as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// The 802.11 PRF: HMAC-SHA1(key, label || 0 || data || i) for i = 0, 1, ... until `out`
/// is full.
pub fn prf(key: &[u8], label: &[u8], data: &[u8], out: &mut [u8]) {
    for (i, chunk) in out.chunks_mut(20).enumerate() {
        let block = Zeroizing::new(hmac_sha1(key, &[label, &[0], data, &[i as u8]]));
        chunk.copy_from_slice(&block[..chunk.len()]);
    }
}

/// The pairwise transient key of one association (CCMP: 384 bits).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Ptk {
    /// Key confirmation key: the MIC of every EAPOL-Key frame.
    pub kck: [u8; 16],
    /// Key encryption key: wraps the group key in message 3.
    pub kek: [u8; 16],
    /// Temporal key: CCMP over the data frames.
    pub tk: [u8; TK_LEN],
}

impl std::fmt::Debug for Ptk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Ptk(..)")
    }
}

impl Ptk {
    /// PRF-384(PMK, "Pairwise key expansion", min(AA,SPA) || max(AA,SPA) || min(ANonce,SNonce)
    /// || max(ANonce,SNonce)).
    pub fn derive(pmk: &[u8; PMK_LEN], aa: &Address, spa: &Address, anonce: &Nonce, snonce: &Nonce) -> Ptk {
        let mut data = Vec::with_capacity(12 + 64);
        data.extend_from_slice(aa.min(spa).as_ref());
        data.extend_from_slice(aa.max(spa).as_ref());
        data.extend_from_slice(anonce.min(snonce));
        data.extend_from_slice(anonce.max(snonce));
        let mut out = Zeroizing::new([0u8; 48]);
        prf(pmk, b"Pairwise key expansion", &data, &mut out[..]);
        let mut ptk = Ptk { kck: [0; 16], kek: [0; 16], tk: [0; 16] };
        ptk.kck.copy_from_slice(&out[..16]);
        ptk.kek.copy_from_slice(&out[16..32]);
        ptk.tk.copy_from_slice(&out[32..48]);
        ptk
    }
}

/// The MIC of an EAPOL-Key frame (key descriptor version 2): HMAC-SHA1-128 under the KCK,
/// computed over the whole frame with the MIC field zero.
pub fn mic(kck: &[u8; 16], frame: &[u8]) -> [u8; MIC_LEN] {
    let full = hmac_sha1(kck, &[frame]);
    let mut out = [0u8; MIC_LEN];
    out.copy_from_slice(&full[..MIC_LEN]);
    out
}

/// Compares a received MIC with the right one in constant time.
pub fn mic_matches(kck: &[u8; 16], frame_with_zero_mic: &[u8], received: &[u8; MIC_LEN]) -> bool {
    mic(kck, frame_with_zero_mic).ct_eq(received).into()
}

/// AES key wrap (RFC 3394) under the KEK; `data` is a multiple of 8 bytes, at least 16.
pub fn wrap(kek: &[u8; 16], data: &[u8]) -> Vec<u8> {
    let kw = KwAes128::new(kek.into());
    let mut out = vec![0u8; data.len() + aes_kw::IV_LEN];
    kw.wrap_key(data, &mut out).expect("key data is padded to a multiple of 8 bytes");
    out
}

/// Unwraps what [`wrap`] made; `None` when the integrity check fails (a wrong KEK).
pub fn unwrap(kek: &[u8; 16], wrapped: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    if wrapped.len() < 24 || !wrapped.len().is_multiple_of(8) {
        return None;
    }
    let kw = KwAes128::new(kek.into());
    let mut out = Zeroizing::new(vec![0u8; wrapped.len() - aes_kw::IV_LEN]);
    kw.unwrap_key(wrapped, &mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    /// IEEE 802.11-2020 Annex J.4.2, the passphrase-to-PSK mapping's test vectors.
    #[test]
    fn passphrase_to_pmk_known_answers() {
        assert_eq!(
            pmk(b"password", b"IEEE")[..],
            hex("f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e")[..]
        );
        assert_eq!(
            pmk(b"ThisIsAPassword", b"ThisIsASSID")[..],
            hex("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af")[..]
        );
    }

    /// The 802.11 PRF's test vectors (IEEE 802.11 Annex J.3; hostapd's tests/test-sha1.c
    /// runs the same ones with the label "prefix").
    #[test]
    fn prf_known_answers() {
        let mut out = [0u8; 64];
        prf(&[0x0b; 20], b"prefix", b"Hi There", &mut out);
        assert_eq!(
            out[..],
            hex("bcd4c650b30b9684951829e0d75f9d54b862175ed9f00606e17d8da35402ffee\
                 75df78c3d31e0f889f012120c0862beb67753e7439ae242edb8373698356cf5a")[..]
        );
        prf(b"Jefe", b"prefix", b"what do ya want for nothing?", &mut out);
        assert_eq!(
            out[..],
            hex("51f4de5b33f249adf81aeb713a3c20f4fe631446fabdfa58244759ae58ef9009\
                 a99abf4eac2ca5fa87e692c440eb40023e7babb206d61de7b92f41529092b8fc")[..]
        );
    }

    /// RFC 3394 section 4.1: 128 bits of key data wrapped with a 128-bit KEK.
    #[test]
    fn key_wrap_known_answer() {
        let kek: [u8; 16] = hex("000102030405060708090A0B0C0D0E0F").try_into().unwrap();
        let data = hex("00112233445566778899AABBCCDDEEFF");
        let wrapped = wrap(&kek, &data);
        assert_eq!(wrapped, hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"));
        assert_eq!(unwrap(&kek, &wrapped).unwrap()[..], data[..]);
        let mut wrong = kek;
        wrong[0] ^= 1;
        assert!(unwrap(&wrong, &wrapped).is_none(), "a wrong KEK fails the integrity check");
    }

    #[test]
    fn both_sides_derive_the_same_ptk_whichever_is_smaller() {
        let pmk = pmk(b"correct horse", b"HomeNet");
        let (aa, spa) = (Address([2, 0, 0, 0, 0, 1]), Address([2, 0, 0, 0, 0, 2]));
        let (an, sn) = ([7u8; 32], [3u8; 32]);
        let a = Ptk::derive(&pmk, &aa, &spa, &an, &sn);
        let b = Ptk::derive(&pmk, &aa, &spa, &an, &sn);
        assert_eq!((a.kck, a.kek, a.tk), (b.kck, b.kek, b.tk));
        let other = Ptk::derive(&pmk, &aa, &spa, &sn, &an);
        assert_eq!(a.tk, other.tk, "the nonces are ordered, not positional");
        let wrong = Ptk::derive(&super::pmk(b"old password", b"HomeNet"), &aa, &spa, &an, &sn);
        assert_ne!(a.kck, wrong.kck);
    }
}
