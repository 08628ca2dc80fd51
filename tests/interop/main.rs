//! The engine against the reference implementation on a real link: hostapd and
//! wpa_supplicant 2.10 (Debian's packages) over a veth pair between two network namespaces,
//! 802.1X on Ethernet as their `wired` drivers do it. Each case runs three ways:
//! the two reference programs together (the control: the lab is right), the engine's printer
//! against hostapd, and the engine's router against wpa_supplicant. All three must print the
//! same control-interface lines (addresses and UUIDs aside) and hand over the same credential.
//!
//! Needs root, `ip`, `hostapd` and `wpa_supplicant`; without them each case says SKIPPED,
//! and under `CI=true` fails.

mod lab;
mod upnp;

use lab::{Lab, PASSPHRASE, PRINTER_IF, ROUTER_IF, SSID, Side, type_command, wps_lines};
use printer_panel::sim::models;

/// Who plays which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pairing {
    /// hostapd and wpa_supplicant: the control.
    Reference,
    /// The engine's printer against hostapd.
    EnginePrinter,
    /// The engine's router against wpa_supplicant.
    EngineRouter,
}

/// What the router is told before the printer starts.
#[derive(Debug, Clone, Copy)]
enum RouterStart {
    PushButton,
    Pin(&'static str),
    /// Nothing: the printer hears M2D; then this PIN is typed and it tries again.
    PinAfterM2d(&'static str),
}

struct Case {
    name: &'static str,
    router: RouterStart,
    /// `None`: push button.
    printer_pin: Option<&'static str>,
    /// The EAP fragment size every side uses (hostapd's and wpa_supplicant's
    /// `fragment_size`, the engine's `--fragment-size`); `None`: their defaults.
    fragment_size: Option<usize>,
    /// Frames the link loses, once each (a relay between the sides).
    lose: &'static [&'static str],
    /// Every retry of the lost frame is lost too: the router resends until it gives up, and
    /// the run ends there (the printer, still waiting, is stopped).
    router_gives_up: bool,
    succeeds: bool,
    registrar_lines: &'static [&'static str],
    enrollee_lines: &'static [&'static str],
}

/// What one run printed and handed over.
struct Run {
    registrar: Vec<String>,
    enrollee: Vec<String>,
    credential: Option<(String, String)>,
    printer_device: String,
    /// What the relay said, if there was one.
    relay: String,
}

const PIN: &str = "12345670";

// The EAP layer's lines around each run, as hostapd (eap_server.c) and wpa_supplicant
// (eap_peer/eap.c) print them: the registrar starts, proposes Identity and then the WFA's
// expanded method; the enrollee starts, accepts and selects WSC; both end in EAP-Failure,
// a successful run too.
macro_rules! registrar_run {
    ($($line:expr),*) => {
        &[
            "CTRL-EVENT-EAP-STARTED <mac>",
            "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
            "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
            $($line,)*
            "CTRL-EVENT-EAP-FAILURE <mac>",
        ]
    };
}
macro_rules! enrollee_run {
    ($($line:expr),*) => {
        &[
            "CTRL-EVENT-EAP-STARTED EAP authentication started",
            "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=1",
            "CTRL-EVENT-EAP-METHOD EAP vendor 14122 method 1 (WSC) selected",
            $($line,)*
            "CTRL-EVENT-EAP-FAILURE EAP authentication failed",
        ]
    };
}
const SUCCESS_ENROLLEE: &[&str] = enrollee_run!("WPS-CRED-RECEIVED", "WPS-SUCCESS");

fn router_log(pairing: Pairing) -> &'static str {
    if pairing == Pairing::EngineRouter { "engine-router.log" } else { "hostapd.log" }
}

fn run(case: &Case, pairing: Pairing) -> Option<Run> {
    let name = format!("{} ({pairing:?})", case.name);
    // A relay between the sides when frames are lost, or to see fragments cross.
    let relay = !case.lose.is_empty() || case.fragment_size.is_some();
    let mut lab = if relay { Lab::with_relay(&name, case.lose)? } else { Lab::new(&name)? };
    let mut router_input = None;
    let size = case.fragment_size.map(|n| n.to_string());
    let engine_size: Vec<&str> = size.as_deref().map(|n| vec!["--fragment-size", n]).unwrap_or_default();
    let conf_size = size.as_deref().map(|n| format!("fragment_size={n}\n")).unwrap_or_default();
    let engine_router = pairing == Pairing::EngineRouter;
    if engine_router {
        let mut args = vec!["router", "--iface", ROUTER_IF, "--ssid", SSID, "--passphrase", PASSPHRASE, "--once"];
        match case.router {
            RouterStart::PushButton => args.push("--pbc"),
            RouterStart::Pin(pin) => args.extend(["--pin", pin]),
            RouterStart::PinAfterM2d(_) => {}
        }
        args.extend(&engine_size);
        router_input = lab.engine(Side::Router, "engine-router.log", &args);
    } else {
        lab.hostapd(&conf_size);
        match case.router {
            RouterStart::PushButton => lab.hostapd_cli(&["wps_pbc"]),
            RouterStart::Pin(pin) => lab.hostapd_cli(&["wps_pin", "any", pin]),
            RouterStart::PinAfterM2d(_) => {}
        }
    }
    let phase1 = case.printer_pin.map_or("pbc=1".to_string(), |p| format!("pin={p}"));
    let engine_printer = pairing == Pairing::EnginePrinter;
    let start_printer = |lab: &mut Lab, log: &str| {
        if engine_printer {
            let mut args = vec!["printer", "--iface", PRINTER_IF, "--timeout", "60"];
            args.extend(&engine_size);
            match case.printer_pin {
                Some(pin) => args.extend(["--pin", pin]),
                None => args.push("--pbc"),
            }
            lab.engine(Side::Printer, log, &args);
        } else {
            lab.wpa_supplicant(log, &phase1, &conf_size);
        }
    };
    start_printer(&mut lab, "printer.log");
    let rlog = router_log(pairing);
    let mut printer_logs = vec!["printer.log"];
    if let RouterStart::PinAfterM2d(pin) = case.router {
        lab.wait_for(rlog, "WPS-PIN-NEEDED");
        lab.wait_for("printer.log", "WPS-M2D");
        match router_input.as_mut() {
            Some(input) => type_command(input, &format!("wps_pin any {pin}")),
            None => lab.hostapd_cli(&["wps_pin", "any", pin]),
        }
        // wpa_supplicant on a wire does not try again after M2D (its network stays disabled):
        // a second attempt is a new start, as pressing the printer's button again.
        if !engine_printer {
            lab.wait_for("printer.log", "CTRL-EVENT-EAP-FAILURE");
            lab.stop("printer.log");
            start_printer(&mut lab, "printer-again.log");
            printer_logs.push("printer-again.log");
        }
    }
    let last_printer_log = printer_logs.last().copied().unwrap();
    let registrar_last = case.registrar_lines.last().unwrap();
    let enrollee_last = case.enrollee_lines.last().unwrap();
    if engine_router {
        let code = lab.wait_exit(rlog);
        assert_eq!(code, Some(if case.succeeds { 0 } else { 1 }), "engine router's exit:\n{}", lab.log(rlog));
    } else {
        lab.wait_for(rlog, registrar_last.split(' ').next().unwrap());
    }
    if engine_printer && !case.router_gives_up {
        let code = lab.wait_exit(last_printer_log);
        let log = lab.log(last_printer_log);
        assert_eq!(code, Some(if case.succeeds { 0 } else { 1 }), "engine printer's exit:\n{log}");
    } else if !case.router_gives_up {
        lab.wait_for(last_printer_log, enrollee_last.split(' ').next().unwrap());
        lab.wait_for(last_printer_log, "CTRL-EVENT-EAP-FAILURE");
    }
    // Anything said just after the outcome still counts.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let registrar = wps_lines(&lab.log(rlog));
    let mut enrollee: Vec<String> = printer_logs.iter().flat_map(|l| wps_lines(&lab.log(l))).collect();
    // wpa_supplicant started from a network block says no `-ACTIVE` line; the engine's
    // printer says it when its button is held or its PIN shown.
    enrollee.retain(|l| !matches!(l.as_str(), "WPS-PBC-ACTIVE" | "WPS-PIN-ACTIVE"));
    let credential = if engine_printer {
        let log = lab.log(last_printer_log);
        let re = regex::Regex::new(r#"credential ssid="([^"]*)" key="([^"]*)""#).unwrap();
        re.captures(&log).map(|c| (c[1].to_string(), c[2].to_string()))
    } else {
        let conf = std::fs::read_to_string(lab.path("wpa_supplicant.conf")).unwrap_or_default();
        let ssid = regex::Regex::new(r#"\bssid="([^"]*)""#).unwrap().captures(&conf).map(|c| c[1].to_string());
        let psk = regex::Regex::new(r#"\bpsk="([^"]*)""#).unwrap().captures(&conf).map(|c| c[1].to_string());
        ssid.zip(psk)
    };
    let printer_device = if engine_printer {
        let model = &models::PRINTER_MODELS[0];
        let config = models::printer_enrollee(model, Default::default(), Default::default(), std::time::Duration::ZERO);
        config.device.hostapd_summary()
    } else {
        // wpa_supplicant without device settings sends a space for each empty string.
        " | | | | |0-00000000-0".to_string()
    };
    let relay = lab.log("relay.log");
    Some(Run { registrar, enrollee, credential, printer_device, relay })
}

fn check(case: &Case, pairing: Pairing) {
    let Some(run) = run(case, pairing) else { return };
    let expect =
        |lines: &[&str]| -> Vec<String> { lines.iter().map(|l| l.replace("<device>", &run.printer_device)).collect() };
    assert_eq!(run.registrar, expect(case.registrar_lines), "{} ({pairing:?}): the router's lines", case.name);
    assert_eq!(run.enrollee, expect(case.enrollee_lines), "{} ({pairing:?}): the printer's lines", case.name);
    let handed = case.succeeds.then(|| (SSID.to_string(), PASSPHRASE.to_string()));
    assert_eq!(run.credential, handed, "{} ({pairing:?}): the credential", case.name);
    // Both sides sent in fragments: the printer's M1 and the router's M2 at least.
    if case.fragment_size.is_some() {
        for first in ["M1 (fragment 1,", "M2 (fragment 1,"] {
            assert!(run.relay.contains(first), "{} ({pairing:?}): no '{first}':\n{}", case.name, run.relay);
        }
        assert!(run.relay.contains("WSC_FRAG_ACK"), "{} ({pairing:?}): no WSC_FRAG_ACK", case.name);
    }
    // Every send of the frame was lost: as many losses as the case names, and no "again".
    if case.router_gives_up {
        for lost in case.lose {
            let line = format!("relay: lost {lost} (");
            assert_eq!(
                run.relay.matches(&line).count(),
                case.lose.len(),
                "{} ({pairing:?}):\n{}",
                case.name,
                run.relay
            );
        }
        assert!(!run.relay.contains("relay: again"), "{} ({pairing:?}):\n{}", case.name, run.relay);
        return;
    }
    // The loss happened, and the lost frame crossed, the same bytes, on a second try.
    for lost in case.lose {
        let relay = &run.relay;
        for what in ["lost", "again"] {
            let line = format!("relay: {what} {lost} (");
            assert!(relay.contains(&line), "{} ({pairing:?}): no '{line}':\n{relay}", case.name);
        }
    }
}

const PUSH_BUTTON: Case = Case {
    name: "push button",
    router: RouterStart::PushButton,
    printer_pin: None,
    fragment_size: None,
    lose: &[],
    router_gives_up: false,
    succeeds: true,
    registrar_lines: &[
        "WPS-PBC-ACTIVE",
        "CTRL-EVENT-EAP-STARTED <mac>",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
        "WPS-REG-SUCCESS <mac> <uuid>",
        "WPS-PBC-DISABLE",
        "WPS-SUCCESS",
        "CTRL-EVENT-EAP-FAILURE <mac>",
    ],
    enrollee_lines: SUCCESS_ENROLLEE,
};

const RIGHT_PIN: Case = Case {
    name: "the right PIN",
    router: RouterStart::Pin(PIN),
    printer_pin: Some(PIN),
    fragment_size: None,
    lose: &[],
    router_gives_up: false,
    succeeds: true,
    registrar_lines: registrar_run!("WPS-REG-SUCCESS <mac> <uuid>", "WPS-SUCCESS"),
    enrollee_lines: SUCCESS_ENROLLEE,
};

/// 1235 instead of 1234: M4 proves a first half the printer does not have.
const WRONG_FIRST_HALF: Case = Case {
    name: "a wrong first half",
    router: RouterStart::Pin("12355670"),
    printer_pin: Some(PIN),
    fragment_size: None,
    lose: &[],
    router_gives_up: false,
    succeeds: false,
    registrar_lines: registrar_run!("WPS-FAIL msg=8 config_error=18"),
    enrollee_lines: enrollee_run!("WPS-FAIL msg=8 config_error=18"),
};

/// 5679 instead of 5670: the first half passes, M6 fails.
const WRONG_SECOND_HALF: Case = Case {
    name: "a wrong second half",
    router: RouterStart::Pin("12345679"),
    printer_pin: Some(PIN),
    fragment_size: None,
    lose: &[],
    router_gives_up: false,
    succeeds: false,
    registrar_lines: registrar_run!("WPS-FAIL msg=10 config_error=18"),
    enrollee_lines: enrollee_run!("WPS-FAIL msg=10 config_error=18"),
};

const PIN_AFTER_M2D: Case = Case {
    name: "no PIN yet, then the PIN",
    router: RouterStart::PinAfterM2d(PIN),
    printer_pin: Some(PIN),
    fragment_size: None,
    lose: &[],
    router_gives_up: false,
    succeeds: true,
    registrar_lines: &[
        "CTRL-EVENT-EAP-STARTED <mac>",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
        "WPS-PIN-NEEDED <uuid> <mac> [<device>]",
        "CTRL-EVENT-EAP-FAILURE <mac>",
        "CTRL-EVENT-EAP-STARTED <mac>",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
        "WPS-REG-SUCCESS <mac> <uuid>",
        "WPS-SUCCESS",
        "CTRL-EVENT-EAP-FAILURE <mac>",
    ],
    enrollee_lines: &[
        "CTRL-EVENT-EAP-STARTED EAP authentication started",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=1",
        "CTRL-EVENT-EAP-METHOD EAP vendor 14122 method 1 (WSC) selected",
        "WPS-M2D dev_password_id=0 config_error=0",
        "CTRL-EVENT-EAP-FAILURE EAP authentication failed",
        "CTRL-EVENT-EAP-STARTED EAP authentication started",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=1",
        "CTRL-EVENT-EAP-METHOD EAP vendor 14122 method 1 (WSC) selected",
        "WPS-CRED-RECEIVED",
        "WPS-SUCCESS",
        "CTRL-EVENT-EAP-FAILURE EAP authentication failed",
    ],
};

/// The printer's M3 is lost: the router hears nothing, sends M2 again after 5 s, and the
/// printer, having answered that M2 already, sends the same M3 again.
const LOST_TOWARD_ROUTER: Case = Case {
    name: "M3 lost on the way to the router",
    lose: &["M3"],
    registrar_lines: registrar_run!("CTRL-EVENT-EAP-RETRANSMIT <mac>", "WPS-REG-SUCCESS <mac> <uuid>", "WPS-SUCCESS"),
    ..RIGHT_PIN
};

/// The router's M4 is lost: after 5 s it sends M4 again.
const LOST_TOWARD_PRINTER: Case = Case {
    name: "M4 lost on the way to the printer",
    lose: &["M4"],
    registrar_lines: registrar_run!("CTRL-EVENT-EAP-RETRANSMIT <mac>", "WPS-REG-SUCCESS <mac> <uuid>", "WPS-SUCCESS"),
    ..RIGHT_PIN
};

/// Every side sends fragments of at most 200 bytes: M1, M2, M4 and M8 cross in pieces,
/// each acknowledged with WSC_FRAG_ACK.
const FRAGMENTS: Case = Case { name: "fragments of 200 bytes", fragment_size: Some(200), ..RIGHT_PIN };

/// Fragments and a lost piece: the second fragment of M2 is lost once and sent again.
/// Every M3 is lost (the printer's answer to M2 and its two repeats): hostapd sends M2 again
/// twice, 5 s apart (MaxRetrans = 2), says RETRANSMIT a third time at the silence after the
/// last (its RETRANSMIT state counts it, sending nothing), then gives the session up with
/// TIMEOUT-FAILURE and no EAP-Failure; the printer's side has said only that EAP started.
const EVERY_M3_LOST: Case = Case {
    name: "every M3 lost",
    lose: &["M3", "M3", "M3"],
    router_gives_up: true,
    succeeds: false,
    registrar_lines: &[
        "CTRL-EVENT-EAP-STARTED <mac>",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
        "CTRL-EVENT-EAP-RETRANSMIT <mac>",
        "CTRL-EVENT-EAP-RETRANSMIT <mac>",
        "CTRL-EVENT-EAP-RETRANSMIT <mac>",
        "CTRL-EVENT-EAP-TIMEOUT-FAILURE <mac>",
    ],
    enrollee_lines: &[
        "CTRL-EVENT-EAP-STARTED EAP authentication started",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=1",
        "CTRL-EVENT-EAP-METHOD EAP vendor 14122 method 1 (WSC) selected",
    ],
    ..RIGHT_PIN
};

/// Every M4 is lost (the router's answer to M3 and its two repeats): the same giving up, seen
/// from the other side of the link; the printer, which answered M2 with M3, waits in silence
/// as an EAP peer does (it never sends first).
const EVERY_M4_LOST: Case = Case { name: "every M4 lost", lose: &["M4", "M4", "M4"], ..EVERY_M3_LOST };

const FRAGMENT_LOST: Case = Case {
    name: "a fragment lost",
    fragment_size: Some(200),
    lose: &["WSC_MSG (fragment)"],
    registrar_lines: &[
        "WPS-PBC-ACTIVE",
        "CTRL-EVENT-EAP-STARTED <mac>",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=1",
        "CTRL-EVENT-EAP-PROPOSED-METHOD vendor=14122 method=254",
        "CTRL-EVENT-EAP-RETRANSMIT <mac>",
        "WPS-REG-SUCCESS <mac> <uuid>",
        "WPS-PBC-DISABLE",
        "WPS-SUCCESS",
        "CTRL-EVENT-EAP-FAILURE <mac>",
    ],
    ..PUSH_BUTTON
};

macro_rules! cases {
    ($($case:ident: $reference:ident, $printer:ident, $router:ident;)*) => {$(
        #[test]
        fn $reference() {
            check(&$case, Pairing::Reference);
        }
        #[test]
        fn $printer() {
            check(&$case, Pairing::EnginePrinter);
        }
        #[test]
        fn $router() {
            check(&$case, Pairing::EngineRouter);
        }
    )*};
}

cases! {
    PUSH_BUTTON: push_button_reference, push_button_engine_printer, push_button_engine_router;
    RIGHT_PIN: pin_reference, pin_engine_printer, pin_engine_router;
    WRONG_FIRST_HALF: wrong_first_half_reference, wrong_first_half_engine_printer, wrong_first_half_engine_router;
    WRONG_SECOND_HALF: wrong_second_half_reference, wrong_second_half_engine_printer, wrong_second_half_engine_router;
    PIN_AFTER_M2D: pin_after_m2d_reference, pin_after_m2d_engine_printer, pin_after_m2d_engine_router;
    LOST_TOWARD_ROUTER: lost_m3_reference, lost_m3_engine_printer, lost_m3_engine_router;
    LOST_TOWARD_PRINTER: lost_m4_reference, lost_m4_engine_printer, lost_m4_engine_router;
    FRAGMENTS: fragments_reference, fragments_engine_printer, fragments_engine_router;
    FRAGMENT_LOST: fragment_lost_reference, fragment_lost_engine_printer, fragment_lost_engine_router;
    EVERY_M3_LOST: every_m3_lost_reference, every_m3_lost_engine_printer, every_m3_lost_engine_router;
    EVERY_M4_LOST: every_m4_lost_reference, every_m4_lost_engine_printer, every_m4_lost_engine_router;
}
