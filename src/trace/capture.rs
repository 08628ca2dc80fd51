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
use crate::wlan::ap::Offer;
use crate::wlan::frame::{self as wlan_frame, Direction};
use crate::wps::defs::encr;
use crate::wps::enrollee::EnrolleeConfig;
use crate::wps::message::Mac;
use crate::wps::probe::{ApWps, ProbeRequest, wps_elements};
use crate::wps::registrar::RegistrarConfig;
use crate::wps::time::Time;

/// Captures start at a fixed instant, so a seeded run gives the same file every time.
pub(crate) const EPOCH: Duration = Duration::from_secs(1_767_225_600); // 2026-01-01T00:00:00Z
const BROADCAST: Mac = Mac([0xff; 6]);
/// Radiotap's length here: version, pad, length, the present word (Flags, Rate, Channel), the
/// flags (long preamble, no FCS), the rate, the frequency and the channel flags.
pub const RADIOTAP_LEN: usize = 14;
const LLC_SNAP_EAPOL: [u8; 8] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e];
const CHANNEL: u8 = 6;

/// How a frame was sent: management and control frames at 1 Mbit/s (DSSS, the lowest basic
/// rate, as hostapd's mac80211 sends them), data at 24 Mbit/s (OFDM).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rate {
    Dsss1,
    Ofdm24,
}

impl Rate {
    fn of(bytes: &[u8]) -> Rate {
        if bytes.first().is_some_and(|fc| fc & 0x0c == 0x08) { Rate::Ofdm24 } else { Rate::Dsss1 }
    }

    /// The radiotap header: 2437 MHz (channel 6), this rate and its modulation.
    fn radiotap(self) -> [u8; RADIOTAP_LEN] {
        let (units, flags): (u8, u16) = match self {
            Rate::Dsss1 => (2, 0x0080 | 0x0020),   // 2 GHz, CCK
            Rate::Ofdm24 => (48, 0x0080 | 0x0040), // 2 GHz, OFDM
        };
        let freq = (crate::wlan::event::FREQ_MHZ as u16).to_le_bytes();
        let flags = flags.to_le_bytes();
        [0, 0, RADIOTAP_LEN as u8, 0, 0x0e, 0, 0, 0, 0, units, freq[0], freq[1], flags[0], flags[1]]
    }

    /// Microseconds on the air for `len` bytes of MAC frame (long preamble for DSSS; IEEE
    /// 802.11-2020 15.3 and 17.3: 20 µs of preamble and 4 µs symbols carrying 96 bits at 24).
    fn airtime_us(self, len: usize) -> u64 {
        match self {
            Rate::Dsss1 => 192 + 8 * len as u64,
            Rate::Ofdm24 => 20 + 4 * (16 + 8 * len as u64 + 6).div_ceil(96),
        }
    }

    /// SIFS for the modulation (10 µs DSSS, 16 µs OFDM).
    fn sifs_us(self) -> u64 {
        match self {
            Rate::Dsss1 => 10,
            Rate::Ofdm24 => 16,
        }
    }
}

/// The ACK's length in bytes (frame control, duration, receiver address, FCS).
const ACK_LEN: usize = 14;

/// One frame ready for the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapturedFrame {
    pub at: Time,
    pub bytes: Vec<u8>,
}

/// 802.11 MAC header: frame control, duration, three addresses, sequence control (filled in
/// once every frame is in time order, see [`number`]).
fn header(fc: [u8; 2], a1: &Mac, a2: &Mac, a3: &Mac) -> Vec<u8> {
    let mut f = Vec::with_capacity(24);
    f.extend_from_slice(&fc);
    f.extend_from_slice(&[0, 0]);
    f.extend_from_slice(a1.as_ref());
    f.extend_from_slice(a2.as_ref());
    f.extend_from_slice(a3.as_ref());
    f.extend_from_slice(&[0, 0]);
    f
}

/// A frame before radiotap, numbering and its acknowledgement.
struct Item {
    /// Its place among the recording's frames and events.
    seq: u64,
    at: Time,
    from: Node,
    /// The MAC frame (no FCS).
    mac: Vec<u8>,
    /// Sent to one receiver, which answers with an ACK if it heard the frame.
    unicast: bool,
    /// The receiver heard it.
    heard: bool,
}

/// The file's frames from the items: in time order, each sender's sequence numbers counting
/// up from 0 in that order (802.11's modulo-4096 counter per transmitter; beacons share the
/// router's), the Duration of a unicast frame set to SIFS plus the ACK's airtime (the ACK it
/// expects), and an ACK from the receiver SIFS after each one that was heard. One channel carries one
/// frame at a time: frames the engine sent at the same instant follow each other (and the
/// ACK between them), microseconds apart.
fn number(mut items: Vec<Item>) -> Vec<CapturedFrame> {
    items.sort_by_key(|i| (i.at, i.seq));
    let mut counters: std::collections::HashMap<Node, u16> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(items.len() * 2);
    let mut medium_free = Time::ZERO;
    for mut item in items {
        item.at = item.at.max(medium_free);
        let rate = Rate::of(&item.mac);
        let counter = counters.entry(item.from).or_insert(0);
        item.mac[22..24].copy_from_slice(&(*counter << 4).to_le_bytes());
        *counter = (*counter + 1) & 0x0fff;
        // Acknowledged at the basic rate of the frame's modulation.
        let ack_rate = rate;
        if item.unicast {
            let duration = ack_rate.sifs_us() + ack_rate.airtime_us(ACK_LEN);
            item.mac[2..4].copy_from_slice(&(duration as u16).to_le_bytes());
        }
        let end = item.at + Duration::from_micros(rate.airtime_us(item.mac.len() + 4));
        medium_free = end;
        let transmitter: [u8; 6] = item.mac[10..16].try_into().expect("a header has a transmitter address");
        let mut bytes = rate.radiotap().to_vec();
        bytes.extend_from_slice(&item.mac);
        out.push(CapturedFrame { at: item.at, bytes });
        if item.unicast && item.heard {
            let mut ack = ack_rate.radiotap().to_vec();
            ack.extend_from_slice(&[0xd4, 0x00, 0, 0]);
            ack.extend_from_slice(&transmitter);
            let at = end + Duration::from_micros(ack_rate.sifs_us());
            medium_free = at + Duration::from_micros(ack_rate.airtime_us(ACK_LEN));
            out.push(CapturedFrame { at, bytes: ack });
        }
    }
    out
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
    let privacy = network.encr_type != encr::NONE || network.offer == Offer::Wep;
    b.extend_from_slice(&(0x0401u16 | if privacy { 0x0010 } else { 0 }).to_le_bytes()); // ESS, short slot
    // A hidden network's beacon carries an empty SSID element (hostapd's
    // ignore_broadcast_ssid=1, ieee802_11_build_ap_params); a Probe Response answers a probe
    // that named it, and so carries the name.
    let ssid: &[u8] = if network.hidden && !probe_response { b"" } else { &network.ssid };
    element(&mut b, 0, ssid);
    element(&mut b, 1, &[0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24]);
    element(&mut b, 3, &[CHANNEL]);
    // The security element as hostapd builds it (wpa_write_rsn_ie, wpa_write_wpa_ie).
    if let Some(security) = network.offer.element() {
        b.extend_from_slice(&security);
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
fn current(r: &RegistrarConfig, offer: Offer) -> Advert {
    Advert {
        ssid: r.network.ssid.clone(),
        auth_type: r.network.auth_type,
        encr_type: r.network.encr_type,
        hidden: false,
        offer,
    }
}

/// Every frame of a run, in the order it was sent, with the emulated clock's time, and the
/// 802.11 acknowledgements of those that were heard.
pub fn frames(air: &Air) -> Vec<CapturedFrame> {
    let r = air.router().config();
    let bssid = r.mac;
    let mut items: Vec<Item> = Vec::new();
    for beacon in air.recording().beacons() {
        let mut f = header([0x80, 0x00], &BROADCAST, &bssid, &bssid);
        f.extend_from_slice(&ap_body(r, &beacon.network, beacon.wps.as_ref(), false));
        items.push(Item { seq: beacon.seq, at: beacon.at, from: Node::Router, mac: f, unicast: false, heard: true });
    }
    for e in air.recording().sent() {
        let station = match (e.from, e.to) {
            (Node::Station(i), _) | (_, Node::Station(i)) => i,
            _ => continue,
        };
        let sta_config = air.station(station).config();
        let sta = sta_config.mac;
        let from_router = e.from == Node::Router;
        let mac = match &e.payload {
            // The LAN's packets are not 802.11 frames.
            Payload::Lan(_) => continue,
            Payload::Probe(p) => {
                let mut f = header([0x40, 0x00], &BROADCAST, &sta, &BROADCAST);
                f.extend_from_slice(&probe_request_body(sta_config, p));
                f
            }
            Payload::ProbeResponse(resp) => {
                let mut f = header([0x50, 0x00], &sta, &bssid, &bssid);
                let now = air
                    .recording()
                    .beacon_at(e.seq)
                    .map_or_else(|| current(r, air.access_point().offer()), |b| b.network.clone());
                f.extend_from_slice(&ap_body(r, &now, resp.wps.as_ref(), true));
                f
            }
            Payload::Frame(eapol) | Payload::Key(eapol) => {
                // Data frames: To DS from the station, From DS from the router.
                let mut f = if from_router {
                    header([0x08, 0x02], &sta, &bssid, &bssid)
                } else {
                    header([0x08, 0x01], &bssid, &sta, &bssid)
                };
                f.extend_from_slice(&LLC_SNAP_EAPOL);
                f.extend_from_slice(eapol);
                f
            }
            Payload::Mgmt(m) => {
                let (a1, a2) = if from_router { (sta, bssid) } else { (bssid, sta) };
                let mut f = header([m.frame_control(), 0x00], &a1, &a2, &bssid);
                f.extend_from_slice(&m.body());
                f
            }
            Payload::Data(sealed) => {
                // The header CCMP sealed under (the sequence number is not covered by it).
                let dir = if from_router { Direction::FromAp } else { Direction::ToAp };
                let mut f = wlan_frame::data_header(dir, true, &sta, &bssid, &sealed.third, 0).to_vec();
                f.extend_from_slice(&sealed.body);
                f
            }
        };
        // A probe request is broadcast; every other frame has one receiver, which acknowledges
        // it if it arrived (a lost frame gets no ACK).
        let unicast = !matches!(e.payload, Payload::Probe(_));
        items.push(Item { seq: e.seq, at: e.at, from: e.from, mac, unicast, heard: e.delivered });
    }
    number(items)
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
#[cfg(feature = "native")]
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
        let fc = |f: &CapturedFrame| f.bytes[RADIOTAP_LEN];
        let eapol = frames.iter().filter(|f| fc(f) == 0x08).count();
        let ladder_eapol = r
            .air
            .recording()
            .sent()
            .iter()
            .filter(|e| matches!(e.payload, Payload::Frame(_) | Payload::Key(_) | Payload::Data(_)))
            .count();
        assert!(frames.iter().any(|f| fc(f) == 0x00), "an association request");
        assert!(frames.iter().any(|f| fc(f) == 0x08 && f.bytes[RADIOTAP_LEN + 1] == 0x41), "a protected data frame");
        assert_eq!(eapol, ladder_eapol);
        assert!(frames.iter().any(|f| fc(f) == 0x80), "a beacon");
        assert!(frames.iter().any(|f| fc(f) == 0x40), "a probe request");
        assert!(frames.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
        let mut file = Vec::new();
        assert_eq!(write_pcap(&r.air, &mut file).unwrap(), frames.len());
        assert!(file[..4] == [0xa1, 0xb2, 0xc3, 0xd4] || file[..4] == [0xd4, 0xc3, 0xb2, 0xa1], "pcap magic");
    }
}
