//! The join that follows WPS, sans-IO: 802.11 authentication and association, the WPA2
//! 4-way handshake, CCMP and DHCP. Like `wps`, nothing here sleeps, reads a clock or knows
//! about the panel: machines take frames and the time and hand back frames, events and
//! deadlines, and draw their nonces from the randomness they are given.
pub mod ap;
pub mod ccmp;
pub mod dhcp;
pub mod eapol_key;
pub mod event;
pub mod frame;
pub mod handshake;
pub mod keys;
pub mod rsn;
pub mod station;
pub mod supplicant;
