//! Text from the air made safe to show: names, SSIDs and messages come from whoever sent
//! them, so nothing in them may drive a terminal.

/// Bytes from outside as text that is safe to show: control characters are escaped
/// (`\u{1b}`) and invalid UTF-8 replaced, so a name or an SSID cannot drive a terminal;
/// so are the bidirectional controls (a right-to-left override makes "fdp.exe" of
/// "exe.pdf": the Trojan Source trick) and the Unicode line and paragraph separators.
pub fn printable(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || reorders_or_breaks(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The bidirectional formatting characters (marks, embeddings, overrides, isolates) and
/// the line and paragraph separators: invisible, yet they change what a line shows.
fn reorders_or_breaks(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn controls_and_bidirectional_overrides_are_escaped() {
        assert_eq!(printable(b"\x1b[2J"), "\\u{1b}[2J");
        assert_eq!(printable("\u{202e}fdp.exe".as_bytes()), "\\u{202e}fdp.exe");
        for c in ['\u{061c}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{2066}', '\u{2069}', '\u{2028}', '\u{2029}'] {
            assert!(!printable(c.to_string().as_bytes()).contains(c), "{c:?}");
        }
        assert_eq!(printable("HomeNet-5G 日本 é".as_bytes()), "HomeNet-5G 日本 é", "ordinary text as it is");
    }
}
