//! Randomness is passed in, so every run can be replayed from a seed.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use std::collections::VecDeque;

/// Where a state machine draws its nonces, keys and IVs from.
pub trait Entropy: Send {
    fn fill(&mut self, out: &mut [u8]);
}

/// A ChaCha20 CSPRNG: seeded for replayable demos and tests, or from the OS.
pub struct Csprng(ChaCha20Rng);

impl Csprng {
    pub fn from_seed(seed: u64) -> Self {
        Csprng(ChaCha20Rng::seed_from_u64(seed))
    }
    pub fn from_os() -> Self {
        Csprng::from_bytes(Csprng::os_seed())
    }

    /// 32 bytes from the operating system: a seed to start the same stream again from.
    pub fn os_seed() -> [u8; 32] {
        let mut seed = [0u8; 32];
        rand::rng().fill_bytes(&mut seed);
        seed
    }

    /// The stream of a full-width seed (from [`Csprng::os_seed`]).
    pub fn from_bytes(seed: [u8; 32]) -> Self {
        Csprng(ChaCha20Rng::from_seed(seed))
    }
    /// A child generator for one machine, so each side's draws do not shift the others'.
    pub fn child(&mut self) -> Csprng {
        let mut seed = [0u8; 32];
        self.0.fill_bytes(&mut seed);
        Csprng(ChaCha20Rng::from_seed(seed))
    }
    pub fn rng(&mut self) -> &mut ChaCha20Rng {
        &mut self.0
    }
}

impl Entropy for Csprng {
    fn fill(&mut self, out: &mut [u8]) {
        self.0.fill_bytes(out);
    }
}

/// Plays back fixed bytes (a captured session's secrets), then a seeded generator.
pub struct Scripted {
    script: VecDeque<u8>,
    after: Csprng,
}

impl Scripted {
    pub fn new(parts: &[&[u8]]) -> Self {
        Scripted { script: parts.iter().flat_map(|p| p.iter().copied()).collect(), after: Csprng::from_seed(0) }
    }
}

impl Entropy for Scripted {
    fn fill(&mut self, out: &mut [u8]) {
        for b in out.iter_mut() {
            *b = match self.script.pop_front() {
                Some(v) => v,
                None => {
                    let mut one = [0u8];
                    self.after.fill(&mut one);
                    one[0]
                }
            };
        }
    }
}
