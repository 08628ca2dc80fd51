//! `--record FILE.tape`: the live session written as a VHS tape. The launch is hidden and
//! carries the seed (one is drawn when none was given), so that the replay draws the same
//! PINs and keys; then every key, with the time since the one before as a `Sleep` (the
//! app's own clock, so a pause or a step while paused replays as it happened), and a
//! `Screenshot` where F2 was pressed. `printer-panel play` replays it to the same screens;
//! `vhs` can record it as well.
//!
//! The tape is written as the session goes ([`TapeFile`]): its header once the terminal's
//! size is known, then each line as it comes, straight to the file, so that a panic or a
//! kill leaves a tape that plays up to the last key. A Wi-Fi password typed on the printer
//! is kept out of it (a `{password}` placeholder and a note) unless the trainer asks.

use crate::keys::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use crate::app::{App, Options};
use crate::wps::time::Time;

/// The key that puts a Screenshot into the tape (it is not recorded as a key).
pub const SCREENSHOT_KEY: KeyCode = KeyCode::F(2);

/// The tape's font size; cells are then 8 x 17 pixels (0.6 x 1.2 em, rounded).
const FONT_SIZE: u32 = 14;
const PADDING: u32 = 20;

pub struct TapeRecorder {
    launch: String,
    size: (u16, u16),
    no_color: bool,
    lines: Vec<String>,
    /// The app's time of the last line, and how much of it the Sleeps so far account for
    /// (in microseconds, rounded once: no drift over a long session).
    last: Time,
    tape_time: f64,
    written_us: u128,
    keys: usize,
    shots: usize,
    output: String,
    /// How many of `lines` are in the file already.
    written: usize,
    /// Keys typed into a password field go into the tape as they were (`--record-secrets`).
    keep_secrets: bool,
    /// A run of keys into a password field is under way: its placeholder is in the tape.
    in_secret: bool,
    /// How the session came to be recorded, for the tape's first line.
    how: &'static str,
}

/// What stands for a password on the tape, and the note above it.
pub const SECRET_PLACEHOLDER: &str = "{password}";
const SECRET_NOTE: &str = "# A Wi-Fi password was typed here; it is kept out of the tape. Put it in place of {password} to replay it (--record-secrets records it as typed).";

/// A string as a tape's Type takes it: in the quotes it does not contain.
fn quoted(text: &str) -> String {
    let quote = ['"', '\'', '`'].into_iter().find(|q| !text.contains(*q)).unwrap_or('"');
    format!("{quote}{text}{quote}")
}

/// The command line that launches the same panel: the seed always, then what differs
/// from the defaults. `theme` is the `--theme` given, if any.
pub fn launch_command(options: &Options, seed: u64, theme: Option<&str>) -> String {
    let quote = |w: &str| shlex::try_quote(w).map(|q| q.into_owned()).unwrap_or_default();
    // An exercise sets the model, the scenario and the seed from the learner's name.
    let mut words = match &options.exercise {
        Some(a) => {
            vec!["printer-panel".into(), "--exercise".into(), quote(&a.source), "--learner".into(), quote(&a.learner)]
        }
        None => vec!["printer-panel".to_string(), "--seed".into(), seed.to_string()],
    };
    if options.exercise.is_none() {
        set_up(&mut words, options);
    }
    if options.class_mode {
        words.push("--class".into());
    }
    if (options.speed - 1.0).abs() > f64::EPSILON {
        words.extend(["--speed".into(), options.speed.to_string()]);
    }
    if let Some(theme) = theme {
        words.extend(["--theme".into(), quote(theme)]);
    }
    words.join(" ")
}

/// The model, the scenario and the guide, where they differ from the defaults.
fn set_up(words: &mut Vec<String>, options: &Options) {
    if options.model.id != crate::sim::models::PRINTER_MODELS[0].id {
        words.extend(["--model".into(), options.model.id.to_string()]);
    }
    if options.scenario.id != crate::sim::scenarios::SCENARIOS[0].id {
        words.extend(["--scenario".into(), options.scenario.id.to_string()]);
    }
    if options.guide {
        words.push("--guide".into());
    }
}

impl TapeRecorder {
    /// `output` is the GIF the tape names (beside it, as `play` writes it); `size` the
    /// terminal's, in cells.
    pub fn new(launch: String, size: (u16, u16), no_color: bool, output: String) -> TapeRecorder {
        TapeRecorder {
            launch,
            size,
            no_color,
            lines: Vec::new(),
            last: Time::ZERO,
            tape_time: 0.0,
            written_us: 0,
            keys: 0,
            shots: 0,
            output,
            written: 0,
            keep_secrets: false,
            in_secret: false,
            how: "recorded with --record",
        }
    }

    /// How the session came to be recorded ("an exercise sat with --exercise"), said on the
    /// tape's first line.
    pub fn recorded_as(mut self, how: &'static str) -> TapeRecorder {
        self.how = how;
        self
    }

    /// Records what is typed into a password field as typed, not as a placeholder.
    pub fn keeping_secrets(mut self, keep: bool) -> TapeRecorder {
        self.keep_secrets = keep;
        self
    }

    /// The time since the last line, as a Sleep (none when it is under a microsecond). The
    /// tape's time is the app's over its speed then (`<` and `>` change it between keys).
    fn sleep_until(&mut self, now: Time, speed: f64) {
        self.tape_time += now.saturating_sub(self.last).as_secs_f64() / speed;
        let exact_us = (self.tape_time * 1e6).round() as u128;
        let us = exact_us.saturating_sub(self.written_us);
        if us > 0 {
            self.lines.push(format!("Sleep {}.{:03}ms", us / 1_000, us % 1_000));
            self.written_us += us;
        }
        self.last = now;
    }

    /// A key pressed at the app's time `now`, the app running at `speed` since the last
    /// line; false when a tape cannot say it (it is then not recorded).
    /// `secret`: the key goes into a password field (its characters and Backspace are then
    /// one placeholder, unless secrets are kept).
    pub fn key(&mut self, key: &KeyEvent, now: Time, speed: f64, secret: bool) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let editing = matches!(key.code, KeyCode::Char(_) | KeyCode::Backspace) && !ctrl;
        if secret && editing && !self.keep_secrets {
            if !self.in_secret {
                self.sleep_until(now, speed);
                self.lines.push(SECRET_NOTE.into());
                self.lines.push(format!("Type {}", quoted(SECRET_PLACEHOLDER)));
                self.in_secret = true;
            }
            self.keys += 1;
            return true;
        }
        self.in_secret = false;
        let line = match key.code {
            KeyCode::Char(c) if ctrl && c.is_ascii_alphabetic() => format!("Ctrl+{}", c.to_ascii_uppercase()),
            KeyCode::Char(_) if ctrl => return false,
            KeyCode::Char(c) => format!("Type {}", quoted(&c.to_string())),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift+Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Delete".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Esc => "Escape".into(),
            KeyCode::Up => "Up".into(),
            KeyCode::Down => "Down".into(),
            KeyCode::Left => "Left".into(),
            KeyCode::Right => "Right".into(),
            KeyCode::PageUp => "PageUp".into(),
            KeyCode::PageDown => "PageDown".into(),
            // F1 is the help, as ? is.
            KeyCode::F(1) => "Type \"?\"".into(),
            _ => return false,
        };
        self.sleep_until(now, speed);
        self.lines.push(line);
        self.keys += 1;
        true
    }

    /// A Screenshot at `now`; its name.
    pub fn screenshot(&mut self, now: Time, speed: f64) -> String {
        self.sleep_until(now, speed);
        self.shots += 1;
        let name = format!("shot-{}", self.shots);
        self.lines.push(format!("Screenshot {name}.png"));
        name
    }

    /// The terminal's size in cells, once it is known.
    pub fn resize_to(&mut self, size: (u16, u16)) {
        self.size = size;
    }

    pub fn counts(&self) -> (usize, usize) {
        (self.keys, self.shots)
    }

    /// The session's end, at the app's time `end`: the last Sleep.
    pub fn end(&mut self, end: Time, speed: f64) {
        self.sleep_until(end, speed);
    }

    /// The lines recorded since the last call, each ending in a newline.
    pub fn new_lines(&mut self) -> String {
        let text: String = self.lines[self.written..].iter().map(|l| format!("{l}\n")).collect();
        self.written = self.lines.len();
        text
    }

    /// The whole tape, ending at the app's time `end` (when the session ended).
    pub fn tape(&mut self, end: Time, speed: f64) -> String {
        self.end(end, speed);
        let mut text = self.header();
        text.push_str(&self.lines.iter().map(|l| format!("{l}\n")).collect::<String>());
        text
    }

    /// The tape's settings and the hidden launch, up to `Show`.
    pub fn header(&self) -> String {
        let (cols, rows) = self.size;
        let (cw, ch) = crate::tape::render::glyphs::cell_size(f64::from(FONT_SIZE));
        let mut out = vec![
            format!("# A printer-panel session, {}.", self.how),
            "# Replay it: printer-panel play THIS.tape (--gif, --png, --cast render it); vhs THIS.tape records it."
                .to_string(),
            format!("Output {}", self.output),
            format!("Set FontSize {FONT_SIZE}"),
            format!("Set Width {}", u32::from(cols) * cw + 2 * PADDING),
            format!("Set Height {}", u32::from(rows) * ch + 2 * PADDING),
            format!("Set Padding {PADDING}"),
            // Each key's time is in the Sleep before it.
            "Set TypingSpeed 0ms".to_string(),
        ];
        if self.no_color {
            out.push("Env NO_COLOR 1".into());
        }
        out.extend(["Hide".to_string(), format!("Type {}", quoted(&self.launch)), "Enter".into(), "Show".into()]);
        let mut text = out.join("\n");
        text.push('\n');
        text
    }
}

/// The tape's file while the session is recorded: created before the session (a new file,
/// unless replacing one was asked for), then appended to as lines come. Each append goes
/// straight to the file (no buffer in the process), so a kill loses nothing written.
pub struct TapeFile {
    file: std::fs::File,
    /// The first failure to write, said when the session ends.
    pub failed: Option<std::io::Error>,
}

impl TapeFile {
    /// Creates the file at `path`, empty: through a fresh temporary file moved into place,
    /// refused if something is there already and `replace` is false.
    pub fn create(path: &std::path::Path, replace: bool) -> Result<TapeFile, String> {
        let name = crate::files::shown(path);
        let temp = crate::files::temporary_beside(path).map_err(|e| format!("cannot write {name}: {e}"))?;
        let placed = if replace { temp.persist(path) } else { temp.persist_noclobber(path) };
        let file = placed.map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => {
                format!("{name} exists already: give another name, or add --force to replace it")
            }
            _ => format!("cannot write {name}: {}", e.error),
        })?;
        Ok(TapeFile { file, failed: None })
    }

    /// Appends what the recorder has that the file has not (the header first, once).
    pub fn append(&mut self, text: &str) {
        use std::io::Write;
        if self.failed.is_none()
            && !text.is_empty()
            && let Err(e) = self.file.write_all(text.as_bytes())
        {
            self.failed = Some(e);
        }
    }

    /// The end of the session: the file synced to the disk.
    pub fn finish(&mut self) -> std::io::Result<()> {
        match self.failed.take() {
            Some(e) => Err(e),
            None => self.file.sync_all(),
        }
    }
}

/// A session being recorded: the recorder and its file.
pub struct Recording {
    pub recorder: TapeRecorder,
    pub file: TapeFile,
}

impl Recording {
    /// Writes the header, once the terminal's size is known.
    pub fn start(&mut self, size: (u16, u16)) {
        self.recorder.resize_to(size);
        let header = self.recorder.header();
        self.file.append(&header);
    }

    /// What the live loop does with an event (see [`on_event`]), the new lines then written.
    pub fn on_event(&mut self, app: &mut App, event: &Event) -> bool {
        let goes_on = on_event(&mut self.recorder, app, event);
        let text = self.recorder.new_lines();
        self.file.append(&text);
        goes_on
    }

    /// The session's end at the app's time: the last Sleep written, the file synced.
    pub fn finish(&mut self, app: &App) -> std::io::Result<()> {
        self.recorder.end(app.now(), app.options().speed);
        let text = self.recorder.new_lines();
        self.file.append(&text);
        self.file.finish()
    }
}

/// What the live loop does with a key or a click while the session is recorded: the tape
/// gets every key a tape can say, F2 puts a Screenshot in it; a key VHS cannot say (Home,
/// End, F5) and a click (a tape has no mouse) are refused, so that the replay stays the
/// session. Returns whether the event goes on to
/// the panel.
pub fn on_event(recorder: &mut TapeRecorder, app: &mut App, event: &Event) -> bool {
    use crate::keys::event::{KeyEventKind, MouseEventKind};
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Release => true,
        Event::Key(key) if key.code == SCREENSHOT_KEY => {
            let name = recorder.screenshot(app.now(), app.options().speed);
            app.notice(format!("Screenshot {name} is in the tape"));
            false
        }
        Event::Key(key) => {
            let secret = crate::ui::input::typing_password(app);
            if recorder.key(key, app.now(), app.options().speed, secret) {
                return true;
            }
            // Kept out of the panel too, so that the replay stays the session.
            let name = match key.code {
                KeyCode::Home => "Home (g is the printer's Home button)".to_string(),
                KeyCode::End => "End".to_string(),
                KeyCode::F(n) => format!("F{n}"),
                _ => "that key".to_string(),
            };
            app.notice(format!("Recording: a VHS tape cannot say {name}; not pressed"));
            false
        }
        Event::Mouse(m) if matches!(m.kind, MouseEventKind::Down(_)) => {
            app.notice("Recording: a tape has no mouse; use the keys (? lists them)");
            false
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn keys_become_tape_lines_with_the_time_between_them() {
        let mut r = TapeRecorder::new("printer-panel --seed 7".into(), (120, 36), false, "s.gif".into());
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert!(r.key(&key(KeyCode::Down), Duration::from_millis(3000), 2.0, false));
        assert!(r.key(&key(KeyCode::Char('"')), Duration::from_millis(3001), 2.0, false));
        assert!(r.key(
            &KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
            Duration::from_millis(3001),
            2.0,
            false
        ));
        assert!(!r.key(&key(KeyCode::F(5)), Duration::from_millis(4000), 2.0, false));
        assert_eq!(r.screenshot(Duration::from_millis(5000), 2.0), "shot-1");
        let tape = r.tape(Duration::from_millis(6000), 2.0);
        let body: Vec<&str> = tape.lines().skip_while(|l| *l != "Show").skip(1).collect();
        // At twice the speed, 3 s of the app's time is 1.5 s of the tape's.
        assert_eq!(
            body,
            [
                "Sleep 1500.000ms",
                "Down",
                "Sleep 0.500ms",
                "Type '\"'",
                "Ctrl+C",
                "Sleep 999.500ms",
                "Screenshot shot-1.png",
                "Sleep 500.000ms"
            ]
        );
        assert!(tape.contains("Set Width 1000\nSet Height 652\n"), "{tape}");
        assert!(tape.contains("Type \"printer-panel --seed 7\"\nEnter\nShow\n"));
    }

    /// A password typed on the printer is one placeholder with a note, its Backspaces
    /// included; the Enter that ends it is a key again. Kept, it is typed as it was.
    #[test]
    fn a_typed_password_stays_out_of_the_tape() {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let typed = |keep: bool| {
            let mut r = TapeRecorder::new("printer-panel --seed 4".into(), (80, 24), false, "s.gif".into())
                .keeping_secrets(keep);
            let ms = Duration::from_millis;
            r.key(&key(KeyCode::Enter), ms(100), 1.0, false);
            for (i, code) in
                [KeyCode::Char('m'), KeyCode::Char('x'), KeyCode::Backspace, KeyCode::Char('a')].into_iter().enumerate()
            {
                assert!(r.key(&key(code), ms(200 + 100 * i as u64), 1.0, true));
            }
            r.key(&key(KeyCode::Enter), ms(1000), 1.0, true);
            let tape = r.tape(ms(1500), 1.0);
            tape.lines().skip_while(|l| *l != "Show").skip(1).map(str::to_string).collect::<Vec<_>>()
        };
        let hidden = typed(false);
        assert_eq!(
            hidden,
            [
                "Sleep 100.000ms",
                "Enter",
                "Sleep 100.000ms",
                SECRET_NOTE,
                "Type \"{password}\"",
                "Sleep 800.000ms",
                "Enter",
                "Sleep 500.000ms"
            ]
        );
        assert!(!hidden.iter().any(|l| l.contains("\"m\"") || l.contains("\"a\"")));
        let kept = typed(true);
        assert!(kept.contains(&"Type \"m\"".to_string()) && kept.contains(&"Backspace".to_string()), "{kept:?}");
    }

    /// Lines go to the file as they come: what was written before a kill is a tape.
    #[test]
    fn the_tape_is_in_the_file_as_keys_come() {
        let dir = std::env::temp_dir().join(format!("printer-panel-tapefile-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.tape");
        let mut file = TapeFile::create(&path, false).unwrap();
        let mut r = TapeRecorder::new("printer-panel --seed 4".into(), (80, 24), false, "s.gif".into());
        file.append(&r.header());
        r.key(&KeyEvent::new(KeyCode::Down, KeyModifiers::NONE), Duration::from_millis(250), 1.0, false);
        file.append(&r.new_lines());
        // Not finished, as after a kill: the file already holds the key, and plays.
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.ends_with("Show\nSleep 250.000ms\nDown\n"), "{text}");
        assert!(crate::tape::command::parse(&text).is_ok());
        assert!(r.new_lines().is_empty(), "each line is written once");
        // An existing tape is not replaced unless asked.
        let e = TapeFile::create(&path, false).err().unwrap();
        assert!(e.contains("exists already") && e.contains("--force"), "{e}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
        TapeFile::create(&path, true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
