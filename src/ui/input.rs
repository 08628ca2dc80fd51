//! Terminal input becomes actions. The target is decided here, once: an open overlay takes
//! the key first, then the key table by focus. Key releases and repeats matter only for the
//! Wi-Fi button (a hold) and for moving through lists.

use crate::keys::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind};
use ratatui::layout::Rect;

use crate::app::{Action, App, Focus, PanelAction, PrinterAction};
use crate::keys::{self, Scope};

/// The action an event asks for; `area` is the terminal's size, for mouse clicks.
/// Whether the keys go into the printer's password field (the setup wizard's).
pub fn typing_password(app: &App) -> bool {
    app.focus() == Focus::Printer
        && !overlay_open(app)
        && matches!(
            app.printer().screen,
            crate::app::printer::Screen::WizardPassword { .. } | crate::app::printer::Screen::WizardName { .. }
        )
}

pub fn action_for(app: &App, event: &Event, area: Rect) -> Option<Action> {
    match event {
        Event::Key(key) => key_action(app, key),
        Event::Mouse(m) if app.options().mouse => match m.kind {
            // The wheel scrolls the ladder or the log under the pointer.
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown if !overlay_open(app) => {
                let (areas, _) = crate::ui::visible_areas(app, area)?;
                let inside = |r: Rect| r.contains(ratatui::layout::Position::new(m.column, m.row));
                let up = m.kind == MouseEventKind::ScrollUp;
                let action = if inside(areas.ladder) {
                    if up { PanelAction::LadderBack } else { PanelAction::LadderForward }
                } else if inside(areas.log) && app.inspecting().is_none() {
                    if up { PanelAction::LogBack } else { PanelAction::LogForward }
                } else if inside(areas.log) {
                    if up { PanelAction::InspectPageUp } else { PanelAction::InspectPageDown }
                } else {
                    return None;
                };
                Some(Action::Panel(action))
            }
            MouseEventKind::Down(MouseButton::Left) => match overlay_open(app) {
                // A click outside an overlay closes it, as a key would.
                true => key_action(app, &KeyEvent::new(KeyCode::Null, KeyModifiers::NONE)),
                false => crate::ui::hit_test(app, area, m.column, m.row),
            },
            _ => None,
        },
        _ => None,
    }
}

fn overlay_open(app: &App) -> bool {
    !app.overlays().is_empty()
}

pub fn key_action(app: &App, key: &KeyEvent) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ctrl && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('C')) {
        return (key.kind == KeyEventKind::Press).then_some(Action::Panel(PanelAction::Quit));
    }
    // In raw mode the terminal sends Ctrl-Z as a key, not as SIGTSTP.
    if ctrl && matches!(key.code, KeyCode::Char('z') | KeyCode::Char('Z')) {
        return (key.kind == KeyEventKind::Press).then_some(Action::Panel(PanelAction::Suspend));
    }
    let scope = match app.focus() {
        Focus::Printer => Scope::Printer,
        Focus::Router => Scope::Router,
        Focus::Computer => Scope::Computer,
    };
    let bound = if ctrl { None } else { keys::lookup(key.code, scope) };
    // The setup wizard's password: every printable key is a character of it, the keys that
    // are buttons elsewhere (w, W, n, q) too; Esc leaves it.
    if key.kind == KeyEventKind::Press && typing_password(app) {
        match key.code {
            KeyCode::Char(c) if !ctrl => return Some(Action::Printer(PrinterAction::Type(c))),
            KeyCode::Esc => return Some(Action::Printer(PrinterAction::Cancel)),
            _ => {}
        }
    }
    // The Wi-Fi button: down, auto-repeat and up all count (not while the inspector takes
    // the keys: there, as its table says, w closes it).
    if bound == Some(Action::Printer(PrinterAction::WifiPress)) && !overlay_open(app) && app.inspecting().is_none() {
        return match key.kind {
            KeyEventKind::Press | KeyEventKind::Repeat => bound,
            KeyEventKind::Release => Some(Action::Printer(PrinterAction::WifiRelease)),
        };
    }
    let repeat_ok = matches!(key.code, KeyCode::Up | KeyCode::Down | KeyCode::Char('j') | KeyCode::Char('k'));
    match key.kind {
        KeyEventKind::Release => return None,
        KeyEventKind::Repeat if !repeat_ok => return None,
        _ => {}
    }
    // The overlay on top takes the key; it says what the key does there.
    if let Some(top) = app.overlays().last() {
        return Some(keys::layers::Layer::of(top).action(key.code, bound));
    }
    // The inspector: the arrows choose the message, the page keys scroll its text; the
    // trainer's keys (pause, step, speed), the help and quit still work; any other key
    // closes it (its key table says so).
    if app.inspecting().is_some() {
        return Some(keys::layers::Layer::Inspector.action(key.code, bound));
    }
    bound
}
