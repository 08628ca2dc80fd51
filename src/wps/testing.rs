//! For the protocol's own unit tests: an enrollee and a registrar with plain settings, and
//! a loop that hands each one's frames to the other. The real drivers live outside `wps`.

use std::time::Duration;

use super::defs::{auth, config_methods, encr};
use super::dev_attr::DeviceInfo;
use super::enrollee::{Enrollee, EnrolleeConfig, Link, Transmit};
use super::entropy::Csprng;
use super::fragment::DEFAULT_FRAGMENT_SIZE;
use super::ids::{Mac, Uuid};
use super::probe::ProbeResponse;
use super::registrar::{NetworkSettings, Registrar, RegistrarConfig};
use super::time::Time;

fn device(name: &str) -> DeviceInfo {
    DeviceInfo {
        auth_type_flags: auth::OPEN | auth::WPAPSK | auth::WPA2PSK,
        encr_type_flags: encr::NONE | encr::TKIP | encr::AES,
        conn_type_flags: 1,
        config_methods: config_methods::PHY_PUSH_BUTTON,
        manufacturer: b"Test".to_vec(),
        model_name: name.as_bytes().to_vec(),
        model_number: b"1".to_vec(),
        serial_number: b"1".to_vec(),
        primary_device_type: [0, 3, 0x00, 0x50, 0xf2, 0x04, 0, 5],
        device_name: name.as_bytes().to_vec(),
        rf_bands: 1,
        os_version: 0x8000_0000,
    }
}

/// An enrollee and a registrar for the network "TestNet", randomness from `seed`.
pub fn machines(seed: u64) -> (Enrollee, Registrar) {
    machines_with(seed, DEFAULT_FRAGMENT_SIZE)
}

/// The same, both sides sending fragments of at most `fragment_size`.
pub fn machines_with(seed: u64, fragment_size: usize) -> (Enrollee, Registrar) {
    let mut master = Csprng::from_seed(seed);
    let enrollee = Enrollee::new(
        EnrolleeConfig {
            uuid_e: Uuid([1; 16]),
            mac: Mac([0x02, 0, 0, 0, 0, 1]),
            device: device("Printer"),
            walk_time: Duration::from_secs(120),
            retry_delay: Duration::from_secs(3),
            answer_timeout: Duration::from_secs(5),
            fragment_size,
            dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
            link: Link::Radio,
        },
        Box::new(master.child()),
    );
    let registrar = Registrar::new(
        RegistrarConfig {
            uuid_r: Uuid([2; 16]),
            mac: Mac([0x02, 0, 0, 0, 0, 2]),
            device: device("Router"),
            network: NetworkSettings {
                ssid: b"TestNet".to_vec(),
                auth_type: auth::WPA2PSK,
                encr_type: encr::AES,
                network_key: b"correct horse".as_slice().into(),
            },
            walk_time: Duration::from_secs(120),
            fragment_size,
            dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
        },
        Box::new(master.child()),
    );
    (enrollee, registrar)
}

/// Hands frames back and forth (each crossing takes 10 ms) until `done` says stop or
/// nothing more is sent; returns the time reached.
pub fn exchange(
    enrollee: &mut Enrollee,
    registrar: &mut Registrar,
    mut now: Time,
    done: impl Fn(&Enrollee) -> bool,
) -> Time {
    let step = Duration::from_millis(10);
    for _ in 0..1_000 {
        if done(enrollee) {
            break;
        }
        now += step;
        if !pass_frames(enrollee, registrar, now, &mut |_, _| false) {
            break;
        }
    }
    now
}

/// Which way a frame crosses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    ToRegistrar,
    ToEnrollee,
}

/// Like [`exchange`] on a link that loses the frames `lose` picks; when nothing is moving
/// the clock jumps to the next timer, so retransmissions and walk times play out. Runs
/// until the enrollee has an outcome and the link is quiet, or `limit`; returns the time.
pub fn lossy_exchange(
    enrollee: &mut Enrollee,
    registrar: &mut Registrar,
    mut now: Time,
    limit: Time,
    mut lose: impl FnMut(Way, &[u8]) -> bool,
) -> Time {
    let step = Duration::from_millis(10);
    while now <= limit {
        if pass_frames(enrollee, registrar, now, &mut lose) {
            now += step;
            continue;
        }
        if enrollee.outcome().is_some() && registrar.poll_timeout().is_none() {
            break;
        }
        match [enrollee.poll_timeout(), registrar.poll_timeout()].into_iter().flatten().min() {
            Some(next) => now = now.max(next),
            None => break,
        }
        enrollee.handle_timeout(now);
        registrar.handle_timeout(now);
    }
    now
}

/// Hands over everything both sides have queued, except what `lose` picks; true if
/// anything was queued.
pub fn pass_frames(
    enrollee: &mut Enrollee,
    registrar: &mut Registrar,
    now: Time,
    lose: &mut dyn FnMut(Way, &[u8]) -> bool,
) -> bool {
    let mac = enrollee.config().mac;
    let mut moved = false;
    while let Some(t) = enrollee.poll_transmit() {
        moved = true;
        match t {
            Transmit::Probe(p) => {
                let wps = Some(registrar.probe_request(now, &p));
                enrollee.handle_probe_response(now, &ProbeResponse { bssid: registrar.config().mac, wps });
            }
            // The link layer is not this harness's business: associated at once.
            Transmit::Associate(_) => enrollee.associated(now),
            Transmit::Frame(f) if !lose(Way::ToRegistrar, &f) => {
                let _ = registrar.handle_frame(now, mac, &f);
            }
            Transmit::Frame(_) => {}
        }
    }
    while let Some((_, f)) = registrar.poll_transmit() {
        moved = true;
        if !lose(Way::ToEnrollee, &f) {
            let _ = enrollee.handle_frame(now, &f);
        }
    }
    moved
}

/// The WSC message a frame carries (M1..M8, WSC_NACK, ...), if any.
pub fn message_of(frame: &[u8]) -> Option<super::defs::MsgType> {
    super::eap::Frame::parse(frame).ok()?.wsc_data().and_then(|(_, body)| super::message::msg_type_of(body))
}
