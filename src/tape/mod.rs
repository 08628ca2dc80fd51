//! Recorded walkthroughs as VHS tapes: VHS's grammar (`vhs`), a tape's lines as typed commands (`command`), playing a tape on the app's
//! virtual clock (`play`), recording a live session as a tape (`record`), and rendering what
//! a played tape showed (`render`: GIF, PNG, SVG, asciicast, golden text).

pub mod command;
pub mod play;
pub mod record;
pub mod render;
pub mod vhs;
