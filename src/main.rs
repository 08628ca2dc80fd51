use clap::Parser;
use printer_panel::cli::{Cli, run_command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command, &mut std::io::stdout().lock(), &mut std::io::stderr().lock()),
        None => {
            eprintln!("printer-panel: the panel is not built yet; try `printer-panel simulate --method pbc`");
            ExitCode::from(2)
        }
    }
}
