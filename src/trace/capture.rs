//! What crossed the air, as a capture file Wireshark reads: 802.11 frames behind a
//! radiotap header. Beacons and Probe Responses carry the router's WPS IE (Selected
//! Registrar, Device Password ID), Probe Requests the printer's (UUID-E, Device Password
//! ID), and the EAPOL frames of the registration ride in data frames with LLC/SNAP. The
//! join follows: Authentication and Association, the four EAPOL-Key frames, and the DHCP
//! exchange in data frames sealed with CCMP, which Wireshark opens given the password.

use std::io::Write;
use std::time::Duration;

use pcap_file::DataLink;
use pcap_file::pcap::{PcapHeader, PcapPacket, PcapWriter};

use crate::sim::air::{Air, Node, Payload};
use crate::sim::recording::Advert;
use crate::wlan::frame::{self as wlan_frame, Direction};
use crate::wps::defs::{auth, encr};
use crate::wps::enrollee::EnrolleeConfig;
use crate::wps::message::Mac;
use crate::wps::probe::{ApWps, ProbeRequest, wps_elements};
use crate::wps::registrar::RegistrarConfig;
use crate::wps::time::Time;

/// Captures start at a fixed instant, so a seeded run gives the same file every time.
const EPOCH: Duration = Duration::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
const BROADCAST: Mac = Mac([0xff; 6]);
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
    /// The next sequence number, taken.
    fn next_seq(&mut self) -> u16 {
        let seq = self.seq;
        self.seq = (self.seq + 1) & 0x0fff;
        seq
    }

    /// 802.11 MAC header: frame control, duration, three addresses, sequence control.
    fn header(&mut self, fc: [u8; 2], a1: &Mac, a2: &Mac, a3: &Mac) -> Vec<u8> {
        let mut f = RADIOTAP.to_vec();
        f.extend_from_slice(&fc);
        f.extend_from_slice(&[0, 0]);
        f.extend_from_slice(a1.as_ref());
        f.extend_from_slice(a2.as_ref());
        f.extend_from_slice(a3.as_ref());
        f.extend_from_slice(&(self.next_seq() << 4).to_le_bytes());
        f
    }
}

fn element(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    out.push(body.len() as u8);
    out.extend_from_slice(body);
}

/// Beacon and Probe Response share the body after the MAC header: the network as it was
/// advertised when the frame was sent.
fn ap_body(r: &RegistrarConfig, network: &Advert, wps: Option<&ApWps>, probe_response: bool) -> Vec<u8> {
    let mut b = vec![0u8; 8]; // timestamp
    b.extend_from_slice(&100u16.to_le_bytes()); // beacon interval (TU)
    let privacy = network.encr_type != encr::NONE;
    b.extend_from_slice(&(0x0401u16 | if privacy { 0x0010 } else { 0 }).to_le_bytes()); // ESS, short slot
    // A hidden network's beacon carries an empty SSID element (hostapd's
    // ignore_broadcast_ssid=1, ieee802_11_build_ap_params); a Probe Response answers a probe
    // that named it, and so carries the name.
    let ssid: &[u8] = if network.hidden && !probe_response { b"" } else { &network.ssid };
    element(&mut b, 0, ssid);
    element(&mut b, 1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
    element(&mut b, 3, &[CHANNEL]);
    if network.auth_type & auth::WPA2PSK != 0 {
        // RSN: version 1, CCMP group and pairwise, PSK.
        let cipher = if network.encr_type & encr::AES != 0 { 4 } else { 2 };
        element(
            &mut b,
            48,
            &[1, 0, 0x00, 0x0f, 0xac, cipher, 1, 0, 0x00, 0x0f, 0xac, cipher, 1, 0, 0x00, 0x0f, 0xac, 2, 0, 0],
        );
    }
    if let Some(wps) = wps {
        let attrs = if probe_response { wps.probe_response_attrs(&r.uuid_r, &r.device) } else { wps.beacon_attrs() };
        b.extend_from_slice(&wps_elements(attrs.as_bytes()));
    }
    b
}

fn probe_request_body(e: &EnrolleeConfig, p: &ProbeRequest) -> Vec<u8> {
    let mut b = Vec::new();
    element(&mut b, 0, b""); // wildcard SSID
    element(&mut b, 1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
    b.extend_from_slice(&wps_elements(p.wps_attrs(&e.device).as_bytes()));
    b
}

/// The router's network as it is now (before any beacon was recorded).
fn current(r: &RegistrarConfig) -> Advert {
    Advert {
        ssid: r.network.ssid.clone(),
        auth_type: r.network.auth_type,
        encr_type: r.network.encr_type,
        hidden: false,
    }
}

/// Every frame of a run, in the order it was sent, with the emulated clock's time.
pub fn frames(air: &Air) -> Vec<CapturedFrame> {
    let r = air.router().config();
    let bssid = r.mac;
    let mut ap = FrameBuilder { seq: 0 };
    let mut stations: Vec<FrameBuilder> = (0..air.station_count()).map(|_| FrameBuilder { seq: 0 }).collect();
    let mut items: Vec<(u64, CapturedFrame)> = Vec::new();
    for beacon in air.recording().beacons() {
        let mut f = ap.header([0x80, 0x00], &BROADCAST, &bssid, &bssid);
        f.extend_from_slice(&ap_body(r, &beacon.network, beacon.wps.as_ref(), false));
        items.push((beacon.seq, CapturedFrame { at: beacon.at, bytes: f }));
    }
    for e in air.recording().sent() {
        let station = match (e.from, e.to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => continue,
        };
        let sta_config = air.station(station).config();
        let sta = sta_config.mac;
        let bytes = match &e.payload {
            Payload::Probe(p) => {
                let mut f = stations[station].header([0x40, 0x00], &BROADCAST, &sta, &BROADCAST);
                f.extend_from_slice(&probe_request_body(sta_config, p));
                f
            }
            Payload::ProbeResponse(resp) => {
                let mut f = ap.header([0x50, 0x00], &sta, &bssid, &bssid);
                let now = air.recording().beacon_at(e.seq).map_or_else(|| current(r), |b| b.network.clone());
                f.extend_from_slice(&ap_body(r, &now, resp.wps.as_ref(), true));
                f
            }
            Payload::Frame(eapol) | Payload::Key(eapol) => {
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
            Payload::Mgmt(m) => {
                let (a1, a2) = if e.from == Node::Router { (sta, bssid) } else { (bssid, sta) };
                let builder = if e.from == Node::Router { &mut ap } else { &mut stations[station] };
                let mut f = builder.header([m.frame_control(), 0x00], &a1, &a2, &bssid);
                f.extend_from_slice(&m.body());
                f
            }
            Payload::Data(sealed) => {
                // The header CCMP sealed under (the sequence number is not covered by it).
                let (dir, builder) = if e.from == Node::Router {
                    (Direction::FromAp, &mut ap)
                } else {
                    (Direction::ToAp, &mut stations[station])
                };
                let header = wlan_frame::data_header(dir, true, &sta, &bssid, &sealed.third, builder.next_seq());
                let mut f = RADIOTAP.to_vec();
                f.extend_from_slice(&header);
                f.extend_from_slice(&sealed.body);
                f
            }
        };
        items.push((e.seq, CapturedFrame { at: e.at, bytes }));
    }
    items.sort_by_key(|(seq, f)| (f.at, *seq));
    items.into_iter().map(|(_, f)| f).collect()
}

/// Writes a run as a pcap file (link type 127, 802.11 with radiotap); returns the frame count.
pub fn write_pcap<W: Write>(air: &Air, out: W) -> Result<usize, pcap_file::PcapError> {
    let header = PcapHeader { datalink: DataLink::IEEE802_11_RADIOTAP, ..PcapHeader::default() };
    let mut writer = PcapWriter::with_header(out, header)?;
    let frames = frames(air);
    for f in &frames {
        writer.write_packet(&PcapPacket::new(EPOCH + f.at, f.bytes.len() as u32, &f.bytes))?;
    }
    Ok(frames.len())
}

/// Where `c` saves the session when no `--pcap` was given.
pub const CAPTURE_FILE: &str = "printer-panel-capture.pcap";

/// Writes the capture to `path`, whole or not at all; the error says which file.
pub fn save(air: &Air, path: &std::path::Path) -> Result<usize, String> {
    let name = crate::files::shown(path);
    let mut bytes = Vec::new();
    let n = write_pcap(air, &mut bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
    crate::files::write_atomic(path, &bytes).map_err(|e| format!("cannot write {name}: {e}"))?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::simulate::{self, Method, SimOptions};

    #[test]
    fn a_run_becomes_beacons_probes_and_eapol_data_frames() {
        let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(1), ..SimOptions::default() });
        let frames = frames(&r.air);
        let eapol = frames.iter().filter(|f| f.bytes[8] == 0x08).count();
        let ladder_eapol = r
            .air
            .recording()
            .sent()
            .iter()
            .filter(|e| matches!(e.payload, Payload::Frame(_) | Payload::Key(_) | Payload::Data(_)))
            .count();
        assert!(frames.iter().any(|f| f.bytes[8] == 0x00), "an association request");
        assert!(frames.iter().any(|f| f.bytes[8] == 0x08 && f.bytes[9] == 0x41), "a protected data frame");
        assert_eq!(eapol, ladder_eapol);
        assert!(frames.iter().any(|f| f.bytes[8] == 0x80), "a beacon");
        assert!(frames.iter().any(|f| f.bytes[8] == 0x40), "a probe request");
        assert!(frames.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
        let mut file = Vec::new();
        assert_eq!(write_pcap(&r.air, &mut file).unwrap(), frames.len());
        assert!(file[..4] == [0xa1, 0xb2, 0xc3, 0xd4] || file[..4] == [0xd4, 0xc3, 0xb2, 0xa1], "pcap magic");
    }
}
