//! Text from the air made safe to show: names, SSIDs and messages come from whoever sent
//! them, so nothing in them may drive a terminal.

/// Bytes from outside as text that is safe to show: control characters are escaped
/// (`\u{1b}`) and invalid UTF-8 replaced, so a name or an SSID cannot drive a terminal.
pub fn printable(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}
