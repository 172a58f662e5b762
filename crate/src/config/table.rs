//! The macro that turns the field table (`fields.rs`) into everything a field needs: the
//! validated [`Config`](super::Config), the all-optional [`ConfigInput`](super::ConfigInput)
//! (same JSON), the defaults of a convention and task, the range checks naming the field,
//! `set` by name from any serde value, `overlaid`, `From<&Config>`, the texts a flag or link
//! carries, and the schema [`FIELDS`](super::schema::FIELDS) the page and the CLI build from.
//!
//! An entry reads (the lines marked optional may be left out):
//! ```text
//! /// Doc comment of the Config field.
//! name: Type {
//!     default: |convention, task| value,   // fn(Convention, Task) -> Type
//!     bounds: Bounds::closed(1.0, 100.0),  // optional (none): the schema's min/max/…
//!     check: probability,                  // optional (`within`, the type's own check):
//!                                          //   fn(&Type, &Bounds) -> Result<(), String>
//!     rule: true,                          // optional (false): a learning rule's own setting,
//!                                          //   handed to the rules by name (f64, usize or bool)
//!     flag: "name",                        // the CLI flag
//!     aliases: ["n"],                      // optional: its other names
//!     help: "One line of help",
//! },
//! ```

/// A rule setting's value as the rules read it ([`crate::nn::rules::RuleSettings::param`]): a
/// number as it is, a count as its value, a bool as 1 or 0.
pub trait RuleParam {
    fn as_f64(&self) -> f64;
}

impl RuleParam for f64 {
    fn as_f64(&self) -> f64 {
        *self
    }
}

impl RuleParam for usize {
    fn as_f64(&self) -> f64 {
        *self as f64
    }
}

impl RuleParam for bool {
    fn as_f64(&self) -> f64 {
        f64::from(u8::from(*self))
    }
}

/// The given expression, or the default after the `;` when none is given.
macro_rules! or {
    (; $default:expr) => {
        $default
    };
    ($given:expr; $default:expr) => {
        $given
    };
}

macro_rules! config_fields {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident: $ty:ty {
            default: $default:expr,
            $(bounds: $bounds:expr,)?
            $(check: $check:expr,)?
            $(rule: $rule:literal,)?
            flag: $flag:literal,
            $(aliases: [$($alias:literal),*],)?
            help: $help:literal $(,)?
        }
    ),* $(,)?) => {
        /// A validated configuration.
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub struct Config {
            $( $(#[doc = $doc])* pub $name: $ty, )*
        }

        /// A configuration as given, every field optional.
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct ConfigInput {
            $( pub $name: Option<$ty>, )*
        }

        /// Each field's default, by name.
        #[allow(non_snake_case)]
        mod default_of {
            use super::*;
            $( pub fn $name(convention: Convention, task: Task) -> $ty {
                let f: fn(Convention, Task) -> $ty = $default;
                f(convention, task)
            } )*
        }

        impl Config {
            /// The defaults of a convention and a task.
            pub fn with_defaults(convention: Convention, task: Task) -> Self {
                Self { $( $name: default_of::$name(convention, task), )* }
            }

            /// Checks each field against its bounds, in table order.
            fn check_fields(&self) -> Result<(), ConfigError> {
                $( {
                    let check: fn(&$ty, &Bounds) -> Result<(), String> = or!($($check)?; within);
                    check(&self.$name, &or!($($bounds)?; Bounds::NONE)).map_err(|m| ConfigError::new(stringify!($name), m))?;
                } )*
                Ok(())
            }
        }

        impl Config {
            /// The fields marked `rule: true`, (name, value) in table order: the learning
            /// rules' own settings, which a rule reads by the field's name.
            pub(super) fn rule_params(&self) -> Vec<(&'static str, f64)> {
                let mut params = Vec::new();
                $( $( if $rule {
                    params.push((stringify!($name), $crate::config::table::RuleParam::as_f64(&self.$name)));
                } )? )*
                params
            }
        }

        impl ConfigInput {
            /// The given fields, the missing ones taking the defaults of `convention` and `task`.
            fn filled(&self, convention: Convention, task: Task) -> Config {
                Config { $( $name: match &self.$name {
                    Some(v) => v.clone(),
                    None => default_of::$name(convention, task),
                }, )* }
            }

            /// Sets the field `key` from any serde value (a JS value, JSON, or [`Text`] from a
            /// CLI flag or a link). An unknown key or a value of the wrong type is an error
            /// naming the field.
            pub fn set<'de, D: serde::Deserializer<'de>>(&mut self, key: &str, value: D) -> Result<(), ConfigError> {
                match key {
                    $( stringify!($name) => {
                        self.$name = Some(<$ty as FieldValue>::read(value).map_err(|m| ConfigError::new(stringify!($name), m))?);
                    } )*
                    other => {
                        let known: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
                        return Err(ConfigError::new("config", format!("unknown field '{other}' (known: {})", known.join(", "))));
                    }
                }
                Ok(())
            }

            /// These fields, with those that `over` sets replaced by its values.
            pub fn overlaid(&self, over: &ConfigInput) -> ConfigInput {
                ConfigInput { $( $name: over.$name.clone().or_else(|| self.$name.clone()), )* }
            }

            /// The given fields as (name, text) pairs, in table order: the text a flag or a
            /// link carries, which `set` reads back through [`Text`].
            pub fn texts(&self) -> Vec<(&'static str, String)> {
                let mut out = Vec::new();
                $( if let Some(v) = &self.$name {
                    out.push((stringify!($name), FieldValue::text(v)));
                } )*
                out
            }
        }

        impl From<&Config> for ConfigInput {
            fn from(c: &Config) -> Self {
                Self { $( $name: Some(c.$name.clone()), )* }
            }
        }

        /// Every field, in the order a form shows them.
        pub static FIELDS: &[Field] = &[ $( Field {
            name: stringify!($name),
            kind: <$ty as FieldValue>::KIND,
            options: <$ty as FieldValue>::options,
            min: or!($($bounds)?; Bounds::NONE).min,
            max: or!($($bounds)?; Bounds::NONE).max,
            min_exclusive: or!($($bounds)?; Bounds::NONE).min_exclusive,
            max_len: or!($($bounds)?; Bounds::NONE).max_len,
            help: $help,
            flag: $flag,
            aliases: &[$($($alias),*)?],
            default: || FieldValue::value(&default_of::$name(Convention::Coursework, Task::Classify)),
        }, )* ];
    };
}
