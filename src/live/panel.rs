//! `printer-panel` without a command: the panel on this terminal, from its command-line
//! arguments to its exit code. A library function, so that a test can open it (and be told,
//! without a terminal, what it refuses).

use std::io::Write;
use std::process::ExitCode;

use crate::app::{App, Msg};
use crate::cli::{Exit, Said, tell};
use crate::files;
use crate::live::runtime::{self, Ended, LoopOptions};
use crate::live::terminal;
use crate::options::{PanelArgs, panel_options};
use crate::sim::models::PRINTER_MODELS;
use crate::sim::scenarios::SCENARIOS;
use crate::theme::{self, Theme};
use crate::web;

/// Opens the panel as `printer-panel` without a command does: the lists it can print, the
/// options checked (a capture or a tape that cannot be written is said before the terminal is
/// taken), then the live loop on the terminal, and at the end the tape and the capture
/// written. What it says goes to `out` and `err`; returns the process's exit code.
pub fn open(args: PanelArgs, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let fail = |out: &mut dyn Write, err: &mut dyn Write, exit: Exit, message: &dyn std::fmt::Display| {
        tell(Said::error(exit, message), out, err)
    };
    let list = |out: &mut dyn Write, err: &mut dyn Write, lines: &mut dyn Iterator<Item = String>| {
        let text: String = lines.map(|l| l + "\n").collect();
        tell(Said { out: text, ..Said::default() }, out, err)
    };
    if args.list_themes {
        return list(
            out,
            err,
            &mut theme::BUILT_IN.iter().map(|(name, _)| {
                let t = Theme::built_in(name).expect("built in");
                format!("{name:<14} {}", t.description)
            }),
        );
    }
    if args.list_scenarios {
        return list(
            out,
            err,
            &mut SCENARIOS
                .iter()
                .map(|s| format!("{:<w$}  {}: {}", s.id, s.title, s.summary, w = crate::sim::scenarios::ID_WIDTH)),
        );
    }
    if args.list_models {
        return list(
            out,
            err,
            &mut PRINTER_MODELS.iter().map(|m| {
                let kind = match m.panel {
                    crate::sim::models::Panel::Buttons => "LCD with buttons and a menu: push button and PIN",
                    crate::sim::models::Panel::Touch => {
                        "touchscreen with icons: push button and PIN, started on the screen"
                    }
                    crate::sim::models::Panel::Screenless => "no screen: buttons and LEDs, push button",
                };
                format!("{:<14} {} ({kind})", m.id, m.name)
            }),
        );
    }
    let options = match panel_options(&args, theme::no_color_requested()) {
        Ok(o) => o,
        Err(e) => return fail(out, err, Exit::Usage, &e),
    };
    // A capture that cannot be written is said now, not after the session.
    if let Some(path) = &options.pcap
        && let Err(e) = files::check_writable(path)
    {
        return fail(out, err, Exit::Usage, &e);
    }
    // A recorded session needs a seed, so that the replay draws the same PINs and keys; a
    // tape that cannot be written is said now, as a capture is.
    let mut options = options;
    // A page a browser can reach gets a password nobody can work out from the seed.
    if args.router_web.is_some() {
        options.admin_password =
            Some(args.admin_password.clone().unwrap_or_else(crate::sim::world::fresh_label_password));
    }
    // An exercise is recorded into its result folder, whatever the learner does.
    let exercise_files = match &options.exercise {
        Some(a) => match crate::class::paths(args.results.as_deref(), a, args.force) {
            Ok(paths) => Some(paths),
            Err(e) => return fail(out, err, Exit::Usage, &e),
        },
        None => None,
    };
    let record_path = args.record.clone().or_else(|| exercise_files.as_ref().map(|(tape, _)| tape.clone()));
    if let Some(path) = &args.record {
        if let Err(e) = files::check_writable(path) {
            return fail(out, err, Exit::Usage, &e);
        }
        if !args.force
            && let Err(e) = files::check_new(path, "--force")
        {
            return fail(out, err, Exit::Usage, &e);
        }
        options.seed = options.seed.or_else(|| Some(rand::random()));
    }
    if let Err(e) = terminal::require_tty() {
        return fail(out, err, Exit::No, &e);
    }
    if let Err(e) = terminal::install_hooks() {
        return fail(out, err, Exit::No, &e);
    }
    let loop_options = LoopOptions {
        speed: Some(options.speed),
        redraw_every: args.redraw_fps.map(|fps| std::time::Duration::from_secs_f64(1.0 / fps)),
        debug_panic: args.debug_panic,
    };
    let pcap = options.pcap.clone();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return fail(out, err, Exit::No, &e),
    };
    // The router's page: bound before the terminal is taken, so a port in use is said plainly.
    let listener = match &args.router_web {
        Some(addr) => match rt.block_on(web::bind(addr)) {
            Ok(bound) => Some(bound),
            Err(e) => return fail(out, err, Exit::No, &e),
        },
        None => None,
    };
    // The tape's file is made now, empty, and written as the session goes.
    let mut recording = match &record_path {
        Some(path) => {
            let seed = options.seed.unwrap_or_default();
            let theme = args.theme.as_ref().map(|t| t.to_string_lossy().into_owned());
            let launch = crate::tape::record::launch_command(&options, seed, theme.as_deref());
            let gif =
                path.with_extension("gif").file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let recorder = crate::tape::record::TapeRecorder::new(launch, (80, 24), theme::no_color_requested(), gif)
                .keeping_secrets(args.record_secrets || exercise_files.is_some())
                .recorded_as(if exercise_files.is_some() {
                    "an exercise sat with --exercise (its result is beside it)"
                } else {
                    "recorded with --record"
                });
            match crate::tape::record::TapeFile::create(path, args.force) {
                Ok(file) => Some(crate::tape::record::Recording { recorder, file }),
                Err(e) => return fail(out, err, Exit::Usage, &e),
            }
        }
        None => None,
    };
    // Where a browser can open it: on every address, this machine's own (a browser
    // refuses http://0.0.0.0), another machine's first.
    let reachable = listener.as_ref().map(|(_, local)| web::reachable_at(*local)).unwrap_or_default();
    options.router_web = reachable.first().map(ToString::to_string);
    let mut app = App::new(options);
    let web_link = listener.map(|(listener, local)| {
        if !local.ip().is_loopback() {
            let first = reachable.first().map_or_else(|| local.to_string(), ToString::to_string);
            app.notice(format!("Router page http://{first} can be reached from other machines."));
        }
        let (calls_tx, calls) = tokio::sync::mpsc::channel(16);
        let (page, page_rx) = tokio::sync::watch::channel(web::PageState::of(&app));
        let backend = web::Backend { calls: calls_tx, page: page_rx };
        let label = web::Label { password: app.world().admin_password.clone() };
        let service = web::router(backend, label, local);
        rt.spawn(web::serve(listener, service));
        runtime::WebLink { calls, page }
    });
    let result: color_eyre::Result<Ended> = rt.block_on(async {
        let signals = runtime::Signals::catch()?;
        let (mut tui, modes) = terminal::enter(app.options().mouse)?;
        // A tape cannot say when a key comes up: recorded, the Wi-Fi button is held by
        // auto-repeat, as in terminals without release events, so the replay holds it alike.
        let _ = app.update(Msg::KeyReleases(modes.keyboard_flags && recording.is_none()));
        if let Some(r) = &mut recording {
            let size = tui.size()?;
            r.start((size.width, size.height));
        }
        let run = runtime::run(&mut app, &mut tui, loop_options, signals, web_link, recording.as_mut()).await;
        terminal::restore();
        run
    });
    terminal::restore();
    let mut code = match &result {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        Ok(Ended::Signal(n)) => ExitCode::from(128 + n),
        Err(e) => fail(out, err, Exit::No, &format!("{e:?}")),
    };
    if let (Some((tape, result)), Some(recording)) = (&exercise_files, &mut recording) {
        code = match recording
            .finish(&app)
            .map_err(|e| format!("cannot write {}: {e}", files::shown(tape)))
            .and_then(|()| crate::class::write(&app, tape, result))
        {
            Ok(said) => {
                let _ = writeln!(err, "printer-panel: {said}");
                code
            }
            Err(e) => fail(out, err, Exit::Write, &e),
        };
    } else if let (Some(path), Some(recording)) = (&args.record, &mut recording) {
        let (keys, shots) = recording.recorder.counts();
        code = match recording.finish(&app) {
            Ok(()) => {
                let _ = writeln!(
                    err,
                    "printer-panel: recorded {keys} keys and {shots} screenshots to {} (replay: printer-panel play {})",
                    files::shown(path),
                    files::shown(path)
                );
                code
            }
            Err(e) => fail(out, err, Exit::Write, &format!("cannot write {}: {e}", files::shown(path))),
        };
    }
    if let Some(path) = &pcap {
        code = match crate::trace::capture::save(&app.world().air, path) {
            Ok(n) => {
                let _ = writeln!(err, "printer-panel: wrote {n} frames to {}", files::shown(path));
                code
            }
            Err(e) => fail(out, err, Exit::Write, &e),
        };
        // With a computer, its wired side beside it.
        code = match crate::trace::lan_capture::save_beside(&app.world().air, path) {
            None => code,
            Some(Ok((lan, n))) => {
                let _ = writeln!(err, "printer-panel: wrote {n} frames of the wired side to {}", files::shown(&lan));
                code
            }
            Some(Err(e)) => fail(out, err, Exit::Write, &e),
        };
    }
    code
}
