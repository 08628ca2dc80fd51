//! What an exercise's goal and items are made of: conditions over the panel's typed state
//! (the printer's link and how it got its network, the router's settings and what its owner
//! did, what the learner has seen happen), never over words on the screen.

use std::time::Duration;

use serde::Deserialize;

use crate::app::App;
use crate::app::printer::{Link, Outcome, PasswordSource, WpsMethod};
use crate::sim::models::Security;
use crate::wps::time::Time;

/// How the printer must be connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Connection {
    /// Any way.
    Any,
    /// By WPS, push button or PIN.
    Wps,
    Pin,
    PushButton,
    /// With the password typed in the printer's wizard.
    Typed,
}

/// Something the learner must have seen happen on the printer or the router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sight {
    Overlap,
    Timeout,
    PinExpired,
    WrongPin,
    /// The router's page refused a PIN by its check digit.
    TypoCaught,
    /// The printer's join refused at the 4-way handshake.
    WrongPassword,
}

impl Sight {
    /// What the printer's outcome shows, if it is one of these.
    pub fn of(outcome: &Outcome) -> Option<Sight> {
        Some(match outcome {
            Outcome::Overlap => Sight::Overlap,
            Outcome::Timeout => Sight::Timeout,
            Outcome::PinExpired => Sight::PinExpired,
            Outcome::WrongPin { .. } => Sight::WrongPin,
            Outcome::WrongPassword(_) => Sight::WrongPassword,
            _ => return None,
        })
    }

    fn words(self) -> &'static str {
        match self {
            Sight::Overlap => "the router refusing two devices pushing at once",
            Sight::Timeout => "the walk time running out",
            Sight::PinExpired => "the PIN running out",
            Sight::WrongPin => "a wrong PIN refused",
            Sight::TypoCaught => "a mistyped PIN caught by its check digit",
            Sight::WrongPassword => "a wrong Wi-Fi password refused",
        }
    }
}

/// What a sitting has on record, beyond the panel's state: what the learner saw, the help
/// they took, when they started.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub seen: &'a [Sight],
    /// Hints taken and guide openings, together.
    pub help_taken: u32,
    pub started: Time,
}

/// One typed condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// The printer on the network and in the router's client list, got this way.
    Connected(Connection),
    RouterSecurity(Security),
    /// The router can run WPS (switched on, and not made impossible by its other settings).
    RouterWps(bool),
    RouterNameVisible(bool),
    Seen(Sight),
    PinsTypedAtMost(u32),
    SettingsSavedAtMost(u32),
    SettingsSavedAtLeast(u32),
    RouterButtonAtMost(u32),
    /// Hints taken and guide openings together.
    HintsAtMost(u32),
    /// The fake support pop-up closed (nobody called), or still open.
    PopupClosed(bool),
    /// The goal reached within this long.
    WithinSeconds(Duration),
}

impl Condition {
    /// A limit ("at most"): met only once the goal is reached, or doing nothing would meet it.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            Condition::PinsTypedAtMost(_)
                | Condition::SettingsSavedAtMost(_)
                | Condition::RouterButtonAtMost(_)
                | Condition::HintsAtMost(_)
                | Condition::WithinSeconds(_)
        )
    }

    /// Whether it holds on `app` as it is now, with `record`, the goal reached at `reached`.
    pub fn holds(&self, app: &App, record: Record<'_>, reached: Option<Time>) -> bool {
        let (p, r) = (app.printer(), app.router());
        if self.is_limit() && reached.is_none() {
            return false;
        }
        match *self {
            Condition::Connected(how) => {
                let on = matches!(p.link, Link::Connected { .. }) && r.clients.iter().any(|c| c.mac == p.mac);
                let wps = p.password_from == PasswordSource::Wps;
                on && match how {
                    Connection::Any => true,
                    Connection::Wps => wps,
                    Connection::Pin => wps && p.credential_by == Some(WpsMethod::Pin),
                    Connection::PushButton => wps && p.credential_by == Some(WpsMethod::PushButton),
                    Connection::Typed => p.password_from == PasswordSource::Typed,
                }
            }
            Condition::RouterSecurity(s) => r.setup.security == s,
            Condition::RouterWps(on) => (r.setup.wps_enabled && r.setup.wps_unavailable().is_none()) == on,
            Condition::RouterNameVisible(visible) => r.setup.hidden_ssid != visible,
            Condition::Seen(sight) => record.seen.contains(&sight),
            Condition::PinsTypedAtMost(n) => r.tally.pins_typed <= n,
            Condition::SettingsSavedAtMost(n) => r.tally.settings_saved <= n,
            Condition::SettingsSavedAtLeast(n) => r.tally.settings_saved >= n,
            Condition::RouterButtonAtMost(n) => r.tally.button_presses <= n,
            Condition::HintsAtMost(n) => record.help_taken <= n,
            Condition::PopupClosed(closed) => app.scam_popup() != closed,
            Condition::WithinSeconds(limit) => reached.is_some_and(|t| t.saturating_sub(record.started) <= limit),
        }
    }

    /// In plain words, for the trainer's check and a learner's sheet.
    pub fn words(&self) -> String {
        match *self {
            Condition::Connected(Connection::Any) => "the printer connected and listed by the router".into(),
            Condition::Connected(Connection::Wps) => "the printer connected by WPS".into(),
            Condition::Connected(Connection::Pin) => "the printer connected by WPS with its PIN".into(),
            Condition::Connected(Connection::PushButton) => "the printer connected by WPS push button".into(),
            Condition::Connected(Connection::Typed) => "the printer connected with the password typed on it".into(),
            Condition::RouterSecurity(s) => format!("the router on {}", s.label()),
            Condition::RouterWps(true) => "WPS able to run on the router".into(),
            Condition::RouterWps(false) => "WPS off on the router".into(),
            Condition::RouterNameVisible(true) => "the network name visible".into(),
            Condition::RouterNameVisible(false) => "the network name hidden".into(),
            Condition::Seen(s) => format!("seen: {}", s.words()),
            Condition::PinsTypedAtMost(n) => format!("the PIN typed at the router at most {}", times(n)),
            Condition::SettingsSavedAtMost(n) => format!("the router's settings saved at most {}", times(n)),
            Condition::SettingsSavedAtLeast(n) => format!("the router's settings saved at least {}", times(n)),
            Condition::RouterButtonAtMost(n) => format!("the router's WPS button pressed at most {}", times(n)),
            Condition::HintsAtMost(n) => format!("at most {n} hints (the guide counts as one each time)"),
            Condition::PopupClosed(true) => "the support pop-up closed, nobody called".into(),
            Condition::PopupClosed(false) => "the support pop-up still open".into(),
            Condition::WithinSeconds(d) => format!("done within {}", crate::format::span(d)),
        }
    }
}

fn times(n: u32) -> String {
    match n {
        1 => "once".into(),
        2 => "twice".into(),
        n => format!("{n} times"),
    }
}
