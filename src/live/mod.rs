//! The live terminal: the loop that wakes on input, a signal or the next visible change
//! (`runtime`), and the terminal's modes, taken and always given back (`terminal`).

pub mod panel;
pub mod runtime;
pub mod terminal;
