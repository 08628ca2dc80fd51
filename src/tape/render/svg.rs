//! A screen as SVG: a rectangle per run of one background, a text element per run of one
//! foreground and weight, each stretched to its cells' width so columns stay aligned
//! whatever monospace font the viewer has (DejaVu Sans Mono is asked for first).

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::Style;
use super::glyphs::cell_size;
use super::image::Painter;
use super::term_theme::Rgb;

fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The SVG document of one screen.
pub fn encode(style: &Style, screen: &Buffer) -> String {
    let painter = Painter::new(style, None);
    let (w, h) = painter.size();
    let (cw, ch) = cell_size(style.font_size);
    let pad = style.padding.round() as u32;
    let mut out = String::new();
    let _ = writeln!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#);
    let _ = writeln!(out, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, hex(style.theme.background));
    let _ = writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{}" xml:space="preserve">"#,
        style.font_size
    );
    for y in 0..screen.area.height {
        let top = pad + u32::from(y) * ch;
        if top >= h {
            break;
        }
        let cells: Vec<_> = (0..screen.area.width).map(|x| &screen[(x, y)]).collect();
        // Backgrounds, in runs.
        let mut x = 0;
        while x < cells.len() {
            let bg = painter.colors(cells[x]).1;
            let start = x;
            while x < cells.len() && painter.colors(cells[x]).1 == bg {
                x += 1;
            }
            if bg != style.theme.background {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{top}" width="{}" height="{ch}" fill="{}"/>"#,
                    pad + start as u32 * cw,
                    (x - start) as u32 * cw,
                    hex(bg)
                );
            }
        }
        // Text, in runs of one colour and weight.
        let baseline = top + (ch * 4) / 5;
        let mut x = 0;
        while x < cells.len() {
            let key = |c: &ratatui::buffer::Cell| (painter.colors(c).0, c.modifier.contains(Modifier::BOLD));
            let k = key(cells[x]);
            let start = x;
            let mut text = String::new();
            while x < cells.len() && key(cells[x]) == k {
                text.push_str(if cells[x].symbol().is_empty() { " " } else { cells[x].symbol() });
                x += 1;
            }
            if text.trim().is_empty() {
                continue;
            }
            let weight = if k.1 { r#" font-weight="bold""# } else { "" };
            let _ = writeln!(
                out,
                r#"<text x="{}" y="{baseline}" fill="{}"{weight} textLength="{}" lengthAdjust="spacingAndGlyphs">{}</text>"#,
                pad + start as u32 * cw,
                hex(k.0),
                (x - start) as u32 * cw,
                escape(&text)
            );
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}
