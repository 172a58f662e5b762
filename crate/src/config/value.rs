//! What a config field's Rust type brings to the field table (`fields.rs`): how a value is read
//! from any serde value (a JS value, JSON, or [`Text`](super::Text) from a flag or a link), how
//! it is written back as text, its schema kind and, for a name, the names it allows. A table
//! entry states only its type; the rest follows from here.

use std::fmt;

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::Serialize;

use super::bounds::{float_within, whole_within, Bounds};
use super::count::{Count, Counts};
use super::schema::{Kind, Value};
use super::{Activation, Binning, Convention, Loss, Optimizer, OutputActivation, Rule, StochasticMode, Task};

/// A type a config field may have.
pub trait FieldValue: Sized + Clone + PartialEq {
    const KIND: Kind;

    /// Reads a value; the message says what is wrong (the caller names the field).
    fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String>;

    /// The value as a flag or a link carries it, read back by [`FieldValue::read`] from
    /// [`Text`](super::Text): `0.5`, `true`, `feedback_alignment`, `60x30`.
    fn text(&self) -> String;

    /// The value for the schema (its `default`).
    fn value(&self) -> Value;

    /// Checks the value against its bounds (none by default).
    fn within(&self, _bounds: &Bounds) -> Result<(), String> {
        Ok(())
    }

    /// The names a name field allows, in the order a form lists them (none for the rest).
    fn options() -> &'static [&'static str] {
        &[]
    }
}

/// Deserialises `T`, with the bare message of the deserialiser's error.
fn parse<'de, T: serde::Deserialize<'de>, D: Deserializer<'de>>(value: D) -> Result<T, String> {
    T::deserialize(value).map_err(|e| {
        let text = e.to_string();
        text.strip_prefix("Error: ").unwrap_or(&text).to_string()
    })
}

/// Whole numbers, read as a [`Count`]: any number form, refused plainly when not whole,
/// negative or too large.
macro_rules! whole {
    ($($t:ty => $convert:ident),*) => {$(
        impl FieldValue for $t {
            const KIND: Kind = Kind::Int;
            fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String> {
                parse::<Count, D>(value)?.$convert()
            }
            fn text(&self) -> String {
                self.to_string()
            }
            fn value(&self) -> Value {
                Value::Whole(*self as u64)
            }
            fn within(&self, bounds: &Bounds) -> Result<(), String> {
                whole_within(*self as u64, bounds)
            }
        }
    )*};
}

whole!(usize => to_usize, u32 => to_u32);

impl FieldValue for f64 {
    const KIND: Kind = Kind::Float;
    fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String> {
        parse(value)
    }
    /// Rust's shortest text that reads back to the same bits (`5e-6`, `0.5`).
    fn text(&self) -> String {
        format!("{self:?}")
    }
    fn value(&self) -> Value {
        Value::Float(*self)
    }
    fn within(&self, bounds: &Bounds) -> Result<(), String> {
        float_within(*self, bounds)
    }
}

impl FieldValue for bool {
    const KIND: Kind = Kind::Bool;
    fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String> {
        parse(value)
    }
    fn text(&self) -> String {
        self.to_string()
    }
    fn value(&self) -> Value {
        Value::Bool(*self)
    }
}

/// A list of whole numbers (the hidden layer widths), written `60x30`.
impl FieldValue for Vec<usize> {
    const KIND: Kind = Kind::List;
    fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String> {
        parse::<Counts, D>(value)?.0.into_iter().map(Count::to_usize).collect()
    }
    fn text(&self) -> String {
        self.iter().map(ToString::to_string).collect::<Vec<_>>().join("x")
    }
    fn value(&self) -> Value {
        Value::List(self.iter().map(|&w| w as u64).collect())
    }
}

/// A unit variant's serde name (the one JSON, flags and links use), through serde's
/// `fmt::Formatter` serialiser.
struct Name<'a, T>(&'a T);

impl<T: Serialize> fmt::Display for Name<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.0.serialize(f)
    }
}

/// The names an enum's `Deserialize` accepts: the list serde derives from the enum itself,
/// caught as it is handed to the deserialiser.
pub fn variant_names<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Catch(&'static [&'static str]);
    impl<'de> Deserializer<'de> for &mut Catch {
        type Error = de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not an enum"))
        }
        fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, names: &'static [&'static str], _: V) -> Result<V::Value, Self::Error> {
            self.0 = names;
            Err(de::Error::custom("caught the names"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map struct identifier ignored_any
        }
    }
    let mut catch = Catch(&[]);
    let _ = T::deserialize(&mut catch);
    catch.0
}

/// Name fields: the enums config composes, each with the list of its names (`options`): the
/// enums' serde derive gives them, except `Rule`'s, which come from the rules' registry
/// ([`Rule::NAMES`](crate::nn::rules::Rule::NAMES)): serde's list of `Rule` also holds the old
/// names it still reads (`sign_symmetry`), which no menu should offer.
macro_rules! names {
    ($($t:ty => $options:expr),*) => {$(
        impl FieldValue for $t {
            const KIND: Kind = Kind::Enum;
            fn read<'de, D: Deserializer<'de>>(value: D) -> Result<Self, String> {
                parse(value)
            }
            fn text(&self) -> String {
                Name(self).to_string()
            }
            fn value(&self) -> Value {
                Value::Name(self.text())
            }
            fn options() -> &'static [&'static str] {
                $options
            }
        }
    )*};
}

names!(
    Activation => variant_names::<Activation>(),
    OutputActivation => variant_names::<OutputActivation>(),
    Convention => variant_names::<Convention>(),
    Rule => Rule::NAMES,
    StochasticMode => variant_names::<StochasticMode>(),
    Binning => variant_names::<Binning>(),
    Task => variant_names::<Task>(),
    Loss => variant_names::<Loss>(),
    Optimizer => variant_names::<Optimizer>()
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_enums() {
        assert_eq!(Activation::options(), ["sigmoid", "tanh", "relu"]);
        assert_eq!(Rule::FeedbackAlignmentNoDerivative.text(), "feedback_alignment_no_derivative");
        assert!(Rule::options().contains(&"usf"));
        // The options are the registry's names, in its order, without the old names serde
        // still reads (`sign_symmetry`, `dendritic-microcircuit`).
        assert_eq!(Rule::options(), crate::nn::rules::Rule::NAMES);
        assert!(!Rule::options().contains(&"sign_symmetry") && !Rule::options().contains(&"dendritic-microcircuit"));
        // Every other enum's serde list is its names only (no aliases): each reads and writes as itself.
        fn names_are_canonical<T: FieldValue + DeserializeOwned + Serialize>() {
            use serde::de::IntoDeserializer;
            for &name in T::options() {
                let read: T = T::deserialize(name.into_deserializer()).map_err(|e: de::value::Error| e.to_string()).unwrap();
                assert_eq!(Name(&read).to_string(), name, "{name} is an alias");
            }
        }
        names_are_canonical::<Activation>();
        names_are_canonical::<OutputActivation>();
        names_are_canonical::<Convention>();
        names_are_canonical::<Rule>();
        names_are_canonical::<StochasticMode>();
        names_are_canonical::<Binning>();
        names_are_canonical::<Task>();
        names_are_canonical::<Loss>();
        names_are_canonical::<Optimizer>();
        assert_eq!(usize::options(), [] as [&str; 0]);
        assert_eq!(vec![60usize, 30].text(), "60x30");
        assert_eq!(5e-6f64.text(), "5e-6");
    }
}
