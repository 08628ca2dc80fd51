//! What the command line accepts (clap definitions), and the panel's options made from
//! it. Running the commands is `cli`'s job; the tape player parses typed commands here too.

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "printer-panel",
    version,
    about = "Rehearse connecting a printer to Wi-Fi by WPS: a printer's control panel and a router, on the real protocol.",
    after_help = "Run without a command to open the panel. Keys: press ? inside it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub panel: PanelArgs,
}

/// Options of the panel (the default command).
#[derive(Debug, Clone, Args, Default)]
pub struct PanelArgs {
    /// Theme: a built-in name or a path to a .toml file
    #[arg(long, value_name = "NAME|PATH")]
    pub theme: Option<std::ffi::OsString>,
    /// List the built-in themes and exit
    #[arg(long)]
    pub list_themes: bool,
    /// Printer model
    #[arg(long, value_name = "NAME")]
    pub model: Option<String>,
    /// List the printer models and exit
    #[arg(long)]
    pub list_models: bool,
    /// Training scenario (see --list-scenarios; `s` in the app picks one too)
    #[arg(long, value_name = "NAME")]
    pub scenario: Option<String>,
    /// List the training scenarios and exit
    #[arg(long)]
    pub list_scenarios: bool,
    /// Show the guide: the next step, and each outcome in plain words
    #[arg(long)]
    pub guide: bool,
    /// Makes PINs, nonces, keys and addresses identical run to run
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub seed: Option<u64>,
    /// Run every timer X times faster (10 shows the 2-minute walk time in 12 s)
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    pub speed: Option<f64>,
    /// Save the session's frames as a pcap file here on quit (and on `c`)
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<std::path::PathBuf>,
    /// Serve the router's admin pages to a browser (default 127.0.0.1:8080; another address
    /// is reachable from the network: the panel warns)
    #[arg(long, value_name = "ADDR", num_args = 0..=1, default_missing_value = crate::web::DEFAULT_ADDR)]
    pub router_web: Option<String>,
    /// With --router-web: this admin password, not a new one from the system's randomness
    /// (for a class that must all use the same; anyone on this machine can read it in the
    /// process list)
    #[arg(long, value_name = "PASSWORD", requires = "router_web", value_parser = admin_password)]
    pub admin_password: Option<String>,
    /// Record the session as a VHS tape: every key with its timing, F2 a Screenshot
    /// (`printer-panel play FILE` replays it)
    #[arg(long, value_name = "FILE.tape")]
    pub record: Option<std::path::PathBuf>,
    /// With --record or --exercise: replace the tape (and the result) if it exists already
    #[arg(long)]
    pub force: bool,
    /// With --record: keep a Wi-Fi password typed on the printer in the tape, as typed
    /// (without it, the tape has a {password} placeholder)
    #[arg(long, requires = "record")]
    pub record_secrets: bool,
    /// Sit an exercise: a file, or a built-in one's name (`printer-panel exercise list`)
    #[arg(long, value_name = "FILE|NAME", requires = "learner")]
    pub exercise: Option<std::path::PathBuf>,
    /// With --exercise: who sits it (their variant, model and PINs are drawn from the name)
    #[arg(long, value_name = "NAME", requires = "exercise")]
    pub learner: Option<String>,
    /// With --exercise: the folder the result and its tape are written to (default: here)
    #[arg(long, value_name = "DIR", requires = "exercise")]
    pub results: Option<std::path::PathBuf>,
    /// Ignore mouse clicks
    #[arg(long)]
    pub no_mouse: bool,
    /// Class mode from the start: passwords hidden on the screen while projecting (`*` toggles)
    #[arg(long)]
    pub class: bool,
    /// Redraw at a fixed rate too (only to measure what a frame-rate loop costs)
    #[arg(long, hide = true, value_name = "FPS", allow_negative_numbers = true)]
    pub redraw_fps: Option<f64>,
    /// Panic after the first frame (only to check that the terminal is restored)
    #[arg(long, hide = true)]
    pub debug_panic: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate or check a WPS PIN
    Pin {
        #[command(subcommand)]
        action: PinAction,
    },
    /// Decode a WSC message, attribute list or EAPOL frame given as hex (any spacing) or
    /// base64, or the WSC messages in a UPnP body (SOAP or GENA XML, as from Wireshark's
    /// "Follow HTTP Stream")
    Decode {
        /// The bytes in hex or base64, or the UPnP text; several arguments are joined; `-`
        /// reads standard input
        #[arg(required = true, value_name = "HEX")]
        hex: Vec<String>,
    },
    /// Run a whole registration between the printer and router engines
    Simulate(SimulateArgs),
    /// Put the printer or the router on a real Ethernet link, against wpa_supplicant or hostapd (needs root)
    #[command(after_help = WIRE_HELP)]
    Wire {
        #[command(subcommand)]
        role: WireRole,
    },
    /// Replay a VHS tape headlessly, on the app's virtual clock; render it; print the final screen
    #[command(after_help = PLAY_HELP)]
    Play(PlayArgs),
    /// Exercises for trainers: prove one solvable, collect a class's results, list the built-in ones
    #[command(after_help = EXERCISE_HELP)]
    Exercise {
        #[command(subcommand)]
        action: ExerciseAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExerciseAction {
    /// Check an exercise file (errors with line and column) and prove it solvable: the guide
    /// followed on every variant and model must reach the goal
    Check {
        /// The exercise: a .toml file, or a built-in one's name
        #[arg(value_name = "FILE|NAME")]
        exercise: std::path::PathBuf,
    },
    /// A class's results in a folder: each replayed from its tape and scored again (an edited
    /// file shows), a table printed and written as CSV
    Results {
        /// The folder the learners' results were written to (--results)
        dir: std::path::PathBuf,
        /// The exercises the results are for (files or built-in names); the folder's own .toml
        /// files and the built-in ones are looked at too
        #[arg(long = "exercise", value_name = "FILE|NAME")]
        exercises: Vec<std::path::PathBuf>,
        /// Write the table as CSV here (default: class.csv in the folder)
        #[arg(long, value_name = "FILE")]
        csv: Option<std::path::PathBuf>,
    },
    /// List the built-in exercises
    List,
}

const EXERCISE_HELP: &str = "\
A learner sits an exercise with `printer-panel --exercise FILE --learner NAME --results DIR`;
X in the panel shows its sheet and Check results. The result (JSON) and the session's tape
are written into DIR when the panel closes. The file format is in exercises/README.md.";

/// `play`: the tape, and what to write from it.
#[derive(Debug, Clone, clap::Args)]
pub struct PlayArgs {
    /// The .tape file (demo.tape, say)
    pub tape: std::path::PathBuf,
    /// Write each Screenshot as text into this folder
    #[arg(long, value_name = "DIR")]
    pub screens: Option<std::path::PathBuf>,
    /// Write the recording as an animated GIF
    #[arg(long, value_name = "FILE")]
    pub gif: Option<std::path::PathBuf>,
    /// Write each Screenshot as a PNG into this folder
    #[arg(long, value_name = "DIR")]
    pub png: Option<std::path::PathBuf>,
    /// Write each Screenshot as an SVG into this folder
    #[arg(long, value_name = "DIR")]
    pub svg: Option<std::path::PathBuf>,
    /// Write the recording as an asciicast (v2), a marker per tape command
    #[arg(long, value_name = "FILE")]
    pub cast: Option<std::path::PathBuf>,
    /// Write VHS's golden text: the screen after each command, then a separator line
    #[arg(long, value_name = "FILE")]
    pub txt: Option<std::path::PathBuf>,
    /// Do not write what the tape's Output lines name
    #[arg(long)]
    pub no_output: bool,
    /// Only check that VHS itself would accept every line, and that play can play it
    /// (within its limits, writing only inside the tape's folder); play nothing
    #[arg(long)]
    pub check: bool,
    /// Stop with an error when playing and rendering take longer than this many seconds
    #[arg(long, value_name = "SECONDS", default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub time_limit: u64,
}

const PLAY_HELP: &str = "\
The tape's Output lines are written beside the tape (a relative path, no ..): .gif, .txt or
.ascii (golden text), a folder/ (every frame as PNG); .mp4 and .webm are left to VHS. The
flags write where you say. Rendering runs on the virtual clock and draws the app's own
screens with the embedded DejaVu Sans Mono: the same tape gives the same bytes.";

const WIRE_HELP: &str = "\
The link is 802.1X on Ethernet (EtherType 0x888E), as hostapd's and wpa_supplicant's wired
drivers use it: a veth pair between two network namespaces is enough. Each side prints
hostapd's control-interface lines, `<interface>: WPS-...`. See the README's section
'Tested against hostapd and wpa_supplicant' for a whole setup.";

#[derive(Debug, Subcommand)]
pub enum WireRole {
    /// The printer (enrollee): EAPOL-Start, M1..M8, then prints the credential; exits 0 on success
    Printer(WirePrinterArgs),
    /// The router's registrar and EAP server; takes hostapd_cli's commands on standard input
    /// (wps_pbc, wps_pin any <PIN> [<timeout>], wps_cancel, quit)
    Router(WireRouterArgs),
    /// A weak signal: passes EAPOL frames between two interfaces, losing the ones named
    Relay(WireRelayArgs),
    /// A computer on the router's LAN registering a printer through it by UPnP, as an external
    /// registrar with the printer's PIN (the router needs --upnp)
    Computer(WireComputerArgs),
}

#[derive(Debug, Args)]
pub struct WireRelayArgs {
    /// The two interfaces to join (the router's side and the printer's)
    #[arg(long, value_name = "NAME", num_args = 2, required = true)]
    pub between: Vec<String>,
    /// Lose the next frame of this name (M1..M8, WSC_Start, WSC_Done, EAP-Request/Identity...); repeat for more
    #[arg(long, value_name = "FRAME")]
    pub lose: Vec<String>,
    /// Also print every frame passed on
    #[arg(short = 'd', long)]
    pub debug: bool,
}

/// What both ends of a wire take: the interface, the fragment size, the debug output.
#[derive(Debug, Args)]
pub struct WireLinkArgs {
    /// The network interface (for example veth0)
    #[arg(long, value_name = "NAME")]
    pub iface: String,
    /// The longest EAP-WSC data of one frame; longer messages go in fragments (hostapd's
    /// and wpa_supplicant's fragment_size)
    #[arg(long, value_name = "BYTES", default_value_t = crate::wps::fragment::DEFAULT_FRAGMENT_SIZE as u64, value_parser = clap::value_parser!(u64).range(16..=1500))]
    pub fragment_size: u64,
    /// Also print hostapd's debug-level lines and every frame
    #[arg(short = 'd', long)]
    pub debug: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("mode").required(true).args(["pbc", "pin"]))]
pub struct WirePrinterArgs {
    #[command(flatten)]
    pub link: WireLinkArgs,
    /// Push-button mode, as holding the printer's Wi-Fi button
    #[arg(long)]
    pub pbc: bool,
    /// PIN mode with this PIN (4 or 8 digits)
    #[arg(long, value_name = "PIN", allow_hyphen_values = true)]
    pub pin: Option<String>,
    /// Give up after this many seconds (the walk time)
    #[arg(long, value_name = "SECONDS", default_value_t = 120, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
}

/// The network a registrar hands over in M8: the router's, or the one a computer is told.
#[derive(Debug, Args)]
pub struct WireNetworkArgs {
    /// The network name handed over in M8
    #[arg(long, value_name = "SSID", default_value = "HomeNet")]
    pub ssid: String,
    /// The WPA2 passphrase handed over in M8 (8 to 63 characters; default "correct horse
    /// battery"). On the command line anyone on this machine can read it: see --passphrase-file
    #[arg(long, value_name = "TEXT", conflicts_with = "passphrase_file")]
    pub passphrase: Option<String>,
    /// Read the passphrase from the first line of this file (`-`: standard input)
    #[arg(long, value_name = "FILE")]
    pub passphrase_file: Option<std::path::PathBuf>,
}

/// A computer on the router's network registering printers through it, as an external
/// registrar (wpa_supplicant's wps_er_start and wps_er_pin any <PIN>)
#[derive(Debug, Args)]
pub struct WireComputerArgs {
    /// The network interface to the router's LAN, with an IPv4 address
    #[arg(long, value_name = "NAME")]
    pub iface: String,
    /// The printer's PIN, as typed into the computer (4 or 8 digits)
    #[arg(long, value_name = "PIN", allow_hyphen_values = true, required = true)]
    pub pin: String,
    #[command(flatten)]
    pub network: WireNetworkArgs,
    /// Exit after the first registration ends: 0 on success, 1 on failure
    #[arg(long)]
    pub once: bool,
    /// Also print wpa_supplicant's debug-level lines
    #[arg(short = 'd', long)]
    pub debug: bool,
}

#[derive(Debug, Args)]
pub struct WireRouterArgs {
    #[command(flatten)]
    pub link: WireLinkArgs,
    #[command(flatten)]
    pub network: WireNetworkArgs,
    /// Start in push-button mode (as `wps_pbc`)
    #[arg(long)]
    pub pbc: bool,
    /// Start with this PIN for any enrollee (as `wps_pin any <PIN>`)
    #[arg(long, value_name = "PIN", allow_hyphen_values = true)]
    pub pin: Option<String>,
    /// Exit after the first registration ends: 0 on success, 1 on failure
    #[arg(long)]
    pub once: bool,
    /// Also be a UPnP device for external registrars (a computer's "Add a device") on this
    /// interface, with an IPv4 address (hostapd's upnp_iface): found by SSDP, it sends each
    /// printer's M1 to the registrars subscribed to its events
    #[arg(long, value_name = "NAME")]
    pub upnp: Option<String>,
    /// The router's own PIN, on its label (hostapd's ap_pin): external registrars are refused
    /// without it, as hostapd refuses them
    #[arg(long, value_name = "PIN", allow_hyphen_values = true, requires = "upnp")]
    pub ap_pin: Option<String>,
}

/// A number as people write it, not 309 digits.
fn shown_number(x: f64) -> String {
    if x.is_finite() && (x == 0.0 || (1e-3..1e6).contains(&x.abs())) { format!("{x}") } else { format!("{x:e}") }
}

/// The panel's options from its flags; the error is a sentence for the user.
pub fn panel_options(args: &PanelArgs, no_color: bool) -> Result<crate::app::Options, String> {
    panel_options_given(args, no_color, None)
}

/// [`panel_options`], with the exercise `--exercise` names given rather than read (a result's
/// tape replayed against the exercise its hash names).
pub fn panel_options_given(
    args: &PanelArgs,
    no_color: bool,
    given: Option<&crate::exercise::Exercise>,
) -> Result<crate::app::Options, String> {
    use crate::sim::models::{PRINTER_MODELS, printer_model};
    use crate::sim::scenarios::{SCENARIOS, scenario};
    use crate::theme::Theme;
    use crate::wps::message::printable;
    let model = match args.model.as_deref() {
        None => &PRINTER_MODELS[0],
        Some(id) => printer_model(id).ok_or_else(|| {
            let ids: Vec<&str> = PRINTER_MODELS.iter().map(|m| m.id).collect();
            format!("unknown model '{}' (models: {})", printable(id.as_bytes()), ids.join(", "))
        })?,
    };
    // A theme file is checked even under NO_COLOR: a broken one is said, not skipped.
    let named = match &args.theme {
        Some(t) => Some(Theme::load(t).map_err(|e| e.to_string())?),
        None => None,
    };
    let theme = match (named, no_color) {
        (_, true) => Theme::monochrome(),
        (Some(t), false) => t,
        (None, false) => Theme::default(),
    };
    let scenario = match args.scenario.as_deref() {
        None => &SCENARIOS[0],
        Some(id) => scenario(id).ok_or_else(|| {
            let ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
            format!("unknown scenario '{}' (scenarios: {})", printable(id.as_bytes()), ids.join(", "))
        })?,
    };
    let speed = args.speed.unwrap_or(1.0);
    if !(speed.is_finite() && (0.1..=100.0).contains(&speed)) {
        return Err(format!(
            "--speed {}: give a factor from 0.1 to 100 (10 shows 2 minutes in 12 s)",
            shown_number(speed)
        ));
    }
    if let Some(fps) = args.redraw_fps
        && !(fps.is_finite() && (1.0..=240.0).contains(&fps))
    {
        return Err(format!("--redraw-fps {}: give a rate from 1 to 240", shown_number(fps)));
    }
    if let Some(addr) = &args.router_web
        && addr.parse::<std::net::SocketAddr>().is_err()
    {
        return Err(format!(
            "--router-web {}: give an address and port, for example {}",
            printable(addr.as_bytes()),
            crate::web::DEFAULT_ADDR
        ));
    }
    if args.force && args.record.is_none() && args.exercise.is_none() {
        return Err(
            "--force replaces a recorded tape or an exercise's result: give it with --record or --exercise".into()
        );
    }
    if args.record.is_some() && args.router_web.is_some() {
        return Err(
            "--record and --router-web: a tape has no browser, so a session with the router's page cannot be recorded"
                .into(),
        );
    }
    let options = crate::app::Options {
        model,
        theme,
        seed: args.seed,
        mouse: !args.no_mouse,
        scenario,
        guide: args.guide,
        speed,
        pcap: args.pcap.clone(),
        write_files: true,
        router_web: None,
        recording: args.record.is_some(),
        admin_password: None,
        class_mode: args.class,
        exercise: None,
    };
    match &args.exercise {
        None => Ok(options),
        Some(source) => exercise_options(args, source, given, options),
    }
}

/// The options of a learner sitting `source`: the exercise sets the model, the scenario and
/// the seed, and a session with it is recorded into its result, so what would change those
/// or stay out of the tape is refused.
fn exercise_options(
    args: &PanelArgs,
    source: &std::path::Path,
    given: Option<&crate::exercise::Exercise>,
    base: crate::app::Options,
) -> Result<crate::app::Options, String> {
    let set = [
        (args.model.is_some(), "--model"),
        (args.scenario.is_some(), "--scenario"),
        (args.seed.is_some(), "--seed"),
        (args.guide, "--guide"),
    ];
    if let Some((_, flag)) = set.iter().find(|(given, _)| *given) {
        return Err(format!(
            "--exercise and {flag}: the exercise sets the model, the scenario and the seed, and whether the guide is on"
        ));
    }
    if args.router_web.is_some() {
        return Err(
            "--exercise and --router-web: the session goes into the result as a tape, and a tape has no browser".into(),
        );
    }
    if args.record.is_some() {
        return Err("--exercise and --record: an exercise records its own tape, into --results".into());
    }
    let exercise = match given {
        Some(e) => e.clone(),
        None => crate::exercise::Exercise::load(source).map_err(|e| e.to_string())?,
    };
    let learner = args.learner.as_deref().unwrap_or_default();
    let shown = source.to_string_lossy().into_owned();
    let assignment = crate::exercise::Assignment::for_learner(exercise, shown, learner)?;
    let mut options = assignment.options(base);
    options.recording = true;
    Ok(options)
}

/// An admin password a trainer gives: printable ASCII without spaces, 4 to 32 characters
/// (it is typed on the page and drawn on the label).
fn admin_password(text: &str) -> Result<String, String> {
    let fits = (4..=32).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic());
    fits.then(|| text.to_string()).ok_or_else(|| "give 4 to 32 printable ASCII characters, without spaces".into())
}

#[derive(Debug, Subcommand)]
pub enum PinAction {
    /// Print a fresh 8-digit PIN with a valid check digit
    New {
        /// Reproducible PIN from a seed
        #[arg(long, value_name = "N")]
        seed: Option<u64>,
    },
    /// Check a PIN as a router's page does: prints the normalised PIN, or FAIL / FAIL-CHECKSUM
    Check {
        /// The PIN; dashes and spaces are dropped
        #[arg(value_name = "PIN", allow_hyphen_values = true)]
        pin: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Pbc,
    Pin,
}

#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// Push button (pbc) or PIN
    #[arg(long, value_enum)]
    pub method: MethodArg,
    /// The PIN the printer shows (default: a fresh one)
    #[arg(long, value_name = "P", allow_hyphen_values = true)]
    pub printer_pin: Option<String>,
    /// The PIN typed at the router (default: the printer's)
    #[arg(long, value_name = "Q", allow_hyphen_values = true)]
    pub router_pin: Option<String>,
    /// Identical output run to run
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Print JSON instead of the ladder
    #[arg(long)]
    pub json: bool,
    /// Nobody acts at the router: the printer waits out its walk time
    #[arg(long)]
    pub router_idle: bool,
    /// A neighbour's device is in push-button mode at the same time
    #[arg(long)]
    pub neighbour: bool,
    /// Write every frame (802.11 + radiotap, for Wireshark) to this pcap file
    #[arg(long, value_name = "FILE")]
    pub pcap: Option<std::path::PathBuf>,
    /// Both sides send EAP-WSC fragments of at most this many bytes (default 1400: none)
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(16..=1500))]
    pub fragment_size: Option<u64>,
}
