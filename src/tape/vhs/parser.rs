//! VHS's parser, with its rules: two tokens at a time (the current and the next), one
//! command per keyword whatever the lines, each with its options (a speed or timeout after
//! `@`, a setting's name, a Wait's scope) and arguments as VHS keeps them, and every error
//! with the line and column of the token VHS blames. Reading goes on after an error, as in
//! VHS, so that one pass finds them all.

use std::path::Path;

use super::lexer::{Kind, Lexer, Token};

/// One command as VHS's parser leaves it: its kind (the keyword that starts it), its
/// options and its arguments, as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VhsCommand {
    pub kind: Kind,
    pub options: String,
    pub args: String,
    /// The line of the keyword that starts it (for a Source's commands, the Source's).
    pub line: usize,
}

/// An error: where, and VHS's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VhsError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Where `Source` looks for tapes (VHS reads the path from its working folder; `play` reads
/// it beside the tape, where `vhs` is run from).
pub enum Sources<'a> {
    /// Beside the tape in this folder.
    In(&'a Path),
    /// No files: every Source is refused as not found.
    None,
}

pub struct Parser<'a> {
    lexer: Lexer<'a>,
    cur: Token,
    peek: Token,
    errors: Vec<VhsError>,
    sources: &'a Sources<'a>,
}

/// The window bar styles VHS draws.
pub const WINDOW_BARS: &[&str] = &["Colorful", "ColorfulRight", "Rings", "RingsRight"];

impl<'a> Parser<'a> {
    pub fn new(input: &'a str, sources: &'a Sources<'a>) -> Parser<'a> {
        let blank = Token { kind: Kind::Eof, literal: String::new(), line: 0, column: 0 };
        let mut p = Parser { lexer: Lexer::new(input), cur: blank.clone(), peek: blank, errors: Vec::new(), sources };
        p.next_token();
        p.next_token();
        p
    }

    fn next_token(&mut self) {
        self.cur = std::mem::replace(&mut self.peek, self.lexer.next_token());
    }

    fn error(&mut self, at: &Token, message: impl Into<String>) {
        self.errors.push(VhsError { line: at.line, column: at.column, message: message.into() });
    }

    fn error_at_cur(&mut self, message: impl Into<String>) {
        let at = self.cur.clone();
        self.error(&at, message);
    }

    fn error_at_peek(&mut self, message: impl Into<String>) {
        let at = self.peek.clone();
        self.error(&at, message);
    }

    /// Every command, and every error on the way.
    pub fn parse(mut self) -> (Vec<VhsCommand>, Vec<VhsError>) {
        let mut commands = Vec::new();
        while self.cur.kind != Kind::Eof {
            if self.cur.kind == Kind::Comment {
                self.next_token();
                continue;
            }
            commands.extend(self.command());
            self.next_token();
        }
        (commands, self.errors)
    }

    fn command(&mut self) -> Vec<VhsCommand> {
        let line = self.cur.line;
        let made =
            |kind, options: std::string::String, args: std::string::String| VhsCommand { kind, options, args, line };
        let kind = self.cur.kind;
        use Kind::*;
        let one = match kind {
            Space | Backspace | Delete | Insert | Enter | Escape | Tab | Down | Left | Right | Up | PageUp
            | PageDown | ScrollUp | ScrollDown => {
                let options = self.speed();
                made(kind, options, self.repeat())
            }
            Set => return vec![self.set(line)],
            Output => return vec![self.output(line)],
            Sleep => made(kind, std::string::String::new(), self.time()),
            Type | Copy => {
                let options = if kind == Type { self.speed() } else { std::string::String::new() };
                made(kind, options, self.strings())
            }
            Ctrl => made(kind, std::string::String::new(), self.ctrl()),
            Alt | Shift => made(kind, std::string::String::new(), self.modified(kind)),
            Hide | Show | Paste => made(kind, std::string::String::new(), std::string::String::new()),
            Require => {
                if self.peek.kind != String {
                    let message = format!("{} expects one string", self.cur.literal);
                    self.error_at_peek(message);
                }
                let args = self.peek.literal.clone();
                self.next_token();
                made(kind, std::string::String::new(), args)
            }
            Wait => return vec![self.wait(line)],
            Source => return self.source(line),
            Screenshot => return vec![self.screenshot(line)],
            Env => {
                let options = self.peek.literal.clone();
                self.next_token();
                if self.peek.kind != String {
                    let message = format!("{} expects string", self.cur.literal);
                    self.error_at_peek(message);
                }
                let args = self.peek.literal.clone();
                self.next_token();
                made(kind, options, args)
            }
            _ => {
                let message = format!("Invalid command: {}", self.cur.literal);
                self.error_at_cur(message);
                made(Illegal, std::string::String::new(), std::string::String::new())
            }
        };
        vec![one]
    }

    /// `@<time>`, if there.
    fn speed(&mut self) -> String {
        if self.peek.kind == Kind::At {
            self.next_token();
            return self.time();
        }
        String::new()
    }

    /// A count after a key, if there; 1 otherwise.
    fn repeat(&mut self) -> String {
        if self.peek.kind == Kind::Number {
            self.next_token();
            return self.cur.literal.clone();
        }
        "1".into()
    }

    /// `<number>[ms|s|m]`; seconds when no unit is given.
    fn time(&mut self) -> String {
        if self.peek.kind != Kind::Number {
            let message = format!("Expected time after {}", self.cur.literal);
            self.error_at_cur(message);
            return String::new();
        }
        self.next_token();
        let mut t = self.cur.literal.clone();
        if matches!(self.peek.kind, Kind::Milliseconds | Kind::Seconds | Kind::Minutes) {
            self.next_token();
            t += &self.cur.literal;
        } else {
            t += "s";
        }
        t
    }

    /// One or more strings in a row, joined by a space.
    fn strings(&mut self) -> String {
        if self.peek.kind != Kind::String {
            let message = format!("{} expects string", self.cur.literal);
            self.error_at_peek(message);
        }
        let mut args = String::new();
        while self.peek.kind == Kind::String {
            self.next_token();
            args += &self.cur.literal;
            if self.peek.kind == Kind::String {
                args.push(' ');
            }
        }
        args
    }

    /// `Ctrl[+Alt][+Shift]+<key>`: the modifiers, then the keys, as words.
    fn ctrl(&mut self) -> String {
        let mut args: Vec<String> = Vec::new();
        let mut in_modifiers = true;
        while self.peek.kind == Kind::Plus {
            self.next_token();
            let peek = self.peek.clone();
            if Kind::of_word(&peek.literal).is_modifier() {
                if !in_modifiers {
                    self.error_at_cur("Modifiers must come before other characters");
                    args.clear();
                    continue;
                }
                args.push(peek.literal);
                self.next_token();
                continue;
            }
            in_modifiers = false;
            use Kind::*;
            let key = matches!(
                peek.kind,
                Enter
                    | Space
                    | Backspace
                    | Minus
                    | At
                    | LeftBracket
                    | RightBracket
                    | Caret
                    | Backslash
                    | Left
                    | Right
                    | Up
                    | Down
            ) || (peek.kind == String && peek.literal.len() == 1);
            if key {
                args.push(peek.literal);
            } else {
                self.error_at_cur("Not a valid modifier");
                let message = format!("Invalid control argument: {}", self.cur.literal);
                self.error_at_cur(message);
            }
            self.next_token();
        }
        if args.is_empty() {
            let message = format!("Expected control character with args, got {}", self.cur.literal);
            self.error_at_cur(message);
        }
        args.join(" ")
    }

    /// `Alt+<key>` or `Shift+<key>`.
    fn modified(&mut self, modifier: Kind) -> String {
        if self.peek.kind == Kind::Plus {
            self.next_token();
            use Kind::*;
            if matches!(self.peek.kind, String | Enter | LeftBracket | RightBracket | Tab) {
                self.next_token();
                return self.cur.literal.clone();
            }
        }
        let which = if modifier == Kind::Shift { "shift" } else { "alt" };
        let message = format!("Expected {which} character, got {}", self.cur.literal);
        self.error_at_cur(message);
        String::new()
    }

    fn output(&mut self, line: usize) -> VhsCommand {
        let mut cmd = VhsCommand { kind: Kind::Output, options: String::new(), args: String::new(), line };
        if self.peek.kind != Kind::String {
            self.error_at_cur("Expected file path after output");
            return cmd;
        }
        let path = self.peek.literal.clone();
        match go_ext(&path) {
            "" => {
                cmd.options = ".png".into();
                if !path.ends_with('/') {
                    self.error_at_peek("Expected folder with trailing slash");
                }
            }
            ext => cmd.options = ext.to_string(),
        }
        cmd.args = path;
        self.next_token();
        cmd
    }

    fn set(&mut self, line: usize) -> VhsCommand {
        let mut cmd = VhsCommand { kind: Kind::Set, options: String::new(), args: String::new(), line };
        if self.peek.kind.is_setting() {
            cmd.options = self.peek.literal.clone();
        } else {
            let message = format!("Unknown setting: {}", self.peek.literal);
            self.error_at_peek(message);
        }
        self.next_token();
        match self.cur.kind {
            Kind::WaitTimeout => cmd.args = self.time(),
            Kind::WaitPattern => {
                cmd.args = self.peek.literal.clone();
                if regex::Regex::new(&cmd.args).is_err() {
                    let message = format!("Invalid regexp pattern: {}", self.peek.literal);
                    self.error_at_peek(message);
                }
                self.next_token();
            }
            Kind::LoopOffset => {
                cmd.args = self.peek.literal.clone() + "%";
                self.next_token();
                if self.peek.kind == Kind::Percent {
                    self.next_token();
                }
            }
            Kind::TypingSpeed => {
                cmd.args = self.peek.literal.clone();
                self.next_token();
                if matches!(self.peek.kind, Kind::Milliseconds | Kind::Seconds) {
                    self.next_token();
                    cmd.args += &self.cur.literal;
                } else if cmd.options == "TypingSpeed" {
                    cmd.args += "s";
                }
            }
            Kind::WindowBar => {
                cmd.args = self.peek.literal.clone();
                self.next_token();
                if !cmd.args.is_empty() && !WINDOW_BARS.contains(&cmd.args.as_str()) {
                    let message = format!("{} is not a valid bar style.", self.cur.literal);
                    self.error_at_cur(message);
                }
            }
            Kind::MarginFill => {
                cmd.args = self.peek.literal.clone();
                self.next_token();
                if let Some(hex) = cmd.args.strip_prefix('#')
                    && (u64::from_str_radix(hex, 16).is_err() || cmd.args.len() != 7)
                {
                    let message = format!("\"{}\" is not a valid color.", cmd.args);
                    self.error_at_cur(message);
                }
            }
            Kind::CursorBlink => {
                cmd.args = self.peek.literal.clone();
                self.next_token();
                if self.cur.kind != Kind::Boolean {
                    self.error_at_cur("expected boolean value.");
                }
            }
            _ => {
                cmd.args = self.peek.literal.clone();
                self.next_token();
            }
        }
        cmd
    }

    /// `Wait[+Line|+Screen][@timeout] [/regex/]`: the scope, then the pattern if given.
    fn wait(&mut self, line: usize) -> VhsCommand {
        let mut cmd = VhsCommand { kind: Kind::Wait, options: String::new(), args: "Line".into(), line };
        if self.peek.kind == Kind::Plus {
            self.next_token();
            if self.peek.kind != Kind::String || !matches!(self.peek.literal.as_str(), "Line" | "Screen") {
                self.error_at_peek("Wait+ expects Line or Screen");
                return cmd;
            }
            cmd.args = self.peek.literal.clone();
            self.next_token();
        }
        cmd.options = self.speed();
        if !cmd.options.is_empty() && go_duration(&cmd.options).is_none_or(|d| d <= 0.0) {
            self.error_at_peek("Wait expects positive duration");
            return cmd;
        }
        if self.peek.kind != Kind::Regex {
            return cmd;
        }
        self.next_token();
        if let Err(e) = regex::Regex::new(&self.cur.literal) {
            let message = format!("Invalid regular expression '{}': {}", self.cur.literal, first_line(&e.to_string()));
            self.error_at_cur(message);
            return cmd;
        }
        cmd.args += " ";
        cmd.args += &self.cur.literal;
        cmd
    }

    fn source(&mut self, line: usize) -> Vec<VhsCommand> {
        let cmd = VhsCommand { kind: Kind::Source, options: String::new(), args: String::new(), line };
        if self.peek.kind != Kind::String {
            self.error_at_cur("Expected path after Source");
            self.next_token();
            return vec![cmd];
        }
        let path = self.peek.literal.clone();
        let refuse = |p: &mut Parser, message: String| {
            p.error_at_peek(message);
            p.next_token();
            vec![cmd.clone()]
        };
        if go_ext(&path) != ".tape" {
            return refuse(self, "Expected file with .tape extension".into());
        }
        let text = match self.sources {
            Sources::In(dir) => std::fs::read(dir.join(&path)),
            Sources::None => Err(std::io::ErrorKind::NotFound.into()),
        };
        let text = match text {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return refuse(self, format!("File {path} not found"));
            }
            Err(_) => return refuse(self, format!("Unable to read file: {path}")),
        };
        if text.is_empty() {
            return refuse(self, format!("Source tape: {path} is empty"));
        }
        let (inner, errors) = Parser::new(&text, &Sources::None).parse();
        if inner.iter().any(|c| c.kind == Kind::Source) {
            return refuse(self, "Nested Source detected".into());
        }
        if !errors.is_empty() {
            return refuse(self, format!("{path} has {} errors", errors.len()));
        }
        self.next_token();
        inner
            .into_iter()
            .filter(|c| !matches!(c.kind, Kind::Source | Kind::Output))
            .map(|c| VhsCommand { line, ..c })
            .collect()
    }

    fn screenshot(&mut self, line: usize) -> VhsCommand {
        let mut cmd = VhsCommand { kind: Kind::Screenshot, options: String::new(), args: String::new(), line };
        if self.peek.kind != Kind::String {
            self.error_at_cur("Expected path after Screenshot");
            self.next_token();
            return cmd;
        }
        if go_ext(&self.peek.literal) != ".png" {
            self.error_at_peek("Expected file with .png extension");
            self.next_token();
            return cmd;
        }
        cmd.args = self.peek.literal.clone();
        self.next_token();
        cmd
    }
}

/// Go's `filepath.Ext`: from the last dot of the last path element, or nothing.
pub fn go_ext(path: &str) -> &str {
    let name = &path[path.rfind('/').map_or(0, |i| i + 1)..];
    name.rfind('.').map_or("", |i| &name[i..])
}

/// Seconds of a VHS time (`500ms`, `.5s`, `1m`, the forms its parser makes), as Go's
/// `time.ParseDuration` reads them.
pub fn go_duration(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    Some(match unit {
        "ms" => value / 1000.0,
        "s" => value,
        "m" => value * 60.0,
        _ => return None,
    })
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or(text).trim()
}
