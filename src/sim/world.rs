//! The world of a rehearsal, built in one place: who is who (addresses and UUIDs drawn from
//! the seed), the router's settings, and the printer and router engines on the air. The
//! panel, `simulate` and the tests all start from here.

use std::time::Duration;

use crate::sim::air::Air;
use crate::sim::lan::{Lan, LanSetup};
use crate::sim::models::{self, Identities, PrinterModel, RouterSetup};
use crate::wlan::ap::AccessPoint;
use crate::wlan::dhcp;
use crate::wlan::handshake::Retries;
use crate::wps::enrollee::Enrollee;
use crate::wps::entropy::Csprng;
use crate::wps::fragment::DEFAULT_FRAGMENT_SIZE;
use crate::wps::message::Mac;
use crate::wps::registrar::Registrar;

/// What a world is made from.
#[derive(Debug, Clone)]
pub struct WorldConfig {
    /// Everything random follows from this seed; `None` draws from the operating system.
    pub seed: Option<u64>,
    pub model: &'static PrinterModel,
    pub setup: RouterSetup,
    /// How long a frame takes to cross: slow in the panel (to follow the ladder), fast in tests.
    pub air_time: Duration,
    /// The EAP fragment size both sides use; messages longer than it cross in pieces.
    pub fragment_size: usize,
    /// A computer on the router's LAN ("enter the PIN into your computer"), and where.
    pub lan: Option<LanSetup>,
}

impl WorldConfig {
    /// The default printer and router, frames crossing in 10 ms: for `simulate` and the tests.
    pub fn quick(seed: Option<u64>) -> WorldConfig {
        WorldConfig {
            seed,
            model: &models::PRINTER_MODELS[0],
            setup: RouterSetup::default(),
            air_time: Duration::from_millis(10),
            fragment_size: DEFAULT_FRAGMENT_SIZE,
            lan: None,
        }
    }
}

pub struct World {
    pub ids: Identities,
    pub setup: RouterSetup,
    pub air: Air,
    /// The devices already on the router's network: name, address, host number.
    pub other_clients: Vec<(&'static str, Mac, u8)>,
    /// The printer's own randomness: the panel's printer, `simulate` and `pin new` each draw
    /// their PINs from a child of it, so the first PIN of a seed is the same in all three.
    pub printer_rng: Csprng,
    /// The admin password on the router's label (for its web page).
    pub admin_password: String,
    /// The router's own WPS PIN, on its label: what an external registrar (a computer
    /// setting up the router itself) types, never the printer's.
    pub ap_pin: crate::wps::pin::Pin,
    /// The rest of the seed's stream: neighbours.
    pub rng: Csprng,
}

/// Eight characters a person copies off a label without confusing them (no 0/O, 1/l/I).
fn label_password(entropy: &mut Csprng) -> String {
    use rand::RngExt;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    (0..8).map(|_| char::from(ALPHABET[entropy.rng().random_range(0..ALPHABET.len())])).collect()
}

/// A label password drawn from the operating system's randomness, whatever the seed: for
/// a router page a browser can reach (a seed is no secret: it is in the process list).
pub fn fresh_label_password() -> String {
    label_password(&mut Csprng::from_os())
}

impl World {
    pub fn new(config: WorldConfig) -> World {
        let master = config.seed.map(Csprng::from_seed).unwrap_or_else(Csprng::from_os);
        World::from_master(config, master)
    }

    /// A world whose randomness is `master`'s stream (`config.seed` is not read): the panel
    /// keeps the operating system's 32-byte seed so it can build the same world again.
    pub fn from_master(config: WorldConfig, mut master: Csprng) -> World {
        let ids = Identities::draw(&mut master);
        let model = config.model;
        let mut printer_cfg = models::printer_enrollee(model, ids.printer_mac, ids.printer_uuid, model.walk_time);
        printer_cfg.fragment_size = config.fragment_size;
        let printer = Enrollee::new(printer_cfg, Box::new(master.child()));
        let mut router_cfg = models::router_registrar(&config.setup, &ids);
        router_cfg.fragment_size = config.fragment_size;
        let registrar = Registrar::new(router_cfg, Box::new(master.child()));
        let other_clients: Vec<(&'static str, Mac, u8)> = models::ROUTER
            .other_clients
            .iter()
            .map(|(name, host)| (*name, models::random_mac(&mut master), *host))
            .collect();
        let printer_rng = master.child();
        // Drawn after everything older runs relied on, so a seed keeps its PINs and keys.
        let taken = other_clients.iter().map(|(_, _, host)| *host).collect();
        let access_point = AccessPoint::new(
            ids.router_mac,
            config.setup.ap_network(),
            Retries::for_air_time(config.air_time),
            dhcp::Server::new(models::ROUTER.lan_address, ids.printer_host, taken),
            Box::new(master.child()),
        );
        let join = models::join_station(
            ids.printer_mac,
            models::PRINTER_HOST_PREFIX,
            config.air_time,
            Box::new(master.child()),
        );
        let mut air = Air::new(registrar, access_point, (printer, join), config.air_time);
        air.set_router_wps(config.setup.wps_unavailable().is_none());
        let admin_password = label_password(&mut master);
        let ap_pin = crate::wps::pin::generate(master.rng());
        // Drawn last: a world with a computer keeps the PINs and keys of one without.
        if let Some(lan) = config.lan {
            let laptop = other_clients.first().map_or(ids.router_mac, |(_, mac, _)| *mac);
            let mut lan_rng = master.child();
            air.set_lan(Lan::new(&config.setup, lan, &ids, laptop, &ap_pin, &mut lan_rng));
        }
        World { ids, setup: config.setup, air, other_clients, printer_rng, admin_password, ap_pin, rng: master }
    }

    /// The first PIN a printer shows in the world of this seed.
    pub fn first_pin(seed: u64) -> crate::wps::pin::Pin {
        let mut world = World::new(WorldConfig::quick(Some(seed)));
        crate::wps::pin::generate(world.printer_rng.child().rng())
    }

    /// The neighbour's device (station 1), added the first time it is needed.
    pub fn neighbour(&mut self) -> usize {
        if self.air.station_count() > 1 {
            return 1;
        }
        let config = models::neighbour_enrollee(&self.ids);
        let entropy = Box::new(self.rng.child());
        let join = models::join_station(self.ids.neighbour_mac, "TV-", self.air.air_time(), Box::new(self.rng.child()));
        self.air.add_station(Enrollee::new(config, entropy), join)
    }
}
