//! printer-panel in a web browser: the very app the terminal runs (the same `App`, `update`
//! and `ui::view`, the same WPS registration and join), driven by the page instead of a
//! terminal. This crate is only that driver: it reads the page's address for the options,
//! turns the browser's keys, clicks and wheel into the panel's events, reads the browser's
//! clock, sleeps until the app's next deadline (never on every animation frame), draws with
//! ratzilla's DOM backend only when something visible changed, and hands the capture over
//! as a download.

#![deny(unsafe_code)]

pub mod keys;
pub mod params;

#[cfg(target_arch = "wasm32")]
mod page;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Starts the panel in the element `#panel` of the page (called when the module loads).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    page::start()
}
