//! LED patterns with exact phases: a blinking LED toggles every `half` from the moment
//! its pattern started, so it can be drawn for any instant and woken for its next toggle.

use crate::wps::time::Time;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Led {
    Off,
    On,
    /// Lit for `half`, dark for `half`, from `since`.
    Blink {
        half: Duration,
        since: Time,
    },
}

impl Led {
    pub fn blink(half: Duration, since: Time) -> Led {
        Led::Blink { half, since }
    }

    pub fn is_lit(&self, now: Time) -> bool {
        match *self {
            Led::Off => false,
            Led::On => true,
            Led::Blink { half, since } => {
                let elapsed = now.saturating_sub(since).as_nanos();
                (elapsed / half.as_nanos().max(1)).is_multiple_of(2)
            }
        }
    }

    /// When it next toggles, if it ever does.
    pub fn next_toggle(&self, now: Time) -> Option<Time> {
        match *self {
            Led::Off | Led::On => None,
            Led::Blink { half, since } => {
                let half_ns = half.as_nanos().max(1);
                let elapsed = now.saturating_sub(since).as_nanos();
                let next = (elapsed / half_ns + 1) * half_ns;
                Some(since + Duration::from_nanos(next as u64))
            }
        }
    }

    /// Same pattern, ignoring when it started: a pattern restarts only when it changes.
    pub fn same_kind(&self, other: &Led) -> bool {
        match (self, other) {
            (Led::Blink { half: a, .. }, Led::Blink { half: b, .. }) => a == b,
            _ => self == other,
        }
    }

    /// Replaces the pattern unless it is already the same kind (keeps the blink phase).
    pub fn set(&mut self, wanted: Led) {
        if !self.same_kind(&wanted) {
            *self = wanted;
        }
    }

    /// Words for a learner and for monochrome terminals.
    pub fn describe(&self) -> &'static str {
        match self {
            Led::Off => "off",
            Led::On => "on",
            Led::Blink { half, .. } if half.as_millis() >= 400 => "slow blink",
            Led::Blink { .. } => "fast blink",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_500ms_blink_toggles_every_500ms_from_its_start() {
        let start = Duration::from_millis(1234);
        let led = Led::blink(Duration::from_millis(500), start);
        assert!(led.is_lit(start));
        assert!(led.is_lit(start + Duration::from_millis(499)));
        assert!(!led.is_lit(start + Duration::from_millis(500)));
        assert!(led.is_lit(start + Duration::from_millis(1000)));
        assert_eq!(led.next_toggle(start), Some(start + Duration::from_millis(500)));
        assert_eq!(led.next_toggle(start + Duration::from_millis(500)), Some(start + Duration::from_millis(1000)));
        assert_eq!(Led::On.next_toggle(start), None);
    }

    #[test]
    fn setting_the_same_blink_keeps_its_phase() {
        let mut led = Led::blink(Duration::from_millis(500), Duration::from_secs(1));
        led.set(Led::blink(Duration::from_millis(500), Duration::from_secs(7)));
        assert_eq!(led, Led::blink(Duration::from_millis(500), Duration::from_secs(1)));
        led.set(Led::On);
        assert_eq!(led, Led::On);
    }
}
