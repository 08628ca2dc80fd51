//! SOAP control of the WFAWLANConfig service: the actions an external registrar calls on the
//! router, their answers, and UPnP's errors. WSC messages travel in them as base64.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::SERVICE_TYPE;
use super::description::escape;
use crate::wps::message::Mac;

/// WLANEventType: what a WLANEvent (or a PutWLANResponse) carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WlanEventType {
    /// The WSC element of a probe request heard by the AP.
    ProbeRequest = 1,
    /// An EAP-WSC message from or for the station.
    Eap = 2,
}

impl WlanEventType {
    pub fn from_u8(v: u8) -> Option<Self> {
        match v {
            1 => Some(WlanEventType::ProbeRequest),
            2 => Some(WlanEventType::Eap),
            _ => None,
        }
    }
}

/// An action called on the router.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The router's M1, as the enrollee in a registration that configures the router itself.
    GetDeviceInfo,
    /// The next message of that registration.
    PutMessage(Vec<u8>),
    /// A message for a station (the printer): the router sends it as EAP.
    PutWlanResponse { message: Vec<u8>, kind: WlanEventType, mac: Mac },
    /// The registrar's Selected Registrar attributes, for the router's beacons and probe
    /// responses.
    SetSelectedRegistrar(Vec<u8>),
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Action::GetDeviceInfo => "GetDeviceInfo",
            Action::PutMessage(_) => "PutMessage",
            Action::PutWlanResponse { .. } => "PutWLANResponse",
            Action::SetSelectedRegistrar(_) => "SetSelectedRegistrar",
        }
    }
}

/// UPnP's control errors (UPnP Device Architecture 1.0, 3.2.2), sent as SOAP faults.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Fault {
    #[error("401 Invalid Action: {0}")]
    InvalidAction(String),
    #[error("402 Invalid Args: {0}")]
    InvalidArgs(String),
    #[error("501 Action Failed: {0}")]
    ActionFailed(String),
}

impl Fault {
    pub fn code(&self) -> u16 {
        match self {
            Fault::InvalidAction(_) => 401,
            Fault::InvalidArgs(_) => 402,
            Fault::ActionFailed(_) => 501,
        }
    }

    fn description(&self) -> &'static str {
        match self {
            Fault::InvalidAction(_) => "Invalid Action",
            Fault::InvalidArgs(_) => "Invalid Args",
            Fault::ActionFailed(_) => "Action Failed",
        }
    }
}

/// The action named by the SOAPACTION header (`"<service type>#<action>"`) with its
/// arguments read from the body.
pub fn parse_action(soap_action: Option<&str>, body: &[u8]) -> Result<Action, Fault> {
    let header = soap_action.ok_or_else(|| Fault::InvalidAction("no SOAPACTION header".into()))?;
    let header = header.trim().trim_matches('"');
    let (service, name) =
        header.split_once('#').ok_or_else(|| Fault::InvalidAction(format!("SOAPACTION {header:?}")))?;
    if !service.eq_ignore_ascii_case(SERVICE_TYPE) {
        return Err(Fault::InvalidAction(format!("another service: {service}")));
    }
    let text = std::str::from_utf8(body).map_err(|_| Fault::InvalidArgs("the body is not UTF-8".into()))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| Fault::InvalidArgs(format!("the body is not XML: {e}")))?;
    let call = doc
        .descendants()
        .find(|n| n.is_element() && n.tag_name().name() == name)
        .ok_or_else(|| Fault::InvalidArgs(format!("the body holds no {name} element")))?;
    let argument = |arg: &str| -> Result<String, Fault> {
        call.children()
            .find(|c| c.is_element() && c.tag_name().name() == arg)
            .map(|c| c.text().unwrap_or_default().trim().to_string())
            .ok_or_else(|| Fault::InvalidArgs(format!("{name} without {arg}")))
    };
    let binary = |arg: &str| -> Result<Vec<u8>, Fault> {
        let text: String = argument(arg)?.split_whitespace().collect();
        BASE64.decode(text).map_err(|_| Fault::InvalidArgs(format!("{arg} is not base64")))
    };
    match name {
        "GetDeviceInfo" => Ok(Action::GetDeviceInfo),
        "PutMessage" => Ok(Action::PutMessage(binary("NewInMessage")?)),
        "PutWLANResponse" => {
            let kind = argument("NewWLANEventType")?;
            let kind = kind
                .parse::<u8>()
                .ok()
                .and_then(WlanEventType::from_u8)
                .ok_or_else(|| Fault::InvalidArgs(format!("NewWLANEventType {kind:?}")))?;
            let mac = argument("NewWLANEventMAC")?;
            let mac = Mac::parse_text(&mac).ok_or_else(|| Fault::InvalidArgs(format!("NewWLANEventMAC {mac:?}")))?;
            Ok(Action::PutWlanResponse { message: binary("NewMessage")?, kind, mac })
        }
        "SetSelectedRegistrar" => Ok(Action::SetSelectedRegistrar(binary("NewMessage")?)),
        other => Err(Fault::InvalidAction(other.to_string())),
    }
}

fn envelope(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" \
         s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\n<s:Body>\n{inner}</s:Body>\n</s:Envelope>\n"
    )
}

/// The answer to `action`, with its out arguments (binary ones as base64).
pub fn response(action: &str, out: &[(&str, &[u8])]) -> String {
    let mut inner = format!("<u:{action}Response xmlns:u=\"{SERVICE_TYPE}\">\n");
    for (name, value) in out {
        inner.push_str(&format!("<{name}>{}</{name}>\n", BASE64.encode(value)));
    }
    inner.push_str(&format!("</u:{action}Response>\n"));
    envelope(&inner)
}

/// A fault's body, for an HTTP 500 answer.
pub fn fault(fault: &Fault) -> String {
    envelope(&format!(
        "<s:Fault>\n<faultcode>s:Client</faultcode>\n<faultstring>UPnPError</faultstring>\n<detail>\n\
         <UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\">\n<errorCode>{}</errorCode>\n\
         <errorDescription>{}</errorDescription>\n</UPnPError>\n</detail>\n</s:Fault>\n",
        fault.code(),
        fault.description()
    ))
}

/// The SOAPACTION header and body that call `action` (a control point's side).
pub fn request(action: &Action) -> (String, String) {
    let name = action.name();
    let mut inner = format!("<u:{name} xmlns:u=\"{SERVICE_TYPE}\">\n");
    let mut arg = |arg: &str, value: &str| inner.push_str(&format!("<{arg}>{}</{arg}>\n", escape(value)));
    match action {
        Action::GetDeviceInfo => {}
        Action::PutMessage(m) => arg("NewInMessage", &BASE64.encode(m)),
        Action::PutWlanResponse { message, kind, mac } => {
            arg("NewMessage", &BASE64.encode(message));
            arg("NewWLANEventType", &(*kind as u8).to_string());
            arg("NewWLANEventMAC", &mac.to_string());
        }
        Action::SetSelectedRegistrar(m) => arg("NewMessage", &BASE64.encode(m)),
    }
    inner.push_str(&format!("</u:{name}>\n"));
    (format!("\"{SERVICE_TYPE}#{name}\""), envelope(&inner))
}

/// An out argument of an action's answer, decoded (a control point's side).
pub fn read_response(body: &[u8], argument: &str) -> Option<Vec<u8>> {
    let doc = roxmltree::Document::parse(std::str::from_utf8(body).ok()?).ok()?;
    let node = doc.descendants().find(|n| n.is_element() && n.tag_name().name() == argument)?;
    let text: String = node.text().unwrap_or_default().split_whitespace().collect();
    BASE64.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips() {
        let mac = Mac([2, 0, 0, 0, 1, 0xab]);
        for action in [
            Action::GetDeviceInfo,
            Action::PutMessage(vec![0x10, 0x4a, 0, 1, 0x10]),
            Action::PutWlanResponse { message: vec![1, 2, 3], kind: WlanEventType::Eap, mac },
            Action::SetSelectedRegistrar(vec![0x10, 0x41, 0, 1, 1]),
        ] {
            let (header, body) = request(&action);
            assert_eq!(parse_action(Some(&header), body.as_bytes()), Ok(action));
        }
    }

    /// The shape wpa_supplicant's external registrar sends (`wps_er.c`): the namespace
    /// prefix `u`, a newline inside the base64, the header quoted.
    #[test]
    fn a_reference_shaped_call_is_read() {
        let body = "<?xml version=\"1.0\"?>\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" \
                    s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\n<s:Body>\n\
                    <u:PutWLANResponse xmlns:u=\"urn:schemas-wifialliance-org:service:WFAWLANConfig:1\">\n\
                    <NewMessage>EEoAARA=\n</NewMessage>\n<NewWLANEventType>2</NewWLANEventType>\n\
                    <NewWLANEventMAC>02:00:00:00:01:ab</NewWLANEventMAC>\n</u:PutWLANResponse>\n</s:Body>\n</s:Envelope>\n";
        let header = "\"urn:schemas-wifialliance-org:service:WFAWLANConfig:1#PutWLANResponse\"";
        let action = parse_action(Some(header), body.as_bytes()).unwrap();
        assert_eq!(
            action,
            Action::PutWlanResponse {
                message: vec![0x10, 0x4a, 0, 1, 0x10],
                kind: WlanEventType::Eap,
                mac: Mac([2, 0, 0, 0, 1, 0xab])
            }
        );
    }

    #[test]
    fn wrong_calls_are_faults_with_upnp_codes() {
        let (header, body) = request(&Action::PutMessage(vec![1]));
        assert_eq!(parse_action(None, body.as_bytes()).unwrap_err().code(), 401);
        assert_eq!(
            parse_action(Some("\"urn:other:service:X:1#PutMessage\""), body.as_bytes()).unwrap_err().code(),
            401
        );
        assert_eq!(parse_action(Some(&header), b"<not xml").unwrap_err().code(), 402);
        let broken = body.replace("AQ==", "!!!");
        assert_eq!(parse_action(Some(&header), broken.as_bytes()).unwrap_err().code(), 402);
        let f = fault(&Fault::InvalidArgs("x".into()));
        assert!(roxmltree::Document::parse(&f).is_ok() && f.contains("<errorCode>402</errorCode>"), "{f}");
    }

    #[test]
    fn an_answer_carries_its_out_argument() {
        let body = response("GetDeviceInfo", &[("NewDeviceInfo", &[0x10, 0x4a, 0, 1, 0x10])]);
        assert_eq!(read_response(body.as_bytes(), "NewDeviceInfo"), Some(vec![0x10, 0x4a, 0, 1, 0x10]));
    }
}
