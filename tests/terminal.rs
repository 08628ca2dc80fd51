//! The terminal is always given back: run the panel on a pseudo-terminal (util-linux
//! `script`), end it by `q`, by SIGTERM and by a panic, and read what it wrote last.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

const ENTER_ALT: &[u8] = b"\x1b[?1049h";
const LEAVE_ALT: &[u8] = b"\x1b[?1049l";
const MOUSE_OFF: &[u8] = b"\x1b[?1000l";
const CURSOR_ON: &[u8] = b"\x1b[?25h";

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What happens to the panel while it runs on the pseudo-terminal.
enum Step<'a> {
    Wait(u64),
    /// A signal sent to the panel itself (the child of `script`), by name.
    Signal(&'a str),
    Type(&'a [u8]),
    /// The panel's process state letter from /proc must be this (T: stopped).
    State(char),
}

/// The processes below `pid` (its children, theirs, ...), read from /proc: the panel is
/// found and signalled by its PID, never by a pattern that could match another process.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(p) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // The fields after the command's name, which may hold spaces: state, then ppid.
        let ppid = stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().nth(1)?.parse().ok());
        if let Some(ppid) = ppid {
            parents.push((p, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let parent = found[i];
        found.extend(parents.iter().filter(|(_, pp)| *pp == parent).map(|(p, _)| *p));
        i += 1;
    }
    found.remove(0);
    found
}

/// The panel's PID: the descendant of `script` that runs the panel's binary.
fn panel_pid(script: u32) -> Option<u32> {
    let bin = std::fs::canonicalize(env!("CARGO_BIN_EXE_printer-panel")).ok()?;
    descendants(script).into_iter().find(|p| std::fs::read_link(format!("/proc/{p}/exe")).is_ok_and(|exe| exe == bin))
}

fn signal(pid: u32, name: &str) {
    // Quiet: at clean-up most of them have already ended.
    let _ = Command::new("kill").args(["-s", name, &pid.to_string()]).stderr(Stdio::null()).status();
}

/// Runs the panel under `script` through `steps`. None when `script` is missing (a failure
/// under CI=true, where .ci/run installs it).
fn run_steps(args: &str, steps: &[Step]) -> Option<(Vec<u8>, Option<i32>)> {
    if Command::new("script").arg("--version").output().is_err() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("util-linux `script` is missing under CI=true: .ci/run should have installed it");
        }
        eprintln!("SKIPPED: util-linux `script` is not installed; terminal restoration was not checked");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_printer-panel");
    let mut child = Command::new("script")
        // A pipe for stdin gives the pseudo-terminal no size: set one, as a window would.
        .args(["-qec", &format!("stty cols 120 rows 36; {bin} {args}"), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    let mut stdin = child.stdin.take().expect("piped");
    let script = child.id();
    // Ends `script` and what it started (the panel among them), by PID, even when an
    // assertion fails halfway; only processes this test started.
    struct Cleanup(u32);
    impl Drop for Cleanup {
        fn drop(&mut self) {
            for pid in descendants(self.0).into_iter().rev().chain([self.0]) {
                signal(pid, "KILL");
            }
        }
    }
    let _cleanup = Cleanup(script);
    std::thread::sleep(Duration::from_millis(1500));
    // Polled, not timed: a loaded machine may take a while to start the panel.
    let mut panel = panel_pid(script);
    for _ in 0..100 {
        if panel.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
        panel = panel_pid(script);
    }
    let panel = panel.expect("the panel runs under script");
    for step in steps {
        match step {
            Step::Wait(ms) => std::thread::sleep(Duration::from_millis(*ms)),
            Step::Signal(name) => {
                // `script` stops itself when the panel stops (it passes job control on), so
                // `fg` continues it as well, as a shell would.
                if *name == "CONT" {
                    signal(script, "CONT");
                }
                signal(panel, name);
            }
            Step::Type(bytes) => {
                let _ = stdin.write_all(bytes);
                let _ = stdin.flush();
            }
            Step::State(letter) => {
                // Polled, not timed: a loaded machine may take a while to deliver a signal.
                let mut stat = String::new();
                for _ in 0..50 {
                    stat = std::fs::read_to_string(format!("/proc/{panel}/stat")).unwrap_or_default();
                    if stat.rsplit(')').next().and_then(|r| r.trim().chars().next()) == Some(*letter) {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                let state = stat.rsplit(')').next().and_then(|r| r.trim().chars().next());
                assert_eq!(state, Some(*letter), "process state of the panel ({stat})");
            }
        }
    }
    std::thread::sleep(Duration::from_millis(800));
    drop(stdin);
    let out = child.wait_with_output().expect("script ends");
    Some((out.stdout, out.status.code()))
}

/// Runs the panel under `script`; `input` is typed after a pause, after a SIGTERM if asked.
fn run_on_pty(args: &str, input: &[u8], signal: bool) -> Option<(Vec<u8>, Option<i32>)> {
    let mut steps = Vec::new();
    if signal {
        steps.push(Step::Signal("TERM"));
    }
    steps.push(Step::Type(input));
    run_steps(args, &steps)
}

fn assert_restored(out: &[u8]) {
    let entered = find(out, ENTER_ALT).expect("entered the alternate screen");
    let left = find(out, LEAVE_ALT).expect("left the alternate screen");
    assert!(left > entered);
    assert!(find(&out[entered..], MOUSE_OFF).is_some(), "mouse capture switched off");
    assert!(
        find(&out[left..], CURSOR_ON).is_some() || find(out, CURSOR_ON).is_some_and(|c| c > entered),
        "cursor shown again"
    );
}

#[test]
fn quitting_with_q_restores_the_terminal() {
    let Some((out, code)) = run_on_pty("--seed 1", b"q", false) else { return };
    assert_restored(&out);
    assert_eq!(code, Some(0));
}

#[test]
fn sigterm_restores_the_terminal() {
    let Some((out, _)) = run_on_pty("--seed 2 --no-mouse", b"", true) else { return };
    let entered = find(&out, ENTER_ALT).expect("entered");
    assert!(find(&out[entered..], LEAVE_ALT).is_some(), "left the alternate screen on SIGTERM");
}

#[test]
fn a_panic_restores_the_terminal_before_the_report() {
    let Some((out, code)) = run_on_pty("--seed 3 --debug-panic", b"", false) else { return };
    assert_restored(&out);
    let left = find(&out, LEAVE_ALT).unwrap();
    let report = find(&out, b"The application panicked").expect("color-eyre's report");
    assert!(report > left, "the report comes after the terminal is back");
    assert_eq!(code, Some(101));
}

#[test]
fn sigint_and_sigquit_from_outside_restore_the_terminal() {
    for (name, code) in [("INT", 130), ("QUIT", 131)] {
        let Some((out, exit)) = run_steps("--seed 4", &[Step::Signal(name)]) else { return };
        assert_restored(&out);
        assert_eq!(exit, Some(code), "SIG{name} ends with 128 + its number");
    }
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_takes_it_again_and_redraws() {
    // The key (raw mode sends Ctrl-Z as a byte), and SIGTSTP sent from outside.
    stop_and_continue(Step::Type(b"\x1a"), "--seed 5");
    stop_and_continue(Step::Signal("TSTP"), "--seed 6");
}

fn stop_and_continue(stop: Step, args: &str) {
    let steps = [stop, Step::Wait(500), Step::State('T'), Step::Signal("CONT"), Step::Wait(700), Step::Type(b"q")];
    let Some((out, exit)) = run_steps(args, &steps) else { return };
    assert_eq!(exit, Some(0), "quit normally after fg");
    let entered = find(&out, ENTER_ALT).expect("entered");
    let left = entered + find(&out[entered..], LEAVE_ALT).expect("left the alternate screen on Ctrl-Z");
    assert!(find(&out[entered..left], MOUSE_OFF).is_some(), "mouse capture off while stopped");
    let again = left + find(&out[left..], ENTER_ALT).expect("took the alternate screen again on fg");
    // The cursor is shown again before the shell has the terminal, not only at the end.
    assert!(find(&out[entered..again], CURSOR_ON).is_some(), "cursor back while stopped");
    let redrawn = find(&out[again..], "Inkwell 300".as_bytes()).expect("the whole panel drawn again");
    let last = again + find(&out[again..], LEAVE_ALT).expect("left again on q");
    assert!(again + redrawn < last);
}

/// `--record` on a real terminal: the keys typed, F2 (ESC O Q) for a screenshot, `q`; the
/// tape is written on quit and `play` replays it to a screen with the same PIN.
#[test]
fn a_live_session_recorded_as_a_tape_plays_back() {
    let dir = std::env::temp_dir().join(format!("printer-panel-record-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tape = dir.join("session.tape");
    let args = format!("--seed 21 --record {}", tape.display());
    // Settings > Wireless > Wi-Fi Protected Setup > PIN, a pause between keys as a person's.
    let mut steps = Vec::new();
    for key in [&b"j"[..], b"j", b"\r", b"\r", b"\r", b"j", b"\r"] {
        steps.extend([Step::Type(key), Step::Wait(200)]);
    }
    steps.extend([Step::Wait(1300), Step::Type(b"\x1bOQ"), Step::Wait(500), Step::Type(b"q")]);
    let Some((out, code)) = run_steps(&args, &steps) else { return };
    assert_restored(&out);
    assert_eq!(code, Some(0));
    let text = std::fs::read_to_string(&tape).expect("the tape is written on quit");
    assert!(text.contains("Type \"printer-panel --seed 21\""), "{text}");
    assert!(text.contains("Screenshot shot-1.png"), "{text}");
    let screens = dir.join("screens");
    let played = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["play", tape.to_str().unwrap(), "--no-output", "--screens", screens.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(played.status.success(), "{}", String::from_utf8_lossy(&played.stderr));
    let shot = std::fs::read_to_string(screens.join("shot-1.txt")).unwrap();
    let pin = Command::new(env!("CARGO_BIN_EXE_printer-panel")).args(["pin", "new", "--seed", "21"]).output().unwrap();
    let pin = String::from_utf8(pin.stdout).unwrap();
    let grouped = format!("{}-{}", &pin[..4], &pin[4..8]);
    assert!(shot.contains(&grouped), "the replay shows the session's PIN {grouped}:\n{shot}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Served on every address, the panel shows an address a browser can open, never
/// http://0.0.0.0 (which browsers refuse), and a password that is not the seed's.
#[test]
fn the_page_on_every_address_is_shown_where_it_can_be_reached() {
    let steps = [Step::Wait(500), Step::Type(b"q")];
    let Some((out, code)) = run_steps("--seed 4 --router-web 0.0.0.0:0", &steps) else { return };
    assert_eq!(code, Some(0));
    let screen = String::from_utf8_lossy(&out);
    assert!(screen.contains("http://"), "an address is shown");
    assert!(!screen.contains("0.0.0.0"), "not the unspecified one");
    // The same seed without the page draws this label password; with it, another.
    let options = printer_panel::app::Options { seed: Some(4), ..printer_panel::app::Options::default() };
    let seeded = printer_panel::app::App::new(options).world().admin_password.clone();
    assert!(!screen.contains(&seeded), "the label password is not the seed's ({seeded})");
}

/// A recording survives its session being killed: the tape is written as keys come, so
/// after SIGKILL (nothing of the panel's runs) it holds every key so far and plays. An
/// existing tape is not replaced without --force.
#[test]
fn a_killed_recording_keeps_its_keys() {
    let dir = std::env::temp_dir().join(format!("printer-panel-killed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tape = dir.join("session.tape");
    let args = format!("--seed 21 --record {}", tape.display());
    let mut steps = Vec::new();
    for key in [&b"j"[..], b"j", b"\r"] {
        steps.extend([Step::Type(key), Step::Wait(300)]);
    }
    steps.extend([Step::Wait(500), Step::Signal("KILL"), Step::Wait(300)]);
    let Some(_) = run_steps(&args, &steps) else { return };
    let text = std::fs::read_to_string(&tape).expect("the tape is on disk before the session ends");
    let body: Vec<&str> = text.lines().skip_while(|l| *l != "Show").filter(|l| !l.starts_with("Sleep")).collect();
    assert_eq!(body, ["Show", "Type \"j\"", "Type \"j\"", "Enter"], "{text}");
    let played = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["play", tape.to_str().unwrap(), "--no-output"])
        .output()
        .unwrap();
    assert!(played.status.success(), "{}", String::from_utf8_lossy(&played.stderr));
    // Recording over it again is refused, and the tape is kept.
    let again =
        Command::new(env!("CARGO_BIN_EXE_printer-panel")).args(["--record", tape.to_str().unwrap()]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("exists already"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_eq!(std::fs::read_to_string(&tape).unwrap(), text);
    let _ = std::fs::remove_dir_all(&dir);
}

/// An exercise sat on a real terminal: the learner reads the sheet, fixes the router and
/// joins the printer, then quits; the result and its tape are written into --results, and
/// `exercise results` replays the tape (typed with a person's timing, on the live clock) to
/// the same score.
#[test]
fn an_exercise_sat_on_a_terminal_is_confirmed_by_its_tape() {
    let dir = std::env::temp_dir().join(format!("printer-panel-sitting-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let args = format!("--exercise fault-wep --learner Pat --speed 10 --results {}", dir.display());
    let mut steps = Vec::new();
    for key in [&b"\x1b"[..], b"e", b"\x1b[C", b"\r", b"W"] {
        steps.extend([Step::Type(key), Step::Wait(300)]);
    }
    steps.extend([Step::Wait(500), Step::Type(b"b"), Step::Wait(4000), Step::Type(b"q")]);
    let Some((out, code)) = run_steps(&args, &steps) else { return };
    assert_restored(&out);
    assert_eq!(code, Some(0), "{}", String::from_utf8_lossy(&out));
    let result = std::fs::read_to_string(dir.join("fault-wep-Pat.json")).expect("the result is written on quit");
    assert!(result.contains("\"ending\": \"goal-reached\"") && result.contains("\"score\": 100"), "{result}");
    assert!(dir.join("fault-wep-Pat.tape").exists());
    let listed = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["exercise", "results", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let table = String::from_utf8_lossy(&listed.stdout);
    assert!(listed.status.success(), "{table}{}", String::from_utf8_lossy(&listed.stderr));
    assert!(table.contains("Pat") && table.contains("100/100") && !table.contains("FLAGGED"), "{table}");
    // The trainer watches how it was done: the tape plays as any tape does.
    let tape = dir.join("fault-wep-Pat.tape");
    let played = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["play", tape.to_str().unwrap(), "--no-output"])
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&played.stdout);
    assert!(played.status.success(), "{}", String::from_utf8_lossy(&played.stderr));
    assert!(screen.contains("Done: the goal is reached") && screen.contains("Score 100 of 100"), "{screen}");
    // Sat again into the same folder: refused, the first result kept.
    let again = Command::new(env!("CARGO_BIN_EXE_printer-panel")).args(args.split(' ')).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let _ = std::fs::remove_dir_all(&dir);
}
