//! The simulated world the rehearsal runs in: the devices' numbers (`models`), the training
//! scenarios, the world built once from a seed, and the air that carries frames between the
//! printer(s) and the router on a virtual clock.

pub mod air;
pub mod frame;
pub mod models;
pub mod scenarios;
pub mod world;
