//! WPS key derivation and message protection (`wps_common.c`, `wps_attr_build.c`),
//! on RustCrypto primitives: SHA-256, HMAC-SHA-256, AES-128-CBC.

pub mod dh;

use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit, block_padding::Pkcs7};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::attr::{AttrWriter, Attrs};
use super::defs::AttrType;

pub use dh::KeyPair;

type HmacSha256 = Hmac<Sha256>;

pub const NONCE_LEN: usize = 16;
pub const HASH_LEN: usize = 32;
pub const AUTHENTICATOR_LEN: usize = 8;
const KDF_LABEL: &[u8] = b"Wi-Fi Easy and Secure Key Derivation";

/// HMAC-SHA-256 over the concatenation of `parts`.
pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; HASH_LEN] {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Keys of one registration, derived from the Diffie-Hellman secret and both nonces.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SessionKeys {
    pub auth_key: [u8; 32],
    pub key_wrap_key: [u8; 16],
    pub emsk: [u8; 32],
}

impl std::fmt::Debug for SessionKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKeys(..)")
    }
}

impl SessionKeys {
    /// DHKey = SHA-256(shared); KDK = HMAC(DHKey, N1 || EnrolleeMAC || N2); then the KDF
    /// for 640 bits split into AuthKey, KeyWrapKey and EMSK.
    pub fn derive(
        shared: &[u8; dh::KEY_LEN],
        n1: &[u8; NONCE_LEN],
        enrollee_mac: &[u8; 6],
        n2: &[u8; NONCE_LEN],
    ) -> Self {
        let dhkey = Zeroizing::new(<[u8; 32]>::from(Sha256::digest(shared)));
        let kdk = Zeroizing::new(hmac_sha256(&dhkey[..], &[n1, enrollee_mac, n2]));
        let mut out = Zeroizing::new([0u8; 96]);
        for i in 1u32..=3 {
            let block = Zeroizing::new(hmac_sha256(&kdk[..], &[&i.to_be_bytes(), KDF_LABEL, &640u32.to_be_bytes()]));
            let at = (i as usize - 1) * 32;
            out[at..at + 32].copy_from_slice(&block[..]);
        }
        let mut keys = SessionKeys { auth_key: [0; 32], key_wrap_key: [0; 16], emsk: [0; 32] };
        keys.auth_key.copy_from_slice(&out[..32]);
        keys.key_wrap_key.copy_from_slice(&out[32..48]);
        keys.emsk.copy_from_slice(&out[48..80]);
        keys
    }

    /// PSK1 and PSK2: HMAC(AuthKey, half)[0..16], halves of (len+1)/2 and len/2 bytes.
    pub fn psks(&self, password: &[u8]) -> (Zeroizing<[u8; 16]>, Zeroizing<[u8; 16]>) {
        let (first, second) = password.split_at(password.len().div_ceil(2));
        let psk = |half: &[u8]| {
            let full = Zeroizing::new(hmac_sha256(&self.auth_key, &[half]));
            let mut out = Zeroizing::new([0u8; 16]);
            out.copy_from_slice(&full[..16]);
            out
        };
        (psk(first), psk(second))
    }

    /// E-Hash and R-Hash: HMAC(AuthKey, S || PSK || PK_E || PK_R).
    pub fn commitment(
        &self,
        secret_nonce: &[u8; NONCE_LEN],
        psk: &[u8; 16],
        pk_e: &[u8],
        pk_r: &[u8],
    ) -> [u8; HASH_LEN] {
        hmac_sha256(&self.auth_key, &[secret_nonce, psk, pk_e, pk_r])
    }

    /// Authenticator: HMAC(AuthKey, previous body || this body without the Authenticator)[0..8].
    pub fn authenticator(&self, previous: &[u8], current: &[u8]) -> [u8; AUTHENTICATOR_LEN] {
        let full = hmac_sha256(&self.auth_key, &[previous, current]);
        let mut out = [0u8; AUTHENTICATOR_LEN];
        out.copy_from_slice(&full[..AUTHENTICATOR_LEN]);
        out
    }

    /// Appends the Authenticator attribute to a message body being built.
    pub fn seal(&self, previous: &[u8], mut body: AttrWriter) -> Vec<u8> {
        let auth = self.authenticator(previous, body.as_bytes());
        body.put(AttrType::Authenticator, &auth);
        body.finish()
    }

    /// Checks a received body whose last attribute must be the Authenticator (as hostapd reads it).
    pub fn verify_authenticator(&self, previous: &[u8], body: &[u8]) -> bool {
        let Some(split) = body.len().checked_sub(4 + AUTHENTICATOR_LEN) else { return false };
        let (covered, tail) = body.split_at(split);
        if tail[..4] != [0x10, 0x05, 0x00, AUTHENTICATOR_LEN as u8] {
            return false;
        }
        let expected = self.authenticator(previous, covered);
        expected.ct_eq(&tail[4..]).into()
    }

    /// Key Wrap Authenticator over the inner attributes.
    fn kwa(&self, inner: &[u8]) -> [u8; AUTHENTICATOR_LEN] {
        self.authenticator(inner, &[])
    }

    /// Encrypted Settings: IV || AES-128-CBC(KeyWrapKey, IV, inner || KWA, PKCS#5 padding).
    pub fn encrypt_settings(&self, iv: &[u8; 16], inner: &[u8]) -> Vec<u8> {
        let mut plain = AttrWriter::new();
        let kwa = self.kwa(inner);
        let mut buf = Zeroizing::new(inner.to_vec());
        plain.put(AttrType::KeyWrapAuth, &kwa);
        buf.extend_from_slice(plain.as_bytes());
        let cipher = cbc::Encryptor::<aes::Aes128>::new(&self.key_wrap_key.into(), &(*iv).into());
        let mut out = iv.to_vec();
        out.extend_from_slice(&cipher.encrypt_padded_vec::<Pkcs7>(&buf));
        out
    }

    /// Decrypts Encrypted Settings and checks padding and KWA; returns the inner attributes.
    pub fn decrypt_settings(&self, data: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        if data.len() < 32 || !data.len().is_multiple_of(16) {
            return None;
        }
        let (iv, ct) = data.split_at(16);
        let iv: [u8; 16] = iv.try_into().ok()?;
        let cipher = cbc::Decryptor::<aes::Aes128>::new(&self.key_wrap_key.into(), &iv.into());
        let plain = Zeroizing::new(cipher.decrypt_padded_vec::<Pkcs7>(ct).ok()?);
        // The KWA must be the last attribute: 12 bytes, type 0x101e, length 8.
        let split = plain.len().checked_sub(4 + AUTHENTICATOR_LEN)?;
        let (inner, tail) = plain.split_at(split);
        Attrs::parse(inner).ok()?;
        if tail[..4] != [0x10, 0x1e, 0x00, AUTHENTICATOR_LEN as u8] {
            return None;
        }
        if !bool::from(self.kwa(inner).ct_eq(&tail[4..])) {
            return None;
        }
        Some(Zeroizing::new(inner.to_vec()))
    }
}

/// Constant-time equality of two hashes.
pub fn hashes_equal(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// One side's secrets of a run, drawn in the order hostapd's roles draw them: its nonce
/// (N1 or N2), its Diffie-Hellman private key, its two secret nonces (E-S1/E-S2 or
/// R-S1/R-S2), then the IVs of the messages it encrypts (M5, M7; or M4, M6, M8).
pub struct RunSecrets<const IVS: usize> {
    pub nonce: [u8; 16],
    pub dh: KeyPair,
    pub s1: zeroize::Zeroizing<[u8; 16]>,
    pub s2: zeroize::Zeroizing<[u8; 16]>,
    pub ivs: [[u8; 16]; IVS],
}

impl<const IVS: usize> RunSecrets<IVS> {
    /// Draws them, with a private key of `private_len` bytes (1 to 192).
    pub fn draw(entropy: &mut dyn super::entropy::Entropy, private_len: usize) -> Self {
        let mut nonce = [0u8; 16];
        entropy.fill(&mut nonce);
        let mut private = zeroize::Zeroizing::new(vec![0u8; private_len.clamp(1, dh::KEY_LEN)]);
        entropy.fill(&mut private[..]);
        let dh = KeyPair::from_private_bytes(&private);
        let mut s1 = zeroize::Zeroizing::new([0u8; 16]);
        entropy.fill(&mut s1[..]);
        let mut s2 = zeroize::Zeroizing::new([0u8; 16]);
        entropy.fill(&mut s2[..]);
        let mut ivs = [[0u8; 16]; IVS];
        for iv in &mut ivs {
            entropy.fill(iv);
        }
        RunSecrets { nonce, dh, s1, s2, ivs }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    /// Vector A of the facts file: the KDF and PSK from the captured session's secret.
    #[test]
    fn kdf_matches_the_captured_session() {
        let shared: [u8; 192] = h("a762f0624d81df35847c8153147a3aa6551b503a4b55addf7f80d3efd22084d0997393a0cf2d77d62100748df00e45d1ee34bb993cfd2ce0aee0a21d9e91270af16e2b089061ec6715b410c764a17855a27c536fba4ce9a42efbb46c0f922ff17c0d0257d9d5dd83221d6907aea8e4864beb92e90605a3e0e6ca319533e5fd749947062ea61bb3fcdf561cfe0bdcdff2dbdee41226ac1b7f69188742962b8d72f2935d8b6b0d522870459f73ecbceaf3a830a49b798d4c95737ae0fb2364ee9b").try_into().unwrap();
        let n1 = h("198d0d25912c371ceb078933e125d743").try_into().unwrap();
        let n2 = h("67a55361ee72c2214878c570899ff2a0").try_into().unwrap();
        let mac = h("a0a8cd1c7ec9").try_into().unwrap();
        let keys = SessionKeys::derive(&shared, &n1, &mac, &n2);
        assert_eq!(hex::encode(keys.auth_key), "b02a7cc53ef5eebaff0f7414cdab251845be5ad13e0a08b2c8be8735896bc0a5");
        assert_eq!(hex::encode(keys.key_wrap_key), "96e041da940a4504f253bfa3cc3fcca5");
        assert_eq!(hex::encode(keys.emsk), "b04683ae549852fcf5c3cbfe063a515830315df573225ac5e2cc97afbd7af0c6");
        let (p1, p2) = keys.psks(b"00000000");
        assert_eq!(hex::encode(*p1), "a388616b80cd92c72cac87fa176b1115");
        assert_eq!(*p1, *p2);
        // Vector C: PIN halves.
        let (p1, p2) = keys.psks(b"12345670");
        assert_eq!(hex::encode(*p1), "41a03423fa6a0d11856e752c6493d3dc");
        assert_eq!(hex::encode(*p2), "308ec2138c71c61da096b914e57d41c9");
        let (p1, p2) = keys.psks(b"1234");
        assert_eq!(hex::encode(*p1), "ff981b9f732fafad537408ffc78a5cb6");
        assert_eq!(hex::encode(*p2), "9670f8d846cb4e40ded9cf4c2adcdac2");
        let (p1, p2) = keys.psks(b"");
        assert_eq!(hex::encode(*p1), "6def82211a627a66b8e7d65e897b93b7");
        assert_eq!(*p1, *p2);
    }

    #[test]
    fn encrypted_settings_round_trip_and_detect_tampering() {
        let keys = SessionKeys { auth_key: [3; 32], key_wrap_key: [4; 16], emsk: [0; 32] };
        let mut inner = AttrWriter::new();
        inner.put(AttrType::RSnonce1, &[9; 16]);
        let enc = keys.encrypt_settings(&[7; 16], inner.as_bytes());
        assert_eq!(&keys.decrypt_settings(&enc).unwrap()[..], inner.as_bytes());
        for i in 0..enc.len() {
            let mut bad = enc.clone();
            bad[i] ^= 0x01;
            assert!(keys.decrypt_settings(&bad).is_none(), "byte {i} flipped went unnoticed");
        }
    }
}
