//! The WPS registration protocol, sans-IO: no terminal, no sleeping, no clock of its own.
//! Nothing here knows about the panel, the simulated air or the words shown to people.
pub mod attr;
pub mod crypto;
pub mod defs;
pub mod dev_attr;
pub mod eap;
pub mod enrollee;
pub mod entropy;
pub mod error;
pub mod event;
pub mod fragment;
pub mod ids;
pub mod message;
pub mod pin;
pub mod probe;
pub mod registrar;
pub mod sealed;
pub mod secret;
pub mod text;
pub mod time;
pub mod timer;

#[cfg(test)]
mod testing;
