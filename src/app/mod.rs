//! The panel's state and its one `update`: the Elm shape.
//!
//! Input becomes an [`Action`]; the engine's frames and events become messages too
//! ([`Msg::Sent`], [`Msg::Engine`]); `update` is the only code that changes state, and
//! [`engine`] the only code that acts on the protocol. The printer and the router each
//! model themselves ([`printer`], [`router`]) and answer with commands for the engine.
//! `ui::view` only reads.

pub mod action;
pub mod assessment;
pub mod computer;
pub mod console;
pub mod engine;
mod exercise;
pub mod guide;
pub mod led;
mod log;
pub mod menu;
pub mod notice;
mod options;
pub mod overlay;
pub mod picker;
pub mod printer;
mod read;
mod reports;
mod rewind;
pub mod router;
pub mod settings;
pub mod steps;
mod surroundings;

use std::collections::VecDeque;

use crate::sim::air::Node;
use crate::sim::models;
use crate::sim::scenarios::Scenario;
use crate::sim::world::{World, WorldConfig};
use crate::trace::ladder::LadderEntry;
use crate::wlan::event::Event as JoinEvent;
use crate::wlan::station::Network;
use crate::wps::event::Event;
use crate::wps::time::Time;

pub use action::{Action, PanelAction, PrinterAction, RouterAction, WebForm};
use console::Console;
use engine::{Command, Engine};
pub use log::LogLine;
use log::Logged;
pub use options::Options;
use overlay::Overlay;
use printer::Printer;
use router::{Client, Router};

/// The pages of the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Keys,
    Questions,
    /// What each message of the ladder carries and proves (the trainer's legend).
    Messages,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Printer,
    Router,
    /// The computer's window (in the rehearsals that have a computer).
    Computer,
}

/// What a small terminal shows under the device (`v` switches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Below {
    Guide,
    Ladder,
    Log,
}

/// What `update` handles: a person's action, time passing, or what the engine reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Action(Action),
    /// Time passed; the engine and every timer catch up to this instant.
    Tick(Time),
    /// A frame crossed the air (for the ladder).
    Sent(LadderEntry),
    /// An event of one side's state machine (`seq`: its number in the air's recording).
    Engine {
        seq: u64,
        side: Node,
        at: Time,
        event: Event,
    },
    /// A form posted on the router's web page (`--router-web`).
    Web(WebForm),
    /// An event of one side's join (association, 4-way handshake, DHCP).
    Join {
        seq: u64,
        side: Node,
        at: Time,
        event: JoinEvent,
    },
    /// The router's UPnP device reported (`seq`: its number in the recording).
    Upnp {
        seq: u64,
        event: crate::upnp::device::UpnpEvent,
    },
    /// The computer's UPnP side reported (a router found, a device waiting).
    Computer {
        seq: u64,
        event: crate::upnp::computer::ComputerEvent,
    },
    /// The router's admin page logged something (`seq`: its number in the recording).
    Admin {
        seq: u64,
        event: crate::sim::air::AdminEvent,
    },
    /// Something the live loop did outside the panel (a screenshot into the recorded tape),
    /// said in the footer.
    Notice(String),
    /// The terminal reports key releases (kitty keyboard protocol): the Wi-Fi button is held
    /// until its key comes up.
    KeyReleases(bool),
}

impl Effects {
    /// What this and `other` ask, together.
    pub fn and(self, other: Effects) -> Effects {
        Effects {
            save_capture: self.save_capture || other.save_capture,
            quit: self.quit || other.quit,
            suspend: self.suspend || other.suspend,
        }
    }
}

/// What a driver wakes the app for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Every change on screen (an LED toggle, a countdown second) and every change of state:
    /// the live loop, and a driver that draws what a person would see.
    Visible,
    /// Only a change of state (the protocol's timers and deliveries, the printer's own
    /// timers): an idle hour is one step, for the tape player's fast-forward.
    State,
}

/// What `update` asks of the world outside the panel; the driver (the live loop, the headless
/// driver, the tape player) does it. Nothing in the app writes a file or touches the terminal.
#[must_use = "the driver performs what update asks of the world outside"]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effects {
    /// Save what crossed the air as a capture file (`c`); the driver says where, or why
    /// not, with `Msg::Notice`.
    pub save_capture: bool,
    /// End the panel (`q`, Ctrl-C).
    pub quit: bool,
    /// Hand the terminal back to the shell until `fg` (Ctrl-Z).
    pub suspend: bool,
}

impl From<Action> for Msg {
    fn from(a: Action) -> Self {
        Msg::Action(a)
    }
}

/// The panel's whole state. Its fields are private: `update` changes them, the view and the
/// tests read them through the accessors.
pub struct App {
    now: Time,
    options: Options,
    focus: Focus,
    /// In a small terminal, what shows under the device.
    below: Below,
    /// What is open over the panel, bottom to top.
    overlays: Vec<Overlay>,
    /// The trainer's pause, scrollback and inspector.
    console: Console,
    guide: bool,
    /// A one-line message in the footer (where a capture went), until the next key.
    message: Option<String>,
    printer: Printer,
    router: Router,
    /// The computer's "Add a device" window, when the rehearsal has a computer.
    computer: Option<computer::ComputerWindow>,
    /// Every frame that crossed the air, labelled once.
    ladder: Vec<LadderEntry>,
    /// Both sides' control-interface events, each with its plain words.
    log: Vec<Logged>,
    engine: Engine,
    /// What came from outside since the panel started, to rebuild it from (rewind).
    history: rewind::History,
    /// Without `--seed`, the operating system's seed the world was drawn from: the same
    /// world again on rewind, with the full width of a CSPRNG's seed.
    os_seed: Option<[u8; 32]>,
    /// The exercise being sat, scored as the panel goes.
    sitting: Option<assessment::Sitting>,
}

impl App {
    pub fn new(options: Options) -> App {
        Self::starting_at(options, Time::ZERO)
    }

    /// A fresh printer and router whose clock starts at `now` (a scenario picked mid-session).
    fn starting_at(options: Options, now: Time) -> App {
        let os_seed = options.seed.is_none().then(crate::wps::entropy::Csprng::os_seed);
        Self::starting_with(options, now, os_seed)
    }

    /// [`App::starting_at`] with the operating system's seed given (`None` with `--seed`).
    pub(super) fn starting_with(options: Options, now: Time, os_seed: Option<[u8; 32]>) -> App {
        let scenario = options.scenario;
        let setup = scenario.router_setup();
        let config = WorldConfig {
            seed: options.seed,
            model: options.model,
            setup: setup.clone(),
            air_time: models::AIR_TIME,
            fragment_size: crate::wps::fragment::DEFAULT_FRAGMENT_SIZE,
            lan: scenario.computer.map(|seat| crate::sim::lan::LanSetup { seat }),
        };
        let mut world = match (options.seed, os_seed) {
            (None, Some(bytes)) => World::from_master(config, crate::wps::entropy::Csprng::from_bytes(bytes)),
            _ => World::new(config),
        };
        if let Some(password) = &options.admin_password {
            world.admin_password = password.clone();
        }
        world.air.set_in_range(0, !scenario.out_of_range);
        world.air.set_weak_signal(scenario.weak_signal);
        world.air.start_clock_at(now);
        let clients = world
            .other_clients
            .iter()
            .map(|(name, mac, host)| Client { name: name.to_string(), mac: *mac, ip: models::ROUTER.lan_host(*host) })
            .collect();
        let walk_time = world.air.router().config().walk_time;
        let router = Router::new(&models::ROUTER, setup.clone(), walk_time, clients);
        let mut printer = Printer::new(options.model, world.ids.printer_mac, world.printer_rng.child());
        // Set up on an earlier day, with a password the router no longer has.
        let mut commands = Vec::new();
        if let Some(old) = scenario.printer_remembers {
            let network = Network { ssid: setup.ssid.as_bytes().to_vec(), passphrase: old.as_bytes().to_vec().into() };
            world.air.join_mut(0).remember(network);
            printer.known_ssid = Some(setup.ssid.clone());
            printer.rejoin(&mut commands);
        }
        let mut app = App {
            now,
            focus: Focus::Printer,
            console: Console::default(),
            below: if options.guide { Below::Guide } else { Below::Ladder },
            overlays: exercise::first_overlays(scenario, options.exercise.is_some()),
            guide: options.guide,
            message: None,
            printer,
            computer: scenario.computer.map(|_| computer::ComputerWindow::new(setup.ssid.clone())),
            router,
            ladder: Vec::new(),
            log: Vec::new(),
            engine: Engine::new(world),
            sitting: options.exercise.clone().map(|a| assessment::Sitting::new(a, now)),
            options,
            history: rewind::History::starting_at(now),
            os_seed,
        };
        app.hear_networks();
        // The printer that remembers a network joins it as the panel opens; nothing of that
        // asks anything of the driver.
        let _ = app.settle(VecDeque::new(), commands);
        app
    }

    /// The networks the printer hears: the router's, unless it hides its name. Said again
    /// whenever the router's settings change (not on every step).
    fn hear_networks(&mut self) {
        let setup = &self.router.setup;
        self.printer.visible_networks = if setup.hidden_ssid { Vec::new() } else { vec![setup.ssid.clone()] };
    }

    /// The next thing due: a frame arriving, a protocol timer or one of the printer's.
    fn next_due(&self) -> Option<Time> {
        [self.engine.poll_timeout(), self.printer.timers.next_timeout()].into_iter().flatten().min()
    }

    /// The only code that changes state. It handles `msg` and everything that sets off in
    /// one loop, never by calling itself: a message may give the engine commands, the engine
    /// runs them at this instant, and what it reports comes back into the inbox, until it is
    /// quiet. What the app asks of the world outside comes back as [`Effects`].
    pub fn update(&mut self, msg: impl Into<Msg>) -> Effects {
        let msg = msg.into();
        if msg == Msg::Action(Action::Panel(PanelAction::Rewind)) && self.sitting.is_none() {
            self.rewind();
            return Effects::default();
        }
        // A tick that comes late (a busy machine, a terminal slow to take the output) is the
        // same as ticks at each instant the state changes by itself before it: what happened
        // then (a goal reached, the time up) happened at its own instant, as on replay.
        let mut effects = Effects::default();
        if let Msg::Tick(t) = msg {
            while let Some(due) = self.poll_timeout(Wake::State).filter(|d| *d > self.now && *d < t) {
                effects = effects.and(self.update(Msg::Tick(due)));
            }
        }
        let mark = self.history.before(&msg, &self.printer);
        let effects = effects.and(self.settle(VecDeque::from([msg]), Vec::new()));
        self.history.after(mark, &self.printer);
        self.observe_sitting();
        effects
    }

    /// The loop of `update`: `commands` first, then every message in the inbox and what it
    /// sets off, until the engine is quiet.
    fn settle(&mut self, mut inbox: VecDeque<Msg>, mut commands: Vec<Command>) -> Effects {
        let mut effects = Effects::default();
        loop {
            self.scenario_reacts(&mut commands);
            // The one place the emulated clock reaches the air: everything due by `now`
            // happens first, then the commands act at `now`.
            self.engine.run(self.now, std::mem::take(&mut commands));
            inbox.extend(self.engine.drain());
            let Some(msg) = inbox.pop_front() else { break };
            self.handle(msg, &mut commands, &mut inbox, &mut effects);
        }
        self.printer.sync_leds(self.now);
        self.router.sync_led(self.now);
        effects
    }

    /// One message; commands for the engine, messages it sets off and effects are gathered.
    fn handle(&mut self, msg: Msg, commands: &mut Vec<Command>, inbox: &mut VecDeque<Msg>, effects: &mut Effects) {
        match msg {
            Msg::Action(action) => self.act(action, commands, effects),
            // Paused, time does not pass for the rehearsal: only `.` moves it.
            Msg::Tick(_) if self.console.paused => {}
            Msg::Tick(now) => self.advance_clock(now, commands),
            Msg::Sent(entry) => self.ladder.push(entry),
            Msg::Engine { seq, side, at, event } => self.on_engine(seq, side, at, event, commands),
            Msg::Join { seq, side, event, .. } => self.on_join(seq, side, event),
            Msg::Admin { seq, event } => self.log_line(seq, crate::trace::explain::admin(&event), false),
            Msg::Upnp { seq, event } => {
                let failure = matches!(event, crate::upnp::device::UpnpEvent::Refused { .. });
                let why = failure.then(|| crate::trace::explain::upnp(&event)).flatten();
                if crate::sim::air::Report::Upnp(event).is_ctrl_event() {
                    self.log_line(seq, why, false);
                }
            }
            Msg::Computer { seq, event } => {
                if let Some(window) = self.computer.as_mut() {
                    window.on_computer(&event);
                }
                let why = crate::trace::explain::computer(&event);
                self.log_line(seq, why, false);
            }
            Msg::Web(request) => self.on_web(request, commands, inbox),
            Msg::Notice(text) => self.message = Some(text),
            Msg::KeyReleases(on) => self.printer.release_events = on,
        }
    }

    /// The app's clock moves to `to` (never back), and the printer's own timers catch up.
    fn advance_clock(&mut self, to: Time, commands: &mut Vec<Command>) {
        self.now = self.now.max(to);
        self.printer.tick(self.now, commands);
    }

    /// Says `text` in the footer: a driver's own news (a screenshot taken, a capture saved).
    /// A notice asks nothing of the driver.
    pub fn notice(&mut self, text: impl Into<String>) {
        let _ = self.update(Msg::Notice(text.into()));
    }

    /// Time passed: the engine, timers and LEDs catch up to `now`.
    pub fn tick(&mut self, now: Time) -> Effects {
        self.update(Msg::Tick(now))
    }

    fn act(&mut self, action: Action, commands: &mut Vec<Command>, effects: &mut Effects) {
        if !matches!(action, Action::Panel(PanelAction::CloseHelp | PanelAction::HelpUp | PanelAction::HelpDown)) {
            self.message = None;
        }
        match action {
            Action::Printer(a) => {
                let wifi_button =
                    matches!(a, PrinterAction::WifiPress | PrinterAction::WifiHold | PrinterAction::WifiTap);
                if !self.printer.powered && a != PrinterAction::Power {
                    self.message = Some("The printer is off: press P (Power) to turn it on.".into());
                } else if wifi_button && !self.printer.model.has_wifi_button() {
                    self.message = Some("This printer has no Wi-Fi button: tap Wi-Fi on its screen.".into());
                }
                self.printer.press(a, self.now, commands);
            }
            Action::Router(a) => {
                if matches!(a, RouterAction::Select(_) | RouterAction::Type(_)) {
                    self.focus = Focus::Router;
                }
                self.router.press(a, commands);
            }
            Action::Computer(a) => {
                self.focus = Focus::Computer;
                if let Some(window) = self.computer.as_mut() {
                    // A digit before the device is chosen goes nowhere: said where it goes.
                    let typing = window.stage == computer::Stage::TypingPin;
                    if matches!(a, computer::ComputerAction::Type(_)) && !typing {
                        self.message = Some("Choose the device in the list first (Enter), then type its PIN.".into());
                    }
                    window.press(a, commands);
                }
            }
            Action::Panel(a) => self.panel(a, commands, effects),
        }
    }

    fn panel(&mut self, action: PanelAction, commands: &mut Vec<Command>, effects: &mut Effects) {
        if self.exercise_action(action)
            || self.overlay_action(action, commands)
            || self.console_action(action, commands)
        {
            return;
        }
        match action {
            PanelAction::Quit => effects.quit = true,
            PanelAction::Suspend => effects.suspend = true,
            PanelAction::SaveCapture => effects.save_capture = true,
            PanelAction::ToggleGuide => {
                self.guide = !self.guide;
                if self.guide {
                    self.below = Below::Guide;
                } else if self.below == Below::Guide {
                    self.below = Below::Ladder;
                }
            }
            // The guide has a turn only while it is on.
            PanelAction::CycleBelow => {
                self.below = match (self.below, self.guide) {
                    (Below::Guide, _) => Below::Ladder,
                    (Below::Ladder, _) => Below::Log,
                    (Below::Log, true) => Below::Guide,
                    (Below::Log, false) => Below::Ladder,
                }
            }
            // Printer, router, and the computer where there is one.
            PanelAction::FocusNext => {
                self.focus = match self.focus {
                    Focus::Printer => Focus::Router,
                    Focus::Router if self.computer.is_some() => Focus::Computer,
                    Focus::Router | Focus::Computer => Focus::Printer,
                };
            }
            PanelAction::FocusPrinter => self.focus = Focus::Printer,
            PanelAction::FocusRouter => self.focus = Focus::Router,
            PanelAction::FocusComputer if self.computer.is_some() => self.focus = Focus::Computer,
            PanelAction::DigitOnPrinter => {
                self.message = Some("The printer has no keypad: Tab to the router to type the PIN there.".into())
            }
            PanelAction::NeighbourPushes => commands.push(Command::NeighbourPushes),
            // The overlays' and the console's, handled above.
            _ => {}
        }
    }

    /// A scenario starts from a fresh printer and router, keeping the other options.
    fn start_scenario(&mut self, scenario: &'static Scenario) {
        let options = Options { scenario, guide: self.guide, ..self.options.clone() };
        let (release_events, below) = (self.printer.release_events, self.below);
        *self = App::starting_at(options, self.now);
        self.printer.release_events = release_events;
        self.below = below;
    }

    /// The next instant a driver must wake at for `wake`: the same name as every machine's
    /// below it (the air's, the registrar's, the printer's, the router's). Paused, nothing
    /// changes by itself.
    pub fn poll_timeout(&self, wake: Wake) -> Option<Time> {
        if self.console.paused {
            return None;
        }
        let (shown, ends) = self.sitting_timeouts();
        match wake {
            Wake::Visible => {
                self.earliest([self.printer.poll_timeout(self.now), self.router.poll_timeout(self.now), shown, ends])
            }
            Wake::State => self.earliest([self.printer.timers.next_timeout(), ends]),
        }
    }

    /// The earliest of the engine's next timeout and `others` after now; or now, when the
    /// engine already has something due (a frame to deliver at this instant).
    fn earliest<const N: usize>(&self, others: [Option<Time>; N]) -> Option<Time> {
        let now = self.now;
        let engine = self.engine.poll_timeout();
        let later = others.into_iter().chain([engine]).flatten().filter(|t| *t > now).min();
        later.or(engine.filter(|t| *t <= now))
    }
}
