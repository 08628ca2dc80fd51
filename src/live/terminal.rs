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

/// The terminal's event as the panel's own; `None` for what the panel does not read (a
/// paste, a modifier key alone, media keys).
pub fn panel_event(event: crossterm::event::Event) -> Option<crate::keys::event::Event> {
    use crate::keys::event::{Event, KeyEvent, MouseEvent};
    use crossterm::event::Event as Term;
    Some(match event {
        Term::Key(key) => Event::Key(KeyEvent::new_with_kind(
            key_code(key.code)?,
            modifiers(key.modifiers),
            match key.kind {
                crossterm::event::KeyEventKind::Press => crate::keys::event::KeyEventKind::Press,
                crossterm::event::KeyEventKind::Repeat => crate::keys::event::KeyEventKind::Repeat,
                crossterm::event::KeyEventKind::Release => crate::keys::event::KeyEventKind::Release,
            },
        )),
        Term::Mouse(m) => Event::Mouse(MouseEvent {
            kind: mouse_kind(m.kind)?,
            column: m.column,
            row: m.row,
            modifiers: modifiers(m.modifiers),
        }),
        Term::Resize(width, height) => Event::Resize(width, height),
        Term::FocusGained => Event::FocusGained,
        Term::FocusLost => Event::FocusLost,
        Term::Paste(_) => return None,
    })
}

fn key_code(code: crossterm::event::KeyCode) -> Option<crate::keys::event::KeyCode> {
    use crate::keys::event::KeyCode as Panel;
    use crossterm::event::KeyCode as Term;
    Some(match code {
        Term::Char(c) => Panel::Char(c),
        Term::Enter => Panel::Enter,
        Term::Esc => Panel::Esc,
        Term::Backspace => Panel::Backspace,
        Term::Tab => Panel::Tab,
        Term::BackTab => Panel::BackTab,
        Term::Up => Panel::Up,
        Term::Down => Panel::Down,
        Term::Left => Panel::Left,
        Term::Right => Panel::Right,
        Term::PageUp => Panel::PageUp,
        Term::PageDown => Panel::PageDown,
        Term::Home => Panel::Home,
        Term::End => Panel::End,
        Term::Delete => Panel::Delete,
        Term::Insert => Panel::Insert,
        Term::F(n) => Panel::F(n),
        Term::Null => Panel::Null,
        _ => return None,
    })
}

fn modifiers(held: crossterm::event::KeyModifiers) -> crate::keys::event::KeyModifiers {
    use crate::keys::event::KeyModifiers as Panel;
    use crossterm::event::KeyModifiers as Term;
    let mut panel = Panel::NONE;
    for (term, ours) in [(Term::SHIFT, Panel::SHIFT), (Term::CONTROL, Panel::CONTROL), (Term::ALT, Panel::ALT)] {
        if held.contains(term) {
            panel |= ours;
        }
    }
    panel
}

fn mouse_kind(kind: crossterm::event::MouseEventKind) -> Option<crate::keys::event::MouseEventKind> {
    use crate::keys::event::{MouseButton, MouseEventKind as Panel};
    use crossterm::event::MouseEventKind as Term;
    let button = |b| match b {
        crossterm::event::MouseButton::Left => MouseButton::Left,
        crossterm::event::MouseButton::Right => MouseButton::Right,
        crossterm::event::MouseButton::Middle => MouseButton::Middle,
    };
    Some(match kind {
        Term::Down(b) => Panel::Down(button(b)),
        Term::Up(b) => Panel::Up(button(b)),
        Term::Drag(b) => Panel::Drag(button(b)),
        Term::Moved => Panel::Moved,
        Term::ScrollUp => Panel::ScrollUp,
        Term::ScrollDown => Panel::ScrollDown,
        Term::ScrollLeft | Term::ScrollRight => return None,
    })
}
