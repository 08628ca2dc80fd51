//! A tape's lines as commands: read once, with their settings typed, before anything plays.
//! The player is more lenient than VHS (it takes `Home`, `End` and `2h`); `vhs` says what
//! VHS itself would refuse.

use std::fmt;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};
use regex::Regex;

use crate::tape::render::TermTheme;
use crate::tape::vhs;

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
    /// `Wait[+Screen|+Line][@timeout] /regex/`
    Wait {
        pattern: Option<String>,
        timeout: Option<Duration>,
    },
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
/// and kinds of value as `play --check` knows ([`vhs::SETTINGS`]), within the ranges the
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
    /// A setting VHS knows that changes nothing the player draws (Shell, FontFamily,
    /// WindowBar, ...).
    NotApplied(&'static str),
}

impl Setting {
    pub fn parse(name: &str, value: &str) -> Result<Setting, String> {
        let Some((known, _)) = vhs::setting(name) else {
            return Err(format!("Set {name}: not a VHS setting"));
        };
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
            other => Setting::NotApplied(other),
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
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        _ => return None,
    })
}

/// A quoted argument: "…", '…' or `…`.
fn quoted(rest: &str) -> Option<String> {
    let rest = rest.trim();
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let inner = &rest[1..];
    let end = inner.find(quote)?;
    Some(inner[..end].to_string())
}

/// The tape's lines, whatever ends them (LF, CRLF or a lone CR), without a byte-order mark.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split("\r\n").flat_map(|l| l.split('\n')).flat_map(|l| l.split('\r'))
}

/// The tape's commands, or the first line that cannot be played and why.
pub fn parse(text: &str) -> Result<Vec<Command>, TapeError> {
    let mut out = Vec::new();
    let mut line = 0;
    for raw in lines(text) {
        line += 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let err = |message: String| TapeError::at(line, message);
        let (head, rest) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
        let rest = rest.trim();
        // `Type@100ms`, `Enter@200ms`, `Wait+Screen@10s`
        let (word, at) = match head.split_once('@') {
            Some((w, t)) => (w, Some(parse_duration(t).ok_or_else(|| err(bad_duration(t)))?)),
            None => (head, None),
        };
        let step = match word {
            "Output" => Step::Output(rest.to_string()),
            "Require" => Step::Require(rest.to_string()),
            "Set" => {
                let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                let value = quoted(value).unwrap_or_else(|| value.trim().to_string());
                Step::Set(Setting::parse(key, &value).map_err(err)?)
            }
            "Env" => {
                let (key, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                Step::Env(key.to_string(), quoted(value).unwrap_or_else(|| value.trim().to_string()))
            }
            "Type" => {
                Step::Type { text: quoted(rest).ok_or_else(|| err("Type needs a quoted string".into()))?, every: at }
            }
            "Sleep" => Step::Sleep(parse_duration(rest).ok_or_else(|| err(format!("Sleep: {}", bad_duration(rest))))?),
            "Wait" | "Wait+Screen" | "Wait+Line" => {
                let pattern = match rest {
                    "" => None,
                    r if r.len() >= 2 && r.starts_with('/') && r.ends_with('/') => Some(r[1..r.len() - 1].to_string()),
                    r => return Err(err(format!("Wait takes /regex/, not '{r}'"))),
                };
                if let Some(p) = &pattern {
                    Regex::new(p).map_err(|e| err(format!("Wait /{p}/: {e}")))?;
                }
                if at.is_some_and(|t| t > MAX_WAIT) {
                    return Err(err("Wait: the timeout can be at most 10 minutes".into()));
                }
                Step::Wait { pattern, timeout: at }
            }
            "Screenshot" => Step::Screenshot(rest.to_string()),
            "Hide" => Step::Hide,
            "Show" => Step::Show,
            w if w.contains('+') => {
                // Ctrl+C, Alt+x, Ctrl+Shift+Left
                let mut modifiers = KeyModifiers::NONE;
                let parts: Vec<&str> = w.split('+').collect();
                for m in &parts[..parts.len() - 1] {
                    modifiers |= match *m {
                        "Ctrl" => KeyModifiers::CONTROL,
                        "Alt" => KeyModifiers::ALT,
                        "Shift" => KeyModifiers::SHIFT,
                        other => return Err(err(format!("'{other}' is not a modifier (Ctrl, Alt, Shift)"))),
                    };
                }
                let last = parts[parts.len() - 1];
                let code = key_named(last)
                    .or_else(|| (last.chars().count() == 1).then(|| KeyCode::Char(last.chars().next().unwrap_or(' '))))
                    .ok_or_else(|| err(format!("'{last}' is not a key")))?;
                Step::Key { code, modifiers, count: 1, every: at }
            }
            w => match key_named(w) {
                Some(code) => {
                    let count = if rest.is_empty() {
                        1
                    } else {
                        rest.parse::<usize>()
                            .ok()
                            .filter(|n| *n <= MAX_COUNT)
                            .ok_or_else(|| err(format!("{w}: the count must be a number from 0 to {MAX_COUNT}")))?
                    };
                    Step::Key { code, modifiers: KeyModifiers::NONE, count, every: at }
                }
                None => {
                    return Err(err(format!(
                        "cannot play '{w}' (Source, Copy, Paste and unknown commands are not supported)"
                    )));
                }
            },
        };
        out.push(Command { line, step });
    }
    if out.is_empty() {
        return Err(TapeError::at(line.max(1), "the tape has no commands: nothing to play"));
    }
    Ok(out)
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

    #[test]
    fn what_cannot_be_played_names_its_line() {
        let e = parse("Type \"x\"\nSource other.tape\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("cannot play 'Source'"), "{e}");
        assert_eq!(parse("Sleep soon").unwrap_err().line, 1);
        assert!(parse("Set Colour red").unwrap_err().message.contains("not a VHS setting"));
        assert!(parse("Wait /(/").unwrap_err().message.contains("Wait /(/"));
        // Settings are read with the tape, before anything plays.
        let e = parse("Type \"x\"\nSet FontSize 2000\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (2, "Set FontSize 2000: give a number from 4 to 200"));
        assert_eq!(parse("Set Shell zsh").unwrap()[0].step, Step::Set(Setting::NotApplied("Shell")));
        assert_eq!(
            parse("Set TypingSpeed 20ms").unwrap()[0].step,
            Step::Set(Setting::TypingSpeed(Duration::from_millis(20)))
        );
    }
}
