//! Text as a terminal shows it, in one place: widths are display columns (a CJK character
//! or an emoji takes two, a combining mark none), as ratatui lays text out, never a count of
//! `char`s; long text wraps at words or ends in an ellipsis; bytes from outside are escaped
//! before they are shown.

use unicode_width::UnicodeWidthStr;

/// Bytes from outside (a device name, an SSID, a file name) made safe to show.
pub use crate::wps::text::printable;

/// How many terminal columns `text` takes.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// What a secret is drawn as in class mode: always eight dots, so that not even its length
/// shows.
pub const MASKED: &str = "••••••••";

/// `text` with each of `secrets` (non-empty) drawn as [`MASKED`].
pub fn masked(text: &str, secrets: &[&str]) -> String {
    secrets.iter().filter(|s| !s.is_empty()).fold(text.to_string(), |t, s| t.replace(s, MASKED))
}

/// `text` in at most `columns` columns: as it is when it fits, otherwise cut and ended in
/// "…" (never a wide character split in half).
pub fn ellipsis(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    let room = columns.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if columns > 0 {
        out.push('…');
    }
    out
}

/// Greedy word wrap to `columns` columns (a word longer than a line keeps a line of its own).
pub fn wrap(text: &str, columns: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace().flat_map(|w| pieces(w, columns)) {
        let line = lines.last_mut().expect("starts with one line");
        if !line.is_empty() && width(line) + 1 + width(word) > columns {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// A word wider than `columns` in pieces that fit: broken after its last hyphen that fits
/// (a UUID, a MAC-like token), else at the edge. A word that fits is itself.
fn pieces(word: &str, columns: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = word;
    while width(rest) > columns.max(1) {
        // The longest prefix that fits, in whole characters.
        let mut fit = 0;
        let mut used = 0;
        for (i, c) in rest.char_indices() {
            let w = width(&rest[i..i + c.len_utf8()]);
            if used + w > columns.max(1) {
                break;
            }
            used += w;
            fit = i + c.len_utf8();
        }
        let fit = fit.max(rest.chars().next().map_or(1, char::len_utf8));
        let cut = match rest[..fit].rfind('-') {
            Some(h) if h > 0 => h + 1,
            _ => fit,
        };
        out.push(&rest[..cut]);
        rest = &rest[cut..];
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out
}

/// The character a renderer with only DejaVu Sans Mono (the font the renders and the web page
/// ship) draws for `c`: a look-alike it has for the two the panel uses that it lacks.
pub fn in_dejavu(c: char) -> char {
    match c {
        '⏻' => '⌽',
        '⏸' => '‖',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_columns_not_chars() {
        assert_eq!(width("HomeNet"), 7);
        assert_eq!(width("日本"), 4, "a CJK character takes two columns");
        assert_eq!(width("e\u{301}"), 1, "a combining mark takes none");
    }

    #[test]
    fn an_ellipsis_fits_its_columns() {
        assert_eq!(ellipsis("short", 10), "short");
        assert_eq!(ellipsis("a longer line", 8), "a longe…");
        // Five columns: two wide characters and the ellipsis, not five characters (nine).
        assert_eq!(ellipsis("日本語のネットワーク", 5), "日本…");
        assert_eq!(ellipsis("日本語", 4), "日…", "a wide character is never split");
        assert!(width(&ellipsis("日本語のネットワーク", 5)) <= 5);
    }

    /// A word wider than the line is broken, after a hyphen where one fits (a UUID in the
    /// event log used to end in "…", its last part lost), never lost.
    #[test]
    fn a_word_wider_than_the_line_is_broken_not_lost() {
        let uuid = "b40789a2-f0d1-4f86-98e6-0b0f3e5a7c21";
        assert_eq!(wrap(uuid, 30), ["b40789a2-f0d1-4f86-98e6-", "0b0f3e5a7c21"]);
        assert_eq!(wrap("seen 0123456789abcdef", 8), ["seen", "01234567", "89abcdef"]);
        assert_eq!(wrap("日本語のネット", 5).concat(), "日本語のネット");
        assert!(wrap("日本語のネット", 5).iter().all(|l| width(l) <= 5));
    }

    #[test]
    fn wrapping_counts_columns() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        // "日本 語" is seven columns (three characters and a space): it fits in seven, not in
        // six, which a count of characters (four) would have allowed.
        assert_eq!(wrap("日本 語", 7), ["日本 語"]);
        assert_eq!(wrap("日本 語", 6), ["日本", "語"]);
    }
}
