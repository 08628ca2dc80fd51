//! The router's web page (`--router-web`), served in-process to a panel on a virtual
//! clock: HTTP-level checks (login, forms, tokens, limits, live updates, one router shared
//! with the panel), and Debian's chromium, headless over WebDriver, as the learner's browser.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use printer_panel::app::printer::Link;
use printer_panel::app::{App, Msg, Options};
use printer_panel::driver::Headless;
use printer_panel::keys::event::KeyCode;
use printer_panel::web::{self, Backend, Label, PageState, WebCall};
use tokio::sync::{mpsc, watch};

mod common;
use common::browser::{Browser, tool};

/// A panel and its router page: the panel's clock runs `speed` times faster than real time
/// (0: it stands still and the test moves it).
struct Lab {
    addr: SocketAddr,
    panel: Arc<Mutex<Headless>>,
    page: Arc<watch::Sender<PageState>>,
    password: String,
}

impl Lab {
    fn start(speed: u32) -> Lab {
        Lab::start_with(speed, web::Limits::default(), web::HEADER_TIMEOUT, web::MAX_CONNECTIONS)
    }

    /// A lab whose page has these limits (a test shortens them).
    fn start_with(speed: u32, limits: web::Limits, head: Duration, connections: usize) -> Lab {
        let options = Options { seed: Some(21), router_web: Some("127.0.0.1".into()), ..Options::default() };
        let headless = Headless::new(App::new(options), 120, 36);
        let password = headless.app.world().admin_password.clone();
        let (page_tx, page_rx) = watch::channel(PageState::of(&headless.app));
        let page = Arc::new(page_tx);
        let (calls_tx, mut calls) = mpsc::channel::<WebCall>(16);
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let backend = Backend { calls: calls_tx, page: page_rx };
        let label = Label { password: password.clone() };
        let panel = Arc::new(Mutex::new(headless));
        let (p, pg) = (panel.clone(), page.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            rt.block_on(async move {
                let (listener, addr) = web::bind("127.0.0.1:0").await.unwrap();
                addr_tx.send(addr).unwrap();
                let router = web::router_with(backend, label, addr, limits);
                tokio::spawn(web::serve_with(listener, router, head, connections));
                // The panel's side, as the live loop does it: a form is a message for update.
                loop {
                    tokio::select! {
                        Some(call) = calls.recv() => {
                            let mut h = p.lock().unwrap();
                            h.update(Msg::Web(call.request));
                            pg.send_replace(PageState::of(&h.app));
                            let _ = call.done.send(());
                        }
                        _ = tokio::time::sleep(Duration::from_millis(20)) => if speed > 0 {
                            let mut h = p.lock().unwrap();
                            h.advance(Duration::from_millis(20) * speed);
                            pg.send_replace(PageState::of(&h.app));
                        }
                    }
                }
            });
        });
        let addr = addr_rx.recv_timeout(Duration::from_secs(10)).expect("the server binds");
        Lab { addr, panel, page, password }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The panel did something (a key): the page hears of it, as after a draw.
    fn with_panel<T>(&self, f: impl FnOnce(&mut Headless) -> T) -> T {
        let mut h = self.panel.lock().unwrap();
        let out = f(&mut h);
        self.page.send_replace(PageState::of(&h.app));
        out
    }
}

/// A browser without script: cookies kept by hand, redirects not followed.
struct Client {
    agent: ureq::Agent,
    cookies: Vec<(String, String)>,
}

struct Reply {
    status: u16,
    location: Option<String>,
    body: String,
}

impl Client {
    fn new() -> Client {
        let config = ureq::Agent::config_builder().max_redirects(0).http_status_as_error(false).build();
        Client { agent: config.into(), cookies: Vec::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep(&mut self, r: &ureq::http::Response<ureq::Body>) {
        for v in r.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            assert!(v.contains("HttpOnly") && v.contains("SameSite=Strict"), "{v}");
            let (k, rest) = v.split_once('=').unwrap();
            let value = rest.split(';').next().unwrap().to_string();
            self.cookies.retain(|(name, _)| name != k);
            self.cookies.push((k.to_string(), value));
        }
    }

    fn reply(&mut self, mut r: ureq::http::Response<ureq::Body>) -> Reply {
        self.keep(&r);
        let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string());
        Reply { status: r.status().as_u16(), location, body: r.body_mut().read_to_string().unwrap_or_default() }
    }

    fn get(&mut self, url: &str) -> Reply {
        let r = self.agent.get(url).header("cookie", &self.cookie_header()).call().unwrap();
        self.reply(r)
    }

    fn post(&mut self, url: &str, form: &[(&str, &str)]) -> Reply {
        let r = self.agent.post(url).header("cookie", &self.cookie_header()).send_form(form.iter().copied()).unwrap();
        self.reply(r)
    }
}

/// The value of the first `name="token"` field of a page.
fn token(body: &str) -> String {
    let at = body.find("name=\"token\" value=\"").expect("a form with a token") + 20;
    body[at..].split('"').next().unwrap().to_string()
}

fn logged_in(lab: &Lab) -> (Client, String) {
    let mut c = Client::new();
    let login = c.get(&lab.url("/login"));
    let r = c.post(&lab.url("/login"), &[("token", &token(&login.body)), ("password", &lab.password)]);
    assert_eq!((r.status, r.location.as_deref()), (303, Some("/wps")));
    let page = c.get(&lab.url("/wps"));
    assert_eq!(page.status, 200);
    let t = token(&page.body);
    (c, t)
}

#[test]
fn login_right_wrong_and_without_a_session() {
    let lab = Lab::start(0);
    let mut c = Client::new();
    assert_eq!(c.get(&lab.url("/wps")).location.as_deref(), Some("/login"), "no cookie: to the login page");
    let login = c.get(&lab.url("/login"));
    assert!(login.body.contains("label under your router"));
    let wrong = c.post(&lab.url("/login"), &[("token", &token(&login.body)), ("password", "admin")]);
    assert_eq!(wrong.status, 200);
    assert!(wrong.body.contains("The password is incorrect. Please try again."));
    assert!(!wrong.body.contains(&lab.password), "nothing else is said");
    // A login token that is not the page's, or without its cookie, is refused.
    let forged = format!("{}0000000000000000", &token(&login.body)[..48]);
    let refused = c.post(&lab.url("/login"), &[("token", &forged), ("password", &lab.password)]);
    assert_eq!(refused.status, 403);
    let mut stranger = Client::new();
    let refused = stranger.post(&lab.url("/login"), &[("token", &token(&wrong.body)), ("password", &lab.password)]);
    assert_eq!(refused.status, 403);
    let right = c.post(&lab.url("/login"), &[("token", &token(&wrong.body)), ("password", &lab.password)]);
    assert_eq!(right.location.as_deref(), Some("/wps"));
    assert!(c.get(&lab.url("/wps")).body.contains("Wi-Fi Protected Setup"));
    // Logged out: the session is gone.
    let t = token(&c.get(&lab.url("/wps")).body);
    c.post(&lab.url("/logout"), &[("token", &t)]);
    assert_eq!(c.get(&lab.url("/wps")).location.as_deref(), Some("/login"));
}

#[test]
fn every_form_needs_the_session_and_its_token() {
    let lab = Lab::start(0);
    let (mut c, t) = logged_in(&lab);
    assert_eq!(c.post(&lab.url("/wps/push"), &[("token", "0123456789abcdef0123456789abcdef")]).status, 403);
    let mut stranger = Client::new();
    assert_eq!(stranger.post(&lab.url("/wps/push"), &[("token", &t)]).status, 401, "the token without the cookie");
    assert_eq!(c.post(&lab.url("/settings"), &[("token", &t), ("security", "rot13")]).status, 400);
    assert!(lab.with_panel(|h| h.app.router().pbc_until.is_none()), "nothing refused did anything");
    // Limits: a body over 4 KiB is refused before it is read; unknown paths are 404; only
    // the embedded assets are files.
    let big = "a".repeat(10_000);
    assert_eq!(c.post(&lab.url("/wps/pin"), &[("token", &t), ("pin", &big)]).status, 413);
    assert_eq!(c.get(&lab.url("/../Cargo.toml")).status, 404);
    assert_eq!(c.get(&lab.url("/style.css")).status, 200);
}

#[test]
fn the_page_and_the_pane_are_one_router() {
    let lab = Lab::start(0);
    let (mut c, t) = logged_in(&lab);
    // From the page to the pane, the ladder and the log.
    assert_eq!(c.post(&lab.url("/wps/push"), &[("token", &t)]).location.as_deref(), Some("/wps"));
    let (screen, events) = lab.with_panel(|h| (h.screen(), h.app.logged_wps_of(printer_panel::sim::air::Node::Router)));
    assert!(screen.contains("WPS status   Active · 2:00 left"), "{screen}");
    assert_eq!(events, ["WPS-PBC-ACTIVE"]);
    assert!(c.get(&lab.url("/wps")).body.contains("data-status=\"Active\""));
    // A PIN with a bad check digit: refused by the router itself, in the pane's words.
    c.post(&lab.url("/wps/pin"), &[("token", &t), ("pin", "1234-5678")]);
    let page = c.get(&lab.url("/wps")).body;
    assert!(page.contains("Invalid PIN: a digit is wrong (the check digit does not match)"), "{page}");
    assert!(lab.with_panel(|h| h.screen().contains("Invalid PIN")));
    // From the pane to the page: settings changed on the panel show on the page, and the
    // page's settings show on the pane.
    c.post(&lab.url("/settings"), &[("token", &t), ("security", "wep"), ("wps", "on")]);
    assert!(lab.with_panel(|h| h.screen().contains("WEP")), "the pane shows the page's settings");
    let settings = c.get(&lab.url("/settings")).body;
    assert!(settings.contains("WPS is disabled: WEP security is not allowed with WPS."), "{settings}");
    // Markup in what the page shows is escaped, never markup.
    assert!(!settings.contains("<script>alert"));
}

#[test]
fn live_updates_reach_an_open_page_without_reloading() {
    let lab = Lab::start(0);
    let (c, t) = logged_in(&lab);
    let cookie = c.cookie_header();
    let url = lab.url("/events");
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let mut r = agent.get(&url).header("cookie", &cookie).call().unwrap();
        assert!(r.headers().get("content-type").unwrap().to_str().unwrap().starts_with("text/event-stream"));
        let mut body = r.body_mut().as_reader();
        let mut seen = String::new();
        let mut buf = [0u8; 4096];
        while !seen.contains("data-status=\"Active\"") {
            let n = body.read(&mut buf).unwrap();
            assert!(n > 0, "the stream ended: {seen}");
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        seen
    });
    std::thread::sleep(Duration::from_millis(300));
    // The router's button pressed on the panel, not on the page.
    lab.with_panel(|h| h.key(KeyCode::Char('b')));
    let seen = reader.join().unwrap();
    assert!(seen.starts_with("event: state\ndata: "), "{seen}");
    assert!(seen.contains("data-status=\"Idle\""), "the first event is the page as it was");
    let _ = t;
}

/// The review's slow and hostile clients: connections that send nothing are closed after
/// the head's time limit, and while the page's connections are all taken a new visitor
/// waits for one (in the system's queue) rather than the page falling over.
#[test]
fn slow_clients_are_cut_off_and_connections_are_capped() {
    use std::io::{Read, Write};
    let lab = Lab::start_with(0, web::Limits::default(), Duration::from_millis(800), 4);
    let idle: Vec<std::net::TcpStream> = (0..4).map(|_| std::net::TcpStream::connect(lab.addr).unwrap()).collect();
    let mut partial = std::net::TcpStream::connect(lab.addr).unwrap();
    partial.write_all(b"GET /login HTTP/1.1\r\nHost: ").unwrap();
    // A fifth visitor is served once the idle ones are cut off.
    let mut c = Client::new();
    assert_eq!(c.get(&lab.url("/login")).status, 200);
    for mut stream in idle.into_iter().chain([partial]) {
        // A guard against a hang, not a timing: the server must close it.
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut buf = Vec::new();
        let read = stream.read_to_end(&mut buf);
        assert!(read.is_ok(), "the server closed the connection: {read:?}");
        assert!(!String::from_utf8_lossy(&buf).contains("200 OK"), "nothing was served to it");
    }
}

/// Only the page's own names (a page reached through DNS rebinding comes by another), and
/// forms only from the page (a foreign Origin); every page behind the login is kept out of
/// caches, referrers and frames, and runs only its own script.
#[test]
fn foreign_hosts_and_origins_are_refused_and_pages_carry_their_protections() {
    let lab = Lab::start(0);
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
    let foreign = agent.get(&lab.url("/login")).header("host", "rebound.example").call().unwrap();
    assert_eq!(foreign.status().as_u16(), 421);
    let port = lab.addr.port();
    let named = agent.get(&lab.url("/login")).header("host", &format!("localhost:{port}")).call().unwrap();
    assert_eq!(named.status().as_u16(), 200);
    let (mut c, t) = logged_in(&lab);
    let from_elsewhere = agent
        .post(&lab.url("/wps/push"))
        .header("cookie", &c.cookie_header())
        .header("origin", "http://rebound.example")
        .send_form([("token", t.as_str())])
        .unwrap();
    assert_eq!(from_elsewhere.status().as_u16(), 403);
    assert!(lab.with_panel(|h| h.app.router().pbc_until.is_none()), "the foreign form did nothing");
    let own = format!("http://{}", lab.addr);
    let from_here = agent
        .post(&lab.url("/wps/push"))
        .header("cookie", &c.cookie_header())
        .header("origin", &own)
        .send_form([("token", t.as_str())])
        .unwrap();
    assert_eq!(from_here.status().as_u16(), 303);
    let page = agent.get(&lab.url("/wps")).header("cookie", &c.cookie_header()).call().unwrap();
    let h = page.headers();
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(h.get("referrer-policy").unwrap(), "same-origin");
    assert_eq!(h.get("cache-control").unwrap(), "no-store");
    let _ = c.get(&lab.url("/wps"));
}

/// Wrong passwords: three are free, then each try waits, longer each time, and even the
/// right password waits; each is a line in the router's log with where it came from. A
/// flood of login pages expires nobody's form.
#[test]
fn wrong_logins_are_throttled_and_logged() {
    let limits = web::Limits {
        first_wait: Duration::from_secs(1),
        longest_wait: Duration::from_secs(3),
        ..web::Limits::default()
    };
    let lab = Lab::start_with(0, limits, web::HEADER_TIMEOUT, web::MAX_CONNECTIONS);
    let mut c = Client::new();
    let first = c.get(&lab.url("/login"));
    let mut flood = Client::new();
    for _ in 0..200 {
        flood.get(&lab.url("/login"));
    }
    let mut form = first.body;
    for n in 1..=4 {
        let r = c.post(&lab.url("/login"), &[("token", &token(&form)), ("password", "admin")]);
        assert_eq!(r.status, 200, "try {n}");
        assert!(r.body.contains("The password is incorrect."), "try {n}");
        form = r.body;
    }
    // The fourth wrong one made tries wait a second: the right password now is not tried.
    let r = c.post(&lab.url("/login"), &[("token", &token(&form)), ("password", &lab.password)]);
    assert!(r.body.contains("Too many failed attempts. Try again in"), "{}", r.body);
    assert_eq!(r.location, None);
    let log = lab.with_panel(|h| h.screen());
    let lines: Vec<String> = lab.with_panel(|h| {
        h.app.log().iter().map(|l| l.entry.event.to_string()).filter(|l| l.starts_with("admin:")).collect()
    });
    assert_eq!(
        lines,
        [
            "admin: failed login from 127.0.0.1 (1 in a row)",
            "admin: failed login from 127.0.0.1 (2 in a row)",
            "admin: failed login from 127.0.0.1 (3 in a row)",
            "admin: failed login from 127.0.0.1 (4 in a row); login blocked for 1 s",
        ],
        "{log}"
    );
    std::thread::sleep(Duration::from_millis(1200));
    let r = c.post(&lab.url("/login"), &[("token", &token(&r.body)), ("password", &lab.password)]);
    assert_eq!(r.location.as_deref(), Some("/wps"), "after the wait, with the form from before the flood");
}

/// Logging out clears the cookie and ends the live stream; a session left idle ends.
#[test]
fn logout_and_idle_sessions_end_everything() {
    let limits = web::Limits { session_idle: Duration::from_secs(2), ..web::Limits::default() };
    let lab = Lab::start_with(0, limits, web::HEADER_TIMEOUT, web::MAX_CONNECTIONS);
    let (mut c, t) = logged_in(&lab);
    let cookie = c.cookie_header();
    let url = lab.url("/events");
    let reader = std::thread::spawn(move || {
        use std::io::Read;
        let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
        let mut r = agent.get(&url).header("cookie", &cookie).call().unwrap();
        let mut body = r.body_mut().as_reader();
        let mut seen = Vec::new();
        // Until the stream ends (a guard against a hang: 30 s).
        let started = std::time::Instant::now();
        let mut buf = [0u8; 4096];
        while started.elapsed() < Duration::from_secs(30) {
            match body.read(&mut buf) {
                Ok(0) | Err(_) => return (true, seen),
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        (false, seen)
    });
    std::thread::sleep(Duration::from_millis(300));
    let out = c.post(&lab.url("/logout"), &[("token", &t)]);
    assert_eq!(out.location.as_deref(), Some("/login"));
    assert!(c.cookies.iter().any(|(k, v)| k == "pp_session" && v.is_empty()), "the cookie is cleared");
    let (ended, seen) = reader.join().unwrap();
    assert!(ended, "the live stream ended with the session: {}", String::from_utf8_lossy(&seen));
    // Idle: a session not used for longer than its limit has ended.
    let (mut c, _) = logged_in(&lab);
    std::thread::sleep(Duration::from_millis(2300));
    assert_eq!(c.get(&lab.url("/wps")).location.as_deref(), Some("/login"));
}

/// Requests as a hostile client sends them, generated: any method, path, Host, Origin and
/// cookie, a body that may not match its length, bytes that are not HTTP at all. Each gets
/// an answer or a closed connection (within a bound, never a hang), never a server error;
/// none changes the router (no request carries a session's token); the page still serves.
#[test]
fn hostile_requests_get_clear_answers_and_change_nothing() {
    use proptest::prelude::*;
    use std::io::{Read, Write};
    let lab = Lab::start_with(0, web::Limits::default(), Duration::from_millis(1500), web::MAX_CONNECTIONS);
    let port = lab.addr.port();
    let before = lab.with_panel(|h| (h.app.router().setup.clone(), h.app.router().pbc_until));
    let methods = prop::sample::select(vec!["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "G\u{0}T", "POST "]);
    let paths = prop::sample::select(vec![
        "/",
        "/login",
        "/logout",
        "/wps",
        "/wps/push",
        "/wps/pin",
        "/settings",
        "/events",
        "/style.css",
        "/../../etc/passwd",
        "/%2e%2e/Cargo.toml",
        "//wps",
        "/wps?token=x",
        "*",
        "/\u{202e}",
    ]);
    let hosts = prop::sample::select(vec![
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "rebound.example".into(),
        String::new(),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "[::1]".into(),
    ]);
    let origins = prop::sample::select(vec!["", "http://rebound.example", "null", "http://127.0.0.1"]);
    let bodies = prop::collection::vec(any::<u8>(), 0..6000);
    let strategy = (methods, paths, hosts, origins, any::<bool>(), bodies, any::<i16>(), any::<bool>());
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 96,
        failure_persistence: None,
        ..Default::default()
    });
    runner
        .run(&strategy, |(method, path, host, origin, cookie, body, skew, raw)| {
            let mut stream = std::net::TcpStream::connect(lab.addr).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            let request = if raw {
                // Not HTTP: the body's bytes alone.
                body.clone()
            } else {
                let length = (body.len() as i64 + i64::from(skew % 64)).max(0);
                let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n");
                head.push_str("Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n");
                if !origin.is_empty() {
                    head.push_str(&format!("Origin: {origin}\r\n"));
                }
                if cookie {
                    head.push_str("Cookie: pp_session=0123456789abcdef0123456789abcdef; pp_login=zz\r\n");
                }
                head.push_str("\r\n");
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                bytes
            };
            let _ = stream.write_all(&request);
            let _ = stream.shutdown(std::net::Shutdown::Write);
            let mut answer = Vec::new();
            let read = stream.read_to_end(&mut answer);
            prop_assert!(read.is_ok(), "an answer or a close, not a hang: {read:?}");
            let text = String::from_utf8_lossy(&answer);
            if let Some(status) = text.strip_prefix("HTTP/1.1 ").and_then(|t| t.get(..3)) {
                let code: u16 = status.parse().unwrap_or(0);
                prop_assert!((200..500).contains(&code), "{text}");
            }
            Ok(())
        })
        .unwrap();
    let after = lab.with_panel(|h| (h.app.router().setup.clone(), h.app.router().pbc_until));
    assert_eq!(before, after, "no hostile request changed the router");
    assert_eq!(Client::new().get(&lab.url("/login")).status, 200, "and the page still serves");
}

// --- the real browser (tests/common/browser.rs) ----------------------------------------

/// The learner's path in a real browser: log in with the label's password, read the PIN off
/// the printer's LCD (the panel, not the page), type it, Connect, and see Success while the
/// panel shows the printer connected and listed; then push button after the printer's
/// Wi-Fi button is held. The page is photographed and the PNG checked.
#[test]
fn chromium_logs_in_types_the_lcds_pin_and_sees_success() {
    if !tool("chromium") || !tool("chromedriver") {
        return;
    }
    let lab = Lab::start(10);
    let browser = Browser::start();
    browser.open(&lab.url("/"));
    browser.type_into("#password", &lab.password);
    browser.click("button.primary");
    assert!(browser.wait_for("h1", "Wi-Fi Protected Setup", Duration::from_secs(10)));
    // The PIN as the LCD shows it: Settings > Wireless > Wi-Fi Protected Setup > PIN.
    let pin = lab.with_panel(|h| {
        for key in [
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Down,
            KeyCode::Enter,
        ] {
            h.key(key);
        }
        let screen = h.screen();
        let re = regex::Regex::new(r"│ *(\d{4}-\d{4}) *│").unwrap();
        re.captures(&screen).map(|c| c[1].to_string()).unwrap_or_else(|| panic!("no PIN on the LCD:\n{screen}"))
    });
    browser.type_into("#pin", &pin);
    browser.click("#connect");
    assert!(browser.wait_for("#live .status", "Success", Duration::from_secs(30)), "{}", browser.text("#live"));
    let (link, mac) = lab.with_panel(|h| (h.app.printer().link.clone(), h.app.printer().mac));
    assert!(matches!(link, Link::Connected { .. } | Link::Joining { .. }), "{link:?}");
    // The join after WPS takes a few more seconds; the page's client list shows it live.
    let name = printer_panel::sim::models::hostname(printer_panel::sim::models::PRINTER_HOST_PREFIX, &mac);
    assert!(browser.wait_for("#clients table", &name, Duration::from_secs(30)), "{}", browser.text("#live"));
    // The router lists the printer as its DHCP Ack leaves; the printer has its address when
    // the Ack arrives, a moment later on the panel's clock.
    let joined = || {
        lab.with_panel(|h| {
            let mac = h.app.printer().mac;
            matches!(h.app.printer().link, Link::Connected { .. })
                && h.app.router().clients.iter().any(|c| c.mac == mac)
        })
    };
    let start = std::time::Instant::now();
    while !joined() && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(joined(), "the panel shows the printer connected and listed");
    let png = browser.screenshot();
    // PRINTER_PANEL_SCREENSHOT=docs/router-page.png keeps it (the README's picture).
    let path = std::env::var_os("PRINTER_PANEL_SCREENSHOT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join(format!("printer-panel-router-page-{}.png", std::process::id())));
    std::fs::write(&path, &png).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert!(info.width >= 800 && info.height >= 600, "{}x{}", info.width, info.height);
    let first = &pixels[..info.line_size];
    let distinct = pixels.chunks(info.line_size).filter(|row| *row != first).count();
    assert!(distinct > 50, "the page is not blank ({} rows differ from the first)", distinct);

    // Push button: the printer's Wi-Fi button held, then the page's button.
    lab.with_panel(|h| {
        h.key(KeyCode::Enter);
        h.key(KeyCode::Char('W'));
    });
    std::thread::sleep(Duration::from_millis(600));
    browser.open(&lab.url("/wps"));
    browser.click("#push");
    // The page said Success already: the second one is known by the router's events.
    let start = std::time::Instant::now();
    let successes = || {
        let events = lab.with_panel(|h| h.app.logged_wps_of(printer_panel::sim::air::Node::Router));
        events.iter().filter(|e| *e == "WPS-SUCCESS").count()
    };
    while successes() < 2 && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(browser.wait_for("#live .status", "Success", Duration::from_secs(10)), "{}", browser.text("#live"));
    let events = lab.with_panel(|h| h.app.logged_wps_of(printer_panel::sim::air::Node::Router));
    assert!(events.iter().filter(|e| *e == "WPS-SUCCESS").count() >= 2, "{events:?}");
    assert!(events.contains(&"WPS-PBC-DISABLE".to_string()), "the second run was push button: {events:?}");
}
