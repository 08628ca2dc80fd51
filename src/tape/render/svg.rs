//! A screen as SVG, drawn to land where the PNG's pixels are, whatever renders it: the
//! canvas as VHS composes it (margin, rounded window, bar), a rectangle per run of one
//! background, box-drawing lines and block elements as the rectangles the painter fills,
//! and the other characters as text placed one by one, each its own element on its cell
//! (no stretching by `textLength`, which rsvg-convert ignores, and no list of `x`, which it
//! reads only the first of), with spaces kept on each text element.

use std::fmt::Write;

use ratatui::buffer::Buffer;
use ratatui::style::Modifier;

use super::Style;
use super::image::Painter;
use super::term_theme::Rgb;

fn hex([r, g, b]: Rgb) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The rectangles of a shape's coverage (inked where at least half covered): runs of a row,
/// merged down while the rows below have the same run.
fn rectangles(map: &[u8], w: usize) -> Vec<(usize, usize, usize, usize)> {
    let mut open: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut done = Vec::new();
    for (y, row) in map.chunks_exact(w).enumerate() {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < w {
            if row[x] >= 128 {
                let start = x;
                while x < w && row[x] >= 128 {
                    x += 1;
                }
                runs.push((start, x - start));
            }
            x += 1;
        }
        let mut next = Vec::new();
        for (x0, y0, rw, rh) in open.drain(..) {
            if let Some(i) = runs.iter().position(|r| *r == (x0, rw)) {
                runs.remove(i);
                next.push((x0, y0, rw, rh + 1));
            } else {
                done.push((x0, y0, rw, rh));
            }
        }
        next.extend(runs.into_iter().map(|(x0, rw)| (x0, y, rw, 1)));
        open = next;
    }
    done.extend(open);
    done
}

/// The SVG document of one screen.
pub fn encode(style: &Style, screen: &Buffer) -> String {
    let painter = Painter::new(style, None);
    let layout = style.layout();
    let (w, h) = layout.canvas;
    let (cw, ch) = layout.cell;
    let (ox, oy) = layout.origin;
    let bg_default = style.theme.background;
    let mut out = String::new();
    let _ = writeln!(out, r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#);
    let _ =
        writeln!(out, r#"<rect width="{w}" height="{h}" fill="{}"/>"#, hex(style.margin_fill.unwrap_or(bg_default)));
    let (wx, wy, ww, wh) = layout.window;
    let _ = writeln!(
        out,
        r#"<rect x="{wx}" y="{wy}" width="{ww}" height="{wh}" rx="{r}" fill="{}"/>"#,
        hex(bg_default),
        r = style.border_radius.max(0.0)
    );
    if let Some(bar) = style.window_bar {
        // The painter's discs; its edge is antialiased over the pixel inside the radius.
        for d in bar.discs(i64::from(layout.bar), i64::from(ww)) {
            let fill = hex(d.color.unwrap_or(bg_default));
            let (cx, cy) = (i64::from(wx) + d.cx, i64::from(wy) + d.cy);
            let _ = writeln!(out, r#"<circle cx="{cx}" cy="{cy}" r="{}" fill="{fill}"/>"#, d.r as f64 - 0.5);
        }
    }
    let (baseline, inset) = painter.glyphs.placement();
    let _ = writeln!(
        out,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="{}">"#,
        style.font_size
    );
    for y in 0..screen.area.height {
        let top = oy + u32::from(y) * ch;
        if top >= h {
            break;
        }
        let cells: Vec<_> = (0..screen.area.width).map(|x| &screen[(x, y)]).collect();
        let left = |x: usize| ox + x as u32 * cw;
        // Backgrounds, in runs.
        let mut x = 0;
        while x < cells.len() {
            let bg = painter.colors(cells[x]).1;
            let start = x;
            while x < cells.len() && painter.colors(cells[x]).1 == bg {
                x += 1;
            }
            if bg != bg_default {
                let _ = writeln!(
                    out,
                    r#"<rect x="{}" y="{top}" width="{}" height="{ch}" fill="{}"/>"#,
                    left(start),
                    (x - start) as u32 * cw,
                    hex(bg)
                );
            }
        }
        // Lines and blocks, as the painter fills them; then text in runs of one colour and
        // weight, each character on its cell.
        let mut x = 0;
        while x < cells.len() {
            let (fg, _) = painter.colors(cells[x]);
            let bold = cells[x].modifier.contains(Modifier::BOLD);
            let symbol = cells[x].symbol().chars().next().unwrap_or(' ');
            if let Some(map) = painter.glyphs.shape(symbol, bold) {
                let rects: String = rectangles(&map, cw as usize)
                    .into_iter()
                    .map(|(rx, ry, rw, rh)| format!("M{} {}h{rw}v{rh}h-{rw}z", left(x) + rx as u32, top + ry as u32))
                    .collect();
                if !rects.is_empty() {
                    let _ = writeln!(out, r#"<path d="{rects}" fill="{}"/>"#, hex(fg));
                }
                x += 1;
                continue;
            }
            let start = x;
            let (mut text, mut xs) = (String::new(), Vec::new());
            while x < cells.len() {
                let c = cells[x].symbol().chars().next().unwrap_or(' ');
                let same = painter.colors(cells[x]).0 == fg && cells[x].modifier.contains(Modifier::BOLD) == bold;
                if !same || painter.glyphs.shape(c, bold).is_some() {
                    break;
                }
                if c != ' ' {
                    text.push(c);
                    xs.push(format!("{}", f64::from(left(x)) + f64::from(inset)));
                }
                x += 1;
            }
            if x == start {
                x += 1;
            }
            if text.is_empty() {
                continue;
            }
            // One element per character: renderers differ on a list of x (rsvg-convert
            // takes only the first) but all place a single character where it is told.
            let weight = if bold { r#" font-weight="bold""# } else { "" };
            let y = f64::from(top) + f64::from(baseline);
            let _ = write!(out, r#"<g fill="{}"{weight}>"#, hex(fg));
            for (x, c) in xs.iter().zip(text.chars()) {
                let _ = write!(out, r#"<text x="{x}" y="{y}" xml:space="preserve">{}</text>"#, escape(&c.to_string()));
            }
            out.push_str("</g>\n");
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}
