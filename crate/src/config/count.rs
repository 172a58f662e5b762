//! Whole numbers in configs, accepted from any number form a front end may send (`100`,
//! `100.0`, `1e2`) and refused with a plain message when they are not whole, negative or too
//! large, rather than a deserialiser's type error.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

/// A whole number ≥ 0 that fits in u64.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub u64);

impl Count {
    /// As usize, or a message saying it is too large for this machine.
    pub fn to_usize(self) -> Result<usize, String> {
        usize::try_from(self.0).map_err(|_| format!("{} is too large", self.0))
    }

    /// As a u32 seed, or a message giving the range.
    pub fn to_u32(self) -> Result<u32, String> {
        u32::try_from(self.0).map_err(|_| format!("{} is not a seed in 0..=4294967295", self.0))
    }
}

struct CountVisitor;

impl Visitor<'_> for CountVisitor {
    type Value = Count;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
        Ok(Count(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
        u64::try_from(v).map(Count).map_err(|_| E::custom(format!("{v} is negative")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Count, E> {
        if !v.is_finite() || v.fract() != 0.0 {
            Err(E::custom(format!("{v} is not a whole number")))
        } else if v < 0.0 {
            Err(E::custom(format!("{v} is negative")))
        } else if v >= 18_446_744_073_709_551_616.0 {
            Err(E::custom(format!("{v:e} is too large")))
        } else {
            Ok(Count(v as u64))
        }
    }
}

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CountVisitor)
    }
}

/// A list of whole numbers (hidden layer widths).
pub struct Counts(pub Vec<Count>);

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = Counts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of whole numbers")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Counts, A::Error> {
                let mut out = Vec::new();
                while let Some(c) = seq.next_element::<Count>()? {
                    // A hostile list cannot make us collect more than a config could use.
                    if out.len() == 64 {
                        return Err(de::Error::custom("too many entries"));
                    }
                    out.push(c);
                }
                Ok(Counts(out))
            }
        }
        d.deserialize_seq(ListVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn count(v: serde_json::Value) -> Result<Count, String> {
        Count::deserialize(v).map_err(|e| e.to_string())
    }

    #[test]
    fn accepts_whole_numbers_in_any_form() {
        assert_eq!(count(json!(100)), Ok(Count(100)));
        assert_eq!(count(json!(100.0)), Ok(Count(100)));
        assert_eq!(count(json!(1e3)), Ok(Count(1000)));
    }

    #[test]
    fn refuses_the_rest_plainly() {
        assert_eq!(count(json!(100.5)).unwrap_err(), "100.5 is not a whole number");
        assert_eq!(count(json!(-3)).unwrap_err(), "-3 is negative");
        assert_eq!(count(json!(1e30)).unwrap_err(), "1e30 is too large");
        assert!(count(json!("12")).unwrap_err().contains("a whole number"));
        assert_eq!(Count(5_000_000_000).to_u32().unwrap_err(), "5000000000 is not a seed in 0..=4294967295");
        let long: Vec<u32> = vec![1; 65];
        assert!(Counts::deserialize(json!(long)).is_err());
    }
}
