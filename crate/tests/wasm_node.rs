//! The JS API in Node: `wasm-pack test --node crate --test wasm_node`.
#![cfg(target_arch = "wasm32")]

mod common;

wasm_api_tests!();
