//! The keys of what opens over the panel (the scenario list, the router's settings, the
//! help, the fake support pop-up) and of the message inspector: one table each, which input
//! reads to turn keys into actions, the layer draws its hint line from, and the help and the
//! README list. What a key not in the table does is the layer's too: some of the panel's keys
//! pass through (quit always), any other key closes the layer.

use crate::keys::event::KeyCode;

use crate::app::overlay::Overlay;
use crate::app::{Action, PanelAction as Pa};

/// What takes the keys before the panel does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Scenarios,
    RouterSettings,
    Help,
    ScamPopup,
    RouterLabel,
    Inspector,
    Exercise,
}

/// One row: the keys as people read them, a short label for the layer's hint line (none
/// when the row is not worth the room), what it does in the help's words, what it matches
/// (↑ and ↓ are one row, each key with its own action).
pub struct LayerRow {
    pub keys: &'static str,
    pub label: Option<&'static str>,
    pub does: &'static str,
    /// Each key it matches, with what that key does.
    pub presses: &'static [(KeyCode, Pa)],
}

pub struct LayerKeys {
    pub layer: Layer,
    /// Where the help lists the rows: "In the scenario list".
    pub heading: &'static str,
    pub rows: &'static [LayerRow],
    /// The panel's keys that still do what they do elsewhere.
    pub passes: &'static [Pa],
    /// What any other key does.
    pub otherwise: Pa,
}

use KeyCode::{Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up};

pub const LAYERS: &[LayerKeys] = &[
    LayerKeys {
        layer: Layer::Scenarios,
        heading: "In the scenario list",
        rows: &[
            LayerRow {
                keys: "↑↓",
                label: Some("choose"),
                does: "choose a scenario (also ← →, h j k l)",
                presses: &[
                    (Up, Pa::PickerUp),
                    (Left, Pa::PickerUp),
                    (Char('k'), Pa::PickerUp),
                    (Char('h'), Pa::PickerUp),
                    (Down, Pa::PickerDown),
                    (Right, Pa::PickerDown),
                    (Char('j'), Pa::PickerDown),
                    (Char('l'), Pa::PickerDown),
                ],
            },
            LayerRow {
                keys: "Enter",
                label: Some("start it"),
                does: "start it: the printer and the router start fresh",
                presses: &[(Enter, Pa::PickerChoose)],
            },
            LayerRow { keys: "Esc", label: Some("close"), does: "close the list", presses: &[(Esc, Pa::PickerClose)] },
        ],
        passes: &[Pa::Quit],
        otherwise: Pa::PickerClose,
    },
    LayerKeys {
        layer: Layer::RouterSettings,
        heading: "In the router's settings",
        rows: &[
            LayerRow {
                keys: "↑↓",
                label: Some("choose"),
                does: "choose a setting (also Tab, j k)",
                presses: &[
                    (Up, Pa::SettingsUp),
                    (Char('k'), Pa::SettingsUp),
                    (Down, Pa::SettingsDown),
                    (Tab, Pa::SettingsDown),
                    (Char('j'), Pa::SettingsDown),
                ],
            },
            LayerRow {
                keys: "←→",
                label: Some("change"),
                does: "change its value (also Space, h l)",
                presses: &[
                    (Left, Pa::SettingsLeft),
                    (Char('h'), Pa::SettingsLeft),
                    (Right, Pa::SettingsRight),
                    (Char('l'), Pa::SettingsRight),
                    (Char(' '), Pa::SettingsRight),
                ],
            },
            LayerRow {
                keys: "Enter",
                label: Some("save"),
                does: "save the settings, from any row",
                presses: &[(Enter, Pa::SettingsEnter)],
            },
            LayerRow {
                keys: "Esc",
                label: Some("close"),
                does: "close without saving",
                presses: &[(Esc, Pa::SettingsClose)],
            },
        ],
        passes: &[Pa::Quit, Pa::ToggleMask],
        otherwise: Pa::SettingsClose,
    },
    LayerKeys {
        layer: Layer::Help,
        heading: "In this help",
        rows: &[
            LayerRow {
                keys: "↑↓",
                label: Some("scroll"),
                does: "scroll a page taller than the window (also PgUp PgDn, j k)",
                presses: &[
                    (Up, Pa::HelpUp),
                    (Char('k'), Pa::HelpUp),
                    (PageUp, Pa::HelpUp),
                    (Down, Pa::HelpDown),
                    (Char('j'), Pa::HelpDown),
                    (PageDown, Pa::HelpDown),
                ],
            },
            LayerRow {
                keys: "?",
                label: None,
                does: "the next page: keys, the questions people ask, the messages",
                presses: &[(Char('?'), Pa::ToggleHelp)],
            },
        ],
        passes: &[Pa::Quit, Pa::ToggleHelp, Pa::SaveCapture, Pa::OpenScenarios, Pa::ToggleGuide],
        otherwise: Pa::CloseHelp,
    },
    LayerKeys {
        layer: Layer::ScamPopup,
        heading: "Over the support pop-up",
        rows: &[LayerRow {
            keys: "any key",
            label: None,
            does: "close it: the one thing not to do is call the number (? opens the help over it)",
            presses: &[],
        }],
        passes: &[Pa::Quit, Pa::ToggleHelp],
        otherwise: Pa::DismissPopup,
    },
    LayerKeys {
        layer: Layer::RouterLabel,
        heading: "Over the router's label",
        rows: &[LayerRow {
            keys: "any key",
            label: Some("puts it away"),
            does: "put it away (* hides its passwords while projecting)",
            presses: &[],
        }],
        passes: &[Pa::Quit, Pa::ToggleHelp, Pa::ToggleMask],
        otherwise: Pa::ToggleLabel,
    },
    LayerKeys {
        layer: Layer::Inspector,
        heading: "In the message inspector",
        rows: &[
            LayerRow {
                keys: "↑↓",
                label: Some("message"),
                does: "the message before or after (also j k)",
                presses: &[
                    (Up, Pa::InspectPrevious),
                    (Char('k'), Pa::InspectPrevious),
                    (Down, Pa::InspectNext),
                    (Char('j'), Pa::InspectNext),
                ],
            },
            LayerRow {
                keys: "Home End",
                label: None,
                does: "the first message, or the newest (also g G)",
                presses: &[
                    (Home, Pa::InspectFirst),
                    (Char('g'), Pa::InspectFirst),
                    (End, Pa::InspectNewest),
                    (Char('G'), Pa::InspectNewest),
                ],
            },
            LayerRow {
                keys: "PgUp PgDn",
                label: Some("text"),
                does: "scroll its text",
                presses: &[(PageUp, Pa::InspectPageUp), (PageDown, Pa::InspectPageDown)],
            },
            LayerRow {
                keys: "r",
                label: None,
                does: "play an encrypted data frame (DHCP) again, as a radio that recorded it would: the receiver's replay check drops it",
                presses: &[(Char('r'), Pa::InspectReplay)],
            },
            LayerRow {
                keys: "Esc",
                label: Some("close"),
                does: "close it (so does any key but the trainer's, the help and quit)",
                presses: &[(Esc, Pa::ToggleInspector)],
            },
        ],
        passes: &[
            Pa::Quit,
            Pa::ToggleHelp,
            Pa::ToggleInspector,
            Pa::TogglePause,
            Pa::StepFrame,
            Pa::Slower,
            Pa::Faster,
            Pa::ToggleMask,
        ],
        otherwise: Pa::ToggleInspector,
    },
    LayerKeys {
        layer: Layer::Exercise,
        heading: "Over the exercise's sheet",
        rows: &[
            LayerRow {
                keys: "H",
                label: Some("hint"),
                does: "the next hint, for the points it costs (the sheet says how many)",
                presses: &[(Char('H'), Pa::ExerciseHint)],
            },
            LayerRow {
                keys: "X, Esc",
                label: Some("back to the panel"),
                does: "put the sheet away (X brings it back, with the results so far)",
                presses: &[(Char('X'), Pa::ToggleExercise), (Esc, Pa::ToggleExercise)],
            },
        ],
        passes: &[Pa::Quit, Pa::ToggleHelp, Pa::ToggleMask],
        otherwise: Pa::ToggleExercise,
    },
];

impl Layer {
    /// Whose keys these are while `overlay` is on top.
    pub fn of(overlay: &Overlay) -> Layer {
        match overlay {
            Overlay::ScamPopup => Layer::ScamPopup,
            Overlay::Help { .. } => Layer::Help,
            Overlay::Scenarios(_) => Layer::Scenarios,
            Overlay::RouterSettings(_) => Layer::RouterSettings,
            Overlay::RouterLabel => Layer::RouterLabel,
            Overlay::Exercise => Layer::Exercise,
        }
    }

    pub fn keys(self) -> &'static LayerKeys {
        LAYERS.iter().find(|l| l.layer == self).expect("every layer has its keys")
    }

    /// What `code` does while this layer is on top; `bound` is what the panel's key table
    /// says it does elsewhere.
    pub fn action(self, code: KeyCode, bound: Option<Action>) -> Action {
        let keys = self.keys();
        if let Some((_, action)) = keys.rows.iter().flat_map(|r| r.presses).find(|(k, _)| *k == code) {
            return Action::Panel(*action);
        }
        match bound {
            Some(Action::Panel(a)) if keys.passes.contains(&a) => Action::Panel(a),
            _ => Action::Panel(keys.otherwise),
        }
    }

    /// The hint line's labels, in table order: `↑↓ choose`, `Enter save`, `Esc close`.
    pub fn hints(self) -> Vec<String> {
        self.keys().rows.iter().filter_map(|r| r.label.map(|l| format!("{} {l}", r.keys))).collect()
    }

    /// The hint line's keys alone, for a narrow window: `↑↓`, `Enter`, `Esc`.
    pub fn hint_keys(self) -> Vec<&'static str> {
        self.keys().rows.iter().filter(|r| r.label.is_some()).map(|r| r.keys).collect()
    }
}
