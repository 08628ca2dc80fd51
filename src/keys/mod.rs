//! Every key, in one table: input reads it to turn keys into actions, the help overlay and
//! the README list it, the footer picks its short labels from it, and the printer's
//! buttons take their key hints from it.

use crate::keys::event::KeyCode;

pub mod event;
pub mod layers;

use crate::app::computer::ComputerAction;
use crate::app::router::Control;
use crate::app::{Action, PanelAction, PrinterAction, RouterAction};

/// Where a key works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Anywhere,
    /// While the printer has the focus.
    Printer,
    /// While the router has the focus.
    Router,
    /// While the computer's window has the focus.
    Computer,
}

/// What a key matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Key(KeyCode),
    /// A character of a PIN: a digit, a dash or a space.
    PinChar,
}

/// What a matching key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// Types the character into the router's PIN field.
    TypePin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub press: Press,
    pub scope: Scope,
    pub does: Does,
}

/// Which part of the footer a short label belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Footer {
    /// Keys of the printer with a screen, while it has the focus.
    Printer,
    /// Keys of the printer without a screen, while it has the focus.
    Screenless,
    /// Keys of the touchscreen printer (the arrows and Enter stand for tapping), with the focus.
    Touch,
    /// Keys of the router's page, while it has the focus.
    Router,
    /// Keys of the computer's window, while it has the focus.
    Computer,
    /// Always shown.
    Common,
}

/// One row of the help: the keys as people read them, what they do, how they match.
pub struct KeyRow {
    pub keys: &'static str,
    pub does: &'static str,
    pub bindings: &'static [Binding],
    pub footer: &'static [(Footer, &'static str)],
}

const fn bind(key: KeyCode, scope: Scope, action: Action) -> Binding {
    Binding { press: Press::Key(key), scope, does: Does::Act(action) }
}

const fn printer(key: KeyCode, a: PrinterAction) -> Binding {
    bind(key, Scope::Printer, Action::Printer(a))
}

const fn router(key: KeyCode, a: RouterAction) -> Binding {
    bind(key, Scope::Router, Action::Router(a))
}

const fn computer(key: KeyCode, a: ComputerAction) -> Binding {
    bind(key, Scope::Computer, Action::Computer(a))
}

const fn anywhere(key: KeyCode, a: Action) -> Binding {
    bind(key, Scope::Anywhere, a)
}

const fn ch(c: char) -> KeyCode {
    KeyCode::Char(c)
}

use PanelAction as Pa;
use PrinterAction as P;
use RouterAction as R;

/// Every key of the panel. Within a row, the key a printer button shows as its hint comes first.
pub const KEYS: &[KeyRow] = &[
    KeyRow {
        keys: "Tab / Shift-Tab",
        does: "switch between the printer and the router (and the computer, in its scenarios)",
        bindings: &[
            anywhere(KeyCode::Tab, Action::Panel(Pa::FocusNext)),
            anywhere(KeyCode::BackTab, Action::Panel(Pa::FocusNext)),
        ],
        footer: &[(Footer::Common, "Tab pane")],
    },
    KeyRow {
        keys: "↑ ↓ ← →, h j k l",
        does: "move in the printer's menu / the router's page",
        bindings: &[
            printer(ch('k'), P::Up),
            printer(KeyCode::Up, P::Up),
            printer(ch('j'), P::Down),
            printer(KeyCode::Down, P::Down),
            printer(ch('h'), P::Left),
            printer(KeyCode::Left, P::Left),
            printer(ch('l'), P::Right),
            printer(KeyCode::Right, P::Right),
            router(KeyCode::Up, R::Previous),
            router(ch('k'), R::Previous),
            router(KeyCode::Left, R::Previous),
            router(KeyCode::Down, R::Next),
            router(ch('j'), R::Next),
            router(KeyCode::Right, R::Next),
            computer(KeyCode::Up, ComputerAction::Up),
            computer(ch('k'), ComputerAction::Up),
            computer(KeyCode::Down, ComputerAction::Down),
            computer(ch('j'), ComputerAction::Down),
        ],
        footer: &[(Footer::Printer, "↑↓ Enter Esc"), (Footer::Touch, "←→↑↓ Enter Esc"), (Footer::Router, "↑↓ Enter")],
    },
    KeyRow {
        keys: "Enter",
        does: "OK on the printer; press the selected router control",
        bindings: &[
            printer(KeyCode::Enter, P::Ok),
            printer(ch(' '), P::Ok),
            router(KeyCode::Enter, R::Activate),
            computer(KeyCode::Enter, ComputerAction::Ok),
        ],
        footer: &[],
    },
    KeyRow {
        keys: "Esc, Backspace",
        does: "Back on the printer (Backspace deletes in the PIN field)",
        bindings: &[
            printer(KeyCode::Esc, P::Back),
            printer(KeyCode::Backspace, P::Back),
            router(KeyCode::Backspace, R::Backspace),
            bind(KeyCode::Esc, Scope::Router, Action::Panel(Pa::FocusPrinter)),
            computer(KeyCode::Backspace, ComputerAction::Backspace),
            computer(KeyCode::Esc, ComputerAction::Back),
        ],
        footer: &[],
    },
    KeyRow {
        keys: "g, Home",
        does: "the printer's Home button",
        bindings: &[printer(ch('g'), P::Home), printer(KeyCode::Home, P::Home)],
        footer: &[(Footer::Printer, "g home"), (Footer::Touch, "g home")],
    },
    KeyRow {
        keys: "x, Delete",
        does: "the printer's Cancel button",
        bindings: &[printer(ch('x'), P::Cancel), printer(KeyCode::Delete, P::Cancel)],
        footer: &[(Footer::Printer, "x cancel"), (Footer::Screenless, "x cancel"), (Footer::Touch, "x cancel")],
    },
    KeyRow {
        keys: "w",
        does: "the printer's Wi-Fi button: tap for status, hold 3 s for WPS",
        bindings: &[anywhere(ch('w'), Action::Printer(P::WifiPress))],
        footer: &[(Footer::Printer, "w/W Wi-Fi"), (Footer::Screenless, "w/W Wi-Fi")],
    },
    KeyRow {
        keys: "W",
        does: "hold the Wi-Fi button for 3 s in one key (for tmux and VHS)",
        bindings: &[anywhere(ch('W'), Action::Printer(P::WifiHold))],
        footer: &[],
    },
    KeyRow {
        keys: "b",
        does: "the router's WPS button",
        bindings: &[anywhere(ch('b'), Action::Router(R::WpsButton)), anywhere(ch('B'), Action::Router(R::WpsButton))],
        footer: &[(Footer::Common, "b router WPS")],
    },
    KeyRow {
        keys: "0-9, -, space",
        does: "type a PIN into the router's page (p selects Push Button)",
        bindings: &[
            Binding { press: Press::PinChar, scope: Scope::Router, does: Does::TypePin },
            Binding { press: Press::PinChar, scope: Scope::Computer, does: Does::TypePin },
            // Typed at the printer, a PIN goes nowhere: the footer says where it should go.
            Binding {
                press: Press::PinChar,
                scope: Scope::Printer,
                does: Does::Act(Action::Panel(Pa::DigitOnPrinter)),
            },
            router(ch('p'), R::Select(Control::PushButton)),
        ],
        footer: &[
            (Footer::Router, "0-9 PIN"),
            (Footer::Router, "⌫ delete"),
            (Footer::Computer, "↑↓ Enter Esc"),
            (Footer::Computer, "0-9 PIN"),
        ],
    },
    KeyRow {
        keys: "r, o",
        does: "the computer's window (Tab to it, where there is one): search again, join the other network",
        bindings: &[computer(ch('r'), ComputerAction::SearchAgain), computer(ch('o'), ComputerAction::OtherNetwork)],
        footer: &[(Footer::Computer, "r search · o network")],
    },
    KeyRow {
        keys: "e",
        does: "router settings: security, hidden name, WPS, UPnP and the router's own PIN, on/off",
        bindings: &[
            anywhere(ch('e'), Action::Panel(Pa::OpenRouterSettings)),
            anywhere(ch('E'), Action::Panel(Pa::OpenRouterSettings)),
        ],
        // The footer has no room to spare; the guide names it when it is the fix.
        footer: &[],
    },
    KeyRow {
        keys: "n",
        does: "trainer: a neighbour's device presses WPS too (session overlap)",
        bindings: &[
            anywhere(ch('n'), Action::Panel(Pa::NeighbourPushes)),
            anywhere(ch('N'), Action::Panel(Pa::NeighbourPushes)),
        ],
        footer: &[],
    },
    KeyRow {
        keys: ", .",
        does: "trainer: pause the air and every timer; while paused, . sends the next frame",
        bindings: &[anywhere(ch(','), Action::Panel(Pa::TogglePause)), anywhere(ch('.'), Action::Panel(Pa::StepFrame))],
        footer: &[],
    },
    KeyRow {
        keys: "< >",
        does: "trainer: slow motion (half the speed) and back (twice)",
        bindings: &[anywhere(ch('<'), Action::Panel(Pa::Slower)), anywhere(ch('>'), Action::Panel(Pa::Faster))],
        footer: &[],
    },
    KeyRow {
        keys: "R",
        does: "trainer: rewind to just before the printer's last WPS attempt, to play it again",
        bindings: &[anywhere(ch('R'), Action::Panel(Pa::Rewind))],
        footer: &[],
    },
    KeyRow {
        keys: "m",
        does: "trainer: the message inspector (↑↓ a message, Esc closes it)",
        bindings: &[anywhere(ch('m'), Action::Panel(Pa::ToggleInspector))],
        footer: &[],
    },
    KeyRow {
        keys: "L",
        does: "the label under the router: network, Wi-Fi password, admin login, and the router's own PIN (not the printer's)",
        bindings: &[anywhere(ch('L'), Action::Panel(Pa::ToggleLabel))],
        footer: &[],
    },
    KeyRow {
        keys: "*",
        does: "trainer: class mode, passwords hidden on the screen while projecting (again: shown)",
        bindings: &[anywhere(ch('*'), Action::Panel(Pa::ToggleMask))],
        footer: &[],
    },
    KeyRow {
        keys: "PgUp PgDn, wheel",
        does: "scroll the event log back; the wheel scrolls the ladder too",
        bindings: &[
            anywhere(KeyCode::PageUp, Action::Panel(Pa::LogBack)),
            anywhere(KeyCode::PageDown, Action::Panel(Pa::LogForward)),
        ],
        footer: &[],
    },
    KeyRow {
        keys: "s",
        does: "pick a training scenario (the panel starts fresh)",
        bindings: &[
            anywhere(ch('s'), Action::Panel(Pa::OpenScenarios)),
            anywhere(ch('S'), Action::Panel(Pa::OpenScenarios)),
        ],
        footer: &[(Footer::Common, "s scenarios")],
    },
    KeyRow {
        keys: "X",
        does: "sitting an exercise (--exercise): its sheet, with the instructions, the time, hints and Check results",
        bindings: &[anywhere(ch('X'), Action::Panel(Pa::ToggleExercise))],
        footer: &[],
    },
    KeyRow { keys: "F2", does: "while recording (--record): put a Screenshot in the tape", bindings: &[], footer: &[] },
    KeyRow {
        keys: "c",
        does: "save what crossed the air as a pcap file, for Wireshark",
        bindings: &[anywhere(ch('c'), Action::Panel(Pa::SaveCapture))],
        footer: &[],
    },
    KeyRow {
        keys: "G",
        does: "show or hide the guide (next step, and why things happened)",
        bindings: &[anywhere(ch('G'), Action::Panel(Pa::ToggleGuide))],
        footer: &[(Footer::Common, "G guide")],
    },
    KeyRow {
        keys: "v",
        does: "small terminal (80 x 24): guide, ladder or log under the device",
        bindings: &[anywhere(ch('v'), Action::Panel(Pa::CycleBelow)), anywhere(ch('V'), Action::Panel(Pa::CycleBelow))],
        footer: &[],
    },
    KeyRow {
        keys: "i, I, P",
        does: "Info, Wi-Fi held with Info, and Power (a printer without a screen prints its report, or a page with a WPS PIN)",
        bindings: &[
            anywhere(ch('i'), Action::Printer(P::Info)),
            anywhere(ch('I'), Action::Printer(P::PinPage)),
            anywhere(ch('P'), Action::Printer(P::Power)),
        ],
        footer: &[(Footer::Screenless, "i info · I PIN · P power"), (Footer::Touch, "P power")],
    },
    KeyRow {
        keys: "mouse click",
        does: "press a drawn button or tap the touchscreen (off: --no-mouse)",
        bindings: &[],
        footer: &[],
    },
    KeyRow {
        keys: "?",
        does: "help: the keys, the questions people ask, what each message means",
        bindings: &[
            anywhere(ch('?'), Action::Panel(Pa::ToggleHelp)),
            anywhere(KeyCode::F(1), Action::Panel(Pa::ToggleHelp)),
        ],
        footer: &[(Footer::Common, "? help")],
    },
    KeyRow {
        keys: "Ctrl-Z",
        does: "back to the shell for a while (fg brings the panel back)",
        bindings: &[],
        footer: &[],
    },
    KeyRow {
        keys: "q, Ctrl-C",
        does: "quit",
        bindings: &[anywhere(ch('q'), Action::Panel(Pa::Quit))],
        footer: &[(Footer::Common, "q quit")],
    },
];

/// What a key does in this scope, if anything.
pub fn lookup(code: KeyCode, focus: Scope) -> Option<Action> {
    let matches = |b: &&Binding| match b.press {
        Press::Key(k) => k == code,
        Press::PinChar => matches!(code, KeyCode::Char(c) if c.is_ascii_digit() || c == '-' || c == ' '),
    };
    let in_scope = |b: &&Binding| b.scope == Scope::Anywhere || b.scope == focus;
    let binding = KEYS.iter().flat_map(|row| row.bindings).filter(in_scope).find(matches)?;
    match (binding.does, code) {
        (Does::Act(action), _) => Some(action),
        (Does::TypePin, KeyCode::Char(c)) if focus == Scope::Computer => {
            Some(Action::Computer(ComputerAction::Type(c)))
        }
        (Does::TypePin, KeyCode::Char(c)) => Some(Action::Router(R::Type(c))),
        (Does::TypePin, _) => None,
    }
}

/// The key a printer button's hint shows: the first one bound to what the button does.
pub fn hint(action: PrinterAction) -> String {
    KEYS.iter()
        .flat_map(|row| row.bindings)
        .filter(|b| b.scope != Scope::Router)
        .find(|b| b.does == Does::Act(Action::Printer(action)))
        .map(|b| match b.press {
            Press::Key(k) => key_name(k),
            Press::PinChar => "0-9".into(),
        })
        .unwrap_or_default()
}

fn key_name(code: KeyCode) -> String {
    match code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        other => other.to_string(),
    }
}

/// The footer's short labels for one part, in table order.
pub fn footer(part: Footer) -> Vec<&'static str> {
    KEYS.iter().flat_map(|row| row.footer).filter(|(p, _)| *p == part).map(|(_, label)| *label).collect()
}

/// The tables as the README shows them (Markdown): the panel's keys, then each layer's.
pub fn markdown() -> String {
    let mut out = String::from("| key | what it does |\n|---|---|\n");
    for row in KEYS {
        out.push_str(&format!("| {} | {} |\n", row.keys, row.does));
    }
    for layer in layers::LAYERS {
        out.push_str(&format!("\n{}:\n\n| key | what it does |\n|---|---|\n", layer.heading));
        for row in layer.rows {
            out.push_str(&format!("| {} | {} |\n", row.keys, row.does));
        }
    }
    out
}
