use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;
use printer_panel::cli::{Exit, Said, run_command, tell};
use printer_panel::options::Cli;
use printer_panel::text::printable;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return tell(Said { out: e.render().to_string(), ..Said::default() }, &mut out(), &mut err());
        }
        // clap repeats the arguments it refuses: shown escaped, they cannot drive the terminal.
        Err(e) => {
            let text = printable(e.render().to_string().as_bytes()).replace("\\u{a}", "\n");
            return tell(Said { err: text, code: Exit::Usage as u8, ..Said::default() }, &mut out(), &mut err());
        }
    };
    match cli.command {
        Some(command) => run_command(command, &mut out(), &mut err()),
        None => printer_panel::live::panel::open(cli.panel, &mut out(), &mut err()),
    }
}

fn out() -> std::io::StdoutLock<'static> {
    std::io::stdout().lock()
}

fn err() -> std::io::StderrLock<'static> {
    std::io::stderr().lock()
}
