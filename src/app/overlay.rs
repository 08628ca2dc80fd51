//! What opens over the panel: the help, the scenario picker, the router's settings page and
//! the scenario's fake support pop-up. One stack: the top one takes the keys, each owns its
//! selection and scroll and handles its own actions (its keys are its table in
//! `keys::layers`); the view draws them bottom to top. Only one of each kind is ever open.

use super::action::PanelAction;
use super::engine::Command;
use super::picker::Picker;
use super::settings::RouterSettings;
use super::{App, Focus, HelpPage};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The scenario's fake "support" pop-up.
    ScamPopup,
    /// The help's page, and how far it is scrolled (a small terminal shows part of it).
    Help {
        page: HelpPage,
        scroll: u16,
    },
    Scenarios(Picker),
    RouterSettings(RouterSettings),
    /// The label under the router: its network, password, admin login and own PIN.
    RouterLabel,
    /// The exercise being sat: its instructions, time, hints and "Check results".
    Exercise,
}

/// How far the help scrolls at most (its longest page in the smallest terminal).
const HELP_SCROLL_MAX: u16 = 60;

impl Overlay {
    fn is_help(&self) -> bool {
        matches!(self, Overlay::Help { .. })
    }
}

impl App {
    /// Opens `overlay` on top. The help gives way to what is opened from it, and a kind
    /// already open is replaced rather than stacked again.
    pub(super) fn open(&mut self, overlay: Overlay) {
        if self.overlays.last().is_some_and(Overlay::is_help) {
            self.overlays.pop();
        }
        let kind = std::mem::discriminant(&overlay);
        self.overlays.retain(|o| std::mem::discriminant(o) != kind);
        self.overlays.push(overlay);
    }

    pub(super) fn close(&mut self, which: impl Fn(&Overlay) -> bool) {
        self.overlays.retain(|o| !which(o));
    }

    fn help_mut(&mut self) -> Option<(&mut HelpPage, &mut u16)> {
        self.overlays.iter_mut().find_map(|o| match o {
            Overlay::Help { page, scroll } => Some((page, scroll)),
            _ => None,
        })
    }

    fn picker_mut(&mut self) -> Option<&mut Picker> {
        self.overlays.iter_mut().find_map(|o| match o {
            Overlay::Scenarios(p) => Some(p),
            _ => None,
        })
    }

    fn settings_mut(&mut self) -> Option<&mut RouterSettings> {
        self.overlays.iter_mut().find_map(|o| match o {
            Overlay::RouterSettings(s) => Some(s),
            _ => None,
        })
    }

    /// The overlays' own actions. Returns false for an action that is not theirs.
    pub(super) fn overlay_action(&mut self, action: PanelAction, commands: &mut Vec<Command>) -> bool {
        match action {
            // `?` shows the keys, the questions people arrive with, the messages' legend, then closes.
            PanelAction::ToggleHelp => {
                let next = match self.help().map(|(page, _)| page) {
                    None => Some(HelpPage::Keys),
                    Some(HelpPage::Keys) => Some(HelpPage::Questions),
                    Some(HelpPage::Questions) => Some(HelpPage::Messages),
                    Some(HelpPage::Messages) => None,
                };
                match next {
                    Some(page) => match self.help_mut() {
                        Some((p, scroll)) => (*p, *scroll) = (page, 0),
                        None => self.overlays.push(Overlay::Help { page, scroll: 0 }),
                    },
                    None => self.close(Overlay::is_help),
                }
            }
            PanelAction::CloseHelp => self.close(Overlay::is_help),
            PanelAction::HelpUp => self.help_mut().into_iter().for_each(|(_, s)| *s = s.saturating_sub(1)),
            PanelAction::HelpDown => {
                self.help_mut().into_iter().for_each(|(_, s)| *s = (*s + 1).min(HELP_SCROLL_MAX));
            }
            PanelAction::DismissPopup => self.close(|o| *o == Overlay::ScamPopup),
            PanelAction::ToggleLabel => {
                if self.overlays.contains(&Overlay::RouterLabel) {
                    self.close(|o| *o == Overlay::RouterLabel);
                } else {
                    self.open(Overlay::RouterLabel);
                }
            }
            PanelAction::OpenScenarios => self.open(Overlay::Scenarios(Picker::open(self.scenario()))),
            PanelAction::PickerUp => self.picker_mut().into_iter().for_each(Picker::up),
            PanelAction::PickerDown => self.picker_mut().into_iter().for_each(Picker::down),
            PanelAction::PickerClose => self.close(|o| matches!(o, Overlay::Scenarios(_))),
            PanelAction::PickerChoose => {
                if let Some(p) = self.picker() {
                    self.start_scenario(p.chosen());
                }
            }
            PanelAction::OpenRouterSettings => {
                self.focus = Focus::Router;
                self.open(Overlay::RouterSettings(RouterSettings::open(&self.router.setup)));
            }
            PanelAction::SettingsUp => self.settings_mut().into_iter().for_each(RouterSettings::up),
            PanelAction::SettingsDown => self.settings_mut().into_iter().for_each(RouterSettings::down),
            PanelAction::SettingsLeft => self.settings_mut().into_iter().for_each(|s| s.change(false)),
            PanelAction::SettingsRight => self.settings_mut().into_iter().for_each(|s| s.change(true)),
            // Enter saves from any line, as the page's key line says and a form does; the
            // values change with the arrows and Space.
            PanelAction::SettingsEnter => {
                if let Some(s) = self.settings_mut() {
                    let draft = s.draft.clone();
                    self.close(|o| matches!(o, Overlay::RouterSettings(_)));
                    self.router.apply_setup(draft, commands);
                    self.hear_networks();
                }
            }
            PanelAction::SettingsClose => self.close(|o| matches!(o, Overlay::RouterSettings(_))),
            _ => return false,
        }
        true
    }

    // --- what the view and the tests read ------------------------------------------------

    /// What the label under the router says. Its Wi-Fi password is the one the router left
    /// the factory with: in a story where the password was changed since, the old one (the
    /// trap: the label is not the network's password any more).
    pub fn router_label(&self) -> RouterLabelText {
        let world = self.world();
        let setup = &self.router().setup;
        RouterLabelText {
            model: crate::sim::models::ROUTER.name,
            model_number: crate::sim::models::ROUTER.model_number,
            ssid: setup.ssid.clone(),
            passphrase: self.scenario().printer_remembers.map_or_else(|| setup.passphrase.to_string(), str::to_string),
            admin_url: format!("http://{}", crate::sim::models::ROUTER.lan_address),
            admin_password: world.admin_password.clone(),
            ap_pin: world.ap_pin.grouped(),
        }
    }

    /// The overlays open now, bottom to top.
    pub fn overlays(&self) -> &[Overlay] {
        &self.overlays
    }

    /// The help's page and scroll, while it is open.
    pub fn help(&self) -> Option<(HelpPage, u16)> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Help { page, scroll } => Some((*page, *scroll)),
            _ => None,
        })
    }

    pub fn picker(&self) -> Option<Picker> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::Scenarios(p) => Some(*p),
            _ => None,
        })
    }

    pub fn router_settings(&self) -> Option<&RouterSettings> {
        self.overlays.iter().find_map(|o| match o {
            Overlay::RouterSettings(s) => Some(s),
            _ => None,
        })
    }

    pub fn scam_popup(&self) -> bool {
        self.overlays.contains(&Overlay::ScamPopup)
    }
}

/// The label under the router, as printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterLabelText {
    pub model: &'static str,
    pub model_number: &'static str,
    pub ssid: String,
    pub passphrase: String,
    pub admin_url: String,
    pub admin_password: String,
    /// The router's own WPS PIN ("1234-5670").
    pub ap_pin: String,
}
