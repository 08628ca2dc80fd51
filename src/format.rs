//! How times read on screen, said once: countdowns in m:ss, instants in seconds.

use std::time::Duration;

use crate::wps::time::Time;

/// Whole seconds left, rounded up, as a countdown shows them.
pub fn seconds_left(deadline: Time, now: Time) -> u64 {
    (deadline.saturating_sub(now).as_millis() as u64).div_ceil(1000)
}

/// When a countdown to `deadline` next shows a different whole second.
pub fn next_second(deadline: Time, now: Time) -> Option<Time> {
    let remaining = deadline.checked_sub(now)?;
    if remaining.is_zero() {
        return None;
    }
    let ms = remaining.as_millis() as u64;
    let shown = ms.div_ceil(1000);
    Some(now + Duration::from_millis(ms - (shown - 1) * 1000))
}

/// 90 seconds as "1:30".
pub fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// A countdown to `deadline`: "1:30".
pub fn countdown(deadline: Time, now: Time) -> String {
    mmss(seconds_left(deadline, now))
}

/// A length of time in words, as the guide and the pages say it: "2 minutes", "90 seconds",
/// "3 seconds". Every such sentence takes it from the model's own figure.
pub fn span(d: Duration) -> String {
    let secs = d.as_secs();
    match secs {
        60 => "1 minute".into(),
        s if s >= 60 && s.is_multiple_of(60) => format!("{} minutes", s / 60),
        1 => "1 second".into(),
        s => format!("{s} seconds"),
    }
}

/// The same before a noun: "2-minute walk time", "90-second PIN".
pub fn span_adjective(d: Duration) -> String {
    let secs = d.as_secs();
    if secs >= 60 && secs.is_multiple_of(60) { format!("{}-minute", secs / 60) } else { format!("{secs}-second") }
}

/// An instant to the tenth of a second, as the ladder and the log show it: "12.3s".
pub fn tenths(t: Time, width: usize) -> String {
    format!("{:>width$.1}s", t.as_secs_f64())
}

/// An instant to the millisecond, as `simulate` prints it: "12.345".
pub fn millis(t: Time) -> String {
    format!("{}.{:03}", t.as_secs(), t.subsec_millis())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countdown_boundaries() {
        let d = Duration::from_secs(90);
        assert_eq!(seconds_left(d, Duration::ZERO), 90);
        assert_eq!(countdown(d, Duration::ZERO), "1:30");
        assert_eq!(next_second(d, Duration::ZERO), Some(Duration::from_secs(1)));
        assert_eq!(seconds_left(d, Duration::from_millis(1500)), 89);
        assert_eq!(next_second(d, Duration::from_millis(1500)), Some(Duration::from_secs(2)));
        assert_eq!(next_second(d, d), None);
        assert_eq!(tenths(Duration::from_millis(12_345), 7), "   12.3s");
        assert_eq!(millis(Duration::from_millis(12_345)), "12.345");
        assert_eq!(span(Duration::from_secs(120)), "2 minutes");
        assert_eq!(span(Duration::from_secs(60)), "1 minute");
        assert_eq!(span(Duration::from_secs(90)), "90 seconds");
        assert_eq!(span(Duration::from_secs(3)), "3 seconds");
        assert_eq!(span_adjective(Duration::from_secs(120)), "2-minute");
        assert_eq!(span_adjective(Duration::from_secs(5)), "5-second");
    }
}
