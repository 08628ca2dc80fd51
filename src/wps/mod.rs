//! The WPS registration protocol, sans-IO: no terminal, no sleeping, no clock of its own.
pub mod attr;
pub mod crypto;
pub mod defs;
pub mod eap;
pub mod error;
pub mod message;
pub mod pin;
pub mod enrollee;
pub mod entropy;
pub mod event;
pub mod registrar;
pub mod pair;
