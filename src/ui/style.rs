//! Styles from the theme. In monochrome, emphasis comes from modifiers, never colour.

use ratatui::style::{Color, Modifier, Style};

use crate::theme::Theme;

pub fn text(t: &Theme) -> Style {
    Style::new().fg(t.text)
}

pub fn dim(t: &Theme) -> Style {
    if t.monochrome { Style::new().add_modifier(Modifier::DIM) } else { Style::new().fg(t.dim) }
}

pub fn border(t: &Theme, focused: bool) -> Style {
    match (focused, t.monochrome) {
        (true, true) => Style::new().add_modifier(Modifier::BOLD),
        (true, false) => Style::new().fg(t.focus).add_modifier(Modifier::BOLD),
        (false, _) => Style::new().fg(t.border),
    }
}

pub fn selected(t: &Theme) -> Style {
    if t.monochrome { Style::new().add_modifier(Modifier::REVERSED) } else { Style::new().fg(Color::Black).bg(t.focus) }
}

pub fn button(t: &Theme) -> Style {
    Style::new().fg(t.button)
}

pub fn colored(t: &Theme, c: Color) -> Style {
    if t.monochrome { Style::new() } else { Style::new().fg(c) }
}

pub fn failure(t: &Theme) -> Style {
    if t.monochrome { Style::new().add_modifier(Modifier::BOLD) } else { Style::new().fg(t.failure) }
}

pub fn success(t: &Theme) -> Style {
    colored(t, t.success)
}
