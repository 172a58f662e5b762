//! A field's allowed range, and the checks that enforce it with today's messages: the schema
//! shows the same bounds the checks use, so the page and the core cannot disagree.

use super::value::FieldValue;

/// Bounds of a number (of each entry, for a list). A lower bound is exclusive when
/// `min_exclusive`; `max_len` is the most entries of a list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub min_exclusive: bool,
    pub max_len: Option<usize>,
}

impl Bounds {
    /// No bounds (names, switches).
    pub const NONE: Bounds = Bounds { min: None, max: None, min_exclusive: false, max_len: None };

    /// `min ..= max`.
    pub const fn closed(min: f64, max: f64) -> Self {
        Bounds { min: Some(min), max: Some(max), ..Self::NONE }
    }

    /// `(min, max]`: above `min`, at most `max`.
    pub const fn above(min: f64, max: f64) -> Self {
        Bounds { min_exclusive: true, ..Self::closed(min, max) }
    }

    /// A list of 1 to `max_len` entries, each in `min ..= max`.
    pub const fn list(min: f64, max: f64, max_len: usize) -> Self {
        Bounds { max_len: Some(max_len), ..Self::closed(min, max) }
    }

    /// Whether `v` is within (a NaN never is).
    pub fn contains(&self, v: f64) -> bool {
        let low = match (self.min, self.min_exclusive) {
            (None, _) => true,
            (Some(min), true) => v > min,
            (Some(min), false) => v >= min,
        };
        !v.is_nan() && low && self.max.is_none_or(|max| v <= max)
    }
}

/// The check most fields use: the type's own (see [`FieldValue::within`]).
pub fn within<T: FieldValue>(value: &T, bounds: &Bounds) -> Result<(), String> {
    value.within(bounds)
}

/// A whole number: "`v` is not in min..=max".
pub fn whole_within(v: u64, b: &Bounds) -> Result<(), String> {
    match (b.min, b.max) {
        (Some(min), Some(max)) if !b.contains(v as f64) => Err(format!("{v} is not in {min}..={max}")),
        _ => Ok(()),
    }
}

/// A float: finite and within, "`v` is not in (min, max]" (or `[min, max]`).
pub fn float_within(v: f64, b: &Bounds) -> Result<(), String> {
    match (b.min, b.max) {
        (Some(min), Some(max)) if !(v.is_finite() && b.contains(v)) => {
            let open = if b.min_exclusive { '(' } else { '[' };
            Err(format!("{v} is not in {open}{min}, {max}]"))
        }
        _ => Ok(()),
    }
}

/// The hidden layer widths: 1 to `max_len` layers of `min ..= max` units.
pub fn hidden_widths(widths: &[usize], b: &Bounds) -> Result<(), String> {
    let max_len = b.max_len.unwrap_or(usize::MAX);
    if widths.is_empty() || widths.len() > max_len {
        return Err(format!("{} hidden layers given, 1 to {max_len} allowed", widths.len()));
    }
    match widths.iter().find(|&&w| !b.contains(w as f64)) {
        Some(w) => Err(format!("a layer of {w} units; widths must be {} to {}", b.min.unwrap_or(0.0), b.max.unwrap_or(f64::INFINITY))),
        None => Ok(()),
    }
}

/// A probability in [0, 1].
pub fn probability(p: &f64, _: &Bounds) -> Result<(), String> {
    if (0.0..=1.0).contains(p) {
        Ok(())
    } else {
        Err(format!("{p} is not a probability in [0, 1]"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_give_the_bounds() {
        assert_eq!(whole_within(0, &Bounds::closed(1.0, 1e6)).unwrap_err(), "0 is not in 1..=1000000");
        assert!(whole_within(1_000_000, &Bounds::closed(1.0, 1e6)).is_ok());
        assert_eq!(float_within(0.0, &Bounds::above(0.0, 100.0)).unwrap_err(), "0 is not in (0, 100]");
        assert_eq!(float_within(f64::NAN, &Bounds::above(0.0, 100.0)).unwrap_err(), "NaN is not in (0, 100]");
        assert!(float_within(100.0, &Bounds::above(0.0, 100.0)).is_ok());
        assert_eq!(float_within(-1.0, &Bounds::closed(0.0, 1.0)).unwrap_err(), "-1 is not in [0, 1]");
        let hidden = Bounds::list(1.0, 4096.0, 3);
        assert_eq!(hidden_widths(&[], &hidden).unwrap_err(), "0 hidden layers given, 1 to 3 allowed");
        assert_eq!(hidden_widths(&[5000], &hidden).unwrap_err(), "a layer of 5000 units; widths must be 1 to 4096");
        assert!(hidden_widths(&[60, 30], &hidden).is_ok());
        assert_eq!(probability(&f64::NAN, &Bounds::NONE).unwrap_err(), "NaN is not a probability in [0, 1]");
    }
}
