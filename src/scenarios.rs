//! Training scenarios: each a small description (what the router is set to, what goes on
//! around the printer, what the learner is asked to do), applied once when the panel opens.
//! No scenario decides an outcome: the engine computes it from what the description sets up.

use crate::models::{RouterSetup, Security};
use crate::wps::pin::{self, Pin};

/// What a scenario's person types at the router when the printer shows its PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMistake {
    /// The last digit is off by one: the check digit catches it before anything is sent.
    Typo,
    /// A valid PIN whose last four digits differ: it fails mid-handshake, after M6.
    WrongSecondHalf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub security: Security,
    pub hidden_ssid: bool,
    pub wps_enabled: bool,
    /// The printer is too far from the router: nothing it sends arrives.
    pub out_of_range: bool,
    /// The printer is at the edge of the router's reach: these frames are lost, once each.
    pub weak_signal: &'static [&'static str],
    /// A neighbour's device starts push-button mode when the printer does.
    pub neighbour_pushes: bool,
    pub pin_mistake: Option<PinMistake>,
    /// A fake "support" pop-up asks the learner to call a number for the PIN.
    pub scam_popup: bool,
    /// It shows a PIN on the printer's screen, so a printer without one cannot run it.
    pub needs_screen: bool,
    /// The lesson is in not touching the router: the guide must not say to press it.
    pub leave_router_alone: bool,
    /// The printer was set up on an earlier day with this Wi-Fi password, since changed at
    /// the router: it tries to join with it when the panel opens.
    pub printer_remembers: Option<&'static str>,
    /// What the learner does, in order (the guide shows them).
    pub steps: &'static [&'static str],
    /// What this scenario teaches, said when it ends.
    pub lesson: &'static str,
}

const BASE: Scenario = Scenario {
    id: "free",
    title: "Free practice",
    summary: "A working router and printer; try anything.",
    security: Security::Wpa2Personal,
    hidden_ssid: false,
    wps_enabled: true,
    out_of_range: false,
    weak_signal: &[],
    neighbour_pushes: false,
    pin_mistake: None,
    scam_popup: false,
    needs_screen: false,
    leave_router_alone: false,
    printer_remembers: None,
    steps: &["Hold the printer's Wi-Fi button for 3 seconds (W), or open Settings > Wireless > Wi-Fi Protected Setup."],
    lesson: "",
};

pub const SCENARIOS: &[Scenario] = &[
    BASE,
    Scenario {
        id: "pin",
        title: "PIN: the happy path",
        summary: "Read the PIN off the printer's screen and type it at the router.",
        steps: &[
            "On the printer: Settings > Wireless > Wi-Fi Protected Setup > PIN (arrows, Enter).",
            "Tab to the router, type the PIN from the printer's screen, press Enter (Connect).",
            "Watch M1 to M8 cross the air; the printer joins and appears in the client list.",
        ],
        lesson: "The PIN comes from the printer itself. Typed at the router, it proves both ends belong to you.",
        needs_screen: true,
        ..BASE
    },
    Scenario {
        id: "pbc",
        title: "Push button: the happy path",
        summary: "Hold the printer's Wi-Fi button, then press the router's WPS button within 2 minutes.",
        steps: &[
            "Hold the printer's Wi-Fi button for 3 seconds (W) until its light blinks.",
            "Press the router's WPS button (b) within 2 minutes.",
            "Watch the exchange; the printer joins and appears in the client list.",
        ],
        lesson: "Push button works when exactly one device is in push-button mode within the 2-minute walk time.",
        ..BASE
    },
    Scenario {
        id: "overlap",
        title: "A neighbour pushes WPS too",
        summary: "Another device is in push-button mode at the same time: session overlap.",
        neighbour_pushes: true,
        steps: &[
            "Press the router's WPS button (b).",
            "Hold the printer's Wi-Fi button (W). A neighbour's device starts push-button mode at the same moment.",
            "The router sees two devices and refuses both (M2D, configuration error 12).",
        ],
        lesson: "With two devices pushing, the router cannot tell which one is yours, so it refuses both. Wait 2 minutes, or use the PIN method.",
        ..BASE
    },
    Scenario {
        id: "wep",
        title: "Router on WEP",
        summary: "The router uses WEP, so WPS is switched off.",
        security: Security::Wep,
        steps: &[
            "Press the router's WPS button (b) and read its page.",
            "Hold the printer's Wi-Fi button (W) and wait.",
            "Fix it at the router: press e (wireless settings), choose WPA2-Personal (AES), Save; then press b and hold W again.",
        ],
        lesson: "WPS 2.0 does not work with WEP. Switch the router to WPA2-Personal (AES), then try again.",
        ..BASE
    },
    Scenario {
        id: "tkip",
        title: "Router on WPA/TKIP only",
        summary: "The router uses WPA with TKIP only, so WPS is switched off.",
        security: Security::WpaTkip,
        steps: &[
            "Press the router's WPS button (b) and read its page.",
            "Hold the printer's Wi-Fi button (W) and wait.",
            "Fix it at the router: press e (wireless settings), choose WPA2-Personal (AES), Save; then press b and hold W again.",
        ],
        lesson: "WPS needs WPA2 with AES. Change the router's security to WPA2-Personal (AES).",
        ..BASE
    },
    Scenario {
        id: "hidden-ssid",
        title: "Hidden network name",
        summary: "The router hides its SSID, which switches WPS off.",
        hidden_ssid: true,
        steps: &[
            "Press the router's WPS button (b) and read its page.",
            "Hold the printer's Wi-Fi button (W) and wait.",
            "Fix it at the router: press e (wireless settings), make the network name visible, Save; then press b and hold W again.",
        ],
        lesson: "A hidden network name switches WPS off. Make the SSID visible while you connect the printer.",
        ..BASE
    },
    Scenario {
        id: "wps-off",
        title: "WPS switched off",
        summary: "WPS is disabled in the router's settings.",
        wps_enabled: false,
        steps: &[
            "Press the router's WPS button (b) and read its page.",
            "Hold the printer's Wi-Fi button (W) and wait.",
            "Fix it at the router: press e (wireless settings), set WPS to on, Save; then press b and hold W again.",
        ],
        lesson: "WPS has to be switched on in the router's wireless settings before either button or PIN can work.",
        ..BASE
    },
    Scenario {
        id: "wpa3-only",
        title: "WPA3-only router",
        summary: "Many routers hide WPS in WPA3-only mode (a vendor choice, not a protocol rule).",
        security: Security::Wpa3Personal,
        steps: &[
            "Press the router's WPS button (b) and read its page.",
            "Hold the printer's Wi-Fi button (W) and wait.",
            "Fix it at the router: press e (wireless settings), choose WPA2/WPA3-Personal, Save; then press b and hold W again.",
        ],
        lesson: "This router offers WPS only in WPA2 or WPA2/WPA3 mixed mode. That is this vendor's rule; the WPS protocol itself allows it.",
        ..BASE
    },
    Scenario {
        id: "out-of-range",
        title: "Router out of reach",
        summary: "The printer is too far from the router; nothing arrives.",
        out_of_range: true,
        steps: &["Press the router's WPS button (b).", "Hold the printer's Wi-Fi button (W), then wait 2 minutes."],
        lesson: "Both sides give up after the 2-minute walk time. Move the printer closer to the router and try again.",
        ..BASE
    },
    Scenario {
        id: "weak-signal",
        title: "A weak signal",
        summary: "The printer is at the edge of the router's reach: now and then a frame is lost.",
        weak_signal: &["M3", "M6"],
        steps: &[
            "Press the router's WPS button (b), then hold the printer's Wi-Fi button (W).",
            "Watch the ladder: a frame is lost, 5 seconds pass, and the same message comes again.",
            "It happens twice, once each way; the printer still joins.",
        ],
        lesson: "On a weak signal frames get lost. Each side sends its last message again after 5 seconds, up to 5 times; if it keeps failing, move the printer closer to the router.",
        ..BASE
    },
    Scenario {
        id: "password-changed",
        title: "The Wi-Fi password was changed",
        summary: "The printer was set up before the router's password changed: now it cannot connect.",
        printer_remembers: Some("old-garden-1170"),
        steps: &[
            "Watch the printer try the password it remembers: the router refuses it at message 2 of the 4-way handshake.",
            "Run WPS again: hold the printer's Wi-Fi button (W), then press the router's WPS button (b).",
            "The printer receives the new password in M8 and joins with it.",
        ],
        lesson: "A printer keeps the Wi-Fi password it was set up with. When the router's password changes, set the printer up again: WPS hands it the new one.",
        ..BASE
    },
    Scenario {
        id: "too-late",
        title: "Router not pressed in time",
        summary: "The printer waits 2 minutes for the router's button, which nobody presses.",
        steps: &["Hold the printer's Wi-Fi button (W).", "Do not touch the router: wait 2 minutes."],
        lesson: "The printer waits 2 minutes (the walk time). Press the router's button sooner next time.",
        leave_router_alone: true,
        ..BASE
    },
    Scenario {
        id: "pin-typo",
        title: "PIN typo caught by the check digit",
        summary: "The PIN is typed at the router with one wrong digit.",
        pin_mistake: Some(PinMistake::Typo),
        steps: &[
            "Show a PIN on the printer: Settings > Wireless > Wi-Fi Protected Setup > PIN.",
            "The router's PIN field now holds what was typed, with a typo. Tab to the router and press Enter.",
        ],
        lesson: "The last digit of a WPS PIN is a check digit: the router's page catches most typos before sending anything.",
        needs_screen: true,
        ..BASE
    },
    Scenario {
        id: "wrong-pin",
        title: "A valid but wrong PIN",
        summary: "A PIN with a valid check digit but the wrong last four digits.",
        pin_mistake: Some(PinMistake::WrongSecondHalf),
        steps: &[
            "Show a PIN on the printer: Settings > Wireless > Wi-Fi Protected Setup > PIN.",
            "The router's PIN field holds a wrong (but valid-looking) PIN. Tab to the router and press Enter.",
            "Watch the ladder: the printer refuses after M6 (configuration error 18).",
        ],
        lesson: "The two halves of the PIN are checked one after the other: a wrong second half fails after M6.",
        needs_screen: true,
        ..BASE
    },
    Scenario {
        id: "support-scam",
        title: "A fake support pop-up",
        summary: "A pop-up asks you to call 'support' for your PIN. Nobody needs to be called.",
        scam_popup: true,
        steps: &[
            "Read the pop-up, then close it (Esc). Do not call anyone.",
            "Get the PIN from the printer itself: Settings > Wireless > Wi-Fi Protected Setup > PIN.",
        ],
        lesson: "The WPS PIN is always on your own printer's screen (or its printed report). Real support never asks you to call for it.",
        needs_screen: true,
        ..BASE
    },
];

/// The longest scenario id: the width of the id column wherever scenarios are listed.
pub const ID_WIDTH: usize = {
    let mut i = 0;
    let mut widest = 0;
    while i < SCENARIOS.len() {
        if SCENARIOS[i].id.len() > widest {
            widest = SCENARIOS[i].id.len();
        }
        i += 1;
    }
    widest
};

impl Scenario {
    /// The router as this scenario sets it up.
    pub fn router_setup(&self) -> RouterSetup {
        RouterSetup {
            security: self.security,
            hidden_ssid: self.hidden_ssid,
            wps_enabled: self.wps_enabled,
            ..RouterSetup::default()
        }
    }

    /// What this scenario's person types at the router when the printer shows `shown`.
    pub fn typed_at_router(&self, shown: &Pin) -> Option<String> {
        self.pin_mistake.map(|mistake| mistyped(shown.as_str(), mistake))
    }
}

/// What a person typing the PIN at the router gets wrong, for the PIN-mistake scenarios.
pub fn mistyped(pin: &str, mistake: PinMistake) -> String {
    let mut digits: Vec<u32> = pin.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 8 {
        return pin.to_string();
    }
    match mistake {
        PinMistake::Typo => digits[7] = (digits[7] + 1) % 10,
        PinMistake::WrongSecondHalf => {
            digits[4] = (digits[4] + 1) % 10;
            let seven = digits[..7].iter().fold(0, |acc, d| acc * 10 + d);
            digits[7] = pin::checksum(seven);
        }
    }
    let text: String = digits.iter().map(|d| char::from_digit(*d, 10).unwrap_or('0')).collect();
    format!("{}-{}", &text[..4], &text[4..])
}

impl Scenario {
    /// Whether this printer model can run the scenario; the sentence says why not.
    pub fn runs_on(&self, model: &crate::models::PrinterModel) -> Result<(), String> {
        if self.needs_screen && !model.has_screen() {
            return Err(format!(
                "scenario '{}' shows a PIN on the printer's screen, and the {} has no screen",
                self.id, model.name
            ));
        }
        Ok(())
    }
}

pub fn scenario(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id.eq_ignore_ascii_case(id))
}

/// The number the fake pop-up shows: in 555-0100..555-0199, reserved for fiction.
pub const FICTIONAL_NUMBER: &str = "555-0142";
