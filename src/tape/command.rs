//! A tape's commands, typed: read once by VHS's own parser (`vhs`), so that `play` plays
//! exactly what VHS accepts and refuses what it refuses, on the same line; then each given
//! its type and the player's limits (durations, counts, ranges it can draw), before
//! anything plays.

use std::fmt;
use std::time::Duration;

use crate::keys::event::{KeyCode, KeyModifiers};
use regex::Regex;

use crate::tape::render::TermTheme;
use crate::tape::vhs::{self, Kind, Sources, VhsCommand};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapeError {
    pub line: usize,
    pub message: String,
    /// Writing a screenshot failed (not the tape's fault: exit code 74, not 1).
    pub write: bool,
}

impl TapeError {
    pub fn at(line: usize, message: impl Into<String>) -> TapeError {
        TapeError { line, message: message.into(), write: false }
    }
}

/// No single duration on a tape may be longer than this...
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 3600);
/// ...nor all of them together (the tape's own time, before `--speed`).
pub const MAX_TAPE_TIME: Duration = Duration::from_secs(24 * 3600);
/// A render records at most this much of what a tape shows.
pub const MAX_RECORDED: Duration = Duration::from_secs(30 * 60);
/// A Wait gives up after at most this long.
pub const MAX_WAIT: Duration = Duration::from_secs(600);
/// How often one key command may repeat (`Down 5`).
pub const MAX_COUNT: usize = 10_000;
/// How many keys a whole tape may press: key commands with their counts, typed and pasted
/// characters. Each costs the player about 0.2 ms, so a tape at the limit plays in well
/// under a minute (the review's 1 MiB tape of `Down@0ms 10000` would have taken 30 hours).
pub const MAX_KEYS: usize = 100_000;
/// The largest canvas a tape may set (Width x Height): 4K UHD, 3840 x 2160. One frame is
/// then 33 MB as RGBA; the review's 10000 x 10000 took 715 MB.
pub const MAX_CANVAS_PIXELS: f64 = 3840.0 * 2160.0;
/// The most PNG frames a tape's `Output folder/` may write (a minute and a half at 100 fps
/// of nothing but changes; a typical frame is 20 to 60 KB, so at most about 600 MB).
pub const MAX_FRAME_FILES: usize = 10_000;
/// How long `play` may work, unless `--time-limit` says otherwise.
pub const DEFAULT_TIME_LIMIT: Duration = Duration::from_secs(600);

/// The message with anything the tape supplied shown escaped, line by line.
impl fmt::Display for TapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message: Vec<String> = self.message.split('\n').map(|l| crate::text::printable(l.as_bytes())).collect();
        match self.line {
            0 => write!(f, " {}", message.join("\n")),
            line => write!(f, "{line}: {}", message.join("\n")),
        }
    }
}

impl std::error::Error for TapeError {}

#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Output(String),
    Require(String),
    Set(Setting),
    Env(String, String),
    Type {
        text: String,
        every: Option<Duration>,
    },
    Key {
        code: KeyCode,
        modifiers: KeyModifiers,
        count: usize,
        every: Option<Duration>,
    },
    Sleep(Duration),
    /// `Wait[+Screen|+Line][@timeout] [/regex/]`; without a pattern, the WaitPattern.
    Wait {
        screen: bool,
        pattern: Option<String>,
        timeout: Option<Duration>,
    },
    /// `ScrollUp` / `ScrollDown`: the terminal's scrollback, which the panel, drawn on the
    /// whole screen, does not have; its time passes.
    Scroll {
        count: usize,
        every: Option<Duration>,
    },
    /// `Copy "text"`: the clipboard, which `Paste` types.
    Copy(String),
    Paste,
    Screenshot(String),
    Hide,
    Show,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    pub line: usize,
    pub step: Step,
}

/// A VHS setting as the player applies it, read once from its `Set` line: the same names
/// as VHS's parser knows, within the ranges the
/// player can draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Setting {
    Width(f64),
    Height(f64),
    FontSize(f64),
    Padding(f64),
    Theme(TermTheme),
    Framerate(u32),
    PlaybackSpeed(f64),
    /// Where the GIF's loop starts, in per cent of its length.
    LoopOffset(f64),
    TypingSpeed(Duration),
    WaitTimeout(Duration),
    /// The pattern a Wait without one waits for.
    WaitPattern(String),
    Margin(f64),
    /// A colour, or none at all (`""`: VHS then draws no margin).
    MarginFill(Option<crate::tape::render::term_theme::Rgb>),
    /// An image file as the margin: VHS's, not drawn here.
    MarginImage(String),
    WindowBar(Option<crate::tape::render::WindowBar>),
    WindowBarSize(f64),
    BorderRadius(f64),
    LetterSpacing(f64),
    LineHeight(f64),
    /// The font asked for; DejaVu Sans Mono (embedded) draws when it is another.
    FontFamily(String),
    /// VHS's shell; play has none (it launches printer-panel itself).
    Shell(String),
    /// The cursor's blink; the panel hides the cursor, so there is none to blink.
    CursorBlink(bool),
}

impl Setting {
    pub fn parse(name: &str, value: &str) -> Result<Setting, String> {
        if !vhs::is_setting(name) {
            return Err(format!("Set {name}: not a VHS setting"));
        }
        let known = name;
        let number = |low: f64, high: f64| {
            value.parse::<f64>().ok().filter(|v| v.is_finite() && (low..=high).contains(v)).ok_or_else(|| {
                let shown = crate::text::printable(value.as_bytes());
                format!("Set {name} {shown}: give a number from {low} to {high}")
            })
        };
        Ok(match known {
            "Width" => Setting::Width(number(100.0, 10_000.0)?),
            "Height" => Setting::Height(number(100.0, 10_000.0)?),
            "FontSize" => Setting::FontSize(number(4.0, 200.0)?),
            "Padding" => Setting::Padding(number(0.0, 1_000.0)?),
            "Theme" => Setting::Theme(TermTheme::from_setting(value)?),
            // In range, the cast cannot lose anything.
            "Framerate" => Setting::Framerate(number(1.0, 100.0)? as u32),
            "PlaybackSpeed" => Setting::PlaybackSpeed(number(0.1, 100.0)?),
            "LoopOffset" => Setting::LoopOffset(
                value
                    .trim_end_matches('%')
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
                    .ok_or_else(|| format!("Set LoopOffset {value}: give a percentage from 0 to 100"))?,
            ),
            "TypingSpeed" => Setting::TypingSpeed(parse_duration(value).ok_or_else(|| bad_duration(value))?),
            "WaitTimeout" => Setting::WaitTimeout(
                parse_duration(value).filter(|t| *t <= MAX_WAIT).ok_or_else(|| bad_duration(value))?,
            ),
            "Shell" => Setting::Shell(value.to_string()),
            "FontFamily" => Setting::FontFamily(value.to_string()),
            "LetterSpacing" => Setting::LetterSpacing(number(-10.0, 100.0)?),
            "LineHeight" => Setting::LineHeight(number(0.5, 5.0)?),
            "MarginFill" if value.is_empty() => Setting::MarginFill(None),
            "MarginFill" if value.starts_with('#') => Setting::MarginFill(Some(
                crate::tape::render::term_theme::parse_hex(value)
                    .ok_or_else(|| format!("Set MarginFill {value}: give a #rrggbb colour"))?,
            )),
            "MarginFill" => Setting::MarginImage(value.to_string()),
            "Margin" => Setting::Margin(number(0.0, 5_000.0)?),
            "WindowBar" if value.is_empty() => Setting::WindowBar(None),
            "WindowBar" => Setting::WindowBar(Some(
                crate::tape::render::WindowBar::named(value)
                    .ok_or_else(|| format!("{value} is not a valid bar style."))?,
            )),
            "WindowBarSize" => Setting::WindowBarSize(number(0.0, 1_000.0)?),
            "BorderRadius" => Setting::BorderRadius(number(0.0, 5_000.0)?),
            "CursorBlink" => Setting::CursorBlink(value == "true"),
            _ => Setting::WaitPattern(value.to_string()),
        })
    }
}

/// `500ms`, `2s`, `1.5s`, `1m`, `2h`, or a bare number of seconds; at most [`MAX_DURATION`].
pub fn parse_duration(text: &str) -> Option<Duration> {
    let (number, unit) = match text.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => return None,
    };
    Duration::try_from_secs_f64(seconds).ok().filter(|d| *d <= MAX_DURATION)
}

/// What a duration error says.
fn bad_duration(text: &str) -> String {
    let shown = crate::text::printable(text.chars().take(40).collect::<String>().as_bytes());
    format!("'{shown}' is not a duration (500ms, 2s, 1.5m, 2h; at most 24 hours)")
}

/// A key as VHS names it in a command or after a modifier.
fn key_named(name: &str) -> Option<KeyCode> {
    Some(match name {
        "Enter" => KeyCode::Enter,
        "Tab" => KeyCode::Tab,
        "Backspace" => KeyCode::Backspace,
        "Delete" => KeyCode::Delete,
        "Insert" => KeyCode::Insert,
        "Escape" => KeyCode::Esc,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        _ => {
            let mut chars = name.chars();
            let c = chars.next()?;
            return chars.next().is_none().then_some(KeyCode::Char(c));
        }
    })
}

/// The tape's lines, whatever ends them (LF, CRLF or a lone CR): for showing a command as
/// written. (VHS counts lines by LF alone, and so does its parser here.)
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').map(|l| l.trim_end_matches('\r'))
}

/// The tape's commands, or the first line VHS would refuse or the player cannot play, and
/// why. `sources` is where `Source` finds tapes.
pub fn parse_from(text: &str, sources: &Sources) -> Result<Vec<Command>, TapeError> {
    let (commands, errors) = vhs::parse(text, sources);
    if let Some(e) = errors.first() {
        return Err(TapeError::at(e.line, e.message.clone()));
    }
    if commands.is_empty() {
        let lines = text.split('\n').count();
        return Err(TapeError::at(lines.max(1), "the tape has no commands: nothing to play"));
    }
    let commands = commands.iter().map(typed).collect::<Result<Vec<_>, _>>()?;
    check_work(&commands)?;
    Ok(commands)
}

/// The tape's work, bounded before anything plays: the keys it presses in all and the
/// canvas it sets; the error names the line that goes over, and the limit.
pub fn check_work(commands: &[Command]) -> Result<(), TapeError> {
    let (mut keys, mut clipboard) = (0usize, 0usize);
    let default = crate::tape::render::Style::default();
    let (mut width, mut height) = (default.width_px, default.height_px);
    for c in commands {
        let pressed = match &c.step {
            Step::Key { count, .. } => *count,
            Step::Type { text, .. } => text.chars().count(),
            Step::Copy(text) => {
                clipboard = text.chars().count();
                0
            }
            Step::Paste => clipboard,
            Step::Set(Setting::Width(w)) => {
                width = *w;
                0
            }
            Step::Set(Setting::Height(h)) => {
                height = *h;
                0
            }
            _ => 0,
        };
        keys += pressed;
        if keys > MAX_KEYS {
            return Err(TapeError::at(
                c.line,
                format!(
                    "the tape presses more than {MAX_KEYS} keys in all (keys with their counts, typed and pasted characters); split it into shorter tapes"
                ),
            ));
        }
        if width * height > MAX_CANVAS_PIXELS {
            return Err(TapeError::at(
                c.line,
                format!(
                    "Set Width {width} and Height {height} make a canvas larger than 3840 x 2160 pixels (8.3 megapixels), the most play draws"
                ),
            ));
        }
    }
    Ok(())
}

/// A tape with no Source (or none that can be read): for tests and tapes given as text.
pub fn parse(text: &str) -> Result<Vec<Command>, TapeError> {
    parse_from(text, &Sources::None)
}

/// A time VHS's parser made (`500ms`, `.5s`, `1m`), within the player's limit.
fn vhs_time(line: usize, text: &str) -> Result<Duration, TapeError> {
    vhs::parser::go_duration(text)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .filter(|d| *d <= MAX_DURATION)
        .ok_or_else(|| TapeError::at(line, bad_duration(text)))
}

/// `@time`, if given.
fn speed(line: usize, options: &str) -> Result<Option<Duration>, TapeError> {
    (!options.is_empty()).then(|| vhs_time(line, options)).transpose()
}

fn count(line: usize, args: &str) -> Result<usize, TapeError> {
    args.parse::<usize>().ok().filter(|n| *n <= MAX_COUNT).ok_or_else(|| {
        TapeError::at(line, format!("the count must be a whole number from 0 to {MAX_COUNT}, not '{args}'"))
    })
}

/// One of VHS's commands with its type.
fn typed(c: &VhsCommand) -> Result<Command, TapeError> {
    let line = c.line;
    let err = |message: String| TapeError::at(line, message);
    let key = |code: KeyCode, modifiers: KeyModifiers| Step::Key { code, modifiers, count: 1, every: None };
    let step = match c.kind {
        Kind::Output => Step::Output(c.args.clone()),
        Kind::Require => Step::Require(c.args.clone()),
        Kind::Set => Step::Set(Setting::parse(&c.options, &c.args).map_err(err)?),
        Kind::Env => Step::Env(c.options.clone(), c.args.clone()),
        Kind::Type => Step::Type { text: c.args.clone(), every: speed(line, &c.options)? },
        Kind::Sleep => Step::Sleep(vhs_time(line, &c.args).map_err(|e| err(format!("Sleep: {}", e.message)))?),
        Kind::Wait => {
            let (scope, pattern) = c.args.split_once(' ').map_or((c.args.as_str(), None), |(s, p)| (s, Some(p)));
            let timeout = speed(line, &c.options)?;
            if timeout.is_some_and(|t| t > MAX_WAIT) {
                return Err(err("Wait: the timeout can be at most 10 minutes".into()));
            }
            if let Some(p) = pattern {
                Regex::new(p).map_err(|e| err(format!("Wait /{p}/: {e}")))?;
            }
            Step::Wait { screen: scope == "Screen", pattern: pattern.map(str::to_string), timeout }
        }
        Kind::Screenshot => Step::Screenshot(c.args.clone()),
        Kind::Hide => Step::Hide,
        Kind::Show => Step::Show,
        Kind::Copy => Step::Copy(c.args.clone()),
        Kind::Paste => Step::Paste,
        Kind::ScrollUp | Kind::ScrollDown => {
            Step::Scroll { count: count(line, &c.args)?, every: speed(line, &c.options)? }
        }
        Kind::Ctrl => {
            // Modifiers first (Alt, Shift), then the key.
            let mut modifiers = KeyModifiers::CONTROL;
            let mut keys = Vec::new();
            for word in c.args.split(' ') {
                match word {
                    "Alt" => modifiers |= KeyModifiers::ALT,
                    "Shift" => modifiers |= KeyModifiers::SHIFT,
                    w => keys.push(key_named(w).ok_or_else(|| err(format!("Ctrl+{w}: not a key")))?),
                }
            }
            match keys.as_slice() {
                [code] => key(*code, modifiers),
                _ => return Err(err(format!("Ctrl+{}: play presses one key with Ctrl", c.args.replace(' ', "+")))),
            }
        }
        Kind::Alt | Kind::Shift => {
            let modifiers = if c.kind == Kind::Alt { KeyModifiers::ALT } else { KeyModifiers::SHIFT };
            match (key_named(&c.args), c.kind) {
                (Some(KeyCode::Tab), Kind::Shift) => key(KeyCode::BackTab, KeyModifiers::SHIFT),
                (Some(code), _) => key(code, modifiers),
                (None, _) => {
                    let name = if c.kind == Kind::Alt { "Alt" } else { "Shift" };
                    return Err(err(format!("{name}+{}: play presses one key with {name}", c.args)));
                }
            }
        }
        Kind::Space
        | Kind::Backspace
        | Kind::Delete
        | Kind::Insert
        | Kind::Enter
        | Kind::Escape
        | Kind::Tab
        | Kind::Down
        | Kind::Left
        | Kind::Right
        | Kind::Up
        | Kind::PageUp
        | Kind::PageDown => {
            let name = format!("{:?}", c.kind);
            let code = key_named(&name).ok_or_else(|| err(format!("{name}: not a key")))?;
            Step::Key {
                code,
                modifiers: KeyModifiers::NONE,
                count: count(line, &c.args)?,
                every: speed(line, &c.options)?,
            }
        }
        other => return Err(err(format!("cannot play {other:?}"))),
    };
    Ok(Command { line, step })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("2s"), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(parse_duration("x"), None);
        assert_eq!(parse_duration("-1s"), None);
    }

    #[test]
    fn commands_parse_with_speed_and_count() {
        let cmds =
            parse("# c\nType@100ms \"ab\"\nEnter@200ms 3\nCtrl+C\nWait+Screen@5s /Success/\nSet Width 900\n").unwrap();
        assert_eq!(cmds.len(), 5);
        assert_eq!(cmds[0].step, Step::Type { text: "ab".into(), every: Some(Duration::from_millis(100)) });
        assert!(
            matches!(cmds[1].step, Step::Key { code: KeyCode::Enter, count: 3, every: Some(d), .. } if d == Duration::from_millis(200))
        );
        assert!(matches!(cmds[2].step, Step::Key { code: KeyCode::Char('C'), modifiers: KeyModifiers::CONTROL, .. }));
        assert_eq!(cmds[3].line, 5);
    }

    /// The review's tapes: keys that take no tape time are bounded in number, a million
    /// typed characters too, and a canvas that would take 715 MB a frame is refused, each on
    /// the line that goes over, before anything plays.
    #[test]
    fn a_tapes_work_is_bounded_before_it_plays() {
        let many_downs = format!("Set TypingSpeed 0\n{}", "Down@0ms 10000\n".repeat(11));
        let e = parse(&many_downs).unwrap_err();
        assert_eq!(e.line, 12, "the eleventh Down goes over 100000 keys");
        assert!(e.message.contains("more than 100000 keys"), "{e}");
        let typed = format!("Type@0ms \"{}\"\n", "x".repeat(1_000_000));
        assert!(parse(&typed).unwrap_err().message.contains("more than 100000 keys"));
        let pasted = format!("Copy \"{}\"\n{}", "x".repeat(1000), "Paste\n".repeat(101));
        assert_eq!(parse(&pasted).unwrap_err().line, 102);
        assert!(parse(&format!("Set TypingSpeed 0\n{}", "Down@0ms 10000\n".repeat(10))).is_ok());
        let e = parse("Set Width 10000\nSet Height 10000\nType \"x\"").unwrap_err();
        assert_eq!(e.line, 2, "10000 x 600 is within, 10000 x 10000 is not: {e}");
        assert!(e.message.contains("3840 x 2160"), "{e}");
        assert!(parse("Set Width 3840\nSet Height 2160\nType \"x\"").is_ok());
        assert_eq!(parse("Set Width 2000\nSet Height 5000\nType \"x\"").unwrap_err().line, 2);
    }

    #[test]
    fn what_cannot_be_played_names_its_line() {
        let e = parse("Type \"x\"\nSource other.tape\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert_eq!(e.message, "File other.tape not found", "VHS's words: {e}");
        assert_eq!(parse("Sleep soon").unwrap_err().line, 1);
        assert_eq!(parse("Set Colour red").unwrap_err().message, "Unknown setting: Colour");
        assert!(parse("Wait /(/").unwrap_err().message.starts_with("Invalid regular expression '('"));
        // Settings are read with the tape, before anything plays.
        let e = parse("Type \"x\"\nSet FontSize 2000\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "Set FontSize 2000: give a number from 4 to 200"));
        assert_eq!(parse("Set Shell zsh").unwrap()[0].step, Step::Set(Setting::Shell("zsh".into())));
        assert_eq!(parse("Set MarginFill \"\"").unwrap()[0].step, Step::Set(Setting::MarginFill(None)));
        assert_eq!(
            parse("Set MarginFill \"#ff8000\"").unwrap()[0].step,
            Step::Set(Setting::MarginFill(Some([255, 128, 0])))
        );
        assert_eq!(
            parse("Set TypingSpeed 20ms").unwrap()[0].step,
            Step::Set(Setting::TypingSpeed(Duration::from_millis(20)))
        );
    }
}
