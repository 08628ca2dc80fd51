//! `--record FILE.tape`: the live session written as a VHS tape. The launch is hidden and
//! carries the seed (one is drawn when none was given), so that the replay draws the same
//! PINs and keys; then every key, with the time since the one before as a `Sleep` (the
//! app's own clock, so a pause or a step while paused replays as it happened), and a
//! `Screenshot` where F2 was pressed. `printer-panel play` replays it to the same screens;
//! `vhs` can record it as well.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

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
}

/// A string as a tape's Type takes it: in the quotes it does not contain.
fn quoted(text: &str) -> String {
    let quote = ['"', '\'', '`'].into_iter().find(|q| !text.contains(*q)).unwrap_or('"');
    format!("{quote}{text}{quote}")
}

/// The command line that launches the same panel: the seed always, then what differs
/// from the defaults. `theme` is the `--theme` given, if any.
pub fn launch_command(options: &Options, seed: u64, theme: Option<&str>) -> String {
    let mut words = vec!["printer-panel".to_string(), "--seed".into(), seed.to_string()];
    if options.model.id != crate::sim::models::PRINTER_MODELS[0].id {
        words.extend(["--model".into(), options.model.id.to_string()]);
    }
    if options.scenario.id != crate::sim::scenarios::SCENARIOS[0].id {
        words.extend(["--scenario".into(), options.scenario.id.to_string()]);
    }
    if options.guide {
        words.push("--guide".into());
    }
    if (options.speed - 1.0).abs() > f64::EPSILON {
        words.extend(["--speed".into(), options.speed.to_string()]);
    }
    if let Some(theme) = theme {
        words.extend(["--theme".into(), shlex::try_quote(theme).map(|q| q.into_owned()).unwrap_or_default()]);
    }
    words.join(" ")
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
        }
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
    pub fn key(&mut self, key: &KeyEvent, now: Time, speed: f64) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
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

    /// The tape, ending at the app's time `end` (when the session ended).
    pub fn tape(&mut self, end: Time, speed: f64) -> String {
        self.sleep_until(end, speed);
        let (cols, rows) = self.size;
        let (cw, ch) = crate::tape::render::glyphs::cell_size(f64::from(FONT_SIZE));
        let mut out = vec![
            "# A printer-panel session, recorded with --record.".to_string(),
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
        out.extend(self.lines.iter().cloned());
        let mut text = out.join("\n");
        text.push('\n');
        text
    }
}

/// What the live loop does with a key or a click while the session is recorded: the tape
/// gets every key a tape can say, F2 puts a Screenshot in it; a key VHS cannot say (Home,
/// End, F5) and a click (a tape has no mouse) are refused, so that the replay stays the
/// session. Returns whether the event goes on to
/// the panel.
pub fn on_event(recorder: &mut TapeRecorder, app: &mut App, event: &Event) -> bool {
    use crossterm::event::{KeyEventKind, MouseEventKind};
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Release => true,
        Event::Key(key) if key.code == SCREENSHOT_KEY => {
            let name = recorder.screenshot(app.now(), app.options().speed);
            app.notice(format!("Screenshot {name} is in the tape"));
            false
        }
        Event::Key(key) => {
            if recorder.key(key, app.now(), app.options().speed) {
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
        assert!(r.key(&key(KeyCode::Down), Duration::from_millis(3000), 2.0));
        assert!(r.key(&key(KeyCode::Char('"')), Duration::from_millis(3001), 2.0));
        assert!(r.key(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL), Duration::from_millis(3001), 2.0));
        assert!(!r.key(&key(KeyCode::F(5)), Duration::from_millis(4000), 2.0));
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
}
