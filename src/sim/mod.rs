//! The simulated world the rehearsal runs in: the devices' numbers (`models`), the training
//! scenarios, the world built once from a seed, the air that carries frames between the
//! printer(s) and the router on a virtual clock, and the recording of what crossed it.

pub mod air;
pub mod frame;
pub mod lan;
pub mod models;
pub mod recording;
pub mod scenarios;
pub mod world;
