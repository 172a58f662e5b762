//! The native CLI `brainlab`; see `brainlab help`. All of it lives in `brainlab::cli`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    brainlab::cli::run(&args)
}

/// The CLI has no meaning in wasm32; this keeps `cargo test --target wasm32-unknown-unknown`
/// building.
#[cfg(target_arch = "wasm32")]
fn main() {}
