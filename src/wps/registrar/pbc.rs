//! Push-button mode (hostapd's `wps_pbc_session` list and `pbc` flag): the walk time, and
//! overlap detection by the UUID-E of enrollees probing in push-button mode.

use std::time::Duration;

use crate::wps::defs::DevicePasswordId;
use crate::wps::message::{Mac, Uuid};
use crate::wps::probe::ProbeRequest;
use crate::wps::time::Time;

/// Probes from an enrollee that has just finished PBC are ignored this long (`WPS_WORKAROUNDS`).
const JUST_FINISHED_GRACE: Duration = Duration::from_secs(5);

/// `PBC Status:` of hostapd's `wps_get_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PbcStatus {
    Disabled,
    Active,
    TimedOut,
    Overlap,
}

struct PbcProbe {
    mac: Mac,
    uuid_e: Uuid,
    seen: Time,
}

pub struct PushButton {
    /// The overlap window: as long as the walk time.
    window: Duration,
    pub active: bool,
    pub status: PbcStatus,
    /// Set once an overlap was seen while active; cleared by the next button press.
    pub force_overlap: bool,
    probes: Vec<PbcProbe>,
    just_finished: Option<(Uuid, Time)>,
}

impl PushButton {
    pub fn new(window: Duration) -> Self {
        PushButton {
            window,
            active: false,
            status: PbcStatus::Disabled,
            force_overlap: false,
            probes: Vec::new(),
            just_finished: None,
        }
    }

    /// A push-button probe request; true when two enrollees are now seen in push-button
    /// mode, which hostapd flags at every such probe, in push-button mode or not
    /// (`wps_registrar_probe_req_rx`).
    pub fn record_probe(&mut self, now: Time, probe: &ProbeRequest) -> bool {
        if probe.device_password_id != DevicePasswordId::PushButton {
            return false;
        }
        if self.just_finished.is_some_and(|(uuid, until)| uuid == probe.uuid_e && now < until) {
            return false;
        }
        let window = self.window;
        self.probes.retain(|p| now.saturating_sub(p.seen) <= window);
        match self.probes.iter_mut().find(|p| p.mac == probe.mac && p.uuid_e == probe.uuid_e) {
            Some(p) => p.seen = now,
            None => self.probes.push(PbcProbe { mac: probe.mac, uuid_e: probe.uuid_e, seen: now }),
        }
        if self.overlap(now, None) {
            self.force_overlap = true;
            self.status = PbcStatus::Overlap;
            return true;
        }
        false
    }

    /// More than one distinct UUID-E in PBC mode within the window (`wps_registrar_pbc_overlap`).
    pub fn overlap(&self, now: Time, requester: Option<Uuid>) -> bool {
        let mut uuids: Vec<Uuid> =
            self.probes.iter().filter(|p| now.saturating_sub(p.seen) <= self.window).map(|p| p.uuid_e).collect();
        uuids.extend(requester);
        uuids.sort_unstable();
        uuids.dedup();
        uuids.len() > 1
    }

    /// Until when other enrollees' push-button probes (not `but`'s) still count toward an
    /// overlap: the window after the last one seen, if any is still in it.
    pub fn others_until(&self, now: Time, but: Uuid) -> Option<Time> {
        let live = self.probes.iter().filter(|p| p.uuid_e != but && now.saturating_sub(p.seen) <= self.window);
        live.map(|p| p.seen + self.window).max()
    }

    pub fn start(&mut self) {
        self.force_overlap = false;
        self.active = true;
        self.status = PbcStatus::Active;
    }

    pub fn stop(&mut self, status: PbcStatus) {
        self.active = false;
        self.status = status;
    }

    /// A push-button registration finished: its enrollee's probes no longer count.
    pub fn succeeded(&mut self, now: Time, uuid_e: Uuid) {
        self.stop(PbcStatus::Disabled);
        self.probes.retain(|p| p.uuid_e != uuid_e);
        self.just_finished = Some((uuid_e, now + JUST_FINISHED_GRACE));
    }
}
