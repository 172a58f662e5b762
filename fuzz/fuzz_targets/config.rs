//! Any text, as a config object (JSON, as the page and config files give it) or as CLI flag
//! values: an error naming a field, or a config that passes validation; never a panic.
#![no_main]

use brainlab::cli::parse_args;
use brainlab::ConfigInput;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(serde_json::Value::Object(fields)) = serde_json::from_str::<serde_json::Value>(text) {
        let mut input = ConfigInput::default();
        let all_set = fields.into_iter().all(|(k, v)| input.set(&k, v).is_ok());
        if all_set {
            if let Ok(config) = input.resolve() {
                config.validate().expect("a resolved config is valid");
                let _ = brainlab::experiment::check_memory(&config, 784, 10_000);
            }
        }
    }
    let args: Vec<String> = text.split_whitespace().map(String::from).collect();
    if let Ok(brainlab::cli::Command::Train { config, .. }) = parse_args(&args) {
        let _ = config.resolve();
    }
});
