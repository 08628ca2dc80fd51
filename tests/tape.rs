//! The tape player: demo.tape must show the printer connected in both flows, so the tape
//! can never fall out of step with the app; small tapes check the player itself.

use std::process::Command;

use printer_panel::tape::play::play;

fn shot<'a>(report: &'a printer_panel::tape::play::Report, name: &str) -> &'a str {
    report
        .screenshots
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s.as_str())
        .unwrap_or_else(|| panic!("no screenshot {name}"))
}

#[test]
fn demo_tape_connects_the_printer_by_pin_and_by_push_button() {
    let report = play(include_str!("../demo.tape"), None).unwrap_or_else(|e| panic!("demo.tape:{e}"));
    let pin = shot(&report, "pin-shown");
    assert!(pin.contains("6045-2603"), "the PIN the tape types is the one on the LCD:\n{pin}");
    for name in ["pin-connected", "pbc-connected"] {
        let screen = shot(&report, name);
        assert!(screen.contains("Success!"), "{name}:\n{screen}");
        assert!(screen.contains("EXD"), "{name}: the printer is in the client list:\n{screen}");
        assert!(screen.contains("DHCP Ack"), "{name}: the join after WPS is on the ladder:\n{screen}");
    }
    let pbc = shot(&report, "pbc-connected");
    assert!(pbc.contains("WPS-PBC-DISABLE"), "the second flow was push button:\n{pbc}");
}

#[test]
fn play_writes_screenshots_and_prints_the_final_screen() {
    let dir = std::env::temp_dir().join(format!("printer-panel-screens-{}", std::process::id()));
    let tape = dir.with_extension("tape");
    std::fs::write(&tape, "Set FontSize 14\nSet Width 1100\nSet Height 700\nSet Padding 20\nType \"cargo run --release -- --seed 3\"\nEnter\nType \"W\"\nSleep 4s\nScreenshot waiting.png\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
        .args(["play", tape.to_str().unwrap(), "--screens", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written = std::fs::read_to_string(dir.join("waiting.txt")).unwrap();
    assert!(written.contains("Press the router's WPS"), "{written}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("Press the router's WPS"));
}

#[test]
fn bad_tapes_fail_with_the_line_number() {
    let e = play("Type \"printer-panel\"\nEnter\nFrobnicate 3\n", None).unwrap_err();
    assert_eq!(e.line, 3);
    let e = play("Type \"printer-panel --seed 1\"\nEnter\nWait@2s /never shown/\n", None).unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("timed out"), "{e}");
    let e = play("Type \"printer-panel --model nope\"\nEnter\n", None).unwrap_err();
    assert_eq!(e.line, 2);
    assert!(e.message.contains("unknown model"), "{e}");
    let e = play("Type \"printer-panel simulate --method pbc\"\nEnter\n", None).unwrap_err();
    assert!(e.message.contains("not a subcommand"), "{e}");
    let dir = std::env::temp_dir().join(format!("printer-panel-bad-{}.tape", std::process::id()));
    std::fs::write(&dir, "Sleep 1s\nSource x.tape\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_printer-panel")).args(["play", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(".tape:2: File x.tape not found"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn sleep_runs_the_virtual_clock_at_the_apps_speed() {
    // At --speed 10 the 2-minute walk time passes in 12 s of tape.
    let report = play("Set FontSize 12\nType \"printer-panel --seed 2 --speed 10\"\nEnter\nType \"W\"\nSleep 13s\nScreenshot end.png\n", None).unwrap();
    let end = shot(&report, "end");
    assert!(end.contains("Timed out"), "{end}");
    assert!(end.contains("×10 speed"), "the screen says it is sped up:\n{end}");
    let report = play("Type \"printer-panel\"\nEnter\nCtrl+C\nType \"echo done\"\nEnter\n", None).unwrap();
    // VHS's default 1200x600 at font size 22 is only 74x21: the app says so, and Ctrl+C quits.
    assert!(report.final_screen.contains("Too small for the panel"), "{}", report.final_screen);
}

/// A window the panel fits in (side by side).
const SIZE: &str = "Set Width 1800\nSet Height 1000\n";

fn launched(rest: &str) -> String {
    format!("{SIZE}Type \"printer-panel --seed 1\"\nEnter\n{rest}")
}

#[test]
fn extreme_numbers_are_errors_with_a_line_not_panics() {
    for (tape, line) in [
        ("Sleep 99999999999999999999", 1),
        ("Down@99999999999999999999s", 1),
        ("Set TypingSpeed 99999999999999999999", 1),
        ("Wait@99999999999999999999s /x/", 1),
        ("Sleep 999999999999999999m", 1),
        ("Down@1ms 999999999", 1),
        ("Set Width NaN", 1),
        ("Set Height inf", 1),
        ("Sleep 3000\nSleep 18446744073709549568", 2),
    ] {
        let err = play(tape, None).expect_err(tape);
        assert_eq!(err.line, line, "{tape}: {err}");
    }
}

#[test]
fn a_tape_cannot_run_away_in_time() {
    // 25 hours in all, each Sleep allowed on its own: refused at the second, quickly.
    let err = play(&launched("Sleep 1200m\nSleep 300m\n"), None).unwrap_err();
    assert_eq!(err.line, 6, "{err}");
    assert!(err.message.contains("more than 24 hours"), "{err}");
    // At 100 times the speed, the same limit holds for the tape's own time.
    let err =
        play(&format!("{SIZE}Type \"printer-panel --speed 100\"\nEnter\nSleep 1380m\nSleep 60m\n"), None).unwrap_err();
    assert_eq!(err.line, 6, "{err}");
    // 23 idle hours pass in steps that depend on what happens, not on their length.
    let report = play(&launched("Type \"W\"\nSleep 1380m\n"), None).unwrap();
    assert!(report.final_screen.contains("Timed out"), "{}", report.final_screen);
}

#[test]
fn line_endings_a_byte_order_mark_and_empty_tapes() {
    let crlf =
        "Set Width 1800\r\nSet Height 1000\r\nType \"printer-panel --seed 1\"\r\nEnter\r\nSleep 1s\r\nType \"?\"\r\n";
    let played = play(crlf, None).unwrap();
    assert!(played.final_screen.contains("Nobody needs to be called"), "CRLF plays");
    // VHS's lexer reads a byte-order mark as bytes that start no command, and refuses it.
    let err = play(&format!("\u{feff}{crlf}"), None).unwrap_err();
    assert_eq!((err.line, err.message.as_str()), (1, "Invalid command: ï"));
    let cr =
        play("Set Width 1800\rSet Height 1000\rType \"printer-panel --seed 1\"\rEnter\rSleep 1s\rType \"?\"\r", None)
            .unwrap();
    assert!(cr.final_screen.contains("Nobody needs to be called"), "lone CRs end lines too");
    let err = play("", None).unwrap_err();
    assert!(err.message.contains("nothing to play"), "{err}");
    let err = play("# only a comment\n\n", None).unwrap_err();
    assert!(err.message.contains("nothing to play"), "{err}");
    let err = play(&"Type \"x\"\r".repeat(3).replace("Type \"x\"\r", "Bogus\r"), None).unwrap_err();
    assert_eq!(err.line, 1);
}

#[test]
fn a_tape_writes_only_where_the_player_says() {
    let victim = std::env::temp_dir().join(format!("printer-panel-victim-{}", std::process::id()));
    std::fs::write(&victim, "precious").unwrap();
    let tape = format!("Type \"printer-panel --pcap {}\"\nEnter\n", victim.display());
    let err = play(&tape, None).unwrap_err();
    assert!(err.message.contains("--pcap is not played"), "{err}");
    let capture = std::path::Path::new(printer_panel::trace::capture::CAPTURE_FILE);
    let before = std::fs::metadata(capture).and_then(|m| m.modified()).ok();
    let report = play(&launched("Type \"c\"\n"), None).unwrap();
    assert!(report.final_screen.contains("Capture not saved: a tape being played writes no files."));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    let after = std::fs::metadata(capture).and_then(|m| m.modified()).ok();
    assert_eq!(before, after, "no capture written in the working folder");
    // --screens that is a file is refused before anything plays.
    let err = play("Type \"x\"\n", Some(&victim)).unwrap_err();
    assert!(err.write && err.message.contains("cannot write screenshots"), "{err}");
    std::fs::remove_file(&victim).unwrap();
}

#[test]
fn only_a_printer_panel_command_launches_the_panel() {
    let report = play("Type \"echo run this\"\nEnter\nType \"cargo build\"\nEnter\nSleep 1s\n", None).unwrap();
    assert_eq!(report.final_screen.trim_end(), ">", "nothing launched: the prompt is all there is");
    let said: Vec<&str> = report.warnings.iter().map(|(_, w)| w.as_str()).collect();
    assert_eq!(
        said,
        [
            "`echo run this` is for a shell; play runs only printer-panel, so it ran nothing",
            "`cargo build` is for a shell; play runs only printer-panel, so it ran nothing"
        ]
    );
    let report = play(&format!("{SIZE}Type \"cargo run --release -- --seed 1\"\nEnter\nSleep 1s\n"), None).unwrap();
    assert!(report.final_screen.contains("Inkwell 300"), "cargo run -- launches it");
}

#[test]
fn a_window_too_small_for_the_panel_is_said_at_the_first_screenshot() {
    let err = play("Type \"printer-panel\"\nEnter\nSleep 1s\nScreenshot a.png\n", None).unwrap_err();
    assert_eq!(err.line, 4, "{err}");
    assert!(err.message.contains("makes a 83 x 18 terminal, too small for the panel (60 x 24)"), "{err}");
}
