//! Emulated time from real time. The driver reads its own real clock (the terminal's
//! monotonic clock, a browser's `performance.now()`) and passes the reading in, as the
//! protocol machines take the time: nothing here reads a clock.

use std::time::Duration;

use crate::wps::time::Time;

/// The panel's time: real time since an anchor, at a speed; it stands still while the
/// trainer pauses, and a new speed or a step taken while paused moves the anchor, never the
/// past. `real` is the driver's reading: any monotonic time since any origin.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    anchor: Duration,
    at_anchor: Time,
    speed: f64,
    paused: bool,
}

impl Clock {
    pub fn new(real: Duration, speed: f64) -> Clock {
        Clock { anchor: real, at_anchor: Time::ZERO, speed, paused: false }
    }

    pub fn now(&self, real: Duration) -> Time {
        match self.paused {
            true => self.at_anchor,
            false => self.at_anchor + real.saturating_sub(self.anchor).mul_f64(self.speed),
        }
    }

    /// The real reading at which the panel's time reaches `t` (now, if it already has).
    pub fn real_at(&self, t: Time) -> Duration {
        self.anchor + t.saturating_sub(self.at_anchor).div_f64(self.speed)
    }

    /// Follows the app: paused or not, its speed, and where a step left it.
    pub fn follow(&mut self, real: Duration, app_now: Time, paused: bool, speed: f64) {
        let now = self.now(real);
        if paused != self.paused || (speed - self.speed).abs() > f64::EPSILON || app_now > now {
            // On from where the clock was, or from where a step took the app.
            self.at_anchor = now.max(app_now);
            self.anchor = real;
            self.paused = paused;
            self.speed = speed;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn time_runs_at_the_speed_and_stands_still_while_paused() {
        let mut clock = Clock::new(10 * S, 2.0);
        assert_eq!(clock.now(13 * S), Time::ZERO + 6 * S);
        assert_eq!(clock.real_at(Time::ZERO + 8 * S), 14 * S);
        clock.follow(13 * S, clock.now(13 * S), true, 2.0);
        assert_eq!(clock.now(100 * S), Time::ZERO + 6 * S, "paused");
        clock.follow(100 * S, Time::ZERO + 6 * S, false, 1.0);
        assert_eq!(clock.now(101 * S), Time::ZERO + 7 * S, "on from where it stood, at the new speed");
    }

    #[test]
    fn a_step_moves_the_clock_forward_never_back() {
        let mut clock = Clock::new(Duration::ZERO, 1.0);
        clock.follow(S, Time::ZERO + 5 * S, false, 1.0);
        assert_eq!(clock.now(2 * S), Time::ZERO + 6 * S);
        clock.follow(3 * S, Time::ZERO, false, 1.0);
        assert_eq!(clock.now(3 * S), Time::ZERO + 7 * S, "an app behind the clock leaves it");
    }
}
