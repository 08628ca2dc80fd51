//! printer-panel: a printer's control panel joining a Wi-Fi router by WPS, in the
//! terminal, on the real registration protocol.
//!
//! `wps` is the sans-IO protocol core; everything else drives it.

pub mod app;
pub mod capture;
pub mod cli;
pub mod decode;
pub mod driver;
pub mod models;
pub mod runtime;
pub mod scenarios;
pub mod simulate;
pub mod tape;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod wps;
