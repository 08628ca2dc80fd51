//! Terminal input becomes actions. Key releases and repeats matter only for the
//! Wi-Fi button (a hold); everything else acts on key-down.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use super::router::Control;
use super::{Action, App, Focus};

/// The action an event asks for; `area` is the terminal's size, for mouse clicks.
pub fn action_for(app: &App, event: &Event, area: Rect) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(app, key),
        Event::Mouse(m) if app.mouse => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => crate::ui::hit_test(app, area, m.column, m.row),
            _ => None,
        },
        _ => None,
    }
}

pub fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return (key.kind == KeyEventKind::Press).then_some(Action::Quit);
    }
    // The Wi-Fi button: down, auto-repeat and up all count.
    if key.code == KeyCode::Char('w') && !ctrl {
        return match key.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => Some(Action::WifiPress),
            KeyEventKind::Release => Some(Action::WifiRelease),
        };
    }
    let repeat_ok = matches!(key.code, KeyCode::Up | KeyCode::Down | KeyCode::Char('j') | KeyCode::Char('k'));
    match key.kind {
        KeyEventKind::Release => return None,
        KeyEventKind::Repeat if !repeat_ok => return None,
        _ => {}
    }
    let global = match key.code {
        KeyCode::Char('q') => Some(Action::Quit),
        KeyCode::Char('?') => Some(Action::ToggleHelp),
        KeyCode::Tab | KeyCode::BackTab => Some(Action::FocusNext),
        KeyCode::Char('W') => Some(Action::WifiHold),
        KeyCode::Char('b') | KeyCode::Char('B') => Some(Action::RouterWpsButton),
        KeyCode::Char('n') | KeyCode::Char('N') => Some(Action::NeighbourPbc),
        KeyCode::Char('s') | KeyCode::Char('S') => Some(Action::OpenScenarios),
        KeyCode::Char('G') => Some(Action::ToggleGuide),
        KeyCode::Char('c') => Some(Action::SaveCapture),
        KeyCode::Char('i') | KeyCode::Char('I') => Some(Action::Info),
        KeyCode::Char('P') => Some(Action::Power),
        KeyCode::F(1) => Some(Action::ToggleHelp),
        _ => None,
    };
    if global.is_some() {
        return global;
    }
    match app.focus {
        Focus::Printer => match key.code {
            KeyCode::Up | KeyCode::Char('k') => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') => Some(Action::Down),
            KeyCode::Left | KeyCode::Char('h') => Some(Action::Left),
            KeyCode::Right | KeyCode::Char('l') => Some(Action::Right),
            KeyCode::Enter | KeyCode::Char(' ') => Some(Action::Ok),
            KeyCode::Esc | KeyCode::Backspace => Some(Action::Back),
            KeyCode::Home | KeyCode::Char('g') => Some(Action::Home),
            KeyCode::Delete | KeyCode::Char('x') => Some(Action::Cancel),
            _ => None,
        },
        Focus::Router => match key.code {
            KeyCode::Up | KeyCode::Char('k') | KeyCode::Left => Some(Action::Up),
            KeyCode::Down | KeyCode::Char('j') | KeyCode::Right => Some(Action::Down),
            KeyCode::Enter => Some(Action::RouterActivate),
            KeyCode::Backspace => Some(Action::RouterBackspace),
            KeyCode::Esc => Some(Action::FocusPrinter),
            KeyCode::Char(c) if c.is_ascii_digit() || c == '-' || c == ' ' => Some(Action::RouterType(c)),
            KeyCode::Char('p') => Some(Action::RouterSelect(Control::PushButton)),
            _ => None,
        },
    }
}
