//! A browser's key as the panel's own key event: the DOM's `KeyboardEvent.key` names (the
//! character typed, or "Enter", "ArrowUp", ...) and its modifier flags. Pure, so it is tested
//! on the host.

use printer_panel::keys::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a `keydown` or `keyup` event says, read off the DOM event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrowserKey<'a> {
    pub key: &'a str,
    pub shift: bool,
    pub ctrl: bool,
    pub alt: bool,
    /// The command key (the Windows key elsewhere): the browser's and the system's own.
    pub meta: bool,
    pub up: bool,
    pub repeat: bool,
}

/// The panel's key for a browser key; `None` for what the panel leaves to the browser (every
/// shortcut with Ctrl, Alt or the command key, and keys the panel has no use for), so the
/// browser and a page embedding the panel keep theirs.
pub fn key_event(b: BrowserKey) -> Option<KeyEvent> {
    // Ctrl-C copies and Ctrl-Z undoes in a page; the panel's q still ends it.
    if b.meta || b.alt || b.ctrl {
        return None;
    }
    let code = match b.key {
        "Enter" => KeyCode::Enter,
        "Escape" | "Esc" => KeyCode::Esc,
        "Backspace" => KeyCode::Backspace,
        "Tab" if b.shift => KeyCode::BackTab,
        "Tab" => KeyCode::Tab,
        "ArrowUp" | "Up" => KeyCode::Up,
        "ArrowDown" | "Down" => KeyCode::Down,
        "ArrowLeft" | "Left" => KeyCode::Left,
        "ArrowRight" | "Right" => KeyCode::Right,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Delete" | "Del" => KeyCode::Delete,
        "Insert" => KeyCode::Insert,
        " " | "Spacebar" => KeyCode::Char(' '),
        name => match (name.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()), one_char(name)) {
            (Some(n), _) if (1..=24).contains(&n) => KeyCode::F(n),
            (_, Some(c)) => KeyCode::Char(c),
            // "Shift", "CapsLock", "Unidentified", media keys, a dead key's "Dead".
            _ => return None,
        },
    };
    let mut modifiers = KeyModifiers::NONE;
    if b.shift {
        modifiers |= KeyModifiers::SHIFT;
    }
    let kind = match (b.up, b.repeat) {
        (true, _) => KeyEventKind::Release,
        (false, true) => KeyEventKind::Repeat,
        (false, false) => KeyEventKind::Press,
    };
    Some(KeyEvent::new_with_kind(code, modifiers, kind))
}

fn one_char(name: &str) -> Option<char> {
    let mut chars = name.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn down(key: &str) -> BrowserKey<'_> {
        BrowserKey { key, shift: false, ctrl: false, alt: false, meta: false, up: false, repeat: false }
    }

    #[test]
    fn named_keys_characters_and_function_keys() {
        assert_eq!(key_event(down("Enter")).map(|k| k.code), Some(KeyCode::Enter));
        assert_eq!(key_event(down("ArrowUp")).map(|k| k.code), Some(KeyCode::Up));
        assert_eq!(key_event(down("w")).map(|k| k.code), Some(KeyCode::Char('w')));
        assert_eq!(key_event(down("é")).map(|k| k.code), Some(KeyCode::Char('é')));
        assert_eq!(key_event(down(" ")).map(|k| k.code), Some(KeyCode::Char(' ')));
        assert_eq!(key_event(down("F1")).map(|k| k.code), Some(KeyCode::F(1)));
        assert_eq!(key_event(BrowserKey { shift: true, ..down("Tab") }).map(|k| k.code), Some(KeyCode::BackTab));
        assert_eq!(key_event(down("Shift")), None);
        assert_eq!(key_event(down("F")).map(|k| k.code), Some(KeyCode::Char('F')));
        assert_eq!(key_event(down("F99")), None);
    }

    #[test]
    fn releases_and_repeats_are_told_apart() {
        let up = key_event(BrowserKey { up: true, ..down("w") }).unwrap();
        assert_eq!(up.kind, KeyEventKind::Release);
        let held = key_event(BrowserKey { repeat: true, ..down("w") }).unwrap();
        assert_eq!(held.kind, KeyEventKind::Repeat);
    }

    #[test]
    fn the_browsers_shortcuts_stay_the_browsers() {
        assert_eq!(key_event(BrowserKey { ctrl: true, ..down("r") }), None, "reload");
        assert_eq!(key_event(BrowserKey { meta: true, ..down("w") }), None, "close the tab");
        assert_eq!(key_event(BrowserKey { alt: true, ..down("ArrowLeft") }), None, "back");
        assert_eq!(key_event(BrowserKey { ctrl: true, ..down("c") }), None, "copy");
    }
}
