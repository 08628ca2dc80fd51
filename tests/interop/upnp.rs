//! The engine's router as a UPnP device for external registrars, judged by wpa_supplicant's
//! own external registrar (`wps_er_start`, Debian's package as it is) over IPv4 on the lab's
//! link, and the LAN traffic judged by tshark.

use super::lab::{Lab, Side};

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
    let args = [
        "router",
        "--iface",
        super::lab::ROUTER_IF,
        "--upnp",
        super::lab::ROUTER_IF,
        "--pin",
        "12345670",
        "--once",
        "-d",
    ];
    let _stdin = lab.engine(Side::Router, "router.log", &args);
    lab.wait_for("router.log", "WPS UPnP: device described at");
    let said = lab.log("router.log");
    let uuid = said.split("(uuid ").nth(1).and_then(|r| r.split(')').next()).expect("the router's UUID").to_string();
    lab.external_registrar("er.log");
    lab.wait_for("er.log", "WPS-ER-AP-ADD");
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
}
