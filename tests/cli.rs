//! The command line as a user meets it: outputs, exit codes, clear errors.

use printer_panel::keys::event::KeyCode::{Down, Enter};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_printer-panel")).args(args).output().expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn pin_new_prints_a_valid_pin_and_seeds_repeat() {
    let o = run(&["pin", "new"]);
    assert!(o.status.success());
    let pin = stdout(&o).trim().to_string();
    assert_eq!(pin.len(), 8);
    assert!(printer_panel::wps::pin::check(&pin).is_ok(), "{pin}");
    assert_eq!(stdout(&run(&["pin", "new", "--seed", "4"])), stdout(&run(&["pin", "new", "--seed", "4"])));
}

#[test]
fn pin_check_answers_like_hostapd() {
    let o = run(&["pin", "check", "1234-5670"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), "12345670\n");
    let o = run(&["pin", "check", "12345678"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "FAIL-CHECKSUM\n");
    assert!(stderr(&o).contains("a digit is wrong (the check digit does not match)"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("last digit should be"), "it does not send people to the wrong digit");
    let o = run(&["pin", "check", "123"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "FAIL\n");
    assert!(run(&["pin", "check", "1234"]).status.success());
}

#[test]
fn decode_names_attributes_of_a_whole_frame() {
    let frame = "0100000e 0101000e fe00372a 00000001 0100";
    let o = run(&["decode", frame]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("op-code WSC_Start"), "{}", stdout(&o));
    let vectors = include_str!("vectors/iwd-pbc-session.txt");
    let m1 = vectors.lines().find(|l| l.starts_with("eap_wsc_m1 ")).unwrap().split('=').nth(1).unwrap().trim();
    let text = stdout(&run(&["decode", m1]));
    for expected in [
        "Message Type (0x1022, 1 bytes): M1 (0x04)",
        "UUID-E",
        "MAC Address (0x1020, 6 bytes): a0:a8:cd:1c:7e:c9",
        "Device Password ID (0x1012, 2 bytes): 4 (PushButton)",
        "WFA, Version2 2.0",
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
}

#[test]
fn decode_refuses_bad_input_clearly() {
    let o = run(&["decode", "10 4a zz"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("'z' at position 4 is not a hex digit"), "{}", stderr(&o));
    let o = run(&["decode", "104a0005 10"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("Version at offset 0 says 5 bytes"), "{}", stderr(&o));
}

#[test]
fn simulate_exit_codes_name_the_failure() {
    let o = run(&["simulate", "--method", "pbc", "--seed", "1"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let text = stdout(&o);
    for arrow in ["EAPOL-Start", "EAP-Request/Identity", "WSC_Start", "M1", "M8", "WSC_Done", "EAP-Failure"] {
        assert!(text.contains(arrow), "{arrow} missing:\n{text}");
    }
    let o =
        run(&["simulate", "--method", "pin", "--printer-pin", "55554444", "--router-pin", "12345670", "--seed", "1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("failed at M4: config_error=18"), "{}", stdout(&o));
    let o = run(&["simulate", "--method", "pin", "--printer-pin", "12344444", "--router-pin", "12345670", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["failed_message"], "M6");
    assert_eq!(json["config_error"], 18);
}

#[test]
fn simulate_with_a_seed_is_identical_run_to_run() {
    let a = run(&["simulate", "--method", "pin", "--seed", "42", "--json"]);
    let b = run(&["simulate", "--method", "pin", "--seed", "42", "--json"]);
    assert_eq!(a.stdout, b.stdout);
    assert!(a.status.success());
}

#[test]
fn bad_flags_give_a_clear_message_and_non_zero_exit() {
    let o = run(&["simulate", "--method", "wps"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("invalid value 'wps'"), "{}", stderr(&o));
    let o = run(&["--frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["simulate", "--method", "pbc", "--printer-pin", "1234"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("go with --method pin"));
}

#[test]
fn the_panel_without_a_terminal_says_so_and_exits_non_zero() {
    let o = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .stdin(std::process::Stdio::null())
        .output()
        .expect("binary runs");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("needs an interactive terminal"), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing drawn into a pipe");
}

#[test]
fn a_broken_theme_file_is_named_with_line_and_key() {
    let dir = std::env::temp_dir().join(format!("printer-panel-theme-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.toml");
    let text = include_str!("../themes/classic.toml").replace("text = \"#0f380f\"", "text = \"not-a-colour\"");
    std::fs::write(&path, &text).unwrap();
    let o = run(&["--theme", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "a broken option is a usage error");
    let line = text.lines().position(|l| l.contains("not-a-colour")).unwrap() + 1;
    let err = stderr(&o);
    assert!(err.contains(&format!("broken.toml, line {line}, key `lcd.text`")), "{err}");
    let o = run(&["--theme", "no-such-theme"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a built-in theme (classic, amber, high-contrast, light)"), "{}", stderr(&o));
}

#[test]
fn lists_of_themes_and_models() {
    let o = run(&["--list-themes"]);
    assert!(o.status.success());
    for name in ["classic", "amber", "high-contrast"] {
        assert!(stdout(&o).contains(name));
    }
    let o = run(&["--list-models"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("inkwell-300"));
    let o = run(&["--model", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown model 'nope'"));
}

#[test]
fn output_errors_have_their_own_exit_code_and_a_closed_pipe_is_quiet() {
    use std::process::{Command, Stdio};
    let bin = env!("CARGO_BIN_EXE_printer-panel");
    for args in [&["--list-scenarios"][..], &["pin", "new"], &["simulate", "--method", "pbc", "--seed", "1"]] {
        let full = Command::new(bin).args(args).stdout(std::fs::File::create("/dev/full").unwrap()).output().unwrap();
        assert_eq!(full.status.code(), Some(74), "{args:?} into /dev/full");
        assert!(String::from_utf8_lossy(&full.stderr).contains("cannot write the output"), "{args:?}");
    }
    // A reader that goes away at once: no panic, no message.
    let mut child =
        Command::new(bin).arg("--list-scenarios").stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn captures_are_checked_before_and_written_whole() {
    let o = run(&["simulate", "--method", "pbc", "--seed", "1", "--pcap", "/no/such/folder/x.pcap"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("the folder /no/such/folder does not exist"), "{}", stderr(&o));
    let o = run(&["--pcap", "/no/such/folder/x.pcap"]);
    assert_eq!(o.status.code(), Some(2), "the panel checks --pcap before it starts");
    // A device is not a file to write (a FIFO would hang the writer): refused before any work.
    let o = run(&["simulate", "--method", "pbc", "--seed", "1", "--pcap", "/dev/full"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write /dev/full: it is a device, not a regular file"), "{}", stderr(&o));
}

#[test]
fn text_from_outside_never_reaches_the_terminal_raw() {
    let o = run(&["decode", "0100001302010013011b5b3f31303439681b5b3f32356c"]);
    assert!(o.status.success());
    assert!(!o.stdout.contains(&0x1b), "{}", stdout(&o));
    // An identity with a right-to-left override (U+202E, bytes e2 80 ae) in it: escaped,
    // as every other control is, not reordering the line.
    let o = run(&["decode", "0100000f0201000f01e280ae7072696e746572"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains('\u{202e}'), "{}", stdout(&o));
    assert!(stdout(&o).contains("\\u{202e}printer"), "{}", stdout(&o));
    let o = run(&["--model", "\u{1b}]0;title\u{7}"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!o.stderr.contains(&0x1b) && !o.stderr.contains(&0x07), "{}", stderr(&o));
    let o = run(&["simulate", "--method", "pin", "--printer-pin", "\u{1b}[31m12345670", "--seed", "1"]);
    assert!(!o.stdout.contains(&0x1b), "{}", stdout(&o));
    let o = run(&["decode", "\u{1b}"]);
    assert!(!o.stderr.contains(&0x1b), "{}", stderr(&o));
    let o = run(&["--speed", "1e308"]);
    assert!(stderr(&o).contains("--speed 1e308:"), "a number as people write it: {}", stderr(&o));
    let o = run(&["--speed", "-1"]);
    assert!(stderr(&o).contains("--speed -1: give a factor"), "{}", stderr(&o));
}

#[test]
fn themes_and_tapes_that_are_not_small_regular_files_are_refused_at_once() {
    let o = run(&["--theme", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let o = run(&["play", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    let fifo = std::env::temp_dir().join(format!("printer-panel-fifo-{}", std::process::id()));
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    if made {
        let o = run(&["play", fifo.to_str().unwrap()]);
        assert!(stderr(&o).contains("not a regular file"), "a FIFO does not block: {}", stderr(&o));
        let _ = std::fs::remove_file(&fifo);
    }
}

#[test]
fn odd_option_values_get_our_own_clear_words() {
    use std::os::unix::ffi::OsStrExt;
    let bin = env!("CARGO_BIN_EXE_printer-panel");
    // A theme path that is not UTF-8 is a path like any other.
    let odd = std::ffi::OsStr::from_bytes(b"/nonexistent/th\xffme.toml");
    let o = std::process::Command::new(bin).arg("--theme").arg(odd).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file, and not a built-in theme"), "{}", stderr(&o));
    // NO_COLOR does not skip a broken theme file.
    let dir = std::env::temp_dir().join(format!("printer-panel-nocolor-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.toml");
    std::fs::write(&path, "name = \"x\"\n[lcd\n").unwrap();
    let o = std::process::Command::new(bin).arg("--theme").arg(&path).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("broken.toml, line 2"), "{}", stderr(&o));
    let o = run(&["--redraw-fps", "inf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--redraw-fps inf: give a rate from 1 to 240"), "{}", stderr(&o));
    // A tape's own text comes back escaped in its error.
    std::fs::write(&path, "Bogus\u{1b}[31m\n").unwrap();
    let o = run(&["play", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.contains(&0x1b), "{}", stderr(&o));
}

#[test]
fn a_seed_gives_the_same_first_pin_in_pin_new_simulate_and_the_panel() {
    for seed in [1u64, 7, 42] {
        let new = stdout(&run(&["pin", "new", "--seed", &seed.to_string()])).trim().to_string();
        let sim = run(&["simulate", "--method", "pin", "--seed", &seed.to_string(), "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&sim.stdout).unwrap();
        assert_eq!(json["printer_pin"].as_str(), Some(new.as_str()), "seed {seed}: simulate");
        let options = printer_panel::app::Options { seed: Some(seed), ..Default::default() };
        let mut h = printer_panel::driver::Headless::new(printer_panel::app::App::new(options), 120, 36);
        for key in [Down, Down, Enter, Enter, Enter, Down, Enter] {
            h.key(key);
        }
        let Some(printer_panel::app::printer::Method::Pin(pin)) =
            h.app.printer().attempt.as_ref().map(|a| a.method.clone())
        else {
            panic!("no PIN shown")
        };
        assert_eq!(pin.to_string(), new, "seed {seed}: the panel");
    }
}

/// `wire` refuses what cannot work before touching the network, with a sentence and exit 1 or
/// 2; a name with a terminal escape is shown escaped.
#[test]
fn wire_refuses_bad_input_clearly() {
    let o = run(&["wire", "printer", "--iface", "no-such-if0", "--pbc"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("interface 'no-such-if0'"), "{}", stderr(&o));
    let o = run(&["wire", "printer", "--iface", "a\u{1b}[31mb", "--pbc"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!stderr(&o).contains('\u{1b}'), "escaped: {:?}", stderr(&o));
    let o = run(&["wire", "printer", "--iface", "lo"]);
    assert_eq!(o.status.code(), Some(2), "one of --pbc and --pin");
    assert!(stderr(&o).contains("--pbc|--pin"), "{}", stderr(&o));
    let o = run(&["wire", "printer", "--iface", "lo", "--pin", "12a4"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give 4 or 8 digits"), "{}", stderr(&o));
    // The passphrase off the command line: from a file's first line, or standard input.
    let file = std::env::temp_dir().join(format!("printer-panel-passphrase-{}", std::process::id()));
    std::fs::write(&file, "short\nsecond line\n").unwrap();
    let o = run(&["wire", "router", "--iface", "lo", "--passphrase-file", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("8 to 63 characters"), "the file's first line was read: {}", stderr(&o));
    let mut child = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["wire", "router", "--iface", "lo", "--passphrase-file", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"tiny\n").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("8 to 63 characters"), "standard input was read: {}", stderr(&o));
    let o = run(&["wire", "router", "--iface", "lo", "--passphrase", "x", "--passphrase-file", "-"]);
    assert_eq!(o.status.code(), Some(2), "one or the other");
    std::fs::remove_file(&file).unwrap();
    let o = run(&["wire", "router", "--iface", "lo", "--passphrase", "short"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("8 to 63 characters"), "{}", stderr(&o));
    let o = run(&["wire", "printer", "--iface", "lo", "--pbc", "--fragment-size", "4"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The UPnP side needs an interface with an IPv4 address (the link itself is not asked
    // for one), and says which was given, escaped.
    let o = run(&["wire", "router", "--iface", "lo", "--upnp", "no-such\u{1b}[31m0"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("has no IPv4 address"), "{}", stderr(&o));
    assert!(!stderr(&o).contains('\u{1b}'), "escaped: {:?}", stderr(&o));
    // The computer: a PIN it can type, an interface with an address; the AP PIN only with
    // the router's UPnP device.
    let o = run(&["wire", "computer", "--iface", "lo", "--pin", "12a4"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("give 4 or 8 digits"), "{}", stderr(&o));
    let o = run(&["wire", "computer", "--iface", "no-such-if0", "--pin", "12345670"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no IPv4 address"), "{}", stderr(&o));
    let o = run(&["wire", "computer", "--iface", "lo"]);
    assert_eq!(o.status.code(), Some(2), "the PIN is needed: {}", stderr(&o));
    let o = run(&["wire", "router", "--iface", "lo", "--ap-pin", "12345670"]);
    assert_eq!(o.status.code(), Some(2), "--ap-pin needs --upnp: {}", stderr(&o));
}

#[test]
fn where_a_render_or_a_recording_cannot_be_written_is_said_before_anything_runs() {
    let o = run(&["--record", "/nonexistent-folder/s.tape"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot write /nonexistent-folder/s.tape: the folder /nonexistent-folder does not exist")
    );
    let o = run(&["--record", "/tmp/s.tape", "--router-web"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("a tape has no browser"), "{}", stderr(&o));
    let tape = concat!(env!("CARGO_MANIFEST_DIR"), "/demo.tape");
    let o = run(&["play", tape, "--no-output", "--gif", "/nonexistent-folder/x.gif"]);
    assert_eq!(o.status.code(), Some(74));
    assert!(stderr(&o).contains("the folder /nonexistent-folder does not exist"), "{}", stderr(&o));
    let file = std::env::temp_dir().join(format!("printer-panel-cli-file-{}", std::process::id()));
    std::fs::write(&file, b"x").unwrap();
    let o = run(&["play", tape, "--no-output", "--png", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(74));
    assert!(stderr(&o).contains("it is a file, not a folder"), "{}", stderr(&o));
    let _ = std::fs::remove_file(&file);
}

/// The panel's start-up is a library function: a test opens it with parsed arguments and
/// reads what it says, with no process and no terminal.
#[test]
fn the_panel_opens_from_a_library_call() {
    use clap::Parser;
    use printer_panel::options::Cli;
    let open = |args: &[&str]| {
        let cli = Cli::try_parse_from(std::iter::once("printer-panel").chain(args.iter().copied())).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = printer_panel::live::panel::open(cli.panel, &mut out, &mut err);
        (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    };
    let (code, out, _) = open(&["--list-models"]);
    assert_eq!(code, std::process::ExitCode::SUCCESS);
    assert!(out.contains("inkwell-touch") && out.contains("touchscreen"), "{out}");
    let (code, _, err) = open(&["--model", "no-such-printer"]);
    assert_eq!(code, std::process::ExitCode::from(2), "{err}");
    assert!(err.starts_with("printer-panel: ") && err.contains("no-such-printer"), "{err}");
    // A capture that cannot be written is said before any terminal is taken (so this test
    // never opens the panel, even when run on a real terminal).
    let (code, _, err) = open(&["--pcap", "/no-such-folder-for-printer-panel/x.pcap"]);
    assert_eq!(code, std::process::ExitCode::from(2), "{err}");
    assert!(err.contains("no-such-folder-for-printer-panel"), "{err}");
}
