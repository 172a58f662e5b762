//! A layer's discretised activity: one packed code per sample.
//!
//! Each unit's bin (0..k) takes b = ⌈log₂ k⌉ bits, and a sample's code is the bit string of its
//! units in order, unit 0 first, most significant bit first, stored in ⌈units·b / 64⌉ `u64`
//! words (a unit may straddle two words; the unused low bits of the last word are 0). Two
//! samples have the same code exactly when every unit is in the same bin, so codes are compared
//! whole, with no hashing. The hex form reads in the same order: with k = 16 each hex digit is
//! one unit's bin, with k = 2 each digit is four units (unit 0 its highest bit).

/// Packed codes of `len()` samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codes {
    words: Vec<u64>,
    n: usize,
    units: usize,
    bits_per_unit: u32,
    words_per_code: usize,
}

impl Codes {
    /// All-zero codes of `n` samples × `units` units of `bits_per_unit` bits (1..=8) each.
    pub(crate) fn zeroed(n: usize, units: usize, bits_per_unit: u32) -> Self {
        let words_per_code = (units * bits_per_unit as usize).div_ceil(64);
        Self { words: vec![0; n * words_per_code], n, units, bits_per_unit, words_per_code }
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    pub fn units(&self) -> usize {
        self.units
    }

    /// Bits per unit, ⌈log₂ k⌉ for k bins.
    pub fn bits_per_unit(&self) -> u32 {
        self.bits_per_unit
    }

    /// Bits per code: units × bits per unit.
    pub fn code_bits(&self) -> usize {
        self.units * self.bits_per_unit as usize
    }

    pub(crate) fn words_per_code(&self) -> usize {
        self.words_per_code
    }

    /// The packed code of sample `i` (`i < len()`).
    #[inline]
    pub(crate) fn code(&self, i: usize) -> &[u64] {
        &self.words[i * self.words_per_code..(i + 1) * self.words_per_code]
    }

    /// All codes, one after another.
    pub(crate) fn words(&self) -> &[u64] {
        &self.words
    }

    /// Sets unit `unit` of sample `sample` to `bin`, which must fit in `bits_per_unit` bits and
    /// be written at most once (bits are OR-ed into a zeroed code). For tests: the
    /// discretisers write whole codes with [`Codes::fill`].
    #[cfg(test)]
    pub(crate) fn set(&mut self, sample: usize, unit: usize, bin: u8) {
        let b = self.bits_per_unit;
        let start = sample * self.words_per_code;
        let code = &mut self.words[start..start + self.words_per_code];
        let bit = unit * b as usize;
        let (w, used) = (bit / 64, (bit % 64) as u32);
        let room = 64 - used;
        let v = u64::from(bin);
        if b <= room {
            code[w] |= v << (room - b);
        } else {
            let spill = b - room;
            code[w] |= v >> spill;
            code[w + 1] |= v << (64 - spill);
        }
    }

    /// Writes each code in turn: `write(i, &mut writer)` must push every unit's bin of sample
    /// `i`, unit 0 first (the writer stores whole words, padding included).
    pub(crate) fn fill(&mut self, mut write: impl FnMut(usize, &mut CodeWriter)) {
        let (b, wpc) = (self.bits_per_unit, self.words_per_code);
        for (i, code) in self.words.chunks_exact_mut(wpc).enumerate() {
            let mut writer = CodeWriter { out: code, bits: b, acc: 0, filled: 0, word: 0 };
            write(i, &mut writer);
            writer.finish();
        }
    }

    /// The bin of unit `unit` in sample `sample`, or `None` if either is out of range.
    pub fn bin(&self, sample: usize, unit: usize) -> Option<u8> {
        if sample >= self.n || unit >= self.units {
            return None;
        }
        let b = self.bits_per_unit;
        let code = self.code(sample);
        let bit = unit * b as usize;
        let (w, used) = (bit / 64, (bit % 64) as u32);
        let room = 64 - used;
        let mask = (1u64 << b) - 1;
        let v = if b <= room {
            code[w] >> (room - b)
        } else {
            let spill = b - room;
            (code[w] << spill) | (code[w + 1] >> (64 - spill))
        };
        Some((v & mask) as u8)
    }

    /// Every unit's bin in sample `sample`, unit 0 first, or `None` if there is no such sample.
    pub fn bins(&self, sample: usize) -> Option<Vec<u8>> {
        (sample < self.n).then(|| (0..self.units).filter_map(|u| self.bin(sample, u)).collect())
    }

    /// Sample `sample`'s code as ⌈code_bits / 4⌉ lower-case hex digits, unit 0 first (see the
    /// module docs), or `None` if there is no such sample.
    pub fn hex(&self, sample: usize) -> Option<String> {
        if sample >= self.n {
            return None;
        }
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let code = self.code(sample);
        let nibbles = self.code_bits().div_ceil(4);
        let mut out = String::with_capacity(nibbles);
        for q in 0..nibbles {
            let bit = 4 * q;
            let nibble = (code[bit / 64] >> (60 - bit % 64)) & 0xf;
            out.push(char::from(DIGITS[nibble as usize]));
        }
        Some(out)
    }
}

/// A code for people to read, from its bins (unit 0 first) and the bins per unit k: a bit per
/// unit for k = 2 ("0110"), a hex digit per unit for k up to 16 ("3f0a"), else the bins as
/// space-separated numbers ("17 0 255").
pub fn code_text(bins: &[u8], bin_count: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    if bin_count <= 16 {
        bins.iter().map(|&b| char::from(DIGITS[usize::from(b & 0xf)])).collect()
    } else {
        bins.iter().map(u8::to_string).collect::<Vec<_>>().join(" ")
    }
}

/// Appends bins to one code, most significant bit first, a word at a time (no branch on the
/// bins' values, no bounds check per bit).
pub(crate) struct CodeWriter<'a> {
    out: &'a mut [u64],
    bits: u32,
    /// Bits not yet stored, right-aligned; `filled` of them.
    acc: u64,
    filled: u32,
    word: usize,
}

impl CodeWriter<'_> {
    /// Appends one unit's bin (< 2^bits_per_unit).
    #[inline]
    pub(crate) fn push(&mut self, bin: u8) {
        let (v, b) = (u64::from(bin), self.bits);
        if self.filled + b < 64 {
            self.acc = (self.acc << b) | v;
            self.filled += b;
        } else {
            // Completes the word: `room` ≥ 1 bits fit, the other `b − room` start the next.
            let room = 64 - self.filled;
            let rest = b - room;
            self.out[self.word] = (self.acc << room) | (v >> rest);
            self.word += 1;
            self.acc = v & ((1u64 << rest) - 1);
            self.filled = rest;
        }
    }

    fn finish(self) {
        if self.filled > 0 {
            self.out[self.word] = self.acc << (64 - self.filled);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Rng, Stream};

    #[test]
    fn bins_read_back_for_every_width_and_straddle() {
        let mut rng = Rng::new(2, Stream::Init);
        for b in 1..=8u32 {
            for units in [1, 7, 63, 64, 65, 120, 300] {
                let n = 5;
                let bins: Vec<u8> = (0..n * units).map(|_| rng.below(1 << b) as u8).collect();
                let mut codes = Codes::zeroed(n, units, b);
                for (k, &v) in bins.iter().enumerate() {
                    codes.set(k / units, k % units, v);
                }
                assert_eq!(codes.words_per_code(), (units * b as usize).div_ceil(64));
                // The streaming writer packs the same bits.
                let mut streamed = Codes::zeroed(n, units, b);
                streamed.fill(|i, code| bins[i * units..(i + 1) * units].iter().for_each(|&v| code.push(v)));
                assert_eq!(streamed, codes, "b {b}, units {units}");
                for (k, &v) in bins.iter().enumerate() {
                    assert_eq!(codes.bin(k / units, k % units), Some(v), "b {b}, units {units}, item {k}");
                }
                assert_eq!(codes.bin(n, 0), None);
                assert_eq!(codes.bin(0, units), None);
            }
        }
    }

    #[test]
    fn hex_reads_units_in_order() {
        // k = 2: units 1,0,1,1 | 0,0,0,1 | 1 → "b18" (the last digit padded with zeros).
        let mut codes = Codes::zeroed(2, 9, 1);
        for (u, &v) in [1u8, 0, 1, 1, 0, 0, 0, 1, 1].iter().enumerate() {
            codes.set(0, u, v);
        }
        assert_eq!(codes.hex(0).unwrap(), "b18");
        assert_eq!(codes.hex(1).unwrap(), "000");
        assert_eq!(codes.hex(2), None);
        // 4 bits per unit: one digit per unit, across the word boundary (unit 16 is bit 64).
        let mut codes = Codes::zeroed(1, 18, 4);
        for u in 0..18 {
            codes.set(0, u, (u % 16) as u8);
        }
        assert_eq!(codes.hex(0).unwrap(), "0123456789abcdef01");
        // 120 binary units: 30 digits; only the last unit set.
        let mut codes = Codes::zeroed(1, 120, 1);
        codes.set(0, 119, 1);
        assert_eq!(codes.hex(0).unwrap(), format!("{}1", "0".repeat(29)));
    }

    #[test]
    fn bins_and_text_of_one_code() {
        let mut codes = Codes::zeroed(2, 5, 4);
        for (u, &v) in [1u8, 0, 15, 9, 10].iter().enumerate() {
            codes.set(1, u, v);
        }
        assert_eq!(codes.bins(1).unwrap(), [1, 0, 15, 9, 10]);
        assert_eq!(codes.bins(0).unwrap(), [0; 5]);
        assert_eq!(codes.bins(2), None);
        assert_eq!(code_text(&[1, 0, 15, 9, 10], 16), "10f9a");
        assert_eq!(code_text(&[1, 0, 1, 1], 2), "1011");
        assert_eq!(code_text(&[2, 0, 4], 5), "204");
        assert_eq!(code_text(&[17, 0, 255], 256), "17 0 255");
        assert_eq!(code_text(&[16, 3], 17), "16 3");
        assert_eq!(code_text(&[], 2), "");
    }
}
