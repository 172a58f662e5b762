//! Samples grouped by identical code, exactly: the sample indices are sorted by their packed
//! codes (whole words compared, no hashing) and each run of equal codes is one group. Counting
//! a group's members gives H(T); counting a small-alphabet variable V (a label, a quadrant)
//! within each group gives H(T,V) with a 256-entry counter on the stack. No allocation per
//! sample: one index array and one array of group starts.

use super::codes::Codes;
use super::estimate::Tally;

/// The partition of the samples by code. Group g is `order[starts[g]..starts[g + 1]]`.
#[derive(Debug, Clone)]
pub(crate) struct Groups {
    order: Vec<u32>,
    starts: Vec<u32>,
}

impl Groups {
    /// Groups the samples of `codes` (at most `u32::MAX` of them: checked by the caller).
    pub(crate) fn of_codes(codes: &Codes) -> Self {
        let n = codes.len();
        let mut order: Vec<u32> = (0..n as u32).collect();
        let wpc = codes.words_per_code();
        let words = codes.words();
        // Codes of one or two words sort by one u128 key (one sort instantiation for both: each
        // costs the wasm kilobytes of code); longer ones by their words. The order within a group
        // of equal codes does not matter: only the groups' sizes and contents are counted.
        match wpc {
            1 | 2 => order.sort_unstable_by_key(|&i| {
                let k = wpc * i as usize;
                let low = if wpc == 2 { u128::from(words[k + 1]) } else { 0 };
                (u128::from(words[k]) << 64) | low
            }),
            _ => order.sort_unstable_by(|&a, &b| codes.code(a as usize).cmp(codes.code(b as usize))),
        }
        let mut starts = Vec::with_capacity(n.min(1024) + 1);
        for r in 0..n {
            if r == 0 || codes.code(order[r] as usize) != codes.code(order[r - 1] as usize) {
                starts.push(r as u32);
            }
        }
        starts.push(n as u32);
        Self { order, starts }
    }

    /// Number of distinct codes.
    pub(crate) fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn members(&self) -> impl Iterator<Item = &[u32]> {
        self.starts.windows(2).map(|s| &self.order[s[0] as usize..s[1] as usize])
    }

    /// The histogram of codes, for H(T).
    pub(crate) fn tally(&self) -> Tally {
        Tally::of_counts(self.starts.windows(2).map(|s| u64::from(s[1] - s[0])))
    }

    /// The histogram of (code, vᵢ) pairs, for H(T,V); `v` has one symbol per sample.
    pub(crate) fn joint_tally(&self, v: &[u8]) -> Tally {
        let mut counts = [0u32; 256];
        let mut t = Tally::default();
        for group in self.members() {
            if let [_] = group {
                t.add(1);
                continue;
            }
            for &i in group {
                counts[v[i as usize] as usize] += 1;
            }
            for &i in group {
                let c = &mut counts[v[i as usize] as usize];
                if *c > 0 {
                    t.add(u64::from(*c));
                    *c = 0;
                }
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};
    use std::collections::HashMap;

    fn random_codes(rng: &mut Rng, n: usize, units: usize, bits: u32, alphabet: u32) -> (Codes, Vec<Vec<u8>>) {
        // Few distinct rows (drawn from `alphabet` prototypes) so that groups have many members.
        let protos: Vec<Vec<u8>> =
            (0..alphabet).map(|_| (0..units).map(|_| rng.below(1 << bits) as u8).collect()).collect();
        let rows: Vec<Vec<u8>> = (0..n).map(|_| protos[rng.below(alphabet) as usize].clone()).collect();
        let mut codes = Codes::zeroed(n, units, bits);
        for (i, row) in rows.iter().enumerate() {
            for (u, &v) in row.iter().enumerate() {
                codes.set(i, u, v);
            }
        }
        (codes, rows)
    }

    #[test]
    fn groups_and_tallies_agree_with_a_map_of_whole_rows() {
        let mut rng = Rng::new(4, Stream::Init);
        for &(units, bits) in &[(10, 1), (64, 1), (65, 1), (120, 1), (300, 1), (40, 3), (120, 5), (33, 8)] {
            let n = 2000;
            let alphabet = 1 + rng.below(300);
            let (codes, rows) = random_codes(&mut rng, n, units, bits, alphabet);
            let v: Vec<u8> = (0..n).map(|_| rng.below(10) as u8).collect();
            let mut by_row: HashMap<&[u8], usize> = HashMap::new();
            let mut by_pair: HashMap<(&[u8], u8), u64> = HashMap::new();
            for (row, &vi) in rows.iter().zip(&v) {
                *by_row.entry(row).or_default() += 1;
                *by_pair.entry((row, vi)).or_default() += 1;
            }
            let groups = Groups::of_codes(&codes);
            assert_eq!(groups.len(), by_row.len(), "units {units}, bits {bits}");
            // Same histograms, so the same entropies (up to the order of summation).
            let h = groups.tally().plug_in_bits();
            let h_ref = Tally::of_counts(by_row.values().map(|&c| c as u64)).plug_in_bits();
            assert!((h - h_ref).abs() < 1e-12);
            let joint = groups.joint_tally(&v);
            let joint_ref = Tally::of_counts(by_pair.values().copied());
            assert_eq!((joint.n(), joint.distinct()), (joint_ref.n(), joint_ref.distinct()));
            assert!((joint.plug_in_bits() - joint_ref.plug_in_bits()).abs() < 1e-12);
        }
    }

    #[test]
    fn wide_codes_differing_only_in_the_last_unit_are_two_codes() {
        for units in [64, 65, 120, 128, 129, 300] {
            for bits in [1, 3, 8] {
                // An arbitrary pattern with the lowest bit of every bin clear; samples 1, 3 and 4
                // set the lowest bit of the last unit's bin, and differ from the others only there.
                let base = |u: usize| ((u * 7) % (1 << bits)) as u8 & !1;
                let mut codes = Codes::zeroed(6, units, bits);
                for i in 0..6 {
                    for u in 0..units {
                        let flip = u == units - 1 && [1, 3, 4].contains(&i);
                        codes.set(i, u, base(u) | u8::from(flip));
                    }
                }
                assert_ne!(codes.code(0), codes.code(1));
                let groups = Groups::of_codes(&codes);
                assert_eq!(groups.len(), 2, "units {units}, bits {bits}");
                let t = groups.tally();
                assert_eq!((t.n(), t.distinct()), (6, 2));
                assert_eq!(t.plug_in_bits(), 1.0);
            }
        }
    }
}
