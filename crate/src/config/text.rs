//! Config values given as text, from a CLI flag or a link parameter: a serde deserialiser that
//! reads a number, `true`/`false`, a name, or a list of whole numbers joined by `x` (`60x30`),
//! as the field's type asks. [`ConfigInput::set`](super::ConfigInput::set) takes it like any
//! other serde value, so text meets the same checks and messages as JSON.

use serde::de::value::{Error, SeqDeserializer, StrDeserializer};
use serde::de::{self, IntoDeserializer, Visitor};

/// One value as text.
#[derive(Debug, Clone, Copy)]
pub struct Text<'a>(pub &'a str);

impl<'de> de::Deserializer<'de> for Text<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let t = self.0.trim();
        if t.is_empty() {
            return Err(de::Error::custom("no value given"));
        }
        if let Ok(u) = t.parse::<u64>() {
            visitor.visit_u64(u)
        } else if let Ok(i) = t.parse::<i64>() {
            visitor.visit_i64(i)
        } else if let Ok(f) = t.parse::<f64>() {
            visitor.visit_f64(f)
        } else {
            match t {
                "true" => visitor.visit_bool(true),
                "false" => visitor.visit_bool(false),
                _ => visitor.visit_str(t),
            }
        }
    }

    /// `60x30` is a list of two; `120` a list of one.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(SeqDeserializer::new(self.0.split('x').map(Text)))
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, _: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        let name: StrDeserializer<Error> = self.0.trim().into_deserializer();
        visitor.visit_enum(name)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct newtype_struct tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de, 'a> IntoDeserializer<'de, Error> for Text<'a> {
    type Deserializer = Text<'a>;
    fn into_deserializer(self) -> Text<'a> {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn reads_what_the_type_asks_for() {
        assert_eq!(f64::deserialize(Text("5e-6")).unwrap(), 5e-6);
        assert_eq!(f64::deserialize(Text("3")).unwrap(), 3.0);
        assert!(bool::deserialize(Text(" true ")).unwrap());
        assert_eq!(Vec::<u32>::deserialize(Text("60x30")).unwrap(), [60, 30]);
        assert_eq!(Vec::<u32>::deserialize(Text("120")).unwrap(), [120]);
        assert_eq!(crate::Rule::deserialize(Text("sign_symmetry")).unwrap(), crate::Rule::Usf);
        assert_eq!(u32::deserialize(Text("")).unwrap_err().to_string(), "no value given");
        assert!(Vec::<u32>::deserialize(Text("60x")).is_err());
        assert!(bool::deserialize(Text("yes")).is_err());
    }
}
