//! The event log: lines that point into the air's recording (never copies of its events),
//! each with the plain words worded when it arrived and how often it repeated.

use super::App;
use crate::sim::air::{LogEntry, Node};

/// A line of the event log: an event of the air's recording (by its number there, not a
/// copy), and why it happened in plain words (failures only), worded when it arrived, when
/// what the printer was doing is still known.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Logged {
    seq: u64,
    why: Option<String>,
    /// How many more times the same line came since (the printer asking again and again
    /// while no PIN is at the router).
    repeats: u32,
    /// Whether it is a line that comes round after round ("not yet" rounds, each with its
    /// EAP start and end).
    repeating: bool,
}

/// How far back a repeating line looks for its earlier self.
const FOLD_WINDOW: usize = 16;

/// A line of the event log as the view reads it: the recorded event, its plain words, how
/// many more times it came.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogLine<'a> {
    pub entry: &'a LogEntry,
    pub why: Option<&'a str>,
    pub repeats: u32,
}

impl App {
    /// The event log's lines, oldest first.
    pub fn log(&self) -> Vec<LogLine<'_>> {
        let recording = self.engine.air().recording();
        let mut lines = Vec::with_capacity(self.log.len());
        for l in &self.log {
            if let Some(entry) = recording.event(l.seq) {
                lines.push(LogLine { entry, why: l.why.as_deref(), repeats: l.repeats });
            }
        }
        lines
    }

    /// The recorded event `seq` as a line of the event log; a repeating one ("not yet"
    /// rounds, overlap at every probe) counted on the line it repeats instead of written again.
    pub(super) fn log_line(&mut self, seq: u64, why: Option<String>, repeating: bool) {
        let recording = self.engine.air().recording();
        let Some(entry) = recording.event(seq) else { return };
        if repeating {
            // Back over the round's other repeating lines only: a line that does not repeat (a
            // success, a failure) ends the rounds, and what comes after it is new.
            for logged in self.log.iter_mut().rev().take(FOLD_WINDOW) {
                if recording.event(logged.seq).is_some_and(|e| e.who == entry.who && e.event == entry.event) {
                    logged.repeats += 1;
                    return;
                }
                if !logged.repeating {
                    break;
                }
            }
        }
        self.log.push(Logged { seq, why, repeats: 0, repeating });
    }

    /// The event log's lines of one side's registration (hostapd's words, with the retries
    /// a weak signal causes), each once however often it repeated.
    pub fn logged_wps_of(&self, who: Node) -> Vec<String> {
        self.logged_of(who, true)
    }

    /// The event log's lines of one side's join (wpa_supplicant, udhcpc, hostapd, dnsmasq).
    pub fn logged_join_of(&self, who: Node) -> Vec<String> {
        self.logged_of(who, false)
    }

    fn logged_of(&self, who: Node, wps: bool) -> Vec<String> {
        let side = |r: &crate::sim::air::Report| match r {
            crate::sim::air::Report::Wps(_) => wps,
            crate::sim::air::Report::Join(_) => !wps,
            crate::sim::air::Report::Admin(_)
            | crate::sim::air::Report::Upnp(_)
            | crate::sim::air::Report::Computer(_) => false,
        };
        let lines = self.log().into_iter().filter(|l| l.entry.who == who && side(&l.entry.event));
        lines.map(|l| l.entry.event.to_string()).collect()
    }
}
