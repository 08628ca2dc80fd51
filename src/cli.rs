//! Running the command line: the panel by default (in `main`), and the engine's own commands.
//!
//! Exit codes: 0 done; 1 the answer is no (a registration failed, a PIN is refused, input
//! cannot be decoded or played); 2 the command line is wrong; 74 the output could not be
//! written (standard output, a capture or a screenshot; 74 is EX_IOERR of sysexits.h).

use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::ExitCode;

use crate::files;
use crate::options::{Command, MethodArg, PinAction, WireRole};
use crate::trace::decode;
use crate::trace::simulate::{self, Method, SimOptions};
use crate::wire;
use crate::wps::enrollee::Password;
use crate::wps::entropy::Csprng;
use crate::wps::pin;

/// How a command ended when it did not end well: the exit codes above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The answer is no: a registration failed, a PIN is refused, input cannot be read.
    No = 1,
    /// The command line is wrong.
    Usage = 2,
    /// The output could not be written.
    Write = 74,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// A command's error: what standard error is told, and the exit code it carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl std::fmt::Display) -> Failure {
        Failure { exit, message: message.to_string() }
    }
}

/// What a command has to say: its output, a message for standard error, its exit code.
#[derive(Debug, Default)]
pub struct Said {
    pub out: String,
    pub err: String,
    /// 0, or an [`Exit`]'s code.
    pub code: u8,
}

impl Said {
    fn out(out: impl Into<String>) -> Said {
        Said { out: out.into(), ..Said::default() }
    }

    pub fn error(exit: Exit, message: impl std::fmt::Display) -> Said {
        Said { err: format!("printer-panel: {message}\n"), code: exit as u8, ..Said::default() }
    }
}

impl From<Failure> for Said {
    fn from(failure: Failure) -> Said {
        Said::error(failure.exit, failure.message)
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
            ExitCode::from(Exit::Write)
        }
    }
}

/// Runs a subcommand, writing to `out` and `err`; returns the process exit code.
pub fn run_command(command: Command, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let said = match command {
        Command::Wire { role } => return wire(role, out, err),
        Command::Pin { action } => pin(action),
        Command::Decode { hex } => {
            let input = if hex == ["-"] { read_stdin_text() } else { Ok(hex.join(" ")) };
            match input {
                Err(e) => Said::error(Exit::No, format!("cannot decode: {e}")),
                Ok(input) => match decode::decode_text(&input) {
                    Ok(text) => Said::out(text),
                    Err(e) => Said::error(Exit::No, format!("cannot decode: {e}")),
                },
            }
        }
        Command::Play(args) => play(&args),
        Command::Simulate(args) => simulate(args),
        Command::Exercise { action } => exercise(action),
    };
    tell(said, out, err)
}

/// `printer-panel exercise ...`: the trainer's commands.
fn exercise(action: crate::options::ExerciseAction) -> Said {
    use crate::exercise::{Exercise, builtin, check};
    use crate::options::ExerciseAction;
    match action {
        ExerciseAction::Check { exercise } => {
            let exercise = match Exercise::load(&exercise) {
                Ok(e) => e,
                Err(e) => return Said::error(Exit::No, e),
            };
            let proofs: Vec<check::Proof> =
                check::draws(&exercise).into_iter().map(|d| check::prove(&exercise, d)).collect();
            let (text, solved) = check::report(&exercise, &proofs);
            let err =
                if solved { String::new() } else { "printer-panel: the guide does not solve every draw\n".into() };
            Said { out: text, err, code: if solved { 0 } else { Exit::No as u8 } }
        }
        ExerciseAction::List => {
            let mut out = String::new();
            for (name, text) in builtin::BUILT_IN {
                match Exercise::parse(&format!("{name}.toml"), text) {
                    Ok(e) => out.push_str(&format!("{name:<22} {}\n", e.sheet.title)),
                    Err(e) => return Said::error(Exit::No, e),
                }
            }
            Said::out(out)
        }
        ExerciseAction::Results { dir, exercises, csv } => {
            match crate::class::collect(&dir, &exercises, csv.as_deref()) {
                Ok(c) => Said {
                    out: c.table,
                    err: format!(
                        "printer-panel: {} results, {} confirmed by their tapes, {} flagged; CSV in {}\n",
                        c.count,
                        c.count - c.flagged,
                        c.flagged,
                        files::shown(&c.csv_path)
                    ),
                    code: if c.flagged > 0 { Exit::No as u8 } else { 0 },
                },
                Err((true, e)) => Said::error(Exit::Write, e),
                Err((false, e)) => Said::error(Exit::No, e),
            }
        }
    }
}

/// `wire` prints as things happen, so it writes as it goes instead of through [`Said`].
fn wire(role: WireRole, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let run = match role {
        WireRole::Printer(args) => {
            let password = match &args.pin {
                Some(p) => match wire::wire_pin(p) {
                    Ok(pin) => Password::Pin(pin),
                    Err(e) => return tell(Said::error(Exit::Usage, e), out, err),
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
            let (ssid, passphrase) = match network(&args.network) {
                Ok(n) => n,
                Err(e) => return tell(Said::error(Exit::Usage, e), out, err),
            };
            let ap_pin = match args.ap_pin.as_deref().map(wire::wire_pin).transpose() {
                Ok(pin) => pin,
                Err(e) => return tell(Said::error(Exit::Usage, format!("--ap-pin: {e}")), out, err),
            };
            let mut commands = Vec::new();
            if args.pbc {
                commands.push("wps_pbc".to_string());
            }
            if let Some(p) = &args.pin {
                if let Err(e) = wire::wire_pin(p) {
                    return tell(Said::error(Exit::Usage, e), out, err);
                }
                commands.push(format!("wps_pin any {p}"));
            }
            let job = wire::RouterJob {
                iface: args.link.iface,
                ssid,
                passphrase,
                commands,
                once: args.once,
                fragment_size: args.link.fragment_size as usize,
                debug: args.link.debug,
                upnp: args.upnp,
                ap_pin,
            };
            wire::run_router(&job, out)
        }
        WireRole::Computer(args) => {
            let (ssid, passphrase) = match network(&args.network) {
                Ok(n) => n,
                Err(e) => return tell(Said::error(Exit::Usage, e), out, err),
            };
            let pin = match wire::wire_pin(&args.pin) {
                Ok(pin) => pin,
                Err(e) => return tell(Said::error(Exit::Usage, e), out, err),
            };
            let job =
                wire::ComputerJob { iface: args.iface, pin, ssid, passphrase, once: args.once, debug: args.debug };
            wire::run_computer(&job, out)
        }
        WireRole::Relay(args) => {
            let [a, b] = <[String; 2]>::try_from(args.between).unwrap_or_default();
            wire::run_relay(&wire::RelayJob { ifaces: [a, b], lose: args.lose, debug: args.debug }, out)
        }
    };
    match run {
        Ok(wire::Ended::Success) => ExitCode::SUCCESS,
        Ok(wire::Ended::Failed) => ExitCode::from(Exit::No),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::from(Exit::No),
        Err(e) => tell(Said::error(Exit::No, e), out, err),
    }
}

fn pin(action: PinAction) -> Said {
    match action {
        // Seeded, the same PIN the panel's printer shows first with that seed.
        PinAction::New { seed } => {
            let pin = match seed {
                Some(seed) => crate::sim::world::World::first_pin(seed),
                None => pin::generate(Csprng::from_os().rng()),
            };
            Said::out(format!("{pin}\n"))
        }
        PinAction::Check { pin: input } => match pin::check(&input) {
            Ok(p) => Said::out(format!("{p}\n")),
            Err(e) => Said { out: format!("{}\n", e.hostapd_reply()), ..Said::error(Exit::No, e) },
        },
    }
}

/// A passphrase from the first line of a file, or of standard input for `-`: kept off the
/// command line, where every user of the machine can read it.
/// Standard input as text, at most 1 MiB (a pasted UPnP body, `decode -`).
fn read_stdin_text() -> Result<String, String> {
    use std::io::Read;
    const LIMIT: u64 = 1 << 20;
    let mut text = String::new();
    std::io::stdin().take(LIMIT + 1).read_to_string(&mut text).map_err(|e| format!("standard input: {e}"))?;
    if text.len() as u64 > LIMIT {
        return Err("standard input: more than 1 MiB".into());
    }
    Ok(text)
}

/// The network a registrar hands over: its name and passphrase (from the command line, a
/// file or standard input), each checked.
fn network(args: &crate::options::WireNetworkArgs) -> Result<(String, String), String> {
    let passphrase = match (&args.passphrase, &args.passphrase_file) {
        (Some(p), _) => p.clone(),
        (None, Some(file)) => read_passphrase(file)?,
        (None, None) => "correct horse battery".to_string(),
    };
    if !(8..=63).contains(&passphrase.len()) {
        return Err("--passphrase: WPA2 takes 8 to 63 characters".into());
    }
    if args.ssid.is_empty() || args.ssid.len() > 32 {
        return Err("--ssid: a network name has 1 to 32 bytes".into());
    }
    Ok((args.ssid.clone(), passphrase))
}

fn read_passphrase(file: &Path) -> Result<String, String> {
    use std::io::Read;
    const LIMIT: u64 = 1024;
    let text = if file == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(LIMIT)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("--passphrase-file -: cannot read standard input: {e}"))?;
        String::from_utf8(bytes).map_err(|_| "--passphrase-file -: not UTF-8 text".to_string())?
    } else {
        files::read_text(file, LIMIT).map_err(|e| format!("--passphrase-file: {e}"))?
    };
    let line = text.lines().next().unwrap_or_default();
    Ok(line.to_string())
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
        return Said::error(Exit::Usage, "--printer-pin and --router-pin go with --method pin");
    }
    if let Some(path) = &args.pcap
        && let Err(e) = files::check_writable(path)
    {
        return Said::error(Exit::Usage, e);
    }
    let report = simulate::run(&options);
    let mut said = Said::out(if args.json {
        format!("{}\n", serde_json::to_string_pretty(&report.to_json()).unwrap_or_default())
    } else {
        report.to_text()
    });
    said.code = if report.succeeded() { 0 } else { Exit::No as u8 };
    if let Some(path) = &args.pcap {
        match crate::trace::capture::save(&report.air, path) {
            Ok(n) => said.err = format!("printer-panel: wrote {n} frames to {}\n", files::shown(path)),
            Err(e) => {
                said.err = format!("printer-panel: {e}\n");
                said.code = Exit::Write as u8;
            }
        }
    }
    said
}

fn play(args: &crate::options::PlayArgs) -> Said {
    let tape = args.tape.as_path();
    let text = match files::read_text(tape, files::TEXT_LIMIT) {
        Ok(t) => t,
        Err(e) => return Said::error(Exit::No, e),
    };
    if args.check {
        let folder = tape_folder(tape);
        let refused = crate::tape::vhs::check(&text, &crate::tape::vhs::Sources::In(folder));
        let mut refused = refused;
        // Where the tape would write, checked as play checks it before playing.
        let typed = crate::tape::command::parse_from(&text, &crate::tape::vhs::Sources::In(folder));
        if refused.is_empty()
            && let Err(e) = &typed
        {
            // VHS would take it; play would not (its limits).
            refused.push((e.line, e.message.clone()));
        }
        if refused.is_empty()
            && let Ok(commands) = typed
        {
            for c in &commands {
                if let crate::tape::command::Step::Output(path) = &c.step
                    && let Err(e) = output_path(tape, c.line, path)
                {
                    let why = e.split_once(": ").map_or(e.as_str(), |(_, why)| why).to_string();
                    refused.push((c.line, why));
                }
            }
        }
        if refused.is_empty() {
            return Said::out(format!("{}: VHS accepts every line\n", files::shown(tape)));
        }
        let lines: String = refused
            .iter()
            .map(|(line, why)| format!("printer-panel: {}:{line}: {why}\n", files::shown(tape)))
            .collect();
        return Said { err: lines, code: Exit::No as u8, ..Said::default() };
    }
    match play_and_render(tape, &text, args) {
        Ok((screen, notes)) => Said { out: screen, err: notes, code: 0 },
        Err(failure) => failure.into(),
    }
}

/// The folder a tape is in: where its `Output` and `Source` paths are read from.
fn tape_folder(tape: &Path) -> &Path {
    tape.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// What a tape's `Output` line asks for.
enum Wanted {
    Gif,
    Golden,
    Frames,
    /// Video: VHS's job, not printer-panel's.
    Video,
}

/// An `Output` path, checked: relative and inside the tape's folder (a tape from elsewhere
/// must not write where it likes), then resolved against that folder.
fn output_path(tape: &Path, line: usize, written: &str) -> Result<(std::path::PathBuf, Wanted), String> {
    let written = written.trim().trim_matches(|c| c == '"' || c == '\'' || c == '`');
    let path = Path::new(written);
    let escapes =
        path.components().any(|c| !matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
    if written.is_empty() || escapes {
        return Err(format!(
            "{}:{line}: Output {}: give a path relative to the tape's folder, without .. (or use --gif, --png, --cast, --txt)",
            files::shown(tape),
            files::shown(path)
        ));
    }
    let folder = tape_folder(tape);
    let wanted = match path.extension().and_then(|e| e.to_str()) {
        _ if written.ends_with('/') => Wanted::Frames,
        Some("gif") => Wanted::Gif,
        Some("txt" | "ascii" | "test") => Wanted::Golden,
        Some("mp4" | "webm") => Wanted::Video,
        _ => {
            return Err(format!(
                "{}:{line}: Output {}: printer-panel writes .gif, .txt, .ascii or a folder/ of PNG frames",
                files::shown(tape),
                files::shown(path)
            ));
        }
    };
    let target = folder.join(path);
    // Links are followed as the writer would follow them: the folder the file lands in (for
    // a file: its parent, since the file itself is replaced, never written through) must
    // really be inside the tape's folder.
    let lands_in = match wanted {
        Wanted::Frames => target.clone(),
        _ => files::folder_of(&target),
    };
    if !stays_inside(folder, &lands_in) {
        return Err(format!(
            "{}:{line}: Output {}: a link takes it outside the tape's folder; give a path that stays inside it",
            files::shown(tape),
            files::shown(path)
        ));
    }
    Ok((target, wanted))
}

/// Whether `path`, with every link in it resolved, is inside `folder` (the parts of `path`
/// that do not exist yet are made inside their nearest existing ancestor, which is checked).
fn stays_inside(folder: &Path, path: &Path) -> bool {
    let Ok(root) = folder.canonicalize() else { return false };
    let mut probe = Some(path);
    while let Some(p) = probe {
        if let Ok(real) = p.canonicalize() {
            return real.starts_with(&root);
        }
        // A dangling link is not followed anywhere safe: refuse it.
        if std::fs::symlink_metadata(p).is_ok() {
            return false;
        }
        probe = p.parent().filter(|q| !q.as_os_str().is_empty());
    }
    false
}

fn make_folder(dir: &Path) -> Result<(), Failure> {
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::new(
            Exit::Write,
            format!("cannot write into {}: it is a file, not a folder", files::shown(dir)),
        ));
    }
    std::fs::create_dir_all(dir)
        .and_then(|()| if dir.is_dir() { Ok(()) } else { Err(std::io::Error::other("not a folder")) })
        .map_err(|e| Failure::new(Exit::Write, format!("cannot write into {}: {e}", files::shown(dir))))
}

fn write_file(path: &Path, bytes: &[u8], notes: &mut String, what: &str) -> Result<(), Failure> {
    files::write_atomic(path, bytes)
        .map_err(|e| Failure::new(Exit::Write, format!("cannot write {}: {e}", files::shown(path))))?;
    notes.push_str(&format!("printer-panel: wrote {} ({what})\n", files::shown(path)));
    Ok(())
}

/// Plays the tape, recording it when something is to be rendered, and writes the renders:
/// the final screen, and notes for standard error.
fn play_and_render(tape: &Path, text: &str, args: &crate::options::PlayArgs) -> Result<(String, String), Failure> {
    use crate::tape::render;
    let shown_tape = files::shown(tape);
    let folder = tape_folder(tape);
    let sources = crate::tape::vhs::Sources::In(folder);
    let commands = crate::tape::command::parse_from(text, &sources)
        .map_err(|e| Failure::new(Exit::No, format!("{shown_tape}:{e}")))?;
    let mut outputs = Vec::new();
    if !args.no_output {
        for c in &commands {
            if let crate::tape::command::Step::Output(path) = &c.step {
                outputs.push(output_path(tape, c.line, path).map_err(|e| Failure::new(Exit::No, e))?);
            }
        }
    }
    // Everything that will be written is checked before the tape plays.
    for file in [&args.gif, &args.cast, &args.txt].into_iter().flatten() {
        files::check_writable(file).map_err(|e| Failure::new(Exit::Write, e))?;
    }
    for (path, wanted) in &outputs {
        match wanted {
            Wanted::Frames => make_folder(path)?,
            Wanted::Video => {}
            _ => files::check_writable(path).map_err(|e| Failure::new(Exit::Write, e))?,
        }
    }
    for dir in [&args.png, &args.svg].into_iter().flatten() {
        make_folder(dir)?;
    }
    let renders = [&args.gif, &args.png, &args.svg, &args.cast, &args.txt].iter().any(|a| a.is_some());
    let record = renders || outputs.iter().any(|(_, w)| !matches!(w, Wanted::Video));
    use crate::tape::command::MAX_FRAME_FILES;
    let started = std::time::Instant::now();
    let limit = std::time::Duration::from_secs(args.time_limit);
    let deadline = started + limit;
    let in_time = || {
        if std::time::Instant::now() > deadline {
            Err(Failure::new(Exit::No, format!("{shown_tape}: {}", crate::tape::play::over_time(limit))))
        } else {
            Ok(())
        }
    };
    let report = crate::tape::play::play_until(text, &sources, args.screens.as_deref(), record, Some(deadline))
        .map_err(|e| {
            let exit = if e.write { Exit::Write } else { Exit::No };
            Failure::new(exit, format!("{shown_tape}:{e}"))
        })?;
    let rec = &report.recording;
    // A folder of PNG frames is bounded in files, said before anything is written.
    if outputs.iter().any(|(_, w)| matches!(w, Wanted::Frames)) && rec.frames.len() > MAX_FRAME_FILES {
        return Err(Failure::new(
            Exit::No,
            format!(
                "{shown_tape}: the tape shows {} frames; a folder of PNG frames takes at most {MAX_FRAME_FILES} (lower its Framerate, or render a GIF)",
                rec.frames.len()
            ),
        ));
    }
    let mut notes = String::new();
    for (line, warning) in &report.warnings {
        notes
            .push_str(&format!("printer-panel: {shown_tape}:{line}: {}\n", crate::text::printable(warning.as_bytes())));
    }
    let length = format!("{} frames, {:.1} s", rec.frames.len(), report.shown.as_secs_f64());
    let fail = |e: String| Failure::new(Exit::No, format!("{shown_tape}: {e}"));
    // One painter for every PNG: its glyphs are rasterised once.
    let mut painter = render::image::Painter::new(&rec.style, None);
    let mut gif: Option<Vec<u8>> = None;
    let mut gif_bytes = || -> Result<Vec<u8>, Failure> {
        if gif.is_none() {
            gif = Some(render::gif::encode_until(rec, Some(deadline)).map_err(|e| match e {
                None => Failure::new(Exit::No, format!("{shown_tape}: {}", crate::tape::play::over_time(limit))),
                Some(e) => fail(e),
            })?);
        }
        Ok(gif.clone().unwrap_or_default())
    };
    if let Some(path) = &args.gif {
        write_file(path, &gif_bytes()?, &mut notes, &length)?;
    }
    for (path, wanted) in &outputs {
        match wanted {
            Wanted::Gif => write_file(path, &gif_bytes()?, &mut notes, &length)?,
            Wanted::Golden => write_file(path, report.golden.as_bytes(), &mut notes, "golden text")?,
            Wanted::Frames => {
                let mut n = 0;
                rec.each_played(|screen, _| -> Result<(), Failure> {
                    in_time()?;
                    n += 1;
                    let png = painter.png_of(screen).map_err(fail)?;
                    let file = path.join(format!("frame-{n:05}.png"));
                    files::write_atomic(&file, &png)
                        .map_err(|e| Failure::new(Exit::Write, format!("cannot write {}: {e}", files::shown(&file))))
                })?;
                notes.push_str(&format!("printer-panel: wrote {n} frames into {}\n", files::shown(path)));
            }
            Wanted::Video => notes.push_str(&format!(
                "printer-panel: not written: {} (video is VHS's job; printer-panel writes .gif)\n",
                files::shown(path)
            )),
        }
    }
    if let Some(dir) = &args.png {
        for (name, screen) in &rec.shots {
            let png = painter.png_of(screen).map_err(fail)?;
            write_file(&dir.join(format!("{name}.png")), &png, &mut notes, "screenshot")?;
        }
    }
    if let Some(dir) = &args.svg {
        for (name, screen) in &rec.shots {
            let svg = render::svg::encode(&rec.style, screen);
            write_file(&dir.join(format!("{name}.svg")), svg.as_bytes(), &mut notes, "screenshot")?;
        }
    }
    if let Some(path) = &args.cast {
        let cast = render::cast::encode(rec).map_err(fail)?;
        write_file(path, cast.as_bytes(), &mut notes, &length)?;
    }
    if let Some(path) = &args.txt {
        write_file(path, report.golden.as_bytes(), &mut notes, "golden text")?;
    }
    if record {
        notes.push_str(&format!(
            "printer-panel: rendered {:.1} s of tape in {:.2} s\n",
            report.shown.as_secs_f64(),
            started.elapsed().as_secs_f64()
        ));
    }
    Ok((report.final_screen, notes))
}
