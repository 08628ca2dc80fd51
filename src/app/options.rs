//! What the panel starts with: the printer model, the scenario, the theme and the trainer's
//! choices, from the command line, a tape's launch line, or a test.

use crate::sim::models::{self, PrinterModel};
use crate::sim::scenarios::{SCENARIOS, Scenario};
use crate::theme::Theme;

#[derive(Debug, Clone)]
pub struct Options {
    pub model: &'static PrinterModel,
    pub theme: Theme,
    pub seed: Option<u64>,
    pub mouse: bool,
    pub scenario: &'static Scenario,
    pub guide: bool,
    /// Emulated seconds per real second (shown on screen when not 1).
    pub speed: f64,
    /// Where `c` (and quitting) saves the session's frames.
    pub pcap: Option<std::path::PathBuf>,
    /// False while a tape is played: a tape writes only where the person playing it says.
    pub write_files: bool,
    /// Where the router's web page is served (`--router-web`), once it is.
    pub router_web: Option<String>,
    /// The session is being recorded as a tape (`--record`): the footer says REC.
    pub recording: bool,
    /// The router's admin password (on its label), when it is not the seed's: the page
    /// served to a browser gets one from the operating system, or the trainer's.
    pub admin_password: Option<String>,
    /// Class mode: secrets (the Wi-Fi password, the label's admin password, a password
    /// being typed, the network key in the inspector) are drawn as dots, for a trainer
    /// projecting the panel; `*` toggles it.
    pub class_mode: bool,
    /// An exercise being sat (`--exercise`, `--learner`): its starting state is the model and
    /// scenario above, and the panel scores it.
    pub exercise: Option<std::sync::Arc<super::assessment::Assessment>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            model: &models::PRINTER_MODELS[0],
            theme: Theme::default(),
            seed: None,
            mouse: true,
            scenario: &SCENARIOS[0],
            guide: false,
            speed: 1.0,
            pcap: None,
            write_files: true,
            router_web: None,
            admin_password: None,
            class_mode: false,
            recording: false,
            exercise: None,
        }
    }
}
