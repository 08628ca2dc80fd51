//! VHS's tape language, once: its lexer (`lexer`) and its parser (`parser`), with its
//! tokens, rules and error messages, read from VHS's own source. `play --check` reports
//! what this parser refuses, and the player plays what it accepts (`tape::command` gives
//! the commands their types), so the two never disagree with each other or with VHS.

pub mod lexer;
pub mod parser;

pub use lexer::Kind;
pub use parser::{Sources, VhsCommand, VhsError};

/// A tape read as VHS reads it: its commands and every error, in order.
pub fn parse(text: &str, sources: &Sources) -> (Vec<VhsCommand>, Vec<VhsError>) {
    parser::Parser::new(text, sources).parse()
}

/// Every error VHS would report for a tape, as (line, message); VHS also refuses a tape
/// without a command.
pub fn check(text: &str, sources: &Sources) -> Vec<(usize, String)> {
    let (commands, errors) = parse(text, sources);
    let mut found: Vec<(usize, String)> = errors.into_iter().map(|e| (e.line, e.message)).collect();
    if found.is_empty() && commands.is_empty() {
        found.push((1, "the tape has no commands".into()));
    }
    found
}

/// Whether VHS has a setting of this name.
pub fn is_setting(name: &str) -> bool {
    Kind::of_word(name).is_setting()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(tape: &str) -> Vec<String> {
        parse(tape, &Sources::None)
            .1
            .into_iter()
            .map(|e| format!("{:2}:{:<2} │ {}", e.line, e.column, e.message))
            .collect()
    }

    /// VHS's own parser test (TestParserErrors), its four errors word for word.
    #[test]
    fn vhs_parser_errors() {
        let tape = "\nType Enter\nType \"echo 'Hello, World!'\" Enter\nFoo\nSleep Bar";
        assert_eq!(
            errors(tape),
            [
                " 2:6  │ Type expects string",
                " 4:1  │ Invalid command: Foo",
                " 5:1  │ Expected time after Sleep",
                " 5:7  │ Invalid command: Bar",
            ]
        );
    }

    #[test]
    fn what_vhs_refuses() {
        let tape = "Output demo.gif\nSet FontSize 14\nSet Theme \"Builtin Dark\"\nHome\nDown@500ms 2\nSleep 1s\n\
                    Type@200ms \"6045\"\nSet Colour red\nWait+Screen@10s /Success/\nCtrl+C\nEnd 3\nSleep soon\n\
                    Set LoopOffset 20%\nScreenshot a.png\nFrobnicate\n";
        let found: Vec<usize> = check(tape, &Sources::None).into_iter().map(|(line, _)| line).collect();
        // Home; Colour (its value is taken with it); End and its 3; Sleep without a time and
        // soon; Frobnicate.
        assert_eq!(found, vec![4, 8, 11, 11, 12, 12, 15]);
        assert!(check(include_str!("../../../demo.tape"), &Sources::None).is_empty());
    }
}
