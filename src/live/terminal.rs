//! The terminal: raw mode, alternate screen, mouse capture and keyboard flags on the way
//! in; all of it undone on the way out, on a signal, and on a panic (before the report).

use std::io::{self, IsTerminal, Stdout, Write};

use color_eyre::eyre::{Result, bail};
use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, KeyboardEnhancementFlags, PopKeyboardEnhancementFlags,
    PushKeyboardEnhancementFlags,
};
use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// What was switched on, so exactly that is switched off again.
#[derive(Debug, Clone, Copy, Default)]
pub struct Modes {
    pub mouse: bool,
    pub keyboard_flags: bool,
}

static MODES: std::sync::Mutex<Option<Modes>> = std::sync::Mutex::new(None);

/// Refuses to start without an interactive terminal that can draw the panel.
pub fn require_tty() -> Result<()> {
    if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
        bail!(
            "printer-panel needs an interactive terminal (stdin and stdout must be a TTY).\n\
             Without one, try `printer-panel simulate --method pbc` or `printer-panel --help`."
        );
    }
    if std::env::var_os("TERM").is_some_and(|t| t == "dumb") {
        bail!(
            "this terminal (TERM=dumb) cannot show the panel: it needs cursor movement, colours and\n\
             a second screen. Try `printer-panel simulate --method pbc`, which prints the exchange as text."
        );
    }
    Ok(())
}

pub fn enter(mouse: bool) -> Result<(Tui, Modes)> {
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    let mut modes = Modes { mouse: false, keyboard_flags: false };
    if mouse {
        execute!(out, EnableMouseCapture)?;
        modes.mouse = true;
    }
    // Real key releases (for holding the Wi-Fi button) only where the terminal says it can.
    if terminal::supports_keyboard_enhancement().unwrap_or(false) {
        execute!(
            out,
            PushKeyboardEnhancementFlags(
                KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES | KeyboardEnhancementFlags::REPORT_EVENT_TYPES
            )
        )?;
        modes.keyboard_flags = true;
    }
    *MODES.lock().unwrap_or_else(|e| e.into_inner()) = Some(modes);
    let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    Ok((terminal, modes))
}

/// The modes `suspend` switched off, for `resume` to switch on again.
static SUSPENDED: std::sync::Mutex<Option<Modes>> = std::sync::Mutex::new(None);

/// Ctrl-Z: the terminal goes back to the shell as it was (cooked, main screen, cursor).
pub fn suspend() {
    let modes = *MODES.lock().unwrap_or_else(|e| e.into_inner());
    restore();
    if modes.is_some() {
        *SUSPENDED.lock().unwrap_or_else(|e| e.into_inner()) = modes;
    }
}

/// `fg` after a stop: the same modes as before the stop. Does nothing if nothing was
/// suspended (a second SIGCONT).
pub fn resume() -> Result<()> {
    let Some(modes) = SUSPENDED.lock().unwrap_or_else(|e| e.into_inner()).take() else { return Ok(()) };
    terminal::enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(out, EnterAlternateScreen, cursor::Hide)?;
    if modes.mouse {
        execute!(out, EnableMouseCapture)?;
    }
    if modes.keyboard_flags {
        execute!(
            out,
            PushKeyboardEnhancementFlags(
                KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES | KeyboardEnhancementFlags::REPORT_EVENT_TYPES
            )
        )?;
    }
    *MODES.lock().unwrap_or_else(|e| e.into_inner()) = Some(modes);
    Ok(())
}

/// Undoes `enter`; safe to call twice (the second call does nothing).
pub fn restore() {
    let modes = MODES.lock().unwrap_or_else(|e| e.into_inner()).take();
    let Some(modes) = modes else { return };
    let mut out = io::stdout();
    if modes.keyboard_flags {
        let _ = execute!(out, PopKeyboardEnhancementFlags);
    }
    if modes.mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// color-eyre's reports, printed after the terminal is restored.
pub fn install_hooks() -> Result<()> {
    let (panic_hook, eyre_hook) = color_eyre::config::HookBuilder::default().into_hooks();
    eyre_hook.install()?;
    let panic_hook = panic_hook.into_panic_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        panic_hook(info);
    }));
    Ok(())
}
