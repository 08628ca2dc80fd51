use std::process::ExitCode;

use clap::Parser;
use printer_panel::app::{App, Options};
use printer_panel::cli::{Cli, PanelArgs, run_command};
use printer_panel::models::{PRINTER_MODELS, printer_model};
use printer_panel::runtime::{self, Ended, LoopOptions};
use printer_panel::scenarios::{SCENARIOS, scenario};
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
    let scenario = match args.scenario.as_deref() {
        None => &SCENARIOS[0],
        Some(id) => match scenario(id) {
            Some(s) => s,
            None => {
                let ids: Vec<&str> = SCENARIOS.iter().map(|s| s.id).collect();
                return fail(format!("unknown scenario '{id}' (scenarios: {})", ids.join(", ")));
            }
        },
    };
    let speed = args.speed.unwrap_or(1.0);
    if !(speed.is_finite() && (0.1..=100.0).contains(&speed)) {
        return fail(format!("--speed {speed}: give a factor from 0.1 to 100 (10 shows 2 minutes in 12 s)"));
    }
    if scenario.pin_mistake.is_some() && !model.has_screen {
        return fail(format!("scenario '{}' needs a printer with a screen (it shows a PIN)", scenario.id));
    }
    let mut app =
        App::new(Options { model, theme, seed: args.seed, mouse: !args.no_mouse, scenario, guide: args.guide, speed });
    let loop_options = LoopOptions {
        speed: Some(speed),
        redraw_every: args.redraw_fps.map(|fps| std::time::Duration::from_secs_f64(1.0 / fps.max(1.0))),
        debug_panic: args.debug_panic,
    };
    let result = (|| -> color_eyre::Result<Ended> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        let (mut tui, modes) = terminal::enter(app.mouse)?;
        app.printer.release_events = modes.keyboard_flags;
        let run = rt.block_on(runtime::run(&mut app, &mut tui, loop_options));
        terminal::restore();
        run
    })();
    terminal::restore();
    match result {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        Ok(Ended::Signal(n)) => ExitCode::from(128 + n),
        Err(e) => fail(format!("{e:?}")),
    }
}
