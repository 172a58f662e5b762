//! The memory budget of one run: about how many bytes it allocates, and the refusal of a config
//! that would take more than [`MAX_RUN_BYTES`].

use super::{Config, MAX_RUN_BYTES};
use crate::error::ConfigError;

impl Config {
    /// About how many bytes a run of this config takes, for images of `input_len` pixels, 10
    /// outputs and `test_len` test images: weights and their working copies (gradient,
    /// feedback, snapshot, probe), the batch buffers, and the evaluation's kept activity.
    /// Returns (bytes for the weights, bytes for batch and evaluation buffers).
    pub fn memory_bytes(&self, input_len: usize, test_len: usize) -> (u64, u64) {
        let sizes = self.layer_sizes(input_len, self.outputs(input_len));
        let weights: u64 = sizes.windows(2).map(|p| (p[0] * p[1]) as u64).sum();
        let units: u64 = sizes[1..].iter().map(|&n| n as u64).sum();
        let f32_bytes = 4;
        let weight_bytes = weights * 5 * f32_bytes;
        let batch = self.batch_size as u64;
        let buffers = (batch * (3 * units + input_len as u64) + test_len as u64 * units + 500 * (units + input_len as u64))
            * f32_bytes
            + self.train_size as u64 * 8;
        (weight_bytes, buffers)
    }

    /// Refuses a config whose run would take more than [`MAX_RUN_BYTES`] (see
    /// [`Config::memory_bytes`]), naming the field that weighs most.
    pub fn check_memory(&self, input_len: usize, test_len: usize) -> Result<(), ConfigError> {
        let (weights, buffers) = self.memory_bytes(input_len, test_len);
        let total = weights + buffers;
        if total <= MAX_RUN_BYTES {
            return Ok(());
        }
        let field = if weights >= buffers { "hidden" } else { "batch_size" };
        Err(ConfigError::new(
            field,
            format!(
                "this run would need about {} MB, more than the {} MB one run may use: use fewer or narrower hidden layers or a smaller batch",
                total >> 20,
                MAX_RUN_BYTES >> 20
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn memory_budget_names_what_weighs_most() {
        let fig2 = Config::default();
        assert!(fig2.check_memory(784, 10_000).is_ok());
        let (w, b) = fig2.memory_bytes(784, 10_000);
        assert!(w + b < 16 << 20, "the coursework network is small: {} bytes", w + b);
        let wide = Config { hidden: vec![4096, 4096, 4096], ..Config::default() };
        assert_eq!(wide.check_memory(784, 10_000).unwrap_err().field, "hidden");
        let big_batch = Config { hidden: vec![2000], batch_size: 10_000, train_size: 60_000, ..Config::default() };
        assert_eq!(big_batch.check_memory(784, 10_000).unwrap_err().field, "batch_size");
    }
}
