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

/// A bordered box drawn cell by cell, looking exactly like `Block::bordered()`. The panes
/// are redrawn on every LED toggle, and a Block shapes its border lines as text each time:
/// this skips that work. Returns the inside.
pub fn frame_box(
    buf: &mut ratatui::buffer::Buffer,
    area: ratatui::layout::Rect,
    title: &str,
    style: Style,
) -> ratatui::layout::Rect {
    frame_box_with(buf, area, title, style, ["┌", "┐", "└", "┘"])
}

/// Writes `symbol` into `count` cells from (x, y): a line drawn without text shaping.
pub fn fill(buf: &mut ratatui::buffer::Buffer, x: u16, y: u16, count: u16, symbol: &str, style: Style) {
    let end = x.saturating_add(count).min(buf.area.right());
    for cx in x..end {
        buf[(cx, y)].set_symbol(symbol).set_style(style);
    }
}

/// `frame_box` with its own corners (the LCD's bezel is rounded).
pub fn frame_box_with(
    buf: &mut ratatui::buffer::Buffer,
    area: ratatui::layout::Rect,
    title: &str,
    style: Style,
    corners: [&str; 4],
) -> ratatui::layout::Rect {
    use ratatui::layout::{Margin, Rect};
    let area = area.intersection(buf.area);
    if area.width < 2 || area.height < 2 {
        return Rect::new(area.x, area.y, 0, 0);
    }
    let (left, right, top, bottom) = (area.left(), area.right() - 1, area.top(), area.bottom() - 1);
    for x in left + 1..right {
        buf[(x, top)].set_symbol("─").set_style(style);
        buf[(x, bottom)].set_symbol("─").set_style(style);
    }
    for y in top + 1..bottom {
        buf[(left, y)].set_symbol("│").set_style(style);
        buf[(right, y)].set_symbol("│").set_style(style);
    }
    let [tl, tr, bl, br] = corners;
    for (x, y, corner) in [(left, top, tl), (right, top, tr), (left, bottom, bl), (right, bottom, br)] {
        buf[(x, y)].set_symbol(corner).set_style(style);
    }
    if !title.is_empty() {
        buf.set_stringn(left + 1, top, title, usize::from(area.width - 2), style);
    }
    area.inner(Margin::new(1, 1))
}

/// Clears `area` (under an overlay) to the theme's own background.
pub fn clear(buf: &mut ratatui::buffer::Buffer, area: ratatui::layout::Rect, theme: &Theme) {
    use ratatui::widgets::Widget;
    ratatui::widgets::Clear.render(area, buf);
    buf.set_style(area, Style::new().bg(theme.background));
}
