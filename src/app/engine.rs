//! The glue between the panel and the protocol: the one place that acts on the world.
//! The printer and router hand it [`Command`]s; it reports back every frame and event the
//! engine produced, once, as messages for `update`.

use std::time::Duration;

use crate::sim::air::{Air, Happening, Report};
use crate::sim::models::RouterSetup;
use crate::sim::world::World;
use crate::trace::ladder::LadderEntry;
use crate::wps::enrollee::Password;
use crate::wps::pin::Pin;
use crate::wps::time::Time;

use super::Msg;

/// What the devices ask of the protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// The printer starts WPS (button held, or PIN shown), for `lasts`.
    StartWps { password: Password, lasts: Duration },
    /// The printer stops its attempt (Cancel, power, wireless off).
    CancelWps,
    /// The router's WPS button.
    PushRouterButton,
    /// A PIN typed on the router's page, for any device, armed for `lasts`.
    AddRouterPin { pin: Pin, lasts: Duration },
    /// The router's page ends its WPS session (`WPS_CANCEL`).
    CancelRouterWps,
    /// Trainer: a neighbour's device starts push-button mode.
    NeighbourPushes,
    /// Trainer: an encrypted data frame already sent (its number) played again byte for byte.
    Replay(u64),
    /// The router's wireless settings were saved: what M8 hands over, whether WPS runs, and
    /// the password joining takes (every device is dropped and joins again).
    SetRouterSetup(RouterSetup),
    /// The printer leaves the network (power or Wi-Fi off).
    Leave,
    /// The printer joins the network it remembers (power or Wi-Fi back on).
    Rejoin,
    /// The printer forgets its network (Restore Network).
    Forget,
    /// The setup wizard: join this network with the password typed on the printer.
    JoinTyped { ssid: String, passphrase: crate::wps::secret::Secret<String> },
    /// The router's admin page logs this.
    AdminLog(crate::sim::air::AdminEvent),
    /// The computer looks for the router and the devices waiting again.
    ComputerSearch,
    /// The PIN typed in the computer's window, for the next device that asks.
    ComputerPin(Pin),
    /// The computer joins the other network (guest or home), and looks for the router there.
    ComputerOtherNetwork,
}

pub struct Engine {
    world: World,
}

impl Engine {
    pub fn new(world: World) -> Engine {
        Engine { world }
    }

    /// The only code that moves the air's clock: everything due by `now` happens first, then
    /// each command acts at `now` and what it sets off at that same instant runs; nothing
    /// due later does.
    pub fn run(&mut self, now: Time, commands: Vec<Command>) {
        self.world.air.advance_to(now);
        for command in commands {
            self.act(now, command);
            self.world.air.advance_to(now);
        }
    }

    fn act(&mut self, now: Time, command: Command) {
        let air = &mut self.world.air;
        match command {
            // Starting WPS drops the network the printer is on (wpa_supplicant reassociates
            // for WPS); it comes back, if WPS fails, by `Rejoin`.
            Command::StartWps { password, lasts } => {
                air.leave(0);
                air.printer_mut().start_for(now, password, lasts)
            }
            Command::CancelWps => air.printer_mut().cancel(),
            // The outcome (WPS-PBC-ACTIVE, or an overlap) comes back as an event.
            Command::PushRouterButton => {
                let _ = air.router_mut().push_button(now);
            }
            Command::AddRouterPin { pin, lasts } => air.router_mut().add_pin(now, pin.as_bytes(), None, Some(lasts)),
            Command::CancelRouterWps => air.router_mut().cancel(),
            Command::SetRouterSetup(setup) => {
                air.set_router_wps(setup.wps_unavailable().is_none());
                air.router_mut().set_network(setup.network_settings());
                air.set_router_network(setup.ap_network());
                air.set_router_upnp(setup.upnp_on);
                if let Some(lan) = air.lan_mut() {
                    lan.device.set_ap_pin(setup.ap_pin_on.then(|| self.world.ap_pin.as_bytes().to_vec().into()));
                }
                self.world.setup = setup;
            }
            Command::Leave => air.leave(0),
            Command::Replay(seq) => {
                air.replay(seq);
            }
            Command::Rejoin => {
                air.rejoin(0);
            }
            Command::JoinTyped { ssid, passphrase } => {
                let network = crate::wlan::station::Network {
                    ssid: ssid.into_bytes(),
                    passphrase: passphrase.as_bytes().to_vec().into(),
                };
                let bssid = air.access_point().bssid();
                air.join_mut(0).join(now, bssid, network);
            }
            Command::Forget => {
                air.leave(0);
                air.join_mut(0).forget();
            }
            Command::AdminLog(event) => air.admin_logged(event),
            Command::ComputerSearch => {
                if let Some(lan) = air.lan_mut() {
                    lan.computer.search_at(now);
                }
            }
            Command::ComputerOtherNetwork => {
                if let Some(lan) = air.lan_mut() {
                    let other = match lan.seat {
                        crate::sim::lan::Seat::Home => crate::sim::lan::Seat::Guest,
                        crate::sim::lan::Seat::Guest => crate::sim::lan::Seat::Home,
                    };
                    lan.move_to(other);
                    lan.computer.search_at(now);
                }
            }
            Command::ComputerPin(pin) => {
                if let Some(lan) = air.lan_mut() {
                    lan.computer.add_pin(now, pin.as_bytes());
                }
            }
            Command::NeighbourPushes => {
                let neighbour = self.world.neighbour();
                self.world.air.station_mut(neighbour).start(now, Password::PushButton);
            }
        }
    }

    /// Everything the engine produced since the last call, as messages, in order.
    pub fn drain(&mut self) -> Vec<Msg> {
        std::iter::from_fn(|| self.world.air.poll_happening())
            .map(|h| match h {
                Happening::Sent(sent) => Msg::Sent(LadderEntry::of(&sent)),
                Happening::Event(e) => match e.event {
                    Report::Wps(event) => Msg::Engine { seq: e.seq, side: e.who, at: e.at, event },
                    Report::Join(event) => Msg::Join { seq: e.seq, side: e.who, at: e.at, event },
                    Report::Admin(event) => Msg::Admin { seq: e.seq, event },
                    Report::Upnp(event) => Msg::Upnp { seq: e.seq, event },
                    Report::Computer(event) => Msg::Computer { seq: e.seq, event },
                },
            })
            .collect()
    }

    /// The engine's next timer or delivery.
    pub fn poll_timeout(&self) -> Option<Time> {
        self.world.air.poll_timeout()
    }

    /// What crossed the air, for the capture file.
    pub fn air(&self) -> &Air {
        &self.world.air
    }

    pub fn world(&self) -> &World {
        &self.world
    }
}
