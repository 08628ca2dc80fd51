//! Running the command line: the panel by default (in `main`), and the engine's own commands.
//!
//! Exit codes: 0 done; 1 the answer is no (a registration failed, a PIN is refused, input
//! cannot be decoded or played); 2 the command line is wrong; 74 the output could not be
//! written (standard output, a capture or a screenshot; 74 is EX_IOERR of sysexits.h).

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::decode;
use crate::files;
use crate::options::{Command, MethodArg, PinAction, WireRole};
use crate::simulate::{self, Method, SimOptions};
use crate::wire;
use crate::wps::enrollee::Password;
use crate::wps::entropy::Csprng;
use crate::wps::pin;

pub const EXIT_NO: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_WRITE: u8 = 74;

/// What a command has to say: its output, a message for standard error, its exit code.
#[derive(Debug, Default)]
pub struct Said {
    pub out: String,
    pub err: String,
    pub code: u8,
}

impl Said {
    fn out(out: impl Into<String>) -> Said {
        Said { out: out.into(), ..Said::default() }
    }

    fn error(code: u8, message: impl std::fmt::Display) -> Said {
        Said { err: format!("printer-panel: {message}\n"), code, ..Said::default() }
    }
}

/// Writes what a command said. A closed pipe (`| head`) ends the output quietly, as other
/// command-line tools do; any other write error is reported, with exit code 74.
pub fn tell(said: Said, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let written = out.write_all(said.out.as_bytes()).and_then(|()| out.flush());
    let _ = err.write_all(said.err.as_bytes());
    match written {
        Ok(()) => ExitCode::from(said.code),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::from(said.code),
        Err(e) => {
            let _ = writeln!(err, "printer-panel: cannot write the output: {e}");
            ExitCode::from(EXIT_WRITE)
        }
    }
}

/// Runs a subcommand, writing to `out` and `err`; returns the process exit code.
pub fn run_command(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let said = match command {
        Command::Wire { role } => return wire(role, out, err),
        Command::Pin { action } => pin(action),
        Command::Decode { hex } => match decode::parse_hex(&hex.join(" ")).and_then(|b| decode::decode(&b)) {
            Ok(text) => Said::out(text),
            Err(e) => Said::error(EXIT_NO, format!("cannot decode: {e}")),
        },
        Command::Play { tape, screens } => play(&tape, screens.as_deref()),
        Command::Simulate(args) => simulate(args),
    };
    tell(said, out, err)
}

/// `wire` prints as things happen, so it writes as it goes instead of through [`Said`].
fn wire(role: WireRole, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let run = match role {
        WireRole::Printer(args) => {
            let password = match &args.pin {
                Some(p) => match wire::wire_pin(p) {
                    Ok(pin) => Password::Pin(pin),
                    Err(e) => return tell(Said::error(EXIT_USAGE, e), out, err),
                },
                None => Password::PushButton,
            };
            let job = wire::PrinterJob {
                iface: args.link.iface,
                password,
                walk_time: std::time::Duration::from_secs(args.timeout),
                fragment_size: args.link.fragment_size as usize,
                debug: args.link.debug,
            };
            wire::run_printer(&job, out)
        }
        WireRole::Router(args) => {
            if !(8..=63).contains(&args.passphrase.len()) {
                return tell(Said::error(EXIT_USAGE, "--passphrase: WPA2 takes 8 to 63 characters"), out, err);
            }
            if args.ssid.is_empty() || args.ssid.len() > 32 {
                return tell(Said::error(EXIT_USAGE, "--ssid: a network name has 1 to 32 bytes"), out, err);
            }
            let mut commands = Vec::new();
            if args.pbc {
                commands.push("wps_pbc".to_string());
            }
            if let Some(p) = &args.pin {
                if let Err(e) = wire::wire_pin(p) {
                    return tell(Said::error(EXIT_USAGE, e), out, err);
                }
                commands.push(format!("wps_pin any {p}"));
            }
            let job = wire::RouterJob {
                iface: args.link.iface,
                ssid: args.ssid,
                passphrase: args.passphrase,
                commands,
                once: args.once,
                fragment_size: args.link.fragment_size as usize,
                debug: args.link.debug,
            };
            wire::run_router(&job, out)
        }
        WireRole::Relay(args) => {
            let [a, b] = <[String; 2]>::try_from(args.between).unwrap_or_default();
            wire::run_relay(&wire::RelayJob { ifaces: [a, b], lose: args.lose, debug: args.debug }, out)
        }
    };
    match run {
        Ok(wire::Ended::Success) => ExitCode::SUCCESS,
        Ok(wire::Ended::Failed) => ExitCode::from(EXIT_NO),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::from(EXIT_NO),
        Err(e) => tell(Said::error(EXIT_NO, e), out, err),
    }
}

fn pin(action: PinAction) -> Said {
    match action {
        // Seeded, the same PIN the panel's printer shows first with that seed.
        PinAction::New { seed } => {
            let pin = match seed {
                Some(seed) => crate::world::World::first_pin(seed),
                None => pin::generate(Csprng::from_os().rng()),
            };
            Said::out(format!("{pin}\n"))
        }
        PinAction::Check { pin: input } => match pin::check(&input) {
            Ok(p) => Said::out(format!("{p}\n")),
            Err(e) => Said { out: format!("{}\n", e.hostapd_reply()), ..Said::error(EXIT_NO, e) },
        },
    }
}

fn simulate(args: crate::options::SimulateArgs) -> Said {
    let options = SimOptions {
        method: match args.method {
            MethodArg::Pbc => Method::Pbc,
            MethodArg::Pin => Method::Pin,
        },
        printer_pin: args.printer_pin,
        router_pin: args.router_pin,
        seed: args.seed,
        router_idle: args.router_idle,
        neighbour: args.neighbour,
        fragment_size: args.fragment_size.map(|n| n as usize),
    };
    if options.method == Method::Pbc && (options.printer_pin.is_some() || options.router_pin.is_some()) {
        return Said::error(EXIT_USAGE, "--printer-pin and --router-pin go with --method pin");
    }
    if let Some(path) = &args.pcap
        && let Err(e) = files::check_writable(path)
    {
        return Said::error(EXIT_USAGE, e);
    }
    let report = simulate::run(&options);
    let mut said = Said::out(if args.json {
        format!("{}\n", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default())
    } else {
        report.to_text()
    });
    said.code = if report.succeeded() { 0 } else { EXIT_NO };
    if let Some(path) = &args.pcap {
        match crate::capture::save(&report.air, path) {
            Ok(n) => said.err = format!("printer-panel: wrote {n} frames to {}\n", files::shown(path)),
            Err(e) => {
                said.err = format!("printer-panel: {e}\n");
                said.code = EXIT_WRITE;
            }
        }
    }
    said
}

fn play(tape: &Path, screens: Option<&Path>) -> Said {
    let text = match files::read_text(tape, files::TEXT_LIMIT) {
        Ok(t) => t,
        Err(e) => return Said::error(EXIT_NO, e),
    };
    match crate::tape::play(&text, screens) {
        Ok(report) => Said::out(report.final_screen),
        Err(e) if e.write => Said::error(EXIT_WRITE, format!("{}:{e}", files::shown(tape))),
        Err(e) => Said::error(EXIT_NO, format!("{}:{e}", files::shown(tape))),
    }
}
