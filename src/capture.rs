//! What crossed the air, as a capture file Wireshark reads: 802.11 frames behind a
//! radiotap header. Beacons and Probe Responses carry the router's WPS IE (Selected
//! Registrar, Device Password ID), Probe Requests the printer's (UUID-E, Device Password
//! ID), and the EAPOL frames of the registration ride in data frames with LLC/SNAP.

use std::io::Write;
use std::time::Duration;

use pcap_file::DataLink;
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};

use crate::wps::attr::AttrWriter;
use crate::wps::defs::{AttrType, auth, config_methods, encr};
use crate::wps::enrollee::{ApWps, EnrolleeConfig, ProbeRequest, Time};
use crate::wps::message::{DeviceInfo, Mac, version2_ext};
use crate::wps::pair::{Node, Pair, Payload};
use crate::wps::registrar::RegistrarConfig;

/// Captures start at a fixed instant, so a seeded run gives the same file every time.
const EPOCH: Duration = Duration::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
const BROADCAST: Mac = [0xff; 6];
/// Radiotap: version 0, no fields present: the smallest header Wireshark accepts.
const RADIOTAP: [u8; 8] = [0, 0, 8, 0, 0, 0, 0, 0];
const LLC_SNAP_EAPOL: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e];
const CHANNEL: u8 = 6;

/// One frame ready for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedFrame {
    pub at: Time,
    pub bytes: Vec<u8>,
}

struct FrameBuilder {
    seq: u16,
}

impl FrameBuilder {
    /// 802.11 MAC header: frame control, duration, three addresses, sequence control.
    fn header(&mut self, fc: [u8; 2], a1: &Mac, a2: &Mac, a3: &Mac) -> Vec<u8> {
        let mut f = RADIOTAP.to_vec();
        f.extend_from_slice(&fc);
        f.extend_from_slice(&[0, 0]);
        f.extend_from_slice(a1);
        f.extend_from_slice(a2);
        f.extend_from_slice(a3);
        f.extend_from_slice(&(self.seq << 4).to_le_bytes());
        self.seq = (self.seq + 1) & 0x0fff;
        f
    }
}

fn element(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    out.push(body.len() as u8);
    out.extend_from_slice(body);
}

/// A WPS IE: vendor-specific element, OUI 00:50:F2 type 4, then WSC attributes.
fn wps_ie(out: &mut Vec<u8>, attrs: &AttrWriter) {
    // An element holds 255 bytes; longer WPS data is split over several elements.
    for chunk in attrs.as_bytes().chunks(251) {
        let mut body = vec![0x00, 0x50, 0xf2, 0x04];
        body.extend_from_slice(chunk);
        element(out, 0xdd, &body);
    }
}

fn selected_registrar(w: &mut AttrWriter, wps: &ApWps) {
    if wps.setup_locked {
        w.put_u8(AttrType::ApSetupLocked, 1);
    }
    if wps.selected_registrar {
        w.put_u8(AttrType::SelectedRegistrar, 1);
        w.put_u16(AttrType::DevicePasswordId, wps.device_password_id.unwrap_or(0));
        w.put_u16(
            AttrType::SelRegConfigMethods,
            config_methods::PUSH_BUTTON | config_methods::KEYPAD | config_methods::DISPLAY,
        );
    }
}

fn device_attrs(w: &mut AttrWriter, d: &DeviceInfo) {
    w.put(AttrType::Manufacturer, &d.manufacturer)
        .put(AttrType::ModelName, &d.model_name)
        .put(AttrType::ModelNumber, &d.model_number)
        .put(AttrType::SerialNumber, &d.serial_number)
        .put(AttrType::PrimaryDevType, &d.primary_device_type)
        .put(AttrType::DeviceName, &d.device_name);
}

/// Beacon and Probe Response share the body after the MAC header.
fn ap_body(r: &RegistrarConfig, wps: Option<&ApWps>, probe_response: bool) -> Vec<u8> {
    let mut b = vec![0u8; 8]; // timestamp
    b.extend_from_slice(&100u16.to_le_bytes()); // beacon interval (TU)
    let privacy = r.network.encr_type != encr::NONE;
    b.extend_from_slice(&(0x0401u16 | if privacy { 0x0010 } else { 0 }).to_le_bytes()); // ESS, short slot
    element(&mut b, 0, &r.network.ssid);
    element(&mut b, 1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
    element(&mut b, 3, &[CHANNEL]);
    if r.network.auth_type & auth::WPA2PSK != 0 {
        // RSN: version 1, CCMP group and pairwise, PSK.
        let cipher = if r.network.encr_type & encr::AES != 0 { 4 } else { 2 };
        element(
            &mut b,
            48,
            &[1, 0, 0x00, 0x0f, 0xac, cipher, 1, 0, 0x00, 0x0f, 0xac, cipher, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0],
        );
    }
    if let Some(wps) = wps {
        let mut w = AttrWriter::new();
        w.put_u8(AttrType::Version, 0x10).put_u8(AttrType::WpsState, 2);
        selected_registrar(&mut w, wps);
        if probe_response {
            w.put_u8(AttrType::ResponseType, 3).put(AttrType::UuidE, &r.uuid_r);
            device_attrs(&mut w, &r.device);
            w.put_u16(AttrType::ConfigMethods, r.device.config_methods).put_u8(AttrType::RfBands, r.device.rf_bands);
        }
        w.put(AttrType::VendorExt, &version2_ext());
        wps_ie(&mut b, &w);
    }
    b
}

fn probe_request_body(e: &EnrolleeConfig, p: &ProbeRequest) -> Vec<u8> {
    let mut b = Vec::new();
    element(&mut b, 0, b""); // wildcard SSID
    element(&mut b, 1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
    let mut w = AttrWriter::new();
    w.put_u8(AttrType::Version, 0x10)
        .put_u8(AttrType::RequestType, 1) // enrollee, 802.1X
        .put_u16(AttrType::ConfigMethods, e.device.config_methods)
        .put(AttrType::UuidE, &p.uuid_e)
        .put(AttrType::PrimaryDevType, &e.device.primary_device_type)
        .put_u8(AttrType::RfBands, e.device.rf_bands)
        .put_u16(AttrType::AssocState, 0)
        .put_u16(AttrType::ConfigError, 0)
        .put_u16(AttrType::DevicePasswordId, p.device_password_id);
    device_attrs(&mut w, &e.device);
    w.put(AttrType::VendorExt, &version2_ext());
    wps_ie(&mut b, &w);
    b
}

/// Every frame of a run, in the order it was sent, with the emulated clock's time.
pub fn frames(pair: &Pair) -> Vec<CapturedFrame> {
    let r = pair.registrar.config();
    let bssid = r.mac;
    let mut ap = FrameBuilder { seq: 0 };
    let mut stations: Vec<FrameBuilder> = pair.stations.iter().map(|_| FrameBuilder { seq: 0 }).collect();
    let mut items: Vec<(u64, CapturedFrame)> = Vec::new();
    for (seq, at, wps) in &pair.beacons {
        let mut f = ap.header([0x80, 0x00], &BROADCAST, &bssid, &bssid);
        f.extend_from_slice(&ap_body(r, wps.as_ref(), false));
        items.push((*seq, CapturedFrame { at: *at, bytes: f }));
    }
    for e in &pair.ladder {
        let station = match (e.from, e.to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => continue,
        };
        let sta_config = pair.stations[station].enrollee.config();
        let sta = sta_config.mac;
        let bytes = match &e.payload {
            Payload::Probe(p) => {
                let mut f = stations[station].header([0x40, 0x00], &BROADCAST, &sta, &BROADCAST);
                f.extend_from_slice(&probe_request_body(sta_config, p));
                f
            }
            Payload::ProbeResponse(resp) => {
                let mut f = ap.header([0x50, 0x00], &sta, &bssid, &bssid);
                f.extend_from_slice(&ap_body(r, resp.wps.as_ref(), true));
                f
            }
            Payload::Frame(eapol) => {
                // Data frames: To DS from the station, From DS from the router.
                let mut f = if e.from == Node::Router {
                    ap.header([0x08, 0x02], &sta, &bssid, &bssid)
                } else {
                    stations[station].header([0x08, 0x01], &bssid, &sta, &bssid)
                };
                f.extend_from_slice(&LLC_SNAP_EAPOL);
                f.extend_from_slice(eapol);
                f
            }
        };
        items.push((e.seq, CapturedFrame { at: e.at, bytes }));
    }
    items.sort_by_key(|(seq, f)| (f.at, *seq));
    items.into_iter().map(|(_, f)| f).collect()
}

/// Writes a run as a pcap file (link type 127, 802.11 with radiotap); returns the frame count.
pub fn write_pcap<W: Write>(pair: &Pair, out: W) -> Result<usize, pcap_file::PcapError> {
    let header = PcapHeader { datalink: DataLink::IEEE802_11_RADIOTAP, ..PcapHeader::default() };
    let mut writer = PcapWriter::with_header(out, header)?;
    let frames = frames(pair);
    for f in &frames {
        writer.write_packet(&PcapPacket::new(EPOCH + f.at, f.bytes.len() as u32, &f.bytes))?;
    }
    Ok(frames.len())
}

/// Writes the capture to `path`; the error says which file.
pub fn save(pair: &Pair, path: &std::path::Path) -> Result<usize, String> {
    let file = std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    write_pcap(pair, std::io::BufWriter::new(file)).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{self, Method, SimOptions};

    #[test]
    fn a_run_becomes_beacons_probes_and_eapol_data_frames() {
        let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(1), ..SimOptions::default() });
        let frames = frames(&r.pair);
        let eapol = frames.iter().filter(|f| f.bytes[8] == 0x08).count();
        let ladder_eapol = r.pair.ladder.iter().filter(|e| matches!(e.payload, Payload::Frame(_))).count();
        assert_eq!(eapol, ladder_eapol);
        assert!(frames.iter().any(|f| f.bytes[8] == 0x80), "a beacon");
        assert!(frames.iter().any(|f| f.bytes[8] == 0x40), "a probe request");
        assert!(frames.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
        let mut file = Vec::new();
        assert_eq!(write_pcap(&r.pair, &mut file).unwrap(), frames.len());
        assert!(file[..4] == [0xa1, 0xb2, 0xc3, 0xd4] || file[..4] == [0xd4, 0xc3, 0xb2, 0xa1], "pcap magic");
    }
}
