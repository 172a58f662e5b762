//! The memory budget of one run: what it allocates, summed from what each owner says it
//! allocates (the network, the trainer, the rule, the optimizer, the diagnostics, the evaluator, the batch
//! sampler), and the refusal of a config that would take more than [`MAX_RUN_BYTES`].

use super::{BatchSampler, DiagnosticSums, Evaluator};
use crate::config::{Config, MAX_RUN_BYTES};
use crate::error::ConfigError;
use crate::nn::optimizer::OptimizerState;
use crate::nn::{Mlp, Trainer};


/// What a run allocates, as each owner counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryBytes {
    /// Growing with the weights: the network, its gradients, the rule's state, the optimizer's
    /// state (one copy of the gradients for momentum, two for Adam), the diagnostics' snapshot of the weights and the probe's copy of the hidden layers' updates.
    pub weights: u64,
    /// Growing with the batch, the test set and the training set: the trainer's batch buffers,
    /// the evaluator's (a chunk and the kept activity) and the batch sampler.
    pub buffers: u64,
}

impl MemoryBytes {
    pub fn total(self) -> u64 {
        self.weights + self.buffers
    }
}

/// The bytes a run of `config` allocates for images of `input_len` pixels and `test_len` test
/// images, summed from what each part says it allocates.
pub fn memory_bytes(config: &Config, input_len: usize, test_len: usize) -> MemoryBytes {
    let sizes = config.layer_sizes(input_len, config.outputs(input_len));
    let hidden = &sizes[..sizes.len() - 1];
    let probe = (hidden.windows(2).map(|p| p[0] * p[1]).sum::<usize>() * size_of::<f32>()) as u64;
    MemoryBytes {
        weights: Mlp::bytes(&sizes, config.bias)
            + Trainer::gradient_bytes(&sizes)
            + config.rule.state_bytes(&sizes)
            + OptimizerState::bytes(config.optimizer, &sizes)
            + DiagnosticSums::bytes(&sizes)
            + probe,
        buffers: Trainer::buffer_bytes(&sizes, config.batch_size)
            + Evaluator::bytes(&sizes, test_len)
            + BatchSampler::bytes(config.train_size, config.batch_size),
    }
}

/// Refuses a config whose run would take more than [`MAX_RUN_BYTES`] (see [`memory_bytes`]),
/// naming the field that weighs most: `hidden` when the weights do, else `batch_size`.
pub fn check_memory(config: &Config, input_len: usize, test_len: usize) -> Result<(), ConfigError> {
    let m = memory_bytes(config, input_len, test_len);
    if m.total() <= MAX_RUN_BYTES {
        return Ok(());
    }
    let field = if m.weights >= m.buffers { "hidden" } else { "batch_size" };
    Err(ConfigError::new(
        field,
        format!(
            "this run would need about {} MB, more than the {} MB one run may use: use fewer or narrower hidden layers or a smaller batch",
            m.total() >> 20,
            MAX_RUN_BYTES >> 20
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::optimizer::Optimizer;

    #[test]
    fn memory_budget_names_what_weighs_most() {
        let fig2 = Config::default();
        assert!(check_memory(&fig2, 784, 10_000).is_ok());
        let wide = Config { hidden: vec![4096, 4096, 4096], ..Config::default() };
        assert_eq!(check_memory(&wide, 784, 10_000).unwrap_err().field, "hidden");
        let big_batch = Config { hidden: vec![2000], batch_size: 10_000, train_size: 60_000, ..Config::default() };
        assert_eq!(check_memory(&big_batch, 784, 10_000).unwrap_err().field, "batch_size");
    }

    #[test]
    fn memory_is_the_sum_of_the_parts_and_grows_with_what_it_should() {
        let fig2 = Config::default();
        let m = memory_bytes(&fig2, 784, 10_000);
        assert!(m.total() < 16 << 20, "the coursework network is small: {} bytes", m.total());
        // 784-120-10 without biases: W1 (94,080 floats) four times (network, gradient, snapshot,
        // probe), W2 (1,200) three times, the gradient's 130 biases, no state under backprop.
        assert_eq!(m.weights, 4 * (4 * 94_080 + 3 * 1_200 + 130));
        // The runs config's budget refuses, and the part that weighs most in each.
        let limit = crate::config::MAX_RUN_BYTES;
        let wide = memory_bytes(&Config { hidden: vec![4096, 4096, 4096], ..fig2.clone() }, 784, 10_000);
        assert!(wide.total() > limit && wide.weights > wide.buffers, "{wide:?}");
        let big_batch = Config { hidden: vec![2000], batch_size: 10_000, train_size: 60_000, ..fig2.clone() };
        let big_batch = memory_bytes(&big_batch, 784, 10_000);
        assert!(big_batch.total() > limit && big_batch.buffers > big_batch.weights, "{big_batch:?}");
        let fa = memory_bytes(&Config { rule: crate::nn::rules::Rule::FeedbackAlignment, ..fig2.clone() }, 784, 10_000);
        assert_eq!(fa.weights - m.weights, 4 * 1_200, "B2 is 120×10");
        // The optimizer's state: a copy of the gradients (weights and every bias) per moment.
        let gradients = 4 * (94_080 + 1_200 + 130);
        for (optimizer, copies) in [(Optimizer::Momentum, 1), (Optimizer::Adam, 2)] {
            let with = memory_bytes(&Config { optimizer, ..fig2.clone() }, 784, 10_000);
            assert_eq!(with.weights - m.weights, copies * gradients, "{optimizer:?}");
        }
    }
}
