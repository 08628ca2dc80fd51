//! The exercises that come with printer-panel, by name (`--exercise pbc`): the files in
//! `exercises/`, built in: one for each scenario, then the troubleshooting ones, where a
//! fault is planted and the instructions do not name it.

/// Each built-in exercise: its name and its file's text.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("free", include_str!("../../exercises/free.toml")),
    ("pin", include_str!("../../exercises/pin.toml")),
    ("pbc", include_str!("../../exercises/pbc.toml")),
    ("overlap", include_str!("../../exercises/overlap.toml")),
    ("wep", include_str!("../../exercises/wep.toml")),
    ("tkip", include_str!("../../exercises/tkip.toml")),
    ("hidden-ssid", include_str!("../../exercises/hidden-ssid.toml")),
    ("wps-off", include_str!("../../exercises/wps-off.toml")),
    ("wpa3-only", include_str!("../../exercises/wpa3-only.toml")),
    ("out-of-range", include_str!("../../exercises/out-of-range.toml")),
    ("weak-signal", include_str!("../../exercises/weak-signal.toml")),
    ("password-changed", include_str!("../../exercises/password-changed.toml")),
    ("too-late", include_str!("../../exercises/too-late.toml")),
    ("pin-expired", include_str!("../../exercises/pin-expired.toml")),
    ("pin-typo", include_str!("../../exercises/pin-typo.toml")),
    ("wrong-pin", include_str!("../../exercises/wrong-pin.toml")),
    ("computer", include_str!("../../exercises/computer.toml")),
    ("computer-ap-pin", include_str!("../../exercises/computer-ap-pin.toml")),
    ("computer-upnp-off", include_str!("../../exercises/computer-upnp-off.toml")),
    ("computer-guest", include_str!("../../exercises/computer-guest.toml")),
    ("support-scam", include_str!("../../exercises/support-scam.toml")),
    ("fault-wep", include_str!("../../exercises/fault-wep.toml")),
    ("fault-hidden-name", include_str!("../../exercises/fault-hidden-name.toml")),
    ("fault-old-password", include_str!("../../exercises/fault-old-password.toml")),
    ("find-the-fault", include_str!("../../exercises/find-the-fault.toml")),
];

/// The text of the built-in exercise `name`, if there is one.
pub fn text(name: &str) -> Option<&'static str> {
    BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

pub fn names() -> Vec<&'static str> {
    BUILT_IN.iter().map(|(n, _)| *n).collect()
}
