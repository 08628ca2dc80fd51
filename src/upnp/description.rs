//! What the device says it is: its description (a WFADevice:1 holding one WFAWLANConfig:1
//! service, with the addresses of that service's control and events), and the service's
//! own description (SCPD: its actions and state variables), as the WFA's WFAWLANConfig:1
//! defines them.

use std::fmt::Write as _;

use super::{CONTROL_PATH, DEVICE_TYPE, EVENTS_PATH, SCPD_PATH, SERVICE_ID, SERVICE_TYPE};
use crate::wps::message::Uuid;

/// The device's names, from its WPS device information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub uuid: Uuid,
    pub friendly_name: String,
    pub manufacturer: String,
    pub model_name: String,
    pub model_number: String,
    pub serial_number: String,
}

/// Text as XML character data.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The device description served at the LOCATION the SSDP answers give.
pub fn device_xml(device: &Device) -> String {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<root xmlns=\"urn:schemas-upnp-org:device-1-0\">\n");
    x.push_str("<specVersion><major>1</major><minor>0</minor></specVersion>\n<device>\n");
    let mut tag = |name: &str, value: &str| {
        let _ = writeln!(x, "<{name}>{}</{name}>", escape(value));
    };
    tag("deviceType", DEVICE_TYPE);
    tag("friendlyName", &device.friendly_name);
    tag("manufacturer", &device.manufacturer);
    tag("modelDescription", "Wireless router with Wi-Fi Protected Setup");
    tag("modelName", &device.model_name);
    tag("modelNumber", &device.model_number);
    tag("serialNumber", &device.serial_number);
    tag("UDN", &format!("uuid:{}", device.uuid));
    x.push_str("<serviceList>\n<service>\n");
    let _ = writeln!(x, "<serviceType>{SERVICE_TYPE}</serviceType>");
    let _ = writeln!(x, "<serviceId>{SERVICE_ID}</serviceId>");
    let _ = writeln!(x, "<SCPDURL>{SCPD_PATH}</SCPDURL>");
    let _ = writeln!(x, "<controlURL>{CONTROL_PATH}</controlURL>");
    let _ = writeln!(x, "<eventSubURL>{EVENTS_PATH}</eventSubURL>");
    x.push_str("</service>\n</serviceList>\n</device>\n</root>\n");
    x
}

/// An action's argument: its name, direction and state variable.
type Argument = (&'static str, &'static str, &'static str);

/// WFAWLANConfig:1's actions and their arguments.
const ACTIONS: &[(&str, &[Argument])] = &[
    ("GetDeviceInfo", &[("NewDeviceInfo", "out", "DeviceInfo")]),
    ("PutMessage", &[("NewInMessage", "in", "InMessage"), ("NewOutMessage", "out", "OutMessage")]),
    (
        "PutWLANResponse",
        &[
            ("NewMessage", "in", "Message"),
            ("NewWLANEventType", "in", "WLANEventType"),
            ("NewWLANEventMAC", "in", "WLANEventMAC"),
        ],
    ),
    ("SetSelectedRegistrar", &[("NewMessage", "in", "Message")]),
];

/// Its state variables: name, type, whether changes are sent to subscribers.
const STATE: &[(&str, &str, bool)] = &[
    ("Message", "bin.base64", false),
    ("InMessage", "bin.base64", false),
    ("OutMessage", "bin.base64", false),
    ("DeviceInfo", "bin.base64", false),
    ("APStatus", "ui1", true),
    ("STAStatus", "ui1", true),
    ("WLANEvent", "bin.base64", true),
    ("WLANEventType", "ui1", false),
    ("WLANEventMAC", "string", false),
    ("WLANResponse", "bin.base64", false),
];

/// The service description served at SCPDURL.
pub fn scpd_xml() -> String {
    let mut x = String::from("<?xml version=\"1.0\"?>\n<scpd xmlns=\"urn:schemas-upnp-org:service-1-0\">\n");
    x.push_str("<specVersion><major>1</major><minor>0</minor></specVersion>\n<actionList>\n");
    for (action, arguments) in ACTIONS {
        let _ = writeln!(x, "<action><name>{action}</name><argumentList>");
        for (name, direction, variable) in *arguments {
            let _ = writeln!(
                x,
                "<argument><name>{name}</name><direction>{direction}</direction><relatedStateVariable>{variable}</relatedStateVariable></argument>"
            );
        }
        x.push_str("</argumentList></action>\n");
    }
    x.push_str("</actionList>\n<serviceStateTable>\n");
    for (name, kind, events) in STATE {
        let events = if *events { "yes" } else { "no" };
        let _ = writeln!(
            x,
            "<stateVariable sendEvents=\"{events}\"><name>{name}</name><dataType>{kind}</dataType></stateVariable>"
        );
    }
    x.push_str("</serviceStateTable>\n</scpd>\n");
    x
}

/// What a control point reads from a device description: the WFADevice's names and its
/// service's addresses (relative to the description's own address, or absolute).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Found {
    pub friendly_name: String,
    pub model_name: String,
    pub uuid: Option<Uuid>,
    pub control_url: String,
    pub event_sub_url: String,
}

/// The WFADevice in a description (it may sit inside another root device); `None` when
/// the document holds none or is not XML.
pub fn read_device_xml(xml: &str) -> Option<Found> {
    let doc = roxmltree::Document::parse(xml).ok()?;
    let text = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or_default().trim().to_string()
    };
    let device = doc
        .descendants()
        .find(|n| n.has_tag_name("device") && text(*n, "deviceType").eq_ignore_ascii_case(DEVICE_TYPE))?;
    let service = device
        .descendants()
        .find(|n| n.has_tag_name("service") && text(*n, "serviceType").eq_ignore_ascii_case(SERVICE_TYPE))?;
    Some(Found {
        friendly_name: text(device, "friendlyName"),
        model_name: text(device, "modelName"),
        uuid: text(device, "UDN").strip_prefix("uuid:").and_then(Uuid::parse_text),
        control_url: text(service, "controlURL"),
        event_sub_url: text(service, "eventSubURL"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn router() -> Device {
        Device {
            uuid: Uuid([0xab; 16]),
            friendly_name: "HomeGate <AX1800> & co".into(),
            manufacturer: "Example Networks".into(),
            model_name: "HomeGate AX1800".into(),
            model_number: "HG-1800".into(),
            serial_number: "0001".into(),
        }
    }

    #[test]
    fn the_description_reads_back_with_its_names_escaped() {
        let xml = device_xml(&router());
        assert!(xml.contains("HomeGate &lt;AX1800&gt; &amp; co"), "{xml}");
        let found = read_device_xml(&xml).unwrap();
        assert_eq!(found.friendly_name, "HomeGate <AX1800> & co");
        assert_eq!(found.uuid, Some(Uuid([0xab; 16])));
        assert_eq!((found.control_url.as_str(), found.event_sub_url.as_str()), (CONTROL_PATH, EVENTS_PATH));
    }

    #[test]
    fn the_scpd_is_xml_with_every_action() {
        let xml = scpd_xml();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("action"))
            .filter_map(|a| a.children().find(|c| c.has_tag_name("name")).and_then(|c| c.text()))
            .collect();
        assert_eq!(names, ["GetDeviceInfo", "PutMessage", "PutWLANResponse", "SetSelectedRegistrar"]);
        // Every argument's state variable is declared.
        for (_, arguments) in ACTIONS {
            for (_, _, variable) in *arguments {
                assert!(STATE.iter().any(|(n, _, _)| n == variable), "{variable}");
            }
        }
    }

    #[test]
    fn a_description_without_a_wfa_device_finds_nothing() {
        assert_eq!(read_device_xml("<root><device><deviceType>urn:other</deviceType></device></root>"), None);
        assert_eq!(read_device_xml("not xml <"), None);
    }
}
