//! The panel drawn as text, one `<pre>` per row holding runs of like-styled characters,
//! rather than one element per cell: the first frame makes a few hundred elements instead
//! of thousands (ratzilla's DOM backend, one span per cell, took 59.6 ms over the first
//! frame's DOM work against 4.8 ms here: README, web/measure), and a changed frame
//! rewrites only the rows it touched, each in one DOM call.
//!
//! The font is monospaced and holds every glyph the panel draws (the page maps the few it
//! lacks to look-alikes), so characters sit on the cell grid without a box per cell.

use std::fmt::Write as _;
use std::io;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;
use web_sys::{Document, Element};

/// Draws into an element's rows; made again when the element changes size.
pub struct RowBackend {
    grid: Element,
    rows: Vec<Element>,
    cells: Vec<Cell>,
    dirty: Vec<bool>,
    size: Size,
    /// One cell's size in CSS pixels, measured in the element's font.
    cell: (f64, f64),
}

impl RowBackend {
    /// Fills `parent` (emptied first) with as many whole rows and columns as fit in it.
    pub fn new(document: &Document, parent: &Element) -> Result<Self, wasm_bindgen::JsValue> {
        parent.set_inner_html("");
        let cell = measure_cell(document, parent)?;
        let r = parent.get_bounding_client_rect();
        let size = Size::new((r.width() / cell.0).floor() as u16, (r.height() / cell.1).floor() as u16);
        let size = Size::new(size.width.max(1), size.height.max(1));
        let grid = document.create_element("div")?;
        grid.set_class_name("grid");
        let mut rows = Vec::with_capacity(usize::from(size.height));
        // Every row exactly one cell high, whatever its glyphs' own heights.
        let height = format!("height:{}px", cell.1);
        for _ in 0..size.height {
            let row = document.create_element("pre")?;
            row.set_attribute("style", &height)?;
            grid.append_child(&row)?;
            rows.push(row);
        }
        parent.append_child(&grid)?;
        let count = usize::from(size.width) * usize::from(size.height);
        Ok(Self {
            grid,
            rows,
            cells: vec![Cell::default(); count],
            // Every row is drawn the first time, blank or not.
            dirty: vec![true; usize::from(size.height)],
            size,
            cell,
        })
    }

    pub fn size_in_cells(&self) -> Size {
        self.size
    }

    /// The cell under a point of the page, if it is on the grid.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(u16, u16)> {
        let r = self.grid.get_bounding_client_rect();
        let column = ((x - r.left()) / self.cell.0).floor();
        let row = ((y - r.top()) / self.cell.1).floor();
        let inside =
            (0.0..f64::from(self.size.width)).contains(&column) && (0.0..f64::from(self.size.height)).contains(&row);
        inside.then_some((column as u16, row as u16))
    }

    fn flush_rows(&mut self) {
        let width = usize::from(self.size.width);
        let mut html = String::new();
        for (y, dirty) in self.dirty.iter_mut().enumerate() {
            if !std::mem::take(dirty) {
                continue;
            }
            html.clear();
            row_html(&self.cells[y * width..(y + 1) * width], &mut html);
            self.rows[y].set_inner_html(&html);
        }
    }
}

/// One row as HTML: a run of characters per style, unstyled runs as bare text.
fn row_html(cells: &[Cell], html: &mut String) {
    let mut run_style = String::new();
    let mut style = String::new();
    let mut text = String::new();
    let mut covered = 0;
    for cell in cells {
        // The cells a wide glyph covers are drawn by it, as in a terminal.
        if covered > 0 {
            covered -= 1;
            continue;
        }
        covered = cell.symbol().width().saturating_sub(1);
        style.clear();
        cell_css(cell, &mut style);
        if style != run_style && !text.is_empty() {
            push_run(html, &run_style, &text);
            text.clear();
        }
        std::mem::swap(&mut run_style, &mut style);
        // An empty cell still takes its column.
        let symbol = if cell.symbol().is_empty() { " " } else { cell.symbol() };
        for c in symbol.chars() {
            match c {
                '&' => text.push_str("&amp;"),
                '<' => text.push_str("&lt;"),
                '>' => text.push_str("&gt;"),
                c => text.push(c),
            }
        }
    }
    push_run(html, &run_style, &text);
}

fn push_run(html: &mut String, style: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    if style.is_empty() {
        html.push_str(text);
    } else {
        let _ = write!(html, "<span style=\"{style}\">{text}</span>");
    }
}

/// A cell's colours and modifiers as CSS; nothing for the page's own colours.
fn cell_css(cell: &Cell, css: &mut String) {
    let (mut fg, mut bg) = (cell.fg, cell.bg);
    let m = cell.modifier;
    if m.contains(Modifier::REVERSED) {
        // Reversed on the page's defaults: its background on its foreground.
        std::mem::swap(&mut fg, &mut bg);
        if fg == Color::Reset {
            fg = Color::Indexed(0);
        }
        if bg == Color::Reset {
            bg = Color::Indexed(7);
        }
    }
    if let Some([r, g, b]) = rgb(fg) {
        let _ = write!(css, "color:#{r:02x}{g:02x}{b:02x};");
    }
    if let Some([r, g, b]) = rgb(bg) {
        let _ = write!(css, "background:#{r:02x}{g:02x}{b:02x};");
    }
    if m.contains(Modifier::BOLD) {
        css.push_str("font-weight:bold;");
    }
    if m.contains(Modifier::DIM) {
        css.push_str("opacity:.6;");
    }
    if m.contains(Modifier::ITALIC) {
        css.push_str("font-style:italic;");
    }
    match (m.contains(Modifier::UNDERLINED), m.contains(Modifier::CROSSED_OUT)) {
        (true, true) => css.push_str("text-decoration:underline line-through;"),
        (true, false) => css.push_str("text-decoration:underline;"),
        (false, true) => css.push_str("text-decoration:line-through;"),
        (false, false) => {}
    }
    if m.contains(Modifier::HIDDEN) {
        css.push_str("visibility:hidden;");
    }
}

/// xterm's default colours for the 16 ANSI numbers, as a terminal shows ratatui's names.
const ANSI: [[u8; 3]; 16] = [
    [0x00, 0x00, 0x00],
    [0xcd, 0x00, 0x00],
    [0x00, 0xcd, 0x00],
    [0xcd, 0xcd, 0x00],
    [0x00, 0x00, 0xee],
    [0xcd, 0x00, 0xcd],
    [0x00, 0xcd, 0xcd],
    [0xe5, 0xe5, 0xe5],
    [0x7f, 0x7f, 0x7f],
    [0xff, 0x00, 0x00],
    [0x00, 0xff, 0x00],
    [0xff, 0xff, 0x00],
    [0x5c, 0x5c, 0xff],
    [0xff, 0x00, 0xff],
    [0x00, 0xff, 0xff],
    [0xff, 0xff, 0xff],
];

/// A colour as the page draws it; `None` leaves the page's own (ratatui's Reset).
fn rgb(color: Color) -> Option<[u8; 3]> {
    (color != Color::Reset).then(|| printer_panel::theme::rgb_on(color, &ANSI, [0, 0, 0]))
}

/// One cell of the parent's font: the width of a long run of one glyph over its length
/// (sub-pixel advances add up along a row), and a row's height.
fn measure_cell(document: &Document, parent: &Element) -> Result<(f64, f64), wasm_bindgen::JsValue> {
    const RUN: usize = 100;
    let probe = document.create_element("pre")?;
    probe.set_attribute("style", "position:absolute;visibility:hidden;")?;
    probe.set_text_content(Some(&"█".repeat(RUN)));
    parent.append_child(&probe)?;
    let r = probe.get_bounding_client_rect();
    parent.remove_child(&probe)?;
    let cell = (r.width() / RUN as f64, r.height());
    // Without a layout (a hidden iframe) the panel still starts, at a usual size.
    Ok(if cell.0 > 0.0 && cell.1 > 0.0 { cell } else { (9.6, 19.0) })
}

impl Backend for RowBackend {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let width = usize::from(self.size.width);
        for (x, y, cell) in content {
            let at = usize::from(y) * width + usize::from(x);
            if let Some(slot) = self.cells.get_mut(at) {
                *slot = cell.clone();
                self.dirty[usize::from(y)] = true;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.flush_rows();
        Ok(())
    }

    // The panel shows no text cursor: its fields draw their own.
    fn hide_cursor(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, _position: P) -> io::Result<()> {
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.cells.fill(Cell::default());
        self.dirty.fill(true);
        Ok(())
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        match clear_type {
            ClearType::All => self.clear(),
            other => Err(io::Error::other(format!("the page cannot clear {other:?}"))),
        }
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        let pixels = Size::new(
            (f64::from(self.size.width) * self.cell.0) as u16,
            (f64::from(self.size.height) * self.cell.1) as u16,
        );
        Ok(WindowSize { columns_rows: self.size, pixels })
    }
}

impl Drop for RowBackend {
    /// A replaced backend (the window resized) takes its rows with it.
    fn drop(&mut self) {
        self.grid.remove();
    }
}
