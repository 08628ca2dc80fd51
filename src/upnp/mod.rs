//! UPnP for Wi-Fi Protected Setup: how a computer on the router's network acts as an
//! external registrar ("enter the PIN into your router or computer"). The router is a
//! WFADevice:1 with one WFAWLANConfig:1 service; the computer finds it by SSDP, reads its
//! description, calls its SOAP actions and subscribes (GENA) to the WLANEvents that carry
//! a station's WSC messages from the air. hostapd's `src/wps/wps_upnp*.c` is the router's
//! side, wpa_supplicant's `wps_er*.c` the computer's.
//!
//! Sans-IO, as `wps` is: messages in and out as bytes and typed values, the time passed
//! in, no sockets. The live driver (`wire router --upnp`) owns the sockets.

pub mod computer;
pub mod description;
pub mod device;
pub mod gena;
pub mod http;
pub mod soap;
pub mod ssdp;

/// The device and service the WFA defines for WPS over UPnP.
pub const DEVICE_TYPE: &str = "urn:schemas-wifialliance-org:device:WFADevice:1";
pub const SERVICE_TYPE: &str = "urn:schemas-wifialliance-org:service:WFAWLANConfig:1";
pub const SERVICE_ID: &str = "urn:wifialliance-org:serviceId:WFAWLANConfig1";

/// Where the device serves what (its own choice; the description tells control points).
pub const DESCRIPTION_PATH: &str = "/device.xml";
pub const SCPD_PATH: &str = "/wfawlanconfig.xml";
pub const CONTROL_PATH: &str = "/control";
pub const EVENTS_PATH: &str = "/events";
