use std::process::ExitCode;

use clap::Parser;
use printer_panel::app::App;
use printer_panel::cli::run_command;
use printer_panel::models::PRINTER_MODELS;
use printer_panel::options::{Cli, PanelArgs, panel_options};
use printer_panel::runtime::{self, Ended, LoopOptions};
use printer_panel::scenarios::SCENARIOS;
use printer_panel::terminal;
use printer_panel::theme::{self, Theme};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => run_command(command, &mut std::io::stdout().lock(), &mut std::io::stderr().lock()),
        None => panel(cli.panel),
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("printer-panel: {message}");
    ExitCode::from(1)
}

fn panel(args: PanelArgs) -> ExitCode {
    if args.list_themes {
        for (name, _) in theme::BUILT_IN {
            let t = Theme::built_in(name).expect("built in");
            println!("{name:<14} {}", t.description);
        }
        return ExitCode::SUCCESS;
    }
    if args.list_scenarios {
        for s in SCENARIOS {
            println!("{:<14} {}: {}", s.id, s.title, s.summary);
        }
        return ExitCode::SUCCESS;
    }
    if args.list_models {
        for m in PRINTER_MODELS {
            let kind = if m.has_screen {
                "screen and menu, push button and PIN"
            } else {
                "no screen: buttons and LEDs, push button"
            };
            println!("{:<14} {} ({kind})", m.id, m.name);
        }
        return ExitCode::SUCCESS;
    }
    let options = match panel_options(&args, theme::no_color_requested()) {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    if let Err(e) = terminal::require_tty() {
        return fail(e);
    }
    if let Err(e) = terminal::install_hooks() {
        return fail(e);
    }
    let loop_options = LoopOptions {
        speed: Some(options.speed),
        redraw_every: args.redraw_fps.map(|fps| std::time::Duration::from_secs_f64(1.0 / fps.max(1.0))),
        debug_panic: args.debug_panic,
    };
    let pcap = options.pcap.clone();
    let mut app = App::new(options);
    let result = (|| -> color_eyre::Result<Ended> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        rt.block_on(async {
            let signals = runtime::Signals::catch()?;
            let (mut tui, modes) = terminal::enter(app.options.mouse)?;
            app.printer.release_events = modes.keyboard_flags;
            let run = runtime::run(&mut app, &mut tui, loop_options, signals).await;
            terminal::restore();
            run
        })
    })();
    terminal::restore();
    if let Some(path) = &pcap {
        match app.capture_to(path) {
            Ok(n) => eprintln!("printer-panel: wrote {n} frames to {}", path.display()),
            Err(e) => eprintln!("printer-panel: {e}"),
        }
    }
    match result {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        Ok(Ended::Signal(n)) => ExitCode::from(128 + n),
        Err(e) => fail(format!("{e:?}")),
    }
}
