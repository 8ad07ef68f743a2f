//! The one source of randomness in the whole project.
//!
//! A seeded PCG generator (`rand_pcg`, whose output is value-stable across
//! versions and platforms) behind three small helpers. Every random choice —
//! message loss, delays, duplication, backoff, sweep configurations — is
//! drawn here, so a seed and an action log fix a run bit for bit, natively
//! and in the browser.

use rand_core::{RngCore, SeedableRng};
use rand_pcg::Pcg64Mcg;

/// The simulator's seeded pseudo-random generator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng(Pcg64Mcg);

impl Rng {
    /// A generator fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(Pcg64Mcg::seed_from_u64(seed))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A uniform number in `[0, 1)` with 53 bits of precision. Integer
    /// arithmetic up to the last step keeps it identical on every platform.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p`. Certain outcomes draw nothing, so turning a
    /// fault off does not shift the rest of the random sequence needlessly.
    pub fn chance(&mut self, p: f64) -> bool {
        if p <= 0.0 {
            false
        } else if p >= 1.0 {
            true
        } else {
            self.unit() < p
        }
    }

    /// A uniform integer in `lo..=hi` (Lemire's multiply-shift; the bias is
    /// below 2^-40 for the small ranges used here). `hi <= lo` gives `lo`.
    /// The span is computed in 128 bits, so even `0..=u64::MAX` cannot
    /// overflow.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            return lo;
        }
        let span = u128::from(hi - lo) + 1;
        lo + ((u128::from(self.next_u64()) * span) >> 64) as u64
    }

    /// One element of `items`, uniformly; `None` for an empty slice (which
    /// draws nothing).
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let last = items.len().checked_sub(1)?;
        items.get(self.range(0, last as u64) as usize).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert_ne!(Rng::new(7).next_u64(), Rng::new(8).next_u64());
    }

    #[test]
    fn range_stays_in_bounds_and_covers_them() {
        let mut rng = Rng::new(1);
        let mut seen = [false; 5];
        for _ in 0..1000 {
            let x = rng.range(3, 7);
            assert!((3..=7).contains(&x));
            seen[(x - 3) as usize] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(rng.range(4, 4), 4);
        assert_eq!(rng.range(9, 2), 9, "an empty range gives its low end");
    }

    #[test]
    fn extreme_ranges_neither_overflow_nor_leave_their_bounds() {
        let mut rng = Rng::new(3);
        let full: Vec<u64> = (0..64).map(|_| rng.range(0, u64::MAX)).collect();
        assert!(full.iter().any(|x| *x > u64::MAX / 2), "the whole range is reachable");
        for _ in 0..64 {
            assert!(rng.range(u64::MAX - 1, u64::MAX) >= u64::MAX - 1);
            assert!(rng.range(1, u64::MAX) >= 1);
        }
        assert_eq!(rng.pick::<u8>(&[]), None);
        assert_eq!(rng.pick(&[7]), Some(7));
    }

    #[test]
    fn chance_matches_its_probability_roughly() {
        let mut rng = Rng::new(2);
        let hits = (0..10_000).filter(|_| rng.chance(0.3)).count();
        assert!((2700..3300).contains(&hits), "{hits}");
        assert!(!rng.chance(0.0));
        assert!(rng.chance(1.0));
    }
}
