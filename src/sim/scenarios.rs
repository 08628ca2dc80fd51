//! Training scenarios: each a small description (what the router is set to, what goes on
//! around the printer, what the learner is asked to do), applied once when the panel opens.
//! No scenario decides an outcome: the engine computes it from what the description sets up.

use crate::sim::lan::Seat;
use crate::sim::models::{RouterSetup, Security};
use crate::wps::defs::MsgType;
use crate::wps::pin::{self, Pin};

/// What a scenario's person types at the router when the printer shows its PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinMistake {
    /// The last digit is off by one: the check digit catches it before anything is sent.
    Typo,
    /// A valid PIN whose last four digits differ: it fails mid-handshake, after M6.
    WrongSecondHalf,
}

/// One thing the learner does, or watches, in a scenario. A value, not a sentence: the guide
/// words it for the printer at hand (`app::steps`) and knows from it what to press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Start WPS on the printer, either way: push button, or the PIN from its menu.
    StartWps,
    /// Push-button mode on the printer (its Wi-Fi button held, or Push Button on its screen).
    StartPushButton,
    /// Push-button mode on the printer, then wait: nothing is going to answer.
    StartPushButtonAndWait,
    /// Push-button mode on the printer, then the walk time waited out.
    StartPushButtonAndWaitItOut,
    /// Push-button mode on the printer while a neighbour's device starts it too.
    StartPushButtonWithNeighbour,
    /// The router's WPS button, within the walk time.
    PressRouterButton,
    /// The router's WPS button, then its page read (it says why nothing starts).
    PressRouterButtonAndRead,
    /// The router's button, then the printer's.
    RouterThenPrinter,
    /// The printer's push button, then the router's (WPS run again).
    PrinterThenRouter,
    /// A PIN shown on the printer's screen, from its menu.
    ShowPin,
    /// The PIN from the printer's screen typed at the router, and Connect.
    TypePinAtRouter,
    /// The printer chosen in the computer's "Add a device" window and its PIN typed there.
    TypePinAtComputer,
    /// What keeps the computer from adding devices fixed (the router's UPnP or its own PIN
    /// switched on, the computer moved to the home network), then the search run again.
    LetComputerIn,
    /// Someone already typed the PIN at the router (with this mistake): press Connect.
    ConnectTypedPin(PinMistake),
    /// The router's settings changed so that WPS can run, saved, and WPS run again.
    FixRouter,
    /// The fake support pop-up read and closed, and nobody called.
    ClosePopup,
    /// Nothing to press: what to watch.
    Watch(Watch),
}

/// What a learner watches happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watch {
    /// M1 to M8, then the join and the client list.
    Registration,
    /// The router refuses both devices (M2D with configuration error 12).
    OverlapRefused,
    /// A frame lost and sent again after the retransmission timeout.
    LostFrame,
    /// Lost frames, yet the printer joins.
    StillJoins,
    /// The printer tries the password it remembers; the router refuses it at 4-way 2/4.
    OldPasswordRefused,
    /// The new password arrives in M8 and the printer joins with it.
    NewPasswordJoins,
    /// The printer refuses after M6 (configuration error 18).
    RefusedAfterM6,
    /// The walk time runs out, with the router left alone.
    WalkTimeRunsOut,
    /// The PIN's own time runs out on the printer's screen, with the router left alone.
    PinRunsOut,
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
    pub weak_signal: &'static [MsgType],
    /// A neighbour's device starts push-button mode when the printer does.
    pub neighbour_pushes: bool,
    pub pin_mistake: Option<PinMistake>,
    /// A fake "support" pop-up asks the learner to call a number for the PIN.
    pub scam_popup: bool,
    /// The lesson is in not touching the router: the guide must not say to press it.
    pub leave_router_alone: bool,
    /// The printer was set up on an earlier day with this Wi-Fi password, since changed at
    /// the router: it tries to join with it when the panel opens.
    pub printer_remembers: Option<&'static str>,
    /// A computer on the router's network, and which one (its own, or the guest network):
    /// the PIN goes into its "Add a device" window.
    pub computer: Option<Seat>,
    /// The router's UPnP (how the computer finds it) is on.
    pub upnp: bool,
    /// The router's own PIN (AP PIN) is on: without it, it lets no computer add devices.
    pub ap_pin: bool,
    /// What the learner does, in order (the guide words them for the printer at hand).
    pub steps: &'static [Step],
    /// What this scenario teaches, said when it ends. `{walk}` stands for the walk time,
    /// worded from the router's own figure.
    pub lesson: &'static str,
}

/// What a scenario ends in when the learner does what it says: the state its lesson is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Goal {
    /// The printer on the network, in the router's client list.
    Connected,
    /// The router refuses both devices pushing at once (M2D, configuration error 12).
    Overlap,
    /// The printer's walk time runs out.
    Timeout,
    /// The PIN's own time runs out on the printer's screen: it is erased.
    PinExpired,
    /// The printer refuses after M6: the PIN's last four digits are wrong.
    WrongSecondHalf,
    /// The router's page refuses the PIN by its check digit: nothing is sent.
    TypoCaught,
}

impl Scenario {
    /// What this scenario ends in, from what it sets up.
    pub fn goal(&self) -> Goal {
        match self.pin_mistake {
            Some(PinMistake::Typo) => Goal::TypoCaught,
            Some(PinMistake::WrongSecondHalf) => Goal::WrongSecondHalf,
            None if self.neighbour_pushes => Goal::Overlap,
            None if self.leave_router_alone && self.steps.contains(&Step::ShowPin) => Goal::PinExpired,
            None if self.out_of_range || self.leave_router_alone => Goal::Timeout,
            None => Goal::Connected,
        }
    }
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
    leave_router_alone: false,
    printer_remembers: None,
    computer: None,
    upnp: true,
    ap_pin: true,
    steps: &[Step::StartWps],
    lesson: "",
};

pub const SCENARIOS: &[Scenario] = &[
    BASE,
    Scenario {
        id: "pin",
        title: "PIN: the happy path",
        summary: "Read the PIN off the printer (its screen, or its printed page) and type it at the router.",
        steps: &[Step::ShowPin, Step::TypePinAtRouter, Step::Watch(Watch::Registration)],
        lesson: "The PIN comes from the printer itself. Typed at the router, it proves both ends belong to you.",
        ..BASE
    },
    Scenario {
        id: "pbc",
        title: "Push button: the happy path",
        summary: "Push button on the printer, then the router's WPS button within its walk time.",
        steps: &[Step::StartPushButton, Step::PressRouterButton, Step::Watch(Watch::Registration)],
        lesson: "Push button works when exactly one device is in push-button mode within the walk time ({walk}).",
        ..BASE
    },
    Scenario {
        id: "overlap",
        title: "A neighbour pushes WPS too",
        summary: "Another device is in push-button mode at the same time: session overlap.",
        neighbour_pushes: true,
        steps: &[Step::PressRouterButton, Step::StartPushButtonWithNeighbour, Step::Watch(Watch::OverlapRefused)],
        lesson: "With two devices pushing, the router cannot tell which one is yours, so it refuses both. Wait out the walk time ({walk}), or use the PIN method.",
        ..BASE
    },
    Scenario {
        id: "wep",
        title: "Router on WEP",
        summary: "The router uses WEP, so WPS is switched off.",
        security: Security::Wep,
        steps: &[Step::PressRouterButtonAndRead, Step::StartPushButtonAndWait, Step::FixRouter],
        lesson: "WPS 2.0 does not work with WEP. Switch the router to WPA2-Personal (AES), then try again.",
        ..BASE
    },
    Scenario {
        id: "tkip",
        title: "Router on WPA/TKIP only",
        summary: "The router uses WPA with TKIP only, so WPS is switched off.",
        security: Security::WpaTkip,
        steps: &[Step::PressRouterButtonAndRead, Step::StartPushButtonAndWait, Step::FixRouter],
        lesson: "WPS needs WPA2 with AES. Change the router's security to WPA2-Personal (AES).",
        ..BASE
    },
    Scenario {
        id: "hidden-ssid",
        title: "Hidden network name",
        summary: "The router hides its SSID, which switches WPS off.",
        hidden_ssid: true,
        steps: &[Step::PressRouterButtonAndRead, Step::StartPushButtonAndWait, Step::FixRouter],
        lesson: "A hidden network name switches WPS off. Make the SSID visible while you connect the printer.",
        ..BASE
    },
    Scenario {
        id: "wps-off",
        title: "WPS switched off",
        summary: "WPS is disabled in the router's settings.",
        wps_enabled: false,
        steps: &[Step::PressRouterButtonAndRead, Step::StartPushButtonAndWait, Step::FixRouter],
        lesson: "WPS has to be switched on in the router's wireless settings before either button or PIN can work.",
        ..BASE
    },
    Scenario {
        id: "wpa3-only",
        title: "WPA3-only router",
        summary: "Many routers hide WPS in WPA3-only mode (a vendor choice, not a protocol rule).",
        security: Security::Wpa3Personal,
        steps: &[Step::PressRouterButtonAndRead, Step::StartPushButtonAndWait, Step::FixRouter],
        lesson: "This router offers WPS only in WPA2 or WPA2/WPA3 mixed mode. That is this vendor's rule; the WPS protocol itself allows it.",
        ..BASE
    },
    Scenario {
        id: "out-of-range",
        title: "Router out of reach",
        summary: "The printer is too far from the router; nothing arrives.",
        out_of_range: true,
        steps: &[Step::PressRouterButton, Step::StartPushButtonAndWaitItOut],
        lesson: "Both sides give up after the walk time ({walk}). Move the printer closer to the router and try again.",
        ..BASE
    },
    Scenario {
        id: "weak-signal",
        title: "A weak signal",
        summary: "The printer is at the edge of the router's reach: now and then a frame is lost.",
        weak_signal: &[MsgType::M3, MsgType::M6],
        steps: &[Step::RouterThenPrinter, Step::Watch(Watch::LostFrame), Step::Watch(Watch::StillJoins)],
        lesson: "On a weak signal frames get lost. Each side sends its last message again after 5 seconds, up to 5 times; if it keeps failing, move the printer closer to the router.",
        ..BASE
    },
    Scenario {
        id: "password-changed",
        title: "The Wi-Fi password was changed",
        summary: "The printer was set up before the router's password changed: now it cannot connect.",
        printer_remembers: Some("old-garden-1170"),
        steps: &[Step::Watch(Watch::OldPasswordRefused), Step::PrinterThenRouter, Step::Watch(Watch::NewPasswordJoins)],
        lesson: "A printer keeps the Wi-Fi password it was set up with. When the router's password changes, set the printer up again: WPS hands it the new one.",
        ..BASE
    },
    Scenario {
        id: "too-late",
        title: "Router not pressed in time",
        summary: "The printer waits out its walk time for the router's button, which nobody presses.",
        steps: &[Step::StartPushButton, Step::Watch(Watch::WalkTimeRunsOut)],
        lesson: "The printer waits {walk} (the walk time). Press the router's button sooner next time.",
        leave_router_alone: true,
        ..BASE
    },
    Scenario {
        id: "pin-expired",
        title: "The PIN runs out",
        summary: "A PIN shown and left: it is valid for a limited time, then erased.",
        steps: &[Step::ShowPin, Step::Watch(Watch::PinRunsOut)],
        lesson: "A printer's PIN is valid for {pin} only, then it is erased. Show it when you are at the router, ready to type it, or choose PIN again for a new one.",
        leave_router_alone: true,
        ..BASE
    },
    Scenario {
        id: "pin-typo",
        title: "PIN typo caught by the check digit",
        summary: "The PIN is typed at the router with one wrong digit.",
        pin_mistake: Some(PinMistake::Typo),
        steps: &[Step::ShowPin, Step::ConnectTypedPin(PinMistake::Typo)],
        lesson: "The last digit of a WPS PIN is a check digit: the router's page catches most typos before sending anything.",
        ..BASE
    },
    Scenario {
        id: "wrong-pin",
        title: "A valid but wrong PIN",
        summary: "A PIN with a valid check digit but the wrong last four digits.",
        pin_mistake: Some(PinMistake::WrongSecondHalf),
        steps: &[Step::ShowPin, Step::ConnectTypedPin(PinMistake::WrongSecondHalf), Step::Watch(Watch::RefusedAfterM6)],
        lesson: "The two halves of the PIN are checked one after the other: a wrong second half fails after M6.",
        ..BASE
    },
    Scenario {
        id: "computer",
        title: "PIN typed at the computer",
        summary: "Type the printer's PIN into the computer's \"Add a device\" window, not the router's page.",
        computer: Some(Seat::Home),
        steps: &[Step::ShowPin, Step::TypePinAtComputer, Step::Watch(Watch::Registration)],
        lesson: "The computer is the registrar here: it found the router by UPnP, heard the printer's M1 through it, proved the PIN (M2 to M8, relayed by the router) and handed over the router's network.",
        ..BASE
    },
    Scenario {
        id: "computer-ap-pin",
        title: "Computer: router's own PIN off",
        summary: "The computer finds the router, but the router lets no computer add devices while its own PIN (AP PIN) is off.",
        computer: Some(Seat::Home),
        ap_pin: false,
        steps: &[Step::LetComputerIn, Step::ShowPin, Step::TypePinAtComputer, Step::Watch(Watch::Registration)],
        lesson: "A router lets a computer act as registrar only with its own PIN (the AP PIN, on its label) switched on: that PIN is the router's, never the printer's.",
        ..BASE
    },
    Scenario {
        id: "computer-upnp-off",
        title: "Computer: UPnP off at the router",
        summary: "The computer's \"Add a device\" finds nothing: the router does not answer on the network.",
        computer: Some(Seat::Home),
        upnp: false,
        steps: &[Step::LetComputerIn, Step::ShowPin, Step::TypePinAtComputer, Step::Watch(Watch::Registration)],
        lesson: "A computer finds the router by UPnP: with it off, the computer hears nothing. Switch it on, or type the PIN at the router's page instead.",
        ..BASE
    },
    Scenario {
        id: "computer-guest",
        title: "Computer on the guest network",
        summary: "The computer is on the router's guest network, which is kept apart from the router's own.",
        computer: Some(Seat::Guest),
        steps: &[Step::LetComputerIn, Step::ShowPin, Step::TypePinAtComputer, Step::Watch(Watch::Registration)],
        lesson: "A guest network is walled off from the router and its devices: the computer must be on the home network to add a device.",
        ..BASE
    },
    Scenario {
        id: "support-scam",
        title: "A fake support pop-up",
        summary: "A pop-up asks you to call 'support' for your PIN. Nobody needs to be called.",
        scam_popup: true,
        steps: &[Step::ClosePopup, Step::ShowPin],
        lesson: "The WPS PIN always comes from your own printer: its screen, or a page it prints. Real support never asks you to call for it.",
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
            upnp_on: self.upnp,
            ap_pin_on: self.ap_pin,
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

pub fn scenario(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.id.eq_ignore_ascii_case(id))
}

/// The number the fake pop-up shows: in 555-0100..555-0199, reserved for fiction.
pub const FICTIONAL_NUMBER: &str = "555-0142";
