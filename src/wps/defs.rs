//! Protocol constants in one place, as hostapd keeps them in `wps_defs.h`:
//! attribute ids, message types, configuration errors, device password ids.

use std::fmt;

/// Generates a `u16`-backed enum with an `Unknown` catch-all, its name table and conversions.
macro_rules! wire_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $value:literal => $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)*
            Unknown(u16),
        }
        impl $name {
            pub const fn from_u16(v: u16) -> Self {
                match v { $($value => Self::$variant,)* other => Self::Unknown(other) }
            }
            pub const fn to_u16(self) -> u16 {
                match self { $(Self::$variant => $value,)* Self::Unknown(v) => v }
            }
            /// The name used by the specification and hostapd's debug output.
            pub fn name(self) -> String {
                match self { $(Self::$variant => $text.to_string(),)* Self::Unknown(v) => format!("Unknown 0x{v:04x}") }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.name()) }
        }
    };
}

wire_enum!(
    /// WSC attribute types (`wps_defs.h`, `enum wps_attribute`).
    AttrType {
        ApChannel = 0x1001 => "AP Channel",
        AssocState = 0x1002 => "Association State",
        AuthType = 0x1003 => "Authentication Type",
        AuthTypeFlags = 0x1004 => "Authentication Type Flags",
        Authenticator = 0x1005 => "Authenticator",
        ConfigMethods = 0x1008 => "Config Methods",
        ConfigError = 0x1009 => "Configuration Error",
        ConfirmUrl4 = 0x100a => "Confirmation URL4",
        ConfirmUrl6 = 0x100b => "Confirmation URL6",
        ConnTypeFlags = 0x100d => "Connection Type Flags",
        Credential = 0x100e => "Credential",
        EncrType = 0x100f => "Encryption Type",
        EncrTypeFlags = 0x1010 => "Encryption Type Flags",
        DeviceName = 0x1011 => "Device Name",
        DevicePasswordId = 0x1012 => "Device Password ID",
        EHash1 = 0x1014 => "E-Hash1",
        EHash2 = 0x1015 => "E-Hash2",
        ESnonce1 = 0x1016 => "E-SNonce1",
        ESnonce2 = 0x1017 => "E-SNonce2",
        EncrSettings = 0x1018 => "Encrypted Settings",
        EnrolleeNonce = 0x101a => "Enrollee Nonce",
        FeatureId = 0x101b => "Feature ID",
        Identity = 0x101c => "Identity",
        IdentityProof = 0x101d => "Identity Proof",
        KeyWrapAuth = 0x101e => "Key Wrap Authenticator",
        KeyId = 0x101f => "Key Identifier",
        MacAddr = 0x1020 => "MAC Address",
        Manufacturer = 0x1021 => "Manufacturer",
        MsgType = 0x1022 => "Message Type",
        ModelName = 0x1023 => "Model Name",
        ModelNumber = 0x1024 => "Model Number",
        NetworkIndex = 0x1026 => "Network Index",
        NetworkKey = 0x1027 => "Network Key",
        NetworkKeyIndex = 0x1028 => "Network Key Index",
        NewDeviceName = 0x1029 => "New Device Name",
        NewPassword = 0x102a => "New Password",
        OobDevicePassword = 0x102c => "OOB Device Password",
        OsVersion = 0x102d => "OS Version",
        PowerLevel = 0x102f => "Power Level",
        Psk1 = 0x1030 => "PSK1",
        Psk2 = 0x1031 => "PSK2",
        PublicKey = 0x1032 => "Public Key",
        RadioEnable = 0x1033 => "Radio Enabled",
        Reboot = 0x1034 => "Reboot",
        RegistrarCurrent = 0x1035 => "Registrar Current",
        RegistrarEstablished = 0x1036 => "Registrar Established",
        RegistrarList = 0x1037 => "Registrar List",
        RegistrarMax = 0x1038 => "Registrar Max",
        RegistrarNonce = 0x1039 => "Registrar Nonce",
        RequestType = 0x103a => "Request Type",
        ResponseType = 0x103b => "Response Type",
        RfBands = 0x103c => "RF Bands",
        RHash1 = 0x103d => "R-Hash1",
        RHash2 = 0x103e => "R-Hash2",
        RSnonce1 = 0x103f => "R-SNonce1",
        RSnonce2 = 0x1040 => "R-SNonce2",
        SelectedRegistrar = 0x1041 => "Selected Registrar",
        SerialNumber = 0x1042 => "Serial Number",
        WpsState = 0x1044 => "Wi-Fi Protected Setup State",
        Ssid = 0x1045 => "SSID",
        TotalNetworks = 0x1046 => "Total Networks",
        UuidE = 0x1047 => "UUID-E",
        UuidR = 0x1048 => "UUID-R",
        VendorExt = 0x1049 => "Vendor Extension",
        Version = 0x104a => "Version",
        X509CertReq = 0x104b => "X.509 Certificate Request",
        X509Cert = 0x104c => "X.509 Certificate",
        EapIdentity = 0x104d => "EAP Identity",
        MsgCounter = 0x104e => "Message Counter",
        PubKeyHash = 0x104f => "Public Key Hash",
        RekeyKey = 0x1050 => "Rekey Key",
        KeyLifetime = 0x1051 => "Key Lifetime",
        PermittedCfgMethods = 0x1052 => "Permitted Config Methods",
        SelRegConfigMethods = 0x1053 => "Selected Registrar Config Methods",
        PrimaryDevType = 0x1054 => "Primary Device Type",
        SecondaryDevTypeList = 0x1055 => "Secondary Device Type List",
        PortableDevice = 0x1056 => "Portable Device",
        ApSetupLocked = 0x1057 => "AP Setup Locked",
        ApplicationExt = 0x1058 => "Application Extension",
        EapType = 0x1059 => "EAP Type",
        InitVector = 0x1060 => "Initialization Vector",
        KeyProvidedAuto = 0x1061 => "Key Provided Automatically",
        Dot1xEnabled = 0x1062 => "802.1X Enabled",
        AppSessionKey = 0x1063 => "Application Session Key",
        WepTransmitKey = 0x1064 => "WEP Transmit Key",
    }
);

wire_enum!(
    /// The Message Type attribute's values (`enum wps_msg_type`).
    MsgType {
        Beacon = 0x01 => "Beacon",
        ProbeRequest = 0x02 => "Probe Request",
        ProbeResponse = 0x03 => "Probe Response",
        M1 = 0x04 => "M1",
        M2 = 0x05 => "M2",
        M2D = 0x06 => "M2D",
        M3 = 0x07 => "M3",
        M4 = 0x08 => "M4",
        M5 = 0x09 => "M5",
        M6 = 0x0a => "M6",
        M7 = 0x0b => "M7",
        M8 = 0x0c => "M8",
        Ack = 0x0d => "WSC_ACK",
        Nack = 0x0e => "WSC_NACK",
        Done = 0x0f => "WSC_Done",
    }
);

impl MsgType {
    /// Which of M1..M8 this is (M2D counts as none).
    pub fn number(self) -> Option<u8> {
        Some(match self {
            MsgType::M1 => 1,
            MsgType::M2 => 2,
            MsgType::M3 => 3,
            MsgType::M4 => 4,
            MsgType::M5 => 5,
            MsgType::M6 => 6,
            MsgType::M7 => 7,
            MsgType::M8 => 8,
            _ => return None,
        })
    }
}

wire_enum!(
    /// Configuration Error values (`enum wps_config_error`).
    ConfigError {
        NoError = 0 => "No Error",
        OobIfaceReadError = 1 => "OOB Interface Read Error",
        DecryptionCrcFailure = 2 => "Decryption CRC Failure",
        Chan24NotSupported = 3 => "2.4 GHz channel not supported",
        Chan50NotSupported = 4 => "5.0 GHz channel not supported",
        SignalTooWeak = 5 => "Signal too weak",
        NetworkAuthFailure = 6 => "Network authentication failure",
        NetworkAssocFailure = 7 => "Network association failure",
        NoDhcpResponse = 8 => "No DHCP response",
        FailedDhcpConfig = 9 => "Failed DHCP config",
        IpAddrConflict = 10 => "IP address conflict",
        NoConnToRegistrar = 11 => "Couldn't connect to Registrar",
        MultiplePbcDetected = 12 => "Multiple PBC sessions detected",
        RogueSuspected = 13 => "Rogue activity suspected",
        DeviceBusy = 14 => "Device busy",
        SetupLocked = 15 => "Setup locked",
        MsgTimeout = 16 => "Message timeout",
        RegSessTimeout = 17 => "Registration session timeout",
        DevPasswordAuthFailure = 18 => "Device password authentication failure",
        Chan60gNotSupported = 19 => "60 GHz channel not supported",
        PublicKeyHashMismatch = 20 => "Public key hash mismatch",
    }
);

wire_enum!(
    /// Device Password ID values (`enum wps_dev_password_id`).
    DevicePasswordId {
        Default = 0x0000 => "Default (PIN)",
        UserSpecified = 0x0001 => "User-specified",
        MachineSpecified = 0x0002 => "Machine-specified",
        Rekey = 0x0003 => "Rekey",
        PushButton = 0x0004 => "PushButton",
        RegistrarSpecified = 0x0005 => "Registrar-specified",
        NfcConnectionHandover = 0x0007 => "NFC Connection Handover",
        P2ps = 0x0008 => "P2PS",
    }
);

// EAP-WSC op-codes (`wps.h`).
wire_enum!(
    OpCode {
        Start = 0x01 => "WSC_Start",
        Ack = 0x02 => "WSC_ACK",
        Nack = 0x03 => "WSC_NACK",
        Msg = 0x04 => "WSC_MSG",
        Done = 0x05 => "WSC_Done",
        FragAck = 0x06 => "WSC_FRAG_ACK",
    }
);

/// Authentication Type values; also bits of Authentication Type Flags.
pub mod auth {
    pub const OPEN: u16 = 0x0001;
    pub const WPAPSK: u16 = 0x0002;
    pub const SHARED: u16 = 0x0004;
    pub const WPA: u16 = 0x0008;
    pub const WPA2: u16 = 0x0010;
    pub const WPA2PSK: u16 = 0x0020;
    pub const ALL: u16 = OPEN | WPAPSK | SHARED | WPA | WPA2 | WPA2PSK;
}

/// Encryption Type values; also bits of Encryption Type Flags.
pub mod encr {
    pub const NONE: u16 = 0x0001;
    pub const WEP: u16 = 0x0002;
    pub const TKIP: u16 = 0x0004;
    pub const AES: u16 = 0x0008;
}

/// Config Methods bits.
pub mod config_methods {
    pub const LABEL: u16 = 0x0004;
    pub const DISPLAY: u16 = 0x0008;
    pub const PUSH_BUTTON: u16 = 0x0080;
    pub const KEYPAD: u16 = 0x0100;
    pub const VIRT_PUSH_BUTTON: u16 = 0x0280;
    pub const PHY_PUSH_BUTTON: u16 = 0x0480;
    pub const VIRT_DISPLAY: u16 = 0x2008;
    pub const PHY_DISPLAY: u16 = 0x4008;
}

/// Wi-Fi Alliance vendor id, used by EAP-WSC and the Version2 vendor extension.
pub const WFA_VENDOR_ID: [u8; 3] = [0x00, 0x37, 0x2a];
/// The same vendor id as a number, as hostapd's and wpa_supplicant's EAP lines print it (14122).
pub const WFA_VENDOR: u32 = u32::from_be_bytes([0, WFA_VENDOR_ID[0], WFA_VENDOR_ID[1], WFA_VENDOR_ID[2]]);
/// The deprecated Version attribute is fixed at 0x10; WPS 2.0 is signalled by Version2.
pub const VERSION: u8 = 0x10;
pub const VERSION2: u8 = 0x20;
/// Walk time: push-button mode, overlap window and the station's timer (`WPS_PBC_WALK_TIME`).
pub const WALK_TIME_SECS: u64 = 120;
/// Device password used by push-button configuration.
pub const PBC_PASSWORD: &[u8] = b"00000000";

pub const IDENTITY_ENROLLEE: &str = "WFA-SimpleConfig-Enrollee-1-0";
pub const IDENTITY_REGISTRAR: &str = "WFA-SimpleConfig-Registrar-1-0";

/// Names of authentication-type bits, for display.
pub fn auth_type_names(flags: u16) -> String {
    bit_names(
        flags,
        &[
            (auth::OPEN, "Open"),
            (auth::WPAPSK, "WPA-PSK"),
            (auth::SHARED, "Shared"),
            (auth::WPA, "WPA"),
            (auth::WPA2, "WPA2"),
            (auth::WPA2PSK, "WPA2-PSK"),
        ],
    )
}

/// Names of encryption-type bits, for display.
pub fn encr_type_names(flags: u16) -> String {
    bit_names(flags, &[(encr::NONE, "None"), (encr::WEP, "WEP"), (encr::TKIP, "TKIP"), (encr::AES, "AES")])
}

fn bit_names(flags: u16, table: &[(u16, &str)]) -> String {
    let names: Vec<&str> = table.iter().filter(|(bit, _)| flags & bit != 0).map(|(_, n)| *n).collect();
    if names.is_empty() { "none".into() } else { names.join("|") }
}

/// A sub-reason hostapd adds to some failures (`wps_ei_str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorIndication {
    TkipOnlyProhibited = 1,
    WepProhibited = 2,
    AuthenticationFailure = 3,
}

impl ErrorIndication {
    pub fn text(self) -> &'static str {
        match self {
            ErrorIndication::TkipOnlyProhibited => "TKIP Only Prohibited",
            ErrorIndication::WepProhibited => "WEP Prohibited",
            ErrorIndication::AuthenticationFailure => "Authentication Failure",
        }
    }
}

/// How many times the registrar sends a request again before it gives up on a session:
/// EAP-WSC's `MaxRetrans = 2` (`eap_server_wsc.c`, `eap_wsc_getTimeout`), three sends in all.
pub const MAX_RETRANSMITS: u8 = 2;
