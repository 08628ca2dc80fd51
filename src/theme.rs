//! Themes: `themes/*.toml`, embedded in the binary, or a file given by path.
//! A broken file is reported with its name, line and key. `NO_COLOR` gives a monochrome
//! theme in which LEDs are told apart by glyphs and words, never colour alone.

use ratatui::style::Color;
use serde::Deserialize;
use std::fmt;
#[cfg(feature = "native")]
use std::path::Path;
use std::str::FromStr;
use toml::Spanned;

/// Built-in themes, in the order `--list-themes` prints them.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("classic", include_str!("../themes/classic.toml")),
    ("amber", include_str!("../themes/amber.toml")),
    ("high-contrast", include_str!("../themes/high-contrast.toml")),
    ("light", include_str!("../themes/light.toml")),
];

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub description: String,
    /// No colours at all (`NO_COLOR`): focus by reverse video, LEDs by glyph.
    pub monochrome: bool,
    pub lcd_backlight: Color,
    pub lcd_text: Color,
    pub lcd_dim: Color,
    pub border: Color,
    pub focus: Color,
    pub text: Color,
    pub dim: Color,
    pub accent: Color,
    pub button: Color,
    pub led_power: Color,
    pub led_wifi: Color,
    pub led_attention: Color,
    pub led_wps: Color,
    pub led_off: Color,
    pub printer: Color,
    pub router: Color,
    pub success: Color,
    pub failure: Color,
    /// The panel's own background, or the terminal's (`Reset`). A theme with light text on
    /// its own dark background reads the same on light and dark terminals.
    pub background: Color,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeError {
    pub file: String,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ThemeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "theme {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        // The key and the message quote the file: shown escaped.
        let shown = |s: &str| crate::wps::message::printable(s.as_bytes());
        if let Some(key) = &self.key {
            write!(f, ", key `{}`", shown(key))?;
        }
        write!(f, ": {}", shown(&self.message).replace("\\u{a}", "\n"))
    }
}

impl std::error::Error for ThemeError {}

type ColorField = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    name: String,
    #[serde(default)]
    description: String,
    lcd: LcdFile,
    panel: PanelFile,
    led: LedFile,
    ladder: LadderFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LcdFile {
    backlight: ColorField,
    text: ColorField,
    dim: ColorField,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PanelFile {
    /// Optional: without it the terminal's own background shows.
    #[serde(default)]
    background: Option<ColorField>,
    border: ColorField,
    focus: ColorField,
    text: ColorField,
    dim: ColorField,
    accent: ColorField,
    button: ColorField,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LedFile {
    power: ColorField,
    wifi: ColorField,
    attention: ColorField,
    wps: ColorField,
    off: ColorField,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LadderFile {
    printer: ColorField,
    router: ColorField,
    success: ColorField,
    failure: ColorField,
}

/// The `[table]` a position in the file belongs to.
fn table_at(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset.min(text.len()))?;
    // The span of a table's error starts at its header: look at the line it starts on too.
    let end = text[before.len()..].find('\n').map_or(text.len(), |i| before.len() + i);
    text[..end].lines().rev().find_map(|l| {
        let l = l.trim();
        l.strip_prefix('[').and_then(|r| r.strip_suffix(']')).map(|name| name.trim().to_string())
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Theme {
    /// Light or dark, when the theme paints its own background; `None` when the terminal's
    /// own shows through (then nobody here knows).
    pub fn is_light(&self) -> Option<bool> {
        use ratatui::style::Color;
        match self.background {
            Color::Rgb(r, g, b) => Some(u32::from(r) * 299 + u32::from(g) * 587 + u32::from(b) * 114 > 128_000),
            Color::Black | Color::DarkGray => Some(false),
            Color::White | Color::Gray => Some(true),
            _ => None,
        }
    }

    /// Parses a theme file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Theme, ThemeError> {
        let parsed: File = toml::from_str(text).map_err(|e| {
            let message = e.message().to_string();
            let field = message.split('`').nth(1).filter(|_| message.contains("field"));
            // A missing field is named by toml without its table: say `led.wifi`, not `wifi`.
            let table = e.span().and_then(|s| table_at(text, s.start));
            let key = field.map(|f| match table {
                Some(t) if !f.contains('.') => format!("{t}.{f}"),
                _ => f.to_string(),
            });
            ThemeError { file: file.to_string(), line: e.span().map(|s| line_of(text, s.start)), key, message }
        })?;
        let color = |key: &str, field: &ColorField| -> Result<Color, ThemeError> {
            Color::from_str(field.get_ref()).map_err(|_| ThemeError {
                file: file.to_string(),
                line: Some(line_of(text, field.span().start)),
                key: Some(key.to_string()),
                message: format!(
                    "\"{}\" is not a colour (use a name such as \"green\" or \"#rrggbb\")",
                    field.get_ref()
                ),
            })
        };
        Ok(Theme {
            name: parsed.name,
            description: parsed.description,
            monochrome: false,
            lcd_backlight: color("lcd.backlight", &parsed.lcd.backlight)?,
            lcd_text: color("lcd.text", &parsed.lcd.text)?,
            lcd_dim: color("lcd.dim", &parsed.lcd.dim)?,
            border: color("panel.border", &parsed.panel.border)?,
            focus: color("panel.focus", &parsed.panel.focus)?,
            text: color("panel.text", &parsed.panel.text)?,
            dim: color("panel.dim", &parsed.panel.dim)?,
            accent: color("panel.accent", &parsed.panel.accent)?,
            button: color("panel.button", &parsed.panel.button)?,
            led_power: color("led.power", &parsed.led.power)?,
            led_wifi: color("led.wifi", &parsed.led.wifi)?,
            led_attention: color("led.attention", &parsed.led.attention)?,
            led_wps: color("led.wps", &parsed.led.wps)?,
            led_off: color("led.off", &parsed.led.off)?,
            printer: color("ladder.printer", &parsed.ladder.printer)?,
            router: color("ladder.router", &parsed.ladder.router)?,
            success: color("ladder.success", &parsed.ladder.success)?,
            failure: color("ladder.failure", &parsed.ladder.failure)?,
            background: match &parsed.panel.background {
                Some(field) => color("panel.background", field)?,
                None => Color::Reset,
            },
        })
    }

    pub fn built_in(name: &str) -> Option<Theme> {
        let (file, text) = BUILT_IN.iter().find(|(n, _)| *n == name)?;
        Some(Theme::parse(&format!("{file} (built in)"), text).expect("built-in themes parse"))
    }

    #[cfg(feature = "native")]
    /// `--theme NAME|PATH`: a built-in name, else a path to a `.toml` file (any path the
    /// system accepts, UTF-8 or not; read only if it is a small regular file).
    pub fn load(name_or_path: &std::ffi::OsStr) -> Result<Theme, ThemeError> {
        if let Some(theme) = name_or_path.to_str().and_then(Theme::built_in) {
            return Ok(theme);
        }
        let path = Path::new(name_or_path);
        let file = crate::files::shown(path);
        if !path.exists() {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            let message = format!("no such file, and not a built-in theme ({})", names.join(", "));
            return Err(ThemeError { file, line: None, key: None, message });
        }
        let text = crate::files::read_text(path, crate::files::TEXT_LIMIT).map_err(|message| ThemeError {
            file: file.clone(),
            line: None,
            key: None,
            message,
        })?;
        Theme::parse(&file, &text)
    }

    /// The theme `NO_COLOR` asks for: terminal defaults only.
    pub fn monochrome() -> Theme {
        let r = Color::Reset;
        Theme {
            name: "monochrome".into(),
            description: "No colour (NO_COLOR is set)".into(),
            monochrome: true,
            lcd_backlight: r,
            lcd_text: r,
            lcd_dim: r,
            border: r,
            focus: r,
            text: r,
            dim: r,
            accent: r,
            button: r,
            led_power: r,
            led_wifi: r,
            led_attention: r,
            led_wps: r,
            led_off: r,
            printer: r,
            router: r,
            success: r,
            failure: r,
            background: r,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::built_in("classic").expect("classic is built in")
    }
}

/// True when the `NO_COLOR` convention asks for no colour (set and not empty).
pub fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// A ratatui colour as RGB, on a terminal whose 16 ANSI colours are `ansi` (its foreground
/// and background for Reset): the named colours are ANSI 0 to 15, then xterm's 6 x 6 x 6
/// cube and its 24 greys, as every xterm-like terminal draws them. The renders and the web
/// page both draw with it.
pub fn rgb_on(color: Color, ansi: &[[u8; 3]; 16], reset: [u8; 3]) -> [u8; 3] {
    match color {
        Color::Reset => reset,
        Color::Black => ansi[0],
        Color::Red => ansi[1],
        Color::Green => ansi[2],
        Color::Yellow => ansi[3],
        Color::Blue => ansi[4],
        Color::Magenta => ansi[5],
        Color::Cyan => ansi[6],
        Color::Gray => ansi[7],
        Color::DarkGray => ansi[8],
        Color::LightRed => ansi[9],
        Color::LightGreen => ansi[10],
        Color::LightYellow => ansi[11],
        Color::LightBlue => ansi[12],
        Color::LightMagenta => ansi[13],
        Color::LightCyan => ansi[14],
        Color::White => ansi[15],
        Color::Rgb(r, g, b) => [r, g, b],
        Color::Indexed(i) if i < 16 => ansi[usize::from(i)],
        Color::Indexed(i) if i < 232 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let n = i - 16;
            [level(n / 36), level(n / 6 % 6), level(n % 6)]
        }
        Color::Indexed(i) => {
            let v = 8 + 10 * (i - 232);
            [v, v, v]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_theme_parses() {
        for (name, _) in BUILT_IN {
            let theme = Theme::built_in(name).unwrap();
            assert_eq!(&theme.name, name);
        }
    }

    #[test]
    fn a_bad_colour_names_file_line_and_key() {
        let text = BUILT_IN[0].1.replace("wifi = \"#3a8dff\"", "wifi = \"blurple\"");
        let err = Theme::parse("mine.toml", &text).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("led.wifi"));
        let line = text.lines().position(|l| l.contains("blurple")).unwrap() + 1;
        assert_eq!(err.line, Some(line));
        assert!(err.to_string().starts_with(&format!("theme mine.toml, line {line}, key `led.wifi`")), "{err}");
    }

    #[test]
    fn syntax_errors_and_missing_keys_are_located() {
        let err = Theme::parse("x.toml", "name = \"x\"\n[lcd\n").unwrap_err();
        assert_eq!(err.line, Some(2), "{err}");
        let err = Theme::parse("x.toml", "name = \"x\"\n[lcd]\nbacklight = \"red\"\n").unwrap_err();
        assert!(err.to_string().contains("missing field"), "{err}");
        let err = Theme::parse("x.toml", "name = \"x\"\n[led]\npower = \"red\"\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("led.wifi"), "the missing key is named with its table: {err}");
        let err = Theme::load("/nonexistent/theme.toml".as_ref()).unwrap_err();
        assert!(err.to_string().contains("not a built-in theme"), "{err}");
    }
}
