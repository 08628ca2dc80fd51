//! Everything a person can do, whatever key or click it came from, named by what it acts
//! on. Input decides the target once (focus, open overlays); `update` never asks again.

use crate::sim::models::Security;

/// A form posted on the router's web page (`--router-web`): the same router as the pane's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebForm {
    PushButton,
    /// The PIN typed in the page's field, then Connect.
    Pin(String),
    Settings {
        security: Security,
        hidden_ssid: bool,
        wps_enabled: bool,
    },
    /// A wrong password on the login page: for the router's log.
    LoginFailed(crate::sim::air::AdminEvent),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Printer(PrinterAction),
    Router(RouterAction),
    /// The computer's "Add a device" window (in the rehearsals that have a computer).
    Computer(super::computer::ComputerAction),
    Panel(PanelAction),
}

/// The printer's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrinterAction {
    Up,
    Down,
    Left,
    Right,
    Ok,
    Back,
    Home,
    Cancel,
    /// The Wi-Fi button went down (or auto-repeats while held).
    WifiPress,
    /// The Wi-Fi button came up (terminals that report releases).
    WifiRelease,
    /// Hold the Wi-Fi button for the model's hold time: one key for tmux and VHS.
    WifiHold,
    /// A short press and release (a mouse click on the button).
    WifiTap,
    /// The Info button of a printer without a screen: prints the network report.
    Info,
    /// The Wi-Fi button held and Info pressed with it: a printer without a screen prints a
    /// page with a new WPS PIN and starts PIN mode (one with a screen shows its report).
    PinPage,
    Power,
    /// A character typed on the LCD's keyboard (the setup wizard's password).
    Type(char),
    /// A tap on the touchscreen: entry `n` of what it lists (an icon of the home screen, a
    /// line of a menu, a network).
    Touch(u8),
}

/// The router's WPS button and its admin page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouterAction {
    WpsButton,
    Select(Control),
    Previous,
    Next,
    /// Enter on the selected control.
    Activate,
    Connect,
    Type(char),
    Backspace,
}

/// The panel around the devices: focus, overlays, the trainer's extras.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelAction {
    FocusNext,
    FocusPrinter,
    FocusRouter,
    /// The computer's window (where the rehearsal has one).
    FocusComputer,
    ToggleHelp,
    /// Any other key while the help is open closes it.
    CloseHelp,
    /// Scroll a help taller than the terminal.
    HelpUp,
    HelpDown,
    /// `m`: the message inspector on the ladder's newest message, or closed again.
    ToggleInspector,
    /// Class mode: hide the passwords on the screen, or show them again.
    ToggleMask,
    /// The inspector's message before or after the one shown.
    InspectPrevious,
    /// The inspector on the ladder's first message, or its newest.
    InspectFirst,
    InspectNewest,
    InspectNext,
    /// The inspector's text, a page up or down.
    InspectPageUp,
    InspectPageDown,
    /// Trainer: the inspected encrypted data frame played again, as a recorder would.
    InspectReplay,
    /// Scrollback: the ladder or the event log, some rows back (toward older) or forward.
    LadderBack,
    LadderForward,
    LogBack,
    LogForward,
    ToggleGuide,
    /// In a small terminal: the guide, the ladder or the log under the device.
    CycleBelow,
    OpenScenarios,
    PickerUp,
    PickerDown,
    /// Start the highlighted scenario.
    PickerChoose,
    PickerClose,
    /// The router's wireless settings page: open, move, change a value, Enter, close.
    OpenRouterSettings,
    SettingsUp,
    SettingsDown,
    SettingsLeft,
    SettingsRight,
    /// Enter: change the selected setting, or save on Save.
    SettingsEnter,
    SettingsClose,
    /// Close the scenario's fake support pop-up.
    DismissPopup,
    /// The label under the router: show it, or put it away.
    ToggleLabel,
    /// Trainer: back to just before the printer's last WPS attempt, to play it again.
    Rewind,
    /// The exercise's sheet (instructions, time, check results): open it, or put it away.
    ToggleExercise,
    /// The exercise's next hint, for its cost in points.
    ExerciseHint,
    /// A PIN digit typed while the printer has the focus: say where digits go.
    DigitOnPrinter,
    /// Save what crossed the air as a pcap file.
    SaveCapture,
    /// Trainer: a neighbour's device presses its WPS button now (session overlap).
    NeighbourPushes,
    /// Trainer: stop the air and every timer, or let them run again.
    TogglePause,
    /// Trainer, while paused: let the next frame (or timer) happen, and stop again.
    StepFrame,
    /// Trainer: half or twice the speed (slow motion).
    Slower,
    Faster,
    /// Ctrl-Z: back to the shell until `fg` (the live loop does it; headless, nothing).
    Suspend,
    Quit,
}

impl From<PrinterAction> for Action {
    fn from(a: PrinterAction) -> Self {
        Action::Printer(a)
    }
}

impl From<RouterAction> for Action {
    fn from(a: RouterAction) -> Self {
        Action::Router(a)
    }
}

impl From<PanelAction> for Action {
    fn from(a: PanelAction) -> Self {
        Action::Panel(a)
    }
}

/// The admin page's controls, in the order ↑/↓ moves through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    PushButton,
    PinField,
    Connect,
}

impl Control {
    pub const ALL: [Control; 3] = [Control::PushButton, Control::PinField, Control::Connect];

    pub fn next(self) -> Control {
        let i = Control::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Control::ALL[(i + 1) % Control::ALL.len()]
    }

    pub fn prev(self) -> Control {
        let i = Control::ALL.iter().position(|c| *c == self).unwrap_or(0);
        Control::ALL[(i + Control::ALL.len() - 1) % Control::ALL.len()]
    }
}
