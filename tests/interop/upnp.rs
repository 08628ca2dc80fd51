//! The engine's router as a UPnP device for external registrars, judged by wpa_supplicant's
//! own external registrar (`wps_er_start`, Debian's package as it is) over IPv4 on the lab's
//! link, and the LAN traffic judged by tshark.

use std::process::ChildStdin;

use super::lab::{Lab, ROUTER_IF, Side};

/// The router's own PIN (on its label): external registrars are refused without one.
const AP_PIN: &str = "87654325";

/// The engine's router with its UPnP device (and `extra` arguments; it ends after one
/// registration), and wpa_supplicant's external registrar, which has found it: the
/// router's standard input (kept open while it runs) and its UUID.
fn router_found_by_a_computer(lab: &mut Lab, extra: &[&str]) -> (Option<ChildStdin>, String) {
    let mut args = vec!["router", "--iface", ROUTER_IF, "--upnp", ROUTER_IF, "--ap-pin", AP_PIN, "--once", "-d"];
    args.extend(extra);
    let stdin = lab.engine(Side::Router, "router.log", &args);
    lab.wait_for("router.log", "WPS UPnP: device described at");
    let said = lab.log("router.log");
    let uuid = said.split("(uuid ").nth(1).and_then(|r| r.split(')').next()).expect("the router's UUID").to_string();
    lab.external_registrar("er.log");
    lab.wait_for("er.log", "WPS-ER-AP-ADD");
    (stdin, uuid)
}

/// Found by SSDP, described, its M1 read by GetDeviceInfo and its events subscribed: the
/// registrar says WPS-ER-AP-ADD with the router's UUID, MAC and names. Then a printer
/// (wpa_supplicant, `-D wired`) registers with the router's own PIN, and its M1 reaches the
/// registrar as a WLANEvent: WPS-ER-ENROLLEE-ADD with the printer's MAC and UUID. tshark reads
/// the LAN side: SSDP, the description, the SOAP call, the subscription and the NOTIFYs, none
/// malformed.
#[test]
fn an_external_registrar_finds_the_router_and_hears_the_printers_m1() {
    let Some(mut lab) = Lab::new("upnp-er") else { return };
    lab.lan();
    let judge = super::lab::have("tshark");
    if judge {
        lab.capture(Side::Router, "lan.pcap", 12);
    }
    let (_stdin, uuid) = router_found_by_a_computer(&mut lab, &["--pin", "12345670"]);
    let er = lab.log("er.log");
    let added = er.lines().find(|l| l.contains("WPS-ER-AP-ADD")).unwrap();
    assert!(added.contains(&uuid), "the registrar found another device: {added} (router {uuid})");
    assert!(added.contains("02:00:00:00:0a:01") && added.contains("wps_state=2"), "{added}");
    assert!(added.contains("|HomeGate AX1800|"), "the router's names: {added}");
    lab.wpa_supplicant("printer.log", "pin=12345670", "");
    lab.wait_for("printer.log", "WPS-SUCCESS");
    lab.wait_for("er.log", "WPS-ER-ENROLLEE-ADD");
    let er = lab.log("er.log");
    let enrollee = er.lines().find(|l| l.contains("WPS-ER-ENROLLEE-ADD")).unwrap();
    assert!(enrollee.contains("02:00:00:00:0b:01") && enrollee.contains("M1=1"), "{enrollee}");
    assert_eq!(lab.wait_exit("router.log"), Some(0), "{}", lab.log("router.log"));
    if !judge {
        return;
    }
    lab.wait_exit("tshark.log");
    let pcap = lab.path("lan.pcap");
    let read = |filter: &str, fields: &[&str]| -> String {
        let mut args = vec![
            "-r".to_string(),
            pcap.display().to_string(),
            "-Y".into(),
            filter.into(),
            "-T".into(),
            "fields".into(),
        ];
        for f in fields {
            args.extend(["-e".to_string(), f.to_string()]);
        }
        let out = std::process::Command::new("tshark").args(&args).output().expect("tshark");
        assert!(out.status.success(), "tshark: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(read("_ws.malformed || _ws.expert.severity == error", &["frame.number"]).trim(), "", "malformed frames");
    let ssdp = read("ssdp", &["http.request.method"]);
    // The M-SEARCH answer goes to the asker's own port: tshark knows it by its form.
    assert!(read("ssdp && http.response.code == 200", &["frame.number"]).lines().count() >= 1, "no answer seen");
    assert!(ssdp.lines().any(|l| l == "M-SEARCH"), "no M-SEARCH seen:\n{ssdp}");
    assert!(ssdp.lines().any(|l| l == "NOTIFY"), "no announcement seen:\n{ssdp}");
    // (tshark sets `http.request` only for the methods of plain HTTP; GENA's are methods too.)
    let http = read("http.request.method", &["http.request.method", "http.request.uri"]);
    for want in ["GET\t/device.xml", "POST\t/control", "SUBSCRIBE\t/events", "NOTIFY\t/event/"] {
        assert!(http.lines().any(|l| l.starts_with(want)), "no {want} in:\n{http}");
    }
    let soap = read("http.request.method == \"POST\"", &["http.request.line"]);
    assert!(soap.contains("WFAWLANConfig:1#GetDeviceInfo"), "{soap}");
    // tshark shows the NOTIFY's body but not the M1 inside its base64: `decode` reads it.
    let bodies =
        read("http.request.method == \"NOTIFY\" && http.file_data contains \"WLANEvent\"", &["http.file_data"]);
    let body = bodies.lines().next().expect("a NOTIFY carrying a WLANEvent").replace("\\n", "\n");
    let mut decode = std::process::Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["decode", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("printer-panel decode");
    std::io::Write::write_all(&mut decode.stdin.take().unwrap(), body.as_bytes()).unwrap();
    let said = decode.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&said.stdout);
    assert!(said.contains("WLANEvent: Eap from 02:00:00:00:0b:01") && said.contains("M1 (0x04)"), "{said}");
}

/// The engine's computer (`wire computer`, the printer's PIN, and `extra`) on the printer's
/// side of the lab, once it has found and subscribed to the router named `router`.
fn engine_computer_finds(lab: &mut Lab, router: &str, extra: &[&str]) {
    let mut args = vec!["computer", "--iface", super::lab::PRINTER_IF, "--pin", "12345670"];
    args.extend(extra);
    lab.engine(Side::Printer, "computer.log", &args);
    lab.wait_for("computer.log", "WPS-ER-AP-ADD");
    let found = lab.log("computer.log");
    assert!(found.contains("02:00:00:00:0a:01") && found.contains(&format!("|{router}|")), "{found}");
}

/// Who the printer is in [`computer_registers_printer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Printer {
    WpaSupplicant,
    Engine,
}

/// The computer registers the printer: the engine's router has no PIN of its own, so it
/// answers the printer's M1 with M2D and, once acknowledged, waits for the computer
/// (wpa_supplicant's external registrar, told the printer's PIN with `wps_er_pin` and the
/// network with `wps_er_set_config`); the computer's M2 goes to the printer, the printer's
/// M3 to the computer, and so on to WSC_Done. The printer receives the computer's
/// credential; the computer says its run succeeded; the router ends its run with exit 0
/// and hostapd's words for it.
fn computer_registers_printer(printer: Printer) {
    let Some(mut lab) = Lab::new("upnp-er-pin") else { return };
    lab.lan();
    let (_stdin, uuid) = router_found_by_a_computer(&mut lab, &[]);
    lab.wpa_cli_er(&["wps_er_set_config", &uuid, "0"]);
    lab.wpa_cli_er(&["wps_er_pin", "any", "12345670"]);
    match printer {
        Printer::WpaSupplicant => lab.wpa_supplicant("printer.log", "pin=12345670", ""),
        Printer::Engine => {
            let args = ["printer", "--iface", super::lab::PRINTER_IF, "--pin", "12345670", "--timeout", "60"];
            lab.engine(Side::Printer, "printer.log", &args);
        }
    }
    lab.wait_for("printer.log", "WPS-SUCCESS");
    // The computer's own registrar reports its run as wpa_supplicant's internal one does.
    lab.wait_for("er.log", "WPS ER: Protocol run succeeded with the enrollee");
    assert_eq!(lab.wait_exit("router.log"), Some(0), "{}", lab.log("router.log"));
    let router = lab.log("router.log");
    for line in [
        "WPS: Sending received message (type 4) to external Registrar for processing",
        "WPS: Wait for response from an external Registrar",
        "WPS: Use pending message from UPnP",
        "WPS: Sending received message (type 15) to external Registrar for processing",
        "WPS: Negotiation using external Registrar completed successfully",
        // wpa_supplicant's computer selects the router while it has the PIN.
        "WPS: SetSelectedRegistrar: Selected Registrar set by an external Registrar",
    ] {
        assert!(router.contains(line), "no '{line}' in the router's log:\n{router}");
    }
    let (ssid, passphrase) = (super::lab::SSID, super::lab::PASSPHRASE);
    match printer {
        Printer::WpaSupplicant => {
            let conf = std::fs::read_to_string(lab.path("wpa_supplicant.conf")).unwrap();
            assert!(conf.contains(&format!("ssid=\"{ssid}\"")), "the computer's network: {conf}");
            assert!(conf.contains(&format!("psk=\"{passphrase}\"")), "{conf}");
        }
        Printer::Engine => {
            let said = lab.log("printer.log");
            assert!(said.contains(&format!("credential ssid=\"{ssid}\" key=\"{passphrase}\"")), "{said}");
            // The router's "not yet" came first, then the computer's M2 was taken.
            assert!(said.contains("WPS-M2D"), "{said}");
        }
    }
}

#[test]
fn a_computer_registers_wpa_supplicants_printer_through_the_engines_router() {
    computer_registers_printer(Printer::WpaSupplicant);
}

#[test]
fn a_computer_registers_the_engines_printer_through_the_engines_router() {
    computer_registers_printer(Printer::Engine);
}

/// The engine's computer (`wire computer`) against the engine's router, with
/// wpa_supplicant's printer: found, subscribed (`WPS-ER-AP-ADD`), the printer's M1 heard
/// (`WPS-ER-ENROLLEE-ADD`), the registration run through the router; the printer gets the
/// network the computer was told, and both the computer and the router end with exit 0.
#[test]
fn the_engines_computer_registers_a_printer_through_the_engines_router() {
    let Some(mut lab) = Lab::new("upnp-engine-computer") else { return };
    lab.lan();
    let args = [
        "router",
        "--iface",
        ROUTER_IF,
        "--upnp",
        ROUTER_IF,
        "--ap-pin",
        AP_PIN,
        "--once",
        "-d",
        "--ssid",
        "Elsewhere",
    ];
    let _router = lab.engine(Side::Router, "router.log", &args);
    lab.wait_for("router.log", "WPS UPnP: device described at");
    engine_computer_finds(&mut lab, "HomeGate AX1800", &["--once", "--ssid", super::lab::SSID]);
    lab.wpa_supplicant("printer.log", "pin=12345670", "");
    lab.wait_for("printer.log", "WPS-SUCCESS");
    assert_eq!(lab.wait_exit("computer.log"), Some(0), "{}", lab.log("computer.log"));
    assert_eq!(lab.wait_exit("router.log"), Some(0), "{}", lab.log("router.log"));
    let computer = lab.log("computer.log");
    assert!(computer.contains("WPS-ER-ENROLLEE-ADD") && computer.contains("02:00:00:00:0b:01"), "{computer}");
    assert!(computer.contains("WPS-REG-SUCCESS"), "{computer}");
    let conf = std::fs::read_to_string(lab.path("wpa_supplicant.conf")).unwrap();
    assert!(
        conf.contains(&format!("ssid=\"{}\"", super::lab::SSID)),
        "the computer's network, not the router's: {conf}"
    );
}

/// The engine's computer against hostapd itself (`upnp_iface`, Debian's package): it finds
/// hostapd's UPnP device by SSDP, reads its description, its M1 and subscribes
/// (`WPS-ER-AP-ADD` naming hostapd's device), and hears a printer's M1 relayed by hostapd
/// (`WPS-ER-ENROLLEE-ADD`). Debian's hostapd 2.10 on a wired link then drops the computer's
/// M2 ("No matching STA found": its wired stations are never flagged as WPS stations), so
/// the registration itself is judged against the engine's router above.
#[test]
fn the_engines_computer_finds_hostapd_and_hears_the_printer() {
    let Some(mut lab) = Lab::new("upnp-computer-hostapd") else { return };
    lab.lan();
    lab.hostapd(&format!("upnp_iface={ROUTER_IF}\nfriendly_name=Reference AP\nap_pin={AP_PIN}\n"));
    engine_computer_finds(&mut lab, "Reference AP", &["-d"]);
    lab.wpa_supplicant("printer.log", "pin=12345670", "");
    lab.wait_for("computer.log", "WPS-ER-ENROLLEE-ADD");
    let said = lab.log("computer.log");
    assert!(said.contains("02:00:00:00:0b:01"), "{said}");
}

/// Without an AP PIN the router, as hostapd, refuses an external registrar its M1 (HTTP
/// 500 to GetDeviceInfo), so the registrar never subscribes.
#[test]
fn without_an_ap_pin_the_router_refuses_the_computer() {
    let Some(mut lab) = Lab::new("upnp-no-ap-pin") else { return };
    lab.lan();
    let args = ["router", "--iface", ROUTER_IF, "--upnp", ROUTER_IF, "-d"];
    let _stdin = lab.engine(Side::Router, "router.log", &args);
    lab.wait_for("router.log", "WPS UPnP: device described at");
    lab.external_registrar("er.log");
    lab.wait_for("er.log", "WPS ER: GetDeviceInfo failed");
    lab.wait_for("router.log", "WPS UPnP: GetDeviceInfo refused");
    assert!(!lab.log("er.log").contains("WPS-ER-AP-ADD"), "{}", lab.log("er.log"));
}

/// The lab's control for the computer's path: the three reference programs, hostapd (the
/// lab's build, `upnp_iface` and `ap_pin`) as the router, wpa_supplicant as the computer
/// (`wps_er_set_config`, `wps_er_pin any`) and as the printer. The printer gets the
/// computer's network.
#[test]
fn the_reference_trio_registers_the_printer_from_the_computer() {
    let Some(hostapd) = super::lab::hostapd_relaying() else { return };
    let Some(mut lab) = Lab::new("upnp-reference-trio") else { return };
    lab.lan();
    lab.hostapd_from(&hostapd, &format!("upnp_iface={ROUTER_IF}\nfriendly_name=Reference AP\nap_pin={AP_PIN}\n"));
    lab.external_registrar("er.log");
    lab.wait_for("er.log", "WPS-ER-AP-ADD");
    let er = lab.log("er.log");
    let added = er.lines().find(|l| l.contains("WPS-ER-AP-ADD")).unwrap();
    let uuid = added.split("WPS-ER-AP-ADD ").nth(1).and_then(|r| r.split(' ').next()).unwrap().to_string();
    lab.wpa_cli_er(&["wps_er_set_config", &uuid, "0"]);
    lab.wpa_cli_er(&["wps_er_pin", "any", "12345670"]);
    lab.wpa_supplicant("printer.log", "pin=12345670", "");
    lab.wait_for("printer.log", "WPS-SUCCESS");
    let conf = std::fs::read_to_string(lab.path("wpa_supplicant.conf")).unwrap();
    assert!(conf.contains(&format!("ssid=\"{}\"", super::lab::SSID)), "{conf}");
}

/// The engine's computer registers wpa_supplicant's printer through hostapd (the lab's
/// build): the printer gets the network the computer was told.
#[test]
fn the_engines_computer_registers_the_printer_through_hostapd() {
    let Some(hostapd) = super::lab::hostapd_relaying() else { return };
    let Some(mut lab) = Lab::new("upnp-computer-hostapd-relaying") else { return };
    lab.lan();
    lab.hostapd_from(&hostapd, &format!("upnp_iface={ROUTER_IF}\nfriendly_name=Reference AP\nap_pin={AP_PIN}\n"));
    engine_computer_finds(&mut lab, "Reference AP", &["--once", "--ssid", "Upstairs"]);
    lab.wpa_supplicant("printer.log", "pin=12345670", "");
    lab.wait_for("printer.log", "WPS-SUCCESS");
    assert_eq!(lab.wait_exit("computer.log"), Some(0), "{}", lab.log("computer.log"));
    let conf = std::fs::read_to_string(lab.path("wpa_supplicant.conf")).unwrap();
    assert!(conf.contains("ssid=\"Upstairs\""), "the computer's network, not hostapd's: {conf}");
}
