//! The config flags, made from the field table: one clap argument per field (its flag, its
//! aliases, its help and default, and for a name field its values, written with dashes), and
//! their values read back into a [`ConfigInput`] through the config's own parser, so that the
//! messages match the page's. Two CLI additions live here: `--hidden` takes a sweep of runs
//! (`15,30,60x30`) and `--seed random` draws a fresh seed.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgMatches};

use super::CliError;
use crate::config::schema::{field, Field, Kind, FIELDS};
use crate::config::{Config, ConfigInput, Convention, Task, Text};

/// One argument per config field except those in `skip`, showing the defaults of `task`.
pub fn config_args(task: Task, skip: &[&str]) -> Vec<Arg> {
    let own = ConfigInput::from(&Config::with_defaults(Convention::default_for(task), task)).texts();
    let standard = ConfigInput::from(&Config::with_defaults(Convention::Standard, task)).texts();
    // A full config's texts are in table order, one per field.
    FIELDS
        .iter()
        .zip(own.iter().zip(&standard))
        .filter(|(f, _)| !skip.contains(&f.name))
        .map(|(f, ((_, own), (_, standard)))| {
            // The defaults that differ between the conventions show both (the convention's own
            // default is the convention).
            let default = match own == standard || f.name == "convention" {
                true => shown(f, own),
                false => format!("{}; {} with --convention standard", shown(f, own), shown(f, standard)),
            };
            arg(f, format!("{}{} [default: {default}]", f.help, note(f.name)))
        })
        .collect()
}

/// A value as a flag takes it: names with dashes.
fn shown(f: &Field, text: &str) -> String {
    match f.kind {
        Kind::Enum => text.replace('_', "-"),
        _ => text.to_string(),
    }
}

/// What the CLI adds to a field's help.
fn note(name: &str) -> &'static str {
    match name {
        "hidden" => " (60x30 for two layers; 15,30,60x30 for a sweep of three runs)",
        "seed" => " (random: draw a fresh one, printed on stderr)",
        _ => "",
    }
}

/// An enum field's old names, each with the option it names: a rule's registry aliases
/// (`sign_symmetry` is `usf`); none for the other fields. The field's options list them too
/// (serde's variant names include the aliases).
fn old_names(f: &Field) -> &'static [(&'static str, &'static str)] {
    if f.name == "rule" { crate::config::Rule::ALIASES } else { &[] }
}

/// An enum field's values: each option but an old name, written with dashes, which also takes
/// its underscored spelling and its old names (dashed and underscored) without showing them.
fn possible_values(f: &Field) -> Vec<PossibleValue> {
    let old = old_names(f);
    let current = f.options().iter().filter(|&&o| !old.iter().any(|&(alias, _)| alias == o));
    current
        .map(|&name| {
            let shown = name.replace('_', "-");
            let mut also: Vec<String> = std::iter::once(name)
                .chain(old.iter().filter(|&&(_, n)| n == name).map(|&(alias, _)| alias))
                .flat_map(|n| [n.to_string(), n.replace('_', "-")])
                .filter(|n| *n != shown)
                .collect();
            also.sort();
            also.dedup();
            PossibleValue::new(shown).aliases(also)
        })
        .collect()
}

fn arg(f: &'static Field, help: String) -> Arg {
    let value_name = match f.kind {
        Kind::Int => "N",
        Kind::Float => "X",
        Kind::Bool => "BOOL",
        Kind::Enum => "NAME",
        Kind::List => "WIDTHS",
    };
    let arg = Arg::new(f.name).long(f.flag).visible_aliases(f.aliases.iter().copied()).value_name(value_name).help(help);
    match f.kind {
        // A switch (`--bias`), which also takes `--bias=false`.
        Kind::Bool => arg
            .num_args(0..=1)
            .require_equals(true)
            .default_missing_value("true")
            .value_parser(["true", "false"])
            .hide_possible_values(true),
        Kind::Enum => arg.value_parser(PossibleValuesParser::new(possible_values(f))),
        _ => arg.allow_negative_numbers(true),
    }
}

/// The config the flags give, and the runs of a `--hidden` sweep (empty without `--hidden`;
/// the config's own `hidden` is left unset).
pub fn read_config(m: &ArgMatches) -> Result<(ConfigInput, Vec<Vec<usize>>), CliError> {
    let mut input = ConfigInput::default();
    let mut runs = Vec::new();
    for f in FIELDS {
        let Some(value) = m.try_get_one::<String>(f.name).ok().flatten() else { continue };
        let bad = |e: crate::ConfigError| CliError::flag(f.flag, e.message);
        match f.name {
            "hidden" => {
                for run in value.split(',') {
                    let mut one = ConfigInput::default();
                    one.set(f.name, Text(run)).map_err(bad)?;
                    runs.extend(one.hidden);
                }
            }
            "seed" if value == "random" => {
                let seed = crate::rng::fresh_seed().map_err(CliError::Seed)?;
                eprintln!("seed: {seed}");
                input.seed = Some(seed);
            }
            _ if f.kind == Kind::Enum => input.set(f.name, Text(&value.replace('-', "_"))).map_err(bad)?,
            _ => input.set(f.name, Text(value)).map_err(bad)?,
        }
    }
    Ok((input, runs))
}

/// A config as flags that [`read_config`] reads back to it (the hidden layers as one run).
pub fn to_flags(input: &ConfigInput) -> Vec<String> {
    let flag = |(name, text): (&str, String)| field(name).map(|f| format!("--{}={}", f.flag, shown(f, &text)));
    input.texts().into_iter().filter_map(flag).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::cli::{parse_args, Command};

    /// Values to try for a field: every name, both switches, and numbers at and inside its bounds.
    fn samples(f: &Field) -> Vec<Value> {
        let (min, max) = (f.min.unwrap_or(0.0), f.max.unwrap_or(1.0));
        let inside = min + (max - min) / 3.0;
        match f.kind {
            Kind::Enum => f.options().iter().map(|&o| json!(o)).collect(),
            Kind::Bool => vec![json!(true), json!(false)],
            Kind::Int => vec![json!(min), json!(max), json!(inside.floor())],
            Kind::Float if f.min_exclusive => vec![json!(max), json!(inside)],
            Kind::Float => vec![json!(min), json!(max), json!(inside)],
            Kind::List => vec![json!(vec![max; f.max_len.unwrap_or(1)]), json!([inside.floor(), min])],
        }
    }

    /// The config back from the flags `codes` and `train` take.
    fn through_flags(input: &ConfigInput) -> Vec<Config> {
        let flags = to_flags(input);
        let line = |head: &[&str]| head.iter().map(|s| s.to_string()).chain(flags.iter().cloned()).collect::<Vec<_>>();
        let codes = match parse_args(&line(&["codes", "--csv", "c.csv"])).unwrap() {
            Command::Codes { config, hidden, .. } => ConfigInput { hidden, ..config },
            other => panic!("{other:?}"),
        };
        let train = match parse_args(&line(&["train"])).unwrap() {
            Command::Train { config, sweep, .. } => ConfigInput { hidden: sweep.into_iter().next(), ..config },
            other => panic!("{other:?}"),
        };
        [codes, train].iter().map(|i| i.resolve().unwrap_or_else(|e| panic!("{flags:?}: {e}"))).collect()
    }

    #[test]
    fn every_field_round_trips_through_flags_json_and_text() {
        for f in FIELDS {
            let mut changed = 0;
            for base in [Config::default(), Config::autoencoder_defaults()] {
                for sample in samples(f) {
                    let mut input = ConfigInput::from(&base);
                    input.set(f.name, sample.clone()).unwrap_or_else(|e| panic!("{}={sample}: {e}", f.name));
                    // A value that only a cross-field check refuses (task autoencode with raw
                    // pixels) is tried from the other base.
                    let Ok(c) = input.resolve() else { continue };
                    if c == base {
                        continue;
                    }
                    changed += 1;
                    let given = ConfigInput::from(&c);
                    for back in through_flags(&given) {
                        assert_eq!(back, c, "{} = {sample} through the flags {:?}", f.name, to_flags(&given));
                    }
                    let json = serde_json::to_string(&given).unwrap();
                    assert_eq!(serde_json::from_str::<ConfigInput>(&json).unwrap().resolve().unwrap(), c, "{json}");
                    assert_eq!(serde_json::from_str::<Config>(&serde_json::to_string(&c).unwrap()).unwrap(), c);
                    let mut from_text = ConfigInput::default();
                    for (name, text) in given.texts() {
                        from_text.set(name, Text(&text)).unwrap_or_else(|e| panic!("{name}={text}: {e}"));
                    }
                    assert_eq!(from_text.resolve().unwrap(), c, "{} = {sample} as text", f.name);
                }
            }
            assert!(changed > 0, "no value of {} other than its default was tried", f.name);
        }
    }

    #[test]
    fn every_rule_alias_the_registry_lists_is_taken_where_a_rule_is() {
        use crate::config::Rule;
        assert!(!Rule::ALIASES.is_empty(), "the registry lists old names");
        let line = |text: String| text.split_whitespace().map(String::from).collect::<Vec<_>>();
        let parse = |text: String| parse_args(&line(text.clone())).unwrap_or_else(|e| panic!("{text}: {e}"));
        for &(alias, name) in Rule::ALIASES {
            let rule: Rule = serde_json::from_value(json!(name)).unwrap();
            for spelling in [alias.to_string(), alias.replace('_', "-"), alias.replace('-', "_")] {
                for command in ["train", "autoencoder", "codes --csv c.csv", "activity --layer 1 --csv a.csv", "analyse --out o"] {
                    let config = match parse(format!("{command} --rule {spelling}")) {
                        Command::Train { config, .. } | Command::Codes { config, .. } | Command::Activity { config, .. } | Command::Analyse { config, .. } => config,
                        other => panic!("{other:?}"),
                    };
                    assert_eq!(config.rule, Some(rule), "{command} --rule {spelling}");
                }
                let Command::Arena { rules, .. } = parse(format!("arena --rules backprop,{spelling}")) else { panic!() };
                assert_eq!(rules, [Rule::Backprop, rule], "arena --rules backprop,{spelling}");
                let Command::Rsa { rules, .. } = parse(format!("rsa --rules {spelling},backprop")) else { panic!() };
                assert_eq!(rules, [rule, Rule::Backprop], "rsa --rules {spelling},backprop");
                let Command::Bench { rules, .. } = parse(format!("bench --rule {spelling}")) else { panic!() };
                assert_eq!(rules, [rule], "bench --rule {spelling}");
            }
        }
        // A name no rule has is still refused, naming the flag.
        assert!(parse_args(&line("train --rule sign-symetry".into())).is_err());
        // --help lists the rules by name; an old name is not offered as a value of its own.
        let help = crate::cli::cli().find_subcommand_mut("train").unwrap().render_long_help().to_string();
        assert!(help.contains("dendritic-microcircuit") && help.contains("usf"), "{help}");
        assert!(!help.contains("sign-symmetry") && !help.contains("sign_symmetry"), "{help}");
    }
}
