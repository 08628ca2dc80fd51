//! Rewind, for the trainer: the panel again as it was just before the printer's last WPS
//! attempt. Nothing is copied or undone: the messages from outside (keys, time, the router's
//! web page) are kept in order, and with the seed they are the whole of the panel's state, so
//! a fresh panel that is given the same ones up to that attempt is that panel again.

use super::printer::Printer;
use super::{App, Msg};
use crate::wps::time::Time;

/// The messages from outside since a panel started at `start`, and which of them started
/// the printer's latest WPS attempt.
#[derive(Debug, Clone, Default)]
pub(super) struct History {
    pub start: Time,
    inputs: Vec<Msg>,
    last_attempt: Option<usize>,
}

/// What [`History::before`] saw, for [`History::after`].
pub(super) struct Mark {
    recorded: bool,
    attempt: Option<Time>,
}

impl History {
    pub fn starting_at(start: Time) -> History {
        History { start, ..History::default() }
    }

    /// Keeps `msg` if it came from outside (the engine's own reports follow from those).
    pub fn before(&mut self, msg: &Msg, printer: &Printer) -> Mark {
        let recorded = matches!(msg, Msg::Action(_) | Msg::Tick(_) | Msg::Web(_) | Msg::KeyReleases(_));
        if recorded {
            self.inputs.push(msg.clone());
        }
        Mark { recorded, attempt: printer.attempt.as_ref().map(|a| a.started) }
    }

    /// Notes the message kept last as the one that started an attempt, if it did.
    pub fn after(&mut self, mark: Mark, printer: &Printer) {
        let attempt = printer.attempt.as_ref().map(|a| a.started);
        if mark.recorded && attempt.is_some() && attempt != mark.attempt {
            self.last_attempt = Some(self.inputs.len() - 1);
        }
    }
}

impl App {
    /// Back to just before the printer's last WPS attempt: the panel is built again from its
    /// seed and given every input up to that one, so the class sees the same router and the
    /// same earlier messages, and the attempt (a failure to explain) can be played again. What
    /// the replay asks of the driver (a capture saved) is not asked again.
    pub(super) fn rewind(&mut self) {
        let Some(cut) = self.history.last_attempt else {
            self.message = Some("Nothing to rewind: no WPS attempt yet.".into());
            return;
        };
        let inputs = self.history.inputs[..cut].to_vec();
        let mut fresh = App::starting_with(self.options.clone(), self.history.start, self.os_seed);
        for input in inputs {
            let _ = fresh.update(input);
        }
        let at = fresh.now;
        *self = fresh;
        self.message = Some(format!(
            "Rewound to {:.1} s, just before the printer's last WPS attempt: do it again.",
            at.as_secs_f64()
        ));
    }
}
