//! The terminal a tape is rendered in: its background, foreground and 16 ANSI colours, as
//! VHS's `Set Theme` names them (a built-in theme's name, or a JSON object in xterm.js's
//! form). The panel's own theme picks the colours inside the panel; this one gives the
//! terminal's default colours and what the ANSI colour numbers look like.

use ratatui::style::Color;

pub type Rgb = [u8; 3];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermTheme {
    pub name: String,
    pub background: Rgb,
    pub foreground: Rgb,
    /// ANSI 0-15: black, red, green, yellow, blue, magenta, cyan, white, then the bright ones.
    pub ansi: [Rgb; 16],
}

const fn hex(v: u32) -> Rgb {
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// VHS's default theme (a tape that sets none), as VHS's themes.go defines it.
const VHS_DEFAULT: (u32, u32, [u32; 16]) = (
    0x171717,
    0xdddddd,
    [
        0x282a2e, 0xd74e6f, 0x31bb71, 0xd3e561, 0x8056ff, 0xed61d7, 0x04d7d7, 0xbfbfbf, 0x4d4d4d, 0xfe5f86, 0x00d787,
        0xebff71, 0x9b79ff, 0xff7aea, 0x00fefe, 0xe6e6e6,
    ],
);

/// VHS's themes.json, as VHS embeds it (assets/vhs: its MIT licence and where it is from).
const VHS_THEMES: &str = include_str!("../../../assets/vhs/themes.json");

/// Every theme of VHS's list, read once.
fn vhs_themes() -> &'static [TermTheme] {
    static THEMES: std::sync::OnceLock<Vec<TermTheme>> = std::sync::OnceLock::new();
    THEMES.get_or_init(|| {
        let list: Vec<serde_json::Value> = serde_json::from_str(VHS_THEMES).unwrap_or_default();
        list.iter()
            .filter_map(|t| {
                let name = t.get("name")?.as_str()?.to_string();
                let mut theme = TermTheme { name, ..TermTheme::default() };
                theme.apply(t).ok()?;
                Some(theme)
            })
            .collect()
    })
}

/// The names `Set Theme` takes: VHS's, sorted as `vhs themes` lists them.
pub fn theme_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = vhs_themes().iter().map(|t| t.name.as_str()).collect();
    names.sort_by_key(|n| n.to_lowercase());
    names
}

impl Default for TermTheme {
    /// VHS's own default (when a tape sets no theme).
    fn default() -> Self {
        let (bg, fg, ansi) = VHS_DEFAULT;
        TermTheme { name: "VHS default".into(), background: hex(bg), foreground: hex(fg), ansi: ansi.map(hex) }
    }
}

/// The ANSI colour names of xterm.js's theme object, in ANSI order.
const ANSI_KEYS: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "white",
    "brightBlack",
    "brightRed",
    "brightGreen",
    "brightYellow",
    "brightBlue",
    "brightMagenta",
    "brightCyan",
    "brightWhite",
];

/// `#rrggbb` or `#rgb`.
pub fn parse_hex(text: &str) -> Option<Rgb> {
    let digits = text.strip_prefix('#')?;
    let full = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => digits.to_string(),
        _ => return None,
    };
    u32::from_str_radix(&full, 16).ok().map(hex)
}

impl TermTheme {
    /// A theme of VHS's list, by its exact name (VHS matches names exactly).
    pub fn named(name: &str) -> Option<TermTheme> {
        vhs_themes().iter().find(|t| t.name == name).cloned()
    }

    /// The colours a JSON theme object gives, over this theme's.
    fn apply(&mut self, json: &serde_json::Value) -> Result<(), String> {
        let colour = |key: &str| -> Result<Option<Rgb>, String> {
            match json.get(key) {
                None => Ok(None),
                Some(serde_json::Value::String(s)) => {
                    parse_hex(s).map(Some).ok_or_else(|| format!("Set Theme: {key} \"{s}\" is not a #rrggbb colour"))
                }
                Some(other) => Err(format!("Set Theme: {key} should be a \"#rrggbb\" string, not {other}")),
            }
        };
        if let Some(c) = colour("background")? {
            self.background = c;
        }
        if let Some(c) = colour("foreground")? {
            self.foreground = c;
        }
        for (i, key) in ANSI_KEYS.iter().enumerate() {
            if let Some(c) = colour(key)? {
                self.ansi[i] = c;
            }
        }
        Ok(())
    }

    /// `Set Theme`'s value: a name of VHS's list, or a JSON object whose missing colours are
    /// the default theme's (as in VHS). A name VHS lacks is refused with VHS's words and its
    /// suggestions (names within two edits, or that the name starts with).
    pub fn from_setting(value: &str) -> Result<TermTheme, String> {
        if !value.trim_start().starts_with('{') {
            return TermTheme::named(value).ok_or_else(|| {
                let lower = value.to_lowercase();
                let near: Vec<&str> = theme_names()
                    .into_iter()
                    .filter(|n| {
                        let n = n.to_lowercase();
                        strsim::levenshtein(&lower, &n) <= 2 || lower.starts_with(&n)
                    })
                    .collect();
                match near.as_slice() {
                    [] => format!("invalid `Set Theme \"{value}\"`: theme does not exist"),
                    _ => format!("invalid `Set Theme \"{value}\"`: did you mean \"{}\"", near.join(", ")),
                }
            });
        }
        let json: serde_json::Value =
            serde_json::from_str(value).map_err(|e| format!("Set Theme: the JSON does not parse: {e}"))?;
        let mut theme = TermTheme { name: "custom".into(), ..TermTheme::default() };
        theme.apply(&json)?;
        Ok(theme)
    }

    /// A ratatui colour on this terminal; Reset is the terminal's default foreground or
    /// background.
    pub fn rgb(&self, color: Color, foreground: bool) -> Rgb {
        let reset = if foreground { self.foreground } else { self.background };
        crate::theme::rgb_on(color, &self.ansi, reset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_colours_and_themes() {
        let t = TermTheme::named("Builtin Dark").unwrap();
        assert_eq!(t.rgb(Color::Reset, false), [0, 0, 0]);
        assert_eq!(t.rgb(Color::Reset, true), [0xbb, 0xbb, 0xbb]);
        assert_eq!(t.rgb(Color::Indexed(196), true), [255, 0, 0]);
        assert_eq!(t.rgb(Color::Indexed(16 + 36 + 6 + 1), true), [95, 95, 95]);
        assert_eq!(t.rgb(Color::Indexed(232), true), [8, 8, 8]);
        let custom = TermTheme::from_setting(r##"{"background": "#102030", "red": "#f00"}"##).unwrap();
        assert_eq!((custom.background, custom.ansi[1]), ([0x10, 0x20, 0x30], [255, 0, 0]));
        assert_eq!(custom.foreground, TermTheme::default().foreground, "the rest is VHS's default");
        assert_eq!(
            TermTheme::from_setting("Frobnicate").unwrap_err(),
            "invalid `Set Theme \"Frobnicate\"`: theme does not exist"
        );
        assert_eq!(
            TermTheme::from_setting("Draculaa").unwrap_err(),
            "invalid `Set Theme \"Draculaa\"`: did you mean \"Dracula, Dracula+\"",
            "VHS's suggestion, by two edits or fewer"
        );
        // Every one of VHS's 348 themes, and exactly as named.
        assert_eq!(theme_names().len(), 348);
        let latte = TermTheme::from_setting("Catppuccin Latte").unwrap();
        assert_eq!((latte.background, latte.foreground), ([0xef, 0xf1, 0xf5], [0x4c, 0x4f, 0x69]));
        assert!(TermTheme::named("builtin dark").is_none(), "VHS matches theme names exactly");
        assert!(TermTheme::from_setting("VHS").is_err(), "\"VHS\" is not a name of VHS's list");
        assert!(TermTheme::from_setting(r#"{"red": 3}"#).is_err());
    }
}
