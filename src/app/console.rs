//! The trainer's console around the rehearsal: pause and step, slow motion, scrollback of the
//! ladder and the log, and the message inspector. None of it changes what the protocols do,
//! only when time passes and what is shown of the past.

use super::App;
use super::action::PanelAction;
use super::engine::Command;
use crate::trace::inspect::Inspection;

/// Rows a page key moves the inspector's text and the event log.
const PAGE: u16 = 5;
/// Rows a turn of the mouse wheel moves the ladder.
const SCROLL_STEP: usize = 3;
/// How far the inspector's text scrolls at most.
const INSPECT_SCROLL_MAX: u16 = 200;
/// The slowest and fastest the trainer can run the rehearsal.
const SPEEDS: (f64, f64) = (0.125, 64.0);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Console {
    /// The trainer stopped the air: frames wait, timers and LEDs stand still.
    pub paused: bool,
    /// Scrollback: rows of the ladder, entries of the log, back from the newest (0: follow).
    pub ladder_back: usize,
    pub log_back: usize,
    /// The message inspector, while it is open.
    pub inspector: Option<Inspector>,
}

/// The message inspector: a ladder row (its frame's number) shown decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspector {
    pub seq: u64,
    /// What it shows of that frame, worked out once when the selection changes (the past
    /// does not change), not on every redraw.
    pub inspection: Option<Inspection>,
    /// How far its text is scrolled.
    pub scroll: u16,
}

impl App {
    /// The console's own actions. Returns false for an action that is not theirs.
    pub(super) fn console_action(&mut self, action: PanelAction, commands: &mut Vec<Command>) -> bool {
        let log_len = self.log.len();
        let console = &mut self.console;
        match action {
            PanelAction::TogglePause => console.paused = !console.paused,
            PanelAction::ToggleMask => {
                // An option, not the console's: it outlives a change of scenario.
                self.options.class_mode = !self.options.class_mode;
                self.message = Some(
                    if self.options.class_mode {
                        "Class mode: passwords are hidden on the screen (* shows them again)."
                    } else {
                        "Passwords are shown again (* hides them for a class)."
                    }
                    .into(),
                );
            }
            // The next thing due on the air (a frame arriving, a timer), and paused again.
            PanelAction::StepFrame if console.paused => {
                if let Some(t) = self.next_due() {
                    self.advance_clock(t, commands);
                }
            }
            PanelAction::StepFrame => {
                self.message = Some("Press , to pause first; then . steps one frame at a time.".into())
            }
            PanelAction::Slower => self.options.speed = (self.options.speed / 2.0).max(SPEEDS.0),
            PanelAction::Faster => self.options.speed = (self.options.speed * 2.0).min(SPEEDS.1),
            PanelAction::ToggleInspector => {
                let newest = crate::trace::ladder::rows(&self.ladder).last().map(|r| r.seq);
                match (&self.console.inspector, newest) {
                    (Some(_), _) => self.console.inspector = None,
                    (None, Some(seq)) => self.inspect(seq),
                    (None, None) => {
                        self.message =
                            Some("Nothing on the air yet: the inspector shows a message once one is sent.".into())
                    }
                }
            }
            PanelAction::InspectPrevious | PanelAction::InspectNext => {
                let rows = crate::trace::ladder::rows(&self.ladder);
                let shown = self.console.inspector.as_ref().map(|i| i.seq);
                let at = rows.iter().position(|r| Some(r.seq) == shown).unwrap_or(rows.len().saturating_sub(1));
                let to = if action == PanelAction::InspectPrevious {
                    at.saturating_sub(1)
                } else {
                    (at + 1).min(rows.len().saturating_sub(1))
                };
                match rows.get(to) {
                    Some(row) => self.inspect(row.seq),
                    None => self.console.inspector = None,
                }
            }
            PanelAction::InspectFirst | PanelAction::InspectNewest => {
                let rows = crate::trace::ladder::rows(&self.ladder);
                let row = if action == PanelAction::InspectFirst { rows.first() } else { rows.last() };
                if let Some(row) = row {
                    self.inspect(row.seq);
                }
            }
            PanelAction::InspectPageUp => {
                if let Some(i) = &mut console.inspector {
                    i.scroll = i.scroll.saturating_sub(PAGE);
                }
            }
            PanelAction::InspectPageDown => {
                if let Some(i) = &mut console.inspector {
                    i.scroll = (i.scroll + PAGE).min(INSPECT_SCROLL_MAX);
                }
            }
            PanelAction::InspectReplay => {
                let seq = console.inspector.as_ref().map(|i| i.seq);
                let data = seq
                    .and_then(|seq| self.world().air.recording().sent().iter().find(|s| s.seq == seq))
                    .filter(|s| matches!(s.payload, crate::sim::air::Payload::Data(_)));
                match data {
                    Some(sent) => {
                        commands.push(Command::Replay(sent.seq));
                        self.console.inspector = None;
                    }
                    None => {
                        self.message = Some(
                            "Only an encrypted data frame (a DHCP row after the 4-way handshake) can be played again."
                                .into(),
                        )
                    }
                }
            }
            PanelAction::LadderBack => {
                let rows = crate::trace::ladder::rows(&self.ladder).len();
                console.ladder_back = (console.ladder_back + SCROLL_STEP).min(rows.saturating_sub(1));
            }
            PanelAction::LadderForward => console.ladder_back = console.ladder_back.saturating_sub(SCROLL_STEP),
            PanelAction::LogBack => {
                console.log_back = (console.log_back + usize::from(PAGE)).min(log_len.saturating_sub(1))
            }
            PanelAction::LogForward => console.log_back = console.log_back.saturating_sub(usize::from(PAGE)),
            _ => return false,
        }
        true
    }

    /// The inspector on frame `seq`, its text worked out now.
    fn inspect(&mut self, seq: u64) {
        let inspection = crate::trace::inspect::inspect(self.world().air.recording(), seq);
        self.console.inspector = Some(Inspector { seq, inspection, scroll: 0 });
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    pub fn paused(&self) -> bool {
        self.console.paused
    }

    /// Whether secrets are drawn as dots (class mode).
    pub fn masked(&self) -> bool {
        self.options.class_mode
    }

    /// The frame the inspector shows, while it is open.
    pub fn inspecting(&self) -> Option<u64> {
        self.console.inspector.as_ref().map(|i| i.seq)
    }
}
