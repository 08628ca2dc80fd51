//! `printer-panel play`: VHS tapes, replayed headlessly on the app's virtual clock.
//!
//! What is typed before the app starts goes to a pretend shell; the `printer-panel ...`
//! command typed there (then Enter) launches the panel with those flags. After that, keys
//! go to the app, `Sleep` advances its clock, `Wait` advances it until the screen matches,
//! and `Screenshot` writes the screen as text.

use std::path::Path;
use std::time::Duration;

use crate::keys::event::{KeyCode, KeyModifiers};
use clap::Parser;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use regex::Regex;

use crate::app::{App, Wake};
use crate::driver::Headless;
use crate::options::{Cli, panel_options_given};
use crate::tape::command::{Command, MAX_RECORDED, MAX_TAPE_TIME, Setting, Step, TapeError, lines, parse_from};
use crate::tape::render::{Recording, Style};
use crate::tape::vhs::Sources;

/// VHS's WaitPattern when a tape sets none: its shell's prompt at the end of the line.
const DEFAULT_WAIT_PATTERN: &str = ">$";

/// How often a Wait reads the screen (VHS's WaitTick).
const WAIT_TICK: Duration = Duration::from_millis(10);

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
    /// What VHS would warn about, or what `play` did otherwise than VHS would: line, words.
    pub warnings: Vec<(usize, String)>,
    /// An exercise sat on the tape: who sat it, and the score when the panel quit (or at
    /// the tape's end).
    pub scored: Option<(String, crate::app::assessment::Scored)>,
}

struct Player {
    shell: String,
    app: Option<Headless>,
    style: Style,
    typing: Duration,
    wait_timeout: Duration,
    wait_pattern: String,
    env_no_color: bool,
    /// What `Copy` put on the clipboard, for `Paste`.
    clipboard: String,
    /// The row the terminal's cursor is on (VHS's Wait reads that line by default): after
    /// a draw, the row of the last cell written, as a terminal is left by ratatui's diff.
    cursor_row: u16,
    /// The screen as last seen, to follow the cursor.
    seen: Option<Buffer>,
    /// Whether a command other than a setting has run: VHS ignores a later `Set`.
    started: bool,
    warnings: Vec<(usize, String)>,
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
    /// Whether the screen may have changed since the last sample other than at the app's
    /// deadlines: a key, the launch, a resize. The next frame on the grid then samples it,
    /// as VHS's capture at every frame would.
    changed: bool,
    recording: Recording,
    /// Frames are sampled only for a render (GIF, PNG, SVG, asciicast, golden text).
    record: bool,
    /// Where each Screenshot is written as text, if anywhere.
    screens: Option<std::path::PathBuf>,
    shots: Vec<(String, String)>,
    outputs: Vec<(usize, String)>,
    golden: String,
    /// When play must stop (its time limit), if it has one.
    deadline: Option<std::time::Instant>,
    /// The exercise a launch with `--exercise` sits, given rather than read from its path
    /// (a result's tape replayed against the exercise its hash names).
    exercise: Option<crate::exercise::Exercise>,
    /// Who sat the exercise on the tape and their score, taken as the panel quits.
    scored: Option<(String, crate::app::assessment::Scored)>,
}

/// What play says when its time limit has passed.
pub fn over_time(limit: Duration) -> String {
    format!("play worked for longer than its time limit ({} s); raise it with --time-limit", limit.as_secs())
}

impl Player {
    /// The time limit, checked at every key and every step of the tape's time.
    fn in_time(&self, line: usize) -> Result<(), TapeError> {
        match self.deadline {
            Some(deadline) if std::time::Instant::now() > deadline => {
                Err(TapeError::at(line, "play stopped here: it had used up its time limit; raise it with --time-limit"))
            }
            _ => Ok(()),
        }
    }

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
            self.changed = false;
        }
    }

    fn speed(&self) -> f64 {
        self.app.as_ref().map_or(1.0, |h| h.app.options().speed)
    }

    /// Real time passing on the tape: the emulated clock runs `speed` times faster. Idle
    /// time passes in steps that depend on what happens, not on how long it is.
    fn pass(&mut self, line: usize, real: Duration) -> Result<(), TapeError> {
        self.in_time(line)?;
        self.elapsed = self.elapsed.checked_add(real).filter(|t| *t <= MAX_TAPE_TIME).ok_or_else(|| {
            TapeError::at(line, "the tape's times add up to more than 24 hours; shorten its Sleeps and counts")
        })?;
        let speed = self.speed();
        // Shown, the screen is sampled at every frame on the way (Framerate a second), but
        // only where it can have changed: after a key, or at the app's deadlines; between
        // them it stands still.
        let mut left = real;
        if self.recording_on() {
            let interval = self.style.frame_interval();
            loop {
                let end = self.shown + left;
                let change_at = if self.changed {
                    self.shown
                } else {
                    let Some(h) = &self.app else { break };
                    let Some(due) = h.app.poll_timeout(Wake::Visible) else { break };
                    self.shown + due.saturating_sub(h.app.now()).div_f64(speed)
                };
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
        if command.trim().is_empty() {
            return Ok(());
        }
        // What is not printer-panel is for a shell play does not have: said, and passed over.
        let ours = |w: &str| w == "printer-panel" || w.ends_with("/printer-panel") || w == "cargo";
        let Some(words) = shlex::split(&command).filter(|w| w.first().is_some_and(|w| ours(w))) else {
            let shown = crate::text::printable(command.chars().take(60).collect::<String>().as_bytes());
            self.warnings
                .push((line, format!("`{shown}` is for a shell; play runs only printer-panel, so it ran nothing")));
            return Ok(());
        };
        let mut args: Vec<String> = vec!["printer-panel".into()];
        match words.first().map(String::as_str) {
            Some(w) if w == "printer-panel" || w.ends_with("/printer-panel") => args.extend(words[1..].iter().cloned()),
            // cargo run [--release] -- flags
            Some("cargo") if words.get(1).is_some_and(|w| w == "run") => {
                if let Some(dash) = words.iter().position(|w| w == "--") {
                    args.extend(words[dash + 1..].iter().cloned());
                }
            }
            _ => {
                let shown = crate::text::printable(command.chars().take(60).collect::<String>().as_bytes());
                self.warnings
                    .push((line, format!("`{shown}` is for a shell; play runs only printer-panel, so it ran nothing")));
                return Ok(());
            }
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
        let mut options = panel_options_given(&cli.panel, self.env_no_color, self.exercise.as_ref()).map_err(err)?;
        options.write_files = false;
        let (w, h) = self.size();
        self.app = Some(Headless::new(App::new(options), w, h));
        self.last_buffer = None;
        Ok(())
    }

    fn key(&mut self, line: usize, code: KeyCode, modifiers: KeyModifiers) -> Result<(), TapeError> {
        self.in_time(line)?;
        self.changed = true;
        let result = self.key_to_screen(line, code, modifiers);
        self.follow_cursor();
        result
    }

    /// Where the terminal's cursor is after the screen changed: after the last cell that
    /// changed (a terminal draws a diff row by row, left to right).
    fn follow_cursor(&mut self) {
        let now = self.buffer();
        let row = match &self.seen {
            Some(before) if before.area == now.area => before.diff(&now).last().map(|(_, y, _)| *y),
            _ => now.content.iter().rposition(|c| c.symbol() != " ").map(|i| now.pos_of(i).1),
        };
        if let Some(row) = row {
            self.cursor_row = row;
        }
        self.seen = Some(now);
    }

    /// The line the cursor is on, as VHS's Wait reads it (trailing spaces cut).
    fn current_line(&self) -> String {
        let screen = self.buffer();
        let row = self.cursor_row.min(screen.area.height.saturating_sub(1));
        crate::ui::text_rows(&screen).get(usize::from(row)).map_or_else(String::new, |l| l.trim_end().to_string())
    }

    fn key_to_screen(&mut self, line: usize, code: KeyCode, modifiers: KeyModifiers) -> Result<(), TapeError> {
        if let Some(h) = &mut self.app {
            h.key_with(code, modifiers);
            if h.quit {
                self.last_buffer = Some(h.buffer().clone());
                self.scored = sat(&h.app);
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
        match &self.app {
            Some(h) => h.screen(),
            // The pretend shell, or the panel's last screen once it quit.
            None => crate::ui::text_rows(&self.buffer()).into_iter().map(|row| row + "\n").collect(),
        }
    }

    /// One command of the tape, with what a render keeps of it: a marker naming its line,
    /// and the golden text's screen after it.
    fn run(&mut self, Command { line, step }: Command, written: &str) -> Result<(), TapeError> {
        let setup = matches!(step, Step::Output(_) | Step::Require(_) | Step::Set(..) | Step::Env(..));
        let first_command = !setup && !self.started;
        if !setup {
            self.started = true;
        }
        // Recording starts with the first command that is not a setting (VHS's rule),
        // unless the tape hides what comes first.
        if first_command && !self.hidden && self.recording.frames.is_empty() && step != Step::Hide {
            self.sample();
        }
        let shown_before = !self.hidden;
        let marked = self.record && shown_before && !setup && !matches!(step, Step::Hide | Step::Show);
        if marked {
            self.recording.markers.push((self.shown, format!("{line}: {written}")));
        }
        match step {
            Step::Require(_) => {}
            Step::Output(path) => self.outputs.push((line, path)),
            Step::Hide => self.hidden = true,
            Step::Show => self.show(),
            Step::Env(key, value) => self.env(&key, &value),
            // VHS applies settings before the first command, and TypingSpeed anywhere.
            Step::Set(setting) if self.started && !matches!(setting, Setting::TypingSpeed(_)) => {
                self.warnings.push((
                    line,
                    format!("'{}' has been ignored. Move the directive to the top of the file.", written),
                ));
            }
            Step::Set(setting) => self.set(line, setting),
            Step::Copy(text) => self.clipboard = text,
            Step::Paste => {
                let text = self.clipboard.clone();
                self.type_text(line, &text, None)?;
            }
            Step::Scroll { count, every } => {
                // The panel has no scrollback to scroll: the time passes.
                let each = every.unwrap_or(self.typing);
                let total = u32::try_from(count).ok().and_then(|n| each.checked_mul(n)).unwrap_or(Duration::MAX);
                self.pass(line, total)?;
            }
            Step::Type { text, every } => {
                if text.contains(crate::tape::record::SECRET_PLACEHOLDER) {
                    self.warnings.push((
                        line,
                        "{password} stands for a password kept out of the recording: it is typed as it stands; put the password in its place to replay the session".into(),
                    ));
                }
                self.type_text(line, &text, every)?
            }
            Step::Key { code, modifiers, count, every } => self.press(line, code, modifiers, count, every)?,
            Step::Sleep(d) => self.pass(line, d)?,
            Step::Wait { screen, pattern, timeout } => self.wait(line, screen, pattern.as_deref(), timeout)?,
            Step::Screenshot(path) => self.screenshot(line, &path)?,
        }
        if self.record && shown_before && !setup && !self.hidden {
            for row in crate::tape::render::text_rows(&self.buffer()) {
                self.golden.push_str(&row);
                self.golden.push('\n');
            }
            self.golden.push_str(crate::tape::render::GOLDEN_SEPARATOR);
            self.golden.push('\n');
        }
        Ok(())
    }

    fn show(&mut self) {
        self.hidden = false;
        self.next_frame = self.shown;
        self.sample();
    }

    fn env(&mut self, key: &str, value: &str) {
        if key == "NO_COLOR" {
            self.env_no_color = !value.is_empty();
        }
    }

    fn set(&mut self, line: usize, setting: Setting) {
        let mut note = |why: String| self.warnings.push((line, why));
        match setting {
            Setting::Margin(px) => self.style.margin = px,
            Setting::MarginFill(fill) => self.style.margin_fill = fill,
            Setting::MarginImage(path) => {
                note(format!(
                    "Set MarginFill {path}: an image as the margin is not drawn here; VHS's default colour is"
                ));
            }
            Setting::WindowBar(bar) => self.style.window_bar = bar,
            Setting::WindowBarSize(px) => self.style.window_bar_size = px,
            Setting::BorderRadius(px) => self.style.border_radius = px,
            Setting::LetterSpacing(px) => self.style.letter_spacing = px,
            Setting::LineHeight(times) => self.style.line_height = times,
            Setting::FontFamily(family) => {
                if !family.split(',').any(|f| f.trim().trim_matches(['"', '\'']) == "DejaVu Sans Mono") {
                    note(format!(
                        "Set FontFamily {family}: not embedded here; drawn in DejaVu Sans Mono, the embedded font"
                    ));
                }
            }
            Setting::Shell(shell) => {
                note(format!("Set Shell {shell}: play has no shell; it launches printer-panel itself"));
            }
            // The panel hides the terminal's cursor: there is nothing to blink.
            Setting::CursorBlink(_) => {}
            Setting::Width(px) => self.style.width_px = px,
            Setting::Height(px) => self.style.height_px = px,
            Setting::FontSize(px) => self.style.font_size = px,
            Setting::Padding(px) => self.style.padding = px,
            Setting::Theme(theme) => self.style.theme = theme,
            Setting::Framerate(fps) => self.style.framerate = fps,
            Setting::PlaybackSpeed(speed) => self.style.playback_speed = speed,
            Setting::LoopOffset(percent) => self.style.loop_offset = percent,
            Setting::TypingSpeed(every) => self.typing = every,
            Setting::WaitTimeout(limit) => self.wait_timeout = limit,
            Setting::WaitPattern(pattern) => self.wait_pattern = pattern,
        }
        let (w, h) = self.size();
        if let Some(app) = &mut self.app {
            app.resize(w, h);
        }
        self.changed = true;
    }

    fn type_text(&mut self, line: usize, text: &str, every: Option<Duration>) -> Result<(), TapeError> {
        for c in text.chars() {
            self.key(line, KeyCode::Char(c), KeyModifiers::NONE)?;
            self.pass(line, every.unwrap_or(self.typing))?;
        }
        Ok(())
    }

    fn press(
        &mut self,
        line: usize,
        code: KeyCode,
        modifiers: KeyModifiers,
        count: usize,
        every: Option<Duration>,
    ) -> Result<(), TapeError> {
        for _ in 0..count {
            self.key(line, code, modifiers)?;
            self.pass(line, every.unwrap_or(self.typing))?;
        }
        Ok(())
    }

    /// `Wait /regex/`: the tape's time runs, the line the cursor is on (or the whole screen,
    /// `+Screen`) read every WaitTick as VHS does, until it matches or the timeout (the
    /// tape's time, so `--speed` times as much of the app's) has passed. Without a pattern,
    /// the WaitPattern. The time it takes is in the recording, as in VHS's.
    fn wait(
        &mut self,
        line: usize,
        screen: bool,
        pattern: Option<&str>,
        timeout: Option<Duration>,
    ) -> Result<(), TapeError> {
        let err = |message: String| TapeError::at(line, message);
        let pattern = pattern.map_or_else(|| self.wait_pattern.clone(), str::to_string);
        let re = Regex::new(&pattern).map_err(|e| err(e.to_string()))?;
        let limit = timeout.unwrap_or(self.wait_timeout);
        let mut waited = Duration::ZERO;
        loop {
            self.follow_cursor();
            let read = if screen { self.screen() } else { self.current_line() };
            if re.is_match(&read) {
                return Ok(());
            }
            if waited >= limit {
                let scope = if screen { "the screen" } else { "the cursor's line" };
                let mut message = format!("Wait /{}/ timed out after {limit:?}; {scope} was:\n{read}", re.as_str());
                // Waiting on a program play does not have: say so, not just that it timed out.
                if self.app.is_none()
                    && let Some((at, why)) = self.warnings.iter().rev().find(|(_, w)| w.contains("is for a shell"))
                {
                    message.push_str(&format!("\n(line {at}: {why})"));
                }
                return Err(err(message));
            }
            let tick = WAIT_TICK.min(limit - waited);
            self.pass(line, tick)?;
            waited += tick;
        }
    }

    fn screenshot(&mut self, line: usize, path: &str) -> Result<(), TapeError> {
        let err = |message: String| TapeError::at(line, message);
        if let Some(h) = &self.app
            && !h.fits()
        {
            let (cols, rows) = self.size();
            let (w, hh) = crate::ui::COMPACT_MIN;
            return Err(err(format!(
                "Screenshot: the tape's window ({} x {} px, font {}) makes a {cols} x {rows} terminal, too \
                 small for the panel ({w} x {hh}); set a larger Width and Height (1800 x 1000 fits)",
                self.style.width_px, self.style.height_px, self.style.font_size
            )));
        }
        let screen = self.screen();
        let stem = Path::new(path).file_stem().and_then(|s| s.to_str()).unwrap_or("screenshot").to_string();
        if let Some(dir) = &self.screens {
            let file = dir.join(format!("{stem}.txt"));
            crate::files::write_atomic(&file, screen.as_bytes()).map_err(|e| TapeError {
                write: true,
                ..err(format!("cannot write {}: {e}", crate::files::shown(&file)))
            })?;
        }
        self.recording.shots.push((stem.clone(), self.buffer()));
        self.shots.push((stem, screen));
        Ok(())
    }

    /// What the tape showed, once its last command has run.
    fn finish(mut self) -> Report {
        let shown = self.shown;
        let scored = match &self.app {
            Some(h) => sat(&h.app),
            None => self.scored.take(),
        };
        self.recording.finish(shown);
        self.recording.style = self.style.clone();
        Report {
            final_screen: self.screen(),
            screenshots: self.shots,
            recording: self.recording,
            golden: self.golden,
            outputs: self.outputs,
            shown,
            warnings: self.warnings,
            scored,
        }
    }
}

/// Plays a tape; `screens` receives each Screenshot as `<name>.txt`.
pub fn play(text: &str, screens: Option<&Path>) -> Result<Report, TapeError> {
    play_recorded(text, screens, false)
}

/// Plays a tape, recording it when `record` (see [`play_from`]); it can Source no tape.
pub fn play_recorded(text: &str, screens: Option<&Path>, record: bool) -> Result<Report, TapeError> {
    play_from(text, &Sources::None, screens, record)
}

/// Plays a tape whose `Source` lines read tapes from `sources`, recording what it shows when
/// `record` (for a render: the frames, the screenshots' screens, the golden text).
pub fn play_from(text: &str, sources: &Sources, screens: Option<&Path>, record: bool) -> Result<Report, TapeError> {
    play_until(text, sources, screens, record, None)
}

/// [`play_from`], stopping with an error at the first key or step of time after `deadline`.
/// Who sits an exercise on `app`, and their score now.
fn sat(app: &App) -> Option<(String, crate::app::assessment::Scored)> {
    app.sitting().map(|s| (s.assessment.learner.clone(), s.scored(app)))
}

/// Replays a result's tape with `exercise` for the exercise its launch sits: the score the
/// session gives, whatever the result file says.
pub fn replay_sitting(text: &str, exercise: &crate::exercise::Exercise) -> Result<Report, TapeError> {
    play_with(text, &Sources::None, None, false, None, Some(exercise.clone()))
}

pub fn play_until(
    text: &str,
    sources: &Sources,
    screens: Option<&Path>,
    record: bool,
    deadline: Option<std::time::Instant>,
) -> Result<Report, TapeError> {
    play_with(text, sources, screens, record, deadline, None)
}

fn play_with(
    text: &str,
    sources: &Sources,
    screens: Option<&Path>,
    record: bool,
    deadline: Option<std::time::Instant>,
    exercise: Option<crate::exercise::Exercise>,
) -> Result<Report, TapeError> {
    let commands = parse_from(text, sources)?;
    if let Some(dir) = screens {
        let made = std::fs::create_dir_all(dir)
            .and_then(|()| if dir.is_dir() { Ok(()) } else { Err(std::io::Error::other("not a folder")) });
        if let Err(e) = made {
            let message = format!("cannot write screenshots into {}: {e}", crate::files::shown(dir));
            return Err(TapeError { line: 0, message, write: true });
        }
    }
    let mut player = Player {
        shell: String::new(),
        app: None,
        style: Style::default(),
        typing: Duration::from_millis(50),
        wait_timeout: Duration::from_secs(15),
        wait_pattern: DEFAULT_WAIT_PATTERN.into(),
        env_no_color: false,
        clipboard: String::new(),
        cursor_row: 0,
        seen: None,
        started: false,
        warnings: Vec::new(),
        last_buffer: None,
        elapsed: Duration::ZERO,
        hidden: false,
        shown: Duration::ZERO,
        next_frame: Duration::ZERO,
        changed: false,
        recording: Recording::new(Style::default()),
        record,
        screens: screens.map(Path::to_path_buf),
        shots: Vec::new(),
        outputs: Vec::new(),
        golden: String::new(),
        deadline,
        exercise,
        scored: None,
    };
    let written: Vec<&str> = lines(text).map(str::trim).collect();
    for command in commands {
        let line = written.get(command.line - 1).copied().unwrap_or_default();
        player.run(command, line)?;
    }
    Ok(player.finish())
}
