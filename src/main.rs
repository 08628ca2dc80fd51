use std::process::ExitCode;

use clap::Parser;
use printer_panel::app::{App, Options};
use printer_panel::cli::{Cli, PanelArgs, run_command};
use printer_panel::models::{PRINTER_MODELS, printer_model};
use printer_panel::runtime::{self, LoopOptions};
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
    let model = match args.model.as_deref() {
        None => &PRINTER_MODELS[0],
        Some(id) => match printer_model(id) {
            Some(m) => m,
            None => {
                let ids: Vec<&str> = PRINTER_MODELS.iter().map(|m| m.id).collect();
                return fail(format!("unknown model '{id}' (models: {})", ids.join(", ")));
            }
        },
    };
    let theme = match (&args.theme, theme::no_color_requested()) {
        (_, true) => Theme::monochrome(),
        (None, false) => Theme::default(),
        (Some(t), false) => match Theme::load(t) {
            Ok(theme) => theme,
            Err(e) => return fail(e),
        },
    };
    if let Err(e) = terminal::require_tty() {
        return fail(e);
    }
    if let Err(e) = terminal::install_hooks() {
        return fail(e);
    }
    let mut app = App::new(Options { model, theme, seed: args.seed, mouse: !args.no_mouse });
    let loop_options = LoopOptions {
        speed: None,
        redraw_every: args.redraw_fps.map(|fps| std::time::Duration::from_secs_f64(1.0 / fps.max(1.0))),
    };
    let result = (|| -> color_eyre::Result<()> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (mut tui, modes) = terminal::enter(app.mouse)?;
        app.printer.release_events = modes.keyboard_flags;
        let run = rt.block_on(runtime::run(&mut app, &mut tui, loop_options));
        terminal::restore();
        run
    })();
    terminal::restore();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(format!("{e:?}")),
    }
}
