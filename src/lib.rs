//! printer-panel: a printer's control panel joining a Wi-Fi router by WPS, in the
//! terminal, on the real registration protocol.
//!
//! `wps` and `wlan` are the sans-IO protocol cores; `sim` puts their machines in a world on
//! a shared virtual clock; `app` models the printer and router around them (Elm shape) and
//! `ui` draws it; `trace` is what crossed the air and what is said of it; the rest are
//! drivers: `live` (the terminal), `driver` (headless), `tape` (play, record, render), `web`
//! (the router's page) and `wire` (the engine on a real Ethernet link).
//!
//! Without the default `native` feature only the portable core builds (everything but the
//! drivers that need a terminal, sockets, signals or files): it runs in a browser as
//! WebAssembly, driven by the page in `web/`.
#![deny(unsafe_code)]

pub mod app;
#[cfg(feature = "native")]
pub mod class;
#[cfg(feature = "native")]
pub mod cli;
pub mod clock;
#[cfg(feature = "native")]
pub mod driver;
pub mod exercise;
#[cfg(feature = "native")]
pub mod files;
pub mod format;
pub mod keys;
#[cfg(feature = "native")]
pub mod live;
#[cfg(feature = "native")]
pub mod options;
pub mod sim;
#[cfg(feature = "native")]
pub mod tape;
pub mod text;
pub mod theme;
pub mod trace;
pub mod ui;
pub mod upnp;
#[cfg(feature = "native")]
pub mod web;
#[cfg(feature = "native")]
pub mod wire;
pub mod wlan;
pub mod wps;
