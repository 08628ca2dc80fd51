//! What crossed the air, and what is said of it: the ladder's labels and folds, the message
//! inspector, `decode`, the capture file for Wireshark, the plain words for each event, and
//! `simulate`, a whole registration printed as a trace.

pub mod capture;
pub mod decode;
pub mod explain;
pub mod inspect;
pub mod ladder;
pub mod lan_capture;
pub mod simulate;
