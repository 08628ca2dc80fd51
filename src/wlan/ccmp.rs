//! CCMP (IEEE 802.11-2020 12.5.3): AES-CCM with an 8-byte MIC over a data frame's body,
//! the MAC header's fixed fields as additional data, and the packet number in the nonce.
//! The cipher is RustCrypto's `ccm`; only the 802.11 framing around it is here.

use aes::Aes128;
use ccm::Ccm;
use ccm::aead::{AeadInOut, KeyInit};
use ccm::consts::{U8, U13};

use super::frame::PROTECTED;
use super::keys::TK_LEN;

type Aes128Ccm8 = Ccm<Aes128, U8, U13>;

/// CCMP header (8) and MIC (8): what sealing adds to a body.
pub const OVERHEAD: usize = 16;
/// Key ID 0 with the Extended IV bit, as hostapd and wpa_supplicant send pairwise frames.
const KEY_ID_OCTET: u8 = 0x20;

/// Why a sealed body did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CcmpError {
    TooShort,
    /// The MIC did not check: another key, or changed bytes.
    Mic,
    /// The packet number is not above the last one received under this key: a frame heard
    /// before, played again.
    Replay {
        pn: u64,
        last: u64,
    },
}

/// The receiver's replay check for one key (IEEE 802.11-2020 12.5.3.4.4): a frame whose
/// packet number is not above the last one accepted is dropped and counted
/// (`dot11RSNAStatsCCMPReplays`). Like Linux's mac80211 (`ieee80211_crypto_ccmp_decrypt`),
/// the number is compared before decrypting and kept only once the MIC checks, so a forged
/// frame cannot move it. One counter: every frame here is priority 0 (no QoS).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Receiver {
    last: Option<u64>,
    replays: u64,
}

impl Receiver {
    /// Opens `body` as [`open`] does, refusing a packet number already passed.
    pub fn open(&mut self, tk: &[u8; TK_LEN], header: &[u8; 24], body: &[u8]) -> Result<(u64, Vec<u8>), CcmpError> {
        let pn = packet_number(body)?;
        if let Some(last) = self.last.filter(|last| pn <= *last) {
            self.replays += 1;
            return Err(CcmpError::Replay { pn, last });
        }
        let opened = open(tk, header, body)?;
        self.last = Some(pn);
        Ok(opened)
    }

    /// Frames dropped as replays under this key.
    pub fn replays(&self) -> u64 {
        self.replays
    }
}

/// The packet number out of a sealed body's CCMP header.
fn packet_number(body: &[u8]) -> Result<u64, CcmpError> {
    let h = body.get(..8).filter(|_| body.len() >= OVERHEAD).ok_or(CcmpError::TooShort)?;
    Ok(u64::from_le_bytes([h[0], h[1], h[4], h[5], h[6], h[7], 0, 0]))
}

/// The additional authenticated data: frame control with the bits that may change in
/// flight masked (subtype bits 4-6, Retry, Power Management, More Data) and Protected set,
/// the three addresses, and sequence control with only the fragment number.
fn aad(header: &[u8; 24]) -> [u8; 22] {
    let mut a = [0u8; 22];
    a[0] = header[0] & 0x8f;
    a[1] = (header[1] & !0x38) | PROTECTED;
    a[2..20].copy_from_slice(&header[4..22]);
    a[20] = header[22] & 0x0f;
    a[21] = 0;
    a
}

/// The nonce: priority 0 (no QoS), the transmitter's address (A2), the packet number.
fn nonce(header: &[u8; 24], pn: u64) -> [u8; 13] {
    let mut n = [0u8; 13];
    n[1..7].copy_from_slice(&header[10..16]);
    n[7..13].copy_from_slice(&pn.to_be_bytes()[2..]);
    n
}

fn ccmp_header(pn: u64) -> [u8; 8] {
    let p = pn.to_le_bytes();
    [p[0], p[1], 0, KEY_ID_OCTET, p[2], p[3], p[4], p[5]]
}

/// Seals `plaintext` (the LLC/SNAP header and what it carries) for the frame whose MAC
/// header is `header`: CCMP header, ciphertext, MIC.
pub fn seal(tk: &[u8; TK_LEN], header: &[u8; 24], pn: u64, plaintext: &[u8]) -> Vec<u8> {
    let cipher = Aes128Ccm8::new(tk.into());
    let mut body = ccmp_header(pn).to_vec();
    let mut data = plaintext.to_vec();
    let mic = cipher
        .encrypt_inout_detached(&nonce(header, pn).into(), &aad(header), data.as_mut_slice().into())
        .expect("a data frame is far below CCM's length limit");
    body.extend_from_slice(&data);
    body.extend_from_slice(&mic);
    body
}

/// Opens a body [`seal`] made: the packet number and the plaintext.
pub fn open(tk: &[u8; TK_LEN], header: &[u8; 24], body: &[u8]) -> Result<(u64, Vec<u8>), CcmpError> {
    let pn = packet_number(body)?;
    let (data, mic) = body[8..].split_at(body.len() - OVERHEAD);
    let mic: [u8; 8] = mic.try_into().map_err(|_| CcmpError::TooShort)?;
    let mut data = data.to_vec();
    let cipher = Aes128Ccm8::new(tk.into());
    cipher
        .decrypt_inout_detached(&nonce(header, pn).into(), &aad(header), data.as_mut_slice().into(), (&mic).into())
        .map_err(|_| CcmpError::Mic)?;
    Ok((pn, data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wps::ids::Mac;

    fn hex(s: &str) -> Vec<u8> {
        hex::decode(s.replace(' ', "")).unwrap()
    }

    /// IEEE 802.11-2012 Annex M.6.4, the CCMP test vector (hostapd's test_vector_ccmp): a
    /// data frame with Retry set, which the additional data masks.
    #[test]
    fn the_standards_ccmp_vector() {
        let tk: [u8; 16] = hex("c97c1f67ce371185514a8a19f2bdd52f").try_into().unwrap();
        let header: [u8; 24] =
            hex("08 48 c3 2c 0f d2 e1 28 a5 7c 50 30 f1 84 44 08 ab ae a5 b8 fc ba 80 33").try_into().unwrap();
        let plaintext = hex("f8 ba 1a 55 d0 2f 85 ae 96 7b b6 2f b6 cd a8 eb 7e 78 a0 50");
        let pn = 0xB503_9776_E70C;
        assert_eq!(aad(&header).to_vec(), hex("08 40 0f d2 e1 28 a5 7c 50 30 f1 84 44 08 ab ae a5 b8 fc ba 00 00"));
        assert_eq!(nonce(&header, pn).to_vec(), hex("00 50 30 f1 84 44 08 b5 03 97 76 e7 0c"));
        let body = seal(&tk, &header, pn, &plaintext);
        assert_eq!(
            body,
            hex(
                "0c e7 00 20 76 97 03 b5 f3 d0 a2 fe 9a 3d bf 23 42 a6 43 e4 32 46 e8 0c 3c 04 d0 19 78 45 ce 0b 16 f9 76 23"
            )
        );
        assert_eq!(open(&tk, &header, &body), Ok((pn, plaintext)));
    }

    /// A data frame's header between a station and its router, either way.
    fn header(direction: super::super::frame::Direction) -> [u8; 24] {
        super::super::frame::data_header(direction, true, &Mac([2; 6]), &Mac([1; 6]), &Mac([0xff; 6]), 0)
    }

    #[test]
    fn another_key_or_a_changed_byte_fails_the_mic() {
        let header = header(super::super::frame::Direction::ToAp);
        let body = seal(&[7; 16], &header, 1, b"hello");
        assert_eq!(open(&[8; 16], &header, &body), Err(CcmpError::Mic));
        let mut changed = body.clone();
        changed[9] ^= 1;
        assert_eq!(open(&[7; 16], &header, &changed), Err(CcmpError::Mic));
        assert_eq!(open(&[7; 16], &header, &body[..10]), Err(CcmpError::TooShort));
    }

    /// A frame heard again is dropped and counted; a later one passes; a forged frame with
    /// a high packet number does not move the counter.
    #[test]
    fn the_receiver_drops_a_packet_number_it_has_passed() {
        let header = header(super::super::frame::Direction::FromAp);
        let tk = [7; 16];
        let mut rx = Receiver::default();
        let (one, two, three) =
            (seal(&tk, &header, 1, b"one"), seal(&tk, &header, 2, b"two"), seal(&tk, &header, 3, b"3"));
        assert_eq!(rx.open(&tk, &header, &two), Ok((2, b"two".to_vec())));
        assert_eq!(rx.open(&tk, &header, &two), Err(CcmpError::Replay { pn: 2, last: 2 }));
        assert_eq!(rx.open(&tk, &header, &one), Err(CcmpError::Replay { pn: 1, last: 2 }));
        let mut forged = seal(&tk, &header, 9, b"nine");
        forged[10] ^= 1;
        assert_eq!(rx.open(&tk, &header, &forged), Err(CcmpError::Mic));
        assert_eq!(rx.open(&tk, &header, &three), Ok((3, b"3".to_vec())), "the forged 9 did not count");
        assert_eq!(rx.replays(), 2);
    }
}
