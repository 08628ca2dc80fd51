//! A headless driver: the app on a virtual clock, drawn into an in-memory terminal.
//! It wakes exactly where the live loop would (the app's next deadline) and counts draws,
//! so tests and the tape player see what a person would, without a TTY.

use std::time::Duration;

use crate::keys::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use crate::app::{Action, App, Effects, Wake};
use crate::ui;
use crate::ui::input;
use crate::wps::time::Time;

pub struct Headless {
    pub app: App,
    terminal: Terminal<TestBackend>,
    last: Option<Buffer>,
    /// How many frames were drawn, and how many of them differed from the one before.
    pub draws: u64,
    pub changes: u64,
    /// The app asked to end (`q`, Ctrl-C).
    pub quit: bool,
    /// How many times it asked for the terminal to be handed back (Ctrl-Z): headless, there
    /// is no shell to hand it to.
    pub suspends: u32,
}

impl Headless {
    pub fn new(app: App, width: u16, height: u16) -> Headless {
        let terminal = Terminal::new(TestBackend::new(width, height)).expect("an in-memory terminal never fails");
        let mut h = Headless { app, terminal, last: None, draws: 0, changes: 0, quit: false, suspends: 0 };
        h.draw();
        h
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        let _ = self.terminal.resize(Rect::new(0, 0, width, height));
        self.draw();
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        let frame = self.terminal.draw(|f| ui::view(app, f)).expect("an in-memory terminal never fails");
        let buffer = frame.buffer.clone();
        self.draws += 1;
        if self.last.as_ref() != Some(&buffer) {
            self.changes += 1;
        }
        self.last = Some(buffer);
    }

    pub fn act(&mut self, action: Action) {
        self.update(action);
    }

    /// Any message for the app (a form from the router's web page, say), then a draw.
    pub fn update(&mut self, msg: impl Into<crate::app::Msg>) {
        let effects = self.app.update(msg);
        self.perform(effects);
        self.draw();
    }

    /// Time passes to `now`, and what that asks of the driver is done.
    pub fn tick(&mut self, now: Time) {
        let effects = self.app.tick(now);
        self.perform(effects);
    }

    /// Does what `update` asked of the world outside, as the live loop does: the capture is
    /// saved (a tape being played writes none) and the footer says so; a quit is kept.
    fn perform(&mut self, effects: Effects) {
        if effects.save_capture {
            let said = save_capture(&self.app);
            self.app.notice(said);
        }
        self.quit |= effects.quit;
        self.suspends += u32::from(effects.suspend);
    }

    /// A key press as the terminal would send it (key-down only, like tmux and VHS).
    pub fn key(&mut self, code: KeyCode) {
        self.key_with(code, KeyModifiers::NONE);
    }

    pub fn key_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        let event = KeyEvent::new_with_kind(code, modifiers, KeyEventKind::Press);
        if let Some(action) = input::key_action(&self.app, &event) {
            self.act(action);
        } else {
            self.draw();
        }
    }

    /// Types each character as a key press.
    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// The one way the headless clock runs: toward `target`, waking where `wake` says (and
    /// drawing at each wake when it is every visible change, as a person would see it), until
    /// `done` holds. When nothing more is due by `target`, the clock goes there (a fast-forward
    /// draws once then) and `done` is asked a last time. Returns whether it held. The tests,
    /// `advance`, `fast_forward` and the tape's Wait all drive through it.
    pub fn drive_until(&mut self, target: Time, wake: Wake, mut done: impl FnMut(&Headless) -> bool) -> bool {
        loop {
            if done(self) {
                return true;
            }
            match self.app.poll_timeout(wake).filter(|t| *t <= target) {
                Some(t) => {
                    self.tick(t.max(self.app.now()));
                    if wake == Wake::Visible {
                        self.draw();
                    }
                }
                None => {
                    self.tick(target);
                    if wake == Wake::State {
                        self.draw();
                    }
                    return done(self);
                }
            }
        }
    }

    /// Lets `d` of emulated time pass, waking (and drawing) at every deadline on the way.
    pub fn advance(&mut self, d: Duration) {
        self.drive_until(self.app.now() + d, Wake::Visible, |_| false);
    }

    /// Lets `d` of emulated time pass, waking only where state can change (the protocol's
    /// timers, frames arriving, the printer's own timers), and draws once at the end. An
    /// idle hour costs one step, not one per LED blink: for the tape player. Paused, no time
    /// passes for the rehearsal.
    pub fn fast_forward(&mut self, d: Duration) {
        self.drive_until(self.app.now().saturating_add(d), Wake::State, |_| false);
    }

    /// Advances until `text` is on screen, or `limit` has passed; true if it appeared.
    pub fn advance_until(&mut self, text: &str, limit: Duration) -> bool {
        self.drive_until(self.app.now() + limit, Wake::Visible, |h| h.screen().contains(text))
    }

    /// Whether the panel fits its terminal (or says "too small").
    pub fn fits(&self) -> bool {
        !matches!(ui::layout(self.buffer().area), ui::Screen::TooSmall { .. })
    }

    pub fn buffer(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    /// The screen as text, one line per row, trailing spaces kept off.
    pub fn screen(&self) -> String {
        crate::ui::text_rows(self.buffer()).into_iter().map(|row| row + "\n").collect()
    }
}

/// `c` in the panel: the driver saves what crossed the air where `--pcap` said (or in
/// [`CAPTURE_FILE`](crate::trace::capture::CAPTURE_FILE)), and returns what the footer says about it. A tape being played writes
/// nothing.
pub fn save_capture(app: &App) -> String {
    let options = app.options();
    if !options.write_files {
        return "Capture not saved: a tape being played writes no files.".into();
    }
    let path = options.pcap.clone().unwrap_or_else(|| crate::trace::capture::CAPTURE_FILE.into());
    let air = &app.world().air;
    match crate::trace::capture::save(air, &path) {
        Ok(n) => {
            let frames = if n == 1 { "frame" } else { "frames" };
            // With a computer, its wired side goes into a second file beside it.
            let wired = match crate::trace::lan_capture::save_beside(air, &path) {
                None => String::new(),
                Some(Ok((lan, n))) => format!(", the wired side's {n} to {}", crate::files::shown(&lan)),
                Some(Err(e)) => format!("; the wired side not saved: {e}"),
            };
            format!("Saved {n} {frames} to {}{wired} (open them in Wireshark).", crate::files::shown(&path))
        }
        Err(e) => format!("Capture not saved: {e}"),
    }
}
