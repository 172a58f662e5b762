//! Mini-batch order: a fresh random permutation of the training subset each epoch (rand's
//! shuffle over the run's `Batches` stream), cut into consecutive batches; a batch that runs
//! past the end continues into the next permutation.

use crate::rng::{Rng, Stream};

pub struct BatchSampler {
    rng: Rng,
    order: Vec<usize>,
    next: usize,
    batch: Vec<usize>,
}

impl BatchSampler {
    pub fn new(seed: u32, train_size: usize, batch_size: usize) -> Self {
        let mut rng = Rng::new(seed, Stream::Batches);
        let mut order: Vec<usize> = (0..train_size).collect();
        rng.shuffle(&mut order);
        Self { rng, order, next: 0, batch: vec![0; batch_size] }
    }

    /// The indices of the next batch.
    pub fn next_batch(&mut self) -> &[usize] {
        for slot in 0..self.batch.len() {
            if self.next == self.order.len() {
                self.rng.shuffle(&mut self.order);
                self.next = 0;
            }
            self.batch[slot] = self.order[self.next];
            self.next += 1;
        }
        &self.batch
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_epoch_visits_every_index_once() {
        let mut s = BatchSampler::new(1, 10, 5);
        let mut seen: Vec<usize> = s.next_batch().to_vec();
        seen.extend_from_slice(s.next_batch());
        seen.sort_unstable();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn batches_cross_epochs() {
        let mut s = BatchSampler::new(2, 5, 3);
        let a = s.next_batch().to_vec();
        let b = s.next_batch().to_vec();
        assert!(a.iter().chain(&b).all(|&i| i < 5));
        let firsts: std::collections::HashSet<usize> = a.iter().chain(&b[..2]).copied().collect();
        assert_eq!(firsts.len(), 5, "the first 5 draws are one permutation");
    }
}
