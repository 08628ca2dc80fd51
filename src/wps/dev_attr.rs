//! A device's description of itself, built once and used by every message that carries it
//! (hostapd's `wps_dev_attr.c`): M1, M2/M2D, Probe Requests and the router's Probe Responses.

use super::attr::{AttrWriter, Attrs};
use super::defs::AttrType;
use super::error::ParseError;

/// A Primary Device Type as hostapd writes it (`wps_dev_type_bin2str`): category, OUI in
/// hex, sub-category, as in `3-0050F204-5`.
pub fn device_type_text(p: &[u8; 8]) -> String {
    let category = u16::from_be_bytes([p[0], p[1]]);
    let oui = u32::from_be_bytes([p[2], p[3], p[4], p[5]]);
    let sub = u16::from_be_bytes([p[6], p[7]]);
    format!("{category}-{oui:08X}-{sub}")
}

/// What a device says about itself in M1 and M2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub auth_type_flags: u16,
    pub encr_type_flags: u16,
    pub conn_type_flags: u8,
    pub config_methods: u16,
    pub manufacturer: Vec<u8>,
    pub model_name: Vec<u8>,
    pub model_number: Vec<u8>,
    pub serial_number: Vec<u8>,
    pub primary_device_type: [u8; 8],
    pub device_name: Vec<u8>,
    pub rf_bands: u8,
    pub os_version: u32,
}

impl DeviceInfo {
    pub(super) fn parse(a: &Attrs<'_>) -> Result<Self, ParseError> {
        Ok(DeviceInfo {
            auth_type_flags: a.u16(AttrType::AuthTypeFlags)?,
            encr_type_flags: a.u16(AttrType::EncrTypeFlags)?,
            conn_type_flags: a.u8(AttrType::ConnTypeFlags)?,
            config_methods: a.u16(AttrType::ConfigMethods)?,
            manufacturer: a.require(AttrType::Manufacturer)?.to_vec(),
            model_name: a.require(AttrType::ModelName)?.to_vec(),
            model_number: a.require(AttrType::ModelNumber)?.to_vec(),
            serial_number: a.require(AttrType::SerialNumber)?.to_vec(),
            primary_device_type: a.fixed(AttrType::PrimaryDevType)?,
            device_name: a.require(AttrType::DeviceName)?.to_vec(),
            rf_bands: a.u8(AttrType::RfBands)?,
            os_version: a.get(AttrType::OsVersion).map(|_| a.u32(AttrType::OsVersion)).transpose()?.unwrap_or(0),
        })
    }

    pub(super) fn put_flags(&self, w: &mut AttrWriter) {
        w.put_u16(AttrType::AuthTypeFlags, self.auth_type_flags)
            .put_u16(AttrType::EncrTypeFlags, self.encr_type_flags)
            .put_u8(AttrType::ConnTypeFlags, self.conn_type_flags)
            .put_u16(AttrType::ConfigMethods, self.config_methods);
    }

    /// Manufacturer, model, serial number, device type and name (`wps_build_device_attrs`):
    /// the same six attributes in M1, M2/M2D and the router's Probe Responses.
    pub fn put_device_attrs(&self, w: &mut AttrWriter) {
        w.put(AttrType::Manufacturer, &self.manufacturer)
            .put(AttrType::ModelName, &self.model_name)
            .put(AttrType::ModelNumber, &self.model_number)
            .put(AttrType::SerialNumber, &self.serial_number)
            .put(AttrType::PrimaryDevType, &self.primary_device_type)
            .put(AttrType::DeviceName, &self.device_name);
    }

    /// `devname|manufacturer|model|model-no|serial|devtype`, as hostapd prints a device in
    /// `WPS-PIN-NEEDED` (`wps_hostapd.c`); the device type as `wps_dev_type_bin2str` writes it.
    pub fn hostapd_summary(&self) -> String {
        let text = |b: &[u8]| super::text::printable(b);
        format!(
            "{}|{}|{}|{}|{}|{}",
            text(&self.device_name),
            text(&self.manufacturer),
            text(&self.model_name),
            text(&self.model_number),
            text(&self.serial_number),
            device_type_text(&self.primary_device_type)
        )
    }
}
