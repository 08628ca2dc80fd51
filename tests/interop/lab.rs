//! A lab for one interop case: two network namespaces joined by a veth pair, the reference
//! programs and the engine started in them, their logs in a folder of the case's own. Every
//! process, namespace and interface goes away when the lab is dropped, a failed test too.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long any one step may take before the test gives up (a hang, not a speed check).
const PATIENCE: Duration = Duration::from_secs(40);

/// The authenticator's side (hostapd, or the engine's router) and the supplicant's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Router,
    Printer,
}

pub const ROUTER_IF: &str = "vrouter";
pub const PRINTER_IF: &str = "vprinter";
pub const SSID: &str = "HomeNet";
pub const PASSPHRASE: &str = "correct horse battery";

pub struct Lab {
    tag: String,
    pub dir: PathBuf,
    children: Vec<(String, Child)>,
}

static COUNT: AtomicUsize = AtomicUsize::new(0);

/// A program found on PATH or in the system folders where Debian puts daemons.
fn program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin", "/usr/bin"].map(PathBuf::from))
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn tool(name: &str) -> PathBuf {
    program(name).unwrap_or_else(|| PathBuf::from(name))
}

/// hostapd 2.10 from Debian's source package with the one change that lets it relay an
/// external registrar's answers on a wired link (`tests/interop/build-hostapd`, which says
/// why), built once into `target/lab-hostapd`; `None` (SKIPPED, or a failure under
/// `CI=true`) if it cannot be built.
pub fn hostapd_relaying() -> Option<PathBuf> {
    static BUILT: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let out = root.join("target/lab-hostapd");
            let built = Command::new(root.join("tests/interop/build-hostapd")).arg(&out).output();
            match built {
                Ok(o) if o.status.success() => Some(out.join("hostapd")),
                other => {
                    let said = match other {
                        Ok(o) => {
                            format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
                        }
                        Err(e) => e.to_string(),
                    };
                    assert!(
                        std::env::var("CI").as_deref() != Ok("true"),
                        "tests/interop/build-hostapd failed:\n{said}"
                    );
                    eprintln!("SKIPPED: tests/interop/build-hostapd failed:\n{said}");
                    None
                }
            }
        })
        .clone()
}

/// Whether a program is on this machine; under `CI=true` its absence fails the test.
pub fn have(name: &str) -> bool {
    let found = program(name).is_some();
    assert!(found || std::env::var("CI").as_deref() != Ok("true"), "{name} is not installed");
    if !found {
        eprintln!("SKIPPED the {name} part: not installed");
    }
    found
}

/// What this machine lacks to run the lab, if anything.
fn missing() -> Option<String> {
    for name in ["ip", "hostapd", "hostapd_cli", "wpa_supplicant"] {
        if program(name).is_none() {
            return Some(format!("{name} is not installed (Debian: apt-get install iproute2 hostapd wpasupplicant)"));
        }
    }
    let uid = Command::new("id").arg("-u").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    if uid.as_deref() != Some("0") {
        return Some("network namespaces and packet sockets need root".into());
    }
    None
}

fn run(program: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program).args(args).output().map_err(|e| format!("{}: {e}", program.display()))?;
    if !out.status.success() {
        return Err(format!(
            "{} {}: {}",
            program.display(),
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl Lab {
    /// A fresh lab, or `None` (SKIPPED, said on standard error) where the machine cannot
    /// run one; under `CI=true` that is a failure instead.
    pub fn new(case: &str) -> Option<Lab> {
        Lab::build(case, None)
    }

    /// A lab with a relay between the two sides (a third namespace) that loses the frames
    /// named in `lose`, once each: one frame lost on the link.
    pub fn with_relay(case: &str, lose: &[&str]) -> Option<Lab> {
        Lab::build(case, Some(lose))
    }

    fn build(case: &str, relay: Option<&[&str]>) -> Option<Lab> {
        if let Some(why) = missing() {
            assert!(std::env::var("CI").as_deref() != Ok("true"), "interop case {case}: {why}");
            eprintln!("SKIPPED interop case {case}: {why}");
            return None;
        }
        let n = COUNT.fetch_add(1, Ordering::SeqCst);
        let tag = format!("pp{}x{n}", std::process::id());
        let dir = std::env::temp_dir().join(format!("printer-panel-interop-{tag}"));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a folder for the lab");
        let mut lab = Lab { tag, dir, children: Vec::new() };
        let ip = tool("ip");
        let (r, p, m) = (lab.ns(Side::Router), lab.ns(Side::Printer), format!("{}m", lab.tag));
        let mut steps: Vec<Vec<&str>> = vec![vec!["netns", "add", &r], vec!["netns", "add", &p]];
        match relay {
            None => steps.push(vec![
                "link", "add", "name", ROUTER_IF, "netns", &r, "type", "veth", "peer", "name", PRINTER_IF, "netns", &p,
            ]),
            Some(_) => steps.extend([
                vec!["netns", "add", &m],
                vec![
                    "link", "add", "name", ROUTER_IF, "netns", &r, "type", "veth", "peer", "name", "toRouter", "netns",
                    &m,
                ],
                vec![
                    "link",
                    "add",
                    "name",
                    PRINTER_IF,
                    "netns",
                    &p,
                    "type",
                    "veth",
                    "peer",
                    "name",
                    "toPrinter",
                    "netns",
                    &m,
                ],
                vec!["-n", &m, "link", "set", "toRouter", "up"],
                vec!["-n", &m, "link", "set", "toPrinter", "up"],
            ]),
        }
        steps.push(vec!["-n", &r, "link", "set", ROUTER_IF, "address", "02:00:00:00:0a:01", "up"]);
        steps.push(vec!["-n", &p, "link", "set", PRINTER_IF, "address", "02:00:00:00:0b:01", "up"]);
        for step in steps {
            if let Err(e) = run(&ip, &step) {
                panic!("interop case {case}: cannot build the lab: {e}");
            }
        }
        if let Some(lose) = relay {
            let mut args = vec!["wire", "relay", "-d", "--between", "toRouter", "toPrinter"];
            for name in lose {
                args.extend(["--lose", name]);
            }
            let exe = PathBuf::from(env!("CARGO_BIN_EXE_printer-panel"));
            lab.spawn_in(&m, "relay.log", &exe, &args, false);
            lab.wait_for("relay.log", "relay: passing");
        }
        Some(lab)
    }

    pub fn ns(&self, side: Side) -> String {
        match side {
            Side::Router => format!("{}r", self.tag),
            Side::Printer => format!("{}p", self.tag),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Starts `program args` in `side`'s namespace, output to the file `log`.
    pub fn spawn(&mut self, side: Side, log: &str, program: &Path, args: &[&str], stdin: bool) -> Option<ChildStdin> {
        self.spawn_in(&self.ns(side), log, program, args, stdin)
    }

    fn spawn_in(&mut self, ns: &str, log: &str, program: &Path, args: &[&str], stdin: bool) -> Option<ChildStdin> {
        let out = fs::File::create(self.path(log)).expect("a log file");
        let err = out.try_clone().expect("a log file");
        let mut cmd = Command::new(tool("ip"));
        cmd.args(["netns", "exec", ns]).arg(program).args(args);
        cmd.stdout(out).stderr(err).stdin(if stdin { Stdio::piped() } else { Stdio::null() });
        let mut child = cmd.spawn().unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
        let input = child.stdin.take();
        self.children.push((log.to_string(), child));
        input
    }

    /// hostapd on the router's side, `driver=wired`, with `extra` lines of configuration;
    /// returns when it says AP-ENABLED.
    pub fn hostapd(&mut self, extra: &str) {
        self.hostapd_from(&tool("hostapd"), extra);
    }

    /// The same with another hostapd binary (the lab's own build, [`hostapd_relaying`]).
    pub fn hostapd_from(&mut self, program: &Path, extra: &str) {
        let conf = format!(
            "interface={ROUTER_IF}\ndriver=wired\nctrl_interface={ctrl}\nieee8021x=1\neap_server=1\n\
             eapol_version=2\nwps_state=2\nssid={SSID}\nwpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_pairwise=CCMP\n\
             wpa_passphrase={PASSPHRASE}\ndevice_name=Reference AP\nmanufacturer=Example\nmodel_name=AP\n\
             model_number=1\nserial_number=1\ndevice_type=6-0050F204-1\nos_version=01020300\n\
             config_methods=label display push_button keypad\n{extra}",
            ctrl = self.path("hostapd.ctrl").display()
        );
        fs::write(self.path("hostapd.conf"), conf).expect("hostapd.conf");
        let conf = self.path("hostapd.conf");
        self.spawn(Side::Router, "hostapd.log", program, &["-t", conf.to_str().unwrap()], false);
        self.wait_for("hostapd.log", "AP-ENABLED");
    }

    /// A command to hostapd, as `hostapd_cli` gives it; it must answer OK.
    pub fn hostapd_cli(&self, args: &[&str]) {
        let ctrl = self.path("hostapd.ctrl");
        let ns = self.ns(Side::Router);
        let mut all = vec!["netns", "exec", &ns];
        let cli = tool("hostapd_cli");
        all.extend([cli.to_str().unwrap(), "-p", ctrl.to_str().unwrap()]);
        all.extend(args);
        let said = run(&tool("ip"), &all).unwrap_or_else(|e| panic!("{e}"));
        assert!(said.trim_end().ends_with("OK"), "hostapd_cli {args:?} answered {said}");
    }

    /// wpa_supplicant on the printer's side, `-D wired`, one `eap=WSC` network with `phase1`
    /// (`pbc=1` or `pin=...`) and `network_extra` lines; its configuration file gains the
    /// credential it receives.
    pub fn wpa_supplicant(&mut self, log: &str, phase1: &str, network_extra: &str) {
        let conf = format!(
            "ap_scan=0\nupdate_config=1\nnetwork={{\n key_mgmt=IEEE8021X\n eap=WSC\n \
             identity=\"WFA-SimpleConfig-Enrollee-1-0\"\n phase1=\"{phase1}\"\n eapol_flags=0\n{network_extra}}}\n"
        );
        fs::write(self.path("wpa_supplicant.conf"), conf).expect("wpa_supplicant.conf");
        let conf = self.path("wpa_supplicant.conf");
        let args = ["-t", "-D", "wired", "-i", PRINTER_IF, "-c", conf.to_str().unwrap()];
        self.spawn(Side::Printer, log, &tool("wpa_supplicant"), &args, false);
    }

    /// Addresses on the link for the LAN side (UPnP over IPv4): the router 192.168.50.1,
    /// the computer (in the printer's namespace) 192.168.50.2.
    pub fn lan(&self) {
        let ip = tool("ip");
        let (r, p) = (self.ns(Side::Router), self.ns(Side::Printer));
        for step in [
            vec!["-n", &r, "addr", "add", "192.168.50.1/24", "dev", ROUTER_IF],
            vec!["-n", &p, "addr", "add", "192.168.50.2/24", "dev", PRINTER_IF],
            vec!["-n", &r, "link", "set", "lo", "up"],
            vec!["-n", &p, "link", "set", "lo", "up"],
        ] {
            run(&ip, &step).unwrap_or_else(|e| panic!("cannot give the lab its LAN: {e}"));
        }
    }

    /// wpa_supplicant as a computer's external registrar (`-D none`, no station of its own)
    /// on the printer's side of the link, started with `wps_er_start`.
    /// It knows the network to hand out: network 0 of its configuration, HomeNet with the
    /// lab's passphrase (for `wps_er_set_config`).
    pub fn external_registrar(&mut self, log: &str) {
        let ctrl = self.path("er.ctrl");
        let conf = format!(
            "ctrl_interface={}\nupdate_config=0\nnetwork={{\n ssid=\"{SSID}\"\n psk=\"{PASSPHRASE}\"\n key_mgmt=WPA-PSK\n disabled=1\n}}\n",
            ctrl.display()
        );
        fs::write(self.path("er.conf"), conf).expect("er.conf");
        let conf = self.path("er.conf");
        let args = ["-t", "-d", "-D", "none", "-i", PRINTER_IF, "-c", conf.to_str().unwrap()];
        self.spawn(Side::Printer, log, &tool("wpa_supplicant"), &args, false);
        let start = Instant::now();
        while !ctrl.join(PRINTER_IF).exists() {
            assert!(start.elapsed() < PATIENCE, "the external registrar did not start:\n{}", self.log(log));
            std::thread::sleep(Duration::from_millis(20));
        }
        self.wpa_cli_er(&["wps_er_start", &format!("ifname={PRINTER_IF}")]);
    }

    /// A command to the external registrar, as `wpa_cli` gives it; it must answer OK.
    pub fn wpa_cli_er(&self, args: &[&str]) {
        let ctrl = self.path("er.ctrl");
        let ns = self.ns(Side::Printer);
        let cli = tool("wpa_cli");
        let mut all = vec!["netns", "exec", &ns, cli.to_str().unwrap(), "-p", ctrl.to_str().unwrap(), "-i", PRINTER_IF];
        all.extend(args);
        let said = run(&tool("ip"), &all).unwrap_or_else(|e| panic!("{e}"));
        assert!(said.trim_end().ends_with("OK"), "wpa_cli {args:?} answered {said}");
    }

    /// tshark capturing `side`'s end of the link for `seconds`, into `file` of the lab.
    pub fn capture(&mut self, side: Side, file: &str, seconds: u32) {
        let out = self.path(file);
        let iface = if side == Side::Router { ROUTER_IF } else { PRINTER_IF };
        let limit = format!("duration:{seconds}");
        let args = ["-i", iface, "-a", &limit, "-w", out.to_str().unwrap()];
        self.spawn(side, "tshark.log", &tool("tshark"), &args, false);
        self.wait_for("tshark.log", "Capturing on");
    }

    /// This crate's program on `side`, with `args` after `wire`.
    pub fn engine(&mut self, side: Side, log: &str, args: &[&str]) -> Option<ChildStdin> {
        let exe = PathBuf::from(env!("CARGO_BIN_EXE_printer-panel"));
        let mut all = vec!["wire"];
        all.extend(args);
        self.spawn(side, log, &exe, &all, side == Side::Router)
    }

    pub fn log(&self, name: &str) -> String {
        fs::read_to_string(self.path(name)).unwrap_or_default()
    }

    /// Waits until `log` has a line containing `text`; panics with the log after [`PATIENCE`].
    pub fn wait_for(&self, log: &str, text: &str) {
        let start = Instant::now();
        while !self.log(log).contains(text) {
            assert!(start.elapsed() < PATIENCE, "no '{text}' in {log} after {PATIENCE:?}:\n{}", self.log(log));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the process writing `log` has exited; returns its exit code.
    pub fn wait_exit(&mut self, log: &str) -> Option<i32> {
        let start = Instant::now();
        let i = self.children.iter().position(|(l, _)| l == log).expect("a process with that log");
        loop {
            if let Some(status) = self.children[i].1.try_wait().expect("the process") {
                return status.code();
            }
            assert!(start.elapsed() < PATIENCE, "{log} did not end after {PATIENCE:?}:\n{}", self.log(log));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the process writing `log` (to start another attempt, say).
    pub fn stop(&mut self, log: &str) {
        if let Some(i) = self.children.iter().position(|(l, _)| l == log) {
            let (_, mut child) = self.children.remove(i);
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        for (_, child) in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
        let ip = tool("ip");
        for ns in [self.ns(Side::Router), self.ns(Side::Printer), format!("{}m", self.tag)] {
            let _ = Command::new(&ip).args(["netns", "del", &ns]).output();
        }
        if !std::thread::panicking() {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes a line to the engine router's standard input, as typing at `hostapd_cli`.
pub fn type_command(stdin: &mut ChildStdin, line: &str) {
    writeln!(stdin, "{line}").expect("the router's standard input");
    stdin.flush().expect("the router's standard input");
}

/// The control-interface lines of a log: `WPS-...` and the EAP layer's `CTRL-EVENT-EAP-...`,
/// without the timestamp and the
/// interface, with addresses and UUIDs as `<mac>` and `<uuid>` (they differ run to run).
pub fn wps_lines(log: &str) -> Vec<String> {
    let stamp = regex::Regex::new(r"^(\d+\.\d+: )?[A-Za-z0-9_.-]+: ").unwrap();
    let mac = regex::Regex::new(r"\b[0-9a-f]{2}(:[0-9a-f]{2}){5}\b").unwrap();
    let uuid = regex::Regex::new(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b").unwrap();
    log.lines()
        .map(|l| stamp.replace(l, "").trim_end().to_string())
        .filter(|l| l.starts_with("WPS-") || l.starts_with("CTRL-EVENT-EAP-"))
        .map(|l| mac.replace_all(&uuid.replace_all(&l, "<uuid>"), "<mac>").into_owned())
        .collect()
}
