//! `--router-web`: the emulated router's admin pages served to a real browser while the
//! panel runs. One router: a form posted here becomes a message for the panel's `update`,
//! like a key; the pages read what the live loop publishes after every step, so the page,
//! the router pane, the ladder and the event log never disagree.
//!
//! Safety: loopback unless an address is given (the panel then warns), a session cookie
//! after login (HttpOnly, SameSite=Strict), a token on every form, small request bodies,
//! only the embedded stylesheet and script served.

pub mod pages;
pub mod state;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Form;
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use futures::StreamExt;
use maud::Markup;
use serde::Deserialize;
use tokio::sync::{mpsc, oneshot, watch};

pub use crate::app::WebForm as WebRequest;
pub use state::PageState;

/// The address served when `--router-web` is given without one.
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
/// No form here is longer than this.
pub const BODY_LIMIT: usize = 4096;
const SESSION_COOKIE: &str = "pp_session";
const LOGIN_COOKIE: &str = "pp_login";

/// A request on its way to the panel, and the answer that it was handled.
pub struct WebCall {
    pub request: WebRequest,
    pub done: oneshot::Sender<()>,
}

/// The panel's side of the pages: where requests go, and the page state it publishes.
#[derive(Clone)]
pub struct Backend {
    pub calls: mpsc::Sender<WebCall>,
    pub page: watch::Receiver<PageState>,
}

/// The admin password printed on the router's label.
#[derive(Clone)]
pub struct Label {
    pub password: String,
}

#[derive(Default)]
struct Sessions {
    /// Session cookie value to the token its forms carry.
    open: HashMap<String, String>,
    /// Login tokens handed out with the login form.
    logins: Vec<String>,
}

#[derive(Clone)]
struct Web {
    backend: Backend,
    label: Label,
    sessions: Arc<Mutex<Sessions>>,
}

fn random_token() -> String {
    use rand::Rng;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(name: &str, value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}={value}; HttpOnly; SameSite=Strict; Path=/")).expect("tokens are hex")
}

fn html(markup: Markup) -> Response {
    let mut r = markup.into_response();
    // The pages are this router's only: no framing by other sites, no guessing of types.
    r.headers_mut().insert("x-frame-options", HeaderValue::from_static("DENY"));
    r.headers_mut().insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

impl Web {
    fn page(&self) -> PageState {
        self.backend.page.borrow().clone()
    }

    /// The form token of the session this request carries, if it is open.
    fn session(&self, headers: &HeaderMap) -> Option<String> {
        let id = cookie(headers, SESSION_COOKIE)?;
        self.sessions.lock().expect("not poisoned").open.get(&id).cloned()
    }

    async fn send(&self, request: WebRequest) {
        let (done, handled) = oneshot::channel();
        if self.backend.calls.send(WebCall { request, done }).await.is_ok() {
            let _ = handled.await;
        }
    }

    fn refused(&self, status: StatusCode, why: &str) -> Response {
        (status, html(pages::refused(&self.page(), why))).into_response()
    }
}

/// The pages, ready to serve.
pub fn router(backend: Backend, label: Label) -> Router {
    let web = Web { backend, label, sessions: Arc::default() };
    Router::new()
        .route("/", get(root))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/wps", get(wps_page))
        .route("/wps/push", post(push))
        .route("/wps/pin", post(pin))
        .route("/settings", get(settings_page).post(settings))
        .route("/events", get(events))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], pages::STYLE) }))
        .route(
            "/router.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], pages::SCRIPT) }),
        )
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(web)
}

async fn root(State(web): State<Web>, headers: HeaderMap) -> Redirect {
    Redirect::to(if web.session(&headers).is_some() { "/wps" } else { "/login" })
}

async fn login_form(State(web): State<Web>) -> Response {
    let token = random_token();
    {
        let mut s = web.sessions.lock().expect("not poisoned");
        s.logins.push(token.clone());
        // A page left open is still good; a flood of them is not kept.
        let excess = s.logins.len().saturating_sub(32);
        s.logins.drain(..excess);
    }
    let mut r = html(pages::login(&web.page(), &token, None));
    r.headers_mut().insert(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &token));
    r
}

#[derive(Deserialize)]
struct LoginForm {
    password: String,
    token: String,
}

async fn login(State(web): State<Web>, headers: HeaderMap, Form(form): Form<LoginForm>) -> Response {
    let known = {
        let mut s = web.sessions.lock().expect("not poisoned");
        let cookie_ok = cookie(&headers, LOGIN_COOKIE).is_some_and(|c| c == form.token);
        let position = s.logins.iter().position(|t| *t == form.token);
        match position {
            Some(i) if cookie_ok => {
                s.logins.remove(i);
                true
            }
            _ => false,
        }
    };
    if !known {
        return web.refused(StatusCode::FORBIDDEN, "This form has expired. Open the login page again.");
    }
    let right = subtle::ConstantTimeEq::ct_eq(form.password.as_bytes(), web.label.password.as_bytes());
    if !bool::from(right) {
        // A new form for the next try, and the words real routers use; nothing else.
        let token = random_token();
        web.sessions.lock().expect("not poisoned").logins.push(token.clone());
        let mut r = html(pages::login(&web.page(), &token, Some(pages::WRONG_PASSWORD)));
        r.headers_mut().insert(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &token));
        return r;
    }
    let (id, form_token) = (random_token(), random_token());
    web.sessions.lock().expect("not poisoned").open.insert(id.clone(), form_token);
    let mut r = Redirect::to("/wps").into_response();
    r.headers_mut().insert(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &id));
    r
}

async fn logout(State(web): State<Web>, headers: HeaderMap) -> Redirect {
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        web.sessions.lock().expect("not poisoned").open.remove(&id);
    }
    Redirect::to("/login")
}

async fn wps_page(State(web): State<Web>, headers: HeaderMap) -> Response {
    match web.session(&headers) {
        Some(token) => html(pages::wps(&web.page(), &token)),
        None => Redirect::to("/login").into_response(),
    }
}

async fn settings_page(State(web): State<Web>, headers: HeaderMap) -> Response {
    match web.session(&headers) {
        Some(token) => html(pages::settings(&web.page(), &token)),
        None => Redirect::to("/login").into_response(),
    }
}

/// A posted form's session and token, checked; the response for a refusal.
fn checked(web: &Web, headers: &HeaderMap, token: &str) -> Result<(), Box<Response>> {
    match web.session(headers) {
        None => Err(Box::new(web.refused(StatusCode::UNAUTHORIZED, "You are not logged in (or the session ended)."))),
        Some(expected) if !bool::from(subtle::ConstantTimeEq::ct_eq(expected.as_bytes(), token.as_bytes())) => {
            Err(Box::new(web.refused(StatusCode::FORBIDDEN, "This form's token does not match the session.")))
        }
        Some(_) => Ok(()),
    }
}

#[derive(Deserialize)]
struct TokenForm {
    token: String,
}

async fn push(State(web): State<Web>, headers: HeaderMap, Form(form): Form<TokenForm>) -> Response {
    if let Err(r) = checked(&web, &headers, &form.token) {
        return *r;
    }
    web.send(WebRequest::PushButton).await;
    Redirect::to("/wps").into_response()
}

#[derive(Deserialize)]
struct PinForm {
    token: String,
    pin: String,
}

async fn pin(State(web): State<Web>, headers: HeaderMap, Form(form): Form<PinForm>) -> Response {
    if let Err(r) = checked(&web, &headers, &form.token) {
        return *r;
    }
    // The router checks the PIN again, whatever the page's script said.
    web.send(WebRequest::Pin(form.pin)).await;
    Redirect::to("/wps").into_response()
}

#[derive(Deserialize)]
struct SettingsForm {
    token: String,
    security: String,
    hidden: Option<String>,
    wps: Option<String>,
}

async fn settings(State(web): State<Web>, headers: HeaderMap, Form(form): Form<SettingsForm>) -> Response {
    if let Err(r) = checked(&web, &headers, &form.token) {
        return *r;
    }
    let Some(security) = pages::security_from_id(&form.security) else {
        return web.refused(StatusCode::BAD_REQUEST, "Unknown security mode.");
    };
    let request =
        WebRequest::Settings { security, hidden_ssid: form.hidden.is_some(), wps_enabled: form.wps.is_some() };
    web.send(request).await;
    Redirect::to("/settings").into_response()
}

/// Server-sent events: the live part of the WPS page, sent again whenever it changes.
async fn events(State(web): State<Web>, headers: HeaderMap) -> Response {
    if web.session(&headers).is_none() {
        return web.refused(StatusCode::UNAUTHORIZED, "You are not logged in (or the session ended).");
    }
    // The page as it is now, then again after every change the loop publishes; each part
    // only when it changed (a countdown second does not resend the list). The stream ends
    // with the panel, or when the browser goes away and axum drops it.
    let start = (web.backend.page.clone(), (String::new(), String::new()), true);
    let stream = futures::stream::unfold(start, |(mut page, last, first)| async move {
        if !first && page.changed().await.is_err() {
            return None;
        }
        let now = pages::live_html(&page.borrow_and_update());
        let events: Vec<Result<Event, Infallible>> = [("state", &now.0, &last.0), ("clients", &now.1, &last.1)]
            .into_iter()
            .filter(|(_, new, old)| new != old)
            .map(|(name, new, _)| Ok(Event::default().event(name).data(new)))
            .collect();
        Some((futures::stream::iter(events), (page, now, false)))
    })
    .flatten();
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

async fn not_found(State(web): State<Web>) -> Response {
    (StatusCode::NOT_FOUND, html(pages::not_found(&web.page()))).into_response()
}

/// Binds the address, with an error that says what to do.
pub async fn bind(addr: &str) -> Result<(tokio::net::TcpListener, SocketAddr), String> {
    let parsed: SocketAddr = addr
        .parse()
        .map_err(|_| format!("--router-web {addr}: not an address and port (for example {DEFAULT_ADDR})"))?;
    let listener = tokio::net::TcpListener::bind(parsed).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("cannot serve the router's page on {parsed}: the port is in use; choose another, e.g. --router-web 127.0.0.1:8081")
        }
        std::io::ErrorKind::AddrNotAvailable => {
            format!("cannot serve the router's page on {parsed}: this machine has no such address")
        }
        std::io::ErrorKind::PermissionDenied => {
            format!("cannot serve the router's page on {parsed}: permission denied (ports below 1024 need root)")
        }
        _ => format!("cannot serve the router's page on {parsed}: {e}"),
    })?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    Ok((listener, local))
}
