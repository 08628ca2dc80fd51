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

/// Runs the panel under `script`; `input` is typed after a pause. None when `script` is missing.
fn run_on_pty(args: &str, input: &[u8], signal: bool) -> Option<(Vec<u8>, Option<i32>)> {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: util-linux `script` is not installed; terminal restoration was not checked");
        return None;
    }
    let bin = env!("CARGO_BIN_EXE_printer-panel");
    let mut child = Command::new("script")
        .args(["-qec", &format!("{bin} {args}"), "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("script runs");
    std::thread::sleep(Duration::from_millis(1500));
    if signal {
        // SIGTERM to the panel itself (the child of `script`).
        let _ = Command::new("pkill").args(["-TERM", "-f", &format!("^{bin} {args}")]).status();
    }
    let mut stdin = child.stdin.take().expect("piped");
    let _ = stdin.write_all(input);
    let _ = stdin.flush();
    std::thread::sleep(Duration::from_millis(800));
    drop(stdin);
    let out = child.wait_with_output().expect("script ends");
    Some((out.stdout, out.status.code()))
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
