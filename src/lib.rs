//! printer-panel: a printer's control panel joining a Wi-Fi router by WPS, in the
//! terminal, on the real registration protocol.
//!
//! `wps` is the sans-IO protocol core; `air` and `world` put its machines on a shared
//! virtual clock; `app` models the printer and router around them (Elm shape) and `ui`
//! draws it; the rest are drivers (the live loop, the headless driver, `simulate`, tapes,
//! and `wire`, the engine on a real Ethernet link).
#![deny(unsafe_code)]

pub mod air;
pub mod app;
pub mod capture;
pub mod cli;
pub mod decode;
pub mod driver;
pub mod explain;
pub mod files;
pub mod format;
pub mod input;
pub mod inspect;
pub mod keys;
pub mod ladder;
pub mod models;
pub mod options;
pub mod record;
pub mod render;
pub mod runtime;
pub mod scenarios;
pub mod simulate;
pub mod tape;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod vhs;
pub mod web;
pub mod wire;
pub mod wlan;
pub mod world;
pub mod wps;
