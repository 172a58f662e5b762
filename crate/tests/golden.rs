//! The pinned numbers that the Node and browser tests also check (`wasm_cases.rs`): the native
//! core must reproduce `fixtures/golden.json` exactly. After a deliberate change to the
//! numerics, rewrite it with `make golden` (BRAINLAB_BLESS=1).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::BTreeMap;

use brainlab::{Experiment, Metrics};

fn run_all() -> BTreeMap<String, Vec<Metrics>> {
    let (train, test) = common::synthetic();
    common::golden_configs()
        .into_iter()
        .map(|(name, input)| {
            let mut exp = Experiment::new(input.resolve().unwrap(), train.clone(), test.clone()).unwrap();
            exp.step(1_000).unwrap();
            (name.to_string(), exp.history().to_vec())
        })
        .collect()
}

#[test]
fn native_core_matches_the_golden_file() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/golden.json");
    let actual = run_all();
    if std::env::var_os("BRAINLAB_BLESS").is_some() {
        std::fs::write(path, serde_json::to_string_pretty(&actual).unwrap() + "\n").unwrap();
    }
    let expected: BTreeMap<String, Vec<Metrics>> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("golden.json (make golden writes it)")).unwrap();
    assert_eq!(actual, expected, "the numerics changed; if on purpose, run `make golden`");
    // The pinned runs without a stochastic backward pass must have learned something, or they
    // pin nothing interesting.
    for (name, input) in common::golden_configs() {
        let history = &actual[name];
        assert_eq!(history.len(), 4, "{name}: steps 0, 10, 20, 30");
        if input.stochastic_p.is_none() {
            assert!(history[3].test_loss < history[0].test_loss, "{name} did not learn: {history:?}");
        }
    }
}
