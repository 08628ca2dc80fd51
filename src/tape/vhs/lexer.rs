//! VHS's lexer, with its rules: a tape is bytes read one at a time; whitespace (newlines
//! included) separates tokens; `#` starts a comment to the end of the line; strings are in
//! "", '' or `` and end at their quote or the end of the line; `/regex/` ends at an
//! unescaped slash; `{...}` is JSON up to the first `}`; numbers are digits and dots; a word
//! is a letter or a dot followed by letters, digits and `.-_/%`, and is a keyword when VHS
//! names it one, else a string. Anything else is one illegal byte.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Eof,
    Illegal,
    At,
    Equal,
    Plus,
    Minus,
    Percent,
    Caret,
    Backslash,
    LeftBracket,
    RightBracket,
    Comment,
    Number,
    String,
    Json,
    Regex,
    Boolean,
    // Units.
    Em,
    Px,
    Milliseconds,
    Seconds,
    Minutes,
    // Commands and keys.
    Set,
    Sleep,
    Type,
    Enter,
    Space,
    Backspace,
    Delete,
    Insert,
    Ctrl,
    Alt,
    Shift,
    Down,
    Left,
    Right,
    Up,
    PageUp,
    PageDown,
    ScrollUp,
    ScrollDown,
    Tab,
    Escape,
    End,
    Hide,
    Require,
    Show,
    Output,
    Wait,
    Source,
    Screenshot,
    Copy,
    Paste,
    Env,
    // Settings.
    Shell,
    FontFamily,
    FontSize,
    LetterSpacing,
    LineHeight,
    Framerate,
    TypingSpeed,
    Theme,
    PlaybackSpeed,
    Height,
    Width,
    Padding,
    LoopOffset,
    MarginFill,
    Margin,
    WindowBar,
    WindowBarSize,
    BorderRadius,
    CursorBlink,
    WaitTimeout,
    WaitPattern,
}

/// VHS's keywords (its `token.Keywords`); any other word is a string.
const KEYWORDS: &[(&str, Kind)] = &[
    ("em", Kind::Em),
    ("px", Kind::Px),
    ("ms", Kind::Milliseconds),
    ("s", Kind::Seconds),
    ("m", Kind::Minutes),
    ("Set", Kind::Set),
    ("Sleep", Kind::Sleep),
    ("Type", Kind::Type),
    ("Enter", Kind::Enter),
    ("Space", Kind::Space),
    ("Backspace", Kind::Backspace),
    ("Delete", Kind::Delete),
    ("Insert", Kind::Insert),
    ("Ctrl", Kind::Ctrl),
    ("Alt", Kind::Alt),
    ("Shift", Kind::Shift),
    ("Down", Kind::Down),
    ("Left", Kind::Left),
    ("Right", Kind::Right),
    ("Up", Kind::Up),
    ("PageUp", Kind::PageUp),
    ("PageDown", Kind::PageDown),
    ("ScrollUp", Kind::ScrollUp),
    ("ScrollDown", Kind::ScrollDown),
    ("Tab", Kind::Tab),
    ("Escape", Kind::Escape),
    ("End", Kind::End),
    ("Hide", Kind::Hide),
    ("Require", Kind::Require),
    ("Show", Kind::Show),
    ("Output", Kind::Output),
    ("Shell", Kind::Shell),
    ("FontFamily", Kind::FontFamily),
    ("MarginFill", Kind::MarginFill),
    ("Margin", Kind::Margin),
    ("WindowBar", Kind::WindowBar),
    ("WindowBarSize", Kind::WindowBarSize),
    ("BorderRadius", Kind::BorderRadius),
    ("FontSize", Kind::FontSize),
    ("Framerate", Kind::Framerate),
    ("Height", Kind::Height),
    ("LetterSpacing", Kind::LetterSpacing),
    ("LineHeight", Kind::LineHeight),
    ("PlaybackSpeed", Kind::PlaybackSpeed),
    ("TypingSpeed", Kind::TypingSpeed),
    ("Padding", Kind::Padding),
    ("Theme", Kind::Theme),
    ("Width", Kind::Width),
    ("LoopOffset", Kind::LoopOffset),
    ("WaitTimeout", Kind::WaitTimeout),
    ("WaitPattern", Kind::WaitPattern),
    ("Wait", Kind::Wait),
    ("Source", Kind::Source),
    ("CursorBlink", Kind::CursorBlink),
    ("true", Kind::Boolean),
    ("false", Kind::Boolean),
    ("Screenshot", Kind::Screenshot),
    ("Copy", Kind::Copy),
    ("Paste", Kind::Paste),
    ("Env", Kind::Env),
];

impl Kind {
    /// A word's kind: its keyword, or a string.
    pub fn of_word(word: &str) -> Kind {
        KEYWORDS.iter().find(|(w, _)| *w == word).map_or(Kind::String, |(_, k)| *k)
    }

    /// Whether `Set` takes it.
    pub fn is_setting(self) -> bool {
        use Kind::*;
        matches!(
            self,
            Shell
                | FontFamily
                | FontSize
                | LetterSpacing
                | LineHeight
                | Framerate
                | TypingSpeed
                | Theme
                | PlaybackSpeed
                | Height
                | Width
                | Padding
                | LoopOffset
                | MarginFill
                | Margin
                | WindowBar
                | WindowBarSize
                | BorderRadius
                | CursorBlink
                | WaitTimeout
                | WaitPattern
        )
    }

    pub fn is_modifier(self) -> bool {
        matches!(self, Kind::Alt | Kind::Shift)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub literal: String,
    pub line: usize,
    pub column: usize,
}

pub struct Lexer<'a> {
    input: &'a [u8],
    ch: u8,
    pos: usize,
    next_pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(input: &'a str) -> Lexer<'a> {
        let mut l = Lexer { input: input.as_bytes(), ch: 0, pos: 0, next_pos: 0, line: 1, column: 0 };
        l.read_char();
        l
    }

    /// The byte after the current one; 0 at the end (so a NUL ends the tape, as in VHS).
    fn peek_char(&self) -> u8 {
        self.input.get(self.next_pos).copied().unwrap_or(0)
    }

    fn read_char(&mut self) {
        self.column += 1;
        self.ch = self.peek_char();
        self.pos = self.next_pos;
        self.next_pos += 1;
    }

    fn text(&self, from: usize, to: usize) -> String {
        let to = to.min(self.input.len());
        String::from_utf8_lossy(&self.input[from.min(to)..to]).into_owned()
    }

    fn single(&mut self, kind: Kind, token: Token) -> Token {
        let literal = char::from(self.ch).to_string();
        self.read_char();
        Token { kind, literal, ..token }
    }

    pub fn next_token(&mut self) -> Token {
        self.skip_whitespace();
        let here = Token { kind: Kind::Eof, literal: String::new(), line: self.line, column: self.column };
        match self.ch {
            0 => Token { literal: "\0".into(), ..here },
            b'@' => self.single(Kind::At, here),
            b'=' => self.single(Kind::Equal, here),
            b']' => self.single(Kind::RightBracket, here),
            b'[' => self.single(Kind::LeftBracket, here),
            b'-' => self.single(Kind::Minus, here),
            b'%' => self.single(Kind::Percent, here),
            b'^' => self.single(Kind::Caret, here),
            b'\\' => self.single(Kind::Backslash, here),
            b'+' => self.single(Kind::Plus, here),
            b'#' => {
                let literal = self.read_comment();
                Token { kind: Kind::Comment, literal, ..here }
            }
            b'{' => {
                let literal = format!("{{{}}}", self.read_json());
                self.read_char();
                Token { kind: Kind::Json, literal, ..here }
            }
            q @ (b'`' | b'\'' | b'"') => {
                let literal = self.read_string(q);
                self.read_char();
                Token { kind: Kind::String, literal, ..here }
            }
            b'/' => {
                let literal = self.read_regex(b'/');
                self.read_char();
                Token { kind: Kind::Regex, literal, ..here }
            }
            c if c.is_ascii_digit() || (c == b'.' && self.peek_char().is_ascii_digit()) => {
                let literal = self.read_while(|c| c.is_ascii_digit() || c == b'.');
                Token { kind: Kind::Number, literal, ..here }
            }
            c if c.is_ascii_alphabetic() || c == b'.' => {
                let literal =
                    self.read_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'_' | b'/' | b'%'));
                Token { kind: Kind::of_word(&literal), literal, ..here }
            }
            _ => {
                // One byte, shown as VHS's Go shows a byte: the character of that code.
                let literal = char::from(self.ch).to_string();
                self.read_char();
                Token { kind: Kind::Illegal, literal, ..here }
            }
        }
    }

    /// From the byte after the current one up to (not including) the first where `stop`
    /// holds: a comment's, a string's and JSON's text.
    fn read_until(&mut self, stop: impl Fn(u8) -> bool) -> String {
        let from = self.pos + 1;
        loop {
            self.read_char();
            if stop(self.ch) {
                break;
            }
        }
        self.text(from, self.pos)
    }

    fn read_comment(&mut self) -> String {
        self.read_until(|c| matches!(c, b'\n' | b'\r' | 0))
    }

    fn read_string(&mut self, end: u8) -> String {
        self.read_until(|c| c == end || matches!(c, b'\n' | b'\r' | 0))
    }

    /// Up to the closing slash; a slash after an odd run of backslashes is escaped.
    fn read_regex(&mut self, end: u8) -> String {
        let from = self.pos + 1;
        loop {
            self.read_char();
            if matches!(self.ch, b'\n' | b'\r' | 0) {
                break;
            }
            if self.ch == b'\\' {
                let mut backslashes = 0;
                while self.ch == b'\\' && self.pos < self.input.len() {
                    backslashes += 1;
                    self.read_char();
                }
                if self.ch == end && backslashes % 2 == 0 {
                    break;
                }
                continue;
            }
            if self.ch == end {
                break;
            }
        }
        self.text(from, self.pos)
    }

    fn read_json(&mut self) -> String {
        self.read_until(|c| matches!(c, b'}' | 0))
    }

    fn read_while(&mut self, keep: impl Fn(u8) -> bool) -> String {
        let from = self.pos;
        while keep(self.ch) {
            self.read_char();
        }
        self.text(from, self.pos)
    }

    /// Spaces, tabs and line ends; a `\n` starts a new line (so `\r\n` counts once).
    fn skip_whitespace(&mut self) {
        while matches!(self.ch, b' ' | b'\t' | b'\n' | b'\r') {
            if self.ch == b'\n' {
                self.line += 1;
                self.column = 0;
            }
            self.read_char();
        }
    }
}
