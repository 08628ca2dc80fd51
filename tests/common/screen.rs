//! What is drawn, read as a person reads it: a word cut at a box's edge without an ellipsis.
//!
//! A word is "cut" when the letters touching a box's right edge (or the terminal's) are not a
//! word the app can say: the vocabulary is every word in the sources and in the names the
//! panel draws (network, models, host names). A cut that happens to leave a real word ("print"
//! from "printer") escapes this check; anything else fails it.

use std::collections::BTreeSet;

use printer_panel::app::App;
use ratatui::buffer::Buffer;

pub fn vocabulary() -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    let mut add = |text: &str| {
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if !w.is_empty() {
                words.insert(w.to_lowercase());
            }
        }
    };
    let mut dirs = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                add(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    words
}

/// The cells of a row, each its symbol.
pub fn cells(buf: &Buffer, y: u16) -> Vec<String> {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol().to_string()).collect()
}

/// Whether the cell at (x, y) is the right edge of a box: a vertical line whose corner above
/// turns left (┐ ╮). A box's left edge (┌ ╭) is an overlay drawn over what is under it:
/// covering a word is not cutting it.
pub fn is_right_edge(buf: &Buffer, x: u16, y: u16) -> bool {
    let symbol = |y: u16| buf[(x, y)].symbol();
    match symbol(y) {
        "┐" | "╮" | "┤" | "┘" | "╯" => true,
        "│" | "┃" | "║" => {
            let mut up = y;
            while up > 0 && matches!(symbol(up - 1), "│" | "┃" | "║" | "├" | "┤") {
                up -= 1;
            }
            up == 0 || !matches!(symbol(up - 1), "┌" | "╭" | "├")
        }
        _ => false,
    }
}

/// The cut words on screen: letters touching a right edge that are not a word the app says.
pub fn cut_words(buf: &Buffer, vocabulary: &BTreeSet<String>, extra: &BTreeSet<String>) -> Vec<String> {
    let area = buf.area;
    let mut cut = Vec::new();
    for y in 0..area.height {
        let row = cells(buf, y);
        for x in 0..row.len() {
            let at_edge = x + 1 == row.len() || is_right_edge(buf, x as u16 + 1, y);
            let letter = |s: &str| s.chars().next().is_some_and(char::is_alphanumeric);
            if !at_edge || !letter(&row[x]) {
                continue;
            }
            let start = (0..=x).rev().take_while(|i| letter(&row[*i])).last().unwrap_or(x);
            let word: String = row[start..=x].concat();
            // The last octet of a MAC address ("c3:ca") is hex, whatever its letters.
            let octet = start > 0 && row[start - 1] == ":" && word.chars().all(|c| c.is_ascii_hexdigit());
            // What shows beside an overlay's right edge is the rest of a word it covers.
            let covered = start > 0 && is_right_edge(buf, start as u16 - 1, y);
            if octet || covered {
                continue;
            }
            let lower = word.to_lowercase();
            if word.chars().count() > 1 && !vocabulary.contains(&lower) && !extra.contains(&lower) {
                let line: String = row.concat();
                cut.push(format!("'{word}' at row {y}: {}", line.trim_end()));
            }
        }
    }
    cut
}

/// Words the panel draws that are not in the sources: the names drawn from the seed.
pub fn drawn_names(app: &App) -> BTreeSet<String> {
    let mut names = vec![
        printer_panel::sim::models::hostname(printer_panel::sim::models::PRINTER_HOST_PREFIX, &app.printer().mac),
        app.world().admin_password.clone(),
    ];
    if let Some(printer_panel::app::printer::Method::Pin(pin)) = app.printer().attempt.as_ref().map(|a| &a.method) {
        names.push(pin.to_string());
    }
    names.extend(app.router().clients.iter().map(|c| c.name.clone()));
    let mut words = BTreeSet::new();
    for n in names {
        for w in n.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            words.insert(w.to_lowercase());
        }
    }
    // Hex and numbers (MAC addresses, times, addresses) are never words to cut.
    words
}

pub fn is_number_or_hex(word: &str) -> bool {
    let word = word.strip_prefix("0x").unwrap_or(word);
    word.chars().all(|c| c.is_ascii_hexdigit()) && word.chars().any(|c| c.is_ascii_digit())
}
