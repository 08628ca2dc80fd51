//! `--router-web`: the emulated router's admin pages served to a real browser while the
//! panel runs. One router: a form posted here becomes a message for the panel's `update`,
//! like a key; the pages read what the live loop publishes after every step, so the page,
//! the router pane, the ladder and the event log never disagree.
//!
//! Safety: loopback unless an address is given (the panel then warns), a session cookie
//! after login (HttpOnly, SameSite=Strict) that expires when idle, a token on every form,
//! small request bodies, only the embedded stylesheet and script served. Against slow and
//! hostile clients ([`serve`]): a time limit on a request's head (and on the wait for the
//! next one on a kept connection) and on handling it, a cap on connections, only the
//! `Host` names it serves (no DNS rebinding), wrong passwords throttled with a growing
//! wait, and headers that keep the logged-in pages out of caches, referrers and frames.

pub mod pages;
pub mod state;

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// How long a client may take to send a request's head, or to start the next one on a
/// kept-alive connection; then the connection is closed.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request may take to be read and answered (a slow body included); a live
/// update stream is answered at once and is not cut by it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once, at most; more wait in the system's queue until one closes.
/// Fewer when the process may open few files (see [`connection_cap`]).
pub const MAX_CONNECTIONS: usize = 512;

/// How many connections the page takes at once: [`MAX_CONNECTIONS`], or half the files
/// this process may open if that is less, so that held connections never leave the panel
/// without a file to save a capture in (the review's 300 held connections with a limit of
/// 256 did).
pub fn connection_cap() -> usize {
    let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
    open_files_limit(&limits).map_or(MAX_CONNECTIONS, |n| MAX_CONNECTIONS.min(n / 2).max(8))
}

/// The soft limit on open files from `/proc/self/limits` ("Max open files  1024  524288  files").
fn open_files_limit(limits: &str) -> Option<usize> {
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    line["Max open files".len()..].split_whitespace().next()?.parse().ok()
}

/// The page's limits that a test may shorten.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A session not used for this long has ended (its live stream too).
    pub session_idle: Duration,
    /// A login form is good for this long.
    pub login_form: Duration,
    /// Wrong passwords in a row before each further try must wait.
    pub free_tries: u32,
    /// The first wait; it doubles with each wrong password after, up to `longest_wait`.
    pub first_wait: Duration,
    pub longest_wait: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            session_idle: Duration::from_secs(10 * 60),
            login_form: Duration::from_secs(30 * 60),
            free_tries: 3,
            first_wait: Duration::from_secs(5),
            longest_wait: Duration::from_secs(5 * 60),
        }
    }
}

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

struct Session {
    /// The token its forms carry.
    token: String,
    last_used: Instant,
}

#[derive(Default)]
struct Sessions {
    /// Session cookie value to its session.
    open: HashMap<String, Session>,
    /// Wrong passwords in a row, and until when a try must wait.
    failures: u32,
    wait_until: Option<Instant>,
}

#[derive(Clone)]
struct Web {
    backend: Backend,
    label: Label,
    sessions: Arc<Mutex<Sessions>>,
    /// A session ended (logout, expiry): live streams check theirs.
    ended: watch::Sender<u64>,
    /// Signs login forms, so that no number of them handed out expires one (nothing kept).
    form_key: Arc<[u8; 32]>,
    limits: Limits,
    hosts: Arc<Hosts>,
}

/// The `Host` names the page answers to: its own address and port, and `localhost` on a
/// loopback address; on every address (0.0.0.0 or ::), any address literal and `localhost`
/// with its port.
/// Never another name: a page reached by a name that an attacker's DNS points here (DNS
/// rebinding) is refused.
#[derive(Debug, Clone)]
pub struct Hosts {
    local: SocketAddr,
}

impl Hosts {
    pub fn of(local: SocketAddr) -> Hosts {
        Hosts { local }
    }

    pub fn allows(&self, host: &str) -> bool {
        let port = self.local.port();
        let (name, given_port) = match host.rsplit_once(':') {
            // A bare IPv6 literal: its colons are not a port's.
            Some((n, _)) if !n.ends_with(']') && n.contains(':') => (host, None),
            Some((n, p)) => match p.parse::<u16>() {
                Ok(p) => (n, Some(p)),
                Err(_) => return false,
            },
            None => (host, None),
        };
        if given_port.unwrap_or(80) != port {
            return false;
        }
        let name = name.trim_start_matches('[').trim_end_matches(']');
        let ip = self.local.ip();
        match name.parse::<IpAddr>() {
            Ok(given) if ip.is_unspecified() => !given.is_unspecified(),
            Ok(given) => given == ip || (ip.is_loopback() && given.is_loopback()),
            // `localhost` is this machine whatever a DNS says: no rebinding through it.
            Err(_) => (ip.is_loopback() || ip.is_unspecified()) && name.eq_ignore_ascii_case("localhost"),
        }
    }
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

/// A cookie the browser must forget.
fn clear_cookie(name: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{name}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")).expect("a name")
}

/// The page's own stylesheet and script only: no inline script, nothing from elsewhere,
/// forms posted only here, never framed.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                                       connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

fn html(markup: Markup) -> Response {
    let mut r = markup.into_response();
    let h = r.headers_mut();
    // The pages are this router's only: no framing by other sites, no guessing of types, no
    // address sent on to another site (same-origin, not no-referrer: with no-referrer a
    // browser sends `Origin: null` on the page's own forms), nothing kept in a cache (a shared computer's
    // back button must not show the admin pages after logout).
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("content-security-policy", HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    h.insert("referrer-policy", HeaderValue::from_static("same-origin"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// A login form's token: when it was made and a random part, signed with the page's key.
/// It is checked by its signature and age, so a flood of login pages expires no one's.
fn login_token(key: &[u8; 32], made: u64) -> String {
    use rand::Rng;
    let mut nonce = [0u8; 8];
    rand::rng().fill_bytes(&mut nonce);
    let body = format!("{made:016x}{}", hex::encode(nonce));
    format!("{body}{}", hex::encode(&sign(key, &body)[..16]))
}

fn sign(key: &[u8; 32], body: &str) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(body.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Whether `token` is one of this page's login tokens, made at most `life` before `now`.
fn login_token_good(key: &[u8; 32], token: &str, now: u64, life: Duration) -> bool {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return false;
    }
    let (body, signature) = token.split_at(32);
    let Ok(signature) = hex::decode(signature) else { return false };
    let expected = sign(key, body);
    let signed = bool::from(subtle::ConstantTimeEq::ct_eq(&expected[..16], &signature[..]));
    let made = u64::from_str_radix(&body[..16], 16).unwrap_or(0);
    signed && made <= now && now - made <= life.as_secs()
}

/// Seconds on the system's clock (login forms outlive nothing but the process).
fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Web {
    fn page(&self) -> PageState {
        self.backend.page.borrow().clone()
    }

    /// The form token of the session this request carries, if it is open; using it keeps
    /// it open. A session idle for too long has ended.
    fn session(&self, headers: &HeaderMap) -> Option<String> {
        let id = cookie(headers, SESSION_COOKIE)?;
        let mut s = self.sessions.lock().expect("not poisoned");
        let now = Instant::now();
        match s.open.get_mut(&id) {
            Some(session) if now.duration_since(session.last_used) <= self.limits.session_idle => {
                session.last_used = now;
                Some(session.token.clone())
            }
            Some(_) => {
                s.open.remove(&id);
                drop(s);
                self.ended.send_modify(|n| *n += 1);
                None
            }
            None => None,
        }
    }

    /// Whether the session `id` is still open (for its live stream: not a use).
    fn still_open(&self, id: &str) -> bool {
        let s = self.sessions.lock().expect("not poisoned");
        s.open.get(id).is_some_and(|session| session.last_used.elapsed() <= self.limits.session_idle)
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

/// The pages, ready to serve on `local` (the address bound: the `Host` names allowed).
pub fn router(backend: Backend, label: Label, local: SocketAddr) -> Router {
    router_with(backend, label, local, Limits::default())
}

/// [`router`] with its limits given.
pub fn router_with(backend: Backend, label: Label, local: SocketAddr, limits: Limits) -> Router {
    let mut key = [0u8; 32];
    rand::Rng::fill_bytes(&mut rand::rng(), &mut key);
    let web = Web {
        backend,
        label,
        sessions: Arc::default(),
        ended: watch::Sender::new(0),
        form_key: Arc::new(key),
        limits,
        hosts: Arc::new(Hosts::of(local)),
    };
    let guard = web.clone();
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
        .layer(axum::middleware::from_fn_with_state(guard, host_and_origin))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        .with_state(web)
}

/// Only the names the page is served at (see [`Hosts`]); a form only from the page itself
/// (an `Origin` header, when the browser sends one, must name the same host).
async fn host_and_origin(
    State(web): State<Web>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if let Some(refusal) = foreign(&web, request.method(), request.headers()) {
        return refusal;
    }
    next.run(request).await
}

/// The refusal of a request from a name or a site not the page's own, if it is one.
fn foreign(web: &Web, method: &axum::http::Method, headers: &HeaderMap) -> Option<Response> {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    let host = text(header::HOST).unwrap_or_default();
    if !web.hosts.allows(host) {
        let refusal = (StatusCode::MISDIRECTED_REQUEST, "This router's page answers only at its own address.\n");
        return Some(refusal.into_response());
    }
    let from_elsewhere = text(header::ORIGIN).is_some_and(|origin| origin.strip_prefix("http://") != Some(host));
    (method != axum::http::Method::GET && from_elsewhere)
        .then(|| web.refused(StatusCode::FORBIDDEN, "This form was sent from another site."))
}

/// Serves the pages on `listener`: each connection by hyper with a time limit on a
/// request's head (and on the wait for the next one), at most [`connection_cap`] at once;
/// the peer's address goes with each request (the login's log line says it).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) {
    serve_with(listener, router, HEADER_TIMEOUT, connection_cap()).await;
}

/// [`serve`] with its limits given (a test shortens them).
pub async fn serve_with(listener: tokio::net::TcpListener, router: Router, head: Duration, connections: usize) {
    let slots = Arc::new(tokio::sync::Semaphore::new(connections));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else { return };
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors, or a connection gone before it was taken: a moment's
            // pause, rather than a busy loop.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone().layer(axum::Extension(Peer(peer))));
        tokio::spawn(async move {
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(head).max_buf_size(16 * 1024);
            let _ = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service).await;
            drop(slot);
        });
    }
}

/// The address a request came from.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

async fn root(State(web): State<Web>, headers: HeaderMap) -> Redirect {
    Redirect::to(if web.session(&headers).is_some() { "/wps" } else { "/login" })
}

async fn login_form(State(web): State<Web>) -> Response {
    login_page(&web, None)
}

/// The login page with a fresh form (and an error, after a wrong try).
fn login_page(web: &Web, error: Option<&str>) -> Response {
    let token = login_token(&web.form_key, unix_now());
    let mut r = html(pages::login(&web.page(), &token, error));
    r.headers_mut().insert(header::SET_COOKIE, set_cookie(LOGIN_COOKIE, &token));
    r
}

#[derive(Deserialize)]
struct LoginForm {
    password: String,
    token: String,
}

async fn login(
    State(web): State<Web>,
    peer: Option<axum::Extension<Peer>>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let cookie_ok = cookie(&headers, LOGIN_COOKIE).is_some_and(|c| c == form.token);
    if !cookie_ok || !login_token_good(&web.form_key, &form.token, unix_now(), web.limits.login_form) {
        return web.refused(StatusCode::FORBIDDEN, "This form has expired. Open the login page again.");
    }
    let from = peer.map_or(IpAddr::from([127, 0, 0, 1]), |p| p.0.0.ip());
    let now = Instant::now();
    // While tries must wait, the password is not even compared.
    let waiting = web.sessions.lock().expect("not poisoned").wait_until.filter(|until| *until > now);
    if let Some(until) = waiting {
        let secs = until.duration_since(now).as_secs() + 1;
        return login_page(&web, Some(&format!("{} Try again in {secs} s.", pages::TOO_MANY_TRIES)));
    }
    let right = subtle::ConstantTimeEq::ct_eq(form.password.as_bytes(), web.label.password.as_bytes());
    if !bool::from(right) {
        let failure = {
            let mut s = web.sessions.lock().expect("not poisoned");
            s.failures += 1;
            let over = s.failures.saturating_sub(web.limits.free_tries);
            let wait = (over > 0).then(|| {
                let doubled = web.limits.first_wait.saturating_mul(1 << (over - 1).min(16));
                doubled.min(web.limits.longest_wait)
            });
            s.wait_until = wait.map(|w| now + w);
            crate::sim::air::AdminEvent::LoginFailed { from, in_a_row: s.failures, wait }
        };
        web.send(WebRequest::LoginFailed(failure)).await;
        // A new form for the next try, and the words real routers use; nothing else.
        return login_page(&web, Some(pages::WRONG_PASSWORD));
    }
    let (id, form_token) = (random_token(), random_token());
    {
        let mut s = web.sessions.lock().expect("not poisoned");
        s.failures = 0;
        s.wait_until = None;
        // Sessions nobody uses any more are dropped as new ones come.
        let idle = web.limits.session_idle;
        s.open.retain(|_, session| session.last_used.elapsed() <= idle);
        s.open.insert(id.clone(), Session { token: form_token, last_used: now });
    }
    let mut r = Redirect::to("/wps").into_response();
    let h = r.headers_mut();
    h.append(header::SET_COOKIE, set_cookie(SESSION_COOKIE, &id));
    h.append(header::SET_COOKIE, clear_cookie(LOGIN_COOKIE));
    r
}

async fn logout(State(web): State<Web>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie(&headers, SESSION_COOKIE) {
        web.sessions.lock().expect("not poisoned").open.remove(&id);
        // Its live stream ends too.
        web.ended.send_modify(|n| *n += 1);
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().insert(header::SET_COOKIE, clear_cookie(SESSION_COOKIE));
    r
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
    let (Some(_), Some(id)) = (web.session(&headers), cookie(&headers, SESSION_COOKIE)) else {
        return web.refused(StatusCode::UNAUTHORIZED, "You are not logged in (or the session ended).");
    };
    // The page as it is now, then again after every change the loop publishes; each part
    // only when it changed (a countdown second does not resend the list). The stream ends
    // with the panel, when the browser goes away and axum drops it, or when its session
    // ends (logout, or idle too long: checked at each change and each minute).
    let ended = web.ended.subscribe();
    let start = (web.backend.page.clone(), ended, (String::new(), String::new()), true);
    let stream = futures::stream::unfold(start, move |(mut page, mut ended, last, first)| {
        let (web, id) = (web.clone(), id.clone());
        async move {
            if !first {
                tokio::select! {
                    changed = page.changed() => changed.ok()?,
                    _ = ended.changed() => {}
                    _ = tokio::time::sleep(Duration::from_secs(60)) => {}
                }
            }
            if !web.still_open(&id) {
                return None;
            }
            let now = pages::live_html(&page.borrow_and_update());
            let events: Vec<Result<Event, Infallible>> = [("state", &now.0, &last.0), ("clients", &now.1, &last.1)]
                .into_iter()
                .filter(|(_, new, old)| new != old)
                .map(|(name, new, _)| Ok(Event::default().event(name).data(new)))
                .collect();
            Some((futures::stream::iter(events), (page, ended, now, false)))
        }
    })
    .flatten();
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

async fn not_found(State(web): State<Web>) -> Response {
    (StatusCode::NOT_FOUND, html(pages::not_found(&web.page()))).into_response()
}

/// The addresses a browser can reach the page at: the bound one, or on every address
/// (0.0.0.0 or ::), this machine's own (a browser refuses http://0.0.0.0), those other
/// machines can use first.
pub fn reachable_at(local: SocketAddr) -> Vec<SocketAddr> {
    if !local.ip().is_unspecified() {
        return vec![local];
    }
    let mut found: Vec<IpAddr> = ipv4_addresses(&std::fs::read_to_string("/proc/net/fib_trie").unwrap_or_default())
        .into_iter()
        .map(IpAddr::V4)
        .collect();
    if local.is_ipv6() {
        let globals = ipv6_addresses(&std::fs::read_to_string("/proc/net/if_inet6").unwrap_or_default());
        found.extend(globals.into_iter().map(IpAddr::V6));
    }
    if found.is_empty() {
        found.push(IpAddr::from([127, 0, 0, 1]));
    }
    found.sort_by_key(|ip| (ip.is_loopback(), ip.is_ipv6()));
    found.dedup();
    found.into_iter().map(|ip| SocketAddr::new(ip, local.port())).collect()
}

/// This machine's IPv4 addresses, from the kernel's routing table (`/proc/net/fib_trie`:
/// an address line `|-- A.B.C.D` followed by `/32 host LOCAL`).
fn ipv4_addresses(fib_trie: &str) -> Vec<std::net::Ipv4Addr> {
    let mut last = None;
    let mut found = Vec::new();
    for line in fib_trie.lines().map(str::trim) {
        if let Some(address) = line.strip_prefix("|-- ") {
            last = address.parse().ok();
        } else if line == "/32 host LOCAL"
            && let Some(ip) = last.take()
            && !found.contains(&ip)
        {
            found.push(ip);
        }
    }
    found
}

/// This machine's IPv6 addresses other than link-local ones (which need an interface named
/// in the address), from `/proc/net/if_inet6`: 32 hex digits first on each line.
fn ipv6_addresses(if_inet6: &str) -> Vec<std::net::Ipv6Addr> {
    if_inet6
        .lines()
        .filter_map(|line| {
            let hex = line.split_whitespace().next()?;
            let bits = u128::from_str_radix(hex, 16).ok()?;
            let ip = std::net::Ipv6Addr::from(bits);
            ((ip.segments()[0] & 0xffc0) != 0xfe80).then_some(ip)
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_the_page_is_served_at() {
        let loopback = Hosts::of("127.0.0.1:8080".parse().unwrap());
        for good in ["127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080"] {
            assert!(loopback.allows(good), "{good}");
        }
        // DNS rebinding comes by a name; another port is another server.
        for bad in ["evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "", "localhost", "127.0.0.1:x"] {
            assert!(!loopback.allows(bad), "{bad}");
        }
        let everywhere = Hosts::of("0.0.0.0:80".parse().unwrap());
        assert!(everywhere.allows("192.0.2.7") && everywhere.allows("192.0.2.7:80") && everywhere.allows("[fd00::2]"));
        assert!(!everywhere.allows("router.example") && !everywhere.allows("0.0.0.0"));
        assert!(everywhere.allows("localhost"), "this machine's own name, on every address too");
        let one = Hosts::of("192.0.2.7:8080".parse().unwrap());
        assert!(one.allows("192.0.2.7:8080") && !one.allows("192.0.2.8:8080") && !one.allows("localhost:8080"));
    }

    #[test]
    fn the_machines_own_addresses_are_read_from_the_kernel() {
        let trie = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n\
                    \x20          |-- 127.0.0.1\n              /32 host LOCAL\n\
                    \x20       |-- 127.255.255.255\n           /32 link BROADCAST\n\
                    \x20          |-- 192.0.2.2\n              /32 host LOCAL\nLocal:\n\
                    \x20          |-- 127.0.0.1\n              /32 host LOCAL\n";
        assert_eq!(
            ipv4_addresses(trie),
            [std::net::Ipv4Addr::new(127, 0, 0, 1), std::net::Ipv4Addr::new(192, 0, 2, 2)]
        );
        let inet6 = "00000000000000000000000000000001 01 80 10 80       lo\n\
                     fd000000000000000000000000000002 04 40 00 82     eth0\n\
                     fe8000000000000000fc00fffe000001 04 40 20 80     eth0\n";
        let v6: Vec<String> = ipv6_addresses(inet6).iter().map(ToString::to_string).collect();
        assert_eq!(v6, ["::1", "fd00::2"], "link-local left out");
        let here = reachable_at("0.0.0.0:8080".parse().unwrap());
        assert!(!here.is_empty() && here.iter().all(|a| !a.ip().is_unspecified() && a.port() == 8080), "{here:?}");
        assert_eq!(reachable_at("127.0.0.1:9".parse().unwrap()), ["127.0.0.1:9".parse().unwrap()]);
    }

    #[test]
    fn connections_are_capped_by_the_files_the_process_may_open() {
        let limits = "Max cpu time              unlimited            unlimited            seconds\n\
                      Max open files            256                  524288               files\n";
        assert_eq!(open_files_limit(limits), Some(256));
        assert_eq!(open_files_limit("nothing"), None);
        assert!((8..=MAX_CONNECTIONS).contains(&connection_cap()));
    }

    #[test]
    fn login_forms_are_signed_and_age() {
        let key = [7u8; 32];
        let token = login_token(&key, 1000);
        let life = Duration::from_secs(60);
        assert!(login_token_good(&key, &token, 1000, life));
        assert!(login_token_good(&key, &token, 1060, life));
        assert!(!login_token_good(&key, &token, 1061, life), "too old");
        assert!(!login_token_good(&key, &token, 999, life), "from the future");
        assert!(!login_token_good(&[8u8; 32], &token, 1000, life), "another key");
        let mut forged = token.clone().into_bytes();
        forged[20] = if forged[20] == b'0' { b'1' } else { b'0' };
        assert!(!login_token_good(&key, &String::from_utf8(forged).unwrap(), 1000, life), "changed");
        assert!(!login_token_good(&key, "", 1000, life));
        assert!(!login_token_good(&key, &"é".repeat(32), 1000, life));
    }
}
