//! Random and mutated input never panics: not the parsers, not either state machine.

use proptest::prelude::*;
use std::time::Duration;

use printer_panel::sim::air::{Node, Payload};
use printer_panel::sim::models::RouterSetup;
use printer_panel::trace::decode;
use printer_panel::trace::simulate::{self, Method, SimOptions};
use printer_panel::wps::attr::Attrs;
use printer_panel::wps::eap::Frame;
use printer_panel::wps::enrollee::{Outcome, Password};
use printer_panel::wps::message::{Credential, M1, M2};

/// Every frame of a real PIN registration, with who sent it.
fn recorded_frames() -> Vec<(Node, Vec<u8>)> {
    let r = simulate::run(&SimOptions { method: Method::Pin, seed: Some(21), ..SimOptions::default() });
    r.air
        .recording()
        .sent()
        .iter()
        .filter_map(|e| match &e.payload {
            Payload::Frame(b) => Some((e.from, b.clone())),
            _ => None,
        })
        .collect()
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, u8),
    Replace(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, x)| Mutation::Flip(i, x)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, x)| Mutation::Insert(i, x)),
        proptest::collection::vec(any::<u8>(), 0..64).prop_map(Mutation::Replace),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut out = bytes.to_vec();
    match m {
        Mutation::Flip(i, x) if !out.is_empty() => {
            let n = out.len();
            out[i % n] ^= x;
        }
        Mutation::Truncate(i) => out.truncate(i % (bytes.len() + 1)),
        Mutation::Insert(i, x) => out.insert(i % (bytes.len() + 1), *x),
        Mutation::Replace(b) => out = b.clone(),
        _ => {}
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = Frame::parse(&bytes);
        let _ = Attrs::parse(&bytes);
        let _ = M1::parse(&bytes);
        let _ = M2::parse(&bytes);
        let _ = Credential::parse(&bytes);
        let _ = decode::decode(&bytes);
    }

    #[test]
    fn hex_input_never_panics(text in ".{0,200}") {
        if let Ok(bytes) = decode::parse_hex(&text) {
            let _ = decode::decode(&bytes);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A real registration in which one frame (chosen at random) is corrupted in the air:
    /// nothing panics, and a corrupted exchange never yields a wrong credential.
    #[test]
    fn a_corrupted_frame_at_any_step_never_panics_or_misleads(step in 0usize..20, m in mutation(), pbc in any::<bool>()) {
        let options = SimOptions {
            method: if pbc { Method::Pbc } else { Method::Pin },
            seed: Some(21),
            ..SimOptions::default()
        };
        let interference = Box::new(move |i: usize, bytes: &mut Vec<u8>| {
            if i == step {
                *bytes = apply(bytes, &m);
            }
        });
        let r = simulate::run_with(&options, Some(interference));
        assert!(r.outcome().is_some(), "every run ends");
        if let Some(Outcome::Connected(c)) = r.outcome() {
            assert_eq!(c.ssid_text(), RouterSetup::default().ssid);
            assert_eq!(c.network_key[..], *RouterSetup::default().passphrase.as_bytes());
        }
    }

    /// Frames from real runs and random bytes, in random order, to both machines.
    #[test]
    fn random_sequences_never_panic(picks in proptest::collection::vec((any::<bool>(), any::<u16>(), mutation()), 1..40)) {
        let frames = recorded_frames();
        let r = simulate::run(&SimOptions { method: Method::Pbc, seed: Some(8), router_idle: true, ..SimOptions::default() });
        let mut air = r.air;
        let mac = air.printer().config().mac;
        let mut now = Duration::from_secs(1);
        air.router_mut().push_button(now).ok();
        air.printer_mut().start(now, Password::PushButton);
        for (to_router, index, m) in picks {
            now += Duration::from_millis(700);
            let bytes = apply(&frames[usize::from(index) % frames.len()].1, &m);
            if to_router {
                let _ = air.router_mut().handle_frame(now, mac, &bytes);
            } else {
                let _ = air.printer_mut().handle_frame(now, &bytes);
            }
            air.router_mut().handle_timeout(now);
            air.printer_mut().handle_timeout(now);
            while air.router_mut().poll_transmit().is_some() {}
            while air.printer_mut().poll_transmit().is_some() {}
            while air.router_mut().poll_event().is_some() {}
        }
    }
}
