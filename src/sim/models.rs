//! Printer models and the router: every model's numbers live here, nowhere else.
//! Names are generic on purpose; timings follow what real devices show (see
//! `shared/device-facts.md`): they differ by model, so they are per-model settings.

use std::net::Ipv4Addr;
use std::time::Duration;

use crate::wps::defs::{auth, config_methods, encr};
use crate::wps::enrollee::{EnrolleeConfig, Link};
use crate::wps::entropy::Entropy;
use crate::wps::fragment::DEFAULT_FRAGMENT_SIZE;
use crate::wps::message::{DeviceInfo, Mac, Uuid};
use crate::wps::registrar::{NetworkSettings, RegistrarConfig};
use crate::wps::secret::Secret;

/// How a model blinks its Wi-Fi light (half-periods: the LED toggles every `half`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlinkTiming {
    /// Waiting for the router: about 1 Hz.
    pub waiting_half: Duration,
    /// During the exchange: fast.
    pub exchange_half: Duration,
    /// Attention light on failure.
    pub attention_half: Duration,
}

/// How a printer is worked: the three kinds of home printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    /// A small LCD with a menu, arrow and OK buttons, and a Wi-Fi button to hold.
    Buttons,
    /// A touchscreen with a home screen of icons; everything, WPS included, starts on it
    /// (no Wi-Fi button to hold).
    Touch,
    /// No screen: Power, Wi-Fi, Info and Cancel buttons, and LEDs.
    Screenless,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterModel {
    /// What `--model` takes.
    pub id: &'static str,
    pub name: &'static str,
    pub panel: Panel,
    /// How long the PIN stays on the LCD ("about 90 seconds" on some models).
    pub pin_validity: Duration,
    /// How long the Wi-Fi button must be held to start push-button mode.
    pub hold_time: Duration,
    /// The station's own walk timer.
    pub walk_time: Duration,
    pub blink: BlinkTiming,
    pub model_number: &'static str,
    /// How fast a printed page (the network report) comes out: one line per this long.
    pub page_line_time: Duration,
}

/// How the printers with a screen blink (the maker's choice: no maker gives a rate).
const SCREEN_BLINK: BlinkTiming = BlinkTiming {
    waiting_half: Duration::from_millis(500),
    exchange_half: Duration::from_millis(150),
    attention_half: Duration::from_millis(500),
};

pub const PRINTER_MODELS: &[PrinterModel] = &[
    PrinterModel {
        id: "inkwell-300",
        name: "Inkwell 300",
        panel: Panel::Buttons,
        pin_validity: Duration::from_secs(90),
        hold_time: Duration::from_secs(3),
        walk_time: Duration::from_secs(120),
        blink: SCREEN_BLINK,
        model_number: "IW-300",
        page_line_time: Duration::from_millis(150),
    },
    PrinterModel {
        id: "inkwell-mini",
        name: "Inkwell Mini",
        panel: Panel::Screenless,
        // The PIN of its printed page lasts the WPS walk time (wpa_supplicant's default for
        // a PIN without its own timeout): time to carry the page to the router.
        pin_validity: Duration::from_secs(120),
        hold_time: Duration::from_secs(3),
        walk_time: Duration::from_secs(120),
        blink: BlinkTiming {
            waiting_half: Duration::from_millis(500),
            exchange_half: Duration::from_millis(125),
            attention_half: Duration::from_millis(300),
        },
        model_number: "IW-M1",
        page_line_time: Duration::from_millis(150),
    },
    PrinterModel {
        id: "inkwell-touch",
        name: "Inkwell 900 Touch",
        panel: Panel::Touch,
        // Write-ups disagree on how long a PIN lasts (90 s to 10 minutes): it is the model's.
        pin_validity: Duration::from_secs(120),
        hold_time: Duration::from_secs(3),
        walk_time: Duration::from_secs(120),
        blink: SCREEN_BLINK,
        model_number: "IW-900T",
        page_line_time: Duration::from_millis(150),
    },
];

impl PrinterModel {
    /// It shows a PIN and menus (an LCD or a touchscreen).
    pub fn has_screen(&self) -> bool {
        self.panel != Panel::Screenless
    }

    /// It has a physical Wi-Fi button to hold for push-button mode.
    pub fn has_wifi_button(&self) -> bool {
        self.panel != Panel::Touch
    }

    /// Where its wireless settings are, as its screen and the guide say it.
    pub fn wireless_path(&self) -> &'static str {
        match self.panel {
            Panel::Touch => "Wi-Fi",
            Panel::Buttons | Panel::Screenless => "Settings > Wireless",
        }
    }
}

pub fn printer_model(id: &str) -> Option<&'static PrinterModel> {
    PRINTER_MODELS.iter().find(|m| m.id.eq_ignore_ascii_case(id))
}

/// The home router: its name, its address on the home network, how long its page waits
/// for a device after a PIN is entered, and how its WPS light blinks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterModel {
    pub name: &'static str,
    pub model_number: &'static str,
    /// The router's own address: where its admin page is.
    pub lan_address: Ipv4Addr,
    /// "Click Connect within 2 minutes": how long a PIN typed on the page stays armed.
    pub pin_time: Duration,
    /// The WPS light while a device registers.
    pub registering_half: Duration,
    /// The WPS light after a session overlap, until the walk time ends.
    pub overlap_half: Duration,
    /// The devices already on the network, with their host numbers.
    pub other_clients: &'static [(&'static str, u8)],
}

pub const ROUTER: RouterModel = RouterModel {
    name: "HomeGate AX1800",
    model_number: "HG-AX18",
    lan_address: Ipv4Addr::new(192, 168, 1, 1),
    pin_time: Duration::from_secs(120),
    registering_half: Duration::from_millis(500),
    overlap_half: Duration::from_millis(150),
    other_clients: &[("Laptop", 10), ("Phone", 11)],
};

impl RouterModel {
    /// The address of host `host` on the router's network (192.168.1.0/24).
    pub fn lan_host(&self, host: u8) -> Ipv4Addr {
        let [a, b, c, _] = self.lan_address.octets();
        Ipv4Addr::new(a, b, c, host)
    }
}

pub const MANUFACTURER: &str = "Example Devices";

/// The name a device gives itself in DHCP, as printers do: a maker's prefix and the last
/// six hex digits of its MAC address ("EXD3A5F12").
pub fn hostname(prefix: &str, mac: &Mac) -> String {
    format!("{prefix}{:02X}{:02X}{:02X}", mac[3], mac[4], mac[5])
}

/// The DHCP host name prefix of this maker's printers.
pub const PRINTER_HOST_PREFIX: &str = "EXD";

/// A device's join machine (association, 4-way handshake, DHCP), named `prefix` and the end
/// of its MAC in DHCP.
pub fn join_station(
    mac: Mac,
    prefix: &str,
    air_time: Duration,
    entropy: Box<dyn Entropy>,
) -> crate::wlan::station::Station {
    let config = crate::wlan::station::StationConfig::new(mac, hostname(prefix, &mac), air_time);
    crate::wlan::station::Station::new(config, entropy)
}

/// How long a frame takes to cross between the panes: slow enough to follow the ladder.
pub const AIR_TIME: Duration = Duration::from_millis(400);

/// The router's wireless security, as its admin page offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    Wpa2Personal,
    Wpa2Wpa3Personal,
    Wpa3Personal,
    WpaTkip,
    Wep,
}

impl Security {
    pub fn label(self) -> &'static str {
        match self {
            Security::Wpa2Personal => "WPA2-Personal (AES)",
            Security::Wpa2Wpa3Personal => "WPA2/WPA3-Personal",
            Security::Wpa3Personal => "WPA3-Personal only",
            Security::WpaTkip => "WPA-Personal (TKIP)",
            Security::Wep => "WEP",
        }
    }
}

/// The router's wireless settings: what WPS hands over, and whether WPS may run at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterSetup {
    pub ssid: String,
    pub passphrase: Secret<String>,
    pub security: Security,
    pub hidden_ssid: bool,
    pub wps_enabled: bool,
    /// UPnP on the LAN: how a computer finds the router to add a device through it.
    pub upnp_on: bool,
    /// The router's own PIN (on its label) is on: without it, the router lets no computer
    /// act as a registrar through it (hostapd answers no GetDeviceInfo without `ap_pin`).
    pub ap_pin_on: bool,
}

impl Default for RouterSetup {
    fn default() -> Self {
        RouterSetup {
            ssid: "HomeNet-5G2".into(),
            passphrase: "maple-river-4821".into(),
            security: Security::Wpa2Personal,
            hidden_ssid: false,
            wps_enabled: true,
            upnp_on: true,
            ap_pin_on: true,
        }
    }
}

/// Why WPS cannot run with a router's settings (hostapd's `ap_config.c` rules, plus the
/// common vendor rule for WPA3-only). What the page says and what the guide asks to change
/// both follow from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WpsBlocked {
    SwitchedOff,
    HiddenName,
    Wep,
    TkipOnly,
    Wpa3Only,
}

impl WpsBlocked {
    /// What to change on the settings page, as the guide says it ("set WPS to on").
    pub fn fix(self) -> &'static str {
        match self {
            WpsBlocked::SwitchedOff => "set WPS to on",
            WpsBlocked::HiddenName => "make the network name visible",
            WpsBlocked::Wep | WpsBlocked::TkipOnly | WpsBlocked::Wpa3Only => {
                "choose WPA2-Personal (AES) or WPA2/WPA3-Personal"
            }
        }
    }
}

impl std::fmt::Display for WpsBlocked {
    /// In the words the router's page shows.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            WpsBlocked::SwitchedOff => "The WPS function is currently set to disable.",
            WpsBlocked::HiddenName => "WPS is disabled while the network name (SSID) is hidden.",
            WpsBlocked::Wep => "WPS is disabled: WEP security is not allowed with WPS.",
            WpsBlocked::TkipOnly => "WPS is disabled: WPA/TKIP without WPA2-AES is not allowed with WPS.",
            WpsBlocked::Wpa3Only => "WPS is not offered in WPA3-only mode: this router's choice, not a protocol rule.",
        })
    }
}

impl RouterSetup {
    /// Why WPS cannot run with these settings, checked in the order the router's page
    /// reports them.
    /// Why a computer on the network cannot add devices through the router, if it cannot.
    pub fn computers_blocked(&self) -> Option<&'static str> {
        if !self.upnp_on {
            Some("Computers cannot find the router: UPnP is off.")
        } else if !self.ap_pin_on {
            Some("Computers cannot add devices: the router's own PIN is off.")
        } else {
            None
        }
    }

    pub fn wps_unavailable(&self) -> Option<WpsBlocked> {
        if !self.wps_enabled {
            return Some(WpsBlocked::SwitchedOff);
        }
        if self.hidden_ssid {
            return Some(WpsBlocked::HiddenName);
        }
        match self.security {
            Security::Wep => Some(WpsBlocked::Wep),
            Security::WpaTkip => Some(WpsBlocked::TkipOnly),
            Security::Wpa3Personal => Some(WpsBlocked::Wpa3Only),
            Security::Wpa2Personal | Security::Wpa2Wpa3Personal => None,
        }
    }

    /// What joining the network takes: WPA2-Personal's password, or none when the security
    /// mode offers no WPA2-PSK with CCMP (then a WPA2 association is refused).
    pub fn ap_network(&self) -> crate::wlan::ap::ApNetwork {
        use crate::wlan::ap::ApSecurity;
        let security = match self.security {
            Security::Wpa2Personal => ApSecurity::Wpa2Psk { passphrase: self.passphrase.as_bytes().to_vec() },
            Security::Wpa2Wpa3Personal => ApSecurity::Wpa2Wpa3 { passphrase: self.passphrase.as_bytes().to_vec() },
            Security::WpaTkip => ApSecurity::WpaTkip,
            Security::Wpa3Personal => ApSecurity::Wpa3Sae,
            Security::Wep => ApSecurity::Wep,
        };
        crate::wlan::ap::ApNetwork { ssid: self.ssid.as_bytes().to_vec(), security, hidden: self.hidden_ssid }
    }

    /// The credential M8 carries. WPA2/WPA3 mixed mode is handed over as WPA2-PSK, as hostapd does.
    pub fn network_settings(&self) -> NetworkSettings {
        let (auth_type, encr_type) = match self.security {
            Security::Wep => (auth::OPEN, encr::WEP),
            Security::WpaTkip => (auth::WPAPSK, encr::TKIP),
            _ => (auth::WPA2PSK, encr::AES),
        };
        NetworkSettings {
            ssid: self.ssid.as_bytes().to_vec(),
            auth_type,
            encr_type,
            network_key: self.passphrase.as_bytes().into(),
        }
    }
}

/// A MAC address that is locally administered and unicast: never a real vendor's.
pub fn random_mac(entropy: &mut dyn Entropy) -> Mac {
    let mut m = [0u8; 6];
    entropy.fill(&mut m);
    m[0] = (m[0] & 0xfc) | 0x02;
    Mac(m)
}

/// Addresses and UUIDs of everything on the air, drawn from the seed so demos replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identities {
    pub printer_mac: Mac,
    pub printer_uuid: Uuid,
    pub router_mac: Mac,
    pub router_uuid: Uuid,
    pub neighbour_mac: Mac,
    pub neighbour_uuid: Uuid,
    /// Last octet of the printer's address in 192.168.1.0/24 once it joins.
    pub printer_host: u8,
}

impl Identities {
    pub fn draw(entropy: &mut dyn Entropy) -> Self {
        let (printer_mac, router_mac, neighbour_mac) = (random_mac(entropy), random_mac(entropy), random_mac(entropy));
        let mut uuid = || {
            let mut u = [0u8; 16];
            entropy.fill(&mut u);
            u[6] = (u[6] & 0x0f) | 0x40; // version 4
            u[8] = (u[8] & 0x3f) | 0x80;
            u
        };
        let (printer_uuid, router_uuid, neighbour_uuid) = (uuid(), uuid(), uuid());
        let mut host = [0u8];
        entropy.fill(&mut host);
        Identities {
            printer_mac,
            printer_uuid: Uuid(printer_uuid),
            router_mac,
            router_uuid: Uuid(router_uuid),
            neighbour_mac,
            neighbour_uuid: Uuid(neighbour_uuid),
            printer_host: 20 + host[0] % 200,
        }
    }
}

/// A version-4 UUID.
pub fn random_uuid(entropy: &mut dyn Entropy) -> Uuid {
    let mut u = [0u8; 16];
    entropy.fill(&mut u);
    u[6] = (u[6] & 0x0f) | 0x40; // version 4
    u[8] = (u[8] & 0x3f) | 0x80;
    Uuid(u)
}

/// The computer on the router's network: the "Laptop" of its client list.
pub const COMPUTER_HOST: u8 = 10;
/// The computer's address on the guest network (another subnet, kept off the router's own).
pub const GUEST_COMPUTER: Ipv4Addr = Ipv4Addr::new(192, 168, 2, 10);
/// The computer's name in its M-SEARCH and registrar.
pub const COMPUTER_NAME: &str = "Laptop";

/// The computer as an external registrar: a keypad (the PIN is typed into it), no button.
pub fn computer_registrar(mac: Mac, uuid: Uuid) -> RegistrarConfig {
    RegistrarConfig {
        uuid_r: uuid,
        mac,
        device: device(COMPUTER_NAME, "Add a device", "1", 1, 1, config_methods::KEYPAD | config_methods::LABEL),
        network: RouterSetup::default().network_settings(),
        walk_time: Duration::from_secs(crate::wps::defs::WALK_TIME_SECS),
        fragment_size: DEFAULT_FRAGMENT_SIZE,
        dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
    }
}

fn device(name: &str, model_name: &str, model_number: &str, category: u16, sub: u16, methods: u16) -> DeviceInfo {
    let mut primary_device_type = [0u8; 8];
    primary_device_type[..2].copy_from_slice(&category.to_be_bytes());
    primary_device_type[2..6].copy_from_slice(&[0x00, 0x50, 0xf2, 0x04]);
    primary_device_type[6..].copy_from_slice(&sub.to_be_bytes());
    DeviceInfo {
        auth_type_flags: auth::OPEN | auth::WPAPSK | auth::WPA2PSK,
        encr_type_flags: encr::NONE | encr::TKIP | encr::AES,
        conn_type_flags: 0x01,
        config_methods: methods,
        manufacturer: MANUFACTURER.as_bytes().to_vec(),
        model_name: model_name.as_bytes().to_vec(),
        model_number: model_number.as_bytes().to_vec(),
        serial_number: b"0001".to_vec(),
        primary_device_type,
        device_name: name.as_bytes().to_vec(),
        rf_bands: 0x01,
        os_version: 0x8000_0000,
    }
}

/// The printer as an enrollee. `walk_time` is the model's, or the PIN's validity in PIN mode.
pub fn printer_enrollee(model: &PrinterModel, mac: Mac, uuid: Uuid, walk_time: Duration) -> EnrolleeConfig {
    let methods = if model.has_screen() {
        config_methods::PHY_PUSH_BUTTON | config_methods::PHY_DISPLAY
    } else {
        config_methods::PHY_PUSH_BUTTON
    };
    EnrolleeConfig {
        uuid_e: uuid,
        mac,
        device: device(model.name, model.name, model.model_number, 3, 5, methods),
        walk_time,
        retry_delay: Duration::from_secs(3),
        answer_timeout: Duration::from_secs(5),
        fragment_size: DEFAULT_FRAGMENT_SIZE,
        dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
        link: Link::Radio,
    }
}

/// A neighbour's device that happens to press its WPS button too.
pub fn neighbour_enrollee(ids: &Identities) -> EnrolleeConfig {
    EnrolleeConfig {
        uuid_e: ids.neighbour_uuid,
        mac: ids.neighbour_mac,
        device: device("Neighbour's TV", "StreamBox", "SB-2", 7, 1, config_methods::PHY_PUSH_BUTTON),
        walk_time: Duration::from_secs(120),
        retry_delay: Duration::from_secs(3),
        answer_timeout: Duration::from_secs(5),
        fragment_size: DEFAULT_FRAGMENT_SIZE,
        dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
        link: Link::Radio,
    }
}

pub fn router_registrar(setup: &RouterSetup, ids: &Identities) -> RegistrarConfig {
    RegistrarConfig {
        uuid_r: ids.router_uuid,
        mac: ids.router_mac,
        device: device(
            ROUTER.name,
            ROUTER.name,
            ROUTER.model_number,
            6,
            1,
            // A PIN is typed on its page (a keypad), and it has a WPS button.
            config_methods::KEYPAD | config_methods::VIRT_PUSH_BUTTON | config_methods::PHY_PUSH_BUTTON,
        ),
        network: setup.network_settings(),
        walk_time: Duration::from_secs(crate::wps::defs::WALK_TIME_SECS),
        fragment_size: DEFAULT_FRAGMENT_SIZE,
        dh_private_len: crate::wps::crypto::dh::PRIVATE_LEN,
    }
}
