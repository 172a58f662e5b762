//! A description of every config field (kind, allowed values, range, a line of help, the CLI
//! flag, the coursework default) for front ends: the page builds its controls from it, the
//! CLI its flags, and the URL and config-file readers their checks. [`FIELDS`] is generated
//! from the field table (`fields.rs`); [`LIMITS`] holds the limits on a whole experiment.

use serde::{Serialize, Serializer};

pub use super::fields::FIELDS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Int,
    Float,
    Bool,
    Enum,
    /// A list of whole numbers (the hidden layer widths).
    List,
}

/// A field's value as the schema shows it (its `default`): plain JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Whole(u64),
    Float(f64),
    Name(String),
    List(Vec<u64>),
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    /// The allowed values of an enum field.
    #[serde(serialize_with = "call", skip_serializing_if = "no_options")]
    pub options: fn() -> &'static [&'static str],
    /// Bounds of a number (of each entry, for a list); a float's lower bound is exclusive when
    /// `min_exclusive`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub min_exclusive: bool,
    /// Most entries of a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    pub help: &'static str,
    /// The CLI flag, without its dashes (`learning-rate`).
    pub flag: &'static str,
    /// Other names the CLI accepts for the flag (`lr`).
    #[serde(skip)]
    pub aliases: &'static [&'static str],
    /// The coursework default (coursework convention, classification).
    #[serde(serialize_with = "call")]
    pub default: fn() -> Value,
}

impl Field {
    /// The allowed values of an enum field (empty for the rest).
    pub fn options(&self) -> &'static [&'static str] {
        (self.options)()
    }

    /// The coursework default.
    pub fn default(&self) -> Value {
        (self.default)()
    }
}

/// The limits on an experiment that no one field carries: what `configLimits` gives the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Most settings in one experiment ([`super::MAX_RUNS`]).
    pub max_runs: usize,
}

pub const LIMITS: Limits = Limits { max_runs: super::MAX_RUNS };

/// The field called `name`.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

fn call<T: Serialize, S: Serializer>(f: &fn() -> T, s: S) -> Result<S::Ok, S::Error> {
    f().serialize(s)
}

fn no_options(f: &fn() -> &'static [&'static str]) -> bool {
    f().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, ConfigInput};

    #[test]
    fn describes_every_field_and_only_those() {
        let json = serde_json::to_value(ConfigInput::from(&Config::default())).unwrap();
        let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
        let mut names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
        let mut sorted_keys = keys.clone();
        sorted_keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(names, sorted_keys);
    }

    #[test]
    fn every_option_is_accepted_and_bounds_are_the_validators() {
        for f in FIELDS {
            for &o in f.options() {
                let mut input = ConfigInput::default();
                input.set(f.name, serde_json::json!(o)).unwrap_or_else(|e| panic!("{}={o}: {e}", f.name));
                input.resolve().unwrap();
            }
            if let (Some(_), Some(max)) = (f.min, f.max) {
                if f.kind == Kind::Int && f.name != "batch_size" && f.name != "train_size" {
                    let mut at_max = ConfigInput::default();
                    at_max.set(f.name, serde_json::json!(max)).unwrap();
                    assert!(at_max.resolve().is_ok(), "{} at its max", f.name);
                    let mut past = ConfigInput::default();
                    if past.set(f.name, serde_json::json!(max + 1.0)).is_ok() {
                        assert_eq!(past.resolve().unwrap_err().field, f.name, "{} past its max", f.name);
                    }
                }
            }
        }
    }

    #[test]
    fn the_limits_are_the_cores() {
        let json = serde_json::to_value(LIMITS).unwrap();
        assert_eq!(json, serde_json::json!({ "max_runs": crate::config::MAX_RUNS }));
        assert_eq!(crate::config::MAX_RUNS, 12, "the page's palette has 12 colours, one per setting");
    }

    #[test]
    fn each_entry_gives_its_flag_and_coursework_default() {
        let json = serde_json::to_value(FIELDS).unwrap();
        let defaults = serde_json::to_value(Config::default()).unwrap();
        for entry in json.as_array().unwrap() {
            let name = entry["name"].as_str().unwrap();
            assert_eq!(entry["default"], defaults[name], "{name}");
            assert!(entry["flag"].as_str().is_some_and(|f| !f.is_empty() && !f.starts_with('-')), "{name}");
            assert_eq!(entry.get("options").is_some(), entry["kind"] == "enum", "{name}");
        }
        assert_eq!(field("learning_rate").unwrap().flag, "learning-rate");
        assert_eq!(json[0]["default"], serde_json::json!([120]));
    }
}
