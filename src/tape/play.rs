//! `printer-panel play`: VHS tapes, replayed headlessly on the app's virtual clock.
//!
//! What is typed before the app starts goes to a pretend shell; the `printer-panel ...`
//! command typed there (then Enter) launches the panel with those flags. After that, keys
//! go to the app, `Sleep` advances its clock, `Wait` advances it until the screen matches,
//! and `Screenshot` writes the screen as text.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use clap::Parser;
use crossterm::event::{KeyCode, KeyModifiers};
use regex::Regex;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{App, Wake};
use crate::driver::Headless;
use crate::options::{Cli, panel_options};
use crate::tape::render::{Recording, Style};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapeError {
    pub line: usize,
    pub message: String,
    /// Writing a screenshot failed (not the tape's fault: exit code 74, not 1).
    pub write: bool,
}

impl TapeError {
    fn at(line: usize, message: impl Into<String>) -> TapeError {
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
    Set(String, String),
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

const SETTINGS: &[&str] = &[
    "Shell",
    "FontSize",
    "FontFamily",
    "Width",
    "Height",
    "LetterSpacing",
    "LineHeight",
    "TypingSpeed",
    "Theme",
    "Padding",
    "Framerate",
    "PlaybackSpeed",
    "LoopOffset",
    "MarginFill",
    "Margin",
    "WindowBar",
    "WindowBarSize",
    "BorderRadius",
    "CursorBlink",
    "WaitTimeout",
    "WaitPattern",
];

/// The tape's lines, whatever ends them (LF, CRLF or a lone CR), without a byte-order mark.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split("\r\n").flat_map(|l| l.split('\n')).flat_map(|l| l.split('\r'))
}

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
                if !SETTINGS.contains(&key) {
                    return Err(err(format!("Set {key}: not a VHS setting")));
                }
                let value = quoted(value).unwrap_or_else(|| value.trim().to_string());
                Step::Set(key.to_string(), value)
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

#[derive(Debug)]
pub struct Report {
    pub final_screen: String,
    pub screenshots: Vec<(String, String)>,
    /// What was shown, frame by frame, for `--gif`, `--png`, `--svg` and `--cast`.
    pub recording: Recording,
    /// VHS's golden text: the screen after each command shown, then a separator line.
    pub golden: String,
    /// What the tape's `Output` lines name, in order.
    pub outputs: Vec<(usize, String)>,
    /// The tape's own time while shown (what VHS would record).
    pub shown: Duration,
}

struct Player {
    shell: String,
    app: Option<Headless>,
    style: Style,
    typing: Duration,
    wait_timeout: Duration,
    env_no_color: bool,
    last_screen: String,
    /// The screen after the app quit (the shell's, before it starts).
    last_buffer: Option<Buffer>,
    /// The tape's own time so far (Sleep, typing, key repeats).
    elapsed: Duration,
    /// Between `Hide` and `Show` nothing is recorded.
    hidden: bool,
    /// The recording's own clock: the tape's time while shown.
    shown: Duration,
    /// When the next frame is sampled, on the recording's clock.
    next_frame: Duration,
    recording: Recording,
    /// Frames are sampled only for a render (GIF, PNG, SVG, asciicast, golden text).
    record: bool,
}

impl Player {
    /// Terminal size from the tape's pixels, with a typical monospace cell (0.6 x 1.2 em).
    fn size(&self) -> (u16, u16) {
        self.style.grid()
    }

    /// What the terminal shows now: the panel, or the pretend shell with what was typed.
    fn buffer(&self) -> Buffer {
        if let Some(h) = &self.app {
            return h.buffer().clone();
        }
        if let Some(b) = &self.last_buffer {
            return b.clone();
        }
        let (w, h) = self.size();
        let mut b = Buffer::empty(Rect::new(0, 0, w, h));
        b.set_stringn(0, 0, format!("> {}", self.shell), usize::from(w), ratatui::style::Style::new());
        b
    }

    /// Whether what is shown now is recorded (the tape is shown, and a render was asked for).
    fn recording_on(&self) -> bool {
        self.record && !self.hidden
    }

    /// The screen is sampled now, if the tape is being shown.
    fn sample(&mut self) {
        if self.recording_on() {
            let screen = self.buffer();
            self.recording.sample(self.shown, &screen);
        }
    }

    fn speed(&self) -> f64 {
        self.app.as_ref().map_or(1.0, |h| h.app.options().speed)
    }

    /// Real time passing on the tape: the emulated clock runs `speed` times faster. Idle
    /// time passes in steps that depend on what happens, not on how long it is.
    fn pass(&mut self, line: usize, real: Duration) -> Result<(), TapeError> {
        self.elapsed = self.elapsed.checked_add(real).filter(|t| *t <= MAX_TAPE_TIME).ok_or_else(|| {
            TapeError::at(line, "the tape's times add up to more than 24 hours; shorten its Sleeps and counts")
        })?;
        let speed = self.speed();
        // Shown, the screen is sampled at every frame on the way (Framerate a second), but
        // only where it can have changed: between the app's deadlines it stands still.
        let mut left = real;
        if self.recording_on() {
            let interval = self.style.frame_interval();
            loop {
                let end = self.shown + left;
                let Some(h) = &self.app else { break };
                let Some(due) = h.app.poll_timeout(Wake::Visible) else { break };
                let change_at = self.shown + due.saturating_sub(h.app.now()).div_f64(speed);
                if change_at > self.next_frame {
                    // The first frame at or after the change.
                    let ticks = (change_at - self.next_frame).as_secs_f64() / interval.as_secs_f64();
                    self.next_frame += interval.mul_f64(ticks.ceil());
                }
                if self.next_frame > end {
                    break;
                }
                if self.next_frame > MAX_RECORDED {
                    return Err(TapeError::at(
                        line,
                        format!(
                            "rendering records at most {} minutes of what the tape shows; hide the rest (Hide, Show) or shorten its Sleeps",
                            MAX_RECORDED.as_secs() / 60
                        ),
                    ));
                }
                let step = self.next_frame - self.shown;
                if let Some(h) = &mut self.app {
                    h.fast_forward(step.mul_f64(speed));
                }
                left -= step;
                self.shown = self.next_frame;
                self.next_frame += interval;
                self.sample();
            }
            self.shown += left;
        }
        if let Some(h) = &mut self.app {
            // speed is at most 100 and real at most 24 h: this cannot overflow.
            h.fast_forward(left.mul_f64(speed));
        }
        Ok(())
    }

    fn launch(&mut self, line: usize) -> Result<(), TapeError> {
        let command = std::mem::take(&mut self.shell);
        let words = shlex::split(&command).ok_or_else(|| TapeError::at(line, "unbalanced quotes"))?;
        let mut args: Vec<String> = vec!["printer-panel".into()];
        match words.first().map(String::as_str) {
            Some(w) if w == "printer-panel" || w.ends_with("/printer-panel") => args.extend(words[1..].iter().cloned()),
            // cargo run [--release] -- flags
            Some("cargo") if words.get(1).is_some_and(|w| w == "run") => {
                if let Some(dash) = words.iter().position(|w| w == "--") {
                    args.extend(words[dash + 1..].iter().cloned());
                }
            }
            // Not ours (cd, clear, ...): the pretend shell just runs it.
            _ => return Ok(()),
        }
        let err = |message: String| TapeError::at(line, message);
        let cli = Cli::try_parse_from(&args).map_err(|e| err(format!("`{command}`: {}", e.to_string().trim())))?;
        if cli.command.is_some() {
            return Err(err(format!("`{command}`: play replays the panel, not a subcommand")));
        }
        if cli.panel.pcap.is_some() {
            return Err(err(format!(
                "`{command}`: --pcap is not played: a tape writes only where you say (play --screens)"
            )));
        }
        if cli.panel.record.is_some() {
            return Err(err(format!("`{command}`: --record is not played: a tape writes only where you say")));
        }
        let mut options = panel_options(&cli.panel, self.env_no_color).map_err(err)?;
        options.write_files = false;
        let (w, h) = self.size();
        self.app = Some(Headless::new(App::new(options), w, h));
        self.last_buffer = None;
        Ok(())
    }

    fn key(&mut self, line: usize, code: KeyCode, modifiers: KeyModifiers) -> Result<(), TapeError> {
        if let Some(h) = &mut self.app {
            h.key_with(code, modifiers);
            if h.quit {
                self.last_screen = h.screen();
                self.last_buffer = Some(h.buffer().clone());
                self.app = None;
            }
            return Ok(());
        }
        match (code, modifiers) {
            (KeyCode::Enter, _) => self.launch(line),
            (KeyCode::Backspace, _) => {
                self.shell.pop();
                Ok(())
            }
            (KeyCode::Char('c'), m) if m.contains(KeyModifiers::CONTROL) => {
                self.shell.clear();
                Ok(())
            }
            (KeyCode::Char(c), _) => {
                self.shell.push(c);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn screen(&self) -> String {
        self.app.as_ref().map_or_else(|| self.last_screen.clone(), Headless::screen)
    }
}

/// Plays a tape; `screens` receives each Screenshot as `<name>.txt`.
pub fn play(text: &str, screens: Option<&Path>) -> Result<Report, TapeError> {
    play_recorded(text, screens, false)
}

/// Plays a tape, recording what it shows when `record` (for a render: the frames, the
/// screenshots' screens, the golden text).
pub fn play_recorded(text: &str, screens: Option<&Path>, record: bool) -> Result<Report, TapeError> {
    let commands = parse(text)?;
    if let Some(dir) = screens {
        let made = std::fs::create_dir_all(dir)
            .and_then(|()| if dir.is_dir() { Ok(()) } else { Err(std::io::Error::other("not a folder")) });
        if let Err(e) = made {
            let message = format!("cannot write screenshots into {}: {e}", crate::files::shown(dir));
            return Err(TapeError { line: 0, message, write: true });
        }
    }
    let mut p = Player {
        shell: String::new(),
        app: None,
        style: Style::default(),
        typing: Duration::from_millis(50),
        wait_timeout: Duration::from_secs(15),
        env_no_color: false,
        last_screen: String::new(),
        last_buffer: None,
        elapsed: Duration::ZERO,
        hidden: false,
        shown: Duration::ZERO,
        next_frame: Duration::ZERO,
        recording: Recording::new(Style::default()),
        record,
    };
    let raw: Vec<&str> = lines(text).collect();
    let mut shots = Vec::new();
    let mut outputs = Vec::new();
    let mut golden = String::new();
    for Command { line, step } in commands {
        let err = |message: String| TapeError::at(line, message);
        let setup = matches!(step, Step::Output(_) | Step::Require(_) | Step::Set(..) | Step::Env(..));
        // Recording starts with the first command that is not a setting (VHS's rule),
        // unless the tape hides what comes first.
        if !setup && !p.hidden && p.recording.frames.is_empty() && step != Step::Hide {
            p.sample();
        }
        let shown_before = !p.hidden;
        if record && shown_before && !setup && !matches!(step, Step::Hide | Step::Show) {
            let written = raw.get(line - 1).map_or("", |l| l.trim());
            p.recording.markers.push((p.shown, format!("{line}: {written}")));
        }
        match step {
            Step::Require(_) => {}
            Step::Output(path) => outputs.push((line, path)),
            Step::Hide => p.hidden = true,
            Step::Show => {
                p.hidden = false;
                p.next_frame = p.shown;
                p.sample();
            }
            Step::Env(key, value) => {
                if key == "NO_COLOR" {
                    p.env_no_color = !value.is_empty();
                }
            }
            Step::Set(key, value) => {
                let number = |low: f64, high: f64| {
                    value.parse::<f64>().ok().filter(|v| v.is_finite() && (low..=high).contains(v)).ok_or_else(|| {
                        let shown = crate::text::printable(value.as_bytes());
                        err(format!("Set {key} {shown}: give a number from {low} to {high}"))
                    })
                };
                match key.as_str() {
                    "Width" => p.style.width_px = number(100.0, 10_000.0)?,
                    "Height" => p.style.height_px = number(100.0, 10_000.0)?,
                    "FontSize" => p.style.font_size = number(4.0, 200.0)?,
                    "Padding" => p.style.padding = number(0.0, 1_000.0)?,
                    "Theme" => p.style.theme = crate::tape::render::TermTheme::from_setting(&value).map_err(err)?,
                    "Framerate" => p.style.framerate = number(1.0, 100.0)? as u32,
                    "PlaybackSpeed" => p.style.playback_speed = number(0.1, 100.0)?,
                    "LoopOffset" => {
                        let percent = value.trim_end_matches('%').to_string();
                        p.style.loop_offset = percent
                            .parse::<f64>()
                            .ok()
                            .filter(|v| v.is_finite() && (0.0..=100.0).contains(v))
                            .ok_or_else(|| err(format!("Set LoopOffset {value}: give a percentage from 0 to 100")))?
                    }
                    "TypingSpeed" => p.typing = parse_duration(&value).ok_or_else(|| err(bad_duration(&value)))?,
                    "WaitTimeout" => {
                        p.wait_timeout = parse_duration(&value)
                            .filter(|t| *t <= MAX_WAIT)
                            .ok_or_else(|| err(bad_duration(&value)))?
                    }
                    _ => {}
                }
                let (w, hh) = p.size();
                if let Some(h) = &mut p.app {
                    h.resize(w, hh);
                }
            }
            Step::Type { text, every } => {
                for c in text.chars() {
                    p.key(line, KeyCode::Char(c), KeyModifiers::NONE)?;
                    p.pass(line, every.unwrap_or(p.typing))?;
                }
            }
            Step::Key { code, modifiers, count, every } => {
                for _ in 0..count {
                    p.key(line, code, modifiers)?;
                    p.pass(line, every.unwrap_or(p.typing))?;
                }
            }
            Step::Sleep(d) => p.pass(line, d)?,
            Step::Wait { pattern, timeout } => {
                let re = Regex::new(pattern.as_deref().unwrap_or(r"\S")).map_err(|e| err(e.to_string()))?;
                let limit = timeout.unwrap_or(p.wait_timeout);
                let speed = p.speed();
                let Some(h) = &mut p.app else {
                    return Err(err("Wait: the app is not running".into()));
                };
                let target = h.app.now() + limit.mul_f64(speed);
                if !h.drive_until(target, Wake::Visible, |h| re.is_match(&h.screen())) {
                    return Err(err(format!(
                        "Wait /{}/ timed out after {limit:?}; the screen was:\n{}",
                        re.as_str(),
                        h.screen()
                    )));
                }
            }
            Step::Screenshot(path) => {
                if let Some(h) = &p.app
                    && !h.fits()
                {
                    let (cols, rows) = p.size();
                    let (w, hh) = crate::ui::COMPACT_MIN;
                    return Err(err(format!(
                        "Screenshot: the tape's window ({} x {} px, font {}) makes a {cols} x {rows} terminal, too \
                         small for the panel ({w} x {hh}); set a larger Width and Height (1800 x 1000 fits)",
                        p.style.width_px, p.style.height_px, p.style.font_size
                    )));
                }
                let screen = p.screen();
                let stem = Path::new(&path).file_stem().and_then(|s| s.to_str()).unwrap_or("screenshot").to_string();
                if let Some(dir) = screens {
                    let file = dir.join(format!("{stem}.txt"));
                    crate::files::write_atomic(&file, screen.as_bytes()).map_err(|e| TapeError {
                        write: true,
                        ..err(format!("cannot write {}: {e}", crate::files::shown(&file)))
                    })?;
                }
                p.recording.shots.push((stem.clone(), p.buffer()));
                shots.push((stem, screen));
            }
        }
        if record && shown_before && !setup && !p.hidden {
            for row in crate::tape::render::text_rows(&p.buffer()) {
                golden.push_str(&row);
                golden.push('\n');
            }
            golden.push_str(crate::tape::render::GOLDEN_SEPARATOR);
            golden.push('\n');
        }
    }
    let shown = p.shown;
    p.recording.finish(shown);
    p.recording.style = p.style.clone();
    let recording = std::mem::replace(&mut p.recording, Recording::new(Style::default()));
    Ok(Report { final_screen: p.screen(), screenshots: shots, recording, golden, outputs, shown })
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
    }
}
