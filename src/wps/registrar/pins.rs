//! The registrar's PINs (hostapd's `wps_uuid_pin` list): one per enrollee UUID, or the
//! wildcard for any enrollee, each locked while a run uses it.

use crate::wps::event::PinRemoval;
use crate::wps::message::Uuid;
use crate::wps::secret::Secret;

/// Which PIN entry a run uses: one enrollee's (`Some(uuid)`) or the wildcard (`None`).
pub type PinKey = Option<Uuid>;

struct PinEntry {
    key: PinKey,
    pin: Secret<Vec<u8>>,
    in_use: bool,
    uses: u32,
    /// Its time ran out while a run was using it: it goes when that run ends.
    expired: bool,
}

#[derive(Default)]
pub struct Pins {
    entries: Vec<PinEntry>,
}

impl Pins {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// A new PIN replaces an unused one for the same key (`wps_registrar_add_pin`).
    pub fn add(&mut self, key: PinKey, pin: &[u8]) {
        self.entries.retain(|p| p.key != key || p.in_use);
        self.entries.push(PinEntry { key, pin: pin.into(), in_use: false, uses: 0, expired: false });
    }

    /// The PIN for this enrollee: its own first, else the wildcard; locked for the run.
    pub fn take(&mut self, uuid_e: &Uuid) -> Option<(Secret<Vec<u8>>, PinKey)> {
        let entry = self
            .entries
            .iter_mut()
            .filter(|p| !p.in_use && (p.key == Some(*uuid_e) || p.key.is_none()))
            .max_by_key(|p| p.key.is_some())?;
        entry.in_use = true;
        entry.uses += 1;
        Some((entry.pin.clone(), entry.key))
    }

    /// After a run: a PIN whose second half was revealed (M6 sent) is invalidated, a used
    /// one removed; otherwise it is unlocked for another try. The wildcard goes after its
    /// success or its second use. Says why it left, if it did.
    pub fn release(&mut self, key: PinKey, revealed: bool, success: bool) -> Option<PinRemoval> {
        let i = self.entries.iter().position(|p| p.key == key && p.in_use)?;
        let entry = &self.entries[i];
        let removal = if success {
            Some(PinRemoval::Used)
        } else if revealed || (key.is_none() && entry.uses >= 2) {
            Some(PinRemoval::Invalidated)
        } else if entry.expired {
            Some(PinRemoval::Expired)
        } else {
            None
        };
        match removal {
            Some(_) => {
                self.entries.remove(i);
            }
            None => self.entries[i].in_use = false,
        }
        removal
    }

    /// A PIN's time ran out: gone now, or when its run ends. True if it went now.
    pub fn expire(&mut self, key: PinKey) -> bool {
        let Some(i) = self.entries.iter().position(|p| p.key == key) else { return false };
        if self.entries[i].in_use {
            self.entries[i].expired = true;
            false
        } else {
            self.entries.remove(i);
            true
        }
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
