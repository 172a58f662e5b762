//! Equal-width histograms of per-unit or per-image values (selectivity, sparseness), so a
//! layer's distribution can be shown and stored at every evaluation.

use super::error::AnalysisError;

/// Counts of values in `bins` equal-width bins over [lo, hi]: bin k holds
/// lo + k·w ≤ v < lo + (k+1)·w with w = (hi − lo)/bins; the last bin also holds v = hi.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u32>,
}

/// The histogram of `values`, each of which must lie in [lo, hi]; `bins` ≥ 1, lo < hi.
pub fn histogram(values: &[f64], lo: f64, hi: f64, bins: usize) -> Result<Histogram, AnalysisError> {
    let op = "histogram";
    if bins == 0 {
        return Err(AnalysisError::TooFew { op, what: "the bin count", found: 0, needed: 1 });
    }
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(AnalysisError::BadRange { op, lo, hi });
    }
    if values.len() > u32::MAX as usize {
        return Err(AnalysisError::TooMany { op, what: "values", found: values.len(), max: u32::MAX as usize });
    }
    let mut counts = vec![0u32; bins];
    for &v in values {
        if !(lo..=hi).contains(&v) {
            return Err(AnalysisError::OutsideRange { op, what: "value", value: v, lo, hi });
        }
        let k = libm::floor((v - lo) / (hi - lo) * bins as f64) as usize;
        counts[k.min(bins - 1)] += 1;
    }
    Ok(Histogram { lo, hi, counts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_bin_including_both_ends() {
        let h = histogram(&[0.0, 0.05, 0.1, 0.25, 0.99, 1.0, 1.0], 0.0, 1.0, 10).unwrap();
        assert_eq!(h.counts, vec![2, 1, 1, 0, 0, 0, 0, 0, 0, 3]);
        assert_eq!(h.counts.iter().sum::<u32>(), 7);
        assert!(matches!(histogram(&[1.5], 0.0, 1.0, 4), Err(AnalysisError::OutsideRange { .. })));
        assert!(matches!(histogram(&[f64::NAN], 0.0, 1.0, 4), Err(AnalysisError::OutsideRange { .. })));
        assert!(matches!(histogram(&[0.5], 0.0, 1.0, 0), Err(AnalysisError::TooFew { .. })));
        assert!(matches!(histogram(&[0.5], 1.0, 1.0, 3), Err(AnalysisError::BadRange { .. })));
    }
}
