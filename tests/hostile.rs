//! Hostile input, generated: tapes mutated from real ones (this project's and VHS's own
//! examples), and the file writer facing whatever may be planted at an output path. Each
//! case must end with a clear result (played, or an error naming a line) within play's time
//! limit, and nothing may be written where it should not be.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use printer_panel::files;
use printer_panel::tape::play::play_until;
use printer_panel::tape::vhs::Sources;
use proptest::prelude::*;

/// The real tapes mutations start from.
fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut tapes = vec![std::fs::read_to_string(root.join("demo.tape")).unwrap()];
    let mut stack = vec![root.join("tests/corpus/vhs/examples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "tape") {
                tapes.push(std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    tapes.sort();
    tapes
}

/// Lines an attacker or a careless hand would add: the review's hostile tapes, by kind.
const HOSTILE: &[&str] = &[
    "Set TypingSpeed 0",
    "Down@0ms 10000",
    "Type@0ms \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
    "Set Width 10000",
    "Set Height 10000",
    "Set FontSize 4",
    "Set Framerate 100",
    "Sleep 24h",
    "Sleep 0.0001ms",
    "Wait+Screen@10m /never/",
    "Output ../escaped.gif",
    "Output /tmp/absolute.gif",
    "Output lnk/through.txt",
    "Screenshot ../../shot.png",
    "Source other.tape",
    "Type \"printer-panel --seed 1\"",
    "Enter 10000",
    "Ctrl+Z",
    "Hide",
    "Show",
    "Copy \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"",
    "Paste",
    "Set Theme \"\u{1b}[31m\"",
    "Type \"\u{202e}\"",
    "\u{0}",
];

#[derive(Debug, Clone)]
enum Edit {
    /// Line `at` (modulo the length) repeated this many times.
    Repeat(usize, usize),
    Delete(usize),
    Swap(usize, usize),
    /// A hostile line inserted at `at`.
    Insert(usize, usize),
    /// Every number on line `at` replaced by this one.
    Number(usize, &'static str),
    /// Every `@time` and duration made zero.
    NoTime,
}

fn edit() -> impl Strategy<Value = Edit> {
    let numbers = prop::sample::select(vec!["0", "-1", "1e309", "99999999999999999999", "0.0000001", "NaN", "10000"]);
    prop_oneof![
        (any::<usize>(), 1usize..2000).prop_map(|(a, n)| Edit::Repeat(a, n)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        (any::<usize>(), 0..HOSTILE.len()).prop_map(|(a, h)| Edit::Insert(a, h)),
        (any::<usize>(), numbers).prop_map(|(a, n)| Edit::Number(a, n)),
        Just(Edit::NoTime),
    ]
}

fn mutate(tape: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = tape.lines().map(str::to_string).collect();
    for e in edits {
        let len = lines.len().max(1);
        match *e {
            Edit::Repeat(at, n) if !lines.is_empty() => {
                let line = lines[at % len].clone();
                for _ in 0..n {
                    lines.insert(at % len, line.clone());
                }
            }
            Edit::Delete(at) if !lines.is_empty() => {
                lines.remove(at % len);
            }
            Edit::Swap(a, b) if !lines.is_empty() => lines.swap(a % len, b % len),
            Edit::Insert(at, h) => lines.insert(at % (lines.len() + 1), HOSTILE[h].to_string()),
            Edit::Number(at, n) if !lines.is_empty() => {
                let line = &lines[at % len];
                let replaced: String =
                    line.split(' ').map(|w| if w.parse::<f64>().is_ok() { n } else { w }).collect::<Vec<_>>().join(" ");
                lines[at % len] = replaced;
            }
            Edit::NoTime => {
                for line in &mut lines {
                    if let Some(at) = line.find('@') {
                        let end = line[at..].find(' ').map_or(line.len(), |e| at + e);
                        line.replace_range(at..end, "@0ms");
                    }
                }
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// What a bounded run of play must give: played, or an error on a line of the tape.
const PLAY_LIMIT: Duration = Duration::from_millis(400);

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn mutated_real_tapes_end_clearly_and_in_bounds(pick in any::<prop::sample::Index>(), edits in prop::collection::vec(edit(), 1..6)) {
        let tapes = corpus();
        let text = mutate(&tapes[pick.index(tapes.len())], &edits);
        let started = Instant::now();
        let result = play_until(&text, &Sources::None, None, false, Some(started + PLAY_LIMIT));
        if let Err(e) = result {
            let lines = text.split('\n').count();
            prop_assert!(e.line <= lines, "line {} of {lines}: {e}", e.line);
            prop_assert!(!e.message.trim().is_empty());
            // What the tape supplied is shown escaped: no raw control reaches a terminal.
            let shown = e.to_string();
            prop_assert!(!shown.chars().any(|c| c.is_control() && c != '\n'), "{shown:?}");
            prop_assert!(!shown.contains('\u{202e}'), "{shown:?}");
        }
    }
}

/// What may be at an output path (or at the name the old writer used for its temporary
/// file) when the file is written.
#[derive(Debug, Clone, Copy)]
enum Planted {
    Nothing,
    File,
    LinkToVictim,
    DanglingLink,
    Folder,
    Fifo,
    /// The output's folder is a file.
    FileAsFolder,
}

fn planted() -> impl Strategy<Value = Planted> {
    prop_oneof![
        Just(Planted::Nothing),
        Just(Planted::File),
        Just(Planted::LinkToVictim),
        Just(Planted::DanglingLink),
        Just(Planted::Folder),
        Just(Planted::Fifo),
        Just(Planted::FileAsFolder),
    ]
}

fn plant(what: Planted, at: &Path, victim: &Path) {
    match what {
        Planted::Nothing | Planted::FileAsFolder => {}
        Planted::File => std::fs::write(at, "old").unwrap(),
        Planted::LinkToVictim => std::os::unix::fs::symlink(victim, at).unwrap(),
        Planted::DanglingLink => std::os::unix::fs::symlink(at.with_extension("nowhere"), at).unwrap(),
        Planted::Folder => std::fs::create_dir(at).unwrap(),
        Planted::Fifo => assert!(std::process::Command::new("mkfifo").arg(at).status().unwrap().success()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Whatever is planted, the victim never changes; a folder, a FIFO or a missing folder
    /// is a clear error before and while writing (never a hang); otherwise the output is a
    /// regular file holding exactly what was written, and no temporary file is left.
    #[test]
    fn the_file_writer_never_writes_through_what_is_planted(
        at_output in planted(),
        at_old_temp in planted(),
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        case in any::<u32>(),
    ) {
        let dir: PathBuf = std::env::temp_dir().join(format!("printer-panel-hostile-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "keep me").unwrap();
        let mut output = dir.join("out.gif");
        if matches!(at_output, Planted::FileAsFolder) {
            std::fs::write(dir.join("notafolder"), "x").unwrap();
            output = dir.join("notafolder/out.gif");
        }
        plant(at_output, &output, &victim);
        let old_temp = dir.join(format!(".out.gif.{}.tmp", std::process::id()));
        if !matches!(at_old_temp, Planted::FileAsFolder | Planted::Folder) {
            plant(at_old_temp, &old_temp, &victim);
        }
        let checked = files::check_writable(&output);
        let written = files::write_atomic(&output, &bytes);
        prop_assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        match at_output {
            Planted::Folder | Planted::Fifo | Planted::FileAsFolder => {
                prop_assert!(checked.is_err() && written.is_err(), "{checked:?} {written:?}");
                let said = checked.unwrap_err();
                prop_assert!(said.starts_with("cannot write ") && said.contains("out.gif"), "{said}");
            }
            _ => {
                prop_assert!(checked.is_ok(), "{checked:?}");
                prop_assert!(written.is_ok(), "{written:?}");
                prop_assert!(std::fs::symlink_metadata(&output).unwrap().file_type().is_file());
                prop_assert_eq!(std::fs::read(&output).unwrap(), bytes);
            }
        }
        let temps = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .filter(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.starts_with(".out.gif.") && e.path() != old_temp
            })
            .count();
        prop_assert_eq!(temps, 0, "no temporary file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
