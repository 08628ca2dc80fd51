//! `play --check`: what VHS itself would refuse in a tape. printer-panel's player is more
//! lenient (it takes `Home` and `End`, say); a tape meant to be recorded with `vhs` as well
//! is checked against VHS's own grammar: its commands, its keys, its settings and the
//! values they take, as VHS's lexer and parser define them.

/// The keys VHS presses as commands of their own (`Enter`, `Down@100ms 3`). VHS knows
/// `Home` and `End` as words but has no command for them.
const KEY_COMMANDS: &[&str] = &[
    "Space",
    "Backspace",
    "Delete",
    "Insert",
    "Enter",
    "Escape",
    "Tab",
    "Down",
    "Left",
    "Right",
    "Up",
    "PageUp",
    "PageDown",
    "ScrollUp",
    "ScrollDown",
];

/// What a VHS setting takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    Number,
    Time,
    Percent,
    Boolean,
    Text,
    WindowBar,
    Regex,
}

const SETTINGS: &[(&str, Takes)] = &[
    ("Shell", Takes::Text),
    ("FontFamily", Takes::Text),
    ("FontSize", Takes::Number),
    ("LetterSpacing", Takes::Number),
    ("LineHeight", Takes::Number),
    ("Framerate", Takes::Number),
    ("TypingSpeed", Takes::Time),
    ("Theme", Takes::Text),
    ("PlaybackSpeed", Takes::Number),
    ("Height", Takes::Number),
    ("Width", Takes::Number),
    ("Padding", Takes::Number),
    ("LoopOffset", Takes::Percent),
    ("MarginFill", Takes::Text),
    ("Margin", Takes::Number),
    ("WindowBar", Takes::WindowBar),
    ("WindowBarSize", Takes::Number),
    ("BorderRadius", Takes::Number),
    ("CursorBlink", Takes::Boolean),
    ("WaitTimeout", Takes::Time),
    ("WaitPattern", Takes::Regex),
];

/// VHS's setting of that name, and what it takes: the one list of settings, which the
/// player reads its `Set` lines by too.
pub fn setting(name: &str) -> Option<(&'static str, Takes)> {
    SETTINGS.iter().copied().find(|(s, _)| *s == name)
}

/// A time as VHS reads it: a number, then optionally ms, s or m.
fn is_time(text: &str) -> bool {
    let number_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let (number, unit) = text.split_at(number_end);
    !number.is_empty() && number.parse::<f64>().is_ok() && matches!(unit, "" | "ms" | "s" | "m")
}

fn is_number(text: &str) -> bool {
    text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A quoted string, as VHS's lexer reads one: "...", '...' or `...`.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let q = text.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let end = text[1..].find(q)? + 1;
    Some((&text[1..end], text[end + 1..].trim_start()))
}

/// `@time` after a command word, and the rest of the line.
fn speed(word: &str) -> Result<&str, String> {
    match word.split_once('@') {
        None => Ok(word),
        Some((w, t)) if is_time(t) => Ok(w),
        Some((_, t)) => Err(format!("'{t}' is not a time VHS reads (500ms, 2s, 1m)")),
    }
}

/// What VHS would say about one line, if anything.
fn check_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (head, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let word = match speed(head) {
        Ok(w) => w,
        Err(e) => return Some(e),
    };
    let bare = |what: &str| (!rest.is_empty()).then(|| format!("{what} takes nothing after it, not '{rest}'"));
    match word {
        w if KEY_COMMANDS.contains(&w) => (!rest.is_empty() && rest.parse::<u32>().is_err())
            .then(|| format!("{w}: a repeat count must be a number, not '{rest}'")),
        "Home" | "End" => Some(format!("Invalid command: {word} (VHS has no {word} key; printer-panel's g is Home)")),
        "Sleep" => (!is_time(rest)).then(|| format!("Sleep needs a time (500ms, 2s), not '{rest}'")),
        "Type" => match quoted(rest) {
            Some(_) => None,
            None => Some("Type needs a quoted string".into()),
        },
        "Hide" | "Show" | "Copy" | "Paste" => bare(word),
        "Output" => {
            let path = quoted(rest).map_or(rest, |(p, _)| p);
            let has_extension = std::path::Path::new(path).extension().is_some();
            (path.is_empty() || (!has_extension && !path.ends_with('/')))
                .then(|| format!("Output needs a file with an extension or a folder ending in /, not '{path}'"))
        }
        "Screenshot" | "Source" | "Require" => rest.is_empty().then(|| format!("{word} needs a path")),
        "Env" => (rest.split_whitespace().count() < 2).then(|| "Env needs a name and a value".into()),
        "Set" => {
            let (name, value) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let value = value.trim();
            let Some((_, takes)) = setting(name) else {
                return Some(format!("Unknown setting: {name}"));
            };
            let ok = match takes {
                Takes::Number => is_number(value),
                Takes::Time => is_time(value),
                Takes::Percent => is_number(value.trim_end_matches('%')),
                Takes::Boolean => matches!(value, "true" | "false"),
                Takes::Text => !value.is_empty(),
                Takes::WindowBar => matches!(value, "Colorful" | "ColorfulRight" | "Rings" | "RingsRight"),
                Takes::Regex => regex::Regex::new(value).is_ok(),
            };
            (!ok).then(|| format!("Set {name}: VHS does not take '{value}' here"))
        }
        w if w == "Wait" || w.starts_with("Wait+") => {
            let scope = w.strip_prefix("Wait").unwrap_or_default();
            if !matches!(scope, "" | "+Screen" | "+Line") {
                return Some(format!("Wait{scope}: VHS waits on +Screen or +Line"));
            }
            let regex = rest.len() >= 2 && rest.starts_with('/') && rest.ends_with('/');
            (!rest.is_empty() && !regex).then(|| format!("Wait takes /regex/, not '{rest}'"))
        }
        w if ["Ctrl+", "Alt+", "Shift+"].iter().any(|m| w.starts_with(m)) => {
            let parts: Vec<&str> = w.split('+').collect();
            let key = parts[parts.len() - 1];
            let modifiers_ok = parts[..parts.len() - 1].iter().all(|m| matches!(*m, "Ctrl" | "Alt" | "Shift"));
            let key_ok = key.chars().count() == 1 || KEY_COMMANDS.contains(&key);
            (!modifiers_ok || !key_ok).then(|| format!("{w}: not a key combination VHS reads"))
        }
        other => Some(format!("Invalid command: {other}")),
    }
}

/// Every line VHS would refuse: its number and why.
pub fn check(text: &str) -> Vec<(usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .enumerate()
        .filter_map(|(i, line)| check_line(line.trim_end_matches('\r')).map(|why| (i + 1, why)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_vhs_refuses() {
        let tape = "Output demo.gif\nSet FontSize 14\nSet Theme \"Builtin Dark\"\nHome\nDown@500ms 2\nSleep 1s\n\
                    Type@200ms \"6045\"\nSet Colour red\nWait+Screen@10s /Success/\nCtrl+C\nEnd 3\nSleep soon\n\
                    Set LoopOffset 20%\nScreenshot a.png\nFrobnicate\n";
        let found: Vec<usize> = check(tape).into_iter().map(|(line, _)| line).collect();
        assert_eq!(found, vec![4, 8, 11, 12, 15]);
        assert!(check("Home\n")[0].1.starts_with("Invalid command: Home"));
        assert!(check(include_str!("../../demo.tape")).is_empty(), "{:?}", check(include_str!("../../demo.tape")));
    }
}
