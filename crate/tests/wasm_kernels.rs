//! The matrix kernels and the vector sigmoid in a real browser, against the plain loops they
//! replace (bit for bit) and a reference multiply (to tolerance): the same cases as the native
//! unit tests (`src/nn/kernels/cases.rs`), run on wasm simd128.
//! `wasm-pack test --headless --chrome crate --test wasm_kernels` (and `--firefox`, `--node`).
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[allow(dead_code)]
mod cases {
    use brainlab::nn::kernels::{dot, matmul, matmul_a_bt, matmul_at_b};
    use brainlab::Activation;
    include!("../src/nn/kernels/cases.rs");
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn products_match_the_plain_loops_bit_for_bit() {
    cases::products_match_the_plain_loops_bit_for_bit();
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn products_agree_with_a_reference_multiply() {
    cases::products_agree_with_a_reference_multiply();
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn sigmoid_matches_the_scalar_formula() {
    cases::sigmoid_matches_the_scalar_formula();
}

#[wasm_bindgen_test::wasm_bindgen_test]
fn dot_handles_tails() {
    cases::dot_handles_tails();
}
