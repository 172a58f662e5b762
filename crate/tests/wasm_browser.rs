//! The JS API in real browsers:
//! `wasm-pack test --headless --chrome crate --test wasm_browser` (and `--firefox`).
#![cfg(target_arch = "wasm32")]

mod common;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

wasm_api_tests!();
