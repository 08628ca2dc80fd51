//! VHS's grammar, judged by VHS's own material (tests/corpus/vhs, MIT, from VHS's repository):
//! its example tapes and its README's tapes get VHS's verdicts, and the cases of its lexer and
//! parser tests (tests/corpus/vhs/go) give the same tokens, commands and errors here. Then
//! `play` plays each tape, failing only where VHS would, or where the tape needs a program
//! other than printer-panel, and then saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

use printer_panel::tape::vhs::lexer::{Kind, Lexer};
use printer_panel::tape::vhs::{self, Sources};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/vhs")
}

fn tapes(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            tapes(&path, out);
        } else if path.extension().is_some_and(|e| e == "tape") {
            out.push(path);
        }
    }
}

fn all_tapes() -> Vec<PathBuf> {
    let mut out = Vec::new();
    tapes(&corpus(), &mut out);
    out.sort();
    out
}

/// VHS's verdict on its own tapes: every one parses but these.
const REFUSED: &[(&str, &[&str])] = &[
    (
        "examples/errors/parser.tape",
        &[
            "Unknown setting: Foo",
            "Invalid command: Foo",
            "Type expects string",
            "Invalid command: Bar",
            "Expected time after @",
            "Invalid command: foo",
        ],
    ),
    ("readme/41.tape", &["File config.tape not found"]),
];

#[test]
fn vhs_examples_and_readme_tapes_get_vhs_verdicts() {
    let all = all_tapes();
    assert_eq!(all.len(), 106 + 42, "VHS's 106 example tapes and its README's 42");
    for tape in &all {
        let name = tape.strip_prefix(corpus()).unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(tape).unwrap();
        let found: Vec<String> =
            vhs::check(&text, &Sources::In(tape.parent().unwrap())).into_iter().map(|(_, why)| why).collect();
        let expected: Vec<String> = REFUSED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, why)| why.iter().map(|w| w.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(found, expected, "{name}");
    }
}

/// VHS's lexer test (TestNextToken), its regex and key cases: the same tokens.
#[test]
fn vhs_lexer_cases() {
    let input = "Ctrl+@\nCtrl+\\\nAlt+]\nShift+[\nSleep .1\nWait+Screen@1m /foobar/\nWait+Screen@1m /foo\\/bar/\n\
                 Wait+Screen@1m /foo\\\\/\nWait+Screen@1m /foo\\\\\\/bar/\nType@.1 \"echo 'Hello, world!'\"";
    let mut lexer = Lexer::new(input);
    let mut got = Vec::new();
    loop {
        let t = lexer.next_token();
        if t.kind == Kind::Eof {
            break;
        }
        got.push((t.kind, t.literal));
    }
    let k = |kind: Kind, literal: &str| (kind, literal.to_string());
    let wait = |regex: &str| {
        vec![
            k(Kind::Wait, "Wait"),
            k(Kind::Plus, "+"),
            k(Kind::String, "Screen"),
            k(Kind::At, "@"),
            k(Kind::Number, "1"),
            k(Kind::Minutes, "m"),
            k(Kind::Regex, regex),
        ]
    };
    let mut expected = vec![
        k(Kind::Ctrl, "Ctrl"),
        k(Kind::Plus, "+"),
        k(Kind::At, "@"),
        k(Kind::Ctrl, "Ctrl"),
        k(Kind::Plus, "+"),
        k(Kind::Backslash, "\\"),
        k(Kind::Alt, "Alt"),
        k(Kind::Plus, "+"),
        k(Kind::RightBracket, "]"),
        k(Kind::Shift, "Shift"),
        k(Kind::Plus, "+"),
        k(Kind::LeftBracket, "["),
        k(Kind::Sleep, "Sleep"),
        k(Kind::Number, ".1"),
    ];
    for regex in ["foobar", "foo\\/bar", "foo\\\\", "foo\\\\\\/bar"] {
        expected.extend(wait(regex));
    }
    expected.extend([
        k(Kind::Type, "Type"),
        k(Kind::At, "@"),
        k(Kind::Number, ".1"),
        k(Kind::String, "echo 'Hello, world!'"),
    ]);
    assert_eq!(got, expected);
}

/// VHS's parser test (TestParser): the same commands, options and arguments.
#[test]
fn vhs_parser_cases() {
    let input = "\nSet TypingSpeed 100ms\nSet WaitTimeout 1m\nSet WaitPattern /foo/\nType \"echo 'Hello, World!'\"\n\
                 Enter\nBackspace@0.1 5\nBackspace@.1 5\nBackspace@1 5\nBackspace@100ms 5\nDelete 2\nInsert 2\n\
                 Right 3\nLeft 3\nUp@50ms\nDown 2\nScrollUp 4\nScrollDown@100ms 2\nCtrl+C\nCtrl+L\nAlt+.\n\
                 Sleep 100ms\nSleep 3\nWait\nWait+Screen\nWait@100ms /foobar/";
    let (commands, errors) = vhs::parse(input, &Sources::None);
    assert!(errors.is_empty(), "{errors:?}");
    let got: Vec<(Kind, &str, &str)> = commands.iter().map(|c| (c.kind, c.options.as_str(), c.args.as_str())).collect();
    use Kind::*;
    assert_eq!(
        got,
        [
            (Set, "TypingSpeed", "100ms"),
            (Set, "WaitTimeout", "1m"),
            (Set, "WaitPattern", "foo"),
            (Type, "", "echo 'Hello, World!'"),
            (Enter, "", "1"),
            (Backspace, "0.1s", "5"),
            (Backspace, ".1s", "5"),
            (Backspace, "1s", "5"),
            (Backspace, "100ms", "5"),
            (Delete, "", "2"),
            (Insert, "", "2"),
            (Right, "", "3"),
            (Left, "", "3"),
            (Up, "50ms", "1"),
            (Down, "", "2"),
            (ScrollUp, "", "4"),
            (ScrollDown, "100ms", "2"),
            (Ctrl, "", "C"),
            (Ctrl, "", "L"),
            (Alt, "", "."),
            (Sleep, "", "100ms"),
            (Sleep, "", "3s"),
            (Wait, "", "Line"),
            (Wait, "", "Screen"),
            (Wait, "100ms", "Line foobar"),
        ]
    );
}

/// What VHS's parser says about a one-line tape: its errors, in order.
fn errors(tape: &str) -> Vec<String> {
    vhs::parse(tape, &Sources::None).1.into_iter().map(|e| e.message).collect()
}

/// VHS's parser tests TestParseCtrl, TestParseSource and TestParseScreenshot.
#[test]
fn vhs_ctrl_source_and_screenshot_cases() {
    for (tape, args) in [
        ("Ctrl+Shift+Alt+C", "Shift Alt C"),
        ("Ctrl+Left", "Left"),
        ("Ctrl+Right", "Right"),
        ("Ctrl+Up", "Up"),
        ("Ctrl+Down", "Down"),
        ("Ctrl+Alt+Left", "Alt Left"),
        ("Ctrl+Alt+Right", "Alt Right"),
        ("Ctrl+Alt+Up", "Alt Up"),
        ("Ctrl+Alt+Down", "Alt Down"),
        ("Ctrl+Backspace", "Backspace"),
        ("Ctrl+Space", "Space"),
    ] {
        let (commands, errs) = vhs::parse(tape, &Sources::None);
        assert!(errs.is_empty(), "{tape}: {errs:?}");
        assert_eq!(commands[0].args, args, "{tape}");
    }
    for tape in ["Ctrl+Shift+C+Alt", "Ctrl+Shift+C+Alt+C"] {
        assert!(!errors(tape).is_empty(), "{tape} has its modifiers out of order");
    }
    let dir = std::env::temp_dir().join(format!("printer-panel-vhs-source-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let with = |tape: &str, source: Option<&str>| {
        let _ = std::fs::remove_file(dir.join("source.tape"));
        if let Some(text) = source {
            std::fs::write(dir.join("source.tape"), text).unwrap();
        }
        vhs::parse(tape, &Sources::In(&dir)).1.into_iter().map(|e| e.message).collect::<Vec<_>>()
    };
    assert!(with("Source source.tape", Some("Type \"echo 'Welcome to VHS!'\"")).is_empty());
    assert_eq!(with("Source source.tape", None), ["File source.tape not found"]);
    assert_eq!(with("Source source.vhs", Some("Type \"x\"")), ["Expected file with .tape extension"]);
    assert_eq!(with("Source", Some("Type \"x\"")), ["Expected path after Source"]);
    let nested = "Type \"echo 'Welcome to VHS!'\"\n\tSource magic.tape\n\tType \"goodbye\"\n\t";
    assert_eq!(with("Source source.tape", Some(nested)), ["Nested Source detected"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(errors("Screenshot step_one_screenshot.jpg"), ["Expected file with .png extension"]);
    assert_eq!(errors("Screenshot"), ["Expected path after Screenshot"]);
}

/// What the review found `play --check` getting wrong, each with VHS's verdict as its
/// parser gives it.
#[test]
fn what_vhs_accepts_and_refuses() {
    for tape in [
        "Sleep 1s # a trailing comment",
        "Sleep .3 Tab Sleep .3",
        "Copy \"text\"\nPaste",
        "Type o",
        "Type@.2'quoted'",
        "Ctrl+@",
        "Set Theme \"Catppuccin Latte\"",
        "Set WindowBar Colorful",
        "Set MarginFill \"#123456\"",
    ] {
        assert_eq!(errors(tape), Vec::<String>::new(), "VHS accepts {tape:?}");
    }
    for (tape, first) in [
        ("Screenshot x.jpg", "Expected file with .png extension"),
        ("Source x.vhs", "Expected file with .tape extension"),
        ("Source x.tape", "File x.tape not found"),
        ("Ctrl+Tab", "Not a valid modifier"),
        ("Ctrl+1", "Not a valid modifier"),
        ("Alt+Space", "Expected alt character, got +"),
        ("Shift+Up", "Expected shift character, got +"),
        ("Set Width -5", "Invalid command: 5"),
        ("Set MarginFill \"#12345\"", "\"#12345\" is not a valid color."),
        ("Wait /a(/", "Invalid regular expression 'a(': "),
        ("Wait@0s", "Wait expects positive duration"),
        ("\u{feff}Sleep 1s", "Invalid command: ï"),
        ("Set WindowBar Square", "Square is not a valid bar style."),
        ("Set CursorBlink maybe", "expected boolean value."),
    ] {
        let found = errors(tape);
        assert!(found.first().is_some_and(|e| e.starts_with(first)), "VHS refuses {tape:?} with {first:?}: {found:?}");
    }
}

/// Tapes VHS parses but fails running, and why: the README's list of Wait forms waits for
/// `World` with nothing typed, and times out at its first pattern (VHS's prompt is `> `).
const FAIL_RUNNING: &[(&str, &str)] = &[("readme/33.tape", "33.tape:3: Wait /World/ timed out")];

/// `play` plays VHS's own tapes: where it fails, VHS fails too, or the tape needed a program
/// other than printer-panel, and play said so.
#[test]
fn play_plays_vhs_tapes_or_says_why_not() {
    for tape in all_tapes() {
        let name = tape.strip_prefix(corpus()).unwrap().to_string_lossy().into_owned();
        let out = Command::new(env!("CARGO_BIN_EXE_printer-panel"))
            .args(["play", "--no-output"])
            .arg(&tape)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{name}: {err}");
        if out.status.success() {
            continue;
        }
        let vhs_refuses = REFUSED.iter().any(|(n, _)| *n == name)
            || FAIL_RUNNING.iter().any(|(n, why)| *n == name && err.contains(why));
        let needs_a_shell = err.contains("is for a shell; play runs only printer-panel");
        assert!(vhs_refuses || needs_a_shell, "{name} fails where VHS would not:\n{err}");
        assert_eq!(out.status.code(), Some(1), "{name}");
    }
}
