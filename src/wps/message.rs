//! WSC messages: typed M1, M2/M2D and Credential with parse and emit in hostapd's
//! attribute order; helpers shared by the messages built inside the state machines.

use super::attr::{AttrWriter, Attrs};
use super::crypto::{NONCE_LEN, dh::KEY_LEN};
use super::defs::{AttrType, DevicePasswordId, MsgType, VERSION, VERSION2, WFA_VENDOR_ID};
pub use super::dev_attr::DeviceInfo;
use super::error::ParseError;
use super::secret::Secret;
pub use super::text::printable;

pub use super::ids::{Mac, Uuid};
pub type Nonce = [u8; NONCE_LEN];

/// The Version2 vendor extension every WPS 2.0 message ends with: `00372a 00 01 20`.
pub fn version2_ext() -> Vec<u8> {
    let mut v = WFA_VENDOR_ID.to_vec();
    v.extend_from_slice(&[0x00, 0x01, VERSION2]);
    v
}

/// A message body begins with Version and Message Type.
pub fn header(msg: MsgType) -> AttrWriter {
    let mut w = AttrWriter::new();
    w.put_u8(AttrType::Version, VERSION).put_u8(AttrType::MsgType, msg.to_u16() as u8);
    w
}

/// The Message Type of a body, if it parses that far.
pub fn msg_type_of(body: &[u8]) -> Option<MsgType> {
    let attrs = Attrs::parse(body).ok()?;
    attrs.u8(AttrType::MsgType).ok().map(|t| MsgType::from_u16(u16::from(t)))
}

/// The Message Type of the start of a body (a first fragment): attributes are read only
/// until it is found, and a cut at the end does not matter.
pub fn msg_type_of_start(body: &[u8]) -> Option<MsgType> {
    let mut at = 0;
    while let Some(header) = body.get(at..at + 4) {
        let ty = u16::from_be_bytes([header[0], header[1]]);
        let len = usize::from(u16::from_be_bytes([header[2], header[3]]));
        if ty == AttrType::MsgType.to_u16() {
            return (len == 1).then(|| body.get(at + 4)).flatten().map(|t| MsgType::from_u16(u16::from(*t)));
        }
        at += 4 + len;
    }
    None
}

/// Whether a WSC_MSG body is the tail of a fragmented message: every whole message starts
/// with the Version attribute (0x104a); a piece cut from the middle of one does not.
pub fn is_fragment_tail(body: &[u8]) -> bool {
    !body.is_empty() && !body.starts_with(&AttrType::Version.to_u16().to_be_bytes())
}

/// M1: the enrollee introduces itself and its public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct M1 {
    pub uuid_e: Uuid,
    pub mac: Mac,
    pub enrollee_nonce: Nonce,
    pub public_key: [u8; KEY_LEN],
    pub device: DeviceInfo,
    pub wps_state: u8,
    pub assoc_state: u16,
    pub device_password_id: DevicePasswordId,
    pub config_error: u16,
    pub vendor_ext: Vec<u8>,
}

impl M1 {
    pub fn emit(&self) -> Vec<u8> {
        let mut w = header(MsgType::M1);
        w.put(AttrType::UuidE, self.uuid_e.as_ref())
            .put(AttrType::MacAddr, self.mac.as_ref())
            .put(AttrType::EnrolleeNonce, &self.enrollee_nonce)
            .put(AttrType::PublicKey, &self.public_key);
        self.device.put_flags(&mut w);
        w.put_u8(AttrType::WpsState, self.wps_state);
        self.device.put_device_attrs(&mut w);
        w.put_u8(AttrType::RfBands, self.device.rf_bands);
        w.put_u16(AttrType::AssocState, self.assoc_state)
            .put_u16(AttrType::DevicePasswordId, self.device_password_id.to_u16())
            .put_u16(AttrType::ConfigError, self.config_error)
            .put_u32(AttrType::OsVersion, self.device.os_version)
            .put(AttrType::VendorExt, &self.vendor_ext);
        w.finish()
    }

    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        let a = Attrs::parse(body)?;
        expect_type(&a, MsgType::M1)?;
        Ok(M1 {
            uuid_e: Uuid(a.fixed(AttrType::UuidE)?),
            mac: Mac(a.fixed(AttrType::MacAddr)?),
            enrollee_nonce: a.fixed(AttrType::EnrolleeNonce)?,
            public_key: a.fixed(AttrType::PublicKey)?,
            device: DeviceInfo::parse(&a)?,
            wps_state: a.u8(AttrType::WpsState)?,
            assoc_state: a.u16(AttrType::AssocState)?,
            device_password_id: DevicePasswordId::from_u16(a.u16(AttrType::DevicePasswordId)?),
            config_error: a.u16(AttrType::ConfigError)?,
            vendor_ext: a.bytes_or_empty(AttrType::VendorExt),
        })
    }
}

/// M2 (with a public key and Authenticator) or M2D (without: "no password for you yet").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct M2 {
    pub enrollee_nonce: Nonce,
    pub registrar_nonce: Nonce,
    pub uuid_r: Uuid,
    /// `None` makes this an M2D.
    pub public_key: Option<[u8; KEY_LEN]>,
    pub device: DeviceInfo,
    pub assoc_state: u16,
    pub config_error: u16,
    pub device_password_id: DevicePasswordId,
}

impl M2 {
    /// The body without the Authenticator (M2) or complete (M2D).
    pub fn emit_unsealed(&self) -> AttrWriter {
        let ty = if self.public_key.is_some() { MsgType::M2 } else { MsgType::M2D };
        let mut w = header(ty);
        w.put(AttrType::EnrolleeNonce, &self.enrollee_nonce)
            .put(AttrType::RegistrarNonce, &self.registrar_nonce)
            .put(AttrType::UuidR, self.uuid_r.as_ref());
        if let Some(pk) = &self.public_key {
            w.put(AttrType::PublicKey, pk);
        }
        self.device.put_flags(&mut w);
        self.device.put_device_attrs(&mut w);
        w.put_u8(AttrType::RfBands, self.device.rf_bands);
        w.put_u16(AttrType::AssocState, self.assoc_state).put_u16(AttrType::ConfigError, self.config_error);
        if self.public_key.is_some() {
            w.put_u16(AttrType::DevicePasswordId, self.device_password_id.to_u16());
        }
        w.put_u32(AttrType::OsVersion, self.device.os_version).put(AttrType::VendorExt, &version2_ext());
        w
    }

    pub fn parse(body: &[u8]) -> Result<Self, ParseError> {
        let a = Attrs::parse(body)?;
        let ty = msg_type(&a)?;
        if ty != MsgType::M2 && ty != MsgType::M2D {
            return Err(ParseError::BadValue { attr: AttrType::MsgType, why: "expected M2 or M2D" });
        }
        let public_key = if ty == MsgType::M2 { Some(a.fixed(AttrType::PublicKey)?) } else { None };
        Ok(M2 {
            enrollee_nonce: a.fixed(AttrType::EnrolleeNonce)?,
            registrar_nonce: a.fixed(AttrType::RegistrarNonce)?,
            uuid_r: Uuid(a.fixed(AttrType::UuidR)?),
            public_key,
            device: DeviceInfo::parse(&a)?,
            assoc_state: a.opt_u16(AttrType::AssocState)?.unwrap_or(0),
            config_error: a.opt_u16(AttrType::ConfigError)?.unwrap_or(0),
            device_password_id: a
                .opt_u16(AttrType::DevicePasswordId)?
                .map_or(DevicePasswordId::Default, DevicePasswordId::from_u16),
        })
    }
}

/// The network settings M8 hands over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    pub network_index: u8,
    pub ssid: Vec<u8>,
    pub auth_type: u16,
    pub encr_type: u16,
    pub network_key_index: Option<u8>,
    pub network_key: Secret<Vec<u8>>,
    pub mac: Mac,
}

impl Credential {
    pub fn emit(&self) -> Vec<u8> {
        let mut w = AttrWriter::new();
        w.put_u8(AttrType::NetworkIndex, self.network_index)
            .put(AttrType::Ssid, &self.ssid)
            .put_u16(AttrType::AuthType, self.auth_type)
            .put_u16(AttrType::EncrType, self.encr_type);
        if let Some(i) = self.network_key_index {
            w.put_u8(AttrType::NetworkKeyIndex, i);
        }
        w.put(AttrType::NetworkKey, &self.network_key).put(AttrType::MacAddr, self.mac.as_ref());
        w.finish()
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, ParseError> {
        let a = Attrs::parse(bytes)?;
        let key_index =
            if a.get(AttrType::NetworkKeyIndex).is_some() { Some(a.u8(AttrType::NetworkKeyIndex)?) } else { None };
        Ok(Credential {
            network_index: a
                .get(AttrType::NetworkIndex)
                .map(|_| a.u8(AttrType::NetworkIndex))
                .transpose()?
                .unwrap_or(1),
            ssid: a.require(AttrType::Ssid)?.to_vec(),
            auth_type: a.u16(AttrType::AuthType)?,
            encr_type: a.u16(AttrType::EncrType)?,
            network_key_index: key_index,
            network_key: a.bytes_or_empty(AttrType::NetworkKey).into(),
            mac: Mac(a.fixed(AttrType::MacAddr)?),
        })
    }

    /// The network name, safe to show.
    pub fn ssid_text(&self) -> String {
        printable(&self.ssid)
    }
}

/// WSC_ACK, WSC_NACK and WSC_Done share one shape (`wps_build_wsc_ack/nack`).
pub fn build_status(
    msg: MsgType,
    enrollee_nonce: &Nonce,
    registrar_nonce: &Nonce,
    config_error: Option<u16>,
) -> Vec<u8> {
    let mut w = header(msg);
    w.put(AttrType::EnrolleeNonce, enrollee_nonce).put(AttrType::RegistrarNonce, registrar_nonce);
    if let Some(e) = config_error {
        w.put_u16(AttrType::ConfigError, e);
    }
    w.put(AttrType::VendorExt, &version2_ext());
    w.finish()
}

pub fn msg_type(a: &Attrs<'_>) -> Result<MsgType, ParseError> {
    Ok(MsgType::from_u16(u16::from(a.u8(AttrType::MsgType)?)))
}

pub fn expect_type(a: &Attrs<'_>, want: MsgType) -> Result<(), ParseError> {
    if msg_type(a)? == want {
        Ok(())
    } else {
        Err(ParseError::BadValue { attr: AttrType::MsgType, why: "not the message type expected here" })
    }
}
