//! printer-panel: a printer's control panel joining a Wi-Fi router by WPS, in the
//! terminal, on the real registration protocol.
//!
//! `wps` and `wlan` are the sans-IO protocol cores; `sim` puts their machines in a world on
//! a shared virtual clock; `app` models the printer and router around them (Elm shape) and
//! `ui` draws it; `trace` is what crossed the air and what is said of it; the rest are
//! drivers: `live` (the terminal), `driver` (headless), `tape` (play, record, render), `web`
//! (the router's page) and `wire` (the engine on a real Ethernet link).
#![deny(unsafe_code)]

pub mod app;
pub mod class;
pub mod cli;
pub mod driver;
pub mod exercise;
pub mod files;
pub mod format;
pub mod keys;
pub mod live;
pub mod options;
pub mod sim;
pub mod tape;
pub mod text;
pub mod theme;
pub mod trace;
pub mod ui;
pub mod web;
pub mod wire;
pub mod wlan;
pub mod wps;
