//! The WPS registration protocol, sans-IO: no terminal, no sleeping, no clock of its own.
pub mod attr;
pub mod crypto;
pub mod defs;
pub mod eap;
pub mod enrollee;
pub mod entropy;
pub mod error;
pub mod event;
pub mod message;
pub mod pair;
pub mod pin;
pub mod registrar;
