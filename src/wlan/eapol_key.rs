//! EAPOL-Key frames of the 4-way handshake (IEEE 802.11-2020 12.7.2): the RSN key
//! descriptor, its Key Information bits, and which of the four messages a frame is.

use std::fmt;

use super::keys::{MIC_LEN, NONCE_LEN, Nonce};

/// EAPOL packet type 3.
pub const EAPOL_KEY: u8 = 3;
/// Descriptor type 2: RSN.
const DESCRIPTOR_RSN: u8 = 2;
/// Where the MIC sits in the frame (EAPOL header 4, then 77 bytes of descriptor).
pub const MIC_OFFSET: usize = 81;
/// The smallest EAPOL-Key frame: the EAPOL header (4) and a 95-byte descriptor without
/// key data.
pub const MIN_LEN: usize = 99;

/// Key Information bits.
pub mod info {
    /// Key descriptor version 2: HMAC-SHA1-128 MIC, AES key wrap (CCMP).
    pub const VERSION_AES_HMAC_SHA1: u16 = 2;
    pub const VERSION_MASK: u16 = 0x0007;
    pub const PAIRWISE: u16 = 1 << 3;
    pub const INSTALL: u16 = 1 << 6;
    pub const ACK: u16 = 1 << 7;
    pub const MIC: u16 = 1 << 8;
    pub const SECURE: u16 = 1 << 9;
    pub const ERROR: u16 = 1 << 10;
    pub const REQUEST: u16 = 1 << 11;
    pub const ENCRYPTED_KEY_DATA: u16 = 1 << 12;
}

/// One EAPOL-Key frame.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyFrame {
    /// EAPOL protocol version: hostapd sends 2 (`eapol_version=2`), wpa_supplicant 1 (its
    /// default `eapol_version=1`).
    pub version: u8,
    pub info: u16,
    pub key_length: u16,
    pub replay_counter: u64,
    pub nonce: Nonce,
    pub iv: [u8; 16],
    pub rsc: [u8; 8],
    pub mic: [u8; MIC_LEN],
    pub data: Vec<u8>,
}

impl fmt::Debug for KeyFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyFrame({self}, replay {})", self.replay_counter)
    }
}

/// Which message of the 4-way handshake a frame is, told by its Key Information bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    One,
    Two,
    Three,
    Four,
}

impl Message {
    pub fn number(self) -> u8 {
        match self {
            Message::One => 1,
            Message::Two => 2,
            Message::Three => 3,
            Message::Four => 4,
        }
    }
}

impl KeyFrame {
    pub fn new(version: u8, info: u16, key_length: u16, replay_counter: u64, nonce: Nonce, data: Vec<u8>) -> Self {
        KeyFrame {
            version,
            info: info | info::VERSION_AES_HMAC_SHA1,
            key_length,
            replay_counter,
            nonce,
            iv: [0; 16],
            rsc: [0; 8],
            mic: [0; MIC_LEN],
            data,
        }
    }

    pub fn has(&self, bit: u16) -> bool {
        self.info & bit != 0
    }

    /// The message a frame is (pairwise only; group-key frames are not used here).
    pub fn message(&self) -> Option<Message> {
        use info::*;
        if !self.has(PAIRWISE) || self.has(REQUEST) || self.has(ERROR) {
            return None;
        }
        Some(match (self.has(ACK), self.has(MIC), self.has(SECURE)) {
            (true, false, false) => Message::One,
            (false, true, false) => Message::Two,
            (true, true, true) if self.has(INSTALL) => Message::Three,
            (false, true, true) => Message::Four,
            _ => return None,
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let body_len = 95 + self.data.len();
        let mut b = Vec::with_capacity(4 + body_len);
        b.extend_from_slice(&[self.version, EAPOL_KEY]);
        b.extend_from_slice(&(body_len as u16).to_be_bytes());
        b.push(DESCRIPTOR_RSN);
        b.extend_from_slice(&self.info.to_be_bytes());
        b.extend_from_slice(&self.key_length.to_be_bytes());
        b.extend_from_slice(&self.replay_counter.to_be_bytes());
        b.extend_from_slice(&self.nonce);
        b.extend_from_slice(&self.iv);
        b.extend_from_slice(&self.rsc);
        b.extend_from_slice(&[0; 8]); // reserved (Key ID)
        b.extend_from_slice(&self.mic);
        b.extend_from_slice(&(self.data.len() as u16).to_be_bytes());
        b.extend_from_slice(&self.data);
        b
    }

    /// The bytes the MIC covers: the whole frame with its MIC field zero.
    pub fn bytes_for_mic(&self) -> Vec<u8> {
        let mut b = self.to_bytes();
        b[MIC_OFFSET..MIC_OFFSET + MIC_LEN].fill(0);
        b
    }

    pub fn parse(bytes: &[u8]) -> Result<KeyFrame, KeyFrameError> {
        if bytes.len() < MIN_LEN {
            return Err(KeyFrameError::TooShort { have: bytes.len() });
        }
        if bytes[1] != EAPOL_KEY {
            return Err(KeyFrameError::NotKey { packet_type: bytes[1] });
        }
        let body_len = usize::from(u16::from_be_bytes([bytes[2], bytes[3]]));
        if bytes.len() < 4 + body_len || body_len < 95 {
            return Err(KeyFrameError::BadLength { body_len, there: bytes.len() - 4 });
        }
        if bytes[4] != DESCRIPTOR_RSN {
            return Err(KeyFrameError::NotRsn { descriptor: bytes[4] });
        }
        let u16_at = |i: usize| u16::from_be_bytes([bytes[i], bytes[i + 1]]);
        let data_len = usize::from(u16_at(97));
        if 95 + data_len > body_len {
            return Err(KeyFrameError::DataPastEnd { data_len });
        }
        let mut frame = KeyFrame {
            version: bytes[0],
            info: u16_at(5),
            key_length: u16_at(7),
            replay_counter: u64::from_be_bytes(bytes[9..17].try_into().expect("8 bytes")),
            nonce: [0; NONCE_LEN],
            iv: [0; 16],
            rsc: [0; 8],
            mic: [0; MIC_LEN],
            data: bytes[99..99 + data_len].to_vec(),
        };
        frame.nonce.copy_from_slice(&bytes[17..49]);
        frame.iv.copy_from_slice(&bytes[49..65]);
        frame.rsc.copy_from_slice(&bytes[65..73]);
        frame.mic.copy_from_slice(&bytes[MIC_OFFSET..MIC_OFFSET + MIC_LEN]);
        if frame.info & info::VERSION_MASK != info::VERSION_AES_HMAC_SHA1 {
            return Err(KeyFrameError::Version { version: frame.info & info::VERSION_MASK });
        }
        Ok(frame)
    }
}

/// Why bytes are not an EAPOL-Key frame of the WPA2 4-way handshake.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum KeyFrameError {
    #[error("an EAPOL-Key frame needs {MIN_LEN} bytes, have {have}")]
    TooShort { have: usize },
    #[error("EAPOL packet type {packet_type} is not Key (3)")]
    NotKey { packet_type: u8 },
    #[error("EAPOL length {body_len} does not fit the {there} bytes there")]
    BadLength { body_len: usize, there: usize },
    #[error("key descriptor type {descriptor} is not RSN (2)")]
    NotRsn { descriptor: u8 },
    #[error("key data length {data_len} runs past the frame")]
    DataPastEnd { data_len: usize },
    #[error("key descriptor version {version} is not 2 (AES, HMAC-SHA1)")]
    Version { version: u16 },
}

impl fmt::Display for KeyFrame {
    /// The ladder's label: "4-way 1/4", never to be confused with M1..M8.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.message() {
            Some(m) => write!(f, "4-way {}/4", m.number()),
            None => f.write_str("EAPOL-Key"),
        }
    }
}

/// Whether EAPOL bytes are an EAPOL-Key frame (the join) rather than EAP (WPS).
pub fn is_key_frame(bytes: &[u8]) -> bool {
    bytes.get(1) == Some(&EAPOL_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_survives_the_round_trip_and_names_its_message() {
        let m1 = KeyFrame::new(2, info::PAIRWISE | info::ACK, 16, 1, [9; 32], Vec::new());
        let bytes = m1.to_bytes();
        assert_eq!(bytes.len(), MIN_LEN);
        assert_eq!(&bytes[5..7], &[0x00, 0x8a], "Key Information of message 1 as hostapd sends it");
        let back = KeyFrame::parse(&bytes).unwrap();
        assert_eq!(back, m1);
        assert_eq!(back.to_string(), "4-way 1/4");
        let m3 = KeyFrame::new(
            2,
            info::PAIRWISE | info::INSTALL | info::ACK | info::MIC | info::SECURE | info::ENCRYPTED_KEY_DATA,
            16,
            2,
            [9; 32],
            vec![1; 56],
        );
        assert_eq!(m3.to_bytes()[5..7], [0x13, 0xca]);
        assert_eq!(KeyFrame::parse(&m3.to_bytes()).unwrap().message(), Some(Message::Three));
    }

    #[test]
    fn short_or_foreign_frames_are_refused_with_a_reason() {
        assert_eq!(KeyFrame::parse(&[2, 3, 0, 0]), Err(KeyFrameError::TooShort { have: 4 }));
        assert!(KeyFrame::parse(&[2, 3, 0, 0]).unwrap_err().to_string().contains("needs 99 bytes"));
        let mut bytes = KeyFrame::new(2, info::PAIRWISE | info::ACK, 16, 1, [0; 32], Vec::new()).to_bytes();
        bytes[98] = 200; // key data length beyond the frame
        assert!(matches!(KeyFrame::parse(&bytes), Err(KeyFrameError::DataPastEnd { .. })));
    }
}
