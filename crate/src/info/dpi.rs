//! The data-processing inequality between two layers. If Z is computed from Y (a later layer
//! from an earlier one), X → Y → Z is a Markov chain and I(X;Y) ≥ I(X;Z). The measured
//! quantities are of discretised codes, though, and Z's code is not a function of Y's code (two
//! activities in the same bins of Y can land in different bins of Z), so the inequality can
//! fail for the estimates: this check reports whether it held.

use serde::{Deserialize, Serialize};

use super::layer::LayerInfo;

/// I(X;Y) may fall short of I(X;Z) by this much and still count as ≥ (rounding).
pub const DPI_TOLERANCE_BITS: f64 = 1e-9;

/// I(X;Y) and I(X;Z) of two layers, and whether I(X;Y) ≥ I(X;Z).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DataProcessingCheck {
    pub i_x_y_bits: f64,
    pub i_x_z_bits: f64,
    pub holds: bool,
}

/// The check for Y (an earlier layer) and Z (a later one), measured on the same samples.
pub fn data_processing_check(y: &LayerInfo, z: &LayerInfo) -> DataProcessingCheck {
    DataProcessingCheck {
        i_x_y_bits: y.i_x_t_bits,
        i_x_z_bits: z.i_x_t_bits,
        holds: y.i_x_t_bits >= z.i_x_t_bits - DPI_TOLERANCE_BITS,
    }
}

/// The check for each consecutive pair of layers, input side first (one fewer than `layers`).
pub fn data_processing_checks(layers: &[LayerInfo]) -> Vec<DataProcessingCheck> {
    layers.windows(2).map(|pair| data_processing_check(&pair[0], &pair[1])).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Activation;
    use crate::info::{layer_info, DataVariables, InfoSettings, LayerKind};

    #[test]
    fn holds_for_a_coarsening_and_can_fail_for_discretised_codes() {
        let labels: Vec<u8> = (0..400).map(|i| (i % 10) as u8).collect();
        let vars = DataVariables::new(&labels, &vec![0; 400], 1).unwrap();
        let settings = InfoSettings::default();
        let sigmoid = LayerKind::Activated(Activation::Sigmoid);
        // Y: one-hot of the label; Z: whether the label is below 5 (a function of Y's code).
        let y_act: Vec<f32> = labels.iter().flat_map(|&x| (0..10).map(move |u| f32::from(u == x))).collect();
        let z_act: Vec<f32> = labels.iter().map(|&x| if x < 5 { 0.9 } else { 0.1 }).collect();
        let y = layer_info(&y_act, 10, sigmoid, settings, &vars).unwrap();
        let z = layer_info(&z_act, 1, sigmoid, settings, &vars).unwrap();
        let check = data_processing_check(&y, &z);
        assert!(check.holds, "{check:?}");
        assert!((check.i_x_y_bits - 10f64.log2()).abs() < 1e-12);
        assert!((check.i_x_z_bits - 1.0).abs() < 1e-12);
        // Y's activity is all below threshold (one code), but Z, computed from Y's continuous
        // activity, recovers the label: the estimates break the inequality.
        let y_act: Vec<f32> =
            labels.iter().flat_map(|&x| (0..10).map(move |u| if u == x { 0.4 } else { 0.3 })).collect();
        let y_faint = layer_info(&y_act, 10, sigmoid, settings, &vars).unwrap();
        let z_act: Vec<f32> = y_act.iter().map(|a| (a - 0.3) * 10.0).collect();
        let z_sharp = layer_info(&z_act, 10, sigmoid, settings, &vars).unwrap();
        let check = data_processing_check(&y_faint, &z_sharp);
        assert!(!check.holds, "{check:?}");
        assert_eq!(check.i_x_y_bits, 0.0);
        let all = data_processing_checks(&[y, z, y_faint, z_sharp]);
        assert_eq!(all.iter().map(|c| c.holds).collect::<Vec<_>>(), [true, true, false]);
    }
}
