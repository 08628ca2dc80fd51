//! The engine against a real captured PBC registration (iwd's unit test data): our
//! enrollee, given the captured enrollee's secrets, must put the same bytes on the air,
//! accept the real access point's messages and refuse any tampered one.

use std::collections::HashMap;
use std::time::Duration;

use printer_panel::wps::defs::{auth, encr};
use printer_panel::wps::eap::WSC_BODY_OFFSET;
use printer_panel::wps::enrollee::{Enrollee, EnrolleeConfig, Link, Outcome, Password, Transmit};
use printer_panel::wps::entropy::Scripted;
use printer_panel::wps::fragment::DEFAULT_FRAGMENT_SIZE;
use printer_panel::wps::message::{DeviceInfo, M1};
use printer_panel::wps::probe::{ApWps, ProbeResponse};

fn vectors() -> HashMap<String, Vec<u8>> {
    let text = include_str!("vectors/iwd-pbc-session.txt");
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?.trim();
            let (name, value) = line.split_once('=')?;
            Some((name.trim().to_string(), hex::decode(value.trim()).expect("hex in vector file")))
        })
        .collect()
}

/// The captured enrollee, rebuilt from its M1 and the secrets the test fixed.
fn captured_enrollee(v: &HashMap<String, Vec<u8>>) -> Enrollee {
    let m1 = M1::parse(&v["eap_wsc_m1"][WSC_BODY_OFFSET..]).expect("captured M1 parses");
    let config = EnrolleeConfig {
        uuid_e: m1.uuid_e,
        mac: v["sta_address"].as_slice().try_into().unwrap(),
        device: DeviceInfo { ..m1.device.clone() },
        walk_time: Duration::from_secs(120),
        retry_delay: Duration::from_secs(2),
        answer_timeout: Duration::from_secs(5),
        fragment_size: DEFAULT_FRAGMENT_SIZE,
        // iwd draws a full-length private key.
        dh_private_len: 192,
        link: Link::Radio,
    };
    let entropy = Scripted::new(&[
        &m1.enrollee_nonce,
        &v["enrollee_dh_private"],
        &v["e_snonce1"],
        &v["e_snonce2"],
        &v["iv1"],
        &v["iv2"],
    ]);
    Enrollee::new(config, Box::new(entropy))
}

/// The access point answers the printer's probe: push-button mode is on.
fn ap_in_pbc_mode(v: &HashMap<String, Vec<u8>>, e: &mut Enrollee) {
    let wps = ApWps {
        selected_registrar: true,
        device_password_id: Some(printer_panel::wps::defs::DevicePasswordId::PushButton),
        setup_locked: false,
        config_methods: printer_panel::wps::defs::config_methods::VIRT_PUSH_BUTTON,
    };
    e.handle_probe_response(
        Duration::ZERO,
        &ProbeResponse { bssid: v["ap_address"].as_slice().try_into().unwrap(), wps: Some(wps) },
    );
    // The association for WPS is the link layer's; here it is made at once.
    e.associated(Duration::ZERO);
}

fn frames_out(e: &mut Enrollee) -> Vec<Vec<u8>> {
    std::iter::from_fn(|| e.poll_transmit())
        .filter_map(|t| match t {
            Transmit::Frame(f) => Some(f),
            Transmit::Probe(_) | Transmit::Associate(_) => None,
        })
        .collect()
}

/// Drives the enrollee up to the point where `upto` (a registrar frame) is next.
fn enrollee_before(v: &HashMap<String, Vec<u8>>, upto: &str) -> Enrollee {
    let mut e = captured_enrollee(v);
    let now = Duration::ZERO;
    e.start(now, Password::PushButton);
    ap_in_pbc_mode(v, &mut e);
    frames_out(&mut e);
    for name in ["eap_identity_req", "eap_wsc_start", "eap_wsc_m2", "eap_wsc_m4", "eap_wsc_m6", "eap_wsc_m8"] {
        if name == upto {
            return e;
        }
        e.handle_frame(now, &v[name]).unwrap_or_else(|err| panic!("{name}: {err}"));
        frames_out(&mut e);
    }
    panic!("unknown frame {upto}");
}

#[test]
fn our_enrollee_reproduces_the_captured_frames_byte_for_byte() {
    let v = vectors();
    let mut e = captured_enrollee(&v);
    let now = Duration::ZERO;
    e.start(now, Password::PushButton);
    ap_in_pbc_mode(&v, &mut e);
    assert_eq!(frames_out(&mut e), vec![hex::decode("01010000").unwrap()], "EAPOL-Start");

    let script = [
        ("eap_identity_req", "eap_identity_resp"),
        ("eap_wsc_start", "eap_wsc_m1"),
        ("eap_wsc_m2", "eap_wsc_m3"),
        ("eap_wsc_m4", "eap_wsc_m5"),
        ("eap_wsc_m6", "eap_wsc_m7"),
        ("eap_wsc_m8", "eap_wsc_done"),
    ];
    for (incoming, expected) in script {
        e.handle_frame(now, &v[incoming]).unwrap_or_else(|err| panic!("{incoming} refused: {err}"));
        let out = frames_out(&mut e);
        assert_eq!(out.len(), 1, "one answer to {incoming}");
        assert_eq!(hex::encode(&out[0]), hex::encode(&v[expected]), "{expected} differs");
    }

    let Some(Outcome::Connected(cred)) = e.outcome() else { panic!("not connected: {:?}", e.outcome()) };
    assert_eq!(cred.ssid, b"TestWPA");
    assert_eq!(cred.auth_type, auth::WPA2PSK);
    assert_eq!(cred.encr_type, encr::AES);
    assert_eq!(cred.mac.to_vec(), v["sta_address"]);
    assert_eq!(cred.network_key[..], b"4604D01FFDB0B292E37732DD4E11C2401154289A09A33AD704177AB0D1B758D0"[..]);
    let events: Vec<String> = std::iter::from_fn(|| e.poll_event()).map(|ev| ev.to_string()).collect();
    assert_eq!(events.first().map(String::as_str), Some("WPS-PBC-ACTIVE"));
    assert_eq!(events.last().map(String::as_str), Some("WPS-SUCCESS"));
    // EAP always ends in EAP-Failure, which a connected printer takes calmly.
    e.handle_frame(now, &v["eap_fail"]).unwrap();
    assert!(matches!(e.outcome(), Some(Outcome::Connected(_))));
}

#[test]
fn a_tampered_byte_in_any_registrar_message_is_rejected() {
    let v = vectors();
    for name in ["eap_wsc_m2", "eap_wsc_m4", "eap_wsc_m6", "eap_wsc_m8"] {
        let original = &v[name];
        for i in WSC_BODY_OFFSET..original.len() {
            let mut e = enrollee_before(&v, name);
            let mut bad = original.clone();
            bad[i] ^= 0x40;
            let result = e.handle_frame(Duration::ZERO, &bad);
            let out = frames_out(&mut e);
            assert!(result.is_err(), "{name}: flipping byte {i} was accepted");
            // Nothing but a NACK may answer it: no M3/M5/M7/Done built on tampered input.
            for frame in &out {
                let text = printer_panel::wps::eap::Frame::parse(frame).unwrap().to_string();
                assert_eq!(text, "WSC_NACK", "{name} byte {i} answered with {text}");
            }
            assert!(!matches!(e.outcome(), Some(Outcome::Connected(_))), "{name} byte {i}");
        }
    }
}
