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

/// The built-in themes: VHS's default, and the ones of VHS's list a tape most often names.
/// Values as VHS's themes.json has them.
fn builtin_table() -> Vec<(&'static str, u32, u32, [u32; 16])> {
    const BUILTIN: [u32; 16] = [
        0x000000, 0xbb0000, 0x00bb00, 0xbbbb00, 0x0000bb, 0xbb00bb, 0x00bbbb, 0xbbbbbb, 0x555555, 0xff5555, 0x55ff55,
        0xffff55, 0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
    ];
    const SOLARIZED: [u32; 16] = [
        0x073642, 0xdc322f, 0x859900, 0xb58900, 0x268bd2, 0xd33682, 0x2aa198, 0xeee8d5, 0x002b36, 0xcb4b16, 0x586e75,
        0x657b83, 0x839496, 0x6c71c4, 0x93a1a1, 0xfdf6e3,
    ];
    const TANGO: [u32; 16] = [
        0x000000, 0xcc0000, 0x4e9a06, 0xc4a000, 0x3465a4, 0x75507b, 0x06989a, 0xd3d7cf, 0x555753, 0xef2929, 0x8ae234,
        0xfce94f, 0x729fcf, 0xad7fa8, 0x34e2e2, 0xeeeeec,
    ];
    vec![
        (
            "VHS",
            0x171717,
            0xdddddd,
            [
                0x282a2e, 0xd74e6f, 0x31bb71, 0xd3e561, 0x8056ff, 0xed61d7, 0x04d7d7, 0xbfbfbf, 0x4d4d4d, 0xfe5f86,
                0x00d787, 0xebff71, 0x9b79ff, 0xff7aea, 0x00fefe, 0xe6e6e6,
            ],
        ),
        ("Builtin Dark", 0x000000, 0xbbbbbb, BUILTIN),
        ("Builtin Light", 0xffffff, 0x000000, BUILTIN),
        ("Builtin Solarized Dark", 0x002b36, 0x839496, SOLARIZED),
        ("Builtin Solarized Light", 0xfdf6e3, 0x657b83, SOLARIZED),
        ("Builtin Tango Dark", 0x000000, 0xffffff, TANGO),
        ("Builtin Tango Light", 0xffffff, 0x000000, TANGO),
        (
            "Catppuccin Mocha",
            0x1e1e2e,
            0xcdd6f4,
            [
                0x45475a, 0xf38ba8, 0xa6e3a1, 0xf9e2af, 0x89b4fa, 0xf5c2e7, 0x94e2d5, 0xbac2de, 0x585b70, 0xf38ba8,
                0xa6e3a1, 0xf9e2af, 0x89b4fa, 0xf5c2e7, 0x94e2d5, 0xa6adc8,
            ],
        ),
        (
            "Dracula",
            0x1e1f29,
            0xf8f8f2,
            [
                0x000000, 0xff5555, 0x50fa7b, 0xf1fa8c, 0xbd93f9, 0xff79c6, 0x8be9fd, 0xbbbbbb, 0x555555, 0xff5555,
                0x50fa7b, 0xf1fa8c, 0xbd93f9, 0xff79c6, 0x8be9fd, 0xffffff,
            ],
        ),
    ]
}

/// The names `Set Theme` takes here.
pub fn builtin_names() -> Vec<&'static str> {
    builtin_table().into_iter().map(|(name, ..)| name).collect()
}

impl Default for TermTheme {
    /// VHS's own default (when a tape sets no theme).
    fn default() -> Self {
        TermTheme::builtin("VHS").expect("the default is built in")
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

fn parse_hex(text: &str) -> Option<Rgb> {
    let digits = text.strip_prefix('#')?;
    let full = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect::<String>(),
        6 => digits.to_string(),
        _ => return None,
    };
    u32::from_str_radix(&full, 16).ok().map(hex)
}

impl TermTheme {
    pub fn builtin(name: &str) -> Option<TermTheme> {
        builtin_table().into_iter().find(|(n, ..)| n.eq_ignore_ascii_case(name)).map(|(name, bg, fg, ansi)| TermTheme {
            name: name.to_string(),
            background: hex(bg),
            foreground: hex(fg),
            ansi: ansi.map(hex),
        })
    }

    /// `Set Theme`'s value: a built-in name, or a JSON object whose missing colours are the
    /// default theme's (as in VHS).
    pub fn from_setting(value: &str) -> Result<TermTheme, String> {
        let value = value.trim();
        if !value.starts_with('{') {
            return TermTheme::builtin(value).ok_or_else(|| {
                format!(
                    "Set Theme \"{value}\": not a theme built in here ({}); give its colours as JSON instead",
                    builtin_names().join(", ")
                )
            });
        }
        let json: serde_json::Value =
            serde_json::from_str(value).map_err(|e| format!("Set Theme: the JSON does not parse: {e}"))?;
        let mut theme = TermTheme { name: "custom".into(), ..TermTheme::default() };
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
            theme.background = c;
        }
        if let Some(c) = colour("foreground")? {
            theme.foreground = c;
        }
        for (i, key) in ANSI_KEYS.iter().enumerate() {
            if let Some(c) = colour(key)? {
                theme.ansi[i] = c;
            }
        }
        Ok(theme)
    }

    /// A ratatui colour on this terminal; `None` is the terminal's default (Reset).
    pub fn rgb(&self, color: Color, foreground: bool) -> Rgb {
        let ansi = |i: usize| self.ansi[i];
        match color {
            Color::Reset if foreground => self.foreground,
            Color::Reset => self.background,
            Color::Black => ansi(0),
            Color::Red => ansi(1),
            Color::Green => ansi(2),
            Color::Yellow => ansi(3),
            Color::Blue => ansi(4),
            Color::Magenta => ansi(5),
            Color::Cyan => ansi(6),
            Color::Gray => ansi(7),
            Color::DarkGray => ansi(8),
            Color::LightRed => ansi(9),
            Color::LightGreen => ansi(10),
            Color::LightYellow => ansi(11),
            Color::LightBlue => ansi(12),
            Color::LightMagenta => ansi(13),
            Color::LightCyan => ansi(14),
            Color::White => ansi(15),
            Color::Rgb(r, g, b) => [r, g, b],
            Color::Indexed(i) => indexed(self, i),
        }
    }
}

/// xterm's 256 colours: the theme's 16, a 6x6x6 cube, 24 greys.
fn indexed(theme: &TermTheme, i: u8) -> Rgb {
    match i {
        0..=15 => theme.ansi[usize::from(i)],
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            [level(n / 36), level((n / 6) % 6), level(n % 6)]
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            [v, v, v]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xterm_colours_and_themes() {
        let t = TermTheme::builtin("builtin dark").unwrap();
        assert_eq!(t.rgb(Color::Reset, false), [0, 0, 0]);
        assert_eq!(t.rgb(Color::Reset, true), [0xbb, 0xbb, 0xbb]);
        assert_eq!(t.rgb(Color::Indexed(196), true), [255, 0, 0]);
        assert_eq!(t.rgb(Color::Indexed(16 + 36 + 6 + 1), true), [95, 95, 95]);
        assert_eq!(t.rgb(Color::Indexed(232), true), [8, 8, 8]);
        let custom = TermTheme::from_setting(r##"{"background": "#102030", "red": "#f00"}"##).unwrap();
        assert_eq!((custom.background, custom.ansi[1]), ([0x10, 0x20, 0x30], [255, 0, 0]));
        assert_eq!(custom.foreground, TermTheme::default().foreground, "the rest is VHS's default");
        assert!(TermTheme::from_setting("Nope").unwrap_err().contains("Builtin Dark"));
        assert!(TermTheme::from_setting(r#"{"red": 3}"#).is_err());
    }
}
