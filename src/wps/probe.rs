//! Discovery before the registration: the enrollee's WPS Probe Request, and what the
//! router's Beacon and Probe Response say about WPS (`wps_build_probe_req_ie`,
//! `wps_build_beacon_ie`, `wps_build_probe_resp_ie` in hostapd). The attributes are built
//! here; the 802.11 frames around them belong to whoever puts them on the air.

use super::attr::AttrWriter;
use super::defs::{AttrType, DevicePasswordId, VERSION, config_methods};
use super::dev_attr::DeviceInfo;
use super::message::{Mac, Uuid, version2_ext};

/// Wi-Fi Simple Configuration State: the router's network is configured.
const WPS_STATE_CONFIGURED: u8 = 2;
/// Request Type: an enrollee, open 802.1X (`WPS_REQ_ENROLLEE`).
const REQUEST_TYPE_ENROLLEE: u8 = 1;
/// Response Type: an access point (`WPS_RESP_AP`).
const RESPONSE_TYPE_AP: u8 = 3;
/// The vendor-specific element that carries WSC attributes: Microsoft's OUI, type 4.
const WPS_IE_HEADER: [u8; 4] = [0x00, 0x50, 0xf2, 0x04];
const ELEMENT_VENDOR_SPECIFIC: u8 = 0xdd;

/// A WPS probe request: what the router's overlap detection counts, and what hostapd's
/// `WPS-ENROLLEE-SEEN` line says about the device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeRequest {
    pub mac: Mac,
    pub uuid_e: Uuid,
    pub device_password_id: DevicePasswordId,
    pub primary_device_type: [u8; 8],
    pub config_methods: u16,
    pub device_name: Vec<u8>,
}

impl ProbeRequest {
    /// Request Type: always an enrollee here.
    pub const REQUEST_TYPE: u8 = REQUEST_TYPE_ENROLLEE;

    /// The WSC attributes of the request's WPS element, from the enrollee's own description.
    pub fn wps_attrs(&self, device: &DeviceInfo) -> AttrWriter {
        let mut w = AttrWriter::new();
        w.put_u8(AttrType::Version, VERSION)
            .put_u8(AttrType::RequestType, REQUEST_TYPE_ENROLLEE)
            .put_u16(AttrType::ConfigMethods, device.config_methods)
            .put(AttrType::UuidE, self.uuid_e.as_ref())
            .put(AttrType::PrimaryDevType, &device.primary_device_type)
            .put_u8(AttrType::RfBands, device.rf_bands)
            .put_u16(AttrType::AssocState, 0)
            .put_u16(AttrType::ConfigError, 0)
            .put_u16(AttrType::DevicePasswordId, self.device_password_id.to_u16())
            // WPS 2.0 adds the names, once (the device type is already above).
            .put(AttrType::Manufacturer, &device.manufacturer)
            .put(AttrType::ModelName, &device.model_name)
            .put(AttrType::ModelNumber, &device.model_number)
            .put(AttrType::DeviceName, &device.device_name)
            .put(AttrType::VendorExt, &version2_ext());
        w
    }
}

/// The WPS element of an enrollee's Association Request (`wps_build_assoc_req_ie`): it
/// tells the router this association is for WPS, not for the network itself.
pub fn association_request_attrs() -> AttrWriter {
    let mut w = AttrWriter::new();
    w.put_u8(AttrType::Version, VERSION)
        .put_u8(AttrType::RequestType, REQUEST_TYPE_ENROLLEE)
        .put(AttrType::VendorExt, &version2_ext());
    w
}

/// The WPS part of a router's Beacon / Probe Response (`wps_set_ie`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApWps {
    /// "Selected Registrar": push-button mode or a PIN is waiting at the router.
    pub selected_registrar: bool,
    /// Selected Registrar's Device Password ID (4 in push-button mode).
    pub device_password_id: Option<DevicePasswordId>,
    pub setup_locked: bool,
    /// The router's configuration methods. Selected Registrar Config Methods are these
    /// without push button, plus (virtual) push button while push-button mode is on; a
    /// Probe Response's Config Methods never list push button (`wps_registrar.c`,
    /// `wps_hostapd.c`).
    pub config_methods: u16,
}

/// Every push-button bit: the WPS 1.0 flag and its WPS 2.0 virtual and physical forms.
const ANY_PUSH_BUTTON: u16 =
    config_methods::PUSH_BUTTON | config_methods::VIRT_PUSH_BUTTON | config_methods::PHY_PUSH_BUTTON;
/// The Version2 subelement listing the enrollees a selected registrar is for.
const SUBELEMENT_AUTHORIZED_MACS: u8 = 0x01;
/// AuthorizedMACs for push-button mode and wildcard PINs: anyone.
const ANY_MAC: Mac = Mac([0xff; 6]);

impl ApWps {
    fn put_state(&self, w: &mut AttrWriter) {
        w.put_u8(AttrType::Version, VERSION).put_u8(AttrType::WpsState, WPS_STATE_CONFIGURED);
        if self.setup_locked {
            w.put_u8(AttrType::ApSetupLocked, 1);
        }
        if self.selected_registrar {
            w.put_u8(AttrType::SelectedRegistrar, 1);
            w.put_u16(AttrType::DevicePasswordId, self.device_password_id.map_or(0, DevicePasswordId::to_u16));
            let mut methods = self.config_methods & !ANY_PUSH_BUTTON;
            if self.device_password_id == Some(DevicePasswordId::PushButton) {
                methods |= config_methods::VIRT_PUSH_BUTTON;
            }
            w.put_u16(AttrType::SelRegConfigMethods, methods);
        }
    }

    /// The Version2 extension, with AuthorizedMACs while a registrar is selected.
    fn version2(&self) -> Vec<u8> {
        let mut ext = version2_ext();
        if self.selected_registrar {
            ext.extend_from_slice(&[SUBELEMENT_AUTHORIZED_MACS, ANY_MAC.len() as u8]);
            ext.extend_from_slice(ANY_MAC.as_ref());
        }
        ext
    }

    /// The WSC attributes of a Beacon's WPS element.
    pub fn beacon_attrs(&self) -> AttrWriter {
        let mut w = AttrWriter::new();
        self.put_state(&mut w);
        w.put(AttrType::VendorExt, &self.version2());
        w
    }

    /// The WSC attributes of a Probe Response's WPS element: the state, then who answers.
    pub fn probe_response_attrs(&self, uuid_r: &Uuid, device: &DeviceInfo) -> AttrWriter {
        let mut w = AttrWriter::new();
        self.put_state(&mut w);
        w.put_u8(AttrType::ResponseType, RESPONSE_TYPE_AP).put(AttrType::UuidE, uuid_r.as_ref());
        device.put_device_attrs(&mut w);
        w.put_u16(AttrType::ConfigMethods, device.config_methods & !ANY_PUSH_BUTTON);
        w.put_u8(AttrType::RfBands, device.rf_bands);
        w.put(AttrType::VendorExt, &self.version2());
        w
    }
}

/// A router's answer to a probe; `wps` is `None` when WPS is off there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProbeResponse {
    pub bssid: Mac,
    pub wps: Option<ApWps>,
}

/// WSC attributes as 802.11 information elements: an element holds 255 bytes, so longer
/// WPS data is split over several vendor-specific elements, each with the WPS header.
pub fn wps_elements(attrs: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in attrs.chunks(255 - WPS_IE_HEADER.len()) {
        out.push(ELEMENT_VENDOR_SPECIFIC);
        out.push((WPS_IE_HEADER.len() + chunk.len()) as u8);
        out.extend_from_slice(&WPS_IE_HEADER);
        out.extend_from_slice(chunk);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_wps_data_is_split_into_elements_of_at_most_255_bytes() {
        let data = vec![0x10; 600];
        let ie = wps_elements(&data);
        assert_eq!(&ie[..6], &[0xdd, 255, 0x00, 0x50, 0xf2, 0x04]);
        assert_eq!(ie[257], 0xdd);
        assert_eq!(ie.len(), 600 + 3 * 6, "three elements, six header bytes each");
    }
}
