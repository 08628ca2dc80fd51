//! The tape player: demo.tape must show the printer connected in both flows, so the tape
//! can never fall out of step with the app; small tapes check the player itself.

use std::process::Command;

use printer_panel::tape::play;

fn shot<'a>(report: &'a printer_panel::tape::Report, name: &str) -> &'a str {
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
    assert!(pin.contains("4112-4543"), "the PIN the tape types is the one on the LCD:\n{pin}");
    for name in ["pin-connected", "pbc-connected"] {
        let screen = shot(&report, name);
        assert!(screen.contains("Success!"), "{name}:\n{screen}");
        assert!(screen.contains("Inkwell 300  "), "{name}: the printer is in the client list:\n{screen}");
        assert!(screen.contains("WSC_Done"), "{name}:\n{screen}");
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
        String::from_utf8_lossy(&o.stderr).contains(".tape:2: cannot play 'Source'"),
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
    assert!(report.final_screen.contains("Terminal too small"), "{}", report.final_screen);
}
