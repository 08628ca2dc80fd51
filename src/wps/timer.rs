//! One table for every timer of a state machine (quinn-proto's `TimerTable` idea): each
//! timer is a key, set to the instant it expires; the next wake-up is one call.

use std::collections::BTreeMap;

use super::time::Time;

/// Timers keyed by `K` (an enum naming what expires: walk time, scan, session, ...).
#[derive(Debug, Clone)]
pub struct TimerTable<K: Ord> {
    deadlines: BTreeMap<K, Time>,
}

impl<K: Ord> Default for TimerTable<K> {
    fn default() -> Self {
        TimerTable { deadlines: BTreeMap::new() }
    }
}

impl<K: Ord + Copy> TimerTable<K> {
    pub fn set(&mut self, timer: K, at: Time) {
        self.deadlines.insert(timer, at);
    }

    pub fn stop(&mut self, timer: K) {
        self.deadlines.remove(&timer);
    }

    pub fn get(&self, timer: K) -> Option<Time> {
        self.deadlines.get(&timer).copied()
    }

    /// Whether `timer` is set and its instant has come.
    pub fn is_expired(&self, timer: K, now: Time) -> bool {
        self.get(timer).is_some_and(|t| now >= t)
    }

    /// The earliest instant any timer expires.
    pub fn next_timeout(&self) -> Option<Time> {
        self.deadlines.values().min().copied()
    }

    /// Removes and returns every timer that has expired by `now`, earliest first.
    pub fn take_expired(&mut self, now: Time) -> Vec<K> {
        let mut due: Vec<(Time, K)> =
            self.deadlines.iter().filter(|(_, t)| **t <= now).map(|(k, t)| (*t, *k)).collect();
        due.sort_by_key(|(t, _)| *t);
        for (_, k) in &due {
            self.deadlines.remove(k);
        }
        due.into_iter().map(|(_, k)| k).collect()
    }

    pub fn clear(&mut self) {
        self.deadlines.clear();
    }

    /// The timers that are set, in key order.
    pub fn iter(&self) -> impl Iterator<Item = (K, Time)> + '_ {
        self.deadlines.iter().map(|(k, t)| (*k, *t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
    enum T {
        Walk,
        Scan,
    }

    #[test]
    fn the_next_timeout_is_the_earliest_and_expired_ones_are_taken_once() {
        let mut table = TimerTable::default();
        assert_eq!(table.next_timeout(), None);
        table.set(T::Walk, Duration::from_secs(120));
        table.set(T::Scan, Duration::from_secs(3));
        assert_eq!(table.next_timeout(), Some(Duration::from_secs(3)));
        assert!(!table.is_expired(T::Scan, Duration::from_secs(2)));
        assert!(table.is_expired(T::Scan, Duration::from_secs(3)));
        assert_eq!(table.take_expired(Duration::from_secs(5)), vec![T::Scan]);
        assert_eq!(table.take_expired(Duration::from_secs(5)), vec![]);
        table.set(T::Walk, Duration::from_secs(10));
        assert_eq!(table.get(T::Walk), Some(Duration::from_secs(10)), "set replaces");
        table.stop(T::Walk);
        assert_eq!(table.next_timeout(), None);
    }
}
