//! What the router's web pages show, read from the one router the panel has: the same
//! status word, countdown, notice and client list as the router pane, so the two never
//! disagree. The live loop publishes it after every step; the pages and their live updates
//! read it.

use crate::app::App;
use crate::app::router::Status;
use crate::format::countdown;
use crate::sim::models::Security;

/// One device in the client list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRow {
    pub name: String,
    pub mac: String,
    pub ip: String,
}

/// The router's page at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageState {
    pub model: &'static str,
    pub status: &'static str,
    /// "Active · 1:58 left": the status word's detail, the countdown running.
    pub detail: String,
    /// The line under the status, as the router pane words it.
    pub adding: String,
    /// The page's last message, and whether it is an error.
    pub notice: Option<(String, bool)>,
    pub pin_input: String,
    pub clients: Vec<ClientRow>,
    pub ssid: String,
    pub security: Security,
    pub hidden_ssid: bool,
    pub wps_enabled: bool,
    /// Why WPS cannot run with these settings.
    pub wps_unavailable: Option<String>,
    /// The panel's theme is light (`Some(true)`) or dark; `None`: the browser's choice.
    pub light: Option<bool>,
}

impl PageState {
    pub fn of(app: &App) -> PageState {
        let r = app.router();
        let detail = match (r.status, r.countdown()) {
            (Status::Active, Some(d)) => format!("{} left", countdown(d, app.now())),
            _ => String::new(),
        };
        PageState {
            model: r.model.name,
            status: r.status.word(),
            detail,
            adding: crate::ui::router_pane::adding_line(r),
            notice: r.notice.as_ref().map(|n| (n.text(), n.is_error())),
            pin_input: r.pin_input.clone(),
            clients: r
                .clients
                .iter()
                .map(|c| ClientRow { name: c.name.clone(), mac: c.mac.to_string(), ip: c.ip.to_string() })
                .collect(),
            ssid: r.setup.ssid.clone(),
            security: r.setup.security,
            hidden_ssid: r.setup.hidden_ssid,
            wps_enabled: r.setup.wps_enabled,
            wps_unavailable: r.setup.wps_unavailable().map(|why| why.to_string()),
            light: app.theme().is_light(),
        }
    }
}
