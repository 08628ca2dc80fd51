//! The protocol's only notion of time: an instant on the caller's clock. The state machines
//! never read a clock; every call that can expire something is handed `now`.

use std::time::Duration;

/// Time since the emulation started; the caller owns the clock.
pub type Time = Duration;
