//! The router's admin pages, as a home router draws them (a generic brand): login,
//! Wireless > WPS, Wireless settings. Plain HTML forms that work without script; a little
//! embedded script adds the live updates and checks a PIN's check digit before sending.
//! maud escapes every value it writes.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::state::PageState;
use crate::sim::models::Security;

pub const STYLE: &str = include_str!("assets/router.css");
pub const SCRIPT: &str = include_str!("assets/router.js");

/// What real routers answer to a wrong admin password, and nothing more.
pub const WRONG_PASSWORD: &str = "The password is incorrect. Please try again.";
/// What the login page says while tries must wait (after several wrong passwords).
pub const TOO_MANY_TRIES: &str = "Too many failed attempts.";

/// How the page decides light or dark: the panel's theme when it paints its own background,
/// else the browser's (the system's) choice.
fn scheme(light: Option<bool>) -> &'static str {
    match light {
        Some(true) => "light",
        Some(false) => "dark",
        None => "auto",
    }
}

fn frame(title: &str, s: &PageState, nav: Option<&str>, body: Markup) -> Markup {
    let model = s.model;
    html! {
        (DOCTYPE)
        html lang="en" data-scheme=(scheme(s.light)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (model) }
                link rel="stylesheet" href="/style.css";
            }
            body {
                header {
                    span.brand { (model) }
                    span.model { "Router settings" }
                    @if nav.is_some() {
                        form.logout method="post" action="/logout" {
                            button type="submit" { "Log out" }
                        }
                    }
                }
                div.layout {
                    @if let Some(current) = nav {
                        nav {
                            p.section { "Wireless" }
                            a href="/wps" class=[(current == "wps").then_some("current")] { "WPS" }
                            a href="/settings" class=[(current == "settings").then_some("current")] { "Wireless Settings" }
                        }
                    }
                    main { (body) }
                }
                script src="/router.js" {}
            }
        }
    }
}

pub fn login(s: &PageState, token: &str, error: Option<&str>) -> Markup {
    frame(
        "Log in",
        s,
        None,
        html! {
            h1 { "Log in" }
            p { "Enter the admin password printed on the label under your router." }
            form method="post" action="/login" {
                input type="hidden" name="token" value=(token);
                label for="password" { "Password" }
                input id="password" name="password" type="password" autocomplete="current-password" autofocus;
                @if let Some(e) = error {
                    p.error role="alert" { (e) }
                }
                button.primary type="submit" { "Log In" }
            }
        },
    )
}

/// The parts of the WPS page that change by themselves (the status, the client list): sent
/// again, whole, on every change.
pub fn live(s: &PageState) -> Markup {
    html! {
        div.status-row {
            span.label { "WPS status" }
            span.status data-status=(s.status) { (s.status) }
            @if !s.detail.is_empty() { span.detail { " · " (s.detail) } }
        }
        p.adding { (s.adding) }
        @if let Some((text, error)) = &s.notice {
            p class=(if *error { "notice error" } else { "notice" }) role="status" { (text) }
        }
    }
}

pub fn clients(s: &PageState) -> Markup {
    html! {
        table.clients {
            thead { tr { th { "Name" } th { "MAC address" } th { "IP address" } } }
            tbody {
                @for c in &s.clients {
                    tr { td { (c.name) } td.mono { (c.mac) } td.mono { (c.ip) } }
                }
            }
        }
    }
}

pub fn wps(s: &PageState, token: &str) -> Markup {
    frame(
        "Wireless › WPS",
        s,
        Some("wps"),
        html! {
            h1 { "Wi-Fi Protected Setup" }
            div #live aria-live="polite" { (live(s)) }
            h2 { "Add a device" }
            p { "Press Push Button here, then the WPS button of the device within 2 minutes. Or type the PIN the device shows on its own screen, then Connect." }
            form.row method="post" action="/wps/push" {
                input type="hidden" name="token" value=(token);
                button.primary #push type="submit" { "Push Button (Recommended)" }
            }
            form.row method="post" action="/wps/pin" data-pin {
                input type="hidden" name="token" value=(token);
                label for="pin" { "Client's PIN" }
                input #pin name="pin" inputmode="numeric" maxlength="12" autocomplete="off" value=(s.pin_input);
                button #connect type="submit" { "Connect" }
                p #pin-error.error role="alert" {}
            }
            h2 { "Clients" }
            div #clients { (clients(s)) }
        },
    )
}

pub fn settings(s: &PageState, token: &str) -> Markup {
    let securities =
        [Security::Wpa2Personal, Security::Wpa2Wpa3Personal, Security::Wpa3Personal, Security::WpaTkip, Security::Wep];
    frame(
        "Wireless Settings",
        s,
        Some("settings"),
        html! {
            h1 { "Wireless Settings" }
            @if let Some(why) = &s.wps_unavailable {
                p.notice.error { (why) }
            }
            form method="post" action="/settings" {
                input type="hidden" name="token" value=(token);
                p { span.label { "Network name" } span.mono { (s.ssid) } }
                label for="security" { "Security" }
                select #security name="security" {
                    @for sec in securities {
                        option value=(security_id(sec)) selected[sec == s.security] { (sec.label()) }
                    }
                }
                label.check { input type="checkbox" name="hidden" value="on" checked[s.hidden_ssid]; " Hide the network name" }
                label.check { input type="checkbox" name="wps" value="on" checked[s.wps_enabled]; " WPS on" }
                button.primary type="submit" { "Save" }
            }
        },
    )
}

pub fn not_found(s: &PageState) -> Markup {
    frame("Not found", s, None, html! { h1 { "Page not found" } p { a href="/" { "Back to the router's page" } } })
}

/// A plain page for a refused request (an expired session, a missing token).
pub fn refused(s: &PageState, why: &str) -> Markup {
    frame("Refused", s, None, html! { h1 { "Request refused" } p { (why) } p { a href="/login" { "Log in again" } } })
}

pub fn security_id(s: Security) -> &'static str {
    match s {
        Security::Wpa2Personal => "wpa2",
        Security::Wpa2Wpa3Personal => "wpa2-wpa3",
        Security::Wpa3Personal => "wpa3",
        Security::WpaTkip => "tkip",
        Security::Wep => "wep",
    }
}

pub fn security_from_id(id: &str) -> Option<Security> {
    [Security::Wpa2Personal, Security::Wpa2Wpa3Personal, Security::Wpa3Personal, Security::WpaTkip, Security::Wep]
        .into_iter()
        .find(|s| security_id(*s) == id)
}

/// The live parts as HTML for server-sent events: the status, then the client list.
pub fn live_html(s: &PageState) -> (String, String) {
    let (PreEscaped(status), PreEscaped(list)) = (live(s), clients(s));
    (status, list)
}
