//! printer-panel in a web browser: the very app the terminal runs (the same `App`, `update`
//! and `ui::view`, the same WPS registration and join), driven by the page instead of a
//! terminal. This crate is only that driver: it reads the page's address for the options,
//! turns the browser's keys, clicks and wheel into the panel's events, reads the browser's
//! clock, sleeps until the app's next deadline (never on every animation frame), draws its
//! rows (`rows`: text runs, one `<pre>` per row) only when something visible changed, and hands the capture over
//! as a download.

#![deny(unsafe_code)]

pub mod keys;
pub mod params;

#[cfg(target_arch = "wasm32")]
mod page;
#[cfg(target_arch = "wasm32")]
mod rows;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::prelude::*;

/// Starts the panel in the element `#panel` of the page (called when the module loads).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen(start)]
pub fn start() -> Result<(), JsValue> {
    console_error_panic_hook::set_once();
    page::start()
}

/// Every scenario on every model, followed by the guide's robot in this very module (the
/// registration, its cryptography and the join, as WebAssembly in the browser), one line
/// each: `model scenario reached|missed seconds actions`. The page's tests call it; it
/// draws nothing and leaves the panel as it is.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen]
pub fn rehearse_every_scenario(seed: u64) -> String {
    use printer_panel::app::Options;
    use printer_panel::exercise::check::follow_scenario;
    use printer_panel::sim::models::PRINTER_MODELS;
    use printer_panel::sim::scenarios::SCENARIOS;
    let mut lines = Vec::new();
    for model in PRINTER_MODELS {
        for scenario in SCENARIOS {
            let options = Options { seed: Some(seed), model, scenario, ..Options::default() };
            let run = follow_scenario(options, std::time::Duration::from_secs(30 * 60));
            let said = if run.reached { "reached" } else { "missed" };
            lines.push(format!("{} {} {said} {:.1} {}", model.id, scenario.id, run.at.as_secs_f64(), run.actions));
        }
    }
    lines.join("\n")
}
