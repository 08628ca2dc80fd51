//! The font the web page ships (DejaVu Sans Mono, assets/fonts): which characters it lacks.

use ab_glyph::{Font, FontRef, GlyphId};

/// The characters of `drawn` that the page's font has no glyph for, after the look-alikes
/// the page draws instead (`text::in_dejavu`); spaces and control characters aside.
pub fn not_in_the_pages_font(drawn: &std::collections::BTreeSet<char>) -> Vec<char> {
    let bytes = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");
    let font = FontRef::try_from_slice(bytes).expect("the shipped font parses");
    drawn
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .filter(|c| font.glyph_id(printer_panel::text::in_dejavu(*c)) == GlyphId(0))
        .collect()
}
