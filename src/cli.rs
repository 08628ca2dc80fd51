//! Running the command line: the panel by default (in `main`), and the engine's own commands.

use std::io::Write;
use std::process::ExitCode;

use crate::decode;
use crate::options::{Command, MethodArg, PinAction};
use crate::simulate::{self, Method, SimOptions};
use crate::wps::entropy::Csprng;
use crate::wps::pin;

/// Runs a subcommand, writing to `out`; returns the process exit code.
pub fn run_command(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let result = match command {
        Command::Pin { action: PinAction::New { seed } } => {
            let mut rng = seed.map(Csprng::from_seed).unwrap_or_else(Csprng::from_os);
            writeln!(out, "{}", pin::generate(rng.rng())).map(|_| ExitCode::SUCCESS)
        }
        Command::Pin { action: PinAction::Check { pin: input } } => match pin::check(&input) {
            Ok(p) => writeln!(out, "{p}").map(|_| ExitCode::SUCCESS),
            Err(e) => writeln!(out, "{}", e.hostapd_reply())
                .and_then(|_| writeln!(err, "printer-panel: {e}"))
                .map(|_| ExitCode::from(1)),
        },
        Command::Decode { hex } => match decode::parse_hex(&hex.join(" ")).and_then(|b| decode::decode(&b)) {
            Ok(text) => write!(out, "{text}").map(|_| ExitCode::SUCCESS),
            Err(e) => writeln!(err, "printer-panel: cannot decode: {e}").map(|_| ExitCode::from(1)),
        },
        Command::Play { tape, screens } => {
            let text = match std::fs::read_to_string(&tape) {
                Ok(t) => t,
                Err(e) => {
                    let _ = writeln!(err, "printer-panel: cannot read {}: {e}", tape.display());
                    return ExitCode::from(1);
                }
            };
            match crate::tape::play(&text, screens.as_deref()) {
                Ok(report) => write!(out, "{}", report.final_screen).map(|_| ExitCode::SUCCESS),
                Err(e) => writeln!(err, "printer-panel: {}:{e}", tape.display()).map(|_| ExitCode::from(1)),
            }
        }
        Command::Simulate(args) => {
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
            };
            if options.method == Method::Pbc && (options.printer_pin.is_some() || options.router_pin.is_some()) {
                let _ = writeln!(err, "printer-panel: --printer-pin and --router-pin go with --method pin");
                return ExitCode::from(2);
            }
            let report = simulate::run(&options);
            if let Some(path) = &args.pcap {
                match crate::capture::save(&report.air, path) {
                    Ok(n) => {
                        let _ = writeln!(err, "printer-panel: wrote {n} frames to {}", path.display());
                    }
                    Err(e) => {
                        let _ = writeln!(err, "printer-panel: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
            let written = if args.json {
                writeln!(out, "{}", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default())
            } else {
                write!(out, "{}", report.to_text())
            };
            written.map(|_| if report.succeeded() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
    };
    result.unwrap_or_else(|_| ExitCode::from(1))
}
