//! Debian's chromium, headless, spoken to over WebDriver (chromedriver's HTTP protocol): the
//! learner's browser for the router's page (tests/web.rs) and for the panel's own page
//! (tests/page.rs).

use std::time::Duration;

/// Whether a judge is installed; under CI=true a missing one fails the test.
pub fn tool(name: &str) -> bool {
    let found = std::process::Command::new(name).arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{name} is missing under CI=true: .ci/run should have installed it");
        }
        eprintln!(
            "SKIPPED: {name} is not installed (apt-get install chromium chromium-driver); the browser test did not run"
        );
    }
    found
}

/// A WebDriver session with headless chromium, spoken over its HTTP protocol.
pub struct Browser {
    driver: std::process::Child,
    base: String,
    agent: ureq::Agent,
}

impl Browser {
    pub fn start() -> Browser {
        Browser::start_with(serde_json::json!({}))
    }

    /// A session whose chromium also has `prefs` (its download folder, say) and keeps the
    /// page's console messages for [`Browser::console`].
    pub fn start_with(prefs: serde_json::Value) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = std::process::Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let base = format!("http://127.0.0.1:{port}");
        let caps = serde_json::json!({"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            "prefs": prefs
        }, "goog:loggingPrefs": {"browser": "ALL"}}}});
        let mut session = None;
        for _ in 0..100 {
            if let Ok(mut r) = agent.post(&format!("{base}/session")).send_json(&caps) {
                let v: serde_json::Value = r.body_mut().read_json().unwrap();
                session = v["value"]["sessionId"].as_str().map(str::to_string);
                assert!(session.is_some(), "no session: {v}");
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let id = session.expect("chromedriver answers");
        Browser { driver, base: format!("{base}/session/{id}"), agent }
    }

    pub fn call(&self, method: &str, path: &str, body: serde_json::Value) -> serde_json::Value {
        self.try_call(method, path, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    pub fn try_call(&self, method: &str, path: &str, body: serde_json::Value) -> Result<serde_json::Value, String> {
        let url = format!("{}{path}", self.base);
        let mut r = match method {
            "GET" => self.agent.get(&url).call().unwrap(),
            "DELETE" => self.agent.delete(&url).call().unwrap(),
            _ => self.agent.post(&url).send_json(&body).unwrap(),
        };
        let v: serde_json::Value = r.body_mut().read_json().unwrap();
        match v["value"].get("error") {
            Some(_) => Err(v.to_string()),
            None => Ok(v["value"].clone()),
        }
    }

    pub fn open(&self, url: &str) {
        self.call("POST", "/url", serde_json::json!({ "url": url }));
    }

    pub fn find(&self, css: &str) -> String {
        let v = self.call("POST", "/element", serde_json::json!({"using": "css selector", "value": css}));
        v.as_object().unwrap().values().next().unwrap().as_str().unwrap().to_string()
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/value"), serde_json::json!({ "text": text }));
    }

    pub fn click(&self, css: &str) {
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), serde_json::json!({}));
    }

    /// A mouse click at a point of the window (CSS pixels from its top left), as a person
    /// makes one: the pointer moved there, pressed and released.
    pub fn click_at(&self, x: i64, y: i64) {
        let actions = serde_json::json!([
            {"type": "pointerMove", "origin": "viewport", "x": x, "y": y, "duration": 0},
            {"type": "pointerDown", "button": 0},
            {"type": "pointerUp", "button": 0}
        ]);
        let pointer = serde_json::json!({"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"}, "actions": actions});
        self.call("POST", "/actions", serde_json::json!({ "actions": [pointer] }));
        self.call("DELETE", "/actions", serde_json::json!({}));
    }

    pub fn text(&self, css: &str) -> String {
        let e = self.find(css);
        self.call("GET", &format!("/element/{e}/text"), serde_json::json!({})).as_str().unwrap().to_string()
    }

    /// Waits (real time) until the element's text contains `want`. The live updates replace
    /// the elements they carry, so one found may be gone when read: found again next time.
    pub fn wait_for(&self, css: &str, want: &str, limit: Duration) -> bool {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            let found = self
                .try_call("POST", "/element", serde_json::json!({"using": "css selector", "value": css}))
                .ok()
                .and_then(|v| {
                    v.as_object().and_then(|o| o.values().next()).and_then(|e| e.as_str()).map(str::to_string)
                });
            if let Some(e) = found
                && let Ok(text) = self.try_call("GET", &format!("/element/{e}/text"), serde_json::json!({}))
                && text.as_str().is_some_and(|t| t.contains(want))
            {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    }

    /// Runs a script in the page (its `arguments` are `args`) and returns what it returns.
    pub fn script(&self, script: &str, args: serde_json::Value) -> serde_json::Value {
        self.call("POST", "/execute/sync", serde_json::json!({ "script": script, "args": args }))
    }

    /// Key strokes as a keyboard makes them, to the focused element: each key down, then
    /// up. A `(key, ms)` pair holds the key that long before it comes up.
    pub fn keys(&self, strokes: &[(&str, u64)]) {
        let mut actions = Vec::new();
        for (key, hold) in strokes {
            actions.push(serde_json::json!({"type": "keyDown", "value": key}));
            if *hold > 0 {
                actions.push(serde_json::json!({"type": "pause", "duration": hold}));
            }
            actions.push(serde_json::json!({"type": "keyUp", "value": key}));
        }
        self.call(
            "POST",
            "/actions",
            serde_json::json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
        self.call("DELETE", "/actions", serde_json::json!({}));
    }

    /// The page's console messages since the last call, as `LEVEL message`.
    pub fn console(&self) -> Vec<String> {
        let v = self.call("POST", "/se/log", serde_json::json!({"type": "browser"}));
        v.as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| format!("{} {}", e["level"].as_str().unwrap_or("?"), e["message"].as_str().unwrap_or("")))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn screenshot(&self) -> Vec<u8> {
        use base64::Engine;
        let v = self.call("GET", "/screenshot", serde_json::json!({}));
        base64::engine::general_purpose::STANDARD.decode(v.as_str().unwrap()).unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
