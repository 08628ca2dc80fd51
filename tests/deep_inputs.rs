//! Property tests whose generators reach the deep paths: real frames mutated with
//! structure (lengths, splices, nesting, padding, re-framing) for the decoder, and the
//! panel driven by every key, every model and scenario and every size down to 1 x 1, with
//! the panel's invariants checked after every step.
//!
//! `PROPTEST_CASES` raises the case counts; under `CI=true` the decoder runs longer.

use std::time::Duration;

use printer_panel::app::led::Led;
use printer_panel::app::{App, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::{KeyCode, KeyModifiers};
use printer_panel::sim::air::Payload;
use printer_panel::sim::models::PRINTER_MODELS;
use printer_panel::sim::scenarios::SCENARIOS;
use printer_panel::trace::decode;
use printer_panel::trace::simulate::{self, Method, SimOptions};
use printer_panel::wps::enrollee::Phase;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Cases for a property: `PROPTEST_CASES` if set, more under CI.
fn cases(local: u32, ci: u32) -> u32 {
    if let Some(n) = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        return n;
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") { ci } else { local }
}

/// The WSC bodies of a real PIN and a real push-button registration, made once.
fn real_bodies() -> &'static [Vec<u8>] {
    static BODIES: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    BODIES.get_or_init(recorded_bodies)
}

fn recorded_bodies() -> Vec<Vec<u8>> {
    let mut bodies = Vec::new();
    for method in [Method::Pin, Method::Pbc] {
        let r = simulate::run(&SimOptions { method, seed: Some(5), ..SimOptions::default() });
        for sent in r.air.recording().sent() {
            if let Payload::Frame(f) = &sent.payload
                && f.len() > 18
            {
                bodies.push(f[18..].to_vec());
            }
        }
    }
    bodies
}

/// Attribute boundaries of a body (where a TLV starts), as far as it parses.
fn boundaries(body: &[u8]) -> Vec<usize> {
    let mut out = vec![0];
    let mut at = 0;
    while at + 4 <= body.len() {
        let len = usize::from(u16::from_be_bytes([body[at + 2], body[at + 3]]));
        at += 4 + len;
        if at > body.len() {
            break;
        }
        out.push(at);
    }
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Set the length field of the n-th attribute.
    Length(usize, u16),
    /// Insert a piece of another body at an attribute boundary.
    Splice(usize, usize, usize, usize),
    /// Wrap the body in Credential attributes this many times.
    Nest(usize),
    /// Ethernet-style padding after the body.
    Pad(usize),
    /// Cut at an attribute boundary, or one byte before it.
    Cut(usize, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u16>()).prop_map(|(i, l)| Mutation::Length(i, l)),
        (any::<usize>(), any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(a, b, c, d)| Mutation::Splice(a, b, c, d)),
        (1usize..200).prop_map(Mutation::Nest),
        (0usize..64).prop_map(Mutation::Pad),
        (any::<usize>(), any::<bool>()).prop_map(|(i, b)| Mutation::Cut(i, b)),
    ]
}

fn mutate(bodies: &[Vec<u8>], pick: usize, m: &Mutation) -> Vec<u8> {
    let body = &bodies[pick % bodies.len()];
    let marks = boundaries(body);
    let mut out = body.clone();
    match *m {
        Mutation::Length(i, len) => {
            let at = marks[i % marks.len()];
            if at + 4 <= out.len() {
                out[at + 2..at + 4].copy_from_slice(&len.to_be_bytes());
            }
        }
        Mutation::Splice(from, start, size, into) => {
            let other = &bodies[from % bodies.len()];
            let start = start % (other.len() + 1);
            let end = (start + size % 64).min(other.len());
            let at = marks[into % marks.len()];
            out.splice(at..at, other[start..end].iter().copied());
        }
        Mutation::Nest(depth) => {
            for _ in 0..depth {
                if out.len() > 60_000 {
                    break;
                }
                let mut outer = vec![0x10, 0x0e];
                outer.extend((out.len() as u16).to_be_bytes());
                outer.extend(&out);
                out = outer;
            }
        }
        Mutation::Pad(n) => out.extend(std::iter::repeat_n(0u8, n)),
        Mutation::Cut(i, short) => {
            let at = marks[i % marks.len()];
            out.truncate(if short { at.saturating_sub(1) } else { at });
        }
    }
    out
}

/// The body in an EAPOL frame: WSC_MSG, with or without the Length Field flag, lengths
/// right or as the body's own first bytes say.
fn framed(body: &[u8], length_flag: bool, padding: usize) -> Vec<u8> {
    let mut eap = vec![0x01, 0x07, 0, 0, 0xfe, 0x00, 0x37, 0x2a, 0, 0, 0, 1, 0x04, 0];
    if length_flag {
        eap[13] = 0x02;
        eap.extend((body.len() as u16).to_be_bytes());
    }
    eap.extend(body);
    let n = (eap.len().min(usize::from(u16::MAX)) as u16).to_be_bytes();
    eap[2..4].copy_from_slice(&n);
    let mut frame = vec![0x01, 0x00, n[0], n[1]];
    frame.extend(eap);
    frame.extend(std::iter::repeat_n(0u8, padding));
    frame
}

fn decodes_safely(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(text) = decode::decode(bytes) {
        prop_assert!(!text.contains('\u{1b}'), "no raw escape in the output");
        // The output grows with the input, never faster (nesting is limited).
        prop_assert!(text.len() <= 64 * bytes.len() + 4096, "{} bytes of text for {} bytes", text.len(), bytes.len());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512, 3_000_000), ..ProptestConfig::default() })]

    #[test]
    fn real_frames_mutated_with_structure_decode_or_fail_cleanly(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..4),
        length_flag in any::<bool>(),
        padding in 0usize..48,
    ) {
        let bodies = real_bodies();
        let mut body = mutate(bodies, pick, &mutations[0]);
        for m in &mutations[1..] {
            body = mutate(&[body.clone()], 0, m);
        }
        decodes_safely(&body)?;
        decodes_safely(&framed(&body, length_flag, padding))?;
    }

    #[test]
    fn valid_hex_with_any_separators_decodes_or_fails_cleanly(
        bytes in proptest::collection::vec(any::<u8>(), 0..800),
        separator in prop::sample::select(vec!["", " ", ":", "-", "  "]),
        prefix in any::<bool>(),
    ) {
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let text = format!("{}{}", if prefix { "0x" } else { "" }, hex.join(separator));
        match decode::parse_hex(&text) {
            Ok(parsed) => {
                prop_assert_eq!(&parsed, &bytes);
                decodes_safely(&parsed)?;
            }
            Err(_) => prop_assert!(bytes.is_empty(), "only empty input is refused"),
        }
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(KeyCode, bool),
    Wait(u64),
    Resize(u16, u16),
    Click(u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    let key = prop_oneof![
        prop::sample::select(vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Backspace,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Home,
            KeyCode::Delete,
            KeyCode::F(1),
        ]),
        // Every printable key the panel knows, and some it does not.
        (0x20u8..0x7f).prop_map(|c| KeyCode::Char(char::from(c))),
    ];
    prop_oneof![
        8 => (key, prop::bool::weighted(0.05)).prop_map(|(k, ctrl)| Step::Key(k, ctrl)),
        3 => (0u64..60_000).prop_map(Step::Wait),
        1 => (1u16..200, 1u16..80).prop_map(|(w, h)| Step::Resize(w, h)),
        2 => (0u16..200, 0u16..80).prop_map(|(x, y)| Step::Click(x, y)),
    ]
}

/// What must hold after every step, whatever was pressed.
fn invariants(h: &Headless) -> Result<(), TestCaseError> {
    let app = &h.app;
    let (p, r) = (app.printer(), app.router());
    // The client list agrees with the printer's link once both have heard everything sent
    // (the router lists the printer when it sends the DHCP Ack, the printer has its address
    // when the Ack arrives; a Deauthentication takes its time to cross too).
    if app.world().air.is_quiet() {
        let listed = r.clients.iter().find(|c| c.mac == p.mac).map(|c| c.ip);
        prop_assert_eq!(listed, p.ip(), "client list vs the printer's link");
    }
    // The router's page agrees with what its registrar has armed.
    let registrar = app.world().air.router();
    prop_assert_eq!(r.pbc_until.is_some(), registrar.pbc_deadline().is_some(), "push-button mode, page vs registrar");
    prop_assert_eq!(r.pin.is_some(), registrar.has_pin(), "a PIN armed, page vs registrar");
    // The printer's attempt agrees with its enrollee.
    let phase = app.world().air.printer().phase();
    prop_assert_eq!(
        p.attempt.is_some(),
        matches!(phase, Phase::Searching | Phase::Exchanging(_)),
        "attempt vs {:?}",
        phase
    );
    // The LEDs agree with the state.
    let wifi = p.leds.wifi;
    let joining = matches!(p.link, printer_panel::app::printer::Link::Joining { .. });
    match (p.powered && p.wireless_on, p.attempt.is_some() || joining, p.connected()) {
        (false, _, _) | (true, false, false) => prop_assert_eq!(wifi, Led::Off),
        (true, true, _) => prop_assert!(matches!(wifi, Led::Blink { .. }), "{wifi:?} during an attempt or a join"),
        (true, false, true) => prop_assert_eq!(wifi, Led::On),
    }
    prop_assert_eq!(p.leds.power == Led::On, p.powered);
    prop_assert_eq!(r.wps_led == Led::Off, !r.armed(), "the WPS light vs what is armed");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48, 256), ..ProptestConfig::default() })]

    #[test]
    fn every_key_model_scenario_and_size_keeps_the_panel_consistent(
        seed in any::<u64>(),
        model in 0usize..PRINTER_MODELS.len(),
        scenario in 0usize..SCENARIOS.len(),
        (width, height) in (1u16..200, 1u16..80),
        steps in proptest::collection::vec(step(), 1..150),
    ) {
        let model = &PRINTER_MODELS[model];
        let scenario = &SCENARIOS[scenario];
        let options = Options { seed: Some(seed), model, scenario, guide: seed % 2 == 0, ..Options::default() };
        let mut h = Headless::new(App::new(options), width, height);
        invariants(&h)?;
        for s in steps {
            match s {
                // Quitting would end the walk early: pressed at the end instead.
                Step::Key(KeyCode::Char('q'), _) | Step::Key(KeyCode::Char('c'), true) => {}
                Step::Key(k, ctrl) => h.key_with(k, if ctrl { KeyModifiers::CONTROL } else { KeyModifiers::NONE }),
                Step::Wait(ms) => h.advance(Duration::from_millis(ms)),
                Step::Resize(w, hh) => h.resize(w, hh),
                Step::Click(x, y) => {
                    let area = h.buffer().area;
                    if let Some(action) = printer_panel::ui::hit_test(&h.app, area, x, y) {
                        h.act(action);
                    }
                }
            }
            // Ctrl-Z only asks the live loop to suspend (an effect); headless there is
            // nothing to do.
            invariants(&h)?;
        }
        h.key_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
        prop_assert!(h.quit);
    }
}
